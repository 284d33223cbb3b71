//! Tests of the Threat Modeling Tool import, on the files in tests/fixtures/interop/mtmt. The
//! expectations were written from the files (read with an XML viewer) before the code ran.

use std::collections::BTreeMap;

use super::*;
use crate::interop::format::detect;
use crate::model::{BoundaryKind, CrossingDirection, Level, Point, Rect, Stride, ThreatStatus};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interop/mtmt").join(name);
    std::fs::read_to_string(path).unwrap()
}

fn sample() -> String {
    fixture("MTMT_example.tm7")
}

fn import_one(text: &str) -> ImportedModel {
    let mut models = import(text).unwrap();
    assert_eq!(models.len(), 1);
    models.remove(0)
}

/// The name of the element with this id.
fn name_of<'a>(model: &'a ThreatModel, id: &str) -> &'a str {
    model.elements.iter().find(|e| e.id.as_str() == id).map_or("?", |e| e.name.as_str())
}

#[test]
fn the_sample_has_its_elements_with_kinds_and_places() {
    let started = std::time::Instant::now();
    let imported = import_one(&sample());
    eprintln!("MTMT_example.tm7 (1.26 MB) imported in {:?}", started.elapsed());
    assert_eq!(imported.title, "Diagram 1");
    let model = &imported.model;
    assert_eq!(model.name, "Diagram 1", "the file names no model: the tab's name");

    // The four stencils of `Borders` that are not boundaries, in file order.
    let elements: Vec<(&str, &str, &str)> =
        model.elements.iter().map(|e| (e.id.as_str(), e.name.as_str(), e.kind.as_str())).collect();
    assert_eq!(
        elements,
        [
            ("53245f54-0656-4ede-a393-357aeaa2e20f", "Accounting PostgreSQL", "database"),
            ("6183b7fa-eba5-4bf8-a0af-c3e30d144a10", "Mobile Client", "mobile_app"),
            ("5d15323e-3729-4694-87b1-181c90af5045", "Public API v2", "api_gateway"),
            ("91882aca-8249-49a7-96f0-164b68411b48", "Azure File Storage", "object_storage"),
        ]
    );
    // Left + Width / 2, Top + Height / 2; every stencil is 100 × 100.
    let centres: Vec<Point> = model.elements.iter().map(|e| model.element_position(&e.id)).collect();
    let expected = [(1025.0, 232.0), (483.0, 290.0), (815.0, 293.0), (1024.0, 361.0)];
    assert_eq!(centres, expected.map(|(x, y)| Point::new(x, y)));
    // No setting is chosen in the sample ("Select"), so nothing is answered.
    assert!(model.elements.iter().all(|e| e.properties.is_empty()));
}

#[test]
fn the_sample_has_two_boundaries_with_their_members() {
    let model = import_one(&sample()).model;
    let boundaries: Vec<(&str, BoundaryKind, Rect)> = model
        .boundaries
        .iter()
        .map(|b| (b.name.as_str(), b.kind, model.layout.boundaries.get(&b.id).copied().unwrap_or_default()))
        .collect();
    assert_eq!(
        boundaries,
        [
            ("Internet", BoundaryKind::Internet, Rect::new(386.0, 151.0, 202.0, 281.0)),
            ("Public Cloud", BoundaryKind::CloudAccount, Rect::new(744.0, 142.0, 371.0, 308.0)),
        ]
    );
    let members = |index: usize| -> Vec<&str> {
        model.members_of(&model.boundaries[index].id).iter().map(|e| e.name.as_str()).collect()
    };
    assert_eq!(members(0), ["Mobile Client"]);
    assert_eq!(members(1), ["Accounting PostgreSQL", "Public API v2", "Azure File Storage"]);
    assert!(model.layout.boundary_lines.is_empty());
}

#[test]
fn the_sample_has_six_flows() {
    let model = import_one(&sample()).model;
    let flows: Vec<(&str, &str, &str)> = model
        .flows
        .iter()
        .map(|f| (f.label.as_str(), name_of(&model, f.from.as_str()), name_of(&model, f.to.as_str())))
        .collect();
    assert_eq!(
        flows,
        [
            ("PSQL Request", "Public API v2", "Accounting PostgreSQL"),
            ("PSQL Response", "Accounting PostgreSQL", "Public API v2"),
            ("File Request", "Public API v2", "Azure File Storage"),
            ("File Response", "Azure File Storage", "Public API v2"),
            ("API Request", "Mobile Client", "Public API v2"),
            ("API Response", "Public API v2", "Mobile Client"),
        ]
    );
    // The sample's connectors state no protocol, encryption or authentication.
    assert!(model.flows.iter().all(|f| f.protocol.is_empty() && f.encrypted.is_unknown()));
}

