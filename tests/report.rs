//! Reports and diagram images: every format has the expected content, user text is escaped
//! for its format, and the HTML page runs no script in a real browser.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::Command;

use threatsketch::io::templates::Template;
use threatsketch::model::{Decision, OwnThreat, ReviewEntry, SeedCategory, Stride, ThreatModel, ThreatStatus};
use threatsketch::render::{ImageFormat, diagram_image};
use threatsketch::report::{CSV_HEADER, ReportFormat, write_report};
use threatsketch::threats::{Analysis, Catalogue, analyze};

const SCRIPT: &str = "<script>document.title='PWNED';document.body.setAttribute('data-pwned','1')</script>";
const IMG: &str = r#""><img src=x onerror="document.body.setAttribute('data-pwned','1')">"#;
const LINK: &str = "[click me](javascript:alert(1))";
const FORMULA: &str = r#"=HYPERLINK("http://evil.example","Click")"#;

/// The checkout sample with hostile text in every field a user can type into.
fn hostile_model() -> ThreatModel {
    let mut model = Template::sample().model().unwrap();
    model.name = format!("Shop {SCRIPT}");
    model.description = format!("{IMG}\n\n# not a heading\n{LINK}");
    model.elements[0].name = SCRIPT.to_owned();
    model.elements[1].name = IMG.to_owned();
    model.elements[2].name = FORMULA.to_owned();
    model.elements[3].name = "| broken | table |".to_owned();
    model.flows[0].label = LINK.to_owned();
    let target = model.elements[2].id.as_str().to_owned();
    model.own_threats.push(OwnThreat {
        id: "own-1".into(),
        target: target.clone(),
        title: FORMULA.into(),
        description: SCRIPT.into(),
        stride: Stride::Tampering,
        category: SeedCategory::CodeInjection,
    });
    model.decisions.insert(
        format!("own-1@{target}"),
        Decision { owner: "@SUM(1+1)*cmd|' /C calc'!A0".into(), notes: IMG.into(), ..Decision::default() },
    );
    model.decisions.insert(
        format!("function-over-privileged@{target}"),
        Decision {
            status: ThreatStatus::Accepted,
            reason: format!("-2+3 {SCRIPT}"),
            owner: "+44 Eve".into(),
            due: "2027-01-31".into(),
            ..Decision::default()
        },
    );
    model.review.log.push(ReviewEntry { date: "2026-11-01".into(), who: IMG.into(), summary: LINK.into() });
    model
}

fn analysis(model: &ThreatModel) -> Analysis {
    analyze(model, Catalogue::builtin())
}

fn report(format: ReportFormat, model: &ThreatModel) -> String {
    write_report(format, model, &analysis(model), "2026-11-29")
}

const HEADINGS: [&str; 6] =
    ["Summary", "Diagram", "Risk matrix", "Threats, most urgent first", "Questions to ask", "Review"];

#[test]
fn html_has_every_section_and_no_external_reference() {
    let model = Template::sample().model().unwrap();
    let html = report(ReportFormat::Html, &model);
    for heading in HEADINGS {
        assert!(html.contains(&format!("<h2>{heading}</h2>")), "{heading} missing");
    }
    assert!(html.contains("<h3>Fix these first</h3>"));
    assert!(html.contains("<svg "), "the diagram is inline SVG");
    assert!(html.contains("Content-Security-Policy"));
    // The only URL is the SVG namespace; every link stays inside the page.
    assert_eq!(html.matches("http:").count(), html.matches("http://www.w3.org/2000/svg").count());
    assert!(!html.contains("https:"));
    for (at, _) in html.match_indices("href=\"") {
        assert!(html[at + 6..].starts_with('#'), "external link at {at}");
    }
    assert!(!html.contains("src="));
    for element in &model.elements {
        assert!(html.contains(&threatsketch::escape::html(&element.name)));
    }
}

#[test]
fn html_escapes_everything_the_user_typed() {
    let html = report(ReportFormat::Html, &hostile_model());
    assert!(!html.contains("<script"), "a script tag got through");
    assert!(!html.contains("<img"), "an img tag got through");
    assert!(!html.contains("onerror=\""), "an event handler attribute got through");
    assert!(html.contains("&lt;script&gt;document.title"));
    assert!(html.contains("[click me](javascript:alert(1))"), "the link is shown as text");
    assert!(!html.contains("href=\"javascript"));
}

