//! Monitoring the programme (ISO 19011 5.6): whether audits keep to their dates, how
//! far the coverage plan has got, and what the findings say across audits.

use super::coverage::Coverage;
use crate::audit::{Audit, AuditStatus, Finding, Grade};
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The auditee's view of one audit (ISO 19011 5.6): a rating and a comment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Feedback {
    /// 1 (poor) to 5 (very good).
    pub rating: u8,
    #[serde(default)]
    pub comment: String,
}

impl Feedback {
    pub fn validate(&self) -> Result<Feedback> {
        if !(1..=5).contains(&self.rating) {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                "rating",
                format!(
                    "A rating of {} is outside 1 (poor) to 5 (very good).",
                    self.rating
                ),
            ));
        }
        Ok(Feedback {
            rating: self.rating,
            comment: text::optional("comment", "Comment", &self.comment, LONG)?,
        })
    }
}

/// Feedback stored for one audit of the programme.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AuditFeedback {
    pub audit_id: String,
    pub feedback: Feedback,
}

/// The stored feedback with `audit_id`'s replaced.
pub fn with_feedback(
    all: &[AuditFeedback],
    audit_id: &str,
    feedback: Feedback,
) -> Vec<AuditFeedback> {
    all.iter()
        .filter(|f| f.audit_id != audit_id)
        .cloned()
        .chain(std::iter::once(AuditFeedback {
            audit_id: audit_id.to_string(),
            feedback,
        }))
        .collect()
}

/// Where an audit stands against its planned end on a given day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    Completed,
    /// Not completed, and its planned end is today or later.
    OnSchedule,
    /// Not completed, and its planned end has passed.
    Late,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AuditTiming {
    pub audit_id: String,
    pub title: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub planned_end: NaiveDate,
    pub status: AuditStatus,
    pub timing: Timing,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub feedback: Option<Feedback>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct GradeCount {
    pub grade: Grade,
    pub count: u32,
}

/// The nonconformities and observations against one criterion, and the audits that
/// raised them.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CriterionFindings {
    pub criterion_id: String,
    pub findings: u32,
    pub audits: Vec<String>,
}

/// The programme's figures on one day.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Dashboard {
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub today: NaiveDate,
    pub audits: Vec<AuditTiming>,
    pub completed: u32,
    pub on_schedule: u32,
    pub late: u32,
    /// Coverage: items in scope, planned at least once, audited so far, neither.
    pub items: u32,
    pub planned_items: u32,
    pub audited_items: u32,
    pub uncovered: u32,
    /// Every grade, in order, with its count across the programme's audits.
    pub by_grade: Vec<GradeCount>,
    /// Criteria with nonconformities or observations, the most first.
    pub by_criterion: Vec<CriterionFindings>,
    /// Of those, the criteria raised by two audits or more.
    pub repeats: Vec<CriterionFindings>,
}

/// Whether a finding says something is wrong (or may be): nonconformities, observations.
fn adverse(grade: Grade) -> bool {
    matches!(
        grade,
        Grade::MajorNonconformity | Grade::MinorNonconformity | Grade::Observation
    )
}

/// The dashboard of a programme's `audits` (by planned start) and their `findings`.
pub fn dashboard(
    audits: &[&Audit],
    findings: &[&Finding],
    feedback: &[AuditFeedback],
    coverage: &Coverage,
    today: NaiveDate,
) -> Dashboard {
    let timings: Vec<AuditTiming> = audits
        .iter()
        .map(|a| AuditTiming {
            audit_id: a.id.clone(),
            title: a.title.clone(),
            planned_end: a.planned_end,
            status: a.status,
            timing: match a.status {
                AuditStatus::Completed => Timing::Completed,
                _ if a.planned_end < today => Timing::Late,
                _ => Timing::OnSchedule,
            },
            feedback: feedback
                .iter()
                .find(|f| f.audit_id == a.id)
                .map(|f| f.feedback.clone()),
        })
        .collect();
    let count = |t: Timing| timings.iter().filter(|a| a.timing == t).count() as u32;
    let title = |id: &str| {
        audits
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.title.clone())
    };
    let mut by_criterion: Vec<CriterionFindings> = Vec::new();
    // A finding against several criteria counts for each of them.
    for f in findings.iter().filter(|f| adverse(f.grade)) {
        for criterion in &f.criterion_ids {
            let at = match by_criterion
                .iter()
                .position(|c| &c.criterion_id == criterion)
            {
                Some(i) => i,
                None => {
                    by_criterion.push(CriterionFindings {
                        criterion_id: criterion.clone(),
                        findings: 0,
                        audits: Vec::new(),
                    });
                    by_criterion.len() - 1
                }
            };
            let entry = &mut by_criterion[at];
            entry.findings += 1;
            let audit = title(&f.audit_id);
            if !entry.audits.contains(&audit) {
                entry.audits.push(audit);
            }
        }
    }
    by_criterion.sort_by(|a, b| (b.findings, &a.criterion_id).cmp(&(a.findings, &b.criterion_id)));
    Dashboard {
        today,
        completed: count(Timing::Completed),
        on_schedule: count(Timing::OnSchedule),
        late: count(Timing::Late),
        audits: timings,
        items: coverage.items,
        planned_items: coverage
            .rows
            .iter()
            .filter(|r| !r.planned.is_empty())
            .count() as u32,
        audited_items: coverage.done,
        uncovered: coverage.uncovered,
        by_grade: Grade::ALL
            .iter()
            .map(|&grade| GradeCount {
                grade,
                count: findings.iter().filter(|f| f.grade == grade).count() as u32,
            })
            .collect(),
        repeats: by_criterion
            .iter()
            .filter(|c| c.audits.len() > 1)
            .cloned()
            .collect(),
        by_criterion,
    }
}
