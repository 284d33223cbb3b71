//! The Serverless Framework's `${…}` variables, resolved as the framework would before it
//! deploys: `${self:a.b}` from the service itself, `${file(x.yml):key}` from an included file,
//! `${opt:stage, 'dev'}` and `${sls:stage}` from their fallbacks and the framework's defaults,
//! `${construct:name.x}` as the construct it names. What needs the deploying machine or the
//! cloud (`env:`, `ssm:`, `cf:`, `s3:`, `param:`, `aws:accountId`) stays as written, and is
//! listed once each for the summary.

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use super::super::sources::{SourceFiles, join};
use super::super::yaml::{self, Budget, Node, Value};

/// Variables within variables within included files: deeper than any real service.
const MAX_DEPTH: usize = 24;
/// A resolved text longer than this is left as written: variables that double at every
/// level would otherwise build gigabytes.
const MAX_TEXT: usize = 1 << 16;

pub struct Resolver<'a> {
    root: Rc<Node>,
    files: &'a dyn SourceFiles,
    /// Where serverless.yml is: included paths are relative to it.
    folder: String,
    stage: String,
    region: String,
    /// Construct name → the resource id the construct becomes.
    pub constructs: HashMap<String, String>,
    /// Included files, parsed once.
    included: HashMap<String, Option<Rc<Node>>>,
    /// `self:` paths resolved once: a value used in many places is worked out once.
    resolved: HashMap<String, Rc<Node>>,
    /// Nodes that came whole from an included file, by address, with the file: resources and
    /// functions read from there say so.
    pub origins: HashMap<*const Node, String>,
    pub unresolved: BTreeSet<String>,
    pub missing_files: BTreeSet<String>,
    budget: &'a mut Budget,
}

enum Part {
    Text(String),
    Variable(Vec<Part>),
}

impl<'a> Resolver<'a> {
    pub fn new(root: Rc<Node>, files: &'a dyn SourceFiles, folder: &str, budget: &'a mut Budget) -> Self {
        let mut resolver = Self {
            root,
            files,
            folder: folder.to_owned(),
            stage: "dev".to_owned(),
            region: "us-east-1".to_owned(),
            constructs: HashMap::new(),
            included: HashMap::new(),
            resolved: HashMap::new(),
            origins: HashMap::new(),
            unresolved: BTreeSet::new(),
            missing_files: BTreeSet::new(),
            budget,
        };
        // The stage and region first: other values are built from them.
        for (key, default) in [("stage", "dev"), ("region", "us-east-1")] {
            let value = resolver.lookup(&["provider", key], 0).and_then(|n| n.text().map(|t| t.into_owned()));
            let value = value.filter(|v| !v.contains("${")).unwrap_or_else(|| default.to_owned());
            if key == "stage" {
                resolver.stage = value;
            } else {
                resolver.region = value;
            }
        }
        resolver
    }

    pub fn stage(&self) -> &str {
        &self.stage
    }

    /// The node at a path of the service, resolved.
    pub fn lookup(&mut self, path: &[&str], depth: usize) -> Option<Rc<Node>> {
        let key = path.join(".");
        if let Some(done) = self.resolved.get(&key) {
            return Some(Rc::clone(done));
        }
        let raw = path.iter().try_fold(Rc::clone(&self.root), |node, key| node.get(key).cloned())?;
        let resolved = self.resolve(&raw, depth + 1);
        self.resolved.insert(key, Rc::clone(&resolved));
        Some(resolved)
    }

    /// A copy of `node` with its variables resolved.
    pub fn resolve(&mut self, node: &Rc<Node>, depth: usize) -> Rc<Node> {
        if !self.budget.take() || depth > MAX_DEPTH {
            return Rc::clone(node);
        }
        match &node.value {
            Value::Str(text) if text.contains("${") => self.resolve_text(text, node.line, depth),
            Value::Map(entries, lines) => {
                let entries = entries.iter().map(|(k, v)| (k.clone(), self.resolve(v, depth))).collect();
                Node::new(Value::Map(entries, lines.clone()), node.line)
            }
            Value::Seq(items) => Node::seq_at(items.iter().map(|i| self.resolve(i, depth)).collect(), node.line),
            Value::Tagged(tag, inner) => Node::new(Value::Tagged(tag.clone(), self.resolve(inner, depth)), node.line),
            _ => Rc::clone(node),
        }
    }

