//! The Threagile fixtures imported with expectations counted by hand from the files, and
//! malformed and hostile input refused with a position.

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use super::Threagile;
use crate::interop::format::{ExchangeFormat, FormatError, ImportedModel, detect};
use crate::model::{BoundaryId, BoundaryKind, DataClass, ElementId, Level, Stride, ThreatModel, ThreatStatus, Tri};

fn fixture(path: &str) -> String {
    let at = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interop/threagile").join(path);
    std::fs::read_to_string(&at).unwrap_or_else(|e| panic!("{}: {e}", at.display()))
}

fn import(text: &str) -> Result<ImportedModel, FormatError> {
    let mut models = Threagile.import(text)?;
    assert_eq!(models.len(), 1);
    Ok(models.remove(0))
}

fn element<'m>(model: &'m ThreatModel, id: &str) -> &'m crate::model::Element {
    model.element(&ElementId::new(id)).unwrap_or_else(|| panic!("no element {id}"))
}

/// The flows from `from` to `to`, as (label, protocol, encrypted, authenticated, data).
fn flows_between(model: &ThreatModel, from: &str, to: &str) -> Vec<(String, String, Tri, Tri, BTreeSet<DataClass>)> {
    model
        .flows
        .iter()
        .filter(|f| f.from.as_str() == from && f.to.as_str() == to)
        .map(|f| (f.label.clone(), f.protocol.clone(), f.encrypted, f.authenticated, f.data.clone()))
        .collect()
}

fn boundaries_of(model: &ThreatModel, id: &str) -> Vec<String> {
    model.boundaries_of(&ElementId::new(id)).iter().map(|b| b.to_string()).collect()
}

#[test]
fn both_fixtures_are_recognised_and_others_are_not() {
    for path in ["example/threagile.yaml", "stub/threagile.yaml"] {
        let text = fixture(path);
        assert!(Threagile.recognises(&text), "{path}");
        assert_eq!(detect(&text).map(|f| f.id()), Some("threagile"), "{path}");
    }
    assert!(Threagile.recognises("technical_assets:\n  A:\n    id: a\n"));
    assert!(!Threagile.recognises("{\"summary\": {}, \"detail\": {\"diagrams\": []}}"));
    assert!(!Threagile.recognises("Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n"));
    assert!(!Threagile.exports() && Threagile.export(&ThreatModel::default(), &empty_analysis()).is_none());
}

fn empty_analysis() -> crate::threats::Analysis {
    crate::threats::analyze(&ThreatModel::default(), crate::threats::Catalogue::builtin())
}

#[test]
fn the_example_imports_its_elements_with_their_kinds() {
    let started = Instant::now();
    let imported = import(&fixture("example/threagile.yaml")).unwrap();
    eprintln!("example imported in {:?}", started.elapsed());
    let model = &imported.model;
    assert_eq!(imported.title, "Some Example Application");
    assert_eq!(model.name, "Some Example Application");
    assert!(model.description.contains("Just some more custom summary possible here..."), "{}", model.description);
    assert!(model.description.contains("Business overview: Some more demo text here"));
    assert!(model.description.contains("author: John Doe; date: 2020-07-01"));
    assert!(model.description.contains("- Ransomware: As a hacker I want to encrypt"));
    assert!(model.description.contains("- EU-DSGVO: Mandatory EU-Datenschutzgrundverordnung"));

    // Counted in the file: 14 technical assets, in this order.
    let expected = [
        ("customer-client", "Customer Web Client", "browser", false),
        ("backoffice-client", "Backoffice Client", "user", false),
        ("backend-admin-client", "Backend Admin Client", "browser", false),
        ("load-balancer", "Load Balancer", "process", true),
        ("apache-webserver", "Apache Webserver", "process", true),
        ("identity-provider", "Identity Provider", "identity_provider", true),
        ("ldap-auth-server", "LDAP Auth Server", "database", true),
        ("marketing-cms", "Marketing CMS", "process", false),
        ("erp-system", "Backoffice ERP System", "process", true),
        ("contract-file-server", "Contract File Server", "data_store", true),
        ("sql-database", "Customer Contract Database", "database", true),
        ("external-dev-client", "External Development Client", "user", true),
        ("git-repo", "Git Repository", "process", false),
        ("jenkins-build-server", "Jenkins Build Server", "process", true),
    ];
    let found: Vec<_> =
        model.elements.iter().map(|e| (e.id.as_str(), e.name.as_str(), e.kind.as_str(), e.critical)).collect();
    assert_eq!(found, expected);

    assert_eq!(element(model, "ldap-auth-server").property("encrypted_at_rest"), Tri::Yes, "transparent");
    assert_eq!(element(model, "sql-database").property("encrypted_at_rest"), Tri::Yes);
    assert_eq!(element(model, "contract-file-server").property("encrypted_at_rest"), Tri::No, "none");
    let customer = element(model, "customer-client");
    assert!(customer.description.contains("Out of scope in Threagile: Owned and managed by end-user customer"));
    assert!(customer.description.contains("Processes: Customer Accounts, Customer Operational Data"));
    // A browser is not asked whether it is reachable from the internet: an Internet boundary says it.
    assert!(customer.properties.is_empty());
    let internet = imported.notes.iter().find(|n| n.starts_with("An Internet boundary was added")).unwrap();
    assert!(internet.ends_with("boundaries: 'Customer Web Client', 'External Development Client'."), "{internet}");
    // Every data asset an asset processes or stores is defined in the file.
    assert!(!imported.notes.iter().any(|n| n.contains("does not define")));
    let apache = &element(model, "apache-webserver").description;
    assert!(apache.contains("Stores: Client Application Code, Server Application Code."), "{apache}");
    assert!(element(model, "sql-database").description.contains("Stores: Customer Accounts"));
    assert!(model.validate().iter().all(|i| i.severity() != crate::model::Severity::Error));
}

