//! Threat Dragon → ThreatSketch: one model per diagram, and a note for everything that did not
//! map one to one. Here: the file as a whole (summary, version, people) and the assembly of each
//! diagram, in order; the parts of a diagram are read in the files named after them:
//!
//! - `cells`: a cell and its properties, wherever its Threat Dragon version keeps them;
//! - `ids`: the ids the imported parts get, and which Threat Dragon cell became what;
//! - `elements`: actors, processes and stores, their flags as answers;
//! - `flows`: data flows and their two ends;
//! - `boundaries`: trust boundaries, boxes and lines: id, name, kind, and a box's rectangle;
//! - `lines`: the points of trust boundary lines;
//! - `threats`: the threats on a cell, as threats of one's own or decisions on suggestions;
//! - `notes`: the notes for the diagram as a whole (texts not carried over, counts);
//! - `whole_model`: what ThreatSketch wrote for the model as a whole (scale, regulations,
//!   review, workshop).

mod boundaries;
mod cells;
mod elements;
mod flows;
mod ids;
mod lines;
mod notes;
mod threats;
mod whole_model;

use std::collections::{BTreeMap, HashMap, HashSet};

use serde_json::Value;

use self::cells::CellSource;
use super::json::{Cell, CellData, Detail, Diagram, Summary, TdFile, TdThreat};
use super::lenient::{Checked, describe, parse};
use super::mapping::CellType;
use super::{Import, ImportError, ImportedDiagram, TdVersion};
use crate::model::{KindCatalog, Stride, ThreatModel};

/// A file read in one pass into its parts.
type WholeFile = TdFile<Summary, Detail<Diagram<ReadCell>>>;
/// A cell read in one pass into its parts, threats and all.
type ReadCell = Cell<CellData<TdThreat>>;

pub(super) fn import(json: &str) -> Result<Import, ImportError> {
    // Two quick passes that keep a large file small in memory: one checks the JSON as strictly
    // as loose JSON is read (the parts the other skips too), one reads it into its parts. What
    // they do not take (bad JSON, any wrong type, a version 1 cell with its properties on
    // itself) is read again as loose JSON, part by part, which says where the problem is.
    let whole = serde_json::from_str::<Checked>(json).and_then(|_| serde_json::from_str::<WholeFile>(json));
    match whole {
        Ok(TdFile { version, summary, detail: Some(detail) }) if !detail.diagrams.iter().any(has_v1_cells) => {
            assemble(version.as_deref(), &summary.unwrap_or_default(), detail, DiagramImport::run)
        }
        _ => import_loose(json),
    }
}

/// Whether a diagram has cells whose properties are on the cell itself (version 1), which only
/// the loose reading takes.
fn has_v1_cells(diagram: &Diagram<ReadCell>) -> bool {
    let mut cells = diagram.cells.iter().flatten().chain(diagram.diagram_json.iter().flat_map(|d| &d.cells));
    cells.any(|cell| cell.data.is_none() && cell.v1_type.is_some())
}

/// The file read as loose JSON, each part on its own, so that an error says where it is.
fn import_loose(json: &str) -> Result<Import, ImportError> {
    let value: Value = serde_json::from_str(json).map_err(|err| ImportError::syntax(json, &err))?;
    if !value.is_object() {
        let found = describe(&value);
        return Err(ImportError::shape(
            "the file",
            format!("a Threat Dragon model is a JSON object, but this is {found}"),
        ));
    }
    let file: TdFile = parse(&value, "the file")?;
    let Some(detail) = &file.detail else {
        // The deliberately malformed test file of Threat Dragon says "details".
        let hint = if value.get("details").is_some() { " (it has \"details\")" } else { "" };
        return Err(ImportError::shape(
            "the file",
            format!("this is not a Threat Dragon model: it has no \"detail\" object, which holds the diagrams{hint}"),
        ));
    };
    let summary: Summary = match &file.summary {
        Some(summary) => parse(summary, "summary")?,
        None => Summary::default(),
    };
    let detail: Detail = parse(detail, "detail")?;
    assemble(file.version.as_deref(), &summary, detail, |context, index, raw| {
        let diagram: Diagram = parse(&raw, &format!("diagram {}", index + 1))?;
        DiagramImport::run(context, index, diagram)
    })
}

