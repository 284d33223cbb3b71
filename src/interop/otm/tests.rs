//! The OTM import of the three sample files (expectations counted by hand from the files), the
//! export against OTM's schema, the round trip of every template, and bad input.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use super::{Otm, export};
use crate::interop::format::{ExchangeFormat, ImportedModel, detect};
use crate::io::templates::TEMPLATES;
use crate::model::{BoundaryKind, ElementId, Level, Stride, ThreatModel, ThreatStatus};
use crate::threats::{Catalogue, analyze};

const MANUAL: &str = include_str!("../../../tests/fixtures/interop/otm/manual_threat_model.yaml");
const MTMT: &str = include_str!("../../../tests/fixtures/interop/otm/mtmt_example.yaml");
const MOBILE_CLOUD: &str = include_str!("../../../tests/fixtures/interop/otm/mobile-cloud.otm.json");
const SCHEMA: &str = include_str!("../../../tests/fixtures/interop/otm/otm_schema.json");

fn elements(model: &ThreatModel) -> Vec<(&str, &str, &str)> {
    model.elements.iter().map(|e| (e.id.as_str(), e.name.as_str(), e.kind.as_str())).collect()
}

fn flows(model: &ThreatModel) -> Vec<(&str, &str, &str, &str)> {
    model.flows.iter().map(|f| (f.id.as_str(), f.label.as_str(), f.from.as_str(), f.to.as_str())).collect()
}

fn boundaries(model: &ThreatModel) -> Vec<(&str, &str, BoundaryKind)> {
    model.boundaries.iter().map(|b| (b.id.as_str(), b.name.as_str(), b.kind)).collect()
}

/// Each element's innermost boundary, by name.
fn zone_of(model: &ThreatModel, element: &str) -> Option<String> {
    let id = model.innermost_boundary(&ElementId::new(element))?;
    model.boundary(&id).map(|b| b.name.clone())
}

fn stride_counts(model: &ThreatModel) -> BTreeMap<Stride, usize> {
    let mut counts = BTreeMap::new();
    for threat in &model.own_threats {
        *counts.entry(threat.stride).or_default() += 1;
    }
    counts
}

fn only(text: &str) -> ImportedModel {
    let mut models = Otm.import(text).unwrap();
    assert_eq!(models.len(), 1);
    models.remove(0)
}

