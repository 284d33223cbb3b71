//! The importer on its own examples and on the real templates of the corpus
//! (`tests/fixtures/iac/sam`, public templates with their provenance and licences).

use super::*;

const SAMPLE: &str = r#"
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          TABLE: !Ref OrdersTable
          API_TOKEN: hunter2
      Policies:
        - DynamoDBCrudPolicy: {TableName: !Ref OrdersTable}
      Events:
        Post:
          Type: Api
          Properties: {Path: /orders, Method: post}
        Queue:
          Type: SQS
          Properties: {Queue: !GetAtt OrdersQueue.Arn}
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
  OrdersQueue:
    Type: AWS::SQS::Queue
  Role:
    Type: AWS::IAM::Role
  Thing:
    Type: AWS::GameLift::Fleet
"#;

fn names(model: &ThreatModel) -> Vec<(String, String)> {
    let name = |id: &ElementId| model.element(id).map(|e| e.name.clone()).unwrap_or_default();
    let mut flows: Vec<(String, String)> = model.flows.iter().map(|f| (name(&f.from), name(&f.to))).collect();
    flows.sort();
    flows
}

#[test]
fn a_sam_template_becomes_elements_flows_facts_and_boundaries() {
    let import = import_template(SAMPLE, "orders.yaml").unwrap();
    let model = &import.model;
    let kinds: Vec<(&str, &str)> = model.elements.iter().map(|e| (e.name.as_str(), e.kind.as_str())).collect();
    for expected in [
        ("OrdersFunction", "function"),
        ("OrdersTable", "database"),
        ("OrdersQueue", "queue"),
        ("ServerlessRestApi", "api_gateway"),
        ("Internet user", "user"),
    ] {
        assert!(kinds.contains(&expected), "{expected:?} in {kinds:?}");
    }
    assert_eq!(model.elements.len(), 5, "roles are configuration, not boxes: {kinds:?}");
    assert_eq!(
        names(model),
        [
            ("Internet user", "ServerlessRestApi"),
            ("OrdersFunction", "OrdersTable"),
            ("OrdersQueue", "OrdersFunction"),
            ("ServerlessRestApi", "OrdersFunction"),
        ]
        .map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    let element = |name: &str| model.elements.iter().find(|e| e.name == name).unwrap();
    assert_eq!(element("OrdersTable").property("backed_up"), crate::model::Tri::Yes);
    assert_eq!(element("OrdersQueue").property("dead_letter_queue"), crate::model::Tri::No);
    assert_eq!(element("OrdersFunction").property("secrets_in_env"), crate::model::Tri::Yes);
    assert_eq!(element("ServerlessRestApi").answer("authorizer"), Some(&crate::model::Answer::choice("none")));
    assert!(import.summary.iter().any(|l| l.contains("AWS::GameLift::Fleet Thing (line 29)")), "{:?}", import.summary);
    // The internet user is in the internet, the rest in the cloud account.
    let member = |name: &str, boundary: &str| {
        let rect = model.boundaries.iter().find(|b| b.name == boundary).map(|b| model.boundary_rect(&b.id)).unwrap();
        rect.contains(model.element_position(&element(name).id))
    };
    assert!(member("Internet user", "Internet") && member("OrdersTable", "Cloud account"));
    assert!(!member("Internet user", "Cloud account"));
    assert!(model.errors().is_empty(), "{:?}", model.errors());
}

#[test]
fn not_a_template_and_broken_yaml_say_what_and_where() {
    let error = import_template("name: shop\nitems: [1, 2]\n", "x.yaml").err().unwrap();
    assert!(error.message.contains("no Resources section"), "{error}");
    let error = import_template("Resources:\n  A: [1, 2\n  B: 3\n", "x.yaml").err().unwrap();
    assert!(error.line >= 2, "{error}");
}

/// Every SAM and CloudFormation template of the corpus imports into a valid model (how fast:
/// `benches/export.rs`).
#[test]
fn every_corpus_template_imports() {
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iac/sam");
    let entries = walk(&corpus).unwrap();
    let mut imported = 0;
    for path in entries {
        let text = std::fs::read_to_string(&path).unwrap();
        let looks_like_template = text.contains("Resources") && (text.contains("AWS::") || text.contains("Transform"));
        if !looks_like_template {
            continue;
        }
        let import =
            import_template(&text, &path.display().to_string()).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(import.model.errors().is_empty(), "{}: {:?}", path.display(), import.model.errors());
        imported += 1;
    }
    assert_eq!(imported, 70, "every template of the corpus");
}

fn walk(dir: &std::path::Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(walk(&path)?);
        } else if path.extension().is_some_and(|e| e == "yaml" || e == "yml" || e == "json") {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// Hand-checked against the template: a WebSocket chat with a Lambda authorizer on $connect.
#[test]
fn the_websocket_chat_template_reads_as_its_authors_drew_it() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/iac/sam/apigw-websocket-api-lambda-authorizer.yaml");
    let import = import_template(&std::fs::read_to_string(path).unwrap(), "chat.yaml").unwrap();
    let model = &import.model;
    let element = |name: &str| model.elements.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("{name}"));
    assert_eq!(element("SimpleChatWebSocketApi").answer("authorizer"), Some(&crate::model::Answer::choice("custom")));
    assert_eq!(element("CognitoUserPool").property("mfa"), crate::model::Tri::No);
    let flows = names(model);
    for (from, to) in [
        ("SimpleChatWebSocketApi", "LambdaAuthorizerHandler"),
        ("SimpleChatWebSocketApi", "OnConnectFunction"),
        ("SimpleChatWebSocketApi", "SendMessageFunction"),
        ("OnConnectFunction", "ConnectionMappingTable"),
        ("Internet user", "SimpleChatWebSocketApi"),
    ] {
        assert!(flows.contains(&(from.to_owned(), to.to_owned())), "{from} → {to} in {flows:?}");
    }
}