#[test]
fn every_threat_instance_of_the_sample_is_a_threat_of_ones_own_on_its_flow() {
    let imported = import_one(&sample());
    let model = &imported.model;
    // 43 instances, all with a FlowGuid of one of the six flows, so none is lost.
    assert_eq!(model.own_threats.len(), 43);
    let mut per_flow: BTreeMap<&str, usize> = BTreeMap::new();
    for threat in &model.own_threats {
        let flow = model.flows.iter().find(|f| f.id.as_str() == threat.target).unwrap();
        *per_flow.entry(flow.label.as_str()).or_default() += 1;
    }
    let expected = [
        ("API Request", 15),
        ("API Response", 2),
        ("File Request", 7),
        ("File Response", 8),
        ("PSQL Request", 3),
        ("PSQL Response", 8),
    ];
    assert_eq!(per_flow.into_iter().collect::<Vec<_>>(), expected);

    let mut per_stride: BTreeMap<Stride, usize> = BTreeMap::new();
    for threat in &model.own_threats {
        *per_stride.entry(threat.stride).or_default() += 1;
        assert_eq!(threat.category, threat.stride.seed_category());
    }
    let expected = [
        (Stride::Spoofing, 6),
        (Stride::Tampering, 8),
        (Stride::Repudiation, 4),
        (Stride::InformationDisclosure, 12),
        (Stride::ElevationOfPrivilege, 13),
    ];
    assert_eq!(per_stride.into_iter().collect::<Vec<_>>(), expected);

    // All AutoGenerated (Open); 38 High, 5 Medium.
    let first = &model.own_threats[0];
    assert_eq!(first.id, "own-1");
    assert_eq!(
        first.title,
        "An adversary can gain unauthorized access to Azure Postgres DB instances due to weak network security \
        configuration"
    );
    assert!(first.description.starts_with("An adversary can gain unauthorized access to  Accounting PostgreSQL"));
    assert!(first.description.ends_with("Refer: https://aka.ms/tmt-th153"), "{}", first.description);
    assert_eq!(model.decisions.len(), 43);
    assert!(model.decisions.values().all(|d| d.status == ThreatStatus::Open));
    let high =
        model.decisions.values().filter(|d| (d.likelihood, d.impact) == (Some(Level::Medium), Some(Level::High)));
    assert_eq!(high.count(), 38);
    let medium =
        model.decisions.values().filter(|d| (d.likelihood, d.impact) == (Some(Level::Medium), Some(Level::Medium)));
    assert_eq!(medium.count(), 5);
    assert!(model.decisions.contains_key(&format!("own-1@{}", first.target)));
}

#[test]
fn the_sample_notes_say_what_was_not_carried_over() {
    let notes = import_one(&sample()).notes;
    let said = |text: &str| notes.iter().any(|n| n.contains(text));
    assert!(said("knowledge base embedded in the file"), "{notes:#?}");
    assert!(said("Mobile Client Technologies \"Android\""), "{notes:#?}");
    assert!(said("Threats the tool generated or the user added (43) were imported"), "{notes:#?}");
    // Nothing else: every type is known, every flow has its ends, every threat its flow.
    assert_eq!(notes.len(), 3, "{notes:#?}");
}

#[test]
fn the_sample_analyses_with_its_own_threats() {
    let model = import_one(&sample()).model;
    let analysis = crate::threats::analyze(&model, crate::threats::Catalogue::builtin());
    let own = analysis.threats.iter().filter(|t| t.key().starts_with("own-")).count();
    assert_eq!(own, 43);
}

