//! Reading loosely typed JSON with errors that say where: Threat Dragon files carry `null` where
//! a text or flag is expected and leave fields out, which is tolerated; a wrong type is not, and
//! is reported with the field it is in.

use serde::de::DeserializeOwned;
use serde::de::{MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::ImportError;

/// For `deserialize_with`: a `null` reads as the default, like a missing field.
pub(super) fn nullable<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Ok(Option::<T>::deserialize(deserializer)?.unwrap_or_default())
}

/// Reads `value` as `T`, a struct whose fields all have defaults. On failure the error names
/// the offending field: each field is tried alone until one fails (only on the error path).
pub(super) fn parse<T: DeserializeOwned>(value: &Value, at: &str) -> Result<T, ImportError> {
    let err = match T::deserialize(value) {
        Ok(parsed) => return Ok(parsed),
        Err(err) => err,
    };
    let Value::Object(fields) = value else {
        return Err(ImportError::shape(at, format!("expected an object, found {}", describe(value))));
    };
    for (key, field) in fields {
        let alone = Value::Object(Map::from_iter([(key.clone(), field.clone())]));
        if let Err(field_err) = T::deserialize(&alone) {
            return Err(ImportError::shape(format!("{at}, field '{key}'"), field_err.to_string()));
        }
    }
    Err(ImportError::shape(at, err.to_string()))
}

/// Any JSON, checked as strictly as `Value` reads it (numbers in range, escapes in texts whole,
/// nesting within the limit) and not kept: a typed reading skips unknown fields with lighter
/// checks, and must not take a file that loose JSON refuses.
pub(super) struct Checked;

impl<'de> Deserialize<'de> for Checked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(Checked)
    }
}

impl<'de> Visitor<'de> for Checked {
    type Value = Self;

    fn expecting(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str("any JSON value")
    }

    fn visit_bool<E>(self, _: bool) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_i64<E>(self, _: i64) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_u64<E>(self, _: u64) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_f64<E>(self, _: f64) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_str<E>(self, _: &str) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_unit<E>(self) -> Result<Self, E> {
        Ok(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self, A::Error> {
        while seq.next_element::<Self>()?.is_some() {}
        Ok(self)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self, A::Error> {
        while map.next_entry::<Self, Self>()?.is_some() {}
        Ok(self)
    }
}

/// "an array", "the number 5": what a value is, for messages.
pub(super) fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".to_owned(),
        Value::Bool(b) => format!("the flag {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(_) => "a text".to_owned(),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

/// The text at a JSON pointer, if it is a text: for display attributes, which are read when
/// present and ignored otherwise.
pub(super) fn text_at<'a>(value: Option<&'a Value>, pointer: &str) -> Option<&'a str> {
    value?.pointer(pointer)?.as_str()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Deserialize)]
    #[serde(default)]
    struct Probe {
        #[serde(deserialize_with = "nullable")]
        name: String,
        count: u32,
    }

    #[test]
    fn null_reads_as_default_and_a_wrong_type_names_its_field() {
        let ok: Probe = parse(&serde_json::json!({"name": null, "count": 2}), "here").unwrap();
        assert_eq!((ok.name.as_str(), ok.count), ("", 2));
        let err = parse::<Probe>(&serde_json::json!({"name": "x", "count": "two"}), "cell 'a'").unwrap_err();
        assert!(err.to_string().starts_with("cell 'a', field 'count': invalid type: string"), "{err}");
        let err = parse::<Probe>(&serde_json::json!([1]), "cell 'a'").unwrap_err();
        assert_eq!(err.to_string(), "cell 'a': expected an object, found an array");
    }
}
