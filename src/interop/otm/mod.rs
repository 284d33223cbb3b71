//! Open Threat Model (OTM) files, JSON or YAML: import and export (OTM 0.2.0). Pure: text in,
//! models out and back; no files, no UI.
//!
//! # Decisions
//!
//! - **One model per file.** An OTM file is one project: it becomes one model named after the
//!   project, with the project's description. A file without `otmVersion` is refused.
//! - **Whole or nothing.** JSON is read by serde_json (syntax errors with line and column, its
//!   nesting limit), YAML by the infrastructure import's reader; both become one tree that
//!   keeps each part's line, so a wrong type (a name that is a list, a position that is text)
//!   is an error saying where. Parts of one kind (100,000), threat references, attributes and
//!   representations together (2,000,000), the text threats copy into the model (64 MB), zone
//!   nesting (12) and the ThreatSketch attributes read back are bounded, so a short hostile
//!   file (YAML aliases) cannot make the import build without end. Every imported model passes
//!   ThreatSketch's validation.
//! - **Notes.** Each thing not carried over or guessed gets one plain sentence: kinds taken
//!   by name, trust zones whose name says nothing (with their trust rating), flows that go both
//!   ways, dataflows to components the file does not have, threats no part refers to, other
//!   tools' attributes.
//! - **Ids.** Trust zones, components and dataflows keep their OTM ids when they are free and
//!   have no '@' (decision keys use it); the export writes ThreatSketch's ids, so exports of the
//!   same model are identical byte for byte.
//! - **ThreatSketch's facts travel in `attributes`**, each key starting with `threatsketch.`:
//!   a component's `kind`, `critical` and every answer (`answers.<question>`); a dataflow's
//!   `protocol`, `encrypted`, `authenticated`, `data` and answers; a trust zone's boundary
//!   `kind` (and `line` for a boundary drawn as a line); for each threat the `rule` that
//!   suggested it (or the seed `category` of one's own) and the stored `decision`; the project's
//!   rating `scale` and `compliance`. The import reads them back and they win over what the
//!   type or name suggests, so a model exported and imported again keeps its elements, flows,
//!   boundaries and threats, and a suggestion comes back as the decision on that suggestion,
//!   not as a copy among one's own threats. Other tools keep attributes they do not know.
//! - **Layout.** The file's diagram representation is kept when it places every component and
//!   every zone holding one so that each component is inside its zone and no other (positions
//!   are relative to the parent zone, as IriusRisk's tools write them); in a file ThreatSketch
//!   wrote, boundaries that overlap may also hold it, as they did in the model. Otherwise the
//!   model is laid out anew as the infrastructure import does (`crate::edit::lay_out` from
//!   starting boxes nested like the zones), each boundary around its members (`placement`).
//!   Empty zones the file does not place go under the drawing.
//! - **Not carried over:** assets, tags, CWE lists, likelihood and impact comments, other
//!   representations (code), the project owner; the review, workshop and element sources.
//!
//! # OTM → ThreatSketch
//!
//! | OTM | ThreatSketch |
//! |---|---|
//! | project name, description | model name, description |
//! | trust zone | boundary; kind from `threatsketch.kind`, else by name or type: third party / partner / external → Third party; Internet, public (not "public cloud") → Internet; private, VPC, network → Private network; cloud, account → Cloud account; else Cloud account with a note naming its trust rating |
//! | trust zone `parent` | the boundary drawn inside its parent's |
//! | component | element; kind from `threatsketch.kind`, else from its type's words (StartLeft / IriusRisk ids: `aws-lambda-function` → function, `dynamodb`, `CD-MICROSOFT-AZURE-DB-POSTGRESQL` → database, `s3`, `azure-storage` → object storage, `sqs-…`, `sns` → queue, `api-gateway`, `cognito`, `cf-cloudfront`, `step-functions`, `CD-SECRETS-MANAGER`, `cloudwatch`, `web-client` → browser, `android-device-client` → mobile app, `generic-client` → user), else by name with a note, else a generic process with a note |
//! | component `parent` trust zone / component | inside that boundary / inside the boundary of that component, with a note |
//! | representation position (top-left, relative to the parent zone) and size | element centre, boundary rectangle |
//! | dataflow | flow with its name as label; a dataflow to or from an unknown component is left out with a note |
//! | dataflow `bidirectional` | a second flow the other way with the same facts, and a note; threats stay on the first |
//! | threat referenced by a component or dataflow | threat of one's own (`own-N`) on it, the first STRIDE category (`Elevation of Privileges` and the like; none: Spoofing on components, Tampering on flows, with a note); one ThreatSketch exported from a rule it knows: the decision on that suggestion |
//! | reference `state` | exposed, AutoGenerated, recommended… → Open; partly-mitigated → In progress; mitigated → Mitigated; accepted, transferred, not-applicable; unknown → Open with a note |
//! | reference mitigations | their names and descriptions, with their states, as the decision's notes; all implemented → Mitigated, some → In progress |
//! | threat risk likelihood / impact (0–100) | the decision's likelihood / impact: thirds of 100 on three levels, fifths on five |
//! | attributes of other tools | not kept, one note |
//!
//! # ThreatSketch → OTM
//!
//! | ThreatSketch | OTM 0.2.0 |
//! |---|---|
//! | model | project: name, id (the name as a slug), description |
//! | boundary | trust zone: id, name, type (`internet`, `cloud-account`, `private-network`, `third-party`), trust rating (1, 60, 100, 30 as IriusRisk rates Internet, Public Cloud, Private Secured), parent = the smallest boundary around it |
//! | elements outside every boundary | a trust zone of their own (OTM needs a parent), marked `threatsketch.outside`, which the import does not turn into a boundary |
//! | element | component: parent = its innermost boundary, type by kind (`aws-lambda-function`, `dynamodb`, `s3`, `sqs-simple-queue-service`, `api-gateway`, `cognito`, `cf-cloudfront`, `step-functions`, `CD-SECRETS-MANAGER`, `cloudwatch`, `web-client`, `generic-client`, else `empty-component`) |
//! | positions | one diagram representation the size of the drawing; each part's box relative to its zone's corner |
//! | flow | dataflow, never bidirectional (ThreatSketch's flows go one way) |
//! | every threat of the analysis, suggested or own | a threat (id `origin@target`, its title, STRIDE category, description, likelihood and impact as 10/30/50/70/90) referenced from its component, dataflow or (for a boundary's own threats) trust zone with its state |
//! | a rule's mitigation steps, the decision's notes | mitigations (risk reduction 50: ThreatSketch does not rate them), referenced with state implemented when the threat is mitigated, else recommended |
//!
//! Decisions whose element is gone (orphans) have no part to sit on and are not exported.

