//! Which boundaries an element sits in, and which ones a flow crosses. The threat engine
//! fires its boundary-crossing rules from these answers. A boundary drawn as a line holds no
//! element; a flow crosses it when the straight path between its ends' centres (as the canvas
//! draws it) meets the line.

use super::{BoundaryId, Element, ElementId, Flow, Point, Rect, ThreatModel, segment_meets_polyline};

/// The one rule of membership: an element belongs to a boundary when its centre lies inside
/// the boundary's rectangle.
fn holds(rect: Rect, center: Point) -> bool {
    rect.contains(center)
}

/// Whether a flow goes into or out of a boundary.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CrossingDirection {
    Entering,
    Leaving,
    /// Over a boundary line, which has no inside.
    Across,
}

/// One boundary a flow crosses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Crossing {
    pub boundary: BoundaryId,
    pub direction: CrossingDirection,
}

impl ThreatModel {
    /// Boundaries whose rectangle holds the element's centre, innermost (smallest) first.
    pub fn boundaries_of(&self, element: &ElementId) -> Vec<BoundaryId> {
        // Where the element is drawn: an element without a position sits at the origin.
        let center = self.element_position(element);
        let mut inside: Vec<_> = self
            .boundaries
            .iter()
            .filter(|b| self.boundary_line(&b.id).is_none())
            .map(|b| (self.boundary_rect(&b.id), &b.id))
            .filter(|(rect, _)| holds(*rect, center))
            .collect();
        inside.sort_by(|a, b| a.0.area().total_cmp(&b.0.area()).then_with(|| a.1.cmp(b.1)));
        inside.into_iter().map(|(_, id)| id.clone()).collect()
    }

    /// The elements inside a boundary, in model order.
    pub fn members_of(&self, boundary: &BoundaryId) -> Vec<&Element> {
        if self.boundary_line(boundary).is_some() {
            return Vec::new();
        }
        let rect = self.boundary_rect(boundary);
        self.elements.iter().filter(|e| holds(rect, self.element_position(&e.id))).collect()
    }

    /// For each element in model order, the indexes (into `boundaries`) of the boundaries that
    /// hold it: the whole model's membership in one pass, for the threat engine.
    pub fn membership(&self) -> Vec<Vec<usize>> {
        let boxes: Vec<(usize, Rect)> = (self.boundaries.iter().enumerate())
            .filter(|(_, b)| self.boundary_line(&b.id).is_none())
            .map(|(i, b)| (i, self.boundary_rect(&b.id)))
            .collect();
        self.elements
            .iter()
            .map(|e| {
                let center = self.element_position(&e.id);
                boxes.iter().filter(|(_, rect)| holds(*rect, center)).map(|&(i, _)| i).collect()
            })
            .collect()
    }

    /// The boundaries drawn as lines, with their indexes into `boundaries`, in model order.
    pub fn lines(&self) -> Vec<(usize, &[Point])> {
        (self.boundaries.iter().enumerate()).filter_map(|(i, b)| Some((i, self.boundary_line(&b.id)?))).collect()
    }

    /// Of `lines` (from [`Self::lines`]), the indexes of those the straight path from `from` to
    /// `to` meets: worked out once for many flows, so each flow looks at the lines only.
    pub fn lines_crossed(lines: &[(usize, &[Point])], from: Point, to: Point) -> impl Iterator<Item = usize> {
        lines.iter().filter(move |(_, line)| segment_meets_polyline(from, to, line)).map(|(i, _)| *i)
    }

    /// The innermost boundary of an element, if any.
    pub fn innermost_boundary(&self, element: &ElementId) -> Option<BoundaryId> {
        self.boundaries_of(element).into_iter().next()
    }

    /// Boundaries that hold exactly one end of the flow: leaving the source's, entering the
    /// target's. A flow between two elements of the same boundary crosses nothing.
    pub fn crossings(&self, flow: &Flow) -> Vec<Crossing> {
        let from = self.boundaries_of(&flow.from);
        let to = self.boundaries_of(&flow.to);
        let leaving = from
            .iter()
            .filter(|b| !to.contains(b))
            .map(|b| Crossing { boundary: b.clone(), direction: CrossingDirection::Leaving });
        let entering = to
            .iter()
            .filter(|b| !from.contains(b))
            .map(|b| Crossing { boundary: b.clone(), direction: CrossingDirection::Entering });
        let (start, end) = (self.element_position(&flow.from), self.element_position(&flow.to));
        let lines = self.lines();
        let across: Vec<Crossing> = Self::lines_crossed(&lines, start, end)
            .map(|i| Crossing { boundary: self.boundaries[i].id.clone(), direction: CrossingDirection::Across })
            .collect();
        leaving.chain(entering).chain(across).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Boundary, BoundaryKind, Element, FlowId, Point, Rect};

