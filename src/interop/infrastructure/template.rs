//! A CloudFormation or SAM template as the importer reads it: its resources, in file order,
//! and the references between them through `Ref`, `Fn::GetAtt` and `Fn::Sub`, in long form or
//! short (`!Ref`).

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use super::yaml::{Budget, Node, Value};

pub struct Resource {
    /// The logical id: `OrdersTable`.
    pub id: String,
    /// `AWS::DynamoDB::Table`.
    pub kind: String,
    pub line: usize,
    pub properties: Option<Rc<Node>>,
    /// The file it was read from, when not the one the import started with (a Serverless
    /// Framework include, a Terraform module).
    pub file: Option<String>,
}

impl Resource {
    pub fn property(&self, key: &str) -> Option<&Rc<Node>> {
        self.properties.as_ref()?.get(key)
    }

    /// A property a path of keys down: `["Environment", "Variables"]`.
    pub fn at(&self, path: &[&str]) -> Option<&Rc<Node>> {
        let (first, rest) = path.split_first()?;
        rest.iter().try_fold(self.property(first)?, |node, key| node.get(key))
    }
}

pub struct Template {
    pub resources: Vec<Resource>,
    /// `Transform: AWS::Serverless-2016-10-31`, as a string or in a list.
    pub serverless: bool,
    /// SAM's `Globals`: settings every function or API shares.
    pub globals: Option<Rc<Node>>,
}

impl Template {
    /// The template in `root`, or why it is not one.
    pub fn read(root: &Node) -> Result<Self, String> {
        let resources = root.get("Resources").filter(|r| matches!(r.value, Value::Map(..)));
        let Some(resources) = resources else {
            return Err("it has no Resources section, so it is not a CloudFormation or SAM template".to_owned());
        };
        let resources: Vec<Resource> = resources
            .entries()
            .iter()
            .zip(resources.key_lines())
            .map(|((id, node), line)| Resource {
                id: id.clone(),
                kind: node.get("Type").and_then(|t| t.text()).map(|t| t.into_owned()).unwrap_or_default(),
                line: *line,
                properties: node.get("Properties").cloned(),
                file: None,
            })
            .collect();
        let declared = root.get("AWSTemplateFormatVersion").is_some() || root.get("Transform").is_some();
        let aws = resources.iter().any(|r| r.kind.starts_with("AWS::"));
        if !declared && !aws {
            return Err("its Resources are not AWS resources, so it is not a CloudFormation or SAM template".to_owned());
        }
        let serverless = root.get("Transform").is_some_and(|t| {
            let names: Vec<String> = match &t.value {
                Value::Seq(items) => items.iter().filter_map(|i| i.text().map(|s| s.into_owned())).collect(),
                _ => t.text().map(|s| vec![s.into_owned()]).unwrap_or_default(),
            };
            names.iter().any(|n| n.starts_with("AWS::Serverless"))
        });
        Ok(Self { resources, serverless, globals: root.get("Globals").cloned() })
    }
}

impl Template {
    /// SAM's `Globals.Function` settings in every SAM function, as SAM applies them: a
    /// function's own setting wins, and environment variables merge.
    pub fn apply_globals(&mut self) {
        let Some(globals) = self.globals.as_ref().and_then(|g| g.get("Function")).cloned() else { return };
        for resource in self.resources.iter_mut().filter(|r| r.kind == "AWS::Serverless::Function") {
            let line = resource.line;
            let own: Vec<(String, Rc<Node>)> =
                resource.properties.as_ref().map(|p| p.entries().to_vec()).unwrap_or_default();
            let mut merged = own.clone();
            for (key, value) in globals.entries() {
                match own.iter().position(|(k, _)| k == key) {
                    None => merged.push((key.clone(), Rc::clone(value))),
                    Some(at) if key == "Environment" => {
                        let variables = |n: &Node| n.get("Variables").map(|v| v.entries().to_vec()).unwrap_or_default();
                        let mut all = variables(value);
                        for (name, v) in variables(&own[at].1) {
                            all.retain(|(n, _)| *n != name);
                            all.push((name, v));
                        }
                        merged[at].1 = Node::map_at(vec![("Variables".to_owned(), Node::map_at(all, line))], line);
                    }
                    Some(_) => {}
                }
            }
            resource.properties = Some(Node::map_at(merged, line));
        }
    }