/// The file's diagrams, each a `G`, as models: `diagram` turns one into a model.
fn assemble<G>(
    version: Option<&str>,
    summary: &Summary,
    detail: Detail<G>,
    diagram: impl Fn(&FileContext, usize, G) -> Result<ImportedDiagram, ImportError>,
) -> Result<Import, ImportError> {
    if detail.diagrams.is_empty() {
        return Err(ImportError::NoDiagrams);
    }
    let (version, version_note) = version_of(version);
    let mut context = FileContext {
        title: clean(&summary.title),
        description: summary.description.trim().to_owned(),
        people: people_of(summary, &detail),
        several: detail.diagrams.len() > 1,
        notes: version_note.into_iter().collect(),
    };
    if context.title.is_empty() {
        context.title = "Threat Dragon model".to_owned();
    }
    if !context.people.is_empty() {
        context.notes.push(
            "The owner, reviewer and contributors were added to the description: ThreatSketch models have no fields \
            for them."
                .to_owned(),
        );
    }

    let diagrams = detail
        .diagrams
        .into_iter()
        .enumerate()
        .map(|(index, raw)| diagram(&context, index, raw))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Import { version, diagrams })
}

/// What every diagram of a file shares.
struct FileContext {
    title: String,
    /// The summary's description.
    description: String,
    /// The people the file names, as a sentence for the description.
    people: String,
    several: bool,
    /// Notes about the file as a whole, repeated in each diagram's notes.
    notes: Vec<String>,
}

fn version_of(version: Option<&str>) -> (TdVersion, Option<String>) {
    match version.map(str::trim) {
        // Threat Dragon 1 wrote no version.
        None | Some("") => (TdVersion::V1, None),
        Some(v) if v.starts_with('1') => (TdVersion::V1, None),
        Some(v) if v.starts_with("2.") || v == "2" => (TdVersion::V2, None),
        Some(v) => (
            TdVersion::V2,
            Some(format!(
                "The file says Threat Dragon version \"{v}\"; this import knows versions 1 and 2, and read it as \
                version 2."
            )),
        ),
    }
}

/// "From Threat Dragon (owner: …; reviewer: …; contributors: …).", or "" when none is named.
fn people_of<G>(summary: &Summary, detail: &Detail<G>) -> String {
    let contributors: Vec<String> =
        detail.contributors.iter().map(|c| clean(&c.name)).filter(|n| !n.is_empty()).collect();
    let mut parts = Vec::new();
    if !clean(&summary.owner).is_empty() {
        parts.push(format!("owner: {}", clean(&summary.owner)));
    }
    if !clean(&detail.reviewer).is_empty() {
        parts.push(format!("reviewer: {}", clean(&detail.reviewer)));
    }
    if !contributors.is_empty() {
        parts.push(format!("contributors: {}", contributors.join(", ")));
    }
    if parts.is_empty() { String::new() } else { format!("From Threat Dragon ({}).", parts.join("; ")) }
}

/// Whitespace runs (Threat Dragon wraps names with line breaks) as single spaces.
fn clean(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn join_paragraphs<'a>(parts: impl IntoIterator<Item = &'a str>) -> String {
    parts.into_iter().map(str::trim).filter(|p| !p.is_empty()).collect::<Vec<_>>().join("\n\n")
}

