//! Plain explanations of the technical words the app shows (assets/glossary.ron), so that an
//! owner who is not a security specialist can look any of them up. Pure data and text
//! matching; the UI decides how to show it.

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::Deserialize;

use crate::io::{TextPosition, locate, ron_error};

/// The glossary as shipped.
pub const BUILTIN_GLOSSARY_RON: &str = include_str!("../assets/glossary.ron");

/// One entry: a word, its other spellings, and what it means.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Term {
    /// The word as the app writes it ("IAM role").
    pub term: String,
    /// Other spellings and close synonyms ("role", "execution role"); each belongs to one term.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// One to three plain sentences.
    pub explanation: String,
    /// Something concrete, such as "an AWS Lambda function".
    #[serde(default)]
    pub example: Option<String>,
}

impl Term {
    /// The term and its aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.term.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// All terms, alphabetical, with indexes for looking words up.
#[derive(Debug, Default)]
pub struct Glossary {
    terms: Vec<Term>,
    /// Lower-cased term or alias → index into `terms`.
    by_name: HashMap<String, usize>,
    /// Lower-cased names as characters, longest first, so that a text matches "IAM role"
    /// rather than its alias "role" at the same place.
    patterns: Vec<(Vec<char>, usize)>,
}

impl Glossary {
    /// The glossary built into the binary. A test proves it parses, so a failure here is a
    /// build defect; it then logs and offers an empty glossary rather than crash a session.
    pub fn builtin() -> &'static Self {
        static GLOSSARY: OnceLock<Glossary> = OnceLock::new();
        GLOSSARY.get_or_init(|| {
            Self::parse(BUILTIN_GLOSSARY_RON).unwrap_or_else(|err| {
                log::error!("built-in glossary is broken: {err}");
                Self::default()
            })
        })
    }

    /// Reads a glossary. Errors start with the line and column ("12:5: ...").
    pub fn parse(text: &str) -> Result<Self, String> {
        let mut terms: Vec<Term> = ron::from_str(text).map_err(|err| {
            let (position, message) = ron_error(text, &err);
            format!("{}:{}: {message}", position.line, position.column)
        })?;
        // A name that is blank or listed twice would make lookups ambiguous; say where.
        let at = |term: &Term, name: &str| {
            let position = name_position(text, &term.term, name).unwrap_or(TextPosition { line: 1, column: 1 });
            format!("{}:{}", position.line, position.column)
        };
        let mut owner: HashMap<String, &str> = HashMap::new();
        for term in &terms {
            if term.explanation.trim().is_empty() {
                return Err(format!("{}: \"{}\" has no explanation", at(term, &term.term), term.term));
            }
            for name in term.names() {
                let key = normalize(name);
                if key.is_empty() {
                    return Err(format!("{}: \"{}\" has a blank name", at(term, &term.term), term.term));
                }
                if let Some(first) = owner.insert(key, &term.term) {
                    return Err(format!(
                        "{}: \"{name}\" is listed twice, under \"{first}\" and under \"{}\"",
                        at(term, name),
                        term.term
                    ));
                }
            }
        }
        terms.sort_by_cached_key(|t| (t.term.to_lowercase(), t.term.clone()));

        let mut by_name = HashMap::new();
        let mut patterns = Vec::new();
        for (index, term) in terms.iter().enumerate() {
            for name in term.names() {
                let key = normalize(name);
                patterns.push((key.chars().collect::<Vec<_>>(), index));
                by_name.insert(key, index);
            }
        }
        patterns.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
        Ok(Self { terms, by_name, patterns })
    }

    /// Every term, alphabetical.
    pub fn terms(&self) -> &[Term] {
        &self.terms
    }

    /// The term a word or phrase names, ignoring case and surrounding blanks; a plural
    /// ("functions", "policies") finds its singular.
    pub fn lookup(&self, word: &str) -> Option<&Term> {
        let key = normalize(word);
        let found = self
            .by_name
            .get(&key)
            .or_else(|| singulars(&key).into_iter().find_map(|singular| self.by_name.get(&singular)));
        found.and_then(|&index| self.terms.get(index))
    }

