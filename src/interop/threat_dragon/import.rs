//! Threat Dragon → ThreatSketch: one model per diagram, and a note for everything that did not
//! map one to one.

use std::collections::{BTreeMap, HashMap, HashSet};

use serde::Deserialize;
use serde_json::Value;

use super::export::{mitigation_text, rule_description};
use super::json::{Cell, CellData, Detail, Diagram, Extension, Extent, Summary, TdFile, TdThreat, ThreatExtension, Xy};
use super::lenient::{describe, parse, text_at};
use super::mapping::{self, CellType, Rating, StrideMatch};
use super::{IMPORTED_REASON, Import, ImportError, ImportedDiagram, TdVersion};
use crate::model::{
    Answers, Boundary, BoundaryId, BoundaryKind, Decision, Element, ElementId, ElementType, Flow, FlowId, KindCatalog,
    Level, OwnThreat, Point, Rect, Stride, ThreatKey, ThreatModel, ThreatStatus, Tri,
};
use crate::threats::{Applies, Catalogue, Rule, applies_to_kind};

pub(super) fn import(json: &str) -> Result<Import, ImportError> {
    let value: Value = serde_json::from_str(json).map_err(|err| ImportError::syntax(json, &err))?;
    if !value.is_object() {
        let found = describe(&value);
        return Err(ImportError::shape(
            "the file",
            format!("a Threat Dragon model is a JSON object, but this is {found}"),
        ));
    }
    let file: TdFile = parse(&value, "the file")?;
    let Some(detail) = &file.detail else {
        // The deliberately malformed test file of Threat Dragon says "details".
        let hint = if value.get("details").is_some() { " (it has \"details\")" } else { "" };
        return Err(ImportError::shape(
            "the file",
            format!("this is not a Threat Dragon model: it has no \"detail\" object, which holds the diagrams{hint}"),
        ));
    };
    let summary: Summary = match &file.summary {
        Some(summary) => parse(summary, "summary")?,
        None => Summary::default(),
    };
    let detail: Detail = parse(detail, "detail")?;
    if detail.diagrams.is_empty() {
        return Err(ImportError::NoDiagrams);
    }

    let (version, version_note) = version_of(file.version.as_deref());
    let mut context = FileContext {
        title: clean(&summary.title),
        description: summary.description.trim().to_owned(),
        people: people_of(&summary, &detail),
        several: detail.diagrams.len() > 1,
        notes: version_note.into_iter().collect(),
    };
    if context.title.is_empty() {
        context.title = "Threat Dragon model".to_owned();
    }
    if !context.people.is_empty() {
        context.notes.push(
            "The owner, reviewer and contributors were added to the description: ThreatSketch models have no fields \
            for them."
                .to_owned(),
        );
    }

    let diagrams = detail
        .diagrams
        .iter()
        .enumerate()
        .map(|(index, diagram)| DiagramImport::run(&context, index, diagram))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Import { version, diagrams })
}

/// What every diagram of a file shares.
struct FileContext {
    title: String,
    /// The summary's description.
    description: String,
    /// The people the file names, as a sentence for the description.
    people: String,
    several: bool,
    /// Notes about the file as a whole, repeated in each diagram's notes.
    notes: Vec<String>,
}

fn version_of(version: Option<&str>) -> (TdVersion, Option<String>) {
    match version.map(str::trim) {
        // Threat Dragon 1 wrote no version.
        None | Some("") => (TdVersion::V1, None),
        Some(v) if v.starts_with('1') => (TdVersion::V1, None),
        Some(v) if v.starts_with("2.") || v == "2" => (TdVersion::V2, None),
        Some(v) => (
            TdVersion::V2,
            Some(format!(
                "The file says Threat Dragon version \"{v}\"; this import knows versions 1 and 2, and read it as \
                version 2."
            )),
        ),
    }
}

/// "From Threat Dragon (owner: …; reviewer: …; contributors: …).", or "" when none is named.
fn people_of(summary: &Summary, detail: &Detail) -> String {
    let contributors: Vec<String> =
        detail.contributors.iter().map(|c| clean(&c.name)).filter(|n| !n.is_empty()).collect();
    let mut parts = Vec::new();
    if !clean(&summary.owner).is_empty() {
        parts.push(format!("owner: {}", clean(&summary.owner)));
    }
    if !clean(&detail.reviewer).is_empty() {
        parts.push(format!("reviewer: {}", clean(&detail.reviewer)));
    }
    if !contributors.is_empty() {
        parts.push(format!("contributors: {}", contributors.join(", ")));
    }
    if parts.is_empty() { String::new() } else { format!("From Threat Dragon ({}).", parts.join("; ")) }
}

/// Whitespace runs (Threat Dragon wraps names with line breaks) as single spaces.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn join_paragraphs<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
}

/// A cell, read and checked, before it becomes part of the model.
struct Parsed {
    /// "diagram 1 ('Main'), cell 'abc'": where errors point.
    at: String,
    id: Option<String>,
    cell_type: Option<CellType>,
    /// What the file called it, for notes about cells left out.
    type_text: String,
    data: CellData,
    name: String,
    name_had_breaks: bool,
    position: Option<Xy>,
    size: Option<Extent>,
    source: Option<Value>,
    target: Option<Value>,
}