/// One diagram being imported: the model so far, its notes, and what the cells became. Its
/// methods are in the files of this module named after what they import.
struct DiagramImport {
    at: String,
    model: ThreatModel,
    notes: Vec<String>,
    /// Ids taken in the model so far, and ids of the file, which generated ids avoid.
    used: HashSet<String>,
    reserved: HashSet<String>,
    /// For each prefix of generated ids ("e"), the number to try first.
    next_fresh: HashMap<String, usize>,
    /// Threat Dragon cell id → the element it became, by its place in `model.elements`.
    elements: HashMap<String, usize>,
    /// Threat Dragon cell id → what it is, for cells that are not elements.
    others: HashMap<String, String>,
    next_own: usize,
    names_with_breaks: usize,
    /// Threat types of other frameworks, with the STRIDE category chosen, and how many.
    translated: BTreeMap<(String, Stride), usize>,
    /// Threat types without a counterpart, and how many.
    defaulted: BTreeMap<String, usize>,
    /// The workshop's focus as a Threat Dragon id, and what it became here once found.
    focus: Option<(String, Option<String>)>,
    kinds: &'static KindCatalog,
}

impl DiagramImport {
    fn run<C: CellSource>(
        file: &FileContext,
        index: usize,
        diagram: Diagram<C>,
    ) -> Result<ImportedDiagram, ImportError> {
        let mut title = clean(&diagram.title);
        if title.is_empty() {
            title = format!("Diagram {}", index + 1);
        }
        let name = if file.several { format!("{} — {title}", file.title) } else { file.title.clone() };
        let mut this = Self {
            at: format!("diagram {} ('{title}')", index + 1),
            model: ThreatModel::new(name),
            notes: file.notes.clone(),
            used: HashSet::new(),
            reserved: HashSet::new(),
            next_fresh: HashMap::new(),
            elements: HashMap::new(),
            others: HashMap::new(),
            next_own: 0,
            names_with_breaks: 0,
            translated: BTreeMap::new(),
            defaulted: BTreeMap::new(),
            focus: None,
            kinds: KindCatalog::builtin(),
        };
        let whole_model = this.model_extension(diagram.threatsketch.as_ref());
        // v2 keeps the cells on the diagram, v1 in `diagramJson`.
        let cells = diagram.cells.or(diagram.diagram_json.map(|d| d.cells)).unwrap_or_default();
        let empty = cells.is_empty();
        let parsed =
            cells.into_iter().enumerate().map(|(i, cell)| cell.read(&this, i)).collect::<Result<Vec<_>, _>>()?;
        this.reserved = parsed.iter().filter_map(|p| p.id.clone()).collect();

        let centres = lines::centres_for_lines(&parsed);
        let mut texts = Vec::new();
        let mut flows = Vec::new();
        for cell in &parsed {
            this.names_with_breaks += usize::from(cell.name_had_breaks);
            match cell.cell_type {
                Some(CellType::Actor | CellType::Process | CellType::Store) => this.add_element(cell)?,
                Some(CellType::BoundaryBox) => this.add_boundary(cell)?,
                Some(CellType::Flow) => flows.push(cell),
                Some(CellType::BoundaryCurve) => {
                    this.remember(cell);
                    this.add_line(cell, &centres)?;
                }
                Some(CellType::Text) => {
                    this.remember(cell);
                    texts.push(cell);
                }
                None => this.notes.push(format!(
                    "Cell {} of type \"{}\" is not something Threat Dragon diagrams are made of; it was left out.",
                    cell.id.as_deref().unwrap_or("without an id"),
                    cell.type_text
                )),
            }
        }
        for flow in flows {
            this.add_flow(flow)?;
        }
        this.add_texts(&texts);
        this.apply_model_extension(whole_model);

        // A diagram description that repeats the model's is said once.
        let own_description = diagram.description.trim();
        let own_description = if own_description == file.description { "" } else { own_description };
        let paragraphs = [file.description.as_str(), own_description, file.people.as_str()]
            .into_iter()
            .chain(texts.iter().map(|t| t.name.as_str()));
        this.model.description = join_paragraphs(paragraphs);
        this.summarise(empty, &title);

        // The import builds only what validation accepts; this guards against a mistake here
        // ever handing out a model that would not load.
        if let Some(problem) = this.model.errors().first() {
            return Err(ImportError::shape(this.at, format!("the imported model would not be valid: {problem}")));
        }
        Ok(ImportedDiagram { title, model: this.model, notes: this.notes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn diagram(cells: &Value) -> ImportedDiagram {
        let file = serde_json::json!({
            "version": "2.3.0",
            "summary": { "title": "T", "owner": "Ann", "description": "About." },
            "detail": { "contributors": [ { "name": "Bo" }, { "name": " " } ], "reviewer": "",
                        "diagrams": [ { "title": "D", "description": "About.", "cells": cells } ] }
        });
        import(&file.to_string()).unwrap().diagrams.remove(0)
    }

    pub(super) fn node(id: &str, name: &str) -> Value {
        serde_json::json!({
            "id": id, "shape": "actor", "position": { "x": 0, "y": 0 },
            "data": { "type": "tm.Actor", "name": name }
        })
    }

    /// Every fixture, and each with one of its values changed in each of a few places: to a
    /// value of another type, to what only a strict reading refuses (a number out of range, half
    /// a character, nesting too deep), with a key twice, with a threat that cannot be read.
    fn fixtures_and_mutations() -> Vec<String> {
        fn files(folder: &std::path::Path, found: &mut Vec<String>) {
            for entry in std::fs::read_dir(folder).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    files(&path, found);
                } else if path.extension().is_some_and(|e| e == "json") && !path.to_string_lossy().contains("schema") {
                    found.extend(std::fs::read_to_string(&path));
                }
            }
        }
        let mut texts = Vec::new();
        files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/threat-dragon"), &mut texts);
        assert!(texts.len() > 15, "the fixtures are there");
        let deep = format!("{}{}", "[".repeat(130), "]".repeat(130));
        let replacements = ["5", "\"x\"", "null", "[1]", "{}", "true", "1e999", "\"\\ud800\"", deep.as_str()];
        let mut mutated = Vec::new();
        for text in &texts {
            for (n, (at, _)) in text.match_indices("\": ").enumerate().filter(|(n, _)| n % 29 == 0) {
                let (head, tail) = text.split_at(at + 3);
                let replacement = replacements[n % replacements.len()];
                // The value ends at the next comma or closing bracket at its level, near enough.
                let end = tail.find([',', '}', ']']).unwrap_or(0);
                mutated.push(format!("{head}{replacement}{}", &tail[end..]));
            }
            mutated.push(text.replacen("\"title\"", "\"title\": \"Twice\", \"title\"", 2));
            mutated.push(text.replacen("\"threats\": [", "\"threats\": [ { \"title\": 5 }, ", 3));
        }
        texts.extend(mutated);
        texts
    }

    #[test]
    fn the_fast_pass_and_the_loose_reading_agree_on_every_file() {
        let (mut fast, mut errors) = (0, 0);
        for text in fixtures_and_mutations() {
            let quick = import(&text);
            let loose = import_loose(&text);
            assert_eq!(format!("{quick:?}"), format!("{loose:?}"), "{}", text.chars().take(300).collect::<String>());
            errors += usize::from(loose.is_err());
            fast += usize::from(
                serde_json::from_str::<WholeFile>(&text)
                    .is_ok_and(|f| f.detail.is_some_and(|d| !d.diagrams.iter().any(has_v1_cells))),
            );
        }
        assert!(fast > 100 && errors > 100, "both readings were tried: {fast} fast, {errors} refused");
    }

    #[test]
    fn versions() {
        assert_eq!(version_of(None), (TdVersion::V1, None));
        assert_eq!(version_of(Some("2.6.1")), (TdVersion::V2, None));
        let (version, note) = version_of(Some("3.0"));
        assert_eq!(version, TdVersion::V2);
        assert!(note.unwrap().contains("\"3.0\""));
    }

    #[test]
    fn people_and_a_repeated_description_are_said_once() {
        let imported = diagram(&serde_json::json!([]));
        assert_eq!(imported.model.name, "T", "one diagram: the model's title");
        assert_eq!(imported.model.description, "About.\n\nFrom Threat Dragon (owner: Ann; contributors: Bo).");
    }
}
