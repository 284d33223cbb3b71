//! "Changes since last review": what the model was when a review was logged (kept compactly in
//! the model, `ReviewedState`) or in a file the user picks, against what it is now, as marks
//! for the canvas, lines for the window and the report, and the threats that are new, gone or
//! re-rated.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use super::{Consequences, PartChange, RatedThreat, Rerated, consequences, describe, diff};
use crate::model::{BoundaryId, ElementId, FlowId};
use crate::model::{PartPrint, Point, ReviewedState, Target, ThreatModel};
use crate::threats::{Analysis, Catalogue};

/// How a part on the canvas differs from the version compared with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    Added,
    Changed,
}

/// A part that is gone, by name, and where its card stood when that is known.
#[derive(Clone, Debug, PartialEq)]
pub struct RemovedPart {
    pub target: Target,
    pub name: String,
    pub place: Option<Point>,
}

/// Everything the window, the canvas and the report show about what changed.
#[derive(Clone, Debug, Default)]
pub struct ChangesSince {
    /// What the model is compared with, in words: "the review of 2026-11-30".
    pub against: String,
    pub marks: HashMap<Target, Mark>,
    pub removed: Vec<RemovedPart>,
    /// The changes to the model, one sentence each.
    pub lines: Vec<String>,
    pub threats: Consequences,
}

impl ChangesSince {
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty() && self.threats.is_empty()
    }

    /// The changes as headed lists, as the window and the reports show them: the model, then
    /// new, gone and re-rated threats, each threat with where it is and its risk.
    pub fn sections(&self) -> [ChangeSection; 4] {
        let threats = &self.threats;
        [
            ChangeSection { heading: "The model", lines: self.lines.clone() },
            ChangeSection {
                heading: "New threats",
                lines: threats.appeared.iter().map(|t| format!("{} — {} ({})", t.title, t.on, t.risk)).collect(),
            },
            ChangeSection {
                heading: "Gone threats",
                lines: threats.gone.iter().map(|t| format!("{} — {} (was {})", t.title, t.on, t.risk)).collect(),
            },
            ChangeSection {
                heading: "Re-rated threats",
                lines: (threats.rerated.iter())
                    .map(|t| format!("{} — {}: {} → {}", t.title, t.on, t.before, t.after))
                    .collect(),
            },
        ]
    }
}

/// One headed list of [`ChangesSince::sections`].
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeSection {
    pub heading: &'static str,
    pub lines: Vec<String>,
}

/// The state a review sees now: recorded when a review is logged.
pub fn reviewed_state(model: &ThreatModel, analysis: &Analysis, date: &str) -> ReviewedState {
    ReviewedState {
        date: date.to_owned(),
        elements: (element_prints(model).into_iter())
            .map(|(e, print)| (e.id.to_string(), PartPrint(e.name.clone(), print)))
            .collect(),
        places: model.elements.iter().map(|e| (e.id.to_string(), model.element_position(&e.id))).collect(),
        flows: model.flows.iter().map(|f| (f.id.to_string(), PartPrint(f.label.clone(), fingerprint(f)))).collect(),
        boundaries: (model.boundaries.iter())
            .map(|b| (b.id.to_string(), PartPrint(b.name.clone(), fingerprint(b))))
            .collect(),
        own_threats: (model.own_threats.iter())
            .map(|t| (t.id.clone(), PartPrint(t.title.clone(), fingerprint(t))))
            .collect(),
        threats: analysis.threats.iter().map(|t| (t.key(), super::consequences::standing(t))).collect(),
    }
}

/// The model now against the state recorded at its last review. Linear in the model's size.
pub fn since_review(reviewed: &ReviewedState, model: &ThreatModel, analysis: &Analysis) -> ChangesSince {
    let mut changes = ChangesSince { against: format!("the review of {}", reviewed.date), ..ChangesSince::default() };
    let elements =
        element_prints(model).into_iter().map(|(e, print)| (Target::Element(e.id.clone()), e.name.as_str(), print));
    compare_parts(&mut changes, "Element", &reviewed.elements, &reviewed.places, elements, |id| {
        Target::Element(ElementId::new(id))
    });
    let flows = model.flows.iter().map(|f| (Target::Flow(f.id.clone()), f.label.as_str(), fingerprint(f)));
    compare_parts(&mut changes, "Flow", &reviewed.flows, &BTreeMap::new(), flows, |id| Target::Flow(FlowId::new(id)));
    let boundaries = model.boundaries.iter().map(|b| (Target::Boundary(b.id.clone()), b.name.as_str(), fingerprint(b)));
    compare_parts(&mut changes, "Boundary", &reviewed.boundaries, &BTreeMap::new(), boundaries, |id| {
        Target::Boundary(BoundaryId::new(id))
    });
    for threat in &model.own_threats {
        match reviewed.own_threats.get(&threat.id) {
            None => changes.lines.push(format!("Own threat added: {}", threat.title)),
            Some(PartPrint(_, print)) if *print != fingerprint(threat) => {
                changes.lines.push(format!("Own threat changed: {}", threat.title));
            }
            Some(_) => {}
        }
    }
    let now: HashMap<&str, ()> = model.own_threats.iter().map(|t| (t.id.as_str(), ())).collect();
    for (id, PartPrint(title, _)) in &reviewed.own_threats {
        if !now.contains_key(id.as_str()) {
            changes.lines.push(format!("Own threat removed: {title}"));
        }
    }
    changes.threats = threats_since(reviewed, model, analysis);
    changes
}