#[test]
fn the_samples_are_recognised_as_otm_and_only_as_otm() {
    for text in [MANUAL, MTMT, MOBILE_CLOUD] {
        assert_eq!(detect(text).map(|f| f.id()), Some("otm"));
    }
    assert!(!Otm.recognises(r#"{"summary": {"title": "x"}, "detail": {"diagrams": []}}"#));
}

#[test]
fn the_manual_model_has_three_zones_three_components_two_flows() {
    let imported = only(MANUAL);
    let model = &imported.model;
    assert_eq!(model.name, "Manual Threat Model Project");
    assert_eq!(
        boundaries(model),
        [
            ("f0ba7722-39b6-4c81-8290-a30a248bb8d9", "Internet", BoundaryKind::Internet),
            ("6376d53e-6461-412b-8e04-7b3fe2b397de", "Public", BoundaryKind::Internet),
            ("2ab4effa-40b7-4cd2-ba81-8247d29a6f2d", "Private Secured", BoundaryKind::PrivateNetwork),
        ]
    );
    // generic-client, web-application-server-side (unknown, and the name says nothing), postgresql.
    assert_eq!(
        elements(model),
        [("user", "User", "user"), ("web-server", "Web server", "process"), ("database", "Database", "database")]
    );
    assert_eq!(
        flows(model),
        [
            ("client-connection", "Client connection", "user", "web-server"),
            ("database-connection", "Database connection", "web-server", "database"),
        ]
    );
    assert!(model.own_threats.is_empty() && model.decisions.is_empty());
    // No positions in the file: laid out, each element still in its own zone.
    assert_eq!(zone_of(model, "user").as_deref(), Some("Internet"));
    assert_eq!(zone_of(model, "web-server").as_deref(), Some("Public"));
    assert_eq!(zone_of(model, "database").as_deref(), Some("Private Secured"));
    let guessed: Vec<_> = imported.notes.iter().filter(|n| n.contains("web-application-server-side")).collect();
    assert_eq!(guessed.len(), 1, "{:#?}", imported.notes);
}

/// What the two MTMT-derived samples share: four components, six one-way flows, 43 threats.
fn check_mtmt_derived(imported: &ImportedModel) {
    let model = &imported.model;
    assert_eq!(
        elements(model),
        [
            ("53245f54-0656-4ede-a393-357aeaa2e20f", "Accounting PostgreSQL", "database"),
            ("6183b7fa-eba5-4bf8-a0af-c3e30d144a10", "Mobile Client", "mobile_app"),
            ("5d15323e-3729-4694-87b1-181c90af5045", "Public API v2", "api_gateway"),
            ("91882aca-8249-49a7-96f0-164b68411b48", "Azure File Storage", "object_storage"),
        ]
    );
    let (db, mobile, api, files) = (
        "53245f54-0656-4ede-a393-357aeaa2e20f",
        "6183b7fa-eba5-4bf8-a0af-c3e30d144a10",
        "5d15323e-3729-4694-87b1-181c90af5045",
        "91882aca-8249-49a7-96f0-164b68411b48",
    );
    assert_eq!(
        flows(model),
        [
            ("eb072144-af37-4b75-b46b-b78111850d3e", "PSQL Request", api, db),
            ("36091fd8-dba8-424e-a3cd-784ea6bcb9e0", "PSQL Response", db, api),
            ("f5fe3c6e-e10b-4252-a4aa-4ec6108c96a6", "File Request", api, files),
            ("d826de3d-1464-4d1f-8105-aa0449a50aec", "File Response", files, api),
            ("9840bcdf-c444-437d-8289-d5468f41b0db", "API Request", mobile, api),
            ("5861370d-b333-4d4b-9420-95425026e9c9", "API Response", api, mobile),
        ]
    );
    // 3 + 2 + 31 + 7 references, each to its own threat, all on components.
    assert_eq!(model.own_threats.len(), 43);
    let per_element = |id: &str| model.own_threats.iter().filter(|t| t.target == id).count();
    assert_eq!([per_element(db), per_element(mobile), per_element(api), per_element(files)], [3, 2, 31, 7]);
    assert_eq!(
        stride_counts(model),
        BTreeMap::from([
            (Stride::Spoofing, 6),
            (Stride::Tampering, 8),
            (Stride::Repudiation, 4),
            (Stride::InformationDisclosure, 12),
            (Stride::ElevationOfPrivilege, 13),
        ])
    );
    // AutoGenerated with a RECOMMENDED mitigation: open; risk 100 × 100: high × high.
    assert_eq!(model.decisions.len(), 43);
    for decision in model.decisions.values() {
        assert_eq!(decision.status, ThreatStatus::Open);
        assert_eq!((decision.likelihood, decision.impact), (Some(Level::High), Some(Level::High)));
        assert!(decision.notes.starts_with("- ") && decision.notes.ends_with("(recommended)"), "{}", decision.notes);
    }
    let first = &model.own_threats[0];
    assert_eq!(
        first.title,
        "An adversary can gain unauthorized access to Azure Postgres DB instances due to weak network security \
        configuration"
    );
    assert_eq!(first.stride, Stride::ElevationOfPrivilege);
    assert!(imported.notes.iter().any(|n| n.contains("\"web-service\"") && n.contains("by its name")));
}

#[test]
fn the_mtmt_example_keeps_its_zones_nesting_and_drawing() {
    let imported = only(MTMT);
    let model = &imported.model;
    assert_eq!(model.name, "MTMT Project");
    assert_eq!(
        boundaries(model),
        [
            ("f0ba7722-39b6-4c81-8290-a30a248bb8d9", "Internet", BoundaryKind::Internet),
            ("2ab4effa-40b7-4cd2-ba81-8247d29a6f2d", "Private Secured Cloud", BoundaryKind::PrivateNetwork),
            ("4bd4efaa-40a7-4cd2-ba81-8247a29a6f2a", "Sandbox environment", BoundaryKind::CloudAccount),
        ]
    );
    check_mtmt_derived(&imported);
    // The file's drawing: Mobile Client at (101, 104), 82 × 82, in the Internet zone at (332, 136).
    let mobile = model.element_position(&ElementId::new("6183b7fa-eba5-4bf8-a0af-c3e30d144a10"));
    assert_eq!((mobile.x, mobile.y), (332.0 + 101.0 + 41.0, 136.0 + 104.0 + 41.0));
    assert_eq!(zone_of(model, "6183b7fa-eba5-4bf8-a0af-c3e30d144a10").as_deref(), Some("Internet"));
    for inside in [
        "53245f54-0656-4ede-a393-357aeaa2e20f",
        "5d15323e-3729-4694-87b1-181c90af5045",
        "91882aca-8249-49a7-96f0-164b68411b48",
    ] {
        assert_eq!(zone_of(model, inside).as_deref(), Some("Private Secured Cloud"));
    }
    // The sandbox has no place in the file and nothing in it: its trust rating is in a note.
    assert!(imported.notes.iter().any(|n| n.contains("Sandbox environment") && n.contains("trust rating 10")));
    assert!(!imported.notes.iter().any(|n| n.contains("laid out anew")), "{:#?}", imported.notes);
}

#[test]
fn threat_dragons_mobile_cloud_sample_keeps_its_drawing() {
    let started = std::time::Instant::now();
    let imported = only(MOBILE_CLOUD);
    eprintln!("mobile-cloud.otm.json (77 kB) imported in {:?}", started.elapsed());
    let model = &imported.model;
    assert_eq!(model.name, "mtmt_project_name");
    assert_eq!(
        boundaries(model),
        [
            ("6376d53e-6461-412b-8e04-7b3fe2b397de", "Internet", BoundaryKind::Internet),
            ("b61d6911-338d-46a8-9f39-8dcd24abfe91", "Public Cloud", BoundaryKind::CloudAccount),
        ]
    );
    check_mtmt_derived(&imported);
    // Mobile Client at (47, 89), 100 × 100, in the Internet zone at (386, 151).
    let mobile = model.element_position(&ElementId::new("6183b7fa-eba5-4bf8-a0af-c3e30d144a10"));
    assert_eq!((mobile.x, mobile.y), (386.0 + 47.0 + 50.0, 151.0 + 89.0 + 50.0));
    assert_eq!(zone_of(model, "5d15323e-3729-4694-87b1-181c90af5045").as_deref(), Some("Public Cloud"));
    // Threat Dragon's file keeps other tools' facts under "properties".
    assert!(imported.notes.iter().any(|n| n.contains("attributes of other tools")), "{:#?}", imported.notes);
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(SCHEMA).unwrap();
    jsonschema::draft7::new(&schema).unwrap()
}

fn exported(model: &ThreatModel) -> String {
    export(model, &analyze(model, Catalogue::builtin()))
}

#[test]
fn every_export_is_valid_against_the_otm_schema() {
    let validator = validator();
    let mut models: Vec<(String, ThreatModel)> =
        TEMPLATES.iter().map(|t| (format!("template {}", t.id), t.model().unwrap())).collect();
    for (name, text) in [("manual", MANUAL), ("mtmt", MTMT), ("mobile-cloud", MOBILE_CLOUD)] {
        models.push((name.to_owned(), only(text).model));
    }
    models.push(("empty".to_owned(), ThreatModel::default()));
    for (what, model) in models {
        let json: serde_json::Value = serde_json::from_str(&exported(&model)).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&json).map(|e| format!("{} at {}", e, e.instance_path())).collect();
        assert!(errors.is_empty(), "{what}: {errors:#?}");
        assert_eq!(json["otmVersion"], "0.2.0");
    }
}

#[test]
fn the_export_is_the_same_every_time() {
    let model = TEMPLATES[0].model().unwrap();
    assert_eq!(exported(&model), exported(&model));
    let json: serde_json::Value = serde_json::from_str(&exported(&model)).unwrap();
    assert_eq!(json["project"]["id"], "serverless-checkout");
    assert_eq!(json["representations"][0]["type"], "diagram");
}

/// The threat list as the user sees it: key, title, status and rating.
fn threat_list(model: &ThreatModel) -> Vec<(String, String, ThreatStatus, Level, Level)> {
    let mut list: Vec<_> = analyze(model, Catalogue::builtin())
        .threats
        .iter()
        .map(|t| (t.key(), t.title().to_owned(), t.status, t.likelihood, t.impact))
        .collect();
    list.sort();
    list
}

#[test]
fn every_template_comes_back_from_otm_as_it_was() {
    for template in TEMPLATES {
        let model = template.model().unwrap();
        let back = only(&exported(&model)).model;
        let what = template.id;
        assert_eq!(back.name, model.name, "{what}");
        assert_eq!(back.elements, model.elements, "{what}: ids, names, kinds, answers, critical");
        assert_eq!(back.flows, model.flows, "{what}");
        assert_eq!(back.boundaries, model.boundaries, "{what}");
        assert_eq!((back.scale, &back.compliance), (model.scale, &model.compliance), "{what}");
        for element in &model.elements {
            assert_eq!(back.boundaries_of(&element.id), model.boundaries_of(&element.id), "{what}: {}", element.id);
        }
        assert_eq!(threat_list(&back), threat_list(&model), "{what}");
        assert_eq!(back.own_threats, model.own_threats, "{what}");
    }
}

#[test]
fn a_decision_and_an_own_threat_survive_the_round_trip() {
    let mut model = TEMPLATES[0].model().unwrap();
    let analysis = analyze(&model, Catalogue::builtin());
    let suggestion = analysis.threats.iter().find(|t| t.rule().is_some()).unwrap();
    let key = suggestion.key();
    let target = suggestion.target.clone();
    model.decisions.insert(
        key.clone(),
        crate::model::Decision {
            status: ThreatStatus::Accepted,
            reason: "Low value".to_owned(),
            notes: "Checked with the team.\nSecond line.".to_owned(),
            likelihood: Some(Level::Low),
            owner: "Ann".to_owned(),
            ..Default::default()
        },
    );
    let own = model.new_own_threat(&target, "Refund abuse", Stride::Tampering);
    model.own_threats.push(own);
    let back = only(&exported(&model)).model;
    assert_eq!(back.decisions.get(&key), model.decisions.get(&key));
    assert_eq!(back.own_threats, model.own_threats);
    assert_eq!(threat_list(&back), threat_list(&model));
}

#[test]
fn a_state_changed_in_another_tool_wins_over_the_stored_one() {
    let model = TEMPLATES[0].model().unwrap();
    let text = exported(&model);
    let mut json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let reference = &mut json["components"][0]["threats"][0];
    let key = reference["threat"].as_str().unwrap().to_owned();
    reference["state"] = "mitigated".into();
    let back = only(&json.to_string()).model;
    let status = back.decisions.get(&key).map(|d| d.status);
    assert_eq!(status, Some(ThreatStatus::Mitigated), "{key}");
}

#[test]
fn a_dataflow_to_an_unknown_component_is_left_out_with_a_note() {
    let text = "otmVersion: 0.1.0\nproject:\n  name: P\n  id: p\ntrustZones: []\ncomponents:\n  - id: a\n    name: \
                A\n    type: aws-lambda-function\n    parent:\n      trustZone: nowhere\ndataflows:\n  - id: f\n    \
                name: F\n    source: a\n    destination: ghost\n    bidirectional: true\n";
    let imported = only(text);
    assert_eq!(elements(&imported.model), [("a", "A", "function")]);
    assert!(imported.model.flows.is_empty());
    assert!(imported.notes.iter().any(|n| n.contains("'ghost'")), "{:#?}", imported.notes);
    assert!(imported.notes.iter().any(|n| n.contains("'nowhere'")), "{:#?}", imported.notes);
}

#[test]
fn a_bidirectional_dataflow_becomes_two_flows() {
    let text = r#"{"otmVersion": "0.2.0", "project": {"name": "P", "id": "p"},
        "trustZones": [{"id": "z", "name": "Internet", "risk": {"trustRating": 1}}],
        "components": [{"id": "a", "name": "Browser", "type": "web-client", "parent": {"trustZone": "z"}},
                       {"id": "b", "name": "Orders", "type": "dynamodb", "parent": {"trustZone": "z"}}],
        "dataflows": [{"id": "f", "name": "Talk", "source": "a", "destination": "b", "bidirectional": true,
                       "threats": [{"threat": "t", "state": "exposed",
                                    "mitigations": [{"mitigation": "m", "state": "implemented"}]}]}],
        "threats": [{"id": "t", "name": "Sniffing", "categories": [], "risk": {"likelihood": 10, "impact": 90}},
                    {"id": "unused", "name": "Nobody's", "risk": {"likelihood": 10, "impact": 10}}],
        "mitigations": [{"id": "m", "name": "TLS", "riskReduction": 50}]}"#;
    let imported = only(text);
    let model = &imported.model;
    assert_eq!(flows(model), [("f", "Talk", "a", "b"), ("f1", "Talk", "b", "a")]);
    assert_eq!(model.own_threats.len(), 1);
    assert_eq!((model.own_threats[0].target.as_str(), model.own_threats[0].stride), ("f", Stride::Tampering));
    let decision = model.decisions.get("own-1@f").unwrap();
    assert_eq!(decision.status, ThreatStatus::Mitigated, "its only mitigation is implemented");
    assert_eq!((decision.likelihood, decision.impact), (Some(Level::Low), Some(Level::High)));
    assert_eq!(decision.notes, "- TLS (implemented)");
    assert!(
        imported.notes.iter().any(|n| n.starts_with("1 threat(s) of the file are referred to by no")),
        "{:#?}",
        imported.notes
    );
}

