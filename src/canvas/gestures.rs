//! The canvas's widgets and what dragging and clicking them means.

use egui::{
    Color32, CursorIcon, Id, Pos2, Rect as ScreenRect, Sense, Stroke, StrokeKind, Ui, Vec2, WidgetInfo, WidgetType,
    vec2,
};

use super::paint::color32;
use super::{Canvas, Drag, PaletteItem, Selection, click_select};
use crate::changes::{ChangesSince, Mark};
use crate::edit::{Command, Corner, Gesture};
use crate::model::{Boundary, Point, Rect, Target, ThreatModel};
use crate::scene::{self, Scene, style};

impl Canvas {
    /// Boundary tabs, flow labels and elements: click to select, double-click to rename, drag
    /// to move. Only those in view get a widget; the rest cannot be pointed at anyway.
    #[allow(clippy::too_many_arguments)] // This frame's context; bundling it would hide nothing.
    pub(super) fn target_widgets(
        &mut self,
        ui: &Ui,
        (scene, changes): (&Scene, Option<&ChangesSince>),
        model: &ThreatModel,
        selection: &mut Selection,
        origin: Pos2,
        visible: Rect,
        commands: &mut Vec<Command>,
    ) {
        // Flow labels are not drawn when zoomed far out; their lines can still be clicked.
        let labels_shown = self.view.zoom_factor >= super::paint::FINE_DETAIL_ZOOM;
        for handle in &scene.handles {
            let target = &handle.target;
            let movable = !matches!(target, Target::Flow(_));
            if !visible.intersects(handle.rect) || !(movable || labels_shown) {
                continue;
            }
            let sense = if movable { Sense::click_and_drag() } else { Sense::click() };
            let screen = self.view.rect_to_screen(origin, handle.rect);
            let response = ui.interact(screen, Id::new(("target", target)), sense);
            let selected = selection.contains(target);
            // A screen reader hears the mark the canvas shows.
            let mark = changes.and_then(|c| Some((c.marks.get(target)?, &c.against)));
            let label = match mark {
                Some((Mark::Added, against)) => format!("{}, new since {against}", handle.label),
                Some((Mark::Changed, against)) => format!("{}, changed since {against}", handle.label),
                None => handle.label.clone(),
            };
            response.widget_info(|| WidgetInfo::selected(WidgetType::Button, true, selected, &label));
            let response = if movable { response.on_hover_cursor(CursorIcon::Grab) } else { response };
            self.select_on_click(&response, ui, model, selection, target, commands);
            if response.double_clicked() {
                self.rename_next_frame(ui, target.clone());
            }
            if response.drag_started() {
                self.drag = match target {
                    Target::Element(_) => {
                        if !selection.contains(target) {
                            selection.select_only(target.clone());
                        }
                        Some(Drag::Elements { ids: selection.elements(), delta: Vec2::ZERO })
                    }
                    Target::Boundary(id) => {
                        selection.select_only(target.clone());
                        Some(Drag::Boundary { id: id.clone(), delta: Vec2::ZERO })
                    }
                    Target::Flow(_) => None,
                };
            }
            if response.dragged() {
                let moved = response.drag_delta() / self.view.zoom_factor;
                if let Some(Drag::Elements { delta, .. } | Drag::Boundary { delta, .. }) = &mut self.drag {
                    *delta += moved;
                }
            }
            if response.drag_stopped() {
                self.drag_finished = true;
            }
        }
    }

    /// Click selects; in keyboard-connect mode a click on an element picks the flow's target.
    #[allow(clippy::too_many_arguments)] // All are this frame's context; bundling them hides nothing.
    fn select_on_click(
        &mut self,
        response: &egui::Response,
        ui: &Ui,
        model: &ThreatModel,
        selection: &mut Selection,
        target: &Target,
        commands: &mut Vec<Command>,
    ) {
        if !response.clicked() {
            return;
        }
        if let (Some(from), Target::Element(to)) = (self.connect_from.take(), target) {
            self.push_gesture(model, Gesture::Connect { from, to: to.clone() }, commands);
            return;
        }
        click_select(ui, selection, target.clone());
    }

