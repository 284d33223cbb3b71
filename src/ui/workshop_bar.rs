//! The guided workshop: a step bar (1 Understand … 5 Document) and, for the step the room is
//! on, what to look at now and the keys to decide with. The walks themselves are pure
//! (`crate::workshop`); this only shows them and sends requests.

use egui::{RichText, Ui};

use super::Request;
use super::actions::Action;
use super::theme;
use super::threat_panel::ThreatLists;
use super::threats::{DecisionDrafts, after_mitigation_ui, due_date_ui, reason_prompt_ui, risk_chip_ui, status_ui};
use crate::edit::{Command, ThreatText};
use crate::model::{Level, MitigationFamily, ThreatModel, ThreatStatus, Workshop, WorkshopStep};
use crate::threats::{Origin, Threat, prompts_for, whom_label};
use crate::workshop::{at_step, focus_target, moved, position, suggestions_on, walk};

/// Width, in points, from which the rating after mitigation fits on one line.
const ONE_LINE_WIDTH: f32 = 700.0;

/// View state of the guide within the focused item. How far Identify has got is not here: it is
/// in the model (kept or ruled out), so a reopened workshop resumes where it stopped.
#[derive(Clone, Debug, Default)]
pub struct GuideView {
    /// Identify: why the shown suggestion does not apply, as typed.
    pub reason: String,
    /// Assess: the likelihood picked, waiting for the impact.
    pub likelihood: Option<Level>,
    /// Mitigate: a reason being typed for a status, a due date being typed.
    drafts: DecisionDrafts,
    /// The focus these belong to; a new focus starts afresh.
    focus: String,
    /// The current step's walk, worked out once per change rather than every frame.
    walk: Option<(u64, WorkshopStep, Vec<String>)>,
    /// A key of the workshop pressed this frame (the action table dispatches it here).
    pressed: Option<GuideKey>,
}

/// The workshop's keys that act on what the guide shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GuideKey {
    /// Identify: keep the suggestion shown.
    Keep,
    /// Identify: type why the suggestion does not apply.
    RuleOut,
    /// Assess and Mitigate: the choice with this index.
    Choice(usize),
}

impl GuideView {
    pub fn press(&mut self, key: GuideKey) {
        self.pressed = Some(key);
    }
}

/// The row of steps with Back, Next and Leave: one line above the diagram (wrapping only on a
/// screen too narrow for it).
pub fn workshop_steps_ui(ui: &mut Ui, model: &ThreatModel, lists: &ThreatLists<'_>, requests: &mut Vec<Request>) {
    let items_of = |step: WorkshopStep| walk(step, model, lists.analysis, lists.priority);
    let current = model.workshop.as_ref();
    ui.horizontal_wrapped(|ui| {
        ui.label(theme::heading("Workshop"));
        for step in WorkshopStep::ALL {
            let selected = current.is_some_and(|w| w.step == step);
            let text = format!("{} {}", step.number(), step.label());
            let text = if selected { RichText::new(text).strong() } else { RichText::new(text) };
            if ui.selectable_label(selected, text).on_hover_text(step.question()).clicked() {
                requests.push(Request::Workshop(Some(at_step(step, &items_of(step), true))));
            }
            if step != WorkshopStep::Document {
                ui.label(theme::hint("›"));
            }
        }
        if current.is_none() {
            ui.label(theme::hint("Pick a step, or press Page Down, to be guided through it"));
            return;
        }
        ui.separator();
        if ui.button("◀ Back").on_hover_text("Page Up").clicked() {
            requests.push(Request::Action(Action::WorkshopBack));
        }
        if ui.button("Next ▶").on_hover_text("Page Down").clicked() {
            requests.push(Request::Action(Action::WorkshopNext));
        }
        if ui.button("Leave the guide").clicked() {
            requests.push(Request::Workshop(None));
        }
    });
}

