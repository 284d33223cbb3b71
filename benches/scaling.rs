//! How every report format, the Threat Dragon export and the import grow with the model: each
//! at 10,000 and 100,000 elements (twice as many flows), where linear means 10 times the model
//! costs at most about 12 times the time. The import is timed on our own export (unique ids)
//! and on the same cells without ids and with one id shared by all, where every element needs
//! a fresh one.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use serde_json::Value;
use threatsketch::interop::threat_dragon;
use threatsketch::report::{ReportFormat, write_report};
use threatsketch::threats::{Catalogue, analyze};

mod common;

const SIZES: [usize; 2] = [10_000, 100_000];

/// The cells of an exported file, each changed by `change`.
fn with_cells(json: &str, change: impl Fn(&mut serde_json::Map<String, Value>)) -> String {
    let mut file: Value = serde_json::from_str(json).expect("our export is JSON");
    let cells = file.pointer_mut("/detail/diagrams/0/cells").and_then(Value::as_array_mut).expect("cells");
    for cell in cells.iter_mut().filter_map(Value::as_object_mut) {
        change(cell);
    }
    file.to_string()
}

fn scaling(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaling");
    // One run at 100,000 elements takes seconds: the fewest samples criterion takes, one run
    // each, and no long warm-up.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(100))
        .measurement_time(Duration::from_secs(5));
    for elements in SIZES {
        let model = common::synthetic_model(elements, 2 * elements);
        let analysis = analyze(&model, Catalogue::builtin());
        let size = format!("{elements}_elements");
        for format in ReportFormat::ALL {
            group.bench_function(BenchmarkId::new(format!("report_{}", format.extension()), &size), |b| {
                b.iter(|| black_box(write_report(format, black_box(&model), &analysis, "2026-11-29")));
            });
        }
        group.bench_function(BenchmarkId::new("export", &size), |b| {
            b.iter(|| black_box(threat_dragon::export(black_box(&model), &analysis)));
        });
        let exported = threat_dragon::export(&model, &analysis);
        let without_ids = with_cells(&exported, |cell| {
            cell.remove("id");
        });
        let one_id = with_cells(&exported, |cell| {
            cell.insert("id".to_owned(), "same".into());
        });
        for (name, json) in [("import", &exported), ("import_without_ids", &without_ids), ("import_one_id", &one_id)] {
            group.bench_function(BenchmarkId::new(name, &size), |b| {
                b.iter(|| black_box(threat_dragon::import(black_box(json)).expect("imports")));
            });
        }
    }
    group.finish();
}

criterion_group!(benches, scaling);
criterion_main!(benches);
