//! Checks that a model is whole: unique ids, flows that end at real elements, known kinds,
//! sane geometry. Errors stop a file from loading; warnings are reported and kept.

use std::collections::HashSet;
use std::fmt;

use super::{KindCatalog, Target, ThreatModel};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Warning,
    Error,
}

/// One problem found in a model.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Issue {
    DuplicateId {
        id: String,
    },
    DanglingEndpoint {
        flow: String,
        end: &'static str,
        element: String,
    },
    UnknownKind {
        element: String,
        kind: String,
    },
    /// An element or flow (`element` holds either id) answers a question it does not ask.
    UnknownProperty {
        element: String,
        property: String,
    },
    /// An answer that does not fit its question (an option that does not exist, a number out
    /// of range, a number for a yes/no question).
    BadAnswer {
        id: String,
        property: String,
        written: String,
        problem: String,
    },
    BoundaryWithoutRect {
        boundary: String,
    },
    BadGeometry {
        id: String,
        what: &'static str,
    },
    MissingPosition {
        element: String,
    },
    LayoutOfNothing {
        id: String,
    },
    EmptyName {
        target: Target,
    },
}

/// Text to look for in the source to point at the problem: the `occurrence`-th (from 1)
/// appearance of `snippet`, as ThreatSketch writes it; then looser anchors in order, for a
/// hand-written file that spells it otherwise (no space after a colon, an escape in a string):
/// the quoted value alone, then the quoted id of the part it belongs to, then the section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IssueLocation {
    pub snippet: String,
    pub occurrence: usize,
    pub fallbacks: Vec<(String, usize)>,
}

impl IssueLocation {
    /// Every anchor in the order to try it.
    pub fn anchors(&self) -> impl Iterator<Item = (&str, usize)> {
        std::iter::once((self.snippet.as_str(), self.occurrence))
            .chain(self.fallbacks.iter().map(|(snippet, n)| (snippet.as_str(), *n)))
    }
}

impl Issue {
    pub fn severity(&self) -> Severity {
        match self {
            Self::DuplicateId { .. }
            | Self::DanglingEndpoint { .. }
            | Self::UnknownKind { .. }
            | Self::BoundaryWithoutRect { .. }
            | Self::BadAnswer { .. }
            | Self::BadGeometry { .. } => Severity::Error,
            Self::UnknownProperty { .. }
            | Self::MissingPosition { .. }
            | Self::LayoutOfNothing { .. }
            | Self::EmptyName { .. } => Severity::Warning,
        }
    }

    /// Where in a pretty-printed or hand-written file the problem shows.
    pub fn location(&self) -> IssueLocation {
        let quoted = |text: &str| format!("\"{text}\"");
        let at = |snippet: String, occurrence, fallbacks: Vec<(String, usize)>| IssueLocation {
            snippet,
            occurrence,
            fallbacks,
        };
        match self {
            Self::DuplicateId { id } => {
                at(format!("id: {}", quoted(id)), 2, vec![(quoted(id), 2), ("elements:".into(), 1)])
            }
            Self::DanglingEndpoint { flow, end, element } => at(
                format!("{end}: {}", quoted(element)),
                1,
                vec![(quoted(element), 1), (quoted(flow), 1), ("flows:".into(), 1)],
            ),
            Self::UnknownKind { element, kind } => at(
                format!("kind: {}", quoted(kind)),
                1,
                vec![(quoted(kind), 1), (quoted(element), 1), ("elements:".into(), 1)],
            ),
            Self::UnknownProperty { element, property } => {
                at(format!("{}:", quoted(property)), 1, vec![(quoted(property), 1), (quoted(element), 1)])
            }
            Self::BadAnswer { id, property, written, .. } => at(
                format!("{}: {written}", quoted(property)),
                1,
                vec![(quoted(property), 1), (quoted(id), 1), ("elements:".into(), 1)],
            ),
            Self::BoundaryWithoutRect { boundary } => {
                at(format!("id: {}", quoted(boundary)), 1, vec![(quoted(boundary), 1), ("boundaries:".into(), 1)])
            }
            Self::BadGeometry { id, .. } | Self::LayoutOfNothing { id } => {
                at(format!("{}:", quoted(id)), 1, vec![(quoted(id), 1), ("layout:".into(), 1)])
            }
            Self::MissingPosition { element } => {
                at(format!("id: {}", quoted(element)), 1, vec![(quoted(element), 1), ("elements:".into(), 1)])
            }
            Self::EmptyName { target } => {
                at(format!("id: {}", quoted(target.id())), 1, vec![(quoted(target.id()), 1), ("name:".into(), 1)])
            }
        }
    }
}

