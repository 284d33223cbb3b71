//! Native file dialogs. The only module that calls rfd; tests use a fake `FileDialogs`.
//!
//! Where the desktop has no file dialog (no portal and no dialog helper installed), rfd comes
//! back at once with nothing, exactly as if the user had cancelled. A person cannot cancel a
//! dialog that fast, so an empty answer that quick means there was no dialog: the app then
//! shows its own file chooser, and saving always works.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// File types offered in a dialog: (name, extensions), the first the default.
pub type Filters = &'static [(&'static str, &'static [&'static str])];

/// What a file is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    OpenModel,
    SaveModel,
    /// Where to write an export (a report, an image, another tool's file).
    Export,
    /// A file of another tool to import.
    Import,
}

impl Purpose {
    /// Whether the file is written (a save dialog) rather than read.
    pub fn writes(self) -> bool {
        matches!(self, Self::SaveModel | Self::Export)
    }
}

/// One question for a file dialog.
#[derive(Clone, Debug, PartialEq)]
pub struct FileQuestion {
    pub purpose: Purpose,
    pub title: String,
    /// The file name offered when saving.
    pub suggested_name: String,
    pub filters: Filters,
    pub start_folder: Option<PathBuf>,
}

/// What came of asking.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Picked {
    Path(PathBuf),
    Cancelled,
    /// No dialog could be shown on this desktop: ask in the window instead.
    Unavailable,
}

/// Asks the user for files. Behind a trait so the UI can be tested without a desktop.
pub trait FileDialogs {
    fn ask(&self, question: &FileQuestion) -> Picked;
}

/// An empty answer quicker than this came from no dialog at all.
const NO_DIALOG_WITHIN: Duration = Duration::from_millis(300);

/// The desktop's own dialogs (xdg portal on Linux, native on macOS and Windows).
#[derive(Debug, Default)]
pub struct NativeDialogs {
    /// Once the desktop showed it has no dialog, the app's own is used for the session.
    unavailable: Cell<bool>,
}

impl FileDialogs for NativeDialogs {
    fn ask(&self, question: &FileQuestion) -> Picked {
        if self.unavailable.get() {
            return Picked::Unavailable;
        }
        let mut dialog = rfd::FileDialog::new().set_title(&question.title);
        for (name, extensions) in question.filters {
            dialog = dialog.add_filter(*name, extensions);
        }
        if let Some(folder) = &question.start_folder {
            dialog = dialog.set_directory(folder);
        }
        let asked = Instant::now();
        let answer = if question.purpose.writes() {
            dialog.set_file_name(&question.suggested_name).save_file()
        } else {
            dialog.add_filter("All files", &["*"]).pick_file()
        };
        match answer {
            Some(path) => Picked::Path(path),
            None => answered_quickly(asked.elapsed(), &self.unavailable),
        }
    }
}

/// An empty answer: cancelled by a person, or given at once because no dialog was shown.
fn answered_quickly(took: Duration, unavailable: &Cell<bool>) -> Picked {
    if took < NO_DIALOG_WITHIN {
        log::warn!("no file dialog on this desktop (no portal or dialog helper): using the app's own");
        unavailable.set(true);
        Picked::Unavailable
    } else {
        Picked::Cancelled
    }
}

/// Adds `.ron` when the user typed a bare name.
pub fn with_model_extension(path: &Path) -> PathBuf {
    if path.extension().is_some() { path.to_path_buf() } else { path.with_extension("ron") }
}

/// A file name made from a model's name: "Serverless checkout" → "serverless-checkout.ron".
pub fn file_name_for(model_name: &str) -> String {
    format!("{}.ron", file_stem_for(model_name))
}

/// A file name without extension made from a model's name: "serverless-checkout".
pub fn file_stem_for(model_name: &str) -> String {
    let slug: String = model_name
        .chars()
        .map(|c| if c.is_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if slug.is_empty() { "threat-model".to_owned() } else { slug }
}

/// The model file type, for open and save dialogs.
pub const MODEL_FILTER: Filters = &[("ThreatSketch model", &["ron"])];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_file_names() {
        assert_eq!(file_name_for("Serverless checkout"), "serverless-checkout.ron");
        assert_eq!(file_name_for("  ***  "), "threat-model.ron");
        assert_eq!(with_model_extension(Path::new("/a/model")), Path::new("/a/model.ron"));
        assert_eq!(with_model_extension(Path::new("/a/m.ron")), Path::new("/a/m.ron"));
    }

    #[test]
    fn an_empty_answer_at_once_means_no_dialog_and_is_remembered() {
        let unavailable = Cell::new(false);
        assert_eq!(answered_quickly(Duration::from_secs(2), &unavailable), Picked::Cancelled);
        assert!(!unavailable.get(), "a person cancelled");
        assert_eq!(answered_quickly(Duration::from_millis(5), &unavailable), Picked::Unavailable);
        assert!(unavailable.get());
        let dialogs = NativeDialogs { unavailable };
        let question = FileQuestion {
            purpose: Purpose::SaveModel,
            title: "Save".into(),
            suggested_name: "m.ron".into(),
            filters: MODEL_FILTER,
            start_folder: None,
        };
        assert_eq!(dialogs.ask(&question), Picked::Unavailable, "not asked again this session");
    }
}
