//! The eframe app. One frame: draw the panels, collect what they ask for, apply it in one
//! place, report any error once.

mod actions;
mod exports;
mod files;
mod infrastructure;
mod modal;
mod review_changes;
mod room;
mod safekeeping;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use egui::{Frame, Ui, ViewportCommand};

use crate::canvas::{Canvas, CanvasInput, PaletteItem, Selection};
use crate::edit::{Command, Document, free_spot, paste_elements, spot_beside, spot_in_view, spot_near_pointer};
use crate::io::autosave::Autosaves;
use crate::io::dialogs::{FileDialogs, NativeDialogs};
use crate::io::open_files::OpenFiles;
use crate::io::recent::RecentFiles;
use crate::io::templates::Template;
use crate::model::{Point, Review, Target, ThreatModel, Workshop, WorkshopStep, today};
use crate::scene::Badges;
use crate::threats::{Analysis, Catalogue, Names, ThreatFilter, analyze};
use crate::ui::actions::{Action, Context, dispatch_order};
use crate::ui::changes_window::changes_window_ui;
use crate::ui::display::{DISPLAY_KEY, DisplayPrefs};
use crate::ui::glossary_window::{GlossarySearch, glossary_window_ui};
use crate::ui::questions::questions_window_ui;
use crate::ui::review::{ReviewDraft, overdue_banner_ui};
use crate::ui::risk_matrix::{MatrixView, risk_matrix_ui};
use crate::ui::status_bar::StatusMessage;
use crate::ui::threat_panel::ThreatLists;
use crate::ui::threats::ThreatCardsState;
use crate::ui::workshop_bar::{GuideView, workshop_guide_ui, workshop_steps_ui};
use crate::ui::{Request, inspector, menu_bar, palette, status_bar, theme, threat_panel};
use crate::workshop::focus_target;
use modal::{Modal, Pending};
use safekeeping::AUTOSAVE_DELAY;

/// Arrow keys move the selection this far; with Shift one grid step.
const NUDGE_STEP: f32 = 2.0;

/// Key of the recent-files list in eframe's storage.
const RECENT_FILES_KEY: &str = "recent_files";

/// Everything worked out from the document and the rules in use: once per change of either,
/// in one place. Its stamp tells the views that cache from it (the canvas scene, the workshop
/// walk) when it changed, whichever of the two changed.
struct Derived {
    revision: u64,
    rules: u64,
    stamp: u64,
    analysis: Analysis,
    badges: Badges,
    /// The fix-first order, as indexes into the analysis's threats.
    priority: Vec<usize>,
    names: Names,
}

impl Derived {
    /// The lists the threats panel and the workshop bar read.
    fn lists(&self) -> ThreatLists<'_> {
        ThreatLists {
            analysis: &self.analysis,
            priority: &self.priority,
            names: &self.names,
            stamp: self.stamp,
            changes: None,
        }
    }

    fn new(doc: &Document, (catalogue, rules): (&Catalogue, u64), stamp: u64) -> Self {
        let analysis = analyze(doc.model(), catalogue);
        let badges = analysis.badges();
        let priority = crate::risk::priority_indices(doc.model(), &analysis.threats);
        Self { revision: doc.revision(), rules, stamp, analysis, badges, priority, names: Names::of(doc.model()) }
    }

    fn is_current(&self, doc: &Document, rules: u64) -> bool {
        self.revision == doc.revision() && self.rules == rules
    }
}

/// What is shown of the open document beside the canvas: the selection, the threat cards and
/// their drafts, the list's filter, the matrix, the guide. All of it goes when another
/// document opens.
#[derive(Default)]
pub(super) struct DocumentView {
    selection: Selection,
    cards: ThreatCardsState,
    filter: ThreatFilter,
    matrix: MatrixView,
    guide: GuideView,
    /// The next-review date as typed in the inspector, kept until it is a whole date.
    next_review_draft: String,
}

impl DocumentView {
    /// A fresh view of `model`: nothing selected or typed, the review date as the file has it.
    pub(super) fn of(model: &ThreatModel) -> Self {
        Self { next_review_draft: model.review.next.clone(), ..Self::default() }
    }
}

/// Windows that stay open beside the work (not dialogs): the glossary and the questions.
#[derive(Default)]
struct ToolWindows {
    /// The glossary's search while it is open.
    glossary: Option<GlossarySearch>,
    questions: bool,
}

