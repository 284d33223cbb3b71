//! The threats on a cell: one ThreatSketch exported from a rule becomes the decision on that
//! suggestion again, any other a threat of one's own; status, severity and mitigation become
//! the decision, and other frameworks' threat types STRIDE categories.

use serde::Deserialize;
use serde_json::Value;

use super::cells::Parsed;
use super::{DiagramImport, clean};
use crate::interop::threat_dragon::export::{mitigation_text, rule_description};
use crate::interop::threat_dragon::json::{TdThreat, ThreatExtension};
use crate::interop::threat_dragon::mapping::{self, CellType, Rating, StrideMatch};
use crate::interop::threat_dragon::{IMPORTED_REASON, ImportError};
use crate::model::{Decision, Level, OwnThreat, ThreatKey, ThreatStatus};
use crate::threats::{Applies, Catalogue, Rule, applies_to_kind};

impl DiagramImport {
    /// The cell's threats: threats of its own, with their status, rating and mitigation as the
    /// decision; a suggestion ThreatSketch exported becomes its decision again. `kind` is the
    /// kind of the element the cell became, if it became one.
    pub(super) fn threats(
        &mut self,
        cell: &Parsed,
        target: &str,
        cell_type: CellType,
        kind: Option<&str>,
        label: &str,
    ) -> Result<(), ImportError> {
        if let Some(error) = &cell.threat_error {
            return Err(error.clone());
        }
        for threat in &cell.data.threats {
            let mut title = clean(&threat.title);
            if title.is_empty() {
                title = "Untitled threat".to_owned();
                self.notes.push(format!("A threat on the {label} had no title; it was called '{title}'."));
            }
            let extension = match threat.threatsketch.as_ref().map(ThreatExtension::deserialize) {
                Some(Ok(extension)) => extension,
                Some(Err(_)) => {
                    self.notes.push(format!(
                        "The ThreatSketch details of the threat '{title}' on the {label} could not be read and were \
                        ignored."
                    ));
                    ThreatExtension::default()
                }
                None => ThreatExtension::default(),
            };
            let rule = extension.rule.as_deref().and_then(|id| self.suggesting_rule(id, cell_type, kind));
            let base = extension.decision.clone().unwrap_or_default();
            let description = threat.description.trim().to_owned();
            let written_description = rule.map_or_else(|| description.clone(), rule_description);

            // Each field as stored, unless it was changed in Threat Dragon.
            let said_status = threat.status.as_deref().unwrap_or_default().trim();
            let status = if mapping::status_to_td(base.status).eq_ignore_ascii_case(said_status) {
                base.status
            } else {
                self.status(said_status, &title, label)
            };
            let severity = threat.severity.as_deref().unwrap_or_default().trim();
            let (likelihood, impact) =
                if !extension.severity.is_empty() && extension.severity.eq_ignore_ascii_case(severity) {
                    (base.likelihood, base.impact)
                } else {
                    self.rating(severity, &title, label)
                };
            let mitigation = threat.mitigation.trim();
            let steps = rule.map(|r| r.suggestions.as_slice());
            let written = mitigation_text(&base.notes, &base.reason, steps, &written_description);
            let (notes, mut reason) = if mitigation == written.trim() {
                (base.notes.clone(), base.reason.clone())
            } else {
                (mitigation.to_owned(), String::new())
            };
            if status.needs_reason() && reason.trim().is_empty() {
                let own_text = if rule.is_some() { "" } else { description.as_str() };
                reason = [notes.as_str(), own_text]
                    .into_iter()
                    .find(|t| !t.is_empty())
                    .unwrap_or(IMPORTED_REASON)
                    .to_owned();
            }
            let title_as_written =
                |stored: &Option<String>, default: &str| clean(stored.as_deref().unwrap_or(default)) == title;
            self.score(threat, &title, label);

            if let Some(rule) = rule {
                let decision_title =
                    if title_as_written(&base.title, &rule.title) { base.title.clone() } else { Some(title) };
                let decision = Decision { status, reason, notes, likelihood, impact, title: decision_title, ..base };
                let key = ThreatKey::new(&rule.id, target).to_string();
                self.found(threat.id.as_ref().and_then(Value::as_str), || key.clone());
                if !decision.is_default() {
                    self.model.decisions.insert(key, decision);
                }
                continue;
            }

            let category_text = threat.category.as_deref().unwrap_or_default().trim();
            let suit = threat.card_suit.as_deref().unwrap_or_default().trim();
            let stride = match mapping::stride_for(category_text, suit, cell_type) {
                StrideMatch::Same(stride) => stride,
                StrideMatch::Translated(stride) => {
                    let said = if category_text.is_empty() {
                        format!("with the EOP card suit \"{suit}\"")
                    } else {
                        format!("of type \"{category_text}\"")
                    };
                    *self.translated.entry((said, stride)).or_default() += 1;
                    stride
                }
                StrideMatch::Default(stride) => {
                    let said = if category_text.is_empty() {
                        "without a type".to_owned()
                    } else {
                        format!("of type \"{category_text}\"")
                    };
                    *self.defaulted.entry(said).or_default() += 1;
                    stride
                }
            };
            self.next_own += 1;
            let id = format!("own-{}", self.next_own);
            // The title is the threat's own; a reworded title of an own threat is just its title.
            let decision = Decision { status, reason, notes, likelihood, impact, title: None, ..base };
            let key = ThreatKey::new(&id, target).to_string();
            self.found(threat.id.as_ref().and_then(Value::as_str), || key.clone());
            if !decision.is_default() {
                self.model.decisions.insert(key, decision);
            }
            let category = extension.category.unwrap_or_else(|| stride.seed_category());
            let own = OwnThreat { id, target: target.to_owned(), title, description, stride, category };
            self.model.own_threats.push(own);
        }
        Ok(())
    }

