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
    /// `at` and `message` quote the file (ids, field names, values), so each quoted piece is
    /// clipped: a 10 MB field name must not make a 10 MB line.
    pub(super) fn shape(at: impl Into<String>, message: impl Into<String>) -> Self {
        let clipped = |text: String| crate::escape::clip_quoted(&text).into_owned();
        Self::Shape { at: clipped(at.into()), message: clipped(message.into()) }
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
        let line = err.line().max(1);
        Self::Syntax { line, column: char_column(text, line, err.column()).max(1), message }
    }
}

/// serde_json counts a column in bytes; editors count characters, so a line with accents or
/// emoji before the error would point too far right. A character cut in the middle counts whole.
fn char_column(text: &str, line: usize, byte_column: usize) -> usize {
    let Some(content) = text.split('\n').nth(line.saturating_sub(1)) else {
        return byte_column;
    };
    let mut within = byte_column.min(content.len());
    while !content.is_char_boundary(within) {
        within += 1;
    }
    content[..within].chars().count() + byte_column.saturating_sub(content.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(char_column("{\"a\": x}", 1, 7), 7);
        // "é" is two bytes and "🙂" four: the closing quote is byte 8 and character 4.
        assert_eq!(char_column("\"é🙂\" x", 1, 8), 4);
        // A byte inside a character points at that character.
        assert_eq!(char_column("\"é\"", 1, 2), 2);
        assert_eq!(char_column("{}\n  \"ü\" ?", 2, 8), 7);
    }

    #[test]
    fn a_syntax_error_after_accents_points_inside_its_line() {
        let text = "{\"summary\": {\"title\": \"Café ☕☕☕\" ]}";
        let err = serde_json::from_str::<serde_json::Value>(text).unwrap_err();
        let ImportError::Syntax { line, column, .. } = ImportError::syntax(text, &err) else {
            panic!("not a syntax error");
        };
        assert_eq!((line, column), (1, text.chars().position(|c| c == ']').unwrap_or(0) + 1));
    }
}
