//! Threat Modeling Tool → ThreatSketch: the file as a whole (its diagrams, the model's
//! description, the threats grouped by diagram) and the assembly of each diagram, in order.
//! The parts of a diagram are read in the files named after them: `elements`, `boundaries`,
//! `flows`, `threats`.

use std::collections::{BTreeMap, HashMap, HashSet};

use roxmltree::Node;

use super::knowledge::ThreatTypes;
use super::mapping::Shape;
use super::stencil::{Stencil, clean};
use super::threats::ThreatInstance;
use super::xml::{self, child, elements, error_at, text_of};
use crate::interop::format::{FormatError, ImportedModel};
use crate::model::{KindCatalog, ThreatModel};

/// Diagrams, elements, boundaries, flows and threats together: far beyond any drawn diagram, and a bound
/// on what a hostile file can make the import build.
const MAX_PARTS: usize = 100_000;

pub(super) fn import(text: &str) -> Result<Vec<ImportedModel>, FormatError> {
    let document = xml::parse(text)?;
    let root = document.root_element();
    if root.tag_name().name() != "ThreatModel" {
        return Err(error_at(
            root,
            format!(
                "this is not a Microsoft Threat Modeling Tool file: its root element is <{}>, not <ThreatModel>",
                root.tag_name().name()
            ),
        ));
    }
    let list = child(root, "DrawingSurfaceList")
        .ok_or_else(|| error_at(root, "the file has no DrawingSurfaceList, which holds the diagrams"))?;
    let surfaces: Vec<Node> = elements(list).collect();
    if surfaces.is_empty() {
        return Err(error_at(list, "the file has no diagram: its DrawingSurfaceList is empty"));
    }
    let threat_list: Vec<Node> = child(root, "ThreatInstances").into_iter().flat_map(elements).collect();
    let drawn: usize = surfaces
        .iter()
        .flat_map(|s| ["Borders", "Lines"].map(|part| child(*s, part)))
        .flatten()
        .map(|part| elements(part).count())
        .sum();
    // Each diagram becomes a model: they count too.
    let parts = surfaces.len() + drawn + threat_list.len();
    if parts > MAX_PARTS {
        return Err(FormatError::whole(format!(
            "the file has {parts} diagrams, shapes, lines and threats; this import takes at most {MAX_PARTS}"
        )));
    }

    let threat_types = ThreatTypes::read(root);
    let mut threats: HashMap<String, Vec<ThreatInstance>> = HashMap::new();
    for entry in threat_list {
        let threat = ThreatInstance::read(entry)?;
        threats.entry(threat.surface.clone()).or_default().push(threat);
    }

    let file = FileContext::read(root, surfaces.len() > 1);
    let mut models = Vec::with_capacity(surfaces.len());
    for (index, surface) in surfaces.into_iter().enumerate() {
        let guid = text_of(surface, "Guid");
        let own_threats = threats.remove(&guid).unwrap_or_default();
        models.push(SurfaceImport::run(&file, &threat_types, index, surface, own_threats)?);
    }
    // Threats of a diagram the file does not have: said once, in the first model.
    let orphans: usize = threats.values().map(Vec::len).sum();
    if orphans > 0
        && let Some(first) = models.first_mut()
    {
        first.notes.push(format!(
            "Threats of the file that belong to no diagram in it (their DrawingSurfaceGuid matches none) were not \
            imported ({orphans})."
        ));
    }
    Ok(models)
}

/// What every diagram of a file shares.
struct FileContext {
    /// The model's name in the tool (often empty).
    title: String,
    /// The model's description, assumptions, dependencies and people, as paragraphs.
    description: String,
    several: bool,
}

impl FileContext {
    fn read(root: Node, several: bool) -> Self {
        let meta = child(root, "MetaInformation");
        let field = |name: &str| meta.map(|m| text_of(m, name)).unwrap_or_default();
        let mut paragraphs = vec![field("HighLevelSystemDescription")];
        for (name, label) in [("Assumptions", "Assumptions"), ("ExternalDependencies", "External dependencies")] {
            let said = field(name);
            if !said.is_empty() {
                paragraphs.push(format!("{label}: {said}"));
            }
        }
        let people: Vec<String> = [("Owner", "owner"), ("Reviewer", "reviewer"), ("Contributors", "contributors")]
            .into_iter()
            .map(|(name, label)| (clean(&field(name)), label))
            .filter(|(said, _)| !said.is_empty())
            .map(|(said, label)| format!("{label}: {said}"))
            .collect();
        if !people.is_empty() {
            paragraphs.push(format!("From the Microsoft Threat Modeling Tool ({}).", people.join("; ")));
        }
        let description =
            paragraphs.iter().map(|p| p.trim()).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n");
        Self { title: clean(&field("ThreatModelName")), description, several }
    }
}

/// One diagram being imported: the model so far, its notes, and what the tool's guids became.
/// Its methods are in the files of this module named after what they import.
pub(super) struct SurfaceImport<'k> {
    pub model: ThreatModel,
    pub notes: Vec<String>,
    /// Ids taken in the model so far; guids of the file, which fresh ids avoid.
    used: HashSet<String>,
    reserved: HashSet<String>,
    next_fresh: usize,
    /// Guid → the element it became, by its place in `model.elements`.
    pub elements: HashMap<String, usize>,
    /// Guid → the id of the flow it became.
    pub flows: HashMap<String, String>,
    /// Guid → what it is, for stencils that are not elements (flows that end on them).
    pub others: HashMap<String, String>,
    /// Guid → the label of a flow that was left out (its threats are not imported).
    pub left_out_flows: HashMap<String, String>,
    pub next_own: usize,
    /// Threat categories without a STRIDE counterpart ("" for none), and how many threats had each.
    pub defaulted: BTreeMap<String, usize>,
    pub threat_types: &'k ThreatTypes,
    pub kinds: &'static KindCatalog,
}

