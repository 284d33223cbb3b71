use serde::{Deserialize, Serialize};

use super::answer::{Answer, Answers, deserialize_answers, set_answer};
use super::source::ElementSource;
use super::{ElementId, Tri};

/// A box on the diagram: something that runs, stores or sends data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Element {
    pub id: ElementId,
    /// Id of a kind in the kind catalogue (assets/kinds.ron).
    pub kind: String,
    pub name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Answers to the kind's questions; a property not listed is unknown.
    #[serde(default, skip_serializing_if = "Answers::is_empty", deserialize_with = "deserialize_answers")]
    pub properties: Answers,
    /// A critical asset: its threats come first in the fix-first list.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub critical: bool,
    /// The infrastructure resource it was imported from, with the answers that gave.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<ElementSource>,
}

impl Element {
    pub fn new(id: ElementId, kind: impl Into<String>, name: impl Into<String>) -> Self {
        Self {
            id,
            kind: kind.into(),
            name: name.into(),
            description: String::new(),
            properties: Answers::new(),
            critical: false,
            source: None,
        }
    }

    /// The yes/no answer to a question; unknown when unanswered or not a yes/no question.
    pub fn property(&self, property: &str) -> Tri {
        self.properties.get(property).map_or(Tri::Unknown, Answer::tri)
    }

    pub fn answer(&self, property: &str) -> Option<&Answer> {
        self.properties.get(property)
    }

    /// Sets a yes/no property; unknown removes it, so files list only what someone answered.
    pub fn set_property(&mut self, property: &str, value: Tri) {
        self.set_answer(property, Answer::from_tri(value));
    }

    /// Sets any answer; `None` (unknown) removes it.
    pub fn set_answer(&mut self, property: &str, answer: Option<Answer>) {
        set_answer(&mut self.properties, property, answer);
    }
}
