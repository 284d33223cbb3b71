use std::path::Path;
use std::process::ExitCode;

use super::analyzed;
use crate::io::write_export;
use crate::render::{ImageFormat, diagram_image};

pub fn run(file: &Path, output: &Path, scale: f32) -> Result<ExitCode, String> {
    let format = ImageFormat::from_path(output).ok_or_else(|| {
        format!("cannot tell the image format from the file name; use .svg or .png ({})", output.display())
    })?;
    if !(scale.is_finite() && (0.1..=16.0).contains(&scale)) {
        return Err(format!("the scale must be between 0.1 and 16, not {scale}"));
    }
    let (loaded, analysis) = analyzed(file)?;
    let bytes = diagram_image(&loaded.model, &analysis, format, scale).map_err(|err| err.to_string())?;
    write_export(output, &bytes).map_err(|err| format!("could not write the image: {err} ({})", output.display()))?;
    super::emit(&format!("wrote the diagram to {}\n", output.display()))?;
    Ok(ExitCode::SUCCESS)
}
