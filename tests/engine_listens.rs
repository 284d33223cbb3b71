//! The engine listens to what the user states, on a small catalogue of its own: a stated
//! control silences the specific rule and the generic one of its category; a rule about a risky
//! fact speaks only once that fact is stated; choices, numbers and flow questions decide rules;
//! a more precise rule replaces the one it refines; stated facts move ratings and say so.

// A test that meets the unexpected should stop right there.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use threatsketch::model::{
    Answer, Boundary, BoundaryId, BoundaryKind, Element, ElementId, Flow, FlowId, Level, Point, Rect, Stride, Target,
    ThreatModel, Tri,
};
use threatsketch::threats::{Axis, Catalogue, Threat, analyze};

const LISTENING: &str = r#"
#![enable(unwrap_variant_newtypes)]
(rules: [
    (
        id: "api-open", applies: Element(kinds: ["api_gateway"]),
        when: {"authorizer": ["none", Unknown]},
        stride: Spoofing, category: UnauthorizedAccess,
        title: "Anyone can call the API", explanation: "e", detail: "d", likelihood: Medium, impact: High,
        mitigation: LeastPrivilege, question: "Which authorizer checks callers?", ask: Developer, references: ["CWE:306"],
    ),
    (
        id: "api-key-login", applies: Element(kinds: ["api_gateway"]),
        when: {"authorizer": ["api_key"]},
        stride: Spoofing, category: UnauthorizedAccess,
        title: "An API key is used as a login", explanation: "e", detail: "d", likelihood: Medium, impact: Medium,
        mitigation: SecureConfiguration, question: "Is there a real authorizer?", ask: Developer, references: ["CWE:287"],
    ),
    (
        id: "generic-process-spoofing", applies: Element(element_types: [Process]),
        when: {"requires_sign_in": [No, Unknown], "invoke_restricted": [No, Unknown]},
        stride: Spoofing, category: UnauthorizedAccess,
        title: "Someone could pose as a caller", explanation: "e", detail: "d", likelihood: Low, impact: Low,
        mitigation: LeastPrivilege, question: "Who may call it?", ask: Developer, references: ["STRIDE:per-element"],
        fallback: true,
    ),
    (
        id: "admin-without-mfa", applies: Element(kinds: ["user"]),
        when: {"admin_rights": [Yes], "mfa": [No, Unknown]},
        stride: Spoofing, category: UnauthorizedAccess,
        title: "One stolen password runs the account", explanation: "e", detail: "d", likelihood: Medium, impact: High,
        mitigation: LeastPrivilege, question: "Do admins use MFA?", ask: Developer, references: ["CWE:308"],
    ),
    (
        id: "generic-external-spoofing", applies: Element(element_types: [ExternalEntity]),
        when: {"mfa": [No, Unknown]},
        stride: Spoofing, category: UnauthorizedAccess,
        title: "Someone could pretend to be them", explanation: "e", detail: "d", likelihood: Low, impact: Medium,
        mitigation: LeastPrivilege, question: "How is it proven who they are?", ask: Developer, references: ["STRIDE:per-element"],
        fallback: true,
    ),
    (
        id: "generic-process-tampering", applies: Element(element_types: [Process]),
        when: {"validates_input": [No, Unknown]},
        stride: Tampering, category: CodeInjection,
        title: "Crafted input", explanation: "e", detail: "d", likelihood: Low, impact: Medium,
        mitigation: InputValidation, question: "Is input checked?", ask: Developer, references: ["STRIDE:per-element"],
        fallback: true,
    ),
    (
        id: "event-input", applies: Element(kinds: ["function"], receives_from: ["queue", "object_storage"]),
        when: {"validates_input": [No, Unknown]},
        stride: Tampering, category: CodeInjection,
        title: "Event data could carry an attack", explanation: "e", detail: "d", likelihood: Medium, impact: High,
        mitigation: InputValidation, question: "Is every event validated?", ask: Developer, references: ["CSA-SLS:1"],
    ),
    (
        id: "uploaded-files", applies: Element(kinds: ["function"], receives_from: ["object_storage"]),
        when: {"validates_input": [No, Unknown]},
        stride: Tampering, category: CodeInjection,
        title: "Uploaded files could carry an attack", explanation: "e", detail: "d", likelihood: Medium, impact: High,
        mitigation: InputValidation, question: "Are uploads checked?", ask: Developer, references: ["CWE:434"],
        replaces: ["event-input"],
    ),
    (
        id: "short-log-retention", applies: Element(kinds: ["monitoring"]),
        when: {"retention_days": [AtMost(364), Unknown]},
        raised_by: {"logs_personal_data": Yes},
        lowered_by: {"alerting": Yes},
        stride: Repudiation, category: Misconfiguration,
        title: "Logs are gone before anyone looks", explanation: "e", detail: "d", likelihood: Medium, impact: Medium,
        mitigation: MonitoringAndLogging, question: "How long are logs kept?", ask: Developer, references: ["PCI-DSS:10.5.1"],
    ),
    (
        id: "flow-replay", applies: Flow(crosses: [Internet], authenticated: [Yes]),
        when: {"replay_protected": [No, Unknown]},
        stride: Tampering, category: UnauthorizedAccess,
        title: "A captured request could be sent again", explanation: "e", detail: "d", likelihood: Low, impact: Medium,
        mitigation: InputValidation, question: "Are replays rejected?", ask: Developer, references: ["CWE:294"],
    ),
    (
        id: "generic-flow-disclosure", applies: Flow(encrypted: [No, Unknown]),
        stride: InformationDisclosure, category: DataBreach,
        title: "Could be read on the way", explanation: "e", detail: "d", likelihood: Low, impact: Medium,
        mitigation: Encryption, question: "Is it encrypted?", ask: Developer, references: ["STRIDE:per-element"],
        fallback: true,
    ),
])
"#;

