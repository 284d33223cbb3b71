//! The questions to ask, from every open threat, grouped by who can answer them: ready to copy
//! into an email ("knowing what to ask is powerful").

use egui::{RichText, Ui};

use super::theme;
use crate::threats::{Analysis, Names, questions, questions_as_text, whom_label};

/// The window; returns false once closed.
pub fn questions_window_ui(ctx: &egui::Context, analysis: &Analysis, names: &Names) -> bool {
    let mut open = true;
    egui::Window::new("Questions to ask").open(&mut open).default_size([560.0, 480.0]).show(ctx, |ui| {
        questions_ui(ui, analysis, names);
    });
    open
}

fn questions_ui(ui: &mut Ui, analysis: &Analysis, names: &Names) {
    let grouped = questions(analysis, names);
    if grouped.is_empty() {
        ui.label(theme::hint("No open threat has a question left."));
        return;
    }
    ui.horizontal(|ui| {
        ui.label(theme::hint("From every open threat, each question once."));
        if ui.button("Copy all").clicked() {
            ui.ctx().copy_text(questions_as_text(&grouped));
        }
    });
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        for (whom, list) in &grouped {
            ui.add_space(6.0);
            ui.label(theme::heading(&format!("Ask {}", whom_label(*whom))));
            for (i, question) in list.iter().enumerate() {
                ui.label(format!("{}. {}", i + 1, question.text));
                ui.label(RichText::new(format!("    about: {}", question.about.join(", "))).weak());
            }
        }
    });
}
