//! Files: the RON model format, atomic saving, templates, recent files. Only `dialogs`
//! touches the desktop (rfd); the rest is pure and tested without a window.

mod atomic;
pub mod autosave;
pub mod dialogs;
mod disk_files;
mod error;
mod model_file;
pub mod open_files;
pub mod recent;
mod recognise;
pub mod templates;
mod text_position;

pub use atomic::{write_atomic, write_export};
pub use disk_files::DiskFiles;
pub use error::{LoadError, LocatedIssue, SaveError};
pub use model_file::{DiskStamp, Loaded, disk_stamp, load_path, parse_model, ron_error, save_path, to_ron};
pub use recognise::{FileKind, recognise};
pub use text_position::{TextPosition, locate};
