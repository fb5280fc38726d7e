//! The router: each command goes to the domain module that owns its rules, with the
//! records it reads; what the module returns becomes the records to write, and the
//! command becomes one journal entry.

use super::{Command, Context, Workspace};
use crate::audit::{self, AuditChange, AuditKind, Signoff, conduct, followup, sessions};
use crate::catalog::custom::CriteriaSet;
use crate::error::{Error, ErrorCode, Result};
use crate::journal::{self, JournalEntry, RecordDigest};
use crate::programme::{Programme, coverage, monitoring, review, risks, time};
use crate::record::{Change, DamagedRecord, FileWrite, Record, RecordKey, RecordKind};
use crate::report::version;
use crate::soa::Soa;
use crate::text::{self, SHORT};
use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

impl Workspace {
    /// Validates `command` and returns what it changes; changes nothing itself.
    pub fn apply(&self, command: &Command, ctx: &Context) -> Result<Change> {
        let actor = text::required("actor", "Your name (the actor)", &ctx.actor, SHORT)?;
        let created = command.creates().then(|| ctx.new_id.clone());
        if let Some(id) = &created {
            self.ensure_new(id)?;
        }
        let at = ctx.at.to_rfc3339_opts(SecondsFormat::Millis, true);
        let writes = self.route(command, &ctx.new_id, &actor, &at, ctx.at.date_naive())?;
        self.change(command, at, actor, created, writes)
    }

    /// The change that `entry` records, made again by applying its `command` (decoded
    /// from the entry) here with the entry's own time, actor and created id: `None`
    /// unless it reproduces the entry's hash exactly, which vouches for every record it
    /// writes too (their hashes are in the entry). Another tab's entries are taken in
    /// this way (`Session::catch_up`).
    pub fn replay(&self, entry: &JournalEntry, command: &Command) -> Option<Change> {
        let ctx = Context {
            at: DateTime::parse_from_rfc3339(&entry.at)
                .ok()?
                .with_timezone(&Utc),
            actor: entry.actor.clone(),
            new_id: entry.created.clone().unwrap_or_default(),
        };
        let change = self.apply(command, &ctx).ok()?;
        (change.entry.hash == entry.hash).then_some(change)
    }

    /// The change a restore appends when the user accepted a backup whose trail does not
    /// vouch for its data: no records, one entry listing the problems, by `ctx.actor`.
    pub fn accept_unverified_backup(&self, problems: Vec<String>, ctx: &Context) -> Result<Change> {
        let actor = text::required("actor", "Your name (the actor)", &ctx.actor, SHORT)?;
        let at = ctx.at.to_rfc3339_opts(SecondsFormat::Millis, true);
        let command = Command::AcceptUnverifiedBackup { problems };
        self.change(&command, at, actor, None, Writes::default())
    }

    /// The change of `command`: its writes and its journal entry.
    fn change(
        &self,
        command: &Command,
        at: String,
        actor: String,
        created: Option<String>,
        writes: Writes,
    ) -> Result<Change> {
        let entry = self.entry(command, at, actor, created, &writes)?;
        let Writes {
            puts,
            deletes,
            set_aside,
            files,
        } = writes;
        Ok(Change {
            puts,
            deletes,
            set_aside,
            files,
            entry,
        })
    }

