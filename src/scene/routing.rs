//! Flows around cards. A flow whose straight line would cross another card is routed around
//! it orthogonally: the shortest path with the fewest bends on a sparse grid made of the edges
//! of the cards near it (an orthogonal visibility graph, after Wybrow, Marriott and Stuckey,
//! "Orthogonal Connector Routing", Graph Drawing 2009), searched with A* from the
//! `pathfinding` crate. Straight lines stay straight; only a crossing flow bends.

use std::collections::{HashMap, HashSet};

use pathfinding::directed::astar::astar;

use crate::model::{ELEMENT_SIZE, ElementId, Point, Rect, ThreatModel, clip_segment};

/// Clearance kept between a routed flow and the cards it passes, clear of their badges.
const PAD: f32 = 24.0;
/// How far beyond its two ends a route may wander to get round what is in the way.
const REACH: f32 = ELEMENT_SIZE.width * 1.5;
/// Each bend costs as much as this much length: fewer bends win over slightly shorter paths.
const BEND_COST: i64 = 100;
/// Above this many cards near a flow, routing would cost more than it helps: the flow stays
/// straight (a very long flow across a dense diagram).
const MAX_OBSTACLES: usize = 80;
/// Side of the buckets cards are filed in, in canvas units.
const BUCKET: f32 = 512.0;

/// The cards of a model, filed by position, so asking what a line crosses looks at the cards
/// near it only: building costs one pass over the elements, each question a few buckets.
pub struct Obstacles<'a> {
    cards: Vec<(&'a ElementId, Rect)>,
    buckets: HashMap<(i32, i32), Vec<usize>>,
}

impl<'a> Obstacles<'a> {
    pub fn of(model: &'a ThreatModel) -> Self {
        let cards: Vec<(&ElementId, Rect)> = model
            .elements
            .iter()
            .filter_map(|e| model.layout.elements.get(&e.id).map(|p| (&e.id, Rect::centered(*p, ELEMENT_SIZE))))
            .collect();
        let mut buckets: HashMap<(i32, i32), Vec<usize>> = HashMap::new();
        for (i, (_, rect)) in cards.iter().enumerate() {
            for key in bucket_keys(*rect) {
                buckets.entry(key).or_default().push(i);
            }
        }
        Self { cards, buckets }
    }

    /// The cards overlapping `area`, each once, without `except`.
    fn near(&self, area: Rect, except: [&ElementId; 2]) -> Vec<Rect> {
        let mut seen = HashSet::new();
        let mut found = Vec::new();
        for key in bucket_keys(area) {
            for &i in self.buckets.get(&key).map_or(&[][..], Vec::as_slice) {
                let (id, rect) = self.cards[i];
                if seen.insert(i) && !except.contains(&id) && rect.intersects(area) {
                    found.push(rect);
                }
            }
        }
        found
    }

    /// Whether the segment a→b passes through a card other than `except`.
    pub fn crossed(&self, a: Point, b: Point, except: [&ElementId; 2]) -> bool {
        let area = Rect::from_corners(a, b);
        // A straight line through a big model: buckets along a long diagonal are many, and
        // such a flow is not routed anyway.
        if bucket_count(area) > 4 * MAX_OBSTACLES {
            return false;
        }
        self.near(area, except).iter().any(|card| segment_hits(a, b, card.expanded(-1.0)))
    }

    /// An orthogonal path from the edge of `from` to the edge of `to` around the cards near
    /// them, or `None` when there is none nearby (or too much in the way to look).
    pub fn route(&self, ends: [&ElementId; 2], from: Rect, to: Rect) -> Option<Vec<Point>> {
        let area = from.union(to).expanded(REACH);
        let others = self.near(area, ends);
        if others.len() > MAX_OBSTACLES {
            return None;
        }
        let blocks: Vec<Rect> = others.iter().chain([&from, &to]).map(|r| r.expanded(PAD)).collect();
        let grid = Grid::new(area, &blocks, from, to);
        grid.shortest(&blocks, from, to)
    }
}

fn bucket_of(p: Point) -> (i32, i32) {
    ((p.x / BUCKET).floor() as i32, (p.y / BUCKET).floor() as i32)
}

fn bucket_keys(rect: Rect) -> impl Iterator<Item = (i32, i32)> {
    let (x0, y0) = bucket_of(rect.min());
    let (x1, y1) = bucket_of(rect.max());
    (x0..=x1).flat_map(move |x| (y0..=y1).map(move |y| (x, y)))
}

fn bucket_count(rect: Rect) -> usize {
    let (x0, y0) = bucket_of(rect.min());
    let (x1, y1) = bucket_of(rect.max());
    (x1 - x0 + 1).max(0) as usize * (y1 - y0 + 1).max(0) as usize
}

