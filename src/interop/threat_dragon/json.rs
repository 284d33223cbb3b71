//! The parts of a Threat Dragon file the import reads, v1 and v2 alike. Every field has a
//! default and `null` counts as missing, as Threat Dragon itself is lenient. The nested parts
//! are type parameters: read at once into their parts (the fast pass over a whole file, see
//! `import::import`), or left as `Value` and read one by one, so that an error points into
//! them (see `lenient::parse`). A cell's threats are always read one by one.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;
use serde_json::Value;

use super::lenient::nullable;
use crate::model::{
    Answers, BoundaryKind, Compliance, DataClass, Decision, Review, Scale, SeedCategory, Tri, Workshop,
};

/// The whole file, with its summary and detail as `S` and `D`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct TdFile<S = Value, D = Value> {
    /// "2.3.0" in v2 files; v1 files have none.
    pub version: Option<String>,
    pub summary: Option<S>,
    pub detail: Option<D>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Summary {
    #[serde(deserialize_with = "nullable")]
    pub title: String,
    #[serde(deserialize_with = "nullable")]
    pub owner: String,
    #[serde(deserialize_with = "nullable")]
    pub description: String,
}

/// The diagrams (each a `G`) and the people.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", bound(deserialize = "G: Deserialize<'de> + Default"))]
pub(super) struct Detail<G = Value> {
    #[serde(deserialize_with = "nullable")]
    pub diagrams: Vec<G>,
    #[serde(deserialize_with = "nullable")]
    pub contributors: Vec<Contributor>,
    #[serde(deserialize_with = "nullable")]
    pub reviewer: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Contributor {
    #[serde(deserialize_with = "nullable")]
    pub name: String,
}

/// One diagram, its cells each a `C`.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", bound(deserialize = "C: Deserialize<'de> + Default"))]
pub(super) struct Diagram<C = Value> {
    #[serde(deserialize_with = "nullable")]
    pub title: String,
    #[serde(deserialize_with = "nullable")]
    pub description: String,
    #[serde(deserialize_with = "nullable")]
    pub diagram_type: String,
    /// What ThreatSketch wrote for the model as a whole (see `ModelExtension`); read leniently
    /// on its own.
    pub threatsketch: Option<Value>,
    /// v2.
    pub cells: Option<Vec<C>>,
    /// v1 keeps its cells one level down.
    pub diagram_json: Option<DiagramJson<C>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, bound(deserialize = "C: Deserialize<'de> + Default"))]
pub(super) struct DiagramJson<C = Value> {
    #[serde(deserialize_with = "nullable")]
    pub cells: Vec<C>,
}

/// One X6 (v2) or JointJS (v1) cell, without its properties: v2 keeps those in `data` (a `D`),
/// v1 on the cell itself, and both are read as `CellData`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Cell<D = Value> {
    pub id: Option<String>,
    pub shape: Option<String>,
    /// v1: "tm.Actor" and so on.
    #[serde(rename = "type")]
    pub v1_type: Option<String>,
    pub position: Option<Xy>,
    pub size: Option<Extent>,
    /// An edge's ends: a point `{x, y}` or a cell (`{cell}` in v2, `{id}` in v1).
    pub source: Option<Value>,
    pub target: Option<Value>,
    /// The points an edge bends through, in order; read only for boundary lines.
    pub vertices: Option<Value>,
    pub data: Option<D>,
    pub attrs: Option<Value>,
    pub labels: Option<Value>,
}

#[derive(Clone, Copy, Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Xy {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Copy, Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Extent {
    pub width: f64,
    pub height: f64,
}

