//! Every edit can be undone: apply → undo → redo gives the same models, a new edit after undo
//! clears redo, typing in one field is one step, and a failed edit changes nothing.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use threatsketch::edit::{Command, Document, EditError, FlowCheck, Gesture, gesture_command};
use threatsketch::io::templates::Template;
use threatsketch::model::{
    Boundary, BoundaryId, BoundaryKind, DataClass, Element, ElementId, Flow, FlowId, Point, Rect, Target, ThreatModel,
    Tri,
};

fn sample() -> ThreatModel {
    Template::sample().model().unwrap()
}

/// One of every kind of command, each valid on the sample.
fn every_command() -> Vec<Command> {
    let e3 = ElementId::new("e3");
    let f1 = FlowId::new("f1");
    let b1 = BoundaryId::new("b1");
    vec![
        Command::AddElement {
            element: Element::new(ElementId::new("e9"), "queue", "Orders queue"),
            center: Point::new(900.0, 700.0),
        },
        Command::AddFlow {
            flow: Flow::new(FlowId::new("f9"), ElementId::new("e4"), ElementId::new("e1"), "Order status"),
        },
        Command::AddBoundary {
            boundary: Boundary { id: BoundaryId::new("b9"), kind: BoundaryKind::PrivateNetwork, name: "VPC".into() },
            rect: Rect::new(700.0, 350.0, 300.0, 150.0),
        },
        Command::Rename { target: Target::Element(e3.clone()), name: "Place order".into() },
        Command::Rename { target: Target::Flow(f1.clone()), name: "Basket".into() },
        Command::Rename { target: Target::Boundary(b1.clone()), name: "Public internet".into() },
        Command::SetModelName { name: "Shop".into() },
        Command::SetModelDescription { text: "Sells socks".into() },
        Command::SetElementDescription { id: e3.clone(), text: "Validates and stores".into() },
        Command::SetElementKind { id: e3.clone(), kind: "workflow".into() },
        Command::SetAnswer {
            target: Target::Element(e3.clone()),
            property: "least_privilege".into(),
            answer: Some(threatsketch::model::Answer::No),
        },
        Command::SetAnswer {
            target: Target::Flow(f1.clone()),
            property: "tls_minimum".into(),
            answer: Some(threatsketch::model::Answer::choice("tls1_2")),
        },
        Command::SetFlowProtocol { id: f1.clone(), protocol: "HTTP/2".into() },
        Command::SetFlowCheck { id: f1.clone(), check: FlowCheck::Authenticated, value: Tri::Yes },
        Command::SetFlowData { id: f1.clone(), class: DataClass::PaymentCard, carried: true },
        Command::ReverseFlow { id: f1 },
        Command::SetBoundaryKind { id: b1.clone(), kind: BoundaryKind::ThirdParty },
        Command::MoveElements {
            moves: vec![(e3.clone(), Point::new(10.0, 20.0)), (ElementId::new("e4"), Point::new(30.0, 40.0))],
        },
        Command::SetBoundaryRect { id: b1, rect: Rect::new(0.0, 0.0, 500.0, 400.0) },
        Command::SetThreatKept { key: "browser-no-csp@e1".into(), kept: true },
        Command::Delete { targets: vec![Target::Element(e3)] },
        Command::Batch {
            label: "Two things".into(),
            commands: vec![
                Command::SetModelName { name: "A".into() },
                Command::Delete { targets: vec![Target::Flow(FlowId::new("f5"))] },
            ],
        },
    ]
}

#[test]
fn every_command_undoes_and_redoes_exactly() {
    for command in every_command() {
        let label = command.label();
        let mut doc = Document::new(sample(), None);
        let before = doc.model().clone();
        assert!(doc.apply(command).unwrap(), "{label} changed nothing");
        let after = doc.model().clone();
        assert_ne!(before, after, "{label}");
        assert!(doc.undo(), "{label}");
        assert_eq!(doc.model(), &before, "undo of {label}");
        assert!(doc.redo(), "{label}");
        assert_eq!(doc.model(), &after, "redo of {label}");
        assert!(after.errors().is_empty(), "{label} left an invalid model: {:?}", after.errors());
    }
}

