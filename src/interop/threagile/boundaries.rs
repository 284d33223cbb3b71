//! Trust boundaries: kind by type, members from `technical_assets_inside`, and nesting from
//! `trust_boundaries_nested`. Threagile keeps no positions, so the import draws the boxes
//! itself: each boundary a row of its nested boundaries and then its members, nested boxes
//! inside their parents and side by side otherwise, so that each element's centre lies in
//! exactly the boundaries that hold it. The auto-layout then redraws it along the flows,
//! keeping that membership.

use std::collections::BTreeMap;

use super::import::Importer;
use super::mapping;
use super::read::Entry;
use super::text::{clean, plain};
use crate::interop::format::FormatError;
use crate::model::{Boundary, BoundaryId, BoundaryKind, ELEMENT_SIZE, Point, Rect};

/// More boundaries than this is not a model someone drew; the nesting checks walk up the
/// parents of each boundary, so this also bounds their cost.
const MAX_BOUNDARIES: usize = 2_000;
/// Between two boxes side by side, and from a box's edge to what it holds.
const GAP: f32 = 60.0;
const PADDING: f32 = 40.0;
/// Room for a boundary's name at its top.
const TAB: f32 = 30.0;

/// What one boundary holds, by index: nested boundaries and elements.
#[derive(Default)]
struct Contents {
    boundaries: Vec<usize>,
    elements: Vec<usize>,
}

