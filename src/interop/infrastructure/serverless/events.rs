//! A function's `events:` as SAM events, and what the framework creates for them: the REST,
//! HTTP and WebSocket APIs (with what checks their callers), topics and buckets named only by
//! their events.

use std::rc::Rc;

use super::super::yaml::{Node, Value};
use super::{Service, normalised};

/// What an API route says about its callers, gathered over every function: the framework
/// makes one API per kind for the whole service.
pub struct Route {
    pub rest: bool,
    pub label: String,
    /// The authorizer's name and its SAM definition; `AWS_IAM` has none.
    pub authorizer: Option<(String, Option<Rc<Node>>)>,
    pub api_key: bool,
    pub line: usize,
}

pub const REST_API: &str = "ApiGatewayRestApi";
pub const HTTP_API: &str = "HttpApi";
const WEBSOCKET_API: &str = "WebsocketsApi";

/// The SAM events of one function, named by what they are (`POST /todos`, `sqs 1`).
pub fn of_function(service: &mut Service, id: &str, name: &str, function: &Node) -> Vec<(String, Rc<Node>)> {
    let mut events = Vec::new();
    let items = function.get("events").map(|e| e.items().to_vec()).unwrap_or_default();
    for (index, item) in items.iter().enumerate() {
        let Some((kind, settings)) = item.entries().first() else { continue };
        let n = index + 1;
        let at = settings.line;
        let event = match kind.as_str() {
            "http" | "httpApi" => Some(route(service, kind == "http", settings, at)),
            "websocket" => {
                websocket(service, id, settings, at);
                None
            }
            "sqs" => Some((format!("sqs {n}"), sam("SQS", vec![("Queue", arn_of(settings))], at))),
            "stream" => {
                let arn = arn_of(settings);
                let dynamo = settings.get("type").and_then(|t| t.text()).is_some_and(|t| t == "dynamodb")
                    || arn.text().is_some_and(|t| t.contains(":dynamodb:"))
                    || matches!(&arn.value, Value::Tagged(_, inner) if inner.text().is_some_and(|t| t.contains("StreamArn")))
                    || arn
                        .get("Fn::GetAtt")
                        .is_some_and(|g| g.items().iter().any(|i| i.text().is_some_and(|t| t == "StreamArn")));
                Some((
                    format!("stream {n}"),
                    sam(if dynamo { "DynamoDB" } else { "Kinesis" }, vec![("Stream", arn)], at),
                ))
            }
            "sns" => Some((format!("sns {n}"), sam("SNS", vec![("Topic", topic(service, settings, at))], at))),
            "s3" => Some((format!("s3 {n}"), sam("S3", vec![("Bucket", bucket(service, settings, at))], at))),
            "schedule" => {
                let rate = settings.get("rate").cloned().unwrap_or_else(|| Rc::new(clone_scalar(settings)));
                Some((format!("Schedule{n}"), sam("Schedule", vec![("Schedule", rate)], at)))
            }
            "eventBridge" => Some(event_bridge(service, settings, n, at)),
            "alb" => {
                let balancer = settings
                    .get("listenerArn")
                    .map(|l| load_balancer_of(service, l))
                    .unwrap_or_else(|| Node::map_at(Vec::new(), at));
                Some((format!("alb {n}"), sam("ALB", vec![("LoadBalancer", balancer)], at)))
            }
            "cognitoUserPool" => {
                let pool = settings.get("pool").and_then(|p| p.text()).map(|p| p.into_owned()).unwrap_or_default();
                let pool_id = format!("CognitoUserPool{}", normalised(&pool));
                if service.add(&pool_id, "AWS::Cognito::UserPool", at, Node::map_at(Vec::new(), at), None) {
                    service.naming.display.insert(pool_id.clone(), format!("{pool} (user pool)"));
                }
                Some((format!("cognito {n}"), sam("Cognito", vec![("UserPool", Node::reference(pool_id, at))], at)))
            }
            other => {
                service.notes.push(format!("Not imported: the {other} event of function {name} (line {at})"));
                None
            }
        };
        events.extend(event);
    }
    events
}

