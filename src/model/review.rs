//! Review regularly: the next review date and what past reviews found.

use serde::{Deserialize, Serialize};

use super::{add_days, is_iso_date};

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
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// When the model should next be reviewed, YYYY-MM-DD; empty when not planned.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub next: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub log: Vec<ReviewEntry>,
}

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
        Self { next: add_days(today, REVIEW_INTERVAL_DAYS).unwrap_or_default(), log: Vec::new() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overdue_only_after_the_planned_date() {
        let review = Review { next: "2026-11-30".into(), log: Vec::new() };
        assert!(!review.is_overdue("2026-11-29"));
        assert!(!review.is_overdue("2026-11-30"));
        assert!(review.is_overdue("2026-12-01"));
        assert!(!Review::default().is_overdue("2030-01-01"), "nothing planned is never overdue");
        assert_eq!(Review::quarterly_from("2026-11-29").next, "2027-02-28");
    }
}
