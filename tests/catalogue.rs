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
