use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::OutputFormat;
use crate::io::load_path;
use crate::model::{Level, SeedCategory, Stride, ThreatModel, ThreatStatus};
use crate::risk::RiskLevel;
use crate::threats::{Analysis, Catalogue, Threat, analyze, combine, rules_locations};

/// What `check` reports; later checks (threats, risk) add fields here.
#[derive(Debug, Serialize)]
pub struct CheckReport {
    pub file: String,
    pub name: String,
    pub elements: usize,
    pub flows: usize,
    pub boundaries: usize,
    pub flows_crossing_boundaries: usize,
    pub warnings: Vec<String>,
    pub threats: Vec<ThreatReport>,
    /// Keys of decisions whose element or flow is gone.
    pub orphaned_decisions: Vec<String>,
}

/// One threat, as `check --format json` reports it.
#[derive(Debug, Serialize)]
pub struct ThreatReport {
    pub key: String,
    pub rule: String,
    pub target: String,
    pub target_name: String,
    pub stride: Stride,
    pub category: SeedCategory,
    pub title: String,
    pub likelihood: Level,
    pub impact: Level,
    pub risk: RiskLevel,
    pub status: ThreatStatus,
    pub why: Vec<String>,
    /// The question to ask; set when an unknown answer made the threat fire.
    pub question: Option<String>,
}

impl ThreatReport {
    fn new(model: &ThreatModel, threat: &Threat) -> Self {
        let rule = threat.rule();
        Self {
            key: threat.key(),
            rule: threat.key().split_once('@').map_or_else(String::new, |(rule, _)| rule.to_owned()),
            target: target_id(&threat.target),
            target_name: model.display_name(&threat.target).unwrap_or_default(),
            stride: threat.stride,
            category: threat.category,
            title: threat.title().to_owned(),
            likelihood: threat.likelihood,
            impact: threat.impact,
            risk: threat.risk,
            status: threat.status,
            why: threat.why.iter().map(ToString::to_string).collect(),
            question: rule.filter(|_| threat.open_question).map(|r| r.question.clone()),
        }
    }
}

fn target_id(target: &crate::model::Target) -> String {
    match target {
        crate::model::Target::Element(id) => id.to_string(),
        crate::model::Target::Flow(id) => id.to_string(),
        crate::model::Target::Boundary(id) => id.to_string(),
    }
}

impl CheckReport {
    pub fn new(model: &ThreatModel, analysis: &Analysis, file: &Path, warnings: Vec<String>) -> Self {
        Self {
            file: file.display().to_string(),
            name: model.name.clone(),
            elements: model.elements.len(),
            flows: model.flows.len(),
            boundaries: model.boundaries.len(),
            flows_crossing_boundaries: model.flows.iter().filter(|f| !model.crossings(f).is_empty()).count(),
            warnings,
            threats: analysis.threats.iter().map(|t| ThreatReport::new(model, t)).collect(),
            orphaned_decisions: analysis.orphaned.iter().map(|(key, _)| key.clone()).collect(),
        }
    }

    fn to_text(&self) -> String {
        let plural = |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut out = format!(
            "{}: {}\n  {}, {}, {}\n  {} a trust boundary\n",
            self.file,
            self.name,
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
                out.push_str(&format!("    {warning}\n"));
            }
        }
        let open: Vec<_> = self.threats.iter().filter(|t| t.status.is_open()).collect();
        out.push_str(&format!("  {}, {} open\n", plural(self.threats.len(), "threat", "threats"), open.len()));
        for level in RiskLevel::ALL.iter().rev() {
            for threat in open.iter().filter(|t| t.risk == *level) {
                out.push_str(&format!("    {:<8} {}: {}\n", level.label(), threat.target_name, threat.title));
            }
        }
        if !self.orphaned_decisions.is_empty() {
            out.push_str(&format!(
                "  {} about deleted elements or flows, kept: {}\n",
                plural(self.orphaned_decisions.len(), "decision", "decisions"),
                self.orphaned_decisions.join(", ")
            ));
        }
        out
    }
}

pub fn run(file: &Path, format: OutputFormat) -> Result<ExitCode, String> {
    let loaded = load_path(file).map_err(|err| err.to_string())?;
    let warnings = loaded.warnings.iter().map(ToString::to_string).collect();
    let combined = combine(Catalogue::builtin(), &rules_locations(Some(file)));
    let analysis = analyze(&loaded.model, &combined.catalogue);
    let mut report = CheckReport::new(&loaded.model, &analysis, file, warnings);
    report.warnings.extend(combined.problems.iter().map(|p| format!("rules: {p}")));
    match format {
        OutputFormat::Text => print!("{}", report.to_text()),
        OutputFormat::Json => {
            let json = serde_json::to_string_pretty(&report).map_err(|err| format!("could not write JSON: {err}"))?;
            println!("{json}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