pub struct ThreatSketchApp {
    doc: Document,
    /// The built-in rules plus the user's rules files for this document.
    catalogue: Catalogue,
    /// Counts the changes of `catalogue`, so derived state follows a change of rules too.
    rules_generation: u64,
    derived: Derived,
    view: DocumentView,
    canvas: Canvas,
    /// The one dialog in front of the window, if any.
    modal: Option<Modal>,
    /// Autosave, recovery, the file changing on disk, the file open twice.
    safe: safekeeping::Safekeeping,
    windows: ToolWindows,
    /// "Changes since last review": what the model is compared with, while its window is open.
    comparison: Option<review_changes::Comparison>,
    /// Presentation mode: full screen, large text, high contrast, fewer panels.
    presenting: bool,
    show_threat_panel: bool,
    /// Whether the threats panel shows in the mode not active now.
    threat_panel_other_mode: bool,
    /// Text sizes and snapping: remembered per machine, and kept here only.
    display: DisplayPrefs,
    /// The text scale changed while presenting: fit the diagram once the layout has settled.
    refit_pending: u8,
    /// The window's height in points at zoom 1, which the presentation scale follows, and the
    /// height in points last frame (a change at a steady zoom is the window being resized).
    screen_height: (f32, f32),
    /// Today, YYYY-MM-DD, read once at start (a session rarely spans midnight, and the banner
    /// only needs the day).
    today: String,
    recent: RecentFiles,
    dialogs: Box<dyn FileDialogs>,
    status: Option<StatusMessage>,
    allow_close: bool,
    window_title: String,
    fonts_installed: bool,
}

impl ThreatSketchApp {
    /// Opens `file`, or the sample with the start screen when there is none. A file that
    /// cannot be opened is reported and the sample opens instead.
    pub fn new(file: Option<&Path>, dialogs: Box<dyn FileDialogs>, recent: RecentFiles) -> Self {
        let mut sample = Template::sample().model().unwrap_or_default();
        sample.review = Review::quarterly_from(&today());
        let doc = Document::new(sample, None);
        let catalogue = Catalogue::builtin().clone();
        let mut app = Self {
            derived: Derived::new(&doc, (&catalogue, 0), 0),
            catalogue,
            rules_generation: 0,
            view: DocumentView::of(doc.model()),
            canvas: Canvas::default(),
            modal: file.is_none().then_some(Modal::StartScreen),
            safe: safekeeping::Safekeeping::default(),
            windows: ToolWindows::default(),
            comparison: None,
            presenting: false,
            show_threat_panel: true,
            threat_panel_other_mode: false,
            display: DisplayPrefs::default(),
            refit_pending: 0,
            screen_height: (0.0, 0.0),
            today: today(),
            doc,
            recent,
            dialogs,
            status: None,
            allow_close: false,
            window_title: String::new(),
            fonts_installed: false,
        };
        app.canvas.request_readable_fit();
        if let Some(path) = file {
            app.open_path(path);
        }
        app
    }

    /// Opens an in-memory model (unsaved), without the start screen.
    pub fn with_model(model: ThreatModel, dialogs: Box<dyn FileDialogs>, recent: RecentFiles) -> Self {
        let mut app = Self::new(None, dialogs, recent);
        app.replace_document(Document::new(model, None));
        app.modal = None;
        app
    }

    /// The whole model in the window, however small (View › Fit to window).
    pub fn fit_to_window(&mut self) {
        self.canvas.request_fit();
    }

