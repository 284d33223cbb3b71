//! Dialogs that interrupt: unsaved changes, and errors that need reading.

use egui::{Id, Modal, RichText};

use super::theme;

/// The answer to "Save changes before …?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedChoice {
    Save,
    Discard,
    Cancel,
}

/// Asks whether to save; `None` while the user has not answered.
pub fn unsaved_changes_ui(ctx: &egui::Context, document_name: &str, before: &str) -> Option<UnsavedChoice> {
    let mut choice = None;
    let modal = Modal::new(Id::new("unsaved-changes")).show(ctx, |ui| {
        ui.set_width(420.0);
        ui.label(theme::heading(&format!("Save changes to “{document_name}” before {before}?")));
        ui.label("Your changes will be lost if you don't save them.");
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(RichText::new("Save").strong()).clicked() {
                choice = Some(UnsavedChoice::Save);
            }
            if ui.button("Don't save").clicked() {
                choice = Some(UnsavedChoice::Discard);
            }
            if ui.button("Cancel").clicked() {
                choice = Some(UnsavedChoice::Cancel);
            }
        });
    });
    if choice.is_none() && modal.should_close() {
        choice = Some(UnsavedChoice::Cancel);
    }
    choice
}

/// A message that needs more room than the status bar; returns false once dismissed.
pub fn notice_ui(ctx: &egui::Context, title: &str, body: &str) -> bool {
    let mut open = true;
    let modal = Modal::new(Id::new("notice")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.label(theme::heading(title));
        ui.label(body);
        ui.add_space(8.0);
        if ui.button("OK").clicked() {
            open = false;
        }
    });
    if modal.should_close() {
        open = false;
    }
    open
}

/// Which diagram of a multi-diagram file to import: `Some(Some(i))` once picked, `Some(None)`
/// when cancelled, `None` while open.
pub fn choose_diagram_ui(ctx: &egui::Context, source: &str, titles: &[&str]) -> Option<Option<usize>> {
    let mut choice = None;
    let modal = Modal::new(Id::new("choose-diagram")).show(ctx, |ui| {
        ui.set_max_width(520.0);
        ui.label(theme::heading("Which diagram?"));
        ui.label(format!(
            "{source} has {} diagrams. A ThreatSketch model holds one diagram; pick the one to open.",
            titles.len()
        ));
        ui.add_space(8.0);
        egui::ScrollArea::vertical().max_height(320.0).show(ui, |ui| {
            for (i, title) in titles.iter().enumerate() {
                let label = if title.trim().is_empty() { format!("Diagram {}", i + 1) } else { (*title).to_owned() };
                if ui.button(label).clicked() {
                    choice = Some(Some(i));
                }
            }
        });
        ui.add_space(8.0);
        if ui.button("Cancel").clicked() {
            choice = Some(None);
        }
    });
    if modal.should_close() && choice.is_none() {
        choice = Some(None);
    }
    choice
}
