use std::collections::HashMap;

use super::routing::Obstacles;
use crate::model::{ELEMENT_SIZE, Flow, FlowId, Point, Rect, ThreatModel};

/// Gap between parallel flows of the same pair of elements, in canvas units.
const LANE_SPACING: f32 = 22.0;
const ARROW_LENGTH: f32 = 11.0;
const ARROW_HALF_WIDTH: f32 = 5.5;

/// Where a flow's arrow runs: a polyline from the source card's edge to the target card's edge,
/// the arrow head, and the centre of its label.
#[derive(Clone, Debug, PartialEq)]
pub struct FlowGeometry {
    pub points: Vec<Point>,
    pub arrow_head: [Point; 3],
    pub label_center: Point,
}

impl FlowGeometry {
    /// The whole line, tip included.
    pub fn polyline(&self) -> Vec<Point> {
        let mut line = self.points.clone();
        line.push(self.arrow_head[0]);
        line
    }
}

/// Sideways offsets so that flows between the same two elements (either direction) do not
/// lie on top of each other.
pub fn flow_lanes(model: &ThreatModel) -> HashMap<FlowId, f32> {
    let mut groups: HashMap<(&str, &str), Vec<&FlowId>> = HashMap::new();
    for flow in &model.flows {
        let (a, b) = (flow.from.as_str(), flow.to.as_str());
        let key = if a <= b { (a, b) } else { (b, a) };
        groups.entry(key).or_default().push(&flow.id);
    }
    let mut lanes = HashMap::new();
    for ids in groups.values() {
        let middle = (ids.len() as f32 - 1.0) / 2.0;
        for (i, id) in ids.iter().enumerate() {
            lanes.insert((*id).clone(), (i as f32 - middle) * LANE_SPACING);
        }
    }
    lanes
}

/// The geometry of one flow, or `None` when an end has no position: a straight line from
/// edge to edge, or, where that would cross another card, a route around the cards in the way.
pub fn flow_geometry(
    model: &ThreatModel,
    obstacles: &Obstacles<'_>,
    flow: &Flow,
    lane_offset: f32,
) -> Option<FlowGeometry> {
    // Looked up in the layout map, not the element list: this runs for every flow.
    let from = Rect::centered(*model.layout.elements.get(&flow.from)?, ELEMENT_SIZE);
    let to = Rect::centered(*model.layout.elements.get(&flow.to)?, ELEMENT_SIZE);
    if flow.from == flow.to {
        return Some(self_loop(from, lane_offset));
    }
    let (fc, tc) = (from.center(), to.center());
    let (dx, dy) = (tc.x - fc.x, tc.y - fc.y);
    let length = dx.hypot(dy).max(1e-3);
    // Offsets are measured in a direction that does not depend on which way the flow runs,
    // so that A→B and B→A take different lanes.
    let sign = if (flow.from.as_str(), dx) <= (flow.to.as_str(), -dx) { 1.0 } else { -1.0 };
    let (nx, ny) = (-dy / length * lane_offset * sign, dx / length * lane_offset * sign);
    let start = from.boundary_point_toward(tc).offset(nx, ny);
    let end = to.boundary_point_toward(fc).offset(nx, ny);
    let ends = [&flow.from, &flow.to];
    if obstacles.crossed(start, end, ends)
        && let Some(route) = obstacles.route(ends, from, to)
    {
        return Some(along(&in_lane(route, lane_offset * sign)));
    }
    Some(along(&[start, end]))
}

/// A route moved sideways into its lane: every corner by the offset both ways (which keeps
/// it orthogonal and parallel routes apart), its ends along the card's side only.
fn in_lane(mut route: Vec<Point>, offset: f32) -> Vec<Point> {
    if offset == 0.0 || route.len() < 2 {
        return route;
    }
    let last = route.len() - 1;
    let (first_next, last_previous) = (route[1], route[last - 1]);
    for (i, p) in route.iter_mut().enumerate() {
        let toward = match i {
            0 => Some(first_next),
            i if i == last => Some(last_previous),
            _ => None,
        };
        *p = match toward {
            // Leaving sideways (along x), the end slides along the side (y), and the other way.
            Some(next) if (next.y - p.y).abs() < 0.01 => p.offset(0.0, offset),
            Some(_) => p.offset(offset, 0.0),
            None => p.offset(offset, offset),
        };
    }
    route
}

/// A flow's geometry along a polyline: the arrow on its last segment, the label halfway along.
fn along(line: &[Point]) -> FlowGeometry {
    let (Some(&end), Some(&before)) = (line.last(), line.len().checked_sub(2).and_then(|i| line.get(i))) else {
        let p = line.first().copied().unwrap_or_default();
        return FlowGeometry { points: vec![p, p], arrow_head: [p; 3], label_center: p };
    };
    let (dx, dy) = (end.x - before.x, end.y - before.y);
    let length = dx.hypot(dy).max(1e-3);
    let (ux, uy) = (dx / length, dy / length);
    let base = end.offset(-ux * ARROW_LENGTH, -uy * ARROW_LENGTH);
    let arrow_head = [
        end,
        base.offset(-uy * ARROW_HALF_WIDTH, ux * ARROW_HALF_WIDTH),
        base.offset(uy * ARROW_HALF_WIDTH, -ux * ARROW_HALF_WIDTH),
    ];
    let mut points = line[..line.len() - 1].to_vec();
    points.push(base);
    FlowGeometry { points, arrow_head, label_center: halfway(line) }
}

