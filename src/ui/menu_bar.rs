use egui::{Button, Ui};

use super::Request;
use super::actions::Action;
use crate::edit::Document;
use crate::io::recent::RecentFiles;
use crate::io::templates::TEMPLATES;

/// The menu bar. Items come from the action table, with its shortcuts.
pub fn menu_bar_ui(ui: &mut Ui, doc: &Document, recent: &RecentFiles, requests: &mut Vec<Request>) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            ui.menu_button("New from template", |ui| {
                for template in TEMPLATES {
                    if ui.button(template.title).on_hover_text(template.summary).clicked() {
                        requests.push(Request::NewFromTemplate(template.id));
                    }
                }
            });
            action_item(ui, Action::Open, true, requests);
            ui.menu_button("Open recent", |ui| {
                if recent.paths().is_empty() {
                    ui.label(super::theme::hint("No recent files"));
                }
                for path in recent.paths() {
                    if ui.button(path.display().to_string()).clicked() {
                        requests.push(Request::OpenPath(path.clone()));
                    }
                }
            });
            ui.separator();
            action_item(ui, Action::Save, true, requests);
            action_item(ui, Action::SaveAs, true, requests);
            ui.separator();
            action_item(ui, Action::ExportReport, true, requests);
            action_item(ui, Action::ExportImage, true, requests);
            ui.separator();
            action_item(ui, Action::ImportOtherTool, true, requests);
            // One entry per format ThreatSketch writes.
            ui.menu_button("Export", |ui| {
                for tool in crate::interop::format::exportable() {
                    if ui.button(format!("{}…", tool.name())).clicked() {
                        requests.push(Request::ExportOtherTool(tool.id()));
                    }
                }
            });
            action_item(ui, Action::ImportInfrastructure, true, requests);
            action_item(ui, Action::UpdateInfrastructure, true, requests);
            ui.separator();
            action_item(ui, Action::Quit, true, requests);
        });
        ui.menu_button("Edit", |ui| {
            let history = doc.history();
            let undo = history.undo_label().map(|l| format!("Undo {}", l.to_lowercase()));
            let redo = history.redo_label().map(|l| format!("Redo {}", l.to_lowercase()));
            labelled_item(ui, Action::Undo, undo.as_deref(), history.undo_label().is_some(), requests);
            labelled_item(ui, Action::Redo, redo.as_deref(), history.redo_label().is_some(), requests);
            ui.separator();
            action_item(ui, Action::CommandPalette, true, requests);
            ui.separator();
            for action in [Action::Copy, Action::Paste, Action::Duplicate] {
                action_item(ui, action, true, requests);
            }
            ui.separator();
            for action in [Action::Rename, Action::Connect, Action::Delete, Action::SelectAll] {
                action_item(ui, action, true, requests);
            }
            ui.separator();
            action_item(ui, Action::AutoLayout, !doc.model().elements.is_empty(), requests);
        });
        ui.menu_button("View", |ui| {
            for action in
                [Action::ZoomIn, Action::ZoomOut, Action::ZoomReset, Action::FitToWindow, Action::ToggleThreats]
            {
                action_item(ui, action, true, requests);
            }
            ui.separator();
            for action in
                [Action::SnapToGrid, Action::Presentation, Action::TextBigger, Action::TextSmaller, Action::TextReset]
            {
                action_item(ui, action, true, requests);
            }
            ui.separator();
            action_item(ui, Action::ChangesSinceReview, true, requests);
            action_item(ui, Action::CompareWithFile, true, requests);
        });
        ui.menu_button("Help", |ui| {
            for action in [Action::Questions, Action::Glossary, Action::ShortcutHelp] {
                action_item(ui, action, true, requests);
            }
        });
    });
}

fn action_item(ui: &mut Ui, action: Action, enabled: bool, requests: &mut Vec<Request>) {
    labelled_item(ui, action, None, enabled, requests);
}

fn labelled_item(ui: &mut Ui, action: Action, label: Option<&str>, enabled: bool, requests: &mut Vec<Request>) {
    let shortcut = action.shortcuts().first().map(|s| ui.ctx().format_shortcut(s)).unwrap_or_default();
    let mut button = Button::new(label.unwrap_or(action.label()));
    if !shortcut.is_empty() {
        button = button.shortcut_text(shortcut);
    }
    if ui.add_enabled(enabled, button).clicked() {
        requests.push(Request::Action(action));
    }
}
