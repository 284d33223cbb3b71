//! Every menu and keyboard action in one table, one row each: its label, its keys, where the
//! keys work and whether they work while typing. The menus, the command palette, the keyboard
//! dispatch and the shortcut overview all read it, so they never disagree, and no key is
//! handled anywhere else.

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
    /// Import another tool's model (the format is told by the file's content).
    ImportOtherTool,
    ImportInfrastructure,
    UpdateInfrastructure,
    /// Open the "Changes since last review" window, compared with the last logged review.
    ChangesSinceReview,
    /// The same window, compared with a model file the user picks.
    CompareWithFile,
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
    /// Move the threat picked in the threats list to the next cell of the matrix.
    MovePicked(Direction),
    WorkshopBack,
    WorkshopNext,
    /// Identify: keep the suggestion shown.
    WorkshopKeep,
    /// Identify: rule the suggestion out (type the reason).
    WorkshopRuleOut,
    /// Identify: add a threat of one's own.
    WorkshopOwnThreat,
    /// Assess and Mitigate: the 1st, 2nd, … choice (a level, a mitigation family).
    WorkshopChoice(u8),
}

/// Where an action's keys work. A key bound in a narrower place wins over the same key bound
/// more widely (the arrow keys move a picked threat rather than the selection).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    Anywhere,
    /// Elements are selected on the canvas.
    SelectedElements,
    /// A threat is picked in the threats list, to be moved on the matrix.
    PickedThreat,
    /// A guided workshop is on.
    Workshop,
    /// The workshop is at step 2, Identify.
    WorkshopIdentify,
    /// The workshop is at Assess or Mitigate, where digits choose.
    WorkshopChoosing,
}

impl Context {
    /// How narrow the place is: the dispatch tries narrower places first.
    pub fn specificity(self) -> u8 {
        match self {
            Self::Anywhere => 0,
            Self::SelectedElements | Self::Workshop => 1,
            Self::PickedThreat | Self::WorkshopIdentify | Self::WorkshopChoosing => 2,
        }
    }

    /// How the shortcut overview says where the keys work.
    pub fn label(self) -> Option<&'static str> {
        match self {
            Self::Anywhere => None,
            Self::SelectedElements => Some("with elements selected"),
            Self::PickedThreat => Some("with a threat picked in the list"),
            Self::Workshop => Some("in the guided workshop"),
            Self::WorkshopIdentify => Some("in the workshop's Identify step"),
            Self::WorkshopChoosing => Some("in the workshop's Assess and Mitigate steps"),
        }
    }
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct ActionRow {
    pub action: Action,
    pub label: &'static str,
    /// The menu it lives in, which is also its heading in the shortcut overview.
    pub group: &'static str,
    /// The keys, the one shown in menus first.
    pub keys: &'static [KeyboardShortcut],
    pub context: Context,
    /// The keys still work while the user types into a text field; editing keys (Delete, C,
    /// F, Ctrl+Z, arrows) belong to the field then.
    pub while_typing: bool,
}

/// A struct literal rather than a `const fn` call, so that `&[...]` is promoted to 'static.
macro_rules! key {
    ($modifiers:expr, $key:expr) => {
        KeyboardShortcut { modifiers: $modifiers, logical_key: $key }
    };
}

const CTRL: Modifiers = Modifiers::COMMAND;
const CTRL_SHIFT: Modifiers = Modifiers::COMMAND.plus(Modifiers::SHIFT);
const NONE: Modifiers = Modifiers::NONE;
const SHIFT: Modifiers = Modifiers::SHIFT;
const ALT: Modifiers = Modifiers::ALT;

macro_rules! row {
    ($action:expr, $label:expr, $group:expr, [$($key:expr),*], $context:ident) => {
        ActionRow { action: $action, label: $label, group: $group, keys: &[$($key),*], context: Context::$context, while_typing: false }
    };
    ($action:expr, $label:expr, $group:expr, [$($key:expr),*], $context:ident, typing) => {
        ActionRow { action: $action, label: $label, group: $group, keys: &[$($key),*], context: Context::$context, while_typing: true }
    };
}

