//! Models made at random from a recipe of small choices (which kind, which question, which
//! answer, by index), so that proptest can shrink a failing model to a few elements. Kinds,
//! questions and answers come from the built-in catalogue, flows run between real elements,
//! every boundary has its rectangle: valid by construction, unless the texts or coordinates
//! asked for are hostile (then validation decides).

use std::collections::{BTreeMap, BTreeSet};

use proptest::prelude::*;
use proptest::sample::{Index, select};
use threatsketch::model::{
    Answer, Boundary, BoundaryId, BoundaryKind, Compliance, DataClass, Decision, Element, ElementId, Flow, FlowId,
    KindCatalog, Level, MitigationFamily, OwnThreat, Point, PropertyDef, Rect, Review, ReviewEntry, Scale,
    SeedCategory, Stride, ThreatModel, ThreatStatus, Tri, ValueType, Workshop, WorkshopStep,
};
use threatsketch::threats::{Analysis, Catalogue};

/// How hostile the generated model is.
#[derive(Clone, Copy, Debug)]
pub struct Shape {
    pub max_elements: usize,
    pub max_flows: usize,
    pub max_boundaries: usize,
    /// Answers picked per element (a question picked twice keeps the last answer).
    pub max_answers: usize,
    /// Texts of any characters (quotes, backslashes, control characters, comment markers) and
    /// coordinates anywhere a float goes, NaN and infinity included; else plain words on a grid.
    pub hostile: bool,
}

#[derive(Clone, Debug)]
pub struct ElementRecipe {
    kind: Index,
    name: String,
    description: String,
    answers: Vec<(Index, Index)>,
    /// Answers to questions the kind does not ask (kept with a warning): hostile mode only.
    unasked: Vec<(String, Index)>,
    critical: bool,
    at: (f32, f32),
    placed: bool,
}

#[derive(Clone, Debug)]
pub struct FlowRecipe {
    from: Index,
    to: Index,
    label: String,
    protocol: String,
    encrypted: Tri,
    authenticated: Tri,
    data: Vec<DataClass>,
    answers: Vec<(Index, Index)>,
}

#[derive(Clone, Debug)]
pub struct BoundaryRecipe {
    kind: BoundaryKind,
    name: String,
    rect: (f32, f32, f32, f32),
}

#[derive(Clone, Debug)]
pub struct DecisionRecipe {
    rule: Index,
    target: Index,
    status: ThreatStatus,
    reason: String,
    title: Option<String>,
    ratings: [Option<Level>; 4],
    owner: String,
    due: String,
    mitigations: Vec<MitigationFamily>,
    kept: bool,
}

#[derive(Clone, Debug)]
pub struct OwnRecipe {
    target: Index,
    title: String,
    description: String,
    stride: Stride,
    category: SeedCategory,
}

/// The next review date and the log: date, who, summary.
type ReviewRecipe = (String, Vec<(String, String, String)>);

/// Everything a model is made from.
#[derive(Clone, Debug)]
pub struct Recipe {
    name: String,
    description: String,
    five_levels: bool,
    compliance: Vec<Compliance>,
    elements: Vec<ElementRecipe>,
    flows: Vec<FlowRecipe>,
    boundaries: Vec<BoundaryRecipe>,
    decisions: Vec<DecisionRecipe>,
    own: Vec<OwnRecipe>,
    review: Option<ReviewRecipe>,
    workshop: Option<(WorkshopStep, String)>,
}

/// Texts: plain words, or anything at all.
fn text(hostile: bool) -> BoxedStrategy<String> {
    let words = select(vec!["", "API", "Orders DB", "Process order", "Customer browser", "Mail service", "x"])
        .prop_map(str::to_owned);
    if !hostile {
        return words.boxed();
    }
    let odd = select(vec![
        "\"",
        "\\",
        "\\\"",
        "\"\"\"",
        "\u{0}",
        "\r\n",
        "\r",
        "\t",
        "\u{1b}[31m",
        "\u{7}",
        "}",
        ")",
        "\")",
        "\"),(",
        "/*",
        "*/",
        "// comment",
        "r#\"",
        "\u{feff}",
        "\u{2028}",
        "\u{202e}",
        "é",
        "🦀",
        "\u{10ffff}",
        "\u{fffd}",
        " ",
        "  padded  ",
        "Yes",
        "Unknown",
        "e1",
        "@",
        "a@b",
        "#![enable(implicit_some)]",
        "\\u{41}",
    ])
    .prop_map(str::to_owned);
    prop_oneof![
        3 => words,
        3 => odd,
        3 => proptest::collection::vec(any::<char>(), 0..24).prop_map(String::from_iter),
        1 => (any::<char>(), 200..3000usize).prop_map(|(c, n)| c.to_string().repeat(n)),
    ]
    .boxed()
}

