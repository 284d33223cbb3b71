//! Reading a cell: its id, type, name and properties, from wherever its Threat Dragon version
//! keeps them, and the ThreatSketch details our export wrote into it.

use serde::Deserialize;
use serde_json::Value;

use super::{DiagramImport, clean};
use crate::interop::threat_dragon::ImportError;
use crate::interop::threat_dragon::json::{Cell, CellData, Extension, Extent, TdThreat, Xy};
use crate::interop::threat_dragon::lenient::{parse, text_at};
use crate::interop::threat_dragon::mapping::CellType;
use crate::model::{Answers, Point};

/// A cell, read and checked, before it becomes part of the model.
pub(super) struct Parsed {
    /// "diagram 1 ('Main'), cell 'abc'": where errors point.
    pub(super) at: String,
    pub(super) id: Option<String>,
    pub(super) cell_type: Option<CellType>,
    /// What the file called it, for notes about cells left out.
    pub(super) type_text: String,
    pub(super) data: CellData<TdThreat>,
    /// The first threat that could not be read (see `loose_data`).
    pub(super) threat_error: Option<ImportError>,
    pub(super) name: String,
    pub(super) name_had_breaks: bool,
    pub(super) position: Option<Xy>,
    pub(super) size: Option<Extent>,
    pub(super) source: Option<Value>,
    pub(super) target: Option<Value>,
    pub(super) vertices: Option<Value>,
}

impl Parsed {
    /// "process 'Web UI'", for notes.
    pub(super) fn label(&self) -> String {
        let noun = self.cell_type.map_or("cell", CellType::noun);
        if self.name.is_empty() { format!("unnamed {noun}") } else { format!("{noun} '{}'", self.name) }
    }

    /// The centre of a shape placed by its top-left corner, rounded as the import places
    /// elements; `None` for a cell without a position (an edge).
    pub(super) fn centre(&self) -> Option<Point> {
        let position = self.position?;
        let default = self.cell_type.map_or((0.0, 0.0), CellType::default_size);
        let (width, height) = self.size.map_or(default, |s| (s.width, s.height));
        Some(Point::new((position.x + width / 2.0) as f32, (position.y + height / 2.0) as f32).rounded())
    }

    /// The error for a place or size too large to draw.
    pub(super) fn too_large_to_draw(&self) -> ImportError {
        ImportError::shape(format!("{}, field 'position'", self.at), "the numbers are too large to draw")
    }
}

/// A cell as the diagram holds it: loose JSON, or already read into its parts.
pub(super) trait CellSource {
    /// The cell, the `index`-th of the diagram, read and checked.
    fn read(self, import: &DiagramImport, index: usize) -> Result<Parsed, ImportError>;
}

impl CellSource for Value {
    fn read(self, import: &DiagramImport, index: usize) -> Result<Parsed, ImportError> {
        let at = import.cell_at(index, self.get("id").and_then(Value::as_str));
        let cell: Cell = parse(&self, &at)?;
        // v2 cells keep their properties in `data`, v1 cells on themselves.
        let (data, threat_error) = match &cell.data {
            Some(Value::Null) | None if cell.v1_type.is_some() => loose_data(&self, &at, &at)?,
            Some(Value::Null) | None => (CellData::default(), None),
            Some(data) => loose_data(data, &format!("{at}, data"), &at)?,
        };
        let mut parsed = Parsed::new(at, cell, data);
        parsed.threat_error = threat_error;
        Ok(parsed)
    }
}

/// A cell's properties read from loose JSON, `at` where errors point; its threats each on its
/// own, with the first error among them, if any, for when they are imported: a cell left out
/// does not need its threats.
fn loose_data(
    value: &Value,
    at: &str,
    cell_at: &str,
) -> Result<(CellData<TdThreat>, Option<ImportError>), ImportError> {
    let loose: CellData = parse(value, at)?;
    let mut without_threats = value.clone();
    if let Some(fields) = without_threats.as_object_mut() {
        fields.remove("threats");
    }
    // Read above already, this cannot fail; if it did, it would say so.
    let mut data: CellData<TdThreat> = parse(&without_threats, at)?;
    let mut error = None;
    for (i, raw) in loose.threats.iter().enumerate() {
        let threat = parse(raw, &format!("{cell_at}, threat {}", i + 1));
        data.threats.push(threat.unwrap_or_else(|err| {
            error.get_or_insert(err);
            TdThreat::default()
        }));
    }
    Ok((data, error))
}

/// Read with the whole file, which holds no version 1 cells then (see `import::import`).
impl CellSource for super::ReadCell {
    fn read(mut self, import: &DiagramImport, index: usize) -> Result<Parsed, ImportError> {
        let at = import.cell_at(index, self.id.as_deref());
        let data = self.data.take().unwrap_or_default();
        Ok(Parsed::new(at, self, data))
    }
}

impl Parsed {
    fn new<D>(at: String, cell: Cell<D>, data: CellData<TdThreat>) -> Self {
        let id = cell.id.as_deref().map(str::trim).filter(|id| !id.is_empty()).map(str::to_owned);
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
        Self {
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
            vertices: cell.vertices,
            threat_error: None,
        }
    }
}

impl DiagramImport {
    /// Where errors about a cell point: its id when it has one, else its place.
    fn cell_at(&self, index: usize, id: Option<&str>) -> String {
        match id.map(str::trim) {
            Some(id) if !id.is_empty() => format!("{}, cell '{id}'", self.at),
            _ => format!("{}, cell {}", self.at, index + 1),
        }
    }

    /// What ThreatSketch wrote into the cell on export, if anything.
    pub(super) fn extension(&mut self, cell: &Parsed) -> Option<Extension> {
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

    /// Our own answers carried in the extension, brought up to date (files exported by earlier
    /// versions), keeping only those asked here and that fit their question.
    pub(super) fn answers_kept(&mut self, carried: &Answers, asked: impl Fn(&str) -> bool, label: &str) -> Answers {
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
}
