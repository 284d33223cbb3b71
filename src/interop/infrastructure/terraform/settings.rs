//! A resource's body evaluated into its settings, and the instances Terraform makes of a
//! resource or module (`count`, `for_each`): one box stands for all of them, so `each.value`
//! and `count.index` stand for every instance at once, and none is made when the count is 0
//! or the collection empty.

use std::rc::Rc;

use hcl_edit::expr::Expression;
use hcl_edit::structure::{Block, Body, Structure};

use super::super::yaml::{Node, Value};
use super::eval::{Ctx, Evaluator};
use super::values::{contains_reference, known_number, node, number, unknown};

/// Arguments of a resource or module block that are Terraform's, not the resource's.
const META_ATTRIBUTES: [&str; 4] = ["count", "for_each", "depends_on", "provider"];
const META_BLOCKS: [&str; 3] = ["lifecycle", "provisioner", "connection"];

/// A resource's (or nested block's) settings, evaluated.
pub struct Settings {
    pub line: usize,
    /// Name, value and line of each attribute.
    pub attributes: Vec<(String, Rc<Node>, usize)>,
    /// Nested blocks by type, in file order (`dynamic` ones as one block of their type).
    pub blocks: Vec<(String, Settings)>,
}

impl Settings {
    pub fn attribute(&self, name: &str) -> Option<&Rc<Node>> {
        self.attributes.iter().find(|(key, ..)| key == name).map(|(_, value, _)| value)
    }

    pub fn block(&self, kind: &str) -> Option<&Settings> {
        self.blocks.iter().find(|(k, _)| k == kind).map(|(_, block)| block)
    }

    pub fn blocks<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s Settings> + 's {
        self.blocks.iter().filter(move |(k, _)| k == kind).map(|(_, block)| block)
    }
}

/// Names bound for each instance of a resource or module (`each`, `count`), or why none is
/// created.
pub type Instances = Result<Vec<(String, Rc<Node>)>, String>;

impl Evaluator<'_> {
    /// Whether a module instance is created, and the `each`/`count` of its `module` block.
    pub fn instances_of(&mut self, module: usize) -> Instances {
        if let Some(found) = self.instances.get(&module) {
            return found.clone();
        }
        // Until worked out (a cycle through its own outputs), an instance counts as created.
        self.instances.insert(module, Ok(Vec::new()));
        let parent = self.config.modules.get(module).and_then(|m| m.call.as_ref()).map(|c| c.parent);
        let found = match (parent, self.config.call_block(module)) {
            (Some(parent), Some((block, file))) => match self.instances_of(parent) {
                Err(_) => Err("the module that calls it is left out".to_owned()),
                Ok(_) => self.instances(&block.body, &Ctx::file(parent, file)),
            },
            _ => Ok(Vec::new()),
        };
        self.instances.insert(module, found.clone());
        found
    }

    /// The `count` and `for_each` of a resource or module block: what `count.index`,
    /// `each.key` and `each.value` stand for (the box stands for every instance), or why no
    /// instance is created.
    pub fn instances(&mut self, body: &Body, ctx: &Ctx) -> Instances {
        let mut bindings = Vec::new();
        if let Some(count) = body.get_attribute("count") {
            let value = self.eval(&count.value, ctx);
            let line = self.line(ctx, &count.value);
            if known_number(&value) == Some(0.0) {
                return Err(format!("count is 0 ({})", self.source(ctx, &count.value)));
            }
            let index = self.map(vec![("index".to_owned(), number(0.0, line))], line);
            bindings.push(("count".to_owned(), index));
        }
        if let Some(for_each) = body.get_attribute("for_each") {
            let value = self.eval(&for_each.value, ctx);
            let line = self.line(ctx, &for_each.value);
            match self.iterator(&value, line, "each") {
                Some(each) => bindings.push(("each".to_owned(), each)),
                None => return Err(format!("for_each is empty ({})", self.source(ctx, &for_each.value))),
            }
        }
        Ok(bindings)
    }

    /// `{key, value}` for every item of a collection at once: one item's own, or lists of all
    /// keys and all values; None when the collection is known to be empty.
    fn iterator(&mut self, collection: &Rc<Node>, line: usize, name: &str) -> Option<Rc<Node>> {
        let (keys, values): (Vec<Rc<Node>>, Vec<Rc<Node>>) = match self.items(collection, line) {
            Some(items) if items.is_empty() => return None,
            Some(items) => {
                // A set's keys are its items.
                let set = matches!(collection.value, Value::Seq(_));
                items.into_iter().map(|(k, v)| (if set { Rc::clone(&v) } else { k }, v)).unzip()
            }
            None => {
                let value = if contains_reference(collection) {
                    Rc::clone(collection)
                } else {
                    unknown(&format!("{name}.value"), line)
                };
                (vec![unknown(&format!("{name}.key"), line)], vec![value])
            }
        };
        let one = |mut items: Vec<Rc<Node>>| {
            if items.len() == 1 {
                items.pop().unwrap_or_else(|| node(Value::Null, line))
            } else {
                node(Value::Seq(items), line)
            }
        };
        let entries = vec![("key".to_owned(), one(keys)), ("value".to_owned(), one(values))];
        Some(self.map(entries, line))
    }

    /// A block's attributes and nested blocks, evaluated; at the top of a resource, without
    /// Terraform's own arguments (`count`, `lifecycle`…).
    pub fn settings(&mut self, body: &Body, ctx: &Ctx, line: usize, top: bool) -> Settings {
        let mut settings = Settings { line, attributes: Vec::new(), blocks: Vec::new() };
        for structure in body.iter() {
            match structure {
                Structure::Attribute(attribute) => {
                    let key = attribute.key.as_str();
                    if top && META_ATTRIBUTES.contains(&key) {
                        continue;
                    }
                    let value = self.eval(&attribute.value, ctx);
                    settings.attributes.push((key.to_owned(), value, self.line(ctx, attribute)));
                }
                Structure::Block(block) => {
                    let kind = block.ident.as_str();
                    if top && META_BLOCKS.contains(&kind) {
                        continue;
                    }
                    if kind == "dynamic" {
                        self.dynamic(block, ctx, &mut settings);
                        continue;
                    }
                    let inner = self.settings(&block.body, ctx, self.line(ctx, block), false);
                    settings.blocks.push((kind.to_owned(), inner));
                }
            }
        }
        settings
    }

    /// A `dynamic` block: its `content` as one block of its type, with the iterator standing
    /// for every item; none when `for_each` is known to be empty.
    fn dynamic(&mut self, block: &Block, ctx: &Ctx, settings: &mut Settings) {
        let Some(label) = block.labels.first() else { return };
        let Some(content) = block.body.get_blocks("content").next() else { return };
        let line = self.line(ctx, block);
        let name = match block.body.get_attribute("iterator").map(|a| &a.value) {
            Some(Expression::Variable(name)) => name.as_str().to_owned(),
            _ => label.as_str().to_owned(),
        };
        let collection = match block.body.get_attribute("for_each") {
            Some(for_each) => self.eval(&for_each.value, ctx),
            None => unknown("for_each", line),
        };
        let Some(iterator) = self.iterator(&collection, line, &name) else { return };
        let inner = self.settings(&content.body, &ctx.with([(name, iterator)]), line, false);
        settings.blocks.push((label.as_str().to_owned(), inner));
    }
}
