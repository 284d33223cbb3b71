//! ThreatSketch → Threat Dragon v2: one STRIDE diagram with every element, flow and boundary
//! (a box, or a line as Threat Dragon's trust boundary curve), and every threat of the analysis
//! on its element, flow or boundary.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use serde::ser::{Serialize, SerializeSeq, Serializer};
use serde_json::json;

use super::IMPORTED_REASON;
use super::json::{Extension, ModelExtension, ThreatExtension};
use super::json_out::{
    CellOut, DataOut, DetailOut, DiagramOut, EndOut, FileOut, PointOut, SizeOut, SummaryOut, ThreatOut, XyOut,
};
use super::mapping::{self, td_shape};
use crate::interop::ids::{cell_uuid, derived_uuid};
use crate::model::{
    Boundary, BoundaryKind, DataClass, ELEMENT_SIZE, Element, ElementId, ElementType, Flow, KindCatalog, Point, Rect,
    Target, ThreatModel, Tri, Workshop, segment_meets_polyline,
};
use crate::threats::{Analysis, Origin, Rule, Threat};

/// The Threat Dragon version written: the format of the bundled demos, read by every 2.x.
const TD_VERSION: &str = "2.3.0";

pub(super) fn export(model: &ThreatModel, analysis: &Analysis) -> String {
    let mut by_target: HashMap<&Target, Vec<&Threat>> = HashMap::new();
    for threat in &analysis.threats {
        by_target.entry(&threat.target).or_default().push(threat);
    }
    let threat_top = model.targets().map(|t| by_target.get(&t).map_or(0, Vec::len)).sum();
    let kinds = KindCatalog::builtin();
    let writer = Writer { model, by_target, number: 0, kinds, around: Surroundings::of(model, kinds) };
    let cells = Cells(RefCell::new(writer));

    let file = FileOut {
        version: TD_VERSION,
        summary: SummaryOut {
            title: model.name.clone(),
            owner: String::new(),
            description: model.description.clone(),
            id: 0,
        },
        detail: DetailOut {
            contributors: Vec::new(),
            diagrams: vec![DiagramOut {
                id: 0,
                title: model.name.clone(),
                description: String::new(),
                diagram_type: "STRIDE",
                thumbnail: "./public/content/images/thumbnail.stride.jpg",
                version: TD_VERSION,
                threatsketch: ModelExtension {
                    scale: model.scale,
                    compliance: model.compliance.clone(),
                    review: model.review.clone(),
                    workshop: model
                        .workshop
                        .as_ref()
                        .map(|w| Workshop { step: w.step, focus: focus_out(model, analysis, &w.focus) }),
                },
                cells,
            }],
            diagram_top: 1,
            reviewer: String::new(),
            threat_top,
        },
    };
    // Plain structs with text keys and finite numbers: serialising them cannot fail.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// The cells of the diagram, each made as it is written, so that the file of a large model is
/// not held twice, once as cells and once as text.
struct Cells<'a>(RefCell<Writer<'a>>);

impl Serialize for Cells<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut writer = self.0.borrow_mut();
        writer.number = 0;
        let model = writer.model;
        let count = model.boundaries.len() + model.elements.len() + model.flows.len();
        let mut cells = serializer.serialize_seq(Some(count))?;
        // Boxes behind everything, as Threat Dragon draws them; then elements, then flows on top.
        for boundary in &model.boundaries {
            cells.serialize_element(&writer.boundary(boundary))?;
        }
        for (element, z_index) in model.elements.iter().zip(1..) {
            cells.serialize_element(&writer.element(element, z_index))?;
        }
        let first_flow = i64::try_from(model.elements.len()).unwrap_or(i64::MAX).saturating_add(1);
        for (flow, z_index) in model.flows.iter().zip(first_flow..) {
            cells.serialize_element(&writer.flow(flow, z_index))?;
        }
        cells.end()
    }
}

struct Writer<'a> {
    model: &'a ThreatModel,
    by_target: HashMap<&'a Target, Vec<&'a Threat>>,
    /// Threat numbers, counted over the whole file as Threat Dragon does.
    number: usize,
    kinds: &'static KindCatalog,
    around: Surroundings<'a>,
}

/// What a cell says about its neighbours, gathered in one pass over the model so that the
/// export stays linear in its size: no cell scans all flows or all elements.
struct Surroundings<'a> {
    /// Each element's STRIDE type and whether it is reachable from the internet.
    elements: HashMap<&'a ElementId, (Option<ElementType>, bool)>,
    /// The data classes carried by the flows that touch each element.
    carried: HashSet<(&'a ElementId, DataClass)>,
    /// The rectangles of the Internet boundaries drawn as boxes.
    internet: Vec<Rect>,
    /// The points of the Internet boundaries drawn as lines.
    internet_lines: Vec<&'a [Point]>,
    /// For each element, the Internet boundaries (indexes into `internet`) that hold it.
    inside: HashMap<&'a ElementId, Vec<usize>>,
}