    /// Terms whose name, alias or explanation contains the query, ignoring case: matches on
    /// the term itself first (exact, then at its start, then anywhere), then on an alias, then
    /// in the explanation; alphabetical within each group. A blank query lists every term.
    pub fn search(&self, query: &str) -> Vec<&Term> {
        let query = normalize(query);
        if query.is_empty() {
            return self.terms.iter().collect();
        }
        let rank = |term: &Term| {
            let name = term.term.to_lowercase();
            if name == query {
                Some(0)
            } else if name.starts_with(&query) {
                Some(1)
            } else if name.contains(&query) {
                Some(2)
            } else if term.aliases.iter().any(|a| a.to_lowercase().contains(&query)) {
                Some(3)
            } else if term.explanation.to_lowercase().contains(&query) {
                Some(4)
            } else {
                None
            }
        };
        let mut hits: Vec<(u8, &Term)> = self.terms.iter().filter_map(|t| rank(t).map(|r| (r, t))).collect();
        // Stable: the alphabetical order of `terms` holds within a rank.
        hits.sort_by_key(|(rank, _)| *rank);
        hits.into_iter().map(|(_, term)| term).collect()
    }

    /// The terms named in a text, each once, in order of first appearance. Names match as
    /// whole words, ignoring case, also in the plural; where names overlap, the longest wins
    /// ("encryption at rest", not "encryption").
    pub fn terms_in<'a>(&'a self, text: &str) -> Vec<&'a Term> {
        let chars: Vec<char> = text.chars().flat_map(char::to_lowercase).collect();
        let mut seen = vec![false; self.terms.len()];
        let mut found = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let starts_word = is_word_char(chars[i]) && (i == 0 || !is_word_char(chars[i - 1]));
            if starts_word && let Some((len, index)) = self.longest_match(&chars, i) {
                if let (Some(done), Some(term)) = (seen.get_mut(index), self.terms.get(index))
                    && !*done
                {
                    *done = true;
                    found.push(term);
                }
                i += len;
            } else {
                i += 1;
            }
        }
        found
    }

    /// The longest name that matches as a whole word at `start`: its length in the text
    /// (with any plural ending) and its term.
    fn longest_match(&self, chars: &[char], start: usize) -> Option<(usize, usize)> {
        let rest = chars.get(start..)?;
        self.patterns.iter().find_map(|(name, index)| match_len(rest, name).map(|len| (len, *index)))
    }
}

/// Where `name` is written in the entry of `term`: its first quoted appearance from the
/// entry's own name on.
fn name_position(text: &str, term: &str, name: &str) -> Option<TextPosition> {
    let entry = text.find(&format!("\"{term}\""))?;
    let snippet = format!("\"{name}\"");
    locate(text, &snippet, text[..entry].matches(&snippet).count() + 1)
}

/// Lower case with blanks trimmed and runs of blanks made one, so "IAM  role " finds "IAM role".
fn normalize(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// Letters, digits, `_` and `-` make up words, so "role" is not found in "parole" and a
/// hyphenated word such as "sign-in" is never split.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-'
}

/// How many characters of `text` the name covers if it starts it as a whole word, with an
/// optional plural ending ("s", "es", or "ies" for a final "y").
fn match_len(text: &[char], name: &[char]) -> Option<usize> {
    let ends_word = |len: usize| text.get(len).is_none_or(|c| !is_word_char(*c));
    if text.starts_with(name) {
        let after = &text[name.len()..];
        for ending in [&[][..], &['s'][..], &['e', 's'][..]] {
            if after.starts_with(ending) && ends_word(name.len() + ending.len()) {
                return Some(name.len() + ending.len());
            }
        }
    }
    // "policy" → "policies".
    let stem = name.strip_suffix(&['y'])?;
    let ies = ['i', 'e', 's'];
    (text.starts_with(stem) && text[stem.len()..].starts_with(&ies) && ends_word(stem.len() + ies.len()))
        .then_some(stem.len() + ies.len())
}

