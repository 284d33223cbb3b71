//! Whether a rule fits an element or a flow, and if it does, whether the stated answers let it
//! fire. A rule can fit a target's shape (its kind, boundaries, neighbours, data) and still be
//! answered by what the user stated: then it has spoken for its STRIDE category there, and the
//! generic rule of that category stays quiet too.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::catalogue::{ElementMatch, Expects, FlowMatch, Rule, applies_to_kind};
use super::context::{Bits, ElementContext, boundary_bit, data_bit, data_bits, element_asks};
use super::rating::{Axis, Draft, Worse, worse};
use super::reasons::{FlowFact, NamedPhrase, Phrase, Phrases};
use crate::model::{Answers, BoundaryKind, Compliance, Element, Flow, KindCatalog, Level, Scale, Tri};

/// Why and how strongly a rule fired on one target.
pub(super) struct Firing {
    pub(super) why: Vec<Arc<str>>,
    pub(super) open_question: bool,
    pub(super) likelihood: Level,
    pub(super) impact: Level,
    pub(super) factors: Vec<super::Factor>,
}

/// What a rule that fits a target's shape makes of it.
pub(super) enum Outcome {
    Fires(Firing),
    /// The stated answers rule it out here.
    Answered,
}

impl Outcome {
    fn fires(why: Vec<Arc<str>>, open_question: bool, draft: Draft) -> Self {
        let Draft { likelihood, impact, factors, .. } = draft;
        Self::Fires(Firing { why, open_question, likelihood, impact, factors })
    }
}

/// The model-wide settings a rating depends on.
#[derive(Clone, Copy)]
pub(super) struct Settings<'a> {
    pub(super) scale: Scale,
    pub(super) compliance: &'a BTreeSet<Compliance>,
    pub(super) kinds: &'static KindCatalog,
}

/// What a rule's conditions make of a target's answers.
enum Verdict {
    /// Every condition holds; `true` when an unknown answer was needed: then it is a question.
    Holds(bool),
    /// A condition that fires while unknown (a control) has a stated answer that rules it out.
    Answered,
    /// A condition that needs a stated answer (`[Yes]`: "has admin rights") does not hold: the
    /// rule is not about this target at all.
    NotApplicable,
}

/// Checks the rule's conditions against answers; `asks` says which questions exist there.
///
/// A rule's question is about its controls (questions with a safe answer: "Is there an
/// authorizer?"), not the facts that place it ("Reachable from the internet"): it stays open
/// while a control is unknown, and once every control is answered, an unknown fact does not
/// reopen it. A rule with no control in its conditions asks about its facts.
fn conditions_hold(conditions: &BTreeMap<String, Expects>, answers: &Answers, asks: impl Fn(&str) -> bool) -> Verdict {
    let kinds = KindCatalog::builtin();
    let (mut unknown_control, mut unknown_fact, mut has_control) = (false, false, false);
    let mut answered = false;
    for (property, expects) in conditions {
        if !asks(property) {
            continue;
        }
        let control = kinds.property(property).is_some_and(|p| p.safe.is_some());
        has_control |= control;
        let answer = answers.get(property);
        if expects.matches(answer) {
            if answer.is_none() {
                if control {
                    unknown_control = true;
                } else {
                    unknown_fact = true;
                }
            }
        } else if expects.accepts_unknown() {
            answered = true;
        } else {
            return Verdict::NotApplicable;
        }
    }
    let open_question = unknown_control || (unknown_fact && !has_control);
    if answered { Verdict::Answered } else { Verdict::Holds(open_question) }
}

/// Whether a flow asks this question, given its other answers.
fn flow_asks(flow: &Flow, property: &str) -> bool {
    let catalog = KindCatalog::builtin();
    catalog.flow_properties.iter().any(|p| p == property)
        && catalog.property(property).is_some_and(|p| p.is_asked(&flow.properties))
}

/// The factors of `lowered_by` and `raised_by` that hold for these answers.
fn stated_factors(
    rule: &Rule,
    answers: &Answers,
    asks: impl Fn(&str) -> bool,
    draft: &mut Draft,
    phrases: &mut Phrases,
) {
    for (conditions, raises) in [(&rule.lowered_by, false), (&rule.raised_by, true)] {
        for (property, expects) in conditions {
            let answer = answers.get(property);
            // Only a stated answer moves a rating; unknown is no evidence either way.
            if asks(property) && answer.is_some() && expects.matches(answer) {
                draft.move_by(Axis::Likelihood, raises, phrases.answer(property, answer.cloned()));
            }
        }
    }
}

/// Impact one level up for card, health or credential data, or data a regulation in scope
/// protects.
fn sensitive_factor(
    rule: &Rule,
    data: Bits,
    settings: Settings,
    carried: bool,
    draft: &mut Draft,
    phrases: &mut Phrases,
) {
    if !rule.sensitive_data_raises_impact {
        return;
    }
    let phrase = match worse(data, settings.compliance) {
        Some(Worse::Sensitive(class)) if carried => Phrase::WorseCarries(class),
        Some(Worse::Sensitive(class)) => Phrase::WorseHandles(class),
        Some(Worse::Scoped(scope)) => Phrase::WorseScoped(scope),
        None => return,
    };
    draft.move_by(Axis::Impact, true, phrases.get(phrase));
}

