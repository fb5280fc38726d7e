//! The workspace: every record of one database, held for reading. It routes each
//! [`Command`] to the domain module that owns its rules (`apply.rs`), takes in what the
//! store committed, and builds the views the page reads (`views.rs`).
//!
//! `apply` never mutates: the owning module validates the command against the records
//! it is given and returns what to write; `apply` adds the journal entry and returns the
//! [`Change`] to persist. Only after the store has committed that change does the caller
//! `commit` it here, so the in-memory state never runs ahead of what is saved.

mod apply;
pub mod auditors;
mod command;
mod import;
mod packages;
pub mod views;

use crate::audit::plan::PlanLookup;
use crate::audit::{
    Audit, AuditRecords, ChecklistItem, CompletionFacts, Evidence, Finding, FollowUp, SamplingPlan,
};
use crate::catalog;
use crate::catalog::custom::CriteriaSet;
use crate::competence::Auditor;
use crate::error::{Error, ErrorCode, Result};
use crate::journal::JournalEntry;
use crate::programme::{Programme, coverage};
use crate::record::{Change, DamagedRecord, Record, RecordKind, Snapshot};
use crate::report::ReportVersion;
use crate::scoring::{self, Explanation, Metric, Score, ScoreInput};
use crate::soa::Soa;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

pub use command::Command;

/// Who makes a change, when, and the id for a record it creates: the web layer supplies
/// these from the browser, tests supply fixed ones.
#[derive(Debug, Clone)]
pub struct Context {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub new_id: String,
}

struct AuditState {
    audit: Audit,
    /// In checklist order.
    checklist: Vec<ChecklistItem>,
    /// In reference order.
    findings: Vec<Finding>,
}

impl AuditState {
    fn records(&self) -> AuditRecords<'_> {
        AuditRecords {
            audit: &self.audit,
            checklist: &self.checklist,
            findings: &self.findings,
        }
    }
}

#[derive(Default)]
pub struct Workspace {
    programmes: HashMap<String, Programme>,
    audits: HashMap<String, AuditState>,
    /// Which audit each finding belongs to.
    finding_audit: HashMap<String, String>,
    soas: HashMap<String, Soa>,
    criteria_sets: HashMap<String, CriteriaSet>,
    /// Issued report versions, by id.
    report_versions: HashMap<String, ReportVersion>,
    /// The follow-up of nonconformity findings, by finding id.
    follow_ups: HashMap<String, FollowUp>,
    /// Evidence entries of every audit, by id.
    evidence: HashMap<String, Evidence>,
    /// Sampling plans of checklist items, by id (`{auditId}/{criterionId}`).
    sampling: HashMap<String, SamplingPlan>,
    /// Auditor profiles, by id.
    auditors: HashMap<String, Auditor>,
    head: Option<JournalEntry>,
    /// Stored records the workspace opened without (see [`DamagedRecord`]).
    damaged: Vec<DamagedRecord>,
    /// The words of reports and charts, in the page's language (not stored).
    report_messages: crate::report::Messages,
}

impl Workspace {
    /// The words reports, issued versions and charts are written in from now on.
    pub fn set_report_messages(&mut self, messages: crate::report::Messages) {
        self.report_messages = messages;
    }

    /// The words reports are written in now.
    pub fn report_messages(&self) -> &crate::report::Messages {
        &self.report_messages
    }

