//! Reports and diagram images: what File > Export and `report` / `render` cost on a real-sized
//! model (the checkout sample) and on a large one (200 elements + 400 flows), and importing the
//! largest infrastructure templates of the corpus, and other threat-modeling tools' files.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use threatsketch::interop::infrastructure::sources::MemoryFiles;
use threatsketch::io::templates::Template;
use threatsketch::model::ThreatModel;
use threatsketch::render::{ImageFormat, diagram_image};
use threatsketch::report::{ReportFormat, write_report};
use threatsketch::threats::{Catalogue, analyze};

mod common;

fn models() -> Vec<(&'static str, ThreatModel)> {
    let sample = Template::sample().model().unwrap_or_default();
    vec![("checkout", sample), ("200_elements_400_flows", common::synthetic_model(200, 400))]
}

fn reports(c: &mut Criterion) {
    let mut group = c.benchmark_group("report");
    group.sample_size(20);
    for (name, model) in models() {
        let analysis = analyze(&model, Catalogue::builtin());
        for format in ReportFormat::ALL {
            group.bench_with_input(BenchmarkId::new(format.extension(), name), &model, |b, model| {
                b.iter(|| black_box(write_report(format, black_box(model), &analysis, "2026-11-29")));
            });
        }
    }
    group.finish();
}

fn images(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    for (name, model) in models() {
        let analysis = analyze(&model, Catalogue::builtin());
        for (format, label) in [(ImageFormat::Svg, "svg"), (ImageFormat::Png, "png")] {
            group.bench_with_input(BenchmarkId::new(label, name), &model, |b, model| {
                b.iter(|| black_box(diagram_image(black_box(model), &analysis, format, 1.0)));
            });
        }
    }
    group.finish();
}

/// A SAM template of `functions` functions, each fed by its own queue and writing to a
/// shared table named in its environment.
fn synthetic_template(functions: usize) -> String {
    let mut text =
        String::from("Transform: AWS::Serverless-2016-10-31\nResources:\n  Table:\n    Type: AWS::DynamoDB::Table\n");
    for i in 0..functions {
        text.push_str(&format!(
            "  Queue{i}:\n    Type: AWS::SQS::Queue\n  Function{i}:\n    Type: AWS::Serverless::Function\n    Properties:\n      Environment:\n        Variables:\n          TABLE: !Ref Table\n      Events:\n        Q:\n          Type: SQS\n          Properties:\n            Queue: !GetAtt Queue{i}.Arn\n"
        ));
    }
    text
}

fn synthetic_terraform(functions: usize) -> String {
    let mut text = String::from("resource \"aws_dynamodb_table\" \"table\" {\n  name = \"orders\"\n}\n");
    for i in 0..functions {
        text.push_str(&format!(
            "resource \"aws_sqs_queue\" \"q{i}\" {{\n  name = \"q{i}\"\n}}\nresource \"aws_lambda_function\" \"f{i}\" {{\n  function_name = \"f{i}\"\n  environment {{\n    variables = {{ TABLE = aws_dynamodb_table.table.name }}\n  }}\n}}\nresource \"aws_lambda_event_source_mapping\" \"m{i}\" {{\n  event_source_arn = aws_sqs_queue.q{i}.arn\n  function_name = aws_lambda_function.f{i}.arn\n}}\n"
        ));
    }
    text
}

/// Every file under a folder, in memory, by path relative to it.
fn files_under(root: &std::path::Path) -> MemoryFiles {
    fn walk(root: &std::path::Path, dir: &std::path::Path, mut files: MemoryFiles) -> MemoryFiles {
        let Ok(entries) = std::fs::read_dir(dir) else { return files };
        for path in entries.filter_map(Result::ok).map(|e| e.path()) {
            if path.is_dir() {
                files = walk(root, &path, files);
            } else if let (Ok(text), Ok(relative)) = (std::fs::read_to_string(&path), path.strip_prefix(root)) {
                files = files.with(&relative.to_string_lossy(), text);
            }
        }
        files
    }
    walk(root, root, MemoryFiles::new())
}