/// The properties of a cell (`data` in v2, the cell itself in v1), for every cell type: each
/// type uses its own few (see default-properties.js in Threat Dragon). Its threats are `T`s.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase", bound(deserialize = "T: Deserialize<'de> + Default"))]
pub(super) struct CellData<T = Value> {
    #[serde(rename = "type", deserialize_with = "nullable")]
    pub cell_type: String,
    pub name: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub description: String,
    #[serde(deserialize_with = "nullable")]
    pub out_of_scope: bool,
    #[serde(deserialize_with = "nullable")]
    pub reason_out_of_scope: String,
    // Actor
    #[serde(deserialize_with = "nullable")]
    pub provides_authentication: bool,
    // Process
    #[serde(deserialize_with = "nullable")]
    pub handles_card_payment: bool,
    #[serde(deserialize_with = "nullable")]
    pub handles_goods_or_services: bool,
    #[serde(deserialize_with = "nullable")]
    pub is_web_application: bool,
    #[serde(deserialize_with = "nullable")]
    pub privilege_level: String,
    // Store
    #[serde(rename = "isALog", deserialize_with = "nullable")]
    pub is_a_log: bool,
    /// Store and flow; a flow without the field is of unknown encryption.
    pub is_encrypted: Option<bool>,
    #[serde(deserialize_with = "nullable")]
    pub is_signed: bool,
    #[serde(deserialize_with = "nullable")]
    pub stores_credentials: bool,
    #[serde(deserialize_with = "nullable")]
    pub stores_inventory: bool,
    // Flow
    #[serde(deserialize_with = "nullable")]
    pub is_bidirectional: bool,
    #[serde(deserialize_with = "nullable")]
    pub is_public_network: bool,
    #[serde(deserialize_with = "nullable")]
    pub protocol: String,
    #[serde(deserialize_with = "nullable")]
    pub threats: Vec<T>,
    /// What ThreatSketch wrote on export (see `Extension`); read leniently on its own.
    pub threatsketch: Option<Value>,
}

/// One threat of a cell.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct TdThreat {
    /// A UUID in Threat Dragon's files; of any type here, as only a workshop's focus uses it.
    pub id: Option<Value>,
    #[serde(deserialize_with = "nullable")]
    pub title: String,
    /// The category in the diagram's framework ("Spoofing", "Integrity", "Linkability").
    #[serde(rename = "type")]
    pub category: Option<String>,
    pub status: Option<String>,
    pub severity: Option<String>,
    #[serde(deserialize_with = "nullable")]
    pub description: String,
    #[serde(deserialize_with = "nullable")]
    pub mitigation: String,
    /// A text in most files, a number in some.
    pub score: Option<Value>,
    /// EOP (Cornucopia, Elevation of Privilege) threats have no type but a card suit.
    pub card_suit: Option<String>,
    /// What ThreatSketch wrote on export (see `ThreatExtension`); read leniently on its own.
    pub threatsketch: Option<Value>,
}

/// What ThreatSketch adds to a diagram on export, under `threatsketch`: the settings of the
/// model its ratings depend on, and its progress, which Threat Dragon has no field for. Threat
/// Dragon keeps a diagram's unknown fields when it saves (it copies the diagram and replaces its
/// cells). Left out when everything in it is as a new model has it.
#[derive(Debug, Default, PartialEq, Deserialize, serde::Serialize)]
#[serde(default)]
pub(super) struct ModelExtension {
    #[serde(skip_serializing_if = "is_default")]
    pub scale: Scale,
    /// The regulations in scope, which raise the impact of threats to the data they protect.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub compliance: BTreeSet<Compliance>,
    #[serde(skip_serializing_if = "Review::is_empty")]
    pub review: Review,
    /// The workshop in progress. Its focus is written as the Threat Dragon id of the threat or
    /// cell it names, so that the import finds it whatever ids it gives out.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workshop: Option<Workshop>,
}

impl ModelExtension {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }
}

fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

/// What ThreatSketch adds to a cell's `data` on export, under `threatsketch`, so that a round
/// trip through Threat Dragon keeps what Threat Dragon has no field for. Threat Dragon keeps
/// unknown data fields and ignores them.
#[derive(Debug, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub(super) struct Extension {
    /// Element: the kind id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<String>,
    /// Element or flow: every answered question.
    #[serde(skip_serializing_if = "BTreeMap::is_empty", deserialize_with = "crate::model::deserialize_answers")]
    pub properties: Answers,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub critical: bool,
    /// Flow.
    #[serde(skip_serializing_if = "Tri::is_unknown")]
    pub authenticated: Tri,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub data: Vec<DataClass>,
    /// Boundary.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub boundary: Option<BoundaryKind>,
}

/// What ThreatSketch adds to a threat on export, under `threatsketch`: which rule suggested it
/// and the decision as stored, so that importing the file again restores the decision on the
/// suggestion instead of adding a copy as a threat of one's own. What can be edited in Threat
/// Dragon (title, status, severity, mitigation) is read from Threat Dragon's fields when it
/// differs from what was written.
#[derive(Debug, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub(super) struct ThreatExtension {
    /// The rule of a suggested threat.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
    /// The seed category of a threat of one's own.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category: Option<SeedCategory>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decision: Option<Decision>,
    /// The severity as written, to tell whether it was changed in Threat Dragon.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub severity: String,
}
