//! The app's own file chooser, for desktops that have no file dialog: the same question the
//! native dialog would have asked, answered in the window.

use std::path::PathBuf;

use egui_file_dialog::{DialogState, FileDialog, FileDialogLabels};

use crate::io::dialogs::FileQuestion;

/// One question being answered in the window.
pub struct FileChooser {
    dialog: FileDialog,
}

impl std::fmt::Debug for FileChooser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FileChooser").finish_non_exhaustive()
    }
}

impl FileChooser {
    pub fn new(question: &FileQuestion) -> Self {
        // Plain words, like the rest of the app, and no pictograms the bundled font lacks.
        let labels = FileDialogLabels {
            title_select_file: question.title.clone(),
            title_save_file: question.title.clone(),
            open_button: "Open".to_owned(),
            save_button: "Save".to_owned(),
            cancel_button: "Cancel".to_owned(),
            ..FileDialogLabels::default()
        };
        let mut dialog = FileDialog::new().labels(labels).default_file_name(&question.suggested_name);
        if let Some(folder) = question.start_folder.clone().filter(|f| f.is_dir()) {
            dialog = dialog.initial_directory(folder);
        }
        for (name, extensions) in question.filters {
            dialog = dialog.add_file_filter_extensions(name, extensions.to_vec());
        }
        if question.purpose.writes() {
            dialog.save_file();
        } else {
            dialog.pick_file();
        }
        Self { dialog }
    }

    /// Shows the chooser. `Some(Some(path))` once a file is chosen, `Some(None)` when it was
    /// closed without one, `None` while it is open.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Option<PathBuf>> {
        self.dialog.update(ctx);
        if let Some(path) = self.dialog.take_picked() {
            return Some(Some(path));
        }
        match self.dialog.state() {
            DialogState::Open => None,
            _ => Some(None),
        }
    }
}
