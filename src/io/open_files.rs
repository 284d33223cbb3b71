//! Which model files are open in a running ThreatSketch, so that opening one in a second window
//! warns: both would save over each other's changes.

use std::path::{Path, PathBuf};

/// The folder of claims: one small file per open model and app, holding the model's path.
#[derive(Clone, Debug)]
pub struct OpenFiles {
    dir: PathBuf,
}

impl OpenFiles {
    pub fn in_state_folder() -> Option<Self> {
        super::autosave::state_folder().map(|folder| Self::at(folder.join("open")))
    }

    pub fn at(dir: impl Into<PathBuf>) -> Self {
        Self { dir: dir.into() }
    }

    /// Records that this app has `path` open. Returns whether another running app has it open
    /// too. A claim that cannot be written only costs the warning.
    pub fn claim(&self, path: &Path) -> bool {
        let path = canonical(path);
        let prefix = name_of(&path);
        let own = std::process::id();
        let others = std::fs::read_dir(&self.dir).into_iter().flatten().filter_map(Result::ok).any(|entry| {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(pid) = name.strip_prefix(&prefix).and_then(|rest| rest.strip_prefix('-')?.parse::<u32>().ok())
            else {
                return false;
            };
            let same_file = std::fs::read_to_string(entry.path()).is_ok_and(|held| Path::new(&held) == path);
            pid != own && same_file && super::autosave::is_running(pid)
        });
        let written = std::fs::create_dir_all(&self.dir)
            .and_then(|()| std::fs::write(self.claim_path(&path), path.to_string_lossy().as_bytes()));
        if let Err(err) = written {
            log::warn!("could not note that {} is open: {err}", path.display());
        }
        others
    }

    /// This app no longer has `path` open.
    pub fn release(&self, path: &Path) {
        let _ = std::fs::remove_file(self.claim_path(&canonical(path)));
    }

    fn claim_path(&self, path: &Path) -> PathBuf {
        self.dir.join(format!("{}-{}", name_of(path), std::process::id()))
    }
}

fn canonical(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// A file name for a path (FNV-1a of its bytes): paths themselves may be too long for a name.
fn name_of(path: &Path) -> String {
    let hash = path
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325_u64, |hash, byte| (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3));
    format!("{hash:016x}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_file_open_in_another_running_app_is_noticed_and_released_claims_go() {
        let dir = tempfile::tempdir().unwrap();
        let open = OpenFiles::at(dir.path().join("open"));
        let model = dir.path().join("shop.ron");
        std::fs::write(&model, "()").unwrap();
        assert!(!open.claim(&model), "nobody else has it");
        assert!(!open.claim(&model), "this app's own claim is no warning");
        // Another app that is running (pid 1 always is) and one that has stopped.
        let name = name_of(&canonical(&model));
        let held = canonical(&model).to_string_lossy().into_owned();
        std::fs::write(dir.path().join("open").join(format!("{name}-{}", u32::MAX - 3)), &held).unwrap();
        assert!(!open.claim(&model), "a stopped app's claim is stale");
        if cfg!(target_os = "linux") {
            std::fs::write(dir.path().join("open").join(format!("{name}-1")), &held).unwrap();
            assert!(open.claim(&model));
        }
        open.release(&model);
        assert!(!open.claim_path(&canonical(&model)).exists());
    }
}
