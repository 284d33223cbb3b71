//! The welcome dialog: what threat modeling is, templates to start from, files to open.

use egui::{Id, Modal, RichText, Ui};

use super::actions::Action;
use super::{Request, theme};
use crate::io::recent::RecentFiles;
use crate::io::templates::TEMPLATES;

/// Shows the start screen; returns false when it should close.
pub fn start_screen_ui(ctx: &egui::Context, recent: &RecentFiles, requests: &mut Vec<Request>) -> bool {
    let mut keep_open = true;
    let modal = Modal::new(Id::new("start-screen")).show(ctx, |ui| {
        ui.set_width(720.0);
        ui.label(
            RichText::new("Welcome to ThreatSketch")
                .family(egui::FontFamily::Name(theme::BOLD_FAMILY.into()))
                .size(22.0),
        );
        ui.add_space(4.0);
        ui.label(
            "Threat modeling means drawing how your app works, asking what could go wrong at each \
             part, and deciding what to fix first. ThreatSketch walks you through it in plain words: \
             draw, identify, assess, mitigate. Start from a common serverless pattern or open a model; \
             in a workshop, the step bar at the top guides the room through each step.",
        );
        ui.add_space(10.0);
        ui.label(theme::heading("Start from a template"));
        // Two columns keep the dialog short enough for a laptop screen; it scrolls beyond that.
        let max_height = (ctx.content_rect().height() - 260.0).max(160.0);
        egui::ScrollArea::vertical().max_height(max_height).show(ui, |ui| {
            ui.columns(2, |columns| {
                for (i, template) in TEMPLATES.iter().enumerate() {
                    template_row_ui(&mut columns[i % 2], template.title, template.summary, || {
                        requests.push(Request::NewFromTemplate(template.id));
                        keep_open = false;
                    });
                }
            });
        });
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button("Open a model…").clicked() {
                requests.push(Request::Action(Action::Open));
                keep_open = false;
            }
            if ui.button("Continue with the sample").clicked() {
                keep_open = false;
            }
        });
        if !recent.paths().is_empty() {
            ui.add_space(10.0);
            ui.label(theme::heading("Recent files"));
            for path in recent.paths().iter().take(6) {
                if ui.link(path.display().to_string()).clicked() {
                    requests.push(Request::OpenPath(path.clone()));
                    keep_open = false;
                }
            }
        }
    });
    if modal.should_close() {
        keep_open = false;
    }
    keep_open
}

fn template_row_ui(ui: &mut Ui, title: &str, summary: &str, on_click: impl FnOnce()) {
    // Columns lay out justified, which spreads the words of a wrapped summary apart.
    ui.with_layout(egui::Layout::top_down(egui::Align::LEFT), |ui| template_row_inner(ui, title, summary, on_click));
}

fn template_row_inner(ui: &mut Ui, title: &str, summary: &str, on_click: impl FnOnce()) {
    let response = ui
        .add(egui::Button::new(RichText::new(title).size(14.5)).min_size(egui::vec2(ui.available_width(), 28.0)))
        .on_hover_text(summary);
    ui.label(theme::hint(summary));
    if response.clicked() {
        on_click();
    }
}
