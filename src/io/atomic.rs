use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` so that readers see either the old file or the new one, never a
/// mix: a temporary file in the same folder is written, flushed to disk, then renamed over the
/// target. When `path` existed, its previous content is kept beside it as `NAME~`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut temp = tempfile::Builder::new().prefix(".threatsketch-").suffix(".tmp").tempfile_in(&folder)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    if path.exists() {
        fs::copy(path, backup_path(path))?;
    }
    temp.persist(path).map_err(|err| err.error)?;
    // Make the rename itself durable where the platform allows opening a folder.
    if let Ok(dir) = fs::File::open(&folder) {
        dir.sync_all().ok();
    }
    Ok(())
}

/// Where the previous version of a saved file is kept.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push("~");
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_content_and_keeps_the_previous_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.ron");
        write_atomic(&path, b"one").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one");
        assert!(!backup_path(&path).exists());
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&path)).unwrap(), b"one");
        // No temporary files are left behind.
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn failure_leaves_the_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let missing_folder = dir.path().join("no-such-folder").join("m.ron");
        assert!(write_atomic(&missing_folder, b"x").is_err());
        assert!(!missing_folder.exists());
    }
}
