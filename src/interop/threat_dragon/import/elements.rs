//! Actors, processes and stores as elements: kind, name and place, and Threat Dragon's flags as
//! answers or critical assets where a question fits, as notes where none does.

use super::cells::Parsed;
use super::{DiagramImport, clean, join_paragraphs};
use crate::interop::threat_dragon::ImportError;
use crate::interop::threat_dragon::mapping::{self, CellType};
use crate::model::{Element, ElementId, Point, Tri};

impl DiagramImport {
    pub(super) fn add_element(&mut self, cell: &Parsed) -> Result<(), ImportError> {
        let Some(cell_type) = cell.cell_type else { return Ok(()) };
        let extension = self.extension(cell);
        let id = ElementId::new(self.claim_noted(cell, ElementId::PREFIX));
        let name = if cell.name.is_empty() {
            let name = format!("Unnamed {}", cell_type.noun());
            self.notes.push(format!("A {} without a name was called '{name}'.", cell_type.noun()));
            name
        } else {
            cell.name.clone()
        };
        let label = format!("{} '{name}'", cell_type.noun());
        let data = &cell.data;

        // Our own kind, written on export, when it still fits the Threat Dragon type.
        let hinted = mapping::kind_for(cell_type, &name, data.is_a_log);
        let kind = match extension.as_ref().and_then(|e| e.kind.as_deref()) {
            Some(kind) if self.kinds.kind(kind).map(|k| k.element_type) == cell_type.element_type() => kind,
            Some(kind) => {
                self.notes.push(format!(
                    "The {label} was a '{kind}' in ThreatSketch, which does not fit a Threat Dragon {}; it became a \
                    '{hinted}'.",
                    cell_type.noun()
                ));
                hinted
            }
            None => hinted,
        };
        let mut element = Element::new(id.clone(), kind, name);
        element.description = data.description.trim().to_owned();
        if let Some(extension) = &extension {
            let asked = |property: &str| self.kinds.kind(kind).is_some_and(|k| k.asks(property));
            element.properties = self.answers_kept(&extension.properties, asked, &label);
            element.critical = extension.critical;
        }

        match cell_type {
            CellType::Actor if data.provides_authentication => self.notes.push(format!(
                "The {label} provides authentication in Threat Dragon; external entities have no such question here. \
                 Draw the sign-in service as an 'Authorizer / identity provider' if it is part of the app."
            )),
            CellType::Process => {
                if data.is_web_application {
                    self.answer(&mut element, "internet_facing", "is a web application", &label);
                }
                // Written by our export from the flows' data, so only a file of Threat Dragon's own says it.
                if data.handles_card_payment && extension.is_none() {
                    self.critical(&mut element, "handles card payments", &label);
                }
                if data.handles_goods_or_services {
                    self.notes.push(format!(
                        "The {label} handles goods or services in Threat Dragon; ThreatSketch has no such question, \
                        so it was not kept."
                    ));
                }
                let privilege = clean(&data.privilege_level);
                if !privilege.is_empty() {
                    self.notes.push(format!(
                        "The {label} has the privilege level \"{privilege}\" in Threat Dragon; ThreatSketch has no \
                        such field, so it was not kept."
                    ));
                }
            }
            CellType::Store => {
                if data.is_encrypted == Some(true) {
                    self.answer(&mut element, "encrypted_at_rest", "is encrypted", &label);
                }
                if data.stores_credentials && extension.is_none() {
                    self.critical(&mut element, "stores credentials", &label);
                }
                for (flag, what) in [(data.is_signed, "is signed"), (data.stores_inventory, "stores inventory")] {
                    if flag {
                        self.notes.push(format!(
                            "The {label} {what} in Threat Dragon; ThreatSketch has no such question, so it was not \
                            kept."
                        ));
                    }
                }
            }
            _ => {}
        }
        if data.out_of_scope {
            let reason = data.reason_out_of_scope.trim();
            let sentence = if reason.is_empty() {
                "Out of scope in Threat Dragon.".to_owned()
            } else {
                format!("Out of scope in Threat Dragon: {reason}")
            };
            element.description = join_paragraphs([element.description.as_str(), sentence.as_str()]);
            self.notes.push(format!(
                "The {label} is out of scope in Threat Dragon; ThreatSketch has no such setting, so it was kept, with \
                the reason in its description."
            ));
        }

        // Threat Dragon places a shape by its top-left corner, ThreatSketch by its centre.
        let center = match cell.centre() {
            Some(center) => center,
            None => {
                self.notes.push(format!("The {label} has no position; it was placed at the top left."));
                Point::default()
            }
        };
        if !center.is_finite() {
            return Err(cell.too_large_to_draw());
        }
        self.model.layout.elements.insert(id.clone(), center);
        if let Some(td_id) = &cell.id {
            self.elements.entry(td_id.clone()).or_insert(self.model.elements.len());
        }
        self.model.elements.push(element);
        self.threats(cell, id.as_str(), cell_type, Some(kind), &label)
    }

    /// Answers Yes to a question of the element's kind, or says why it could not.
    fn answer(&mut self, element: &mut Element, property: &str, said: &str, label: &str) {
        let kind = self.kinds.kind(&element.kind);
        if kind.is_some_and(|k| k.asks(property)) {
            // An answer ThreatSketch wrote itself stands.
            if element.property(property).is_unknown() {
                element.set_property(property, Tri::Yes);
            }
        } else {
            let question = self.kinds.property(property).map_or(property, |p| p.label.as_str());
            self.notes.push(format!(
                "The {label} {said} in Threat Dragon; {} has no question \"{question}\" here, so it was not kept.",
                crate::words::with_article(&crate::words::lower_first(self.kinds.kind_name(&element.kind)))
            ));
        }
    }

    fn critical(&mut self, element: &mut Element, said: &str, label: &str) {
        element.critical = true;
        self.notes.push(format!(
            "The {label} {said} in Threat Dragon; it was marked as a critical asset, so its threats come first."
        ));
    }
}
