//! Autosave and recovery. While a model has unsaved changes, a copy goes to the local state
//! folder (never over the user's file); it goes away when the model is saved or closed without
//! saving on purpose. After a crash or a kill the copy is still there, and the next start
//! offers it back. Each copy is an ordinary model file whose first line says whose it is.

use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::to_ron;
use crate::model::ThreatModel;

/// The first line of an autosave copy, before the note about it.
const NOTE_PREFIX: &str = "// threatsketch autosave ";

/// How half-written copies are named, and when one is surely left by a killed app.
const TEMPORARY_PREFIX: &str = ".autosave-";
const STALE_AFTER: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// What an autosave copy says about itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
struct Note {
    /// The file the model belongs to, when it has one.
    belongs_to: Option<PathBuf>,
    name: String,
    /// Seconds since 1970, when the copy was written.
    saved_at: u64,
    /// The app that wrote it: while it runs, its copies are not for recovery.
    pid: u32,
}

/// A copy left by an app that is no longer running.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Recovered {
    /// The copy itself, an ordinary model file.
    pub copy: PathBuf,
    pub belongs_to: Option<PathBuf>,
    pub name: String,
    /// Seconds since 1970.
    pub saved_at: u64,
}

/// The folder of autosave copies.
#[derive(Clone, Debug)]
pub struct Autosaves {
    dir: PathBuf,
}

/// The app's folder for state that is not the user's documents: `$XDG_STATE_HOME/threatsketch`
/// (else `~/.local/state/threatsketch`) on Linux, the local data folder elsewhere.
pub fn state_folder() -> Option<PathBuf> {
    if cfg!(target_os = "linux") {
        let xdg = std::env::var_os("XDG_STATE_HOME").map(PathBuf::from).filter(|p| p.is_absolute());
        let home = || std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".local/state"));
        return xdg.or_else(home).map(|state| state.join("threatsketch"));
    }
    directories::ProjectDirs::from("", "", "ThreatSketch").map(|d| d.data_local_dir().to_path_buf())
}

impl Autosaves {
    /// The copies in the state folder, when there is one.
    pub fn in_state_folder() -> Option<Self> {
        state_folder().map(|folder| Self::at(folder.join("autosave")))
    }

    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    fn copy_path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.ron"))
    }

    /// Writes the copy for `key` (one per open document of this app): all of it or nothing, so
    /// a kill while writing leaves the previous copy.
    pub fn write(&self, key: &str, model: &ThreatModel, belongs_to: Option<&Path>) -> std::io::Result<PathBuf> {
        use std::io::Write as _;
        std::fs::create_dir_all(&self.dir)?;
        let note = Note {
            belongs_to: belongs_to.map(Path::to_path_buf),
            name: model.name.clone(),
            saved_at: now(),
            pid: std::process::id(),
        };
        let note = serde_json::to_string(&note).map_err(std::io::Error::other)?;
        let body = to_ron(model).map_err(std::io::Error::other)?;
        let mut file = tempfile::Builder::new().prefix(TEMPORARY_PREFIX).tempfile_in(&self.dir)?;
        file.write_all(format!("{NOTE_PREFIX}{note}\n{body}").as_bytes())?;
        file.as_file().sync_all()?;
        let path = self.copy_path(key);
        file.persist(&path).map_err(|err| err.error)?;
        self.remove_stale_temporaries();
        Ok(path)
    }

    /// Half-written copies of an app killed while writing: gone after a while.
    fn remove_stale_temporaries(&self) {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return };
        let stale = |entry: &std::fs::DirEntry| {
            entry.file_name().to_string_lossy().starts_with(TEMPORARY_PREFIX)
                && entry
                    .metadata()
                    .and_then(|m| m.modified())
                    .is_ok_and(|at| SystemTime::now().duration_since(at).is_ok_and(|age| age > STALE_AFTER))
        };
        for entry in entries.filter_map(Result::ok).filter(stale) {
            let _ = std::fs::remove_file(entry.path());
        }
    }

    /// Removes the copy for `key`, if there is one.
    pub fn remove(&self, key: &str) {
        let path = self.copy_path(key);
        if let Err(err) = std::fs::remove_file(&path)
            && err.kind() != std::io::ErrorKind::NotFound
        {
            log::warn!("could not remove the autosave copy {}: {err}", path.display());
        }
    }

    /// Copies left by apps that are no longer running, newest first. Copies this app wrote,
    /// or another running app, are not offered.
    pub fn recoverable(&self) -> Vec<Recovered> {
        let Ok(entries) = std::fs::read_dir(&self.dir) else { return Vec::new() };
        let own = std::process::id();
        let mut found: Vec<Recovered> = entries
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|e| e == "ron"))
            .filter_map(|copy| {
                let note = read_note(&copy)?;
                (note.pid != own && !is_running(note.pid)).then_some(Recovered {
                    copy,
                    belongs_to: note.belongs_to,
                    name: note.name,
                    saved_at: note.saved_at,
                })
            })
            .collect();
        found.sort_by(|a, b| b.saved_at.cmp(&a.saved_at).then_with(|| a.copy.cmp(&b.copy)));
        found
    }

    /// Deletes a recovered copy (the user chose to).
    pub fn discard(&self, recovered: &Recovered) {
        if recovered.copy.starts_with(&self.dir) {
            let _ = std::fs::remove_file(&recovered.copy);
        }
    }
}

