//! The engine: a pure, deterministic function from a model and a catalogue to threats, each
//! with its key `rule_id@target_id`, why it was suggested, and the user's decision applied.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::catalogue::{Applies, Catalogue, ElementMatch, FlowMatch, Rule, applies_to_kind};
use super::fast_hash::FastMap;
use super::reasons::{FlowFact, NamedPhrase, Phrase, Phrases};
use crate::model::{
    BoundaryKind, Compliance, DataClass, Decision, Element, ElementId, ElementType, Flow, KindCatalog, Level,
    OwnThreat, Rect, Scale, SeedCategory, Stride, Target, ThreatModel, ThreatStatus, Tri,
};
use crate::risk::{RiskLevel, risk_level_on};

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
    /// It fired because something is not known yet: its question is the next step.
    pub open_question: bool,
    pub likelihood: Level,
    pub impact: Level,
    pub risk: RiskLevel,
    /// The likelihood or impact is the user's own rating, not the catalogue's.
    pub rated_by_user: bool,
    /// Likelihood, impact and risk once mitigated; the current ones until the user rates them.
    pub residual: (Level, Level, RiskLevel),
    pub status: ThreatStatus,
    /// A copy of the stored decision, so that results outlive the model they came from. Boxed:
    /// most threats have none, and a model can have a hundred thousand threats.
    pub decision: Option<Box<Decision>>,
}

impl Threat {
    /// `rule_id@target_id`: where the user's decision is stored.
    pub fn key(&self) -> String {
        let origin = match &self.origin {
            Origin::Rule(rule) => rule.id.as_str(),
            Origin::Own(own) => own.id.as_str(),
        };
        format!("{origin}@{}", target_id(&self.target))
    }

    /// Whether `key` (`origin@target`) is this threat's key, without building the key: walks
    /// compare keys against every threat on each frame.
    pub fn has_key(&self, key: &str) -> bool {
        let origin = match &self.origin {
            Origin::Rule(rule) => rule.id.as_str(),
            Origin::Own(own) => own.id.as_str(),
        };
        key.split_once('@').is_some_and(|(o, target)| o == origin && target == target_id(&self.target))
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

    /// Open threat count and highest risk of every target that has open threats: what the
    /// diagram's badges show. One pass over the threats, not one per target.
    pub fn badges(&self) -> crate::scene::Badges {
        let mut badges = crate::scene::Badges::new();
        for threat in self.threats.iter().filter(|t| t.status.is_open()) {
            let (count, highest) = badges.entry(threat.target.clone()).or_insert((0, threat.risk));
            *count += 1;
            *highest = (*highest).max(threat.risk);
        }
        badges
    }
}

/// A small set of enum values as bits: no allocation per element or flow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Bits(u8);

impl Bits {
    fn insert(&mut self, bit: u8) {
        self.0 |= 1 << bit;
    }

    fn contains(self, bit: u8) -> bool {
        self.0 & (1 << bit) != 0
    }
}

fn boundary_bit(kind: BoundaryKind) -> u8 {
    kind as u8
}

fn data_bit(class: DataClass) -> u8 {
    class as u8
}

fn data_bits(classes: impl IntoIterator<Item = DataClass>) -> Bits {
    let mut bits = Bits::default();
    for class in classes {
        bits.insert(data_bit(class));
    }
    bits
}

/// What the engine knows about an element's surroundings, worked out once per analysis.
struct ElementContext<'a> {
    element: &'a Element,
    element_type: ElementType,
    inside: Bits,
    receives_from: Vec<&'a Element>,
    sends_to: Vec<&'a Element>,
    data: Bits,
    internet_exposed: bool,
}

