//! Where a new card goes when no pointer says where: beside the selection or near the middle
//! of the view, always on screen, on no other card, and in the boundary the user is looking
//! at, or else in one that suits its kind (a browser on the internet, a function in the cloud
//! account), never straddling a boundary's edge.

use super::Direction;
use crate::model::{BoundaryKind, ELEMENT_SIZE, ElementId, ElementType, KindCatalog, Point, Rect, ThreatModel};
use crate::scene::BOUNDARY_TAB_HEIGHT;

/// Room kept around a new card for the flows and their labels between cards.
const MARGIN: f32 = 24.0;
/// Rings of candidate spots tried around the wanted one; each ring is half a card further.
const RINGS: i32 = 10;
/// How many of the nearest cards offer the slots beside them as candidates.
const NEIGHBOURS: usize = 64;
/// A boundary covering this share of the view is the one the user is looking at.
const LOOKED_AT: f32 = 0.5;

/// The spot for a new card of `kind` when nothing is selected: near the middle of `visible`
/// (canvas units), in the boundary looked at or one that suits the kind.
pub fn spot_in_view(model: &ThreatModel, kind: &str, visible: Rect) -> Point {
    let region = region_for(model, kind, visible);
    let wanted = match region {
        Some(rect) => intersection(rect, visible).map_or(visible.center(), Rect::center),
        None => visible.center(),
    };
    spot_near(model, wanted, visible, region)
}

/// The free spot on screen nearest where the pointer is, for a card added there by keyboard.
pub fn spot_near_pointer(model: &ThreatModel, pointer: Point, visible: Rect) -> Point {
    spot_near(model, pointer, visible, None)
}

/// The spot for a new card beside `from`: the first free side (right, below, left, above)
/// that is on screen, else the nearest free spot on screen, else right of it.
pub fn spot_beside(model: &ThreatModel, from: &ElementId, visible: Rect) -> Point {
    let start = model.element_position(from);
    let nearby = Nearby::around(model, start);
    for direction in [Direction::Right, Direction::Down, Direction::Left, Direction::Up] {
        let (dx, dy) = direction.unit();
        let center = start.offset(dx * (ELEMENT_SIZE.width + 2.0 * MARGIN), dy * (ELEMENT_SIZE.height + 2.0 * MARGIN));
        if nearby.free(center, visible, None) {
            return center.rounded();
        }
    }
    let spot = spot_near(model, start, visible, None);
    if nearby.free(spot, visible, None) { spot } else { super::slot_beside(model, from, Direction::Right) }
}

/// The free spot nearest `wanted`: on screen and inside `region` if possible; then anywhere on
/// screen; then off screen (the canvas brings it into view).
fn spot_near(model: &ThreatModel, wanted: Point, visible: Rect, region: Option<Rect>) -> Point {
    let nearby = Nearby::around(model, wanted);
    let candidates = nearby.candidates(wanted);
    let pick = |region: Option<Rect>, on_screen: bool| {
        let screen =
            if on_screen { visible } else { Rect::new(f32::MIN / 4.0, f32::MIN / 4.0, f32::MAX / 2.0, f32::MAX / 2.0) };
        candidates.iter().copied().find(|c| nearby.free(*c, screen, region))
    };
    pick(region, true)
        .or_else(|| pick(None, true))
        .or_else(|| pick(None, false))
        .unwrap_or_else(|| super::free_spot(model, wanted))
        .rounded()
}

/// The cards and boundaries that could be in the way of a search around one spot: gathered in
/// one pass, so trying each candidate does not scan the whole model.
struct Nearby {
    cards: Vec<Rect>,
    boundaries: Vec<Rect>,
}

impl Nearby {
    fn around(model: &ThreatModel, wanted: Point) -> Self {
        // Every candidate lies within this square, so only what is in it can be in the way.
        let reach = (RINGS + 2) as f32 * (ELEMENT_SIZE.width / 2.0 + MARGIN);
        let area = Rect::centered(wanted, crate::model::Size { width: 2.0 * reach, height: 2.0 * reach });
        let mut cards: Vec<Rect> =
            model.elements.iter().map(|e| model.element_rect(&e.id)).filter(|r| r.intersects(area)).collect();
        // Nearest first: the slots beside cards come from the nearest few only.
        cards.sort_by(|a, b| a.center().distance(wanted).total_cmp(&b.center().distance(wanted)));
        let boundaries =
            model.boundaries.iter().map(|b| model.boundary_rect(&b.id)).filter(|r| r.intersects(area)).collect();
        Self { cards, boundaries }
    }

