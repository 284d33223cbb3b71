//! A name or type as lowercase words, to look for hints in when telling an element's kind
//! from what another tool calls it ("Orders DB" has the word "db"; "rapid" has no "api").

/// A name as lowercase words, to look for hints in ("Orders DB" has the word "db").
pub(crate) struct Words(String);

impl Words {
    pub fn of(name: &str) -> Self {
        let mut words = String::from(" ");
        for word in name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            words.push_str(&word.to_lowercase());
            words.push(' ');
        }
        Self(words)
    }

    /// The phrase appears as whole words, or with a plural "s".
    pub fn has(&self, phrase: &str) -> bool {
        self.0.contains(&format!(" {phrase} ")) || self.0.contains(&format!(" {phrase}s "))
    }

    /// Any of the comma-separated phrases.
    pub fn has_any(&self, phrases: &str) -> bool {
        phrases.split(',').map(str::trim).any(|p| self.has(p))
    }
}
