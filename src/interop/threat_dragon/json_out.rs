//! The Threat Dragon v2 file as the export writes it: the fields Threat Dragon 2.x writes for a
//! new model (default-properties.js), in its order, and what its JSON schema requires.

use serde::Serialize;
use serde_json::Value;

use super::json::{Extension, ModelExtension, ThreatExtension};

/// The file, its diagram's cells written by `C`.
#[derive(Debug, Serialize)]
pub(super) struct FileOut<C> {
    pub version: &'static str,
    pub summary: SummaryOut,
    pub detail: DetailOut<C>,
}

#[derive(Debug, Serialize)]
pub(super) struct SummaryOut {
    pub title: String,
    pub owner: String,
    pub description: String,
    pub id: u32,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DetailOut<C> {
    pub contributors: Vec<Value>,
    pub diagrams: Vec<DiagramOut<C>>,
    pub diagram_top: u32,
    pub reviewer: String,
    pub threat_top: usize,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DiagramOut<C> {
    pub id: u32,
    pub title: String,
    pub description: String,
    pub diagram_type: &'static str,
    pub thumbnail: &'static str,
    pub version: &'static str,
    #[serde(skip_serializing_if = "ModelExtension::is_empty")]
    pub threatsketch: ModelExtension,
    /// `CellOut`s, in drawing order.
    pub cells: C,
}

/// A node (position and size) or an edge (source and target, and the vertices of a line).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CellOut {
    pub id: String,
    pub shape: &'static str,
    pub z_index: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub position: Option<XyOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub size: Option<SizeOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub visible: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<EndOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<EndOut>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vertices: Vec<PointOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connector: Option<&'static str>,
    pub attrs: Value,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub labels: Vec<Value>,
    pub data: DataOut,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub(super) struct XyOut {
    pub x: f64,
    pub y: f64,
}

#[derive(Clone, Copy, Debug, Serialize)]
pub(super) struct SizeOut {
    pub width: f64,
    pub height: f64,
}

/// An edge's end: a flow's is attached to a cell, a boundary line's is a point.
#[derive(Debug, Serialize)]
#[serde(untagged)]
pub(super) enum EndOut {
    Cell { cell: String },
    Point(PointOut),
}

/// A point of a boundary line, in whole units: the schema wants whole numbers at a line's ends.
#[derive(Clone, Copy, Debug, Serialize)]
pub(super) struct PointOut {
    pub x: i64,
    pub y: i64,
}

/// `data` of every cell type; each type writes its own fields and leaves the others out.
#[derive(Debug, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DataOut {
    #[serde(rename = "type")]
    pub cell_type: &'static str,
    pub name: String,
    pub description: String,
    pub is_trust_boundary: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub out_of_scope: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_out_of_scope: Option<String>,
    pub has_open_threats: bool,
    // Actor
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provides_authentication: Option<bool>,
    // Process
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handles_card_payment: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub handles_goods_or_services: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_web_application: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub privilege_level: Option<String>,
    // Store
    #[serde(rename = "isALog", skip_serializing_if = "Option::is_none")]
    pub is_a_log: Option<bool>,
    /// Store and flow; left out when not known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_encrypted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_signed: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stores_credentials: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stores_inventory: Option<bool>,
    // Flow
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_bidirectional: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_public_network: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    pub threats: Vec<ThreatOut>,
    pub threatsketch: Extension,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ThreatOut {
    pub id: String,
    pub number: usize,
    pub title: String,
    #[serde(rename = "type")]
    pub category: &'static str,
    pub status: &'static str,
    pub severity: &'static str,
    pub score: &'static str,
    pub description: String,
    pub mitigation: String,
    pub model_type: &'static str,
    pub new: bool,
    pub threatsketch: ThreatExtension,
}
