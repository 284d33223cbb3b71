//! Properties of the three-way merge of model files (`changes::merge`). The base is a template
//! with a few edits (decisions, own threats, …); ours and theirs are edit scripts on it (renames,
//! answers, critical, elements and flows added and removed, moves, flow settings, boundary kinds,
//! boundaries drawn as lines added and moved, decisions' status and notes, own threats,
//! settings, reviews), as the app's commands make
//! them. A third of the time theirs echoes ours (the same parts, other values), so that both
//! sides often change the same field, delete what the other changed and add the same next id.
//! Seeded and bounded like the fuzz tests (tests/fuzz/mod.rs): a fixed seed, no persistence
//! files, and THREATSKETCH_FUZZ_CASES / THREATSKETCH_FUZZ_SEED to run more or other cases.
//!
//! 1. Merging with an unchanged side gives the changed side exactly, but for the reviews logged,
//!    which the merge sorts by date.
//! 2. Edits to disjoint parts (no part changed by both, no flow drawn to an element the other
//!    deleted) merge with no conflict and every change of both sides, by the diff.
//! 3. Symmetry: swapping the sides swaps ours and theirs in every conflict; with no conflict the
//!    models are equal, and with conflicts theirs taken on one equals mine kept on the other.
//!    Up to what the merge documents as ours first: part order, reviews logged the same day, a
//!    card both sides moved (layout never conflicts: ours). Not checked when both sides added
//!    different parts under one id, as theirs is renamed: which keeps the id depends on the side.
//! 4. Nothing lost: every field a side changed holds that side's value in the merge, or a
//!    conflict names the part and field (or the whole part) and keeps theirs; taking theirs on
//!    every conflict then gives their value. Their parts renamed for a colliding id are followed
//!    by their side's mark (see `apply`). Their move of a card or a line holds unless we moved
//!    it too.
//! 5. The merge, and the merge with every conflict resolved either way, saves to RON that loads
//!    back the same model, and validates.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestError, TestRng, TestRunner};
use serde_json::Value;
use threatsketch::changes::{Detail, ModelDiff, PartChange, diff, merge, resolve};
use threatsketch::io::templates::TEMPLATES;
use threatsketch::io::{parse_model, to_ron};
use threatsketch::model::{
    Answer, Boundary, BoundaryId, BoundaryKind, Compliance, Conflict, ConflictPart, Decision, Element, ElementId, Flow,
    FlowId, KindCatalog, Point, PropertyDef, ReviewEntry, Scale, Stride, Target, ThreatModel, ThreatStatus, Tri,
    ValueType,
};

/// Values both sides pick from, so that both sometimes make the same change.
const NAMES: [&str; 3] = ["Gateway", "Worker", "Store"];
const NOTES: [&str; 3] = ["", "Checked", "Ask Ana"];
const PROTOCOLS: [&str; 3] = ["", "HTTPS", "gRPC"];
const RULES: [&str; 2] = ["r1", "r2"];
const TEXTS: [&str; 3] = ["", "Sells shoes", "Sells boots"];
const DATES: [&str; 3] = ["", "2027-01-15", "2027-02-01"];

/// Runs `test` on `cases` inputs (or THREATSKETCH_FUZZ_CASES), from a fixed seed (or
/// THREATSKETCH_FUZZ_SEED) mixed with the test's name; a failure is shrunk to its smallest case.
/// The fuzz tests' runner (tests/fuzz/mod.rs) in small, so that this file stands alone.
#[allow(clippy::print_stderr)] // the one line saying what ran, seen with --nocapture
fn check<S>(name: &str, cases: u32, strategy: S, test: impl Fn(S::Value) -> Result<(), TestCaseError>)
where
    S: Strategy,
    S::Value: std::fmt::Debug,
{
    let number = |var: &str, default: u64| {
        std::env::var(var).map_or(default, |v| v.trim().parse().unwrap_or_else(|_| panic!("{var}={v:?}")))
    };
    let cases = u32::try_from(number("THREATSKETCH_FUZZ_CASES", u64::from(cases))).unwrap();
    let seed = number("THREATSKETCH_FUZZ_SEED", 20_261_201);
    let config = Config {
        cases,
        // No proptest-regressions/ files: the seed is fixed, so a failure comes back anyway.
        failure_persistence: None,
        max_shrink_iters: 4096,
        rng_algorithm: RngAlgorithm::ChaCha,
        ..Config::default()
    };
    // FNV-1a of the name and the seed, spread over the 32 bytes ChaCha takes.
    let mixed = name.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3));
    let mut bytes = [0; 32];
    for (n, chunk) in bytes.chunks_mut(8).enumerate() {
        let word = (mixed ^ seed).wrapping_add(0x9e37_79b9_7f4a_7c15_u64.wrapping_mul(n as u64 + 1));
        chunk.copy_from_slice(&word.to_le_bytes());
    }
    let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
    let start = std::time::Instant::now();
    let result = runner.run(&strategy, test);
    eprintln!("{name}: {cases} cases in {:.2?} (seed {seed})", start.elapsed());
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, input)) => {
            panic!("{name} failed (seed {seed}):\n{reason}\nsmallest failing case: {input:#?}")
        }
        Err(TestError::Abort(reason)) => panic!("{name} gave up: {reason}"),
    }
}

/// Every answer a question takes: yes and no, each option, numbers at both ends of the range.
fn answers_for(property: &PropertyDef) -> Vec<Answer> {
    match &property.value {
        ValueType::YesNo => vec![Answer::Yes, Answer::No],
        ValueType::Choice(options) => options.iter().map(|o| Answer::choice(&o.id)).collect(),
        ValueType::Number(spec) => vec![Answer::Number(spec.min), Answer::Number(spec.max)],
    }
}

