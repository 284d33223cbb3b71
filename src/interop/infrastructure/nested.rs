//! Nested stacks kept next to their parent (`AWS::Serverless::Application` with a local
//! `Location`, `AWS::CloudFormation::Stack` with a local `TemplateURL`): their resources join
//! the parent's, each saying which file it came from. A parameter passed in stands for what
//! the parent passed, and the stack itself for the first resource its outputs name, so flows
//! cross the stack's edge. Remote stacks stay listed as not imported.

use std::collections::HashSet;

use super::resources::{Role, role_of};
use super::sources::{SourceFiles, folder_of, join};
use super::template::{Template, references};
use super::yaml::{self, Budget};
use super::{InfrastructureError, Naming};

/// Stacks within stacks within stacks: deeper than real templates nest.
const MAX_DEPTH: usize = 4;

/// Reads the local nested stacks of `template` (itself at `path`) into it.
pub fn include(
    files: &dyn SourceFiles,
    path: &str,
    template: &mut Template,
    (naming, notes): (&mut Naming, &mut Vec<String>),
    budget: &mut Budget,
) {
    let mut visited = HashSet::from([path.to_owned()]);
    include_at(files, path, template, (naming, notes), budget, (0, &mut visited));
}

fn include_at(
    files: &dyn SourceFiles,
    path: &str,
    template: &mut Template,
    (naming, notes): (&mut Naming, &mut Vec<String>),
    budget: &mut Budget,
    (depth, visited): (usize, &mut HashSet<String>),
) {
    let mut known: HashSet<String> = template.resources.iter().map(|r| r.id.clone()).collect();
    let mut at = 0;
    while at < template.resources.len() {
        let stack = &template.resources[at];
        let key = match stack.kind.as_str() {
            "AWS::Serverless::Application" => "Location",
            "AWS::CloudFormation::Stack" => "TemplateURL",
            _ => {
                at += 1;
                continue;
            }
        };
        let location = stack.property(key).and_then(|l| l.text()).map(|l| l.into_owned());
        let Some(location) = location.filter(|l| !l.contains("://") && !l.contains("${") && !l.is_empty()) else {
            at += 1;
            continue;
        };
        let nested_path = join(folder_of(path), &location);
        let (stack_id, stack_line) = (stack.id.clone(), stack.line);
        if depth >= MAX_DEPTH || !visited.insert(nested_path.clone()) {
            notes.push(format!(
                "Not imported: nested stack {stack_id} ({location}, line {stack_line}): it nests too deeply or includes itself"
            ));
            template.resources.remove(at);
            continue;
        }
        let nested = files.read(&nested_path).map_err(InfrastructureError::whole).and_then(|text| {
            let root = yaml::parse(&text).map_err(|e| InfrastructureError::syntax(e, Some(nested_path.clone())))?;
            let template = Template::read(&root).map_err(InfrastructureError::whole)?;
            Ok((root, template))
        });
        let (root, mut inner) = match nested {
            Ok(read) => read,
            Err(err) => {
                notes.push(format!(
                    "Not imported: nested stack {stack_id} ({location}, line {stack_line}): {}",
                    err.message
                ));
                template.resources.remove(at);
                continue;
            }
        };
        include_at(files, &nested_path, &mut inner, (naming, notes), budget, (depth + 1, visited));
        // What the parent passes in stands for the parameter inside.
        let parameters = template.resources[at].property("Parameters").map(|p| p.entries().to_vec());
        for (name, value) in parameters.unwrap_or_default() {
            if let Some(id) = references(&value, budget).into_iter().find(|id| known.contains(id)) {
                naming.aliases.entry(name).or_insert(id);
            }
        }
        let is_box =
            |id: &str| inner.resources.iter().any(|r| r.id == id && matches!(role_of(&r.kind), Role::Element(_)));
        let outputs = root.get("Outputs").map(|o| o.entries().to_vec()).unwrap_or_default();
        let named = outputs.iter().flat_map(|(_, o)| o.get("Value").map(|v| references(v, budget)).unwrap_or_default());
        if let Some(first) = named.into_iter().find(|id| is_box(id)) {
            naming.aliases.entry(stack_id.clone()).or_insert(first);
        }
        // The stack's own id goes with it: its resources may reuse it.
        known.remove(&stack_id);
        let mut skipped = Vec::new();
        let mut taken = Vec::new();
        for mut resource in inner.resources {
            if known.insert(resource.id.clone()) {
                resource.file.get_or_insert_with(|| nested_path.clone());
                taken.push(resource);
            } else {
                skipped.push(resource.id);
            }
        }
        notes.push(format!("Nested stack {stack_id}: {} resources read from {nested_path}", taken.len()));
        if !skipped.is_empty() {
            notes.push(format!(
                "Nested stack {stack_id}: left out, as the parent has the same ids: {}",
                skipped.join(", ")
            ));
        }
        // The stack is configuration, not a box: its resources take its place.
        template.resources.remove(at);
        let count = taken.len();
        template.resources.splice(at..at, taken);
        at += count;
    }
}
