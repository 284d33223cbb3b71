//! Microsoft Threat Modeling Tool files (`.tm7`): import only. Pure: text in, models out; no
//! files, no UI.
//!
//! # Decisions
//!
//! - **One model per diagram.** A `.tm7` file holds drawing surfaces (tabs); each becomes a
//!   model titled after the tab, named "<model name> — <tab>" when the file names the model
//!   and has several tabs. The description is the file's system description, assumptions,
//!   external dependencies and people (owner, reviewer, contributors). A file without a
//!   drawing surface is an error.
//! - **Whole or nothing.** The file is XML in .NET's DataContract form: it is parsed by
//!   roxmltree, which refuses DTDs (so no entity expansion) and says where the XML breaks; a
//!   cut-off file is an error at its end. A position or size that is not a number is an error
//!   at its place. Fields are found by their local names, whatever namespace the serialiser
//!   gave them. Every imported model passes ThreatSketch's validation.
//! - **Bounds.** At most 4,000,000 XML nodes and 100,000 diagrams, shapes, lines and threats;
//!   every step is linear in the file (look-ups by guid go through hash maps).
//! - **Kinds keep their STRIDE type.** The generic type (`GE.P`, `GE.EI`, `GE.DS`, or the shape
//!   `StencilEllipse`, `StencilRectangle`, `StencilParallelLines`) fixes the STRIDE type; the
//!   stencil type (`TypeId`, else the words of its type name) picks the kind. A type this import
//!   does not know gets the generic kind of its STRIDE type, with a note.
//! - **Ids.** Elements, flows and boundaries keep the tool's guids as ids; a guid used twice, or
//!   missing, gets a fresh id with a note.
//! - **Threats.** The threat instances the tool generated (and those the user added) become
//!   threats of one's own on the flow they were generated for, as Threat Dragon's threats do;
//!   ThreatSketch's own suggestions are added by its rules as usual, so some may repeat. The
//!   knowledge base embedded in the file (stencil and threat types, generation rules) is not
//!   imported: one note says so. It is read only for the category of a threat type.
//! - **Notes.** Each imported model lists, in plain sentences, everything left out, guessed or
//!   changed: settings with no question here, unknown types, flows with a loose end, threats
//!   that lost their flow.
//!
//! # Threat Modeling Tool → ThreatSketch
//!
//! | Threat Modeling Tool | ThreatSketch |
//! |---|---|
//! | drawing surface (`DrawingSurfaceModel`), its `Header` | one model, titled after the tab |
//! | process (`GE.P`, `StencilEllipse`) | process kind: Web API, Azure App Service API App → api_gateway; ADFS, Azure AD, Identity Server → identity_provider; Azure Logic Apps, Data Factory → workflow; Azure Web Job → function; the other Azure processes (Web Application, Host, WCF, Event Hub, IoT gateways, …) and `GE.P` → process |
//! | external interactor (`GE.EI`, `StencilRectangle`) | Browser → browser; Mobile Client, Dynamics CRM Mobile Client → mobile_app; `GE.EI`, IoT Device, Outlook client → external_entity |
//! | data store (`GE.DS`, `StencilParallelLines`) | Azure SQL Database, SQL Data Warehouse, MySQL, PostgreSQL, Cosmos DB, Database → database; Azure Key Vault → secrets_store; Azure Storage → object_storage (Storage Type Queue → queue, Table → database); Cache, Redis, `GE.DS` → data_store |
//! | stencil type of another template | by the words of its type name (browser, mobile, user, API, identity, function, logic app, key vault, queue, log, storage, database, …); else the generic kind, with a note |
//! | Name setting | name (whitespace runs as one space); none → "Unnamed process" …, with a note |
//! | Left, Top, Width, Height | centre of the card, rounded; no position → a note (a file with none is laid out) |
//! | TDE Enabled | encrypted_at_rest Yes / No |
//! | Auditing Enabled, Audit Logging Enabled | logs_security_events Yes / No |
//! | HTTPS Enforced | https_only Yes / No |
//! | Firewall Settings / Network Security "Allow access from all networks" | internet_facing Yes |
//! | Web API Identity Provider (ADFS, Azure AD) | authorizer "Yes, kind not stated" |
//! | any other setting with a value, or one the kind does not ask | a note listing them (e.g. Mobile Client Technologies "Android") |
//! | Out Of Scope + reason | kept; the reason in the description, with a note |
//! | border boundary (`GE.TB.B`, `BorderBoundary`) | boundary with its rectangle; kind by name, else by type name: Internet; third party; cloud / Azure / AWS / subscription / Service Fabric → Cloud account; network / private / corporate / machine → Private network; public / DMZ / remote or local user / device → Internet; else Cloud account with a note |
//! | line boundary (`GE.TB.L`, `LineBoundary`) | boundary drawn as a line (`layout.boundary_lines`): source point, handle point, target point; kind as for boxes |
//! | data flow (`GE.DF`, `Connector`) between two elements | flow from `SourceGuid` to `TargetGuid`, label from the name; Protocol → protocol; Provides Confidentiality / Encrypted / HTTPS → encrypted; Authenticates Source / Authenticated → authenticated |
//! | data flow with an end on nothing, a boundary or a missing shape | left out, with a note; its threats too |
//! | free text annotation (`GE.A`) | left out, with a note |
//! | threat instance | threat of one's own (`own-N`) on its flow (`FlowGuid`), or on its target (else source) element when it has no flow; decision under `own-N@target` |
//! | title, description, possible mitigations | title; description with "Possible mitigations: …" (links as text) |
//! | category (Spoofing, Tampering, Repudiation, Information Disclosure, Denial of Service, Elevation of Privileges) | that STRIDE category; a missing one from the threat type's category in the knowledge base (S, T, R, I, D, E); none → Spoofing on external entities and processes, else Tampering, with a note |
//! | state AutoGenerated, NotStarted, NeedsInvestigation / Mitigated / NotApplicable | Open / Mitigated / Not applicable; unknown → Open with a note |
//! | justification (`StateInformation`) | the reason of a Not applicable threat (none → "Imported from the Microsoft Threat Modeling Tool"); the decision's notes for any other |
//! | priority High / Medium / Low | likelihood × impact Medium×High / Medium×Medium / Low×Low, whose risk is that priority; none → unrated; unknown → unrated with a note |
//! | knowledge base, validations, notes, profile | not imported (one note for the knowledge base) |