impl<'a> Surroundings<'a> {
    fn of(model: &'a ThreatModel, kinds: &KindCatalog) -> Self {
        let elements = model
            .elements
            .iter()
            .map(|e| (&e.id, (kinds.kind(&e.kind).map(|k| k.element_type), e.property("internet_facing") == Tri::Yes)))
            .collect();
        let carried = model
            .flows
            .iter()
            .flat_map(|f| f.data.iter().flat_map(move |class| [(&f.from, *class), (&f.to, *class)]))
            .collect();
        let internet_boundaries = model.boundaries.iter().filter(|b| b.kind == BoundaryKind::Internet);
        let (lines, boxes): (Vec<&Boundary>, Vec<&Boundary>) =
            internet_boundaries.partition(|b| model.boundary_line(&b.id).is_some());
        let internet = boxes.iter().map(|b| model.boundary_rect(&b.id)).collect();
        let internet_lines = lines.iter().filter_map(|b| model.boundary_line(&b.id)).collect();
        let mut this = Self { elements, carried, internet, internet_lines, inside: HashMap::new() };
        this.inside = model.elements.iter().map(|e| (&e.id, this.holding(model.element_position(&e.id)))).collect();
        this
    }

    /// The Internet boundaries whose rectangle holds the point, as membership counts it.
    fn holding(&self, center: Point) -> Vec<usize> {
        (0..self.internet.len()).filter(|&i| self.internet[i].contains(center)).collect()
    }
}

