//! `import` and `export`: OWASP Threat Dragon files to and from ThreatSketch models.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::analyzed;
use crate::edit::lay_out_if_unplaced;
use crate::interop::threat_dragon::{self, ImportedDiagram};
use crate::io::dialogs::file_stem_for;
use crate::io::{save_path, write_export};

pub fn import(file: &Path, output: &Path, diagram: Option<usize>, force: bool) -> Result<ExitCode, String> {
    let text = std::fs::read_to_string(file).map_err(|err| format!("could not read {}: {err}", file.display()))?;
    let import = threat_dragon::import(&text).map_err(|err| format!("{err} ({})", file.display()))?;
    let count = import.diagrams.len();
    let mut chosen: Vec<(PathBuf, ImportedDiagram)> = match diagram {
        Some(n) if n == 0 || n > count => {
            return Err(format!("--diagram {n}: the file has {count} diagram(s), numbered from 1"));
        }
        Some(n) => import.diagrams.into_iter().nth(n - 1).map(|d| (output.to_path_buf(), d)).into_iter().collect(),
        None if count == 1 => import.diagrams.into_iter().map(|d| (output.to_path_buf(), d)).collect(),
        // One model per diagram, numbered so the files sort in the file's order.
        None => import.diagrams.into_iter().enumerate().map(|(i, d)| (numbered(output, i + 1, &d.title), d)).collect(),
    };
    if !force && let Some((existing, _)) = chosen.iter().find(|(path, _)| path.exists()) {
        return Err(format!("the file already exists; pass --force to overwrite it ({})", existing.display()));
    }
    let mut summary = String::new();
    for (path, diagram) in &mut chosen {
        lay_out_if_unplaced(&mut diagram.model);
        save_path(&diagram.model, path).map_err(|err| err.to_string())?;
        let model = &diagram.model;
        summary.push_str(&format!(
            "wrote \"{}\" to {}: {} elements, {} flows, {} boundaries, {} threats\n",
            diagram.title,
            path.display(),
            model.elements.len(),
            model.flows.len(),
            model.boundaries.len(),
            model.own_threats.len()
        ));
        for note in &diagram.notes {
            summary.push_str(&format!("  note: {note}\n"));
        }
    }
    super::emit(&summary)?;
    Ok(ExitCode::SUCCESS)
}

/// `out.ron` → `out-2-payments.ron`.
fn numbered(output: &Path, number: usize, title: &str) -> PathBuf {
    let stem = output.file_stem().map_or_else(|| "model".into(), |s| s.to_string_lossy().into_owned());
    let extension = output.extension().map_or_else(|| "ron".into(), |e| e.to_string_lossy().into_owned());
    output.with_file_name(format!("{stem}-{number}-{}.{extension}", file_stem_for(title)))
}

pub fn export(file: &Path, output: &Path) -> Result<ExitCode, String> {
    let (loaded, analysis) = analyzed(file)?;
    let json = threat_dragon::export(&loaded.model, &analysis);
    write_export(output, json.as_bytes()).map_err(|err| format!("could not write {}: {err}", output.display()))?;
    super::emit(&format!(
        "wrote a Threat Dragon model with {} threats to {}\n",
        analysis.threats.len(),
        output.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
