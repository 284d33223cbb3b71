//! The catalogue listens: every rule can be answered by what a user states, every question
//! counts, each idea is raised once per target, every event source is input, and a model with
//! every control in place gets a short list.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeSet, HashSet};

use threatsketch::model::{
    Answer, BoundaryKind, Element, ElementId, Flow, FlowId, KindCatalog, Point, Target, ThreatModel, Tri,
};
use threatsketch::threats::{Applies, BUILTIN_CATALOGUE_RON, Catalogue, Rule, analyze, applies_to_kind, references};

fn catalogue() -> Catalogue {
    Catalogue::parse(BUILTIN_CATALOGUE_RON).unwrap_or_else(|e| panic!("assets/catalogue.ron: {e}"))
}

fn kinds() -> &'static KindCatalog {
    KindCatalog::builtin()
}

/// The kinds an element rule can apply to.
fn kinds_of(rule: &Rule) -> BTreeSet<&'static str> {
    match &rule.applies {
        Applies::Element(m) => {
            kinds().kinds.iter().filter(|k| applies_to_kind(m, &k.id, k.element_type)).map(|k| k.id.as_str()).collect()
        }
        Applies::Flow(_) => BTreeSet::new(),
    }
}

/// Conditions that fire while the answer is unknown: controls the user can state.
fn control_conditions(rule: &Rule) -> impl Iterator<Item = (&String, &threatsketch::threats::Expects)> {
    rule.when.iter().filter(|(_, e)| e.accepts_unknown())
}

#[test]
fn every_rule_says_why_its_default_rating_is_what_it_is() {
    for rule in &catalogue().rules {
        for (what, text) in [("likelihood_because", &rule.likelihood_because), ("impact_because", &rule.impact_because)]
        {
            assert!(text.trim().len() >= 15, "rule '{}' has no {what}", rule.id);
        }
    }
}

#[test]
fn every_reference_names_a_source_with_its_version() {
    for rule in &catalogue().rules {
        assert!(!rule.references.is_empty(), "rule '{}' cites nothing", rule.id);
        for reference in &rule.references {
            assert!(
                references::cite(reference).is_some(),
                "rule '{}' cites '{reference}', which is not SOURCE:item with a source in assets/references.ron",
                rule.id
            );
        }
    }
}

#[test]
fn no_rule_fires_whatever_the_user_states() {
    // A rule must be answerable: by a control (a condition that fires while unknown), by a
    // stated risky fact (`[Yes]`), or by the data drawn (card data in a flow).
    for rule in &catalogue().rules {
        let data_driven = match &rule.applies {
            Applies::Element(m) => !m.handles_data.is_empty(),
            Applies::Flow(m) => !m.data.is_empty() || !m.encrypted.is_empty() || !m.authenticated.is_empty(),
        };
        assert!(!rule.when.is_empty() || data_driven, "rule '{}' fires whatever is stated", rule.id);
    }
}

#[test]
fn every_question_is_read_by_some_rule() {
    let catalogue = catalogue();
    let read: HashSet<&str> = catalogue
        .rules
        .iter()
        .flat_map(|r| r.when.keys().chain(r.lowered_by.keys()).chain(r.raised_by.keys()))
        .map(String::as_str)
        .collect();
    for property in &kinds().properties {
        // The engine itself reads exposure.
        if property.id == "internet_facing" {
            continue;
        }
        assert!(read.contains(property.id.as_str()), "no rule reads '{}': stating it changes nothing", property.id);
    }
}

#[test]
fn no_two_rules_raise_the_same_idea_on_one_target() {
    // Two rules of the same STRIDE category that the same stated control would answer, and
    // that can meet on one target, are one idea said twice: one must replace the other.
    let catalogue = catalogue();
    let mut overlaps = Vec::new();
    for (i, a) in catalogue.rules.iter().enumerate() {
        for b in &catalogue.rules[i + 1..] {
            if a.stride != b.stride || a.replaces.contains(&b.id) || b.replaces.contains(&a.id) {
                continue;
            }
            let same_place = match (&a.applies, &b.applies) {
                (Applies::Element(_), Applies::Element(_)) => !kinds_of(a).is_disjoint(&kinds_of(b)),
                (Applies::Flow(_), Applies::Flow(_)) => true,
                _ => false,
            };
            if !same_place || a.fallback || b.fallback {
                continue;
            }
            for (property, accepted) in control_conditions(a) {
                let Some(other) = b.when.get(property).filter(|e| e.accepts_unknown()) else { continue };
                if accepted.0.iter().any(|e| other.0.contains(e)) {
                    overlaps.push(format!("'{}' and '{}' are both answered by '{property}'", a.id, b.id));
                }
            }
        }
    }
    assert!(overlaps.is_empty(), "{} overlapping pairs:\n{}", overlaps.len(), overlaps.join("\n"));
}

