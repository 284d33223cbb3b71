//! ThreatSketch → OTM 0.2.0: the project, a trust zone per boundary (and one for elements
//! outside every boundary, as every component needs a parent), components, dataflows, and every
//! threat of the analysis with its mitigations. One diagram representation places them all,
//! each relative to its parent zone's corner, as IriusRisk's tools write them.

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::{ATTRIBUTE_PREFIX, mapping};
use crate::model::{Point, Rect, Target, ThreatModel, ThreatStatus};
use crate::threats::{Analysis, Origin, Threat};

/// What the export writes as `otmVersion`: the version of the schema it is checked against.
const OTM_VERSION: &str = "0.2.0";
const DIAGRAM: &str = "threatsketch-diagram";
/// OTM requires a risk reduction for each mitigation; ThreatSketch does not rate them, so each
/// is written as halving the risk.
const RISK_REDUCTION: u32 = 50;

pub(super) fn export(model: &ThreatModel, analysis: &Analysis) -> String {
    let zones = Zones::of(model);
    // The diagram starts at its top-left corner, as OTM diagrams do.
    let origin = model.bounds().map_or(Point::new(0.0, 0.0), Rect::min);
    let size = model.bounds().map_or((0.0, 0.0), |b| (f64::from(b.width), f64::from(b.height)));
    let mut by_target: HashMap<&Target, Vec<&Threat>> = HashMap::new();
    for threat in &analysis.threats {
        by_target.entry(&threat.target).or_default().push(threat);
    }
    let mut writer = Writer { model, zones, origin, by_target, threats: Vec::new(), mitigations: BTreeMap::new() };

    let mut trust_zones: Vec<Value> = (0..model.boundaries.len()).map(|b| writer.zone(b)).collect();
    if let Some(outside) = &writer.zones.outside {
        trust_zones.push(json!({
            "id": outside,
            "name": "Outside every trust boundary",
            "type": "unspecified",
            "risk": { "trustRating": 1 },
            "attributes": { format!("{ATTRIBUTE_PREFIX}outside"): true }
        }));
    }
    let components: Vec<Value> = (0..model.elements.len()).map(|e| writer.component(e)).collect();
    let dataflows: Vec<Value> = model.flows.iter().map(|f| writer.dataflow(f)).collect();

    let mut project = Map::new();
    project.insert("name".into(), json!(model.name));
    project.insert("id".into(), json!(slug(&model.name)));
    project.insert("description".into(), json!(model.description));
    project.insert(
        "attributes".into(),
        json!({
            format!("{ATTRIBUTE_PREFIX}scale"): model.scale,
            format!("{ATTRIBUTE_PREFIX}compliance"): model.compliance,
        }),
    );
    let file = OtmOut {
        otm_version: OTM_VERSION,
        project: Value::Object(project),
        representations: json!([{
            "name": "ThreatSketch diagram",
            "id": DIAGRAM,
            "type": "diagram",
            "size": { "width": size.0, "height": size.1 }
        }]),
        trust_zones,
        components,
        dataflows,
        threats: writer.threats,
        mitigations: writer.mitigations.into_values().collect(),
    };
    // Text keys and finite numbers only: serialising cannot fail.
    serde_json::to_string_pretty(&file).unwrap_or_default()
}

/// The file's sections in the order OTM's own examples list them (the parts inside are
/// objects, whose keys serde_json writes sorted).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct OtmOut {
    otm_version: &'static str,
    project: Value,
    representations: Value,
    trust_zones: Vec<Value>,
    components: Vec<Value>,
    dataflows: Vec<Value>,
    threats: Vec<Value>,
    mitigations: Vec<Value>,
}

/// Which trust zone each part sits in.
struct Zones {
    /// For each boundary, the innermost other boundary around it.
    parent: Vec<Option<usize>>,
    /// For each element, its innermost boundary.
    of_element: Vec<Option<usize>>,
    /// The id of the zone for elements outside every boundary, when there are any.
    outside: Option<String>,
}

