//! Fuzzing the RON model loader (`io::parse_model`) with mutated real model files and with
//! generated models. Seeded and bounded, so it runs in every `cargo test`; docs/fuzzing.md says
//! how to run it longer.
//!
//! Properties: loading never panics and never hangs; a refused file gets a one-line message
//! naming the file, a syntax error points inside the text and so does every validation problem
//! that has a place; an accepted model validates without errors and saves to text that loads
//! back to the same model, byte for byte on the next save. A message is one short line: the
//! file's values are shown with their control characters escaped, so a kind written `"a\nb"`
//! cannot make a message of two lines, and a long token is cut. A problem whose value is written
//! otherwise than ThreatSketch writes it (`"a\u{c}b"`, `-0`, a bare word) still gets a line and
//! column, from a looser anchor (the quoted value, the part's id, the section).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fuzz;

use std::path::Path;
use std::sync::OnceLock;

use fuzz::models::{Shape, build, recipe};
use fuzz::{Dialect, SeedFile, Tally, check, excerpt, first_difference, inside, mutations, one_line, shorten};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use threatsketch::io::{LoadError, parse_model, to_ron};
use threatsketch::model::{Severity, ThreatModel};

const PATH: &str = "/models/fuzzed.ron";

/// Every model file in the repository: the templates, the fixtures, the reference
/// architectures (not their reviewers' lists) and version 1 files.
fn seeds() -> &'static [SeedFile] {
    static SEEDS: OnceLock<Vec<SeedFile>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let root = fuzz::root();
        let folders = [root.join("tests/fixtures"), root.join("assets/templates")];
        let files = fuzz::seed_files(&folders, "ron", &[".review.ron"]);
        assert!(files.len() >= 20, "expected the templates and fixtures as seeds, found {files:?}");
        files
    })
}

fn parse(text: &str) -> Result<threatsketch::io::Loaded, LoadError> {
    parse_model(text, Path::new(PATH))
}

/// The loader's whole contract on one text.
fn loads_or_explains(text: &str, tally: &Tally) -> Result<(), TestCaseError> {
    let result = parse(text);
    tally.add(outcome(&result));
    match result {
        Ok(loaded) => round_trips(&loaded.model),
        Err(err) => explains(text, &err),
    }
}

fn outcome(result: &Result<threatsketch::io::Loaded, LoadError>) -> &'static str {
    match result {
        Ok(_) => "loaded",
        Err(LoadError::Syntax { .. }) => "syntax error",
        Err(err @ LoadError::Invalid { .. }) if err.position().is_some() => "invalid, with its place",
        Err(LoadError::Invalid { .. }) => "invalid, without a place",
        Err(_) => "not a model or another version",
    }
}

/// A refused file: one line, the file named last, and the place inside the text.
fn explains(text: &str, err: &LoadError) -> Result<(), TestCaseError> {
    let message = err.to_string();
    one_line(&message)?;
    prop_assert!(message.ends_with(&format!("({PATH})")), "the file is not named last: {}", shorten(&message));
    if let Some(at) = err.position() {
        prop_assert!(
            inside(text, at.line, at.column),
            "line {}, column {} is not inside the text: {}\n{}",
            at.line,
            at.column,
            shorten(&message),
            excerpt(text, at.line)
        );
    }
    match err {
        LoadError::Syntax { .. } => prop_assert!(err.position().is_some(), "a syntax error without its place"),
        LoadError::Invalid { problems, .. } => {
            prop_assert!(!problems.is_empty(), "refused as invalid with no problem");
            prop_assert!(err.position().is_some(), "refused as invalid without a place: {}", shorten(&message));
            for problem in problems {
                prop_assert_eq!(problem.issue.severity(), Severity::Error, "a warning refused the file: {}", problem);
                if let Some(at) = problem.position {
                    prop_assert!(inside(text, at.line, at.column), "problem outside the text: {}", problem);
                }
            }
        }
        LoadError::Read { .. } => prop_assert!(false, "a read error without reading: {}", message),
        // Not a model, a newer or unknown version: about the file as a whole, with no place.
        _ => {}
    }
    Ok(())
}

