//! The likelihood × impact matrix: which threats sit in which cell, now or after mitigation, and
//! the order to fix them in.

use std::cmp::Reverse;
use std::collections::HashSet;

use super::RiskLevel;
use crate::model::{ElementId, FlowId, Level, Scale, Target, ThreatModel};

/// What the matrix and the fix-first order need of a threat. The threat engine's threats are
/// one kind; the risk layer sits below it and knows only this.
pub trait Rated {
    fn target(&self) -> &Target;
    fn is_open(&self) -> bool;
    /// Counted in the matrix after mitigation.
    fn remains_after_mitigation(&self) -> bool;
    /// Likelihood, impact and risk now.
    fn rating(&self) -> (Level, Level, RiskLevel);
    /// Likelihood, impact and risk once mitigated.
    fn residual_rating(&self) -> (Level, Level, RiskLevel);
}

impl<T: Rated> Rated for &T {
    fn target(&self) -> &Target {
        (**self).target()
    }

    fn is_open(&self) -> bool {
        (**self).is_open()
    }

    fn remains_after_mitigation(&self) -> bool {
        (**self).remains_after_mitigation()
    }

    fn rating(&self) -> (Level, Level, RiskLevel) {
        (**self).rating()
    }

    fn residual_rating(&self) -> (Level, Level, RiskLevel) {
        (**self).residual_rating()
    }
}

/// One cell of the matrix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cell {
    pub likelihood: Level,
    pub impact: Level,
}

impl Cell {
    /// The accessible name of the cell, which also reads well aloud.
    pub fn label(self, count: usize) -> String {
        format!(
            "Likelihood {}, impact {}: {count} threat{}",
            self.likelihood.label(),
            self.impact.label(),
            if count == 1 { "" } else { "s" }
        )
    }

    /// Whether a threat sits in this cell, now or after mitigation.
    pub fn holds(self, threat: &impl Rated, residual: bool) -> bool {
        cell_of(threat, residual) == self
    }

    /// The neighbouring cell in a direction (likelihood right/left, impact up/down), staying
    /// on the grid of `scale`.
    pub fn step(self, scale: Scale, likelihood_steps: i8, impact_steps: i8) -> Self {
        Self {
            likelihood: scale.step(self.likelihood, likelihood_steps),
            impact: scale.step(self.impact, impact_steps),
        }
    }
}

/// Where a threat sits: its current rating, or its residual one after mitigation.
pub fn cell_of(threat: &impl Rated, residual: bool) -> Cell {
    let (likelihood, impact, _) = if residual { threat.residual_rating() } else { threat.rating() };
    Cell { likelihood, impact }
}

/// Whether the matrix counts a threat: open ones now; after mitigation, what remains once the
/// plans are carried out.
pub fn counted(threat: &impl Rated, residual: bool) -> bool {
    if residual { threat.remains_after_mitigation() } else { threat.is_open() }
}

/// Threats per cell on `scale` (those `counted`), indexed `[impact][likelihood]`, low first.
pub fn cell_counts<T: Rated>(threats: impl IntoIterator<Item = T>, residual: bool, scale: Scale) -> Vec<Vec<usize>> {
    let size = scale.levels().len();
    let mut counts = vec![vec![0; size]; size];
    for threat in threats.into_iter().filter(|t| counted(t, residual)) {
        let cell = cell_of(&threat, residual);
        counts[scale.index(cell.impact)][scale.index(cell.likelihood)] += 1;
    }
    counts
}

/// The targets that touch a critical asset: the critical elements and every flow to or from
/// one. Built once, so asking about each threat costs one lookup, not a scan of the flows.
struct CriticalTargets<'a> {
    elements: HashSet<&'a ElementId>,
    flows: HashSet<&'a FlowId>,
}

