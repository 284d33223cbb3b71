//! Terraform expressions read into the importer's tree. Literals keep their values; a
//! reference to a resource becomes a `Ref` to its id (`aws_sqs_queue.orders.arn` →
//! `Ref aws_sqs_queue.orders`), wherever it is (string templates, function calls, both
//! branches of a condition not known); `var.x`, `local.x` and module outputs are worked out
//! where their values are known, else left as written (`${var.x}`). Every lookup is
//! remembered, cycles and deep chains are cut off, and nodes are counted against the import's
//! budget, so hostile input ends quickly.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::rc::Rc;

use hcl_edit::Span;
use hcl_edit::expr::{
    BinaryOperator, Conditional, Expression, ForExpr, ObjectKey, Traversal, TraversalOperator, UnaryOperator,
};
use hcl_edit::template::{Directive, Element, Template};

use super::super::sources::SourceFiles;
use super::super::yaml::{Budget, Node, Value};
use super::load::{Configuration, File};
use super::scope::{Kind, Scope, scope};
use super::settings::Instances;
use super::values::{
    Part, contains_reference, equal, is_unknown, join, known_bool, known_number, known_text, node, number, push_part,
    reference, text_length, text_node, unknown,
};

/// Nested evaluation (expressions within expressions, variables naming locals naming
/// outputs…): deep enough for real configurations, shallow enough for any thread's stack.
const MAX_DEPTH: usize = 120;
/// Items a `for` expression or a `for_each` is worked out over, one by one.
const MAX_ITERATIONS: usize = 1_000;

/// Where an expression was written: in a .tf file, or in a template file read by
/// `templatefile()` (its nodes take the line of the call).
#[derive(Clone)]
pub enum Origin {
    File(usize),
    Text(Rc<str>, usize),
}

/// What an expression is evaluated in: a module (none in a template file), where it is
/// written, and the names bound around it (`each`, `count`, `for` variables, a dynamic
/// block's iterator, a template's variables).
#[derive(Clone)]
pub struct Ctx {
    pub module: Option<usize>,
    pub origin: Origin,
    pub bindings: Vec<(String, Rc<Node>)>,
}

impl Ctx {
    pub fn file(module: usize, file: usize) -> Self {
        Self { module: Some(module), origin: Origin::File(file), bindings: Vec::new() }
    }

    pub(super) fn binding(&self, name: &str) -> Option<Rc<Node>> {
        self.bindings.iter().rev().find(|(n, _)| n == name).map(|(_, v)| Rc::clone(v))
    }

    pub(super) fn with(&self, bindings: impl IntoIterator<Item = (String, Rc<Node>)>) -> Self {
        let mut ctx = self.clone();
        ctx.bindings.extend(bindings);
        ctx
    }
}

/// What the reader has to say about what it could not work out.
#[derive(Default)]
pub struct Notes {
    pub lines: Vec<String>,
    seen: HashSet<String>,
    /// Variables without a value, as `var.x` or `module.m.var.x`.
    pub unresolved: BTreeSet<String>,
}

impl Notes {
    pub fn add(&mut self, note: String) {
        if self.seen.insert(note.clone()) {
            self.lines.push(note);
        }
    }
}

pub struct Evaluator<'a> {
    pub config: &'a Configuration,
    pub(super) scopes: Vec<Scope<'a>>,
    pub files: &'a dyn SourceFiles,
    /// Where the root module is: `file()` paths are relative to it.
    pub root_folder: String,
    pub budget: &'a mut Budget,
    pub(super) memo: HashMap<(usize, Kind, String), Rc<Node>>,
    pub(super) active: HashSet<(usize, Kind, String)>,
    /// Whether each module instance is created (`count = 0` on its `module` block), and the
    /// `each`/`count` its arguments see.
    pub(super) instances: HashMap<usize, Instances>,
    depth: usize,
    /// Bytes of files read by `file()` and `templatefile()`.
    pub bytes_read: usize,
    pub notes: Notes,
}

