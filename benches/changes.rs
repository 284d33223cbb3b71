//! The semantic diff and the three-way merge of versions of a large model (target: 10,000
//! elements under 100 ms each), the diff's consequences (the engine on both sides), and
//! "Changes since last review": recording a review's state and comparing with it.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use threatsketch::changes::{consequences, diff, merge, reviewed_state, since_review};
use threatsketch::model::{Answer, Point, ThreatModel};
use threatsketch::threats::{Catalogue, analyze};

mod common;

/// A tenth of the elements renamed, answered and moved, a tenth of the flows removed.
fn edited(model: &ThreatModel) -> ThreatModel {
    let mut after = model.clone();
    for element in after.elements.iter_mut().step_by(10) {
        element.name.push_str(" v2");
        element.set_answer("logs_security_events", Some(Answer::Yes));
        let at = after.layout.elements.get(&element.id).copied().unwrap_or_default();
        after.layout.elements.insert(element.id.clone(), Point::new(at.x + 5000.0, at.y));
    }
    let mut index = 0;
    after.flows.retain(|_| {
        index += 1;
        index % 10 != 0
    });
    after
}

fn changes(c: &mut Criterion) {
    let mut group = c.benchmark_group("changes");
    group.sample_size(20);
    for (elements, flows) in [(1_000, 2_000), (10_000, 20_000)] {
        let before = common::synthetic_model(elements, flows);
        let after = edited(&before);
        group.bench_function(format!("diff_{elements}_elements"), |b| {
            b.iter(|| black_box(diff(black_box(&before), black_box(&after))));
        });
        // Their branch answers another question on other elements and adds a decision each.
        let mut theirs = before.clone();
        for element in theirs.elements.iter_mut().skip(5).step_by(10) {
            element.set_answer("validates_input", Some(Answer::Yes));
        }
        group.bench_function(format!("merge_{elements}_elements"), |b| {
            b.iter(|| black_box(merge(black_box(&before), black_box(&after), black_box(&theirs))));
        });
        let catalogue = Catalogue::builtin();
        let (old, new) = (analyze(&before, catalogue), analyze(&after, catalogue));
        group.bench_function(format!("consequences_{elements}_elements"), |b| {
            b.iter(|| black_box(consequences((&before, &old), (&after, &new))));
        });
        // Logging a review records the state; the window compares with it after each edit.
        group.bench_function(format!("record_review_{elements}_elements"), |b| {
            b.iter(|| black_box(reviewed_state(black_box(&before), black_box(&old), "2026-12-01")));
        });
        let reviewed = reviewed_state(&before, &old, "2026-12-01");
        group.bench_function(format!("since_review_{elements}_elements"), |b| {
            b.iter(|| black_box(since_review(black_box(&reviewed), black_box(&after), black_box(&new))));
        });
    }
    group.finish();
}

criterion_group!(benches, changes);
criterion_main!(benches);