mod export;
mod file;
mod import;
mod mapping;
mod placement;
mod read;
mod threats;

#[cfg(test)]
mod tests;

use super::format::{ExchangeFormat, FormatError, ImportedModel, head};
use crate::model::ThreatModel;
use crate::threats::Analysis;

/// The start of every attribute key ThreatSketch writes and reads back.
const ATTRIBUTE_PREFIX: &str = "threatsketch.";

/// The reason given to an imported Not applicable or Accepted threat that came with no text.
const IMPORTED_REASON: &str = "Imported from an Open Threat Model file";

/// Reads an OTM file, JSON or YAML.
pub fn import(text: &str) -> Result<ImportedModel, FormatError> {
    import::import(text)
}

/// The model and its threats as OTM 0.2.0, pretty-printed JSON. `analysis` is the model's own
/// (from `threats::analyze`).
pub fn export(model: &ThreatModel, analysis: &Analysis) -> String {
    export::export(model, analysis)
}

/// OTM among the exchange formats.
pub struct Otm;

impl ExchangeFormat for Otm {
    fn id(&self) -> &'static str {
        "otm"
    }

    fn name(&self) -> &'static str {
        "Open Threat Model (OTM)"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["otm.json", "otm", "json", "yaml", "yml"]
    }

    /// `otmVersion` near the top, as a JSON key or a YAML one at the start of a line.
    fn recognises(&self, text: &str) -> bool {
        let head = head(text);
        head.contains("\"otmVersion\"") || head.lines().any(|line| line.trim_start().starts_with("otmVersion:"))
    }

    fn import(&self, text: &str) -> Result<Vec<ImportedModel>, FormatError> {
        import(text).map(|model| vec![model])
    }

    fn exports(&self) -> bool {
        true
    }

    fn export(&self, model: &ThreatModel, analysis: &Analysis) -> Option<String> {
        Some(export(model, analysis))
    }
}
