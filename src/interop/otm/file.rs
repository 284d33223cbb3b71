//! An OTM file read into its parts, every type checked: the one shape both JSON and YAML
//! become before anything is built from them. What the import does not use is not read.

use std::cell::Cell;
use std::rc::Rc;

use super::read::Part;
use crate::interop::format::FormatError;
use crate::interop::infrastructure::yaml::Node;

/// Parts of one kind a file may hold: far beyond a real threat model, and a bound on what a
/// hostile file (aliases repeating one component a million times) can make the import build.
const MAX_PARTS: usize = 100_000;
/// Threat references, mitigation references, attributes and representations in the whole
/// file: aliases can make a short file repeat one large component many times, and each of
/// these is copied into what the import reads.
const MAX_ITEMS: usize = 2_000_000;

/// What is left of `MAX_ITEMS` while one file is read.
struct Allowance(Cell<usize>);

impl Allowance {
    /// Takes `count` items, or says the file is too large.
    fn spend(&self, count: usize, line: usize) -> Result<(), FormatError> {
        let rest = self.0.get().checked_sub(count).ok_or_else(|| {
            FormatError::at(
                line,
                0,
                format!(
                    "the file holds more than {MAX_ITEMS} threat references, attributes and representations in all"
                ),
            )
        })?;
        self.0.set(rest);
        Ok(())
    }
}

pub(super) struct OtmFile {
    pub name: String,
    pub description: String,
    pub project_attributes: Attributes,
    pub zones: Vec<Zone>,
    pub components: Vec<Component>,
    pub dataflows: Vec<Dataflow>,
    pub threats: Vec<ThreatDef>,
    pub mitigations: Vec<MitigationDef>,
}

/// Keys and values of `attributes`, and of `properties` where Threat Dragon's OTM files keep
/// them instead.
pub(super) type Attributes = Vec<(String, Rc<Node>)>;

/// Where a part is drawn in one representation: the top-left corner (relative to the parent
/// trust zone's, when that is drawn too) and the size.
#[derive(Clone, Copy, Debug)]
pub(super) struct Shape {
    pub x: f64,
    pub y: f64,
    pub width: Option<f64>,
    pub height: Option<f64>,
}

pub(super) struct Zone {
    pub id: String,
    pub name: String,
    pub zone_type: String,
    pub description: String,
    pub trust_rating: Option<f64>,
    pub parent: Option<String>,
    pub shape: Option<Shape>,
    pub attributes: Attributes,
    /// ThreatSketch writes a boundary's own threats here (OTM has no place for them).
    pub threats: Vec<ThreatRef>,
}

pub(super) enum Parent {
    Zone(String),
    Component(String),
}

pub(super) struct Component {
    pub id: String,
    pub name: String,
    pub component_type: String,
    pub description: String,
    pub parent: Option<Parent>,
    pub shape: Option<Shape>,
    pub attributes: Attributes,
    pub threats: Vec<ThreatRef>,
}

pub(super) struct Dataflow {
    pub id: String,
    pub name: String,
    pub source: String,
    pub destination: String,
    pub bidirectional: bool,
    pub attributes: Attributes,
    pub threats: Vec<ThreatRef>,
}

/// A threat as it applies to one component or dataflow.
pub(super) struct ThreatRef {
    pub threat: String,
    pub state: String,
    /// Each mitigation's id and state.
    pub mitigations: Vec<(String, String)>,
}

pub(super) struct ThreatDef {
    pub id: String,
    pub name: String,
    pub description: String,
    pub categories: Vec<String>,
    pub likelihood: Option<f64>,
    pub impact: Option<f64>,
    pub attributes: Attributes,
}

pub(super) struct MitigationDef {
    pub id: String,
    pub name: String,
    pub description: String,
}

