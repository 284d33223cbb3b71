//! The questions of an element or a flow in the inspector: the ones that matter most for its
//! kind first, the rest folded, each with one line of help and the control its answer needs.

use egui::{ComboBox, TextEdit, Ui};

use super::widgets::tri_ui;
use super::{Request, theme};
use crate::edit::Command;
use crate::model::{Answer, Answers, ElementSource, KindCatalog, NumberSpec, PropertyDef, Target, ValueType};

/// The questions of one target, main ones open, `more` folded under a header that says how
/// many are answered.
pub fn facts_ui(
    ui: &mut Ui,
    target: &Target,
    (answers, source): (&Answers, Option<&ElementSource>),
    (main, more): (&[String], &[String]),
    requests: &mut Vec<Request>,
) {
    let catalog = KindCatalog::builtin();
    // A follow-up question shows once the answer it follows is given.
    let asked = |ids: &[String]| -> Vec<&PropertyDef> {
        ids.iter().filter_map(|p| catalog.property(p)).filter(|p| p.is_asked(answers)).collect()
    };
    for property in asked(main) {
        question_ui(ui, target, property, (answers.get(&property.id), source), requests);
    }
    let more = asked(more);
    if more.is_empty() {
        return;
    }
    let answered = more.iter().filter(|p| answers.contains_key(&p.id)).count();
    let title = format!("More questions ({answered} of {} answered)", more.len());
    let id = ui.make_persistent_id(("more-questions", target));
    egui::CollapsingHeader::new(title).id_salt(id).show(ui, |ui| {
        for property in more {
            question_ui(ui, target, property, (answers.get(&property.id), source), requests);
        }
    });
}

fn question_ui(
    ui: &mut Ui,
    target: &Target,
    property: &PropertyDef,
    (answer, source): (Option<&Answer>, Option<&ElementSource>),
    requests: &mut Vec<Request>,
) {
    ui.add_space(4.0);
    let label = ui.label(&property.label);
    ui.label(theme::hint(&property.help));
    if let Some(note) = source.and_then(|s| provenance(s, property, answer)) {
        ui.label(theme::hint(note).italics());
    }
    let picked = match &property.value {
        ValueType::YesNo => {
            let now = answer.map_or(crate::model::Tri::Unknown, Answer::tri);
            tri_ui(ui, &property.label, now).map(Answer::from_tri)
        }
        ValueType::Choice(_) => choice_ui(ui, target, property, answer, label.id),
        ValueType::Number(spec) => number_ui(ui, target, property, spec, answer, label.id, requests),
    };
    if let Some(answer) = picked {
        requests.push(Request::Edit(Command::SetAnswer {
            target: target.clone(),
            property: property.id.clone(),
            answer,
        }));
    }
}

/// Where an answer came from: the template's setting, or that the user's answer differs from
/// what the template says (a re-import keeps the user's).
fn provenance(source: &ElementSource, property: &PropertyDef, answer: Option<&Answer>) -> Option<String> {
    if let Some(evidence) = source.evidence_for(&property.id, answer) {
        return Some(format!("From {}: {evidence}", source.file));
    }
    let given = source.answers.get(&property.id)?;
    Some(format!("Your answer; {} says {} ({})", source.file, property.describe(&given.answer), given.evidence))
}

/// Unknown or one option, from a drop-down. Returns the new answer when one was picked.
fn choice_ui(
    ui: &mut Ui,
    target: &Target,
    property: &PropertyDef,
    answer: Option<&Answer>,
    label: egui::Id,
) -> Option<Option<Answer>> {
    let ValueType::Choice(options) = &property.value else { return None };
    let chosen = answer.map_or_else(|| "Unknown".to_owned(), |a| property.describe(a));
    let mut picked = None;
    let response = ComboBox::from_id_salt((target, &property.id))
        .selected_text(&chosen)
        .width(ui.available_width() - 8.0)
        .show_ui(ui, |ui| {
            if ui.selectable_label(answer.is_none(), "Unknown").clicked() && answer.is_some() {
                picked = Some(None);
            }
            for option in options {
                let is_chosen = matches!(answer, Some(Answer::Choice(id)) if *id == option.id);
                if ui.selectable_label(is_chosen, &option.label).clicked() && !is_chosen {
                    picked = Some(Some(Answer::choice(&option.id)));
                }
            }
        })
        .response;
    let name = format!("{}: {chosen}", property.label);
    response.labelled_by(label).widget_info(|| egui::WidgetInfo::labeled(egui::WidgetType::ComboBox, true, &name));
    picked
}

/// A whole number typed in its unit; an empty field is unknown. What is typed stays in the
/// field while it has focus, so a number can be typed digit by digit past invalid stages.
fn number_ui(
    ui: &mut Ui,
    target: &Target,
    property: &PropertyDef,
    spec: &NumberSpec,
    answer: Option<&Answer>,
    label: egui::Id,
    requests: &mut Vec<Request>,
) -> Option<Option<Answer>> {
    let stored = match answer {
        Some(Answer::Number(n)) => n.to_string(),
        _ => String::new(),
    };
    let id = ui.make_persistent_id(("number-answer", target, &property.id));
    let mut text = ui.data(|d| d.get_temp::<String>(id)).unwrap_or_else(|| stored.clone());
    let mut picked = None;
    ui.horizontal(|ui| {
        let response =
            ui.add(TextEdit::singleline(&mut text).hint_text("unknown").desired_width(80.0).id(id)).labelled_by(label);
        ui.label(&spec.unit);
        let parsed = parse_number(&text, spec);
        if response.has_focus() {
            ui.data_mut(|d| d.insert_temp(id, text.clone()));
        } else {
            ui.data_mut(|d| d.remove::<String>(id));
        }
        if response.lost_focus() {
            requests.push(Request::EndTyping);
        }
        match parsed {
            Ok(value) if response.changed() && value.as_ref() != answer => picked = Some(value),
            Ok(_) => {}
            Err(message) => {
                ui.label(theme::hint(message));
            }
        }
    });
    picked
}

/// The answer a number field holds: nothing for an empty field, else a number in range.
fn parse_number(text: &str, spec: &NumberSpec) -> Result<Option<Answer>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<u32>() {
        Ok(n) if (spec.min..=spec.max).contains(&n) => Ok(Some(Answer::Number(n))),
        _ => Err(format!("{} to {}", spec.min, spec.max)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_field_reads_empty_as_unknown_and_refuses_out_of_range() {
        let spec = NumberSpec { unit: "days".into(), min: 1, max: 3650 };
        assert_eq!(parse_number("  ", &spec), Ok(None));
        assert_eq!(parse_number("365", &spec), Ok(Some(Answer::Number(365))));
        assert!(parse_number("0", &spec).is_err());
        assert!(parse_number("4000", &spec).is_err());
        assert!(parse_number("3x", &spec).is_err());
    }
}
