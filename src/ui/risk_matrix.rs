//! The likelihood × impact matrix beside the threats list: counts per cell coloured by risk,
//! now or after mitigation. Click a cell to filter the list and highlight the canvas; drop a
//! threat on a cell to re-rate it; arrow keys move the selected threat between cells.

use egui::{Align2, Color32, FontId, RichText, Sense, Stroke, StrokeKind, Ui, WidgetInfo, WidgetType, vec2};

use super::{Request, theme};
use crate::edit::Command;
use crate::model::Scale;
use crate::risk::{Cell, cell_counts, risk_level_on};
use crate::scene::style;
use crate::threats::Analysis;

const CELL_SIZE: egui::Vec2 = egui::Vec2::new(58.0, 40.0);

/// What the matrix shows and which threat is picked: view state, not in the model.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MatrixView {
    /// After mitigation (residual ratings) instead of now.
    pub residual: bool,
    /// The cell the list is filtered to.
    pub cell: Option<Cell>,
    /// The threat picked in the list (its key), which arrow keys move between cells.
    pub picked: Option<String>,
}

/// A threat being dragged from the list: its key.
#[derive(Clone, Debug)]
pub struct DraggedThreat(pub String);

pub fn risk_matrix_ui(
    ui: &mut Ui,
    analysis: &Analysis,
    scale: Scale,
    view: &mut MatrixView,
    requests: &mut Vec<Request>,
) {
    ui.horizontal(|ui| {
        ui.label(RichText::new("Risk").strong());
        if ui.selectable_label(!view.residual, "Now").on_hover_text("The open threats as rated now").clicked() {
            view.residual = false;
        }
        let after = ui.selectable_label(view.residual, "After mitigation").on_hover_text(
            "What remains once the plans are carried out: mitigated and accepted threats included, at their \
             rating after mitigation",
        );
        if after.clicked() {
            view.residual = true;
        }
    });
    let counts = cell_counts(&analysis.threats, view.residual, scale);
    egui::Grid::new("risk-matrix").spacing(vec2(3.0, 3.0)).show(ui, |ui| {
        for impact in scale.levels().iter().rev() {
            ui.label(theme::hint(impact.label()));
            for likelihood in scale.levels() {
                let cell = Cell { likelihood: *likelihood, impact: *impact };
                let count = counts[scale.index(*impact)][scale.index(*likelihood)];
                cell_ui(ui, cell, count, scale, view, requests);
            }
            ui.end_row();
        }
        ui.label(theme::hint("Impact ↑"));
        for likelihood in scale.levels() {
            ui.label(theme::hint(likelihood.label()));
        }
        ui.end_row();
    });
    ui.label(theme::hint("Likelihood →"));
}

fn cell_ui(ui: &mut Ui, cell: Cell, count: usize, scale: Scale, view: &mut MatrixView, requests: &mut Vec<Request>) {
    // Five columns must fit where three did.
    let size = if scale == Scale::FiveLevels { vec2(40.0, 30.0) } else { CELL_SIZE };
    let (rect, response) = ui.allocate_exact_size(size, Sense::click());
    let label = cell.label(count);
    let chosen = view.cell == Some(cell);
    response.widget_info(|| WidgetInfo::selected(WidgetType::Button, true, chosen, &label));
    let level = risk_level_on(scale, cell.likelihood, cell.impact);
    let (fill, text) = style::risk_colors(level);
    let fill = color(fill);
    let hovered_with_threat = response.dnd_hover_payload::<DraggedThreat>().is_some();
    let painter = ui.painter();
    painter.rect_filled(rect, 5.0, if count == 0 { fill.gamma_multiply(0.35) } else { fill });
    if chosen || hovered_with_threat {
        painter.rect_stroke(rect, 5.0, Stroke::new(3.0, color(style::SELECTION)), StrokeKind::Inside);
    }
    painter.text(rect.center(), Align2::CENTER_CENTER, count.to_string(), FontId::proportional(17.0), color(text));
    // The level's mark in the corner, as on the badges: the cell's risk is not colour alone.
    let mark = rect.right_top() + vec2(-7.0, 7.0);
    crate::canvas::paint_risk_mark(painter, level, mark, 3.5, color(text).gamma_multiply(0.8));
    let response = response.on_hover_text(format!("{label} ({} risk)", level.label()));
    if response.clicked() {
        view.cell = if chosen { None } else { Some(cell) };
    }
    if let Some(dragged) = response.dnd_release_payload::<DraggedThreat>() {
        requests.push(rate(&dragged.0, view.residual, cell));
    }
}

fn rate(key: &str, residual: bool, cell: Cell) -> Request {
    Request::Edit(Command::SetThreatRating {
        key: key.to_owned(),
        residual,
        likelihood: Some(cell.likelihood),
        impact: Some(cell.impact),
    })
}

fn color(c: crate::scene::Color) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}
