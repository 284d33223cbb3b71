//! The user's own rules: a file in the same format as the built-in catalogue, next to the model
//! (`threatsketch-rules.ron`) or in the config folder (`rules.ron`). A rule with a built-in
//! rule's id replaces it; new ids add rules. Problems are reported with line and column and
//! never stop the app: the built-in rules are used instead.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::Catalogue;
use crate::io::ron_error;
use crate::model::KindCatalog;

/// The rules file looked for next to a model.
pub const RULES_NEXT_TO_MODEL: &str = "threatsketch-rules.ron";
/// The rules file looked for in the config folder.
pub const RULES_IN_CONFIG: &str = "rules.ron";

/// The built-in catalogue with the user's rules applied, and what went wrong on the way.
#[derive(Debug, Default)]
pub struct CombinedCatalogue {
    pub catalogue: Catalogue,
    /// The rules files that were used.
    pub used: Vec<PathBuf>,
    /// One message per problem, naming the file last.
    pub problems: Vec<String>,
}

/// Where user rules may be, in the order they are applied (later files win).
pub fn rules_locations(model_path: Option<&Path>) -> Vec<PathBuf> {
    let config = directories::ProjectDirs::from("", "", "ThreatSketch").map(|d| d.config_dir().join(RULES_IN_CONFIG));
    let beside_model = model_path.and_then(Path::parent).map(|folder| folder.join(RULES_NEXT_TO_MODEL));
    config.into_iter().chain(beside_model).collect()
}

/// The built-in catalogue plus whichever of `files` exist.
pub fn combine(builtin: &Catalogue, files: &[PathBuf]) -> CombinedCatalogue {
    let mut combined = CombinedCatalogue { catalogue: builtin.clone(), ..CombinedCatalogue::default() };
    for path in files.iter().filter(|p| p.is_file()) {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) => {
                combined.problems.push(format!("your rules could not be read: {err} ({})", path.display()));
                continue;
            }
        };
        apply_rules_text(&mut combined, &text, path);
    }
    combined
}

/// Adds the rules in `text` (from `path`, for messages).
pub fn apply_rules_text(combined: &mut CombinedCatalogue, text: &str, path: &Path) {
    let user = match Catalogue::parse(text) {
        Ok(user) => user,
        Err(err) => {
            let (position, message) = ron_error(text, &err);
            combined.problems.push(format!(
                "your rules were not used: line {}, column {}: {message} ({})",
                position.line,
                position.column,
                path.display()
            ));
            return;
        }
    };
    let problems = user.problems(KindCatalog::builtin());
    for rule in user.rules {
        let own_problems: Vec<_> = problems.iter().filter(|p| p.starts_with(&format!("rule '{}':", rule.id))).collect();
        if !own_problems.is_empty() {
            for problem in own_problems {
                let line = text.lines().position(|l| l.contains(&format!("\"{}\"", rule.id))).map_or(0, |i| i + 1);
                combined.problems.push(format!("line {line}: {problem}; the rule was skipped ({})", path.display()));
            }
            continue;
        }
        match combined.catalogue.rules.iter_mut().find(|r| r.id == rule.id) {
            Some(existing) => *existing = Arc::clone(&rule),
            None => combined.catalogue.rules.push(rule),
        }
    }
    combined.used.push(path.to_path_buf());
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE_RULE: &str = r#"#![enable(unwrap_variant_newtypes)]
(rules: [
    (
        id: "shop-no-refund-check",
        applies: Element(kinds: ["function"]),
        stride: Tampering, category: Misconfiguration,
        title: "Refunds are not double-checked", explanation: "e", detail: "d",
        likelihood: Low, impact: High,
        mitigation: MonitoringAndLogging, question: "Who approves refunds over 100 euros?", ask: Developer,
        references: ["own policy"],
    ),
])"#;

    #[test]
    fn user_rules_add_to_and_replace_the_builtin_ones() {
        let builtin = Catalogue::builtin();
        let mut combined = CombinedCatalogue { catalogue: builtin.clone(), ..CombinedCatalogue::default() };
        apply_rules_text(&mut combined, ONE_RULE, Path::new("/shop/threatsketch-rules.ron"));
        assert!(combined.problems.is_empty(), "{:?}", combined.problems);
        assert_eq!(combined.catalogue.rules.len(), builtin.rules.len() + 1);

        let replaced = ONE_RULE.replace("shop-no-refund-check", &builtin.rules[0].id);
        let mut combined = CombinedCatalogue { catalogue: builtin.clone(), ..CombinedCatalogue::default() };
        apply_rules_text(&mut combined, &replaced, Path::new("rules.ron"));
        assert_eq!(combined.catalogue.rules.len(), builtin.rules.len());
        assert_eq!(combined.catalogue.rules[0].title, "Refunds are not double-checked");
    }

    #[test]
    fn a_broken_rules_file_is_reported_with_its_place_and_changes_nothing() {
        let builtin = Catalogue::builtin();
        let mut combined = CombinedCatalogue { catalogue: builtin.clone(), ..CombinedCatalogue::default() };
        let broken = ONE_RULE.replace("likelihood: Low,", "likelihood: Lowish,");
        apply_rules_text(&mut combined, &broken, Path::new("/shop/threatsketch-rules.ron"));
        assert_eq!(combined.catalogue.rules.len(), builtin.rules.len());
        assert_eq!(combined.problems.len(), 1);
        assert!(combined.problems[0].contains("line 8, column 21"), "{}", combined.problems[0]);
        assert!(combined.problems[0].ends_with("(/shop/threatsketch-rules.ron)"));
    }

    #[test]
    fn a_rule_about_an_unknown_kind_is_skipped_alone() {
        let builtin = Catalogue::builtin();
        let mut combined = CombinedCatalogue { catalogue: builtin.clone(), ..CombinedCatalogue::default() };
        apply_rules_text(&mut combined, &ONE_RULE.replace("\"function\"", "\"mainframe\""), Path::new("r.ron"));
        assert_eq!(combined.catalogue.rules.len(), builtin.rules.len());
        assert!(combined.problems[0].contains("unknown kind 'mainframe'"), "{:?}", combined.problems);
    }

    #[test]
    fn files_that_do_not_exist_are_no_problem() {
        let combined = combine(Catalogue::builtin(), &[PathBuf::from("/no/such/rules.ron")]);
        assert!(combined.problems.is_empty() && combined.used.is_empty());
    }
}
