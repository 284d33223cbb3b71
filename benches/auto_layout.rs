//! Auto-layout on generated models (target: 1,000 elements and 2,000 flows well under 50 ms
//! on the 2-core machine). The synthetic model's flows wrap around, so cycles are broken too,
//! and its boundaries (16 at 1,000 elements) are redrawn around their members.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use threatsketch::edit::auto_layout;

mod common;

fn layout(c: &mut Criterion) {
    let mut group = c.benchmark_group("auto_layout");
    group.sample_size(20);
    for (elements, flows) in [(1_000, 2_000), (10_000, 20_000)] {
        let model = common::synthetic_model(elements, flows);
        group.bench_with_input(
            BenchmarkId::new("auto_layout", format!("{elements}_elements_{flows}_flows")),
            &model,
            |b, model| {
                b.iter(|| black_box(auto_layout(black_box(model))));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, layout);
criterion_main!(benches);
