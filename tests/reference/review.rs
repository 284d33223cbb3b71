//! A reviewer's list for one reference architecture: what a senior reviewer expects raised,
//! and what must not be raised because the model states the control that answers it.

// Each test crate that includes this file reads a different part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde::Deserialize;
use threatsketch::io::parse_model;
use threatsketch::model::ThreatModel;
use threatsketch::risk::RiskLevel;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub enum Priority {
    /// A reviewer insists on it.
    Must,
    /// Worth raising; not missing it is a bonus.
    Nice,
}

/// One threat the reviewer expects.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Expected {
    /// Element or flow id in the model.
    pub target: String,
    /// The catalogue rule that says it; `None` when no rule says it (a gap in the catalogue).
    pub rule: Option<String>,
    pub level: Priority,
    /// The reviewer's own risk level, for calibration.
    pub rating: RiskLevel,
    /// The weakness in the reviewer's words, written before choosing a rule.
    pub idea: String,
}

/// One threat that must not be raised, and the stated fact that makes it moot.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NotExpected {
    pub target: String,
    pub rule: String,
    /// The answer in the model that settles it: "authorizer: jwt".
    pub fact: String,
    pub idea: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Review {
    /// The model file beside this one.
    pub model: String,
    /// Who reviewed it, as a role.
    pub reviewer: String,
    /// The public pattern the architecture follows.
    pub source: String,
    pub expected: Vec<Expected>,
    pub should_not_flag: Vec<NotExpected>,
}

pub fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference")
}

/// Every reference architecture: its review and its model, in file name order.
pub fn all() -> Vec<(PathBuf, Review, ThreatModel)> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(folder())
        .unwrap_or_else(|e| panic!("{}: {e}", folder().display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".review.ron"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let options = ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME);
            let review: Review = options.from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let model_path = folder().join(&review.model);
            let model_text =
                std::fs::read_to_string(&model_path).unwrap_or_else(|e| panic!("{}: {e}", model_path.display()));
            let loaded = parse_model(&model_text, &model_path).unwrap_or_else(|e| panic!("{e}"));
            assert!(loaded.warnings.is_empty(), "{}: {:?}", model_path.display(), loaded.warnings);
            (path, review, loaded.model)
        })
        .collect()
}