impl<'k> SurfaceImport<'k> {
    /// One note per element or flow for the tool's settings ThreatSketch asks nothing about.
    pub(super) fn note_settings_not_kept(&mut self, label: &str, not_kept: &[String]) {
        if !not_kept.is_empty() {
            self.notes.push(format!(
                "The {label} has settings in the tool that ThreatSketch has no question for, so they were not kept: \
                {}.",
                not_kept.join("; ")
            ));
        }
    }

    fn run(
        file: &FileContext,
        threat_types: &'k ThreatTypes,
        index: usize,
        surface: Node,
        threats: Vec<ThreatInstance>,
    ) -> Result<ImportedModel, FormatError> {
        // The tab's name; the Name setting says the same in files of this version.
        let mut title = clean(&text_of(surface, "Header"));
        if title.is_empty() {
            title = format!("Diagram {}", index + 1);
        }
        let name = match (file.title.is_empty(), file.several) {
            (true, _) => title.clone(),
            (false, true) => format!("{} — {title}", file.title),
            (false, false) => file.title.clone(),
        };
        let mut this = Self {
            model: ThreatModel::new(name),
            notes: vec![
                "The knowledge base embedded in the file (the tool's stencil and threat types) was not imported: \
                ThreatSketch suggests threats from its own rules."
                    .to_owned(),
            ],
            used: HashSet::new(),
            reserved: HashSet::new(),
            next_fresh: 1,
            elements: HashMap::new(),
            flows: HashMap::new(),
            others: HashMap::new(),
            left_out_flows: HashMap::new(),
            next_own: 0,
            defaulted: BTreeMap::new(),
            threat_types,
            kinds: KindCatalog::builtin(),
        };
        this.model.description = file.description.clone();

        let borders = child(surface, "Borders").into_iter().flat_map(elements);
        let lines = child(surface, "Lines").into_iter().flat_map(elements);
        let stencils = borders.chain(lines).map(Stencil::read).collect::<Result<Vec<_>, _>>()?;
        this.reserved = stencils.iter().map(|s| s.guid.clone()).collect();

        let mut flows = Vec::new();
        let mut annotations = 0;
        for stencil in &stencils {
            match stencil.shape {
                Some(Shape::Element(element_type)) => this.add_element(stencil, element_type)?,
                Some(Shape::BorderBoundary) => this.add_border_boundary(stencil)?,
                Some(Shape::LineBoundary) => this.add_line_boundary(stencil)?,
                Some(Shape::Flow) => flows.push(stencil),
                Some(Shape::Annotation) => {
                    annotations += 1;
                    this.others.insert(stencil.guid.clone(), stencil.label());
                }
                None => {
                    this.others.insert(stencil.guid.clone(), stencil.label());
                    let type_id = if stencil.type_id.is_empty() { &stencil.xml_type } else { &stencil.type_id };
                    this.notes.push(format!(
                        "The shape {} of type \"{type_id}\" is not something this import knows; it was left out.",
                        stencil.guid
                    ));
                }
            }
        }
        for flow in flows {
            this.add_flow(flow)?;
        }
        if annotations > 0 {
            this.notes.push(format!(
                "{annotations} free text annotations were left out: ThreatSketch has no free text on the canvas."
            ));
        }
        this.add_threats(threats);
        if this.model.elements.is_empty() {
            this.notes.push(format!("The diagram '{title}' has no elements."));
        }
        // A file without any positions is laid out; an element without one among placed ones
        // waits at the origin, as the note on it says.
        crate::edit::lay_out_if_unplaced(&mut this.model);

        // The import builds only what validation accepts; this guards against a mistake here
        // ever handing out a model that would not load.
        if let Some(problem) = this.model.errors().first() {
            return Err(FormatError::whole(format!(
                "diagram {} ('{title}'): the imported model would not be valid: {problem}",
                index + 1
            )));
        }
        Ok(ImportedModel { title, model: this.model, notes: this.notes })
    }

    /// The guid as the id when it is free and usable, else a new one like "e4", with a note.
    pub fn claim(&mut self, guid: &str, prefix: &str, label: &str) -> String {
        // Decisions are keyed `threat@target`: an id with an @ would split wrongly.
        if !guid.is_empty() && !guid.contains('@') && self.used.insert(guid.to_owned()) {
            return guid.to_owned();
        }
        // The number only grows, so giving out n ids costs O(n) over the whole diagram.
        let fresh = loop {
            let candidate = format!("{prefix}{}", self.next_fresh);
            self.next_fresh += 1;
            if !self.reserved.contains(&candidate) && self.used.insert(candidate.clone()) {
                break candidate;
            }
        };
        self.notes.push(if guid.is_empty() {
            format!("The {label} has no guid; it was given the id '{fresh}'.")
        } else if guid.contains('@') {
            format!("The {label} has the guid '{guid}', which cannot contain '@' here; it was given the id '{fresh}'.")
        } else {
            format!("The {label} has the guid '{guid}' of another shape; it was given the id '{fresh}'.")
        });
        fresh
    }
}
