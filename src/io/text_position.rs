/// A 1-based line and column in a text file, as editors count them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextPosition {
    pub line: usize,
    pub column: usize,
}

/// Where the `occurrence`-th (from 1) appearance of `snippet` starts in `text`.
pub fn locate(text: &str, snippet: &str, occurrence: usize) -> Option<TextPosition> {
    if snippet.is_empty() || occurrence == 0 {
        return None;
    }
    let (offset, _) = text.match_indices(snippet).nth(occurrence - 1)?;
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = text[line_start..offset].chars().count() + 1;
    Some(TextPosition { line, column })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nth_occurrence_with_one_based_positions() {
        let text = "a: 1\n  id: \"x\"\n  id: \"x\"";
        assert_eq!(locate(text, "id: \"x\"", 1), Some(TextPosition { line: 2, column: 3 }));
        assert_eq!(locate(text, "id: \"x\"", 2), Some(TextPosition { line: 3, column: 3 }));
        assert_eq!(locate(text, "id: \"x\"", 3), None);
        assert_eq!(locate(text, "a", 1), Some(TextPosition { line: 1, column: 1 }));
    }
}
