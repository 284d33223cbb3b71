//! The real UI, driven through AccessKit labels with egui_kittest: no window, no GPU.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use egui::{Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use threatsketch::app::ThreatSketchApp;
use threatsketch::io::dialogs::FileDialogs;
use threatsketch::io::recent::RecentFiles;
use threatsketch::io::templates::Template;
use threatsketch::model::{ElementId, FlowId, Target, Tri};

/// Answers file dialogs with prepared paths and remembers that it was asked.
#[derive(Clone, Default)]
struct FakeDialogs {
    open: Option<PathBuf>,
    save: Option<PathBuf>,
    export: Option<PathBuf>,
    import: Option<PathBuf>,
    asked: Rc<RefCell<Vec<&'static str>>>,
}

impl FileDialogs for FakeDialogs {
    fn pick_model_to_open(&self, _: Option<&Path>) -> Option<PathBuf> {
        self.asked.borrow_mut().push("open");
        self.open.clone()
    }

    fn pick_model_save_path(&self, _: &str, _: Option<&Path>) -> Option<PathBuf> {
        self.asked.borrow_mut().push("save");
        self.save.clone()
    }

    fn pick_export_path(&self, _: &str, _: &str, _: &[(&str, &[&str])], _: Option<&Path>) -> Option<PathBuf> {
        self.asked.borrow_mut().push("export");
        self.export.clone()
    }

    fn pick_file_to_import(&self, _: &str, _: &[(&str, &[&str])], _: Option<&Path>) -> Option<PathBuf> {
        self.asked.borrow_mut().push("import");
        self.import.clone()
    }
}

fn harness_with(app: ThreatSketchApp) -> Harness<'static, ThreatSketchApp> {
    let mut harness = Harness::builder()
        .with_size(egui::vec2(1440.0, 900.0))
        // Real frame times, so that two quick clicks count as a double-click.
        .with_step_dt(1.0 / 60.0)
        .build_ui_state(|ui, app: &mut ThreatSketchApp| app.ui_root(ui), app);
    // `run` fails if a frame keeps asking for another one: it settling proves the app is idle.
    harness.run();
    harness
}

/// The app with the sample open and the start screen dismissed.
fn sample_app(dialogs: FakeDialogs) -> Harness<'static, ThreatSketchApp> {
    let mut harness = harness_with(ThreatSketchApp::new(None, Box::new(dialogs), RecentFiles::default()));
    harness.get_by_label("Continue with the sample").click();
    harness.run();
    assert!(!harness.state().is_start_screen_open());
    harness
}

/// Presses at `from`, moves in steps and releases at `to`. Single frames while the pointer is
/// down: a hovered handle's tooltip legitimately animates in.
fn drag(harness: &mut Harness<'_, ThreatSketchApp>, from: Pos2, to: Pos2) {
    harness.hover_at(from);
    harness.step();
    harness.drag_at(from);
    harness.step();
    for step in 1..=6 {
        let t = step as f32 / 6.0;
        harness.hover_at(from + (to - from) * t);
        harness.step();
    }
    harness.drop_at(to);
    harness.run();
}

/// Scrolls the inspector to a widget (egui leaves scrolled-away widgets out of the AccessKit
/// tree), then clicks it.
fn scroll_and_click(harness: &mut Harness<'_, ThreatSketchApp>, label: &str) {
    harness.get_by_label(label).scroll_to_me();
    harness.run();
    harness.get_by_label(label).click();
    harness.run();
}

fn click_empty_canvas(harness: &mut Harness<'_, ThreatSketchApp>) {
    let corner = harness.get_by_label("Diagram canvas").rect().left_top() + egui::vec2(12.0, 12.0);
    harness.hover_at(corner);
    harness.run();
    harness.drag_at(corner);
    harness.run();
    harness.drop_at(corner);
    harness.run();
}

#[test]
fn the_app_settles_when_idle_with_the_canvas_on_screen() {
    let mut harness =
        harness_with(ThreatSketchApp::new(None, Box::new(FakeDialogs::default()), RecentFiles::default()));
    assert!(harness.query_by_label("Continue with the sample").is_some(), "the start screen shows without a file");
    harness.get_by_label("Continue with the sample").click();
    harness.run();
    harness.get_by_label("Diagram canvas");
    harness.get_by_label_contains("Process order, Function");
    // Several idle frames in a row: nothing requests a repaint.
    for _ in 0..3 {
        harness.run();
    }
}

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
fn the_inspector_answers_questions_and_edits_flows() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label_contains("Process order, Function").click();
    harness.run();
    scroll_and_click(&mut harness, "Validates its input: No");
    assert_eq!(harness.state().model().element(&ElementId::new("e3")).unwrap().property("validates_input"), Tri::No);

    harness.get_by_label_contains("Flow Order details").click();
    harness.run();
    scroll_and_click(&mut harness, "Payment card");
    let flow = harness.state().model().flow(&FlowId::new("f1")).unwrap().clone();
    assert!(flow.data.contains(&threatsketch::model::DataClass::PaymentCard));
    harness.get_by_label("Leaves Internet");
    harness.get_by_label("Enters Cloud account");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        !harness
            .state()
            .model()
            .flow(&FlowId::new("f1"))
            .unwrap()
            .data
            .contains(&threatsketch::model::DataClass::PaymentCard)
    );
}

