//! The ids of imported elements, flows and boundaries (the cell's own when it is free, else a
//! fresh one, with a note), and what the other cells were, for flows that end on them. The
//! export's UUIDs are in `threat_dragon/ids.rs`.

use super::DiagramImport;
use super::cells::Parsed;

impl DiagramImport {
    /// The cell's own id when it is free, else a new one like "e4"; the bool says it changed.
    pub(super) fn claim(&mut self, wanted: Option<&str>, prefix: &str) -> (String, bool) {
        // Decisions are keyed `threat@target`: an id with an @ would split wrongly.
        if let Some(wanted) = wanted
            && !wanted.contains('@')
            && self.used.insert(wanted.to_owned())
        {
            return (wanted.to_owned(), false);
        }
        // The lowest free number only grows, as ids are only ever taken: each search goes on
        // from where the last one with this prefix stopped, so giving out n ids costs O(n).
        let start = self.next_fresh.get(prefix).copied().unwrap_or(1);
        let (number, fresh) = (start..)
            .map(|n| (n, format!("{prefix}{n}")))
            .find(|(_, id)| !self.used.contains(id) && !self.reserved.contains(id))
            .unwrap_or_default();
        self.next_fresh.insert(prefix.to_owned(), number + 1);
        self.used.insert(fresh.clone());
        (fresh, true)
    }

    pub(super) fn claim_noted(&mut self, cell: &Parsed, prefix: &str) -> String {
        let (id, changed) = self.claim(cell.id.as_deref(), prefix);
        self.found(cell.id.as_deref(), || id.clone());
        if changed {
            let label = cell.label();
            self.notes.push(match &cell.id {
                Some(old) if old.contains('@') => {
                    format!(
                        "The {label} has the id '{old}', which cannot contain '@' here; it was given the id '{id}'."
                    )
                }
                Some(old) => format!("The {label} has the id '{old}' of another cell; it was given the id '{id}'."),
                None => format!("The {label} has no id; it was given the id '{id}'."),
            });
        }
        id
    }

    pub(super) fn remember(&mut self, cell: &Parsed) {
        if let Some(id) = &cell.id {
            self.others.entry(id.clone()).or_insert_with(|| cell.label());
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::interop::threat_dragon::import::tests::{diagram, node};

    #[test]
    fn clashing_and_unusable_ids_are_replaced_and_flows_keep_the_first() {
        let flow = serde_json::json!({
            "id": "f", "shape": "flow", "source": { "cell": "x" }, "target": { "cell": "a@b" },
            "data": { "type": "tm.Flow", "name": "Call" }
        });
        let imported =
            diagram(&serde_json::json!([node("x", "First"), node("x", "Second"), node("a@b", "Third"), flow]));
        let ids: Vec<&str> = imported.model.elements.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["x", "e1", "e2"]);
        let flow = &imported.model.flows[0];
        assert_eq!((flow.from.as_str(), flow.to.as_str()), ("x", "e2"));
        let renamed = imported.notes.iter().filter(|n| n.contains("it was given the id")).count();
        assert_eq!(renamed, 2, "{:?}", imported.notes);
    }
}