/// Singular forms a plural word could come from, most likely first.
fn singulars(word: &str) -> Vec<String> {
    let mut forms = Vec::new();
    if let Some(stem) = word.strip_suffix("ies") {
        forms.push(format!("{stem}y"));
    }
    if let Some(stem) = word.strip_suffix("es") {
        forms.push(stem.to_owned());
    }
    if let Some(stem) = word.strip_suffix('s') {
        forms.push(stem.to_owned());
    }
    forms
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::model::{Compliance, KindCatalog, MitigationFamily, SeedCategory, Stride};

    fn glossary() -> Glossary {
        Glossary::parse(BUILTIN_GLOSSARY_RON).unwrap()
    }

    fn names(terms: &[&Term]) -> Vec<String> {
        terms.iter().map(|t| t.term.clone()).collect()
    }

    #[test]
    fn the_builtin_glossary_parses_and_is_alphabetical() {
        let glossary = glossary();
        assert!(glossary.terms().len() >= 45, "{} terms", glossary.terms().len());
        assert_eq!(Glossary::builtin().terms().len(), glossary.terms().len());
        let order: Vec<String> = glossary.terms().iter().map(|t| t.term.to_lowercase()).collect();
        assert!(order.is_sorted(), "{order:?}");
    }

    #[test]
    fn no_name_belongs_to_two_terms() {
        let mut seen = HashSet::new();
        for term in glossary().terms() {
            for name in term.names() {
                assert!(seen.insert(normalize(name)), "\"{name}\" ({}) appears twice", term.term);
            }
        }
    }

    #[test]
    fn entries_are_short_and_plain() {
        for term in glossary().terms() {
            let text = term.explanation.trim();
            // Sentences end with ". " or at the end; abbreviations with dots are not used.
            let sentences = text.matches(". ").count() + text.matches("? ").count() + 1;
            assert!(sentences <= 3, "{}: {sentences} sentences", term.term);
            assert!(text.ends_with('.'), "{}: the explanation is a sentence", term.term);
            assert!(!term.term.trim().is_empty() && term.term == term.term.trim(), "{:?}", term.term);
            if let Some(example) = &term.example {
                assert!(!example.trim().is_empty(), "{}: empty example", term.term);
            }
        }
    }

    #[test]
    fn parse_errors_say_where() {
        let err = Glossary::parse("[\n    (term: \"WAF\", explanation: 12),\n]").unwrap_err();
        assert!(err.starts_with("2:"), "{err}");
        let twice = "[\n  (term: \"WAF\", explanation: \"A filter.\"),\n  (term: \"Firewall\", aliases: [\"waf\"], explanation: \"A filter.\"),\n]";
        let err = Glossary::parse(twice).unwrap_err();
        assert!(err.starts_with("3:32:"), "{err}");
        assert!(err.contains("\"waf\" is listed twice"), "{err}");
        let err = Glossary::parse("[(term: \"WAF\", explanation: \" \")]").unwrap_err();
        assert!(err.contains("no explanation"), "{err}");
        assert!(Glossary::parse("").is_err());
    }

    #[test]
    fn lookup_finds_terms_and_aliases_in_any_case() {
        let glossary = glossary();
        assert_eq!(glossary.lookup("IAM role").map(|t| t.term.as_str()), Some("IAM role"));
        assert_eq!(glossary.lookup("  iam   ROLE ").map(|t| t.term.as_str()), Some("IAM role"));
        assert_eq!(glossary.lookup("jwt").map(|t| t.term.as_str()), Some("Token"));
        assert_eq!(glossary.lookup("Web Application Firewall").map(|t| t.term.as_str()), Some("WAF"));
        assert_eq!(glossary.lookup("throttling").map(|t| t.term.as_str()), Some("Rate limiting"));
        assert_eq!(glossary.lookup("functions").map(|t| t.term.as_str()), Some("Function"));
        assert_eq!(glossary.lookup("Bucket policies").map(|t| t.term.as_str()), Some("IAM policy"));
        assert!(glossary.lookup("pancake").is_none());
        assert!(glossary.lookup("").is_none());
    }

    #[test]
    fn search_puts_term_matches_first() {
        let glossary = glossary();
        let hits = names(&glossary.search("ENCRYPTION"));
        assert_eq!(hits[..3], ["Encryption", "Encryption at rest", "Encryption in transit"]);
        // Found only through its explanation ("The encryption behind HTTPS"), so after those.
        let tls = hits.iter().position(|t| t == "TLS").unwrap();
        assert!(tls >= 3, "{hits:?}");
        // An alias match comes before an explanation match.
        let hits = names(&glossary.search("firewall"));
        assert_eq!(hits.first().map(String::as_str), Some("WAF"), "{hits:?}");
        assert!(hits.iter().any(|t| t == "Event injection"), "{hits:?}");
        // A blank query lists everything, alphabetically.
        assert_eq!(names(&glossary.search(" ")), names(&glossary.terms().iter().collect::<Vec<_>>()));
        assert!(glossary.search("zzzz-no-such-word").is_empty());
    }

    #[test]
    fn terms_in_finds_whole_words_once_in_order() {
        let glossary = glossary();
        let found = names(&glossary.terms_in("Give each Lambda function its own IAM role; a shared IAM role hurts."));
        assert_eq!(found, ["Function", "IAM role"]);
        // Not inside other words.
        assert!(glossary.terms_in("Her parole officer ordered waffles and dnsmasq.").is_empty());
        assert!(names(&glossary.terms_in("Wafer-thin roles")).iter().all(|t| t != "WAF"));
        // The longest overlapping name wins, plurals count, and hyphenated words stay whole.
        let found = names(&glossary.terms_in("Turn on encryption at rest for buckets used by signed-in users."));
        assert_eq!(found, ["Encryption at rest", "Object storage"]);
        let found = names(&glossary.terms_in("Two IAM roles share resource policies, and wildcards."));
        assert_eq!(found, ["IAM role", "IAM policy", "Wildcard permissions"]);
        assert!(glossary.terms_in("").is_empty());
        assert!(glossary.terms_in("ÄÖÜ — İstanbul ✓").is_empty());
    }

    #[test]
    fn every_word_the_app_leans_on_is_explained() {
        let glossary = glossary();
        let mut words: Vec<String> = Vec::new();
        words.extend(Stride::ALL.iter().map(|s| s.label().to_owned()));
        words.extend(MitigationFamily::ALL.iter().map(|f| f.label().to_owned()));
        words.extend(SeedCategory::ALL.iter().map(|c| c.label().to_owned()));
        words.extend(Compliance::ALL.iter().map(|c| c.short_name().to_owned()));
        // Everyday words among the kind names need no entry.
        let everyday = ["user", "browser", "mobile_app"];
        let kinds = KindCatalog::builtin().kinds.iter().filter(|k| !everyday.contains(&k.id.as_str()));
        words.extend(kinds.map(|k| k.name.clone()));
        words.extend(
            [
                "STRIDE",
                "threat model",
                "trust boundary",
                "data flow",
                "least privilege",
                "denial of wallet",
                "WAF",
                "authorizer",
                "IAM role",
                "encryption at rest",
                "encryption in transit",
                "TLS",
                "HTTPS",
                "identity provider",
                "likelihood",
                "impact",
                "risk",
                "residual risk",
                "risk matrix",
                "attack surface",
                "mitigation",
                "rate limiting",
                "dead-letter queue",
                "secrets store",
                "environment variables",
                "injection",
                "event injection",
                "webhook",
                "signature",
                "JWT",
                "MFA",
                "dependency scanning",
                "backup",
                "versioning",
                "bucket",
                "topic",
                "CDN",
            ]
            .map(str::to_owned),
        );
        let missing: Vec<&String> = words.iter().filter(|w| glossary.lookup(w).is_none()).collect();
        assert!(missing.is_empty(), "no glossary entry for {missing:?}");
    }
}
