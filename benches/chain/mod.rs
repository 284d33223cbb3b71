//! A model shaped like the one pytm was timed on, for the whole-process comparison.

use threatsketch::model::{
    Boundary, BoundaryId, BoundaryKind, DataClass, Element, ElementId, Flow, FlowId, Point, Rect, ThreatModel,
};

/// The shape pytm was measured on (../shared/reference/pytm-notes.md): an API gateway calling
/// `functions` functions, each with its own data store, every fifth also calling a third party.
pub fn pytm_like_chain(functions: usize) -> ThreatModel {
    let mut model = ThreatModel::new(format!("Chain of {functions} functions"));
    let add = |model: &mut ThreatModel, kind: &str, name: String, at: Point| {
        let id = ElementId::new(format!("e{}", model.elements.len() + 1));
        model.elements.push(Element::new(id.clone(), kind, name));
        model.layout.elements.insert(id.clone(), at);
        id
    };
    let client = add(&mut model, "user", "Customer".to_owned(), Point::new(0.0, 0.0));
    let gateway = add(&mut model, "api_gateway", "API gateway".to_owned(), Point::new(300.0, 0.0));
    let mut flows = vec![(client, gateway.clone(), DataClass::PersonalData)];
    for i in 0..functions {
        let y = i as f32 * 120.0;
        let function = add(&mut model, "function", format!("Function {i}"), Point::new(600.0, y));
        let store = add(&mut model, "database", format!("Table {i}"), Point::new(900.0, y));
        flows.push((gateway.clone(), function.clone(), DataClass::PersonalData));
        flows.push((function.clone(), store, DataClass::PersonalData));
        if i % 5 == 0 {
            let vendor = add(&mut model, "third_party", format!("Vendor {i}"), Point::new(1200.0, y));
            flows.push((function, vendor, DataClass::PaymentCard));
        }
    }
    for (i, (from, to, class)) in flows.into_iter().enumerate() {
        let mut flow = Flow::new(FlowId::new(format!("f{}", i + 1)), from, to, format!("Call {i}"));
        flow.data.insert(class);
        model.flows.push(flow);
    }
    let internet = BoundaryId::new("b1");
    model.boundaries.push(Boundary { id: internet.clone(), kind: BoundaryKind::Internet, name: "Internet".to_owned() });
    model.layout.boundaries.insert(internet, Rect::new(-150.0, -60.0, 300.0, 120.0));
    let cloud = BoundaryId::new("b2");
    model.boundaries.push(Boundary { id: cloud.clone(), kind: BoundaryKind::CloudAccount, name: "Cloud".to_owned() });
    model.layout.boundaries.insert(cloud, Rect::new(180.0, -60.0, 880.0, functions as f32 * 120.0 + 120.0));
    model
}
