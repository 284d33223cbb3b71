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

/// The report of `model` in `format`, as of `today` (YYYY-MM-DD).
pub fn write_report(format: ReportFormat, model: &ThreatModel, analysis: &Analysis, today: &str) -> String {
    let names = Names::of(model);
    let content = ReportContent::new(model, analysis, &names, today);
    match format {
        ReportFormat::Html => html::html_report(&content, &analysis.badges()),
        ReportFormat::Markdown => markdown::markdown_report(&content, &analysis.badges()),
        ReportFormat::Csv => csv::csv_report(&content),
    }
}
