//! The Terraform reader on the real configurations of the corpus (`tests/fixtures/iac/terraform`,
//! public files with their provenance and licences in `tests/fixtures/iac/README.md`), on
//! hand-written examples, and on hostile input. The expectations of the hand-checked
//! configurations were written from reading their .tf files, before the reader existed.

use std::path::Path;
use std::time::{Duration, Instant};

use super::super::sources::{MemoryFiles, SourceFiles};
use super::super::template::{Resource, Template, references};
use super::super::yaml::{Budget, Node};
use super::*;

/// Every file of the Terraform corpus, by its path under `tests/fixtures/iac/terraform`, so
/// that `../` module sources resolve as they do on disk.
fn corpus() -> MemoryFiles {
    fn walk(root: &Path, folder: &Path, files: MemoryFiles) -> MemoryFiles {
        let mut entries: Vec<_> =
            std::fs::read_dir(folder).expect("corpus folder").map(|e| e.expect("entry").path()).collect();
        entries.sort();
        entries.into_iter().fold(files, |files, path| {
            if path.is_dir() {
                walk(root, &path, files)
            } else {
                let relative = path.strip_prefix(root).expect("under root").to_string_lossy().replace('\\', "/");
                let text = std::fs::read_to_string(&path).expect("corpus files are text");
                files.with(&relative, text)
            }
        })
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iac/terraform");
    walk(&root, &root, MemoryFiles::new())
}

fn read_folder(files: &dyn SourceFiles, folder: &str) -> (Template, Vec<String>) {
    read(files, folder, &mut Budget::new()).unwrap_or_else(|e| panic!("{folder}: {e:?}"))
}

fn kinds(template: &Template) -> Vec<(String, String)> {
    let mut kinds: Vec<(String, String)> = template.resources.iter().map(|r| (r.id.clone(), r.kind.clone())).collect();
    kinds.sort();
    kinds
}

fn expected(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = pairs.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
    pairs.sort();
    pairs
}

fn resource<'a>(template: &'a Template, id: &str) -> &'a Resource {
    template.resources.iter().find(|r| r.id == id).unwrap_or_else(|| panic!("no {id}"))
}

/// The resources a property of a resource refers to.
fn refs(template: &Template, id: &str, path: &[&str]) -> Vec<String> {
    resource(template, id).at(path).map(|n| references(n, &mut Budget::new())).unwrap_or_default()
}

fn text(node: Option<&std::rc::Rc<Node>>) -> String {
    node.and_then(|n| n.text()).map(|t| t.into_owned()).unwrap_or_default()
}

/// The folders of the corpus with .tf files in them: root configurations, and the local
/// modules and example configurations inside them, each read as a configuration of its own.
fn configuration_folders() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iac/terraform");
    let mut folders = Vec::new();
    let mut pending = vec![root.clone()];
    while let Some(folder) = pending.pop() {
        let mut has_tf = false;
        for entry in std::fs::read_dir(&folder).expect("corpus folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "tf") {
                has_tf = true;
            }
        }
        if has_tf {
            folders.push(folder.strip_prefix(&root).expect("under root").to_string_lossy().replace('\\', "/"));
        }
    }
    folders.sort();
    folders
}

#[test]
fn every_configuration_of_the_corpus_reads_quickly() {
    let files = corpus();
    let folders = configuration_folders();
    // 22 pattern folders; 28 folders with .tf files once the second root of the RDS proxy
    // pattern, the local modules and the two examples of terraform-aws-apigateway-v2 count.
    let tops: std::collections::BTreeSet<&str> = folders.iter().filter_map(|f| f.split('/').next()).collect();
    assert_eq!(tops.len(), 22, "{tops:?}");
    assert_eq!(folders.len(), 28, "{folders:?}");
    let mut read_count = 0;
    let mut slowest = (Duration::ZERO, String::new());
    for folder in &folders {
        let start = Instant::now();
        assert!(is_configuration(&files, folder), "{folder}");
        let (template, _notes) = read_folder(&files, folder);
        let took = start.elapsed();
        if took > slowest.0 {
            slowest = (took, folder.clone());
        }
        for resource in &template.resources {
            assert!(resource.line > 0, "{folder}: {} has no line", resource.id);
            let file = resource.file.as_deref().unwrap_or_default();
            assert!(
                file.starts_with(folder.as_str()) || file.starts_with(folder.split('/').next().unwrap_or_default())
            );
            assert!(files.read(file).is_ok(), "{folder}: {} names {file}", resource.id);
        }
        read_count += 1;
    }
    assert_eq!(read_count, 28);
    // Generous for a debug build on a busy machine; the release build reads each in a few ms.
    assert!(slowest.0 < Duration::from_secs(2), "{slowest:?}");
}

