//! Threagile model files (YAML): import only. Pure: text in, a model out; no files, no UI.
//!
//! # Decisions
//!
//! - **One model per file**, named after its `title`. Its description is the management
//!   summary, the business and technical overviews, the author and date, and the abuse cases
//!   and security requirements as lists (ThreatSketch keeps no list of them).
//! - **Whole or nothing.** Bad YAML and values of the wrong type (a list where Threagile
//!   wants a mapping, a mapping where it wants text) are a [`FormatError`] with the line and
//!   column. What Threagile leaves open is tolerated: missing fields, `~`, an unknown type or
//!   technology (the nearest kind and a note). YAML merge keys (`<<: *base`), which
//!   Threagile's own example uses, are read. Hostile input is bounded: nesting and nodes by
//!   the YAML reader, the items read (aliases repeat lists) by one budget, and technical
//!   assets, flows and boundaries by counts. Every imported model passes validation.
//! - **Ids.** Elements and boundaries keep their Threagile ids (letters, digits and hyphens),
//!   so threats and notes name them as Threagile does; flows get new ids (`f1`, …).
//! - **Kinds keep the STRIDE type.** Threagile's `type` decides the element type; the
//!   technology only picks the kind among those of that type. A technology whose kind is of
//!   another type (a `vault` that is a process) gets the generic kind of the type, with a note.
//! - **Data flows one way.** A link's `data_assets_sent` travel on a flow from the asset to
//!   its target; what it receives comes back on a second flow, "… (response)", with the same
//!   protocol and answers, so that data leaving a store is drawn leaving it.
//! - **Data classes** come from the words of each data asset's name and description
//!   (credentials, payment, health, personal; "customer" or "user" only in the name), else
//!   from its confidentiality (public → Public, internal → Internal; higher → Internal, with a
//!   note listing them).
//! - **Layout.** Threagile has no positions: each boundary is drawn as a row of its nested
//!   boundaries and members, so every element's centre lies in exactly the boundaries that
//!   hold it, and then the auto-layout redraws the diagram along the flows, keeping that.
//! - **The internet.** An asset Threagile puts on the internet whose kind has no such question
//!   (a browser, a user, an outside system) and that is in no trust boundary goes into an
//!   added "Internet" boundary, which is what ThreatSketch's threats of incoming flows look at.
//! - **Risks.** Threagile derives risks with its own rules, which are not ThreatSketch's:
//!   no tracked risk becomes a decision on a ThreatSketch rule. A `risk_tracking` entry that
//!   names an asset, link or boundary of the model becomes a threat of one's own there,
//!   titled after its rule id, with the tracking as its decision; one with only wildcards
//!   (`unencrypted-asset@*`) cannot be placed and is listed in a note. Individual (custom)
//!   risks become threats of one's own on the asset, link or boundary they name, rated by
//!   their exploitation likelihood and impact; tracking under their Threagile id
//!   (`category@asset`) becomes their decision.
//!
//! # Threagile → ThreatSketch
//!
//! | Threagile | ThreatSketch |
//! |---|---|
//! | `title` | model name |
//! | `management_summary_comment`, `business_overview`, `technical_overview`, `author`, `date` | model description, as paragraphs (HTML tags removed) |
//! | `abuse_cases`, `security_requirements` | lists in the model description, with a note |
//! | technical asset `type` external-entity / process / datastore | external-entity / process / data-store kind |
//! | technology browser, mobile-app | browser, mobile_app |
//! | technology gateway | api_gateway |
//! | technology identity-provider | identity_provider |
//! | technology identity-store-ldap, identity-store-database | database (a datastore) or identity_provider (a process) |
//! | technology function | function |
//! | technology database, search-index | database |
//! | technology data-lake | object_storage |
//! | technology file-server, local-file-system, block-storage | data_store |
//! | technology message-queue, stream-processing | queue |
//! | technology vault, hsm | secrets_store |
//! | technology monitoring | monitoring |
//! | technology scheduler | scheduled_trigger (an external entity) or workflow (a process) |
//! | technology batch-processing | workflow |
//! | client-system, desktop, devops-client, cli, web-server, web-application, application-server, erp, cms, web-service-rest, load-balancer, reverse-proxy, waf, build-pipeline, sourcecode-repository, … | the generic kind: user (`used_as_client_by_human`) or external_entity, process, data_store |
//! | an unknown technology, or a kind of another type | the generic kind, with a note |
//! | `internet: true` | internet_facing Yes where the kind asks it; else, outside any trust boundary, a member of an added Internet boundary (so flows from it cross one), and inside one a note |
//! | `encryption` | encrypted_at_rest (none → No, any other → Yes) where the kind asks it |
//! | confidentiality strictly-confidential, integrity or availability critical / mission-critical | critical asset |
//! | `out_of_scope` + `justification_out_of_scope` | kept; the reason in the description, with a note (as for Threat Dragon) |
//! | `data_assets_processed`, `data_assets_stored` | "Processes: …", "Stores: …" in the description |
//! | communication link | flow from the asset to `target`, labelled with the link's title; a target that is no asset: left out, with a note |
//! | link `protocol` | protocol as written; encrypted Yes for https, wss, ssh, ldaps, sftp, `…-encrypted`, …; No for http, ws, jdbc, ldap, nfs, …; Unknown for local calls |
//! | link `vpn: true` | encrypted Yes |
//! | link `authentication` none / any other | authenticated No / Yes |
//! | `data_assets_sent` / `data_assets_received` | data classes of the flow / of a second flow back |
//! | data asset | data classes (see Decisions) |
//! | trust boundary type network-cloud-provider | Cloud account |
//! | network-on-prem, network-virtual-lan, network-cloud-security-group | Private network |
//! | network-dedicated-hoster | Third party, with a note |
//! | network-policy-namespace-isolation, execution-environment | Private network, with a note |
//! | `technical_assets_inside`, `trust_boundaries_nested` | members and nesting (see Layout); an asset in two boundaries or a boundary nested twice stays in the first, with a note |
//! | `individual_risk_categories` risk | threat of one's own: title, the category's description, impact, mitigation, check and CWE; its STRIDE category; likelihood unlikely / likely / very-likely / frequent → Low / Medium / High / Very high, impact low … very-high likewise (fitted to the scale) |
//! | `risk_tracking` status unchecked / in-discussion / accepted / in-progress / mitigated / false-positive | Open / In progress (a note) / Accepted / In progress / Mitigated / Not applicable |
//! | tracking justification, ticket, date, checked_by | decision notes ("Ticket …. Checked on … by …."), the reason an accepted or false-positive risk needs, owner = checked_by |
//! | shared runtimes, questions, tags, business criticality, CIA ratings, size, machine, authorization, read-only, usage | notes: not carried over |
//! | `diagram_tweak_*` | ignored without a note: the layout is ThreatSketch's own |

