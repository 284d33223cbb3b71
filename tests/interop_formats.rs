//! Every other tool's file in the fixtures either imports with `threatsketch import` (told by its
//! content, not its name) or is refused with a reason that names the file, exit 2 and nothing
//! written; every format ThreatSketch writes reads back with the same parts and threats.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use threatsketch::io::parse_model;

fn threatsketch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threatsketch")).args(args).output().expect("the binary runs")
}

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// The other tools' files: every file under the interop and Threat Dragon fixtures but the
/// READMEs and licences.
fn tool_files() -> Vec<PathBuf> {
    fn walk(folder: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().to_string();
            if path.is_dir() {
                walk(&path, found);
            } else if !name.ends_with(".md") && !name.starts_with("LICENSE") && !name.ends_with(".txt") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(&fixtures().join("interop"), &mut found);
    walk(&fixtures().join("threat-dragon"), &mut found);
    found.sort();
    found
}

/// The files that are not models ThreatSketch can import, and a piece of the reason it gives.
const REFUSED: [(&str, &str); 7] = [
    // Schemas, not models.
    ("otm_schema.json", "no \"otmVersion\""),
    ("threat-composer-v1.schema.json", "no \"schema\" version"),
    ("threat-dragon-v2.schema.json", "not a Threat Dragon model: it has no \"detail\" object"),
    // pytm's JSON, which ThreatSketch does not read.
    ("input.json", "not a file ThreatSketch can import"),
    ("output.json", "not a file ThreatSketch can import"),
    // Threat Dragon's own broken test file ("details" for "detail"), and a model with no diagram.
    ("v2-malformed-new-model.json", "it has \"details\""),
    ("ThreatDragonModels/v2-new-model.json", "has no diagrams"),
];

#[test]
fn every_file_of_another_tool_imports_or_is_refused_with_a_reason() {
    let out = tempfile::tempdir().unwrap();
    let files = tool_files();
    assert!(files.len() >= 25, "the fixtures are there: {files:?}");
    let (mut imported, mut refused) = (0, 0);
    for (i, file) in files.iter().enumerate() {
        let name = file.file_name().unwrap().to_string_lossy().to_string();
        let target = out.path().join(format!("{i}.ron"));
        let result = threatsketch(&["import", file.to_str().unwrap(), "-o", target.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&result.stderr);
        let path = file.to_string_lossy().replace('\\', "/");
        if let Some((_, reason)) = REFUSED.iter().find(|(refused, _)| path.ends_with(&format!("/{refused}"))) {
            assert_eq!(result.status.code(), Some(2), "{name} is refused: {stderr}");
            assert!(stderr.contains(&name), "the reason names the file: {stderr}");
            assert!(stderr.contains(reason), "and says why ({reason}): {stderr}");
            assert!(
                std::fs::read_dir(out.path()).unwrap().all(|e| !e
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with(&format!("{i}"))),
                "nothing written for {name}"
            );
            refused += 1;
            continue;
        }
        assert_eq!(result.status.code(), Some(0), "{name} imports: {stderr}");
        // One file per diagram; each is a model ThreatSketch opens.
        let written: Vec<PathBuf> = std::fs::read_dir(out.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(&format!("{i}")))
            .collect();
        assert!(!written.is_empty(), "{name} wrote a model");
        for path in written {
            let text = std::fs::read_to_string(&path).unwrap();
            parse_model(&text, &path).unwrap_or_else(|err| panic!("{name}: {err}"));
        }
        imported += 1;
    }
    assert!(imported >= 20 && refused >= 4, "{imported} imported, {refused} refused");
}

#[test]
fn a_malformed_file_is_refused_with_its_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "broken.tm7",
            "<ThreatModel xmlns=\"http://schemas.datacontract.org/2004/07/ThreatModeling.Model\">\n<DrawingSurfaceList><x></y>",
        ),
        ("broken.otm.json", "{\n  \"otmVersion\": \"0.2.0\",\n  \"project\": {\"name\": 3\n"),
        ("threagile.yaml", "threagile_version: 1.0.0\ntitle: [unclosed\n"),
        ("broken.tc.json", "{\n  \"schema\": 1,\n  \"applicationInfo\": {},\n  \"threats\": [ {\"threatSource\": }\n"),
    ];
    for (name, text) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, text).unwrap();
        let target = dir.path().join(format!("{name}.ron"));
        let result = threatsketch(&["import", file.to_str().unwrap(), "-o", target.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&result.stderr);
        assert_eq!(result.status.code(), Some(2), "{name}: {stderr}");
        let at = format!("{name}:");
        let position = stderr.split(&at).nth(1).unwrap_or_default();
        let digits: String = position.chars().take_while(|c| c.is_ascii_digit() || *c == ':').collect();
        assert!(digits.matches(':').count() >= 2 && digits.len() >= 4, "{name}: line and column in {stderr}");
        assert!(!target.exists(), "{name}: nothing written");
    }
}

