//! Diffs of hand-made model pairs, one kind of change at a time, and their consequences.

use super::*;
use crate::model::{
    Answer, Boundary, BoundaryId, BoundaryKind, Decision, Element, ElementId, Flow, FlowId, Point, Rect, ThreatStatus,
};
use crate::threats::{Catalogue, analyze};

/// An API, a function and a table in the cloud account, the table in a VPC.
pub(super) fn base() -> ThreatModel {
    let mut model = ThreatModel::new("Shop");
    for (id, kind, name, at) in [
        ("e1", "api_gateway", "API", Point::new(100.0, 100.0)),
        ("e2", "function", "Checkout", Point::new(400.0, 100.0)),
        ("e3", "database", "Orders", Point::new(700.0, 100.0)),
    ] {
        model.elements.push(Element::new(ElementId::new(id), kind, name));
        model.layout.elements.insert(ElementId::new(id), at);
    }
    model.flows.push(Flow::new(FlowId::new("f1"), ElementId::new("e1"), ElementId::new("e2"), "orders"));
    model.flows.push(Flow::new(FlowId::new("f2"), ElementId::new("e2"), ElementId::new("e3"), "writes"));
    for (id, kind, name, rect) in [
        ("b1", BoundaryKind::CloudAccount, "Cloud account", Rect::new(0.0, 0.0, 1000.0, 400.0)),
        ("b2", BoundaryKind::PrivateNetwork, "VPC", Rect::new(600.0, 20.0, 300.0, 200.0)),
    ] {
        model.boundaries.push(Boundary { id: BoundaryId::new(id), kind, name: name.to_owned() });
        model.layout.boundaries.insert(BoundaryId::new(id), rect);
    }
    model
}

/// Deletes an element with its place and flows, as the Delete command does.
fn delete_element(model: &mut ThreatModel, id: &ElementId) {
    model.elements.retain(|e| &e.id != id);
    model.layout.elements.remove(id);
    model.flows.retain(|f| !f.touches(id));
}

pub(super) fn element<'m>(model: &'m mut ThreatModel, id: &str) -> &'m mut Element {
    model.elements.iter_mut().find(|e| e.id.as_str() == id).unwrap()
}

#[test]
fn the_same_model_and_a_moved_card_are_no_change() {
    let before = base();
    assert!(diff(&before, &before).is_empty());
    let mut after = before.clone();
    after.layout.elements.insert(ElementId::new("e1"), Point::new(120.0, 140.0));
    let changes = diff(&before, &after);
    assert!(changes.is_empty(), "layout only: {changes:?}");
    assert_eq!(changes.moved, 1);
    assert_eq!(describe(&changes), ["Layout: 1 part moved on the canvas"]);
}

#[test]
fn renames_answers_kinds_and_boundary_moves_are_changes_of_the_same_element() {
    let before = base();
    let mut after = before.clone();
    element(&mut after, "e2").name = "Pay".to_owned();
    element(&mut after, "e2").set_answer("secrets_in_env", Some(Answer::Yes));
    element(&mut after, "e3").kind = "object_storage".to_owned();
    element(&mut after, "e3").critical = true;
    // The table moves out of the VPC, still in the cloud account.
    after.layout.elements.insert(ElementId::new("e3"), Point::new(500.0, 300.0));
    let changes = diff(&before, &after);
    assert!(changes.flows.is_empty() && changes.boundaries.is_empty(), "ids are identity: {changes:?}");
    let lines = describe(&changes);
    for expected in [
        "Element Pay: renamed (was Checkout)",
        "Element Pay: \"Keeps secrets in environment variables\" unknown → Yes",
        "Element Orders: kind Database → Object storage",
        "Element Orders: now a critical asset",
        "Element Orders: moved out of VPC",
    ] {
        assert!(lines.iter().any(|l| l == expected), "{expected} in {lines:#?}");
    }
    assert_eq!(changes.moved, 0, "a move that changes membership is listed, not counted");
}

