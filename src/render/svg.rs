//! The scene as a standalone SVG document. Every string from the model is escaped, so a name
//! like `<script>` is shown as text and can never become markup.

use std::fmt::Write as _;

use super::fonts::FAMILY;
use crate::escape::html as escape_xml;
use crate::model::{Point, Rect, ThreatModel};
use crate::scene::wrap_text;
use crate::scene::{Anchor, Badges, Color, Scene, SceneOptions, Shape, Stroke, build_scene, style};

/// Room around the drawing, in canvas units, so badges and outlines are not cut off.
const MARGIN: f32 = 24.0;
/// Text wraps to this many lines, as on the canvas.
const MAX_TEXT_ROWS: usize = 2;

#[derive(Clone, Debug)]
pub struct SvgOptions {
    /// Pixels per canvas unit: 1 for a slide, 2 or more for print.
    pub scale: f32,
    /// Paint the canvas background; without it the image is transparent around the shapes.
    pub background: bool,
    /// The document's accessible title.
    pub title: String,
}

impl Default for SvgOptions {
    fn default() -> Self {
        Self { scale: 1.0, background: true, title: String::new() }
    }
}

/// The diagram of `model` as the canvas shows it, with data classes and open-threat badges.
pub fn diagram_svg(model: &ThreatModel, badges: Option<&Badges>, options: &SvgOptions) -> String {
    let scene = build_scene(model, SceneOptions { show_data_classes: true, badges });
    scene_to_svg(&scene, options)
}

pub fn scene_to_svg(scene: &Scene, options: &SvgOptions) -> String {
    let bounds = scene.bounds.unwrap_or(Rect::new(0.0, 0.0, 320.0, 160.0));
    let view =
        Rect::new(bounds.x - MARGIN, bounds.y - MARGIN, bounds.width + 2.0 * MARGIN, bounds.height + 2.0 * MARGIN);
    let scale = if options.scale.is_finite() && options.scale > 0.0 { options.scale } else { 1.0 };
    let mut out = String::with_capacity(256 + scene.shapes.len() * 120);
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{}" height="{}" viewBox="{} {} {} {}" role="img" font-family="{FAMILY}, Verdana, Arial, sans-serif">"#,
        num(view.width * scale),
        num(view.height * scale),
        num(view.x),
        num(view.y),
        num(view.width),
        num(view.height),
    );
    let title = if options.title.is_empty() { "Data flow diagram" } else { options.title.as_str() };
    let _ = write!(out, "<title>{}</title>", escape_xml(title));
    if options.background {
        let _ = write!(
            out,
            r#"<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>"#,
            num(view.x),
            num(view.y),
            num(view.width),
            num(view.height),
            hex(style::CANVAS_BACKGROUND)
        );
    }
    if scene.bounds.is_none() {
        let _ = write!(
            out,
            r#"<text x="{}" y="{}" text-anchor="middle" font-size="14" fill="{}">Nothing drawn yet</text>"#,
            num(view.x + view.width / 2.0),
            num(view.y + view.height / 2.0),
            hex(style::TEXT_MUTED),
        );
    }
    for shape in &scene.shapes {
        write_shape(&mut out, &shape.shape);
    }
    out.push_str("</svg>\n");
    out
}

