use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;

use serde::Serialize;

use super::{FailOn, OutputFormat};
use crate::escape::{clip_quoted, terminal};
use crate::io::load_path;
use crate::model::{Level, SeedCategory, Stride, ThreatModel, ThreatStatus, today};
use crate::risk::RiskLevel;
use crate::threats::{Analysis, Catalogue, Names, Origin, Threat, analyze, combine, rules_locations};
use crate::words::{count, count_with_verb};

/// What `check` reports; later checks (threats, risk) add fields here. It borrows from the
/// model and the analysis, so that reports of thousands of threats copy no text.
#[derive(Debug, Serialize)]
pub struct CheckReport<'a> {
    pub file: String,
    pub name: &'a str,
    pub elements: usize,
    pub flows: usize,
    pub boundaries: usize,
    pub flows_crossing_boundaries: usize,
    /// YYYY-MM-DD, or empty when no review is planned.
    pub next_review: &'a str,
    pub review_overdue: bool,
    pub warnings: Vec<String>,
    pub threats: Vec<ThreatReport<'a>>,
    /// Keys of decisions whose element or flow is gone.
    pub orphaned_decisions: Vec<&'a str>,
}

/// One threat, as `check --format json` reports it.
#[derive(Debug, Serialize)]
pub struct ThreatReport<'a> {
    pub key: String,
    pub rule: &'a str,
    pub target: &'a str,
    pub target_name: &'a str,
    pub stride: Stride,
    pub category: SeedCategory,
    pub title: &'a str,
    pub likelihood: Level,
    pub impact: Level,
    pub risk: RiskLevel,
    /// The likelihood or impact was set by the user.
    pub rated_by_user: bool,
    pub residual_likelihood: Level,
    pub residual_impact: Level,
    pub residual_risk: RiskLevel,
    pub status: ThreatStatus,
    /// Who deals with it and by when; empty when nobody was named.
    pub owner: &'a str,
    pub due_date: &'a str,
    pub why: &'a [Arc<str>],
    /// What moved the suggested rating, one level each.
    pub factors: Vec<String>,
    /// The question to ask; set when an unknown answer made the threat fire.
    pub question: Option<&'a str>,
}

impl<'a> ThreatReport<'a> {
    fn new(names: &'a Names, threat: &'a Threat) -> Self {
        let rule = threat.rule();
        let key = threat.key();
        Self {
            rule: match &threat.origin {
                Origin::Rule(rule) => rule.id.as_str(),
                Origin::Own(own) => own.id.as_str(),
            },
            target: threat.target.id(),
            key,
            target_name: names.get(&threat.target),
            stride: threat.stride,
            category: threat.category,
            title: threat.title(),
            likelihood: threat.likelihood,
            impact: threat.impact,
            risk: threat.risk,
            rated_by_user: threat.rated_by_user,
            residual_likelihood: threat.residual.0,
            residual_impact: threat.residual.1,
            residual_risk: threat.residual.2,
            status: threat.status,
            owner: threat.decision.as_deref().map_or("", |d| d.owner.as_str()),
            due_date: threat.decision.as_deref().map_or("", |d| d.due.as_str()),
            why: &threat.why,
            factors: threat.factors.iter().map(crate::threats::Factor::describe).collect(),
            question: rule.filter(|_| threat.open_question).map(|r| r.question.as_str()),
        }
    }
}

impl ThreatReport<'_> {
    /// " (in progress, owner Ana, due 2027-01-15)": what was decided, so work under way is not
    /// shown as untouched; nothing for an open threat nobody took.
    fn decision_text(&self) -> String {
        let mut parts = Vec::new();
        if self.status != ThreatStatus::Open {
            parts.push(self.status.label().to_lowercase());
        }
        if !self.owner.trim().is_empty() {
            parts.push(format!("owner {}", terminal(self.owner)));
        }
        if !self.due_date.trim().is_empty() {
            parts.push(format!("due {}", terminal(self.due_date)));
        }
        if parts.is_empty() { String::new() } else { format!(" ({})", parts.join(", ")) }
    }
}

impl<'a> CheckReport<'a> {
    /// "42 threats: 30 open, 5 in progress, 7 mitigated": each status with threats in it.
    fn status_counts(&self) -> String {
        let total = count(self.threats.len(), "threat", "threats");
        let parts: Vec<String> = ThreatStatus::ALL
            .iter()
            .filter_map(|status| {
                let n = self.threats.iter().filter(|t| t.status == *status).count();
                (n > 0).then(|| format!("{n} {}", status.label().to_lowercase()))
            })
            .collect();
        if parts.is_empty() { total } else { format!("{total}: {}", parts.join(", ")) }
    }

