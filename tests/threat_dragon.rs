//! OWASP Threat Dragon import and export, against Threat Dragon's own files
//! (tests/fixtures/threat-dragon, see its README) and our templates.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use threatsketch::interop::threat_dragon::{self, Import, ImportError, TdVersion};
use threatsketch::io::templates::{TEMPLATES, Template};
use threatsketch::io::{parse_model, to_ron};
use threatsketch::model::{
    Answers, Boundary, BoundaryId, BoundaryKind, CrossingDirection, Decision, ElementId, Level, OwnThreat, Point,
    SeedCategory, Stride, Target, ThreatModel, ThreatStatus, Tri,
};
use threatsketch::threats::{Catalogue, Origin, analyze};

/// Every Threat Dragon file that holds a model to import.
const IMPORTABLE: &[&str] = &[
    "demo/cryptocurrency-wallet.json",
    "demo/generic-cms.json",
    "demo/iot-device.json",
    "demo/online-game.json",
    "demo/payment-online.json",
    "demo/renting-car.json",
    "demo/three-tier-web-app.json",
    "demo/v2-new-model.json",
    "demo/v2-threat-model.json",
    "ThreatDragonModels/test-reports.json",
    "ThreatDragonModels/v2-threat-model.json",
    "fixtures/td-test-model.json",
    "v1/demo-threat-model.json",
    "v1/enter-the-dragon-1.json",
    "v1/enter-the-dragon-2.json",
    "v1/enter-the-dragon-3.json",
    "v1/v1-model.json",
];

/// The Threat Dragon files that must be refused.
const REFUSED: &[&str] = &["ThreatDragonModels/v2-new-model.json", "ThreatDragonModels/v2-malformed-new-model.json"];

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/threat-dragon")
}

