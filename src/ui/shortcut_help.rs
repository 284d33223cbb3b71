//! The `?` overlay: every shortcut, generated from the action table the menus and the keyboard
//! handler use, so the three never disagree.

use egui::{Id, Modal, RichText};

use super::actions::Action;
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

/// Shows the overview; returns false once dismissed.
pub fn shortcut_help_ui(ctx: &egui::Context) -> bool {
    let mut open = true;
    let modal = Modal::new(Id::new("shortcut-help")).show(ctx, |ui| {
        ui.set_max_width(640.0);
        ui.label(theme::heading("Keyboard shortcuts"));
        ui.add_space(6.0);
        egui::ScrollArea::vertical().max_height(520.0).show(ui, |ui| {
            egui::Grid::new("shortcuts").num_columns(2).spacing([24.0, 4.0]).show(ui, |ui| {
                for group in ["File", "Edit", "View", "Help"] {
                    ui.label(RichText::new(group).strong());
                    ui.end_row();
                    for action in Action::ALL.into_iter().filter(|a| a.group() == group && !a.shortcuts().is_empty()) {
                        ui.label(action.label().trim_end_matches('…'));
                        let keys: Vec<String> = action.shortcuts().iter().map(|s| ctx.format_shortcut(s)).collect();
                        ui.label(RichText::new(keys.join("  or  ")).monospace());
                        ui.end_row();
                    }
                }
                ui.label(RichText::new("On the canvas").strong());
                ui.end_row();
                for (gesture, effect) in CANVAS_GESTURES {
                    ui.label(gesture);
                    ui.label(effect);
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
