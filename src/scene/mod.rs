//! What the canvas shows, as plain shapes in canvas units: built from the model without any
//! UI toolkit, so the window, tests and image export all draw the same picture.

mod build;
mod flow_geometry;
mod hit;
mod pictogram;
mod routing;
mod shape;
pub mod style;
mod text_wrap;

pub use build::{
    BOUNDARY_TEXT_SIZE, Badges, Detail, Handle, Scene, SceneOptions, SceneShape, TEXT_INSET, badge_outline,
    boundary_tab_text, build_scene, data_class_line,
};
pub use flow_geometry::{FlowGeometry, flow_geometry, flow_lanes};
pub use hit::{BOUNDARY_TAB_HEIGHT, approx_text_width, boundary_tab_rect, flow_label_rect, hit_test};
pub use pictogram::pictogram;
pub use routing::Obstacles;
pub use shape::{Anchor, Color, Shape, Stroke};
pub use text_wrap::wrap_text;
