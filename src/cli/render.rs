use std::path::Path;
use std::process::ExitCode;

use super::output::{check_output, say_written, shown, write_output};
use super::{ImageFormatArg, analysis_of, loaded};
use crate::model::ThreatModel;
use crate::render::{ImageFormat, MAX_IMAGE_SIDE, RenderError, diagram_image};

/// Room the image leaves around the drawing on each side, in canvas units (as `render::svg`).
const IMAGE_MARGIN: f32 = 24.0;

pub fn run(
    file: &Path,
    output: &Path,
    format: Option<ImageFormatArg>,
    scale: f32,
    force: bool,
) -> Result<ExitCode, String> {
    let format = match format {
        Some(format) => format.format(),
        None => ImageFormat::from_path(output).ok_or_else(|| {
            format!(
                "cannot tell the image format from the file name; use .svg or .png, or pass --format ({})",
                shown(output)
            )
        })?,
    };
    if !(scale.is_finite() && (0.1..=16.0).contains(&scale)) {
        return Err(format!("the scale must be between 0.1 and 16, not {scale}"));
    }
    check_output(output, force, &[file])?;
    let loaded = loaded(file)?;
    if format == ImageFormat::Png {
        // Refused before any drawing: a huge image took seconds and gigabytes to be refused.
        check_png_size(&loaded.model, scale).map_err(|err| err.to_string())?;
    }
    let analysis = analysis_of(file, &loaded);
    let bytes = diagram_image(&loaded.model, &analysis, format, scale).map_err(|err| err.to_string())?;
    write_output(output, &bytes, "the image")?;
    say_written(output, &format!("wrote the diagram to {}", shown(output)))?;
    Ok(ExitCode::SUCCESS)
}

/// The PNG's size worked out from the diagram's bounds and the scale, as the SVG sets it; too
/// large is refused at once.
fn check_png_size(model: &ThreatModel, scale: f32) -> Result<(), RenderError> {
    let Some(bounds) = model.bounds() else { return Ok(()) };
    let side = |length: f32| ((length + 2.0 * IMAGE_MARGIN) * scale).ceil();
    let (width, height) = (side(bounds.width), side(bounds.height));
    let limit = MAX_IMAGE_SIDE as f32;
    if width > limit || height > limit || !width.is_finite() || !height.is_finite() {
        let pixels = |v: f32| if v.is_finite() && v < u32::MAX as f32 { v as u32 } else { u32::MAX };
        return Err(RenderError::TooLarge { width: pixels(width), height: pixels(height) });
    }
    Ok(())
}
