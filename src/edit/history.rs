use super::CoalesceKey;
use crate::model::ThreatModel;

/// One remembered state: the model as it was, what edit led away from it, and its state id.
#[derive(Clone, Debug)]
struct Snapshot {
    model: ThreatModel,
    label: String,
    state: u64,
}

/// Undo and redo as whole-model snapshots: simple, and obviously right for models of hundreds
/// of elements. Typing into one field coalesces into one step.
#[derive(Debug)]
pub struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    open_group: Option<CoalesceKey>,
    limit: usize,
}

impl Default for History {
    fn default() -> Self {
        Self::with_limit(200)
    }
}

impl History {
    pub fn with_limit(limit: usize) -> Self {
        Self { undo: Vec::new(), redo: Vec::new(), open_group: None, limit: limit.max(1) }
    }

    /// Remembers `before` as the state an edit left. An edit with the same coalesce key as the
    /// one before it (typing on in the same field) joins that step instead.
    pub fn record(&mut self, before: ThreatModel, before_state: u64, label: String, key: Option<CoalesceKey>) {
        self.redo.clear();
        let joins_open_group = key.is_some() && key == self.open_group;
        self.open_group = key;
        if joins_open_group {
            return;
        }
        self.undo.push(Snapshot { model: before, label, state: before_state });
        if self.undo.len() > self.limit {
            self.undo.remove(0);
        }
    }

    /// Ends any open typing group, so the next keystroke starts a new undo step.
    pub fn seal(&mut self) {
        self.open_group = None;
    }

    /// Swaps `current` for the previous state; returns the state id it now has.
    pub fn undo(&mut self, current: &mut ThreatModel, current_state: u64) -> Option<u64> {
        self.open_group = None;
        step(&mut self.undo, &mut self.redo, current, current_state)
    }

    pub fn redo(&mut self, current: &mut ThreatModel, current_state: u64) -> Option<u64> {
        self.open_group = None;
        step(&mut self.redo, &mut self.undo, current, current_state)
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.undo.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.redo.last().map(|s| s.label.as_str())
    }

    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }
}

/// Moves one state from `from` into `current`, pushing what `current` held onto `to`.
fn step(
    from: &mut Vec<Snapshot>,
    to: &mut Vec<Snapshot>,
    current: &mut ThreatModel,
    current_state: u64,
) -> Option<u64> {
    let target = from.pop()?;
    let label = target.label.clone();
    let left = std::mem::replace(current, target.model);
    to.push(Snapshot { model: left, label, state: current_state });
    Some(target.state)
}
