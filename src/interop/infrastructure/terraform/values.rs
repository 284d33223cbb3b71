//! Small helpers on the importer's tree as the Terraform reader builds it: what is known
//! (literal text, numbers, booleans), what is not (a value left as `${var.x}`), references
//! (`Ref` nodes), and strings built from parts, some of them references (`Join`, as in
//! CloudFormation).

use std::rc::Rc;

use super::super::yaml::{Node, Value};

pub fn node(value: Value, line: usize) -> Rc<Node> {
    Rc::new(Node { value, line })
}

pub fn text_node(text: impl Into<String>, line: usize) -> Rc<Node> {
    node(Value::Str(text.into()), line)
}

/// A reference to a resource of the configuration, as CloudFormation's `Ref`.
pub fn reference(id: &str, line: usize) -> Rc<Node> {
    node(Value::Tagged("Ref".to_owned(), text_node(id, line)), line)
}

/// A value the reader could not work out, written as Terraform would show it.
pub fn unknown(source: &str, line: usize) -> Rc<Node> {
    text_node(format!("${{{source}}}"), line)
}

pub fn is_unknown(node: &Node) -> bool {
    match &node.value {
        Value::Str(s) => s.contains("${"),
        Value::Tagged(..) => true,
        _ => false,
    }
}

pub fn known_bool(node: &Node) -> Option<bool> {
    match &node.value {
        Value::Bool(b) => Some(*b),
        Value::Str(s) if s == "true" => Some(true),
        Value::Str(s) if s == "false" => Some(false),
        _ => None,
    }
}

pub fn known_number(node: &Node) -> Option<f64> {
    match &node.value {
        Value::Number(s) | Value::Str(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    }
}

/// A scalar's text when it is known.
pub fn known_text(node: &Node) -> Option<String> {
    match &node.value {
        Value::Str(s) if !s.contains("${") => Some(s.clone()),
        Value::Number(s) => Some(s.clone()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

pub fn number(value: f64, line: usize) -> Rc<Node> {
    // Whole numbers as integers: `5`, not `5.0`.
    let text = if value.fract() == 0.0 && value.abs() < 1e15 { format!("{}", value as i64) } else { value.to_string() };
    node(Value::Number(text), line)
}

/// Whether a Ref is anywhere in a node, looking at no more than `limit` nodes (values may share
/// nodes many times over).
pub fn has_reference(node: &Node, limit: &mut usize) -> bool {
    if *limit == 0 {
        return false;
    }
    *limit -= 1;
    match &node.value {
        Value::Tagged(tag, _) if tag == "Ref" => true,
        Value::Tagged(_, inner) => has_reference(inner, limit),
        Value::Seq(items) => items.iter().any(|i| has_reference(i, limit)),
        Value::Map(entries, _) => entries.iter().any(|(_, v)| has_reference(v, limit)),
        _ => false,
    }
}

pub fn contains_reference(node: &Node) -> bool {
    has_reference(node, &mut 10_000)
}

/// Equality as Terraform's `==` sees it, when both sides are known well enough to say.
pub fn equal(a: &Node, b: &Node, depth: usize) -> Option<bool> {
    if depth > 8 {
        return None;
    }
    match (&a.value, &b.value) {
        (Value::Null, Value::Null) => Some(true),
        (Value::Null, _) | (_, Value::Null) => {
            if is_unknown(a) || is_unknown(b) {
                None
            } else {
                Some(false)
            }
        }
        (Value::Seq(x), Value::Seq(y)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            x.iter().zip(y).try_fold(true, |all, (p, q)| Some(all && equal(p, q, depth + 1)?))
        }
        (Value::Map(x, _), Value::Map(y, _)) => {
            if x.len() != y.len() {
                return Some(false);
            }
            x.iter().try_fold(true, |all, (key, p)| {
                let q = y.iter().find(|(k, _)| k == key).map(|(_, q)| q);
                Some(all && q.map_or(Some(false), |q| equal(p, q, depth + 1))?)
            })
        }
        _ if is_unknown(a) || is_unknown(b) => None,
        (Value::Seq(_) | Value::Map(..), _) | (_, Value::Seq(_) | Value::Map(..)) => Some(false),
        _ => match (known_number(a), known_number(b)) {
            (Some(x), Some(y)) => Some(x == y),
            _ => Some(known_text(a)? == known_text(b)?),
        },
    }
}

/// A piece of a string being built: text, or a value that is not text (a reference, a list).
pub enum Part {
    Text(String),
    Value(Rc<Node>),
}

/// The longest string the reader builds: strings built from strings can double at each step.
const MAX_TEXT: usize = 1024 * 1024;

/// Adds a value to a string being built: known scalars as their text, null as nothing; text
/// past `MAX_TEXT` is dropped.
pub fn push_part(parts: &mut Vec<Part>, value: &Rc<Node>) {
    let text = match &value.value {
        Value::Null => return,
        Value::Str(s) | Value::Number(s) => s.clone(),
        Value::Bool(b) => b.to_string(),
        _ => {
            parts.push(Part::Value(Rc::clone(value)));
            return;
        }
    };
    let room = MAX_TEXT.saturating_sub(text_length(parts));
    let mut end = text.len().min(room);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let text = &text[..end];
    match parts.last_mut() {
        Some(Part::Text(last)) => last.push_str(text),
        _ if text.is_empty() => {}
        _ => parts.push(Part::Text(text.to_owned())),
    }
}

/// The length of the text parts of a string being built.
pub fn text_length(parts: &[Part]) -> usize {
    parts.iter().map(|p| if let Part::Text(t) = p { t.len() } else { 0 }).sum()
}

/// A string from its parts: plain text when every part is text, else CloudFormation's
/// `Join` of the parts, so each reference in it stays a `Ref`.
pub fn join(parts: Vec<Part>, line: usize) -> Rc<Node> {
    if parts.iter().all(|p| matches!(p, Part::Text(_))) {
        let text: String = parts.into_iter().map(|p| if let Part::Text(t) = p { t } else { String::new() }).collect();
        return text_node(text, line);
    }
    if let [Part::Value(only)] = parts.as_slice() {
        return Rc::clone(only);
    }
    let items: Vec<Rc<Node>> = parts
        .into_iter()
        .map(|part| match part {
            Part::Text(text) => text_node(text, line),
            Part::Value(value) => value,
        })
        .collect();
    let arguments = vec![text_node("", line), node(Value::Seq(items), line)];
    node(Value::Tagged("Join".to_owned(), node(Value::Seq(arguments), line)), line)
}

/// The parts of a string built by `join`, if it is one.
pub fn parts_of(node: &Node) -> Option<&[Rc<Node>]> {
    let Value::Tagged(tag, inner) = &node.value else { return None };
    if tag != "Join" {
        return None;
    }
    inner.items().get(1).map(|parts| parts.items())
}

/// PascalCase of a Terraform name: `rest_api_id` → `RestApiId`, as CloudFormation names
/// most of the same settings.
pub fn pascal(name: &str) -> String {
    name.split('_')
        .map(|word| {
            let mut chars = word.chars();
            chars.next().map(|c| c.to_ascii_uppercase().to_string() + chars.as_str()).unwrap_or_default()
        })
        .collect()
}
