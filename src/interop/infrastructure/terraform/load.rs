//! The files of a configuration and of the local modules it calls, parsed, with the tree of
//! module instances. Remote modules (registry, git, http) are not fetched; modules that include
//! themselves, directly or through others, are read once; depth, count and size are bounded so
//! that hostile input ends quickly.

use std::collections::HashMap;

use hcl_edit::Span;
use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body, Structure};

use super::super::InfrastructureError;
use super::super::sources::{self, SourceFiles};

/// Deeper than any real configuration nests its modules.
const MAX_MODULE_DEPTH: usize = 16;
/// Module instances in one import: a few dozen in large real configurations.
const MAX_MODULES: usize = 256;
/// Files parsed in one import.
const MAX_FILES: usize = 2_000;
/// One file, and all files together: real .tf files are kilobytes, and parsing takes about
/// 0.1 s a megabyte, so the largest accepted configuration still reads in about a second.
const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;
const MAX_TOTAL_BYTES: usize = 8 * 1024 * 1024;

/// A parsed .tf or .tfvars file.
pub struct File {
    /// Relative to where the import starts.
    pub path: String,
    pub text: String,
    pub body: Body,
    line_starts: Vec<usize>,
}

impl File {
    /// The 1-based line of a byte offset.
    pub fn line_at(&self, offset: usize) -> usize {
        self.line_starts.partition_point(|start| *start <= offset).max(1)
    }

    /// The line where something parsed from this file starts.
    pub fn line_of(&self, spanned: &dyn Span) -> usize {
        spanned.span().map_or(1, |range| self.line_at(range.start))
    }

    /// The source text of something parsed from this file, shortened for a summary.
    pub fn source_of(&self, spanned: &dyn Span) -> String {
        let text = spanned.span().and_then(|range| self.text.get(range)).unwrap_or("…").trim();
        match text.char_indices().nth(80) {
            Some((end, _)) => format!("{}…", &text[..end]),
            None => text.to_owned(),
        }
    }
}

/// One instance of a module: the root configuration or a local module called from it.
pub struct Module {
    /// What its resource ids start with: "" or "module.sqs.".
    pub prefix: String,
    /// Its folder relative to the root module's, as Terraform's `path.module` gives it.
    pub relative: String,
    /// The module that calls it, and the file and position of the `module` block there.
    pub call: Option<Call>,
    /// Its .tf files, as indices into `Configuration::files`.
    pub files: Vec<usize>,
    /// Local modules it calls that were read, by name.
    pub children: HashMap<String, usize>,
}

pub struct Call {
    pub parent: usize,
    pub file: usize,
    pub index: usize,
}

pub struct Configuration {
    pub files: Vec<File>,
    /// The root first, then each local module after the module that calls it.
    pub modules: Vec<Module>,
    /// `terraform.tfvars` and `*.auto.tfvars` of the root module.
    pub tfvars: Vec<usize>,
    pub notes: Vec<String>,
}

impl Configuration {
    /// The `module` block that made a module instance.
    pub fn call_block(&self, module: usize) -> Option<(&Block, usize)> {
        let call = self.modules.get(module)?.call.as_ref()?;
        let block = self.files.get(call.file)?.body.get(call.index)?.as_block()?;
        Some((block, call.file))
    }
}

/// Reads the configuration in `folder` and every local module it calls.
pub fn load(files: &dyn SourceFiles, folder: &str) -> Result<Configuration, InfrastructureError> {
    let folder = sources::normalise(folder);
    let mut loader = Loader { files, configuration: empty(), by_path: HashMap::new(), bytes: 0 };
    let names = files.list(&folder);
    if !names.iter().any(|name| name.ends_with(".tf")) {
        let place = if folder.is_empty() { "this folder".to_owned() } else { folder.clone() };
        return Err(InfrastructureError::whole(format!("There are no Terraform files (.tf) in {place}")));
    }
    for name in names.iter().filter(|n| *n == "terraform.tfvars" || n.ends_with(".auto.tfvars")) {
        let index = loader.parse(&sources::join(&folder, name))?;
        loader.configuration.tfvars.push(index);
    }
    // The stack of modules being read: (module, folder, the folders of its callers).
    let root = loader.module(&folder, String::new(), String::new(), None)?;
    let mut pending = vec![(root, folder.clone(), vec![folder])];
    while let Some((module, folder, ancestors)) = pending.pop() {
        let mut children = Vec::new();
        for (name, source, call) in loader.module_calls(module) {
            if let Some(child) = loader.child(module, &name, &source, call, &folder, &ancestors)? {
                let child_folder = sources::join(&folder, &source);
                let mut chain = ancestors.clone();
                chain.push(child_folder.clone());
                children.push((child, child_folder, chain));
            }
        }
        // Reversed so that they come off the stack in file order.
        pending.extend(children.into_iter().rev());
    }
    Ok(loader.configuration)
}

fn empty() -> Configuration {
    Configuration { files: Vec::new(), modules: Vec::new(), tfvars: Vec::new(), notes: Vec::new() }
}

struct Loader<'f> {
    files: &'f dyn SourceFiles,
    configuration: Configuration,
    by_path: HashMap<String, usize>,
    bytes: usize,
}

