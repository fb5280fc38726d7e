//! Follow-up of nonconformities (ISO 19011 6.7; ISO/IEC 27001 10.2): per major or minor
//! nonconformity, the auditee's correction, the root-cause analysis, the corrective
//! actions with owner and due date, the evidence of their implementation, the auditor's
//! verification of their effectiveness, and their closure. It happens after the audit,
//! so it is open while the audit is in progress and after it is completed.

use super::issue::Signoff;
use super::{AuditRecords, AuditStatus, Finding, Grade};
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG, SHORT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The follow-up of one nonconformity finding; its id is the finding's.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct FollowUp {
    pub id: String,
    pub audit_id: String,
    /// What the auditee did at once to contain the nonconformity.
    #[serde(default)]
    pub correction: String,
    /// How the cause was analysed (e.g. "5 whys", "Ishikawa").
    #[serde(default)]
    pub root_cause_method: String,
    #[serde(default)]
    pub root_cause: String,
    /// Numbered from 1, in the order proposed.
    #[serde(default)]
    pub actions: Vec<CorrectiveAction>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    Proposed,
    Accepted,
    Implemented,
    VerifiedEffective,
    Closed,
}

impl ActionStatus {
    pub fn label(self) -> &'static str {
        match self {
            ActionStatus::Proposed => "proposed",
            ActionStatus::Accepted => "accepted",
            ActionStatus::Implemented => "implemented",
            ActionStatus::VerifiedEffective => "verified effective",
            ActionStatus::Closed => "closed",
        }
    }

    /// Still to be done by the auditee: late once its due date has passed.
    pub fn awaits_implementation(self) -> bool {
        matches!(self, ActionStatus::Proposed | ActionStatus::Accepted)
    }
}

/// One corrective action and its history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CorrectiveAction {
    pub number: u32,
    pub description: String,
    pub owner: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub due: NaiveDate,
    pub status: ActionStatus,
    pub proposed: Signoff,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub accepted: Option<Signoff>,
    /// The latest evidence of implementation.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub implementation: Option<Evidence>,
    /// Every verification, oldest first; a "not effective" one reopened the action.
    #[serde(default)]
    pub verifications: Vec<Verification>,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub closed: Option<Signoff>,
}

impl CorrectiveAction {
    /// Due before `today` and not yet implemented.
    pub fn overdue(&self, today: NaiveDate) -> bool {
        self.status.awaits_implementation() && self.due < today
    }
}

/// What was shown or seen, dated, and who recorded it when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub evidence: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub date: NaiveDate,
    pub recorded: Signoff,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    pub effective: bool,
    #[serde(flatten)]
    pub seen: Evidence,
}

/// The next step of a corrective action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ActionStep {
    /// The auditor accepts the proposed action.
    Accept,
    /// The auditee shows it done (evidence and date).
    Implement,
    /// The auditor found it effective (evidence seen and date).
    VerifyEffective,
    /// The auditor found it not effective (evidence seen and date): it goes back to
    /// accepted, to be implemented again.
    VerifyNotEffective,
    /// The auditor closes a verified action.
    Close,
}

/// The correction and root-cause analysis of a finding, as a command gives them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct CauseFields {
    pub correction: String,
    pub root_cause_method: String,
    pub root_cause: String,
}

/// A new corrective action, as a command gives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ActionFields {
    pub description: String,
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub due: String,
}

/// The nonconformity finding `finding_id` of a started audit, with its follow-up so far.
fn nonconformity<'a>(current: AuditRecords<'a>, finding_id: &str) -> Result<&'a Finding> {
    let finding = current
        .findings
        .iter()
        .find(|f| f.id == finding_id)
        .ok_or_else(|| Error::not_found("finding", finding_id))?;
    if !matches!(
        finding.grade,
        Grade::MajorNonconformity | Grade::MinorNonconformity
    ) {
        return Err(Error::new(
            ErrorCode::InvalidValue,
            format!(
                "Finding {} is not a nonconformity; follow-up (correction, root cause, corrective actions) is recorded for major and minor nonconformities.",
                finding.reference
            ),
        ));
    }
    if current.audit.status == AuditStatus::Planned {
        return Err(Error::new(
            ErrorCode::InvalidStatus,
            "This audit is still planned; follow-up starts once it has findings.",
        ));
    }
    Ok(finding)
}