#[test]
fn the_example_links_become_flows_and_flows_back() {
    let model = import(&fixture("example/threagile.yaml")).unwrap().model;
    // 20 links, 16 of which receive data: 36 flows.
    assert_eq!(model.flows.len(), 36);
    let personal_and_credentials = BTreeSet::from([DataClass::PersonalData, DataClass::Credentials]);
    assert_eq!(
        flows_between(&model, "customer-client", "load-balancer"),
        [("Customer Traffic".to_owned(), "https".to_owned(), Tri::Yes, Tri::Yes, personal_and_credentials.clone())]
    );
    assert_eq!(
        flows_between(&model, "load-balancer", "customer-client"),
        [(
            "Customer Traffic (response)".to_owned(),
            "https".to_owned(),
            Tri::Yes,
            Tri::Yes,
            BTreeSet::from([DataClass::Public, DataClass::PersonalData, DataClass::Credentials])
        )]
    );
    let plain_web = flows_between(&model, "load-balancer", "apache-webserver");
    assert_eq!((plain_web[0].1.as_str(), plain_web[0].2, plain_web[0].3), ("http", Tri::No, Tri::Yes));
    // Read-only CMS content: nothing sent, marketing material back, no authentication.
    assert_eq!(
        flows_between(&model, "load-balancer", "marketing-cms"),
        [("CMS Content Traffic".to_owned(), "http".to_owned(), Tri::No, Tri::No, BTreeSet::new())]
    );
    assert_eq!(flows_between(&model, "marketing-cms", "load-balancer")[0].4, BTreeSet::from([DataClass::Public]));
    let jdbc = flows_between(&model, "erp-system", "sql-database");
    assert_eq!((jdbc[0].0.as_str(), jdbc[0].1.as_str(), jdbc[0].2), ("Database Traffic", "jdbc", Tri::No));
    let nfs = flows_between(&model, "erp-system", "contract-file-server");
    assert_eq!((nfs[0].1.as_str(), nfs[0].2, nfs[0].3), ("nfs", Tri::No, Tri::No));
    let ssh = flows_between(&model, "backend-admin-client", "sql-database");
    assert_eq!((ssh[0].0.as_str(), ssh[0].1.as_str(), ssh[0].2), ("DB Update Access", "ssh", Tri::Yes));
    assert_eq!(flows_between(&model, "identity-provider", "ldap-auth-server")[0].1, "ldaps");
    assert_eq!(flows_between(&model, "marketing-cms", "ldap-auth-server")[0].2, Tri::No, "plain ldap");
    // Links that receive nothing have no flow back.
    assert!(flows_between(&model, "identity-provider", "apache-webserver").is_empty());
    assert!(flows_between(&model, "apache-webserver", "jenkins-build-server").is_empty());
    assert_eq!(flows_between(&model, "jenkins-build-server", "apache-webserver").len(), 1);
    // Two links from the external developers to the repository, each with its flow back.
    assert_eq!(flows_between(&model, "external-dev-client", "git-repo").len(), 2);
    assert_eq!(flows_between(&model, "git-repo", "external-dev-client").len(), 2);
}

