use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use super::{Command, EditError, History};
use crate::model::ThreatModel;

/// An open model: its content, where it lives, its undo history and whether it has changes
/// that are not on disk.
#[derive(Debug)]
pub struct Document {
    model: ThreatModel,
    path: Option<PathBuf>,
    history: History,
    /// Identifies the current content; undo and redo bring back earlier ids.
    state: u64,
    next_state: u64,
    saved_state: Option<u64>,
    /// Changes on every change of content, including undo and redo; views rebuild on change.
    /// Unique across all documents of the process, so a cache can never mistake one
    /// document's state for another's.
    revision: u64,
}

/// The source of revision numbers.
fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Document {
    /// A document for a model read from `path`, or made from a template or the sample
    /// (`None`). Either way it has nothing to lose until it is edited: a template can be
    /// picked again, so closing an untouched one asks nothing.
    pub fn new(model: ThreatModel, path: Option<PathBuf>) -> Self {
        Self {
            model,
            path,
            history: History::default(),
            state: 0,
            next_state: 1,
            saved_state: Some(0),
            revision: next_revision(),
        }
    }

    /// A document whose content is on no disk in this form: a copy recovered after a crash
    /// (it belongs to `path`, and saving writes there) or an import (no path). It counts as
    /// unsaved from the start.
    pub fn unsaved(model: ThreatModel, path: Option<PathBuf>) -> Self {
        Self { saved_state: None, ..Self::new(model, path) }
    }

    pub fn model(&self) -> &ThreatModel {
        &self.model
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// True when closing would lose work: edits since the last save, an import, a recovered copy.
    pub fn is_dirty(&self) -> bool {
        self.saved_state != Some(self.state)
    }

    /// Applies an edit as one undo step. An edit that fails changes nothing; one that changes
    /// nothing records nothing. Returns whether the model changed.
    pub fn apply(&mut self, command: Command) -> Result<bool, EditError> {
        let before = self.model.clone();
        let label = command.label();
        let key = command.coalesce_key();
        if let Err(err) = command.apply(&mut self.model) {
            self.model = before;
            return Err(err);
        }
        if self.model == before {
            return Ok(false);
        }
        // A coalesced keystroke extends the open undo step but is still new content.
        self.history.record(before, self.state, label, key);
        self.state = self.next_state;
        self.next_state += 1;
        self.revision = next_revision();
        Ok(true)
    }

    /// Ends a run of typing in one field, so the next edit is its own undo step.
    pub fn end_typing(&mut self) {
        self.history.seal();
    }

    pub fn undo(&mut self) -> bool {
        let state = self.history.undo(&mut self.model, self.state);
        self.arrive(state)
    }

    pub fn redo(&mut self) -> bool {
        let state = self.history.redo(&mut self.model, self.state);
        self.arrive(state)
    }

    /// After undo or redo: the content now is the state `state`, if there was one to go to.
    fn arrive(&mut self, state: Option<u64>) -> bool {
        let Some(state) = state else { return false };
        self.state = state;
        self.revision = next_revision();
        true
    }

    /// Records that the current content is now on disk at `path`.
    pub fn mark_saved(&mut self, path: PathBuf) {
        self.path = Some(path);
        self.saved_state = Some(self.state);
    }

    /// A title for the window: the file name (or model name), with a mark for unsaved changes.
    pub fn title(&self) -> String {
        let name = self
            .path
            .as_deref()
            .and_then(Path::file_name)
            .map_or_else(|| self.model.name.clone(), |n| n.to_string_lossy().into_owned());
        let mark = if self.is_dirty() { "● " } else { "" };
        format!("{mark}{name} — ThreatSketch")
    }
}
