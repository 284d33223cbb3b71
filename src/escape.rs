//! Escaping user-entered text for each output format, in one place: a name like
//! `<script>` or `=HYPERLINK(...)` must come out as the same visible text, never as markup,
//! a link or a spreadsheet formula.

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
/// reads (`#` entities, backticks for Markdown strings, `|` of edge labels) become entity
/// codes, so a name can neither end the label nor add HTML.
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
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// A CSV field (RFC 4180): quoted when needed, and a leading `=`, `+`, `-`, `@`, tab or
/// carriage return is defused with an apostrophe so a spreadsheet never runs it as a formula
/// (OWASP's advice for CSV injection).
pub fn csv_field(text: &str) -> String {
    let defused = match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}"),
        _ => text.to_owned(),
    };
    if defused.contains([',', '"', '\n', '\r', ';']) || defused.starts_with(' ') || defused.ends_with(' ') {
        format!("\"{}\"", defused.replace('"', "\"\""))
    } else {
        defused
    }
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