    /// A text that is one variable becomes what it names (a mapping, a list); variables within
    /// a longer text become text.
    fn resolve_text(&mut self, text: &str, line: usize, depth: usize) -> Rc<Node> {
        let parts = parse(text);
        if let [Part::Variable(inner)] = parts.as_slice() {
            return match self.variable(inner, line, depth) {
                Some(node) => node,
                None => Node::text_at(text, line),
            };
        }
        let mut out = String::new();
        for part in &parts {
            match part {
                Part::Text(t) => out.push_str(t),
                Part::Variable(inner) => {
                    match self.variable(inner, line, depth).and_then(|n| n.text().map(|t| t.into_owned())) {
                        Some(value) => out.push_str(&value),
                        None => out.push_str(&format!("${{{}}}", flatten(inner))),
                    }
                }
            }
            if out.len() > MAX_TEXT {
                self.unresolved.insert(format!("{} (longer than {} KB once resolved)", clip(text), MAX_TEXT >> 10));
                return Node::text_at(text, line);
            }
        }
        Node::text_at(out, line)
    }

    /// `${address, fallback, …}`: the first that resolves.
    fn variable(&mut self, inner: &[Part], line: usize, depth: usize) -> Option<Rc<Node>> {
        let mut content = String::new();
        for part in inner {
            match part {
                Part::Text(t) => content.push_str(t),
                Part::Variable(nested) => {
                    let value = self.variable(nested, line, depth + 1)?;
                    content.push_str(&value.text()?);
                }
            }
        }
        let mut candidates = split_top_level(&content).into_iter();
        let address = candidates.next().unwrap_or_default();
        // `${AWS::Region}`, `${MyApi}`, `${stageVariables.x}`: CloudFormation's or API
        // Gateway's own, left for them.
        if !is_framework_variable(address.trim()) {
            return None;
        }
        if let Some(found) = self.address(address.trim(), line, depth) {
            return Some(found);
        }
        for fallback in candidates {
            let fallback = fallback.trim();
            let quoted = fallback
                .strip_prefix('\'')
                .and_then(|f| f.strip_suffix('\''))
                .or_else(|| fallback.strip_prefix('"').and_then(|f| f.strip_suffix('"')));
            if let Some(literal) = quoted {
                return Some(Node::text_at(literal, line));
            }
            if fallback.parse::<f64>().is_ok() {
                return Some(Node::new(Value::Number(fallback.to_owned()), line));
            }
            if let Some(found) = self.address(fallback, line, depth) {
                return Some(found);
            }
        }
        self.unresolved.insert(format!("${{{content}}}"));
        None
    }

    fn address(&mut self, address: &str, line: usize, depth: usize) -> Option<Rc<Node>> {
        if let Some(path) = address.strip_prefix("self:") {
            let keys: Vec<&str> = path.split('.').filter(|k| !k.is_empty()).collect();
            if keys.is_empty() {
                return None;
            }
            return match keys.as_slice() {
                ["provider", "stage"] => Some(Node::text_at(self.stage.clone(), line)),
                ["provider", "region"] => Some(Node::text_at(self.region.clone(), line)),
                _ => self.lookup(&keys, depth),
            };
        }
        if let Some(rest) = address.strip_prefix("file(") {
            let (path, key) = rest.split_once(')')?;
            let path = path.trim().trim_matches(['\'', '"']);
            return self.file(path, key.strip_prefix(':'), depth);
        }
        if let Some(rest) = address.strip_prefix("construct:") {
            let name = rest.split('.').next().unwrap_or_default();
            return self.constructs.get(name).map(|id| Node::reference(id.clone(), line));
        }
        match address {
            "sls:stage" => Some(Node::text_at(self.stage.clone(), line)),
            "aws:region" => Some(Node::text_at(self.region.clone(), line)),
            "self:service" => self.lookup(&["service"], depth),
            _ => None,
        }
    }

    /// An included file (YAML or JSON), or a key path inside it.
    fn file(&mut self, path: &str, key: Option<&str>, depth: usize) -> Option<Rc<Node>> {
        let full = join(&self.folder, path);
        if !self.included.contains_key(&full) {
            let parsed = match self.files.read(&full) {
                Ok(text) if path.ends_with(".yml") || path.ends_with(".yaml") || path.ends_with(".json") => {
                    match yaml::parse(&text) {
                        Ok(node) => Some(node),
                        Err(err) => {
                            self.missing_files.insert(format!("{path} (line {}: {})", err.line, err.message));
                            None
                        }
                    }
                }
                Ok(_) => {
                    self.missing_files.insert(format!("{path} (not YAML or JSON)"));
                    None
                }
                Err(_) => {
                    self.missing_files.insert(path.to_owned());
                    None
                }
            };
            self.included.insert(full.clone(), parsed);
        }
        let mut node = self.included.get(&full)?.clone()?;
        for part in key.unwrap_or_default().split('.').filter(|k| !k.is_empty()) {
            node = node.get(part)?.clone();
        }
        let resolved = self.resolve(&node, depth + 1);
        self.origins.insert(Rc::as_ptr(&resolved), full);
        Some(resolved)
    }
}

fn clip(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_owned(),
    }
}

