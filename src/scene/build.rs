use super::flow_geometry::flow_lanes;
use super::hit::{BOUNDARY_TAB_HEIGHT, boundary_tab_rect, flow_label_rect};
use super::pictogram::pictogram;
use super::routing::Obstacles;
use super::{Anchor, Color, Shape, Stroke, flow_geometry, style};
use std::collections::HashMap;

use crate::risk::RiskLevel;

use crate::model::{
    DataClass, ELEMENT_SIZE, ElementId, ElementType, Flow, FlowId, KindCatalog, Point, Rect, Target, ThreatModel,
};

/// Sizes of text in canvas units (the canvas scales them with the zoom).
pub const NAME_TEXT_SIZE: f32 = 13.0;
pub const KIND_TEXT_SIZE: f32 = 10.5;
pub const FLOW_TEXT_SIZE: f32 = 11.5;
pub const BOUNDARY_TEXT_SIZE: f32 = 12.0;
/// Left edge of a card's text, from the card's left edge.
pub const TEXT_INSET: f32 = 46.0;

/// How much a shape matters when the diagram is drawn small.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    /// Always drawn: outlines, cards, lines, names.
    Essential,
    /// Pictograms, shadows, label boxes: a view may leave them out when too small to see.
    Fine,
    /// A boundary's name: a zoomed-out view keeps it readable rather than shrinking it, as it
    /// is what tells the parts of a large diagram apart.
    RegionName,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SceneShape {
    pub shape: Shape,
    pub detail: Detail,
}

struct ShapeList(Vec<SceneShape>);

impl ShapeList {
    fn essential(&mut self, shape: Shape) {
        self.0.push(SceneShape { shape, detail: Detail::Essential });
    }

    fn fine(&mut self, shape: Shape) {
        self.0.push(SceneShape { shape, detail: Detail::Fine });
    }

    fn fine_all(&mut self, shapes: impl IntoIterator<Item = Shape>) {
        self.0.extend(shapes.into_iter().map(|shape| SceneShape { shape, detail: Detail::Fine }));
    }

    fn region_name(&mut self, shape: Shape) {
        self.0.push(SceneShape { shape, detail: Detail::RegionName });
    }
}

/// Everything the diagram shows, back to front.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub shapes: Vec<SceneShape>,
    /// The area the shapes cover.
    pub bounds: Option<Rect>,
    /// The parts a pointer or screen reader can reach, bottom first: boundary tabs, flow labels,
    /// elements.
    pub handles: Vec<Handle>,
    handle_index: HashMap<Target, usize>,
    /// Each flow's line, tip included, for highlighting it.
    pub flow_lines: HashMap<FlowId, Vec<Point>>,
}

/// An interactive part of the diagram: what it is, where, and what it is called.
#[derive(Clone, Debug, PartialEq)]
pub struct Handle {
    pub target: Target,
    pub rect: Rect,
    /// The accessible name: "Process order, Function", "Flow Order details (A → B)".
    pub label: String,
}

impl Scene {
    pub fn handle(&self, target: &Target) -> Option<&Handle> {
        self.handle_index.get(target).and_then(|&i| self.handles.get(i))
    }
}

/// What to include beside the model itself.
#[derive(Clone, Copy, Debug, Default)]
pub struct SceneOptions<'a> {
    /// Draw flows' data classes under their labels.
    pub show_data_classes: bool,
    /// Open threats per element or flow and their highest risk, drawn as badges.
    pub badges: Option<&'a Badges>,
}

/// Open threat count and highest risk per target.
pub use crate::threats::Badges;

const BADGE_RADIUS: f32 = 12.0;

