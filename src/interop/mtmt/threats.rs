//! Threat instances as threats of one's own (`own-N`) on the flow the tool generated them for
//! (or the element, for a threat without a flow); state, priority and justification become the
//! decision under `own-N@target`, as Threat Dragon's threats do.

use std::collections::{BTreeMap, HashMap};

use roxmltree::Node;

use super::import::SurfaceImport;
use super::mapping::{self, Rating};
use super::stencil::clean;
use super::xml::{child, elements, error_at, is_nil_guid, text, text_of};
use crate::interop::format::FormatError;
use crate::model::{Decision, ElementType, OwnThreat, Stride, ThreatKey, ThreatStatus};

/// The reason given to a Not applicable threat that came without a justification.
const IMPORTED_REASON: &str = "Imported from the Microsoft Threat Modeling Tool";

/// One `ThreatInstances` entry, read into its parts.
pub(super) struct ThreatInstance {
    /// The diagram it belongs to.
    pub surface: String,
    flow: String,
    source: String,
    target: String,
    type_id: String,
    state: String,
    justification: String,
    priority: String,
    title: String,
    category: String,
    description: String,
    mitigations: String,
}

impl ThreatInstance {
    pub fn read(entry: Node) -> Result<Self, FormatError> {
        let node = child(entry, "Value").ok_or_else(|| error_at(entry, "a threat instance has no Value"))?;
        // What the user edited lives in Properties; the fields of the same name are often nil.
        let properties: HashMap<String, String> = child(node, "Properties")
            .into_iter()
            .flat_map(elements)
            .map(|pair| (text_of(pair, "Key"), child(pair, "Value").map(text).unwrap_or_default()))
            .collect();
        let field = |name: &str| {
            let said = properties.get(name).cloned().unwrap_or_default();
            if said.is_empty() { text_of(node, name) } else { said }
        };
        Ok(Self {
            surface: text_of(node, "DrawingSurfaceGuid"),
            flow: text_of(node, "FlowGuid"),
            source: text_of(node, "SourceGuid"),
            target: text_of(node, "TargetGuid"),
            type_id: text_of(node, "TypeId"),
            state: text_of(node, "State"),
            justification: text_of(node, "StateInformation"),
            priority: field("Priority"),
            title: clean(&field("Title")),
            category: field("UserThreatCategory"),
            description: field("UserThreatDescription"),
            mitigations: field("PossibleMitigations"),
        })
    }
}

/// Where a threat goes: the flow or element id, and its STRIDE type for a default category.
struct Placed {
    target: String,
    element_type: Option<ElementType>,
}

