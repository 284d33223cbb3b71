//! How bad is it: risk levels from likelihood and impact, the matrix, the fix-first order.

mod matrix;

pub use matrix::{Cell, cell_counts, cell_of, priority_indices, priority_order, touches_critical_asset};

use serde::Serialize;

use crate::model::{Level, Scale};

/// The risk of a threat, from the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum RiskLevel {
    Low,
    Medium,
    High,
    Critical,
}

impl RiskLevel {
    pub const ALL: [Self; 4] = [Self::Low, Self::Medium, Self::High, Self::Critical];

    pub fn label(self) -> &'static str {
        match self {
            Self::Low => "Low",
            Self::Medium => "Medium",
            Self::High => "High",
            Self::Critical => "Critical",
        }
    }
}

/// The OWASP Risk Rating severity table, rows by impact (low, medium, high) and columns by
/// likelihood (low, medium, high). OWASP's "Note" cell counts as Low.
const OWASP_3X3: [[RiskLevel; 3]; 3] = [
    [RiskLevel::Low, RiskLevel::Low, RiskLevel::Medium],
    [RiskLevel::Low, RiskLevel::Medium, RiskLevel::High],
    [RiskLevel::Medium, RiskLevel::High, RiskLevel::Critical],
];

/// NIST SP 800-30 Rev. 1 Table I-2, rows by likelihood and columns by impact, both very low to
/// very high. Its five risk levels map onto ours: very low and low are Low, moderate is
/// Medium, high is High, very high is Critical.
const NIST_5X5: [[RiskLevel; 5]; 5] = {
    use RiskLevel::{Critical as VH, High as H, Low as L, Medium as M};
    [[L, L, L, L, L], [L, L, L, L, M], [L, L, M, M, H], [L, L, M, H, VH], [L, L, M, H, VH]]
};

/// The risk level of a likelihood and impact on the model's scale.
pub fn risk_level_on(scale: Scale, likelihood: Level, impact: Level) -> RiskLevel {
    let (l, i) = (scale.index(likelihood), scale.index(impact));
    match scale {
        Scale::ThreeLevels => OWASP_3X3[i][l],
        Scale::FiveLevels => NIST_5X5[l][i],
    }
}

/// The risk level on the default three-level scale.
pub fn risk_level(likelihood: Level, impact: Level) -> RiskLevel {
    risk_level_on(Scale::ThreeLevels, likelihood, impact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_owasp_table() {
        use Level::{High, Low, Medium};
        assert_eq!(risk_level(Low, Low), RiskLevel::Low);
        assert_eq!(risk_level(High, Low), RiskLevel::Medium);
        assert_eq!(risk_level(Low, High), RiskLevel::Medium);
        assert_eq!(risk_level(Medium, Medium), RiskLevel::Medium);
        assert_eq!(risk_level(High, Medium), RiskLevel::High);
        assert_eq!(risk_level(Medium, High), RiskLevel::High);
        assert_eq!(risk_level(High, High), RiskLevel::Critical);
    }

    #[test]
    fn the_nist_table_on_five_levels() {
        use Level::{High, Low, Medium, VeryHigh, VeryLow};
        let risk = |l, i| risk_level_on(Scale::FiveLevels, l, i);
        assert_eq!(risk(VeryLow, VeryHigh), RiskLevel::Low);
        assert_eq!(risk(Low, VeryHigh), RiskLevel::Medium);
        assert_eq!(risk(Medium, Medium), RiskLevel::Medium);
        assert_eq!(risk(Medium, VeryHigh), RiskLevel::High);
        assert_eq!(risk(High, High), RiskLevel::High);
        assert_eq!(risk(VeryHigh, VeryHigh), RiskLevel::Critical);
        assert_eq!(risk(VeryHigh, Low), RiskLevel::Low);
        // On three levels the extremes count as Low and High.
        assert_eq!(risk_level(VeryHigh, VeryHigh), RiskLevel::Critical);
    }
}
