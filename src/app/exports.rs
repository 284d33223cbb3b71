//! Exports (reports, diagram images, Threat Dragon models) and Threat Dragon import. The core
//! makes the bytes; this file only asks where and reports what happened.

use std::path::{Path, PathBuf};

use super::ThreatSketchApp;
use super::modal::{FileUse, Modal};
use crate::edit::{Document, lay_out_if_unplaced};
use crate::interop::threat_dragon::{self, ImportedDiagram};
use crate::io::dialogs::{FileQuestion, Filters, Purpose, file_stem_for};
use crate::io::write_export;
use crate::render::{ImageFormat, diagram_image};
use crate::report::{ReportFormat, write_report};
use crate::words::count;

const REPORT_FILTERS: Filters =
    &[("HTML page", &["html", "htm"]), ("Markdown", &["md", "markdown"]), ("CSV spreadsheet", &["csv"])];
const IMAGE_FILTERS: Filters = &[("PNG image", &["png"]), ("SVG drawing", &["svg"])];
const THREAT_DRAGON_FILTERS: Filters = &[("Threat Dragon model", &["json"])];
/// Pixels per canvas unit of an exported PNG: sharp on a slide and on paper.
const IMAGE_SCALE: f32 = 2.0;

/// A Threat Dragon file with several diagrams, waiting for the user to pick one.
pub(super) struct ImportChoice {
    pub source: PathBuf,
    pub diagrams: Vec<ImportedDiagram>,
}

impl ThreatSketchApp {
    /// Asks where to write an export, named after the model with `suffix`.
    fn ask_export_path(
        &mut self,
        ctx: &egui::Context,
        title: &str,
        (suffix, extension): (&str, &str),
        filters: Filters,
        then: FileUse,
    ) {
        let question = FileQuestion {
            purpose: Purpose::Export,
            title: title.to_owned(),
            suggested_name: format!("{}{suffix}.{extension}", file_stem_for(&self.doc.model().name)),
            filters,
            start_folder: self.folder(),
        };
        self.ask_for_file(ctx, &question, then);
    }

    /// A bare name gets the default format's extension.
    fn with_extension(path: &Path, extension: &str) -> PathBuf {
        if path.extension().is_some() { path.to_path_buf() } else { path.with_extension(extension) }
    }

    fn write_exported(&mut self, path: &Path, bytes: &[u8], what: &str) {
        match write_export(path, bytes) {
            Ok(()) => self.inform(format!("Exported the {what} to {}", path.display())),
            Err(err) => self.report_error(format!("Could not export the {what} to {}: {err}", path.display())),
        }
    }

    pub(super) fn export_report(&mut self, ctx: &egui::Context) {
        self.ask_export_path(ctx, "Export report", ("-report", "html"), REPORT_FILTERS, FileUse::ExportReport);
    }

    pub(super) fn export_report_to(&mut self, path: &Path) {
        let path = Self::with_extension(path, "html");
        let Some(format) = ReportFormat::from_path(&path) else {
            self.report_error(format!("Reports are .html, .md or .csv files, not {}", path.display()));
            return;
        };
        let text = write_report(format, self.doc.model(), &self.derived.analysis, &self.today);
        self.write_exported(&path, text.as_bytes(), "report");
    }

    pub(super) fn export_image(&mut self, ctx: &egui::Context) {
        self.ask_export_path(ctx, "Export diagram image", ("-diagram", "png"), IMAGE_FILTERS, FileUse::ExportImage);
    }

    pub(super) fn export_image_to(&mut self, path: &Path) {
        let path = Self::with_extension(path, "png");
        let Some(format) = ImageFormat::from_path(&path) else {
            self.report_error(format!("Images are .png or .svg files, not {}", path.display()));
            return;
        };
        match diagram_image(self.doc.model(), &self.derived.analysis, format, IMAGE_SCALE) {
            Ok(bytes) => self.write_exported(&path, &bytes, "diagram"),
            Err(err) => self.report_error(format!("Could not draw the diagram: {err}")),
        }
    }

