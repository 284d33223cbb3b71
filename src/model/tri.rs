use serde::{Deserialize, Serialize};

/// The answer to a yes/no question that may not be known yet. Unknown is a real answer: it
/// keeps the related threat open and turns it into a question to ask.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Tri {
    Yes,
    No,
    #[default]
    Unknown,
}

impl Tri {
    pub const ALL: [Self; 3] = [Self::Yes, Self::No, Self::Unknown];

    pub fn label(self) -> &'static str {
        match self {
            Self::Yes => "Yes",
            Self::No => "No",
            Self::Unknown => "Unknown",
        }
    }

    pub fn is_unknown(&self) -> bool {
        *self == Self::Unknown
    }
}