#[test]
fn the_inspector_asks_choices_numbers_and_folds_the_less_important_questions() {
    use threatsketch::model::Answer;
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label_contains("API gateway, API gateway").click();
    harness.run();
    // The questions that matter most are open; the rest are folded and say how many are answered.
    harness.get_by_label("Authorizer: Unknown");
    assert!(harness.query_by_label("Browsers may call it only from your sites: Yes").is_none());
    scroll_and_click(&mut harness, "More questions (0 of 6 answered)");
    harness.get_by_label("Browsers may call it only from your sites: Yes");
    // A follow-up question shows once the answer it follows is given.
    assert!(harness.query_by_label("Limits GraphQL queries: Yes").is_none());
    scroll_and_click(&mut harness, "Is a GraphQL API: Yes");
    harness.get_by_label("Limits GraphQL queries: Yes");
    harness.get_by_label("More questions (1 of 7 answered)");

    // A choice from its drop-down.
    scroll_and_click(&mut harness, "Authorizer: Unknown");
    harness.get_by_label("API key only").click();
    harness.run();
    let gateway = ElementId::new("e2");
    let answer = |harness: &Harness<'_, ThreatSketchApp>, property: &str| {
        harness.state().model().element(&gateway).unwrap().answer(property).cloned()
    };
    assert_eq!(answer(&harness, "authorizer"), Some(Answer::choice("api_key")));
    harness.get_by_label("Authorizer: API key only");

    // A number typed digit by digit is one undo step; emptied, it is unknown again.
    harness.get_by_label("Add Logging / monitoring").click();
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let monitoring = ElementId::new("e7");
    let retention = |harness: &Harness<'_, ThreatSketchApp>| {
        harness.state().model().element(&monitoring).unwrap().answer("retention_days").cloned()
    };
    let field = "Logs are kept for";
    harness.get_by_label(field).scroll_to_me();
    harness.run();
    harness.get_by_label(field).click();
    harness.run();
    harness.get_by_label(field).type_text("400");
    harness.run();
    assert_eq!(retention(&harness), Some(Answer::Number(400)));
    harness.get_by_label("Diagram canvas").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(retention(&harness), None, "typing 400 is one undo step");
}

#[test]
fn typing_a_name_in_the_inspector_is_one_undo_step() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label("Model name").click();
    harness.run();
    harness.get_by_label("Model name").type_text(" for socks");
    harness.run();
    assert_eq!(harness.state().model().name, "Serverless checkout for socks");
    // Leave the field by clicking empty canvas; Ctrl+Z in a field is the field's own undo.
    click_empty_canvas(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().model().name, "Serverless checkout");
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
fn save_asks_for_a_path_once_then_saves_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.ron");
    let dialogs = FakeDialogs { save: Some(path.clone()), ..FakeDialogs::default() };
    let asked = dialogs.asked.clone();
    let mut harness = sample_app(dialogs);
    assert!(harness.state().document().is_dirty(), "a template is not saved yet");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert!(path.exists());
    assert!(!harness.state().document().is_dirty());
    assert_eq!(harness.state().document().path(), Some(path.as_path()));

    harness.get_by_label_contains("Process order, Function").click();
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();
    assert!(harness.state().document().title().starts_with('●'));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(*asked.borrow(), vec!["save"], "the second save goes to the same file");
    let saved = threatsketch::io::load_path(&path).unwrap().model;
    assert_eq!(&saved, harness.state().model());
}