/// One edit, its parts picked among those the model has when it is applied.
#[derive(Clone, Debug)]
enum Edit {
    Rename(Index, Index),
    Critical(Index),
    /// Element, question among its kind's, answer (one past the answers: unknown).
    Answer(Index, Index, Index),
    AddElement(Index, (u16, u16)),
    RemoveElement(Index),
    Move(Index, (u16, u16)),
    AddFlow(Index, Index),
    RemoveFlow(Index),
    FlowSetting(Index, Index, Index),
    BoundaryKind(Index, Index),
    /// A boundary drawn as a line (it holds nothing, so no element changes boundary), from a
    /// point, or an existing line boundary's line moved there.
    AddBoundaryLine((u16, u16)),
    MoveBoundaryLine(Index, (u16, u16)),
    /// Rule, target, status.
    DecisionStatus(Index, Index, Index),
    DecisionNotes(Index, Index, Index),
    AddOwnThreat(Index, Index),
    RemoveOwnThreat(Index),
    /// Which setting, its value.
    Setting(Index, Index),
    Review(Index),
}

fn edit() -> impl Strategy<Value = Edit> {
    let at = (0u16..140, 0u16..80);
    prop_oneof![
        3 => (any::<Index>(), any::<Index>()).prop_map(|(e, n)| Edit::Rename(e, n)),
        1 => any::<Index>().prop_map(Edit::Critical),
        3 => (any::<Index>(), any::<Index>(), any::<Index>()).prop_map(|(e, q, a)| Edit::Answer(e, q, a)),
        2 => (any::<Index>(), at.clone()).prop_map(|(k, p)| Edit::AddElement(k, p)),
        1 => any::<Index>().prop_map(Edit::RemoveElement),
        2 => (any::<Index>(), at).prop_map(|(e, p)| Edit::Move(e, p)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::AddFlow(a, b)),
        1 => any::<Index>().prop_map(Edit::RemoveFlow),
        2 => (any::<Index>(), any::<Index>(), any::<Index>()).prop_map(|(f, p, e)| Edit::FlowSetting(f, p, e)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(b, k)| Edit::BoundaryKind(b, k)),
        1 => (0u16..140, 0u16..80).prop_map(Edit::AddBoundaryLine),
        1 => (any::<Index>(), (0u16..140, 0u16..80)).prop_map(|(b, p)| Edit::MoveBoundaryLine(b, p)),
        3 => (any::<Index>(), any::<Index>(), any::<Index>()).prop_map(|(r, t, s)| Edit::DecisionStatus(r, t, s)),
        2 => (any::<Index>(), any::<Index>(), any::<Index>()).prop_map(|(r, t, n)| Edit::DecisionNotes(r, t, n)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(t, s)| Edit::AddOwnThreat(t, s)),
        1 => any::<Index>().prop_map(Edit::RemoveOwnThreat),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(w, v)| Edit::Setting(w, v)),
        1 => any::<Index>().prop_map(Edit::Review),
    ]
}

/// A template, the edits that make the base from it, and the edits of each side.
#[derive(Clone, Debug)]
struct Case {
    template: usize,
    base: Vec<Edit>,
    ours: Vec<Edit>,
    theirs: Vec<Edit>,
}

/// Theirs is its own script, or ours echoed (the same parts, other values) that both sides
/// change the same things, or the echo followed by its own edits.
fn case() -> impl Strategy<Value = Case> {
    let scripts = (
        prop::collection::vec(edit(), 0..6),
        prop::collection::vec(edit(), 0..7),
        prop::collection::vec(edit(), 0..7),
        prop::collection::vec(any::<Index>(), 7),
    );
    (0..TEMPLATES.len(), scripts, 0..3).prop_map(|(template, (base, ours, theirs, values), mode)| {
        let echoed = ours.iter().zip(&values).map(|(edit, value)| echo(edit, *value));
        let theirs = match mode {
            0 => theirs,
            1 => echoed.collect(),
            _ => echoed.chain(theirs).collect(),
        };
        Case { template, base, ours, theirs }
    })
}

/// The edit of the same part with another value: the same field changed both ways, a part
/// deleted where the other side changes it, the next id added by both.
fn echo(edit: &Edit, v: Index) -> Edit {
    match edit.clone() {
        Edit::Rename(e, _) => Edit::Rename(e, v),
        Edit::Critical(e) => Edit::RemoveElement(e),
        Edit::Answer(e, q, _) => Edit::Answer(e, q, v),
        Edit::AddElement(_, at) => Edit::AddElement(v, at),
        Edit::RemoveElement(e) => Edit::Rename(e, v),
        Edit::Move(e, (x, y)) => Edit::Move(e, (y, x)),
        Edit::AddFlow(a, _) => Edit::AddFlow(a, v),
        Edit::RemoveFlow(f) | Edit::FlowSetting(f, _, _) => Edit::FlowSetting(f, v, v),
        Edit::BoundaryKind(b, _) => Edit::BoundaryKind(b, v),
        Edit::AddBoundaryLine((x, y)) => Edit::AddBoundaryLine((y, x)),
        Edit::MoveBoundaryLine(b, (x, y)) => Edit::MoveBoundaryLine(b, (y, x)),
        Edit::DecisionStatus(r, t, _) => Edit::DecisionStatus(r, t, v),
        Edit::DecisionNotes(r, t, _) => Edit::DecisionNotes(r, t, v),
        Edit::AddOwnThreat(t, _) => Edit::AddOwnThreat(t, v),
        Edit::RemoveOwnThreat(t) => Edit::RemoveOwnThreat(t),
        Edit::Setting(w, _) => Edit::Setting(w, v),
        Edit::Review(_) => Edit::Review(v),
    }
}

