//! The threat model: what the user drew and decided. Pure data, no UI.

mod answer;
mod boundary;
mod conflict;
mod date;
mod element;
mod flow;
mod geometry;
mod ids;
mod kinds;
mod layout;
mod membership;
pub mod migrate;
mod review;
mod source;
mod threat;
mod tri;
mod validate;
mod vocabulary;
mod workshop;

pub use answer::{Answer, Answers, MaybeAnswer, deserialize_answers};
pub use boundary::{Boundary, BoundaryKind};
pub use conflict::{Conflict, ConflictPart};
pub use date::{add_days, civil_from_days, days_from_civil, is_iso_date, parse_iso_date, today};
pub use element::Element;
pub use flow::{DataClass, Flow};
pub use geometry::{ELEMENT_SIZE, Point, Rect, Size, clip_segment, distance_to_segment, segment_meets_polyline};
pub use ids::{BoundaryId, ElementId, FlowId, Target, ThreatKey};
pub use kinds::{
    BUILTIN_KINDS_RON, ChoiceOption, ElementType, KindCatalog, KindDef, KindShape, NumberSpec, PropertyDef, ValueType,
};
pub use layout::Layout;
pub use membership::{Crossing, CrossingDirection};
pub use review::{PartPrint, REVIEW_INTERVAL_DAYS, Review, ReviewEntry, ReviewedState};
pub use source::{ElementSource, SourcedAnswer};
pub use threat::{Decision, OwnThreat, ThreatStatus};
pub use tri::Tri;
pub use validate::{Issue, IssueLocation, Severity};
pub use vocabulary::{AskWhom, Compliance, Level, MitigationFamily, Scale, SeedCategory, Stride};
pub use workshop::{Workshop, WorkshopStep};

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

/// The marker at the top of every model file.
pub const FORMAT_MARKER: &str = "threatsketch";
/// The file version this build writes. Older versions are migrated on load; newer are refused.
pub const CURRENT_VERSION: u32 = 2;

/// A whole threat model, as stored in a `.ron` file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThreatModel {
    pub format: String,
    pub version: u32,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// The likelihood and impact scale: three levels (the default) or five.
    #[serde(default, skip_serializing_if = "is_default_scale")]
    pub scale: Scale,
    /// Regulations the app falls under; they raise the impact of threats to the data they protect.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub compliance: BTreeSet<Compliance>,
    #[serde(default)]
    pub elements: Vec<Element>,
    #[serde(default)]
    pub flows: Vec<Flow>,
    #[serde(default)]
    pub boundaries: Vec<Boundary>,
    /// Decisions about suggested threats, keyed `rule_id@target_id`. Kept when a target is
    /// deleted (shown as orphaned), so nothing the user wrote is silently dropped.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub decisions: BTreeMap<String, Decision>,
    /// Threats the user added by hand.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub own_threats: Vec<OwnThreat>,
    /// When to look at the model again, and what past reviews found.
    #[serde(default, skip_serializing_if = "Review::is_empty")]
    pub review: Review,
    /// A guided workshop in progress, so it can pick up where it stopped.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workshop: Option<Workshop>,
    #[serde(default)]
    pub layout: Layout,
    /// What a merge could not decide, until someone does: see `changes::merge`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<Conflict>,
}

fn is_default_scale(scale: &Scale) -> bool {
    *scale == Scale::default()
}

impl Default for ThreatModel {
    fn default() -> Self {
        Self::new("Untitled model")
    }
}

