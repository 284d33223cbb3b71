//! The vocabulary tables between Threat Dragon and ThreatSketch: cell types, element kinds by
//! name, boundary kinds by name, threat categories, statuses and severities. Each function is
//! one table; the module documentation of `threat_dragon` lists them for users.

use crate::interop::words::Words;
use crate::model::{BoundaryKind, ElementType, Level, Stride, ThreatStatus};
use crate::risk::RiskLevel;

/// The cell types of Threat Dragon (`data.type` in v2, `type` in v1).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum CellType {
    Actor,
    Process,
    Store,
    Flow,
    /// A box: becomes a boundary.
    BoundaryBox,
    /// A line: becomes a boundary drawn as a line, which flows cross.
    BoundaryCurve,
    Text,
}

impl CellType {
    /// From `data.type`, else from the X6 shape (a few v2 cells lack the type; one file spells
    /// the curve's shape `trust-broundary-curve`).
    pub fn of(tm_type: &str, shape: Option<&str>) -> Option<Self> {
        let by_type = match tm_type {
            "tm.Actor" => Some(Self::Actor),
            "tm.Process" => Some(Self::Process),
            "tm.Store" => Some(Self::Store),
            "tm.Flow" => Some(Self::Flow),
            "tm.BoundaryBox" => Some(Self::BoundaryBox),
            "tm.Boundary" => Some(Self::BoundaryCurve),
            "tm.Text" => Some(Self::Text),
            _ => None,
        };
        by_type.or_else(|| match shape? {
            "actor" => Some(Self::Actor),
            "process" => Some(Self::Process),
            "store" => Some(Self::Store),
            "flow" => Some(Self::Flow),
            "trust-boundary-box" => Some(Self::BoundaryBox),
            "trust-boundary-curve" | "trust-broundary-curve" => Some(Self::BoundaryCurve),
            "td-text-block" => Some(Self::Text),
            _ => None,
        })
    }

    /// Words for messages: "actor 'Browser'".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Actor => "actor",
            Self::Process => "process",
            Self::Store => "store",
            Self::Flow => "data flow",
            Self::BoundaryBox => "trust boundary",
            Self::BoundaryCurve => "trust boundary line",
            Self::Text => "text block",
        }
    }

    /// The STRIDE element type of an element cell.
    pub fn element_type(self) -> Option<ElementType> {
        match self {
            Self::Actor => Some(ElementType::ExternalEntity),
            Self::Process => Some(ElementType::Process),
            Self::Store => Some(ElementType::DataStore),
            _ => None,
        }
    }

    /// Threat Dragon's size for a new cell of this type, for cells that lack one.
    pub fn default_size(self) -> (f64, f64) {
        match self {
            Self::Process => (100.0, 100.0),
            Self::BoundaryBox => (500.0, 300.0),
            _ => (160.0, 80.0),
        }
    }
}

/// The X6 shape and `data.type` an element of this STRIDE type is written as.
pub(super) fn td_shape(element_type: ElementType) -> (&'static str, &'static str) {
    match element_type {
        ElementType::ExternalEntity => ("actor", "tm.Actor"),
        ElementType::Process => ("process", "tm.Process"),
        ElementType::DataStore => ("store", "tm.Store"),
    }
}