    /// Spots to try, nearest `wanted` first: a grid half a card apart, and the slots right next
    /// to each card nearby in eight directions, so cards pack the way a person lines them up.
    fn candidates(&self, wanted: Point) -> Vec<Point> {
        let (sx, sy) = (ELEMENT_SIZE.width / 2.0 + MARGIN, ELEMENT_SIZE.height / 2.0 + MARGIN);
        let grid = (-RINGS..=RINGS)
            .flat_map(|i| (-RINGS..=RINGS).map(move |j| (i, j)))
            .map(|(i, j)| wanted.offset(i as f32 * sx, j as f32 * sy));
        // Just clear of a card and its margin.
        let (nx, ny) = (ELEMENT_SIZE.width + MARGIN + 4.0, ELEMENT_SIZE.height + MARGIN + 4.0);
        let beside = self.cards.iter().take(NEIGHBOURS).flat_map(|card| {
            let c = card.center();
            [(-1.0, -1.0), (0.0, -1.0), (1.0, -1.0), (-1.0, 0.0), (1.0, 0.0), (-1.0, 1.0), (0.0, 1.0), (1.0, 1.0)]
                .map(|(i, j)| c.offset(i * nx, j * ny))
        });
        let mut spots: Vec<(f32, Point)> = grid.chain(beside).map(|spot| (spot.distance(wanted), spot)).collect();
        spots.sort_by(|a, b| a.0.total_cmp(&b.0));
        spots.into_iter().map(|(_, spot)| spot).collect()
    }

    /// A card centred at `center` is wholly on `screen`, touches no card, lies inside `region`
    /// (when given, clear of its name tab) and straddles no boundary's edge.
    fn free(&self, center: Point, screen: Rect, region: Option<Rect>) -> bool {
        let card = Rect::centered(center, ELEMENT_SIZE);
        let room = card.expanded(MARGIN);
        screen.contains_rect(room)
            && !self.cards.iter().any(|c| c.intersects(room))
            && region.is_none_or(|r| inside(r).contains_rect(card))
            && self.boundaries.iter().all(|b| inside(*b).contains_rect(card) || !b.intersects(room))
    }
}

/// The part of a boundary a card may sit in: below its name tab, off its dashed edge.
fn inside(boundary: Rect) -> Rect {
    let edge = 12.0;
    let top = BOUNDARY_TAB_HEIGHT + 12.0;
    Rect::new(boundary.x + edge, boundary.y + top, boundary.width - 2.0 * edge, boundary.height - top - edge)
}

/// The boundary to put a card of `kind` in: the one the user is looking at (it covers most of
/// the view, the smallest such), else the visible one of a kind that suits the card, most
/// visible first.
fn region_for(model: &ThreatModel, kind: &str, visible: Rect) -> Option<Rect> {
    let shown = |r: Rect| intersection(r, visible).map_or(0.0, Rect::area);
    let rects = || model.boundaries.iter().map(|b| (b.kind, model.boundary_rect(&b.id)));
    let looked_at = rects()
        .filter(|(_, r)| shown(*r) >= LOOKED_AT * visible.area())
        .min_by(|a, b| a.1.area().total_cmp(&b.1.area()));
    if let Some((_, rect)) = looked_at {
        return Some(rect);
    }
    let element_type = KindCatalog::builtin().kind(kind).map_or(ElementType::Process, |k| k.element_type);
    let suits = |boundary: BoundaryKind| match element_type {
        ElementType::ExternalEntity => matches!(boundary, BoundaryKind::Internet | BoundaryKind::ThirdParty),
        ElementType::Process | ElementType::DataStore => {
            matches!(boundary, BoundaryKind::CloudAccount | BoundaryKind::PrivateNetwork)
        }
    };
    rects()
        .filter(|(kind, r)| suits(*kind) && shown(*r) > 0.0)
        .max_by(|a, b| shown(a.1).total_cmp(&shown(b.1)))
        .map(|(_, rect)| rect)
}

