//! What is selected: view state shared by the canvas and the inspector, never in the model.

use std::collections::BTreeSet;

use crate::model::{ElementId, Target, ThreatModel};

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    targets: BTreeSet<Target>,
}

impl Selection {
    pub fn contains(&self, target: &Target) -> bool {
        self.targets.contains(target)
    }

    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    pub fn len(&self) -> usize {
        self.targets.len()
    }

    pub fn iter(&self) -> impl Iterator<Item = &Target> {
        self.targets.iter()
    }

    /// The one selected target, when exactly one is selected.
    pub fn single(&self) -> Option<&Target> {
        if self.targets.len() == 1 { self.targets.iter().next() } else { None }
    }

    pub fn elements(&self) -> Vec<ElementId> {
        self.targets
            .iter()
            .filter_map(|t| match t {
                Target::Element(id) => Some(id.clone()),
                _ => None,
            })
            .collect()
    }

    pub fn select_only(&mut self, target: Target) {
        self.targets.clear();
        self.targets.insert(target);
    }

    /// Shift-click: adds or removes one target.
    pub fn toggle(&mut self, target: Target) {
        if !self.targets.remove(&target) {
            self.targets.insert(target);
        }
    }

    pub fn set(&mut self, targets: impl IntoIterator<Item = Target>) {
        self.targets = targets.into_iter().collect();
    }

    pub fn clear(&mut self) {
        self.targets.clear();
    }

    /// Drops what no longer exists (after undo, delete or opening another file).
    pub fn retain_existing(&mut self, model: &ThreatModel) {
        self.targets.retain(|t| model.contains(t));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::templates::Template;

    #[test]
    fn toggle_select_only_and_cleanup() {
        let model = Template::sample().model().unwrap();
        let e1 = Target::Element(ElementId::new("e1"));
        let e2 = Target::Element(ElementId::new("e2"));
        let mut selection = Selection::default();
        selection.select_only(e1.clone());
        selection.toggle(e2.clone());
        assert_eq!(selection.len(), 2);
        selection.toggle(e1.clone());
        assert_eq!(selection.single(), Some(&e2));
        selection.set([e1.clone(), Target::Element(ElementId::new("gone"))]);
        selection.retain_existing(&model);
        assert_eq!(selection.single(), Some(&e1));
    }
}
