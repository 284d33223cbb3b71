//! The engine: a pure, deterministic function from a model and a catalogue to threats, each
//! with its key `rule_id@target_id`, why it was suggested, and the user's decision applied.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::catalogue::{Applies, Catalogue, ElementMatch, FlowMatch, Rule, applies_to_kind};
use crate::model::{
    BoundaryKind, DataClass, Decision, Element, ElementId, ElementType, Flow, KindCatalog, Level, OwnThreat,
    SeedCategory, Stride, Target, ThreatModel, ThreatStatus, Tri,
};
use crate::risk::{RiskLevel, risk_level};

/// Where a threat comes from.
#[derive(Clone, Debug)]
pub enum Origin {
    Rule(Arc<Rule>),
    Own(OwnThreat),
}

/// One threat on one element or flow, as the user sees it.
#[derive(Clone, Debug)]
pub struct Threat {
    /// `rule_id@target_id`: where the user's decision is stored.
    pub key: String,
    pub target: Target,
    pub origin: Origin,
    pub stride: Stride,
    pub category: SeedCategory,
    /// The user's wording when they edited it, else the catalogue's.
    pub title: String,
    /// Why it was suggested, in plain words: the answers and crossings that made it fire.
    pub why: Vec<String>,
    /// It fired because something is not known yet: its question is the next step.
    pub open_question: bool,
    pub likelihood: Level,
    pub impact: Level,
    pub risk: RiskLevel,
    pub status: ThreatStatus,
    /// A copy of the stored decision, so that results outlive the model they came from.
    pub decision: Option<Decision>,
}

impl Threat {
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
}

/// What the engine knows about an element's surroundings, worked out once per analysis.
struct ElementContext<'a> {
    element: &'a Element,
    element_type: ElementType,
    inside: HashSet<BoundaryKind>,
    receives_from: Vec<(&'a str, &'a Element)>,
    sends_to: Vec<(&'a str, &'a Element)>,
    data: HashSet<DataClass>,
    internet_exposed: bool,
}

/// Runs the catalogue over the model and applies the user's decisions.
pub fn analyze(model: &ThreatModel, catalogue: &Catalogue) -> Analysis {
    let kinds = KindCatalog::builtin();
    let by_id: HashMap<&ElementId, &Element> = model.elements.iter().map(|e| (&e.id, e)).collect();
    let boundary_kinds: HashMap<_, _> = model.boundaries.iter().map(|b| (&b.id, b.kind)).collect();

    let flow_crossings: Vec<HashSet<BoundaryKind>> = model
        .flows
        .iter()
        .map(|f| model.crossings(f).iter().filter_map(|c| boundary_kinds.get(&c.boundary).copied()).collect())
        .collect();

    let mut contexts: HashMap<&ElementId, ElementContext> = model
        .elements
        .iter()
        .map(|element| {
            let inside: HashSet<BoundaryKind> =
                model.boundaries_of(&element.id).iter().filter_map(|b| boundary_kinds.get(b).copied()).collect();
            let element_type = kinds.kind(&element.kind).map_or(ElementType::Process, |k| k.element_type);
            let internet_exposed =
                inside.contains(&BoundaryKind::Internet) || element.property("internet_facing") == Tri::Yes;
            let context = ElementContext {
                element,
                element_type,
                inside,
                receives_from: Vec::new(),
                sends_to: Vec::new(),
                data: HashSet::new(),
                internet_exposed,
            };
            (&element.id, context)
        })
        .collect();
    for (flow, crossings) in model.flows.iter().zip(&flow_crossings) {
        let (Some(from), Some(to)) = (by_id.get(&flow.from), by_id.get(&flow.to)) else { continue };
        if let Some(context) = contexts.get_mut(&flow.from) {
            context.sends_to.push((to.kind.as_str(), to));
            context.data.extend(flow.data.iter().copied());
        }
        if let Some(context) = contexts.get_mut(&flow.to) {
            context.receives_from.push((from.kind.as_str(), from));
            context.data.extend(flow.data.iter().copied());
            if crossings.contains(&BoundaryKind::Internet) {
                context.internet_exposed = true;
            }
        }
    }

    let element_rules: Vec<(&Arc<Rule>, &ElementMatch)> = catalogue
        .rules
        .iter()
        .filter_map(|r| match &r.applies {
            Applies::Element(m) => Some((r, m)),
            Applies::Flow(_) => None,
        })
        .collect();
    let flow_rules: Vec<(&Arc<Rule>, &FlowMatch)> = catalogue
        .rules
        .iter()
        .filter_map(|r| match &r.applies {
            Applies::Flow(m) => Some((r, m)),
            Applies::Element(_) => None,
        })
        .collect();

    let mut threats = Vec::new();
    for element in &model.elements {
        let Some(context) = contexts.get(&element.id) else { continue };
        let target = Target::Element(element.id.clone());
        let fired: Vec<(&Arc<Rule>, Firing)> = element_rules
            .iter()
            .filter_map(|(rule, m)| fire_element(rule, m, context, kinds).map(|f| (*rule, f)))
            .collect();
        push_fired(&mut threats, model, &target, element.id.as_str(), fired);
    }
    for (flow, crossings) in model.flows.iter().zip(&flow_crossings) {
        let (Some(from), Some(to)) = (by_id.get(&flow.from), by_id.get(&flow.to)) else { continue };
        let target = Target::Flow(flow.id.clone());
        let fired: Vec<(&Arc<Rule>, Firing)> = flow_rules
            .iter()
            .filter_map(|(rule, m)| fire_flow(rule, m, flow, from, to, crossings).map(|f| (*rule, f)))
            .collect();
        push_fired(&mut threats, model, &target, flow.id.as_str(), fired);
    }

    let mut orphaned_own = Vec::new();
    for own in &model.own_threats {
        let Some(target) = target_of(model, &own.target) else {
            orphaned_own.push(own.clone());
            continue;
        };
        let key = format!("{}@{}", own.id, own.target);
        let decision = model.decisions.get(&key);
        let (likelihood, impact) = (Level::Medium, Level::Medium);
        threats.push(Threat {
            key,
            target,
            origin: Origin::Own(own.clone()),
            stride: own.stride,
            category: own.category,
            title: decision.and_then(|d| d.title.clone()).unwrap_or_else(|| own.title.clone()),
            why: vec!["Added by hand".to_owned()],
            open_question: false,
            likelihood,
            impact,
            risk: risk_level(likelihood, impact),
            status: decision.map_or(ThreatStatus::Open, |d| d.status),
            decision: decision.cloned(),
        });
    }

    let orphaned = model
        .decisions
        .iter()
        .filter(|(key, _)| key.rsplit_once('@').is_none_or(|(_, target)| target_of(model, target).is_none()))
        .map(|(key, decision)| (key.clone(), decision.clone()))
        .collect();
    Analysis { threats, orphaned, orphaned_own }
}

