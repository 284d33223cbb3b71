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
    let names = Names::of([base, ours, &theirs]);
    let mut merger = Merger { conflicts: &mut conflicts, names: &names };
    let mut model = ours.clone();
    model.elements =
        merger.parts(ConflictPart::Element, &base.elements, &ours.elements, &theirs.elements, |e| e.id.as_str());
    model.flows = merger.parts(ConflictPart::Flow, &base.flows, &ours.flows, &theirs.flows, |f| f.id.as_str());
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
    let boundaries: BTreeSet<&BoundaryId> = model.boundaries.iter().map(|b| &b.id).collect();
    model.layout.boundaries.retain(|id, _| boundaries.contains(id));
    // A flow whose end one side deleted while the other added or kept the flow.
    let dangling: Vec<usize> = (0..model.flows.len())
        .filter(|&i| !elements.contains(&model.flows[i].from) || !elements.contains(&model.flows[i].to))
        .collect();
    for at in dangling.into_iter().rev() {
        let flow = model.flows.remove(at);
        let about = format!("Flow {}: one of its ends was deleted", names.flow(&flow.id));
        let theirs = serde_json::to_string(&flow).ok();
        conflicts.push(Conflict {
            part: ConflictPart::Flow,
            id: flow.id.to_string(),
            field: String::new(),
            about,
            ours: None,
            theirs,
            theirs_at: None,
        });
    }
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
    }
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
/// branches numbering from the same model both add `e7`.
fn renamed_collisions<'t>(base: &ThreatModel, ours: &ThreatModel, theirs: &'t ThreatModel) -> Cow<'t, ThreatModel> {
    if !collides(&base.elements, &ours.elements, &theirs.elements, |e| e.id.as_str())
        && !collides(&base.flows, &ours.flows, &theirs.flows, |f| f.id.as_str())
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
            e.chain(f).chain(b).collect::<Vec<_>>()
        })
        .collect();
    let mut fresh =
        |prefix: &str| (1..).map(|n| format!("{prefix}{n}")).find(|id| used.insert(id.clone())).unwrap_or_default();
    let in_base: BTreeSet<String> = base.elements.iter().map(|e| e.id.to_string()).collect();
    let ours_elements: HashMap<String, &crate::model::Element> =
        ours.elements.iter().map(|e| (e.id.to_string(), e)).collect();
    let mut element_renames: HashMap<ElementId, ElementId> = HashMap::new();
    for element in &mut theirs.elements {
        let id = element.id.to_string();
        if !in_base.contains(&id) && ours_elements.get(&id).is_some_and(|o| *o != element) {
            let new = ElementId::new(fresh("e"));
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
            flow.id = FlowId::new(fresh("f"));
        }
    }
    let renamed_target = |target: &str| element_renames.get(&ElementId::new(target)).map(|n| n.to_string());
    theirs.decisions = std::mem::take(&mut theirs.decisions)
        .into_iter()
        .map(|(key, decision)| match key.rsplit_once('@') {
            Some((rule, target)) => match renamed_target(target) {
                Some(new) => (format!("{rule}@{new}"), decision),
                None => (key, decision),
            },
            None => (key, decision),
        })
        .collect();
    for threat in &mut theirs.own_threats {
        if let Some(new) = renamed_target(&threat.target) {
            threat.target = new;
        }
    }
    Cow::Owned(theirs)
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
            place(&mut model.flows, |f| f.id.as_str() == id, &conflict.field, theirs)?;
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
