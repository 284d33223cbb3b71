//! Load and save of a 10,000-element model (target: at most 100 ms each on the 2-core machine).

// A benchmark reports on the terminal.
#![allow(clippy::print_stderr)]

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use threatsketch::io::{load_path, save_path};

mod common;

fn file_io(c: &mut Criterion) {
    let model = common::synthetic_model(10_000, 20_000);
    assert!(model.errors().is_empty(), "the benchmark model must be valid");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("large.ron");
    save_path(&model, &path).expect("the model saves");
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    eprintln!("10,000 elements and 20,000 flows: {:.1} MiB on disk", size as f64 / 1_048_576.0);

    let mut group = c.benchmark_group("file_10k_elements_20k_flows");
    group.sample_size(10);
    group.bench_function("save", |b| b.iter(|| save_path(black_box(&model), &path).expect("saves")));
    group.bench_function("load", |b| b.iter(|| load_path(black_box(&path)).expect("loads")));
    group.finish();
}

criterion_group!(benches, file_io);
criterion_main!(benches);
