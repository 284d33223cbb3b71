//! Where a guided workshop stands: the step the room is on and what it is looking at. Kept in
//! the model so a workshop can stop and pick up where it left off, on any machine.

use serde::{Deserialize, Serialize};

/// The seed's steps, plus writing it down.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum WorkshopStep {
    /// Draw what the app is made of.
    #[default]
    Understand,
    /// Walk element by element through what could go wrong.
    Identify,
    /// Rate each open threat.
    Assess,
    /// Decide what to do about the top risks.
    Mitigate,
    /// Export the report.
    Document,
}

impl WorkshopStep {
    pub const ALL: [Self; 5] = [Self::Understand, Self::Identify, Self::Assess, Self::Mitigate, Self::Document];

    pub fn number(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0) + 1
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Understand => "Understand",
            Self::Identify => "Identify",
            Self::Assess => "Assess",
            Self::Mitigate => "Mitigate",
            Self::Document => "Document",
        }
    }

    /// The question the step answers, for the room.
    pub fn question(self) -> &'static str {
        match self {
            Self::Understand => "What are we building? Draw its parts, the data between them and the trust boundaries.",
            Self::Identify => "What could go wrong? Go through each part and keep the threats that are real.",
            Self::Assess => "How likely is it, and how bad would it be? Rate each open threat.",
            Self::Mitigate => "What are we going to do about it? Decide for the biggest risks first.",
            Self::Document => "Write it down, share it, and plan the next review.",
        }
    }

    pub fn next(self) -> Option<Self> {
        Self::ALL.get(self.number()).copied()
    }

    pub fn previous(self) -> Option<Self> {
        self.number().checked_sub(2).and_then(|i| Self::ALL.get(i)).copied()
    }
}

/// A workshop in progress.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Workshop {
    pub step: WorkshopStep,
    /// The element id (Identify) or threat key (Assess, Mitigate) the room is on.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub focus: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_is_saved_with_the_model_and_absent_when_none() {
        let mut model = crate::io::templates::Template::sample().model().unwrap();
        assert!(!crate::io::to_ron(&model).unwrap().contains("workshop"));
        model.workshop = Some(Workshop { step: WorkshopStep::Assess, focus: "api-without-authorizer@e2".into() });
        let text = crate::io::to_ron(&model).unwrap();
        let loaded = crate::io::parse_model(&text, std::path::Path::new("t.ron")).unwrap().model;
        assert_eq!(loaded.workshop, model.workshop);
    }

    #[test]
    fn steps_are_numbered_and_chained() {
        assert_eq!(WorkshopStep::Understand.number(), 1);
        assert_eq!(WorkshopStep::Document.number(), 5);
        assert_eq!(WorkshopStep::Understand.next(), Some(WorkshopStep::Identify));
        assert_eq!(WorkshopStep::Document.next(), None);
        assert_eq!(WorkshopStep::Understand.previous(), None);
        assert_eq!(WorkshopStep::Assess.previous(), Some(WorkshopStep::Identify));
    }
}
