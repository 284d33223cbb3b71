//! Data flows: both ends must lead to an element, else the flow is left out with the reason; a
//! flow both ways becomes two; one over a public network makes its receiver internet-facing.

use serde_json::Value;

use super::DiagramImport;
use super::cells::Parsed;
use crate::interop::threat_dragon::ImportError;
use crate::interop::threat_dragon::mapping::CellType;
use crate::model::{ElementType, Flow, FlowId, Tri};

/// Why a flow end does not lead to an element.
enum LooseEnd {
    Free,
    Missing(String),
    NotAnElement(String),
}

/// The id of the cell an edge end is attached to: v2 names it `cell`, v1 `id`; an end without
/// either is a free point.
pub(super) fn attached_cell(end: Option<&Value>) -> Option<&str> {
    let cell = end.and_then(|e| e.get("cell").or_else(|| e.get("id"))).and_then(Value::as_str).map(str::trim);
    cell.filter(|c| !c.is_empty())
}

impl DiagramImport {
    /// The element a flow end leads to, by its place in `model.elements`.
    fn loose_end(&self, end: Option<&Value>) -> Result<usize, LooseEnd> {
        let Some(cell) = attached_cell(end) else {
            return Err(LooseEnd::Free);
        };
        if let Some(&at) = self.elements.get(cell) {
            return Ok(at);
        }
        Err(match self.others.get(cell) {
            Some(label) => LooseEnd::NotAnElement(label.clone()),
            None => LooseEnd::Missing(cell.to_owned()),
        })
    }

    pub(super) fn add_flow(&mut self, cell: &Parsed) -> Result<(), ImportError> {
        let (from, to) = match (self.loose_end(cell.source.as_ref()), self.loose_end(cell.target.as_ref())) {
            (Ok(from), Ok(to)) => (from, to),
            (Err(problem), _) => {
                self.left_out_flow(cell, "source", problem);
                return Ok(());
            }
            (_, Err(problem)) => {
                self.left_out_flow(cell, "target", problem);
                return Ok(());
            }
        };
        let [from_element, to_element] = [from, to].map(|at| &self.model.elements[at]);
        let label = if cell.name.is_empty() {
            format!("unnamed data flow from '{}' to '{}'", from_element.name, to_element.name)
        } else {
            cell.label()
        };
        let (from_id, to_id) = (from_element.id.clone(), to_element.id.clone());
        let extension = self.extension(cell);
        let id = FlowId::new(self.claim_noted(cell, FlowId::PREFIX));
        let data = &cell.data;
        let mut flow = Flow::new(id.clone(), from_id, to_id, cell.name.clone());
        flow.protocol = data.protocol.trim().to_owned();
        flow.encrypted = match data.is_encrypted {
            Some(true) => Tri::Yes,
            Some(false) => Tri::No,
            None => Tri::Unknown,
        };
        if let Some(extension) = &extension {
            let asked = |property: &str| self.kinds.flow_properties.iter().any(|p| p == property);
            flow.properties = self.answers_kept(&extension.properties, asked, &cell.label());
            flow.authenticated = extension.authenticated;
            flow.data = extension.data.iter().copied().collect();
        }
        // Our export derives the flag from boundaries and answers; read back, it would add answers.
        if data.is_public_network && extension.is_none() {
            let receivers: &[usize] = if data.is_bidirectional { &[to, from] } else { &[to] };
            self.public_network(receivers, &label);
        }
        if data.out_of_scope {
            let reason = data.reason_out_of_scope.trim();
            let because = if reason.is_empty() { String::new() } else { format!(" (\"{reason}\")") };
            self.notes.push(format!(
                "The {label} is out of scope in Threat Dragon{because}; ThreatSketch has no such setting, so it was \
                kept."
            ));
        }
        if !data.description.trim().is_empty() {
            self.notes.push(format!(
                "The description of the {label} was not kept: ThreatSketch flows have none. It said: \"{}\"",
                data.description.trim()
            ));
        }
        if data.is_bidirectional {
            // Both directions are threat-modelled here: the reverse flow gets the same answers.
            let (back_id, _) = self.claim(Some(&format!("{id}-reverse")), FlowId::PREFIX);
            let mut back = flow.clone();
            back.id = FlowId::new(back_id);
            std::mem::swap(&mut back.from, &mut back.to);
            self.notes.push(format!(
                "The {label} goes both ways in Threat Dragon; ThreatSketch flows go one way, so a second flow was \
                added in the other direction (the threats stay on the first)."
            ));
            self.model.flows.push(flow);
            self.model.flows.push(back);
        } else {
            self.model.flows.push(flow);
        }
        self.threats(cell, id.as_str(), CellType::Flow, None, &label)
    }