/// A model of `source` sending to a function that does not validate its input.
fn into_function(source: &str) -> ThreatModel {
    let mut model = ThreatModel::new("input");
    let mut sender = Element::new(ElementId::new("e1"), source, "Source");
    if source == "function" {
        sender.set_property("validates_input", Tri::Yes);
    }
    let mut function = Element::new(ElementId::new("e2"), "function", "Handler");
    function.set_property("validates_input", Tri::No);
    model.elements.extend([sender, function]);
    model.layout.elements.insert(ElementId::new("e1"), Point::new(0.0, 0.0));
    model.layout.elements.insert(ElementId::new("e2"), Point::new(400.0, 0.0));
    model.flows.push(Flow::new(FlowId::new("f1"), ElementId::new("e1"), ElementId::new("e2"), "Event"));
    model
}

#[test]
fn every_event_source_is_input_that_must_be_validated() {
    use threatsketch::threats::MitigationFamily;
    let catalogue = catalogue();
    let handler = Target::Element(ElementId::new("e2"));
    for kind in &kinds().kinds {
        let model = into_function(&kind.id);
        let analysis = analyze(&model, &catalogue);
        let validated = analysis
            .for_target(&handler)
            .any(|t| t.rule().is_some_and(|r| r.mitigation == MitigationFamily::InputValidation && !r.fallback));
        assert!(validated, "data from a {} reaching a function is not treated as input to validate", kind.id);
    }
}

/// Every control of a kind in place and every fact of the design stated as Yes.
fn everything_in_place(kind: &str) -> Element {
    let mut element = Element::new(ElementId::new("e1"), kind, "Part");
    let definition = kinds().kind(kind).unwrap();
    for property in definition.all_properties() {
        let question = kinds().property(property).unwrap();
        let answer = match (&question.safe, &question.value) {
            (Some(safe), _) => safe.clone(),
            (None, threatsketch::model::ValueType::YesNo) => Answer::Yes,
            (None, threatsketch::model::ValueType::Choice(options)) => Answer::choice(&options[0].id),
            (None, threatsketch::model::ValueType::Number(spec)) => Answer::Number(spec.max),
        };
        element.set_answer(property, Some(answer));
    }
    element
}

#[test]
fn with_every_control_in_place_each_kind_gets_a_short_list() {
    let catalogue = catalogue();
    let mut report = Vec::new();
    for kind in &kinds().kinds {
        let mut model = ThreatModel::new("safe");
        model.elements.push(everything_in_place(&kind.id));
        model.layout.elements.insert(ElementId::new("e1"), Point::new(0.0, 0.0));
        let analysis = analyze(&model, &catalogue);
        let keys: Vec<String> = analysis.threats.iter().map(|t| t.key()).collect();
        if keys.len() > 1 {
            report.push(format!("{}: {keys:?}", kind.id));
        }
    }
    assert!(
        report.is_empty(),
        "with every control in place these kinds still raise several threats:\n{}",
        report.join("\n")
    );
}

#[test]
fn an_encrypted_authenticated_signed_flow_gets_no_generic_threat() {
    let catalogue = catalogue();
    let mut model = into_function("function");
    model.elements[1].set_property("validates_input", Tri::Yes);
    let flow = &mut model.flows[0];
    flow.encrypted = Tri::Yes;
    flow.authenticated = Tri::Yes;
    for property in &kinds().flow_properties {
        let safe = kinds().property(property).unwrap().safe.clone();
        flow.set_answer(property, safe);
    }
    let analysis = analyze(&model, &catalogue);
    let on_flow: Vec<String> = analysis.for_target(&Target::Flow(FlowId::new("f1"))).map(|t| t.key()).collect();
    assert!(on_flow.is_empty(), "{on_flow:?}");

    // Across the internet, an encrypted flow is still not "readable on the way".
    model.boundaries.push(threatsketch::model::Boundary {
        id: threatsketch::model::BoundaryId::new("b1"),
        kind: BoundaryKind::Internet,
        name: "Internet".into(),
    });
    model.layout.boundaries.insert(
        threatsketch::model::BoundaryId::new("b1"),
        threatsketch::model::Rect::new(-100.0, -100.0, 200.0, 200.0),
    );
    let analysis = analyze(&model, &catalogue);
    let disclosure = analysis
        .for_target(&Target::Flow(FlowId::new("f1")))
        .filter(|t| t.stride == threatsketch::model::Stride::InformationDisclosure)
        .map(|t| t.key())
        .collect::<Vec<_>>();
    assert!(disclosure.is_empty(), "{disclosure:?}");
}