    /// Connect and resize handles of the element under the pointer or the selection.
    pub(super) fn handle_widgets(
        &mut self,
        ui: &Ui,
        scene: &Scene,
        model: &ThreatModel,
        selection: &Selection,
        origin: Pos2,
    ) {
        let pointer = ui.ctx().pointer_hover_pos().map(|p| self.view.to_canvas(origin, p));
        let connecting_from = match &self.drag {
            Some(Drag::Connect { from, .. }) => Some(from.clone()),
            _ => None,
        };
        for handle in &scene.handles {
            let Target::Element(id) = &handle.target else { continue };
            let rect = handle.rect;
            let near = connecting_from.is_none() && pointer.is_some_and(|p| rect.expanded(24.0).contains(p));
            let is_source = connecting_from.as_ref() == Some(id);
            if !(near || is_source || selection.single() == Some(&handle.target)) {
                continue;
            }
            let center = self.view.to_screen(origin, Point::new(rect.max().x + 12.0, rect.center().y));
            let hit = ScreenRect::from_center_size(center, Vec2::splat(18.0));
            let response = ui.interact(hit, Id::new(("connect", id)), Sense::drag());
            let name = model.element(id).map_or("", |e| e.name.as_str());
            let label = format!("Connect from {name}");
            response.widget_info(|| WidgetInfo::labeled(WidgetType::Button, true, &label));
            let response = response
                .on_hover_text("Drag to another element to add a data flow")
                .on_hover_cursor(CursorIcon::Crosshair);
            paint_plus_handle(ui.painter(), center, response.hovered() || is_source);
            if response.drag_started() {
                self.drag = Some(Drag::Connect { from: id.clone(), to: rect.center() });
            }
            if let (true, Some(Drag::Connect { to, .. }), Some(p)) =
                (response.dragged(), &mut self.drag, response.interact_pointer_pos())
            {
                *to = self.view.to_canvas(origin, p);
            }
            if response.drag_stopped() {
                self.drag_finished = true;
            }
        }

        for boundary in &model.boundaries {
            if !selection.contains(&Target::Boundary(boundary.id.clone())) {
                continue;
            }
            if let Some(line) = model.boundary_line(&boundary.id) {
                self.line_handles(ui, boundary, line, origin);
                continue;
            }
            let rect = model.boundary_rect(&boundary.id);
            for corner in Corner::ALL {
                let center = self.view.to_screen(origin, corner.of(rect));
                let hit = ScreenRect::from_center_size(center, Vec2::splat(14.0));
                let response = ui.interact(hit, Id::new(("resize", &boundary.id, corner)), Sense::drag());
                let label = format!("Resize {} from the {} corner", boundary.name, corner.label());
                response.widget_info(|| WidgetInfo::labeled(WidgetType::Button, true, &label));
                let cursor = match corner {
                    Corner::TopLeft | Corner::BottomRight => CursorIcon::ResizeNwSe,
                    Corner::TopRight | Corner::BottomLeft => CursorIcon::ResizeNeSw,
                };
                let response = response.on_hover_cursor(cursor);
                ui.painter().rect(
                    hit.shrink(2.0),
                    2.0,
                    Color32::WHITE,
                    Stroke::new(1.5, color32(style::SELECTION)),
                    StrokeKind::Middle,
                );
                if response.drag_started() {
                    self.drag = Some(Drag::Resize { id: boundary.id.clone(), corner, to: corner.of(rect) });
                }
                if let (true, Some(Drag::Resize { to, .. }), Some(p)) =
                    (response.dragged(), &mut self.drag, response.interact_pointer_pos())
                {
                    *to = self.view.to_canvas(origin, p);
                }
                if response.drag_stopped() {
                    self.drag_finished = true;
                }
            }
        }
    }

    /// A selected boundary line's handles: a square on each point to move it, a small circle
    /// in the middle of each piece to bend the line there.
    fn line_handles(&mut self, ui: &Ui, boundary: &Boundary, line: &[Point], origin: Pos2) {
        let view = self.view;
        let handle = |ui: &Ui, at: Point, id: Id, label: String| {
            let center = view.to_screen(origin, at);
            let hit = ScreenRect::from_center_size(center, Vec2::splat(14.0));
            let response = ui.interact(hit, id, Sense::drag());
            response.widget_info(|| WidgetInfo::labeled(WidgetType::Button, true, &label));
            (response.on_hover_cursor(CursorIcon::Grab), hit)
        };
        let stroke = Stroke::new(1.5, color32(style::SELECTION));
        for (index, point) in line.iter().enumerate() {
            let label = format!("Move point {} of {}", index + 1, boundary.name);
            let (response, hit) = handle(ui, *point, Id::new(("line-point", &boundary.id, index)), label);
            ui.painter().rect(hit.shrink(2.0), 2.0, Color32::WHITE, stroke, StrokeKind::Middle);
            if response.drag_started() {
                self.drag = Some(Drag::LinePoint { id: boundary.id.clone(), index, to: *point });
            }
            self.follow_handle(&response, origin);
        }
        for (after, pair) in line.windows(2).enumerate() {
            let middle = Point::new((pair[0].x + pair[1].x) / 2.0, (pair[0].y + pair[1].y) / 2.0);
            let label = format!("Bend {} between points {} and {}", boundary.name, after + 1, after + 2);
            let (response, hit) = handle(ui, middle, Id::new(("line-bend", &boundary.id, after)), label);
            let response = response.on_hover_text("Drag to bend the line here");
            ui.painter().circle(hit.center(), 4.5, Color32::WHITE, stroke);
            if response.drag_started() {
                self.drag = Some(Drag::Bend { id: boundary.id.clone(), after, to: middle });
            }
            self.follow_handle(&response, origin);
        }
    }