impl Parsed {
    /// "process 'Web UI'", for notes.
    fn label(&self) -> String {
        let noun = self.cell_type.map_or("cell", CellType::noun);
        if self.name.is_empty() { format!("unnamed {noun}") } else { format!("{noun} '{}'", self.name) }
    }
}

/// Why a flow end does not lead to an element.
enum LooseEnd {
    Free,
    Missing(String),
    NotAnElement(String),
}

struct DiagramImport {
    at: String,
    model: ThreatModel,
    notes: Vec<String>,
    /// Ids taken in the model so far, and ids of the file, which generated ids avoid.
    used: HashSet<String>,
    reserved: HashSet<String>,
    /// Threat Dragon cell id → element id here.
    elements: HashMap<String, ElementId>,
    /// Threat Dragon cell id → what it is, for cells that are not elements.
    others: HashMap<String, String>,
    next_own: usize,
    names_with_breaks: usize,
    /// Threat types of other frameworks, with the STRIDE category chosen, and how many.
    translated: BTreeMap<(String, Stride), usize>,
    /// Threat types without a counterpart, and how many.
    defaulted: BTreeMap<String, usize>,
    kinds: &'static KindCatalog,
}

impl DiagramImport {
    fn run(file: &FileContext, index: usize, raw: &Value) -> Result<ImportedDiagram, ImportError> {
        let diagram: Diagram = parse(raw, &format!("diagram {}", index + 1))?;
        let mut title = clean(&diagram.title);
        if title.is_empty() {
            title = format!("Diagram {}", index + 1);
        }
        let name = if file.several { format!("{} — {title}", file.title) } else { file.title.clone() };
        let mut this = Self {
            at: format!("diagram {} ('{title}')", index + 1),
            model: ThreatModel::new(name),
            notes: file.notes.clone(),
            used: HashSet::new(),
            reserved: HashSet::new(),
            elements: HashMap::new(),
            others: HashMap::new(),
            next_own: 0,
            names_with_breaks: 0,
            translated: BTreeMap::new(),
            defaulted: BTreeMap::new(),
            kinds: KindCatalog::builtin(),
        };
        // v2 keeps the cells on the diagram, v1 in `diagramJson`.
        let cells = diagram.cells.or(diagram.diagram_json.map(|d| d.cells)).unwrap_or_default();
        let parsed =
            cells.iter().enumerate().map(|(i, cell)| this.read_cell(i, cell)).collect::<Result<Vec<_>, _>>()?;
        this.reserved = parsed.iter().filter_map(|p| p.id.clone()).collect();

        let mut texts = Vec::new();
        let mut lines = Vec::new();
        let mut flows = Vec::new();
        for cell in &parsed {
            this.names_with_breaks += usize::from(cell.name_had_breaks);
            match cell.cell_type {
                Some(CellType::Actor | CellType::Process | CellType::Store) => this.add_element(cell)?,
                Some(CellType::BoundaryBox) => this.add_boundary(cell)?,
                Some(CellType::Flow) => flows.push(cell),
                Some(CellType::BoundaryCurve) => {
                    this.remember(cell);
                    lines.push(cell);
                }
                Some(CellType::Text) => {
                    this.remember(cell);
                    texts.push(cell);
                }
                None => this.notes.push(format!(
                    "Cell {} of type \"{}\" is not something Threat Dragon diagrams are made of; it was left out.",
                    cell.id.as_deref().unwrap_or("without an id"),
                    cell.type_text
                )),
            }
        }
        for flow in flows {
            this.add_flow(flow)?;
        }
        this.left_out_lines(&lines);
        this.add_texts(&texts);

        // A diagram description that repeats the model's is said once.
        let own_description = diagram.description.trim();
        let own_description = if own_description == file.description { "" } else { own_description };
        let paragraphs = [file.description.as_str(), own_description, file.people.as_str()]
            .into_iter()
            .chain(texts.iter().map(|t| t.name.as_str()));
        this.model.description = join_paragraphs(paragraphs);
        this.summarise(cells.is_empty(), &title);

        // The import builds only what validation accepts; this guards against a mistake here
        // ever handing out a model that would not load.
        if let Some(problem) = this.model.errors().first() {
            return Err(ImportError::shape(this.at, format!("the imported model would not be valid: {problem}")));
        }
        Ok(ImportedDiagram { title, model: this.model, notes: this.notes })
    }

