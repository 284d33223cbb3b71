//! Threagile's words and ThreatSketch's: element kinds by technology, trust boundary types,
//! protocols, risk tracking statuses, ratings and data classes. Pure tables, no reading.

use std::collections::BTreeSet;

use crate::model::{BoundaryKind, DataClass, ElementType, Level, Stride, ThreatStatus, Tri};

/// Threagile's element type (`type:`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum AssetType {
    ExternalEntity,
    Process,
    Datastore,
}

impl AssetType {
    pub fn parse(said: &str) -> Option<Self> {
        match said {
            "external-entity" => Some(Self::ExternalEntity),
            "process" => Some(Self::Process),
            "datastore" => Some(Self::Datastore),
            _ => None,
        }
    }

    pub fn element_type(self) -> ElementType {
        match self {
            Self::ExternalEntity => ElementType::ExternalEntity,
            Self::Process => ElementType::Process,
            Self::Datastore => ElementType::DataStore,
        }
    }

    /// The kind for a technology ThreatSketch has no closer kind for.
    pub fn generic_kind(self, used_by_human: bool) -> &'static str {
        match self {
            Self::ExternalEntity if used_by_human => "user",
            Self::ExternalEntity => "external_entity",
            Self::Process => "process",
            Self::Datastore => "data_store",
        }
    }
}

/// What a Threagile technology says about the kind.
pub(super) enum KindHint {
    /// Kinds that fit, the first of the asset's element type wins; none fitting gives the
    /// generic kind and a note.
    Kinds(&'static [&'static str]),
    /// A technology Threagile knows that ThreatSketch has no closer kind for: the generic kind
    /// of the element type, without a note.
    Generic,
    /// Not a technology this import knows: the generic kind, with a note.
    Unknown,
}

pub(super) fn kind_hint(technology: &str) -> KindHint {
    match technology {
        "browser" => KindHint::Kinds(&["browser"]),
        "mobile-app" => KindHint::Kinds(&["mobile_app", "process"]),
        "gateway" => KindHint::Kinds(&["api_gateway"]),
        "identity-provider" => KindHint::Kinds(&["identity_provider"]),
        "identity-store-ldap" | "identity-store-database" => KindHint::Kinds(&["database", "identity_provider"]),
        "function" => KindHint::Kinds(&["function"]),
        "database" | "search-index" => KindHint::Kinds(&["database"]),
        "data-lake" => KindHint::Kinds(&["object_storage"]),
        "file-server" | "local-file-system" | "block-storage" => KindHint::Kinds(&["data_store"]),
        "message-queue" | "stream-processing" => KindHint::Kinds(&["queue"]),
        "vault" | "hsm" => KindHint::Kinds(&["secrets_store"]),
        "monitoring" => KindHint::Kinds(&["monitoring"]),
        "scheduler" => KindHint::Kinds(&["scheduled_trigger", "workflow"]),
        "batch-processing" => KindHint::Kinds(&["workflow"]),
        "unknown-technology"
        | "client-system"
        | "desktop"
        | "devops-client"
        | "cli"
        | "tool"
        | "iot-device"
        | "web-server"
        | "web-application"
        | "application-server"
        | "erp"
        | "cms"
        | "web-service-rest"
        | "web-service-soap"
        | "ejb"
        | "search-engine"
        | "service-registry"
        | "reverse-proxy"
        | "load-balancer"
        | "build-pipeline"
        | "sourcecode-repository"
        | "artifact-registry"
        | "code-inspection-platform"
        | "ldap-server"
        | "container-platform"
        | "event-listener"
        | "task"
        | "service-mesh"
        | "big-data-platform"
        | "report-engine"
        | "ai"
        | "mail-server"
        | "waf"
        | "ids"
        | "ips"
        | "mainframe"
        | "library" => KindHint::Generic,
        _ => KindHint::Unknown,
    }
}

