//! Three-way merge of model files, as git's merge driver: changes to different parts, fields,
//! answers or decisions merge cleanly; both sides changing the same field differently, or one
//! deleting what the other changed, is a conflict kept in the model (ours applied, theirs
//! kept) for someone to resolve, never markers in the file. Parts are matched by id; an id both
//! sides gave to different new parts (both added `e7`) is renamed on their side first.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::model::{BoundaryId, Conflict, ConflictPart, ElementId, FlowId, ThreatModel};

/// The merged model (ours where a conflict holds) and how many conflicts it carries.
pub struct Merged {
    pub model: ThreatModel,
    pub conflicts: usize,
}

/// Merges `ours` and `theirs`, both changed from `base`. Conflicts already in `ours` are kept.
pub fn merge(base: &ThreatModel, ours: &ThreatModel, theirs: &ThreatModel) -> Merged {
    let theirs = renamed_collisions(base, ours, theirs);
    let mut conflicts: Vec<Conflict> = ours.conflicts.clone();
    let kept = conflicts.len();
    let names = Names::of([base, ours, &theirs]);
    let mut merger = Merger { conflicts: &mut conflicts, names: &names };
    let mut model = ours.clone();
    model.elements =
        merger.parts(ConflictPart::Element, &base.elements, &ours.elements, &theirs.elements, |e| e.id.as_str());
    model.flows = merger.parts(ConflictPart::Flow, &base.flows, &ours.flows, &theirs.flows, |f| f.id.as_str());
    merger.deleted_ends(base, ours, &theirs, &mut model);
    model.boundaries =
        merger.parts(ConflictPart::Boundary, &base.boundaries, &ours.boundaries, &theirs.boundaries, |b| b.id.as_str());
    model.own_threats =
        merger.parts(ConflictPart::OwnThreat, &base.own_threats, &ours.own_threats, &theirs.own_threats, |t| {
            t.id.as_str()
        });
    model.decisions = merger.decisions(base, ours, &theirs);
    merger.settings(base, ours, &theirs, &mut model);
    model.layout.elements = positions(&base.layout.elements, &ours.layout.elements, &theirs.layout.elements);
    model.layout.boundaries = positions(&base.layout.boundaries, &ours.layout.boundaries, &theirs.layout.boundaries);
    let elements: BTreeSet<&ElementId> = model.elements.iter().map(|e| &e.id).collect();
    model.layout.elements.retain(|id, _| elements.contains(id));
    // Boundaries drawn as a line: their points, like a card's place.
    model.layout.boundary_lines =
        positions(&base.layout.boundary_lines, &ours.layout.boundary_lines, &theirs.layout.boundary_lines);
    let boundaries: BTreeSet<&BoundaryId> = model.boundaries.iter().map(|b| &b.id).collect();
    model.layout.boundaries.retain(|id, _| boundaries.contains(id));
    model.layout.boundary_lines.retain(|id, _| boundaries.contains(id));
    // A flow that still ends nowhere (a side that deleted an element and kept its flows): it
    // goes, and if no conflict holds it yet, one keeps it.
    let dangling: Vec<usize> = (0..model.flows.len())
        .filter(|&i| !elements.contains(&model.flows[i].from) || !elements.contains(&model.flows[i].to))
        .collect();
    for at in dangling.into_iter().rev() {
        let flow = model.flows.remove(at);
        let id = flow.id.to_string();
        if conflicts.iter().any(|c| c.part == ConflictPart::Flow && c.id == id && c.field.is_empty()) {
            continue;
        }
        let about = format!("Flow {}: one of its ends was deleted", names.flow(&flow.id));
        let theirs = serde_json::to_string(&flow).ok();
        conflicts.push(Conflict {
            part: ConflictPart::Flow,
            id,
            field: String::new(),
            about,
            ours: None,
            theirs,
            theirs_at: None,
        });
    }
    // Elements first, so that taking theirs in list order puts an element back before the
    // flows that need it.
    conflicts[kept..].sort_by_key(|c| c.part != ConflictPart::Element);
    let count = conflicts.len();
    model.conflicts = conflicts;
    // Elements theirs re-added through a conflict need a place to be put back.
    for conflict in &mut model.conflicts {
        if conflict.part == ConflictPart::Element && conflict.theirs.is_some() && conflict.theirs_at.is_none() {
            conflict.theirs_at = theirs.layout.elements.get(&ElementId::new(conflict.id.clone())).copied();
        }
    }
    Merged { model, conflicts: count }
}

