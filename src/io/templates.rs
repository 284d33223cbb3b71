//! Models to start from, shipped as ordinary model files in assets/templates/.

use std::path::Path;

use super::{LoadError, parse_model};
use crate::model::ThreatModel;

/// A bundled starting point.
#[derive(Clone, Copy, Debug)]
pub struct Template {
    /// Short name for the command line (`threatsketch new --template checkout`).
    pub id: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    source: &'static str,
}

/// All templates; the first is the sample that opens when no file is given.
pub const TEMPLATES: &[Template] = &[
    Template {
        id: "checkout",
        title: "Serverless checkout",
        summary: "Customer browser → API gateway → order function → orders database, with a confirmation email sent through a mail service.",
        source: include_str!("../../assets/templates/checkout.ron"),
    },
    Template {
        id: "contact-form",
        title: "Contact form to email",
        summary: "A static site on a CDN posts a contact form to a function that emails the team through a mail service.",
        source: include_str!("../../assets/templates/contact-form.ron"),
    },
    Template {
        id: "image-upload",
        title: "Image upload with a storage trigger",
        summary: "Signed-in users upload images to a bucket; the upload triggers a function that makes thumbnails.",
        source: include_str!("../../assets/templates/image-upload.ron"),
    },
    Template {
        id: "sign-up",
        title: "Sign-up with an identity provider",
        summary: "Visitors sign up on an identity provider's hosted pages; a trigger function stores their profile, and an API with an authorizer serves it.",
        source: include_str!("../../assets/templates/sign-up.ron"),
    },
    Template {
        id: "scheduled-report",
        title: "Scheduled report",
        summary: "A weekly timer starts a function that reads orders, saves a report to a bucket and emails the owner a signed link through a mail service.",
        source: include_str!("../../assets/templates/scheduled-report.ron"),
    },
    Template {
        id: "payment-webhook",
        title: "Payment-provider webhook",
        summary: "The payment provider calls a webhook; a function checks its signature and records the order, and a queue hands it to a function that emails the customer.",
        source: include_str!("../../assets/templates/payment-webhook.ron"),
    },
    Template {
        id: "blank",
        title: "Blank model",
        summary: "An empty canvas with an Internet and a cloud account boundary.",
        source: include_str!("../../assets/templates/blank.ron"),
    },
];

impl Template {
    pub fn find(id: &str) -> Option<&'static Self> {
        TEMPLATES.iter().find(|t| t.id == id)
    }

    /// The bundled sample (the seed's checkout).
    pub fn sample() -> &'static Self {
        &TEMPLATES[0]
    }

    /// A fresh copy of the template's model. Templates are checked by tests, so an error here
    /// means a broken build, reported rather than hidden.
    pub fn model(&self) -> Result<ThreatModel, LoadError> {
        parse_model(self.source, Path::new(&format!("template {}", self.id))).map(|loaded| loaded.model)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_loads_without_problems() {
        for template in TEMPLATES {
            let loaded =
                parse_model(template.source, Path::new(template.id)).unwrap_or_else(|e| panic!("{}: {e}", template.id));
            assert!(loaded.warnings.is_empty(), "{}: {:?}", template.id, loaded.warnings);
        }
    }

    #[test]
    fn templates_are_saved_in_canonical_form() {
        // So that `new --template` output equals the asset and the first save diffs nothing.
        for template in TEMPLATES {
            let model = template.model().unwrap();
            assert_eq!(crate::io::to_ron(&model).unwrap(), template.source, "{} is not canonical", template.id);
        }
    }

    #[test]
    fn ids_are_unique() {
        let mut ids: Vec<_> = TEMPLATES.iter().map(|t| t.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), TEMPLATES.len());
    }
}
