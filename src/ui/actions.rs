//! Every menu and keyboard action, with its label and shortcut, in one table: the menus and
//! the keyboard handler both read it, so they never disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

use crate::edit::Direction;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    New,
    Open,
    Save,
    SaveAs,
    Quit,
    Undo,
    Redo,
    Delete,
    Rename,
    Connect,
    SelectAll,
    Cancel,
    ZoomIn,
    ZoomOut,
    ZoomReset,
    FitToWindow,
    ToggleThreats,
    Questions,
    ExportReport,
    ExportImage,
    ImportThreatDragon,
    ExportThreatDragon,
    Presentation,
    TextBigger,
    TextSmaller,
    TextReset,
    ShortcutHelp,
    Glossary,
    AutoLayout,
    CommandPalette,
    SnapToGrid,
    /// Move the selected elements a little (arrow keys).
    Nudge(Direction),
    /// Move the selected elements one grid step (Shift + arrow keys).
    NudgeGrid(Direction),
    /// Add an element of the same kind in that direction, connected (Ctrl + arrow keys).
    CloneConnect(Direction),
    /// Select the connected element in that direction (Alt + arrow keys).
    SelectNeighbour(Direction),
    Duplicate,
    Copy,
    Paste,
}

/// A struct literal rather than a `const fn` call, so that `&[...]` is promoted to 'static.
macro_rules! shortcut {
    ($modifiers:expr, $key:expr) => {
        KeyboardShortcut { modifiers: $modifiers, logical_key: $key }
    };
}

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const NONE: Modifiers = Modifiers::NONE;

