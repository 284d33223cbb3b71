//! The report as one self-contained HTML page: inline CSS, the diagram as inline SVG, no
//! script and no external request (a content security policy forbids both), so it opens
//! anywhere, can be mailed, and prints to PDF from a browser.

use std::fmt::Write as _;

use super::content::{ReportContent, ThreatRow, rating_text};
use super::matrix_table::{MatrixTable, matrix_table};
use crate::escape::html as esc;
use crate::model::Scale;
use crate::render::{SvgOptions, diagram_svg};
use crate::risk::RiskLevel;
use crate::scene::Badges;
use crate::scene::style::risk_colors;
use crate::threats::{mitigation_info, whom_label};
use crate::words::count;

const STYLE: &str = include_str!("report.css");

pub fn html_report(content: &ReportContent<'_>, badges: &Badges) -> String {
    let model = content.model;
    let mut out = String::with_capacity(64 * 1024);
    let title = format!("{} — threat model report", display_name(&model.name));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"ThreatSketch {}\">\n<title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n<main>\n",
        env!("CARGO_PKG_VERSION"),
        esc(&title),
    );
    let _ = write!(
        out,
        "<header>\n<p class=\"kicker\">Threat model report</p>\n<h1>{}</h1>\n<p class=\"meta\">Made on {} with ThreatSketch · rated {} · {}, {}, {}</p>\n</header>\n",
        esc(display_name(&model.name)),
        esc(&content.today),
        esc(model.scale.label()),
        count(model.elements.len(), "element", "elements"),
        count(model.flows.len(), "data flow", "data flows"),
        count(model.boundaries.len(), "trust boundary", "trust boundaries"),
    );
    summary(&mut out, content);
    changes_since_review(&mut out, content);
    diagram(&mut out, content, badges);
    matrices(&mut out, content);
    threats(&mut out, content);
    questions(&mut out, content);
    review(&mut out, content);
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

fn display_name(name: &str) -> &str {
    if name.trim().is_empty() { "Untitled model" } else { name }
}

