//! The vocabulary tables between the Threat Modeling Tool and ThreatSketch: shapes, stencil
//! types to kinds, boundary kinds, threat categories, states, priorities and the stencil
//! settings that answer a question. Each function is one table; the module documentation of
//! `mtmt` lists them for users.

use crate::interop::words::Words;
use crate::model::{Answer, BoundaryKind, ElementType, Level, Stride, ThreatStatus};

/// What a stencil of a drawing surface is, from its generic type (`GE.P`, …) or, failing
/// that, its DataContract type (`StencilEllipse`, …).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Shape {
    Element(ElementType),
    BorderBoundary,
    LineBoundary,
    Flow,
    Annotation,
}

impl Shape {
    pub fn of(generic_type: &str, xml_type: &str) -> Option<Self> {
        let by_generic = match generic_type {
            "GE.P" => Some(Self::Element(ElementType::Process)),
            "GE.EI" => Some(Self::Element(ElementType::ExternalEntity)),
            "GE.DS" => Some(Self::Element(ElementType::DataStore)),
            "GE.TB.B" => Some(Self::BorderBoundary),
            "GE.TB.L" => Some(Self::LineBoundary),
            "GE.DF" => Some(Self::Flow),
            "GE.A" => Some(Self::Annotation),
            _ => None,
        };
        by_generic.or(match xml_type {
            "StencilEllipse" => Some(Self::Element(ElementType::Process)),
            "StencilRectangle" => Some(Self::Element(ElementType::ExternalEntity)),
            "StencilParallelLines" => Some(Self::Element(ElementType::DataStore)),
            "BorderBoundary" => Some(Self::BorderBoundary),
            "LineBoundary" => Some(Self::LineBoundary),
            "Connector" => Some(Self::Flow),
            "StencilAnnotation" | "Annotation" => Some(Self::Annotation),
            _ => None,
        })
    }

    /// Words for messages: "process 'Public API v2'".
    pub fn noun(self) -> &'static str {
        match self {
            Self::Element(ElementType::Process) => "process",
            Self::Element(ElementType::ExternalEntity) => "external interactor",
            Self::Element(ElementType::DataStore) => "data store",
            Self::BorderBoundary => "trust boundary",
            Self::LineBoundary => "trust boundary line",
            Self::Flow => "data flow",
            Self::Annotation => "annotation",
        }
    }
}

/// The kind of an element of this STRIDE type when its stencil type says nothing more.
pub(super) fn generic_kind(element_type: ElementType) -> &'static str {
    match element_type {
        ElementType::ExternalEntity => "external_entity",
        ElementType::Process => "process",
        ElementType::DataStore => "data_store",
    }
}

/// Whether a stencil type is one of the tool's generic ones (`GE.P`, …), which say nothing
/// beyond the STRIDE type: their elements get the generic kind without a note.
pub(super) fn is_generic(type_id: &str) -> bool {
    type_id.is_empty() || type_id.starts_with("GE.")
}

/// The kind of a stencil type of the Azure template (TypeId `SE.P.TMCore.WebAPI`, …), by the
/// part after the last dot; `storage_type` is Azure Storage's "Storage Type" setting.
fn kind_by_type_id(type_id: &str, storage_type: Option<&str>) -> Option<&'static str> {
    let short = type_id.rsplit('.').next().unwrap_or(type_id);
    Some(match short {
        "Browser" => "browser",
        "Mobile" | "DynamicsCRMMobileClient" => "mobile_app",
        "DynamicsCRMOutlookClient" | "IoTdevice" => "external_entity",
        "WebAPI" | "AzureAppServiceApiApp" => "api_gateway",
        "ADFS" | "AzureAD" | "IdSrv" => "identity_provider",
        "ALA" | "AzureDataFactory" => "workflow",
        "AzureWebJob" => "function",
        "ADE"
        | "AzureEventHub"
        | "AzureML"
        | "AzureStreamAnalytics"
        | "AzureTrafficManager"
        | "DynamicsCRM"
        | "DynamicsCRMPortal"
        | "Host"
        | "WCF"
        | "WebApp"
        | "AzureAppServiceWebApp"
        | "AzureAppServiceMobileApp"
        | "IoTCloudGateway"
        | "IoTFieldGateway" => "process",
        "AzureKeyVault" => "secrets_store",
        "SQL" | "AzureSQLDB" | "AzureSQLDWDB" | "AzureMySQLDB" | "AzurePostgresDB" | "AzureDocumentDB" => "database",
        "AzureStorage" => match storage_type {
            Some("Queue") => "queue",
            Some("Table") => "database",
            _ => "object_storage",
        },
        "Cache" | "AzureRedis" => "data_store",
        _ => return None,
    })
}