    /// Rebuilds a workspace from stored records. Records that point nowhere join the
    /// damaged ones: the workspace opens without them and says so.
    pub fn from_snapshot(snapshot: Snapshot) -> Self {
        let mut ws = Workspace {
            head: snapshot.head,
            damaged: snapshot.damaged,
            ..Workspace::default()
        };
        for p in snapshot.programmes {
            ws.programmes.insert(p.id.clone(), p);
        }
        for soa in snapshot.soas {
            ws.soas.insert(soa.id.clone(), soa);
        }
        for set in snapshot.criteria_sets {
            ws.criteria_sets.insert(set.id.clone(), set);
        }
        for a in snapshot.audits {
            if ws.programmes.contains_key(&a.programme_id) {
                ws.insert_audit(a);
            } else {
                let why = dangling("programme", &a.programme_id);
                ws.damaged.push(damaged(&Record::Audit(a), why));
            }
        }
        for item in snapshot.checklist {
            match ws.audits.get_mut(&item.audit_id) {
                Some(state) => state.checklist.push(item),
                None => {
                    let why = dangling("audit", &item.audit_id);
                    ws.damaged.push(damaged(&Record::ChecklistItem(item), why));
                }
            }
        }
        for f in snapshot.findings {
            if ws.audits.contains_key(&f.audit_id) {
                ws.insert_finding(f);
            } else {
                let why = dangling("audit", &f.audit_id);
                ws.damaged.push(damaged(&Record::Finding(f), why));
            }
        }
        for v in snapshot.report_versions {
            if ws.audits.contains_key(&v.audit_id) {
                ws.report_versions.insert(v.id.clone(), v);
            } else {
                let why = dangling("audit", &v.audit_id);
                ws.damaged.push(damaged(&Record::ReportVersion(v), why));
            }
        }
        for f in snapshot.follow_ups {
            if ws.finding_audit.contains_key(&f.id) {
                ws.follow_ups.insert(f.id.clone(), f);
            } else {
                let why = dangling("finding", &f.id);
                ws.damaged.push(damaged(&Record::FollowUp(f), why));
            }
        }
        for e in snapshot.evidence {
            if ws.audits.contains_key(&e.audit_id) {
                ws.evidence.insert(e.id.clone(), e);
            } else {
                let why = dangling("audit", &e.audit_id);
                ws.damaged.push(damaged(&Record::Evidence(e), why));
            }
        }
        for plan in snapshot.sampling {
            if ws.audits.contains_key(&plan.audit_id) {
                ws.sampling.insert(plan.id.clone(), plan);
            } else {
                let why = dangling("audit", &plan.audit_id);
                ws.damaged.push(damaged(&Record::SamplingPlan(plan), why));
            }
        }
        for a in snapshot.auditors {
            ws.auditors.insert(a.id.clone(), a);
        }
        for state in ws.audits.values_mut() {
            state.checklist.sort_by_key(|i| i.position);
            state.findings.sort_by(|a, b| a.reference.cmp(&b.reference));
        }
        ws.damaged
            .sort_by(|a, b| (&a.store, &a.id).cmp(&(&b.store, &b.id)));
        ws
    }

    /// The records the workspace opened without, and why.
    pub fn damaged(&self) -> &[DamagedRecord] {
        &self.damaged
    }

    /// Every record, programmes first.
    fn records(&self) -> Vec<Record> {
        let mut out: Vec<Record> = self
            .programmes
            .values()
            .cloned()
            .map(Record::Programme)
            .collect();
        out.extend(self.soas.values().cloned().map(Record::Soa));
        out.extend(
            self.criteria_sets
                .values()
                .cloned()
                .map(Record::CriteriaSet),
        );
        for state in self.audits.values() {
            out.push(Record::Audit(state.audit.clone()));
            out.extend(state.checklist.iter().cloned().map(Record::ChecklistItem));
            out.extend(state.findings.iter().cloned().map(Record::Finding));
        }
        out.extend(
            self.report_versions
                .values()
                .cloned()
                .map(Record::ReportVersion),
        );
        out.extend(self.follow_ups.values().cloned().map(Record::FollowUp));
        out.extend(self.evidence.values().cloned().map(Record::Evidence));
        out.extend(self.sampling.values().cloned().map(Record::SamplingPlan));
        out.extend(self.auditors.values().cloned().map(Record::Auditor));
        out
    }

    /// The newest journal entry.
    pub fn head(&self) -> Option<&JournalEntry> {
        self.head.as_ref()
    }

    /// How many changes the trail holds: the newest entry's sequence number, 0 when empty.
    pub fn trail_length(&self) -> u64 {
        self.head.as_ref().map_or(0, |h| h.seq)
    }