    pub(super) fn export_threat_dragon(&mut self, ctx: &egui::Context) {
        let title = "Export to Threat Dragon";
        self.ask_export_path(ctx, title, ("", "json"), THREAT_DRAGON_FILTERS, FileUse::ExportThreatDragon);
    }

    pub(super) fn export_threat_dragon_to(&mut self, path: &Path) {
        let path = Self::with_extension(path, "json");
        let json = threat_dragon::export(self.doc.model(), &self.derived.analysis);
        self.write_exported(&path, json.as_bytes(), "Threat Dragon model");
    }

    /// Imports a Threat Dragon file (asking for one when `path` is `None`).
    pub(super) fn import_threat_dragon(&mut self, ctx: &egui::Context, path: Option<PathBuf>) {
        match path {
            Some(path) => self.import_threat_dragon_from(&path),
            None => {
                self.ask_to_import(
                    ctx,
                    "Import from Threat Dragon",
                    THREAT_DRAGON_FILTERS,
                    FileUse::ImportThreatDragon,
                );
            }
        }
    }

    /// A file that cannot be read or understood changes nothing; one with several diagrams
    /// asks which to open.
    pub(super) fn import_threat_dragon_from(&mut self, path: &Path) {
        let imported = std::fs::read_to_string(path)
            .map_err(|err| err.to_string())
            .and_then(|text| threat_dragon::import(&text).map_err(|err| err.to_string()));
        match imported {
            Err(err) => {
                let title = "Could not import the Threat Dragon model".to_owned();
                self.modal = Some(Modal::Notice { title, body: format!("{}: {err}", path.display()) });
                self.report_error("Could not import; nothing was changed".to_owned());
            }
            Ok(mut import) if import.diagrams.len() == 1 => {
                if let Some(diagram) = import.diagrams.pop() {
                    self.open_imported(path, diagram, 1);
                }
            }
            Ok(import) => {
                let choice = ImportChoice { source: path.to_path_buf(), diagrams: import.diagrams };
                self.modal = Some(Modal::ChooseDiagram(choice));
            }
        }
    }

    pub(super) fn open_imported_diagram(&mut self, mut choice: ImportChoice, index: usize) {
        let count = choice.diagrams.len();
        if index < count {
            let diagram = choice.diagrams.swap_remove(index);
            self.open_imported(&choice.source, diagram, count);
        }
    }

    fn open_imported(&mut self, source: &Path, mut diagram: ImportedDiagram, diagrams_in_file: usize) {
        lay_out_if_unplaced(&mut diagram.model);
        let model = &diagram.model;
        let threats = model.own_threats.len();
        let mut body = format!(
            "\"{}\" from {}: {}, {}, {} and {}, kept as your own threats.",
            diagram.title,
            source.file_name().map_or_else(|| source.display().to_string(), |n| n.to_string_lossy().into_owned()),
            count(model.elements.len(), "element", "elements"),
            count(model.flows.len(), "data flow", "data flows"),
            count(model.boundaries.len(), "trust boundary", "trust boundaries"),
            count(threats, "threat", "threats"),
        );
        if diagrams_in_file > 1 {
            body.push_str(&format!(
                "\n\nThe file has {diagrams_in_file} diagrams; a ThreatSketch model holds one. Import again to open another."
            ));
        }
        if !diagram.notes.is_empty() {
            body.push_str("\n\nWhat could not be carried over as it was:");
            for note in &diagram.notes {
                body.push_str(&format!("\n• {note}"));
            }
        }
        body.push_str("\n\nThe model is not saved yet: Save as… keeps it as a ThreatSketch file.");
        self.replace_document(Document::unsaved(diagram.model, None));
        self.modal = Some(Modal::Notice { title: "Imported from Threat Dragon".to_owned(), body });
        self.inform(format!("Imported {}", source.display()));
    }
}
