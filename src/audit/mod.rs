//! One audit (ISO 19011 clause 6): its plan (objectives, scope, criteria, dates, lead
//! auditor), its status, the checklist of criteria in scope, the findings and the
//! conclusion, one file per step. Each step checks its own commands against an
//! [`AuditRecords`] and returns the [`AuditChange`] to write.

pub mod checklist;
pub mod conclusion;
pub mod conduct;
pub mod evidence;
pub mod finding;
pub mod followup;
pub mod issue;
pub mod plan;
pub mod sampling;
pub mod sessions;

use crate::catalog;
use crate::error::{Error, ErrorCode, Result};
use crate::programme::{as_json, via_json};
use crate::text::{self, LONG};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use checklist::{ChecklistItem, ItemResult};
pub use conclusion::{ConclusionDecision, Verdict};
pub use conduct::Conduct;
pub use evidence::{Evidence, EvidenceFields, EvidenceFile, EvidenceKind, FileFields};
pub use finding::{Finding, FindingFields, Grade};
pub use followup::{ActionStatus, ActionStep, CorrectiveAction, FollowUp};
pub use issue::{ReportControl, ReportStage, Signoff};
pub use plan::AuditFields;
pub use sampling::{SamplingFields, SamplingPlan};

/// Who is audited, and so whose rules apply to independence and distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// First party: the organization audits itself.
    Internal,
    /// Second party: the organization audits a supplier.
    Supplier,
    /// Any other external audit (e.g. a customer's or a certification body's).
    External,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum AuditStatus {
    Planned,
    InProgress,
    Completed,
}

impl AuditStatus {
    pub fn label(self) -> &'static str {
        match self {
            AuditStatus::Planned => "planned",
            AuditStatus::InProgress => "in progress",
            AuditStatus::Completed => "completed",
        }
    }

    /// Start (planned -> in progress), complete (in progress -> completed) and reopen
    /// (completed -> in progress, e.g. to record late evidence). Nothing else.
    pub fn can_become(self, next: AuditStatus) -> bool {
        use AuditStatus::*;
        matches!(
            (self, next),
            (Planned, InProgress) | (InProgress, Completed) | (Completed, InProgress)
        )
    }
}

/// What the audit covers (ISO 19011 6.2.2): organizational units, processes, locations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scope {
    #[serde(default)]
    pub units: Vec<String>,
    #[serde(default)]
    pub processes: Vec<String>,
    #[serde(default)]
    pub locations: Vec<String>,
}

/// A stored audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Audit {
    pub id: String,
    pub programme_id: String,
    pub title: String,
    pub kind: AuditKind,
    /// The organization or supplier audited.
    pub auditee: String,
    /// Who asked for the audit, when not the auditee; empty in audits planned before
    /// release 0.3.
    #[serde(default)]
    pub client: String,
    pub objectives: String,
    pub scope: Scope,
    /// The catalog the criteria come from, and the version of it the audit used.
    pub catalog_id: String,
    pub catalog_version: String,
    /// Selected criterion ids: the catalog's in catalog order, then custom criteria
    /// (`CODE:ID`) in the order chosen.
    pub criteria: Vec<String>,
    /// The Statement of Applicability the audit was planned from, if any.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub soa_id: Option<String>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub planned_start: NaiveDate,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub planned_end: NaiveDate,
    pub lead_auditor: String,
    pub status: AuditStatus,
    /// The number the next finding's reference gets (F-001, F-002, ...). References of
    /// deleted findings are never reused.
    pub next_finding_number: u32,
    /// The auditor's confirmation or override of the computed conclusion.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub conclusion: Option<ConclusionDecision>,
    /// What the report says beyond the plan and the findings.
    #[serde(default)]
    pub report: ReportDetails,
    /// The review and approval of the report's next version.
    #[serde(default)]
    pub report_control: ReportControl,
    /// Initiation, team, document review, agenda, meetings and communications.
    #[serde(default, deserialize_with = "via_json", serialize_with = "as_json")]
    pub conduct: Conduct,
    /// The day the audit was started (first start; a reopening keeps it).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "string"))]
    pub actual_start: Option<NaiveDate>,
    /// The day it was last completed.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional, type = "string"))]
    pub actual_end: Option<NaiveDate>,
}

