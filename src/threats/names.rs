//! What elements and flows are called in lists and reports ("Order details (Customer browser
//! → API gateway)"), worked out once per model state for lists and search over many threats.

use std::collections::HashMap;

use crate::model::{ElementId, Target, ThreatModel};

#[derive(Debug, Default)]
pub struct Names(HashMap<Target, String>);

impl Names {
    pub fn of(model: &ThreatModel) -> Self {
        let elements: HashMap<&ElementId, &str> = model.elements.iter().map(|e| (&e.id, e.name.as_str())).collect();
        let name_of = |id: &ElementId| elements.get(id).copied().unwrap_or(id.as_str()).to_owned();
        let element_names = model.elements.iter().map(|e| (Target::Element(e.id.clone()), e.name.clone()));
        let flow_names = model.flows.iter().map(|f| {
            let (from, to) = (name_of(&f.from), name_of(&f.to));
            let name =
                if f.label.is_empty() { format!("{from} → {to}") } else { format!("{} ({from} → {to})", f.label) };
            (Target::Flow(f.id.clone()), name)
        });
        Self(element_names.chain(flow_names).collect())
    }

    /// The name of an element or flow, or "" for one the model does not have.
    pub fn get(&self, target: &Target) -> &str {
        self.0.get(target).map_or("", String::as_str)
    }
}
