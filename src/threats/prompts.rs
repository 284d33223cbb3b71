//! "Think like an attacker" prompts per element kind and for flows (assets/prompts.ron).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The prompts file as shipped.
pub const BUILTIN_PROMPTS_RON: &str = include_str!("../../assets/prompts.ron");

/// Three questions per kind id, and under "flow" for data flows.
pub type Prompts = HashMap<String, Vec<String>>;

pub fn parse_prompts(text: &str) -> Result<Prompts, ron::error::SpannedError> {
    ron::from_str(text)
}

/// The built-in prompts; a broken build logs and shows none rather than crash.
pub fn builtin_prompts() -> &'static Prompts {
    static PROMPTS: OnceLock<Prompts> = OnceLock::new();
    PROMPTS.get_or_init(|| {
        parse_prompts(BUILTIN_PROMPTS_RON).unwrap_or_else(|err| {
            log::error!("built-in attacker prompts are broken: {err}");
            Prompts::new()
        })
    })
}

/// The prompts for an element kind, or for flows when `kind` is "flow".
pub fn prompts_for(kind: &str) -> Option<&'static [String]> {
    builtin_prompts().get(kind).map(Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::KindCatalog;

    #[test]
    fn every_kind_and_flows_have_three_questions() {
        let prompts = parse_prompts(BUILTIN_PROMPTS_RON).expect("assets/prompts.ron parses");
        for kind in &KindCatalog::builtin().kinds {
            let questions = prompts.get(&kind.id).unwrap_or_else(|| panic!("no prompts for {}", kind.id));
            assert_eq!(questions.len(), 3, "{}: the seed's three questions", kind.id);
            assert!(questions.iter().all(|q| q.ends_with('?')), "{}", kind.id);
        }
        assert!(prompts.contains_key("flow"));
        assert_eq!(prompts.len(), KindCatalog::builtin().kinds.len() + 1, "no prompts for unknown kinds");
    }
}