/// The note on a copy's first line; only the first few kilobytes are read, not a whole
/// foreign file.
fn read_note(copy: &Path) -> Option<Note> {
    use std::io::{BufRead as _, Read as _};
    let file = std::fs::File::open(copy).ok()?;
    let mut first = String::new();
    std::io::BufReader::new(file.take(16 * 1024)).read_line(&mut first).ok()?;
    serde_json::from_str(first.trim_end().strip_prefix(NOTE_PREFIX)?).ok()
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Whether a process of this id is running. Where the system cannot tell, no: then a copy is
/// offered back rather than kept from the user.
pub(super) fn is_running(pid: u32) -> bool {
    cfg!(target_os = "linux") && Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::io::parse_model;

    fn note_of(pid: u32, belongs_to: Option<&str>) -> String {
        let note = Note { belongs_to: belongs_to.map(PathBuf::from), name: "Shop".into(), saved_at: 1_000, pid };
        format!("{NOTE_PREFIX}{}\n", serde_json::to_string(&note).unwrap())
    }

    #[test]
    fn a_copy_is_a_model_file_that_says_whose_it_is_and_goes_when_removed() {
        let dir = tempfile::tempdir().unwrap();
        let store = Autosaves::at(dir.path().join("autosave"));
        let model = crate::io::templates::Template::sample().model().unwrap();
        let copy = store.write("k1", &model, Some(Path::new("/home/a/shop.ron"))).unwrap();
        let text = std::fs::read_to_string(&copy).unwrap();
        assert!(text.starts_with(NOTE_PREFIX));
        assert_eq!(parse_model(&text, &copy).unwrap().model, model, "it opens as a model");
        assert_eq!(read_note(&copy).unwrap().belongs_to.as_deref(), Some(Path::new("/home/a/shop.ron")));
        assert!(store.recoverable().is_empty(), "this app's own copies are not for recovery");
        store.remove("k1");
        assert!(!copy.exists());
        store.remove("k1");
    }

    #[test]
    fn copies_of_apps_that_stopped_are_offered_newest_first_and_others_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let store = Autosaves::at(dir.path());
        let body = to_ron(&ThreatModel::new("Shop")).unwrap();
        // No process has a pid this high; pid 1 always runs.
        let dead = u32::MAX - 7;
        std::fs::write(dir.path().join("a.ron"), note_of(dead, Some("/w/shop.ron")) + &body).unwrap();
        let newer = note_of(dead, None).replace("\"saved_at\":1000", "\"saved_at\":2000");
        std::fs::write(dir.path().join("b.ron"), newer + &body).unwrap();
        if cfg!(target_os = "linux") {
            std::fs::write(dir.path().join("running.ron"), note_of(1, None) + &body).unwrap();
        }
        std::fs::write(dir.path().join("not-ours.ron"), body).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "hello").unwrap();
        let found = store.recoverable();
        let names: Vec<_> = found.iter().map(|r| r.copy.file_name().unwrap().to_string_lossy().into_owned()).collect();
        assert_eq!(names, ["b.ron", "a.ron"]);
        assert_eq!(found[1].belongs_to.as_deref(), Some(Path::new("/w/shop.ron")));
        store.discard(&found[0]);
        assert_eq!(store.recoverable().len(), 1);
        assert!(dir.path().join("not-ours.ron").exists(), "nothing else is touched");
    }
}
