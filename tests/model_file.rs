//! The `.ron` model file: round trips, byte stability, minimal diffs, and every way a file can
//! be wrong, each reported with where and what was expected.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;

use threatsketch::edit::{Command, Document};
use threatsketch::io::templates::{TEMPLATES, Template};
use threatsketch::io::{LoadError, TextPosition, load_path, parse_model, save_path, to_ron};
use threatsketch::model::{ElementId, Issue, Point};

fn sample_text() -> String {
    to_ron(&Template::sample().model().unwrap()).unwrap()
}

fn parse(text: &str) -> Result<threatsketch::io::Loaded, LoadError> {
    parse_model(text, Path::new("/models/shop.ron"))
}

#[test]
fn saving_an_unchanged_model_reproduces_the_file_byte_for_byte() {
    for template in TEMPLATES {
        let text = to_ron(&template.model().unwrap()).unwrap();
        let reloaded = parse(&text).unwrap().model;
        assert_eq!(to_ron(&reloaded).unwrap(), text, "{}", template.id);
    }
}

#[test]
fn save_and_load_through_disk_round_trips() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("checkout.ron");
    let model = Template::sample().model().unwrap();
    save_path(&model, &path).unwrap();
    let loaded = load_path(&path).unwrap();
    assert_eq!(loaded.model, model);
    assert!(loaded.warnings.is_empty());
    // Saving again keeps the previous version beside the file.
    save_path(&model, &path).unwrap();
    assert_eq!(std::fs::read(dir.path().join("checkout.ron~")).unwrap(), std::fs::read(&path).unwrap());
}

#[test]
fn moving_one_element_changes_only_its_position_line() {
    let model = Template::sample().model().unwrap();
    let before = to_ron(&model).unwrap();
    let mut doc = Document::new(model, None);
    let id = ElementId::new("e3");
    let to = doc.model().element_position(&id).offset(40.0, -25.0);
    doc.apply(Command::MoveElements { moves: vec![(id, to)] }).unwrap();
    let after = to_ron(doc.model()).unwrap();
    let changed: Vec<(&str, &str)> = before.lines().zip(after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(before.lines().count(), after.lines().count());
    assert_eq!(
        changed,
        vec![("            \"e3\": (x: 810.0, y: 200.0),", "            \"e3\": (x: 850.0, y: 175.0),")]
    );
}

#[test]
fn answering_one_question_changes_one_line() {
    let model = Template::sample().model().unwrap();
    let before = to_ron(&model).unwrap();
    let mut doc = Document::new(model, None);
    doc.apply(Command::SetAnswer {
        target: threatsketch::model::Target::Element(ElementId::new("e2")),
        property: "rate_limited".into(),
        answer: Some(threatsketch::model::Answer::No),
    })
    .unwrap();
    let after = to_ron(doc.model()).unwrap();
    let changed = before.lines().zip(after.lines()).filter(|(a, b)| a != b).count();
    assert_eq!((changed, before.lines().count()), (1, after.lines().count()));
}

#[test]
fn layout_is_kept_apart_from_semantics() {
    let text = sample_text();
    let layout_at = text.find("layout:").unwrap();
    let elements_at = text.find("elements: [").unwrap();
    assert!(elements_at < layout_at);
    assert!(!text[..layout_at].contains("x:"), "positions belong in the layout section");
}

#[test]
fn a_syntax_error_names_line_column_and_file() {
    let text = sample_text().replacen("name: \"Serverless checkout\",", "name: \"Serverless checkout\"", 1);
    let err = parse(&text).unwrap_err();
    let LoadError::Syntax { position, .. } = &err else { panic!("{err:?}") };
    assert_eq!(position.line, 6, "{err}");
    let message = err.to_string();
    assert!(message.starts_with("line 6, column "), "{message}");
    assert!(message.ends_with("(/models/shop.ron)"), "the file comes last: {message}");
}

#[test]
fn a_truncated_file_says_it_ends_too_early() {
    let text = sample_text();
    let err = parse(&text[..text.len() / 2]).unwrap_err();
    assert!(matches!(err, LoadError::Syntax { .. }), "{err:?}");
    assert!(err.to_string().contains("ends too early"), "{err}");
}

#[test]
fn a_wrong_type_says_what_was_expected_and_where() {
    let text = sample_text().replace("\"e2\": (x: 480.0, y: 200.0)", "\"e2\": (x: \"left\", y: 200.0)");
    let err = parse(&text).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("expected"), "{message}");
    let position = err.position().unwrap();
    let line = text.lines().nth(position.line - 1).unwrap();
    assert!(line.contains("\"e2\": (x: \"left\""), "points at {position:?}: {line}");
}

