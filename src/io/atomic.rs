use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

/// Temporary files are named `.threatsketch-XXXXXX.tmp` (six random letters and digits).
const TEMP_PREFIX: &str = ".threatsketch-";
const TEMP_SUFFIX: &str = ".tmp";
const TEMP_RANDOM_LEN: usize = 6;

/// A temporary file of ours older than this was left by a save that was killed: no save takes
/// that long between writing its temporary file and renaming it.
pub const STALE_AFTER: Duration = Duration::from_secs(10 * 60);

/// Writes `bytes` to `path` so that readers see either the old file or the new one, never a
/// mix: a temporary file in the same folder is written, flushed to disk, then renamed over the
/// target. When `path` existed, its previous content is kept beside it as `NAME~`, replaced as
/// safely as the file itself (see [`keep_backup`]).
///
/// A link is followed: the file it points to is saved, beside itself, and the link stays. Only
/// regular files are ever replaced: a folder, a device (`/dev/stdout` and what it points to),
/// a pipe or a link to a missing file is refused with `InvalidInput` and nothing is written.
/// Stale temporary files of ours a killed save left in the folder are removed.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write(path, bytes, true)
}

/// Writes an exported file (report, image, other tool's format) atomically, without a backup:
/// exports are made again from the model at any time. Links and non-regular files are treated
/// as by [`write_atomic`].
pub fn write_export(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write(path, bytes, false)
}

fn write(path: &Path, bytes: &[u8], keep_backup: bool) -> std::io::Result<()> {
    let target = resolve(path)?;
    let folder = folder_of(&target);
    let existing = fs::metadata(&target).ok();
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX).rand_bytes(TEMP_RANDOM_LEN);
    // Temporary files are private (0600) by default; a saved model or report is an ordinary
    // file that keeps the mode it had, or gets the usual one (0666 less the umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = existing.as_ref().map_or(0o666, |m| m.permissions().mode() & 0o7777);
        builder.permissions(fs::Permissions::from_mode(mode));
    }
    let mut temp = builder.tempfile_in(&folder)?;
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    let owner = temp.as_file().metadata().ok();
    if keep_backup && existing.is_some() {
        keep_backup_of(&target, &folder)?;
    }
    temp.persist(&target).map_err(|err| err.error)?;
    // Make the renames durable where the platform allows opening a folder.
    if let Ok(dir) = fs::File::open(&folder) {
        dir.sync_all().ok();
    }
    if let Some(owner) = owner {
        remove_stale_temporaries(&folder, &owner);
    }
    Ok(())
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn refused(message: String) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidInput, message)
}

/// The file a save of `path` replaces: `path` itself, or the file a link at `path` points to
/// (followed to the end). Anything but a regular file, or nothing yet, is refused.
fn resolve(path: &Path) -> std::io::Result<PathBuf> {
    let not_regular = || refused("it is not a regular file, and only regular files are replaced".to_owned());
    match fs::symlink_metadata(path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(path.to_path_buf()),
        Err(err) => Err(err),
        Ok(meta) if meta.file_type().is_symlink() => match fs::metadata(path) {
            Ok(target) if target.is_file() => fs::canonicalize(path),
            Ok(_) => Err(not_regular()),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                Err(refused("it is a link to a file that does not exist".to_owned()))
            }
            Err(err) => Err(err),
        },
        Ok(meta) if meta.is_file() => Ok(path.to_path_buf()),
        Ok(_) => Err(not_regular()),
    }
}

/// Makes `NAME~` the current content of `target`, as one rename: a hard link to the current
/// file (or, where links are not possible, a flushed copy) is made under a temporary name, then
/// renamed over `NAME~`. So the previous backup is replaced whole or not at all (a full disk or
/// a kill leaves it as it was), and a link planted at `NAME~` is replaced, never written
/// through.
fn keep_backup_of(target: &Path, folder: &Path) -> std::io::Result<()> {
    let backup = backup_path(target);
    let mut builder = tempfile::Builder::new();
    builder.prefix(TEMP_PREFIX).suffix(TEMP_SUFFIX).rand_bytes(TEMP_RANDOM_LEN);
    let staged = match builder.make_in(folder, |name| fs::hard_link(target, name)) {
        Ok(linked) => linked.into_temp_path(),
        // No hard links here (some network and removable file systems), or not allowed: copy.
        Err(_) => {
            let mut copy = builder.tempfile_in(folder)?;
            std::io::copy(&mut fs::File::open(target)?, copy.as_file_mut())?;
            copy.as_file().set_permissions(fs::metadata(target)?.permissions())?;
            copy.as_file().sync_all()?;
            copy.into_temp_path()
        }
    };
    staged.persist(&backup).map_err(|err| err.error)
}

/// Where the previous version of a saved file is kept.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().map(|n| n.to_os_string()).unwrap_or_default();
    name.push("~");
    path.with_file_name(name)
}

/// Whether a file name is one of our temporary files: `.threatsketch-XXXXXX.tmp`.
fn is_our_temporary(name: &str) -> bool {
    name.strip_prefix(TEMP_PREFIX)
        .and_then(|rest| rest.strip_suffix(TEMP_SUFFIX))
        .is_some_and(|random| random.len() == TEMP_RANDOM_LEN && random.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// Removes our temporary files in `folder` that a killed save left: regular files of our naming,
/// untouched for [`STALE_AFTER`], and (on Unix) owned by the same user as `ours`, a temporary
/// file this process just made. Best effort: a file that cannot be removed stays.
fn remove_stale_temporaries(folder: &Path, ours: &fs::Metadata) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        if !entry.file_name().to_str().is_some_and(is_our_temporary) {
            continue;
        }
        // Does not follow links: a link of our naming is not ours.
        let Ok(meta) = entry.metadata() else { continue };
        #[cfg(unix)]
        let same_owner = {
            use std::os::unix::fs::MetadataExt as _;
            meta.uid() == ours.uid()
        };
        #[cfg(not(unix))]
        let same_owner = ours.is_file();
        let stale = meta.modified().ok().and_then(|m| now.duration_since(m).ok()).is_some_and(|age| age >= STALE_AFTER);
        if meta.is_file() && same_owner && stale {
            fs::remove_file(entry.path()).ok();
        }
    }
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
    fn only_our_own_temporary_names_count_as_ours() {
        assert!(is_our_temporary(".threatsketch-a1B2c3.tmp"));
        for other in
            [".threatsketch-rules.ron", ".threatsketch-notes.tmp", "threatsketch-a1B2c3.tmp", ".threatsketch-a1B2c.tmp"]
        {
            assert!(!is_our_temporary(other), "{other}");
        }
        // The names tempfile makes for us match.
        let dir = tempfile::tempdir().unwrap();
        write_atomic(&dir.path().join("m.ron"), b"one").unwrap();
        let temp = tempfile::Builder::new()
            .prefix(TEMP_PREFIX)
            .suffix(TEMP_SUFFIX)
            .rand_bytes(TEMP_RANDOM_LEN)
            .tempfile_in(dir.path())
            .unwrap();
        assert!(is_our_temporary(temp.path().file_name().unwrap().to_str().unwrap()));
    }

    #[test]
    fn failure_leaves_the_target_untouched() {
        let dir = tempfile::tempdir().unwrap();
        let missing_folder = dir.path().join("no-such-folder").join("m.ron");
        assert!(write_atomic(&missing_folder, b"x").is_err());
        assert!(!missing_folder.exists());
    }
}
