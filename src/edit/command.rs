use thiserror::Error;

use crate::model::{
    Answer, Boundary, BoundaryId, BoundaryKind, Compliance, DataClass, Decision, Element, ElementId, Flow, FlowId,
    KindCatalog, Level, MitigationFamily, OwnThreat, Point, Rect, ReviewEntry, ReviewedState, Scale, Target, ThreatKey,
    ThreatModel, ThreatStatus, Tri, Workshop, is_iso_date,
};

/// The two yes/no/unknown checks every flow carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FlowCheck {
    Encrypted,
    Authenticated,
}

/// An edit of the model. UI code produces these; `Document::apply` carries them out.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    AddElement {
        element: Element,
        center: Point,
    },
    AddFlow {
        flow: Flow,
    },
    AddBoundary {
        boundary: Boundary,
        rect: Rect,
    },
    /// Adds a boundary drawn as a line that flows cross.
    AddBoundaryLine {
        boundary: Boundary,
        points: Vec<Point>,
    },
    Rename {
        target: Target,
        name: String,
    },
    SetModelName {
        name: String,
    },
    SetModelDescription {
        text: String,
    },
    SetCompliance {
        scope: Compliance,
        applies: bool,
    },
    /// Switches the rating scale; the user's ratings move to the nearest level of the new one.
    SetScale {
        scale: Scale,
    },
    SetElementDescription {
        id: ElementId,
        text: String,
    },
    SetElementKind {
        id: ElementId,
        kind: String,
    },
    SetElementCritical {
        id: ElementId,
        critical: bool,
    },
    /// Puts another version of the whole model in place (the file as it is on disk now), as one
    /// step that undo takes back.
    ReplaceModel {
        model: Box<ThreatModel>,
        /// What the replacement was, for the Undo menu: "Reload from disk".
        label: &'static str,
    },
    /// Answers one question about an element or a flow; `None` makes it unknown again.
    SetAnswer {
        target: Target,
        property: String,
        answer: Option<Answer>,
    },
    SetFlowProtocol {
        id: FlowId,
        protocol: String,
    },
    SetFlowCheck {
        id: FlowId,
        check: FlowCheck,
        value: Tri,
    },
    SetFlowData {
        id: FlowId,
        class: DataClass,
        carried: bool,
    },
    ReverseFlow {
        id: FlowId,
    },
    SetBoundaryKind {
        id: BoundaryId,
        kind: BoundaryKind,
    },
    /// Puts each element's centre at the given point (rounded to whole units).
    MoveElements {
        moves: Vec<(ElementId, Point)>,
    },
    SetBoundaryRect {
        id: BoundaryId,
        rect: Rect,
    },
    /// Moves or bends a boundary line: its points, in order.
    SetBoundaryLine {
        id: BoundaryId,
        points: Vec<Point>,
    },
    /// Deletes the targets; deleting an element also deletes the flows that touch it.
    Delete {
        targets: Vec<Target>,
    },
    /// Sets a threat's status; `reason` is kept with it (required for accepted and not applicable).
    SetThreatStatus {
        key: String,
        status: ThreatStatus,
        reason: String,
    },
    /// Edits the reason, notes or the user's own title of a threat (typing coalesces).
    SetThreatText {
        key: String,
        field: ThreatText,
        text: String,
    },
    /// Sets the user's own likelihood and impact (`None` goes back to the suggested one), for
    /// now or for after mitigation.
    SetThreatRating {
        key: String,
        residual: bool,
        likelihood: Option<Level>,
        impact: Option<Level>,
    },
    /// Chooses or drops a mitigation family for a threat.
    SetThreatMitigation {
        key: String,
        family: MitigationFamily,
        chosen: bool,
    },
    /// Records that the guided workshop kept a suggestion (or takes that back).
    SetThreatKept {
        key: String,
        kept: bool,
    },
    /// Sets the next review date (YYYY-MM-DD, or empty for none).
    SetNextReview {
        date: String,
    },
    /// Logs a review that took place, records the state it saw (for "Changes since last
    /// review") and plans the next one.
    LogReview {
        entry: ReviewEntry,
        next: String,
        reviewed: Box<ReviewedState>,
    },
    AddOwnThreat {
        threat: OwnThreat,
    },
    DeleteOwnThreat {
        id: String,
    },
    /// Moves a guided workshop to a step and focus, or ends it (`None`). Consecutive moves are
    /// one undo step, like typing.
    SetWorkshop {
        workshop: Option<Workshop>,
    },
    /// Settles a merge conflict: keep ours (already in the model) or take theirs.
    ResolveConflict {
        index: usize,
        take_theirs: bool,
    },
    /// Several commands as one undo step (moving a boundary with what it holds, pasting).
    Batch {
        label: String,
        commands: Vec<Command>,
    },
}

