//! A large, valid model for benchmarks: elements on a grid, two flows per element, and trust
//! boundaries around blocks of the grid.

use threatsketch::model::{
    Boundary, BoundaryId, BoundaryKind, DataClass, Element, ElementId, Flow, FlowId, KindCatalog, Point, Rect,
    ThreatModel, Tri,
};

pub fn synthetic_model(element_count: usize, flow_count: usize) -> ThreatModel {
    let kinds = &KindCatalog::builtin().kinds;
    let columns = (element_count as f32).sqrt().ceil().max(1.0) as usize;
    let mut model = ThreatModel::new(format!("Synthetic {element_count}"));
    for i in 0..element_count {
        let kind = &kinds[i % kinds.len()];
        let mut element =
            Element::new(ElementId::new(format!("e{}", i + 1)), kind.id.clone(), format!("{} {}", kind.name, i + 1));
        element.description = "A generated element with a description of ordinary length.".to_owned();
        if let Some(property) = kind.properties.first() {
            element.set_property(property, if i % 2 == 0 { Tri::Yes } else { Tri::No });
        }
        let (row, column) = (i / columns, i % columns);
        model.layout.elements.insert(element.id.clone(), Point::new(column as f32 * 320.0, row as f32 * 160.0));
        model.elements.push(element);
    }
    for i in 0..flow_count {
        let from = i % element_count;
        let to = if i % 2 == 0 { (from + 1) % element_count } else { (from + columns) % element_count };
        let mut flow = Flow::new(
            FlowId::new(format!("f{}", i + 1)),
            ElementId::new(format!("e{}", from + 1)),
            ElementId::new(format!("e{}", to + 1)),
            format!("Data {}", i + 1),
        );
        flow.protocol = "HTTPS".to_owned();
        flow.encrypted = Tri::Yes;
        flow.data.insert(DataClass::PersonalData);
        model.flows.push(flow);
    }
    let blocks = columns.div_ceil(10);
    for block in 0..blocks * blocks {
        let (bx, by) = ((block % blocks) as f32, (block / blocks) as f32);
        let id = BoundaryId::new(format!("b{}", block + 1));
        let kind = BoundaryKind::ALL[block % BoundaryKind::ALL.len()];
        model.boundaries.push(Boundary { id: id.clone(), kind, name: format!("Zone {}", block + 1) });
        model.layout.boundaries.insert(id, Rect::new(bx * 3200.0 - 140.0, by * 1600.0 - 60.0, 3100.0, 1500.0));
    }
    model
}
