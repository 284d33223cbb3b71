//! The threat catalogue: rules as data (assets/catalogue.ron), embedded at build time and
//! checked by tests. Adding a rule is editing that file, not Rust.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::model::migrate::RENAMED_PROPERTIES;
use crate::model::{
    Answer, AskWhom, BoundaryKind, DataClass, ElementType, KindCatalog, Level, MitigationFamily, SeedCategory, Stride,
    Tri, ValueType,
};

/// A number condition: above a limit, or at most a limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Compare {
    Above(u32),
    AtMost(u32),
}

/// One answer a condition accepts: `Yes`, `No`, `Unknown` (no answer yet), an option id
/// (`"api_key"`) or a number test (`Above(30)`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(untagged)]
pub enum Expect {
    Answer(Tri),
    Number(Compare),
    Option(String),
}

impl Expect {
    pub fn matches(&self, answer: Option<&Answer>) -> bool {
        match (self, answer) {
            (Self::Answer(Tri::Unknown), None) => true,
            (Self::Answer(Tri::Yes), Some(Answer::Yes)) | (Self::Answer(Tri::No), Some(Answer::No)) => true,
            (Self::Option(id), Some(Answer::Choice(chosen))) => id == chosen,
            (Self::Number(Compare::Above(limit)), Some(Answer::Number(n))) => n > limit,
            (Self::Number(Compare::AtMost(limit)), Some(Answer::Number(n))) => n <= limit,
            _ => false,
        }
    }

    /// Whether this can match the question at all; the message says why not.
    fn fits(&self, value: &ValueType) -> Result<(), String> {
        match (self, value) {
            (Self::Answer(Tri::Unknown), _) | (Self::Answer(_), ValueType::YesNo) => Ok(()),
            (Self::Option(id), ValueType::Choice(options)) if options.iter().any(|o| &o.id == id) => Ok(()),
            (Self::Number(_), ValueType::Number(_)) => Ok(()),
            (expect, _) => Err(format!("{expect:?} can never be the answer to this question")),
        }
    }
}

/// Answers a condition accepts: one (`Yes`) or a list (`[No, Unknown]`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(from = "OneOrMore")]
pub struct Expects(pub Vec<Expect>);

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMore {
    One(Expect),
    More(Vec<Expect>),
}

impl From<OneOrMore> for Expects {
    fn from(read: OneOrMore) -> Self {
        match read {
            OneOrMore::One(one) => Self(vec![one]),
            OneOrMore::More(more) => Self(more),
        }
    }
}

impl Expects {
    pub fn matches(&self, answer: Option<&Answer>) -> bool {
        self.0.iter().any(|e| e.matches(answer))
    }

    /// Whether an unknown answer is among those accepted: then the threat is a question.
    pub fn accepts_unknown(&self) -> bool {
        self.0.contains(&Expect::Answer(Tri::Unknown))
    }
}

/// What a rule looks at. Every list is "any of"; an empty list means "any".
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ElementMatch {
    /// Kind ids from assets/kinds.ron.
    #[serde(default)]
    pub kinds: Vec<String>,
    /// STRIDE element types, for the per-element rules.
    #[serde(default)]
    pub element_types: Vec<ElementType>,
    /// The element sits inside a boundary of one of these kinds.
    #[serde(default)]
    pub inside: Vec<BoundaryKind>,
    /// The element sits inside no boundary of these kinds.
    #[serde(default)]
    pub outside: Vec<BoundaryKind>,
    /// The element receives a flow from an element of one of these kinds.
    #[serde(default)]
    pub receives_from: Vec<String>,
    /// The element sends a flow to an element of one of these kinds.
    #[serde(default)]
    pub sends_to: Vec<String>,
    /// The element receives or sends any of these data classes.
    #[serde(default)]
    pub handles_data: Vec<DataClass>,
}

/// What a flow rule looks at. Every list is "any of"; an empty list means "any".
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlowMatch {
    #[serde(default)]
    pub from_kinds: Vec<String>,
    #[serde(default)]
    pub to_kinds: Vec<String>,
    /// The flow crosses a boundary of one of these kinds (either direction).
    #[serde(default)]
    pub crosses: Vec<BoundaryKind>,
    /// The flow crosses no boundary of these kinds.
    #[serde(default)]
    pub not_crosses: Vec<BoundaryKind>,
    /// It fires when the flow's encryption answer is one of these.
    #[serde(default)]
    pub encrypted: Vec<Tri>,
    #[serde(default)]
    pub authenticated: Vec<Tri>,
    /// The flow carries any of these data classes.
    #[serde(default)]
    pub data: Vec<DataClass>,
    /// Conditions on the answers of the element the flow comes from, as in `when`.
    #[serde(default)]
    pub from_when: BTreeMap<String, Expects>,
    /// Conditions on the answers of the element the flow goes to ("signed_links": [No,
    /// Unknown] for a browser reaching a bucket directly).
    #[serde(default)]
    pub to_when: BTreeMap<String, Expects>,
}

