//! The audit checklist (ISO 19011 6.3.4): one item per criterion in scope, with the
//! auditor's result and notes.

use super::{AuditChange, AuditRecords, not_in_scope};
use crate::catalog::{self, CriterionKind};
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ItemResult {
    #[default]
    NotAudited,
    Conforming,
    Nonconforming,
    NotApplicable,
}

/// A stored checklist item. Its id is `{auditId}/{criterionId}`, so an audit has at most
/// one item per criterion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ChecklistItem {
    pub id: String,
    pub audit_id: String,
    pub criterion_id: String,
    /// The criterion's title as the catalog had it when the item was created, so a
    /// catalog update never changes an audit already planned.
    pub title: String,
    /// The clause or Annex A theme, for filtering.
    pub group: String,
    /// Position in the checklist (catalog order).
    pub position: u32,
    pub result: ItemResult,
    pub notes: String,
}

impl ChecklistItem {
    pub fn id_for(audit_id: &str, criterion_id: &str) -> String {
        format!("{audit_id}/{criterion_id}")
    }
}

/// Sets the result and notes of the audit's item for `criterion_id`, while the audit is
/// in progress. A management-system clause (4-10) is never not applicable; an Annex A
/// control or a custom criterion is, with the reason in the notes.
pub fn record_result(
    current: AuditRecords,
    criterion_id: &str,
    result: ItemResult,
    notes: &str,
) -> Result<AuditChange> {
    let current = current.recording()?;
    let mut item = current
        .checklist
        .iter()
        .find(|i| i.criterion_id == criterion_id)
        .ok_or_else(|| not_in_scope(criterion_id))?
        .clone();
    let notes = text::optional("notes", "Notes", notes, LONG)?;
    if result == ItemResult::NotApplicable {
        let is_clause = catalog::get(&current.audit.catalog_id)
            .and_then(|c| c.criterion(criterion_id))
            .is_some_and(|c| c.kind == CriterionKind::Clause);
        if is_clause {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                "result",
                format!(
                    "Clause {criterion_id} is a requirement of the management system itself and cannot be excluded; record it as audited, or as not yet audited with the reason in the notes."
                ),
            ));
        }
        if notes.is_empty() {
            return Err(Error::on_field(
                ErrorCode::Required,
                "notes",
                format!("Say in the notes why {criterion_id} does not apply."),
            ));
        }
    }
    item.result = result;
    item.notes = notes;
    Ok(AuditChange {
        checklist: vec![item],
        ..AuditChange::default()
    })
}
