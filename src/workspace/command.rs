//! Commands: every change a user can make, in the JSON form the page sends.

use crate::audit::{AuditFields, AuditStatus, FindingFields, ItemResult};
use crate::programme::ProgrammeFields;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Command {
    CreateProgramme {
        programme: ProgrammeFields,
    },
    #[serde(rename_all = "camelCase")]
    UpdateProgramme {
        programme_id: String,
        programme: ProgrammeFields,
    },
    #[serde(rename_all = "camelCase")]
    CreateAudit {
        programme_id: String,
        audit: AuditFields,
    },
    /// Changes the plan; the criteria can change only while the audit is planned.
    #[serde(rename_all = "camelCase")]
    UpdateAudit {
        audit_id: String,
        audit: AuditFields,
    },
    #[serde(rename_all = "camelCase")]
    SetAuditStatus {
        audit_id: String,
        status: AuditStatus,
    },
    /// Sets the result and notes of one checklist item.
    #[serde(rename_all = "camelCase")]
    RecordResult {
        audit_id: String,
        criterion_id: String,
        result: ItemResult,
        #[serde(default)]
        notes: String,
    },
    #[serde(rename_all = "camelCase")]
    AddFinding {
        audit_id: String,
        finding: FindingFields,
    },
    #[serde(rename_all = "camelCase")]
    UpdateFinding {
        finding_id: String,
        finding: FindingFields,
    },
    #[serde(rename_all = "camelCase")]
    DeleteFinding {
        finding_id: String,
    },
}
