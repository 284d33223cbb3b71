//! Never losing work: the autosave copy, recovery after a crash, a file changed on disk, and a
//! file open in two windows.

use std::path::Path;
use std::time::Duration;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use threatsketch::app::ThreatSketchApp;
use threatsketch::io::autosave::Autosaves;
use threatsketch::io::open_files::OpenFiles;
use threatsketch::io::recent::RecentFiles;
use threatsketch::io::templates::Template;

use crate::{FakeDialogs, harness_with, select};

/// A saved copy of the sample in `dir`, and the app with it open and autosaving into
/// `dir/autosave` at once.
fn app_on_file(dir: &Path) -> (Harness<'static, ThreatSketchApp>, std::path::PathBuf) {
    let file = dir.join("shop.ron");
    threatsketch::io::save_path(&Template::sample().model().unwrap(), &file).unwrap();
    let mut app = ThreatSketchApp::new(Some(&file), Box::new(FakeDialogs::default()), RecentFiles::default());
    app.keep_work_safe(
        Some(Autosaves::at(dir.join("autosave"))),
        Some(OpenFiles::at(dir.join("open"))),
        Duration::ZERO,
    );
    (harness_with(app), file)
}

fn copies(dir: &Path) -> usize {
    std::fs::read_dir(dir.join("autosave")).map_or(0, |entries| entries.count())
}

#[test]
fn unsaved_changes_are_copied_aside_and_the_copy_goes_when_saved() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, file) = app_on_file(dir.path());
    assert_eq!(copies(dir.path()), 0, "nothing to keep while saved");
    select(&mut harness, "Process order, Function");
    harness.key_press(Key::Delete);
    harness.run();
    assert_eq!(copies(dir.path()), 1, "the change is kept aside");
    let before = std::fs::read_to_string(&file).unwrap();
    assert!(before.contains("Process order"), "never over the user's file");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(copies(dir.path()), 0, "saved: the copy is gone");
}

/// Leaves a copy as a crashed app would: written by another process that no longer runs.
fn crashed_copy(dir: &Path, belongs_to: Option<&Path>, name: &str) {
    let mut model = Template::sample().model().unwrap();
    model.name = name.to_owned();
    model.elements.retain(|e| e.name != "Send confirmation email");
    model.flows.retain(|f| f.from.as_str() != "e5" && f.to.as_str() != "e5");
    let store = Autosaves::at(dir.join("autosave"));
    let copy = store.write("crashed", &model, belongs_to).unwrap();
    let text = std::fs::read_to_string(&copy).unwrap();
    let own = format!("\"pid\":{}", std::process::id());
    std::fs::write(&copy, text.replacen(&own, &format!("\"pid\":{}", u32::MAX - 11), 1)).unwrap();
}

#[test]
fn after_a_crash_the_next_start_offers_the_copy_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.ron");
    threatsketch::io::save_path(&Template::sample().model().unwrap(), &file).unwrap();
    crashed_copy(dir.path(), Some(&file), "Recovered shop");
    let mut app = ThreatSketchApp::new(None, Box::new(FakeDialogs::default()), RecentFiles::default());
    app.keep_work_safe(Some(Autosaves::at(dir.path().join("autosave"))), None, Duration::ZERO);
    let mut harness = harness_with(app);
    harness.get_by_label("Recovered work");
    harness.get_by_label("Recovered shop");
    harness.get_by_label("Compare with saved").click();
    harness.run();
    // The recovery dialog says it as `threatsketch diff` does (one diff everywhere).
    harness.get_by_label("• Element removed: Send confirmation email");
    harness.get_by_label("Open").click();
    harness.run();
    assert_eq!(harness.state().model().name, "Recovered shop");
    assert!(harness.state().document().is_dirty(), "recovered work is not saved yet");
    assert_eq!(harness.state().document().path(), Some(file.as_path()), "it belongs to its file");
    assert!(dir.path().join("autosave/crashed.ron").exists(), "nothing deleted without asking");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    assert_eq!(copies(dir.path()), 0, "saved: the recovered copy is no longer needed");
    assert_eq!(threatsketch::io::load_path(&file).unwrap().model.name, "Recovered shop");
}

