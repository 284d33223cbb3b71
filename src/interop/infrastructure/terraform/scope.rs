//! What each module declares (variables, locals, outputs, policy documents, resources) and
//! how a name finds its value: a variable from the caller's arguments, the root's .tfvars or
//! its default; a local or an output from its expression. Each is worked out once; a name
//! that needs itself is left as written.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body};

use super::super::yaml::Node;
use super::eval::{Ctx, Evaluator};
use super::load::Configuration;
use super::values::unknown;

#[derive(Clone, Copy)]
pub(super) struct At<'a> {
    pub(super) expr: &'a Expression,
    pub(super) file: usize,
}

/// What a module declares, by name.
#[derive(Default)]
pub(super) struct Scope<'a> {
    pub(super) defaults: HashMap<&'a str, At<'a>>,
    /// Values given to its variables: the `module` block's arguments (evaluated in the caller),
    /// or the root's .tfvars.
    pub(super) arguments: HashMap<&'a str, At<'a>>,
    pub(super) locals: HashMap<&'a str, At<'a>>,
    pub(super) outputs: HashMap<&'a str, At<'a>>,
    /// `data "aws_iam_policy_document"` blocks, which are policies written in HCL.
    pub(super) documents: HashMap<&'a str, (&'a Block, usize)>,
    /// `type.name` of the AWS resources it declares.
    pub(super) resources: HashSet<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Kind {
    Var,
    Local,
    Output,
    Document,
}

impl Evaluator<'_> {
    /// A variable, local, module output or policy document, worked out once.
    pub(super) fn lookup(&mut self, module: usize, kind: Kind, name: &str, line: usize) -> Rc<Node> {
        let key = (module, kind, name.to_owned());
        if let Some(value) = self.memo.get(&key) {
            return Rc::clone(value);
        }
        if !self.active.insert(key.clone()) {
            self.notes.add(format!("{} refers to itself: left as written", self.shown(module, kind, name)));
            return unknown(&self.shown(module, kind, name), line);
        }
        let value = match kind {
            Kind::Var => self.variable(module, name, line),
            Kind::Local | Kind::Output => {
                let scope = self.scopes.get(module);
                let at = scope.and_then(|s| if kind == Kind::Local { s.locals.get(name) } else { s.outputs.get(name) });
                match at.copied() {
                    Some(at) => self.eval(at.expr, &Ctx::file(module, at.file)),
                    None => unknown(&self.shown(module, kind, name), line),
                }
            }
            Kind::Document => {
                let found = self.scopes.get(module).and_then(|s| s.documents.get(name)).copied();
                match found {
                    Some((block, file)) => {
                        let ctx = Ctx::file(module, file);
                        let block_line = self.line(&ctx, block);
                        let settings = self.settings(&block.body, &ctx, block_line, true);
                        super::document::policy_document(&settings, block_line)
                    }
                    None => unknown(&self.shown(module, kind, name), line),
                }
            }
        };
        self.active.remove(&key);
        self.memo.insert(key, Rc::clone(&value));
        value
    }

    fn shown(&self, module: usize, kind: Kind, name: &str) -> String {
        let prefix = self.config.modules.get(module).map(|m| m.prefix.as_str()).unwrap_or_default();
        let kind = match kind {
            Kind::Var => "var",
            Kind::Local => "local",
            Kind::Output => "output",
            Kind::Document => "data.aws_iam_policy_document",
        };
        format!("{prefix}{kind}.{name}")
    }

    /// A variable's value: given by the caller (or a .tfvars file), else its default.
    fn variable(&mut self, module: usize, name: &str, line: usize) -> Rc<Node> {
        let Some(scope) = self.scopes.get(module) else { return unknown(&format!("var.{name}"), line) };
        if let Some(at) = scope.arguments.get(name).copied() {
            let caller = self.config.modules.get(module).and_then(|m| m.call.as_ref()).map(|c| c.parent);
            let mut ctx = Ctx::file(caller.unwrap_or(module), at.file);
            if caller.is_some() {
                ctx.bindings = self.instances_of(module).unwrap_or_default();
            }
            return self.eval(at.expr, &ctx);
        }
        if let Some(at) = scope.defaults.get(name).copied() {
            return self.eval(at.expr, &Ctx::file(module, at.file));
        }
        self.notes.unresolved.insert(self.shown(module, Kind::Var, name));
        unknown(&format!("var.{name}"), line)
    }
}

/// What a module declares, and the values given to its variables.
pub(super) fn scope(config: &Configuration, module: usize) -> Scope<'_> {
    let mut scope = Scope::default();
    let Some(found) = config.modules.get(module) else { return scope };
    for &file in &found.files {
        let Some(parsed) = config.files.get(file) else { continue };
        for block in parsed.body.blocks() {
            let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
            match (block.ident.as_str(), labels.as_slice()) {
                ("variable", [name]) => {
                    if let Some(default) = block.body.get_attribute("default") {
                        scope.defaults.insert(name, At { expr: &default.value, file });
                    }
                }
                ("locals", []) => {
                    for attribute in block.body.attributes() {
                        scope.locals.insert(attribute.key.as_str(), At { expr: &attribute.value, file });
                    }
                }
                ("output", [name]) => {
                    if let Some(value) = block.body.get_attribute("value") {
                        scope.outputs.insert(name, At { expr: &value.value, file });
                    }
                }
                ("data", ["aws_iam_policy_document", name]) => {
                    scope.documents.insert(name, (block, file));
                }
                ("resource", [kind, name]) if kind.starts_with("aws_") => {
                    scope.resources.insert(format!("{kind}.{name}"));
                }
                _ => {}
            }
        }
    }
    // The caller's arguments, or the root's .tfvars.
    const NOT_VARIABLES: [&str; 6] = ["source", "version", "count", "for_each", "providers", "depends_on"];
    let given: Vec<(&Body, usize)> = match config.call_block(module) {
        Some((block, file)) => vec![(&block.body, file)],
        None if module == 0 => {
            config.tfvars.iter().filter_map(|&f| config.files.get(f).map(|parsed| (&parsed.body, f))).collect()
        }
        None => Vec::new(),
    };
    for (body, file) in given {
        for attribute in body.attributes().filter(|a| !NOT_VARIABLES.contains(&a.key.as_str())) {
            scope.arguments.insert(attribute.key.as_str(), At { expr: &attribute.value, file });
        }
    }
    scope
}
