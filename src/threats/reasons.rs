//! Why a threat was suggested, in words. The same few reasons recur across thousands of
//! threats, so each is worded once per analysis and shared.

use super::fast_hash::FastMap;
use std::sync::Arc;

use crate::model::{Answer, BoundaryKind, Compliance, DataClass, Element, ElementType, KindCatalog, Stride, Tri};

/// Which of a flow's two checks a reason is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum FlowFact {
    Encrypted,
    Authenticated,
}

/// A reason, before it is worded. The same few reasons recur across thousands of threats, so
/// each is worded once per analysis and shared.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) enum Phrase {
    AddedByHand,
    Inside(BoundaryKind),
    Handles(DataClass),
    /// A question (its id in the built-in kind catalogue) and its answer; `None` is unknown.
    Answer(&'static str, Option<Answer>),
    IsA(&'static str),
    Checked(Option<ElementType>, Stride),
    Exposed,
    WorseHandles(DataClass),
    Crosses(BoundaryKind),
    FlowAnswer(FlowFact, Tri),
    Carries(DataClass),
    Between(String, String),
    CrossesInternet,
    WorseCarries(DataClass),
    WorseScoped(Compliance),
}

/// Reasons naming another element.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum NamedPhrase {
    TriggeredBy,
    SendsTo,
}

#[derive(Default)]
pub(super) struct Phrases {
    worded: FastMap<Phrase, Arc<str>>,
    named: FastMap<(NamedPhrase, *const Element), Arc<str>>,
}

impl Phrases {
    pub(super) fn get(&mut self, phrase: Phrase) -> Arc<str> {
        if let Some(text) = self.worded.get(&phrase) {
            return Arc::clone(text);
        }
        let text: Arc<str> = word(&phrase).into();
        self.worded.insert(phrase, Arc::clone(&text));
        text
    }

    /// "Has rate limits: no", "Authorizer: API key only", "Logs are kept for: 30 days".
    pub(super) fn answer(&mut self, property: &str, answer: Option<Answer>) -> Arc<str> {
        // Rules naming questions that do not exist are refused when the catalogue is loaded.
        let id = KindCatalog::builtin().property(property).map_or("", |p| p.id.as_str());
        self.get(Phrase::Answer(id, answer))
    }

    pub(super) fn named(&mut self, which: NamedPhrase, element: &Element, kinds: &KindCatalog) -> Arc<str> {
        let text = self.named.entry((which, std::ptr::from_ref(element))).or_insert_with(|| {
            let kind = kinds.kind_name(&element.kind);
            match which {
                NamedPhrase::TriggeredBy => format!("It is triggered by data from {} ({kind})", element.name),
                NamedPhrase::SendsTo => format!("It sends data to {} ({kind})", element.name),
            }
            .into()
        });
        Arc::clone(text)
    }
}

fn word(phrase: &Phrase) -> String {
    match phrase {
        Phrase::AddedByHand => "Added by hand".to_owned(),
        Phrase::Inside(kind) => format!("It sits inside the {} boundary", kind.label()),
        Phrase::Handles(class) => format!("It handles {}", lower(class.label())),
        Phrase::Answer(property, answer) => {
            let Some(definition) = KindCatalog::builtin().property(property) else {
                return "An answer".to_owned();
            };
            let answer = answer.as_ref().map_or_else(|| "unknown".to_owned(), |a| definition.describe(a));
            format!("{}: {}", definition.label, lower(&answer))
        }
        Phrase::IsA(kind) => format!("It is {}", crate::words::with_article(&lower(kind))),
        Phrase::Checked(Some(element_type), stride) => {
            format!("Every {} is checked for {}", element_type_name(*element_type), lower(stride.label()))
        }
        Phrase::Checked(None, stride) => format!("Every data flow is checked for {}", lower(stride.label())),
        Phrase::Exposed => "reachable from the internet".to_owned(),
        Phrase::WorseHandles(class) => format!("it handles {}", lower(class.label())),
        Phrase::Crosses(kind) => format!("It crosses the {} boundary", kind.label()),
        Phrase::FlowAnswer(FlowFact::Encrypted, answer) => format!("Encrypted: {}", lower(answer.label())),
        Phrase::FlowAnswer(FlowFact::Authenticated, answer) => {
            format!("Sender authenticated: {}", lower(answer.label()))
        }
        Phrase::Carries(class) => format!("It carries {}", lower(class.label())),
        Phrase::Between(from, to) => format!("It goes from {from} to {to}"),
        Phrase::CrossesInternet => "it crosses the internet".to_owned(),
        Phrase::WorseCarries(class) => format!("it carries {}", lower(class.label())),
        Phrase::WorseScoped(scope) => {
            format!("{} applies to the {} involved", scope.short_name(), lower(scope.protects().label()))
        }
    }
}

fn element_type_name(element_type: ElementType) -> &'static str {
    match element_type {
        ElementType::ExternalEntity => "outside party",
        ElementType::Process => "running part",
        ElementType::DataStore => "data store",
    }
}

/// A label as it reads inside a sentence ("Payment card" → "payment card").
pub(super) fn lower(label: &str) -> String {
    crate::words::lower_first(label)
}
