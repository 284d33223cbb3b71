//! The part of the embedded knowledge base this import reads: which STRIDE category each threat
//! type belongs to, for threats whose own category is missing or was renamed. The rest (stencil
//! types, threat texts, generation rules) is not imported.

use std::collections::HashMap;

use roxmltree::Node;

use super::xml::{child, elements, text_of};

/// Threat type id ("TH153") → its category as the knowledge base names it.
pub(super) struct ThreatTypes {
    categories: HashMap<String, String>,
}

impl ThreatTypes {
    pub fn read(root: Node) -> Self {
        let Some(kb) = child(root, "KnowledgeBase") else { return Self { categories: HashMap::new() } };
        // Category id ("E") → name ("Elevation of Privileges"), for custom ids.
        let names: HashMap<String, String> = child(kb, "ThreatCategories")
            .into_iter()
            .flat_map(elements)
            .map(|c| (text_of(c, "Id"), text_of(c, "Name")))
            .collect();
        let categories = child(kb, "ThreatTypes")
            .into_iter()
            .flat_map(elements)
            .map(|t| {
                let id = text_of(t, "Category");
                let name = names.get(&id).filter(|n| !n.is_empty()).cloned().unwrap_or(id);
                (text_of(t, "Id"), name)
            })
            .collect();
        Self { categories }
    }

    /// The category of a threat type, if the knowledge base has it.
    pub fn category(&self, type_id: &str) -> Option<&str> {
        self.categories.get(type_id).map(String::as_str).filter(|c| !c.is_empty())
    }
}
