use std::path::Path;
use std::process::ExitCode;

use super::output::{check_output, say_written, shown, write_output};
use crate::escape::{clip, terminal};
use crate::io::templates::{TEMPLATES, Template};
use crate::io::to_ron;
use crate::model::{Review, today};

pub fn run(template_id: &str, output: &Path, force: bool) -> Result<ExitCode, String> {
    let template = Template::find(template_id).ok_or_else(|| {
        let known: Vec<_> = TEMPLATES.iter().map(|t| t.id).collect();
        format!("no template named \"{}\"; expected one of: {}", terminal(&clip(template_id, 80)), known.join(", "))
    })?;
    check_output(output, force, &[])?;
    let mut model = template.model().map_err(|err| err.to_string())?;
    // A new model starts with a review a quarter ahead.
    model.review = Review::quarterly_from(&today());
    let text = to_ron(&model).map_err(|err| format!("could not write the model: {err}"))?;
    write_output(output, text.as_bytes(), "the model")?;
    say_written(output, &format!("wrote \"{}\" to {}", template.title, shown(output)))?;
    Ok(ExitCode::SUCCESS)
}
