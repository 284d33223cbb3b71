//! What a report says, computed once from the model and its analysis; the HTML, Markdown and
//! CSV writers only format it, so the three never disagree.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::changes::{ChangesSince, since_review};
use crate::model::{AskWhom, Level, MitigationFamily, SeedCategory, Stride, ThreatModel, ThreatStatus};
use crate::risk::{RiskLevel, priority_indices};
use crate::threats::{Analysis, Names, Origin, Question, Threat, questions, references};

/// How many threats the summary names as the ones to fix first.
pub const TOP_COUNT: usize = 5;

/// One threat, as every report format shows it. What only some formats show is worked out when
/// it is written (`key`, `rating_factors`, `sources`), so that a large report holds little.
#[derive(Debug)]
pub struct ThreatRow<'a> {
    threat: &'a Threat,
    /// Place in the fix-first order, from 1.
    pub rank: usize,
    pub target_name: &'a str,
    pub stride: Stride,
    pub category: SeedCategory,
    pub title: &'a str,
    /// What could happen, in plain words.
    pub explanation: &'a str,
    pub why: &'a [Arc<str>],
    pub likelihood: Level,
    pub impact: Level,
    pub risk: RiskLevel,
    pub rated_by_user: bool,
    pub residual: (Level, Level, RiskLevel),
    pub status: ThreatStatus,
    /// Why it was accepted or does not apply.
    pub reason: &'a str,
    pub owner: &'a str,
    pub due: &'a str,
    pub notes: &'a str,
    /// How the plan moved the rating after mitigation: "Likelihood −1: the plan includes …".
    pub plan_effect: Option<String>,
    /// The families the user chose, else the one the catalogue suggests.
    pub mitigations: Vec<MitigationFamily>,
    pub mitigation_chosen: bool,
    /// Concrete steps from the catalogue.
    pub steps: &'a [String],
    /// The question to ask, and whom.
    pub question: Option<(&'a str, AskWhom)>,
}

impl<'a> ThreatRow<'a> {
    /// "Spoofing · Unauthorized access", or only "Denial of service" where the category says
    /// the same as the STRIDE kind.
    pub fn kind_of_threat(&self, separator: &str) -> String {
        let (stride, category) = (self.stride.label(), self.category.label());
        if stride.eq_ignore_ascii_case(category) { stride.to_owned() } else { format!("{stride}{separator}{category}") }
    }

    fn new(rank: usize, threat: &'a Threat, target_name: &'a str) -> Self {
        let decision = threat.decision.as_deref();
        let rule = threat.rule();
        let chosen: Vec<MitigationFamily> =
            decision.map(|d| d.mitigations.iter().copied().collect()).unwrap_or_default();
        let mitigation_chosen = !chosen.is_empty();
        let mitigations = if mitigation_chosen { chosen } else { rule.map(|r| vec![r.mitigation]).unwrap_or_default() };
        Self {
            threat,
            rank,
            target_name,
            stride: threat.stride,
            category: threat.category,
            title: threat.title(),
            explanation: match &threat.origin {
                Origin::Rule(rule) => &rule.explanation,
                Origin::Own(own) => &own.description,
            },
            why: &threat.why,
            likelihood: threat.likelihood,
            impact: threat.impact,
            risk: threat.risk,
            rated_by_user: threat.rated_by_user,
            residual: threat.residual,
            status: threat.status,
            plan_effect: threat.plan_effect.as_ref().map(|f| f.describe()),
            reason: decision.map_or("", |d| d.reason.as_str()),
            owner: decision.map_or("", |d| d.owner.as_str()),
            due: decision.map_or("", |d| d.due.as_str()),
            notes: decision.map_or("", |d| d.notes.as_str()),
            mitigations,
            mitigation_chosen,
            steps: rule.map_or(&[], |r| r.suggestions.as_slice()),
            // Asked only while the answer is unknown; an answered one shows in `why`.
            question: rule.filter(|_| threat.open_question).map(|r| (r.question.as_str(), r.ask)),
        }
    }

    pub fn is_open(&self) -> bool {
        self.status.is_open()
    }

