//! The engine's rules of evaluation, on a small catalogue of its own: conditions, unknown
//! answers, raising and lowering, fallbacks, keys, decisions kept across edits, orphans.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use threatsketch::edit::{Command, Document, ThreatText};
use threatsketch::io::templates::Template;
use threatsketch::model::{
    Answer, DataClass, ElementId, FlowId, Level, OwnThreat, Point, SeedCategory, Stride, Target, ThreatModel,
    ThreatStatus, Tri,
};
use threatsketch::risk::RiskLevel;
use threatsketch::threats::{Catalogue, Threat, ThreatFilter, analyze};

const TEST_CATALOGUE: &str = r#"
#![enable(unwrap_variant_newtypes)]
(rules: [
    (
        id: "api-open",
        applies: Element(kinds: ["api_gateway"]),
        when: {"has_authorizer": [No, Unknown]},
        lowered_by: {"waf": Yes},
        stride: Spoofing, category: UnauthorizedAccess,
        title: "Anyone can call the API", explanation: "e", detail: "d",
        likelihood: Medium, impact: Medium,
        internet_raises_likelihood: true, sensitive_data_raises_impact: true,
        mitigation: LeastPrivilege, question: "Is there an authorizer?", ask: Developer, references: ["CSA-2"],
    ),
    (
        id: "generic-spoofing",
        applies: Element(element_types: [Process]),
        stride: Spoofing, category: UnauthorizedAccess,
        title: "Someone could pose as a caller", explanation: "e", detail: "d",
        likelihood: Low, impact: Low,
        mitigation: LeastPrivilege, question: "Who may call it?", ask: Developer, references: ["STRIDE-per-element"],
        fallback: true,
    ),
    (
        id: "event-injection",
        applies: Element(kinds: ["function"], receives_from: ["queue", "object_storage"]),
        when: {"validates_input": [No, Unknown]},
        stride: Tampering, category: CodeInjection,
        title: "Event data could carry an attack", explanation: "e", detail: "d",
        likelihood: Medium, impact: High,
        mitigation: InputValidation, question: "Is every event validated?", ask: Developer, references: ["CSA-1"],
    ),
    (
        id: "inside-internet",
        applies: Element(inside: [Internet]),
        stride: Repudiation, category: Misconfiguration,
        title: "Outside our walls", explanation: "e", detail: "d",
        likelihood: Low, impact: Low,
        mitigation: MonitoringAndLogging, question: "Who answers for it?", ask: Developer, references: ["x"],
    ),
    (
        id: "flow-clear-internet",
        applies: Flow(crosses: [Internet], encrypted: [No, Unknown]),
        stride: InformationDisclosure, category: DataBreach,
        title: "Readable on the way", explanation: "e", detail: "d",
        likelihood: High, impact: Medium, sensitive_data_raises_impact: true,
        mitigation: Encryption, question: "Is it HTTPS only?", ask: Developer, references: ["OWASP-SLS-S3"],
    ),
])
"#;

fn catalogue() -> Catalogue {
    Catalogue::parse(TEST_CATALOGUE).unwrap()
}

/// The checkout, with the browser's flow's encryption not known yet.
fn sample() -> ThreatModel {
    let mut model = Template::sample().model().unwrap();
    model.flow_mut(&FlowId::new("f1")).unwrap().encrypted = Tri::Unknown;
    model
}

fn find<'a>(threats: &'a [Threat], key: &str) -> Option<&'a Threat> {
    threats.iter().find(|t| t.key() == key)
}

#[test]
fn keys_name_the_rule_and_the_target_and_analysis_is_deterministic() {
    let (model, catalogue) = (sample(), catalogue());
    let first: Vec<String> = analyze(&model, &catalogue).threats.iter().map(|t| t.key()).collect();
    let second: Vec<String> = analyze(&model, &catalogue).threats.iter().map(|t| t.key()).collect();
    assert_eq!(first, second);
    assert!(first.contains(&"api-open@e2".to_owned()), "{first:?}");
    assert!(first.contains(&"flow-clear-internet@f1".to_owned()), "{first:?}");
    assert!(first.contains(&"inside-internet@e1".to_owned()), "{first:?}");
}

