//! The engine: a pure, deterministic function from a model and a catalogue to threats, each
//! with its key `rule_id@target_id`, why it was suggested, what moved its rating, and the
//! user's decision applied.

use std::sync::Arc;

use super::catalogue::{Applies, Catalogue, ElementMatch, FlowMatch, Rule, applies_to_kind};
use super::context::{Bits, ModelContext};
use super::fast_hash::FastMap;
use super::matching::{Firing, Outcome, Settings, match_element, match_flow};
use super::rating::{Answers, Factor, Rating};
use super::reasons::{Phrase, Phrases};
use crate::model::{
    Decision, KindCatalog, Level, OwnThreat, Scale, SeedCategory, Stride, Target, ThreatKey, ThreatModel, ThreatStatus,
};
use crate::risk::RiskLevel;

/// Where a threat comes from.
#[derive(Clone, Debug)]
pub enum Origin {
    Rule(Arc<Rule>),
    /// Boxed, like the decision: rare, and large next to the rest of a threat.
    Own(Box<OwnThreat>),
}

/// One threat on one element or flow, as the user sees it.
#[derive(Clone, Debug)]
pub struct Threat {
    pub target: Target,
    pub origin: Origin,
    pub stride: Stride,
    pub category: SeedCategory,
    /// Why it was suggested, in plain words: the answers and crossings that made it fire.
    pub why: Vec<Arc<str>>,
    /// What the model states that moved the rating away from the rule's default, one level
    /// each: exposure, data, compliance scope, controls.
    pub factors: Vec<Factor>,
    /// It fired because something is not known yet: its question is the next step.
    pub open_question: bool,
    pub likelihood: Level,
    pub impact: Level,
    pub risk: RiskLevel,
    /// The likelihood or impact is the user's own rating, not the catalogue's.
    pub rated_by_user: bool,
    /// The engine's likelihood, impact and risk, before the user's own rating.
    pub suggested: (Level, Level, RiskLevel),
    /// Likelihood, impact and risk once mitigated: the user's rating after mitigation, else the
    /// current one moved by the plan (`plan_effect`).
    pub residual: (Level, Level, RiskLevel),
    /// How the chosen mitigations moved the rating after mitigation, if they did.
    pub plan_effect: Option<Factor>,
    pub status: ThreatStatus,
    /// A copy of the stored decision, so that results outlive the model they came from. Boxed:
    /// most threats have none, and a model can have a hundred thousand threats.
    pub decision: Option<Box<Decision>>,
}

impl Threat {
    /// `rule_id@target_id`: where the user's decision is stored.
    pub fn key(&self) -> String {
        self.threat_key().to_string()
    }

    /// The key as its two parts, without building a string.
    pub fn threat_key(&self) -> ThreatKey<'_> {
        let origin = match &self.origin {
            Origin::Rule(rule) => rule.id.as_str(),
            Origin::Own(own) => own.id.as_str(),
        };
        ThreatKey::new(origin, self.target.id())
    }

    /// Whether `key` (`origin@target`) is this threat's key, without building the key: walks
    /// compare keys against every threat on each frame.
    pub fn has_key(&self, key: &str) -> bool {
        self.threat_key().is(key)
    }

    /// The user's wording when they edited it, else the catalogue's.
    pub fn title(&self) -> &str {
        if let Some(title) = self.decision.as_ref().and_then(|d| d.title.as_deref()) {
            return title;
        }
        match &self.origin {
            Origin::Rule(rule) => &rule.title,
            Origin::Own(own) => &own.title,
        }
    }

    pub fn rule(&self) -> Option<&Rule> {
        match &self.origin {
            Origin::Rule(rule) => Some(rule),
            Origin::Own(_) => None,
        }
    }
}

impl crate::risk::Rated for Threat {
    fn target(&self) -> &Target {
        &self.target
    }

    fn is_open(&self) -> bool {
        self.status.is_open()
    }

    fn remains_after_mitigation(&self) -> bool {
        self.status.remains_after_mitigation()
    }

    fn rating(&self) -> (Level, Level, RiskLevel) {
        (self.likelihood, self.impact, self.risk)
    }

    fn residual_rating(&self) -> (Level, Level, RiskLevel) {
        self.residual
    }
}

