//! Data assets (what flows carry) and technical assets (the elements): kind by type and
//! technology, Threagile's flags as answers where the kind asks, critical ratings, out of
//! scope, and what each asset processes and stores in its description.

use std::collections::BTreeSet;

use super::import::{DataAsset, Importer, MAX_ASSETS};
use super::mapping::{self, AssetType, KindHint};
use super::read::Entry;
use super::text::{clean, join_paragraphs, plain};
use crate::interop::format::FormatError;
use crate::model::{DataClass, Element, ElementId, Point, Tri};

/// A technical asset's links, read once the elements they point at are all known.
pub(super) struct PendingLinks {
    pub from: usize,
    pub asset_id: String,
    pub links: Vec<Entry>,
}

impl Importer<'_> {
    pub(super) fn data_assets(&mut self, top: &[Entry]) -> Result<(), FormatError> {
        let assets = self.read.map(top, "data_assets", "the model")?;
        let mut guessed = Vec::new();
        for asset in &assets {
            let name = clean(&plain(&asset.key));
            let owner = format!("data asset '{name}'");
            let fields = self.read.entries(Some(&asset.value), &owner)?;
            let id = self.read.text(&fields, "id", &owner)?.unwrap_or_else(|| asset.key.clone());
            let description = self.read.text(&fields, "description", &owner)?.unwrap_or_default();
            let confidentiality = self.read.text(&fields, "confidentiality", &owner)?.unwrap_or_default();
            let (classes, sure) = mapping::data_classes(&name, &description, &confidentiality);
            if !sure {
                guessed.push(format!("'{name}' ({confidentiality})"));
            }
            if self.data.contains_key(&id) {
                self.notes.push(format!("Two data assets have the id \"{id}\"; the second, '{name}', was not used."));
                continue;
            }
            self.data.insert(id, DataAsset { name, classes });
        }
        if !guessed.is_empty() {
            self.notes.push(format!(
                "Nothing in the name or description of these data assets says whether they are personal data, \
                payment card data, health data or credentials; flows carrying them were marked Internal: {}.",
                guessed.join(", ")
            ));
        }
        Ok(())
    }

    /// The data classes of the data assets `ids` name, and the ids that name none.
    pub(super) fn classes_of(&self, ids: &[(String, usize)]) -> (BTreeSet<DataClass>, Vec<String>) {
        let mut classes = BTreeSet::new();
        let mut unknown = Vec::new();
        for (id, _) in ids {
            match self.data.get(id) {
                Some(asset) => classes.extend(asset.classes.iter().copied()),
                None => unknown.push(format!("\"{id}\"")),
            }
        }
        (classes, unknown)
    }

    pub(super) fn technical_assets(&mut self, top: &[Entry]) -> Result<Vec<PendingLinks>, FormatError> {
        let Some(entry) = super::read::Reader::get(top, "technical_assets") else {
            self.notes.push("The model has no technical assets: the diagram is empty.".to_owned());
            return Ok(Vec::new());
        };
        let assets = self.read.map(top, "technical_assets", "the model")?;
        if assets.len() > MAX_ASSETS {
            return Err(self.read.error(entry.line, &entry.key, format!("more than {MAX_ASSETS} technical assets")));
        }
        let mut pending = Vec::with_capacity(assets.len());
        for asset in &assets {
            pending.push(self.technical_asset(asset)?);
        }
        Ok(pending)
    }

    fn technical_asset(&mut self, asset: &Entry) -> Result<PendingLinks, FormatError> {
        let mut name = clean(&plain(&asset.key));
        if name.is_empty() {
            name = "Unnamed asset".to_owned();
        }
        let owner = format!("technical asset '{name}'");
        let fields = self.read.entries(Some(&asset.value), &owner)?;
        let text = |this: &mut Self, key: &str| this.read.text(&fields, key, &owner).map(Option::unwrap_or_default);
        let threagile_id = text(self, "id")?;
        let type_said = text(self, "type")?;
        let technology = text(self, "technology")?;
        let description = text(self, "description")?;
        let encryption = text(self, "encryption")?;
        let ratings = [text(self, "confidentiality")?, text(self, "integrity")?, text(self, "availability")?];
        let justification = text(self, "justification_out_of_scope")?;
        let internet = self.read.flag(&fields, "internet", &owner)?;
        let out_of_scope = self.read.flag(&fields, "out_of_scope", &owner)?;
        let used_by_human = self.read.flag(&fields, "used_as_client_by_human", &owner)?;
        let processed = self.read.list(&fields, "data_assets_processed", &owner)?;
        let stored = self.read.list(&fields, "data_assets_stored", &owner)?;
        let links = self.read.map(&fields, "communication_links", &owner)?;

        let label = format!("technical asset '{name}'");
        let asset_type = AssetType::parse(&type_said).unwrap_or_else(|| {
            self.notes.push(format!(
                "The {label} has the type \"{type_said}\", not external-entity, process or datastore; it became a \
                process."
            ));
            AssetType::Process
        });
        let kind = self.kind_for(asset_type, &technology, used_by_human, &label);
        let id = ElementId::new(self.claim(&threagile_id, ElementId::PREFIX));
        if threagile_id.is_empty() {
            self.notes.push(format!("The {label} has no id, so nothing in the file can point at it."));
        } else if self.assets.contains_key(&threagile_id) {
            self.notes.push(format!(
                "Two technical assets have the id \"{threagile_id}\"; links and boundaries naming it mean the first."
            ));
        } else {
            self.assets.insert(threagile_id.clone(), self.model.elements.len());
        }

        let mut element = Element::new(id.clone(), kind, name);
        let mut paragraphs = vec![plain(&description)];
        paragraphs.push(self.data_summary("Processes", &processed, &label));
        paragraphs.push(self.data_summary("Stores", &stored, &label));
        if out_of_scope {
            let reason = clean(&plain(&justification));
            paragraphs.push(if reason.is_empty() {
                "Out of scope in Threagile.".to_owned()
            } else {
                format!("Out of scope in Threagile: {reason}")
            });
            self.notes.push(format!(
                "The {label} is out of scope in Threagile; ThreatSketch has no such setting, so it was kept, with the \
                reason in its description."
            ));
        }
        element.description = join_paragraphs(paragraphs.iter().map(String::as_str));
        if internet {
            if self.kinds.kind(kind).is_some_and(|k| k.asks("internet_facing")) {
                element.set_property("internet_facing", Tri::Yes);
            } else {
                // Said by an Internet boundary around it, if it is in no other (see boundaries).
                self.on_internet.push(self.model.elements.len());
            }
        }
        if !encryption.is_empty() {
            let encrypted = if encryption == "none" { Tri::No } else { Tri::Yes };
            let asks = self.kinds.kind(kind).is_some_and(|k| k.asks("encrypted_at_rest"));
            if asks {
                element.set_property("encrypted_at_rest", encrypted);
            } else if encrypted == Tri::Yes {
                self.notes.push(format!(
                    "The {label} has the encryption \"{encryption}\" in Threagile; only data stores are asked about \
                    encryption at rest here, so it was not kept."
                ));
            }
        }
        element.critical = ratings.iter().any(|r| mapping::is_critical_rating(r));
        // Placed for now at the origin: the boundaries place their members, the layout the rest.
        self.model.layout.elements.insert(id, Point::default());
        let from = self.model.elements.len();
        self.model.elements.push(element);
        Ok(PendingLinks { from, asset_id: threagile_id, links })
    }

    /// The kind for an asset: the technology's, if it fits the asset's type, else the generic
    /// kind of that type.
    fn kind_for(&mut self, asset_type: AssetType, technology: &str, used_by_human: bool, label: &str) -> &'static str {
        let generic = asset_type.generic_kind(used_by_human);
        let kinds_catalog = self.kinds;
        let fits = |kind: &&&str| kinds_catalog.kind(kind).is_some_and(|k| k.element_type == asset_type.element_type());
        match mapping::kind_hint(technology) {
            KindHint::Kinds(kinds) => {
                match kinds.iter().find(fits) {
                    Some(kind) => kind,
                    None => {
                        self.notes.push(format!(
                        "The {label} is a \"{technology}\", which ThreatSketch draws as {}, but Threagile says it is \
                        a {}; it became {} so that its threats keep their meaning.",
                        crate::words::with_article(&crate::words::lower_first(self.kinds.kind_name(kinds.first().copied().unwrap_or(generic)))),
                        type_noun(asset_type),
                        crate::words::with_article(&crate::words::lower_first(self.kinds.kind_name(generic)))
                    ));
                        generic
                    }
                }
            }
            KindHint::Generic => generic,
            KindHint::Unknown => {
                if !technology.is_empty() {
                    self.notes.push(format!(
                        "The {label} has the technology \"{technology}\", which this import does not know; it became \
                        {}.",
                        crate::words::with_article(&crate::words::lower_first(self.kinds.kind_name(generic)))
                    ));
                }
                generic
            }
        }
    }

    /// "Processes: Customer Accounts, Marketing Material." for the description; a note for
    /// ids that name no data asset.
    fn data_summary(&mut self, verb: &str, ids: &[(String, usize)], label: &str) -> String {
        if ids.is_empty() {
            return String::new();
        }
        let mut names = Vec::new();
        let mut unknown = Vec::new();
        for (id, _) in ids {
            match self.data.get(id) {
                Some(asset) => names.push(asset.name.clone()),
                None => unknown.push(format!("\"{id}\"")),
            }
        }
        if !unknown.is_empty() {
            self.notes.push(format!(
                "The {label} {} data assets that the file does not define: {}; they were left out.",
                verb.to_lowercase(),
                unknown.join(", ")
            ));
        }
        if names.is_empty() { String::new() } else { format!("{verb}: {}.", names.join(", ")) }
    }
}

fn type_noun(asset_type: AssetType) -> &'static str {
    match asset_type {
        AssetType::ExternalEntity => "external entity",
        AssetType::Process => "process",
        AssetType::Datastore => "data store",
    }
}
