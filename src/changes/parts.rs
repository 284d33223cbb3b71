//! Elements, flows and boundaries compared by id: added, removed, and for those on both sides
//! what changed. A move on the canvas is counted; a move into or out of a boundary is listed.

use std::collections::{BTreeSet, HashMap};

use super::{Detail, PartChange};
use crate::model::{Answer, Answers, Element, ElementId, KindCatalog, ThreatModel};

/// Element changes, and how many elements only moved.
pub fn elements(before: &ThreatModel, after: &ThreatModel) -> (Vec<PartChange>, usize) {
    let old: HashMap<&ElementId, (usize, &Element)> =
        before.elements.iter().enumerate().map(|(at, e)| (&e.id, (at, e))).collect();
    let (old_inside, new_inside) = (membership(before), membership(after));
    let catalog = KindCatalog::builtin();
    let mut changes = Vec::new();
    let mut moved = 0;
    for (at, element) in after.elements.iter().enumerate() {
        let Some(&(was_at, was)) = old.get(&element.id) else {
            changes.push(PartChange::Added { id: element.id.to_string(), name: element.name.clone() });
            continue;
        };
        let mut details = Vec::new();
        if was.name != element.name {
            details.push(Detail::Renamed { from: was.name.clone(), to: element.name.clone() });
        }
        if was.kind != element.kind {
            let name = |kind: &str| catalog.kind_name(kind).to_owned();
            details.push(Detail::Kind { from: name(&was.kind), to: name(&element.kind) });
        }
        if was.description != element.description {
            details.push(Detail::Description);
        }
        if was.critical != element.critical {
            details.push(Detail::Critical { now: element.critical });
        }
        details.extend(answers(&was.properties, &element.properties));
        let (left, entered) = set_difference(&old_inside[was_at], &new_inside[at]);
        if !left.is_empty() || !entered.is_empty() {
            details.push(Detail::Boundaries { left, entered });
        }
        if details.is_empty() {
            moved += usize::from(before.layout.elements.get(&element.id) != after.layout.elements.get(&element.id));
        } else {
            changes.push(PartChange::Changed { id: element.id.to_string(), name: element.name.clone(), details });
        }
    }
    let now: BTreeSet<&ElementId> = after.elements.iter().map(|e| &e.id).collect();
    for element in before.elements.iter().filter(|e| !now.contains(&e.id)) {
        changes.push(PartChange::Removed { id: element.id.to_string(), name: element.name.clone() });
    }
    (changes, moved)
}

/// Each element's boundaries by name, in model order.
fn membership(model: &ThreatModel) -> Vec<BTreeSet<String>> {
    model
        .membership()
        .into_iter()
        .map(|inside| inside.into_iter().filter_map(|b| model.boundaries.get(b)).map(|b| b.name.clone()).collect())
        .collect()
}

fn set_difference(before: &BTreeSet<String>, after: &BTreeSet<String>) -> (Vec<String>, Vec<String>) {
    (before.difference(after).cloned().collect(), after.difference(before).cloned().collect())
}

/// Answers that differ, each with its question's label and both values in words.
fn answers(before: &Answers, after: &Answers) -> Vec<Detail> {
    let catalog = KindCatalog::builtin();
    let questions: BTreeSet<&String> = before.keys().chain(after.keys()).collect();
    let words = |question: &str, answer: Option<&Answer>| {
        answer.map(|a| catalog.property(question).map_or_else(|| a.to_string(), |p| p.describe(a)))
    };
    questions
        .into_iter()
        .filter(|q| before.get(*q) != after.get(*q))
        .map(|q| Detail::Answer {
            question: catalog.property(q).map_or_else(|| q.clone(), |p| p.label.clone()),
            before: words(q, before.get(q)),
            after: words(q, after.get(q)),
        })
        .collect()
}