#[test]
fn malformed_files_give_errors_that_say_where() {
    let truncated_json = &MOBILE_CLOUD[..MOBILE_CLOUD.len() / 2];
    let truncated_yaml = "otmVersion: 0.1.0\nproject:\n  name: \"P\n  id: p\n";
    let wrong_type = "otmVersion: 0.1.0\nproject:\n  name: P\n  id: p\ncomponents:\n  - id: a\n    name: [1, 2]\n";
    let wrong_position = "otmVersion: 0.1.0\ncomponents:\n  - id: a\n    representations:\n      - representation: d\n        \
         id: r\n        position:\n          x: left\n          y: 3\n";
    let deep_json = format!("{{\"otmVersion\": \"0.1.0\", \"project\": {}{}}}", "[".repeat(200), "]".repeat(200));
    let deep_yaml = format!("otmVersion: 0.1.0\nproject: {}{}\n", "[".repeat(300), "]".repeat(300));
    let not_a_list = "{\"otmVersion\": \"0.1.0\",\n \"components\": {\"id\": \"a\"}}";
    for (what, text, line) in [
        ("truncated JSON", truncated_json, None),
        ("truncated YAML", truncated_yaml, None),
        ("a name that is a list", wrong_type, Some(7)),
        ("a position that is text", wrong_position, Some(8)),
        ("deep JSON", deep_json.as_str(), Some(1)),
        ("deep YAML", deep_yaml.as_str(), Some(2)),
        ("components that are no list", not_a_list, Some(2)),
    ] {
        let err = Otm.import(text).unwrap_err();
        assert!(err.line > 0, "{what}: {err}");
        if let Some(line) = line {
            assert_eq!(err.line, line, "{what}: {err}");
        }
    }
    assert!(Otm.import("project: {}\n").unwrap_err().message.contains("otmVersion"));
    // A byte order mark before JSON is no error.
    assert_eq!(only(&format!("\u{feff}{MOBILE_CLOUD}")).model.elements.len(), 4);
}