/// The point halfway along a polyline.
fn halfway(line: &[Point]) -> Point {
    let total: f32 = line.windows(2).map(|w| w[0].distance(w[1])).sum();
    let mut left = total / 2.0;
    for w in line.windows(2) {
        let piece = w[0].distance(w[1]);
        if piece >= left && piece > 0.0 {
            let t = left / piece;
            return Point::new(w[0].x + (w[1].x - w[0].x) * t, w[0].y + (w[1].y - w[0].y) * t);
        }
        left -= piece;
    }
    line.first().copied().unwrap_or_default()
}

/// A loop over the top-right corner, for a function that triggers itself.
fn self_loop(card: Rect, lane_offset: f32) -> FlowGeometry {
    let reach = 34.0 + lane_offset.abs();
    let right = card.max().x;
    let top = card.y;
    let start = Point::new(right - ELEMENT_SIZE.width * 0.25, top);
    let end = Point::new(right, top + ELEMENT_SIZE.height * 0.3);
    let points = vec![
        start,
        Point::new(start.x, top - reach),
        Point::new(right + reach, top - reach),
        Point::new(right + reach, end.y),
        Point::new(end.x + ARROW_LENGTH, end.y),
    ];
    let arrow_head = [
        end,
        Point::new(end.x + ARROW_LENGTH, end.y - ARROW_HALF_WIDTH),
        Point::new(end.x + ARROW_LENGTH, end.y + ARROW_HALF_WIDTH),
    ];
    FlowGeometry { points, arrow_head, label_center: Point::new(right + reach * 0.5, top - reach) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Element, ElementId, Flow};

    fn model_with_flows(pairs: &[(&str, &str)]) -> ThreatModel {
        let mut m = ThreatModel::new("t");
        for (id, x) in [("e1", 0.0), ("e2", 400.0)] {
            m.elements.push(Element::new(ElementId::new(id), "function", id));
            m.layout.elements.insert(ElementId::new(id), Point::new(x, 0.0));
        }
        for (i, (a, b)) in pairs.iter().enumerate() {
            m.flows.push(Flow::new(FlowId::new(format!("f{i}")), ElementId::new(*a), ElementId::new(*b), ""));
        }
        m
    }

    #[test]
    fn a_flow_runs_edge_to_edge() {
        let m = model_with_flows(&[("e1", "e2")]);
        let g = flow_geometry(&m, &Obstacles::of(&m), &m.flows[0], 0.0).unwrap();
        assert_eq!(g.points[0], Point::new(ELEMENT_SIZE.width / 2.0, 0.0));
        assert_eq!(g.arrow_head[0], Point::new(400.0 - ELEMENT_SIZE.width / 2.0, 0.0));
    }

    #[test]
    fn opposite_flows_take_different_lanes() {
        let m = model_with_flows(&[("e1", "e2"), ("e2", "e1")]);
        let lanes = flow_lanes(&m);
        let obstacles = Obstacles::of(&m);
        let a = flow_geometry(&m, &obstacles, &m.flows[0], lanes[&FlowId::new("f0")]).unwrap();
        let b = flow_geometry(&m, &obstacles, &m.flows[1], lanes[&FlowId::new("f1")]).unwrap();
        assert!((a.label_center.y - b.label_center.y).abs() >= LANE_SPACING - 0.01, "{a:?} {b:?}");
    }

    #[test]
    fn flows_past_a_card_go_round_it_in_separate_lanes() {
        let mut m = model_with_flows(&[]);
        m.elements.push(Element::new(ElementId::new("e3"), "function", "e3"));
        m.layout.elements.insert(ElementId::new("e3"), Point::new(800.0, 0.0));
        for (i, (a, b)) in [("e1", "e3"), ("e3", "e1")].iter().enumerate() {
            m.flows.push(Flow::new(FlowId::new(format!("f{i}")), ElementId::new(*a), ElementId::new(*b), ""));
        }
        let lanes = flow_lanes(&m);
        let obstacles = Obstacles::of(&m);
        let middle = m.element_rect(&ElementId::new("e2"));
        let lines: Vec<Vec<Point>> =
            m.flows.iter().map(|f| flow_geometry(&m, &obstacles, f, lanes[&f.id]).unwrap().polyline()).collect();
        for line in &lines {
            assert!(line.len() > 2, "routed: {line:?}");
            assert!(line.iter().all(|p| !middle.contains(*p)), "round the card: {line:?}");
        }
        assert_ne!(lines[0][1], lines[1][lines[1].len() - 2], "apart: {lines:?}");
    }

    #[test]
    fn self_flows_loop_outside_the_card() {
        let m = model_with_flows(&[("e1", "e1")]);
        let g = flow_geometry(&m, &Obstacles::of(&m), &m.flows[0], 0.0).unwrap();
        assert!(g.points.len() > 2);
        assert!(g.label_center.y < m.element_rect(&ElementId::new("e1")).y);
    }
}