/// What the step the room is on asks, and what to look at and decide now. Nothing without a
/// workshop.
pub fn workshop_guide_ui(
    ui: &mut Ui,
    model: &ThreatModel,
    lists: &ThreatLists<'_>,
    view: &mut GuideView,
    requests: &mut Vec<Request>,
) {
    let items_of = |step: WorkshopStep| walk(step, model, lists.analysis, lists.priority);
    let current = model.workshop.as_ref();
    let pressed = view.pressed.take();
    if current.map(|w| w.focus.as_str()) != Some(view.focus.as_str()) {
        let walk = view.walk.take();
        *view = GuideView { focus: current.map(|w| w.focus.clone()).unwrap_or_default(), walk, ..GuideView::default() };
    }
    let Some(workshop) = current else { return };
    ui.label(RichText::new(workshop.step.question()).size(14.0));
    let fresh = |w: &(u64, WorkshopStep, Vec<String>)| w.0 == lists.stamp && w.1 == workshop.step;
    if !view.walk.as_ref().is_some_and(fresh) {
        view.walk = Some((lists.stamp, workshop.step, items_of(workshop.step)));
    }
    let (at, count) = view.walk.as_ref().map_or((None, 0), |w| (position(&w.2, &workshop.focus), w.2.len()));
    let progress = |noun: &str| at.map(|i| format!("{noun} {} of {count}", i + 1)).unwrap_or_default();
    // A focus that is not in the walk (a settled threat, a hand-edited file) shows what is
    // first now, as Page Down would.
    let in_walk = at.and_then(|i| view.walk.as_ref()?.2.get(i)).filter(|item| **item != workshop.focus);
    let shown = in_walk.map(|item| Workshop { step: workshop.step, focus: item.clone() });
    let workshop = shown.as_ref().unwrap_or(workshop);
    match workshop.step {
        WorkshopStep::Understand => {
            ui.label(theme::hint(
                "Add parts from the palette (or Ctrl+K), connect them with the + handle (or Ctrl+arrow), and frame \
                 them in trust boundaries. Press Page Down when the drawing shows the whole app.",
            ));
        }
        WorkshopStep::Identify => {
            identify_ui(ui, &Here { model, lists, workshop, progress: progress("Part"), pressed }, view, requests);
        }
        WorkshopStep::Assess => {
            assess_ui(ui, &Here { model, lists, workshop, progress: progress("Threat"), pressed }, view, requests);
        }
        WorkshopStep::Mitigate => {
            mitigate_ui(
                ui,
                &Here { model, lists, workshop, progress: progress("Risk"), pressed },
                &mut view.drafts,
                requests,
            );
        }
        WorkshopStep::Document => {
            ui.horizontal_wrapped(|ui| {
                for action in [
                    super::actions::Action::ExportReport,
                    super::actions::Action::ExportImage,
                    super::actions::Action::Questions,
                ] {
                    if ui.button(action.label()).clicked() {
                        requests.push(Request::Action(action));
                    }
                }
                if ui.button("Log a review…").clicked() {
                    requests.push(Request::LogReview);
                }
            });
        }
    }
}

fn threat_by_key<'a>(lists: &'a ThreatLists<'_>, key: &str) -> Option<&'a Threat> {
    lists.analysis.threats.iter().find(|t| t.has_key(key))
}

/// Where the workshop stands this frame, for the step views.
struct Here<'a> {
    model: &'a ThreatModel,
    lists: &'a ThreatLists<'a>,
    workshop: &'a Workshop,
    /// "Part 2 of 11".
    progress: String,
    /// The workshop key pressed this frame, if any.
    pressed: Option<GuideKey>,
}

