//! The right-hand panel: properties of the selection, or of the model when nothing is selected.

use egui::{ComboBox, TextEdit, Ui};

use super::facts::facts_ui;
use super::review::review_section_ui;
use super::threats::{ThreatCardsState, target_threats_ui};
use super::widgets::tri_ui;
use super::{Request, theme};
use crate::canvas::Selection;
use crate::edit::{Command, FlowCheck};
use crate::model::{
    Boundary, BoundaryKind, Compliance, CrossingDirection, DataClass, Element, Flow, KindCatalog, Point, Scale, Target,
    ThreatModel, segment_meets_polyline,
};
use crate::threats::{Analysis, prompts_for};
use crate::words::{count, count_with_verb};

pub fn inspector_ui(
    ui: &mut Ui,
    model: &ThreatModel,
    selection: &Selection,
    analysis: &Analysis,
    cards: &mut ThreatCardsState,
    next_review_draft: &mut String,
    requests: &mut Vec<Request>,
) {
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.set_width(ui.available_width());
        match selection.single() {
            Some(target @ Target::Element(id)) => {
                if let Some(element) = model.element(id) {
                    element_ui(ui, model, element, requests);
                    threats_section_ui(ui, model, target, analysis, cards, requests);
                }
            }
            Some(target @ Target::Flow(id)) => {
                if let Some(flow) = model.flow(id) {
                    flow_ui(ui, model, flow, requests);
                    threats_section_ui(ui, model, target, analysis, cards, requests);
                }
            }
            Some(Target::Boundary(id)) => {
                if let Some(boundary) = model.boundary(id) {
                    boundary_ui(ui, model, boundary, requests);
                }
            }
            None if selection.is_empty() => {
                model_ui(ui, model, analysis, requests);
                ui.add_space(10.0);
                review_section_ui(ui, &model.review, next_review_draft, requests);
            }
            None => {
                ui.label(theme::heading(&format!("{} items selected", selection.len())));
                ui.label(theme::hint("Drag any of them to move them together."));
                if ui.button("Delete selected").clicked() {
                    requests.push(Request::Action(super::actions::Action::Delete));
                }
            }
        }
    });
}

fn threats_section_ui(
    ui: &mut Ui,
    model: &ThreatModel,
    target: &Target,
    analysis: &Analysis,
    cards: &mut ThreatCardsState,
    requests: &mut Vec<Request>,
) {
    ui.add_space(10.0);
    ui.separator();
    // The brainstorm first, then what the catalogue suggests.
    let kind = match target {
        Target::Element(id) => model.element(id).map_or("process", |e| e.kind.as_str()),
        _ => "flow",
    };
    if let Some(prompts) = prompts_for(kind) {
        egui::CollapsingHeader::new("Think like an attacker").default_open(true).show(ui, |ui| {
            for prompt in prompts {
                ui.label(format!("• {prompt}"));
            }
        });
        ui.add_space(6.0);
    }
    let threats: Vec<_> = analysis.for_target(target).collect();
    target_threats_ui(ui, model, target, &threats, cards, requests);
}

fn model_ui(ui: &mut Ui, model: &ThreatModel, analysis: &Analysis, requests: &mut Vec<Request>) {
    ui.label(theme::heading("Threat model"));
    if let Some(name) = text_field_ui(ui, "Model name", &model.name, false, requests) {
        requests.push(Request::Edit(Command::SetModelName { name }));
    }
    if let Some(text) = text_field_ui(ui, "What the app does", &model.description, true, requests) {
        requests.push(Request::Edit(Command::SetModelDescription { text }));
    }
    ui.add_space(6.0);
    ui.label(format!(
        "{} · {} · {}",
        count(model.elements.len(), "element", "elements"),
        count(model.flows.len(), "flow", "flows"),
        count(model.boundaries.len(), "trust boundary", "trust boundaries")
    ));
    ui.add_space(6.0);
    ui.label(theme::heading("Rating scale"));
    // One per line: side by side they would widen the panel over the canvas.
    for scale in Scale::ALL {
        if ui.radio(model.scale == scale, scale.label()).clicked() && model.scale != scale {
            requests.push(Request::Edit(Command::SetScale { scale }));
        }
    }
    ui.add_space(6.0);
    ui.label(theme::heading("Regulations that apply"));
    ui.label(theme::hint("They raise the impact of threats to the data they protect."));
    for scope in Compliance::ALL {
        let mut applies = model.compliance.contains(&scope);
        if ui.checkbox(&mut applies, scope.label()).changed() {
            requests.push(Request::Edit(Command::SetCompliance { scope, applies }));
        }
    }
    let crossing = analysis.flows_crossing_boundaries;
    ui.label(format!("{} a trust boundary", count_with_verb(crossing, "flow", "flows", "crosses", "cross")));
    ui.add_space(10.0);
    ui.label(theme::hint(
        "Step 1, understand: draw what the app is made of. Add boxes from the palette, drag the + handle \
         of a box to another to add a data flow, and put boxes inside trust boundaries.",
    ));
}

