//! ThreatSketch → Threat Composer: every threat of the analysis as a threat statement, the
//! decisions' notes and the rules' steps as mitigations linked to them, and the diagram as
//! plain text (Threat Composer keeps only a picture of it).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use super::json::{FileOut, InfoOut, MetadataOut, MetadataValue, MitigationLinkOut, MitigationOut, StatementOut};
use super::text::{self, fit};
use super::{STATUS_TAGS, TAG};
use crate::escape::markdown_inline;
use crate::interop::ids::derived_uuid;
use crate::model::{
    Element, ElementId, ElementType, Flow, FlowId, KindCatalog, Stride, Target, ThreatModel, ThreatStatus, Tri,
};
use crate::risk::RiskLevel;
use crate::threats::{Analysis, Origin, Threat};

/// Threat Composer's limits (its schema's `maxLength`), in UTF-16 units.
const FIELD: usize = 200;
const STATEMENT: usize = 1400;
const TAG_LENGTH: usize = 30;
const CONTENT: usize = 1000;
const DESCRIPTION: usize = 100_000;

/// Titles that name who acts before "could" or "can": what follows is already an action.
const ACTOR_OPENINGS: [&str; 8] = [
    "someone could ",
    "someone can ",
    "anyone could ",
    "anyone can ",
    "anyone on the internet could ",
    "anyone on the internet can ",
    "outsiders could ",
    "an attacker could ",
];

pub(super) fn export(model: &ThreatModel, analysis: &Analysis) -> String {
    let writer = Writer::new(model);
    let mut mitigations = Mitigations::default();
    let mut threats = Vec::with_capacity(analysis.threats.len());
    for (threat, number) in analysis.threats.iter().zip(1..) {
        let out = writer.statement(threat, number);
        mitigations.link(threat, &out.id);
        threats.push(out);
    }
    let file = FileOut {
        schema: 1,
        application_info: InfoOut {
            name: Some(fit(&model.name, FIELD)),
            description: fit(&model.description, DESCRIPTION),
        },
        architecture: InfoOut { name: None, description: fit(&writer.architecture(), DESCRIPTION) },
        dataflow: InfoOut { name: None, description: fit(&writer.dataflow(), DESCRIPTION) },
        assumptions: Vec::new(),
        mitigations: mitigations.list,
        assumption_links: Vec::new(),
        mitigation_links: mitigations.links,
        threats,
    };
    // Plain structs with text keys: serialising them cannot fail.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// The model looked up by id once, so that each threat finds its target without a scan.
struct Writer<'a> {
    model: &'a ThreatModel,
    elements: HashMap<&'a ElementId, &'a Element>,
    flows: HashMap<&'a FlowId, &'a Flow>,
    kinds: &'static KindCatalog,
}

impl<'a> Writer<'a> {
    fn new(model: &'a ThreatModel) -> Self {
        let elements = model.elements.iter().map(|e| (&e.id, e)).collect();
        let flows = model.flows.iter().map(|f| (&f.id, f)).collect();
        Self { model, elements, flows, kinds: KindCatalog::builtin() }
    }

    fn name(&self, id: &ElementId) -> String {
        self.elements.get(id).map_or_else(|| id.to_string(), |e| e.name.trim().to_owned())
    }

    /// What Threat Composer calls the impacted asset: the element, the flow between two
    /// elements, or the boundary.
    fn asset(&self, target: &Target) -> String {
        match target {
            Target::Element(id) => self.name(id),
            Target::Flow(id) => self.flows.get(id).map_or_else(
                || id.to_string(),
                |flow| {
                    let ends = format!("{} to {}", self.name(&flow.from), self.name(&flow.to));
                    let label = flow.label.trim();
                    if label.is_empty() { format!("the flow from {ends}") } else { format!("{label} from {ends}") }
                },
            ),
            Target::Boundary(id) => {
                self.model.boundary(id).map_or_else(|| id.to_string(), |b| b.name.trim().to_owned())
            }
        }
    }

    fn element_type(&self, id: &ElementId) -> Option<ElementType> {
        self.elements.get(id).and_then(|e| self.kinds.kind(&e.kind)).map(|k| k.element_type)
    }

    fn reachable(&self, id: &ElementId) -> bool {
        self.elements.get(id).is_some_and(|e| e.property("internet_facing") == Tri::Yes)
    }