#[test]
fn opening_a_broken_file_keeps_the_open_model() {
    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "(format: \"threatsketch\", version: 1, name: ").unwrap();
    let dialogs = FakeDialogs { open: Some(broken), ..FakeDialogs::default() };
    let mut harness = sample_app(dialogs);
    let before = harness.state().model().clone();
    // Make the sample "saved" so that opening does not ask about changes first.
    harness.state_mut().save_to(&dir.path().join("sample.ron"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness.get_by_label("Could not open the model");
    assert!(harness.query_by_label_contains("line 1, column").is_some(), "the message says where");
    assert_eq!(harness.state().model(), &before);
    harness.get_by_label("OK").click();
    harness.run();
    assert!(harness.query_by_label("Could not open the model").is_none());
}

#[test]
fn unsaved_changes_are_asked_about_before_opening_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.ron");
    threatsketch::io::save_path(&Template::find("contact-form").unwrap().model().unwrap(), &other).unwrap();
    let dialogs = FakeDialogs { open: Some(other.clone()), ..FakeDialogs::default() };
    let mut harness = sample_app(dialogs);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness.get_by_label("Cancel").click();
    harness.run();
    assert_eq!(harness.state().model().name, "Serverless checkout", "cancel keeps everything");

    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness.get_by_label("Don't save").click();
    harness.run();
    assert_eq!(harness.state().model().name, "Contact form to email");
    assert_eq!(harness.state().document().path(), Some(other.as_path()));
    assert!(!harness.state().document().is_dirty());
}

#[test]
fn a_template_from_the_start_screen_replaces_the_sample() {
    let mut harness =
        harness_with(ThreatSketchApp::new(None, Box::new(FakeDialogs::default()), RecentFiles::default()));
    harness.get_by_label("Image upload with a storage trigger").click();
    harness.run();
    // The sample was never edited, but it was never saved either: the app asks.
    harness.get_by_label("Don't save").click();
    harness.run();
    assert_eq!(harness.state().model().elements.len(), 8);
    harness.get_by_label_contains("Make thumbnails, Function");
}

#[test]
fn a_file_given_on_the_command_line_opens_without_the_start_screen() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates/image-upload.ron");
    let harness =
        harness_with(ThreatSketchApp::new(Some(&path), Box::new(FakeDialogs::default()), RecentFiles::default()));
    assert!(!harness.state().is_start_screen_open());
    assert!(!harness.state().document().is_dirty());
    harness.get_by_label_contains("Uploads bucket, Object storage");
}

#[test]
fn closing_with_unsaved_changes_asks_first() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    harness.run();
    harness.get_by_label_contains("Save changes to “Serverless checkout” before closing?");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label_contains("Save changes").is_none());
}

#[test]
fn a_threat_marked_not_applicable_keeps_its_reason_and_leaves_the_badge() {
    let mut harness = sample_app(FakeDialogs::default());
    let gateway = harness.get_by_label_contains("API gateway, API gateway");
    assert!(gateway.accesskit_node().label().unwrap_or_default().contains("open threat"), "the badge is announced");
    gateway.click();
    harness.run();
    let key = harness
        .state()
        .analysis()
        .threats
        .iter()
        .find(|t| t.target == Target::Element(ElementId::new("e2")) && t.status.is_open())
        .map(|t| t.key())
        .expect("the gateway has an open threat");
    let open_before = harness.state().analysis().threats.iter().filter(|t| t.status.is_open()).count();
    // The threat cards sit below the element's questions: scroll to them first.
    harness.get_all_by_label("Not applicable…").next().expect("a not-applicable button").scroll_to_me();
    harness.run();
    harness.get_all_by_label("Not applicable…").next().expect("a not-applicable button").click();
    harness.run();
    scroll_and_click(&mut harness, "Why does it not apply?");
    harness.get_by_label("Why does it not apply?").type_text("Internal admin API behind the VPN");
    harness.run();
    scroll_and_click(&mut harness, "Mark not applicable");
    let decision = harness.state().model().decisions.get(&key).cloned().expect("stored under the key");
    assert_eq!(decision.status, threatsketch::model::ThreatStatus::NotApplicable);
    assert_eq!(decision.reason, "Internal admin API behind the VPN");
    let open_after = harness.state().analysis().threats.iter().filter(|t| t.status.is_open()).count();
    assert_eq!(open_after, open_before - 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().model().decisions.is_empty(), "one undo step");
}

#[test]
fn clicking_a_threat_in_the_panel_selects_its_element() {
    let mut harness = sample_app(FakeDialogs::default());
    // The panel lists the riskiest first: take the top one, which is on screen.
    let (target, title) = {
        let threats = &harness.state().analysis().threats;
        let highest = threats.iter().map(|t| t.risk).max().expect("the sample has threats");
        let threat = threats.iter().find(|t| t.risk == highest).expect("one of them");
        (threat.target.clone(), threat.title().to_owned())
    };
    harness.get_all_by_label_contains(&title).next().expect("listed in the panel").click();
    harness.run();
    assert_eq!(harness.state().selection().single(), Some(&target));
}