impl fmt::Display for Issue {
    /// One line whatever the file holds: values are quoted with their control characters
    /// escaped, so a kind written "a\nb" cannot break the message in two.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::escape::terminal(&self.describe()))
    }
}

impl Issue {
    fn describe(&self) -> String {
        let mut text = String::new();
        let _ = self.write_description(&mut text);
        text
    }

    fn write_description(&self, f: &mut impl fmt::Write) -> fmt::Result {
        match self {
            Self::DuplicateId { id } => {
                write!(f, "the id \"{id}\" is used twice; every element, flow and boundary needs its own id")
            }
            Self::DanglingEndpoint { flow, end, element } => write!(
                f,
                "flow \"{flow}\" goes {} \"{element}\", which is not an element of this model",
                if *end == "from" { "from" } else { "to" }
            ),
            Self::UnknownKind { element, kind } => write!(
                f,
                "element \"{element}\" has kind \"{kind}\", which this version does not know; expected one of: {}",
                KindCatalog::builtin().kinds.iter().map(|k| k.id.as_str()).collect::<Vec<_>>().join(", ")
            ),
            Self::UnknownProperty { element, property } => {
                write!(
                    f,
                    "\"{element}\" has property \"{property}\", which it does not ask about; it is kept but not used"
                )
            }
            Self::BadAnswer { id, property, problem, .. } => {
                write!(f, "\"{id}\" answers \"{property}\" with a value that does not fit: {problem}")
            }
            Self::BoundaryWithoutRect { boundary } => {
                write!(
                    f,
                    "boundary \"{boundary}\" has no rectangle in layout.boundaries and no line in layout.boundary_lines"
                )
            }
            Self::BadGeometry { id, what } => write!(f, "the layout of \"{id}\" {what}"),
            Self::MissingPosition { element } => {
                write!(f, "element \"{element}\" has no position in layout.elements; it is placed at the origin")
            }
            Self::LayoutOfNothing { id } => {
                write!(f, "the layout mentions \"{id}\", which is not in the model; it is ignored")
            }
            Self::EmptyName { target } => write!(f, "{target} has no name"),
        }
    }
}

