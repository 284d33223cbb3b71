use std::path::Path;
use std::process::ExitCode;

use serde::Serialize;

use super::OutputFormat;
use crate::io::load_path;
use crate::model::ThreatModel;

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
}

impl CheckReport {
    pub fn new(model: &ThreatModel, file: &Path, warnings: Vec<String>) -> Self {
        Self {
            file: file.display().to_string(),
            name: model.name.clone(),
            elements: model.elements.len(),
            flows: model.flows.len(),
            boundaries: model.boundaries.len(),
            flows_crossing_boundaries: model.flows.iter().filter(|f| !model.crossings(f).is_empty()).count(),
            warnings,
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
        out
    }
}

pub fn run(file: &Path, format: OutputFormat) -> Result<ExitCode, String> {
    let loaded = load_path(file).map_err(|err| err.to_string())?;
    let warnings = loaded.warnings.iter().map(ToString::to_string).collect();
    let report = CheckReport::new(&loaded.model, file, warnings);
    match format {
        OutputFormat::Text => print!("{}", report.to_text()),
        OutputFormat::Json => {
            let json = serde_json::to_string_pretty(&report).map_err(|err| format!("could not write JSON: {err}"))?;
            println!("{json}");
        }
    }
    Ok(ExitCode::SUCCESS)
}