#[test]
fn the_example_boundaries_hold_their_members_and_nest() {
    let imported = import(&fixture("example/threagile.yaml")).unwrap();
    let model = &imported.model;
    let kinds: Vec<_> = model.boundaries.iter().map(|b| (b.id.as_str(), b.name.as_str(), b.kind)).collect();
    assert_eq!(
        kinds,
        [
            ("web-dmz", "Web DMZ", BoundaryKind::PrivateNetwork),
            ("erp-dmz", "ERP DMZ", BoundaryKind::PrivateNetwork),
            ("application-network", "Application Network", BoundaryKind::CloudAccount),
            ("auth-env", "Auth Handling Environment", BoundaryKind::PrivateNetwork),
            ("dev-network", "Dev Network", BoundaryKind::PrivateNetwork),
            ("internet", "Internet", BoundaryKind::Internet),
        ]
    );
    for id in ["apache-webserver", "marketing-cms"] {
        assert_eq!(boundaries_of(model, id), ["web-dmz", "application-network"], "{id}");
    }
    for id in ["erp-system", "contract-file-server", "sql-database"] {
        assert_eq!(boundaries_of(model, id), ["erp-dmz", "application-network"], "{id}");
    }
    for id in ["identity-provider", "ldap-auth-server"] {
        assert_eq!(boundaries_of(model, id), ["auth-env", "application-network"], "{id}");
    }
    assert_eq!(boundaries_of(model, "load-balancer"), ["application-network"]);
    for id in ["jenkins-build-server", "git-repo", "backend-admin-client", "backoffice-client"] {
        assert_eq!(boundaries_of(model, id), ["dev-network"], "{id}");
    }
    // On the internet in Threagile and in no trust boundary there.
    for id in ["customer-client", "external-dev-client"] {
        assert_eq!(boundaries_of(model, id), ["internet"], "{id}");
    }
    let rect = |id: &str| model.boundary_rect(&BoundaryId::new(id));
    for nested in ["web-dmz", "erp-dmz", "auth-env"] {
        assert!(rect("application-network").contains_rect(rect(nested)), "{nested} inside its parent");
    }
    assert!(!rect("application-network").intersects(rect("dev-network")));
    assert!(imported.notes.iter().any(|n| n.contains("\"execution-environment\"")));
}

#[test]
fn the_example_risks_become_own_threats() {
    let imported = import(&fixture("example/threagile.yaml")).unwrap();
    let model = &imported.model;
    // Two individual risks, and two of the six tracked risks name an asset: four threats.
    let threats: Vec<_> =
        model.own_threats.iter().map(|t| (t.id.as_str(), t.target.as_str(), t.title.as_str(), t.stride)).collect();
    assert_eq!(
        threats,
        [
            ("own-1", "sql-database", "Example Individual Risk at Database", Stride::Repudiation),
            ("own-2", "contract-file-server", "Example Individual Risk at Contract Filesystem", Stride::Repudiation),
            ("own-3", "erp-system", "Untrusted deserialization", Stride::Tampering),
            ("own-4", "ldap-auth-server", "Ldap injection", Stride::Tampering),
        ]
    );
    assert!(model.own_threats[0].description.starts_with("Some text describing the risk category..."));
    let decision = |key: &str| model.decisions.get(key).unwrap_or_else(|| panic!("no decision {key}"));
    // likely × medium; frequent × very-high, fitted to the three-level scale.
    let first = decision("own-1@sql-database");
    assert_eq!(
        (first.likelihood, first.impact, first.status),
        (Some(Level::Medium), Some(Level::Medium), ThreatStatus::Open)
    );
    let second = decision("own-2@contract-file-server");
    assert_eq!((second.likelihood, second.impact), (Some(Level::High), Some(Level::High)));
    let accepted = decision("own-3@erp-system");
    assert_eq!(accepted.status, ThreatStatus::Accepted);
    assert_eq!(accepted.reason, "Risk accepted as tolerable");
    assert_eq!(accepted.owner, "John Doe");
    assert!(
        accepted.notes.contains("Ticket XYZ-1234.") && accepted.notes.contains("Checked on 2020-01-04 by John Doe.")
    );
    let mitigated = decision("own-4@ldap-auth-server");
    assert_eq!((mitigated.status, mitigated.reason.as_str()), (ThreatStatus::Mitigated, ""));
    assert!(mitigated.notes.starts_with("The hardening measures were implemented and checked"));
    // The four tracked with wildcards only are listed, not placed.
    let note = imported.notes.iter().find(|n| n.starts_with("Tracked risks that name no single")).unwrap();
    for key in ["unencrypted-asset@*", "missing-authentication-second-factor@*@*@*", "missing-hardening@*"] {
        assert!(note.contains(key), "{key}");
    }
    assert!(imported.notes.iter().any(|n| n.contains("shared runtime 'WebApp and Backoffice Virtualization'")));
    // The analysis takes the imported model, its own threats with their decisions.
    let analysis = crate::threats::analyze(model, crate::threats::Catalogue::builtin());
    assert!(!analysis.threats.is_empty());
}