fn intersection(a: Rect, b: Rect) -> Option<Rect> {
    let min = Point::new(a.x.max(b.x), a.y.max(b.y));
    let max = Point::new((a.x + a.width).min(b.x + b.width), (a.y + a.height).min(b.y + b.height));
    (max.x > min.x && max.y > min.y).then(|| Rect::from_corners(min, max))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::Template;
    use crate::model::{BoundaryId, Element};

    fn blank() -> ThreatModel {
        Template::find("blank").unwrap().model().unwrap()
    }

    fn add(model: &mut ThreatModel, kind: &str, at: Point) -> ElementId {
        let id = ElementId::next_free(model.elements.iter().map(|e| &e.id));
        model.layout.elements.insert(id.clone(), at);
        model.elements.push(Element::new(id.clone(), kind, kind));
        id
    }

    fn boundary_of(model: &ThreatModel, at: Point) -> Option<BoundaryId> {
        let card = Rect::centered(at, ELEMENT_SIZE);
        model.boundaries.iter().find(|b| model.boundary_rect(&b.id).contains_rect(card)).map(|b| b.id.clone())
    }

    #[test]
    fn cards_go_where_their_kind_belongs_and_never_on_each_other() {
        let mut model = blank();
        let visible = Rect::new(-100.0, 0.0, 1300.0, 560.0);
        let mut placed = Vec::new();
        for kind in ["user", "browser", "function", "function", "database", "function"] {
            let at = spot_in_view(&model, kind, visible);
            let id = add(&mut model, kind, at);
            let card = Rect::centered(at, ELEMENT_SIZE);
            assert!(visible.contains_rect(card), "{kind} on screen");
            assert!(!placed.iter().any(|other: &Rect| other.expanded(MARGIN).intersects(card)), "{kind} overlaps");
            let expected = if kind == "user" || kind == "browser" { "b1" } else { "b2" };
            assert_eq!(boundary_of(&model, at).as_ref().map(BoundaryId::as_str), Some(expected), "{kind} ({id:?})");
            placed.push(card);
        }
    }

    #[test]
    fn the_boundary_looked_at_wins_and_a_full_view_still_gives_a_free_spot() {
        let model = blank();
        // Zoomed into the internet boundary: even a function goes there.
        let internet = model.boundary_rect(&BoundaryId::new("b1"));
        let at = spot_in_view(&model, "function", internet.expanded(40.0));
        assert_eq!(boundary_of(&model, at).as_ref().map(BoundaryId::as_str), Some("b1"));

        let mut crowded = ThreatModel::new("Crowded");
        for i in 0..60 {
            add(&mut crowded, "function", Point::new((i % 6) as f32 * 260.0, (i / 6) as f32 * 100.0));
        }
        let visible = Rect::new(-150.0, -60.0, 1500.0, 1000.0);
        let at = spot_in_view(&crowded, "function", visible);
        let card = Rect::centered(at, ELEMENT_SIZE);
        assert!(crowded.elements.iter().all(|e| !crowded.element_rect(&e.id).intersects(card)), "free, off screen");
    }

    #[test]
    fn beside_the_selection_takes_the_first_free_side_on_screen() {
        let mut model = ThreatModel::new("Row");
        let a = add(&mut model, "function", Point::new(0.0, 0.0));
        let visible = Rect::new(-400.0, -300.0, 1200.0, 800.0);
        let right = spot_beside(&model, &a, visible);
        assert!(right.x > 200.0 && right.y == 0.0, "{right:?}");
        // At the right edge of the view: below instead, still on screen.
        let edge = Rect::new(-900.0, -300.0, 1050.0, 800.0);
        let below = spot_beside(&model, &a, edge);
        assert!(below.y > 60.0 && edge.contains_rect(Rect::centered(below, ELEMENT_SIZE)), "{below:?}");
    }
}