/// Threagile's trust boundary types, and whether the kind is only the nearest one.
pub(super) fn boundary_kind(said: &str) -> Option<(BoundaryKind, bool)> {
    match said {
        "network-cloud-provider" => Some((BoundaryKind::CloudAccount, true)),
        "network-on-prem" | "network-virtual-lan" | "network-cloud-security-group" => {
            Some((BoundaryKind::PrivateNetwork, true))
        }
        // A hoster's network: someone else runs it.
        "network-dedicated-hoster" => Some((BoundaryKind::ThirdParty, false)),
        // Isolation inside a network, not a network: the nearest kind.
        "network-policy-namespace-isolation" | "execution-environment" => Some((BoundaryKind::PrivateNetwork, false)),
        _ => None,
    }
}

/// Whether a protocol encrypts what it carries: Yes for TLS and SSH protocols, No for their
/// plain forms, Unknown for local calls and anything else.
pub(super) fn protocol_encrypted(protocol: &str) -> Tri {
    const ENCRYPTED: &[&str] =
        &["https", "wss", "ssh", "ssh-tunnel", "ldaps", "sftp", "scp", "ftps", "smb-encrypted", "nfs-encrypted"];
    const PLAIN: &[&str] = &[
        "http",
        "ws",
        "jdbc",
        "odbc",
        "sql-access-protocol",
        "nosql-access-protocol",
        "binary",
        "text",
        "smtp",
        "pop3",
        "imap",
        "ftp",
        "ldap",
        "jms",
        "nfs",
        "smb",
        "iiop",
        "rmi",
        "mqtt",
        "reverse-proxy-web-protocol",
        "rmi-execution",
        "jrmp",
    ];
    if protocol.ends_with("-encrypted") || ENCRYPTED.contains(&protocol) {
        Tri::Yes
    } else if PLAIN.contains(&protocol) {
        Tri::No
    } else {
        Tri::Unknown
    }
}

/// Risk tracking status, and whether it is the same status rather than the nearest one.
pub(super) fn status(said: &str) -> Option<(ThreatStatus, bool)> {
    match said {
        "unchecked" => Some((ThreatStatus::Open, true)),
        "in-discussion" => Some((ThreatStatus::InProgress, false)),
        "accepted" => Some((ThreatStatus::Accepted, true)),
        "in-progress" => Some((ThreatStatus::InProgress, true)),
        "mitigated" => Some((ThreatStatus::Mitigated, true)),
        "false-positive" => Some((ThreatStatus::NotApplicable, true)),
        _ => None,
    }
}

pub(super) fn stride(said: &str) -> Option<Stride> {
    match said {
        "spoofing" => Some(Stride::Spoofing),
        "tampering" => Some(Stride::Tampering),
        "repudiation" => Some(Stride::Repudiation),
        "information-disclosure" => Some(Stride::InformationDisclosure),
        "denial-of-service" => Some(Stride::DenialOfService),
        "elevation-of-privilege" => Some(Stride::ElevationOfPrivilege),
        _ => None,
    }
}

/// The STRIDE category a tracked Threagile risk most likely is, from the words of its rule
/// id (Threagile's rules are not ThreatSketch's, so no rule is looked up); `None` when no word
/// says.
pub(super) fn stride_from_rule_words(rule: &str) -> Option<Stride> {
    let words: Vec<&str> = rule.split('-').collect();
    let has = |w: &[&str]| words.iter().any(|word| w.contains(word));
    if has(&["dos", "denial"]) {
        Some(Stride::DenialOfService)
    } else if has(&["unencrypted", "leak", "disclosure", "exposure", "cleartext", "sensitive"]) {
        Some(Stride::InformationDisclosure)
    } else if has(&["authentication", "spoofing", "spoofable"]) {
        Some(Stride::Spoofing)
    } else if has(&["authorization", "privilege", "escalation"]) {
        Some(Stride::ElevationOfPrivilege)
    } else if has(&["logging", "repudiation", "audit"]) {
        Some(Stride::Repudiation)
    } else if has(&["injection", "deserialization", "xss", "csrf", "xml", "tampering", "hardening", "vault"]) {
        Some(Stride::Tampering)
    } else {
        None
    }
}

