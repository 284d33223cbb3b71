//! Flows from the evidence in a template: event sources and triggers, integrations,
//! subscriptions, rule targets, notifications, origins, references in environment variables,
//! and what a function's policies let it reach. Each flow's label says which evidence it came
//! from; one inferred only from a policy says so, for the user to check.

use super::template::{Resource, references};
use super::yaml::Budget;

/// A flow found in the template, between logical ids.
pub struct Found {
    pub from: String,
    pub to: String,
    pub evidence: String,
    /// Only a policy says it: the user should check it.
    pub inferred: bool,
}

/// Every flow one resource's own configuration shows. `implicit_api` names the API a SAM
/// function's `Api`/`HttpApi` event uses when it names none.
pub fn flows_of(resource: &Resource, budget: &mut Budget, implicit_api: &dyn Fn(&str) -> String) -> Vec<Found> {
    let mut found = Vec::new();
    let mut add = |from: &str, to: &str, evidence: &str, inferred: bool| {
        found.push(Found { from: from.to_owned(), to: to.to_owned(), evidence: evidence.to_owned(), inferred });
    };
    let id = resource.id.as_str();
    let refs_at =
        |path: &[&str], budget: &mut Budget| resource.at(path).map(|n| references(n, budget)).unwrap_or_default();
    match resource.kind.as_str() {
        "AWS::Serverless::Function" => {
            for (name, event) in resource.at(&["Events"]).map(|e| e.entries()).unwrap_or_default() {
                let kind = event.get("Type").and_then(|t| t.text()).map(|t| t.into_owned()).unwrap_or_default();
                let properties = event.get("Properties");
                let sources = properties.map(|p| references(p, budget)).unwrap_or_default();
                let auth = properties.and_then(|p| p.get("Auth")).is_some();
                let label = format!("{kind} event {name}{}", if auth { " with Auth" } else { "" });
                match kind.as_str() {
                    "Api" | "HttpApi" => {
                        let key = if kind == "Api" { "RestApiId" } else { "ApiId" };
                        let api = properties.and_then(|p| p.get(key)).map(|n| references(n, budget));
                        let api = api.and_then(|r| r.into_iter().next()).unwrap_or_else(|| implicit_api(&kind));
                        add(&api, id, &label, false);
                    }
                    // The schedule is its own box, made by the caller.
                    "Schedule" | "ScheduleV2" => add(&format!("{id}{name}"), id, &label, false),
                    "EventBridgeRule" | "CloudWatchEvent" => {
                        let bus = properties.and_then(|p| p.get("EventBusName")).map(|n| references(n, budget));
                        let bus = bus.and_then(|r| r.into_iter().next()).unwrap_or_else(|| DEFAULT_BUS.to_owned());
                        add(&bus, id, &label, false);
                    }
                    _ => sources.iter().for_each(|s| add(s, id, &label, false)),
                }
            }
            environment(resource, budget, &mut add);
            // Explicit evidence first: a flow the policies also allow keeps its real reason.
            for target in
                refs_at(&["DeadLetterQueue"], budget).into_iter().chain(refs_at(&["EventInvokeConfig"], budget))
            {
                add(id, &target, "failed events go here", false);
            }
            for source in refs_at(&["Policies"], budget) {
                add(id, &source, "its policies allow it (check)", true);
            }
        }
        "AWS::Lambda::Function" => {
            environment(resource, budget, &mut add);
            for target in refs_at(&["DeadLetterConfig"], budget) {
                add(id, &target, "failed events go here", false);
            }
            // The execution role's policies, attached by `Template::attach_role_policies`.
            for source in refs_at(&["Policies"], budget) {
                add(id, &source, "its role's policies allow it (check)", true);
            }
        }
        "AWS::Lambda::EventInvokeConfig" => {
            for function in refs_at(&["FunctionName"], budget) {
                for target in refs_at(&["DestinationConfig"], budget) {
                    add(&function, &target, "invocation destination", false);
                }
            }
        }
        "AWS::Lambda::EventSourceMapping" => {
            for function in refs_at(&["FunctionName"], budget) {
                for source in refs_at(&["EventSourceArn"], budget) {
                    add(&source, &function, "event source mapping", false);
                }
            }
        }
        "AWS::Lambda::Permission" => {
            for function in refs_at(&["FunctionName"], budget) {
                for source in refs_at(&["SourceArn"], budget) {
                    add(&source, &function, "allowed to invoke it", false);
                }
            }
        }
        "AWS::SNS::Subscription" => {
            for topic in refs_at(&["TopicArn"], budget) {
                for endpoint in refs_at(&["Endpoint"], budget) {
                    add(&topic, &endpoint, "subscription", false);
                }
            }
        }
        "AWS::SNS::Topic" => {
            for endpoint in refs_at(&["Subscription"], budget) {
                add(id, &endpoint, "subscription", false);
            }
        }
        "AWS::Events::Rule" => {
            let scheduled = resource.property("ScheduleExpression").is_some();
            let source = if scheduled {
                id.to_owned()
            } else {
                refs_at(&["EventBusName"], budget).into_iter().next().unwrap_or_else(|| DEFAULT_BUS.to_owned())
            };
            for target in resource.at(&["Targets"]).map(|t| t.items().to_vec()).unwrap_or_default() {
                for arn in target.get("Arn").map(|a| references(a, budget)).unwrap_or_default() {
                    add(&source, &arn, if scheduled { "schedule" } else { "rule target" }, false);
                }
            }
        }
        "AWS::Scheduler::Schedule" => {
            for target in refs_at(&["Target", "Arn"], budget) {
                add(id, &target, "schedule", false);
            }
            for queue in refs_at(&["Target", "DeadLetterConfig"], budget) {
                add(id, &queue, "failed invocations go here", false);
            }
        }
        "AWS::S3::Bucket" => {
            for target in refs_at(&["NotificationConfiguration"], budget) {
                add(id, &target, "notification", false);
            }
        }
        "AWS::ApiGateway::Method" => {
            for api in refs_at(&["RestApiId"], budget) {
                for target in refs_at(&["Integration"], budget) {
                    add(&api, &target, "integration", false);
                }
            }
        }
        "AWS::ApiGatewayV2::Integration" => {
            for api in refs_at(&["ApiId"], budget) {
                let uri = refs_at(&["IntegrationUri"], budget);
                // A service integration names its target in its parameters (`QueueUrl`).
                for target in uri.into_iter().chain(refs_at(&["RequestParameters"], budget)) {
                    add(&api, &target, "integration", false);
                }
            }
        }
        "AWS::ApiGateway::Authorizer" | "AWS::ApiGatewayV2::Authorizer" => {
            for api in refs_at(&["RestApiId"], budget).into_iter().chain(refs_at(&["ApiId"], budget)) {
                for function in refs_at(&["AuthorizerUri"], budget) {
                    add(&api, &function, "authorizer", false);
                }
            }
        }
        "AWS::AppSync::DataSource" => {
            for api in refs_at(&["ApiId"], budget) {
                for key in ["LambdaConfig", "DynamoDBConfig", "HttpConfig", "RelationalDatabaseConfig"] {
                    for target in refs_at(&[key], budget) {
                        add(&api, &target, "data source", false);
                    }
                }
            }
        }
        "AWS::Serverless::Api" | "AWS::Serverless::HttpApi" | "AWS::ApiGateway::RestApi" | "AWS::ApiGatewayV2::Api" => {
            for target in refs_at(&["DefinitionBody"], budget).into_iter().chain(refs_at(&["Body"], budget)) {
                add(id, &target, "API definition", false);
            }
            // An HTTP API made with quick create sends every route to its target.
            for target in refs_at(&["Target"], budget) {
                add(id, &target, "quick-create target", false);
            }
            for function in refs_at(&["Auth", "Authorizers"], budget) {
                add(id, &function, "authorizer", false);
            }
        }
        "AWS::SQS::Queue" => {
            for queue in refs_at(&["RedrivePolicy"], budget) {
                add(id, &queue, "messages that keep failing move here", false);
            }
        }
        "AWS::RDS::DBProxyTargetGroup" => {
            for proxy in refs_at(&["DBProxyName"], budget) {
                for key in ["DBClusterIdentifiers", "DBInstanceIdentifiers"] {
                    for database in refs_at(&[key], budget) {
                        add(&proxy, &database, "proxy target", false);
                    }
                }
            }
        }
        "AWS::Pipes::Pipe" => {
            // Source, then the enrichment function if any, then the target.
            let stages: Vec<Vec<String>> = ["Source", "Enrichment", "Target"]
                .iter()
                .map(|key| refs_at(&[key], budget))
                .filter(|refs| !refs.is_empty())
                .collect();
            for pair in stages.windows(2) {
                for from in &pair[0] {
                    for to in &pair[1] {
                        add(from, to, &format!("pipe {id}"), false);
                    }
                }
            }
        }
        "AWS::StepFunctions::StateMachine" | "AWS::Serverless::StateMachine" => {
            let defined = ["Definition", "DefinitionString", "DefinitionSubstitutions"];
            for target in defined.iter().flat_map(|key| refs_at(&[key], budget)) {
                add(id, &target, "a step of it", false);
            }
            for target in refs_at(&["Policies"], budget) {
                add(id, &target, "its policies allow it (check)", true);
            }
        }
        "AWS::CloudFront::Distribution" => {
            for origin in refs_at(&["DistributionConfig", "Origins"], budget) {
                add(id, &origin, "origin", false);
            }
        }
        "AWS::ElasticLoadBalancingV2::TargetGroup" => {
            for target in refs_at(&["Targets"], budget) {
                add(id, &target, "target", false);
            }
        }
        "AWS::ElasticLoadBalancingV2::Listener" => {
            for balancer in refs_at(&["LoadBalancerArn"], budget) {
                for group in refs_at(&["DefaultActions"], budget) {
                    add(&balancer, &group, "listener", false);
                }
            }
        }
        _ => {}
    }
    found
}

/// The name the importer gives EventBridge's default bus when a rule uses it.
pub const DEFAULT_BUS: &str = "DefaultEventBus";

/// A resource named in an environment variable is one the function talks to.
fn environment(resource: &Resource, budget: &mut Budget, add: &mut dyn FnMut(&str, &str, &str, bool)) {
    let variables = resource.at(&["Environment", "Variables"]).map(|v| v.entries().to_vec()).unwrap_or_default();
    for (name, value) in variables {
        for target in references(&value, budget) {
            add(&resource.id, &target, &format!("environment {name}"), false);
        }
    }
}
