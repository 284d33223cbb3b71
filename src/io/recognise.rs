//! What kind of file a path is, for files dropped on the window: a ThreatSketch model, a
//! Threat Dragon model or a CloudFormation / SAM template. By extension where it tells, else
//! by the content's first character (and, for JSON, whether it has `Resources`).

use std::io::Read as _;
use std::path::Path;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileKind {
    /// A ThreatSketch model (RON).
    Model,
    /// Another threat-modeling tool's model (Threat Dragon, Microsoft Threat Modeling Tool, OTM,
    /// Threagile, Threat Composer), to import.
    OtherTool,
    /// A CloudFormation or SAM template (YAML, or JSON with `Resources`), to import.
    Infrastructure,
}

/// How much of a file without a telling extension is read to tell what it is: a JSON
/// template's `Resources` may come after long `Parameters`.
const SNIFF_BYTES: u64 = 1 << 20;

/// Tells a ThreatSketch model from a Threat Dragon file; an error says in plain words why the
/// file is neither.
pub fn recognise(path: &Path) -> Result<FileKind, String> {
    if path.is_dir() {
        // A Serverless Framework service or a Terraform configuration.
        return Ok(FileKind::Infrastructure);
    }
    let extension = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("ron") => return Ok(FileKind::Model),
        Some("tf") => return Ok(FileKind::Infrastructure),
        _ => {}
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(SNIFF_BYTES).read_to_end(&mut bytes));
    // Cut at the limit, the last character may be split: read what is whole.
    let head = String::from_utf8_lossy(&bytes);
    let name = path.display();
    if let Err(err) = read {
        return Err(format!("{name} could not be read: {err}"));
    }
    // Skip comment lines: a saved model starts with one.
    let first = head.lines().map(str::trim).find(|line| !line.is_empty() && !line.starts_with("//"));
    if first.and_then(|line| line.chars().next()) == Some('(') {
        return Ok(FileKind::Model);
    }
    // Another tool's model, by the marker of its format (a YAML Threagile or OTM file too).
    if crate::interop::format::detect(&head).is_some() {
        return Ok(FileKind::OtherTool);
    }
    match first.and_then(|line| line.chars().next()) {
        // A template in JSON has its Resources near the top.
        Some('{') if head.contains("\"Resources\"") => Ok(FileKind::Infrastructure),
        // Any other JSON: the Threat Dragon import says what it lacks.
        Some('{') => Ok(FileKind::OtherTool),
        _ if head.contains("Resources:") || matches!(extension.as_deref(), Some("yaml" | "yml" | "template")) => {
            Ok(FileKind::Infrastructure)
        }
        _ => Err(format!(
            "{name} is none of the files ThreatSketch opens: a ThreatSketch model (.ron), a model of another tool \
             (Threat Dragon, Microsoft Threat Modeling Tool, Open Threat Model, Threagile, Threat Composer), a \
             CloudFormation or SAM template (.yaml, .json), a Serverless Framework service (serverless.yml) or a \
             Terraform configuration (.tf)"
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
        assert_eq!(recognise(&write("demo.json", "{\"summary\": {}}")), Ok(FileKind::OtherTool));
        assert_eq!(recognise(&write("threagile.yaml", "threagile_version: 1.0.0\n")), Ok(FileKind::OtherTool));
        let tm7 = "<ThreatModel xmlns=\"http://schemas.datacontract.org/2004/07/ThreatModeling.Model\">";
        assert_eq!(recognise(&write("app.tm7", tm7)), Ok(FileKind::OtherTool));
        assert_eq!(recognise(&write("stack.json", "{\"Resources\": {}}")), Ok(FileKind::Infrastructure));
        // YAML is looked into: a Threagile or OTM model is YAML too.
        assert_eq!(recognise(&write("template.YML", "Resources:\n  Fn: {}\n")), Ok(FileKind::Infrastructure));
        assert_eq!(recognise(&write("model", "// ThreatSketch\n(\n format: \"threatsketch\")")), Ok(FileKind::Model));
        assert_eq!(recognise(&write("export", "\n  {\"summary\": {}}")), Ok(FileKind::OtherTool));
        let error = recognise(&write("notes.txt", "Shopping list")).unwrap_err();
        assert!(error.contains("notes.txt") && error.contains("none of the files"), "{error}");
        assert!(recognise(&dir.path().join("gone")).unwrap_err().contains("could not be read"));
    }
}
