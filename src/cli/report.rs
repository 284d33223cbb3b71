use std::path::Path;
use std::process::ExitCode;

use super::{ReportFormatArg, analyzed};
use crate::io::write_export;
use crate::model::today;
use crate::report::{ReportFormat, write_report};

pub fn run(file: &Path, output: &Path, format: Option<ReportFormatArg>) -> Result<ExitCode, String> {
    let format = match format {
        Some(format) => format.format(),
        None => ReportFormat::from_path(output).ok_or_else(|| {
            format!(
                "cannot tell the report format from the file name; use .html, .md or .csv, or pass --format ({})",
                output.display()
            )
        })?,
    };
    let (loaded, analysis) = analyzed(file)?;
    let text = write_report(format, &loaded.model, &analysis, &today());
    write_export(output, text.as_bytes())
        .map_err(|err| format!("could not write the report: {err} ({})", output.display()))?;
    super::emit(&format!(
        "wrote the {} report of {} threats to {}\n",
        format.label(),
        analysis.threats.len(),
        output.display()
    ))?;
    Ok(ExitCode::SUCCESS)
}
