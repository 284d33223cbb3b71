//! The threat catalogue: rules as data (assets/catalogue.ron), embedded at build time and
//! checked by tests. Adding a rule is editing that file, not Rust.

use std::collections::{BTreeMap, HashSet};
use std::sync::{Arc, OnceLock};

use serde::Deserialize;

use crate::model::{
    AskWhom, BoundaryKind, DataClass, ElementType, KindCatalog, Level, MitigationFamily, SeedCategory, Stride, Tri,
};

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
    /// Element properties and the answers that make the rule fire ("has_authorizer": [No,
    /// Unknown]). All must hold. Unknown in the list keeps the threat as a question.
    #[serde(default)]
    pub when: BTreeMap<String, Vec<Tri>>,
    /// Answers that keep the threat but lower its likelihood one level.
    #[serde(default)]
    pub lowered_by: BTreeMap<String, Tri>,
    pub stride: Stride,
    pub category: SeedCategory,
    /// Plain words an owner understands.
    pub title: String,
    pub explanation: String,
    /// The technical detail, for the developer.
    pub detail: String,
    pub likelihood: Level,
    pub impact: Level,
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
    pub fn parse(text: &str) -> Result<Self, ron::error::SpannedError> {
        ron::from_str(text)
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
                    if !rule.when.is_empty() || !rule.lowered_by.is_empty() {
                        problems.push(at("flow rules use the flow's own fields, not element properties".into()));
                    }
                }
            }
            for kind in kind_ids {
                if kinds.kind(kind).is_none() {
                    problems.push(at(format!("unknown kind '{kind}'")));
                }
            }
            for property in rule.when.keys().chain(rule.lowered_by.keys()) {
                if kinds.property(property).is_none() {
                    problems.push(at(format!("unknown property '{property}'")));
                }
                // The property must be asked by at least one kind the rule applies to.
                if let Applies::Element(m) = &rule.applies {
                    let asked = kinds
                        .kinds
                        .iter()
                        .filter(|k| applies_to_kind(m, &k.id, k.element_type))
                        .any(|k| k.properties.contains(property));
                    if !asked {
                        problems.push(at(format!("no kind it applies to asks '{property}'")));
                    }
                }
            }
            if rule.when.values().any(Vec::is_empty) {
                problems.push(at("an empty answer list in `when` can never fire".into()));
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
