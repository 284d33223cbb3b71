//! Serverless Framework services: the corpus (`tests/fixtures/iac/serverless-framework`, public
//! services with their provenance and licences) and hand-checked ones.

use std::path::Path;

use super::super::sources::MemoryFiles;
use super::super::{InfrastructureImport, import_infrastructure};
use crate::model::ThreatModel;

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/iac/serverless-framework");

/// Every file under a folder, by path relative to it.
fn files_under(root: &Path) -> MemoryFiles {
    fn walk(root: &Path, dir: &Path, files: MemoryFiles) -> MemoryFiles {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        entries.into_iter().fold(files, |files, path| {
            if path.is_dir() {
                walk(root, &path, files)
            } else {
                let relative = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                files.with(&relative, std::fs::read_to_string(&path).unwrap())
            }
        })
    }
    walk(root, root, MemoryFiles::new())
}

fn corpus_service(folder: &str) -> InfrastructureImport {
    let files = files_under(Path::new(CORPUS));
    import_infrastructure(&files, folder).unwrap_or_else(|e| panic!("{folder}: {e:?}"))
}

type Pairs = Vec<(String, String)>;

/// Elements as (name, kind), flows as (from name, to name), both sorted.
fn shape(model: &ThreatModel) -> (Pairs, Pairs) {
    let name = |id| model.element(id).map(|e| e.name.clone()).unwrap_or_default();
    let mut elements: Vec<(String, String)> = model.elements.iter().map(|e| (e.name.clone(), e.kind.clone())).collect();
    let mut flows: Vec<(String, String)> = model.flows.iter().map(|f| (name(&f.from), name(&f.to))).collect();
    elements.sort();
    flows.sort();
    (elements, flows)
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = list.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    pairs.sort();
    pairs
}

#[test]
fn every_corpus_service_imports() {
    let files = files_under(Path::new(CORPUS));
    let mut services = Vec::new();
    for entry in walkdir(Path::new(CORPUS)) {
        let name = entry.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if name == "serverless.yml" {
            let relative = entry.strip_prefix(CORPUS).unwrap().to_string_lossy().replace('\\', "/");
            let import = import_infrastructure(&files, &relative).unwrap_or_else(|e| panic!("{relative}: {e:?}"));
            if std::env::var_os("SHOW_IMPORTS").is_some() {
                let (elements, flows) = shape(&import.model);
                eprintln!("== {relative}\n{elements:?}\n{flows:?}\n{}", import.summary.join("\n"));
            }
            services.push(relative);
        }
    }
    // 27 services, one of them (the shared gateway) in four files.
    assert_eq!(services.len(), 30, "{services:?}");
}

