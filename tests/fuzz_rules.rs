//! Fuzzing the user rules loader (`threats::Catalogue::parse`, `apply_rules_text`, `combine`)
//! with mutations of the built-in catalogue, of each of its rules as a file of its own, and of
//! small hand-written rule files. Seeded and bounded; docs/fuzzing.md says how to run it longer.
//!
//! Properties: reading rules never panics; a parsed catalogue's problems are the same on every
//! call and every parse of the same text; a file that does not parse is reported once, with a
//! line and column inside the text and the file named last, and changes nothing; rules that
//! were accepted run through the engine on every template without panicking, with the same
//! result twice. A file that is not UTF-8 (through `combine`) is reported, not fatal.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fuzz;

use std::path::Path;
use std::sync::OnceLock;

use fuzz::models::fingerprint;
use fuzz::{Dialect, SeedFile, Tally, check, excerpt, inside, mutations, shorten};
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use threatsketch::io::templates::TEMPLATES;
use threatsketch::model::{KindCatalog, ThreatModel};
use threatsketch::threats::{BUILTIN_CATALOGUE_RON, Catalogue, CombinedCatalogue, analyze, apply_rules_text, combine};

const PATH: &str = "/shop/threatsketch-rules.ron";

/// Small rule files of the kinds a user writes: a new rule, a flow rule that looks at both
/// ends, a number condition, a rule in version 1's words.
const HANDWRITTEN: &[&str] = &[
    r#"#![enable(unwrap_variant_newtypes)]
(rules: [
    (
        id: "shop-no-refund-check",
        applies: Element(kinds: ["function"]),
        when: {"validates_input": [No, Unknown]},
        lowered_by: {"waf": Yes},
        stride: Tampering, category: Misconfiguration,
        title: "Refunds are not double-checked", explanation: "e", detail: "d",
        likelihood: Low, impact: High,
        mitigation: MonitoringAndLogging, question: "Who approves refunds over 100 euros?", ask: Developer,
        references: ["own policy"],
    ),
])"#,
    r#"#![enable(unwrap_variant_newtypes)]
(rules: [
    (
        id: "shop-browser-to-bucket",
        applies: Flow(from_kinds: ["browser"], to_kinds: ["object_storage"], crosses: [Internet], encrypted: [No, Unknown],
                      data: [PersonalData], from_when: {}, to_when: {"signed_links": [No, Unknown]}),
        when: {"signed": [No, Unknown]},
        raised_by: {"tls_minimum": "tls1_0"},
        stride: InformationDisclosure, category: DataBreach,
        title: "Uploads go straight to the bucket", explanation: "e", detail: "d",
        likelihood: Medium, impact: Medium, sensitive_data_raises_impact: true, internet_raises_likelihood: true,
        mitigation: Encryption, question: "Does every upload use a short signed link?", ask: Developer,
        references: ["CWE:284"], replaces: ["stride-flow-information-disclosure"],
    ),
])"#,
    r#"#![enable(unwrap_variant_newtypes)]
(rules: [
    (
        id: "shop-logs-kept-short",
        applies: Element(kinds: ["monitoring"], inside: [CloudAccount], outside: [Internet], handles_data: [Health]),
        when: {"retention_days": [AtMost(89), Unknown]},
        stride: Repudiation, category: Misconfiguration,
        title: "Logs are gone before anyone looks", explanation: "e", detail: "d",
        likelihood: Medium, impact: Low, suggestions: ["Keep logs a year."],
        mitigation: MonitoringAndLogging, question: "How long are the logs kept?", ask: CloudProvider,
        references: ["HIPAA:164.312"], fallback: false,
    ),
])"#,
    r#"(rules: [
    (
        id: "api-without-authorizer",
        applies: Element(kinds: ["api_gateway"], element_types: [Process]),
        when: {"has_authorizer": [No, Unknown]},
        stride: Spoofing, category: UnauthorizedAccess,
        title: "Anyone can call the API", explanation: "e", detail: "d",
        likelihood: High, impact: High,
        mitigation: LeastPrivilege, question: "What checks each request to the API?", ask: Developer,
        references: ["OWASP-SLS:S1"],
    ),
])"#,
];

/// The built-in catalogue whole (first), each of its rules as a file of its own, and the
/// hand-written files.
fn seeds() -> &'static [SeedFile] {
    static SEEDS: OnceLock<Vec<SeedFile>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        let mut seeds = vec![SeedFile { name: "assets/catalogue.ron".into(), text: BUILTIN_CATALOGUE_RON.into() }];
        let mut lines = BUILTIN_CATALOGUE_RON.lines();
        while let Some(line) = lines.next() {
            if line != "        (" {
                continue;
            }
            let mut rule = vec![line];
            for line in lines.by_ref() {
                rule.push(line);
                if line == "        )," {
                    break;
                }
            }
            let text =
                format!("#![enable(unwrap_variant_newtypes)]\n(\n    rules: [\n{}\n    ],\n)\n", rule.join("\n"));
            seeds.push(SeedFile { name: format!("assets/catalogue.ron, rule {}", seeds.len()), text });
        }
        assert!(seeds.len() > 100, "the catalogue's rules were not found one by one");
        for (i, text) in HANDWRITTEN.iter().enumerate() {
            seeds.push(SeedFile { name: format!("hand-written rules {}", i + 1), text: (*text).to_owned() });
        }
        seeds
    })
}

