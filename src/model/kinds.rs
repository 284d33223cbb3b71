//! The kind catalogue: which boxes the palette offers and which questions each one asks.
//! It is data (assets/kinds.ron), embedded at build time and checked by tests.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use super::Answer;

/// The STRIDE element type a kind counts as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
pub enum ElementType {
    ExternalEntity,
    Process,
    DataStore,
}

/// How a kind is drawn; every kind has its own pictogram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
pub enum KindShape {
    Person,
    Browser,
    Mobile,
    Cloud,
    Gateway,
    Shield,
    Function,
    Cylinder,
    Bucket,
    Queue,
    Workflow,
    Key,
    Monitor,
    ThirdParty,
    Clock,
    Process,
    DataStore,
    External,
}

/// What kind of answer a question takes. Unknown is always possible and always the default.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub enum ValueType {
    /// Yes or no.
    #[default]
    YesNo,
    /// One of a few options.
    Choice(Vec<ChoiceOption>),
    /// A whole number in a unit.
    Number(NumberSpec),
}

/// One option of a choice: a stable id for the file and rules, words for people.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub id: String,
    pub label: String,
}

/// The unit and the sensible range of a number.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NumberSpec {
    /// Plural, as read after the number: "seconds", "days".
    pub unit: String,
    #[serde(default)]
    pub min: u32,
    pub max: u32,
}

/// A question that can be asked about an element or a flow.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PropertyDef {
    pub id: String,
    pub label: String,
    /// One line in plain words: what a Yes (or the value) means.
    pub help: String,
    #[serde(default)]
    pub value: ValueType,
    /// The answer that means a control is in place; none for a fact of the design ("Is a
    /// GraphQL API"), which is neither good nor bad in itself.
    #[serde(default)]
    pub safe: Option<Answer>,
    /// Asked only when another question has one of these answers ("Limits GraphQL queries"
    /// only for a GraphQL API). Unasked, its answer counts for nothing.
    #[serde(default)]
    pub asked_when: Option<(String, Vec<Answer>)>,
}

impl PropertyDef {
    /// A control, as opposed to a fact of the design.
    pub fn is_control(&self) -> bool {
        self.safe.is_some()
    }

    /// Whether the question makes sense given the other answers.
    pub fn is_asked(&self, answers: &super::Answers) -> bool {
        self.asked_when.as_ref().is_none_or(|(parent, wanted)| answers.get(parent).is_some_and(|a| wanted.contains(a)))
    }

    /// The answer in words: "Yes", "JWT (Cognito, OIDC)", "30 seconds".
    pub fn describe(&self, answer: &Answer) -> String {
        match (answer, &self.value) {
            (Answer::Choice(id), ValueType::Choice(options)) => {
                options.iter().find(|o| &o.id == id).map_or_else(|| id.clone(), |o| o.label.clone())
            }
            (Answer::Number(n), ValueType::Number(spec)) => format!("{n} {}", spec.unit),
            (other, _) => other.to_string(),
        }
    }

    /// Whether `answer` fits this question; the message says what would.
    pub fn check(&self, answer: &Answer) -> Result<(), String> {
        match (&self.value, answer) {
            (ValueType::YesNo, Answer::Yes | Answer::No) => Ok(()),
            (ValueType::YesNo, _) => Err("the answer must be Yes, No or Unknown".to_owned()),
            (ValueType::Choice(options), Answer::Choice(id)) if options.iter().any(|o| &o.id == id) => Ok(()),
            (ValueType::Choice(options), _) => {
                let ids: Vec<String> = options.iter().map(|o| format!("\"{}\"", o.id)).collect();
                Err(format!("the answer must be one of {} or Unknown", ids.join(", ")))
            }
            (ValueType::Number(spec), Answer::Number(n)) if (spec.min..=spec.max).contains(n) => Ok(()),
            (ValueType::Number(spec), _) => {
                Err(format!("the answer must be a whole number from {} to {} ({})", spec.min, spec.max, spec.unit))
            }
        }
    }
}

/// One entry of the palette.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindDef {
    pub id: String,
    pub name: String,
    pub element_type: ElementType,
    pub shape: KindShape,
    pub description: String,
    /// The questions that matter most for this kind, shown first.
    pub properties: Vec<String>,
    /// Further questions, folded in the inspector until opened.
    #[serde(default)]
    pub more: Vec<String>,
}

impl KindDef {
    /// Every question this kind asks: the main ones, then the folded ones.
    pub fn all_properties(&self) -> impl Iterator<Item = &String> {
        self.properties.iter().chain(&self.more)
    }

    pub fn asks(&self, property: &str) -> bool {
        self.all_properties().any(|p| p == property)
    }

    /// Whether this kind asks the question of an element with these answers: a follow-up
    /// question is asked only once its parent has the answer it follows.
    pub fn asks_given(&self, property: &str, answers: &super::Answers, catalog: &KindCatalog) -> bool {
        self.asks(property) && catalog.property(property).is_some_and(|p| p.is_asked(answers))
    }
}

/// All kinds and properties, in palette order.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KindCatalog {
    pub properties: Vec<PropertyDef>,
    pub kinds: Vec<KindDef>,
    /// The questions every data flow asks, besides encryption, authentication and data.
    #[serde(default)]
    pub flow_properties: Vec<String>,
    #[serde(skip)]
    kind_index: HashMap<String, usize>,
    #[serde(skip)]
    property_index: HashMap<String, usize>,
}

/// The catalogue file as shipped.
pub const BUILTIN_KINDS_RON: &str = include_str!("../../assets/kinds.ron");

