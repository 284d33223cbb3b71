//! The import of Threat Composer's own files, the export checked against Threat Composer's
//! published JSON schema, the round trip, and malformed files. Expected counts were taken from
//! the files by hand (see tests/fixtures/interop/threat-composer/README.md) before the import
//! was run.

use std::collections::BTreeMap;

use serde_json::Value;

use super::*;
use crate::interop::format::detect;
use crate::io::templates::TEMPLATES;
use crate::model::{Decision, Level, Stride, ThreatKey};
use crate::threats::{Catalogue, analyze};

fn fixture(name: &str) -> String {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interop/threat-composer").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

const SAMPLE: &str = "ThreatComposer.tc.json";
const EXERCISE: &str = "ThreatModelingForBuilders-Exercise1.tc.json";

fn only(text: &str) -> ImportedModel {
    let mut models = ThreatComposer.import(text).unwrap();
    assert_eq!(models.len(), 1);
    models.remove(0)
}

fn decision<'a>(model: &'a ThreatModel, own: &crate::model::OwnThreat) -> Option<&'a Decision> {
    model.decisions.get(&ThreatKey::new(&own.id, &own.target).to_string())
}

#[test]
fn both_files_and_nothing_else_are_recognised_as_threat_composer() {
    for name in [SAMPLE, EXERCISE] {
        assert_eq!(detect(&fixture(name)).map(|f| f.id()), Some("threat-composer"), "{name}");
    }
    let dragon = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/threat-dragon/demo/generic-cms.json"),
    )
    .unwrap();
    assert!(!ThreatComposer.recognises(&dragon));
    assert!(ThreatComposer.recognises("{ \"threats\": [ { \"threatSource\": \"actor\" } ] }"));
    assert!(!ThreatComposer.recognises("[ { \"threatSource\": \"actor\" } ]"));
}

#[test]
fn the_example_workspace_imports_with_its_twenty_threats() {
    let imported = only(&fixture(SAMPLE));
    let model = &imported.model;
    assert_eq!(imported.title, "Threat composer");
    assert!(model.errors().is_empty());

    // 20 statements, all "threatResolved" without a status tag: all Mitigated.
    assert_eq!(model.own_threats.len(), 20);
    let statuses: Vec<ThreatStatus> =
        model.own_threats.iter().map(|t| decision(model, t).map_or(ThreatStatus::Open, |d| d.status)).collect();
    assert!(statuses.iter().all(|s| *s == ThreatStatus::Mitigated), "{statuses:?}");

    // STRIDE by the first letter: I 8 (+1 "I, T"), T 5 (+1 "T, I"), D 4, S 1.
    let mut stride: BTreeMap<Stride, usize> = BTreeMap::new();
    for threat in &model.own_threats {
        *stride.entry(threat.stride).or_default() += 1;
    }
    let expected = [
        (Stride::Spoofing, 1),
        (Stride::Tampering, 6),
        (Stride::InformationDisclosure, 9),
        (Stride::DenialOfService, 4),
    ];
    assert_eq!(stride, expected.into_iter().collect());

    // Priority Low 9, Medium 6, High 5.
    let mut ratings: BTreeMap<(Option<Level>, Option<Level>), usize> = BTreeMap::new();
    for threat in &model.own_threats {
        let d = decision(model, threat);
        *ratings.entry((d.and_then(|d| d.likelihood), d.and_then(|d| d.impact))).or_default() += 1;
    }
    let expected = [
        ((Some(Level::Low), Some(Level::Low)), 9),
        ((Some(Level::Medium), Some(Level::Medium)), 6),
        ((Some(Level::Medium), Some(Level::High)), 5),
    ];
    assert_eq!(ratings, expected.into_iter().collect());

    // Seven distinct assets ("threat composer" is also the application, where the two
    // statements without assets go); threats on the first asset of each statement:
    // "application metadata" T22, T21; "threats" T20, T14, T12, T6, T4, T3, T2, T1;
    // "threat composer" T19, T16 (no assets), T18, T17, T15, T13, T9, T8, T7; the browser T5.
    let names: Vec<&str> = model.elements.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "application metadata",
            "threats",
            "mitigations",
            "assumptions",
            "Threat composer",
            "code running in the user's browser",
            "application configuration"
        ]
    );
    let on = |name: &str| {
        let id = model.elements.iter().find(|e| e.name == name).map(|e| e.id.to_string()).unwrap_or_default();
        model.own_threats.iter().filter(|t| t.target == id).count()
    };
    assert_eq!(
        [on("application metadata"), on("threats"), on("Threat composer"), on("code running in the user's browser")],
        [2, 8, 9, 1]
    );
    assert!(model.elements.iter().all(|e| model.layout.elements.contains_key(&e.id)));
    assert_eq!(model.elements[5].kind, "browser");
    assert!(model.flows.is_empty() && model.boundaries.is_empty());

    // Statement T22: its text is the title, its parts and tag the description.
    let first = &model.own_threats[0];
    assert!(first.title.starts_with("A threat actor that is able to trick a user into installing"), "{}", first.title);
    assert!(first.description.contains("Threat Composer T22."), "{}", first.description);
    assert!(first.description.contains("Tags: Social engineering."), "{}", first.description);
    // 15 statements have mitigations linked (32 links); each shows in its decision's notes.
    let with_notes =
        model.own_threats.iter().filter(|t| decision(model, t).is_some_and(|d| !d.notes.is_empty())).count();
    assert_eq!(with_notes, 15);
    let lines: usize =
        model.own_threats.iter().filter_map(|t| decision(model, t)).map(|d| d.notes.lines().count()).sum();
    assert_eq!(lines, 32);

    // The description holds the application, architecture, data flow and 5 assumptions.
    for part in ["### Architecture", "### Data flow", "### Assumptions", "- A5: "] {
        assert!(model.description.contains(part), "{part}");
    }
    let notes = imported.notes.join("\n");
    for said in [
        "The architecture diagram is a picture",
        "The data flow diagram is a picture",
        "5 assumptions were added",
        "21 links to threats",
        "4 mitigation links point to no threat statement",
        "7 elements were made",
        "11 threats name several impacted assets",
        "2 threats have several STRIDE categories",
    ] {
        assert!(notes.contains(said), "{said}\n{notes}");
    }
}