/// Four rows of an arrow-key action, one per direction.
macro_rules! arrows {
    ($variant:path, $modifiers:expr, [$left:expr, $right:expr, $up:expr, $down:expr], $group:expr, $context:ident) => {
        [
            row!($variant(Direction::Left), $left, $group, [key!($modifiers, Key::ArrowLeft)], $context),
            row!($variant(Direction::Right), $right, $group, [key!($modifiers, Key::ArrowRight)], $context),
            row!($variant(Direction::Up), $up, $group, [key!($modifiers, Key::ArrowUp)], $context),
            row!($variant(Direction::Down), $down, $group, [key!($modifiers, Key::ArrowDown)], $context),
        ]
    };
}

const FILE: &str = "File";
const EDIT: &str = "Edit";
const VIEW: &str = "View";
const HELP: &str = "Help";
const WORKSHOP: &str = "Workshop";

const MAIN: [ActionRow; 34] = [
    row!(Action::New, "New…", FILE, [key!(CTRL, Key::N)], Anywhere, typing),
    row!(Action::Open, "Open…", FILE, [key!(CTRL, Key::O)], Anywhere, typing),
    row!(Action::Save, "Save", FILE, [key!(CTRL, Key::S)], Anywhere, typing),
    row!(Action::SaveAs, "Save as…", FILE, [key!(CTRL_SHIFT, Key::S)], Anywhere, typing),
    row!(Action::ExportReport, "Export report…", FILE, [key!(CTRL, Key::E)], Anywhere, typing),
    row!(Action::ExportImage, "Export diagram image…", FILE, [key!(CTRL_SHIFT, Key::E)], Anywhere, typing),
    row!(Action::ImportOtherTool, "Import…", FILE, [], Anywhere),
    row!(
        Action::ImportInfrastructure,
        "Import infrastructure (CloudFormation, SAM, Serverless, Terraform)…",
        FILE,
        [],
        Anywhere
    ),
    row!(Action::UpdateInfrastructure, "Update from infrastructure…", FILE, [], Anywhere),
    row!(Action::Quit, "Quit", FILE, [key!(CTRL, Key::Q)], Anywhere, typing),
    row!(Action::Undo, "Undo", EDIT, [key!(CTRL, Key::Z)], Anywhere),
    row!(Action::Redo, "Redo", EDIT, [key!(CTRL_SHIFT, Key::Z), key!(CTRL, Key::Y)], Anywhere),
    row!(Action::Delete, "Delete", EDIT, [key!(NONE, Key::Delete), key!(NONE, Key::Backspace)], Anywhere),
    row!(Action::Rename, "Rename", EDIT, [key!(NONE, Key::F2)], Anywhere),
    row!(Action::Connect, "Connect to…", EDIT, [key!(NONE, Key::C)], Anywhere),
    row!(Action::SelectAll, "Select all", EDIT, [key!(CTRL, Key::A)], Anywhere),
    row!(Action::Cancel, "Cancel", EDIT, [key!(NONE, Key::Escape)], Anywhere),
    row!(Action::AutoLayout, "Tidy up layout", EDIT, [key!(CTRL_SHIFT, Key::L)], Anywhere),
    row!(Action::CommandPalette, "Add or do…", EDIT, [key!(CTRL, Key::K), key!(NONE, Key::Slash)], Anywhere),
    row!(Action::Paste, "Paste", EDIT, [key!(CTRL, Key::V)], Anywhere),
    // Ctrl with + and - scales the text, as in a browser; the canvas zooms without it.
    row!(Action::ZoomIn, "Zoom in", VIEW, [key!(NONE, Key::Plus), key!(NONE, Key::Equals)], Anywhere),
    row!(Action::ZoomOut, "Zoom out", VIEW, [key!(NONE, Key::Minus)], Anywhere),
    row!(Action::ZoomReset, "Actual size", VIEW, [key!(NONE, Key::Num0)], Anywhere),
    row!(Action::FitToWindow, "Fit to window", VIEW, [key!(NONE, Key::F)], Anywhere),
    row!(Action::ToggleThreats, "Threats panel", VIEW, [key!(CTRL, Key::T)], Anywhere),
    row!(Action::Presentation, "Presentation mode", VIEW, [key!(NONE, Key::F5)], Anywhere, typing),
    row!(Action::TextBigger, "Larger text", VIEW, [key!(CTRL, Key::Plus), key!(CTRL, Key::Equals)], Anywhere, typing),
    row!(Action::TextSmaller, "Smaller text", VIEW, [key!(CTRL, Key::Minus)], Anywhere, typing),
    row!(Action::TextReset, "Normal text size", VIEW, [key!(CTRL, Key::Num0)], Anywhere, typing),
    row!(Action::SnapToGrid, "Snap to grid", VIEW, [key!(NONE, Key::G)], Anywhere),
    row!(Action::ChangesSinceReview, "Changes since last review", VIEW, [], Anywhere),
    row!(Action::CompareWithFile, "Compare with a file…", VIEW, [], Anywhere),
    row!(Action::Questions, "Questions to ask…", HELP, [key!(CTRL_SHIFT, Key::Q)], Anywhere),
    row!(Action::ShortcutHelp, "Keyboard shortcuts", HELP, [key!(NONE, Key::Questionmark)], Anywhere),
];

