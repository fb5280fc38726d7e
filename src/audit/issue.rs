//! The report's review and approval before it is issued (ISO 19011 6.5): the next
//! version of an audit's report goes draft -> reviewed -> approved, each step signed
//! off with who and when; issuing it (in `report::version`) freezes a copy and starts
//! the next draft. Each step records a fingerprint of the report's content, so what is
//! approved and issued is what was reviewed: after an edit, the report is reviewed
//! again (a new review may start at any stage and clears the approval).

use super::{Audit, AuditChange, AuditRecords, AuditStatus};
use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};

/// Where the next version of the report stands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ReportStage {
    #[default]
    Draft,
    Reviewed,
    Approved,
}

impl ReportStage {
    pub fn label(self) -> &'static str {
        match self {
            ReportStage::Draft => "a draft",
            ReportStage::Reviewed => "reviewed",
            ReportStage::Approved => "approved",
        }
    }
}

/// Who did a step, and when (RFC 3339).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Signoff {
    pub by: String,
    pub at: String,
}

impl Signoff {
    pub fn new(by: &str, at: &str) -> Signoff {
        Signoff {
            by: by.to_string(),
            at: at.to_string(),
        }
    }
}

/// The review and approval of the report's next version, stored on the audit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct ReportControl {
    pub stage: ReportStage,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub reviewed: Option<Signoff>,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub approved: Option<Signoff>,
    /// SHA-256 of the report's content (without when and by whom it was generated) as
    /// reviewed.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub reviewed_content: Option<String>,
}

/// A report is reviewed, approved and issued once the audit has started.
fn started<'a>(current: AuditRecords<'a>) -> Result<&'a Audit> {
    if current.audit.status == AuditStatus::Planned {
        return Err(Error::new(
            ErrorCode::InvalidStatus,
            "This audit is still planned; start it before reviewing, approving or issuing its report.",
        ));
    }
    Ok(current.audit)
}

fn stage_error(stage: ReportStage, wanted: ReportStage, step: &str) -> Error {
    Error::new(
        ErrorCode::InvalidStatus,
        format!(
            "The report is {}; it can be {step} only when it is {} (draft, then reviewed, then approved, then issued).",
            stage.label(),
            wanted.label()
        ),
    )
}

/// Records the review of the report whose content has fingerprint `content`, by `by`
/// at `at`; a review at a later stage starts the review and approval afresh.
pub fn review(current: AuditRecords, content: &str, by: &str, at: &str) -> Result<AuditChange> {
    let audit = started(current)?;
    Ok(AuditChange::audit(Audit {
        report_control: ReportControl {
            stage: ReportStage::Reviewed,
            reviewed: Some(Signoff::new(by, at)),
            approved: None,
            reviewed_content: Some(content.to_string()),
        },
        ..audit.clone()
    }))
}

/// The report must read as it did when reviewed.
fn unchanged(control: &ReportControl, content: &str) -> Result<()> {
    if control.reviewed_content.as_deref() != Some(content) {
        return Err(Error::new(
            ErrorCode::InvalidStatus,
            "The report has changed since it was reviewed; review it again before approving or issuing it.",
        ));
    }
    Ok(())
}

/// Records the approval of the reviewed report, unchanged since (fingerprint
/// `content`), by `by` at `at`.
pub fn approve(current: AuditRecords, content: &str, by: &str, at: &str) -> Result<AuditChange> {
    let audit = started(current)?;
    let control = &audit.report_control;
    if control.stage != ReportStage::Reviewed {
        return Err(stage_error(
            control.stage,
            ReportStage::Reviewed,
            "approved",
        ));
    }
    unchanged(control, content)?;
    Ok(AuditChange::audit(Audit {
        report_control: ReportControl {
            stage: ReportStage::Approved,
            approved: Some(Signoff::new(by, at)),
            ..control.clone()
        },
        ..audit.clone()
    }))
}

/// The approved report's review and approval, for issuing it unchanged since its review
/// (fingerprint `content`); the audit's next draft starts afresh.
pub fn issue(current: AuditRecords, content: &str) -> Result<(Signoff, Signoff, Audit)> {
    let audit = started(current)?;
    let control = &audit.report_control;
    if control.stage == ReportStage::Approved {
        unchanged(control, content)?;
    }
    match (control.stage, &control.reviewed, &control.approved) {
        (ReportStage::Approved, Some(reviewed), Some(approved)) => Ok((
            reviewed.clone(),
            approved.clone(),
            Audit {
                report_control: ReportControl::default(),
                ..audit.clone()
            },
        )),
        _ => Err(stage_error(control.stage, ReportStage::Approved, "issued")),
    }
}
