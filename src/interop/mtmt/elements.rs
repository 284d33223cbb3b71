//! Processes, external interactors and data stores as elements: kind from the stencil type,
//! name, place, and the settings that answer one of the kind's questions.

use super::import::SurfaceImport;
use super::mapping::{self, Shape};
use super::stencil::Stencil;
use crate::interop::format::FormatError;
use crate::model::{Element, ElementId, ElementType, Point};

/// The tool's size for a new stencil, for stencils that lack one.
const DEFAULT_SIZE: f64 = 100.0;

impl SurfaceImport<'_> {
    pub(super) fn add_element(&mut self, stencil: &Stencil, element_type: ElementType) -> Result<(), FormatError> {
        let noun = Shape::Element(element_type).noun();
        let id = ElementId::new(self.claim(&stencil.guid, ElementId::PREFIX, &stencil.label()));
        let name = if stencil.name.is_empty() {
            let name = format!("Unnamed {noun}");
            self.notes.push(format!("A {noun} without a name was called '{name}'."));
            name
        } else {
            stencil.name.clone()
        };
        let label = format!("{noun} '{name}'");
        let kind = self.kind_of(stencil, element_type, &label);
        let mut element = Element::new(id.clone(), kind, name);

        let mut not_kept = Vec::new();
        for setting in &stencil.settings {
            let Some(value) = setting.value.as_deref() else { continue };
            if mapping::is_bookkeeping(&setting.label) {
                continue;
            }
            let answer = mapping::element_answer(&setting.label, value);
            match answer {
                Some((property, answer)) if self.kinds.kind(kind).is_some_and(|k| k.asks(property)) => {
                    element.set_answer(property, Some(answer));
                }
                _ => not_kept.push(format!("{} \"{value}\"", setting.label)),
            }
        }
        self.note_settings_not_kept(&label, &not_kept);
        if stencil.setting("Out Of Scope").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            let reason = stencil.setting("Reason For Out Of Scope").unwrap_or_default();
            element.description = if reason.is_empty() {
                "Out of scope in the Microsoft Threat Modeling Tool.".to_owned()
            } else {
                format!("Out of scope in the Microsoft Threat Modeling Tool: {reason}")
            };
            self.notes.push(format!(
                "The {label} is out of scope in the tool; ThreatSketch has no such setting, so it was kept, with the \
                reason in its description."
            ));
        }

        match (stencil.number("Left")?, stencil.number("Top")?) {
            (Some(left), Some(top)) => {
                let width = stencil.number("Width")?.unwrap_or(DEFAULT_SIZE);
                let height = stencil.number("Height")?.unwrap_or(DEFAULT_SIZE);
                // The tool places a stencil by its top-left corner, ThreatSketch by its centre.
                let center = Point::new((left + width / 2.0) as f32, (top + height / 2.0) as f32).rounded();
                self.model.layout.elements.insert(id, center);
            }
            _ => self.notes.push(format!("The {label} has no position; it was placed at the top left.")),
        }
        self.elements.entry(stencil.guid.clone()).or_insert(self.model.elements.len());
        self.model.elements.push(element);
        Ok(())
    }

    /// The kind the stencil type stands for; the generic kind of its STRIDE type, with a note,
    /// for a type this import does not know.
    fn kind_of(&mut self, stencil: &Stencil, element_type: ElementType, label: &str) -> &'static str {
        let generic = mapping::generic_kind(element_type);
        if mapping::is_generic(&stencil.type_id) {
            return generic;
        }
        let known = mapping::kind_for(&stencil.type_id, &stencil.type_name, stencil.setting("Storage Type"));
        // The kind must keep the stencil's STRIDE type, so threats keep their meaning.
        let fits = known.filter(|kind| self.kinds.kind(kind).is_some_and(|k| k.element_type == element_type));
        fits.unwrap_or_else(|| {
            self.notes.push(format!(
                "The {label} is a \"{}\" ({}) in the tool, a type this import does not know; it became {}.",
                stencil.type_name,
                stencil.type_id,
                crate::words::with_article(&crate::words::lower_first(self.kinds.kind_name(generic)))
            ));
            generic
        })
    }
}
