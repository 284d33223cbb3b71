//! How bad is it: risk levels from likelihood and impact, the matrix, the fix-first order.

mod matrix;

pub use matrix::{Cell, LEVELS, cell_counts, cell_of, level_index, priority_order, touches_critical_asset};

use serde::Serialize;

use crate::model::Level;

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

/// The risk level of a likelihood and impact on the default 3×3 matrix.
pub fn risk_level(likelihood: Level, impact: Level) -> RiskLevel {
    OWASP_3X3[level_index(impact)][level_index(likelihood)]
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
}
