//! The diagram editor: paints the scene and turns pointer gestures into commands. Elements,
//! flow labels, boundary tabs and handles are egui widgets with AccessKit labels, so screen
//! readers and kittest tests can find and drive them.
//!
//! Why not egui_graphs: its `GraphView::show` requests a repaint every frame (a busy CPU when
//! idle), its nodes have no AccessKit entries, and it has no trust boundaries. Drawing our own
//! scene keeps idle at zero and lets the window and the image export share one picture.

mod changes;
mod gestures;
mod overlay;
mod overview;
mod paint;
mod rename;
mod selection;
mod view;

pub use overlay::{paint_boundary_icon, paint_boundary_line_icon, paint_kind_icon, paint_risk_mark};
pub use paint::{BOLD_FAMILY, color32};
pub use selection::Selection;
pub use view::{CanvasView, MAX_ZOOM, MIN_ZOOM, ZOOM_STEP};

use egui::{Pos2, Rect as ScreenRect, Sense, Stroke, Ui, Vec2, WidgetInfo, WidgetType};

use crate::edit::{Command, Corner, Gesture, GuideLine, aligned_move, gesture_command, preview};
use crate::model::{BoundaryId, BoundaryKind, ElementId, Point, Target, ThreatModel};
use crate::scene::{self, Badges, Detail, Scene, SceneOptions, style};
use overlay::paint_grid;
use paint::{FINE_DETAIL_ZOOM, paint_region_names, paint_shapes, region_names_enlarged};
use rename::{Renaming, current_name};

/// What the palette hands over when dragged onto the canvas.
#[derive(Clone, Debug, PartialEq)]
pub enum PaletteItem {
    Element(String),
    Boundary(BoundaryKind),
    /// A boundary drawn as a line that flows cross.
    BoundaryLine(BoundaryKind),
}

/// How close, in screen pixels, a dragged card must come to line up with another.
const ALIGN_PULL: f32 = 6.0;

/// The least zoom a workshop's focused element is shown at.
const FOCUS_ZOOM: f32 = 1.0;

/// How a pending fit shows the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fit {
    /// All of it, however small (the Fit to window action).
    Whole,
    /// All of it while names stay readable (opening a model).
    Readable,
}

/// A gesture in progress; its edit is previewed until the pointer is released.
#[derive(Clone, Debug)]
enum Drag {
    Elements {
        ids: Vec<ElementId>,
        delta: Vec2,
    },
    Boundary {
        id: BoundaryId,
        delta: Vec2,
    },
    Resize {
        id: BoundaryId,
        corner: Corner,
        to: Point,
    },
    Connect {
        from: ElementId,
        to: Point,
    },
    /// One point of a boundary line.
    LinePoint {
        id: BoundaryId,
        index: usize,
        to: Point,
    },
    /// A new bend in a boundary line, after point `after`.
    Bend {
        id: BoundaryId,
        after: usize,
        to: Point,
    },
}

#[derive(Default)]
pub struct Canvas {
    pub view: CanvasView,
    fit_pending: Option<Fit>,
    scene_cache: Option<(u64, Scene)>,
    drag: Option<Drag>,
    renaming: Option<Renaming>,
    /// Keyboard connect: the source is chosen, the next element clicked is the target.
    pub connect_from: Option<ElementId>,
    /// The canvas area of the last frame, for commands that need the visible centre.
    last_rect: Option<ScreenRect>,
    /// Moved cards land on the grid: this frame's preference, see `CanvasInput`.
    snap_to_grid: bool,
    /// Alignment guides of the drag in progress.
    guides: Vec<GuideLine>,
    /// Shift-drag on empty canvas: the selection rectangle, corners in canvas units.
    rubber_band: Option<(Point, Point)>,
    /// A target to rename from the next frame on, once it exists (just added or double-clicked).
    rename_when_added: Option<Target>,
    /// The pointer was released this frame; the gesture is committed against the real model.
    drag_finished: bool,
    /// What to focus on once the canvas knows its size (a file just opened mid-workshop).
    focus_when_shown: Option<Target>,
    /// The whole model in a corner when part of it is off screen.
    overview: overview::OverviewMap,
}

/// What the canvas shows and how, this frame.
#[derive(Clone, Copy)]
pub struct CanvasInput<'a> {
    pub model: &'a ThreatModel,
    /// Changes whenever the model or its badges do: the scene is cached by it.
    pub scene_stamp: u64,
    pub badges: &'a Badges,
    /// Elements and flows to point out (the threats of a chosen matrix cell).
    pub highlighted: &'a [Target],
    /// Moved cards land on the grid.
    pub snap_to_grid: bool,
    /// Drawn for a projector (presentation mode): thicker lines, dark greys.
    pub projected: bool,
    /// What changed since the version compared with, while that window is open.
    pub changes: Option<&'a crate::changes::ChangesSince>,
}

/// How much thicker lines are on a projector, which washes thin lines out.
const PROJECTED_LINE_SCALE: f32 = 1.8;