mod assets;
mod boundaries;
mod import;
mod links;
mod mapping;
mod read;
mod risks;
mod text;

#[cfg(test)]
mod tests;

use super::format::{ExchangeFormat, FormatError, ImportedModel, head};
use crate::model::ThreatModel;
use crate::threats::Analysis;

/// Reads a Threagile model file.
pub fn import(text: &str) -> Result<ImportedModel, FormatError> {
    import::import(text)
}

/// Threagile among the exchange formats.
pub struct Threagile;

impl ExchangeFormat for Threagile {
    fn id(&self) -> &'static str {
        "threagile"
    }

    fn name(&self) -> &'static str {
        "Threagile"
    }

    fn extensions(&self) -> &'static [&'static str] {
        &["yaml", "yml"]
    }

    /// YAML with Threagile's `threagile_version:` or a top-level `technical_assets:`, at the
    /// start of a line.
    fn recognises(&self, text: &str) -> bool {
        head(text).lines().any(|line| line.starts_with("threagile_version:") || line.starts_with("technical_assets:"))
    }

    fn import(&self, text: &str) -> Result<Vec<ImportedModel>, FormatError> {
        import(text).map(|model| vec![model])
    }

    fn exports(&self) -> bool {
        false
    }

    fn export(&self, _model: &ThreatModel, _analysis: &Analysis) -> Option<String> {
        None
    }
}
