//! Panels, menus and dialogs around the canvas. They read the document and return what the
//! user asked for; the app applies it at the end of the frame.

pub mod actions;
pub mod changes_window;
pub mod command_palette;
pub mod conflicts;
pub mod display;
mod facts;
pub mod file_chooser;
pub mod glossary_window;
pub mod inspector;
pub mod menu_bar;
pub mod modals;
pub mod palette;
pub mod questions;
pub mod recovery;
pub mod review;
pub mod risk_matrix;
pub mod shortcut_help;
pub mod start_screen;
pub mod status_bar;
pub mod theme;
pub mod threat_panel;
pub mod threats;
mod widgets;
pub mod workshop_bar;

use std::path::PathBuf;

use crate::edit::Command;

/// What a panel asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Change the model.
    Edit(Command),
    /// Run a menu or keyboard action.
    Action(actions::Action),
    /// A text field lost focus: the next keystroke starts a new undo step.
    EndTyping,
    NewFromTemplate(&'static str),
    OpenPath(PathBuf),
    /// Add an element or boundary at the centre of the view.
    AddFromPalette(crate::canvas::PaletteItem),
    /// Select this element or flow (from the threats list).
    Select(crate::model::Target),
    /// Open the dialog that logs a review.
    LogReview,
    /// Text pasted on the canvas: elements when it is a ThreatSketch clip.
    PasteText(String),
    /// Move the guided workshop (to a step and focus), or leave it.
    Workshop(Option<crate::model::Workshop>),
    /// Open the glossary at a term.
    OpenGlossary(String),
    /// Write the model in another tool's format (its id in `interop::format::FORMATS`).
    ExportOtherTool(&'static str),
}
