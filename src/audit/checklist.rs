//! The audit checklist (ISO 19011 6.3.4): one item per criterion in scope, with the
//! auditor's result and notes.

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