impl Zones {
    fn of(model: &ThreatModel) -> Self {
        let rects: Vec<Option<Rect>> = model
            .boundaries
            .iter()
            .map(|b| model.boundary_line(&b.id).is_none().then(|| model.boundary_rect(&b.id)))
            .collect();
        let smallest = |candidates: &mut dyn Iterator<Item = usize>| {
            candidates.min_by(|&a, &b| {
                let area = |i: usize| rects.get(i).copied().flatten().map_or(f32::MAX, Rect::area);
                area(a).total_cmp(&area(b)).then(a.cmp(&b))
            })
        };
        // Boundaries are few next to elements: each is compared with every other once.
        let parent = (0..rects.len())
            .map(|b| {
                let inner = rects.get(b).copied().flatten()?;
                let around = (0..rects.len()).filter(|&o| {
                    rects.get(o).copied().flatten().is_some_and(|outer| {
                        // Of two equal boxes the first holds the second, never both each other.
                        o != b && outer.contains_rect(inner) && (outer != inner || o < b)
                    })
                });
                smallest(&mut around.into_iter())
            })
            .collect();
        let of_element: Vec<Option<usize>> =
            model.membership().into_iter().map(|holding| smallest(&mut holding.into_iter())).collect();
        let outside = of_element.iter().any(Option::is_none).then(|| {
            let mut id = "threatsketch-outside".to_owned();
            while model.boundaries.iter().any(|b| b.id.as_str() == id) {
                id.push('-');
            }
            id
        });
        Self { parent, of_element, outside }
    }
}

struct Writer<'a> {
    model: &'a ThreatModel,
    zones: Zones,
    origin: Point,
    by_target: HashMap<&'a Target, Vec<&'a Threat>>,
    threats: Vec<Value>,
    /// By id, so that a step shared by many threats is written once and in a stable order.
    mitigations: BTreeMap<String, Value>,
}