/// Runs the catalogue over the model and applies the user's decisions.
pub fn analyze(model: &ThreatModel, catalogue: &Catalogue) -> Analysis {
    let kinds = KindCatalog::builtin();
    let index: FastMap<&ElementId, usize> = model.elements.iter().enumerate().map(|(i, e)| (&e.id, i)).collect();

    // Membership once per element, as indexes into the boundary list (this runs on every edit
    // of models with thousands of elements: no per-flow recomputation, no sorting).
    let boundaries: Vec<(Rect, BoundaryKind)> =
        model.boundaries.iter().map(|b| (model.boundary_rect(&b.id), b.kind)).collect();
    let membership: Vec<Vec<usize>> = model
        .elements
        .iter()
        .map(|e| {
            let center = model.element_position(&e.id);
            boundaries.iter().enumerate().filter(|(_, (r, _))| r.contains(center)).map(|(i, _)| i).collect()
        })
        .collect();
    // Each flow's ends as element indexes, and the kinds of boundary it crosses.
    let flow_ends: Vec<Option<(usize, usize)>> =
        model.flows.iter().map(|f| Some((*index.get(&f.from)?, *index.get(&f.to)?))).collect();
    let flow_crossings: Vec<Bits> = flow_ends
        .iter()
        .map(|ends| {
            let mut bits = Bits::default();
            if let Some((from, to)) = *ends {
                let (from, to) = (&membership[from], &membership[to]);
                // A boundary holding exactly one end is crossed.
                for &i in from.iter().filter(|i| !to.contains(i)).chain(to.iter().filter(|i| !from.contains(i))) {
                    bits.insert(boundary_bit(boundaries[i].1));
                }
            }
            bits
        })
        .collect();

    let mut contexts: Vec<ElementContext> = model
        .elements
        .iter()
        .zip(&membership)
        .map(|(element, inside_ids)| {
            let mut inside = Bits::default();
            for &i in inside_ids {
                inside.insert(boundary_bit(boundaries[i].1));
            }
            let element_type = kinds.kind(&element.kind).map_or(ElementType::Process, |k| k.element_type);
            let internet_exposed = inside.contains(boundary_bit(BoundaryKind::Internet))
                || element.property("internet_facing") == Tri::Yes;
            ElementContext {
                element,
                element_type,
                inside,
                receives_from: Vec::new(),
                sends_to: Vec::new(),
                data: Bits::default(),
                internet_exposed,
            }
        })
        .collect();
    for ((flow, ends), crossings) in model.flows.iter().zip(&flow_ends).zip(&flow_crossings) {
        let Some((from, to)) = *ends else { continue };
        let carried = data_bits(flow.data.iter().copied());
        let (source, sink) = (&model.elements[from], &model.elements[to]);
        contexts[from].sends_to.push(sink);
        contexts[from].data.0 |= carried.0;
        contexts[to].receives_from.push(source);
        contexts[to].data.0 |= carried.0;
        if crossings.contains(boundary_bit(BoundaryKind::Internet)) {
            contexts[to].internet_exposed = true;
        }
    }

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
    for (element, context) in model.elements.iter().zip(&contexts) {
        let target = Target::Element(element.id.clone());
        let candidates = element_rules.get(element.kind.as_str()).map_or(&[][..], Vec::as_slice);
        let fired: Vec<(&Arc<Rule>, Firing)> = candidates
            .iter()
            .filter_map(|(rule, m)| {
                fire_element(rule, m, context, kinds, (model.scale, &model.compliance), &mut phrases)
                    .map(|f| (*rule, f))
            })
            .collect();
        push_fired(&mut threats, model, &target, element.id.as_str(), fired);
    }
    for ((flow, ends), crossings) in model.flows.iter().zip(&flow_ends).zip(&flow_crossings) {
        let Some((from, to)) = *ends else { continue };
        let (from, to) = (&model.elements[from], &model.elements[to]);
        let target = Target::Flow(flow.id.clone());
        let fired: Vec<(&Arc<Rule>, Firing)> = flow_rules
            .iter()
            .filter_map(|(rule, m)| {
                fire_flow(rule, m, flow, (from, to), *crossings, (model.scale, &model.compliance), &mut phrases)
                    .map(|f| (*rule, f))
            })
            .collect();
        push_fired(&mut threats, model, &target, flow.id.as_str(), fired);
    }

    let mut orphaned_own = Vec::new();
    for own in &model.own_threats {
        let Some(target) = target_of(model, &own.target) else {
            orphaned_own.push(own.clone());
            continue;
        };
        let decision = model.decisions.get(&format!("{}@{}", own.id, own.target));
        let firing = Firing {
            why: vec![phrases.get(Phrase::AddedByHand)],
            open_question: false,
            likelihood: Level::Medium,
            impact: Level::Medium,
        };
        let origin = Origin::Own(Box::new(own.clone()));
        threats.push(Threat::decided(target, origin, (own.stride, own.category), firing, model.scale, decision));
    }

    let orphaned = model
        .decisions
        .iter()
        .filter(|(key, _)| key.rsplit_once('@').is_none_or(|(_, target)| target_of(model, target).is_none()))
        .map(|(key, decision)| (key.clone(), decision.clone()))
        .collect();
    let flows_crossing_boundaries = flow_crossings.iter().filter(|bits| bits.0 != 0).count();
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
        let rating = Rating::new(scale, firing.likelihood, firing.impact, decision);
        Self {
            target,
            origin,
            stride,
            category,
            why: firing.why,
            open_question: firing.open_question,
            likelihood: rating.likelihood,
            impact: rating.impact,
            risk: rating.risk,
            rated_by_user: rating.by_user,
            residual: rating.residual,
            status: decision.map_or(ThreatStatus::Open, |d| d.status),
            decision: decision.cloned().map(Box::new),
        }
    }
}

