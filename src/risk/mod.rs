//! How bad is it: risk levels from likelihood and impact, the matrix, the fix-first order.

mod matrix;

pub use matrix::{Cell, Rated, cell_counts, cell_of, counted, priority_indices, priority_order};

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::model::{Level, Scale};

/// The risk of a threat, from the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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

/// The matrices as shipped (assets/risk_matrix.ron): rows by impact, columns by likelihood.
pub const BUILTIN_MATRICES_RON: &str = include_str!("../../assets/risk_matrix.ron");

/// The risk tables of both scales.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Matrices {
    pub three_levels: Vec<Vec<RiskLevel>>,
    pub five_levels: Vec<Vec<RiskLevel>>,
}

impl Matrices {
    pub fn parse(text: &str) -> Result<Self, String> {
        let matrices: Self = ron::from_str(text).map_err(|err| err.to_string())?;
        for (table, size) in [(&matrices.three_levels, 3), (&matrices.five_levels, 5)] {
            if table.len() != size || table.iter().any(|row| row.len() != size) {
                return Err(format!("a risk table must be {size} by {size}"));
            }
        }
        Ok(matrices)
    }

    fn table(&self, scale: Scale) -> &[Vec<RiskLevel>] {
        match scale {
            Scale::ThreeLevels => &self.three_levels,
            Scale::FiveLevels => &self.five_levels,
        }
    }
}

fn builtin_matrices() -> Option<&'static Matrices> {
    static MATRICES: OnceLock<Option<Matrices>> = OnceLock::new();
    MATRICES
        .get_or_init(|| {
            Matrices::parse(BUILTIN_MATRICES_RON)
                .map_err(|err| log::error!("built-in risk matrices are broken: {err}"))
                .ok()
        })
        .as_ref()
}

/// The risk level of a likelihood and impact on the model's scale.
pub fn risk_level_on(scale: Scale, likelihood: Level, impact: Level) -> RiskLevel {
    let (l, i) = (scale.index(likelihood), scale.index(impact));
    // A test proves the shipped tables parse; a broken build rates everything Medium (and has
    // logged why) rather than crash or call a risk Low.
    builtin_matrices().and_then(|m| m.table(scale).get(i)?.get(l).copied()).unwrap_or(RiskLevel::Medium)
}

/// The risk level on the default three-level scale.
pub fn risk_level(likelihood: Level, impact: Level) -> RiskLevel {
    risk_level_on(Scale::ThreeLevels, likelihood, impact)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_tables_are_whole_and_never_fall_as_ratings_rise() {
        let matrices = Matrices::parse(BUILTIN_MATRICES_RON).expect("assets/risk_matrix.ron parses");
        for table in [&matrices.three_levels, &matrices.five_levels] {
            for (i, row) in table.iter().enumerate() {
                for (l, risk) in row.iter().enumerate() {
                    assert!(l == 0 || row[l - 1] <= *risk, "likelihood up lowers risk at {i},{l}");
                    assert!(i == 0 || table[i - 1][l] <= *risk, "impact up lowers risk at {i},{l}");
                }
            }
        }
        assert!(Matrices::parse("(three_levels: [[Low]], five_levels: [])").is_err());
    }

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
