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

fn corpus(name: &str) -> InfrastructureImport {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iac/sam").join(name);
    import_template(&std::fs::read_to_string(path).unwrap(), name).unwrap()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = expected.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
    pairs.sort();
    pairs
}

/// Hand-checked: an upload bucket triggers the resizer, which writes to a second bucket whose
/// name it gets from its environment; its read policy on the upload bucket is the one flow to
/// check. Nothing is public.
#[test]
fn the_image_resizer_reads_as_drawn() {
    let import = corpus("s3-lambda-resizing-python.yaml");
    assert_eq!(
        names(&import.model),
        pairs(&[
            ("ResizerFunction", "DestinationBucket"),
            ("ResizerFunction", "SourceBucket"),
            ("SourceBucket", "ResizerFunction"),
        ])
    );
    assert!(import.model.elements.iter().all(|e| e.kind != "user"), "no public entry point");
    assert!(
        import.summary.iter().any(|l| l.contains("to check: ResizerFunction → SourceBucket")),
        "{:?}",
        import.summary
    );
}

/// Hand-checked: the scheduler invokes the function and sends what it cannot deliver to its
/// own dead-letter queue; the function's failed events go to another.
#[test]
fn the_scheduler_with_two_dead_letter_queues_reads_as_drawn() {
    let import = corpus("eventbridge-schedule-to-lambda-dlq-sam-python.yaml");
    let kinds: Vec<(&str, &str)> = import.model.elements.iter().map(|e| (e.name.as_str(), e.kind.as_str())).collect();
    assert!(kinds.contains(&("EventSchedule", "scheduled_trigger")), "{kinds:?}");
    assert_eq!(
        names(&import.model),
        pairs(&[
            ("EventSchedule", "ScheduledFunction"),
            ("EventSchedule", "SchedulerDLQ"),
            ("ScheduledFunction", "LambdaExecutionDLQ"),
        ])
    );
    let label =
        |to: &str| import.model.flows.iter().find(|f| import.model.element(&f.to).is_some_and(|e| e.name == to));
    assert_eq!(label("LambdaExecutionDLQ").map(|f| f.label.as_str()), Some("failed events go here"));
    assert!(!import.summary.iter().any(|l| l.contains("to check")), "{:?}", import.summary);
}

/// Hand-checked, plain CloudFormation in JSON: the bucket is named by a parameter, and the
/// function's permission names the bucket through the same parameter; that is the trigger.
#[test]
fn the_json_s3_trigger_reads_as_drawn() {
    let import = corpus("cfn-s3-lambda-trigger.json");
    assert_eq!(names(&import.model), pairs(&[("S3BucketNotification", "S3TriggerLambdaFunction")]));
    let bucket = import.model.elements.iter().find(|e| e.name == "S3BucketNotification").unwrap();
    assert_eq!(bucket.kind, "object_storage");
    assert_eq!(bucket.property("public_access"), crate::model::Tri::No);
    assert!(import.summary[0].contains("(a CloudFormation template)"));
}

