//! Threat Composer → ThreatSketch: each threat statement becomes a threat of one's own on an
//! element made for its first impacted asset; its status, priority and linked mitigations
//! become the decision; the application, architecture, data flow and assumptions become the
//! model's description.

use std::collections::{BTreeMap, HashMap};

use super::json::{Metadata, MetadataValue, Statement, TcFile};
use super::text::{self, stride_of_goal, stride_of_letter};
use super::{IMPORTED_REASON, STATUS_TAGS, TAG};
use crate::interop::format::{FormatError, ImportedModel};
use crate::model::{
    Decision, Element, ElementId, Level, OwnThreat, Point, Stride, ThreatKey, ThreatModel, ThreatStatus,
};

/// More distinct impacted assets than any real workspace has: each becomes an element to lay
/// out, so a hostile file must not ask for millions.
const MAX_ASSETS: usize = 1_000;
/// More statements than any real workspace has; each becomes a threat.
const MAX_THREATS: usize = 100_000;

/// An element kind for words in an asset's name, first match wins; else a plain process.
const KINDS_BY_WORD: &[(&str, &[&str])] = &[
    ("browser", &["browser", "web client", "frontend", "front end", "spa"]),
    ("mobile_app", &["mobile", "android", "ios", "phone"]),
    (
        "user",
        &[
            "user",
            "users",
            "customer",
            "customers",
            "admin",
            "administrator",
            "person",
            "people",
            "employee",
            "staff",
            "visitor",
        ],
    ),
    ("third_party", &["third party", "vendor", "partner", "provider", "supplier", "saas"]),
    ("scheduled_trigger", &["cron", "scheduler", "schedule", "timer"]),
    ("api_gateway", &["api", "gateway", "endpoint"]),
    ("cdn", &["cdn", "cloudfront", "edge"]),
    ("identity_provider", &["auth", "authentication", "identity", "login", "sign in", "cognito", "oauth", "sso"]),
    ("workflow", &["workflow", "step functions", "state machine"]),
    ("function", &["function", "lambda", "handler", "code"]),
    ("monitoring", &["log", "logs", "logging", "audit", "monitoring", "metrics"]),
    ("queue", &["queue", "topic", "event bus", "sqs", "sns", "stream", "kafka"]),
    ("object_storage", &["bucket", "s3", "blob", "file", "files", "storage", "upload", "uploads"]),
    ("secrets_store", &["secret", "secrets", "vault", "key", "keys", "kms", "credentials", "token", "tokens"]),
    ("database", &["database", "db", "table", "dynamodb", "sql", "rds", "data", "records", "metadata"]),
];

pub(super) fn import(text: &str) -> Result<ImportedModel, FormatError> {
    // A byte order mark, which editors on Windows may add, is not JSON; it is not shown either,
    // so positions on the first line count without it.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some((at, first)) = text.char_indices().find(|(_, c)| !c.is_whitespace()) else {
        return Err(FormatError::at(1, 1, "the file is empty; a Threat Composer file is a JSON object"));
    };
    if first != '{' {
        let (line, column) = position(text, at);
        return Err(FormatError::at(line, column, "a Threat Composer file is a JSON object, starting with '{'"));
    }
    let file: TcFile = serde_json::from_str(text).map_err(|err| syntax_error(text, &err))?;
    // Every workspace Threat Composer exports says its schema version; a JSON schema or another
    // tool's file that merely mentions its field names does not.
    if file.schema.is_none() {
        return Err(FormatError::whole(
            "this is not a Threat Composer workspace: it has no \"schema\" version, which every Threat Composer \
             export has at its top",
        ));
    }
    if file.threats.len() > MAX_THREATS {
        return Err(FormatError::whole(format!(
            "the file has {} threat statements; more than {MAX_THREATS} are not imported",
            file.threats.len()
        )));
    }
    Import::default().run(&file)
}

/// The line and column (in characters, from 1) of a byte offset.
fn position(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before.get(line_start..).map_or(0, |l| l.chars().count()) + 1)
}