/// Open threat count and highest risk per element or flow: what the diagram's badges show.
pub type Badges = std::collections::HashMap<Target, (usize, RiskLevel)>;

/// Everything the engine found, in a stable order: by target in model order, then by rule in
/// catalogue order, then the user's own threats.
#[derive(Debug, Default)]
pub struct Analysis {
    pub threats: Vec<Threat>,
    /// Decisions whose element or flow no longer exists, kept so nothing is silently lost.
    pub orphaned: Vec<(String, Decision)>,
    /// Threats added by hand to an element or flow that no longer exists.
    pub orphaned_own: Vec<OwnThreat>,
    /// How many flows cross at least one trust boundary.
    pub flows_crossing_boundaries: usize,
}

impl Analysis {
    pub fn for_target<'s>(&'s self, target: &'s Target) -> impl Iterator<Item = &'s Threat> + 's {
        self.threats.iter().filter(move |t| &t.target == target)
    }

    /// Open threats of a target and the highest risk among them, for its badge.
    pub fn badge(&self, target: &Target) -> Option<(usize, RiskLevel)> {
        let open: Vec<_> = self.for_target(target).filter(|t| t.status.is_open()).collect();
        let highest = open.iter().map(|t| t.risk).max()?;
        Some((open.len(), highest))
    }

    /// The elements and flows with threats the matrix counts in a cell, each once, in model
    /// order: what the canvas points out when the cell is chosen.
    pub fn targets_in(&self, cell: crate::risk::Cell, residual: bool) -> Vec<Target> {
        let mut seen = std::collections::HashSet::new();
        self.threats
            .iter()
            .filter(|t| crate::risk::counted(*t, residual) && cell.holds(*t, residual))
            .filter(|t| seen.insert(&t.target))
            .map(|t| t.target.clone())
            .collect()
    }

    /// Open threat count and highest risk of every target that has open threats: what the
    /// diagram's badges show. One pass over the threats, not one per target.
    pub fn badges(&self) -> Badges {
        let mut badges = Badges::new();
        for threat in self.threats.iter().filter(|t| t.status.is_open()) {
            let (count, highest) = badges.entry(threat.target.clone()).or_insert((0, threat.risk));
            *count += 1;
            *highest = (*highest).max(threat.risk);
        }
        badges
    }
}

/// Runs the catalogue over the model and applies the user's decisions.
pub fn analyze(model: &ThreatModel, catalogue: &Catalogue) -> Analysis {
    let kinds = KindCatalog::builtin();
    let context = ModelContext::new(model, kinds);
    let settings = Settings { scale: model.scale, compliance: &model.compliance, kinds };

    // Each kind's candidate rules, so an element only meets the rules that can apply to it.
    let mut element_rules: FastMap<&str, Vec<(&Arc<Rule>, &ElementMatch)>> = FastMap::default();
    for rule in &catalogue.rules {
        let Applies::Element(m) = &rule.applies else { continue };
        for kind in &kinds.kinds {
            if applies_to_kind(m, &kind.id, kind.element_type) {
                element_rules.entry(kind.id.as_str()).or_default().push((rule, m));
            }
        }
    }
    let flow_rules: Vec<(&Arc<Rule>, &FlowMatch)> = catalogue
        .rules
        .iter()
        .filter_map(|r| match &r.applies {
            Applies::Flow(m) => Some((r, m)),
            Applies::Element(_) => None,
        })
        .collect();

    // About four threats per element and three per flow on real models.
    let mut threats = Vec::with_capacity(model.elements.len() * 4 + model.flows.len() * 3);
    let mut phrases = Phrases::default();
    let mut outcomes = Vec::new();
    for (element, element_context) in model.elements.iter().zip(&context.elements) {
        let target = Target::Element(element.id.clone());
        let candidates = element_rules.get(element.kind.as_str()).map_or(&[][..], Vec::as_slice);
        outcomes.clear();
        outcomes.extend(candidates.iter().filter_map(|(rule, m)| {
            match_element(rule, m, element_context, settings, &mut phrases).map(|outcome| (*rule, outcome))
        }));
        push_fired(&mut threats, model, &target, element.id.as_str(), &mut outcomes);
    }
    for ((flow, ends), crossings) in model.flows.iter().zip(&context.flow_ends).zip(&context.flow_crossings) {
        let Some((from, to)) = *ends else { continue };
        let (from, to) = (&model.elements[from], &model.elements[to]);
        let target = Target::Flow(flow.id.clone());
        outcomes.clear();
        outcomes.extend(flow_rules.iter().filter_map(|(rule, m)| {
            match_flow(rule, m, flow, (from, to), *crossings, settings, &mut phrases).map(|outcome| (*rule, outcome))
        }));
        push_fired(&mut threats, model, &target, flow.id.as_str(), &mut outcomes);
    }

    let mut orphaned_own = Vec::new();
    for own in &model.own_threats {
        let Some(target) = model.target(&own.target) else {
            orphaned_own.push(own.clone());
            continue;
        };
        let decision = model.decisions.get(&ThreatKey::new(&own.id, &own.target).to_string());
        let firing = Firing {
            why: vec![phrases.get(Phrase::AddedByHand)],
            open_question: false,
            likelihood: Level::Medium,
            impact: Level::Medium,
            factors: Vec::new(),
        };
        let origin = Origin::Own(Box::new(own.clone()));
        threats.push(Threat::decided(target, origin, (own.stride, own.category), firing, model.scale, decision));
    }

    let orphaned = model
        .decisions
        .iter()
        .filter(|(key, _)| ThreatKey::parse(key).is_none_or(|key| model.target(key.target).is_none()))
        .map(|(key, decision)| (key.clone(), decision.clone()))
        .collect();
    let flows_crossing_boundaries = context.flow_crossings.iter().filter(|bits| bits.0 != 0).count();
    Analysis { threats, orphaned, orphaned_own, flows_crossing_boundaries }
}