#[test]
fn an_unknown_answer_keeps_the_threat_as_a_question_and_the_safe_answer_removes_it() {
    let catalogue = catalogue();
    let mut doc = Document::new(sample(), None);
    let analysis = analyze(doc.model(), &catalogue);
    let threat = find(&analysis.threats, "api-open@e2").unwrap();
    assert!(threat.open_question);
    assert!(threat.why.iter().any(|w| &**w == "Authorizer: unknown"), "{:?}", threat.why);

    doc.apply(Command::SetAnswer {
        target: Target::Element(ElementId::new("e2")),
        property: "authorizer".into(),
        answer: Some(Answer::choice("none")),
    })
    .unwrap();
    let analysis = analyze(doc.model(), &catalogue);
    let threat = find(&analysis.threats, "api-open@e2").unwrap();
    assert!(!threat.open_question, "a known None is a finding, not a question");
    assert!(threat.why.iter().any(|w| &**w == "Authorizer: none: open to any caller"), "{:?}", threat.why);

    doc.apply(Command::SetAnswer {
        target: Target::Element(ElementId::new("e2")),
        property: "authorizer".into(),
        answer: Some(Answer::choice("jwt")),
    })
    .unwrap();
    assert!(find(&analyze(doc.model(), &catalogue).threats, "api-open@e2").is_none());
}

#[test]
fn exposure_raises_likelihood_and_a_partial_control_lowers_it() {
    let catalogue = catalogue();
    let mut doc = Document::new(sample(), None);
    // The template's gateway is internet-facing: Medium raised to High.
    assert_eq!(find(&analyze(doc.model(), &catalogue).threats, "api-open@e2").unwrap().likelihood, Level::High);
    doc.apply(Command::SetAnswer {
        target: Target::Element(ElementId::new("e2")),
        property: "waf".into(),
        answer: Some(Answer::Yes),
    })
    .unwrap();
    let analysis = analyze(doc.model(), &catalogue);
    let threat = find(&analysis.threats, "api-open@e2").unwrap();
    assert_eq!(threat.likelihood, Level::Medium, "lowered by the WAF, raised by exposure");
    let factors: Vec<String> = threat.factors.iter().map(|f| f.describe()).collect();
    assert_eq!(
        factors,
        ["Likelihood −1: Behind a web application firewall: yes", "Likelihood +1: reachable from the internet"]
    );
}

#[test]
fn sensitive_data_raises_impact_and_the_risk_follows() {
    let catalogue = catalogue();
    let mut doc = Document::new(sample(), None);
    let before = analyze(doc.model(), &catalogue);
    let before = find(&before.threats, "flow-clear-internet@f1").unwrap();
    assert_eq!((before.likelihood, before.impact, before.risk), (Level::High, Level::Medium, RiskLevel::High));
    doc.apply(Command::SetFlowData { id: FlowId::new("f1"), class: DataClass::PaymentCard, carried: true }).unwrap();
    let after = analyze(doc.model(), &catalogue);
    let after = find(&after.threats, "flow-clear-internet@f1").unwrap();
    assert_eq!((after.impact, after.risk), (Level::High, RiskLevel::Critical));
    let factors: Vec<String> = after.factors.iter().map(|f| f.describe()).collect();
    assert!(factors.contains(&"Impact +1: it carries payment card".to_owned()), "{factors:?}");
}

#[test]
fn an_encrypted_flow_is_not_suggested_for_interception() {
    let catalogue = catalogue();
    let mut doc = Document::new(sample(), None);
    doc.apply(Command::SetFlowCheck {
        id: FlowId::new("f1"),
        check: threatsketch::edit::FlowCheck::Encrypted,
        value: Tri::Yes,
    })
    .unwrap();
    assert!(find(&analyze(doc.model(), &catalogue).threats, "flow-clear-internet@f1").is_none());
    // A flow inside the cloud account never crosses the internet.
    assert!(find(&analyze(doc.model(), &catalogue).threats, "flow-clear-internet@f3").is_none());
}

#[test]
fn a_generic_rule_yields_to_a_specific_one_of_the_same_category() {
    let catalogue = catalogue();
    let analysis = analyze(&sample(), &catalogue);
    // The gateway has the specific spoofing threat, so not the generic one.
    assert!(find(&analysis.threats, "generic-spoofing@e2").is_none());
    // The functions have no specific spoofing rule: the generic one speaks.
    let generic = find(&analysis.threats, "generic-spoofing@e3").unwrap();
    assert!(generic.why[0].starts_with("Every running part"), "{:?}", generic.why);
}