#[test]
fn the_hand_made_file_has_a_boundary_line_that_the_flow_over_it_crosses() {
    let imported = import_one(&fixture("line_boundary.tm7"));
    let model = &imported.model;
    assert_eq!(imported.title, "Checkout");
    assert_eq!(model.name, "Shop", "one tab: the model's own name");
    assert_eq!(model.description, "A web shop checkout.\n\nFrom the Microsoft Threat Modeling Tool (owner: Ann).");

    let kinds: Vec<(&str, &str)> = model.elements.iter().map(|e| (e.name.as_str(), e.kind.as_str())).collect();
    assert_eq!(kinds, [("Customer", "external_entity"), ("Orders API", "api_gateway"), ("Orders DB", "database")]);
    assert_eq!(model.elements[1].answer("authorizer"), Some(&crate::model::Answer::choice("unspecified")));
    assert_eq!(model.elements[2].property("encrypted_at_rest"), crate::model::Tri::Yes);

    // One boundary, drawn as source, handle and target point.
    assert_eq!(model.boundaries.len(), 1);
    let line = &model.boundaries[0];
    assert_eq!((line.name.as_str(), line.kind), ("Internet boundary", BoundaryKind::Internet));
    let points = [Point::new(350.0, 100.0), Point::new(360.0, 300.0), Point::new(350.0, 600.0)];
    assert_eq!(model.boundary_line(&line.id), Some(points.as_slice()));
    assert!(model.members_of(&line.id).is_empty());

    // The loose flow is left out; "Place order" (Customer → Orders API) crosses the line,
    // "Store order" (Orders API → Orders DB, both right of it) does not.
    let labels: Vec<&str> = model.flows.iter().map(|f| f.label.as_str()).collect();
    assert_eq!(labels, ["Place order", "Store order"]);
    let across = crate::model::Crossing { boundary: line.id.clone(), direction: CrossingDirection::Across };
    assert!(model.crossings(&model.flows[0]).contains(&across));
    assert!(!model.crossings(&model.flows[1]).contains(&across));
    assert_eq!(model.flows[0].protocol, "HTTPS");
    assert_eq!(model.flows[0].encrypted, crate::model::Tri::Yes);

    // Three threats: one per flow; the loose flow's is lost with a note.
    assert_eq!(model.own_threats.len(), 2);
    let spoofing = &model.own_threats[0];
    assert_eq!((spoofing.title.as_str(), spoofing.stride), ("An adversary may spoof Customer", Stride::Spoofing));
    // No category of its own: the knowledge base says TH16 is in category I.
    let sniffing = &model.own_threats[1];
    assert_eq!(sniffing.stride, Stride::InformationDisclosure);
    let decision = &model.decisions[&format!("own-2@{}", sniffing.target)];
    assert_eq!(decision.status, ThreatStatus::NotApplicable);
    assert_eq!(decision.reason, "The database is reached over a private endpoint only.");
    assert!(decision.notes.is_empty(), "said once, as the reason");
    assert_eq!((decision.likelihood, decision.impact), (Some(Level::Medium), Some(Level::Medium)));

    let notes = imported.notes.join("\n");
    assert!(notes.contains("The data flow 'Loose' was left out: its target is not attached to an element."), "{notes}");
    assert!(notes.contains("Threats on the data flow 'Loose', which was left out, were not imported (1)."), "{notes}");
    assert!(notes.contains("Azure SQL DB SSIS Packages Used \"No\""), "{notes}");
}

#[test]
fn several_drawing_surfaces_are_several_models() {
    let text = sample();
    let start = text.find("<DrawingSurfaceModel").unwrap();
    let end = text.find("</DrawingSurfaceModel>").unwrap() + "</DrawingSurfaceModel>".len();
    let second = text[start..end]
        .replace("<Header>Diagram 1</Header>", "<Header>Backend</Header>")
        .replace("6c2a2f80-b419-425c-a0fd-299f2c49bf6a", "6c2a2f80-0000-0000-0000-000000000002")
        .replace("z:Id=\"i", "z:Id=\"j");
    let two = format!("{}{second}{}", &text[..end], &text[end..]);
    let models = import(&two).unwrap();
    let titles: Vec<&str> = models.iter().map(|m| m.title.as_str()).collect();
    assert_eq!(titles, ["Diagram 1", "Backend"]);
    // The threats name the first surface.
    assert_eq!(models[0].model.own_threats.len(), 43);
    assert!(models[1].model.own_threats.is_empty());
    assert_eq!(models[1].model.elements.len(), 4);
}