pub(super) fn read(root: &Node) -> Result<OtmFile, FormatError> {
    let left = Allowance(Cell::new(MAX_ITEMS));
    let left = &left;
    let file = Part::new(root, "the file")?;
    let Some(version) = file.get("otmVersion") else {
        return Err(FormatError::whole("this is not an Open Threat Model file: it has no \"otmVersion\""));
    };
    if version.text().is_none() {
        return Err(FormatError::at(version.line, 0, "\"otmVersion\" should be text, such as \"0.2.0\""));
    }
    let project = match file.map("project")? {
        Some(node) => Some(Part::new(node, "the project")?),
        None => None,
    };
    let text_of = |key: &str| project.map(|p| p.text(key)).transpose().map(|t| t.flatten().unwrap_or_default());
    let diagram = first_diagram(&file)?;
    Ok(OtmFile {
        name: text_of("name")?,
        description: text_of("description")?,
        project_attributes: project.map(|p| attributes(&p, left)).transpose()?.unwrap_or_default(),
        zones: each(&file, "trustZones", "trust zone", |part| zone(part, diagram.as_deref(), left))?,
        components: each(&file, "components", "component", |part| component(part, diagram.as_deref(), left))?,
        dataflows: each(&file, "dataflows", "dataflow", |part| dataflow(part, left))?,
        threats: each(&file, "threats", "threat", |part| threat_def(part, left))?,
        mitigations: each(&file, "mitigations", "mitigation", mitigation_def)?,
    })
}