const GLOSSARY: ActionRow = row!(Action::Glossary, "Glossary", HELP, [key!(NONE, Key::F1)], Anywhere, typing);

const ON_SELECTION: [ActionRow; 2] = [
    row!(Action::Duplicate, "Duplicate", EDIT, [key!(CTRL, Key::D)], SelectedElements),
    row!(Action::Copy, "Copy", EDIT, [key!(CTRL, Key::C)], SelectedElements),
];

const NUDGE: [ActionRow; 4] =
    arrows!(Action::Nudge, NONE, ["Nudge left", "Nudge right", "Nudge up", "Nudge down"], EDIT, SelectedElements);
const NUDGE_GRID: [ActionRow; 4] = arrows!(
    Action::NudgeGrid,
    SHIFT,
    ["Move one grid step left", "Move one grid step right", "Move one grid step up", "Move one grid step down"],
    EDIT,
    SelectedElements
);
const CLONE_CONNECT: [ActionRow; 4] = arrows!(
    Action::CloneConnect,
    CTRL,
    [
        "Add connected element to the left",
        "Add connected element to the right",
        "Add connected element above",
        "Add connected element below"
    ],
    EDIT,
    SelectedElements
);
const NEIGHBOUR: [ActionRow; 4] = arrows!(
    Action::SelectNeighbour,
    ALT,
    [
        "Go to the connected element on the left",
        "Go to the connected element on the right",
        "Go to the connected element above",
        "Go to the connected element below"
    ],
    EDIT,
    SelectedElements
);
const MOVE_PICKED: [ActionRow; 4] = arrows!(
    Action::MovePicked,
    NONE,
    [
        "Move the picked threat to lower likelihood",
        "Move the picked threat to higher likelihood",
        "Move the picked threat to higher impact",
        "Move the picked threat to lower impact"
    ],
    VIEW,
    PickedThreat
);

const IN_WORKSHOP: [ActionRow; 5] = [
    row!(Action::WorkshopBack, "Previous in the workshop", WORKSHOP, [key!(NONE, Key::PageUp)], Workshop),
    // Anywhere: without a workshop, Page Down starts one at step 1.
    row!(Action::WorkshopNext, "Next in the workshop (starts it)", WORKSHOP, [key!(NONE, Key::PageDown)], Anywhere),
    row!(Action::WorkshopKeep, "Keep the suggestion", WORKSHOP, [key!(NONE, Key::Space)], WorkshopIdentify),
    row!(Action::WorkshopRuleOut, "Rule the suggestion out", WORKSHOP, [key!(NONE, Key::N)], WorkshopIdentify),
    row!(Action::WorkshopOwnThreat, "Add a threat of our own", WORKSHOP, [key!(NONE, Key::O)], WorkshopIdentify),
];

/// The digits 1 to 6 choose in the workshop's Assess and Mitigate steps: up to five levels, six
/// mitigation families.
const CHOICES: [ActionRow; 6] = {
    // One label for all: the overview shows them as one line, "1 … 6".
    let label = "Choose by number (a level when assessing, a fix when mitigating)";
    let mut rows = [row!(Action::WorkshopChoice(0), label, WORKSHOP, [], WorkshopChoosing); 6];
    let keys: [&[KeyboardShortcut]; 6] = [
        &[key!(NONE, Key::Num1)],
        &[key!(NONE, Key::Num2)],
        &[key!(NONE, Key::Num3)],
        &[key!(NONE, Key::Num4)],
        &[key!(NONE, Key::Num5)],
        &[key!(NONE, Key::Num6)],
    ];
    let mut i = 0;
    while i < rows.len() {
        rows[i].action = Action::WorkshopChoice(i as u8);
        rows[i].keys = keys[i];
        i += 1;
    }
    rows
};