/// Where a rule applies.
#[derive(Clone, Debug, Deserialize)]
pub enum Applies {
    Element(ElementMatch),
    Flow(FlowMatch),
}

/// A source the rule is based on: "OWASP-SLS-S1", "CSA-1", "CWE-20", "ATT&CK T1078".
pub type Reference = String;

/// One threat rule.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Stable: decisions are stored under `rule_id@target_id`.
    pub id: String,
    pub applies: Applies,
    /// Questions and the answers that make the rule fire ("authorizer": ["none", Unknown]):
    /// the element's own questions for element rules, the flow's for flow rules. All must hold.
    /// Unknown in the list keeps the threat as a question. A question the element's kind does
    /// not ask cannot be answered there, so it does not hold the rule back.
    #[serde(default)]
    pub when: BTreeMap<String, Expects>,
    /// Answers that keep the threat but lower its likelihood one level (a partial control).
    #[serde(default)]
    pub lowered_by: BTreeMap<String, Expects>,
    /// Answers that make the threat one level more likely (a stated risk factor).
    #[serde(default)]
    pub raised_by: BTreeMap<String, Expects>,
    pub stride: Stride,
    pub category: SeedCategory,
    /// Plain words an owner understands.
    pub title: String,
    pub explanation: String,
    /// The technical detail, for the developer.
    pub detail: String,
    pub likelihood: Level,
    pub impact: Level,
    /// Why the default likelihood is what it is, after the OWASP Risk Rating factors (who
    /// could do it, how easily it is found and exploited).
    #[serde(default)]
    pub likelihood_because: String,
    /// Why the default impact is what it is (what is lost, and what it costs the business).
    #[serde(default)]
    pub impact_because: String,
    /// Impact one level up when the target handles card, health or credential data.
    #[serde(default)]
    pub sensitive_data_raises_impact: bool,
    /// Likelihood one level up when the target is reachable from the internet.
    #[serde(default)]
    pub internet_raises_likelihood: bool,
    pub mitigation: MitigationFamily,
    /// Concrete steps that deal with this threat, in plain words ("Turn on the API's JWT
    /// authorizer for every route that reads customer data").
    #[serde(default)]
    pub suggestions: Vec<String>,
    /// The actionable question.
    pub question: String,
    pub ask: AskWhom,
    pub references: Vec<Reference>,
    /// A generic STRIDE-per-element rule: it yields to any specific rule of the same STRIDE
    /// category on the same target, so it only speaks when nothing more precise does.
    #[serde(default)]
    pub fallback: bool,
    /// Rules describing the same weakness less precisely: where this rule fires, they are
    /// left out on the same target, so each idea is raised once.
    #[serde(default)]
    pub replaces: Vec<String>,
}

/// All rules, in file order. Shared, so that threats found by the engine can outlive the
/// catalogue value they came from.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub rules: Vec<Arc<Rule>>,
}

/// The catalogue file as shipped.
pub const BUILTIN_CATALOGUE_RON: &str = include_str!("../../assets/catalogue.ron");

impl Catalogue {
    /// Reads a catalogue; rules written against a question that was since renamed read as if
    /// written against the new one.
    pub fn parse(text: &str) -> Result<Self, ron::error::SpannedError> {
        let mut catalogue: Self = ron::from_str(text)?;
        for rule in &mut catalogue.rules {
            let mentions_old = |conditions: &BTreeMap<String, Expects>| {
                RENAMED_PROPERTIES.iter().any(|r| conditions.contains_key(r.old))
            };
            let ends = match &rule.applies {
                Applies::Flow(m) => mentions_old(&m.from_when) || mentions_old(&m.to_when),
                Applies::Element(_) => false,
            };
            if ends || [&rule.when, &rule.lowered_by, &rule.raised_by].into_iter().any(mentions_old) {
                let rule = Arc::make_mut(rule);
                for conditions in [&mut rule.when, &mut rule.lowered_by, &mut rule.raised_by] {
                    rename_conditions(conditions);
                }
                if let Applies::Flow(m) = &mut rule.applies {
                    rename_conditions(&mut m.from_when);
                    rename_conditions(&mut m.to_when);
                }
            }
        }
        Ok(catalogue)
    }

