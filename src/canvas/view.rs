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
    /// Greys darkened for a projector (`style::projected`).
    pub high_contrast: bool,
}

impl Default for CanvasView {
    fn default() -> Self {
        Self { zoom_factor: 1.0, pan: vec2(40.0, 40.0), line_scale: 1.0, high_contrast: false }
    }
}

impl CanvasView {
    /// A scene colour as this view paints it.
    pub fn paint_color(&self, color: crate::scene::Color) -> egui::Color32 {
        let color = if self.high_contrast { crate::scene::style::projected(color) } else { color };
        egui::Color32::from_rgba_unmultiplied(color.r, color.g, color.b, color.a)
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
        self.zoom_factor = fitting_zoom(bounds, viewport).clamp(MIN_ZOOM, 1.0);
        let center = bounds.center();
        self.pan = viewport.size() / 2.0 - vec2(center.x, center.y) * self.zoom_factor;
    }

    /// Fits the model when its names stay readable that way; a model too large for that opens
    /// at the smallest readable zoom on its top-left corner, where drawings start (users and
    /// entry points), and the overview map shows the rest.
    pub fn fit_readable(&mut self, bounds: Rect, viewport: ScreenRect) {
        if fitting_zoom(bounds, viewport) >= MIN_READABLE_ZOOM {
            self.fit(bounds, viewport);
            return;
        }
        self.zoom_factor = MIN_READABLE_ZOOM;
        self.pan = Vec2::splat(FIT_MARGIN) - vec2(bounds.x, bounds.y) * self.zoom_factor;
    }
}

/// Space kept around a fitted model, in screen points.
const FIT_MARGIN: f32 = 40.0;

/// The least zoom at which card names (13 units) are still read easily: about 8 points.
pub const MIN_READABLE_ZOOM: f32 = 0.6;

/// The zoom that shows all of `bounds` in `viewport` with a margin.
pub fn fitting_zoom(bounds: Rect, viewport: ScreenRect) -> f32 {
    let available = (viewport.size() - Vec2::splat(2.0 * FIT_MARGIN)).max(Vec2::splat(50.0));
    (available.x / bounds.width.max(1.0)).min(available.y / bounds.height.max(1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen(width: f32, height: f32) -> ScreenRect {
        ScreenRect::from_min_size(egui::Pos2::ZERO, vec2(width, height))
    }

    #[test]
    fn a_model_that_fits_readably_is_fitted_and_a_larger_one_opens_at_its_top_left() {
        let mut view = CanvasView::default();
        view.fit_readable(Rect::new(0.0, 0.0, 800.0, 400.0), screen(1000.0, 700.0));
        assert!((view.zoom_factor - 1.0).abs() < 1e-6, "never enlarged past 100 %");
        let big = Rect::new(-500.0, 200.0, 20_000.0, 9_000.0);
        view.fit_readable(big, screen(1000.0, 700.0));
        assert_eq!(view.zoom_factor, MIN_READABLE_ZOOM);
        let top_left = view.to_screen(egui::Pos2::ZERO, Point::new(big.x, big.y));
        assert_eq!(top_left, egui::pos2(FIT_MARGIN, FIT_MARGIN));
        view.fit(big, screen(1000.0, 700.0));
        assert!(view.zoom_factor < MIN_READABLE_ZOOM, "fitting on request shows it all");
    }
}
