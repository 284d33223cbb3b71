//! One small trait every exchange format implements, and the list of them. The command line's
//! `import`/`export --format` and the window's File › Import… / Export… go through this list
//! only, so a new format is one more module and one more line in [`FORMATS`].

use thiserror::Error;

use crate::model::ThreatModel;
use crate::threats::Analysis;

/// One model read from another tool's file: a file with several diagrams gives several.
#[derive(Clone, Debug)]
pub struct ImportedModel {
    /// The diagram's or model's title in the other tool.
    pub title: String,
    pub model: ThreatModel,
    /// Plain sentences, one per thing that could not be carried over or was changed.
    pub notes: Vec<String>,
}

/// Why a file could not be imported. Nothing is imported when this happens: a file is taken
/// whole or not at all. `line` and `column` count from 1, as editors do; 0 when the problem
/// has no single place (a missing section).
#[derive(Clone, Debug, PartialEq, Eq, Error)]
#[error("{}{message}", at(*line, *column))]
pub struct FormatError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

fn at(line: usize, column: usize) -> String {
    match (line, column) {
        (0, _) => String::new(),
        (line, 0) => format!("line {line}: "),
        (line, column) => format!("line {line}, column {column}: "),
    }
}

impl FormatError {
    /// A problem at a place in the file.
    pub fn at(line: usize, column: usize, message: impl Into<String>) -> Self {
        Self { line, column, message: crate::escape::clip_quoted(&message.into()).into_owned() }
    }

    /// A problem with the file as a whole.
    pub fn whole(message: impl Into<String>) -> Self {
        Self::at(0, 0, message)
    }
}

/// A file format of another threat-modeling tool.
pub trait ExchangeFormat: Sync {
    /// Short name for `--format` and messages: "otm".
    fn id(&self) -> &'static str;
    /// Name shown to people: "Open Threat Model (OTM)".
    fn name(&self) -> &'static str;
    /// File name endings, without the dot, for file dialogs; the first is what export writes.
    fn extensions(&self) -> &'static [&'static str];
    /// Whether `text` is a file of this format, told by content (never by file name), cheaply:
    /// a marker only this format has. A malformed file of the format should still be
    /// recognised, so its import can say what is wrong and where.
    fn recognises(&self, text: &str) -> bool;
    /// Reads the file: one model or more, never none.
    fn import(&self, text: &str) -> Result<Vec<ImportedModel>, FormatError>;
    /// Whether ThreatSketch writes this format (`export` gives `Some`).
    fn exports(&self) -> bool;
    /// Writes the model and its threats (`analysis` is the model's own, from
    /// `threats::analyze`) in this format; `None` for a format ThreatSketch only reads.
    fn export(&self, model: &ThreatModel, analysis: &Analysis) -> Option<String>;
}

/// Every format, in the order content is tried: the most specific markers first.
pub static FORMATS: &[&dyn ExchangeFormat] = &[
    &super::threagile::Threagile,
    &super::mtmt::Mtmt,
    &super::otm::Otm,
    &super::threat_composer::ThreatComposer,
    &super::threat_dragon::ThreatDragon,
];

/// The format of a file, by its content.
pub fn detect(text: &str) -> Option<&'static dyn ExchangeFormat> {
    FORMATS.iter().copied().find(|format| format.recognises(text))
}

/// The format `--format` names.
pub fn by_id(id: &str) -> Option<&'static dyn ExchangeFormat> {
    FORMATS.iter().copied().find(|format| format.id() == id)
}

/// The formats a model can be written in.
pub fn exportable() -> impl Iterator<Item = &'static dyn ExchangeFormat> {
    FORMATS.iter().copied().filter(|format| format.exports())
}

/// Only the first few kilobytes are looked at when telling formats apart: a marker sits near
/// the top in every format, and a 30 MB file must not be scanned several times.
pub fn head(text: &str) -> &str {
    let mut end = text.len().min(16 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_every_format_has_an_extension() {
        let mut ids: Vec<_> = FORMATS.iter().map(|f| f.id()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), FORMATS.len());
        assert!(FORMATS.iter().all(|f| !f.extensions().is_empty() && !f.name().is_empty()));
    }

    #[test]
    fn a_format_exports_exactly_when_it_says_so() {
        let empty = ThreatModel::default();
        let analysis = crate::threats::analyze(&empty, crate::threats::Catalogue::builtin());
        for format in FORMATS {
            assert_eq!(format.export(&empty, &analysis).is_some(), format.exports(), "{}", format.id());
        }
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(FormatError::at(3, 7, "no name").to_string(), "line 3, column 7: no name");
        assert_eq!(FormatError::at(3, 0, "no name").to_string(), "line 3: no name");
        assert_eq!(FormatError::whole("empty").to_string(), "empty");
    }

    #[test]
    fn head_cuts_on_a_character() {
        let text = "é".repeat(10_000);
        assert!(head(&text).len() <= 16 * 1024);
        assert!(head("short") == "short");
    }
}