struct Merger<'a> {
    conflicts: &'a mut Vec<Conflict>,
    names: &'a Names<'a>,
}

impl Merger<'_> {
    /// Parts by id: ours in our order, then what only they added.
    fn parts<T: Serialize + DeserializeOwned + Clone + PartialEq>(
        &mut self,
        part: ConflictPart,
        base: &[T],
        ours: &[T],
        theirs: &[T],
        id_of: impl Fn(&T) -> &str,
    ) -> Vec<T> {
        let base: HashMap<&str, &T> = base.iter().map(|p| (id_of(p), p)).collect();
        let their: HashMap<&str, &T> = theirs.iter().map(|p| (id_of(p), p)).collect();
        let our_ids: HashSet<&str> = ours.iter().map(&id_of).collect();
        let mut merged = Vec::with_capacity(ours.len());
        for o in ours {
            let id = id_of(o);
            match (base.get(id), their.get(id)) {
                // Ours alone added it, or both made the same.
                (None, _) => merged.push(o.clone()),
                (Some(b), None) if *b == o => {}
                (Some(_), None) => {
                    self.whole(part, id, Some(o), None);
                    merged.push(o.clone());
                }
                // Only a part both changed is merged field by field (the costly way).
                (Some(_), Some(t)) if *t == o => merged.push(o.clone()),
                (Some(b), Some(t)) if **t == **b => merged.push(o.clone()),
                (Some(b), Some(t)) if **b == *o => merged.push((*t).clone()),
                (Some(b), Some(t)) => merged.push(self.fields(part, id, b, o, t)),
            }
        }
        for t in theirs {
            let id = id_of(t);
            if our_ids.contains(id) {
                continue;
            }
            match base.get(id) {
                None => merged.push(t.clone()),
                Some(b) if *b == t => {}
                Some(_) => self.whole(part, id, None, Some(t)),
            }
        }
        merged
    }

    /// Flows one side drew or changed to an element the other side deleted: a deletion
    /// against a change of that element, so a conflict on it (unless one is there already).
    /// Ours applied: an element we drew flows to stays, their flows to an element we deleted
    /// go (or are as we have them). Each such flow is a conflict of its own, so that taking
    /// theirs on the element and then on the flow restores what they drew, and so that
    /// swapping the sides swaps the conflicts.
    fn deleted_ends(&mut self, base: &ThreatModel, ours: &ThreatModel, theirs: &ThreatModel, model: &mut ThreatModel) {
        let base_flows: HashMap<&FlowId, &crate::model::Flow> = base.flows.iter().map(|f| (&f.id, f)).collect();
        let (in_base, in_ours, in_theirs) = (element_ids(base), element_ids(ours), element_ids(theirs));
        let mut done: HashSet<(ConflictPart, String)> = self
            .conflicts
            .iter()
            .filter(|c| c.field.is_empty() && matches!(c.part, ConflictPart::Element | ConflictPart::Flow))
            .map(|c| (c.part, c.id.clone()))
            .collect();
        for (we_drew, side, other) in [(true, ours, &in_theirs), (false, theirs, &in_ours)] {
            let drawn = side.flows.iter().filter(|f| base_flows.get(&f.id).is_none_or(|b| *b != *f));
            for flow in drawn {
                let gone: Vec<&ElementId> = [&flow.from, &flow.to]
                    .into_iter()
                    .filter(|end| in_base.contains(end.as_str()) && !other.contains(end.as_str()))
                    .collect();
                if gone.is_empty() {
                    continue;
                }
                for end in gone {
                    let Some(element) = side.element(end) else { continue };
                    if we_drew && !model.elements.iter().any(|e| &e.id == end) {
                        model.elements.push(element.clone());
                    }
                    if done.insert((ConflictPart::Element, end.to_string())) {
                        let who = if we_drew {
                            "they deleted it, we drew a flow to it"
                        } else {
                            "we deleted it, they drew a flow to it"
                        };
                        let json = serde_json::to_string(element).ok();
                        self.conflicts.push(Conflict {
                            part: ConflictPart::Element,
                            id: end.to_string(),
                            field: String::new(),
                            about: format!(
                                "Element {}: {who}",
                                self.names.of_part(ConflictPart::Element, end.as_str())
                            ),
                            ours: if we_drew { json.clone() } else { None },
                            theirs: if we_drew { None } else { json },
                            theirs_at: None,
                        });
                    }
                }
                // A flow both kept but one re-pointed is not in a conflict yet either.
                if !done.insert((ConflictPart::Flow, flow.id.to_string())) {
                    continue;
                }
                let version = |m: &ThreatModel| m.flows.iter().find(|f| f.id == flow.id).cloned();
                let (our_flow, their_flow) = (version(ours), version(theirs));
                if !we_drew {
                    match &our_flow {
                        Some(o) => model.flows.iter_mut().filter(|f| f.id == flow.id).for_each(|f| *f = o.clone()),
                        None => model.flows.retain(|f| f.id != flow.id),
                    }
                }
                let who = if we_drew { "they deleted one of its ends" } else { "we deleted one of its ends" };
                let json = |f: Option<crate::model::Flow>| f.and_then(|f| serde_json::to_string(&f).ok());
                self.conflicts.push(Conflict {
                    part: ConflictPart::Flow,
                    id: flow.id.to_string(),
                    field: String::new(),
                    about: format!("Flow {}: {who}", self.names.flow(&flow.id)),
                    ours: json(our_flow),
                    theirs: json(their_flow),
                    theirs_at: None,
                });
            }
        }
    }

    /// One side deleted a part the other changed.
    fn whole<T: Serialize>(&mut self, part: ConflictPart, id: &str, ours: Option<&T>, theirs: Option<&T>) {
        let who = if ours.is_none() { "we deleted it, they changed it" } else { "they deleted it, we changed it" };
        self.conflicts.push(Conflict {
            part,
            id: id.to_owned(),
            field: String::new(),
            about: format!("{} {}: {who}", part.label(), self.names.of_part(part, id)),
            ours: ours.and_then(|o| serde_json::to_string(o).ok()),
            theirs: theirs.and_then(|t| serde_json::to_string(t).ok()),
            theirs_at: None,
        });
    }

    /// A part both sides kept: field by field (one level into maps such as answers).
    fn fields<T: Serialize + DeserializeOwned + Clone>(
        &mut self,
        part: ConflictPart,
        id: &str,
        base: &T,
        ours: &T,
        theirs: &T,
    ) -> T {
        let (Ok(b), Ok(o), Ok(t)) =
            (serde_json::to_value(base), serde_json::to_value(ours), serde_json::to_value(theirs))
        else {
            return ours.clone();
        };
        let merged = self.object(part, id, "", &b, &o, &t);
        serde_json::from_value(merged).unwrap_or_else(|_| ours.clone())
    }

    fn object(
        &mut self,
        part: ConflictPart,
        id: &str,
        prefix: &str,
        base: &Value,
        ours: &Value,
        theirs: &Value,
    ) -> Value {
        let empty = Map::new();
        let as_map = |v: &Value| v.as_object().cloned().unwrap_or_else(|| empty.clone());
        let (b, o, t) = (as_map(base), as_map(ours), as_map(theirs));
        let keys: BTreeSet<&String> = o.keys().chain(t.keys()).chain(b.keys()).collect();
        let mut merged = Map::new();
        for key in keys {
            let (bv, ov, tv) = (b.get(key), o.get(key), t.get(key));
            let field = if prefix.is_empty() { key.clone() } else { format!("{prefix}.{key}") };
            let chosen = if ov == tv || tv == bv {
                ov.cloned()
            } else if ov == bv {
                tv.cloned()
            } else if prefix.is_empty() && [ov, tv].iter().all(|v| v.is_none_or(Value::is_object)) {
                // Both changed a map (the answers): merge its entries.
                let null = Value::Null;
                Some(self.object(part, id, &field, bv.unwrap_or(&null), ov.unwrap_or(&null), tv.unwrap_or(&null)))
            } else {
                self.conflicts.push(Conflict {
                    part,
                    id: id.to_owned(),
                    field: field.clone(),
                    about: format!("{} {}: {}", part.label(), self.names.of_part(part, id), field_words(&field)),
                    ours: ov.map(Value::to_string),
                    theirs: tv.map(Value::to_string),
                    theirs_at: None,
                });
                ov.cloned()
            };
            if let Some(value) = chosen {
                merged.insert(key.clone(), value);
            }
        }
        Value::Object(merged)
    }

    fn decisions(
        &mut self,
        base: &ThreatModel,
        ours: &ThreatModel,
        theirs: &ThreatModel,
    ) -> BTreeMap<String, crate::model::Decision> {
        let keys: BTreeSet<&String> =
            ours.decisions.keys().chain(theirs.decisions.keys()).chain(base.decisions.keys()).collect();
        let default = crate::model::Decision::default();
        let mut merged = BTreeMap::new();
        for key in keys {
            let (b, o, t) = (base.decisions.get(key), ours.decisions.get(key), theirs.decisions.get(key));
            // One side unchanged: the other's (a missing one stays missing).
            if o == t || t == b || o == b {
                let chosen = if o == b { t } else { o };
                if let Some(decision) = chosen {
                    merged.insert(key.clone(), decision.clone());
                }
                continue;
            }
            // A missing decision is the default one: nothing decided yet.
            let value = self.fields(
                ConflictPart::Decision,
                key,
                b.unwrap_or(&default),
                o.unwrap_or(&default),
                t.unwrap_or(&default),
            );
            if !value.is_default() {
                merged.insert(key.clone(), value);
            }
        }
        merged
    }

    /// Name, description, scale, regulations and the next review, field by field; reviews
    /// logged on either side are all kept.
    fn settings(&mut self, base: &ThreatModel, ours: &ThreatModel, theirs: &ThreatModel, model: &mut ThreatModel) {
        let pick = |m: &ThreatModel| {
            serde_json::json!({
                "name": m.name, "description": m.description, "scale": m.scale,
                "compliance": m.compliance, "next_review": m.review.next,
            })
        };
        let merged = self.object(ConflictPart::Setting, "", "", &pick(base), &pick(ours), &pick(theirs));
        let text = |key: &str| merged.get(key).and_then(Value::as_str).map(str::to_owned).unwrap_or_default();
        model.name = text("name");
        model.description = text("description");
        model.review.next = text("next_review");
        if let Some(scale) = merged.get("scale").and_then(|s| serde_json::from_value(s.clone()).ok()) {
            model.scale = scale;
        }
        if let Some(compliance) = merged.get("compliance").and_then(|c| serde_json::from_value(c.clone()).ok()) {
            model.compliance = compliance;
        }
        for entry in &theirs.review.log {
            if !model.review.log.contains(entry) && !base.review.log.contains(entry) {
                model.review.log.push(entry.clone());
            }
        }
        model.review.log.sort_by(|a, b| a.date.cmp(&b.date));
        // "Changes since last review" compares with the latest review either side logged.
        let (ours_date, theirs_date) = (reviewed_date(ours), reviewed_date(theirs));
        if theirs_date > ours_date && theirs_date > reviewed_date(base) {
            model.review.reviewed.clone_from(&theirs.review.reviewed);
        }
    }
}