impl Writer<'_> {
    /// The corner a part's position is relative to: its zone's, or the diagram's.
    fn corner(&self, boundary: Option<usize>) -> Point {
        boundary
            .and_then(|b| self.model.boundaries.get(b))
            .map_or(self.origin, |b| self.model.boundary_rect(&b.id).min())
    }

    fn shape(&self, id: &str, name: &str, rect: Rect, parent: Option<usize>) -> Value {
        let corner = self.corner(parent);
        json!([{
            "representation": DIAGRAM,
            "id": format!("{id}-shape"),
            "name": name,
            "position": { "x": f64::from(rect.x) - f64::from(corner.x), "y": f64::from(rect.y) - f64::from(corner.y) },
            "size": { "width": f64::from(rect.width), "height": f64::from(rect.height) }
        }])
    }

    fn zone(&mut self, index: usize) -> Value {
        let Some(boundary) = self.model.boundaries.get(index) else { return Value::Null };
        let parent = self.zones.parent.get(index).copied().flatten();
        let rect = self.model.boundary_rect(&boundary.id);
        let mut zone = Map::new();
        zone.insert("id".into(), json!(boundary.id.as_str()));
        zone.insert("name".into(), json!(boundary.name));
        zone.insert("type".into(), json!(mapping::zone_type(boundary.kind)));
        zone.insert("risk".into(), json!({ "trustRating": mapping::trust_rating(boundary.kind) }));
        if let Some(parent) = parent.and_then(|p| self.model.boundaries.get(p)) {
            zone.insert("parent".into(), json!({ "trustZone": parent.id.as_str() }));
        }
        zone.insert("representations".into(), self.shape(boundary.id.as_str(), &boundary.name, rect, parent));
        let mut attributes = Map::new();
        attributes.insert(format!("{ATTRIBUTE_PREFIX}kind"), json!(boundary.kind));
        if let Some(line) = self.model.boundary_line(&boundary.id) {
            // In the diagram's frame, as every position here.
            let points: Vec<(f32, f32)> = line.iter().map(|p| (p.x - self.origin.x, p.y - self.origin.y)).collect();
            attributes.insert(format!("{ATTRIBUTE_PREFIX}line"), json!(points));
        }
        zone.insert("attributes".into(), Value::Object(attributes));
        // OTM has no threats on trust zones; ThreatSketch keeps a boundary's own ones there.
        let threats = self.threat_refs(&Target::Boundary(boundary.id.clone()));
        if !threats.is_empty() {
            zone.insert("threats".into(), Value::Array(threats));
        }
        Value::Object(zone)
    }

    fn component(&mut self, index: usize) -> Value {
        let Some(element) = self.model.elements.get(index) else { return Value::Null };
        let boundary = self.zones.of_element.get(index).copied().flatten();
        let parent = match boundary.and_then(|b| self.model.boundaries.get(b)) {
            Some(b) => b.id.as_str().to_owned(),
            None => self.zones.outside.clone().unwrap_or_default(),
        };
        let rect = self.model.element_rect(&element.id);
        let mut attributes = Map::new();
        attributes.insert(format!("{ATTRIBUTE_PREFIX}kind"), json!(element.kind));
        attributes.insert(format!("{ATTRIBUTE_PREFIX}critical"), json!(element.critical));
        for (property, answer) in &element.properties {
            attributes.insert(format!("{ATTRIBUTE_PREFIX}answers.{property}"), json!(answer));
        }
        let mut component = Map::new();
        component.insert("id".into(), json!(element.id.as_str()));
        component.insert("name".into(), json!(element.name));
        component.insert("type".into(), json!(mapping::otm_type(&element.kind)));
        if !element.description.is_empty() {
            component.insert("description".into(), json!(element.description));
        }
        component.insert("parent".into(), json!({ "trustZone": parent }));
        component.insert("representations".into(), self.shape(element.id.as_str(), &element.name, rect, boundary));
        component.insert("threats".into(), Value::Array(self.threat_refs(&Target::Element(element.id.clone()))));
        component.insert("attributes".into(), Value::Object(attributes));
        Value::Object(component)
    }

    fn dataflow(&mut self, flow: &crate::model::Flow) -> Value {
        let mut attributes = Map::new();
        attributes.insert(format!("{ATTRIBUTE_PREFIX}protocol"), json!(flow.protocol));
        attributes.insert(format!("{ATTRIBUTE_PREFIX}encrypted"), json!(flow.encrypted));
        attributes.insert(format!("{ATTRIBUTE_PREFIX}authenticated"), json!(flow.authenticated));
        attributes.insert(format!("{ATTRIBUTE_PREFIX}data"), json!(flow.data));
        for (property, answer) in &flow.properties {
            attributes.insert(format!("{ATTRIBUTE_PREFIX}answers.{property}"), json!(answer));
        }
        json!({
            "id": flow.id.as_str(),
            "name": flow.label,
            "source": flow.from.as_str(),
            "destination": flow.to.as_str(),
            "bidirectional": false,
            "threats": self.threat_refs(&Target::Flow(flow.id.clone())),
            "attributes": attributes,
        })
    }

    /// The target's threats as references, each threat and its mitigations written once.
    fn threat_refs(&mut self, target: &Target) -> Vec<Value> {
        let threats = self.by_target.get(target).cloned().unwrap_or_default();
        threats.into_iter().map(|threat| self.threat(threat)).collect()
    }

    fn threat(&mut self, threat: &Threat) -> Value {
        let key = threat.key();
        let decision = threat.decision.as_deref();
        let mitigation_state = match threat.status {
            ThreatStatus::Mitigated => "implemented",
            _ => "recommended",
        };
        let mut refs = Vec::new();
        let mut add = |this: &mut Self, id: String, name: &str, description: &str| {
            this.mitigations.entry(id.clone()).or_insert_with(
                || json!({ "id": id, "name": name, "description": description, "riskReduction": RISK_REDUCTION }),
            );
            refs.push(json!({ "mitigation": id, "state": mitigation_state }));
        };
        let (description, mut attributes) = match &threat.origin {
            Origin::Rule(rule) => {
                for (n, step) in rule.suggestions.iter().enumerate() {
                    add(self, format!("{}-step-{}", rule.id, n + 1), step, step);
                }
                let text = [rule.explanation.trim(), rule.detail.trim()]
                    .into_iter()
                    .filter(|p| !p.is_empty())
                    .collect::<Vec<_>>()
                    .join("\n\n");
                (text, json!({ format!("{ATTRIBUTE_PREFIX}rule"): rule.id }))
            }
            Origin::Own(own) => {
                (own.description.clone(), json!({ format!("{ATTRIBUTE_PREFIX}category"): own.category }))
            }
        };
        if let Some(notes) = decision.map(|d| d.notes.trim()).filter(|n| !n.is_empty()) {
            let first_line = notes.lines().next().unwrap_or_default();
            add(self, format!("{key}-notes"), first_line, notes);
        }
        if let (Some(decision), Value::Object(attributes)) = (decision, &mut attributes) {
            attributes.insert(format!("{ATTRIBUTE_PREFIX}decision"), json!(decision));
        }
        self.threats.push(json!({
            "id": key,
            "name": threat.title(),
            "description": description,
            "categories": [mapping::stride_name(threat.stride)],
            "risk": {
                "likelihood": mapping::percent(threat.likelihood),
                "impact": mapping::percent(threat.impact)
            },
            "attributes": attributes,
        }));
        json!({ "threat": key, "state": mapping::state(threat.status), "mitigations": refs })
    }
}

/// The project id: the name in lower case, words joined by hyphens ("Serverless checkout" →
/// "serverless-checkout").
fn slug(name: &str) -> String {
    let words: Vec<String> =
        name.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    if words.is_empty() { "threat-model".to_owned() } else { words.join("-") }
}
