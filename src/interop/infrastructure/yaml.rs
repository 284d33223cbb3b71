//! YAML (and so JSON, which YAML 1.2 contains) read into a small tree that keeps what a
//! CloudFormation template needs: the short-form tags (`!Ref`, `!GetAtt`, `!Sub`, …) and the
//! line of every node. Built from the events of `saphyr-parser`; an alias shares the node its
//! anchor names instead of copying it, so "billion laughs" input costs no memory, and the
//! walks over the tree are bounded (`Budget`). Nesting is bounded too: a tree is dropped
//! recursively.

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use saphyr_parser::{Event, Parser, ScalarStyle};

/// Deeper than any real template; deep enough to be refused before dropping a tree recurses.
const MAX_DEPTH: usize = 200;
/// Nodes in one file, aliases counted once: a template of thousands of resources stays far
/// below it.
const MAX_NODES: usize = 2_000_000;

#[derive(Debug)]
pub struct Node {
    pub value: Value,
    /// 1-based line where the node starts.
    pub line: usize,
}

#[derive(Debug)]
pub enum Value {
    Null,
    Bool(bool),
    /// A number as written: templates use them as text as often as as numbers.
    Number(String),
    Str(String),
    Seq(Vec<Rc<Node>>),
    /// Keys and values, and the line of each key (where a reader looks for a resource).
    Map(Vec<(String, Rc<Node>)>, Vec<usize>),
    /// `!Ref X` and friends: the tag without its `!`, and the tagged node.
    Tagged(String, Rc<Node>),
}

/// What went wrong reading the file, and where (1-based line and column).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Node {
    /// The value under `key`, for a mapping.
    pub fn get(&self, key: &str) -> Option<&Rc<Node>> {
        match &self.value {
            Value::Map(entries, _) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn entries(&self) -> &[(String, Rc<Node>)] {
        match &self.value {
            Value::Map(entries, _) => entries,
            _ => &[],
        }
    }

    /// The line of each key of a mapping, in the order of `entries`.
    pub fn key_lines(&self) -> &[usize] {
        match &self.value {
            Value::Map(_, lines) => lines,
            _ => &[],
        }
    }

    pub fn items(&self) -> &[Rc<Node>] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// A scalar's text (strings, numbers and booleans alike).
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match &self.value {
            Value::Str(s) | Value::Number(s) => Some(Cow::Borrowed(s)),
            Value::Bool(b) => Some(Cow::Owned(b.to_string())),
            _ => None,
        }
    }

    pub fn is_true(&self) -> bool {
        match &self.value {
            Value::Bool(b) => *b,
            Value::Str(s) => s.eq_ignore_ascii_case("true"),
            _ => false,
        }
    }
}

/// Nodes made by a reader rather than parsed: a Serverless Framework service or a Terraform
/// configuration becomes the template it stands for.
impl Node {
    pub fn new(value: Value, line: usize) -> Rc<Node> {
        Rc::new(Node { value, line })
    }

    pub fn text_at(text: impl Into<String>, line: usize) -> Rc<Node> {
        Self::new(Value::Str(text.into()), line)
    }

    /// `!Ref id`.
    pub fn reference(id: impl Into<String>, line: usize) -> Rc<Node> {
        Self::new(Value::Tagged("Ref".to_owned(), Self::text_at(id, line)), line)
    }

    /// A mapping from keys and values, every key on `line`.
    pub fn map_at(entries: Vec<(String, Rc<Node>)>, line: usize) -> Rc<Node> {
        let lines = vec![line; entries.len()];
        Self::new(Value::Map(entries, lines), line)
    }

    pub fn seq_at(items: Vec<Rc<Node>>, line: usize) -> Rc<Node> {
        Self::new(Value::Seq(items), line)
    }
}

/// A bound on how many nodes a walk may visit: shared aliases can make a small file a very
/// large tree to walk, and an import must end quickly whatever the file.
pub struct Budget(usize);

impl Budget {
    pub fn new() -> Self {
        Self(MAX_NODES)
    }

    /// Takes one visit; false once the budget is spent.
    pub fn take(&mut self) -> bool {
        self.0 = self.0.saturating_sub(1);
        self.0 > 0
    }

    pub fn spent(&self) -> bool {
        self.0 == 0
    }
}