fn write_shape(out: &mut String, shape: &Shape) {
    match shape {
        Shape::Rect { rect, corner_radius, fill, stroke } => {
            let _ = write!(
                out,
                r#"<rect x="{}" y="{}" width="{}" height="{}" rx="{}"{}{}/>"#,
                num(rect.x),
                num(rect.y),
                num(rect.width),
                num(rect.height),
                num(*corner_radius),
                fill_attrs(*fill),
                stroke_attrs(*stroke, 8.0),
            );
        }
        Shape::Ellipse { center, radius_x, radius_y, fill, stroke } => {
            let _ = write!(
                out,
                r#"<ellipse cx="{}" cy="{}" rx="{}" ry="{}"{}{}/>"#,
                num(center.x),
                num(center.y),
                num(*radius_x),
                num(*radius_y),
                fill_attrs(*fill),
                stroke_attrs(*stroke, 6.0),
            );
        }
        Shape::Path { points, closed, fill, stroke } => {
            if points.len() < 2 {
                return;
            }
            let element = if *closed { "polygon" } else { "polyline" };
            let fill = if *closed { fill_attrs(*fill) } else { r#" fill="none""#.to_owned() };
            let _ = write!(
                out,
                r#"<{element} points="{}"{fill}{} stroke-linejoin="round" stroke-linecap="round"/>"#,
                points_attr(points),
                stroke_attrs(*stroke, 6.0),
            );
        }
        Shape::Text { pos, anchor, text, size, color, bold, max_width } => {
            write_text(out, *pos, *anchor, text, *size, *color, *bold, *max_width);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn write_text(
    out: &mut String,
    pos: Point,
    anchor: Anchor,
    text: &str,
    size: f32,
    color: Color,
    bold: bool,
    max_width: f32,
) {
    let lines = wrap_text(text, size, bold, max_width, MAX_TEXT_ROWS);
    if lines.is_empty() {
        return;
    }
    let line_height = size * 1.2;
    // Baselines: the canvas anchors the top or the middle of the text block.
    let ascent = size * 0.76;
    let block = line_height * (lines.len() as f32 - 1.0);
    let first_baseline = match anchor {
        Anchor::LeftTop => pos.y + ascent,
        Anchor::LeftCenter | Anchor::Center => pos.y - block / 2.0 + size * 0.36,
    };
    let text_anchor = if anchor == Anchor::Center { r#" text-anchor="middle""# } else { "" };
    let weight = if bold { r#" font-weight="bold""# } else { "" };
    let _ = write!(
        out,
        r#"<text x="{}" y="{}" font-size="{}"{}{text_anchor}{weight}>"#,
        num(pos.x),
        num(first_baseline),
        num(size),
        fill_attrs(color),
    );
    for (i, line) in lines.iter().enumerate() {
        if i == 0 {
            let _ = write!(out, "<tspan>{}</tspan>", escape_xml(line));
        } else {
            let _ = write!(out, r#"<tspan x="{}" dy="{}">{}</tspan>"#, num(pos.x), num(line_height), escape_xml(line));
        }
    }
    out.push_str("</text>");
}

fn fill_attrs(color: Color) -> String {
    match color.a {
        0 => r#" fill="none""#.to_owned(),
        255 => format!(r#" fill="{}""#, hex(color)),
        a => format!(r#" fill="{}" fill-opacity="{}""#, hex(color), num(f32::from(a) / 255.0)),
    }
}

fn stroke_attrs(stroke: Stroke, dash: f32) -> String {
    if stroke.width <= 0.0 || stroke.color.a == 0 {
        return String::new();
    }
    let mut attrs = format!(r#" stroke="{}" stroke-width="{}""#, hex(stroke.color), num(stroke.width));
    if stroke.color.a < 255 {
        let _ = write!(attrs, r#" stroke-opacity="{}""#, num(f32::from(stroke.color.a) / 255.0));
    }
    if stroke.dashed {
        let _ = write!(attrs, r#" stroke-dasharray="{} {}""#, num(dash), num(dash * 0.6));
    }
    attrs
}

fn points_attr(points: &[Point]) -> String {
    points.iter().map(|p| format!("{},{}", num(p.x), num(p.y))).collect::<Vec<_>>().join(" ")
}

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// Numbers with at most two decimals and no trailing zeros: small files that diff well.
fn num(value: f32) -> String {
    let value = if value.is_finite() { value } else { 0.0 };
    let text = format!("{value:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" { "0".to_owned() } else { text.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::Template;

    #[test]
    fn numbers_are_short() {
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(1.0 / 3.0), "0.33");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(f32::NAN), "0");
    }

    #[test]
    fn every_element_name_is_in_the_svg() {
        let model = Template::sample().model().unwrap();
        let svg = diagram_svg(&model, None, &SvgOptions::default());
        for element in &model.elements {
            let first_word = element.name.split_whitespace().next().unwrap();
            assert!(svg.contains(&escape_xml(first_word)), "{} missing", element.name);
        }
        assert!(svg.starts_with("<svg "));
        assert!(svg.trim_end().ends_with("</svg>"));
    }

    #[test]
    fn markup_in_names_is_escaped() {
        let mut model = Template::sample().model().unwrap();
        model.elements[0].name = r#"<script>alert(1)</script>"#.into();
        model.flows[0].label = r#""><img src=x onerror=alert(1)>"#.into();
        let svg = diagram_svg(&model, None, &SvgOptions::default());
        assert!(!svg.contains("<script"));
        assert!(!svg.contains("<img"));
        assert!(svg.contains("&lt;script&gt;"));
    }

    #[test]
    fn scale_sets_the_pixel_size_not_the_view_box() {
        let model = Template::sample().model().unwrap();
        let one = diagram_svg(&model, None, &SvgOptions::default());
        let two = diagram_svg(&model, None, &SvgOptions { scale: 2.0, ..SvgOptions::default() });
        let attr = |svg: &str, name: &str| -> String {
            let start = svg.find(&format!(r#" {name}=""#)).unwrap() + name.len() + 3;
            svg[start..].split('"').next().unwrap().to_owned()
        };
        let width = |svg: &str| attr(svg, "width").parse::<f32>().unwrap();
        assert!((width(&two) - 2.0 * width(&one)).abs() < 0.1);
        assert_eq!(attr(&one, "viewBox"), attr(&two, "viewBox"));
    }
}
