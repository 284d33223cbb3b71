//! The import as a whole: the model's title and description, the order in which the parts
//! are read (each in the file named after it), ids, and the checks at the end.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::read::{Entry, Reader};
use super::text::{clean, join_paragraphs, plain};
use crate::interop::format::{FormatError, ImportedModel};
use crate::interop::infrastructure::yaml;
use crate::model::{BoundaryId, DataClass, FlowId, KindCatalog, ThreatModel};

/// More technical assets than this is not a model someone drew: refused, as the layout of
/// the rest would take too long.
pub(super) const MAX_ASSETS: usize = 10_000;
pub(super) const MAX_FLOWS: usize = 100_000;

/// A data asset: its name and the data classes it stands for.
pub(super) struct DataAsset {
    pub name: String,
    pub classes: BTreeSet<DataClass>,
}

/// One import in progress. Its methods are in the files named after what they read.
pub(super) struct Importer<'t> {
    pub read: Reader<'t>,
    pub model: ThreatModel,
    pub notes: Vec<String>,
    /// Ids taken by elements, flows and boundaries so far.
    used: HashSet<String>,
    /// The next number to try for each prefix of generated ids.
    next_fresh: HashMap<&'static str, usize>,
    /// Threagile technical asset id → index into `model.elements`.
    pub assets: HashMap<String, usize>,
    /// Threagile communication link id (`asset>title`) → the flow from its source.
    pub links: HashMap<String, FlowId>,
    pub boundaries: HashMap<String, BoundaryId>,
    pub data: HashMap<String, DataAsset>,
    /// Synthetic Threagile risk id of an individual risk → index into `model.own_threats`.
    pub individual_risks: HashMap<String, usize>,
    /// Elements Threagile puts on the internet whose kind has no question for it.
    pub on_internet: Vec<usize>,
    pub kinds: &'static KindCatalog,
}

pub(super) fn import(text: &str) -> Result<ImportedModel, FormatError> {
    let root = yaml::parse(text).map_err(|e| FormatError::at(e.line, e.column, e.message))?;
    let mut this = Importer {
        read: Reader::new(text),
        model: ThreatModel::new("Threagile model"),
        notes: Vec::new(),
        used: HashSet::new(),
        next_fresh: HashMap::new(),
        assets: HashMap::new(),
        links: HashMap::new(),
        boundaries: HashMap::new(),
        data: HashMap::new(),
        individual_risks: HashMap::new(),
        on_internet: Vec::new(),
        kinds: KindCatalog::builtin(),
    };
    if !matches!(root.value, yaml::Value::Map(..)) {
        let found = super::read::describe(&root);
        return Err(this.read.error(
            root.line,
            "",
            format!("a Threagile model is a YAML mapping, but this is {found}"),
        ));
    }
    let top = this.read.entries(Some(&root), "the model")?;
    let title = this.overview(&top)?;
    this.data_assets(&top)?;
    let links = this.technical_assets(&top)?;
    this.communication_links(links)?;
    this.trust_boundaries(&top)?;
    this.individual_risk_categories(&top)?;
    this.risk_tracking(&top)?;
    this.not_carried(&top)?;

    if let Err(problem) = crate::edit::lay_out(&mut this.model) {
        this.notes.push(format!("The diagram could not be laid out ({problem}): use Tidy up layout."));
    }
    // The import builds only what validation accepts; this guards against a mistake here ever
    // handing out a model that would not load.
    if let Some(problem) = this.model.errors().first() {
        return Err(FormatError::whole(format!("the imported model would not be valid: {problem}")));
    }
    Ok(ImportedModel { title, model: this.model, notes: this.notes })
}