/// An accepted model: valid, and saved text loads back to the same model and the same bytes.
fn round_trips(model: &ThreatModel) -> Result<(), TestCaseError> {
    let errors = model.errors();
    prop_assert!(errors.is_empty(), "an accepted model has errors: {:?}", errors);
    let saved = to_ron(model).map_err(|e| TestCaseError::fail(format!("an accepted model does not save: {e}")))?;
    let again = match parse(&saved) {
        Ok(again) => again.model,
        Err(err) => {
            let at = err.position().map_or(1, |p| p.line);
            return Err(TestCaseError::fail(format!(
                "the saved text of an accepted model does not load: {}\n{}",
                shorten(&err.to_string()),
                excerpt(&saved, at)
            )));
        }
    };
    let resaved = to_ron(&again).map_err(|e| TestCaseError::fail(format!("a reloaded model does not save: {e}")))?;
    prop_assert!(
        resaved == saved,
        "saving the reloaded model gives other bytes; {}",
        first_difference(&saved, &resaved)
    );
    prop_assert!(again == *model, "the saved text loads back as another model");
    Ok(())
}

fn mutated_files(name: &str, cases: u32) {
    let strategy = (0..seeds().len(), mutations(Dialect::Ron));
    let tally = Tally::default();
    check(name, cases, strategy, |(seed, edits)| {
        let seed = &seeds()[seed];
        let text = fuzz::apply(&seed.text, &edits, Dialect::Ron);
        fuzz::from_seed(seed, &text, loads_or_explains(&text, &tally))
    });
    tally.print(name);
}

fn mutated_generated_models(name: &str, cases: u32) {
    let shape = Shape { max_elements: 4, max_flows: 5, max_boundaries: 2, max_answers: 8, hostile: true };
    let tally = Tally::default();
    check(name, cases, (recipe(shape), mutations(Dialect::Ron)), |(recipe, edits)| {
        let text = fuzz::apply(&to_ron(&build(&recipe)).unwrap(), &edits, Dialect::Ron);
        loads_or_explains(&text, &tally)
    });
    tally.print(name);
}

#[test]
fn mutated_model_files_load_or_say_where_they_are_wrong() {
    mutated_files("model_file::mutated", 1000);
}

#[test]
fn generated_models_save_and_load_back_unchanged() {
    let shape = Shape { max_elements: 6, max_flows: 8, max_boundaries: 3, max_answers: 8, hostile: true };
    let tally = Tally::default();
    check("model_file::generated", 400, recipe(shape), |recipe| {
        let model = build(&recipe);
        let text = to_ron(&model).map_err(|e| TestCaseError::fail(format!("a model does not save: {e}")))?;
        let errors = model.errors();
        let result = parse(&text);
        match errors.first() {
            // Which check refused it, so that the generator can be kept from refusing too often.
            Some(issue) => tally.add(format!("{issue:?}").split([' ', '{']).next().unwrap_or_default().to_owned()),
            None => tally.add(outcome(&result)),
        }
        match result {
            Ok(loaded) => {
                prop_assert!(errors.is_empty(), "a model with errors loads: {:?}", errors);
                prop_assert!(
                    loaded.model == model,
                    "loads as another model; {}",
                    first_difference(&text, &to_ron(&loaded.model).unwrap())
                );
                round_trips(&loaded.model)
            }
            Err(err) => {
                prop_assert!(
                    !errors.is_empty(),
                    "a valid model does not load back: {}\n{}",
                    shorten(&err.to_string()),
                    excerpt(&text, err.position().map_or(1, |p| p.line))
                );
                explains(&text, &err)
            }
        }
    });
    tally.print("model_file::generated");
}

#[test]
fn mutated_generated_models_load_or_say_where_they_are_wrong() {
    mutated_generated_models("model_file::generated_mutated", 400);
}
