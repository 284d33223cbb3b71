//! Files: the start screen and templates, the command line, saving, opening, unsaved changes on open
//! and close, exports, and the Threat Dragon import.

use std::path::Path;

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use threatsketch::app::ThreatSketchApp;
use threatsketch::io::recent::RecentFiles;
use threatsketch::io::templates::Template;

use crate::{FakeDialogs, edited_sample_app, harness_with, menu_item, sample_app, select, threat_dragon_file};

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
fn a_template_from_the_start_screen_replaces_the_sample() {
    let mut harness =
        harness_with(ThreatSketchApp::new(None, Box::new(FakeDialogs::default()), RecentFiles::default()));
    harness.get_by_label("Image upload with a storage trigger").click();
    harness.run();
    // The sample was never edited: nothing to lose, so nothing to ask.
    assert!(harness.query_by_label("Don't save").is_none());
    assert!(!harness.state().document().is_dirty());
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
fn save_asks_for_a_path_once_then_saves_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.ron");
    let dialogs = FakeDialogs { save: Some(path.clone()), ..FakeDialogs::default() };
    let asked = dialogs.asked.clone();
    let mut harness = sample_app(dialogs);
    assert!(harness.state().document().path().is_none(), "a template has no file yet");
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
    let mut harness = edited_sample_app(dialogs);
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
fn closing_with_unsaved_changes_asks_first() {
    let mut harness = edited_sample_app(FakeDialogs::default());
    harness.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    harness.run();
    harness.get_by_label_contains("Save changes to “Serverless checkout” before closing?");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label_contains("Save changes").is_none());
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

#[test]
fn importing_a_threat_dragon_model_with_several_diagrams_asks_which() {
    let dialogs =
        FakeDialogs { import: Some(threat_dragon_file("fixtures/td-test-model.json")), ..FakeDialogs::default() };
    let mut harness = sample_app(dialogs);
    menu_item(&mut harness, "File", "Import…");
    harness.get_by_label("Which diagram?");
    harness.get_by_label("Test title diagram1").click();
    harness.run();
    assert_eq!(harness.state().model().elements.len(), 4);
    assert!(harness.state().document().path().is_none(), "an import is a new, unsaved model");
    harness.get_by_label("Imported from OWASP Threat Dragon");
    // Its curve comes in as a boundary line; having no name, it is said so.
    harness.get_by_label_contains("trust boundary line without a name");
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
    menu_item(&mut harness, "File", "Import…");
    harness.get_by_label("Could not import the OWASP Threat Dragon file");
    assert_eq!(harness.state().model(), &before);
}

#[test]
fn saving_into_a_folder_with_its_own_rules_updates_the_badges_at_once() {
    // The rules beside the model follow it when it is saved elsewhere; the canvas must show
    // their threats without waiting for the next edit.
    let dir = tempfile::tempdir().unwrap();
    let rules = r#"#![enable(unwrap_variant_newtypes)]
(rules: [(
    id: "house-gateway-review", applies: Element(kinds: ["api_gateway"]), when: {"waf": [No, Unknown]},
    stride: Tampering, category: Misconfiguration,
    title: "Our own rule", explanation: "e", detail: "d", likelihood: Low, impact: Low,
    mitigation: SecureConfiguration, question: "Has the gateway been reviewed?", ask: Developer,
    references: ["house policy"],
)])"#;
    std::fs::write(dir.path().join("threatsketch-rules.ron"), rules).unwrap();
    let path = dir.path().join("shop.ron");
    let mut harness = sample_app(FakeDialogs { save: Some(path), ..FakeDialogs::default() });
    let badge = |harness: &egui_kittest::Harness<'_, ThreatSketchApp>| {
        let gateway =
            harness.get_by_label_contains("API gateway, API gateway").accesskit_node().label().unwrap_or_default();
        gateway.split(", ").find(|part| part.ends_with("open threats")).map(str::to_owned).unwrap_or_default()
    };
    let before = badge(&harness);
    let open = |text: &str| text.split(' ').next().and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    assert!(harness.state().analysis().threats.iter().any(|t| t.key() == "house-gateway-review@e2"));
    assert_eq!(open(&badge(&harness)), open(&before) + 1, "{before} → {}", badge(&harness));
}

#[test]
fn another_file_opens_without_anything_left_from_the_one_before() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.ron");
    threatsketch::io::save_path(&Template::sample().model().unwrap(), &other).unwrap();
    let mut harness = sample_app(FakeDialogs { open: Some(other), ..FakeDialogs::default() });
    // A filter in the threats list, a chosen matrix cell and a selection.
    harness.get_by_label("Open only").click();
    harness.run();
    harness.get_by_label_contains("Likelihood High, impact High").click();
    harness.run();
    assert!(harness.state().matrix().cell.is_some());
    harness.get_by_label_contains("Process order, Function").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    assert!(harness.state().matrix().cell.is_none(), "the matrix cell of the other file is gone");
    assert!(harness.state().selection().is_empty());
    assert!(harness.query_by_label_contains("Showing likelihood").is_none());
}

