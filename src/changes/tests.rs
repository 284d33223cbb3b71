//! Diffs of hand-made model pairs, one kind of change at a time, and their consequences.

use super::*;
use crate::model::{
    Answer, Boundary, BoundaryId, BoundaryKind, Decision, Element, ElementId, Flow, FlowId, Point, Rect, ThreatStatus,
};
use crate::threats::{Catalogue, analyze};

/// An API, a function and a table in the cloud account, the table in a VPC.
fn base() -> ThreatModel {
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

fn element<'m>(model: &'m mut ThreatModel, id: &str) -> &'m mut Element {
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
