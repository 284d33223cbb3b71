//! Typed reading of the YAML tree, with YAML merge keys (`<<: *base`, which Threagile's own
//! example uses) and an error that says where a value of the wrong type is. Every item read
//! is counted against one budget, so a small file whose aliases repeat one list many times
//! cannot make the import walk millions of nodes.

use std::collections::HashSet;
use std::rc::Rc;

use crate::interop::format::FormatError;
use crate::interop::infrastructure::yaml::{Node, Value};

/// Items (entries and list items) an import may read: far more than any real model has,
/// few enough to end in well under a second whatever the aliases repeat.
const MAX_ITEMS: usize = 1_000_000;
/// Merge keys within merge keys: deeper than anyone writes them.
const MAX_MERGE_DEPTH: usize = 8;

/// The file's text (for columns in errors) and what is left of the budget.
pub(super) struct Reader<'t> {
    text: &'t str,
    items_left: usize,
}

/// One entry of a mapping: its key, its value and the key's line.
pub(super) struct Entry {
    pub key: String,
    pub value: Rc<Node>,
    pub line: usize,
}

impl<'t> Reader<'t> {
    pub fn new(text: &'t str) -> Self {
        Self { text, items_left: MAX_ITEMS }
    }

    /// An error at `line`, its column where `key` starts on that line (else where the line's
    /// text starts).
    pub fn error(&self, line: usize, key: &str, message: impl Into<String>) -> FormatError {
        let column = line.checked_sub(1).and_then(|n| self.text.lines().nth(n)).map_or(0, |text| {
            let found = if key.is_empty() { None } else { text.find(key) };
            let at = found.unwrap_or_else(|| text.len() - text.trim_start().len());
            text[..at].chars().count() + 1
        });
        FormatError::at(line, column, message)
    }

    fn spend(&mut self, line: usize) -> Result<(), FormatError> {
        self.items_left = self.items_left.checked_sub(1).ok_or_else(|| {
            FormatError::at(line, 0, "too large to import: the file repeats its parts (aliases) too many times")
        })?;
        Ok(())
    }

    /// The entries of a mapping, merged ones (`<<`) after the mapping's own and only where
    /// the mapping has no such key; nothing for a missing or empty (`~`) value. `what` names
    /// the value in the error for a value that is not a mapping.
    pub fn entries(&mut self, node: Option<&Rc<Node>>, what: &str) -> Result<Vec<Entry>, FormatError> {
        let Some(node) = node else { return Ok(Vec::new()) };
        match &node.value {
            Value::Null => Ok(Vec::new()),
            Value::Map(..) => {
                let mut out = Vec::new();
                self.collect(node, &mut out, &mut HashSet::new(), 0)?;
                Ok(out)
            }
            _ => Err(self.wrong(node, what, "a mapping of names to values")),
        }
    }

    fn collect(
        &mut self,
        node: &Node,
        out: &mut Vec<Entry>,
        seen: &mut HashSet<String>,
        depth: usize,
    ) -> Result<(), FormatError> {
        let mut merged = Vec::new();
        for ((key, value), &line) in node.entries().iter().zip(node.key_lines()) {
            self.spend(line)?;
            if key == "<<" {
                merged.push(Rc::clone(value));
            } else if seen.insert(key.clone()) || depth == 0 {
                out.push(Entry { key: key.clone(), value: Rc::clone(value), line });
            }
        }
        for base in merged {
            if depth >= MAX_MERGE_DEPTH {
                return Err(FormatError::at(base.line, 0, "merge keys (<<) nest too deeply"));
            }
            let bases: Vec<Rc<Node>> = match &base.value {
                Value::Seq(items) => items.clone(),
                _ => vec![Rc::clone(&base)],
            };
            for base in bases {
                if !matches!(base.value, Value::Map(..)) {
                    return Err(self.wrong(&base, "a merge key (<<)", "a mapping or a list of mappings"));
                }
                self.collect(&base, out, seen, depth + 1)?;
            }
        }
        Ok(())
    }

