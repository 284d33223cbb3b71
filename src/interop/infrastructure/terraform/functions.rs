//! Terraform's functions, as far as the importer needs them: those that build documents
//! (`jsonencode`, `file`, `templatefile`), strings (`format`, `join`) and collections
//! (`concat`, `merge`, `lookup`…) are worked out on known values; any other keeps the
//! references of its arguments (a list of them), or is left as written.

use std::rc::Rc;

use hcl_edit::expr::{Expression, FuncCall};

use super::super::sources;
use super::super::yaml::{Node, Value};
use super::eval::{Ctx, Evaluator, Origin};
use super::values::{
    Part, contains_reference, is_unknown, known_bool, known_number, known_text, node, number, push_part, text_node,
};

/// Files `file()` and `templatefile()` may read: documents (policies, state machines, API
/// definitions) and templates. Others (code, keys) are not the importer's business.
const DOCUMENT_EXTENSIONS: [&str; 8] = [".json", ".yaml", ".yml", ".tpl", ".tftpl", ".tmpl", ".template", ".txt"];
/// What those functions may read in one import.
const MAX_READ_BYTES: usize = 4 * 1024 * 1024;

impl Evaluator<'_> {
    pub fn call(&mut self, call: &FuncCall, expr: &Expression, ctx: &Ctx) -> Rc<Node> {
        let line = self.line(ctx, expr);
        let name = call.name.name.as_str();
        if call.name.is_namespaced() {
            return self.opaque(call, expr, ctx);
        }
        let arguments: Vec<&Expression> = call.args.iter().collect();
        let eval = |this: &mut Self, at: usize| match arguments.get(at) {
            Some(argument) => this.eval(argument, ctx),
            None => node(Value::Null, line),
        };
        match name {
            // Conversions the reader need not make: the value is the same.
            "jsonencode" | "yamlencode" | "tolist" | "toset" | "tomap" | "tostring" | "tonumber" | "tobool"
            | "sensitive" | "nonsensitive" | "abspath" | "chomp" => eval(self, 0),
            "jsondecode" | "yamldecode" => {
                let value = eval(self, 0);
                super::document::decode(&value, name == "yamldecode")
            }
            "file" => {
                let path = eval(self, 0);
                match self.read_document(&path, line) {
                    Some((_, text)) => text_node(text, line),
                    None => self.unknown_call(expr, ctx),
                }
            }
            "templatefile" => {
                let path = eval(self, 0);
                let variables = eval(self, 1);
                self.templatefile(&path, &variables, line).unwrap_or_else(|| self.unknown_call(expr, ctx))
            }
            "format" => {
                let values: Vec<Rc<Node>> = (0..arguments.len()).map(|at| eval(self, at)).collect();
                match format(&values) {
                    Some(parts) => self.joined(parts, line),
                    None => self.opaque_of(values, expr, ctx),
                }
            }
            "join" => {
                let (separator, list) = (eval(self, 0), eval(self, 1));
                match (known_text(&separator), &list.value) {
                    (Some(separator), Value::Seq(items)) => {
                        let mut parts = Vec::new();
                        for (at, item) in items.iter().enumerate() {
                            if at > 0 {
                                push_part(&mut parts, &text_node(separator.clone(), line));
                            }
                            push_part(&mut parts, item);
                        }
                        self.joined(parts, line)
                    }
                    _ => self.opaque_of(vec![separator, list], expr, ctx),
                }
            }
            "concat" => {
                let mut items = Vec::new();
                for at in 0..arguments.len() {
                    match eval(self, at) {
                        list if matches!(list.value, Value::Seq(_)) => items.extend(list.items().iter().cloned()),
                        other => items.push(other),
                    }
                }
                self.make(Value::Seq(items), line)
            }
            "merge" => {
                let maps: Vec<Rc<Node>> = (0..arguments.len()).map(|at| eval(self, at)).collect();
                if !maps.iter().all(|m| matches!(m.value, Value::Map(..) | Value::Null)) {
                    return self.opaque_of(maps, expr, ctx);
                }
                let mut entries: Vec<(String, Rc<Node>)> = Vec::new();
                for (key, value) in maps.iter().flat_map(|m| m.entries()) {
                    match entries.iter_mut().find(|(k, _)| k == key) {
                        Some((_, existing)) => *existing = Rc::clone(value),
                        None => entries.push((key.clone(), Rc::clone(value))),
                    }
                }
                self.map(entries, line)
            }
            // The first argument that has a value; a missing attribute reads as null here,
            // where Terraform would fail and try the next.
            "try" | "coalesce" => {
                let mut last = node(Value::Null, line);
                for at in 0..arguments.len() {
                    let value = eval(self, at);
                    let empty = matches!(&value.value, Value::Null)
                        || matches!(&value.value, Value::Str(s) if s.is_empty() || (name == "try" && s.contains("${")));
                    if !empty {
                        return value;
                    }
                    last = value;
                }
                last
            }
            "coalescelist" => {
                for at in 0..arguments.len() {
                    let value = eval(self, at);
                    if !value.items().is_empty() || !matches!(value.value, Value::Seq(_)) {
                        return value;
                    }
                }
                self.make(Value::Seq(Vec::new()), line)
            }
            "lookup" => {
                let (map, key) = (eval(self, 0), eval(self, 1));
                let default = if arguments.len() > 2 { Some(eval(self, 2)) } else { None };
                match (&map.value, known_text(&key)) {
                    (Value::Map(..), Some(key)) => {
                        map.get(&key).cloned().or(default).unwrap_or_else(|| node(Value::Null, line))
                    }
                    _ => self.opaque_of(vec![map, key], expr, ctx),
                }
            }
            "element" => {
                let (list, index) = (eval(self, 0), eval(self, 1));
                match (list.items(), known_number(&index)) {
                    (items, Some(i)) if !items.is_empty() && i >= 0.0 => Rc::clone(&items[i as usize % items.len()]),
                    _ => self.opaque_of(vec![list, index], expr, ctx),
                }
            }
            "one" => {
                let list = eval(self, 0);
                match &list.value {
                    Value::Seq(items) if items.len() <= 1 => {
                        items.first().cloned().unwrap_or_else(|| node(Value::Null, line))
                    }
                    _ => self.opaque_of(vec![list], expr, ctx),
                }
            }
            "length" => {
                let value = eval(self, 0);
                match &value.value {
                    Value::Seq(items) => number(items.len() as f64, line),
                    Value::Map(entries, _) => number(entries.len() as f64, line),
                    Value::Str(s) if !is_unknown(&value) => number(s.chars().count() as f64, line),
                    _ => self.opaque_of(vec![value], expr, ctx),
                }
            }
            "keys" | "values" => {
                let map = eval(self, 0);
                match &map.value {
                    Value::Map(entries, _) => {
                        let items = entries
                            .iter()
                            .map(|(k, v)| if name == "keys" { text_node(k.clone(), line) } else { Rc::clone(v) })
                            .collect();
                        self.make(Value::Seq(items), line)
                    }
                    _ => self.opaque_of(vec![map], expr, ctx),
                }
            }
            "compact" => {
                let list = eval(self, 0);
                let items = list.items().iter().filter(|i| !matches!(&i.value, Value::Null)).cloned();
                let items = items.filter(|i| !matches!(&i.value, Value::Str(s) if s.is_empty())).collect();
                self.make(Value::Seq(items), line)
            }
            "flatten" => {
                let list = eval(self, 0);
                let mut items = Vec::new();
                flatten(&list, &mut items, &mut 10_000);
                self.make(Value::Seq(items), line)
            }
            "lower" | "upper" | "trimspace" | "title" => {
                let value = eval(self, 0);
                let Some(text) = known_text(&value) else { return value };
                let changed = match name {
                    "lower" => text.to_lowercase(),
                    "upper" => text.to_uppercase(),
                    "trimspace" => text.trim().to_owned(),
                    _ => title(&text),
                };
                text_node(changed, line)
            }
            "replace" => {
                let (text, from, to) = (eval(self, 0), eval(self, 1), eval(self, 2));
                match (known_text(&text), known_text(&from), known_text(&to)) {
                    // A pattern between slashes is a regular expression: not worked out.
                    (Some(text), Some(from), Some(to))
                        if !(from.len() > 1 && from.starts_with('/') && from.ends_with('/')) =>
                    {
                        text_node(text.replace(&from, &to), line)
                    }
                    _ => self.opaque_of(vec![text], expr, ctx),
                }
            }
            "startswith" | "endswith" => {
                let (text, affix) = (eval(self, 0), eval(self, 1));
                match (known_text(&text), known_text(&affix)) {
                    (Some(text), Some(affix)) => {
                        let yes = if name == "startswith" { text.starts_with(&affix) } else { text.ends_with(&affix) };
                        self.make(Value::Bool(yes), line)
                    }
                    _ => self.unknown_call(expr, ctx),
                }
            }
            "contains" => {
                let (list, value) = (eval(self, 0), eval(self, 1));
                let known = list.items().iter().all(|i| known_text(i).is_some()) && matches!(list.value, Value::Seq(_));
                match (known, known_text(&value)) {
                    (true, Some(value)) => {
                        let yes = list.items().iter().any(|i| known_text(i).as_deref() == Some(value.as_str()));
                        self.make(Value::Bool(yes), line)
                    }
                    _ => self.unknown_call(expr, ctx),
                }
            }
            "split" => {
                let (separator, text) = (eval(self, 0), eval(self, 1));
                match (known_text(&separator), known_text(&text)) {
                    (Some(separator), Some(text)) if !separator.is_empty() => {
                        let items = text.split(separator.as_str()).map(|s| text_node(s, line)).collect();
                        self.make(Value::Seq(items), line)
                    }
                    _ => self.opaque_of(vec![text], expr, ctx),
                }
            }
            "can" => {
                let value = eval(self, 0);
                if known_bool(&value).is_some() || known_text(&value).is_some() {
                    self.make(Value::Bool(true), line)
                } else {
                    self.unknown_call(expr, ctx)
                }
            }
            _ => self.opaque(call, expr, ctx),
        }
    }

    /// A function the reader does not work out: the references in its arguments, or the call
    /// as written.
    fn opaque(&mut self, call: &FuncCall, expr: &Expression, ctx: &Ctx) -> Rc<Node> {
        let values = call.args.iter().map(|argument| self.eval(argument, ctx)).collect();
        self.opaque_of(values, expr, ctx)
    }

    fn opaque_of(&mut self, values: Vec<Rc<Node>>, expr: &Expression, ctx: &Ctx) -> Rc<Node> {
        let references: Vec<Rc<Node>> = values.into_iter().filter(|v| contains_reference(v)).collect();
        if references.is_empty() {
            self.unknown_call(expr, ctx)
        } else {
            let line = self.line(ctx, expr);
            self.make(Value::Seq(references), line)
        }
    }

    fn unknown_call(&self, expr: &Expression, ctx: &Ctx) -> Rc<Node> {
        super::values::unknown(&self.source(ctx, expr), self.line(ctx, expr))
    }

    /// The text of a document file named by a literal path (relative to the root module, as
    /// Terraform reads it), or a note saying why not.
    fn read_document(&mut self, path: &Rc<Node>, line: usize) -> Option<(String, String)> {
        let path = known_text(path)?;
        if !DOCUMENT_EXTENSIONS.iter().any(|extension| path.to_ascii_lowercase().ends_with(extension)) {
            return None;
        }
        let full = sources::join(&self.root_folder, &path);
        if self.bytes_read > MAX_READ_BYTES {
            self.notes.add(format!(
                "{full} (line {line}): files read by file() and templatefile() too large in all, not read"
            ));
            return None;
        }
        match self.files.read(&full) {
            Ok(text) => {
                self.bytes_read += text.len();
                self.charge(text.len());
                Some((full, text))
            }
            Err(problem) => {
                self.notes.add(format!("{full}, read by a function (line {line}): {problem}"));
                None
            }
        }
    }

    /// `templatefile(path, vars)`: the file read as a template whose only names are `vars`.
    fn templatefile(&mut self, path: &Rc<Node>, variables: &Rc<Node>, line: usize) -> Option<Rc<Node>> {
        let (full, text) = self.read_document(path, line)?;
        let template = match hcl_edit::parser::parse_template(&text) {
            Ok(template) => template,
            Err(error) => {
                let at = error.location();
                self.notes.add(format!(
                    "{full}, line {}, column {}: not a template Terraform can read ({}), not used",
                    at.line(),
                    at.column(),
                    error.message()
                ));
                return None;
            }
        };
        let bindings = variables.entries().iter().map(|(k, v)| (k.clone(), Rc::clone(v))).collect();
        let ctx = Ctx { module: None, origin: Origin::Text(Rc::from(text.as_str()), line), bindings };
        Some(self.template(&template, &ctx, line))
    }
}

