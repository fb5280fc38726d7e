//! Work packages: the part of an audit one team member works on offline, in their own
//! workspace, and the result package they return to the lead auditor (see
//! [`super::merge`] for how the lead takes it in).
//!
//! A work package holds the audit's programme and audit records, the member's checklist
//! items and their sampling plans, and only the plan sessions the member takes part in;
//! other members' items, notes, findings, evidence, meetings and communications stay
//! with the lead. The guidance is the catalog's, which every copy of the app carries.

use crate::audit::{Audit, ChecklistItem, Evidence, Finding, SamplingPlan};
use crate::error::{Error, ErrorCode, Result};
use crate::journal::JournalEntry;
use crate::programme::Programme;
use crate::record::Record;
use serde::{Deserialize, Serialize};

/// An audit with the records that belong to it, as they travel in audit bundles and
/// packages: records exactly as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuditSet {
    pub programme: Programme,
    pub audit: Audit,
    #[serde(default)]
    pub checklist: Vec<ChecklistItem>,
    #[serde(default)]
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub evidence: Vec<Evidence>,
    #[serde(default)]
    pub sampling: Vec<SamplingPlan>,
}

impl AuditSet {
    /// Every record of the set, the programme and the audit first.
    pub fn records(&self) -> Vec<Record> {
        let mut out = vec![
            Record::Programme(self.programme.clone()),
            Record::Audit(self.audit.clone()),
        ];
        out.extend(self.checklist.iter().cloned().map(Record::ChecklistItem));
        out.extend(self.findings.iter().cloned().map(Record::Finding));
        out.extend(self.evidence.iter().cloned().map(Record::Evidence));
        out.extend(self.sampling.iter().cloned().map(Record::SamplingPlan));
        out
    }

    /// The ids of the evidence files its evidence entries list.
    pub fn file_ids(&self) -> Vec<String> {
        self.evidence
            .iter()
            .flat_map(|e| e.files.iter().map(|f| f.id.clone()))
            .collect()
    }
}

/// Where an audit taken in from a work package came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PackageOrigin {
    /// The package's own id: a result package names it, so the lead knows what it
    /// answers.
    pub id: String,
    /// The team member it was made for.
    pub member: String,
    /// Who made it, and when (RFC 3339).
    pub made_by: String,
    pub made_at: String,
}

/// What the lead hands one team member.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct WorkPackage {
    pub origin: PackageOrigin,
    pub set: AuditSet,
}

/// What a team member hands back: the package as they received it (`base`, so the lead
/// can tell who changed what since) and their records as they are now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResultPackage {
    pub origin: PackageOrigin,
    /// Who exported the result, and when (RFC 3339).
    pub returned_by: String,
    pub returned_at: String,
    pub base: AuditSet,
    pub result: AuditSet,
}

/// The work package of team member `member` (named as in the audit team) from the whole
/// audit `full`.
pub fn work_package(
    full: AuditSet,
    member: &str,
    origin_id: String,
    by: &str,
    at: &str,
) -> Result<WorkPackage> {
    let team_member = full
        .audit
        .conduct
        .team
        .iter()
        .find(|m| m.name.eq_ignore_ascii_case(member))
        .ok_or_else(|| {
            Error::new(
                ErrorCode::NotFound,
                format!(
                    "\"{}\" is not in the team of {}; add them on the Team tab first.",
                    crate::text::excerpt(member),
                    full.audit.title
                ),
            )
        })?
        .clone();
    if team_member.criteria.is_empty() {
        return Err(Error::new(
            ErrorCode::Incomplete,
            format!(
                "{} has no checklist items assigned; assign some on the Team tab, then export their work package.",
                team_member.name
            ),
        ));
    }
    let mine = |criterion: &str| team_member.criteria.iter().any(|c| c == criterion);
    let AuditSet {
        programme,
        mut audit,
        checklist,
        sampling,
        ..
    } = full;
    // The member sees the plan sessions they take part in, and no one else's notes.
    let plan = &mut audit.conduct;
    plan.sessions.retain(|s| {
        s.auditors
            .iter()
            .any(|a| a.eq_ignore_ascii_case(&team_member.name))
    });
    plan.documents.clear();
    plan.opening = None;
    plan.closing = None;
    plan.communications.clear();
    plan.information_limits.clear();
    Ok(WorkPackage {
        origin: PackageOrigin {
            id: origin_id,
            member: team_member.name.clone(),
            made_by: by.to_string(),
            made_at: at.to_string(),
        },
        set: AuditSet {
            programme,
            audit,
            checklist: checklist
                .into_iter()
                .filter(|i| mine(&i.criterion_id))
                .collect(),
            findings: Vec::new(),
            evidence: Vec::new(),
            sampling: sampling
                .into_iter()
                .filter(|s| mine(&s.criterion_id))
                .collect(),
        },
    })
}

/// The work package an audit of this workspace was taken in from: the newest
/// `importAudit` entry of the trail that brought it with a package.
pub fn received(journal: &[JournalEntry], audit_id: &str) -> Option<WorkPackage> {
    journal.iter().rev().find_map(|entry| {
        let command = &entry.command;
        if command.get("type")?.as_str()? != "importAudit" {
            return None;
        }
        let set: AuditSet = serde_json::from_value(command.get("set")?.clone()).ok()?;
        let origin: PackageOrigin = serde_json::from_value(command.get("package")?.clone()).ok()?;
        (set.audit.id == audit_id).then_some(WorkPackage { origin, set })
    })
}

/// The result package of `package`, from the member's records `current` of its audit:
/// their checklist items and sampling plans, and every finding and evidence entry.
pub fn result_package(
    current: AuditSet,
    package: WorkPackage,
    by: &str,
    at: &str,
) -> ResultPackage {
    let assigned: Vec<String> = package
        .set
        .checklist
        .iter()
        .map(|i| i.criterion_id.clone())
        .collect();
    let theirs = |criterion: &str| assigned.iter().any(|c| c == criterion);
    let AuditSet {
        programme,
        audit,
        checklist,
        findings,
        evidence,
        sampling,
    } = current;
    ResultPackage {
        origin: package.origin,
        returned_by: by.to_string(),
        returned_at: at.to_string(),
        base: package.set,
        result: AuditSet {
            programme,
            audit,
            checklist: checklist
                .into_iter()
                .filter(|i| theirs(&i.criterion_id))
                .collect(),
            findings,
            evidence,
            sampling: sampling
                .into_iter()
                .filter(|s| theirs(&s.criterion_id))
                .collect(),
        },
    }
}
