//! Answers the template gives: what its configuration says about the questions ThreatSketch
//! asks of each kind. Each fact says where it came from; a setting the template leaves out is
//! AWS's default, stated as such.

use std::rc::Rc;

use super::template::Resource;
use super::yaml::{Budget, Node, Value};
use crate::model::{Answer, Element};

/// One answer read from the template, with its evidence: "Auth.DefaultAuthorizer (line 12)".
#[derive(Clone)]
pub struct Fact {
    pub property: &'static str,
    pub answer: Answer,
    pub evidence: String,
    /// The setting's value is not in the file (a parameter, a condition, another stack's
    /// output): the question stays unknown, and this says why.
    pub unknown_because: Option<String>,
}

fn fact(property: &'static str, answer: Answer, evidence: impl Into<String>) -> Fact {
    Fact { property, answer, evidence: evidence.into(), unknown_because: None }
}

/// A fact read from settings whose values may not be in the file: if one of `read` comes
/// from a parameter, a condition or an unresolved variable, the question stays unknown.
fn read_from(mut found: Fact, read: &[Option<&Rc<Node>>]) -> Fact {
    if let Some(why) = read.iter().flatten().find_map(|n| unresolved(n)) {
        found.unknown_because = Some(format!("{} depends on {why}", found.evidence));
    }
    found
}

/// What a value depends on when the file does not say it: `!Ref MfaParameter (line 12)`.
fn unresolved(node: &Node) -> Option<String> {
    let shown = |what: &str, inner: &Node| {
        let text = inner.text().map(|t| t.into_owned()).unwrap_or_default();
        format!("{what} {text} (line {})", node.line).replace("  ", " ")
    };
    match &node.value {
        Value::Tagged(tag, inner) => Some(shown(&format!("!{tag}"), inner)),
        Value::Map(entries, _) if entries.len() == 1 && (entries[0].0 == "Ref" || entries[0].0.starts_with("Fn::")) => {
            Some(shown(&entries[0].0, &entries[0].1))
        }
        Value::Str(text) if text.contains("${") => Some(format!("{text} (line {})", node.line)),
        _ => None,
    }
}

impl Fact {
    pub fn stated(property: &'static str, answer: Answer, evidence: &str) -> Self {
        fact(property, answer, evidence)
    }
}

fn yes_no(value: bool) -> Answer {
    if value { Answer::Yes } else { Answer::No }
}

fn line_of(node: &Node) -> String {
    format!("line {}", node.line)
}

