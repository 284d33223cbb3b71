//! The command line: exit 0 when fine, 2 for bad input or usage, with one clear line on stderr.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output};

fn threatsketch(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_threatsketch")).args(args).output().expect("the binary runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn template_path(name: &str) -> String {
    format!("{}/assets/templates/{name}.ron", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_summarises_a_valid_model() {
    let output = threatsketch(&["check", &template_path("checkout")]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("Serverless checkout"), "{text}");
    assert!(text.contains("6 elements, 5 flows, 3 trust boundaries"), "{text}");
    assert!(text.contains("2 flows cross a trust boundary"), "{text}");
    assert!(text.contains("no problems found"), "{text}");
}

#[test]
fn check_json_is_machine_readable() {
    let output = threatsketch(&["check", "--format", "json", &template_path("image-upload")]);
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(report["elements"], 8);
    assert_eq!(report["flows"], 7);
    assert_eq!(report["warnings"].as_array().map(Vec::len), Some(0));
}

#[test]
fn check_lists_warnings_with_their_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("warn.ron");
    let text = std::fs::read_to_string(template_path("checkout")).unwrap().replacen(
        "properties: {\"internet_facing\": Yes}",
        "properties: {\"internet_facing\": Yes, \"made_up\": No}",
        1,
    );
    std::fs::write(&path, text).unwrap();
    let output = threatsketch(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("1 warning:"), "{}", stdout(&output));
    assert!(stdout(&output).contains("made_up"));
    assert!(stdout(&output).contains("line "));
}

#[test]
fn check_refuses_an_invalid_model_with_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    let text = std::fs::read_to_string(template_path("checkout")).unwrap().replacen("to: \"e4\"", "to: \"e77\"", 1);
    std::fs::write(&path, text).unwrap();
    let output = threatsketch(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.lines().count(), 1, "{message}");
    assert!(message.contains("e77") && message.contains("line ") && message.contains("broken.ron"), "{message}");
    assert!(stdout(&output).is_empty());
}

#[test]
fn check_refuses_unreadable_and_non_model_files() {
    let output = threatsketch(&["check", "/no/such/model.ron"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("could not read"), "{}", stderr(&output));

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("other.json");
    std::fs::write(&path, "{\"cells\": []}").unwrap();
    let output = threatsketch(&["check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr(&output).lines().count(), 1);
}

#[test]
fn new_writes_a_template_that_checks_clean_with_a_review_a_quarter_ahead() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shop.ron");
    let output = threatsketch(&["new", "--template", "contact-form", "--output", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let written = threatsketch::io::load_path(&path).unwrap().model;
    let mut template = threatsketch::io::templates::Template::find("contact-form").unwrap().model().unwrap();
    let today = threatsketch::model::today();
    assert_eq!(written.review.next, threatsketch::model::add_days(&today, 91).unwrap());
    template.review = written.review.clone();
    assert_eq!(written, template);
    let check = threatsketch(&["check", path.to_str().unwrap()]);
    assert_eq!(check.status.code(), Some(0));
    assert!(stdout(&check).contains("next review "), "{}", stdout(&check));
}

#[test]
fn check_says_when_a_review_is_overdue() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.ron");
    let mut model = threatsketch::io::templates::Template::sample().model().unwrap();
    model.review.next = "2020-01-31".into();
    threatsketch::io::save_path(&model, &path).unwrap();
    let output = threatsketch(&["check", path.to_str().unwrap()]);
    assert!(stdout(&output).contains("review overdue since 2020-01-31"), "{}", stdout(&output));
    let json = threatsketch(&["check", "--format", "json", path.to_str().unwrap()]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&json)).unwrap();
    assert_eq!((report["review_overdue"].as_bool(), report["next_review"].as_str()), (Some(true), Some("2020-01-31")));
}

#[test]
fn new_never_overwrites_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("keep.ron");
    std::fs::write(&path, "precious").unwrap();
    let output = threatsketch(&["new", "--template", "checkout", "--output", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("--force"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
    let output = threatsketch(&["new", "--template", "checkout", "--output", path.to_str().unwrap(), "--force"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(Path::new(&format!("{}~", path.display())).exists(), "the overwritten file is kept as a backup");
}

#[test]
fn new_with_an_unknown_template_lists_the_known_ones() {
    let output = threatsketch(&["new", "--template", "mainframe", "--output", "/tmp/never-written.ron"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("checkout"), "{}", stderr(&output));
    assert!(!Path::new("/tmp/never-written.ron").exists());
}

#[test]
fn templates_lists_every_template() {
    let output = threatsketch(&["templates"]);
    assert_eq!(output.status.code(), Some(0));
    for id in ["checkout", "contact-form", "image-upload", "blank"] {
        assert!(stdout(&output).lines().any(|l| l.starts_with(id)), "{id}");
    }
}

#[test]
fn usage_errors_exit_with_2() {
    assert_eq!(threatsketch(&["check"]).status.code(), Some(2));
    assert_eq!(threatsketch(&["check", "--format", "yaml", "x.ron"]).status.code(), Some(2));
    assert_eq!(threatsketch(&["new", "--template", "checkout"]).status.code(), Some(2));
}

#[test]
fn check_reports_threats_with_the_documented_fields() {
    let output = threatsketch(&["check", "--format", "json", &template_path("checkout")]);
    assert_eq!(output.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let threats = report["threats"].as_array().expect("a threats array");
    assert!(!threats.is_empty());
    let strides =
        ["Spoofing", "Tampering", "Repudiation", "InformationDisclosure", "DenialOfService", "ElevationOfPrivilege"];
    for threat in threats {
        for field in [
            "key",
            "rule",
            "target",
            "target_name",
            "stride",
            "category",
            "title",
            "likelihood",
            "impact",
            "risk",
            "status",
            "why",
        ] {
            assert!(!threat[field].is_null(), "missing {field} in {threat}");
        }
        let key = threat["key"].as_str().unwrap();
        assert_eq!(key, format!("{}@{}", threat["rule"].as_str().unwrap(), threat["target"].as_str().unwrap()));
        assert!(strides.contains(&threat["stride"].as_str().unwrap()), "{threat}");
        assert!(!threat["why"].as_array().unwrap().is_empty());
    }
}

#[test]
fn check_text_lists_open_threats_riskiest_first() {
    let output = threatsketch(&["check", &template_path("checkout")]);
    let text = stdout(&output);
    let line = text.lines().find(|l| l.contains("threat")).expect("a threat count line");
    assert!(line.contains("open"), "{line}");
    let levels: Vec<usize> = text
        .lines()
        .filter_map(|l| {
            ["Critical", "High", "Medium", "Low"].iter().position(|level| l.trim_start().starts_with(level))
        })
        .collect();
    assert!(!levels.is_empty(), "{text}");
    assert!(levels.windows(2).all(|w| w[0] <= w[1]), "riskiest first: {text}");
}

#[test]
fn a_reader_that_stops_early_is_not_an_error() {
    use std::io::Read as _;
    use std::process::Stdio;
    // A report far larger than a pipe's buffer, read for a few bytes only (like `| head -c 10`).
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.ron");
    let mut model = threatsketch::model::ThreatModel::new("large");
    for i in 0..400 {
        let id = threatsketch::model::ElementId::new(format!("e{i}"));
        model.elements.push(threatsketch::model::Element::new(id.clone(), "function", format!("Function {i}")));
        model.layout.elements.insert(id, threatsketch::model::Point::new(i as f32 * 300.0, 0.0));
    }
    threatsketch::io::save_path(&model, &path).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_threatsketch"))
        .args(["check", "--format", "json"])
        .arg(&path)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(!stderr(&output).contains("panicked"), "{}", stderr(&output));
}

#[test]
fn fail_on_exits_with_1_and_lists_the_open_threats_at_or_above_the_level() {
    let output = threatsketch(&["check", "--fail-on", "critical", &template_path("checkout")]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let message = stderr(&output);
    assert!(message.lines().next().unwrap().contains("at or above critical risk"), "{message}");
    assert!(message.contains("api-without-authorizer@e2"), "{message}");
    assert!(message.lines().skip(1).all(|l| l.trim_start().starts_with("Critical")), "{message}");
    // The report itself is still printed in full.
    assert!(stdout(&output).contains("Serverless checkout"));

    // A model with nothing in it crosses no threshold.
    assert_eq!(threatsketch(&["check", "--fail-on", "low", &template_path("blank")]).status.code(), Some(0));
    assert_eq!(threatsketch(&["check", "--fail-on", "severe", &template_path("blank")]).status.code(), Some(2));
}

#[test]
fn a_threat_marked_not_applicable_no_longer_fails_the_check() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("decided.ron");
    let mut model = threatsketch::io::templates::Template::sample().model().unwrap();
    let output = threatsketch(&["check", "--format", "json", &template_path("checkout")]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    for threat in report["threats"].as_array().unwrap() {
        assert!(!threat["residual_risk"].is_null() && !threat["rated_by_user"].is_null(), "{threat}");
        if threat["risk"] == "Critical" {
            let decision = threatsketch::model::Decision {
                status: threatsketch::model::ThreatStatus::NotApplicable,
                reason: "covered by the payment provider".into(),
                ..Default::default()
            };
            model.decisions.insert(threat["key"].as_str().unwrap().to_owned(), decision);
        }
    }
    threatsketch::io::save_path(&model, &path).unwrap();
    let output = threatsketch(&["check", "--fail-on", "critical", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(threatsketch(&["check", "--fail-on", "high", path.to_str().unwrap()]).status.code(), Some(1));
}

#[test]
fn report_writes_each_format_by_extension() {
    let dir = tempfile::tempdir().unwrap();
    for (name, start) in [("r.html", "<!DOCTYPE html>"), ("r.md", "# Serverless checkout"), ("r.csv", "key,element,")] {
        let out = dir.path().join(name);
        let output = threatsketch(&["report", &template_path("checkout"), "--output", out.to_str().unwrap()]);
        assert_eq!(output.status.code(), Some(0), "{name}: {}", stderr(&output));
        assert!(std::fs::read_to_string(&out).unwrap().starts_with(start), "{name}");
    }
    let forced = dir.path().join("report.txt");
    let output =
        threatsketch(&["report", &template_path("checkout"), "-o", forced.to_str().unwrap(), "--format", "md"]);
    assert_eq!(output.status.code(), Some(0));
    assert!(std::fs::read_to_string(&forced).unwrap().contains("## Threats, most urgent first"));
}

#[test]
fn report_and_render_refuse_bad_input_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let cases: [(&[&str], &str); 4] = [
        (&["report", &template_path("checkout"), "-o", &out("r.docx")], ".html, .md or .csv"),
        (&["report", "/no/such/model.ron", "-o", &out("r.html")], "model.ron"),
        (&["render", &template_path("checkout"), "-o", &out("d.gif")], ".svg or .png"),
        (&["render", &template_path("checkout"), "-o", &out("d.png"), "--scale", "0"], "scale"),
    ];
    for (args, expected) in cases {
        let output = threatsketch(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stderr(&output).contains(expected), "{args:?}: {}", stderr(&output));
        assert_eq!(stderr(&output).lines().count(), 1, "one line on stderr");
    }
    assert!(!Path::new(&out("r.html")).exists(), "nothing written on failure");
}

#[test]
fn render_draws_png_and_svg() {
    let dir = tempfile::tempdir().unwrap();
    let png = dir.path().join("d.png");
    let output = threatsketch(&["render", &template_path("checkout"), "-o", png.to_str().unwrap(), "--scale", "2"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    let svg = dir.path().join("d.svg");
    let output = threatsketch(&["render", &template_path("checkout"), "-o", svg.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0));
    assert!(std::fs::read_to_string(&svg).unwrap().contains("Orders database"));
}

#[test]
fn import_reads_a_sam_template_and_says_what_it_found() {
    let dir = tempfile::tempdir().unwrap();
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/iac/sam/sqs-lambda-python-sam.yaml");
    let output = dir.path().join("queue.ron");
    let run = threatsketch(&["import", template.to_str().unwrap(), "--output", output.to_str().unwrap()]);
    assert!(run.status.success(), "{}", String::from_utf8_lossy(&run.stderr));
    let summary = String::from_utf8_lossy(&run.stderr);
    assert!(summary.contains("from sqs-lambda-python-sam.yaml (a SAM template)"), "{summary}");
    let check = threatsketch(&["check", output.to_str().unwrap(), "--format", "json"]);
    assert!(check.status.success());
    let model = std::fs::read_to_string(&output).unwrap();
    assert!(model.contains("kind: \"queue\"") && model.contains("kind: \"function\""), "{model}");

    let broken = dir.path().join("broken.yaml");
    std::fs::write(&broken, "Resources:\n  Queue:\n    Type: [AWS::SQS::Queue\n").unwrap();
    let run =
        threatsketch(&["import", broken.to_str().unwrap(), "--output", dir.path().join("b.ron").to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(2));
    let error = String::from_utf8_lossy(&run.stderr);
    assert!(error.contains("broken.yaml:") && error.lines().count() == 1, "{error}");
    assert!(!dir.path().join("b.ron").exists(), "nothing written");
}