impl<'a> Evaluator<'a> {
    pub fn new(
        config: &'a Configuration,
        files: &'a dyn SourceFiles,
        root_folder: &str,
        budget: &'a mut Budget,
    ) -> Self {
        let scopes = (0..config.modules.len()).map(|m| scope(config, m)).collect();
        Self {
            config,
            scopes,
            files,
            root_folder: root_folder.to_owned(),
            budget,
            memo: HashMap::new(),
            active: HashSet::new(),
            instances: HashMap::new(),
            depth: 0,
            bytes_read: 0,
            notes: Notes::default(),
        }
    }

    fn file(&self, origin: &Origin) -> Option<&'a File> {
        match origin {
            Origin::File(index) => self.config.files.get(*index),
            Origin::Text(..) => None,
        }
    }

    pub fn line(&self, ctx: &Ctx, spanned: &dyn Span) -> usize {
        match &ctx.origin {
            Origin::File(_) => self.file(&ctx.origin).map_or(1, |f| f.line_of(spanned)),
            Origin::Text(_, line) => *line,
        }
    }

    pub fn source(&self, ctx: &Ctx, spanned: &dyn Span) -> String {
        match &ctx.origin {
            Origin::File(_) => self.file(&ctx.origin).map_or_else(String::new, |f| f.source_of(spanned)),
            Origin::Text(text, _) => {
                spanned.span().and_then(|range| text.get(range)).unwrap_or("…").chars().take(80).collect()
            }
        }
    }

    pub(super) fn unknown(&self, ctx: &Ctx, expr: &Expression) -> Rc<Node> {
        unknown(&self.source(ctx, expr), self.line(ctx, expr))
    }

    /// A new node, counted against the budget (null once it is spent).
    pub fn make(&mut self, value: Value, line: usize) -> Rc<Node> {
        if self.budget.take() { node(value, line) } else { node(Value::Null, line) }
    }

    pub fn map(&mut self, entries: Vec<(String, Rc<Node>)>, line: usize) -> Rc<Node> {
        let lines = vec![line; entries.len()];
        self.make(Value::Map(entries, lines), line)
    }

    /// The value of an expression.
    pub fn eval(&mut self, expr: &Expression, ctx: &Ctx) -> Rc<Node> {
        if self.budget.spent() {
            // The reader's caller says the configuration was too large to read whole.
            return self.unknown(ctx, expr);
        }
        if self.depth >= MAX_DEPTH {
            self.notes.add(format!(
                "Some values are nested more than {MAX_DEPTH} levels deep (expressions, variables, locals, outputs): left as written"
            ));
            return self.unknown(ctx, expr);
        }
        self.depth += 1;
        let value = self.eval_inner(expr, ctx);
        self.depth -= 1;
        value
    }

    fn eval_inner(&mut self, expr: &Expression, ctx: &Ctx) -> Rc<Node> {
        let line = self.line(ctx, expr);
        match expr {
            Expression::Null(_) => self.make(Value::Null, line),
            Expression::Bool(b) => self.make(Value::Bool(*b.value()), line),
            Expression::Number(n) => self.make(Value::Number(n.value().to_string()), line),
            Expression::String(s) => self.make(Value::Str(s.value().clone()), line),
            Expression::Array(array) => {
                let items = array.iter().map(|item| self.eval(item, ctx)).collect();
                self.make(Value::Seq(items), line)
            }
            Expression::Object(object) => {
                let mut entries = Vec::with_capacity(object.len());
                for (key, value) in object.iter() {
                    let key = match key {
                        ObjectKey::Ident(ident) => ident.as_str().to_owned(),
                        ObjectKey::Expression(key) => {
                            let key_value = self.eval(key, ctx);
                            known_text(&key_value).unwrap_or_else(|| format!("${{{}}}", self.source(ctx, key)))
                        }
                    };
                    entries.push((key, self.eval(value.expr(), ctx)));
                }
                self.map(entries, line)
            }
            Expression::StringTemplate(template) => self.template(template, ctx, line),
            Expression::HeredocTemplate(heredoc) => self.template(&heredoc.template, ctx, line),
            Expression::Parenthesis(inner) => self.eval(inner.inner(), ctx),
            Expression::Variable(name) => ctx.binding(name.as_str()).unwrap_or_else(|| self.unknown(ctx, expr)),
            Expression::Conditional(conditional) => self.conditional(conditional, expr, ctx),
            Expression::FuncCall(call) => self.call(call, expr, ctx),
            Expression::Traversal(traversal) => self.traversal(traversal, expr, ctx),
            Expression::UnaryOp(op) => {
                let operand = self.eval(&op.expr, ctx);
                let value = match op.operator.value() {
                    UnaryOperator::Not => known_bool(&operand).map(|b| node(Value::Bool(!b), line)),
                    UnaryOperator::Neg => known_number(&operand).map(|n| number(-n, line)),
                };
                match value {
                    Some(value) => value,
                    None if contains_reference(&operand) => operand,
                    None => self.unknown(ctx, expr),
                }
            }
            Expression::BinaryOp(op) => {
                let lhs = self.eval(&op.lhs_expr, ctx);
                let operator = *op.operator.value();
                // `false && x` and `true || x` are known whatever x is.
                match (operator, known_bool(&lhs)) {
                    (BinaryOperator::And, Some(false)) => return self.make(Value::Bool(false), line),
                    (BinaryOperator::Or, Some(true)) => return self.make(Value::Bool(true), line),
                    _ => {}
                }
                let rhs = self.eval(&op.rhs_expr, ctx);
                match binary(operator, &lhs, &rhs, line) {
                    Some(value) => value,
                    None if contains_reference(&lhs) || contains_reference(&rhs) => {
                        self.make(Value::Seq(vec![lhs, rhs]), line)
                    }
                    None => self.unknown(ctx, expr),
                }
            }
            Expression::ForExpr(for_expr) => self.for_expr(for_expr, ctx, line),
        }
    }

    /// A condition's branch when the condition is known; else both, so that the references
    /// of each are kept (CloudFormation's `Fn::If`).
    fn conditional(&mut self, conditional: &Conditional, expr: &Expression, ctx: &Ctx) -> Rc<Node> {
        let condition = self.eval(&conditional.cond_expr, ctx);
        match known_bool(&condition) {
            Some(true) => self.eval(&conditional.true_expr, ctx),
            Some(false) => self.eval(&conditional.false_expr, ctx),
            None => {
                let (yes, no) = (self.eval(&conditional.true_expr, ctx), self.eval(&conditional.false_expr, ctx));
                let line = self.line(ctx, expr);
                if equal(&yes, &no, 0) == Some(true) {
                    yes
                } else if contains_reference(&yes) || contains_reference(&no) {
                    let source = self.make(Value::Str(self.source(ctx, &conditional.cond_expr)), line);
                    let arguments = self.make(Value::Seq(vec![source, yes, no]), line);
                    self.make(Value::Tagged("If".to_owned(), arguments), line)
                } else {
                    self.unknown(ctx, expr)
                }
            }
        }
    }

    fn for_expr(&mut self, for_expr: &ForExpr, ctx: &Ctx, line: usize) -> Rc<Node> {
        let intro = &for_expr.intro;
        let collection = self.eval(&intro.collection_expr, ctx);
        let key_name = intro.key_var.as_ref().map(|k| k.as_str().to_owned());
        let value_name = intro.value_var.as_str().to_owned();
        let rounds: Vec<(Rc<Node>, Rc<Node>)> = match self.items(&collection, line) {
            Some(items) => items,
            // Not known: once, with the collection standing for each item so its references stay.
            None => {
                let each = if contains_reference(&collection) { collection } else { unknown(&value_name, line) };
                vec![(unknown(key_name.as_deref().unwrap_or("key"), line), each)]
            }
        };
        let mut keys = Vec::new();
        let mut values = Vec::new();
        for (key, value) in rounds {
            if self.budget.spent() {
                break;
            }
            // `for v in xs` names the item; `for k, v in xs` the key (or index) and the item.
            let mut bindings = vec![(value_name.clone(), value)];
            if let Some(key_name) = &key_name {
                bindings.push((key_name.clone(), key));
            }
            let inner = ctx.with(bindings);
            if let Some(condition) = &for_expr.cond {
                let keep = self.eval(&condition.expr, &inner);
                if known_bool(&keep) == Some(false) {
                    continue;
                }
            }
            if let Some(key_expr) = &for_expr.key_expr {
                let key = self.eval(key_expr, &inner);
                keys.push(known_text(&key).unwrap_or_else(|| format!("${{{}}}", self.source(ctx, key_expr))));
            }
            values.push(self.eval(&for_expr.value_expr, &inner));
        }
        if for_expr.key_expr.is_none() {
            return self.make(Value::Seq(values), line);
        }
        let mut entries: Vec<(String, Rc<Node>)> = Vec::new();
        for (key, value) in keys.into_iter().zip(values) {
            match entries.iter_mut().find(|(k, _)| *k == key) {
                // `k => v...` groups values by key; without `...` the last wins.
                Some((_, existing)) if for_expr.grouping => {
                    let mut items = existing.items().to_vec();
                    items.push(value);
                    *existing = node(Value::Seq(items), line);
                }
                Some((_, existing)) => *existing = value,
                None if for_expr.grouping => entries.push((key, node(Value::Seq(vec![value]), line))),
                None => entries.push((key, value)),
            }
        }
        self.map(entries, line)
    }

    /// The keys (or indices) and items of a known collection, if not too many.
    pub fn items(&mut self, collection: &Rc<Node>, line: usize) -> Option<Vec<(Rc<Node>, Rc<Node>)>> {
        match &collection.value {
            Value::Seq(items) if items.len() <= MAX_ITERATIONS => {
                Some(items.iter().enumerate().map(|(i, item)| (number(i as f64, line), Rc::clone(item))).collect())
            }
            Value::Map(entries, _) if entries.len() <= MAX_ITERATIONS => {
                Some(entries.iter().map(|(k, v)| (text_node(k.clone(), line), Rc::clone(v))).collect())
            }
            Value::Null => Some(Vec::new()),
            _ => None,
        }
    }

    pub fn template(&mut self, template: &Template, ctx: &Ctx, line: usize) -> Rc<Node> {
        let mut parts = Vec::new();
        self.template_parts(template, ctx, &mut parts);
        self.joined(parts, line)
    }

    /// A string from its parts, its text counted against the budget: strings built from
    /// strings (and kept as the values of locals) could otherwise fill the memory.
    pub fn joined(&mut self, parts: Vec<Part>, line: usize) -> Rc<Node> {
        self.charge(text_length(&parts));
        join(parts, line)
    }

    fn template_parts(&mut self, template: &Template, ctx: &Ctx, parts: &mut Vec<Part>) {
        for element in template.iter() {
            if self.budget.spent() {
                return;
            }
            match element {
                Element::Literal(text) => push_part(parts, &text_node(text.value().clone(), 0)),
                Element::Interpolation(interpolation) => {
                    let value = self.eval(&interpolation.expr, ctx);
                    push_part(parts, &value);
                }
                Element::Directive(directive) => match directive.as_ref() {
                    Directive::If(found) => {
                        let condition = self.eval(&found.if_expr.cond_expr, ctx);
                        let known = known_bool(&condition);
                        if known != Some(false) {
                            self.template_parts(&found.if_expr.template, ctx, parts);
                        }
                        if let (Some(otherwise), true) = (&found.else_expr, known != Some(true)) {
                            self.template_parts(&otherwise.template, ctx, parts);
                        }
                    }
                    Directive::For(found) => {
                        let each = &found.for_expr;
                        let line = self.line(ctx, &each.collection_expr);
                        let collection = self.eval(&each.collection_expr, ctx);
                        let rounds = self
                            .items(&collection, line)
                            .unwrap_or_else(|| vec![(unknown("key", line), unknown(each.value_var.as_str(), line))]);
                        for (key, value) in rounds {
                            let mut bindings = vec![(each.value_var.as_str().to_owned(), value)];
                            if let Some(key_var) = &each.key_var {
                                bindings.push((key_var.as_str().to_owned(), key));
                            }
                            self.template_parts(&each.template, &ctx.with(bindings), parts);
                        }
                    }
                },
            }
        }
    }

    /// Counts text against the budget, a node for every 16 bytes.
    pub fn charge(&mut self, bytes: usize) {
        for _ in 0..bytes / 16 {
            if !self.budget.take() {
                return;
            }
        }
    }

    /// `var.x`, `local.x`, `module.m.out`, `data.…`, `path.module`, a resource, or a name
    /// bound around the expression; then the attributes and indices after it.
    fn traversal(&mut self, traversal: &Traversal, expr: &Expression, ctx: &Ctx) -> Rc<Node> {
        let operators = &traversal.operators;
        let line = self.line(ctx, expr);
        let Expression::Variable(root) = &traversal.expr else {
            let base = self.eval(&traversal.expr, ctx);
            return self.apply(base, operators.iter().map(|o| o.value()), ctx, expr);
        };
        let root = root.as_str();
        if let Some(bound) = ctx.binding(root) {
            return self.apply(bound, operators.iter().map(|o| o.value()), ctx, expr);
        }
        let attribute = |at: usize| match operators.get(at).map(|o| o.value()) {
            Some(TraversalOperator::GetAttr(name)) => Some(name.as_str()),
            _ => None,
        };
        let Some(module) = ctx.module else { return self.unknown(ctx, expr) };
        let rest = |from: usize| operators.iter().skip(from).map(|o| o.value());
        match (root, attribute(0), attribute(1)) {
            ("var", Some(name), _) => {
                let value = self.lookup(module, Kind::Var, name, line);
                self.apply(value, rest(1), ctx, expr)
            }
            ("local", Some(name), _) => {
                let value = self.lookup(module, Kind::Local, name, line);
                self.apply(value, rest(1), ctx, expr)
            }
            ("module", Some(name), Some(output)) => {
                let child = self.config.modules.get(module).and_then(|m| m.children.get(name)).copied();
                let Some(child) = child else { return self.unknown(ctx, expr) };
                let value = self.lookup(child, Kind::Output, output, line);
                self.apply(value, rest(2), ctx, expr)
            }
            ("data", Some("aws_iam_policy_document"), Some(name)) => {
                let json = operators.iter().skip(2).any(|o| {
                    matches!(o.value(), TraversalOperator::GetAttr(a) if a.as_str() == "json" || a.as_str() == "minified_json")
                });
                if json { self.lookup(module, Kind::Document, name, line) } else { self.unknown(ctx, expr) }
            }
            ("path", Some("module"), _) => {
                let relative = self.config.modules.get(module).map(|m| m.relative.clone()).unwrap_or_default();
                text_node(if relative.is_empty() { ".".to_owned() } else { relative }, line)
            }
            ("path", Some("root" | "cwd"), _) => text_node(".", line),
            (kind, Some(name), _) => {
                let id = format!("{kind}.{name}");
                match self.scopes.get(module) {
                    Some(scope) if scope.resources.contains(&id) => {
                        let prefix = self.config.modules.get(module).map(|m| m.prefix.as_str()).unwrap_or_default();
                        reference(&format!("{prefix}{id}"), line)
                    }
                    _ => self.unknown(ctx, expr),
                }
            }
            _ => self.unknown(ctx, expr),
        }
    }

    /// Attribute access, indices and splats on a value. A resource's attributes are the
    /// resource (its `Ref`); on a value not known the whole expression stays as written.
    fn apply<'o>(
        &mut self,
        mut value: Rc<Node>,
        operators: impl Iterator<Item = &'o TraversalOperator>,
        ctx: &Ctx,
        expr: &Expression,
    ) -> Rc<Node> {
        let line = self.line(ctx, expr);
        for operator in operators {
            if matches!(value.value, Value::Tagged(..)) {
                return value;
            }
            if is_unknown(&value) {
                return self.unknown(ctx, expr);
            }
            value = match operator {
                TraversalOperator::GetAttr(name) => attribute_of(&value, name.as_str(), line),
                TraversalOperator::Index(index) => {
                    let index = self.eval(index, ctx);
                    index_of(&value, &index, line)
                }
                TraversalOperator::LegacyIndex(index) => index_of(&value, &number(*index.value() as f64, line), line),
                TraversalOperator::AttrSplat(_) | TraversalOperator::FullSplat(_) => match &value.value {
                    Value::Seq(_) => value,
                    Value::Null => node(Value::Seq(Vec::new()), line),
                    _ => node(Value::Seq(vec![value]), line),
                },
            };
        }
        value
    }
}