/// `format("%s-%d", a, b)`: the parts of the string when the format is known; each verb
/// takes the next value (a reference stays a reference inside the string).
fn format(values: &[Rc<Node>]) -> Option<Vec<Part>> {
    let (spec, arguments) = values.split_first()?;
    let spec = known_text(spec)?;
    let mut parts: Vec<Part> = Vec::new();
    let mut arguments = arguments.iter();
    let mut chars = spec.chars().peekable();
    let mut literal = String::new();
    while let Some(c) = chars.next() {
        if c != '%' {
            literal.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            literal.push('%');
            continue;
        }
        // Flags, width and precision, then the verb.
        while chars.peek().is_some_and(|c| "+-# 0123456789.".contains(*c)) {
            chars.next();
        }
        chars.next();
        push_part(&mut parts, &text_node(std::mem::take(&mut literal), 0));
        push_part(&mut parts, arguments.next()?);
    }
    push_part(&mut parts, &text_node(literal, 0));
    Some(parts)
}

/// The items of nested lists, at most `limit` of them (lists may share items many times over).
fn flatten(list: &Rc<Node>, items: &mut Vec<Rc<Node>>, limit: &mut usize) {
    for item in list.items() {
        if *limit == 0 {
            return;
        }
        *limit -= 1;
        match &item.value {
            Value::Seq(_) => flatten(item, items, limit),
            _ => items.push(Rc::clone(item)),
        }
    }
}

fn title(text: &str) -> String {
    let mut start = true;
    text.chars()
        .map(|c| {
            let changed = if start { c.to_ascii_uppercase() } else { c };
            start = c.is_whitespace();
            changed
        })
        .collect()
}
