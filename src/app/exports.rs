//! Exports (reports, diagram images, other tools' files) and imports of other tools' files. The
//! core makes the bytes; this file only asks where and reports what happened.

use std::path::{Path, PathBuf};

use super::ThreatSketchApp;
use super::modal::{FileUse, Modal};
use crate::edit::{Document, lay_out_if_unplaced};
use crate::interop::format::{self, ImportedModel};
use crate::io::dialogs::{FileQuestion, Filters, Purpose, file_stem_for};
use crate::io::write_export;
use crate::render::{ImageFormat, diagram_image};
use crate::report::{ReportFormat, write_report};
use crate::words::count;

const REPORT_FILTERS: Filters =
    &[("HTML page", &["html", "htm"]), ("Markdown", &["md", "markdown"]), ("CSV spreadsheet", &["csv"])];
const IMAGE_FILTERS: Filters = &[("PNG image", &["png"]), ("SVG drawing", &["svg"])];
/// Every other tool's files, then each tool's own: the import dialog lists the formats.
static IMPORT_FILTERS: std::sync::LazyLock<Vec<(&'static str, &'static [&'static str])>> =
    std::sync::LazyLock::new(|| {
        let all = ("Models of other threat-modeling tools", IMPORT_EXTENSIONS.as_slice());
        std::iter::once(all).chain(format::FORMATS.iter().map(|f| (f.name(), f.extensions()))).collect()
    });
/// Every extension a format reads, once each; a two-part one ("tc.json") by its last part.
static IMPORT_EXTENSIONS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    let mut all: Vec<&'static str> = (format::FORMATS.iter())
        .flat_map(|f| f.extensions().iter().map(|e| e.rsplit('.').next().unwrap_or(e)))
        .collect();
    all.sort_unstable();
    all.dedup();
    all
});
/// Each format ThreatSketch writes, by its name and the extension the export writes.
static EXPORT_FILTERS: std::sync::LazyLock<Vec<(&'static str, &'static [&'static str])>> =
    std::sync::LazyLock::new(|| {
        format::exportable().map(|f| (f.name(), f.extensions().get(..1).unwrap_or_default())).collect()
    });
/// Pixels per canvas unit of an exported PNG: sharp on a slide and on paper.
const IMAGE_SCALE: f32 = 2.0;

/// A file with several diagrams, waiting for the user to pick one.
pub(super) struct ImportChoice {
    pub source: PathBuf,
    /// The tool the file is from, by name.
    pub tool: &'static str,
    pub diagrams: Vec<ImportedModel>,
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

    /// Asks where to write the model in another tool's format (`id` as `FORMATS` names it).
    pub(super) fn export_other_tool(&mut self, ctx: &egui::Context, id: &'static str) {
        let Some(tool) = format::by_id(id).filter(|f| f.exports()) else { return };
        let title = format!("Export to {}", tool.name());
        let extension = tool.extensions().first().copied().unwrap_or("json");
        // The format's own name and the extension the export writes.
        let filters: Filters = EXPORT_FILTERS.as_slice();
        let filters = filters.iter().position(|(name, _)| *name == tool.name()).map_or(&[][..], |i| &filters[i..=i]);
        self.ask_export_path(ctx, &title, ("", extension), filters, FileUse::ExportOtherTool(id));
    }

    pub(super) fn export_other_tool_to(&mut self, path: &Path, id: &'static str) {
        let Some(tool) = format::by_id(id) else { return };
        let path = Self::with_extension(path, tool.extensions().first().copied().unwrap_or("json"));
        if let Some(text) = tool.export(self.doc.model(), &self.derived.analysis) {
            self.write_exported(&path, text.as_bytes(), &format!("{} file", tool.name()));
        }
    }

    /// Imports another tool's file (asking for one when `path` is `None`): the format is told
    /// by the file's content; a template goes to the infrastructure import.
    pub(super) fn import_other_tool(&mut self, ctx: &egui::Context, path: Option<PathBuf>) {
        match path {
            Some(path) => self.import_other_tool_from(&path),
            None => self.ask_to_import(ctx, "Import", IMPORT_FILTERS.as_slice(), FileUse::ImportOtherTool),
        }
    }

    /// A file that cannot be read or understood changes nothing; one with several diagrams
    /// asks which to open.
    pub(super) fn import_other_tool_from(&mut self, path: &Path) {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(err) => return self.refuse_import(path, "Could not read the file", &err.to_string()),
        };
        let Some(tool) = format::detect(&text) else {
            if crate::io::recognise(path) == Ok(crate::io::FileKind::Infrastructure) {
                return self.import_infrastructure_from(path);
            }
            let known: Vec<&str> = format::FORMATS.iter().map(|f| f.name()).collect();
            let reason = format!(
                "this is not a file ThreatSketch can import; it reads {}, and infrastructure as code (File › Import \
                 infrastructure)",
                known.join(", ")
            );
            return self.refuse_import(path, "Could not import the file", &reason);
        };
        match tool.import(&text) {
            Err(err) => {
                self.refuse_import(path, &format!("Could not import the {} file", tool.name()), &err.to_string());
            }
            Ok(mut diagrams) if diagrams.len() == 1 => {
                if let Some(diagram) = diagrams.pop() {
                    self.open_imported(path, tool.name(), diagram, 1);
                }
            }
            Ok(diagrams) => {
                let choice = ImportChoice { source: path.to_path_buf(), tool: tool.name(), diagrams };
                self.modal = Some(Modal::ChooseDiagram(choice));
            }
        }
    }

    fn refuse_import(&mut self, path: &Path, title: &str, reason: &str) {
        self.modal = Some(Modal::Notice { title: title.to_owned(), body: format!("{}: {reason}", path.display()) });
        self.report_error("Could not import; nothing was changed".to_owned());
    }

    pub(super) fn open_imported_diagram(&mut self, mut choice: ImportChoice, index: usize) {
        let count = choice.diagrams.len();
        if index < count {
            let diagram = choice.diagrams.swap_remove(index);
            self.open_imported(&choice.source, choice.tool, diagram, count);
        }
    }

    fn open_imported(&mut self, source: &Path, tool: &str, mut diagram: ImportedModel, diagrams_in_file: usize) {
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
        self.modal = Some(Modal::Notice { title: format!("Imported from {tool}"), body });
        self.inform(format!("Imported {}", source.display()));
    }
}