impl SurfaceImport<'_> {
    pub(super) fn add_threats(&mut self, threats: Vec<ThreatInstance>) {
        // Threats that could not be placed, by the reason, and how many.
        let mut lost: BTreeMap<String, usize> = BTreeMap::new();
        let mut unknown_states: BTreeMap<String, usize> = BTreeMap::new();
        let mut unknown_priorities: BTreeMap<String, usize> = BTreeMap::new();
        let mut untitled = 0;
        for threat in threats {
            let placed = match self.place(&threat) {
                Ok(placed) => placed,
                Err(why) => {
                    *lost.entry(why).or_default() += 1;
                    continue;
                }
            };
            let mut title = threat.title.clone();
            if title.is_empty() {
                title = "Untitled threat".to_owned();
                untitled += 1;
            }
            let status = mapping::status_for(&threat.state).unwrap_or_else(|| {
                *unknown_states.entry(threat.state.clone()).or_default() += 1;
                ThreatStatus::Open
            });
            let (likelihood, impact) = match mapping::rating_for(&threat.priority) {
                Rating::Rated(likelihood, impact) => (Some(likelihood), Some(impact)),
                Rating::Unrated => (None, None),
                Rating::Unknown => {
                    *unknown_priorities.entry(threat.priority.clone()).or_default() += 1;
                    (None, None)
                }
            };
            // The justification is the reason where the status needs one, else the notes.
            let (reason, notes) = match (status.needs_reason(), threat.justification.clone()) {
                (true, said) if said.is_empty() => (IMPORTED_REASON.to_owned(), said),
                (true, said) => (said, String::new()),
                (false, said) => (String::new(), said),
            };
            let stride = self.stride_of(&threat, placed.element_type);

            self.next_own += 1;
            let id = format!("own-{}", self.next_own);
            let decision = Decision { status, reason, notes, likelihood, impact, ..Decision::default() };
            if !decision.is_default() {
                self.model.decisions.insert(ThreatKey::new(&id, &placed.target).to_string(), decision);
            }
            let description = description_of(&threat);
            let category = stride.seed_category();
            let own = OwnThreat { id, target: placed.target, title, description, stride, category };
            self.model.own_threats.push(own);
        }
        self.threat_notes(lost, unknown_states, unknown_priorities, untitled);
    }

    /// The flow the threat was generated for; a threat without a flow goes on its target
    /// element, else its source. `Err` says why it has no place here.
    fn place(&self, threat: &ThreatInstance) -> Result<Placed, String> {
        if !is_nil_guid(&threat.flow) {
            if let Some(flow) = self.flows.get(&threat.flow) {
                return Ok(Placed { target: flow.clone(), element_type: None });
            }
            return Err(match self.left_out_flows.get(&threat.flow) {
                Some(label) => format!("on the {label}, which was left out,"),
                None => format!("on the flow {}, which is not in the diagram,", threat.flow),
            });
        }
        for guid in [&threat.target, &threat.source] {
            if let Some(element) = self.elements.get(guid).and_then(|&at| self.model.elements.get(at)) {
                let element_type = self.kinds.kind(&element.kind).map(|k| k.element_type);
                return Ok(Placed { target: element.id.to_string(), element_type });
            }
        }
        Err("on no flow or element of the diagram".to_owned())
    }

    /// The threat's own category, else its threat type's in the knowledge base; else, as
    /// Threat Dragon does for a new threat, Spoofing on external entities and processes and
    /// Tampering on flows and stores, counted for a note.
    fn stride_of(&mut self, threat: &ThreatInstance, element_type: Option<ElementType>) -> Stride {
        let by_kb = || self.threat_types.category(&threat.type_id).and_then(mapping::stride_for);
        if let Some(stride) = mapping::stride_for(&threat.category).or_else(by_kb) {
            return stride;
        }
        *self.defaulted.entry(threat.category.clone()).or_default() += 1;
        match element_type {
            Some(ElementType::ExternalEntity | ElementType::Process) => Stride::Spoofing,
            _ => Stride::Tampering,
        }
    }

    fn threat_notes(
        &mut self,
        lost: BTreeMap<String, usize>,
        unknown_states: BTreeMap<String, usize>,
        unknown_priorities: BTreeMap<String, usize>,
        untitled: usize,
    ) {
        let imported = self.model.own_threats.len();
        if imported > 0 {
            self.notes.push(format!(
                "Threats the tool generated or the user added ({imported}) were imported as threats of one's own, with \
                their state, priority (as the rating) and justification; ThreatSketch also suggests threats from its \
                own rules, which may repeat some of them."
            ));
        }
        for (why, count) in lost {
            self.notes.push(format!("Threats {why} were not imported ({count})."));
        }
        for (state, count) in unknown_states {
            self.notes.push(format!(
                "Threats with the state \"{state}\", which the tool does not use, were taken as Open ({count})."
            ));
        }
        for (priority, count) in unknown_priorities {
            self.notes.push(format!(
                "Threats with the priority \"{priority}\", which the tool does not use, were left unrated ({count})."
            ));
        }
        if untitled > 0 {
            self.notes.push(format!("Threats without a title were called 'Untitled threat' ({untitled})."));
        }
        for (category, count) in std::mem::take(&mut self.defaulted) {
            let which = if category.is_empty() {
                "without a category".to_owned()
            } else {
                format!("of the category \"{category}\"")
            };
            self.notes.push(format!(
                "Threats {which} ({count}) have no STRIDE counterpart: those on external entities and processes were \
                taken as Spoofing, the others as Tampering."
            ));
        }
    }
}

/// The description, and the tool's possible mitigations as plain text.
fn description_of(threat: &ThreatInstance) -> String {
    let mitigations = plain(&threat.mitigations);
    let parts = [threat.description.trim().to_owned(), mitigations];
    match parts {
        [d, m] if m.is_empty() => d,
        [d, m] if d.is_empty() => format!("Possible mitigations: {m}"),
        [d, m] => format!("{d}\n\nPossible mitigations: {m}"),
    }
}

/// The text with HTML tags taken out (the knowledge base writes links as `<a href=…>…</a>`).
fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        // A tag starts with a letter or a slash; "a < b" is text.
        let opens = c == '<' && chars.peek().is_some_and(|n| n.is_ascii_alphabetic() || *n == '/');
        match c {
            _ if opens => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    clean(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_become_their_text() {
        let html = "Restrict access. Refer: <a href=\"https://aka.ms/tmt-th153\">https://aka.ms/tmt-th153</a>";
        assert_eq!(plain(html), "Restrict access. Refer: https://aka.ms/tmt-th153");
        assert_eq!(plain("a < b and <b>c</b>"), "a < b and c");
    }
}
