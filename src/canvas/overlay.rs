//! What the canvas paints over the scene: grid, selection, palette icons.

use egui::{Color32, Pos2, Rect as ScreenRect, Stroke, StrokeKind, Vec2, vec2};

use super::paint::{color32, paint_shapes};
use super::{Canvas, CanvasView, Selection};
use crate::model::{BoundaryKind, Point, Rect, Target, ThreatModel};
use crate::scene::{self, Scene, style};

impl Canvas {
    /// A warm halo around what the matrix points at, distinct from the blue selection.
    pub(super) fn paint_highlights(&self, painter: &egui::Painter, scene: &Scene, targets: &[Target], origin: Pos2) {
        let halo = color32(style::HIGHLIGHT);
        for target in targets {
            match target {
                Target::Flow(id) => {
                    if let Some(line) = scene.flow_lines.get(id) {
                        let points: Vec<Pos2> = line.iter().map(|p| self.view.to_screen(origin, *p)).collect();
                        painter.add(egui::Shape::line(points, Stroke::new(7.0, halo.gamma_multiply(0.6))));
                    }
                }
                _ => {
                    if let Some(handle) = scene.handle(target) {
                        let rect = self.view.rect_to_screen(origin, handle.rect.expanded(7.0));
                        painter.rect_stroke(rect, 12.0, Stroke::new(4.0, halo), StrokeKind::Middle);
                    }
                }
            }
        }
    }

    pub(super) fn paint_selection(
        &self,
        painter: &egui::Painter,
        scene: &Scene,
        model: &ThreatModel,
        selection: &Selection,
        origin: Pos2,
    ) {
        let stroke = Stroke::new(2.5, color32(style::SELECTION));
        for target in selection.iter() {
            match target {
                Target::Element(_) => {
                    if let Some(handle) = scene.handle(target) {
                        let rect = self.view.rect_to_screen(origin, handle.rect.expanded(4.0));
                        painter.rect_stroke(rect, 10.0, stroke, StrokeKind::Middle);
                    }
                }
                Target::Flow(id) => {
                    if let Some(line) = scene.flow_lines.get(id) {
                        let points: Vec<Pos2> = line.iter().map(|p| self.view.to_screen(origin, *p)).collect();
                        let highlight = Stroke::new(4.0, color32(style::SELECTION.with_alpha(150)));
                        painter.add(egui::Shape::line(points, highlight));
                    }
                }
                Target::Boundary(id) => {
                    if let Some(rect) = model.layout.boundaries.get(id) {
                        painter.rect_stroke(self.view.rect_to_screen(origin, *rect), 10.0, stroke, StrokeKind::Middle);
                    }
                }
            }
        }
        if let Some(handle) = self.connect_from.as_ref().and_then(|from| scene.handle(&Target::Element(from.clone()))) {
            let rect = self.view.rect_to_screen(origin, handle.rect.expanded(6.0));
            painter.rect_stroke(rect, 12.0, Stroke::new(2.0, color32(style::SELECTION)), StrokeKind::Middle);
        }
    }
}

/// A quiet dot grid, sparser when zoomed out so it never becomes noise.
impl Canvas {
    /// Alignment guides of the drag in progress: thin dashed lines in the selection colour.
    pub(super) fn paint_guides(&self, painter: &egui::Painter, origin: Pos2) {
        let stroke = Stroke::new(1.2, color32(style::SELECTION));
        for guide in &self.guides {
            let ends = [self.view.to_screen(origin, guide.from), self.view.to_screen(origin, guide.to)];
            painter.extend(egui::Shape::dashed_line(&ends, stroke, 5.0, 4.0));
        }
        if let Some((a, b)) = self.rubber_band {
            let rect = ScreenRect::from_two_pos(self.view.to_screen(origin, a), self.view.to_screen(origin, b));
            painter.rect(
                rect,
                0.0,
                color32(style::SELECTION.with_alpha(24)),
                Stroke::new(1.0, color32(style::SELECTION)),
                egui::StrokeKind::Inside,
            );
        }
    }
}

pub(super) fn paint_grid(painter: &egui::Painter, view: &CanvasView, rect: ScreenRect) {
    // The dots are the grid cards snap to.
    let mut step = crate::edit::GRID * view.zoom_factor;
    while step < 14.0 {
        step *= 2.0;
    }
    let color = color32(style::GRID_DOT);
    let start = rect.min + vec2(view.pan.x.rem_euclid(step), view.pan.y.rem_euclid(step));
    let mut y = start.y;
    while y < rect.max.y {
        let mut x = start.x;
        while x < rect.max.x {
            painter.rect_filled(ScreenRect::from_center_size(Pos2::new(x, y), Vec2::splat(2.0)), 0.0, color);
            x += step;
        }
        y += step;
    }
}

/// A kind's pictogram on its tinted tile, for the palette.
pub fn paint_kind_icon(
    painter: &egui::Painter,
    shape: crate::model::KindShape,
    element_type: crate::model::ElementType,
    center: Pos2,
) {
    let accent = style::element_accent(element_type);
    painter.rect_filled(ScreenRect::from_center_size(center, Vec2::splat(30.0)), 7.0, color32(accent.with_alpha(26)));
    let view = CanvasView { zoom_factor: 0.95, pan: Vec2::ZERO, ..CanvasView::default() };
    let shapes = scene::pictogram(shape, Point::new(center.x / 0.95, center.y / 0.95), accent);
    paint_shapes(painter, &view, Pos2::ZERO, &shapes, Rect::new(-1e6, -1e6, 2e6, 2e6));
}

/// The shape that stands for a risk level (as on the badges), so it never rests on colour.
pub fn paint_risk_mark(
    painter: &egui::Painter,
    level: crate::risk::RiskLevel,
    center: Pos2,
    radius: f32,
    fill: Color32,
) {
    let view = CanvasView { zoom_factor: 1.0, pan: Vec2::ZERO, ..CanvasView::default() };
    let fill = crate::scene::Color::rgba(fill.r(), fill.g(), fill.b(), fill.a());
    let shape = scene::badge_outline(level, Point::new(center.x, center.y), radius, fill);
    paint_shapes(painter, &view, Pos2::ZERO, [&shape], Rect::new(-1e6, -1e6, 2e6, 2e6));
}

/// A small dashed square in a boundary kind's colour, for the palette.
pub fn paint_boundary_line_icon(painter: &egui::Painter, kind: BoundaryKind, center: Pos2) {
    let color = color32(style::boundary_color(kind));
    let points = [center + vec2(-6.0, -12.0), center + vec2(4.0, 0.0), center + vec2(-2.0, 12.0)];
    painter.extend(egui::Shape::dashed_line(&points, Stroke::new(2.2, color), 4.0, 3.0));
}

pub fn paint_boundary_icon(painter: &egui::Painter, kind: BoundaryKind, center: Pos2) {
    let color = color32(style::boundary_color(kind));
    let rect = ScreenRect::from_center_size(center, Vec2::splat(24.0));
    painter.rect_filled(rect, 4.0, color.gamma_multiply(0.08));
    let corners = [rect.left_top(), rect.right_top(), rect.right_bottom(), rect.left_bottom(), rect.left_top()];
    painter.extend(egui::Shape::dashed_line(&corners, Stroke::new(1.6, color), 4.0, 3.0));
}