#[test]
fn trigger_rules_follow_the_flows_into_a_function() {
    let catalogue = catalogue();
    let mut doc = Document::new(sample(), None);
    assert!(find(&analyze(doc.model(), &catalogue).threats, "event-injection@e3").is_none());
    let queue = threatsketch::model::Element::new(ElementId::new("e7"), "queue", "Orders queue");
    doc.apply(Command::AddElement { element: queue, center: Point::new(500.0, 400.0) }).unwrap();
    let flow =
        threatsketch::model::Flow::new(FlowId::new("f6"), ElementId::new("e7"), ElementId::new("e3"), "Order event");
    doc.apply(Command::AddFlow { flow }).unwrap();
    let analysis = analyze(doc.model(), &catalogue);
    let threat = find(&analysis.threats, "event-injection@e3").unwrap();
    assert!(threat.why.iter().any(|w| w.contains("Orders queue")), "{:?}", threat.why);
}

#[test]
fn decisions_survive_reanalysis_after_edits_and_deletes_leave_them_orphaned() {
    let catalogue = catalogue();
    let mut doc = Document::new(sample(), None);
    doc.apply(Command::SetThreatStatus {
        key: "api-open@e2".into(),
        status: ThreatStatus::NotApplicable,
        reason: "Public catalogue API, no customer data".into(),
    })
    .unwrap();
    doc.apply(Command::MoveElements { moves: vec![(ElementId::new("e2"), Point::new(500.0, 210.0))] }).unwrap();
    doc.apply(Command::Rename { target: Target::Element(ElementId::new("e2")), name: "Public API".into() }).unwrap();
    let analysis = analyze(doc.model(), &catalogue);
    let threat = find(&analysis.threats, "api-open@e2").unwrap();
    assert_eq!(threat.status, ThreatStatus::NotApplicable);
    assert_eq!(threat.decision.as_ref().unwrap().reason, "Public catalogue API, no customer data");
    assert_eq!(analysis.badge(&Target::Element(ElementId::new("e2"))), None, "nothing open on it");

    doc.apply(Command::Delete { targets: vec![Target::Element(ElementId::new("e2"))] }).unwrap();
    let analysis = analyze(doc.model(), &catalogue);
    assert_eq!(analysis.orphaned.len(), 1);
    assert_eq!(analysis.orphaned[0].0, "api-open@e2");
    assert!(doc.model().decisions.contains_key("api-open@e2"), "never silently dropped");
    doc.undo();
    assert_eq!(
        find(&analyze(doc.model(), &catalogue).threats, "api-open@e2").unwrap().status,
        ThreatStatus::NotApplicable
    );
}

#[test]
fn not_applicable_and_accepted_need_a_reason_and_reopening_clears_the_decision() {
    let mut doc = Document::new(sample(), None);
    let no_reason =
        Command::SetThreatStatus { key: "api-open@e2".into(), status: ThreatStatus::NotApplicable, reason: " ".into() };
    assert!(doc.apply(no_reason).is_err());
    let accepted =
        Command::SetThreatStatus { key: "api-open@e2".into(), status: ThreatStatus::Accepted, reason: String::new() };
    assert!(doc.apply(accepted).is_err());
    doc.apply(Command::SetThreatStatus { key: "k@e2".into(), status: ThreatStatus::NotApplicable, reason: "r".into() })
        .unwrap();
    doc.apply(Command::SetThreatStatus { key: "k@e2".into(), status: ThreatStatus::Open, reason: String::new() })
        .unwrap();
    assert!(doc.model().decisions.is_empty(), "a decision back at the defaults is not stored");
}

#[test]
fn an_edited_title_replaces_the_catalogue_title_until_cleared() {
    let catalogue = catalogue();
    let mut doc = Document::new(sample(), None);
    let key = "api-open@e2".to_owned();
    doc.apply(Command::SetThreatText { key: key.clone(), field: ThreatText::Title, text: "Open admin API".into() })
        .unwrap();
    assert_eq!(find(&analyze(doc.model(), &catalogue).threats, &key).unwrap().title(), "Open admin API");
    doc.apply(Command::SetThreatText { key: key.clone(), field: ThreatText::Title, text: String::new() }).unwrap();
    assert_eq!(find(&analyze(doc.model(), &catalogue).threats, &key).unwrap().title(), "Anyone can call the API");
}

