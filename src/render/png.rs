//! SVG to PNG with resvg, using only the bundled fonts so the image is the same on every
//! machine, with or without a display.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use super::fonts;

/// Largest width or height of a PNG, in pixels: beyond this the image would take gigabytes.
pub const MAX_IMAGE_SIDE: u32 = 16_384;

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum RenderError {
    #[error("the image would be {width} × {height} pixels, more than {MAX_IMAGE_SIDE} on a side; use a smaller scale")]
    TooLarge { width: u32, height: u32 },
    #[error("the diagram could not be drawn: {0}")]
    Svg(String),
    #[error("the PNG could not be encoded: {0}")]
    Encode(String),
}

fn font_database() -> Arc<usvg::fontdb::Database> {
    static DATABASE: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_font_data(fonts::SANS.to_vec());
            database.load_font_data(fonts::SANS_BOLD.to_vec());
            database.set_sans_serif_family(fonts::FAMILY);
            Arc::new(database)
        })
        .clone()
}

/// Rasterises an SVG document at its own pixel size (its `width` and `height`).
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, RenderError> {
    // Read from the root element first: parsing a huge diagram only to refuse it took seconds
    // and gigabytes.
    if let Some((width, height)) = declared_size(svg)
        && (width > MAX_IMAGE_SIDE as f32 || height > MAX_IMAGE_SIDE as f32)
    {
        let pixels = |v: f32| if v < u32::MAX as f32 { v.ceil() as u32 } else { u32::MAX };
        return Err(RenderError::TooLarge { width: pixels(width), height: pixels(height) });
    }
    let options =
        usvg::Options { font_family: fonts::FAMILY.to_owned(), fontdb: font_database(), ..usvg::Options::default() };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|err| RenderError::Svg(err.to_string()))?;
    let size = tree.size().to_int_size();
    let (width, height) = (size.width(), size.height());
    if width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE {
        return Err(RenderError::TooLarge { width, height });
    }
    let mut pixmap = tiny_skia::Pixmap::new(width, height).ok_or(RenderError::TooLarge { width, height })?;
    resvg::render(&tree, tiny_skia::Transform::default(), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|err| RenderError::Encode(err.to_string()))
}

/// The `width` and `height` the root `<svg>` element declares, in pixels, when both are plain
/// numbers.
fn declared_size(svg: &str) -> Option<(f32, f32)> {
    let start = svg.find("<svg")?;
    let tag = &svg[start..start + svg[start..].find('>')?];
    let attribute = |name: &str| -> Option<f32> {
        let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        let value = &tag[at..at + tag[at..].find('"')?];
        value.parse::<f32>().ok().filter(|v| v.is_finite())
    };
    Some((attribute("width")?, attribute("height")?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::Template;
    use crate::render::{SvgOptions, diagram_svg};

    fn decode(png: &[u8]) -> tiny_skia::Pixmap {
        tiny_skia::Pixmap::decode_png(png).unwrap()
    }

    #[test]
    fn the_sample_renders_with_text_and_colour() {
        let model = Template::sample().model().unwrap();
        let svg = diagram_svg(&model, None, &SvgOptions::default());
        let png = svg_to_png(&svg).unwrap();
        let pixmap = decode(&png);
        assert!(pixmap.width() > 600 && pixmap.height() > 200);
        // Dark text pixels exist (the fonts loaded), and so do the boundary colours.
        let dark = pixmap.pixels().iter().filter(|p| p.red() < 80 && p.green() < 80 && p.blue() < 80).count();
        assert!(dark > 2_000, "only {dark} dark pixels: text missing?");
        let reddish = pixmap.pixels().iter().filter(|p| p.red() > 150 && p.green() < 100 && p.blue() < 100).count();
        assert!(reddish > 100, "the Internet boundary is missing");
    }

    #[test]
    fn scale_two_doubles_the_pixels() {
        let model = Template::sample().model().unwrap();
        let one = decode(&svg_to_png(&diagram_svg(&model, None, &SvgOptions::default())).unwrap());
        let svg = diagram_svg(&model, None, &SvgOptions { scale: 2.0, ..SvgOptions::default() });
        let two = decode(&svg_to_png(&svg).unwrap());
        assert!(two.width().abs_diff(one.width() * 2) <= 1);
        assert!(two.height().abs_diff(one.height() * 2) <= 1);
    }

    #[test]
    fn the_declared_size_is_read_before_parsing() {
        assert_eq!(declared_size(r#"<?xml?><svg xmlns="x" width="20.5" height="10">"#), Some((20.5, 10.0)));
        assert_eq!(declared_size(r#"<svg viewBox="0 0 1 1">"#), None);
        // Not a valid document at all, but declared far too large: refused before parsing.
        let huge = r#"<svg xmlns="http://www.w3.org/2000/svg" width="40000" height="10"><g>"#;
        assert_eq!(svg_to_png(huge), Err(RenderError::TooLarge { width: 40_000, height: 10 }));
    }

    #[test]
    fn a_huge_scale_is_refused_not_allocated() {
        let model = Template::sample().model().unwrap();
        let svg = diagram_svg(&model, None, &SvgOptions { scale: 400.0, ..SvgOptions::default() });
        assert!(matches!(svg_to_png(&svg), Err(RenderError::TooLarge { .. })));
    }
}