#[test]
fn markdown_has_the_same_sections_and_escapes_markup() {
    let plain = report(ReportFormat::Markdown, &Template::sample().model().unwrap());
    for heading in HEADINGS {
        assert!(plain.contains(&format!("\n## {heading}\n")), "{heading} missing");
    }
    assert!(plain.contains("### Fix these first"));
    let hostile = report(ReportFormat::Markdown, &hostile_model());
    // Escaped markup reads `\<script`: only an unescaped `<` would start HTML.
    let unescaped = hostile.replace("\\<", "");
    assert!(!unescaped.contains("<script"));
    assert!(!unescaped.contains("<img"));
    assert!(hostile.contains("\n## Diagram\n\n```mermaid\n"));
    // Outside the Mermaid block (whose labels are plain text) no link can form.
    let start = hostile.find("```mermaid").unwrap();
    let end = start + hostile[start..].find("\n```\n").unwrap();
    let chart = &hostile[start..end];
    let prose = format!("{}{}", &hostile[..start], &hostile[end..]);
    assert!(!prose.contains("[click me]("), "a link would be made");
    assert!(!chart.contains("<script") && !chart.contains("<img"), "markup in the chart");
    assert!(chart.contains("#lt;script#gt;"));
    assert!(hostile.contains(r"\[click me\](javascript:alert(1))"));
    assert!(!prose.contains("\n# not a heading"));
    // A pipe in a name cannot add table columns.
    assert!(!prose.contains("| broken |"));
}

/// A small RFC 4180 reader, to check the CSV as a spreadsheet would read it.
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    let mut rows = vec![];
    let mut row = vec![];
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => row.push(std::mem::take(&mut field)),
            ('\r', false) => {}
            ('\n', false) => {
                row.push(std::mem::take(&mut field));
                rows.push(std::mem::take(&mut row));
            }
            (c, _) => field.push(c),
        }
    }
    rows
}

#[test]
fn csv_has_one_row_per_threat_and_no_formula_can_run() {
    let model = hostile_model();
    let threats = analysis(&model).threats.len();
    let rows = parse_csv(&report(ReportFormat::Csv, &model));
    assert_eq!(rows[0], CSV_HEADER);
    assert_eq!(rows.len(), threats + 1);
    for row in &rows {
        assert_eq!(row.len(), CSV_HEADER.len(), "{row:?}");
        for field in row {
            assert!(!field.starts_with(['=', '+', '-', '@']), "a spreadsheet would run {field:?}");
        }
    }
    // The text itself survives, behind the defusing apostrophe.
    assert!(rows.iter().flatten().any(|f| f == &format!("'{FORMULA}")));
    assert!(rows.iter().flatten().any(|f| f == "'+44 Eve"));
    let ranks: Vec<usize> = rows[1..].iter().map(|r| r[14].parse().unwrap()).collect();
    assert_eq!(ranks, (1..=threats).collect::<Vec<_>>(), "rows are in fix-first order");
}

#[test]
fn reports_put_the_most_urgent_threat_first() {
    let model = Template::sample().model().unwrap();
    let md = report(ReportFormat::Markdown, &model);
    let first = md.find("### 1. ").unwrap();
    assert!(md[first..].lines().nth(2).unwrap().starts_with("**Critical risk**"), "{}", &md[first..first + 200]);
}

#[test]
fn images_are_drawn_without_a_display() {
    let model = hostile_model();
    let analysis = analysis(&model);
    let svg = String::from_utf8(diagram_image(&model, &analysis, ImageFormat::Svg, 1.0).unwrap()).unwrap();
    assert!(svg.starts_with("<svg ") && !svg.contains("<script") && !svg.contains("<img"));
    let png = diagram_image(&model, &analysis, ImageFormat::Png, 1.0).unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(ImageFormat::from_path(Path::new("a.PNG")), Some(ImageFormat::Png));
    assert_eq!(ImageFormat::from_path(Path::new("a.jpg")), None);
}

fn chromium() -> Option<&'static str> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .into_iter()
        .find(|path| Path::new(path).exists())
}