    /// Back to 100 % around the centre of the view.
    pub fn reset_zoom(&mut self) {
        self.canvas.reset_zoom();
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn selection(&self) -> &Selection {
        &self.view.selection
    }

    pub fn status(&self) -> Option<&StatusMessage> {
        self.status.as_ref()
    }

    pub fn is_start_screen_open(&self) -> bool {
        matches!(self.modal, Some(Modal::StartScreen))
    }

    /// The window's height in points at zoom 1. Measured while working; presenting, measured
    /// again only when the window is resized, because a backend may report the height of the
    /// frame before a zoom change took effect.
    fn measure_screen(&mut self, ctx: &egui::Context) -> f32 {
        let height = ctx.content_rect().height();
        let (at_zoom_one, last) = self.screen_height;
        let resized = (height - last).abs() > 0.5;
        let at_zoom_one = if !self.presenting || resized { height * ctx.zoom_factor() } else { at_zoom_one };
        self.screen_height = (at_zoom_one, height);
        at_zoom_one
    }

    /// The whole window's content; eframe and the UI tests both call this.
    pub fn ui_root(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        if !self.fonts_installed {
            // Fonts take effect from the next frame, and the bold family must exist before
            // anything uses it: draw nothing in this first frame.
            theme::install(&ctx);
            self.fonts_installed = true;
            ctx.request_repaint();
            return;
        }
        self.handle_close_request(&ctx);
        self.refresh_derived();
        self.refresh_comparison();
        self.keep_safe(&ctx);
        let screen_height = self.measure_screen(&ctx);
        let scale = self.display.zoom(self.presenting, screen_height);
        if (ctx.zoom_factor() - scale).abs() > 1e-3 {
            ctx.set_zoom_factor(scale);
            if self.presenting {
                // The canvas area takes its new size in the next frame: fit the diagram then.
                self.refit_pending = 2;
                ctx.request_repaint();
            }
        } else if self.refit_pending > 0 {
            // The new scale shows in the next frame, and the canvas learns its new size in the
            // frame after: fit then.
            self.refit_pending -= 1;
            if self.refit_pending == 0 {
                self.fit_or_focus();
            }
            ctx.request_repaint();
        }
        let mut requests = Vec::new();
        self.shortcuts(&ctx, &mut requests);
        self.take_dropped_files(&ctx);

        egui::Panel::top("menu-bar").show(ui, |ui| {
            menu_bar::menu_bar_ui(ui, &self.doc, &self.recent, &mut requests);
        });
        if self.doc.model().review.is_overdue(&self.today) {
            egui::Panel::top("review-banner").frame(Frame::NONE).show(ui, |ui| {
                if overdue_banner_ui(ui, &self.doc.model().review) {
                    requests.push(Request::LogReview);
                }
            });
        }
        let step = self.doc.model().workshop.as_ref().map(|w| w.step);
        let panels = room::panels(
            self.presenting,
            step,
            !self.view.selection.is_empty(),
            self.show_threat_panel,
            self.view.cards.is_writing_own_threat(),
        );
        egui::Panel::top("workshop-bar").show(ui, |ui| {
            let lists = self.derived.lists();
            workshop_steps_ui(ui, self.doc.model(), &lists, &mut requests);
            if !panels.guide_beside {
                workshop_guide_ui(ui, self.doc.model(), &lists, &mut self.view.guide, &mut requests);
            }
        });
        egui::Panel::bottom("status-bar").show(ui, |ui| {
            let model = self.doc.model();
            let summary = format!(
                "{} · {} · {}",
                crate::words::count(model.elements.len(), "element", "elements"),
                crate::words::count(model.flows.len(), "flow", "flows"),
                crate::words::count(model.boundaries.len(), "boundary", "boundaries")
            );
            status_bar::status_bar_ui(ui, self.status.as_ref(), &summary, self.canvas.view.zoom_factor);
        });
        if panels.palette {
            egui::Panel::left("palette").resizable(false).exact_size(252.0).show(ui, |ui| {
                palette::palette_ui(ui, &mut requests);
            });
        }
        if panels.guide_beside {
            let width = room::guide_width(ui.available_width());
            egui::Panel::right("workshop-guide").resizable(false).exact_size(width).show(ui, |ui| {
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                    let lists = self.derived.lists();
                    workshop_guide_ui(ui, self.doc.model(), &lists, &mut self.view.guide, &mut requests);
                    if panels.matrix_in_guide {
                        ui.separator();
                        risk_matrix_ui(
                            ui,
                            &self.derived.analysis,
                            self.doc.model().scale,
                            &mut self.view.matrix,
                            &mut requests,
                        );
                    }
                });
            });
        }
        if panels.inspector {
            egui::Panel::right("inspector").resizable(true).default_size(290.0).show(ui, |ui| {
                inspector::inspector_ui(
                    ui,
                    self.doc.model(),
                    &self.view.selection,
                    &self.derived.analysis,
                    &mut self.view.cards,
                    &mut self.view.next_review_draft,
                    &mut requests,
                );
            });
        }
        if panels.threat_panel {
            egui::Panel::bottom("threat-panel").resizable(true).default_size(200.0).show(ui, |ui| {
                let changes = self.comparison.as_ref().map(|c| (&c.changes, &c.tags));
                threat_panel::threat_panel_ui(
                    ui,
                    self.doc.model(),
                    &ThreatLists { changes, ..self.derived.lists() },
                    &self.view.selection,
                    &mut self.view.filter,
                    &mut self.view.matrix,
                    &mut requests,
                );
            });
        }
        egui::CentralPanel::default().frame(Frame::NONE).show(ui, |ui| {
            let highlighted = self.matrix_targets();
            let input = CanvasInput {
                model: self.doc.model(),
                scene_stamp: self.derived.stamp,
                badges: &self.derived.badges,
                highlighted: &highlighted,
                snap_to_grid: self.display.snap_to_grid,
                projected: self.presenting,
                changes: self.comparison.as_ref().map(|c| &c.changes),
            };
            let commands = self.canvas.ui(ui, &input, &mut self.view.selection);
            requests.extend(commands.into_iter().map(Request::Edit));
        });