    fn read_cell(&self, index: usize, raw: &Value) -> Result<Parsed, ImportError> {
        // Errors name the cell by its id when it has one, else by its place.
        let at = match raw.get("id").and_then(Value::as_str).map(str::trim) {
            Some(id) if !id.is_empty() => format!("{}, cell '{id}'", self.at),
            _ => format!("{}, cell {}", self.at, index + 1),
        };
        let cell: Cell = parse(raw, &at)?;
        let id = cell.id.as_deref().map(str::trim).filter(|id| !id.is_empty()).map(str::to_owned);
        // v2 cells keep their properties in `data`, v1 cells on themselves.
        let data: CellData = match &cell.data {
            Some(Value::Null) | None if cell.v1_type.is_some() => parse(raw, &at)?,
            Some(Value::Null) | None => CellData::default(),
            Some(data) => parse(data, &format!("{at}, data"))?,
        };
        let type_text =
            if data.cell_type.is_empty() { cell.v1_type.clone().unwrap_or_default() } else { data.cell_type.clone() };
        let cell_type = CellType::of(&type_text, cell.shape.as_deref());
        let type_text = if type_text.is_empty() { cell.shape.clone().unwrap_or_default() } else { type_text };

        // The name is in `data` (v2) or only in the drawn text (v1, some boundary boxes).
        let attrs = cell.attrs.as_ref();
        let labels = cell.labels.as_ref();
        let raw_name = data
            .name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .or_else(|| text_at(attrs, "/text/text"))
            .or_else(|| text_at(attrs, "/label/text"))
            .or_else(|| text_at(labels, "/0/attrs/labelText/text"))
            .or_else(|| text_at(labels, "/0/attrs/text/text"))
            .unwrap_or_default();
        let name = clean(raw_name);
        let name_had_breaks = raw_name.trim().contains(['\n', '\r']);
        Ok(Parsed {
            at,
            id,
            cell_type,
            type_text,
            name,
            name_had_breaks,
            data,
            position: cell.position,
            size: cell.size,
            source: cell.source,
            target: cell.target,
        })
    }

    /// The cell's own id when it is free, else a new one like "e4"; the bool says it changed.
    fn claim(&mut self, wanted: Option<&str>, prefix: &str) -> (String, bool) {
        // Decisions are keyed `threat@target`: an id with an @ would split wrongly.
        if let Some(wanted) = wanted
            && !wanted.contains('@')
            && self.used.insert(wanted.to_owned())
        {
            return (wanted.to_owned(), false);
        }
        let fresh = (1..)
            .map(|n| format!("{prefix}{n}"))
            .find(|id| !self.used.contains(id) && !self.reserved.contains(id))
            .unwrap_or_default();
        self.used.insert(fresh.clone());
        (fresh, true)
    }

    fn claim_noted(&mut self, cell: &Parsed, prefix: &str) -> String {
        let (id, changed) = self.claim(cell.id.as_deref(), prefix);
        if changed {
            let label = cell.label();
            self.notes.push(match &cell.id {
                Some(old) if old.contains('@') => {
                    format!(
                        "The {label} has the id '{old}', which cannot contain '@' here; it was given the id '{id}'."
                    )
                }
                Some(old) => format!("The {label} has the id '{old}' of another cell; it was given the id '{id}'."),
                None => format!("The {label} has no id; it was given the id '{id}'."),
            });
        }
        id
    }

    fn remember(&mut self, cell: &Parsed) {
        if let Some(id) = &cell.id {
            self.others.entry(id.clone()).or_insert_with(|| cell.label());
        }
    }

    /// What ThreatSketch wrote into the cell on export, if anything.
    fn extension(&mut self, cell: &Parsed) -> Option<Extension> {
        let value = cell.data.threatsketch.as_ref()?;
        match Extension::deserialize(value) {
            Ok(extension) => Some(extension),
            Err(_) => {
                self.notes.push(format!(
                    "The ThreatSketch details of the {} could not be read and were ignored.",
                    cell.label()
                ));
                None
            }
        }
    }

