//! Drawing on the canvas: the palette, connecting, renaming, selecting, moving, deleting, boundaries,
//! zooming, keyboard drawing, the clipboard, alignment, the rubber band and tidying up.

use egui::{Key, Modifiers};
use egui_kittest::kittest::Queryable as _;
use threatsketch::io::templates::Template;
use threatsketch::model::{ElementId, FlowId, Target};

use crate::{FakeDialogs, drag, sample_app, select};

#[test]
fn adding_from_the_palette_then_typing_names_the_element() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label("Add Function").click();
    harness.run();
    assert_eq!(harness.state().model().elements.len(), 7);
    let rename = harness.get_by_label("Rename");
    assert!(rename.is_focused(), "a new element is named right away");
    rename.type_text("Charge card");
    harness.key_press(Key::Enter);
    harness.run();
    let element = harness.state().model().element(&ElementId::new("e7")).unwrap().clone();
    assert_eq!(element.name, "Charge card");
    harness.get_by_label_contains("Charge card, Function");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().model().element(&ElementId::new("e7")).unwrap().name, "Function");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().model().elements.len(), 6);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert_eq!(harness.state().model().elements.len(), 7);
}

#[test]
fn dragging_the_connect_handle_onto_another_element_adds_a_flow() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label_contains("Orders database, Database").click();
    harness.run();
    let handle = harness.get_by_label("Connect from Orders database").rect().center();
    let target = harness.get_by_label_contains("Customer browser, Browser").rect().center();
    drag(&mut harness, handle, target);
    let model = harness.state().model();
    assert_eq!(model.flows.len(), 6);
    let flow = model.flow(&FlowId::new("f6")).unwrap();
    assert_eq!((flow.from.as_str(), flow.to.as_str()), ("e4", "e1"));
    // The new flow is selected and its label field open.
    assert_eq!(harness.state().selection().single(), Some(&Target::Flow(FlowId::new("f6"))));
    harness.get_by_label("Rename").type_text("Order status");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().model().flow(&FlowId::new("f6")).unwrap().label, "Order status");
}

#[test]
fn dropping_a_connection_on_empty_canvas_adds_nothing() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label_contains("Orders database, Database").click();
    harness.run();
    let handle = harness.get_by_label("Connect from Orders database").rect().center();
    drag(&mut harness, handle, handle + egui::vec2(0.0, 160.0));
    assert_eq!(harness.state().model().flows.len(), 5);
    assert_eq!(harness.state().document().history().undo_depth(), 0);
}

#[test]
fn connecting_from_the_keyboard() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label_contains("API gateway, API gateway").click();
    harness.run();
    harness.key_press(Key::C);
    harness.run();
    assert!(harness.state().status().unwrap().text.contains("Click the element"));
    harness.get_by_label_contains("Orders database, Database").click();
    harness.run();
    let flow = harness.state().model().flow(&FlowId::new("f6")).cloned().unwrap();
    assert_eq!((flow.from.as_str(), flow.to.as_str()), ("e2", "e4"));
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().model().flow(&FlowId::new("f6")).unwrap().label, "", "Escape keeps the old label");
}

#[test]
fn f2_renames_the_selection_and_escape_cancels() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label_contains("Process order, Function").click();
    harness.run();
    harness.key_press(Key::F2);
    harness.run();
    let rename = harness.get_by_label("Rename");
    assert_eq!(rename.value().as_deref(), Some("Process order"));
    // The whole name is selected: typing replaces it.
    rename.type_text("Place order");
    harness.key_press(Key::Enter);
    harness.run();
    assert_eq!(harness.state().model().element(&ElementId::new("e3")).unwrap().name, "Place order");

    harness.key_press(Key::F2);
    harness.run();
    harness.get_by_label("Rename").type_text("zzz");
    harness.key_press(Key::Escape);
    harness.run();
    assert_eq!(harness.state().model().element(&ElementId::new("e3")).unwrap().name, "Place order");
    assert!(harness.query_by_label("Rename").is_none());
}

