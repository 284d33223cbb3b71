//! Threat Composer's workspace export as serde types: what the import reads (every field
//! optional, unknown fields ignored, as Threat Composer's own import of older files) and what
//! the export writes (only fields its schema knows: it refuses unknown ones).

use serde::{Deserialize, Deserializer, Serialize};

/// A workspace export, as read.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct TcFile {
    pub schema: Option<f64>,
    pub application_info: Option<Info>,
    pub architecture: Option<Info>,
    pub dataflow: Option<Info>,
    pub assumptions: Vec<Assumption>,
    pub mitigations: Vec<Mitigation>,
    pub assumption_links: Vec<AssumptionLink>,
    pub mitigation_links: Vec<MitigationLink>,
    pub threats: Vec<Statement>,
}

/// `applicationInfo`, `architecture` and `dataflow`: a name (the first only), a Markdown
/// description and an image (a data URL or a link), which is not read.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Info {
    pub name: Option<String>,
    pub description: Option<String>,
    pub image: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Assumption {
    pub numeric_id: Option<f64>,
    #[serde(deserialize_with = "nullable")]
    pub content: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(super) struct Mitigation {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    #[serde(deserialize_with = "nullable")]
    pub content: String,
    pub status: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct AssumptionLink {
    pub linked_id: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct MitigationLink {
    pub mitigation_id: String,
    pub linked_id: String,
}

/// A threat statement, as read.
#[derive(Debug, Default, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub(super) struct Statement {
    #[serde(deserialize_with = "nullable")]
    pub id: String,
    pub numeric_id: Option<f64>,
    pub metadata: Vec<Metadata>,
    pub tags: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub threat_source: String,
    #[serde(deserialize_with = "nullable")]
    pub prerequisites: String,
    #[serde(deserialize_with = "nullable")]
    pub threat_action: String,
    #[serde(deserialize_with = "nullable")]
    pub threat_impact: String,
    pub impacted_goal: Vec<String>,
    pub impacted_assets: Vec<String>,
    #[serde(deserialize_with = "nullable")]
    pub statement: String,
    pub status: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(super) struct Metadata {
    pub key: String,
    pub value: MetadataValue,
}

/// A metadata value: text (Priority, Comments) or a list (STRIDE).
#[derive(Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub(super) enum MetadataValue {
    Text(String),
    List(Vec<String>),
}

/// A workspace export, as written: the fields in Threat Composer's own order.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct FileOut {
    pub schema: u32,
    pub application_info: InfoOut,
    pub architecture: InfoOut,
    pub dataflow: InfoOut,
    pub assumptions: Vec<serde_json::Value>,
    pub mitigations: Vec<MitigationOut>,
    pub assumption_links: Vec<serde_json::Value>,
    pub mitigation_links: Vec<MitigationLinkOut>,
    pub threats: Vec<StatementOut>,
}

#[derive(Debug, Serialize)]
pub(super) struct InfoOut {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub description: String,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MitigationOut {
    pub id: String,
    pub numeric_id: usize,
    pub display_order: usize,
    pub content: String,
    pub status: &'static str,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MitigationLinkOut {
    pub mitigation_id: String,
    pub linked_id: String,
}

#[derive(Debug, Serialize)]
pub(super) struct MetadataOut {
    pub key: &'static str,
    pub value: MetadataValue,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct StatementOut {
    pub id: String,
    pub numeric_id: usize,
    pub display_order: usize,
    pub metadata: Vec<MetadataOut>,
    pub tags: Vec<String>,
    pub threat_source: String,
    pub prerequisites: String,
    pub threat_action: String,
    pub threat_impact: String,
    pub impacted_goal: Vec<String>,
    pub impacted_assets: Vec<String>,
    pub statement: String,
    pub status: &'static str,
}

/// Text that may be `null`: Threat Composer writes `null` for a cleared field in some versions.
fn nullable<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}