/// `{Type, Properties}`.
fn sam(kind: &str, properties: Vec<(&str, Rc<Node>)>, line: usize) -> Rc<Node> {
    let properties = properties.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    Node::map_at(
        vec![("Type".to_owned(), Node::text_at(kind, line)), ("Properties".to_owned(), Node::map_at(properties, line))],
        line,
    )
}

fn clone_scalar(node: &Node) -> Node {
    Node { value: node.text().map_or(Value::Null, |t| Value::Str(t.into_owned())), line: node.line }
}

/// An event's source: the setting itself (`sqs: arn:…`) or its `arn`.
fn arn_of(settings: &Rc<Node>) -> Rc<Node> {
    settings.get("arn").cloned().unwrap_or_else(|| Rc::clone(settings))
}

/// An `http` or `httpApi` route; the API itself is made once all routes are known.
fn route(service: &mut Service, rest: bool, settings: &Rc<Node>, line: usize) -> (String, Rc<Node>) {
    let (method, path) = match settings.text() {
        Some(text) => {
            let mut parts = text.splitn(2, ' ');
            (parts.next().unwrap_or("*").to_owned(), parts.next().unwrap_or("").to_owned())
        }
        None => {
            let text = |key: &str| settings.get(key).and_then(|v| v.text()).map(|t| t.into_owned()).unwrap_or_default();
            (text("method"), text("path"))
        }
    };
    let path = if path.starts_with('/') || path.is_empty() { path } else { format!("/{path}") };
    let label = format!("{} {path}", method.to_uppercase()).trim().to_owned();
    let authorizer = settings.get("authorizer").and_then(|a| authorizer(service, rest, a));
    let api_key = settings.get("private").is_some_and(|p| p.is_true());
    service.routes.push(Route { rest, label: label.clone(), authorizer, api_key, line });
    let (kind, key, api) = if rest { ("Api", "RestApiId", REST_API) } else { ("HttpApi", "ApiId", HTTP_API) };
    (label, sam(kind, vec![(key, Node::reference(api, line))], line))
}

/// What an `authorizer:` setting names, as SAM would define it.
fn authorizer(service: &mut Service, rest: bool, setting: &Rc<Node>) -> Option<(String, Option<Rc<Node>>)> {
    let line = setting.line;
    let name = setting
        .text()
        .map(|t| t.into_owned())
        .or_else(|| setting.get("name").and_then(|n| n.text()).map(|t| t.into_owned()));
    let kind = setting.get("type").and_then(|t| t.text()).map(|t| t.to_ascii_lowercase());
    if name.as_deref() == Some("aws_iam") || kind.as_deref() == Some("aws_iam") {
        return Some(("AWS_IAM".to_owned(), None));
    }
    let arn = setting.get("arn").cloned();
    let cognito = kind.as_deref() == Some("cognito_user_pools")
        || arn.as_ref().and_then(|a| a.text()).is_some_and(|a| a.contains("cognito-idp"));
    let name = name.unwrap_or_else(|| "Authorizer".to_owned());
    let definition = if cognito {
        vec![("UserPoolArn".to_owned(), arn.unwrap_or_else(|| Node::text_at("", line)))]
    } else if !rest {
        // An HTTP API's authorizers are defined under provider.httpApi.authorizers.
        let defined = service.resolver_authorizer(&name);
        match defined {
            Some(d) if d.get("type").and_then(|t| t.text()).is_some_and(|t| t == "request") => {
                let function =
                    d.get("functionName").and_then(|f| f.text()).map(|f| Service::function_id(&f)).unwrap_or_default();
                vec![("FunctionArn".to_owned(), Node::reference(function, line))]
            }
            Some(d) => vec![("JwtConfiguration".to_owned(), d)],
            None => Vec::new(),
        }
    } else {
        match arn {
            Some(arn) => vec![("FunctionArn".to_owned(), arn)],
            None => vec![("FunctionArn".to_owned(), Node::reference(Service::function_id(&name), line))],
        }
    };
    Some((name, Some(Node::map_at(definition, line))))
}

