//! The threats panel: every threat of the model, filtered and searchable, riskiest first.
//! Clicking one selects its element or flow.

use std::collections::HashMap;

use egui::{ComboBox, RichText, TextEdit, Ui};

use super::changes_window::ThreatTag;
use super::risk_matrix::{DraggedThreat, MatrixView, risk_matrix_ui};
use super::threats::risk_chip_ui;
use super::{Request, theme};
use crate::canvas::Selection;
use crate::changes::ChangesSince;
use crate::model::{SeedCategory, Stride, Target, ThreatModel, ThreatStatus};
use crate::threats::{Analysis, Names, Threat, ThreatFilter};

/// The threats of the current model state, worked out once per change.
pub struct ThreatLists<'a> {
    pub analysis: &'a Analysis,
    /// The fix-first order, as indexes into the analysis's threats.
    pub priority: &'a [usize],
    pub names: &'a Names,
    /// Changes whenever they are worked out anew, so views can cache what they derive.
    pub stamp: u64,
    /// What changed since the version compared with, while "Changes since last review" is
    /// open: the list tags new and re-rated threats and names the gone ones.
    pub changes: Option<(&'a ChangesSince, &'a HashMap<String, ThreatTag>)>,
}

pub fn threat_panel_ui(
    ui: &mut Ui,
    model: &ThreatModel,
    lists: &ThreatLists,
    selection: &Selection,
    filter: &mut ThreatFilter,
    matrix: &mut MatrixView,
    requests: &mut Vec<Request>,
) {
    ui.set_max_width(ui.available_width());
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| risk_matrix_ui(ui, lists.analysis, model.scale, matrix, requests));
        ui.separator();
        // Bounded, so long titles are cut at the panel's edge instead of widening the panel.
        let width = ui.available_width();
        ui.vertical(|ui| {
            ui.set_max_width(width);
            threat_list_ui(ui, model, lists, selection, filter, matrix, requests);
        });
    });
}