#[test]
fn an_unknown_field_is_named() {
    let text = sample_text().replacen("version: 2,", "version: 2,\n    colour: \"blue\",", 1);
    let err = parse(&text).unwrap_err();
    assert!(err.to_string().contains("colour"), "{err}");
    assert_eq!(err.position().map(|p| p.line), Some(5));
}

#[test]
fn a_dangling_flow_endpoint_is_located() {
    let text = sample_text().replacen("to: \"e4\"", "to: \"e99\"", 1);
    let err = parse(&text).unwrap_err();
    let LoadError::Invalid { problems, .. } = &err else { panic!("{err:?}") };
    assert!(matches!(&problems[0].issue, Issue::DanglingEndpoint { element, .. } if element == "e99"));
    let position = problems[0].position.unwrap();
    assert!(text.lines().nth(position.line - 1).unwrap().contains("to: \"e99\""));
    assert!(err.to_string().contains("flow \"f3\" goes to \"e99\", which is not an element"), "{err}");
}

#[test]
fn a_duplicate_id_points_at_the_second_use() {
    let text = sample_text().replacen("id: \"e2\"", "id: \"e1\"", 1);
    let err = parse(&text).unwrap_err();
    let LoadError::Invalid { problems, .. } = &err else { panic!("{err:?}") };
    assert!(problems.iter().any(|p| p.issue == Issue::DuplicateId { id: "e1".into() }));
    let duplicate = problems.iter().find(|p| matches!(p.issue, Issue::DuplicateId { .. })).unwrap();
    let first_use = text.find("id: \"e1\"").unwrap();
    let first_line = text[..first_use].lines().count() + 1;
    assert!(duplicate.position.unwrap().line > first_line);
}

#[test]
fn an_unknown_kind_lists_the_known_ones() {
    let text = sample_text().replacen("kind: \"database\"", "kind: \"mainframe\"", 1);
    let err = parse(&text).unwrap_err();
    let message = err.to_string();
    assert!(message.contains("\"mainframe\"") && message.contains("object_storage"), "{message}");
    assert!(err.position().is_some());
}

#[test]
fn a_boundary_without_area_is_refused() {
    let text = sample_text().replace(
        "\"b1\": (x: 20.0, y: 110.0, width: 260.0, height: 180.0)",
        "\"b1\": (x: 20.0, y: 110.0, width: 0.0, height: 180.0)",
    );
    let err = parse(&text).unwrap_err();
    assert!(err.to_string().contains("no area"), "{err}");
}

#[test]
fn a_newer_version_is_refused_and_says_so() {
    let text = sample_text().replacen("version: 2,", "version: 7,", 1);
    let err = parse(&text).unwrap_err();
    assert!(matches!(err, LoadError::NewerVersion { found: 7, supported: 2, .. }), "{err:?}");
    assert!(err.to_string().contains("newer ThreatSketch"), "{err}");
}

#[test]
fn a_version_never_written_is_refused() {
    let text = sample_text().replacen("version: 2,", "version: 0,", 1);
    assert!(matches!(parse(&text).unwrap_err(), LoadError::UnknownVersion { found: 0, .. }));
    let text = sample_text().replacen("    version: 2,\n", "", 1);
    assert!(matches!(parse(&text).unwrap_err(), LoadError::UnknownVersion { .. }));
}