    fn add_element(&mut self, cell: &Parsed) -> Result<(), ImportError> {
        let Some(cell_type) = cell.cell_type else { return Ok(()) };
        let extension = self.extension(cell);
        let id = ElementId::new(self.claim_noted(cell, ElementId::PREFIX));
        let name = if cell.name.is_empty() {
            let name = format!("Unnamed {}", cell_type.noun());
            self.notes.push(format!("A {} without a name was called '{name}'.", cell_type.noun()));
            name
        } else {
            cell.name.clone()
        };
        let label = format!("{} '{name}'", cell_type.noun());
        let data = &cell.data;

        // Our own kind, written on export, when it still fits the Threat Dragon type.
        let hinted = mapping::kind_for(cell_type, &name, data.is_a_log);
        let kind = match extension.as_ref().and_then(|e| e.kind.as_deref()) {
            Some(kind) if self.kinds.kind(kind).map(|k| k.element_type) == cell_type.element_type() => kind,
            Some(kind) => {
                self.notes.push(format!(
                    "The {label} was a '{kind}' in ThreatSketch, which does not fit a Threat Dragon {}; it became a \
                    '{hinted}'.",
                    cell_type.noun()
                ));
                hinted
            }
            None => hinted,
        };
        let mut element = Element::new(id.clone(), kind, name);
        element.description = data.description.trim().to_owned();
        if let Some(extension) = &extension {
            let asked = |property: &str| self.kinds.kind(kind).is_some_and(|k| k.asks(property));
            element.properties = self.answers_kept(&extension.properties, asked, &label);
            element.critical = extension.critical;
        }

        match cell_type {
            CellType::Actor if data.provides_authentication => self.notes.push(format!(
                "The {label} provides authentication in Threat Dragon; external entities have no such question here. \
                 Draw the sign-in service as an 'Authorizer / identity provider' if it is part of the app."
            )),
            CellType::Process => {
                if data.is_web_application {
                    self.answer(&mut element, "internet_facing", "is a web application", &label);
                }
                // Written by our export from the flows' data, so only a file of Threat Dragon's own says it.
                if data.handles_card_payment && extension.is_none() {
                    self.critical(&mut element, "handles card payments", &label);
                }
                if data.handles_goods_or_services {
                    self.notes.push(format!(
                        "The {label} handles goods or services in Threat Dragon; ThreatSketch has no such question, \
                        so it was not kept."
                    ));
                }
                let privilege = clean(&data.privilege_level);
                if !privilege.is_empty() {
                    self.notes.push(format!(
                        "The {label} has the privilege level \"{privilege}\" in Threat Dragon; ThreatSketch has no \
                        such field, so it was not kept."
                    ));
                }
            }
            CellType::Store => {
                if data.is_encrypted == Some(true) {
                    self.answer(&mut element, "encrypted_at_rest", "is encrypted", &label);
                }
                if data.stores_credentials && extension.is_none() {
                    self.critical(&mut element, "stores credentials", &label);
                }
                for (flag, what) in [(data.is_signed, "is signed"), (data.stores_inventory, "stores inventory")] {
                    if flag {
                        self.notes.push(format!(
                            "The {label} {what} in Threat Dragon; ThreatSketch has no such question, so it was not \
                            kept."
                        ));
                    }
                }
            }
            _ => {}
        }
        if data.out_of_scope {
            let reason = data.reason_out_of_scope.trim();
            let sentence = if reason.is_empty() {
                "Out of scope in Threat Dragon.".to_owned()
            } else {
                format!("Out of scope in Threat Dragon: {reason}")
            };
            element.description = join_paragraphs([element.description.as_str(), sentence.as_str()]);
            self.notes.push(format!(
                "The {label} is out of scope in Threat Dragon; ThreatSketch has no such setting, so it was kept, with \
                the reason in its description."
            ));
        }

        let (width, height) = cell.size.map_or(cell_type.default_size(), |s| (s.width, s.height));
        let center = match cell.position {
            // Threat Dragon places a shape by its top-left corner, ThreatSketch by its centre.
            Some(p) => Point::new((p.x + width / 2.0) as f32, (p.y + height / 2.0) as f32).rounded(),
            None => {
                self.notes.push(format!("The {label} has no position; it was placed at the top left."));
                Point::default()
            }
        };
        if !center.is_finite() {
            return Err(ImportError::shape(
                format!("{}, field 'position'", cell.at),
                "the numbers are too large to draw",
            ));
        }
        self.model.layout.elements.insert(id.clone(), center);
        if let Some(td_id) = &cell.id {
            self.elements.entry(td_id.clone()).or_insert_with(|| id.clone());
        }
        self.model.elements.push(element);
        self.threats(cell, id.as_str(), cell_type, &label)
    }

    /// Answers Yes to a question of the element's kind, or says why it could not.
    fn answer(&mut self, element: &mut Element, property: &str, said: &str, label: &str) {
        let kind = self.kinds.kind(&element.kind);
        if kind.is_some_and(|k| k.asks(property)) {
            // An answer ThreatSketch wrote itself stands.
            if element.property(property).is_unknown() {
                element.set_property(property, Tri::Yes);
            }
        } else {
            let question = self.kinds.property(property).map_or(property, |p| p.label.as_str());
            self.notes.push(format!(
                "The {label} {said} in Threat Dragon; a {} has no question \"{question}\" here, so it was not kept.",
                self.kinds.kind_name(&element.kind)
            ));
        }
    }

    /// Our own answers carried in the extension, brought up to date (files exported by earlier
    /// versions), keeping only those asked here and that fit their question.
    fn answers_kept(&mut self, carried: &Answers, asked: impl Fn(&str) -> bool, label: &str) -> Answers {
        let mut answers = carried.clone();
        crate::model::migrate::migrate_answers(&mut answers);
        answers.retain(|property, answer| {
            let fits = asked(property) && self.kinds.property(property).is_some_and(|p| p.check(answer).is_ok());
            if !fits {
                self.notes.push(format!(
                    "The {label} answered \"{property}\" with {answer}, which does not fit here; it was not kept."
                ));
            }
            fits
        });
        answers
    }

    fn critical(&mut self, element: &mut Element, said: &str, label: &str) {
        element.critical = true;
        self.notes.push(format!(
            "The {label} {said} in Threat Dragon; it was marked as a critical asset, so its threats come first."
        ));
    }

