//! Line breaking for exported text, matching the canvas: words wrap to the width, at most a
//! few lines, and what does not fit ends in an ellipsis.

use super::approx_text_width;

/// Splits `text` into at most `max_rows` lines no wider than `max_width` (as measured by
/// `approx_text_width`). A word longer than a line is cut.
pub fn wrap_text(text: &str, size: f32, bold: bool, max_width: f32, max_rows: usize) -> Vec<String> {
    let fits = |line: &str| approx_text_width(line, size, bold) <= max_width;
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut truncated = false;
    'words: for word in text.split_whitespace() {
        let candidate = if current.is_empty() { word.to_owned() } else { format!("{current} {word}") };
        if fits(&candidate) {
            current = candidate;
            continue;
        }
        if !current.is_empty() {
            lines.push(std::mem::take(&mut current));
        }
        if lines.len() == max_rows {
            truncated = true;
            break;
        }
        // A single word wider than the line is cut into pieces that fit.
        let mut piece = String::new();
        for ch in word.chars() {
            piece.push(ch);
            if !fits(&piece) {
                piece.pop();
                lines.push(std::mem::replace(&mut piece, ch.to_string()));
                if lines.len() == max_rows {
                    truncated = true;
                    break 'words;
                }
            }
        }
        current = piece;
    }
    if !current.is_empty() {
        if lines.len() == max_rows {
            truncated = true;
        } else {
            lines.push(current);
        }
    }
    if truncated && let Some(last) = lines.last_mut() {
        while !last.is_empty() && !fits(&format!("{last}…")) {
            last.pop();
        }
        last.push('…');
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_stays_on_one_line() {
        assert_eq!(wrap_text("Orders", 13.0, false, 200.0, 2), vec!["Orders"]);
    }

    #[test]
    fn long_text_wraps_then_ends_in_an_ellipsis() {
        let lines = wrap_text("one two three four five six seven eight nine ten", 10.0, false, 60.0, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
        for line in &lines {
            assert!(approx_text_width(line, 10.0, false) <= 60.0, "{line}");
        }
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut() {
        let lines = wrap_text("Supercalifragilisticexpialidocious", 10.0, false, 40.0, 3);
        assert_eq!(lines.len(), 3);
        assert!(lines[2].ends_with('…'));
    }

    #[test]
    fn empty_text_has_no_lines() {
        assert!(wrap_text("  ", 10.0, false, 40.0, 2).is_empty());
    }
}