fn read(name: &str) -> String {
    std::fs::read_to_string(fixtures().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn import(name: &str) -> Import {
    threat_dragon::import(&read(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

fn export(model: &ThreatModel) -> String {
    threat_dragon::export(model, &analyze(model, Catalogue::builtin()))
}

/// The single model of a one-diagram file.
fn only_model(name: &str) -> (ThreatModel, Vec<String>) {
    let mut import = import(name);
    assert_eq!(import.diagrams.len(), 1, "{name}");
    let diagram = import.diagrams.remove(0);
    (diagram.model, diagram.notes)
}

fn diagram_of(name: &str, diagram: usize) -> (ThreatModel, Vec<String>) {
    let diagram = import(name).diagrams.remove(diagram);
    (diagram.model, diagram.notes)
}

fn element_named<'a>(model: &'a ThreatModel, name: &str) -> &'a threatsketch::model::Element {
    model.elements.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("no element '{name}'"))
}

fn name_of(model: &ThreatModel, id: &str) -> String {
    model.element(&ElementId::new(id)).map_or_else(|| id.to_owned(), |e| e.name.clone())
}

fn target_name(model: &ThreatModel, target: &str) -> String {
    [
        Target::Element(ElementId::new(target)),
        Target::Flow(threatsketch::model::FlowId::new(target)),
        Target::Boundary(threatsketch::model::BoundaryId::new(target)),
    ]
    .iter()
    .find_map(|t| model.display_name(t))
    .unwrap_or_else(|| target.to_owned())
}

/// Name, kind, answers, critical, centre.
type ElementFacts = (String, String, Answers, bool, (i64, i64));
/// From, to (names), label, protocol, encrypted, authenticated, data classes, answers.
type FlowFacts = (String, String, String, String, Tri, Tri, Vec<String>, Answers);
/// Name, kind, rectangle (a line's extent), a line's points.
type BoundaryFacts = (String, BoundaryKind, (i64, i64, i64, i64), Option<Vec<(i64, i64)>>);
/// Target name, title, description, STRIDE, category, decision.
type OwnThreatFacts = (String, String, String, Stride, SeedCategory, Option<Decision>);

/// What a round trip must keep, by names rather than ids (ids change from ours to UUIDs).
#[derive(Debug, PartialEq)]
struct Comparable {
    name: String,
    description: String,
    elements: Vec<ElementFacts>,
    flows: Vec<FlowFacts>,
    boundaries: Vec<BoundaryFacts>,
    own_threats: Vec<OwnThreatFacts>,
    decisions: BTreeMap<String, Decision>,
}

fn comparable(model: &ThreatModel) -> Comparable {
    let round = |v: f32| v.round() as i64;
    Comparable {
        name: model.name.clone(),
        description: model.description.clone(),
        elements: model
            .elements
            .iter()
            .map(|e| {
                let p = model.element_position(&e.id);
                (e.name.clone(), e.kind.clone(), e.properties.clone(), e.critical, (round(p.x), round(p.y)))
            })
            .collect(),
        flows: model
            .flows
            .iter()
            .map(|f| {
                (
                    name_of(model, f.from.as_str()),
                    name_of(model, f.to.as_str()),
                    f.label.clone(),
                    f.protocol.clone(),
                    f.encrypted,
                    f.authenticated,
                    f.data.iter().map(|d| format!("{d:?}")).collect(),
                    f.properties.clone(),
                )
            })
            .collect(),
        boundaries: model
            .boundaries
            .iter()
            .map(|b| {
                let r = model.boundary_rect(&b.id);
                let line =
                    model.boundary_line(&b.id).map(|points| points.iter().map(|p| (round(p.x), round(p.y))).collect());
                (b.name.clone(), b.kind, (round(r.x), round(r.y), round(r.width), round(r.height)), line)
            })
            .collect(),
        own_threats: {
            let mut own: Vec<_> = model
                .own_threats
                .iter()
                .map(|t: &OwnThreat| {
                    let decision = model.decisions.get(&format!("{}@{}", t.id, t.target)).cloned();
                    (
                        target_name(model, &t.target),
                        t.title.clone(),
                        t.description.clone(),
                        t.stride,
                        t.category,
                        decision,
                    )
                })
                .collect();
            // Threats come in cell order, and the export writes boundaries first.
            own.sort_by(|a, b| (&a.0, &a.1, &a.2).cmp(&(&b.0, &b.1, &b.2)));
            own
        },
        // Decisions on suggestions, keyed by rule and target name.
        decisions: model
            .decisions
            .iter()
            .filter(|(key, _)| !key.starts_with("own-"))
            .map(|(key, d)| {
                let (rule, target) = key.rsplit_once('@').unwrap();
                (format!("{rule}@{}", target_name(model, target)), d.clone())
            })
            .collect(),
    }
}

fn assert_valid_and_stored_unchanged(model: &ThreatModel, what: &str) {
    assert_eq!(model.validate(), Vec::new(), "{what}: no errors and no warnings");
    let text = to_ron(model).unwrap();
    let loaded = parse_model(&text, Path::new(what)).unwrap_or_else(|e| panic!("{what}: {e}"));
    assert_eq!(&loaded.model, model, "{what}: RON round trip");
}

#[test]
fn every_fixture_is_either_imported_or_refused_by_a_test() {
    let mut found = Vec::new();
    for dir in ["demo", "ThreatDragonModels", "fixtures", "v1"] {
        for entry in std::fs::read_dir(fixtures().join(dir)).unwrap() {
            found.push(format!("{dir}/{}", entry.unwrap().file_name().to_string_lossy()));
        }
    }
    found.sort();
    let mut listed: Vec<String> = IMPORTABLE.iter().chain(REFUSED).map(|s| (*s).to_owned()).collect();
    listed.sort();
    assert_eq!(found, listed);
}

#[test]
fn every_threat_dragon_file_imports_into_valid_models_that_save_and_load_unchanged() {
    for name in IMPORTABLE {
        let import = import(name);
        let expected = if name.starts_with("v1/") { TdVersion::V1 } else { TdVersion::V2 };
        assert_eq!(import.version, expected, "{name}");
        assert!(!import.diagrams.is_empty(), "{name}");
        for diagram in &import.diagrams {
            let what = format!("{name} / {}", diagram.title);
            assert!(!diagram.title.is_empty(), "{what}");
            assert_valid_and_stored_unchanged(&diagram.model, &what);
            for note in &diagram.notes {
                let first = note.chars().next().unwrap();
                assert!(first.is_uppercase() || first.is_ascii_digit(), "{what}: a sentence: {note}");
                assert!(note.ends_with('.') || note.ends_with('"'), "{what}: a sentence: {note}");
            }
            // Each own threat's decision, if any, is under its key.
            for key in diagram.model.decisions.keys() {
                let (origin, target) = key.rsplit_once('@').unwrap();
                assert!(
                    diagram.model.own_threats.iter().any(|t| t.id == origin && t.target == target),
                    "{what}: {key}"
                );
            }
        }
    }
}

#[test]
fn a_file_without_diagrams_and_a_malformed_file_are_refused_with_a_reason() {
    let empty = threat_dragon::import(&read("ThreatDragonModels/v2-new-model.json")).unwrap_err();
    assert_eq!(empty, ImportError::NoDiagrams);
    assert!(empty.to_string().starts_with("the Threat Dragon model has no diagrams"), "{empty}");

    let malformed = threat_dragon::import(&read("ThreatDragonModels/v2-malformed-new-model.json")).unwrap_err();
    let message = malformed.to_string();
    assert!(matches!(malformed, ImportError::Shape { .. }), "{malformed:?}");
    assert!(message.contains("not a Threat Dragon model") && message.contains("\"detail\""), "{message}");
}

#[test]
fn broken_input_is_refused_with_where_and_what() {
    let err = threat_dragon::import("").unwrap_err();
    assert_eq!(
        err,
        ImportError::Syntax {
            line: 1,
            column: 1,
            message: "the file is empty; a Threat Dragon model is a JSON object".into()
        }
    );

    let err = threat_dragon::import("[]").unwrap_err().to_string();
    assert_eq!(err, "the file: a Threat Dragon model is a JSON object, but this is an array");

    let demo = read("demo/v2-threat-model.json");
    let cut = &demo[..demo.len() / 2];
    let err = threat_dragon::import(cut).unwrap_err();
    let ImportError::Syntax { line, message, .. } = &err else { panic!("{err:?}") };
    assert!(*line > 100, "{err}");
    assert!(message.contains("ends too early"), "{err}");

    let err = threat_dragon::import("{\n  \"summary\": ,\n}").unwrap_err();
    let ImportError::Syntax { line: 2, column: 14, message } = &err else { panic!("{err:?}") };
    assert!(message.starts_with("this is not valid JSON: expected value"), "{err}");

    let with_cell = |cell: Value| {
        let file = serde_json::json!({
            "version": "2.3.0",
            "summary": { "title": "Broken" },
            "detail": { "diagrams": [ { "title": "Other", "cells": [] }, { "title": "Main", "cells": [cell] } ] }
        });
        threat_dragon::import(&file.to_string()).unwrap_err().to_string()
    };
    let err = with_cell(serde_json::json!({
        "id": "abc", "shape": "actor", "position": { "x": 0, "y": 0 },
        "data": { "type": "tm.Actor", "name": 5 }
    }));
    assert_eq!(err, "diagram 2 ('Main'), cell 'abc', data, field 'name': invalid type: integer `5`, expected a string");
    let err = with_cell(serde_json::json!({
        "id": "abc", "shape": "actor", "position": { "x": "ten", "y": 0 },
        "data": { "type": "tm.Actor", "name": "User" }
    }));
    assert_eq!(err, "diagram 2 ('Main'), cell 'abc', field 'position': invalid type: string \"ten\", expected f64");
    let err = with_cell(serde_json::json!({
        "id": "abc", "shape": "actor", "data": { "type": "tm.Actor", "threats": [ { "title": ["a"] } ] }
    }));
    assert!(
        err.starts_with("diagram 2 ('Main'), cell 'abc', threat 1, field 'title': invalid type: sequence"),
        "{err}"
    );
    let err = with_cell(serde_json::json!("a cell"));
    assert_eq!(err, "diagram 2 ('Main'), cell 1: expected an object, found a text");

    let err = threat_dragon::import(r#"{"summary": {"title": "T"}, "detail": {"diagrams": 3}}"#).unwrap_err();
    assert!(err.to_string().starts_with("detail, field 'diagrams': invalid type: integer `3`"), "{err}");
    let err = threat_dragon::import(r#"{"summary": {"description": 0}, "detail": {"diagrams": []}}"#).unwrap_err();
    assert!(err.to_string().starts_with("summary, field 'description': invalid type: integer `0`"), "{err}");
}

#[test]
fn what_threat_dragon_tolerates_is_tolerated() {
    // Nulls for texts and flags, missing fields, a shape without a type, an unknown cell.
    let file = serde_json::json!({
        "summary": { "title": null },
        "detail": { "diagrams": [ { "title": null, "cells": [
            { "id": "a", "shape": "actor", "position": { "x": 10, "y": 20 },
              "data": { "name": null, "outOfScope": null } },
            { "id": "p", "shape": "process", "position": { "x": 300, "y": 20 }, "size": { "width": 100, "height": 100 },
              "data": { "type": "tm.Process", "name": "Worker",
                        "threats": [ { "title": "T", "severity": null, "status": null, "score": 7 } ] } },
            { "id": "f", "shape": "flow", "source": { "cell": "a" }, "target": { "cell": "p" },
              "attrs": { "line": { "strokeDasharray": null } },
              "data": { "type": "tm.Flow", "name": "Call", "protocol": null } },
            { "id": "z", "shape": "mystery" }
        ] } ] }
    });
    let import = threat_dragon::import(&file.to_string()).unwrap();
    assert_eq!(import.version, TdVersion::V1, "no version: a v1 file, read cell by cell");
    let diagram = &import.diagrams[0];
    let model = &diagram.model;
    assert_eq!((model.name.as_str(), diagram.title.as_str()), ("Threat Dragon model", "Diagram 1"));
    assert_eq!(model.elements[0].name, "Unnamed actor");
    assert_eq!(model.element_position(&ElementId::new("a")), threatsketch::model::Point::new(90.0, 60.0));
    assert_eq!(model.element_position(&ElementId::new("p")), threatsketch::model::Point::new(350.0, 70.0));
    assert_eq!(model.flows.len(), 1);
    assert_eq!(model.own_threats[0].stride, Stride::Spoofing, "no type on a process: Threat Dragon's default");
    assert!(model.decisions.is_empty(), "open and unrated: nothing decided");
    let notes = diagram.notes.join("\n");
    for expected in ["'Unnamed actor'", "mystery", "score \"7\"", "no STRIDE counterpart"] {
        assert!(notes.contains(expected), "{expected} in {notes}");
    }
    assert_valid_and_stored_unchanged(model, "tolerated");
}

#[test]
fn the_demo_model_maps_elements_flows_threats_and_says_what_it_left_out() {
    let (model, notes) = only_model("demo/v2-threat-model.json");
    assert_eq!(model.name, "Demo Threat Model");
    assert!(model.description.starts_with("A sample model of a web application"), "{}", model.description);
    assert!(model.description.contains("owner: Mike Goodwin; reviewer: Jane Smith"), "{}", model.description);
    assert!(model.description.contains("A Demo Threat Model showing an example web application"), "text block");

    let kinds: Vec<(&str, &str)> = model.elements.iter().map(|e| (e.name.as_str(), e.kind.as_str())).collect();
    assert_eq!(
        kinds,
        [
            ("Worker Config", "data_store"),
            ("Database", "monitoring"),
            ("Web Application Config", "data_store"),
            ("Message Queue", "queue"),
            ("Background Worker Process", "process"),
            ("Web Application", "process"),
            ("Browser", "browser"),
        ]
    );
    // Top-left (685, 420) and 160 × 80 in Threat Dragon: the centre here.
    let config = element_named(&model, "Worker Config");
    assert_eq!(model.element_position(&config.id), threatsketch::model::Point::new(765.0, 460.0));
    assert!(config.critical, "stores credentials");
    assert_eq!(config.id.as_str(), "a25bbb4e-093f-4238-a620-31efdee452dc", "Threat Dragon's id is kept");
    let out_of_scope = element_named(&model, "Web Application Config");
    assert!(out_of_scope.description.contains("Out of scope in Threat Dragon"), "{}", out_of_scope.description);

    // Ten flows, one with a loose end.
    assert_eq!(model.flows.len(), 9);
    let notes_text = notes.join("\n");
    assert!(notes_text.contains("data flow 'Web Request' was left out: its source is not attached"), "{notes_text}");
    assert!(notes_text.contains("A text block was added to the model description"), "{notes_text}");
    // Its three trust boundary curves are boundaries now (see the test of its lines).
    assert_eq!(model.boundaries.len(), 3);
    assert!(!notes_text.contains("left out: ThreatSketch boundaries are boxes"), "{notes_text}");
    let public = model.flows.iter().filter(|f| f.encrypted == Tri::Yes).count();
    assert!(public > 0, "isEncrypted is read");

    let threat = model.own_threats.iter().find(|t| t.title == "Accessing DB credentials").unwrap();
    assert_eq!((threat.target.as_str(), threat.stride), (config.id.as_str(), Stride::InformationDisclosure));
    assert_eq!(threat.category, SeedCategory::DataBreach);
    let decision = &model.decisions[&format!("{}@{}", threat.id, threat.target)];
    assert_eq!(decision.status, ThreatStatus::Open);
    assert_eq!((decision.likelihood, decision.impact), (Some(Level::Medium), Some(Level::High)), "High severity");
    assert!(decision.notes.starts_with("Encrypt the DB credentials"), "the mitigation: {}", decision.notes);

    // The engine sees them as threats with the severity Threat Dragon gave.
    let analysis = analyze(&model, Catalogue::builtin());
    let found = analysis.threats.iter().find(|t| t.title() == "Accessing DB credentials").unwrap();
    assert_eq!(found.risk, threatsketch::risk::RiskLevel::High);
}

fn points(list: &[(f32, f32)]) -> Vec<Point> {
    list.iter().map(|&(x, y)| Point::new(x, y)).collect()
}

/// Each flow by its label, with the ids of the boundaries it crosses, every one a line.
fn lines_crossed_by_flow(model: &ThreatModel) -> Vec<(String, Vec<String>)> {
    let crossed = |flow| {
        let crossings = model.crossings(flow);
        assert!(crossings.iter().all(|c| c.direction == CrossingDirection::Across), "{crossings:?}");
        crossings.into_iter().map(|c| c.boundary.to_string()).collect()
    };
    model.flows.iter().map(|f| (f.label.clone(), crossed(f))).collect()
}

fn expected_crossings(list: &[(&str, &[&str])]) -> Vec<(String, Vec<String>)> {
    list.iter().map(|(label, ids)| ((*label).to_owned(), ids.iter().map(|id| (*id).to_owned()).collect())).collect()
}

#[test]
fn the_demo_models_trust_boundary_curves_are_lines_crossed_by_the_flows_drawn_over_them() {
    let (model, notes) = only_model("demo/v2-threat-model.json");
    // Three unnamed curves, in file order, each its source, its vertices, its target.
    let top = "6767506f-3d7f-4a5f-bbe2-ea03689d30fc";
    let bottom = "4a7911c8-2493-46cc-960f-1b248b176d15";
    let left = "0adc088b-ebb1-46be-af7b-36112c60c419";
    let ids: Vec<&str> = model.boundaries.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, [top, bottom, left], "Threat Dragon's ids are kept");
    let lines = [
        (top, points(&[(350.0, 10.0), (333.0, 117.0), (432.0, 180.0), (810.0, 150.0)])),
        (bottom, points(&[(230.0, 520.0), (320.0, 280.0), (590.0, 250.0), (660.0, 350.0), (660.0, 510.0)])),
        (left, points(&[(40.0, 240.0), (276.0, 149.0), (290.0, 10.0)])),
    ];
    for (id, line) in &lines {
        assert_eq!(model.boundary_line(&BoundaryId::new(*id)), Some(line.as_slice()), "{id}");
    }
    assert!(model.layout.boundaries.is_empty(), "lines have no rectangle");
    assert!(model.boundaries.iter().all(|b| b.name == "Trust boundary" && b.kind == BoundaryKind::CloudAccount));
    let unnamed = "A trust boundary line without a name was called 'Trust boundary'.";
    assert_eq!(notes.iter().filter(|n| *n == unnamed).count(), 3, "{notes:?}");
    assert_eq!(notes.iter().filter(|n| n.contains("which zone it marks off")).count(), 3, "{notes:?}");

    // Worked out by hand from the centres (top-left corner plus half the size: web application
    // (270, 230), queue (680, 53), worker (735, 230), database (370, 460), browser (90, 70), web
    // configuration (120, 460), worker configuration (765, 460)) and the segments above: the
    // queue lies beyond the top line, the browser beyond the left one, the database beyond the
    // bottom one; the bottom line starts right of the web configuration, and the worker's
    // configuration lies below the top line's end, so both reads cross nothing.
    let expected = expected_crossings(&[
        ("Put Message", &[top]),
        ("Message", &[top]),
        ("Worker Query Results", &[bottom]),
        ("Web Response", &[left]),
        ("Read web app config", &[]),
        ("Read worker config", &[]),
        ("Queries", &[bottom]),
        ("Web App Query Results", &[bottom]),
        ("Worker Queries", &[bottom]),
    ]);
    assert_eq!(lines_crossed_by_flow(&model), expected);
}

#[test]
fn version_1_boundary_lines_are_read_from_their_source_vertices_and_target() {
    let (model, notes) = only_model("v1/demo-threat-model.json");
    let a = "64d52ab0-9733-4ae9-af1b-a347cbc13186";
    let b = "70a1b898-4131-462f-a26e-1adf9f2b2eda";
    let c = "cc656830-4c72-4ede-8f3b-0daeaa399d16";
    let d = "a61cbe16-7e3f-400c-a0ea-c0695253c6ad";
    let lines = [
        (a, points(&[(130.0, 232.0), (177.0, 149.0), (291.0, 150.0)])),
        (b, points(&[(339.0, 8.0), (333.0, 117.0), (420.0, 174.0)])),
        (c, points(&[(551.0, 178.0), (635.0, 124.0), (753.0, 125.0)])),
        (d, points(&[(253.0, 380.0), (333.0, 288.0), (475.0, 276.0), (560.0, 442.0)])),
    ];
    let ids: Vec<&str> = model.boundaries.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, [a, b, c, d]);
    for (id, line) in &lines {
        assert_eq!(model.boundary_line(&BoundaryId::new(*id)), Some(line.as_slice()), "{id}");
    }
    assert!(!notes.iter().any(|n| n.contains("left out: ThreatSketch boundaries are boxes")), "{notes:?}");
    // By hand, from the centres (browser (106, 78), web application (258, 239), queue (488, 68),
    // worker (648, 229), database (404, 438), configurations (132, 448) and (717, 428)).
    let expected = expected_crossings(&[
        ("Web Request", &[a]),
        ("Put Message", &[b]),
        ("Message", &[c]),
        ("Worker Query Results", &[d]),
        ("Web Response", &[a]),
        ("Read web app config", &[]),
        ("Read worker config", &[]),
        ("Queries", &[d]),
        ("Web App Query Results", &[d]),
        ("Worker Queries", &[d]),
    ]);
    assert_eq!(lines_crossed_by_flow(&model), expected);
}

#[test]
fn flows_over_an_internet_line_are_over_the_internet_for_the_threats_and_the_export() {
    let (iot, _) = only_model("demo/iot-device.json");
    assert_eq!(iot.boundaries.len(), 1);
    let internet = &iot.boundaries[0];
    assert_eq!((internet.name.as_str(), internet.kind), ("Internet", BoundaryKind::Internet));
    let line = points(&[(490.0, 60.0), (520.0, 200.0), (520.0, 310.0), (490.0, 520.0), (430.0, 630.0)]);
    assert_eq!(iot.boundary_line(&internet.id), Some(line.as_slice()));

    // By hand: the line runs down between x 430 and 520; four flows have one end on each side.
    let ends = |from: &ElementId, to: &ElementId| (name_of(&iot, from.as_str()), name_of(&iot, to.as_str()));
    let mut crossing: Vec<(String, String)> =
        iot.flows.iter().filter(|f| !iot.crossings(f).is_empty()).map(|f| ends(&f.from, &f.to)).collect();
    crossing.sort();
    let expected = [
        ("Browser", "Web site"),
        ("Cloud API", "IoT Device"),
        ("Cloud integration", "Social networks, Weather data, etc"),
        ("IoT Device", "Cloud API"),
    ];
    assert_eq!(crossing, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));

    // None is encrypted (isEncrypted false): each, and only they, sends clear text over the internet.
    let analysis = analyze(&iot, Catalogue::builtin());
    let mut warned: Vec<(String, String)> = analysis
        .threats
        .iter()
        .filter(|t| t.rule().is_some_and(|r| r.id == "flow-unencrypted-internet"))
        .map(|t| match &t.target {
            Target::Flow(id) => iot.flow(id).map(|f| ends(&f.from, &f.to)).unwrap(),
            other => panic!("{other:?}"),
        })
        .collect();
    warned.sort();
    assert_eq!(warned, crossing);

    // The export marks them as over a public network; the flows among the cloud's parts are not.
    let json: Value = serde_json::from_str(&export(&iot)).unwrap();
    let cells = json["detail"]["diagrams"][0]["cells"].as_array().unwrap();
    let name_of_cell = |id: &Value| cells.iter().find(|c| c["id"] == *id).map(|c| c["data"]["name"].clone()).unwrap();
    let public = |from: &str, to: &str| {
        let flow = cells.iter().find(|c| {
            c["shape"] == "flow"
                && name_of_cell(&c["source"]["cell"]) == from
                && name_of_cell(&c["target"]["cell"]) == to
        });
        flow.unwrap_or_else(|| panic!("{from} → {to}"))["data"]["isPublicNetwork"].as_bool().unwrap()
    };
    for (from, to) in expected {
        assert!(public(from, to), "{from} → {to}");
    }
    assert!(!public("Cloud API", "MySQL database"));
    assert!(!public("Web site", "MySQL database"));
    let curve = cells.iter().find(|c| c["shape"] == "trust-boundary-curve").unwrap();
    assert_eq!(curve["data"]["name"], "Internet");
}

/// The sample with its Internet box redrawn as a line between the browser and the gateway, and
/// a mail partner's line across the flow to the email service, with a threat of one's own.
fn sample_with_lines() -> ThreatModel {
    let mut model = Template::sample().model().unwrap();
    let internet = BoundaryId::new("b1");
    model.layout.boundaries.remove(&internet);
    model.layout.boundary_lines.insert(internet, points(&[(300.0, 60.0), (320.0, 200.0), (300.0, 330.0)]));
    let partner = BoundaryId::new("b4");
    model.boundaries.push(Boundary {
        id: partner.clone(),
        kind: BoundaryKind::ThirdParty,
        name: "Mail partner".into(),
    });
    model.layout.boundary_lines.insert(partner, points(&[(650.0, 500.0), (970.0, 520.0)]));
    model.own_threats.push(OwnThreat {
        id: "own-1".into(),
        target: "b4".into(),
        title: "The partner reads the mail".into(),
        description: "Mail passes through the partner's relay.".into(),
        stride: Stride::InformationDisclosure,
        category: SeedCategory::DataBreach,
    });
    model
}

/// Each flow by its label, with the boundaries it crosses by name and how.
fn crossings_by_name(model: &ThreatModel) -> Vec<(String, Vec<(String, CrossingDirection)>)> {
    let name = |id: &BoundaryId| model.boundary(id).map(|b| b.name.clone()).unwrap();
    let crossed = |flow| model.crossings(flow).iter().map(|c| (name(&c.boundary), c.direction)).collect();
    model.flows.iter().map(|f| (f.label.clone(), crossed(f))).collect()
}

#[test]
fn a_boundary_line_comes_back_from_threat_dragon_with_its_points_name_kind_and_crossings() {
    let model = sample_with_lines();
    assert_eq!(model.validate(), Vec::new());
    // By hand: the order leaves the browser (150, 200) over the Internet line (x 320 at y 200)
    // into the cloud account; the email leaves the function (810, 400) over the partner's line
    // (y 510 at x 810) into the provider's box.
    use CrossingDirection::{Across, Entering, Leaving};
    let named = |list: &[(&str, CrossingDirection)]| list.iter().map(|(n, d)| ((*n).to_owned(), *d)).collect();
    let expected: Vec<(String, Vec<(String, CrossingDirection)>)> = vec![
        ("Order details".into(), named(&[("Cloud account", Entering), ("Internet", Across)])),
        ("Order request".into(), Vec::new()),
        ("Store order".into(), Vec::new()),
        ("Confirmation request".into(), Vec::new()),
        (
            "Confirmation email".into(),
            named(&[("Cloud account", Leaving), ("Email provider", Entering), ("Mail partner", Across)]),
        ),
    ];
    assert_eq!(crossings_by_name(&model), expected);

    let exported = export(&model);
    let json: Value = serde_json::from_str(&exported).unwrap();
    let cells = json["detail"]["diagrams"][0]["cells"].as_array().unwrap();
    // As Threat Dragon 2.x writes a curve (demo/v2-threat-model.json).
    let curve = cells.iter().find(|c| c["data"]["name"] == "Internet").unwrap();
    assert_eq!(curve["shape"], "trust-boundary-curve");
    assert_eq!(curve["source"], serde_json::json!({ "x": 300, "y": 60 }));
    assert_eq!(curve["target"], serde_json::json!({ "x": 300, "y": 330 }));
    assert_eq!(curve["vertices"], serde_json::json!([ { "x": 320, "y": 200 } ]));
    assert_eq!((curve["zIndex"].as_i64(), curve["connector"].as_str()), (Some(10), Some("smooth")));
    assert_eq!(curve["attrs"], serde_json::json!({ "line": { "targetMarker": "", "sourceMarker": "" } }));
    assert_eq!(curve["labels"][0]["attrs"]["labelText"]["text"], "Internet");
    assert!(curve.get("position").is_none() && curve.get("size").is_none(), "an edge: {curve}");
    let data = &curve["data"];
    assert_eq!((data["type"].as_str(), data["description"].as_str()), (Some("tm.Boundary"), Some("")));
    assert_eq!((data["isTrustBoundary"].as_bool(), data["hasOpenThreats"].as_bool()), (Some(true), Some(false)));
    assert_eq!(data["threatsketch"], serde_json::json!({ "boundary": "Internet" }));
    let partner = cells.iter().find(|c| c["data"]["name"] == "Mail partner").unwrap();
    assert!(partner.get("vertices").is_none(), "two points, no vertices: {partner}");
    assert_eq!(partner["data"]["hasOpenThreats"], true, "its own threat is open");
    assert_eq!(partner["data"]["threats"][0]["title"], "The partner reads the mail");

    let back = threat_dragon::import(&exported).unwrap();
    let back = &back.diagrams[0];
    assert!(back.notes.is_empty(), "{:?}", back.notes);
    assert_eq!(comparable(&back.model), comparable(&model));
    assert_eq!(crossings_by_name(&back.model), expected);
    assert_eq!(threats_by_name(&back.model), threats_by_name(&model));
    assert_valid_and_stored_unchanged(&back.model, "sample with lines");
}

#[test]
fn a_flow_over_an_internet_line_is_over_a_public_network_and_one_beside_it_is_not() {
    let mut model = ThreatModel::new("Lines");
    for (id, name, x) in [("e1", "Worker", 100.0), ("e2", "Reporter", 100.0), ("e3", "Store", 500.0)] {
        model.elements.push(threatsketch::model::Element::new(ElementId::new(id), "function", name));
        let y = if id == "e2" { 300.0 } else { 100.0 };
        model.layout.elements.insert(ElementId::new(id), Point::new(x, y));
    }
    for (id, from, to) in [("f1", "e1", "e3"), ("f2", "e1", "e2")] {
        let flow = threatsketch::model::Flow::new(
            threatsketch::model::FlowId::new(id),
            ElementId::new(from),
            ElementId::new(to),
            id,
        );
        model.flows.push(flow);
    }
    // Between x 100 and 500, from y 0 to 200: over f1 (y 100), beside f2 (x 100, y 100 to 300).
    let line = BoundaryId::new("b1");
    model.boundaries.push(Boundary { id: line.clone(), kind: BoundaryKind::Internet, name: "Internet".into() });
    model.layout.boundary_lines.insert(line.clone(), points(&[(300.0, 0.0), (300.0, 200.0)]));
    assert_eq!(model.validate(), Vec::new());
    let public = |model: &ThreatModel| {
        let json: Value = serde_json::from_str(&export(model)).unwrap();
        let cells = json["detail"]["diagrams"][0]["cells"].as_array().unwrap().clone();
        let flags: Vec<bool> =
            cells.iter().filter(|c| c["shape"] == "flow").map(|c| c["data"]["isPublicNetwork"] == true).collect();
        flags
    };
    assert_eq!(public(&model), [true, false]);
    // The same, by the model's own crossings.
    assert_eq!(model.crossings(&model.flows[0]).len(), 1);
    assert!(model.crossings(&model.flows[1]).is_empty());
    // A line of another kind is no public network; nor is an Internet line's extent a box.
    model.boundaries[0].kind = BoundaryKind::CloudAccount;
    assert_eq!(public(&model), [false, false]);
    model.boundaries[0].kind = BoundaryKind::Internet;
    // An angle above and left of the worker: its extent holds the worker alone, no flow meets it.
    model.layout.boundary_lines.insert(line, points(&[(50.0, 120.0), (50.0, 50.0), (150.0, 50.0)]));
    assert_eq!(public(&model), [false, false]);
}

#[test]
fn version_1_files_read_names_from_the_drawing_and_not_applicable_threats_keep_a_reason() {
    let (model, notes) = only_model("v1/demo-threat-model.json");
    assert!(model.elements.iter().any(|e| e.name == "Background Worker Process"), "{:?}", model.elements);
    assert!(model.flows.iter().any(|f| f.label == "Web Request" && f.protocol == "HTTP/S" && f.encrypted == Tri::Yes));
    assert!(notes.iter().any(|n| n.contains("privilege level \"executionContext =Limited\"")), "{notes:?}");
    // Positions are top-left in v1 too: Worker Config at (637, 388), 160 × 80.
    let config = element_named(&model, "Worker Config");
    assert_eq!(model.element_position(&config.id), threatsketch::model::Point::new(717.0, 428.0));

    let (model, _) = diagram_of("v1/enter-the-dragon-3.json", 0);
    let not_applicable: Vec<&Decision> =
        model.decisions.values().filter(|d| d.status == ThreatStatus::NotApplicable).collect();
    assert_eq!(not_applicable.len(), 1, "v1 says \"Not Applicable\"");
    assert!(!not_applicable[0].reason.is_empty());

    // Diagrams without any drawing are empty models, said so.
    let import = import("v1/enter-the-dragon-1.json");
    assert_eq!(import.diagrams.len(), 2);
    assert_eq!(import.diagrams[1].model.name, "Example threat model — Copy of Example");
    assert!(import.diagrams.iter().all(|d| d.model.elements.is_empty()));
    assert!(import.diagrams[0].notes.iter().any(|n| n.contains("is empty in Threat Dragon")));
}

#[test]
fn several_diagrams_make_several_models_and_other_frameworks_are_translated() {
    let import = import("ThreatDragonModels/test-reports.json");
    let titles: Vec<&str> = import.diagrams.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles.len(), 7);
    assert_eq!(import.diagrams[0].model.name, "+test model+ — 03 - test STRIDE diagram");
    let cia = &import.diagrams[1];
    let notes = cia.notes.join("\n");
    // The misspelled boundary line shape is still a line: the box, then the line, as in the file.
    assert!(notes.contains("A trust boundary line without a name was called 'Trust boundary'."), "{notes}");
    assert_eq!(cia.model.boundaries.len(), 2);
    assert_eq!(cia.model.boundaries[0].kind, BoundaryKind::CloudAccount, "'Trust Boundary' says nothing");
    let line = &cia.model.boundaries[1];
    assert_eq!(line.id.as_str(), "17a5ae3c-6ba4-4f90-adf2-f34dfb02ea2d");
    assert_eq!(cia.model.boundary_line(&line.id), Some(points(&[(1212.0, 120.0), (1312.0, 220.0)]).as_slice()));
    let die = import.diagrams.iter().find(|d| d.title == "New DIE diagram").unwrap();
    assert!(
        die.notes.iter().any(|n| n == "Threats of type \"Distributed\" (1) were taken as STRIDE Denial of service.")
    );
    assert_eq!(die.model.own_threats[0].stride, Stride::DenialOfService);
    // Out-of-scope actors are kept.
    let stride = &import.diagrams[0].model;
    assert!(stride.elements.iter().any(|e| e.name == "Out of scope with unmitigated threat"));

    let fixture = self::import("fixtures/td-test-model.json");
    assert_eq!(fixture.diagrams.len(), 4);
    let eop = &fixture.diagrams[2];
    assert!(
        eop.notes.iter().any(|n| n.contains("EOP card suit \"AUTHENTICATION\" (1) were taken as STRIDE Spoofing")),
        "{:?}",
        eop.notes
    );
    let tm_bom = &fixture.diagrams[0];
    assert!(tm_bom.notes.iter().any(|n| n.starts_with("Threats of type \"Generic\" (13) have no STRIDE counterpart")));
    assert!(tm_bom.notes.iter().any(|n| n.contains("score \"33\"")), "a numeric score is read");
    assert!(fixture.diagrams[3].model.elements.is_empty());
    // Two named curves, one bent, with descriptions that have no place here.
    let lines: Vec<(&str, Option<&[threatsketch::model::Point]>)> =
        eop.model.boundaries.iter().map(|b| (b.name.as_str(), eop.model.boundary_line(&b.id))).collect();
    let (first, second) =
        (points(&[(110.0, 430.0), (390.0, 510.0)]), points(&[(400.0, 360.0), (540.0, 390.0), (650.0, 460.0)]));
    assert_eq!(
        lines,
        [
            ("Test name trust-boundary-curve1", Some(first.as_slice())),
            ("Test name trust-boundary-curve0", Some(second.as_slice()))
        ]
    );
    let described =
        eop.notes.iter().filter(|n| n.starts_with("The description of the trust boundary line 'Test name")).count();
    assert_eq!(described, 2, "{:?}", eop.notes);
}