/// A coordinate: on a grid where boundaries hold elements, or any float at all.
fn coordinate(hostile: bool) -> BoxedStrategy<f32> {
    let grid = (0..40i32).prop_map(|i| i as f32 * 50.0);
    if !hostile {
        return grid.boxed();
    }
    prop_oneof![
        // Mostly on the grid: one coordinate out of reach refuses the whole model.
        60 => grid,
        2 => select(vec![
            0.0, -0.0, 0.1, -0.5, 1e-45, f32::MIN_POSITIVE, 123_456.79, 16_777_217.0, 1e8, -1e8, 100_000_008.0, 1e9,
            3.4028235e38, f32::MAX, f32::MIN, f32::INFINITY, f32::NEG_INFINITY, f32::NAN,
        ]),
        1 => any::<f32>(),
    ]
    .boxed()
}

fn size(hostile: bool) -> BoxedStrategy<f32> {
    let plain = (1..40i32).prop_map(|i| i as f32 * 50.0);
    if !hostile {
        return plain.boxed();
    }
    prop_oneof![60 => plain, 2 => select(vec![0.0, -1.0, 1e-45, 0.5, 2e8, f32::NAN, f32::INFINITY]), 1 => any::<f32>()]
        .boxed()
}

fn level() -> impl Strategy<Value = Option<Level>> {
    proptest::option::of(select(vec![Level::VeryLow, Level::Low, Level::Medium, Level::High, Level::VeryHigh]))
}

pub fn recipe(shape: Shape) -> impl Strategy<Value = Recipe> {
    let h = shape.hostile;
    let element = (
        any::<Index>(),
        text(h),
        text(h),
        proptest::collection::vec((any::<Index>(), any::<Index>()), 0..=shape.max_answers),
        proptest::collection::vec((text(h), any::<Index>()), 0..if h { 2 } else { 1 }),
        any::<bool>(),
        (coordinate(h), coordinate(h)),
        proptest::bool::weighted(0.95),
    )
        .prop_map(move |(kind, name, description, answers, unasked, critical, at, placed)| ElementRecipe {
            kind,
            name,
            description,
            answers,
            unasked,
            critical,
            at,
            placed: placed || !h,
        });
    let flow = (
        any::<Index>(),
        any::<Index>(),
        text(h),
        text(h),
        select(Tri::ALL.to_vec()),
        select(Tri::ALL.to_vec()),
        proptest::sample::subsequence(DataClass::ALL.to_vec(), 0..=3),
        proptest::collection::vec((any::<Index>(), any::<Index>()), 0..3),
    )
        .prop_map(|(from, to, label, protocol, encrypted, authenticated, data, answers)| FlowRecipe {
            from,
            to,
            label,
            protocol,
            encrypted,
            authenticated,
            data,
            answers,
        });
    let boundary = (select(BoundaryKind::ALL.to_vec()), text(h), (coordinate(h), coordinate(h), size(h), size(h)))
        .prop_map(|(kind, name, rect)| BoundaryRecipe { kind, name, rect });
    let decision = (
        (any::<Index>(), any::<Index>(), select(ThreatStatus::ALL.to_vec()), text(h), proptest::option::of(text(h))),
        ([level(), level(), level(), level()], text(h), text(h)),
        (proptest::sample::subsequence(MitigationFamily::ALL.to_vec(), 0..=2), any::<bool>()),
    )
        .prop_map(|((rule, target, status, reason, title), (ratings, owner, due), (mitigations, kept))| {
            DecisionRecipe { rule, target, status, reason, title, ratings, owner, due, mitigations, kept }
        });
    let own =
        (any::<Index>(), text(h), text(h), select(Stride::ALL.to_vec()), select(SeedCategory::ALL.to_vec())).prop_map(
            |(target, title, description, stride, category)| OwnRecipe { target, title, description, stride, category },
        );
    let review = proptest::option::of((text(h), proptest::collection::vec((text(h), text(h), text(h)), 0..2)));
    let workshop = proptest::option::of((select(WorkshopStep::ALL.to_vec()), text(h)));
    (
        (text(h), text(h), any::<bool>(), proptest::sample::subsequence(Compliance::ALL.to_vec(), 0..=3)),
        proptest::collection::vec(element, 0..=shape.max_elements),
        proptest::collection::vec(flow, 0..=shape.max_flows),
        proptest::collection::vec(boundary, 0..=shape.max_boundaries),
        proptest::collection::vec(decision, 0..3),
        proptest::collection::vec(own, 0..2),
        review,
        workshop,
    )
        .prop_map(
            |(
                (name, description, five_levels, compliance),
                elements,
                flows,
                boundaries,
                decisions,
                own,
                review,
                workshop,
            )| {
                Recipe {
                    name,
                    description,
                    five_levels,
                    compliance,
                    elements,
                    flows,
                    boundaries,
                    decisions,
                    own,
                    review,
                    workshop,
                }
            },
        )
}

