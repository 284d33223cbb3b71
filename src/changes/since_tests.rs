//! "Changes since last review" against the compact state a review records, and against a file.

use super::*;
use crate::model::{Answer, Decision, Element, ElementId, FlowId, Level, Point, Target, ThreatModel};
use crate::threats::{Catalogue, analyze};

fn analysed(model: &ThreatModel) -> crate::threats::Analysis {
    analyze(model, Catalogue::builtin())
}

fn reviewed(model: &ThreatModel) -> crate::model::ReviewedState {
    reviewed_state(model, &analysed(model), "2026-11-30")
}

fn since(before: &ThreatModel, after: &ThreatModel) -> ChangesSince {
    since_review(&reviewed(before), after, &analysed(after))
}

#[test]
fn nothing_changed_and_a_card_moved_within_its_boundary_are_no_change() {
    let model = super::tests::base();
    let changes = since(&model, &model);
    assert!(changes.is_empty(), "{:?}", changes.lines);
    assert_eq!(changes.against, "the review of 2026-11-30");
    let mut moved = model.clone();
    moved.layout.elements.insert(ElementId::new("e2"), Point::new(420.0, 140.0));
    assert!(since(&model, &moved).is_empty());
}

#[test]
fn added_changed_and_removed_parts_are_marked_and_listed() {
    let before = super::tests::base();
    let mut after = before.clone();
    after.elements.push(Element::new(ElementId::new("e4"), "queue", "Orders queue"));
    after.layout.elements.insert(ElementId::new("e4"), Point::new(400.0, 300.0));
    super::tests::element(&mut after, "e2").name = "Pay".to_owned();
    super::tests::element(&mut after, "e1").set_answer("authorizer", Some(Answer::No));
    after.flows.retain(|f| f.id.as_str() != "f2");
    // A removed element is shown where it stood at the review.
    let mut without = after.clone();
    without.elements.retain(|e| e.id.as_str() != "e1");
    let gone = since(&before, &without).removed.into_iter().find(|r| r.name == "API");
    assert_eq!(gone.and_then(|r| r.place), Some(Point::new(100.0, 100.0)));
    // Out of the VPC into the open cloud account: a change although only the card moved.
    after.layout.elements.insert(ElementId::new("e3"), Point::new(500.0, 300.0));
    let changes = since(&before, &after);
    let mark = |id: &str| changes.marks.get(&Target::Element(ElementId::new(id))).copied();
    assert_eq!(mark("e4"), Some(Mark::Added));
    assert_eq!(mark("e2"), Some(Mark::Changed));
    assert_eq!(mark("e1"), Some(Mark::Changed));
    assert_eq!(mark("e3"), Some(Mark::Changed));
    let removed = RemovedPart { target: Target::Flow(FlowId::new("f2")), name: "writes".into(), place: None };
    assert_eq!(changes.removed, vec![removed]);
    for line in ["Element added: Orders queue", "Element changed: Pay (was Checkout)", "Flow removed: writes"] {
        assert!(changes.lines.iter().any(|l| l == line), "{line} in {:?}", changes.lines);
    }
    // Threats on the removed flow are gone, named as the review saw them.
    assert!(changes.threats.gone.iter().any(|t| t.on == "writes"), "{:?}", changes.threats.gone);
    assert!(changes.threats.appeared.iter().any(|t| t.on == "Orders queue"));
}

#[test]
fn a_rating_or_status_changed_since_the_review_is_re_rated() {
    let before = super::tests::base();
    let analysis = analysed(&before);
    let threat = analysis.threats.first().expect("the sample has threats");
    let key = threat.key();
    let mut after = before.clone();
    let decision = Decision { likelihood: Some(Level::High), impact: Some(Level::High), ..Decision::default() };
    after.decisions.insert(key.clone(), decision);
    let changes = since(&before, &after);
    let rerated: Vec<_> = changes.threats.rerated.iter().filter(|r| r.key == key).collect();
    assert_eq!(rerated.len(), 1, "{:?}", changes.threats.rerated);
    // High likelihood and high impact make a critical risk.
    assert_eq!(rerated[0].after, "Critical");
    assert!(changes.lines.is_empty(), "a decision is not a part: {:?}", changes.lines);
}

#[test]
fn the_state_survives_the_file_and_compares_the_same() {
    let before = super::tests::base();
    let mut model = before.clone();
    model.review.reviewed = Some(reviewed(&before));
    let text = crate::io::to_ron(&model).expect("writes");
    let read = crate::io::parse_model(&text, std::path::Path::new("shop.ron")).expect("reads").model;
    assert_eq!(read.review.reviewed, model.review.reviewed);
}

#[test]
fn against_a_file_the_whole_diff_is_listed_and_removed_parts_named() {
    let before = super::tests::base();
    let mut after = before.clone();
    after.elements.retain(|e| e.id.as_str() != "e3");
    after.flows.retain(|f| f.id.as_str() != "f2");
    super::tests::element(&mut after, "e1").name = "Public API".to_owned();
    let changes = since_file("shop-v1.ron", (&before, &analysed(&before)), (&after, &analysed(&after)));
    assert_eq!(changes.against, "shop-v1.ron");
    assert_eq!(changes.marks.get(&Target::Element(ElementId::new("e1"))), Some(&Mark::Changed));
    let orders = changes.removed.iter().find(|r| r.name == "Orders").expect("the removed table is listed");
    assert_eq!(orders.place, Some(Point::new(700.0, 100.0)), "shown where it stood");
    assert!(!changes.lines.is_empty() && !changes.threats.gone.is_empty());
}
