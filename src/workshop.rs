//! The guided workshop's walks: which elements and threats each step goes through, in what
//! order, and how to move along. Pure: the UI shows the result and sends the moves back as
//! `Command::SetWorkshop`.

use std::cmp::Reverse;
use std::collections::HashMap;

use crate::model::{ElementId, FlowId, Target, ThreatModel, Workshop, WorkshopStep};
use crate::risk::RiskLevel;
use crate::threats::{Analysis, Threat};

/// How many threats Mitigate walks when none is high or critical.
const MITIGATE_AT_LEAST: usize = 5;

/// What a step walks through, in order: element and flow ids (Identify) or threat keys
/// (Assess, Mitigate). Understand and Document have nothing to walk.
pub fn walk(step: WorkshopStep, model: &ThreatModel, analysis: &Analysis, priority: &[usize]) -> Vec<String> {
    let open_in_priority = || priority.iter().filter_map(|&i| analysis.threats.get(i)).filter(|t| t.status.is_open());
    match step {
        WorkshopStep::Understand | WorkshopStep::Document => Vec::new(),
        WorkshopStep::Identify => {
            let mut highest: HashMap<&str, RiskLevel> = HashMap::new();
            for threat in &analysis.threats {
                let risk = highest.entry(threat.target.id()).or_insert(threat.suggested.2);
                *risk = (*risk).max(threat.suggested.2);
            }
            let mut parts: Vec<(&str, RiskLevel)> = model
                .elements
                .iter()
                .map(|e| e.id.as_str())
                .chain(model.flows.iter().map(|f| f.id.as_str()))
                .map(|id| (id, highest.get(id).copied().unwrap_or(RiskLevel::Low)))
                .collect();
            // Stable: parts of equal risk keep the model's order.
            parts.sort_by_key(|&(_, risk)| Reverse(risk));
            parts.into_iter().map(|(id, _)| id.to_owned()).collect()
        }
        // Riskiest first by the engine's suggested rating, not the user's: rating a threat
        // along the way must not make the walk jump around under the room's feet.
        WorkshopStep::Assess => {
            let mut open: Vec<&Threat> = analysis.threats.iter().filter(|t| t.status.is_open()).collect();
            open.sort_by_key(|t| Reverse(t.suggested.2));
            open.into_iter().map(Threat::key).collect()
        }
        WorkshopStep::Mitigate => {
            let top: Vec<String> = open_in_priority().filter(|t| t.risk >= RiskLevel::High).map(|t| t.key()).collect();
            if top.len() >= MITIGATE_AT_LEAST {
                top
            } else {
                open_in_priority().take(MITIGATE_AT_LEAST.max(top.len())).map(|t| t.key()).collect()
            }
        }
    }
}

/// Where `focus` is in the walk: its index, or the first item when it is not (or no longer) in it.
pub fn position(items: &[String], focus: &str) -> Option<usize> {
    if items.is_empty() {
        return None;
    }
    Some(items.iter().position(|item| item == focus).unwrap_or(0))
}

/// The workshop one item further (`forward`) or back; past the end of a walk it goes on to the
/// first item of the next step, before its start back to the previous step.
pub fn moved(workshop: &Workshop, items_of: impl Fn(WorkshopStep) -> Vec<String>, forward: bool) -> Workshop {
    let items = items_of(workshop.step);
    match items.iter().position(|item| *item == workshop.focus) {
        Some(at) => {
            let next = if forward { at.checked_add(1) } else { at.checked_sub(1) };
            if let Some(item) = next.and_then(|i| items.get(i)) {
                return Workshop { step: workshop.step, focus: item.clone() };
            }
        }
        // The focus left the walk (a threat was settled, a part deleted): what took its place.
        None if !items.is_empty() => return at_step(workshop.step, &items, forward),
        None => {}
    }
    let step = if forward { workshop.step.next() } else { workshop.step.previous() };
    match step {
        Some(step) => at_step(step, &items_of(step), forward),
        None => workshop.clone(),
    }
}

/// The workshop at the start (or, going back, the end) of `step`.
pub fn at_step(step: WorkshopStep, items: &[String], from_start: bool) -> Workshop {
    let focus = if from_start { items.first() } else { items.last() };
    Workshop { step, focus: focus.cloned().unwrap_or_default() }
}

