//! What each menu and keyboard action does. The table of actions (labels, keys, where they
//! apply) is `ui::actions`; this is their effect on the app.

use egui::ViewportCommand;

use super::modal::{Modal, Pending};
use super::{NUDGE_STEP, ThreatSketchApp};
use crate::edit::{
    Command, Direction, all_targets, auto_layout, clone_and_connect, copy_elements, duplicate, neighbour, nudge,
};
use crate::model::{Target, Workshop, WorkshopStep};
use crate::risk::cell_of;
use crate::ui::actions::Action;
use crate::ui::command_palette::CommandPalette;
use crate::ui::glossary_window::GlossarySearch;
use crate::ui::theme;
use crate::ui::workshop_bar::GuideKey;
use crate::workshop::{moved, walk};

impl ThreatSketchApp {
    pub(super) fn run_action(&mut self, ctx: &egui::Context, action: Action) {
        match action {
            Action::New => self.modal = Some(Modal::StartScreen),
            Action::Open => self.guard(ctx, Pending::Open(None)),
            Action::Save => self.save(ctx, false),
            Action::SaveAs => self.save(ctx, true),
            Action::Quit => ctx.send_viewport_cmd(ViewportCommand::Close),
            Action::Undo => {
                if self.doc.undo() {
                    self.view.selection.retain_existing(self.doc.model());
                }
            }
            Action::Redo => {
                if self.doc.redo() {
                    self.view.selection.retain_existing(self.doc.model());
                }
            }
            Action::Delete => {
                if !self.view.selection.is_empty() {
                    let targets: Vec<Target> = self.view.selection.iter().cloned().collect();
                    self.view.selection.clear();
                    self.apply(Command::Delete { targets });
                }
            }
            Action::Rename => {
                if let Some(target) = self.view.selection.single().cloned() {
                    self.canvas.start_rename(self.doc.model(), target);
                }
            }
            Action::Connect => match self.view.selection.single() {
                Some(Target::Element(id)) => {
                    self.canvas.connect_from = Some(id.clone());
                    self.inform("Click the element the data goes to (Esc cancels)");
                }
                _ => self.inform("Select one element first, then press C and click where its data goes"),
            },
            Action::SelectAll => self.view.selection.set(all_targets(self.doc.model())),
            Action::Cancel => {
                if self.canvas.connect_from.take().is_some() {
                } else if self.presenting {
                    // As the hint says: Esc leaves, whatever is selected (a slide show's Esc).
                    self.set_presenting(ctx, false);
                } else {
                    self.view.selection.clear();
                }
            }
            Action::Presentation => self.set_presenting(ctx, !self.presenting),
            Action::TextBigger | Action::TextSmaller | Action::TextReset => {
                match action {
                    Action::TextBigger => self.display.adjust(self.presenting, 1),
                    Action::TextSmaller => self.display.adjust(self.presenting, -1),
                    _ => self.display.reset(self.presenting),
                }
                let scale = (self.display.scale(self.presenting) * 100.0).round();
                self.inform(format!("Text size {scale} %"));
            }
            Action::ShortcutHelp => self.modal = Some(Modal::Shortcuts),
            Action::SnapToGrid => {
                self.display.snap_to_grid = !self.display.snap_to_grid;
                self.inform(if self.display.snap_to_grid {
                    "Snapping to the grid (G turns it off)"
                } else {
                    "Not snapping: cards line up with each other as you drag"
                });
            }
            Action::Glossary => self.windows.glossary = Some(GlossarySearch::at(String::new())),
            Action::CommandPalette => {
                let anchor = self.canvas.pointer_on_canvas(ctx);
                self.modal = Some(Modal::CommandPalette(CommandPalette::default(), anchor));
            }
            Action::AutoLayout => match auto_layout(self.doc.model()) {
                Some(command) => {
                    self.apply(command);
                    self.canvas.request_fit();
                }
                None => self.inform("The layout is already tidy"),
            },
            Action::Nudge(direction) => self.nudge(direction, NUDGE_STEP),
            Action::NudgeGrid(direction) => self.nudge(direction, crate::edit::GRID),
            Action::CloneConnect(direction) => self.clone_connect(direction, None),
            Action::SelectNeighbour(direction) => {
                if let Some(Target::Element(from)) = self.view.selection.single().cloned() {
                    match neighbour(self.doc.model(), &from, direction) {
                        Some(next) => {
                            self.view.selection.select_only(Target::Element(next.clone()));
                            self.canvas.reveal(self.doc.model(), &Target::Element(next));
                        }
                        None => self.inform(format!(
                            "Nothing connected {} this element",
                            match direction {
                                Direction::Left => "to the left of",
                                Direction::Right => "to the right of",
                                Direction::Up => "above",
                                Direction::Down => "below",
                            }
                        )),
                    }
                }
            }
            Action::Duplicate => {
                if let Some((command, copies)) = duplicate(self.doc.model(), &self.view.selection.elements()) {
                    self.apply(command);
                    self.view.selection.set(copies.into_iter().map(Target::Element).collect::<Vec<_>>());
                }
            }
            Action::Copy => {
                if let Some(text) = copy_elements(self.doc.model(), &self.view.selection.elements()) {
                    ctx.copy_text(text);
                    self.inform("Copied; paste with Ctrl+V here or in another model");
                }
            }
            // The desktop answers with a paste event, handled like Ctrl+V.
            Action::Paste => ctx.send_viewport_cmd(ViewportCommand::RequestPaste),
            Action::ZoomIn => self.canvas.zoom_by(crate::canvas::ZOOM_STEP),
            Action::ZoomOut => self.canvas.zoom_by(1.0 / crate::canvas::ZOOM_STEP),
            Action::ZoomReset => self.canvas.reset_zoom(),
            Action::FitToWindow => self.canvas.request_fit(),
            Action::ToggleThreats => self.show_threat_panel = !self.show_threat_panel,
            Action::Questions => self.windows.questions = true,
            Action::ExportReport => self.export_report(ctx),
            Action::ExportImage => self.export_image(ctx),
            Action::ImportOtherTool => self.guard(ctx, Pending::ImportOtherTool(None)),
            Action::ImportInfrastructure => self.guard(ctx, Pending::ImportInfrastructure(None)),
            // An undoable edit of the open model: nothing to guard.
            Action::UpdateInfrastructure => self.update_infrastructure(ctx),
            Action::MovePicked(direction) => self.move_picked(direction),
            Action::WorkshopBack => self.step_workshop(false),
            Action::WorkshopNext => self.step_workshop(true),
            Action::WorkshopKeep => self.view.guide.press(GuideKey::Keep),
            Action::WorkshopRuleOut => self.view.guide.press(GuideKey::RuleOut),
            Action::WorkshopOwnThreat => self.view.cards.open_own_threat_form(),
            Action::WorkshopChoice(index) => self.view.guide.press(GuideKey::Choice(usize::from(index))),
            Action::ChangesSinceReview => self.show_changes_since_review(),
            Action::CompareWithFile => self.ask_file_to_compare(ctx),
        }
    }

