//! AWS Threat Composer workspace exports (`.tc.json`, schema 1): import and export. Pure:
//! text in, models out and back; no files, no UI.
//!
//! # Decisions
//!
//! - **Threat Composer has no diagram.** A workspace is a list of threat statements with the
//!   assets they impact, plus Markdown descriptions and pictures of the architecture and data
//!   flows. The import makes one element per distinct impacted asset (names compared without
//!   case), of a kind guessed from its name (else a plain process), laid out automatically;
//!   statements without an asset go on one element named after the application. No flows or
//!   boundaries are made: a note asks for them to be drawn. The export writes the elements,
//!   boundaries and flows as Markdown lists in the architecture and data flow descriptions,
//!   without a picture.
//! - **Every statement is a threat of one's own**, on the element of its first impacted asset:
//!   its title the full statement, its description the statement's parts, tags and comments.
//!   ThreatSketch gives a threat one STRIDE category: the first letter of its STRIDE metadata,
//!   else the one its impacted goal points to (confidentiality → Information disclosure,
//!   integrity → Tampering, availability → Denial of service), else Tampering, with a note.
//! - **Statuses.** Threat Composer has three (identified, resolved, not useful), ThreatSketch
//!   six. The export writes the nearest and keeps the rest in a tag Threat Composer shows:
//!   In progress is identified and tagged "In progress"; Accepted and Transferred are resolved
//!   (nothing is left to do in the tool) and tagged "Accepted" or "Transferred". The import
//!   reads the tags back, so all six survive a round trip; resolved without a tag is
//!   Mitigated.
//! - **Priority** is the risk level (Critical is High, Threat Composer's highest); back, it is
//!   a likelihood and an impact whose risk is that level, as the Threat Dragon import does.
//! - **Mitigations** are entities linked to threats in Threat Composer. The export writes a
//!   decision's notes (as far along as its threat: resolved when mitigated) and each step the
//!   rule suggests (identified), each text once however many threats share it. The import puts
//!   the mitigations linked to a statement into its decision's notes, one line each with how
//!   far it got; mitigations linked to no threat are left out, with a note.
//! - **The statement is Threat Composer's sentence**: "A <source> <prerequisites> can
//!   <action>, which leads to <impact>, resulting in reduced <goal> of <assets>". The source is
//!   an internet-based actor when the target is reachable from the internet, an external
//!   actor on an external entity or a flow from one, else an internal actor. The prerequisite
//!   is access to the target. The action is the title when it names its actor first ("Anyone
//!   can call the API…" → "call the API…"), else "exploit that <title>" ("…can exploit that
//!   error messages could reveal how your system works"), so that threats of one category on
//!   one target stay apart; the impact and goals are the category's. The title, the rule's explanation (or one's own
//!   description) and any reason go in the Comments metadata.
//! - **Only what Threat Composer accepts is written**: its schema (schemas/threat-composer-v1
//!   in its repository) refuses unknown fields, so nothing ThreatSketch-only is kept (no
//!   kinds, answers, flows as data, ratings beyond the priority): a model sent to Threat
//!   Composer and back comes back as threats of one's own on unconnected elements. Texts are
//!   cut to its lengths (200 for a part, 1,400 for a statement, 1,000 for a mitigation or
//!   comment, 30 for a tag, all counted in UTF-16 as it counts them).
//! - **Ids** are UUIDs derived from ThreatSketch's keys (`rule@e3`) and mitigation texts, so
//!   the same model always gives the same file.
//! - **Whole or nothing.** A file that is not JSON, or whose fields have the wrong type, is a
//!   [`FormatError`] at its line and column. Nesting in what is read is bounded by serde_json
//!   (128 levels; sections not read are skipped without recursion), statements to 100,000 and
//!   distinct assets, each an element to lay out, to 1,000. A workspace
//!   without threats (a workshop's starting point) imports as a model with its description
//!   and no elements, and a note saying so.
//!
//! # Threat Composer → ThreatSketch
//!
//! | Threat Composer | ThreatSketch |
//! |---|---|
//! | `applicationInfo.name` | model name (else "Threat Composer model") |
//! | `applicationInfo.description`, `architecture.description`, `dataflow.description` | the model description, as Markdown sections |
//! | `architecture.image`, `dataflow.image` | left out, with a note |
//! | `assumptions` | a list in the model description, with a note; their links are not kept |
//! | distinct `impactedAssets` | one element each, kind by name (browser, user, API gateway, function, queue, bucket, secrets, database…, else process), laid out |
//! | threat statement | own threat on its first asset's element: title = `statement` (rebuilt from the parts when empty), description = numeric id, source, prerequisites, action, impact, goals, assets, tags, Comments |
//! | `metadata` STRIDE | the first letter's category; several letters: the first, with a note |
//! | `metadata` Priority High / Medium / Low | likelihood × impact Medium×High / Medium×Medium / Low×Low |
//! | `status` threatIdentified / threatResolved / threatResolvedNotUseful | Open (In progress when tagged so) / Mitigated (Accepted, Transferred when tagged so) / Not applicable |
//! | Comments on a Not applicable or Accepted threat | its reason (else "Imported from Threat Composer") |
//! | mitigations linked to a statement | its decision's notes, "- text (resolved)" |
//! | other `metadata` (threat packs, custom keys), `customTemplate`, `displayedStatement` | not kept |
//!
//! # ThreatSketch → Threat Composer
//!
//! | ThreatSketch | Threat Composer (`schema: 1`) |
//! |---|---|
//! | model name, description | `applicationInfo` |
//! | elements (with kind and first line of description), boundaries | `architecture.description`, Markdown |
//! | flows (protocol, encrypted, authenticated) | `dataflow.description`, Markdown |
//! | every threat of the analysis, suggested or own | a threat statement (see above); `numericId` and `displayOrder` 1, 2, 3… in the analysis' order |
//! | STRIDE category | `metadata` STRIDE, one letter; `impactedGoal` from it |
//! | risk level | `metadata` Priority |
//! | status | `status`, with a tag for In progress, Accepted, Transferred |
//! | rule id (when 30 characters or fewer) and "threatsketch" | `tags` |
//! | decision notes, rule's steps | `mitigations` and `mitigationLinks` |
//!
//! Decisions whose element is gone (orphans) have no asset and are not exported.