#[test]
fn severities_bidirectional_flows_and_boundary_kinds_of_the_demos() {
    let (iot, notes) = only_model("demo/iot-device.json");
    assert!(!notes.iter().any(|n| n.contains("TBA")), "TBA is simply unrated: {notes:?}");
    let unrated = iot
        .own_threats
        .iter()
        .filter(|t| iot.decisions.get(&format!("{}@{}", t.id, t.target)).is_none_or(|d| d.likelihood.is_none()));
    assert_eq!(unrated.count(), 1, "the TBA threat");

    let (three_tier, notes) = only_model("demo/three-tier-web-app.json");
    let boundaries: Vec<(&str, BoundaryKind)> =
        three_tier.boundaries.iter().map(|b| (b.name.as_str(), b.kind)).collect();
    assert_eq!(boundaries, [("Internet", BoundaryKind::Internet), ("Public Cloud", BoundaryKind::CloudAccount)]);
    assert!(notes.iter().any(|n| n.contains("goes both ways")), "{notes:?}");
    let pairs = three_tier.flows.iter().filter(|f| three_tier.flows.iter().any(|g| g.from == f.to && g.to == f.from));
    assert!(pairs.count() >= 2, "a reverse flow for each bidirectional one");
}

#[test]
fn threat_dragon_files_survive_import_export_import() {
    for name in IMPORTABLE {
        for diagram in import(name).diagrams {
            let what = format!("{name} / {}", diagram.title);
            let exported = export(&diagram.model);
            let again = threat_dragon::import(&exported).unwrap_or_else(|e| panic!("{what}: {e}"));
            assert_eq!(again.version, TdVersion::V2);
            assert_eq!(again.diagrams.len(), 1, "{what}");
            let back = &again.diagrams[0];
            assert_eq!(comparable(&back.model), comparable(&diagram.model), "{what}");
            let unexpected: Vec<&String> =
                back.notes.iter().filter(|n| !n.contains("is empty in Threat Dragon")).collect();
            assert!(unexpected.is_empty(), "{what}: our own export needs no notes: {unexpected:?}");
            // Ids that came from Threat Dragon are written back as they were.
            let ids: Vec<&str> = back.model.elements.iter().map(|e| e.id.as_str()).collect();
            let before: Vec<&str> = diagram.model.elements.iter().map(|e| e.id.as_str()).collect();
            let uuids = before.iter().all(|id| id.len() == 36);
            if uuids {
                assert_eq!(ids, before, "{what}");
            }
        }
    }
}

