//! Trust boundaries: border boundaries (boxes) with their rectangle, line boundaries as
//! polylines that flows cross; the kind from the name, else the stencil type.

use super::import::SurfaceImport;
use super::mapping;
use super::stencil::Stencil;
use crate::interop::format::FormatError;
use crate::model::{Boundary, BoundaryId, BoundaryKind, Point, Rect};

impl SurfaceImport<'_> {
    pub(super) fn add_border_boundary(&mut self, stencil: &Stencil) -> Result<(), FormatError> {
        let label = stencil.label();
        self.others.insert(stencil.guid.clone(), label.clone());
        let geometry = ["Left", "Top", "Width", "Height"].map(|field| stencil.number(field));
        let [left, top, width, height] = geometry;
        let (Some(left), Some(top), Some(width), Some(height)) = (left?, top?, width?, height?) else {
            self.notes.push(format!("The {label} has no position or size, so it was left out."));
            return Ok(());
        };
        let rect = Rect::new(left as f32, top as f32, width as f32, height as f32).rounded();
        if rect.width <= 0.0 || rect.height <= 0.0 {
            self.notes.push(format!("The {label} has no area, so it was left out."));
            return Ok(());
        }
        let id = self.add_boundary(stencil);
        self.model.layout.boundaries.insert(id, rect);
        Ok(())
    }

    pub(super) fn add_line_boundary(&mut self, stencil: &Stencil) -> Result<(), FormatError> {
        let label = stencil.label();
        self.others.insert(stencil.guid.clone(), label.clone());
        let point = |x: &str, y: &str| -> Result<Option<Point>, FormatError> {
            Ok(match (stencil.number(x)?, stencil.number(y)?) {
                (Some(x), Some(y)) => Some(Point::new(x as f32, y as f32).rounded()),
                _ => None,
            })
        };
        let (Some(source), handle, Some(target)) =
            (point("SourceX", "SourceY")?, point("HandleX", "HandleY")?, point("TargetX", "TargetY")?)
        else {
            self.notes.push(format!("The {label} has no start or end point, so it was left out."));
            return Ok(());
        };
        // The tool bends the line towards its handle: the handle is the middle point.
        let points: Vec<Point> = [Some(source), handle, Some(target)].into_iter().flatten().collect();
        let id = self.add_boundary(stencil);
        // A line has no rectangle: membership and crossings use the line alone.
        self.model.layout.boundary_lines.insert(id, points);
        Ok(())
    }

    /// The boundary itself: id, name and kind.
    fn add_boundary(&mut self, stencil: &Stencil) -> BoundaryId {
        let id = BoundaryId::new(self.claim(&stencil.guid, BoundaryId::PREFIX, &stencil.label()));
        let name = if stencil.name.is_empty() {
            self.notes.push("A trust boundary without a name was called 'Trust boundary'.".to_owned());
            "Trust boundary".to_owned()
        } else {
            stencil.name.clone()
        };
        let kind = mapping::boundary_kind_for(&name, &stencil.type_name).unwrap_or_else(|| {
            self.notes.push(format!(
                "The trust boundary '{name}' was made a {} boundary, as neither its name nor its type (\"{}\") says \
                what it encloses; change its kind if it is another zone.",
                BoundaryKind::CloudAccount.label(),
                stencil.type_name
            ));
            BoundaryKind::CloudAccount
        });
        self.model.boundaries.push(Boundary { id: id.clone(), kind, name });
        id
    }
}
