//! The parts of a Threat Dragon file the import reads, v1 and v2 alike. Every field has a
//! default and `null` counts as missing, as Threat Dragon itself is lenient; nested parts that
//! errors should point into stay `Value` here and are read one by one (see `lenient::parse`).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use super::lenient::nullable;
use crate::model::{Answers, BoundaryKind, DataClass, Decision, SeedCategory, Tri};

/// The whole file.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct TdFile {
    /// "2.3.0" in v2 files; v1 files have none.
    pub version: Option<String>,
    pub summary: Option<Value>,
    pub detail: Option<Value>,
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

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Detail {
    #[serde(deserialize_with = "nullable")]
    pub diagrams: Vec<Value>,
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

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Diagram {
    #[serde(deserialize_with = "nullable")]
    pub title: String,
    #[serde(deserialize_with = "nullable")]
    pub description: String,
    #[serde(deserialize_with = "nullable")]
    pub diagram_type: String,
    /// v2.
    pub cells: Option<Vec<Value>>,
    /// v1 keeps its cells one level down.
    pub diagram_json: Option<DiagramJson>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct DiagramJson {
    #[serde(deserialize_with = "nullable")]
    pub cells: Vec<Value>,
}

/// One X6 (v2) or JointJS (v1) cell, without its properties: v2 keeps those in `data`, v1 on
/// the cell itself, and both are read as `CellData`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Cell {
    pub id: Option<String>,
    pub shape: Option<String>,
    /// v1: "tm.Actor" and so on.
    #[serde(rename = "type")]
    pub v1_type: Option<String>,
    pub position: Option<Xy>,
    pub size: Option<Extent>,
    pub source: Option<Value>,
    pub target: Option<Value>,
    pub data: Option<Value>,
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
/// type uses its own few (see default-properties.js in Threat Dragon).
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct CellData {
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
    pub threats: Vec<Value>,
    /// What ThreatSketch wrote on export (see `Extension`); read leniently on its own.
    pub threatsketch: Option<Value>,
}

/// One threat of a cell.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct TdThreat {
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