#[test]
fn a_long_session_undoes_back_to_the_start() {
    let mut doc = Document::new(sample(), None);
    let start = doc.model().clone();
    let mut states = vec![start.clone()];
    for command in every_command() {
        if doc.apply(command).unwrap_or(false) {
            states.push(doc.model().clone());
        }
    }
    for expected in states.iter().rev().skip(1) {
        assert!(doc.undo());
        assert_eq!(doc.model(), expected);
    }
    assert!(!doc.undo(), "nothing left to undo");
    for expected in states.iter().skip(1) {
        assert!(doc.redo());
        assert_eq!(doc.model(), expected);
    }
}

#[test]
fn a_new_edit_after_undo_clears_redo() {
    let mut doc = Document::new(sample(), None);
    doc.apply(Command::SetModelName { name: "One".into() }).unwrap();
    doc.end_typing();
    doc.apply(Command::SetModelDescription { text: "Two".into() }).unwrap();
    assert!(doc.undo());
    assert!(doc.history().redo_label().is_some());
    doc.apply(Command::ReverseFlow { id: FlowId::new("f1") }).unwrap();
    assert!(doc.history().redo_label().is_none());
    assert!(!doc.redo());
}

#[test]
fn typing_into_one_field_is_one_undo_step() {
    let mut doc = Document::new(sample(), None);
    let original = doc.model().name.clone();
    for name in ["S", "Sh", "Sho", "Shop"] {
        doc.apply(Command::SetModelName { name: name.into() }).unwrap();
    }
    assert_eq!(doc.history().undo_depth(), 1);
    doc.end_typing();
    doc.apply(Command::SetModelName { name: "Shop 2".into() }).unwrap();
    assert_eq!(doc.history().undo_depth(), 2);
    doc.undo();
    assert_eq!(doc.model().name, "Shop");
    doc.undo();
    assert_eq!(doc.model().name, original);
}

#[test]
fn typing_in_another_field_starts_a_new_step() {
    let mut doc = Document::new(sample(), None);
    doc.apply(Command::Rename { target: Target::Element(ElementId::new("e1")), name: "A".into() }).unwrap();
    doc.apply(Command::Rename { target: Target::Element(ElementId::new("e2")), name: "B".into() }).unwrap();
    assert_eq!(doc.history().undo_depth(), 2);
}

#[test]
fn a_failed_edit_changes_nothing_and_records_nothing() {
    let mut doc = Document::new(sample(), None);
    let before = doc.model().clone();
    let batch = Command::Batch {
        label: "half valid".into(),
        commands: vec![
            Command::SetModelName { name: "Changed".into() },
            Command::Delete { targets: vec![Target::Element(ElementId::new("nope"))] },
        ],
    };
    assert_eq!(doc.apply(batch), Err(EditError::NotFound(Target::Element(ElementId::new("nope")))));
    assert_eq!(doc.model(), &before);
    assert_eq!(doc.history().undo_depth(), 0);
    assert!(!doc.is_dirty() || doc.path().is_none());

    let duplicate = Command::AddElement {
        element: Element::new(ElementId::new("e1"), "function", "x"),
        center: Point::new(0.0, 0.0),
    };
    assert_eq!(doc.apply(duplicate), Err(EditError::DuplicateId("e1".into())));
    let dangling =
        Command::AddFlow { flow: Flow::new(FlowId::new("f9"), ElementId::new("e1"), ElementId::new("zz"), "") };
    assert_eq!(doc.apply(dangling), Err(EditError::MissingEndpoint(ElementId::new("zz"))));
    let unknown = Command::SetElementKind { id: ElementId::new("e1"), kind: "mainframe".into() };
    assert_eq!(doc.apply(unknown), Err(EditError::UnknownKind("mainframe".into())));
    let empty = Command::SetBoundaryRect { id: BoundaryId::new("b1"), rect: Rect::new(0.0, 0.0, 0.0, 10.0) };
    assert_eq!(doc.apply(empty), Err(EditError::EmptyBoundary));
    let nan = Command::MoveElements { moves: vec![(ElementId::new("e1"), Point::new(f32::NAN, 0.0))] };
    assert_eq!(doc.apply(nan), Err(EditError::BadPosition));
    assert_eq!(doc.model(), &before);
}

#[test]
fn an_edit_that_changes_nothing_is_not_an_undo_step() {
    let mut doc = Document::new(sample(), None);
    let name = doc.model().name.clone();
    assert_eq!(doc.apply(Command::SetModelName { name }), Ok(false));
    assert_eq!(doc.history().undo_depth(), 0);
}

