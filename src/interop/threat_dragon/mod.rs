//! OWASP Threat Dragon files: import (v1 and v2) and export (v2). Pure: text in, models out
//! and back; no files, no UI.
//!
//! # Decisions
//!
//! - **One model per diagram.** A ThreatSketch model holds one diagram, a Threat Dragon model
//!   several: each diagram becomes a model, named "<model title> — <diagram title>" when there
//!   are several and after the model alone when there is one. Its description is the model's
//!   summary, the diagram's description, the people named in the file (owner, reviewer,
//!   contributors) and the diagram's text blocks, as paragraphs. A file without diagrams is
//!   an error, not an empty import.
//! - **Whole or nothing.** Any wrong type (a name that is a number, a position that is text)
//!   is an [`ImportError`] saying where; JSON errors carry line and column. What Threat Dragon
//!   itself tolerates is tolerated: `null` for a text or flag, missing fields, the misspelled
//!   shape `trust-broundary-curve`, severities like "TBA", scores that are numbers. Every
//!   imported model passes ThreatSketch's validation.
//! - **Notes.** Each [`ImportedDiagram`] lists, in plain sentences, everything that was left
//!   out, guessed or changed, so the user can check it.
//! - **Ids.** Imported elements, flows and boundaries keep their Threat Dragon ids (UUIDs);
//!   the export writes those back and derives stable UUIDs from ThreatSketch's short ids, so
//!   exports of the same model are identical and diff cleanly.
//! - **Kinds keep their STRIDE type.** An actor becomes an external-entity kind, a process a
//!   process kind, a store a data-store kind; the name only picks which one. So threats and
//!   the export back to Threat Dragon keep their meaning. Only properties the chosen kind asks
//!   about are set (assets/kinds.ron); a Threat Dragon flag with no such question is a note.
//! - **What Threat Dragon has no field for** (kinds, every property answer, critical assets,
//!   whether a flow is authenticated and what data it carries, boundary kinds) the export
//!   keeps in `data.threatsketch` on each cell, and for each threat the rule that suggested it
//!   and the stored decision (in-progress status, ratings, owner, due date, reason…) in the
//!   threat's `threatsketch`. What belongs to the model as a whole (the rating scale and the
//!   regulations in scope, which ratings depend on, the review date and log, the workshop in
//!   progress with its focus as a Threat Dragon id) goes in the diagram's `threatsketch`, left
//!   out when it is all as in a new model. Threat Dragon keeps and ignores unknown fields; the
//!   import reads them back, so a model sent to Threat Dragon and imported again keeps all of
//!   it, every threat keeps its rating, and a suggestion comes back as the decision on that
//!   suggestion, not as a copy among one's own threats. A file without them (Threat Dragon's
//!   own, or one exported by an older version) imports with a new model's settings.
//!   What was edited in Threat Dragon wins: a title, status, severity or mitigation that
//!   differs from what was written replaces the stored one. When the cell's `threatsketch` is
//!   present, the flags the export derives (storesCredentials, handlesCardPayment,
//!   isPublicNetwork) are not turned into answers again.
//!
//! # Threat Dragon → ThreatSketch
//!
//! | Threat Dragon | ThreatSketch |
//! |---|---|
//! | actor (`tm.Actor`) | external-entity kind by name: browser, mobile_app, scheduled_trigger, third_party, external_entity ("system", "service", "API", …), else user |
//! | process (`tm.Process`) | process kind by name: api_gateway ("API", "gateway"), cdn, identity_provider ("auth", "login", …), workflow, function ("function", "lambda"), else process |
//! | store (`tm.Store`) | data-store kind: monitoring (isALog or "log", "audit", …), queue, object_storage, secrets_store, database ("DB", "SQL", …), else data_store |
//! | position (top-left) + size | centre of the card, rounded |
//! | out of scope + reason | kept; the reason appended to the description, with a note |
//! | store isEncrypted | encrypted_at_rest Yes |
//! | process isWebApplication | internet_facing Yes (kinds that ask it; else a note) |
//! | store storesCredentials, process handlesCardPayment | critical asset, with a note |
//! | actor providesAuthentication, isSigned, storesInventory, handlesGoodsOrServices, privilegeLevel | a note (no such question) |
//! | flow (`tm.Flow`) between two elements | flow: label from the name, protocol, encrypted Yes / No from isEncrypted (Unknown when absent) |
//! | flow isPublicNetwork | the receiving element internet_facing Yes where its kind asks it |
//! | flow isBidirectional | a second flow the other way with the same answers, and a note; threats stay on the first |
//! | flow with a loose end, or an end on a missing or non-element cell | left out, with a note naming it |
//! | trust boundary box (`tm.BoundaryBox`) | boundary with its rectangle; kind by name (Internet, Third party, Cloud account, Private network), else Cloud account with a note |
//! | trust boundary line (`tm.Boundary`, shape `trust-boundary-curve` or the misspelled `trust-broundary-curve`) | boundary drawn as a line (`layout.boundary_lines`) that flows cross: source point, vertices in order, target point (an end attached to a cell: the cell's centre), rounded to whole units; Threat Dragon smooths it, ThreatSketch keeps the straight segments; name and kind as for boxes; fewer than two points, or more than 1,000: left out with a note |
//! | text block (`tm.Text`) | appended to the model description, with a note |
//! | threat on a cell | threat of one's own (`own-N`) on that element, flow or boundary, its decision under `own-N@target`; one exported by ThreatSketch from a rule it knows: the decision on that suggestion (`rule@target`) |
//! | threat type | STRIDE as is; CIA, DIE, LINDDUN, PLOT4ai types and EOP card suits translated (e.g. Integrity → Tampering, Linkability → Information disclosure); others (Generic, none) Spoofing on actors and processes, else Tampering, as Threat Dragon does; a note per type |
//! | status Open / Mitigated / NotApplicable ("Not Applicable" in v1) / Accepted / Transferred | the same status; Avoided and Eliminated → Mitigated with a note; unknown → Open with a note |
//! | severity Low / Medium / High / Critical | likelihood × impact Low×Low / Medium×Medium / Medium×High / High×High, whose risk is that severity; TBD, TBA, none → unrated |
//! | mitigation | the decision's notes; also the reason a Not applicable or Accepted threat needs (else the description, else "Imported from Threat Dragon") |
//! | threat score | a note (ThreatSketch rates by likelihood and impact) |
//! | owner, reviewer, contributors | a sentence in the description |
//! | names with line breaks | line breaks as spaces (cards wrap by themselves) |
//!
//! # ThreatSketch → Threat Dragon
//!
//! | ThreatSketch | Threat Dragon v2 ("2.3.0", one STRIDE diagram) |
//! |---|---|
//! | element of an external-entity / process / data-store kind | `actor` / `process` / `store` cell with Threat Dragon's default data, a 224×64 box at the element's place |
//! | encrypted_at_rest | store isEncrypted (left out when unknown) |
//! | internet_facing Yes | process isWebApplication |
//! | monitoring kind | store isALog |
//! | secrets_store kind, or a flow carrying credentials | store storesCredentials |
//! | a flow carrying payment card data | process handlesCardPayment |
//! | flow | `flow` edge: name and label, protocol, isEncrypted (left out when unknown), isPublicNetwork when it crosses an Internet boundary (a box or a line) or runs from an external entity to something reachable from the internet |
//! | boundary drawn as a box | `trust-boundary-box` cell with its rectangle |
//! | boundary drawn as a line | `trust-boundary-curve` edge as Threat Dragon writes one: first and last points as source and target, the others as vertices, in whole units (the schema wants whole numbers at the ends); the name as its label |
//! | every threat of the analysis, suggested or own | `data.threats[]` of its cell: STRIDE type, status (In progress → Open; the others by name), severity = risk level, description (the rule's explanation and detail, or the user's), mitigation (the user's notes, else the rule's steps; a reason not said elsewhere is appended) |
//!
//! Decisions whose element is gone (orphans) have no cell to sit on and are not exported.