#[test]
fn own_threats_join_the_list_and_are_kept_aside_when_their_target_goes() {
    let catalogue = catalogue();
    let mut doc = Document::new(sample(), None);
    let own = OwnThreat {
        id: "own-1".into(),
        target: "e4".into(),
        title: "A developer could export the whole table".into(),
        description: String::new(),
        stride: Stride::InformationDisclosure,
        category: SeedCategory::DataBreach,
    };
    doc.apply(Command::AddOwnThreat { threat: own }).unwrap();
    let analysis = analyze(doc.model(), &catalogue);
    let threat = find(&analysis.threats, "own-1@e4").unwrap();
    assert_eq!(threat.target, Target::Element(ElementId::new("e4")));
    doc.apply(Command::Delete { targets: vec![Target::Element(ElementId::new("e4"))] }).unwrap();
    let analysis = analyze(doc.model(), &catalogue);
    assert!(find(&analysis.threats, "own-1@e4").is_none());
    assert_eq!(analysis.orphaned_own.len(), 1);
    doc.apply(Command::DeleteOwnThreat { id: "own-1".into() }).unwrap();
    assert!(doc.model().own_threats.is_empty());
}

#[test]
fn decisions_and_own_threats_round_trip_through_the_file() {
    let mut doc = Document::new(sample(), None);
    doc.apply(Command::SetThreatStatus {
        key: "api-open@e2".into(),
        status: ThreatStatus::NotApplicable,
        reason: "internal".into(),
    })
    .unwrap();
    doc.apply(Command::SetThreatText {
        key: "api-open@e2".into(),
        field: ThreatText::Notes,
        text: "checked 2026-11".into(),
    })
    .unwrap();
    let text = threatsketch::io::to_ron(doc.model()).unwrap();
    let loaded = threatsketch::io::parse_model(&text, std::path::Path::new("m.ron")).unwrap();
    assert_eq!(&loaded.model, doc.model());
    assert!(text.contains("\"api-open@e2\""));
}

#[test]
fn the_filter_narrows_by_each_field_and_search_words() {
    let (model, catalogue) = (sample(), catalogue());
    let analysis = analyze(&model, &catalogue);
    let names = threatsketch::threats::Names::of(&model);
    let count = |filter: &ThreatFilter| analysis.threats.iter().filter(|t| filter.matches(t, &names)).count();
    let all = count(&ThreatFilter::default());
    assert!(all >= 4);
    assert_eq!(count(&ThreatFilter { stride: Some(Stride::InformationDisclosure), ..ThreatFilter::default() }), 1);
    assert_eq!(count(&ThreatFilter { category: Some(SeedCategory::DataBreach), ..ThreatFilter::default() }), 1);
    assert_eq!(
        count(&ThreatFilter { target: Some(Target::Element(ElementId::new("e2"))), ..ThreatFilter::default() }),
        1
    );
    assert_eq!(count(&ThreatFilter { search: "API CALL".into(), ..ThreatFilter::default() }), 1);
    assert_eq!(count(&ThreatFilter { search: "nothing-like-this".into(), ..ThreatFilter::default() }), 0);
    assert_eq!(count(&ThreatFilter { status: Some(ThreatStatus::Mitigated), ..ThreatFilter::default() }), 0);
}

