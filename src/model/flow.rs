use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::answer::{Answer, Answers, deserialize_answers, set_answer};
use super::{ElementId, FlowId, Tri};

/// What a flow carries. Sensitive classes raise the impact of threats on the flow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum DataClass {
    Public,
    Internal,
    PersonalData,
    PaymentCard,
    Health,
    Credentials,
}

impl DataClass {
    pub const ALL: [Self; 6] =
        [Self::Public, Self::Internal, Self::PersonalData, Self::PaymentCard, Self::Health, Self::Credentials];

    pub fn label(self) -> &'static str {
        match self {
            Self::Public => "Public",
            Self::Internal => "Internal",
            Self::PersonalData => "Personal data",
            Self::PaymentCard => "Payment card",
            Self::Health => "Health",
            Self::Credentials => "Credentials",
        }
    }

    pub fn is_sensitive(self) -> bool {
        matches!(self, Self::PersonalData | Self::PaymentCard | Self::Health | Self::Credentials)
    }
}

/// An arrow: data moving from one element to another.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Flow {
    pub id: FlowId,
    pub from: ElementId,
    pub to: ElementId,
    pub label: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub protocol: String,
    #[serde(default)]
    pub encrypted: Tri,
    #[serde(default)]
    pub authenticated: Tri,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub data: BTreeSet<DataClass>,
    /// Answers to the questions every flow asks (TLS minimum, replay protection, …).
    #[serde(default, skip_serializing_if = "Answers::is_empty", deserialize_with = "deserialize_answers")]
    pub properties: Answers,
}

impl Flow {
    pub fn new(id: FlowId, from: ElementId, to: ElementId, label: impl Into<String>) -> Self {
        Self {
            id,
            from,
            to,
            label: label.into(),
            protocol: String::new(),
            encrypted: Tri::Unknown,
            authenticated: Tri::Unknown,
            data: BTreeSet::new(),
            properties: Answers::new(),
        }
    }

    /// The yes/no answer to one of the flow's questions.
    pub fn property(&self, property: &str) -> Tri {
        self.properties.get(property).map_or(Tri::Unknown, Answer::tri)
    }

    pub fn answer(&self, property: &str) -> Option<&Answer> {
        self.properties.get(property)
    }

    pub fn set_answer(&mut self, property: &str, answer: Option<Answer>) {
        set_answer(&mut self.properties, property, answer);
    }

    pub fn touches(&self, element: &ElementId) -> bool {
        &self.from == element || &self.to == element
    }
}