#[test]
fn where_the_desktop_has_no_file_dialog_the_app_asks_in_its_own_window() {
    let dir = tempfile::tempdir().unwrap();
    let opened = dir.path().join("opened.ron");
    threatsketch::io::save_path(&Template::sample().model().unwrap(), &opened).unwrap();
    let dialogs = FakeDialogs { no_dialog: true, ..FakeDialogs::default() };
    let app = ThreatSketchApp::new(Some(&opened), Box::new(dialogs), RecentFiles::default());
    let mut harness = harness_with(app);
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    // The chooser opens in the model's folder, with a name made from the model's.
    harness.get_by_label("Save threat model");
    harness.get_by_label("Save").click();
    harness.run();
    let saved = dir.path().join("serverless-checkout.ron");
    assert!(saved.exists(), "saved through the app's own chooser");
    assert_eq!(harness.state().document().path(), Some(saved.as_path()));
    assert!(harness.query_by_label("Save threat model").is_none(), "the chooser closed");

    // Exports take the same way.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    assert!(dir.path().join("serverless-checkout-report.html").exists());
}

/// A file as a desktop drops it on the window.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(harness: &mut egui_kittest::Harness<'_, ThreatSketchApp>, path: &Path) {
    harness.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(path.to_path_buf())));
    harness.run();
}

#[test]
fn a_file_dropped_on_the_window_opens_or_imports_it_and_anything_else_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let model_path = dir.path().join("contact.ron");
    std::fs::copy(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates/contact-form.ron"), &model_path)
        .unwrap();
    let mut harness = sample_app(FakeDialogs::default());
    drop_file(&mut harness, &model_path);
    assert_eq!(harness.state().document().path(), Some(model_path.as_path()), "a model opens");

    drop_file(&mut harness, &threat_dragon_file("fixtures/td-test-model.json"));
    harness.get_by_label("Which diagram?");
    harness.get_by_label("Test title diagram1").click();
    harness.run();
    assert!(harness.state().document().path().is_none(), "a Threat Dragon file is imported");
    harness.get_by_label("OK").click();
    harness.run();

    // Edited, then another file dropped: unsaved changes are asked about first.
    harness.state_mut().apply(threatsketch::edit::Command::SetModelDescription { text: "Ours".into() });
    harness.run();
    drop_file(&mut harness, &model_path);
    harness.get_by_label("Don't save");
    harness.get_by_label("Cancel").click();
    harness.run();

    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "Shopping list").unwrap();
    let before = harness.state().model().clone();
    drop_file(&mut harness, &notes);
    harness.get_by_label("Could not open the dropped file");
    harness.get_by_label_contains("none of the files ThreatSketch opens");
    assert_eq!(harness.state().model(), &before, "nothing changes");
}

#[test]
fn a_sam_template_imports_from_the_menu_or_by_dropping_it() {
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iac/sam/sqs-lambda-python-sam.yaml");
    let dialogs = FakeDialogs { import: Some(template.clone()), ..FakeDialogs::default() };
    let mut harness = sample_app(dialogs);
    menu_item(&mut harness, "File", "Import infrastructure (CloudFormation, SAM, Serverless, Terraform)…");
    harness.get_by_label("Imported from infrastructure");
    harness.get_by_label_contains("(a SAM template)");
    assert!(harness.state().document().path().is_none(), "an import is a new, unsaved model");
    assert!(harness.state().model().elements.iter().any(|e| e.kind == "queue"));
    harness.get_by_label("OK").click();
    harness.run();

    let mut dropped = sample_app(FakeDialogs::default());
    drop_file(&mut dropped, &template);
    dropped.get_by_label("Imported from infrastructure");
    assert!(dropped.state().model().elements.iter().any(|e| e.kind == "function"));
}