pub(super) fn match_element(
    rule: &Rule,
    m: &ElementMatch,
    context: &ElementContext,
    settings: Settings,
    phrases: &mut Phrases,
) -> Option<Outcome> {
    let element: &Element = context.element;
    if !applies_to_kind(m, &element.kind, context.element_type) {
        return None;
    }
    if m.outside.iter().any(|k| context.inside.contains(boundary_bit(*k))) {
        return None;
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
    // The shape fits: from here on only the answers decide.
    let asks = |property: &str| context.asks(property);
    let open_question = match conditions_hold(&rule.when, &element.properties, asks) {
        Verdict::Holds(open_question) => open_question,
        Verdict::Answered => return Some(Outcome::Answered),
        Verdict::NotApplicable => return None,
    };

    let kinds = settings.kinds;
    let mut why = Vec::with_capacity(rule.when.len() + 2);
    why.extend(inside.map(|kind| phrases.get(Phrase::Inside(kind))));
    why.extend(source.map(|e| phrases.named(NamedPhrase::TriggeredBy, e, kinds)));
    why.extend(sink.map(|e| phrases.named(NamedPhrase::SendsTo, e, kinds)));
    why.extend(handled.map(|class| phrases.get(Phrase::Handles(class))));
    for property in rule.when.keys().filter(|p| context.asks(p)) {
        why.push(phrases.answer(property, element.answer(property).cloned()));
    }
    if why.is_empty() {
        why.push(if rule.fallback {
            phrases.get(Phrase::Checked(Some(context.element_type), rule.stride))
        } else {
            phrases.get(Phrase::IsA(context.kind.map_or("element", |k| k.name.as_str())))
        });
    }

    let mut draft = Draft::new(settings.scale, rule.likelihood, rule.impact);
    stated_factors(rule, &element.properties, asks, &mut draft, phrases);
    if rule.internet_raises_likelihood && context.internet_exposed {
        draft.move_by(Axis::Likelihood, true, phrases.get(Phrase::Exposed));
    }
    sensitive_factor(rule, context.data, settings, false, &mut draft, phrases);
    Some(Outcome::fires(why, open_question, draft))
}

pub(super) fn match_flow(
    rule: &Rule,
    m: &FlowMatch,
    flow: &Flow,
    (from, to): (&Element, &Element),
    crossings: Bits,
    settings: Settings,
    phrases: &mut Phrases,
) -> Option<Outcome> {
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
    let carried = match m.data.as_slice() {
        [] => None,
        wanted => Some(*wanted.iter().find(|c| flow.data.contains(c))?),
    };
    // The shape fits: from here on only the answers decide.
    let mut open_question = false;
    let mut answered = false;
    let mut answers = Vec::new();
    for (values, answer, which) in [
        (&m.encrypted, flow.encrypted, FlowFact::Encrypted),
        (&m.authenticated, flow.authenticated, FlowFact::Authenticated),
    ] {
        if values.is_empty() {
            continue;
        }
        if values.contains(&answer) {
            open_question |= answer == Tri::Unknown;
            answers.push(Phrase::FlowAnswer(which, answer));
        } else if values.contains(&Tri::Unknown) {
            answered = true;
        } else {
            return None;
        }
    }
    let asks = |property: &str| flow_asks(flow, property);
    let ends = [(&m.from_when, from), (&m.to_when, to)]
        .map(|(conditions, end)| conditions_hold(conditions, &end.properties, |p| element_asks(end, p)));
    for verdict in std::iter::once(conditions_hold(&rule.when, &flow.properties, asks)).chain(ends) {
        match verdict {
            Verdict::NotApplicable => return None,
            Verdict::Answered => answered = true,
            Verdict::Holds(open) => open_question |= open,
        }
    }
    if answered {
        return Some(Outcome::Answered);
    }

    let mut why = Vec::with_capacity(3);
    why.extend(crossed.map(|kind| phrases.get(Phrase::Crosses(kind))));
    why.extend(answers.into_iter().map(|phrase| phrases.get(phrase)));
    for property in rule.when.keys().filter(|p| asks(p)) {
        why.push(phrases.answer(property, flow.answer(property).cloned()));
    }
    for (conditions, end) in [(&m.from_when, from), (&m.to_when, to)] {
        for property in conditions.keys().filter(|p| element_asks(end, p)) {
            why.push(phrases.answer(property, end.answer(property).cloned()));
        }
    }
    why.extend(carried.map(|class| phrases.get(Phrase::Carries(class))));
    if why.is_empty() {
        why.push(if rule.fallback {
            phrases.get(Phrase::Checked(None, rule.stride))
        } else {
            phrases.get(Phrase::Between(from.name.clone(), to.name.clone()))
        });
    }
    let mut draft = Draft::new(settings.scale, rule.likelihood, rule.impact);
    stated_factors(rule, &flow.properties, asks, &mut draft, phrases);
    if rule.internet_raises_likelihood && crossings.contains(boundary_bit(BoundaryKind::Internet)) {
        draft.move_by(Axis::Likelihood, true, phrases.get(Phrase::CrossesInternet));
    }
    sensitive_factor(rule, data_bits(flow.data.iter().copied()), settings, true, &mut draft, phrases);
    Some(Outcome::fires(why, open_question, draft))
}
