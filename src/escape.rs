//! Escaping user-entered text for each output format, in one place: a name like
//! `<script>` or `=HYPERLINK(...)` must come out as the same visible text, never as markup,
//! a link or a spreadsheet formula. Terminal output and messages get the same care: control
//! characters are shown, never obeyed, and quoted input is clipped to a readable length.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Text for HTML or XML content and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters are not allowed in XML 1.0.
            c if c.is_control() && !matches!(c, '\n' | '\t') => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Text inside a Markdown paragraph, list item or table cell, on one line: every character
/// that could start markup (emphasis, links, HTML, tables, headings, entities) is
/// backslash-escaped, which CommonMark defines for all ASCII punctuation.
pub fn markdown_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    // What precedes on the line: nothing but spaces, or nothing but spaces and digits.
    let mut only_spaces = true;
    let mut only_digits = true;
    for ch in text.chars() {
        let escape = match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '#' => true,
            // List, heading and rule markers only count at the start of a line ("- ", "1. ").
            '+' | '-' | '=' => only_spaces,
            '.' | ')' => only_digits && !only_spaces,
            _ => false,
        };
        match ch {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => {
                if escape {
                    out.push('\\');
                }
                out.push(c);
            }
        }
        only_spaces = only_spaces && ch.is_whitespace();
        only_digits = only_digits && (ch.is_whitespace() || ch.is_ascii_digit());
    }
    out
}

