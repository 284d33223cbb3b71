//! The real UI, driven through AccessKit labels with egui_kittest: no window, no GPU.
//!
//! One test binary (one link), one module per area; this file holds the shared harness helpers.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod drawing;
mod files;
mod inspector;
mod matrix;
mod review;
mod room;
mod safety;
mod threats;
mod workshop;

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use egui::Pos2;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use threatsketch::app::ThreatSketchApp;
use threatsketch::edit::Command;
use threatsketch::io::dialogs::{FileDialogs, FileQuestion, Picked, Purpose};
use threatsketch::io::recent::RecentFiles;

/// Answers file dialogs with prepared paths and remembers that it was asked. `no_dialog`
/// plays a desktop without file dialogs, where the app shows its own chooser.
#[derive(Clone, Default)]
struct FakeDialogs {
    open: Option<PathBuf>,
    save: Option<PathBuf>,
    export: Option<PathBuf>,
    import: Option<PathBuf>,
    no_dialog: bool,
    asked: Rc<RefCell<Vec<&'static str>>>,
}

impl FileDialogs for FakeDialogs {
    fn ask(&self, question: &FileQuestion) -> Picked {
        let (asked, answer) = match question.purpose {
            Purpose::OpenModel => ("open", &self.open),
            Purpose::SaveModel => ("save", &self.save),
            Purpose::Export => ("export", &self.export),
            Purpose::Import => ("import", &self.import),
        };
        self.asked.borrow_mut().push(asked);
        match answer {
            _ if self.no_dialog => Picked::Unavailable,
            Some(path) => Picked::Path(path.clone()),
            None => Picked::Cancelled,
        }
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

/// The sample with one edit made, so that there is unsaved work to ask about.
fn edited_sample_app(dialogs: FakeDialogs) -> Harness<'static, ThreatSketchApp> {
    let mut harness = sample_app(dialogs);
    harness.state_mut().apply(Command::SetModelDescription { text: "Our shop".into() });
    harness.run();
    assert!(harness.state().document().is_dirty());
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

pub(crate) fn select(harness: &mut Harness<'_, ThreatSketchApp>, label: &str) {
    harness.get_by_label_contains(label).click();
    harness.run();
}

fn menu_item(harness: &mut Harness<'_, ThreatSketchApp>, menu: &str, item: &str) {
    harness.get_by_label(menu).click();
    harness.run();
    // Menu items read with their shortcut: "Export report… Ctrl+E".
    harness.get_by_label_contains(item).click();
    harness.run();
}

fn threat_dragon_file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/threat-dragon").join(name)
}