    /// What `command` writes, as the domain module that owns it decides.
    fn route(
        &self,
        command: &Command,
        new_id: &str,
        actor: &str,
        at: &str,
        today: NaiveDate,
    ) -> Result<Writes> {
        Ok(match command {
            // Programmes (clause 5).
            Command::CreateProgramme { programme } => {
                self.check_programme_soa(programme.soa_id.as_deref())?;
                Record::Programme(programme.validate(new_id.to_string())?).into()
            }
            Command::UpdateProgramme {
                programme_id,
                programme,
            } => {
                self.check_programme_soa(programme.soa_id.as_deref())?;
                Record::Programme(self.programme(programme_id)?.updated(programme)?).into()
            }
            Command::SetItemRating {
                programme_id,
                rating,
            } => {
                let p = self.programme(programme_id)?;
                let items = self.coverage_items(p)?;
                let ratings = coverage::with_rating(&p.ratings, rating, &items)?;
                Record::Programme(Programme {
                    ratings,
                    ..p.clone()
                })
                .into()
            }
            Command::SetCoveragePlan { programme_id, plan } => {
                let p = self.programme(programme_id)?;
                let items = self.coverage_items(p)?;
                let plan = coverage::with_plan(&p.plan, plan, &items, &p.extent)?;
                Record::Programme(Programme { plan, ..p.clone() }).into()
            }
            Command::SetProgrammeRisk {
                programme_id,
                number,
                risk,
            } => {
                let p = self.programme(programme_id)?;
                let risks = risks::with_risk(&p.risks, *number, risk)?;
                Record::Programme(Programme { risks, ..p.clone() }).into()
            }
            Command::SetAuditFeedback { audit_id, feedback } => {
                let audit = &self.audit_state(audit_id)?.audit;
                let p = self.programme(&audit.programme_id)?;
                let feedback =
                    monitoring::with_feedback(&p.feedback, audit_id, feedback.validate()?);
                Record::Programme(Programme {
                    feedback,
                    ..p.clone()
                })
                .into()
            }
            Command::SetProgrammeReview {
                programme_id,
                number,
                review,
            } => {
                let p = self.programme(programme_id)?;
                let fields = review.validate()?;
                let figures = self.programme_dashboard(programme_id, &fields.date)?;
                let inputs = review::ReviewInputs::of(&figures);
                let reviews = review::with_review(&p.reviews, *number, fields, inputs)?;
                Record::Programme(Programme {
                    reviews,
                    ..p.clone()
                })
                .into()
            }
            Command::SignOffProgrammeReview {
                programme_id,
                number,
            } => {
                let p = self.programme(programme_id)?;
                let reviews = review::signed_off(&p.reviews, *number, actor, at)?;
                Record::Programme(Programme {
                    reviews,
                    ..p.clone()
                })
                .into()
            }
            Command::SetAuditTime { audit_id, inputs } => {
                let audit = &self.audit_state(audit_id)?.audit;
                let p = self.programme(&audit.programme_id)?;
                let inputs = inputs.validate(audit.kind == AuditKind::Internal)?;
                let audit_times = time::with_time(&p.audit_times, audit_id, inputs);
                Record::Programme(Programme {
                    audit_times,
                    ..p.clone()
                })
                .into()
            }
            Command::SetScoringSettings {
                programme_id,
                settings,
            } => Record::Programme(self.programme(programme_id)?.with_scoring(settings)?).into(),
            Command::DeleteProgramme { programme_id } => {
                let programme = self.programme(programme_id)?;
                let audits = self
                    .audits
                    .values()
                    .filter(|a| &a.audit.programme_id == programme_id)
                    .count();
                programme.check_delete(audits)?;
                Writes::delete(RecordKind::Programme, programme_id)
            }
            // Audits (clause 6).
            Command::CreateAudit {
                programme_id,
                audit,
            } => {
                self.programme(programme_id)?;
                audit::plan::create(new_id, programme_id, audit, self)?.into()
            }
            Command::UpdateAudit { audit_id, audit } => {
                let change = audit::plan::update(self.audit_records(audit_id)?, audit, self)?;
                // A sampling plan shares its checklist item's id and goes with it.
                let plans: Vec<RecordKey> = change
                    .deleted_checklist
                    .iter()
                    .filter(|id| self.sampling.contains_key(*id))
                    .map(|id| (RecordKind::SamplingPlan, id.clone()))
                    .collect();
                let mut writes: Writes = change.into();
                writes.deletes.extend(plans);
                writes
            }
            Command::SetAuditStatus {
                audit_id,
                status,
                acknowledgements,
                reason,
            } => {
                let facts = self.completion_facts(audit_id)?;
                let records = self.audit_records(audit_id)?;
                audit::set_status(records, *status, &facts, acknowledgements, reason, today)?.into()
            }
            // Conducting the audit (6.2-6.4).
            Command::SetInitiation {
                audit_id,
                initiation,
            } => conduct::set_initiation(self.audit_records(audit_id)?, initiation)?.into(),
            Command::SetFeasibility {
                audit_id,
                feasibility,
            } => {
                let records = self.audit_records(audit_id)?;
                conduct::set_feasibility(records, feasibility, actor, at)?.into()
            }
            Command::SetTeam { audit_id, team } => {
                let records = self.audit_records(audit_id)?;
                let team = self.linked_team(records.audit, team)?;
                conduct::set_team(records, &team)?.into()
            }
            Command::SetDocumentReview {
                audit_id,
                number,
                review,
            } => {
                conduct::set_document_review(self.audit_records(audit_id)?, *number, review)?.into()
            }
            Command::DeleteDocumentReview { audit_id, number } => {
                conduct::delete_document_review(self.audit_records(audit_id)?, *number)?.into()
            }
            Command::SetPlanSession {
                audit_id,
                number,
                session,
            } => sessions::set_session(self.audit_records(audit_id)?, *number, session)?.into(),
            Command::DeletePlanSession { audit_id, number } => {
                sessions::delete_session(self.audit_records(audit_id)?, *number)?.into()
            }
            Command::AcceptPlan {
                audit_id,
                accepted_by,
                date,
            } => {
                let records = self.audit_records(audit_id)?;
                sessions::accept_plan(records, accepted_by, date, actor, at)?.into()
            }
            Command::SetMeeting {
                audit_id,
                kind,
                meeting,
            } => conduct::set_meeting(self.audit_records(audit_id)?, *kind, meeting)?.into(),
            Command::LogCommunication { audit_id, message } => {
                let records = self.audit_records(audit_id)?;
                conduct::log_communication(records, message, actor, at)?.into()
            }
            Command::SetInformationLimit {
                audit_id,
                number,
                limit,
            } => conduct::set_information_limit(self.audit_records(audit_id)?, *number, limit)?
                .into(),
            // The report's issue control (6.5).
            Command::ReviewReport { audit_id } => {
                let content = self.report_content(audit_id)?;
                audit::issue::review(self.audit_records(audit_id)?, &content, actor, at)?.into()
            }
            Command::ApproveReport { audit_id } => {
                let content = self.report_content(audit_id)?;
                audit::issue::approve(self.audit_records(audit_id)?, &content, actor, at)?.into()
            }
            Command::IssueReport { audit_id, reason } => {
                let content = self.report_content(audit_id)?;
                let records = self.audit_records(audit_id)?;
                let (reviewed, approved, audit) = audit::issue::issue(records, &content)?;
                let draft = self.report(audit_id, at.to_string(), actor.to_string())?;
                let earlier = self.versions_of(audit_id).len() as u32;
                let issued = Signoff::new(actor, at);
                let trail = self.head().map(|h| version::TrailAtIssue {
                    entries: h.seq,
                    head_hash: h.hash.clone(),
                });
                let version = version::issue(
                    new_id,
                    draft,
                    earlier,
                    reviewed,
                    approved,
                    issued,
                    reason,
                    trail,
                    &self.report_messages,
                )?;
                Writes {
                    puts: vec![Record::Audit(audit), Record::ReportVersion(version)],
                    ..Writes::default()
                }
            }
            Command::RecordDistribution {
                version_id,
                receipt,
            } => {
                let version = self
                    .report_versions
                    .get(version_id)
                    .ok_or_else(|| Error::not_found("report version", version_id))?;
                Record::ReportVersion(version.distributed(receipt, actor, at)?).into()
            }
            // Follow-up of nonconformities (6.7).
            Command::SetCause { finding_id, cause } => {
                let records = self.audit_of_finding(finding_id)?;
                let existing = self.follow_ups.get(finding_id);
                Record::FollowUp(followup::set_cause(records, finding_id, existing, cause)?).into()
            }
            Command::ProposeAction { finding_id, action } => {
                let records = self.audit_of_finding(finding_id)?;
                let existing = self.follow_ups.get(finding_id);
                let f = followup::propose(records, finding_id, existing, action, actor, at)?;
                Record::FollowUp(f).into()
            }
            Command::AdvanceAction {
                finding_id,
                number,
                step,
                evidence,
                date,
            } => {
                let records = self.audit_of_finding(finding_id)?;
                let existing = self.follow_ups.get(finding_id);
                let f = followup::advance(
                    records, finding_id, existing, *number, *step, evidence, date, actor, at,
                )?;
                Record::FollowUp(f).into()
            }
            Command::SetReportDetails { audit_id, details } => {
                audit::set_report_details(self.audit_records(audit_id)?, details)?.into()
            }
            Command::DeleteAudit { audit_id } => {
                let mut writes: Writes = audit::delete(self.audit_records(audit_id)?)?.into();
                // Evidence and sampling plans recorded while it was planned go with it.
                for e in self.evidence_of(audit_id) {
                    writes.deletes.push((RecordKind::Evidence, e.id.clone()));
                    let files = e.files.iter().map(|f| FileWrite::Delete(f.id.clone()));
                    writes.files.extend(files);
                }
                let plans = self.sampling.values().filter(|p| &p.audit_id == audit_id);
                let plans: Vec<RecordKey> = plans
                    .map(|p| (RecordKind::SamplingPlan, p.id.clone()))
                    .collect();
                writes.deletes.extend(plans);
                writes
            }
            Command::RecordResult {
                audit_id,
                criterion_id,
                result,
                notes,
            } => audit::checklist::record_result(
                self.audit_records(audit_id)?,
                criterion_id,
                *result,
                notes,
            )?
            .into(),
            Command::AddFinding { audit_id, finding } => {
                audit::finding::add(self.audit_records(audit_id)?, new_id, finding)?.into()
            }
            Command::UpdateFinding {
                finding_id,
                finding,
            } => audit::finding::update(self.audit_of_finding(finding_id)?, finding_id, finding)?
                .into(),
            Command::DeleteFinding { finding_id } => {
                if self.follow_ups.contains_key(finding_id) {
                    return Err(Error::new(
                        ErrorCode::InUse,
                        "This finding has a follow-up (correction, root cause or corrective actions); it is kept.",
                    ));
                }
                let records = self.audit_of_finding(finding_id)?;
                let mut writes: Writes = audit::finding::delete(records, finding_id)?.into();
                // Evidence that supported it no longer names it.
                let citing = self
                    .evidence_of(&records.audit.id)
                    .into_iter()
                    .filter(|e| e.finding_ids.contains(finding_id));
                for e in citing {
                    let mut e = e.clone();
                    e.finding_ids.retain(|id| id != finding_id);
                    writes.puts.push(Record::Evidence(e));
                }
                writes
            }
            Command::ConfirmConclusion {
                audit_id,
                verdict,
                reason,
                statements,
            } => {
                // The audit module cannot score (scoring reads audits), so it is told.
                let computed = self.score(audit_id)?.conclusion.computed;
                let records = self.audit_records(audit_id)?;
                audit::conclusion::confirm(
                    records,
                    *verdict,
                    reason,
                    *statements,
                    computed,
                    actor,
                    at,
                )?
                .into()
            }
            // Sampling and evidence (6.3.4, 6.4.7).
            Command::SetSamplingPlan {
                audit_id,
                criterion_id,
                plan,
            } => Record::SamplingPlan(audit::sampling::set_plan(
                self.audit_records(audit_id)?,
                criterion_id,
                plan,
            )?)
            .into(),
            Command::AddEvidence { audit_id, evidence } => {
                let records = self.audit_records(audit_id)?;
                let existing = self.evidence_of(audit_id);
                Record::Evidence(audit::evidence::add(records, &existing, new_id, evidence)?).into()
            }
            Command::UpdateEvidence {
                evidence_id,
                evidence,
            } => {
                let existing = self.evidence_entry(evidence_id)?;
                let records = self.audit_records(&existing.audit_id)?;
                Record::Evidence(audit::evidence::update(records, existing, evidence)?).into()
            }
            Command::AttachEvidenceFile { evidence_id, file } => {
                let existing = self.evidence_entry(evidence_id)?;
                let records = self.audit_records(&existing.audit_id)?;
                let bytes = self.evidence_bytes();
                let evidence = audit::evidence::attach(records, existing, new_id, file, bytes)?;
                Writes {
                    puts: vec![Record::Evidence(evidence)],
                    files: vec![FileWrite::Put(new_id.to_string())],
                    ..Writes::default()
                }
            }
            Command::RemoveEvidenceFile {
                evidence_id,
                file_id,
            } => {
                let existing = self.evidence_entry(evidence_id)?;
                let records = self.audit_records(&existing.audit_id)?;
                let evidence = audit::evidence::remove_file(records, existing, file_id)?;
                Writes {
                    puts: vec![Record::Evidence(evidence)],
                    files: vec![FileWrite::Delete(file_id.clone())],
                    ..Writes::default()
                }
            }
            // Statements of Applicability.
            Command::CreateSoa { soa } => Record::Soa(Soa::create(new_id, soa)?).into(),
            Command::UpdateSoa { soa_id, soa } => {
                Record::Soa(self.soa(soa_id)?.updated(soa)?).into()
            }
            Command::SetSoaEntry { soa_id, entry } => {
                Record::Soa(self.soa(soa_id)?.with_entry(entry)?).into()
            }
            Command::ImportSoa { soa_id, csv } => {
                Record::Soa(self.soa(soa_id)?.with_csv(csv)?).into()
            }
            // Spreadsheet imports (any kind), read with the mapping the user confirmed.
            Command::ImportTable { table } => self.import_writes(table, new_id)?,
            Command::DeleteSoa { soa_id } => {
                let soa = self.soa(soa_id)?;
                let planned = self
                    .audits
                    .values()
                    .find(|a| a.audit.soa_id.as_ref() == Some(soa_id))
                    .map(|a| a.audit.title.as_str());
                let programme = self
                    .programmes
                    .values()
                    .find(|p| p.soa_id.as_ref() == Some(soa_id))
                    .map(|p| p.name.as_str());
                soa.check_delete(planned, programme)?;
                Writes::delete(RecordKind::Soa, soa_id)
            }
            // Custom criteria sets.
            Command::CreateCriteriaSet { set } => {
                let sets = self.criteria_sets.values();
                Record::CriteriaSet(CriteriaSet::create(new_id, set, sets)?).into()
            }
            Command::UpdateCriteriaSet { set_id, set } => {
                Record::CriteriaSet(self.criteria_set(set_id)?.updated(set)?).into()
            }
            Command::SetCustomCriterion { set_id, criterion } => {
                Record::CriteriaSet(self.criteria_set(set_id)?.with_criterion(criterion)?).into()
            }
            Command::DeleteCustomCriterion {
                set_id,
                criterion_id,
            } => Record::CriteriaSet(self.criteria_set(set_id)?.without_criterion(criterion_id)?)
                .into(),
            Command::ImportCustomCriteria {
                set_id,
                format,
                text,
            } => Record::CriteriaSet(self.criteria_set(set_id)?.with_import(*format, text)?).into(),
            Command::DeleteCriteriaSet { set_id } => {
                let set = self.criteria_set(set_id)?;
                let using = self
                    .audits
                    .values()
                    .find(|a| set.is_used_in(&a.audit.criteria));
                set.check_delete(using.map(|a| a.audit.title.as_str()))?;
                Writes::delete(RecordKind::CriteriaSet, set_id)
            }
            // Auditor competence (clause 7).
            Command::CreateAuditor { .. }
            | Command::UpdateAuditor { .. }
            | Command::RecordEvaluation { .. }
            | Command::AddCpd { .. }
            | Command::SetCompetenceCriteria { .. }
            | Command::EraseAuditor { .. } => self.competence_writes(command, new_id, actor, at)?,
            // The trail and the stored records.
            Command::SetAsideRecord { store, id } => {
                let record = self
                    .damaged
                    .iter()
                    .find(|d| &d.store == store && &d.id == id)
                    .ok_or_else(|| Error::not_found("damaged record", &format!("{store}/{id}")))?;
                Writes {
                    set_aside: vec![record.clone()],
                    ..Writes::default()
                }
            }
            Command::VouchForRecords {} => Writes {
                puts: self.records(),
                ..Writes::default()
            },
            // Bundles and work packages (issue 13).
            Command::ImportAudit { set, .. } => self.import_audit(set)?,
            Command::MergeResultPackage { package, choices } => {
                self.merge_result(package, choices)?
            }
            Command::AcceptUnverifiedBackup { .. } => {
                return Err(Error::new(
                    ErrorCode::InvalidCommand,
                    "The acceptance of an unverified backup is recorded by restoring that backup, not on its own.",
                ));
            }
        })
    }

