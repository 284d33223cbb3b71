//! Small widgets the panels share.

use egui::Ui;

use crate::model::Tri;

/// Yes / No / Unknown as three toggle buttons; returns the new value when clicked.
pub fn tri_ui(ui: &mut Ui, label: &str, value: Tri) -> Option<Tri> {
    let mut picked = None;
    ui.horizontal(|ui| {
        for option in Tri::ALL {
            let response = ui.selectable_label(value == option, option.label());
            response.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::WidgetType::SelectableLabel,
                    true,
                    value == option,
                    format!("{label}: {}", option.label()),
                )
            });
            if response.clicked() && value != option {
                picked = Some(option);
            }
        }
    });
    picked
}