/// Draws the model: boundaries at the back, then flows, then elements on top.
pub fn build_scene(model: &ThreatModel, options: SceneOptions<'_>) -> Scene {
    let mut shapes = ShapeList(Vec::with_capacity(model.elements.len() * 10 + model.flows.len() * 5));
    let mut handles = Vec::with_capacity(model.elements.len() + model.flows.len() + model.boundaries.len());
    let mut flow_lines = HashMap::with_capacity(model.flows.len());
    let names: HashMap<&ElementId, &str> = model.elements.iter().map(|e| (&e.id, e.name.as_str())).collect();
    for boundary in &model.boundaries {
        let rect = model.boundary_rect(&boundary.id);
        let color = style::boundary_color(boundary.kind);
        match model.boundary_line(&boundary.id) {
            // A line that flows cross: heavier than a box's edge, as it is all there is of it.
            Some(line) => shapes.essential(Shape::Path {
                points: line.to_vec(),
                closed: false,
                fill: Color::TRANSPARENT,
                stroke: Stroke::dashed(2.6, color),
            }),
            None => shapes.essential(Shape::Rect {
                rect,
                corner_radius: 10.0,
                fill: color.with_alpha(10),
                stroke: Stroke::dashed(1.8, color),
            }),
        }
        let tab = boundary_tab_rect(model, &boundary.id);
        handles.push(Handle {
            target: Target::Boundary(boundary.id.clone()),
            rect: tab,
            label: format!("Boundary {}", boundary.name),
        });
        // On a line the tab covers the line, so it is opaque there.
        let tab_fill =
            if model.boundary_line(&boundary.id).is_some() { style::CARD_FILL } else { color.with_alpha(28) };
        shapes.essential(Shape::Rect { rect: tab, corner_radius: 6.0, fill: tab_fill, stroke: Stroke::NONE });
        if model.boundary_line(&boundary.id).is_some() {
            shapes.essential(Shape::Rect {
                rect: tab,
                corner_radius: 6.0,
                fill: color.with_alpha(28),
                stroke: Stroke::solid(1.0, color),
            });
        }
        shapes.region_name(Shape::Text {
            pos: Point::new(tab.x + 10.0, tab.y + BOUNDARY_TAB_HEIGHT / 2.0),
            anchor: Anchor::LeftCenter,
            text: boundary_tab_text(&boundary.name, boundary.kind.label()),
            size: BOUNDARY_TEXT_SIZE,
            color,
            bold: true,
            max_width: tab.width,
        });
    }

    let lanes = flow_lanes(model);
    let obstacles = Obstacles::of(model);
    // Drawn after the elements: a short flow's badge would otherwise hide under a card.
    let mut flow_badges = Vec::new();
    for flow in &model.flows {
        let lane = lanes.get(&flow.id).copied().unwrap_or(0.0);
        let Some(geometry) = flow_geometry(model, &obstacles, flow, lane) else {
            continue;
        };
        let (from, to) = (element_name(&names, &flow.from), element_name(&names, &flow.to));
        let label = if flow.label.is_empty() {
            format!("Flow {from} → {to}")
        } else {
            format!("Flow {} ({from} → {to})", flow.label)
        };
        let shown_label = if flow.label.is_empty() { "Data flow" } else { flow.label.as_str() };
        let data = if options.show_data_classes { data_class_line(flow) } else { String::new() };
        let target = Target::Flow(flow.id.clone());
        let label_rect = flow_label_rect(shown_label, &data, geometry.label_center);
        let badge = options.badges.and_then(|b| b.get(&target)).copied();
        handles.push(Handle { label: with_badge(label, badge), target, rect: label_rect });
        flow_lines.insert(flow.id.clone(), geometry.polyline());
        shapes.essential(Shape::Path {
            points: geometry.points.clone(),
            closed: false,
            fill: Color::TRANSPARENT,
            stroke: Stroke::solid(1.6, style::FLOW),
        });
        shapes.essential(Shape::Path {
            points: geometry.arrow_head.to_vec(),
            closed: true,
            fill: style::FLOW,
            stroke: Stroke::NONE,
        });
        push_flow_label(&mut shapes, flow, geometry.label_center, options);
        if let Some(badge) = badge {
            flow_badges.push((Point::new(label_rect.max().x - 2.0, label_rect.y), badge));
        }
    }

    let catalog = KindCatalog::builtin();
    for element in &model.elements {
        let rect = model.element_rect(&element.id);
        let kind = catalog.kind(&element.kind);
        let target = Target::Element(element.id.clone());
        let badge = options.badges.and_then(|b| b.get(&target)).copied();
        let label = format!("{}, {}", element.name, catalog.kind_name(&element.kind));
        handles.push(Handle { label: with_badge(label, badge), target, rect });
        let element_type = kind.map_or(ElementType::Process, |k| k.element_type);
        let accent = style::element_accent(element_type);
        let corner_radius = match element_type {
            ElementType::ExternalEntity => 3.0,
            ElementType::Process => 16.0,
            ElementType::DataStore => 6.0,
        };
        shapes.fine(Shape::Rect {
            rect: rect.translated(0.0, 2.0),
            corner_radius,
            fill: Color::rgba(0x1F, 0x29, 0x33, 16),
            stroke: Stroke::NONE,
        });
        shapes.essential(Shape::Rect {
            rect,
            corner_radius,
            fill: style::CARD_FILL,
            stroke: Stroke::solid(1.2, style::CARD_BORDER),
        });
        if element_type == ElementType::DataStore {
            // The data-flow-diagram mark of a store: a second line under the top edge.
            shapes.fine(Shape::Path {
                points: vec![Point::new(rect.x + 4.0, rect.y + 6.0), Point::new(rect.max().x - 4.0, rect.y + 6.0)],
                closed: false,
                fill: Color::TRANSPARENT,
                stroke: Stroke::solid(1.2, accent),
            });
        }
        let tile = Rect::new(rect.x + 8.0, rect.center().y - 16.0, 32.0, 32.0);
        shapes.fine(Shape::Rect { rect: tile, corner_radius: 8.0, fill: accent.with_alpha(26), stroke: Stroke::NONE });
        if let Some(kind) = kind {
            shapes.fine_all(pictogram(kind.shape, tile.center(), accent));
        }
        let text_width = ELEMENT_SIZE.width - TEXT_INSET - 6.0;
        shapes.essential(Shape::Text {
            pos: Point::new(rect.x + TEXT_INSET, rect.y + 9.0),
            anchor: Anchor::LeftTop,
            // One line: a second would run into the name below it.
            text: super::wrap_text(catalog.kind_name(&element.kind), KIND_TEXT_SIZE, false, text_width, 1)
                .pop()
                .unwrap_or_default(),
            size: KIND_TEXT_SIZE,
            color: style::TEXT_MUTED,
            bold: false,
            max_width: text_width,
        });
        shapes.essential(Shape::Text {
            pos: Point::new(rect.x + TEXT_INSET, rect.y + 24.0),
            anchor: Anchor::LeftTop,
            text: element.name.clone(),
            size: NAME_TEXT_SIZE,
            color: style::TEXT,
            bold: true,
            max_width: text_width,
        });
        if let Some(badge) = badge {
            push_badge(&mut shapes, Point::new(rect.max().x - 2.0, rect.y + 2.0), badge);
        }
    }

    for (center, badge) in flow_badges {
        push_badge(&mut shapes, center, badge);
    }

    let handle_index = handles.iter().enumerate().map(|(i, h)| (h.target.clone(), i)).collect();
    Scene { shapes: shapes.0, bounds: model.bounds(), handles, handle_index, flow_lines }
}

