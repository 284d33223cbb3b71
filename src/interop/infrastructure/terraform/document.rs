//! Documents inside a configuration: policies, redrive policies, event patterns, state-machine
//! definitions and API bodies are JSON (or YAML) in strings, heredocs and files, often with
//! interpolations (`"Resource": "${aws_sqs_queue.q.arn}"`). They are read into the tree as
//! CloudFormation writes them (objects, not strings), with each interpolated reference put
//! back where it was, so that what a policy allows is read as a template's policy is. A policy
//! written in HCL (`data "aws_iam_policy_document"`) becomes the same JSON shape.

use std::rc::Rc;

use super::super::yaml::{self, Node, Value};
use super::settings::Settings;
use super::values::{Part, join, node, parts_of, push_part, text_node};

/// Private-use characters around the number of an interpolated value while the text is parsed.
const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';
/// Nodes rebuilt to put values back: YAML aliases can make a small text a large tree.
const MAX_REBUILT: usize = 200_000;

/// A string that holds a JSON document (or YAML, when `yaml`), as the document; anything else
/// unchanged.
pub fn decode(value: &Rc<Node>, yaml: bool) -> Rc<Node> {
    let line = value.line;
    let (text, values) = match (&value.value, parts_of(value)) {
        (Value::Str(text), _) => (text.clone(), Vec::new()),
        (_, Some(parts)) => render(parts, yaml),
        _ => return Rc::clone(value),
    };
    let trimmed = text.trim_start();
    if (trimmed.starts_with('{') || trimmed.starts_with('['))
        && let Ok(json) = serde_json::from_str::<serde_json::Value>(&text)
    {
        return from_json(json, line, &values);
    }
    if yaml
        && text.contains(':')
        && let Ok(root) = yaml::parse(&text)
        && matches!(root.value, Value::Map(..))
    {
        return if values.is_empty() { root } else { restore(&root, &values, &mut { MAX_REBUILT }) };
    }
    Rc::clone(value)
}

/// The text of a string built from parts, each value that is not text replaced by a marker
/// (inside quotes where JSON needs them), and those values in order.
fn render(parts: &[Rc<Node>], yaml: bool) -> (String, Vec<Rc<Node>>) {
    let mut text = String::new();
    let mut values = Vec::new();
    let (mut in_string, mut escaped) = (false, false);
    for part in parts {
        let literal = match &part.value {
            Value::Str(s) | Value::Number(s) => Some(s.clone()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        };
        match literal {
            Some(literal) => {
                for c in literal.chars() {
                    match (escaped, c) {
                        (true, _) => escaped = false,
                        (false, '\\') => escaped = in_string,
                        (false, '"') => in_string = !in_string,
                        _ => {}
                    }
                }
                text.push_str(&literal);
            }
            None => {
                let marker = format!("{OPEN}{}{CLOSE}", values.len());
                values.push(Rc::clone(part));
                if in_string || yaml {
                    text.push_str(&marker);
                } else {
                    text.push_str(&format!("\"{marker}\""));
                }
            }
        }
    }
    (text, values)
}

fn from_json(value: serde_json::Value, line: usize, values: &[Rc<Node>]) -> Rc<Node> {
    let value = match value {
        serde_json::Value::Null => Value::Null,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => Value::Number(n.to_string()),
        serde_json::Value::String(s) => return text_with_values(&s, line, values),
        serde_json::Value::Array(items) => Value::Seq(items.into_iter().map(|i| from_json(i, line, values)).collect()),
        serde_json::Value::Object(entries) => {
            let entries: Vec<(String, Rc<Node>)> =
                entries.into_iter().map(|(k, v)| (key_text(&k, values), from_json(v, line, values))).collect();
            let lines = vec![line; entries.len()];
            Value::Map(entries, lines)
        }
    };
    node(value, line)
}

/// A string with markers in it, as the values they stand for (a `Join` when mixed with text).
fn text_with_values(text: &str, line: usize, values: &[Rc<Node>]) -> Rc<Node> {
    if !text.contains(OPEN) {
        return text_node(text, line);
    }
    let mut parts: Vec<Part> = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        push_part(&mut parts, &text_node(&rest[..start], line));
        let after = &rest[start + OPEN.len_utf8()..];
        let Some(end) = after.find(CLOSE) else { break };
        match after[..end].parse::<usize>().ok().and_then(|i| values.get(i)) {
            Some(value) => push_part(&mut parts, value),
            None => push_part(&mut parts, &text_node(&after[..end], line)),
        }
        rest = &after[end + CLOSE.len_utf8()..];
    }
    push_part(&mut parts, &text_node(rest, line));
    join(parts, line)
}

