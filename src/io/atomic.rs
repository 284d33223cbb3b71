use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` so that readers see either the old file or the new one, never a
/// mix: a temporary file in the same folder is written, flushed to disk, then renamed over the
/// target. When `path` existed, its previous content is kept beside it as `NAME~`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write(path, bytes, true)
}

/// Writes an exported file (report, image, other tool's format) atomically, without a backup:
/// exports are made again from the model at any time.
pub fn write_export(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write(path, bytes, false)
}

fn write(path: &Path, bytes: &[u8], keep_backup: bool) -> std::io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".threatsketch-").suffix(".tmp");
    // Temporary files are private (0600) by default; a saved model or report is an ordinary
    // file that keeps the mode it had, or gets the usual one (0666 less the umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = fs::metadata(path).map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    let mut temp = builder.tempfile_in(&folder)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    if keep_backup && path.exists() {
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

    #[cfg(unix)]
    #[test]
    fn a_saved_file_keeps_its_mode_and_a_new_one_is_not_private() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.html");
        write_export(&path, b"one").unwrap();
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        let status = fs::read_to_string("/proc/self/status").unwrap_or_default();
        let umask = status
            .lines()
            .find_map(|l| l.strip_prefix("Umask:"))
            .and_then(|m| u32::from_str_radix(m.trim(), 8).ok())
            .unwrap_or(0o022);
        assert_eq!(mode, 0o666 & !umask, "a new file gets the usual mode, not a private one");
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o640);
    }

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
