//! The notes that speak for the diagram as a whole: text blocks that could not be carried over,
//! and the counts summed up at the end (names with line breaks, threat types of other
//! frameworks).

use super::DiagramImport;
use super::cells::Parsed;

impl DiagramImport {
    pub(super) fn add_texts(&mut self, texts: &[&Parsed]) {
        let kept = texts.iter().filter(|t| !t.name.is_empty()).count();
        match kept {
            0 => {}
            1 => self.notes.push(
                "A text block was added to the model description: ThreatSketch has no free text on the canvas."
                    .to_owned(),
            ),
            n => self.notes.push(format!(
                "{n} text blocks were added to the model description: ThreatSketch has no free text on the canvas."
            )),
        }
    }

    /// The notes that count over the whole diagram.
    pub(super) fn summarise(&mut self, empty: bool, title: &str) {
        if empty {
            self.notes.push(format!("The diagram '{title}' is empty in Threat Dragon."));
        }
        if self.names_with_breaks > 0 {
            let n = self.names_with_breaks;
            self.notes.push(if n == 1 {
                "The line breaks in one name were replaced by spaces.".to_owned()
            } else {
                format!("The line breaks in {n} names were replaced by spaces.")
            });
        }
        // Other frameworks' categories, once per category.
        for ((said, stride), count) in std::mem::take(&mut self.translated) {
            self.notes.push(format!("Threats {said} ({count}) were taken as STRIDE {}.", stride.label()));
        }
        for (said, count) in std::mem::take(&mut self.defaulted) {
            self.notes.push(format!(
                "Threats {said} ({count}) have no STRIDE counterpart: as Threat Dragon does for a new threat, those \
                on actors and processes were taken as Spoofing, the others as Tampering."
            ));
        }
    }
}