#[test]
fn the_empty_workshop_exercise_imports_as_a_model_without_threats() {
    let imported = only(&fixture(EXERCISE));
    assert_eq!(imported.title, "Vehicle registration feature");
    assert!(imported.model.own_threats.is_empty() && imported.model.elements.is_empty());
    assert!(imported.model.description.contains("### Architecture"));
    let notes = imported.notes.join("\n");
    assert!(notes.contains("no threat statements"), "{notes}");
    assert!(notes.contains("architecture diagram is a picture"), "{notes}");
    assert!(!notes.contains("data flow diagram"), "its data flow has no picture: {notes}");
}

/// Every template with each of the six statuses set on its first threats, so that the round
/// trip is tested for all of them.
fn templates_with_every_status() -> Vec<(String, ThreatModel)> {
    TEMPLATES
        .iter()
        .map(|template| {
            let mut model = template.model().unwrap();
            let analysis = analyze(&model, Catalogue::builtin());
            for (threat, status) in analysis.threats.iter().zip(ThreatStatus::ALL) {
                let reason = if status.needs_reason() { "Out of scope".to_owned() } else { String::new() };
                let notes = format!("Plan for {}", threat.key());
                let owner = "Ann".to_owned();
                let decision = Decision { status, reason, notes, owner, ..Decision::default() };
                model.decisions.insert(threat.key(), decision);
            }
            (template.id.to_owned(), model)
        })
        .collect()
}

#[test]
fn the_export_of_every_template_is_valid_against_threat_composers_schema() {
    let schema: Value = serde_json::from_str(&fixture("threat-composer-v1.schema.json")).unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    for name in [SAMPLE, EXERCISE] {
        let file: Value = serde_json::from_str(&fixture(name)).unwrap();
        assert!(validator.is_valid(&file), "the schema takes Threat Composer's own {name}");
    }
    let mut models = templates_with_every_status();
    models.push(("the example workspace".to_owned(), only(&fixture(SAMPLE)).model));
    for (what, model) in models {
        let analysis = analyze(&model, Catalogue::builtin());
        let exported: Value = serde_json::from_str(&export(&model, &analysis)).unwrap();
        let errors: Vec<String> =
            validator.iter_errors(&exported).map(|e| format!("{e} at {}", e.instance_path())).collect();
        assert!(errors.is_empty(), "{what}: {errors:#?}");
        assert_eq!(exported["threats"].as_array().map(Vec::len), Some(analysis.threats.len()), "{what}");
    }
}