/// A key with markers: the values' text where known, else `${…}`.
fn key_text(key: &str, values: &[Rc<Node>]) -> String {
    if !key.contains(OPEN) {
        return key.to_owned();
    }
    let restored = text_with_values(key, 0, values);
    restored.text().map(|t| t.into_owned()).unwrap_or_else(|| "${…}".to_owned())
}

/// A YAML tree with the markers in its strings replaced by their values.
fn restore(root: &Rc<Node>, values: &[Rc<Node>], budget: &mut usize) -> Rc<Node> {
    if *budget == 0 {
        return Rc::clone(root);
    }
    *budget -= 1;
    let value = match &root.value {
        Value::Str(s) if s.contains(OPEN) => return text_with_values(s, root.line, values),
        Value::Seq(items) => Value::Seq(items.iter().map(|i| restore(i, values, budget)).collect()),
        Value::Map(entries, lines) => Value::Map(
            entries.iter().map(|(k, v)| (key_text(k, values), restore(v, values, budget))).collect(),
            lines.clone(),
        ),
        Value::Tagged(tag, inner) => Value::Tagged(tag.clone(), restore(inner, values, budget)),
        _ => return Rc::clone(root),
    };
    node(value, root.line)
}

/// `data "aws_iam_policy_document"`: its `statement` blocks as an IAM policy's JSON.
pub fn policy_document(settings: &Settings, line: usize) -> Rc<Node> {
    let mut statements: Vec<Rc<Node>> = Vec::new();
    // Documents it builds on come first; its own statements add to them.
    for key in ["source_policy_documents", "override_policy_documents"] {
        for document in settings.attribute(key).map(|d| d.items().to_vec()).unwrap_or_default() {
            let document = decode(&document, false);
            statements.extend(document.get("Statement").map(|s| s.items().to_vec()).unwrap_or_default());
        }
    }
    for statement in settings.blocks("statement") {
        let mut entries: Vec<(String, Rc<Node>)> = Vec::new();
        let mut copy = |from: &str, to: &str| {
            if let Some(value) = statement.attribute(from) {
                entries.push((to.to_owned(), Rc::clone(value)));
            }
        };
        copy("sid", "Sid");
        copy("effect", "Effect");
        copy("actions", "Action");
        copy("not_actions", "NotAction");
        copy("resources", "Resource");
        copy("not_resources", "NotResource");
        if statement.attribute("effect").is_none() {
            entries.push(("Effect".to_owned(), text_node("Allow", statement.line)));
        }
        for (block, key) in [("principals", "Principal"), ("not_principals", "NotPrincipal")] {
            let principals: Vec<(String, Rc<Node>)> = statement
                .blocks(block)
                .filter_map(|p| {
                    let kind = p.attribute("type").and_then(|t| t.text()).map(|t| t.into_owned())?;
                    Some((kind, Rc::clone(p.attribute("identifiers")?)))
                })
                .collect();
            if !principals.is_empty() {
                entries.push((key.to_owned(), map(principals, statement.line)));
            }
        }
        let conditions: Vec<(String, Rc<Node>)> = statement
            .blocks("condition")
            .filter_map(|c| {
                let test = c.attribute("test").and_then(|t| t.text()).map(|t| t.into_owned())?;
                let variable = c.attribute("variable").and_then(|t| t.text()).map(|t| t.into_owned())?;
                let values = Rc::clone(c.attribute("values")?);
                Some((test, map(vec![(variable, values)], c.line)))
            })
            .collect();
        if !conditions.is_empty() {
            entries.push(("Condition".to_owned(), map(conditions, statement.line)));
        }
        statements.push(map(entries, statement.line));
    }
    let version = settings.attribute("version").cloned().unwrap_or_else(|| text_node("2012-10-17", line));
    map(vec![("Version".to_owned(), version), ("Statement".to_owned(), node(Value::Seq(statements), line))], line)
}

pub fn map(entries: Vec<(String, Rc<Node>)>, line: usize) -> Rc<Node> {
    let lines = vec![line; entries.len()];
    node(Value::Map(entries, lines), line)
}
