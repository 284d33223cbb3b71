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
            why: &threat.why,
            factors: threat.factors.iter().map(crate::threats::Factor::describe).collect(),
            question: rule.filter(|_| threat.open_question).map(|r| r.question.as_str()),
        }
    }
}

impl<'a> CheckReport<'a> {
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
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut out = format!(
            "{}: {}\n  {}, {}, {}\n  {} a trust boundary\n",
            terminal(&self.file),
            terminal(self.name),
            plural(self.elements, "element", "elements"),
            plural(self.flows, "flow", "flows"),
            plural(self.boundaries, "trust boundary", "trust boundaries"),
            plural(self.flows_crossing_boundaries, "flow crosses", "flows cross"),
        );
        if self.warnings.is_empty() {
            out.push_str("  no problems found\n");
        } else {
            out.push_str(&format!("  {}:\n", plural(self.warnings.len(), "warning", "warnings")));
            for warning in &self.warnings {
                out.push_str(&format!("    {}\n", terminal(warning)));
            }
        }
        if self.review_overdue {
            out.push_str(&format!("  review overdue since {}\n", terminal(self.next_review)));
        } else if !self.next_review.is_empty() {
            out.push_str(&format!("  next review {}\n", terminal(self.next_review)));
        }
        let open: Vec<_> = self.threats.iter().filter(|t| t.status.is_open()).collect();
        out.push_str(&format!("  {}, {} open\n", plural(self.threats.len(), "threat", "threats"), open.len()));
        for level in RiskLevel::ALL.iter().rev() {
            for threat in open.iter().filter(|t| t.risk == *level) {
                out.push_str(&format!(
                    "    {:<8} {}: {}\n",
                    level.label(),
                    terminal(threat.target_name),
                    terminal(threat.title)
                ));
            }
        }
        if !self.orphaned_decisions.is_empty() {
            out.push_str(&format!(
                "  {} about deleted elements or flows, kept: {}\n",
                plural(self.orphaned_decisions.len(), "decision", "decisions"),
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
        "threatsketch: {} open threat{} at or above {} risk\n",
        over.len(),
        if over.len() == 1 { "" } else { "s" },
        level.label().to_lowercase()
    );
    for threat in over {
        text.push_str(&format!(
            "  {:<8} {}: {} [{}]\n",
            threat.risk.label(),
            terminal(threat.target_name),
            terminal(threat.title),
            terminal(&threat.key)
        ));
    }
    // A closed stderr must not turn a policy failure into a crash.
    std::io::stderr().write_all(text.as_bytes()).ok();
    ExitCode::from(super::EXIT_THRESHOLD_CROSSED)
}