#[test]
fn recognised_by_content() {
    assert!(Mtmt.recognises(&sample()));
    assert!(Mtmt.recognises(&fixture("line_boundary.tm7")), "after a byte order mark");
    let declared = format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n{}", sample());
    assert!(Mtmt.recognises(&declared));
    assert!(Mtmt.recognises("<?xml version=\"1.0\"?>\r\n<ThreatModel xmlns:i=\"x\" xmlns=\"y\"></ThreatModel>"));
    assert!(!Mtmt.recognises("{\"summary\": {}, \"detail\": {}}"));
    assert!(!Mtmt.recognises("<svg xmlns=\"http://www.w3.org/2000/svg\"/>"));
    assert_eq!(detect(&sample()).map(|f| f.id()), Some("mtmt"));
    assert!(
        !Mtmt.exports()
            && Mtmt
                .export(
                    &ThreatModel::default(),
                    &crate::threats::analyze(&ThreatModel::default(), crate::threats::Catalogue::builtin())
                )
                .is_none()
    );
}

#[test]
fn every_file_of_the_format_in_the_fixtures_imports() {
    let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/interop/mtmt");
    let mut seen = 0;
    for entry in std::fs::read_dir(folder).unwrap().flatten() {
        if entry.path().extension().is_some_and(|e| e == "tm7") {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            assert!(Mtmt.recognises(&text), "{:?}", entry.path());
            assert!(!import(&text).unwrap().is_empty(), "{:?}", entry.path());
            seen += 1;
        }
    }
    assert_eq!(seen, 2);
}

/// The error of importing `text`.
fn error(text: &str) -> FormatError {
    import(text).unwrap_err()
}

#[test]
fn malformed_xml_says_where() {
    // A closing tag that does not match, on the second line.
    let text = "<ThreatModel xmlns=\"http://schemas.datacontract.org/2004/07/ThreatModeling.Model\">\n  <DrawingSurfaceList></Oops>\n</ThreatModel>";
    let err = error(text);
    assert_eq!((err.line, err.column), (2, 23), "{err}");
    assert!(err.message.contains("not well-formed XML"), "{err}");
    assert!(!err.message.contains(" at 2:"), "the place is said once: {err}");
}

#[test]
fn a_truncated_file_is_an_error_at_its_end() {
    let text = sample();
    let cut = &text[..text.len() / 2];
    let err = error(cut);
    // The sample is one long line, then a line break at the very end.
    assert_eq!(err.line, 1, "{err}");
    assert_eq!(err.column, cut.chars().count() + 1, "{err}");
    assert!(err.message.contains("cut off"), "{err}");
}