/// The kind of an element by its Threat Dragon type and name; the STRIDE type never changes,
/// so that threats and the export keep their meaning. First match wins.
pub(super) fn kind_for(cell_type: CellType, name: &str, is_a_log: bool) -> &'static str {
    let words = Words::of(name);
    let table: &[(&str, &str)] = match cell_type {
        CellType::Actor => &[
            ("browser", "browser, web client, frontend, front end, single page app, spa"),
            ("mobile_app", "mobile, mobile app, android, ios, iphone, smartphone, phone, tablet"),
            ("scheduled_trigger", "cron, scheduler, schedule, scheduled, timer"),
            ("third_party", "third party, 3rd party, vendor, partner, provider, supplier, saas, bank"),
            (
                "external_entity",
                "system, service, server, api, application, app, device, platform, backend, database, repo, \
                repository, website, site, external, iot, sensor, machine, bot, github, blockchain, network",
            ),
        ],
        CellType::Process => &[
            ("api_gateway", "api, gateway, api gateway, apigw, api management, apim"),
            ("cdn", "cdn, cloudfront, content delivery, edge, akamai, cloudflare, front door"),
            (
                "identity_provider",
                "auth, authentication, authorization, authorizer, identity, idp, sso, login, sign in, signin, oauth, \
                openid, oidc, cognito, auth0, okta, keycloak",
            ),
            ("workflow", "workflow, step functions, orchestrator, orchestration, state machine"),
            ("function", "function, lambda, serverless, handler"),
        ],
        CellType::Store => &[
            ("monitoring", "log, logging, audit, monitoring, metric, telemetry, siem, cloudwatch"),
            (
                "queue",
                "queue, topic, bus, event bus, message, kafka, sqs, sns, pubsub, pub sub, stream, eventbridge, mq, \
                rabbitmq, broker",
            ),
            ("object_storage", "bucket, s3, blob, object storage, object store, file storage, file, upload"),
            ("secrets_store", "secret, vault, key vault, keystore, key store, kms, hsm"),
            (
                "database",
                "database, db, sql, mysql, postgres, postgresql, dynamodb, cosmos, firestore, mongodb, mongo, table, \
                rds, aurora",
            ),
        ],
        _ => &[],
    };
    if cell_type == CellType::Store && is_a_log {
        return "monitoring";
    }
    let hinted = table.iter().find(|(_, hints)| words.has_any(hints)).map(|(kind, _)| *kind);
    hinted.unwrap_or(match cell_type {
        CellType::Actor => "user",
        CellType::Store => "data_store",
        _ => "process",
    })
}

/// The boundary kind a name suggests, or None when it says nothing (Cloud account is then
/// used, the zone of the app's own components). Strong words first: "Public Cloud" is a cloud
/// account, "Production network" a private network, "Customer / Internet" the internet.
pub(super) fn boundary_kind_for(name: &str) -> Option<BoundaryKind> {
    let words = Words::of(name);
    let table: &[(BoundaryKind, &str)] = &[
        (BoundaryKind::Internet, "internet, public network, public internet"),
        (BoundaryKind::ThirdParty, "third party, 3rd party, vendor, partner, provider, supplier, saas, external"),
        (BoundaryKind::CloudAccount, "cloud, aws, azure, gcp, account, subscription, tenant, serverless"),
        (
            BoundaryKind::PrivateNetwork,
            "network, private, internal, intranet, lan, vpc, vnet, subnet, on prem, onprem, on premises, corporate, \
            corp, office, data center, datacenter",
        ),
        (BoundaryKind::Internet, "public, dmz, client, customer, user, browser, local machine, device, untrusted"),
    ];
    table.iter().find(|(_, hints)| words.has_any(hints)).map(|(kind, _)| *kind)
}

/// How a Threat Dragon threat type became a STRIDE category.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum StrideMatch {
    /// It is a STRIDE category.
    Same(Stride),
    /// A category of another framework (CIA, DIE, LINDDUN, PLOT4ai, an EOP card suit) with a
    /// close STRIDE counterpart.
    Translated(Stride),
    /// No counterpart: Threat Dragon's own default for a new threat on this cell type.
    Default(Stride),
}

