use std::process::ExitCode;

use crate::io::templates::TEMPLATES;

pub fn run() -> Result<ExitCode, String> {
    let width = TEMPLATES.iter().map(|t| t.id.len()).max().unwrap_or(0);
    for template in TEMPLATES {
        println!("{:width$}  {}: {}", template.id, template.title, template.summary);
    }
    Ok(ExitCode::SUCCESS)
}