fn catalogue() -> Catalogue {
    Catalogue::parse(LISTENING).unwrap()
}

fn model_of(kinds: &[&str]) -> ThreatModel {
    let mut model = ThreatModel::new("listening");
    for (i, kind) in kinds.iter().enumerate() {
        let id = ElementId::new(format!("e{}", i + 1));
        model.elements.push(Element::new(id.clone(), *kind, format!("Part {}", i + 1)));
        model.layout.elements.insert(id, Point::new(400.0 * i as f32, 0.0));
    }
    model
}

fn connect(model: &mut ThreatModel, from: usize, to: usize) -> FlowId {
    let id = FlowId::new(format!("f{}", model.flows.len() + 1));
    let (from, to) = (ElementId::new(format!("e{from}")), ElementId::new(format!("e{to}")));
    model.flows.push(Flow::new(id.clone(), from, to, "Data"));
    id
}

fn answer(model: &mut ThreatModel, element: usize, property: &str, answer: Option<Answer>) {
    model.elements[element - 1].set_answer(property, answer);
}

fn keys(model: &ThreatModel) -> Vec<String> {
    analyze(model, &catalogue()).threats.iter().map(Threat::key).collect()
}

/// The keys of one STRIDE category's threats.
fn keys_of(model: &ThreatModel, stride: Stride) -> Vec<String> {
    analyze(model, &catalogue()).threats.iter().filter(|t| t.stride == stride).map(Threat::key).collect()
}

fn find(model: &ThreatModel, key: &str) -> Option<Threat> {
    analyze(model, &catalogue()).threats.into_iter().find(|t| t.key() == key)
}

#[test]
fn a_stated_control_silences_the_specific_rule_and_the_generic_one() {
    let mut model = model_of(&["api_gateway"]);
    let spoofing = |model: &ThreatModel| keys_of(model, Stride::Spoofing);
    assert_eq!(spoofing(&model), ["api-open@e1"], "unknown: the specific rule asks, the generic one stays quiet");
    assert!(find(&model, "api-open@e1").unwrap().open_question);
    answer(&mut model, 1, "authorizer", Some(Answer::choice("jwt")));
    assert_eq!(spoofing(&model), Vec::<String>::new(), "the generic rule must not come back in its place");
    answer(&mut model, 1, "authorizer", Some(Answer::choice("api_key")));
    assert_eq!(spoofing(&model), ["api-key-login@e1"], "a weak authorizer is its own finding");
}

