//! A Serverless Framework service (serverless.yml) read as the CloudFormation template the
//! framework would deploy: variables resolved, each function with its events, provider
//! settings and IAM statements becomes a SAM function, the APIs, topics and buckets its events
//! create become resources, `resources:` is CloudFormation already, and the common plugins'
//! sections (Lift constructs, Step Functions, Pipes) become what they deploy. The shared
//! builder then makes the model, so facts and flows are read one way for every format.

mod events;
mod functions;
mod plugins;
mod variables;

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use super::names::{self, NAME_KEYS};
use super::sources::{SourceFiles, folder_of};
use super::template::{Resource, Template};
use super::yaml::{self, Budget, Node, Value};
use super::{InfrastructureError, Naming};
use variables::Resolver;

/// Top-level keys the framework itself reads; any other belongs to a plugin.
const FRAMEWORK_KEYS: [&str; 17] = [
    "service",
    "frameworkVersion",
    "provider",
    "functions",
    "resources",
    "custom",
    "plugins",
    "package",
    "layers",
    "params",
    "useDotenv",
    "variablesResolutionMode",
    "configValidationMode",
    "deprecationNotificationMode",
    "disabledDeprecations",
    "org",
    "app",
];

/// The parsed service file is one (`service` with a `provider` or `functions`).
pub(super) fn is_service(root: &Node) -> bool {
    root.get("service").is_some() && (root.get("provider").is_some() || root.get("functions").is_some())
}

/// The service in `path` (relative to where the import starts) as a template, what reading it
/// found worth saying, and how its resources are named.
pub(super) fn read(
    files: &dyn SourceFiles,
    path: &str,
    budget: &mut Budget,
) -> Result<(Template, Vec<String>, Naming), InfrastructureError> {
    let text = files.read(path).map_err(InfrastructureError::whole)?;
    let root = yaml::parse(&text).map_err(|e| InfrastructureError::syntax(e, None))?;
    if !is_service(&root) {
        return Err(InfrastructureError {
            file: None,
            line: root.line,
            column: 1,
            message: "it has no service and provider, so it is not a Serverless Framework service".to_owned(),
        });
    }
    let mut resolver = Resolver::new(Rc::clone(&root), files, folder_of(path), budget);
    let mut service = Service::new(&mut resolver);
    plugins::constructs(&mut service, &root);
    service.cloudformation(&root);
    functions::all(&mut service, &root);
    plugins::step_functions(&mut service, &root);
    plugins::pipes(&mut service, &root);
    events::apis(&mut service);
    service.link_names();
    for key in root.entries().iter().map(|(k, _)| k.as_str()) {
        if !FRAMEWORK_KEYS.contains(&key) && !plugins::READ.contains(&key) {
            service.notes.push(format!("Not imported: the `{key}` section, which a plugin reads"));
        }
    }
    let Service { resources, mut naming, mut notes, resolver, service_name, .. } = service;
    naming.title = Some(service_name);
    if !resolver.unresolved.is_empty() {
        let list: Vec<&str> = resolver.unresolved.iter().map(String::as_str).collect();
        notes.push(format!("Not resolved (they need the deploying machine or the cloud): {}", list.join(", ")));
    }
    if !resolver.missing_files.is_empty() {
        let list: Vec<&str> = resolver.missing_files.iter().map(String::as_str).collect();
        notes.push(format!("Included files not read: {}", list.join(", ")));
    }
    Ok((Template { resources, serverless: true, globals: None }, notes, naming))
}

/// The template being made from a service.
pub(super) struct Service<'r, 'a> {
    pub resolver: &'r mut Resolver<'a>,
    pub resources: Vec<Resource>,
    pub naming: Naming,
    pub notes: Vec<String>,
    /// Ids already made, so an API or topic several events share is made once.
    pub made: BTreeSet<String>,
    /// The deployed names of things (a table's `TableName`, a function's name) and the
    /// resource each names: policies and environments name them as text or in ARNs.
    pub names: HashMap<String, String>,
    pub service_name: String,
    /// API routes of every function, for the APIs made once all are known.
    pub routes: Vec<events::Route>,
}

