//! Sentences built from parts: counts with the right plural, "a" or "an", a label lowered for
//! the middle of a sentence. One place, so "1 flows" or "a API gateway" cannot creep back in
//! one screen while another is fixed.

/// "1 threat", "3 threats", "0 threats".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// "1 flow crosses", "2 flows cross": a count and its verb agree too.
pub fn count_with_verb(n: usize, one: &str, many: &str, verb_one: &str, verb_many: &str) -> String {
    format!("{} {}", count(n, one, many), if n == 1 { verb_one } else { verb_many })
}

/// A label lowered for the middle of a sentence: "Object storage" → "object storage", while an
/// abbreviation keeps its capitals: "API gateway" stays, "CDN" stays.
pub fn lower_first(label: &str) -> String {
    let mut chars = label.chars();
    let Some(first) = chars.next() else {
        return String::new();
    };
    let second = chars.clone().next();
    if second.is_some_and(char::is_uppercase) {
        return label.to_owned();
    }
    first.to_lowercase().chain(chars).collect()
}

/// The noun with "a" or "an" in front, by how it sounds: "an API gateway", "a CDN", "an
/// object store", "a user", "an hour".
pub fn with_article(noun: &str) -> String {
    format!("{} {noun}", article(noun))
}

fn article(noun: &str) -> &'static str {
    let word: String = noun.chars().take_while(|c| c.is_alphanumeric()).collect();
    let lower = word.to_lowercase();
    let Some(first) = lower.chars().next() else {
        return "a";
    };
    let is_abbreviation = word.chars().count() > 1 && word.chars().all(|c| c.is_uppercase() || c.is_ascii_digit());
    if is_abbreviation {
        // Said letter by letter: "an API", "an S3 bucket", "a CDN".
        return if "aefhilmnorsx".contains(first) { "an" } else { "a" };
    }
    // Spelt with a vowel but said with a consonant, and the other way round.
    const SAID_WITH_Y_OR_W: [&str; 6] = ["uni", "use", "usu", "user", "one", "eu"];
    const SILENT_H: [&str; 3] = ["hour", "honest", "honour"];
    if SAID_WITH_Y_OR_W.iter().any(|p| lower.starts_with(p)) {
        return "a";
    }
    if SILENT_H.iter().any(|p| lower.starts_with(p)) || "aeiou".contains(first) {
        return "an";
    }
    "a"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_agree_with_their_number() {
        assert_eq!(count(1, "flow", "flows"), "1 flow");
        assert_eq!(count(0, "flow", "flows"), "0 flows");
        assert_eq!(count(2, "trust boundary", "trust boundaries"), "2 trust boundaries");
        assert_eq!(count_with_verb(1, "flow", "flows", "crosses", "cross"), "1 flow crosses");
        assert_eq!(count_with_verb(3, "flow", "flows", "crosses", "cross"), "3 flows cross");
    }

    #[test]
    fn abbreviations_keep_their_capitals() {
        assert_eq!(lower_first("API gateway"), "API gateway");
        assert_eq!(lower_first("CDN"), "CDN");
        assert_eq!(lower_first("Object storage"), "object storage");
        assert_eq!(lower_first("Denial of service"), "denial of service");
        assert_eq!(lower_first("A"), "a");
        assert_eq!(lower_first(""), "");
    }

    #[test]
    fn the_article_follows_the_sound() {
        let cases = [
            ("API gateway", "an"),
            ("CDN", "a"),
            ("S3 bucket", "an"),
            ("SQS queue", "an"),
            ("user", "a"),
            ("User", "a"),
            ("authorizer / identity provider", "an"),
            ("external entity", "an"),
            ("object storage", "an"),
            ("function", "a"),
            ("hour", "an"),
            ("unique id", "a"),
            ("undo step", "an"),
            ("queue / topic / event bus", "a"),
            ("", "a"),
        ];
        for (noun, expected) in cases {
            assert_eq!(article(noun), expected, "{noun}");
        }
        assert_eq!(with_article("API gateway"), "an API gateway");
    }
}
