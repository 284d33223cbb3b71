//! What a finished gesture on the canvas means as an edit. Pure, so the canvas's behaviour is
//! tested without a window: the canvas reports gestures, this turns them into `Command`s.

use crate::model::{
    Boundary, BoundaryId, BoundaryKind, Element, ElementId, Flow, FlowId, KindCatalog, Point, Rect, Target, ThreatModel,
};

use super::Command;

/// Smallest size a boundary can be resized to, in canvas units.
pub const MIN_BOUNDARY_SIZE: (f32, f32) = (140.0, 90.0);
/// Size of a boundary added from the palette.
pub const NEW_BOUNDARY_SIZE: (f32, f32) = (420.0, 280.0);

/// A corner of a boundary, for resizing.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Corner {
    TopLeft,
    TopRight,
    BottomLeft,
    BottomRight,
}

impl Corner {
    pub const ALL: [Self; 4] = [Self::TopLeft, Self::TopRight, Self::BottomLeft, Self::BottomRight];

    pub fn of(self, rect: Rect) -> Point {
        let (min, max) = (rect.min(), rect.max());
        match self {
            Self::TopLeft => min,
            Self::TopRight => Point::new(max.x, min.y),
            Self::BottomLeft => Point::new(min.x, max.y),
            Self::BottomRight => max,
        }
    }

    fn opposite(self) -> Self {
        match self {
            Self::TopLeft => Self::BottomRight,
            Self::TopRight => Self::BottomLeft,
            Self::BottomLeft => Self::TopRight,
            Self::BottomRight => Self::TopLeft,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::TopLeft => "top left",
            Self::TopRight => "top right",
            Self::BottomLeft => "bottom left",
            Self::BottomRight => "bottom right",
        }
    }
}

/// A gesture the user finished on the canvas or palette.
#[derive(Clone, Debug, PartialEq)]
pub enum Gesture {
    MoveElements {
        ids: Vec<ElementId>,
        dx: f32,
        dy: f32,
    },
    /// Moves a boundary with everything inside it.
    MoveBoundary {
        id: BoundaryId,
        dx: f32,
        dy: f32,
    },
    ResizeBoundary {
        id: BoundaryId,
        corner: Corner,
        to: Point,
    },
    Connect {
        from: ElementId,
        to: ElementId,
    },
    AddElement {
        kind: String,
        center: Point,
    },
    AddBoundary {
        kind: BoundaryKind,
        center: Point,
    },
    /// Adds a boundary line (a straight one, to be bent with its handles).
    AddBoundaryLine {
        kind: BoundaryKind,
        center: Point,
    },
    /// Drags one point of a boundary line.
    MoveLinePoint {
        id: BoundaryId,
        index: usize,
        to: Point,
    },
    /// Drags the middle of a piece of a boundary line, bending it there: a new point after
    /// `after`.
    BendLine {
        id: BoundaryId,
        after: usize,
        to: Point,
    },
}