/// A serde_json error at its place, its column counted in characters as editors do.
fn syntax_error(text: &str, err: &serde_json::Error) -> FormatError {
    use serde_json::error::Category;
    let message = match err.classify() {
        Category::Eof => "the JSON ends too early; the file may have been cut off".to_owned(),
        // serde_json appends " at line L column C"; the position goes in front instead.
        Category::Syntax => format!("this is not valid JSON: {}", plain(err)),
        Category::Data | Category::Io => format!("this is not a Threat Composer file: {}", plain(err)),
    };
    let line = err.line().max(1);
    // serde_json counts the column in bytes; a character cut in the middle counts whole.
    let content = text.split('\n').nth(line - 1).unwrap_or_default();
    let mut end = err.column().min(content.len());
    while !content.is_char_boundary(end) {
        end += 1;
    }
    let column = content.get(..end).map_or(0, |c| c.chars().count()) + err.column().saturating_sub(content.len());
    FormatError::at(line, column.max(1), message)
}

fn plain(err: &serde_json::Error) -> String {
    let full = err.to_string();
    full.rsplit_once(" at line ").map_or(full.clone(), |(message, _)| message.to_owned())
}

/// Whitespace runs as single spaces.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[derive(Default)]
struct Import {
    model: ThreatModel,
    notes: Vec<String>,
    /// Lowercased asset name → the element made for it.
    assets: HashMap<String, ElementId>,
    /// Counts for the notes said once for the whole file.
    several_assets: usize,
    several_categories: usize,
    /// How a category was chosen without STRIDE metadata ("from its impacted goal") → count.
    guessed: BTreeMap<&'static str, usize>,
    unknown: BTreeMap<String, usize>,
}

impl Import {
    fn run(mut self, file: &TcFile) -> Result<ImportedModel, FormatError> {
        let info = file.application_info.as_ref();
        let mut title = clean(info.and_then(|i| i.name.as_deref()).unwrap_or_default());
        if title.is_empty() {
            title = "Threat Composer model".to_owned();
        }
        self.model = ThreatModel::new(title.clone());
        if let Some(version) = file.schema.filter(|v| *v > 1.0) {
            self.notes.push(format!("The file says schema {version}; this import knows schema 1 and read it as such."));
        }
        self.model.description = self.description(file);

        // Mitigations by id, and the threats each is linked to.
        let mitigations: HashMap<&str, (&str, Option<&str>)> =
            file.mitigations.iter().map(|m| (m.id.as_str(), (m.content.trim(), m.status.as_deref()))).collect();
        let threat_ids: HashMap<&str, usize> =
            file.threats.iter().enumerate().map(|(i, t)| (t.id.as_str(), i)).collect();
        let mut linked: Vec<Vec<&str>> = vec![Vec::new(); file.threats.len()];
        let mut used = std::collections::HashSet::new();
        let mut other_links = 0;
        for link in &file.mitigation_links {
            match (threat_ids.get(link.linked_id.as_str()), mitigations.get(link.mitigation_id.as_str())) {
                (Some(&threat), Some(_)) => {
                    if let Some(list) = linked.get_mut(threat) {
                        list.push(link.mitigation_id.as_str());
                        used.insert(link.mitigation_id.as_str());
                    }
                }
                _ => other_links += 1,
            }
        }

        for (statement, links) in file.threats.iter().zip(&linked) {
            let notes = links
                .iter()
                .filter_map(|id| mitigations.get(id))
                .filter(|(content, _)| !content.is_empty())
                .map(|(content, status)| format!("- {content}{}", mitigation_status(*status)))
                .collect::<Vec<_>>()
                .join("\n");
            self.threat(statement, notes, &title)?;
        }

        let unlinked = file.mitigations.iter().filter(|m| !used.contains(m.id.as_str())).count();
        if unlinked > 0 {
            self.notes.push(format!(
                "{} linked to no threat statement and left out: ThreatSketch keeps mitigations on threats.",
                crate::words::count(unlinked, "mitigation is", "mitigations are")
            ));
        }
        if other_links > 0 {
            self.notes.push(format!(
                "{} to no threat statement (to an assumption, or to something not in the file) and \
                {} not carried over.",
                crate::words::count(other_links, "mitigation link points", "mitigation links point"),
                if other_links == 1 { "was" } else { "were" }
            ));
        }
        if !file.assumption_links.is_empty() {
            self.notes.push(format!(
                "The assumptions are in the model description; their {} to threats and mitigations were not \
                carried over.",
                crate::words::count(file.assumption_links.len(), "link", "links")
            ));
        }
        self.summarise(file);
        self.place();
        if let Some(problem) = self.model.errors().first() {
            return Err(FormatError::whole(format!("the imported model would not be valid: {problem}")));
        }
        Ok(ImportedModel { title, model: self.model, notes: self.notes })
    }

