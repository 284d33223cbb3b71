//! The colours of the diagram: calm, readable on a projector, and never the only carrier of
//! meaning (every kind also has its own pictogram and label).

use super::Color;
use crate::model::{BoundaryKind, ElementType};
use crate::risk::RiskLevel;

pub const CANVAS_BACKGROUND: Color = Color::rgb(0xF7, 0xF8, 0xFA);
pub const GRID_DOT: Color = Color::rgb(0xDD, 0xE1, 0xE7);
pub const CARD_FILL: Color = Color::rgb(0xFF, 0xFF, 0xFF);
pub const CARD_BORDER: Color = Color::rgb(0xA7, 0xB1, 0xBD);
pub const TEXT: Color = Color::rgb(0x1F, 0x29, 0x33);
pub const TEXT_MUTED: Color = Color::rgb(0x61, 0x6E, 0x7C);
pub const FLOW: Color = Color::rgb(0x52, 0x60, 0x6D);
pub const FLOW_LABEL_FILL: Color = Color::rgb(0xFF, 0xFF, 0xFF);
pub const FLOW_LABEL_BORDER: Color = Color::rgb(0xD3, 0xD9, 0xE0);
pub const SELECTION: Color = Color::rgb(0x25, 0x63, 0xEB);
pub const SENSITIVE_DATA: Color = Color::rgb(0xB4, 0x4C, 0x1E);
/// Parts added since the version compared with ("Changes since last review"): each mark also
/// carries a word, so colour is not the only carrier.
pub const CHANGE_ADDED: Color = Color::rgb(0x1E, 0x8E, 0x3E);
/// Parts changed since the version compared with.
pub const CHANGE_CHANGED: Color = Color::rgb(0x7C, 0x3A, 0xED);
/// What the risk matrix points at on the canvas.
pub const HIGHLIGHT: Color = Color::rgb(0xF0, 0xA2, 0x02);

/// A colour as a projector shows it well: greys that wash out on a projected screen (muted
/// text, flow lines, card borders) become dark; everything else stays.
pub fn projected(color: Color) -> Color {
    match color {
        TEXT_MUTED | FLOW => TEXT,
        CARD_BORDER => Color::rgb(0x52, 0x60, 0x6D),
        FLOW_LABEL_BORDER => Color::rgb(0x7B, 0x87, 0x94),
        SENSITIVE_DATA => Color::rgb(0x8A, 0x3A, 0x16),
        other => other,
    }
}

/// The accent of a card: its left band and pictogram.
pub fn element_accent(element_type: ElementType) -> Color {
    match element_type {
        ElementType::ExternalEntity => Color::rgb(0x4F, 0x6D, 0xA8),
        ElementType::Process => Color::rgb(0x1F, 0x8A, 0x7E),
        ElementType::DataStore => Color::rgb(0xB0, 0x7A, 0x1C),
    }
}

pub fn boundary_color(kind: BoundaryKind) -> Color {
    match kind {
        BoundaryKind::Internet => Color::rgb(0xC2, 0x41, 0x41),
        BoundaryKind::CloudAccount => Color::rgb(0x2F, 0x6F, 0xB3),
        BoundaryKind::PrivateNetwork => Color::rgb(0x23, 0x80, 0x5F),
        BoundaryKind::ThirdParty => Color::rgb(0x7E, 0x57, 0xB0),
    }
}

/// A risk level's colour, and the colour of text on it. Badges also carry the count as text, and
/// lists name the level, so colour is never the only carrier.
pub fn risk_colors(level: RiskLevel) -> (Color, Color) {
    match level {
        RiskLevel::Low => (Color::rgb(0x4E, 0x8A, 0x6E), Color::rgb(0xFF, 0xFF, 0xFF)),
        RiskLevel::Medium => (Color::rgb(0xE0, 0xB0, 0x2E), Color::rgb(0x1F, 0x29, 0x33)),
        RiskLevel::High => (Color::rgb(0xD4, 0x6A, 0x1F), Color::rgb(0xFF, 0xFF, 0xFF)),
        RiskLevel::Critical => (Color::rgb(0xA8, 0x1E, 0x1E), Color::rgb(0xFF, 0xFF, 0xFF)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG's contrast ratio of two colours.
    fn contrast(a: Color, b: Color) -> f32 {
        let luminance = |c: Color| {
            let channel = |v: u8| {
                let v = f32::from(v) / 255.0;
                if v <= 0.039_28 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
            };
            0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
        };
        let (x, y) = (luminance(a), luminance(b));
        (x.max(y) + 0.05) / (x.min(y) + 0.05)
    }

    #[test]
    fn projected_lines_and_text_keep_a_high_contrast_on_white() {
        // WCAG AAA for text (7:1); lines well above its 3:1 for graphics.
        for color in [TEXT, TEXT_MUTED, FLOW, SENSITIVE_DATA] {
            let ratio = contrast(projected(color), CARD_FILL);
            assert!(ratio >= 7.0, "{color:?}: {ratio:.1}:1");
        }
        for color in [CARD_BORDER, FLOW_LABEL_BORDER] {
            let ratio = contrast(projected(color), CARD_FILL);
            assert!(ratio >= 3.0 && ratio > contrast(color, CARD_FILL) * 1.5, "{color:?}: {ratio:.1}:1");
        }
        assert!(contrast(TEXT_MUTED, CARD_FILL) < 7.0, "the working palette is calmer");
        assert_eq!(projected(SELECTION), SELECTION, "colours that carry meaning stay");
    }
}
