//! Names written as text, linked to the resources they name. Configurations often give a
//! table (or queue, bucket…) its name from a variable and pass the same variable to the
//! function that uses it, or write the name into an ARN (`…:table/orders`), so the link is a
//! name, not a reference: such strings become references, in the settings where a flow or a
//! permission is read from.

use std::collections::HashMap;
use std::rc::Rc;

use super::super::resources::{Role, role_of};
use super::super::yaml::{Node, Value};
use super::link::Read;
use super::values::{node, reference};

/// Settings that give a resource its deployed name.
const NAME_KEYS: [&str; 10] = [
    "TableName",
    "QueueName",
    "TopicName",
    "BucketName",
    "Name",
    "FunctionName",
    "StateMachineName",
    "UserPoolName",
    "DBClusterIdentifier",
    "DBProxyName",
];

/// Nodes looked at in one resource's settings.
const MAX_LINKED: usize = 100_000;

/// Where names are linked, by CloudFormation type.
fn linked_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "AWS::Lambda::Function" => &["Environment", "DeadLetterConfig"],
        "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => &["PolicyDocument"],
        "AWS::IAM::Role" => &["Policies"],
        "AWS::StepFunctions::StateMachine" => &["Definition", "DefinitionString"],
        "AWS::ApiGatewayV2::Integration" => &["IntegrationUri", "RequestParameters"],
        "AWS::ApiGateway::Method" => &["Integration"],
        "AWS::Lambda::EventSourceMapping" => &["EventSourceArn", "FunctionName"],
        "AWS::Lambda::Permission" => &["SourceArn", "FunctionName"],
        "AWS::Lambda::EventInvokeConfig" => &["DestinationConfig", "FunctionName"],
        "AWS::Lambda::Url" => &["TargetFunctionArn"],
        "AWS::SNS::Subscription" => &["Endpoint", "TopicArn"],
        "AWS::Events::Rule" => &["Targets", "EventBusName"],
        "AWS::Scheduler::Schedule" => &["Target"],
        _ => &[],
    }
}

pub fn link_names(resources: &mut [Read]) {
    let mut names: HashMap<String, String> = HashMap::new();
    for resource in resources.iter().filter(|r| matches!(role_of(&r.kind), Role::Element(_))) {
        for key in NAME_KEYS {
            let name = resource.properties.get(key).and_then(|n| n.text());
            // Short names would match words in any ARN.
            if let Some(name) = name.filter(|n| n.len() >= 3 && !n.contains("${")) {
                names.entry(name.into_owned()).or_insert_with(|| resource.id.clone());
            }
        }
    }
    if names.is_empty() {
        return;
    }
    for resource in resources.iter_mut() {
        let own = resource.id.clone();
        // Values may share nodes many times over: a bound on what is rebuilt.
        let mut budget = MAX_LINKED;
        for key in linked_keys(&resource.kind) {
            resource.properties.update(key, |value| link(value, &names, &own, &mut budget));
        }
    }
}

/// A node with every string that names a resource (other than `own`) made a reference to it.
fn link(value: &Rc<Node>, names: &HashMap<String, String>, own: &str, budget: &mut usize) -> Rc<Node> {
    if *budget == 0 {
        return Rc::clone(value);
    }
    *budget -= 1;
    let line = value.line;
    match &value.value {
        Value::Str(text) => match named(text, names).filter(|id| id.as_str() != own) {
            Some(id) => reference(id, line),
            None => Rc::clone(value),
        },
        Value::Map(entries, lines) => {
            let entries = entries.iter().map(|(k, v)| (k.clone(), link(v, names, own, budget))).collect();
            node(Value::Map(entries, lines.clone()), line)
        }
        Value::Seq(items) => node(Value::Seq(items.iter().map(|i| link(i, names, own, budget)).collect()), line),
        // The text parts of a string with references in it (`Join`), not a reference itself.
        Value::Tagged(tag, inner) if tag != "Ref" => {
            node(Value::Tagged(tag.clone(), link(inner, names, own, budget)), line)
        }
        _ => Rc::clone(value),
    }
}

/// The resource a text names: the name itself, or an ARN or URL ending in it (`…:table/x`,
/// `…:x`, `…/x/*`), or with it as one of its parts (`table/x/stream/…`).
fn named<'n>(text: &str, names: &'n HashMap<String, String>) -> Option<&'n String> {
    if let Some(id) = names.get(text) {
        return Some(id);
    }
    let trimmed = text.trim_end_matches("/*").trim_end_matches('*').trim_end_matches('/');
    let last = trimmed.rsplit([':', '/']).next()?;
    names.get(last).or_else(|| text.split([':', '/']).find_map(|piece| names.get(piece)))
}