fn identify_ui(ui: &mut Ui, here: &Here<'_>, view: &mut GuideView, requests: &mut Vec<Request>) {
    let Here { model, lists, workshop, ref progress, pressed } = *here;
    let Some(target) = focus_target(model, &workshop.focus) else {
        ui.label(theme::hint("Nothing drawn yet: go back to step 1."));
        return;
    };
    let threats = suggestions_on(lists.analysis, &target);
    let name = lists.names.get(&target);
    ui.label(RichText::new(format!("{progress}: {name}")).strong());
    if let crate::model::Target::Element(id) = &target
        && let Some(prompts) = model.element(id).and_then(|e| prompts_for(&e.kind))
    {
        for prompt in prompts.iter().take(2) {
            ui.label(theme::hint(format!("Think like an attacker: {prompt}")));
        }
    }
    // The first suggestion the room has not dealt with yet: kept or ruled out ones are done.
    let seen = |t: &Threat| t.status != ThreatStatus::Open || t.decision.as_ref().is_some_and(|d| d.kept);
    let Some(shown) = threats.iter().position(|t| !seen(t)) else {
        ui.label(theme::hint(format!(
            "{} seen. O adds one of your own; Page Down goes to the next part.",
            match threats.len() {
                0 => "No suggestions here, all".to_owned(),
                1 => "The one suggestion".to_owned(),
                n => format!("All {n} suggestions"),
            }
        )));
        return;
    };
    let threat = threats[shown];
    let done = threats.iter().filter(|t| seen(t)).count();
    ui.horizontal_wrapped(|ui| {
        risk_chip_ui(ui, threat.risk);
        ui.label(RichText::new(format!("Suggestion {} of {}: {}", done + 1, threats.len(), threat.title())).strong());
    });
    if let Origin::Rule(rule) = &threat.origin {
        ui.label(&rule.explanation);
        super::glossary_window::glossary_terms_ui(ui, &format!("{} {}", threat.title(), rule.explanation), requests);
    }
    if !threat.why.is_empty() {
        let why: Vec<&str> = threat.why.iter().map(AsRef::as_ref).collect();
        ui.label(theme::hint(format!("Why: {}", why.join("; "))));
    }
    let key = threat.key();
    let mut keep = false;
    let mut rule_out = false;
    ui.horizontal_wrapped(|ui| {
        keep = ui.button("Keep it (Space)").on_hover_text("It could happen here: keep it open").clicked();
        let label = ui.label("Not applicable, because");
        let field =
            ui.add(egui::TextEdit::singleline(&mut view.reason).hint_text("say why, then Enter").desired_width(260.0));
        let field = field.labelled_by(label.id);
        if pressed == Some(GuideKey::RuleOut) {
            field.request_focus();
        }
        rule_out = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        rule_out |= ui.add_enabled(!view.reason.trim().is_empty(), egui::Button::new("Rule out")).clicked();
    });
    keep |= pressed == Some(GuideKey::Keep);
    if keep {
        requests.push(Request::Edit(Command::SetThreatKept { key, kept: true }));
    } else if rule_out && !view.reason.trim().is_empty() {
        let reason = std::mem::take(&mut view.reason).trim().to_owned();
        requests.push(Request::Edit(Command::SetThreatStatus { key, status: ThreatStatus::NotApplicable, reason }));
        requests.push(Request::EndTyping);
    }
}

fn assess_ui(ui: &mut Ui, here: &Here<'_>, view: &mut GuideView, requests: &mut Vec<Request>) {
    let Here { model, lists, workshop, ref progress, pressed } = *here;
    let Some(threat) = threat_by_key(lists, &workshop.focus) else {
        ui.label(theme::hint("No open threats to rate."));
        return;
    };
    ui.horizontal_wrapped(|ui| {
        risk_chip_ui(ui, threat.risk);
        ui.label(
            RichText::new(format!("{progress}: {} — on {}", threat.title(), lists.names.get(&threat.target))).strong(),
        );
    });
    let levels = model.scale.levels();
    let asking_impact = view.likelihood.is_some();
    let (question, current) = if asking_impact {
        ("How bad would it be? Impact", threat.impact)
    } else {
        ("How likely is it? Likelihood", threat.likelihood)
    };
    let mut picked = None;
    ui.label(RichText::new(question).strong());
    ui.horizontal_wrapped(|ui| {
        for (i, level) in levels.iter().enumerate() {
            let text = format!("{} {}", i + 1, level.label());
            if ui.selectable_label(*level == current, text).clicked() {
                picked = Some(*level);
            }
        }
    });
    let (likelihood, impact, _) = threat.suggested;
    ui.label(theme::hint(if threat.rated_by_user {
        format!(
            "Rated by you; suggested was likelihood {}, impact {}. Page Down keeps your rating and moves on.",
            likelihood.label(),
            impact.label()
        )
    } else {
        format!(
            "Suggested: likelihood {}, impact {}. Press a number to change it; Page Down keeps it and moves on.",
            likelihood.label(),
            impact.label()
        )
    }));
    if let Some(GuideKey::Choice(i)) = pressed {
        picked = picked.or_else(|| levels.get(i).copied());
    }
    let Some(level) = picked else { return };
    match view.likelihood.take() {
        None => view.likelihood = Some(level),
        Some(likelihood) => {
            let key = threat.key();
            requests.push(Request::Edit(Command::SetThreatRating {
                key,
                residual: false,
                likelihood: Some(likelihood),
                impact: Some(level),
            }));
            // Rated: on to the next threat; the matrix below shows the new cell at once.
            let items = |step: WorkshopStep| walk(step, model, lists.analysis, lists.priority);
            requests.push(Request::Workshop(Some(moved(workshop, items, true))));
        }
    }
}