/// Every answer a question can take: both of yes and no, every option, and numbers at the ends,
/// the middle and the safe answer of the range.
pub fn answers_for(property: &PropertyDef) -> Vec<Answer> {
    match &property.value {
        ValueType::YesNo => vec![Answer::Yes, Answer::No],
        ValueType::Choice(options) => options.iter().map(|o| Answer::choice(&o.id)).collect(),
        ValueType::Number(spec) => {
            let mut numbers: BTreeSet<u32> = [spec.min, spec.max, spec.min + (spec.max - spec.min) / 2].into();
            numbers
                .extend([1, 7, 15, 30, 60, 89, 90, 365, 366].into_iter().filter(|n| (spec.min..=spec.max).contains(n)));
            numbers.into_iter().map(Answer::Number).collect()
        }
    }
}

/// The answer at `value` to the question at `property` among `asked`.
fn pick_answer(asked: &[&PropertyDef], (property, value): &(Index, Index)) -> Option<(String, Answer)> {
    let property = asked.get(property.index(asked.len().max(1)))?;
    let values = answers_for(property);
    Some((property.id.clone(), values[value.index(values.len())].clone()))
}

/// The model a recipe describes.
pub fn build(recipe: &Recipe) -> ThreatModel {
    let kinds = KindCatalog::builtin();
    let mut model = ThreatModel::new(recipe.name.clone());
    model.description = recipe.description.clone();
    model.scale = if recipe.five_levels { Scale::FiveLevels } else { Scale::ThreeLevels };
    model.compliance = recipe.compliance.iter().copied().collect();

    for (i, r) in recipe.elements.iter().enumerate() {
        let kind = &kinds.kinds[r.kind.index(kinds.kinds.len())];
        let id = ElementId::new(format!("e{}", i + 1));
        let mut element = Element::new(id.clone(), kind.id.clone(), r.name.clone());
        element.description = r.description.clone();
        element.critical = r.critical;
        let asked: Vec<&PropertyDef> = kind.all_properties().filter_map(|p| kinds.property(p)).collect();
        for pick in &r.answers {
            if let Some((property, answer)) = pick_answer(&asked, pick) {
                element.properties.insert(property, answer);
            }
        }
        for (property, value) in &r.unasked {
            // Any answer the loader can give back: a stated yes or no, a number, or an option
            // id that is not blank and does not read as an answer.
            let answers = [Answer::Yes, Answer::No, Answer::Number(7), Answer::choice(format!("opt-{property}"))];
            element.properties.insert(format!("not-asked-{property}"), answers[value.index(answers.len())].clone());
        }
        if r.placed {
            model.layout.elements.insert(id, Point::new(r.at.0, r.at.1));
        }
        model.elements.push(element);
    }

    if !model.elements.is_empty() {
        let flow_questions: Vec<&PropertyDef> =
            kinds.flow_properties.iter().filter_map(|p| kinds.property(p)).collect();
        for (i, r) in recipe.flows.iter().enumerate() {
            let from = model.elements[r.from.index(model.elements.len())].id.clone();
            let to = model.elements[r.to.index(model.elements.len())].id.clone();
            let mut flow = Flow::new(FlowId::new(format!("f{}", i + 1)), from, to, r.label.clone());
            flow.protocol = r.protocol.clone();
            flow.encrypted = r.encrypted;
            flow.authenticated = r.authenticated;
            flow.data = r.data.iter().copied().collect();
            for pick in &r.answers {
                if let Some((property, answer)) = pick_answer(&flow_questions, pick) {
                    flow.properties.insert(property, answer);
                }
            }
            model.flows.push(flow);
        }
    }

    for (i, r) in recipe.boundaries.iter().enumerate() {
        let id = BoundaryId::new(format!("b{}", i + 1));
        model.boundaries.push(Boundary { id: id.clone(), kind: r.kind, name: r.name.clone() });
        model.layout.boundaries.insert(id, Rect::new(r.rect.0, r.rect.1, r.rect.2, r.rect.3));
    }

    // Decisions and own threats on real targets, and on one that is gone (kept as orphaned).
    let targets: Vec<String> = model.targets().map(|t| t.id().to_owned()).chain(["gone".to_owned()]).collect();
    let rules = &Catalogue::builtin().rules;
    for r in &recipe.decisions {
        let key = format!("{}@{}", rules[r.rule.index(rules.len())].id, targets[r.target.index(targets.len())]);
        let [likelihood, impact, residual_likelihood, residual_impact] = r.ratings;
        let decision = Decision {
            status: r.status,
            reason: r.reason.clone(),
            title: r.title.clone(),
            notes: String::new(),
            likelihood,
            impact,
            residual_likelihood,
            residual_impact,
            owner: r.owner.clone(),
            due: r.due.clone(),
            mitigations: r.mitigations.iter().copied().collect(),
            kept: r.kept,
        };
        model.decisions.insert(key, decision);
    }
    for (i, r) in recipe.own.iter().enumerate() {
        model.own_threats.push(OwnThreat {
            id: format!("own-{}", i + 1),
            target: targets[r.target.index(targets.len())].clone(),
            title: r.title.clone(),
            description: r.description.clone(),
            stride: r.stride,
            category: r.category,
        });
    }
    if let Some((next, log)) = &recipe.review {
        model.review = Review {
            next: next.clone(),
            log: log
                .iter()
                .map(|(date, who, summary)| ReviewEntry {
                    date: date.clone(),
                    who: who.clone(),
                    summary: summary.clone(),
                })
                .collect(),
            ..Review::default()
        };
    }
    model.workshop = recipe.workshop.as_ref().map(|(step, focus)| Workshop { step: *step, focus: focus.clone() });
    model
}

/// Answers of a map, for failure messages.
pub fn describe_answers(answers: &BTreeMap<String, Answer>) -> String {
    answers.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", ")
}

/// Everything an analysis says, in order, as text: two analyses are the same when these are.
pub fn fingerprint(analysis: &Analysis) -> Vec<String> {
    let threats = analysis.threats.iter().map(|t| {
        format!(
            "{} {:?} {:?} {:?} {:?} {:?} {:?} {:?} {} {:?} {:?}",
            t.key(),
            t.stride,
            t.category,
            t.likelihood,
            t.impact,
            t.risk,
            t.residual,
            t.status,
            t.open_question,
            t.why,
            t.factors
        )
    });
    let orphaned = analysis.orphaned.iter().map(|(key, _)| format!("orphaned decision {key}"));
    let orphaned_own = analysis.orphaned_own.iter().map(|own| format!("orphaned own threat {}", own.id));
    threats
        .chain(orphaned)
        .chain(orphaned_own)
        .chain([format!("{} flows cross boundaries", analysis.flows_crossing_boundaries)])
        .collect()
}
