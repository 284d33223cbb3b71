//! `functions:` as SAM functions: each with the provider's settings merged with its own
//! (environment, role or IAM statements, VPC, timeout), its URL, failure destinations, and
//! its events.

use std::rc::Rc;

use super::super::yaml::{Node, Value};
use super::{Service, events};

/// Every function of the service, whole or from included files (a list of them).
pub fn all(service: &mut Service, root: &Node) {
    let Some(raw) = root.get("functions") else { return };
    let section = service.resolver.resolve(raw, 0);
    let parts: Vec<Rc<Node>> = match &section.value {
        Value::Seq(items) => items.clone(),
        _ => vec![Rc::clone(&section)],
    };
    let provider = service.resolver.lookup(&["provider"], 0).unwrap_or_else(|| Node::map_at(Vec::new(), 1));
    for part in parts {
        let file = service.resolver.origins.get(&Rc::as_ptr(&part)).cloned();
        for ((name, function), line) in part.entries().iter().zip(part.key_lines()) {
            add(service, name, function, &provider, *line, file.clone());
        }
    }
}

/// One function (also a Lift construct's worker): its resource, and what its events make.
pub fn add(service: &mut Service, name: &str, function: &Rc<Node>, provider: &Node, line: usize, file: Option<String>) {
    let id = Service::function_id(name);
    service.naming.display.insert(id.clone(), name.to_owned());
    service.naming.aliases.insert(name.to_owned(), id.clone());
    let deployed = function
        .get("name")
        .and_then(|n| n.text().map(|t| t.into_owned()))
        .unwrap_or_else(|| format!("{}-{}-{name}", service.service_name, service.resolver.stage()));
    service.names.insert(deployed, id.clone());
    let mut properties: Vec<(String, Rc<Node>)> = Vec::new();
    let mut variables: Vec<(String, Rc<Node>)> =
        provider.get("environment").map(|e| e.entries().to_vec()).unwrap_or_default();
    for (key, value) in function.get("environment").map(|e| e.entries().to_vec()).unwrap_or_default() {
        variables.retain(|(k, _)| *k != key);
        variables.push((key, value));
    }
    if !variables.is_empty() {
        properties.push((
            "Environment".to_owned(),
            Node::map_at(vec![("Variables".to_owned(), Node::map_at(variables, line))], line),
        ));
    }
    // A role of its own (or the provider's) replaces the statements the framework would put
    // in the role it makes.
    match function.get("role").or_else(|| provider.get("role")) {
        Some(role) => properties.push(("Role".to_owned(), as_reference(role))),
        None => {
            let statements = provider
                .get("iam")
                .and_then(|i| i.get("role"))
                .and_then(|r| r.get("statements"))
                .or_else(|| provider.get("iamRoleStatements"));
            if let Some(statements) = statements {
                let document = Node::map_at(vec![("Statement".to_owned(), Rc::clone(statements))], statements.line);
                properties.push(("Policies".to_owned(), Node::seq_at(vec![document], statements.line)));
            }
        }
    }
    let copied = [
        ("vpc", "VpcConfig"),
        ("timeout", "Timeout"),
        ("reservedConcurrency", "ReservedConcurrentExecutions"),
        ("kmsKeyArn", "KmsKeyArn"),
    ];
    for (key, property) in copied {
        if let Some(value) = function.get(key).or_else(|| provider.get(key)) {
            properties.push((property.to_owned(), Rc::clone(value)));
        }
    }
    if let Some(url) = function.get("url").filter(|u| !matches!(u.value, Value::Bool(false))) {
        let iam = url.get("authorizer").and_then(|a| a.text()).is_some_and(|a| a == "aws_iam");
        let auth = Node::text_at(if iam { "AWS_IAM" } else { "NONE" }, url.line);
        properties.push(("FunctionUrlConfig".to_owned(), Node::map_at(vec![("AuthType".to_owned(), auth)], url.line)));
    }
    if let Some(target) = function.get("onError") {
        properties.push((
            "DeadLetterQueue".to_owned(),
            Node::map_at(vec![("TargetArn".to_owned(), target_of(service, target))], target.line),
        ));
    }
    if let Some(destinations) = function.get("destinations") {
        let targets: Vec<(String, Rc<Node>)> =
            destinations.entries().iter().map(|(k, v)| (k.clone(), target_of(service, v))).collect();
        properties.push(("EventInvokeConfig".to_owned(), Node::map_at(targets, destinations.line)));
    }
    let events = events::of_function(service, &id, name, function);
    if !events.is_empty() {
        properties.push(("Events".to_owned(), Node::map_at(events, line)));
    }
    service.add(&id, "AWS::Serverless::Function", line, Node::map_at(properties, line), file);
}

/// A role named by its logical id is a reference to it.
fn as_reference(role: &Rc<Node>) -> Rc<Node> {
    match role.text() {
        Some(name) if !name.starts_with("arn:") => Node::reference(name.into_owned(), role.line),
        _ => Rc::clone(role),
    }
}

/// A destination: another function of the service by its name, or an ARN or reference.
fn target_of(service: &Service, target: &Rc<Node>) -> Rc<Node> {
    match target.text() {
        Some(name) if service.naming.aliases.contains_key(name.as_ref()) || !name.contains(':') => {
            Node::reference(Service::function_id(&name), target.line)
        }
        _ => Rc::clone(target),
    }
}
