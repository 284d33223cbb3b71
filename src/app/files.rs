//! Files and the unsaved-changes guard: opening, saving, templates, and closing the window.

use std::path::{Path, PathBuf};

use egui::ViewportCommand;

use super::modal::{FileUse, Modal, Pending};
use super::{Derived, DocumentView, ThreatSketchApp};
use crate::edit::Document;
use crate::io::dialogs::{FileQuestion, MODEL_FILTER, Purpose, file_name_for};
use crate::io::templates::Template;
use crate::io::{load_path, save_path};
use crate::model::Review;
use crate::threats::{Catalogue, combine, rules_locations};
use crate::ui::status_bar::StatusMessage;

impl ThreatSketchApp {
    pub(super) fn handle_close_request(&mut self, ctx: &egui::Context) {
        if ctx.input(|i| i.viewport().close_requested()) && self.doc.is_dirty() && !self.allow_close {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.modal = Some(Modal::Unsaved(Pending::Close));
        }
    }

    /// Runs `pending` now, or first asks about unsaved changes.
    pub(super) fn guard(&mut self, ctx: &egui::Context, pending: Pending) {
        if self.doc.is_dirty() {
            self.modal = Some(Modal::Unsaved(pending));
        } else {
            self.run_pending(ctx, pending);
        }
    }

