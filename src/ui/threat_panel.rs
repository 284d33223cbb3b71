//! The threats panel: every threat of the model, filtered and searchable, riskiest first.
//! Clicking one selects its element or flow.

use egui::{ComboBox, RichText, TextEdit, Ui};

use super::threats::risk_chip_ui;
use super::{Request, theme};
use crate::canvas::Selection;
use crate::model::{SeedCategory, Stride, Target, ThreatModel, ThreatStatus};
use crate::threats::{Analysis, ThreatFilter};

pub fn threat_panel_ui(
    ui: &mut Ui,
    model: &ThreatModel,
    analysis: &Analysis,
    selection: &Selection,
    filter: &mut ThreatFilter,
    requests: &mut Vec<Request>,
) {
    let open = analysis.threats.iter().filter(|t| t.status.is_open()).count();
    ui.horizontal_wrapped(|ui| {
        ui.label(theme::heading(&format!("Threats: {open} open of {}", analysis.threats.len())));
        ui.separator();
        let search_label = ui.label("Search");
        ui.add(TextEdit::singleline(&mut filter.search).desired_width(130.0).hint_text("words…"))
            .labelled_by(search_label.id);
        choice_ui(ui, "STRIDE", &mut filter.stride, &Stride::ALL, Stride::label);
        choice_ui(ui, "Category", &mut filter.category, &SeedCategory::ALL, SeedCategory::label);
        choice_ui(ui, "Status", &mut filter.status, &ThreatStatus::ALL, ThreatStatus::label);
        ui.checkbox(&mut filter.open_only, "Open only");
        target_choice_ui(ui, model, &mut filter.target);
        if filter.is_active() && ui.button("Clear filters").clicked() {
            *filter = ThreatFilter::default();
        }
    });
    ui.separator();
    let mut shown: Vec<_> = analysis.threats.iter().filter(|t| filter.matches(t, analysis)).collect();
    // Riskiest first; the engine's order (model, then catalogue) breaks ties, so it is stable.
    shown.sort_by_key(|t| (std::cmp::Reverse(t.status.is_open()), std::cmp::Reverse(t.risk)));
    if shown.is_empty() {
        ui.label(theme::hint("No threat matches these filters."));
    }
    egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(ui, 24.0, shown.len(), |ui, rows| {
        for threat in &shown[rows] {
            let name = analysis.name(&threat.target);
            let selected = selection.contains(&threat.target);
            ui.horizontal(|ui| {
                risk_chip_ui(ui, threat.risk);
                let mut text = RichText::new(format!("{name}: {}", threat.title()));
                if !threat.status.is_open() {
                    text = text.strikethrough();
                }
                let response = ui.selectable_label(selected, text).on_hover_text(threat.why.join("; "));
                if response.clicked() {
                    requests.push(Request::Select(threat.target.clone()));
                }
                ui.label(theme::hint(format!("{} · {}", threat.stride.label(), threat.status.label())));
            });
        }
    });
    if !analysis.orphaned.is_empty() || !analysis.orphaned_own.is_empty() {
        ui.separator();
        ui.label(theme::hint(format!(
            "Kept from deleted elements or flows: {} decision(s), {} own threat(s). Undo the deletion to bring them back.",
            analysis.orphaned.len(),
            analysis.orphaned_own.len()
        )));
    }
}

fn choice_ui<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<T>,
    all: &[T],
    name: fn(T) -> &'static str,
) {
    ui.label(label);
    ComboBox::from_id_salt(label).width(120.0).selected_text(value.map_or("Any", name)).show_ui(ui, |ui| {
        ui.selectable_value(value, None, "Any");
        for option in all {
            ui.selectable_value(value, Some(*option), name(*option));
        }
    });
}

fn target_choice_ui(ui: &mut Ui, model: &ThreatModel, value: &mut Option<Target>) {
    let current = value.as_ref().and_then(|t| model.display_name(t)).unwrap_or_else(|| "Any".to_owned());
    ui.label("Element");
    ComboBox::from_id_salt("Element").selected_text(current).show_ui(ui, |ui| {
        ui.selectable_value(value, None, "Any");
        for target in model.targets().filter(|t| !matches!(t, Target::Boundary(_))) {
            let name = model.display_name(&target).unwrap_or_default();
            ui.selectable_value(value, Some(target), name);
        }
    });
}