/// Reads the first document of `text`.
pub fn parse(text: &str) -> Result<Rc<Node>, SyntaxError> {
    let mut anchors: HashMap<usize, Rc<Node>> = HashMap::new();
    // Open collections: the node's line, its anchor, its tag, and what it holds so far
    // (for a mapping, keys and values alternate).
    let mut stack: Open = Vec::new();
    let mut nodes = 0usize;
    let mut root = None;
    for event in Parser::new_from_str(text) {
        let (event, span) = event.map_err(|e| SyntaxError {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: e.info().to_owned(),
        })?;
        let line = span.start.line();
        let at = |message: &str| SyntaxError { line, column: span.start.col() + 1, message: message.to_owned() };
        let finished = match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = scalar(&text, style);
                Some((anchor, wrap(local_tag(tag.as_deref()), Node { value, line })))
            }
            Event::Alias(anchor) => {
                let node = anchors.get(&anchor).cloned().ok_or_else(|| at("an alias names no anchor"))?;
                Some((0, node))
            }
            Event::SequenceStart(anchor, tag) => {
                open(&mut stack, (line, anchor, local_tag(tag.as_deref()), false)).map_err(&at)?
            }
            Event::MappingStart(anchor, tag) => {
                open(&mut stack, (line, anchor, local_tag(tag.as_deref()), true)).map_err(&at)?
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some((line, anchor, tag, is_map, items)) = stack.pop() else {
                    return Err(at("a collection ends that never started"));
                };
                let value = if is_map { mapping(items) } else { Value::Seq(items) };
                Some((anchor, wrap(tag, Node { value, line })))
            }
            Event::DocumentEnd => break,
            _ => None,
        };
        let Some((anchor, node)) = finished else { continue };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(at("too large to import"));
        }
        if anchor != 0 {
            anchors.insert(anchor, Rc::clone(&node));
        }
        match stack.last_mut() {
            Some((.., items)) => items.push(node),
            None => {
                root = Some(node);
                break;
            }
        }
    }
    root.ok_or(SyntaxError { line: 1, column: 1, message: "the file is empty".to_owned() })
}

type Open = Vec<(usize, usize, Option<String>, bool, Vec<Rc<Node>>)>;

/// Starts a collection (its line, anchor, tag and whether it is a mapping); nothing is
/// finished by it.
fn open(
    stack: &mut Open,
    (line, anchor, tag, is_map): (usize, usize, Option<String>, bool),
) -> Result<Option<(usize, Rc<Node>)>, &'static str> {
    if stack.len() >= MAX_DEPTH {
        return Err("nested too deeply");
    }
    stack.push((line, anchor, tag, is_map, Vec::new()));
    Ok(None)
}

/// A local tag (`!Ref`) by its name; core-schema tags (`!!str`) only say how to read a scalar
/// and are not functions.
fn local_tag(tag: Option<&saphyr_parser::Tag>) -> Option<String> {
    tag.filter(|t| t.handle == "!" && !t.suffix.is_empty()).map(|t| t.suffix.clone())
}

fn wrap(tag: Option<String>, node: Node) -> Rc<Node> {
    match tag {
        Some(tag) => {
            let line = node.line;
            Rc::new(Node { value: Value::Tagged(tag, Rc::new(node)), line })
        }
        None => Rc::new(node),
    }
}

fn scalar(text: &str, style: ScalarStyle) -> Value {
    if style != ScalarStyle::Plain {
        return Value::Str(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ if text.parse::<f64>().is_ok() => Value::Number(text.to_owned()),
        _ => Value::Str(text.to_owned()),
    }
}

/// Keys and values alternating, as the events come; a key that is not text (rare in
/// templates) is kept as its text or left out.
fn mapping(items: Vec<Rc<Node>>) -> Value {
    let mut entries = Vec::with_capacity(items.len() / 2);
    let mut lines = Vec::with_capacity(items.len() / 2);
    let mut items = items.into_iter();
    while let (Some(key), Some(value)) = (items.next(), items.next()) {
        if let Some(text) = key.text() {
            entries.push((text.into_owned(), value));
            lines.push(key.line);
        }
    }
    Value::Map(entries, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_form_tags_lines_and_json_are_kept() {
        let root = parse("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Role: !GetAtt Role.Arn\n").unwrap();
        let function = root.get("Resources").unwrap().get("Fn").unwrap();
        assert_eq!(function.line, 3);
        let Value::Tagged(tag, inner) = &function.get("Role").unwrap().value else { panic!() };
        assert_eq!((tag.as_str(), inner.text().unwrap().as_ref()), ("GetAtt", "Role.Arn"));
        let json = parse("{\"Resources\": {\"Q\": {\"Type\": \"AWS::SQS::Queue\"}}}").unwrap();
        assert!(json.get("Resources").unwrap().get("Q").is_some());
    }

    #[test]
    fn hostile_input_is_refused_or_shared_not_copied() {
        let deep = format!("{}1{}", "[".repeat(5_000), "]".repeat(5_000));
        let error = parse(&deep).unwrap_err();
        assert!(error.message.contains("nested too deeply") || error.message.contains("recursion"), "{error:?}");
        // Nine levels of ten aliases: 10^9 nodes if copied, a few dozen when shared.
        let mut laughs = String::from("a0: &a0 [lol]\n");
        for level in 1..10 {
            let refs = vec![format!("*a{}", level - 1); 10].join(", ");
            laughs.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
        }
        let root = parse(&laughs).unwrap();
        assert_eq!(root.entries().len(), 10);
        // Walks over the shared tree stop at their budget instead of visiting 10^9 nodes.
        let mut budget = Budget::new();
        let refs = super::super::template::references(&root, &mut budget);
        assert!(refs.is_empty() && budget.spent());
        let error = parse("a: [1, 2\nb: 3").unwrap_err();
        assert!(error.line >= 1 && error.column >= 1, "{error:?}");
    }
}
