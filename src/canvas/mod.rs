//! The diagram editor: paints the scene and turns pointer gestures into commands. Elements,
//! flow labels, boundary tabs and handles are egui widgets with AccessKit labels, so screen
//! readers and kittest tests can find and drive them.
//!
//! Why not egui_graphs: its `GraphView::show` requests a repaint every frame (a busy CPU when
//! idle), its nodes have no AccessKit entries, and it has no trust boundaries. Drawing our own
//! scene keeps idle at zero and lets the window and the image export share one picture.

mod paint;
mod selection;
mod view;

pub use selection::Selection;
pub use view::{CanvasView, MAX_ZOOM, MIN_ZOOM, ZOOM_STEP};

use egui::{
    Color32, CursorIcon, Id, Pos2, Rect as ScreenRect, Sense, Stroke, StrokeKind, Ui, Vec2, WidgetInfo, WidgetType,
    vec2,
};

use crate::edit::{Command, Corner, Document, Gesture, gesture_command, preview};
use crate::model::{BoundaryId, BoundaryKind, ELEMENT_SIZE, ElementId, KindCatalog, Point, Rect, Target, ThreatModel};
use crate::scene::{self, Scene, SceneOptions, style};
use paint::{color32, paint_shapes};

/// What the palette hands over when dragged onto the canvas.
#[derive(Clone, Debug, PartialEq)]
pub enum PaletteItem {
    Element(String),
    Boundary(BoundaryKind),
}

/// A gesture in progress; its edit is previewed until the pointer is released.
#[derive(Clone, Debug)]
enum Drag {
    Elements { ids: Vec<ElementId>, delta: Vec2 },
    Boundary { id: BoundaryId, delta: Vec2 },
    Resize { id: BoundaryId, corner: Corner, to: Point },
    Connect { from: ElementId, to: Point },
}

/// Renaming in place (double-click or F2).
#[derive(Clone, Debug)]
struct Renaming {
    target: Target,
    text: String,
    focused: bool,
}

#[derive(Default)]
pub struct Canvas {
    pub view: CanvasView,
    fit_pending: bool,
    scene_cache: Option<(u64, Scene)>,
    drag: Option<Drag>,
    renaming: Option<Renaming>,
    /// Keyboard connect: the source is chosen, the next element clicked is the target.
    pub connect_from: Option<ElementId>,
    /// The canvas area of the last frame, for commands that need the visible centre.
    last_rect: Option<ScreenRect>,
    /// A target created this frame that should be renamed once it exists.
    rename_when_added: Option<Target>,
}

impl Canvas {
    /// Fits the model to the window on the next frame (after opening a file).
    pub fn request_fit(&mut self) {
        self.fit_pending = true;
    }

    /// Forgets gestures and caches, for a newly opened document.
    pub fn reset(&mut self) {
        *self = Self { fit_pending: true, ..Self::default() };
    }

    pub fn zoom_by(&mut self, factor: f32) {
        let center = self.last_rect.map_or(Pos2::ZERO, |r| r.center());
        let origin = self.last_rect.map_or(Pos2::ZERO, |r| r.min);
        self.view.zoom_around(origin, center, factor);
    }

    pub fn reset_zoom(&mut self) {
        let factor = 1.0 / self.view.zoom_factor;
        self.zoom_by(factor);
    }

    /// The centre of what is visible, in canvas units: where keyboard-added things go.
    pub fn visible_center(&self) -> Point {
        match self.last_rect {
            Some(rect) => self.view.to_canvas(rect.min, rect.center()),
            None => Point::new(400.0, 300.0),
        }
    }

    pub fn start_rename(&mut self, model: &ThreatModel, target: Target) {
        if let Some(text) = current_name(model, &target) {
            self.renaming = Some(Renaming { target, text, focused: false });
        }
    }

    pub fn is_renaming(&self) -> bool {
        self.renaming.is_some()
    }