#[test]
fn adding_an_own_threat_from_the_inspector() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label_contains("Orders database, Database").click();
    harness.run();
    scroll_and_click(&mut harness, "＋ Add a threat of your own");
    scroll_and_click(&mut harness, "What could go wrong?");
    harness.get_by_label("What could go wrong?").type_text("Support staff export the whole table");
    harness.run();
    scroll_and_click(&mut harness, "Add threat");
    let own = harness.state().model().own_threats.first().cloned().expect("added");
    assert_eq!((own.target.as_str(), own.title.as_str()), ("e4", "Support staff export the whole table"));
    assert!(harness.state().analysis().threats.iter().any(|t| t.key() == "own-1@e4"));
}

#[test]
fn the_inspector_shows_attacker_prompts_for_the_kind() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label_contains("Process order, Function").click();
    harness.run();
    harness.get_by_label_contains("What could go wrong").scroll_to_me();
    harness.run();
    harness.get_by_label("Think like an attacker");
    harness.get_by_label_contains("What would make this function run thousands of times");
}

#[test]
fn rating_a_threat_in_the_inspector_makes_it_the_users_rating() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label_contains("API gateway, API gateway").click();
    harness.run();
    harness.get_all_by_label("Likelihood Low").next().expect("a rating row").scroll_to_me();
    harness.run();
    harness.get_all_by_label("Likelihood Low").next().unwrap().click();
    harness.run();
    let rated: Vec<_> = harness.state().model().decisions.values().filter(|d| d.likelihood.is_some()).collect();
    assert_eq!(rated.len(), 1);
    assert_eq!(rated[0].likelihood, Some(threatsketch::model::Level::Low));
    assert!(harness.state().analysis().threats.iter().any(|t| t.rated_by_user));
}

#[test]
fn the_risk_matrix_counts_filters_and_points_at_the_canvas() {
    let mut harness = sample_app(FakeDialogs::default());
    let critical = harness
        .state()
        .analysis()
        .threats
        .iter()
        .filter(|t| t.status.is_open() && t.risk == threatsketch::risk::RiskLevel::Critical)
        .count();
    assert!(critical > 0);
    let high = threatsketch::model::Level::High;
    let label = threatsketch::risk::Cell { likelihood: high, impact: high }.label(critical);
    harness.get_by_label(&label).click();
    harness.run();
    let cell = harness.state().matrix().cell.expect("the cell is chosen");
    assert_eq!((cell.likelihood, cell.impact), (threatsketch::model::Level::High, threatsketch::model::Level::High));
    assert!(harness.query_by_label_contains("Showing likelihood High, impact High").is_some());
    harness.get_by_label(&label).click();
    harness.run();
    assert!(harness.state().matrix().cell.is_none(), "a second click shows all again");
}

#[test]
fn dragging_a_threat_onto_a_cell_rerates_it_in_one_undo_step() {
    let mut harness = sample_app(FakeDialogs::default());
    let (key, title) = {
        let analysis = harness.state().analysis();
        let model = harness.state().model();
        let first = threatsketch::risk::priority_order(model, &analysis.threats)[0];
        (first.key(), first.title().to_owned())
    };
    let row = harness.get_all_by_label_contains(&title).next().expect("the top row").rect().center();
    let cell = harness.get_by_label_contains("Likelihood Low, impact Low:").rect().center();
    drag(&mut harness, row, cell);
    let decision = harness.state().model().decisions.get(&key).cloned().expect("rated");
    assert_eq!(
        (decision.likelihood, decision.impact),
        (Some(threatsketch::model::Level::Low), Some(threatsketch::model::Level::Low))
    );
    assert_eq!(harness.state().document().history().undo_depth(), 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().model().decisions.is_empty());
}

#[test]
fn arrow_keys_move_the_picked_threat_between_cells() {
    let mut harness = sample_app(FakeDialogs::default());
    let (key, title, before) = {
        let analysis = harness.state().analysis();
        let first = threatsketch::risk::priority_order(harness.state().model(), &analysis.threats)[0];
        (first.key(), first.title().to_owned(), (first.likelihood, first.impact))
    };
    harness.get_all_by_label_contains(&title).next().unwrap().click();
    harness.run();
    click_empty_canvas(&mut harness);
    harness.key_press(Key::ArrowLeft);
    harness.run();
    let threat = harness.state().analysis().threats.iter().find(|t| t.key() == key).cloned().unwrap();
    assert_eq!(threat.impact, before.1);
    assert!(threat.likelihood < before.0, "{:?} → {:?}", before.0, threat.likelihood);
    assert!(threat.rated_by_user);
}