    /// Takes in a change the store has committed.
    pub fn commit(&mut self, change: Change) {
        self.damaged.retain(|d| {
            !change
                .set_aside
                .iter()
                .any(|s| s.store == d.store && s.id == d.id)
        });
        for (kind, id) in change.deletes {
            match kind {
                RecordKind::Finding => {
                    if let Some(audit_id) = self.finding_audit.remove(&id)
                        && let Some(state) = self.audits.get_mut(&audit_id)
                    {
                        state.findings.retain(|f| f.id != id);
                    }
                }
                RecordKind::ChecklistItem => {
                    for state in self.audits.values_mut() {
                        state.checklist.retain(|i| i.id != id);
                    }
                }
                RecordKind::Audit => {
                    // Its checklist items are deleted by the same change.
                    self.audits.remove(&id);
                }
                RecordKind::Programme => {
                    self.programmes.remove(&id);
                }
                RecordKind::Soa => {
                    self.soas.remove(&id);
                }
                RecordKind::CriteriaSet => {
                    self.criteria_sets.remove(&id);
                }
                RecordKind::ReportVersion => {
                    self.report_versions.remove(&id);
                }
                RecordKind::FollowUp => {
                    self.follow_ups.remove(&id);
                }
                RecordKind::Evidence => {
                    self.evidence.remove(&id);
                }
                RecordKind::SamplingPlan => {
                    self.sampling.remove(&id);
                }
                RecordKind::Auditor => {
                    self.auditors.remove(&id);
                }
            }
        }
        for record in change.puts {
            match record {
                Record::Programme(p) => {
                    self.programmes.insert(p.id.clone(), p);
                }
                Record::Audit(a) => match self.audits.get_mut(&a.id) {
                    Some(state) => state.audit = a,
                    None => self.insert_audit(a),
                },
                Record::ChecklistItem(item) => {
                    let state = self.audits.get_mut(&item.audit_id).expect("validated");
                    match state.checklist.iter_mut().find(|i| i.id == item.id) {
                        Some(existing) => {
                            // A re-planned audit may move a kept criterion.
                            let moved = existing.position != item.position;
                            *existing = item;
                            if moved {
                                state.checklist.sort_by_key(|i| i.position);
                            }
                        }
                        None => {
                            let at = state
                                .checklist
                                .partition_point(|i| i.position < item.position);
                            state.checklist.insert(at, item);
                        }
                    }
                }
                Record::Soa(soa) => {
                    self.soas.insert(soa.id.clone(), soa);
                }
                Record::CriteriaSet(set) => {
                    self.criteria_sets.insert(set.id.clone(), set);
                }
                Record::ReportVersion(v) => {
                    self.report_versions.insert(v.id.clone(), v);
                }
                Record::FollowUp(f) => {
                    self.follow_ups.insert(f.id.clone(), f);
                }
                Record::Evidence(e) => {
                    self.evidence.insert(e.id.clone(), e);
                }
                Record::SamplingPlan(plan) => {
                    self.sampling.insert(plan.id.clone(), plan);
                }
                Record::Auditor(a) => {
                    self.auditors.insert(a.id.clone(), a);
                }
                Record::Finding(f) => {
                    let state = self.audits.get_mut(&f.audit_id).expect("validated");
                    match state.findings.iter_mut().find(|e| e.id == f.id) {
                        Some(existing) => *existing = f,
                        None => self.insert_finding(f),
                    }
                }
            }
        }
        self.head = Some(change.entry);
    }

    fn insert_audit(&mut self, audit: Audit) {
        self.audits.insert(
            audit.id.clone(),
            AuditState {
                audit,
                checklist: Vec::new(),
                findings: Vec::new(),
            },
        );
    }

    fn insert_finding(&mut self, f: Finding) {
        self.finding_audit.insert(f.id.clone(), f.audit_id.clone());
        if let Some(state) = self.audits.get_mut(&f.audit_id) {
            state.findings.push(f);
        }
    }