#[test]
fn double_click_renames_in_place() {
    let mut harness = sample_app(FakeDialogs::default());
    // Let the click that closed the start screen age, or the next two make a triple-click.
    harness.run_steps(40);
    harness.get_by_label_contains("Email service, Third-party service").click();
    harness.step();
    harness.get_by_label_contains("Email service, Third-party service").click();
    harness.run();
    assert!(harness.query_by_label("Rename").is_some(), "double-click opens the name field");
}

#[test]
fn delete_removes_the_element_and_its_flows_and_undo_restores_them() {
    let mut harness = sample_app(FakeDialogs::default());
    let original = harness.state().model().clone();
    harness.get_by_label_contains("Process order, Function").click();
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();
    let model = harness.state().model();
    assert!(model.element(&ElementId::new("e3")).is_none());
    assert_eq!(model.flows.len(), 2);
    assert!(harness.query_by_label_contains("Process order, Function").is_none());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().model(), &original);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    harness.run();
    assert!(harness.state().model().element(&ElementId::new("e3")).is_none());
}

#[test]
fn shift_click_selects_several_and_delete_removes_them_all() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label_contains("Customer browser, Browser").click();
    harness.run();
    harness.get_by_label_contains("Email service, Third-party service").click_modifiers(Modifiers::SHIFT);
    harness.run();
    assert_eq!(harness.state().selection().len(), 2);
    harness.get_by_label("2 items selected");
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(harness.state().model().elements.len(), 4);
    assert_eq!(harness.state().document().history().undo_depth(), 1, "one delete, one undo step");
}

#[test]
fn dragging_an_element_moves_it_in_one_undo_step() {
    let mut harness = sample_app(FakeDialogs::default());
    let before = harness.state().model().element_position(&ElementId::new("e4"));
    let card = harness.get_by_label_contains("Orders database, Database").rect();
    let zoom = card.height() / threatsketch::model::ELEMENT_SIZE.height;
    drag(&mut harness, card.center(), card.center() + egui::vec2(0.0, 120.0));
    let after = harness.state().model().element_position(&ElementId::new("e4"));
    assert!((after.y - before.y - 120.0 / zoom).abs() <= 1.0, "{before:?} → {after:?} at zoom {zoom}");
    assert_eq!(after.x, before.x);
    assert_eq!(harness.state().document().history().undo_depth(), 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().model().element_position(&ElementId::new("e4")), before);
}

#[test]
fn dragging_a_boundary_tab_moves_the_boundary_with_its_elements() {
    let mut harness = sample_app(FakeDialogs::default());
    let model = harness.state().model().clone();
    let tab = harness.get_by_label("Boundary Internet").rect().center();
    let zoom = harness.get_by_label_contains("Customer browser, Browser").rect().height()
        / threatsketch::model::ELEMENT_SIZE.height;
    drag(&mut harness, tab, tab + egui::vec2(0.0, 90.0));
    let moved = harness.state().model();
    let id = ElementId::new("e1");
    let dy = moved.element_position(&id).y - model.element_position(&id).y;
    assert!((dy - 90.0 / zoom).abs() <= 1.0, "moved by {dy} at zoom {zoom}");
    assert_eq!(moved.boundaries_of(&id), model.boundaries_of(&id), "the browser stays inside");
}

#[test]
fn resizing_a_selected_boundary() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label("Boundary Email provider").click();
    harness.run();
    let id = threatsketch::model::BoundaryId::new("b3");
    let before = harness.state().model().boundary_rect(&id);
    let corner = harness.get_by_label("Resize Email provider from the bottom right corner").rect().center();
    drag(&mut harness, corner, corner + egui::vec2(80.0, 40.0));
    let after = harness.state().model().boundary_rect(&id);
    assert_eq!((after.x, after.y), (before.x, before.y));
    assert!(after.width > before.width && after.height > before.height, "{before:?} → {after:?}");
}

#[test]
fn zooming_is_not_an_edit() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.key_press(Key::Equals);
    harness.run();
    harness.key_press(Key::Minus);
    harness.run();
    harness.key_press(Key::F);
    harness.run();
    assert_eq!(harness.state().document().history().undo_depth(), 0);
    let mut expected = Template::sample().model().unwrap();
    expected.review = harness.state().model().review.clone();
    assert_eq!(harness.state().model(), &expected);
}