#[test]
fn a_rule_about_a_risky_fact_speaks_for_its_category_only_once_the_fact_is_stated() {
    let mut model = model_of(&["user"]);
    // Not known to be an admin: the admin rule is not about this user; the safety net asks.
    assert_eq!(keys(&model), ["generic-external-spoofing@e1"]);
    answer(&mut model, 1, "admin_rights", Some(Answer::Yes));
    assert_eq!(keys(&model), ["admin-without-mfa@e1"]);
    answer(&mut model, 1, "mfa", Some(Answer::Yes));
    assert_eq!(keys(&model), Vec::<String>::new(), "MFA answers both");
    answer(&mut model, 1, "admin_rights", Some(Answer::No));
    assert_eq!(keys(&model), Vec::<String>::new());
}

#[test]
fn a_question_the_kind_does_not_ask_never_holds_a_rule_back_nor_becomes_a_question() {
    // A CDN is not asked whether it validates input, so the safety net speaks, as a finding.
    let model = model_of(&["cdn"]);
    let tampering = find(&model, "generic-process-tampering@e1").unwrap();
    assert!(!tampering.open_question);
    assert!(tampering.why[0].starts_with("Every running part is checked"), "{:?}", tampering.why);
    // A function that validates its input is answered.
    let mut model = model_of(&["function"]);
    answer(&mut model, 1, "validates_input", Some(Answer::Yes));
    assert!(find(&model, "generic-process-tampering@e1").is_none());
}

#[test]
fn numbers_and_choices_decide_rules_and_read_in_words() {
    let mut model = model_of(&["monitoring"]);
    assert!(find(&model, "short-log-retention@e1").unwrap().open_question);
    answer(&mut model, 1, "retention_days", Some(Answer::Number(30)));
    let threat = find(&model, "short-log-retention@e1").unwrap();
    assert!(!threat.open_question);
    assert!(threat.why.iter().any(|w| &**w == "Logs are kept for: 30 days"), "{:?}", threat.why);
    answer(&mut model, 1, "retention_days", Some(Answer::Number(400)));
    assert!(find(&model, "short-log-retention@e1").is_none());
}

#[test]
fn stated_facts_move_ratings_one_level_each_and_say_which() {
    let mut model = model_of(&["monitoring"]);
    answer(&mut model, 1, "retention_days", Some(Answer::Number(30)));
    let plain = find(&model, "short-log-retention@e1").unwrap();
    assert_eq!((plain.likelihood, plain.factors.len()), (Level::Medium, 0));
    answer(&mut model, 1, "logs_personal_data", Some(Answer::Yes));
    let raised = find(&model, "short-log-retention@e1").unwrap();
    assert_eq!(raised.likelihood, Level::High);
    assert_eq!(raised.factors.len(), 1);
    assert!(raised.factors[0].raises && raised.factors[0].axis == Axis::Likelihood);
    assert_eq!(raised.factors[0].describe(), "Likelihood +1: Logs contain personal data: yes");
    answer(&mut model, 1, "alerting", Some(Answer::Yes));
    let both = find(&model, "short-log-retention@e1").unwrap();
    assert_eq!(both.likelihood, Level::Medium);
    let said: Vec<String> = both.factors.iter().map(|f| f.describe()).collect();
    assert_eq!(
        said,
        ["Likelihood −1: Alerts on unusual activity: yes", "Likelihood +1: Logs contain personal data: yes"]
    );
}

#[test]
fn a_more_precise_rule_replaces_the_one_it_refines() {
    let mut model = model_of(&["object_storage", "function", "queue"]);
    connect(&mut model, 1, 2);
    let on_function = |model: &ThreatModel| -> Vec<String> {
        keys_of(model, Stride::Tampering).into_iter().filter(|k| k.ends_with("@e2")).collect()
    };
    assert_eq!(on_function(&model), ["uploaded-files@e2"], "one idea, said once, by the more precise rule");
    // From a queue alone, the general rule speaks.
    model.flows.clear();
    connect(&mut model, 3, 2);
    assert_eq!(on_function(&model), ["event-input@e2"]);
}