impl Loader<'_> {
    /// Parses a file once, however many module instances use it.
    fn parse(&mut self, path: &str) -> Result<usize, InfrastructureError> {
        if let Some(index) = self.by_path.get(path) {
            return Ok(*index);
        }
        let too_large = |what: &str| InfrastructureError {
            file: Some(path.to_owned()),
            line: 1,
            column: 1,
            message: format!("{what} too large to import"),
        };
        if self.configuration.files.len() >= MAX_FILES {
            return Err(too_large("the configuration has too many files:"));
        }
        let text = self.files.read(path).map_err(|message| InfrastructureError {
            file: Some(path.to_owned()),
            line: 1,
            column: 1,
            message,
        })?;
        self.bytes += text.len();
        if text.len() > MAX_FILE_BYTES {
            return Err(too_large("the file is"));
        }
        if self.bytes > MAX_TOTAL_BYTES {
            return Err(too_large("the configuration is"));
        }
        let body = hcl_edit::parser::parse_body(&text).map_err(|error| InfrastructureError {
            file: Some(path.to_owned()),
            line: error.location().line(),
            column: error.location().column(),
            message: error.message().to_owned(),
        })?;
        let line_starts =
            std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect::<Vec<usize>>();
        let index = self.configuration.files.len();
        self.configuration.files.push(File { path: path.to_owned(), text, body, line_starts });
        self.by_path.insert(path.to_owned(), index);
        Ok(index)
    }

    /// A module instance for the .tf files of `folder`.
    fn module(
        &mut self,
        folder: &str,
        prefix: String,
        relative: String,
        call: Option<Call>,
    ) -> Result<usize, InfrastructureError> {
        let mut indices = Vec::new();
        for name in self.files.list(folder) {
            if name.ends_with(".tf") {
                indices.push(self.parse(&sources::join(folder, &name))?);
            } else if name.ends_with(".tf.json") {
                let path = sources::join(folder, &name);
                self.configuration.notes.push(format!("{path}: Terraform JSON files are not read"));
            }
        }
        self.configuration.modules.push(Module { prefix, relative, call, files: indices, children: HashMap::new() });
        Ok(self.configuration.modules.len() - 1)
    }

    /// The `module` blocks of a module: name, source and where the block is.
    fn module_calls(&self, module: usize) -> Vec<(String, String, Call)> {
        let Some(found) = self.configuration.modules.get(module) else { return Vec::new() };
        let mut calls = Vec::new();
        for &file in &found.files {
            let Some(parsed) = self.configuration.files.get(file) else { continue };
            for (index, structure) in parsed.body.iter().enumerate() {
                let Structure::Block(block) = structure else { continue };
                let (true, [label]) = (block.ident.as_str() == "module", block.labels.as_slice()) else { continue };
                // Terraform requires a literal source, so no evaluation is needed to find it.
                let source = block.body.get_attribute("source").and_then(|a| literal(&a.value)).unwrap_or_default();
                calls.push((label.as_str().to_owned(), source, Call { parent: module, file, index }));
            }
        }
        calls
    }

    /// Reads a called module if it is local and not already being read; notes why not if not.
    fn child(
        &mut self,
        parent: usize,
        name: &str,
        source: &str,
        call: Call,
        folder: &str,
        ancestors: &[String],
    ) -> Result<Option<usize>, InfrastructureError> {
        let Some(caller) = self.configuration.modules.get(parent) else { return Ok(None) };
        let prefix = format!("{}module.{name}.", caller.prefix);
        let shown =
            format!("{}module {name}", caller.prefix.strip_suffix('.').map(|p| format!("{p}: ")).unwrap_or_default());
        let relative = sources::normalise(&format!("{}/{source}", caller.relative));
        let notes = &mut self.configuration.notes;
        if !(source.starts_with("./") || source.starts_with("../") || source == "." || source == "..") {
            notes.push(format!("{shown}: {} {source}, not read", remote_kind(source)));
            return Ok(None);
        }
        let child_folder = sources::join(folder, source);
        if ancestors.contains(&child_folder) {
            notes.push(format!("{shown}: {source} includes itself (a module cycle), not read again"));
            return Ok(None);
        }
        if ancestors.len() > MAX_MODULE_DEPTH {
            notes.push(format!("{shown}: modules nested more than {MAX_MODULE_DEPTH} deep are not read"));
            return Ok(None);
        }
        if self.configuration.modules.len() >= MAX_MODULES {
            notes.push(format!("{shown}: more than {MAX_MODULES} module instances, the rest not read"));
            return Ok(None);
        }
        if !self.files.list(&child_folder).iter().any(|n| n.ends_with(".tf")) {
            notes.push(format!("{shown}: no Terraform files in {source}, not read"));
            return Ok(None);
        }
        let child = self.module(&child_folder, prefix, relative, Some(call))?;
        if let Some(caller) = self.configuration.modules.get_mut(parent) {
            caller.children.insert(name.to_owned(), child);
        }
        Ok(Some(child))
    }
}

/// What kind of remote source a module has, for the summary.
fn remote_kind(source: &str) -> &'static str {
    if source.is_empty() {
        "no literal source"
    } else if source.starts_with("git::") || source.starts_with("github.com/") || source.starts_with("git@") {
        "git module"
    } else if source.starts_with("http://") || source.starts_with("https://") || source.starts_with("s3::") {
        "remote archive"
    } else {
        "registry module"
    }
}

/// A string literal's text, or a template with no interpolation in it.
pub fn literal(expr: &Expression) -> Option<String> {
    match expr {
        Expression::String(s) => Some(s.value().clone()),
        Expression::StringTemplate(t) => {
            t.iter().map(|element| element.as_literal().map(|l| l.value().clone())).collect::<Option<String>>()
        }
        _ => None,
    }
}
