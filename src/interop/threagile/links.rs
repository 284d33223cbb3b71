//! Communication links as flows: from the asset that holds the link to its `target`, with the
//! protocol, whether it encrypts (from the protocol, or a VPN), whether it authenticates, and
//! the data classes of what is sent. What comes back (`data_assets_received`) is a second flow
//! the other way, as ThreatSketch flows carry data one way.

use super::assets::PendingLinks;
use super::import::{Importer, MAX_FLOWS};
use super::mapping;
use super::read::Entry;
use super::text::{clean, plain};
use crate::interop::format::FormatError;
use crate::model::{ElementId, Flow, FlowId, Tri};

impl Importer<'_> {
    pub(super) fn communication_links(&mut self, pending: Vec<PendingLinks>) -> Result<(), FormatError> {
        let mut responses = 0;
        for PendingLinks { from, asset_id, links } in pending {
            for link in &links {
                responses += usize::from(self.link(from, &asset_id, link)?);
            }
        }
        if responses > 0 {
            self.notes.push(format!(
                "{}: ThreatSketch flows carry data one way, so each became two flows, the second back from the \
                target with what is received, labelled '… (response)'.",
                crate::words::count_with_verb(responses, "link", "links", "also receives data", "also receive data")
            ));
        }
        Ok(())
    }

    /// One link as a flow, and a flow back when it receives data; whether it made one back.
    fn link(&mut self, from: usize, asset_id: &str, link: &Entry) -> Result<bool, FormatError> {
        let title = clean(&plain(&link.key));
        let Some(source) = self.model.elements.get(from) else { return Ok(false) };
        let (source_id, source_name) = (source.id.clone(), source.name.clone());
        let label = format!("link '{title}' of '{source_name}'");
        let fields = self.read.entries(Some(&link.value), &label)?;
        let target = self.read.text(&fields, "target", &label)?.unwrap_or_default();
        let protocol = self.read.text(&fields, "protocol", &label)?.unwrap_or_default();
        let authentication = self.read.text(&fields, "authentication", &label)?;
        let vpn = self.read.flag(&fields, "vpn", &label)?;
        let sent = self.read.list(&fields, "data_assets_sent", &label)?;
        let received = self.read.list(&fields, "data_assets_received", &label)?;

        let Some(to) = self.assets.get(&target).and_then(|&i| self.model.elements.get(i)).map(|e| e.id.clone()) else {
            let what = if target.is_empty() {
                "has no target".to_owned()
            } else {
                format!("points at \"{target}\", which is no technical asset")
            };
            self.notes.push(format!("The {label} {what}; it was left out (line {}).", link.line));
            return Ok(false);
        };
        if self.model.flows.len() + 2 > MAX_FLOWS {
            return Err(self.read.error(link.line, &link.key, format!("more than {MAX_FLOWS} flows")));
        }
        let encrypted = match mapping::protocol_encrypted(&protocol) {
            // A VPN encrypts whatever runs inside it.
            Tri::No | Tri::Unknown if vpn => Tri::Yes,
            said => said,
        };
        let authenticated = match authentication.as_deref() {
            None => Tri::Unknown,
            Some("none") => Tri::No,
            Some(_) => Tri::Yes,
        };
        let mut flow = Flow::new(FlowId::new(self.claim("", FlowId::PREFIX)), source_id, to, title.clone());
        flow.protocol = protocol;
        flow.encrypted = encrypted;
        flow.authenticated = authenticated;
        let (sent_classes, unknown_sent) = self.classes_of(&sent);
        let (received_classes, unknown_received) = self.classes_of(&received);
        for (unknown, verb) in [(unknown_sent, "sends"), (unknown_received, "receives")] {
            if !unknown.is_empty() {
                self.notes.push(format!(
                    "The {label} {verb} data assets that the file does not define: {}; they were left out.",
                    unknown.join(", ")
                ));
            }
        }
        flow.data = sent_classes;
        let back = (!received.is_empty()).then(|| {
            let mut back = flow.clone();
            std::mem::swap(&mut back.from, &mut back.to);
            back.label = format!("{title} (response)");
            back.data = received_classes;
            back
        });
        if !asset_id.is_empty() {
            let link_id = format!("{asset_id}>{}", link_slug(&link.key));
            self.links.entry(link_id).or_insert_with(|| flow.id.clone());
        }
        self.model.flows.push(flow);
        let made_back = back.is_some();
        if let Some(mut back) = back {
            back.id = FlowId::new(self.claim("", FlowId::PREFIX));
            self.model.flows.push(back);
        }
        Ok(made_back)
    }

    /// The element a Threagile asset id names.
    pub(super) fn element_id(&self, asset: &str) -> Option<ElementId> {
        self.assets.get(asset).and_then(|&i| self.model.elements.get(i)).map(|e| e.id.clone())
    }
}

/// A link's part of its Threagile id: the title in lower case, each run of other characters
/// than letters and digits as one hyphen, none at either end.
pub(super) fn link_slug(title: &str) -> String {
    let mut slug = String::with_capacity(title.len());
    for c in title.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') {
            slug.push('-');
        }
    }
    slug.trim_matches(['-', ' ']).to_owned()
}

#[cfg(test)]
mod tests {
    #[test]
    fn link_ids_are_threagiles() {
        assert_eq!(super::link_slug("Git-Repo Code Write Access"), "git-repo-code-write-access");
        assert_eq!(super::link_slug(" NFS Filesystem Access! "), "nfs-filesystem-access");
    }
}
