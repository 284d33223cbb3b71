//! Threats: the cards in the inspector and the panel, marking not applicable, rating, planning a fix,
//! threats of one's own, the questions window, and jargon explained by the glossary.

use egui::{Key, Modifiers};
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use threatsketch::model::{ElementId, Target};

use crate::{FakeDialogs, sample_app, scroll_and_click, select};

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

    // Undone, the field shows the model's date again, not the text typed before.
    harness.get_by_label("Diagram canvas").click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(harness.state().model().decisions.values().all(|d| d.due.is_empty()));
    harness.get_by_label_contains("Orders database, Database").click();
    harness.run();
    assert_eq!(harness.get_by_label("Due date").value().as_deref(), Some(""));
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
fn the_glossary_explains_jargon_and_searches() {
    let mut harness = sample_app(FakeDialogs::default());
    harness.key_press(Key::F1);
    harness.run();
    harness.get_by_label("Glossary");
    let all = threatsketch::glossary::Glossary::builtin().terms().len();
    harness.get_by_label(&format!("{all} terms"));
    // The search box has the keyboard at once: F1, then type.
    let search = harness.get_by_role_and_label(egui::accesskit::Role::TextInput, "Search glossary");
    assert!(search.accesskit_node().is_focused(), "F1 gives the search box the keyboard");
    // Typed as keyboard text, not aimed at the field: it goes where the focus is.
    harness.input_mut().events.push(egui::Event::Text("wallet".into()));
    harness.run();
    harness.get_by_label_contains("Denial of wallet");
    assert!(harness.query_by_label(&format!("{all} terms")).is_none(), "the search filters");
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

#[test]
fn a_threat_card_asks_its_question_only_while_the_answer_is_unknown() {
    let mut harness = sample_app(FakeDialogs::default());
    select(&mut harness, "API gateway, API gateway");
    let question = "Don't know? Ask your developer: Which routes of this API need a signed-in user";
    assert!(harness.query_by_label_contains(question).is_some(), "the authorizer is unknown in the sample");
    harness.state_mut().apply(threatsketch::edit::Command::SetAnswer {
        target: Target::Element(ElementId::new("e2")),
        property: "authorizer".into(),
        answer: Some(threatsketch::model::Answer::choice("none")),
    });
    harness.run();
    assert!(harness.query_all_by_label_contains("Anyone can call the API without signing in").next().is_some());
    assert!(
        harness.query_by_label_contains("Which routes of this API need a signed-in user").is_none(),
        "answered: the card no longer asks, in any words"
    );
    assert!(harness.query_all_by_label_contains("Authorizer: none").next().is_some(), "why shows the answer");
}
