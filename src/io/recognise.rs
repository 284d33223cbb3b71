//! What kind of file a path is, for files dropped on the window: a ThreatSketch model or a
//! Threat Dragon model. By extension first, else by the first character of the content.

use std::io::Read as _;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A ThreatSketch model (RON).
    Model,
    /// A Threat Dragon model (JSON), to import.
    ThreatDragon,
}

/// How much of a file without a known extension is read to tell what it is.
const SNIFF_BYTES: u64 = 4096;

/// Tells a ThreatSketch model from a Threat Dragon file; an error says in plain words why the
/// file is neither.
pub fn recognise(path: &Path) -> Result<FileKind, String> {
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("ron") => return Ok(FileKind::Model),
        Some("json") => return Ok(FileKind::ThreatDragon),
        _ => {}
    }
    let mut head = String::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(SNIFF_BYTES).read_to_string(&mut head));
    let name = path.display();
    if let Err(err) = read {
        return Err(format!("{name} could not be read: {err}"));
    }
    // Skip comment lines: a saved model starts with one.
    let first = head.lines().map(str::trim).find(|line| !line.is_empty() && !line.starts_with("//"));
    match first.and_then(|line| line.chars().next()) {
        Some('(') => Ok(FileKind::Model),
        Some('{') => Ok(FileKind::ThreatDragon),
        _ => Err(format!(
            "{name} is neither a ThreatSketch model (.ron) nor a Threat Dragon model (.json), the files ThreatSketch opens"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn models_and_threat_dragon_files_are_told_apart_by_name_or_content() {
        let dir = tempfile::tempdir().unwrap();
        let write = |name: &str, text: &str| {
            let path = dir.path().join(name);
            std::fs::write(&path, text).unwrap();
            path
        };
        assert_eq!(recognise(Path::new("shop.RON")), Ok(FileKind::Model));
        assert_eq!(recognise(Path::new("demo.json")), Ok(FileKind::ThreatDragon));
        assert_eq!(recognise(&write("model", "// ThreatSketch\n(\n format: \"threatsketch\")")), Ok(FileKind::Model));
        assert_eq!(recognise(&write("export", "\n  {\"summary\": {}}")), Ok(FileKind::ThreatDragon));
        let error = recognise(&write("notes.txt", "Shopping list")).unwrap_err();
        assert!(error.contains("notes.txt") && error.contains("neither"), "{error}");
        assert!(recognise(&dir.path().join("gone")).unwrap_err().contains("could not be read"));
    }
}