#[test]
fn sqs_queue_to_lambda() {
    let (template, notes) = read_folder(&corpus(), "sqs-lambda-terraform-python");
    assert_eq!(
        kinds(&template),
        expected(&[
            ("aws_sqs_queue.sqs_lambda_demo_queue", "AWS::SQS::Queue"),
            ("aws_iam_role.sqs_lambda_demo_functionrole", "AWS::IAM::Role"),
            ("aws_cloudwatch_log_group.sqs_lambda_demo_loggroup", "AWS::Logs::LogGroup"),
            ("aws_iam_policy.sqs_lambda_demo_lambdapolicy", "AWS::IAM::ManagedPolicy"),
            ("aws_lambda_function.sqs_lambda_demo_function", "AWS::Lambda::Function"),
            ("aws_lambda_event_source_mapping.sqs_lambda_demo_sourcemapping", "AWS::Lambda::EventSourceMapping"),
        ]),
        "the policy attachment is folded into the policy's Roles: {notes:?}"
    );
    let function = resource(&template, "aws_lambda_function.sqs_lambda_demo_function");
    assert_eq!((function.line, function.file.as_deref()), (96, Some("sqs-lambda-terraform-python/main.tf")));
    assert_eq!(resource(&template, "aws_sqs_queue.sqs_lambda_demo_queue").line, 30);
    assert_eq!(
        refs(&template, "aws_lambda_function.sqs_lambda_demo_function", &["Role"]),
        ["aws_iam_role.sqs_lambda_demo_functionrole"]
    );
    assert_eq!(text(function.at(&["Environment", "Variables", "POWERTOOLS_SERVICE_NAME"])), "sqs-lambda-demo");
    let mapping = "aws_lambda_event_source_mapping.sqs_lambda_demo_sourcemapping";
    assert_eq!(refs(&template, mapping, &["EventSourceArn"]), ["aws_sqs_queue.sqs_lambda_demo_queue"]);
    assert_eq!(refs(&template, mapping, &["FunctionName"]), ["aws_lambda_function.sqs_lambda_demo_function"]);
    // The heredoc policy is JSON with interpolations: read as a document, the queue a Ref.
    let policy = "aws_iam_policy.sqs_lambda_demo_lambdapolicy";
    let statements = resource(&template, policy).at(&["PolicyDocument", "Statement"]).expect("statements");
    let first = statements.items().first().expect("a statement");
    assert_eq!(
        references(first.get("Resource").expect("Resource"), &mut Budget::new()),
        ["aws_sqs_queue.sqs_lambda_demo_queue"]
    );
    assert_eq!(refs(&template, policy, &["Roles"]), ["aws_iam_role.sqs_lambda_demo_functionrole"]);
}

#[test]
fn lambda_function_url() {
    let (template, _) = read_folder(&corpus(), "lambda-function-url-terraform");
    assert_eq!(
        kinds(&template),
        expected(&[
            ("aws_lambda_function.lambda_function", "AWS::Lambda::Function"),
            ("aws_iam_role.lambda_iam_role", "AWS::IAM::Role"),
            ("aws_lambda_function_url.function_url", "AWS::Lambda::Url"),
        ])
    );
    assert_eq!(resource(&template, "aws_lambda_function.lambda_function").line, 17);
    assert_eq!(resource(&template, "aws_lambda_function_url.function_url").line, 61);
    assert_eq!(
        refs(&template, "aws_lambda_function_url.function_url", &["TargetFunctionArn"]),
        ["aws_lambda_function.lambda_function"]
    );
    let url = resource(&template, "aws_lambda_function_url.function_url");
    assert_eq!(text(url.property("AuthType")), "AWS_IAM");
    assert_eq!(refs(&template, "aws_lambda_function.lambda_function", &["Role"]), ["aws_iam_role.lambda_iam_role"]);
    // The attached policy is a data source (AWS's managed policy): kept as text, not a Ref.
    let role = resource(&template, "aws_iam_role.lambda_iam_role");
    let arns = role.property("ManagedPolicyArns").expect("ManagedPolicyArns");
    assert_eq!(arns.items().len(), 1);
    assert!(references(arns, &mut Budget::new()).is_empty());
}