/// A WebSocket route: the API, an integration to the function and the route's authorizer.
fn websocket(service: &mut Service, function: &str, settings: &Rc<Node>, line: usize) {
    let api = Node::reference(WEBSOCKET_API, line);
    let protocol = vec![("ProtocolType".to_owned(), Node::text_at("WEBSOCKET", line))];
    service.add(WEBSOCKET_API, "AWS::ApiGatewayV2::Api", line, Node::map_at(protocol, line), None);
    let integration =
        vec![("ApiId".to_owned(), Rc::clone(&api)), ("IntegrationUri".to_owned(), Node::reference(function, line))];
    service.add(
        &format!("{function}WebsocketsIntegration"),
        "AWS::ApiGatewayV2::Integration",
        line,
        Node::map_at(integration, line),
        None,
    );
    let Some(setting) = settings.get("authorizer") else { return };
    let name = setting
        .text()
        .map(|t| t.into_owned())
        .or_else(|| setting.get("name").and_then(|n| n.text()).map(|t| t.into_owned()));
    let uri = match (name, setting.get("arn")) {
        (_, Some(arn)) => Rc::clone(arn),
        (Some(name), None) => Node::reference(Service::function_id(&name), line),
        (None, None) => return,
    };
    let authorizer = vec![
        ("ApiId".to_owned(), api),
        ("AuthorizerType".to_owned(), Node::text_at("REQUEST", line)),
        ("AuthorizerUri".to_owned(), uri),
    ];
    service.add(
        &format!("{function}WebsocketsAuthorizer"),
        "AWS::ApiGatewayV2::Authorizer",
        line,
        Node::map_at(authorizer, line),
        None,
    );
}

/// An `sns` event's topic: an ARN or reference as given, or a topic the framework makes by
/// name.
fn topic(service: &mut Service, settings: &Rc<Node>, line: usize) -> Rc<Node> {
    let given = settings
        .get("arn")
        .cloned()
        .or_else(|| settings.text().filter(|t| t.starts_with("arn:")).map(|_| Rc::clone(settings)));
    if let Some(arn) = given.filter(|a| !matches!(a.value, Value::Null)) {
        return arn;
    }
    if settings.text().is_none() && settings.get("topicName").is_none() {
        return Rc::clone(settings);
    }
    let name = settings
        .get("topicName")
        .and_then(|t| t.text())
        .or_else(|| settings.text())
        .map(|t| t.into_owned())
        .unwrap_or_default();
    made_by_name(service, &format!("SNSTopic{}", normalised(&name)), "AWS::SNS::Topic", &name, "TopicName", line)
}

/// An `s3` event's bucket: a reference as given, one of `resources:` by its name, or a bucket
/// the framework makes (or that exists already, `existing: true`).
fn bucket(service: &mut Service, settings: &Rc<Node>, line: usize) -> Rc<Node> {
    let given = settings.get("bucket").cloned().unwrap_or_else(|| Rc::clone(settings));
    let Some(name) = given.text().map(|t| t.into_owned()) else { return given };
    if service.made.contains(&name) {
        return Node::reference(name, line);
    }
    let existing = settings.get("existing").is_some_and(|e| e.is_true());
    let id = format!("S3Bucket{}", normalised(&name));
    let node = made_by_name(service, &id, "AWS::S3::Bucket", &name, "BucketName", line);
    if existing {
        service.notes.push(format!("{name}: an existing bucket, configured outside this service"));
    }
    node
}

/// A resource the framework makes from a name alone, unless `resources:` declares one by that
/// name.
fn made_by_name(service: &mut Service, id: &str, kind: &str, name: &str, name_key: &str, line: usize) -> Rc<Node> {
    let declared = service
        .resources
        .iter()
        .find(|r| r.kind == kind && r.property(name_key).and_then(|n| n.text()).is_some_and(|n| n == name));
    if let Some(declared) = declared {
        return Node::reference(declared.id.clone(), line);
    }
    let properties = Node::map_at(vec![(name_key.to_owned(), Node::text_at(name, line))], line);
    if service.add(id, kind, line, properties, None) {
        let what = kind.rsplit("::").next().unwrap_or_default().to_ascii_lowercase();
        service.naming.display.insert(id.to_owned(), format!("{name} ({what})"));
    }
    Node::reference(id, line)
}

