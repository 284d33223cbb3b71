//! The command line under hostile input and careless use: it never writes over what it should
//! not, never lets a model's text drive the terminal or a Mermaid diagram, keeps every message to
//! a readable line, and says clearly what went wrong.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use threatsketch::model::{Element, ElementId, Flow, FlowId, Point, ThreatModel};

fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_threatsketch"));
    command.args(args).env_remove("RUST_LOG");
    command
}

fn threatsketch(args: &[&str]) -> Output {
    command(args).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn template_path(name: &str) -> String {
    format!("{}/assets/templates/{name}.ron", env!("CARGO_MANIFEST_DIR"))
}

/// A small model whose element names and flow label are `names` and `label`.
fn model_named(model_name: &str, names: [&str; 2], label: &str) -> ThreatModel {
    let mut model = ThreatModel::new(model_name);
    for (i, name) in names.iter().enumerate() {
        let id = ElementId::new(format!("e{i}"));
        let kind = if i == 0 { "api_gateway" } else { "function" };
        model.elements.push(Element::new(id.clone(), kind, *name));
        model.layout.elements.insert(id, Point::new(100.0 + 300.0 * i as f32, 100.0));
    }
    model.flows.push(Flow::new(FlowId::new("f1"), ElementId::new("e0"), ElementId::new("e1"), label));
    model
}

fn saved(dir: &Path, file: &str, model: &ThreatModel) -> PathBuf {
    let path = dir.join(file);
    threatsketch::io::save_path(model, &path).unwrap();
    path
}

/// Bytes a terminal acts on rather than shows.
fn has_control(text: &[u8]) -> bool {
    text.iter().any(|b| (*b < 0x20 && !matches!(b, b'\n' | b'\t')) || *b == 0x7f)
}

// Defect 4 --------------------------------------------------------------------------------

#[test]
fn the_markdown_report_keeps_mermaid_directives_as_text() {
    let dir = tempfile::tempdir().unwrap();
    let directive = r#"%%{init: {"theme": "dark", "securityLevel": "loose"}}%%"#;
    let model = model_named(directive, [directive, "Comment %% here"], "%%{init: {}}%% label");
    let path = saved(dir.path(), "m.ron", &model);
    let out = dir.path().join("r.md");
    let output = threatsketch(&["report", s(&path), "-o", s(&out)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let report = fs::read_to_string(&out).unwrap();
    let chart = report.split("```mermaid").nth(1).unwrap().split("```").next().unwrap();
    assert!(!chart.contains('%'), "a name or label reached Mermaid as a directive or comment:\n{chart}");
    assert!(chart.contains("#37;#37;{init"), "the name is still shown, as text:\n{chart}");
}

// Defect 5 --------------------------------------------------------------------------------

/// Each command that writes a file, with the output's name and its arguments before `--output`.
fn commands_that_write<'a>(model: &'a str, report_name: &'a str) -> [(&'a str, Vec<&'a str>); 4] {
    [
        (report_name, vec!["report", model]),
        ("d.svg", vec!["render", model]),
        ("td.json", vec!["export", model, "--format", "threat-dragon"]),
        ("n.ron", vec!["new", "--template", "blank"]),
    ]
}

#[test]
fn an_existing_output_is_refused_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let model = template_path("checkout");
    for (name, args) in commands_that_write(&model, "r.html") {
        let out = dir.path().join(name);
        fs::write(&out, "precious").unwrap();
        let mut args = args.clone();
        args.extend(["--output", s(&out)]);
        let output = threatsketch(&args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output).lines().count(), 1, "{args:?}: {}", stderr(&output));
        assert!(stderr(&output).contains("--force"), "{args:?}: {}", stderr(&output));
        assert_eq!(fs::read_to_string(&out).unwrap(), "precious", "{args:?} wrote over the file");
    }
}