pub(super) fn likelihood(said: &str) -> Option<Level> {
    match said {
        "unlikely" => Some(Level::Low),
        "likely" => Some(Level::Medium),
        "very-likely" => Some(Level::High),
        "frequent" => Some(Level::VeryHigh),
        _ => None,
    }
}

pub(super) fn impact(said: &str) -> Option<Level> {
    match said {
        "low" => Some(Level::Low),
        "medium" => Some(Level::Medium),
        "high" => Some(Level::High),
        "very-high" => Some(Level::VeryHigh),
        _ => None,
    }
}

/// Confidentiality, integrity or availability that makes an asset critical.
pub(super) fn is_critical_rating(said: &str) -> bool {
    matches!(said, "critical" | "mission-critical" | "strictly-confidential")
}

/// The data classes a data asset stands for, from the words of its name and description and
/// its confidentiality; `false` when only the confidentiality said it and it is above
/// internal (a guess worth a note).
pub(super) fn data_classes(name: &str, description: &str, confidentiality: &str) -> (BTreeSet<DataClass>, bool) {
    let words = |text: &str| -> Vec<String> {
        text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let (name_words, all_words) = (words(name), [words(name), words(description)].concat());
    let any = |list: &[String], wanted: &[&str]| list.iter().any(|w| wanted.contains(&w.as_str()));
    let mut classes = BTreeSet::new();
    if any(&all_words, &["credential", "credentials", "password", "passwords", "secret", "secrets", "token", "tokens"])
    {
        classes.insert(DataClass::Credentials);
    }
    if any(&all_words, &["payment", "payments", "card", "cards", "cardholder", "pci", "iban"]) {
        classes.insert(DataClass::PaymentCard);
    }
    if any(&all_words, &["health", "medical", "patient", "patients", "diagnosis", "phi"]) {
        classes.insert(DataClass::Health);
    }
    // "customer" and "user" only in the name: a description mentions customers in passing.
    if any(&all_words, &["personal", "pii", "gdpr", "dsgvo", "email", "address", "addresses"])
        || any(&name_words, &["customer", "customers", "user", "users", "employee", "employees", "person", "people"])
    {
        classes.insert(DataClass::PersonalData);
    }
    if !classes.is_empty() {
        return (classes, true);
    }
    match confidentiality {
        "public" => (BTreeSet::from([DataClass::Public]), true),
        "internal" => (BTreeSet::from([DataClass::Internal]), true),
        _ => (BTreeSet::from([DataClass::Internal]), false),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocols_say_whether_they_encrypt() {
        assert_eq!(protocol_encrypted("https"), Tri::Yes);
        assert_eq!(protocol_encrypted("jdbc-encrypted"), Tri::Yes);
        assert_eq!(protocol_encrypted("http"), Tri::No);
        assert_eq!(protocol_encrypted("in-process-library-call"), Tri::Unknown);
    }

    #[test]
    fn data_classes_come_from_words_then_confidentiality() {
        let (accounts, sure) = data_classes(
            "Customer Accounts",
            "Customer Accounts (including transient credentials when entered for checking them)",
            "strictly-confidential",
        );
        assert!(sure);
        assert_eq!(accounts, BTreeSet::from([DataClass::PersonalData, DataClass::Credentials]));
        let (marketing, _) = data_classes("Marketing Material", "to inform potential customers", "public");
        assert_eq!(marketing, BTreeSet::from([DataClass::Public]));
        assert_eq!(data_classes("ERP Logs", "Logs", "restricted"), (BTreeSet::from([DataClass::Internal]), false));
    }
}
