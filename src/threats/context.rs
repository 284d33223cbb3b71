//! What the engine knows about each element's and flow's surroundings, worked out once per
//! analysis: boundaries it sits in or crosses, what it receives from and sends to, the data
//! involved, whether it is reachable from the internet.

use super::fast_hash::FastMap;
use crate::model::{BoundaryKind, DataClass, Element, ElementId, ElementType, KindCatalog, KindDef, ThreatModel};

/// A small set of enum values as bits: no allocation per element or flow.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Bits(pub(super) u8);

impl Bits {
    pub(super) fn insert(&mut self, bit: u8) {
        self.0 |= 1 << bit;
    }

    pub(super) fn contains(self, bit: u8) -> bool {
        self.0 & (1 << bit) != 0
    }

    pub(super) fn union(self, other: Self) -> Self {
        Self(self.0 | other.0)
    }
}

pub(super) fn boundary_bit(kind: BoundaryKind) -> u8 {
    kind as u8
}

pub(super) fn data_bit(class: DataClass) -> u8 {
    class as u8
}

pub(super) fn data_bits(classes: impl IntoIterator<Item = DataClass>) -> Bits {
    let mut bits = Bits::default();
    for class in classes {
        bits.insert(data_bit(class));
    }
    bits
}

/// One element's surroundings.
pub(super) struct ElementContext<'a> {
    pub(super) element: &'a Element,
    /// Its kind; `None` for a kind this build does not know.
    pub(super) kind: Option<&'static KindDef>,
    pub(super) element_type: ElementType,
    pub(super) inside: Bits,
    pub(super) receives_from: Vec<&'a Element>,
    pub(super) sends_to: Vec<&'a Element>,
    pub(super) data: Bits,
    pub(super) internet_exposed: bool,
}

impl ElementContext<'_> {
    /// Whether the element's kind asks this question, given its other answers: a question it
    /// does not ask cannot be answered, so it never holds a rule back nor turns it into a
    /// question.
    pub(super) fn asks(&self, property: &str) -> bool {
        element_asks(self.element, property)
    }
}

/// Whether an element's kind asks this question, given its other answers.
pub(super) fn element_asks(element: &Element, property: &str) -> bool {
    let catalog = KindCatalog::builtin();
    catalog.kind(&element.kind).is_some_and(|k| k.asks_given(property, &element.properties, catalog))
}

/// Everything about the model's layout and wiring the rules look at.
pub(super) struct ModelContext<'a> {
    pub(super) elements: Vec<ElementContext<'a>>,
    /// Each flow's ends as element indexes; `None` for a flow to a missing element.
    pub(super) flow_ends: Vec<Option<(usize, usize)>>,
    /// The kinds of boundary each flow crosses.
    pub(super) flow_crossings: Vec<Bits>,
}

impl<'a> ModelContext<'a> {
    pub(super) fn new(model: &'a ThreatModel, kinds: &'static KindCatalog) -> Self {
        let index: FastMap<&ElementId, usize> = model.elements.iter().enumerate().map(|(i, e)| (&e.id, i)).collect();

        // Membership once per element, as indexes into the boundary list (this runs on every
        // edit of models with thousands of elements: no per-flow recomputation, no sorting).
        let boundaries: Vec<BoundaryKind> = model.boundaries.iter().map(|b| b.kind).collect();
        let membership = model.membership();
        // Boundary lines once; each flow then looks at them only, not at every boundary.
        let lines = model.lines();
        let flow_ends: Vec<Option<(usize, usize)>> =
            model.flows.iter().map(|f| Some((*index.get(&f.from)?, *index.get(&f.to)?))).collect();
        let flow_crossings: Vec<Bits> = flow_ends
            .iter()
            .map(|ends| {
                let mut bits = Bits::default();
                if let Some((from, to)) = *ends {
                    if !lines.is_empty() {
                        let (start, end) = (
                            model.element_position(&model.elements[from].id),
                            model.element_position(&model.elements[to].id),
                        );
                        for i in ThreatModel::lines_crossed(&lines, start, end) {
                            bits.insert(boundary_bit(boundaries[i]));
                        }
                    }
                    let (from, to) = (&membership[from], &membership[to]);
                    // A boundary holding exactly one end is crossed.
                    for &i in from.iter().filter(|i| !to.contains(i)).chain(to.iter().filter(|i| !from.contains(i))) {
                        bits.insert(boundary_bit(boundaries[i]));
                    }
                }
                bits
            })
            .collect();

        let mut elements: Vec<ElementContext> = model
            .elements
            .iter()
            .zip(&membership)
            .map(|(element, inside_ids)| {
                let mut inside = Bits::default();
                for &i in inside_ids {
                    inside.insert(boundary_bit(boundaries[i]));
                }
                let kind = kinds.kind(&element.kind);
                let element_type = kind.map_or(ElementType::Process, |k| k.element_type);
                let internet_exposed = inside.contains(boundary_bit(BoundaryKind::Internet))
                    || element.property("internet_facing") == crate::model::Tri::Yes;
                ElementContext {
                    element,
                    kind,
                    element_type,
                    inside,
                    receives_from: Vec::new(),
                    sends_to: Vec::new(),
                    data: Bits::default(),
                    internet_exposed,
                }
            })
            .collect();
        for ((flow, ends), crossings) in model.flows.iter().zip(&flow_ends).zip(&flow_crossings) {
            let Some((from, to)) = *ends else { continue };
            let carried = data_bits(flow.data.iter().copied());
            let (source, sink) = (&model.elements[from], &model.elements[to]);
            elements[from].sends_to.push(sink);
            elements[from].data = elements[from].data.union(carried);
            elements[to].receives_from.push(source);
            elements[to].data = elements[to].data.union(carried);
            if crossings.contains(boundary_bit(BoundaryKind::Internet)) {
                elements[to].internet_exposed = true;
            }
        }
        Self { elements, flow_ends, flow_crossings }
    }
}