/// The free-text fields of a threat decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ThreatText {
    Reason,
    Notes,
    Owner,
    /// YYYY-MM-DD, or empty.
    Due,
    /// The user's own wording of the title; empty goes back to the catalogue's.
    Title,
}

/// Edits that may arrive once per keystroke and should undo as one step.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CoalesceKey {
    Rename(Target),
    ModelName,
    ModelDescription,
    ElementDescription(ElementId),
    FlowProtocol(FlowId),
    ThreatText(String, ThreatText),
    /// A number typed into a question's field, digit by digit.
    Answer(Target, String),
    Workshop,
}

#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum EditError {
    #[error("{0} no longer exists")]
    NotFound(Target),
    #[error("the id \"{0}\" is already taken")]
    DuplicateId(String),
    #[error("\"{0}\" is not a kind of element this version knows")]
    UnknownKind(String),
    #[error("a flow needs two existing elements; {0} is missing")]
    MissingEndpoint(ElementId),
    #[error("a boundary needs a positive width and height")]
    EmptyBoundary,
    #[error("a boundary line needs at least two points")]
    ShortLine,
    #[error("that boundary is a line; move or bend its line instead")]
    NotABox,
    #[error("that boundary is a box; resize its rectangle instead")]
    NotALine,
    #[error("positions must be finite numbers")]
    BadPosition,
    #[error("\"{0}\" is not a date; write it as year-month-day, like 2026-12-31")]
    BadDate(String),
    #[error("there is no threat \"{0}\"")]
    NoSuchThreat(String),
    #[error("\"{0}\" needs a reason: say why, so the next review knows")]
    ReasonRequired(&'static str),
    #[error("there is no question \"{0}\" here")]
    UnknownQuestion(String),
    #[error("that answer does not fit: {0}")]
    BadAnswer(String),
    #[error("the merge conflict could not be settled: {0}")]
    Conflict(String),
}

impl Command {
    /// A short description for the Edit menu ("Undo Move 3 elements").
    pub fn label(&self) -> String {
        match self {
            Self::AddElement { element, .. } => {
                format!("Add {}", KindCatalog::builtin().kind_name(&element.kind))
            }
            Self::AddFlow { .. } => "Add data flow".to_owned(),
            Self::AddBoundary { .. } => "Add trust boundary".to_owned(),
            Self::AddBoundaryLine { .. } => "Add boundary line".to_owned(),
            Self::Rename { .. } | Self::SetModelName { .. } => "Rename".to_owned(),
            Self::SetModelDescription { .. } | Self::SetElementDescription { .. } => "Edit description".to_owned(),
            Self::SetCompliance { .. } => "Change compliance scope".to_owned(),
            Self::SetScale { .. } => "Change rating scale".to_owned(),
            Self::SetElementKind { .. } => "Change kind".to_owned(),
            Self::SetAnswer { .. } => "Answer question".to_owned(),
            Self::ReplaceModel { label, .. } => (*label).to_owned(),
            Self::SetElementCritical { critical: true, .. } => "Mark critical asset".to_owned(),
            Self::SetElementCritical { .. } => "Unmark critical asset".to_owned(),
            Self::SetFlowProtocol { .. } => "Change protocol".to_owned(),
            Self::SetFlowCheck { .. } | Self::SetFlowData { .. } => "Change flow".to_owned(),
            Self::ReverseFlow { .. } => "Reverse flow".to_owned(),
            Self::SetBoundaryKind { .. } => "Change boundary kind".to_owned(),
            Self::MoveElements { moves } if moves.len() == 1 => "Move element".to_owned(),
            Self::MoveElements { moves } => format!("Move {} elements", moves.len()),
            Self::SetBoundaryRect { .. } => "Resize boundary".to_owned(),
            Self::SetBoundaryLine { .. } => "Change boundary line".to_owned(),
            Self::Delete { targets } if targets.len() == 1 => "Delete".to_owned(),
            Self::Delete { targets } => format!("Delete {} items", targets.len()),
            Self::SetThreatStatus { status, .. } => format!("Mark {}", status.label().to_lowercase()),
            Self::SetThreatText { .. } => "Edit threat".to_owned(),
            Self::SetThreatRating { .. } => "Rate threat".to_owned(),
            Self::SetThreatMitigation { .. } => "Choose mitigation".to_owned(),
            Self::SetThreatKept { .. } => "Keep threat".to_owned(),
            Self::SetNextReview { .. } => "Plan review".to_owned(),
            Self::LogReview { .. } => "Log review".to_owned(),
            Self::AddOwnThreat { .. } => "Add threat".to_owned(),
            Self::DeleteOwnThreat { .. } => "Delete threat".to_owned(),
            Self::Batch { label, .. } => label.clone(),
            Self::SetWorkshop { .. } => "Workshop progress".to_owned(),
            Self::ResolveConflict { take_theirs: true, .. } => "Take theirs".to_owned(),
            Self::ResolveConflict { .. } => "Keep mine".to_owned(),
        }
    }