impl Action {
    /// In the order the keyboard handler tries them: longer combinations first, so that
    /// Ctrl+Shift+Z is not taken for Ctrl+Z.
    pub const ALL: [Self; 50] = [
        Self::Redo,
        Self::CloneConnect(Direction::Left),
        Self::CloneConnect(Direction::Right),
        Self::CloneConnect(Direction::Up),
        Self::CloneConnect(Direction::Down),
        Self::NudgeGrid(Direction::Left),
        Self::NudgeGrid(Direction::Right),
        Self::NudgeGrid(Direction::Up),
        Self::NudgeGrid(Direction::Down),
        Self::SelectNeighbour(Direction::Left),
        Self::SelectNeighbour(Direction::Right),
        Self::SelectNeighbour(Direction::Up),
        Self::SelectNeighbour(Direction::Down),
        Self::SaveAs,
        Self::Questions,
        Self::ExportImage,
        Self::ExportReport,
        Self::ImportThreatDragon,
        Self::ExportThreatDragon,
        Self::TextBigger,
        Self::TextSmaller,
        Self::TextReset,
        Self::Duplicate,
        Self::Copy,
        Self::Paste,
        Self::New,
        Self::Open,
        Self::Save,
        Self::Quit,
        Self::Undo,
        Self::Delete,
        Self::Rename,
        Self::Connect,
        Self::SelectAll,
        Self::Cancel,
        Self::ZoomIn,
        Self::ZoomOut,
        Self::ZoomReset,
        Self::FitToWindow,
        Self::ToggleThreats,
        Self::Presentation,
        Self::ShortcutHelp,
        Self::Glossary,
        Self::AutoLayout,
        Self::CommandPalette,
        Self::SnapToGrid,
        Self::Nudge(Direction::Left),
        Self::Nudge(Direction::Right),
        Self::Nudge(Direction::Up),
        Self::Nudge(Direction::Down),
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New…",
            Self::Open => "Open…",
            Self::Save => "Save",
            Self::SaveAs => "Save as…",
            Self::Quit => "Quit",
            Self::Undo => "Undo",
            Self::Redo => "Redo",
            Self::Delete => "Delete",
            Self::Rename => "Rename",
            Self::Connect => "Connect to…",
            Self::SelectAll => "Select all",
            Self::Cancel => "Cancel",
            Self::ZoomIn => "Zoom in",
            Self::ZoomOut => "Zoom out",
            Self::ZoomReset => "Actual size",
            Self::FitToWindow => "Fit to window",
            Self::ToggleThreats => "Threats panel",
            Self::Questions => "Questions to ask…",
            Self::ExportReport => "Export report…",
            Self::ExportImage => "Export diagram image…",
            Self::ImportThreatDragon => "Import from Threat Dragon…",
            Self::ExportThreatDragon => "Export to Threat Dragon…",
            Self::Presentation => "Presentation mode",
            Self::TextBigger => "Larger text",
            Self::TextSmaller => "Smaller text",
            Self::TextReset => "Normal text size",
            Self::ShortcutHelp => "Keyboard shortcuts",
            Self::Glossary => "Glossary",
            Self::AutoLayout => "Tidy up layout",
            Self::CommandPalette => "Add or do…",
            Self::SnapToGrid => "Snap to grid",
            Self::Nudge(Direction::Left) => "Nudge left",
            Self::Nudge(Direction::Right) => "Nudge right",
            Self::Nudge(Direction::Up) => "Nudge up",
            Self::Nudge(Direction::Down) => "Nudge down",
            Self::NudgeGrid(Direction::Left) => "Move one grid step left",
            Self::NudgeGrid(Direction::Right) => "Move one grid step right",
            Self::NudgeGrid(Direction::Up) => "Move one grid step up",
            Self::NudgeGrid(Direction::Down) => "Move one grid step down",
            Self::CloneConnect(Direction::Left) => "Add connected element to the left",
            Self::CloneConnect(Direction::Right) => "Add connected element to the right",
            Self::CloneConnect(Direction::Up) => "Add connected element above",
            Self::CloneConnect(Direction::Down) => "Add connected element below",
            Self::SelectNeighbour(Direction::Left) => "Go to the connected element on the left",
            Self::SelectNeighbour(Direction::Right) => "Go to the connected element on the right",
            Self::SelectNeighbour(Direction::Up) => "Go to the connected element above",
            Self::SelectNeighbour(Direction::Down) => "Go to the connected element below",
            Self::Duplicate => "Duplicate",
            Self::Copy => "Copy",
            Self::Paste => "Paste",
        }
    }

    /// The shortcuts, the one shown in menus first.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        match self {
            Self::New => &[shortcut!(CTRL, Key::N)],
            Self::Open => &[shortcut!(CTRL, Key::O)],
            Self::Save => &[shortcut!(CTRL, Key::S)],
            Self::SaveAs => &[shortcut!(CTRL_SHIFT, Key::S)],
            Self::Quit => &[shortcut!(CTRL, Key::Q)],
            Self::Undo => &[shortcut!(CTRL, Key::Z)],
            Self::Redo => &[shortcut!(CTRL_SHIFT, Key::Z), shortcut!(CTRL, Key::Y)],
            Self::Delete => &[shortcut!(NONE, Key::Delete), shortcut!(NONE, Key::Backspace)],
            Self::Rename => &[shortcut!(NONE, Key::F2)],
            Self::Connect => &[shortcut!(NONE, Key::C)],
            Self::SelectAll => &[shortcut!(CTRL, Key::A)],
            Self::Cancel => &[shortcut!(NONE, Key::Escape)],
            // Ctrl with + and - scales the text, as in a browser; the canvas zooms without it.
            Self::ZoomIn => &[shortcut!(NONE, Key::Plus), shortcut!(NONE, Key::Equals)],
            Self::ZoomOut => &[shortcut!(NONE, Key::Minus)],
            Self::ZoomReset => &[shortcut!(NONE, Key::Num0)],
            Self::FitToWindow => &[shortcut!(NONE, Key::F)],
            Self::ToggleThreats => &[shortcut!(CTRL, Key::T)],
            Self::Questions => &[shortcut!(CTRL_SHIFT, Key::Q)],
            Self::ExportReport => &[shortcut!(CTRL, Key::E)],
            Self::ExportImage => &[shortcut!(CTRL_SHIFT, Key::E)],
            Self::ImportThreatDragon | Self::ExportThreatDragon => &[],
            Self::Presentation => &[shortcut!(NONE, Key::F5)],
            Self::TextBigger => &[shortcut!(CTRL, Key::Plus), shortcut!(CTRL, Key::Equals)],
            Self::TextSmaller => &[shortcut!(CTRL, Key::Minus)],
            Self::TextReset => &[shortcut!(CTRL, Key::Num0)],
            Self::ShortcutHelp => &[shortcut!(NONE, Key::Questionmark)],
            Self::Glossary => &[shortcut!(NONE, Key::F1)],
            Self::AutoLayout => &[shortcut!(CTRL_SHIFT, Key::L)],
            Self::CommandPalette => &[shortcut!(CTRL, Key::K), shortcut!(NONE, Key::Slash)],
            Self::SnapToGrid => &[shortcut!(NONE, Key::G)],
            Self::Nudge(direction) => arrow(NONE, direction),
            Self::NudgeGrid(direction) => arrow(Modifiers::SHIFT, direction),
            Self::CloneConnect(direction) => arrow(CTRL, direction),
            Self::SelectNeighbour(direction) => arrow(Modifiers::ALT, direction),
            Self::Duplicate => &[shortcut!(CTRL, Key::D)],
            Self::Copy => &[shortcut!(CTRL, Key::C)],
            Self::Paste => &[shortcut!(CTRL, Key::V)],
        }
    }

    /// Whether the shortcut still works while the user types into a text field. Editing keys
    /// (Delete, C, F, Ctrl+Z) belong to the field then.
    pub fn works_while_typing(self) -> bool {
        matches!(
            self,
            Self::New
                | Self::Open
                | Self::Save
                | Self::SaveAs
                | Self::Quit
                | Self::ExportReport
                | Self::ExportImage
                | Self::Presentation
                | Self::TextBigger
                | Self::TextSmaller
                | Self::TextReset
                | Self::Glossary
        )
    }

    /// Acts on selected elements; without one its keys are left to other widgets (the risk
    /// matrix moves its picked threat with the arrow keys).
    pub fn needs_selected_elements(self) -> bool {
        matches!(
            self,
            Self::Nudge(_)
                | Self::NudgeGrid(_)
                | Self::CloneConnect(_)
                | Self::SelectNeighbour(_)
                | Self::Duplicate
                | Self::Copy
        )
    }

    /// The menu it lives in, which is also its heading in the shortcut overview.
    pub fn group(self) -> &'static str {
        match self {
            Self::New
            | Self::Open
            | Self::Save
            | Self::SaveAs
            | Self::Quit
            | Self::ExportReport
            | Self::ExportImage
            | Self::ImportThreatDragon
            | Self::ExportThreatDragon => "File",
            Self::Undo
            | Self::Redo
            | Self::Delete
            | Self::Rename
            | Self::Connect
            | Self::SelectAll
            | Self::Cancel
            | Self::AutoLayout
            | Self::CommandPalette
            | Self::Nudge(_)
            | Self::NudgeGrid(_)
            | Self::CloneConnect(_)
            | Self::SelectNeighbour(_)
            | Self::Duplicate
            | Self::Copy
            | Self::Paste => "Edit",
            Self::ZoomIn
            | Self::ZoomOut
            | Self::ZoomReset
            | Self::FitToWindow
            | Self::ToggleThreats
            | Self::Presentation
            | Self::TextBigger
            | Self::TextSmaller
            | Self::TextReset
            | Self::SnapToGrid => "View",
            Self::Questions | Self::ShortcutHelp | Self::Glossary => "Help",
        }
    }
}

