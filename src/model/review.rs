//! Review regularly: the next review date and what past reviews found.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Point, add_days, is_iso_date};

/// How far ahead the next review goes: a quarter.
pub const REVIEW_INTERVAL_DAYS: i64 = 91;

/// One review that took place.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewEntry {
    /// YYYY-MM-DD.
    pub date: String,
    pub who: String,
    pub summary: String,
}

/// The review schedule of a model.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// When the model should next be reviewed, YYYY-MM-DD; empty when not planned.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub next: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<ReviewEntry>,
    /// What the model was when the last review was logged, so the window and the report can
    /// say what changed since: see `changes::since_review`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reviewed: Option<ReviewedState>,
}

/// The state a review saw, compactly: each part's name and a fingerprint of everything about
/// it except its place on the canvas, and each threat's standing ("High", "Medium, Mitigated").
/// Enough to tell what was added, changed or removed and which threats are new, gone or
/// re-rated, in a few lines per part instead of a copy of the model.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewedState {
    /// YYYY-MM-DD of the review.
    pub date: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub elements: BTreeMap<String, PartPrint>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub flows: BTreeMap<String, PartPrint>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub boundaries: BTreeMap<String, PartPrint>,
    /// Where each element's card was, so one that went can be shown where it stood.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub places: BTreeMap<String, Point>,
    /// Own threats by id, so one that went can still be named.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub own_threats: BTreeMap<String, PartPrint>,
    /// Every threat of the analysis by key (`rule@target`), with its standing.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub threats: BTreeMap<String, String>,
}

/// A part as a review saw it: its name and a fingerprint (FNV-1a of its content as JSON).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartPrint(pub String, pub u64);

impl Review {
    pub fn is_empty(&self) -> bool {
        self == &Self::default()
    }

    /// True when the planned review date is before `today` (both YYYY-MM-DD).
    pub fn is_overdue(&self, today: &str) -> bool {
        is_iso_date(&self.next) && is_iso_date(today) && self.next.as_str() < today
    }

    /// A review a quarter after `today`, for a model that has none planned.
    pub fn quarterly_from(today: &str) -> Self {
        Self { next: add_days(today, REVIEW_INTERVAL_DAYS).unwrap_or_default(), ..Self::default() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_only_after_the_planned_date() {
        let review = Review { next: "2026-11-30".into(), ..Review::default() };
        assert!(!review.is_overdue("2026-11-29"));
        assert!(!review.is_overdue("2026-11-30"));
        assert!(review.is_overdue("2026-12-01"));
        assert!(!Review::default().is_overdue("2030-01-01"), "nothing planned is never overdue");
        assert_eq!(Review::quarterly_from("2026-11-29").next, "2027-02-28");
    }
}