pub fn flows(before: &ThreatModel, after: &ThreatModel) -> Vec<PartChange> {
    let old: HashMap<_, _> = before.flows.iter().map(|f| (&f.id, f)).collect();
    let name_in =
        |model: &ThreatModel, id: &ElementId| model.element(id).map_or_else(|| id.to_string(), |e| e.name.clone());
    let names_before: HashMap<&ElementId, &str> = before.elements.iter().map(|e| (&e.id, e.name.as_str())).collect();
    let names_after: HashMap<&ElementId, &str> = after.elements.iter().map(|e| (&e.id, e.name.as_str())).collect();
    let named = |names: &HashMap<&ElementId, &str>, model: &ThreatModel, id: &ElementId| {
        names.get(id).map_or_else(|| name_in(model, id), |n| (*n).to_owned())
    };
    let title = |label: &str, from: String, to: String| {
        if label.is_empty() { format!("{from} → {to}") } else { format!("{label} ({from} → {to})") }
    };
    let mut changes = Vec::new();
    for flow in &after.flows {
        let (from, to) = (named(&names_after, after, &flow.from), named(&names_after, after, &flow.to));
        let name = title(&flow.label, from.clone(), to.clone());
        let Some(was) = old.get(&flow.id) else {
            changes.push(PartChange::Added { id: flow.id.to_string(), name });
            continue;
        };
        let mut details = Vec::new();
        if was.label != flow.label {
            details.push(Detail::Renamed { from: was.label.clone(), to: flow.label.clone() });
        }
        if was.from != flow.from || was.to != flow.to {
            let before_ends = (named(&names_before, before, &was.from), named(&names_before, before, &was.to));
            details.push(Detail::Repointed { before: before_ends, after: (from, to) });
        }
        let settings = [
            ("Protocol", was.protocol.clone(), flow.protocol.clone()),
            ("Encrypted", was.encrypted.label().to_owned(), flow.encrypted.label().to_owned()),
            ("Signed in", was.authenticated.label().to_owned(), flow.authenticated.label().to_owned()),
            ("Data", data(&was.data), data(&flow.data)),
        ];
        for (setting, old_value, new_value) in settings {
            if old_value != new_value {
                details.push(Detail::FlowSetting { setting: setting.to_owned(), before: old_value, after: new_value });
            }
        }
        details.extend(answers(&was.properties, &flow.properties));
        if !details.is_empty() {
            changes.push(PartChange::Changed { id: flow.id.to_string(), name, details });
        }
    }
    let now: BTreeSet<_> = after.flows.iter().map(|f| &f.id).collect();
    for flow in before.flows.iter().filter(|f| !now.contains(&f.id)) {
        let name = title(&flow.label, named(&names_before, before, &flow.from), named(&names_before, before, &flow.to));
        changes.push(PartChange::Removed { id: flow.id.to_string(), name });
    }
    changes
}

fn data(classes: &BTreeSet<crate::model::DataClass>) -> String {
    let names: Vec<&str> = classes.iter().map(|c| c.label()).collect();
    if names.is_empty() { "none".to_owned() } else { names.join(", ") }
}

/// Boundary changes, and how many boundaries only moved or were resized.
pub fn boundaries(before: &ThreatModel, after: &ThreatModel) -> (Vec<PartChange>, usize) {
    let old: HashMap<_, _> = before.boundaries.iter().map(|b| (&b.id, b)).collect();
    let mut changes = Vec::new();
    let mut moved = 0;
    for boundary in &after.boundaries {
        let Some(was) = old.get(&boundary.id) else {
            changes.push(PartChange::Added { id: boundary.id.to_string(), name: boundary.name.clone() });
            continue;
        };
        let mut details = Vec::new();
        if was.name != boundary.name {
            details.push(Detail::Renamed { from: was.name.clone(), to: boundary.name.clone() });
        }
        if was.kind != boundary.kind {
            details.push(Detail::Kind { from: was.kind.label().to_owned(), to: boundary.kind.label().to_owned() });
        }
        if details.is_empty() {
            moved +=
                usize::from(before.layout.boundaries.get(&boundary.id) != after.layout.boundaries.get(&boundary.id));
        } else {
            changes.push(PartChange::Changed { id: boundary.id.to_string(), name: boundary.name.clone(), details });
        }
    }
    let now: BTreeSet<_> = after.boundaries.iter().map(|b| &b.id).collect();
    for boundary in before.boundaries.iter().filter(|b| !now.contains(&b.id)) {
        changes.push(PartChange::Removed { id: boundary.id.to_string(), name: boundary.name.clone() });
    }
    (changes, moved)
}