/// The parts of the audit report (ISO 19011 6.5.1) the auditor writes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ReportDetails {
    /// Audit team members besides the lead auditor, with their role.
    pub team: Vec<String>,
    /// Where the audit activities took place, if not simply the scope's locations.
    pub audit_locations: String,
    /// How samples were drawn and how large they were.
    pub sampling: String,
    /// Diverging opinions between the audit team and the auditee that remain unresolved.
    pub diverging_opinions: String,
    /// Who may read the report and how to handle it.
    pub confidentiality: String,
    /// Who receives the report.
    pub distribution: Vec<String>,
    /// The auditor's summary for management.
    pub summary: String,
    /// What the results mean for the audit programme: areas to audit sooner, more
    /// deeply or with other competence next time.
    pub programme_implications: String,
    /// The marking on every page of the report and of every export ("Internal",
    /// "Confidential", ...); empty until chosen, read as [`DEFAULT_CLASSIFICATION`].
    pub classification: String,
}

/// The marking of an audit whose classification was never chosen: the one every export
/// used before it was stored.
pub const DEFAULT_CLASSIFICATION: &str = "Confidential";

/// The longest classification marking: it fits a page header.
const CLASSIFICATION_MAX: usize = 40;

impl ReportDetails {
    /// The classification to print: the one chosen, or the default.
    pub fn classification(&self) -> &str {
        if self.classification.is_empty() {
            DEFAULT_CLASSIFICATION
        } else {
            &self.classification
        }
    }

    pub fn validate(&self) -> Result<ReportDetails> {
        Ok(ReportDetails {
            team: text::list("team", "Team member", &self.team)?,
            audit_locations: text::optional(
                "auditLocations",
                "Audit locations",
                &self.audit_locations,
                LONG,
            )?,
            sampling: text::optional("sampling", "Sampling statement", &self.sampling, LONG)?,
            diverging_opinions: text::optional(
                "divergingOpinions",
                "Diverging opinions",
                &self.diverging_opinions,
                LONG,
            )?,
            confidentiality: text::optional(
                "confidentiality",
                "Confidentiality note",
                &self.confidentiality,
                LONG,
            )?,
            distribution: text::list("distribution", "Recipient", &self.distribution)?,
            summary: text::optional("summary", "Summary", &self.summary, LONG)?,
            programme_implications: text::optional(
                "programmeImplications",
                "Implications for the audit programme",
                &self.programme_implications,
                LONG,
            )?,
            classification: classification(&self.classification)?,
        })
    }
}

/// A marking on one line, short enough for a page header.
fn classification(value: &str) -> Result<String> {
    let value = text::optional(
        "classification",
        "Classification",
        value,
        CLASSIFICATION_MAX,
    )?;
    if value.chars().any(char::is_control) {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            "classification",
            "The classification is printed in page headers: write it on one line.",
        ));
    }
    Ok(value)
}

/// An audit with its checklist and findings, as audit commands read them.
#[derive(Debug, Clone, Copy)]
pub struct AuditRecords<'a> {
    pub audit: &'a Audit,
    /// In checklist order.
    pub checklist: &'a [ChecklistItem],
    /// In reference order.
    pub findings: &'a [Finding],
}

impl AuditRecords<'_> {
    /// The audit, if results and findings may be recorded in it now.
    pub fn recording(self) -> Result<Self> {
        match self.audit.status {
            AuditStatus::InProgress => Ok(self),
            AuditStatus::Planned => Err(Error::new(
                ErrorCode::InvalidStatus,
                "This audit is still planned; start it before recording results or findings.",
            )),
            AuditStatus::Completed => Err(Error::new(
                ErrorCode::InvalidStatus,
                "This audit is completed and its records are closed; reopen it to change them.",
            )),
        }
    }
}

/// What an audit command writes. Puts are written audit first, then checklist items,
/// then findings; deletes checklist items, then findings, then the audit.
#[derive(Debug, Default)]
pub struct AuditChange {
    pub audit: Option<Audit>,
    pub checklist: Vec<ChecklistItem>,
    pub findings: Vec<Finding>,
    pub deleted_checklist: Vec<String>,
    pub deleted_findings: Vec<String>,
    pub deleted_audit: Option<String>,
}