/// Facts that other resources give: a WAF association, a usage plan's throttle, CloudFront's
/// viewer policy and origin access control, a bucket policy open to anyone. Each checked
/// against its template.
#[test]
fn settings_elsewhere_answer_questions_about_what_they_configure() {
    let answer = |import: &InfrastructureImport, name: &str, property: &str| {
        let element = import.model.elements.iter().find(|e| e.name == name).unwrap_or_else(|| panic!("{name}"));
        element.answer(property).map(|a| a.to_string())
    };
    let waf = corpus("waf-apigw-rest.yaml");
    assert_eq!(answer(&waf, "MyApi", "waf").as_deref(), Some("Yes"));
    assert_eq!(answer(&waf, "MyApi", "https_only").as_deref(), Some("Yes"));
    let usage = corpus("apigw-usage-plans.yaml");
    assert_eq!(answer(&usage, "UsagePlanAPI", "rate_limited").as_deref(), Some("Yes"));
    let cdn = corpus("cloudfront-s3-oac-sam.yaml");
    assert_eq!(answer(&cdn, "CloudFrontDistribution", "https_only").as_deref(), Some("Yes"));
    assert_eq!(answer(&cdn, "CloudFrontDistribution", "origin_locked").as_deref(), Some("Yes"));
    assert_eq!(answer(&cdn, "Bucket", "public_access").as_deref(), Some("No"));
    // A public-read bucket policy, in a Serverless Framework service's resources.
    let service = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/iac/serverless-framework/aws-node-single-page-app-via-cloudfront/serverless.yml");
    let files = sources::MemoryFiles::new().with("serverless.yml", std::fs::read_to_string(service).unwrap());
    let spa = import_infrastructure(&files, "serverless.yml").unwrap();
    assert_eq!(answer(&spa, "WebAppS3Bucket", "public_access").as_deref(), Some("Yes"));
    // Where each answer came from is kept with the element.
    let bucket = spa.model.elements.iter().find(|e| e.name == "WebAppS3Bucket").unwrap();
    let source = bucket.source.as_ref().unwrap();
    assert!(source.answers["public_access"].evidence.contains("bucket policy allows anyone"));
    assert_eq!((source.file.as_str(), source.resource.as_str()), ("serverless.yml", "WebAppS3Bucket"));
}

#[test]
fn globals_apply_to_every_function_and_web_addresses_outside_aws_are_third_parties() {
    let template = r#"
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    VpcConfig: {SubnetIds: [subnet-1]}
    Environment:
      Variables: {PAYMENTS_URL: "https://api.stripe.com/v1", STAGE: prod}
Resources:
  Checkout:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables:
          STAGE: dev
          QUEUE_URL: https://sqs.eu-west-1.amazonaws.com/123/q
          LOCAL: http://localhost:3000
"#;
    let import = import_template(template, "shop.yaml").unwrap();
    let model = &import.model;
    let (elements, flows) =
        (model.elements.iter().map(|e| (e.name.as_str(), e.kind.as_str())).collect::<Vec<_>>(), names(model));
    assert_eq!(elements, [("Checkout", "function"), ("api.stripe.com", "third_party")]);
    assert_eq!(flows, [("Checkout".to_owned(), "api.stripe.com".to_owned())]);
    let party = model.elements.iter().find(|e| e.kind == "third_party").unwrap();
    let inside: Vec<&str> =
        model.boundaries_of(&party.id).iter().filter_map(|b| model.boundary(b)).map(|b| b.name.as_str()).collect();
    assert_eq!(inside, ["Third parties"]);
    let checkout = &model.elements[0];
    let vpc: Vec<&str> =
        model.boundaries_of(&checkout.id).iter().filter_map(|b| model.boundary(b)).map(|b| b.name.as_str()).collect();
    assert!(vpc.contains(&"VPC"), "the global VpcConfig puts it in the VPC: {vpc:?}");
}