    /// Adds an element of `kind` (the selected one's own when `None`) next to the selected
    /// element in `direction`, connected to it, and selects it.
    pub(super) fn clone_connect(&mut self, direction: Direction, kind: Option<&str>) {
        let Some(Target::Element(from)) = self.view.selection.single().cloned() else {
            self.inform("Select one element first: the new one is connected to it");
            return;
        };
        if let Some((command, new)) = clone_and_connect(self.doc.model(), &from, direction, kind) {
            self.apply(command);
            self.view.selection.select_only(Target::Element(new.clone()));
            self.canvas.reveal(self.doc.model(), &Target::Element(new));
        }
    }

    fn nudge(&mut self, direction: Direction, distance: f32) {
        if let Some(command) = nudge(self.doc.model(), &self.view.selection.elements(), direction, distance) {
            self.apply(command);
        }
    }

    /// Enters or leaves presentation mode.
    pub(super) fn set_presenting(&mut self, ctx: &egui::Context, presenting: bool) {
        if presenting == self.presenting {
            return;
        }
        self.presenting = presenting;
        // The threats panel makes way for the diagram while presenting (Ctrl+T brings it back)
        // and returns as it was afterwards.
        std::mem::swap(&mut self.show_threat_panel, &mut self.threat_panel_other_mode);
        ctx.send_viewport_cmd(ViewportCommand::Fullscreen(presenting));
        theme::apply_contrast(ctx, presenting);
        self.fit_or_focus();
        if presenting {
            self.inform("Presentation mode: Ctrl + and Ctrl − change the text size; F5 or Esc leaves");
        } else {
            self.inform("Left presentation mode");
        }
    }

    /// Moves the threat picked in the list one cell across the matrix: right and left change
    /// the likelihood, up and down the impact.
    fn move_picked(&mut self, direction: Direction) {
        let Some(key) = self.view.matrix.picked.clone() else { return };
        let residual = self.view.matrix.residual;
        let Some(threat) = self.derived.analysis.threats.iter().find(|t| t.has_key(&key)) else { return };
        let (likelihood, impact) = match direction {
            Direction::Left => (-1, 0),
            Direction::Right => (1, 0),
            Direction::Up => (0, 1),
            Direction::Down => (0, -1),
        };
        let from = cell_of(threat, residual);
        let to = from.step(self.doc.model().scale, likelihood, impact);
        if to == from {
            self.inform(match direction {
                Direction::Left => "It is already at the lowest likelihood",
                Direction::Right => "It is already at the highest likelihood",
                Direction::Up => "It is already at the highest impact",
                Direction::Down => "It is already at the lowest impact",
            });
            return;
        }
        let (likelihood, impact) = (Some(to.likelihood), Some(to.impact));
        self.apply(Command::SetThreatRating { key, residual, likelihood, impact });
    }

    /// Moves the guided workshop to the next (or previous) part, threat or step; going forward
    /// without one starts it at step 1.
    fn step_workshop(&mut self, forward: bool) {
        let Some(workshop) = self.doc.model().workshop.clone() else {
            if forward {
                self.move_workshop(Some(Workshop { step: WorkshopStep::Understand, focus: String::new() }));
            }
            return;
        };
        let model = self.doc.model();
        let items = |step| walk(step, model, &self.derived.analysis, &self.derived.priority);
        let next = moved(&workshop, items, forward);
        self.move_workshop(Some(next));
    }
}
