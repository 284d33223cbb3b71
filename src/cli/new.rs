use std::path::Path;
use std::process::ExitCode;

use crate::io::save_path;
use crate::io::templates::{TEMPLATES, Template};
use crate::model::{Review, today};

pub fn run(template_id: &str, output: &Path, force: bool) -> Result<ExitCode, String> {
    let template = Template::find(template_id).ok_or_else(|| {
        let known: Vec<_> = TEMPLATES.iter().map(|t| t.id).collect();
        format!("no template named \"{template_id}\"; expected one of: {}", known.join(", "))
    })?;
    if output.exists() && !force {
        return Err(format!("the file already exists; pass --force to overwrite it ({})", output.display()));
    }
    let mut model = template.model().map_err(|err| err.to_string())?;
    // A new model starts with a review a quarter ahead.
    model.review = Review::quarterly_from(&today());
    save_path(&model, output).map_err(|err| err.to_string())?;
    super::emit(&format!("wrote \"{}\" to {}\n", template.title, output.display()))?;
    Ok(ExitCode::SUCCESS)
}