#[test]
fn an_exported_template_imports_back_with_the_same_statements_categories_and_statuses() {
    for (what, model) in templates_with_every_status() {
        let analysis = analyze(&model, Catalogue::builtin());
        let text = export(&model, &analysis);
        assert_eq!(text, export(&model, &analysis), "{what}: the same model gives the same file");
        let back = only(&text).model;
        assert_eq!(back.own_threats.len(), analysis.threats.len(), "{what}");
        for (own, threat) in back.own_threats.iter().zip(&analysis.threats) {
            assert_eq!(own.stride, threat.stride, "{what}: {}", own.title);
            let status = decision(&back, own).map_or(ThreatStatus::Open, |d| d.status);
            assert_eq!(status, threat.status, "{what}: {}", own.title);
        }
        // Each of the six statuses was set and came back.
        let statuses: std::collections::BTreeSet<ThreatStatus> =
            back.own_threats.iter().filter_map(|t| decision(&back, t)).map(|d| d.status).collect();
        if analysis.threats.len() >= 6 {
            assert_eq!(statuses.len(), 6, "{what}");
        }
        let owned = back.own_threats.iter().filter(|t| t.description.contains("Owner: Ann.")).count();
        assert_eq!(owned, analysis.threats.len().min(6), "{what}: the owner is in the comments");
        let planned = back
            .own_threats
            .iter()
            .filter_map(|t| decision(&back, t))
            .filter(|d| d.notes.contains("Plan for "))
            .count();
        assert_eq!(planned, analysis.threats.len().min(6), "{what}: the notes came back as linked mitigations");
    }
}

#[test]
fn an_exported_statement_reads_as_threat_composer_would_write_it() {
    let model = TEMPLATES.iter().find(|t| t.id == "checkout").unwrap().model().unwrap();
    let analysis = analyze(&model, Catalogue::builtin());
    let exported: Value = serde_json::from_str(&export(&model, &analysis)).unwrap();
    let threats = exported["threats"].as_array().unwrap();
    assert_eq!(threats[0]["numericId"], 1);
    assert_eq!(threats[0]["displayOrder"], 1);
    for threat in threats {
        let statement = threat["statement"].as_str().unwrap();
        let source = threat["threatSource"].as_str().unwrap();
        let action = threat["threatAction"].as_str().unwrap();
        assert!(statement.starts_with('A'), "{statement}");
        assert!(statement.contains(&format!("{source} with access to ")), "{statement}");
        assert!(statement.contains(&format!(" can {action}, which leads to ")), "{statement}");
        assert!(statement.contains(", resulting in reduced "), "{statement}");
        assert!(threat["tags"].as_array().unwrap().contains(&Value::from("threatsketch")));
    }
    // Threats with different titles on one target read differently, even of one category.
    let statements: std::collections::HashSet<&str> = threats.iter().filter_map(|t| t["statement"].as_str()).collect();
    let titled: std::collections::HashSet<(&str, &crate::model::Target)> =
        analysis.threats.iter().map(|t| (t.title(), &t.target)).collect();
    assert_eq!(statements.len(), titled.len());
    let api = threats.iter().find(|t| t["tags"][1] == "api-verbose-errors").unwrap();
    assert_eq!(
        api["statement"],
        "An internet-based actor with access to API gateway can exploit that error messages could reveal how your \
        system works, which leads to data disclosed to people who should not see it, resulting in reduced \
        confidentiality of API gateway"
    );
    let open = threats.iter().find(|t| t["tags"][1] == "api-without-authorizer").unwrap();
    assert_eq!(open["threatAction"], "call the API without signing in");
    assert!(exported["architecture"]["description"].as_str().unwrap().contains("### Elements"));
    assert!(exported["dataflow"]["description"].as_str().unwrap().contains(" → "));
    let links = exported["mitigationLinks"].as_array().unwrap();
    assert!(!links.is_empty() && exported["mitigations"].as_array().is_some_and(|m| !m.is_empty()));
}

