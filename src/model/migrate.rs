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

/// Version 2: rules merged into another that now says the same idea for every event source.
/// Decisions stored under the old rule move to the one that replaced it.
pub const RENAMED_RULES: &[(&str, &str)] = &[("function-event-injection", "untrusted-input-injection")];

/// A decision key (`rule@target`) under the rule's current name.
fn renamed_key(key: &str) -> Option<String> {
    let key = super::ThreatKey::parse(key)?;
    let (_, new) = RENAMED_RULES.iter().find(|(old, _)| *old == key.origin)?;
    Some(super::ThreatKey::new(new, key.target).to_string())
}

/// Notes that keep what was decided under a rule that was merged away.
fn merged_notes(notes: &str, old_key: &str, old: &super::Decision) -> String {
    let mut said = vec![format!("status {}", old.status.label())];
    said.extend([&old.reason, &old.notes].into_iter().filter(|t| !t.trim().is_empty()).cloned());
    let carried = format!("Merged from {old_key}: {}.", said.join("; "));
    if notes.trim().is_empty() { carried } else { format!("{notes}\n{carried}") }
}

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
        let renamed: Vec<(String, String)> =
            model.decisions.keys().filter_map(|key| Some((key.clone(), renamed_key(key)?))).collect();
        for (old, new) in renamed {
            let Some(decision) = model.decisions.remove(&old) else { continue };
            match model.decisions.get_mut(&new) {
                // Both rules had fired there: the decision on the surviving rule stands, and
                // what was written on the other is kept in its notes.
                Some(kept) => kept.notes = merged_notes(&kept.notes, &old, &decision),
                None => {
                    model.decisions.insert(new, decision);
                }
            }
        }
        if let Some(workshop) = &mut model.workshop
            && let Some(new) = renamed_key(&workshop.focus)
        {
            workshop.focus = new;
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

    #[test]
    fn decisions_and_workshop_focus_on_a_merged_rule_move_to_the_rule_that_replaced_it() {
        use crate::model::{Decision, Workshop, WorkshopStep};
        let mut model = ThreatModel::new("old");
        model.version = 1;
        let decision = Decision { notes: "checked by Sam".into(), ..Decision::default() };
        model.decisions.insert("function-event-injection@e3".into(), decision.clone());
        model.decisions.insert("api-without-authorizer@e2".into(), Decision::default());
        model.workshop = Some(Workshop { step: WorkshopStep::Assess, focus: "function-event-injection@e3".into() });
        migrate(&mut model);
        assert_eq!(model.decisions.get("untrusted-input-injection@e3"), Some(&decision));
        assert!(!model.decisions.contains_key("function-event-injection@e3"));
        assert!(model.decisions.contains_key("api-without-authorizer@e2"), "other decisions untouched");
        assert_eq!(model.workshop.map(|w| w.focus).as_deref(), Some("untrusted-input-injection@e3"));

        // Where both rules had a decision, the survivor's stands and the other's words are kept.
        let mut model = ThreatModel::new("both");
        model.version = 1;
        model.decisions.insert("function-event-injection@e3".into(), decision);
        model.decisions.insert("untrusted-input-injection@e3".into(), Decision::default());
        migrate(&mut model);
        assert_eq!(model.decisions.len(), 1);
        let notes = &model.decisions["untrusted-input-injection@e3"].notes;
        assert!(notes.contains("function-event-injection@e3") && notes.contains("checked by Sam"), "{notes}");
    }
}