#[test]
fn the_stub_imports() {
    let imported = import(&fixture("stub/threagile.yaml")).unwrap();
    let model = &imported.model;
    assert_eq!(model.name, "Model Stub");
    let elements: Vec<_> = model.elements.iter().map(|e| (e.id.as_str(), e.kind.as_str(), e.critical)).collect();
    assert_eq!(elements, [("some-component", "process", true), ("some-other-component", "process", true)]);
    assert_eq!(
        flows_between(model, "some-component", "some-other-component"),
        [("Some Traffic".to_owned(), "https".to_owned(), Tri::Yes, Tri::No, BTreeSet::from([DataClass::Internal]))]
    );
    assert_eq!(model.flows.len(), 1);
    assert_eq!(model.boundaries.len(), 1);
    assert_eq!(model.boundaries[0].kind, BoundaryKind::ThirdParty);
    assert_eq!(boundaries_of(model, "some-component"), ["some-network"]);
    assert!(boundaries_of(model, "some-other-component").is_empty());
    assert_eq!(model.own_threats.len(), 1);
    assert_eq!(model.own_threats[0].target, "some-component");
    assert!(model.errors().is_empty());
}

fn error_of(text: &str) -> FormatError {
    match import(text) {
        Ok(_) => panic!("imported: {text}"),
        Err(error) => error,
    }
}

#[test]
fn malformed_yaml_and_wrong_types_say_where() {
    let example = fixture("example/threagile.yaml");
    let cut = example.find("  Load Balancer:").unwrap();
    let truncated = format!("{}    id: [unclosed\n", &example[..cut]);
    let error = error_of(&truncated);
    assert!(error.line > 400 && error.column > 0, "{error}");

    let list = error_of("threagile_version: 1.0.0\ntechnical_assets:\n  - a\n  - b\n");
    assert_eq!((list.line, list.column), (2, 1), "{list}");
    assert!(list.message.contains("technical_assets") && list.message.contains("a list"), "{list}");

    let typed = error_of("technical_assets:\n  A:\n    id: a\n    type: [process]\n");
    assert_eq!((typed.line, typed.column), (4, 5), "{typed}");
    assert!(typed.message.contains("\"type\" of technical asset 'A'"), "{typed}");

    let links = error_of("technical_assets:\n  A:\n    id: a\n    communication_links: some text\n");
    assert_eq!(links.line, 4, "{links}");
    let ids = error_of("technical_assets:\n  A:\n    data_assets_processed:\n      - [x]\n");
    assert_eq!(ids.line, 4, "{ids}");
    let not_a_map = error_of("- just\n- a list\n");
    assert_eq!(not_a_map.line, 1, "{not_a_map}");
    assert!(error_of("").line >= 1);
}

#[test]
fn dangling_references_are_left_out_with_a_note() {
    let text = "technical_assets:
  A:
    id: a
    type: process
    communication_links:
      Nowhere:
        target: missing
      Self:
        target: a
        data_assets_sent: [d]
trust_boundaries:
  B:
    id: b
    type: network-on-prem
    technical_assets_inside: [a, ghost]
    trust_boundaries_nested: [b, nothing]
risk_tracking:
  some-rule@ghost:
    status: accepted
";
    let imported = import(text).unwrap();
    assert_eq!(imported.model.flows.len(), 1, "the link to itself");
    assert_eq!(boundaries_of(&imported.model, "a"), ["b"]);
    assert!(imported.model.own_threats.is_empty());
    let said = |part: &str| imported.notes.iter().any(|n| n.contains(part));
    assert!(said("points at \"missing\"") && said("\"ghost\"") && said("\"nothing\"") && said("holds it already"));
    assert!(said("'A' sends data assets that the file does not define: \"d\""));
}

