//! The shipped threat catalogue: consistent, sourced, and covering what it promises.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;

use threatsketch::model::KindCatalog;
use threatsketch::threats::{BUILTIN_CATALOGUE_RON, Catalogue, MitigationFamily, SeedCategory, Stride};

fn catalogue() -> Catalogue {
    Catalogue::parse(BUILTIN_CATALOGUE_RON).unwrap_or_else(|e| panic!("assets/catalogue.ron: {e}"))
}

#[test]
fn the_catalogue_parses_and_every_rule_is_consistent() {
    let problems = catalogue().problems(KindCatalog::builtin());
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_category_and_family_is_reachable() {
    let catalogue = catalogue();
    let stride: HashSet<Stride> = catalogue.rules.iter().map(|r| r.stride).collect();
    let seed: HashSet<SeedCategory> = catalogue.rules.iter().map(|r| r.category).collect();
    let families: HashSet<MitigationFamily> = catalogue.rules.iter().map(|r| r.mitigation).collect();
    assert_eq!(stride.len(), Stride::ALL.len(), "{stride:?}");
    assert_eq!(seed.len(), SeedCategory::ALL.len(), "{seed:?}");
    assert_eq!(families.len(), MitigationFamily::ALL.len(), "{families:?}");
}

#[test]
fn there_are_at_least_ninety_rules_with_a_fallback_for_every_element_type() {
    let catalogue = catalogue();
    assert!(catalogue.rules.len() >= 90, "{} rules", catalogue.rules.len());
    let fallbacks = catalogue.rules.iter().filter(|r| r.fallback).count();
    assert!(fallbacks >= 14, "STRIDE per element needs its generic rules: {fallbacks}");
}

#[test]
fn every_owasp_serverless_and_csa_item_is_covered() {
    let catalogue = catalogue();
    let references: HashSet<&str> =
        catalogue.rules.iter().flat_map(|r| r.references.iter().map(String::as_str)).collect();
    for n in 1..=10 {
        assert!(references.contains(format!("OWASP-SLS:S{n}").as_str()), "OWASP Serverless S{n} is not covered");
    }
    for n in 1..=12 {
        assert!(references.contains(format!("CSA-SLS:{n}").as_str()), "CSA risk {n} is not covered");
    }
}

#[test]
fn every_element_kind_gets_suggestions_on_its_own() {
    use threatsketch::model::{Element, ElementId, Point, ThreatModel};
    let mut model = ThreatModel::new("every kind");
    for (i, kind) in KindCatalog::builtin().kinds.iter().enumerate() {
        let id = ElementId::new(format!("e{}", i + 1));
        model.elements.push(Element::new(id.clone(), kind.id.clone(), kind.name.clone()));
        model.layout.elements.insert(id, Point::new(i as f32 * 300.0, 0.0));
    }
    let catalogue = catalogue();
    let analysis = threatsketch::threats::analyze(&model, &catalogue);
    for element in &model.elements {
        let count = analysis.threats.iter().filter(|t| t.key().ends_with(&format!("@{}", element.id))).count();
        assert!(count > 0, "{} ({}) gets no suggestion", element.name, element.kind);
    }
}

#[test]
fn every_flow_gets_suggestions() {
    use threatsketch::io::templates::Template;
    let model = Template::sample().model().unwrap();
    let catalogue = catalogue();
    let analysis = threatsketch::threats::analyze(&model, &catalogue);
    for flow in &model.flows {
        assert!(
            analysis.threats.iter().any(|t| t.key().ends_with(&format!("@{}", flow.id))),
            "{} gets nothing",
            flow.label
        );
    }
}

#[test]
fn the_checkout_gets_focused_suggestions_not_noise() {
    use threatsketch::io::templates::Template;
    let model = Template::sample().model().unwrap();
    let catalogue = catalogue();
    let analysis = threatsketch::threats::analyze(&model, &catalogue);
    let keys: Vec<String> = analysis.threats.iter().map(|t| t.key()).collect();
    // The seed's headline risks for this app are there…
    assert!(keys.iter().any(|k| k == "api-without-authorizer@e2"), "{keys:?}");
    // …an encrypted flow is not told to use encryption…
    assert!(!keys.iter().any(|k| k.starts_with("flow-unencrypted-internet@f1")), "{keys:?}");
    // …and no element drowns in findings (pytm gives 37 on one API gateway).
    for target in model.targets() {
        let count = analysis.for_target(&target).count();
        assert!(count <= 12, "{target}: {count} suggestions is noise");
    }
    // Every STRIDE category of a process is covered on the order function, specific or generic.
    let order: HashSet<Stride> = analysis
        .for_target(&threatsketch::model::Target::Element(threatsketch::model::ElementId::new("e3")))
        .map(|t| t.stride)
        .collect();
    assert_eq!(order.len(), 6, "{order:?}");
}

#[test]
fn every_rule_says_how_to_fix_it() {
    for rule in &catalogue().rules {
        assert!(!rule.suggestions.is_empty(), "rule '{}' has no mitigation steps", rule.id);
        assert!(rule.suggestions.iter().all(|s| s.trim().len() > 15), "rule '{}' has an empty step", rule.id);
    }
}
