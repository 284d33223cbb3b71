//! Files from earlier versions, brought up to date on load. Each change of meaning since
//! version 1 has a row here and a test, so a saved model never breaks.

use super::{Answer, Answers, ThreatModel};

/// A yes/no question that became a choice: how an old answer reads now.
pub struct RenamedProperty {
    pub old: &'static str,
    pub new: &'static str,
    /// The option an old Yes becomes in a model (the old answer said no more than yes).
    pub yes_becomes: &'static str,
    /// Every option that means yes, for rules written against the old question.
    pub yes_means: &'static [&'static str],
    /// The option an old No becomes.
    pub no_becomes: &'static str,
}

/// Version 2: "Has an authorizer" (yes/no) became "Authorizer" (none, JWT, IAM, …).
pub const RENAMED_PROPERTIES: &[RenamedProperty] = &[RenamedProperty {
    old: "has_authorizer",
    new: "authorizer",
    yes_becomes: "unspecified",
    yes_means: &["jwt", "iam", "custom", "api_key", "unspecified"],
    no_becomes: "none",
}];

/// Rewrites answers to renamed questions; answers already in the new form are left alone,
/// so this is safe on any map (Threat Dragon files carry our answers without a version).
pub fn migrate_answers(answers: &mut Answers) {
    for renamed in RENAMED_PROPERTIES {
        let Some(old) = answers.remove(renamed.old) else { continue };
        let new = match old {
            Answer::Yes => Answer::choice(renamed.yes_becomes),
            Answer::No => Answer::choice(renamed.no_becomes),
            // Never written by an earlier version; kept for validation to report.
            other => other,
        };
        answers.entry(renamed.new.to_owned()).or_insert(new);
    }
}

/// Brings a model read from an older file version up to the current one.
pub fn migrate(model: &mut ThreatModel) {
    if model.version < 2 {
        for element in &mut model.elements {
            migrate_answers(&mut element.properties);
        }
    }
    model.version = super::CURRENT_VERSION;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, ElementId};

    #[test]
    fn has_authorizer_yes_and_no_become_choices_and_new_answers_stay() {
        let mut model = ThreatModel::new("old");
        model.version = 1;
        for (id, answer) in [("e1", Answer::Yes), ("e2", Answer::No)] {
            let mut element = Element::new(ElementId::new(id), "api_gateway", "API");
            element.properties.insert("has_authorizer".into(), answer);
            element.properties.insert("waf".into(), Answer::Yes);
            model.elements.push(element);
        }
        migrate(&mut model);
        assert_eq!(model.version, super::super::CURRENT_VERSION);
        assert_eq!(model.elements[0].answer("authorizer"), Some(&Answer::choice("unspecified")));
        assert_eq!(model.elements[1].answer("authorizer"), Some(&Answer::choice("none")));
        assert!(model.elements.iter().all(|e| e.answer("has_authorizer").is_none()));
        assert!(model.elements.iter().all(|e| e.answer("waf") == Some(&Answer::Yes)), "other answers untouched");

        let mut current = Answers::new();
        current.insert("authorizer".into(), Answer::choice("jwt"));
        let before = current.clone();
        migrate_answers(&mut current);
        assert_eq!(current, before);
    }
}