    /// The threat's key, `rule_id@target_id`.
    pub fn key(&self) -> String {
        self.threat.key()
    }

    /// What moved the suggested rating, one level each ("Likelihood +1: reachable from the
    /// internet"); none when the team rated it.
    pub fn rating_factors(&self) -> Vec<String> {
        if self.rated_by_user {
            return Vec::new();
        }
        self.threat.factors.iter().map(crate::threats::Factor::describe).collect()
    }

    /// The sources the rule cites, in words with their edition, and where to read each.
    pub fn sources(&self) -> Vec<(String, Option<String>)> {
        let cited = self.threat.rule().map(|r| r.references.as_slice()).unwrap_or_default();
        cited.iter().map(|c| (references::describe(c), references::link(c))).collect()
    }
}

/// Everything a report shows.
#[derive(Debug)]
pub struct ReportContent<'a> {
    pub model: &'a ThreatModel,
    pub analysis: &'a Analysis,
    /// The date the report was made, YYYY-MM-DD.
    pub today: String,
    /// All threats: the open ones in the order to fix them, then the settled ones.
    pub rows: Vec<ThreatRow<'a>>,
    /// Open threats per risk level, indexed like `RiskLevel::ALL`.
    pub open_by_level: [usize; 4],
    pub open: usize,
    pub questions: BTreeMap<AskWhom, Vec<Question>>,
    /// What changed since the last logged review, when it recorded what it saw and the report
    /// asks for the section (`with_changes_since_review`).
    pub since_review: Option<ChangesSince>,
}

impl<'a> ReportContent<'a> {
    pub fn new(model: &'a ThreatModel, analysis: &'a Analysis, names: &'a Names, today: &str) -> Self {
        // Open threats in fix-first order, then the settled ones, highest risk first.
        let mut order = priority_indices(model, &analysis.threats);
        let mut settled: Vec<usize> =
            (0..analysis.threats.len()).filter(|&i| !analysis.threats[i].status.is_open()).collect();
        settled.sort_by_key(|&i| std::cmp::Reverse(analysis.threats[i].risk));
        order.extend(settled);
        // Each threat's target name, looked up in the engine's order, where a target's threats
        // come together: a large model's rows then do not each search the names afresh.
        let mut target_names: Vec<&'a str> = Vec::with_capacity(analysis.threats.len());
        for (i, threat) in analysis.threats.iter().enumerate() {
            let same = i > 0 && analysis.threats[i - 1].target == threat.target;
            target_names.push(if same { target_names[i - 1] } else { names.get(&threat.target) });
        }
        let rows: Vec<ThreatRow<'a>> = order
            .into_iter()
            .enumerate()
            .map(|(rank, i)| ThreatRow::new(rank + 1, &analysis.threats[i], target_names[i]))
            .collect();
        let mut open_by_level = [0; 4];
        for row in rows.iter().filter(|r| r.is_open()) {
            if let Some(i) = RiskLevel::ALL.iter().position(|l| *l == row.risk) {
                open_by_level[i] += 1;
            }
        }
        Self {
            model,
            analysis,
            today: today.to_owned(),
            open: open_by_level.iter().sum(),
            open_by_level,
            questions: questions(analysis, names),
            rows,
            since_review: None,
        }
    }

    /// Adds "Changes since last review", when the last logged review recorded its state.
    pub fn with_changes_since_review(mut self) -> Self {
        let model = self.model;
        self.since_review = model.review.reviewed.as_ref().map(|reviewed| since_review(reviewed, model, self.analysis));
        self
    }

    /// The open threats to fix first.
    pub fn top(&self) -> impl Iterator<Item = &ThreatRow<'a>> {
        self.rows.iter().filter(|r| r.is_open()).take(TOP_COUNT)
    }

    pub fn review_overdue(&self) -> bool {
        self.model.review.is_overdue(&self.today)
    }
}

/// A rating in words: "Likelihood High, impact Medium".
pub fn rating_text(likelihood: Level, impact: Level) -> String {
    format!("likelihood {}, impact {}", likelihood.label().to_lowercase(), impact.label().to_lowercase())
}
