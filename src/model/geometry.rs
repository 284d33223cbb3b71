//! Canvas geometry of the pure core. The UI converts to and from egui types at its edge.

use serde::{Deserialize, Serialize};

/// Width and height of every element card, in canvas units. Fixed so that layout stays a
/// single point per element and files stay small.
pub const ELEMENT_SIZE: Size = Size { width: 224.0, height: 64.0 };

/// A point in canvas units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Point {
    pub x: f32,
    pub y: f32,
}

impl Point {
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }

    /// Rounded to whole canvas units, so that files hold tidy numbers.
    pub fn rounded(self) -> Self {
        Self::new(self.x.round(), self.y.round())
    }

    pub fn offset(self, dx: f32, dy: f32) -> Self {
        Self::new(self.x + dx, self.y + dy)
    }

    pub fn distance(self, other: Self) -> f32 {
        (self.x - other.x).hypot(self.y - other.y)
    }

    pub fn is_finite(self) -> bool {
        self.x.is_finite() && self.y.is_finite()
    }
}

/// Whether the segment from `a` to `b` meets the polyline `line` (a boundary line): touching
/// counts, so a flow drawn through a line's end point crosses it.
pub fn segment_meets_polyline(a: Point, b: Point, line: &[Point]) -> bool {
    line.windows(2).any(|pair| segments_meet(a, b, pair[0], pair[1]))
}

fn segments_meet(p1: Point, p2: Point, q1: Point, q2: Point) -> bool {
    // Orientation signs of each segment's ends against the other; collinear overlaps count.
    let cross = |o: Point, a: Point, b: Point| (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    let within = |o: Point, a: Point, b: Point| {
        o.x.min(a.x) <= b.x && b.x <= o.x.max(a.x) && o.y.min(a.y) <= b.y && b.y <= o.y.max(a.y)
    };
    let (d1, d2) = (cross(q1, q2, p1), cross(q1, q2, p2));
    let (d3, d4) = (cross(p1, p2, q1), cross(p1, p2, q2));
    if ((d1 > 0.0 && d2 < 0.0) || (d1 < 0.0 && d2 > 0.0)) && ((d3 > 0.0 && d4 < 0.0) || (d3 < 0.0 && d4 > 0.0)) {
        return true;
    }
    (d1 == 0.0 && within(q1, q2, p1))
        || (d2 == 0.0 && within(q1, q2, p2))
        || (d3 == 0.0 && within(p1, p2, q1))
        || (d4 == 0.0 && within(p1, p2, q2))
}

/// A size in canvas units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Size {
    pub width: f32,
    pub height: f32,
}

/// An axis-aligned rectangle in canvas units, by its top-left corner and size.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

impl Rect {
    pub const fn new(x: f32, y: f32, width: f32, height: f32) -> Self {
        Self { x, y, width, height }
    }

    /// The rectangle of the given size centred on `center`.
    pub fn centered(center: Point, size: Size) -> Self {
        Self::new(center.x - size.width / 2.0, center.y - size.height / 2.0, size.width, size.height)
    }

    /// The smallest rectangle holding both corners, whatever their order.
    pub fn from_corners(a: Point, b: Point) -> Self {
        Self::new(a.x.min(b.x), a.y.min(b.y), (a.x - b.x).abs(), (a.y - b.y).abs())
    }

    pub fn min(self) -> Point {
        Point::new(self.x, self.y)
    }

    pub fn max(self) -> Point {
        Point::new(self.x + self.width, self.y + self.height)
    }

    pub fn center(self) -> Point {
        Point::new(self.x + self.width / 2.0, self.y + self.height / 2.0)
    }

    pub fn area(self) -> f32 {
        self.width * self.height
    }

    pub fn contains(self, p: Point) -> bool {
        p.x >= self.x && p.x <= self.x + self.width && p.y >= self.y && p.y <= self.y + self.height
    }

    /// True when `other` lies wholly inside this rectangle.
    pub fn contains_rect(self, other: Self) -> bool {
        self.contains(other.min()) && self.contains(other.max())
    }

    pub fn intersects(self, other: Self) -> bool {
        self.x <= other.x + other.width
            && other.x <= self.x + self.width
            && self.y <= other.y + other.height
            && other.y <= self.y + self.height
    }

    pub fn translated(self, dx: f32, dy: f32) -> Self {
        Self::new(self.x + dx, self.y + dy, self.width, self.height)
    }

    pub fn expanded(self, margin: f32) -> Self {
        Self::new(self.x - margin, self.y - margin, self.width + 2.0 * margin, self.height + 2.0 * margin)
    }