impl Threat {
    /// A threat as the engine found it, with the user's decision (ratings, status) applied.
    fn decided(
        target: Target,
        origin: Origin,
        (stride, category): (Stride, SeedCategory),
        firing: Firing,
        scale: Scale,
        decision: Option<&Decision>,
    ) -> Self {
        let answers = match &origin {
            Origin::Rule(rule) => Answers::Family(rule.mitigation),
            Origin::Own(_) => Answers::AnyFamily,
        };
        let rating = Rating::new(scale, (firing.likelihood, firing.impact), answers, decision);
        Self {
            target,
            origin,
            stride,
            category,
            why: firing.why,
            factors: firing.factors,
            open_question: firing.open_question,
            likelihood: rating.likelihood,
            impact: rating.impact,
            risk: rating.risk,
            rated_by_user: rating.by_user,
            suggested: rating.suggested,
            residual: rating.residual,
            plan_effect: rating.plan_effect,
            status: decision.map_or(ThreatStatus::Open, |d| d.status),
            decision: decision.cloned().map(Box::new),
        }
    }
}

/// Adds the threats that fired on one target. A generic STRIDE rule speaks only where no
/// specific rule of its category fits the target, fired or answered; a rule another fired rule
/// `replaces` stays out.
fn push_fired(
    threats: &mut Vec<Threat>,
    model: &ThreatModel,
    target: &Target,
    target_id: &str,
    outcomes: &mut Vec<(&Arc<Rule>, Outcome)>,
) {
    let mut specific = Bits::default();
    let mut replaced: Vec<&str> = Vec::new();
    for (rule, outcome) in outcomes.iter() {
        if !rule.fallback {
            specific.insert(rule.stride as u8);
        }
        if matches!(outcome, Outcome::Fires(_)) {
            replaced.extend(rule.replaces.iter().map(String::as_str));
        }
    }
    let mut key = String::new();
    for (rule, outcome) in outcomes.drain(..) {
        let Outcome::Fires(firing) = outcome else { continue };
        if (rule.fallback && specific.contains(rule.stride as u8)) || replaced.contains(&rule.id.as_str()) {
            continue;
        }
        // Most models hold few decisions: build the key only when there is something to find.
        let decision = if model.decisions.is_empty() {
            None
        } else {
            key.clear();
            key.push_str(&rule.id);
            key.push('@');
            key.push_str(target_id);
            model.decisions.get(key.as_str())
        };
        let origin = Origin::Rule(Arc::clone(rule));
        let kind = (rule.stride, rule.category);
        threats.push(Threat::decided(target.clone(), origin, kind, firing, model.scale, decision));
    }
}