/// Facts about the resource behind `element`, as far as its own configuration tells.
pub fn facts_of(resource: &Resource, budget: &mut Budget) -> Vec<Fact> {
    let mut facts = Vec::new();
    match resource.kind.as_str() {
        "AWS::Serverless::Function" | "AWS::Lambda::Function" => {
            if let Some(limit) = resource.property("ReservedConcurrentExecutions") {
                facts.push(fact(
                    "concurrency_limit",
                    Answer::Yes,
                    format!("ReservedConcurrentExecutions ({})", line_of(limit)),
                ));
            }
            if let Some(url) = resource.property("FunctionUrlConfig") {
                facts.push(url_fact(url, "FunctionUrlConfig"));
            }
            let variables =
                resource.at(&["Environment", "Variables"]).map(|v| v.entries().to_vec()).unwrap_or_default();
            let by_name = variables.iter().find(|(name, value)| looks_secret(name) && is_literal(value));
            let by_shape = variables.iter().find(|(_, value)| value.text().is_some_and(|v| shaped_like_secret(&v)));
            if let Some((name, value)) = by_name {
                let evidence = format!("environment {name} holds a value ({})", line_of(value));
                facts.push(fact("secrets_in_env", Answer::Yes, evidence));
            } else if let Some((name, value)) = by_shape {
                let evidence = format!("environment {name} holds what looks like a key ({})", line_of(value));
                facts.push(fact("secrets_in_env", Answer::Yes, evidence));
            }
            // Lambda stops a function after 3 seconds unless told otherwise; API calls wait 29.
            let timeout = resource.property("Timeout");
            let seconds = timeout.and_then(|t| t.text()).and_then(|t| t.parse::<f64>().ok());
            let short = match (timeout, seconds) {
                (None, _) => Some((true, "Lambda's default timeout, 3 seconds".to_owned())),
                (Some(t), Some(s)) => Some((s <= 30.0, format!("Timeout {s} s ({})", line_of(t)))),
                (Some(_), None) => None,
            };
            if let Some((short, evidence)) = short {
                facts.push(read_from(fact("short_timeout", yes_no(short), evidence), &[timeout]));
            }
            if let Some(policies) = resource.property("Policies").filter(|p| has_wildcard(p, budget)) {
                facts.push(fact(
                    "wildcard_permissions",
                    Answer::Yes,
                    format!("Policies allow * ({})", line_of(policies)),
                ));
            }
        }
        "AWS::Serverless::Api" => {
            api_authorizer(resource.property("Auth"), resource.property("DefinitionBody").is_some(), &mut facts);
            public_endpoint(resource, &mut facts);
            stage_settings(resource.properties.as_deref(), &mut facts);
        }
        "AWS::Serverless::HttpApi" => {
            api_authorizer(resource.property("Auth"), resource.property("DefinitionBody").is_some(), &mut facts);
            facts.push(fact("internet_facing", Answer::Yes, "HTTP APIs have a public endpoint"));
            stage_settings(resource.properties.as_deref(), &mut facts);
        }
        "AWS::CloudFront::Distribution" => {
            let config = resource.property("DistributionConfig");
            let at = |key: &str| config.and_then(|c| c.get(key));
            if let Some(acl) = at("WebACLId").filter(|a| a.text().is_none_or(|t| !t.is_empty())) {
                facts.push(fact("waf", Answer::Yes, format!("WebACLId ({})", line_of(acl))));
            }
            if let Some(policy) = at("DefaultCacheBehavior").and_then(|b| b.get("ViewerProtocolPolicy")) {
                let https = policy.text().is_some_and(|p| p != "allow-all");
                let found = fact("https_only", yes_no(https), format!("ViewerProtocolPolicy ({})", line_of(policy)));
                facts.push(read_from(found, &[Some(policy)]));
            }
            let locked = at("Origins").is_some_and(|origins| {
                origins.items().iter().any(|o| {
                    let set = |n: Option<&Rc<Node>>| n.is_some_and(|n| n.text().is_none_or(|t| !t.is_empty()));
                    set(o.get("OriginAccessControlId"))
                        || set(o.get("S3OriginConfig").and_then(|s| s.get("OriginAccessIdentity")))
                })
            });
            if locked {
                facts.push(fact("origin_locked", Answer::Yes, "an origin access control or identity"));
            }
        }
        "AWS::ApiGateway::RestApi" => public_endpoint(resource, &mut facts),
        "AWS::ApiGatewayV2::Api" | "AWS::AppSync::GraphQLApi" => {
            facts.push(fact("internet_facing", Answer::Yes, "a public endpoint"));
        }
        "AWS::ElasticLoadBalancingV2::LoadBalancer" => {
            let scheme = resource.property("Scheme");
            let internal = scheme.and_then(|s| s.text()).is_some_and(|s| s == "internal");
            facts.push(read_from(fact("internet_facing", yes_no(!internal), "Scheme"), &[scheme]));
        }
        "AWS::DynamoDB::Table" | "AWS::Serverless::SimpleTable" => {
            // DynamoDB encrypts every table at rest; a customer key only when asked for.
            facts.push(fact("encrypted_at_rest", Answer::Yes, "DynamoDB always encrypts at rest"));
            // Every call is signed with IAM credentials, and DynamoDB's Block Public Access
            // refuses resource policies that would open a table to anyone.
            facts.push(fact("public_access", Answer::No, "DynamoDB refuses public resource policies"));
            let sse = resource.at(&["SSESpecification", "SSEType"]);
            let kms = sse.and_then(|t| t.text()).is_some_and(|t| t == "KMS");
            let owner = Answer::choice(if kms { "customer" } else { "provider" });
            facts.push(read_from(fact("key_owner", owner, "SSESpecification"), &[sse]));
            let recovery = resource.at(&["PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"]);
            let backed_up =
                fact("backed_up", yes_no(recovery.is_some_and(|r| r.is_true())), "PointInTimeRecoverySpecification");
            facts.push(read_from(backed_up, &[recovery]));
        }
        "AWS::S3::Bucket" => {
            facts.push(fact("encrypted_at_rest", Answer::Yes, "S3 encrypts every new object at rest"));
            let rules = resource.at(&["BucketEncryption", "ServerSideEncryptionConfiguration"]);
            let algorithm = rules
                .and_then(|r| r.items().first().cloned())
                .and_then(|r| r.get("ServerSideEncryptionByDefault").and_then(|d| d.get("SSEAlgorithm")).cloned());
            let kms = algorithm.as_ref().and_then(|a| a.text()).is_some_and(|a| a.starts_with("aws:kms"));
            let owner = Answer::choice(if kms { "customer" } else { "provider" });
            facts.push(read_from(fact("key_owner", owner, "BucketEncryption"), &[algorithm.as_ref()]));
            let status = resource.at(&["VersioningConfiguration", "Status"]);
            let enabled = status.and_then(|s| s.text()).is_some_and(|s| s == "Enabled");
            facts.push(read_from(fact("versioning", yes_no(enabled), "VersioningConfiguration"), &[status]));
            if let Some(block) = resource.property("PublicAccessBlockConfiguration") {
                let all = ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"]
                    .iter()
                    .all(|key| block.get(key).is_some_and(|v| v.is_true()));
                if all {
                    facts.push(fact(
                        "public_access",
                        Answer::No,
                        format!("PublicAccessBlockConfiguration ({})", line_of(block)),
                    ));
                }
            }
        }
        "AWS::SQS::Queue" => {
            // New queues are encrypted with SQS-managed keys unless that is turned off.
            let managed_off = resource.property("SqsManagedSseEnabled").is_some_and(|m| !m.is_true());
            let encrypted = resource.property("KmsMasterKeyId").is_some() || !managed_off;
            let evidence =
                if encrypted { "SQS encrypts queues at rest (SSE-SQS or KMS)" } else { "SqsManagedSseEnabled: false" };
            facts.push(fact("encrypted_at_rest", yes_no(encrypted), evidence));
            let redrive = resource.property("RedrivePolicy").is_some();
            facts.push(fact("dead_letter_queue", yes_no(redrive), "RedrivePolicy"));
            let fifo = resource.property("FifoQueue").is_some_and(|f| f.is_true())
                && resource.property("ContentBasedDeduplication").is_some_and(|f| f.is_true());
            if fifo {
                facts.push(fact(
                    "delivery",
                    Answer::choice("exactly_once"),
                    "FifoQueue with ContentBasedDeduplication",
                ));
            }
        }
        "AWS::Cognito::UserPool" => {
            let mfa = resource.property("MfaConfiguration");
            let on = mfa.and_then(|m| m.text()).is_some_and(|m| m == "ON");
            facts.push(read_from(fact("mfa", yes_no(on), "MfaConfiguration"), &[mfa]));
            let admin = resource.at(&["AdminCreateUserConfig", "AllowAdminCreateUserOnly"]);
            let admin_only = admin.is_some_and(|a| a.is_true());
            let signup = fact("self_signup", yes_no(!admin_only), "AdminCreateUserConfig.AllowAdminCreateUserOnly");
            facts.push(read_from(signup, &[admin]));
        }
        _ => {}
    }
    facts
}

