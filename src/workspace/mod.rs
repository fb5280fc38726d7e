//! The workspace: every programme, audit, checklist item and finding of one database,
//! and the rules that decide whether a [`Command`] may change them.
//!
//! `apply` never mutates: it validates a command and returns the [`Change`] to persist.
//! Only after the store has committed that change does the caller `commit` it here, so
//! the in-memory state never runs ahead of what is saved.

mod command;
pub mod views;

use crate::audit::{
    Audit, AuditFields, AuditStatus, ChecklistItem, ConclusionDecision, Finding, FindingFields,
    ItemResult, finding,
};
use crate::catalog;
use crate::catalog::custom::CriteriaSet;
use crate::error::{Error, ErrorCode, Result};
use crate::journal::JournalEntry;
use crate::programme::Programme;
use crate::record::{Change, Record, RecordKey, RecordKind, Snapshot};
use crate::scoring::{self, Explanation, Metric, Score, ScoreInput};
use crate::soa::Soa;
use crate::text::{self, LONG, SHORT};
use chrono::{DateTime, SecondsFormat, Utc};
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

#[derive(Default)]
pub struct Workspace {
    programmes: HashMap<String, Programme>,
    audits: HashMap<String, AuditState>,
    /// Which audit each finding belongs to.
    finding_audit: HashMap<String, String>,
    soas: HashMap<String, Soa>,
    criteria_sets: HashMap<String, CriteriaSet>,
    head: Option<JournalEntry>,
}

impl Workspace {
    /// Rebuilds a workspace from stored records, refusing records that point nowhere.
    pub fn from_snapshot(snapshot: Snapshot) -> Result<Self> {
        let mut ws = Workspace {
            head: snapshot.head,
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
            if !ws.programmes.contains_key(&a.programme_id) {
                return Err(dangling("audit", &a.id, "programme", &a.programme_id));
            }
            ws.insert_audit(a);
        }
        for item in snapshot.checklist {
            let Some(state) = ws.audits.get_mut(&item.audit_id) else {
                return Err(dangling(
                    "checklist item",
                    &item.id,
                    "audit",
                    &item.audit_id,
                ));
            };
            state.checklist.push(item);
        }
        for f in snapshot.findings {
            if !ws.audits.contains_key(&f.audit_id) {
                return Err(dangling("finding", &f.id, "audit", &f.audit_id));
            }
            ws.insert_finding(f);
        }
        for state in ws.audits.values_mut() {
            state.checklist.sort_by_key(|i| i.position);
            state.findings.sort_by(|a, b| a.reference.cmp(&b.reference));
        }
        Ok(ws)
    }

    /// The newest journal entry.
    pub fn head(&self) -> Option<&JournalEntry> {
        self.head.as_ref()
    }

