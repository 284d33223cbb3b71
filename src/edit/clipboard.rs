//! Copy and paste of elements, through the system clipboard as text, so they travel between
//! models and windows. The text is a small RON document with its own marker.

use serde::{Deserialize, Serialize};

use super::Command;
use crate::model::{Element, ElementId, Flow, FlowId, Point, ThreatModel};

const CLIP_MARKER: &str = "threatsketch-clip";
/// Pasted elements land this far from where they were copied.
const PASTE_OFFSET: f32 = 40.0;

#[derive(Debug, Serialize, Deserialize)]
struct Clip {
    format: String,
    elements: Vec<(Element, Point)>,
    /// Flows between the copied elements.
    flows: Vec<Flow>,
}

/// The selected elements and the flows between them as clipboard text.
pub fn copy_elements(model: &ThreatModel, ids: &[ElementId]) -> Option<String> {
    let elements: Vec<(Element, Point)> =
        ids.iter().filter_map(|id| model.element(id)).map(|e| (e.clone(), model.element_position(&e.id))).collect();
    if elements.is_empty() {
        return None;
    }
    let copied = |id: &ElementId| elements.iter().any(|(e, _)| &e.id == id);
    let flows = model.flows.iter().filter(|f| copied(&f.from) && copied(&f.to)).cloned().collect();
    let clip = Clip { format: CLIP_MARKER.to_owned(), elements, flows };
    ron::ser::to_string(&clip).ok()
}

/// The command that adds the clipboard's elements to `model` with fresh ids, or `None` when
/// the text is not a ThreatSketch clip (then the paste is simply not for the canvas).
pub fn paste_elements(model: &ThreatModel, text: &str) -> Option<(Command, Vec<ElementId>)> {
    let clip: Clip = ron::from_str(text.trim()).ok()?;
    if clip.format != CLIP_MARKER || clip.elements.is_empty() {
        return None;
    }
    let mut taken: Vec<ElementId> = model.elements.iter().map(|e| e.id.clone()).collect();
    let mut mapping: Vec<(ElementId, ElementId)> = Vec::new();
    let mut commands = Vec::new();
    for (mut element, at) in clip.elements {
        if !(at.x.is_finite() && at.y.is_finite()) {
            continue;
        }
        let id = ElementId::next_free(taken.iter());
        taken.push(id.clone());
        mapping.push((element.id.clone(), id.clone()));
        element.id = id;
        commands.push(Command::AddElement { element, center: at.offset(PASTE_OFFSET, PASTE_OFFSET) });
    }
    let mut flow_ids: Vec<FlowId> = model.flows.iter().map(|f| f.id.clone()).collect();
    let new_id = |old: &ElementId| mapping.iter().find(|(o, _)| o == old).map(|(_, n)| n.clone());
    for flow in clip.flows {
        if let (Some(from), Some(to)) = (new_id(&flow.from), new_id(&flow.to)) {
            let id = FlowId::next_free(flow_ids.iter());
            flow_ids.push(id.clone());
            commands.push(Command::AddFlow { flow: Flow { id, from, to, ..flow } });
        }
    }
    if mapping.is_empty() {
        return None;
    }
    let label = if mapping.len() == 1 { "Paste".to_owned() } else { format!("Paste {} elements", mapping.len()) };
    Some((Command::Batch { label, commands }, mapping.into_iter().map(|(_, n)| n).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Document;
    use crate::io::templates::{TEMPLATES, Template};

    #[test]
    fn elements_copied_from_one_model_paste_into_another() {
        let source = Template::sample().model().unwrap();
        let text = copy_elements(&source, &[ElementId::new("e2"), ElementId::new("e3")]).unwrap();
        let target = TEMPLATES.iter().find(|t| t.id == "contact-form").unwrap().model().unwrap();
        let mut doc = Document::new(target.clone(), None);
        let (command, ids) = paste_elements(doc.model(), &text).unwrap();
        doc.apply(command).unwrap();
        assert_eq!(doc.model().elements.len(), target.elements.len() + 2);
        assert_eq!(doc.model().element(&ids[0]).unwrap().name, "API gateway");
        assert!(doc.model().flows.iter().any(|f| f.from == ids[0] && f.to == ids[1]), "the flow between them too");
        assert_eq!(doc.history().undo_depth(), 1);
    }

    #[test]
    fn other_text_is_not_pasted() {
        let model = Template::sample().model().unwrap();
        assert!(paste_elements(&model, "hello").is_none());
        assert!(paste_elements(&model, "(format: \"other\", elements: [], flows: [])").is_none());
        assert!(copy_elements(&model, &[]).is_none());
    }
}