    pub fn new(
        model: &'a ThreatModel,
        analysis: &'a Analysis,
        names: &'a Names,
        file: &Path,
        warnings: Vec<String>,
    ) -> Self {
        Self {
            file: file.display().to_string(),
            name: &model.name,
            elements: model.elements.len(),
            flows: model.flows.len(),
            boundaries: model.boundaries.len(),
            flows_crossing_boundaries: analysis.flows_crossing_boundaries,
            next_review: &model.review.next,
            review_overdue: model.review.is_overdue(&today()),
            warnings,
            threats: analysis.threats.iter().map(|t| ThreatReport::new(names, t)).collect(),
            orphaned_decisions: analysis.orphaned.iter().map(|(key, _)| key.as_str()).collect(),
        }
    }

    /// The summary for a person at a terminal: every text from the model or the file is shown
    /// with its control characters escaped, so a name cannot clear the screen or forge a line.
    fn to_text(&self) -> String {
        let mut out = format!(
            "{}: {}\n  {}, {}, {}\n  {} a trust boundary\n",
            terminal(&self.file),
            terminal(self.name),
            count(self.elements, "element", "elements"),
            count(self.flows, "flow", "flows"),
            count(self.boundaries, "trust boundary", "trust boundaries"),
            count_with_verb(self.flows_crossing_boundaries, "flow", "flows", "crosses", "cross"),
        );
        if self.warnings.is_empty() {
            out.push_str("  no problems found\n");
        } else {
            out.push_str(&format!("  {}:\n", count(self.warnings.len(), "warning", "warnings")));
            for warning in &self.warnings {
                out.push_str(&format!("    {}\n", terminal(warning)));
            }
        }
        if self.review_overdue {
            out.push_str(&format!("  review overdue since {}\n", terminal(self.next_review)));
        } else if !self.next_review.is_empty() {
            out.push_str(&format!("  next review {}\n", terminal(self.next_review)));
        }
        out.push_str(&format!("  {}\n", self.status_counts()));
        let open: Vec<_> = self.threats.iter().filter(|t| t.status.is_open()).collect();
        for level in RiskLevel::ALL.iter().rev() {
            for threat in open.iter().filter(|t| t.risk == *level) {
                out.push_str(&format!(
                    "    {:<8} {}: {}{}\n",
                    level.label(),
                    terminal(threat.target_name),
                    terminal(threat.title),
                    threat.decision_text()
                ));
            }
        }
        if !self.orphaned_decisions.is_empty() {
            out.push_str(&format!(
                "  {} about deleted elements or flows, kept: {}\n",
                count(self.orphaned_decisions.len(), "decision", "decisions"),
                terminal(&self.orphaned_decisions.join(", "))
            ));
        }
        out
    }
}

pub fn run(file: &Path, format: OutputFormat, fail_on: Option<FailOn>) -> Result<ExitCode, String> {
    let loaded = load_path(file).map_err(|err| err.to_string())?;
    let warnings = loaded.warnings.iter().map(ToString::to_string).collect();
    let combined = combine(Catalogue::builtin(), &rules_locations(Some(file)));
    let analysis = analyze(&loaded.model, &combined.catalogue);
    let names = Names::of(&loaded.model);
    let mut report = CheckReport::new(&loaded.model, &analysis, &names, file, warnings);
    report.warnings.extend(combined.problems.iter().map(|p| format!("rules: {}", clip_quoted(&p.to_string()))));
    match format {
        OutputFormat::Text => super::emit(&report.to_text())?,
        // Compact and streamed: reports of thousands of threats are read by programs (`jq`
        // pretty-prints when a person wants to look).
        OutputFormat::Json => super::emit_json(&report)?,
    }
    let code = match fail_on {
        Some(threshold) => crossed(&report, threshold),
        None => ExitCode::SUCCESS,
    };
    // The process ends right after this: handing thousands of allocations back one by one
    // would only make it slower.
    std::mem::forget(report);
    std::mem::forget(analysis);
    std::mem::forget(names);
    std::mem::forget(loaded);
    Ok(code)
}

/// Exit code 1 and the open threats at or above the threshold on stderr, or success.
fn crossed(report: &CheckReport, threshold: FailOn) -> ExitCode {
    use std::io::Write as _;
    let level = threshold.level();
    let over: Vec<_> = report.threats.iter().filter(|t| t.status.is_open() && t.risk >= level).collect();
    if over.is_empty() {
        return ExitCode::SUCCESS;
    }
    let mut text = format!(
        "threatsketch: {} at or above {} risk\n",
        count(over.len(), "open threat", "open threats"),
        level.label().to_lowercase()
    );
    for threat in over {
        text.push_str(&format!(
            "  {:<8} {}: {}{} [{}]\n",
            threat.risk.label(),
            terminal(threat.target_name),
            terminal(threat.title),
            threat.decision_text(),
            terminal(&threat.key)
        ));
    }
    // A closed stderr must not turn a policy failure into a crash.
    std::io::stderr().write_all(text.as_bytes()).ok();
    ExitCode::from(super::EXIT_THRESHOLD_CROSSED)
}
