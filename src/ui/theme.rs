//! Fonts and colours of the window. Calm, light, high enough contrast for a projector.

use egui::{Color32, FontData, FontDefinitions, FontFamily, Visuals};

/// The font family used for bold text (element names, headings).
pub const BOLD_FAMILY: &str = "bold";

/// Installs DejaVu Sans (regular and bold): sturdier than egui's light default font on a
/// projector, and it covers the arrows and Greek letters the diagram uses.
pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert("DejaVuSans".to_owned(), FontData::from_static(crate::render::fonts::SANS).into());
    fonts.font_data.insert("DejaVuSans-Bold".to_owned(), FontData::from_static(crate::render::fonts::SANS_BOLD).into());
    if let Some(proportional) = fonts.families.get_mut(&FontFamily::Proportional) {
        proportional.insert(0, "DejaVuSans".to_owned());
    }
    let mut bold = vec!["DejaVuSans-Bold".to_owned()];
    bold.extend(fonts.families.get(&FontFamily::Proportional).cloned().unwrap_or_default());
    fonts.families.insert(FontFamily::Name(BOLD_FAMILY.into()), bold);
    ctx.set_fonts(fonts);
    ctx.set_visuals(visuals());
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
        style.spacing.interact_size.y = 24.0;
    });
}

fn visuals() -> Visuals {
    let mut visuals = Visuals::light();
    visuals.panel_fill = Color32::from_rgb(0xFB, 0xFC, 0xFD);
    visuals.window_fill = Color32::WHITE;
    visuals.selection.bg_fill = Color32::from_rgb(0xD6, 0xE4, 0xFB);
    visuals.selection.stroke.color = Color32::from_rgb(0x25, 0x63, 0xEB);
    visuals.hyperlink_color = Color32::from_rgb(0x25, 0x63, 0xEB);
    visuals
}

/// A heading in bold.
pub fn heading(text: &str) -> egui::RichText {
    egui::RichText::new(text).family(FontFamily::Name(BOLD_FAMILY.into())).size(15.0)
}

/// Small grey text for explanations.
pub fn hint(text: impl Into<String>) -> egui::RichText {
    egui::RichText::new(text.into()).color(Color32::from_rgb(0x61, 0x6E, 0x7C)).size(12.5)
}