    /// Gives each function (and state machine) the policies of its execution role (`Role: !GetAtt R.Arn`): the
    /// role's inline policies, its managed policies and the policies naming it in `Roles`,
    /// so what a plain function may read or write is read as a SAM function's `Policies` are.
    pub fn attach_role_policies(&mut self, budget: &mut Budget) {
        let mut by_role: HashMap<String, Vec<Rc<Node>>> = HashMap::new();
        let mut managed: HashMap<String, Rc<Node>> = HashMap::new();
        for resource in &self.resources {
            match resource.kind.as_str() {
                "AWS::IAM::Role" => {
                    let inline = resource.property("Policies").map(|p| p.items().to_vec()).unwrap_or_default();
                    let documents = inline.iter().filter_map(|p| p.get("PolicyDocument").cloned());
                    by_role.entry(resource.id.clone()).or_default().extend(documents);
                }
                "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => {
                    let Some(document) = resource.property("PolicyDocument") else { continue };
                    managed.insert(resource.id.clone(), Rc::clone(document));
                    for role in resource.property("Roles").map(|r| references(r, budget)).unwrap_or_default() {
                        by_role.entry(role).or_default().push(Rc::clone(document));
                    }
                }
                _ => {}
            }
        }
        for resource in &self.resources {
            if resource.kind != "AWS::IAM::Role" {
                continue;
            }
            let arns = resource.property("ManagedPolicyArns").map(|a| references(a, budget)).unwrap_or_default();
            let documents: Vec<Rc<Node>> = arns.iter().filter_map(|id| managed.get(id).cloned()).collect();
            by_role.entry(resource.id.clone()).or_default().extend(documents);
        }
        for resource in &mut self.resources {
            let role_key = match resource.kind.as_str() {
                "AWS::Lambda::Function" | "AWS::Serverless::Function" => "Role",
                "AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine" => "RoleArn",
                _ => continue,
            };
            let roles = resource.property(role_key).map(|r| references(r, budget)).unwrap_or_default();
            let documents: Vec<Rc<Node>> =
                roles.iter().filter_map(|role| by_role.get(role)).flatten().cloned().collect();
            if documents.is_empty() {
                continue;
            }
            let (mut entries, mut lines) = match resource.properties.as_deref().map(|p| &p.value) {
                Some(Value::Map(entries, lines)) => (entries.clone(), lines.clone()),
                _ => (Vec::new(), Vec::new()),
            };
            let line = resource.line;
            let mut policies: Vec<Rc<Node>> = Vec::new();
            if let Some(at) = entries.iter().position(|(key, _)| key == "Policies") {
                let (_, existing) = entries.remove(at);
                lines.remove(at);
                match &existing.value {
                    Value::Seq(items) => policies.extend(items.iter().cloned()),
                    _ => policies.push(existing),
                }
            }
            policies.extend(documents);
            entries.push(("Policies".to_owned(), Rc::new(Node { value: Value::Seq(policies), line })));
            lines.push(line);
            resource.properties = Some(Rc::new(Node { value: Value::Map(entries, lines), line }));
        }
    }
}

/// The logical ids a node refers to anywhere inside it, in the order met, each once. Names of
/// parameters and pseudo parameters come back too; callers keep the resources.
pub fn references(node: &Node, budget: &mut Budget) -> Vec<String> {
    let mut found = Vec::new();
    let mut seen = HashSet::new();
    collect(node, budget, &mut |id: &str| {
        if seen.insert(id.to_owned()) {
            found.push(id.to_owned());
        }
    });
    found
}

fn collect(node: &Node, budget: &mut Budget, add: &mut dyn FnMut(&str)) {
    if !budget.take() {
        return;
    }
    match &node.value {
        Value::Tagged(tag, inner) => match tag.as_str() {
            "Ref" => inner.text().iter().for_each(|t| add(t)),
            "GetAtt" => getatt(inner, add),
            "Sub" => sub(inner, budget, add),
            _ => collect(inner, budget, add),
        },
        Value::Map(entries, _) if entries.len() == 1 => {
            let (key, inner) = &entries[0];
            match key.as_str() {
                "Ref" => inner.text().iter().for_each(|t| add(t)),
                "Fn::GetAtt" => getatt(inner, add),
                "Fn::Sub" => sub(inner, budget, add),
                _ => collect(inner, budget, add),
            }
        }
        Value::Map(entries, _) => entries.iter().for_each(|(_, v)| collect(v, budget, add)),
        Value::Seq(items) => items.iter().for_each(|v| collect(v, budget, add)),
        _ => {}
    }
}

/// `Fn::GetAtt`: `A.B` or `[A, B]`.
fn getatt(node: &Node, add: &mut dyn FnMut(&str)) {
    match &node.value {
        Value::Seq(items) => items.first().and_then(|i| i.text()).iter().for_each(|t| add(t)),
        _ => {
            if let Some(text) = node.text() {
                add(text.split('.').next().unwrap_or_default());
            }
        }
    }
}

/// `Fn::Sub`: the `${Name}` and `${Name.Attr}` in its string, and what its variables refer to.
fn sub(node: &Node, budget: &mut Budget, add: &mut dyn FnMut(&str)) {
    let (text, variables) = match &node.value {
        Value::Seq(items) => (items.first().and_then(|i| i.text()), items.get(1)),
        _ => (node.text(), None),
    };
    let defined: Vec<&str> =
        variables.map(|v| v.entries().iter().map(|(k, _)| k.as_str()).collect()).unwrap_or_default();
    if let Some(text) = text {
        for piece in text.split("${").skip(1) {
            let Some(name) = piece.split('}').next() else { continue };
            // `${!Literal}` is text; `${AWS::Region}` a pseudo parameter.
            if name.starts_with('!') || name.contains("::") {
                continue;
            }
            let id = name.split('.').next().unwrap_or_default();
            if !defined.contains(&id) {
                add(id);
            }
        }
    }
    if let Some(variables) = variables {
        collect(variables, budget, add);
    }
}

#[cfg(test)]
mod tests {
    use super::super::yaml::parse;
    use super::*;

    #[test]
    fn references_in_every_form() {
        let root = parse(
            "A: !Ref Table\nB: {Fn::GetAtt: [Queue, Arn]}\nC: !GetAtt Topic.TopicName\nD: !Sub 'arn:${AWS::Region}:${Bucket}/${Fn.Arn}${!Lit}'\nE: {Ref: Table}\nF: !Sub ['${X}-${Api}', {X: !Ref Param}]\n",
        )
        .unwrap();
        let refs = references(&root, &mut Budget::new());
        assert_eq!(refs, ["Table", "Queue", "Topic", "Bucket", "Fn", "Api", "Param"]);
    }
}
