//! The six mitigation families as data (assets/mitigations.ron), and the questions to ask,
//! gathered from the open threats and grouped by who can answer them.

use std::collections::{BTreeMap, HashSet};
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

use serde::Deserialize;

use super::fast_hash::{FastMap, Fnv};
use super::{Analysis, Names};
use crate::model::{AskWhom, MitigationFamily, Target};

/// One family: what it means and the question that gets it done.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MitigationInfo {
    pub family: MitigationFamily,
    pub explanation: String,
    pub question: String,
    pub ask: AskWhom,
}

/// The families file as shipped.
pub const BUILTIN_MITIGATIONS_RON: &str = include_str!("../../assets/mitigations.ron");

pub fn parse_mitigations(text: &str) -> Result<Vec<MitigationInfo>, ron::error::SpannedError> {
    ron::from_str(text)
}

/// The explanation and question of a family; a broken build logs and shows none.
pub fn mitigation_info(family: MitigationFamily) -> Option<&'static MitigationInfo> {
    static INFO: OnceLock<Vec<MitigationInfo>> = OnceLock::new();
    INFO.get_or_init(|| {
        parse_mitigations(BUILTIN_MITIGATIONS_RON).unwrap_or_else(|err| {
            log::error!("built-in mitigation families are broken: {err}");
            Vec::new()
        })
    })
    .iter()
    .find(|m| m.family == family)
}

/// One question and what it is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Question {
    pub text: String,
    /// The elements and flows it concerns, by name, in model order.
    pub about: Vec<String>,
}

/// The questions still to ask (open threats whose answer is unknown), grouped by who to ask, each asked once however many
/// elements it concerns. Linear in the threats: where each question sits and which names it
/// already has are looked up by hash, not searched for, and by the rule's short id rather than
/// its question's text.
pub fn questions(analysis: &Analysis, names: &Names) -> BTreeMap<AskWhom, Vec<Question>> {
    let mut grouped: BTreeMap<AskWhom, Vec<Question>> = BTreeMap::new();
    let mut by_rule: FastMap<&str, usize> = FastMap::default();
    // Rules that ask the same question share it.
    let mut by_text: FastMap<(AskWhom, &str), usize> = FastMap::default();
    let mut named: HashSet<(AskWhom, usize, &str), BuildHasherDefault<Fnv>> =
        HashSet::with_capacity_and_hasher(analysis.threats.len(), BuildHasherDefault::default());
    // The threats of a target come together: its name is looked up once for them all.
    let mut last: Option<(&Target, &str)> = None;
    for threat in analysis.threats.iter().filter(|t| t.status.is_open() && t.open_question) {
        let Some(rule) = threat.rule() else { continue };
        let group = grouped.entry(rule.ask).or_default();
        let at = *by_rule.entry(rule.id.as_str()).or_insert_with(|| {
            *by_text.entry((rule.ask, rule.question.as_str())).or_insert_with(|| {
                group.push(Question { text: rule.question.clone(), about: Vec::new() });
                group.len() - 1
            })
        });
        let name = match last {
            Some((target, name)) if *target == threat.target => name,
            _ => names.get(&threat.target),
        };
        last = Some((&threat.target, name));
        if named.insert((rule.ask, at, name)) {
            group[at].about.push(name.to_owned());
        }
    }
    grouped
}

/// The questions as plain text, ready to paste into an email.
pub fn questions_as_text(grouped: &BTreeMap<AskWhom, Vec<Question>>) -> String {
    let mut text = String::new();
    for (whom, questions) in grouped {
        text.push_str(&format!("Questions for {}:\n", whom_label(*whom)));
        for (i, question) in questions.iter().enumerate() {
            text.push_str(&format!("{}. {} (about: {})\n", i + 1, question.text, question.about.join(", ")));
        }
        text.push('\n');
    }
    text
}

/// "your developer", "your cloud provider", "the vendor".
pub fn whom_label(whom: AskWhom) -> &'static str {
    match whom {
        AskWhom::Developer => "your developer",
        AskWhom::CloudProvider => "your cloud provider",
        AskWhom::Vendor => "the vendor",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::Template;
    use crate::threats::{Catalogue, analyze};

    #[test]
    fn every_family_is_explained_with_a_question() {
        let all = parse_mitigations(BUILTIN_MITIGATIONS_RON).expect("assets/mitigations.ron parses");
        for family in MitigationFamily::ALL {
            let info = all.iter().find(|m| m.family == family).unwrap_or_else(|| panic!("{family:?} missing"));
            assert!(info.question.ends_with('?') && info.explanation.len() > 40, "{family:?}");
        }
        assert_eq!(all.len(), MitigationFamily::ALL.len());
    }

    #[test]
    fn questions_are_grouped_asked_once_and_name_what_they_concern() {
        let model = Template::sample().model().unwrap();
        let analysis = analyze(&model, Catalogue::builtin());
        let grouped = questions(&analysis, &crate::threats::Names::of(&model));
        let developer = &grouped[&AskWhom::Developer];
        let mut texts: Vec<_> = developer.iter().map(|q| &q.text).collect();
        let before = texts.len();
        texts.dedup();
        assert_eq!(texts.len(), before, "each question once");
        // The two functions share rules: one question names both.
        assert!(developer.iter().any(|q| q.about.len() > 1), "{developer:?}");
        let text = questions_as_text(&grouped);
        assert!(text.starts_with("Questions for your developer:\n1. "), "{text}");
    }
}