impl<'r, 'a> Service<'r, 'a> {
    fn new(resolver: &'r mut Resolver<'a>) -> Self {
        let service_name = resolver.lookup(&["service"], 0).and_then(|s| s.text().map(|t| t.into_owned()));
        Self {
            resolver,
            resources: Vec::new(),
            naming: Naming::default(),
            notes: Vec::new(),
            made: BTreeSet::new(),
            names: HashMap::new(),
            service_name: service_name.unwrap_or_default(),
            routes: Vec::new(),
        }
    }

    /// Adds a resource unless one of that id exists; true when added.
    pub fn add(&mut self, id: &str, kind: &str, line: usize, properties: Rc<Node>, file: Option<String>) -> bool {
        if !self.made.insert(id.to_owned()) {
            return false;
        }
        self.resources.push(Resource {
            id: id.to_owned(),
            kind: kind.to_owned(),
            line,
            properties: Some(properties),
            file,
        });
        true
    }

    /// `resources:`: CloudFormation `Resources`, whole or from included files (a list of them).
    fn cloudformation(&mut self, root: &Node) {
        let Some(raw) = root.get("resources") else { return };
        let section = self.resolver.resolve(raw, 0);
        let parts: Vec<Rc<Node>> = match &section.value {
            Value::Seq(items) => items.clone(),
            _ => vec![Rc::clone(&section)],
        };
        for part in parts {
            let part_file = self.resolver.origins.get(&Rc::as_ptr(&part)).cloned();
            let Some(resources) = part.get("Resources").cloned() else { continue };
            let section_file = self.resolver.origins.get(&Rc::as_ptr(&resources)).cloned().or(part_file);
            for ((id, node), line) in resources.entries().iter().zip(resources.key_lines()) {
                let file = self.resolver.origins.get(&Rc::as_ptr(node)).cloned().or_else(|| section_file.clone());
                let kind = node.get("Type").and_then(|t| t.text()).map(|t| t.into_owned()).unwrap_or_default();
                let properties = node.get("Properties").cloned().unwrap_or_else(|| Node::map_at(Vec::new(), *line));
                self.add(id, &kind, *line, properties, file);
            }
        }
    }

    /// Links names written as text to the resources they name: `TABLE: todos-dev` or
    /// `Resource: arn:aws:dynamodb:*:*:table/todos-dev` become references, in environments,
    /// policies, event sources and state machine definitions.
    fn link_names(&mut self) {
        for resource in &self.resources {
            for key in NAME_KEYS.iter().chain(&["StreamName"]) {
                if let Some(name) = resource.property(key).and_then(|n| n.text()) {
                    names::record(&mut self.names, &name, &resource.id);
                }
            }
        }
        if self.names.is_empty() {
            return;
        }
        let names = &self.names;
        // Values may share nodes many times over: a bound on what is rebuilt.
        let mut budget = 100_000usize;
        for resource in &mut self.resources {
            let keys: &[&str] = match resource.kind.as_str() {
                "AWS::Serverless::Function" => &["Environment", "Policies", "Events"],
                "AWS::StepFunctions::StateMachine" => &["Definition"],
                "AWS::Pipes::Pipe" => &["Source", "Target", "Enrichment"],
                _ => continue,
            };
            let Some(properties) = resource.properties.clone() else { continue };
            let entries = properties
                .entries()
                .iter()
                .map(|(k, v)| {
                    let linked = if keys.contains(&k.as_str()) {
                        names::link(v, names, &resource.id, &mut budget)
                    } else {
                        Rc::clone(v)
                    };
                    (k.clone(), linked)
                })
                .collect();
            resource.properties =
                Some(Node::new(Value::Map(entries, properties.key_lines().to_vec()), properties.line));
        }
    }

    /// An HTTP API authorizer defined under `provider.httpApi.authorizers`.
    pub fn resolver_authorizer(&mut self, name: &str) -> Option<Rc<Node>> {
        self.resolver.lookup(&["provider", "httpApi", "authorizers", name], 0)
    }

    /// The id the framework gives a function's resource: `create` → `CreateLambdaFunction`.
    pub fn function_id(name: &str) -> String {
        format!("{}LambdaFunction", normalised(name))
    }
}

/// The framework's normalised name: first letter upper case, `-` as `Dash`, `_` as
/// `Underscore`.
pub fn normalised(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        match c {
            '-' => out.push_str("Dash"),
            '_' => out.push_str("Underscore"),
            c if c.is_ascii_alphanumeric() && out.is_empty() => out.extend(c.to_uppercase()),
            c if c.is_ascii_alphanumeric() => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests;
