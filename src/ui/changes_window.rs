//! The "Changes since last review" window: what differs from the state a review saw (or from a
//! file the user picked), the parts in words and the threats that are new, gone or re-rated.
//! While it is open the canvas marks the parts and the threats panel tags the threats.

use std::collections::HashMap;

use egui::RichText;

use super::actions::Action;
use super::{Request, theme};
use crate::changes::{ChangesSince, Consequences};

/// How a threat in the list differs from the version compared with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ThreatTag {
    New,
    /// Its risk or status then: "Medium", "High, Mitigated".
    Rerated(String),
}

/// Threat keys to their tags, worked out once per comparison for the threats panel.
pub fn threat_tags(threats: &Consequences) -> HashMap<String, ThreatTag> {
    let new = threats.appeared.iter().map(|t| (t.key.clone(), ThreatTag::New));
    let rerated = threats.rerated.iter().map(|t| (t.key.clone(), ThreatTag::Rerated(t.before.clone())));
    new.chain(rerated).collect()
}

/// The window; returns false once it is closed. `can_use_review` says whether the model
/// records a reviewed state to compare with.
pub fn changes_window_ui(
    ctx: &egui::Context,
    changes: &ChangesSince,
    can_use_review: bool,
    requests: &mut Vec<Request>,
) -> bool {
    let mut open = true;
    let at = egui::pos2(ctx.content_rect().max.x - 500.0, 90.0);
    let window = egui::Window::new("Changes since last review").id(egui::Id::new("changes-since-review"));
    window.default_pos(at).default_size([460.0, 420.0]).open(&mut open).show(ctx, |ui| {
        ui.label(theme::heading(&format!("Compared with {}", changes.against)));
        ui.horizontal(|ui| {
            let review = ui.add_enabled(can_use_review, egui::Button::new("Last review"));
            let review =
                review.on_disabled_hover_text("Log a review first: the state it saw is what this compares with");
            if review.clicked() {
                requests.push(Request::Action(Action::ChangesSinceReview));
            }
            if ui.button("Compare with a file…").clicked() {
                requests.push(Request::Action(Action::CompareWithFile));
            }
        });
        ui.separator();
        if changes.is_empty() {
            ui.label(format!("Nothing changed since {}.", changes.against));
            return;
        }
        ui.label(theme::hint("New and changed parts are marked on the diagram while this window is open."));
        egui::ScrollArea::vertical().auto_shrink([false, true]).show(ui, |ui| {
            for section in changes.sections() {
                ui.label(theme::heading(&format!("{} ({})", section.heading, section.lines.len())));
                for line in &section.lines {
                    ui.label(RichText::new(line));
                }
                ui.add_space(6.0);
            }
        });
    });
    open
}
