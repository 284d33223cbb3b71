//! A model sent to Threat Dragon and imported again keeps what its ratings depend on (the
//! scale and the regulations in scope), its review and its workshop progress, so every rating
//! comes back as it was; and imported ids are given out as before, however many cells lack one.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use serde_json::Value;
use threatsketch::interop::threat_dragon;
use threatsketch::io::templates::Template;
use threatsketch::model::{
    Compliance, Decision, ElementId, Level, Review, ReviewEntry, Scale, Stride, Target, ThreatModel, ThreatStatus,
    Workshop, WorkshopStep,
};
use threatsketch::threats::{Catalogue, analyze};

fn export(model: &ThreatModel) -> String {
    threat_dragon::export(model, &analyze(model, Catalogue::builtin()))
}

fn import_one(json: &str) -> (ThreatModel, Vec<String>) {
    let mut import = threat_dragon::import(json).unwrap();
    assert_eq!(import.diagrams.len(), 1);
    let diagram = import.diagrams.remove(0);
    (diagram.model, diagram.notes)
}

/// A threat by what a person sees (its target's name and its title), ids aside: ids change
/// from ours to UUIDs on the way.
fn name_of_key(model: &ThreatModel, key: &str) -> Option<(String, String)> {
    let analysis = analyze(model, Catalogue::builtin());
    let threat = analysis.threats.iter().find(|t| t.key() == key)?;
    Some((model.display_name(&threat.target)?, threat.title().to_owned()))
}

/// Likelihood, impact, risk, rating after mitigation and status.
type Rating = (Level, Level, String, (Level, Level, String), ThreatStatus);

/// Every threat's rating, by target name and title.
fn ratings(model: &ThreatModel) -> BTreeMap<(String, String), Rating> {
    let analysis = analyze(model, Catalogue::builtin());
    let ratings: BTreeMap<_, _> = analysis
        .threats
        .iter()
        .map(|t| {
            let (l, i, r) = t.residual;
            let name = model.display_name(&t.target).unwrap_or_default();
            let rating = (t.likelihood, t.impact, t.risk.label().to_owned(), (l, i, r.label().to_owned()), t.status);
            ((name, t.title().to_owned()), rating)
        })
        .collect();
    assert_eq!(ratings.len(), analysis.threats.len(), "every threat told apart by target and title");
    ratings
}

/// The sample on the five-level scale, with payment cards and personal data in scope, a review
/// planned and logged, a five-level rating of the team's, and a workshop at the Assess step.
fn rated_model() -> ThreatModel {
    let mut model = Template::sample().model().unwrap();
    model.scale = Scale::FiveLevels;
    model.compliance = [Compliance::PciDss, Compliance::Gdpr].into();
    model.review = Review {
        next: "2027-02-28".into(),
        log: vec![ReviewEntry { date: "2026-11-29".into(), who: "Ann".into(), summary: "First review.".into() }],
        // What that review saw, so "Changes since last review" works after a trip too.
        reviewed: Some(threatsketch::changes::reviewed_state(
            &model,
            &analyze(&model, Catalogue::builtin()),
            "2026-11-29",
        )),
    };
    let analysis = analyze(&model, Catalogue::builtin());
    let rated = Decision {
        status: ThreatStatus::InProgress,
        likelihood: Some(Level::VeryHigh),
        impact: Some(Level::VeryLow),
        ..Decision::default()
    };
    model.decisions.insert(analysis.threats[0].key(), rated);
    model.workshop = Some(Workshop { step: WorkshopStep::Assess, focus: analysis.threats[3].key() });
    model
}

#[test]
fn every_rating_the_scale_the_regulations_the_review_and_the_workshop_survive_a_round_trip() {
    let model = rated_model();
    // The test means something only if scale and regulations move ratings.
    let plain = ThreatModel { scale: Scale::default(), compliance: Default::default(), ..model.clone() };
    assert_ne!(ratings(&plain), ratings(&model), "the five-level scale and the regulations change ratings");

    let (back, notes) = import_one(&export(&model));
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!(back.scale, Scale::FiveLevels);
    assert_eq!(back.compliance, model.compliance);
    assert_eq!(back.review, model.review);
    assert_eq!(ratings(&back), ratings(&model));

    // The workshop goes on where it stopped: the same step, on the same threat.
    let (workshop, before) = (back.workshop.as_ref().unwrap(), model.workshop.as_ref().unwrap());
    assert_eq!(workshop.step, WorkshopStep::Assess);
    assert_eq!(name_of_key(&back, &workshop.focus), name_of_key(&model, &before.focus));
    assert!(name_of_key(&back, &workshop.focus).is_some(), "the focus names a threat: {}", workshop.focus);
}