fn element_ui(ui: &mut Ui, model: &ThreatModel, element: &Element, requests: &mut Vec<Request>) {
    let catalog = KindCatalog::builtin();
    let kind = catalog.kind(&element.kind);
    ui.label(theme::heading(catalog.kind_name(&element.kind)));
    if let Some(kind) = kind {
        ui.label(theme::hint(&kind.description));
    }
    let target = Target::Element(element.id.clone());
    if let Some(name) = text_field_ui(ui, "Name", &element.name, false, requests) {
        requests.push(Request::Edit(Command::Rename { target, name }));
    }
    ui.label("Kind");
    ComboBox::from_id_salt("element-kind")
        .selected_text(catalog.kind_name(&element.kind))
        .width(ui.available_width() - 8.0)
        .show_ui(ui, |ui| {
            for option in &catalog.kinds {
                if ui.selectable_label(option.id == element.kind, &option.name).clicked() && option.id != element.kind {
                    requests.push(Request::Edit(Command::SetElementKind {
                        id: element.id.clone(),
                        kind: option.id.clone(),
                    }));
                }
            }
        });
    if let Some(text) = text_field_ui(ui, "Description", &element.description, true, requests) {
        requests.push(Request::Edit(Command::SetElementDescription { id: element.id.clone(), text }));
    }
    let mut critical = element.critical;
    if ui
        .checkbox(&mut critical, "Critical asset")
        .on_hover_text("Its threats come first in the fix-first list")
        .changed()
    {
        requests.push(Request::Edit(Command::SetElementCritical { id: element.id.clone(), critical }));
    }

    if let Some(source) = &element.source {
        ui.add_space(4.0);
        ui.label(theme::hint(format!("Imported from {}", source.place())));
    }
    let inside: Vec<String> =
        model.boundaries_of(&element.id).iter().filter_map(|b| model.boundary(b)).map(|b| b.name.clone()).collect();
    ui.add_space(4.0);
    ui.label(if inside.is_empty() {
        "Inside no trust boundary".to_owned()
    } else {
        format!("Inside: {}", inside.join(" › "))
    });

    if let Some(kind) = kind.filter(|k| k.all_properties().next().is_some()) {
        ui.add_space(8.0);
        ui.label(theme::heading("What do we know?"));
        ui.label(theme::hint("Unknown is a fine answer: it becomes a question to ask your developer."));
        let target = Target::Element(element.id.clone());
        facts_ui(ui, &target, (&element.properties, element.source.as_ref()), (&kind.properties, &kind.more), requests);
    }

    let outgoing: Vec<_> = model.flows.iter().filter(|f| f.from == element.id).collect();
    let incoming: Vec<_> = model.flows.iter().filter(|f| f.to == element.id).collect();
    if !outgoing.is_empty() || !incoming.is_empty() {
        ui.add_space(8.0);
        ui.label(theme::heading("Data flows"));
        for flow in outgoing {
            ui.label(format!("→ {}: {}", name_of(model, &flow.to), flow_title(flow)));
        }
        for flow in incoming {
            ui.label(format!("← {}: {}", name_of(model, &flow.from), flow_title(flow)));
        }
    }
}

fn flow_ui(ui: &mut Ui, model: &ThreatModel, flow: &Flow, requests: &mut Vec<Request>) {
    ui.label(theme::heading("Data flow"));
    ui.label(format!("{} → {}", name_of(model, &flow.from), name_of(model, &flow.to)));
    if ui.button("⇄ Reverse direction").clicked() {
        requests.push(Request::Edit(Command::ReverseFlow { id: flow.id.clone() }));
    }
    let target = Target::Flow(flow.id.clone());
    if let Some(name) = text_field_ui(ui, "What it carries (label)", &flow.label, false, requests) {
        requests.push(Request::Edit(Command::Rename { target, name }));
    }
    if let Some(protocol) = text_field_ui(ui, "Protocol", &flow.protocol, false, requests) {
        requests.push(Request::Edit(Command::SetFlowProtocol { id: flow.id.clone(), protocol }));
    }
    for (check, label, value) in [
        (FlowCheck::Encrypted, "Encrypted in transit", flow.encrypted),
        (FlowCheck::Authenticated, "Sender is authenticated", flow.authenticated),
    ] {
        ui.label(label);
        if let Some(value) = tri_ui(ui, label, value) {
            requests.push(Request::Edit(Command::SetFlowCheck { id: flow.id.clone(), check, value }));
        }
    }
    let target = Target::Flow(flow.id.clone());
    facts_ui(ui, &target, (&flow.properties, None), (&[], &KindCatalog::builtin().flow_properties), requests);
    ui.add_space(6.0);
    ui.label(theme::heading("Data it carries"));
    for class in DataClass::ALL {
        let mut carried = flow.data.contains(&class);
        if ui.checkbox(&mut carried, class.label()).changed() {
            requests.push(Request::Edit(Command::SetFlowData { id: flow.id.clone(), class, carried }));
        }
    }
    ui.add_space(6.0);
    ui.label(theme::heading("Trust boundaries"));
    let crossings = model.crossings(flow);
    if crossings.is_empty() {
        ui.label("Stays inside one trust zone");
    }
    for crossing in crossings {
        let name = model.boundary(&crossing.boundary).map_or_else(|| crossing.boundary.to_string(), |b| b.name.clone());
        let verb = match crossing.direction {
            CrossingDirection::Leaving => "Leaves",
            CrossingDirection::Entering => "Enters",
            CrossingDirection::Across => "Crosses",
        };
        ui.label(format!("{verb} {name}"));
    }
}

