//! Reports for people: an HTML page for the owner, Markdown for a repository or wiki, CSV for a
//! spreadsheet or issue tracker. Pure: text in, text out.

mod content;
mod csv;
mod html;
mod markdown;
mod matrix_table;
mod mermaid;

use std::path::Path;

pub use content::{ReportContent, TOP_COUNT, ThreatRow};
pub use csv::CSV_HEADER;

use crate::model::ThreatModel;
use crate::threats::{Analysis, Names};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Html,
    Markdown,
    Csv,
}

impl ReportFormat {
    pub const ALL: [Self; 3] = [Self::Html, Self::Markdown, Self::Csv];

    /// By the output file's extension.
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "html" | "htm" => Some(Self::Html),
            "md" | "markdown" => Some(Self::Markdown),
            "csv" => Some(Self::Csv),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Html => "html",
            Self::Markdown => "md",
            Self::Csv => "csv",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Html => "HTML page",
            Self::Markdown => "Markdown",
            Self::Csv => "CSV spreadsheet",
        }
    }
}

/// What a report includes beyond the threats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReportOptions {
    /// "Changes since last review" (HTML and Markdown), when a logged review recorded what it
    /// saw.
    pub changes_since_review: bool,
}

impl Default for ReportOptions {
    fn default() -> Self {
        Self { changes_since_review: true }
    }
}

/// The report of `model` in `format`, as of `today` (YYYY-MM-DD).
pub fn write_report(format: ReportFormat, model: &ThreatModel, analysis: &Analysis, today: &str) -> String {
    write_report_with(format, model, analysis, today, ReportOptions::default())
}

/// The report, with or without its optional sections.
pub fn write_report_with(
    format: ReportFormat,
    model: &ThreatModel,
    analysis: &Analysis,
    today: &str,
    options: ReportOptions,
) -> String {
    let names = Names::of(model);
    let mut content = ReportContent::new(model, analysis, &names, today);
    // The spreadsheet lists threats only.
    if options.changes_since_review && format != ReportFormat::Csv {
        content = content.with_changes_since_review();
    }
    match format {
        ReportFormat::Html => html::html_report(&content, &analysis.badges()),
        ReportFormat::Markdown => markdown::markdown_report(&content, &analysis.badges()),
        ReportFormat::Csv => csv::csv_report(&content),
    }
}
