//! Whiteboard speed from the keyboard: nudging, duplicating, clone-and-connect and walking
//! along flows. Pure: each returns the command to apply (one undo step) or what to select.

use super::Command;
use super::gestures::{free_spot, unique_name};
use crate::model::{ELEMENT_SIZE, Element, ElementId, Flow, FlowId, Point, ThreatModel};

/// A direction on the canvas.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Left,
    Right,
    Up,
    Down,
}

impl Direction {
    pub const ALL: [Self; 4] = [Self::Left, Self::Right, Self::Up, Self::Down];

    /// Unit vector, y down as on screen.
    pub fn unit(self) -> (f32, f32) {
        match self {
            Self::Left => (-1.0, 0.0),
            Self::Right => (1.0, 0.0),
            Self::Up => (0.0, -1.0),
            Self::Down => (0.0, 1.0),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Left => "left",
            Self::Right => "right",
            Self::Up => "up",
            Self::Down => "down",
        }
    }
}

/// Space between a card and the one cloned beside it: room for a flow label.
const CLONE_GAP: (f32, f32) = (140.0, 90.0);
/// How far a duplicate lands from its original.
const DUPLICATE_OFFSET: f32 = 40.0;

/// Moves the elements `distance` canvas units in `direction`.
pub fn nudge(model: &ThreatModel, ids: &[ElementId], direction: Direction, distance: f32) -> Option<Command> {
    let (dx, dy) = direction.unit();
    let moves: Vec<_> = ids
        .iter()
        .filter(|id| model.element(id).is_some())
        .map(|id| (id.clone(), model.element_position(id).offset(dx * distance, dy * distance)))
        .collect();
    (!moves.is_empty()).then_some(Command::MoveElements { moves })
}

/// A new element of `kind` (the source's own kind when `None`) next to `from` in `direction`,
/// with a flow from `from` to it. Returns the command and the new element's id.
pub fn clone_and_connect(
    model: &ThreatModel,
    from: &ElementId,
    direction: Direction,
    kind: Option<&str>,
) -> Option<(Command, ElementId)> {
    let source = model.element(from)?;
    let kind = kind.unwrap_or(&source.kind).to_owned();
    let wanted = slot_beside(model, from, direction);
    let name = unique_name(model, crate::model::KindCatalog::builtin().kind_name(&kind));
    let id = ElementId::next_free(model.elements.iter().map(|e| &e.id));
    let flow_id = FlowId::next_free(model.flows.iter().map(|f| &f.id));
    let label = format!("Add connected {name}");
    let commands = vec![
        Command::AddElement { element: Element::new(id.clone(), kind, name), center: wanted.rounded() },
        Command::AddFlow { flow: Flow::new(flow_id, from.clone(), id.clone(), "") },
    ];
    Some((Command::Batch { label, commands }, id))
}

/// Where a new card goes beside `from` in `direction`: the first slot that way whose card
/// would not touch another, leaving room for a flow label between them.
pub fn slot_beside(model: &ThreatModel, from: &ElementId, direction: Direction) -> Point {
    let (dx, dy) = direction.unit();
    let step = Point::new(dx * (ELEMENT_SIZE.width + CLONE_GAP.0), dy * (ELEMENT_SIZE.height + CLONE_GAP.1));
    let start = model.element_position(from);
    let overlaps = |center: Point| {
        let rect = crate::model::Rect::new(
            center.x - ELEMENT_SIZE.width / 2.0 - 20.0,
            center.y - ELEMENT_SIZE.height / 2.0 - 20.0,
            ELEMENT_SIZE.width + 40.0,
            ELEMENT_SIZE.height + 40.0,
        );
        model.elements.iter().any(|e| model.element_rect(&e.id).intersects(rect))
    };
    (1..=20)
        .map(|n| start.offset(step.x * n as f32, step.y * n as f32))
        .find(|center| !overlaps(*center))
        .unwrap_or_else(|| free_spot(model, start.offset(step.x, step.y)))
        .rounded()
}

/// The element joined to `from` by a flow (either way) that lies most nearly in `direction`:
/// within 60° of it, the closest wins.
pub fn neighbour(model: &ThreatModel, from: &ElementId, direction: Direction) -> Option<ElementId> {
    let origin = model.element_position(from);
    let (ux, uy) = direction.unit();
    model
        .flows
        .iter()
        .filter_map(|f| {
            if &f.from == from {
                Some(&f.to)
            } else if &f.to == from {
                Some(&f.from)
            } else {
                None
            }
        })
        .filter(|other| *other != from && model.element(other).is_some())
        .filter_map(|other| {
            let p = model.element_position(other);
            let (vx, vy) = (p.x - origin.x, p.y - origin.y);
            let length = (vx * vx + vy * vy).sqrt();
            let along = (vx * ux + vy * uy) / length.max(f32::EPSILON);
            // cos 60° = 0.5: roughly in that direction.
            (length > 0.0 && along >= 0.5).then(|| (other.clone(), length / along))
        })
        .min_by(|a, b| a.1.total_cmp(&b.1).then_with(|| a.0.as_str().cmp(b.0.as_str())))
        .map(|(id, _)| id)
}

