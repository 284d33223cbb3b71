//! Exchange with other threat-modeling tools. Pure like the model: no window, no dialogs; the
//! command line and the GUI read and write the files and call these functions.

pub mod format;
mod ids;
pub mod infrastructure;
pub mod mtmt;
pub mod otm;
pub mod outputs;
pub mod threagile;
pub mod threat_composer;
pub mod threat_dragon;
mod words;