    pub fn coalesce_key(&self) -> Option<CoalesceKey> {
        match self {
            Self::Rename { target, .. } => Some(CoalesceKey::Rename(target.clone())),
            Self::SetModelName { .. } => Some(CoalesceKey::ModelName),
            Self::SetModelDescription { .. } => Some(CoalesceKey::ModelDescription),
            Self::SetElementDescription { id, .. } => Some(CoalesceKey::ElementDescription(id.clone())),
            Self::SetFlowProtocol { id, .. } => Some(CoalesceKey::FlowProtocol(id.clone())),
            Self::SetThreatText { key, field, .. } => Some(CoalesceKey::ThreatText(key.clone(), *field)),
            Self::SetWorkshop { .. } => Some(CoalesceKey::Workshop),
            Self::SetAnswer { target, property, answer: Some(Answer::Number(_)) | None } => {
                Some(CoalesceKey::Answer(target.clone(), property.clone()))
            }
            _ => None,
        }
    }

    /// Carries out the command. On error the model may be partly changed; `Document::apply`
    /// restores it, so callers outside this module go through there.
    pub(super) fn apply(self, model: &mut ThreatModel) -> Result<(), EditError> {
        match self {
            Self::AddElement { element, center } => {
                ensure_free_id(model, element.id.as_str())?;
                if KindCatalog::builtin().kind(&element.kind).is_none() {
                    return Err(EditError::UnknownKind(element.kind));
                }
                ensure_finite(center)?;
                model.layout.elements.insert(element.id.clone(), center.rounded());
                model.elements.push(element);
            }
            Self::AddFlow { flow } => {
                ensure_free_id(model, flow.id.as_str())?;
                for end in [&flow.from, &flow.to] {
                    if model.element(end).is_none() {
                        return Err(EditError::MissingEndpoint(end.clone()));
                    }
                }
                model.flows.push(flow);
            }
            Self::AddBoundary { boundary, rect } => {
                ensure_free_id(model, boundary.id.as_str())?;
                let rect = checked_rect(rect)?;
                model.layout.boundaries.insert(boundary.id.clone(), rect);
                model.boundaries.push(boundary);
            }
            Self::AddBoundaryLine { boundary, points } => {
                ensure_free_id(model, boundary.id.as_str())?;
                let points = checked_line(points)?;
                model.layout.boundary_lines.insert(boundary.id.clone(), points);
                model.boundaries.push(boundary);
            }
            Self::Rename { target, name } => match &target {
                Target::Element(id) => model.element_mut(id).ok_or(EditError::NotFound(target.clone()))?.name = name,
                Target::Flow(id) => model.flow_mut(id).ok_or(EditError::NotFound(target.clone()))?.label = name,
                Target::Boundary(id) => model.boundary_mut(id).ok_or(EditError::NotFound(target.clone()))?.name = name,
            },
            Self::SetModelName { name } => model.name = name,
            Self::SetModelDescription { text } => model.description = text,
            Self::SetScale { scale } => {
                model.scale = scale;
                for decision in model.decisions.values_mut() {
                    for rating in [
                        &mut decision.likelihood,
                        &mut decision.impact,
                        &mut decision.residual_likelihood,
                        &mut decision.residual_impact,
                    ] {
                        *rating = rating.map(|level| scale.fit(level));
                    }
                }
            }
            Self::SetCompliance { scope, applies } => {
                if applies {
                    model.compliance.insert(scope);
                } else {
                    model.compliance.remove(&scope);
                }
            }
            Self::SetElementDescription { id, text } => element_mut(model, &id)?.description = text,
            Self::SetElementKind { id, kind } => {
                if KindCatalog::builtin().kind(&kind).is_none() {
                    return Err(EditError::UnknownKind(kind));
                }
                element_mut(model, &id)?.kind = kind;
            }
            Self::SetElementCritical { id, critical } => element_mut(model, &id)?.critical = critical,
            Self::ReplaceModel { model: replacement, .. } => *model = *replacement,
            Self::SetAnswer { target, property, answer } => {
                let catalog = KindCatalog::builtin();
                let definition =
                    catalog.property(&property).ok_or_else(|| EditError::UnknownQuestion(property.clone()))?;
                if let Some(answer) = &answer {
                    definition.check(answer).map_err(EditError::BadAnswer)?;
                }
                match &target {
                    Target::Element(id) => element_mut(model, id)?.set_answer(&property, answer),
                    Target::Flow(id) => flow_mut(model, id)?.set_answer(&property, answer),
                    Target::Boundary(_) => return Err(EditError::UnknownQuestion(property)),
                }
            }
            Self::SetFlowProtocol { id, protocol } => flow_mut(model, &id)?.protocol = protocol,
            Self::SetFlowCheck { id, check, value } => {
                let flow = flow_mut(model, &id)?;
                match check {
                    FlowCheck::Encrypted => flow.encrypted = value,
                    FlowCheck::Authenticated => flow.authenticated = value,
                }
            }
            Self::SetFlowData { id, class, carried } => {
                let flow = flow_mut(model, &id)?;
                if carried {
                    flow.data.insert(class);
                } else {
                    flow.data.remove(&class);
                }
            }
            Self::ReverseFlow { id } => {
                let flow = flow_mut(model, &id)?;
                std::mem::swap(&mut flow.from, &mut flow.to);
            }
            Self::SetBoundaryKind { id, kind } => {
                model.boundary_mut(&id).ok_or(EditError::NotFound(Target::Boundary(id.clone())))?.kind = kind;
            }
            Self::MoveElements { moves } => {
                // One set of the ids, not a scan of the elements per move: tidying up a large
                // model moves every element at once.
                let known: std::collections::HashSet<&ElementId> = model.elements.iter().map(|e| &e.id).collect();
                for (id, center) in moves {
                    ensure_finite(center)?;
                    if !known.contains(&id) {
                        return Err(EditError::NotFound(Target::Element(id)));
                    }
                    model.layout.elements.insert(id, center.rounded());
                }
            }
            Self::SetBoundaryRect { id, rect } => {
                if model.boundary(&id).is_none() {
                    return Err(EditError::NotFound(Target::Boundary(id)));
                }
                if model.boundary_line(&id).is_some() {
                    return Err(EditError::NotABox);
                }
                let rect = checked_rect(rect)?;
                model.layout.boundaries.insert(id, rect);
            }
            Self::SetBoundaryLine { id, points } => {
                if model.boundary(&id).is_none() {
                    return Err(EditError::NotFound(Target::Boundary(id)));
                }
                if model.boundary_line(&id).is_none() {
                    return Err(EditError::NotALine);
                }
                let points = checked_line(points)?;
                model.layout.boundary_lines.insert(id, points);
            }
            Self::Delete { targets } => {
                for target in &targets {
                    if !model.contains(target) {
                        return Err(EditError::NotFound(target.clone()));
                    }
                }
                for target in targets {
                    delete(model, &target);
                }
            }
            Self::SetThreatStatus { key, status, reason } => {
                if status.needs_reason() && reason.trim().is_empty() {
                    return Err(EditError::ReasonRequired(status.label()));
                }
                update_decision(model, key, |d| {
                    d.status = status;
                    d.reason = reason;
                });
            }
            Self::SetThreatText { key, field, text } => {
                if field == ThreatText::Due && !text.is_empty() && !is_iso_date(&text) {
                    return Err(EditError::BadDate(text));
                }
                update_decision(model, key, |d| match field {
                    ThreatText::Reason => d.reason = text,
                    ThreatText::Notes => d.notes = text,
                    ThreatText::Owner => d.owner = text,
                    ThreatText::Due => d.due = text,
                    ThreatText::Title => d.title = (!text.trim().is_empty()).then_some(text),
                });
            }
            Self::SetNextReview { date } => {
                if !date.is_empty() && !is_iso_date(&date) {
                    return Err(EditError::BadDate(date));
                }
                model.review.next = date;
            }
            Self::LogReview { entry, next, reviewed } => {
                for date in [&entry.date, &next] {
                    if !is_iso_date(date) {
                        return Err(EditError::BadDate(date.clone()));
                    }
                }
                model.review.log.push(entry);
                model.review.next = next;
                model.review.reviewed = Some(*reviewed);
            }
            Self::SetThreatMitigation { key, family, chosen } => update_decision(model, key, |d| {
                if chosen {
                    d.mitigations.insert(family);
                } else {
                    d.mitigations.remove(&family);
                }
            }),
            Self::SetThreatKept { key, kept } => update_decision(model, key, |d| d.kept = kept),
            Self::SetThreatRating { key, residual, likelihood, impact } => update_decision(model, key, |d| {
                if residual {
                    d.residual_likelihood = likelihood;
                    d.residual_impact = impact;
                } else {
                    d.likelihood = likelihood;
                    d.impact = impact;
                }
            }),
            Self::AddOwnThreat { threat } => {
                if model.own_threats.iter().any(|t| t.id == threat.id) {
                    return Err(EditError::DuplicateId(threat.id));
                }
                model.own_threats.push(threat);
            }
            Self::DeleteOwnThreat { id } => {
                let before = model.own_threats.len();
                model.own_threats.retain(|t| t.id != id);
                if model.own_threats.len() == before {
                    return Err(EditError::NoSuchThreat(id));
                }
                model.decisions.retain(|key, _| ThreatKey::parse(key).is_none_or(|key| key.origin != id));
            }
            Self::Batch { commands, .. } => {
                for command in commands {
                    command.apply(model)?;
                }
            }
            Self::SetWorkshop { workshop } => model.workshop = workshop,
            Self::ResolveConflict { index, take_theirs } => {
                crate::changes::resolve(model, index, take_theirs).map_err(EditError::Conflict)?;
            }
        }
        Ok(())
    }
}