#[test]
fn s3_trigger_with_two_local_modules() {
    let (template, notes) = read_folder(&corpus(), "s3-lambda-dynamodb-terraform");
    let s3 = "module.s3_event.";
    let table = "module.dynamodb.aws_dynamodb_table.basic-dynamodb-table";
    assert_eq!(
        kinds(&template),
        expected(&[
            ("module.s3_event.aws_iam_role.iam_for_lambda", "AWS::IAM::Role"),
            ("module.s3_event.aws_iam_policy.write_to_ddb", "AWS::IAM::ManagedPolicy"),
            ("module.s3_event.aws_lambda_permission.allow_bucket", "AWS::Lambda::Permission"),
            ("module.s3_event.aws_lambda_function.test_lambda", "AWS::Lambda::Function"),
            ("module.s3_event.aws_s3_bucket.json_bucket", "AWS::S3::Bucket"),
            (table, "AWS::DynamoDB::Table"),
        ])
    );
    let function = format!("{s3}aws_lambda_function.test_lambda");
    let bucket = format!("{s3}aws_s3_bucket.json_bucket");
    let found = resource(&template, &function);
    assert_eq!(
        (found.line, found.file.as_deref()),
        (80, Some("s3-lambda-dynamodb-terraform/modules/s3_event/main.tf"))
    );
    assert_eq!(resource(&template, table).line, 6);
    // The table's name reaches the function through the other module's output, passed in as
    // the s3_event module's table_name variable.
    assert_eq!(refs(&template, &function, &["Environment", "Variables", "DYNAMODB_TABLE_NAME"]), [table]);
    assert_eq!(refs(&template, &function, &["Role"]), [format!("{s3}aws_iam_role.iam_for_lambda")]);
    let permission = format!("{s3}aws_lambda_permission.allow_bucket");
    assert_eq!(refs(&template, &permission, &["SourceArn"]), std::slice::from_ref(&bucket));
    assert_eq!(refs(&template, &permission, &["FunctionName"]), std::slice::from_ref(&function));
    assert_eq!(refs(&template, &bucket, &["NotificationConfiguration"]), std::slice::from_ref(&function));
    // Locals built from variable defaults are worked out.
    assert_eq!(text(resource(&template, &bucket).property("BucketName")), "s3-lambda-dynamodb-terraform-json-store");
    assert_eq!(text(resource(&template, table).property("TableName")), "s3-lambda-dynamodb-terraform-test");
    let policy = format!("{s3}aws_iam_policy.write_to_ddb");
    assert_eq!(refs(&template, &policy, &["Roles"]), [format!("{s3}aws_iam_role.iam_for_lambda")]);
    assert!(!notes.iter().any(|n| n.contains("var.")), "every variable has a value: {notes:?}");
}

#[test]
fn http_api_to_lambda() {
    let (template, _) = read_folder(&corpus(), "apigw-http-api-lambda-terraform");
    assert_eq!(
        kinds(&template),
        expected(&[
            ("aws_s3_bucket.lambda_bucket", "AWS::S3::Bucket"),
            ("aws_s3_object.lambda_app", "Terraform::aws_s3_object"),
            ("aws_lambda_function.app", "AWS::Lambda::Function"),
            ("aws_cloudwatch_log_group.lambda_log", "AWS::Logs::LogGroup"),
            ("aws_iam_role.lambda_exec", "AWS::IAM::Role"),
            ("aws_apigatewayv2_api.lambda", "AWS::ApiGatewayV2::Api"),
            ("aws_apigatewayv2_stage.default", "AWS::ApiGatewayV2::Stage"),
            ("aws_apigatewayv2_integration.app", "AWS::ApiGatewayV2::Integration"),
            ("aws_apigatewayv2_route.any", "AWS::ApiGatewayV2::Route"),
            ("aws_cloudwatch_log_group.api_gw", "AWS::Logs::LogGroup"),
            ("aws_lambda_permission.api_gw", "AWS::Lambda::Permission"),
        ])
    );
    let bucket = resource(&template, "aws_s3_bucket.lambda_bucket");
    for key in ["BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets"] {
        assert!(bucket.at(&["PublicAccessBlockConfiguration", key]).is_some_and(|v| v.is_true()), "{key}");
    }
    let integration = "aws_apigatewayv2_integration.app";
    assert_eq!(refs(&template, integration, &["ApiId"]), ["aws_apigatewayv2_api.lambda"]);
    assert_eq!(refs(&template, integration, &["IntegrationUri"]), ["aws_lambda_function.app"]);
    assert_eq!(refs(&template, "aws_apigatewayv2_route.any", &["Target"]), [integration]);
    assert_eq!(refs(&template, "aws_lambda_permission.api_gw", &["SourceArn"]), ["aws_apigatewayv2_api.lambda"]);
    assert_eq!(text(resource(&template, "aws_apigatewayv2_api.lambda").property("ProtocolType")), "HTTP");
    assert_eq!(text(resource(&template, "aws_lambda_function.app").property("FunctionName")), "test_apigw_integration");
}

