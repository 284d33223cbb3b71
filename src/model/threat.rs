//! What the user decided about threats: stored in the model under each suggestion's key
//! (`rule_id@target_id`), so re-analysis after any edit keeps them. Suggestions themselves are
//! never stored: they are recomputed from the catalogue.

use serde::{Deserialize, Serialize};

use std::collections::BTreeSet;

use super::{Level, MitigationFamily, SeedCategory, Stride};

/// Where a threat stands.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ThreatStatus {
    /// To be dealt with: every suggestion starts here.
    #[default]
    Open,
    InProgress,
    Mitigated,
    /// The risk is knowingly accepted (needs a reason).
    Accepted,
    /// Someone else carries the risk, e.g. by contract or insurance.
    Transferred,
    /// Does not apply to this app (needs a reason).
    NotApplicable,
}

impl ThreatStatus {
    pub const ALL: [Self; 6] =
        [Self::Open, Self::InProgress, Self::Mitigated, Self::Accepted, Self::Transferred, Self::NotApplicable];

    pub fn label(self) -> &'static str {
        match self {
            Self::Open => "Open",
            Self::InProgress => "In progress",
            Self::Mitigated => "Mitigated",
            Self::Accepted => "Accepted",
            Self::Transferred => "Transferred",
            Self::NotApplicable => "Not applicable",
        }
    }

    /// Still needs attention.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Open | Self::InProgress)
    }

    /// Still a risk once every plan is carried out: what the matrix after mitigation counts,
    /// each at its rating after mitigation. A mitigated threat keeps what is left of it, an
    /// accepted one all of it.
    pub fn remains_after_mitigation(self) -> bool {
        matches!(self, Self::Open | Self::InProgress | Self::Mitigated | Self::Accepted)
    }

    pub fn needs_reason(self) -> bool {
        matches!(self, Self::Accepted | Self::NotApplicable)
    }
}

/// The user's decision about one suggested threat. A suggestion without one is open.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    #[serde(default)]
    pub status: ThreatStatus,
    /// Why it does not apply or is accepted.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
    /// The user's own wording of the title, replacing the catalogue's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub notes: String,
    /// The user's own rating; it always wins over the catalogue's and is shown as theirs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub likelihood: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub impact: Option<Level>,
    /// The rating once the chosen mitigations are in place; the current one until set.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual_likelihood: Option<Level>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residual_impact: Option<Level>,
    /// Who is on it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub owner: String,
    /// When it should be done, YYYY-MM-DD.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub due: String,
    /// The mitigation families chosen to deal with it.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub mitigations: BTreeSet<MitigationFamily>,
    /// The guided workshop's Identify step kept it ("it could happen here"): it has been seen,
    /// so a resumed workshop goes on with the next suggestion.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub kept: bool,
}

impl Decision {
    /// A decision that says nothing beyond the defaults need not be stored.
    pub fn is_default(&self) -> bool {
        self == &Self::default()
    }
}

/// A threat the user added to an element or flow by hand.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OwnThreat {
    /// "own-1", unique in the model; its key is `own-1@target`.
    pub id: String,
    /// Id of the element, flow or boundary it is about.
    pub target: String,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    pub stride: Stride,
    pub category: SeedCategory,
}

impl super::ThreatModel {
    /// A threat of the user's own on an element or flow, with the next free `own-N` id and the
    /// seed category its STRIDE category stands for.
    pub fn new_own_threat(&self, target: &super::Target, title: &str, stride: Stride) -> OwnThreat {
        let highest =
            self.own_threats.iter().filter_map(|t| t.id.strip_prefix("own-")?.parse::<u64>().ok()).max().unwrap_or(0);
        OwnThreat {
            id: format!("own-{}", highest + 1),
            target: target.id().to_owned(),
            title: title.trim().to_owned(),
            description: String::new(),
            stride,
            category: stride.seed_category(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ElementId, Target, ThreatModel};

    #[test]
    fn an_own_threat_gets_the_next_free_id_and_its_seed_category() {
        let mut model = ThreatModel::new("own");
        let target = Target::Element(ElementId::new("e3"));
        let first = model.new_own_threat(&target, "  Refund abuse ", Stride::Tampering);
        assert_eq!((first.id.as_str(), first.target.as_str(), first.title.as_str()), ("own-1", "e3", "Refund abuse"));
        assert_eq!(first.category, Stride::Tampering.seed_category());
        model.own_threats.push(first);
        model.own_threats.push(OwnThreat { id: "own-7".into(), ..model.own_threats[0].clone() });
        assert_eq!(model.new_own_threat(&target, "Next", Stride::Spoofing).id, "own-8");
    }
}