/// The rating a threat ends up with: the user's where they gave one, else the engine's.
struct Rating {
    likelihood: Level,
    impact: Level,
    risk: RiskLevel,
    by_user: bool,
    residual: (Level, Level, RiskLevel),
}

impl Rating {
    fn new(scale: Scale, likelihood: Level, impact: Level, decision: Option<&Decision>) -> Self {
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

/// Why and how strongly a rule fired on one target.
struct Firing {
    why: Vec<Arc<str>>,
    open_question: bool,
    likelihood: Level,
    impact: Level,
}

fn push_fired(
    threats: &mut Vec<Threat>,
    model: &ThreatModel,
    target: &Target,
    target_id: &str,
    fired: Vec<(&Arc<Rule>, Firing)>,
) {
    // A generic STRIDE rule speaks only when no specific rule covers its category here.
    let mut specific = Bits::default();
    for (rule, _) in fired.iter().filter(|(r, _)| !r.fallback) {
        specific.insert(rule.stride as u8);
    }
    let mut key = String::new();
    for (rule, firing) in fired {
        if rule.fallback && specific.contains(rule.stride as u8) {
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

fn fire_element(
    rule: &Rule,
    m: &ElementMatch,
    context: &ElementContext,
    kinds: &'static KindCatalog,
    (scale, compliance): (Scale, &BTreeSet<Compliance>),
    phrases: &mut Phrases,
) -> Option<Firing> {
    let element = context.element;
    if !applies_to_kind(m, &element.kind, context.element_type) {
        return None;
    }
    if m.outside.iter().any(|k| context.inside.contains(boundary_bit(*k))) {
        return None;
    }
    // Cheap checks first: most candidates fail on an answer, before any reason is looked up.
    let mut open_question = false;
    for (property, values) in &rule.when {
        let answer = element.property(property);
        if !values.contains(&answer) {
            return None;
        }
        open_question |= answer == Tri::Unknown;
    }
    let inside = match m.inside.as_slice() {
        [] => None,
        wanted => Some(*wanted.iter().find(|k| context.inside.contains(boundary_bit(**k)))?),
    };
    let source = match m.receives_from.as_slice() {
        [] => None,
        wanted => Some(*context.receives_from.iter().find(|e| wanted.contains(&e.kind))?),
    };
    let sink = match m.sends_to.as_slice() {
        [] => None,
        wanted => Some(*context.sends_to.iter().find(|e| wanted.contains(&e.kind))?),
    };
    let handled = match m.handles_data.as_slice() {
        [] => None,
        wanted => Some(*wanted.iter().find(|c| context.data.contains(data_bit(**c)))?),
    };

    let mut why = Vec::with_capacity(rule.when.len() + 2);
    why.extend(inside.map(|kind| phrases.get(Phrase::Inside(kind))));
    why.extend(source.map(|e| phrases.named(NamedPhrase::TriggeredBy, e, kinds)));
    why.extend(sink.map(|e| phrases.named(NamedPhrase::SendsTo, e, kinds)));
    why.extend(handled.map(|class| phrases.get(Phrase::Handles(class))));
    for property in rule.when.keys() {
        // Rules with unknown properties are refused when the catalogue is loaded.
        let label = kinds.property(property).map_or("An answer", |p| p.label.as_str());
        why.push(phrases.answer(label, element.property(property)));
    }
    if why.is_empty() {
        why.push(if rule.fallback {
            phrases.get(Phrase::Checked(Some(context.element_type), rule.stride))
        } else {
            phrases.get(Phrase::IsA(kinds.kind(&element.kind).map_or("element", |k| k.name.as_str())))
        });
    }

    let mut likelihood = rule.likelihood;
    for (property, value) in &rule.lowered_by {
        if element.property(property) == *value {
            likelihood = scale.step(likelihood, -1);
            let label = kinds.property(property).map_or("a safeguard", |p| p.label.as_str());
            why.push(phrases.get(Phrase::LessLikely(label)));
        }
    }
    if rule.internet_raises_likelihood && context.internet_exposed {
        likelihood = scale.step(likelihood, 1);
        why.push(phrases.get(Phrase::Exposed));
    }
    let mut impact = rule.impact;
    if rule.sensitive_data_raises_impact {
        match worse(context.data, compliance) {
            Some(Worse::Sensitive(class)) => why.push(phrases.get(Phrase::WorseHandles(class))),
            Some(Worse::Scoped(scope)) => why.push(phrases.get(Phrase::WorseScoped(scope))),
            None => {}
        }
        if worse(context.data, compliance).is_some() {
            impact = scale.step(impact, 1);
        }
    }
    Some(Firing { why, open_question, likelihood, impact })
}

fn fire_flow(
    rule: &Rule,
    m: &FlowMatch,
    flow: &Flow,
    (from, to): (&Element, &Element),
    crossings: Bits,
    (scale, compliance): (Scale, &BTreeSet<Compliance>),
    phrases: &mut Phrases,
) -> Option<Firing> {
    if !m.from_kinds.is_empty() && !m.from_kinds.contains(&from.kind) {
        return None;
    }
    if !m.to_kinds.is_empty() && !m.to_kinds.contains(&to.kind) {
        return None;
    }
    if m.not_crosses.iter().any(|k| crossings.contains(boundary_bit(*k))) {
        return None;
    }
    let crossed = match m.crosses.as_slice() {
        [] => None,
        wanted => Some(*wanted.iter().find(|k| crossings.contains(boundary_bit(**k)))?),
    };
    let mut open_question = false;
    let mut answers = Vec::new();
    for (values, answer, which) in [
        (&m.encrypted, flow.encrypted, FlowFact::Encrypted),
        (&m.authenticated, flow.authenticated, FlowFact::Authenticated),
    ] {
        if values.is_empty() {
            continue;
        }
        if !values.contains(&answer) {
            return None;
        }
        open_question |= answer == Tri::Unknown;
        answers.push(Phrase::FlowAnswer(which, answer));
    }
    let carried = match m.data.as_slice() {
        [] => None,
        wanted => Some(*wanted.iter().find(|c| flow.data.contains(c))?),
    };

    let mut why = Vec::with_capacity(3);
    why.extend(crossed.map(|kind| phrases.get(Phrase::Crosses(kind))));
    why.extend(answers.into_iter().map(|phrase| phrases.get(phrase)));
    why.extend(carried.map(|class| phrases.get(Phrase::Carries(class))));
    if why.is_empty() {
        why.push(if rule.fallback {
            phrases.get(Phrase::Checked(None, rule.stride))
        } else {
            phrases.get(Phrase::Between(from.name.clone(), to.name.clone()))
        });
    }
    let mut likelihood = rule.likelihood;
    if rule.internet_raises_likelihood && crossings.contains(boundary_bit(BoundaryKind::Internet)) {
        likelihood = scale.step(likelihood, 1);
        why.push(phrases.get(Phrase::CrossesInternet));
    }
    let mut impact = rule.impact;
    if rule.sensitive_data_raises_impact {
        let reason = worse(data_bits(flow.data.iter().copied()), compliance);
        match reason {
            Some(Worse::Sensitive(class)) => why.push(phrases.get(Phrase::WorseCarries(class))),
            Some(Worse::Scoped(scope)) => why.push(phrases.get(Phrase::WorseScoped(scope))),
            None => {}
        }
        if reason.is_some() {
            impact = scale.step(impact, 1);
        }
    }
    Some(Firing { why, open_question, likelihood, impact })
}

/// Why a threat's impact goes up by one level.
#[derive(Clone, Copy)]
enum Worse {
    /// Card, health or credential data is involved.
    Sensitive(DataClass),
    /// A regulation the model is in scope of protects data involved.
    Scoped(Compliance),
}

fn worse(data: Bits, compliance: &BTreeSet<Compliance>) -> Option<Worse> {
    let sensitive = [DataClass::PaymentCard, DataClass::Health, DataClass::Credentials]
        .into_iter()
        .find(|c| data.contains(data_bit(*c)))
        .map(Worse::Sensitive);
    sensitive.or_else(|| compliance.iter().find(|c| data.contains(data_bit(c.protects()))).map(|c| Worse::Scoped(*c)))
}

fn target_id(target: &Target) -> &str {
    match target {
        Target::Element(id) => id.as_str(),
        Target::Flow(id) => id.as_str(),
        Target::Boundary(id) => id.as_str(),
    }
}

/// The element, flow or boundary with this id.
fn target_of(model: &ThreatModel, id: &str) -> Option<Target> {
    let target = [
        Target::Element(ElementId::new(id)),
        Target::Flow(crate::model::FlowId::new(id)),
        Target::Boundary(crate::model::BoundaryId::new(id)),
    ];
    target.into_iter().find(|t| model.contains(t))
}
