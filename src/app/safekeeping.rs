//! Never losing work: the autosave copy of the open document, recovery of copies left by a
//! crash, the open file changing on disk, and a file open in two windows.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::ThreatSketchApp;
use super::modal::{Modal, Pending};
use crate::changes::{describe, diff};
use crate::edit::{Command, Document};
use crate::io::autosave::{Autosaves, Recovered};
use crate::io::open_files::OpenFiles;
use crate::io::{DiskStamp, disk_stamp, load_path, parse_model};
use crate::ui::recovery::{DiskChoice, RecoveryChoice, changed_on_disk_ui, recovery_ui};

/// How long after a change the autosave copy is written, at most.
pub const AUTOSAVE_DELAY: Duration = Duration::from_secs(10);

/// Where the app keeps work safe, and how far it got.
#[derive(Default)]
pub(super) struct Safekeeping {
    autosaves: Option<Autosaves>,
    open_files: Option<OpenFiles>,
    delay: Duration,
    /// Numbers the documents of this run, so each has its own copy.
    serial: u64,
    /// The revision the copy holds, when there is one.
    written: Option<u64>,
    /// The revision the document had when it was opened: an untouched template needs no copy.
    opened: u64,
    due: Option<Instant>,
    /// The open file as it was when opened or last saved.
    disk: Option<DiskStamp>,
    /// The path claimed as open in this app.
    claimed: Option<PathBuf>,
    /// The recovered copy the open document came from: it goes once the document is saved or
    /// let go.
    recovered: Option<Recovered>,
    focused: bool,
}

impl Safekeeping {
    fn key(&self) -> String {
        format!("{}-{}", std::process::id(), self.serial)
    }
}

impl ThreatSketchApp {
    /// Turns on autosave, recovery and the open-file check. The window does it with the
    /// user's state folder; tests with a folder of their own.
    pub fn keep_work_safe(&mut self, autosaves: Option<Autosaves>, open_files: Option<OpenFiles>, delay: Duration) {
        self.safe.autosaves = autosaves;
        self.safe.open_files = open_files;
        self.safe.delay = delay;
        self.track_document();
        let found = self.safe.autosaves.as_ref().map(Autosaves::recoverable).unwrap_or_default();
        if !found.is_empty() {
            let then_start_screen = matches!(self.modal, Some(Modal::StartScreen));
            self.modal = Some(Modal::Recover { found, comparison: None, then_start_screen });
        }
    }

    /// Each frame: the autosave copy follows the document, and coming back to the window
    /// notices a file changed on disk.
    pub(super) fn keep_safe(&mut self, ctx: &egui::Context) {
        let focused = ctx.input(|i| i.focused);
        if focused && !self.safe.focused && self.modal.is_none() && self.changed_on_disk() {
            self.modal = Some(Modal::ChangedOnDisk { saving: None });
        }
        self.safe.focused = focused;

        let Some(autosaves) = self.safe.autosaves.clone() else { return };
        if !self.doc.is_dirty() {
            if self.safe.written.take().is_some() {
                autosaves.remove(&self.safe.key());
            }
            self.safe.due = None;
            return;
        }
        if self.safe.written == Some(self.doc.revision()) || self.doc.revision() == self.safe.opened {
            return;
        }
        let now = Instant::now();
        let due = *self.safe.due.get_or_insert(now + self.safe.delay);
        if now < due {
            ctx.request_repaint_after(due - now);
            return;
        }
        self.safe.due = None;
        match autosaves.write(&self.safe.key(), self.doc.model(), self.doc.path()) {
            Ok(_) => self.safe.written = Some(self.doc.revision()),
            Err(err) => self.report_error(format!("Could not keep a safety copy: {err}")),
        }
    }

    /// A new document is open: its own copy, its file claimed, what its file looks like.
    fn track_document(&mut self) {
        self.safe.serial += 1;
        self.safe.written = None;
        self.safe.opened = self.doc.revision();
        self.safe.due = None;
        self.safe.disk = self.doc.path().and_then(disk_stamp);
        let path = self.doc.path().map(Path::to_path_buf);
        if let Some(open_files) = &self.safe.open_files
            && let Some(path) = &path
            && open_files.claim(path)
        {
            self.inform(format!(
                "{} is also open in another ThreatSketch window: the one saved last wins",
                path.display()
            ));
        }
        self.safe.claimed = path;
    }

    /// The open document is let go (another replaces it, or the window closes): the user has
    /// decided about its changes, so its copy and claim go.
    pub(super) fn let_go_of_document(&mut self) {
        if let Some(autosaves) = &self.safe.autosaves {
            autosaves.remove(&self.safe.key());
            if let Some(recovered) = self.safe.recovered.take() {
                autosaves.discard(&recovered);
            }
        }
        self.release_claim();
    }

    /// The open file is no longer claimed (the window closes).
    pub(super) fn release_claim(&mut self) {
        if let (Some(open_files), Some(path)) = (&self.safe.open_files, self.safe.claimed.take()) {
            open_files.release(&path);
        }
    }

    /// Called when the document was replaced by another.
    pub(super) fn document_replaced(&mut self) {
        self.track_document();
    }

    /// The document was saved to `path`.
    pub(super) fn document_saved(&mut self, path: &Path) {
        self.safe.disk = disk_stamp(path);
        if self.safe.claimed.as_deref() != Some(path) {
            if let (Some(open_files), Some(old)) = (&self.safe.open_files, self.safe.claimed.take()) {
                open_files.release(&old);
            }
            if let Some(open_files) = &self.safe.open_files {
                open_files.claim(path);
            }
            self.safe.claimed = Some(path.to_path_buf());
        }
        if let (Some(autosaves), Some(recovered)) = (&self.safe.autosaves, self.safe.recovered.take()) {
            autosaves.discard(&recovered);
        }
    }