/// The arrow key of `direction` with `modifiers`, as a static slice.
fn arrow(modifiers: Modifiers, direction: Direction) -> &'static [KeyboardShortcut] {
    macro_rules! arrows {
        ($m:expr) => {
            match direction {
                Direction::Left => &[shortcut!($m, Key::ArrowLeft)],
                Direction::Right => &[shortcut!($m, Key::ArrowRight)],
                Direction::Up => &[shortcut!($m, Key::ArrowUp)],
                Direction::Down => &[shortcut!($m, Key::ArrowDown)],
            }
        };
    }
    if modifiers == CTRL {
        arrows!(CTRL)
    } else if modifiers == Modifiers::SHIFT {
        arrows!(Modifiers::SHIFT)
    } else if modifiers == Modifiers::ALT {
        arrows!(Modifiers::ALT)
    } else {
        arrows!(NONE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_listed_once_and_no_shortcut_is_shared() {
        let mut seen = std::collections::HashSet::new();
        for action in Action::ALL {
            for s in action.shortcuts() {
                assert!(seen.insert((s.modifiers, s.logical_key)), "{action:?} shares a shortcut");
            }
        }
        let distinct: std::collections::HashSet<_> = Action::ALL.iter().collect();
        assert_eq!(distinct.len(), Action::ALL.len());
    }

    #[test]
    fn a_shortcut_with_more_modifiers_is_tried_first() {
        // egui lets Shift through when a shortcut does not name it, so Ctrl+Z would also take
        // Ctrl+Shift+Z: the longer one must come first in the table.
        let position = |a: Action| Action::ALL.iter().position(|b| *b == a).unwrap_or(usize::MAX);
        for short in Action::ALL {
            for long in Action::ALL {
                for (s, l) in short.shortcuts().iter().flat_map(|s| long.shortcuts().iter().map(move |l| (s, l))) {
                    let overlaps = s.logical_key == l.logical_key
                        && s.modifiers != l.modifiers
                        && l.modifiers.contains(s.modifiers);
                    if overlaps {
                        assert!(position(long) < position(short), "{long:?} must come before {short:?}");
                    }
                }
            }
        }
    }
}