    /// Draws the canvas and handles its gestures; returns the edits to apply.
    pub fn ui(&mut self, ui: &mut Ui, doc: &Document, selection: &mut Selection) -> Vec<Command> {
        let mut commands = Vec::new();
        let rect = ui.available_rect_before_wrap();
        let origin = rect.min;
        self.last_rect = Some(rect);
        let background = ui.allocate_rect(rect, Sense::click_and_drag());
        background.widget_info(|| WidgetInfo::labeled(WidgetType::Other, true, "Diagram canvas"));
        let model = doc.model();

        if self.fit_pending && rect.width() > 50.0 {
            self.fit_pending = false;
            if let Some(bounds) = model.bounds() {
                self.view.fit(bounds, rect);
            }
        }

        if let Some(pending) = self.rename_when_added.take() {
            if model.contains(&pending) {
                selection.select_only(pending.clone());
                self.start_rename(model, pending);
            }
        }

        // While a gesture is in progress, show the model as it would be after it.
        let previewed = self
            .drag
            .as_ref()
            .and_then(|drag| drag_gesture(drag))
            .and_then(|g| gesture_command(model, g))
            .and_then(|c| preview(model, c).ok());
        let shown = previewed.as_ref().unwrap_or(model);

        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, color32(style::CANVAS_BACKGROUND));
        paint_grid(&painter, &self.view, rect);
        let visible = self.view.visible_canvas(rect).expanded(40.0);
        if previewed.is_some() {
            let scene = scene::build_scene(shown, SceneOptions { show_data_classes: true });
            paint_shapes(&painter, &self.view, origin, &scene.shapes, visible);
        } else {
            if self.scene_cache.as_ref().is_none_or(|(revision, _)| *revision != doc.revision()) {
                self.scene_cache =
                    Some((doc.revision(), scene::build_scene(model, SceneOptions { show_data_classes: true })));
            }
            if let Some((_, scene)) = &self.scene_cache {
                paint_shapes(&painter, &self.view, origin, &scene.shapes, visible);
            }
        }
        self.paint_selection(&painter, shown, selection, origin);

        self.boundary_widgets(ui, shown, selection, origin, &mut commands);
        self.flow_widgets(ui, shown, selection, origin);
        self.element_widgets(ui, shown, selection, origin, &mut commands);
        self.handle_widgets(ui, shown, selection, origin, &mut commands);
        self.background_gestures(ui, &background, model, selection, rect);
        self.palette_drop(ui, model, rect, &mut commands);
        self.rename_ui(ui, model, origin, &mut commands);