/// Whether the segment a→b runs through `rect` for more than a point.
fn segment_hits(a: Point, b: Point, rect: Rect) -> bool {
    clip_segment(a, b, rect).is_some_and(|(t0, t1)| t0 < t1)
}

/// Which way a path runs along a grid line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Heading {
    Horizontal,
    Vertical,
}

/// A place in the search: the virtual start, a grid point reached running one way, the goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Node {
    Start,
    At(usize, usize, Heading),
    Goal,
}

/// Where a path may leave or enter a card: the middle of a side, and a point just outside it.
struct Port {
    on_card: Point,
    outside: Point,
    heading: Heading,
}

fn ports(card: Rect) -> [Port; 4] {
    let c = card.center();
    let out = PAD + 1.0;
    [
        Port { on_card: Point::new(card.x, c.y), outside: Point::new(card.x - out, c.y), heading: Heading::Horizontal },
        Port {
            on_card: Point::new(card.x + card.width, c.y),
            outside: Point::new(card.x + card.width + out, c.y),
            heading: Heading::Horizontal,
        },
        Port { on_card: Point::new(c.x, card.y), outside: Point::new(c.x, card.y - out), heading: Heading::Vertical },
        Port {
            on_card: Point::new(c.x, card.y + card.height),
            outside: Point::new(c.x, card.y + card.height + out),
            heading: Heading::Vertical,
        },
    ]
}

/// The sparse grid: lines along every blocked area's edges and through the ports.
struct Grid {
    xs: Vec<f32>,
    ys: Vec<f32>,
}

impl Grid {
    fn new(area: Rect, blocks: &[Rect], from: Rect, to: Rect) -> Self {
        let mut xs = vec![area.x, area.x + area.width];
        let mut ys = vec![area.y, area.y + area.height];
        for block in blocks {
            xs.extend([block.x, block.x + block.width]);
            ys.extend([block.y, block.y + block.height]);
        }
        for port in ports(from).iter().chain(ports(to).iter()) {
            xs.push(port.outside.x);
            ys.push(port.outside.y);
        }
        for axis in [&mut xs, &mut ys] {
            axis.sort_by(f32::total_cmp);
            axis.dedup_by(|a, b| (*a - *b).abs() < 0.5);
        }
        Self { xs, ys }
    }

    fn point(&self, i: usize, j: usize) -> Point {
        Point::new(self.xs[i], self.ys[j])
    }

    fn index_of(&self, p: Point) -> Option<(usize, usize)> {
        let i = self.xs.iter().position(|x| (x - p.x).abs() < 0.5)?;
        let j = self.ys.iter().position(|y| (y - p.y).abs() < 0.5)?;
        Some((i, j))
    }

    /// The cheapest path from a port of `from` to a port of `to`, as the points where it turns.
    fn shortest(&self, blocks: &[Rect], from: Rect, to: Rect) -> Option<Vec<Point>> {
        let inside = |p: Point| blocks.iter().any(|b| strictly_inside(*b, p));
        let open = |a: Point, b: Point| !blocks.iter().any(|r| segment_hits(a, b, r.expanded(-0.5)));
        let starts: Vec<(usize, usize, Heading, Point)> = ports(from)
            .iter()
            .filter(|p| !inside(p.outside))
            .filter_map(|p| self.index_of(p.outside).map(|(i, j)| (i, j, p.heading, p.on_card)))
            .collect();
        let goals: Vec<(usize, usize, Heading, Point)> = ports(to)
            .iter()
            .filter(|p| !inside(p.outside))
            .filter_map(|p| self.index_of(p.outside).map(|(i, j)| (i, j, p.heading, p.on_card)))
            .collect();
        let length = |a: Point, b: Point| ((a.x - b.x).abs() + (a.y - b.y).abs()).round() as i64;
        let successors = |node: &Node| -> Vec<(Node, i64)> {
            match *node {
                Node::Start => {
                    starts.iter().map(|&(i, j, h, on)| (Node::At(i, j, h), length(on, self.point(i, j)))).collect()
                }
                Node::Goal => Vec::new(),
                Node::At(i, j, heading) => {
                    let here = self.point(i, j);
                    let mut next = Vec::with_capacity(5);
                    if let Some(&(_, _, h, on)) = goals.iter().find(|g| g.0 == i && g.1 == j) {
                        let bend = if h == heading { 0 } else { BEND_COST };
                        next.push((Node::Goal, length(here, on) + bend));
                    }
                    let neighbours = [
                        (i.checked_sub(1).map(|i| (i, j)), Heading::Horizontal),
                        ((i + 1 < self.xs.len()).then_some((i + 1, j)), Heading::Horizontal),
                        (j.checked_sub(1).map(|j| (i, j)), Heading::Vertical),
                        ((j + 1 < self.ys.len()).then_some((i, j + 1)), Heading::Vertical),
                    ];
                    for (to, way) in neighbours {
                        let Some((ni, nj)) = to else { continue };
                        let there = self.point(ni, nj);
                        if inside(there) || !open(here, there) {
                            continue;
                        }
                        let bend = if way == heading { 0 } else { BEND_COST };
                        next.push((Node::At(ni, nj, way), length(here, there) + bend));
                    }
                    next
                }
            }
        };
        let target = to.center();
        let heuristic = |node: &Node| match *node {
            Node::At(i, j, _) => {
                let p = self.point(i, j);
                // Never more than the real cost: the distance to the card's nearest edge.
                let dx = (p.x - target.x).abs() - to.width / 2.0;
                let dy = (p.y - target.y).abs() - to.height / 2.0;
                (dx.max(0.0) + dy.max(0.0)).floor() as i64
            }
            _ => 0,
        };
        let (path, _) = astar(&Node::Start, successors, heuristic, |n| *n == Node::Goal)?;
        let mut points = Vec::with_capacity(path.len());
        let cells: Vec<(usize, usize)> =
            path.iter().filter_map(|n| if let Node::At(i, j, _) = n { Some((*i, *j)) } else { None }).collect();
        let (first, last) = (cells.first()?, cells.last()?);
        points.push(starts.iter().find(|s| (s.0, s.1) == *first)?.3);
        points.extend(cells.iter().map(|&(i, j)| self.point(i, j)));
        points.push(goals.iter().find(|g| (g.0, g.1) == *last)?.3);
        Some(without_straight_joints(points))
    }
}

