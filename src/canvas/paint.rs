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

fn stroke(view: &CanvasView, s: Stroke, zoom: f32) -> EguiStroke {
    // Lines stay at least a hair wide when zoomed far out.
    EguiStroke::new((s.width * zoom).max(if s.width > 0.0 { 0.6 } else { 0.0 }), view.paint_color(s.color))
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
                    painter.rect_filled(screen, radius, view.paint_color(*fill));
                    let corners = [
                        screen.left_top(),
                        screen.right_top(),
                        screen.right_bottom(),
                        screen.left_bottom(),
                        screen.left_top(),
                    ];
                    let dash = (8.0 * zoom).max(2.0);
                    dashed_on_screen(painter, &corners, stroke(view, *s, line_zoom), (dash, dash * 0.6));
                } else {
                    painter.rect(
                        screen,
                        radius,
                        view.paint_color(*fill),
                        stroke(view, *s, line_zoom),
                        StrokeKind::Middle,
                    );
                }
            }
            // Circles have egui's fast, cached tessellation; true ellipses do not.
            Shape::Ellipse { center, radius_x, radius_y, fill, stroke: s } if radius_x == radius_y => {
                painter.circle(
                    to_screen(*center),
                    radius_x * zoom,
                    view.paint_color(*fill),
                    stroke(view, *s, line_zoom),
                );
            }
            Shape::Ellipse { center, radius_x, radius_y, fill, stroke: s } => {
                let radius = vec2(*radius_x, *radius_y) * zoom;
                if fill.a > 0 {
                    painter.add(egui::Shape::ellipse_filled(to_screen(*center), radius, view.paint_color(*fill)));
                }
                if s.width > 0.0 {
                    painter.add(egui::Shape::ellipse_stroke(to_screen(*center), radius, stroke(view, *s, line_zoom)));
                }
            }
            Shape::Path { points, closed, fill, stroke: s } => {
                let screen: Vec<Pos2> = points.iter().map(|p| to_screen(*p)).collect();
                let path_stroke = PathStroke::from(stroke(view, *s, line_zoom));
                if *closed {
                    painter.add(PathShape {
                        points: screen,
                        closed: true,
                        fill: view.paint_color(*fill),
                        stroke: path_stroke,
                    });
                } else if s.dashed {
                    let dash = (6.0 * zoom).max(2.0);
                    dashed_on_screen(painter, &screen, stroke(view, *s, line_zoom), (dash, dash * 0.7));
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
                    TextFormat::simple(FontId::new(size * zoom, family), view.paint_color(*color)),
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
                painter.add(TextShape::new(rect.min, galley, view.paint_color(*color)));
            }
        }
    }
}

/// On screen, a region's name is never smaller than this (points): zoomed out, boundary names
/// are what tells the parts of a large diagram apart.
pub const READABLE_NAME_SIZE: f32 = 12.0;

/// Whether region names are drawn enlarged at this zoom, by `paint_region_names`, instead of
/// with the scene.
pub fn region_names_enlarged(zoom: f32) -> bool {
    zoom * crate::scene::BOUNDARY_TEXT_SIZE < READABLE_NAME_SIZE
}

/// Region names at a readable size on a light pill, where their boundary is; a name that would
/// cover one already drawn is left out, so a crowd of small boundaries stays legible.
pub fn paint_region_names<'a>(
    painter: &Painter,
    view: &CanvasView,
    origin: Pos2,
    names: impl IntoIterator<Item = &'a Shape>,
    visible: Rect,
) {
    let mut placed: Vec<egui::Rect> = Vec::new();
    for shape in names {
        let Shape::Text { pos, text, color, .. } = shape else { continue };
        if !visible.contains(*pos) {
            continue;
        }
        let font = FontId::new(READABLE_NAME_SIZE, FontFamily::Name(BOLD_FAMILY.into()));
        let galley = painter.layout_no_wrap(text.clone(), font, view.paint_color(*color));
        let at = view.to_screen(origin, *pos);
        let text_rect = Align2::LEFT_CENTER.anchor_size(at, galley.size());
        let pill = text_rect.expand2(vec2(6.0, 2.0));
        // Only the names that fit beside the ones drawn; a crowd gets the first of each place.
        if placed.iter().any(|r| r.intersects(pill)) || placed.len() >= MAX_REGION_NAMES {
            continue;
        }
        placed.push(pill);
        painter.rect(
            pill,
            4.0,
            Color32::from_white_alpha(235),
            EguiStroke::new(1.0, view.paint_color(*color)),
            StrokeKind::Inside,
        );
        painter.galley(text_rect.min, galley, view.paint_color(*color));
    }
}