/// The kind of a stencil type of another template, by the words of its type name ("Azure
/// SQL Database", "Browser"): first match wins.
fn kind_by_type_name(type_name: &str) -> Option<&'static str> {
    let words = Words::of(type_name);
    let table: &[(&str, &str)] = &[
        ("browser", "browser, web browser"),
        ("mobile_app", "mobile, mobile client, android, ios, phone"),
        ("user", "user, human, person, customer, administrator, admin"),
        ("third_party", "third party, 3rd party, partner, vendor, saas"),
        ("api_gateway", "api, web api, api app, gateway, api management"),
        ("identity_provider", "identity, identity provider, authentication, adfs, azure ad, entra, oauth, sso"),
        ("function", "function, functions, lambda, web job"),
        ("workflow", "logic app, logic apps, workflow, data factory"),
        ("secrets_store", "key vault, vault, secret, secrets, hsm"),
        ("queue", "queue, service bus, event grid, topic"),
        ("monitoring", "log, logs, logging, monitor, monitoring, insights"),
        ("object_storage", "storage, blob, file, files, bucket"),
        ("database", "database, db, sql, cosmos, nosql, mongodb, postgresql, mysql, table"),
    ];
    table.iter().find(|(_, hints)| words.has_any(hints)).map(|(kind, _)| *kind)
}

/// The kind of a stencil: by its type id, else its type name; `None` for a type this import
/// does not know (the caller falls back on the generic kind, with a note).
pub(super) fn kind_for(type_id: &str, type_name: &str, storage_type: Option<&str>) -> Option<&'static str> {
    kind_by_type_id(type_id, storage_type).or_else(|| kind_by_type_name(type_name))
}

/// The boundary kind a boundary's name, else its stencil type, suggests; `None` when neither
/// says (Cloud account is then used, with a note). Strong words first: "Public Cloud" is a
/// cloud account, "Remote User Zone" the internet.
pub(super) fn boundary_kind_for(name: &str, type_name: &str) -> Option<BoundaryKind> {
    let table: &[(BoundaryKind, &str)] = &[
        (BoundaryKind::Internet, "internet, public network, public internet"),
        (BoundaryKind::ThirdParty, "third party, 3rd party, vendor, partner, provider, supplier, saas, external"),
        (BoundaryKind::CloudAccount, "cloud, azure, aws, gcp, subscription, tenant, service fabric, iaas, paas"),
        (
            BoundaryKind::PrivateNetwork,
            "network, private, internal, intranet, corporate, corpnet, lan, vnet, vpc, subnet, on prem, onprem, \
            datacenter, data center, machine, field gateway",
        ),
        (BoundaryKind::Internet, "public, dmz, remote user, local user, user, client, device, browser, untrusted"),
    ];
    [name, type_name].into_iter().find_map(|said| {
        let words = Words::of(said);
        table.iter().find(|(_, hints)| words.has_any(hints)).map(|(kind, _)| *kind)
    })
}