/// Reads every item of a top-level list, each named "component 3" in messages.
fn each<T>(
    file: &Part<'_>,
    key: &str,
    singular: &str,
    read: impl Fn(&Part<'_>) -> Result<T, FormatError>,
) -> Result<Vec<T>, FormatError> {
    let items = file.list(key)?;
    if items.len() > MAX_PARTS {
        return Err(FormatError::at(
            file.get(key).map_or(0, |n| n.line),
            0,
            format!("\"{key}\" has {} entries; ThreatSketch reads at most {MAX_PARTS}", items.len()),
        ));
    }
    items
        .iter()
        .enumerate()
        .map(|(index, node)| {
            let what = format!("{singular} {}", index + 1);
            read(&Part::new(node, &what)?)
        })
        .collect()
}

fn first_diagram(file: &Part<'_>) -> Result<Option<String>, FormatError> {
    for (index, node) in file.list("representations")?.iter().enumerate() {
        let what = format!("representation {}", index + 1);
        let part = Part::new(node, &what)?;
        if part.text("type")?.is_some_and(|t| t.eq_ignore_ascii_case("diagram")) {
            return part.text("id");
        }
    }
    Ok(None)
}

fn attributes(part: &Part<'_>, left: &Allowance) -> Result<Attributes, FormatError> {
    let mut found = Attributes::new();
    for key in ["attributes", "properties"] {
        if let Some(node) = part.map(key)? {
            left.spend(node.entries().len(), node.line)?;
            found.extend(node.entries().iter().cloned());
        }
    }
    Ok(found)
}

/// The part's place in the diagram: its representation there, or any with a position when the
/// file names no diagram.
fn shape(part: &Part<'_>, diagram: Option<&str>, left: &Allowance) -> Result<Option<Shape>, FormatError> {
    let representations = part.list("representations")?;
    left.spend(representations.len(), part.line())?;
    for (index, node) in representations.iter().enumerate() {
        let what = format!("{}, representation {}", part.what, index + 1);
        let placed = Part::new(node, &what)?;
        if diagram.is_some() && placed.text("representation")?.as_deref() != diagram {
            continue;
        }
        let Some(position) = placed.map("position")? else { continue };
        let position = Part::new(position, &what)?;
        let (Some(x), Some(y)) = (position.number("x")?, position.number("y")?) else { continue };
        let (width, height) = match placed.map("size")? {
            Some(size) => {
                let size = Part::new(size, &what)?;
                (size.number("width")?, size.number("height")?)
            }
            None => (None, None),
        };
        return Ok(Some(Shape { x, y, width, height }));
    }
    Ok(None)
}

fn threat_refs(part: &Part<'_>, left: &Allowance) -> Result<Vec<ThreatRef>, FormatError> {
    let items = part.list("threats")?;
    left.spend(items.len(), part.line())?;
    let mut refs = Vec::with_capacity(items.len());
    for (index, node) in items.iter().enumerate() {
        let what = format!("{}, threat {}", part.what, index + 1);
        let reference = Part::new(node, &what)?;
        let mitigation_nodes = reference.list("mitigations")?;
        left.spend(mitigation_nodes.len(), node.line)?;
        let mut mitigations = Vec::with_capacity(mitigation_nodes.len());
        for (m, node) in mitigation_nodes.iter().enumerate() {
            let what = format!("{what}, mitigation {}", m + 1);
            let mitigation = Part::new(node, &what)?;
            mitigations.push((
                mitigation.text("mitigation")?.unwrap_or_default(),
                mitigation.text("state")?.unwrap_or_default(),
            ));
        }
        refs.push(ThreatRef {
            threat: reference.required_text("threat")?,
            state: reference.text("state")?.unwrap_or_default(),
            mitigations,
        });
    }
    Ok(refs)
}

fn zone(part: &Part<'_>, diagram: Option<&str>, left: &Allowance) -> Result<Zone, FormatError> {
    let id = part.required_text("id")?;
    let trust_rating = match part.map("risk")? {
        Some(risk) => Part::new(risk, part.what)?.number("trustRating")?,
        None => None,
    };
    let parent = match part.map("parent")? {
        Some(parent) => Part::new(parent, part.what)?.text("trustZone")?,
        None => None,
    };
    Ok(Zone {
        name: part.text("name")?.filter(|n| !n.is_empty()).unwrap_or_else(|| id.clone()),
        id,
        zone_type: part.text("type")?.unwrap_or_default(),
        description: part.text("description")?.unwrap_or_default(),
        trust_rating,
        parent,
        shape: shape(part, diagram, left)?,
        attributes: attributes(part, left)?,
        threats: threat_refs(part, left)?,
    })
}

fn component(part: &Part<'_>, diagram: Option<&str>, left: &Allowance) -> Result<Component, FormatError> {
    let id = part.required_text("id")?;
    let parent = match part.map("parent")? {
        Some(parent) => {
            let parent = Part::new(parent, part.what)?;
            match (parent.text("trustZone")?, parent.text("component")?) {
                (Some(zone), _) => Some(Parent::Zone(zone)),
                (None, Some(component)) => Some(Parent::Component(component)),
                (None, None) => None,
            }
        }
        None => None,
    };
    Ok(Component {
        name: part.text("name")?.filter(|n| !n.is_empty()).unwrap_or_else(|| id.clone()),
        id,
        component_type: part.text("type")?.unwrap_or_default(),
        description: part.text("description")?.unwrap_or_default(),
        parent,
        shape: shape(part, diagram, left)?,
        attributes: attributes(part, left)?,
        threats: threat_refs(part, left)?,
    })
}

fn dataflow(part: &Part<'_>, left: &Allowance) -> Result<Dataflow, FormatError> {
    let id = part.required_text("id")?;
    Ok(Dataflow {
        name: part.text("name")?.unwrap_or_default(),
        source: part.required_text("source")?,
        destination: part.required_text("destination")?,
        bidirectional: part.flag("bidirectional")?.unwrap_or(false),
        attributes: attributes(part, left)?,
        threats: threat_refs(part, left)?,
        id,
    })
}

fn threat_def(part: &Part<'_>, left: &Allowance) -> Result<ThreatDef, FormatError> {
    let id = part.required_text("id")?;
    let mut categories = Vec::new();
    let listed = part.list("categories")?;
    left.spend(listed.len(), part.line())?;
    for (index, node) in listed.iter().enumerate() {
        match node.text() {
            Some(text) => categories.push(text.trim().to_owned()),
            None if matches!(node.value, crate::interop::infrastructure::yaml::Value::Null) => {}
            None => {
                return Err(FormatError::at(
                    node.line,
                    0,
                    format!("{}: category {} should be text", part.what, index + 1),
                ));
            }
        }
    }
    let (likelihood, impact) = match part.map("risk")? {
        Some(risk) => {
            let risk = Part::new(risk, part.what)?;
            (risk.number("likelihood")?, risk.number("impact")?)
        }
        None => (None, None),
    };
    Ok(ThreatDef {
        name: part.text("name")?.filter(|n| !n.is_empty()).unwrap_or_else(|| id.clone()),
        id,
        description: part.text("description")?.unwrap_or_default(),
        categories,
        likelihood,
        impact,
        attributes: attributes(part, left)?,
    })
}

fn mitigation_def(part: &Part<'_>) -> Result<MitigationDef, FormatError> {
    let id = part.required_text("id")?;
    Ok(MitigationDef {
        name: part.text("name")?.filter(|n| !n.is_empty()).unwrap_or_else(|| id.clone()),
        id,
        description: part.text("description")?.unwrap_or_default(),
    })
}
