//! "Changes since last review": what the window, the canvas and the threats panel compare the
//! model with (the state recorded at the last logged review, or a file the user picked), kept
//! up to date as the model changes.

use std::collections::HashMap;
use std::path::Path;

use super::ThreatSketchApp;
use super::modal::{FileUse, Modal};
use crate::changes::{ChangesSince, since_file, since_review};
use crate::io::dialogs::MODEL_FILTER;
use crate::io::load_path;
use crate::model::ThreatModel;
use crate::threats::{Analysis, analyze};
use crate::ui::changes_window::{ThreatTag, threat_tags};

/// What the model is compared with.
pub(super) enum Against {
    /// The state recorded in the model by its last logged review.
    LastReview,
    /// Another version of the model, read from a file once.
    File { label: String, model: Box<ThreatModel>, analysis: Box<Analysis> },
}

pub(super) struct Comparison {
    against: Against,
    /// The derived state's stamp the changes were worked out for.
    stamp: Option<u64>,
    pub(super) changes: ChangesSince,
    pub(super) tags: HashMap<String, ThreatTag>,
}

impl Comparison {
    fn new(against: Against) -> Self {
        Self { against, stamp: None, changes: ChangesSince::default(), tags: HashMap::new() }
    }
}

impl ThreatSketchApp {
    /// Opens the window compared with the last logged review.
    pub(super) fn show_changes_since_review(&mut self) {
        if self.doc.model().review.reviewed.is_none() {
            self.inform(
                "No review recorded what it saw yet: log a review (in the model's inspector), and changes after it \
                 show here. Or compare with a file.",
            );
            return;
        }
        self.comparison = Some(Comparison::new(Against::LastReview));
        self.refresh_comparison();
    }

    pub(super) fn ask_file_to_compare(&mut self, ctx: &egui::Context) {
        self.ask_to_import(ctx, "Compare with a model file", MODEL_FILTER, FileUse::CompareWith);
    }

    /// Compares with the model in `path`; a file that cannot be read changes nothing.
    pub(super) fn compare_with_file(&mut self, path: &Path) {
        match load_path(path) {
            Ok(loaded) => {
                let analysis = analyze(&loaded.model, &self.catalogue);
                let label = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
                let against = Against::File { label, model: Box::new(loaded.model), analysis: Box::new(analysis) };
                self.comparison = Some(Comparison::new(against));
                self.refresh_comparison();
            }
            Err(err) => {
                let title = "Could not compare with that file".to_owned();
                self.modal = Some(Modal::Notice { title, body: err.to_string() });
            }
        }
    }

    /// Works the changes out again when the model (or its threats) changed since last time.
    pub(super) fn refresh_comparison(&mut self) {
        let stamp = self.derived.stamp;
        let Some(comparison) = &mut self.comparison else { return };
        if comparison.stamp == Some(stamp) {
            return;
        }
        let (model, analysis) = (self.doc.model(), &self.derived.analysis);
        let changes = match &comparison.against {
            Against::LastReview => match &model.review.reviewed {
                Some(reviewed) => since_review(reviewed, model, analysis),
                // Undo took the review back: nothing to compare with any more.
                None => {
                    self.comparison = None;
                    return;
                }
            },
            Against::File { label, model: old, analysis: old_analysis } => {
                since_file(label, (old, old_analysis), (model, analysis))
            }
        };
        comparison.tags = threat_tags(&changes.threats);
        comparison.changes = changes;
        comparison.stamp = Some(stamp);
    }
}