impl KindCatalog {
    /// Parses a catalogue and indexes it.
    pub fn parse(text: &str) -> Result<Self, ron::error::SpannedError> {
        let mut catalog: Self = ron::from_str(text)?;
        catalog.kind_index = catalog.kinds.iter().enumerate().map(|(i, k)| (k.id.clone(), i)).collect();
        catalog.property_index = catalog.properties.iter().enumerate().map(|(i, p)| (p.id.clone(), i)).collect();
        Ok(catalog)
    }

    /// The catalogue built into the binary. A test proves it parses, so a failure here is a
    /// build defect; it then falls back to an empty catalogue rather than crash a user's session.
    pub fn builtin() -> &'static Self {
        static CATALOG: OnceLock<KindCatalog> = OnceLock::new();
        CATALOG.get_or_init(|| {
            Self::parse(BUILTIN_KINDS_RON).unwrap_or_else(|err| {
                log::error!("built-in kind catalogue is broken: {err}");
                Self {
                    properties: Vec::new(),
                    kinds: Vec::new(),
                    flow_properties: Vec::new(),
                    kind_index: HashMap::new(),
                    property_index: HashMap::new(),
                }
            })
        })
    }

    pub fn kind(&self, id: &str) -> Option<&KindDef> {
        self.kind_index.get(id).and_then(|&i| self.kinds.get(i))
    }

    pub fn property(&self, id: &str) -> Option<&PropertyDef> {
        self.property_index.get(id).and_then(|&i| self.properties.get(i))
    }

    /// Display name of a kind, or the raw id for a kind this build does not know.
    pub fn kind_name<'a>(&'a self, id: &'a str) -> &'a str {
        self.kind(id).map_or(id, |k| k.name.as_str())
    }

    /// Problems in the catalogue itself: duplicate ids, properties that do not exist.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        if self.kind_index.len() != self.kinds.len() {
            problems.push("duplicate kind id".to_owned());
        }
        if self.property_index.len() != self.properties.len() {
            problems.push("duplicate property id".to_owned());
        }
        for kind in &self.kinds {
            let mut seen = std::collections::HashSet::new();
            for property in kind.all_properties() {
                if self.property(property).is_none() {
                    problems.push(format!("kind '{}' lists unknown property '{property}'", kind.id));
                }
                if !seen.insert(property) {
                    problems.push(format!("kind '{}' asks '{property}' twice", kind.id));
                }
            }
        }
        for property in &self.flow_properties {
            if self.property(property).is_none() {
                problems.push(format!("flows ask unknown property '{property}'"));
            }
        }
        for property in &self.properties {
            match &property.value {
                ValueType::YesNo => {}
                ValueType::Choice(options) => {
                    let ids: std::collections::HashSet<&str> = options.iter().map(|o| o.id.as_str()).collect();
                    if options.len() < 2 || ids.len() != options.len() {
                        problems.push(format!("property '{}' needs two or more distinct options", property.id));
                    }
                    // These words are read as yes / no / unknown, never as an option.
                    if options.iter().any(|o| ["Yes", "No", "Unknown", ""].contains(&o.id.as_str())) {
                        problems.push(format!("property '{}' has an option id that reads as an answer", property.id));
                    }
                }
                ValueType::Number(spec) => {
                    if spec.min > spec.max || spec.unit.trim().is_empty() {
                        problems.push(format!("property '{}' needs a unit and min <= max", property.id));
                    }
                }
            }
            if let Some((parent, wanted)) = &property.asked_when {
                match self.property(parent) {
                    None => problems.push(format!("property '{}' follows unknown property '{parent}'", property.id)),
                    Some(parent) if wanted.is_empty() || wanted.iter().any(|a| parent.check(a).is_err()) => {
                        problems
                            .push(format!("property '{}' follows answers '{}' cannot give", property.id, parent.id));
                    }
                    Some(_) => {}
                }
                let orphaned = self.kinds.iter().any(|k| k.asks(&property.id) && !k.asks(parent))
                    || (self.flow_properties.contains(&property.id) && !self.flow_properties.contains(parent));
                if orphaned {
                    problems.push(format!("property '{}' is asked where '{parent}' is not", property.id));
                }
            }
            if let Some(Err(problem)) = property.safe.as_ref().map(|safe| property.check(safe)) {
                problems.push(format!("property '{}': its safe answer does not fit: {problem}", property.id));
            }
            if property.help.trim().is_empty() || property.help.lines().count() > 1 {
                problems.push(format!("property '{}' needs one line of help", property.id));
            }
        }
        problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalogue_parses_and_is_consistent() {
        let catalog = KindCatalog::parse(BUILTIN_KINDS_RON).expect("assets/kinds.ron parses");
        assert_eq!(catalog.problems(), Vec::<String>::new());
        assert!(catalog.kinds.len() >= 18, "the palette needs every serverless building block");
    }

    #[test]
    fn every_property_is_used_by_some_kind() {
        let catalog = KindCatalog::builtin();
        for property in &catalog.properties {
            assert!(
                catalog.kinds.iter().any(|k| k.asks(&property.id)) || catalog.flow_properties.contains(&property.id),
                "property '{}' is asked by no kind and no flow",
                property.id
            );
        }
    }

    #[test]
    fn every_shape_is_used_once() {
        let catalog = KindCatalog::builtin();
        let shapes: std::collections::HashSet<_> = catalog.kinds.iter().map(|k| k.shape).collect();
        assert_eq!(shapes.len(), catalog.kinds.len(), "each kind should look different");
    }
}
