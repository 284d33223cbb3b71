//! Saving never loses work: the backup `NAME~` is made as safely as the file itself, links are
//! never written through by accident, and temporary files a killed save left behind are
//! cleaned up.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use threatsketch::io::{save_path, write_atomic, write_export};
use threatsketch::model::ThreatModel;

fn backup(path: &Path) -> PathBuf {
    PathBuf::from(format!("{}~", path.display()))
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// Defect 2: the backup was written with a plain copy into the existing `NAME~`, so a full
/// disk or a kill during the copy left the previous good backup truncated or empty. A backup
/// replaced as a whole (a new file renamed into place) leaves every earlier copy intact:
/// another name for the old backup still reads the old backup.
#[test]
fn the_backup_is_replaced_whole_never_rewritten_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.ron");
    fs::write(&path, "version two").unwrap();
    fs::write(backup(&path), "version one").unwrap();
    // A second name for the old backup's bytes on disk: a copy written into the same file
    // would change what it reads.
    let witness = dir.path().join("witness");
    fs::hard_link(backup(&path), &witness).unwrap();

    write_atomic(&path, b"version three").unwrap();

    assert_eq!(fs::read_to_string(&path).unwrap(), "version three");
    assert_eq!(fs::read_to_string(backup(&path)).unwrap(), "version two");
    assert_eq!(fs::read_to_string(&witness).unwrap(), "version one", "the old backup was written over in place");
}

#[test]
fn the_backup_keeps_the_content_and_mode_of_the_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.ron");
    let model = ThreatModel::new("first");
    save_path(&model, &path).unwrap();
    let first = fs::read(&path).unwrap();
    save_path(&ThreatModel::new("second"), &path).unwrap();
    assert_eq!(fs::read(backup(&path)).unwrap(), first);
    assert_eq!(names_in(dir.path()), ["m.ron", "m.ron~"], "no temporary file is left behind");
}

/// Defect 3: a planted `NAME~` symlink made the save write the old model into whatever the
/// link pointed to.
#[cfg(unix)]
#[test]
fn a_planted_backup_link_is_replaced_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.ron");
    let victim = dir.path().join("victim.txt");
    fs::write(&victim, "someone else's file").unwrap();
    fs::write(&path, "version one").unwrap();
    std::os::unix::fs::symlink(&victim, backup(&path)).unwrap();

    write_atomic(&path, b"version two").unwrap();

    assert_eq!(fs::read_to_string(&victim).unwrap(), "someone else's file", "the save wrote through the link");
    let meta = fs::symlink_metadata(backup(&path)).unwrap();
    assert!(meta.file_type().is_file(), "the backup is a file of its own now");
    assert_eq!(fs::read_to_string(backup(&path)).unwrap(), "version one");
    assert_eq!(fs::read_to_string(&path).unwrap(), "version two");
}

/// Defect 3: saving a model opened through a link replaced the link with a regular file, so the
/// file it pointed to (in a shared folder, a dotfiles repository) silently stopped changing.
#[cfg(unix)]
#[test]
fn saving_through_a_link_writes_the_file_it_points_to() {
    let dir = tempfile::tempdir().unwrap();
    let real_dir = dir.path().join("shared");
    fs::create_dir(&real_dir).unwrap();
    let real = real_dir.join("model.ron");
    save_path(&ThreatModel::new("first"), &real).unwrap();
    let first = fs::read(&real).unwrap();
    let link = dir.path().join("link.ron");
    std::os::unix::fs::symlink(&real, &link).unwrap();

    save_path(&ThreatModel::new("second"), &link).unwrap();

    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced by a file");
    assert!(fs::read_to_string(&real).unwrap().contains("second"), "the file the link points to was not saved");
    // The previous version is kept beside the file that changed, and nothing beside the link.
    assert_eq!(fs::read(backup(&real)).unwrap(), first);
    assert!(fs::symlink_metadata(backup(&link)).is_err());
    assert_eq!(names_in(&real_dir), ["model.ron", "model.ron~"]);
}

/// Defect 12: a link to something that is not a regular file (a device, like /dev/stdout's
/// target) is never replaced by a file, and the device is not written either.
#[cfg(unix)]
#[test]
fn something_that_is_not_a_regular_file_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let link = dir.path().join("out.html");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    assert!(write_export(&link, b"report").is_err());
    assert!(write_atomic(&link, b"model").is_err());
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    let folder = dir.path().join("folder");
    fs::create_dir(&folder).unwrap();
    assert!(write_atomic(&folder, b"model").is_err());
    assert!(folder.is_dir());
    assert_eq!(names_in(dir.path()), ["folder", "out.html"], "nothing else was written");
}

fn set_age(path: &Path, age: Duration) {
    let file = fs::File::options().write(true).open(path).unwrap();
    file.set_modified(SystemTime::now() - age).unwrap();
}

/// Defect 13: a save killed between writing its temporary file and renaming it left a hidden
/// `.threatsketch-XXXXXX.tmp` that nothing ever removed. The next save in that folder removes
/// the stale ones of our own naming, and leaves alone fresh ones (a save in progress) and
/// every other file.
#[test]
fn stale_temporary_files_of_a_killed_save_are_cleaned_up() {
    let dir = tempfile::tempdir().unwrap();
    let stale = dir.path().join(".threatsketch-a1B2c3.tmp");
    let fresh = dir.path().join(".threatsketch-d4E5f6.tmp");
    let others = [".threatsketch-notes.txt", "threatsketch-a1B2c3.tmp", ".threatsketch-rules.ron", "old.tmp"];
    for name in [&stale, &fresh].into_iter().cloned().chain(others.iter().map(|n| dir.path().join(n))) {
        fs::write(&name, "left over").unwrap();
        set_age(&name, Duration::from_secs(3600));
    }
    set_age(&fresh, Duration::from_secs(5));

    save_path(&ThreatModel::new("m"), &dir.path().join("m.ron")).unwrap();

    assert!(!stale.exists(), "a stale temporary file is left");
    assert!(fresh.exists(), "a temporary file of a save in progress was removed");
    for name in others {
        assert!(dir.path().join(name).exists(), "{name} is not ours to remove");
    }
}