#[test]
fn the_users_rating_wins_and_residual_risk_follows_it_until_rated() {
    let catalogue = catalogue();
    let mut doc = Document::new(sample(), None);
    let key = "api-open@e2".to_owned();
    let suggested = analyze(doc.model(), &catalogue);
    let suggested = find(&suggested.threats, &key).unwrap();
    assert!(!suggested.rated_by_user);
    assert_eq!(suggested.residual, (suggested.likelihood, suggested.impact, suggested.risk));

    let rate =
        |residual, likelihood, impact| Command::SetThreatRating { key: key.clone(), residual, likelihood, impact };
    doc.apply(rate(false, Some(Level::Low), Some(Level::Low))).unwrap();
    let analysis = analyze(doc.model(), &catalogue);
    let rated = find(&analysis.threats, &key).unwrap();
    assert!(rated.rated_by_user);
    assert_eq!((rated.likelihood, rated.impact, rated.risk), (Level::Low, Level::Low, RiskLevel::Low));
    assert_eq!(rated.residual.2, RiskLevel::Low, "residual follows the current rating until rated");

    doc.apply(rate(false, Some(Level::High), Some(Level::High))).unwrap();
    doc.apply(rate(true, Some(Level::Low), Some(Level::Medium))).unwrap();
    let analysis = analyze(doc.model(), &catalogue);
    let rated = find(&analysis.threats, &key).unwrap();
    assert_eq!((rated.risk, rated.residual), (RiskLevel::Critical, (Level::Low, Level::Medium, RiskLevel::Low)));

    // Back to the suggestion: the user's ratings are gone, the residual one stays.
    doc.apply(rate(false, None, None)).unwrap();
    let analysis = analyze(doc.model(), &catalogue);
    let back = find(&analysis.threats, &key).unwrap();
    assert!(!back.rated_by_user);
    assert_eq!(back.likelihood, Level::High);
    assert_eq!(back.residual.2, RiskLevel::Low);
    doc.undo();
    assert_eq!(find(&analyze(doc.model(), &catalogue).threats, &key).unwrap().likelihood, Level::High);
    assert!(find(&analyze(doc.model(), &catalogue).threats, &key).unwrap().rated_by_user);
}

#[test]
fn the_plan_lowers_the_rating_after_mitigation_until_the_user_rates_it() {
    use threatsketch::model::MitigationFamily;
    use threatsketch::risk::cell_counts;
    let catalogue = catalogue();
    let mut doc = Document::new(sample(), None);
    let key = "api-open@e2".to_owned();
    let now = find(&analyze(doc.model(), &catalogue).threats, &key).cloned().unwrap();
    assert_eq!(now.suggested, (now.likelihood, now.impact, now.risk));
    let choose = |family, chosen| Command::SetThreatMitigation { key: key.clone(), family, chosen };

    // Another family than the rule's (least privilege) does not count.
    doc.apply(choose(MitigationFamily::MonitoringAndLogging, true)).unwrap();
    let other = find(&analyze(doc.model(), &catalogue).threats, &key).cloned().unwrap();
    assert_eq!((other.residual, other.plan_effect.is_none()), (now.residual, true));

    doc.apply(choose(MitigationFamily::LeastPrivilege, true)).unwrap();
    let analysis = analyze(doc.model(), &catalogue);
    let planned = find(&analysis.threats, &key).unwrap();
    let scale = doc.model().scale;
    assert_eq!(planned.residual.0, scale.step(now.likelihood, -1));
    assert_eq!(planned.residual.1, now.impact, "what an attacker gains stays the same");
    assert_eq!(planned.plan_effect.as_ref().unwrap().describe(), "Likelihood −1: the plan includes least privilege");
    assert_eq!((planned.likelihood, planned.impact), (now.likelihood, now.impact), "now is unchanged");
    let after = cell_counts(&analysis.threats, true, scale);
    let before = cell_counts(&analysis.threats, false, scale);
    assert_ne!(after, before, "the matrix after mitigation shows what the plan buys");

    // Carried out, it still counts after mitigation, at its residual rating; not now.
    doc.apply(Command::SetThreatStatus { key: key.clone(), status: ThreatStatus::Mitigated, reason: String::new() })
        .unwrap();
    let analysis = analyze(doc.model(), &catalogue);
    let total = |counts: Vec<Vec<usize>>| counts.into_iter().flatten().sum::<usize>();
    assert_eq!(
        total(cell_counts(&analysis.threats, true, scale)),
        total(cell_counts(&analysis.threats, false, scale)) + 1
    );

    // The user's own likelihood after mitigation replaces the plan's suggestion.
    let rate =
        Command::SetThreatRating { key: key.clone(), residual: true, likelihood: Some(Level::High), impact: None };
    doc.apply(rate).unwrap();
    let own = find(&analyze(doc.model(), &catalogue).threats, &key).cloned().unwrap();
    assert_eq!((own.residual.0, own.plan_effect.is_none()), (Level::High, true));

    // Accepted: no plan of ours to count on.
    doc.apply(Command::SetThreatRating { key: key.clone(), residual: true, likelihood: None, impact: None }).unwrap();
    doc.apply(Command::SetThreatStatus { key: key.clone(), status: ThreatStatus::Accepted, reason: "cheap".into() })
        .unwrap();
    let accepted = find(&analyze(doc.model(), &catalogue).threats, &key).cloned().unwrap();
    assert_eq!((accepted.residual, accepted.plan_effect.is_none()), (now.residual, true));
}

