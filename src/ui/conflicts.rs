//! The merge conflicts a model carries, one at a time: what both sides did, and the choice
//! between keeping mine and taking theirs. Shown while any are left; each choice is an edit
//! that Undo takes back.

use egui::{RichText, Ui};

use super::{Request, theme};
use crate::edit::Command;
use crate::model::{Answer, Conflict, KindCatalog};

/// Values longer than this are cut in the list (the file keeps them whole).
const SHOWN_CHARACTERS: usize = 160;

pub fn conflicts_window_ui(ctx: &egui::Context, conflicts: &[Conflict], requests: &mut Vec<Request>) {
    if conflicts.is_empty() {
        return;
    }
    let title = format!("Merge conflicts ({})", conflicts.len());
    // Over the diagram's top, clear of the menus and the palette.
    let at = egui::pos2(ctx.content_rect().center().x - 260.0, 90.0);
    let window = egui::Window::new(title).id(egui::Id::new("merge-conflicts")).default_pos(at);
    window.default_size([520.0, 360.0]).show(ctx, |ui| {
        ui.label(theme::hint(
            "Both versions changed these differently. The model shows yours until you choose; saving keeps the \
             rest of the list in the file.",
        ));
        egui::ScrollArea::vertical().auto_shrink([false, true]).show(ui, |ui| {
            for (index, conflict) in conflicts.iter().enumerate() {
                conflict_ui(ui, index, conflict, requests);
            }
        });
    });
}

fn conflict_ui(ui: &mut Ui, index: usize, conflict: &Conflict, requests: &mut Vec<Request>) {
    ui.add_space(6.0);
    ui.label(RichText::new(&conflict.about).strong());
    ui.label(format!("Yours: {}", shown(conflict.ours.as_deref(), &conflict.field)));
    ui.label(format!("Theirs: {}", shown(conflict.theirs.as_deref(), &conflict.field)));
    ui.horizontal(|ui| {
        let keep = ui.button("Keep mine").on_hover_text("Your version stays; the conflict is settled");
        if keep.clicked() {
            requests.push(Request::Edit(Command::ResolveConflict { index, take_theirs: false }));
        }
        let take = ui.button("Take theirs").on_hover_text("Their version replaces yours");
        if take.clicked() {
            requests.push(Request::Edit(Command::ResolveConflict { index, take_theirs: true }));
        }
    });
    ui.separator();
}

/// A value for people: an answer as its option reads, text without its JSON quotes, a whole
/// part said in words.
fn shown(value: Option<&str>, field: &str) -> String {
    let Some(value) = value else {
        return if field.is_empty() { "deleted".to_owned() } else { "not set".to_owned() };
    };
    if field.is_empty() {
        return "kept, with their changes".to_owned();
    }
    let answer = field.strip_prefix("properties.").and_then(|question| {
        let answer: Answer = serde_json::from_str(value).ok()?;
        let property = KindCatalog::builtin().property(question)?;
        Some(property.describe(&answer))
    });
    let text = answer.unwrap_or_else(|| serde_json::from_str::<String>(value).unwrap_or_else(|_| value.to_owned()));
    match text.char_indices().nth(SHOWN_CHARACTERS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}
