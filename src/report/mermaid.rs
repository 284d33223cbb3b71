//! The diagram as a Mermaid flowchart, which GitHub, GitLab and most wikis draw from plain
//! text: the Markdown report's counterpart of the HTML page's inline SVG.

use std::collections::HashMap;
use std::fmt::Write as _;

use crate::escape::mermaid_label as label;
use crate::model::{BoundaryId, ElementType, KindCatalog, ThreatModel};
use crate::scene::{Badges, boundary_tab_text};

pub fn mermaid_flowchart(model: &ThreatModel, badges: &Badges) -> String {
    let catalog = KindCatalog::builtin();
    // Ids in the file can be any string; Mermaid wants plain ones.
    let node: HashMap<_, _> = model.elements.iter().enumerate().map(|(i, e)| (&e.id, format!("n{i}"))).collect();
    let mut members: HashMap<&BoundaryId, Vec<usize>> = HashMap::new();
    let mut outside = Vec::new();
    // Each element's innermost boundary (the smallest, then the first id) from one pass over
    // the membership, not a search of every boundary for each element.
    let area: Vec<f32> = model.boundaries.iter().map(|b| model.boundary_rect(&b.id).area()).collect();
    let by_size = |&a: &usize, &b: &usize| {
        area[a].total_cmp(&area[b]).then_with(|| model.boundaries[a].id.cmp(&model.boundaries[b].id))
    };
    for (i, holding) in model.membership().iter().enumerate() {
        match holding.iter().copied().min_by(by_size) {
            Some(b) => members.entry(&model.boundaries[b].id).or_default().push(i),
            None => outside.push(i),
        }
    }
    let mut out = String::from("```mermaid\nflowchart LR\n");
    let write_node = |out: &mut String, i: usize| {
        let element = &model.elements[i];
        let kind = catalog.kind(&element.kind);
        let mut text =
            format!("{}<br/><small>{}</small>", label(&element.name), label(catalog.kind_name(&element.kind)));
        if let Some((count, level)) = badges.get(&crate::model::Target::Element(element.id.clone())) {
            let _ = write!(text, "<br/><small>{count} open · {}</small>", level.label());
        }
        let (open, close) = match kind.map(|k| k.element_type) {
            Some(ElementType::DataStore) => ("[(", ")]"),
            Some(ElementType::Process) => ("(", ")"),
            _ => ("[", "]"),
        };
        let _ = writeln!(out, "    {}{open}\"{text}\"{close}", node[&element.id]);
    };
    for (g, boundary) in model.boundaries.iter().enumerate() {
        let Some(inside) = members.get(&boundary.id) else { continue };
        let _ =
            writeln!(out, "  subgraph g{g}[\"{}\"]", label(&boundary_tab_text(&boundary.name, boundary.kind.label())));
        for &i in inside {
            write_node(&mut out, i);
        }
        out.push_str("  end\n");
    }
    for i in outside {
        write_node(&mut out, i);
    }
    for flow in &model.flows {
        let (Some(from), Some(to)) = (node.get(&flow.from), node.get(&flow.to)) else { continue };
        if flow.label.trim().is_empty() {
            let _ = writeln!(out, "  {from} --> {to}");
        } else {
            let _ = writeln!(out, "  {from} -->|\"{}\"| {to}", label(&flow.label));
        }
    }
    for (g, boundary) in model.boundaries.iter().enumerate() {
        if members.contains_key(&boundary.id) {
            let color = crate::scene::style::boundary_color(boundary.kind);
            let _ = writeln!(
                out,
                "  style g{g} fill:#ffffff00,stroke:#{:02x}{:02x}{:02x},stroke-dasharray:6 4",
                color.r, color.g, color.b
            );
        }
    }
    out.push_str("```\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::Template;

    #[test]
    fn every_element_flow_and_boundary_is_in_the_chart() {
        let model = Template::sample().model().unwrap();
        let chart = mermaid_flowchart(&model, &Badges::new());
        for element in &model.elements {
            assert!(chart.contains(&element.name), "{}", element.name);
        }
        assert_eq!(chart.matches(" --> ").count() + chart.matches(" -->|").count(), model.flows.len());
        assert_eq!(chart.matches("subgraph").count(), model.boundaries.len());
        assert!(chart.contains("n3[(\""), "the database is a cylinder");
    }
}
