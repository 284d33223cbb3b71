use crate::model::{Point, Rect};

/// An sRGB colour with alpha, unpremultiplied.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Color {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Color {
    pub const TRANSPARENT: Self = Self::rgba(0, 0, 0, 0);

    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self { r, g, b, a: 255 }
    }

    pub const fn rgba(r: u8, g: u8, b: u8, a: u8) -> Self {
        Self { r, g, b, a }
    }

    pub const fn with_alpha(self, a: u8) -> Self {
        Self { a, ..self }
    }
}

/// An outline.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    pub width: f32,
    pub color: Color,
    pub dashed: bool,
}

impl Stroke {
    pub const NONE: Self = Self { width: 0.0, color: Color::TRANSPARENT, dashed: false };

    pub const fn solid(width: f32, color: Color) -> Self {
        Self { width, color, dashed: false }
    }

    pub const fn dashed(width: f32, color: Color) -> Self {
        Self { width, color, dashed: true }
    }
}

/// Which point of the text `pos` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    LeftTop,
    LeftCenter,
    Center,
}

/// One drawable thing, in canvas units.
#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Rect { rect: Rect, corner_radius: f32, fill: Color, stroke: Stroke },
    Ellipse { center: Point, radius_x: f32, radius_y: f32, fill: Color, stroke: Stroke },
    Path { points: Vec<Point>, closed: bool, fill: Color, stroke: Stroke },
    Text { pos: Point, anchor: Anchor, text: String, size: f32, color: Color, bold: bool, max_width: f32 },
}