#[test]
fn no_command_writes_over_its_own_input_even_with_force() {
    let dir = tempfile::tempdir().unwrap();
    let model = saved(dir.path(), "shop.ron", &model_named("Shop", ["API", "Orders"], "order"));
    let original = fs::read(&model).unwrap();
    let link = dir.path().join("link.ron");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&model, &link).unwrap();
    #[cfg(not(unix))]
    fs::hard_link(&model, &link).unwrap();
    for force in [false, true] {
        for output in [&model, &link] {
            let commands: [Vec<&str>; 3] = [
                vec!["export", s(&model), "--format", "threat-dragon", "--output", s(output)],
                vec!["report", s(&model), "--format", "md", "--output", s(output)],
                vec!["render", s(&model), "--output", s(output)],
            ];
            for mut args in commands {
                if force {
                    args.push("--force");
                }
                let output = threatsketch(&args);
                assert_eq!(output.status.code(), Some(2), "{args:?}");
                assert_eq!(stderr(&output).lines().count(), 1, "{args:?}: {}", stderr(&output));
                assert_eq!(fs::read(&model).unwrap(), original, "{args:?} wrote over its own input");
            }
        }
    }
    // The same for an import: the Threat Dragon file it reads is never replaced by a model.
    let td = dir.path().join("td.json");
    let output = threatsketch(&["export", s(&model), "--format", "threat-dragon", "--output", s(&td)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let json = fs::read(&td).unwrap();
    let output = threatsketch(&["import", s(&td), "--output", s(&td), "--force"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(fs::read(&td).unwrap(), json, "import wrote over its own input");
    assert!(!Path::new(&format!("{}~", td.display())).exists());
}

#[test]
fn force_overwrites_and_keeps_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let model = template_path("checkout");
    for (name, args) in commands_that_write(&model, "r.csv") {
        let out = dir.path().join(name);
        fs::write(&out, "precious").unwrap();
        let mut args = args.clone();
        args.extend(["--output", s(&out), "--force"]);
        let output = threatsketch(&args);
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
        assert_ne!(fs::read_to_string(&out).unwrap(), "precious", "{args:?}");
        let backup = format!("{}~", out.display());
        assert_eq!(fs::read_to_string(&backup).unwrap(), "precious", "{args:?} kept no backup");
    }
}

// Defect 10 -------------------------------------------------------------------------------

const FORGED: &str = "Shop\u{1b}[2J\u{1b}[H\r\n  no problems found\u{7}\u{0}";

#[test]
fn check_shows_control_characters_instead_of_sending_them_to_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved(dir.path(), "m.ron", &model_named(FORGED, [FORGED, "Orders\u{9b}31m"], "x"));
    let output = threatsketch(&["check", s(&path), "--fail-on", "low"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(!has_control(&output.stdout), "{text:?}");
    assert!(!text.contains('\u{9b}'), "{text:?}");
    assert_eq!(text.lines().filter(|l| l.trim() == "no problems found").count(), 1, "a forged line:\n{text}");
    assert!(text.contains(r"Shop\u{1b}[2J"), "the control characters are shown, escaped:\n{text}");
    assert!(!has_control(&output.stderr), "{:?}", stderr(&output));
    assert!(stderr(&output).contains(r"\u{1b}"), "{}", stderr(&output));
}

#[test]
fn error_messages_escape_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.ron");
    let text = fs::read_to_string(template_path("checkout")).unwrap().replacen(
        "kind: \"api_gateway\"",
        "kind: \"gate\u{1b}]0;owned\u{7}\n\u{1b}[2K\"",
        1,
    );
    fs::write(&path, text).unwrap();
    let output = threatsketch(&["check", s(&path)]);
    assert_eq!(output.status.code(), Some(2));
    assert!(!has_control(&output.stderr), "{:?}", stderr(&output));
    assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
    assert!(stderr(&output).contains(r"gate\u{1b}]0;owned"), "{}", stderr(&output));
}

#[test]
fn the_import_summary_escapes_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let path = saved(dir.path(), "m.ron", &model_named(FORGED, [FORGED, "Orders"], FORGED));
    let td = dir.path().join("td.json");
    let output = threatsketch(&["export", s(&path), "--format", "threat-dragon", "-o", s(&td)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!has_control(&output.stdout), "{:?}", stdout(&output));
    let output = threatsketch(&["import", s(&td), "-o", s(&dir.path().join("back.ron"))]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(!has_control(&output.stdout), "{:?}", stdout(&output));
    assert!(!has_control(&output.stderr), "{:?}", stderr(&output));
}

#[test]
fn reports_carry_no_control_characters() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "=cmd\u{0}|calc\u{1b}[31m\u{7}\u{8}";
    let mut model = model_named(FORGED, [hostile, "\u{0}=1+1"], hostile);
    model.description = format!("About {hostile}");
    let path = saved(dir.path(), "m.ron", &model);
    for name in ["r.csv", "r.md", "r.html"] {
        let out = dir.path().join(name);
        let output = threatsketch(&["report", s(&path), "-o", s(&out)]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let bytes = fs::read(&out).unwrap();
        let bad = bytes.iter().any(|b| *b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t') || *b == 0x7f);
        assert!(!bad, "{name} carries control bytes");
        if name == "r.csv" {
            let text = String::from_utf8(bytes).unwrap();
            assert!(!text.contains(",=") && !text.contains(",\"=") && !text.contains("\n="), "{text}");
        }
    }
}

// Defect 11 -------------------------------------------------------------------------------

#[test]
fn error_messages_shorten_what_they_quote_from_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let base = fs::read_to_string(template_path("checkout")).unwrap();
    let huge = "x".repeat(10 << 20);
    let cases = [
        // A 10 MB field name: RON's own message quotes it.
        base.replacen("name: \"Serverless checkout\"", &format!("{huge}: 1, name: \"Serverless checkout\""), 1),
        // A kind of 10 MB: the model's validation quotes it.
        base.replacen("kind: \"api_gateway\"", &format!("kind: \"{huge}\""), 1),
        // Two long ids with spaces in them.
        base.replacen("to: \"e4\"", &format!("to: \"{}\"", "a b ".repeat(50_000)), 1),
    ];
    for (i, text) in cases.into_iter().enumerate() {
        let path = dir.path().join(format!("long{i}.ron"));
        fs::write(&path, text).unwrap();
        let output = threatsketch(&["check", s(&path)]);
        assert_eq!(output.status.code(), Some(2), "case {i}");
        let message = stderr(&output);
        assert_eq!(message.lines().count(), 1, "case {i}");
        assert!(message.len() < 600, "case {i}: a line of {} bytes: {}…", message.len(), &message[..300]);
        assert!(message.contains('…') && message.contains(&format!("long{i}.ron")), "case {i}: {message}");
    }
    // The same for a Threat Dragon file: an error that quotes a diagram title and a cell id…
    let td = dir.path().join("td.json");
    let cell = format!(r#"{{"shape": "actor", "id": "{huge}", "data": {{"name": 5}}}}"#);
    let diagram = format!(r#"{{"title": "{huge}", "cells": [{cell}]}}"#);
    fs::write(
        &td,
        format!(r#"{{"version": "2.2.0", "summary": {{"title": "t"}}, "detail": {{"diagrams": [{diagram}]}}}}"#),
    )
    .unwrap();
    let output = threatsketch(&["import", s(&td), "-o", s(&dir.path().join("td.ron"))]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output).lines().count(), 1);
    assert!(stderr(&output).len() < 600, "a line of {} bytes", stderr(&output).len());
    // … and the import summary's note about a cell of an unknown shape.
    let cell = format!(r#"{{"shape": "{huge}"}}"#);
    fs::write(
        &td,
        format!(
            r#"{{"version": "2.2.0", "summary": {{"title": "t"}}, "detail": {{"diagrams": [{{"cells": [{cell}]}}]}}}}"#
        ),
    )
    .unwrap();
    let output = threatsketch(&["import", s(&td), "-o", s(&dir.path().join("td.ron"))]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(output.stdout.len() < 1200, "a summary of {} bytes", output.stdout.len());
}

// Defect 12 -------------------------------------------------------------------------------

#[test]
fn a_dash_is_standard_output() {
    let dir = tempfile::tempdir().unwrap();
    let model = template_path("checkout");
    let cases: [(Vec<&str>, &str); 5] = [
        (vec!["report", &model, "--format", "md", "-o", "-"], "# Serverless checkout"),
        (vec!["report", &model, "--format", "csv", "-o", "-"], "key,element,"),
        (vec!["render", &model, "--format", "svg", "-o", "-"], "<svg "),
        (vec!["export", &model, "--format", "threat-dragon", "-o", "-"], "{"),
        (vec!["new", "--template", "checkout", "-o", "-"], "// ThreatSketch threat model."),
    ];
    for (args, start) in cases {
        let output = command(&args).current_dir(dir.path()).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", stderr(&output));
        assert!(stdout(&output).starts_with(start), "{args:?}: {}", &stdout(&output)[..80.min(output.stdout.len())]);
        assert!(stderr(&output).is_empty(), "{args:?}: {}", stderr(&output));
    }
    let output = command(&["render", &model, "--format", "png", "-o", "-"]).current_dir(dir.path()).output().unwrap();
    assert!(output.stdout.starts_with(b"\x89PNG"), "{}", stderr(&output));
    assert!(fs::read_dir(dir.path()).unwrap().next().is_none(), "a file was written instead of standard output");
    // Without --format, a dash says which format to choose.
    let output = threatsketch(&["report", &model, "-o", "-"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--format"), "{}", stderr(&output));
}

#[cfg(unix)]
#[test]
fn an_output_that_is_not_a_regular_file_is_never_replaced() {
    let dir = tempfile::tempdir().unwrap();
    // Like /dev/stdout: a link to a device.
    let link = dir.path().join("out.md");
    std::os::unix::fs::symlink("/dev/null", &link).unwrap();
    let folder = dir.path().join("folder.md");
    fs::create_dir(&folder).unwrap();
    let model = template_path("checkout");
    for target in [&link, &folder] {
        for force in [false, true] {
            let mut args = vec!["report", model.as_str(), "-o", s(target)];
            if force {
                args.push("--force");
            }
            let output = threatsketch(&args);
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            assert_eq!(stderr(&output).lines().count(), 1, "{}", stderr(&output));
            assert!(stderr(&output).contains("not a regular file"), "{}", stderr(&output));
        }
    }
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link was replaced");
    assert!(folder.is_dir());
    let mut names: Vec<_> = fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    names.sort();
    assert_eq!(names, ["folder.md", "out.md"]);
}

// Defect 13 -------------------------------------------------------------------------------

#[test]
fn usage_errors_are_one_line_then_the_hint() {
    let cases: [&[&str]; 4] = [
        &["check"],
        &["check", "--format", "yaml", "x.ron"],
        &["report", "x.ron", "-o", "r.html", "--bogus"],
        &["new", "--template", "checkout"],
    ];
    for args in cases {
        let output = threatsketch(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let message = stderr(&output);
        let lines: Vec<&str> = message.lines().collect();
        assert_eq!(lines.len(), 2, "{args:?}:\n{message}");
        assert!(lines[0].starts_with("threatsketch: "), "{args:?}:\n{message}");
        assert!(lines[1].contains("--help"), "{args:?}:\n{message}");
        assert!(!has_control(&output.stderr), "{args:?}:\n{message}");
    }
    // Help and version are not errors.
    assert_eq!(threatsketch(&["--help"]).status.code(), Some(0));
    assert_eq!(threatsketch(&["--version"]).status.code(), Some(0));
    assert!(stdout(&threatsketch(&["check", "--help"])).contains("--fail-on"));
}

#[test]
fn a_png_too_large_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    // A long chain: drawing it at this scale would take gigabytes.
    let mut model = ThreatModel::new("long");
    for i in 0..20_000 {
        let id = ElementId::new(format!("e{i}"));
        model.elements.push(Element::new(id.clone(), "function", format!("Function {i}")));
        model.layout.elements.insert(id, Point::new(i as f32 * 200.0, (i % 7) as f32 * 150.0));
    }
    let path = saved(dir.path(), "long.ron", &model);
    let out = dir.path().join("long.png");
    let started = Instant::now();
    let output = threatsketch(&["render", s(&path), "-o", s(&out), "--scale", "2"]);
    let took = started.elapsed();
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains("smaller scale"), "{}", stderr(&output));
    assert!(!out.exists());
    // Loading the model alone takes a good part of this in a debug build.
    let started = Instant::now();
    threatsketch(&["check", "--format", "json", s(&path)]);
    let check = started.elapsed();
    assert!(took < check + Duration::from_secs(1), "refused after {took:?} (a check takes {check:?})");
}

#[test]
fn without_a_display_the_window_exits_2_and_says_what_works() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = command(&[])
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .env_remove("WAYLAND_SOCKET")
        .env("XDG_RUNTIME_DIR", dir.path())
        .env("HOME", dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().ok();
            panic!("the window started without a display");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2), "1 means a threshold was crossed: {}", stderr(&output));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("display") && message.contains("check"), "{message}");
}

#[test]
fn library_warnings_stay_quiet_on_success() {
    let dir = tempfile::tempdir().unwrap();
    // No bundled font has these characters: the image library warns about each one.
    let path = saved(dir.path(), "m.ron", &model_named("网关", ["API 网关", "函数"], "数据"));
    let out = dir.path().join("d.png");
    let output = threatsketch(&["render", s(&path), "-o", s(&out)]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).is_empty(), "{}", stderr(&output));
    // RUST_LOG still shows them to whoever asks.
    let output = command(&["render", s(&path), "-o", s(&out), "--force"]).env("RUST_LOG", "warn").output().unwrap();
    assert!(stderr(&output).contains("WARN"), "{}", stderr(&output));
}
