//! Quick add and quick run: Ctrl+K (or /) opens a search over the element kinds, the boundary
//! kinds and every action of the menus; Enter takes the highlighted one.

use egui::{Id, Key, Modal, RichText};

use super::actions::{Action, Context};
use super::theme;
use crate::canvas::PaletteItem;
use crate::edit::Direction;
use crate::model::{BoundaryKind, KindCatalog};

/// What the palette can do.
#[derive(Clone, Debug, PartialEq)]
pub enum PaletteEntry {
    Add(PaletteItem),
    Run(Action),
}

/// What the user chose: an entry, and for a kind picked with Ctrl+arrow, the direction in which
/// to add it connected to the selected element.
#[derive(Clone, Debug, PartialEq)]
pub struct PaletteChoice {
    pub entry: PaletteEntry,
    pub connect: Option<Direction>,
}

/// The open palette: what was typed and which row is highlighted.
#[derive(Clone, Debug, Default)]
pub struct CommandPalette {
    pub query: String,
    pub highlighted: usize,
}

/// Every entry with the text it is found by, kinds first.
fn all_entries() -> Vec<(String, PaletteEntry)> {
    let mut entries: Vec<(String, PaletteEntry)> = KindCatalog::builtin()
        .kinds
        .iter()
        .map(|k| (format!("Add {}", k.name), PaletteEntry::Add(PaletteItem::Element(k.id.clone()))))
        .collect();
    entries.extend(
        BoundaryKind::ALL
            .into_iter()
            .map(|k| (format!("Add {} boundary", k.label()), PaletteEntry::Add(PaletteItem::Boundary(k)))),
    );
    entries.extend(
        BoundaryKind::ALL
            .into_iter()
            .map(|k| (format!("Add {} boundary line", k.label()), PaletteEntry::Add(PaletteItem::BoundaryLine(k)))),
    );
    entries.extend(
        Action::all()
            .filter(|a| matches!(a.row().context, Context::Anywhere | Context::SelectedElements))
            .filter(|a| !matches!(a, Action::CommandPalette | Action::Cancel))
            .map(|a| (a.label().trim_end_matches('…').to_owned(), PaletteEntry::Run(a))),
    );
    entries
}

/// The entries matching `query`: every word of it must occur in the entry's text; entries
/// where a word starts a word of the text come first, then the table's order.
pub fn matching(query: &str) -> Vec<(String, PaletteEntry)> {
    let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
    let mut scored: Vec<(usize, usize, (String, PaletteEntry))> = all_entries()
        .into_iter()
        .enumerate()
        .filter_map(|(order, entry)| {
            let text = entry.0.to_lowercase();
            if !words.iter().all(|w| text.contains(w.as_str())) {
                return None;
            }
            let starts = words
                .iter()
                .filter(|w| text.split(|c: char| !c.is_alphanumeric()).any(|part| part.starts_with(w.as_str())))
                .count();
            Some((words.len() - starts, order, entry))
        })
        .collect();
    scored.sort_by_key(|(misses, order, _)| (*misses, *order));
    scored.into_iter().map(|(_, _, entry)| entry).collect()
}

/// How many rows are shown at once.
const SHOWN: usize = 12;

/// Shows the palette. Returns `Some(Some(choice))` when one is chosen, `Some(None)` when
/// dismissed, `None` while it stays open. Enter takes the highlighted entry; Ctrl+arrow on a
/// kind adds it connected to the selection in that direction.
pub fn command_palette_ui(ctx: &egui::Context, palette: &mut CommandPalette) -> Option<Option<PaletteChoice>> {
    let mut result = None;
    let entries = matching(&palette.query);
    let ctrl_arrow = [
        (Key::ArrowLeft, Direction::Left),
        (Key::ArrowRight, Direction::Right),
        (Key::ArrowUp, Direction::Up),
        (Key::ArrowDown, Direction::Down),
    ]
    .into_iter()
    .find(|(key, _)| ctx.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, *key)))
    .map(|(_, direction)| direction);
    if let (Some(direction), Some((_, entry @ PaletteEntry::Add(PaletteItem::Element(_))))) =
        (ctrl_arrow, entries.get(palette.highlighted))
    {
        return Some(Some(PaletteChoice { entry: entry.clone(), connect: Some(direction) }));
    }
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::ArrowDown)) {
        palette.highlighted = (palette.highlighted + 1).min(entries.len().saturating_sub(1));
    }
    if ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::ArrowUp)) {
        palette.highlighted = palette.highlighted.saturating_sub(1);
    }
    palette.highlighted = palette.highlighted.min(entries.len().saturating_sub(1));
    let modal = Modal::new(Id::new("command-palette")).show(ctx, |ui| {
        ui.set_width(440.0);
        let label = ui.label(theme::heading("Add or do…"));
        let edit = ui.add(
            egui::TextEdit::singleline(&mut palette.query)
                .hint_text("type: function, database, export… (Ctrl+arrow: add connected)")
                .desired_width(f32::INFINITY),
        );
        let edit = edit.labelled_by(label.id);
        if !edit.has_focus() && !edit.lost_focus() {
            edit.request_focus();
        }
        if edit.changed() {
            palette.highlighted = 0;
        }
        if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
            result =
                Some(entries.get(palette.highlighted).map(|(_, e)| PaletteChoice { entry: e.clone(), connect: None }));
        }
        ui.add_space(4.0);
        if entries.is_empty() {
            ui.label(theme::hint("Nothing matches"));
        }
        let start = palette.highlighted.saturating_sub(SHOWN - 1);
        for (i, (text, entry)) in entries.iter().enumerate().skip(start).take(SHOWN) {
            let shortcut = match entry {
                PaletteEntry::Run(action) => action.shortcuts().first().map(|s| ctx.format_shortcut(s)),
                PaletteEntry::Add(_) => None,
            };
            let selected = i == palette.highlighted;
            ui.horizontal(|ui| {
                if ui.selectable_label(selected, text).clicked() {
                    result = Some(Some(PaletteChoice { entry: entry.clone(), connect: None }));
                }
                if let Some(shortcut) = shortcut {
                    ui.label(RichText::new(shortcut).weak());
                }
            });
        }
    });
    if modal.should_close() && result.is_none() {
        result = Some(None);
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_find_kinds_and_actions_best_first() {
        let found = matching("func");
        assert_eq!(found[0].1, PaletteEntry::Add(PaletteItem::Element("function".into())));
        let found = matching("export rep");
        assert_eq!(found[0].1, PaletteEntry::Run(Action::ExportReport));
        assert!(
            matching("internet bound")
                .iter()
                .any(|(_, e)| *e == PaletteEntry::Add(PaletteItem::Boundary(BoundaryKind::Internet)))
        );
        assert!(matching("zzzz").is_empty());
        assert_eq!(matching("").len(), all_entries().len());
    }
}