        self.modals(&ctx, &mut requests);
        if !requests.is_empty() {
            // This frame showed the state before the requests; one more frame shows their effect.
            ctx.request_repaint();
        }
        for request in requests {
            self.handle(&ctx, request);
        }
        let title = self.doc.title();
        if title != self.window_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
    }

    fn shortcuts(&mut self, ctx: &egui::Context, requests: &mut Vec<Request>) {
        if self.modal.is_some() {
            return;
        }
        let typing = ctx.egui_wants_keyboard_input() || self.canvas.is_renaming();
        let elements_selected = self.view.selection.iter().any(|t| matches!(t, Target::Element(_)));
        let step = self.doc.model().workshop.as_ref().map(|w| w.step);
        let active = |context: Context| match context {
            Context::Anywhere => true,
            Context::SelectedElements => elements_selected,
            Context::PickedThreat => self.view.matrix.picked.is_some(),
            Context::Workshop => step.is_some(),
            Context::WorkshopIdentify => step == Some(WorkshopStep::Identify),
            Context::WorkshopChoosing => matches!(step, Some(WorkshopStep::Assess | WorkshopStep::Mitigate)),
        };
        if !typing {
            // The desktop turns Ctrl+C and Ctrl+V into copy and paste events.
            ctx.input(|input| {
                for event in &input.events {
                    match event {
                        egui::Event::Copy if elements_selected => requests.push(Request::Action(Action::Copy)),
                        egui::Event::Paste(text) => requests.push(Request::PasteText(text.clone())),
                        _ => {}
                    }
                }
            });
        }
        for (row, key) in dispatch_order(active, typing) {
            if ctx.input_mut(|i| i.consume_shortcut(key)) {
                requests.push(Request::Action(row.action));
            }
        }
    }

    fn modals(&mut self, ctx: &egui::Context, requests: &mut Vec<Request>) {
        let before = self.open_dialogs();
        self.show_modal(ctx, requests);
        self.show_tool_windows(ctx, requests);
        if self.open_dialogs() != before {
            // A dialog closed or opened during this frame, which still showed the old state.
            ctx.request_repaint();
        }
    }

    /// Which dialog and tool windows are open, to notice a change.
    fn open_dialogs(&self) -> (Option<std::mem::Discriminant<Modal>>, bool, bool) {
        (self.modal.as_ref().map(std::mem::discriminant), self.windows.glossary.is_some(), self.windows.questions)
    }

    fn show_tool_windows(&mut self, ctx: &egui::Context, requests: &mut Vec<Request>) {
        crate::ui::conflicts::conflicts_window_ui(ctx, &self.doc.model().conflicts, requests);
        if let Some(comparison) = &self.comparison {
            let can_use_review = self.doc.model().review.reviewed.is_some();
            if !changes_window_ui(ctx, &comparison.changes, can_use_review, requests) {
                self.comparison = None;
            }
        }
        if self.windows.questions {
            self.windows.questions = questions_window_ui(ctx, &self.derived.analysis, &self.derived.names);
        }
        if let Some(search) = &mut self.windows.glossary
            && !glossary_window_ui(ctx, search)
        {
            self.windows.glossary = None;
        }
    }

    fn handle(&mut self, ctx: &egui::Context, request: Request) {
        match request {
            Request::Edit(command) => self.apply(command),
            Request::EndTyping => self.doc.end_typing(),
            Request::Action(action) => self.run_action(ctx, action),
            Request::PasteText(text) => self.paste(&text),
            Request::Workshop(workshop) => self.move_workshop(workshop),
            Request::OpenGlossary(term) => self.windows.glossary = Some(GlossarySearch::at(term)),
            Request::ExportOtherTool(id) => self.export_other_tool(ctx, id),
            Request::NewFromTemplate(id) => self.guard(ctx, Pending::NewFromTemplate(id)),
            Request::OpenPath(path) => self.guard(ctx, Pending::Open(Some(path))),
            Request::LogReview => self.modal = Some(Modal::LogReview(ReviewDraft::starting(&self.today))),
            Request::Select(target) => {
                self.canvas.reveal(self.doc.model(), &target);
                self.view.selection.select_only(target);
            }
            // A click in the palette says nothing about where: where the kind belongs in view.
            Request::AddFromPalette(item) => self.add_in_view(&item),
        }
    }

    /// Applies one edit; an error goes to the status bar and the log, once.
    pub fn apply(&mut self, command: Command) {
        match self.doc.apply(command) {
            Ok(_) => self.view.selection.retain_existing(self.doc.model()),
            Err(err) => self.report_error(format!("Could not edit: {err}")),
        }
    }

    /// Shows what the workshop is looking at, or else the whole diagram.
    fn fit_or_focus(&mut self) {
        match self.workshop_target() {
            Some(target) => self.canvas.focus_on(self.doc.model(), &target),
            None => self.canvas.request_readable_fit(),
        }
    }

    /// The element or flow the guided workshop is on, if any.
    fn workshop_target(&self) -> Option<Target> {
        let workshop = self.doc.model().workshop.as_ref()?;
        match workshop.step {
            WorkshopStep::Identify => focus_target(self.doc.model(), &workshop.focus),
            WorkshopStep::Assess | WorkshopStep::Mitigate => {
                self.derived.analysis.threats.iter().find(|t| t.has_key(&workshop.focus)).map(|t| t.target.clone())
            }
            WorkshopStep::Understand | WorkshopStep::Document => None,
        }
    }

    /// Moves the guided workshop and brings what it is about into view: the part to look at,
    /// or the element or flow of the threat to rate.
    fn move_workshop(&mut self, workshop: Option<Workshop>) {
        self.apply(Command::SetWorkshop { workshop });
        self.show_workshop_focus();
    }

    /// Selects and shows what the workshop is on: after each move, and when a file with a
    /// workshop under way opens, so the room picks up exactly where it stopped.
    fn show_workshop_focus(&mut self) {
        let Some(workshop) = &self.doc.model().workshop else { return };
        if matches!(workshop.step, WorkshopStep::Assess | WorkshopStep::Mitigate) {
            // The matrix shows each rating as it is made.
            self.show_threat_panel = true;
        }
        if let Some(target) = self.workshop_target() {
            self.view.selection.select_only(target.clone());
            self.canvas.focus_on(self.doc.model(), &target);
        }
    }

    /// Adds a palette item (from the command palette) next to the selected element, else near
    /// where the pointer was on the canvas, else where it belongs in the view: always on screen
    /// and on no other card. Its name can then be typed at once.
    fn add_near(&mut self, item: &PaletteItem, anchor: Option<Point>) {
        let model = self.doc.model();
        let visible = self.canvas.visible_area();
        let at = match (item, self.view.selection.single(), anchor) {
            (PaletteItem::Element(_), Some(Target::Element(id)), _) => spot_beside(model, id, visible),
            (PaletteItem::Element(_), _, Some(pointer)) => spot_near_pointer(model, pointer, visible),
            _ => return self.add_in_view(item),
        };
        self.add_at(item, at);
    }

    /// Adds a palette item where it belongs in the view (`edit::spot_in_view`): on screen, on
    /// no other card, in the boundary looked at or one that suits its kind.
    fn add_in_view(&mut self, item: &PaletteItem) {
        let model = self.doc.model();
        let at = match item {
            PaletteItem::Element(kind) => spot_in_view(model, kind, self.canvas.visible_area()),
            // A boundary is drawn around things: in the middle of the view.
            PaletteItem::Boundary(_) | PaletteItem::BoundaryLine(_) => free_spot(model, self.canvas.visible_center()),
        };
        self.add_at(item, at);
    }

    /// Adds a palette item at `at`; its name can then be typed at once.
    fn add_at(&mut self, item: &PaletteItem, at: Point) {
        let mut commands = Vec::new();
        self.canvas.add_from_palette(self.doc.model(), item, at, &mut commands);
        for command in commands {
            self.apply(command);
        }
    }

    fn paste(&mut self, text: &str) {
        if let Some((command, pasted)) = paste_elements(self.doc.model(), text) {
            self.apply(command);
            self.view.selection.set(pasted.into_iter().map(Target::Element).collect::<Vec<_>>());
        }
    }

    /// The canvas zoom, for tests.
    pub fn canvas_zoom(&self) -> f32 {
        self.canvas.view.zoom_factor
    }

    /// Where the canvas is scrolled to, for tests.
    pub fn canvas_pan(&self) -> (f32, f32) {
        (self.canvas.view.pan.x, self.canvas.view.pan.y)
    }

    /// Whether presentation mode is on, for tests.
    pub fn is_presenting(&self) -> bool {
        self.presenting
    }

    /// The remembered text scales.
    pub fn display_prefs(&self) -> DisplayPrefs {
        self.display
    }

    /// Replaces the file dialogs (tests answer each export with a different path).
    pub fn set_dialogs(&mut self, dialogs: Box<dyn FileDialogs>) {
        self.dialogs = dialogs;
    }

    pub fn set_display_prefs(&mut self, prefs: DisplayPrefs) {
        self.display = prefs;
    }

    fn inform(&mut self, text: impl Into<String>) {
        self.status = Some(StatusMessage { text: text.into(), is_error: false });
    }

    fn report_error(&mut self, text: String) {
        log::warn!("{text}");
        self.status = Some(StatusMessage { text, is_error: true });
    }

    /// The model shown, for tests.
    pub fn model(&self) -> &ThreatModel {
        self.doc.model()
    }

    /// The elements and flows with open threats in the chosen matrix cell.
    fn matrix_targets(&self) -> Vec<Target> {
        let Some(cell) = self.view.matrix.cell else { return Vec::new() };
        self.derived.analysis.targets_in(cell, self.view.matrix.residual)
    }

    /// The view of the risk matrix, for tests.
    pub fn matrix(&self) -> &MatrixView {
        &self.view.matrix
    }

    /// The threats of the model as last analysed (once per change).
    pub fn analysis(&self) -> &Analysis {
        &self.derived.analysis
    }
}