/// Changes the decision stored under `key`; a decision back at its defaults is removed, so the
/// file holds only what the user decided.
fn update_decision(model: &mut ThreatModel, key: String, change: impl FnOnce(&mut Decision)) {
    let mut decision = model.decisions.remove(&key).unwrap_or_default();
    change(&mut decision);
    if !decision.is_default() {
        model.decisions.insert(key, decision);
    }
}

fn delete(model: &mut ThreatModel, target: &Target) {
    match target {
        Target::Element(id) => {
            model.elements.retain(|e| &e.id != id);
            model.layout.elements.remove(id);
            model.flows.retain(|f| !f.touches(id));
        }
        Target::Flow(id) => model.flows.retain(|f| &f.id != id),
        Target::Boundary(id) => {
            model.boundaries.retain(|b| &b.id != id);
            model.layout.boundaries.remove(id);
            model.layout.boundary_lines.remove(id);
        }
    }
}

fn element_mut<'a>(model: &'a mut ThreatModel, id: &ElementId) -> Result<&'a mut Element, EditError> {
    model.element_mut(id).ok_or_else(|| EditError::NotFound(Target::Element(id.clone())))
}

fn flow_mut<'a>(model: &'a mut ThreatModel, id: &FlowId) -> Result<&'a mut Flow, EditError> {
    model.flow_mut(id).ok_or_else(|| EditError::NotFound(Target::Flow(id.clone())))
}