#[test]
fn planning_a_fix_from_the_threat_card() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label_contains("Orders database, Database").click();
    harness.run();
    harness.get_all_by_label("Plan the fix").next().unwrap().scroll_to_me();
    harness.run();
    harness.get_all_by_label("Plan the fix").next().unwrap().click();
    harness.run();
    scroll_and_click(&mut harness, "Encryption");
    let chosen: Vec<_> =
        harness.state().model().decisions.values().flat_map(|d| d.mitigations.iter().copied()).collect();
    assert_eq!(chosen, vec![threatsketch::model::MitigationFamily::Encryption]);
    // The family's own question appears under it.
    assert!(harness.query_by_label_contains("Is this data encrypted both in transit").is_some());

    scroll_and_click(&mut harness, "Due date");
    harness.get_by_label("Due date").type_text("2026-12-3");
    harness.run();
    assert!(harness.query_by_label_contains("Write it as year-month-day").is_some(), "a half-typed date waits");
    assert!(harness.state().model().decisions.values().all(|d| d.due.is_empty()));
    harness.get_by_label("Due date").type_text("1");
    harness.run();
    assert!(harness.state().model().decisions.values().any(|d| d.due == "2026-12-31"));
}

#[test]
fn the_questions_window_groups_questions_by_whom_to_ask() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Q);
    harness.run();
    harness.get_by_label("Ask your developer");
    harness.get_by_label("Copy all");
}

#[test]
fn an_overdue_review_shows_a_banner_until_a_review_is_logged() {
    let mut model = Template::sample().model().unwrap();
    model.review.next = "2020-01-31".into();
    let mut harness =
        harness_with(ThreatSketchApp::with_model(model, Box::new(FakeDialogs::default()), RecentFiles::default()));
    harness.get_by_label("Review overdue");
    // The banner's button (the inspector has one too).
    harness.get_all_by_label("Log a review…").next().unwrap().click();
    harness.run();
    harness.get_by_label("Who took part").click();
    harness.run();
    harness.get_by_label("Who took part").type_text("Ana and Sam");
    harness.get_by_label("What was found or decided").click();
    harness.run();
    harness.get_by_label("What was found or decided").type_text("Authorizer added to the API");
    harness.run();
    harness.get_by_label("Log review").click();
    harness.run();
    let review = &harness.state().model().review;
    assert_eq!(review.log.len(), 1);
    assert_eq!(review.log[0].who, "Ana and Sam");
    assert!(!review.is_overdue(&threatsketch::model::today()));
    assert!(harness.query_by_label("Review overdue").is_none());
}

#[test]
fn a_new_model_from_a_template_plans_its_review_a_quarter_ahead() {
    let mut harness =
        harness_with(ThreatSketchApp::new(None, Box::new(FakeDialogs::default()), RecentFiles::default()));
    harness.get_by_label("Contact form to email").click();
    harness.run();
    harness.get_by_label("Don't save").click();
    harness.run();
    let expected = threatsketch::model::add_days(&threatsketch::model::today(), 91).unwrap();
    assert_eq!(harness.state().model().review.next, expected);
}

#[test]
fn switching_to_the_five_level_scale_redraws_the_matrix() {
    let mut harness = sample_app(FakeDialogs::default());
    assert!(harness.query_by_label_contains("Likelihood Very high").is_none());
    scroll_and_click(&mut harness, "Five levels (NIST SP 800-30)");
    assert_eq!(harness.state().model().scale, threatsketch::model::Scale::FiveLevels);
    harness.get_by_label_contains("Likelihood Very high, impact Very high:");
    harness.get_by_label_contains("Likelihood Very low, impact Very low:");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.query_by_label_contains("Likelihood Very high").is_none());
}

#[test]
fn the_matrix_shows_risk_after_mitigation_on_request() {
    let mut harness = sample_app(FakeDialogs::default());
    let (key, likelihood, impact) = {
        let analysis = harness.state().analysis();
        let top = threatsketch::risk::priority_order(harness.state().model(), &analysis.threats)[0];
        (top.key(), top.likelihood, top.impact)
    };
    let low = threatsketch::model::Level::Low;
    harness.state_mut().apply(threatsketch::edit::Command::SetThreatRating {
        key,
        residual: true,
        likelihood: Some(low),
        impact: Some(low),
    });
    harness.run();
    let count_in = |harness: &Harness<'_, ThreatSketchApp>, l: &str, i: &str| -> usize {
        let prefix = format!("Likelihood {l}, impact {i}: ");
        let node = harness.get_by_label_contains(&prefix);
        let label = node.accesskit_node().label().unwrap_or_default();
        label.trim_start_matches(&prefix).split(' ').next().unwrap().parse().unwrap()
    };
    let (l, i) = (likelihood.label(), impact.label());
    let now_top = count_in(&harness, l, i);
    let now_low = count_in(&harness, "Low", "Low");
    harness.get_by_label("After mitigation").click();
    harness.run();
    assert_eq!(count_in(&harness, l, i), now_top - 1, "the mitigated threat left its cell");
    assert_eq!(count_in(&harness, "Low", "Low"), now_low + 1, "and sits in the low corner");
    harness.get_by_label("Now").click();
    harness.run();
    assert_eq!(count_in(&harness, l, i), now_top);
}