    /// The journal entry of `command`, chained to the newest one, carrying the hash of
    /// every record it writes (none for those it removes). Entries are made here and
    /// nowhere else.
    fn entry(
        &self,
        command: &Command,
        at: String,
        actor: String,
        created: Option<String>,
        writes: &Writes,
    ) -> Result<JournalEntry> {
        let cannot_record = |e: serde_json::Error| {
            Error::new(
                ErrorCode::Internal,
                format!("The command cannot be recorded: {e}."),
            )
        };
        let command_json = serde_json::to_value(command).map_err(cannot_record)?;
        let removed = |store: &str, id: &str| RecordDigest {
            store: store.to_string(),
            id: id.to_string(),
            sha256: None,
        };
        let mut records = Vec::new();
        for record in &writes.puts {
            let value = serde_json::to_value(record).map_err(cannot_record)?;
            records.push(RecordDigest {
                sha256: Some(journal::record_hash(&value)),
                ..removed(record.kind().store(), record.id())
            });
        }
        records.extend(writes.deletes.iter().map(|(k, id)| removed(k.store(), id)));
        records.extend(writes.set_aside.iter().map(|d| removed(&d.store, &d.id)));
        Ok(JournalEntry::next(
            self.head.as_ref(),
            at,
            actor,
            command_json,
            created,
            records,
        ))
    }
}

