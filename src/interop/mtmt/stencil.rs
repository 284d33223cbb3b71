//! One entry of a drawing surface's `Borders` or `Lines`, read into its parts: ids, types, the
//! settings list the tool shows in its Properties pane, and the geometry fields.

use roxmltree::Node;

use super::mapping::Shape;
use super::xml::{self, child, elements, text, text_of};
use crate::interop::format::FormatError;

/// A setting of a stencil, as the tool's Properties pane shows it.
pub(super) struct Setting {
    /// What the pane calls it: "Name", "Azure SQL DB TDE Enabled".
    pub label: String,
    /// The text, "true"/"false", or the chosen option; `None` when nothing is set (nil, empty,
    /// or the list's "Select" placeholder).
    pub value: Option<String>,
}

/// A stencil (element, boundary) or line (flow, boundary line).
pub(super) struct Stencil<'a, 'input> {
    pub node: Node<'a, 'input>,
    pub guid: String,
    pub type_id: String,
    /// The name of the stencil type, the first header of its settings: "Web API".
    pub type_name: String,
    pub shape: Option<Shape>,
    /// The DataContract type, for messages about shapes this import does not know.
    pub xml_type: String,
    /// The Name setting, whitespace runs as single spaces.
    pub name: String,
    pub settings: Vec<Setting>,
}

impl<'a, 'input> Stencil<'a, 'input> {
    /// Reads a `KeyValueOfguidanyType` entry: the key is the guid, the value the stencil.
    pub fn read(entry: Node<'a, 'input>) -> Result<Self, FormatError> {
        let node = child(entry, "Value").ok_or_else(|| xml::error_at(entry, "an entry of the diagram has no Value"))?;
        let mut guid = text_of(node, "Guid");
        if guid.is_empty() {
            guid = text_of(entry, "Key");
        }
        let generic_type = text_of(node, "GenericTypeId");
        let type_id = text_of(node, "TypeId");
        let xml_type = xml::type_attribute(node).to_owned();
        let mut type_name = String::new();
        let mut name = String::new();
        let mut settings = Vec::new();
        for item in child(node, "Properties").into_iter().flat_map(elements) {
            let label = clean(&text_of(item, "DisplayName"));
            let is_header = xml::type_attribute(item) == "HeaderDisplayAttribute";
            if is_header {
                if type_name.is_empty() {
                    type_name = label;
                }
                continue;
            }
            let value = setting_value(item)?;
            if label == "Name" && name.is_empty() {
                name = value.as_deref().map(clean).unwrap_or_default();
            }
            settings.push(Setting { label, value });
        }
        let shape = Shape::of(&generic_type, &xml_type);
        Ok(Self { node, guid, type_id, type_name, shape, xml_type, name, settings })
    }

    /// The value of a setting, if set.
    pub fn setting(&self, label: &str) -> Option<&str> {
        self.settings.iter().find(|s| s.label == label).and_then(|s| s.value.as_deref())
    }

    /// Words for messages: "process 'Public API v2'".
    pub fn label(&self) -> String {
        let noun = self.shape.map_or("shape", Shape::noun);
        if self.name.is_empty() { format!("unnamed {noun} {}", self.guid) } else { format!("{noun} '{}'", self.name) }
    }

    /// A number of the stencil's geometry (`Left`, `SourceX`, …).
    pub fn number(&self, field: &str) -> Result<Option<f64>, FormatError> {
        xml::number_of(self.node, field, &self.label())
    }
}

/// A list setting's chosen option, or the text of any other.
fn setting_value(item: Node) -> Result<Option<String>, FormatError> {
    let value = child(item, "Value");
    let Some(index) = child(item, "SelectedIndex") else {
        let said = value.map(text).unwrap_or_default();
        return Ok(Some(said).filter(|s| !s.is_empty()));
    };
    let said = text(index);
    let index: usize = said
        .parse()
        .map_err(|_| xml::error_at(index, format!("a SelectedIndex should be a whole number, not \"{said}\"")))?;
    let chosen = value.and_then(|v| elements(v).nth(index)).map(text);
    Ok(chosen.filter(|c| !c.is_empty() && c != "Select"))
}

/// Whitespace runs (names wrap over lines in the tool) as single spaces.
pub(super) fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}