fn push_flow_label(shapes: &mut ShapeList, flow: &Flow, center: Point, options: SceneOptions<'_>) {
    let data = if options.show_data_classes { data_class_line(flow) } else { String::new() };
    if flow.label.is_empty() && data.is_empty() {
        return;
    }
    let rect = flow_label_rect(&flow.label, &data, center);
    shapes.fine(Shape::Rect {
        rect,
        corner_radius: 8.0,
        fill: style::FLOW_LABEL_FILL,
        stroke: Stroke::solid(1.0, style::FLOW_LABEL_BORDER),
    });
    let lines = usize::from(!flow.label.is_empty()) + usize::from(!data.is_empty());
    let mut y = center.y - (lines as f32 - 1.0) * FLOW_TEXT_SIZE * 0.6;
    if !flow.label.is_empty() {
        shapes.fine(Shape::Text {
            pos: Point::new(center.x, y),
            anchor: Anchor::Center,
            text: flow.label.clone(),
            size: FLOW_TEXT_SIZE,
            color: style::TEXT,
            bold: false,
            max_width: rect.width,
        });
        y += FLOW_TEXT_SIZE * 1.2;
    }
    if !data.is_empty() {
        shapes.fine(Shape::Text {
            pos: Point::new(center.x, y),
            anchor: Anchor::Center,
            text: data,
            size: FLOW_TEXT_SIZE - 1.5,
            color: style::SENSITIVE_DATA,
            bold: false,
            max_width: rect.width,
        });
    }
}

