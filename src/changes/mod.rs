//! What changed between two versions of a model, as people reviewing it ask: parts added,
//! removed, renamed, re-pointed, moved into or out of a boundary; answers with their old and
//! new values; decisions; the user's own threats; settings. Identity is the stable id, so a
//! rename is a rename. Layout-only changes are counted, not listed. The consequence (threats
//! that appeared or went, risk that moved) comes from running the engine on both sides. One
//! function for the command line, git and the window.

mod consequences;
mod decisions;
mod merge;
mod parts;
mod since;
mod words;

use serde::Serialize;

use crate::model::ThreatModel;

pub use consequences::{Consequences, RatedThreat, Rerated, consequences};
pub use merge::{Merged, merge, resolve};
pub use since::{ChangeSection, ChangesSince, Mark, RemovedPart, reviewed_state, since_file, since_review};
pub use words::{describe, describe_consequences};

/// Every meaningful change from one model to another, in model order.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct ModelDiff {
    pub settings: Vec<SettingChange>,
    pub elements: Vec<PartChange>,
    pub flows: Vec<PartChange>,
    pub boundaries: Vec<PartChange>,
    pub decisions: Vec<DecisionChange>,
    pub own_threats: Vec<PartChange>,
    /// Elements and boundaries only moved or resized on the canvas.
    pub moved: usize,
}

impl ModelDiff {
    /// Nothing a reviewer would care about changed (moves on the canvas do not count).
    pub fn is_empty(&self) -> bool {
        self.settings.is_empty()
            && self.elements.is_empty()
            && self.flows.is_empty()
            && self.boundaries.is_empty()
            && self.decisions.is_empty()
            && self.own_threats.is_empty()
    }
}

/// A part (element, flow, boundary, own threat) added, removed or changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum PartChange {
    Added { id: String, name: String },
    Removed { id: String, name: String },
    Changed { id: String, name: String, details: Vec<Detail> },
}

impl PartChange {
    pub fn id(&self) -> &str {
        match self {
            Self::Added { id, .. } | Self::Removed { id, .. } | Self::Changed { id, .. } => id,
        }
    }
}

/// One change to a part that is still there.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum Detail {
    Renamed {
        from: String,
        to: String,
    },
    Kind {
        from: String,
        to: String,
    },
    Description,
    Critical {
        now: bool,
    },
    /// A question's answer: its label, and the old and new answers in words (None: unknown).
    Answer {
        question: String,
        before: Option<String>,
        after: Option<String>,
    },
    /// An element that is now in other boundaries (names).
    Boundaries {
        left: Vec<String>,
        entered: Vec<String>,
    },
    /// A flow that now goes between other elements (names).
    Repointed {
        before: (String, String),
        after: (String, String),
    },
    /// A flow's protocol, encryption, sign-in or data.
    FlowSetting {
        setting: String,
        before: String,
        after: String,
    },
    /// An own threat's wording or STRIDE category.
    Wording,
    /// An own threat now on another element or flow (ids).
    Target {
        before: String,
        after: String,
    },
}

/// A decision on a threat made, changed or dropped: the fields that differ, each in words.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DecisionChange {
    /// `rule@target`: where the decision is stored.
    pub key: String,
    pub fields: Vec<FieldChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

/// A model-wide setting: name, description, scale, compliance, the next review.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SettingChange {
    pub setting: String,
    pub before: String,
    pub after: String,
}

/// The changes from `before` to `after`. Linear in the models' size.
pub fn diff(before: &ThreatModel, after: &ThreatModel) -> ModelDiff {
    let (elements, element_moves) = parts::elements(before, after);
    let (boundaries, boundary_moves) = parts::boundaries(before, after);
    ModelDiff {
        settings: decisions::settings(before, after),
        elements,
        flows: parts::flows(before, after),
        boundaries,
        decisions: decisions::decisions(before, after),
        own_threats: decisions::own_threats(before, after),
        moved: element_moves + boundary_moves,
    }
}

#[cfg(test)]
mod since_tests;
#[cfg(test)]
mod tests;
