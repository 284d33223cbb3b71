//! Names written as text, linked to the resources they name. Configurations often give a
//! table (or queue, bucket…) its name from a variable and pass the same variable to the
//! function that uses it, or write the name into an ARN (`…:table/orders`), so the link is a
//! name, not a reference: such strings become references, in the settings where a flow or a
//! permission is read from.

use super::super::names::{NAME_KEYS, Names, link, record};
use super::super::resources::{Role, role_of};
use super::link::Read;

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
    let mut names = Names::new();
    for resource in resources.iter().filter(|r| matches!(role_of(&r.kind), Role::Element(_))) {
        for key in NAME_KEYS {
            if let Some(name) = resource.properties.get(key).and_then(|n| n.text()) {
                record(&mut names, &name, &resource.id);
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
