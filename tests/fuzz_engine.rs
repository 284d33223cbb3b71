//! Fuzzing the threat engine (`threats::analyze`) with random models, valid by construction:
//! elements of every kind with answers that fit their questions, flows between them with their
//! own answers and data, boundaries around some of them, decisions and threats of one's own.
//! Seeded and bounded; docs/fuzzing.md says how to run it longer.
//!
//! Properties: the analysis never panics and is the same every time; each threat is on a part of
//! the model, once per rule, rated on the model's scale; and a control stated as in place (the
//! `safe` answer of its question in assets/kinds.ron, or an encrypted or authenticated flow)
//! never adds threats to its element or flow compared with leaving it unknown. That last one
//! does not hold for two rules of today's catalogue, follow-up questions that a stated control
//! brings (`FOLLOW_UPS` below): the test allows exactly those, and the `#[ignore]`d strict test
//! shows them (`cargo test --test fuzz_engine -- --ignored`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod fuzz;

use std::collections::HashSet;

use fuzz::models::{Recipe, Shape, build, describe_answers, fingerprint, recipe};
use fuzz::{Tally, check};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::TestCaseError;
use threatsketch::io::to_ron;
use threatsketch::model::{Answer, KindCatalog, Target, ThreatModel, Tri};
use threatsketch::threats::{Catalogue, analyze};

const SHAPE: Shape = Shape { max_elements: 10, max_flows: 14, max_boundaries: 3, max_answers: 8, hostile: false };

fn model_of(recipe: &Recipe) -> Result<ThreatModel, TestCaseError> {
    let model = build(recipe);
    let errors = model.errors();
    prop_assert!(errors.is_empty(), "the generator made an invalid model: {:?}", errors);
    Ok(model)
}

#[test]
fn random_models_are_analysed_without_panic_and_the_same_every_time() {
    check("engine::deterministic", 300, recipe(SHAPE), |recipe| {
        let model = model_of(&recipe)?;
        let analysis = analyze(&model, Catalogue::builtin());
        let first = fingerprint(&analysis);
        prop_assert!(first == fingerprint(&analyze(&model, Catalogue::builtin())), "a second analysis differs");
        prop_assert!(
            first == fingerprint(&analyze(&model.clone(), Catalogue::builtin())),
            "a copy is analysed differently"
        );

        let mut keys = HashSet::new();
        for threat in &analysis.threats {
            prop_assert!(model.contains(&threat.target), "a threat on {} which is not in the model", threat.target);
            prop_assert!(keys.insert(threat.key()), "{} is raised twice", threat.key());
            let levels = model.scale.levels();
            prop_assert!(
                levels.contains(&threat.likelihood) && levels.contains(&threat.impact),
                "{} is rated {:?} × {:?}, off the {:?} scale",
                threat.key(),
                threat.likelihood,
                threat.impact,
                model.scale
            );
        }
        Ok(())
    });
}

/// A control of a target, and the answer that says it is in place.
#[derive(Debug)]
enum Control {
    Answer(String, Answer),
    Encrypted,
    Authenticated,
}

/// Every control the target is asked about.
fn controls(model: &ThreatModel, target: &Target) -> Vec<Control> {
    let kinds = KindCatalog::builtin();
    let safe = |property: &String| {
        kinds.property(property).and_then(|p| Some(Control::Answer(property.clone(), p.safe.clone()?)))
    };
    match target {
        Target::Element(id) => {
            let kind = model.element(id).and_then(|e| kinds.kind(&e.kind));
            kind.map(|k| k.all_properties().filter_map(safe).collect()).unwrap_or_default()
        }
        Target::Flow(_) => {
            kinds.flow_properties.iter().filter_map(safe).chain([Control::Encrypted, Control::Authenticated]).collect()
        }
        Target::Boundary(_) => Vec::new(),
    }
}

/// The model with the control unknown (`None`) or in place.
fn with_control(model: &ThreatModel, target: &Target, control: &Control, in_place: bool) -> ThreatModel {
    let mut model = model.clone();
    match (target, control) {
        (Target::Element(id), Control::Answer(property, safe)) => {
            let element = model.element_mut(id).unwrap();
            element.set_answer(property, in_place.then(|| safe.clone()));
        }
        (Target::Flow(id), control) => {
            let flow = model.flow_mut(id).unwrap();
            let tri = if in_place { Tri::Yes } else { Tri::Unknown };
            match control {
                Control::Answer(property, safe) => flow.set_answer(property, in_place.then(|| safe.clone())),
                Control::Encrypted => flow.encrypted = tri,
                Control::Authenticated => flow.authenticated = tri,
            }
        }
        _ => {}
    }
    model
}