/// Exports `model` in `format` to `exported` and imports that into `imported`; the number of
/// threats the export says it wrote.
fn export_and_import(model: &Path, format: &str, exported: &Path, imported: &Path) -> usize {
    let run = threatsketch(&["export", model.to_str().unwrap(), "--format", format, "-o", exported.to_str().unwrap()]);
    assert!(run.status.success(), "{format}: {}", String::from_utf8_lossy(&run.stderr));
    let said = String::from_utf8_lossy(&run.stdout).to_string();
    let written = said.strip_prefix("wrote ").and_then(|w| w.split(' ').next()?.parse().ok());
    let run = threatsketch(&["import", exported.to_str().unwrap(), "-o", imported.to_str().unwrap()]);
    assert!(run.status.success(), "{format}: {}", String::from_utf8_lossy(&run.stderr));
    written.unwrap_or_else(|| panic!("{format}: the export says how many threats: {said}"))
}

/// Elements (names), flows and boundaries of a model file, and how many own threats it has.
fn parts(path: &Path) -> (Vec<String>, usize, usize, usize) {
    let model = parse_model(&std::fs::read_to_string(path).unwrap(), path).unwrap().model;
    let mut names: Vec<String> = model.elements.iter().map(|e| e.name.clone()).collect();
    names.sort();
    (names, model.flows.len(), model.boundaries.len(), model.own_threats.len())
}

#[test]
fn what_threatsketch_writes_reads_back_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("checkout.ron");
    let made = threatsketch(&["new", "--template", "checkout", "--output", model.to_str().unwrap()]);
    assert!(made.status.success());
    for (format, keeps_the_diagram) in [("threat-dragon", true), ("otm", true), ("threat-composer", false)] {
        let exported = dir.path().join(format!("{format}-1.json"));
        let first = dir.path().join(format!("{format}-1.ron"));
        let written = export_and_import(&model, format, &exported, &first);
        let again = dir.path().join(format!("{format}-2.json"));
        let second = dir.path().join(format!("{format}-2.ron"));
        export_and_import(&first, format, &again, &second);
        if keeps_the_diagram {
            // Import, export, import: the second import is the first, and the first has the
            // model's elements, flows and boundaries.
            assert_eq!(parts(&first), parts(&second), "{format}: import, export, import keeps the parts and threats");
            let (names, flows, boundaries, _) = parts(&model);
            let (first_names, first_flows, first_boundaries, _) = parts(&first);
            assert_eq!((first_names, first_flows, first_boundaries), (names, flows, boundaries), "{format}");
        } else {
            // A threat list: every threat written comes back as a threat of one's own (the
            // elements it names then get suggestions of their own, so a second trip has more).
            assert_eq!(parts(&first).3, written, "{format}");
        }
    }
    // A format ThreatSketch only reads is not offered for export.
    let refused = threatsketch(&["export", model.to_str().unwrap(), "--format", "mtmt", "-o", "-"]);
    assert_eq!(refused.status.code(), Some(2));
}
