//! Re-import guarantees, on a template before and after a change.

use super::super::import_template;
use super::*;
use crate::model::{Decision, Point, ThreatStatus, Tri};

const BEFORE: &str = r#"
Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables: {TABLE: !Ref OrdersTable, QUEUE: !Ref OrdersQueue}
      Events:
        Post: {Type: Api, Properties: {Path: /orders, Method: post}}
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      PointInTimeRecoverySpecification: {PointInTimeRecoveryEnabled: true}
  OrdersQueue:
    Type: AWS::SQS::Queue
"#;

/// The table loses its backups, the queue goes, a topic comes.
const AFTER: &str = r#"
Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Environment:
        Variables: {TABLE: !Ref OrdersTable, TOPIC: !Ref OrdersTopic}
      Events:
        Post: {Type: Api, Properties: {Path: /orders, Method: post}}
  OrdersTable:
    Type: AWS::DynamoDB::Table
  OrdersTopic:
    Type: AWS::SNS::Topic
"#;

fn by_resource<'m>(model: &'m ThreatModel, resource: &str) -> &'m Element {
    model.elements.iter().find(|e| e.source.as_ref().is_some_and(|s| s.resource == resource)).unwrap()
}

/// The model as a user left it after the first import: moved, renamed, noted, decided, and
/// one answer of their own (they know the API checks tokens through its OpenAPI body).
fn worked_on() -> ThreatModel {
    let mut model = import_template(BEFORE, "orders.yaml").unwrap().model;
    let table = by_resource(&model, "OrdersTable").id.clone();
    model.layout.elements.insert(table.clone(), Point::new(4000.0, 4000.0));
    let function = model.elements.iter_mut().find(|e| e.name == "OrdersFunction").unwrap();
    function.name = "Orders handler".to_owned();
    function.description = "Takes orders from the shop.".to_owned();
    let api = model.elements.iter_mut().find(|e| e.name == "ServerlessRestApi").unwrap();
    assert_eq!(api.answer("authorizer").map(|a| a.to_string()).as_deref(), Some("none"));
    api.set_answer("authorizer", Some(Answer::choice("jwt")));
    let decision = Decision { status: ThreatStatus::Mitigated, ..Decision::default() };
    model.decisions.insert(format!("table-rule@{table}"), decision);
    model
}

#[test]
fn a_re_import_keeps_the_users_work_and_follows_the_template() {
    let before = worked_on();
    let update = update_from(&before, import_template(AFTER, "orders.yaml").unwrap(), false);
    let model = &update.model;
    // Matched by resource: same ids, the user's position, name, notes and decisions.
    let table = by_resource(model, "OrdersTable");
    assert_eq!(table.id, by_resource(&before, "OrdersTable").id);
    assert_eq!(model.layout.elements.get(&table.id), Some(&Point::new(4000.0, 4000.0)));
    let function = by_resource(model, "OrdersFunction");
    assert_eq!(
        (function.name.as_str(), function.description.as_str()),
        ("Orders handler", "Takes orders from the shop.")
    );
    assert_eq!(model.decisions, before.decisions);
    // The template's own answer follows the template; the user's own answer stays.
    assert_eq!(table.property("backed_up"), Tri::No);
    let api = by_resource(model, "ServerlessRestApi");
    assert_eq!(api.answer("authorizer").map(|a| a.to_string()).as_deref(), Some("jwt"));
    // The queue is gone with its flow; the topic is new, beside the function, on no card.
    assert!(model.elements.iter().all(|e| e.name != "OrdersQueue"));
    assert!(model.flows.iter().all(|f| model.element(&f.from).is_some() && model.element(&f.to).is_some()));
    let topic = by_resource(model, "OrdersTopic");
    assert!(before.elements.iter().all(|e| e.id != topic.id), "a fresh id");
    let at = model.layout.elements[&topic.id];
    for other in model.elements.iter().filter(|e| e.id != topic.id) {
        let p = model.layout.elements[&other.id];
        assert!(
            (p.x - at.x).abs() >= crate::model::ELEMENT_SIZE.width
                || (p.y - at.y).abs() >= crate::model::ELEMENT_SIZE.height
        );
    }
    assert!(model.flows.iter().any(|f| f.from == function.id && f.to == topic.id));
    let said = update.changes.join("\n");
    for expected in [
        "Added OrdersTopic",
        "Removed OrdersQueue",
        "OrdersTable: \"",
        "kept your answer to \"",
        "Added flow OrdersFunction → OrdersTopic",
    ] {
        assert!(said.contains(expected), "{expected} in:\n{said}");
    }
}

#[test]
fn the_template_wins_when_the_user_chooses_it_and_nothing_changes_twice() {
    let before = worked_on();
    let update = update_from(&before, import_template(AFTER, "orders.yaml").unwrap(), true);
    let api = by_resource(&update.model, "ServerlessRestApi");
    assert_eq!(api.answer("authorizer").map(|a| a.to_string()).as_deref(), Some("none"));
    // Importing the same template again changes nothing.
    let again = update_from(&update.model, import_template(AFTER, "orders.yaml").unwrap(), false);
    assert_eq!(again.model, update.model);
    assert!(again.changes.is_empty(), "{:?}", again.changes);
}
