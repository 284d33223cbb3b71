use std::fmt;
use std::path::PathBuf;

use thiserror::Error;

use super::TextPosition;
use crate::escape::clip_quoted;
use crate::model::Issue;

/// A validation problem with the place in the file where it shows, when it can be found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocatedIssue {
    pub issue: Issue,
    pub position: Option<TextPosition>,
}

/// What a problem quotes from the file (an id, a kind, a property) is clipped to a readable
/// length: a 10 MB id gives a line, not 10 MB.
impl fmt::Display for LocatedIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let issue = self.issue.to_string();
        let issue = clip_quoted(&issue);
        match self.position {
            Some(p) => write!(f, "line {}, column {}: {issue}", p.line, p.column),
            None => write!(f, "{issue}"),
        }
    }
}

/// Why a model file could not be opened. Messages say what is wrong, where, and name the
/// file last; what they quote from the file is clipped (`escape::clip_quoted`).
#[derive(Debug, Error)]
pub enum LoadError {
    #[error("could not read the file: {source} ({path})")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("line {}, column {}: {} ({path})", position.line, position.column, clip_quoted(message))]
    Syntax { path: PathBuf, position: TextPosition, message: String },
    #[error("this is not a ThreatSketch model: expected `format: \"threatsketch\"` at the top ({path})")]
    NotAModel { path: PathBuf },
    #[error(
        "this model was saved by a newer ThreatSketch (file version {found}; this version reads up to {supported}); \
         it was not opened, so nothing in it can be lost ({path})"
    )]
    NewerVersion { path: PathBuf, found: u32, supported: u32 },
    #[error("file version {found} is not a version ThreatSketch ever wrote; expected 1 to {supported} ({path})")]
    UnknownVersion { path: PathBuf, found: u32, supported: u32 },
    #[error("{} ({path})", summary(problems))]
    Invalid { path: PathBuf, problems: Vec<LocatedIssue> },
}

fn summary(problems: &[LocatedIssue]) -> String {
    match problems {
        [] => "the model is not valid".to_owned(),
        [one] => one.to_string(),
        [first, rest @ ..] => format!("{first} (and {} more problems)", rest.len()),
    }
}

impl LoadError {
    /// Where the first problem is, for the status bar and tests.
    pub fn position(&self) -> Option<TextPosition> {
        match self {
            Self::Syntax { position, .. } => Some(*position),
            Self::Invalid { problems, .. } => problems.first().and_then(|p| p.position),
            _ => None,
        }
    }
}

/// Why a model could not be saved. The file on disk is unchanged when this happens.
#[derive(Debug, Error)]
pub enum SaveError {
    #[error("could not save: {source}; the file on disk was not changed ({path})")]
    Write {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("could not turn the model into RON: {} ({path})", clip_quoted(message))]
    Serialize { path: PathBuf, message: String },
}
