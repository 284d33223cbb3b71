//! Pan and zoom: the map between canvas units and screen points. View state only: never in
//! the model, the file or the undo history.

use egui::{Pos2, Rect as ScreenRect, Vec2, vec2};

use crate::model::{Point, Rect};

pub const MIN_ZOOM: f32 = 0.1;
pub const MAX_ZOOM: f32 = 4.0;
/// One zoom-in step from the keyboard or menu.
pub const ZOOM_STEP: f32 = 1.25;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CanvasView {
    pub zoom_factor: f32,
    /// Screen offset of the canvas origin from the top-left of the canvas area.
    pub pan: Vec2,
    /// Lines are drawn this much thicker than the scene says (presentation mode: projectors
    /// wash thin lines out).
    pub line_scale: f32,
}

impl Default for CanvasView {
    fn default() -> Self {
        Self { zoom_factor: 1.0, pan: vec2(40.0, 40.0), line_scale: 1.0 }
    }
}

impl CanvasView {
    pub fn to_screen(&self, origin: Pos2, p: Point) -> Pos2 {
        origin + self.pan + vec2(p.x, p.y) * self.zoom_factor
    }

    pub fn to_canvas(&self, origin: Pos2, p: Pos2) -> Point {
        let v = (p - origin - self.pan) / self.zoom_factor;
        Point::new(v.x, v.y)
    }

    pub fn rect_to_screen(&self, origin: Pos2, r: Rect) -> ScreenRect {
        ScreenRect::from_min_max(self.to_screen(origin, r.min()), self.to_screen(origin, r.max()))
    }

    /// The canvas area visible in `viewport`.
    pub fn visible_canvas(&self, viewport: ScreenRect) -> Rect {
        let min = self.to_canvas(viewport.min, viewport.min);
        let max = self.to_canvas(viewport.min, viewport.max);
        Rect::from_corners(min, max)
    }

    /// Zooms by `factor`, keeping the canvas point under `anchor` (a screen point) still.
    pub fn zoom_around(&mut self, origin: Pos2, anchor: Pos2, factor: f32) {
        let before = self.to_canvas(origin, anchor);
        self.zoom_factor = (self.zoom_factor * factor).clamp(MIN_ZOOM, MAX_ZOOM);
        let after = self.to_screen(origin, before);
        self.pan += anchor - after;
    }

    /// Shows all of `bounds` in `viewport` with a margin, never magnifying past 100 %.
    pub fn fit(&mut self, bounds: Rect, viewport: ScreenRect) {
        let margin = 40.0;
        let available = (viewport.size() - Vec2::splat(2.0 * margin)).max(Vec2::splat(50.0));
        let zoom = (available.x / bounds.width.max(1.0)).min(available.y / bounds.height.max(1.0));
        self.zoom_factor = zoom.clamp(MIN_ZOOM, 1.0);
        let center = bounds.center();
        self.pan = viewport.size() / 2.0 - vec2(center.x, center.y) * self.zoom_factor;
    }
}
