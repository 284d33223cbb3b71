//! Where a command writes: `-` is standard output; anything else is a file, written atomically.
//! Checked before any work, so that a refusal costs nothing and changes nothing:
//! - an existing file is replaced only with `--force`, and then kept beside it as `NAME~`;
//! - the command's own input is never written over, not even with `--force`;
//! - only regular files are replaced (a link is followed to the file it points to): a folder,
//!   a device, a pipe or a link to nothing is refused, since `-` is how to write to the terminal
//!   or a pipe (`--output /dev/stdout` replaced the link itself when run as root).

use std::fs;
use std::path::Path;

use crate::escape::terminal;
use crate::io::write_atomic;

/// Whether `path` means standard output.
pub(crate) fn is_stdout(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// A path for a message: control characters in a file name are shown, not sent to the terminal.
pub(crate) fn shown(path: &Path) -> String {
    terminal(&path.display().to_string()).into_owned()
}

/// Checks that `output` may be written by a command that reads `inputs`.
pub(crate) fn check_output(output: &Path, force: bool, inputs: &[&Path]) -> Result<(), String> {
    if is_stdout(output) {
        return Ok(());
    }
    let at = shown(output);
    match fs::symlink_metadata(output) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(err) => return Err(format!("could not look at the output: {err} ({at})")),
        Ok(_) => {}
    }
    let meta = match fs::metadata(output) {
        Ok(meta) => meta,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(format!("the output is a link to a file that does not exist; name the file itself ({at})"));
        }
        Err(err) => return Err(format!("could not look at the output: {err} ({at})")),
    };
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "a device, pipe or socket" };
        return Err(format!(
            "the output is {what}, not a regular file; only regular files are written (use - for standard output) ({at})"
        ));
    }
    if inputs.iter().any(|input| same_file(input, output)) {
        return Err(format!("the output is the command's own input; write to another file ({at})"));
    }
    if !force {
        return Err(format!(
            "the file already exists; pass --force to overwrite it (the old one is kept as NAME~) ({at})"
        ));
    }
    Ok(())
}

/// Whether two paths name the same file (through links too).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt as _;
        match (fs::metadata(a), fs::metadata(b)) {
            (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
            _ => false,
        }
    }
    #[cfg(not(unix))]
    {
        matches!((fs::canonicalize(a), fs::canonicalize(b)), (Ok(a), Ok(b)) if a == b)
    }
}

/// Writes `bytes` to standard output for `-`, else atomically to the file, keeping a file it
/// replaces as `NAME~` (the caller checked with [`check_output`] that it may). `what` names the
/// output in a message ("the report").
pub(crate) fn write_output(output: &Path, bytes: &[u8], what: &str) -> Result<(), String> {
    if is_stdout(output) {
        use std::io::Write as _;
        let mut stdout = std::io::stdout().lock();
        return super::written(stdout.write_all(bytes).and_then(|()| stdout.flush()));
    }
    write_atomic(output, bytes).map_err(|err| format!("could not write {what}: {err} ({})", shown(output)))
}

/// The line saying what was written where; nothing when it went to standard output, where it
/// would mix with the output itself.
pub(crate) fn say_written(output: &Path, line: &str) -> Result<(), String> {
    if is_stdout(output) { Ok(()) } else { super::emit(&format!("{line}\n")) }
}
