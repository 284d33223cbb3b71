//! Small line drawings that make each kind recognisable at a glance, in a 28-unit box.

use super::{Anchor, Color, Shape, Stroke};
use crate::model::{KindShape, Point, Rect};

const LINE: f32 = 1.8;

/// The pictogram of a kind, centred on `c`.
pub fn pictogram(kind: KindShape, c: Point, color: Color) -> Vec<Shape> {
    let stroke = Stroke::solid(LINE, color);
    let p = |dx: f32, dy: f32| c.offset(dx, dy);
    let line = |points: Vec<Point>| Shape::Path { points, closed: false, fill: Color::TRANSPARENT, stroke };
    let outline = |points: Vec<Point>| Shape::Path { points, closed: true, fill: Color::TRANSPARENT, stroke };
    let filled = |points: Vec<Point>| Shape::Path { points, closed: true, fill: color, stroke: Stroke::NONE };
    let rect = |x: f32, y: f32, w: f32, h: f32, r: f32| Shape::Rect {
        rect: Rect::new(c.x + x, c.y + y, w, h),
        corner_radius: r,
        fill: Color::TRANSPARENT,
        stroke,
    };
    let circle = |dx: f32, dy: f32, r: f32, fill: Color| Shape::Ellipse {
        center: p(dx, dy),
        radius_x: r,
        radius_y: r,
        fill,
        stroke: if fill == Color::TRANSPARENT { stroke } else { Stroke::NONE },
    };
    let none = Color::TRANSPARENT;

    match kind {
        KindShape::Person => vec![circle(0.0, -6.0, 4.5, none), line(arc(p(0.0, 11.0), 9.0, 7.5, 180.0, 360.0))],
        KindShape::Browser => vec![
            rect(-12.0, -9.0, 24.0, 18.0, 2.0),
            line(vec![p(-12.0, -4.0), p(12.0, -4.0)]),
            circle(-9.0, -6.5, 0.9, color),
            circle(-6.0, -6.5, 0.9, color),
        ],
        KindShape::Mobile => vec![rect(-7.0, -12.0, 14.0, 24.0, 3.0), line(vec![p(-2.5, 8.5), p(2.5, 8.5)])],
        KindShape::Cloud => vec![outline(cloud(c))],
        KindShape::Gateway => vec![
            outline(vec![p(-12.0, 0.0), p(-6.0, -10.0), p(6.0, -10.0), p(12.0, 0.0), p(6.0, 10.0), p(-6.0, 10.0)]),
            line(vec![p(-6.0, 0.0), p(5.0, 0.0)]),
            filled(vec![p(7.0, 0.0), p(2.5, -3.5), p(2.5, 3.5)]),
        ],
        KindShape::Shield => vec![
            outline(vec![p(0.0, -12.0), p(10.0, -8.0), p(9.0, 3.0), p(0.0, 12.0), p(-9.0, 3.0), p(-10.0, -8.0)]),
            line(vec![p(-4.5, 0.0), p(-1.0, 4.0), p(5.0, -4.0)]),
        ],
        KindShape::Function => vec![Shape::Text {
            pos: p(0.0, 0.5),
            anchor: Anchor::Center,
            text: "λ".to_owned(),
            size: 22.0,
            color,
            bold: true,
            max_width: 28.0,
        }],
        KindShape::Cylinder => vec![
            Shape::Ellipse { center: p(0.0, -8.0), radius_x: 10.0, radius_y: 3.5, fill: none, stroke },
            line(vec![p(-10.0, -8.0), p(-10.0, 8.0)]),
            line(vec![p(10.0, -8.0), p(10.0, 8.0)]),
            line(arc(p(0.0, 8.0), 10.0, 3.5, 0.0, 180.0)),
            line(arc(p(0.0, 0.0), 10.0, 3.5, 0.0, 180.0)),
        ],
        KindShape::Bucket => vec![
            Shape::Ellipse { center: p(0.0, -8.0), radius_x: 11.0, radius_y: 3.5, fill: none, stroke },
            line(vec![p(-11.0, -8.0), p(-7.5, 10.0)]),
            line(vec![p(11.0, -8.0), p(7.5, 10.0)]),
            line(arc(p(0.0, 10.0), 7.5, 2.5, 0.0, 180.0)),
        ],
        KindShape::Queue => vec![
            rect(-12.0, -5.0, 6.0, 10.0, 1.0),
            rect(-4.0, -5.0, 6.0, 10.0, 1.0),
            rect(4.0, -5.0, 6.0, 10.0, 1.0),
            line(vec![p(-12.0, 9.0), p(10.0, 9.0)]),
            filled(vec![p(13.0, 9.0), p(9.0, 6.5), p(9.0, 11.5)]),
        ],
        KindShape::Workflow => vec![
            circle(-8.0, -7.0, 3.5, none),
            circle(8.0, -7.0, 3.5, none),
            circle(0.0, 8.0, 3.5, none),
            line(vec![p(-4.5, -7.0), p(4.5, -7.0)]),
            line(vec![p(6.5, -3.8), p(1.8, 4.9)]),
        ],
        KindShape::Key => vec![
            circle(-6.0, 0.0, 5.5, none),
            line(vec![p(-0.5, 0.0), p(12.0, 0.0)]),
            line(vec![p(8.0, 0.0), p(8.0, 4.5)]),
            line(vec![p(11.5, 0.0), p(11.5, 3.5)]),
        ],
        KindShape::Monitor => vec![
            rect(-12.0, -10.0, 24.0, 16.0, 2.0),
            line(vec![p(-8.0, 2.0), p(-3.0, -3.0), p(1.0, 0.0), p(7.0, -6.0)]),
            line(vec![p(0.0, 6.0), p(0.0, 10.0)]),
            line(vec![p(-5.0, 10.5), p(5.0, 10.5)]),
        ],
        KindShape::ThirdParty => vec![
            outline(vec![p(2.0, -10.0), p(-10.0, -10.0), p(-10.0, 10.0), p(10.0, 10.0), p(10.0, -2.0)]),
            line(vec![p(-1.0, 1.0), p(11.0, -11.0)]),
            line(vec![p(4.0, -11.0), p(11.0, -11.0), p(11.0, -4.0)]),
        ],
        KindShape::Clock => vec![circle(0.0, 0.0, 11.0, none), line(vec![p(0.0, -7.0), p(0.0, 0.0), p(5.0, 3.5)])],
        KindShape::Process => {
            let mut shapes = vec![circle(0.0, 0.0, 6.5, none)];
            for i in 0..8 {
                let angle = (i as f32) * std::f32::consts::FRAC_PI_4;
                let (s, co) = angle.sin_cos();
                shapes.push(line(vec![p(co * 8.0, s * 8.0), p(co * 11.5, s * 11.5)]));
            }
            shapes
        }
        KindShape::DataStore => vec![
            line(vec![p(-12.0, -7.0), p(12.0, -7.0)]),
            line(vec![p(-12.0, 7.0), p(12.0, 7.0)]),
            line(vec![p(-6.0, -7.0), p(-6.0, 7.0)]),
        ],
        KindShape::External => vec![rect(-11.0, -10.0, 22.0, 20.0, 0.0), line(vec![p(-11.0, -4.0), p(11.0, -4.0)])],
    }
}