#[test]
fn owner_due_date_and_chosen_mitigations_are_kept_in_the_decision() {
    use threatsketch::model::MitigationFamily;
    let mut doc = Document::new(sample(), None);
    let key = "api-open@e2".to_owned();
    doc.apply(Command::SetThreatText { key: key.clone(), field: ThreatText::Owner, text: "Sam".into() }).unwrap();
    assert!(
        doc.apply(Command::SetThreatText { key: key.clone(), field: ThreatText::Due, text: "next week".into() })
            .is_err()
    );
    assert!(
        doc.apply(Command::SetThreatText { key: key.clone(), field: ThreatText::Due, text: "2026-02-30".into() })
            .is_err()
    );
    doc.apply(Command::SetThreatText { key: key.clone(), field: ThreatText::Due, text: "2026-12-31".into() }).unwrap();
    let choose =
        |chosen| Command::SetThreatMitigation { key: key.clone(), family: MitigationFamily::LeastPrivilege, chosen };
    doc.apply(choose(true)).unwrap();
    let decision = doc.model().decisions[&key].clone();
    assert_eq!((decision.owner.as_str(), decision.due.as_str()), ("Sam", "2026-12-31"));
    assert!(decision.mitigations.contains(&MitigationFamily::LeastPrivilege));
    doc.apply(choose(false)).unwrap();
    assert!(doc.model().decisions[&key].mitigations.is_empty());
    // All of it survives the file.
    let text = threatsketch::io::to_ron(doc.model()).unwrap();
    assert_eq!(&threatsketch::io::parse_model(&text, std::path::Path::new("m.ron")).unwrap().model, doc.model());
}

#[test]
fn a_compliance_scope_raises_the_impact_of_threats_to_the_data_it_protects() {
    use threatsketch::model::Compliance;
    let catalogue = catalogue();
    let mut doc = Document::new(sample(), None);
    // The browser's flow carries personal data: no raise without a scope…
    let before = analyze(doc.model(), &catalogue);
    assert_eq!(find(&before.threats, "flow-clear-internet@f1").unwrap().impact, Level::Medium);
    // …HIPAA protects health data, which this flow does not carry…
    doc.apply(Command::SetCompliance { scope: Compliance::Hipaa, applies: true }).unwrap();
    assert_eq!(
        find(&analyze(doc.model(), &catalogue).threats, "flow-clear-internet@f1").unwrap().impact,
        Level::Medium
    );
    // …GDPR protects personal data, which it does.
    doc.apply(Command::SetCompliance { scope: Compliance::Gdpr, applies: true }).unwrap();
    let after = analyze(doc.model(), &catalogue);
    let threat = find(&after.threats, "flow-clear-internet@f1").unwrap();
    assert_eq!(threat.impact, Level::High);
    assert!(threat.factors.iter().any(|f| f.reason.contains("GDPR")), "{:?}", threat.factors);
    // Rules that do not weigh data are not raised.
    assert_eq!(find(&after.threats, "generic-spoofing@e3").unwrap().impact, Level::Low);
    doc.undo();
    assert_eq!(
        find(&analyze(doc.model(), &catalogue).threats, "flow-clear-internet@f1").unwrap().impact,
        Level::Medium
    );
}

