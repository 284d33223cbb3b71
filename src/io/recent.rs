//! The recent-files list of the start screen and the File menu.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Most recently used first, no duplicates, at most `RecentFiles::LIMIT` entries.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RecentFiles {
    paths: Vec<PathBuf>,
}

impl RecentFiles {
    pub const LIMIT: usize = 10;

    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// Puts `path` first.
    pub fn touch(&mut self, path: &Path) {
        self.paths.retain(|p| p != path);
        self.paths.insert(0, path.to_path_buf());
        self.paths.truncate(Self::LIMIT);
    }

    pub fn remove(&mut self, path: &Path) {
        self.paths.retain(|p| p != path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_recent_first_without_duplicates_and_bounded() {
        let mut recent = RecentFiles::default();
        for i in 0..15 {
            recent.touch(Path::new(&format!("/m{i}.ron")));
        }
        recent.touch(Path::new("/m10.ron"));
        assert_eq!(recent.paths().len(), RecentFiles::LIMIT);
        assert_eq!(recent.paths()[0], Path::new("/m10.ron"));
        assert_eq!(recent.paths().iter().filter(|p| *p == Path::new("/m10.ron")).count(), 1);
        recent.remove(Path::new("/m10.ron"));
        assert_eq!(recent.paths()[0], Path::new("/m14.ron"));
    }
}