#[test]
fn aliases_cannot_make_a_small_file_costly() {
    // Each level repeats the one before ten times: 10^7 components if expanded.
    let mut text = String::from("otmVersion: 0.1.0\na0: &a0 {id: x, name: X, type: s3}\n");
    for level in 1..=7 {
        let previous = format!("*a{}", level - 1);
        text.push_str(&format!("a{level}: &a{level} [{}]\n", vec![previous; 10].join(", ")));
    }
    text.push_str("components: *a7\n");
    let started = std::time::Instant::now();
    let result = Otm.import(&text);
    assert!(started.elapsed().as_secs() < 5);
    assert!(result.is_err(), "a list of lists is no list of components");
}

#[test]
fn a_long_threat_referred_to_over_and_over_is_refused() {
    let description = "x".repeat(1 << 20);
    let references = vec!["*r"; 1000].join(", ");
    let mut text = format!(
        "otmVersion: 0.1.0\nthreats:\n  - {{id: t, name: T, description: {description}}}\nr: &r {{threat: t, state: \
         exposed}}\nrefs: &refs [{references}]\ncomponents:\n"
    );
    for n in 0..100 {
        text.push_str(&format!("  - {{id: c{n}, name: C, type: s3, threats: *refs}}\n"));
    }
    let started = std::time::Instant::now();
    let err = Otm.import(&text).unwrap_err();
    assert!(err.message.contains("MB of text"), "{err}");
    assert!(started.elapsed().as_secs() < 5);
}

