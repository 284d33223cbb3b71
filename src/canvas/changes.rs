//! "Changes since last review" on the canvas: a coloured outline and a word ("New", "Changed")
//! on each part that differs from the version compared with, and a dashed ghost where a
//! removed card stood. Painted over the scene, so exports and the cached scene stay as they are.

use egui::{Align2, Color32, FontId, Pos2, Stroke, StrokeKind, vec2};

use super::Canvas;
use super::paint::color32;
use crate::changes::{ChangesSince, Mark};
use crate::model::{ELEMENT_SIZE, Rect, Target};
use crate::scene::{Scene, style};

impl Canvas {
    pub(super) fn paint_change_marks(
        &self,
        painter: &egui::Painter,
        scene: &Scene,
        changes: &ChangesSince,
        origin: Pos2,
    ) {
        for (target, mark) in &changes.marks {
            let (color, word) = mark_look(*mark);
            if let Target::Flow(id) = target
                && let Some(line) = scene.flow_lines.get(id)
            {
                let points: Vec<Pos2> = line.iter().map(|p| self.view.to_screen(origin, *p)).collect();
                painter.add(egui::Shape::line(points, Stroke::new(5.0, color.gamma_multiply(0.55))));
            }
            let Some(handle) = scene.handle(target) else { continue };
            let rect = self.view.rect_to_screen(origin, handle.rect.expanded(5.0));
            if !matches!(target, Target::Flow(_)) {
                painter.rect_stroke(rect, 12.0, Stroke::new(3.0, color), StrokeKind::Middle);
            }
            pill(painter, rect.left_top() + vec2(8.0, 0.0), word, color);
        }
        let muted = color32(style::TEXT_MUTED);
        for removed in &changes.removed {
            let Some(place) = removed.place else { continue };
            let rect = self.view.rect_to_screen(origin, Rect::centered(place, ELEMENT_SIZE));
            let corners = [rect.left_top(), rect.right_top(), rect.right_bottom(), rect.left_bottom(), rect.left_top()];
            painter.extend(egui::Shape::dashed_line(&corners, Stroke::new(1.5, muted), 6.0, 4.0));
            let size = (13.0 * self.view.zoom_factor).clamp(9.0, 18.0);
            painter.text(rect.center(), Align2::CENTER_CENTER, &removed.name, FontId::proportional(size), muted);
            pill(painter, rect.left_top() + vec2(8.0, 0.0), "Removed", muted);
        }
    }
}

/// The colour and the word of a mark.
pub(super) fn mark_look(mark: Mark) -> (Color32, &'static str) {
    match mark {
        Mark::Added => (color32(style::CHANGE_ADDED), "New"),
        Mark::Changed => (color32(style::CHANGE_CHANGED), "Changed"),
    }
}

/// A small label on the outline's top edge, white on the mark's colour.
fn pill(painter: &egui::Painter, left_middle: Pos2, word: &str, color: Color32) {
    let galley = painter.layout_no_wrap(word.to_owned(), FontId::proportional(11.5), Color32::WHITE);
    let size = galley.size() + vec2(12.0, 4.0);
    let rect = egui::Rect::from_min_size(left_middle - vec2(0.0, size.y / 2.0), size);
    painter.rect_filled(rect, 8.0, color);
    painter.galley(rect.min + vec2(6.0, 2.0), galley, Color32::WHITE);
}
