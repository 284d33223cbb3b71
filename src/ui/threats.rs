//! Threats as the user works with them: cards with the plain title, why it was suggested, the
//! question to ask, and the decisions (not applicable with a reason, reopen, edit, add own).

use std::collections::HashMap;

use egui::{Color32, RichText, TextEdit, Ui};

use super::{Request, theme};
use crate::edit::{Command, ThreatText};
use crate::model::{Level, MitigationFamily, Scale, Stride, Target, ThreatModel, ThreatStatus};
use crate::risk::RiskLevel;
use crate::scene::style;
use crate::threats::{Origin, Threat, mitigation_info, references, whom_label};

/// Text typed into a threat's decision that is not in the model yet. Each place that edits
/// decisions (the cards, the workshop bar) has its own, so two fields never share a draft.
#[derive(Clone, Debug, Default)]
pub struct DecisionDrafts {
    /// Threats waiting for the reason a status needs (not applicable, accepted), with the text
    /// so far.
    pending_reasons: HashMap<String, (ThreatStatus, String)>,
    /// Due dates being typed, kept while their field has the focus (they may not be whole
    /// dates yet); otherwise the field shows the model's date, so undo and another file show
    /// what is true.
    due_drafts: HashMap<String, String>,
}

/// View state of the threat cards: which are expanded, reasons being typed.
#[derive(Debug, Default)]
pub struct ThreatCardsState {
    drafts: DecisionDrafts,
    /// Keys of threats whose title and notes are being edited.
    editing: Option<String>,
    /// The "add your own threat" form: title and STRIDE category.
    own_draft: Option<(String, Stride)>,
    /// The form was opened from the keyboard: bring it into view and type into it.
    focus_own_form: bool,
}

impl ThreatCardsState {
    /// A threat of the user's own is being written: its form needs to be on screen.
    pub fn is_writing_own_threat(&self) -> bool {
        self.own_draft.is_some()
    }

    /// Opens the form for a threat of one's own on the selected element or flow.
    pub fn open_own_threat_form(&mut self) {
        if self.own_draft.is_none() {
            self.own_draft = Some((String::new(), Stride::Tampering));
        }
        self.focus_own_form = true;
    }
}

/// A coloured chip with the risk level's name (never colour alone).
pub fn risk_chip_ui(ui: &mut Ui, level: RiskLevel) {
    let (fill, text) = style::risk_colors(level);
    let rich = RichText::new(level.label()).size(11.5).color(color(text)).strong();
    egui::Frame::NONE.fill(color(fill)).corner_radius(4.0).inner_margin(egui::vec2(6.0, 1.0)).show(ui, |ui| {
        ui.label(rich);
    });
}

fn color(c: crate::scene::Color) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

/// The threats of one element or flow, grouped by STRIDE, with the form to add one's own.
pub fn target_threats_ui(
    ui: &mut Ui,
    model: &ThreatModel,
    target: &Target,
    threats: &[&Threat],
    state: &mut ThreatCardsState,
    requests: &mut Vec<Request>,
) {
    let open = threats.iter().filter(|t| t.status.is_open()).count();
    ui.label(theme::heading(&format!("What could go wrong ({open} open)")));
    if threats.is_empty() {
        ui.label(theme::hint("No threats suggested here. Add your own if you see one."));
    }
    for stride in Stride::ALL {
        let group: Vec<_> = threats.iter().filter(|t| t.stride == stride).collect();
        if group.is_empty() {
            continue;
        }
        ui.add_space(6.0);
        ui.label(RichText::new(stride.label()).strong()).on_hover_text(stride.plain());
        for threat in group {
            threat_card_ui(ui, threat, model.scale, state, requests);
        }
    }
    ui.add_space(6.0);
    own_threat_form_ui(ui, model, target, state, requests);
}

