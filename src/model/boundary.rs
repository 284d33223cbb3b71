use serde::{Deserialize, Serialize};

use super::BoundaryId;

/// What sort of trust zone a boundary encloses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum BoundaryKind {
    Internet,
    CloudAccount,
    PrivateNetwork,
    ThirdParty,
}

impl BoundaryKind {
    pub const ALL: [Self; 4] = [Self::Internet, Self::CloudAccount, Self::PrivateNetwork, Self::ThirdParty];

    pub fn label(self) -> &'static str {
        match self {
            Self::Internet => "Internet",
            Self::CloudAccount => "Cloud account",
            Self::PrivateNetwork => "Private network",
            Self::ThirdParty => "Third party",
        }
    }
}

/// A trust boundary: a rectangle behind the elements. An element whose centre lies inside
/// belongs to it; the rectangle itself is layout (see `Layout::boundaries`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Boundary {
    pub id: BoundaryId,
    pub kind: BoundaryKind,
    pub name: String,
}