/// Facts a configuration resource gives the API it configures: an authorizer resource says
/// what checks callers. Returns the API's logical ids with the fact.
pub fn configured(resource: &Resource, budget: &mut Budget) -> Vec<(String, Fact)> {
    if let Some(found) = configured_settings(resource, budget) {
        return found;
    }
    if resource.kind == "AWS::Lambda::Url" {
        let Some(properties) = &resource.properties else { return Vec::new() };
        let fact = url_fact(properties, &format!("function URL {}", resource.id));
        let functions = resource.property("TargetFunctionArn").map(|t| super::template::references(t, budget));
        return functions.unwrap_or_default().into_iter().map(|f| (f, fact.clone())).collect();
    }
    let kind = match resource.kind.as_str() {
        "AWS::ApiGateway::Authorizer" => resource.property("Type").and_then(|t| t.text()).map(|t| match t.as_ref() {
            "COGNITO_USER_POOLS" => "jwt",
            _ => "custom",
        }),
        "AWS::ApiGatewayV2::Authorizer" => {
            resource.property("AuthorizerType").and_then(|t| t.text()).map(|t| match t.as_ref() {
                "JWT" => "jwt",
                _ => "custom",
            })
        }
        _ => None,
    };
    let Some(kind) = kind else { return Vec::new() };
    let apis = ["RestApiId", "ApiId"]
        .iter()
        .filter_map(|key| resource.property(key))
        .flat_map(|node| super::template::references(node, budget))
        .collect::<Vec<_>>();
    let evidence = format!("{} {} (line {})", resource.kind, resource.id, resource.line);
    apis.into_iter().map(|api| (api, fact("authorizer", Answer::choice(kind), evidence.clone()))).collect()
}