fn walkdir(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walkdir(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

// Expected lists below were written from reading each serverless.yml (and what the framework
// deploys for it) before the importer ran on it.

#[test]
fn rest_api_with_dynamodb_reads_as_deployed() {
    let import = corpus_service("aws-node-rest-api-with-dynamodb");
    let model = &import.model;
    let (elements, flows) = shape(model);
    let functions = ["create", "delete", "get", "list", "update"];
    let mut expected: Vec<(&str, &str)> = functions.iter().map(|f| (*f, "function")).collect();
    expected.extend([
        ("ApiGatewayRestApi", "api_gateway"),
        ("Internet user", "user"),
        ("TodosDynamoDbTable", "database"),
    ]);
    assert_eq!(elements, pairs(&expected));
    let mut expected_flows = vec![("Internet user", "ApiGatewayRestApi")];
    for f in functions {
        expected_flows.push(("ApiGatewayRestApi", f));
        // DYNAMODB_TABLE is the table's deployed name, `serverless-rest-api-with-dynamodb-dev`.
        expected_flows.push((f, "TodosDynamoDbTable"));
    }
    assert_eq!(flows, pairs(&expected_flows));
    let to_table = model.flows.iter().find(|f| model.element(&f.to).is_some_and(|e| e.name == "TodosDynamoDbTable"));
    assert_eq!(to_table.map(|f| f.label.as_str()), Some("environment DYNAMODB_TABLE"));
    let api = model.elements.iter().find(|e| e.name == "ApiGatewayRestApi").unwrap();
    assert_eq!(api.properties.get("authorizer").map(|a| a.to_string()).as_deref(), Some("none"));
    assert!(import.summary[0].contains("a Serverless Framework service"), "{:?}", import.summary);
}

#[test]
fn websocket_routes_and_their_authorizer_function() {
    let import = corpus_service("aws-node-websockets-authorizers/serverless.yml");
    let (elements, flows) = shape(&import.model);
    let expected = [
        ("Internet user", "user"),
        ("WebsocketsApi", "api_gateway"),
        ("auth", "function"),
        ("connect", "function"),
        ("default", "function"),
    ];
    assert_eq!(elements, pairs(&expected));
    let expected_flows = [
        ("Internet user", "WebsocketsApi"),
        ("WebsocketsApi", "auth"),
        ("WebsocketsApi", "connect"),
        ("WebsocketsApi", "default"),
    ];
    assert_eq!(flows, pairs(&expected_flows));
    let api = import.model.elements.iter().find(|e| e.name == "WebsocketsApi").unwrap();
    assert_eq!(api.properties.get("authorizer").map(|a| a.to_string()).as_deref(), Some("custom"));
}

#[test]
fn a_lift_queue_with_its_worker_and_a_table_named_by_variables() {
    let import = corpus_service("aws-ruby-sqs-with-dynamodb");
    let model = &import.model;
    let (elements, flows) = shape(model);
    let expected = [
        ("ApiGatewayRestApi", "api_gateway"),
        ("Internet user", "user"),
        ("Table", "database"),
        ("createLotteryCoupon", "function"),
        ("lotteryQueue (queue)", "queue"),
        ("lotteryQueueWorker", "function"),
    ];
    assert_eq!(elements, pairs(&expected));
    let expected_flows = [
        ("ApiGatewayRestApi", "createLotteryCoupon"),
        ("Internet user", "ApiGatewayRestApi"),
        // The provider's statement allows dynamodb:PutItem on the table for every function.
        ("createLotteryCoupon", "Table"),
        // QUEUE_URL is ${construct:lotteryQueue.queueUrl}.
        ("createLotteryCoupon", "lotteryQueue (queue)"),
        ("lotteryQueue (queue)", "lotteryQueueWorker"),
        // TABLE_NAME is ${self:custom.tableName}, the table's TableName.
        ("lotteryQueueWorker", "Table"),
    ];
    assert_eq!(flows, pairs(&expected_flows));
    let queue = model.elements.iter().find(|e| e.kind == "queue").unwrap();
    assert_eq!(queue.property("dead_letter_queue"), crate::model::Tri::Yes, "Lift adds one");
    assert!(
        import
            .summary
            .iter()
            .any(|l| l.contains("Inferred only from policies") && l.contains("createLotteryCoupon → Table"))
    );
}

#[test]
fn included_files_give_functions_roles_secrets_and_the_vpc() {
    let import = corpus_service("lambda-vpc-secrets-sls");
    let model = &import.model;
    let (elements, flows) = shape(model);
    let expected =
        [("ExampleSecret", "secrets_store"), ("OpenLambdaFunction", "function"), ("VpcLambdaFunction", "function")];
    assert_eq!(elements, pairs(&expected));
    assert_eq!(flows, pairs(&[("OpenLambdaFunction", "ExampleSecret"), ("VpcLambdaFunction", "ExampleSecret")]));
    let vpc_function = model.elements.iter().find(|e| e.name == "VpcLambdaFunction").unwrap();
    assert!(vpc_function.description.contains("serverless-resources/functions.yaml"), "{}", vpc_function.description);
    let secret = model.elements.iter().find(|e| e.name == "ExampleSecret").unwrap();
    assert!(secret.description.contains("serverless-resources/secrets.yaml"), "{}", secret.description);
    let vpc = model.boundaries.iter().find(|b| b.name == "VPC").expect("a VPC boundary");
    assert!(model.boundaries_of(&vpc_function.id).contains(&vpc.id));
    let open = model.elements.iter().find(|e| e.name == "OpenLambdaFunction").unwrap();
    assert!(!model.boundaries_of(&open.id).contains(&vpc.id));
}

#[test]
fn an_api_with_one_open_route_is_not_said_to_be_protected() {
    let import = corpus_service("aws-node-auth0-custom-authorizers-api");
    let model = &import.model;
    let api = model.elements.iter().find(|e| e.name == "ApiGatewayRestApi").unwrap();
    assert_eq!(api.properties.get("authorizer"), None, "one route is public, one checked: unknown");
    assert!(
        import.summary.iter().any(|l| l.contains("some routes have an authorizer") && l.contains("POST /api/public"))
    );
    let (_, flows) = shape(model);
    assert!(flows.contains(&("ApiGatewayRestApi".to_owned(), "auth".to_owned())), "{flows:?}");
    assert!(import.summary.iter().any(|l| l.contains("Included files not read") && l.contains("secrets.json")));
}

#[test]
fn hostile_services_end_with_a_model_or_a_placed_error() {
    // A file that includes itself, and variables that double at every level.
    let mut doubling =
        String::from("service: s\nprovider:\n  name: aws\n  environment:\n    X: ${self:custom.v0}\ncustom:\n");
    for level in 0..40 {
        doubling.push_str(&format!("  v{level}: ${{self:custom.v{0}}}${{self:custom.v{0}}}\n", level + 1));
    }
    doubling.push_str("functions:\n  f:\n    handler: h\n    environment: ${file(./self.yml)}\n");
    let files = MemoryFiles::new().with("serverless.yml", doubling).with("self.yml", "A: ${file(./self.yml)}\n");
    let import = import_infrastructure(&files, "").unwrap();
    assert_eq!(import.model.elements.len(), 1);
    let broken = MemoryFiles::new().with("serverless.yml", "service: x\nprovider:\n  name: aws\nfunctions: [\n");
    let error = import_infrastructure(&broken, "").err().unwrap();
    assert_eq!((error.file.as_deref(), error.line), (Some("serverless.yml"), 5), "{error:?}");
    let empty = MemoryFiles::new().with("notes.txt", "hello");
    assert!(import_infrastructure(&empty, "").err().unwrap().message.contains("no serverless.yml"));
}