/// Points of an elliptical arc, angles in degrees, y down.
fn arc(center: Point, rx: f32, ry: f32, from_deg: f32, to_deg: f32) -> Vec<Point> {
    const STEPS: usize = 16;
    (0..=STEPS)
        .map(|i| {
            let t = (from_deg + (to_deg - from_deg) * i as f32 / STEPS as f32).to_radians();
            Point::new(center.x + rx * t.cos(), center.y + ry * t.sin())
        })
        .collect()
}

fn cloud(c: Point) -> Vec<Point> {
    let mut points = arc(c.offset(-6.0, 2.0), 6.0, 6.0, 90.0, 270.0);
    points.extend(arc(c.offset(0.0, -3.0), 7.0, 7.0, 200.0, 340.0));
    points.extend(arc(c.offset(7.0, 2.0), 6.0, 6.0, 270.0, 450.0));
    points
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pictogram_stays_in_its_box() {
        let kinds = crate::model::KindCatalog::builtin();
        for kind in &kinds.kinds {
            for shape in pictogram(kind.shape, Point::new(0.0, 0.0), Color::rgb(0, 0, 0)) {
                let points: Vec<Point> = match &shape {
                    Shape::Path { points, .. } => points.clone(),
                    Shape::Rect { rect, .. } => vec![rect.min(), rect.max()],
                    Shape::Ellipse { center, radius_x, radius_y, .. } => {
                        vec![center.offset(-radius_x, -radius_y), center.offset(*radius_x, *radius_y)]
                    }
                    Shape::Text { pos, .. } => vec![*pos],
                };
                for p in points {
                    assert!(p.x.abs() <= 14.0 && p.y.abs() <= 14.0, "{:?} leaves its box at {p:?}", kind.shape);
                }
            }
        }
    }
}