/// The records one command writes, deletes and sets aside.
#[derive(Default)]
pub(super) struct Writes {
    pub(super) puts: Vec<Record>,
    pub(super) deletes: Vec<RecordKey>,
    pub(super) set_aside: Vec<DamagedRecord>,
    pub(super) files: Vec<FileWrite>,
}

impl Writes {
    fn delete(kind: RecordKind, id: &str) -> Self {
        Writes {
            deletes: vec![(kind, id.to_string())],
            ..Writes::default()
        }
    }
}

impl From<Record> for Writes {
    fn from(record: Record) -> Self {
        Writes {
            puts: vec![record],
            ..Writes::default()
        }
    }
}

impl From<AuditChange> for Writes {
    fn from(c: AuditChange) -> Self {
        let puts = c
            .audit
            .map(Record::Audit)
            .into_iter()
            .chain(c.checklist.into_iter().map(Record::ChecklistItem))
            .chain(c.findings.into_iter().map(Record::Finding))
            .collect();
        let deletes = c
            .deleted_checklist
            .into_iter()
            .map(|id| (RecordKind::ChecklistItem, id))
            .chain(
                c.deleted_findings
                    .into_iter()
                    .map(|id| (RecordKind::Finding, id)),
            )
            .chain(c.deleted_audit.map(|id| (RecordKind::Audit, id)))
            .collect();
        Writes {
            puts,
            deletes,
            ..Writes::default()
        }
    }
}