/// An `eventBridge` event: a schedule, or a rule on the default bus or a named one (which the
/// framework makes unless it is an ARN).
fn event_bridge(service: &mut Service, settings: &Rc<Node>, n: usize, line: usize) -> (String, Rc<Node>) {
    if let Some(schedule) = settings.get("schedule") {
        return (format!("Schedule{n}"), sam("Schedule", vec![("Schedule", Rc::clone(schedule))], line));
    }
    let mut properties = Vec::new();
    if let Some(bus) = settings.get("eventBus") {
        let node = match bus.text() {
            Some(name) if !name.starts_with("arn:") => made_by_name(
                service,
                &format!("{}EventBus", normalised(&name)),
                "AWS::Events::EventBus",
                &name,
                "Name",
                line,
            ),
            _ => Rc::clone(bus),
        };
        properties.push(("EventBusName", node));
    }
    (format!("eventBridge {n}"), sam("EventBridgeRule", properties, line))
}

/// The load balancer behind an `alb` event's listener, when `resources:` declares both.
fn load_balancer_of(service: &Service, listener: &Rc<Node>) -> Rc<Node> {
    let mut budget = super::super::yaml::Budget::new();
    let ids = super::super::template::references(listener, &mut budget);
    let balancer = ids.iter().find_map(|id| {
        let declared = service.resources.iter().find(|r| &r.id == id)?;
        declared.property("LoadBalancerArn").cloned()
    });
    balancer.unwrap_or_else(|| Rc::clone(listener))
}

/// The REST and HTTP APIs the routes use, with what checks their callers: an authorizer on
/// every route, none on any, or some routes open (listed).
pub fn apis(service: &mut Service) {
    for rest in [true, false] {
        let routes: Vec<&Route> = service.routes.iter().filter(|r| r.rest == rest).collect();
        let Some(first) = routes.first() else { continue };
        let line = first.line;
        let (id, kind) = if rest { (REST_API, "AWS::Serverless::Api") } else { (HTTP_API, "AWS::Serverless::HttpApi") };
        let mut authorizers: Vec<(String, Rc<Node>)> = Vec::new();
        for (name, definition) in routes.iter().filter_map(|r| r.authorizer.as_ref()) {
            if let Some(definition) = definition.as_ref().filter(|_| !authorizers.iter().any(|(n, _)| n == name)) {
                authorizers.push((name.clone(), Rc::clone(definition)));
            }
        }
        let open: Vec<&str> = routes.iter().filter(|r| r.authorizer.is_none()).map(|r| r.label.as_str()).collect();
        let mut auth = Vec::new();
        if open.is_empty() {
            if let Some((name, _)) = routes.iter().find_map(|r| r.authorizer.as_ref()) {
                auth.push(("DefaultAuthorizer".to_owned(), Node::text_at(name.clone(), line)));
            }
        } else if open.len() < routes.len() || routes.iter().any(|r| r.api_key) {
            let what = if authorizers.is_empty() { "an API key" } else { "an authorizer" };
            service.notes.push(format!("{id}: some routes have {what} and some do not: {}", open.join(", ")));
        }
        if routes.iter().all(|r| r.api_key) && open.len() == routes.len() {
            auth.push(("ApiKeyRequired".to_owned(), Node::new(Value::Bool(true), line)));
        }
        if !authorizers.is_empty() {
            auth.push(("Authorizers".to_owned(), Node::map_at(authorizers, line)));
        }
        let properties = if auth.is_empty() && open.len() == routes.len() && !routes.iter().any(|r| r.api_key) {
            Vec::new()
        } else {
            vec![("Auth".to_owned(), Node::map_at(auth, line))]
        };
        service.add(id, kind, line, Node::map_at(properties, line), None);
    }
}
