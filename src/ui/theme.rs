//! Fonts and colours of the window. Calm, light, high enough contrast for a projector.

use egui::{Color32, FontData, FontDefinitions, FontFamily, Visuals};

pub use crate::canvas::BOLD_FAMILY;

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
    // Ctrl with +, - and 0 are the app's own text-size actions (remembered per mode).
    ctx.options_mut(|options| options.zoom_with_keyboard = false);
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

/// The presentation theme: black text, darker lines and thicker outlines, for a washed-out
/// projector.
pub fn high_contrast_visuals() -> Visuals {
    let mut visuals = visuals();
    let ink = Color32::from_rgb(0x0B, 0x0F, 0x14);
    visuals.override_text_color = Some(ink);
    visuals.panel_fill = Color32::WHITE;
    visuals.extreme_bg_color = Color32::WHITE;
    visuals.selection.bg_fill = Color32::from_rgb(0xB9, 0xD0, 0xF8);
    visuals.selection.stroke = egui::Stroke::new(2.5, Color32::from_rgb(0x1D, 0x4E, 0xD8));
    for widgets in [
        &mut visuals.widgets.noninteractive,
        &mut visuals.widgets.inactive,
        &mut visuals.widgets.hovered,
        &mut visuals.widgets.active,
        &mut visuals.widgets.open,
    ] {
        widgets.fg_stroke = egui::Stroke::new(widgets.fg_stroke.width.max(1.5), ink);
        widgets.bg_stroke = egui::Stroke::new(widgets.bg_stroke.width.max(1.5), Color32::from_rgb(0x3E, 0x4C, 0x59));
    }
    visuals
}

/// Switches between the normal and the presentation theme.
pub fn apply_contrast(ctx: &egui::Context, high: bool) {
    ctx.set_visuals(if high { high_contrast_visuals() } else { visuals() });
}

/// A heading in bold.
pub fn heading(text: &str) -> egui::RichText {
    egui::RichText::new(text).family(FontFamily::Name(BOLD_FAMILY.into())).size(15.0)
}

/// Small grey text for explanations.
pub fn hint(text: impl Into<String>) -> egui::RichText {
    egui::RichText::new(text.into()).color(Color32::from_rgb(0x61, 0x6E, 0x7C)).size(12.5)
}