#[test]
fn nested_zones_and_components_in_components_are_laid_out_inside_each_other() {
    let text = "otmVersion: 0.1.0
project: {name: Nested, id: nested}
trustZones:
  - {id: cloud, name: AWS account, risk: {trustRating: 60}}
  - {id: vpc, name: VPC, risk: {trustRating: 90}, parent: {trustZone: cloud}}
  - {id: loop-a, name: Loop A, risk: {trustRating: 5}, parent: {trustZone: loop-b}}
  - {id: loop-b, name: Loop B, risk: {trustRating: 5}, parent: {trustZone: loop-a}}
components:
  - {id: fn, name: Orders function, type: aws-lambda-function, parent: {trustZone: vpc}}
  - {id: layer, name: Orders layer, type: empty-component, parent: {component: fn}}
  - {id: table, name: Orders, type: dynamodb, parent: {trustZone: cloud}}
";
    let imported = only(text);
    let model = &imported.model;
    assert_eq!(
        boundaries(model),
        [
            ("cloud", "AWS account", BoundaryKind::CloudAccount),
            ("vpc", "VPC", BoundaryKind::PrivateNetwork),
            ("loop-a", "Loop A", BoundaryKind::CloudAccount),
            ("loop-b", "Loop B", BoundaryKind::CloudAccount),
        ]
    );
    let names = |element: &str| -> Vec<String> {
        let held = model.boundaries_of(&ElementId::new(element));
        held.iter().map(|b| model.boundary(b).unwrap().name.clone()).collect()
    };
    assert_eq!(names("fn"), ["VPC", "AWS account"]);
    assert_eq!(names("layer"), ["VPC", "AWS account"], "inside the function's zone");
    assert_eq!(names("table"), ["AWS account"]);
    assert!(imported.notes.iter().any(|n| n.contains("inside other components")), "{:#?}", imported.notes);
    assert!(imported.notes.iter().any(|n| n.contains("in a loop")), "{:#?}", imported.notes);
}