#[test]
fn a_recovered_copy_can_be_discarded_or_left_for_later() {
    let dir = tempfile::tempdir().unwrap();
    crashed_copy(dir.path(), None, "Untitled sketch");
    let start = |dir: &Path| {
        let mut app = ThreatSketchApp::new(None, Box::new(FakeDialogs::default()), RecentFiles::default());
        app.keep_work_safe(Some(Autosaves::at(dir.join("autosave"))), None, Duration::ZERO);
        harness_with(app)
    };
    let mut harness = start(dir.path());
    harness.get_by_label("Decide later").click();
    // The start screen's scroll area settles over a few frames.
    harness.run_steps(10);
    assert!(harness.state().is_start_screen_open(), "the start screen comes next");
    assert_eq!(copies(dir.path()), 1);
    let mut harness = start(dir.path());
    harness.get_by_label("Discard").click();
    harness.run_steps(10);
    assert_eq!(copies(dir.path()), 0);
    assert!(harness.query_by_label("Recovered work").is_none());
}

#[test]
fn a_file_changed_on_disk_is_noticed_and_reloading_is_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, file) = app_on_file(dir.path());
    let mut changed = Template::sample().model().unwrap();
    changed.name = "Changed by a git pull".into();
    threatsketch::io::save_path(&changed, &file).unwrap();
    // Away from the window and back.
    harness.input_mut().focused = false;
    harness.run();
    harness.input_mut().focused = true;
    harness.run();
    harness.get_by_label("The file changed on disk");
    harness.get_by_label("Reload it").click();
    harness.run();
    assert_eq!(harness.state().model().name, "Changed by a git pull");
    assert!(!harness.state().document().is_dirty());
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().model().name, "Serverless checkout", "undo brings back what was open");
}

#[test]
fn saving_over_a_file_that_changed_on_disk_asks_first() {
    let dir = tempfile::tempdir().unwrap();
    let (mut harness, file) = app_on_file(dir.path());
    select(&mut harness, "Process order, Function");
    harness.key_press(Key::Delete);
    harness.run();
    let mut changed = Template::sample().model().unwrap();
    changed.name = "Someone else's version".into();
    threatsketch::io::save_path(&changed, &file).unwrap();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::S);
    harness.run();
    harness.get_by_label("The file changed on disk");
    assert_eq!(threatsketch::io::load_path(&file).unwrap().model.name, "Someone else's version", "not yet");
    harness.get_by_label("Save over it").click();
    harness.run();
    let saved = threatsketch::io::load_path(&file).unwrap().model;
    assert!(!saved.elements.iter().any(|e| e.name == "Process order"), "ours is saved");
}

#[test]
fn a_file_open_in_another_window_warns() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("shop.ron");
    threatsketch::io::save_path(&Template::sample().model().unwrap(), &file).unwrap();
    if !cfg!(target_os = "linux") {
        return;
    }
    // Another ThreatSketch (a running process: pid 1 always is) has it open.
    let open = dir.path().join("open");
    OpenFiles::at(&open).claim(&file);
    let claim = std::fs::read_dir(&open).unwrap().next().unwrap().unwrap().path();
    let name = claim.file_name().unwrap().to_string_lossy().into_owned();
    let other = name.rsplit_once('-').unwrap().0.to_owned() + "-1";
    std::fs::rename(&claim, open.join(other)).unwrap();
    let mut app = ThreatSketchApp::new(Some(&file), Box::new(FakeDialogs::default()), RecentFiles::default());
    app.keep_work_safe(None, Some(OpenFiles::at(&open)), Duration::ZERO);
    let harness = harness_with(app);
    let status = harness.state().status().map(|s| s.text.clone()).unwrap_or_default();
    assert!(status.contains("also open in another ThreatSketch window"), "{status}");
}