fn templates() -> &'static [ThreatModel] {
    static MODELS: OnceLock<Vec<ThreatModel>> = OnceLock::new();
    MODELS.get_or_init(|| TEMPLATES.iter().map(|t| t.model().unwrap()).collect())
}

/// Finds "line L, column C" in a message.
fn line_and_column(message: &str) -> Option<(usize, usize)> {
    let rest = &message[message.find("line ")? + 5..];
    let (line, rest) = rest.split_once(", column ")?;
    let column: String = rest.chars().take_while(char::is_ascii_digit).collect();
    Some((line.parse().ok()?, column.parse().ok()?))
}

/// The rules loader's whole contract on one text.
fn reads_or_explains(text: &str, tally: &Tally) -> Result<(), TestCaseError> {
    let kinds = KindCatalog::builtin();
    let builtin = Catalogue::builtin();
    let parsed = Catalogue::parse(text);
    if let Ok(catalogue) = &parsed {
        let problems = catalogue.problems(kinds);
        prop_assert_eq!(&problems, &catalogue.problems(kinds), "problems differ from one call to the next");
        let again = Catalogue::parse(text).map_err(|e| TestCaseError::fail(format!("parses once only: {e}")))?;
        prop_assert_eq!(&problems, &again.problems(kinds), "problems differ from one parse to the next");
        // The engine takes any catalogue that parses, even one with problems, without panicking.
        analyze(&templates()[0], catalogue);
    }

    let mut combined = CombinedCatalogue { catalogue: builtin.clone(), ..CombinedCatalogue::default() };
    apply_rules_text(&mut combined, text, Path::new(PATH));
    match &parsed {
        Err(_) => {
            tally.add("not parsed");
            prop_assert_eq!(combined.problems.len(), 1, "one problem for a file that does not parse");
            let problem = &combined.problems[0];
            prop_assert!(problem.ends_with(&format!("({PATH})")), "the file is not named last: {}", shorten(problem));
            let place = line_and_column(problem);
            prop_assert!(place.is_some(), "no line and column: {}", shorten(problem));
            let (line, column) = place.unwrap_or_default();
            prop_assert!(
                inside(text, line, column),
                "line {line}, column {column} is not inside the text: {}\n{}",
                shorten(problem),
                excerpt(text, line)
            );
            prop_assert!(combined.used.is_empty(), "a file that does not parse counts as used");
            prop_assert_eq!(
                combined.catalogue.rules.len(),
                builtin.rules.len(),
                "a file that does not parse changed the rules"
            );
        }
        Ok(catalogue) => {
            tally.add(match (combined.problems.is_empty(), catalogue.rules.is_empty()) {
                (_, true) => "parsed, no rules",
                (true, false) => "parsed, every rule used",
                (false, false) => "parsed, some rules skipped",
            });
            prop_assert_eq!(combined.used.len(), 1, "a file that parses counts as used");
            for model in templates() {
                let first = fingerprint(&analyze(model, &combined.catalogue));
                let second = fingerprint(&analyze(model, &combined.catalogue));
                prop_assert!(
                    first == second,
                    "the analysis of {:?} with these rules differs from run to run",
                    model.name
                );
            }
        }
    }
    Ok(())
}

#[test]
fn mutated_rule_files_are_used_or_reported_with_their_place() {
    let seeds = seeds();
    // One case in five mutates the whole catalogue, the rest a file of one or a few rules.
    let seed = prop_oneof![1 => Just(0), 4 => 1..seeds.len()];
    let tally = Tally::default();
    check("rules::mutated", 400, (seed, mutations(Dialect::Ron)), |(seed, edits)| {
        let seed = &seeds[seed];
        let text = fuzz::apply(&seed.text, &edits, Dialect::Ron);
        fuzz::from_seed(seed, &text, reads_or_explains(&text, &tally))
    });
    tally.print("rules::mutated");
}

#[test]
fn rule_files_that_are_not_text_are_reported_through_combine() {
    let seeds = seeds();
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().join("threatsketch-rules.ron");
    let tally = Tally::default();
    check("rules::files", 60, (1..seeds.len(), mutations(Dialect::Ron)), |(seed, edits)| {
        let bytes = fuzz::apply_bytes(&seeds[seed].text, &edits, Dialect::Ron);
        std::fs::write(&path, &bytes).unwrap();
        let combined = combine(Catalogue::builtin(), std::slice::from_ref(&path));
        tally.add(match (std::str::from_utf8(&bytes).is_ok(), combined.problems.is_empty()) {
            (false, _) => "not UTF-8",
            (true, true) => "text, used",
            (true, false) => "text, with problems",
        });
        if std::str::from_utf8(&bytes).is_err() {
            prop_assert_eq!(combined.problems.len(), 1, "one problem for a file that is not text");
            prop_assert!(combined.used.is_empty(), "a file that is not text counts as used");
        }
        let named = format!("({})", path.display());
        for problem in &combined.problems {
            prop_assert!(problem.ends_with(&named), "the file is not named last: {}", shorten(problem));
        }
        for model in templates() {
            analyze(model, &combined.catalogue);
        }
        Ok(())
    });
    tally.print("rules::files");
}