/// Each sample with one value changed in each of many places: to a value of another type, to
/// what only a strict reading refuses (a number out of range, half a character, nesting too
/// deep). None may panic; each refusal says where.
#[test]
fn changed_values_anywhere_give_a_model_or_an_error_with_a_place() {
    let deep = format!("{}{}", "[".repeat(300), "]".repeat(300));
    let replacements = ["5", "\"x\"", "null", "[1]", "{}", "true", "1e999", "\"\\ud800\"", deep.as_str(), "-7.5"];
    let (mut imported, mut refused) = (0, 0);
    for text in [MANUAL, MTMT, MOBILE_CLOUD] {
        for (n, (at, _)) in text.match_indices(": ").enumerate().filter(|(n, _)| n % 7 == 0) {
            let (head, tail) = text.split_at(at + 2);
            let replacement = replacements[n % replacements.len()];
            // The value ends at the end of its line, or at the next comma or bracket in JSON.
            let end = tail.find(['\n', ',', '}', ']']).unwrap_or(tail.len());
            let changed = format!("{head}{replacement}{}", &tail[end..]);
            match Otm.import(&changed) {
                Ok(models) => {
                    imported += 1;
                    assert!(models[0].model.errors().is_empty());
                }
                Err(err) => {
                    refused += 1;
                    assert!(err.line > 0, "{err}\n{}", &changed[..changed.len().min(400)]);
                }
            }
        }
    }
    assert!(imported > 50 && refused > 50, "{imported} imported, {refused} refused");
}

