//! Native file dialogs. The only module that calls rfd; tests use a fake `FileDialogs`.

use std::path::{Path, PathBuf};

/// Asks the user for files. Behind a trait so the UI can be tested without a desktop.
pub trait FileDialogs {
    fn pick_model_to_open(&self, start_folder: Option<&Path>) -> Option<PathBuf>;
    fn pick_model_save_path(&self, suggested_name: &str, start_folder: Option<&Path>) -> Option<PathBuf>;
    /// Where to write an export; `filters` are (name, extensions) pairs, the first the default.
    fn pick_export_path(
        &self,
        title: &str,
        suggested_name: &str,
        filters: &[(&str, &[&str])],
        start_folder: Option<&Path>,
    ) -> Option<PathBuf>;
    /// A file of another tool to import.
    fn pick_file_to_import(
        &self,
        title: &str,
        filters: &[(&str, &[&str])],
        start_folder: Option<&Path>,
    ) -> Option<PathBuf>;
}

/// The desktop's own dialogs (xdg portal on Linux, native on macOS and Windows).
#[derive(Debug, Default)]
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn pick_model_to_open(&self, start_folder: Option<&Path>) -> Option<PathBuf> {
        self.pick_file_to_import("Open threat model", MODEL_FILTER, start_folder)
    }

    fn pick_model_save_path(&self, suggested_name: &str, start_folder: Option<&Path>) -> Option<PathBuf> {
        self.pick_export_path("Save threat model", suggested_name, MODEL_FILTER, start_folder)
            .map(|path| with_model_extension(&path))
    }

    fn pick_export_path(
        &self,
        title: &str,
        suggested_name: &str,
        filters: &[(&str, &[&str])],
        start_folder: Option<&Path>,
    ) -> Option<PathBuf> {
        dialog(title, filters, start_folder).set_file_name(suggested_name).save_file()
    }

    fn pick_file_to_import(
        &self,
        title: &str,
        filters: &[(&str, &[&str])],
        start_folder: Option<&Path>,
    ) -> Option<PathBuf> {
        dialog(title, filters, start_folder).add_filter("All files", &["*"]).pick_file()
    }
}

const MODEL_FILTER: &[(&str, &[&str])] = &[("ThreatSketch model", &["ron"])];

/// A dialog with a title, file type filters (the first is the default) and a start folder.
fn dialog(title: &str, filters: &[(&str, &[&str])], start_folder: Option<&Path>) -> rfd::FileDialog {
    let mut dialog = rfd::FileDialog::new().set_title(title);
    for (name, extensions) in filters {
        dialog = dialog.add_filter(*name, extensions);
    }
    if let Some(folder) = start_folder {
        dialog = dialog.set_directory(folder);
    }
    dialog
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
}