    fn left_out_flow(&mut self, cell: &Parsed, end: &str, problem: LooseEnd) {
        let why = match problem {
            LooseEnd::Free => format!("its {end} is not attached to an element"),
            LooseEnd::Missing(id) => format!("its {end} is the cell '{id}', which is not in the diagram"),
            LooseEnd::NotAnElement(what) => format!("its {end} is the {what}, not an element"),
        };
        let threats = match cell.data.threats.len() {
            0 => String::new(),
            1 => " Its threat was not imported.".to_owned(),
            n => format!(" Its {n} threats were not imported."),
        };
        self.notes.push(format!("The {} was left out: {why}.{threats}", cell.label()));
    }

    /// A flow over a public network: whatever receives it (by place in `model.elements`) can be
    /// reached from the internet.
    fn public_network(&mut self, receivers: &[usize], label: &str) {
        for &receiver in receivers {
            let element = &mut self.model.elements[receiver];
            let kind = self.kinds.kind(&element.kind);
            if kind.is_some_and(|k| k.properties.iter().any(|p| p == "internet_facing")) {
                if element.property("internet_facing").is_unknown() {
                    element.set_property("internet_facing", Tri::Yes);
                    self.notes.push(format!(
                        "The {label} crosses a public network in Threat Dragon, so '{}' was marked as reachable from \
                        the internet.",
                        element.name
                    ));
                }
            } else if kind.is_some_and(|k| k.element_type != ElementType::ExternalEntity) {
                // Users and browsers are on the internet anyway; nothing to say about them.
                self.notes.push(format!(
                    "The {label} crosses a public network in Threat Dragon; '{}' has no question \"Reachable from the \
                    internet\" here. Put it in an Internet boundary if it matters.",
                    element.name
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interop::threat_dragon::import::tests::{diagram, node};
    use crate::model::BoundaryKind;

    #[test]
    fn flows_to_boundaries_text_or_nowhere_are_left_out_with_the_reason() {
        let boundary = serde_json::json!({
            "id": "b", "shape": "trust-boundary-box",
            "position": { "x": -50, "y": -50 }, "size": { "width": 400, "height": 300 },
            "data": { "type": "tm.BoundaryBox", "name": "VPC" }
        });
        let to = |target: Value| {
            serde_json::json!({
                "shape": "flow", "source": { "cell": "x" }, "target": target,
                "data": { "type": "tm.Flow", "name": "Call", "threats": [ { "title": "T" } ] }
            })
        };
        let cells = serde_json::json!([
            node("x", "User"),
            boundary,
            to(serde_json::json!({ "cell": "b" })),
            to(serde_json::json!({ "cell": "gone" })),
            to(serde_json::json!({ "x": 1, "y": 2 }))
        ]);
        let imported = diagram(&cells);
        assert!(imported.model.flows.is_empty());
        assert_eq!(imported.model.boundaries[0].kind, BoundaryKind::PrivateNetwork, "a VPC");
        let notes = imported.notes.join("\n");
        let not_an_element = "its target is the trust boundary 'VPC', not an element. Its threat was not imported.";
        assert!(notes.contains(not_an_element), "{notes}");
        assert!(notes.contains("its target is the cell 'gone', which is not in the diagram"), "{notes}");
        assert!(notes.contains("its target is not attached to an element"), "{notes}");
    }
}
