//! The projected room and big models: presentation mode keeps the diagram large and shows
//! only what the step needs; a big model opens readable with an overview map to move about.

use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use threatsketch::app::ThreatSketchApp;
use threatsketch::io::recent::RecentFiles;
use threatsketch::model::{Element, ElementId, Point, ThreatModel};

use crate::{FakeDialogs, harness_with, sample_app};

/// `count` functions on a grid 320 by 160 units apart, 20 to a row.
fn grid_model(count: usize) -> ThreatModel {
    let mut model = ThreatModel::new("Grid");
    for i in 0..count {
        let id = ElementId::new(format!("e{}", i + 1));
        model.layout.elements.insert(id.clone(), Point::new((i % 20) as f32 * 320.0, (i / 20) as f32 * 160.0));
        model.elements.push(Element::new(id, "function", format!("Part {}", i + 1)));
    }
    model
}

fn open(model: ThreatModel) -> Harness<'static, ThreatSketchApp> {
    let app = ThreatSketchApp::with_model(model, Box::new(FakeDialogs::default()), RecentFiles::default());
    let mut harness = harness_with(app);
    harness.run();
    harness
}

#[test]
fn a_big_model_opens_readable_with_an_overview_map_to_move_about() {
    let mut harness = open(grid_model(400));
    let zoom = harness.state().canvas_zoom();
    assert!(zoom >= 0.6 - 1e-4, "names stay readable: {zoom}");
    let map = harness.get_by_label_contains("Overview map");
    let before = harness.state().canvas_pan();
    map.click();
    harness.run();
    assert_ne!(harness.state().canvas_pan(), before, "a click on the map moves the view there");

    // Fit to window shows it all, however small; then nothing is off screen and the map goes.
    harness.state_mut().fit_to_window();
    harness.run();
    harness.run();
    assert!(harness.state().canvas_zoom() < 0.6);
    assert!(harness.query_by_label_contains("Overview map").is_none());
}

#[test]
fn a_small_model_opens_fitted_without_a_map_even_zoomed_in() {
    let mut harness = open(grid_model(3));
    for _ in 0..6 {
        harness.key_press(Key::Plus);
        harness.run();
    }
    assert!(harness.query_by_label_contains("Overview map").is_none(), "Fit finds a small model again");
    harness.state_mut().fit_to_window();
    harness.run();
    harness.run();
    // No map: all of it is on screen, at a readable zoom and never enlarged past 100 %.
    assert!(harness.query_by_label_contains("Overview map").is_none());
    let zoom = harness.state().canvas_zoom();
    assert!((0.6..=1.0).contains(&zoom), "{zoom}");
}

#[test]
fn presenting_shows_only_what_each_step_needs() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.key_press(Key::F5);
    harness.run();
    // Nothing selected: the diagram alone; the palette and the inspector give way.
    assert!(harness.query_by_label("Add Function").is_none());
    assert!(harness.query_by_label("Model name").is_none());

    harness.get_by_label("2 Identify").click();
    harness.run();
    harness.get_by_label_contains("Suggestion 1 of");
    assert!(harness.query_by_label("Name").is_none(), "the inspector gives way to the guide");
    assert!(harness.query_by_label("Now").is_none(), "no matrix while identifying");
    // O: the room's own threat; its form comes up where it can be typed into.
    if let Some(focused) = harness.ctx.memory(|m| m.focused()) {
        harness.ctx.memory_mut(|m| m.surrender_focus(focused));
    }
    harness.key_press(Key::O);
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "What could go wrong?");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.query_by_label("Name").is_none(), "and goes again when done");

    harness.get_by_label("3 Assess").click();
    harness.run();
    harness.get_by_label_contains("Page Down keeps it");
    harness.get_by_label("Now");
    assert!(harness.query_by_label_contains("Fix first").is_none(), "the matrix alone, not the list");

    harness.get_by_label("1 Understand").click();
    harness.run();
    harness.get_by_label("Add Function");

    // Presenting, the focused part is shown with names of at least 18 px on a 1080p screen.
    harness.get_by_label("2 Identify").click();
    harness.run();
    let name_px = 13.0 * harness.state().canvas_zoom() * harness.ctx.zoom_factor();
    harness.key_press(Key::F5);
    harness.run();
    assert!(name_px * 1080.0 / 900.0 >= 18.0, "card names {name_px} px on a 900-line screen");
}