impl<'a> CriticalTargets<'a> {
    fn of(model: &'a ThreatModel) -> Self {
        let elements: HashSet<&ElementId> = model.elements.iter().filter(|e| e.critical).map(|e| &e.id).collect();
        let flows = if elements.is_empty() {
            HashSet::new()
        } else {
            model
                .flows
                .iter()
                .filter(|f| elements.contains(&f.from) || elements.contains(&f.to))
                .map(|f| &f.id)
                .collect()
        };
        Self { elements, flows }
    }

    fn touch(&self, target: &Target) -> bool {
        match target {
            Target::Element(id) => self.elements.contains(id),
            Target::Flow(id) => self.flows.contains(id),
            Target::Boundary(_) => false,
        }
    }
}

/// Higher risk first, then critical assets, then higher impact.
type FixFirstKey = Reverse<(RiskLevel, bool, Level)>;

/// The "fix first" order of the open threats, as indexes into `threats`: risk, then critical
/// assets, then impact; the engine's order breaks ties, so the list is stable.
pub fn priority_indices(model: &ThreatModel, threats: &[impl Rated]) -> Vec<usize> {
    let critical = CriticalTargets::of(model);
    // Keys worked out once per threat: a rating is not free, and a sort asks n log n times.
    let mut open: Vec<(FixFirstKey, usize)> = threats
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_open())
        .map(|(i, t)| {
            let (_, impact, risk) = t.rating();
            (Reverse((risk, critical.touch(t.target()), impact)), i)
        })
        .collect();
    // Stable, so the engine's order breaks ties.
    open.sort_by_key(|(key, _)| *key);
    open.into_iter().map(|(_, i)| i).collect()
}

/// The open threats in "fix first" order (see `priority_indices`).
pub fn priority_order<'a, T: Rated>(model: &ThreatModel, threats: &'a [T]) -> Vec<&'a T> {
    priority_indices(model, threats).into_iter().map(|i| &threats[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::Template;
    use crate::model::ElementId;
    use crate::threats::{Catalogue, analyze};

    #[test]
    fn cells_step_within_the_grid_and_read_aloud() {
        let cell = Cell { likelihood: Level::Medium, impact: Level::High };
        assert_eq!(cell.step(Scale::ThreeLevels, 1, 1), Cell { likelihood: Level::High, impact: Level::High });
        assert_eq!(cell.step(Scale::ThreeLevels, -5, -1), Cell { likelihood: Level::Low, impact: Level::Medium });
        assert_eq!(cell.step(Scale::FiveLevels, 2, 1), Cell { likelihood: Level::VeryHigh, impact: Level::VeryHigh });
        assert_eq!(cell.label(3), "Likelihood Medium, impact High: 3 threats");
        assert_eq!(cell.label(1), "Likelihood Medium, impact High: 1 threat");
    }

    #[test]
    fn counts_cover_every_open_threat_once() {
        let model = Template::sample().model().unwrap();
        let analysis = analyze(&model, Catalogue::builtin());
        let counts = cell_counts(&analysis.threats, false, Scale::ThreeLevels);
        assert_eq!(counts.len(), 3);
        let total: usize = counts.iter().flatten().sum();
        assert_eq!(total, analysis.threats.iter().filter(|t| t.status.is_open()).count());
    }

    #[test]
    fn critical_assets_come_first_within_a_risk_level() {
        let mut model = Template::sample().model().unwrap();
        let analysis = analyze(&model, Catalogue::builtin());
        let order: Vec<_> = priority_order(&model, &analysis.threats).iter().map(|t| t.risk).collect();
        assert!(order.windows(2).all(|w| w[0] >= w[1]), "riskiest first: {order:?}");

        // Mark the email service critical: its threats move ahead of others of the same risk.
        model.element_mut(&ElementId::new("e6")).unwrap().critical = true;
        let analysis = analyze(&model, Catalogue::builtin());
        let order = priority_order(&model, &analysis.threats);
        let email = Target::Element(ElementId::new("e6"));
        let first_email = order.iter().position(|t| t.target == email).unwrap();
        let risk = order[first_email].risk;
        let first_of_that_risk = order.iter().position(|t| t.risk == risk).unwrap();
        assert_eq!(first_email, first_of_that_risk);
    }
}
