//! Stable identifiers. They are strings in the file ("e3", or a UUID from an import), never a
//! graph index, so that threat decisions keyed by them survive any edit.

use std::fmt;

use serde::{Deserialize, Serialize};

macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $prefix:literal) => {
        $(#[$doc])*
        #[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub String);

        impl $name {
            /// The prefix of generated ids of this type.
            pub const PREFIX: &'static str = $prefix;

            pub fn new(id: impl Into<String>) -> Self {
                Self(id.into())
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The first generated id (`prefix` + number) not in `taken`.
            pub fn next_free<'a>(taken: impl IntoIterator<Item = &'a Self>) -> Self {
                let highest = taken
                    .into_iter()
                    .filter_map(|id| id.0.strip_prefix($prefix)?.parse::<u64>().ok())
                    .max()
                    .unwrap_or(0);
                Self(format!("{}{}", $prefix, highest + 1))
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

string_id!(
    /// Identifies an element (a box on the canvas).
    ElementId,
    "e"
);
string_id!(
    /// Identifies a data flow (an arrow).
    FlowId,
    "f"
);
string_id!(
    /// Identifies a trust boundary.
    BoundaryId,
    "b"
);

/// Anything on the canvas a user can select, rename or delete.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    Element(ElementId),
    Flow(FlowId),
    Boundary(BoundaryId),
}

impl Target {
    /// The id of whatever it is, as stored in the file.
    pub fn id(&self) -> &str {
        match self {
            Self::Element(id) => id.as_str(),
            Self::Flow(id) => id.as_str(),
            Self::Boundary(id) => id.as_str(),
        }
    }
}

/// Where a decision about a threat is stored: `origin@target`, the rule (or own threat) and
/// the element or flow it is about. Rule and own-threat ids never contain '@'; a target id
/// from an import might, so a key splits at the first '@'.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ThreatKey<'a> {
    pub origin: &'a str,
    pub target: &'a str,
}

impl<'a> ThreatKey<'a> {
    pub fn new(origin: &'a str, target: &'a str) -> Self {
        Self { origin, target }
    }

    pub fn parse(key: &'a str) -> Option<Self> {
        let (origin, target) = key.split_once('@')?;
        Some(Self { origin, target })
    }

    /// Whether `key` is this key, without building a string.
    pub fn is(&self, key: &str) -> bool {
        ThreatKey::parse(key).is_some_and(|other| other.origin == self.origin && other.target == self.target)
    }
}

impl fmt::Display for ThreatKey<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.origin, self.target)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Element(id) => write!(f, "element {id}"),
            Self::Flow(id) => write!(f, "flow {id}"),
            Self::Boundary(id) => write!(f, "boundary {id}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_threat_key_splits_at_the_first_at_sign() {
        let key = ThreatKey::parse("api-without-authorizer@e2").unwrap();
        assert_eq!((key.origin, key.target), ("api-without-authorizer", "e2"));
        assert_eq!(key.to_string(), "api-without-authorizer@e2");
        let odd = ThreatKey::parse("rule@user@example").unwrap();
        assert_eq!((odd.origin, odd.target), ("rule", "user@example"));
        assert!(ThreatKey::new("rule", "e1").is("rule@e1") && !ThreatKey::new("rule", "e1").is("rule@e10"));
        assert!(ThreatKey::parse("no-target").is_none());
    }

    #[test]
    fn next_free_skips_taken_and_foreign_ids() {
        let taken = [ElementId::new("e1"), ElementId::new("e7"), ElementId::new("6f1c-uuid")];
        assert_eq!(ElementId::next_free(&taken), ElementId::new("e8"));
        assert_eq!(FlowId::next_free(&[]), FlowId::new("f1"));
    }
}
