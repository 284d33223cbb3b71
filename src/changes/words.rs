//! A diff in plain words, one line per change, for the terminal, git and the window.

use super::{Consequences, Detail, ModelDiff, PartChange};

/// The changes, grouped by what changed; empty when nothing meaningful did.
pub fn describe(diff: &ModelDiff) -> Vec<String> {
    let mut lines = Vec::new();
    for setting in &diff.settings {
        lines.push(format!("{}: {} → {}", setting.setting, shown(&setting.before), shown(&setting.after)));
    }
    for (what, changes) in [
        ("Element", &diff.elements),
        ("Flow", &diff.flows),
        ("Boundary", &diff.boundaries),
        ("Own threat", &diff.own_threats),
    ] {
        for change in changes {
            lines.extend(part(what, change));
        }
    }
    for decision in &diff.decisions {
        let fields: Vec<String> =
            decision.fields.iter().map(|f| format!("{} {} → {}", f.field, f.before, f.after)).collect();
        lines.push(format!("Decision on {}: {}", decision.key, fields.join("; ")));
    }
    if diff.moved > 0 {
        let parts = crate::words::count(diff.moved, "part", "parts");
        lines.push(format!("Layout: {parts} moved on the canvas"));
    }
    lines
}

fn part(what: &str, change: &PartChange) -> Vec<String> {
    match change {
        PartChange::Added { name, .. } => vec![format!("{what} added: {name}")],
        PartChange::Removed { name, .. } => vec![format!("{what} removed: {name}")],
        PartChange::Changed { name, details, .. } => {
            details.iter().map(|detail| format!("{what} {name}: {}", detail_words(detail))).collect()
        }
    }
}

fn detail_words(detail: &Detail) -> String {
    match detail {
        Detail::Renamed { from, .. } => format!("renamed (was {from})"),
        Detail::Kind { from, to } => format!("kind {from} → {to}"),
        Detail::Description => "description changed".to_owned(),
        Detail::Critical { now: true } => "now a critical asset".to_owned(),
        Detail::Critical { now: false } => "no longer a critical asset".to_owned(),
        Detail::Answer { question, before, after } => {
            let value = |v: &Option<String>| v.clone().unwrap_or_else(|| "unknown".to_owned());
            format!("\"{question}\" {} → {}", value(before), value(after))
        }
        Detail::Boundaries { left, entered } => {
            let mut parts = Vec::new();
            if !entered.is_empty() {
                parts.push(format!("moved into {}", entered.join(", ")));
            }
            if !left.is_empty() {
                parts.push(format!("moved out of {}", left.join(", ")));
            }
            parts.join(", ")
        }
        Detail::Repointed { before, after } => {
            format!("now {} → {} (was {} → {})", after.0, after.1, before.0, before.1)
        }
        Detail::FlowSetting { setting, before, after } => format!("{setting} {before} → {after}"),
        Detail::Wording => "description or category changed".to_owned(),
        Detail::Target { before, after } => format!("moved from {before} to {after}"),
    }
}

/// An empty setting reads as "(none)", a long one is cut.
fn shown(text: &str) -> String {
    if text.is_empty() {
        return "(none)".to_owned();
    }
    match text.char_indices().nth(80) {
        Some((at, _)) => format!("\"{}…\"", &text[..at]),
        None => format!("\"{text}\""),
    }
}

/// What the change means for the threats, one line each, and the totals.
pub fn describe_consequences(consequences: &Consequences) -> Vec<String> {
    let mut lines = Vec::new();
    for threat in &consequences.appeared {
        lines.push(format!("New threat ({}): {}: {}", threat.risk, threat.on, threat.title));
    }
    for threat in &consequences.gone {
        lines.push(format!("Gone threat ({}): {}: {}", threat.risk, threat.on, threat.title));
    }
    for threat in &consequences.rerated {
        lines.push(format!("Re-rated {} → {}: {}: {}", threat.before, threat.after, threat.on, threat.title));
    }
    let open = |matrix: &Vec<Vec<usize>>| matrix.iter().flatten().sum::<usize>();
    let (before, after) = (open(&consequences.matrix_before), open(&consequences.matrix_after));
    if before != after || !consequences.is_empty() {
        lines.push(format!("Open threats: {before} → {after}"));
    }
    lines
}
