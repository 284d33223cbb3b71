//! ThreatSketch: threat modeling for serverless applications.
//!
//! The pure core (`model`, `edit`, `io` but its dialogs, `scene`) decides everything and is
//! tested without a window; `app`, `ui` and `canvas` are a thin egui layer over it.

pub mod app;
pub mod canvas;
pub mod changes;
pub mod cli;
pub mod edit;
pub mod escape;
pub mod glossary;
pub mod interop;
pub mod io;
pub mod model;
pub mod render;
pub mod report;
pub mod risk;
pub mod scene;
pub mod threats;
pub mod ui;
pub mod words;
pub mod workshop;
