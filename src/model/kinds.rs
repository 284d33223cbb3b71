//! The kind catalogue: which boxes the palette offers and which questions each one asks.
//! It is data (assets/kinds.ron), embedded at build time and checked by tests.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The STRIDE element type a kind counts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
pub enum ElementType {
    ExternalEntity,
    Process,
    DataStore,
}

/// How a kind is drawn; every kind has its own pictogram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
pub enum KindShape {
    Person,
    Browser,
    Mobile,
    Cloud,
    Gateway,
    Shield,
    Function,
    Cylinder,
    Bucket,
    Queue,
    Workflow,
    Key,
    Monitor,
    ThirdParty,
    Clock,
    Process,
    DataStore,
    External,
}

/// A yes/no/unknown question that can be asked about an element.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropertyDef {
    pub id: String,
    pub label: String,
    pub help: String,
}

/// One entry of the palette.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindDef {
    pub id: String,
    pub name: String,
    pub element_type: ElementType,
    pub shape: KindShape,
    pub description: String,
    pub properties: Vec<String>,
}

/// All kinds and properties, in palette order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindCatalog {
    pub properties: Vec<PropertyDef>,
    pub kinds: Vec<KindDef>,
    #[serde(skip)]
    kind_index: HashMap<String, usize>,
    #[serde(skip)]
    property_index: HashMap<String, usize>,
}

/// The catalogue file as shipped.
pub const BUILTIN_KINDS_RON: &str = include_str!("../../assets/kinds.ron");

impl KindCatalog {
    /// Parses a catalogue and indexes it.
    pub fn parse(text: &str) -> Result<Self, ron::error::SpannedError> {
        let mut catalog: Self = ron::from_str(text)?;
        catalog.kind_index = catalog.kinds.iter().enumerate().map(|(i, k)| (k.id.clone(), i)).collect();
        catalog.property_index = catalog.properties.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();
        Ok(catalog)
    }

    /// The catalogue built into the binary. A test proves it parses, so a failure here is a
    /// build defect; it then falls back to an empty catalogue rather than crash a user's session.
    pub fn builtin() -> &'static Self {
        static CATALOG: OnceLock<KindCatalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Self::parse(BUILTIN_KINDS_RON).unwrap_or_else(|err| {
                log::error!("built-in kind catalogue is broken: {err}");
                Self {
                    properties: Vec::new(),
                    kinds: Vec::new(),
                    kind_index: HashMap::new(),
                    property_index: HashMap::new(),
                }
            })
        })
    }

    pub fn kind(&self, id: &str) -> Option<&KindDef> {
        self.kind_index.get(id).and_then(|&i| self.kinds.get(i))
    }

    pub fn property(&self, id: &str) -> Option<&PropertyDef> {
        self.property_index.get(id).and_then(|&i| self.properties.get(i))
    }

    /// Display name of a kind, or the raw id for a kind this build does not know.
    pub fn kind_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.kind(id).map_or(id, |k| k.name.as_str())
    }

    /// Problems in the catalogue itself: duplicate ids, properties that do not exist.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.kind_index.len() != self.kinds.len() {
            problems.push("duplicate kind id".to_owned());
        }
        if self.property_index.len() != self.properties.len() {
            problems.push("duplicate property id".to_owned());
        }
        for kind in &self.kinds {
            for property in &kind.properties {
                if self.property(property).is_none() {
                    problems.push(format!("kind '{}' lists unknown property '{property}'", kind.id));
                }
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_parses_and_is_consistent() {
        let catalog = KindCatalog::parse(BUILTIN_KINDS_RON).expect("assets/kinds.ron parses");
        assert_eq!(catalog.problems(), Vec::<String>::new());
        assert!(catalog.kinds.len() >= 18, "the palette needs every serverless building block");
    }

    #[test]
    fn every_property_is_used_by_some_kind() {
        let catalog = KindCatalog::builtin();
        for property in &catalog.properties {
            assert!(
                catalog.kinds.iter().any(|k| k.properties.contains(&property.id)),
                "property '{}' is asked by no kind",
                property.id
            );
        }
    }

    #[test]
    fn every_shape_is_used_once() {
        let catalog = KindCatalog::builtin();
        let shapes: std::collections::HashSet<_> = catalog.kinds.iter().map(|k| k.shape).collect();
        assert_eq!(shapes.len(), catalog.kinds.len(), "each kind should look different");
    }
}
