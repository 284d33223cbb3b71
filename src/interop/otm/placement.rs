//! Where the imported parts are drawn. The file's diagram is kept when it places every
//! component and every trust zone that holds one, and puts each component inside its zone and
//! no other (positions are relative to the parent zone's corner, as IriusRisk's tools write
//! them). Otherwise the model is laid out as the infrastructure import does: each boundary a
//! starting box inside its parent, each element inside its boundary, then the auto-layout,
//! which redraws every boundary around what it held (`crate::edit::lay_out`).

use super::file::Shape;
use super::import::Importer;
use crate::model::{ELEMENT_SIZE, Point, Rect};

/// Positions farther out are not used: well within what the model's validation accepts
/// (±100,000,000), so that sizes added to them stay there too.
const MAX_COORDINATE: f32 = 1.0e7;
/// The room the starting boxes are cut from; the auto-layout replaces them.
const START_SLOT: f32 = 100_000.0;
/// Boxes for empty trust zones the file does not place, under the drawing.
const EMPTY_ZONE: (f32, f32) = (300.0, 160.0);
const EMPTY_GAP: f32 = 80.0;

impl Importer<'_> {
    pub(super) fn place(&mut self) {
        if self.place_as_drawn() {
            return;
        }
        let any_shape = self.element_shape.iter().any(Option::is_some);
        if any_shape {
            self.notes.push(
                "The file's diagram does not place every component inside its trust zone; the diagram was laid out \
                anew."
                    .to_owned(),
            );
        }
        self.place_in_starting_boxes();
        if let Err(problem) = crate::edit::lay_out(&mut self.model) {
            self.notes.push(format!("The diagram could not be laid out ({problem}): use Tidy up layout."));
        }
    }

    /// The file's own positions, if they make a diagram with the file's membership.
    fn place_as_drawn(&mut self) -> bool {
        let boundaries = self.model.boundaries.len();
        let mut rects: Vec<Option<Rect>> = vec![None; boundaries];
        for boundary in 0..boundaries {
            rects[boundary] = self.absolute_rect(boundary, &rects);
        }
        // A boundary needs its own box when an element sits in it or in a boundary inside it.
        let mut needed = vec![false; boundaries];
        let mut centres = Vec::with_capacity(self.model.elements.len());
        for (element, boundary) in self.element_boundary.iter().enumerate() {
            let Some(shape) = self.element_shape.get(element).copied().flatten() else { return false };
            let corner = match boundary {
                Some(b) => match rects.get(*b).copied().flatten() {
                    Some(rect) => rect.min(),
                    None => return false,
                },
                None => Point::new(0.0, 0.0),
            };
            let (width, height) = match (shape.width, shape.height) {
                (Some(w), Some(h)) if w > 0.0 && h > 0.0 => (w, h),
                _ => (f64::from(ELEMENT_SIZE.width), f64::from(ELEMENT_SIZE.height)),
            };
            let centre = (f64::from(corner.x) + shape.x + width / 2.0, f64::from(corner.y) + shape.y + height / 2.0);
            let Some(centre) = point(centre.0, centre.1) else { return false };
            centres.push(centre);
            let mut at = *boundary;
            while let Some(b) = at {
                if needed.get(b).copied().unwrap_or(true) {
                    break;
                }
                needed[b] = true;
                at = self.boundary_parent.get(b).copied().flatten();
            }
        }
        if needed.iter().zip(&rects).any(|(needed, rect)| *needed && rect.is_none()) {
            return false;
        }
        for (element, centre) in self.model.elements.iter().zip(&centres) {
            self.model.layout.elements.insert(element.id.clone(), *centre);
        }
        self.park_empty_boundaries(&rects);
        if self.membership_as_in_file() {
            return true;
        }
        self.model.layout.elements.clear();
        self.model.layout.boundaries.clear();
        false
    }

    /// A boundary's rectangle in the diagram: its shape moved by its parent's corner.
    fn absolute_rect(&self, boundary: usize, known: &[Option<Rect>]) -> Option<Rect> {
        let shape = self.boundary_shape.get(boundary).copied().flatten()?;
        let (width, height) = (shape.width?, shape.height?);
        let corner = match self.boundary_parent.get(boundary).copied().flatten() {
            // Parents come first when the file lists them first; otherwise they are worked out here.
            Some(parent) => match known.get(parent).copied().flatten() {
                Some(rect) => Some(rect.min()),
                None => self.absolute_rect_slowly(parent).map(Rect::min),
            },
            None => Some(Point::new(0.0, 0.0)),
        }?;
        rect(f64::from(corner.x) + shape.x, f64::from(corner.y) + shape.y, width, height)
    }

    /// The same, up the chain of parents (at most `MAX_ZONE_DEPTH` of them, as loops are cut).
    fn absolute_rect_slowly(&self, boundary: usize) -> Option<Rect> {
        let mut chain = vec![boundary];
        let mut at = boundary;
        while let Some(parent) = self.boundary_parent.get(at).copied().flatten() {
            chain.push(parent);
            at = parent;
        }
        let mut corner = (0.0_f64, 0.0_f64);
        let mut found = None;
        for b in chain.into_iter().rev() {
            let shape: Shape = self.boundary_shape.get(b).copied().flatten()?;
            let r = rect(corner.0 + shape.x, corner.1 + shape.y, shape.width?, shape.height?)?;
            corner = (f64::from(r.x), f64::from(r.y));
            found = Some(r);
        }
        found
    }

    /// Boundaries the file does not draw and that hold nothing: side by side under the diagram.
    fn park_empty_boundaries(&mut self, rects: &[Option<Rect>]) {
        let drawn = rects
            .iter()
            .flatten()
            .copied()
            .chain(self.model.layout.elements.values().map(|p| Rect::centered(*p, ELEMENT_SIZE)));
        let bottom_left = drawn.reduce(Rect::union).map_or(Point::new(0.0, 0.0), |r| Point::new(r.x, r.y + r.height));
        let mut x = bottom_left.x;
        for (boundary, rect) in self.model.boundaries.iter().zip(rects) {
            // A boundary drawn as a line has its points and no box.
            if self.model.boundary_line(&boundary.id).is_some() {
                continue;
            }
            let rect = rect.unwrap_or_else(|| {
                let parked = Rect::new(x, bottom_left.y + EMPTY_GAP, EMPTY_ZONE.0, EMPTY_ZONE.1);
                x += EMPTY_ZONE.0 + EMPTY_GAP;
                parked
            });
            self.model.layout.boundaries.insert(boundary.id.clone(), rect);
        }
    }

    /// Whether every element is in exactly its boundary and the boundaries around it. In a file
    /// ThreatSketch wrote, an element may also be in boundaries that overlap its own: its
    /// drawing is the model's, where overlapping boxes both hold what lies in both.
    fn membership_as_in_file(&self) -> bool {
        let membership = self.model.membership();
        membership.iter().zip(&self.element_boundary).all(|(holding, boundary)| {
            let mut expected = Vec::new();
            let mut at = *boundary;
            while let Some(b) = at {
                // A boundary drawn as a line holds nothing.
                if self.model.boundaries.get(b).is_some_and(|x| self.model.boundary_line(&x.id).is_none()) {
                    expected.push(b);
                }
                at = self.boundary_parent.get(b).copied().flatten();
            }
            expected.sort_unstable();
            if self.written_by_threatsketch {
                expected.iter().all(|b| holding.contains(b))
            } else {
                *holding == expected
            }
        })
    }

    /// Starting boxes: the top-level boundaries side by side, each boundary's children side by
    /// side inside it with its own elements in one more slot, and the elements outside every
    /// boundary in a slot after the last top-level one.
    fn place_in_starting_boxes(&mut self) {
        let boundaries = self.model.boundaries.len();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); boundaries];
        let mut roots = Vec::new();
        for (boundary, parent) in self.boundary_parent.iter().enumerate() {
            match parent {
                Some(p) => children[*p].push(boundary),
                None => roots.push(boundary),
            }
        }
        let mut rects = vec![Rect::default(); boundaries];
        let mut members_at = vec![Point::new(0.0, 0.0); boundaries];
        let mut queue = std::collections::VecDeque::new();
        for (i, &root) in roots.iter().enumerate() {
            rects[root] = Rect::new(i as f32 * START_SLOT, 0.0, START_SLOT * 0.9, START_SLOT * 0.9);
            queue.push_back(root);
        }
        let outside = Point::new(roots.len() as f32 * START_SLOT + START_SLOT / 2.0, START_SLOT / 2.0);
        while let Some(boundary) = queue.pop_front() {
            let rect = rects[boundary];
            let inside = &children[boundary];
            let slot = rect.width / (inside.len() + 1) as f32;
            for (j, &child) in inside.iter().enumerate() {
                let x = rect.x + j as f32 * slot + slot * 0.05;
                rects[child] = Rect::new(x, rect.y + rect.height * 0.05, slot * 0.9, rect.height * 0.9);
                queue.push_back(child);
            }
            members_at[boundary] =
                Point::new(rect.x + inside.len() as f32 * slot + slot / 2.0, rect.y + rect.height / 2.0);
        }
        for (boundary, rect) in self.model.boundaries.iter().zip(&rects) {
            if self.model.boundary_line(&boundary.id).is_none() {
                self.model.layout.boundaries.insert(boundary.id.clone(), *rect);
            }
        }
        for (element, boundary) in self.model.elements.iter().zip(&self.element_boundary) {
            let at = boundary.and_then(|b| members_at.get(b).copied()).unwrap_or(outside);
            self.model.layout.elements.insert(element.id.clone(), at);
        }
    }
}

/// A point the model can hold, if the numbers make one.
fn point(x: f64, y: f64) -> Option<Point> {
    let within = |v: f64| v.is_finite() && v.abs() <= f64::from(MAX_COORDINATE);
    #[allow(clippy::cast_possible_truncation)]
    (within(x) && within(y)).then(|| Point::new(x as f32, y as f32))
}

/// A rectangle the model can hold: within reach and with an area.
fn rect(x: f64, y: f64, width: f64, height: f64) -> Option<Rect> {
    let corner = point(x, y)?;
    let far = point(x + width, y + height)?;
    (width > 0.0 && height > 0.0 && far.x > corner.x && far.y > corner.y)
        .then(|| Rect::new(corner.x, corner.y, far.x - corner.x, far.y - corner.y))
}
