//! The sources rules cite (assets/references.ron), each with the edition the catalogue was
//! checked against, so "CWE:20" reads as "MITRE Common Weakness Enumeration 4.17: 20".

use std::sync::OnceLock;

use serde::Deserialize;

/// One cited source.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// What rules write before the colon: "CWE", "OWASP-SLS".
    pub id: String,
    pub name: String,
    /// The edition checked: "4.17", "2018", "4.0.1".
    pub version: String,
    /// Where to read it; `{item}` stands for the cited item.
    pub url: String,
    /// What a dot in an item becomes in the address (ATT&CK's T1496.003 lives at T1496/003).
    #[serde(default)]
    pub dot_in_url: Option<String>,
}

/// The registry as shipped.
pub const BUILTIN_REFERENCES_RON: &str = include_str!("../../assets/references.ron");

pub fn parse_sources(text: &str) -> Result<Vec<Source>, ron::error::SpannedError> {
    ron::from_str(text)
}

/// The built-in sources; a test proves they parse.
pub fn sources() -> &'static [Source] {
    static SOURCES: OnceLock<Vec<Source>> = OnceLock::new();
    SOURCES.get_or_init(|| {
        parse_sources(BUILTIN_REFERENCES_RON).unwrap_or_else(|err| {
            log::error!("built-in reference list is broken: {err}");
            Vec::new()
        })
    })
}

/// A citation split into its source and item: "PCI-DSS:3.5.1" → (PCI DSS, "3.5.1").
pub fn cite(reference: &str) -> Option<(&'static Source, &str)> {
    let (source, item) = reference.split_once(':')?;
    let item = item.trim();
    let source = sources().iter().find(|s| s.id == source.trim())?;
    (!item.is_empty()).then_some((source, item))
}

/// A citation for people: "PCI DSS 4.0.1, 3.5.1". Unknown sources (a user's own rules may
/// cite anything) read as written.
pub fn describe(reference: &str) -> String {
    match cite(reference) {
        Some((source, item)) => format!("{} {}, {item}", source.name, source.version),
        None => reference.to_owned(),
    }
}

/// Where to read a citation, when its source says.
pub fn link(reference: &str) -> Option<String> {
    let (source, item) = cite(reference)?;
    let item = match &source.dot_in_url {
        Some(dot) => item.replace('.', dot),
        None => item.to_owned(),
    };
    Some(source.url.replace("{item}", &item))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registry_parses_with_a_version_for_every_source() {
        let sources = parse_sources(BUILTIN_REFERENCES_RON).unwrap_or_else(|e| panic!("references.ron: {e}"));
        assert!(!sources.is_empty());
        for source in &sources {
            assert!(!source.version.trim().is_empty(), "{} has no version", source.id);
            assert!(source.url.starts_with("https://"), "{} has no address", source.id);
        }
    }

    #[test]
    fn citations_read_with_their_edition() {
        assert_eq!(describe("CWE:20"), "MITRE Common Weakness Enumeration 4.17, 20");
        assert_eq!(link("CWE:20").as_deref(), Some("https://cwe.mitre.org/data/definitions/20.html"));
        assert_eq!(link("ATTACK:T1496.003").as_deref(), Some("https://attack.mitre.org/techniques/T1496/003/"));
        assert_eq!(describe("My team's wiki"), "My team's wiki");
        assert!(cite("CWE:").is_none() && cite("NOPE:1").is_none());
    }
}