    /// Validates `command` and returns what it changes; changes nothing itself.
    pub fn apply(&self, command: &Command, ctx: &Context) -> Result<Change> {
        let actor = text::required("actor", "Your name (the actor)", &ctx.actor, SHORT)?;
        let (puts, deletes, created) = match command {
            Command::CreateProgramme { programme } => {
                self.ensure_new(&ctx.new_id)?;
                let p = programme.validate(ctx.new_id.clone())?;
                (vec![Record::Programme(p)], vec![], Some(ctx.new_id.clone()))
            }
            Command::UpdateProgramme {
                programme_id,
                programme,
            } => {
                let current = self.programme(programme_id)?;
                let p = Programme {
                    scoring: current.scoring,
                    ..programme.validate(programme_id.clone())?
                };
                (vec![Record::Programme(p)], vec![], None)
            }
            Command::SetScoringSettings {
                programme_id,
                settings,
            } => {
                let p = Programme {
                    scoring: settings.validate()?,
                    ..self.programme(programme_id)?.clone()
                };
                (vec![Record::Programme(p)], vec![], None)
            }
            Command::ConfirmConclusion {
                audit_id,
                verdict,
                reason,
            } => {
                let state = self.recording_audit(audit_id)?;
                let computed = self.score(audit_id)?.conclusion.computed;
                let reason = text::optional("reason", "Reason", reason, LONG)?;
                if *verdict != computed && reason.is_empty() {
                    return Err(Error::on_field(
                        ErrorCode::Required,
                        "reason",
                        format!(
                            "The rule gives \"{}\"; say why you conclude otherwise.",
                            computed.label()
                        ),
                    ));
                }
                let mut audit = state.audit.clone();
                audit.conclusion = Some(ConclusionDecision {
                    verdict: *verdict,
                    reason,
                    computed,
                    by: actor.clone(),
                    at: ctx.at.to_rfc3339_opts(SecondsFormat::Millis, true),
                });
                (vec![Record::Audit(audit)], vec![], None)
            }
            Command::SetReportDetails { audit_id, details } => {
                let mut audit = self.audit_state(audit_id)?.audit.clone();
                audit.report = details.validate()?;
                (vec![Record::Audit(audit)], vec![], None)
            }
            Command::CreateAudit {
                programme_id,
                audit,
            } => {
                self.programme(programme_id)?;
                self.ensure_new(&ctx.new_id)?;
                let (audit, items) = self.new_audit(ctx.new_id.clone(), programme_id, audit)?;
                let mut puts = vec![Record::Audit(audit)];
                puts.extend(items.into_iter().map(Record::ChecklistItem));
                (puts, vec![], Some(ctx.new_id.clone()))
            }
            Command::UpdateAudit { audit_id, audit } => {
                let (puts, deletes) = self.update_audit(audit_id, audit)?;
                (puts, deletes, None)
            }
            Command::SetAuditStatus { audit_id, status } => {
                let state = self.audit_state(audit_id)?;
                let current = state.audit.status;
                if !current.can_become(*status) {
                    return Err(Error::on_field(
                        ErrorCode::InvalidStatus,
                        "status",
                        format!(
                            "An audit that is {} cannot become {}; audits go planned, in progress, completed (a completed audit can be reopened).",
                            current.label(),
                            status.label()
                        ),
                    ));
                }
                let mut audit = state.audit.clone();
                audit.status = *status;
                (vec![Record::Audit(audit)], vec![], None)
            }
            Command::RecordResult {
                audit_id,
                criterion_id,
                result,
                notes,
            } => {
                let state = self.recording_audit(audit_id)?;
                let mut item = state
                    .checklist
                    .iter()
                    .find(|i| &i.criterion_id == criterion_id)
                    .ok_or_else(|| not_in_scope(criterion_id))?
                    .clone();
                item.result = *result;
                item.notes = text::optional("notes", "Notes", notes, LONG)?;
                (vec![Record::ChecklistItem(item)], vec![], None)
            }
            Command::AddFinding { audit_id, finding } => {
                let state = self.recording_audit(audit_id)?;
                self.ensure_new(&ctx.new_id)?;
                let mut audit = state.audit.clone();
                let f = build_finding(
                    ctx.new_id.clone(),
                    &audit,
                    finding::reference(audit.next_finding_number),
                    finding,
                )?;
                audit.next_finding_number += 1;
                (
                    vec![Record::Audit(audit), Record::Finding(f)],
                    vec![],
                    Some(ctx.new_id.clone()),
                )
            }
            Command::UpdateFinding {
                finding_id,
                finding,
            } => {
                let (state, existing) = self.finding(finding_id)?;
                self.recording_audit(&state.audit.id)?;
                let f = build_finding(
                    existing.id.clone(),
                    &state.audit,
                    existing.reference.clone(),
                    finding,
                )?;
                (vec![Record::Finding(f)], vec![], None)
            }
            Command::DeleteProgramme { programme_id } => {
                self.programme(programme_id)?;
                if self
                    .audits
                    .values()
                    .any(|a| &a.audit.programme_id == programme_id)
                {
                    return Err(Error::new(
                        ErrorCode::InUse,
                        "This programme has audits; only an empty programme can be deleted.",
                    ));
                }
                (
                    vec![],
                    vec![(RecordKind::Programme, programme_id.clone())],
                    None,
                )
            }
            Command::DeleteAudit { audit_id } => {
                let state = self.audit_state(audit_id)?;
                if state.audit.status != AuditStatus::Planned {
                    return Err(Error::new(
                        ErrorCode::InvalidStatus,
                        "Only a planned audit can be deleted; once started, its records are kept.",
                    ));
                }
                let mut deletes: Vec<RecordKey> = state
                    .checklist
                    .iter()
                    .map(|i| (RecordKind::ChecklistItem, i.id.clone()))
                    .collect();
                deletes.push((RecordKind::Audit, audit_id.clone()));
                (vec![], deletes, None)
            }
            Command::DeleteSoa { soa_id } => {
                let soa = self.soa(soa_id)?;
                if let Some(a) = self
                    .audits
                    .values()
                    .find(|a| a.audit.soa_id.as_ref() == Some(soa_id))
                {
                    return Err(Error::new(
                        ErrorCode::InUse,
                        format!(
                            "The audit \"{}\" was planned from \"{}\"; an SoA used by an audit is kept.",
                            a.audit.title, soa.name
                        ),
                    ));
                }
                (vec![], vec![(RecordKind::Soa, soa_id.clone())], None)
            }
            Command::DeleteCriteriaSet { set_id } => {
                let set = self.criteria_set(set_id)?;
                let prefix = format!("{}:", set.code);
                if let Some(a) = self
                    .audits
                    .values()
                    .find(|a| a.audit.criteria.iter().any(|c| c.starts_with(&prefix)))
                {
                    return Err(Error::new(
                        ErrorCode::InUse,
                        format!(
                            "The audit \"{}\" uses criteria of {}; a set used by an audit is kept.",
                            a.audit.title, set.code
                        ),
                    ));
                }
                (
                    vec![],
                    vec![(RecordKind::CriteriaSet, set_id.clone())],
                    None,
                )
            }
            Command::CreateSoa { soa } => {
                self.ensure_new(&ctx.new_id)?;
                let (name, catalog) = soa.validate()?;
                let soa = Soa {
                    id: ctx.new_id.clone(),
                    name,
                    catalog_id: catalog.id.clone(),
                    entries: Vec::new(),
                };
                (vec![Record::Soa(soa)], vec![], Some(ctx.new_id.clone()))
            }
            Command::UpdateSoa { soa_id, soa } => {
                let current = self.soa(soa_id)?;
                let (name, catalog) = soa.validate()?;
                if catalog.id != current.catalog_id && !current.entries.is_empty() {
                    return Err(Error::on_field(
                        ErrorCode::Fixed,
                        "catalogId",
                        "This SoA already has entries for its catalog; create a new SoA for another edition.",
                    ));
                }
                let updated = Soa {
                    name,
                    catalog_id: catalog.id.clone(),
                    ..current.clone()
                };
                (vec![Record::Soa(updated)], vec![], None)
            }
            Command::SetSoaEntry { soa_id, entry } => {
                let soa = self.soa(soa_id)?.with_entry(entry)?;
                (vec![Record::Soa(soa)], vec![], None)
            }
            Command::ImportSoa { soa_id, csv } => {
                let soa = self.soa(soa_id)?.with_csv(csv)?;
                (vec![Record::Soa(soa)], vec![], None)
            }
            Command::CreateCriteriaSet { set } => {
                self.ensure_new(&ctx.new_id)?;
                let (code, name) = set.validate()?;
                if self
                    .criteria_sets
                    .values()
                    .any(|s| s.code.eq_ignore_ascii_case(&code))
                {
                    return Err(Error::on_field(
                        ErrorCode::Duplicate,
                        "code",
                        format!(
                            "Another criteria set already uses the code \"{code}\"; choose another."
                        ),
                    ));
                }
                let set = CriteriaSet {
                    id: ctx.new_id.clone(),
                    code,
                    name,
                    kind: set.kind,
                    criteria: Vec::new(),
                };
                (
                    vec![Record::CriteriaSet(set)],
                    vec![],
                    Some(ctx.new_id.clone()),
                )
            }
            Command::UpdateCriteriaSet { set_id, set } => {
                let current = self.criteria_set(set_id)?;
                let (code, name) = set.validate()?;
                if code != current.code {
                    return Err(Error::on_field(
                        ErrorCode::Fixed,
                        "code",
                        format!(
                            "The code of a criteria set is fixed (audits refer to {}:…); create a new set for a new code.",
                            current.code
                        ),
                    ));
                }
                let updated = CriteriaSet {
                    name,
                    kind: set.kind,
                    ..current.clone()
                };
                (vec![Record::CriteriaSet(updated)], vec![], None)
            }
            Command::SetCustomCriterion { set_id, criterion } => {
                let set = self.criteria_set(set_id)?.with_criterion(criterion)?;
                (vec![Record::CriteriaSet(set)], vec![], None)
            }
            Command::DeleteCustomCriterion {
                set_id,
                criterion_id,
            } => {
                let set = self.criteria_set(set_id)?.without_criterion(criterion_id)?;
                (vec![Record::CriteriaSet(set)], vec![], None)
            }
            Command::ImportCustomCriteria {
                set_id,
                format,
                text,
            } => {
                let set = self.criteria_set(set_id)?.with_import(*format, text)?;
                (vec![Record::CriteriaSet(set)], vec![], None)
            }
            Command::DeleteFinding { finding_id } => {
                let (state, _) = self.finding(finding_id)?;
                self.recording_audit(&state.audit.id)?;
                (
                    vec![],
                    vec![(RecordKind::Finding, finding_id.clone())],
                    None,
                )
            }
        };
        let command_json = serde_json::to_value(command).map_err(|e| {
            Error::new(
                ErrorCode::Internal,
                format!("The command cannot be recorded: {e}."),
            )
        })?;
        let entry = JournalEntry::next(
            self.head.as_ref(),
            ctx.at.to_rfc3339_opts(SecondsFormat::Millis, true),
            actor,
            command_json,
            created,
        );
        Ok(Change {
            puts,
            deletes,
            entry,
        })
    }

