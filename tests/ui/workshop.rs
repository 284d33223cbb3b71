//! Running a session: presentation mode, the guided workshop, the command palette, the shortcut
//! overview, and every shortcut of the action table.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use threatsketch::app::ThreatSketchApp;
use threatsketch::model::ElementId;

use threatsketch::workshop::{focus_target, suggestions_on, walk};

use crate::{FakeDialogs, click_empty_canvas, harness_with, sample_app, select};

/// The parts Identify walks through, in its order.
fn identify_walk(harness: &Harness<'_, ThreatSketchApp>) -> Vec<String> {
    let app = harness.state();
    let analysis = app.analysis();
    let priority = threatsketch::risk::priority_indices(app.model(), &analysis.threats);
    walk(threatsketch::model::WorkshopStep::Identify, app.model(), analysis, &priority)
}

#[test]
fn presentation_mode_scales_text_and_remembers_the_size() {
    let mut harness = sample_app(FakeDialogs::default());
    let present_on = |harness: &mut Harness<'_, ThreatSketchApp>, width: f32, height: f32| {
        harness.set_size(egui::vec2(width, height));
        harness.run();
        harness.key_press(Key::F5);
        harness.run();
        assert!(harness.state().is_presenting());
        harness.ctx.zoom_factor()
    };
    // A 720-line projector: text takes the same share of the image as on a 1080-line one.
    let small = present_on(&mut harness, 1280.0, 720.0);
    harness.key_press(Key::F5);
    harness.run();
    let normal = harness.ctx.zoom_factor();
    let presenting = present_on(&mut harness, 1920.0, 1080.0);
    assert!((small - presenting * 720.0 / 1080.0).abs() < 1e-3, "{small} at 720 lines, {presenting} at 1080");
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
fn esc_leaves_presentation_mode_even_with_a_selection_as_the_hint_says() {
    let mut harness = sample_app(FakeDialogs::default());
    select(&mut harness, "API gateway, API gateway");
    harness.key_press(Key::F5);
    harness.run();
    assert!(harness.state().status().is_some_and(|s| s.text.contains("F5 or Esc leaves")));
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().is_presenting(), "one Esc leaves, as the hint promises");
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

    // 2 Identify: the riskiest part is focused; Space keeps a suggestion, N rules one out.
    harness.key_press(Key::PageDown);
    harness.run();
    let parts = identify_walk(&harness);
    let first_part = step(&harness).focus;
    assert_eq!((step(&harness).step, first_part.as_str()), (WorkshopStep::Identify, parts[0].as_str()));
    let target = focus_target(harness.state().model(), &first_part).unwrap();
    assert_eq!(harness.state().selection().single(), Some(&target));
    let suggestions: Vec<String> =
        suggestions_on(harness.state().analysis(), &target).iter().map(|t| t.key()).collect();
    harness.get_by_label_contains("Suggestion 1 of");
    harness.key_press(Key::Space);
    harness.run();
    assert!(harness.state().model().decisions[&suggestions[0]].kept, "a kept suggestion leaves its trace");
    harness.get_by_label_contains("Suggestion 2 of");
    harness.key_press(Key::N);
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "Not applicable, because")
        .type_text("Only staff use it");
    harness.key_press(Key::Enter);
    harness.run();
    let decision = harness.state().model().decisions.get(&suggestions[1]).cloned().unwrap();
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
            .any(|t| t.title == "Shared kiosk keeps the session" && t.target == first_part)
    );
    harness.key_press(Key::PageDown);
    harness.run();
    assert_eq!(step(&harness).focus, parts[1], "on to the next part");

    // 3 Assess: riskiest first; two digits rate likelihood and impact, then the next threat.
    harness.get_by_label("3 Assess").click();
    harness.run();
    let first = step(&harness).focus;
    let highest = harness.state().analysis().threats.iter().filter(|t| t.status.is_open()).map(|t| t.suggested.2).max();
    let first_risk = harness.state().analysis().threats.iter().find(|t| t.has_key(&first)).map(|t| t.suggested.2);
    assert_eq!(first_risk, highest, "Assess starts on the riskiest threat");
    harness.get_by_label_contains("Page Down keeps it and moves on");
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
    // Beside the database, which sits at the canvas's right edge: below it, not off screen
    // under the inspector, and on no other card.
    let (at, database) = (model.element_position(&added.id), model.element_position(&ElementId::new("e4")));
    assert!(at.distance(database) < 300.0, "next to the selection: {at:?} and {database:?}");
    let card = model.element_rect(&added.id);
    assert!(model.elements.iter().filter(|e| e.id != added.id).all(|e| !model.element_rect(&e.id).intersects(card)));
    let canvas = harness.get_by_label("Diagram canvas").rect();
    let shown = harness.get_by_label_contains(&format!("{}, Queue", added.name)).rect();
    assert!(canvas.contains_rect(shown), "on screen: {shown:?} in {canvas:?}");
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
fn the_shortcut_overview_lists_the_action_table() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.key_press(Key::Questionmark);
    harness.run();
    harness.get_by_label("On the canvas");
    for action in threatsketch::ui::actions::Action::all() {
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

/// Puts the app where an action's keys work: a threat picked in the list, or the guided
/// workshop at the step the keys belong to.
fn enter_context(harness: &mut Harness<'_, ThreatSketchApp>, action: threatsketch::ui::actions::Action) {
    use threatsketch::ui::actions::Context;
    let step = match action.row().context {
        Context::Anywhere | Context::SelectedElements => return,
        Context::PickedThreat => {
            let title = {
                let analysis = harness.state().analysis();
                threatsketch::risk::priority_order(harness.state().model(), &analysis.threats)[0].title().to_owned()
            };
            harness.get_all_by_label_contains(&title).next().unwrap().click();
            harness.run();
            click_empty_canvas(harness);
            return;
        }
        // Back from Identify goes somewhere; Next too.
        Context::Workshop | Context::WorkshopIdentify => "2 Identify",
        // Mitigate has a choice for every digit.
        Context::WorkshopChoosing => "4 Mitigate",
    };
    harness.get_by_label(step).click();
    harness.run();
    // The step's button keeps the focus after the click; a focused button would take Space.
    if let Some(focused) = harness.ctx.memory(|m| m.focused()) {
        harness.ctx.memory_mut(|m| m.surrender_focus(focused));
    }
    harness.run();
    assert!(harness.state().model().workshop.is_some(), "{action:?}: the workshop is on");
}

/// Every shortcut of the action table, pressed in the real UI where it works (with an element
/// selected, a threat picked, or the workshop at its step): none panics, and each does
/// something one can see (the model, the selection, a dialog, the view, the keyboard focus,
/// the text on screen, the status line), except the two that talk to the desktop (Quit, Paste).
#[test]
fn every_shortcut_does_something() {
    use threatsketch::ui::actions::Action;
    for action in Action::all() {
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
        enter_context(&mut harness, action);
        // A file dialog that was asked for (and cancelled) counts as seen.
        let fingerprint = |h: &Harness<'_, ThreatSketchApp>| {
            use std::hash::{Hash as _, Hasher as _};
            let app = h.state();
            let mut model = std::collections::hash_map::DefaultHasher::new();
            format!("{:?}", app.model()).hash(&mut model);
            // The words on screen: a dialog or panel that opened, a suggestion that moved on.
            let mut shown = std::collections::hash_map::DefaultHasher::new();
            for node in h.query_all_by_label_contains("") {
                node.accesskit_node().label().hash(&mut shown);
            }
            format!(
                "{:x}|{:x}|{:?}|{:?}|{}|{}|{}|{:?}|{}|{:?}|{:?}",
                model.finish(),
                shown.finish(),
                asked.borrow(),
                app.selection().iter().collect::<Vec<_>>(),
                app.status().map(|s| s.text.clone()).unwrap_or_default(),
                h.ctx.zoom_factor(),
                app.is_presenting(),
                app.display_prefs(),
                app.canvas_zoom(),
                app.canvas_pan(),
                h.ctx.memory(|m| m.focused()),
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

#[test]
fn page_down_starts_the_workshop_at_step_one() {
    let mut harness = sample_app(FakeDialogs::default());
    assert!(harness.state().model().workshop.is_none());
    harness.key_press(Key::PageDown);
    harness.run();
    let workshop = harness.state().model().workshop.clone().unwrap();
    assert_eq!(workshop.step, threatsketch::model::WorkshopStep::Understand);
    harness.get_by_label_contains("What are we building?");
}

#[test]
fn a_reopened_workshop_resumes_exactly_where_it_stopped() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label("2 Identify").click();
    harness.run();
    if let Some(focused) = harness.ctx.memory(|m| m.focused()) {
        harness.ctx.memory_mut(|m| m.surrender_focus(focused));
    }
    harness.key_press(Key::Space);
    harness.run();
    harness.key_press(Key::Space);
    harness.run();
    harness.get_by_label_contains("Suggestion 3 of");
    let workshop = harness.state().model().workshop.clone().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.ron");
    threatsketch::io::save_path(harness.state().model(), &path).unwrap();
    drop(harness);

    let app = ThreatSketchApp::new(Some(&path), Box::new(FakeDialogs::default()), Default::default());
    let mut reopened = harness_with(app);
    reopened.run();
    assert_eq!(reopened.state().model().workshop.as_ref(), Some(&workshop));
    let target = focus_target(reopened.state().model(), &workshop.focus).unwrap();
    assert_eq!(reopened.state().selection().single(), Some(&target), "the part under discussion is selected");
    assert!(reopened.state().canvas_zoom() >= 1.0, "and shown large");
    reopened.get_by_label_contains("Suggestion 3 of");
}

#[test]
fn the_mitigation_plan_sets_the_rating_after_mitigation_the_due_date_and_any_status() {
    use threatsketch::model::{Level, ThreatStatus};
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label("4 Mitigate").click();
    harness.run();
    let key = harness.state().model().workshop.clone().unwrap().focus;
    let threat = |h: &Harness<'_, ThreatSketchApp>| {
        h.state().analysis().threats.iter().find(|t| t.has_key(&key)).cloned().unwrap()
    };
    let before = threat(&harness);
    assert_eq!(before.residual, (before.likelihood, before.impact, before.risk), "no plan yet: as now");
    let family = before.rule().unwrap().mitigation;
    harness.get_by_label_contains(&format!("{} (suggested)", family.label())).click();
    harness.run();
    let planned = threat(&harness);
    let scale = harness.state().model().scale;
    assert_eq!(planned.residual.0, scale.step(before.likelihood, -1), "the plan lowers the likelihood one level");
    assert_eq!(planned.residual.1, before.impact);
    harness.get_by_label_contains("Suggested from the plan: Likelihood −1");

    // Overridden by hand: impact after mitigation Low.
    harness.get_by_label("Impact after mitigation Low").click();
    harness.run();
    assert_eq!(threat(&harness).residual.1, Level::Low);
    harness.get_by_label("Use what the plan suggests").click();
    harness.run();
    assert_eq!(threat(&harness).residual, planned.residual);

    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Due date").click();
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Due date").type_text("2027-01-31");
    harness.run();
    assert_eq!(harness.state().model().decisions[&key].due, "2027-01-31");

    // The workshop bar's status comes first; the threats list below has a status filter too.
    harness.get_all_by_label("Status").next().unwrap().click();
    harness.run();
    harness.get_by_label("Accepted").click();
    harness.run();
    harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Why is this risk acceptable?").click();
    harness.run();
    harness
        .get_by_role_and_label(egui::accesskit::Role::TextInput, "Why is this risk acceptable?")
        .type_text("Cheaper to refund");
    harness.run();
    harness.get_by_label("Mark accepted").click();
    harness.run();
    let decision = harness.state().model().decisions[&key].clone();
    assert_eq!((decision.status, decision.reason.as_str()), (ThreatStatus::Accepted, "Cheaper to refund"));
}