fn threat_card_ui(
    ui: &mut Ui,
    threat: &Threat,
    scale: Scale,
    state: &mut ThreatCardsState,
    requests: &mut Vec<Request>,
) {
    let closed = !threat.status.is_open();
    egui::Frame::group(ui.style()).inner_margin(8.0).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.horizontal_wrapped(|ui| {
            risk_chip_ui(ui, threat.risk);
            let title = RichText::new(threat.title()).strong();
            ui.label(if closed { title.strikethrough() } else { title });
        });
        if closed {
            let reason = threat.decision.as_ref().map(|d| d.reason.as_str()).unwrap_or_default();
            ui.label(theme::hint(format!("{}: {reason}", threat.status.label())));
        }
        let rule = threat.rule();
        if let Some(rule) = rule {
            ui.label(&rule.explanation);
            super::glossary_window::glossary_terms_ui(
                ui,
                &format!("{} {}", threat.title(), rule.explanation),
                requests,
            );
        }
        ui.label(theme::hint(format!("Why: {}", threat.why.join("; "))));
        // The question only while its answer is unknown: once answered, "Why" shows the answer.
        if let Some(rule) = rule.filter(|_| threat.open_question && !closed) {
            let whom = whom_label(rule.ask);
            ui.label(RichText::new(format!("Don't know? Ask {whom}: {}", rule.question)).italics());
        }
        if !closed {
            rating_ui(ui, threat, scale, requests);
        }
        egui::CollapsingHeader::new("Plan the fix").id_salt(("plan", &threat.key())).show(ui, |ui| {
            plan_ui(ui, threat, scale, state, requests);
        });
        if let Some(rule) = rule {
            ui.collapsing("Technical detail", |ui| {
                ui.label(&rule.detail);
                ui.label(theme::hint(format!(
                    "Likelihood {}, impact {} · {} · fix with {} · {}",
                    threat.likelihood.label(),
                    threat.impact.label(),
                    rule.category.label(),
                    rule.mitigation.label(),
                    rule.references.iter().map(|r| references::describe(r)).collect::<Vec<_>>().join("; ")
                )));
            });
        }
        actions_ui(ui, threat, state, requests);
    });
}

/// Likelihood and impact as two rows of Low / Medium / High; a click sets the user's own rating.
fn rating_ui(ui: &mut Ui, threat: &Threat, scale: Scale, requests: &mut Vec<Request>) {
    level_rows_ui(ui, threat, scale, false, requests);
    if threat.rated_by_user {
        ui.horizontal(|ui| {
            ui.label(theme::hint("Your rating"));
            if ui.small_button("Use the suggested rating").clicked() {
                requests.push(rate(threat, false, None, None));
            }
        });
    }
    rating_reasons_ui(ui, threat, scale);
}

fn rate(threat: &Threat, residual: bool, likelihood: Option<Level>, impact: Option<Level>) -> Request {
    Request::Edit(Command::SetThreatRating { key: threat.key(), residual, likelihood, impact })
}

/// The likelihood and impact rows, now or after mitigation; a click sets the user's own.
fn level_rows_ui(ui: &mut Ui, threat: &Threat, scale: Scale, residual: bool, requests: &mut Vec<Request>) {
    let decision = threat.decision.clone().unwrap_or_default();
    let (likelihood, impact) =
        if residual { (threat.residual.0, threat.residual.1) } else { (threat.likelihood, threat.impact) };
    let (own_likelihood, own_impact) = if residual {
        (decision.residual_likelihood, decision.residual_impact)
    } else {
        (decision.likelihood, decision.impact)
    };
    let when = if residual { " after mitigation" } else { "" };
    let side_by_side = ui.layout().is_horizontal();
    for (name, current, is_likelihood) in [("Likelihood", likelihood, true), ("Impact", impact, false)] {
        let mut row = |ui: &mut Ui| {
            ui.label(theme::hint(name));
            for &level in scale.levels() {
                let label = format!("{name}{when} {}", level.label());
                let response = ui.selectable_label(current == level, level.label());
                response.widget_info(|| {
                    egui::WidgetInfo::selected(egui::WidgetType::SelectableLabel, true, current == level, &label)
                });
                if response.clicked() && current != level {
                    // The other half keeps following the suggestion unless the user set it too.
                    requests.push(if is_likelihood {
                        rate(threat, residual, Some(level), own_impact)
                    } else {
                        rate(threat, residual, own_likelihood, Some(level))
                    });
                }
            }
        };
        if side_by_side {
            // On one wrapping line (the workshop bar): a divider between the two halves.
            if !is_likelihood {
                ui.separator();
            }
            row(ui);
        } else {
            ui.horizontal(row);
        }
    }
}

