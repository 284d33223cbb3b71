//! File › Import infrastructure: a CloudFormation or SAM template opens as a new, unsaved
//! model, with what the import read and left out in a notice.

use std::path::{Path, PathBuf};

use super::ThreatSketchApp;
use super::modal::{FileUse, Modal};
use crate::edit::Document;
use crate::interop::infrastructure::import_infrastructure;
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
