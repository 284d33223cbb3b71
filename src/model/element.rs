use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{ElementId, Tri};

/// A box on the diagram: something that runs, stores or sends data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    pub id: ElementId,
    /// Id of a kind in the kind catalogue (assets/kinds.ron).
    pub kind: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Answers to the kind's questions; a property not listed is unknown.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub properties: BTreeMap<String, Tri>,
    /// A critical asset: its threats come first in the fix-first list.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub critical: bool,
}

impl Element {
    pub fn new(id: ElementId, kind: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id,
            kind: kind.into(),
            name: name.into(),
            description: String::new(),
            properties: BTreeMap::new(),
            critical: false,
        }
    }

    pub fn property(&self, property: &str) -> Tri {
        self.properties.get(property).copied().unwrap_or_default()
    }

    /// Sets a property; unknown removes it, so files list only what someone answered.
    pub fn set_property(&mut self, property: &str, value: Tri) {
        if value.is_unknown() {
            self.properties.remove(property);
        } else {
            self.properties.insert(property.to_owned(), value);
        }
    }
}
