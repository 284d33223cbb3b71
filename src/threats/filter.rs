//! Narrowing the threat list: by STRIDE, seed category, status, element and a search text.

use crate::model::{SeedCategory, Stride, Target, ThreatStatus};

use super::{Names, Threat};

/// Which threats to show. `None` means any.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ThreatFilter {
    pub stride: Option<Stride>,
    pub category: Option<SeedCategory>,
    pub status: Option<ThreatStatus>,
    /// Only open ones (open or in progress), when no exact status is chosen.
    pub open_only: bool,
    pub target: Option<Target>,
    /// Words that must all appear in the title, the element's name or the why.
    pub search: String,
}

impl ThreatFilter {
    /// Whether `threat` passes the filter; `names` are the model's, for search.
    pub fn matches(&self, threat: &Threat, names: &Names) -> bool {
        if self.stride.is_some_and(|s| s != threat.stride)
            || self.category.is_some_and(|c| c != threat.category)
            || self.status.is_some_and(|s| s != threat.status)
            || (self.open_only && self.status.is_none() && !threat.status.is_open())
            || self.target.as_ref().is_some_and(|t| t != &threat.target)
        {
            return false;
        }
        let words: Vec<String> = self.search.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return true;
        }
        let name = names.get(&threat.target);
        let haystack = format!("{} {} {}", threat.title(), name, threat.why.join(" ")).to_lowercase();
        words.iter().all(|w| haystack.contains(w))
    }

    pub fn is_active(&self) -> bool {
        self != &Self::default()
    }
}