    /// The smallest rectangle holding both.
    pub fn union(self, other: Self) -> Self {
        let min = Point::new(self.x.min(other.x), self.y.min(other.y));
        let max = Point::new(self.max().x.max(other.max().x), self.max().y.max(other.max().y));
        Self::from_corners(min, max)
    }

    pub fn rounded(self) -> Self {
        Self::new(self.x.round(), self.y.round(), self.width.round(), self.height.round())
    }

    pub fn is_finite(self) -> bool {
        [self.x, self.y, self.width, self.height].iter().all(|v| v.is_finite())
    }

    /// Where the segment from the centre towards `toward` leaves the rectangle. Used to end
    /// flow arrows at the edge of a card rather than at its centre.
    pub fn boundary_point_toward(self, toward: Point) -> Point {
        let c = self.center();
        let (dx, dy) = (toward.x - c.x, toward.y - c.y);
        if dx == 0.0 && dy == 0.0 {
            return c;
        }
        let sx = if dx == 0.0 { f32::INFINITY } else { (self.width / 2.0) / dx.abs() };
        let sy = if dy == 0.0 { f32::INFINITY } else { (self.height / 2.0) / dy.abs() };
        let s = sx.min(sy).min(1.0);
        Point::new(c.x + dx * s, c.y + dy * s)
    }
}

/// Distance from `p` to the segment `a`-`b`.
/// The part of the segment a→b inside `rect`, as the parameters (0 at a, 1 at b) where it
/// enters and leaves (Liang–Barsky clipping); `None` when it misses.
pub fn clip_segment(a: Point, b: Point, rect: Rect) -> Option<(f32, f32)> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0_f32, 1.0_f32);
    let sides =
        [(-dx, a.x - rect.x), (dx, rect.x + rect.width - a.x), (-dy, a.y - rect.y), (dy, rect.y + rect.height - a.y)];
    for (p, q) in sides {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let t = q / p;
            if p < 0.0 {
                t0 = t0.max(t);
            } else {
                t1 = t1.min(t);
            }
        }
    }
    (t0 <= t1).then_some((t0, t1))
}

pub fn distance_to_segment(p: Point, a: Point, b: Point) -> f32 {
    let (abx, aby) = (b.x - a.x, b.y - a.y);
    let len_sq = abx * abx + aby * aby;
    if len_sq == 0.0 {
        return p.distance(a);
    }
    let t = (((p.x - a.x) * abx + (p.y - a.y) * aby) / len_sq).clamp(0.0, 1.0);
    p.distance(Point::new(a.x + t * abx, a.y + t * aby))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boundary_point_lies_on_the_edge() {
        let r = Rect::new(0.0, 0.0, 100.0, 50.0);
        assert_eq!(r.boundary_point_toward(Point::new(500.0, 25.0)), Point::new(100.0, 25.0));
        assert_eq!(r.boundary_point_toward(Point::new(50.0, -300.0)), Point::new(50.0, 0.0));
        assert_eq!(r.boundary_point_toward(r.center()), r.center());
    }

    #[test]
    fn from_corners_normalises() {
        let r = Rect::from_corners(Point::new(10.0, 40.0), Point::new(0.0, 0.0));
        assert_eq!(r, Rect::new(0.0, 0.0, 10.0, 40.0));
    }

    #[test]
    fn segment_distance() {
        let d = distance_to_segment(Point::new(5.0, 5.0), Point::new(0.0, 0.0), Point::new(10.0, 0.0));
        assert!((d - 5.0).abs() < 1e-6);
    }

    #[test]
    fn a_segment_meets_a_polyline_it_passes_through_or_touches() {
        let line = [Point::new(100.0, -50.0), Point::new(100.0, 50.0), Point::new(200.0, 100.0)];
        let p = Point::new;
        assert!(segment_meets_polyline(p(0.0, 0.0), p(300.0, 0.0), &line));
        assert!(!segment_meets_polyline(p(0.0, 0.0), p(90.0, 0.0), &line));
        // Through the second piece only.
        assert!(segment_meets_polyline(p(150.0, 200.0), p(150.0, 0.0), &line));
        // Touching an end point counts; a parallel miss does not.
        assert!(segment_meets_polyline(p(0.0, -50.0), p(100.0, -50.0), &line));
        assert!(!segment_meets_polyline(p(0.0, -60.0), p(300.0, -60.0), &line));
        assert!(!segment_meets_polyline(p(0.0, 0.0), p(300.0, 0.0), &line[..1]));
    }
}
