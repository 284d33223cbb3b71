//! The one dialog in front of the window, if any. While it is open the window's own shortcuts
//! rest; it says what the user chose, and the app acts on it.

use std::path::{Path, PathBuf};

use super::ThreatSketchApp;
use super::exports::ImportChoice;
use crate::canvas::PaletteItem;
use crate::io::autosave::Recovered;
use crate::io::dialogs::{FileQuestion, Filters, Picked, Purpose};
use crate::model::Point;
use crate::ui::Request;
use crate::ui::command_palette::{CommandPalette, PaletteChoice, PaletteEntry, command_palette_ui};
use crate::ui::file_chooser::FileChooser;
use crate::ui::modals::{UnsavedChoice, choose_diagram_ui, notice_ui, unsaved_changes_ui};
use crate::ui::review::{ReviewDraft, log_review_ui};
use crate::ui::shortcut_help::shortcut_help_ui;
use crate::ui::start_screen;

/// Something that would throw away unsaved changes, waiting for the user's answer.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Pending {
    NewFromTemplate(&'static str),
    /// Open this file, or ask for one when `None`.
    Open(Option<PathBuf>),
    /// Import a Threat Dragon file, or ask for one when `None`.
    /// Import another tool's file (asking for one when there is no path).
    ImportOtherTool(Option<PathBuf>),
    /// Import a CloudFormation or SAM template, or ask for one when `None`.
    ImportInfrastructure(Option<PathBuf>),
    Close,
}

impl Pending {
    pub(super) fn verb(&self) -> &'static str {
        match self {
            Self::NewFromTemplate(_) => "starting a new model",
            Self::Open(_) => "opening another model",
            Self::ImportOtherTool(_) => "importing another tool's model",
            Self::ImportInfrastructure(_) => "importing infrastructure",
            Self::Close => "closing",
        }
    }
}

/// What a chosen file is for: the step that finishes once the user has picked it.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum FileUse {
    Open,
    /// Save the model there, then carry on with what was waiting for the save, if anything.
    Save(Option<Pending>),
    ExportReport,
    ExportImage,
    /// Write the model in another tool's format (by its id).
    ExportOtherTool(&'static str),
    ImportOtherTool,
    ImportInfrastructure,
    UpdateInfrastructure,
    /// Compare the model with this file ("Changes since last review").
    CompareWith,
}

/// The dialogs; one at a time.
pub(super) enum Modal {
    StartScreen,
    /// Unsaved changes would be lost by this: asking what to do.
    Unsaved(Pending),
    /// A message worth stopping for: a file that could not be opened, what an import left out.
    Notice {
        title: String,
        body: String,
    },
    /// A Threat Dragon file with several diagrams: which one to open.
    ChooseDiagram(ImportChoice),
    LogReview(ReviewDraft),
    Shortcuts,
    /// The command palette, and the canvas point it adds things at.
    CommandPalette(CommandPalette, Option<Point>),
    /// The app's own file chooser, where the desktop has no file dialog.
    FileChooser(Box<FileChooser>, FileUse),
    /// Models recovered after a crash: open, compare with the saved file, or discard each.
    Recover {
        found: Vec<Recovered>,
        /// The differences shown for one of them.
        comparison: Option<(usize, Vec<String>)>,
        /// The start screen was about to show: it comes next.
        then_start_screen: bool,
    },
    /// The open file changed on disk: noticed on coming back to the window, or found when
    /// saving over it (then what was waiting for the save, if anything).
    ChangedOnDisk {
        saving: Option<Option<Pending>>,
    },
}

impl ThreatSketchApp {
    /// Asks for a file to import, starting in the open model's folder.
    pub(super) fn ask_to_import(&mut self, ctx: &egui::Context, title: &str, filters: Filters, then: FileUse) {
        let question = FileQuestion {
            purpose: Purpose::Import,
            title: title.to_owned(),
            suggested_name: String::new(),
            filters,
            start_folder: self.folder(),
        };
        self.ask_for_file(ctx, &question, then);
    }

    /// Asks for a file, with the desktop's dialog or else the app's own, and finishes `then`
    /// with it. Cancelling does nothing.
    pub(super) fn ask_for_file(&mut self, ctx: &egui::Context, question: &FileQuestion, then: FileUse) {
        match self.dialogs.ask(question) {
            Picked::Path(path) => self.use_file(ctx, then, &path),
            Picked::Cancelled => {}
            Picked::Unavailable => self.modal = Some(Modal::FileChooser(Box::new(FileChooser::new(question)), then)),
        }
    }

