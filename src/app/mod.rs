//! The eframe app. One frame: draw the panels, collect what they ask for, apply it in one
//! place, report any error once.

mod exports;
mod files;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use egui::{Frame, Ui, ViewportCommand};

use crate::canvas::{Canvas, PaletteItem, Selection};
use crate::edit::{
    Command, Direction, Document, all_targets, auto_layout, clone_and_connect, copy_elements, duplicate, free_spot,
    neighbour, nudge, paste_elements, slot_beside,
};
use crate::io::dialogs::{FileDialogs, NativeDialogs};
use crate::io::recent::RecentFiles;
use crate::io::templates::Template;
use crate::model::{Point, Review, Target, ThreatModel, Workshop, WorkshopStep, today};
use crate::scene::Badges;
use crate::threats::{Analysis, Catalogue, Names, ThreatFilter, analyze};
use crate::ui::actions::Action;
use crate::ui::command_palette::{CommandPalette, PaletteChoice, PaletteEntry, command_palette_ui};
use crate::ui::display::{DISPLAY_KEY, DisplayPrefs};
use crate::ui::glossary_window::glossary_window_ui;
use crate::ui::modals::{UnsavedChoice, choose_diagram_ui, notice_ui, unsaved_changes_ui};
use crate::ui::questions::questions_window_ui;
use crate::ui::review::{ReviewDraft, log_review_ui, overdue_banner_ui};
use crate::ui::risk_matrix::MatrixView;
use crate::ui::shortcut_help::shortcut_help_ui;
use crate::ui::status_bar::StatusMessage;
use crate::ui::threat_panel::ThreatLists;
use crate::ui::threats::ThreatCardsState;
use crate::ui::workshop_bar::{GuideView, workshop_bar_ui};
use crate::ui::{Request, inspector, menu_bar, palette, start_screen, status_bar, theme, threat_panel};
use crate::workshop::focus_target;
use files::Pending;

/// Arrow keys move the selection this far; with Shift one grid step.
const NUDGE_STEP: f32 = 2.0;

/// How much thicker the diagram's lines are in presentation mode.
const PRESENTATION_LINE_SCALE: f32 = 1.8;

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
        ThreatLists { analysis: &self.analysis, priority: &self.priority, names: &self.names, stamp: self.stamp }
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

