use super::build::{BOUNDARY_TEXT_SIZE, FLOW_TEXT_SIZE, boundary_tab_text};
use super::flow_geometry::{flow_geometry, flow_lanes};
use super::routing::Obstacles;
use crate::model::{BoundaryId, Point, Rect, Target, ThreatModel, distance_to_segment};

/// Height of the name tab at the top-left of a boundary.
pub const BOUNDARY_TAB_HEIGHT: f32 = 24.0;
/// How close to a line or edge a click counts as on it, in canvas units.
const PICK_DISTANCE: f32 = 6.0;

/// Rough width of text, without a font: the diagram and image export share it, so label
/// boxes are the same size everywhere. Tuned to DejaVu Sans, the font the app ships.
pub fn approx_text_width(text: &str, size: f32, bold: bool) -> f32 {
    text.chars().count() as f32 * size * if bold { 0.66 } else { 0.58 }
}

/// The tab that carries a boundary's name; dragging it moves the boundary.
pub fn boundary_tab_rect(model: &ThreatModel, id: &BoundaryId) -> Rect {
    let rect = model.boundary_rect(id);
    let text = model.boundary(id).map(|b| boundary_tab_text(&b.name, b.kind.label())).unwrap_or_default();
    let text_width = approx_text_width(&text, BOUNDARY_TEXT_SIZE, true) + 22.0;
    if let Some(line) = model.boundary_line(id) {
        // A line's name sits beside the middle of its middle piece, clear of the line and of
        // the handles on it, on the right of (or above) the line.
        let middle = line.len().saturating_sub(1) / 2;
        let (a, b) = (line.get(middle).copied().unwrap_or_default(), line.get(middle + 1).copied().unwrap_or_default());
        let (dx, dy) = (b.x - a.x, b.y - a.y);
        let length = dx.hypot(dy).max(f32::EPSILON);
        let (mut nx, mut ny) = (-dy / length, dx / length);
        if nx < 0.0 || (nx == 0.0 && ny > 0.0) {
            (nx, ny) = (-nx, -ny);
        }
        let reach = nx.abs() * text_width / 2.0 + ny.abs() * BOUNDARY_TAB_HEIGHT / 2.0 + 8.0;
        let center = Point::new((a.x + b.x) / 2.0 + nx * reach, (a.y + b.y) / 2.0 + ny * reach);
        return Rect::new(
            center.x - text_width / 2.0,
            center.y - BOUNDARY_TAB_HEIGHT / 2.0,
            text_width,
            BOUNDARY_TAB_HEIGHT,
        );
    }
    Rect::new(rect.x, rect.y, text_width.min(rect.width.max(40.0)), BOUNDARY_TAB_HEIGHT)
}

/// The box around a flow's label (and its data line, when shown).
pub fn flow_label_rect(label: &str, data_line: &str, center: Point) -> Rect {
    let width =
        approx_text_width(label, FLOW_TEXT_SIZE, false).max(approx_text_width(data_line, FLOW_TEXT_SIZE - 1.5, false))
            + 16.0;
    let lines = usize::from(!label.is_empty()) + usize::from(!data_line.is_empty());
    let height = FLOW_TEXT_SIZE * 1.2 * lines as f32 + 8.0;
    Rect::new(center.x - width / 2.0, center.y - height / 2.0, width, height)
}

/// What is under a point: the topmost element, else a flow (label or line), else a boundary
/// (tab or edge). The inside of a boundary is empty canvas, so dragging there pans.
pub fn hit_test(model: &ThreatModel, p: Point) -> Option<Target> {
    if let Some(element) = model.elements.iter().rev().find(|e| model.element_rect(&e.id).contains(p)) {
        return Some(Target::Element(element.id.clone()));
    }
    let lanes = flow_lanes(model);
    let obstacles = Obstacles::of(model);
    let mut nearest: Option<(f32, &crate::model::Flow)> = None;
    for flow in model.flows.iter().rev() {
        let lane = lanes.get(&flow.id).copied().unwrap_or(0.0);
        let Some(geometry) = flow_geometry(model, &obstacles, flow, lane) else {
            continue;
        };
        if !flow.label.is_empty() && flow_label_rect(&flow.label, "", geometry.label_center).contains(p) {
            return Some(Target::Flow(flow.id.clone()));
        }
        let line = geometry.polyline();
        let distance = line.windows(2).map(|w| distance_to_segment(p, w[0], w[1])).fold(f32::INFINITY, f32::min);
        if distance <= PICK_DISTANCE && nearest.is_none_or(|(d, _)| distance < d) {
            nearest = Some((distance, flow));
        }
    }
    if let Some((_, flow)) = nearest {
        return Some(Target::Flow(flow.id.clone()));
    }
    model
        .boundaries
        .iter()
        .rev()
        .find(|b| {
            let on_edge = match model.boundary_line(&b.id) {
                Some(line) => line.windows(2).any(|w| distance_to_segment(p, w[0], w[1]) <= PICK_DISTANCE),
                None => {
                    let rect = model.boundary_rect(&b.id);
                    rect.expanded(PICK_DISTANCE).contains(p) && !rect.expanded(-PICK_DISTANCE).contains(p)
                }
            };
            on_edge || boundary_tab_rect(model, &b.id).contains(p)
        })
        .map(|b| Target::Boundary(b.id.clone()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::Template;
    use crate::model::{BoundaryId, ElementId, FlowId};

    #[test]
    fn picks_elements_flows_and_boundaries() {
        let model = Template::sample().model().unwrap();
        let gateway = model.element_position(&ElementId::new("e2"));
        assert_eq!(hit_test(&model, gateway), Some(Target::Element(ElementId::new("e2"))));

        let lanes = flow_lanes(&model);
        let f1 = flow_geometry(&model, &Obstacles::of(&model), &model.flows[0], lanes[&FlowId::new("f1")]).unwrap();
        assert_eq!(hit_test(&model, f1.label_center), Some(Target::Flow(FlowId::new("f1"))));

        let cloud = model.boundary_rect(&BoundaryId::new("b2"));
        assert_eq!(
            hit_test(&model, Point::new(cloud.x + 2.0, cloud.center().y)),
            Some(Target::Boundary(BoundaryId::new("b2")))
        );
        let tab = boundary_tab_rect(&model, &BoundaryId::new("b2"));
        assert_eq!(hit_test(&model, tab.center()), Some(Target::Boundary(BoundaryId::new("b2"))));
        // Empty space inside a boundary is canvas.
        assert_eq!(hit_test(&model, Point::new(cloud.x + 40.0, cloud.max().y - 30.0)), None);
    }
}