/// The three models of a case.
struct Sides {
    base: ThreatModel,
    ours: ThreatModel,
    theirs: ThreatModel,
}

fn sides(case: &Case) -> Sides {
    let mut base = TEMPLATES[case.template].model().unwrap();
    apply(&mut base, &case.base, "base");
    let mut ours = base.clone();
    apply(&mut ours, &case.ours, "ours");
    let mut theirs = base.clone();
    apply(&mut theirs, &case.theirs, "theirs");
    Sides { base, ours, theirs }
}

/// Applies a script as the app's commands would. What a side adds carries its side and number
/// in the text no edit changes (an element's description, a flow's label, an own threat's
/// title), so a part renamed by the merge can be found again.
fn apply(model: &mut ThreatModel, edits: &[Edit], side: &str) {
    for (n, edit) in edits.iter().enumerate() {
        let mark = format!("{side} {n}");
        apply_one(model, edit, &mark);
    }
}

fn apply_one(model: &mut ThreatModel, edit: &Edit, mark: &str) {
    let catalog = KindCatalog::builtin();
    let element_at =
        |model: &ThreatModel, i: &Index| (!model.elements.is_empty()).then(|| pick(i, model.elements.len()));
    match edit {
        Edit::Rename(e, name) => {
            if let Some(at) = element_at(model, e) {
                model.elements[at].name = name.get(&NAMES).to_string();
            }
        }
        Edit::Critical(e) => {
            if let Some(at) = element_at(model, e) {
                model.elements[at].critical = !model.elements[at].critical;
            }
        }
        Edit::Answer(e, q, a) => {
            let Some(at) = element_at(model, e) else { return };
            let Some(kind) = catalog.kind(&model.elements[at].kind) else { return };
            let questions: Vec<&String> = kind.all_properties().collect();
            if questions.is_empty() {
                return;
            }
            let question = questions[pick(q, questions.len())].as_str();
            let Some(property) = catalog.property(question) else { return };
            let answers = answers_for(property);
            let answer = answers.get(a.index(answers.len() + 1)).cloned();
            model.elements[at].set_answer(question, answer);
        }
        Edit::AddElement(k, (x, y)) => {
            let kind = k.get(&catalog.kinds);
            let id = ElementId::next_free(model.elements.iter().map(|e| &e.id));
            let mut element = Element::new(id.clone(), kind.id.clone(), format!("New {}", kind.name));
            element.description = mark.to_owned();
            model.elements.push(element);
            model.layout.elements.insert(id, point(*x, *y));
        }
        Edit::RemoveElement(e) => {
            if let Some(at) = element_at(model, e) {
                let id = model.elements.remove(at).id;
                model.layout.elements.remove(&id);
                model.flows.retain(|f| !f.touches(&id));
            }
        }
        Edit::Move(e, (x, y)) => {
            if let Some(at) = element_at(model, e) {
                let id = model.elements[at].id.clone();
                model.layout.elements.insert(id, point(*x, *y));
            }
        }
        Edit::AddFlow(a, b) => {
            if model.elements.len() < 2 {
                return;
            }
            let from = pick(a, model.elements.len());
            // Another element than the start: the offset is at least one.
            let to = (from + 1 + b.index(model.elements.len() - 1)) % model.elements.len();
            let id = FlowId::next_free(model.flows.iter().map(|f| &f.id));
            let (from, to) = (model.elements[from].id.clone(), model.elements[to].id.clone());
            model.flows.push(Flow::new(id, from, to, mark));
        }
        Edit::RemoveFlow(f) => {
            if !model.flows.is_empty() {
                model.flows.remove(pick(f, model.flows.len()));
            }
        }
        Edit::FlowSetting(f, p, e) => {
            if !model.flows.is_empty() {
                let at = pick(f, model.flows.len());
                model.flows[at].protocol = p.get(&PROTOCOLS).to_string();
                model.flows[at].encrypted = *e.get(&[Tri::Unknown, Tri::Yes, Tri::No]);
            }
        }
        Edit::AddBoundaryLine((x, y)) => {
            let id = BoundaryId::next_free(model.boundaries.iter().map(|b| &b.id));
            let boundary = Boundary { id: id.clone(), kind: BoundaryKind::Internet, name: mark.to_owned() };
            model.boundaries.push(boundary);
            model.layout.boundary_lines.insert(id, line(*x, *y));
        }
        Edit::MoveBoundaryLine(b, (x, y)) => {
            let lines: Vec<BoundaryId> = model.layout.boundary_lines.keys().cloned().collect();
            if !lines.is_empty() {
                model.layout.boundary_lines.insert(lines[pick(b, lines.len())].clone(), line(*x, *y));
            }
        }
        Edit::BoundaryKind(b, k) => {
            if !model.boundaries.is_empty() {
                let at = pick(b, model.boundaries.len());
                model.boundaries[at].kind = *k.get(&BoundaryKind::ALL);
            }
        }
        Edit::DecisionStatus(r, t, s) => {
            decide(model, r, t, |d| d.status = *s.get(&ThreatStatus::ALL));
        }
        Edit::DecisionNotes(r, t, n) => {
            decide(model, r, t, |d| d.notes = n.get(&NOTES).to_string());
        }
        Edit::AddOwnThreat(t, s) => {
            let targets: Vec<Target> = model.targets().collect();
            if !targets.is_empty() {
                let threat = model.new_own_threat(&targets[pick(t, targets.len())], mark, *s.get(&Stride::ALL));
                model.own_threats.push(threat);
            }
        }
        Edit::RemoveOwnThreat(t) => {
            if !model.own_threats.is_empty() {
                model.own_threats.remove(pick(t, model.own_threats.len()));
            }
        }
        Edit::Setting(which, value) => match which.index(5) {
            0 => model.name = format!("Shop {}", value.index(2)),
            1 => model.description = value.get(&TEXTS).to_string(),
            2 => model.scale = *value.get(&Scale::ALL),
            3 => {
                let regulation = *value.get(&Compliance::ALL);
                if !model.compliance.remove(&regulation) {
                    model.compliance.insert(regulation);
                }
            }
            _ => model.review.next = value.get(&DATES).to_string(),
        },
        Edit::Review(day) => model.review.log.push(ReviewEntry {
            date: format!("2026-11-0{}", day.index(3) + 1),
            who: mark.to_owned(),
            summary: "looked".to_owned(),
        }),
    }
}