/// The rating once the plan is carried out: what the plan suggests and why, overridable.
/// `in_one_line` puts it all on one line (the workshop bar, where height is scarce).
pub(super) fn after_mitigation_ui(
    ui: &mut Ui,
    threat: &Threat,
    scale: Scale,
    in_one_line: bool,
    requests: &mut Vec<Request>,
) {
    let (_, _, risk) = threat.residual;
    let heading = |ui: &mut Ui| {
        ui.label(RichText::new("After mitigation").strong());
        risk_chip_ui(ui, risk);
    };
    if in_one_line {
        ui.horizontal_wrapped(|ui| {
            heading(ui);
            level_rows_ui(ui, threat, scale, true, requests);
        });
    } else {
        ui.horizontal(heading);
        level_rows_ui(ui, threat, scale, true, requests);
    }
    let decision = threat.decision.as_deref();
    let own = decision.is_some_and(|d| d.residual_likelihood.is_some() || d.residual_impact.is_some());
    if own {
        ui.horizontal(|ui| {
            ui.label(theme::hint("Your rating after mitigation"));
            if ui.small_button("Use what the plan suggests").clicked() {
                requests.push(rate(threat, true, None, None));
            }
        });
    } else if let Some(effect) = &threat.plan_effect {
        ui.label(theme::hint(format!("Suggested from the plan: {}", effect.describe())));
    } else if let Some(rule) = threat.rule() {
        ui.label(theme::hint(format!(
            "Choosing {} (what fixes this) lowers the likelihood one level; or rate it yourself.",
            rule.mitigation.label().to_lowercase()
        )));
    } else {
        ui.label(theme::hint("Choosing what you will do lowers the likelihood one level; or rate it yourself."));
    }
}

/// Where the suggested rating comes from: the rule's defaults and why, then each stated fact
/// that moved it one level.
fn rating_reasons_ui(ui: &mut Ui, threat: &Threat, scale: Scale) {
    let Some(rule) = threat.rule() else { return };
    egui::CollapsingHeader::new("Why this rating").id_salt(("rating-why", threat.key())).show(ui, |ui| {
        for (axis, level, because) in
            [("Likelihood", rule.likelihood, &rule.likelihood_because), ("Impact", rule.impact, &rule.impact_because)]
        {
            let level = scale.fit(level).label();
            let text = if because.is_empty() {
                format!("{axis} starts at {level}.")
            } else {
                format!("{axis} starts at {level}: {because}")
            };
            ui.label(theme::hint(text));
        }
        for factor in &threat.factors {
            ui.label(theme::hint(factor.describe()));
        }
        if threat.rated_by_user {
            ui.label(theme::hint("Your own rating replaces the suggestion."));
        }
    });
}

/// Status, owner, due date, the chosen mitigation families of one threat and its rating
/// after mitigation.
fn plan_ui(ui: &mut Ui, threat: &Threat, scale: Scale, state: &mut ThreatCardsState, requests: &mut Vec<Request>) {
    let key = threat.key();
    let decision = threat.decision.clone().unwrap_or_default();
    status_ui(ui, threat, &mut state.drafts, requests);
    text_ui(ui, "Owner", &decision.owner, &key, ThreatText::Owner, requests);
    due_date_ui(ui, threat, &mut state.drafts, requests);
    ui.label(RichText::new("How to fix it").strong());
    for step in threat.rule().map_or(&[][..], |r| r.suggestions.as_slice()) {
        ui.label(format!("• {step}"));
    }
    let suggested = threat.rule().map(|r| r.mitigation);
    for family in MitigationFamily::ALL {
        let mut chosen = decision.mitigations.contains(&family);
        let mut text = family.label().to_owned();
        if Some(family) == suggested {
            text.push_str(" (suggested)");
        }
        let info = mitigation_info(family);
        let response = ui.checkbox(&mut chosen, text);
        let response = match info {
            Some(info) => response.on_hover_text(&info.explanation),
            None => response,
        };
        if response.changed() {
            requests.push(Request::Edit(Command::SetThreatMitigation { key: key.clone(), family, chosen }));
        }
        if chosen && let Some(info) = info {
            ui.label(RichText::new(format!("Ask {}: {}", whom_label(info.ask), info.question)).italics());
        }
    }
    if threat.status.remains_after_mitigation() {
        after_mitigation_ui(ui, threat, scale, false, requests);
    }
}