fn strictly_inside(rect: Rect, p: Point) -> bool {
    p.x > rect.x + 0.5 && p.x < rect.x + rect.width - 0.5 && p.y > rect.y + 0.5 && p.y < rect.y + rect.height - 0.5
}

/// Only the points where the path turns, and its two ends.
fn without_straight_joints(points: Vec<Point>) -> Vec<Point> {
    let mut kept: Vec<Point> = Vec::with_capacity(points.len());
    for p in points {
        if kept.last().is_some_and(|last| last.distance(p) < 0.01) {
            continue;
        }
        if kept.len() >= 2 {
            let (a, b) = (kept[kept.len() - 2], kept[kept.len() - 1]);
            let straight = ((a.x - b.x).abs() < 0.01 && (b.x - p.x).abs() < 0.01)
                || ((a.y - b.y).abs() < 0.01 && (b.y - p.y).abs() < 0.01);
            if straight {
                kept.pop();
            }
        }
        kept.push(p);
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Element;

    fn row(xs: &[f32]) -> ThreatModel {
        let mut model = ThreatModel::new("Row");
        for (i, x) in xs.iter().enumerate() {
            let id = ElementId::new(format!("e{}", i + 1));
            model.layout.elements.insert(id.clone(), Point::new(*x, 0.0));
            model.elements.push(Element::new(id, "function", format!("F{i}")));
        }
        model
    }

    #[test]
    fn a_flow_past_a_card_in_its_way_goes_round_it_with_few_bends() {
        let model = row(&[0.0, 400.0, 800.0]);
        let obstacles = Obstacles::of(&model);
        let (a, c) = (ElementId::new("e1"), ElementId::new("e3"));
        let (from, to) = (model.element_rect(&a), model.element_rect(&c));
        assert!(obstacles.crossed(from.center(), to.center(), [&a, &c]));
        let path = obstacles.route([&a, &c], from, to).unwrap();
        let middle = model.element_rect(&ElementId::new("e2")).expanded(PAD - 1.0);
        for pair in path.windows(2) {
            assert!(!segment_hits(pair[0], pair[1], middle), "{path:?}");
            assert!(pair[0].x == pair[1].x || pair[0].y == pair[1].y, "orthogonal: {path:?}");
        }
        assert!(path.len() <= 6, "a detour of at most four bends: {path:?}");
        assert!(from.expanded(0.5).contains(path[0]) && to.expanded(0.5).contains(*path.last().unwrap()));
    }

    #[test]
    fn nothing_in_the_way_means_nothing_crossed() {
        let model = row(&[0.0, 400.0]);
        let obstacles = Obstacles::of(&model);
        let (a, b) = (ElementId::new("e1"), ElementId::new("e2"));
        let (from, to) = (model.element_rect(&a), model.element_rect(&b));
        assert!(!obstacles.crossed(from.center(), to.center(), [&a, &b]));
    }
}