fn ensure_free_id(model: &ThreatModel, id: &str) -> Result<(), EditError> {
    let taken = model.elements.iter().any(|e| e.id.as_str() == id)
        || model.flows.iter().any(|f| f.id.as_str() == id)
        || model.boundaries.iter().any(|b| b.id.as_str() == id);
    if taken { Err(EditError::DuplicateId(id.to_owned())) } else { Ok(()) }
}

fn ensure_finite(p: Point) -> Result<(), EditError> {
    if p.is_finite() { Ok(()) } else { Err(EditError::BadPosition) }
}

fn checked_line(points: Vec<Point>) -> Result<Vec<Point>, EditError> {
    if !points.iter().all(|p| p.is_finite()) {
        return Err(EditError::BadPosition);
    }
    let mut points: Vec<Point> = points.into_iter().map(Point::rounded).collect();
    // A point dropped on its neighbour adds nothing but a handle that cannot be told apart.
    points.dedup();
    if points.len() < 2 { Err(EditError::ShortLine) } else { Ok(points) }
}

fn checked_rect(rect: Rect) -> Result<Rect, EditError> {
    if !rect.is_finite() {
        return Err(EditError::BadPosition);
    }
    let rect = rect.rounded();
    if rect.width <= 0.0 || rect.height <= 0.0 { Err(EditError::EmptyBoundary) } else { Ok(rect) }
}