    fn add_boundary(&mut self, cell: &Parsed) -> Result<(), ImportError> {
        self.remember(cell);
        let label = cell.label();
        let Some(position) = cell.position else {
            self.notes.push(format!("The {label} has no position, so it was left out."));
            return Ok(());
        };
        let (width, height) = cell.size.map_or(CellType::BoundaryBox.default_size(), |s| (s.width, s.height));
        let rect = Rect::new(position.x as f32, position.y as f32, width as f32, height as f32).rounded();
        if !rect.is_finite() {
            return Err(ImportError::shape(
                format!("{}, field 'position'", cell.at),
                "the numbers are too large to draw",
            ));
        }
        if rect.width <= 0.0 || rect.height <= 0.0 {
            self.notes.push(format!("The {label} has no area, so it was left out."));
            return Ok(());
        }
        let extension = self.extension(cell);
        let id = BoundaryId::new(self.claim_noted(cell, BoundaryId::PREFIX));
        let name = if cell.name.is_empty() {
            self.notes.push("A trust boundary without a name was called 'Trust boundary'.".to_owned());
            "Trust boundary".to_owned()
        } else {
            cell.name.clone()
        };
        let kind = match extension.and_then(|e| e.boundary).or_else(|| mapping::boundary_kind_for(&name)) {
            Some(kind) => kind,
            None => {
                self.notes.push(format!(
                    "The trust boundary '{name}' was made a {} boundary, as its name does not say what it encloses; \
                    change its kind if it is another zone.",
                    BoundaryKind::CloudAccount.label()
                ));
                BoundaryKind::CloudAccount
            }
        };
        if !cell.data.description.trim().is_empty() {
            self.notes.push(format!(
                "The description of the trust boundary '{name}' was not kept: ThreatSketch boundaries have none. It \
                said: \"{}\"",
                cell.data.description.trim()
            ));
        }
        self.model.layout.boundaries.insert(id.clone(), rect);
        self.model.boundaries.push(Boundary { id: id.clone(), kind, name: name.clone() });
        self.threats(cell, id.as_str(), CellType::BoundaryBox, &format!("trust boundary '{name}'"))
    }

    fn loose_end(&self, end: Option<&Value>) -> Result<ElementId, LooseEnd> {
        // v2 names the cell `cell`, v1 `id`; an end without either is a free point.
        let cell = end.and_then(|e| e.get("cell").or_else(|| e.get("id"))).and_then(Value::as_str).map(str::trim);
        let Some(cell) = cell.filter(|c| !c.is_empty()) else {
            return Err(LooseEnd::Free);
        };
        if let Some(id) = self.elements.get(cell) {
            return Ok(id.clone());
        }
        Err(match self.others.get(cell) {
            Some(label) => LooseEnd::NotAnElement(label.clone()),
            None => LooseEnd::Missing(cell.to_owned()),
        })
    }

    fn add_flow(&mut self, cell: &Parsed) -> Result<(), ImportError> {
        let (from, to) = match (self.loose_end(cell.source.as_ref()), self.loose_end(cell.target.as_ref())) {
            (Ok(from), Ok(to)) => (from, to),
            (Err(problem), _) => {
                self.left_out_flow(cell, "source", problem);
                return Ok(());
            }
            (_, Err(problem)) => {
                self.left_out_flow(cell, "target", problem);
                return Ok(());
            }
        };
        let label = if cell.name.is_empty() {
            let name = |id: &ElementId| self.model.element(id).map_or_else(String::new, |e| e.name.clone());
            format!("unnamed data flow from '{}' to '{}'", name(&from), name(&to))
        } else {
            cell.label()
        };
        let extension = self.extension(cell);
        let id = FlowId::new(self.claim_noted(cell, FlowId::PREFIX));
        let data = &cell.data;
        let mut flow = Flow::new(id.clone(), from, to, cell.name.clone());
        flow.protocol = data.protocol.trim().to_owned();
        flow.encrypted = match data.is_encrypted {
            Some(true) => Tri::Yes,
            Some(false) => Tri::No,
            None => Tri::Unknown,
        };
        if let Some(extension) = &extension {
            let asked = |property: &str| self.kinds.flow_properties.iter().any(|p| p == property);
            flow.properties = self.answers_kept(&extension.properties, asked, &cell.name);
            flow.authenticated = extension.authenticated;
            flow.data = extension.data.iter().copied().collect();
        }
        // Our export derives the flag from boundaries and answers; read back, it would add answers.
        if data.is_public_network && extension.is_none() {
            let mut receivers = vec![flow.to.clone()];
            if data.is_bidirectional {
                receivers.push(flow.from.clone());
            }
            self.public_network(&receivers, &label);
        }
        if data.out_of_scope {
            let reason = data.reason_out_of_scope.trim();
            let because = if reason.is_empty() { String::new() } else { format!(" (\"{reason}\")") };
            self.notes.push(format!(
                "The {label} is out of scope in Threat Dragon{because}; ThreatSketch has no such setting, so it was \
                kept."
            ));
        }
        if !data.description.trim().is_empty() {
            self.notes.push(format!(
                "The description of the {label} was not kept: ThreatSketch flows have none. It said: \"{}\"",
                data.description.trim()
            ));
        }
        if data.is_bidirectional {
            // Both directions are threat-modelled here: the reverse flow gets the same answers.
            let (back_id, _) = self.claim(Some(&format!("{id}-reverse")), FlowId::PREFIX);
            let mut back = flow.clone();
            back.id = FlowId::new(back_id);
            std::mem::swap(&mut back.from, &mut back.to);
            self.notes.push(format!(
                "The {label} goes both ways in Threat Dragon; ThreatSketch flows go one way, so a second flow was \
                added in the other direction (the threats stay on the first)."
            ));
            self.model.flows.push(flow);
            self.model.flows.push(back);
        } else {
            self.model.flows.push(flow);
        }
        self.threats(cell, id.as_str(), CellType::Flow, &label)
    }

