//! Where an imported element came from: the resource in the infrastructure code, and the
//! answers that code gave with their evidence. The inspector shows it; a re-import matches
//! elements by it and tells the template's answers from the user's own.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::answer::Answer;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementSource {
    /// The resource's id in its template or configuration (`OrdersTable`,
    /// `aws_sqs_queue.orders`): what a re-import matches on.
    pub resource: String,
    /// The file it is declared in, relative to what was imported.
    pub file: String,
    pub line: usize,
    /// Answers the infrastructure gave, by question: an element's answer that differs is the
    /// user's own.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub answers: BTreeMap<String, SourcedAnswer>,
}

/// One answer the infrastructure gave, and the setting it was read from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcedAnswer {
    pub answer: Answer,
    /// `Auth.DefaultAuthorizer (line 12)`.
    pub evidence: String,
}

impl ElementSource {
    pub fn new(resource: impl Into<String>, file: impl Into<String>, line: usize) -> Self {
        Self { resource: resource.into(), file: file.into(), line, answers: BTreeMap::new() }
    }

    /// Where the resource is, for people: "orders.yaml line 12 (OrdersTable)".
    pub fn place(&self) -> String {
        if self.line == 0 {
            format!("{} ({})", self.file, self.resource)
        } else {
            format!("{} line {} ({})", self.file, self.line, self.resource)
        }
    }

    /// The template's evidence for an answer, when the answer is still the template's.
    pub fn evidence_for(&self, property: &str, current: Option<&Answer>) -> Option<&str> {
        let given = self.answers.get(property)?;
        (current == Some(&given.answer)).then_some(given.evidence.as_str())
    }
}
