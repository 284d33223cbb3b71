//! Re-import: the model updated from a fresh import of its infrastructure instead of
//! replaced. Elements are matched by the resource they came from, so positions, names, threat
//! decisions, notes and the user's own answers survive; the template's answers follow the
//! template where the user kept them; new resources are added beside what they talk to;
//! removed ones are taken out with their flows (Undo in the window brings them back) and
//! listed. The summary says what changed.

use std::collections::{HashMap, HashSet};

use super::InfrastructureImport;
use crate::model::{Answer, ELEMENT_SIZE, Element, ElementId, Flow, FlowId, KindCatalog, Rect, ThreatModel};

/// The updated model and, one line each, what changed.
pub struct InfrastructureUpdate {
    pub model: ThreatModel,
    pub changes: Vec<String>,
}

/// Updates `existing` from `import`. Where the user's answer differs from what the template
/// said before, the user's is kept unless `prefer_template`.
pub fn update_from(
    existing: &ThreatModel,
    import: InfrastructureImport,
    prefer_template: bool,
) -> InfrastructureUpdate {
    let InfrastructureImport { model: imported, .. } = import;
    let mut model = existing.clone();
    let mut changes = Vec::new();
    let by_resource: HashMap<String, usize> = model
        .elements
        .iter()
        .enumerate()
        .filter_map(|(at, e)| e.source.as_ref().map(|s| (s.resource.clone(), at)))
        .collect();
    // Imported element id → the model's id for it.
    let mut ids: HashMap<ElementId, ElementId> = HashMap::new();
    let mut added = Vec::new();
    let mut used: HashSet<String> = model.elements.iter().map(|e| e.id.as_str().to_owned()).collect();
    let mut next_id = model.elements.len() + 1;
    let mut seen = HashSet::new();
    for new in &imported.elements {
        let Some(source) = &new.source else { continue };
        seen.insert(source.resource.clone());
        match by_resource.get(&source.resource) {
            Some(&at) => {
                let element = &mut model.elements[at];
                ids.insert(new.id.clone(), element.id.clone());
                changes.extend(merge_answers(element, new, prefer_template));
            }
            None => {
                let id = loop {
                    let candidate = format!("e{next_id}");
                    next_id += 1;
                    if used.insert(candidate.clone()) {
                        break ElementId::new(candidate);
                    }
                };
                ids.insert(new.id.clone(), id.clone());
                let mut element = new.clone();
                element.id = id;
                changes.push(format!("Added {} ({})", element.name, source.place()));
                added.push(element);
            }
        }
    }
    let mut removed: HashSet<ElementId> = HashSet::new();
    for element in &model.elements {
        let Some(source) = element.source.as_ref().filter(|s| !seen.contains(&s.resource)) else { continue };
        changes.push(format!("Removed {} ({} is no longer in the infrastructure)", element.name, source.resource));
        removed.insert(element.id.clone());
    }
    model.elements.retain(|e| !removed.contains(&e.id));
    model.flows.retain(|f| !removed.contains(&f.from) && !removed.contains(&f.to));
    for id in &removed {
        model.layout.elements.remove(id);
    }
    place_added(&mut model, &imported, added, &ids);
    add_flows(&mut model, &imported, &ids, &mut changes);
    InfrastructureUpdate { model, changes }
}

/// The template's answers onto a matched element: where the element still has what the
/// template said before (or nothing), the new value; where the user answered otherwise, the
/// user's, said so.
fn merge_answers(element: &mut Element, new: &Element, prefer_template: bool) -> Vec<String> {
    let mut changes = Vec::new();
    let (Some(old_source), Some(new_source)) = (element.source.clone(), new.source.clone()) else {
        return changes;
    };
    let catalog = KindCatalog::builtin();
    let describe = |property: &str, answer: Option<&Answer>| match (answer, catalog.property(property)) {
        (Some(a), Some(p)) => p.describe(a),
        (Some(a), None) => a.to_string(),
        (None, _) => "unknown".to_owned(),
    };
    let mut properties: Vec<&String> = old_source.answers.keys().chain(new_source.answers.keys()).collect();
    properties.sort();
    properties.dedup();
    for property in properties {
        let before = old_source.answers.get(property).map(|g| &g.answer);
        let after = new_source.answers.get(property).map(|g| &g.answer);
        let current = element.properties.get(property.as_str()).cloned();
        if before == after && current.as_ref() == after {
            continue;
        }
        let users_own = current.is_some() && current.as_ref() != before;
        let label = catalog.property(property).map_or(property.as_str(), |p| p.label.as_str()).to_owned();
        if users_own && !prefer_template {
            if current.as_ref() != after {
                changes.push(format!(
                    "{}: kept your answer to \"{label}\" ({}); the infrastructure says {}",
                    element.name,
                    describe(property, current.as_ref()),
                    describe(property, after)
                ));
            }
            continue;
        }
        if current.as_ref() != after {
            changes.push(format!(
                "{}: \"{label}\" {} → {}",
                element.name,
                describe(property, current.as_ref()),
                describe(property, after)
            ));
            element.set_answer(property, after.cloned());
        }
    }
    element.source = Some(new_source);
    changes
}