/// The STRIDE category of a threat category, by name ("Elevation of Privileges") or by the
/// knowledge base's one-letter id ("E").
pub(super) fn stride_for(category: &str) -> Option<Stride> {
    let key: String = category.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    Some(match key.as_str() {
        "spoofing" | "s" => Stride::Spoofing,
        "tampering" | "t" => Stride::Tampering,
        "repudiation" | "r" => Stride::Repudiation,
        "informationdisclosure" | "i" => Stride::InformationDisclosure,
        "denialofservice" | "d" => Stride::DenialOfService,
        "elevationofprivilege" | "elevationofprivileges" | "e" => Stride::ElevationOfPrivilege,
        _ => return None,
    })
}

/// A threat's state in the tool; `None` for one it does not have.
pub(super) fn status_for(state: &str) -> Option<ThreatStatus> {
    let key: String = state.chars().filter(|c| c.is_alphanumeric()).collect::<String>().to_lowercase();
    Some(match key.as_str() {
        // Generated and not looked at yet, or looked at and still to be dealt with.
        "" | "autogenerated" | "notstarted" | "needsinvestigation" => ThreatStatus::Open,
        "mitigated" => ThreatStatus::Mitigated,
        "notapplicable" => ThreatStatus::NotApplicable,
        _ => return None,
    })
}

/// What a priority says about the rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Rating {
    /// Likelihood and impact whose risk on the three-level matrix is the priority, as Threat
    /// Dragon's severities are read.
    Rated(Level, Level),
    Unrated,
    Unknown,
}

pub(super) fn rating_for(priority: &str) -> Rating {
    match priority.trim().to_lowercase().as_str() {
        "low" => Rating::Rated(Level::Low, Level::Low),
        "medium" => Rating::Rated(Level::Medium, Level::Medium),
        "high" => Rating::Rated(Level::Medium, Level::High),
        "critical" => Rating::Rated(Level::High, Level::High),
        "" => Rating::Unrated,
        _ => Rating::Unknown,
    }
}

/// A stencil setting the import does not report: the tool's own bookkeeping, or read
/// elsewhere (name, scope, the storage type that picks the kind).
pub(super) fn is_bookkeeping(label: &str) -> bool {
    matches!(
        label,
        "Name"
            | "Dataflow Order"
            | "Show Boundary Threats"
            | "Out Of Scope"
            | "Reason For Out Of Scope"
            | "Storage Type"
    )
}

/// Yes for "True"/"Yes", No for "False"/"No".
fn yes_no(value: &str) -> Option<Answer> {
    match value.trim().to_lowercase().as_str() {
        "true" | "yes" => Some(Answer::Yes),
        "false" | "no" => Some(Answer::No),
        _ => None,
    }
}

/// The question an element's setting answers, and the answer: "Azure SQL DB TDE Enabled: True"
/// is encrypted at rest. `None` when it answers none.
pub(super) fn element_answer(label: &str, value: &str) -> Option<(&'static str, Answer)> {
    let words = Words::of(label);
    if words.has_any("tde enabled, encrypted, encryption at rest") {
        return yes_no(value).map(|a| ("encrypted_at_rest", a));
    }
    if words.has_any("auditing enabled, audit logging enabled") {
        return yes_no(value).map(|a| ("logs_security_events", a));
    }
    if words.has_any("https enforced") {
        return yes_no(value).map(|a| ("https_only", a));
    }
    if words.has_any("firewall settings, network security") {
        // Only "all networks" says something sure; a list of networks may still be public.
        return (value == "Allow access from all networks").then_some(("internet_facing", Answer::Yes));
    }
    if words.has_any("identity provider") {
        // Azure AD and ADFS check the caller's token; which token check is not said.
        return Some(("authorizer", Answer::choice("unspecified")));
    }
    None
}

/// What a data flow's setting says: (protocol, encrypted, authenticated).
pub(super) enum FlowSetting {
    Protocol(String),
    Encrypted(bool),
    Authenticated(bool),
}