fn start(finding: &Finding, existing: Option<&FollowUp>) -> FollowUp {
    existing.cloned().unwrap_or_else(|| FollowUp {
        id: finding.id.clone(),
        audit_id: finding.audit_id.clone(),
        correction: String::new(),
        root_cause_method: String::new(),
        root_cause: String::new(),
        actions: Vec::new(),
    })
}

/// Sets the correction and root-cause analysis of a nonconformity.
pub fn set_cause(
    current: AuditRecords,
    finding_id: &str,
    existing: Option<&FollowUp>,
    fields: &CauseFields,
) -> Result<FollowUp> {
    let finding = nonconformity(current, finding_id)?;
    Ok(FollowUp {
        correction: text::optional("correction", "Correction", &fields.correction, LONG)?,
        root_cause_method: text::optional(
            "rootCauseMethod",
            "Root-cause method",
            &fields.root_cause_method,
            SHORT,
        )?,
        root_cause: text::optional("rootCause", "Root cause", &fields.root_cause, LONG)?,
        ..start(finding, existing)
    })
}

/// Adds a proposed corrective action to a nonconformity, by `by` at `at`.
pub fn propose(
    current: AuditRecords,
    finding_id: &str,
    existing: Option<&FollowUp>,
    fields: &ActionFields,
    by: &str,
    at: &str,
) -> Result<FollowUp> {
    let finding = nonconformity(current, finding_id)?;
    let mut follow_up = start(finding, existing);
    follow_up.actions.push(CorrectiveAction {
        number: follow_up.actions.len() as u32 + 1,
        description: text::required("description", "Action", &fields.description, LONG)?,
        owner: text::required("owner", "Owner", &fields.owner, SHORT)?,
        due: text::date("due", "Due date", &fields.due)?,
        status: ActionStatus::Proposed,
        proposed: Signoff::new(by, at),
        accepted: None,
        implementation: None,
        verifications: Vec::new(),
        closed: None,
    });
    Ok(follow_up)
}

/// Takes corrective action `number` one step on (see [`ActionStep`]), by `by` at `at`.
#[allow(clippy::too_many_arguments)] // the command's fields, checked here together
pub fn advance(
    current: AuditRecords,
    finding_id: &str,
    existing: Option<&FollowUp>,
    number: u32,
    step: ActionStep,
    evidence: &str,
    date: &str,
    by: &str,
    at: &str,
) -> Result<FollowUp> {
    let finding = nonconformity(current, finding_id)?;
    let mut follow_up = start(finding, existing);
    let action = follow_up
        .actions
        .iter_mut()
        .find(|a| a.number == number)
        .ok_or_else(|| {
            Error::not_found(
                "corrective action",
                &format!("{} #{number}", finding.reference),
            )
        })?;
    use ActionStatus::*;
    let from = action.status;
    let needed = match step {
        ActionStep::Accept => Proposed,
        ActionStep::Implement => Accepted,
        ActionStep::VerifyEffective | ActionStep::VerifyNotEffective => Implemented,
        ActionStep::Close => VerifiedEffective,
    };
    if from != needed {
        return Err(Error::on_field(
            ErrorCode::InvalidStatus,
            "step",
            format!(
                "Action {} #{number} is {}; this step needs it {} (proposed, accepted, implemented, verified effective, closed).",
                finding.reference,
                from.label(),
                needed.label()
            ),
        ));
    }
    let signoff = Signoff::new(by, at);
    let seen = || -> Result<Evidence> {
        Ok(Evidence {
            evidence: text::required("evidence", "Evidence", evidence, LONG)?,
            date: text::date("date", "Date", date)?,
            recorded: signoff.clone(),
        })
    };
    match step {
        ActionStep::Accept => {
            action.status = Accepted;
            action.accepted = Some(signoff.clone());
        }
        ActionStep::Implement => {
            action.implementation = Some(seen()?);
            action.status = Implemented;
        }
        ActionStep::VerifyEffective | ActionStep::VerifyNotEffective => {
            let effective = step == ActionStep::VerifyEffective;
            action.verifications.push(Verification {
                effective,
                seen: seen()?,
            });
            action.status = if effective {
                VerifiedEffective
            } else {
                Accepted
            };
        }
        ActionStep::Close => {
            action.status = Closed;
            action.closed = Some(signoff.clone());
        }
    }
    Ok(follow_up)
}
