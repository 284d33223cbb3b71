//! Trust boundaries, boxes and lines alike: id, name and kind (from the name), with a note for
//! what was guessed. A box keeps its rectangle here; a line's points are read in `lines.rs`.

use super::DiagramImport;
use super::cells::Parsed;
use crate::interop::threat_dragon::ImportError;
use crate::interop::threat_dragon::mapping::{self, CellType};
use crate::model::{Boundary, BoundaryId, BoundaryKind, Rect};

impl DiagramImport {
    pub(super) fn add_boundary(&mut self, cell: &Parsed) -> Result<(), ImportError> {
        self.remember(cell);
        let label = cell.label();
        let Some(position) = cell.position else {
            self.notes.push(format!("The {label} has no position, so it was left out."));
            return Ok(());
        };
        let (width, height) = cell.size.map_or(CellType::BoundaryBox.default_size(), |s| (s.width, s.height));
        let rect = Rect::new(position.x as f32, position.y as f32, width as f32, height as f32).rounded();
        if !rect.is_finite() {
            return Err(cell.too_large_to_draw());
        }
        if rect.width <= 0.0 || rect.height <= 0.0 {
            self.notes.push(format!("The {label} has no area, so it was left out."));
            return Ok(());
        }
        let (id, name) = self.new_boundary(cell, CellType::BoundaryBox);
        self.model.layout.boundaries.insert(id.clone(), rect);
        self.threats(cell, id.as_str(), CellType::BoundaryBox, None, &format!("trust boundary '{name}'"))
    }

    /// The boundary a box or line cell (`shape`) becomes, without its geometry: its id, name
    /// and kind, ours when our export wrote it, else by name.
    pub(super) fn new_boundary(&mut self, cell: &Parsed, shape: CellType) -> (BoundaryId, String) {
        let noun = shape.noun();
        let extension = self.extension(cell);
        let id = BoundaryId::new(self.claim_noted(cell, BoundaryId::PREFIX));
        let name = if cell.name.is_empty() {
            self.notes.push(format!("A {noun} without a name was called 'Trust boundary'."));
            "Trust boundary".to_owned()
        } else {
            cell.name.clone()
        };
        let kind = match extension.and_then(|e| e.boundary).or_else(|| mapping::boundary_kind_for(&name)) {
            Some(kind) => kind,
            None => {
                // A box holds a zone; a line only parts two.
                let what =
                    if shape == CellType::BoundaryCurve { "which zone it marks off" } else { "what it encloses" };
                self.notes.push(format!(
                    "The {noun} '{name}' was made a {} boundary, as its name does not say {what}; change its kind if \
                    it is another zone.",
                    BoundaryKind::CloudAccount.label()
                ));
                BoundaryKind::CloudAccount
            }
        };
        if !cell.data.description.trim().is_empty() {
            self.notes.push(format!(
                "The description of the {noun} '{name}' was not kept: ThreatSketch boundaries have none. It said: \
                \"{}\"",
                cell.data.description.trim()
            ));
        }
        self.model.boundaries.push(Boundary { id: id.clone(), kind, name: name.clone() });
        (id, name)
    }
}
