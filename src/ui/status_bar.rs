use egui::{Color32, RichText, Ui};

/// A message in the status bar; errors stay until the next message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StatusMessage {
    pub text: String,
    pub is_error: bool,
}

pub fn status_bar_ui(ui: &mut Ui, message: Option<&StatusMessage>, summary: &str, zoom_factor: f32) {
    ui.horizontal(|ui| {
        if let Some(message) = message {
            let color = if message.is_error { Color32::from_rgb(0xB4, 0x23, 0x18) } else { ui.visuals().text_color() };
            ui.label(RichText::new(&message.text).color(color));
        }
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            ui.label(format!("{:.0} %", zoom_factor * 100.0));
            ui.separator();
            ui.label(summary);
        });
    });
}