impl Canvas {
    /// Fits the model to the window on the next frame (after opening a file).
    pub fn request_fit(&mut self) {
        self.fit_pending = Some(Fit::Whole);
    }

    /// Shows the model on the next frame as a newly opened one: fitted while its names stay
    /// readable, else its top-left at a readable zoom.
    pub fn request_readable_fit(&mut self) {
        self.fit_pending = Some(Fit::Readable);
    }

    /// Forgets gestures and caches, for a newly opened document.
    pub fn reset(&mut self) {
        *self = Self { fit_pending: Some(Fit::Readable), ..Self::default() };
    }

    pub fn zoom_by(&mut self, factor: f32) {
        let center = self.last_rect.map_or(Pos2::ZERO, |r| r.center());
        let origin = self.last_rect.map_or(Pos2::ZERO, |r| r.min);
        self.view.zoom_around(origin, center, factor);
    }

    /// Brings an element or flow into the middle of the view when it is not visible.
    pub fn reveal(&mut self, model: &ThreatModel, target: &Target) {
        self.bring_into_view(model, target, false);
    }

    /// Centres the view on an element or flow and zooms in to at least `FOCUS_ZOOM`: what a
    /// workshop looks at now fills the room's screen.
    pub fn focus_on(&mut self, model: &ThreatModel, target: &Target) {
        if self.last_rect.is_none() || self.fit_pending.is_some() {
            self.focus_when_shown = Some(target.clone());
            return;
        }
        if self.view.zoom_factor < FOCUS_ZOOM {
            self.zoom_by(FOCUS_ZOOM / self.view.zoom_factor);
        }
        self.bring_into_view(model, target, true);
    }