/// Why and how strongly a rule fired on one target.
struct Firing {
    why: Vec<String>,
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
    let specific: HashSet<Stride> = fired.iter().filter(|(r, _)| !r.fallback).map(|(r, _)| r.stride).collect();
    for (rule, firing) in fired {
        if rule.fallback && specific.contains(&rule.stride) {
            continue;
        }
        let key = format!("{}@{target_id}", rule.id);
        let decision = model.decisions.get(&key);
        threats.push(Threat {
            key,
            target: target.clone(),
            origin: Origin::Rule(Arc::clone(rule)),
            stride: rule.stride,
            category: rule.category,
            title: decision.and_then(|d| d.title.clone()).unwrap_or_else(|| rule.title.clone()),
            why: firing.why,
            open_question: firing.open_question,
            likelihood: firing.likelihood,
            impact: firing.impact,
            risk: risk_level(firing.likelihood, firing.impact),
            status: decision.map_or(ThreatStatus::Open, |d| d.status),
            decision: decision.cloned(),
        });
    }
}

fn fire_element(rule: &Rule, m: &ElementMatch, context: &ElementContext, kinds: &KindCatalog) -> Option<Firing> {
    let element = context.element;
    if !applies_to_kind(m, &element.kind, context.element_type) {
        return None;
    }
    let mut why = Vec::new();
    if !m.inside.is_empty() {
        let kind = m.inside.iter().find(|k| context.inside.contains(k))?;
        why.push(format!("It sits inside the {} boundary", kind.label()));
    }
    if m.outside.iter().any(|k| context.inside.contains(k)) {
        return None;
    }
    if !m.receives_from.is_empty() {
        let (_, source) = context.receives_from.iter().find(|(kind, _)| m.receives_from.iter().any(|k| k == kind))?;
        why.push(format!("It is triggered by data from {} ({})", source.name, kinds.kind_name(&source.kind)));
    }
    if !m.sends_to.is_empty() {
        let (_, sink) = context.sends_to.iter().find(|(kind, _)| m.sends_to.iter().any(|k| k == kind))?;
        why.push(format!("It sends data to {} ({})", sink.name, kinds.kind_name(&sink.kind)));
    }
    if !m.handles_data.is_empty() {
        let class = m.handles_data.iter().find(|c| context.data.contains(c))?;
        why.push(format!("It handles {}", class.label().to_lowercase()));
    }
    let mut open_question = false;
    for (property, values) in &rule.when {
        let answer = element.property(property);
        if !values.contains(&answer) {
            return None;
        }
        open_question |= answer == Tri::Unknown;
        let label = kinds.property(property).map_or(property.as_str(), |p| p.label.as_str());
        why.push(format!("{label}: {}", answer.label().to_lowercase()));
    }
    if why.is_empty() && rule.fallback {
        why.push(format!(
            "Every {} is checked for {}",
            element_type_name(context.element_type),
            rule.stride.label().to_lowercase()
        ));
    } else if why.is_empty() {
        why.push(format!("It is a {}", kinds.kind_name(&element.kind).to_lowercase()));
    }

    let mut likelihood = rule.likelihood;
    for (property, value) in &rule.lowered_by {
        if element.property(property) == *value {
            likelihood = likelihood.lowered();
            let label = kinds.property(property).map_or(property.as_str(), |p| p.label.as_str());
            why.push(format!("Less likely: {label}"));
        }
    }
    if rule.internet_raises_likelihood && context.internet_exposed {
        likelihood = likelihood.raised();
        why.push("More likely: reachable from the internet".to_owned());
    }
    let mut impact = rule.impact;
    if rule.sensitive_data_raises_impact
        && let Some(class) = sensitive(&context.data)
    {
        impact = impact.raised();
        why.push(format!("Worse: it handles {}", class.label().to_lowercase()));
    }
    Some(Firing { why, open_question, likelihood, impact })
}