    fn ensure_new(&self, id: &str) -> Result<()> {
        if id.is_empty()
            || self.programmes.contains_key(id)
            || self.audits.contains_key(id)
            || self.finding_audit.contains_key(id)
            || self.soas.contains_key(id)
            || self.criteria_sets.contains_key(id)
            || self.report_versions.contains_key(id)
            || self.evidence.contains_key(id)
            || self.auditors.contains_key(id)
            || self.evidence_file_ids().any(|f| f == id)
        {
            return Err(Error::new(
                ErrorCode::Duplicate,
                format!("The new record id \"{id}\" is empty or already used; try again."),
            ));
        }
        Ok(())
    }

    fn programme(&self, id: &str) -> Result<&Programme> {
        self.programmes
            .get(id)
            .ok_or_else(|| Error::not_found("audit programme", id))
    }

    /// A programme's SoA must exist.
    fn check_programme_soa(&self, soa_id: Option<&str>) -> Result<()> {
        match soa_id.filter(|s| !s.is_empty()) {
            Some(id) => self.soa(id).map(|_| ()),
            None => Ok(()),
        }
    }

    /// The items a programme's coverage plan covers: from its SoA's catalog (ISO/IEC
    /// 27001:2022 without an SoA).
    fn coverage_items(&self, p: &Programme) -> Result<Vec<coverage::Item>> {
        let soa = p.soa_id.as_deref().map(|id| self.soa(id)).transpose()?;
        let catalog = match soa {
            Some(s) => s.catalog()?,
            None => catalog::require(catalog::ISO27001_2022)?,
        };
        Ok(coverage::items(catalog, soa, &p.extent))
    }

    fn soa(&self, id: &str) -> Result<&Soa> {
        self.soas
            .get(id)
            .ok_or_else(|| Error::not_found("Statement of Applicability", id))
    }

    fn criteria_set(&self, id: &str) -> Result<&CriteriaSet> {
        self.criteria_sets
            .get(id)
            .ok_or_else(|| Error::not_found("criteria set", id))
    }

    /// Every number of an audit, from the one scoring function.
    pub fn score(&self, audit_id: &str) -> Result<Score> {
        self.with_score_input(audit_id, scoring::score)
    }

    /// Why one of an audit's numbers is what it is.
    pub fn explain(&self, audit_id: &str, metric: Metric) -> Result<Explanation> {
        self.with_score_input(audit_id, |input| {
            scoring::explain_in(input, metric, &self.report_messages)
        })
    }

    fn with_score_input<T>(&self, audit_id: &str, f: impl FnOnce(&ScoreInput) -> T) -> Result<T> {
        let state = self.audit_state(audit_id)?;
        let programme = self.programme(&state.audit.programme_id)?;
        let extra_groups: Vec<(String, String)> = self
            .criteria_sets()
            .iter()
            .map(|s| {
                let g = s.as_group();
                (g.id, g.title)
            })
            .collect();
        Ok(f(&ScoreInput {
            checklist: &state.checklist,
            findings: &state.findings,
            catalog: catalog::get(&state.audit.catalog_id),
            extra_groups: &extra_groups,
            settings: &programme.scoring,
            decision: state.audit.conclusion.as_ref(),
        }))
    }

    /// The issued versions of an audit's report, oldest first.
    fn versions_of(&self, audit_id: &str) -> Vec<&ReportVersion> {
        let mut list: Vec<&ReportVersion> = self
            .report_versions
            .values()
            .filter(|v| v.audit_id == audit_id)
            .collect();
        list.sort_by_key(|v| v.version);
        list
    }

    /// A fingerprint of what the audit's report says now (not when or for whom it was
    /// generated), so that what is approved and issued is what was reviewed.
    fn report_content(&self, audit_id: &str) -> Result<String> {
        let report = self.report(audit_id, String::new(), String::new())?;
        let value = serde_json::to_value(&report).map_err(|e| {
            Error::new(
                ErrorCode::Internal,
                format!("The report cannot be written as JSON: {e}."),
            )
        })?;
        Ok(crate::journal::record_hash(&value))
    }

