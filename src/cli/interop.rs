//! `import` and `export`: other tools' files (Threat Dragon, Microsoft Threat Modeling Tool,
//! Open Threat Model, Threagile, Threat Composer: `interop::format`) to and from ThreatSketch
//! models, and infrastructure as code (CloudFormation / SAM, Serverless Framework, Terraform)
//! into models.

use std::path::Path;
use std::process::ExitCode;

use super::analyzed;
use super::output::{check_output, is_stdout, say_written, shown, write_output};
use crate::edit::lay_out_if_unplaced;
use crate::escape::{clip, clip_quoted, terminal};
use crate::interop::format;
use crate::interop::infrastructure;
use crate::interop::outputs::import_outputs;
use crate::io::{DiskFiles, to_ron};

pub fn import(file: &Path, output: &Path, diagram: Option<usize>, force: bool) -> Result<ExitCode, String> {
    // A folder is a Serverless Framework service or a Terraform configuration.
    if file.is_dir() || file.extension().is_some_and(|e| e == "tf") {
        return import_infrastructure(file, output, force);
    }
    let text = std::fs::read_to_string(file).map_err(|err| format!("could not read {}: {err}", shown(file)))?;
    let Some(tool) = format::detect(&text) else {
        if is_infrastructure(&text) {
            return import_infrastructure(file, output, force);
        }
        return Err(format!("{}: {}", shown(file), not_a_known_format()));
    };
    let diagrams = tool.import(&text).map_err(|err| {
        let at = if err.line > 0 { format!("{}:{}:{}", shown(file), err.line, err.column.max(1)) } else { shown(file) };
        format!("{at}: {} ({})", clip_quoted(&err.message), tool.name())
    })?;
    // Which diagram goes to which file, every name checked before anything is written.
    let mut chosen = import_outputs(output, diagrams, diagram)?;
    // Every output is checked before the first is written.
    for (path, _) in &chosen {
        check_output(path, force, &[file])?;
    }
    let mut summary = String::new();
    for (path, diagram) in &mut chosen {
        lay_out_if_unplaced(&mut diagram.model);
        let text = to_ron(&diagram.model).map_err(|err| format!("could not write the model: {err}"))?;
        write_output(path, text.as_bytes(), "the model")?;
        let model = &diagram.model;
        summary.push_str(&format!(
            "wrote \"{}\" to {}: {} elements, {} flows, {} boundaries, {} threats\n",
            terminal(&clip(&diagram.title, 80)),
            shown(path),
            model.elements.len(),
            model.flows.len(),
            model.boundaries.len(),
            model.own_threats.len()
        ));
        for note in &diagram.notes {
            summary.push_str(&format!("  note: {}\n", terminal(&clip_quoted(note))));
        }
    }
    if is_stdout(output) {
        // The model went to standard output: what could not be carried over goes to stderr.
        for line in summary.lines().filter(|l| l.starts_with("  note: ")) {
            eprintln!("threatsketch: {}", line.trim_start());
        }
    } else {
        super::emit(&summary)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What `import` reads, for a file it cannot tell.
fn not_a_known_format() -> String {
    let tools: Vec<&str> = format::FORMATS.iter().map(|f| f.name()).collect();
    format!(
        "this is not a file ThreatSketch can import; it reads {}, and CloudFormation, SAM, Serverless Framework and \
         Terraform",
        tools.join(", ")
    )
}

/// A template (YAML, or JSON with a top-level `Resources`), not another tool's model.
fn is_infrastructure(text: &str) -> bool {
    if !text.trim_start().starts_with('{') {
        return true;
    }
    serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).is_ok_and(|m| m.contains_key("Resources"))
}

/// A template, service or configuration into one model; the import summary on stderr.
fn import_infrastructure(file: &Path, output: &Path, force: bool) -> Result<ExitCode, String> {
    let (files, path) = DiskFiles::for_path(file);
    let import = infrastructure::import_infrastructure(&files, &path).map_err(|err| {
        let at = at_fault(file, err.file.as_deref());
        format!("{}:{}:{}: {}", shown(&at), err.line, err.column, clip_quoted(&err.message))
    })?;
    check_output(output, force, &[file])?;
    let text = to_ron(&import.model).map_err(|err| format!("could not write the model: {err}"))?;
    write_output(output, text.as_bytes(), "the model")?;
    for line in &import.summary {
        eprintln!("threatsketch: {}", terminal(&clip(line, 400)));
    }
    say_written(output, &format!("wrote the model to {}", shown(output)))?;
    Ok(ExitCode::SUCCESS)
}

/// Re-imports infrastructure into an existing model and writes it (back into the model's
/// file unless `output` says elsewhere); what changed goes to stderr.
pub fn update(
    file: &Path,
    model: &Path,
    output: Option<&Path>,
    prefer_template: bool,
    force: bool,
) -> Result<ExitCode, String> {
    let existing = super::loaded(model)?;
    let (files, path) = DiskFiles::for_path(file);
    let import = infrastructure::import_infrastructure(&files, &path).map_err(|err| {
        let at = at_fault(file, err.file.as_deref());
        format!("{}:{}:{}: {}", shown(&at), err.line, err.column, clip_quoted(&err.message))
    })?;
    let update = infrastructure::update_from(&existing.model, import, prefer_template);
    let target = output.unwrap_or(model);
    if output.is_some() {
        check_output(target, force, &[file, model])?;
    }
    let text = to_ron(&update.model).map_err(|err| format!("could not write the model: {err}"))?;
    write_output(target, text.as_bytes(), "the model")?;
    if update.changes.is_empty() {
        eprintln!("threatsketch: nothing changed in the infrastructure");
    }
    for line in &update.changes {
        eprintln!("threatsketch: {}", terminal(&clip(line, 400)));
    }
    say_written(target, &format!("updated the model in {}", shown(target)))?;
    Ok(ExitCode::SUCCESS)
}

/// The file an import error is in: an included file or module is named relative to the file
/// or folder the import started with.
pub(super) fn at_fault(start: &Path, file: Option<&str>) -> std::path::PathBuf {
    match file {
        Some(file) if start.is_dir() => start.join(file),
        Some(file) => start.parent().unwrap_or(Path::new(".")).join(file),
        None => start.to_path_buf(),
    }
}

/// Writes the model in another tool's format (`id` as `--format` names it).
pub fn export(file: &Path, id: &str, output: &Path, force: bool) -> Result<ExitCode, String> {
    let tool = format::by_id(id).filter(|f| f.exports()).ok_or_else(|| format!("no export format \"{id}\""))?;
    check_output(output, force, &[file])?;
    let (loaded, analysis) = analyzed(file)?;
    let text = tool.export(&loaded.model, &analysis).ok_or_else(|| format!("{} is not written", tool.name()))?;
    write_output(output, text.as_bytes(), "the export")?;
    say_written(
        output,
        &format!("wrote {} threats in the {} format to {}", analysis.threats.len(), tool.name(), shown(output)),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The `--format` values of `export`.
pub fn export_ids() -> Vec<&'static str> {
    format::exportable().map(|f| f.id()).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_format_threatsketch_writes_can_be_named() {
        assert!(super::export_ids().len() >= 3, "{:?}", super::export_ids());
    }
}
