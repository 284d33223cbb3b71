//! A merge conflict kept in the model: both branches changed the same thing differently, or
//! one deleted what the other changed. The merged model holds our side; the conflict keeps
//! theirs, so nothing is lost until someone chooses (keep mine, take theirs). Values are JSON
//! text of the part or field, readable and exact.

use serde::{Deserialize, Serialize};

use super::Point;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum ConflictPart {
    Element,
    Flow,
    Boundary,
    Decision,
    OwnThreat,
    Setting,
}

impl ConflictPart {
    pub fn label(self) -> &'static str {
        match self {
            Self::Element => "Element",
            Self::Flow => "Flow",
            Self::Boundary => "Boundary",
            Self::Decision => "Decision",
            Self::OwnThreat => "Own threat",
            Self::Setting => "Setting",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Conflict {
    pub part: ConflictPart,
    /// The part's id, a decision's key; empty for a setting.
    pub id: String,
    /// The field, dotted for a nested one (`properties.authorizer`); empty when one side
    /// deleted the whole part.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub field: String,
    /// For people: "Element Checkout: name".
    pub about: String,
    /// Our value as JSON; none when we deleted it (or never had it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ours: Option<String>,
    /// Their value as JSON; none when they deleted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theirs: Option<String>,
    /// Where their element sat, to put it back there if theirs is taken.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub theirs_at: Option<Point>,
}