impl AuditChange {
    /// A change that writes only the audit record.
    pub fn audit(audit: Audit) -> Self {
        AuditChange {
            audit: Some(audit),
            ..AuditChange::default()
        }
    }
}

/// What completing an audit (ISO 19011 6.6) requires, as the workspace finds it now.
#[derive(Debug, Clone, Default)]
pub struct CompletionFacts {
    /// A version of the report has been issued.
    pub report_issued: bool,
    /// The lead auditor decided a conclusion, and the rule still computes what it
    /// computed then.
    pub conclusion_current: bool,
}

/// One condition for completing an audit that is not met, which the user may
/// acknowledge with a reason instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CompletionException {
    /// `report_not_issued`, `conclusion_not_current`, or
    /// `ungraded_nonconformity:<criterion id>`.
    pub condition: String,
    /// What is missing, in words.
    pub message: String,
}

/// The acknowledgement of an unmet condition, with the reason to complete regardless.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Acknowledgement {
    pub condition: String,
    pub reason: String,
}

/// The conditions for completing `current` that are not met: an issued report, no
/// nonconforming checklist item without a nonconformity finding, a current conclusion.
pub fn completion_exceptions(
    current: AuditRecords,
    facts: &CompletionFacts,
) -> Vec<CompletionException> {
    completion_exceptions_in(current, facts, &crate::report::Messages::default())
}

/// [`completion_exceptions`] with what is missing in the words of `m` (the engine's own
/// English for a message `m` does not have).
pub fn completion_exceptions_in(
    current: AuditRecords,
    facts: &CompletionFacts,
    m: &crate::report::Messages,
) -> Vec<CompletionException> {
    let mut out = Vec::new();
    if !facts.report_issued {
        out.push(CompletionException {
            condition: "report_not_issued".into(),
            message: m.or(
                "engine.completion.report_not_issued",
                &[],
                "No version of the report has been issued; review, approve and issue it.".into(),
            ),
        });
    }
    for item in current.checklist {
        let graded = current.findings.iter().any(|f| {
            f.criterion_ids.contains(&item.criterion_id)
                && matches!(
                    f.grade,
                    Grade::MajorNonconformity | Grade::MinorNonconformity
                )
        });
        if item.result == ItemResult::Nonconforming && !graded {
            out.push(CompletionException {
                condition: format!("ungraded_nonconformity:{}", item.criterion_id),
                message: m.or(
                    "engine.completion.ungraded_nonconformity",
                    &[("criterion", &item.criterion_id), ("title", &item.title)],
                    format!(
                        "{} {} is nonconforming but has no major or minor nonconformity finding; add one.",
                        item.criterion_id, item.title
                    ),
                ),
            });
        }
    }
    if !facts.conclusion_current {
        out.push(CompletionException {
            condition: "conclusion_not_current".into(),
            message: if current.audit.conclusion.is_some() {
                m.or(
                    "engine.completion.conclusion_changed",
                    &[],
                    "The results changed after the conclusion was decided; decide it again.".into(),
                )
            } else {
                m.or(
                    "engine.completion.no_conclusion",
                    &[],
                    "No conclusion has been decided; confirm or override the computed one.".into(),
                )
            },
        });
    }
    out
}