impl ThreatModel {
    /// Every problem in the model, errors first, then in model order.
    pub fn validate(&self) -> Vec<Issue> {
        let catalog = KindCatalog::builtin();
        let mut issues = Vec::new();

        let mut seen = HashSet::new();
        let all_ids = self
            .elements
            .iter()
            .map(|e| e.id.as_str())
            .chain(self.flows.iter().map(|f| f.id.as_str()))
            .chain(self.boundaries.iter().map(|b| b.id.as_str()));
        for id in all_ids {
            if !seen.insert(id) {
                issues.push(Issue::DuplicateId { id: id.to_owned() });
            }
        }

        let element_ids: HashSet<&str> = self.elements.iter().map(|e| e.id.as_str()).collect();
        for element in &self.elements {
            match catalog.kind(&element.kind) {
                None => issues.push(Issue::UnknownKind { element: element.id.to_string(), kind: element.kind.clone() }),
                Some(kind) => {
                    let asked = |property: &str| kind.asks(property);
                    check_answers(element.id.as_str(), &element.properties, asked, &mut issues);
                }
            }
            match self.layout.elements.get(&element.id) {
                None => issues.push(Issue::MissingPosition { element: element.id.to_string() }),
                Some(p) if !p.is_finite() => {
                    issues.push(Issue::BadGeometry { id: element.id.to_string(), what: "is not a finite number" });
                }
                Some(p) if !within_reach(p.x) || !within_reach(p.y) => {
                    issues.push(Issue::BadGeometry { id: element.id.to_string(), what: TOO_FAR });
                }
                Some(_) => {}
            }
            if element.name.trim().is_empty() {
                issues.push(Issue::EmptyName { target: Target::Element(element.id.clone()) });
            }
        }

        for flow in &self.flows {
            let asked = |property: &str| catalog.flow_properties.iter().any(|p| p == property);
            check_answers(flow.id.as_str(), &flow.properties, asked, &mut issues);
            for (end, element) in [("from", &flow.from), ("to", &flow.to)] {
                if !element_ids.contains(element.as_str()) {
                    issues.push(Issue::DanglingEndpoint {
                        flow: flow.id.to_string(),
                        end,
                        element: element.to_string(),
                    });
                }
            }
        }

        let boundary_ids: HashSet<&str> = self.boundaries.iter().map(|b| b.id.as_str()).collect();
        for boundary in &self.boundaries {
            if let Some(line) = self.layout.boundary_lines.get(&boundary.id) {
                let what = if line.len() < 2 {
                    Some("is a line of fewer than two points")
                } else if !line.iter().all(|p| p.is_finite()) {
                    Some("is not a finite number")
                } else if !line.iter().all(|p| within_reach(p.x) && within_reach(p.y)) {
                    Some(TOO_FAR)
                } else if self.layout.boundaries.contains_key(&boundary.id) {
                    Some("is both a rectangle and a line; keep one")
                } else {
                    None
                };
                if let Some(what) = what {
                    issues.push(Issue::BadGeometry { id: boundary.id.to_string(), what });
                }
            } else {
                match self.layout.boundaries.get(&boundary.id) {
                    None => issues.push(Issue::BoundaryWithoutRect { boundary: boundary.id.to_string() }),
                    Some(r) if !r.is_finite() => {
                        issues.push(Issue::BadGeometry { id: boundary.id.to_string(), what: "is not a finite number" });
                    }
                    Some(r) if r.width <= 0.0 || r.height <= 0.0 => {
                        issues.push(Issue::BadGeometry {
                            id: boundary.id.to_string(),
                            what: "has no area (width and height must be positive)",
                        });
                    }
                    Some(r) if ![r.x, r.y, r.x + r.width, r.y + r.height].into_iter().all(within_reach) => {
                        issues.push(Issue::BadGeometry { id: boundary.id.to_string(), what: TOO_FAR });
                    }
                    Some(_) => {}
                }
            }
            if boundary.name.trim().is_empty() {
                issues.push(Issue::EmptyName { target: Target::Boundary(boundary.id.clone()) });
            }
        }

        for id in self.layout.elements.keys() {
            if !element_ids.contains(id.as_str()) {
                issues.push(Issue::LayoutOfNothing { id: id.to_string() });
            }
        }
        for id in self.layout.boundaries.keys().chain(self.layout.boundary_lines.keys()) {
            if !boundary_ids.contains(id.as_str()) {
                issues.push(Issue::LayoutOfNothing { id: id.to_string() });
            }
        }

        // A stable sort: errors first, each group in the order found.
        issues.sort_by_key(|issue| std::cmp::Reverse(issue.severity()));
        issues
    }

    /// Only the problems that stop a model from loading.
    pub fn errors(&self) -> Vec<Issue> {
        self.validate().into_iter().filter(|i| i.severity() == Severity::Error).collect()
    }
}

/// How far from the origin a diagram may reach, in canvas units: far beyond any real diagram
/// (a 100,000-element chain laid out in a line is about 33 million wide), and still exact
/// enough in 32-bit floats to draw.
pub const MAX_COORDINATE: f32 = 1.0e8;

const TOO_FAR: &str = "is too far out to draw: coordinates must stay within ±100,000,000";

fn within_reach(value: f32) -> bool {
    value.abs() <= MAX_COORDINATE
}

/// Answers to questions that are not asked (kept, with a warning), and answers that do not fit
/// their question (an error: the file says something this version cannot read as meant).
fn check_answers(id: &str, answers: &super::Answers, asked: impl Fn(&str) -> bool, issues: &mut Vec<Issue>) {
    let catalog = KindCatalog::builtin();
    for (property, answer) in answers {
        let definition = catalog.property(property).filter(|_| asked(property));
        let Some(definition) = definition else {
            issues.push(Issue::UnknownProperty { element: id.to_owned(), property: property.clone() });
            continue;
        };
        if let Err(problem) = definition.check(answer) {
            let written = ron::to_string(answer).unwrap_or_default();
            issues.push(Issue::BadAnswer { id: id.to_owned(), property: property.clone(), written, problem });
        }
    }
}