/// Copies of the elements, offset down and right, with copies of the flows between them.
/// Returns the command and the new ids in the order of `ids`.
pub fn duplicate(model: &ThreatModel, ids: &[ElementId]) -> Option<(Command, Vec<ElementId>)> {
    let originals: Vec<&Element> = ids.iter().filter_map(|id| model.element(id)).collect();
    if originals.is_empty() {
        return None;
    }
    let mut taken: Vec<ElementId> = model.elements.iter().map(|e| e.id.clone()).collect();
    let mut names: Vec<String> = model.elements.iter().map(|e| e.name.clone()).collect();
    let mut mapping = Vec::new();
    let mut commands = Vec::new();
    for original in &originals {
        let id = ElementId::next_free(taken.iter());
        taken.push(id.clone());
        let name = copy_name(&original.name, &names);
        names.push(name.clone());
        let mut element = (*original).clone();
        element.id = id.clone();
        element.name = name;
        let center = model.element_position(&original.id).offset(DUPLICATE_OFFSET, DUPLICATE_OFFSET);
        commands.push(Command::AddElement { element, center });
        mapping.push((original.id.clone(), id));
    }
    let mut flow_ids: Vec<FlowId> = model.flows.iter().map(|f| f.id.clone()).collect();
    let copy_of = |id: &ElementId| mapping.iter().find(|(o, _)| o == id).map(|(_, c)| c.clone());
    for flow in &model.flows {
        if let (Some(from), Some(to)) = (copy_of(&flow.from), copy_of(&flow.to)) {
            let id = FlowId::next_free(flow_ids.iter());
            flow_ids.push(id.clone());
            commands.push(Command::AddFlow { flow: Flow { id, from, to, ..flow.clone() } });
        }
    }
    let label =
        if originals.len() == 1 { "Duplicate".to_owned() } else { format!("Duplicate {} elements", originals.len()) };
    Some((Command::Batch { label, commands }, mapping.into_iter().map(|(_, copy)| copy).collect()))
}

/// "Orders database copy", then "Orders database copy 2", …
fn copy_name(name: &str, taken: &[String]) -> String {
    let base = format!("{name} copy");
    if !taken.contains(&base) {
        return base;
    }
    (2..).map(|n| format!("{base} {n}")).find(|candidate| !taken.contains(candidate)).unwrap_or(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Document;
    use crate::io::templates::Template;

    fn sample() -> Document {
        Document::new(Template::sample().model().unwrap(), None)
    }

    #[test]
    fn clone_and_connect_adds_a_connected_element_in_one_step() {
        let mut doc = sample();
        let from = ElementId::new("e3");
        let (command, new) = clone_and_connect(doc.model(), &from, Direction::Down, None).unwrap();
        doc.apply(command).unwrap();
        let model = doc.model();
        assert_eq!(model.element(&new).unwrap().kind, "function");
        assert!(model.flows.iter().any(|f| f.from == from && f.to == new));
        assert!(model.element_position(&new).y > model.element_position(&from).y);
        assert!(
            model
                .elements
                .iter()
                .filter(|e| e.id != new)
                .all(|e| !model.element_rect(&e.id).intersects(model.element_rect(&new))),
            "the new card does not cover another"
        );
        assert!(doc.undo());
        assert_eq!(doc.model(), sample().model());
    }

    #[test]
    fn neighbour_follows_flows_in_the_direction() {
        let model = Template::sample().model().unwrap();
        let gateway = ElementId::new("e2");
        assert_eq!(neighbour(&model, &gateway, Direction::Right), Some(ElementId::new("e3")));
        assert_eq!(neighbour(&model, &gateway, Direction::Left), Some(ElementId::new("e1")));
        assert_eq!(neighbour(&model, &gateway, Direction::Up), None);
        assert_eq!(neighbour(&model, &ElementId::new("e3"), Direction::Down), Some(ElementId::new("e5")));
    }

    #[test]
    fn duplicate_copies_elements_and_the_flows_between_them() {
        let mut doc = sample();
        let ids = [ElementId::new("e3"), ElementId::new("e4")];
        let (command, copies) = duplicate(doc.model(), &ids).unwrap();
        let before = doc.model().flows.len();
        doc.apply(command).unwrap();
        let model = doc.model();
        assert_eq!(copies.len(), 2);
        assert_eq!(model.element(&copies[0]).unwrap().name, "Process order copy");
        assert_eq!(model.flows.len(), before + 1, "only the flow between the two is copied");
        assert!(model.flows.iter().any(|f| f.from == copies[0] && f.to == copies[1]));
        assert_eq!(doc.history().undo_depth(), 1);
    }

    #[test]
    fn nudge_moves_only_existing_elements() {
        let model = Template::sample().model().unwrap();
        let ids = [ElementId::new("e1"), ElementId::new("missing")];
        let Some(Command::MoveElements { moves }) = nudge(&model, &ids, Direction::Left, 20.0) else { panic!() };
        assert_eq!(moves.len(), 1);
        assert_eq!(moves[0].1, model.element_position(&ids[0]).offset(-20.0, 0.0));
        assert!(nudge(&model, &[], Direction::Up, 1.0).is_none());
    }
}