mod export;
mod import;
mod json;
mod text;

#[cfg(test)]
mod tests;

use super::format::{ExchangeFormat, FormatError, ImportedModel, head};
use crate::model::{ThreatModel, ThreatStatus};
use crate::threats::Analysis;

/// The reason given to an imported Not applicable or Accepted threat that came with no text.
const IMPORTED_REASON: &str = "Imported from Threat Composer";

/// The tag on every exported statement, so they can be told apart in Threat Composer.
const TAG: &str = "threatsketch";

/// The statuses Threat Composer has no word for, kept in a tag beside the nearest it has.
const STATUS_TAGS: [(ThreatStatus, &str); 3] = [
    (ThreatStatus::InProgress, "In progress"),
    (ThreatStatus::Accepted, "Accepted"),
    (ThreatStatus::Transferred, "Transferred"),
];

/// Reads a Threat Composer workspace export: one model.
pub fn import(text: &str) -> Result<ImportedModel, FormatError> {
    import::import(text)
}

/// The model and its threats (`analysis` is the model's own) as a Threat Composer workspace
/// export, pretty-printed JSON.
pub fn export(model: &ThreatModel, analysis: &Analysis) -> String {
    export::export(model, analysis)
}

/// Threat Composer among the exchange formats.
pub struct ThreatComposer;

impl ExchangeFormat for ThreatComposer {
    fn id(&self) -> &'static str {
        "threat-composer"
    }

    fn name(&self) -> &'static str {
        "AWS Threat Composer"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["tc.json", "json"]
    }

    /// A JSON object with a threat statement's `threatSource`, or a workspace's `schema` with
    /// one of its sections. The sections near the top count too: a workspace's embedded
    /// architecture picture can push its threats far beyond the part looked at.
    fn recognises(&self, text: &str) -> bool {
        let head = head(text);
        let sections = ["\"applicationInfo\"", "\"mitigationLinks\"", "\"assumptionLinks\""];
        head.trim_start_matches('\u{feff}').trim_start().starts_with('{')
            && (head.contains("\"threatSource\"")
                || (head.contains("\"schema\"") && sections.iter().any(|s| head.contains(s))))
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