#[test]
fn switching_to_five_levels_and_back_maps_ratings_in_one_undo_step() {
    use threatsketch::model::Scale;
    let catalogue = catalogue();
    let mut doc = Document::new(sample(), None);
    let key = "api-open@e2".to_owned();

    doc.apply(Command::SetScale { scale: Scale::FiveLevels }).unwrap();
    // On five levels, exposure raises High to Very high, and the NIST table rates it.
    let analysis = analyze(doc.model(), &catalogue);
    let threat = find(&analysis.threats, &key).unwrap();
    assert_eq!(threat.likelihood, Level::High, "Medium raised once for internet exposure");
    let rate = Command::SetThreatRating {
        key: key.clone(),
        residual: false,
        likelihood: Some(Level::VeryHigh),
        impact: Some(Level::VeryHigh),
    };
    doc.apply(rate).unwrap();
    let analysis = analyze(doc.model(), &catalogue);
    let rated = find(&analysis.threats, &key).unwrap();
    assert_eq!((rated.likelihood, rated.risk), (Level::VeryHigh, RiskLevel::Critical));
    let counts = threatsketch::risk::cell_counts(&analysis.threats, false, Scale::FiveLevels);
    assert_eq!((counts.len(), counts[4][4]), (5, 1), "one threat in the top corner");

    // Back to three levels: Very high becomes High, in the file too.
    doc.apply(Command::SetScale { scale: Scale::ThreeLevels }).unwrap();
    assert_eq!(doc.model().decisions[&key].likelihood, Some(Level::High));
    let analysis = analyze(doc.model(), &catalogue);
    assert_eq!(find(&analysis.threats, &key).unwrap().risk, RiskLevel::Critical);
    doc.undo();
    assert_eq!(doc.model().scale, Scale::FiveLevels);
    assert_eq!(doc.model().decisions[&key].likelihood, Some(Level::VeryHigh));
}

#[test]
fn badges_in_one_pass_match_each_targets_own_badge() {
    let mut model = threatsketch::io::templates::Template::sample().model().unwrap();
    let first = analyze(&model, Catalogue::builtin()).threats[0].key();
    model
        .decisions
        .insert(first, threatsketch::model::Decision { status: ThreatStatus::Mitigated, ..Default::default() });
    let analysis = analyze(&model, Catalogue::builtin());
    let badges = analysis.badges();
    for target in model.targets() {
        assert_eq!(badges.get(&target).copied(), analysis.badge(&target), "{target:?}");
    }
}

#[test]
fn crossing_a_boundary_line_fires_the_same_rules_as_crossing_a_box_edge() {
    use threatsketch::model::{Boundary, BoundaryId, BoundaryKind, Element, Flow};
    // A browser talks to an API over a flow nobody said is encrypted; no boundary between them.
    let mut model = ThreatModel::new("line");
    for (id, kind, x) in [("e1", "browser", 0.0), ("e2", "api_gateway", 600.0)] {
        model.elements.push(Element::new(ElementId::new(id), kind, id));
        model.layout.elements.insert(ElementId::new(id), Point::new(x, 0.0));
    }
    model.flows.push(Flow::new(FlowId::new("f1"), ElementId::new("e1"), ElementId::new("e2"), "orders"));
    let rules = |model: &ThreatModel| -> Vec<String> {
        let analysis = analyze(model, Catalogue::builtin());
        let on_flow = analysis.threats.iter().filter(|t| t.target == Target::Flow(FlowId::new("f1")));
        on_flow.map(Threat::key).collect()
    };
    let without = rules(&model);
    // The internet's edge drawn as a line between them.
    model.boundaries.push(Boundary { id: BoundaryId::new("b1"), kind: BoundaryKind::Internet, name: "Edge".into() });
    model
        .layout
        .boundary_lines
        .insert(BoundaryId::new("b1"), vec![Point::new(300.0, -200.0), Point::new(300.0, 200.0)]);
    let across = rules(&model);
    assert!(across.contains(&"flow-unencrypted-internet@f1".to_owned()), "{across:?}");
    assert!(!without.contains(&"flow-unencrypted-internet@f1".to_owned()), "{without:?}");
    // The same as when the browser sits in an Internet box the flow leaves.
    let mut boxed = model.clone();
    boxed.layout.boundary_lines.clear();
    boxed.layout.boundaries.insert(BoundaryId::new("b1"), threatsketch::model::Rect::new(-200.0, -100.0, 400.0, 200.0));
    assert_eq!(rules(&boxed), across);
    // The same line off to the side is not crossed.
    model
        .layout
        .boundary_lines
        .insert(BoundaryId::new("b1"), vec![Point::new(900.0, -200.0), Point::new(900.0, 200.0)]);
    assert_eq!(rules(&model), without);
}
