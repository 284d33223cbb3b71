//! Exports (reports, diagram images, Threat Dragon models) and Threat Dragon import. The core
//! makes the bytes; this file only asks where and reports what happened.

use std::path::{Path, PathBuf};

use super::ThreatSketchApp;
use crate::edit::{Document, lay_out_if_unplaced};
use crate::interop::threat_dragon::{self, ImportedDiagram};
use crate::io::dialogs::file_stem_for;
use crate::io::write_export;
use crate::render::{ImageFormat, diagram_image};
use crate::report::{ReportFormat, write_report};

const REPORT_FILTERS: &[(&str, &[&str])] =
    &[("HTML page", &["html", "htm"]), ("Markdown", &["md", "markdown"]), ("CSV spreadsheet", &["csv"])];
const IMAGE_FILTERS: &[(&str, &[&str])] = &[("PNG image", &["png"]), ("SVG drawing", &["svg"])];
const THREAT_DRAGON_FILTERS: &[(&str, &[&str])] = &[("Threat Dragon model", &["json"])];
/// Pixels per canvas unit of an exported PNG: sharp on a slide and on paper.
const IMAGE_SCALE: f32 = 2.0;

/// A Threat Dragon file with several diagrams, waiting for the user to pick one.
pub(super) struct ImportChoice {
    pub source: PathBuf,
    pub diagrams: Vec<ImportedDiagram>,
}

impl ThreatSketchApp {
    fn export_folder(&self) -> Option<PathBuf> {
        self.doc.path().and_then(Path::parent).map(Path::to_path_buf)
    }

    fn ask_export_path(
        &self,
        title: &str,
        suffix: &str,
        extension: &str,
        filters: &[(&str, &[&str])],
    ) -> Option<PathBuf> {
        let name = format!("{}{suffix}.{extension}", file_stem_for(&self.doc.model().name));
        let path = self.dialogs.pick_export_path(title, &name, filters, self.export_folder().as_deref())?;
        // A bare name gets the default format's extension.
        Some(if path.extension().is_some() { path } else { path.with_extension(extension) })
    }

    fn write_exported(&mut self, path: &Path, bytes: &[u8], what: &str) {
        match write_export(path, bytes) {
            Ok(()) => self.inform(format!("Exported the {what} to {}", path.display())),
            Err(err) => self.report_error(format!("Could not export the {what} to {}: {err}", path.display())),
        }
    }

    pub(super) fn export_report(&mut self) {
        let Some(path) = self.ask_export_path("Export report", "-report", "html", REPORT_FILTERS) else { return };
        let Some(format) = ReportFormat::from_path(&path) else {
            self.report_error(format!("Reports are .html, .md or .csv files, not {}", path.display()));
            return;
        };
        let text = write_report(format, self.doc.model(), &self.derived.analysis, &self.today);
        self.write_exported(&path, text.as_bytes(), "report");
    }

    pub(super) fn export_image(&mut self) {
        let Some(path) = self.ask_export_path("Export diagram image", "-diagram", "png", IMAGE_FILTERS) else {
            return;
        };
        let Some(format) = ImageFormat::from_path(&path) else {
            self.report_error(format!("Images are .png or .svg files, not {}", path.display()));
            return;
        };
        match diagram_image(self.doc.model(), &self.derived.analysis, format, IMAGE_SCALE) {
            Ok(bytes) => self.write_exported(&path, &bytes, "diagram"),
            Err(err) => self.report_error(format!("Could not draw the diagram: {err}")),
        }
    }

    pub(super) fn export_threat_dragon(&mut self) {
        let Some(path) = self.ask_export_path("Export to Threat Dragon", "", "json", THREAT_DRAGON_FILTERS) else {
            return;
        };
        let json = threat_dragon::export(self.doc.model(), &self.derived.analysis);
        self.write_exported(&path, json.as_bytes(), "Threat Dragon model");
    }

    /// Imports a Threat Dragon file (asking for one when `path` is `None`). A file that cannot
    /// be read or understood changes nothing; one with several diagrams asks which to open.
    pub(super) fn import_threat_dragon(&mut self, path: Option<PathBuf>) {
        let path = match path {
            Some(path) => path,
            None => {
                let folder = self.export_folder();
                match self.dialogs.pick_file_to_import(
                    "Import from Threat Dragon",
                    THREAT_DRAGON_FILTERS,
                    folder.as_deref(),
                ) {
                    Some(path) => path,
                    None => return,
                }
            }
        };
        let imported = std::fs::read_to_string(&path)
            .map_err(|err| err.to_string())
            .and_then(|text| threat_dragon::import(&text).map_err(|err| err.to_string()));
        match imported {
            Err(err) => {
                self.notice =
                    Some(("Could not import the Threat Dragon model".to_owned(), format!("{}: {err}", path.display())));
                self.report_error("Could not import; nothing was changed".to_owned());
            }
            Ok(mut import) if import.diagrams.len() == 1 => {
                if let Some(diagram) = import.diagrams.pop() {
                    self.open_imported(&path, diagram, 1);
                }
            }
            Ok(import) => self.import_choice = Some(ImportChoice { source: path, diagrams: import.diagrams }),
        }
    }

    pub(super) fn choose_imported_diagram(&mut self, index: usize) {
        let Some(mut choice) = self.import_choice.take() else { return };
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
            "\"{}\" from {}: {} elements, {} data flows, {} trust boundaries and {} threats, kept as your own threats.",
            diagram.title,
            source.file_name().map_or_else(|| source.display().to_string(), |n| n.to_string_lossy().into_owned()),
            model.elements.len(),
            model.flows.len(),
            model.boundaries.len(),
            threats,
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
        self.replace_document(Document::new(diagram.model, None));
        self.canvas.request_fit();
        self.notice = Some(("Imported from Threat Dragon".to_owned(), body));
        self.inform(format!("Imported {}", source.display()));
    }
}
