//! Where a dragged selection lands: on the grid when snapping is on, else lined up with other
//! cards when it comes close to their centres or edges, with the guide lines to show it.

use crate::model::{ELEMENT_SIZE, ElementId, Point, ThreatModel};

/// The grid the canvas draws and snaps to, in canvas units.
pub const GRID: f32 = 24.0;

/// A guide line to draw while dragging: vertical at `x` or horizontal at `y`, between two
/// points in canvas units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct GuideLine {
    pub from: Point,
    pub to: Point,
}

/// The move of `ids` by (`dx`, `dy`) adjusted to the grid (`snap`) or to the nearest
/// alignment within `tolerance` canvas units, and the guides that alignment shows.
pub fn aligned_move(
    model: &ThreatModel,
    ids: &[ElementId],
    dx: f32,
    dy: f32,
    snap: bool,
    tolerance: f32,
) -> (f32, f32, Vec<GuideLine>) {
    // The first element leads: the others keep their places relative to it.
    let Some(lead) = ids.iter().find(|id| model.element(id).is_some()) else { return (dx, dy, Vec::new()) };
    let start = model.element_position(lead);
    let moved = Point::new(start.x + dx, start.y + dy);
    if snap {
        let snapped = Point::new((moved.x / GRID).round() * GRID, (moved.y / GRID).round() * GRID);
        return (snapped.x - start.x, snapped.y - start.y, Vec::new());
    }
    let others: Vec<Point> =
        model.elements.iter().filter(|e| !ids.contains(&e.id)).map(|e| model.element_position(&e.id)).collect();
    let (half_w, half_h) = (ELEMENT_SIZE.width / 2.0, ELEMENT_SIZE.height / 2.0);
    // Centres, left edges and right edges line up on x; centres, tops and bottoms on y.
    let best = |mine: [f32; 3], theirs: &dyn Fn(&Point) -> [f32; 3]| -> Option<(f32, f32)> {
        others
            .iter()
            .flat_map(|p| {
                let t = theirs(p);
                (0..3).map(move |i| (t[i] - mine[i], t[i]))
            })
            .filter(|(shift, _)| shift.abs() <= tolerance)
            .min_by(|a, b| a.0.abs().total_cmp(&b.0.abs()))
    };
    let x = best([moved.x, moved.x - half_w, moved.x + half_w], &|p| [p.x, p.x - half_w, p.x + half_w]);
    let y = best([moved.y, moved.y - half_h, moved.y + half_h], &|p| [p.y, p.y - half_h, p.y + half_h]);
    let final_point = Point::new(moved.x + x.map_or(0.0, |s| s.0), moved.y + y.map_or(0.0, |s| s.0));
    let mut guides = Vec::new();
    if let Some((_, line_x)) = x {
        let ys = others.iter().filter(|p| [p.x, p.x - half_w, p.x + half_w].iter().any(|v| (v - line_x).abs() < 0.5));
        let (low, high) = ys.fold((final_point.y, final_point.y), |(lo, hi), p| (lo.min(p.y), hi.max(p.y)));
        guides.push(GuideLine {
            from: Point::new(line_x, low - half_h - 12.0),
            to: Point::new(line_x, high + half_h + 12.0),
        });
    }
    if let Some((_, line_y)) = y {
        let xs = others.iter().filter(|p| [p.y, p.y - half_h, p.y + half_h].iter().any(|v| (v - line_y).abs() < 0.5));
        let (low, high) = xs.fold((final_point.x, final_point.x), |(lo, hi), p| (lo.min(p.x), hi.max(p.x)));
        guides.push(GuideLine {
            from: Point::new(low - half_w - 12.0, line_y),
            to: Point::new(high + half_w + 12.0, line_y),
        });
    }
    (final_point.x - start.x, final_point.y - start.y, guides)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::Template;

    #[test]
    fn close_to_another_centre_it_lines_up_and_shows_a_guide() {
        let model = Template::sample().model().unwrap();
        let (e1, e2) = (ElementId::new("e1"), ElementId::new("e2"));
        let (a, b) = (model.element_position(&e1), model.element_position(&e2));
        // Drag e1 to just under e2, 4 units off its centre line.
        let (dx, dy, guides) = aligned_move(&model, std::slice::from_ref(&e1), b.x - a.x + 4.0, 200.0, false, 6.0);
        assert_eq!(a.x + dx, b.x, "lined up with the card above");
        assert!((dy - 200.0).abs() < 6.0 + f32::EPSILON);
        assert!(guides.iter().any(|g| g.from.x == b.x && g.to.x == b.x));
    }

    #[test]
    fn far_from_everything_it_moves_as_dragged() {
        let model = Template::sample().model().unwrap();
        let (dx, dy, guides) = aligned_move(&model, &[ElementId::new("e1")], 3.0, 3000.0, false, 6.0);
        assert_eq!((dx, dy), (3.0, 3000.0));
        assert!(guides.is_empty());
    }

    #[test]
    fn with_snapping_the_lead_card_lands_on_the_grid() {
        let model = Template::sample().model().unwrap();
        let id = ElementId::new("e3");
        let start = model.element_position(&id);
        let (dx, dy, guides) = aligned_move(&model, &[id], 13.0, -27.0, true, 6.0);
        assert_eq!(((start.x + dx) % GRID, (start.y + dy) % GRID), (0.0, 0.0));
        assert!(guides.is_empty());
    }
}
