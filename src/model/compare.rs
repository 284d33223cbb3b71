//! What differs between two versions of a model, in words: for a recovered copy against the
//! saved file, or the file on disk against what is open.

use std::collections::BTreeMap;

use super::ThreatModel;

/// The differences from `before` to `after`, one line each, in model order: parts added,
/// removed, renamed or changed, answers, decisions and threats of one's own. Moves on the
/// canvas are counted in one line.
pub fn differences(before: &ThreatModel, after: &ThreatModel) -> Vec<String> {
    let mut lines = Vec::new();
    let old: BTreeMap<&str, _> = before.elements.iter().map(|e| (e.id.as_str(), e)).collect();
    let new: BTreeMap<&str, _> = after.elements.iter().map(|e| (e.id.as_str(), e)).collect();
    for element in &after.elements {
        match old.get(element.id.as_str()) {
            None => lines.push(format!("Added {}", element.name)),
            Some(was) => {
                if was.name != element.name {
                    lines.push(format!("Renamed {} to {}", was.name, element.name));
                }
                if was.kind != element.kind {
                    lines.push(format!("Changed the kind of {}", element.name));
                }
                if was.properties != element.properties {
                    lines.push(format!("Changed answers on {}", element.name));
                }
                if was.description != element.description || was.critical != element.critical {
                    lines.push(format!("Changed the description of {}", element.name));
                }
            }
        }
    }
    lines.extend(
        before.elements.iter().filter(|e| !new.contains_key(e.id.as_str())).map(|e| format!("Removed {}", e.name)),
    );

    let old_flows: BTreeMap<&str, _> = before.flows.iter().map(|f| (f.id.as_str(), f)).collect();
    let new_flows: BTreeMap<&str, _> = after.flows.iter().map(|f| (f.id.as_str(), f)).collect();
    let flow_name = |model: &ThreatModel, id: &super::FlowId| {
        model.display_name(&super::Target::Flow(id.clone())).unwrap_or_else(|| id.to_string())
    };
    for flow in &after.flows {
        match old_flows.get(flow.id.as_str()) {
            None => lines.push(format!("Added the flow {}", flow_name(after, &flow.id))),
            Some(was) if *was != flow => lines.push(format!("Changed the flow {}", flow_name(after, &flow.id))),
            Some(_) => {}
        }
    }
    lines.extend(
        before
            .flows
            .iter()
            .filter(|f| !new_flows.contains_key(f.id.as_str()))
            .map(|f| format!("Removed the flow {}", flow_name(before, &f.id))),
    );

    let old_boundaries: BTreeMap<&str, _> = before.boundaries.iter().map(|b| (b.id.as_str(), b)).collect();
    for boundary in &after.boundaries {
        match old_boundaries.get(boundary.id.as_str()) {
            None => lines.push(format!("Added the boundary {}", boundary.name)),
            Some(was) if *was != boundary => lines.push(format!("Changed the boundary {}", boundary.name)),
            Some(_) => {}
        }
    }
    let kept: Vec<&str> = after.boundaries.iter().map(|b| b.id.as_str()).collect();
    lines.extend(
        before
            .boundaries
            .iter()
            .filter(|b| !kept.contains(&b.id.as_str()))
            .map(|b| format!("Removed the boundary {}", b.name)),
    );

    let decided = |model: &ThreatModel| model.decisions.len();
    let changed_decisions = after.decisions.iter().filter(|(key, d)| before.decisions.get(*key) != Some(d)).count()
        + before.decisions.keys().filter(|key| !after.decisions.contains_key(*key)).count();
    if changed_decisions > 0 {
        lines.push(format!(
            "{changed_decisions} decision(s) on threats differ ({} before, {} now)",
            decided(before),
            decided(after)
        ));
    }
    if before.own_threats != after.own_threats {
        lines.push(format!(
            "Threats of your own differ ({} before, {} now)",
            before.own_threats.len(),
            after.own_threats.len()
        ));
    }
    let moved = after
        .elements
        .iter()
        .filter(|e| old.contains_key(e.id.as_str()))
        .filter(|e| before.layout.elements.get(&e.id) != after.layout.elements.get(&e.id))
        .count();
    if moved > 0 {
        lines.push(format!("{moved} element(s) moved on the canvas"));
    }
    let settings = before.name != after.name
        || before.description != after.description
        || before.scale != after.scale
        || before.compliance != after.compliance
        || before.review != after.review;
    if settings {
        lines.push("The model's name, description, scale, regulations or review differ".to_owned());
    }
    lines
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::model::{Answer, Decision, ElementId, Point, ThreatStatus};

    #[test]
    fn every_kind_of_change_is_said_once_and_the_same_model_says_nothing() {
        let before = crate::io::templates::Template::sample().model().unwrap();
        assert!(differences(&before, &before).is_empty());
        let mut after = before.clone();
        after.elements[0].name = "Shop page".into();
        after.elements[1].set_answer("waf", Some(Answer::Yes));
        after.elements.retain(|e| e.id.as_str() != "e6");
        after.flows.retain(|f| f.to.as_str() != "e6");
        after.layout.elements.insert(ElementId::new("e2"), Point::new(1.0, 1.0));
        after.decisions.insert(
            "api-without-authorizer@e2".into(),
            Decision { status: ThreatStatus::Mitigated, ..Decision::default() },
        );
        let lines = differences(&before, &after);
        assert!(lines.contains(&"Renamed Customer browser to Shop page".to_owned()), "{lines:?}");
        assert!(lines.contains(&"Changed answers on API gateway".to_owned()), "{lines:?}");
        assert!(lines.contains(&"Removed Email service".to_owned()), "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with("Removed the flow Confirmation email")), "{lines:?}");
        assert!(lines.iter().any(|l| l.starts_with("1 decision(s) on threats differ")), "{lines:?}");
        assert!(lines.contains(&"1 element(s) moved on the canvas".to_owned()), "{lines:?}");
    }
}