/// Every API Gateway endpoint serves HTTPS only; access logs record every call, refused ones
/// too; throttling on the stage or route limits how fast any caller may call.
fn stage_settings(settings: Option<&Node>, facts: &mut Vec<Fact>) {
    facts.push(fact("https_only", Answer::Yes, "API Gateway serves HTTPS only"));
    let Some(settings) = settings else { return };
    if let Some(logs) = settings.get("AccessLogSetting").or_else(|| settings.get("AccessLogSettings")) {
        facts.push(fact("logs_security_events", Answer::Yes, format!("access logs ({})", line_of(logs))));
    }
    let throttled = |n: &Node| n.get("ThrottlingRateLimit").is_some() || n.get("ThrottlingBurstLimit").is_some();
    let route = settings.get("DefaultRouteSettings").filter(|r| throttled(r));
    let methods = settings.get("MethodSettings").filter(|m| m.items().iter().any(|i| throttled(i)) || throttled(m));
    if let Some(limit) = route.or(methods) {
        facts.push(fact("rate_limited", Answer::Yes, format!("throttling ({})", line_of(limit))));
    }
}

/// Facts that stages, usage plans, WAF associations and bucket policies give the API, CDN or
/// bucket they name.
fn configured_settings(resource: &Resource, budget: &mut Budget) -> Option<Vec<(String, Fact)>> {
    let refs = |key: &str, budget: &mut Budget| {
        resource.property(key).map(|n| super::template::references(n, budget)).unwrap_or_default()
    };
    let evidence = format!("{} {} (line {})", resource.kind, resource.id, resource.line);
    let to_all = |ids: Vec<String>, facts: Vec<Fact>| -> Vec<(String, Fact)> {
        ids.iter().flat_map(|id| facts.iter().map(move |f| (id.clone(), f.clone()))).collect()
    };
    match resource.kind.as_str() {
        "AWS::ApiGateway::Stage" | "AWS::ApiGatewayV2::Stage" => {
            let mut facts = Vec::new();
            stage_settings(resource.properties.as_deref(), &mut facts);
            facts.retain(|f| f.property != "https_only");
            let apis = refs("RestApiId", budget).into_iter().chain(refs("ApiId", budget)).collect();
            Some(to_all(apis, facts))
        }
        "AWS::ApiGateway::UsagePlan" => {
            let throttle = resource.property("Throttle")?;
            let apis =
                resource.property("ApiStages").map(|s| super::template::references(s, budget)).unwrap_or_default();
            let limit =
                fact("rate_limited", Answer::Yes, format!("usage plan {} ({})", resource.id, line_of(throttle)));
            Some(to_all(apis, vec![limit]))
        }
        "AWS::WAFv2::WebACLAssociation" => {
            Some(to_all(refs("ResourceArn", budget), vec![fact("waf", Answer::Yes, evidence)]))
        }
        "AWS::S3::BucketPolicy" => {
            let statements = resource.at(&["PolicyDocument", "Statement"])?;
            let list: Vec<Rc<Node>> = match &statements.value {
                Value::Seq(items) => items.clone(),
                _ => vec![Rc::clone(statements)],
            };
            let anyone = |p: &Node| {
                p.text().is_some_and(|t| t == "*") || p.get("AWS").is_some_and(|a| a.text().is_some_and(|t| t == "*"))
            };
            let public = list.iter().find(|s| {
                s.get("Effect").and_then(|e| e.text()).is_some_and(|e| e == "Allow")
                    && s.get("Principal").is_some_and(|p| anyone(p))
                    && s.get("Condition").is_none()
            })?;
            let found =
                fact("public_access", Answer::Yes, format!("bucket policy allows anyone ({})", line_of(public)));
            Some(to_all(refs("Bucket", budget), vec![found]))
        }
        _ => None,
    }
}

/// A function URL is a public address anyone can call unless it asks for IAM signatures
/// (`AuthType: AWS_IAM`).
fn url_fact(config: &Node, evidence: &str) -> Fact {
    let auth = config.get("AuthType");
    let iam = auth.and_then(|a| a.text()).is_some_and(|a| a == "AWS_IAM");
    let answer = if iam { Answer::No } else { Answer::Yes };
    let how = if iam { "AuthType AWS_IAM" } else { "AuthType NONE" };
    read_from(fact("public_url", answer, format!("{evidence}, {how} ({})", line_of(config))), &[auth])
}

