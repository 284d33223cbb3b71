use std::path::Path;
use std::process::ExitCode;

use super::output::{check_output, say_written, shown, write_output};
use super::{ReportFormatArg, analyzed};
use crate::model::today;
use crate::report::{ReportFormat, ReportOptions, write_report_with};

pub fn run(
    file: &Path,
    output: &Path,
    format: Option<ReportFormatArg>,
    options: ReportOptions,
    force: bool,
) -> Result<ExitCode, String> {
    let format = match format {
        Some(format) => format.format(),
        None => ReportFormat::from_path(output).ok_or_else(|| {
            format!(
                "cannot tell the report format from the file name; use .html, .md or .csv, or pass --format ({})",
                shown(output)
            )
        })?,
    };
    check_output(output, force, &[file])?;
    let (loaded, analysis) = analyzed(file)?;
    let text = write_report_with(format, &loaded.model, &analysis, &today(), options);
    write_output(output, text.as_bytes(), "the report")?;
    say_written(
        output,
        &format!("wrote the {} report of {} threats to {}", format.label(), analysis.threats.len(), shown(output)),
    )?;
    Ok(ExitCode::SUCCESS)
}