    /// The rule of an exported suggestion, if this build knows it and it can apply to the
    /// cell, an element of `kind` or a flow (a cell copied in Threat Dragon may carry threats
    /// that do not fit it). Otherwise the threat stays a threat of one's own, so that nothing
    /// is hidden.
    fn suggesting_rule(&self, id: &str, cell_type: CellType, kind: Option<&str>) -> Option<&'static Rule> {
        let rule = Catalogue::builtin().rules.iter().find(|r| r.id == id)?;
        let fits = match &rule.applies {
            Applies::Element(m) => {
                kind.and_then(|kind| self.kinds.kind(kind)).is_some_and(|k| applies_to_kind(m, &k.id, k.element_type))
            }
            Applies::Flow(_) => cell_type == CellType::Flow,
        };
        fits.then_some(rule.as_ref())
    }

    fn status(&mut self, said: &str, title: &str, label: &str) -> ThreatStatus {
        match mapping::status_from_td(said) {
            Some((status, true)) => status,
            Some((status, false)) => {
                self.notes.push(format!(
                    "The threat '{title}' on the {label} is \"{said}\" in Threat Dragon; it was taken as {}.",
                    status.label()
                ));
                status
            }
            None => {
                self.notes.push(format!(
                    "The threat '{title}' on the {label} has the status \"{said}\", which Threat Dragon does not use; \
                    it was taken as Open."
                ));
                ThreatStatus::Open
            }
        }
    }

    fn rating(&mut self, severity: &str, title: &str, label: &str) -> (Option<Level>, Option<Level>) {
        match mapping::rating_from_severity(severity) {
            Rating::Rated(likelihood, impact) => (Some(likelihood), Some(impact)),
            Rating::Unrated => (None, None),
            Rating::Unknown => {
                self.notes.push(format!(
                    "The threat '{title}' on the {label} has the severity \"{severity}\", which Threat Dragon does \
                    not use; it was left unrated."
                ));
                (None, None)
            }
        }
    }

    fn score(&mut self, threat: &TdThreat, title: &str, label: &str) {
        let score = match &threat.score {
            Some(Value::String(text)) => text.trim().to_owned(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        if !score.is_empty() {
            self.notes.push(format!(
                "The threat '{title}' on the {label} has the score \"{score}\" in Threat Dragon; ThreatSketch rates \
                by likelihood and impact, so the score was not kept."
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::threat_dragon::import::tests::{diagram, node};

    #[test]
    fn an_exported_suggestion_on_a_cell_it_does_not_fit_stays_a_threat_of_ones_own() {
        let mut actor = node("x", "User");
        actor["data"]["threats"] = serde_json::json!([
            { "title": "Changed on the way", "type": "Tampering", "status": "Open",
              "threatsketch": { "rule": "stride-flow-tampering" } }
        ]);
        let imported = diagram(&serde_json::json!([actor]));
        assert!(Catalogue::builtin().rules.iter().any(|r| r.id == "stride-flow-tampering"));
        assert_eq!(imported.model.own_threats.len(), 1);
        assert_eq!(imported.model.own_threats[0].title, "Changed on the way");
    }
}
