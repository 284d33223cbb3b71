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
    /// The seed category a threat of this STRIDE category most often belongs to: the choice
    /// for threats the user adds by hand or imports.
    pub fn seed_category(self) -> SeedCategory {
        match self {
            Self::Spoofing | Self::ElevationOfPrivilege => SeedCategory::UnauthorizedAccess,
            Self::Tampering => SeedCategory::CodeInjection,
            Self::InformationDisclosure => SeedCategory::DataBreach,
            Self::DenialOfService => SeedCategory::DenialOfService,
            Self::Repudiation => SeedCategory::Misconfiguration,
        }
    }

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

/// How likely or how bad. The seed's scale uses Low, Medium and High; the five-level scale
/// (NIST SP 800-30 style) adds Very low and Very high.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
pub enum Level {
    VeryLow,
    Low,
    Medium,
    High,
    VeryHigh,
}

impl Level {
    pub fn label(self) -> &'static str {
        match self {
            Self::VeryLow => "Very low",
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
            Self::VeryHigh => "Very high",
        }
    }
}

/// The rating scale of a model: a model setting.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
pub enum Scale {
    /// Low, Medium, High: the seed guide's scale.
    #[default]
    ThreeLevels,
    /// Very low to Very high, as NIST SP 800-30.
    FiveLevels,
}

impl Scale {
    pub const ALL: [Self; 2] = [Self::ThreeLevels, Self::FiveLevels];

    pub fn label(self) -> &'static str {
        match self {
            Self::ThreeLevels => "Low / Medium / High",
            Self::FiveLevels => "Five levels (NIST SP 800-30)",
        }
    }

    /// The levels of the scale, low to high.
    pub fn levels(self) -> &'static [Level] {
        match self {
            Self::ThreeLevels => &[Level::Low, Level::Medium, Level::High],
            Self::FiveLevels => &[Level::VeryLow, Level::Low, Level::Medium, Level::High, Level::VeryHigh],
        }
    }

    /// The nearest level of this scale: on three levels, Very low counts as Low and Very high
    /// as High; every level is on the five-level scale.
    pub fn fit(self, level: Level) -> Level {
        match (self, level) {
            (Self::ThreeLevels, Level::VeryLow) => Level::Low,
            (Self::ThreeLevels, Level::VeryHigh) => Level::High,
            _ => level,
        }
    }

    /// Where a level sits on the scale, from 0.
    pub fn index(self, level: Level) -> usize {
        let fitted = self.fit(level);
        self.levels().iter().position(|l| *l == fitted).unwrap_or(0)
    }

    /// `steps` levels up (or down, when negative), stopping at the ends of the scale.
    pub fn step(self, level: Level, steps: i8) -> Level {
        let levels = self.levels();
        let index = (self.index(level) as i32 + i32::from(steps)).clamp(0, levels.len() as i32 - 1);
        levels[index as usize]
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