/// The edit a gesture stands for, or `None` when it changes nothing (a drag back to where it
/// started, a connection to nowhere).
pub fn gesture_command(model: &ThreatModel, gesture: Gesture) -> Option<Command> {
    match gesture {
        Gesture::MoveElements { ids, dx, dy } => {
            if dx.round() == 0.0 && dy.round() == 0.0 {
                return None;
            }
            let moves: Vec<_> = ids
                .into_iter()
                .filter(|id| model.element(id).is_some())
                .map(|id| {
                    let to = model.element_position(&id).offset(dx, dy);
                    (id, to)
                })
                .collect();
            (!moves.is_empty()).then_some(Command::MoveElements { moves })
        }
        Gesture::MoveBoundary { id, dx, dy } => {
            if model.boundary(&id).is_none() || (dx.round() == 0.0 && dy.round() == 0.0) {
                return None;
            }
            if let Some(line) = model.boundary_line(&id) {
                return Some(Command::SetBoundaryLine { id, points: translated(line, dx, dy) });
            }
            Some(move_boundary_command(model, &id, dx, dy))
        }
        Gesture::MoveLinePoint { id, index, to } => {
            let mut points = model.boundary_line(&id)?.to_vec();
            let point = points.get_mut(index)?;
            if point.distance(to) < 0.5 {
                return None;
            }
            *point = to;
            Some(Command::SetBoundaryLine { id, points })
        }
        Gesture::BendLine { id, after, to } => {
            let mut points = model.boundary_line(&id)?.to_vec();
            let (a, b) = (*points.get(after)?, *points.get(after + 1)?);
            // A click on the handle is no bend: the point would sit on the straight line.
            if Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0).distance(to) < 1.0 {
                return None;
            }
            points.insert(after + 1, to);
            Some(Command::SetBoundaryLine { id, points })
        }
        Gesture::AddBoundaryLine { kind, center } => {
            let id = BoundaryId::next_free(model.boundaries.iter().map(|b| &b.id));
            let boundary = Boundary { id, kind, name: kind.label().to_owned() };
            // Upright, as a line between two columns of a diagram usually is.
            let half = NEW_BOUNDARY_SIZE.1 / 2.0;
            let points = vec![center.offset(0.0, -half), center.offset(0.0, half)];
            Some(Command::AddBoundaryLine { boundary, points })
        }
        Gesture::ResizeBoundary { id, corner, to } => {
            model.boundary(&id)?;
            if model.boundary_line(&id).is_some() {
                return None;
            }
            let rect = model.boundary_rect(&id);
            let anchor = corner.opposite().of(rect);
            // Keep the opposite corner still and never let the boundary turn inside out.
            let (min_w, min_h) = MIN_BOUNDARY_SIZE;
            let x = if to.x < anchor.x { to.x.min(anchor.x - min_w) } else { to.x.max(anchor.x + min_w) };
            let y = if to.y < anchor.y { to.y.min(anchor.y - min_h) } else { to.y.max(anchor.y + min_h) };
            let resized = Rect::from_corners(anchor, Point::new(x, y)).rounded();
            (resized != rect).then_some(Command::SetBoundaryRect { id, rect: resized })
        }
        Gesture::Connect { from, to } => {
            model.element(&from)?;
            model.element(&to)?;
            let id = FlowId::next_free(model.flows.iter().map(|f| &f.id));
            Some(Command::AddFlow { flow: Flow::new(id, from, to, "") })
        }
        Gesture::AddElement { kind, center } => {
            let name = unique_name(model, KindCatalog::builtin().kind_name(&kind));
            let id = ElementId::next_free(model.elements.iter().map(|e| &e.id));
            Some(Command::AddElement { element: Element::new(id, kind, name), center })
        }
        Gesture::AddBoundary { kind, center } => {
            let id = BoundaryId::next_free(model.boundaries.iter().map(|b| &b.id));
            let (w, h) = NEW_BOUNDARY_SIZE;
            let boundary = Boundary { id, kind, name: kind.label().to_owned() };
            Some(Command::AddBoundary { boundary, rect: Rect::new(center.x - w / 2.0, center.y - h / 2.0, w, h) })
        }
    }
}

/// Moving a boundary takes along the elements whose centre is inside it and the boundaries
/// wholly inside it, as one undo step.
fn move_boundary_command(model: &ThreatModel, id: &BoundaryId, dx: f32, dy: f32) -> Command {
    let rect = model.boundary_rect(id);
    let mut commands = vec![Command::SetBoundaryRect { id: id.clone(), rect: rect.translated(dx, dy) }];
    for inner in &model.boundaries {
        let inner_rect = model.boundary_rect(&inner.id);
        if &inner.id != id && rect.contains_rect(inner_rect) {
            commands.push(match model.boundary_line(&inner.id) {
                Some(line) => Command::SetBoundaryLine { id: inner.id.clone(), points: translated(line, dx, dy) },
                None => Command::SetBoundaryRect { id: inner.id.clone(), rect: inner_rect.translated(dx, dy) },
            });
        }
    }
    let moves: Vec<_> = model
        .members_of(id)
        .into_iter()
        .map(|e| (e.id.clone(), model.element_position(&e.id).offset(dx, dy)))
        .collect();
    if !moves.is_empty() {
        commands.push(Command::MoveElements { moves });
    }
    Command::Batch { label: "Move boundary".to_owned(), commands }
}

fn translated(line: &[Point], dx: f32, dy: f32) -> Vec<Point> {
    line.iter().map(|p| p.offset(dx, dy)).collect()
}

/// "Function", or "Function 2" when a "Function" already exists.
pub(super) fn unique_name(model: &ThreatModel, base: &str) -> String {
    let taken = |name: &str| model.elements.iter().any(|e| e.name == name);
    if !taken(base) {
        return base.to_owned();
    }
    (2..).map(|n| format!("{base} {n}")).find(|name| !taken(name)).unwrap_or_else(|| base.to_owned())
}

