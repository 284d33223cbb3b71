//! Terraform configurations (AWS provider) read into a template in CloudFormation's terms, so
//! that the rest of the importer (boxes, facts, flows, boundaries) is shared with CloudFormation
//! and SAM. Resource ids are Terraform's addresses (`aws_sqs_queue.orders`,
//! `module.sqs.aws_sqs_queue.this`), references between resources become `Ref`s, local modules
//! are read with their arguments, and whatever is not understood is noted for the summary.
//! Pure: files come through `SourceFiles`.

mod document;
mod eval;
mod folds;
mod functions;
mod link;
mod load;
mod mapping;
mod names;
mod scope;
mod settings;
mod types;
mod values;

use std::collections::BTreeSet;

use hcl_edit::structure::Structure;

use super::InfrastructureError;
use super::sources::SourceFiles;
use super::template::{Resource, Template};
use super::yaml::Budget;
use eval::{Ctx, Evaluator};
use link::Read;
use mapping::{Mapped, map_resource};

/// Reads the Terraform configuration in `folder` (relative path, "" = where the import starts) into a
/// template in CloudFormation terms, and notes for the import summary (what was not understood).
// Until `import_infrastructure` calls it (the other half of this work, in the shared code).
pub(super) fn read(
    files: &dyn SourceFiles,
    folder: &str,
    budget: &mut Budget,
) -> Result<(Template, Vec<String>), InfrastructureError> {
    let configuration = load::load(files, folder)?;
    let mut evaluator = Evaluator::new(&configuration, files, folder, budget);
    let mut resources: Vec<Read> = Vec::new();
    let mut settings: Vec<(String, Mapped)> = Vec::new();
    let mut other_providers: BTreeSet<String> = BTreeSet::new();
    // Resources no instance of which is created (`count = 0`, an empty `for_each`).
    let mut left_out: Vec<String> = Vec::new();
    for (index, module) in configuration.modules.iter().enumerate() {
        if let Err(reason) = evaluator.instances_of(index) {
            let name = module.prefix.trim_end_matches('.');
            evaluator.notes.add(format!("{name} left out: {reason}"));
            continue;
        }
        for &file in &module.files {
            let Some(parsed) = configuration.files.get(file) else { continue };
            for structure in parsed.body.iter() {
                let Structure::Block(block) = structure else { continue };
                let [kind, name] = block.labels.as_slice() else { continue };
                if block.ident.as_str() != "resource" {
                    continue;
                }
                let (kind, name) = (kind.as_str(), name.as_str());
                if !kind.starts_with("aws_") {
                    other_providers.insert(kind.to_owned());
                    continue;
                }
                let id = format!("{}{kind}.{name}", module.prefix);
                let line = parsed.line_of(block);
                let mut ctx = Ctx::file(index, file);
                match evaluator.instances(&block.body, &ctx) {
                    Ok(bindings) => ctx.bindings = bindings,
                    Err(reason) => {
                        left_out.push(format!("{id} (line {line}, {reason})"));
                        continue;
                    }
                }
                let found = evaluator.settings(&block.body, &ctx, line, true);
                match map_resource(kind, &found) {
                    Mapped::Resource { kind, properties } => {
                        resources.push(Read { id, kind, line, file: parsed.path.clone(), properties });
                    }
                    setting => settings.push((id, setting)),
                }
            }
        }
    }
    let mut notes = configuration.notes.clone();
    let spent = evaluator.budget.spent();
    let mut evaluated = std::mem::take(&mut evaluator.notes);
    drop(evaluator);
    link::link(&mut resources, settings, budget, &mut evaluated);
    names::link_names(&mut resources);
    notes.extend(evaluated.lines);
    if !evaluated.unresolved.is_empty() {
        let names: Vec<String> = evaluated.unresolved.into_iter().collect();
        notes.push(format!("Variables with no value, left as written (${{var.name}}): {}", names.join(", ")));
    }
    if !left_out.is_empty() {
        notes.push(format!("Left out, as no instance of them is created: {}", left_out.join("; ")));
    }
    if !other_providers.is_empty() {
        let kinds: Vec<String> = other_providers.into_iter().collect();
        notes.push(format!("Not imported, resources of providers other than AWS: {}", kinds.join(", ")));
    }
    if spent {
        notes.push("The configuration is too large to read whole: some resources may be incomplete".to_owned());
    }
    let resources = resources
        .into_iter()
        .map(|r| Resource {
            id: r.id,
            kind: r.kind,
            line: r.line,
            properties: Some(r.properties.into_node()),
            file: Some(r.file),
        })
        .collect();
    Ok((Template { resources, serverless: false, globals: None }, notes))
}

/// True when a folder has Terraform files (*.tf) in it.
pub(super) fn is_configuration(files: &dyn SourceFiles, folder: &str) -> bool {
    files.list(folder).iter().any(|name| name.ends_with(".tf"))
}

#[cfg(test)]
mod tests;
