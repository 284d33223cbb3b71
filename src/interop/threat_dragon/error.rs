use thiserror::Error;

/// Why a Threat Dragon file could not be imported. Nothing is imported when this happens: a
/// file is taken whole or not at all.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ImportError {
    /// Not JSON at all, or cut off. Line and column count from 1, as editors do.
    #[error("line {line}, column {column}: {message}")]
    Syntax { line: usize, column: usize, message: String },
    /// JSON, but not shaped like a Threat Dragon model: `at` says where ("diagram 2 ('Main'),
    /// cell 'abc', field 'name'"), `message` what is wrong there.
    #[error("{at}: {message}")]
    Shape { at: String, message: String },
    /// Valid, but with nothing to turn into a ThreatSketch model.
    #[error("the Threat Dragon model has no diagrams; add one in Threat Dragon, or start a new model here")]
    NoDiagrams,
}

impl ImportError {
    pub(super) fn shape(at: impl Into<String>, message: impl Into<String>) -> Self {
        Self::Shape { at: at.into(), message: message.into() }
    }

    /// A `serde_json` syntax error, worded as a sentence.
    pub(super) fn syntax(text: &str, err: &serde_json::Error) -> Self {
        use serde_json::error::Category;
        let message = if text.trim().is_empty() {
            "the file is empty; a Threat Dragon model is a JSON object".to_owned()
        } else {
            match err.classify() {
                Category::Eof => "the JSON ends too early; the file may have been cut off".to_owned(),
                // serde_json appends " at line L column C"; the position is shown in front instead.
                _ => {
                    let full = err.to_string();
                    let plain = full.rsplit_once(" at line ").map_or(full.as_str(), |(msg, _)| msg);
                    format!("this is not valid JSON: {plain}")
                }
            }
        };
        // serde_json reports column 0 when the text is empty; editors count from 1.
        Self::Syntax { line: err.line().max(1), column: err.column().max(1), message }
    }
}