fn menu_item(harness: &mut Harness<'_, ThreatSketchApp>, menu: &str, item: &str) {
    harness.get_by_label(menu).click();
    harness.run();
    // Menu items read with their shortcut: "Export report… Ctrl+E".
    harness.get_by_label_contains(item).click();
    harness.run();
}

#[test]
fn exporting_a_report_and_an_image_from_the_file_menu() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("shop-report.html");
    let dialogs = FakeDialogs { export: Some(report.clone()), ..FakeDialogs::default() };
    let asked = dialogs.asked.clone();
    let mut harness = sample_app(dialogs);
    menu_item(&mut harness, "File", "Export report…");
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<h1>Serverless checkout</h1>") && html.contains("<h2>Risk matrix</h2>"));
    assert_eq!(asked.borrow().as_slice(), ["export"]);

    // The shortcut asks again; the extension picks the format.
    let image = dir.path().join("shop.png");
    harness.state_mut().set_dialogs(Box::new(FakeDialogs { export: Some(image.clone()), ..FakeDialogs::default() }));
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::E);
    harness.run();
    assert!(std::fs::read(&image).unwrap().starts_with(b"\x89PNG"));
    assert!(harness.state().status().unwrap().text.contains("Exported the diagram"));
    assert!(!harness.state().document().is_dirty() || harness.state().document().path().is_none());
}

fn threat_dragon_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/threat-dragon").join(name)
}

#[test]
fn importing_a_threat_dragon_model_with_several_diagrams_asks_which() {
    let dialogs =
        FakeDialogs { import: Some(threat_dragon_file("fixtures/td-test-model.json")), ..FakeDialogs::default() };
    let mut harness = sample_app(dialogs);
    menu_item(&mut harness, "File", "Import from Threat Dragon…");
    // The sample is unsaved: first the unsaved-changes question.
    harness.get_by_label("Don't save").click();
    harness.run();
    harness.get_by_label("Which diagram?");
    harness.get_by_label("Test title diagram1").click();
    harness.run();
    assert_eq!(harness.state().model().elements.len(), 4);
    assert!(harness.state().document().path().is_none(), "an import is a new, unsaved model");
    harness.get_by_label("Imported from Threat Dragon");
    harness.get_by_label_contains("trust boundary line was left out");
    harness.get_by_label("OK").click();
    harness.run();
}

#[test]
fn a_malformed_threat_dragon_file_changes_nothing() {
    let dialogs = FakeDialogs {
        import: Some(threat_dragon_file("ThreatDragonModels/v2-malformed-new-model.json")),
        ..FakeDialogs::default()
    };
    let mut harness = sample_app(dialogs);
    let before = harness.state().model().clone();
    menu_item(&mut harness, "File", "Import from Threat Dragon…");
    harness.get_by_label("Don't save").click();
    harness.run();
    harness.get_by_label("Could not import the Threat Dragon model");
    assert_eq!(harness.state().model(), &before);
}

#[test]
fn presentation_mode_scales_text_and_remembers_the_size() {
    let mut harness = sample_app(FakeDialogs::default());
    let normal = harness.ctx.zoom_factor();
    harness.key_press(Key::F5);
    harness.run();
    assert!(harness.state().is_presenting());
    let presenting = harness.ctx.zoom_factor();
    // egui's body text is 12.5 points: at least 18 px on a 1920×1080 screen.
    assert!(presenting * 12.5 >= 18.0, "body text {} px", presenting * 12.5);
    assert!(harness.query_by_label("Add Function").is_none(), "the palette gives way");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Equals);
    harness.run();
    assert!(harness.ctx.zoom_factor() > presenting);
    let remembered = harness.state().display_prefs();
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().is_presenting(), "Esc leaves presentation mode");
    assert!((harness.ctx.zoom_factor() - normal).abs() < 1e-3);
    harness.key_press(Key::F5);
    harness.run();
    assert!((harness.ctx.zoom_factor() - remembered.presentation_scale).abs() < 1e-3);
    assert_eq!(harness.state().document().history().undo_depth(), 0, "presenting is not an edit");
}