impl Writer<'_> {
    fn element(&mut self, element: &Element, z_index: i64) -> CellOut {
        let element_type = self.kinds.kind(&element.kind).map_or(ElementType::Process, |k| k.element_type);
        let (shape, cell_type) = td_shape(element_type);
        let (threats, has_open_threats) = self.threats(&Target::Element(element.id.clone()));
        let yes = |property: &str| element.property(property) == Tri::Yes;
        let mut data = DataOut {
            cell_type,
            name: element.name.clone(),
            description: element.description.clone(),
            out_of_scope: Some(false),
            reason_out_of_scope: Some(String::new()),
            has_open_threats,
            threats,
            threatsketch: Extension {
                kind: Some(element.kind.clone()),
                properties: element.properties.clone(),
                critical: element.critical,
                ..Extension::default()
            },
            ..DataOut::default()
        };
        match element_type {
            ElementType::ExternalEntity => data.provides_authentication = Some(false),
            ElementType::Process => {
                data.handles_card_payment = Some(self.handles(&element.id, DataClass::PaymentCard));
                data.handles_goods_or_services = Some(false);
                data.is_web_application = Some(yes("internet_facing"));
                data.privilege_level = Some(String::new());
            }
            ElementType::DataStore => {
                data.is_a_log = Some(element.kind == "monitoring");
                data.is_encrypted = match element.property("encrypted_at_rest") {
                    Tri::Yes => Some(true),
                    Tri::No => Some(false),
                    Tri::Unknown => None,
                };
                data.is_signed = Some(false);
                data.stores_credentials =
                    Some(element.kind == "secrets_store" || self.handles(&element.id, DataClass::Credentials));
                data.stores_inventory = Some(false);
            }
        }
        // Threat Dragon places shapes by their top-left corner.
        let center = self.model.element_position(&element.id);
        CellOut {
            id: cell_uuid(element.id.as_str()),
            shape,
            z_index,
            position: Some(XyOut {
                x: f64::from(center.x) - f64::from(ELEMENT_SIZE.width) / 2.0,
                y: f64::from(center.y) - f64::from(ELEMENT_SIZE.height) / 2.0,
            }),
            size: Some(SizeOut { width: f64::from(ELEMENT_SIZE.width), height: f64::from(ELEMENT_SIZE.height) }),
            visible: Some(true),
            source: None,
            target: None,
            vertices: Vec::new(),
            connector: None,
            attrs: json!({ "text": { "text": element.name } }),
            labels: Vec::new(),
            data,
        }
    }

    fn flow(&mut self, flow: &Flow, z_index: i64) -> CellOut {
        let (threats, has_open_threats) = self.threats(&Target::Flow(flow.id.clone()));
        let data = DataOut {
            cell_type: "tm.Flow",
            name: flow.label.clone(),
            description: String::new(),
            out_of_scope: Some(false),
            reason_out_of_scope: Some(String::new()),
            has_open_threats,
            is_bidirectional: Some(false),
            is_encrypted: match flow.encrypted {
                Tri::Yes => Some(true),
                Tri::No => Some(false),
                Tri::Unknown => None,
            },
            is_public_network: Some(self.public_network(flow)),
            protocol: Some(flow.protocol.clone()),
            threats,
            threatsketch: Extension {
                properties: flow.properties.clone(),
                authenticated: flow.authenticated,
                data: flow.data.iter().copied().collect(),
                ..Extension::default()
            },
            ..DataOut::default()
        };
        let labels = if flow.label.is_empty() { Vec::new() } else { vec![edge_label(&flow.label, &json!(0.5))] };
        CellOut {
            id: cell_uuid(flow.id.as_str()),
            shape: "flow",
            z_index,
            position: None,
            size: None,
            visible: None,
            source: Some(EndOut::Cell { cell: cell_uuid(flow.from.as_str()) }),
            target: Some(EndOut::Cell { cell: cell_uuid(flow.to.as_str()) }),
            vertices: Vec::new(),
            connector: Some("smooth"),
            attrs: json!({
                "line": {
                    "stroke": "#333333",
                    "strokeWidth": 1,
                    "targetMarker": { "name": "block" },
                    "sourceMarker": { "name": "" }
                }
            }),
            labels,
            data,
        }
    }

    fn boundary(&mut self, boundary: &Boundary) -> CellOut {
        // Own threats may sit on a boundary; Threat Dragon keeps them though it shows none.
        let (threats, has_open_threats) = self.threats(&Target::Boundary(boundary.id.clone()));
        let data = DataOut {
            name: boundary.name.clone(),
            is_trust_boundary: true,
            has_open_threats,
            threats,
            threatsketch: Extension { boundary: Some(boundary.kind), ..Extension::default() },
            ..DataOut::default()
        };
        if let Some(points) = self.model.boundary_line(&boundary.id) {
            return line_cell(boundary, points, data);
        }
        let rect = self.model.boundary_rect(&boundary.id);
        CellOut {
            id: cell_uuid(boundary.id.as_str()),
            shape: "trust-boundary-box",
            z_index: -1,
            position: Some(XyOut { x: f64::from(rect.x), y: f64::from(rect.y) }),
            size: Some(SizeOut { width: f64::from(rect.width), height: f64::from(rect.height) }),
            visible: Some(true),
            source: None,
            target: None,
            vertices: Vec::new(),
            connector: None,
            attrs: json!({ "label": { "text": boundary.name } }),
            labels: Vec::new(),
            data: DataOut { cell_type: "tm.BoundaryBox", ..data },
        }
    }

    /// Whether a flow carrying this data class touches the element.
    fn handles(&self, element: &ElementId, class: DataClass) -> bool {
        self.around.carried.contains(&(element, class))
    }

    /// Over a public network: it crosses an Internet boundary (a box holds exactly one of its
    /// ends, or the straight path between its ends meets a line, as `ThreatModel::crossings`
    /// has it), or runs from an external entity to something reachable from the internet (a
    /// browser calling the API gateway).
    fn public_network(&self, flow: &Flow) -> bool {
        let around = &self.around;
        let inside = |id: &ElementId| match around.inside.get(id) {
            Some(inside) => inside.clone(),
            // A flow end that is no element sits where the layout says, as membership has it.
            None => around.holding(self.model.element_position(id)),
        };
        let (start, end) = (self.model.element_position(&flow.from), self.model.element_position(&flow.to));
        let crosses_internet = inside(&flow.from) != inside(&flow.to)
            || around.internet_lines.iter().any(|line| segment_meets_polyline(start, end, line));
        let from_outside = around.elements.get(&flow.from).is_some_and(|e| e.0 == Some(ElementType::ExternalEntity));
        let to_exposed = around.elements.get(&flow.to).is_some_and(|e| e.1);
        crosses_internet || (from_outside && to_exposed)
    }

    /// The target's threats, numbered, and whether any is open.
    fn threats(&mut self, target: &Target) -> (Vec<ThreatOut>, bool) {
        let threats = self.by_target.get(target).map(Vec::as_slice).unwrap_or_default();
        let mut out = Vec::with_capacity(threats.len());
        for threat in threats {
            self.number += 1;
            out.push(threat_out(threat, self.number));
        }
        let open = out.iter().any(|t| t.status == "Open");
        (out, open)
    }
}

/// A boundary line as Threat Dragon 2.x writes a trust boundary curve: its first and last
/// points as the ends, the others as vertices, smoothed, with the name as a label half way.
fn line_cell(boundary: &Boundary, points: &[Point], data: DataOut) -> CellOut {
    let whole = |p: &Point| PointOut { x: p.x.round() as i64, y: p.y.round() as i64 };
    let (first, last) = (points.first().map(whole), points.last().map(whole));
    let vertices = points.get(1..points.len().saturating_sub(1)).unwrap_or_default().iter().map(whole).collect();
    let position = json!({ "distance": 0.5, "args": { "keepGradient": true, "ensureLegibility": true } });
    CellOut {
        id: cell_uuid(boundary.id.as_str()),
        shape: "trust-boundary-curve",
        // Threat Dragon's own for a new curve.
        z_index: 10,
        position: None,
        size: None,
        visible: None,
        source: first.map(EndOut::Point),
        target: last.map(EndOut::Point),
        vertices,
        connector: Some("smooth"),
        attrs: json!({ "line": { "targetMarker": "", "sourceMarker": "" } }),
        labels: vec![edge_label(&boundary.name, &position)],
        data: DataOut { cell_type: "tm.Boundary", ..data },
    }
}