    fn left_out_flow(&mut self, cell: &Parsed, end: &str, problem: LooseEnd) {
        let why = match problem {
            LooseEnd::Free => format!("its {end} is not attached to an element"),
            LooseEnd::Missing(id) => format!("its {end} is the cell '{id}', which is not in the diagram"),
            LooseEnd::NotAnElement(what) => format!("its {end} is the {what}, not an element"),
        };
        let threats = match cell.data.threats.len() {
            0 => String::new(),
            1 => " Its threat was not imported.".to_owned(),
            n => format!(" Its {n} threats were not imported."),
        };
        self.notes.push(format!("The {} was left out: {why}.{threats}", cell.label()));
    }

    /// A flow over a public network: whatever receives it can be reached from the internet.
    fn public_network(&mut self, receivers: &[ElementId], label: &str) {
        for receiver in receivers {
            let Some(element) = self.model.elements.iter_mut().find(|e| &e.id == receiver) else { continue };
            let kind = self.kinds.kind(&element.kind);
            if kind.is_some_and(|k| k.properties.iter().any(|p| p == "internet_facing")) {
                if element.property("internet_facing").is_unknown() {
                    element.set_property("internet_facing", Tri::Yes);
                    self.notes.push(format!(
                        "The {label} crosses a public network in Threat Dragon, so '{}' was marked as reachable from \
                        the internet.",
                        element.name
                    ));
                }
            } else if kind.is_some_and(|k| k.element_type != ElementType::ExternalEntity) {
                // Users and browsers are on the internet anyway; nothing to say about them.
                self.notes.push(format!(
                    "The {label} crosses a public network in Threat Dragon; '{}' has no question \"Reachable from the \
                    internet\" here. Put it in an Internet boundary if it matters.",
                    element.name
                ));
            }
        }
    }

    /// The cell's threats: threats of its own, with their status, rating and mitigation as the
    /// decision; a suggestion ThreatSketch exported becomes its decision again.
    fn threats(&mut self, cell: &Parsed, target: &str, cell_type: CellType, label: &str) -> Result<(), ImportError> {
        for (i, raw) in cell.data.threats.iter().enumerate() {
            let threat: TdThreat = parse(raw, &format!("{}, threat {}", cell.at, i + 1))?;
            let mut title = clean(&threat.title);
            if title.is_empty() {
                title = "Untitled threat".to_owned();
                self.notes.push(format!("A threat on the {label} had no title; it was called '{title}'."));
            }
            let extension = match threat.threatsketch.as_ref().map(ThreatExtension::deserialize) {
                Some(Ok(extension)) => extension,
                Some(Err(_)) => {
                    self.notes.push(format!(
                        "The ThreatSketch details of the threat '{title}' on the {label} could not be read and were \
                        ignored."
                    ));
                    ThreatExtension::default()
                }
                None => ThreatExtension::default(),
            };
            let rule = extension.rule.as_deref().and_then(|id| self.suggesting_rule(id, target));
            let base = extension.decision.clone().unwrap_or_default();
            let description = threat.description.trim().to_owned();
            let written_description = rule.map_or_else(|| description.clone(), rule_description);

            // Each field as stored, unless it was changed in Threat Dragon.
            let said_status = threat.status.as_deref().unwrap_or_default().trim();
            let status = if mapping::status_to_td(base.status).eq_ignore_ascii_case(said_status) {
                base.status
            } else {
                self.status(said_status, &title, label)
            };
            let severity = threat.severity.as_deref().unwrap_or_default().trim();
            let (likelihood, impact) =
                if !extension.severity.is_empty() && extension.severity.eq_ignore_ascii_case(severity) {
                    (base.likelihood, base.impact)
                } else {
                    self.rating(severity, &title, label)
                };
            let mitigation = threat.mitigation.trim();
            let steps = rule.map(|r| r.suggestions.as_slice());
            let written = mitigation_text(&base.notes, &base.reason, steps, &written_description);
            let (notes, mut reason) = if mitigation == written.trim() {
                (base.notes.clone(), base.reason.clone())
            } else {
                (mitigation.to_owned(), String::new())
            };
            if status.needs_reason() && reason.trim().is_empty() {
                let own_text = if rule.is_some() { "" } else { description.as_str() };
                reason = [notes.as_str(), own_text]
                    .into_iter()
                    .find(|t| !t.is_empty())
                    .unwrap_or(IMPORTED_REASON)
                    .to_owned();
            }
            let title_as_written =
                |stored: &Option<String>, default: &str| clean(stored.as_deref().unwrap_or(default)) == title;
            self.score(&threat, &title, label);

            if let Some(rule) = rule {
                let decision_title =
                    if title_as_written(&base.title, &rule.title) { base.title.clone() } else { Some(title) };
                let decision = Decision { status, reason, notes, likelihood, impact, title: decision_title, ..base };
                if !decision.is_default() {
                    self.model.decisions.insert(ThreatKey::new(&rule.id, target).to_string(), decision);
                }
                continue;
            }

            let category_text = threat.category.as_deref().unwrap_or_default().trim();
            let suit = threat.card_suit.as_deref().unwrap_or_default().trim();
            let stride = match mapping::stride_for(category_text, suit, cell_type) {
                StrideMatch::Same(stride) => stride,
                StrideMatch::Translated(stride) => {
                    let said = if category_text.is_empty() {
                        format!("with the EOP card suit \"{suit}\"")
                    } else {
                        format!("of type \"{category_text}\"")
                    };
                    *self.translated.entry((said, stride)).or_default() += 1;
                    stride
                }
                StrideMatch::Default(stride) => {
                    let said = if category_text.is_empty() {
                        "without a type".to_owned()
                    } else {
                        format!("of type \"{category_text}\"")
                    };
                    *self.defaulted.entry(said).or_default() += 1;
                    stride
                }
            };
            self.next_own += 1;
            let id = format!("own-{}", self.next_own);
            // The title is the threat's own; a reworded title of an own threat is just its title.
            let decision = Decision { status, reason, notes, likelihood, impact, title: None, ..base };
            if !decision.is_default() {
                self.model.decisions.insert(ThreatKey::new(&id, target).to_string(), decision);
            }
            let category = extension.category.unwrap_or_else(|| stride.seed_category());
            let own = OwnThreat { id, target: target.to_owned(), title, description, stride, category };
            self.model.own_threats.push(own);
        }
        Ok(())
    }