#[test]
fn the_shortcut_overview_lists_the_action_table() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.key_press(Key::Questionmark);
    harness.run();
    harness.get_by_label("On the canvas");
    for action in threatsketch::ui::actions::Action::ALL {
        if !action.shortcuts().is_empty() {
            assert!(
                harness.query_all_by_label(action.label().trim_end_matches('…')).next().is_some(),
                "{action:?} is missing from the overview"
            );
        }
    }
    // The modal's scroll area grows to its height over a few frames.
    harness.run_steps(10);
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.query_by_label("On the canvas").is_none());
}

fn select(harness: &mut Harness<'_, ThreatSketchApp>, label: &str) {
    harness.get_by_label_contains(label).click();
    harness.run();
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
fn the_glossary_explains_jargon_and_searches() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.key_press(Key::F1);
    harness.run();
    harness.get_by_label("Glossary");
    let all = threatsketch::glossary::Glossary::builtin().terms().len();
    harness.get_by_label(&format!("{all} terms"));
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Search glossary").click();
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Search glossary").type_text("wallet");
    harness.run();
    harness.get_by_label_contains("Denial of wallet");
    assert!(harness.query_by_label(&format!("{all} terms")).is_none(), "the search filters");
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
fn the_command_palette_adds_a_kind_next_to_the_selection_and_runs_actions() {
    let mut harness = sample_app(FakeDialogs::default());
    select(&mut harness, "Orders database, Database");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Add or do…").type_text("queue");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    let model = harness.state().model().clone();
    let added = model.elements.last().unwrap();
    assert_eq!(added.kind, "queue");
    assert!(model.element_position(&added.id).x > model.element_position(&ElementId::new("e4")).x, "to the right");
    assert!(harness.get_by_label("Rename").is_focused(), "named right away");
    harness.key_press(Key::Escape);
    harness.run();

    // Ctrl+arrow on a kind in the palette adds it connected to the selection that way.
    select(&mut harness, "Process order, Function");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::K);
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Add or do…").type_text("secrets");
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::ArrowDown);
    harness.run();
    let model = harness.state().model().clone();
    let secrets = model.elements.last().unwrap();
    assert_eq!(secrets.kind, "secrets_store");
    assert!(model.flows.iter().any(|f| f.from == ElementId::new("e3") && f.to == secrets.id));

    // The same palette runs any menu action.
    click_empty_canvas(&mut harness);
    harness.key_press(Key::Slash);
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Add or do…").type_text("keyboard short");
    harness.run();
    harness.key_press(Key::Enter);
    harness.run();
    harness.get_by_label("On the canvas");
}