#[test]
fn a_workshop_focus_on_an_element_or_a_threat_of_ones_own_comes_back_on_it() {
    let mut model = rated_model();
    let own = model.new_own_threat(&Target::Element(ElementId::new("e3")), "Order replay", Stride::Repudiation);
    assert_eq!(own.id, "own-1");
    model.own_threats.push(own);
    model.workshop = Some(Workshop { step: WorkshopStep::Mitigate, focus: "own-1@e3".into() });
    let (back, _) = import_one(&export(&model));
    let focus = &back.workshop.as_ref().unwrap().focus;
    assert_eq!(name_of_key(&back, focus), name_of_key(&model, "own-1@e3"), "{focus}");

    let element = model.elements[2].clone();
    model.workshop = Some(Workshop { step: WorkshopStep::Identify, focus: element.id.to_string() });
    let (back, _) = import_one(&export(&model));
    let focus = &back.workshop.as_ref().unwrap().focus;
    let target = back.target(focus).unwrap_or_else(|| panic!("the focus {focus} names a part"));
    assert_eq!(back.display_name(&target), Some(element.name));
    assert!(matches!(target, Target::Element(_)));
}

#[test]
fn an_export_without_these_details_still_imports_with_the_defaults() {
    let exported = export(&rated_model());
    let mut json: Value = serde_json::from_str(&exported).unwrap();
    let diagram = json.pointer_mut("/detail/diagrams/0").and_then(Value::as_object_mut).unwrap();
    // What older versions wrote: nothing for the model as a whole.
    diagram.remove("threatsketch");
    let (back, notes) = import_one(&json.to_string());
    assert!(notes.is_empty(), "{notes:?}");
    assert_eq!((back.scale, back.compliance.len(), back.review.is_empty()), (Scale::ThreeLevels, 0, true));
    assert_eq!(back.workshop, None);

    // Details that cannot be read are left out with a note; the rest imports.
    let diagram = json.pointer_mut("/detail/diagrams/0").and_then(Value::as_object_mut).unwrap();
    diagram.insert("threatsketch".into(), serde_json::json!({ "scale": "Seven levels" }));
    let (back, notes) = import_one(&json.to_string());
    assert_eq!(back.scale, Scale::ThreeLevels);
    assert!(notes.iter().any(|n| n.contains("could not be read")), "{notes:?}");
    // A model with nothing of the kind writes nothing of the kind.
    let plain = Template::sample().model().unwrap();
    let exported: Value = serde_json::from_str(&export(&plain)).unwrap();
    assert_eq!(exported.pointer("/detail/diagrams/0/threatsketch"), None);
}

/// The ids the import gives, by its documented rule: a cell's own id while free (and without
/// an '@'), else the lowest "e<n>" neither taken nor in the file.
fn expected_ids(wanted: &[Option<&str>]) -> Vec<String> {
    let in_file: std::collections::HashSet<&str> = wanted.iter().flatten().copied().collect();
    let mut used = std::collections::HashSet::new();
    let mut ids = Vec::new();
    for id in wanted {
        if let Some(id) = id
            && !id.contains('@')
            && used.insert(id.to_string())
        {
            ids.push(id.to_string());
            continue;
        }
        let fresh =
            (1..).map(|n| format!("e{n}")).find(|c| !used.contains(c) && !in_file.contains(c.as_str())).unwrap();
        used.insert(fresh.clone());
        ids.push(fresh);
    }
    ids
}

#[test]
fn cells_without_ids_or_sharing_one_get_fresh_ids_in_order_around_the_ids_of_the_file() {
    // Every third cell has no id, the others share two; some ids of the fresh kind are taken.
    let mut wanted: Vec<Option<&str>> = (0..600).map(|i| [None, Some("same"), Some("x@y")][i % 3]).collect();
    wanted.extend([Some("e5"), Some("e7"), Some("same"), Some("e300"), None]);
    let cells: Vec<Value> = wanted
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let mut cell = serde_json::json!({
                "shape": "actor", "position": { "x": i * 200, "y": 0 },
                "data": { "type": "tm.Actor", "name": format!("User {i}") }
            });
            if let Some(id) = id {
                cell["id"] = (*id).into();
            }
            cell
        })
        .collect();
    let file = serde_json::json!({ "version": "2.3.0", "summary": { "title": "Ids" },
                                   "detail": { "diagrams": [ { "title": "D", "cells": cells } ] } });
    let (model, notes) = import_one(&file.to_string());
    let ids: Vec<&str> = model.elements.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, expected_ids(&wanted));
    let renamed = notes.iter().filter(|n| n.contains("it was given the id")).count();
    assert_eq!(renamed, wanted.iter().zip(&ids).filter(|(w, id)| **w != Some(**id)).count());
    assert!(notes.iter().any(|n| n == "The actor 'User 0' has no id; it was given the id 'e1'."), "{:?}", &notes[..3]);
    assert!(
        notes.iter().any(|n| n == "The actor 'User 4' has the id 'same' of another cell; it was given the id 'e4'.")
    );
    assert!(notes.iter().any(|n| n.starts_with("The actor 'User 2' has the id 'x@y', which cannot contain '@'")));
}