/// The accessible name with the threat count: "Process order, Function, 3 open threats, highest High".
fn with_badge(label: String, badge: Option<(usize, RiskLevel)>) -> String {
    match badge {
        Some((1, level)) => format!("{label}, 1 open threat, {} risk", level.label()),
        Some((count, level)) => format!("{label}, {count} open threats, highest {}", level.label()),
        None => label,
    }
}

/// A badge with the open threat count, coloured by the highest risk. Its outline also tells
/// the level (circle low, rounded square medium, diamond high, octagon critical), so colour is
/// never the only carrier: it reads in greyscale prints and on washed-out projectors.
fn push_badge(shapes: &mut ShapeList, center: Point, (count, level): (usize, RiskLevel)) {
    let (fill, text) = style::risk_colors(level);
    // The white ring only separates the badge from the card edge: detail a far view can drop,
    // leaving a coloured mark.
    shapes.fine(badge_outline(level, center, BADGE_RADIUS + 1.5, style::CARD_FILL));
    shapes.essential(badge_outline(level, center, BADGE_RADIUS, fill));
    shapes.essential(Shape::Text {
        pos: center,
        anchor: Anchor::Center,
        text: count.to_string(),
        size: 12.5,
        color: text,
        bold: true,
        max_width: BADGE_RADIUS * 2.0,
    });
}

/// The outline of a risk badge of `level`, filled with `fill`.
pub fn badge_outline(level: RiskLevel, center: Point, radius: f32, fill: Color) -> Shape {
    let polygon = |corners: usize, rotation: f32, radius: f32| Shape::Path {
        points: (0..corners)
            .map(|i| {
                let angle = rotation + i as f32 * std::f32::consts::TAU / corners as f32;
                Point::new(center.x + radius * angle.cos(), center.y + radius * angle.sin())
            })
            .collect(),
        closed: true,
        fill,
        stroke: Stroke::NONE,
    };
    match level {
        RiskLevel::Low => Shape::Ellipse { center, radius_x: radius, radius_y: radius, fill, stroke: Stroke::NONE },
        RiskLevel::Medium => Shape::Rect {
            rect: Rect::new(center.x - radius * 0.9, center.y - radius * 0.9, radius * 1.8, radius * 1.8),
            corner_radius: radius * 0.3,
            fill,
            stroke: Stroke::NONE,
        },
        // Diamonds and octagons are a little larger so the count fits as in the circle.
        RiskLevel::High => polygon(4, 0.0, radius * 1.25),
        RiskLevel::Critical => polygon(8, std::f32::consts::PI / 8.0, radius * 1.08),
    }
}

fn element_name<'a>(names: &HashMap<&ElementId, &'a str>, id: &'a ElementId) -> &'a str {
    names.get(id).copied().unwrap_or(id.as_str())
}

/// The sensitive data a flow carries, in a few words ("personal data · card").
pub fn data_class_line(flow: &Flow) -> String {
    flow.data
        .iter()
        .filter(|c| c.is_sensitive())
        .map(|c| match c {
            DataClass::PaymentCard => "card data",
            DataClass::Health => "health data",
            DataClass::Credentials => "credentials",
            _ => "personal data",
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

pub fn boundary_tab_text(name: &str, kind_label: &str) -> String {
    if name.eq_ignore_ascii_case(kind_label) || name.trim().is_empty() {
        kind_label.to_owned()
    } else {
        format!("{name} · {kind_label}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::Template;

    #[test]
    fn every_element_and_flow_label_is_drawn() {
        let model = Template::sample().model().unwrap();
        let scene = build_scene(&model, SceneOptions::default());
        let texts: Vec<&str> = scene
            .shapes
            .iter()
            .filter_map(|s| match &s.shape {
                Shape::Text { text, .. } => Some(text.as_str()),
                _ => None,
            })
            .collect();
        for element in &model.elements {
            assert!(texts.contains(&element.name.as_str()), "{} missing", element.name);
        }
        for flow in &model.flows {
            assert!(texts.contains(&flow.label.as_str()), "{} missing", flow.label);
        }
        assert!(texts.iter().any(|t| t.contains("Internet")));
    }

    #[test]
    fn the_same_model_draws_the_same_scene() {
        let model = Template::sample().model().unwrap();
        assert_eq!(build_scene(&model, SceneOptions::default()), build_scene(&model, SceneOptions::default()));
    }
}