    /// The application's description, then the architecture, the data flows and the
    /// assumptions, as Markdown sections.
    fn description(&mut self, file: &TcFile) -> String {
        let mut parts = Vec::new();
        if let Some(text) = file.application_info.as_ref().and_then(|i| i.description.as_deref()) {
            parts.push(text.trim().to_owned());
        }
        for (info, heading) in [(&file.architecture, "Architecture"), (&file.dataflow, "Data flow")] {
            let Some(info) = info else { continue };
            if let Some(text) = info.description.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
                parts.push(format!("### {heading}\n\n{text}"));
            }
            if info.image.as_deref().is_some_and(|i| !i.trim().is_empty()) {
                self.notes.push(format!(
                    "The {} diagram is a picture in Threat Composer; it was not carried over.",
                    heading.to_lowercase()
                ));
            }
        }
        let assumptions: Vec<String> = file
            .assumptions
            .iter()
            .filter(|a| !a.content.trim().is_empty())
            .map(|a| match a.numeric_id {
                Some(n) => format!("- A{}: {}", number(n), clean(&a.content)),
                None => format!("- {}", clean(&a.content)),
            })
            .collect();
        if !assumptions.is_empty() {
            parts.push(format!("### Assumptions\n\n{}", assumptions.join("\n")));
            self.notes.push(format!(
                "{} added to the model description: ThreatSketch has no list of assumptions.",
                crate::words::count(assumptions.len(), "assumption was", "assumptions were")
            ));
        }
        parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
    }

    fn threat(&mut self, statement: &Statement, mitigations: String, application: &str) -> Result<(), FormatError> {
        let assets: Vec<String> =
            statement.impacted_assets.iter().map(|a| clean(a)).filter(|a| !a.is_empty()).collect();
        self.several_assets += usize::from(assets.len() > 1);
        // Every asset gets its element; the threat sits on the first.
        let mut first = None;
        for asset in &assets {
            let id = self.element_for(asset)?;
            first.get_or_insert(id);
        }
        let target = match first {
            Some(id) => id,
            None => self.element_for(application)?,
        };

        let goals: Vec<String> = statement.impacted_goal.iter().map(|g| clean(g)).filter(|g| !g.is_empty()).collect();
        let mut title = clean(&statement.statement);
        if title.is_empty() {
            title = text::statement(
                &clean(&statement.threat_source),
                &clean(&statement.prerequisites),
                &clean(&statement.threat_action),
                &clean(&statement.threat_impact),
                &goals,
                &assets,
            );
        }
        let tags: Vec<String> = statement.tags.iter().map(|t| clean(t)).filter(|t| !t.is_empty()).collect();
        let number = statement.numeric_id.map(number);
        if title.is_empty() {
            title = number.as_ref().map_or_else(|| "Untitled threat".to_owned(), |n| format!("Threat {n}"));
            self.notes.push(format!("A threat statement without text was called '{title}'."));
        }

        let comments = metadata_text(&statement.metadata, "Comments");
        let mut lines = Vec::new();
        if let Some(n) = &number {
            lines.push(format!("Threat Composer T{n}."));
        }
        for (label, value) in [
            ("Threat source", clean(&statement.threat_source)),
            ("Prerequisites", clean(&statement.prerequisites)),
            ("Threat action", clean(&statement.threat_action)),
            ("Threat impact", clean(&statement.threat_impact)),
            ("Impacted goal", goals.join(", ")),
            ("Impacted assets", assets.join(", ")),
            (
                "Tags",
                tags.iter()
                    .filter(|t| {
                        !t.eq_ignore_ascii_case(TAG) && !STATUS_TAGS.iter().any(|(_, s)| t.eq_ignore_ascii_case(s))
                    })
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
        ] {
            if !value.is_empty() {
                lines.push(format!("{label}: {value}."));
            }
        }
        let mut description = lines.join("\n");
        if let Some(comments) = comments.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            description = format!("{description}\n\n{comments}");
        }

        let stride = self.stride(statement, &goals);
        let status = self.status(statement.status.as_deref(), &tags);
        let (likelihood, impact) = self.rating(metadata_text(&statement.metadata, "Priority").as_deref());
        let reason = if status.needs_reason() {
            comments
                .map(|c| c.trim().to_owned())
                .filter(|c| !c.is_empty())
                .unwrap_or_else(|| IMPORTED_REASON.to_owned())
        } else {
            String::new()
        };

        let id = format!("own-{}", self.model.own_threats.len() + 1);
        let decision = Decision { status, reason, notes: mitigations, likelihood, impact, ..Decision::default() };
        if !decision.is_default() {
            self.model.decisions.insert(ThreatKey::new(&id, target.as_str()).to_string(), decision);
        }
        self.model.own_threats.push(OwnThreat {
            id,
            target: target.to_string(),
            title,
            description,
            stride,
            category: stride.seed_category(),
        });
        Ok(())
    }

    /// The element for an asset, made the first time the asset is named (names compared
    /// without case).
    fn element_for(&mut self, asset: &str) -> Result<ElementId, FormatError> {
        let key = asset.to_lowercase();
        if let Some(id) = self.assets.get(&key) {
            return Ok(id.clone());
        }
        if self.assets.len() >= MAX_ASSETS {
            return Err(FormatError::whole(format!(
                "the threat statements name more than {MAX_ASSETS} different impacted assets; each would become an \
                element, and a diagram that large is not imported"
            )));
        }
        let id = ElementId::new(format!("{}{}", ElementId::PREFIX, self.model.elements.len() + 1));
        self.model.elements.push(Element::new(id.clone(), kind_for(&key), asset));
        self.assets.insert(key, id.clone());
        Ok(id)
    }

    /// The first STRIDE letter of the metadata, else the category the impacted goal points to,
    /// else Tampering.
    fn stride(&mut self, statement: &Statement, goals: &[String]) -> Stride {
        let letters: Vec<Stride> = statement
            .metadata
            .iter()
            .filter(|m| m.key.trim().eq_ignore_ascii_case("STRIDE"))
            .flat_map(|m| match &m.value {
                MetadataValue::List(list) => list.iter().filter_map(|l| stride_of_letter(l)).collect::<Vec<_>>(),
                MetadataValue::Text(text) => text.split([',', ' ']).filter_map(stride_of_letter).collect(),
            })
            .collect();
        if let Some(first) = letters.first() {
            self.several_categories += usize::from(letters.iter().any(|s| s != first));
            return *first;
        }
        if let Some(stride) = goals.iter().find_map(|g| stride_of_goal(g)) {
            *self.guessed.entry("from its impacted goal").or_default() += 1;
            return stride;
        }
        *self.guessed.entry("as Tampering, having no goal to go by either").or_default() += 1;
        Stride::Tampering
    }

    fn status(&mut self, said: Option<&str>, tags: &[String]) -> ThreatStatus {
        let tagged = |status: ThreatStatus| {
            STATUS_TAGS.iter().any(|(s, tag)| *s == status && tags.iter().any(|t| t.eq_ignore_ascii_case(tag)))
        };
        match said.map(str::trim) {
            None | Some("" | "threatIdentified") if tagged(ThreatStatus::InProgress) => ThreatStatus::InProgress,
            None | Some("" | "threatIdentified") => ThreatStatus::Open,
            Some("threatResolved") if tagged(ThreatStatus::Accepted) => ThreatStatus::Accepted,
            Some("threatResolved") if tagged(ThreatStatus::Transferred) => ThreatStatus::Transferred,
            Some("threatResolved") => ThreatStatus::Mitigated,
            Some("threatResolvedNotUseful") => ThreatStatus::NotApplicable,
            Some(other) => {
                let what = format!(
                    "the status \"{}\", which Threat Composer does not use; taken as Open",
                    crate::escape::clip(other, 40)
                );
                *self.unknown.entry(what).or_default() += 1;
                ThreatStatus::Open
            }
        }
    }

    /// Threat Composer's priority as a likelihood and an impact whose risk is that priority.
    fn rating(&mut self, priority: Option<&str>) -> (Option<Level>, Option<Level>) {
        let said = priority.map(str::trim).unwrap_or_default();
        match said.to_lowercase().as_str() {
            "high" => (Some(Level::Medium), Some(Level::High)),
            "medium" => (Some(Level::Medium), Some(Level::Medium)),
            "low" => (Some(Level::Low), Some(Level::Low)),
            "" => (None, None),
            _ => {
                let what = format!(
                    "the priority \"{}\", which Threat Composer does not use; left unrated",
                    crate::escape::clip(said, 40)
                );
                *self.unknown.entry(what).or_default() += 1;
                (None, None)
            }
        }
    }

    /// The notes said once for the whole file.
    fn summarise(&mut self, file: &TcFile) {
        let elements = self.model.elements.len();
        if file.threats.is_empty() {
            self.notes.push(
                "The file has no threat statements, so the model has no elements or threats yet; its description \
                holds the application, architecture and data flow text to draw the diagram from."
                    .to_owned(),
            );
        } else {
            self.notes.push(format!(
                "Threat Composer keeps no diagram: {} made from the impacted assets, each of a kind guessed from \
                its name, and laid out automatically. Draw the flows and boundaries between them.",
                crate::words::count(elements, "element was", "elements were")
            ));
        }
        if self.several_assets > 0 {
            self.notes.push(format!(
                "{} several impacted assets; each was put on the element of its first, and its description lists \
                them all.",
                crate::words::count(self.several_assets, "threat names", "threats name")
            ));
        }
        if self.several_categories > 0 {
            self.notes.push(format!(
                "{} several STRIDE categories; ThreatSketch gives a threat one, so each took its first.",
                crate::words::count(self.several_categories, "threat has", "threats have")
            ));
        }
        for (how, count) in std::mem::take(&mut self.guessed) {
            self.notes.push(format!(
                "{} no STRIDE category; it was chosen {how}.",
                crate::words::count(count, "threat has", "threats have")
            ));
        }
        for (what, count) in std::mem::take(&mut self.unknown) {
            self.notes.push(format!("{} {what}.", crate::words::count(count, "threat has", "threats have")));
        }
    }

    /// Every element gets a place: laid out automatically, or in rows should that fail.
    fn place(&mut self) {
        crate::edit::lay_out_if_unplaced(&mut self.model);
        let unplaced: Vec<ElementId> = self
            .model
            .elements
            .iter()
            .filter(|e| !self.model.layout.elements.contains_key(&e.id))
            .map(|e| e.id.clone())
            .collect();
        for (index, id) in unplaced.into_iter().enumerate() {
            let (row, column) = (index / 8, index % 8);
            self.model.layout.elements.insert(id, Point::new(160.0 + 280.0 * column as f32, 80.0 + 140.0 * row as f32));
        }
    }
}