#[test]
fn templates_survive_export_and_import_with_their_suggestions_and_decisions() {
    for template in TEMPLATES {
        let model = template.model().unwrap();
        let exported = export(&model);
        assert_eq!(exported, export(&model), "{}: the same model gives the same file", template.id);
        let back = threat_dragon::import(&exported).unwrap();
        let back = &back.diagrams[0];
        assert!(back.notes.is_empty() || model.elements.is_empty(), "{}: {:?}", template.id, back.notes);
        assert_eq!(comparable(&back.model), comparable(&model), "{}", template.id);
        assert_valid_and_stored_unchanged(&back.model, template.id);
        assert_eq!(threats_by_name(&back.model), threats_by_name(&model), "{}: the same threats", template.id);
    }
}

#[test]
fn decisions_and_threats_of_ones_own_come_back_from_threat_dragon() {
    let mut model = Template::sample().model().unwrap();
    let analysis = analyze(&model, Catalogue::builtin());
    let keys: Vec<String> = analysis.threats.iter().map(|t| t.key()).take(4).collect();
    let decisions = [
        Decision { status: ThreatStatus::Mitigated, notes: "Done with WAF rules.".into(), ..Decision::default() },
        Decision {
            status: ThreatStatus::NotApplicable,
            reason: "Only staff use it.".into(),
            title: Some("Reworded".into()),
            ..Decision::default()
        },
        Decision {
            status: ThreatStatus::InProgress,
            likelihood: Some(Level::High),
            impact: Some(Level::Low),
            owner: "Sam".into(),
            due: "2026-12-01".into(),
            ..Decision::default()
        },
        Decision { status: ThreatStatus::Accepted, reason: "Cheap to recover.".into(), ..Decision::default() },
    ];
    for (key, decision) in keys.iter().zip(decisions) {
        model.decisions.insert(key.clone(), decision);
    }
    model.own_threats.push(OwnThreat {
        id: "own-1".into(),
        target: "e3".into(),
        title: "Order replay".into(),
        description: "The same order sent twice.".into(),
        stride: Stride::Repudiation,
        category: SeedCategory::Misconfiguration,
    });
    model.decisions.insert(
        "own-1@e3".into(),
        Decision { status: ThreatStatus::Transferred, notes: "Payment provider dedups.".into(), ..Decision::default() },
    );

    let exported = export(&model);
    let json: Value = serde_json::from_str(&exported).unwrap();
    let statuses: Vec<&str> = all_threats(&json).iter().filter_map(|t| t["status"].as_str()).collect();
    for status in ["Mitigated", "NotApplicable", "Open", "Accepted", "Transferred"] {
        assert!(statuses.contains(&status), "{status} in {statuses:?}");
    }
    let back = threat_dragon::import(&exported).unwrap();
    let back = &back.diagrams[0].model;
    assert_eq!(comparable(back), comparable(&model));
    assert_eq!(threats_by_name(back), threats_by_name(&model));

    // Edited in Threat Dragon: its fields win over what was written.
    let mut json = json;
    let threat = all_threats_mut(&mut json).into_iter().find(|t| t["status"] == "Mitigated").unwrap();
    threat["status"] = "Open".into();
    threat["mitigation"] = "Not done after all.".into();
    threat["severity"] = "Critical".into();
    let edited = threat_dragon::import(&json.to_string()).unwrap();
    let decision = edited.diagrams[0].model.decisions.values().find(|d| d.notes == "Not done after all.").unwrap();
    assert_eq!(decision.status, ThreatStatus::Open);
    assert_eq!((decision.likelihood, decision.impact), (Some(Level::High), Some(Level::High)));
}