    /// Whether the open file is no longer what was opened or last saved.
    pub(super) fn changed_on_disk(&self) -> bool {
        match (self.doc.path(), self.safe.disk) {
            (Some(path), Some(was)) => disk_stamp(path).is_some_and(|now| now != was),
            _ => false,
        }
    }

    /// Saves in place, first asking when the file changed on disk since it was opened.
    pub(super) fn save_in_place(&mut self, ctx: &egui::Context, path: &Path, then: Option<Pending>) {
        if self.changed_on_disk() {
            self.modal = Some(Modal::ChangedOnDisk { saving: Some(then) });
        } else if self.save_to(path)
            && let Some(then) = then
        {
            self.run_pending(ctx, then);
        }
    }

    /// Takes the file as it is on disk now, as one step that undo takes back.
    fn reload_from_disk(&mut self) {
        let Some(path) = self.doc.path().map(Path::to_path_buf) else { return };
        match load_path(&path) {
            Ok(loaded) => {
                self.apply(Command::ReplaceModel { model: Box::new(loaded.model), label: "Reload from disk" });
                self.doc.mark_saved(path.clone());
                self.safe.disk = disk_stamp(&path);
                self.inform(format!("Reloaded {} (undo brings back what was open)", path.display()));
            }
            Err(err) => self.report_error(format!("Could not reload: {err}")),
        }
    }

    /// The recovery dialog and the changed-on-disk dialog; `None` once they are done.
    pub(super) fn show_safekeeping_modal(&mut self, ctx: &egui::Context, modal: Modal) -> Option<Modal> {
        match modal {
            Modal::Recover { found, comparison, then_start_screen } => {
                let Some(choice) = recovery_ui(ctx, &found, comparison.as_ref(), seconds_now()) else {
                    return Some(Modal::Recover { found, comparison, then_start_screen });
                };
                let after = then_start_screen.then_some(Modal::StartScreen);
                match choice {
                    RecoveryChoice::Later => after,
                    RecoveryChoice::Compare(i) => {
                        let lines = found.get(i).map(compare_with_saved).unwrap_or_default();
                        Some(Modal::Recover { found, comparison: Some((i, lines)), then_start_screen })
                    }
                    RecoveryChoice::Discard(i) => {
                        let mut found = found;
                        if i < found.len() {
                            let gone = found.remove(i);
                            if let Some(autosaves) = &self.safe.autosaves {
                                autosaves.discard(&gone);
                            }
                        }
                        if found.is_empty() {
                            after
                        } else {
                            Some(Modal::Recover { found, comparison: None, then_start_screen })
                        }
                    }
                    RecoveryChoice::Open(i) => {
                        let Some(recovered) = found.get(i).cloned() else { return after };
                        self.open_recovered(recovered);
                        None
                    }
                }
            }
            Modal::ChangedOnDisk { saving } => {
                let file = self.doc.path().map_or_else(String::new, |p| p.display().to_string());
                let Some(choice) = changed_on_disk_ui(ctx, &file, saving.is_some()) else {
                    return Some(Modal::ChangedOnDisk { saving });
                };
                match (choice, saving) {
                    (DiskChoice::Reload, _) => self.reload_from_disk(),
                    (DiskChoice::Overwrite, Some(then)) => {
                        if let Some(path) = self.doc.path().map(Path::to_path_buf)
                            && self.save_to(&path)
                            && let Some(then) = then
                        {
                            self.run_pending(ctx, then);
                        }
                    }
                    // Keep editing: this version of the file is known now; saving asks again
                    // only if it changes once more.
                    (DiskChoice::Keep, None) => {
                        self.safe.disk = self.doc.path().and_then(disk_stamp);
                    }
                    (DiskChoice::Keep | DiskChoice::Overwrite, _) => {}
                }
                None
            }
            other => Some(other),
        }
    }

    /// Opens a recovered copy as an unsaved document belonging to its file.
    fn open_recovered(&mut self, recovered: Recovered) {
        let text = std::fs::read_to_string(&recovered.copy);
        let loaded = text
            .map_err(|e| e.to_string())
            .and_then(|text| parse_model(&text, &recovered.copy).map(|l| l.model).map_err(|e| e.to_string()));
        match loaded {
            Ok(model) => {
                let doc = Document::unsaved(model, recovered.belongs_to.clone());
                self.replace_document(doc);
                self.safe.recovered = Some(recovered);
                self.inform("Recovered: save to keep it");
            }
            Err(err) => self.report_error(format!("Could not open the recovered copy: {err}")),
        }
    }
}

/// What differs between the saved file and the recovered copy.
fn compare_with_saved(recovered: &Recovered) -> Vec<String> {
    let saved = recovered.belongs_to.as_deref().and_then(|p| load_path(p).ok()).map(|l| l.model);
    let copy = std::fs::read_to_string(&recovered.copy)
        .ok()
        .and_then(|text| parse_model(&text, &recovered.copy).ok())
        .map(|l| l.model);
    match (saved, copy) {
        (Some(saved), Some(copy)) => describe(&diff(&saved, &copy)),
        _ => vec!["The saved file or the copy could not be read.".to_owned()],
    }
}

fn seconds_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}
