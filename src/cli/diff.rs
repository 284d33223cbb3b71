//! `diff`: what changed between two models, in words or JSON, with diff's exit codes; also
//! git's external diff, so `git diff` on a model shows the change in words.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::{DiffFormat, EXIT_CHANGED, analysis_of, loaded};
use crate::changes::{consequences, describe, describe_consequences, diff as model_diff};
use crate::escape::terminal;
use crate::model::ThreatModel;

/// Git's external diff passes seven arguments: path, then old file, hash and mode, then new.
const GIT_ARGUMENTS: usize = 7;

pub fn diff(files: &[PathBuf], format: DiffFormat) -> Result<ExitCode, String> {
    let (old_path, new_path, for_git) = match files {
        [old, new] => (old, new, false),
        [_, old, _, _, new, _, _] if files.len() == GIT_ARGUMENTS => (old, new, true),
        _ => return Err("diff takes OLD NEW (or git's seven external-diff arguments)".to_owned()),
    };
    let (old, old_analysis) = side(old_path)?;
    let (new, new_analysis) = side(new_path)?;
    let changes = model_diff(&old, &new);
    let result = consequences((&old, &old_analysis), (&new, &new_analysis));
    let text = match format {
        DiffFormat::Json => {
            let value = serde_json::json!({ "changes": changes, "consequences": result });
            serde_json::to_string_pretty(&value).map_err(|err| err.to_string())? + "\n"
        }
        DiffFormat::Text => {
            let title = if for_git { files[0].display().to_string() } else { new_path.display().to_string() };
            let mut lines = vec![format!("threatsketch diff {title}")];
            lines.extend(describe(&changes));
            let consequences = describe_consequences(&result);
            if !consequences.is_empty() {
                lines.push(String::new());
                lines.extend(consequences);
            }
            if changes.is_empty() && changes.moved == 0 {
                lines.push("No change".to_owned());
            }
            lines.iter().map(|l| terminal(l)).collect::<Vec<_>>().join("\n") + "\n"
        }
    };
    super::emit(&text)?;
    // Git stops at an external diff that exits non-zero; for people, 1 means "changed".
    Ok(if changes.is_empty() || for_git { ExitCode::SUCCESS } else { ExitCode::from(EXIT_CHANGED) })
}

/// Merges THEIRS into OURS (both from BASE) and writes the result over OURS, as git's merge
/// driver does; the conflicts, if any, are listed on stderr and kept in the model.
pub fn merge(base: &Path, ours: &Path, theirs: &Path) -> Result<ExitCode, String> {
    let (base_model, our_model, their_model) = (loaded(base)?.model, loaded(ours)?.model, loaded(theirs)?.model);
    let merged = crate::changes::merge(&base_model, &our_model, &their_model);
    let text = crate::io::to_ron(&merged.model).map_err(|err| format!("could not write the model: {err}"))?;
    // No NAME~ beside it: git keeps every version, and a backup would litter the work tree.
    crate::io::write_export(ours, text.as_bytes())
        .map_err(|err| format!("could not write {}: {err}", ours.display()))?;
    if merged.conflicts == 0 {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "threatsketch: {} in {}: open it in ThreatSketch to keep yours or take theirs, one by one",
        crate::words::count(merged.conflicts, "conflict", "conflicts"),
        ours.display()
    );
    for conflict in &merged.model.conflicts {
        eprintln!("threatsketch:   {}", terminal(&conflict.about));
    }
    Ok(ExitCode::from(EXIT_CHANGED))
}

/// A model and its threats; git's `/dev/null` (a file added or deleted) is an empty model.
fn side(path: &Path) -> Result<(ThreatModel, crate::threats::Analysis), String> {
    if path == Path::new("/dev/null") {
        let empty = ThreatModel::new("");
        let analysis = crate::threats::analyze(&empty, crate::threats::Catalogue::builtin());
        return Ok((empty, analysis));
    }
    let model = loaded(path)?;
    let analysis = analysis_of(path, &model);
    Ok((model.model, analysis))
}
