//! Reading a cell: its id, type, name and properties, from wherever its Threat Dragon version
//! keeps them, and the ThreatSketch details our export wrote into it.

use serde::Deserialize;
use serde_json::Value;

use super::{DiagramImport, clean};
use crate::interop::threat_dragon::ImportError;
use crate::interop::threat_dragon::json::{Cell, CellData, Extension, Extent, Xy};
use crate::interop::threat_dragon::lenient::{parse, text_at};
use crate::interop::threat_dragon::mapping::CellType;
use crate::model::Answers;

/// A cell, read and checked, before it becomes part of the model.
pub(super) struct Parsed {
    /// "diagram 1 ('Main'), cell 'abc'": where errors point.
    pub(super) at: String,
    pub(super) id: Option<String>,
    pub(super) cell_type: Option<CellType>,
    /// What the file called it, for notes about cells left out.
    pub(super) type_text: String,
    pub(super) data: CellData,
    pub(super) name: String,
    pub(super) name_had_breaks: bool,
    pub(super) position: Option<Xy>,
    pub(super) size: Option<Extent>,
    pub(super) source: Option<Value>,
    pub(super) target: Option<Value>,
}

impl Parsed {
    /// "process 'Web UI'", for notes.
    pub(super) fn label(&self) -> String {
        let noun = self.cell_type.map_or("cell", CellType::noun);
        if self.name.is_empty() { format!("unnamed {noun}") } else { format!("{noun} '{}'", self.name) }
    }

    /// The error for a place or size too large to draw.
    pub(super) fn too_large_to_draw(&self) -> ImportError {
        ImportError::shape(format!("{}, field 'position'", self.at), "the numbers are too large to draw")
    }
}

impl DiagramImport {
    pub(super) fn read_cell(&self, index: usize, raw: &Value) -> Result<Parsed, ImportError> {
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