#[test]
fn a_file_of_another_tool_is_not_a_model() {
    let err = parse("(nodes: [], edges: [])").unwrap_err();
    assert!(matches!(err, LoadError::NotAModel { .. }), "{err:?}");
    let err = parse("{\"summary\": {\"title\": \"Threat Dragon model\"}}").unwrap_err();
    assert!(matches!(err, LoadError::Syntax { .. } | LoadError::NotAModel { .. }), "{err:?}");
    let err = parse("").unwrap_err();
    assert!(matches!(err, LoadError::Syntax { .. }), "{err:?}");
}

#[test]
fn warnings_do_not_stop_loading() {
    let text = sample_text().replacen(
        "properties: {\"internet_facing\": Yes}",
        "properties: {\"internet_facing\": Yes, \"made_up\": No}",
        1,
    );
    let loaded = parse(&text).unwrap();
    assert_eq!(loaded.warnings.len(), 1, "{:?}", loaded.warnings);
    assert!(matches!(&loaded.warnings[0].issue, Issue::UnknownProperty { property, .. } if property == "made_up"));
    assert!(loaded.warnings[0].position.is_some());
}

#[test]
fn a_missing_file_is_a_read_error_naming_it() {
    let err = load_path(Path::new("/no/such/folder/model.ron")).unwrap_err();
    assert!(matches!(err, LoadError::Read { .. }));
    assert!(err.to_string().ends_with("(/no/such/folder/model.ron)"), "{err}");
}

#[test]
fn a_hand_written_minimal_model_loads() {
    let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/minimal.ron")).unwrap();
    let loaded = parse(&text).unwrap();
    assert_eq!(loaded.model.elements.len(), 2);
    assert_eq!(loaded.model.element_position(&ElementId::new("api")), Point::new(100.0, 100.0));
    assert_eq!(loaded.model.flows[0].label, "");
}

#[test]
fn positions_are_one_based() {
    let err = parse("(\n  format: \"threatsketch\",\n  version: 1,\n  name: 3,\n)").unwrap_err();
    assert_eq!(err.position(), Some(TextPosition { line: 4, column: 9 }), "{err}");
}

#[test]
fn a_boundary_without_a_rectangle_is_refused() {
    let text = sample_text().replace("            \"b3\": (x: 670.0, y: 540.0, width: 280.0, height: 170.0),\n", "");
    let err = parse(&text).unwrap_err();
    let LoadError::Invalid { problems, .. } = &err else { panic!("{err:?}") };
    assert_eq!(problems[0].issue, Issue::BoundaryWithoutRect { boundary: "b3".into() });
    assert!(text.lines().nth(problems[0].position.unwrap().line - 1).unwrap().contains("id: \"b3\""));
}

#[test]
fn a_position_that_is_not_a_number_is_refused() {
    let text = sample_text().replace("\"e2\": (x: 480.0, y: 200.0)", "\"e2\": (x: NaN, y: 200.0)");
    let err = parse(&text).unwrap_err();
    assert!(err.to_string().contains("not a finite number"), "{err}");
}

#[test]
fn layout_warnings_are_reported_and_the_model_still_opens() {
    let text = sample_text()
        .replace("            \"e6\": (x: 810.0, y: 620.0),\n", "            \"ghost\": (x: 1.0, y: 2.0),\n")
        .replacen("name: \"Internet\"", "name: \"  \"", 1);
    let loaded = parse(&text).unwrap();
    let issues: Vec<_> = loaded.warnings.iter().map(|w| w.issue.clone()).collect();
    assert!(issues.contains(&Issue::MissingPosition { element: "e6".into() }), "{issues:?}");
    assert!(issues.contains(&Issue::LayoutOfNothing { id: "ghost".into() }), "{issues:?}");
    assert!(issues.iter().any(|i| matches!(i, Issue::EmptyName { .. })), "{issues:?}");
    let ghost = loaded.warnings.iter().find(|w| matches!(w.issue, Issue::LayoutOfNothing { .. })).unwrap();
    assert!(text.lines().nth(ghost.position.unwrap().line - 1).unwrap().contains("\"ghost\""));
}

