//! The report as Markdown, for a repository or a wiki: the same sections as the HTML page.
//! Every user-entered string goes through `escape::markdown_inline`, so names cannot inject
//! links, HTML or table breaks.

use std::fmt::Write as _;

use super::content::{ReportContent, ThreatRow, rating_text};
use super::matrix_table::matrix_table;
use super::mermaid::mermaid_flowchart;
use crate::escape::markdown_inline as md;
use crate::risk::RiskLevel;
use crate::scene::Badges;
use crate::threats::whom_label;
use crate::words::count;

pub fn markdown_report(content: &ReportContent<'_>, badges: &Badges) -> String {
    let model = content.model;
    let name = if model.name.trim().is_empty() { "Untitled model" } else { model.name.as_str() };
    let mut out = String::with_capacity(32 * 1024);
    let _ = write!(
        out,
        "# {} — threat model report\n\nMade on {} with ThreatSketch · rated {} · {}, {}, {}\n\n",
        md(name),
        md(&content.today),
        md(model.scale.label()),
        count(model.elements.len(), "element", "elements"),
        count(model.flows.len(), "data flow", "data flows"),
        count(model.boundaries.len(), "trust boundary", "trust boundaries"),
    );

    out.push_str("## Summary\n\n");
    for paragraph in model.description.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
        let _ = write!(out, "{}\n\n", md(paragraph));
    }
    let _ =
        write!(out, "{} found, **{} still open**:\n\n", count(content.rows.len(), "threat", "threats"), content.open);
    for (i, level) in RiskLevel::ALL.iter().enumerate().rev() {
        let _ = writeln!(out, "- {}: {}", level.label(), content.open_by_level[i]);
    }
    out.push('\n');
    let top: Vec<_> = content.top().collect();
    if !top.is_empty() {
        out.push_str("### Fix these first\n\n");
        for (i, row) in top.iter().enumerate() {
            let _ = writeln!(
                out,
                "{}. **{}** ({} risk) on {}",
                i + 1,
                md(row.title),
                row.risk.label(),
                md(row.target_name)
            );
        }
        out.push('\n');
    }

    changes_since_review(&mut out, content);
    out.push_str("## Diagram\n\n");
    out.push_str(&mermaid_flowchart(model, badges));
    out.push_str("\nBoxes are parts of the app, arrows are data flows, frames are trust boundaries.\n\n");

    out.push_str(
        "## Risk matrix\n\nThreats by likelihood (columns) and impact (rows): the open ones now, and what \
         remains once the plans are carried out (mitigated and accepted ones included, at their rating \
         after mitigation).\n\n",
    );
    for residual in [false, true] {
        let table = matrix_table(content, residual);
        let _ = write!(out, "**{}**\n\n| Impact \\\\ Likelihood |", table.caption);
        for likelihood in model.scale.levels() {
            let _ = write!(out, " {} |", likelihood.label());
        }
        out.push_str("\n|---|");
        out.push_str(&"---|".repeat(model.scale.levels().len()));
        out.push('\n');
        for (row, impact) in table.rows.iter().zip(model.scale.levels().iter().rev()) {
            let _ = write!(out, "| **{}** |", impact.label());
            for cell in row {
                let _ = write!(out, " {} ({}) |", cell.count, cell.risk.label());
            }
            out.push('\n');
        }
        out.push('\n');
    }

    out.push_str("## Threats, most urgent first\n\n");
    if content.rows.is_empty() {
        out.push_str("No threats: draw elements and data flows to get suggestions.\n\n");
    }
    for row in &content.rows {
        threat(&mut out, row);
    }

    out.push_str("## Questions to ask\n\n");
    if content.questions.is_empty() {
        out.push_str("No open questions.\n\n");
    }
    for (whom, questions) in &content.questions {
        let _ = write!(out, "### For {}\n\n", whom_label(*whom));
        for (i, question) in questions.iter().enumerate() {
            let _ = writeln!(out, "{}. {} (about {})", i + 1, md(&question.text), md(&question.about.join(", ")));
        }
        out.push('\n');
    }

    out.push_str("## Review\n\n");
    let review = &model.review;
    if review.next.is_empty() {
        out.push_str("No review is planned. Threat models go stale: plan one every quarter.\n\n");
    } else if content.review_overdue() {
        let _ = write!(out, "The next review was due on {}: **it is overdue**.\n\n", md(&review.next));
    } else {
        let _ = write!(out, "Next review: **{}**.\n\n", md(&review.next));
    }
    if !review.log.is_empty() {
        out.push_str("| Date | Who | What changed |\n|---|---|---|\n");
        for entry in review.log.iter().rev() {
            let _ = writeln!(out, "| {} | {} | {} |", md(&entry.date), md(&entry.who), md(&entry.summary));
        }
        out.push('\n');
    }
    out
}