/// A value's attribute: an object's entry (null when absent, as for optional attributes), or
/// the attribute of each item of a list (as after a splat).
fn attribute_of(value: &Rc<Node>, name: &str, line: usize) -> Rc<Node> {
    match &value.value {
        Value::Map(..) => value.get(name).cloned().unwrap_or_else(|| node(Value::Null, line)),
        Value::Seq(items) => {
            let items = items
                .iter()
                .map(|item| match &item.value {
                    Value::Map(..) => item.get(name).cloned().unwrap_or_else(|| node(Value::Null, line)),
                    _ => Rc::clone(item),
                })
                .collect();
            node(Value::Seq(items), line)
        }
        _ => node(Value::Null, line),
    }
}

/// `xs[i]` and `m["k"]`: the item when the index is known, else the whole collection (its
/// references kept).
fn index_of(value: &Rc<Node>, index: &Rc<Node>, line: usize) -> Rc<Node> {
    match &value.value {
        Value::Seq(items) => match known_number(index) {
            Some(i) if i >= 0.0 => items.get(i as usize).cloned().unwrap_or_else(|| node(Value::Null, line)),
            Some(_) => node(Value::Null, line),
            None => Rc::clone(value),
        },
        Value::Map(..) => match known_text(index) {
            Some(key) => value.get(&key).cloned().unwrap_or_else(|| node(Value::Null, line)),
            None => Rc::clone(value),
        },
        _ => node(Value::Null, line),
    }
}

