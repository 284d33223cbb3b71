//! Sections of the common plugins, as what they deploy: serverless-lift's `constructs`
//! (queues with their worker, storage, websites, webhooks), serverless-step-functions'
//! `stepFunctions`, serverless-pipes' `pipes`. Other plugins' sections are listed as not read.

use std::rc::Rc;

use super::super::yaml::Node;
use super::{Service, functions, normalised};

/// Top-level sections read here.
pub const READ: [&str; 3] = ["constructs", "stepFunctions", "pipes"];

/// Lift constructs. Their resources must exist before functions refer to them
/// (`${construct:jobs.queueUrl}`), so they are read first; workers become functions.
pub fn constructs(service: &mut Service, root: &Node) {
    let Some(raw) = root.get("constructs") else { return };
    for (name, construct) in raw.entries() {
        let line = construct.line;
        let kind = construct.get("type").and_then(|t| t.text()).map(|t| t.into_owned()).unwrap_or_default();
        let made: &[(&str, &str)] = match kind.as_str() {
            "queue" => &[("Queue", "AWS::SQS::Queue")],
            "storage" => &[("Bucket", "AWS::S3::Bucket")],
            "static-website" | "single-page-app" | "server-side-website" => {
                &[("Bucket", "AWS::S3::Bucket"), ("CDN", "AWS::CloudFront::Distribution")]
            }
            "webhook" => &[("HttpApi", "AWS::ApiGatewayV2::Api"), ("Bus", "AWS::Events::EventBus")],
            "database/dynamodb-single-table" => &[("Table", "AWS::DynamoDB::Table")],
            _ => {
                service.notes.push(format!("Not imported: construct {name} of type {kind} (line {line})"));
                continue;
            }
        };
        let ids: Vec<String> = made.iter().map(|(suffix, _)| format!("{}{suffix}", normalised(name))).collect();
        for ((suffix, kind), id) in made.iter().zip(&ids) {
            let mut properties = Vec::new();
            if *suffix == "Queue" {
                // Lift gives every queue a dead-letter queue.
                properties.push(("RedrivePolicy".to_owned(), Node::map_at(Vec::new(), line)));
            }
            if *suffix == "CDN" {
                let origin = Node::reference(ids[0].clone(), line);
                let origins = Node::seq_at(vec![origin], line);
                properties
                    .push(("DistributionConfig".to_owned(), Node::map_at(vec![("Origins".to_owned(), origins)], line)));
            }
            service.add(id, kind, line, Node::map_at(properties, line), None);
            service.naming.display.insert(id.clone(), format!("{name} ({})", suffix.to_ascii_lowercase()));
        }
        service.resolver.constructs.insert(name.clone(), ids[0].clone());
        if let Some(worker) = construct.get("worker") {
            let worker = service.resolver.resolve(worker, 0);
            let queue = Node::reference(ids[0].clone(), line);
            let event =
                Node::map_at(vec![("sqs".to_owned(), Node::map_at(vec![("arn".to_owned(), queue)], line))], line);
            let with_event = with_entry(&worker, "events", Node::seq_at(vec![event], line));
            let provider = service.resolver.lookup(&["provider"], 0).unwrap_or_else(|| Node::map_at(Vec::new(), 1));
            functions::add(service, &format!("{name}Worker"), &with_event, &provider, line, None);
        }
    }
}

/// State machines of serverless-step-functions: their definitions name functions by the
/// service's own names (`Fn::GetAtt: [hello, Arn]`) or deployed ARNs.
pub fn step_functions(service: &mut Service, root: &Node) {
    let Some(raw) = root.get("stepFunctions").and_then(|s| s.get("stateMachines")) else { return };
    let machines = service.resolver.resolve(raw, 0);
    for ((key, machine), line) in machines.entries().iter().zip(machines.key_lines()) {
        let name = machine.get("name").and_then(|n| n.text()).map(|n| n.into_owned());
        let id = machine
            .get("id")
            .and_then(|n| n.text())
            .map(|n| n.into_owned())
            .or(name.clone())
            .unwrap_or_else(|| format!("{}StepFunctionsStateMachine", normalised(key)));
        service.naming.aliases.insert(key.clone(), id.clone());
        if let Some(name) = &name {
            service.names.insert(name.clone(), id.clone());
        }
        service.naming.display.insert(id.clone(), key.clone());
        let mut properties = Vec::new();
        if let Some(definition) = machine.get("definition") {
            properties.push(("Definition".to_owned(), Rc::clone(definition)));
        }
        if let Some(role) = machine.get("role") {
            properties.push(("RoleArn".to_owned(), Rc::clone(role)));
        }
        service.add(&id, "AWS::StepFunctions::StateMachine", *line, Node::map_at(properties, *line), None);
        for event in machine.get("events").map(|e| e.items().to_vec()).unwrap_or_default() {
            if let Some((kind, settings)) = event.entries().first() {
                service
                    .notes
                    .push(format!("Not imported: the {kind} event of state machine {key} (line {})", settings.line));
            }
        }
    }
}

/// EventBridge Pipes: source, optional enrichment function, target.
pub fn pipes(service: &mut Service, root: &Node) {
    let Some(raw) = root.get("pipes") else { return };
    let pipes = service.resolver.resolve(raw, 0);
    for ((name, pipe), line) in pipes.entries().iter().zip(pipes.key_lines()) {
        let end = |key: &str| {
            pipe.get(key)
                .and_then(|s| s.entries().first().map(|(_, v)| v.get("arn").cloned().unwrap_or_else(|| Rc::clone(v))))
        };
        let mut properties = Vec::new();
        for (key, property) in [("source", "Source"), ("target", "Target")] {
            if let Some(node) = end(key) {
                properties.push((property.to_owned(), node));
            }
        }
        if let Some(function) = pipe.get("enrichment").and_then(|e| e.get("name")).and_then(|n| n.text()) {
            properties.push(("Enrichment".to_owned(), Node::reference(Service::function_id(&function), *line)));
        }
        service.add(
            &format!("{}Pipe", normalised(name)),
            "AWS::Pipes::Pipe",
            *line,
            Node::map_at(properties, *line),
            None,
        );
    }
}

/// A mapping with one more entry (or one replaced).
fn with_entry(node: &Rc<Node>, key: &str, value: Rc<Node>) -> Rc<Node> {
    let mut entries: Vec<(String, Rc<Node>)> = node.entries().iter().filter(|(k, _)| k != key).cloned().collect();
    entries.push((key.to_owned(), value));
    Node::map_at(entries, node.line)
}
