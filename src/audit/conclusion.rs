//! The audit conclusion (ISO 19011 6.4.10): the verdict on how far the audit criteria are
//! fulfilled, and the auditor's confirmation or override of the verdict the scoring rule
//! computes. The decision is stored on the audit; `scoring` computes the verdict.

use super::{Audit, AuditChange, AuditRecords};
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
}

impl Verdict {
    /// The verdict as the JSON and CSS name it.
    pub fn key(self) -> &'static str {
        match self {
            Verdict::Fulfilled => "fulfilled",
            Verdict::FulfilledWithNonconformities => "fulfilled_with_nonconformities",
            Verdict::NotFulfilled => "not_fulfilled",
            Verdict::NotDetermined => "not_determined",
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
        }
    }
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
}

/// The auditor's confirmation of the verdict the rule computed, or an override with a
/// reason, taken by `by` at `at` (RFC 3339), while the audit is in progress.
pub fn confirm(
    current: AuditRecords,
    verdict: Verdict,
    reason: &str,
    computed: Verdict,
    by: &str,
    at: &str,
) -> Result<AuditChange> {
    let current = current.recording()?;
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
        }),
        ..current.audit.clone()
    }))
}