/// Binary operators on known values.
fn binary(operator: BinaryOperator, lhs: &Node, rhs: &Node, line: usize) -> Option<Rc<Node>> {
    use BinaryOperator as B;
    let boolean = |b: bool| Some(node(Value::Bool(b), line));
    match operator {
        B::And => match (known_bool(lhs), known_bool(rhs)) {
            (Some(a), Some(b)) => boolean(a && b),
            (_, Some(false)) => boolean(false),
            _ => None,
        },
        B::Or => match (known_bool(lhs), known_bool(rhs)) {
            (Some(a), Some(b)) => boolean(a || b),
            (_, Some(true)) => boolean(true),
            _ => None,
        },
        B::Eq => equal(lhs, rhs, 0).and_then(boolean),
        B::NotEq => equal(lhs, rhs, 0).and_then(|e| boolean(!e)),
        _ => {
            let (a, b) = (known_number(lhs)?, known_number(rhs)?);
            match operator {
                B::Less => boolean(a < b),
                B::LessEq => boolean(a <= b),
                B::Greater => boolean(a > b),
                B::GreaterEq => boolean(a >= b),
                B::Plus => Some(number(a + b, line)),
                B::Minus => Some(number(a - b, line)),
                B::Mul => Some(number(a * b, line)),
                B::Div if b != 0.0 => Some(number(a / b, line)),
                B::Mod if b != 0.0 => Some(number(a % b, line)),
                _ => None,
            }
        }
    }
}