/// Moves the audit to `status` on day `today`: start, complete or reopen (see
/// [`AuditStatus::can_become`]). Starting needs a feasibility that allows it; completing
/// needs every condition of [`completion_exceptions`] met or acknowledged with a reason;
/// reopening needs a reason. The first start and the last completion are dated.
pub fn set_status(
    current: AuditRecords,
    status: AuditStatus,
    facts: &CompletionFacts,
    acknowledgements: &[Acknowledgement],
    reason: &str,
    today: NaiveDate,
) -> Result<AuditChange> {
    let from = current.audit.status;
    if !from.can_become(status) {
        return Err(Error::on_field(
            ErrorCode::InvalidStatus,
            "status",
            format!(
                "An audit that is {} cannot become {}; audits go planned, in progress, completed (a completed audit can be reopened).",
                from.label(),
                status.label()
            ),
        ));
    }
    let reason = text::optional("reason", "Reason", reason, LONG)?;
    if from == AuditStatus::Completed && reason.is_empty() {
        return Err(Error::on_field(
            ErrorCode::Required,
            "reason",
            "Say why this completed audit is reopened.",
        ));
    }
    if status == AuditStatus::Completed {
        check_completion(current, facts, acknowledgements)?;
    } else if !acknowledgements.is_empty() {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            "acknowledgements",
            "Acknowledgements are given only when completing an audit.",
        ));
    }
    if from == AuditStatus::Planned {
        if let Some(blocker) = conduct::start_blocker(current.audit) {
            return Err(blocker);
        }
    }
    let audit = current.audit;
    Ok(AuditChange::audit(Audit {
        status,
        actual_start: audit.actual_start.or(Some(today)),
        actual_end: if status == AuditStatus::Completed {
            Some(today)
        } else {
            audit.actual_end
        },
        ..audit.clone()
    }))
}

fn check_completion(
    current: AuditRecords,
    facts: &CompletionFacts,
    acknowledgements: &[Acknowledgement],
) -> Result<()> {
    let exceptions = completion_exceptions(current, facts);
    for ack in acknowledgements {
        if !exceptions.iter().any(|e| e.condition == ack.condition) {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                "acknowledgements",
                format!(
                    "\"{}\" is acknowledged, but it is not an unmet condition of this audit; remove it.",
                    text::excerpt(&ack.condition)
                ),
            ));
        }
        text::required(
            "acknowledgements",
            "Reason for the exception",
            &ack.reason,
            LONG,
        )?;
    }
    let unmet: Vec<String> = exceptions
        .iter()
        .filter(|e| !acknowledgements.iter().any(|a| a.condition == e.condition))
        .map(|e| format!("{}: {}", e.condition, e.message))
        .collect();
    if unmet.is_empty() {
        return Ok(());
    }
    Err(Error::on_field(
        ErrorCode::Incomplete,
        "acknowledgements",
        format!(
            "This audit cannot be completed yet: {} condition(s) unmet. Meet each, or acknowledge it with a reason.",
            unmet.len()
        ),
    )
    .with_details(unmet))
}

/// Sets what the report says beyond the plan and the findings.
pub fn set_report_details(current: AuditRecords, details: &ReportDetails) -> Result<AuditChange> {
    Ok(AuditChange::audit(Audit {
        report: details.validate()?,
        ..current.audit.clone()
    }))
}

/// Deletes a planned audit with its checklist; once started, its records are kept.
pub fn delete(current: AuditRecords) -> Result<AuditChange> {
    if current.audit.status != AuditStatus::Planned {
        return Err(Error::new(
            ErrorCode::InvalidStatus,
            "Only a planned audit can be deleted; once started, its records are kept.",
        ));
    }
    Ok(AuditChange {
        deleted_checklist: current.checklist.iter().map(|i| i.id.clone()).collect(),
        deleted_audit: Some(current.audit.id.clone()),
        ..AuditChange::default()
    })
}

/// The error for a criterion that is not among the audit's (field `criterionId`).
pub fn not_in_scope(criterion_id: &str) -> Error {
    let hint = if catalog::ids()
        .iter()
        .filter_map(|id| catalog::get(id))
        .any(|c| c.criterion(criterion_id).is_some())
    {
        "it is not among the criteria selected for this audit"
    } else {
        "no catalog has such a criterion"
    };
    Error::on_field(
        ErrorCode::CriterionNotInScope,
        "criterionId",
        format!(
            "Criterion \"{criterion_id}\" cannot be used here: {hint}. Pick one from the audit's checklist."
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_transitions_are_guarded() {
        use AuditStatus::*;
        assert!(Planned.can_become(InProgress));
        assert!(InProgress.can_become(Completed));
        assert!(Completed.can_become(InProgress));
        assert!(!Planned.can_become(Completed));
        assert!(!InProgress.can_become(Planned));
        assert!(!Completed.can_become(Completed));
    }
}