pub struct ThreatSketchApp {
    doc: Document,
    /// The built-in rules plus the user's rules files for this document.
    catalogue: Catalogue,
    /// Counts the changes of `catalogue`, so derived state follows a change of rules too.
    rules_generation: u64,
    derived: Derived,
    threat_cards: ThreatCardsState,
    threat_filter: ThreatFilter,
    matrix: MatrixView,
    show_threat_panel: bool,
    show_questions: bool,
    /// The review being logged, while its dialog is open.
    review_draft: Option<ReviewDraft>,
    /// The next-review date as typed in the inspector, kept until it is a whole date.
    next_review_draft: String,
    /// Today, YYYY-MM-DD, read once at start (a session rarely spans midnight, and the banner
    /// only needs the day).
    today: String,
    selection: Selection,
    canvas: Canvas,
    recent: RecentFiles,
    dialogs: Box<dyn FileDialogs>,
    status: Option<StatusMessage>,
    start_screen_open: bool,
    pending: Option<Pending>,
    notice: Option<(String, String)>,
    /// A Threat Dragon file with several diagrams, until the user picks one.
    import_choice: Option<exports::ImportChoice>,
    /// Presentation mode: full screen, large text, high contrast, fewer panels.
    presenting: bool,
    display: DisplayPrefs,
    show_shortcuts: bool,
    guide: GuideView,
    /// The command palette while it is open, and the canvas point it adds things at.
    command_palette: Option<(CommandPalette, Option<Point>)>,
    /// The glossary's search text while it is open.
    glossary_query: Option<String>,
    /// Whether the threats panel shows in the mode not active now.
    threat_panel_other_mode: bool,
    /// The text scale changed while presenting: fit the diagram once the layout has settled.
    refit_pending: u8,
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
            threat_cards: ThreatCardsState::default(),
            threat_filter: ThreatFilter::default(),
            matrix: MatrixView::default(),
            show_threat_panel: true,
            show_questions: false,
            review_draft: None,
            next_review_draft: String::new(),
            today: today(),
            doc,
            selection: Selection::default(),
            canvas: Canvas::default(),
            recent,
            dialogs,
            status: None,
            start_screen_open: file.is_none(),
            pending: None,
            notice: None,
            import_choice: None,
            presenting: false,
            display: DisplayPrefs::default(),
            show_shortcuts: false,
            glossary_query: None,
            command_palette: None,
            guide: GuideView::default(),
            threat_panel_other_mode: false,
            refit_pending: 0,
            allow_close: false,
            window_title: String::new(),
            fonts_installed: false,
        };
        app.canvas.request_fit();
        if let Some(path) = file {
            app.open_path(path);
        }
        app
    }

    /// Opens an in-memory model (unsaved), without the start screen.
    pub fn with_model(model: ThreatModel, dialogs: Box<dyn FileDialogs>, recent: RecentFiles) -> Self {
        let mut app = Self::new(None, dialogs, recent);
        app.replace_document(Document::new(model, None));
        app.start_screen_open = false;
        app
    }

    /// Back to 100 % around the centre of the view.
    pub fn reset_zoom(&mut self) {
        self.canvas.reset_zoom();
    }

    pub fn document(&self) -> &Document {
        &self.doc
    }

    pub fn selection(&self) -> &Selection {
        &self.selection
    }

    pub fn status(&self) -> Option<&StatusMessage> {
        self.status.as_ref()
    }

    pub fn is_start_screen_open(&self) -> bool {
        self.start_screen_open
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
        let scale = self.display.scale(self.presenting);
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
        egui::Panel::top("workshop-bar").show(ui, |ui| {
            workshop_bar_ui(ui, self.doc.model(), &self.derived.lists(), &mut self.guide, &mut requests);
        });
        egui::Panel::bottom("status-bar").show(ui, |ui| {
            let model = self.doc.model();
            let summary = format!(
                "{} elements · {} flows · {} boundaries",
                model.elements.len(),
                model.flows.len(),
                model.boundaries.len()
            );
            status_bar::status_bar_ui(ui, self.status.as_ref(), &summary, self.canvas.view.zoom_factor);
        });
        // Presenting, the room looks at the diagram and the inspector; the palette gives way.
        // Drawing (step 1 of a workshop) needs the palette even while presenting.
        let drawing = self.doc.model().workshop.as_ref().is_some_and(|w| w.step == WorkshopStep::Understand);
        if !self.presenting || drawing {
            egui::Panel::left("palette").resizable(false).exact_size(252.0).show(ui, |ui| {
                palette::palette_ui(ui, &mut requests);
            });
        }
        egui::Panel::right("inspector").resizable(true).default_size(290.0).show(ui, |ui| {
            inspector::inspector_ui(
                ui,
                self.doc.model(),
                &self.selection,
                &self.derived.analysis,
                &mut self.threat_cards,
                &mut self.next_review_draft,
                &mut requests,
            );
        });
        if self.show_threat_panel {
            egui::Panel::bottom("threat-panel").resizable(true).default_size(200.0).show(ui, |ui| {
                threat_panel::threat_panel_ui(
                    ui,
                    self.doc.model(),
                    &self.derived.lists(),
                    &self.selection,
                    &mut self.threat_filter,
                    &mut self.matrix,
                    &mut requests,
                );
            });
        }
        egui::CentralPanel::default().frame(Frame::NONE).show(ui, |ui| {
            let highlighted = self.matrix_targets();
            let shown = (self.doc.model(), self.derived.stamp);
            let commands = self.canvas.ui(ui, shown, &mut self.selection, &self.derived.badges, &highlighted);
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
        if self.start_screen_open
            || self.pending.is_some()
            || self.notice.is_some()
            || self.import_choice.is_some()
            || self.show_shortcuts
            || self.command_palette.is_some()
        {
            return;
        }
        let typing = ctx.egui_wants_keyboard_input() || self.canvas.is_renaming();
        let elements_selected = self.selection.iter().any(|t| matches!(t, Target::Element(_)));
        let matrix_has_pick = self.matrix.picked.is_some();
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
        for action in Action::ALL {
            if typing && !action.works_while_typing() {
                continue;
            }
            if action.needs_selected_elements() && (!elements_selected || matrix_has_pick) {
                continue;
            }
            if action.shortcuts().iter().any(|s| ctx.input_mut(|i| i.consume_shortcut(s))) {
                requests.push(Request::Action(action));
            }
        }
    }

    fn modals(&mut self, ctx: &egui::Context, requests: &mut Vec<Request>) {
        let open_before = self.open_modals();
        self.show_modals(ctx, requests);
        if self.open_modals() != open_before {
            // A dialog closed or opened during this frame, which still showed the old state.
            ctx.request_repaint();
        }
    }

    fn open_modals(&self) -> [bool; 7] {
        [
            self.command_palette.is_some(),
            self.glossary_query.is_some(),
            self.show_shortcuts,
            self.notice.is_some(),
            self.import_choice.is_some(),
            self.review_draft.is_some(),
            self.show_questions,
        ]
    }

    fn show_modals(&mut self, ctx: &egui::Context, requests: &mut Vec<Request>) {
        if self.start_screen_open {
            self.start_screen_open = start_screen::start_screen_ui(ctx, &self.recent, requests);
        }
        if let Some(pending) = self.pending.clone() {
            let name = self.doc.model().name.clone();
            match unsaved_changes_ui(ctx, &name, pending.verb()) {
                Some(UnsavedChoice::Save) => {
                    self.pending = None;
                    if self.save(false) {
                        self.run_pending(ctx, pending);
                    }
                }
                Some(UnsavedChoice::Discard) => {
                    self.pending = None;
                    self.run_pending(ctx, pending);
                }
                Some(UnsavedChoice::Cancel) => self.pending = None,
                None => {}
            }
        }
        if let Some(draft) = &mut self.review_draft
            && !log_review_ui(ctx, draft, &self.today, requests)
        {
            self.review_draft = None;
        }
        if self.show_questions {
            self.show_questions = questions_window_ui(ctx, &self.derived.analysis, &self.derived.names);
        }
        if self.show_shortcuts {
            self.show_shortcuts = shortcut_help_ui(ctx);
        }
        if let Some((palette, anchor)) = &mut self.command_palette
            && let Some(choice) = command_palette_ui(ctx, palette)
        {
            let anchor = *anchor;
            self.command_palette = None;
            match choice {
                Some(PaletteChoice {
                    entry: PaletteEntry::Add(PaletteItem::Element(kind)),
                    connect: Some(direction),
                }) => {
                    self.clone_connect(direction, Some(&kind));
                }
                Some(PaletteChoice { entry: PaletteEntry::Add(item), .. }) => self.add_near(&item, anchor),
                Some(PaletteChoice { entry: PaletteEntry::Run(action), .. }) => requests.push(Request::Action(action)),
                None => {}
            }
        }
        if let Some(query) = &mut self.glossary_query
            && !glossary_window_ui(ctx, query)
        {
            self.glossary_query = None;
        }
        if let Some(choice) = &self.import_choice {
            let titles: Vec<&str> = choice.diagrams.iter().map(|d| d.title.as_str()).collect();
            match choose_diagram_ui(ctx, &choice.source.display().to_string(), &titles) {
                Some(Some(index)) => self.choose_imported_diagram(index),
                Some(None) => self.import_choice = None,
                None => {}
            }
        }
        if let Some((title, body)) = &self.notice
            && !notice_ui(ctx, title, body)
        {
            self.notice = None;
        }
    }

    fn handle(&mut self, ctx: &egui::Context, request: Request) {
        match request {
            Request::Edit(command) => self.apply(command),
            Request::EndTyping => self.doc.end_typing(),
            Request::Action(action) => self.run_action(ctx, action),
            Request::PasteText(text) => self.paste(&text),
            Request::Workshop(workshop) => self.move_workshop(workshop),
            Request::AddOwnThreat => self.threat_cards.open_own_threat_form(),
            Request::OpenGlossary(term) => self.glossary_query = Some(term),
            Request::NewFromTemplate(id) => self.guard(ctx, Pending::NewFromTemplate(id)),
            Request::OpenPath(path) => self.guard(ctx, Pending::Open(Some(path))),
            Request::ShowStartScreen => self.start_screen_open = true,
            Request::LogReview => self.review_draft = Some(ReviewDraft::starting(&self.today)),
            Request::Select(target) => {
                self.canvas.reveal(self.doc.model(), &target);
                self.selection.select_only(target);
            }
            Request::AddFromPalette(item) => {
                let at = free_spot(self.doc.model(), self.canvas.visible_center());
                self.add_at(&item, at);
            }
        }
    }

    /// Applies one edit; an error goes to the status bar and the log, once.
    pub fn apply(&mut self, command: Command) {
        match self.doc.apply(command) {
            Ok(_) => self.selection.retain_existing(self.doc.model()),
            Err(err) => self.report_error(format!("Could not edit: {err}")),
        }
    }

    fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New => self.start_screen_open = true,
            Action::Open => self.guard(ctx, Pending::Open(None)),
            Action::Save => {
                self.save(false);
            }
            Action::SaveAs => {
                self.save(true);
            }
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Action::Undo => {
                if self.doc.undo() {
                    self.selection.retain_existing(self.doc.model());
                }
            }
            Action::Redo => {
                if self.doc.redo() {
                    self.selection.retain_existing(self.doc.model());
                }
            }
            Action::Delete => {
                if !self.selection.is_empty() {
                    let targets: Vec<Target> = self.selection.iter().cloned().collect();
                    self.selection.clear();
                    self.apply(Command::Delete { targets });
                }
            }
            Action::Rename => {
                if let Some(target) = self.selection.single().cloned() {
                    self.canvas.start_rename(self.doc.model(), target);
                }
            }
            Action::Connect => match self.selection.single() {
                Some(Target::Element(id)) => {
                    self.canvas.connect_from = Some(id.clone());
                    self.inform("Click the element the data goes to (Esc cancels)");
                }
                _ => self.inform("Select one element first, then press C and click where its data goes"),
            },
            Action::SelectAll => self.selection.set(all_targets(self.doc.model())),
            Action::Cancel => {
                if self.canvas.connect_from.take().is_some() {
                } else if self.presenting && self.selection.is_empty() {
                    self.set_presenting(ctx, false);
                } else {
                    self.selection.clear();
                }
            }
            Action::Presentation => self.set_presenting(ctx, !self.presenting),
            Action::TextBigger | Action::TextSmaller | Action::TextReset => {
                match action {
                    Action::TextBigger => self.display.adjust(self.presenting, 1),
                    Action::TextSmaller => self.display.adjust(self.presenting, -1),
                    _ => self.display.reset(self.presenting),
                }
                let scale = (self.display.scale(self.presenting) * 100.0).round();
                self.inform(format!("Text size {scale} %"));
            }
            Action::ShortcutHelp => self.show_shortcuts = true,
            Action::SnapToGrid => {
                self.display.snap_to_grid = !self.display.snap_to_grid;
                self.canvas.snap_to_grid = self.display.snap_to_grid;
                self.inform(if self.display.snap_to_grid {
                    "Snapping to the grid (G turns it off)"
                } else {
                    "Not snapping: cards line up with each other as you drag"
                });
            }
            Action::Glossary => self.glossary_query = Some(String::new()),
            Action::CommandPalette => {
                let anchor = self.canvas.pointer_on_canvas(ctx);
                self.command_palette = Some((CommandPalette::default(), anchor));
            }
            Action::AutoLayout => match auto_layout(self.doc.model()) {
                Some(command) => {
                    self.apply(command);
                    self.canvas.request_fit();
                }
                None => self.inform("The layout is already tidy"),
            },
            Action::Nudge(direction) => self.nudge(direction, NUDGE_STEP),
            Action::NudgeGrid(direction) => self.nudge(direction, crate::edit::GRID),
            Action::CloneConnect(direction) => self.clone_connect(direction, None),
            Action::SelectNeighbour(direction) => {
                if let Some(Target::Element(from)) = self.selection.single().cloned() {
                    match neighbour(self.doc.model(), &from, direction) {
                        Some(next) => {
                            self.selection.select_only(Target::Element(next.clone()));
                            self.canvas.reveal(self.doc.model(), &Target::Element(next));
                        }
                        None => self.inform(format!(
                            "Nothing connected {} this element",
                            match direction {
                                Direction::Left => "to the left of",
                                Direction::Right => "to the right of",
                                Direction::Up => "above",
                                Direction::Down => "below",
                            }
                        )),
                    }
                }
            }
            Action::Duplicate => {
                if let Some((command, copies)) = duplicate(self.doc.model(), &self.selection.elements()) {
                    self.apply(command);
                    self.selection.set(copies.into_iter().map(Target::Element).collect::<Vec<_>>());
                }
            }
            Action::Copy => {
                if let Some(text) = copy_elements(self.doc.model(), &self.selection.elements()) {
                    ctx.copy_text(text);
                    self.inform("Copied; paste with Ctrl+V here or in another model");
                }
            }
            // The desktop answers with a paste event, handled like Ctrl+V.
            Action::Paste => ctx.send_viewport_cmd(ViewportCommand::RequestPaste),
            Action::ZoomIn => self.canvas.zoom_by(crate::canvas::ZOOM_STEP),
            Action::ZoomOut => self.canvas.zoom_by(1.0 / crate::canvas::ZOOM_STEP),
            Action::ZoomReset => self.canvas.reset_zoom(),
            Action::FitToWindow => self.canvas.request_fit(),
            Action::ToggleThreats => self.show_threat_panel = !self.show_threat_panel,
            Action::Questions => self.show_questions = true,
            Action::ExportReport => self.export_report(),
            Action::ExportImage => self.export_image(),
            Action::ImportThreatDragon => self.guard(ctx, Pending::ImportThreatDragon(None)),
            Action::ExportThreatDragon => self.export_threat_dragon(),
        }
    }

    /// Adds an element of `kind` (the selected one's own when `None`) next to the selected
    /// element in `direction`, connected to it, and selects it.
    fn clone_connect(&mut self, direction: Direction, kind: Option<&str>) {
        let Some(Target::Element(from)) = self.selection.single().cloned() else {
            self.inform("Select one element first: the new one is connected to it");
            return;
        };
        if let Some((command, new)) = clone_and_connect(self.doc.model(), &from, direction, kind) {
            self.apply(command);
            self.selection.select_only(Target::Element(new.clone()));
            self.canvas.reveal(self.doc.model(), &Target::Element(new));
        }
    }

    fn nudge(&mut self, direction: Direction, distance: f32) {
        if let Some(command) = nudge(self.doc.model(), &self.selection.elements(), direction, distance) {
            self.apply(command);
        }
    }

    /// Shows what the workshop is looking at, or else the whole diagram.
    fn fit_or_focus(&mut self) {
        match self.workshop_target() {
            Some(target) => self.canvas.focus_on(self.doc.model(), &target),
            None => self.canvas.request_fit(),
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
        self.apply(Command::SetWorkshop { workshop: workshop.clone() });
        let Some(workshop) = workshop else { return };
        if matches!(workshop.step, WorkshopStep::Assess | WorkshopStep::Mitigate) {
            // The matrix shows each rating as it is made.
            self.show_threat_panel = true;
        }
        if let Some(target) = self.workshop_target() {
            self.selection.select_only(target.clone());
            self.canvas.focus_on(self.doc.model(), &target);
        }
    }

    /// Adds a palette item next to the selected element, else where the pointer was on the
    /// canvas, else in the middle of the view; then its name can be typed at once.
    fn add_near(&mut self, item: &PaletteItem, anchor: Option<Point>) {
        let at = match self.selection.single() {
            Some(Target::Element(id)) => slot_beside(self.doc.model(), id, Direction::Right),
            _ => free_spot(self.doc.model(), anchor.unwrap_or_else(|| self.canvas.visible_center())),
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
            self.selection.set(pasted.into_iter().map(Target::Element).collect::<Vec<_>>());
        }
    }

    /// Enters or leaves presentation mode.
    fn set_presenting(&mut self, ctx: &egui::Context, presenting: bool) {
        if presenting == self.presenting {
            return;
        }
        self.presenting = presenting;
        // The threats panel makes way for the diagram while presenting (Ctrl+T brings it back)
        // and returns as it was afterwards.
        std::mem::swap(&mut self.show_threat_panel, &mut self.threat_panel_other_mode);
        ctx.send_viewport_cmd(ViewportCommand::Fullscreen(presenting));
        theme::apply_contrast(ctx, presenting);
        self.canvas.view.line_scale = if presenting { PRESENTATION_LINE_SCALE } else { 1.0 };
        self.fit_or_focus();
        if presenting {
            self.inform("Presentation mode: Ctrl + and Ctrl − change the text size; F5 or Esc leaves");
        } else {
            self.inform("Left presentation mode");
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
        self.canvas.snap_to_grid = prefs.snap_to_grid;
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
        let Some(cell) = self.matrix.cell else { return Vec::new() };
        self.derived.analysis.open_targets_in(cell, self.matrix.residual)
    }

    /// The view of the risk matrix, for tests.
    pub fn matrix(&self) -> &MatrixView {
        &self.matrix
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
            let mut app = ThreatSketchApp::new(file.as_deref(), Box::new(NativeDialogs), recent);
            if let Some(display) = cc.storage.and_then(|s| eframe::get_value(s, DISPLAY_KEY)) {
                app.set_display_prefs(display);
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            log::error!("could not open the window: {err}");
            ExitCode::FAILURE
        }
    }
}
