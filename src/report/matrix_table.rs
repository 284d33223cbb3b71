//! The risk matrix as rows of cells, high impact first: what the HTML and Markdown reports
//! print as a table.

use super::content::ReportContent;
use crate::risk::{Cell, RiskLevel, cell_counts, risk_level_on};

pub struct MatrixCell {
    pub count: usize,
    pub risk: RiskLevel,
    /// Read-aloud text: "Likelihood High, impact Low: 2 threats".
    pub label: String,
}

pub struct MatrixTable {
    pub caption: &'static str,
    /// High impact first; within a row, low likelihood first.
    pub rows: Vec<Vec<MatrixCell>>,
}

pub fn matrix_table(content: &ReportContent<'_>, residual: bool) -> MatrixTable {
    let scale = content.model.scale;
    let counts = cell_counts(&content.analysis.threats, residual, scale);
    let levels = scale.levels();
    let rows = levels
        .iter()
        .enumerate()
        .rev()
        .map(|(impact_index, impact)| {
            levels
                .iter()
                .enumerate()
                .map(|(likelihood_index, likelihood)| {
                    let count = counts[impact_index][likelihood_index];
                    let cell = Cell { likelihood: *likelihood, impact: *impact };
                    MatrixCell { count, risk: risk_level_on(scale, *likelihood, *impact), label: cell.label(count) }
                })
                .collect()
        })
        .collect();
    MatrixTable { caption: if residual { "After mitigation" } else { "Now" }, rows }
}