    fn bring_into_view(&mut self, model: &ThreatModel, target: &Target, always_centre: bool) {
        let Some(rect) = self.last_rect else { return };
        let center = match target {
            Target::Element(id) => model.layout.elements.get(id).copied(),
            Target::Flow(id) => model.flow(id).and_then(|f| {
                let (a, b) = (model.layout.elements.get(&f.from)?, model.layout.elements.get(&f.to)?);
                Some(Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0))
            }),
            Target::Boundary(id) => model.layout.boundaries.get(id).map(|r| r.center()),
        };
        let Some(center) = center else { return };
        let visible = self.view.visible_canvas(rect).expanded(-60.0);
        if always_centre || !visible.contains(center) {
            let screen_center = self.view.to_screen(rect.min, center);
            self.view.pan += rect.center() - screen_center;
        }
    }

    pub fn reset_zoom(&mut self) {
        let factor = 1.0 / self.view.zoom_factor;
        self.zoom_by(factor);
    }

    /// Where the pointer is on the canvas, in canvas units, when it is over the canvas.
    pub fn pointer_on_canvas(&self, ctx: &egui::Context) -> Option<Point> {
        let rect = self.last_rect?;
        let pointer = ctx.pointer_hover_pos().filter(|p| rect.contains(*p))?;
        Some(self.view.to_canvas(rect.min, pointer))
    }

    /// The centre of what is visible, in canvas units: where keyboard-added things go.
    /// The part of the canvas on screen, in canvas units (before the first frame, a guess).
    pub fn visible_area(&self) -> crate::model::Rect {
        match self.last_rect {
            Some(rect) => self.view.visible_canvas(rect),
            None => crate::model::Rect::new(0.0, 0.0, 800.0, 600.0),
        }
    }

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

    /// Opens the name field on the next frame: a field created in the frame of a click would
    /// lose its focus to that click at once.
    fn rename_next_frame(&mut self, ui: &Ui, target: Target) {
        self.rename_when_added = Some(target);
        ui.ctx().request_repaint();
    }

    pub fn is_renaming(&self) -> bool {
        self.renaming.is_some()
    }

    /// Draws the canvas and handles its gestures; returns the edits to apply.
    pub fn ui(&mut self, ui: &mut Ui, input: &CanvasInput<'_>, selection: &mut Selection) -> Vec<Command> {
        let CanvasInput { model, scene_stamp, badges, highlighted, snap_to_grid, projected, changes } = *input;
        // The preferences are the app's; the canvas follows them each frame.
        self.snap_to_grid = snap_to_grid;
        self.view.line_scale = if projected { PROJECTED_LINE_SCALE } else { 1.0 };
        self.view.high_contrast = projected;
        let mut commands = Vec::new();
        let rect = ui.available_rect_before_wrap();
        let origin = rect.min;
        self.last_rect = Some(rect);
        let background = ui.allocate_rect(rect, Sense::click_and_drag());
        background.widget_info(|| WidgetInfo::labeled(WidgetType::Other, true, "Diagram canvas"));
        if let Some(fit) = self.fit_pending.filter(|_| rect.width() > 50.0) {
            self.fit_pending = None;
            if let Some(bounds) = model.bounds() {
                match fit {
                    Fit::Whole => self.view.fit(bounds, rect),
                    Fit::Readable => self.view.fit_readable(bounds, rect),
                }
            }
        }
        if self.fit_pending.is_none()
            && let Some(target) = self.focus_when_shown.take()
        {
            self.focus_on(model, &target);
        }

        if let Some(pending) = self.rename_when_added.take()
            && model.contains(&pending)
        {
            selection.select_only(pending.clone());
            // Placed on screen where it could be; where it could not, the view goes to it.
            self.reveal(model, &pending);
            self.start_rename(model, pending);
        }

        // While a gesture is in progress, show the model as it would be after it.
        let gesture = self.drag.clone().and_then(|drag| self.adjusted_gesture(model, &drag));
        if self.drag.is_none() {
            self.guides.clear();
        }
        let previewed = gesture.and_then(|g| gesture_command(model, g)).and_then(|c| preview(model, c).ok());
        let shown = previewed.as_ref().unwrap_or(model);

        // The scene is cached per revision; a preview is drawn fresh each frame of the gesture.
        // Taken out of the cache while in use, so the widget code below may borrow `self`.
        // The canvas shows what flows carry and the open threats of each element and flow.
        let options = SceneOptions { show_data_classes: true, badges: Some(badges) };
        let scene = match (&previewed, self.scene_cache.take()) {
            (Some(preview), _) => scene::build_scene(preview, options),
            (None, Some((stamp, scene))) if stamp == scene_stamp => scene,
            (None, _) => scene::build_scene(model, options),
        };

        let painter = ui.painter_at(rect);
        painter.rect_filled(rect, 0.0, color32(style::CANVAS_BACKGROUND));
        paint_grid(&painter, &self.view, rect);
        let visible = self.view.visible_canvas(rect).expanded(40.0);
        let show_fine = self.view.zoom_factor >= FINE_DETAIL_ZOOM;
        let enlarged = region_names_enlarged(self.view.zoom_factor);
        let shapes = scene.shapes.iter().filter(|s| match s.detail {
            Detail::Essential => true,
            Detail::Fine => show_fine,
            Detail::RegionName => !enlarged,
        });
        paint_shapes(&painter, &self.view, origin, shapes.map(|s| &s.shape), visible);
        if enlarged {
            let names = scene.shapes.iter().filter(|s| s.detail == Detail::RegionName).map(|s| &s.shape);
            paint_region_names(&painter, &self.view, origin, names, visible);
        }
        if let Some(changes) = changes {
            self.paint_change_marks(&painter, &scene, changes, origin);
        }
        self.paint_highlights(&painter, &scene, highlighted, origin);
        self.paint_selection(&painter, &scene, shown, selection, origin);
        self.paint_guides(&painter, origin);

        self.target_widgets(ui, (&scene, changes), shown, selection, origin, visible, &mut commands);
        self.handle_widgets(ui, &scene, shown, selection, origin);
        self.background_gestures(ui, &background, model, selection, rect);
        if std::mem::take(&mut self.drag_finished) {
            // Against the model as it is, not the preview, which already shows the gesture.
            self.finish_drag(model, &mut commands);
        }
        self.palette_drop(ui, model, rect, &mut commands);
        self.rename_ui(ui, &scene, model, origin, &mut commands);
        // Last, so it is on top of the cards under it for the pointer too.
        self.overview.ui(ui, rect, &mut self.view, (model, scene_stamp), scene.bounds);

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
        if previewed.is_none() {
            self.scene_cache = Some((scene_stamp, scene));
        }
        commands
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
            PaletteItem::BoundaryLine(kind) => Gesture::AddBoundaryLine { kind: *kind, center: at },
        };
        if let Some(command) = gesture_command(model, gesture) {
            self.rename_when_added = match &command {
                Command::AddElement { element, .. } => Some(Target::Element(element.id.clone())),
                Command::AddBoundary { boundary, .. } | Command::AddBoundaryLine { boundary, .. } => {
                    Some(Target::Boundary(boundary.id.clone()))
                }
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
            other => self.adjusted_gesture(model, &other),
        };
        self.guides.clear();
        if let Some(gesture) = gesture {
            self.push_gesture(model, gesture, commands);
        }
    }

    /// The gesture a drag stands for; moved cards snap to the grid or line up with others.
    fn adjusted_gesture(&mut self, model: &ThreatModel, drag: &Drag) -> Option<Gesture> {
        let Drag::Elements { ids, delta } = drag else { return drag_gesture(drag) };
        // Six screen pixels of pull, whatever the zoom.
        let tolerance = ALIGN_PULL / self.view.zoom_factor.max(0.01);
        let (dx, dy, guides) = aligned_move(model, ids, delta.x, delta.y, self.snap_to_grid, tolerance);
        self.guides = guides;
        Some(Gesture::MoveElements { ids: ids.clone(), dx, dy })
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
        Drag::LinePoint { id, index, to } => Some(Gesture::MoveLinePoint { id: id.clone(), index: *index, to: *to }),
        Drag::Bend { id, after, to } => Some(Gesture::BendLine { id: id.clone(), after: *after, to: *to }),
        Drag::Connect { .. } => None,
    }
}
