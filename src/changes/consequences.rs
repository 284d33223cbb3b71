//! What a change means for the threats: the engine run on both versions, threats that
//! appeared or went, those whose risk moved, and the risk matrix before and after.

use std::collections::HashMap;

use serde::Serialize;

use crate::model::{Target, ThreatModel};
use crate::risk::cell_counts;
use crate::threats::{Analysis, Threat};

#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Consequences {
    pub appeared: Vec<RatedThreat>,
    pub gone: Vec<RatedThreat>,
    pub rerated: Vec<Rerated>,
    /// Open threats per cell (impact row, likelihood column, from the lowest), before and after.
    pub matrix_before: Vec<Vec<usize>>,
    pub matrix_after: Vec<Vec<usize>>,
}

impl Consequences {
    pub fn is_empty(&self) -> bool {
        self.appeared.is_empty() && self.gone.is_empty() && self.rerated.is_empty()
    }
}

/// A threat, where it is and its risk.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RatedThreat {
    pub key: String,
    pub title: String,
    /// The element or flow, by name.
    pub on: String,
    pub risk: String,
}

/// A threat on both sides whose risk or status moved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Rerated {
    pub key: String,
    pub title: String,
    pub on: String,
    pub before: String,
    pub after: String,
}

/// The consequences of going from `before` (analysed as `old`) to `after` (as `new`).
pub fn consequences(before: (&ThreatModel, &Analysis), after: (&ThreatModel, &Analysis)) -> Consequences {
    let ((old_model, old), (new_model, new)) = (before, after);
    let old_threats: HashMap<String, &Threat> = old.threats.iter().map(|t| (t.key(), t)).collect();
    let new_keys: HashMap<String, &Threat> = new.threats.iter().map(|t| (t.key(), t)).collect();
    let (old_names, new_names) = (Names::of(old_model), Names::of(new_model));
    let mut result = Consequences {
        matrix_before: cell_counts(&old.threats, false, old_model.scale),
        matrix_after: cell_counts(&new.threats, false, new_model.scale),
        ..Consequences::default()
    };
    for threat in &new.threats {
        let key = threat.key();
        match old_threats.get(&key) {
            None => result.appeared.push(rated(&new_names, threat, key)),
            Some(was) => {
                let (before, after) = (standing(was), standing(threat));
                if before != after {
                    let on = new_names.on(&threat.target);
                    result.rerated.push(Rerated { key, title: threat.title().to_owned(), on, before, after });
                }
            }
        }
    }
    for threat in old.threats.iter().filter(|t| !new_keys.contains_key(&t.key())) {
        result.gone.push(rated(&old_names, threat, threat.key()));
    }
    result
}

/// A threat's risk, and its status when not open: "High, Mitigated".
pub(super) fn standing(threat: &Threat) -> String {
    if threat.status.is_open() {
        threat.risk.label().to_owned()
    } else {
        format!("{}, {}", threat.risk.label(), threat.status.label())
    }
}

fn rated(names: &Names, threat: &Threat, key: String) -> RatedThreat {
    RatedThreat { key, title: threat.title().to_owned(), on: names.on(&threat.target), risk: standing(threat) }
}

/// The names of a model's parts by kind and id, looked up once each instead of scanning the
/// model per threat (an element and a flow may share an id).
pub(super) struct Names<'m>(HashMap<(u8, &'m str), &'m str>);

impl<'m> Names<'m> {
    pub(super) fn of(model: &'m ThreatModel) -> Self {
        let elements = model.elements.iter().map(|e| ((0, e.id.as_str()), e.name.as_str()));
        let flows = model.flows.iter().map(|f| ((1, f.id.as_str()), f.label.as_str()));
        let boundaries = model.boundaries.iter().map(|b| ((2, b.id.as_str()), b.name.as_str()));
        Self(elements.chain(flows).chain(boundaries).collect())
    }

    pub(super) fn on(&self, target: &Target) -> String {
        let kind = match target {
            Target::Element(_) => 0,
            Target::Flow(_) => 1,
            Target::Boundary(_) => 2,
        };
        let id = target.id();
        self.0.get(&(kind, id)).map_or_else(|| id.to_owned(), |name| (*name).to_owned())
    }
}
