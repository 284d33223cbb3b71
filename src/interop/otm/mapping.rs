//! The words of OTM and ThreatSketch side by side: component types and kinds, trust zones and
//! boundary kinds, STRIDE category names, threat and mitigation states, and ratings.

use crate::model::{BoundaryKind, Level, Scale, Stride, ThreatStatus};

/// Words of a component type (StartLeft / IriusRisk ids such as "aws-lambda-function" or
/// "CD-MICROSOFT-AZURE-DB-POSTGRESQL") or of a name, and the kind they stand for; the first
/// rule whose every word begins one of the text's words wins, so specific rules come first.
const RULES: &[(&[&str], &str)] = &[
    (&["android"], "mobile_app"),
    (&["ios"], "mobile_app"),
    (&["mobile"], "mobile_app"),
    (&["web", "client"], "browser"),
    (&["browser"], "browser"),
    (&["frontend"], "browser"),
    (&["step", "function"], "workflow"),
    (&["lambda"], "function"),
    (&["function"], "function"),
    (&["api", "gateway"], "api_gateway"),
    (&["apigateway"], "api_gateway"),
    (&["api", "management"], "api_gateway"),
    (&["gateway"], "api_gateway"),
    (&["cloudfront"], "cdn"),
    (&["cdn"], "cdn"),
    (&["front", "door"], "cdn"),
    (&["cognito"], "identity_provider"),
    (&["identity"], "identity_provider"),
    (&["active", "directory"], "identity_provider"),
    (&["auth"], "identity_provider"),
    (&["okta"], "identity_provider"),
    (&["login"], "identity_provider"),
    (&["workflow"], "workflow"),
    (&["logic", "app"], "workflow"),
    (&["secret"], "secrets_store"),
    (&["vault"], "secrets_store"),
    (&["kms"], "secrets_store"),
    (&["cloudwatch"], "monitoring"),
    (&["cloudtrail"], "monitoring"),
    (&["log"], "monitoring"),
    (&["monitor"], "monitoring"),
    (&["audit"], "monitoring"),
    (&["sqs"], "queue"),
    (&["sns"], "queue"),
    (&["kinesis"], "queue"),
    (&["eventbridge"], "queue"),
    (&["event", "hub"], "queue"),
    (&["service", "bus"], "queue"),
    (&["kafka"], "queue"),
    (&["queue"], "queue"),
    (&["topic"], "queue"),
    (&["s3"], "object_storage"),
    (&["blob"], "object_storage"),
    (&["bucket"], "object_storage"),
    (&["storage"], "object_storage"),
    (&["files"], "object_storage"),
    (&["dynamo"], "database"),
    (&["postgres"], "database"),
    (&["mysql"], "database"),
    (&["sql"], "database"),
    (&["rds"], "database"),
    (&["aurora"], "database"),
    (&["mongo"], "database"),
    (&["cosmos"], "database"),
    (&["redis"], "database"),
    (&["database"], "database"),
    (&["db"], "database"),
    (&["table"], "database"),
    (&["third", "party"], "third_party"),
    (&["partner"], "third_party"),
    (&["stripe"], "third_party"),
    (&["schedule"], "scheduled_trigger"),
    (&["cron"], "scheduled_trigger"),
    (&["api"], "api_gateway"),
    (&["user"], "user"),
    (&["customer"], "user"),
    (&["admin"], "user"),
    (&["client"], "user"),
];

/// The kind the words of `text` name, if any rule matches.
pub(super) fn kind_from_words(text: &str) -> Option<&'static str> {
    let words: Vec<String> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    RULES
        .iter()
        .find(|(needed, _)| needed.iter().all(|n| words.iter().any(|w| w.starts_with(n))))
        .map(|(_, kind)| *kind)
}

/// The StartLeft / IriusRisk type written for a kind: the one its import maps from AWS, where
/// there is one (ThreatSketch models serverless apps on AWS), a generic one otherwise.
pub(super) fn otm_type(kind: &str) -> &'static str {
    match kind {
        "user" | "mobile_app" | "external_entity" => "generic-client",
        "browser" => "web-client",
        "cdn" => "cf-cloudfront",
        "api_gateway" => "api-gateway",
        "identity_provider" => "cognito",
        "function" => "aws-lambda-function",
        "database" => "dynamodb",
        "object_storage" => "s3",
        "queue" => "sqs-simple-queue-service",
        "workflow" => "step-functions",
        "secrets_store" => "CD-SECRETS-MANAGER",
        "monitoring" => "cloudwatch",
        _ => "empty-component",
    }
}