#[test]
fn drawing_from_the_keyboard_clones_connects_walks_and_nudges() {
    let mut harness = sample_app(FakeDialogs::default());
    select(&mut harness, "Process order, Function");
    let e3 = ElementId::new("e3");
    let before = harness.state().model().element_position(&e3);

    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowUp);
    harness.run();
    let model = harness.state().model().clone();
    assert_eq!(model.elements.len(), 7);
    let new = model.elements.last().unwrap().id.clone();
    assert_eq!(model.element(&new).unwrap().kind, "function");
    assert!(model.flows.iter().any(|f| f.from == e3 && f.to == new), "connected to the source");
    assert!(model.element_position(&new).y < before.y, "placed above");
    assert_eq!(harness.state().selection().single(), Some(&Target::Element(new.clone())));

    // Alt+Down walks back along the flow.
    harness.key_press_modifiers(Modifiers::ALT, Key::ArrowDown);
    harness.run();
    assert_eq!(harness.state().selection().single(), Some(&Target::Element(e3.clone())));

    harness.key_press(Key::ArrowRight);
    harness.run();
    harness.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
    harness.run();
    let after = harness.state().model().element_position(&e3);
    assert_eq!((after.x - before.x, after.y - before.y), (2.0, threatsketch::edit::GRID));

    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().model().elements.len(), 6, "each keyboard edit is one undo step");
}

#[test]
fn duplicate_copy_and_paste_on_the_canvas() {
    let mut harness = sample_app(FakeDialogs::default());
    select(&mut harness, "Orders database, Database");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::D);
    harness.run();
    harness.get_by_label_contains("Orders database copy, Database");
    assert_eq!(harness.state().model().elements.len(), 7);

    let clip = threatsketch::edit::copy_elements(harness.state().model(), &[ElementId::new("e2")]).unwrap();
    harness.event(egui::Event::Paste(clip));
    harness.run();
    assert_eq!(harness.state().model().elements.len(), 8);
    assert_eq!(harness.state().model().elements.last().unwrap().name, "API gateway");
    // Text that is not a ThreatSketch clip is not for the canvas.
    harness.event(egui::Event::Paste("just words".into()));
    harness.run();
    assert_eq!(harness.state().model().elements.len(), 8);
}

#[test]
fn tidy_up_layout_is_one_undo_step() {
    let mut harness = sample_app(FakeDialogs::default());
    let before = harness.state().model().layout.clone();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::L);
    harness.run();
    assert_ne!(harness.state().model().layout, before, "the sample is laid out anew");
    assert_eq!(harness.state().document().history().undo_depth(), 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().model().layout, before);
}

#[test]
fn shift_drag_on_empty_canvas_selects_what_the_rectangle_touches() {
    let mut harness = sample_app(FakeDialogs::default());
    let process = harness.get_by_label_contains("Process order, Function").rect();
    let database = harness.get_by_label_contains("Orders database, Database").rect();
    let from = process.left_top() - egui::vec2(8.0, 30.0);
    let to = database.right_bottom() + egui::vec2(6.0, 6.0);
    harness.event(egui::Event::ModifiersChanged(Modifiers::SHIFT));
    drag(&mut harness, from, to);
    harness.event(egui::Event::ModifiersChanged(Modifiers::NONE));
    harness.run();
    let selection = harness.state().selection();
    assert!(selection.contains(&Target::Element(ElementId::new("e3"))));
    assert!(selection.contains(&Target::Element(ElementId::new("e4"))));
    assert!(!selection.contains(&Target::Element(ElementId::new("e1"))));
    assert_eq!(harness.state().document().history().undo_depth(), 0, "selecting is not an edit");
}