/// Every row, in the order of the menus and the overview.
pub fn rows() -> impl Iterator<Item = &'static ActionRow> {
    MAIN.iter()
        .chain(std::iter::once(&GLOSSARY))
        .chain(&ON_SELECTION)
        .chain(&NUDGE)
        .chain(&NUDGE_GRID)
        .chain(&CLONE_CONNECT)
        .chain(&NEIGHBOUR)
        .chain(&MOVE_PICKED)
        .chain(&IN_WORKSHOP)
        .chain(&CHOICES)
}

impl Action {
    /// Every action, in the order of the table.
    pub fn all() -> impl Iterator<Item = Self> {
        rows().map(|row| row.action)
    }

    /// The action's row. Every action has one: a test checks it.
    pub fn row(self) -> &'static ActionRow {
        rows().find(|row| row.action == self).unwrap_or(&MAIN[0])
    }

    pub fn label(self) -> &'static str {
        self.row().label
    }

    /// The keys, the one shown in menus first.
    pub fn shortcuts(self) -> &'static [KeyboardShortcut] {
        self.row().keys
    }

    pub fn group(self) -> &'static str {
        self.row().group
    }
}

/// The rows whose keys may fire now, narrowest binding first: more modifiers before fewer (so
/// Ctrl+Shift+Z is not taken for Ctrl+Z, egui letting Shift through), then the narrower place
/// before the wider one (the arrows move a picked threat, not the selection).
pub fn dispatch_order(
    active: impl Fn(Context) -> bool,
    typing: bool,
) -> Vec<(&'static ActionRow, &'static KeyboardShortcut)> {
    let mut bindings: Vec<_> = rows()
        .filter(|row| active(row.context) && (row.while_typing || !typing))
        .flat_map(|row| row.keys.iter().map(move |key| (row, key)))
        .collect();
    let modifiers = |key: &KeyboardShortcut| {
        let m = key.modifiers;
        u8::from(m.alt) + u8::from(m.ctrl || m.command || m.mac_cmd) + u8::from(m.shift)
    };
    bindings.sort_by_key(|(row, key)| std::cmp::Reverse((modifiers(key), row.context.specificity())));
    bindings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_has_one_row_and_no_key_is_bound_twice_in_one_place() {
        let actions: Vec<Action> = Action::all().collect();
        let distinct: std::collections::HashSet<_> = actions.iter().collect();
        assert_eq!(distinct.len(), actions.len(), "an action has two rows");
        for action in &actions {
            assert_eq!(action.row().action, *action);
        }
        let mut seen = std::collections::HashSet::new();
        for row in rows() {
            for key in row.keys {
                let place = format!("{:?}", row.context);
                assert!(
                    seen.insert((key.modifiers, key.logical_key, place)),
                    "{:?} shares a key in its place",
                    row.action
                );
            }
        }
    }

    #[test]
    fn longer_combinations_and_narrower_places_come_first() {
        let order = dispatch_order(|_| true, false);
        let position = |action: Action| order.iter().position(|(row, _)| row.action == action).unwrap_or(usize::MAX);
        assert!(position(Action::Redo) < position(Action::Undo), "Ctrl+Shift+Z before Ctrl+Z");
        assert!(position(Action::SaveAs) < position(Action::Save));
        let picked = position(Action::MovePicked(Direction::Left));
        assert!(picked < position(Action::Nudge(Direction::Left)), "a picked threat takes the arrows");
        assert!(position(Action::NudgeGrid(Direction::Left)) < picked, "Shift+arrow is a longer combination");
    }

    #[test]
    fn only_typing_keys_fire_while_typing_and_only_where_they_apply() {
        let typing = dispatch_order(|_| true, true);
        assert!(typing.iter().all(|(row, _)| row.while_typing));
        assert!(typing.iter().any(|(row, _)| row.action == Action::Save));
        let anywhere = dispatch_order(|c| c == Context::Anywhere, false);
        assert!(anywhere.iter().all(|(row, _)| row.context == Context::Anywhere));
        assert!(!anywhere.iter().any(|(row, _)| row.action == Action::WorkshopKeep));
    }
}