/// Threat Dragon's label of an edge: the text on a white ellipse, at `position` along it.
fn edge_label(text: &str, position: &serde_json::Value) -> serde_json::Value {
    json!({
        "markup": [
            { "tagName": "ellipse", "selector": "labelBody" },
            { "tagName": "text", "selector": "labelText" }
        ],
        "attrs": {
            "labelText": { "text": text, "textAnchor": "middle", "textVerticalAnchor": "middle" },
            "labelBody": { "ref": "labelText", "refRx": "50%", "refRy": "60%", "fill": "#fff", "strokeWidth": 0 }
        },
        "position": position
    })
}

/// A workshop's focus in Threat Dragon's ids: the threat's for a threat key, the cell's for an
/// element or flow id; anything else (a focus that left the model) as it is.
fn focus_out(model: &ThreatModel, analysis: &Analysis, focus: &str) -> String {
    if analysis.threats.iter().any(|t| t.key() == focus) {
        derived_uuid("threat", focus)
    } else if model.target(focus).is_some() {
        cell_uuid(focus)
    } else {
        focus.to_owned()
    }
}

fn threat_out(threat: &Threat, number: usize) -> ThreatOut {
    let description = match &threat.origin {
        Origin::Rule(rule) => rule_description(rule),
        Origin::Own(own) => own.description.clone(),
    };
    let decision = threat.decision.as_deref();
    let severity = mapping::severity_of(threat.risk);
    let steps = threat.rule().map(|rule| rule.suggestions.as_slice());
    let mitigation =
        mitigation_text(decision.map_or("", |d| &d.notes), decision.map_or("", |d| &d.reason), steps, &description);
    ThreatOut {
        id: derived_uuid("threat", &threat.key()),
        number,
        title: threat.title().to_owned(),
        category: threat.stride.label(),
        status: mapping::status_to_td(threat.status),
        severity,
        score: "",
        mitigation,
        description,
        model_type: "STRIDE",
        new: false,
        threatsketch: ThreatExtension {
            rule: threat.rule().map(|rule| rule.id.clone()),
            category: match &threat.origin {
                Origin::Own(own) => Some(own.category),
                Origin::Rule(_) => None,
            },
            decision: decision.cloned(),
            severity: severity.to_owned(),
        },
    }
}

/// A rule's text for Threat Dragon's description: the explanation, then the technical detail.
pub(super) fn rule_description(rule: &Rule) -> String {
    [rule.explanation.trim(), rule.detail.trim()].into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
}

/// Threat Dragon's mitigation: the user's notes; without any, the rule's steps. A reason for
/// not mitigating is added when it says something the rest does not (Threat Dragon has no
/// field for it). The import compares against this to tell whether it was edited there.
pub(super) fn mitigation_text(notes: &str, reason: &str, steps: Option<&[String]>, description: &str) -> String {
    let (notes, reason) = (notes.trim(), reason.trim());
    let mut text = match steps {
        Some(steps) if notes.is_empty() => steps.iter().map(|s| format!("- {s}")).collect::<Vec<_>>().join("\n"),
        _ => notes.to_owned(),
    };
    if !reason.is_empty() && reason != notes && reason != description.trim() && reason != IMPORTED_REASON {
        if !text.is_empty() {
            text.push_str("\n\n");
        }
        text.push_str("Reason: ");
        text.push_str(reason);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mitigation_is_the_notes_or_the_steps_and_a_reason_only_when_it_adds_something() {
        let steps = ["Turn on TLS.".to_owned(), "Sign messages.".to_owned()];
        assert_eq!(mitigation_text("", "", Some(&steps), "D"), "- Turn on TLS.\n- Sign messages.");
        assert_eq!(mitigation_text(" Done. ", "", Some(&steps), "D"), "Done.");
        assert_eq!(mitigation_text("Done.", "Staff only.", None, "D"), "Done.\n\nReason: Staff only.");
        assert_eq!(mitigation_text("", "Staff only.", None, "D"), "Reason: Staff only.");
        for said_elsewhere in ["Done.", "D", IMPORTED_REASON] {
            assert_eq!(mitigation_text("Done.", said_elsewhere, None, "D"), "Done.");
        }
    }
}