/// One of `len` parts; a third of the time one of the first two, a third the last one (the
/// newest): both sides then often edit the same part, and a part just added, which is where a
/// merge can go wrong. `len` is not zero.
fn pick(i: &Index, len: usize) -> usize {
    let n = i.index(len * 3);
    match n / len {
        0 => n,
        1 => n % len.min(2),
        _ => len - 1,
    }
}

fn line(x: u16, y: u16) -> Vec<Point> {
    vec![point(x, y), point(x, y + 20)]
}

fn point(x: u16, y: u16) -> Point {
    Point::new(f32::from(x) * 10.0, f32::from(y) * 10.0)
}

/// Changes the decision on a rule for an element or flow; one back at its defaults is not
/// stored, as in the app.
fn decide(model: &mut ThreatModel, rule: &Index, target: &Index, change: impl FnOnce(&mut Decision)) {
    let targets: Vec<String> =
        model.elements.iter().map(|e| e.id.to_string()).chain(model.flows.iter().map(|f| f.id.to_string())).collect();
    if targets.is_empty() {
        return;
    }
    let key = format!("{}@{}", rule.get(&RULES), targets[pick(target, targets.len())]);
    let mut decision = model.decisions.remove(&key).unwrap_or_default();
    change(&mut decision);
    if !decision.is_default() {
        model.decisions.insert(key, decision);
    }
}

/// A model with its parts in id order and its reviews fully sorted: what a merge may reorder.
fn canonical(model: &ThreatModel) -> ThreatModel {
    let mut model = model.clone();
    model.elements.sort_by(|a, b| a.id.cmp(&b.id));
    model.flows.sort_by(|a, b| a.id.cmp(&b.id));
    model.boundaries.sort_by(|a, b| a.id.cmp(&b.id));
    model.own_threats.sort_by(|a, b| a.id.cmp(&b.id));
    model.review.log.sort_by(|a, b| (&a.date, &a.who, &a.summary).cmp(&(&b.date, &b.who, &b.summary)));
    model
}

/// Every part of a model as JSON by (part, id): elements, flows, boundaries, own threats,
/// decisions, and the settings as one part with the fields the merge compares.
fn parts(model: &ThreatModel) -> HashMap<(ConflictPart, String), Value> {
    let mut parts = HashMap::new();
    for e in &model.elements {
        parts.insert((ConflictPart::Element, e.id.to_string()), json(e));
    }
    for f in &model.flows {
        parts.insert((ConflictPart::Flow, f.id.to_string()), json(f));
    }
    for b in &model.boundaries {
        parts.insert((ConflictPart::Boundary, b.id.to_string()), json(b));
    }
    for t in &model.own_threats {
        parts.insert((ConflictPart::OwnThreat, t.id.clone()), json(t));
    }
    for (key, d) in &model.decisions {
        parts.insert((ConflictPart::Decision, key.clone()), json(d));
    }
    let settings = serde_json::json!({
        "name": model.name, "description": model.description, "scale": model.scale,
        "compliance": model.compliance, "next_review": model.review.next,
    });
    parts.insert((ConflictPart::Setting, String::new()), settings);
    parts
}

fn json<T: serde::Serialize>(part: &T) -> Value {
    serde_json::to_value(part).unwrap()
}

/// A part as it reads when absent: a decision not stored is the default one.
fn value_or_default(part: ConflictPart, value: Option<&Value>) -> Option<Value> {
    match (part, value) {
        (_, Some(v)) => Some(v.clone()),
        (ConflictPart::Decision, None) => Some(serde_json::to_value(Decision::default()).unwrap()),
        (_, None) => None,
    }
}

/// The fields of one part that differ between two versions: top-level keys, and each answer
/// inside `properties` (the merge goes one level into maps).
fn changed_fields(before: &Value, after: &Value) -> Vec<String> {
    let empty = serde_json::Map::new();
    let (b, a) = (before.as_object().unwrap_or(&empty), after.as_object().unwrap_or(&empty));
    let keys: BTreeSet<&String> = b.keys().chain(a.keys()).collect();
    let mut fields = Vec::new();
    for key in keys {
        let (bv, av) = (b.get(key), a.get(key));
        if bv == av {
            continue;
        }
        let is_map = |v: Option<&Value>| v.is_none_or(Value::is_object);
        if key == "properties" && is_map(bv) && is_map(av) {
            let (bm, am) =
                (bv.and_then(Value::as_object).unwrap_or(&empty), av.and_then(Value::as_object).unwrap_or(&empty));
            let questions: BTreeSet<&String> = bm.keys().chain(am.keys()).collect();
            fields
                .extend(questions.into_iter().filter(|q| bm.get(*q) != am.get(*q)).map(|q| format!("properties.{q}")));
        } else {
            fields.push(key.clone());
        }
    }
    fields
}