    /// Who acts: someone on the internet when the target is reachable from it (or the title
    /// says so), an outsider on an external entity or what it sends, else someone inside.
    fn source(&self, threat: &Threat) -> &'static str {
        let from_outside = match &threat.target {
            Target::Element(id) => {
                if self.reachable(id) {
                    return "internet-based actor";
                }
                self.element_type(id) == Some(ElementType::ExternalEntity)
            }
            Target::Flow(id) => self.flows.get(id).is_some_and(|flow| {
                self.reachable(&flow.to) || self.element_type(&flow.from) == Some(ElementType::ExternalEntity)
            }),
            Target::Boundary(_) => false,
        };
        if threat.title().to_lowercase().starts_with("anyone on the internet") {
            "internet-based actor"
        } else if from_outside {
            "external actor"
        } else {
            "internal actor"
        }
    }

    fn statement(&self, threat: &Threat, number: usize) -> StatementOut {
        let asset = fit(&self.asset(&threat.target), FIELD);
        let title = threat.title().trim();
        let source = self.source(threat);
        let prerequisites = fit(&format!("with access to {asset}"), FIELD);
        let action = fit(&action(title, threat.stride, &asset), FIELD);
        let impact = text::impact(threat.stride).to_owned();
        let goals: Vec<String> = text::goals(threat.stride).iter().map(|g| (*g).to_owned()).collect();
        let assets = vec![asset];
        let statement = fit(&text::statement(source, &prerequisites, &action, &impact, &goals, &assets), STATEMENT);

        let mut metadata = vec![
            MetadataOut { key: "STRIDE", value: MetadataValue::List(vec![text::letter(threat.stride).to_owned()]) },
            MetadataOut { key: "Priority", value: MetadataValue::Text(priority(threat.risk).to_owned()) },
        ];
        let comments = fit(&comments(threat, title), CONTENT);
        if !comments.is_empty() {
            metadata.push(MetadataOut { key: "Comments", value: MetadataValue::Text(comments) });
        }
        let mut tags = vec![TAG.to_owned()];
        if let Some(rule) = threat.rule().filter(|r| r.id.chars().count() <= TAG_LENGTH) {
            tags.push(rule.id.clone());
        }
        if let Some((_, tag)) = STATUS_TAGS.iter().find(|(status, _)| *status == threat.status) {
            tags.push((*tag).to_owned());
        }
        StatementOut {
            id: threat_uuid(threat),
            numeric_id: number,
            display_order: number,
            metadata,
            tags,
            threat_source: source.to_owned(),
            prerequisites,
            threat_action: action,
            threat_impact: impact,
            impacted_goal: goals,
            impacted_assets: assets,
            statement,
            status: status(threat.status),
        }
    }

    /// The elements and boundaries as a Markdown list, for the architecture description.
    fn architecture(&self) -> String {
        let mut text = String::new();
        if !self.model.elements.is_empty() {
            text.push_str("### Elements\n");
            for element in &self.model.elements {
                let kind = self.kinds.kind_name(&element.kind);
                text.push_str(&format!("\n- **{}** ({})", markdown_inline(&element.name), markdown_inline(kind)));
                if let Some(line) = element.description.lines().map(str::trim).find(|l| !l.is_empty()) {
                    text.push_str(&format!(": {}", markdown_inline(line)));
                }
            }
        }
        if !self.model.boundaries.is_empty() {
            text.push_str(if text.is_empty() { "### Trust boundaries\n" } else { "\n\n### Trust boundaries\n" });
            for boundary in &self.model.boundaries {
                text.push_str(&format!("\n- **{}** ({})", markdown_inline(&boundary.name), boundary.kind.label()));
            }
        }
        if !text.is_empty() {
            text.push_str("\n\nExported from ThreatSketch: the diagram itself is in the ThreatSketch model.");
        }
        text
    }

    /// The flows as a Markdown list, for the data flow description.
    fn dataflow(&self) -> String {
        let mut text = String::new();
        for flow in &self.model.flows {
            if text.is_empty() {
                text.push_str("### Data flows\n");
            }
            let ends =
                format!("{} → {}", markdown_inline(&self.name(&flow.from)), markdown_inline(&self.name(&flow.to)));
            let mut facts = Vec::new();
            if !flow.protocol.trim().is_empty() {
                facts.push(markdown_inline(flow.protocol.trim()));
            }
            facts.extend(tri("encrypted", flow.encrypted));
            facts.extend(tri("authenticated", flow.authenticated));
            let label = if flow.label.trim().is_empty() {
                String::new()
            } else {
                format!(": {}", markdown_inline(flow.label.trim()))
            };
            let facts = if facts.is_empty() { String::new() } else { format!(" ({})", facts.join(", ")) };
            text.push_str(&format!("\n- {ends}{label}{facts}"));
        }
        text
    }
}

fn tri(what: &str, answer: Tri) -> Option<String> {
    match answer {
        Tri::Yes => Some(what.to_owned()),
        Tri::No => Some(format!("not {what}")),
        Tri::Unknown => None,
    }
}

/// The title as an action when it already is one after its actor ("Anyone can call the API
/// without signing in" → "call the API without signing in"); else what the title says as
/// something to exploit, which keeps threats of one category on one target apart; the
/// category's action only for a threat without a title.
fn action(title: &str, stride: Stride, asset: &str) -> String {
    let lower = title.to_lowercase();
    let rest = ACTOR_OPENINGS
        .iter()
        // Lowercasing can change lengths outside ASCII, so the cut is checked, not assumed.
        .find(|opening| lower.starts_with(*opening))
        .and_then(|opening| title.get(opening.len()..))
        .map(str::trim)
        .filter(|rest| !rest.is_empty());
    let title = title.trim_end_matches('.').trim();
    match rest {
        Some(rest) => crate::words::lower_first(rest.trim_end_matches('.')),
        None if title.is_empty() => text::action(stride, asset),
        None => format!("exploit that {}", crate::words::lower_first(title)),
    }
}