/// The STRIDE category of a threat type, or of an EOP card suit when the type is empty.
pub(super) fn stride_for(category: &str, card_suit: &str, cell_type: CellType) -> StrideMatch {
    let key = |text: &str| text.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    let same = |key: &str| match key {
        "spoofing" => Some(Stride::Spoofing),
        "tampering" => Some(Stride::Tampering),
        "repudiation" => Some(Stride::Repudiation),
        "informationdisclosure" => Some(Stride::InformationDisclosure),
        "denialofservice" => Some(Stride::DenialOfService),
        "elevationofprivilege" => Some(Stride::ElevationOfPrivilege),
        _ => None,
    };
    let translated = |key: &str| match key {
        // CIA, and DIE which answers it: distributed for availability, immutable for
        // integrity, ephemeral for confidentiality.
        "confidentiality" | "ephemeral" => Some(Stride::InformationDisclosure),
        "integrity" | "immutable" => Some(Stride::Tampering),
        "availability" | "distributed" => Some(Stride::DenialOfService),
        // LINDDUN (1.x and 2.x names): privacy threats are about personal data getting out;
        // non-repudiation is the privacy side of repudiation.
        "linkability"
        | "linking"
        | "identifiability"
        | "identifying"
        | "detectability"
        | "detecting"
        | "disclosureofinformation"
        | "datadisclosure"
        | "unawareness"
        | "unawarenessunintervenability"
        | "noncompliance"
        | "identifiabilitylinkability" => Some(Stride::InformationDisclosure),
        "nonrepudiation" => Some(Stride::Repudiation),
        // PLOT4ai.
        "techniqueprocesses" | "security" | "datavalidationencoding" => Some(Stride::Tampering),
        "accessibility" | "safety" => Some(Stride::DenialOfService),
        // Cornucopia suits.
        "authentication" | "sessionmanagement" => Some(Stride::Spoofing),
        "authorization" => Some(Stride::ElevationOfPrivilege),
        "cryptography" => Some(Stride::InformationDisclosure),
        _ => None,
    };
    for text in [category, card_suit] {
        let key = key(text);
        if let Some(stride) = same(&key) {
            return StrideMatch::Same(stride);
        }
        if let Some(stride) = translated(&key) {
            return StrideMatch::Translated(stride);
        }
    }
    StrideMatch::Default(match cell_type {
        CellType::Actor | CellType::Process => Stride::Spoofing,
        _ => Stride::Tampering,
    })
}

/// A Threat Dragon status, and whether it was a close match rather than the same status.
/// None: not a status Threat Dragon has.
pub(super) fn status_from_td(status: &str) -> Option<(ThreatStatus, bool)> {
    let key: String = status.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    match key.as_str() {
        // Threat Dragon's default for a new threat.
        "" | "open" => Some((ThreatStatus::Open, true)),
        "mitigated" => Some((ThreatStatus::Mitigated, true)),
        // v2 "NotApplicable", v1 "Not Applicable".
        "notapplicable" | "na" => Some((ThreatStatus::NotApplicable, true)),
        "accepted" => Some((ThreatStatus::Accepted, true)),
        "transferred" => Some((ThreatStatus::Transferred, true)),
        "inprogress" => Some((ThreatStatus::InProgress, true)),
        // Threat Dragon 2.6's other treatments: the threat is dealt with.
        "avoided" | "eliminated" => Some((ThreatStatus::Mitigated, false)),
        _ => None,
    }
}

/// The Threat Dragon status of ours. In progress is still open there; the rest exist in
/// Threat Dragon 2.6 (Accepted and Transferred appear as treatments of a threat).
pub(super) fn status_to_td(status: ThreatStatus) -> &'static str {
    match status {
        ThreatStatus::Open | ThreatStatus::InProgress => "Open",
        ThreatStatus::Mitigated => "Mitigated",
        ThreatStatus::Accepted => "Accepted",
        ThreatStatus::Transferred => "Transferred",
        ThreatStatus::NotApplicable => "NotApplicable",
    }
}

/// What a Threat Dragon severity says about the rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Rating {
    /// Likelihood and impact whose risk on the three-level matrix is the severity.
    Rated(Level, Level),
    /// Not rated yet (TBD, TBA, empty).
    Unrated,
    /// A word Threat Dragon does not use.
    Unknown,
}

/// One severity level is two ratings here: chosen so the matrix gives back the same level
/// (Low → Low, Medium → Medium, High → High, Critical → Critical), so a round trip keeps it.
pub(super) fn rating_from_severity(severity: &str) -> Rating {
    match severity.trim().to_lowercase().as_str() {
        "low" => Rating::Rated(Level::Low, Level::Low),
        "medium" | "moderate" => Rating::Rated(Level::Medium, Level::Medium),
        "high" => Rating::Rated(Level::Medium, Level::High),
        "critical" | "very high" => Rating::Rated(Level::High, Level::High),
        "" | "tbd" | "tba" | "none" | "unknown" => Rating::Unrated,
        _ => Rating::Unknown,
    }
}

