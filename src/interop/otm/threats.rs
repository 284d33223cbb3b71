//! The threats the components, dataflows (and ThreatSketch's trust zones) refer to. One that
//! ThreatSketch exported from a rule becomes the decision on that suggestion again; any other
//! becomes a threat of one's own on that part, its state, rating and mitigations the decision.

use std::collections::{BTreeMap, HashMap, HashSet};

use super::file::{MitigationDef, ThreatDef, ThreatRef};
use super::import::Importer;
use super::{IMPORTED_REASON, mapping};
use crate::interop::format::FormatError;
use crate::model::{Decision, KindDef, OwnThreat, SeedCategory, Stride, Target, ThreatKey, ThreatStatus};
use crate::threats::{Applies, Catalogue, Rule, applies_to_kind};

/// Text a file's threats may copy into the model in all: far beyond any real model, and a
/// bound on what a short file full of aliases can make the import build.
const MAX_THREAT_TEXT: usize = 64 << 20;

/// ThreatSketch's own attributes of a threat definition.
struct Ours {
    /// The rule that suggested it, if this build knows it.
    rule: Option<&'static Rule>,
    decision: Option<Decision>,
    category: Option<SeedCategory>,
    /// The length of the stored decision's texts.
    text: usize,
}

/// Counts for the notes said once at the end.
#[derive(Default)]
struct Tally<'f> {
    /// Ids of the threats referred to.
    referred: HashSet<&'f str>,
    /// Threat ids referred to but not defined.
    undefined: usize,
    /// Threats without a STRIDE category, and with more than one.
    uncategorised: usize,
    several_categories: usize,
    /// Bytes of text copied into threats and decisions so far.
    text: usize,
    /// States no tool is known to write, and how often.
    unknown_states: BTreeMap<String, usize>,
}