impl eframe::App for ThreatSketchApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.ui_root(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, RECENT_FILES_KEY, &self.recent);
        eframe::set_value(storage, DISPLAY_KEY, &self.display);
    }

    /// The window closes: the open file is no longer claimed. A copy of unsaved changes stays
    /// (closing with changes asks first, so one is left only when that was skipped).
    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.release_claim();
    }
}

/// Opens the window. Returns the process exit code.
pub fn run_native(file: Option<PathBuf>) -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("ThreatSketch")
            .with_app_id("threatsketch")
            .with_inner_size([1440.0, 900.0])
            .with_min_inner_size([820.0, 520.0]),
        // Explicit: test builds also compile wgpu, which would otherwise become the default.
        renderer: eframe::Renderer::Glow,
        ..Default::default()
    };
    let result = eframe::run_native(
        "ThreatSketch",
        options,
        Box::new(move |cc| {
            let recent = cc.storage.and_then(|s| eframe::get_value(s, RECENT_FILES_KEY)).unwrap_or_default();
            let mut app = ThreatSketchApp::new(file.as_deref(), Box::new(NativeDialogs::default()), recent);
            if let Some(display) = cc.storage.and_then(|s| eframe::get_value(s, DISPLAY_KEY)) {
                app.set_display_prefs(display);
            }
            app.keep_work_safe(Autosaves::in_state_folder(), OpenFiles::in_state_folder(), AUTOSAVE_DELAY);
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // Exit 2, as for any bad input: 1 means a policy threshold was crossed. One line that
        // says what is needed and what works without it.
        Err(err) => {
            // The most specific part is the last ("neither WAYLAND_DISPLAY nor … DISPLAY is set").
            let full = err.to_string();
            let reason =
                crate::escape::terminal(full.rsplit(": ").next().unwrap_or(&full).trim_end_matches('.')).into_owned();
            let message = format!(
                "threatsketch: could not open the window: {}; the window needs a display (X11 or Wayland); \
                 check, report, render, import, export, new and templates work without one\n",
                crate::escape::clip(&reason, 160)
            );
            std::io::Write::write_all(&mut std::io::stderr(), message.as_bytes()).ok();
            ExitCode::from(crate::cli::EXIT_BAD_INPUT)
        }
    }
}