    fn use_file(&mut self, ctx: &egui::Context, then: FileUse, path: &Path) {
        match then {
            FileUse::Open => self.open_path(path),
            FileUse::Save(pending) => {
                if self.save_to(&crate::io::dialogs::with_model_extension(path))
                    && let Some(pending) = pending
                {
                    self.run_pending(ctx, pending);
                }
            }
            FileUse::ExportReport => self.export_report_to(path),
            FileUse::ExportImage => self.export_image_to(path),
            FileUse::ExportOtherTool(id) => self.export_other_tool_to(path, id),
            FileUse::ImportOtherTool => self.import_other_tool_from(path),
            FileUse::ImportInfrastructure => self.import_infrastructure_from(path),
            FileUse::UpdateInfrastructure => self.update_infrastructure_from(path),
            FileUse::CompareWith => self.compare_with_file(path),
        }
    }

    /// Shows the dialog, if any, and acts on what was chosen in it.
    pub(super) fn show_modal(&mut self, ctx: &egui::Context, requests: &mut Vec<Request>) {
        let Some(modal) = self.modal.take() else { return };
        let still_open = match modal {
            Modal::StartScreen => start_screen::start_screen_ui(ctx, &self.recent, requests).then_some(modal),
            Modal::Unsaved(pending) => {
                let name = self.doc.model().name.clone();
                match unsaved_changes_ui(ctx, &name, pending.verb()) {
                    Some(UnsavedChoice::Save) => {
                        self.save_then(ctx, Some(pending));
                        None
                    }
                    Some(UnsavedChoice::Discard) => {
                        self.run_pending(ctx, pending);
                        None
                    }
                    Some(UnsavedChoice::Cancel) => None,
                    None => Some(Modal::Unsaved(pending)),
                }
            }
            Modal::Notice { title, body } => notice_ui(ctx, &title, &body).then_some(Modal::Notice { title, body }),
            Modal::ChooseDiagram(choice) => {
                let titles: Vec<&str> = choice.diagrams.iter().map(|d| d.title.as_str()).collect();
                match choose_diagram_ui(ctx, &choice.source.display().to_string(), &titles) {
                    Some(Some(index)) => {
                        self.open_imported_diagram(choice, index);
                        None
                    }
                    Some(None) => None,
                    None => Some(Modal::ChooseDiagram(choice)),
                }
            }
            Modal::LogReview(mut draft) => {
                let reviewed =
                    |date: &str| crate::changes::reviewed_state(self.doc.model(), &self.derived.analysis, date);
                log_review_ui(ctx, &mut draft, &self.today, reviewed, requests).then_some(Modal::LogReview(draft))
            }
            Modal::Shortcuts => shortcut_help_ui(ctx).then_some(Modal::Shortcuts),
            Modal::CommandPalette(mut palette, anchor) => match command_palette_ui(ctx, &mut palette) {
                Some(choice) => {
                    self.use_palette_choice(choice, anchor, requests);
                    None
                }
                None => Some(Modal::CommandPalette(palette, anchor)),
            },
            modal @ (Modal::Recover { .. } | Modal::ChangedOnDisk { .. }) => self.show_safekeeping_modal(ctx, modal),
            Modal::FileChooser(mut chooser, then) => match chooser.show(ctx) {
                Some(Some(path)) => {
                    self.use_file(ctx, then, &path);
                    None
                }
                Some(None) => None,
                None => Some(Modal::FileChooser(chooser, then)),
            },
        };
        // What was chosen may have opened another dialog (a notice, the chooser): that one
        // stays in front.
        if self.modal.is_none() {
            self.modal = still_open;
        }
    }

    fn use_palette_choice(
        &mut self,
        choice: Option<PaletteChoice>,
        anchor: Option<Point>,
        requests: &mut Vec<Request>,
    ) {
        match choice {
            Some(PaletteChoice { entry: PaletteEntry::Add(PaletteItem::Element(kind)), connect: Some(direction) }) => {
                self.clone_connect(direction, Some(&kind));
            }
            Some(PaletteChoice { entry: PaletteEntry::Add(item), .. }) => self.add_near(&item, anchor),
            Some(PaletteChoice { entry: PaletteEntry::Run(action), .. }) => requests.push(Request::Action(action)),
            None => {}
        }
    }
}
