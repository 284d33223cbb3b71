//! CPU time of one whole UI frame, headless through egui: layout, painting and tessellation,
//! as eframe does each frame (targets: 1,000 elements and 2,000 flows at most 8 ms; 200
//! elements at most 2 ms; 10,000 elements and 20,000 flows at most 16 ms as opened and at
//! 100 %, and at most 100 ms with the whole model on screen). Views: "opened" is how a file
//! opens (fitted while names stay readable, else its top-left with the overview map), "whole"
//! is Fit to window, "100%" is one-to-one.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use egui::{Event, Pos2, RawInput, Rect, vec2};
use threatsketch::app::ThreatSketchApp;
use threatsketch::io::dialogs::NativeDialogs;
use threatsketch::io::recent::RecentFiles;

mod common;

fn frame(ctx: &egui::Context, app: &mut ThreatSketchApp, pointer: Pos2) {
    let input = RawInput {
        screen_rect: Some(Rect::from_min_size(Pos2::ZERO, vec2(1440.0, 900.0))),
        events: vec![Event::PointerMoved(pointer)],
        ..RawInput::default()
    };
    let mut output = ctx.run_ui(input, |ui| app.ui_root(ui));
    let primitives = ctx.tessellate(std::mem::take(&mut output.shapes), output.pixels_per_point);
    black_box(primitives);
    // Textures would go to the GPU here; nothing to upload in a benchmark.
    output.textures_delta.clear();
}

fn ui_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("ui_frame");
    for (elements, flows) in [(200, 400), (1_000, 2_000), (10_000, 20_000)] {
        for zoom in ["opened", "whole", "100%"] {
            let ctx = egui::Context::default();
            let model = common::synthetic_model(elements, flows);
            let mut app =
                ThreatSketchApp::with_model(model, Box::new(NativeDialogs::default()), RecentFiles::default());
            // Warm up: fonts, the first fit, glyph caches.
            for _ in 0..3 {
                frame(&ctx, &mut app, Pos2::new(700.0, 450.0));
            }
            match zoom {
                "100%" => app.reset_zoom(),
                "whole" => app.fit_to_window(),
                _ => {}
            }
            frame(&ctx, &mut app, Pos2::new(700.0, 450.0));
            let mut x = 400.0;
            group.bench_function(BenchmarkId::new(format!("{elements}_elements_{flows}_flows"), zoom), |b| {
                b.iter(|| {
                    // A moving pointer, so hover is worked out anew each frame.
                    x = if x > 1000.0 { 400.0 } else { x + 7.0 };
                    frame(&ctx, &mut app, Pos2::new(x, 450.0));
                });
            });
        }
    }
    group.finish();
}

criterion_group!(benches, ui_frame);
criterion_main!(benches);
