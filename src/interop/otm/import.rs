//! OTM → ThreatSketch: trust zones, components and dataflows become boundaries, elements and
//! flows, in that order; `placement` then draws them and `threats` adds the threats. Each
//! thing not carried over or guessed gets one plain note.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::de::DeserializeOwned;

use super::file::{Attributes, OtmFile, Parent, Shape};
use super::{ATTRIBUTE_PREFIX, mapping, read};
use crate::interop::format::{FormatError, ImportedModel};
use crate::model::{
    Answer, Answers, Boundary, BoundaryId, BoundaryKind, DataClass, Element, ElementId, Flow, FlowId, KindCatalog,
    Point, ThreatModel, Tri,
};

/// Trust zones nested deeper than this are taken as top-level: no real model nests so deep,
/// and each level halves the room the layout starts from.
const MAX_ZONE_DEPTH: usize = 12;

pub(super) fn import(text: &str) -> Result<ImportedModel, FormatError> {
    let root = read::parse(text)?;
    let file = super::file::read(&root)?;
    let mut this = Importer::new(&file);
    this.project();
    this.zones();
    this.components();
    this.dataflows();
    this.place();
    this.threats()?;
    this.summarise();
    // The import builds only what validation accepts; this guards against a mistake here
    // ever handing out a model that would not load.
    if let Some(problem) = this.model.errors().first() {
        return Err(FormatError::whole(format!("the imported model would not be valid: {problem}")));
    }
    let title = this.model.name.clone();
    Ok(ImportedModel { title, model: this.model, notes: this.notes })
}

/// The model being built, its notes, and what each OTM part became.
pub(super) struct Importer<'f> {
    pub file: &'f OtmFile,
    pub model: ThreatModel,
    pub notes: Vec<String>,
    pub kinds: &'static KindCatalog,
    used: HashSet<String>,
    /// Every id of the file, which generated ids avoid.
    reserved: HashSet<&'f str>,
    next_fresh: HashMap<&'static str, usize>,
    /// Trust zone id → its boundary (index into `model.boundaries`); None for ThreatSketch's
    /// zone of the elements outside every boundary.
    pub zone_boundary: HashMap<&'f str, Option<usize>>,
    /// For each boundary, the boundary it is nested in, and its place in the file.
    pub boundary_parent: Vec<Option<usize>>,
    pub boundary_shape: Vec<Option<Shape>>,
    /// The zone each boundary came from (index into `file.zones`).
    pub boundary_zone: Vec<usize>,
    /// Component id → its element (index into `model.elements`).
    pub component_element: HashMap<&'f str, usize>,
    /// For each element, its boundary and its place in the file.
    pub element_boundary: Vec<Option<usize>>,
    pub element_shape: Vec<Option<Shape>>,
    /// The element each component became, by the component's place in the file.
    pub element_of_component: Vec<Option<usize>>,
    /// The first flow each dataflow became (index into `model.flows`), by its place in the file.
    pub flow_of_dataflow: Vec<Option<usize>>,
    /// The file is an export of ThreatSketch (its project has ThreatSketch's attributes).
    pub written_by_threatsketch: bool,
    /// Attribute keys of other tools that were not kept, and on how many parts.
    foreign_attributes: BTreeSet<String>,
    parts_with_foreign_attributes: usize,
}

impl<'f> Importer<'f> {
    fn new(file: &'f OtmFile) -> Self {
        let reserved = (file.zones.iter().map(|z| z.id.as_str()))
            .chain(file.components.iter().map(|c| c.id.as_str()))
            .chain(file.dataflows.iter().map(|d| d.id.as_str()))
            .collect();
        let name = if file.name.is_empty() { "Open Threat Model".to_owned() } else { file.name.clone() };
        Self {
            file,
            model: ThreatModel::new(name),
            notes: Vec::new(),
            kinds: KindCatalog::builtin(),
            used: HashSet::new(),
            reserved,
            next_fresh: HashMap::new(),
            zone_boundary: HashMap::new(),
            boundary_parent: Vec::new(),
            boundary_shape: Vec::new(),
            boundary_zone: Vec::new(),
            component_element: HashMap::new(),
            element_boundary: Vec::new(),
            element_shape: Vec::new(),
            element_of_component: Vec::new(),
            flow_of_dataflow: Vec::new(),
            written_by_threatsketch: false,
            foreign_attributes: BTreeSet::new(),
            parts_with_foreign_attributes: 0,
        }
    }