fn fire_flow(
    rule: &Rule,
    m: &FlowMatch,
    flow: &Flow,
    from: &Element,
    to: &Element,
    crossings: &HashSet<BoundaryKind>,
) -> Option<Firing> {
    if !m.from_kinds.is_empty() && !m.from_kinds.contains(&from.kind) {
        return None;
    }
    if !m.to_kinds.is_empty() && !m.to_kinds.contains(&to.kind) {
        return None;
    }
    let mut why = Vec::new();
    if !m.crosses.is_empty() {
        let kind = m.crosses.iter().find(|k| crossings.contains(k))?;
        why.push(format!("It crosses the {} boundary", kind.label()));
    }
    if m.not_crosses.iter().any(|k| crossings.contains(k)) {
        return None;
    }
    let mut open_question = false;
    for (values, answer, what) in
        [(&m.encrypted, flow.encrypted, "Encrypted"), (&m.authenticated, flow.authenticated, "Sender authenticated")]
    {
        if values.is_empty() {
            continue;
        }
        if !values.contains(&answer) {
            return None;
        }
        open_question |= answer == Tri::Unknown;
        why.push(format!("{what}: {}", answer.label().to_lowercase()));
    }
    if !m.data.is_empty() {
        let class = m.data.iter().find(|c| flow.data.contains(c))?;
        why.push(format!("It carries {}", class.label().to_lowercase()));
    }
    if why.is_empty() {
        why.push(if rule.fallback {
            format!("Every data flow is checked for {}", rule.stride.label().to_lowercase())
        } else {
            format!("It goes from {} to {}", from.name, to.name)
        });
    }
    let mut likelihood = rule.likelihood;
    if rule.internet_raises_likelihood && crossings.contains(&BoundaryKind::Internet) {
        likelihood = likelihood.raised();
        why.push("More likely: it crosses the internet".to_owned());
    }
    let mut impact = rule.impact;
    if rule.sensitive_data_raises_impact
        && let Some(class) = sensitive(&flow.data.iter().copied().collect())
    {
        impact = impact.raised();
        why.push(format!("Worse: it carries {}", class.label().to_lowercase()));
    }
    Some(Firing { why, open_question, likelihood, impact })
}

/// The most sensitive class that raises impact: card, health or credentials.
fn sensitive(data: &HashSet<DataClass>) -> Option<DataClass> {
    [DataClass::PaymentCard, DataClass::Health, DataClass::Credentials].into_iter().find(|c| data.contains(c))
}

fn element_type_name(element_type: ElementType) -> &'static str {
    match element_type {
        ElementType::ExternalEntity => "outside party",
        ElementType::Process => "running part",
        ElementType::DataStore => "data store",
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