/// Text that says something.
fn said(text: Option<&str>) -> Option<&str> {
    text.map(str::trim).filter(|t| !t.is_empty())
}

/// The threat's own words, which the statement cannot hold: its title, the rule's explanation
/// or the user's description, and the reason a status needs.
fn comments(threat: &Threat, title: &str) -> String {
    let description = match &threat.origin {
        Origin::Rule(rule) => rule.explanation.trim(),
        Origin::Own(own) => own.description.trim(),
    };
    let decision = threat.decision.as_deref();
    let ends_a_sentence = title.ends_with(['.', '?', '!']);
    let mut parts = vec![if ends_a_sentence { title.to_owned() } else { format!("{title}.") }];
    parts.extend((!description.is_empty()).then(|| description.to_owned()));
    parts.extend(said(decision.map(|d| d.reason.as_str())).map(|r| format!("{}: {r}", threat.status.label())));
    // Threat Composer has no field for who is on it and by when.
    let owner = said(decision.map(|d| d.owner.as_str())).map(|o| format!("Owner: {o}."));
    let due = said(decision.map(|d| d.due.as_str())).map(|d| format!("Due: {d}."));
    let plan: Vec<String> = owner.into_iter().chain(due).collect();
    parts.extend((!plan.is_empty()).then(|| plan.join(" ")));
    if let Some(rule) = threat.rule() {
        parts.push(format!("Suggested by the ThreatSketch rule {}.", rule.id));
    }
    parts.join("\n\n")
}

fn threat_uuid(threat: &Threat) -> String {
    derived_uuid("threat", &threat.key())
}

/// Threat Composer has three priorities; a critical risk is its highest.
fn priority(risk: RiskLevel) -> &'static str {
    match risk {
        RiskLevel::Critical | RiskLevel::High => "High",
        RiskLevel::Medium => "Medium",
        RiskLevel::Low => "Low",
    }
}

/// Threat Composer's threat status. It has three: a threat is identified, resolved, or not
/// useful; In progress, Accepted and Transferred keep their own status in a tag.
pub(super) fn status(status: ThreatStatus) -> &'static str {
    match status {
        ThreatStatus::Open | ThreatStatus::InProgress => "threatIdentified",
        ThreatStatus::Mitigated | ThreatStatus::Accepted | ThreatStatus::Transferred => "threatResolved",
        ThreatStatus::NotApplicable => "threatResolvedNotUseful",
    }
}

/// Threat Composer's mitigation statuses, in the order a mitigation moves through them.
const MITIGATION_STATUSES: [&str; 3] = ["mitigationIdentified", "mitigationInProgress", "mitigationResolved"];

/// The mitigations written so far, each text once however many threats it serves, and their
/// links to threats.
#[derive(Default)]
struct Mitigations {
    list: Vec<MitigationOut>,
    /// Text → its place in `list` and how far it got (an index into MITIGATION_STATUSES).
    by_text: HashMap<String, (usize, usize)>,
    links: Vec<MitigationLinkOut>,
}

impl Mitigations {
    /// The decision's notes (as far along as the threat is) and the rule's steps (identified:
    /// nothing says which were carried out), linked to the threat.
    fn link(&mut self, threat: &Threat, threat_id: &str) {
        let progress = match threat.status {
            ThreatStatus::Mitigated => 2,
            ThreatStatus::InProgress => 1,
            _ => 0,
        };
        let notes = threat.decision.as_ref().map(|d| d.notes.trim()).filter(|n| !n.is_empty());
        let steps = threat.rule().map(|r| r.suggestions.as_slice()).unwrap_or_default();
        let mut linked = Vec::new();
        let texts = notes.map(|n| (n, progress)).into_iter().chain(steps.iter().map(|s| (s.trim(), 0)));
        for (text, progress) in texts.filter(|(t, _)| !t.is_empty()) {
            let index = self.add(&fit(text, CONTENT), progress);
            if !linked.contains(&index) {
                linked.push(index);
                let mitigation_id = self.list.get(index).map(|m| m.id.clone()).unwrap_or_default();
                self.links.push(MitigationLinkOut { mitigation_id, linked_id: threat_id.to_owned() });
            }
        }
    }

    fn add(&mut self, content: &str, progress: usize) -> usize {
        match self.by_text.entry(content.to_owned()) {
            Entry::Occupied(mut seen) => {
                let (index, known) = *seen.get();
                if progress > known {
                    seen.insert((index, progress));
                    if let Some(mitigation) = self.list.get_mut(index) {
                        mitigation.status = MITIGATION_STATUSES[progress.min(2)];
                    }
                }
                index
            }
            Entry::Vacant(new) => {
                let index = self.list.len();
                new.insert((index, progress));
                self.list.push(MitigationOut {
                    id: derived_uuid("mitigation", content),
                    numeric_id: index + 1,
                    display_order: index + 1,
                    content: content.to_owned(),
                    status: MITIGATION_STATUSES[progress.min(2)],
                });
                index
            }
        }
    }
}