impl Importer<'_> {
    /// The model's name and description: the title, the management summary and the
    /// business and technical overviews, the author and date; abuse cases and security
    /// requirements as lists. Gives the title.
    fn overview(&mut self, top: &[Entry]) -> Result<String, FormatError> {
        let version = self.read.text(top, "threagile_version", "the model")?.unwrap_or_default();
        if !version.is_empty() && !version.starts_with("1.") && version != "1" {
            self.notes.push(format!(
                "The file says Threagile version \"{version}\"; this import knows version 1 and read it as such."
            ));
        }
        let title = self.read.text(top, "title", "the model")?.map(|t| clean(&plain(&t))).unwrap_or_default();
        let title = if title.is_empty() { "Threagile model".to_owned() } else { title };
        self.model.name = title.clone();

        let mut paragraphs = Vec::new();
        for key in ["description", "management_summary_comment"] {
            paragraphs.extend(self.read.text(top, key, "the model")?.map(|t| plain(&t)));
        }
        for (key, heading) in [("business_overview", "Business overview"), ("technical_overview", "Technical overview")]
        {
            let part = self.read.map(top, key, "the model")?;
            if let Some(text) = self.read.text(&part, "description", key)? {
                paragraphs.push(format!("{heading}: {}", plain(&text)));
            }
        }
        let author = self.read.map(top, "author", "the model")?;
        let author = self.read.text(&author, "name", "author")?;
        let date = self.read.text(top, "date", "the model")?;
        match (author, date) {
            (Some(author), Some(date)) => paragraphs.push(format!("From Threagile (author: {author}; date: {date}).")),
            (Some(author), None) => paragraphs.push(format!("From Threagile (author: {author}).")),
            (None, Some(date)) => paragraphs.push(format!("From Threagile (date: {date}).")),
            (None, None) => {}
        }
        for (key, heading) in [("abuse_cases", "Abuse cases"), ("security_requirements", "Security requirements")] {
            let entries = self.read.map(top, key, "the model")?;
            let mut lines = Vec::new();
            for entry in &entries {
                let text = self.read.scalar(entry, key)?.unwrap_or_default();
                lines.push(format!("- {}: {}", clean(&plain(&entry.key)), clean(&plain(&text))));
            }
            if !lines.is_empty() {
                paragraphs.push(format!("{heading}:\n{}", lines.join("\n")));
                self.notes.push(format!(
                    "The {} {} were added to the model description: ThreatSketch keeps no list of them.",
                    entries.len(),
                    heading.to_lowercase()
                ));
            }
        }
        self.model.description = join_paragraphs(paragraphs.iter().map(String::as_str));
        Ok(title)
    }

    /// What the file has that ThreatSketch does not keep, a sentence each.
    fn not_carried(&mut self, top: &[Entry]) -> Result<(), FormatError> {
        let runtimes = self.read.map(top, "shared_runtimes", "the model")?;
        for runtime in &runtimes {
            let fields = self.read.entries(Some(&runtime.value), &format!("shared runtime '{}'", runtime.key))?;
            let running = self.read.list(&fields, "technical_assets_running", "a shared runtime")?;
            let names: Vec<String> = running.iter().map(|(id, _)| self.asset_name(id)).collect();
            self.notes.push(format!(
                "The shared runtime '{}' ({}) was not carried over: ThreatSketch has no shared runtimes. Draw a \
                boundary around what runs on it if it matters.",
                clean(&runtime.key),
                if names.is_empty() { "running nothing".to_owned() } else { names.join(", ") }
            ));
        }
        let questions = self.read.map(top, "questions", "the model")?;
        if !questions.is_empty() {
            self.notes.push(format!(
                "The {} questions of the model were not carried over: ThreatSketch asks its own questions on each \
                element.",
                questions.len()
            ));
        }
        let tags = self.read.list(top, "tags_available", "the model")?;
        if !tags.is_empty() || !self.model.elements.is_empty() {
            self.notes.push(
                "Not carried over, as ThreatSketch has no fields for them: tags; the size, machine, owner, usage, \
                multi-tenancy, redundancy, data formats and CIA ratings of technical assets (a critical rating marks \
                the element critical); the authorization, VPN, IP filter, read-only flag and usage of links."
                    .to_owned(),
            );
        }
        let criticality = self.read.text(top, "business_criticality", "the model")?;
        if let Some(criticality) = criticality {
            self.notes.push(format!(
                "The business criticality \"{criticality}\" was not carried over: ThreatSketch rates each threat's \
                impact instead."
            ));
        }
        Ok(())
    }

    /// A Threagile id as the id of an element, flow or boundary, or a fresh one (`prefix` and
    /// a number) when it is empty, taken already or not usable as an id.
    pub fn claim(&mut self, wanted: &str, prefix: &'static str) -> String {
        let usable = !wanted.is_empty()
            && wanted.len() <= 200
            && wanted.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if usable && self.used.insert(wanted.to_owned()) {
            return wanted.to_owned();
        }
        let next = self.next_fresh.entry(prefix).or_insert(1);
        loop {
            let id = format!("{prefix}{next}");
            *next += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }

    /// The name of a technical asset by its Threagile id, or the id in quotes.
    pub fn asset_name(&self, id: &str) -> String {
        match self.assets.get(id).and_then(|&i| self.model.elements.get(i)) {
            Some(element) => format!("'{}'", element.name),
            None => format!("\"{id}\""),
        }
    }
}
