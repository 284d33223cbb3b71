//! Review regularly: the overdue banner and the dialog that logs a review.

use egui::{Color32, Id, Modal, RichText, TextEdit, Ui};

use super::{Request, theme};
use crate::edit::Command;
use crate::model::{REVIEW_INTERVAL_DAYS, Review, ReviewEntry, ReviewedState, add_days, is_iso_date};

/// A review being written down.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReviewDraft {
    pub who: String,
    pub summary: String,
    pub next: String,
}

impl ReviewDraft {
    /// A new draft dated `today`, planning the next review a quarter later.
    pub fn starting(today: &str) -> Self {
        Self { next: add_days(today, REVIEW_INTERVAL_DAYS).unwrap_or_default(), ..Self::default() }
    }
}

/// The banner shown while the planned review is overdue; true when "Log a review" was clicked.
pub fn overdue_banner_ui(ui: &mut Ui, review: &Review) -> bool {
    let mut log = false;
    egui::Frame::NONE.fill(Color32::from_rgb(0xFF, 0xF1, 0xC7)).inner_margin(egui::vec2(10.0, 6.0)).show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new("Review overdue").strong().color(Color32::from_rgb(0x7A, 0x4B, 0x00)));
            ui.label(format!(
                "The review planned for {} has not happened yet. Go over the threats with your team, then log it.",
                review.next
            ));
            log = ui.button("Log a review…").clicked();
        });
    });
    log
}

/// The dialog; returns false once it is closed. `reviewed` records the state the review saw,
/// when it is logged.
pub fn log_review_ui(
    ctx: &egui::Context,
    draft: &mut ReviewDraft,
    today: &str,
    reviewed: impl FnOnce(&str) -> ReviewedState,
    requests: &mut Vec<Request>,
) -> bool {
    let mut open = true;
    let modal = Modal::new(Id::new("log-review")).show(ctx, |ui| {
        ui.set_width(460.0);
        ui.label(theme::heading(&format!("Log the review of {today}")));
        let who = ui.label("Who took part");
        ui.add(TextEdit::singleline(&mut draft.who).desired_width(f32::INFINITY)).labelled_by(who.id);
        let summary = ui.label("What was found or decided");
        ui.add(TextEdit::multiline(&mut draft.summary).desired_rows(3).desired_width(f32::INFINITY))
            .labelled_by(summary.id);
        let next = ui.label("Next review");
        ui.add(TextEdit::singleline(&mut draft.next).desired_width(120.0)).labelled_by(next.id);
        let next_ok = is_iso_date(&draft.next);
        if !next_ok {
            ui.label(theme::hint("Write it as year-month-day, like 2027-03-01"));
        }
        ui.horizontal(|ui| {
            let ready = next_ok && !draft.who.trim().is_empty() && !draft.summary.trim().is_empty();
            if ui.add_enabled(ready, egui::Button::new("Log review")).clicked() {
                let entry = ReviewEntry {
                    date: today.to_owned(),
                    who: draft.who.trim().to_owned(),
                    summary: draft.summary.trim().to_owned(),
                };
                let reviewed = Box::new(reviewed(today));
                requests.push(Request::Edit(Command::LogReview { entry, next: draft.next.clone(), reviewed }));
                open = false;
            }
            if ui.button("Cancel").clicked() {
                open = false;
            }
        });
    });
    if modal.should_close() {
        open = false;
    }
    open
}

/// The review part of the model's inspector: the next date and the log.
pub fn review_section_ui(ui: &mut Ui, review: &Review, next_draft: &mut String, requests: &mut Vec<Request>) {
    ui.label(theme::heading("Review"));
    let label = ui.label("Next review");
    let response =
        ui.add(TextEdit::singleline(next_draft).hint_text("YYYY-MM-DD").desired_width(120.0)).labelled_by(label.id);
    let whole = next_draft.is_empty() || is_iso_date(next_draft);
    if response.changed() && whole && *next_draft != review.next {
        requests.push(Request::Edit(Command::SetNextReview { date: next_draft.clone() }));
    }
    if !whole {
        ui.label(theme::hint("Write it as year-month-day, like 2027-03-01"));
    }
    if response.lost_focus() {
        requests.push(Request::EndTyping);
        if !whole {
            *next_draft = review.next.clone();
        }
    }
    if ui.button("Log a review…").clicked() {
        requests.push(Request::LogReview);
    }
    for entry in review.log.iter().rev() {
        ui.label(RichText::new(format!("{} · {}", entry.date, entry.who)).strong());
        ui.label(theme::hint(&entry.summary));
    }
}