/// A trust zone's boundary kind by its name or type, and whether it was only a default.
pub(super) fn boundary_kind(name: &str, zone_type: &str) -> (BoundaryKind, bool) {
    let text = format!("{name} {zone_type}").to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    if has(&["third", "partner", "vendor", "external", "saas"]) {
        (BoundaryKind::ThirdParty, false)
    } else if has(&["internet", "public-network", "dmz"]) || (has(&["public"]) && !has(&["cloud"])) {
        (BoundaryKind::Internet, false)
    } else if has(&["private", "vpc", "vnet", "network", "intranet", "on-prem", "corporate", "subnet"]) {
        (BoundaryKind::PrivateNetwork, false)
    } else if has(&["cloud", "aws", "azure", "gcp", "account", "region"]) {
        (BoundaryKind::CloudAccount, false)
    } else {
        (BoundaryKind::CloudAccount, true)
    }
}

/// The trust zone type written for a boundary kind.
pub(super) fn zone_type(kind: BoundaryKind) -> &'static str {
    match kind {
        BoundaryKind::Internet => "internet",
        BoundaryKind::CloudAccount => "cloud-account",
        BoundaryKind::PrivateNetwork => "private-network",
        BoundaryKind::ThirdParty => "third-party",
    }
}

/// OTM's trust rating (0 = no trust, 100 = full), as IriusRisk rates its own zones: Internet 1,
/// Public Cloud 60, Private Secured 100.
pub(super) fn trust_rating(kind: BoundaryKind) -> u32 {
    match kind {
        BoundaryKind::Internet => 1,
        BoundaryKind::ThirdParty => 30,
        BoundaryKind::CloudAccount => 60,
        BoundaryKind::PrivateNetwork => 100,
    }
}

/// A STRIDE category by its name in OTM files ("Elevation of Privileges", "information
/// disclosure", "DenialOfService").
pub(super) fn stride(category: &str) -> Option<Stride> {
    let squeezed: String = category.chars().filter(char::is_ascii_alphabetic).collect::<String>().to_ascii_lowercase();
    Some(match squeezed.as_str() {
        "spoofing" => Stride::Spoofing,
        "tampering" => Stride::Tampering,
        "repudiation" => Stride::Repudiation,
        "informationdisclosure" => Stride::InformationDisclosure,
        "denialofservice" => Stride::DenialOfService,
        "elevationofprivilege" | "elevationofprivileges" => Stride::ElevationOfPrivilege,
        _ => return None,
    })
}

/// The category as OTM files from IriusRisk's tools write it.
pub(super) fn stride_name(stride: Stride) -> &'static str {
    match stride {
        Stride::Spoofing => "Spoofing",
        Stride::Tampering => "Tampering",
        Stride::Repudiation => "Repudiation",
        Stride::InformationDisclosure => "Information Disclosure",
        Stride::DenialOfService => "Denial of Service",
        Stride::ElevationOfPrivilege => "Elevation of Privilege",
    }
}

/// A threat state as ThreatSketch writes it.
pub(super) fn state(status: ThreatStatus) -> &'static str {
    match status {
        ThreatStatus::Open => "exposed",
        ThreatStatus::InProgress => "partly-mitigated",
        ThreatStatus::Mitigated => "mitigated",
        ThreatStatus::Accepted => "accepted",
        ThreatStatus::Transferred => "transferred",
        ThreatStatus::NotApplicable => "not-applicable",
    }
}

/// A threat state as read: OTM leaves the words to each tool (the specification's "exposed",
/// IriusRisk's "expose" or "mitigate", StartLeft's "AutoGenerated"). None for a word not known.
pub(super) fn status(state: &str) -> Option<ThreatStatus> {
    let squeezed: String = state.chars().filter(char::is_ascii_alphabetic).collect::<String>().to_ascii_lowercase();
    Some(match squeezed.as_str() {
        "" | "exposed" | "expose" | "open" | "new" | "autogenerated" | "identified" | "required" | "recommended" => {
            ThreatStatus::Open
        }
        "partlymitigated" | "partlymitigate" | "partiallymitigated" | "inprogress" => ThreatStatus::InProgress,
        "mitigated" | "mitigate" | "closed" | "fixed" | "implemented" => ThreatStatus::Mitigated,
        "accepted" | "accept" => ThreatStatus::Accepted,
        "transferred" | "transfer" => ThreatStatus::Transferred,
        "notapplicable" | "na" | "hidden" => ThreatStatus::NotApplicable,
        _ => return None,
    })
}