/// Hand-checked: a SAM HTTP API whose JWT authorizer uses a user pool from a nested stack
/// (`AuthStack`, `Location: ./auth.yaml`: a user pool, its client and its domain).
#[test]
fn a_local_nested_stack_joins_its_parent() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iac/sam/cognito-httpapi");
    let read = |name: &str| std::fs::read_to_string(folder.join(name)).unwrap();
    let files =
        sources::MemoryFiles::new().with("template.yaml", read("template.yaml")).with("auth.yaml", read("auth.yaml"));
    let import = import_infrastructure(&files, "template.yaml").unwrap();
    let model = &import.model;
    let mut elements: Vec<(&str, &str)> = model.elements.iter().map(|e| (e.name.as_str(), e.kind.as_str())).collect();
    elements.sort();
    assert_eq!(
        elements,
        [
            ("AppApi", "api_gateway"),
            ("AppFunction", "function"),
            ("Internet user", "user"),
            ("UserPool", "identity_provider")
        ]
    );
    assert_eq!(
        names(model),
        pairs(&[
            ("AppApi", "AppFunction"),
            // The authorizer's issuer is !GetAtt AuthStack.Outputs.Issuer: the stack's pool.
            ("AppApi", "UserPool"),
            ("Internet user", "AppApi"),
            ("Internet user", "UserPool"),
        ])
    );
    let pool = model.elements.iter().find(|e| e.name == "UserPool").unwrap();
    assert_eq!(pool.source.as_ref().map(|s| s.file.as_str()), Some("auth.yaml"));
    assert!(import.summary.iter().any(|l| l.contains("Nested stack AuthStack: 3 resources read from auth.yaml")));
    // A stack that includes itself is listed, not followed.
    let looping = sources::MemoryFiles::new().with(
        "a.yaml",
        "Resources:\n  Again:\n    Type: AWS::CloudFormation::Stack\n    Properties: {TemplateURL: ./a.yaml}\n  Q:\n    Type: AWS::SQS::Queue\n",
    );
    let import = import_infrastructure(&looping, "a.yaml").unwrap();
    assert!(import.summary.iter().any(|l| l.contains("includes itself")), "{:?}", import.summary);
}

#[test]
fn settings_that_depend_on_parameters_stay_unknown_with_the_reason() {
    let template = r#"
Parameters:
  MfaSetting: {Type: String, Default: "OFF"}
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
Resources:
  Users:
    Type: AWS::Cognito::UserPool
    Properties:
      MfaConfiguration: !Ref MfaSetting
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      PointInTimeRecoverySpecification:
        PointInTimeRecoveryEnabled: {"Fn::If": [IsProd, true, false]}
"#;
    let import = import_template(template, "params.yaml").unwrap();
    let users = import.model.elements.iter().find(|e| e.name == "Users").unwrap();
    assert_eq!(users.answer("mfa"), None);
    let orders = import.model.elements.iter().find(|e| e.name == "Orders").unwrap();
    assert_eq!(orders.answer("backed_up"), None);
    assert_eq!(orders.answer("encrypted_at_rest"), Some(&crate::model::Answer::Yes), "what the file says still counts");
    let summary = import.summary.join("\n");
    assert!(
        summary.contains("Users: mfa left unknown: MfaConfiguration depends on !Ref MfaSetting (line 10)"),
        "{summary}"
    );
    assert!(
        summary.contains("Orders: backed_up left unknown: PointInTimeRecoverySpecification depends on Fn::If"),
        "{summary}"
    );
}

#[test]
fn timeouts_keys_shaped_like_secrets_and_encryption_keys_are_read() {
    let template = r#"
AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Quick:
    Type: AWS::Lambda::Function
    Properties:
      Environment: {Variables: {UPSTREAM: AKIAIOSFODNN7EXAMPLE}}
  Slow:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: 900
  Files:
    Type: AWS::S3::Bucket
    Properties:
      BucketEncryption:
        ServerSideEncryptionConfiguration:
          - ServerSideEncryptionByDefault: {SSEAlgorithm: "aws:kms", KMSMasterKeyID: !Ref Key}
  Plain:
    Type: AWS::SQS::Queue
    Properties: {SqsManagedSseEnabled: false}
"#;
    let import = import_template(template, "facts.yaml").unwrap();
    let answer = |name: &str, property: &str| {
        let element = import.model.elements.iter().find(|e| e.name == name).unwrap();
        element.answer(property).map(|a| a.to_string())
    };
    assert_eq!(answer("Quick", "short_timeout").as_deref(), Some("Yes"), "Lambda's default is 3 seconds");
    assert_eq!(answer("Quick", "secrets_in_env").as_deref(), Some("Yes"), "an access key id, whatever its name");
    assert_eq!(answer("Slow", "short_timeout").as_deref(), Some("No"));
    assert_eq!(answer("Slow", "secrets_in_env"), None);
    assert_eq!(answer("Files", "key_owner").as_deref(), Some("customer"));
    assert_eq!(answer("Plain", "encrypted_at_rest").as_deref(), Some("No"));
}
