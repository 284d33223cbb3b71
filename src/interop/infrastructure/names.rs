//! Names written as text, linked to the resources they name. Services and configurations
//! often give a table (queue, bucket…) its deployed name and pass the same name to the
//! function that uses it, or write it into an ARN (`…:table/orders`): the link is a name, not
//! a reference. Such strings become references where flows and permissions are read from.
//! Shared by the Serverless Framework and Terraform readers.

use std::collections::HashMap;
use std::rc::Rc;

use super::yaml::{Node, Value};

/// Settings that give a resource its deployed name.
pub const NAME_KEYS: [&str; 10] = [
    "TableName",
    "QueueName",
    "TopicName",
    "BucketName",
    "Name",
    "FunctionName",
    "StateMachineName",
    "UserPoolName",
    "DBClusterIdentifier",
    "DBProxyName",
];

/// Deployed names, and the resource id each names.
pub type Names = HashMap<String, String>;

/// Records a resource's deployed name; short ones would match words in any ARN, and one
/// still holding a variable names nothing yet.
pub fn record(names: &mut Names, name: &str, id: &str) {
    if name.len() >= 3 && !name.contains("${") {
        names.entry(name.to_owned()).or_insert_with(|| id.to_owned());
    }
}

/// A node with every string that names a resource (other than `own`) made a reference to it.
/// Inside `Ref`, `GetAtt` and `Sub` names are logical ids already and stay as they are.
/// `budget` bounds the nodes rebuilt: values may share nodes many times over.
pub fn link(value: &Rc<Node>, names: &Names, own: &str, budget: &mut usize) -> Rc<Node> {
    if *budget == 0 {
        return Rc::clone(value);
    }
    *budget -= 1;
    let line = value.line;
    match &value.value {
        Value::Str(text) => match named(text, names).filter(|id| id.as_str() != own) {
            Some(id) => Node::reference(id.clone(), line),
            None => Rc::clone(value),
        },
        Value::Map(entries, _) if entries.iter().any(|(k, _)| is_reference_key(k)) => Rc::clone(value),
        Value::Map(entries, lines) => {
            let entries = entries.iter().map(|(k, v)| (k.clone(), link(v, names, own, budget))).collect();
            Node::new(Value::Map(entries, lines.clone()), line)
        }
        Value::Seq(items) => Node::seq_at(items.iter().map(|i| link(i, names, own, budget)).collect(), line),
        // The text parts of `Join`, `If` and the like may name resources.
        Value::Tagged(tag, inner) if !is_reference_key(tag) => {
            Node::new(Value::Tagged(tag.clone(), link(inner, names, own, budget)), line)
        }
        _ => Rc::clone(value),
    }
}

fn is_reference_key(key: &str) -> bool {
    matches!(key, "Ref" | "GetAtt" | "Sub" | "Fn::GetAtt" | "Fn::Sub")
}

/// The resource a text names: the name itself, or an ARN or URL ending in it (`…:table/x`,
/// `…:x`, `…/x/*`), or with it as one of its parts (`table/x/stream/…`).
fn named<'n>(text: &str, names: &'n Names) -> Option<&'n String> {
    if let Some(id) = names.get(text) {
        return Some(id);
    }
    let trimmed = text.trim_end_matches("/*").trim_end_matches('*').trim_end_matches('/');
    let last = trimmed.rsplit([':', '/']).next()?;
    names.get(last).or_else(|| text.split([':', '/']).find_map(|piece| names.get(piece)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_text_and_arns_become_references_but_not_inside_references() {
        let mut names = Names::new();
        record(&mut names, "orders-dev", "OrdersTable");
        record(&mut names, "ab", "Short");
        let root = super::super::yaml::parse(
            "A: orders-dev\nB: arn:aws:dynamodb:*:*:table/orders-dev/index/*\nC: !GetAtt [orders-dev, Arn]\nD: ab\nE: {Fn::GetAtt: [orders-dev, Arn]}\n",
        )
        .unwrap();
        let linked = link(&root, &names, "Self", &mut 1000);
        let is_ref = |key: &str| matches!(&linked.get(key).unwrap().value, Value::Tagged(t, _) if t == "Ref");
        assert!(is_ref("A") && is_ref("B"));
        assert!(matches!(&linked.get("C").unwrap().value, Value::Tagged(t, _) if t == "GetAtt"));
        assert!(!is_ref("D"), "names under three letters match too much");
        assert!(linked.get("E").unwrap().get("Fn::GetAtt").is_some());
    }
}