#[test]
fn every_validation_issue_has_a_plain_message() {
    use threatsketch::model::{Severity, Target};
    let all = [
        Issue::DuplicateId { id: "e1".into() },
        Issue::DanglingEndpoint { flow: "f1".into(), end: "to", element: "e9".into() },
        Issue::UnknownKind { element: "e1".into(), kind: "x".into() },
        Issue::UnknownProperty { element: "e1".into(), property: "p".into() },
        Issue::BoundaryWithoutRect { boundary: "b1".into() },
        Issue::BadGeometry { id: "b1".into(), what: "has no area" },
        Issue::MissingPosition { element: "e1".into() },
        Issue::LayoutOfNothing { id: "e9".into() },
        Issue::EmptyName { target: Target::Element(ElementId::new("e1")) },
    ];
    for issue in all {
        let message = issue.to_string();
        assert!(message.len() > 15 && !message.contains("Issue"), "{message}");
        // Errors stop loading; warnings are explained but kept.
        let blocks = issue.severity() == Severity::Error;
        assert_eq!(
            blocks,
            !matches!(
                issue,
                Issue::UnknownProperty { .. }
                    | Issue::MissingPosition { .. }
                    | Issue::LayoutOfNothing { .. }
                    | Issue::EmptyName { .. }
            )
        );
    }
}

#[test]
fn files_saved_by_version_1_open_and_their_renamed_answers_migrate() {
    use threatsketch::model::{Answer, ElementId};
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/v1");
    // "Has an authorizer: yes" says no more than yes; "no" is none.
    for (file, gateway, authorizer) in [("sign-up.ron", "e6", "unspecified"), ("payment-webhook.ron", "e2", "none")] {
        let text = std::fs::read_to_string(folder.join(file)).unwrap();
        assert!(text.contains("version: 1,") && text.contains("has_authorizer"), "{file} is a version 1 file");
        let loaded = parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(loaded.warnings.is_empty(), "{file}: {:?}", loaded.warnings);
        assert_eq!(loaded.model.version, threatsketch::model::CURRENT_VERSION);
        let element = loaded.model.element(&ElementId::new(gateway)).unwrap();
        assert_eq!(element.answer("authorizer"), Some(&Answer::choice(authorizer)), "{file}");
        assert_eq!(element.answer("has_authorizer"), None, "{file}");
        // Saved again, it is a current file that reads back the same.
        let saved = to_ron(&loaded.model).unwrap();
        assert_eq!(parse(&saved).unwrap().model, loaded.model, "{file}");
    }
}

#[test]
fn geometry_too_far_out_to_draw_is_refused_with_its_place() {
    // A boundary a billion units wide made the window allocate 16 GiB while drawing.
    let text = sample_text().replacen(
        "\"b1\": (x: 20.0, y: 110.0, width: 260.0, height: 180.0)",
        "\"b1\": (x: 20.0, y: 110.0, width: 1000000000.0, height: 180.0)",
        1,
    );
    let err = parse(&text).unwrap_err();
    assert!(err.to_string().contains("too far out to draw"), "{err}");
    let position = err.position().unwrap();
    assert!(text.lines().nth(position.line - 1).unwrap().contains("\"b1\""), "points at the boundary");
    let text = sample_text().replacen("\"e2\": (x: 480.0, y: 200.0)", "\"e2\": (x: -5000000000.0, y: 200.0)", 1);
    assert!(parse(&text).unwrap_err().to_string().contains("too far out to draw"));
    // A big but drawable diagram is fine.
    let text = sample_text().replacen(
        "\"b1\": (x: 20.0, y: 110.0, width: 260.0, height: 180.0)",
        "\"b1\": (x: 20.0, y: 110.0, width: 30000000.0, height: 180.0)",
        1,
    );
    parse(&text).unwrap();
}
