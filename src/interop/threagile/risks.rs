//! Threagile's risks as threats of one's own: the custom risks of `individual_risk_categories`
//! on the asset, link or boundary each names, and the `risk_tracking` entries that name one,
//! with their status, justification, ticket, date and checker as the decision. Threagile's
//! built-in rules are not ThreatSketch's: a tracked risk is never matched to a rule here.

use super::import::Importer;
use super::mapping;
use super::read::Entry;
use super::text::{clean, join_paragraphs, plain};
use crate::interop::format::FormatError;
use crate::model::{Decision, OwnThreat, Stride, Target, ThreatKey, ThreatStatus};

/// The reason an accepted or not applicable threat needs, when the file gives none.
const IMPORTED_REASON: &str = "Imported from Threagile";

/// Where a risk sits, as Threagile names it.
struct RiskPlace<'a> {
    asset: Option<&'a str>,
    link: Option<&'a str>,
    boundary: Option<&'a str>,
}

impl Importer<'_> {
    pub(super) fn individual_risk_categories(&mut self, top: &[Entry]) -> Result<(), FormatError> {
        let categories = self.read.map(top, "individual_risk_categories", "the model")?;
        for category in &categories {
            let title = clean(&plain(&category.key));
            let owner = format!("individual risk category '{title}'");
            let fields = self.read.entries(Some(&category.value), &owner)?;
            let text = |this: &Self, key: &str| this.read.text(&fields, key, &owner).map(Option::unwrap_or_default);
            let category_id = text(self, "id")?;
            let stride_said = text(self, "stride")?;
            let mut description = vec![plain(&text(self, "description")?)];
            for (key, heading) in [("impact", "Impact"), ("mitigation", "Mitigation"), ("check", "Check")] {
                let said = plain(&text(self, key)?);
                if !said.is_empty() {
                    description.push(format!("{heading}: {said}"));
                }
            }
            let cwe = text(self, "cwe")?;
            if !cwe.is_empty() {
                description.push(format!("CWE-{cwe}."));
            }
            let description = join_paragraphs(description.iter().map(String::as_str));
            let stride = mapping::stride(&stride_said);
            if stride.is_none() {
                self.notes.push(format!(
                    "The {owner} has the STRIDE category \"{stride_said}\", which Threagile does not use; its risks \
                    were taken as Tampering."
                ));
            }
            let risks = self.read.map(&fields, "risks_identified", &owner)?;
            for risk in &risks {
                let risk_title = clean(&plain(&risk.key));
                let risk_owner = format!("risk '{risk_title}'");
                let risk_fields = self.read.entries(Some(&risk.value), &risk_owner)?;
                let field = |this: &Self, key: &str| {
                    this.read.text(&risk_fields, key, &risk_owner).map(Option::unwrap_or_default)
                };
                let (asset, link, boundary) = (
                    field(self, "most_relevant_technical_asset")?,
                    field(self, "most_relevant_communication_link")?,
                    field(self, "most_relevant_trust_boundary")?,
                );
                let (data, runtime) =
                    (field(self, "most_relevant_data_asset")?, field(self, "most_relevant_shared_runtime")?);
                let likelihood = mapping::likelihood(&field(self, "exploitation_likelihood")?);
                let impact = mapping::impact(&field(self, "exploitation_impact")?);
                fn nonempty(s: &str) -> Option<&str> {
                    (!s.is_empty()).then_some(s)
                }
                let place = RiskPlace { asset: nonempty(&asset), link: nonempty(&link), boundary: nonempty(&boundary) };
                let Some(target) = self.risk_target(&place) else {
                    self.notes.push(format!(
                        "The individual risk '{risk_title}' names no technical asset, link or trust boundary of the \
                        model; it was left out (line {}).",
                        risk.line
                    ));
                    continue;
                };
                let scale = self.model.scale;
                let decision = Decision {
                    likelihood: likelihood.map(|l| scale.fit(l)),
                    impact: impact.map(|l| scale.fit(l)),
                    ..Decision::default()
                };
                let title = if risk_title.is_empty() { title.clone() } else { risk_title };
                let index = self.add_own_threat(
                    &target,
                    title,
                    description.clone(),
                    stride.unwrap_or(Stride::Tampering),
                    decision,
                );
                let parts = [data, asset, link, boundary, runtime];
                let synthetic: Vec<&str> = std::iter::once(category_id.as_str())
                    .chain(parts.iter().map(String::as_str))
                    .filter(|p| !p.is_empty())
                    .collect();
                self.individual_risks.entry(synthetic.join("@")).or_insert(index);
            }
        }
        Ok(())
    }

    pub(super) fn risk_tracking(&mut self, top: &[Entry]) -> Result<(), FormatError> {
        let tracked = self.read.map(top, "risk_tracking", "the model")?;
        let mut not_placed = Vec::new();
        for entry in &tracked {
            let owner = format!("risk tracking '{}'", entry.key);
            let fields = self.read.entries(Some(&entry.value), &owner)?;
            let text = |this: &Self, key: &str| this.read.text(&fields, key, &owner).map(Option::unwrap_or_default);
            let status_said = text(self, "status")?;
            let justification = clean(&plain(&text(self, "justification")?));
            let ticket = text(self, "ticket")?;
            let date = text(self, "date")?;
            let checked_by = text(self, "checked_by")?;

            let status = match mapping::status(&status_said) {
                Some((status, true)) => status,
                Some((status, false)) => {
                    self.notes.push(format!(
                        "The risk {} is \"{status_said}\" in Threagile; it was taken as {}.",
                        entry.key,
                        status.label()
                    ));
                    status
                }
                None => {
                    self.notes.push(format!(
                        "The risk {} has the status \"{status_said}\", which Threagile does not use; it was taken as \
                        Open.",
                        entry.key
                    ));
                    ThreatStatus::Open
                }
            };
            let mut said = Vec::new();
            if !ticket.is_empty() {
                said.push(format!("Ticket {ticket}."));
            }
            match (date.is_empty(), checked_by.is_empty()) {
                (false, false) => said.push(format!("Checked on {date} by {checked_by}.")),
                (false, true) => said.push(format!("Checked on {date}.")),
                (true, false) => said.push(format!("Checked by {checked_by}.")),
                (true, true) => {}
            }
            let notes = join_paragraphs([justification.as_str(), said.join(" ").as_str()]);
            let reason = if !status.needs_reason() {
                String::new()
            } else if justification.is_empty() {
                IMPORTED_REASON.to_owned()
            } else {
                justification.clone()
            };
            let decision = Decision { status, reason, notes, owner: checked_by, ..Decision::default() };

            // An individual risk of the file, tracked by its own id.
            if let Some(&index) = self.individual_risks.get(&entry.key) {
                if let Some(threat) = self.model.own_threats.get(index) {
                    let key = ThreatKey::new(&threat.id, &threat.target).to_string();
                    let rating = self.model.decisions.remove(&key).unwrap_or_default();
                    let decision = Decision { likelihood: rating.likelihood, impact: rating.impact, ..decision };
                    self.model.decisions.insert(key, decision);
                }
                continue;
            }
            let mut parts = entry.key.split('@');
            let rule = parts.next().unwrap_or_default().trim().to_owned();
            let specific: Vec<&str> = parts.map(str::trim).filter(|p| !p.is_empty() && !p.contains('*')).collect();
            let target = specific.iter().find_map(|part| {
                self.risk_target(&RiskPlace { asset: Some(part), link: Some(part), boundary: Some(part) })
            });
            let Some(target) = target else {
                not_placed.push(entry.key.clone());
                continue;
            };
            let stride = mapping::stride_from_rule_words(&rule).unwrap_or_else(|| {
                self.notes.push(format!(
                    "Nothing in the name of the tracked risk {} says its STRIDE category; it was taken as Tampering.",
                    entry.key
                ));
                Stride::Tampering
            });
            let title = sentence_from_id(&rule);
            let description = format!(
                "Tracked in Threagile as {}: a risk its rule \"{rule}\" finds. ThreatSketch does not have Threagile's \
                rules, so the threat is kept as written there.",
                entry.key
            );
            self.add_own_threat(&target, title, description, stride, decision);
        }
        if !not_placed.is_empty() {
            self.notes.push(format!(
                "Tracked risks that name no single asset, link or boundary of the model (only wildcards or unknown \
                ids) were not carried over, as Threagile's rules are not ThreatSketch's: {}.",
                not_placed.join(", ")
            ));
        }
        Ok(())
    }

    /// The element, flow or boundary a risk is about: its asset first, then its link, then its
    /// boundary.
    fn risk_target(&self, place: &RiskPlace) -> Option<Target> {
        let element = place.asset.and_then(|a| self.element_id(a)).map(Target::Element);
        element
            .or_else(|| place.link.and_then(|l| self.links.get(l)).cloned().map(Target::Flow))
            .or_else(|| place.boundary.and_then(|b| self.boundaries.get(b)).cloned().map(Target::Boundary))
    }

    /// A threat of one's own on `target`, its decision stored when it says anything; its index.
    fn add_own_threat(
        &mut self,
        target: &Target,
        title: String,
        description: String,
        stride: Stride,
        decision: Decision,
    ) -> usize {
        let id = format!("own-{}", self.model.own_threats.len() + 1);
        let key = ThreatKey::new(&id, target.id()).to_string();
        if !decision.is_default() {
            self.model.decisions.insert(key, decision);
        }
        let title = if title.trim().is_empty() { "Untitled risk".to_owned() } else { title };
        let threat = OwnThreat {
            id,
            target: target.id().to_owned(),
            title,
            description,
            stride,
            category: stride.seed_category(),
        };
        self.model.own_threats.push(threat);
        self.model.own_threats.len() - 1
    }
}

/// "untrusted-deserialization" → "Untrusted deserialization".
fn sentence_from_id(id: &str) -> String {
    let words = id.replace(['-', '_'], " ");
    let mut chars = words.trim().chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => "Tracked risk".to_owned(),
    }
}