    /// The catalogue built into the binary. A test proves it parses and is consistent; a
    /// broken build logs the problem and suggests nothing rather than crash a user's session.
    pub fn builtin() -> &'static Self {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| {
            Self::parse(BUILTIN_CATALOGUE_RON).unwrap_or_else(|err| {
                log::error!("built-in threat catalogue is broken: {err}");
                Self { rules: Vec::new() }
            })
        })
    }

    /// Problems in the catalogue: unknown kinds or properties, missing sources or questions,
    /// duplicate ids. Empty for a good catalogue.
    pub fn problems(&self, kinds: &KindCatalog) -> Vec<String> {
        let mut problems = Vec::new();
        let mut ids = HashSet::new();
        for rule in &self.rules {
            let at = |what: String| format!("rule '{}': {what}", rule.id);
            if !ids.insert(rule.id.as_str()) {
                problems.push(at("the id is used twice".into()));
            }
            if rule.id.contains('@') || rule.id.trim().is_empty() {
                problems.push(at("ids must be non-empty and must not contain '@'".into()));
            }
            if rule.references.iter().all(|r| r.trim().is_empty()) {
                problems.push(at("no source in references".into()));
            }
            if rule.question.trim().len() < 10 || !rule.question.trim_end().ends_with('?') {
                problems.push(at("the question must be a real question".into()));
            }
            for text in [&rule.title, &rule.explanation, &rule.detail] {
                if text.trim().is_empty() {
                    problems.push(at("title, explanation and detail are all needed".into()));
                }
            }
            let mut kind_ids: Vec<&String> = Vec::new();
            match &rule.applies {
                Applies::Element(m) => {
                    kind_ids.extend(&m.kinds);
                    kind_ids.extend(&m.receives_from);
                    kind_ids.extend(&m.sends_to);
                }
                Applies::Flow(m) => {
                    kind_ids.extend(&m.from_kinds);
                    kind_ids.extend(&m.to_kinds);
                }
            }
            for kind in kind_ids {
                if kinds.kind(kind).is_none() {
                    problems.push(at(format!("unknown kind '{kind}'")));
                }
            }
            if let Applies::Flow(m) = &rule.applies {
                for (conditions, ends) in [(&m.from_when, &m.from_kinds), (&m.to_when, &m.to_kinds)] {
                    for (property, expects) in conditions {
                        let asked = kinds
                            .kinds
                            .iter()
                            .filter(|k| ends.is_empty() || ends.contains(&k.id))
                            .any(|k| k.asks(property));
                        match kinds.property(property) {
                            None => problems.push(at(format!("unknown property '{property}'"))),
                            Some(_) if !asked => problems.push(at(format!("no kind at that end asks '{property}'"))),
                            Some(definition) => {
                                for expect in &expects.0 {
                                    if let Err(message) = expect.fits(&definition.value) {
                                        problems.push(at(format!("'{property}': {message}")));
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let conditions = rule.when.iter().chain(&rule.lowered_by).chain(&rule.raised_by);
            for (property, expects) in conditions {
                let Some(definition) = kinds.property(property) else {
                    problems.push(at(format!("unknown property '{property}'")));
                    continue;
                };
                for expect in &expects.0 {
                    if let Err(message) = expect.fits(&definition.value) {
                        problems.push(at(format!("'{property}': {message}")));
                    }
                }
                // The property must be asked where the rule applies.
                let asked = match &rule.applies {
                    Applies::Element(m) => kinds
                        .kinds
                        .iter()
                        .filter(|k| applies_to_kind(m, &k.id, k.element_type))
                        .any(|k| k.asks(property)),
                    Applies::Flow(_) => kinds.flow_properties.contains(property),
                };
                if !asked {
                    problems.push(at(format!("nothing it applies to asks '{property}'")));
                }
            }
            if rule.when.values().any(|e| e.0.is_empty()) {
                problems.push(at("an empty answer list in `when` can never fire".into()));
            }
            if rule.replaces.contains(&rule.id) {
                problems.push(at("a rule cannot replace itself".into()));
            }
        }
        problems
    }
}

/// Whether an element rule's kind filter lets this kind through.
pub fn applies_to_kind(m: &ElementMatch, kind: &str, element_type: ElementType) -> bool {
    (m.kinds.is_empty() || m.kinds.iter().any(|k| k == kind))
        && (m.element_types.is_empty() || m.element_types.contains(&element_type))
}

/// Rewrites conditions on a renamed yes/no question into conditions on its choice.
fn rename_conditions(conditions: &mut BTreeMap<String, Expects>) {
    for renamed in RENAMED_PROPERTIES {
        let Some(old) = conditions.remove(renamed.old) else { continue };
        let mut new = Vec::new();
        for expect in old.0 {
            match expect {
                Expect::Answer(Tri::Yes) => {
                    new.extend(renamed.yes_means.iter().map(|id| Expect::Option((*id).to_owned())));
                }
                Expect::Answer(Tri::No) => new.push(Expect::Option(renamed.no_becomes.to_owned())),
                other => new.push(other),
            }
        }
        conditions.entry(renamed.new.to_owned()).or_insert(Expects(new));
    }
}
