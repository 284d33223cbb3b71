use std::process::ExitCode;

use crate::io::templates::TEMPLATES;

pub fn run() -> Result<ExitCode, String> {
    let width = TEMPLATES.iter().map(|t| t.id.len()).max().unwrap_or(0);
    let lines: String = TEMPLATES.iter().map(|t| format!("{:width$}  {}: {}\n", t.id, t.title, t.summary)).collect();
    super::emit(&lines)?;
    Ok(ExitCode::SUCCESS)
}