/// A dotted field of a part's JSON (missing: none).
fn field<'v>(value: &'v Value, field: &str) -> Option<&'v Value> {
    field.split('.').try_fold(value, |v, key| v.get(key))
}

/// Their model with the ids the merge gave to their new parts that collided with ours: found by
/// the side's mark (an element's description, a flow's label, an own threat's title), and
/// followed in flow ends, positions, decision keys and own threats' targets.
fn as_merged_names(theirs: &ThreatModel, ours: &ThreatModel, base: &ThreatModel, merged: &ThreatModel) -> ThreatModel {
    // The merged part, or the conflict keeping theirs, with this mark.
    let found = |part: ConflictPart, key: &str, mark: &str| {
        let in_model =
            parts(merged).into_iter().find(|((p, _), v)| *p == part && v[key] == mark).map(|((_, id), _)| id);
        in_model.or_else(|| {
            merged.conflicts.iter().find_map(|c| {
                let kept = parsed(c.theirs.as_ref())?;
                (c.part == part && kept[key] == mark).then(|| c.id.clone())
            })
        })
    };
    let mut renames: HashMap<String, String> = HashMap::new();
    for t in &theirs.elements {
        let added_by_both = base.element(&t.id).is_none() && ours.element(&t.id).is_some_and(|o| o != t);
        if added_by_both && let Some(id) = found(ConflictPart::Element, "description", &t.description) {
            renames.insert(t.id.to_string(), id);
        }
    }
    for t in &theirs.flows {
        let added_by_both = base.flow(&t.id).is_none() && ours.flow(&t.id).is_some_and(|o| o != t);
        if added_by_both && let Some(id) = found(ConflictPart::Flow, "label", &t.label) {
            renames.insert(t.id.to_string(), id);
        }
    }
    for t in &theirs.boundaries {
        let added_by_both = base.boundary(&t.id).is_none() && ours.boundary(&t.id).is_some_and(|o| o != t);
        if added_by_both && let Some(id) = found(ConflictPart::Boundary, "name", &t.name) {
            renames.insert(t.id.to_string(), id);
        }
    }
    for t in &theirs.own_threats {
        let in_base = base.own_threats.iter().any(|b| b.id == t.id);
        let added_by_both = !in_base && ours.own_threats.iter().any(|o| o.id == t.id && o != t);
        if added_by_both && let Some(id) = found(ConflictPart::OwnThreat, "title", &t.title) {
            renames.insert(t.id.clone(), id);
        }
    }
    let new = |id: &str| renames.get(id).cloned().unwrap_or_else(|| id.to_owned());
    let mut model = theirs.clone();
    for e in &mut model.elements {
        e.id = ElementId::new(new(e.id.as_str()));
    }
    for f in &mut model.flows {
        f.id = FlowId::new(new(f.id.as_str()));
        f.from = ElementId::new(new(f.from.as_str()));
        f.to = ElementId::new(new(f.to.as_str()));
    }
    model.layout.elements =
        model.layout.elements.iter().map(|(id, at)| (ElementId::new(new(id.as_str())), *at)).collect();
    for b in &mut model.boundaries {
        b.id = BoundaryId::new(new(b.id.as_str()));
    }
    let boundary = |id: &BoundaryId| BoundaryId::new(new(id.as_str()));
    model.layout.boundaries = model.layout.boundaries.iter().map(|(id, r)| (boundary(id), *r)).collect();
    model.layout.boundary_lines = model.layout.boundary_lines.iter().map(|(id, l)| (boundary(id), l.clone())).collect();
    model.decisions = model
        .decisions
        .iter()
        .map(|(key, d)| {
            let (origin, target) = key.split_once('@').unwrap();
            (format!("{}@{}", new(origin), new(target)), d.clone())
        })
        .collect();
    for t in &mut model.own_threats {
        t.id = new(&t.id);
        t.target = new(&t.target);
    }
    model
}

/// Whether both sides added different parts under one id (the merge renames theirs).
fn ids_collide(s: &Sides) -> bool {
    let added = |m: &ThreatModel| -> BTreeMap<String, Value> {
        let base = parts(&s.base);
        parts(m)
            .into_iter()
            .filter(|(k, _)| k.0 != ConflictPart::Decision && k.0 != ConflictPart::Setting && !base.contains_key(k))
            .map(|(k, v)| (format!("{:?} {}", k.0, k.1), v))
            .collect()
    };
    let (ours, theirs) = (added(&s.ours), added(&s.theirs));
    ours.iter().any(|(k, v)| theirs.get(k).is_some_and(|t| t != v))
}

fn conflict_named<'c>(conflicts: &'c [Conflict], part: ConflictPart, id: &str, field: &str) -> Option<&'c Conflict> {
    conflicts.iter().find(|c| c.part == part && c.id == id && c.field == field)
}

fn parsed(text: Option<&String>) -> Option<Value> {
    text.map(|t| serde_json::from_str(t).unwrap())
}

