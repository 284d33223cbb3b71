//! File › Import infrastructure: a CloudFormation or SAM template opens as a new, unsaved
//! model, with what the import read and left out in a notice.

use std::path::{Path, PathBuf};

use super::ThreatSketchApp;
use super::modal::{FileUse, Modal};
use crate::edit::Command;
use crate::edit::Document;
use crate::interop::infrastructure::{import_infrastructure, update_from};
use crate::io::DiskFiles;
use crate::io::dialogs::Filters;

const TEMPLATE_FILTERS: Filters =
    &[("CloudFormation or SAM template, serverless.yml, Terraform file", &["yaml", "yml", "json", "template", "tf"])];

/// Lines of the import summary a notice shows; the rest are counted.
const SHOWN_SUMMARY_LINES: usize = 40;

impl ThreatSketchApp {
    /// Imports a template (asking for one when `path` is `None`).
    pub(super) fn import_infrastructure(&mut self, ctx: &egui::Context, path: Option<PathBuf>) {
        match path {
            Some(path) => self.import_infrastructure_from(&path),
            None => {
                let title = "Import infrastructure (CloudFormation, SAM, Serverless Framework, Terraform)";
                self.ask_to_import(ctx, title, TEMPLATE_FILTERS, FileUse::ImportInfrastructure);
            }
        }
    }

    /// Asks for the template, service or configuration to update the open model from.
    pub(super) fn update_infrastructure(&mut self, ctx: &egui::Context) {
        let title = "Update from infrastructure";
        self.ask_to_import(ctx, title, TEMPLATE_FILTERS, FileUse::UpdateInfrastructure);
    }

    /// Re-imports into the open model as one edit (Undo takes it back): elements matched by
    /// resource keep their place, names, decisions and the user's own answers; a notice lists
    /// what changed.
    pub(super) fn update_infrastructure_from(&mut self, path: &Path) {
        let (files, within) = DiskFiles::for_path(path);
        let import = match import_infrastructure(&files, &within) {
            Ok(import) => import,
            Err(err) => {
                let file = err.file.map(|f| format!("{f}, ")).unwrap_or_default();
                let body =
                    format!("{}: {file}line {}, column {}: {}", path.display(), err.line, err.column, err.message);
                self.modal = Some(Modal::Notice { title: "Could not update from the infrastructure".to_owned(), body });
                self.report_error("Could not update; nothing was changed".to_owned());
                return;
            }
        };
        if !self.document().model().elements.iter().any(|e| e.source.is_some()) {
            let body = "This model has no imported elements to match, so an update would add everything again. \
                        Use Import infrastructure… to open it as a new model."
                .to_owned();
            self.modal = Some(Modal::Notice { title: "Nothing to update".to_owned(), body });
            return;
        }
        let update = update_from(self.document().model(), import, false);
        let body = if update.changes.is_empty() {
            "Nothing changed in the infrastructure since the last import.".to_owned()
        } else {
            let mut body = update.changes.iter().take(SHOWN_SUMMARY_LINES).cloned().collect::<Vec<_>>().join("\n• ");
            if update.changes.len() > SHOWN_SUMMARY_LINES {
                body.push_str(&format!("\n… and {} more", update.changes.len() - SHOWN_SUMMARY_LINES));
            }
            body.push_str("\n\nUndo takes the update back.");
            body
        };
        if !update.changes.is_empty() {
            self.apply(Command::ReplaceModel { model: Box::new(update.model), label: "Update from infrastructure" });
        }
        self.modal = Some(Modal::Notice { title: "Updated from the infrastructure".to_owned(), body });
        self.inform(format!("Updated from {}", path.display()));
    }

    /// A template that cannot be read or understood changes nothing; one that can opens as a
    /// new model.
    pub(super) fn import_infrastructure_from(&mut self, path: &Path) {
        let (files, within) = DiskFiles::for_path(path);
        let imported = import_infrastructure(&files, &within).map_err(|err| {
            let file = err.file.map(|f| format!("{f}, ")).unwrap_or_default();
            format!("{file}line {}, column {}: {}", err.line, err.column, err.message)
        });
        match imported {
            Err(err) => {
                let title = "Could not import the template".to_owned();
                self.modal = Some(Modal::Notice { title, body: format!("{}: {err}", path.display()) });
                self.report_error("Could not import; nothing was changed".to_owned());
            }
            Ok(import) => {
                let mut body =
                    import.summary.iter().take(SHOWN_SUMMARY_LINES).cloned().collect::<Vec<_>>().join("\n• ");
                if import.summary.len() > SHOWN_SUMMARY_LINES {
                    body.push_str(&format!("\n… and {} more", import.summary.len() - SHOWN_SUMMARY_LINES));
                }
                body.push_str("\n\nThe model is not saved yet: Save as… keeps it as a ThreatSketch file.");
                self.replace_document(Document::unsaved(import.model, None));
                self.modal = Some(Modal::Notice { title: "Imported from infrastructure".to_owned(), body });
                self.inform(format!("Imported {}", path.display()));
            }
        }
    }
}
