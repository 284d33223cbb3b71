//! A stated fact about an element or flow: yes, no, one option of a choice, or a whole number.
//! Unknown is the absence of an answer, so files list only what someone answered.

use std::collections::BTreeMap;
use std::fmt;

use serde::de::{self, Deserializer};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use super::Tri;

/// One answer. In the file: `Yes`, `No`, an option id as a string (`"jwt"`) or a number (`30`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Answer {
    Yes,
    No,
    /// The id of one option of a choice ("jwt", "tls1_2").
    Choice(String),
    /// A whole number in the property's unit (seconds, days, minutes, a count).
    Number(u32),
}

impl Answer {
    /// The yes/no reading of an answer; a choice or a number is no yes/no answer.
    pub fn tri(&self) -> Tri {
        match self {
            Self::Yes => Tri::Yes,
            Self::No => Tri::No,
            Self::Choice(_) | Self::Number(_) => Tri::Unknown,
        }
    }

    /// A yes/no answer, or nothing for unknown.
    pub fn from_tri(tri: Tri) -> Option<Self> {
        match tri {
            Tri::Yes => Some(Self::Yes),
            Tri::No => Some(Self::No),
            Tri::Unknown => None,
        }
    }

    pub fn choice(id: impl Into<String>) -> Self {
        Self::Choice(id.into())
    }
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Yes => f.write_str("Yes"),
            Self::No => f.write_str("No"),
            Self::Choice(id) => f.write_str(id),
            Self::Number(n) => write!(f, "{n}"),
        }
    }
}

impl Serialize for Answer {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            // A unit variant, so RON writes `Yes` as every earlier version did.
            Self::Yes => serializer.serialize_unit_variant("Answer", 0, "Yes"),
            Self::No => serializer.serialize_unit_variant("Answer", 1, "No"),
            Self::Choice(id) => serializer.serialize_str(id),
            Self::Number(n) => serializer.serialize_u32(*n),
        }
    }
}

/// An answer as read: `Unknown` may be written out and means no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MaybeAnswer(pub Option<Answer>);

const EXPECTED: &str = "Yes, No, Unknown, an option in quotes (\"jwt\") or a whole number";

/// The shapes an answer can take in a file. Untagged, because only that way does RON tell a
/// bare `Yes` from a bare `No` (its `deserialize_any` reads both as a unit).
#[derive(Deserialize)]
#[serde(untagged)]
enum Written {
    Said(super::Tri),
    Number(u32),
    Option(String),
}

impl<'de> Deserialize<'de> for MaybeAnswer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Self(match Written::deserialize(deserializer)? {
            Written::Said(tri) => Answer::from_tri(tri),
            Written::Number(n) => Some(Answer::Number(n)),
            Written::Option(id) if id.trim().is_empty() => {
                return Err(de::Error::invalid_value(de::Unexpected::Str(&id), &EXPECTED));
            }
            // "Yes" in quotes, as JSON writes it, is still yes.
            Written::Option(id) => match id.as_str() {
                "Yes" => Some(Answer::Yes),
                "No" => Some(Answer::No),
                "Unknown" => None,
                _ => Some(Answer::Choice(id)),
            },
        }))
    }
}

impl<'de> Deserialize<'de> for Answer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        MaybeAnswer::deserialize(deserializer)?
            .0
            .ok_or_else(|| de::Error::invalid_value(de::Unexpected::Str("Unknown"), &"a stated answer"))
    }
}

/// Answers by property id. Unknown answers are left out.
pub type Answers = BTreeMap<String, Answer>;

/// Reads an answer map, dropping any `Unknown` written out by hand or by an older version.
pub fn deserialize_answers<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Answers, D::Error> {
    let read: BTreeMap<String, MaybeAnswer> = BTreeMap::deserialize(deserializer)?;
    Ok(read.into_iter().filter_map(|(property, answer)| Some((property, answer.0?))).collect())
}

/// Sets or clears one answer in a map.
pub fn set_answer(answers: &mut Answers, property: &str, answer: Option<Answer>) {
    match answer {
        Some(answer) => {
            answers.insert(property.to_owned(), answer);
        }
        None => {
            answers.remove(property);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[derive(Debug, Serialize, Deserialize, PartialEq)]
    struct Holder {
        #[serde(deserialize_with = "deserialize_answers")]
        properties: Answers,
    }

    #[test]
    fn every_kind_of_answer_reads_and_writes_as_before() {
        let text = r#"(properties: {"a": Yes, "b": "jwt", "c": 30, "d": No, "e": Unknown, "f": 45})"#;
        let holder: Holder = ron::from_str(text).unwrap();
        assert_eq!(holder.properties.get("a"), Some(&Answer::Yes));
        assert_eq!(holder.properties.get("b"), Some(&Answer::choice("jwt")));
        assert_eq!(holder.properties.get("c"), Some(&Answer::Number(30)));
        assert_eq!(holder.properties.get("d"), Some(&Answer::No));
        assert_eq!(holder.properties.get("e"), None, "unknown is no answer");
        assert_eq!(holder.properties.get("f"), Some(&Answer::Number(45)));
        let written = ron::to_string(&holder).unwrap();
        assert_eq!(written, r#"(properties:{"a":Yes,"b":"jwt","c":30,"d":No,"f":45})"#);
        assert_eq!(ron::from_str::<Holder>(&written).unwrap(), holder);
    }

    #[test]
    fn json_answers_read_and_write_too() {
        let holder: Holder = serde_json::from_str(r#"{"properties": {"a": "Yes", "b": "iam", "c": 7}}"#).unwrap();
        assert_eq!(holder.properties.get("a"), Some(&Answer::Yes));
        assert_eq!(holder.properties.get("b"), Some(&Answer::choice("iam")));
        assert_eq!(serde_json::to_string(&holder).unwrap(), r#"{"properties":{"a":"Yes","b":"iam","c":7}}"#);
    }

    #[test]
    fn bad_answers_say_what_was_expected_and_where() {
        for bad in [
            r#"(properties: {"a": -3})"#,
            r#"(properties: {"a": 2.5})"#,
            r#"(properties: {"a": [1]})"#,
            r#"(properties: {"a": ""})"#,
        ] {
            let err = ron::from_str::<Holder>(bad).unwrap_err();
            assert_eq!(err.span.start.line, 1, "{bad}: {err}");
            assert!(err.span.start.col > 15, "{bad}: {err}");
        }
    }
}