#[test]
fn added_removed_and_repointed_flows_and_parts() {
    let before = base();
    let mut after = before.clone();
    after.elements.retain(|e| e.id.as_str() != "e1");
    after.flows.retain(|f| f.id.as_str() != "f1");
    after.elements.push(Element::new(ElementId::new("e4"), "queue", "Jobs"));
    after.flows[0].to = ElementId::new("e4");
    after.flows[0].protocol = "HTTPS".to_owned();
    after.boundaries[1].name = "Private network".to_owned();
    let lines = describe(&diff(&before, &after));
    for expected in [
        "Element added: Jobs",
        "Element removed: API",
        "Flow removed: orders (API → Checkout)",
        "Flow writes (Checkout → Jobs): now Checkout → Jobs (was Checkout → Orders)",
        "Flow writes (Checkout → Jobs): Protocol  → HTTPS",
        "Boundary Private network: renamed (was VPC)",
    ] {
        assert!(lines.iter().any(|l| l == expected), "{expected} in {lines:#?}");
    }
}

#[test]
fn decisions_own_threats_and_settings() {
    let before = base();
    let mut after = before.clone();
    let decision = Decision {
        status: ThreatStatus::Accepted,
        reason: "Low traffic".to_owned(),
        owner: "Ana".to_owned(),
        ..Decision::default()
    };
    after.decisions.insert("some-rule@e2".to_owned(), decision);
    let own = after.new_own_threat(
        &crate::model::Target::Element(ElementId::new("e3")),
        "Backups leak",
        crate::model::Stride::InformationDisclosure,
    );
    after.own_threats.push(own);
    after.description = "Sells shoes".to_owned();
    after.review.next = "2027-01-15".to_owned();
    let lines = describe(&diff(&before, &after));
    for expected in [
        "What the app does: (none) → \"Sells shoes\"",
        "Next review: (none) → \"2027-01-15\"",
        "Own threat added: Backups leak",
        "Decision on some-rule@e2: Status Open → Accepted; Reason none → Low traffic; Owner none → Ana",
    ] {
        assert!(lines.iter().any(|l| l == expected), "{expected} in {lines:#?}");
    }
    // Back again: every change reverses.
    let back = describe(&diff(&after, &before));
    assert!(back.iter().any(|l| l == "Own threat removed: Backups leak"), "{back:#?}");
}

#[test]
fn consequences_come_from_the_engine_on_both_sides() {
    let before = base();
    let mut after = before.clone();
    // Stating that the function keeps no secrets in its environment answers that question:
    // the suggestion it raised goes.
    element(&mut after, "e2").set_answer("secrets_in_env", Some(Answer::No));
    let catalogue = Catalogue::builtin();
    let (old, new) = (analyze(&before, catalogue), analyze(&after, catalogue));
    let result = consequences((&before, &old), (&after, &new));
    let said = describe_consequences(&result).join("\n");
    assert!(!result.is_empty(), "an answer that matters changes the threats");
    assert!(result.gone.iter().any(|t| t.on == "Checkout"), "{said}");
    assert!(said.contains("Gone threat ("), "{said}");
    assert!(said.contains("Open threats: "), "{said}");
    // Nothing changed, nothing follows.
    let same = consequences((&before, &old), (&before, &old));
    assert!(same.is_empty() && describe_consequences(&same).is_empty());
}

mod merging {
    use super::*;
    use crate::changes::{merge, resolve};

    fn answer(model: &ThreatModel, id: &str, question: &str) -> Option<String> {
        model.elements.iter().find(|e| e.id.as_str() == id)?.answer(question).map(|a| a.to_string())
    }