#[test]
fn a_dragged_card_lines_up_with_another_and_snaps_to_the_grid_when_asked() {
    let mut harness = sample_app(FakeDialogs::default());
    let process = harness.get_by_label_contains("Process order, Function").rect();
    let browser = harness.get_by_label_contains("Customer browser, Browser").rect();
    // Drop the browser a little off the process card's centre line, well below everything.
    let from = browser.center();
    let to = egui::pos2(process.center().x + 3.0, from.y + 380.0);
    drag(&mut harness, from, to);
    let model = harness.state().model().clone();
    let (e1, e3) = (ElementId::new("e1"), ElementId::new("e3"));
    assert_eq!(model.element_position(&e1).x, model.element_position(&e3).x, "lined up");

    harness.key_press(Key::G);
    harness.run();
    let browser = harness.get_by_label_contains("Customer browser, Browser").rect();
    drag(&mut harness, browser.center(), browser.center() + egui::vec2(37.0, 11.0));
    let at = harness.state().model().element_position(&e1);
    let grid = threatsketch::edit::GRID;
    assert_eq!((at.x % grid, at.y % grid), (0.0, 0.0), "on the grid");
    assert!(harness.state().display_prefs().snap_to_grid, "remembered with the display settings");
}

#[test]
fn palette_clicks_place_each_card_where_it_belongs_on_screen_and_apart() {
    let model = Template::find("blank").unwrap().model().unwrap();
    let app =
        threatsketch::app::ThreatSketchApp::with_model(model, Box::new(FakeDialogs::default()), Default::default());
    let mut harness = crate::harness_with(app);
    for label in ["Add User", "Add Browser", "Add Function", "Add Function", "Add Database"] {
        harness.get_by_label(label).click();
        harness.run();
        harness.key_press(egui::Key::Escape);
        harness.run();
    }
    let model = harness.state().model().clone();
    assert_eq!(model.elements.len(), 5);
    let canvas = harness.get_by_label("Diagram canvas").rect();
    for (i, element) in model.elements.iter().enumerate() {
        let card = model.element_rect(&element.id);
        for other in &model.elements[..i] {
            assert!(!model.element_rect(&other.id).intersects(card), "{} on {}", element.name, other.name);
        }
        let kind = threatsketch::model::KindCatalog::builtin().kind_name(&element.kind);
        let shown = harness.get_by_label_contains(&format!("{}, {kind},", element.name)).rect();
        assert!(canvas.contains_rect(shown), "{} on screen", element.name);
        let expected = if matches!(element.kind.as_str(), "user" | "browser") { "b1" } else { "b2" };
        let inside = model.boundary_rect(&threatsketch::model::BoundaryId::new(expected)).contains_rect(card);
        assert!(inside, "{} in {expected}", element.name);
    }
}

#[test]
fn a_boundary_line_is_added_from_the_palette_and_bent_with_its_handles() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "Add or do…")
        .type_text("third party boundary line");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    // Added, selected, its name open for typing: Enter keeps the kind's name.
    harness.key_press(Key::Enter);
    harness.run();
    let model = harness.state().model().clone();
    let line = model.boundaries.last().unwrap().clone();
    let points = model.boundary_line(&line.id).expect("drawn as a line").to_vec();
    assert_eq!((points.len(), line.kind), (2, threatsketch::model::BoundaryKind::ThirdParty));
    // Still selected after naming it, so its handles show. The circle in the middle bends the line there: a third point where it was let go.
    let bend = harness.get_by_label(&format!("Bend {} between points 1 and 2", line.name)).rect().center();
    drag(&mut harness, bend, bend + egui::vec2(60.0, 0.0));
    let bent = harness.state().model().boundary_line(&line.id).unwrap().to_vec();
    assert_eq!(bent.len(), 3, "{bent:?}");
    assert!(bent[1].x > points[0].x + 20.0, "bent to the right: {bent:?}");
    // A square moves its point; the inspector can straighten the line again.
    let end = harness.get_by_label(&format!("Move point 3 of {}", line.name)).rect().center();
    drag(&mut harness, end, end + egui::vec2(0.0, 50.0));
    let moved = harness.state().model().boundary_line(&line.id).unwrap().to_vec();
    assert!(moved[2].y > bent[2].y + 20.0, "{bent:?} → {moved:?}");
    harness.get_by_label("Straighten").click();
    harness.run();
    assert_eq!(harness.state().model().boundary_line(&line.id).unwrap().len(), 2);
    // Each step undoes.
    for _ in 0..4 {
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        harness.run();
    }
    assert_eq!(harness.state().model(), &sample_app(FakeDialogs::default()).state().model().clone());
}