/// Importing the largest templates of the corpus (target: under 50 ms each).
fn infrastructure(c: &mut Criterion) {
    let mut group = c.benchmark_group("import_infrastructure");
    group.sample_size(20);
    let corpus = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iac/sam");
    for name in [
        "cfn-webapp.json",
        "lambda-esm-sqs-filters-sam.yaml",
        "aws-serverless-ecommerce-platform/frontend-api/template.yaml",
    ] {
        let Ok(text) = std::fs::read_to_string(corpus.join(name)) else { continue };
        group.bench_function(name, |b| {
            b.iter(|| black_box(threatsketch::interop::infrastructure::import_template(black_box(&text), name)));
        });
    }
    // Serverless Framework services and Terraform configurations: files read into memory
    // first, so the figure is the import's own.
    let iac = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iac");
    for (folder, entry) in [
        ("serverless-framework", "aws-node-rest-api-with-dynamodb"),
        ("serverless-framework", "lambda-vpc-secrets-sls"),
        ("terraform", "apigw-http-api-lambda-rds-proxy-terraform"),
        ("terraform", "lambda-ddb-tenant-isolation-terraform"),
    ] {
        let files = files_under(&iac.join(folder));
        group.bench_function(entry, |b| {
            b.iter(|| {
                black_box(threatsketch::interop::infrastructure::import_infrastructure(&files, black_box(entry)))
            });
        });
    }
    for functions in [500, 5_000] {
        let files = MemoryFiles::new().with("main.tf", synthetic_terraform(functions));
        group.bench_function(format!("terraform_{functions}_functions_and_queues"), |b| {
            b.iter(|| black_box(threatsketch::interop::infrastructure::import_infrastructure(&files, "")));
        });
    }
    // Linear in the template's size: 10x the resources may cost about 12x the time.
    for functions in [500, 5_000] {
        let text = synthetic_template(functions);
        group.bench_function(format!("{functions}_functions_and_queues"), |b| {
            b.iter(|| black_box(threatsketch::interop::infrastructure::import_template(black_box(&text), "big.yaml")));
        });
    }
    // Re-import: the 5,000-function template into the model it made, with the last 500
    // functions gone from the new version (matching, merging answers, removing).
    let model =
        threatsketch::interop::infrastructure::import_template(&synthetic_template(5_000), "big.yaml").map(|i| i.model);
    let changed = synthetic_template(4_500);
    if let Ok(model) = model {
        group.bench_function("update_5000_functions", |b| {
            b.iter(|| {
                let import = threatsketch::interop::infrastructure::import_template(&changed, "big.yaml");
                import.map(|i| black_box(threatsketch::interop::infrastructure::update_from(&model, i, false)))
            });
        });
    }
    group.finish();
}

/// Other tools' files: the largest sample of each format read, and the checkout sample and a
/// 200-element model written in each format ThreatSketch exports.
fn other_tools(c: &mut Criterion) {
    use threatsketch::interop::format::{detect, exportable};
    let mut group = c.benchmark_group("other_tools");
    group.sample_size(20);
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for sample in [
        "interop/mtmt/MTMT_example.tm7",
        "interop/otm/mobile-cloud.otm.json",
        "interop/threagile/example/threagile.yaml",
        "interop/threat-composer/ThreatComposer.tc.json",
        "threat-dragon/fixtures/td-test-model.json",
    ] {
        let text = std::fs::read_to_string(fixtures.join(sample)).expect("the sample is there");
        let format = detect(&text).expect("a known format");
        group.bench_function(format!("import_{}", format.id()), |b| {
            b.iter(|| black_box(format.import(black_box(&text)).expect("imports")));
        });
    }
    for (name, model) in models() {
        let analysis = analyze(&model, Catalogue::builtin());
        for format in exportable() {
            group.bench_function(format!("export_{}_{name}", format.id()), |b| {
                b.iter(|| black_box(format.export(black_box(&model), black_box(&analysis))));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, reports, images, infrastructure, other_tools);
criterion_main!(benches);