    /// The part's own id when it is free and usable here, else a new one like "e4", with a note.
    fn claim(&mut self, wanted: &str, prefix: &'static str, label: &str) -> String {
        // Decisions are keyed `threat@target`: an id with an @ would split wrongly.
        if !wanted.contains('@') && self.used.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let fresh = self.fresh(prefix);
        let why = if wanted.contains('@') { "which cannot contain '@' here" } else { "which is already taken" };
        self.notes.push(format!("The {label} has the id '{wanted}', {why}; it was given the id '{fresh}'."));
        fresh
    }

    /// A new id like "f7", free in the model and the file.
    fn fresh(&mut self, prefix: &'static str) -> String {
        // The lowest free number only grows, so giving out n ids costs O(n) in all.
        let start = self.next_fresh.get(prefix).copied().unwrap_or(1);
        let (number, fresh) = (start..)
            .map(|n| (n, format!("{prefix}{n}")))
            .find(|(_, id)| !self.used.contains(id) && !self.reserved.contains(id.as_str()))
            .unwrap_or_default();
        self.next_fresh.insert(prefix, number + 1);
        self.used.insert(fresh.clone());
        fresh
    }

    /// ThreatSketch's own attribute `threatsketch.<key>`, if the part has it and it reads.
    pub fn ours<T: DeserializeOwned>(&mut self, attributes: &Attributes, key: &str, label: &str) -> Option<T> {
        let full = format!("{ATTRIBUTE_PREFIX}{key}");
        let (_, node) = attributes.iter().find(|(k, _)| *k == full)?;
        let read = read::to_json(node).and_then(|value| serde_json::from_value(value).ok());
        if read.is_none() {
            self.notes.push(format!("The attribute \"{full}\" of the {label} could not be read and was ignored."));
        }
        read
    }

    /// Remembers the attributes of other tools on a part, for one note at the end.
    fn foreign(&mut self, attributes: &Attributes) {
        let mut any = false;
        for (key, _) in attributes.iter().filter(|(k, _)| !k.starts_with(ATTRIBUTE_PREFIX)) {
            any = true;
            if self.foreign_attributes.len() < 3 {
                self.foreign_attributes.insert(key.clone());
            }
        }
        self.parts_with_foreign_attributes += usize::from(any);
    }

    /// Answers written as `threatsketch.answers.<question>`, those the part asks and that fit.
    fn answers(&mut self, attributes: &Attributes, asks: impl Fn(&str) -> bool, label: &str) -> Answers {
        let prefix = format!("{ATTRIBUTE_PREFIX}answers.");
        let mut answers = Answers::new();
        let mut dropped = Vec::new();
        for (key, node) in attributes {
            let Some(property) = key.strip_prefix(&prefix) else { continue };
            let answer = read::to_json(node).and_then(|v| serde_json::from_value::<Answer>(v).ok());
            let fits = |a: &Answer| asks(property) && self.kinds.property(property).is_some_and(|p| p.check(a).is_ok());
            match answer {
                Some(answer) if fits(&answer) => {
                    answers.insert(property.to_owned(), answer);
                }
                _ => dropped.push(format!("\"{property}\"")),
            }
        }
        if !dropped.is_empty() {
            self.notes.push(format!(
                "The {label} answers questions its kind does not ask, or answers them with values that do not fit ({}); \
                those answers were left out.",
                dropped.join(", ")
            ));
        }
        answers
    }

    fn project(&mut self) {
        let attributes = &self.file.project_attributes;
        self.model.description = self.file.description.clone();
        if let Some(scale) = self.ours(attributes, "scale", "project") {
            self.model.scale = scale;
            self.written_by_threatsketch = true;
        }
        if let Some(compliance) = self.ours(attributes, "compliance", "project") {
            self.model.compliance = compliance;
        }
    }

    fn zones(&mut self) {
        let file = self.file;
        for (index, zone) in file.zones.iter().enumerate() {
            let label = format!("trust zone '{}'", zone.name);
            if self.zone_boundary.contains_key(zone.id.as_str()) {
                self.notes
                    .push(format!("The {label} repeats the id '{}' of another trust zone; it was left out.", zone.id));
                continue;
            }
            if self.ours::<bool>(&zone.attributes, "outside", &label) == Some(true) {
                self.zone_boundary.insert(&zone.id, None);
                continue;
            }
            self.foreign(&zone.attributes);
            let kind = match self.ours::<BoundaryKind>(&zone.attributes, "kind", &label) {
                Some(kind) => kind,
                None => {
                    let (kind, defaulted) = mapping::boundary_kind(&zone.name, &zone.zone_type);
                    if defaulted {
                        let rating = zone.trust_rating.map(|r| format!(" (trust rating {r})")).unwrap_or_default();
                        self.notes.push(format!(
                            "The {label}{rating} was taken as a {} boundary: its name does not say what it is.",
                            kind.label().to_lowercase()
                        ));
                    }
                    kind
                }
            };
            if !zone.description.is_empty() {
                self.notes
                    .push(format!("The description of the {label} was not kept: ThreatSketch boundaries have none."));
            }
            let id = self.claim(&zone.id, "b", &label);
            let line: Option<Vec<(f32, f32)>> = self.ours(&zone.attributes, "line", &label);
            if let Some(points) = line.filter(|p| p.len() >= 2) {
                let points = points.into_iter().map(|(x, y)| Point::new(x, y)).collect();
                self.model.layout.boundary_lines.insert(BoundaryId::new(id.clone()), points);
            }
            self.zone_boundary.insert(&zone.id, Some(self.model.boundaries.len()));
            self.model.boundaries.push(Boundary { id: BoundaryId::new(id), kind, name: zone.name.clone() });
            self.boundary_shape.push(zone.shape);
            self.boundary_zone.push(index);
            self.boundary_parent.push(None);
        }
        self.zone_parents();
    }