#[test]
fn flow_questions_decide_flow_rules_and_an_encrypted_flow_is_not_readable_on_the_way() {
    let mut model = model_of(&["browser", "api_gateway"]);
    answer(&mut model, 2, "authorizer", Some(Answer::choice("jwt")));
    let flow = connect(&mut model, 1, 2);
    model.boundaries.push(Boundary {
        id: BoundaryId::new("b1"),
        kind: BoundaryKind::Internet,
        name: "Internet".into(),
    });
    model.layout.boundaries.insert(BoundaryId::new("b1"), Rect::new(-150.0, -100.0, 300.0, 200.0));
    let on_flow = |model: &ThreatModel| -> Vec<String> {
        let target = Target::Flow(flow.clone());
        analyze(model, &catalogue()).for_target(&target).map(Threat::key).collect()
    };
    assert_eq!(on_flow(&model), ["generic-flow-disclosure@f1"]);
    let stated = model.flows.iter_mut().next().unwrap();
    stated.encrypted = Tri::Yes;
    stated.authenticated = Tri::Yes;
    assert_eq!(on_flow(&model), ["flow-replay@f1"], "encrypted: not readable; authenticated: replayable");
    model.flows[0].set_answer("replay_protected", Some(Answer::Yes));
    assert_eq!(on_flow(&model), Vec::<String>::new());
}

#[test]
fn rules_written_against_a_renamed_question_read_as_written_against_the_new_one() {
    let old = LISTENING.replace(r#""authorizer": ["none", Unknown]"#, r#""has_authorizer": [No, Unknown]"#);
    let catalogue = Catalogue::parse(&old).unwrap();
    let mut model = model_of(&["api_gateway"]);
    let fired = |model: &ThreatModel| analyze(model, &catalogue).threats.iter().any(|t| t.key() == "api-open@e1");
    assert!(fired(&model));
    answer(&mut model, 1, "authorizer", Some(Answer::choice("none")));
    assert!(fired(&model));
    answer(&mut model, 1, "authorizer", Some(Answer::choice("iam")));
    assert!(!fired(&model), "an old 'has an authorizer: no' rule is answered by any authorizer");
}

#[test]
fn a_renamed_question_is_renamed_in_every_kind_of_condition() {
    // Rules of version 1 may name "has_authorizer" in raised_by and on a flow's ends too.
    let rules = r#"
#![enable(unwrap_variant_newtypes)]
(rules: [
    (
        id: "raised", applies: Element(kinds: ["api_gateway"]), when: {"waf": [No, Unknown]},
        raised_by: {"has_authorizer": No},
        stride: Tampering, category: CodeInjection, title: "t", explanation: "e", detail: "d",
        likelihood: Low, impact: Low, mitigation: SecureConfiguration, question: "Is there a WAF here?",
        ask: Developer, references: ["CWE:20"],
    ),
    (
        id: "into-open-api", applies: Flow(to_when: {"has_authorizer": [No]}),
        stride: Spoofing, category: UnauthorizedAccess, title: "t", explanation: "e", detail: "d",
        likelihood: Low, impact: Low, mitigation: LeastPrivilege, question: "Who may call it here?",
        ask: Developer, references: ["CWE:306"],
    ),
])"#;
    let catalogue = Catalogue::parse(rules).unwrap();
    assert!(catalogue.problems(threatsketch::model::KindCatalog::builtin()).is_empty());
    let mut model = model_of(&["browser", "api_gateway"]);
    connect(&mut model, 1, 2);
    answer(&mut model, 2, "authorizer", Some(Answer::choice("none")));
    let analysis = analyze(&model, &catalogue);
    let raised = analysis.threats.iter().find(|t| t.key() == "raised@e2").unwrap();
    assert_eq!(raised.likelihood, Level::Medium, "raised by the renamed question");
    assert!(analysis.threats.iter().any(|t| t.key() == "into-open-api@f1"));
}

#[test]
fn a_question_stays_open_only_while_its_control_is_unknown() {
    // The built-in rule: no authorizer, on an API that may be reachable from the internet.
    let mut model = model_of(&["api_gateway"]);
    let threat = |model: &ThreatModel| {
        analyze(model, Catalogue::builtin()).threats.into_iter().find(|t| t.key() == "api-without-authorizer@e1")
    };
    assert!(threat(&model).unwrap().open_question, "the authorizer is unknown: ask");
    answer(&mut model, 1, "authorizer", Some(Answer::choice("none")));
    let answered = threat(&model).expect("no authorizer: the threat stands");
    assert!(
        !answered.open_question,
        "the authorizer is answered; the unknown exposure places the rule, it is not its question"
    );
    answer(&mut model, 1, "internet_facing", Some(Answer::Yes));
    assert!(!threat(&model).unwrap().open_question);
}