    /// What completing the audit requires, as it stands now.
    fn completion_facts(&self, audit_id: &str) -> Result<CompletionFacts> {
        let state = self.audit_state(audit_id)?;
        let computed = self.score(audit_id)?.conclusion.computed;
        Ok(CompletionFacts {
            report_issued: !self.versions_of(audit_id).is_empty(),
            conclusion_current: state
                .audit
                .conclusion
                .as_ref()
                .is_some_and(|d| d.computed == computed),
        })
    }

    /// The audits of a programme (in no particular order), with their ids.
    fn programme_audits<'a>(
        &'a self,
        programme_id: &'a str,
    ) -> impl Iterator<Item = (&'a String, &'a AuditState)> + 'a {
        self.audits
            .iter()
            .filter(move |(_, s)| s.audit.programme_id == programme_id)
    }

    fn audit_state(&self, id: &str) -> Result<&AuditState> {
        self.audits
            .get(id)
            .ok_or_else(|| Error::not_found("audit", id))
    }

    /// An audit with its checklist and findings, for audit commands.
    fn audit_records(&self, id: &str) -> Result<AuditRecords<'_>> {
        self.audit_state(id).map(AuditState::records)
    }

    /// The evidence entries of an audit, in reference order.
    fn evidence_of(&self, audit_id: &str) -> Vec<&Evidence> {
        let mut list: Vec<&Evidence> = self
            .evidence
            .values()
            .filter(|e| e.audit_id == audit_id)
            .collect();
        list.sort_by(|a, b| a.reference.cmp(&b.reference));
        list
    }

    /// An evidence entry and one of its files, for reading the file back.
    pub fn evidence_file(
        &self,
        evidence_id: &str,
        file_id: &str,
    ) -> Result<(&Evidence, &crate::audit::EvidenceFile)> {
        let evidence = self.evidence_entry(evidence_id)?;
        let file = evidence
            .files
            .iter()
            .find(|f| f.id == file_id)
            .ok_or_else(|| Error::not_found("evidence file", file_id))?;
        Ok((evidence, file))
    }

    /// The ids of every evidence file of the workspace.
    fn evidence_file_ids(&self) -> impl Iterator<Item = &str> {
        self.evidence
            .values()
            .flat_map(|e| e.files.iter().map(|f| f.id.as_str()))
    }

    /// The bytes of every evidence file of the workspace, for its storage limit.
    fn evidence_bytes(&self) -> u64 {
        self.evidence
            .values()
            .flat_map(|e| &e.files)
            .map(|f| u64::from(f.size))
            .sum()
    }

    fn evidence_entry(&self, id: &str) -> Result<&Evidence> {
        self.evidence
            .get(id)
            .ok_or_else(|| Error::not_found("evidence entry", id))
    }

    /// The audit a finding belongs to, for finding commands.
    fn audit_of_finding(&self, finding_id: &str) -> Result<AuditRecords<'_>> {
        let audit_id = self
            .finding_audit
            .get(finding_id)
            .ok_or_else(|| Error::not_found("finding", finding_id))?;
        self.audit_records(audit_id)
    }
}

impl PlanLookup for Workspace {
    fn soa(&self, id: &str) -> Result<&Soa> {
        Workspace::soa(self, id)
    }

    /// The title and checklist group of a custom criterion key `CODE:ID`.
    fn custom_criterion(&self, key: &str) -> Option<(String, String)> {
        let (code, id) = key.split_once(':')?;
        let set = self.criteria_sets.values().find(|s| s.code == code)?;
        let criterion = set.criterion(id)?;
        Some((criterion.title.clone(), set.group()))
    }
}

fn dangling(parent: &str, parent_id: &str) -> String {
    format!("it belongs to the {parent} \"{parent_id}\", which is not in the database")
}

fn damaged(record: &Record, reason: String) -> DamagedRecord {
    DamagedRecord {
        store: record.kind().store().to_string(),
        id: record.id().to_string(),
        reason,
        value: serde_json::to_value(record).unwrap_or_default(),
    }
}