/// Where to put something added without a pointer position: the requested spot, nudged down
/// and right until no element sits there.
pub fn free_spot(model: &ThreatModel, wanted: Point) -> Point {
    let mut spot = wanted.rounded();
    for _ in 0..50 {
        let occupied = model.elements.iter().any(|e| model.element_position(&e.id).distance(spot) < 40.0);
        if !occupied {
            break;
        }
        spot = spot.offset(30.0, 30.0);
    }
    spot
}

/// The targets a "select all" picks.
pub fn all_targets(model: &ThreatModel) -> Vec<Target> {
    model.targets().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Document;
    use crate::io::templates::Template;
    use crate::model::CrossingDirection;

    fn sample() -> ThreatModel {
        Template::sample().model().unwrap()
    }

    #[test]
    fn a_drag_becomes_one_move_with_rounded_positions() {
        let model = sample();
        let ids = vec![ElementId::new("e3"), ElementId::new("e4")];
        let command = gesture_command(&model, Gesture::MoveElements { ids, dx: 10.4, dy: -20.6 }).unwrap();
        let Command::MoveElements { moves } = &command else { panic!("{command:?}") };
        assert_eq!(moves.len(), 2);
        let mut doc = Document::new(model.clone(), None);
        doc.apply(command).unwrap();
        let before = model.element_position(&ElementId::new("e3"));
        assert_eq!(doc.model().element_position(&ElementId::new("e3")), before.offset(10.0, -21.0));
    }

    #[test]
    fn a_drag_back_to_the_start_is_no_edit() {
        let model = sample();
        assert_eq!(
            gesture_command(&model, Gesture::MoveElements { ids: vec![ElementId::new("e1")], dx: 0.2, dy: -0.3 }),
            None
        );
        assert_eq!(
            gesture_command(&model, Gesture::MoveBoundary { id: BoundaryId::new("b1"), dx: 0.0, dy: 0.0 }),
            None
        );
    }

    #[test]
    fn moving_a_boundary_takes_its_elements_along() {
        let model = sample();
        let command =
            gesture_command(&model, Gesture::MoveBoundary { id: BoundaryId::new("b2"), dx: 100.0, dy: 50.0 }).unwrap();
        let mut doc = Document::new(model.clone(), None);
        doc.apply(command).unwrap();
        for id in ["e2", "e3", "e4", "e5"] {
            let id = ElementId::new(id);
            assert_eq!(doc.model().element_position(&id), model.element_position(&id).offset(100.0, 50.0));
            assert_eq!(doc.model().boundaries_of(&id), model.boundaries_of(&id));
        }
        // Elements outside stay put, and it is one undo step.
        assert_eq!(doc.model().element_position(&ElementId::new("e1")), model.element_position(&ElementId::new("e1")));
        assert!(doc.undo());
        assert_eq!(doc.model(), &model);
    }

    #[test]
    fn resizing_keeps_the_opposite_corner_and_a_minimum_size() {
        let model = sample();
        let id = BoundaryId::new("b1");
        let rect = model.boundary_rect(&id);
        let to = Point::new(rect.max().x + 50.0, rect.max().y + 20.0);
        let Some(Command::SetBoundaryRect { rect: resized, .. }) =
            gesture_command(&model, Gesture::ResizeBoundary { id: id.clone(), corner: Corner::BottomRight, to })
        else {
            panic!("expected a resize");
        };
        assert_eq!(resized.min(), rect.min());
        assert_eq!(resized.max(), to);
        // Dragging the corner past the opposite one stops at the minimum size.
        let Some(Command::SetBoundaryRect { rect: tiny, .. }) =
            gesture_command(&model, Gesture::ResizeBoundary { id, corner: Corner::BottomRight, to: rect.min() })
        else {
            panic!("expected a resize");
        };
        assert_eq!((tiny.width, tiny.height), MIN_BOUNDARY_SIZE);
    }

    #[test]
    fn connecting_adds_a_flow_with_a_fresh_id() {
        let model = sample();
        let command =
            gesture_command(&model, Gesture::Connect { from: ElementId::new("e4"), to: ElementId::new("e1") }).unwrap();
        let Command::AddFlow { flow } = command else { panic!() };
        assert_eq!(flow.id, FlowId::new("f6"));
        assert_eq!((flow.from.as_str(), flow.to.as_str()), ("e4", "e1"));
        assert_eq!(
            gesture_command(&model, Gesture::Connect { from: ElementId::new("e4"), to: ElementId::new("zz") }),
            None
        );
    }

    #[test]
    fn added_elements_get_unique_names_and_ids() {
        let model = sample();
        let Some(Command::AddElement { element, .. }) =
            gesture_command(&model, Gesture::AddElement { kind: "function".into(), center: Point::new(0.0, 0.0) })
        else {
            panic!()
        };
        assert_eq!(element.id, ElementId::new("e7"));
        assert_eq!(element.name, "Function");
        let mut doc = Document::new(model, None);
        doc.apply(Command::AddElement { element, center: Point::new(0.0, 0.0) }).unwrap();
        let Some(Command::AddElement { element, .. }) =
            gesture_command(doc.model(), Gesture::AddElement { kind: "function".into(), center: Point::new(0.0, 0.0) })
        else {
            panic!()
        };
        assert_eq!(element.name, "Function 2");
    }

    #[test]
    fn free_spot_avoids_existing_elements() {
        let model = sample();
        let taken = model.element_position(&ElementId::new("e1"));
        assert_ne!(free_spot(&model, taken), taken);
        assert_eq!(free_spot(&model, Point::new(-500.0, -500.0)), Point::new(-500.0, -500.0));
    }

    #[test]
    fn a_boundary_line_is_added_moved_bent_and_undone_and_flows_cross_it() {
        let model = sample();
        let mut doc = Document::new(model.clone(), None);
        // Upright, half-way between the two ends of the first flow.
        let flow = model.flows[0].clone();
        let (from, to) = (model.element_position(&flow.from), model.element_position(&flow.to));
        let middle = Point::new((from.x + to.x) / 2.0, (from.y + to.y) / 2.0);
        let add =
            gesture_command(doc.model(), Gesture::AddBoundaryLine { kind: BoundaryKind::ThirdParty, center: middle });
        let Some(Command::AddBoundaryLine { boundary, points }) = add.clone() else { panic!("{add:?}") };
        assert_eq!(points.len(), 2);
        doc.apply(add.unwrap()).unwrap();
        let id = boundary.id.clone();
        let crosses = |doc: &Document| {
            doc.model().crossings(&flow).iter().any(|c| c.boundary == id && c.direction == CrossingDirection::Across)
        };
        assert!(crosses(&doc), "a line through the middle of a flow is crossed");
        assert!(doc.model().validate().iter().all(|i| i.severity() != crate::model::Severity::Error));
        // A click on a bend handle, with no move, bends nothing.
        assert!(
            gesture_command(doc.model(), Gesture::BendLine { id: id.clone(), after: 0, to: middle.rounded() })
                .is_none()
        );
        // Bend it, then drag the bend: three points.
        let bend =
            gesture_command(doc.model(), Gesture::BendLine { id: id.clone(), after: 0, to: middle.offset(40.0, 0.0) });
        doc.apply(bend.unwrap()).unwrap();
        assert_eq!(doc.model().boundary_line(&id).map(<[Point]>::len), Some(3));
        let point = gesture_command(
            doc.model(),
            Gesture::MoveLinePoint { id: id.clone(), index: 1, to: middle.offset(60.0, 5.0) },
        );
        doc.apply(point.unwrap()).unwrap();
        assert_eq!(doc.model().boundary_line(&id).unwrap()[1], middle.offset(60.0, 5.0).rounded());
        // Moved far away, the flow no longer crosses it; a move is one line, not a box.
        let away = gesture_command(doc.model(), Gesture::MoveBoundary { id: id.clone(), dx: 5000.0, dy: 0.0 }).unwrap();
        assert!(matches!(away, Command::SetBoundaryLine { .. }), "{away:?}");
        doc.apply(away).unwrap();
        assert!(!crosses(&doc));
        // A line has no corners to resize; a box cannot be given a line.
        assert!(
            gesture_command(
                doc.model(),
                Gesture::ResizeBoundary { id: id.clone(), corner: Corner::TopLeft, to: middle }
            )
            .is_none()
        );
        let some_box = model.boundaries[0].id.clone();
        let line = vec![middle, middle.offset(0.0, 10.0)];
        assert!(doc.apply(Command::SetBoundaryLine { id: some_box, points: line }).is_err());
        assert!(doc.apply(Command::SetBoundaryLine { id: id.clone(), points: vec![middle] }).is_err(), "one point");
        // Auto-layout leaves the line alone, and every step undoes.
        if let Some(layout) = crate::edit::auto_layout(doc.model()) {
            doc.apply(layout).unwrap();
        }
        assert!(doc.model().boundary_line(&id).is_some() && !doc.model().layout.boundaries.contains_key(&id));
        while doc.undo() {}
        assert_eq!(doc.model(), &model);
    }
}