/// Property 4 for one side: every field it changed holds its value in `merged`, or a conflict
/// names it (for theirs, keeping their value). Returns the fields of theirs held in conflicts.
fn nothing_lost(
    base: &ThreatModel,
    side: &ThreatModel,
    merged: &ThreatModel,
    is_theirs: bool,
) -> Result<Vec<(ConflictPart, String, String)>, TestCaseError> {
    let (b, s, m) = (parts(base), parts(side), parts(merged));
    let conflicts = &merged.conflicts;
    let mut held = Vec::new();
    let mut keys: Vec<(ConflictPart, String)> = b.keys().chain(s.keys()).cloned().collect();
    keys.sort_by(|x, y| (x.0 as u8, &x.1).cmp(&(y.0 as u8, &y.1)));
    keys.dedup();
    for (part, id) in keys {
        let key = (part, id.clone());
        let (bv, sv) = (value_or_default(part, b.get(&key)), value_or_default(part, s.get(&key)));
        if bv == sv {
            continue;
        }
        let mv = value_or_default(part, m.get(&key));
        let whole = conflict_named(conflicts, part, &id, "");
        let who = if is_theirs { "theirs" } else { "ours" };
        match (&bv, &sv) {
            (_, None) => {
                prop_assert!(
                    mv.is_none() || whole.is_some(),
                    "{who} deleted {part:?} {id}, the merge has it and no conflict says so"
                );
                if is_theirs && let Some(c) = whole {
                    prop_assert!(
                        c.theirs.is_none(),
                        "{part:?} {id}: they deleted it, the conflict keeps {:?}",
                        c.theirs
                    );
                    held.push((part, id.clone(), String::new()));
                }
            }
            (None, Some(sv)) => {
                prop_assert!(
                    mv.as_ref() == Some(sv) || whole.is_some(),
                    "{who} added {part:?} {id}, the merge has {mv:?} and no conflict"
                );
                if mv.as_ref() != Some(sv) && is_theirs {
                    let c = whole.unwrap();
                    let kept = parsed(c.theirs.as_ref());
                    prop_assert_eq!(kept.as_ref(), Some(sv), "{:?} {}: their part", part, id);
                    held.push((part, id.clone(), String::new()));
                }
            }
            (Some(bv), Some(sv)) => {
                let Some(mv) = mv else {
                    prop_assert!(whole.is_some(), "{who} changed {part:?} {id}, the merge dropped it with no conflict");
                    if is_theirs {
                        let c = whole.unwrap();
                        let kept = parsed(c.theirs.as_ref());
                        prop_assert_eq!(kept.as_ref(), Some(sv), "{:?} {}: their part", part, id);
                        held.push((part, id.clone(), String::new()));
                    }
                    continue;
                };
                for name in changed_fields(bv, sv) {
                    let (got, want) = (field(&mv, &name), field(sv, &name));
                    if got == want {
                        continue;
                    }
                    let named = conflict_named(conflicts, part, &id, &name).or(whole);
                    prop_assert!(
                        named.is_some(),
                        "{who} changed {part:?} {id} {name} to {want:?}; the merge has {got:?} and no conflict"
                    );
                    if is_theirs {
                        let c = named.unwrap();
                        let kept = parsed(c.theirs.as_ref());
                        let kept = if c.field.is_empty() {
                            kept.as_ref().and_then(|v| field(v, &name)).cloned()
                        } else {
                            kept
                        };
                        prop_assert_eq!(
                            kept.as_ref(),
                            want,
                            "{:?} {} {}: the conflict keeps another value",
                            part,
                            id,
                            name
                        );
                        held.push((part, id.clone(), name));
                    }
                }
            }
        }
    }
    Ok(held)
}

/// Equal models, or the first lines where their RON differs.
fn same(got: &ThreatModel, want: &ThreatModel, what: &str) -> Result<(), TestCaseError> {
    if got == want {
        return Ok(());
    }
    let (g, w) = (to_ron(got).unwrap(), to_ron(want).unwrap());
    let at = g.lines().zip(w.lines()).position(|(a, b)| a != b).unwrap_or(0);
    let around = |t: &str| t.lines().skip(at.saturating_sub(3)).take(8).collect::<Vec<_>>().join("\n");
    Err(TestCaseError::fail(format!("{what}: differs at line {at}\ngot:\n{}\nwant:\n{}", around(&g), around(&w))))
}

/// Saves and loads back to the same model, and has no validation error.
fn round_trips(model: &ThreatModel, what: &str) -> Result<(), TestCaseError> {
    let errors = model.errors();
    prop_assert!(errors.is_empty(), "{}: {:?}", what, errors);
    let text = to_ron(model).unwrap();
    let read = parse_model(&text, Path::new("merged.ron"));
    prop_assert!(read.is_ok(), "{}: {}", what, read.err().map(|e| e.to_string()).unwrap_or_default());
    same(&read.unwrap().model, model, what)
}

/// Every conflict settled the same way, in list order.
fn resolved(model: &ThreatModel, take_theirs: bool) -> Result<ThreatModel, TestCaseError> {
    let mut model = model.clone();
    while !model.conflicts.is_empty() {
        let settled = resolve(&mut model, 0, take_theirs);
        prop_assert!(settled.is_ok(), "resolving {:?}: {:?}", model.conflicts[0], settled);
    }
    Ok(model)
}

#[test]
fn merging_with_an_unchanged_side_gives_the_changed_side() {
    check("merge: one side unchanged", 150, case(), |case| {
        let s = sides(&case);
        for (name, changed) in [("ours", &s.ours), ("theirs", &s.theirs)] {
            // The merge sorts the reviews logged by date (a stable sort).
            let mut want = changed.clone();
            want.review.log.sort_by(|a, b| a.date.cmp(&b.date));
            let left = merge(&s.base, changed, &s.base);
            prop_assert_eq!(left.conflicts, 0, "{:?}", left.model.conflicts);
            same(&left.model, &want, &format!("merge(base, {name}, base)"))?;
            let right = merge(&s.base, &s.base, changed);
            prop_assert_eq!(right.conflicts, 0, "{:?}", right.model.conflicts);
            same(&right.model, &want, &format!("merge(base, base, {name})"))?;
        }
        Ok(())
    });
}

/// What a side changed, as names of parts (`Element e3`, `Setting name`), the elements its
/// new or changed flows reach, and the elements it deleted.
struct Touched {
    parts: BTreeSet<String>,
    reaches: BTreeSet<String>,
    deleted: BTreeSet<String>,
}