/// What changed since the last logged review: the model, then new, gone and re-rated threats.
fn changes_since_review(out: &mut String, content: &ReportContent<'_>) {
    let Some(changes) = &content.since_review else { return };
    out.push_str("## Changes since last review\n\n");
    if changes.is_empty() {
        let _ = write!(out, "Nothing changed since {}.\n\n", md(&changes.against));
        return;
    }
    let _ = write!(out, "Compared with {}.\n\n", md(&changes.against));
    for section in changes.sections().iter().filter(|s| !s.lines.is_empty()) {
        let _ = write!(out, "### {} ({})\n\n", section.heading, section.lines.len());
        for line in &section.lines {
            let _ = writeln!(out, "- {}", md(line));
        }
        out.push('\n');
    }
}

fn threat(out: &mut String, row: &ThreatRow<'_>) {
    let _ = write!(
        out,
        "### {}. {}\n\n**{} risk** on {} · {} · **{}**\n\n",
        row.rank,
        md(row.title),
        row.risk.label(),
        md(row.target_name),
        row.kind_of_threat(" · "),
        row.status.label(),
    );
    if !row.explanation.trim().is_empty() {
        let _ = write!(out, "{}\n\n", md(row.explanation));
    }
    if !row.why.is_empty() {
        let reasons: Vec<String> = row.why.iter().map(|w| md(w)).collect();
        let _ = writeln!(out, "- Why suggested: {}", reasons.join("; "));
    }
    let factors = row.rating_factors();
    let _ = writeln!(
        out,
        "- Rating: {}{} → {} risk{}",
        rating_text(row.likelihood, row.impact),
        if row.rated_by_user { " (rated by the team)" } else { "" },
        row.risk.label(),
        if factors.is_empty() {
            String::new()
        } else {
            format!(" ({})", factors.iter().map(|f| md(f)).collect::<Vec<_>>().join("; "))
        },
    );
    let (l, i, r) = row.residual;
    if (l, i) != (row.likelihood, row.impact) {
        let effect = row.plan_effect.as_ref().map(|e| format!(" ({})", md(e))).unwrap_or_default();
        let _ = writeln!(out, "- After mitigation: {} → {} risk{effect}", rating_text(l, i), r.label());
    }
    if !row.reason.is_empty() {
        let _ = writeln!(out, "- Reason: {}", md(row.reason));
    }
    if !row.owner.is_empty() || !row.due.is_empty() {
        let owner = if row.owner.is_empty() { "nobody yet" } else { row.owner };
        let due = if row.due.is_empty() { String::new() } else { format!(", due {}", md(row.due)) };
        let _ = writeln!(out, "- Owner: {}{due}", md(owner));
    }
    if !row.mitigations.is_empty() {
        let label = if row.mitigation_chosen { "Mitigation" } else { "Suggested mitigation" };
        let names: Vec<_> = row.mitigations.iter().map(|m| m.label()).collect();
        let _ = writeln!(out, "- {label}: {}", names.join(", "));
        for step in row.steps {
            let _ = writeln!(out, "  - {}", md(step));
        }
    }
    if let Some((question, whom)) = row.question {
        let _ = writeln!(out, "- Ask {}: *{}*", whom_label(whom), md(question));
    }
    let sources = row.sources();
    if !sources.is_empty() {
        let cited: Vec<String> = sources
            .iter()
            .map(|(text, link)| match link {
                Some(link) => format!("[{}]({link})", md(text)),
                None => md(text),
            })
            .collect();
        let _ = writeln!(out, "- Sources: {}", cited.join("; "));
    }
    if !row.notes.trim().is_empty() {
        let _ = writeln!(out, "- Notes: {}", md(row.notes));
    }
    out.push('\n');
}