#[test]
fn updating_from_changed_infrastructure_keeps_the_users_work_and_can_be_undone() {
    let dir = tempfile::tempdir().unwrap();
    let service = dir.path().join("serverless.yml");
    let original = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/iac/serverless-framework/aws-node-rest-api-with-dynamodb/serverless.yml"),
    )
    .unwrap();
    std::fs::write(&service, &original).unwrap();
    let dialogs = FakeDialogs { import: Some(service.clone()), ..FakeDialogs::default() };
    let mut harness = sample_app(dialogs);
    menu_item(&mut harness, "File", "Import infrastructure (CloudFormation, SAM, Serverless, Terraform)…");
    harness.get_by_label("OK").click();
    // The imported diagram is wider than the test window: see all of it.
    menu_item(&mut harness, "View", "Fit to window");
    // Where each answer came from shows in the inspector.
    select(&mut harness, "TodosDynamoDbTable, Database");
    assert_eq!(harness.state().selection().len(), 1, "the table is selected");
    harness.get_by_label_contains("Imported from serverless.yml line");
    harness.get_by_label_contains("From serverless.yml: PointInTimeRecoverySpecification");
    let table = harness.state().model().elements.iter().find(|e| e.name == "TodosDynamoDbTable").unwrap().id.clone();
    harness
        .state_mut()
        .apply(threatsketch::edit::Command::SetElementDescription { id: table.clone(), text: "Our to-do list".into() });
    harness.run();

    // The service gains backups and loses its delete function.
    let changed = original
        .replace(
            "ProvisionedThroughput:",
            "PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}\n        ProvisionedThroughput:",
        )
        .replace("\n  delete:\n", "\n  remove:\n");
    std::fs::write(&service, changed).unwrap();
    let before = harness.state().model().clone();
    menu_item(&mut harness, "File", "Update from infrastructure…");
    harness.get_by_label("Updated from the infrastructure");
    harness.get_by_label_contains("Removed delete");
    harness.get_by_label_contains("Added remove");
    let model = harness.state().model();
    let updated = model.element(&table).expect("the same element, by its resource");
    assert_eq!(updated.description, "Our to-do list");
    assert_eq!(updated.property("backed_up"), threatsketch::model::Tri::Yes);
    harness.get_by_label("OK").click();
    harness.run();
    assert_eq!(harness.state().document().history().undo_label(), Some("Update from infrastructure"));
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().model(), &before, "one edit, undone whole");
}

#[test]
fn merge_conflicts_are_listed_and_settled_one_by_one() {
    use threatsketch::model::Answer;
    let mut harness = sample_app(FakeDialogs::default());
    let base = harness.state().model().clone();
    let api = base.elements.iter().position(|e| e.kind == "api_gateway").unwrap();
    let (mut ours, mut theirs) = (base.clone(), base.clone());
    ours.elements[api].set_answer("authorizer", Some(Answer::choice("jwt")));
    theirs.elements[api].set_answer("authorizer", Some(Answer::choice("iam")));
    theirs.description = "Their words".to_owned();
    ours.description = "Our words".to_owned();
    let merged = threatsketch::changes::merge(&base, &ours, &theirs);
    assert_eq!(merged.conflicts, 2);
    harness.state_mut().apply(threatsketch::edit::Command::ReplaceModel {
        model: Box::new(merged.model),
        label: "Open the merged model",
    });
    harness.run();
    harness.get_by_label("Merge conflicts (2)");
    harness.get_by_label_contains("Yours: Our words");
    harness.get_by_label_contains("Theirs: Their words");
    // The first in the list is the API's answer: take theirs.
    harness.get_all_by_label("Take theirs").next().unwrap().click();
    harness.run();
    let model = harness.state().model();
    assert_eq!(model.elements[api].answer("authorizer"), Some(&Answer::choice("iam")));
    assert_eq!(model.conflicts.len(), 1);
    harness.get_by_label("Merge conflicts (1)");
    harness.get_by_label("Keep mine").click();
    harness.run();
    assert_eq!(harness.state().model().description, "Our words");
    assert!(harness.state().model().conflicts.is_empty());
    assert!(harness.query_by_label_contains("Merge conflicts").is_none(), "the window goes with the last one");
    // Each choice is an edit: Undo brings the conflict back.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().model().conflicts.len(), 1);
}

#[test]
fn one_import_reads_every_format_and_export_lists_the_formats() {
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interop");
    let dir = tempfile::tempdir().unwrap();
    let exported = dir.path().join("shop");
    let dialogs = FakeDialogs {
        import: Some(fixtures.join("mtmt/MTMT_example.tm7")),
        export: Some(exported.clone()),
        ..FakeDialogs::default()
    };
    let mut harness = sample_app(dialogs);
    menu_item(&mut harness, "File", "Import…");
    harness.get_by_label("Imported from Microsoft Threat Modeling Tool");
    assert_eq!(harness.state().model().elements.len(), 4);
    harness.get_by_label("OK").click();
    harness.run();
    // File › Export lists each format ThreatSketch writes; the file gets its extension.
    harness.get_by_label("File").click();
    harness.run();
    // A submenu: egui marks it with an arrow.
    harness.get_by_label("Export ⏵").click();
    harness.run();
    harness.get_by_label("AWS Threat Composer…");
    harness.get_by_label("OWASP Threat Dragon…");
    harness.get_by_label("Open Threat Model (OTM)…").click();
    harness.run();
    let written = exported.with_extension("otm.json");
    let text = std::fs::read_to_string(&written).expect("the OTM file is written");
    let back = threatsketch::interop::format::detect(&text).expect("a format ThreatSketch reads");
    assert_eq!(back.id(), "otm");
    assert_eq!(back.import(&text).unwrap()[0].model.elements.len(), 4);
}
