//! Step 2, "what could go wrong?": the rule catalogue and the engine that turns a model into
//! threat suggestions. Pure: no UI.

mod catalogue;
mod context;
mod engine;
mod fast_hash;
mod filter;
mod matching;
mod mitigations;
mod names;
mod prompts;
mod rating;
mod reasons;
pub mod references;
mod user_rules;

pub use crate::model::{AskWhom, Level, MitigationFamily, SeedCategory, Stride};
pub use catalogue::{
    Applies, BUILTIN_CATALOGUE_RON, Catalogue, Compare, ElementMatch, Expect, Expects, FlowMatch, Rule, applies_to_kind,
};
pub use engine::{Analysis, Badges, Origin, Threat, analyze};
pub use filter::ThreatFilter;
pub use mitigations::{
    BUILTIN_MITIGATIONS_RON, MitigationInfo, Question, mitigation_info, parse_mitigations, questions,
    questions_as_text, whom_label,
};
pub use names::Names;
pub use prompts::{BUILTIN_PROMPTS_RON, Prompts, builtin_prompts, parse_prompts, prompts_for};
pub use rating::{Axis, Factor};
pub use user_rules::{
    CombinedCatalogue, RULES_IN_CONFIG, RULES_NEXT_TO_MODEL, apply_rules_text, combine, rules_locations,
};