fn threat_list_ui(
    ui: &mut Ui,
    model: &ThreatModel,
    lists: &ThreatLists,
    selection: &Selection,
    filter: &mut ThreatFilter,
    matrix: &mut MatrixView,
    requests: &mut Vec<Request>,
) {
    let analysis = lists.analysis;
    let open = analysis.threats.iter().filter(|t| t.status.is_open()).count();
    ui.horizontal_wrapped(|ui| {
        ui.label(theme::heading(&format!("Fix first: {open} open of {}", analysis.threats.len())));
        ui.separator();
        let search_label = ui.label("Search");
        ui.add(TextEdit::singleline(&mut filter.search).desired_width(130.0).hint_text("words…"))
            .labelled_by(search_label.id);
        choice_ui(ui, "STRIDE", &mut filter.stride, &Stride::ALL, Stride::label);
        choice_ui(ui, "Category", &mut filter.category, &SeedCategory::ALL, SeedCategory::label);
        choice_ui(ui, "Status", &mut filter.status, &ThreatStatus::ALL, ThreatStatus::label);
        ui.checkbox(&mut filter.open_only, "Open only");
        target_choice_ui(ui, model, &mut filter.target);
        if (filter.is_active() || matrix.cell.is_some()) && ui.button("Clear filters").clicked() {
            *filter = ThreatFilter::default();
            matrix.cell = None;
        }
    });
    if let Some(cell) = matrix.cell {
        ui.label(theme::hint(format!(
            "Showing likelihood {}, impact {} ({}); click the cell again to show all",
            cell.likelihood.label(),
            cell.impact.label(),
            if matrix.residual { "after mitigation" } else { "now" }
        )));
    }
    let changed_only = lists.changes.is_some_and(|changes| changes_summary_ui(ui, changes.0));
    ui.separator();
    // Open threats in fix-first order (risk, critical assets, impact), then the closed ones.
    let tags = lists.changes.map(|(_, tags)| tags);
    let in_cell = |t: &&Threat| matrix.cell.is_none_or(|cell| cell.holds(*t, matrix.residual));
    let changed = |t: &&Threat| !changed_only || tags.is_some_and(|tags| tags.contains_key(&t.key()));
    let shown: Vec<&Threat> = lists
        .priority
        .iter()
        .map(|&i| &analysis.threats[i])
        .chain(analysis.threats.iter().filter(|t| !t.status.is_open()))
        .filter(|t| filter.matches(t, lists.names))
        .filter(in_cell)
        .filter(changed)
        .collect();
    if shown.is_empty() {
        ui.label(theme::hint("No threat matches these filters."));
    }
    egui::ScrollArea::vertical().auto_shrink([false, false]).show_rows(ui, 24.0, shown.len(), |ui, rows| {
        for threat in &shown[rows] {
            let key = threat.key();
            let picked = matrix.picked.as_deref() == Some(key.as_str())
                || selection.contains(&threat.target) && matrix.picked.is_none();
            ui.horizontal(|ui| {
                risk_chip_ui(ui, threat.risk);
                if let Some(tag) = tags.and_then(|tags| tags.get(&key)) {
                    tag_ui(ui, tag);
                }
                let mark = if threat.rated_by_user { " · your rating" } else { "" };
                ui.label(theme::hint(format!("{} · {}{mark}", threat.stride.label(), threat.status.label())));
                let mut text = RichText::new(format!("{}: {}", lists.names.get(&threat.target), threat.title()));
                if !threat.status.is_open() {
                    text = text.strikethrough();
                }
                let row = egui::Button::selectable(picked, text).truncate().sense(egui::Sense::click_and_drag());
                let response = ui.add(row).on_hover_text("Click to select; drag onto a cell of the matrix to re-rate");
                if response.dragged() {
                    response.dnd_set_drag_payload(DraggedThreat(key.clone()));
                }
                if response.clicked() {
                    matrix.picked = Some(key.clone());
                    requests.push(Request::Select(threat.target.clone()));
                }
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

/// Gone threats named in the panel; more would push the list out of sight.
const GONE_SHOWN: usize = 3;

/// "Since the review of …: 2 new, 1 gone, 3 re-rated", the gone ones by name, and whether the
/// list shows only the new and re-rated threats (a choice kept for the session).
fn changes_summary_ui(ui: &mut Ui, changes: &ChangesSince) -> bool {
    let threats = &changes.threats;
    let id = egui::Id::new("threats-changed-only");
    let mut only = ui.data_mut(|d| *d.get_temp_mut_or_default::<bool>(id));
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!(
            "Since {}: {} new, {} gone, {} re-rated",
            changes.against,
            threats.appeared.len(),
            threats.gone.len(),
            threats.rerated.len()
        )));
        ui.checkbox(&mut only, "Only new and re-rated");
    });
    // A few by name; the window lists them all.
    for gone in threats.gone.iter().take(GONE_SHOWN) {
        ui.label(theme::hint(format!("Gone: {}: {} (was {})", gone.on, gone.title, gone.risk)));
    }
    if threats.gone.len() > GONE_SHOWN {
        let more = threats.gone.len() - GONE_SHOWN;
        ui.label(theme::hint(format!("and {more} more gone (View › Changes since last review lists them)")));
    }
    ui.data_mut(|d| d.insert_temp(id, only));
    only
}

/// The tag of a threat that is new or re-rated since the version compared with.
fn tag_ui(ui: &mut Ui, tag: &ThreatTag) {
    let (text, color) = match tag {
        ThreatTag::New => ("New".to_owned(), crate::scene::style::CHANGE_ADDED),
        ThreatTag::Rerated(before) => (format!("Was {before}"), crate::scene::style::CHANGE_CHANGED),
    };
    let color = crate::canvas::color32(color);
    ui.label(RichText::new(text).small().strong().color(color));
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