fn rules_on(model: &ThreatModel, target: &Target) -> Vec<String> {
    analyze(model, Catalogue::builtin())
        .for_target(target)
        .map(|t| t.rule().map_or_else(|| t.key(), |r| r.id.clone()))
        .collect()
}

/// Where stating a control today brings a threat of its own: a follow-up question that only
/// makes sense once the control is there. Each is a rule for which the property does not hold
/// (see the ignored test below); any other rule that makes a control add threats fails.
const FOLLOW_UPS: &[(&str, &str)] = &[
    // authorizer "jwt" (its safe answer) makes "Checks every token fully" (token_checks, asked
    // only for jwt, custom or unspecified) a question, and api-token-checks fires while it is
    // unknown; where the authorizer rules were already silent (internet_facing: No), one more.
    ("authorizer", "api-token-checks"),
    // An authenticated flow from a third party across the Internet boundary raises the replay
    // of a genuine message (authenticated: [Yes] is its precondition); unknown raises nothing
    // there, since the unauthenticated-flow rule needs a stated No.
    ("authenticated", "flow-replay"),
];

fn control_name(control: &Control) -> &str {
    match control {
        Control::Answer(property, _) => property,
        Control::Encrypted => "encrypted",
        Control::Authenticated => "authenticated",
    }
}

/// Few elements with many answers, so that one target meets many combinations of controls.
const DENSE: Shape = Shape { max_elements: 4, max_flows: 5, max_boundaries: 2, max_answers: 40, hostile: false };

/// For one target of a random model, every control it is asked about: stated as in place, the
/// target has at most as many threats as with the control unknown; `allowed` are the follow-up
/// questions tolerated.
fn safe_answers_never_add_threats(name: &str, cases: u32, allowed: &[(&str, &str)]) {
    let tally = Tally::default();
    // The first element in three cases out of four (every kind equally often), else a flow.
    let which = prop_oneof![3 => Just(None), 1 => any::<Index>().prop_map(Some)];
    check(name, cases, (recipe(DENSE), which), |(recipe, which)| {
        let model = model_of(&recipe)?;
        let target = match which {
            None if !model.elements.is_empty() => Target::Element(model.elements[0].id.clone()),
            Some(flow) if !model.flows.is_empty() => {
                Target::Flow(model.flows[flow.index(model.flows.len())].id.clone())
            }
            _ => return Ok(()),
        };
        let target = &target;
        for control in controls(&model, target) {
            let unknown = with_control(&model, target, &control, false);
            let in_place = with_control(&model, target, &control, true);
            let (before, after) = (rules_on(&unknown, target), rules_on(&in_place, target));
            let gained: Vec<&String> = after.iter().filter(|r| !before.contains(r)).collect();
            let lost: Vec<&String> = before.iter().filter(|r| !after.contains(r)).collect();
            let tolerated = gained.iter().all(|rule| allowed.contains(&(control_name(&control), rule.as_str())));
            tally.add(match after.len().cmp(&before.len()) {
                std::cmp::Ordering::Less => "fewer threats",
                std::cmp::Ordering::Equal => "as many threats",
                std::cmp::Ordering::Greater if tolerated => "more threats: a known follow-up question",
                std::cmp::Ordering::Greater => "more threats",
            });
            if after.len() > before.len() && !tolerated {
                let answers = match target {
                    Target::Element(id) => {
                        let e = unknown.element(id).unwrap();
                        format!("kind {}, answers {{{}}}", e.kind, describe_answers(&e.properties))
                    }
                    Target::Flow(id) => {
                        let f = unknown.flow(id).unwrap();
                        format!("answers {{{}}}", describe_answers(&f.properties))
                    }
                    Target::Boundary(_) => String::new(),
                };
                return Err(TestCaseError::fail(format!(
                    "{control:?} on {target} ({answers}) raises {} threats against {} while unknown: it adds {gained:?} \
                     and takes away {lost:?}\nthe model with the control unknown:\n{}",
                    after.len(),
                    before.len(),
                    to_ron(&unknown).unwrap_or_default()
                )));
            }
        }
        Ok(())
    });
    tally.print(name);
}

#[test]
fn a_control_stated_in_place_adds_no_threats_to_its_part_but_known_follow_up_questions() {
    safe_answers_never_add_threats("engine::safe_answers", 500, FOLLOW_UPS);
}

#[test]
#[ignore = "does not hold for the current catalogue: authorizer \"jwt\" (its safe answer) brings api-token-checks \
            through the follow-up question token_checks; an authenticated flow brings flow-replay"]
fn a_control_stated_in_place_never_adds_threats_to_its_part() {
    safe_answers_never_add_threats("engine::safe_answers_strict", 500, &[]);
}