/// Threat Dragon's severity for a risk level: the same four words.
pub(super) fn severity_of(risk: RiskLevel) -> &'static str {
    risk.label()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KindCatalog;
    use crate::risk::risk_level;

    #[test]
    fn kinds_follow_names_and_keep_the_stride_type() {
        let cases = [
            (CellType::Actor, "Customer", "user"),
            (CellType::Actor, "Web Browser", "browser"),
            (CellType::Actor, "Payment provider", "third_party"),
            (CellType::Actor, "Github repo", "external_entity"),
            (CellType::Process, "Payment API", "api_gateway"),
            (CellType::Process, "Login service", "identity_provider"),
            (CellType::Process, "Resize function", "function"),
            (CellType::Process, "Web Application", "process"),
            (CellType::Store, "Message Queue", "queue"),
            (CellType::Store, "Orders DB", "database"),
            (CellType::Store, "Audit logs", "monitoring"),
            (CellType::Store, "Uploads bucket", "object_storage"),
            (CellType::Store, "Worker Config", "data_store"),
        ];
        let catalog = KindCatalog::builtin();
        for (cell_type, name, kind) in cases {
            assert_eq!(kind_for(cell_type, name, false), kind, "{name}");
            let def = catalog.kind(kind).unwrap();
            assert_eq!(Some(def.element_type), cell_type.element_type(), "{kind}");
        }
        assert_eq!(kind_for(CellType::Store, "Worker Config", true), "monitoring", "isALog wins");
        // Words, not substrings: "rapid" has no "api".
        assert_eq!(kind_for(CellType::Process, "Rapid renderer", false), "process");
    }

    #[test]
    fn boundary_names() {
        assert_eq!(boundary_kind_for("Public Cloud"), Some(BoundaryKind::CloudAccount));
        assert_eq!(boundary_kind_for("Customer /\nInternet"), Some(BoundaryKind::Internet));
        assert_eq!(boundary_kind_for("Corp network"), Some(BoundaryKind::PrivateNetwork));
        assert_eq!(boundary_kind_for("Payment provider"), Some(BoundaryKind::ThirdParty));
        assert_eq!(boundary_kind_for("DMZ"), Some(BoundaryKind::Internet));
        assert_eq!(boundary_kind_for("Trust Boundary"), None);
    }

    #[test]
    fn threat_types_of_every_framework() {
        use Stride::*;
        let same = stride_for("Information disclosure", "", CellType::Flow);
        assert_eq!(same, StrideMatch::Same(InformationDisclosure));
        assert_eq!(stride_for("Integrity", "", CellType::Store), StrideMatch::Translated(Tampering));
        assert_eq!(stride_for("Distributed", "", CellType::Store), StrideMatch::Translated(DenialOfService));
        assert_eq!(stride_for("Non-repudiation", "", CellType::Store), StrideMatch::Translated(Repudiation));
        assert_eq!(stride_for("", "AUTHENTICATION", CellType::Actor), StrideMatch::Translated(Spoofing));
        assert_eq!(stride_for("Generic", "", CellType::Actor), StrideMatch::Default(Spoofing));
        assert_eq!(stride_for("", "Wild Card", CellType::Flow), StrideMatch::Default(Tampering));
    }

    #[test]
    fn statuses_both_ways() {
        assert_eq!(status_from_td("Not Applicable"), Some((ThreatStatus::NotApplicable, true)));
        assert_eq!(status_from_td("NotApplicable"), Some((ThreatStatus::NotApplicable, true)));
        assert_eq!(status_from_td("Eliminated"), Some((ThreatStatus::Mitigated, false)));
        assert_eq!(status_from_td("Pending"), None);
        for status in ThreatStatus::ALL {
            let (back, _) = status_from_td(status_to_td(status)).unwrap();
            let expected = if status == ThreatStatus::InProgress { ThreatStatus::Open } else { status };
            assert_eq!(back, expected);
        }
    }

    #[test]
    fn severity_survives_a_round_trip_through_the_matrix() {
        for word in ["Low", "Medium", "High", "Critical"] {
            let Rating::Rated(likelihood, impact) = rating_from_severity(word) else { panic!("{word}") };
            assert_eq!(severity_of(risk_level(likelihood, impact)), word);
        }
        assert_eq!(rating_from_severity("TBA"), Rating::Unrated);
        assert_eq!(rating_from_severity("Severe"), Rating::Unknown);
    }
}