    /// Each boundary's parent, once all are known; unknown parents, loops and nesting deeper
    /// than `MAX_ZONE_DEPTH` leave a zone at the top level, with a note.
    fn zone_parents(&mut self) {
        let file = self.file;
        for boundary in 0..self.model.boundaries.len() {
            let Some(zone) = self.boundary_zone.get(boundary).and_then(|&z| file.zones.get(z)) else { continue };
            let Some(parent) = &zone.parent else { continue };
            match self.zone_boundary.get(parent.as_str()) {
                Some(Some(parent)) => self.boundary_parent[boundary] = Some(*parent),
                Some(None) => {}
                None => self.notes.push(format!(
                    "The trust zone '{}' is inside the trust zone '{parent}', which the file does not have; it was \
                    placed at the top level.",
                    zone.name
                )),
            }
        }
        // Walks up from each boundary with a bound, so a loop or a very deep chain costs at most
        // MAX_ZONE_DEPTH steps per boundary.
        for boundary in 0..self.boundary_parent.len() {
            let mut at = boundary;
            let mut depth = 0;
            while let Some(parent) = self.boundary_parent.get(at).copied().flatten() {
                depth += 1;
                if parent == boundary || depth > MAX_ZONE_DEPTH {
                    let name = self.model.boundaries.get(boundary).map(|b| b.name.clone()).unwrap_or_default();
                    self.notes.push(format!(
                        "The trust zone '{name}' is nested in a loop of trust zones or too deeply; it was placed at \
                        the top level."
                    ));
                    self.boundary_parent[boundary] = None;
                    break;
                }
                at = parent;
            }
        }
    }

    fn components(&mut self) {
        let file = self.file;
        for component in &file.components {
            let label = format!("component '{}'", component.name);
            if self.component_element.contains_key(component.id.as_str()) {
                self.notes.push(format!(
                    "The {label} repeats the id '{}' of another component; it was left out.",
                    component.id
                ));
                self.element_of_component.push(None);
                continue;
            }
            let kind = self.kind_of(component, &label);
            let id = self.claim(&component.id, "e", &label);
            let mut element = Element::new(ElementId::new(id), kind, component.name.clone());
            element.description = component.description.clone();
            let kind_def = self.kinds.kind(&element.kind);
            element.properties = self.answers(&component.attributes, |p| kind_def.is_some_and(|k| k.asks(p)), &label);
            element.critical = self.ours(&component.attributes, "critical", &label).unwrap_or(false);
            self.foreign(&component.attributes);
            let boundary = match &component.parent {
                Some(Parent::Zone(zone)) => match self.zone_boundary.get(zone.as_str()) {
                    Some(boundary) => *boundary,
                    None => {
                        self.notes.push(format!(
                            "The {label} is in the trust zone '{zone}', which the file does not have; it was placed \
                            outside every boundary."
                        ));
                        None
                    }
                },
                // Settled below, once every component is known.
                Some(Parent::Component(_)) | None => None,
            };
            self.component_element.insert(&component.id, self.model.elements.len());
            self.element_of_component.push(Some(self.model.elements.len()));
            self.model.elements.push(element);
            self.element_boundary.push(boundary);
            self.element_shape.push(component.shape);
        }
        self.components_in_components();
    }