/// The date of the review whose state a model records, if any.
fn reviewed_date(model: &ThreatModel) -> Option<&str> {
    model.review.reviewed.as_ref().map(|r| r.date.as_str())
}

/// A field as people call it: a question by its label, others in plain words.
fn field_words(field: &str) -> String {
    if let Some(question) = field.strip_prefix("properties.") {
        let catalog = crate::model::KindCatalog::builtin();
        return catalog.property(question).map_or_else(|| question.to_owned(), |p| format!("\"{}\"", p.label));
    }
    field.replace('_', " ")
}

/// Positions: whoever moved a card wins; both moved it, ours. Layout never conflicts.
fn positions<K: Ord + Clone, V: PartialEq + Clone>(
    base: &BTreeMap<K, V>,
    ours: &BTreeMap<K, V>,
    theirs: &BTreeMap<K, V>,
) -> BTreeMap<K, V> {
    let mut merged = ours.clone();
    for (id, at) in theirs {
        match (base.get(id), ours.get(id)) {
            (_, None) => {
                merged.insert(id.clone(), at.clone());
            }
            (Some(b), Some(o)) if b == o && b != at => {
                merged.insert(id.clone(), at.clone());
            }
            _ => {}
        }
    }
    merged
}

/// Their side with new parts that reuse an id ours gave to something else renamed: both
/// branches numbering from the same model both add `e7`, `f4`, `b3` or `own-2`. A renamed part's
/// flows, position, decisions and own threats follow it.
fn renamed_collisions<'t>(base: &ThreatModel, ours: &ThreatModel, theirs: &'t ThreatModel) -> Cow<'t, ThreatModel> {
    if !collides(&base.elements, &ours.elements, &theirs.elements, |e| e.id.as_str())
        && !collides(&base.flows, &ours.flows, &theirs.flows, |f| f.id.as_str())
        && !collides(&base.boundaries, &ours.boundaries, &theirs.boundaries, |b| b.id.as_str())
        && !collides(&base.own_threats, &ours.own_threats, &theirs.own_threats, |t| t.id.as_str())
    {
        return Cow::Borrowed(theirs);
    }
    let mut theirs = theirs.clone();
    let mut used: BTreeSet<String> = [base, ours, &theirs]
        .iter()
        .flat_map(|m| {
            let e = m.elements.iter().map(|e| e.id.to_string());
            let f = m.flows.iter().map(|f| f.id.to_string());
            let b = m.boundaries.iter().map(|b| b.id.to_string());
            let t = m.own_threats.iter().map(|t| t.id.clone());
            e.chain(f).chain(b).chain(t).collect::<Vec<_>>()
        })
        .collect();
    let mut fresh =
        |prefix: &str| (1..).map(|n| format!("{prefix}{n}")).find(|id| used.insert(id.clone())).unwrap_or_default();
    let in_base: BTreeSet<String> = base.elements.iter().map(|e| e.id.to_string()).collect();
    let ours_elements: HashMap<String, &crate::model::Element> =
        ours.elements.iter().map(|e| (e.id.to_string(), e)).collect();
    // Old id to new, for elements and flows alike: what decisions and own threats point at.
    let mut renames: HashMap<String, String> = HashMap::new();
    let mut element_renames: HashMap<ElementId, ElementId> = HashMap::new();
    for element in &mut theirs.elements {
        let id = element.id.to_string();
        if !in_base.contains(&id) && ours_elements.get(&id).is_some_and(|o| *o != element) {
            let new = ElementId::new(fresh("e"));
            renames.insert(id, new.to_string());
            element_renames.insert(element.id.clone(), new.clone());
            element.id = new;
        }
    }
    for (old, new) in &element_renames {
        if let Some(at) = theirs.layout.elements.remove(old) {
            theirs.layout.elements.insert(new.clone(), at);
        }
    }
    let flows_in_base: BTreeSet<String> = base.flows.iter().map(|f| f.id.to_string()).collect();
    let ours_flows: HashMap<String, &crate::model::Flow> = ours.flows.iter().map(|f| (f.id.to_string(), f)).collect();
    for flow in &mut theirs.flows {
        for end in [&mut flow.from, &mut flow.to] {
            if let Some(new) = element_renames.get(end) {
                *end = new.clone();
            }
        }
        let id = flow.id.to_string();
        if !flows_in_base.contains(&id) && ours_flows.get(&id).is_some_and(|o| *o != flow) {
            let new = fresh("f");
            renames.insert(id, new.clone());
            flow.id = FlowId::new(new);
        }
    }
    let boundaries_in_base: BTreeSet<&str> = base.boundaries.iter().map(|b| b.id.as_str()).collect();
    let ours_boundaries: HashMap<&str, &crate::model::Boundary> =
        ours.boundaries.iter().map(|b| (b.id.as_str(), b)).collect();
    let mut boundary_renames: Vec<(BoundaryId, BoundaryId)> = Vec::new();
    for boundary in &mut theirs.boundaries {
        let id = boundary.id.as_str();
        if !boundaries_in_base.contains(id) && ours_boundaries.get(id).is_some_and(|o| *o != boundary) {
            let new = BoundaryId::new(fresh("b"));
            renames.insert(id.to_owned(), new.to_string());
            boundary_renames.push((std::mem::replace(&mut boundary.id, new.clone()), new));
        }
    }
    for (old, new) in boundary_renames {
        if let Some(rect) = theirs.layout.boundaries.remove(&old) {
            theirs.layout.boundaries.insert(new.clone(), rect);
        }
        if let Some(line) = theirs.layout.boundary_lines.remove(&old) {
            theirs.layout.boundary_lines.insert(new, line);
        }
    }
    for threat in &mut theirs.own_threats {
        if let Some(new) = renames.get(&threat.target) {
            threat.target.clone_from(new);
        }
    }
    // Own threats are compared once their targets are renamed: the same threat on another
    // new element is another threat.
    let threats_in_base: BTreeSet<&str> = base.own_threats.iter().map(|t| t.id.as_str()).collect();
    let ours_threats: HashMap<&str, &crate::model::OwnThreat> =
        ours.own_threats.iter().map(|t| (t.id.as_str(), t)).collect();
    let mut threat_renames: HashMap<String, String> = HashMap::new();
    for threat in &mut theirs.own_threats {
        let id = threat.id.as_str();
        if !threats_in_base.contains(id) && ours_threats.get(id).is_some_and(|o| *o != threat) {
            let new = fresh("own-");
            threat_renames.insert(threat.id.clone(), new.clone());
            threat.id = new;
        }
    }
    theirs.decisions = std::mem::take(&mut theirs.decisions)
        .into_iter()
        .map(|(key, decision)| match key.split_once('@') {
            Some((origin, target)) if renames.contains_key(target) || threat_renames.contains_key(origin) => {
                let origin = threat_renames.get(origin).map_or(origin, String::as_str);
                let target = renames.get(target).map_or(target, String::as_str);
                (format!("{origin}@{target}"), decision)
            }
            _ => (key, decision),
        })
        .collect();
    Cow::Owned(theirs)
}

