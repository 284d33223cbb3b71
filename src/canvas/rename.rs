//! Renaming in place: a text field over the name it replaces (double-click or F2).

use egui::text::{CCursor, CCursorRange};
use egui::{Id, Pos2, Ui, WidgetInfo, WidgetType, vec2};

use super::Canvas;
use crate::edit::Command;
use crate::model::{ELEMENT_SIZE, Point, Target, ThreatModel};
use crate::scene::{self, Scene};

#[derive(Clone, Debug)]
pub(super) struct Renaming {
    pub target: Target,
    pub text: String,
    pub focused: bool,
}

impl Canvas {
    pub(super) fn rename_ui(
        &mut self,
        ui: &Ui,
        scene: &Scene,
        model: &ThreatModel,
        origin: Pos2,
        commands: &mut Vec<Command>,
    ) {
        let Some(renaming) = &mut self.renaming else {
            return;
        };
        let Some(anchor) = rename_anchor(scene, &renaming.target) else {
            self.renaming = None;
            return;
        };
        let zoom = self.view.zoom_factor;
        let pos = self.view.to_screen(origin, anchor) - vec2(4.0, 4.0);
        let width = (ELEMENT_SIZE.width - scene::TEXT_INSET) * zoom.max(0.8);
        let mut finished = None;
        egui::Area::new(Id::new("rename-in-place")).fixed_pos(pos).order(egui::Order::Foreground).show(
            ui.ctx(),
            |ui| {
                let edit = egui::TextEdit::singleline(&mut renaming.text).desired_width(width).hint_text("Name");
                let mut output = edit.show(ui);
                let response = output.response;
                response.widget_info(|| WidgetInfo::labeled(WidgetType::TextEdit, true, "Rename"));
                if !renaming.focused {
                    // Select the whole name, so typing replaces it as in any file manager.
                    response.request_focus();
                    let everything = CCursorRange::two(CCursor::new(0), CCursor::new(renaming.text.chars().count()));
                    output.state.cursor.set_char_range(Some(everything));
                    output.state.store(ui.ctx(), response.id);
                    renaming.focused = true;
                }
                if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    finished = Some(false);
                } else if response.lost_focus() {
                    finished = Some(true);
                }
            },
        );
        if let Some(commit) = finished
            && let Some(renaming) = self.renaming.take()
            && commit
            && current_name(model, &renaming.target).as_deref() != Some(renaming.text.as_str())
        {
            commands.push(Command::Rename { target: renaming.target, name: renaming.text });
        }
    }
}

pub(super) fn current_name(model: &ThreatModel, target: &Target) -> Option<String> {
    match target {
        Target::Element(id) => model.element(id).map(|e| e.name.clone()),
        Target::Flow(id) => model.flow(id).map(|f| f.label.clone()),
        Target::Boundary(id) => model.boundary(id).map(|b| b.name.clone()),
    }
}

/// Where the rename field goes: over the name it replaces.
fn rename_anchor(scene: &Scene, target: &Target) -> Option<Point> {
    let rect = scene.handle(target)?.rect;
    Some(match target {
        Target::Element(_) => Point::new(rect.x + scene::TEXT_INSET, rect.y + 22.0),
        Target::Flow(_) => rect.center().offset(-60.0, -10.0),
        Target::Boundary(_) => rect.min().offset(6.0, 2.0),
    })
}