    /// A component inside another component sits in that one's boundary: ThreatSketch
    /// elements hold nothing.
    fn components_in_components(&mut self) {
        let file = self.file;
        // The first component with an id wins, as it did above.
        let index_of: HashMap<&str, usize> =
            file.components.iter().enumerate().rev().map(|(i, c)| (c.id.as_str(), i)).collect();
        let mut moved = 0;
        for (index, component) in file.components.iter().enumerate() {
            let Some(Parent::Component(parent)) = &component.parent else { continue };
            let Some(element) = self.element_of_component.get(index).copied().flatten() else { continue };
            // Up the chain of holders, boundedly: a loop ends outside every boundary.
            let mut at = index_of.get(parent.as_str()).copied();
            let mut boundary = None;
            for _ in 0..=MAX_ZONE_DEPTH {
                let Some(holder) = at.and_then(|i| file.components.get(i)) else { break };
                match &holder.parent {
                    Some(Parent::Zone(zone)) => {
                        boundary = self.zone_boundary.get(zone.as_str()).copied().flatten();
                        break;
                    }
                    Some(Parent::Component(next)) => at = index_of.get(next.as_str()).copied(),
                    None => break,
                }
            }
            if let Some(slot) = self.element_boundary.get_mut(element) {
                *slot = boundary;
            }
            moved += 1;
        }
        if moved > 0 {
            self.notes.push(format!(
                "{moved} component(s) inside other components were placed in the trust zone of the component that \
                holds them: ThreatSketch elements hold nothing."
            ));
        }
    }

    fn kind_of(&mut self, component: &super::file::Component, label: &str) -> String {
        if let Some(kind) = self.ours::<String>(&component.attributes, "kind", label) {
            if self.kinds.kind(&kind).is_some() {
                return kind;
            }
            self.notes.push(format!("The {label} is of the kind \"{kind}\", which this version does not know."));
        }
        if let Some(kind) = mapping::kind_from_words(&component.component_type) {
            return kind.to_owned();
        }
        let said = if component.component_type.is_empty() {
            "has no type".to_owned()
        } else {
            format!("has the type \"{}\", which ThreatSketch does not know", component.component_type)
        };
        let (kind, how) = match mapping::kind_from_words(&component.name) {
            Some(kind) => (kind, " by its name"),
            None => ("process", ", as nothing more is known"),
        };
        let kind_name = self.kinds.kind_name(kind).to_owned();
        self.notes.push(format!("The {label} {said}; it was taken as {kind_name}{how}."));
        kind.to_owned()
    }

    fn dataflows(&mut self) {
        let file = self.file;
        let flow_questions: HashSet<String> = self.kinds.flow_properties.iter().cloned().collect();
        for dataflow in &file.dataflows {
            let label = if dataflow.name.is_empty() {
                format!("dataflow '{}'", dataflow.id)
            } else {
                format!("dataflow '{}'", dataflow.name)
            };
            let ends = (self.element_id(&dataflow.source), self.element_id(&dataflow.destination));
            let (Some(from), Some(to)) = ends else {
                let missing = if ends.0.is_none() { &dataflow.source } else { &dataflow.destination };
                self.notes.push(format!(
                    "The {label} runs to or from '{missing}', which is no component of the file; it was left out."
                ));
                self.flow_of_dataflow.push(None);
                continue;
            };
            let id = self.claim(&dataflow.id, "f", &label);
            let mut flow = Flow::new(FlowId::new(id), from.clone(), to.clone(), dataflow.name.clone());
            let attributes = &dataflow.attributes;
            flow.protocol = self.ours(attributes, "protocol", &label).unwrap_or_default();
            flow.encrypted = self.ours(attributes, "encrypted", &label).unwrap_or(Tri::Unknown);
            flow.authenticated = self.ours(attributes, "authenticated", &label).unwrap_or(Tri::Unknown);
            flow.data = self.ours::<BTreeSet<DataClass>>(attributes, "data", &label).unwrap_or_default();
            flow.properties = self.answers(attributes, |p| flow_questions.contains(p), &label);
            self.foreign(attributes);
            self.flow_of_dataflow.push(Some(self.model.flows.len()));
            if dataflow.bidirectional {
                let back_id = self.fresh("f");
                let mut back = flow.clone();
                back.id = FlowId::new(back_id);
                std::mem::swap(&mut back.from, &mut back.to);
                self.notes.push(format!(
                    "The {label} goes both ways: it became two flows, '{}' and '{}'; its threats are on the first.",
                    flow.id, back.id
                ));
                self.model.flows.push(flow);
                self.model.flows.push(back);
            } else {
                self.model.flows.push(flow);
            }
        }
    }

    fn element_id(&self, component: &str) -> Option<ElementId> {
        let index = *self.component_element.get(component)?;
        self.model.elements.get(index).map(|e| e.id.clone())
    }

    fn summarise(&mut self) {
        if self.parts_with_foreign_attributes > 0 {
            let examples: Vec<String> = self.foreign_attributes.iter().map(|k| format!("\"{k}\"")).collect();
            self.notes.push(format!(
                "{} part(s) have attributes of other tools (such as {}); ThreatSketch has no questions for them, so \
                they were not kept.",
                self.parts_with_foreign_attributes,
                examples.join(", ")
            ));
        }
    }
}
