//! The words threats are described in: STRIDE, the seed guide's risk categories and mitigation
//! families, and the Low / Medium / High scale. Shared by the model (decisions) and the engine.

use serde::{Deserialize, Serialize};

/// The six STRIDE categories.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Stride {
    Spoofing,
    Tampering,
    Repudiation,
    InformationDisclosure,
    DenialOfService,
    ElevationOfPrivilege,
}

impl Stride {
    pub const ALL: [Self; 6] = [
        Self::Spoofing,
        Self::Tampering,
        Self::Repudiation,
        Self::InformationDisclosure,
        Self::DenialOfService,
        Self::ElevationOfPrivilege,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Spoofing => "Spoofing",
            Self::Tampering => "Tampering",
            Self::Repudiation => "Repudiation",
            Self::InformationDisclosure => "Information disclosure",
            Self::DenialOfService => "Denial of service",
            Self::ElevationOfPrivilege => "Elevation of privilege",
        }
    }

    /// The question a non-specialist can ask about this category.
    pub fn plain(self) -> &'static str {
        match self {
            Self::Spoofing => "Could someone pretend to be someone else?",
            Self::Tampering => "Could someone change data or code they should not?",
            Self::Repudiation => "Could someone deny having done something?",
            Self::InformationDisclosure => "Could data leak to people who should not see it?",
            Self::DenialOfService => "Could someone stop it working, or run up the bill?",
            Self::ElevationOfPrivilege => "Could someone gain rights they should not have?",
        }
    }
}

/// The seed guide's five kinds of serverless risk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum SeedCategory {
    UnauthorizedAccess,
    DataBreach,
    CodeInjection,
    DenialOfService,
    Misconfiguration,
}

impl SeedCategory {
    pub const ALL: [Self; 5] = [
        Self::UnauthorizedAccess,
        Self::DataBreach,
        Self::CodeInjection,
        Self::DenialOfService,
        Self::Misconfiguration,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::UnauthorizedAccess => "Unauthorized access",
            Self::DataBreach => "Data breach",
            Self::CodeInjection => "Code injection",
            Self::DenialOfService => "Denial of service",
            Self::Misconfiguration => "Misconfiguration",
        }
    }
}

/// The seed guide's six mitigation families.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum MitigationFamily {
    LeastPrivilege,
    InputValidation,
    Encryption,
    SecureConfiguration,
    MonitoringAndLogging,
    VendorSecurity,
}

impl MitigationFamily {
    pub const ALL: [Self; 6] = [
        Self::LeastPrivilege,
        Self::InputValidation,
        Self::Encryption,
        Self::SecureConfiguration,
        Self::MonitoringAndLogging,
        Self::VendorSecurity,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::LeastPrivilege => "Least privilege",
            Self::InputValidation => "Input validation",
            Self::Encryption => "Encryption",
            Self::SecureConfiguration => "Secure configuration",
            Self::MonitoringAndLogging => "Monitoring & logging",
            Self::VendorSecurity => "Vendor security",
        }
    }
}

/// Low / Medium / High, the seed's three-level scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Level {
    Low,
    Medium,
    High,
}

impl Level {
    pub fn raised(self) -> Self {
        match self {
            Self::Low => Self::Medium,
            Self::Medium | Self::High => Self::High,
        }
    }

    pub fn lowered(self) -> Self {
        match self {
            Self::High => Self::Medium,
            Self::Medium | Self::Low => Self::Low,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
        }
    }
}

/// Who the rule's question is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum AskWhom {
    Developer,
    CloudProvider,
    Vendor,
}

/// A regulation the app falls under. Each protects a kind of data; threats to that data get a
/// higher impact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Compliance {
    PciDss,
    Hipaa,
    Gdpr,
}

impl Compliance {
    pub const ALL: [Self; 3] = [Self::PciDss, Self::Hipaa, Self::Gdpr];

    pub fn label(self) -> &'static str {
        match self {
            Self::PciDss => "PCI DSS (payment cards)",
            Self::Hipaa => "HIPAA (health data)",
            Self::Gdpr => "GDPR (personal data of people in the EU)",
        }
    }

    /// The data this regulation protects.
    pub fn protects(self) -> super::DataClass {
        match self {
            Self::PciDss => super::DataClass::PaymentCard,
            Self::Hipaa => super::DataClass::Health,
            Self::Gdpr => super::DataClass::PersonalData,
        }
    }

    pub fn short_name(self) -> &'static str {
        match self {
            Self::PciDss => "PCI DSS",
            Self::Hipaa => "HIPAA",
            Self::Gdpr => "GDPR",
        }
    }
}