/// The model now against another version of it (a file the user picked), with the whole diff.
pub fn since_file(label: &str, before: (&ThreatModel, &Analysis), after: (&ThreatModel, &Analysis)) -> ChangesSince {
    let changes = diff(before.0, after.0);
    let mut since = ChangesSince { against: label.to_owned(), ..ChangesSince::default() };
    let old = before.0;
    let mut mark = |part: &PartChange, target: Target| match part {
        PartChange::Added { .. } => {
            since.marks.insert(target, Mark::Added);
        }
        PartChange::Changed { .. } => {
            since.marks.insert(target, Mark::Changed);
        }
        PartChange::Removed { name, .. } => {
            let place = match &target {
                Target::Element(id) => old.layout.elements.get(id).copied(),
                _ => None,
            };
            since.removed.push(RemovedPart { target, name: name.clone(), place });
        }
    };
    for part in &changes.elements {
        mark(part, Target::Element(ElementId::new(part.id())));
    }
    for part in &changes.flows {
        mark(part, Target::Flow(FlowId::new(part.id())));
    }
    for part in &changes.boundaries {
        mark(part, Target::Boundary(BoundaryId::new(part.id())));
    }
    since.lines = describe(&changes);
    since.threats = consequences(before, after);
    since
}

/// Marks and lines for one sort of part, against the prints a review recorded.
fn compare_parts<'m>(
    changes: &mut ChangesSince,
    noun: &str,
    reviewed: &BTreeMap<String, PartPrint>,
    places: &BTreeMap<String, Point>,
    now: impl Iterator<Item = (Target, &'m str, u64)>,
    target_of: impl Fn(&str) -> Target,
) {
    let mut seen: HashMap<String, ()> = HashMap::new();
    for (target, name, print) in now {
        let id = target.id().to_owned();
        match reviewed.get(&id) {
            None => {
                changes.lines.push(format!("{noun} added: {name}"));
                changes.marks.insert(target, Mark::Added);
            }
            Some(PartPrint(old_name, old_print)) if *old_print != print => {
                let renamed = if old_name == name { String::new() } else { format!(" (was {old_name})") };
                changes.lines.push(format!("{noun} changed: {name}{renamed}"));
                changes.marks.insert(target, Mark::Changed);
            }
            Some(_) => {}
        }
        seen.insert(id, ());
    }
    for (id, PartPrint(name, _)) in reviewed.iter().filter(|(id, _)| !seen.contains_key(id.as_str())) {
        changes.lines.push(format!("{noun} removed: {name}"));
        let place = places.get(id).copied();
        changes.removed.push(RemovedPart { target: target_of(id), name: name.clone(), place });
    }
}

/// Threats new, gone and re-rated since the review. A gone threat is named by its rule's
/// title (or the own threat's) and its target's name as the review saw them.
fn threats_since(reviewed: &ReviewedState, model: &ThreatModel, analysis: &Analysis) -> Consequences {
    let names = super::consequences::Names::of(model);
    let mut result = Consequences::default();
    let mut now: HashMap<String, ()> = HashMap::with_capacity(analysis.threats.len());
    for threat in &analysis.threats {
        let key = threat.key();
        let standing = super::consequences::standing(threat);
        let on = names.on(&threat.target);
        let title = threat.title().to_owned();
        match reviewed.threats.get(&key) {
            None => result.appeared.push(RatedThreat { key: key.clone(), title, on, risk: standing }),
            Some(before) if *before != standing => {
                result.rerated.push(Rerated { key: key.clone(), title, on, before: before.clone(), after: standing });
            }
            Some(_) => {}
        }
        now.insert(key, ());
    }
    let rules: HashMap<&str, &str> =
        Catalogue::builtin().rules.iter().map(|r| (r.id.as_str(), r.title.as_str())).collect();
    for (key, standing) in reviewed.threats.iter().filter(|(key, _)| !now.contains_key(key.as_str())) {
        let (origin, target) = key.split_once('@').unwrap_or((key.as_str(), ""));
        let title = (reviewed.own_threats.get(origin).map(|p| p.0.as_str()))
            .or_else(|| rules.get(origin).copied())
            .unwrap_or(origin);
        let on = [&reviewed.elements, &reviewed.flows, &reviewed.boundaries]
            .iter()
            .find_map(|parts| parts.get(target))
            .map_or(target, |p| p.0.as_str());
        result.gone.push(RatedThreat {
            key: key.clone(),
            title: title.to_owned(),
            on: on.to_owned(),
            risk: standing.clone(),
        });
    }
    result
}

/// Each element's fingerprint, with the boundaries that hold it: moving a card into or out of
/// a boundary changes what it is exposed to, so it is a change; moving it within one is not.
fn element_prints(model: &ThreatModel) -> Vec<(&crate::model::Element, u64)> {
    let membership = model.membership();
    (model.elements.iter().zip(membership))
        .map(|(element, inside)| {
            let boundaries: Vec<&str> =
                inside.iter().filter_map(|&i| model.boundaries.get(i)).map(|b| b.id.as_str()).collect();
            (element, fingerprint(&(element, boundaries)))
        })
        .collect()
}

/// A part's fingerprint: FNV-1a over its JSON, which leaves out its place on the canvas (kept
/// in the layout). Stable across runs and platforms, unlike the standard library's hasher.
fn fingerprint(part: &impl Serialize) -> u64 {
    let bytes = serde_json::to_vec(part).unwrap_or_default();
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3))
}