/// Where a threat stands, as a choice; a status that needs a reason asks for it first
/// (`reason_prompt_ui`).
pub(super) fn status_ui(ui: &mut Ui, threat: &Threat, drafts: &mut DecisionDrafts, requests: &mut Vec<Request>) {
    let key = threat.key();
    ui.horizontal(|ui| {
        let label = ui.label("Status");
        let combo = egui::ComboBox::from_id_salt(("status", &key)).selected_text(threat.status.label());
        let response = combo.show_ui(ui, |ui| {
            for status in ThreatStatus::ALL {
                if ui.selectable_label(status == threat.status, status.label()).clicked() && status != threat.status {
                    if status.needs_reason() {
                        drafts.pending_reasons.insert(key.clone(), (status, String::new()));
                    } else {
                        requests.push(Request::Edit(Command::SetThreatStatus {
                            key: key.clone(),
                            status,
                            reason: String::new(),
                        }));
                    }
                }
            }
        });
        response.response.labelled_by(label.id);
    });
}

/// The due date field: a draft is kept while it is typed (it may not be a whole date yet);
/// otherwise it shows the model's date, so undo and another file show what is true.
pub(super) fn due_date_ui(ui: &mut Ui, threat: &Threat, drafts: &mut DecisionDrafts, requests: &mut Vec<Request>) {
    let key = threat.key();
    let stored = threat.decision.as_ref().map(|d| d.due.as_str()).unwrap_or_default();
    let mut draft = drafts.due_drafts.remove(&key).unwrap_or_else(|| stored.to_owned());
    let label = ui.label("Due date");
    let response =
        ui.add(TextEdit::singleline(&mut draft).hint_text("2026-12-31").desired_width(120.0)).labelled_by(label.id);
    let whole = draft.is_empty() || crate::model::is_iso_date(&draft);
    if response.changed() && whole && draft != stored {
        requests.push(Request::Edit(Command::SetThreatText {
            key: key.clone(),
            field: ThreatText::Due,
            text: draft.clone(),
        }));
    }
    if !whole {
        ui.label(theme::hint("Write it as year-month-day, like 2026-12-31"));
    }
    if response.lost_focus() {
        requests.push(Request::EndTyping);
    }
    if response.has_focus() {
        drafts.due_drafts.insert(key, draft);
    }
}

/// A labelled one-line text field of a threat's decision.
fn text_ui(ui: &mut Ui, label: &str, current: &str, key: &str, field: ThreatText, requests: &mut Vec<Request>) {
    let label_response = ui.label(label);
    let mut text = current.to_owned();
    let response = ui.add(TextEdit::singleline(&mut text).desired_width(f32::INFINITY)).labelled_by(label_response.id);
    if response.changed() && text != current {
        requests.push(Request::Edit(Command::SetThreatText { key: key.to_owned(), field, text }));
    }
    if response.lost_focus() {
        requests.push(Request::EndTyping);
    }
}

fn actions_ui(ui: &mut Ui, threat: &Threat, state: &mut ThreatCardsState, requests: &mut Vec<Request>) {
    let key = &threat.key();
    if reason_prompt_ui(ui, threat, &mut state.drafts, requests) {
        return;
    }
    if state.editing.as_deref() == Some(key.as_str()) {
        edit_ui(ui, threat, state, requests);
        return;
    }
    ui.horizontal(|ui| {
        if threat.status.is_open() {
            if ui.small_button("Not applicable…").clicked() {
                state.drafts.pending_reasons.insert(key.clone(), (ThreatStatus::NotApplicable, String::new()));
            }
        } else if ui.small_button("Reopen").clicked() {
            requests.push(Request::Edit(Command::SetThreatStatus {
                key: key.clone(),
                status: ThreatStatus::Open,
                reason: String::new(),
            }));
        }
        if ui.small_button("Edit").clicked() {
            state.editing = Some(key.clone());
        }
        if let Origin::Own(own) = &threat.origin
            && ui.small_button("Delete").clicked()
        {
            requests.push(Request::Edit(Command::DeleteOwnThreat { id: own.id.clone() }));
        }
    });
}