#[test]
fn eventbridge_schedule_to_lambda() {
    let (template, _) = read_folder(&corpus(), "eventbridge-schedule-to-lambda-terraform-python");
    let function = "aws_lambda_function.eventbridge_function";
    let schedule = "aws_scheduler_schedule.invoke_lambda_schedule";
    assert_eq!(
        kinds(&template),
        expected(&[
            (function, "AWS::Lambda::Function"),
            ("aws_iam_role.scheduler_role", "AWS::IAM::Role"),
            ("aws_iam_role_policy.eventbridge_invoke_policy", "AWS::IAM::Policy"),
            ("aws_iam_role.iam_for_lambda", "AWS::IAM::Role"),
            ("aws_iam_role_policy.lambda_logs_policy", "AWS::IAM::Policy"),
            (schedule, "AWS::Scheduler::Schedule"),
        ])
    );
    assert_eq!(refs(&template, schedule, &["Target", "Arn"]), [function]);
    assert_eq!(refs(&template, schedule, &["Target", "RoleArn"]), ["aws_iam_role.scheduler_role"]);
    assert_eq!(text(resource(&template, schedule).property("ScheduleExpression")), "rate(5 minute)");
    assert_eq!(refs(&template, "aws_iam_role_policy.lambda_logs_policy", &["Roles"]), ["aws_iam_role.iam_for_lambda"]);
    assert_eq!(text(resource(&template, function).property("Timeout")), "30");
    assert_eq!(resource(&template, schedule).line, 103);
}

/// Through the shared importer: the schedule and the function are boxes with a flow between
/// them, and the function's role's `logs:*` policy is a wildcard.
#[test]
fn a_schedule_configuration_becomes_a_model() {
    let (template, notes) = read_folder(&corpus(), "eventbridge-schedule-to-lambda-terraform-python");
    let import =
        super::super::build(template, "eventbridge-schedule", "a Terraform configuration", notes, Default::default());
    let model = &import.model;
    let names: Vec<(&str, &str)> = model.elements.iter().map(|e| (e.name.as_str(), e.kind.as_str())).collect();
    assert_eq!(names.len(), 2, "{names:?}");
    let id = |name: &str| model.elements.iter().find(|e| e.name == name).map(|e| e.id.clone());
    let (schedule, function) =
        (id("aws_scheduler_schedule.invoke_lambda_schedule"), id("aws_lambda_function.eventbridge_function"));
    assert!(model.flows.iter().any(|f| Some(&f.from) == schedule.as_ref() && Some(&f.to) == function.as_ref()));
    assert!(import.summary.iter().any(|s| s.contains("wildcard_permissions = Yes")), "{:?}", import.summary);
}

/// Names passed around as text (the same variable names the table and fills the function's
/// environment; a queue's name in an integration's URI) are linked to what they name.
#[test]
fn names_written_as_text_become_references() {
    let files = corpus();
    let (template, _) = read_folder(&files, "apigw-lambda-dynamodb-terraform");
    let function = "aws_lambda_function.apigw_lambda_ddb";
    assert_eq!(
        refs(&template, function, &["Environment", "Variables", "DDB_TABLE"]),
        ["aws_dynamodb_table.movie_table"]
    );
    let (template, _) = read_folder(&files, "apigw-websocket-api-sqs-lambda-terraform");
    let integration = "aws_apigatewayv2_integration.demo_integration";
    assert_eq!(refs(&template, integration, &["IntegrationUri"]), ["aws_sqs_queue.fifo_queue"]);
}

