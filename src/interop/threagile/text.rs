//! Threagile texts as ThreatSketch shows them: its HTML tags (`<b>`, `<i>`) removed and line
//! breaks of folded YAML joined.

/// The text without HTML tags (`<b>`, `</i>`, `<br/>`); a `<` that does not start a tag stays.
pub(super) fn plain(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let after = &rest[start..];
        match tag_length(after) {
            Some(length) => rest = &after[length..],
            None => {
                out.push('<');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out.trim().to_owned()
}

/// The length of the tag `text` starts with (`<b>`, `</b>`, `<br/>`), if it starts with one.
fn tag_length(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('<')?;
    let inner = inner.strip_prefix('/').unwrap_or(inner);
    let name = inner.chars().take_while(char::is_ascii_alphanumeric).count();
    // A tag is short: looking further would make a text of many '<' slow.
    let (close, _) = text.char_indices().take(16).find(|&(_, c)| c == '>')?;
    let between = &text[1..close];
    let simple = between.trim_end_matches('/').trim_start_matches('/').chars().all(|c| c.is_ascii_alphanumeric());
    (name > 0 && name <= 10 && simple && inner.starts_with(|c: char| c.is_ascii_alphabetic())).then_some(close + 1)
}

/// Whitespace runs as single spaces: a name on one line.
pub(super) fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn join_paragraphs<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_go_and_other_angle_brackets_stay() {
        assert_eq!(plain("<b>Example Individual Risk</b> at <b>Database</b>"), "Example Individual Risk at Database");
        assert_eq!(plain("a < b and <br/>c"), "a < b and c");
        assert_eq!(plain("x <not a tag> y"), "x <not a tag> y");
        assert_eq!(plain("<"), "<");
    }
}