/// Text inside a quoted Mermaid label: quotes, markup and the characters Mermaid itself
/// reads (`#` entities, backticks for Markdown strings, `|` of edge labels, `%` of comments
/// and `%%{init: …}%%` directives) become entity codes, so a name can neither end the label,
/// nor add HTML, nor configure the diagram.
pub fn mermaid_label(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for ch in text.chars() {
        match ch {
            '"' => out.push_str("#quot;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '&' => out.push_str("#amp;"),
            '#' => out.push_str("#35;"),
            '`' => out.push_str("#96;"),
            '|' => out.push_str("#124;"),
            // `%%` starts a comment and `%%{…}%%` a directive (theme, security level) wherever
            // it appears in the diagram's text, labels included.
            '%' => out.push_str("#37;"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A CSV field (RFC 4180): quoted when needed, and a leading `=`, `+`, `-`, `@`, tab or
/// carriage return is defused with an apostrophe so a spreadsheet never runs it as a formula
/// (OWASP's advice for CSV injection). Control characters other than line breaks and tabs
/// (NUL, ESC, BEL, …) are dropped first, so none can hide a formula or reach a terminal.
pub fn csv_field(text: &str) -> String {
    let text: Cow<'_, str> = if text.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\t')) {
        let kept = text.replace("\r\n", "\n");
        kept.chars().filter(|c| !c.is_control() || matches!(c, '\n' | '\t')).collect::<String>().into()
    } else {
        text.into()
    };
    let defused = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.into_owned(),
    };
    if defused.contains([',', '"', '\n', '\r', ';']) || defused.starts_with(' ') || defused.ends_with(' ') {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
}

/// Text from a model or a file for a terminal, on one line: control characters (ESC, BEL, CR,
/// LF, NUL, DEL and the C1 set) and the invisible marks that reorder a line (bidirectional
/// overrides and isolates, line and paragraph separators) are shown as Rust-style escapes
/// (`\u{1b}`, `\n`), so no name can move the cursor, recolour or clear the screen, or forge a
/// line of its own.
pub fn terminal(text: &str) -> Cow<'_, str> {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
            || matches!(c, '\u{2028}' | '\u{2029}')
    };
    if !text.chars().any(hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for ch in text.chars() {
        match ch {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// How many characters of one quoted piece of input a message repeats.
pub const QUOTED_LIMIT: usize = 80;

/// How many characters a whole message built from input may have before it is cut.
pub const MESSAGE_LIMIT: usize = 400;

/// `text`, at most `limit` characters: a longer one keeps its start and ends with `…`.
pub fn clip(text: &str, limit: usize) -> Cow<'_, str> {
    match text.char_indices().nth(limit) {
        None => Cow::Borrowed(text),
        Some(_) => {
            let keep = text.char_indices().nth(limit.saturating_sub(1)).map_or(text.len(), |(i, _)| i);
            Cow::Owned(format!("{}…", &text[..keep]))
        }
    }
}

/// A message that quotes input (a field name, an id, a value), kept readable however long that
/// input is: every piece between quotes (`` ` ``, `"` or `'`) is clipped to [`QUOTED_LIMIT`]
/// characters, and a message still longer than [`MESSAGE_LIMIT`] keeps its start and its end.
/// A quote opens where no letter or digit precedes it and closes where none follows, so a
/// quote inside a name (`a"b`) does not end it.
pub fn clip_quoted(message: &str) -> Cow<'_, str> {
    if message.chars().count() <= QUOTED_LIMIT {
        return Cow::Borrowed(message);
    }
    let word_before = |at: usize| message[..at].chars().next_back().is_some_and(char::is_alphanumeric);
    let word_after = |at: usize| message[at + 1..].chars().next().is_some_and(char::is_alphanumeric);
    const QUOTES: [u8; 3] = [b'`', b'"', b'\''];
    // Where each kind of quote could close, in order: found once, so the scan stays linear.
    let closes: Vec<Vec<usize>> = QUOTES
        .iter()
        .map(|q| message.bytes().enumerate().filter(|(at, b)| b == q && !word_after(*at)).map(|(at, _)| at).collect())
        .collect();
    let mut out = String::with_capacity(message.len().min(4 * MESSAGE_LIMIT));
    let mut copied = 0;
    let mut at = 0;
    let bytes = message.as_bytes();
    while at < bytes.len() {
        let Some(kind) = QUOTES.iter().position(|q| *q == bytes[at]).filter(|_| !word_before(at)) else {
            at += 1;
            continue;
        };
        let candidates = &closes[kind];
        let Some(&close) = candidates.get(candidates.partition_point(|&c| c <= at)) else {
            at += 1;
            continue;
        };
        out.push_str(&message[copied..=at]);
        out.push_str(&clip(&message[at + 1..close], QUOTED_LIMIT));
        copied = close;
        at = close + 1;
    }
    out.push_str(&message[copied..]);
    let count = out.chars().count();
    if count > MESSAGE_LIMIT {
        let tail = 80;
        let head = clip(&out, MESSAGE_LIMIT - tail).into_owned();
        let rest: String = out.chars().skip(count - tail).collect();
        out = format!("{head} {rest}");
    }
    if out == message { Cow::Borrowed(message) } else { Cow::Owned(out) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_markup_becomes_text() {
        assert_eq!(html(r#"<script>alert("x")</script>"#), "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
        assert_eq!(html(r#""><img src=x onerror=alert(1)>"#), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
        assert_eq!(html("a & b's"), "a &amp; b&#39;s");
        assert_eq!(html("bell\u{7}"), "bell\u{FFFD}");
    }

    #[test]
    fn markdown_links_html_and_headings_are_defused() {
        assert_eq!(markdown_inline("[x](javascript:alert(1))"), r"\[x\](javascript:alert(1))");
        assert_eq!(markdown_inline("<javascript:alert(1)>"), r"\<javascript:alert(1)\>");
        assert_eq!(markdown_inline("2026-11-29 (today)"), "2026-11-29 (today)");
        assert_eq!(markdown_inline("3) item"), r"3\) item");
        assert_eq!(markdown_inline("<b>bold</b>"), r"\<b\>bold\</b\>");
        assert_eq!(markdown_inline("# heading"), r"\# heading");
        assert_eq!(markdown_inline("- item"), r"\- item");
        assert_eq!(markdown_inline("1. item"), r"1\. item");
        assert_eq!(markdown_inline("a | b\nc"), r"a \| b c");
        assert_eq!(markdown_inline("Order API v1.2 - EU"), "Order API v1.2 - EU");
        assert_eq!(markdown_inline("&lt;"), r"\&lt;");
    }

    #[test]
    fn mermaid_labels_cannot_close_the_quote_or_add_markup() {
        assert_eq!(mermaid_label(r#"a"] --> x["<b>"#), "a#quot;] --#gt; x[#quot;#lt;b#gt;");
        assert_eq!(mermaid_label("`**md**` | #1"), "#96;**md**#96; #124; #35;1");
    }

    #[test]
    fn mermaid_directives_and_comments_become_text() {
        assert_eq!(mermaid_label("%%{init: {'theme':'dark'}}%%"), "#37;#37;{init: {'theme':'dark'}}#37;#37;");
        assert_eq!(mermaid_label("100 %"), "100 #37;");
    }

    #[test]
    fn csv_drops_control_characters_before_defusing_formulas() {
        assert_eq!(csv_field("\u{0}=HYPERLINK(1)"), "'=HYPERLINK(1)");
        assert_eq!(csv_field("a\u{1b}[31mb\u{7}"), "a[31mb");
        assert_eq!(csv_field("two\r\nlines"), "\"two\nlines\"");
    }

    #[test]
    fn terminal_text_shows_control_characters_instead_of_obeying_them() {
        assert_eq!(terminal("plain é 网"), "plain é 网");
        assert!(matches!(terminal("plain"), Cow::Borrowed(_)));
        assert_eq!(terminal("a\u{1b}[2Jb\u{7}"), r"a\u{1b}[2Jb\u{7}");
        assert_eq!(terminal("x\r\n  no problems found\0"), r"x\r\n  no problems found\0");
        assert_eq!(terminal("\u{9b}31m \u{7f} \u{202e}txt"), r"\u{9b}31m \u{7f} \u{202e}txt");
    }

    #[test]
    fn clip_keeps_short_text_and_ends_long_text_with_an_ellipsis() {
        assert_eq!(clip("short", 80), "short");
        let long = "é".repeat(200);
        let clipped = clip(&long, 80);
        assert_eq!(clipped.chars().count(), 80);
        assert!(clipped.ends_with("é…"));
    }

    #[test]
    fn messages_clip_what_they_quote() {
        let huge = "x".repeat(1_000_000);
        let message = format!("unexpected field named `{huge}` in `ThreatModel`, expected one of `format`");
        let clipped = clip_quoted(&message);
        assert!(clipped.starts_with("unexpected field named `xxxx"), "{clipped}");
        assert!(clipped.ends_with("…` in `ThreatModel`, expected one of `format`"), "{clipped}");
        assert!(clipped.chars().count() < 200);
        // A quote inside a name does not end it; spaces inside are kept.
        let name = format!("a\"b {}", "c d ".repeat(100));
        let message = format!("element \"{name}\" has kind \"k\", which …");
        let clipped = clip_quoted(&message);
        assert!(clipped.starts_with("element \"a\"b c d"), "{clipped}");
        assert!(clipped.contains("…\" has kind \"k\", which …"), "{clipped}");
        // Apostrophes of English words are not quotes.
        let plain = "the model's name isn't quoted here, and this sentence is long enough to be looked at";
        assert_eq!(clip_quoted(plain), plain);
        // Whatever is not quoted is still bounded.
        let bare = format!("line 1: {}", "y ".repeat(100_000));
        assert!(clip_quoted(&bare).chars().count() <= MESSAGE_LIMIT + 1);
    }

    #[test]
    fn csv_formulas_are_defused_and_fields_quoted() {
        assert_eq!(csv_field(r#"=HYPERLINK("http://x","y")"#), r#""'=HYPERLINK(""http://x"",""y"")""#);
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("-2+3"), "'-2+3");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
    }
}
