//! `threatsketch diff`: plain words, JSON, diff's exit codes, and git's external diff in a real
//! repository.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use threatsketch::model::Answer;

/// Runs git in `dir` as a test user, without signing.
fn git_in(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

fn threatsketch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threatsketch")).args(args).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates/checkout.ron")
}

/// The checkout sample with its first element renamed and one question answered.
fn changed_checkout(dir: &Path) -> (PathBuf, String) {
    let mut model = threatsketch::io::load_path(&checkout()).unwrap().model;
    let element = &mut model.elements[0];
    let old_name = element.name.clone();
    element.name = format!("{old_name} v2");
    element.set_answer("logs_security_events", Some(Answer::Yes));
    let path = dir.join("changed.ron");
    std::fs::write(&path, threatsketch::io::to_ron(&model).unwrap()).unwrap();
    (path, old_name)
}

#[test]
fn the_same_model_is_no_change_and_exits_0() {
    let file = checkout();
    let output = threatsketch(&["diff", file.to_str().unwrap(), file.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("No change"));
}

#[test]
fn a_change_is_said_in_words_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let (changed, old_name) = changed_checkout(dir.path());
    let output = threatsketch(&["diff", checkout().to_str().unwrap(), changed.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stderr));
    let said = text(&output.stdout);
    assert!(said.contains(&format!("renamed (was {old_name})")), "{said}");
    assert!(said.contains("unknown → Yes"), "{said}");
    let json = threatsketch(&["diff", "--format", "json", checkout().to_str().unwrap(), changed.to_str().unwrap()]);
    assert_eq!(json.status.code(), Some(1));
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(value["changes"]["elements"][0]["change"], "changed", "{value}");
    assert!(value["consequences"]["matrix_after"].is_array());
}

#[test]
fn git_setup_prints_the_lines_to_add() {
    let output = threatsketch(&["git-setup"]);
    assert_eq!(output.status.code(), Some(0));
    let said = text(&output.stdout);
    assert!(
        said.contains("*.ron diff=threatsketch") && said.contains("git config diff.threatsketch.command"),
        "{said}"
    );
}

#[test]
fn bad_input_exits_2() {
    let output = threatsketch(&["diff", checkout().to_str().unwrap(), "/nonexistent/model.ron"]);
    assert_eq!(output.status.code(), Some(2));
    let output = threatsketch(&["diff", "a", "b", "c"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn git_diff_on_a_model_shows_the_change_in_words() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let output = git_in(dir.path(), args);
        assert!(output.status.success() || args[0] == "diff", "git {args:?}: {}", text(&output.stderr));
        output
    };
    git(&["init", "-q"]);
    // What the README tells people to run, twice: the second changes nothing.
    for _ in 0..2 {
        let setup = Command::new(env!("CARGO_BIN_EXE_threatsketch"))
            .args(["git-setup", "--install"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(setup.status.code(), Some(0), "{}", text(&setup.stderr));
    }
    let attributes = std::fs::read_to_string(dir.path().join(".gitattributes")).unwrap();
    assert_eq!(attributes, "*.ron diff=threatsketch merge=threatsketch\n");
    std::fs::copy(checkout(), dir.path().join("app.ron")).unwrap();
    git(&["add", "."]);
    git(&["commit", "-q", "-m", "first"]);
    let (changed, old_name) = changed_checkout(dir.path());
    std::fs::rename(changed, dir.path().join("app.ron")).unwrap();
    let output = git(&["diff"]);
    assert!(output.status.success(), "git accepts the driver's exit code: {}", text(&output.stderr));
    let said = text(&output.stdout);
    assert!(said.contains("threatsketch diff app.ron"), "{said}");
    assert!(said.contains(&format!("renamed (was {old_name})")), "{said}");
}

/// Edits the model at `path` with `change`, writing it back.
fn edit_model(path: &Path, change: impl FnOnce(&mut threatsketch::model::ThreatModel)) {
    let mut model = threatsketch::io::load_path(path).unwrap().model;
    change(&mut model);
    std::fs::write(path, threatsketch::io::to_ron(&model).unwrap()).unwrap();
}

#[test]
fn git_merges_branches_that_changed_different_parts_and_reports_a_true_conflict() {
    if Command::new("git").arg("--version").output().is_err() {
        eprintln!("git is not installed: skipped");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| git_in(dir.path(), args);
    assert!(git(&["init", "-q", "-b", "main"]).status.success());
    let setup = Command::new(env!("CARGO_BIN_EXE_threatsketch"))
        .args(["git-setup", "--install"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(setup.status.success(), "{}", text(&setup.stderr));
    let model = dir.path().join("app.ron");
    std::fs::copy(checkout(), &model).unwrap();
    git(&["add", "."]);
    assert!(git(&["commit", "-q", "-m", "base"]).status.success());
    // One branch renames the browser and answers a question on the API; main answers another.
    git(&["checkout", "-q", "-b", "feature"]);
    edit_model(&model, |m| {
        m.elements[0].name = "Shop page".to_owned();
        m.elements[1].set_answer("authorizer", Some(Answer::choice("jwt")));
    });
    assert!(git(&["commit", "-q", "-am", "feature"]).status.success());
    git(&["checkout", "-q", "main"]);
    edit_model(&model, |m| m.elements[2].set_answer("validates_input", Some(Answer::Yes)));
    assert!(git(&["commit", "-q", "-am", "main"]).status.success());
    let merged = git(&["merge", "-q", "--no-edit", "feature"]);
    assert!(merged.status.success(), "a clean merge: {}", text(&merged.stderr));
    let result = threatsketch::io::load_path(&model).unwrap().model;
    assert_eq!(result.elements[0].name, "Shop page");
    assert_eq!(result.elements[1].answer("authorizer"), Some(&Answer::choice("jwt")));
    assert_eq!(result.elements[2].answer("validates_input"), Some(&Answer::Yes));
    assert!(result.conflicts.is_empty());

    // Both change the same answer differently: git reports a conflict, the file stays a model.
    git(&["checkout", "-q", "-b", "other"]);
    edit_model(&model, |m| m.elements[1].set_answer("authorizer", Some(Answer::choice("iam"))));
    assert!(git(&["commit", "-q", "-am", "other"]).status.success());
    git(&["checkout", "-q", "main"]);
    edit_model(&model, |m| m.elements[1].set_answer("authorizer", Some(Answer::choice("api_key"))));
    assert!(git(&["commit", "-q", "-am", "main again"]).status.success());
    let conflicted = git(&["merge", "-q", "--no-edit", "other"]);
    assert!(!conflicted.status.success(), "git reports the conflict");
    let written = std::fs::read_to_string(&model).unwrap();
    assert!(!written.contains("<<<<<<<") && !written.contains(">>>>>>>"), "no markers in the RON");
    let result = threatsketch::io::load_path(&model).unwrap().model;
    assert_eq!(result.conflicts.len(), 1, "{:?}", result.conflicts);
    assert_eq!(result.elements[1].answer("authorizer"), Some(&Answer::choice("api_key")), "ours until decided");
    assert!(result.conflicts[0].theirs.as_deref().is_some_and(|t| t.contains("iam")), "theirs kept");
}