impl<'f> Importer<'f> {
    pub(super) fn threats(&mut self) -> Result<(), FormatError> {
        let file = self.file;
        // ThreatSketch's attributes of each definition, read once however often it is referred to.
        let read: Vec<Ours> = file.threats.iter().map(|def| self.ours_of(def)).collect();
        // The first definition of an id wins.
        let threats: HashMap<&str, (&ThreatDef, &Ours)> =
            file.threats.iter().zip(&read).rev().map(|(t, ours)| (t.id.as_str(), (t, ours))).collect();
        let mitigations: HashMap<&str, &MitigationDef> =
            file.mitigations.iter().rev().map(|m| (m.id.as_str(), m)).collect();
        let mut tally: Tally<'f> = Tally::default();
        let mut next_own = 0;
        let mut on =
            |this: &mut Self, target: Target, kind: Option<&KindDef>, refs: &[ThreatRef], tally: &mut Tally<'f>| {
                for reference in refs {
                    let Some(&(def, ours)) = threats.get(reference.threat.as_str()) else {
                        tally.undefined += 1;
                        continue;
                    };
                    tally.referred.insert(def.id.as_str());
                    // Aliases can refer to one long threat many times over; each copy is counted.
                    tally.text += def.name.len() + def.description.len() + ours.text;
                    if tally.text > MAX_THREAT_TEXT {
                        return Err(FormatError::whole(format!(
                            "the threats of this file would hold more than {} MB of text",
                            MAX_THREAT_TEXT >> 20
                        )));
                    }
                    let rule = ours.rule.filter(|rule| fits(rule, &target, kind));
                    this.threat(def, ours, rule, reference, &target, &mitigations, tally, &mut next_own);
                }
                Ok(())
            };
        for (index, component) in file.components.iter().enumerate() {
            let Some(element) = self.element_of_component.get(index).copied().flatten() else { continue };
            let Some(id) = self.model.elements.get(element).map(|e| e.id.clone()) else { continue };
            let kind = self.model.elements.get(element).and_then(|e| self.kinds.kind(&e.kind));
            on(self, Target::Element(id), kind, &component.threats, &mut tally)?;
        }
        for (index, dataflow) in file.dataflows.iter().enumerate() {
            let Some(flow) = self.flow_of_dataflow.get(index).copied().flatten() else { continue };
            let Some(id) = self.model.flows.get(flow).map(|f| f.id.clone()) else { continue };
            on(self, Target::Flow(id), None, &dataflow.threats, &mut tally)?;
        }
        for (boundary, &zone) in self.boundary_zone.clone().iter().enumerate() {
            let Some(zone) = file.zones.get(zone) else { continue };
            let Some(id) = self.model.boundaries.get(boundary).map(|b| b.id.clone()) else { continue };
            on(self, Target::Boundary(id), None, &zone.threats, &mut tally)?;
        }
        // Threats no part refers to have nothing to sit on.
        let unreferred = threats.keys().filter(|id| !tally.referred.contains(*id)).count();
        if unreferred > 0 {
            self.notes.push(format!(
                "{unreferred} threat(s) of the file are referred to by no component or dataflow; they were not \
                imported."
            ));
        }
        self.threat_notes(&tally);
        Ok(())
    }

    fn ours_of(&mut self, def: &ThreatDef) -> Ours {
        let what = format!("threat '{}'", def.name);
        let decision: Option<Decision> = self.ours(&def.attributes, "decision", &what);
        let text = decision.as_ref().map_or(0, |d| {
            d.notes.len() + d.reason.len() + d.owner.len() + d.due.len() + d.title.as_ref().map_or(0, String::len)
        });
        Ours {
            rule: self
                .ours::<String>(&def.attributes, "rule", &what)
                .and_then(|id| Catalogue::builtin().rules.iter().find(|r| r.id == id).map(AsRef::as_ref)),
            decision,
            category: self.ours(&def.attributes, "category", &what),
            text,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn threat(
        &mut self,
        def: &ThreatDef,
        ours: &Ours,
        rule: Option<&Rule>,
        reference: &ThreatRef,
        target: &Target,
        mitigations: &HashMap<&str, &MitigationDef>,
        tally: &mut Tally,
        next_own: &mut usize,
    ) {
        let stored = ours.decision.clone();

        let said = mapping::status(&reference.state).unwrap_or_else(|| {
            *tally.unknown_states.entry(reference.state.clone()).or_default() += 1;
            ThreatStatus::Open
        });
        let implemented = reference.mitigations.iter().filter(|(_, state)| mapping::implemented(state)).count();
        let said = match said {
            ThreatStatus::Open if implemented > 0 && implemented == reference.mitigations.len() => {
                ThreatStatus::Mitigated
            }
            ThreatStatus::Open if implemented > 0 => ThreatStatus::InProgress,
            other => other,
        };

        let decision = match stored {
            // What ThreatSketch wrote, unless the state was changed in another tool.
            Some(stored) => Decision { status: said, ..stored },
            None => {
                let scale = self.model.scale;
                let notes = mitigation_notes(&reference.mitigations, mitigations);
                let mut reason = String::new();
                if said.needs_reason() {
                    reason = [notes.as_str(), def.description.as_str()]
                        .into_iter()
                        .find(|t| !t.trim().is_empty())
                        .unwrap_or(IMPORTED_REASON)
                        .to_owned();
                }
                Decision {
                    status: said,
                    reason,
                    notes,
                    likelihood: def.likelihood.map(|p| mapping::level(p, scale)),
                    impact: def.impact.map(|p| mapping::level(p, scale)),
                    ..Decision::default()
                }
            }
        };

        if let Some(rule) = rule {
            let title_written = decision.title.clone().unwrap_or_else(|| rule.title.clone());
            let title = (def.name != title_written).then(|| def.name.clone()).or(decision.title.clone());
            let decision = Decision { title, ..decision };
            if !decision.is_default() {
                self.model.decisions.insert(ThreatKey::new(&rule.id, target.id()).to_string(), decision);
            }
            return;
        }

        let strides: Vec<Stride> = def.categories.iter().filter_map(|c| mapping::stride(c)).collect();
        let stride = match strides.as_slice() {
            [] => {
                tally.uncategorised += 1;
                match target {
                    Target::Flow(_) => Stride::Tampering,
                    Target::Element(_) | Target::Boundary(_) => Stride::Spoofing,
                }
            }
            [one] => *one,
            [first, ..] => {
                tally.several_categories += 1;
                *first
            }
        };
        let category = ours.category.unwrap_or_else(|| stride.seed_category());
        *next_own += 1;
        let id = format!("own-{next_own}");
        let decision = Decision { title: None, ..decision };
        if !decision.is_default() {
            self.model.decisions.insert(ThreatKey::new(&id, target.id()).to_string(), decision);
        }
        self.model.own_threats.push(OwnThreat {
            id,
            target: target.id().to_owned(),
            title: def.name.clone(),
            description: def.description.clone(),
            stride,
            category,
        });
    }

    fn threat_notes(&mut self, tally: &Tally) {
        if tally.undefined > 0 {
            self.notes.push(format!(
                "{} threat reference(s) name threats the file does not define; they were left out.",
                tally.undefined
            ));
        }
        if tally.uncategorised > 0 {
            self.notes.push(format!(
                "{} threat(s) have no STRIDE category: those on components were taken as Spoofing, those on \
                dataflows as Tampering.",
                tally.uncategorised
            ));
        }
        if tally.several_categories > 0 {
            self.notes.push(format!(
                "{} threat(s) have several STRIDE categories; each was given its first, as a ThreatSketch threat \
                has one.",
                tally.several_categories
            ));
        }
        for (state, count) in &tally.unknown_states {
            self.notes.push(format!(
                "{count} threat(s) have the state \"{state}\", which is not known here; they were taken as Open."
            ));
        }
    }
}

/// The mitigations of a threat as the decision's notes: one line each, with its state.
fn mitigation_notes(refs: &[(String, String)], defs: &HashMap<&str, &MitigationDef>) -> String {
    let lines: Vec<String> = refs
        .iter()
        .filter_map(|(id, state)| {
            let def = defs.get(id.as_str())?;
            let description = def.description.trim();
            let mut line = format!("- {}", def.name.trim());
            if !description.is_empty() && description != def.name.trim() {
                line.push_str(": ");
                line.push_str(description);
            }
            if !state.trim().is_empty() {
                line.push_str(&format!(" ({})", state.trim().to_lowercase()));
            }
            Some(line)
        })
        .collect();
    lines.join("\n")
}

/// Whether an exported suggestion's rule can apply to the target (an element of `kind`, or a
/// flow); if not, the threat stays one of one's own, so that nothing is hidden.
fn fits(rule: &Rule, target: &Target, kind: Option<&KindDef>) -> bool {
    match (&rule.applies, target) {
        (Applies::Element(m), Target::Element(_)) => kind.is_some_and(|k| applies_to_kind(m, &k.id, k.element_type)),
        (Applies::Flow(_), Target::Flow(_)) => true,
        _ => false,
    }
}
