//! Terraform resources that are settings of another resource in CloudFormation (a bucket's
//! versioning, a rule's target, a role's policy attachment), joined to it once every resource
//! of the configuration is read, whatever the order of the files.

use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;

use super::super::template::references;
use super::super::yaml::{Budget, Node};
use super::eval::Notes;
use super::mapping::{Mapped, Properties};

/// A resource read, before it becomes one of the template's.
pub struct Read {
    pub id: String,
    pub kind: String,
    pub line: usize,
    pub file: String,
    pub properties: Properties,
}

/// Applies settings (each with the id of the Terraform resource it came from) to the
/// resources they refer to.
pub fn link(resources: &mut [Read], settings: Vec<(String, Mapped)>, budget: &mut Budget, notes: &mut Notes) {
    let index: HashMap<String, usize> = resources.iter().enumerate().map(|(at, r)| (r.id.clone(), at)).collect();
    let find = |node: &Node, budget: &mut Budget, kind: Option<&str>| {
        references(node, budget).into_iter().find_map(|id| {
            let at = *index.get(&id)?;
            kind.is_none_or(|kind| resources[at].kind == kind).then_some(at)
        })
    };
    let mut changes: Vec<(usize, &'static str, Rc<Node>, bool)> = Vec::new();
    for (source, mapped) in settings {
        match mapped {
            Mapped::Setting { target, key, value, add } => match find(&target, budget, None) {
                Some(at) => changes.push((at, key, value, add)),
                None => notes.add(format!("{source}: the resource it configures is not in the configuration")),
            },
            Mapped::Attachment { roles, policy } => {
                if let Some(at) = find(&policy, budget, Some("AWS::IAM::ManagedPolicy")) {
                    changes.extend(roles.into_iter().map(|role| (at, "Roles", role, true)));
                    continue;
                }
                // A policy not in the configuration (one of AWS's): named on each role.
                let mut any = false;
                for role in &roles {
                    if let Some(at) = find(role, budget, Some("AWS::IAM::Role")) {
                        changes.push((at, "ManagedPolicyArns", Rc::clone(&policy), true));
                        any = true;
                    }
                }
                if !any {
                    notes.add(format!("{source}: neither the policy nor the role is in the configuration"));
                }
            }
            Mapped::Resource { .. } => {}
        }
    }
    // Values added to one list are added together: thousands of attachments to one policy
    // must not copy its list thousands of times.
    let mut added: BTreeMap<(usize, &'static str), Vec<Rc<Node>>> = BTreeMap::new();
    for (at, key, value, add) in changes {
        if add {
            added.entry((at, key)).or_default().push(value);
        } else if let Some(resource) = resources.get_mut(at) {
            let line = value.line;
            resource.properties.set(key, value, line);
        }
    }
    for ((at, key), values) in added {
        if let Some(resource) = resources.get_mut(at) {
            resource.properties.add(key, values);
        }
    }
}