#[test]
fn expressions_keep_references_and_literals() {
    let files = MemoryFiles::new()
        .with(
            "main.tf",
            r#"
variable "create" { default = false }
variable "name" {}
locals { prefix = "orders" }
resource "aws_sqs_queue" "dlq" { name = "${local.prefix}-dlq" }
resource "aws_sqs_queue" "q" {
  name = "${local.prefix}-${var.name}"
  redrive_policy = jsonencode({ deadLetterTargetArn = aws_sqs_queue.dlq.arn, maxReceiveCount = 5 })
}
resource "aws_sqs_queue" "never" { count = var.create ? 1 : 0 }
resource "aws_lambda_function" "f" {
  role = var.create ? aws_iam_role.a.arn : aws_iam_role.b.arn
  reserved_concurrent_executions = -1
  environment {
    variables = {
      QUEUE = "${aws_sqs_queue.q.url}/path"
      BOTH  = format("%s-%s", aws_sqs_queue.q.name, aws_sqs_queue.dlq.name)
      LIST  = concat([aws_sqs_queue.q.arn], [aws_sqs_queue.dlq.arn])
      DATA  = data.aws_region.current.name
    }
  }
  dynamic "vpc_config" {
    for_each = [1]
    content { subnet_ids = ["subnet-1"] }
  }
}
resource "aws_iam_role" "a" {}
resource "aws_iam_role" "b" {}
resource "random_string" "x" {}
resource "aws_ecr_repository" "r" {}
"#,
        )
        .with("terraform.tfvars", "name = \"eu\"\n");
    let (template, notes) = read_folder(&files, "");
    assert_eq!(text(resource(&template, "aws_sqs_queue.q").property("QueueName")), "orders-eu");
    assert_eq!(refs(&template, "aws_sqs_queue.q", &["RedrivePolicy", "deadLetterTargetArn"]), ["aws_sqs_queue.dlq"]);
    assert!(!template.resources.iter().any(|r| r.id == "aws_sqs_queue.never"), "count = 0 leaves it out");
    assert!(notes.iter().any(|n| n.contains("aws_sqs_queue.never")), "{notes:?}");
    // The condition is known (create = false): only the false branch.
    assert_eq!(refs(&template, "aws_lambda_function.f", &["Role"]), ["aws_iam_role.b"]);
    let f = "aws_lambda_function.f";
    assert!(resource(&template, f).property("ReservedConcurrentExecutions").is_none());
    assert_eq!(refs(&template, f, &["Environment", "Variables", "QUEUE"]), ["aws_sqs_queue.q"]);
    assert_eq!(refs(&template, f, &["Environment", "Variables", "BOTH"]), ["aws_sqs_queue.q", "aws_sqs_queue.dlq"]);
    assert_eq!(refs(&template, f, &["Environment", "Variables", "LIST"]), ["aws_sqs_queue.q", "aws_sqs_queue.dlq"]);
    assert!(refs(&template, f, &["Environment", "Variables", "DATA"]).is_empty());
    assert!(resource(&template, f).at(&["VpcConfig", "SubnetIds"]).is_some());
    assert_eq!(resource(&template, "aws_ecr_repository.r").kind, "Terraform::aws_ecr_repository");
    assert!(!template.resources.iter().any(|r| r.id.starts_with("random_")));
    assert!(notes.iter().any(|n| n.contains("random_string")), "{notes:?}");
}