/// Whether a mitigation state says the mitigation is in place.
pub(super) fn implemented(state: &str) -> bool {
    state.trim().eq_ignore_ascii_case("implemented")
}

/// A level as OTM's 0–100: the middle of its fifth.
pub(super) fn percent(level: Level) -> u32 {
    match level {
        Level::VeryLow => 10,
        Level::Low => 30,
        Level::Medium => 50,
        Level::High => 70,
        Level::VeryHigh => 90,
    }
}

/// OTM's 0–100 on the model's scale: thirds on three levels, fifths on five.
pub(super) fn level(percent: f64, scale: Scale) -> Level {
    let levels = scale.levels();
    let last = levels.len().saturating_sub(1);
    let share = (percent.clamp(0.0, 100.0) / 100.0 * levels.len() as f64).floor();
    // A share from 0 to the number of levels: 100 is the top level, not one past it.
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let index = (share as usize).min(last);
    levels.get(index).copied().unwrap_or(Level::Medium)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_of_the_samples_and_of_startleft_map_to_kinds() {
        for (text, kind) in [
            ("aws-lambda-function", "function"),
            ("CD-MICROSOFT-AZURE-DB-POSTGRESQL", "database"),
            ("android-device-client", "mobile_app"),
            ("azure-storage", "object_storage"),
            ("dynamodb", "database"),
            ("web-client", "browser"),
            ("generic-client", "user"),
            ("sqs-simple-queue-service", "queue"),
            ("cf-cloudfront", "cdn"),
            ("CD-SECRETS-MANAGER", "secrets_store"),
            ("step-functions", "workflow"),
            ("postgresql", "database"),
        ] {
            assert_eq!(kind_from_words(text), Some(kind), "{text}");
        }
        assert_eq!(kind_from_words("web-service"), None);
        assert_eq!(kind_from_words("empty-component"), None);
        assert_eq!(kind_from_words("Public API v2"), Some("api_gateway"));
    }

    #[test]
    fn every_kind_written_comes_back_from_its_type_or_is_generic() {
        for kind in ["function", "database", "object_storage", "queue", "cdn", "api_gateway", "browser", "workflow"] {
            assert_eq!(kind_from_words(otm_type(kind)), Some(kind), "{kind}");
        }
    }

    #[test]
    fn zones_by_name() {
        assert_eq!(boundary_kind("Internet", ""), (BoundaryKind::Internet, false));
        assert_eq!(boundary_kind("Public", ""), (BoundaryKind::Internet, false));
        assert_eq!(boundary_kind("Public Cloud", ""), (BoundaryKind::CloudAccount, false));
        assert_eq!(boundary_kind("Private Secured", ""), (BoundaryKind::PrivateNetwork, false));
        assert_eq!(boundary_kind("Sandbox environment", ""), (BoundaryKind::CloudAccount, true));
    }

    #[test]
    fn levels_go_to_percent_and_back_on_both_scales() {
        for scale in Scale::ALL {
            for &l in scale.levels() {
                assert_eq!(level(f64::from(percent(l)), scale), l);
            }
        }
        assert_eq!(level(100.0, Scale::ThreeLevels), Level::High);
        assert_eq!(level(0.0, Scale::FiveLevels), Level::VeryLow);
        assert_eq!(level(-5.0, Scale::ThreeLevels), Level::Low);
    }

    #[test]
    fn categories_and_states() {
        assert_eq!(stride("Elevation of Privileges"), Some(Stride::ElevationOfPrivilege));
        assert_eq!(stride("Information Disclosure"), Some(Stride::InformationDisclosure));
        assert_eq!(stride("CWE-79"), None);
        for s in ThreatStatus::ALL {
            assert_eq!(status(state(s)), Some(s));
        }
        assert_eq!(status("AutoGenerated"), Some(ThreatStatus::Open));
        assert_eq!(status("whatever"), None);
    }
}