/// The suggestions on one part in the order Identify shows them: riskiest first by the
/// engine's rating, otherwise as the engine found them.
pub fn suggestions_on<'a>(analysis: &'a Analysis, target: &'a Target) -> Vec<&'a Threat> {
    let mut threats: Vec<&Threat> = analysis.for_target(target).collect();
    threats.sort_by_key(|t| Reverse(t.suggested.2));
    threats
}

/// The element or flow an Identify focus names.
pub fn focus_target(model: &ThreatModel, focus: &str) -> Option<Target> {
    let element = ElementId::new(focus);
    if model.element(&element).is_some() {
        return Some(Target::Element(element));
    }
    let flow = FlowId::new(focus);
    model.flow(&flow).is_some().then_some(Target::Flow(flow))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::Template;
    use crate::risk::priority_indices;
    use crate::threats::{Catalogue, analyze};

    #[test]
    fn each_step_walks_what_it_is_about() {
        let model = Template::sample().model().unwrap();
        let analysis = analyze(&model, Catalogue::builtin());
        let priority = priority_indices(&model, &analysis.threats);
        let identify = walk(WorkshopStep::Identify, &model, &analysis, &priority);
        assert_eq!(identify.len(), model.elements.len() + model.flows.len());
        let highest_on =
            |id: &str| analysis.threats.iter().filter(|t| t.target.id() == id).map(|t| t.suggested.2).max();
        let risks: Vec<_> = identify.iter().map(|id| highest_on(id)).collect();
        assert!(risks.windows(2).all(|w| w[0] >= w[1]), "riskiest parts first: {risks:?}");
        let assess = walk(WorkshopStep::Assess, &model, &analysis, &priority);
        assert_eq!(assess.len(), analysis.threats.iter().filter(|t| t.status.is_open()).count());
        let risk_of = |key: &str| analysis.threats.iter().find(|t| t.has_key(key)).unwrap().suggested.2;
        assert_eq!(risk_of(&assess[0]), analysis.threats.iter().map(|t| t.suggested.2).max().unwrap());
        assert!(assess.windows(2).all(|w| risk_of(&w[0]) >= risk_of(&w[1])), "riskiest first");
        let mitigate = walk(WorkshopStep::Mitigate, &model, &analysis, &priority);
        assert!(mitigate.len() >= MITIGATE_AT_LEAST && mitigate.len() < assess.len());
        assert!(walk(WorkshopStep::Document, &model, &analysis, &priority).is_empty());
    }

    #[test]
    fn a_rating_made_along_the_way_does_not_reorder_the_walk() {
        let mut model = Template::sample().model().unwrap();
        let before = {
            let analysis = analyze(&model, Catalogue::builtin());
            walk(WorkshopStep::Assess, &model, &analysis, &priority_indices(&model, &analysis.threats))
        };
        let first = before[0].clone();
        let decision = model.decisions.entry(first).or_default();
        decision.likelihood = Some(crate::model::Level::Low);
        decision.impact = Some(crate::model::Level::Low);
        let analysis = analyze(&model, Catalogue::builtin());
        let after = walk(WorkshopStep::Assess, &model, &analysis, &priority_indices(&model, &analysis.threats));
        assert_eq!(before, after);
    }

    #[test]
    fn moving_runs_through_a_walk_and_on_to_the_next_step() {
        let items = |step: WorkshopStep| match step {
            WorkshopStep::Identify => vec!["e1".to_owned(), "e2".to_owned()],
            WorkshopStep::Assess => vec!["a@e1".to_owned()],
            _ => Vec::new(),
        };
        let start = at_step(WorkshopStep::Identify, &items(WorkshopStep::Identify), true);
        assert_eq!(start.focus, "e1");
        let second = moved(&start, items, true);
        assert_eq!(second.focus, "e2");
        let assess = moved(&second, items, true);
        assert_eq!((assess.step, assess.focus.as_str()), (WorkshopStep::Assess, "a@e1"));
        let back = moved(&assess, items, false);
        assert_eq!((back.step, back.focus.as_str()), (WorkshopStep::Identify, "e2"));
        let understand = moved(&start, items, false);
        assert_eq!(understand.step, WorkshopStep::Understand);
        let done = Workshop { step: WorkshopStep::Document, focus: String::new() };
        assert_eq!(moved(&done, items, true), done, "the last step stays");
        // A focus that left the walk (a settled threat, a deleted part) goes to what is first now.
        let stale = Workshop { step: WorkshopStep::Identify, focus: "gone".into() };
        assert_eq!(moved(&stale, items, true).focus, "e1");
    }
}
