//! The reference architectures are complete: every fact stated, every review entry about a
//! real element or flow and a real rule. (Their scores are in tests/reference_scores.rs.)

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "reference/review.rs"]
mod review;

use std::collections::HashSet;

use threatsketch::model::KindCatalog;
use threatsketch::threats::{BUILTIN_CATALOGUE_RON, Catalogue};

#[test]
fn there_are_at_least_eight_reference_architectures() {
    assert!(review::all().len() >= 8, "{} reference architectures", review::all().len());
}

#[test]
fn every_reference_model_states_every_fact() {
    let kinds = KindCatalog::builtin();
    let mut missing = Vec::new();
    for (path, _, model) in review::all() {
        let file = path.file_name().unwrap().to_string_lossy().replace(".review.ron", ".ron");
        for element in &model.elements {
            let kind = kinds.kind(&element.kind).unwrap();
            let asked = |p: &&String| kind.asks_given(p, &element.properties, kinds);
            for property in kind.all_properties().filter(asked).filter(|p| element.answer(p).is_none()) {
                missing.push(format!("{file}: {} ({}) does not answer '{property}'", element.id, element.name));
            }
        }
        for flow in &model.flows {
            if flow.encrypted.is_unknown() || flow.authenticated.is_unknown() {
                missing.push(format!("{file}: {} leaves encryption or authentication unknown", flow.id));
            }
            if flow.data.is_empty() {
                missing.push(format!("{file}: {} says nothing of the data it carries", flow.id));
            }
            for property in kinds.flow_properties.iter().filter(|p| flow.answer(p).is_none()) {
                missing.push(format!("{file}: {} does not answer '{property}'", flow.id));
            }
        }
    }
    assert!(missing.is_empty(), "{} facts left unknown:\n{}", missing.len(), missing.join("\n"));
}

#[test]
fn every_review_entry_names_a_real_target_and_rule() {
    let catalogue = Catalogue::parse(BUILTIN_CATALOGUE_RON).unwrap();
    let rules: HashSet<&str> = catalogue.rules.iter().map(|r| r.id.as_str()).collect();
    let mut problems = Vec::new();
    for (path, review, model) in review::all() {
        let file = path.file_name().unwrap().to_string_lossy().into_owned();
        if review.reviewer.trim().is_empty() || review.source.trim().is_empty() {
            problems.push(format!("{file}: say who reviewed it and which public pattern it follows"));
        }
        let words = review.expected.iter().map(|e| &e.idea).chain(review.should_not_flag.iter().map(|n| &n.idea));
        let facts = review.should_not_flag.iter().map(|n| &n.fact);
        if words.chain(facts).any(|text| text.trim().is_empty()) {
            problems.push(format!("{file}: every entry needs its idea, and every should-not-flag its fact"));
        }
        let entries = review
            .expected
            .iter()
            .map(|e| (&e.target, e.rule.as_deref()))
            .chain(review.should_not_flag.iter().map(|n| (&n.target, Some(n.rule.as_str()))));
        for (target, rule) in entries {
            if model.target(target).is_none() {
                problems.push(format!("{file}: no element or flow '{target}'"));
            }
            if let Some(rule) = rule.filter(|r| !rules.contains(r)) {
                problems.push(format!("{file}: no rule '{rule}' in the catalogue"));
            }
        }
        let expected: HashSet<(&str, Option<&str>)> =
            review.expected.iter().map(|e| (e.target.as_str(), e.rule.as_deref())).collect();
        for not in &review.should_not_flag {
            if expected.contains(&(not.target.as_str(), Some(not.rule.as_str()))) {
                problems.push(format!("{file}: {}@{} is both expected and not", not.rule, not.target));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
