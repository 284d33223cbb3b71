//! What ThreatSketch wrote for the model as a whole, on the diagram (see `ModelExtension`): the
//! rating scale and the regulations in scope, which the ratings depend on, the review, and the
//! workshop in progress. A file without it (Threat Dragon's own, or one exported by an older
//! version) gets what a new model has.

use serde::Deserialize;
use serde_json::Value;

use super::DiagramImport;
use crate::interop::threat_dragon::json::ModelExtension;
use crate::model::Workshop;

impl DiagramImport {
    /// The diagram's ThreatSketch details, if they can be read (else a note); the workshop's
    /// focus is then looked for among the cells and threats as they are imported.
    pub(super) fn model_extension(&mut self, raw: Option<&Value>) -> ModelExtension {
        let Some(raw) = raw else { return ModelExtension::default() };
        match ModelExtension::deserialize(raw) {
            Ok(extension) => {
                self.focus = extension.workshop.as_ref().map(|w| (w.focus.clone(), None));
                extension
            }
            Err(_) => {
                self.notes.push(
                    "The ThreatSketch details of the diagram (rating scale, regulations, review, workshop) could not \
                    be read and were ignored."
                        .to_owned(),
                );
                ModelExtension::default()
            }
        }
    }

    /// A cell or threat with the Threat Dragon id `td_id` became `here`: the workshop's focus
    /// when it named that id (the first such cell or threat).
    pub(super) fn found(&mut self, td_id: Option<&str>, here: impl FnOnce() -> String) {
        if let Some((wanted, found @ None)) = &mut self.focus
            && td_id == Some(wanted.as_str())
        {
            *found = Some(here());
        }
    }

    pub(super) fn apply_model_extension(&mut self, extension: ModelExtension) {
        self.model.scale = extension.scale;
        self.model.compliance = extension.compliance;
        self.model.review = extension.review;
        let found = self.focus.take().and_then(|(_, found)| found);
        self.model.workshop = extension.workshop.map(|w| Workshop { step: w.step, focus: found.unwrap_or(w.focus) });
    }
}
