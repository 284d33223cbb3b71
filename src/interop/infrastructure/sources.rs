//! The files an import reads, by path relative to where the import starts: a template, a
//! Serverless Framework service with the files it includes, a Terraform configuration with its
//! local modules. A trait keeps the importer pure: tests hand it text, the app the disk.

use std::collections::BTreeMap;

/// Files by path ("serverless.yml", "modules/sqs/main.tf"), separated by `/`.
pub trait SourceFiles {
    /// The text of a file, or in plain words why it cannot be read.
    fn read(&self, path: &str) -> Result<String, String>;
    /// The names of the files directly in a folder ("" is where the import starts), sorted;
    /// empty when it is not a folder.
    fn list(&self, folder: &str) -> Vec<String>;
    /// The name of the folder the files start in, for the model's name.
    fn root_name(&self) -> Option<String> {
        None
    }
}

/// Files held in memory: for tests, and for a single template read by the caller.
#[derive(Default)]
pub struct MemoryFiles(BTreeMap<String, String>);

impl MemoryFiles {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn with(mut self, path: &str, text: impl Into<String>) -> Self {
        self.0.insert(normalise(path), text.into());
        self
    }
}

impl SourceFiles for MemoryFiles {
    fn read(&self, path: &str) -> Result<String, String> {
        self.0.get(&normalise(path)).cloned().ok_or_else(|| format!("{path} is not there"))
    }

    fn list(&self, folder: &str) -> Vec<String> {
        let folder = normalise(folder);
        let prefix = if folder.is_empty() { String::new() } else { format!("{folder}/") };
        self.0
            .keys()
            .filter_map(|path| path.strip_prefix(&prefix))
            .filter(|rest| !rest.contains('/'))
            .map(str::to_owned)
            .collect()
    }
}

/// A path relative to `folder`, with `.` and `..` worked out as far as they go ("a/b" and
/// "../c" make "a/c"; "" and "../../x" make "../../x").
pub fn join(folder: &str, relative: &str) -> String {
    if relative.starts_with('/') {
        return normalise(relative);
    }
    normalise(&format!("{folder}/{relative}"))
}

/// `.` and empty segments removed, `..` taken back where it can be.
pub fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|p| *p != "..") => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    parts.join("/")
}

/// The folder a file is in ("" for a file where the import starts).
pub fn folder_of(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(folder, _)| folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_join_and_folders_list_their_own_files() {
        assert_eq!(join("a/b", "../c.tf"), "a/c.tf");
        assert_eq!(join("", "./modules/sqs"), "modules/sqs");
        assert_eq!(join("examples/http", "../../"), "");
        assert_eq!(join("", "../../x"), "../../x");
        assert_eq!(folder_of("modules/sqs/main.tf"), "modules/sqs");
        let files = MemoryFiles::new().with("main.tf", "").with("./modules/sqs/main.tf", "").with("vars.tf", "");
        assert_eq!(files.list(""), ["main.tf", "vars.tf"]);
        assert_eq!(files.list("modules/sqs"), ["main.tf"]);
        assert!(files.read("modules/sqs/main.tf").is_ok() && files.read("nope").is_err());
    }
}
