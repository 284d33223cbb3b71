//! `git-setup`: the lines that make git show a model's changes in words. Printed by default;
//! with `--install`, added to the repository's `.gitattributes` and `.git/config` (by `git
//! config`, so nothing else in them changes), each only once.

use std::path::Path;
use std::process::{Command, ExitCode};

/// Model files go through the `threatsketch` diff and merge drivers.
const ATTRIBUTES: &str = "*.ron diff=threatsketch merge=threatsketch";

pub fn run(install: bool) -> Result<ExitCode, String> {
    let command = format!("{} diff", program());
    let driver = format!("{} merge %O %A %B", program());
    if !install {
        let text = format!(
            "# .gitattributes (commit it, so everyone's git knows which files are models)\n{ATTRIBUTES}\n\n\
             # each clone's git configuration (or run: threatsketch git-setup --install)\n\
             git config diff.threatsketch.command '{command}'\n\
             git config merge.threatsketch.name 'ThreatSketch model merge'\n\
             git config merge.threatsketch.driver '{driver}'\n"
        );
        super::emit(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let root = git(&["rev-parse", "--show-toplevel"])?;
    let root = Path::new(root.trim());
    git(&["config", "diff.threatsketch.command", &command])?;
    git(&["config", "merge.threatsketch.name", "ThreatSketch model merge"])?;
    git(&["config", "merge.threatsketch.driver", &driver])?;
    let attributes = root.join(".gitattributes");
    let existing = match std::fs::read_to_string(&attributes) {
        Ok(text) => text,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(err) => return Err(format!("could not read {}: {err}", attributes.display())),
    };
    if !existing.lines().any(|line| line.trim() == ATTRIBUTES) {
        // An earlier setup's line (diff only) gives way to this one.
        let kept: Vec<&str> = existing.lines().filter(|l| l.trim() != "*.ron diff=threatsketch").collect();
        let mut text = kept.join("\n");
        if !text.is_empty() {
            text.push('\n');
        }
        text.push_str(ATTRIBUTES);
        text.push('\n');
        // No NAME~ beside it: the file is in git.
        crate::io::write_export(&attributes, text.as_bytes())
            .map_err(|err| format!("could not write {}: {err}", attributes.display()))?;
    }
    super::emit(&format!(
        "git diff shows the changes of *.ron models in words, and git merge merges them ({} and the repository's git config)\n",
        attributes.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}

/// This program, as git should call it: its full path when known.
fn program() -> String {
    std::env::current_exe().map_or_else(|_| "threatsketch".to_owned(), |p| p.display().to_string())
}

fn git(args: &[&str]) -> Result<String, String> {
    let output = Command::new("git").args(args).output().map_err(|err| format!("could not run git: {err}"))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        return Err(format!("git {}: {}", args.join(" "), said.trim()));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