mod error;
mod export;
mod import;
mod json;
mod json_out;
mod lenient;
mod mapping;

pub use error::ImportError;

use super::format::{ExchangeFormat, FormatError, ImportedModel, head};
use crate::model::ThreatModel;
use crate::threats::Analysis;

/// The reason given to an imported Not applicable or Accepted threat that came with no text.
const IMPORTED_REASON: &str = "Imported from Threat Dragon";

/// Which Threat Dragon format a file is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TdVersion {
    /// Threat Dragon 1.x: no `version`, cells under `diagramJson`.
    V1,
    /// Threat Dragon 2.x.
    V2,
}

/// One Threat Dragon diagram as a ThreatSketch model: the shared shape of every import.
pub use super::format::ImportedModel as ImportedDiagram;

/// A whole Threat Dragon file.
#[derive(Clone, Debug)]
pub struct Import {
    pub version: TdVersion,
    /// One per diagram, in file order; never empty.
    pub diagrams: Vec<ImportedDiagram>,
}

/// Reads a Threat Dragon model (v1 or v2 JSON).
pub fn import(json: &str) -> Result<Import, ImportError> {
    import::import(json)
}

/// The model and its threats as a Threat Dragon v2 file, pretty-printed JSON. `analysis` is
/// the model's own (from `threats::analyze`); its threats go onto their cells.
pub fn export(model: &ThreatModel, analysis: &Analysis) -> String {
    export::export(model, analysis)
}

/// Threat Dragon among the exchange formats.
pub struct ThreatDragon;

impl ExchangeFormat for ThreatDragon {
    fn id(&self) -> &'static str {
        "threat-dragon"
    }

    fn name(&self) -> &'static str {
        "OWASP Threat Dragon"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["json"]
    }

    /// A JSON object with Threat Dragon's `detail` (v1 and v2) or `summary`; the misspelled
    /// `details` of Threat Dragon's malformed test file too, so its import says what is wrong.
    fn recognises(&self, text: &str) -> bool {
        let head = head(text);
        head.trim_start().starts_with('{')
            && ["\"detail", "\"summary\"", "\"diagrams\""].iter().any(|m| head.contains(m))
    }

    fn import(&self, text: &str) -> Result<Vec<ImportedModel>, FormatError> {
        import(text).map(|file| file.diagrams).map_err(|err| match err {
            ImportError::Syntax { line, column, message } => FormatError::at(line, column, message),
            other => FormatError::whole(other.to_string()),
        })
    }

    fn exports(&self) -> bool {
        true
    }

    fn export(&self, model: &ThreatModel, analysis: &Analysis) -> Option<String> {
        Some(export(model, analysis))
    }
}