/// Resources that are settings of another in CloudFormation are folded into it, in the
/// shapes facts.rs and flows.rs read.
#[test]
fn settings_resources_are_folded_into_what_they_configure() {
    let files = MemoryFiles::new().with(
        "main.tf",
        r#"
resource "aws_cloudwatch_event_target" "t" {
  rule = aws_cloudwatch_event_rule.nightly.name
  arn  = aws_lambda_function.f.arn
  dead_letter_config { arn = aws_sqs_queue.dlq.arn }
}
resource "aws_cloudwatch_event_rule" "nightly" { schedule_expression = "cron(0 3 * * ? *)" }
resource "aws_sqs_queue" "dlq" {}
resource "aws_sqs_queue" "uploads" {}
resource "aws_lambda_function" "f" {
  dead_letter_config { target_arn = aws_sqs_queue.dlq.arn }
  vpc_config {
    subnet_ids         = ["subnet-1"]
    security_group_ids = ["sg-1"]
  }
  reserved_concurrent_executions = 5
}
resource "aws_lambda_function_event_invoke_config" "c" {
  function_name = aws_lambda_function.f.function_name
  destination_config {
    on_failure { destination = aws_sqs_queue.dlq.arn }
  }
}
resource "aws_s3_bucket" "b" { bucket = "uploads-bucket" }
resource "aws_s3_bucket_versioning" "v" {
  bucket = aws_s3_bucket.b.id
  versioning_configuration { status = "Enabled" }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "e" {
  bucket = aws_s3_bucket.b.id
  rule {
    apply_server_side_encryption_by_default { sse_algorithm = "aws:kms" }
  }
}
resource "aws_s3_bucket_notification" "n" {
  bucket = aws_s3_bucket.b.id
  queue {
    queue_arn = aws_sqs_queue.uploads.arn
    events    = ["s3:ObjectCreated:*", "s3:ObjectRemoved:*"]
  }
}
resource "aws_s3_bucket_versioning" "elsewhere" {
  bucket = "someone-elses-bucket"
  versioning_configuration { status = "Enabled" }
}
resource "aws_lambda_function_url" "u" {
  function_name      = aws_lambda_function.f.function_name
  authorization_type = "NONE"
}
"#,
    );
    let (template, notes) = read_folder(&files, "");
    let rule = resource(&template, "aws_cloudwatch_event_rule.nightly");
    let targets = rule.property("Targets").expect("Targets").items().to_vec();
    assert_eq!(targets.len(), 1);
    let budget = &mut Budget::new();
    assert_eq!(references(targets[0].get("Arn").expect("Arn"), budget), ["aws_lambda_function.f"]);
    assert_eq!(references(targets[0].get("DeadLetterConfig").expect("DLQ"), budget), ["aws_sqs_queue.dlq"]);
    let f = "aws_lambda_function.f";
    assert_eq!(refs(&template, f, &["DeadLetterConfig", "TargetArn"]), ["aws_sqs_queue.dlq"]);
    assert!(resource(&template, f).at(&["VpcConfig", "SubnetIds"]).is_some());
    assert_eq!(text(resource(&template, f).property("ReservedConcurrentExecutions")), "5");
    let config = "aws_lambda_function_event_invoke_config.c";
    assert_eq!(refs(&template, config, &["FunctionName"]), [f]);
    assert_eq!(refs(&template, config, &["DestinationConfig", "OnFailure", "Destination"]), ["aws_sqs_queue.dlq"]);
    let bucket = resource(&template, "aws_s3_bucket.b");
    assert_eq!(text(bucket.at(&["VersioningConfiguration", "Status"])), "Enabled");
    let rules = bucket.at(&["BucketEncryption", "ServerSideEncryptionConfiguration"]).expect("encryption");
    let by_default = rules.items().first().and_then(|r| r.get("ServerSideEncryptionByDefault"));
    assert_eq!(text(by_default.and_then(|d| d.get("SSEAlgorithm"))), "aws:kms");
    let queues = bucket.at(&["NotificationConfiguration", "QueueConfigurations"]).expect("queues");
    assert_eq!(queues.items().len(), 2, "one configuration per event, as CloudFormation writes them");
    assert_eq!(refs(&template, "aws_s3_bucket.b", &["NotificationConfiguration"]), ["aws_sqs_queue.uploads"]);
    assert!(notes.iter().any(|n| n.contains("aws_s3_bucket_versioning.elsewhere")), "{notes:?}");
    let url = resource(&template, "aws_lambda_function_url.u");
    assert_eq!((url.kind.as_str(), text(url.property("AuthType")).as_str()), ("AWS::Lambda::Url", "NONE"));
    // Folded resources are not resources of their own.
    assert!(!template.resources.iter().any(|r| r.id.starts_with("aws_s3_bucket_") || r.id.contains("event_target")));
}

#[test]
fn unresolved_variables_are_noted_once() {
    let files = MemoryFiles::new().with(
        "main.tf",
        "variable \"stage\" {}\nresource \"aws_sqs_queue\" \"a\" { name = \"a-${var.stage}\" }\nresource \"aws_sqs_queue\" \"b\" { name = \"b-${var.stage}\" }\n",
    );
    let (template, notes) = read_folder(&files, "");
    assert_eq!(text(resource(&template, "aws_sqs_queue.a").property("QueueName")), "a-${var.stage}");
    assert_eq!(notes.iter().filter(|n| n.contains("var.stage")).count(), 1, "{notes:?}");
}

#[test]
fn policies_from_files_and_attachments() {
    let files = MemoryFiles::new()
        .with(
            "main.tf",
            r#"
resource "aws_dynamodb_table" "t" {
  point_in_time_recovery { enabled = true }
  server_side_encryption {
    enabled = true
    kms_key_arn = aws_kms_key.k.arn
  }
}
resource "aws_kms_key" "k" {}
resource "aws_iam_role" "r" {}
resource "aws_iam_policy" "p" {
  policy = templatefile("policy.json", { table = aws_dynamodb_table.t.arn })
}
resource "aws_iam_role_policy_attachment" "a" {
  role = aws_iam_role.r.name
  policy_arn = aws_iam_policy.p.arn
}
resource "aws_iam_role_policy" "missing" {
  role = aws_iam_role.r.id
  policy = file("nowhere.json")
}
resource "aws_lambda_function" "f" { role = aws_iam_role.r.arn }
"#,
        )
        .with("policy.json", r#"{"Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "${table}"}]}"#);
    let (template, notes) = read_folder(&files, "");
    let table = resource(&template, "aws_dynamodb_table.t");
    assert_eq!(text(table.at(&["SSESpecification", "SSEType"])), "KMS");
    assert!(table.at(&["PointInTimeRecoverySpecification", "PointInTimeRecoveryEnabled"]).is_some_and(|v| v.is_true()));
    let statement = resource(&template, "aws_iam_policy.p").at(&["PolicyDocument", "Statement"]).expect("document");
    let statement = statement.items().first().expect("statement");
    assert_eq!(text(statement.get("Action")), "dynamodb:*");
    assert_eq!(references(statement.get("Resource").expect("Resource"), &mut Budget::new()), ["aws_dynamodb_table.t"]);
    assert_eq!(refs(&template, "aws_iam_policy.p", &["Roles"]), ["aws_iam_role.r"]);
    assert!(notes.iter().any(|n| n.contains("nowhere.json")), "{notes:?}");
}

#[test]
fn registry_modules_and_module_cycles_are_noted_not_followed() {
    let files = MemoryFiles::new()
        .with(
            "main.tf",
            "module \"sqs\" {\n  source = \"terraform-aws-modules/sqs/aws\"\n}\nmodule \"a\" { source = \"./a\" }\n",
        )
        .with("a/main.tf", "module \"b\" { source = \"../b\" }\nresource \"aws_sqs_queue\" \"qa\" {}\n")
        .with("b/main.tf", "module \"a\" { source = \"../a\" }\nresource \"aws_sqs_queue\" \"qb\" {}\n")
        .with("self/main.tf", "module \"again\" { source = \"./\" }\n");
    let start = Instant::now();
    let (template, notes) = read_folder(&files, "");
    assert!(notes.iter().any(|n| n.contains("module sqs") && n.contains("terraform-aws-modules/sqs/aws")), "{notes:?}");
    assert!(notes.iter().any(|n| n.contains("includes itself")), "{notes:?}");
    let ids: Vec<&str> = template.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["module.a.aws_sqs_queue.qa", "module.a.module.b.aws_sqs_queue.qb"]);
    let (_, notes) = read_folder(&files, "self");
    assert!(notes.iter().any(|n| n.contains("includes itself")), "{notes:?}");
    // Each module calling the next one twice: 2^16 instances if nothing stopped it.
    let mut fan = MemoryFiles::new().with("main.tf", "module \"a\" { source = \"./m1\" }\n");
    for level in 1..=16 {
        let next = format!("./m{}", level + 1);
        let text = format!(
            "module \"a\" {{ source = \"{next}\" }}\nmodule \"b\" {{ source = \"{next}\" }}\nresource \"aws_sqs_queue\" \"q\" {{}}\n"
        );
        let folder = (1..=level).map(|l| format!("m{l}")).collect::<Vec<_>>().join("/");
        fan = fan.with(&format!("{folder}/main.tf"), text);
    }
    let (template, notes) = read_folder(&fan, "");
    assert!(template.resources.len() <= 256, "{}", template.resources.len());
    assert!(notes.iter().any(|n| n.contains("module instances") || n.contains("nested more than")), "{notes:?}");
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[test]
fn malformed_input_says_where() {
    let files = MemoryFiles::new()
        .with("ok.tf", "resource \"aws_sqs_queue\" \"q\" {}\n")
        .with("bad.tf", "resource \"aws_sqs_queue\" \"q\" {\n  name = \"x\"\n  tags = {\n}\n");
    let error = read(&files, "", &mut Budget::new()).err().expect("an error");
    // The resource's block is never closed: the parser finds out at the end of the file.
    assert_eq!((error.file.as_deref(), error.line), (Some("bad.tf"), 4), "{error:?}");
    assert!(error.column >= 1 && error.message.contains("expected"), "{error:?}");
    let files = MemoryFiles::new().with("m/main.tf", "locals {\n  a = [1, 2\n}\n");
    let error = read(&files, "m", &mut Budget::new()).err().expect("an error");
    assert_eq!((error.file.as_deref(), error.line), (Some("m/main.tf"), 3), "{error:?}");
}

#[test]
fn hostile_input_ends_quickly() {
    let start = Instant::now();
    let deep = format!("locals {{\n  a = {}1{}\n}}\n", "[".repeat(100_000), "]".repeat(100_000));
    let error = read(&MemoryFiles::new().with("deep.tf", deep), "", &mut Budget::new()).err().expect("refused");
    assert_eq!((error.file.as_deref(), error.line), (Some("deep.tf"), 2), "{error:?}");
    assert!(error.message.contains("nesting depth"), "{error:?}");
    let braces = format!("locals {{\n  a = {}\n}}\n", "{a = ".repeat(50_000));
    let error = read(&MemoryFiles::new().with("deep.tf", braces), "", &mut Budget::new()).err().expect("refused");
    assert_eq!(error.line, 2, "{error:?}");
    // Locals that each double the one before: 2^40 values if copied, shared here.
    let mut locals = String::from("locals {\n  l0 = [\"queue-x\"]\n");
    for level in 1..40 {
        locals.push_str(&format!("  l{level} = [local.l{}, local.l{}]\n", level - 1, level - 1));
    }
    locals.push_str(
        "}\nresource \"aws_sqs_queue\" \"q\" {\n  name = \"queue-x\"\n  tags = { a = jsonencode(local.l39) }\n}\n",
    );
    locals.push_str("resource \"aws_lambda_function\" \"f\" {\n  environment { variables = { A = local.l39 } }\n}\n");
    let (template, _) = read_folder(&MemoryFiles::new().with("main.tf", locals), "");
    assert_eq!(template.resources.len(), 2);
    // Strings that double at each step: cut at a bounded length, counted against the budget.
    let mut strings = format!("locals {{\n  s0 = \"{}\"\n", "x".repeat(1000));
    for level in 1..40 {
        strings.push_str(&format!("  s{level} = \"${{local.s{0}}}${{local.s{0}}}\"\n", level - 1));
    }
    strings.push_str("}\nresource \"aws_sqs_queue\" \"q\" {\n  name = local.s39\n  tags = { a = format(\"%s%s\", local.s39, local.s39) }\n}\n");
    let (template, _) = read_folder(&MemoryFiles::new().with("main.tf", strings), "");
    let name = text(resource(&template, "aws_sqs_queue.q").property("QueueName"));
    assert!(name.len() <= 1024 * 1024, "{}", name.len());
    // A long chain of locals is cut off, not followed down the stack.
    let mut chain = String::from("locals {\n  c0 = \"x\"\n");
    for level in 1..5_000 {
        chain.push_str(&format!("  c{level} = local.c{}\n", level - 1));
    }
    chain.push_str("}\nresource \"aws_sqs_queue\" \"q\" { name = local.c4999 }\n");
    let (template, notes) = read_folder(&MemoryFiles::new().with("main.tf", chain), "");
    assert_eq!(template.resources.len(), 1);
    assert!(!notes.is_empty());
    // Many resources: a large but plausible file.
    let mut many = String::new();
    for i in 0..20_000 {
        many.push_str(&format!("resource \"aws_sqs_queue\" \"q{i}\" {{\n  name = \"q{i}\"\n}}\n"));
    }
    let (template, _) = read_folder(&MemoryFiles::new().with("main.tf", many), "");
    assert_eq!(template.resources.len(), 20_000);
    // Many attachments of one policy: its list of roles is built once.
    let mut attachments = String::from("resource \"aws_iam_role\" \"r\" {}\nresource \"aws_iam_policy\" \"p\" {}\n");
    for i in 0..20_000 {
        attachments.push_str(&format!(
            "resource \"aws_iam_role_policy_attachment\" \"a{i}\" {{\n  role = aws_iam_role.r.name\n  policy_arn = aws_iam_policy.p.arn\n}}\n"
        ));
    }
    let (template, _) = read_folder(&MemoryFiles::new().with("main.tf", attachments), "");
    assert_eq!(resource(&template, "aws_iam_policy.p").property("Roles").map(|r| r.items().len()), Some(20_000));
    let huge = "#".repeat(64 * 1024 * 1024);
    let error = read(&MemoryFiles::new().with("huge.tf", huge), "", &mut Budget::new()).err().expect("refused");
    assert!(error.message.contains("too large"), "{error:?}");
    assert!(start.elapsed() < Duration::from_secs(20), "{:?}", start.elapsed());
}

#[test]
fn a_folder_without_tf_files_is_not_a_configuration() {
    let files = MemoryFiles::new().with("template.yaml", "Resources: {}").with("tf/main.tf", "");
    assert!(!is_configuration(&files, ""));
    assert!(is_configuration(&files, "tf"));
    assert!(read(&files, "", &mut Budget::new()).is_err());
}