#[test]
fn files_of_other_formats_are_refused_with_a_reason() {
    let json = error("{\"summary\": {\"title\": \"T\"}, \"detail\": {\"diagrams\": []}}");
    assert_eq!((json.line, json.column), (1, 1), "{json}");
    let svg = error("<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    assert_eq!((svg.line, svg.column), (2, 1), "{svg}");
    assert!(svg.message.contains("its root element is <svg>"), "{svg}");
    let empty = error("<ThreatModel><DrawingSurfaceList/></ThreatModel>");
    assert!(empty.message.contains("no diagram"), "{empty}");
    let dtd = error("<!DOCTYPE lol [<!ENTITY lol \"lol\">]>\n<ThreatModel>&lol;</ThreatModel>");
    assert!(dtd.message.contains("DTD"), "{dtd}");
    assert_eq!((dtd.line, dtd.column), (1, 1));
}

#[test]
fn wrong_types_say_where() {
    let text = sample();
    let left = "<Left xmlns=\"http://schemas.datacontract.org/2004/07/ThreatModeling.Model.Abstracts\">386</Left>";
    let at = text.find(left).unwrap();
    let err = error(&text.replacen(left, &left.replace(">386<", ">left<"), 1));
    assert_eq!((err.line, err.column), (1, text[..at].chars().count() + 1), "{err}");
    assert!(err.message.contains("the Left of trust boundary 'Internet' should be a number, not \"left\""), "{err}");

    let far = error(&text.replacen(left, &left.replace(">386<", ">1e300<"), 1));
    assert!(far.message.contains("too far out"), "{far}");

    let index = "<b:SelectedIndex>3</b:SelectedIndex>";
    let err = error(&text.replacen(index, "<b:SelectedIndex>third</b:SelectedIndex>", 1));
    assert!(err.line == 1 && err.column > 1, "{err}");
    assert!(err.message.contains("SelectedIndex"), "{err}");
}

#[test]
fn deep_nesting_and_odd_values_cost_little_and_break_nothing() {
    // Deep nesting: roxmltree and this import walk without recursion.
    let deep = format!("<ThreatModel><Notes>{}{}</Notes></ThreatModel>", "<x>".repeat(100_000), "</x>".repeat(100_000));
    assert!(error(&deep).message.contains("DrawingSurfaceList"));
    // A selected index far past the list, negative sizes, a flow onto a boundary.
    let text = sample()
        .replacen("<b:SelectedIndex>3</b:SelectedIndex>", "<b:SelectedIndex>4000000000</b:SelectedIndex>", 1)
        .replacen(">281</Height>", ">-5</Height>", 1)
        .replace(
            "53245f54-0656-4ede-a393-357aeaa2e20f</TargetGuid>",
            "7537441a-1c03-48c0-b9c8-f82d5906c139</TargetGuid>",
        );
    let imported = import_one(&text);
    let notes = imported.notes.join("\n");
    assert!(!notes.contains("Android"), "the index chooses nothing: {notes}");
    assert!(notes.contains("The trust boundary 'Internet' has no area, so it was left out."), "{notes}");
    assert!(notes.contains("its target is the trust boundary 'Internet', not an element"), "{notes}");
    // "PSQL Request" now ends on the boundary: its 3 threats go with it.
    assert_eq!(imported.model.own_threats.len(), 40);
}

#[test]
fn a_threat_without_a_flow_goes_on_its_target_element() {
    let text = fixture("line_boundary.tm7").replace(
        "<b:FlowGuid>11111111-0000-4000-8000-000000000006</b:FlowGuid>",
        "<b:FlowGuid>00000000-0000-0000-0000-000000000000</b:FlowGuid>",
    );
    let model = import_one(&text).model;
    let sniffing = model.own_threats.iter().find(|t| t.title == "Sniffing the database connection").unwrap();
    assert_eq!(name_of(&model, &sniffing.target), "Orders DB");
}

#[test]
fn unknown_categories_states_and_priorities_are_noted() {
    let text = fixture("line_boundary.tm7")
        .replace("<a:Value>Spoofing</a:Value>", "<a:Value>Privacy</a:Value>")
        .replace("<b:State>AutoGenerated</b:State>", "<b:State>Postponed</b:State>")
        .replace("<b:Priority>High</b:Priority>", "<b:Priority>Urgent</b:Priority>")
        .replace("<a:Key>Priority</a:Key><a:Value>High</a:Value>", "<a:Key>Priority</a:Key><a:Value>Urgent</a:Value>");
    let imported = import_one(&text);
    let threat = &imported.model.own_threats[0];
    // On a flow: Tampering, as Threat Dragon does for a new threat on a flow.
    assert_eq!(threat.stride, Stride::Tampering);
    // Open and unrated: the default decision, which is not stored.
    assert!(!imported.model.decisions.contains_key(&format!("own-1@{}", threat.target)));
    let notes = imported.notes.join("\n");
    assert!(notes.contains("Threats of the category \"Privacy\" (1) have no STRIDE counterpart"), "{notes}");
    assert!(
        notes.contains("Threats with the state \"Postponed\", which the tool does not use, were taken as Open (1).")
    );
    assert!(
        notes.contains("Threats with the priority \"Urgent\", which the tool does not use, were left unrated (1).")
    );
}

#[test]
fn cut_or_mangled_anywhere_the_sample_is_imported_or_refused_with_a_place() {
    let text = sample();
    let cuts = (1..40).map(|n| text.len() * n / 40);
    for cut in cuts {
        let cut = (cut..text.len()).find(|&i| text.is_char_boundary(i)).unwrap_or(text.len());
        let err = error(&text[..cut]);
        assert!(err.line >= 1 && err.column >= 1, "cut at {cut}: {err}");
    }
    // A value replaced by another type of value at every 500th element text.
    let junk = ["x", "-1", "1e999", "", "<y/>", "&amp;"];
    for (n, (at, _)) in text.match_indices("\">").enumerate().filter(|(n, _)| n % 500 == 0) {
        let (head, tail) = text.split_at(at + 2);
        let end = tail.find('<').unwrap_or(0);
        let mangled = format!("{head}{}{}", junk[n % junk.len()], &tail[end..]);
        if let Err(err) = import(&mangled) {
            assert!(err.line >= 1, "{err}");
        }
    }
}

#[test]
fn too_many_parts_are_refused_before_anything_is_built() {
    let surface = "<DrawingSurfaceModel><Header>D</Header></DrawingSurfaceModel>";
    let text =
        format!("<ThreatModel><DrawingSurfaceList>{}</DrawingSurfaceList></ThreatModel>", surface.repeat(100_001));
    let err = error(&text);
    assert!(err.message.contains("at most 100000"), "{err}");
}
