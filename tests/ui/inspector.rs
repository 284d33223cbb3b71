//! The inspector: answering questions (yes/no, choices, numbers, folded ones), editing flows, typing
//! names, and the attacker prompts for each kind.

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use threatsketch::app::ThreatSketchApp;
use threatsketch::model::{ElementId, FlowId, Tri};

use crate::{FakeDialogs, click_empty_canvas, sample_app, scroll_and_click};

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
fn the_inspector_shows_attacker_prompts_for_the_kind() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.get_by_label_contains("Process order, Function").click();
    harness.run();
    harness.get_by_label_contains("What could go wrong").scroll_to_me();
    harness.run();
    harness.get_by_label("Think like an attacker");
    harness.get_by_label_contains("What would make this function run thousands of times");
}