fn touched(base: &ThreatModel, side: &ThreatModel) -> Touched {
    let (b, s) = (parts(base), parts(side));
    let mut keys: Vec<&(ConflictPart, String)> = b.keys().chain(s.keys()).collect();
    keys.sort_by(|x, y| (x.0 as u8, &x.1).cmp(&(y.0 as u8, &y.1)));
    keys.dedup();
    let mut touched = Touched { parts: BTreeSet::new(), reaches: BTreeSet::new(), deleted: BTreeSet::new() };
    for key in keys {
        let (bv, sv) = (value_or_default(key.0, b.get(key)), value_or_default(key.0, s.get(key)));
        if bv == sv {
            continue;
        }
        if key.0 == ConflictPart::Setting {
            let (bv, sv) = (bv.unwrap(), sv.unwrap());
            touched.parts.extend(changed_fields(&bv, &sv).into_iter().map(|f| format!("Setting {f}")));
            continue;
        }
        touched.parts.insert(format!("{:?} {}", key.0, key.1));
        if key.0 == ConflictPart::Flow
            && let Some(flow) = side.flow(&FlowId::new(key.1.clone()))
        {
            touched.reaches.extend([flow.from.to_string(), flow.to.to_string()]);
        }
        if key.0 == ConflictPart::Element && sv.is_none() {
            touched.deleted.insert(key.1.clone());
        }
    }
    // A move is a change of the element (it may enter or leave a boundary).
    for (id, at) in &side.layout.elements {
        if base.layout.elements.get(id) != Some(at) {
            touched.parts.insert(format!("Element {id}"));
        }
    }
    touched
}

fn disjoint(s: &Sides) -> bool {
    let (o, t) = (touched(&s.base, &s.ours), touched(&s.base, &s.theirs));
    o.parts.is_disjoint(&t.parts) && o.reaches.is_disjoint(&t.deleted) && t.reaches.is_disjoint(&o.deleted)
}

/// Every change of `side` is in `merged`, by the diff: parts by id and kind of change, each
/// detail, each decision and setting. The count of reviews is checked by the entries instead.
fn covers(merged: &ModelDiff, side: &ModelDiff, who: &str) -> Result<(), TestCaseError> {
    for setting in side.settings.iter().filter(|s| s.setting != "Reviews logged") {
        prop_assert!(
            merged.settings.contains(setting),
            "{} changed {:?}; the merge: {:?}",
            who,
            setting,
            merged.settings
        );
    }
    for decision in &side.decisions {
        prop_assert!(
            merged.decisions.contains(decision),
            "{} changed {:?}; the merge: {:?}",
            who,
            decision,
            merged.decisions
        );
    }
    let lists = [
        ("elements", &side.elements, &merged.elements),
        ("flows", &side.flows, &merged.flows),
        ("boundaries", &side.boundaries, &merged.boundaries),
        ("own threats", &side.own_threats, &merged.own_threats),
    ];
    for (what, changes, in_merge) in lists {
        for change in changes {
            let found = in_merge.iter().find(|m| m.id() == change.id());
            let kept = match (change, found) {
                (PartChange::Added { .. }, Some(PartChange::Added { .. }))
                | (PartChange::Removed { .. }, Some(PartChange::Removed { .. })) => true,
                (PartChange::Changed { details, .. }, Some(PartChange::Changed { details: got, .. })) => {
                    // A re-pointed flow names its ends, which the other side may have renamed.
                    let same = |d: &Detail, g: &Detail| {
                        d == g || matches!((d, g), (Detail::Repointed { .. }, Detail::Repointed { .. }))
                    };
                    details.iter().all(|d| got.iter().any(|g| same(d, g)))
                }
                _ => false,
            };
            prop_assert!(kept, "{} {}: {:?}; the merge: {:?}", who, what, change, found);
        }
    }
    Ok(())
}

#[test]
#[allow(clippy::print_stderr)] // what the cases reached, seen with --nocapture
fn edits_to_disjoint_parts_merge_cleanly_with_every_change() {
    let clean = AtomicUsize::new(0);
    check("merge: disjoint edits", 300, case(), |case| {
        let s = sides(&case);
        if !disjoint(&s) {
            return Ok(());
        }
        clean.fetch_add(1, Ordering::Relaxed);
        let merged = merge(&s.base, &s.ours, &s.theirs);
        prop_assert_eq!(merged.conflicts, 0, "{:?}", merged.model.conflicts);
        let got = diff(&s.base, &merged.model);
        covers(&got, &diff(&s.base, &s.ours), "ours")?;
        covers(&got, &diff(&s.base, &s.theirs), "theirs")?;
        for entry in s.ours.review.log.iter().chain(&s.theirs.review.log) {
            prop_assert!(merged.model.review.log.contains(entry), "review {:?} lost", entry);
        }
        round_trips(&merged.model, "the merge")
    });
    let clean = clean.into_inner();
    eprintln!("merge: disjoint edits: {clean} cases");
    assert!(clean >= 60, "only {clean} cases had disjoint edits: the generator no longer tests this");
}

/// A conflict by part, id and field, with ours and theirs as JSON.
type Seen = (u8, String, String, Option<Value>, Option<Value>);

/// A conflict as seen from the other side: ours and theirs swapped.
fn seen_from(conflicts: &[Conflict], swap: bool) -> Vec<Seen> {
    let mut seen: Vec<_> = conflicts
        .iter()
        .map(|c| {
            let (o, t) = (parsed(c.ours.as_ref()), parsed(c.theirs.as_ref()));
            let (o, t) = if swap { (t, o) } else { (o, t) };
            (c.part as u8, c.id.clone(), c.field.clone(), o, t)
        })
        .collect();
    seen.sort_by(|a, b| {
        (a.0, &a.1, &a.2).cmp(&(b.0, &b.1, &b.2)).then_with(|| format!("{a:?}").cmp(&format!("{b:?}")))
    });
    seen
}