        if let Some(Drag::Connect { from, to }) = &self.drag {
            let start = shown.element_rect(from).boundary_point_toward(*to);
            let stroke = Stroke::new(2.0, color32(style::SELECTION));
            painter.extend(egui::Shape::dashed_line(
                &[self.view.to_screen(origin, start), self.view.to_screen(origin, *to)],
                stroke,
                8.0,
                5.0,
            ));
        }
        commands
    }

    fn boundary_widgets(
        &mut self,
        ui: &Ui,
        model: &ThreatModel,
        selection: &mut Selection,
        origin: Pos2,
        commands: &mut Vec<Command>,
    ) {
        for boundary in &model.boundaries {
            let target = Target::Boundary(boundary.id.clone());
            let tab = self.view.rect_to_screen(origin, scene::boundary_tab_rect(model, &boundary.id));
            let response = ui.interact(tab, Id::new(("boundary", &boundary.id)), Sense::click_and_drag());
            let label = format!("Boundary {}", boundary.name);
            let selected = selection.contains(&target);
            response.widget_info(|| WidgetInfo::selected(WidgetType::Button, true, selected, &label));
            let response = response.on_hover_cursor(CursorIcon::Grab);
            self.select_on_click(&response, ui, model, selection, &target, commands);
            if response.double_clicked() {
                self.start_rename(model, target.clone());
            }
            if response.drag_started() {
                selection.select_only(target.clone());
                self.drag = Some(Drag::Boundary { id: boundary.id.clone(), delta: Vec2::ZERO });
            }
            if response.dragged() {
                if let Some(Drag::Boundary { delta, .. }) = &mut self.drag {
                    *delta += response.drag_delta() / self.view.zoom_factor;
                }
            }
            if response.drag_stopped() {
                self.finish_drag(model, commands);
            }
        }
    }

    fn flow_widgets(&mut self, ui: &Ui, model: &ThreatModel, selection: &mut Selection, origin: Pos2) {
        let lanes = scene_lanes(model);
        for flow in &model.flows {
            let lane = lanes.get(&flow.id).copied().unwrap_or(0.0);
            let Some(geometry) = scene::flow_geometry(model, &flow.id, lane) else {
                continue;
            };
            let text = if flow.label.is_empty() { "Data flow" } else { flow.label.as_str() };
            let label_rect = scene::flow_label_rect(text, &scene::data_class_line(flow), geometry.label_center);
            let response =
                ui.interact(self.view.rect_to_screen(origin, label_rect), Id::new(("flow", &flow.id)), Sense::click());
            let target = Target::Flow(flow.id.clone());
            let label = format!("Flow {}", model.display_name(&target).unwrap_or_default());
            let selected = selection.contains(&target);
            response.widget_info(|| WidgetInfo::selected(WidgetType::Button, true, selected, &label));
            if response.clicked() {
                click_select(ui, selection, target.clone());
            }
            if response.double_clicked() {
                self.start_rename(model, target);
            }
        }
    }

    fn element_widgets(
        &mut self,
        ui: &Ui,
        model: &ThreatModel,
        selection: &mut Selection,
        origin: Pos2,
        commands: &mut Vec<Command>,
    ) {
        let catalog = KindCatalog::builtin();
        for element in &model.elements {
            let target = Target::Element(element.id.clone());
            let screen = self.view.rect_to_screen(origin, model.element_rect(&element.id));
            let response = ui.interact(screen, Id::new(("element", &element.id)), Sense::click_and_drag());
            let label = format!("{}, {}", element.name, catalog.kind_name(&element.kind));
            let selected = selection.contains(&target);
            response.widget_info(|| WidgetInfo::selected(WidgetType::Button, true, selected, &label));
            let response = response.on_hover_cursor(CursorIcon::Grab);
            self.select_on_click(&response, ui, model, selection, &target, commands);
            if response.double_clicked() {
                self.start_rename(model, target.clone());
            }
            if response.drag_started() {
                if !selection.contains(&target) {
                    selection.select_only(target.clone());
                }
                self.drag = Some(Drag::Elements { ids: selection.elements(), delta: Vec2::ZERO });
            }
            if response.dragged() {
                if let Some(Drag::Elements { delta, .. }) = &mut self.drag {
                    *delta += response.drag_delta() / self.view.zoom_factor;
                }
            }
            if response.drag_stopped() {
                self.finish_drag(model, commands);
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
    fn handle_widgets(
        &mut self,
        ui: &Ui,
        model: &ThreatModel,
        selection: &Selection,
        origin: Pos2,
        commands: &mut Vec<Command>,
    ) {
        let pointer = ui.ctx().pointer_hover_pos().map(|p| self.view.to_canvas(origin, p));
        let dragging_connect = matches!(self.drag, Some(Drag::Connect { .. }));
        for element in &model.elements {
            let rect = model.element_rect(&element.id);
            let near = pointer.is_some_and(|p| rect.expanded(24.0).contains(p));
            let is_source = matches!(&self.drag, Some(Drag::Connect { from, .. }) if from == &element.id);
            let selected_alone = selection.single() == Some(&Target::Element(element.id.clone()));
            if !(near && !dragging_connect || is_source || selected_alone) {
                continue;
            }
            let center = self.view.to_screen(origin, Point::new(rect.max().x + 12.0, rect.center().y));
            let hit = ScreenRect::from_center_size(center, Vec2::splat(18.0));
            let response = ui.interact(hit, Id::new(("connect", &element.id)), Sense::drag());
            let label = format!("Connect from {}", element.name);
            response.widget_info(|| WidgetInfo::labeled(WidgetType::Button, true, &label));
            let response = response
                .on_hover_text("Drag to another element to add a data flow")
                .on_hover_cursor(CursorIcon::Crosshair);
            let painter = ui.painter();
            let fill = if response.hovered() || is_source { color32(style::SELECTION) } else { Color32::WHITE };
            painter.circle(center, 7.0, fill, Stroke::new(1.5, color32(style::SELECTION)));
            painter.line_segment(
                [center - vec2(3.5, 0.0), center + vec2(3.5, 0.0)],
                Stroke::new(
                    1.5,
                    if response.hovered() || is_source { Color32::WHITE } else { color32(style::SELECTION) },
                ),
            );
            painter.line_segment(
                [center - vec2(0.0, 3.5), center + vec2(0.0, 3.5)],
                Stroke::new(
                    1.5,
                    if response.hovered() || is_source { Color32::WHITE } else { color32(style::SELECTION) },
                ),
            );
            if response.drag_started() {
                self.drag = Some(Drag::Connect { from: element.id.clone(), to: rect.center() });
            }
            if let (true, Some(Drag::Connect { to, .. }), Some(p)) =
                (response.dragged(), &mut self.drag, response.interact_pointer_pos())
            {
                *to = self.view.to_canvas(origin, p);
            }
            if response.drag_stopped() {
                self.finish_drag(model, commands);
            }
        }

        for boundary in &model.boundaries {
            if !selection.contains(&Target::Boundary(boundary.id.clone())) {
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
                    self.finish_drag(model, commands);
                }
            }
        }
    }

    /// Empty canvas: drag or scroll pans, Ctrl+wheel or pinch zooms, a click picks a flow line
    /// or boundary edge, or clears the selection.
    fn background_gestures(
        &mut self,
        ui: &Ui,
        background: &egui::Response,
        model: &ThreatModel,
        selection: &mut Selection,
        rect: ScreenRect,
    ) {
        let origin = rect.min;
        if background.dragged() {
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
                Some(target) if background.double_clicked() => self.start_rename(model, target),
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

    fn palette_drop(&mut self, ui: &Ui, model: &ThreatModel, rect: ScreenRect, commands: &mut Vec<Command>) {
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

    /// Adds a palette item at `at` and starts renaming it, whiteboard style.
    pub fn add_from_palette(
        &mut self,
        model: &ThreatModel,
        item: &PaletteItem,
        at: Point,
        commands: &mut Vec<Command>,
    ) {
        let gesture = match item {
            PaletteItem::Element(kind) => Gesture::AddElement { kind: kind.clone(), center: at },
            PaletteItem::Boundary(kind) => Gesture::AddBoundary { kind: *kind, center: at },
        };
        if let Some(command) = gesture_command(model, gesture) {
            self.rename_when_added = match &command {
                Command::AddElement { element, .. } => Some(Target::Element(element.id.clone())),
                Command::AddBoundary { boundary, .. } => Some(Target::Boundary(boundary.id.clone())),
                _ => None,
            };
            commands.push(command);
        }
    }

    fn finish_drag(&mut self, model: &ThreatModel, commands: &mut Vec<Command>) {
        let Some(drag) = self.drag.take() else { return };
        let gesture = match drag {
            Drag::Connect { from, to } => match scene::hit_test(model, to) {
                Some(Target::Element(target)) => Some(Gesture::Connect { from, to: target }),
                _ => None,
            },
            other => drag_gesture(&other),
        };
        if let Some(gesture) = gesture {
            self.push_gesture(model, gesture, commands);
        }
    }

    /// Turns a gesture into its edit; a new flow is renamed in place right away.
    fn push_gesture(&mut self, model: &ThreatModel, gesture: Gesture, commands: &mut Vec<Command>) {
        let Some(command) = gesture_command(model, gesture) else {
            return;
        };
        if let Command::AddFlow { flow } = &command {
            self.rename_when_added = Some(Target::Flow(flow.id.clone()));
        }
        commands.push(command);
    }

    fn paint_selection(&self, painter: &egui::Painter, model: &ThreatModel, selection: &Selection, origin: Pos2) {
        let stroke = Stroke::new(2.5, color32(style::SELECTION));
        let lanes = scene_lanes(model);
        for target in selection.iter() {
            match target {
                Target::Element(id) if model.element(id).is_some() => {
                    let rect = self.view.rect_to_screen(origin, model.element_rect(id).expanded(4.0));
                    painter.rect_stroke(rect, 10.0, stroke, StrokeKind::Middle);
                }
                Target::Flow(id) => {
                    let lane = lanes.get(id).copied().unwrap_or(0.0);
                    if let Some(geometry) = scene::flow_geometry(model, id, lane) {
                        let mut points: Vec<Pos2> =
                            geometry.points.iter().map(|p| self.view.to_screen(origin, *p)).collect();
                        points.push(self.view.to_screen(origin, geometry.arrow_head[0]));
                        painter.add(egui::Shape::line(
                            points,
                            Stroke::new(4.0, color32(style::SELECTION.with_alpha(150))),
                        ));
                    }
                }
                Target::Boundary(id) if model.boundary(id).is_some() => {
                    let rect = self.view.rect_to_screen(origin, model.boundary_rect(id));
                    painter.rect_stroke(rect, 10.0, stroke, StrokeKind::Middle);
                }
                _ => {}
            }
        }
        if let Some(from) = &self.connect_from {
            if model.element(from).is_some() {
                let rect = self.view.rect_to_screen(origin, model.element_rect(from).expanded(6.0));
                painter.rect_stroke(rect, 12.0, Stroke::new(2.0, color32(style::SELECTION)), StrokeKind::Middle);
            }
        }
    }

    fn rename_ui(&mut self, ui: &Ui, model: &ThreatModel, origin: Pos2, commands: &mut Vec<Command>) {
        let Some(renaming) = &mut self.renaming else {
            return;
        };
        let Some(anchor) = rename_anchor(model, &renaming.target) else {
            self.renaming = None;
            return;
        };
        let zoom = self.view.zoom_factor;
        let pos = self.view.to_screen(origin, anchor) - vec2(4.0, 4.0);
        let width = (ELEMENT_SIZE.width - scene::TEXT_INSET) * zoom.max(0.8);
        let mut finished = None;
        egui::Area::new(Id::new("rename-in-place")).fixed_pos(pos).order(egui::Order::Foreground).show(
            ui.ctx(),
            |ui| {
                let edit = egui::TextEdit::singleline(&mut renaming.text).desired_width(width).hint_text("Name");
                let response = ui.add(edit);
                response.widget_info(|| WidgetInfo::labeled(WidgetType::TextEdit, true, "Rename"));
                if !renaming.focused {
                    response.request_focus();
                    renaming.focused = true;
                }
                if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    finished = Some(false);
                } else if response.lost_focus() {
                    finished = Some(true);
                }
            },
        );
        if let Some(commit) = finished {
            if let Some(renaming) = self.renaming.take() {
                if commit && current_name(model, &renaming.target).as_deref() != Some(renaming.text.as_str()) {
                    commands.push(Command::Rename { target: renaming.target, name: renaming.text });
                }
            }
        }
    }
}

fn click_select(ui: &Ui, selection: &mut Selection, target: Target) {
    if ui.input(|i| i.modifiers.shift) {
        selection.toggle(target);
    } else {
        selection.select_only(target);
    }
}

fn drag_gesture(drag: &Drag) -> Option<Gesture> {
    match drag {
        Drag::Elements { ids, delta } => Some(Gesture::MoveElements { ids: ids.clone(), dx: delta.x, dy: delta.y }),
        Drag::Boundary { id, delta } => Some(Gesture::MoveBoundary { id: id.clone(), dx: delta.x, dy: delta.y }),
        Drag::Resize { id, corner, to } => Some(Gesture::ResizeBoundary { id: id.clone(), corner: *corner, to: *to }),
        Drag::Connect { .. } => None,
    }
}

fn current_name(model: &ThreatModel, target: &Target) -> Option<String> {
    match target {
        Target::Element(id) => model.element(id).map(|e| e.name.clone()),
        Target::Flow(id) => model.flow(id).map(|f| f.label.clone()),
        Target::Boundary(id) => model.boundary(id).map(|b| b.name.clone()),
    }
}

/// Where the rename field goes: over the name it replaces.
fn rename_anchor(model: &ThreatModel, target: &Target) -> Option<Point> {
    match target {
        Target::Element(id) => model.element(id).map(|_| {
            let rect = model.element_rect(id);
            Point::new(rect.x + scene::TEXT_INSET, rect.y + 22.0)
        }),
        Target::Flow(id) => {
            let lanes = scene_lanes(model);
            let geometry = scene::flow_geometry(model, id, lanes.get(id).copied().unwrap_or(0.0))?;
            Some(geometry.label_center.offset(-60.0, -10.0))
        }
        Target::Boundary(id) => model.boundary(id).map(|_| model.boundary_rect(id).min().offset(6.0, 2.0)),
    }
}

fn scene_lanes(model: &ThreatModel) -> std::collections::HashMap<crate::model::FlowId, f32> {
    scene::flow_lanes(model)
}

/// A quiet dot grid, sparser when zoomed out so it never becomes noise.
fn paint_grid(painter: &egui::Painter, view: &CanvasView, rect: ScreenRect) {
    let mut step = 24.0 * view.zoom_factor;
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
    let view = CanvasView { zoom_factor: 0.95, pan: Vec2::ZERO };
    let shapes = scene::pictogram(shape, Point::new(center.x / 0.95, center.y / 0.95), accent);
    paint_shapes(painter, &view, Pos2::ZERO, &shapes, Rect::new(-1e6, -1e6, 2e6, 2e6));
}

/// A small dashed square in a boundary kind's colour, for the palette.
pub fn paint_boundary_icon(painter: &egui::Painter, kind: BoundaryKind, center: Pos2) {
    let color = color32(style::boundary_color(kind));
    let rect = ScreenRect::from_center_size(center, Vec2::splat(24.0));
    painter.rect_filled(rect, 4.0, color.gamma_multiply(0.08));
    let corners = [rect.left_top(), rect.right_top(), rect.right_bottom(), rect.left_bottom(), rect.left_top()];
    painter.extend(egui::Shape::dashed_line(&corners, Stroke::new(1.6, color), 4.0, 3.0));
}