#[test]
fn overlapping_boundaries_keep_what_they_hold_through_the_round_trip() {
    let mut model = TEMPLATES[0].model().unwrap();
    let element = model.elements[1].id.clone();
    let at = model.element_position(&element);
    let band = crate::model::BoundaryId::new("band");
    model.boundaries.push(crate::model::Boundary {
        id: band.clone(),
        kind: BoundaryKind::PrivateNetwork,
        name: "Band".to_owned(),
    });
    // A wide band across the drawing: it overlaps the element's boundary without holding it.
    model.layout.boundaries.insert(band.clone(), crate::model::Rect::new(at.x - 5000.0, at.y - 10.0, 10_000.0, 20.0));
    assert!(model.boundaries_of(&element).len() >= 2 && model.boundaries_of(&element).contains(&band));
    let back = only(&exported(&model)).model;
    for element in &model.elements {
        assert_eq!(back.boundaries_of(&element.id), model.boundaries_of(&element.id), "{}", element.id);
    }
    assert_eq!(threat_list(&back), threat_list(&model));
}

#[test]
fn a_boundary_drawn_as_a_line_comes_back_as_a_line() {
    let mut model = TEMPLATES[0].model().unwrap();
    let flow = &model.flows[0];
    let (from, to) = (model.element_position(&flow.from), model.element_position(&flow.to));
    let middle = crate::model::Point::new((from.x + to.x) / 2.0, (from.y + to.y) / 2.0);
    let line = vec![middle.offset(-3.0, -400.0), middle.offset(3.0, 400.0)];
    let id = crate::model::BoundaryId::new("wall");
    model.boundaries.push(crate::model::Boundary {
        id: id.clone(),
        kind: BoundaryKind::ThirdParty,
        name: "Wall".to_owned(),
    });
    model.layout.boundary_lines.insert(id.clone(), line.clone());
    assert!(model.errors().is_empty(), "{:?}", model.errors());
    let back = only(&exported(&model)).model;
    assert_eq!(back.boundaries, model.boundaries);
    let offset = |points: &[crate::model::Point]| {
        let first = points[0];
        points.iter().map(|p| (p.x - first.x, p.y - first.y)).collect::<Vec<_>>()
    };
    assert_eq!(offset(back.boundary_line(&id).unwrap()), offset(&line));
    assert_eq!(threat_list(&back), threat_list(&model));
}
