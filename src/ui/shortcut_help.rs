//! The `?` overlay: every shortcut, generated from the action table the menus and the keyboard
//! handler use, so the three never disagree.

use egui::{Id, Modal, RichText};

use super::actions::{Context, rows};
use super::theme;

/// Gestures of the canvas that are not menu actions.
const CANVAS_GESTURES: [(&str, &str); 7] = [
    ("Drag a palette item", "Add it where it is dropped"),
    ("Double-click an element", "Rename it"),
    ("Drag the + at an element's right edge", "Draw a data flow to another element"),
    ("Drag the empty canvas", "Pan"),
    ("Ctrl + scroll, or pinch", "Zoom the canvas"),
    ("Shift + click", "Add to or remove from the selection"),
    ("Shift + drag the empty canvas", "Select everything the rectangle touches"),
];

/// The lines of one group: label, where the keys work, the keys. Rows with the same label
/// (the nine digit choices) make one line, their first and last keys joined with "…".
fn overview_lines(group: &str, ctx: &egui::Context) -> Vec<(&'static str, Context, String)> {
    let mut lines: Vec<(&'static str, Context, Vec<String>)> = Vec::new();
    for row in rows().filter(|r| r.group == group && !r.keys.is_empty()) {
        let keys = row.keys.iter().map(|k| ctx.format_shortcut(k));
        match lines.last_mut() {
            Some((label, _, shown)) if *label == row.label => shown.extend(keys),
            _ => lines.push((row.label, row.context, keys.collect())),
        }
    }
    lines
        .into_iter()
        .map(|(label, context, keys)| {
            let keys = match keys.as_slice() {
                [first, .., last] if keys.len() > 2 => format!("{first} … {last}"),
                _ => keys.join("  or  "),
            };
            (label, context, keys)
        })
        .collect()
}

/// Shows the overview; returns false once dismissed.
pub fn shortcut_help_ui(ctx: &egui::Context) -> bool {
    let mut open = true;
    let modal = Modal::new(Id::new("shortcut-help")).show(ctx, |ui| {
        ui.set_max_width(820.0);
        ui.label(theme::heading("Keyboard shortcuts"));
        ui.add_space(6.0);
        egui::ScrollArea::vertical().max_height(520.0).show(ui, |ui| {
            egui::Grid::new("shortcuts").num_columns(3).spacing([24.0, 4.0]).show(ui, |ui| {
                for group in ["File", "Edit", "View", "Help", "Workshop"] {
                    ui.label(RichText::new(group).strong());
                    ui.end_row();
                    for (label, context, keys) in overview_lines(group, ctx) {
                        ui.label(label.trim_end_matches('…'));
                        ui.label(RichText::new(keys).monospace());
                        ui.label(theme::hint(context.label().unwrap_or_default()));
                        ui.end_row();
                    }
                }
                ui.label(RichText::new("On the canvas").strong());
                ui.end_row();
                for (gesture, effect) in CANVAS_GESTURES {
                    ui.label(gesture);
                    ui.label(effect);
                    ui.label("");
                    ui.end_row();
                }
            });
        });
        ui.add_space(8.0);
        if ui.button("Close").clicked() {
            open = false;
        }
    });
    if modal.should_close() {
        open = false;
    }
    open
}
