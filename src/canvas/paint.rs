//! Paints the pure scene with egui. The only place where scene shapes become pixels on screen.

use egui::epaint::{CornerRadius, PathShape, PathStroke, TextShape};
use egui::text::{LayoutJob, TextFormat, TextWrapping};
use egui::{Align2, Color32, FontFamily, FontId, Painter, Pos2, Stroke as EguiStroke, StrokeKind, vec2};

use super::view::CanvasView;
use crate::model::{Point, Rect};
use crate::scene::{Anchor, Color, Shape, Stroke};

/// The font family used for bold text (element names, headings); the theme installs it.
pub const BOLD_FAMILY: &str = "bold";

/// Below this zoom text is too small to read, so it is not laid out at all.
const MIN_TEXT_ZOOM: f32 = 0.3;

pub fn color32(c: Color) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

fn stroke(s: Stroke, zoom: f32) -> EguiStroke {
    // Lines stay at least a hair wide when zoomed far out.
    EguiStroke::new((s.width * zoom).max(if s.width > 0.0 { 0.6 } else { 0.0 }), color32(s.color))
}

/// Below this zoom, fine detail (pictograms, shadows, label boxes) is a few pixels wide and is
/// left out: the diagram stays readable as boxes and arrows, and large models stay fast.
pub const FINE_DETAIL_ZOOM: f32 = 0.4;

/// Paints `shapes`, skipping those outside `visible` (canvas units).
pub fn paint_shapes<'a>(
    painter: &Painter,
    view: &CanvasView,
    origin: Pos2,
    shapes: impl IntoIterator<Item = &'a Shape>,
    visible: Rect,
) {
    let zoom = view.zoom_factor;
    // Stroke widths only: shapes and dash lengths keep their size.
    let line_zoom = zoom * view.line_scale;
    let to_screen = |p: Point| view.to_screen(origin, p);
    for shape in shapes {
        if !shape_visible(shape, visible) {
            continue;
        }
        match shape {
            Shape::Rect { rect, corner_radius, fill, stroke: s } => {
                let screen = view.rect_to_screen(origin, *rect);
                let radius = CornerRadius::same((corner_radius * zoom).round().clamp(0.0, 255.0) as u8);
                if s.dashed {
                    painter.rect_filled(screen, radius, color32(*fill));
                    let corners = [
                        screen.left_top(),
                        screen.right_top(),
                        screen.right_bottom(),
                        screen.left_bottom(),
                        screen.left_top(),
                    ];
                    let dash = (8.0 * zoom).max(2.0);
                    painter.extend(egui::Shape::dashed_line(&corners, stroke(*s, line_zoom), dash, dash * 0.6));
                } else {
                    painter.rect(screen, radius, color32(*fill), stroke(*s, line_zoom), StrokeKind::Middle);
                }
            }
            // Circles have egui's fast, cached tessellation; true ellipses do not.
            Shape::Ellipse { center, radius_x, radius_y, fill, stroke: s } if radius_x == radius_y => {
                painter.circle(to_screen(*center), radius_x * zoom, color32(*fill), stroke(*s, line_zoom));
            }
            Shape::Ellipse { center, radius_x, radius_y, fill, stroke: s } => {
                let radius = vec2(*radius_x, *radius_y) * zoom;
                if fill.a > 0 {
                    painter.add(egui::Shape::ellipse_filled(to_screen(*center), radius, color32(*fill)));
                }
                if s.width > 0.0 {
                    painter.add(egui::Shape::ellipse_stroke(to_screen(*center), radius, stroke(*s, line_zoom)));
                }
            }
            Shape::Path { points, closed, fill, stroke: s } => {
                let screen: Vec<Pos2> = points.iter().map(|p| to_screen(*p)).collect();
                let path_stroke = PathStroke::from(stroke(*s, line_zoom));
                if *closed {
                    painter.add(PathShape { points: screen, closed: true, fill: color32(*fill), stroke: path_stroke });
                } else if s.dashed {
                    let dash = (6.0 * zoom).max(2.0);
                    painter.extend(egui::Shape::dashed_line(&screen, stroke(*s, line_zoom), dash, dash * 0.7));
                } else {
                    painter.add(PathShape::line(screen, path_stroke));
                }
            }
            Shape::Text { pos, anchor, text, size, color, bold, max_width } => {
                if zoom < MIN_TEXT_ZOOM {
                    continue;
                }
                let family = if *bold { FontFamily::Name(BOLD_FAMILY.into()) } else { FontFamily::Proportional };
                let mut job = LayoutJob::single_section(
                    text.clone(),
                    TextFormat::simple(FontId::new(size * zoom, family), color32(*color)),
                );
                job.wrap = TextWrapping {
                    max_width: max_width * zoom,
                    max_rows: 2,
                    break_anywhere: false,
                    overflow_character: Some('…'),
                };
                job.halign = match anchor {
                    Anchor::Center => egui::Align::Center,
                    Anchor::LeftTop | Anchor::LeftCenter => egui::Align::LEFT,
                };
                let galley = painter.layout_job(job);
                let at = to_screen(*pos);
                let align = match anchor {
                    Anchor::LeftTop => Align2::LEFT_TOP,
                    Anchor::LeftCenter => Align2::LEFT_CENTER,
                    Anchor::Center => Align2::CENTER_CENTER,
                };
                // With centred alignment the galley is laid out around x = 0.
                let size = galley.size();
                let mut rect = align.anchor_size(at, size);
                if *anchor == Anchor::Center {
                    rect = rect.translate(vec2(size.x / 2.0, 0.0));
                }
                painter.add(TextShape::new(rect.min, galley, color32(*color)));
            }
        }
    }
}

fn shape_visible(shape: &Shape, visible: Rect) -> bool {
    let bounds = match shape {
        Shape::Rect { rect, .. } => *rect,
        Shape::Ellipse { center, radius_x, radius_y, .. } => {
            Rect::new(center.x - radius_x, center.y - radius_y, 2.0 * radius_x, 2.0 * radius_y)
        }
        Shape::Path { points, .. } => match points.first() {
            Some(first) => {
                points.iter().fold(Rect::new(first.x, first.y, 0.0, 0.0), |r, p| r.union(Rect::new(p.x, p.y, 0.0, 0.0)))
            }
            None => return false,
        },
        // Text extends from its anchor by at most its wrap width and two lines.
        Shape::Text { pos, size, max_width, .. } => {
            Rect::new(pos.x - max_width, pos.y - size * 2.0, max_width * 2.0, size * 4.0)
        }
    };
    visible.intersects(bounds)
}
