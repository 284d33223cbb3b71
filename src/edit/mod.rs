//! The one way to change a model: `Command`s applied through a `Document`, which keeps the
//! undo history and knows whether there are unsaved changes.

mod align;
mod auto_layout;
mod clipboard;
mod command;
mod document;
mod gestures;
mod history;
mod keyboard;
mod placement;

pub use align::{GRID, GuideLine, aligned_move};
pub use auto_layout::{auto_layout, lay_out, lay_out_if_unplaced};
pub use clipboard::{copy_elements, paste_elements};
pub use command::{CoalesceKey, Command, EditError, FlowCheck, ThreatText};
pub use document::Document;
pub use gestures::{Corner, Gesture, MIN_BOUNDARY_SIZE, all_targets, free_spot, gesture_command};
pub use history::History;
pub use keyboard::{Direction, clone_and_connect, duplicate, neighbour, nudge, slot_beside};
pub use placement::{spot_beside, spot_in_view, spot_near_pointer};

use crate::model::ThreatModel;

/// The model as it would be after `command`, for showing a drag before it is committed.
pub fn preview(model: &ThreatModel, command: Command) -> Result<ThreatModel, EditError> {
    let mut copy = model.clone();
    command.apply(&mut copy)?;
    Ok(copy)
}