fn summary(out: &mut String, content: &ReportContent<'_>) {
    out.push_str("<section id=\"summary\">\n<h2>Summary</h2>\n");
    let description = content.model.description.trim();
    if description.is_empty() {
        out.push_str("<p class=\"muted\">The model has no description yet.</p>\n");
    } else {
        paragraphs(out, description);
    }
    let _ = write!(
        out,
        "<p>{} found, <strong>{} still open</strong>.</p>\n<ul class=\"levels\">\n",
        count(content.rows.len(), "threat", "threats"),
        content.open
    );
    for (i, level) in RiskLevel::ALL.iter().enumerate().rev() {
        let _ = writeln!(out, "<li>{} <span>{}</span></li>", risk_pill(*level), content.open_by_level[i]);
    }
    out.push_str("</ul>\n");
    let top: Vec<_> = content.top().collect();
    if top.is_empty() {
        out.push_str("<p>No open threats: nothing to fix first.</p>\n");
    } else {
        let _ = write!(out, "<h3>Fix these first</h3>\n<ol class=\"top\">\n");
        for row in top {
            let _ = writeln!(
                out,
                "<li>{} <a href=\"#t{}\">{}</a> <span class=\"muted\">on {}</span></li>",
                risk_pill(row.risk),
                row.rank,
                esc(row.title),
                esc(row.target_name)
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
}

fn diagram(out: &mut String, content: &ReportContent<'_>, badges: &Badges) {
    out.push_str("<section id=\"diagram\">\n<h2>Diagram</h2>\n<figure>\n");
    let options = SvgOptions {
        title: format!("Data flow diagram of {}", display_name(&content.model.name)),
        ..SvgOptions::default()
    };
    out.push_str(&diagram_svg(content.model, Some(badges), &options));
    out.push_str(
        "<figcaption>Boxes are parts of the app, arrows are data flows, dashed frames are trust boundaries. \
         A round badge counts the open threats, coloured by the highest risk.</figcaption>\n</figure>\n</section>\n",
    );
}

fn matrices(out: &mut String, content: &ReportContent<'_>) {
    out.push_str("<section id=\"matrix\">\n<h2>Risk matrix</h2>\n");
    out.push_str(
        "<p>Threats by how likely they are and how much harm they would do: the open ones now, and \
         what remains once the plans are carried out (mitigated and accepted ones included, at their \
         rating after mitigation).</p>\n<div class=\"matrices\">\n",
    );
    for residual in [false, true] {
        let table = matrix_table(content, residual);
        matrix(out, &table, content.model.scale);
    }
    out.push_str("</div>\n</section>\n");
}

fn matrix(out: &mut String, table: &MatrixTable, scale: Scale) {
    let _ = write!(
        out,
        "<table class=\"matrix\">\n<caption>{}</caption>\n<tr><th scope=\"col\" class=\"axis\">Impact ↓</th></tr>\n",
        esc(table.caption)
    );
    for (row, impact) in table.rows.iter().zip(scale.levels().iter().rev()) {
        let _ = write!(out, "<tr><th scope=\"row\">{}</th>", esc(impact.label()));
        for cell in row {
            let (fill, text) = risk_colors(cell.risk);
            let _ = write!(
                out,
                "<td style=\"background:#{:02x}{:02x}{:02x};color:#{:02x}{:02x}{:02x}\" title=\"{}\"><b>{}</b><small>{}</small></td>",
                fill.r,
                fill.g,
                fill.b,
                text.r,
                text.g,
                text.b,
                esc(&cell.label),
                cell.count,
                esc(cell.risk.label()),
            );
        }
        out.push_str("</tr>\n");
    }
    out.push_str("<tr><td></td>");
    for likelihood in scale.levels() {
        let _ = write!(out, "<th scope=\"col\">{}</th>", esc(likelihood.label()));
    }
    out.push_str("</tr>\n<tr><td></td>");
    let _ = writeln!(out, "<td colspan=\"{}\" class=\"axis\">Likelihood →</td></tr>", scale.levels().len());
    out.push_str("</table>\n");
}

fn threats(out: &mut String, content: &ReportContent<'_>) {
    out.push_str("<section id=\"threats\">\n<h2>Threats, most urgent first</h2>\n");
    if content.rows.is_empty() {
        out.push_str("<p>No threats: draw elements and data flows to get suggestions.</p>\n");
    }
    for row in &content.rows {
        threat(out, row);
    }
    out.push_str("</section>\n");
}

fn threat(out: &mut String, row: &ThreatRow<'_>) {
    let level = row.risk.label().to_lowercase();
    let class = if row.is_open() { format!("threat edge-{level}") } else { "threat closed".to_owned() };
    let _ = write!(
        out,
        "<article class=\"{class}\" id=\"t{}\">\n<h3><span class=\"rank\">{}.</span> {}</h3>\n<p class=\"facts\">{} <span>on <b>{}</b></span> · <span>{}</span> · <span class=\"status\">{}</span></p>\n",
        row.rank,
        row.rank,
        esc(row.title),
        risk_pill(row.risk),
        esc(row.target_name),
        esc(&row.kind_of_threat(" · ")),
        esc(row.status.label()),
    );
    if !row.explanation.trim().is_empty() {
        paragraphs(out, row.explanation);
    }
    out.push_str("<dl>\n");
    if !row.why.is_empty() {
        out.push_str("<dt>Why suggested</dt><dd><ul>");
        for reason in row.why {
            let _ = write!(out, "<li>{}</li>", esc(reason));
        }
        out.push_str("</ul></dd>\n");
    }
    let factors = row.rating_factors();
    let _ = writeln!(
        out,
        "<dt>Rating</dt><dd>{}{} → {} risk{}</dd>",
        esc(&capitalised(&rating_text(row.likelihood, row.impact))),
        if row.rated_by_user { " (rated by the team)" } else { "" },
        esc(row.risk.label()),
        if factors.is_empty() { String::new() } else { format!(" ({})", esc(&factors.join("; "))) },
    );
    let (l, i, r) = row.residual;
    if (l, i) != (row.likelihood, row.impact) {
        let _ = writeln!(
            out,
            "<dt>After mitigation</dt><dd>{} → {} risk{}</dd>",
            esc(&capitalised(&rating_text(l, i))),
            esc(r.label()),
            row.plan_effect.as_ref().map(|e| format!(" ({})", esc(e))).unwrap_or_default()
        );
    }
    if !row.reason.is_empty() {
        let _ = writeln!(out, "<dt>Reason</dt><dd>{}</dd>", esc(row.reason));
    }
    if !row.owner.is_empty() || !row.due.is_empty() {
        let owner = if row.owner.is_empty() { "nobody yet" } else { row.owner };
        let due = if row.due.is_empty() { String::new() } else { format!(", due {}", row.due) };
        let _ = writeln!(out, "<dt>Owner</dt><dd>{}{}</dd>", esc(owner), esc(&due));
    }
    if !row.mitigations.is_empty() {
        let label = if row.mitigation_chosen { "Mitigation" } else { "Suggested mitigation" };
        let names: Vec<_> = row.mitigations.iter().map(|m| m.label()).collect();
        let _ = write!(out, "<dt>{label}</dt><dd>{}", esc(&names.join(", ")));
        if let Some(info) = row.mitigations.first().and_then(|m| mitigation_info(*m)) {
            let _ = write!(out, " <span class=\"muted\">— {}</span>", esc(&info.explanation));
        }
        if !row.steps.is_empty() {
            out.push_str("<ul>");
            for step in row.steps {
                let _ = write!(out, "<li>{}</li>", esc(step));
            }
            out.push_str("</ul>");
        }
        out.push_str("</dd>\n");
    }
    if let Some((question, whom)) = row.question {
        let _ = writeln!(out, "<dt>Ask {}</dt><dd class=\"question\">{}</dd>", esc(whom_label(whom)), esc(question));
    }
    if !row.notes.trim().is_empty() {
        let _ = writeln!(out, "<dt>Notes</dt><dd>{}</dd>", esc(row.notes).replace('\n', "<br>"));
    }
    let sources = row.sources();
    if !sources.is_empty() {
        // Named, not linked: the page links nowhere outside itself.
        let cited: Vec<String> = sources.iter().map(|(text, _)| esc(text)).collect();
        let _ = writeln!(out, "<dt>Sources</dt><dd class=\"muted\">{}</dd>", cited.join("; "));
    }
    out.push_str("</dl>\n</article>\n");
}

fn questions(out: &mut String, content: &ReportContent<'_>) {
    out.push_str("<section id=\"questions\">\n<h2>Questions to ask</h2>\n");
    if content.questions.is_empty() {
        out.push_str("<p>No open questions.</p>\n");
    }
    for (whom, questions) in &content.questions {
        let _ = write!(out, "<h3>For {}</h3>\n<ol>\n", esc(whom_label(*whom)));
        for question in questions {
            let _ = writeln!(
                out,
                "<li>{} <span class=\"muted\">(about {})</span></li>",
                esc(&question.text),
                esc(&question.about.join(", "))
            );
        }
        out.push_str("</ol>\n");
    }
    out.push_str("</section>\n");
}

/// What changed since the last logged review: the model, then new, gone and re-rated threats.
fn changes_since_review(out: &mut String, content: &ReportContent<'_>) {
    let Some(changes) = &content.since_review else { return };
    out.push_str("<section id=\"changes\">\n<h2>Changes since last review</h2>\n");
    if changes.is_empty() {
        let _ = writeln!(out, "<p>Nothing changed since {}.</p>", esc(&changes.against));
    } else {
        let _ = writeln!(out, "<p>Compared with {}.</p>", esc(&changes.against));
        for section in changes.sections().iter().filter(|s| !s.lines.is_empty()) {
            let _ = writeln!(out, "<h3>{} ({})</h3>\n<ul>", section.heading, section.lines.len());
            for line in &section.lines {
                let _ = writeln!(out, "<li>{}</li>", esc(line));
            }
            out.push_str("</ul>\n");
        }
    }
    out.push_str("</section>\n");
}

fn review(out: &mut String, content: &ReportContent<'_>) {
    let review = &content.model.review;
    out.push_str("<section id=\"review\">\n<h2>Review</h2>\n");
    if review.next.is_empty() {
        out.push_str("<p>No review is planned. Threat models go stale: plan one every quarter.</p>\n");
    } else if content.review_overdue() {
        let _ =
            writeln!(out, "<p class=\"overdue\">The next review was due on {}: it is overdue.</p>", esc(&review.next));
    } else {
        let _ = writeln!(out, "<p>Next review: <strong>{}</strong>.</p>", esc(&review.next));
    }
    if !review.log.is_empty() {
        out.push_str("<table class=\"log\">\n<tr><th scope=\"col\">Date</th><th scope=\"col\">Who</th><th scope=\"col\">What changed</th></tr>\n");
        for entry in review.log.iter().rev() {
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&entry.date),
                esc(&entry.who),
                esc(&entry.summary)
            );
        }
        out.push_str("</table>\n");
    }
    out.push_str("</section>\n");
}

/// A risk level as a coloured label: the word carries the meaning, the colour repeats it.
fn risk_pill(level: RiskLevel) -> String {
    format!("<span class=\"risk risk-{}\">{}</span>", level.label().to_lowercase(), esc(level.label()))
}

fn paragraphs(out: &mut String, text: &str) {
    for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let _ = writeln!(out, "<p>{}</p>", esc(paragraph).replace('\n', "<br>"));
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