    fn model() -> ThreatModel {
        let mut m = ThreatModel::new("t");
        for (id, x) in [("e1", 50.0), ("e2", 400.0), ("e3", 500.0), ("e4", 900.0)] {
            m.elements.push(Element::new(ElementId::new(id), "function", id));
            m.layout.elements.insert(ElementId::new(id), Point::new(x, 100.0));
        }
        let boundaries = [
            ("b1", BoundaryKind::Internet, Rect::new(0.0, 0.0, 200.0, 200.0)),
            ("b2", BoundaryKind::CloudAccount, Rect::new(300.0, 0.0, 400.0, 300.0)),
            ("b3", BoundaryKind::PrivateNetwork, Rect::new(450.0, 20.0, 200.0, 200.0)),
        ];
        for (id, kind, rect) in boundaries {
            m.boundaries.push(Boundary { id: BoundaryId::new(id), kind, name: id.to_owned() });
            m.layout.boundaries.insert(BoundaryId::new(id), rect);
        }
        m
    }

    fn flow(from: &str, to: &str) -> Flow {
        Flow::new(FlowId::new("f"), ElementId::new(from), ElementId::new(to), "")
    }

    #[test]
    fn membership_is_innermost_first() {
        let m = model();
        assert_eq!(m.boundaries_of(&ElementId::new("e1")), vec![BoundaryId::new("b1")]);
        assert_eq!(m.boundaries_of(&ElementId::new("e3")), vec![BoundaryId::new("b3"), BoundaryId::new("b2")]);
        assert!(m.boundaries_of(&ElementId::new("e4")).is_empty());
        assert_eq!(m.innermost_boundary(&ElementId::new("e2")), Some(BoundaryId::new("b2")));
    }

    #[test]
    fn crossings_name_each_boundary_with_its_direction() {
        let m = model();
        let c = m.crossings(&flow("e1", "e3"));
        assert_eq!(
            c,
            vec![
                Crossing { boundary: BoundaryId::new("b1"), direction: CrossingDirection::Leaving },
                Crossing { boundary: BoundaryId::new("b3"), direction: CrossingDirection::Entering },
                Crossing { boundary: BoundaryId::new("b2"), direction: CrossingDirection::Entering },
            ]
        );
        // Within one cloud account, into a private network nested in it.
        let c = m.crossings(&flow("e2", "e3"));
        assert_eq!(c, vec![Crossing { boundary: BoundaryId::new("b3"), direction: CrossingDirection::Entering }]);
        assert!(m.crossings(&flow("e2", "e2")).is_empty());
        // Out of everything.
        assert_eq!(m.crossings(&flow("e3", "e4")).len(), 2);
    }

    #[test]
    fn a_boundary_line_holds_nothing_and_is_crossed_by_the_flows_drawn_over_it() {
        let mut m = model();
        let line = BoundaryId::new("line");
        m.boundaries.push(Boundary { id: line.clone(), kind: BoundaryKind::ThirdParty, name: "Partner".into() });
        // A vertical line between e3 (x 500) and e4 (x 900), through the origin too.
        m.layout.boundary_lines.insert(line.clone(), vec![Point::new(700.0, -500.0), Point::new(700.0, 500.0)]);
        assert!(m.members_of(&line).is_empty());
        assert!(m.membership().iter().all(|inside| !inside.contains(&3)));
        let across = Crossing { boundary: line.clone(), direction: CrossingDirection::Across };
        assert!(m.crossings(&flow("e3", "e4")).contains(&across));
        assert!(!m.crossings(&flow("e2", "e3")).contains(&across));
        // Moving an end to the other side takes the crossing away.
        m.layout.elements.insert(ElementId::new("e4"), Point::new(650.0, 100.0));
        assert!(!m.crossings(&flow("e3", "e4")).contains(&across));
        assert_eq!(m.boundary_rect(&line), Rect::new(700.0, -500.0, 0.0, 1000.0));
    }

    #[test]
    fn moving_an_element_changes_its_membership() {
        let mut m = model();
        m.layout.elements.insert(ElementId::new("e4"), Point::new(100.0, 100.0));
        assert_eq!(m.boundaries_of(&ElementId::new("e4")), vec![BoundaryId::new("b1")]);
    }
}
