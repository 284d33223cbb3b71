//! Reviews: the overdue banner and logging a review, and the next review planned for a new model.

use egui_kittest::kittest::Queryable as _;
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
