use std::collections::HashMap;

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

/// The geometry of one flow, or `None` when an end has no position.
pub fn flow_geometry(model: &ThreatModel, flow: &Flow, lane_offset: f32) -> Option<FlowGeometry> {
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
    Some(straight(start, end))
}

fn straight(start: Point, end: Point) -> FlowGeometry {
    let (dx, dy) = (end.x - start.x, end.y - start.y);
    let length = dx.hypot(dy).max(1e-3);
    let (ux, uy) = (dx / length, dy / length);
    let base = end.offset(-ux * ARROW_LENGTH, -uy * ARROW_LENGTH);
    let arrow_head = [
        end,
        base.offset(-uy * ARROW_HALF_WIDTH, ux * ARROW_HALF_WIDTH),
        base.offset(uy * ARROW_HALF_WIDTH, -ux * ARROW_HALF_WIDTH),
    ];
    let label_center = Point::new((start.x + end.x) / 2.0, (start.y + end.y) / 2.0);
    FlowGeometry { points: vec![start, base], arrow_head, label_center }
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
        let g = flow_geometry(&m, &m.flows[0], 0.0).unwrap();
        assert_eq!(g.points[0], Point::new(ELEMENT_SIZE.width / 2.0, 0.0));
        assert_eq!(g.arrow_head[0], Point::new(400.0 - ELEMENT_SIZE.width / 2.0, 0.0));
    }

    #[test]
    fn opposite_flows_take_different_lanes() {
        let m = model_with_flows(&[("e1", "e2"), ("e2", "e1")]);
        let lanes = flow_lanes(&m);
        let a = flow_geometry(&m, &m.flows[0], lanes[&FlowId::new("f0")]).unwrap();
        let b = flow_geometry(&m, &m.flows[1], lanes[&FlowId::new("f1")]).unwrap();
        assert!((a.label_center.y - b.label_center.y).abs() >= LANE_SPACING - 0.01, "{a:?} {b:?}");
    }

    #[test]
    fn self_flows_loop_outside_the_card() {
        let m = model_with_flows(&[("e1", "e1")]);
        let g = flow_geometry(&m, &m.flows[0], 0.0).unwrap();
        assert!(g.points.len() > 2);
        assert!(g.label_center.y < m.element_rect(&ElementId::new("e1")).y);
    }
}
