//! How likely and how bad: the rule's default rating, moved one level at a time by what the
//! model states (exposure, data, compliance scope, controls), each move with its reason.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::context::{Bits, data_bit};
use crate::model::{Compliance, DataClass, Decision, Level, Scale};
use crate::risk::{RiskLevel, risk_level_on};

/// Which half of the rating a factor moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Axis {
    Likelihood,
    Impact,
}

impl Axis {
    pub fn label(self) -> &'static str {
        match self {
            Self::Likelihood => "Likelihood",
            Self::Impact => "Impact",
        }
    }
}

/// One stated fact that moved a rating one level up or down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Factor {
    pub axis: Axis,
    /// Up one level (worse), or down one level (better).
    pub raises: bool,
    /// What moved it, in words: "reachable from the internet", "Has rate limits: yes".
    pub reason: Arc<str>,
}

impl Factor {
    /// "Likelihood +1: reachable from the internet".
    pub fn describe(&self) -> String {
        format!("{} {}: {}", self.axis.label(), if self.raises { "+1" } else { "−1" }, self.reason)
    }
}

/// A rating on its way: the rule's defaults and the factors applied so far.
pub(super) struct Draft {
    pub(super) scale: Scale,
    pub(super) likelihood: Level,
    pub(super) impact: Level,
    pub(super) factors: Vec<Factor>,
}

impl Draft {
    pub(super) fn new(scale: Scale, likelihood: Level, impact: Level) -> Self {
        Self { scale, likelihood, impact, factors: Vec::new() }
    }

    pub(super) fn move_by(&mut self, axis: Axis, raises: bool, reason: Arc<str>) {
        let level = match axis {
            Axis::Likelihood => &mut self.likelihood,
            Axis::Impact => &mut self.impact,
        };
        *level = self.scale.step(*level, if raises { 1 } else { -1 });
        self.factors.push(Factor { axis, raises, reason });
    }
}

/// Why a threat's impact goes up by one level.
#[derive(Clone, Copy)]
pub(super) enum Worse {
    /// Card, health or credential data is involved.
    Sensitive(DataClass),
    /// A regulation the model is in scope of protects data involved.
    Scoped(Compliance),
}

pub(super) fn worse(data: Bits, compliance: &BTreeSet<Compliance>) -> Option<Worse> {
    let sensitive = [DataClass::PaymentCard, DataClass::Health, DataClass::Credentials]
        .into_iter()
        .find(|c| data.contains(data_bit(*c)))
        .map(Worse::Sensitive);
    sensitive.or_else(|| compliance.iter().find(|c| data.contains(data_bit(c.protects()))).map(|c| Worse::Scoped(*c)))
}

/// The rating a threat ends up with: the user's where they gave one, else the engine's.
pub(super) struct Rating {
    pub(super) likelihood: Level,
    pub(super) impact: Level,
    pub(super) risk: RiskLevel,
    pub(super) by_user: bool,
    pub(super) residual: (Level, Level, RiskLevel),
}

impl Rating {
    pub(super) fn new(scale: Scale, likelihood: Level, impact: Level, decision: Option<&Decision>) -> Self {
        let user_likelihood = decision.and_then(|d| d.likelihood);
        let user_impact = decision.and_then(|d| d.impact);
        let likelihood = scale.fit(user_likelihood.unwrap_or(likelihood));
        let impact = scale.fit(user_impact.unwrap_or(impact));
        let residual_likelihood = scale.fit(decision.and_then(|d| d.residual_likelihood).unwrap_or(likelihood));
        let residual_impact = scale.fit(decision.and_then(|d| d.residual_impact).unwrap_or(impact));
        Self {
            likelihood,
            impact,
            risk: risk_level_on(scale, likelihood, impact),
            by_user: user_likelihood.is_some() || user_impact.is_some(),
            residual: (
                residual_likelihood,
                residual_impact,
                risk_level_on(scale, residual_likelihood, residual_impact),
            ),
        }
    }
}