/// Enough names to tell a screenful of regions apart; beyond that they would only be noise
/// (and the overlap check is quadratic in the names drawn).
const MAX_REGION_NAMES: usize = 200;

/// A dashed polyline, drawn only where it crosses the painter's clip rectangle: the number of
/// dashes follows what is on screen, not the shape's size (a boundary a billion units wide
/// would otherwise need a hundred million dashes).
fn dashed_on_screen(painter: &Painter, points: &[Pos2], stroke: EguiStroke, (dash, gap): (f32, f32)) {
    let clip = painter.clip_rect().expand(dash + gap);
    for [start, end] in visible_pieces(points, clip, dash + gap) {
        painter.extend(egui::Shape::dashed_line(&[start, end], stroke, dash, gap));
    }
}

/// The pieces of a polyline's segments inside `clip`. Each piece starts a whole number of dash
/// periods from its segment's start, so the dashes stay put while the view pans.
fn visible_pieces(points: &[Pos2], clip: egui::Rect, period: f32) -> Vec<[Pos2; 2]> {
    let mut pieces = Vec::new();
    for pair in points.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let Some((t0, t1)) = clip_segment(a, b, clip) else { continue };
        let length = a.distance(b);
        if length <= f32::EPSILON {
            continue;
        }
        let start = ((t0 * length / period).floor() * period / length).max(0.0);
        pieces.push([a + (b - a) * start, a + (b - a) * t1]);
    }
    pieces
}

/// The part of the segment a→b inside `clip`, in screen points.
fn clip_segment(a: Pos2, b: Pos2, clip: egui::Rect) -> Option<(f32, f32)> {
    let rect = Rect::new(clip.min.x, clip.min.y, clip.width(), clip.height());
    crate::model::clip_segment(Point::new(a.x, a.y), Point::new(b.x, b.y), rect)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_huge_dashed_outline_costs_what_is_on_screen() {
        // A boundary a billion units wide seen on a 1600×1000 window: the outline's dashes
        // must be a few hundred, not a hundred million.
        let screen = egui::Rect::from_min_size(Pos2::ZERO, egui::vec2(1600.0, 1000.0));
        let corners = [
            Pos2::new(-1.0e9, 100.0),
            Pos2::new(1.0e9, 100.0),
            Pos2::new(1.0e9, 900.0),
            Pos2::new(-1.0e9, 900.0),
            Pos2::new(-1.0e9, 100.0),
        ];
        let pieces = visible_pieces(&corners, screen, 12.8);
        assert_eq!(pieces.len(), 2, "only the top and bottom edges cross the window: {pieces:?}");
        let stroke = EguiStroke::new(1.8, Color32::GRAY);
        let dashes: usize = pieces.iter().map(|p| egui::Shape::dashed_line(p, stroke, 8.0, 4.8).len()).sum();
        assert!(dashes < 400, "{dashes} dashes");
    }

    #[test]
    fn dashes_keep_their_place_as_the_view_pans() {
        let clip = egui::Rect::from_min_size(Pos2::ZERO, egui::vec2(100.0, 100.0));
        let line = [Pos2::new(-1000.0, 50.0), Pos2::new(1000.0, 50.0)];
        let [start, end] = visible_pieces(&line, clip, 10.0)[0];
        assert!(start.x <= 0.0 && start.x > -10.0 && (start.x + 1000.0) % 10.0 < 1e-3, "{start:?}");
        assert!((end.x - 100.0).abs() < 1e-3);
        assert!(visible_pieces(&[Pos2::new(-50.0, -50.0), Pos2::new(-10.0, -10.0)], clip, 10.0).is_empty());
    }
}