impl ThreatModel {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            format: FORMAT_MARKER.to_owned(),
            version: CURRENT_VERSION,
            name: name.into(),
            description: String::new(),
            scale: Scale::default(),
            compliance: BTreeSet::new(),
            elements: Vec::new(),
            flows: Vec::new(),
            boundaries: Vec::new(),
            decisions: BTreeMap::new(),
            own_threats: Vec::new(),
            review: Review::default(),
            workshop: None,
            layout: Layout::default(),
            conflicts: Vec::new(),
        }
    }

    pub fn element(&self, id: &ElementId) -> Option<&Element> {
        self.elements.iter().find(|e| &e.id == id)
    }

    pub fn element_mut(&mut self, id: &ElementId) -> Option<&mut Element> {
        self.elements.iter_mut().find(|e| &e.id == id)
    }

    pub fn flow(&self, id: &FlowId) -> Option<&Flow> {
        self.flows.iter().find(|f| &f.id == id)
    }

    pub fn flow_mut(&mut self, id: &FlowId) -> Option<&mut Flow> {
        self.flows.iter_mut().find(|f| &f.id == id)
    }

    pub fn boundary(&self, id: &BoundaryId) -> Option<&Boundary> {
        self.boundaries.iter().find(|b| &b.id == id)
    }

    pub fn boundary_mut(&mut self, id: &BoundaryId) -> Option<&mut Boundary> {
        self.boundaries.iter_mut().find(|b| &b.id == id)
    }

    /// The element, flow or boundary with this id.
    pub fn target(&self, id: &str) -> Option<Target> {
        let element = self.elements.iter().find(|e| e.id.as_str() == id).map(|e| Target::Element(e.id.clone()));
        element
            .or_else(|| self.flows.iter().find(|f| f.id.as_str() == id).map(|f| Target::Flow(f.id.clone())))
            .or_else(|| self.boundaries.iter().find(|b| b.id.as_str() == id).map(|b| Target::Boundary(b.id.clone())))
    }

    pub fn contains(&self, target: &Target) -> bool {
        match target {
            Target::Element(id) => self.element(id).is_some(),
            Target::Flow(id) => self.flow(id).is_some(),
            Target::Boundary(id) => self.boundary(id).is_some(),
        }
    }

    /// The name a person sees for a target ("Process order"), if it exists.
    pub fn display_name(&self, target: &Target) -> Option<String> {
        match target {
            Target::Element(id) => self.element(id).map(|e| e.name.clone()),
            Target::Flow(id) => self.flow(id).map(|f| {
                let end = |id: &ElementId| self.element(id).map_or_else(|| id.to_string(), |e| e.name.clone());
                if f.label.is_empty() {
                    format!("{} → {}", end(&f.from), end(&f.to))
                } else {
                    format!("{} ({} → {})", f.label, end(&f.from), end(&f.to))
                }
            }),
            Target::Boundary(id) => self.boundary(id).map(|b| b.name.clone()),
        }
    }

    /// Centre of an element card; elements without a stored position sit at the origin until
    /// placed (validation warns about them).
    pub fn element_position(&self, id: &ElementId) -> Point {
        self.layout.elements.get(id).copied().unwrap_or_default()
    }

    pub fn element_rect(&self, id: &ElementId) -> Rect {
        Rect::centered(self.element_position(id), ELEMENT_SIZE)
    }

    pub fn boundary_rect(&self, id: &BoundaryId) -> Rect {
        match self.boundary_line(id) {
            // A line's extent, so that what holds every part (fit, export bounds) holds it.
            Some(points) => points.iter().fold(None, |r: Option<Rect>, p| {
                let dot = Rect::new(p.x, p.y, 0.0, 0.0);
                Some(r.map_or(dot, |r| r.union(dot)))
            }),
            None => None,
        }
        .unwrap_or_else(|| self.layout.boundaries.get(id).copied().unwrap_or_default())
    }

    /// The points of a boundary drawn as a line; `None` for a boundary that is a box.
    pub fn boundary_line(&self, id: &BoundaryId) -> Option<&[Point]> {
        self.layout.boundary_lines.get(id).map(Vec::as_slice)
    }

    /// The rectangle holding every element and boundary, if there are any.
    pub fn bounds(&self) -> Option<Rect> {
        let elements = self.elements.iter().map(|e| self.element_rect(&e.id));
        let boundaries = self.boundaries.iter().map(|b| self.boundary_rect(&b.id));
        elements.chain(boundaries).reduce(Rect::union)
    }

    /// Ids of all elements, flows and boundaries, in file order.
    pub fn targets(&self) -> impl Iterator<Item = Target> + '_ {
        let elements = self.elements.iter().map(|e| Target::Element(e.id.clone()));
        let flows = self.flows.iter().map(|f| Target::Flow(f.id.clone()));
        let boundaries = self.boundaries.iter().map(|b| Target::Boundary(b.id.clone()));
        elements.chain(flows).chain(boundaries)
    }
}