impl Importer<'_> {
    pub(super) fn trust_boundaries(&mut self, top: &[Entry]) -> Result<(), FormatError> {
        let entries = self.read.map(top, "trust_boundaries", "the model")?;
        if entries.len() > MAX_BOUNDARIES {
            let line = super::read::Reader::get(top, "trust_boundaries").map_or(0, |e| e.line);
            return Err(self.read.error(
                line,
                "trust_boundaries",
                format!("more than {MAX_BOUNDARIES} trust boundaries"),
            ));
        }
        let mut nested_lists = Vec::with_capacity(entries.len());
        let mut inside_lists = Vec::with_capacity(entries.len());
        let mut by_id: BTreeMap<String, usize> = BTreeMap::new();
        let mut approximated: BTreeMap<String, BoundaryKind> = BTreeMap::new();
        let mut descriptions = 0;
        for entry in &entries {
            let mut name = clean(&plain(&entry.key));
            if name.is_empty() {
                name = "Unnamed boundary".to_owned();
            }
            let owner = format!("trust boundary '{name}'");
            let fields = self.read.entries(Some(&entry.value), &owner)?;
            let threagile_id = self.read.text(&fields, "id", &owner)?.unwrap_or_default();
            let type_said = self.read.text(&fields, "type", &owner)?.unwrap_or_default();
            let description = self.read.text(&fields, "description", &owner)?.unwrap_or_default();
            descriptions += usize::from(!description.is_empty() && clean(&plain(&description)) != name);
            nested_lists.push(self.read.list(&fields, "trust_boundaries_nested", &owner)?);
            inside_lists.push(self.read.list(&fields, "technical_assets_inside", &owner)?);
            let kind = match mapping::boundary_kind(&type_said) {
                Some((kind, true)) => kind,
                Some((kind, false)) => {
                    approximated.insert(type_said, kind);
                    kind
                }
                None => {
                    self.notes.push(format!(
                        "The {owner} has the type \"{type_said}\", which this import does not know; it became a \
                        Private network boundary."
                    ));
                    BoundaryKind::PrivateNetwork
                }
            };
            let id = BoundaryId::new(self.claim(&threagile_id, BoundaryId::PREFIX));
            if !threagile_id.is_empty() && by_id.contains_key(&threagile_id) {
                self.notes.push(format!(
                    "Two trust boundaries have the id \"{threagile_id}\"; what names it means the first."
                ));
            } else if !threagile_id.is_empty() {
                by_id.insert(threagile_id.clone(), self.model.boundaries.len());
                self.boundaries.insert(threagile_id, id.clone());
            }
            self.model.boundaries.push(Boundary { id, kind, name });
        }
        for (said, kind) in approximated {
            self.notes.push(format!(
                "Trust boundaries of the type \"{said}\" became {} boundaries, the nearest kind ThreatSketch has.",
                kind.label()
            ));
        }
        if descriptions > 0 {
            self.notes.push(format!(
                "Trust boundary descriptions ({descriptions}) were not carried over: ThreatSketch boundaries have a \
                name only."
            ));
        }

        let mut parent = self.nesting(&nested_lists, &by_id);
        let mut home = self.homes(&inside_lists);
        self.internet(&mut parent, &mut home);
        self.place(&parent, &home);
        Ok(())
    }

    /// Each boundary's parent; a boundary nested twice, in itself or in a cycle keeps only
    /// the first nesting that makes a tree, with a note.
    fn nesting(
        &mut self,
        nested_lists: &[Vec<(String, usize)>],
        by_id: &BTreeMap<String, usize>,
    ) -> Vec<Option<usize>> {
        let mut parent: Vec<Option<usize>> = vec![None; nested_lists.len()];
        for (outer, nested) in nested_lists.iter().enumerate() {
            for (child_id, line) in nested {
                let outer_name = self.boundary_name(outer);
                let Some(&child) = by_id.get(child_id) else {
                    self.notes.push(format!(
                        "The trust boundary '{outer_name}' nests \"{child_id}\", which is no trust boundary (line \
                        {line}); it was left out."
                    ));
                    continue;
                };
                // A cycle: the child is the outer boundary or holds it already.
                let mut ancestor = Some(outer);
                let mut cycle = false;
                while let Some(a) = ancestor {
                    if a == child {
                        cycle = true;
                        break;
                    }
                    ancestor = parent.get(a).copied().flatten();
                }
                let child_name = self.boundary_name(child);
                if cycle {
                    self.notes.push(format!(
                        "The trust boundary '{outer_name}' nests '{child_name}', which holds it already (line {line}); \
                        that nesting was left out."
                    ));
                } else if let Some(Some(first)) = parent.get(child) {
                    let first_name = self.boundary_name(*first);
                    self.notes.push(format!(
                        "The trust boundary '{child_name}' is nested in both '{first_name}' and '{outer_name}'; it \
                        was kept in '{first_name}' only."
                    ));
                } else if let Some(slot) = parent.get_mut(child) {
                    *slot = Some(outer);
                }
            }
        }
        parent
    }

    /// The innermost boundary of each element, by index; an asset listed in two boundaries
    /// stays in the first (Threagile allows one).
    fn homes(&mut self, inside_lists: &[Vec<(String, usize)>]) -> Vec<Option<usize>> {
        let mut home: Vec<Option<usize>> = vec![None; self.model.elements.len()];
        for (boundary, inside) in inside_lists.iter().enumerate() {
            for (asset, line) in inside {
                let name = self.boundary_name(boundary);
                let Some(&element) = self.assets.get(asset) else {
                    self.notes.push(format!(
                        "The trust boundary '{name}' holds \"{asset}\", which is no technical asset (line {line}); it \
                        was left out."
                    ));
                    continue;
                };
                match home.get(element).copied().flatten() {
                    Some(first) => {
                        let first_name = self.boundary_name(first);
                        let asset_name = self.asset_name(asset);
                        self.notes.push(format!(
                            "The technical asset {asset_name} is in both '{first_name}' and '{name}'; it was kept in \
                            '{first_name}' only."
                        ));
                    }
                    None => {
                        if let Some(slot) = home.get_mut(element) {
                            *slot = Some(boundary);
                        }
                    }
                }
            }
        }
        home
    }

    /// An Internet boundary around the assets Threagile puts on the internet that are in no
    /// trust boundary and whose kind has no question for it (browsers, users, outside
    /// systems): so the threats of flows from the internet see where they come from.
    fn internet(&mut self, parent: &mut Vec<Option<usize>>, home: &mut [Option<usize>]) {
        let mut outside = Vec::new();
        for index in std::mem::take(&mut self.on_internet) {
            let Some(element) = self.model.elements.get(index) else { continue };
            match home.get(index).copied().flatten() {
                None => outside.push(index),
                Some(boundary) => {
                    let kind = crate::words::lower_first(self.kinds.kind_name(&element.kind));
                    self.notes.push(format!(
                        "The technical asset '{}' is on the internet in Threagile but in the trust boundary '{}'; {} \
                        has no question \"Reachable from the internet\", so it was not kept.",
                        element.name,
                        self.boundary_name(boundary),
                        crate::words::with_article(&kind)
                    ));
                }
            }
        }
        if outside.is_empty() {
            return;
        }
        let boundary = self.model.boundaries.len();
        let id = BoundaryId::new(self.claim("internet", BoundaryId::PREFIX));
        self.model.boundaries.push(Boundary { id, kind: BoundaryKind::Internet, name: "Internet".to_owned() });
        parent.push(None);
        let mut names = Vec::with_capacity(outside.len());
        for index in outside {
            if let Some(slot) = home.get_mut(index) {
                *slot = Some(boundary);
            }
            names.extend(self.model.elements.get(index).map(|e| format!("'{}'", e.name)));
        }
        self.notes.push(format!(
            "An Internet boundary was added around what Threagile puts on the internet outside its trust \
            boundaries: {}.",
            names.join(", ")
        ));
    }

    fn boundary_name(&self, index: usize) -> String {
        self.model.boundaries.get(index).map_or_else(String::new, |b| b.name.clone())
    }

    /// Rectangles and element centres: every boundary a row of its nested boundaries then its
    /// members, the outermost boxes and the elements in no boundary in one row.
    fn place(&mut self, parent: &[Option<usize>], home: &[Option<usize>]) {
        let count = self.model.boundaries.len();
        // Index `count` stands for the canvas around everything.
        let mut contents: Vec<Contents> = (0..=count).map(|_| Contents::default()).collect();
        for (boundary, outer) in parent.iter().enumerate() {
            if let Some(holder) = contents.get_mut(outer.unwrap_or(count)) {
                holder.boundaries.push(boundary);
            }
        }
        for (element, boundary) in home.iter().enumerate() {
            if let Some(holder) = contents.get_mut(boundary.unwrap_or(count)) {
                holder.elements.push(element);
            }
        }
        // Outermost first, so that in reverse every boundary comes after what it holds.
        let mut order = Vec::with_capacity(count + 1);
        let mut stack = vec![count];
        while let Some(node) = stack.pop() {
            order.push(node);
            if let Some(holder) = contents.get(node) {
                stack.extend(holder.boundaries.iter().rev());
            }
        }
        let mut sizes = vec![(0.0_f32, 0.0_f32); count + 1];
        for &node in order.iter().rev() {
            let Some(holder) = contents.get(node) else { continue };
            let mut width = 0.0_f32;
            let mut height = ELEMENT_SIZE.height;
            for &child in &holder.boundaries {
                let (w, h) = sizes.get(child).copied().unwrap_or_default();
                width += w + GAP;
                height = height.max(h);
            }
            width += holder.elements.len() as f32 * (ELEMENT_SIZE.width + GAP);
            let width = (width - GAP).max(ELEMENT_SIZE.width) + 2.0 * PADDING;
            if let Some(size) = sizes.get_mut(node) {
                *size = (width, height + 2.0 * PADDING + TAB);
            }
        }
        let mut corners = vec![Point::default(); count + 1];
        for &node in &order {
            let Some(holder) = contents.get(node) else { continue };
            let corner = corners.get(node).copied().unwrap_or_default();
            let mut x = corner.x + PADDING;
            let y = corner.y + PADDING + TAB;
            for &child in &holder.boundaries {
                if let Some(slot) = corners.get_mut(child) {
                    *slot = Point::new(x, y);
                }
                x += sizes.get(child).map_or(0.0, |s| s.0) + GAP;
            }
            for &element in &holder.elements {
                let Some(id) = self.model.elements.get(element).map(|e| e.id.clone()) else { continue };
                let centre = Point::new(x + ELEMENT_SIZE.width / 2.0, y + ELEMENT_SIZE.height / 2.0);
                self.model.layout.elements.insert(id, centre);
                x += ELEMENT_SIZE.width + GAP;
            }
        }
        for (index, boundary) in self.model.boundaries.iter().enumerate() {
            let (corner, (width, height)) =
                (corners.get(index).copied().unwrap_or_default(), sizes.get(index).copied().unwrap_or_default());
            self.model.layout.boundaries.insert(boundary.id.clone(), Rect::new(corner.x, corner.y, width, height));
        }
    }
}