#[test]
fn the_guided_workshop_walks_from_drawing_to_the_report() {
    use threatsketch::model::{Level, MitigationFamily, ThreatStatus, WorkshopStep};
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("workshop.html");
    let dialogs = FakeDialogs { export: Some(report.clone()), ..FakeDialogs::default() };
    let mut harness = sample_app(dialogs);
    let step = |harness: &Harness<'_, ThreatSketchApp>| harness.state().model().workshop.clone().unwrap();

    harness.get_by_label("1 Understand").click();
    harness.run();
    assert_eq!(step(&harness).step, WorkshopStep::Understand);
    harness.get_by_label_contains("What are we building?");

    // 2 Identify: the first part is focused; Space keeps a suggestion, N rules one out.
    harness.key_press(Key::PageDown);
    harness.run();
    assert_eq!((step(&harness).step, step(&harness).focus.as_str()), (WorkshopStep::Identify, "e1"));
    assert_eq!(harness.state().selection().single(), Some(&Target::Element(ElementId::new("e1"))));
    harness.get_by_label_contains("Suggestion 1 of");
    harness.key_press(Key::Space);
    harness.run();
    harness.get_by_label_contains("Suggestion 2 of");
    let second = harness.state().analysis().for_target(&Target::Element(ElementId::new("e1"))).nth(1).unwrap().key();
    harness.key_press(Key::N);
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "Not applicable, because")
        .type_text("Only staff use it");
    harness.key_press(Key::Enter);
    harness.run();
    let decision = harness.state().model().decisions.get(&second).cloned().unwrap();
    assert_eq!((decision.status, decision.reason.as_str()), (ThreatStatus::NotApplicable, "Only staff use it"));
    // O: a threat of the room's own, typed straight away.
    harness.key_press(Key::O);
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "What could go wrong?")
        .type_text("Shared kiosk keeps the session");
    harness.key_press(Key::Enter);
    harness.run();
    assert!(
        harness
            .state()
            .model()
            .own_threats
            .iter()
            .any(|t| t.title == "Shared kiosk keeps the session" && t.target == "e1")
    );
    harness.key_press(Key::PageDown);
    harness.run();
    assert_eq!(step(&harness).focus, "e2", "on to the next part");

    // 3 Assess: two digits rate likelihood and impact, then the next threat comes up.
    harness.get_by_label("3 Assess").click();
    harness.run();
    let first = step(&harness).focus;
    harness.key_press(Key::Num3);
    harness.run();
    harness.key_press(Key::Num1);
    harness.run();
    let rated = harness.state().model().decisions.get(&first).cloned().unwrap();
    assert_eq!((rated.likelihood, rated.impact), (Some(Level::High), Some(Level::Low)));
    assert_ne!(step(&harness).focus, first);

    // 4 Mitigate: digits choose mitigation families for the top risk.
    harness.get_by_label("4 Mitigate").click();
    harness.run();
    let top = step(&harness).focus;
    harness.key_press(Key::Num1);
    harness.run();
    assert!(harness.state().model().decisions[&top].mitigations.contains(&MitigationFamily::ALL[0]));

    // 5 Document: export the report from the bar.
    harness.get_by_label("5 Document").click();
    harness.run();
    harness.get_by_label("Export report…").click();
    harness.run();
    assert!(std::fs::read_to_string(&report).unwrap().contains("Only staff use it"));
    assert_eq!(step(&harness).step, WorkshopStep::Document, "progress is kept in the model");

    harness.get_by_label("Leave the guide").click();
    harness.run();
    assert!(harness.state().model().workshop.is_none());
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
fn jargon_in_a_threat_is_explained_one_click_away() {
    let mut harness = sample_app(FakeDialogs::default());
    select(&mut harness, "API gateway, API gateway");
    let word = harness
        .get_all_by_label_contains("(glossary)")
        .next()
        .expect("a glossary word on the card")
        .accesskit_node()
        .label()
        .unwrap_or_default();
    let term = word.trim_end_matches(" (glossary)").to_owned();
    let word_node = harness.get_all_by_label_contains("(glossary)").next().unwrap();
    word_node.scroll_to_me();
    harness.run();
    harness.get_all_by_label_contains("(glossary)").next().unwrap().click();
    harness.run();
    harness.get_by_label("Glossary");
    let search = harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Search glossary");
    assert_eq!(search.accesskit_node().value().as_deref(), Some(term.as_str()), "opened at that word");
}

/// Every shortcut of the action table, pressed in the real UI with an element selected: none
/// panics, and each does something one can see (the model, the selection, a dialog, the view,
/// the status line), except the two that talk to the desktop (Quit, Paste).
#[test]
fn every_shortcut_does_something() {
    use threatsketch::ui::actions::Action;
    for action in Action::ALL {
        let Some(shortcut) = action.shortcuts().first().copied() else { continue };
        let dialogs = FakeDialogs::default();
        let asked = dialogs.asked.clone();
        let mut harness = sample_app(dialogs);
        select(&mut harness, "Process order, Function");
        // Something to undo and something to redo.
        harness.key_press(Key::ArrowRight);
        harness.run();
        harness.key_press(Key::ArrowRight);
        harness.run();
        harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
        harness.run();
        // Zoomed away from the fitted view, so that fitting it again shows.
        let fitted = harness.state().canvas_zoom();
        harness.key_press(Key::Plus);
        harness.run();
        assert_ne!(harness.state().canvas_zoom(), fitted, "+ zooms the canvas");
        // A file dialog that was asked for (and cancelled) counts as seen.
        let fingerprint = |h: &Harness<'_, ThreatSketchApp>| {
            use std::hash::{Hash as _, Hasher as _};
            let app = h.state();
            let mut model = std::collections::hash_map::DefaultHasher::new();
            format!("{:?}", app.model()).hash(&mut model);
            format!(
                "{:x}|{:?}|{:?}|{}|{}|{}|{:?}|{}|{}|{:?}",
                model.finish(),
                asked.borrow(),
                app.selection().iter().collect::<Vec<_>>(),
                app.status().map(|s| s.text.clone()).unwrap_or_default(),
                h.ctx.zoom_factor(),
                app.is_presenting(),
                app.display_prefs(),
                // Labelled widgets on screen: a dialog or panel that opened or closed.
                h.query_all_by_label_contains("").count(),
                app.canvas_zoom(),
                app.canvas_pan(),
            )
        };
        let before = fingerprint(&harness);
        harness.key_press_modifiers(shortcut.modifiers, shortcut.logical_key);
        harness.run_steps(3);
        let after = fingerprint(&harness);
        if !matches!(action, Action::Quit | Action::Paste) {
            assert_ne!(before, after, "{action:?} ({shortcut:?}) changed nothing one can see");
        }
    }
}