#[test]
#[allow(clippy::print_stderr)] // what the cases reached, seen with --nocapture
fn swapping_the_sides_swaps_the_conflicts_and_changes_nothing_else() {
    let checked = AtomicUsize::new(0);
    check("merge: symmetry", 300, case(), |case| {
        let s = sides(&case);
        if ids_collide(&s) {
            return Ok(());
        }
        checked.fetch_add(1, Ordering::Relaxed);
        let (ot, to) = (merge(&s.base, &s.ours, &s.theirs), merge(&s.base, &s.theirs, &s.ours));
        prop_assert_eq!(seen_from(&ot.model.conflicts, false), seen_from(&to.model.conflicts, true));
        // Both moved a card or a line: ours wins, by design, so its place depends on the side.
        let both_moved = |model: &ThreatModel| {
            let mut model = canonical(model);
            model.layout.elements.retain(|id, _| {
                let moved = |m: &ThreatModel| m.layout.elements.get(id) != s.base.layout.elements.get(id);
                !(moved(&s.ours) && moved(&s.theirs))
            });
            model.layout.boundary_lines.retain(|id, _| {
                let moved = |m: &ThreatModel| m.layout.boundary_lines.get(id) != s.base.layout.boundary_lines.get(id);
                !(moved(&s.ours) && moved(&s.theirs))
            });
            model
        };
        if ot.conflicts == 0 {
            same(&both_moved(&ot.model), &both_moved(&to.model), "merge(b, o, t) and merge(b, t, o)")?;
        } else {
            // Each holds its ours where they conflict: theirs taken on one is mine kept on the other.
            let (taken, kept) = (resolved(&ot.model, true)?, resolved(&to.model, false)?);
            let what = "theirs taken in merge(b, o, t), mine kept in merge(b, t, o)";
            same(&both_moved(&taken), &both_moved(&kept), what)?;
        }
        Ok(())
    });
    let checked = checked.into_inner();
    eprintln!("merge: symmetry: {checked} cases without colliding ids");
    assert!(checked >= 100, "only {checked} cases without colliding ids");
}

#[test]
#[allow(clippy::print_stderr)] // what the cases reached, seen with --nocapture
fn no_change_is_lost_and_taking_theirs_gives_their_values() {
    let (conflicted, collided) = (AtomicUsize::new(0), AtomicUsize::new(0));
    check("merge: nothing lost", 300, case(), |case| {
        let s = sides(&case);
        let merged = merge(&s.base, &s.ours, &s.theirs).model;
        conflicted.fetch_add(usize::from(!merged.conflicts.is_empty()), Ordering::Relaxed);
        collided.fetch_add(usize::from(ids_collide(&s)), Ordering::Relaxed);
        let theirs = as_merged_names(&s.theirs, &s.ours, &s.base, &merged);
        nothing_lost(&s.base, &s.ours, &merged, false)?;
        let held = nothing_lost(&s.base, &theirs, &merged, true)?;
        for entry in s.ours.review.log.iter().chain(&s.theirs.review.log) {
            prop_assert!(merged.review.log.contains(entry), "review {:?} lost", entry);
        }
        // Layout never conflicts: their move holds unless we moved the card too.
        for (id, at) in &theirs.layout.elements {
            let moved_by_us = s.ours.layout.elements.get(id) != s.base.layout.elements.get(id);
            if merged.element(id).is_some() && !moved_by_us {
                prop_assert_eq!(merged.layout.elements.get(id), Some(at), "their move of {} lost", id);
            }
        }
        for (id, line) in &theirs.layout.boundary_lines {
            let moved_by_us = s.ours.layout.boundary_lines.get(id) != s.base.layout.boundary_lines.get(id);
            if merged.boundary(id).is_some() && !moved_by_us {
                prop_assert_eq!(merged.layout.boundary_lines.get(id), Some(line), "their line of {} lost", id);
            }
        }
        let taken = resolved(&merged, true)?;
        let (now, wanted) = (parts(&taken), parts(&theirs));
        for (part, id, name) in held {
            let key = (part, id.clone());
            let (got, want) = (value_or_default(part, now.get(&key)), value_or_default(part, wanted.get(&key)));
            let (got, want) = if name.is_empty() {
                (got, want)
            } else {
                (got.and_then(|v| field(&v, &name).cloned()), want.and_then(|v| field(&v, &name).cloned()))
            };
            prop_assert_eq!(got, want, "{:?} {} {}: theirs taken", part, id, name);
        }
        Ok(())
    });
    // The cases must reach what is checked: conflicts, and ids both sides gave.
    let (conflicted, collided) = (conflicted.into_inner(), collided.into_inner());
    eprintln!("merge: nothing lost: {conflicted} cases with conflicts, {collided} with colliding ids");
    assert!(conflicted >= 60 && collided >= 20, "{conflicted} cases with conflicts, {collided} with colliding ids");
}

#[test]
fn every_merge_and_every_resolution_saves_loads_and_validates() {
    check("merge: round trip", 200, case(), |case| {
        let s = sides(&case);
        for merged in [merge(&s.base, &s.ours, &s.theirs).model, merge(&s.base, &s.theirs, &s.ours).model] {
            round_trips(&merged, "the merge")?;
            round_trips(&resolved(&merged, false)?, "mine kept everywhere")?;
            round_trips(&resolved(&merged, true)?, "theirs taken everywhere")?;
        }
        Ok(())
    });
}
