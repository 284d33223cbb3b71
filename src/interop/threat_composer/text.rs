//! The words of a threat statement: Threat Composer's sentence built from its parts, and the
//! parts ThreatSketch says for each STRIDE category. Shared by the export, which writes the
//! statement, and the import, which rebuilds one a file left out.

use crate::model::Stride;

/// The whole statement as Threat Composer renders it: "A <source> <prerequisites> can
/// <action>, which leads to <impact>, resulting in reduced <goals> of <assets>", each clause
/// left out when its part is empty, as Threat Composer does. Empty when there is no action.
pub(super) fn statement(
    source: &str,
    prerequisites: &str,
    action: &str,
    impact: &str,
    goals: &[String],
    assets: &[String],
) -> String {
    let action = action.trim();
    if action.is_empty() {
        return String::new();
    }
    let source = if source.trim().is_empty() { "threat actor" } else { source.trim() };
    let mut text = capitalised(&crate::words::with_article(source));
    for part in [prerequisites.trim(), "can", action] {
        if !part.is_empty() {
            text.push(' ');
            text.push_str(part);
        }
    }
    if !impact.trim().is_empty() {
        text.push_str(", which leads to ");
        text.push_str(impact.trim());
    }
    let goals = listed(goals);
    let assets = listed(assets);
    match (goals.is_empty(), assets.is_empty()) {
        (false, false) => text.push_str(&format!(", resulting in reduced {goals} of {assets}")),
        (false, true) => text.push_str(&format!(", resulting in reduced {goals}")),
        (true, false) => text.push_str(&format!(", negatively impacting {assets}")),
        (true, true) => {}
    }
    // Threat Composer trims repeated white space into one.
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// "a", "a and b", "a, b and c": how Threat Composer lists goals and assets.
pub(super) fn listed(items: &[String]) -> String {
    let items: Vec<&str> = items.iter().map(|i| i.trim()).filter(|i| !i.is_empty()).collect();
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

/// What someone does in each category, said of the target: the action when the threat's title
/// is not already one.
pub(super) fn action(stride: Stride, target: &str) -> String {
    match stride {
        Stride::Spoofing => format!("pretend to be {target} or someone using it"),
        Stride::Tampering => format!("change {target} or the data it handles"),
        Stride::Repudiation => format!("act through {target} without leaving a trace"),
        Stride::InformationDisclosure => format!("read data from {target} that they should not see"),
        Stride::DenialOfService => format!("overwhelm {target} or run up its bill"),
        Stride::ElevationOfPrivilege => format!("get {target} to do more than they are allowed"),
    }
}

/// What follows in each category.
pub(super) fn impact(stride: Stride) -> &'static str {
    match stride {
        Stride::Spoofing => "actions taken in someone else's name",
        Stride::Tampering => "data or behaviour that can no longer be trusted",
        Stride::Repudiation => "actions nobody can trace back or prove",
        Stride::InformationDisclosure => "data disclosed to people who should not see it",
        Stride::DenialOfService => "the app being unavailable or costing more",
        Stride::ElevationOfPrivilege => "access beyond what they were given",
    }
}

/// The security goals each category harms, in the words Threat Composer suggests
/// (confidentiality, integrity, availability).
pub(super) fn goals(stride: Stride) -> &'static [&'static str] {
    match stride {
        Stride::Spoofing | Stride::ElevationOfPrivilege => &["confidentiality", "integrity"],
        Stride::Tampering | Stride::Repudiation => &["integrity"],
        Stride::InformationDisclosure => &["confidentiality"],
        Stride::DenialOfService => &["availability"],
    }
}

/// The category a goal points to, for statements without STRIDE metadata.
pub(super) fn stride_of_goal(goal: &str) -> Option<Stride> {
    match goal.trim().to_lowercase().as_str() {
        "confidentiality" => Some(Stride::InformationDisclosure),
        "integrity" => Some(Stride::Tampering),
        "availability" => Some(Stride::DenialOfService),
        _ => None,
    }
}

/// Threat Composer's letter for a category, and back.
pub(super) fn letter(stride: Stride) -> &'static str {
    match stride {
        Stride::Spoofing => "S",
        Stride::Tampering => "T",
        Stride::Repudiation => "R",
        Stride::InformationDisclosure => "I",
        Stride::DenialOfService => "D",
        Stride::ElevationOfPrivilege => "E",
    }
}

pub(super) fn stride_of_letter(letter: &str) -> Option<Stride> {
    Stride::ALL.into_iter().find(|s| self::letter(*s).eq_ignore_ascii_case(letter.trim()))
}

/// `text` cut to at most `limit` UTF-16 units, ending with "…" when cut: Threat Composer
/// measures lengths in JavaScript, so an emoji counts twice.
pub(super) fn fit(text: &str, limit: usize) -> String {
    let units: usize = text.chars().map(char::len_utf16).sum();
    if units <= limit {
        return text.to_owned();
    }
    let mut kept = 0;
    let mut out = String::new();
    for c in text.chars() {
        // One unit stays free for the ellipsis.
        if kept + c.len_utf16() >= limit {
            break;
        }
        kept += c.len_utf16();
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statements_read_as_threat_composer_writes_them() {
        let goals = ["confidentiality".to_owned()];
        let assets = ["threats".to_owned(), "mitigations".to_owned(), "assumptions".to_owned()];
        assert_eq!(
            statement("threat actor", "with access to the browser", "read local storage", "data loss", &goals, &assets),
            "A threat actor with access to the browser can read local storage, which leads to data loss, resulting in \
            reduced confidentiality of threats, mitigations and assumptions"
        );
        assert_eq!(
            statement("internal actor", "", "delete logs", "", &[], &assets[..1]),
            "An internal actor can delete logs, negatively impacting threats"
        );
        assert_eq!(statement("", "", "  ", "x", &goals, &assets), "");
    }

    #[test]
    fn fitting_counts_as_javascript_does() {
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("abcd", 3), "ab…");
        // "🙂" is two UTF-16 units: it does not fit beside the ellipsis in 2.
        assert_eq!(fit("🙂🙂", 2), "…");
        assert_eq!(fit("a🙂b", 4), "a🙂b");
    }

    #[test]
    fn letters_and_goals_go_both_ways() {
        for stride in Stride::ALL {
            assert_eq!(stride_of_letter(letter(stride)), Some(stride));
        }
        assert_eq!(stride_of_letter("x"), None);
        assert_eq!(stride_of_goal(" Availability"), Some(Stride::DenialOfService));
    }
}