    /// Takes in a change the store has committed.
    pub fn commit(&mut self, change: Change) {
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
                        Some(existing) => *existing = item,
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
        self.with_score_input(audit_id, |input| scoring::explain(input, metric))
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

    /// The title and checklist group of a custom criterion key `CODE:ID`.
    fn custom_criterion(&self, key: &str) -> Option<(String, String)> {
        let (code, id) = key.split_once(':')?;
        let set = self.criteria_sets.values().find(|s| s.code == code)?;
        let criterion = set.criterion(id)?;
        Some((criterion.title.clone(), set.group()))
    }

    fn audit_state(&self, id: &str) -> Result<&AuditState> {
        self.audits
            .get(id)
            .ok_or_else(|| Error::not_found("audit", id))
    }

    /// The audit, if results and findings may be recorded in it now.
    fn recording_audit(&self, id: &str) -> Result<&AuditState> {
        let state = self.audit_state(id)?;
        match state.audit.status {
            AuditStatus::InProgress => Ok(state),
            AuditStatus::Planned => Err(Error::new(
                ErrorCode::InvalidStatus,
                "This audit is still planned; start it before recording results or findings.",
            )),
            AuditStatus::Completed => Err(Error::new(
                ErrorCode::InvalidStatus,
                "This audit is completed and its records are closed; reopen it to change them.",
            )),
        }
    }

    fn finding(&self, id: &str) -> Result<(&AuditState, &Finding)> {
        let not_found = || Error::not_found("finding", id);
        let audit_id = self.finding_audit.get(id).ok_or_else(not_found)?;
        let state = self.audit_state(audit_id)?;
        let f = state
            .findings
            .iter()
            .find(|f| f.id == id)
            .ok_or_else(not_found)?;
        Ok((state, f))
    }

    /// A new audit in the planned state and its checklist, one item per selected criterion.
    fn new_audit(
        &self,
        id: String,
        programme_id: &str,
        fields: &AuditFields,
    ) -> Result<(Audit, Vec<ChecklistItem>)> {
        let plan = fields.validate(&|key| self.custom_criterion(key))?;
        if let Some(soa_id) = &fields.soa_id {
            let soa = self.soa(soa_id).map_err(|e| Error {
                field: Some("soaId".into()),
                ..e
            })?;
            if soa.catalog_id != plan.catalog.id {
                return Err(Error::on_field(
                    ErrorCode::CriterionNotInScope,
                    "soaId",
                    format!(
                        "The SoA \"{}\" is for another edition than {}; pick an SoA of the same edition.",
                        soa.name, plan.catalog.edition
                    ),
                ));
            }
        }
        let items = plan
            .criteria
            .iter()
            .enumerate()
            .map(|(position, c)| ChecklistItem {
                id: ChecklistItem::id_for(&id, &c.id),
                audit_id: id.clone(),
                criterion_id: c.id.clone(),
                title: c.title.clone(),
                group: c.group.clone(),
                position: position as u32,
                result: ItemResult::NotAudited,
                notes: String::new(),
            })
            .collect();
        let audit = Audit {
            id,
            programme_id: programme_id.to_string(),
            title: plan.title,
            kind: plan.kind,
            auditee: plan.auditee,
            objectives: plan.objectives,
            scope: plan.scope,
            catalog_id: plan.catalog.id.clone(),
            catalog_version: plan.catalog.version.clone(),
            criteria: plan.criteria.into_iter().map(|c| c.id).collect(),
            soa_id: fields.soa_id.clone(),
            planned_start: plan.planned_start,
            planned_end: plan.planned_end,
            lead_auditor: plan.lead_auditor,
            status: AuditStatus::Planned,
            next_finding_number: 1,
            conclusion: None,
            report: Default::default(),
        };
        Ok((audit, items))
    }

    fn update_audit(
        &self,
        audit_id: &str,
        fields: &AuditFields,
    ) -> Result<(Vec<Record>, Vec<RecordKey>)> {
        let state = self.audit_state(audit_id)?;
        let current = &state.audit;
        if current.status == AuditStatus::Completed {
            return Err(Error::new(
                ErrorCode::InvalidStatus,
                "This audit is completed and its plan is closed; reopen it to change the plan.",
            ));
        }
        let (updated, items) =
            self.new_audit(audit_id.to_string(), &current.programme_id, fields)?;
        let criteria_changed =
            updated.criteria != current.criteria || updated.catalog_id != current.catalog_id;
        if criteria_changed && current.status != AuditStatus::Planned {
            return Err(Error::on_field(
                ErrorCode::InvalidStatus,
                "criteria",
                "The criteria can only change while the audit is planned; record out-of-scope items as not applicable instead.",
            ));
        }
        let audit = Audit {
            status: current.status,
            next_finding_number: current.next_finding_number,
            conclusion: current.conclusion.clone(),
            report: current.report.clone(),
            catalog_version: if criteria_changed {
                updated.catalog_version.clone()
            } else {
                current.catalog_version.clone()
            },
            ..updated
        };
        let mut puts = vec![Record::Audit(audit)];
        let mut deletes = Vec::new();
        if criteria_changed {
            // A planned audit has no results yet, so its checklist is rebuilt.
            deletes = state
                .checklist
                .iter()
                .map(|i| (RecordKind::ChecklistItem, i.id.clone()))
                .filter(|(_, id)| !items.iter().any(|n| &n.id == id))
                .collect();
            puts.extend(items.into_iter().map(Record::ChecklistItem));
        }
        Ok((puts, deletes))
    }
}

fn build_finding(
    id: String,
    audit: &Audit,
    reference: String,
    fields: &FindingFields,
) -> Result<Finding> {
    if !audit.criteria.contains(&fields.criterion_id) {
        return Err(not_in_scope(&fields.criterion_id));
    }
    let valid = fields.validate()?;
    Ok(Finding {
        id,
        audit_id: audit.id.clone(),
        reference,
        grade: fields.grade,
        criterion_id: fields.criterion_id.clone(),
        statement: valid.statement,
        evidence: valid.evidence,
        date: valid.date,
        likelihood: valid.likelihood,
        impact: valid.impact,
    })
}

fn not_in_scope(criterion_id: &str) -> Error {
    let hint = if catalog::ids()
        .iter()
        .filter_map(|id| catalog::get(id))
        .any(|c| c.criterion(criterion_id).is_some())
    {
        "it is not among the criteria selected for this audit"
    } else {
        "no catalog has such a criterion"
    };
    Error::on_field(
        ErrorCode::CriterionNotInScope,
        "criterionId",
        format!(
            "Criterion \"{criterion_id}\" cannot be used here: {hint}. Pick one from the audit's checklist."
        ),
    )
}

fn dangling(what: &str, id: &str, parent: &str, parent_id: &str) -> Error {
    Error::new(
        ErrorCode::CorruptData,
        format!(
            "The stored {what} \"{id}\" belongs to {parent} \"{parent_id}\", which is not in the database. The database is damaged; restore it from a backup or export."
        ),
    )
}
