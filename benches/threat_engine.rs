//! The threat engine on generated models (targets: 1,000 elements at most 5 ms, 10,000 at most
//! 50 ms on the 2-core machine).

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use threatsketch::threats::{Catalogue, analyze};

mod common;

fn engine(c: &mut Criterion) {
    let catalogue = Catalogue::builtin();
    let mut group = c.benchmark_group("threat_engine");
    group.sample_size(20);
    for (elements, flows) in [(1_000, 2_000), (10_000, 20_000)] {
        let model = common::synthetic_model(elements, flows);
        group.bench_with_input(
            BenchmarkId::new("analyze", format!("{elements}_elements_{flows}_flows")),
            &model,
            |b, model| {
                b.iter(|| black_box(analyze(black_box(model), catalogue)));
            },
        );
    }
    group.finish();
}

/// The badges of every element and flow, worked out once per edit and per export.
fn badges(c: &mut Criterion) {
    let model = common::synthetic_model(1_000, 2_000);
    let analysis = analyze(&model, Catalogue::builtin());
    c.bench_function("badges/1000_elements_2000_flows", |b| b.iter(|| black_box(analysis.badges())));
    // The way they were worked out before: one scan of all threats per target.
    c.bench_function("badges_per_target/1000_elements_2000_flows", |b| {
        b.iter(|| black_box(model.targets().filter_map(|t| analysis.badge(&t).map(|b| (t, b))).count()));
    });
}

criterion_group!(benches, engine, badges);
criterion_main!(benches);