mod boundaries;
mod elements;
mod flows;
mod import;
mod knowledge;
mod mapping;
mod stencil;
mod threats;
mod xml;

#[cfg(test)]
mod tests;

use super::format::{ExchangeFormat, FormatError, ImportedModel, head};
use crate::model::ThreatModel;
use crate::threats::Analysis;

/// The namespace of the root element of every `.tm7` file.
const NAMESPACE_MARKER: &str = "<ThreatModel xmlns=\"http://schemas.datacontract.org/2004/07/ThreatModeling.Model\"";

/// Reads a Threat Modeling Tool file: one model per drawing surface, never none.
pub fn import(text: &str) -> Result<Vec<ImportedModel>, FormatError> {
    import::import(text)
}

/// The Microsoft Threat Modeling Tool among the exchange formats.
pub struct Mtmt;

impl ExchangeFormat for Mtmt {
    fn id(&self) -> &'static str {
        "mtmt"
    }

    fn name(&self) -> &'static str {
        "Microsoft Threat Modeling Tool"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["tm7"]
    }

    /// Text starting (after a byte order mark and an XML declaration, if any) with
    /// `<ThreatModel`, or with the tool's root element and namespace near the top.
    fn recognises(&self, text: &str) -> bool {
        let head = head(text);
        let body = head.trim_start_matches('\u{feff}').trim_start();
        let body = match body.strip_prefix("<?xml") {
            Some(declared) => declared.split_once("?>").map_or("", |(_, rest)| rest.trim_start()),
            None => body,
        };
        body.starts_with("<ThreatModel") || head.contains(NAMESPACE_MARKER)
    }

    fn import(&self, text: &str) -> Result<Vec<ImportedModel>, FormatError> {
        import(text)
    }

    fn exports(&self) -> bool {
        false
    }

    fn export(&self, _model: &ThreatModel, _analysis: &Analysis) -> Option<String> {
        None
    }
}
