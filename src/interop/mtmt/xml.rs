//! The XML layer: parsing with roxmltree (no DTD, a node budget) and the few ways this import
//! walks a DataContract document: children by local name (the serialiser puts each field in
//! its own namespace, which says nothing here), texts, numbers, and errors at a node's place.

use roxmltree::{Document, Node, ParsingOptions};

use crate::interop::format::FormatError;

/// A 30 MB file (the largest the app opens) has about a million nodes; a file that needs more
/// is not a threat model.
const MAX_NODES: u32 = 4_000_000;

/// Threat Modeling Tool canvases are a few thousand units wide; ten million keeps every sum of
/// a position and a size well inside what the model accepts (±100,000,000).
const MAX_COORDINATE: f64 = 1.0e7;

/// Parses the text, or says where it stops being XML.
pub(super) fn parse(text: &str) -> Result<Document<'_>, FormatError> {
    let options = ParsingOptions { nodes_limit: MAX_NODES, ..ParsingOptions::default() };
    Document::parse_with_options(text, options).map_err(|err| syntax_error(text, &err))
}

fn syntax_error(text: &str, err: &roxmltree::Error) -> FormatError {
    use roxmltree::Error;
    let pos = err.pos();
    // roxmltree says "at 1:5" itself; the position goes in the error's own fields instead.
    let message = err.to_string().replace(&format!(" at {pos}"), "");
    match err {
        // A cut-off file ends in the middle: say where it ends.
        Error::UnexpectedEndOfStream | Error::UnclosedRootNode => {
            let (line, column) = end_of(text);
            FormatError::at(line, column, format!("the file ends before the XML does (is it cut off?): {message}"))
        }
        Error::DtdDetected => {
            let (line, column) = text.find("<!DOCTYPE").map_or((1, 1), |at| place_of(text, at));
            FormatError::at(
                line,
                column,
                "the file has a DTD (<!DOCTYPE …>), which Threat Modeling Tool files never have",
            )
        }
        Error::NodesLimitReached => {
            FormatError::whole(format!("the file has more than {MAX_NODES} XML nodes, too many for a threat model"))
        }
        _ => FormatError::at(pos.row as usize, pos.col as usize, format!("this is not well-formed XML: {message}")),
    }
}

/// Line and column (from 1) of a byte offset.
fn place_of(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).map_or(1, |l| l.chars().count() + 1);
    (line, column)
}

fn end_of(text: &str) -> (usize, usize) {
    place_of(text, text.len())
}

/// Line and column of a node, for messages.
pub(super) fn place(node: Node) -> (usize, usize) {
    let pos = node.document().text_pos_at(node.range().start);
    (pos.row as usize, pos.col as usize)
}

/// An error at a node.
pub(super) fn error_at(node: Node, message: impl Into<String>) -> FormatError {
    let (line, column) = place(node);
    FormatError::at(line, column, message)
}

/// The first child element with this local name.
pub(super) fn child<'a, 'input>(node: Node<'a, 'input>, name: &str) -> Option<Node<'a, 'input>> {
    node.children().find(|c| c.is_element() && c.tag_name().name() == name)
}

/// The child elements, whatever their names.
pub(super) fn elements<'a, 'input>(node: Node<'a, 'input>) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children().filter(Node::is_element)
}

/// The text of a child element, trimmed; empty when it is missing, empty or nil.
pub(super) fn text_of(node: Node, name: &str) -> String {
    child(node, name).map(|c| text(c)).unwrap_or_default()
}

/// The text inside an element, trimmed (DataContract writes no mixed content).
pub(super) fn text(node: Node) -> String {
    node.text().map(str::trim).unwrap_or_default().to_owned()
}

/// Whether a guid field names nothing: empty, or the all-zero guid the tool writes for an end
/// left in the air.
pub(super) fn is_nil_guid(guid: &str) -> bool {
    guid.chars().all(|c| c == '0' || c == '-')
}

/// The `i:type` of a DataContract value ("b:StringDisplayAttribute"), without its prefix.
pub(super) fn type_attribute<'a>(node: Node<'a, '_>) -> &'a str {
    let full = node.attributes().find(|a| a.name() == "type").map_or("", |a| a.value());
    full.rsplit(':').next().unwrap_or(full)
}

/// A number in a child element: `None` when the child is missing or empty, an error when it
/// is not a number a drawing can use.
pub(super) fn number_of(node: Node, name: &str, what: &str) -> Result<Option<f64>, FormatError> {
    let Some(field) = child(node, name) else { return Ok(None) };
    let said = text(field);
    if said.is_empty() {
        return Ok(None);
    }
    match said.parse::<f64>() {
        Ok(value) if value.is_finite() && value.abs() <= MAX_COORDINATE => Ok(Some(value)),
        Ok(_) => Err(error_at(field, format!("the {name} of {what} ({said}) is too far out to draw"))),
        Err(_) => Err(error_at(field, format!("the {name} of {what} should be a number, not \"{said}\""))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_count_lines_and_characters() {
        assert_eq!(place_of("ab\ncé\nx", 7), (3, 1));
        assert_eq!(place_of("ab\ncé", 6), (2, 3));
        assert_eq!(end_of(""), (1, 1));
    }
}
