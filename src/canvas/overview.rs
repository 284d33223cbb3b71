//! The overview map: the whole model in a corner of the canvas whenever part of it is off
//! screen, with the part on screen outlined. A click or drag on it moves the view there, so a
//! model of thousands of parts can be crossed in one gesture.

use std::sync::Arc;

use egui::epaint::{Mesh, Vertex, WHITE_UV};
use egui::{Color32, Id, Pos2, Sense, Stroke, StrokeKind, Ui, Vec2, WidgetInfo, WidgetType, vec2};

use super::view::{CanvasView, MIN_READABLE_ZOOM, fitting_zoom};
use crate::model::{Rect, ThreatModel};
use crate::scene::style;

const MAP_WIDTH: f32 = 200.0;
const MAP_MAX_HEIGHT: f32 = 150.0;
const MAP_MARGIN: f32 = 12.0;
/// Parts are drawn at least this big on the map (points), so a lone one still shows.
const MIN_MARK: f32 = 1.5;

/// The outline of the part on screen is at least this big (points).
const MIN_VIEW_MARK: f32 = 8.0;

/// The map's drawing, built once per model revision and map position: one mesh however many
/// parts the model has, so drawing it costs the same each frame.
#[derive(Default)]
pub struct OverviewMap {
    cache: Option<(u64, egui::Rect, Arc<Mesh>)>,
}

/// Where the map is and how canvas units map onto it.
struct Placement {
    rect: egui::Rect,
    bounds: Rect,
    scale: f32,
}

impl Placement {
    fn new(canvas: egui::Rect, bounds: Rect) -> Self {
        let scale = (MAP_WIDTH / bounds.width.max(1.0)).min(MAP_MAX_HEIGHT / bounds.height.max(1.0));
        let size = vec2(bounds.width * scale, bounds.height * scale).max(vec2(24.0, 24.0));
        let min = canvas.max - size - Vec2::splat(MAP_MARGIN);
        Self { rect: egui::Rect::from_min_size(min, size), bounds, scale }
    }

    fn to_map(&self, r: Rect) -> egui::Rect {
        let min = self.rect.min + vec2(r.x - self.bounds.x, r.y - self.bounds.y) * self.scale;
        egui::Rect::from_min_size(min, vec2(r.width, r.height) * self.scale)
    }

    fn to_canvas(&self, p: Pos2) -> (f32, f32) {
        let local = (p - self.rect.min) / self.scale;
        (self.bounds.x + local.x, self.bounds.y + local.y)
    }
}

impl OverviewMap {
    /// Shows the map when part of the model (`bounds`, canvas units) is off screen, and moves
    /// `view` when the map is clicked or dragged.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        canvas: egui::Rect,
        view: &mut CanvasView,
        (model, stamp): (&ThreatModel, u64),
        bounds: Option<Rect>,
    ) {
        let Some(bounds) = bounds else { return };
        let on_screen = view.visible_canvas(canvas);
        let too_small = canvas.width() < MAP_WIDTH * 2.5 || canvas.height() < MAP_MAX_HEIGHT * 2.0;
        // Only for a model too big to see whole and readable: a small one zoomed in on (a
        // workshop's focus) is found again with Fit, and the map would only cover it.
        let big = fitting_zoom(bounds, canvas) < MIN_READABLE_ZOOM;
        if on_screen.contains_rect(bounds) || too_small || !big {
            return;
        }
        let placement = Placement::new(canvas, bounds);
        let response = ui.interact(placement.rect, Id::new("overview-map"), Sense::click_and_drag());
        response.widget_info(|| {
            WidgetInfo::labeled(WidgetType::Other, true, "Overview map: click to show that part of the diagram")
        });
        if (response.clicked() || response.dragged())
            && let Some(pointer) = response.interact_pointer_pos()
        {
            let (x, y) = placement.to_canvas(pointer.clamp(placement.rect.min, placement.rect.max));
            view.pan = canvas.size() / 2.0 - vec2(x, y) * view.zoom_factor;
        }

        let painter = ui.painter_at(placement.rect.expand(2.0));
        painter.rect(
            placement.rect.expand(1.0),
            3.0,
            Color32::from_white_alpha(240),
            Stroke::new(1.0, view.paint_color(style::CARD_BORDER)),
            StrokeKind::Outside,
        );
        let fresh = |c: &&(u64, egui::Rect, Arc<Mesh>)| c.0 == stamp && c.1 == placement.rect;
        let mesh = match self.cache.as_ref().filter(fresh) {
            Some(cached) => Arc::clone(&cached.2),
            None => {
                let mesh = Arc::new(map_mesh(model, &placement, view));
                self.cache = Some((stamp, placement.rect, Arc::clone(&mesh)));
                mesh
            }
        };
        painter.add(egui::Shape::Mesh(mesh));
        // Never smaller than a fingertip's worth, so the part on screen can always be found.
        let shown = placement.to_map(on_screen).intersect(placement.rect);
        let shown = egui::Rect::from_center_size(shown.center(), shown.size().max(Vec2::splat(MIN_VIEW_MARK)));
        let selection = view.paint_color(style::SELECTION);
        painter.rect(shown, 1.0, selection.gamma_multiply(0.25), Stroke::new(1.5, selection), StrokeKind::Inside);
    }
}

/// Boundaries as tinted areas, elements as dots in their kind's colour.
fn map_mesh(model: &ThreatModel, placement: &Placement, view: &CanvasView) -> Mesh {
    let mut mesh = Mesh::default();
    for boundary in &model.boundaries {
        let color = style::boundary_color(boundary.kind).with_alpha(40);
        quad(&mut mesh, placement.to_map(model.boundary_rect(&boundary.id)), view.paint_color(color));
    }
    let kinds = crate::model::KindCatalog::builtin();
    for element in &model.elements {
        let rect = placement.to_map(model.element_rect(&element.id));
        let rect = egui::Rect::from_center_size(rect.center(), rect.size().max(Vec2::splat(MIN_MARK)));
        let accent = kinds.kind(&element.kind).map_or(style::FLOW, |k| style::element_accent(k.element_type));
        quad(&mut mesh, rect, view.paint_color(accent));
    }
    mesh
}

fn quad(mesh: &mut Mesh, rect: egui::Rect, color: Color32) {
    let first = mesh.vertices.len() as u32;
    for pos in [rect.left_top(), rect.right_top(), rect.right_bottom(), rect.left_bottom()] {
        mesh.vertices.push(Vertex { pos, uv: WHITE_UV, color });
    }
    mesh.indices.extend([first, first + 1, first + 2, first, first + 2, first + 3]);
}