/// The kind an asset's name suggests.
fn kind_for(lowercase_name: &str) -> &'static str {
    let words: String = lowercase_name.chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let padded = format!(" {} ", clean(&words));
    KINDS_BY_WORD
        .iter()
        .find(|(_, keywords)| keywords.iter().any(|k| padded.contains(&format!(" {k} "))))
        .map_or("process", |(kind, _)| kind)
}

/// The text of a metadata entry (Comments, Priority), if there is one.
fn metadata_text(metadata: &[Metadata], key: &str) -> Option<String> {
    metadata.iter().find(|m| m.key.trim().eq_ignore_ascii_case(key)).map(|m| match &m.value {
        MetadataValue::Text(text) => text.clone(),
        MetadataValue::List(list) => list.join(", "),
    })
}

/// " (resolved)": how far a mitigation got, after its text in the decision's notes.
fn mitigation_status(status: Option<&str>) -> &'static str {
    match status.map(str::trim) {
        Some("mitigationInProgress") => " (in progress)",
        Some("mitigationResolved") => " (resolved)",
        Some("mitigationResolvedWillNotAction") => " (will not be done)",
        _ => "",
    }
}

/// A numeric id as Threat Composer shows it: whole numbers without a decimal point.
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 { format!("{}", n as i64) } else { n.to_string() }
}