fn all_threats(json: &Value) -> Vec<&Value> {
    json["detail"]["diagrams"][0]["cells"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["data"]["threats"].as_array().unwrap())
        .collect()
}

fn all_threats_mut(json: &mut Value) -> Vec<&mut Value> {
    json["detail"]["diagrams"][0]["cells"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|c| c["data"]["threats"].as_array_mut().unwrap().iter_mut())
        .collect()
}

/// The analysis of a model by names: (rule or own, target, title, status, risk).
fn threats_by_name(model: &ThreatModel) -> Vec<(String, String, String, ThreatStatus, String)> {
    let names = threatsketch::threats::Names::of(model);
    let mut threats: Vec<_> = analyze(model, Catalogue::builtin())
        .threats
        .iter()
        .map(|t| {
            let origin = match &t.origin {
                Origin::Rule(rule) => rule.id.clone(),
                Origin::Own(_) => "own".to_owned(),
            };
            let target = match &t.target {
                Target::Boundary(id) => model.boundary(id).map(|b| b.name.clone()).unwrap_or_default(),
                other => names.get(other).to_owned(),
            };
            (origin, target, t.title().to_owned(), t.status, t.risk.label().to_owned())
        })
        .collect();
    threats.sort();
    threats
}

#[test]
fn the_export_is_valid_against_threat_dragons_schema() {
    let schema: Value = serde_json::from_str(&read("schema/threat-dragon-v2.schema.json")).unwrap();
    // The schema has no `$schema`; Threat Dragon checks it with ajv's default, draft-07.
    let validator = jsonschema::draft7::new(&schema).unwrap();
    let mut models: Vec<(String, ThreatModel)> =
        TEMPLATES.iter().map(|t| (format!("template {}", t.id), t.model().unwrap())).collect();
    for name in IMPORTABLE {
        for diagram in import(name).diagrams {
            models.push((format!("{name} / {}", diagram.title), diagram.model));
        }
    }
    // Boundary lines as trust boundary curves, of every kind, with a threat on one.
    models.push(("the sample with lines".to_owned(), sample_with_lines()));
    for (what, model) in models {
        let exported: Value = serde_json::from_str(&export(&model)).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&exported).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{what}: {errors:#?}");
    }
}

