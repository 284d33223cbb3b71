//! Every menu and keyboard action, with its label and shortcut, in one table: the menus and
//! the keyboard handler both read it, so they never disagree.

use egui::{Key, KeyboardShortcut, Modifiers};

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
    pub const ALL: [Self; 18] = [
        Self::Redo,
        Self::SaveAs,
        Self::Questions,
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
            Self::ZoomIn => &[shortcut!(CTRL, Key::Equals), shortcut!(CTRL, Key::Plus)],
            Self::ZoomOut => &[shortcut!(CTRL, Key::Minus)],
            Self::ZoomReset => &[shortcut!(CTRL, Key::Num0)],
            Self::FitToWindow => &[shortcut!(NONE, Key::F)],
            Self::ToggleThreats => &[shortcut!(CTRL, Key::T)],
            Self::Questions => &[shortcut!(CTRL_SHIFT, Key::Q)],
        }
    }

    /// Whether the shortcut still works while the user types into a text field. Editing keys
    /// (Delete, C, F, Ctrl+Z) belong to the field then.
    pub fn works_while_typing(self) -> bool {
        matches!(self, Self::New | Self::Open | Self::Save | Self::SaveAs | Self::Quit)
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