/// Asks why, when a status that needs a reason was picked and is waiting for it; true while
/// it is shown.
pub(super) fn reason_prompt_ui(
    ui: &mut Ui,
    threat: &Threat,
    drafts: &mut DecisionDrafts,
    requests: &mut Vec<Request>,
) -> bool {
    let key = threat.key();
    let Some((status, reason)) = drafts.pending_reasons.get_mut(&key) else { return false };
    let question =
        if *status == ThreatStatus::Accepted { "Why is this risk acceptable?" } else { "Why does it not apply?" };
    let label = ui.label(question);
    ui.add(TextEdit::singleline(reason).desired_width(f32::INFINITY)).labelled_by(label.id);
    let mut close = false;
    ui.horizontal(|ui| {
        let confirm = ui.add_enabled(
            !reason.trim().is_empty(),
            egui::Button::new(format!("Mark {}", status.label().to_lowercase())),
        );
        if confirm.clicked() {
            requests.push(Request::Edit(Command::SetThreatStatus {
                key: key.clone(),
                status: *status,
                reason: reason.trim().to_owned(),
            }));
            close = true;
        }
        if ui.button("Cancel").clicked() {
            close = true;
        }
    });
    if close {
        drafts.pending_reasons.remove(&key);
    }
    true
}

fn edit_ui(ui: &mut Ui, threat: &Threat, state: &mut ThreatCardsState, requests: &mut Vec<Request>) {
    let decision = threat.decision.clone().unwrap_or_default();
    for (field, label, current) in
        [(ThreatText::Title, "Title", threat.title().to_owned()), (ThreatText::Notes, "Notes", decision.notes.clone())]
    {
        let label_response = ui.label(label);
        let mut text = current.clone();
        let edit = if field == ThreatText::Notes {
            TextEdit::multiline(&mut text).desired_rows(2)
        } else {
            TextEdit::singleline(&mut text)
        };
        let response = ui.add(edit.desired_width(f32::INFINITY)).labelled_by(label_response.id);
        if response.changed() && text != current {
            requests.push(Request::Edit(Command::SetThreatText { key: threat.key(), field, text }));
        }
        if response.lost_focus() {
            requests.push(Request::EndTyping);
        }
    }
    if ui.button("Done").clicked() {
        state.editing = None;
        requests.push(Request::EndTyping);
    }
}

fn own_threat_form_ui(
    ui: &mut Ui,
    model: &ThreatModel,
    target: &Target,
    state: &mut ThreatCardsState,
    requests: &mut Vec<Request>,
) {
    let Some((title, stride)) = &mut state.own_draft else {
        if ui.button("＋ Add a threat of your own").clicked() {
            state.own_draft = Some((String::new(), Stride::Tampering));
        }
        return;
    };
    let label = ui.label("What could go wrong?");
    let field = ui.add(TextEdit::singleline(title).desired_width(f32::INFINITY)).labelled_by(label.id);
    if std::mem::take(&mut state.focus_own_form) {
        field.request_focus();
        field.scroll_to_me(Some(egui::Align::Center));
    }
    let entered = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
    egui::ComboBox::from_label("Kind of threat").selected_text(stride.label()).show_ui(ui, |ui| {
        for option in Stride::ALL {
            ui.selectable_value(stride, option, option.label());
        }
    });
    let mut close = false;
    ui.horizontal(|ui| {
        let add = ui.add_enabled(!title.trim().is_empty(), egui::Button::new("Add threat")).clicked();
        if (add || entered) && !title.trim().is_empty() {
            let threat = model.new_own_threat(target, title, *stride);
            requests.push(Request::Edit(Command::AddOwnThreat { threat }));
            close = true;
        }
        if ui.button("Cancel").clicked() {
            close = true;
        }
    });
    if close {
        state.own_draft = None;
    }
}
