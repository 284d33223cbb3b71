use egui::{CursorIcon, Sense, Ui, WidgetInfo, WidgetType, vec2};

use super::Request;
use super::theme;
use crate::canvas::{PaletteItem, paint_boundary_icon, paint_boundary_line_icon, paint_kind_icon};
use crate::model::{BoundaryKind, KindCatalog};

const ROW_HEIGHT: f32 = 34.0;

/// The palette: click to add at the centre of the view, or drag onto the canvas.
pub fn palette_ui(ui: &mut Ui, requests: &mut Vec<Request>) {
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.label(theme::heading("Add to diagram"));
        ui.label(theme::hint("Click, or drag onto the canvas"));
        ui.add_space(4.0);
        let catalog = KindCatalog::builtin();
        for kind in &catalog.kinds {
            let item = PaletteItem::Element(kind.id.clone());
            let response = row_ui(ui, &kind.name, &kind.description, item.clone(), |painter, center| {
                paint_kind_icon(painter, kind.shape, kind.element_type, center);
            });
            if response.clicked() {
                requests.push(Request::AddFromPalette(item));
            }
        }
        ui.add_space(10.0);
        ui.label(theme::heading("Trust boundaries"));
        for kind in BoundaryKind::ALL {
            let item = PaletteItem::Boundary(kind);
            let description = boundary_description(kind);
            let response = row_ui(ui, kind.label(), description, item.clone(), |painter, center| {
                paint_boundary_icon(painter, kind, center);
            });
            if response.clicked() {
                requests.push(Request::AddFromPalette(item));
            }
        }
        // One line: its kind is picked in the inspector, like a box's.
        let item = PaletteItem::BoundaryLine(BoundaryKind::Internet);
        let description = "A line that data flows cross, where a box would not fit: the edge of the internet, \
                           of another company's service. Drag its handles to bend it.";
        let response = row_ui(ui, "Boundary line", description, item.clone(), |painter, center| {
            paint_boundary_line_icon(painter, BoundaryKind::Internet, center);
        });
        if response.clicked() {
            requests.push(Request::AddFromPalette(item));
        }
    });
}

fn row_ui(
    ui: &mut Ui,
    name: &str,
    description: &str,
    item: PaletteItem,
    paint_icon: impl FnOnce(&egui::Painter, egui::Pos2),
) -> egui::Response {
    let (rect, response) = ui.allocate_exact_size(vec2(ui.available_width(), ROW_HEIGHT), Sense::click_and_drag());
    let label = format!("Add {name}");
    response.widget_info(|| WidgetInfo::labeled(WidgetType::Button, true, &label));
    if response.dragged() {
        response.dnd_set_drag_payload(item);
    }
    let response = response.on_hover_text(description).on_hover_cursor(CursorIcon::Grab);
    if ui.is_rect_visible(rect) {
        let painter = ui.painter();
        if response.hovered() {
            painter.rect_filled(rect, 6.0, ui.visuals().widgets.hovered.weak_bg_fill);
        }
        paint_icon(painter, rect.left_center() + vec2(20.0, 0.0));
        painter.text(
            rect.left_center() + vec2(42.0, 0.0),
            egui::Align2::LEFT_CENTER,
            name,
            egui::FontId::proportional(13.5),
            ui.visuals().text_color(),
        );
    }
    response
}

fn boundary_description(kind: BoundaryKind) -> &'static str {
    match kind {
        BoundaryKind::Internet => "The public internet: anyone can reach what is here.",
        BoundaryKind::CloudAccount => "Your cloud account (AWS account, Azure subscription, GCP project).",
        BoundaryKind::PrivateNetwork => "A private network (VPC, VNet) that the internet cannot reach directly.",
        BoundaryKind::ThirdParty => "A service run by another company, outside your control.",
    }
}
