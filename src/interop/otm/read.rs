//! The text of an OTM file, JSON or YAML, as one tree that knows the line of every part, and
//! the typed look-ups the import makes on it. Every look-up says what it expected and where.

use std::rc::Rc;

use serde::de::IgnoredAny;

use crate::interop::format::FormatError;
use crate::interop::infrastructure::yaml::{self, Node, Value};

/// Values converted to JSON for ThreatSketch's own attributes: far more than a decision or an
/// answer map holds, and a bound on what YAML aliases can make a small file cost.
const MAX_CONVERTED: usize = 10_000;

/// The file as a tree. JSON is checked by serde_json first, so its syntax errors read as JSON's
/// (with line and column, and its nesting limit); the tree itself comes from the YAML reader,
/// which takes JSON too and keeps each part's line for the errors that come later.
pub(super) fn parse(text: &str) -> Result<Rc<Node>, FormatError> {
    // Editors on Windows may start the file with a byte order mark, which JSON does not allow.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim_start().starts_with('{') {
        serde_json::from_str::<IgnoredAny>(text)
            .map_err(|err| FormatError::at(err.line(), err.column(), format!("not valid JSON: {err}")))?;
        // JSON the YAML reader refuses (tabs where YAML allows none) is read without lines.
        return yaml::parse(text).or_else(|_| from_json(text));
    }
    yaml::parse(text).map_err(|err| FormatError::at(err.line, err.column, format!("not valid YAML: {}", err.message)))
}

fn from_json(text: &str) -> Result<Rc<Node>, FormatError> {
    let value: serde_json::Value = serde_json::from_str(text)
        .map_err(|err| FormatError::at(err.line(), err.column(), format!("not valid JSON: {err}")))?;
    Ok(json_node(&value))
}

/// serde_json has already bounded the nesting (128 levels), so this recursion is bounded too.
fn json_node(value: &serde_json::Value) -> Rc<Node> {
    let value = match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(*b),
        serde_json::Value::Number(n) => Value::Number(n.to_string()),
        serde_json::Value::String(s) => Value::Str(s.clone()),
        serde_json::Value::Array(items) => Value::Seq(items.iter().map(json_node).collect()),
        serde_json::Value::Object(map) => {
            let entries: Vec<_> = map.iter().map(|(k, v)| (k.clone(), json_node(v))).collect();
            let lines = vec![0; entries.len()];
            Value::Map(entries, lines)
        }
    };
    Node::new(value, 0)
}

/// What a node is, for messages.
pub(super) fn describe(node: &Node) -> &'static str {
    match &node.value {
        Value::Null => "empty",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::Str(_) => "text",
        Value::Seq(_) => "a list",
        Value::Map(..) => "a mapping",
        Value::Tagged(..) => "a tagged value",
    }
}

/// A part of the file being read: its node and how messages name it ("component 3").
#[derive(Clone, Copy)]
pub(super) struct Part<'a> {
    pub node: &'a Node,
    pub what: &'a str,
}

impl<'a> Part<'a> {
    pub fn new(node: &'a Node, what: &'a str) -> Result<Self, FormatError> {
        match node.value {
            Value::Map(..) => Ok(Self { node, what }),
            _ => {
                Err(FormatError::at(node.line, 0, format!("{what} should be a mapping, but it is {}", describe(node))))
            }
        }
    }

    pub fn line(&self) -> usize {
        self.node.line
    }

    /// The value under `key`, unless it is missing or empty (`null`, or nothing after the colon).
    pub fn get(&self, key: &str) -> Option<&'a Rc<Node>> {
        self.node.get(key).filter(|n| !matches!(n.value, Value::Null))
    }

    fn wrong(&self, key: &str, node: &Node, expected: &str) -> FormatError {
        FormatError::at(
            node.line,
            0,
            format!("{}: \"{key}\" should be {expected}, but it is {}", self.what, describe(node)),
        )
    }

    /// Text (a number or flag written bare counts as its text), trimmed; None when missing.
    pub fn text(&self, key: &str) -> Result<Option<String>, FormatError> {
        let Some(node) = self.get(key) else { return Ok(None) };
        match node.text() {
            Some(text) => Ok(Some(text.trim().to_owned())),
            None => Err(self.wrong(key, node, "text")),
        }
    }

    /// Text that must be there and not be empty.
    pub fn required_text(&self, key: &str) -> Result<String, FormatError> {
        match self.text(key)? {
            Some(text) if !text.is_empty() => Ok(text),
            _ => Err(FormatError::at(self.line(), 0, format!("{} has no \"{key}\"", self.what))),
        }
    }

    pub fn number(&self, key: &str) -> Result<Option<f64>, FormatError> {
        let Some(node) = self.get(key) else { return Ok(None) };
        let parsed = match &node.value {
            Value::Number(text) | Value::Str(text) => text.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
            _ => None,
        };
        parsed.map(Some).ok_or_else(|| self.wrong(key, node, "a number"))
    }

    pub fn flag(&self, key: &str) -> Result<Option<bool>, FormatError> {
        let Some(node) = self.get(key) else { return Ok(None) };
        match &node.value {
            Value::Bool(b) => Ok(Some(*b)),
            Value::Str(s) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
            Value::Str(s) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
            _ => Err(self.wrong(key, node, "true or false")),
        }
    }

    /// The items of a list; none when missing.
    pub fn list(&self, key: &str) -> Result<&'a [Rc<Node>], FormatError> {
        let Some(node) = self.get(key) else { return Ok(&[]) };
        match &node.value {
            Value::Seq(items) => Ok(items),
            _ => Err(self.wrong(key, node, "a list")),
        }
    }

    /// A mapping under `key`; None when missing.
    pub fn map(&self, key: &str) -> Result<Option<&'a Node>, FormatError> {
        let Some(node) = self.get(key) else { return Ok(None) };
        match &node.value {
            Value::Map(..) => Ok(Some(node)),
            _ => Err(self.wrong(key, node, "a mapping")),
        }
    }
}

/// A node as JSON, for reading ThreatSketch's own attributes with serde; None when it is
/// larger than any of them can be.
pub(super) fn to_json(node: &Node) -> Option<serde_json::Value> {
    let mut budget = MAX_CONVERTED;
    convert(node, &mut budget, 0)
}

fn convert(node: &Node, budget: &mut usize, depth: usize) -> Option<serde_json::Value> {
    *budget = budget.checked_sub(1)?;
    if depth > 64 {
        return None;
    }
    Some(match &node.value {
        Value::Null => serde_json::Value::Null,
        Value::Bool(b) => serde_json::Value::Bool(*b),
        Value::Number(text) => number_value(text),
        Value::Str(text) => serde_json::Value::String(text.clone()),
        Value::Seq(items) => {
            serde_json::Value::Array(items.iter().map(|i| convert(i, budget, depth + 1)).collect::<Option<_>>()?)
        }
        Value::Map(entries, _) => serde_json::Value::Object(
            entries.iter().map(|(k, v)| Some((k.clone(), convert(v, budget, depth + 1)?))).collect::<Option<_>>()?,
        ),
        Value::Tagged(_, inner) => convert(inner, budget, depth + 1)?,
    })
}

/// A number as written: whole numbers stay whole (answers are whole numbers).
fn number_value(text: &str) -> serde_json::Value {
    if let Ok(n) = text.parse::<u64>() {
        return n.into();
    }
    if let Ok(n) = text.parse::<i64>() {
        return n.into();
    }
    text.parse::<f64>()
        .ok()
        .and_then(serde_json::Number::from_f64)
        .map_or_else(|| serde_json::Value::String(text.to_owned()), serde_json::Value::Number)
}
