//! Audits going out of and into the workspace: as an audit bundle or a work package,
//! and a team member's result package merged back (the rules are in
//! [`crate::backup::package`] and [`crate::backup::merge`]).

use super::Workspace;
use super::apply::Writes;
use crate::audit::ChecklistItem;
use crate::backup::merge::{self, MergeChoice, MergeReview};
use crate::backup::package::{AuditSet, ResultPackage};
use crate::error::{Error, ErrorCode, Result};
use crate::record::{FileWrite, Record};

impl Workspace {
    /// Audit `audit_id` with its programme and every record that belongs to it.
    pub fn audit_set(&self, audit_id: &str) -> Result<AuditSet> {
        let state = self.audit_state(audit_id)?;
        let mut evidence: Vec<_> = self.evidence_of(audit_id).into_iter().cloned().collect();
        evidence.sort_by(|a, b| a.reference.cmp(&b.reference));
        let mut sampling: Vec<_> = self
            .sampling
            .values()
            .filter(|p| p.audit_id == audit_id)
            .cloned()
            .collect();
        sampling.sort_by(|a, b| a.id.cmp(&b.id));
        Ok(AuditSet {
            programme: self.programme(&state.audit.programme_id)?.clone(),
            audit: state.audit.clone(),
            checklist: state.checklist.clone(),
            findings: state.findings.clone(),
            evidence,
            sampling,
        })
    }

    /// What merging `package` would take in and which items need the lead's choice.
    pub fn merge_review(&self, package: &ResultPackage) -> Result<MergeReview> {
        merge::review(&self.audit_set(&package.result.audit.id)?, package)
    }

    /// The records of an audit from outside, checked to belong together and to be new
    /// here (the programme is kept as it is here when it exists).
    pub(super) fn import_audit(&self, set: &AuditSet) -> Result<Writes> {
        let audit = &set.audit;
        let refused = |what: String| {
            Err(Error::new(
                ErrorCode::InvalidImport,
                format!(
                    "The audit \"{}\" was not imported: {what}. Nothing was changed.",
                    audit.title
                ),
            ))
        };
        if self.audits.contains_key(&audit.id) {
            return Err(Error::new(
                ErrorCode::Duplicate,
                format!(
                    "The audit \"{}\" is in this workspace already; a package or bundle of it is imported only once. Delete the audit first to import it again.",
                    audit.title
                ),
            ));
        }
        if audit.programme_id != set.programme.id {
            return refused("it names another programme than the one it comes with".into());
        }
        let in_scope = |c: &String| audit.criteria.contains(c);
        if set.checklist.iter().any(|i| {
            i.audit_id != audit.id
                || !in_scope(&i.criterion_id)
                || i.id != ChecklistItem::id_for(&audit.id, &i.criterion_id)
        }) {
            return refused("a checklist item is not one of the audit's".into());
        }
        if set.findings.iter().any(|f| f.audit_id != audit.id)
            || set.evidence.iter().any(|e| e.audit_id != audit.id)
            || set.sampling.iter().any(|p| p.audit_id != audit.id)
        {
            return refused(
                "a finding, evidence entry or sampling plan belongs to another audit".into(),
            );
        }
        let taken = set
            .findings
            .iter()
            .map(|f| &f.id)
            .chain(set.evidence.iter().map(|e| &e.id))
            .find(|id| self.ensure_new(id).is_err());
        if let Some(id) = taken {
            return refused(format!(
                "the id \"{}\" is used here already",
                crate::text::excerpt(id)
            ));
        }
        let puts = set
            .records()
            .into_iter()
            .filter(|r| !matches!(r, Record::Programme(p) if self.programmes.contains_key(&p.id)))
            .collect();
        Ok(Writes {
            puts,
            files: set.file_ids().into_iter().map(FileWrite::Put).collect(),
            ..Writes::default()
        })
    }

    /// The records a result package brings, with the lead's choices.
    pub(super) fn merge_result(
        &self,
        package: &ResultPackage,
        choices: &[MergeChoice],
    ) -> Result<Writes> {
        let mine = self.audit_set(&package.result.audit.id)?;
        let merged = merge::merge(&mine, package, choices)?;
        Ok(Writes {
            puts: merged.puts,
            files: merged.files.into_iter().map(FileWrite::Put).collect(),
            ..Writes::default()
        })
    }
}
