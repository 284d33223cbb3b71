//! The glossary: every jargon term the app shows, explained in plain words and searchable.
//! The terms are data (assets/glossary.ron).

use egui::{RichText, Ui};

use super::theme;
use crate::glossary::Glossary;

/// The glossary window's state while it is open.
#[derive(Debug)]
pub struct GlossarySearch {
    pub query: String,
    /// The search box takes the keyboard on the first frame, so F1 then typing searches.
    focus_pending: bool,
}

impl GlossarySearch {
    /// Opened at `query` (empty: every term).
    pub fn at(query: String) -> Self {
        Self { query, focus_pending: true }
    }
}

/// Shows the glossary window; returns false once closed.
pub fn glossary_window_ui(ctx: &egui::Context, search: &mut GlossarySearch) -> bool {
    let mut open = true;
    egui::Window::new("Glossary").open(&mut open).default_size([460.0, 560.0]).collapsible(false).show(ctx, |ui| {
        ui.horizontal(|ui| {
            let label = ui.label("Search glossary");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut search.query)
                        .hint_text("a word, e.g. IAM role")
                        .desired_width(240.0),
                )
                .labelled_by(label.id);
            if std::mem::take(&mut search.focus_pending) {
                field.request_focus();
            }
        });
        let terms = Glossary::builtin().search(&search.query);
        ui.label(theme::hint(crate::words::count(terms.len(), "term", "terms")));
        ui.separator();
        egui::ScrollArea::vertical().show(ui, |ui| {
            for term in terms {
                ui.label(RichText::new(&term.term).strong());
                if !term.aliases.is_empty() {
                    ui.label(theme::hint(format!("Also: {}", term.aliases.join(", "))));
                }
                ui.label(&term.explanation);
                if let Some(example) = &term.example {
                    ui.label(theme::hint(format!("For example: {example}")));
                }
                ui.add_space(8.0);
            }
        });
    });
    open
}

/// The jargon in `text`, as small words that explain themselves on hover (and open the
/// glossary at that term when clicked): the plain explanation is one hover away.
pub fn glossary_terms_ui(ui: &mut Ui, text: &str, requests: &mut Vec<super::Request>) {
    let terms = Glossary::builtin().terms_in(text);
    if terms.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.label(theme::hint("Words used:"));
        for term in terms {
            let word = egui::Label::new(RichText::new(&term.term).underline().size(12.5)).sense(egui::Sense::click());
            let response = ui.add(word);
            let name = format!("{} (glossary)", term.term);
            response.widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::Link, true, &name));
            if response.on_hover_text(&term.explanation).clicked() {
                requests.push(super::Request::OpenGlossary(term.term.clone()));
            }
        }
    });
}