    /// A value of a mapping read with its merged entries: `key` looked up in `entries`.
    pub fn get<'e>(entries: &'e [Entry], key: &str) -> Option<&'e Entry> {
        entries.iter().find(|e| e.key == key)
    }

    /// The text under `key`, trimmed; `None` when missing, empty or `~`. Numbers and booleans
    /// are taken as written (ids and dates are often written as numbers).
    pub fn text(&self, entries: &[Entry], key: &str, owner: &str) -> Result<Option<String>, FormatError> {
        match Self::get(entries, key) {
            Some(entry) => self.scalar(entry, owner),
            None => Ok(None),
        }
    }

    /// An entry's value as text, as `text` reads it.
    pub fn scalar(&self, entry: &Entry, owner: &str) -> Result<Option<String>, FormatError> {
        match &entry.value.value {
            Value::Null => Ok(None),
            Value::Str(s) | Value::Number(s) => Ok(Some(s.trim().to_owned()).filter(|s| !s.is_empty())),
            Value::Bool(b) => Ok(Some(b.to_string())),
            _ => Err(self.wrong_entry(entry, owner, "text")),
        }
    }

    /// A yes/no value; missing or `~` is no, as in Threagile.
    pub fn flag(&self, entries: &[Entry], key: &str, owner: &str) -> Result<bool, FormatError> {
        let Some(entry) = Self::get(entries, key) else { return Ok(false) };
        match &entry.value.value {
            Value::Null => Ok(false),
            Value::Bool(b) => Ok(*b),
            Value::Str(s) if s.eq_ignore_ascii_case("true") || s.eq_ignore_ascii_case("false") => {
                Ok(s.eq_ignore_ascii_case("true"))
            }
            _ => Err(self.wrong_entry(entry, owner, "true or false")),
        }
    }

    /// A list of ids (or any texts) with the line of each; missing or `~` is empty.
    pub fn list(&mut self, entries: &[Entry], key: &str, owner: &str) -> Result<Vec<(String, usize)>, FormatError> {
        let Some(entry) = Self::get(entries, key) else { return Ok(Vec::new()) };
        let items = match &entry.value.value {
            Value::Null => return Ok(Vec::new()),
            Value::Seq(items) => items,
            _ => return Err(self.wrong_entry(entry, owner, "a list")),
        };
        let mut out = Vec::with_capacity(items.len().min(1024));
        for item in items {
            self.spend(item.line)?;
            match &item.value {
                Value::Null => {}
                Value::Str(s) | Value::Number(s) if !s.trim().is_empty() => out.push((s.trim().to_owned(), item.line)),
                Value::Str(_) | Value::Number(_) => {}
                _ => return Err(self.wrong(item, &format!("an item of \"{key}\" of {owner}"), "an id (text)")),
            }
        }
        Ok(out)
    }

    /// The mapping under `key` (with merged entries); missing or `~` is empty.
    pub fn map(&mut self, entries: &[Entry], key: &str, owner: &str) -> Result<Vec<Entry>, FormatError> {
        match Self::get(entries, key) {
            None => Ok(Vec::new()),
            Some(entry) => {
                let what = format!("\"{key}\" of {owner}");
                let value = Rc::clone(&entry.value);
                self.entries(Some(&value), &what).map_err(|e| self.at_key_line(e, entry))
            }
        }
    }

    /// An error about the value itself is reported at its key, where a reader looks for it.
    fn at_key_line(&self, error: FormatError, entry: &Entry) -> FormatError {
        if error.line == entry.value.line || error.line == 0 {
            self.error(entry.line, &entry.key, error.message)
        } else {
            error
        }
    }

    fn wrong_entry(&self, entry: &Entry, owner: &str, expected: &str) -> FormatError {
        let found = describe(&entry.value);
        self.error(
            entry.line,
            &entry.key,
            format!("\"{}\" of {owner} should be {expected}, but it is {found}", entry.key),
        )
    }

    fn wrong(&self, node: &Node, what: &str, expected: &str) -> FormatError {
        self.error(node.line, "", format!("{what} should be {expected}, but it is {}", describe(node)))
    }
}

/// What a value is, for messages: "a list", "the text \"x\"".
pub(super) fn describe(node: &Node) -> String {
    match &node.value {
        Value::Null => "empty".to_owned(),
        Value::Bool(b) => format!("{b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::Str(s) => format!("the text \"{}\"", s.chars().take(40).collect::<String>()),
        Value::Seq(_) => "a list".to_owned(),
        Value::Map(..) => "a mapping".to_owned(),
        Value::Tagged(tag, _) => format!("a value tagged !{tag}"),
    }
}
