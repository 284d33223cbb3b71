//! The risk matrix: counting and filtering by cell, re-rating by dragging or arrow keys, the five-level
//! scale, and risk after mitigation.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use threatsketch::app::ThreatSketchApp;

use crate::{FakeDialogs, click_empty_canvas, drag, sample_app, scroll_and_click};

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