/// Opens the hostile report in headless Chromium and reads back the DOM after load: no script
/// ran, no element came from user text, and the page has its headings. CI installs Chromium and
/// sets THREATSKETCH_REQUIRE_CHROMIUM, so there the test cannot be skipped.
#[test]
fn html_report_runs_no_script_in_headless_chromium() {
    let Some(browser) = chromium() else {
        assert!(std::env::var_os("THREATSKETCH_REQUIRE_CHROMIUM").is_none(), "Chromium is required but not installed");
        eprintln!("skipped: Chromium is not installed");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, report(ReportFormat::Html, &hostile_model())).unwrap();
    let output = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=2000",
        ])
        .arg(format!("--user-data-dir={}", dir.path().join("profile").display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&output.stdout);
    assert!(dom.contains("<h1>"), "Chromium printed no page: {}", String::from_utf8_lossy(&output.stderr));
    for heading in HEADINGS {
        assert!(dom.contains(&format!("<h2>{heading}</h2>")), "{heading} missing from the rendered page");
    }
    assert!(!dom.contains("data-pwned=\"1\""), "a script ran");
    assert!(!dom.contains("<title>PWNED"), "a script ran");
    assert!(!dom.contains("<script"), "a script element exists");
    assert!(!dom.contains("<img"), "an image element exists");
    assert!(dom.contains("&lt;script&gt;"), "the name is shown as text");
}

#[test]
fn reports_show_what_the_plan_buys() {
    let mut model = Template::sample().model().unwrap();
    let plain = analysis(&model);
    let threat = plain.threats.iter().find(|t| t.rule().is_some() && t.likelihood > model.scale.levels()[0]).unwrap();
    let family = threat.rule().unwrap().mitigation;
    model.decisions.insert(threat.key(), Decision { mitigations: [family].into(), ..Decision::default() });
    let effect = format!("the plan includes {}", family.label().to_lowercase());
    for format in [ReportFormat::Html, ReportFormat::Markdown] {
        let text = report(format, &model);
        assert!(text.contains("After mitigation") && text.contains(&effect), "{format:?}");
        assert!(!report(format, &Template::sample().model().unwrap()).contains("the plan includes"), "{format:?}");
    }
}

#[test]
fn reports_say_what_changed_since_the_last_review_when_asked() {
    use threatsketch::changes::reviewed_state;
    use threatsketch::report::{ReportOptions, write_report_with};
    let mut model = Template::sample().model().unwrap();
    let today = "2026-12-02";
    let before = model.clone();
    model.review.reviewed = Some(reviewed_state(&before, &analysis(&before), "2026-11-30"));
    // Nothing changed yet: the section says so.
    let markdown = report(ReportFormat::Markdown, &model);
    assert!(markdown.contains("## Changes since last review\n\nNothing changed since the review of 2026-11-30."));
    // A function renamed with a hostile name, one removed.
    let functions: Vec<usize> = (0..model.elements.len()).filter(|&i| model.elements[i].kind == "function").collect();
    let old_name = model.elements[functions[0]].name.clone();
    model.elements[functions[0]].name = "<b>Pay</b>".to_owned();
    let removed = model.elements.remove(functions[1]);
    model.flows.retain(|f| !f.touches(&removed.id));
    let analysis = analysis(&model);
    let html = write_report_with(ReportFormat::Html, &model, &analysis, today, ReportOptions::default());
    assert!(html.contains("<h2>Changes since last review</h2>"));
    assert!(html.contains(&format!("<li>Element changed: &lt;b&gt;Pay&lt;/b&gt; (was {old_name})</li>")), "escaped");
    assert!(html.contains(&format!("<li>Element removed: {}</li>", removed.name)));
    assert!(html.contains("<h3>Gone threats ("));
    let markdown = write_report_with(ReportFormat::Markdown, &model, &analysis, today, ReportOptions::default());
    assert!(markdown.contains("### The model (") && markdown.contains("### Gone threats ("));
    assert!(markdown.contains(&format!("- Element removed: {}", removed.name)));
    // Left out when not asked for, and when no review recorded what it saw.
    let without = ReportOptions { changes_since_review: false };
    for format in [ReportFormat::Html, ReportFormat::Markdown] {
        assert!(!write_report_with(format, &model, &analysis, today, without).contains("Changes since last review"));
        assert!(!report(format, &before).contains("Changes since last review"));
    }
}
