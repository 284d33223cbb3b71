//! The files of an infrastructure import, read from disk: relative to the folder the import
//! starts in, with a size limit per file and a limit on how many are read, so a hostile
//! configuration (a module that includes itself, a huge file) ends with a message.

use std::cell::Cell;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::interop::infrastructure::sources::SourceFiles;

/// Far larger than any real template or configuration file.
const MAX_FILE_BYTES: u64 = 32 << 20;
/// Files one import may read: real configurations read dozens.
const MAX_FILES: usize = 5_000;

pub struct DiskFiles {
    root: PathBuf,
    read: Cell<usize>,
}

impl DiskFiles {
    pub fn new(root: &Path) -> Self {
        Self { root: root.to_path_buf(), read: Cell::new(0) }
    }

    /// The files of an import of `path`: its folder's, and the path within them ("" for a
    /// folder).
    pub fn for_path(path: &Path) -> (Self, String) {
        if path.is_dir() {
            return (Self::new(path), String::new());
        }
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        (Self::new(folder), name)
    }

    fn full(&self, path: &str) -> PathBuf {
        if path.is_empty() { self.root.clone() } else { self.root.join(path) }
    }
}

impl SourceFiles for DiskFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        if self.read.get() >= MAX_FILES {
            return Err(format!("{path}: more than {MAX_FILES} files, not read"));
        }
        self.read.set(self.read.get() + 1);
        let full = self.full(path);
        let file = std::fs::File::open(&full).map_err(|err| format!("{path}: {err}"))?;
        let mut bytes = Vec::new();
        file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(|err| format!("{path}: {err}"))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(format!("{path} is larger than {} MB, too large to import", MAX_FILE_BYTES >> 20));
        }
        String::from_utf8(bytes).map_err(|_| format!("{path} is not text (UTF-8)"))
    }

    fn root_name(&self) -> Option<String> {
        let root = std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone());
        root.file_name().map(|n| n.to_string_lossy().into_owned())
    }

    fn list(&self, folder: &str) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(self.full(folder)) else { return Vec::new() };
        let mut names: Vec<String> = entries
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
            .filter_map(|e| e.file_name().into_string().ok())
            .collect();
        names.sort();
        names
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_relative_to_the_folder_and_refuses_what_is_not_text() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("modules")).unwrap();
        std::fs::write(dir.path().join("main.tf"), "resource \"x\" \"y\" {}").unwrap();
        std::fs::write(dir.path().join("modules/q.tf"), "").unwrap();
        std::fs::write(dir.path().join("blob.bin"), [0xff, 0xfe, 0x00]).unwrap();
        let (files, path) = DiskFiles::for_path(dir.path());
        assert_eq!(path, "");
        assert_eq!(files.list(""), ["blob.bin", "main.tf"]);
        assert_eq!(files.list("modules"), ["q.tf"]);
        assert!(files.read("main.tf").is_ok());
        assert!(files.read("blob.bin").unwrap_err().contains("not text"));
        assert!(files.read("missing.tf").is_err());
        let (files, path) = DiskFiles::for_path(&dir.path().join("main.tf"));
        assert_eq!(path, "main.tf");
        assert!(files.read(&path).is_ok());
    }
}
