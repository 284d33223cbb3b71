//! How likely and how bad: the rule's default rating, moved one level at a time by what the
//! model states (exposure, data, compliance scope, controls), each move with its reason.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::context::{Bits, data_bit};
use crate::model::{Compliance, DataClass, Decision, Level, MitigationFamily, Scale, ThreatStatus};
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
    /// The engine's own rating, before the user's: the workshop walks in this order, so a
    /// rating made along the way does not move what comes next.
    pub(super) suggested: (Level, Level, RiskLevel),
    pub(super) residual: (Level, Level, RiskLevel),
    /// How the plan moved the rating after mitigation, when the user did not set it.
    pub(super) plan_effect: Option<Factor>,
}

/// Which mitigation family answers a threat: the rule's own, or any for a threat the user
/// added (its fix is theirs to name).
#[derive(Clone, Copy)]
pub(super) enum Answers {
    Family(MitigationFamily),
    AnyFamily,
}

impl Rating {
    pub(super) fn new(
        scale: Scale,
        (likelihood, impact): (Level, Level),
        answers: Answers,
        decision: Option<&Decision>,
    ) -> Self {
        let suggested = (scale.fit(likelihood), scale.fit(impact));
        let user_likelihood = decision.and_then(|d| d.likelihood);
        let user_impact = decision.and_then(|d| d.impact);
        let likelihood = scale.fit(user_likelihood.unwrap_or(suggested.0));
        let impact = scale.fit(user_impact.unwrap_or(suggested.1));
        let plan_effect = decision.and_then(|d| plan_effect(d, answers));
        let planned_likelihood = if plan_effect.is_some() { scale.step(likelihood, -1) } else { likelihood };
        let user_residual_likelihood = decision.and_then(|d| d.residual_likelihood);
        let user_residual_impact = decision.and_then(|d| d.residual_impact);
        let residual_likelihood = scale.fit(user_residual_likelihood.unwrap_or(planned_likelihood));
        let residual_impact = scale.fit(user_residual_impact.unwrap_or(impact));
        Self {
            likelihood,
            impact,
            risk: risk_level_on(scale, likelihood, impact),
            by_user: user_likelihood.is_some() || user_impact.is_some(),
            suggested: (suggested.0, suggested.1, risk_level_on(scale, suggested.0, suggested.1)),
            residual: (
                residual_likelihood,
                residual_impact,
                risk_level_on(scale, residual_likelihood, residual_impact),
            ),
            // The user's own likelihood after mitigation replaces what the plan suggested.
            plan_effect: plan_effect.filter(|_| user_residual_likelihood.is_none()),
        }
    }
}

/// A plan that includes the family answering the threat makes it one level less likely once
/// carried out (OWASP's likelihood factors: the weakness gets harder to find and exploit). The
/// impact stays: what an attacker gains if it still happens is the same. An accepted or
/// transferred threat has no plan of ours to count on.
fn plan_effect(decision: &Decision, answers: Answers) -> Option<Factor> {
    if matches!(decision.status, ThreatStatus::Accepted | ThreatStatus::Transferred | ThreatStatus::NotApplicable) {
        return None;
    }
    let family = match answers {
        Answers::Family(family) => decision.mitigations.contains(&family).then_some(family),
        Answers::AnyFamily => decision.mitigations.first().copied(),
    }?;
    let reason = format!("the plan includes {}", family.label().to_lowercase());
    Some(Factor { axis: Axis::Likelihood, raises: false, reason: reason.into() })
}