/// New elements go beside an element they exchange data with, else where their kind belongs
/// on the diagram; never on another card.
fn place_added(
    model: &mut ThreatModel,
    imported: &ThreatModel,
    added: Vec<Element>,
    ids: &HashMap<ElementId, ElementId>,
) {
    let mut partners: HashMap<&ElementId, &ElementId> = HashMap::new();
    for flow in &imported.flows {
        partners.entry(&flow.to).or_insert(&flow.from);
        partners.entry(&flow.from).or_insert(&flow.to);
    }
    let new_ids: HashSet<ElementId> = added.iter().map(|e| e.id.clone()).collect();
    let reverse: HashMap<&ElementId, &ElementId> = ids.iter().map(|(imported, ours)| (ours, imported)).collect();
    let mut everything = bounds(model);
    for element in added {
        let id = element.id.clone();
        let kind = element.kind.clone();
        let partner = reverse
            .get(&id)
            .and_then(|imported_id| partners.get(imported_id))
            .and_then(|p| ids.get(*p))
            .filter(|p| !new_ids.contains(*p) || model.layout.elements.contains_key(*p))
            .cloned();
        let spot = match partner {
            Some(partner) => crate::edit::spot_beside(model, &partner, everything),
            None => crate::edit::spot_in_view(model, &kind, everything),
        };
        model.elements.push(element);
        model.layout.elements.insert(id, spot);
        // The area grows with each card placed, without measuring the whole diagram again.
        let room = ELEMENT_SIZE.width * 3.0;
        everything = everything.union(Rect::new(spot.x - room, spot.y - room, 2.0 * room, 2.0 * room));
    }
}

/// The area the diagram covers, with room around it for new cards.
fn bounds(model: &ThreatModel) -> Rect {
    let points: Vec<_> = model.layout.elements.values().collect();
    let room = ELEMENT_SIZE.width * 3.0;
    let (mut left, mut top, mut right, mut bottom) = (0.0f32, 0.0f32, 800.0f32, 600.0f32);
    for p in points {
        left = left.min(p.x - room);
        top = top.min(p.y - room);
        right = right.max(p.x + room);
        bottom = bottom.max(p.y + room);
    }
    Rect::new(left, top, right - left, bottom - top)
}

/// Flows of the import the model does not have yet, between the model's elements.
fn add_flows(
    model: &mut ThreatModel,
    imported: &ThreatModel,
    ids: &HashMap<ElementId, ElementId>,
    changes: &mut Vec<String>,
) {
    let mut have: HashSet<(ElementId, ElementId)> =
        model.flows.iter().map(|f| (f.from.clone(), f.to.clone())).collect();
    let mut used: HashSet<String> = model.flows.iter().map(|f| f.id.as_str().to_owned()).collect();
    let mut next = model.flows.len() + 1;
    let names: HashMap<&ElementId, &str> = imported.elements.iter().map(|e| (&e.id, e.name.as_str())).collect();
    let imported_pairs: HashSet<(&ElementId, &ElementId)> =
        imported.flows.iter().filter_map(|f| Some((ids.get(&f.from)?, ids.get(&f.to)?))).collect();
    let sourced: HashMap<&ElementId, &str> =
        model.elements.iter().filter(|e| e.source.is_some()).map(|e| (&e.id, e.name.as_str())).collect();
    for flow in &model.flows {
        if let (Some(from), Some(to)) = (sourced.get(&flow.from), sourced.get(&flow.to))
            && !imported_pairs.contains(&(&flow.from, &flow.to))
        {
            changes.push(format!("Not in the infrastructure (kept; delete it if it is gone): flow {from} → {to}"));
        }
    }
    for flow in &imported.flows {
        let (Some(from), Some(to)) = (ids.get(&flow.from), ids.get(&flow.to)) else { continue };
        if !have.insert((from.clone(), to.clone())) {
            continue;
        }
        let id = loop {
            let candidate = format!("f{next}");
            next += 1;
            if used.insert(candidate.clone()) {
                break FlowId::new(candidate);
            }
        };
        let name = |id: &ElementId| names.get(id).copied().unwrap_or_default();
        changes.push(format!("Added flow {} → {} ({})", name(&flow.from), name(&flow.to), flow.label));
        model.flows.push(Flow::new(id, from.clone(), to.clone(), flow.label.clone()));
    }
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