#[test]
fn malformed_files_are_refused_with_a_position() {
    let sample = fixture(SAMPLE);
    let cut = &sample[..sample.len() / 2];
    // Nested where any value is taken (a metadata value), so that only the depth can stop it.
    let deep = format!(
        "{{\"threats\": [ {{ \"metadata\": [ {{ \"key\": \"x\", \"value\": {}{} }} ] }} ] }}",
        "[".repeat(200),
        "]".repeat(200)
    );
    let cases: [(&str, &str, usize); 7] = [
        ("", "empty", 1),
        ("  [1, 2]", "JSON object", 1),
        ("\u{feff}{ \"threats\": {} }", "expected a sequence", 1),
        (cut, "ends too early", 0),
        ("{\n  \"schema\": 1,\n  \"threats\": 5\n}", "expected a sequence", 3),
        ("{\"threats\": [ { \"statement\": 7 } ]}", "expected a string", 1),
        (&deep, "recursion limit", 1),
    ];
    for (text, says, line) in cases {
        let err = ThreatComposer.import(text).unwrap_err();
        assert!(err.line >= 1 && err.column >= 1, "{err}");
        if line > 0 {
            assert_eq!(err.line, line, "{err}");
        }
        assert!(err.message.contains(says), "{says}: {err}");
    }
    // A section the import does not read is skipped without recursion, however deep.
    let skipped = format!("{{\"schema\": 1, \"brainstorm\": {}{}}}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(only(&skipped).model.own_threats.is_empty());
}

#[test]
fn statements_without_category_asset_or_text_still_import() {
    let text = r#"{ "schema": 1, "applicationInfo": { "name": "Shop" }, "threats": [
        { "id": "a", "numericId": 1, "threatSource": "user", "threatAction": "delete orders",
          "impactedGoal": ["availability"], "status": "threatResolvedNotUseful" },
        { "id": "b", "numericId": 2, "status": "threatSomething",
          "metadata": [ { "key": "Priority", "value": "Urgent" } ] }
    ] }"#;
    let imported = only(text);
    let model = &imported.model;
    assert_eq!(model.elements.len(), 1);
    assert_eq!(model.elements[0].name, "Shop");
    let [first, second] = model.own_threats.as_slice() else { panic!("two threats") };
    assert_eq!(first.title, "A user can delete orders, resulting in reduced availability");
    assert_eq!(first.stride, Stride::DenialOfService);
    let d = decision(model, first).unwrap();
    assert_eq!((d.status, d.reason.as_str()), (ThreatStatus::NotApplicable, IMPORTED_REASON));
    assert_eq!(second.title, "Threat 2");
    assert_eq!(second.stride, Stride::Tampering);
    let notes = imported.notes.join("\n");
    assert!(notes.contains("the status \"threatSomething\""), "{notes}");
    assert!(notes.contains("the priority \"Urgent\""), "{notes}");
    assert!(notes.contains("chosen from its impacted goal"), "{notes}");
}

#[test]
#[allow(clippy::print_stderr)] // The figure for the report.
fn the_example_workspace_imports_quickly() {
    let text = fixture(SAMPLE);
    let started = std::time::Instant::now();
    let imported = only(&text);
    let took = started.elapsed();
    eprintln!("importing {SAMPLE} ({} bytes) took {took:?}", text.len());
    assert_eq!(imported.model.own_threats.len(), 20);
    assert!(took.as_secs() < 5, "{took:?}");
}

#[test]
fn a_cut_or_mangled_file_is_refused_or_imported_but_never_panics() {
    let sample = fixture(SAMPLE);
    let mut cuts = 0;
    for n in 1..40 {
        let mut at = sample.len() * n / 40;
        while !sample.is_char_boundary(at) {
            at += 1;
        }
        let err = ThreatComposer.import(&sample[..at]).unwrap_err();
        assert!(err.line >= 1 && err.column >= 1, "cut at {at}: {err}");
        cuts += 1;
    }
    assert_eq!(cuts, 39);
    // Every 25th value replaced by one of another type.
    let replacements = ["5", "null", "[]", "{}", "true", "\"x\"", "[5]"];
    let (mut refused, mut taken) = (0, 0);
    for (n, (at, _)) in sample.match_indices("\": ").enumerate().filter(|(n, _)| n % 25 == 0) {
        let (head, tail) = sample.split_at(at + 3);
        let end = tail.find([',', '}', ']', '\n']).unwrap_or(0);
        let text = format!("{head}{}{}", replacements[n % replacements.len()], &tail[end..]);
        match ThreatComposer.import(&text) {
            Ok(models) => {
                taken += 1;
                assert!(models.iter().all(|m| m.model.errors().is_empty()));
            }
            Err(err) => {
                refused += 1;
                assert!(err.line >= 1 && err.column >= 1, "{err}");
            }
        }
    }
    assert!(refused > 5 && taken > 0, "{refused} refused, {taken} taken");
}

#[test]
fn a_thousand_assets_import_and_one_more_is_refused() {
    let statements = |assets: usize| {
        let threats: Vec<String> = (0..assets)
            .map(|i| format!("{{ \"id\": \"t{i}\", \"numericId\": {i}, \"threatAction\": \"act\", \"impactedAssets\": [\"asset {i}\"] }}"))
            .collect();
        format!("{{ \"schema\": 1, \"threats\": [ {} ] }}", threats.join(", "))
    };
    let started = std::time::Instant::now();
    let imported = only(&statements(1_000));
    assert_eq!(imported.model.elements.len(), 1_000);
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    let err = ThreatComposer.import(&statements(1_001)).unwrap_err();
    assert!(err.message.contains("more than 1000 different impacted assets"), "{err}");
}
