//! Reviews: the overdue banner and logging a review, and the next review planned for a new model.

use egui_kittest::kittest::{NodeT as _, Queryable as _};
use threatsketch::app::ThreatSketchApp;
use threatsketch::io::recent::RecentFiles;
use threatsketch::io::templates::Template;

use crate::{FakeDialogs, harness_with};

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
    let expected = threatsketch::model::add_days(&threatsketch::model::today(), 91).unwrap();
    assert_eq!(harness.state().model().review.next, expected);
}

#[test]
fn the_next_review_field_shows_the_date_the_model_holds() {
    // The sample plans its review a quarter from today; the field showed an empty draft whose
    // grey example date looked like a value one day off.
    let harness = crate::sample_app(FakeDialogs::default());
    let planned = harness.state().model().review.next.clone();
    assert!(!planned.is_empty());
    assert_eq!(harness.get_by_label("Next review").value().as_deref(), Some(planned.as_str()));
}

#[test]
fn changes_since_the_last_review_are_listed_marked_and_tagged() {
    use threatsketch::edit::Command;
    use threatsketch::model::Target;
    let mut harness = crate::sample_app(FakeDialogs::default());
    crate::menu_item(&mut harness, "View", "Changes since last review");
    harness.get_by_label_contains("No review recorded what it saw yet");
    // Log a review: it records what the model is now.
    harness.get_all_by_label("Log a review…").next().unwrap().click();
    harness.run();
    for (field, text) in [("Who took part", "Ana"), ("What was found or decided", "All fine")] {
        harness.get_by_label(field).click();
        harness.run();
        harness.get_by_label(field).type_text(text);
        harness.run();
    }
    harness.get_by_label("Log review").click();
    harness.run();
    let today = threatsketch::model::today();
    assert_eq!(harness.state().model().review.reviewed.as_ref().map(|r| r.date.clone()), Some(today.clone()));
    // After the review: a function renamed and one removed.
    let model = harness.state().model().clone();
    let functions: Vec<_> = model.elements.iter().filter(|e| e.kind == "function").collect();
    let (renamed, removed) = (functions[0].clone(), functions[1].clone());
    let target = Target::Element(renamed.id.clone());
    harness.state_mut().apply(Command::Rename { target, name: "Charge card".into() });
    harness.state_mut().apply(Command::Delete { targets: vec![Target::Element(removed.id.clone())] });
    harness.run();
    crate::menu_item(&mut harness, "View", "Changes since last review");
    harness.get_by_label(&format!("Compared with the review of {today}"));
    harness.get_by_label(&format!("Element changed: Charge card (was {})", renamed.name));
    harness.get_by_label(&format!("Element removed: {}", removed.name));
    harness.get_by_label_contains("Gone threats (");
    // The canvas says which card changed, to a screen reader too; the threats panel sums up.
    let marked: Vec<String> = harness
        .query_all_by_label_contains(&format!("changed since the review of {today}"))
        .filter_map(|node| node.accesskit_node().label())
        .collect();
    assert_eq!(marked.len(), 1, "{marked:?}");
    assert!(marked[0].starts_with("Charge card, Function"), "{marked:?}");
    harness.get_by_label_contains(&format!("Since the review of {today}:"));
    // Undoing the edits leaves nothing changed.
    for _ in 0..2 {
        harness.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        harness.run();
    }
    harness.get_by_label(&format!("Nothing changed since the review of {today}."));
}

#[test]
fn the_model_can_be_compared_with_any_file() {
    let dir = tempfile::tempdir().unwrap();
    let older = dir.path().join("shop-v1.ron");
    let mut before = Template::sample().model().unwrap();
    before.elements[0].name = "Old browser".into();
    std::fs::write(&older, threatsketch::io::to_ron(&before).unwrap()).unwrap();
    let dialogs = FakeDialogs { import: Some(older), ..FakeDialogs::default() };
    let mut harness = crate::sample_app(dialogs);
    crate::menu_item(&mut harness, "View", "Compare with a file…");
    harness.get_by_label("Compared with shop-v1.ron");
    let now = harness.state().model().elements[0].name.clone();
    harness.get_by_label_contains(&format!("Element {now}: renamed (was Old browser)"));
}
