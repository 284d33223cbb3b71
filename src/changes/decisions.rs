//! Decisions on threats, the user's own threats and the model's settings, compared.

use std::collections::{BTreeSet, HashMap};

use super::{DecisionChange, Detail, FieldChange, PartChange, SettingChange};
use crate::model::{Decision, Level, ThreatModel};

pub fn settings(before: &ThreatModel, after: &ThreatModel) -> Vec<SettingChange> {
    let compliance = |model: &ThreatModel| {
        let names: Vec<&str> = model.compliance.iter().map(|c| c.short_name()).collect();
        if names.is_empty() { "none".to_owned() } else { names.join(", ") }
    };
    let pairs = [
        ("Name", before.name.clone(), after.name.clone()),
        ("What the app does", before.description.clone(), after.description.clone()),
        ("Rating scale", before.scale.label().to_owned(), after.scale.label().to_owned()),
        ("Regulations", compliance(before), compliance(after)),
        ("Next review", before.review.next.clone(), after.review.next.clone()),
        ("Reviews logged", before.review.log.len().to_string(), after.review.log.len().to_string()),
    ];
    pairs
        .into_iter()
        .filter(|(_, old, new)| old != new)
        .map(|(setting, before, after)| SettingChange { setting: setting.to_owned(), before, after })
        .collect()
}

/// Decisions made, changed or dropped, by threat key, in key order.
pub fn decisions(before: &ThreatModel, after: &ThreatModel) -> Vec<DecisionChange> {
    let keys: BTreeSet<&String> = before.decisions.keys().chain(after.decisions.keys()).collect();
    let default = Decision::default();
    keys.into_iter()
        .filter_map(|key| {
            let old = before.decisions.get(key).unwrap_or(&default);
            let new = after.decisions.get(key).unwrap_or(&default);
            let fields = fields(old, new);
            (!fields.is_empty()).then(|| DecisionChange { key: key.clone(), fields })
        })
        .collect()
}

fn fields(old: &Decision, new: &Decision) -> Vec<FieldChange> {
    let level = |l: Option<Level>| l.map_or_else(|| "suggested".to_owned(), |l| l.label().to_owned());
    let text = |t: &str| if t.is_empty() { "none".to_owned() } else { t.to_owned() };
    let families = |d: &Decision| {
        let names: Vec<&str> = d.mitigations.iter().map(|m| m.label()).collect();
        if names.is_empty() { "none".to_owned() } else { names.join(", ") }
    };
    let pairs = [
        ("Status", old.status.label().to_owned(), new.status.label().to_owned()),
        ("Reason", text(&old.reason), text(&new.reason)),
        ("Wording", text(old.title.as_deref().unwrap_or_default()), text(new.title.as_deref().unwrap_or_default())),
        ("Notes", text(&old.notes), text(&new.notes)),
        ("Likelihood", level(old.likelihood), level(new.likelihood)),
        ("Impact", level(old.impact), level(new.impact)),
        ("Likelihood after mitigation", level(old.residual_likelihood), level(new.residual_likelihood)),
        ("Impact after mitigation", level(old.residual_impact), level(new.residual_impact)),
        ("Owner", text(&old.owner), text(&new.owner)),
        ("Due", text(&old.due), text(&new.due)),
        ("Mitigations", families(old), families(new)),
        ("Kept in the workshop", old.kept.to_string(), new.kept.to_string()),
    ];
    pairs
        .into_iter()
        .filter(|(_, a, b)| a != b)
        .map(|(field, before, after)| FieldChange { field: field.to_owned(), before, after })
        .collect()
}

pub fn own_threats(before: &ThreatModel, after: &ThreatModel) -> Vec<PartChange> {
    let old: HashMap<&str, _> = before.own_threats.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut changes = Vec::new();
    for threat in &after.own_threats {
        let (id, name) = (threat.id.clone(), threat.title.clone());
        match old.get(threat.id.as_str()) {
            None => changes.push(PartChange::Added { id, name }),
            Some(was) => {
                let mut details = Vec::new();
                if was.title != threat.title {
                    details.push(Detail::Renamed { from: was.title.clone(), to: threat.title.clone() });
                }
                if was.description != threat.description
                    || was.stride != threat.stride
                    || was.category != threat.category
                {
                    details.push(Detail::Wording);
                }
                if was.target != threat.target {
                    details.push(Detail::Target { before: was.target.clone(), after: threat.target.clone() });
                }
                if !details.is_empty() {
                    changes.push(PartChange::Changed { id, name, details });
                }
            }
        }
    }
    let now: BTreeSet<&str> = after.own_threats.iter().map(|t| t.id.as_str()).collect();
    for threat in before.own_threats.iter().filter(|t| !now.contains(t.id.as_str())) {
        changes.push(PartChange::Removed { id: threat.id.clone(), name: threat.title.clone() });
    }
    changes
}