#[test]
fn hostile_files_stay_bounded() {
    let deep = format!("technical_assets: {}1{}", "[".repeat(5_000), "]".repeat(5_000));
    let error = error_of(&deep);
    assert!(error.line >= 1, "{error}");

    // Nine levels of ten aliases as a list of tags: 10^9 items if walked.
    let mut laughs = String::from("threagile_version: 1.0.0\na0: &a0 [lol]\n");
    for level in 1..10 {
        let refs = vec![format!("*a{}", level - 1); 10].join(", ");
        laughs.push_str(&format!("a{level}: &a{level} [{refs}]\n"));
    }
    let started = Instant::now();
    let ignored = import(&laughs).unwrap();
    assert!(ignored.model.elements.is_empty());
    let error = error_of(&format!("{laughs}tags_available: *a9\n"));
    assert!(error.line > 0, "{error}");

    // A thousand assets each with the same thousand links: a million flows if all were made.
    let mut links = String::from("links: &links\n");
    for n in 0..1_000 {
        links.push_str(&format!("  L{n}: {{target: a0, protocol: https, data_assets_sent: [d]}}\n"));
    }
    let mut assets = String::from("technical_assets:\n");
    for n in 0..1_000 {
        assets.push_str(&format!("  A{n}: {{id: a{n}, type: process, communication_links: *links}}\n"));
    }
    let error = error_of(&format!("threagile_version: 1.0.0\n{links}{assets}"));
    assert!(error.message.contains("too large") || error.message.contains("more than"), "{error}");
    assert!(started.elapsed() < Duration::from_secs(60), "{:?}", started.elapsed());
}

#[test]
fn merge_keys_fill_in_what_a_data_asset_leaves_out() {
    let text = "data_assets:
  Base: &base
    id: base
    description: Customer payment records
    confidentiality: confidential
  Copy:
    <<: *base
    id: copy
technical_assets:
  A:
    id: a
    type: process
    communication_links:
      Send:
        target: b
        protocol: https
        data_assets_sent: [copy]
  B:
    id: b
    type: datastore
    technology: database
";
    let model = import(text).unwrap().model;
    assert_eq!(model.flows[0].data, BTreeSet::from([DataClass::PaymentCard]));
    assert_eq!(element(&model, "b").kind, "database");
}

#[test]
fn a_large_generated_model_imports_in_time() {
    // 1,000 assets in 100 boundaries (50 pairs, one nested in the other), two links each.
    let mut text = String::from("threagile_version: 1.0.0\ntitle: Large\ntechnical_assets:\n");
    for n in 0..1_000 {
        let (next, far) = ((n + 1) % 1_000, (n + 37) % 1_000);
        text.push_str(&format!(
            "  Asset {n}:\n    id: a{n}\n    type: process\n    technology: web-server\n    communication_links:\n      \
             To next:\n        target: a{next}\n        protocol: https\n      To far:\n        target: a{far}\n        \
             protocol: http\n        data_assets_received: [d]\n"
        ));
    }
    text.push_str("trust_boundaries:\n");
    for b in 0..100 {
        let inside: Vec<String> = (b * 10..b * 10 + 10).map(|n| format!("a{n}")).collect();
        let nested = if b % 2 == 0 { format!("[b{}]", b + 1) } else { "[]".to_owned() };
        text.push_str(&format!(
            "  B{b}:\n    id: b{b}\n    type: network-on-prem\n    technical_assets_inside: [{}]\n    \
             trust_boundaries_nested: {nested}\n",
            inside.join(", ")
        ));
    }
    let started = Instant::now();
    let model = import(&text).unwrap().model;
    eprintln!("1,000 assets imported in {:?}", started.elapsed());
    assert_eq!((model.elements.len(), model.flows.len(), model.boundaries.len()), (1_000, 3_000, 100));
    assert_eq!(boundaries_of(&model, "a15"), ["b1", "b0"]);
    assert_eq!(boundaries_of(&model, "a5"), ["b0"]);
    assert!(started.elapsed() < Duration::from_secs(60));
}