fn element_ids(model: &ThreatModel) -> HashSet<&str> {
    model.elements.iter().map(|e| e.id.as_str()).collect()
}

/// Whether both sides added different parts under one id.
fn collides<T: PartialEq>(base: &[T], ours: &[T], theirs: &[T], id_of: impl Fn(&T) -> &str) -> bool {
    let in_base: HashSet<&str> = base.iter().map(&id_of).collect();
    let added: HashMap<&str, &T> = ours.iter().filter(|p| !in_base.contains(id_of(p))).map(|p| (id_of(p), p)).collect();
    if added.is_empty() {
        return false;
    }
    theirs.iter().any(|t| added.get(id_of(t)).is_some_and(|o| *o != t))
}

/// Names of parts on any side, for the conflict list: gathered on the first conflict only, as
/// most merges have none.
struct Names<'m> {
    models: [&'m ThreatModel; 3],
    gathered: std::cell::OnceCell<HashMap<(ConflictPart, String), String>>,
}

impl<'m> Names<'m> {
    fn of(models: [&'m ThreatModel; 3]) -> Self {
        Self { models, gathered: std::cell::OnceCell::new() }
    }

    fn gather(&self) -> HashMap<(ConflictPart, String), String> {
        let mut names = HashMap::new();
        for model in self.models {
            for e in &model.elements {
                names.entry((ConflictPart::Element, e.id.to_string())).or_insert_with(|| e.name.clone());
            }
            for f in &model.flows {
                names.entry((ConflictPart::Flow, f.id.to_string())).or_insert_with(|| f.label.clone());
            }
            for b in &model.boundaries {
                names.entry((ConflictPart::Boundary, b.id.to_string())).or_insert_with(|| b.name.clone());
            }
            for t in &model.own_threats {
                names.entry((ConflictPart::OwnThreat, t.id.clone())).or_insert_with(|| t.title.clone());
            }
        }
        names
    }

    fn of_part(&self, part: ConflictPart, id: &str) -> String {
        let names = self.gathered.get_or_init(|| self.gather());
        names.get(&(part, id.to_owned())).cloned().unwrap_or_else(|| id.to_owned())
    }

    fn flow(&self, id: &FlowId) -> String {
        self.of_part(ConflictPart::Flow, id.as_str())
    }
}

/// Settles one conflict: ours is already in the model, so keeping it only drops the conflict;
/// taking theirs puts their value (or deletion) in place first.
pub fn resolve(model: &mut ThreatModel, index: usize, take_theirs: bool) -> Result<(), String> {
    let conflict = model.conflicts.get(index).cloned().ok_or_else(|| format!("no conflict number {}", index + 1))?;
    if take_theirs {
        apply_theirs(model, &conflict)?;
    }
    model.conflicts.remove(index);
    Ok(())
}

fn apply_theirs(model: &mut ThreatModel, conflict: &Conflict) -> Result<(), String> {
    let theirs: Option<Value> = match &conflict.theirs {
        Some(text) => Some(serde_json::from_str(text).map_err(|e| format!("their value is not readable: {e}"))?),
        None => None,
    };
    let id = conflict.id.as_str();
    match conflict.part {
        ConflictPart::Element => {
            let at = conflict.theirs_at.unwrap_or_default();
            let position = |model: &mut ThreatModel, element: &crate::model::Element| {
                model.layout.elements.entry(element.id.clone()).or_insert(at);
            };
            let changed = place(&mut model.elements, |e| e.id.as_str() == id, &conflict.field, theirs)?;
            if let Some(element) = changed {
                position(model, &element);
            } else {
                model.layout.elements.remove(&ElementId::new(id));
                let gone = ElementId::new(id);
                model.flows.retain(|f| f.from != gone && f.to != gone);
            }
        }
        ConflictPart::Flow => {
            let mut flows = model.flows.clone();
            if let Some(flow) = place(&mut flows, |f| f.id.as_str() == id, &conflict.field, theirs)? {
                // Their flow to an element that is not here would not load: the element first.
                if let Some(end) = [&flow.from, &flow.to].into_iter().find(|end| model.element(end).is_none()) {
                    return Err(format!(
                        "their flow goes to {end}, which is not in the model: take theirs for it first"
                    ));
                }
            }
            model.flows = flows;
        }
        ConflictPart::Boundary => {
            place(&mut model.boundaries, |b| b.id.as_str() == id, &conflict.field, theirs)?;
        }
        ConflictPart::OwnThreat => {
            place(&mut model.own_threats, |t| t.id == id, &conflict.field, theirs)?;
        }
        ConflictPart::Decision => {
            // A decision one side never made is the default one.
            let current = model.decisions.get(id).cloned().unwrap_or_default();
            let mut value = serde_json::to_value(&current).map_err(|e| e.to_string())?;
            set_field(&mut value, &conflict.field, theirs);
            let decision: crate::model::Decision = serde_json::from_value(value).map_err(|e| e.to_string())?;
            if decision.is_default() {
                model.decisions.remove(id);
            } else {
                model.decisions.insert(id.to_owned(), decision);
            }
        }
        ConflictPart::Setting => {
            let value = theirs.unwrap_or(Value::Null);
            match conflict.field.as_str() {
                "name" => model.name = value.as_str().unwrap_or_default().to_owned(),
                "description" => model.description = value.as_str().unwrap_or_default().to_owned(),
                "next_review" => model.review.next = value.as_str().unwrap_or_default().to_owned(),
                "scale" => model.scale = serde_json::from_value(value).map_err(|e| e.to_string())?,
                "compliance" => model.compliance = serde_json::from_value(value).map_err(|e| e.to_string())?,
                other => return Err(format!("unknown setting {other}")),
            }
        }
    }
    Ok(())
}

/// Puts their value in the list: the whole part (added, replaced, or removed when they
/// deleted it) or one field of it. Returns the part as it now is, if it is there.
fn place<T: Serialize + DeserializeOwned + Clone>(
    list: &mut Vec<T>,
    is_it: impl Fn(&T) -> bool,
    field: &str,
    theirs: Option<Value>,
) -> Result<Option<T>, String> {
    let at = list.iter().position(&is_it);
    if field.is_empty() {
        return match (theirs, at) {
            (None, Some(at)) => {
                list.remove(at);
                Ok(None)
            }
            (None, None) => Ok(None),
            (Some(value), at) => {
                let part: T = serde_json::from_value(value).map_err(|e| e.to_string())?;
                match at {
                    Some(at) => list[at] = part.clone(),
                    None => list.push(part.clone()),
                }
                Ok(Some(part))
            }
        };
    }
    let Some(at) = at else { return Ok(None) };
    let mut value = serde_json::to_value(&list[at]).map_err(|e| e.to_string())?;
    set_field(&mut value, field, theirs);
    list[at] = serde_json::from_value(value).map_err(|e| e.to_string())?;
    Ok(Some(list[at].clone()))
}

/// Sets (or, for none, removes) a dotted field of a JSON object.
fn set_field(value: &mut Value, field: &str, theirs: Option<Value>) {
    let mut parts: Vec<&str> = field.split('.').collect();
    let Some(last) = parts.pop() else { return };
    let mut target = value;
    for part in parts {
        let Some(object) = target.as_object_mut() else { return };
        target = object.entry(part.to_owned()).or_insert_with(|| Value::Object(Map::new()));
    }
    let Some(object) = target.as_object_mut() else { return };
    match theirs {
        Some(v) => {
            object.insert(last.to_owned(), v);
        }
        None => {
            object.remove(last);
        }
    }
}
