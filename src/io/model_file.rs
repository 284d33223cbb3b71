//! The `.ron` model file: deterministic pretty printing, version checks, located errors.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{LoadError, LocatedIssue, SaveError, TextPosition, locate, write_atomic};
use crate::model::{CURRENT_VERSION, FORMAT_MARKER, Issue, Severity, ThreatModel};

/// The first line of every saved file; comments are allowed in RON and ignored on load.
const FILE_HEADER: &str = "// ThreatSketch threat model. Plain text: read it, diff it, review it.\n";

/// A model read from a file, with the warnings worth showing.
#[derive(Debug)]
pub struct Loaded {
    pub model: ThreatModel,
    pub warnings: Vec<LocatedIssue>,
}

/// Just the fields that decide whether and how to read the rest.
#[derive(Deserialize)]
struct Header {
    #[serde(default)]
    format: String,
    #[serde(default)]
    version: u32,
}

/// The model as saved: the same model always gives the same bytes.
pub fn to_ron(model: &ThreatModel) -> Result<String, ron::Error> {
    // Depth 3 keeps points, property maps and data-class lists on one line each, so moving an
    // element or answering one question changes one line of the file.
    let config = ron::ser::PrettyConfig::new().indentor("    ").struct_names(false).depth_limit(3);
    let body = ron::ser::to_string_pretty(model, config)?;
    Ok(format!("{FILE_HEADER}{body}\n"))
}

/// Reads a model from text; `path` is only used in messages.
pub fn parse_model(text: &str, path: &Path) -> Result<Loaded, LoadError> {
    // One full parse in the common case; the header is read on its own only to explain a
    // failure (a newer version's new fields, or a file of another tool).
    let mut model: ThreatModel = match ron::from_str(text) {
        Ok(model) => model,
        Err(err) => {
            let header: Header = ron::from_str(text).map_err(|_| syntax_error(text, &err, path))?;
            check_header(&header.format, header.version, path)?;
            return Err(syntax_error(text, &err, path));
        }
    };
    check_header(&model.format, model.version, path)?;
    crate::model::migrate::migrate(&mut model);

    let (errors, warnings): (Vec<_>, Vec<_>) = model
        .validate()
        .into_iter()
        .map(|issue| locate_issue(text, issue))
        .partition(|i| i.issue.severity() == Severity::Error);
    if !errors.is_empty() {
        return Err(LoadError::Invalid { path: path.to_path_buf(), problems: errors });
    }
    Ok(Loaded { model, warnings })
}

fn check_header(format: &str, version: u32, path: &Path) -> Result<(), LoadError> {
    if format != FORMAT_MARKER {
        return Err(LoadError::NotAModel { path: path.to_path_buf() });
    }
    if version > CURRENT_VERSION {
        return Err(LoadError::NewerVersion { path: path.to_path_buf(), found: version, supported: CURRENT_VERSION });
    }
    if version == 0 {
        return Err(LoadError::UnknownVersion { path: path.to_path_buf(), found: version, supported: CURRENT_VERSION });
    }
    Ok(())
}

/// Reads and checks a model file.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    let text = std::fs::read_to_string(path).map_err(|source| LoadError::Read { path: path.to_path_buf(), source })?;
    parse_model(&text, path)
}

/// Saves atomically, keeping the previous version as `NAME~`.
pub fn save_path(model: &ThreatModel, path: &Path) -> Result<(), SaveError> {
    let text =
        to_ron(model).map_err(|err| SaveError::Serialize { path: path.to_path_buf(), message: err.to_string() })?;
    write_atomic(path, text.as_bytes()).map_err(|source| SaveError::Write { path: path.to_path_buf(), source })
}

fn syntax_error(text: &str, err: &ron::error::SpannedError, path: &Path) -> LoadError {
    let (position, message) = ron_error(text, err);
    LoadError::Syntax { path: PathBuf::from(path), position, message }
}

/// Where a RON error is and what it says, worded as a sentence: for every RON file the app reads.
pub fn ron_error(text: &str, err: &ron::error::SpannedError) -> (TextPosition, String) {
    let reported = TextPosition { line: err.span.start.line, column: err.span.start.col };
    (skip_blanks(text, reported), describe(&err.code))
}

/// RON reports some errors at the blank before the offending value; point at the value.
fn skip_blanks(text: &str, at: TextPosition) -> TextPosition {
    let Some(line) = text.lines().nth(at.line.saturating_sub(1)) else { return at };
    let blanks = line.chars().skip(at.column.saturating_sub(1)).take_while(|c| *c == ' ' || *c == '\t').count();
    let rest_is_blank = line.chars().count() < at.column + blanks;
    if rest_is_blank { at } else { TextPosition { line: at.line, column: at.column + blanks } }
}

/// RON's messages, made to read as a sentence and to say what was expected.
fn describe(code: &ron::Error) -> String {
    match code {
        ron::Error::Eof => "the file ends too early; it may have been cut off".to_owned(),
        other => {
            let text = other.to_string();
            let mut chars = text.chars();
            match chars.next() {
                Some(first) => first.to_lowercase().chain(chars).collect(),
                None => text,
            }
        }
    }
}

fn locate_issue(text: &str, issue: Issue) -> LocatedIssue {
    let position = issue.location().anchors().find_map(|(snippet, occurrence)| locate(text, snippet, occurrence));
    LocatedIssue { issue, position }
}

/// What a file on disk looked like when it was opened or saved: enough to notice that
/// something else (a git pull, another editor) changed it since.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DiskStamp {
    len: u64,
    modified: Option<std::time::SystemTime>,
    /// FNV-1a of the content: a change within the clock's resolution that keeps the length.
    content: u64,
}

/// The stamp of the file at `path` now; `None` when it cannot be read (gone, no permission).
pub fn disk_stamp(path: &Path) -> Option<DiskStamp> {
    let bytes = std::fs::read(path).ok()?;
    let modified = std::fs::metadata(path).ok().and_then(|m| m.modified().ok());
    let content =
        bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3));
    Some(DiskStamp { len: bytes.len() as u64, modified, content })
}
