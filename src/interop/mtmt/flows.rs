//! Data flows (connectors): both ends must be elements, else the flow is left out with the
//! reason; the name becomes the label, and the settings that say protocol, encryption or
//! authentication become the flow's.

use super::import::SurfaceImport;
use super::mapping::{self, FlowSetting};
use super::stencil::Stencil;
use super::xml::{self, text_of};
use crate::interop::format::FormatError;
use crate::model::{Flow, FlowId, Tri};

/// Why a flow end does not lead to an element.
enum LooseEnd {
    Free,
    Missing(String),
    NotAnElement(String),
}

impl SurfaceImport<'_> {
    /// The element a flow end (`SourceGuid`, `TargetGuid`) leads to, by its place in
    /// `model.elements`.
    fn end(&self, stencil: &Stencil, field: &str) -> Result<usize, LooseEnd> {
        let guid = text_of(stencil.node, field);
        if xml::is_nil_guid(&guid) {
            return Err(LooseEnd::Free);
        }
        if let Some(&at) = self.elements.get(&guid) {
            return Ok(at);
        }
        Err(match self.others.get(&guid) {
            Some(label) => LooseEnd::NotAnElement(label.clone()),
            None => LooseEnd::Missing(guid),
        })
    }

    pub(super) fn add_flow(&mut self, stencil: &Stencil) -> Result<(), FormatError> {
        let (from, to) = match (self.end(stencil, "SourceGuid"), self.end(stencil, "TargetGuid")) {
            (Ok(from), Ok(to)) => (from, to),
            (Err(problem), _) => {
                self.left_out_flow(stencil, "source", problem);
                return Ok(());
            }
            (_, Err(problem)) => {
                self.left_out_flow(stencil, "target", problem);
                return Ok(());
            }
        };
        let ends = [from, to].map(|at| self.model.elements.get(at).map(|e| (e.id.clone(), e.name.clone())));
        let [Some((from_id, from_name)), Some((to_id, to_name))] = ends else { return Ok(()) };
        let label = if stencil.name.is_empty() {
            format!("unnamed data flow from '{from_name}' to '{to_name}'")
        } else {
            stencil.label()
        };
        let id = self.claim(&stencil.guid, FlowId::PREFIX, &label);
        let mut flow = Flow::new(FlowId::new(id.clone()), from_id, to_id, stencil.name.clone());
        let mut not_kept = Vec::new();
        for setting in &stencil.settings {
            let Some(value) = setting.value.as_deref() else { continue };
            if mapping::is_bookkeeping(&setting.label) {
                continue;
            }
            match mapping::flow_setting(&setting.label, value) {
                Some(FlowSetting::Protocol(protocol)) => flow.protocol = protocol,
                Some(FlowSetting::Encrypted(yes)) => flow.encrypted = if yes { Tri::Yes } else { Tri::No },
                Some(FlowSetting::Authenticated(yes)) => flow.authenticated = if yes { Tri::Yes } else { Tri::No },
                None => not_kept.push(format!("{} \"{value}\"", setting.label)),
            }
        }
        self.note_settings_not_kept(&label, &not_kept);
        if stencil.setting("Out Of Scope").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            self.notes.push(format!(
                "The {label} is out of scope in the tool; ThreatSketch has no such setting, so it was kept."
            ));
        }
        self.flows.entry(stencil.guid.clone()).or_insert(id);
        self.model.flows.push(flow);
        Ok(())
    }

    fn left_out_flow(&mut self, stencil: &Stencil, end: &str, problem: LooseEnd) {
        let why = match problem {
            LooseEnd::Free => format!("its {end} is not attached to an element"),
            LooseEnd::Missing(guid) => format!("its {end} is the shape {guid}, which is not in the diagram"),
            LooseEnd::NotAnElement(what) => format!("its {end} is the {what}, not an element"),
        };
        let label = stencil.label();
        self.notes.push(format!("The {label} was left out: {why}."));
        self.left_out_flows.entry(stencil.guid.clone()).or_insert(label);
    }
}