    pub(super) fn run_pending(&mut self, ctx: &egui::Context, pending: Pending) {
        match pending {
            Pending::NewFromTemplate(id) => match Template::find(id).map(Template::model) {
                Some(Ok(mut model)) => {
                    // A new model starts with a review a quarter ahead.
                    model.review = Review::quarterly_from(&self.today);
                    self.replace_document(Document::new(model, None));
                }
                Some(Err(err)) => self.report_error(err.to_string()),
                None => self.report_error(format!("There is no template \"{id}\"")),
            },
            Pending::Open(Some(path)) => self.open_path(&path),
            Pending::Open(None) => {
                let question = FileQuestion {
                    purpose: Purpose::OpenModel,
                    title: "Open threat model".to_owned(),
                    suggested_name: String::new(),
                    filters: MODEL_FILTER,
                    start_folder: self.folder(),
                };
                self.ask_for_file(ctx, &question, FileUse::Open);
            }
            Pending::ImportOtherTool(path) => self.import_other_tool(ctx, path),
            Pending::ImportInfrastructure(path) => self.import_infrastructure(ctx, path),
            Pending::Close => {
                self.let_go_of_document();
                self.allow_close = true;
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
        }
    }

    /// Opens a model file. On failure the open model stays as it was and the error is shown.
    pub fn open_path(&mut self, path: &Path) {
        match load_path(path) {
            Ok(loaded) => {
                self.replace_document(Document::new(loaded.model, Some(path.to_path_buf())));
                self.recent.touch(path);
                match loaded.warnings.first() {
                    None => self.inform(format!("Opened {}", path.display())),
                    Some(first) => self.report_error(format!(
                        "Opened {} with {} warning(s); first: {first}",
                        path.display(),
                        loaded.warnings.len()
                    )),
                }
            }
            Err(err) => {
                log::warn!("{err}");
                if matches!(err, crate::io::LoadError::Read { .. }) {
                    // A file that is gone should not stay in the recent list.
                    self.recent.remove(path);
                }
                self.modal =
                    Some(Modal::Notice { title: "Could not open the model".to_owned(), body: err.to_string() });
                self.status = Some(StatusMessage {
                    text: "Could not open the model; nothing was changed".to_owned(),
                    is_error: true,
                });
            }
        }
    }

    /// Puts another document in place. Every piece of view state about the old one goes:
    /// selection, view, threat cards and their drafts, filters, the matrix cell, the guide.
    pub(super) fn replace_document(&mut self, doc: Document) {
        self.let_go_of_document();
        self.doc = doc;
        self.document_replaced();
        self.canvas.reset();
        self.comparison = None;
        self.view = DocumentView::of(self.doc.model());
        if matches!(self.modal, Some(Modal::LogReview(_))) {
            self.modal = None;
        }
        self.load_rules();
        self.show_workshop_focus();
    }

    /// Works out the derived state again when the document or the rules changed.
    pub(super) fn refresh_derived(&mut self) {
        if self.derived.is_current(&self.doc, self.rules_generation) {
            return;
        }
        let stamp = self.derived.stamp + 1;
        self.derived = Derived::new(&self.doc, (&self.catalogue, self.rules_generation), stamp);
        // Keep the typed review date in step with undo, redo and logged reviews.
        self.view.next_review_draft.clone_from(&self.doc.model().review.next);
    }

    /// The built-in rules plus the user's rules files that apply to this document; a problem in
    /// them is reported and the built-in rules are used.
    pub(super) fn load_rules(&mut self) {
        let combined = combine(Catalogue::builtin(), &rules_locations(self.doc.path()));
        self.catalogue = combined.catalogue;
        self.rules_generation += 1;
        self.refresh_derived();
        if let Some(problem) = combined.problems.first() {
            self.report_error(format!("Rules: {problem}"));
        } else if !combined.used.is_empty() {
            let names: Vec<_> = combined.used.iter().map(|p| p.display().to_string()).collect();
            self.inform(format!("Using your rules from {}", names.join(", ")));
        }
    }

    /// Saves to the document's file, or asks where when there is none (or `ask` is set).
    pub(super) fn save(&mut self, ctx: &egui::Context, ask: bool) {
        match self.doc.path() {
            Some(path) if !ask => {
                let path = path.to_path_buf();
                self.save_in_place(ctx, &path, None);
            }
            _ => self.ask_where_to_save(ctx, None),
        }
    }

    /// Saves, then carries on with `then` once the model is on disk.
    pub(super) fn save_then(&mut self, ctx: &egui::Context, then: Option<Pending>) {
        match self.doc.path().map(Path::to_path_buf) {
            Some(path) => self.save_in_place(ctx, &path, then),
            None => self.ask_where_to_save(ctx, then),
        }
    }

    fn ask_where_to_save(&mut self, ctx: &egui::Context, then: Option<Pending>) {
        let question = FileQuestion {
            purpose: Purpose::SaveModel,
            title: "Save threat model".to_owned(),
            suggested_name: file_name_for(&self.doc.model().name),
            filters: MODEL_FILTER,
            start_folder: self.folder(),
        };
        self.ask_for_file(ctx, &question, FileUse::Save(then));
    }

    /// The document's folder, where dialogs start.
    pub(super) fn folder(&self) -> Option<PathBuf> {
        self.doc.path().and_then(Path::parent).map(Path::to_path_buf)
    }

    /// Saves to `path` atomically and records it as the document's file.
    pub fn save_to(&mut self, path: &Path) -> bool {
        match save_path(self.doc.model(), path) {
            Ok(()) => {
                let moved = self.doc.path() != Some(path);
                self.doc.mark_saved(path.to_path_buf());
                self.document_saved(path);
                self.recent.touch(path);
                if moved {
                    // Rules next to the model follow it to its new folder.
                    self.load_rules();
                }
                self.inform(format!("Saved {}", path.display()));
                true
            }
            Err(err) => {
                self.report_error(err.to_string());
                false
            }
        }
    }
}

impl ThreatSketchApp {
    /// A file dropped on the window: a model opens, a Threat Dragon file is imported (after
    /// asking about unsaved changes, as Open does); anything else is explained. While files
    /// are dragged over the window, it says what dropping them does.
    pub(super) fn take_dropped_files(&mut self, ctx: &egui::Context) {
        let (hovering, dropped) = ctx.input(|i| {
            let paths: Vec<std::path::PathBuf> = i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).collect();
            (!i.raw.hovered_files.is_empty(), paths)
        });
        if hovering {
            drop_hint_ui(ctx);
        }
        let Some(path) = dropped.first().cloned() else { return };
        if dropped.len() > 1 {
            self.inform(format!("{} files were dropped: opening the first, {}", dropped.len(), path.display()));
        }
        match crate::io::recognise(&path) {
            Ok(crate::io::FileKind::Model) => self.guard(ctx, Pending::Open(Some(path))),
            Ok(crate::io::FileKind::OtherTool) => self.guard(ctx, Pending::ImportOtherTool(Some(path))),
            Ok(crate::io::FileKind::Infrastructure) => self.guard(ctx, Pending::ImportInfrastructure(Some(path))),
            Err(problem) => {
                self.modal = Some(Modal::Notice { title: "Could not open the dropped file".to_owned(), body: problem });
            }
        }
    }
}

/// Over everything while files are dragged over the window: what dropping them does.
fn drop_hint_ui(ctx: &egui::Context) {
    let painter = ctx.layer_painter(egui::LayerId::new(egui::Order::Foreground, egui::Id::new("drop-hint")));
    let screen = ctx.content_rect();
    painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(120));
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        "Drop a ThreatSketch model (.ron) to open it, or another tool's model or a template to import it",
        egui::FontId::proportional(20.0),
        egui::Color32::WHITE,
    );
}
