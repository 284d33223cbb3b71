//! Diagram images: the pure scene written as SVG, and rasterised to PNG by resvg. The canvas
//! paints the same scene, so an exported image looks like the window without needing one.

pub mod fonts;
mod png;
mod svg;

pub use png::{MAX_IMAGE_SIDE, RenderError, svg_to_png};
pub use svg::{SvgOptions, diagram_svg, scene_to_svg};

/// Image formats a diagram can be exported to, chosen by the output file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

impl ImageFormat {
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "svg" => Some(Self::Svg),
            "png" => Some(Self::Png),
            _ => None,
        }
    }
}

/// The diagram of `model` with its open-threat badges, as the bytes of an image file.
pub fn diagram_image(
    model: &crate::model::ThreatModel,
    analysis: &crate::threats::Analysis,
    format: ImageFormat,
    scale: f32,
) -> Result<Vec<u8>, RenderError> {
    let options = SvgOptions { scale, title: format!("Data flow diagram of {}", model.name), ..SvgOptions::default() };
    let svg = diagram_svg(model, Some(&analysis.badges()), &options);
    match format {
        ImageFormat::Svg => Ok(svg.into_bytes()),
        ImageFormat::Png => svg_to_png(&svg),
    }
}
