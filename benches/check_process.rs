//! `threatsketch check` as a whole process on a 1,000-element model shaped like pytm's
//! synthetic chain, against pytm's 0.70-0.81 s for the same size (target: at least 30 times
//! faster, so at most about 25 ms).

use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use threatsketch::io::save_path;

mod chain;

fn check_process(c: &mut Criterion) {
    // 454 functions, their 454 tables, 91 vendors, the gateway and the customer: 1,001 elements.
    let model = chain::pytm_like_chain(454);
    assert_eq!(model.elements.len(), 1_001);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("chain.ron");
    save_path(&model, &path).expect("the model saves");
    let binary = env!("CARGO_BIN_EXE_threatsketch");

    let mut group = c.benchmark_group("check_process");
    group.sample_size(20);
    group.bench_function("1000_element_chain_json", |b| {
        b.iter(|| {
            let output = Command::new(binary).args(["check", "--format", "json"]).arg(&path).output().expect("runs");
            assert!(output.status.success());
            output.stdout.len()
        });
    });
    group.finish();
}

criterion_group!(benches, check_process);
criterion_main!(benches);
