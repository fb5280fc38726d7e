//! The audit conclusion (ISO 19011 6.4.10): the verdict on how far the audit criteria are
//! fulfilled, and the auditor's confirmation or override of the verdict the scoring rule
//! computes. The decision is stored on the audit; `scoring` computes the verdict.

use super::{Audit, AuditChange, AuditKind, AuditRecords};
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    Fulfilled,
    FulfilledWithNonconformities,
    NotFulfilled,
    /// Nothing audited yet.
    NotDetermined,
    /// Criteria in scope are still unaudited, with no reason recorded.
    PartiallyAudited,
}

impl Verdict {
    /// The verdict as the JSON and CSS name it.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Fulfilled => "fulfilled",
            Verdict::FulfilledWithNonconformities => "fulfilled_with_nonconformities",
            Verdict::NotFulfilled => "not_fulfilled",
            Verdict::NotDetermined => "not_determined",
            Verdict::PartiallyAudited => "partially_audited",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Verdict::Fulfilled => "The audit criteria are fulfilled.",
            Verdict::FulfilledWithNonconformities => {
                "The audit criteria are fulfilled, with nonconformities to correct."
            }
            Verdict::NotFulfilled => "The audit criteria are not fulfilled.",
            Verdict::NotDetermined => "Not determined: nothing has been audited yet.",
            Verdict::PartiallyAudited => {
                "Not determined: criteria in scope are still unaudited, with no reason recorded."
            }
        }
    }

    /// The verdict as an audit of `kind` states it: an internal audit on conformity, a
    /// supplier audit as an approval decision, another external audit as a
    /// recommendation.
    pub fn wording(self, kind: AuditKind) -> &'static str {
        use Verdict::*;
        match (kind, self) {
            (_, NotDetermined | PartiallyAudited) => self.label(),
            (AuditKind::Internal, _) => self.label(),
            (AuditKind::Supplier, Fulfilled) => "Approved.",
            (AuditKind::Supplier, FulfilledWithNonconformities) => {
                "Approved with conditions: the nonconformities are to be corrected."
            }
            (AuditKind::Supplier, NotFulfilled) => "Not approved.",
            (AuditKind::External, Fulfilled) => "Recommended.",
            (AuditKind::External, FulfilledWithNonconformities) => {
                "Recommended after verification of the corrective actions."
            }
            (AuditKind::External, NotFulfilled) => "Not recommended.",
        }
    }
}

/// The auditor's statement on whether the ISMS is effectively implemented and maintained.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Effectiveness {
    Effective,
    PartlyEffective,
    NotEffective,
}

impl Effectiveness {
    pub fn label(self) -> &'static str {
        match self {
            Effectiveness::Effective => "The ISMS is effectively implemented and maintained.",
            Effectiveness::PartlyEffective => {
                "The ISMS is implemented and maintained, but not effectively in every part audited."
            }
            Effectiveness::NotEffective => {
                "The ISMS is not effectively implemented and maintained."
            }
        }
    }
}

/// What the auditor states besides the verdict when confirming it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Statements {
    /// Whether the ISMS is effectively implemented and maintained.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub effectiveness: Option<Effectiveness>,
    /// Whether the audit objectives were achieved.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub objectives_achieved: Option<bool>,
}

/// The auditor's confirmation or override of the computed conclusion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ConclusionDecision {
    pub verdict: Verdict,
    /// Required when the verdict differs from the computed one.
    pub reason: String,
    /// What the rule gave when the decision was taken.
    pub computed: Verdict,
    pub by: String,
    /// RFC 3339.
    pub at: String,
    /// The effectiveness and objectives statements (absent in decisions taken before
    /// release 0.3).
    #[serde(default)]
    pub statements: Statements,
}

/// The auditor's confirmation of the verdict the rule computed, or an override with a
/// reason, with the effectiveness and objectives statements (both required), taken by
/// `by` at `at` (RFC 3339), while the audit is in progress.
pub fn confirm(
    current: AuditRecords,
    verdict: Verdict,
    reason: &str,
    statements: Statements,
    computed: Verdict,
    by: &str,
    at: &str,
) -> Result<AuditChange> {
    let current = current.recording()?;
    if statements.effectiveness.is_none() {
        return Err(Error::on_field(
            ErrorCode::Required,
            "effectiveness",
            "State whether the ISMS is effectively implemented and maintained.",
        ));
    }
    if statements.objectives_achieved.is_none() {
        return Err(Error::on_field(
            ErrorCode::Required,
            "objectivesAchieved",
            "State whether the audit objectives were achieved.",
        ));
    }
    let reason = text::optional("reason", "Reason", reason, LONG)?;
    if verdict != computed && reason.is_empty() {
        return Err(Error::on_field(
            ErrorCode::Required,
            "reason",
            format!(
                "The rule gives \"{}\"; say why you conclude otherwise.",
                computed.label()
            ),
        ));
    }
    Ok(AuditChange::audit(Audit {
        conclusion: Some(ConclusionDecision {
            verdict,
            reason,
            computed,
            by: by.to_string(),
            at: at.to_string(),
            statements,
        }),
        ..current.audit.clone()
    }))
}