#[test]
fn deleting_an_element_removes_its_flows_and_layout_and_undo_brings_them_back() {
    let mut doc = Document::new(sample(), None);
    let before = doc.model().clone();
    doc.apply(Command::Delete { targets: vec![Target::Element(ElementId::new("e3"))] }).unwrap();
    let model = doc.model();
    assert!(model.flows.iter().all(|f| !f.touches(&ElementId::new("e3"))));
    assert!(!model.layout.elements.contains_key(&ElementId::new("e3")));
    assert_eq!(model.flows.len(), 2);
    assert!(model.errors().is_empty());
    doc.undo();
    assert_eq!(doc.model(), &before);
}

#[test]
fn dirty_tracks_the_saved_state_through_undo_and_redo() {
    let mut doc = Document::new(sample(), Some("/tmp/m.ron".into()));
    assert!(!doc.is_dirty());
    assert!(!doc.title().starts_with('●'));
    doc.apply(Command::SetModelName { name: "X".into() }).unwrap();
    assert!(doc.is_dirty());
    assert!(doc.title().starts_with('●'), "{}", doc.title());
    doc.undo();
    assert!(!doc.is_dirty(), "back at the saved state");
    doc.redo();
    assert!(doc.is_dirty());
    doc.mark_saved("/tmp/m.ron".into());
    assert!(!doc.is_dirty());
    doc.undo();
    assert!(doc.is_dirty(), "the saved state is now the later one");
}

#[test]
fn a_model_from_a_template_has_nothing_to_save_until_edited() {
    let mut doc = Document::new(sample(), None);
    assert!(!doc.is_dirty(), "an untouched template can be picked again: nothing to lose");
    assert_eq!(doc.title(), "Serverless checkout — ThreatSketch");
    doc.apply(Command::SetModelName { name: "Shop".into() }).unwrap();
    assert!(doc.is_dirty());
    assert!(doc.title().starts_with("● Shop"));
    doc.undo();
    assert!(!doc.is_dirty(), "undone back to the template");
}

#[test]
fn an_import_or_a_recovered_copy_starts_unsaved() {
    assert!(Document::unsaved(sample(), None).is_dirty());
    assert!(Document::unsaved(sample(), Some("/tmp/m.ron".into())).is_dirty());
}

#[test]
fn a_drag_gesture_is_one_undo_step() {
    let mut doc = Document::new(sample(), None);
    let before = doc.model().clone();
    let command = gesture_command(
        doc.model(),
        Gesture::MoveElements { ids: vec![ElementId::new("e1"), ElementId::new("e2")], dx: 55.0, dy: 5.0 },
    )
    .unwrap();
    doc.apply(command).unwrap();
    assert_eq!(doc.history().undo_depth(), 1);
    doc.undo();
    assert_eq!(doc.model(), &before);
}

#[test]
fn history_is_bounded() {
    let mut history_doc = Document::new(sample(), None);
    for i in 0..300 {
        history_doc
            .apply(Command::MoveElements { moves: vec![(ElementId::new("e1"), Point::new(i as f32, 0.0))] })
            .unwrap();
    }
    assert_eq!(history_doc.history().undo_depth(), 200);
}

#[test]
fn reviews_are_logged_with_real_dates_and_undo() {
    use threatsketch::model::{ReviewEntry, ReviewedState};
    let mut doc = Document::new(sample(), None);
    let entry = ReviewEntry { date: "2026-11-29".into(), who: "Ana, Sam".into(), summary: "Added the queue".into() };
    let reviewed = || Box::new(ReviewedState { date: "2026-11-29".into(), ..ReviewedState::default() });
    let bad = Command::LogReview { entry: entry.clone(), next: "soon".into(), reviewed: reviewed() };
    assert!(doc.apply(bad).is_err());
    doc.apply(Command::LogReview { entry: entry.clone(), next: "2027-02-28".into(), reviewed: reviewed() }).unwrap();
    assert_eq!(doc.model().review.log, vec![entry]);
    assert_eq!(doc.model().review.reviewed.as_ref().map(|r| r.date.as_str()), Some("2026-11-29"));
    assert_eq!(doc.model().review.next, "2027-02-28");
    assert!(doc.apply(Command::SetNextReview { date: "2027-02-30".into() }).is_err());
    doc.apply(Command::SetNextReview { date: String::new() }).unwrap();
    assert!(doc.model().review.next.is_empty());
    doc.undo();
    doc.undo();
    assert!(doc.model().review.is_empty());
}