#[test]
fn the_export_looks_like_threat_dragons_own_files() {
    let model = Template::sample().model().unwrap();
    let json: Value = serde_json::from_str(&export(&model)).unwrap();
    assert_eq!(json["version"], "2.3.0");
    assert_eq!(json["summary"]["title"], "Serverless checkout");
    let diagram = &json["detail"]["diagrams"][0];
    assert_eq!(diagram["diagramType"], "STRIDE");
    let cells = diagram["cells"].as_array().unwrap();
    let cell = |name: &str| cells.iter().find(|c| c["data"]["name"] == name).unwrap();

    let browser = cell("Customer browser");
    assert_eq!((browser["shape"].as_str(), browser["data"]["type"].as_str()), (Some("actor"), Some("tm.Actor")));
    // Centre (150, 200) and a 224 × 64 card: top-left (38, 168).
    assert_eq!(browser["position"], serde_json::json!({ "x": 38.0, "y": 168.0 }));
    let gateway = cell("API gateway");
    assert_eq!(gateway["shape"], "process");
    assert_eq!(gateway["data"]["isWebApplication"], true, "internet facing");
    let database = cell("Orders database");
    assert_eq!(database["shape"], "store");
    assert!(database["data"].get("isEncrypted").is_none(), "not known: left out");
    let id = browser["id"].as_str().unwrap();
    assert_eq!(id.len(), 36);

    let flow = cell("Order details");
    assert_eq!(flow["shape"], "flow");
    assert_eq!(flow["source"]["cell"], browser["id"]);
    assert_eq!(flow["target"]["cell"], gateway["id"]);
    assert_eq!((flow["data"]["isEncrypted"].as_bool(), flow["data"]["protocol"].as_str()), (Some(true), Some("HTTPS")));
    assert_eq!(flow["data"]["isPublicNetwork"], true, "crosses the Internet boundary");
    let boundary = cell("Internet");
    assert_eq!(
        (boundary["shape"].as_str(), boundary["data"]["type"].as_str()),
        (Some("trust-boundary-box"), Some("tm.BoundaryBox"))
    );
    assert_eq!(boundary["size"], serde_json::json!({ "width": 260.0, "height": 180.0 }));

    let threats = all_threats(&json);
    let analysis = analyze(&model, Catalogue::builtin());
    assert_eq!(threats.len(), analysis.threats.len(), "every threat of the analysis");
    assert_eq!(json["detail"]["threatTop"], threats.len());
    let numbers: Vec<u64> = threats.iter().map(|t| t["number"].as_u64().unwrap()).collect();
    assert_eq!(numbers, (1..=threats.len() as u64).collect::<Vec<_>>());
    for threat in &threats {
        assert_eq!(threat["modelType"], "STRIDE");
        assert!(Stride::ALL.iter().any(|s| threat["type"] == s.label()), "{threat}");
        assert!(["Low", "Medium", "High", "Critical"].contains(&threat["severity"].as_str().unwrap()));
        assert!(threat["mitigation"].as_str().unwrap().starts_with("- "), "the rule's steps: {threat}");
    }
    let open_cells = cells.iter().filter(|c| c["data"]["hasOpenThreats"] == true).count();
    assert!(open_cells > 0);
}
