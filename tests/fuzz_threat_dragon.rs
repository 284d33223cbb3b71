//! Fuzzing the Threat Dragon importer (`interop::threat_dragon::import`) with mutated Threat
//! Dragon files (the test fixtures and the project's shared copies) and with mutated exports of
//! generated models (the second boundary of two drawn as a line). Seeded and bounded;
//! docs/fuzzing.md says how to run it longer.
//!
//! Properties: the import never panics and never hangs; a file it takes gives at least one
//! model, each valid (no validation errors) and saved to RON text that loads back to the same
//! model; a file it refuses gets an error with a line and column inside the text (bad JSON), a
//! place in the model and a message (a wrong shape), or the no-diagrams message. An export of a
//! valid model always imports.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fuzz;

use std::path::Path;
use std::sync::OnceLock;

use fuzz::models::{Shape, build, recipe};
use fuzz::{Dialect, SeedFile, Tally, check, excerpt, inside, mutations, one_line, shorten};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use threatsketch::interop::threat_dragon::{self, Import, ImportError};
use threatsketch::io::{parse_model, to_ron};
use threatsketch::threats::{Catalogue, analyze};

/// Every Threat Dragon model in the repository and in the project's shared folder (the same
/// files are taken once); not the JSON schemas.
fn seeds() -> &'static [SeedFile] {
    static SEEDS: OnceLock<Vec<SeedFile>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = fuzz::root();
        let folders = [root.join("tests/fixtures/threat-dragon"), root.join("../shared/interop/threat-dragon")];
        let mut files = fuzz::seed_files(&folders, "json", &[]);
        files.retain(|f| !f.name.contains("schema"));
        assert!(files.len() >= 15, "expected the Threat Dragon fixtures as seeds, found {files:?}");
        files
    })
}

/// The importer's whole contract on one text.
fn imports_or_explains(text: &str, tally: &Tally) -> Result<(), TestCaseError> {
    let result = threat_dragon::import(text);
    tally.add(match &result {
        Ok(_) => "imported",
        Err(ImportError::Syntax { .. }) => "not JSON",
        Err(ImportError::Shape { .. }) => "wrong shape",
        Err(_) => "no diagrams",
    });
    match result {
        Ok(import) => imports_valid_models(&import),
        Err(err) => explains(text, &err),
    }
}

/// Every imported model validates and survives saving and loading.
fn imports_valid_models(import: &Import) -> Result<(), TestCaseError> {
    prop_assert!(!import.diagrams.is_empty(), "an import without models");
    for (i, diagram) in import.diagrams.iter().enumerate() {
        let model = &diagram.model;
        let errors = model.errors();
        prop_assert!(
            errors.is_empty(),
            "imported model {} ({:?}) does not validate: {:?}",
            i + 1,
            diagram.title,
            errors
        );
        let text =
            to_ron(model).map_err(|e| TestCaseError::fail(format!("imported model {} does not save: {e}", i + 1)))?;
        match parse_model(&text, Path::new("imported.ron")) {
            Ok(loaded) => prop_assert!(loaded.model == *model, "imported model {} loads back differently", i + 1),
            Err(err) => {
                let at = err.position().map_or(1, |p| p.line);
                return Err(TestCaseError::fail(format!(
                    "imported model {} saves to text that does not load: {}\n{}",
                    i + 1,
                    shorten(&err.to_string()),
                    excerpt(&text, at)
                )));
            }
        }
    }
    Ok(())
}

/// A refused file: where (line and column inside the text, or a place in the model) and what.
fn explains(text: &str, err: &ImportError) -> Result<(), TestCaseError> {
    let message = err.to_string();
    one_line(&message)?;
    match err {
        ImportError::Syntax { line, column, message } => {
            prop_assert!(!message.trim().is_empty(), "a syntax error without a message");
            prop_assert!(
                inside(text, *line, *column),
                "line {line}, column {column} is not inside the text: {message}\n{}",
                excerpt(text, *line)
            );
        }
        ImportError::Shape { at, message } => {
            prop_assert!(!at.trim().is_empty() && !message.trim().is_empty(), "a shape error without place or message");
        }
        // No diagrams: one fixed sentence.
        _ => {}
    }
    Ok(())
}

fn mutated_files(name: &str, cases: u32) {
    let tally = Tally::default();
    check(name, cases, (0..seeds().len(), mutations(Dialect::Json)), |(seed, edits)| {
        let seed = &seeds()[seed];
        let text = fuzz::apply(&seed.text, &edits, Dialect::Json);
        fuzz::from_seed(seed, &text, imports_or_explains(&text, &tally))
    });
    tally.print(name);
}

fn generated_models(name: &str, cases: u32) {
    let shape = Shape { max_elements: 5, max_flows: 6, max_boundaries: 2, max_answers: 8, hostile: true };
    let tally = Tally::default();
    check(name, cases, (recipe(shape), mutations(Dialect::Json)), |(recipe, edits)| {
        let mut model = build(&recipe);
        with_a_line(&mut model);
        let exported = threat_dragon::export(&model, &analyze(&model, Catalogue::builtin()));
        if model.errors().is_empty() {
            match threat_dragon::import(&exported) {
                Ok(import) => {
                    prop_assert_eq!(import.diagrams.len(), 1, "one model makes one diagram");
                    imports_valid_models(&import)?;
                }
                Err(err) => {
                    return Err(TestCaseError::fail(format!(
                        "the export of a valid model does not import: {}",
                        shorten(&err.to_string())
                    )));
                }
            }
        }
        imports_or_explains(&fuzz::apply(&exported, &edits, Dialect::Json), &tally)
    });
    tally.print(name);
}

/// The second boundary of a model of two redrawn as a line along three corners of its
/// rectangle, so that exports carry trust boundary curves too (the first stays a box).
fn with_a_line(model: &mut threatsketch::model::ThreatModel) {
    use threatsketch::model::Point;
    let Some(second) = model.boundaries.get(1).map(|b| b.id.clone()) else { return };
    let Some(rect) = model.layout.boundaries.remove(&second) else { return };
    let (left, top, right, bottom) = (rect.x, rect.y, rect.x + rect.width, rect.y + rect.height);
    let corners = vec![Point::new(left, top), Point::new(right, top), Point::new(right, bottom)];
    model.layout.boundary_lines.insert(second, corners);
}

#[test]
fn mutated_threat_dragon_files_import_whole_or_say_why() {
    mutated_files("threat_dragon::mutated", 400);
}

#[test]
fn exports_of_generated_models_import_back_and_mutated_ones_import_or_say_why() {
    generated_models("threat_dragon::generated", 250);
}