fn mitigate_ui(ui: &mut Ui, here: &Here<'_>, drafts: &mut DecisionDrafts, requests: &mut Vec<Request>) {
    let Here { model, lists, workshop, ref progress, pressed } = *here;
    let Some(threat) = threat_by_key(lists, &workshop.focus) else {
        ui.label(theme::hint("No open risks left: go on to Document."));
        return;
    };
    let key = threat.key();
    ui.horizontal_wrapped(|ui| {
        risk_chip_ui(ui, threat.risk);
        ui.label(
            RichText::new(format!("{progress}: {} — on {}", threat.title(), lists.names.get(&threat.target))).strong(),
        );
    });
    let decision = model.decisions.get(&key);
    let chosen = |family: MitigationFamily| decision.is_some_and(|d| d.mitigations.contains(&family));
    let fixes = threat.rule().map(|r| r.mitigation);
    let mut toggled = None;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new("What we will do:").strong());
        for (i, family) in MitigationFamily::ALL.into_iter().enumerate() {
            let mut on = chosen(family);
            let suggested = if Some(family) == fixes { " (suggested)" } else { "" };
            if ui.checkbox(&mut on, format!("{} {}{suggested}", i + 1, family.label())).changed() {
                toggled = Some(family);
            }
        }
    });
    if let Some(GuideKey::Choice(i)) = pressed {
        toggled = toggled.or_else(|| MitigationFamily::ALL.get(i).copied());
    }
    if let Some(family) = toggled {
        requests.push(Request::Edit(Command::SetThreatMitigation {
            key: key.clone(),
            family,
            chosen: !chosen(family),
        }));
    }
    // As on the threat cards: the question only while its answer is unknown.
    if let Origin::Rule(rule) = &threat.origin
        && threat.open_question
    {
        ui.label(theme::hint(format!("Ask {}: {}", whom_label(rule.ask), rule.question)));
    }
    ui.horizontal_wrapped(|ui| {
        let label = ui.label("Owner");
        let mut owner = decision.map(|d| d.owner.clone()).unwrap_or_default();
        let field = ui.add(egui::TextEdit::singleline(&mut owner).hint_text("who is on it").desired_width(180.0));
        let field = field.labelled_by(label.id);
        if field.changed() {
            requests.push(Request::Edit(Command::SetThreatText {
                key: key.clone(),
                field: ThreatText::Owner,
                text: owner,
            }));
        }
        if field.lost_focus() {
            requests.push(Request::EndTyping);
        }
        due_date_ui(ui, threat, drafts, requests);
        status_ui(ui, threat, drafts, requests);
    });
    if reason_prompt_ui(ui, threat, drafts, requests) {
        return;
    }
    if threat.status.remains_after_mitigation() {
        // On one line where there is room for it (the bar above the diagram), else stacked.
        let in_one_line = ui.available_width() > ONE_LINE_WIDTH;
        after_mitigation_ui(ui, threat, model.scale, in_one_line, requests);
    }
}
