use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{BoundaryId, ElementId, Point, Rect};

/// Where things are drawn, kept apart from what they mean so that moving a box changes only
/// these lines of the file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Layout {
    /// Centre of each element card.
    #[serde(default)]
    pub elements: BTreeMap<ElementId, Point>,
    #[serde(default)]
    pub boundaries: BTreeMap<BoundaryId, Rect>,
    /// Boundaries drawn as a line that flows cross (Threat Dragon's curves, Microsoft's line
    /// boundaries): the points of the polyline. A boundary here encloses nothing; it has no
    /// rectangle.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub boundary_lines: BTreeMap<BoundaryId, Vec<Point>>,
}