/// A data flow setting of the tool's templates ("Protocol", "Provides Confidentiality",
/// "Authenticates Source", "Encrypted"), if it says one of the things a flow has.
pub(super) fn flow_setting(label: &str, value: &str) -> Option<FlowSetting> {
    let words = Words::of(label);
    let flag = || yes_no(value).map(|a| a == Answer::Yes);
    if words.has_any("protocol") {
        return Some(FlowSetting::Protocol(value.trim().to_owned()));
    }
    if words.has_any("provides confidentiality, encrypted, encryption, https, tls enforced") {
        return flag().map(FlowSetting::Encrypted);
    }
    if words.has_any("authenticates source, authenticated, authentication, authenticates destination") {
        return flag().map(FlowSetting::Authenticated);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KindCatalog;

    #[test]
    fn every_kind_here_exists_and_keeps_the_stride_type() {
        let catalog = KindCatalog::builtin();
        let cases = [
            ("SE.P.TMCore.WebAPI", "Web API", ElementType::Process, "api_gateway"),
            ("SE.EI.TMCore.Mobile", "Mobile Client", ElementType::ExternalEntity, "mobile_app"),
            ("SE.EI.TMCore.Browser", "Browser", ElementType::ExternalEntity, "browser"),
            ("SE.DS.TMCore.AzureSQLDB", "Azure SQL Database", ElementType::DataStore, "database"),
            ("SE.DS.TMCore.AzureKeyVault", "Azure Key Vault", ElementType::DataStore, "secrets_store"),
            ("SE.P.TMCore.AzureAD", "Azure AD", ElementType::Process, "identity_provider"),
            ("SE.P.TMCore.ALA", "Azure Logic Apps", ElementType::Process, "workflow"),
            ("SE.DS.Other.CloudStorage", "Cloud Storage", ElementType::DataStore, "object_storage"),
            ("SE.EI.Other.User", "Human User", ElementType::ExternalEntity, "user"),
        ];
        for (type_id, name, element_type, kind) in cases {
            assert_eq!(kind_for(type_id, name, None), Some(kind), "{type_id}");
            assert_eq!(catalog.kind(kind).map(|k| k.element_type), Some(element_type), "{kind}");
        }
        assert_eq!(kind_for("SE.DS.TMCore.AzureStorage", "Azure Storage", Some("Queue")), Some("queue"));
        assert_eq!(kind_for("SE.P.Custom.Thing", "Widget", None), None);
        for element_type in [ElementType::Process, ElementType::ExternalEntity, ElementType::DataStore] {
            assert_eq!(catalog.kind(generic_kind(element_type)).map(|k| k.element_type), Some(element_type));
        }
    }

    #[test]
    fn boundaries_by_name_then_type() {
        assert_eq!(boundary_kind_for("Internet", "Generic Trust Border Boundary"), Some(BoundaryKind::Internet));
        assert_eq!(boundary_kind_for("Public Cloud", "Azure Trust Boundary"), Some(BoundaryKind::CloudAccount));
        assert_eq!(boundary_kind_for("Zone 3", "Remote User Zone"), Some(BoundaryKind::Internet));
        assert_eq!(boundary_kind_for("Corp network", ""), Some(BoundaryKind::PrivateNetwork));
        assert_eq!(boundary_kind_for("Zone 3", "Generic Trust Border Boundary"), None);
    }

    #[test]
    fn categories_states_and_priorities() {
        assert_eq!(stride_for("Elevation of Privileges"), Some(Stride::ElevationOfPrivilege));
        assert_eq!(stride_for("Information Disclosure"), Some(Stride::InformationDisclosure));
        assert_eq!(stride_for("D"), Some(Stride::DenialOfService));
        assert_eq!(stride_for("Privacy"), None);
        assert_eq!(status_for("AutoGenerated"), Some(ThreatStatus::Open));
        assert_eq!(status_for("NeedsInvestigation"), Some(ThreatStatus::Open));
        assert_eq!(status_for("NotApplicable"), Some(ThreatStatus::NotApplicable));
        assert_eq!(status_for("Postponed"), None);
        assert_eq!(rating_for("High"), Rating::Rated(Level::Medium, Level::High));
        assert_eq!(rating_for("Severe"), Rating::Unknown);
    }
}