    /// A line handle being dragged follows the pointer; letting go finishes the drag.
    fn follow_handle(&mut self, response: &egui::Response, origin: Pos2) {
        if let (true, Some(p)) = (response.dragged(), response.interact_pointer_pos()) {
            let at = self.view.to_canvas(origin, p);
            if let Some(Drag::LinePoint { to, .. } | Drag::Bend { to, .. }) = &mut self.drag {
                *to = at;
            }
        }
        if response.drag_stopped() {
            self.drag_finished = true;
        }
    }

    /// Empty canvas: drag or scroll pans, Ctrl+wheel or pinch zooms, a click picks a flow line
    /// or boundary edge, or clears the selection.
    pub(super) fn background_gestures(
        &mut self,
        ui: &Ui,
        background: &egui::Response,
        model: &ThreatModel,
        selection: &mut Selection,
        rect: ScreenRect,
    ) {
        let origin = rect.min;
        // Shift-drag on empty canvas draws a selection rectangle; a plain drag pans.
        if background.drag_started()
            && ui.input(|i| i.modifiers.shift)
            && let Some(start) = ui.input(|i| i.pointer.press_origin())
        {
            let start = self.view.to_canvas(origin, start);
            self.rubber_band = Some((start, start));
        }
        if let Some((start, end)) = &mut self.rubber_band {
            if let Some(pointer) = background.interact_pointer_pos() {
                *end = self.view.to_canvas(origin, pointer);
            }
            if background.drag_stopped() || !background.dragged() {
                let band = Rect::from_corners(*start, *end);
                selection.set(selection.iter().cloned().chain(targets_in(model, band)).collect::<Vec<_>>());
                self.rubber_band = None;
            }
        } else if background.dragged() {
            self.view.pan += background.drag_delta();
        }
        if ui.rect_contains_pointer(rect) {
            let (zoom, scroll) = ui.input(|i| (i.zoom_delta(), i.smooth_scroll_delta));
            if zoom != 1.0 {
                if let Some(pointer) = ui.ctx().pointer_hover_pos() {
                    self.view.zoom_around(origin, pointer, zoom);
                }
            } else if scroll != Vec2::ZERO {
                self.view.pan += scroll;
            }
        }
        if background.clicked() || background.double_clicked() {
            let picked =
                background.interact_pointer_pos().and_then(|p| scene::hit_test(model, self.view.to_canvas(origin, p)));
            match picked {
                Some(target) if background.double_clicked() => self.rename_next_frame(ui, target),
                Some(target) => click_select(ui, selection, target),
                None => {
                    self.connect_from = None;
                    if !ui.input(|i| i.modifiers.shift) {
                        selection.clear();
                    }
                }
            }
        }
    }

    pub(super) fn palette_drop(&mut self, ui: &Ui, model: &ThreatModel, rect: ScreenRect, commands: &mut Vec<Command>) {
        let released = ui.input(|i| i.pointer.any_released());
        if !released || !ui.rect_contains_pointer(rect) {
            return;
        }
        let Some(item) = egui::DragAndDrop::take_payload::<PaletteItem>(ui.ctx()) else {
            return;
        };
        let Some(pointer) = ui.ctx().pointer_interact_pos() else {
            return;
        };
        let at = self.view.to_canvas(rect.min, pointer);
        self.add_from_palette(model, &item, at, commands);
    }
}

/// The round "+" handle that starts a connection; filled while active.
fn paint_plus_handle(painter: &egui::Painter, center: Pos2, active: bool) {
    let accent = color32(style::SELECTION);
    let (fill, mark) = if active { (accent, Color32::WHITE) } else { (Color32::WHITE, accent) };
    painter.circle(center, 7.0, fill, Stroke::new(1.5, accent));
    painter.line_segment([center - vec2(3.5, 0.0), center + vec2(3.5, 0.0)], Stroke::new(1.5, mark));
    painter.line_segment([center - vec2(0.0, 3.5), center + vec2(0.0, 3.5)], Stroke::new(1.5, mark));
}

/// What a selection rectangle catches: the cards it touches and the boundaries wholly inside it.
fn targets_in(model: &ThreatModel, band: Rect) -> Vec<Target> {
    let elements = model
        .elements
        .iter()
        .filter(|e| model.element_rect(&e.id).intersects(band))
        .map(|e| Target::Element(e.id.clone()));
    let boundaries = model
        .boundaries
        .iter()
        .filter(|b| band.contains_rect(model.boundary_rect(&b.id)))
        .map(|b| Target::Boundary(b.id.clone()));
    elements.chain(boundaries).collect()
}