fn boundary_ui(ui: &mut Ui, model: &ThreatModel, boundary: &Boundary, requests: &mut Vec<Request>) {
    ui.label(theme::heading("Trust boundary"));
    let target = Target::Boundary(boundary.id.clone());
    if let Some(name) = text_field_ui(ui, "Name", &boundary.name, false, requests) {
        requests.push(Request::Edit(Command::Rename { target, name }));
    }
    ui.label("Kind");
    ComboBox::from_id_salt("boundary-kind").selected_text(boundary.kind.label()).show_ui(ui, |ui| {
        for kind in BoundaryKind::ALL {
            if ui.selectable_label(kind == boundary.kind, kind.label()).clicked() && kind != boundary.kind {
                requests.push(Request::Edit(Command::SetBoundaryKind { id: boundary.id.clone(), kind }));
            }
        }
    });
    ui.add_space(6.0);
    if let Some(line) = model.boundary_line(&boundary.id) {
        line_ui(ui, model, boundary, line, requests);
        return;
    }
    ui.label(theme::heading("Inside"));
    let members = model.members_of(&boundary.id);
    if members.is_empty() {
        ui.label(theme::hint("Nothing yet: drag elements into the boundary."));
    }
    for element in members {
        ui.label(format!("• {}", element.name));
    }
}

/// A boundary line: the flows that cross it, and its bends.
fn line_ui(ui: &mut Ui, model: &ThreatModel, boundary: &Boundary, line: &[Point], requests: &mut Vec<Request>) {
    ui.label(theme::heading("Flows crossing this line"));
    let crossing: Vec<&Flow> = model
        .flows
        .iter()
        .filter(|f| {
            let (from, to) = (model.element_position(&f.from), model.element_position(&f.to));
            segment_meets_polyline(from, to, line)
        })
        .collect();
    if crossing.is_empty() {
        ui.label(theme::hint("None yet: move the line, or drag its handles, so that flows cross it."));
    }
    for flow in crossing {
        ui.label(format!("• {} ({} → {})", flow_title(flow), name_of(model, &flow.from), name_of(model, &flow.to)));
    }
    ui.add_space(6.0);
    ui.label(theme::hint("Drag the squares to move the ends, the circles to bend the line."));
    if line.len() > 2 && ui.button("Straighten").on_hover_text("Keep only the two ends").clicked() {
        let ends = [line[0], line[line.len() - 1]].to_vec();
        requests.push(Request::Edit(Command::SetBoundaryLine { id: boundary.id.clone(), points: ends }));
    }
}

/// A labelled text field; returns the new text when it changed this frame.
fn text_field_ui(
    ui: &mut Ui,
    label: &str,
    value: &str,
    multiline: bool,
    requests: &mut Vec<Request>,
) -> Option<String> {
    let label_response = ui.label(label);
    let mut text = value.to_owned();
    let edit = if multiline { TextEdit::multiline(&mut text).desired_rows(3) } else { TextEdit::singleline(&mut text) };
    let response = ui.add(edit.desired_width(f32::INFINITY)).labelled_by(label_response.id);
    if response.lost_focus() {
        requests.push(Request::EndTyping);
    }
    (response.changed() && text != value).then_some(text)
}

fn name_of(model: &ThreatModel, id: &crate::model::ElementId) -> String {
    model.element(id).map_or_else(|| id.to_string(), |e| e.name.clone())
}

fn flow_title(flow: &Flow) -> &str {
    if flow.label.is_empty() { "data flow" } else { &flow.label }
}