    /// The rule of an exported suggestion, if this build knows it and it can apply to the
    /// target (a cell copied in Threat Dragon may carry threats that do not fit it). Otherwise
    /// the threat stays a threat of one's own, so that nothing is hidden.
    fn suggesting_rule(&self, id: &str, target: &str) -> Option<&'static Rule> {
        let rule = Catalogue::builtin().rules.iter().find(|r| r.id == id)?;
        let fits = match &rule.applies {
            Applies::Element(m) => self.model.element(&ElementId::new(target)).is_some_and(|element| {
                let kind = self.kinds.kind(&element.kind);
                kind.is_some_and(|k| applies_to_kind(m, &k.id, k.element_type))
            }),
            Applies::Flow(_) => self.model.flow(&FlowId::new(target)).is_some(),
        };
        fits.then_some(rule.as_ref())
    }

    fn status(&mut self, said: &str, title: &str, label: &str) -> ThreatStatus {
        match mapping::status_from_td(said) {
            Some((status, true)) => status,
            Some((status, false)) => {
                self.notes.push(format!(
                    "The threat '{title}' on the {label} is \"{said}\" in Threat Dragon; it was taken as {}.",
                    status.label()
                ));
                status
            }
            None => {
                self.notes.push(format!(
                    "The threat '{title}' on the {label} has the status \"{said}\", which Threat Dragon does not use; \
                    it was taken as Open."
                ));
                ThreatStatus::Open
            }
        }
    }

    fn rating(&mut self, severity: &str, title: &str, label: &str) -> (Option<Level>, Option<Level>) {
        match mapping::rating_from_severity(severity) {
            Rating::Rated(likelihood, impact) => (Some(likelihood), Some(impact)),
            Rating::Unrated => (None, None),
            Rating::Unknown => {
                self.notes.push(format!(
                    "The threat '{title}' on the {label} has the severity \"{severity}\", which Threat Dragon does \
                    not use; it was left unrated."
                ));
                (None, None)
            }
        }
    }

    fn score(&mut self, threat: &TdThreat, title: &str, label: &str) {
        let score = match &threat.score {
            Some(Value::String(text)) => text.trim().to_owned(),
            Some(Value::Null) | None => String::new(),
            Some(other) => other.to_string(),
        };
        if !score.is_empty() {
            self.notes.push(format!(
                "The threat '{title}' on the {label} has the score \"{score}\" in Threat Dragon; ThreatSketch rates \
                by likelihood and impact, so the score was not kept."
            ));
        }
    }

    fn left_out_lines(&mut self, lines: &[&Parsed]) {
        let lost_threats: usize = lines.iter().map(|l| l.data.threats.len()).sum();
        let names: Vec<String> = lines.iter().filter(|l| !l.name.is_empty()).map(|l| format!("'{}'", l.name)).collect();
        let named = if names.is_empty() { String::new() } else { format!(" ({})", names.join(", ")) };
        let threats =
            if lost_threats == 0 { String::new() } else { format!(" Their {lost_threats} threats were not imported.") };
        match lines.len() {
            0 => {}
            1 => self.notes.push(format!(
                "A trust boundary line{named} was left out: ThreatSketch boundaries are boxes around what they hold. \
                Draw a boundary around the elements on one side of it.{threats}"
            )),
            n => self.notes.push(format!(
                "{n} trust boundary lines{named} were left out: ThreatSketch boundaries are boxes around what they \
                hold. Draw boundaries around the elements on one side of each.{threats}"
            )),
        }
    }

    fn add_texts(&mut self, texts: &[&Parsed]) {
        let kept = texts.iter().filter(|t| !t.name.is_empty()).count();
        match kept {
            0 => {}
            1 => self.notes.push(
                "A text block was added to the model description: ThreatSketch has no free text on the canvas."
                    .to_owned(),
            ),
            n => self.notes.push(format!(
                "{n} text blocks were added to the model description: ThreatSketch has no free text on the canvas."
            )),
        }
    }

    /// The notes that count over the whole diagram.
    fn summarise(&mut self, empty: bool, title: &str) {
        if empty {
            self.notes.push(format!("The diagram '{title}' is empty in Threat Dragon."));
        }
        if self.names_with_breaks > 0 {
            let n = self.names_with_breaks;
            self.notes.push(if n == 1 {
                "The line breaks in one name were replaced by spaces.".to_owned()
            } else {
                format!("The line breaks in {n} names were replaced by spaces.")
            });
        }
        // Other frameworks' categories, once per category.
        for ((said, stride), count) in std::mem::take(&mut self.translated) {
            self.notes.push(format!("Threats {said} ({count}) were taken as STRIDE {}.", stride.label()));
        }
        for (said, count) in std::mem::take(&mut self.defaulted) {
            self.notes.push(format!(
                "Threats {said} ({count}) have no STRIDE counterpart: as Threat Dragon does for a new threat, those \
                on actors and processes were taken as Spoofing, the others as Tampering."
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diagram(cells: &Value) -> ImportedDiagram {
        let file = serde_json::json!({
            "version": "2.3.0",
            "summary": { "title": "T", "owner": "Ann", "description": "About." },
            "detail": { "contributors": [ { "name": "Bo" }, { "name": " " } ], "reviewer": "",
                        "diagrams": [ { "title": "D", "description": "About.", "cells": cells } ] }
        });
        import(&file.to_string()).unwrap().diagrams.remove(0)
    }

    fn node(id: &str, name: &str) -> Value {
        serde_json::json!({
            "id": id, "shape": "actor", "position": { "x": 0, "y": 0 },
            "data": { "type": "tm.Actor", "name": name }
        })
    }

    #[test]
    fn versions() {
        assert_eq!(version_of(None), (TdVersion::V1, None));
        assert_eq!(version_of(Some("2.6.1")), (TdVersion::V2, None));
        let (version, note) = version_of(Some("3.0"));
        assert_eq!(version, TdVersion::V2);
        assert!(note.unwrap().contains("\"3.0\""));
    }

    #[test]
    fn people_and_a_repeated_description_are_said_once() {
        let imported = diagram(&serde_json::json!([]));
        assert_eq!(imported.model.name, "T", "one diagram: the model's title");
        assert_eq!(imported.model.description, "About.\n\nFrom Threat Dragon (owner: Ann; contributors: Bo).");
    }

    #[test]
    fn clashing_and_unusable_ids_are_replaced_and_flows_keep_the_first() {
        let flow = serde_json::json!({
            "id": "f", "shape": "flow", "source": { "cell": "x" }, "target": { "cell": "a@b" },
            "data": { "type": "tm.Flow", "name": "Call" }
        });
        let imported =
            diagram(&serde_json::json!([node("x", "First"), node("x", "Second"), node("a@b", "Third"), flow]));
        let ids: Vec<&str> = imported.model.elements.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["x", "e1", "e2"]);
        let flow = &imported.model.flows[0];
        assert_eq!((flow.from.as_str(), flow.to.as_str()), ("x", "e2"));
        let renamed = imported.notes.iter().filter(|n| n.contains("it was given the id")).count();
        assert_eq!(renamed, 2, "{:?}", imported.notes);
    }

    #[test]
    fn an_exported_suggestion_on_a_cell_it_does_not_fit_stays_a_threat_of_ones_own() {
        let mut actor = node("x", "User");
        actor["data"]["threats"] = serde_json::json!([
            { "title": "Changed on the way", "type": "Tampering", "status": "Open",
              "threatsketch": { "rule": "stride-flow-tampering" } }
        ]);
        let imported = diagram(&serde_json::json!([actor]));
        assert!(Catalogue::builtin().rules.iter().any(|r| r.id == "stride-flow-tampering"));
        assert_eq!(imported.model.own_threats.len(), 1);
        assert_eq!(imported.model.own_threats[0].title, "Changed on the way");
    }

    #[test]
    fn flows_to_boundaries_text_or_nowhere_are_left_out_with_the_reason() {
        let boundary = serde_json::json!({
            "id": "b", "shape": "trust-boundary-box",
            "position": { "x": -50, "y": -50 }, "size": { "width": 400, "height": 300 },
            "data": { "type": "tm.BoundaryBox", "name": "VPC" }
        });
        let to = |target: Value| {
            serde_json::json!({
                "shape": "flow", "source": { "cell": "x" }, "target": target,
                "data": { "type": "tm.Flow", "name": "Call", "threats": [ { "title": "T" } ] }
            })
        };
        let cells = serde_json::json!([
            node("x", "User"),
            boundary,
            to(serde_json::json!({ "cell": "b" })),
            to(serde_json::json!({ "cell": "gone" })),
            to(serde_json::json!({ "x": 1, "y": 2 }))
        ]);
        let imported = diagram(&cells);
        assert!(imported.model.flows.is_empty());
        assert_eq!(imported.model.boundaries[0].kind, BoundaryKind::PrivateNetwork, "a VPC");
        let notes = imported.notes.join("\n");
        let not_an_element = "its target is the trust boundary 'VPC', not an element. Its threat was not imported.";
        assert!(notes.contains(not_an_element), "{notes}");
        assert!(notes.contains("its target is the cell 'gone', which is not in the diagram"), "{notes}");
        assert!(notes.contains("its target is not attached to an element"), "{notes}");
    }
}