    #[test]
    fn changes_to_different_parts_merge_cleanly_either_way() {
        let base = base();
        let mut ours = base.clone();
        element(&mut ours, "e1").name = "Public API".to_owned();
        ours.decisions.insert("r@e2".to_owned(), Decision { status: ThreatStatus::Mitigated, ..Decision::default() });
        let mut theirs = base.clone();
        element(&mut theirs, "e2").set_answer("authorizer", Some(Answer::choice("jwt")));
        theirs.decisions.insert("r@e2".to_owned(), Decision { owner: "Ana".to_owned(), ..Decision::default() });
        theirs.layout.elements.insert(ElementId::new("e3"), Point::new(720.0, 120.0));
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts, 0, "{:?}", merged.model.conflicts);
        let model = &merged.model;
        assert_eq!(model.elements[0].name, "Public API");
        assert_eq!(answer(model, "e2", "authorizer").as_deref(), Some("jwt"));
        let decision = &model.decisions["r@e2"];
        assert_eq!((decision.status, decision.owner.as_str()), (ThreatStatus::Mitigated, "Ana"));
        assert_eq!(model.layout.elements[&ElementId::new("e3")], Point::new(720.0, 120.0), "their move");
        let other_way = merge(&base, &theirs, &ours);
        assert!(diff(&merged.model, &other_way.model).is_empty(), "symmetric when nothing conflicts");
    }

    #[test]
    fn the_same_answer_changed_differently_is_a_conflict_resolved_one_way_or_the_other() {
        let base = base();
        let mut ours = base.clone();
        element(&mut ours, "e1").set_answer("authorizer", Some(Answer::choice("jwt")));
        let mut theirs = base.clone();
        element(&mut theirs, "e1").set_answer("authorizer", Some(Answer::choice("iam")));
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts, 1);
        let conflict = &merged.model.conflicts[0];
        assert_eq!(
            (conflict.part, conflict.id.as_str(), conflict.field.as_str()),
            (crate::model::ConflictPart::Element, "e1", "properties.authorizer")
        );
        assert_eq!(answer(&merged.model, "e1", "authorizer").as_deref(), Some("jwt"), "ours until decided");
        let mut mine = merged.model.clone();
        resolve(&mut mine, 0, false).unwrap();
        assert_eq!((answer(&mine, "e1", "authorizer").as_deref(), mine.conflicts.len()), (Some("jwt"), 0));
        let mut taken = merged.model.clone();
        resolve(&mut taken, 0, true).unwrap();
        assert_eq!((answer(&taken, "e1", "authorizer").as_deref(), taken.conflicts.len()), (Some("iam"), 0));
        // The merged file round-trips with its conflict.
        let text = crate::io::to_ron(&merged.model).unwrap();
        let read = crate::io::parse_model(&text, std::path::Path::new("merged.ron")).unwrap().model;
        assert_eq!(read.conflicts, merged.model.conflicts);
    }

    #[test]
    fn deleting_what_the_other_changed_keeps_both_until_someone_chooses() {
        let base = base();
        let mut ours = base.clone();
        ours.elements.retain(|e| e.id.as_str() != "e3");
        ours.flows.retain(|f| f.to.as_str() != "e3");
        let mut theirs = base.clone();
        element(&mut theirs, "e3").name = "Orders table".to_owned();
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts, 1, "{:?}", merged.model.conflicts);
        assert!(merged.model.conflicts[0].about.contains("we deleted it, they changed it"));
        assert!(merged.model.elements.iter().all(|e| e.id.as_str() != "e3"));
        let mut taken = merged.model.clone();
        resolve(&mut taken, 0, true).unwrap();
        let back = taken.elements.iter().find(|e| e.id.as_str() == "e3").expect("theirs taken");
        assert_eq!(back.name, "Orders table");
        assert_eq!(taken.layout.elements.get(&back.id), Some(&Point::new(700.0, 100.0)), "where it was");
    }

    #[test]
    fn both_sides_adding_the_next_id_keeps_both_parts() {
        let base = base();
        let mut ours = base.clone();
        ours.elements.push(Element::new(ElementId::new("e4"), "queue", "Jobs"));
        ours.layout.elements.insert(ElementId::new("e4"), Point::new(100.0, 300.0));
        let mut theirs = base.clone();
        theirs.elements.push(Element::new(ElementId::new("e4"), "secrets_store", "Keys"));
        theirs.layout.elements.insert(ElementId::new("e4"), Point::new(400.0, 300.0));
        theirs.flows.push(Flow::new(FlowId::new("f3"), ElementId::new("e2"), ElementId::new("e4"), "reads"));
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts, 0, "{:?}", merged.model.conflicts);
        let model = &merged.model;
        let keys = model.elements.iter().find(|e| e.name == "Keys").expect("theirs kept under a new id");
        assert_ne!(keys.id.as_str(), "e4");
        assert_eq!(model.layout.elements.get(&keys.id), Some(&Point::new(400.0, 300.0)));
        assert!(model.flows.iter().any(|f| f.label == "reads" && f.to == keys.id), "their flow follows");
        assert!(model.elements.iter().any(|e| e.name == "Jobs" && e.id.as_str() == "e4"));
        assert!(model.errors().is_empty(), "{:?}", model.errors());
    }

    #[test]
    fn settings_conflict_and_reviews_from_both_sides_are_kept() {
        let base = base();
        let mut ours = base.clone();
        ours.description = "Sells shoes".to_owned();
        ours.review.log.push(crate::model::ReviewEntry {
            date: "2026-11-02".into(),
            who: "Ana".into(),
            summary: "ok".into(),
        });
        let mut theirs = base.clone();
        theirs.description = "Sells boots".to_owned();
        theirs.review.log.push(crate::model::ReviewEntry {
            date: "2026-11-01".into(),
            who: "Bo".into(),
            summary: "ok".into(),
        });
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts, 1);
        assert_eq!(merged.model.conflicts[0].field, "description");
        assert_eq!(merged.model.review.log.len(), 2);
        let mut taken = merged.model.clone();
        resolve(&mut taken, 0, true).unwrap();
        assert_eq!(taken.description, "Sells boots");
    }

    #[test]
    fn the_state_of_the_latest_review_either_side_logged_is_kept() {
        let base = base();
        let state = |date: &str| Some(crate::model::ReviewedState { date: date.into(), ..Default::default() });
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.review.reviewed = state("2026-11-02");
        theirs.review.reviewed = state("2026-11-20");
        let date = |m: &ThreatModel| m.review.reviewed.as_ref().map(|r| r.date.clone());
        assert_eq!(date(&merge(&base, &ours, &theirs).model).as_deref(), Some("2026-11-20"));
        assert_eq!(date(&merge(&base, &theirs, &ours).model).as_deref(), Some("2026-11-20"));
        // Only theirs logged one: it is kept; only ours: it stays.
        assert_eq!(date(&merge(&base, &base, &theirs).model).as_deref(), Some("2026-11-20"));
        assert_eq!(date(&merge(&base, &ours, &base).model).as_deref(), Some("2026-11-02"));
    }

    #[test]
    fn the_same_decision_changed_differently_takes_theirs_field_by_field() {
        let base = base();
        let (mut ours, mut theirs) = (base.clone(), base.clone());
        ours.decisions.insert("r@e2".to_owned(), Decision { status: ThreatStatus::Mitigated, ..Decision::default() });
        let accepted = Decision { status: ThreatStatus::Accepted, reason: "Rare".to_owned(), ..Decision::default() };
        theirs.decisions.insert("r@e2".to_owned(), accepted);
        let mut merged = merge(&base, &ours, &theirs).model;
        assert_eq!(merged.conflicts.len(), 1, "the status; their reason merges cleanly: {:?}", merged.conflicts);
        assert_eq!(merged.decisions["r@e2"].reason, "Rare");
        resolve(&mut merged, 0, true).unwrap();
        assert_eq!(merged.decisions["r@e2"].status, ThreatStatus::Accepted);
    }

    #[test]
    fn both_sides_adding_the_next_own_threat_and_flow_keep_both_with_their_decisions() {
        // Both branches number from the same model: both add own-1 and f3. Their own threat was
        // dropped, and the decision on their renamed flow stayed on ours.
        let base = base();
        let on_checkout = crate::model::Target::Element(ElementId::new("e2"));
        let mut ours = base.clone();
        let replay = ours.new_own_threat(&on_checkout, "Replay", crate::model::Stride::Spoofing);
        ours.own_threats.push(replay);
        ours.flows.push(Flow::new(FlowId::new("f3"), ElementId::new("e1"), ElementId::new("e3"), "audit"));
        let mut theirs = base.clone();
        let leak = theirs.new_own_threat(&on_checkout, "Leaked keys", crate::model::Stride::InformationDisclosure);
        let mitigated = Decision { status: ThreatStatus::Mitigated, ..Decision::default() };
        theirs.decisions.insert(format!("{}@e2", leak.id), mitigated);
        theirs.own_threats.push(leak);
        theirs.flows.push(Flow::new(FlowId::new("f3"), ElementId::new("e3"), ElementId::new("e1"), "export"));
        theirs.decisions.insert("r@f3".to_owned(), Decision { owner: "Bo".to_owned(), ..Decision::default() });
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts, 0, "{:?}", merged.model.conflicts);
        let model = &merged.model;
        assert!(model.own_threats.iter().any(|t| t.title == "Replay" && t.id == "own-1"));
        let leak = model.own_threats.iter().find(|t| t.title == "Leaked keys").expect("their own threat kept");
        assert_ne!(leak.id, "own-1");
        assert_eq!(model.decisions[&format!("{}@e2", leak.id)].status, ThreatStatus::Mitigated, "follows their threat");
        assert!(!model.decisions.contains_key("own-1@e2"), "not on our threat");
        let export = model.flows.iter().find(|f| f.label == "export").expect("their flow kept");
        assert_ne!(export.id.as_str(), "f3");
        assert_eq!(model.decisions[&format!("r@{}", export.id)].owner, "Bo", "follows their flow");
        assert!(!model.decisions.contains_key("r@f3"), "not on our flow");
    }

    #[test]
    fn a_flow_drawn_to_an_element_the_other_side_deleted_conflicts_on_both() {
        use crate::model::ConflictPart;
        // Their flow to an element we deleted was put back pointing at nothing when taken (a
        // file that no longer loads), and our flow to an element they deleted was kept as
        // theirs, with the two sides reversed.
        let base = base();
        let api = ElementId::new("e1");
        let mut ours = base.clone();
        delete_element(&mut ours, &api);
        let mut theirs = base.clone();
        theirs.flows.push(Flow::new(FlowId::new("f3"), api.clone(), ElementId::new("e3"), "reports"));
        let merged = merge(&base, &ours, &theirs).model;
        let said = |m: &ThreatModel| -> Vec<(ConflictPart, String, bool, bool)> {
            m.conflicts.iter().map(|c| (c.part, c.id.clone(), c.ours.is_some(), c.theirs.is_some())).collect()
        };
        let expected =
            [(ConflictPart::Element, "e1".to_owned(), false, true), (ConflictPart::Flow, "f3".to_owned(), false, true)];
        assert_eq!(said(&merged), expected, "the element first");
        assert!(merged.errors().is_empty() && merged.flow(&FlowId::new("f3")).is_none(), "ours applied");
        let mut alone = merged.clone();
        assert!(resolve(&mut alone, 1, true).is_err(), "their flow cannot come back without its end");
        let mut taken = merged.clone();
        resolve(&mut taken, 0, true).unwrap();
        resolve(&mut taken, 0, true).unwrap();
        assert!(taken.errors().is_empty(), "{:?}", taken.errors());
        assert!(taken.flow(&FlowId::new("f3")).is_some());
        assert_eq!(taken.layout.elements.get(&api), Some(&Point::new(100.0, 100.0)), "where it was");
        // The other way round: our flow keeps the element they deleted until theirs is taken.
        let swapped = merge(&base, &theirs, &ours).model;
        let expected =
            [(ConflictPart::Element, "e1".to_owned(), true, false), (ConflictPart::Flow, "f3".to_owned(), true, false)];
        assert_eq!(said(&swapped), expected);
        assert!(swapped.errors().is_empty() && swapped.flow(&FlowId::new("f3")).is_some());
        let mut gone = swapped.clone();
        resolve(&mut gone, 0, true).unwrap();
        assert!(gone.element(&api).is_none() && gone.flows.iter().all(|f| !f.touches(&api)));
    }

    #[test]
    fn boundaries_drawn_as_lines_and_the_next_boundary_id_from_both_sides_are_kept() {
        // Their line boundary came through without its line (a file that no longer loads), and
        // a boundary both added as b3 was theirs dropped.
        let base = base();
        let line = |x: f32| vec![Point::new(x, 0.0), Point::new(x, 400.0)];
        let mut ours = base.clone();
        ours.boundaries.push(Boundary { id: BoundaryId::new("b3"), kind: BoundaryKind::Internet, name: "Edge".into() });
        ours.layout.boundaries.insert(BoundaryId::new("b3"), Rect::new(0.0, 500.0, 200.0, 100.0));
        let mut theirs = base.clone();
        let wall = Boundary { id: BoundaryId::new("b3"), kind: BoundaryKind::ThirdParty, name: "Wall".into() };
        theirs.boundaries.push(wall);
        theirs.layout.boundary_lines.insert(BoundaryId::new("b3"), line(250.0));
        theirs.decisions.insert("r@b3".to_owned(), Decision { owner: "Bo".to_owned(), ..Decision::default() });
        let merged = merge(&base, &ours, &theirs);
        assert_eq!(merged.conflicts, 0, "{:?}", merged.model.conflicts);
        let model = &merged.model;
        assert!(model.errors().is_empty(), "{:?}", model.errors());
        assert!(model.boundaries.iter().any(|b| b.name == "Edge" && b.id.as_str() == "b3"));
        let wall = model.boundaries.iter().find(|b| b.name == "Wall").expect("their boundary kept");
        assert_ne!(wall.id.as_str(), "b3");
        assert_eq!(model.boundary_line(&wall.id), Some(line(250.0).as_slice()), "with its line");
        assert_eq!(model.decisions[&format!("r@{}", wall.id)].owner, "Bo", "their decision follows");
        // Their move of the line lands; a boundary they deleted leaves no line of ours behind.
        let drawn = merged.model.clone();
        let mut theirs = drawn.clone();
        theirs.layout.boundary_lines.insert(wall.id.clone(), line(300.0));
        let moved = merge(&drawn, &drawn, &theirs).model;
        assert_eq!(moved.boundary_line(&wall.id), Some(line(300.0).as_slice()));
        let mut theirs = drawn.clone();
        theirs.boundaries.retain(|b| b.id != wall.id);
        theirs.layout.boundary_lines.remove(&wall.id);
        let gone = merge(&drawn, &moved, &theirs).model;
        assert!(gone.boundary(&wall.id).is_none() && gone.layout.boundary_lines.is_empty());
        assert!(gone.validate().is_empty(), "{:?}", gone.validate());
    }

    #[test]
    fn a_flow_one_side_points_at_an_element_the_other_deleted_is_a_conflict() {
        // Both kept flow f2; we deleted e1 and changed f2, they re-pointed f2 to e1: the merge
        // dropped f2 altogether, our change with it, and kept only the mix of both as theirs.
        let base = base();
        let api = ElementId::new("e1");
        let mut ours = base.clone();
        delete_element(&mut ours, &api);
        ours.flows[0].protocol = "HTTPS".to_owned();
        let mut theirs = base.clone();
        theirs.flows[1].from = api.clone();
        let merged = merge(&base, &ours, &theirs).model;
        assert!(merged.errors().is_empty(), "{:?}", merged.errors());
        let ours_f2 = merged.flow(&FlowId::new("f2")).expect("ours applied");
        assert_eq!((ours_f2.from.as_str(), ours_f2.protocol.as_str()), ("e2", "HTTPS"));
        let about: Vec<(&str, bool, bool)> =
            merged.conflicts.iter().map(|c| (c.id.as_str(), c.ours.is_some(), c.theirs.is_some())).collect();
        assert_eq!(about, [("e1", false, true), ("f2", true, true)]);
        let mut taken = merged.clone();
        resolve(&mut taken, 0, true).unwrap();
        resolve(&mut taken, 0, true).unwrap();
        assert!(taken.errors().is_empty(), "{:?}", taken.errors());
        assert_eq!(taken.flow(&FlowId::new("f2")).map(|f| f.from.as_str()), Some("e1"), "theirs taken");
    }
}