/// `source:address` (one colon) or `file(…)`: the framework's; anything else is not.
fn is_framework_variable(address: &str) -> bool {
    if address.starts_with("file(") {
        return true;
    }
    let Some((source, rest)) = address.split_once(':') else { return false };
    !source.is_empty() && source.chars().all(|c| c.is_ascii_alphanumeric()) && !rest.starts_with(':')
}

/// Text and `${…}` variables, nested ones kept inside their variable; an unclosed `${` is text.
fn parse(text: &str) -> Vec<Part> {
    let mut stack: Vec<Vec<Part>> = vec![Vec::new()];
    let mut literal = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '$' && chars.peek() == Some(&'{') {
            chars.next();
            if !literal.is_empty() {
                stack.last_mut().into_iter().for_each(|p| p.push(Part::Text(std::mem::take(&mut literal))));
            }
            stack.push(Vec::new());
        } else if c == '}' && stack.len() > 1 {
            if !literal.is_empty() {
                stack.last_mut().into_iter().for_each(|p| p.push(Part::Text(std::mem::take(&mut literal))));
            }
            let inner = stack.pop().unwrap_or_default();
            if let Some(parent) = stack.last_mut() {
                parent.push(Part::Variable(inner));
            }
        } else {
            literal.push(c);
        }
    }
    // Unclosed variables are text after all.
    while stack.len() > 1 {
        let inner = stack.pop().unwrap_or_default();
        let text = format!("${{{}", flatten(&inner));
        if let Some(parent) = stack.last_mut() {
            parent.push(Part::Text(text));
        }
    }
    let mut parts = stack.pop().unwrap_or_default();
    if !literal.is_empty() {
        parts.push(Part::Text(literal));
    }
    parts
}

fn flatten(parts: &[Part]) -> String {
    parts
        .iter()
        .map(|p| match p {
            Part::Text(t) => t.clone(),
            Part::Variable(inner) => format!("${{{}}}", flatten(inner)),
        })
        .collect()
}

/// `opt:stage, 'dev'` at its commas, not those inside quotes or `file(…)`.
fn split_top_level(content: &str) -> Vec<String> {
    let mut pieces = vec![String::new()];
    let (mut quote, mut parens) = (None, 0usize);
    for c in content.chars() {
        match c {
            '\'' | '"' if quote == Some(c) => quote = None,
            '\'' | '"' if quote.is_none() => quote = Some(c),
            '(' if quote.is_none() => parens += 1,
            ')' if quote.is_none() => parens = parens.saturating_sub(1),
            ',' if quote.is_none() && parens == 0 => {
                pieces.push(String::new());
                continue;
            }
            _ => {}
        }
        pieces.last_mut().into_iter().for_each(|p| p.push(c));
    }
    pieces
}

#[cfg(test)]
mod tests {
    use super::super::super::sources::MemoryFiles;
    use super::*;

    fn resolved(service: &str, files: &MemoryFiles, path: &[&str]) -> (String, BTreeSet<String>) {
        let root = yaml::parse(service).unwrap();
        let mut budget = Budget::new();
        let mut resolver = Resolver::new(root, files, "", &mut budget);
        let node = resolver.lookup(path, 0).unwrap();
        (node.text().map(|t| t.into_owned()).unwrap_or_else(|| format!("{:?}", node.value)), resolver.unresolved)
    }

    #[test]
    fn self_opt_sls_and_file_variables_resolve_as_the_framework_would() {
        let service = "service: todo\nprovider:\n  stage: ${opt:stage, 'prod'}\n  environment:\n    TABLE: ${self:service}-${sls:stage}\n    REGION: ${opt:region, self:provider.region}\n    KEY: ${file(./secrets.yml):apiKey}\n    DB: ${env:DATABASE_URL}\n    NESTED: ${self:custom.${sls:stage}.name}\ncustom:\n  prod:\n    name: live\n";
        let files = MemoryFiles::new().with("secrets.yml", "apiKey: s3cr3t\n");
        assert_eq!(resolved(service, &files, &["provider", "environment", "TABLE"]).0, "todo-prod");
        assert_eq!(resolved(service, &files, &["provider", "environment", "REGION"]).0, "us-east-1");
        assert_eq!(resolved(service, &files, &["provider", "environment", "KEY"]).0, "s3cr3t");
        assert_eq!(resolved(service, &files, &["provider", "environment", "NESTED"]).0, "live");
        let (db, unresolved) = resolved(service, &files, &["provider", "environment", "DB"]);
        assert_eq!(db, "${env:DATABASE_URL}");
        assert!(unresolved.contains("${env:DATABASE_URL}"), "{unresolved:?}");
    }

    #[test]
    fn a_variable_that_refers_to_itself_ends() {
        let service = "service: loop\ncustom:\n  a: ${self:custom.b}\n  b: ${self:custom.a}\n";
        let (value, _) = resolved(service, &MemoryFiles::new(), &["custom", "a"]);
        assert!(value.contains("${"), "{value}");
    }
}