/// What a SAM API's `Auth` section (or, for the API SAM makes itself, `Globals`) says checks
/// its callers. Without one, and without an OpenAPI body that could say it instead, SAM adds
/// no authorizer: the API is open.
pub fn api_authorizer(auth: Option<&Rc<Node>>, has_definition: bool, facts: &mut Vec<Fact>) {
    let answer = match auth.and_then(|a| a.get("DefaultAuthorizer")).and_then(|d| d.text()).as_deref() {
        Some("AWS_IAM") => Some("iam"),
        Some(name) => Some(authorizer_kind(auth.and_then(|a| a.get("Authorizers")).and_then(|a| a.get(name)))),
        None if auth.and_then(|a| a.get("ApiKeyRequired")).is_some_and(|k| k.is_true()) => Some("api_key"),
        None if auth.is_none() && !has_definition => Some("none"),
        None => None,
    };
    if let Some(answer) = answer {
        let evidence = if auth.is_some() { "Auth.DefaultAuthorizer" } else { "no Auth section" };
        facts.push(fact("authorizer", Answer::choice(answer), evidence));
    }
}

/// An API with no endpoint configuration, or an edge or regional one, is on the internet; a
/// private one is reachable only from inside a network.
fn public_endpoint(resource: &Resource, facts: &mut Vec<Fact>) {
    let types =
        resource.at(&["EndpointConfiguration", "Types"]).or_else(|| resource.at(&["EndpointConfiguration", "Type"]));
    let depends = types.and_then(|t| unresolved(t).or_else(|| t.items().iter().find_map(|i| unresolved(i))));
    let private = types.is_some_and(|t| {
        let mut texts: Vec<String> = t.items().iter().filter_map(|i| i.text().map(|s| s.into_owned())).collect();
        texts.extend(t.text().map(|s| s.into_owned()));
        texts.iter().any(|t| t == "PRIVATE")
    });
    let mut found = fact("internet_facing", yes_no(!private), "EndpointConfiguration");
    found.unknown_because = depends.map(|why| format!("EndpointConfiguration depends on {why}"));
    facts.push(found);
}

/// A SAM authorizer's kind: JWT and Cognito ones check tokens, Lambda ones are custom.
fn authorizer_kind(authorizer: Option<&Rc<Node>>) -> &'static str {
    match authorizer {
        Some(a) if a.get("UserPoolArn").is_some() || a.get("JwtConfiguration").is_some() => "jwt",
        Some(a) if a.get("FunctionArn").is_some() => "custom",
        _ => "unspecified",
    }
}

/// A value shaped like a credential whatever its name: an AWS access key id, a Stripe,
/// GitHub or Slack token, a private key.
fn shaped_like_secret(value: &str) -> bool {
    let aws_key = (value.starts_with("AKIA") || value.starts_with("ASIA"))
        && value.len() == 20
        && value.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit());
    const PREFIXES: [&str; 7] = ["sk_live_", "rk_live_", "ghp_", "github_pat_", "xoxb-", "xoxp-", "-----BEGIN"];
    aws_key || PREFIXES.iter().any(|p| value.starts_with(p))
}

fn looks_secret(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    ["SECRET", "PASSWORD", "PASSWD", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY"].iter().any(|w| upper.contains(w))
}

fn is_literal(node: &Node) -> bool {
    matches!(&node.value, Value::Str(s) if !s.is_empty()) || matches!(node.value, Value::Number(_))
}

/// A policy statement allowing every action (`*`, `s3:*`) or every resource.
fn has_wildcard(node: &Node, budget: &mut Budget) -> bool {
    if !budget.take() {
        return false;
    }
    match &node.value {
        Value::Map(entries, _) => entries.iter().any(|(key, value)| {
            let star = |v: &Node| v.text().is_some_and(|t| t == "*" || t.ends_with(":*"));
            ((key == "Action" || key == "Resource") && (star(value) || value.items().iter().any(|i| star(i))))
                || has_wildcard(value, budget)
        }),
        Value::Seq(items) => items.iter().any(|i| has_wildcard(i, budget)),
        Value::Tagged(_, inner) => has_wildcard(inner, budget),
        _ => false,
    }
}

/// Applies the facts the kind asks about to the element.
pub fn apply(element: &mut Element, facts: &[Fact]) -> Vec<String> {
    let kind = crate::model::KindCatalog::builtin().kind(&element.kind);
    let mut applied = Vec::new();
    for fact in facts.iter().filter(|f| kind.is_some_and(|k| k.asks(f.property))) {
        match &fact.unknown_because {
            Some(why) => applied.push(format!("{} left unknown: {why}", fact.property)),
            None => {
                element.set_answer(fact.property, Some(fact.answer.clone()));
                applied.push(format!("{} = {} ({})", fact.property, fact.answer, fact.evidence));
            }
        }
    }
    applied
}
