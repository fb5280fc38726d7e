//! Closing an audit (ISO 19011 6.5-6.7): the report's review, approval and issue, frozen
//! issued versions and their distribution, the completion gate, and the follow-up of
//! nonconformities with the action register and its overdue flags.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use chrono::NaiveDate;
use common::*;
use futures::executor::block_on;
use isms_audit::Command;
use isms_audit::audit::followup::{ActionFields, CauseFields};
use isms_audit::audit::{
    Acknowledgement, ActionStatus, ActionStep, AuditStatus, Grade, ItemResult, ReportDetails,
    Verdict,
};
use isms_audit::error::ErrorCode;
use isms_audit::journal;
use isms_audit::report::version::{ReceiptFields, sha256};
use isms_audit::soa::SoaFields;
use isms_audit::storage::{MemoryStore, Session, Store};

struct Fixture {
    session: Session<MemoryStore>,
    clock: Clock,
    programme: String,
    soa: String,
    audit: String,
    /// The major nonconformity on A.8.13.
    finding: String,
}

impl Fixture {
    fn ok(&self, command: Command) -> Option<String> {
        run(&self.session, &self.clock, command).unwrap()
    }

    fn refused(&self, command: Command) -> isms_audit::Error {
        refused(&self.session, &self.clock, command)
    }

    fn review_approve_issue(&self, reason: &str) -> String {
        let audit_id = self.audit.clone();
        self.ok(Command::ReviewReport {
            audit_id: audit_id.clone(),
        });
        self.ok(Command::ApproveReport {
            audit_id: audit_id.clone(),
        });
        self.ok(Command::IssueReport {
            audit_id,
            reason: reason.into(),
        })
        .unwrap()
    }

    fn set_status(&self, status: AuditStatus, acks: Vec<Acknowledgement>) -> Command {
        Command::SetAuditStatus {
            audit_id: self.audit.clone(),
            status,
            acknowledgements: acks,
            reason: String::new(),
        }
    }
}

/// A started audit planned from an SoA, with a nonconforming control and its major
/// nonconformity, and a decided conclusion.
fn fixture() -> Fixture {
    let (session, clock) = fresh();
    let ok = |command| run(&session, &clock, command).unwrap();
    let programme = ok(Command::CreateProgramme {
        programme: programme_fields(),
    })
    .unwrap();
    let soa = ok(Command::CreateSoa {
        soa: SoaFields {
            name: "SoA v3".into(),
            catalog_id: "iso27001-2022".into(),
        },
    })
    .unwrap();
    ok(Command::ImportSoa {
        soa_id: soa.clone(),
        csv: "control,applicable,justification\nA.8.13,yes,Backups\nA.5.15,yes,Access\n".into(),
    });
    let mut fields = audit_fields(&["9.2", "A.8.13", "A.5.15"]);
    fields.soa_id = Some(soa.clone());
    let audit = ok(Command::CreateAudit {
        programme_id: programme.clone(),
        audit: fields,
    })
    .unwrap();
    ok(feasible(&audit));
    ok(Command::SetAuditStatus {
        audit_id: audit.clone(),
        status: AuditStatus::InProgress,
        acknowledgements: vec![],
        reason: String::new(),
    });
    ok(Command::RecordResult {
        audit_id: audit.clone(),
        criterion_id: "A.8.13".into(),
        result: ItemResult::Nonconforming,
        notes: String::new(),
    });
    let finding = ok(Command::AddFinding {
        audit_id: audit.clone(),
        finding: finding_fields(Grade::MajorNonconformity, "A.8.13"),
    })
    .unwrap();
    ok(Command::ConfirmConclusion {
        audit_id: audit.clone(),
        verdict: Verdict::NotFulfilled,
        reason: String::new(),
        statements: confirmed(),
    });
    Fixture {
        session,
        clock,
        programme,
        soa,
        audit,
        finding,
    }
}

#[test]
fn a_report_is_reviewed_then_approved_then_issued_each_signed() {
    let f = fixture();
    let issue = || Command::IssueReport {
        audit_id: f.audit.clone(),
        reason: String::new(),
    };
    let approve = || Command::ApproveReport {
        audit_id: f.audit.clone(),
    };
    assert_eq!(f.refused(issue()).code, ErrorCode::InvalidStatus);
    assert_eq!(f.refused(approve()).code, ErrorCode::InvalidStatus);
    f.ok(Command::ReviewReport {
        audit_id: f.audit.clone(),
    });
    assert_eq!(f.refused(issue()).code, ErrorCode::InvalidStatus);
    f.ok(approve());
    let id = f.ok(issue()).unwrap();
    let detail = f.session.workspace().audit(&f.audit).unwrap();
    let v = &detail.report_versions[0];
    assert_eq!((v.id.as_str(), v.version), (id.as_str(), 1));
    assert_eq!(v.reviewed.by, "Alex Auditor");
    assert!(v.reviewed.at < v.approved.at && v.approved.at < v.issued.at);
    // The next version starts as a draft again.
    assert_eq!(
        detail.audit.report_control,
        isms_audit::audit::ReportControl::default()
    );
    // A planned audit's report cannot be reviewed.
    let (session, clock, _, planned) = planned_audit(&["5"]);
    let err = refused(
        &session,
        &clock,
        Command::ReviewReport {
            audit_id: planned.clone(),
        },
    );
    assert_eq!(err.code, ErrorCode::InvalidStatus);
}

#[test]
fn what_is_approved_and_issued_is_what_was_reviewed() {
    let f = fixture();
    let audit_id = || f.audit.clone();
    f.ok(Command::ReviewReport {
        audit_id: audit_id(),
    });
    let edit = |summary: &str| Command::SetReportDetails {
        audit_id: f.audit.clone(),
        details: ReportDetails {
            summary: summary.into(),
            ..ReportDetails::default()
        },
    };
    f.ok(edit("Edited after the review"));
    let err = f.refused(Command::ApproveReport {
        audit_id: audit_id(),
    });
    assert_eq!(err.code, ErrorCode::InvalidStatus);
    assert!(err.message.contains("review it again"), "{err}");
    // A new review starts afresh; an edit after approval needs one too.
    f.ok(Command::ReviewReport {
        audit_id: audit_id(),
    });
    f.ok(Command::ApproveReport {
        audit_id: audit_id(),
    });
    f.ok(edit("Edited after the approval"));
    let issue = || Command::IssueReport {
        audit_id: f.audit.clone(),
        reason: String::new(),
    };
    assert!(f.refused(issue()).message.contains("review it again"));
    let id = f.review_approve_issue("");
    let html = f
        .session
        .workspace()
        .report_version_text(&id, "html")
        .unwrap();
    assert!(html.contains("Edited after the approval"));
    // Scoring settings are part of what was reviewed, too.
    f.ok(Command::ReviewReport {
        audit_id: audit_id(),
    });
    let mut settings = f
        .session
        .workspace()
        .programme_view(&f.programme)
        .unwrap()
        .scoring;
    settings.weights.major_nonconformity = 20.0;
    f.ok(Command::SetScoringSettings {
        programme_id: f.programme.clone(),
        settings,
    });
    assert!(
        f.refused(Command::ApproveReport {
            audit_id: audit_id()
        })
        .message
        .contains("review it again")
    );
}

#[test]
fn drafts_are_marked_draft_in_every_format_and_issued_versions_are_not() {
    let f = fixture();
    let ws = f.session.workspace();
    let draft = ws
        .report(
            &f.audit,
            "2026-03-05T16:00:00Z".into(),
            "Alex Auditor".into(),
        )
        .unwrap();
    drop(ws);
    let html = isms_audit::report::render(&draft, "html", &report_messages("en")).unwrap();
    let md = isms_audit::report::render(&draft, "markdown", &report_messages("en")).unwrap();
    let json: serde_json::Value = serde_json::from_str(
        &isms_audit::report::render(&draft, "json", &report_messages("en")).unwrap(),
    )
    .unwrap();
    assert!(html.contains("id=\"draft-mark\">DRAFT"));
    assert!(md.contains("> **DRAFT**"));
    assert_eq!(json["issue"]["state"], "draft");

    let id = f.review_approve_issue("");
    let ws = f.session.workspace();
    let html = ws.report_version_text(&id, "html").unwrap();
    let md = ws.report_version_text(&id, "markdown").unwrap();
    let json: serde_json::Value =
        serde_json::from_str(&ws.report_version_text(&id, "json").unwrap()).unwrap();
    assert!(!html.contains("DRAFT") && html.contains("Version 1, issued by Alex Auditor"));
    assert!(!md.contains("DRAFT") && md.contains("**Version 1**"));
    assert_eq!(json["issue"]["state"], "issued");
    assert_eq!(json["issue"]["version"], 1);
    assert_eq!(json["issue"]["approved"]["by"], "Alex Auditor");
    assert_eq!(
        ws.report_version_text(&id, "pdf").unwrap_err().code,
        ErrorCode::InvalidCommand
    );
}

#[test]
fn an_issued_version_stays_as_issued_after_edits_to_the_audit_the_soa_and_the_settings() {
    let f = fixture();
    let id = f.review_approve_issue("");
    let texts = |ws: &isms_audit::Workspace| {
        ["html", "markdown", "json"].map(|fmt| ws.report_version_text(&id, fmt).unwrap())
    };
    let before = texts(&f.session.workspace());
    let summary = f
        .session
        .workspace()
        .audit(&f.audit)
        .unwrap()
        .report_versions[0]
        .clone();
    assert_eq!(summary.html_sha256, sha256(&before[0]));
    assert_eq!(summary.markdown_sha256, sha256(&before[1]));
    assert_eq!(summary.json_sha256, sha256(&before[2]));

    // Edit the audit, its findings, the SoA and the programme's settings.
    f.ok(Command::SetReportDetails {
        audit_id: f.audit.clone(),
        details: ReportDetails {
            summary: "Rewritten after issue".into(),
            ..ReportDetails::default()
        },
    });
    f.ok(Command::UpdateFinding {
        finding_id: f.finding.clone(),
        finding: finding_fields(Grade::MinorNonconformity, "A.8.13"),
    });
    f.ok(Command::SetSoaEntry {
        soa_id: f.soa.clone(),
        entry: isms_audit::soa::SoaEntry {
            control_id: "A.5.15".into(),
            applicable: false,
            justification: "Out of scope now".into(),
            implementation: None,
            documents: String::new(),
        },
    });
    let mut settings = f
        .session
        .workspace()
        .programme_view(&f.programme)
        .unwrap()
        .scoring;
    settings.weights.observation = 1.5;
    f.ok(Command::SetScoringSettings {
        programme_id: f.programme.clone(),
        settings,
    });
    let mut programme = programme_fields();
    programme.name = "Renamed programme".into();
    f.ok(Command::UpdateProgramme {
        programme_id: f.programme.clone(),
        programme,
    });
    // The live draft changed; the issued copy did not.
    let live = f
        .session
        .workspace()
        .report(&f.audit, "2026-03-06T00:00:00Z".into(), "x".into())
        .unwrap();
    assert_eq!(live.programme, "Renamed programme");
    assert_eq!(texts(&f.session.workspace()), before);
    assert!(before[0].contains("ISMS programme 2026"));
    // ... also after the store is reopened, and the trail vouches for it.
    let reopened = block_on(Session::open(f.session.into_store())).unwrap();
    assert_eq!(texts(&reopened.workspace()), before);
    let dump = block_on(reopened.store().dump()).unwrap();
    let stored = dump
        .records
        .iter()
        .find(|r| r.store == "report_versions" && r.id == id)
        .unwrap();
    let entry = dump
        .journal
        .iter()
        .find(|e| e.command["type"] == "issueReport")
        .unwrap();
    let digest = entry
        .records
        .iter()
        .find(|r| r.store == "report_versions")
        .unwrap();
    assert_eq!(
        digest.sha256.as_deref(),
        Some(journal::record_hash(&stored.value).as_str())
    );
    assert!(
        journal::verify(&dump.journal, &dump.records)
            .problems()
            .is_empty()
    );
}

#[test]
fn a_correction_is_a_new_version_with_a_reason_and_every_version_stays() {
    let f = fixture();
    let first = f.review_approve_issue("");
    let first_html = f
        .session
        .workspace()
        .report_version_text(&first, "html")
        .unwrap();
    f.ok(Command::ReviewReport {
        audit_id: f.audit.clone(),
    });
    f.ok(Command::ApproveReport {
        audit_id: f.audit.clone(),
    });
    let err = f.refused(Command::IssueReport {
        audit_id: f.audit.clone(),
        reason: " ".into(),
    });
    assert_error(&err, ErrorCode::Required, "reason");
    let second = f
        .ok(Command::IssueReport {
            audit_id: f.audit.clone(),
            reason: "Finding F-001 cited the wrong runbook".into(),
        })
        .unwrap();
    let ws = f.session.workspace();
    let versions = ws.audit(&f.audit).unwrap().report_versions;
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(versions[1].reason, "Finding F-001 cited the wrong runbook");
    assert_eq!(ws.report_version_text(&first, "html").unwrap(), first_html);
    let md = ws.report_version_text(&second, "markdown").unwrap();
    assert!(md.contains("**Version 2**") && md.contains("wrong runbook"));
}

#[test]
fn the_distribution_says_who_received_which_version_when_and_how() {
    let f = fixture();
    let id = f.review_approve_issue("");
    let html = f
        .session
        .workspace()
        .report_version_text(&id, "html")
        .unwrap();
    f.ok(Command::RecordDistribution {
        version_id: id.clone(),
        receipt: ReceiptFields {
            recipient: "Top management".into(),
            method: "e-mail".into(),
            date: "2026-03-06".into(),
        },
    });
    let err = f.refused(Command::RecordDistribution {
        version_id: id.clone(),
        receipt: ReceiptFields {
            recipient: "Auditee".into(),
            method: String::new(),
            date: "2026-03-06".into(),
        },
    });
    assert_error(&err, ErrorCode::Required, "method");
    let err = f.refused(Command::RecordDistribution {
        version_id: "nope".into(),
        receipt: ReceiptFields {
            recipient: "Auditee".into(),
            method: "portal".into(),
            date: "2026-03-06".into(),
        },
    });
    assert_eq!(err.code, ErrorCode::NotFound);
    let ws = f.session.workspace();
    let v = &ws.audit(&f.audit).unwrap().report_versions[0];
    assert_eq!(v.distribution.len(), 1);
    assert_eq!(
        (
            v.distribution[0].recipient.as_str(),
            v.distribution[0].method.as_str(),
            v.distribution[0].date.to_string().as_str(),
            v.distribution[0].recorded.by.as_str()
        ),
        ("Top management", "e-mail", "2026-03-06", "Alex Auditor")
    );
    // Recording a recipient leaves the issued text as it was.
    assert_eq!(ws.report_version_text(&id, "html").unwrap(), html);
}

#[test]
fn completing_needs_an_issued_report_graded_nonconformities_and_a_current_conclusion() {
    let f = fixture();
    // A regraded finding makes the conclusion stale; and an ungraded nonconformity.
    f.ok(Command::UpdateFinding {
        finding_id: f.finding.clone(),
        finding: finding_fields(Grade::MinorNonconformity, "A.8.13"),
    });
    f.ok(Command::RecordResult {
        audit_id: f.audit.clone(),
        criterion_id: "A.5.15".into(),
        result: ItemResult::Nonconforming,
        notes: String::new(),
    });
    let err = f.refused(f.set_status(AuditStatus::Completed, vec![]));
    assert_eq!(err.code, ErrorCode::Incomplete, "{err}");
    let conditions: Vec<&str> = err
        .details
        .iter()
        .map(|d| d.split_once(':').map_or(d.as_str(), |(c, _)| c))
        .collect();
    assert_eq!(
        conditions,
        [
            "report_not_issued",
            "ungraded_nonconformity",
            "conclusion_not_current"
        ],
        "{:?}",
        err.details
    );
    assert!(err.details[1].starts_with("ungraded_nonconformity:A.5.15:"));
    let exceptions = f
        .session
        .workspace()
        .audit(&f.audit)
        .unwrap()
        .completion_exceptions;
    assert_eq!(exceptions.len(), 3);

    // Acknowledging one leaves the others listed; an acknowledgement needs a reason and
    // must name an unmet condition.
    let ack = |c: &str, r: &str| Acknowledgement {
        condition: c.into(),
        reason: r.into(),
    };
    let err = f.refused(f.set_status(
        AuditStatus::Completed,
        vec![ack("report_not_issued", "Issued on paper")],
    ));
    assert_eq!(err.details.len(), 2);
    let err = f.refused(f.set_status(AuditStatus::Completed, vec![ack("report_not_issued", "  ")]));
    assert_error(&err, ErrorCode::Required, "acknowledgements");
    let err = f.refused(f.set_status(
        AuditStatus::Completed,
        vec![ack("no_such_condition", "because")],
    ));
    assert_error(&err, ErrorCode::InvalidValue, "acknowledgements");

    // Meet them: grade the nonconformity, decide again, issue.
    f.ok(Command::AddFinding {
        audit_id: f.audit.clone(),
        finding: finding_fields(Grade::MinorNonconformity, "A.5.15"),
    });
    let computed = f
        .session
        .workspace()
        .score(&f.audit)
        .unwrap()
        .conclusion
        .computed;
    f.ok(Command::ConfirmConclusion {
        audit_id: f.audit.clone(),
        verdict: computed,
        reason: String::new(),
        statements: confirmed(),
    });
    let err = f.refused(f.set_status(AuditStatus::Completed, vec![]));
    assert_eq!(err.details.len(), 1);
    assert!(err.details[0].starts_with("report_not_issued"));
    f.review_approve_issue("");
    // An acknowledgement of a condition that is met is refused.
    let err = f.refused(f.set_status(
        AuditStatus::Completed,
        vec![ack("report_not_issued", "Issued on paper")],
    ));
    assert_error(&err, ErrorCode::InvalidValue, "acknowledgements");
    f.ok(f.set_status(AuditStatus::Completed, vec![]));
    assert_eq!(
        f.session.workspace().audit(&f.audit).unwrap().audit.status,
        AuditStatus::Completed
    );
}

#[test]
fn acknowledged_exceptions_complete_the_audit_and_are_journalled() {
    let f = fixture();
    let acks = vec![Acknowledgement {
        condition: "report_not_issued".into(),
        reason: "The report is issued through the group's document system".into(),
    }];
    f.ok(f.set_status(AuditStatus::Completed, acks));
    let entries = block_on(f.session.store().journal()).unwrap();
    let last = &entries.last().unwrap().command;
    assert_eq!(last["type"], "setAuditStatus");
    assert_eq!(
        last["acknowledgements"][0]["condition"],
        "report_not_issued"
    );
    assert_eq!(
        last["acknowledgements"][0]["reason"],
        "The report is issued through the group's document system"
    );
    // Reopening needs a reason, and is journalled with it.
    let err = f.refused(f.set_status(AuditStatus::InProgress, vec![]));
    assert_error(&err, ErrorCode::Required, "reason");
    reopen(&f.session, &f.clock, &f.audit).unwrap();
    let entries = block_on(f.session.store().journal()).unwrap();
    assert_eq!(
        entries.last().unwrap().command["reason"],
        "Late evidence arrived"
    );
}

fn advance(f: &Fixture, number: u32, step: ActionStep, evidence: &str) -> Command {
    Command::AdvanceAction {
        finding_id: f.finding.clone(),
        number,
        step,
        evidence: evidence.into(),
        date: if evidence.is_empty() {
            String::new()
        } else {
            "2026-04-10".into()
        },
    }
}

fn propose(f: &Fixture, due: &str) -> Command {
    Command::ProposeAction {
        finding_id: f.finding.clone(),
        action: ActionFields {
            description: "Schedule quarterly restore tests".into(),
            owner: "Sam Admin".into(),
            due: due.into(),
        },
    }
}

#[test]
fn a_corrective_action_goes_proposed_accepted_implemented_verified_closed() {
    let f = fixture();
    f.ok(Command::SetCause {
        finding_id: f.finding.clone(),
        cause: CauseFields {
            correction: "Restored the ERP database once by hand".into(),
            root_cause_method: "5 whys".into(),
            root_cause: "No one owns restore testing".into(),
        },
    });
    f.ok(propose(&f, "2026-04-30"));
    // Follow-up goes on after the audit is completed.
    complete_regardless(&f.session, &f.clock, &f.audit).unwrap();
    let status = |f: &Fixture| {
        f.session.workspace().audit(&f.audit).unwrap().follow_ups[0].actions[0].status
    };
    assert_eq!(status(&f), ActionStatus::Proposed);
    // Steps out of order are refused.
    let err = f.refused(advance(&f, 1, ActionStep::Close, ""));
    assert_error(&err, ErrorCode::InvalidStatus, "step");
    f.ok(advance(&f, 1, ActionStep::Accept, ""));
    let err = f.refused(advance(&f, 1, ActionStep::Implement, ""));
    assert_error(&err, ErrorCode::Required, "evidence");
    f.ok(advance(
        &f,
        1,
        ActionStep::Implement,
        "Restore test plan v1",
    ));
    assert_eq!(status(&f), ActionStatus::Implemented);
    // Not effective: back to accepted, the verification kept.
    f.ok(advance(
        &f,
        1,
        ActionStep::VerifyNotEffective,
        "Second restore failed",
    ));
    assert_eq!(status(&f), ActionStatus::Accepted);
    f.ok(advance(
        &f,
        1,
        ActionStep::Implement,
        "Restore test plan v2",
    ));
    f.ok(advance(
        &f,
        1,
        ActionStep::VerifyEffective,
        "Three restores in a row succeeded",
    ));
    assert_eq!(status(&f), ActionStatus::VerifiedEffective);
    f.ok(advance(&f, 1, ActionStep::Close, ""));
    let detail = f.session.workspace().audit(&f.audit).unwrap();
    let fu = &detail.follow_ups[0];
    assert_eq!(fu.root_cause_method, "5 whys");
    let a = &fu.actions[0];
    assert_eq!(a.status, ActionStatus::Closed);
    assert_eq!(
        a.verifications
            .iter()
            .map(|v| v.effective)
            .collect::<Vec<_>>(),
        [false, true]
    );
    assert_eq!(
        a.implementation.as_ref().unwrap().evidence,
        "Restore test plan v2"
    );
    assert!(a.closed.is_some() && a.accepted.is_some());
    // Every step is in the trail.
    let entries = block_on(f.session.store().journal()).unwrap();
    let steps = entries
        .iter()
        .filter(|e| e.command["type"] == "advanceAction")
        .count();
    assert_eq!(steps, 6); // the refused steps are not journalled
    // A finding with a follow-up is kept.
    reopen(&f.session, &f.clock, &f.audit).unwrap();
    let err = f.refused(Command::DeleteFinding {
        finding_id: f.finding.clone(),
    });
    assert_eq!(err.code, ErrorCode::InUse);
}

#[test]
fn follow_up_is_for_nonconformities_only() {
    let f = fixture();
    let observation = f
        .ok(Command::AddFinding {
            audit_id: f.audit.clone(),
            finding: finding_fields(Grade::Observation, "A.5.15"),
        })
        .unwrap();
    let err = f.refused(Command::ProposeAction {
        finding_id: observation,
        action: ActionFields {
            description: "x".into(),
            owner: "y".into(),
            due: "2026-04-30".into(),
        },
    });
    assert_eq!(err.code, ErrorCode::InvalidValue);
    let err = f.refused(advance(&f, 9, ActionStep::Accept, ""));
    assert_eq!(err.code, ErrorCode::NotFound);
    let err = f.refused(propose(&f, "30/04/2026"));
    assert_error(&err, ErrorCode::InvalidDate, "due");
}

#[test]
fn overdue_actions_are_due_before_today_and_not_yet_implemented() {
    let f = fixture();
    f.ok(propose(&f, "2026-04-30"));
    f.ok(propose(&f, "2026-05-31"));
    let day = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    let ws = f.session.workspace();
    let overdue = |today: &str| {
        ws.actions(Some(&f.programme), day(today))
            .iter()
            .map(|r| r.overdue)
            .collect::<Vec<_>>()
    };
    assert_eq!(overdue("2026-04-30"), [false, false]); // due today is not late
    assert_eq!(overdue("2026-05-01"), [true, false]);
    assert_eq!(overdue("2026-06-01"), [true, true]);
    let counts = ws.action_counts(&f.programme, day("2026-05-01")).unwrap();
    assert_eq!((counts.open, counts.overdue), (2, 1));
    drop(ws);
    // Implemented actions are no longer late; closed ones are no longer open.
    f.ok(advance(&f, 1, ActionStep::Accept, ""));
    f.ok(advance(&f, 1, ActionStep::Implement, "Done"));
    let ws = f.session.workspace();
    let counts = ws.action_counts(&f.programme, day("2026-06-01")).unwrap();
    assert_eq!((counts.open, counts.overdue), (2, 1));
    let rows = ws.actions(None, day("2026-06-01"));
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].finding_reference, "F-001");
    assert_eq!(rows[0].grade, Grade::MajorNonconformity);
    assert_eq!(
        ws.action_counts("nope", day("2026-06-01"))
            .unwrap_err()
            .code,
        ErrorCode::NotFound
    );
}

#[test]
fn open_actions_are_reminders_in_later_audits_of_the_programme() {
    let f = fixture();
    f.ok(propose(&f, "2026-04-30"));
    let later = |criteria: &[&str]| {
        let mut fields = audit_fields(criteria);
        fields.planned_start = "2026-09-01".into();
        fields.planned_end = "2026-09-02".into();
        fields
    };
    let next = f
        .ok(Command::CreateAudit {
            programme_id: f.programme.clone(),
            audit: later(&["A.8.13", "5"]),
        })
        .unwrap();
    let reminders = f.session.workspace().audit(&next).unwrap().reminders;
    assert_eq!(reminders.len(), 1);
    assert_eq!(
        (
            reminders[0].criterion_id.as_str(),
            reminders[0].finding_reference.as_str(),
            reminders[0].status
        ),
        ("A.8.13", "F-001", ActionStatus::Proposed)
    );
    // An audit without that criterion gets none, nor does an audit planned no later.
    let other = f
        .ok(Command::CreateAudit {
            programme_id: f.programme.clone(),
            audit: later(&["5"]),
        })
        .unwrap();
    let same_day = f
        .ok(Command::CreateAudit {
            programme_id: f.programme.clone(),
            audit: audit_fields(&["A.8.13"]),
        })
        .unwrap();
    assert!(
        f.session
            .workspace()
            .audit(&same_day)
            .unwrap()
            .reminders
            .is_empty()
    );
    assert!(
        f.session
            .workspace()
            .audit(&other)
            .unwrap()
            .reminders
            .is_empty()
    );
    assert!(
        f.session
            .workspace()
            .audit(&f.audit)
            .unwrap()
            .reminders
            .is_empty()
    );
}

#[test]
fn issued_versions_and_follow_ups_travel_in_backups() {
    let f = fixture();
    let id = f.review_approve_issue("");
    f.ok(propose(&f, "2026-04-30"));
    let html = f
        .session
        .workspace()
        .report_version_text(&id, "html")
        .unwrap();
    let text = block_on(f.session.export(
        "2026-03-06T08:00:00Z".into(),
        "Alex Auditor".into(),
        false,
    ))
    .unwrap();
    let backup: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(backup["records"]["report_versions"][0]["id"], id.as_str());
    assert_eq!(backup["records"]["follow_ups"][0]["id"], f.finding.as_str());
    let (restored, clock) = fresh();
    block_on(restored.restore(&text, false, &clock.ctx())).unwrap();
    assert!(block_on(restored.verify()).unwrap().verified);
    let ws = restored.workspace();
    assert_eq!(ws.report_version_text(&id, "html").unwrap(), html);
    assert_eq!(ws.audit(&f.audit).unwrap().follow_ups[0].actions.len(), 1);
}

#[test]
fn the_new_commands_round_trip_through_their_json() {
    let page_json = [
        serde_json::json!({"type": "reviewReport", "auditId": "a"}),
        serde_json::json!({"type": "approveReport", "auditId": "a"}),
        serde_json::json!({"type": "issueReport", "auditId": "a", "reason": "typo"}),
        serde_json::json!({"type": "recordDistribution", "versionId": "v",
            "receipt": {"recipient": "CISO", "method": "e-mail", "date": "2026-03-06"}}),
        serde_json::json!({"type": "setCause", "findingId": "f",
            "cause": {"correction": "c", "rootCauseMethod": "5 whys", "rootCause": "r"}}),
        serde_json::json!({"type": "proposeAction", "findingId": "f",
            "action": {"description": "d", "owner": "o", "due": "2026-04-30"}}),
        serde_json::json!({"type": "advanceAction", "findingId": "f", "number": 1,
            "step": "verify_not_effective", "evidence": "e", "date": "2026-04-30"}),
        serde_json::json!({"type": "setAuditStatus", "auditId": "a", "status": "completed",
            "acknowledgements": [{"condition": "report_not_issued", "reason": "r"}], "reason": ""}),
    ];
    for value in page_json {
        let command: Command = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(serde_json::to_value(&command).unwrap(), value);
    }
    // Fields a page of an earlier release does not send take their defaults.
    let old: Command = serde_json::from_value(
        serde_json::json!({"type": "setAuditStatus", "auditId": "a", "status": "in_progress"}),
    )
    .unwrap();
    assert!(
        matches!(old, Command::SetAuditStatus { ref acknowledgements, .. } if acknowledgements.is_empty())
    );
}

/// The lead auditor's statements that go with a confirmed conclusion.
fn confirmed() -> isms_audit::audit::conclusion::Statements {
    isms_audit::audit::conclusion::Statements {
        effectiveness: Some(isms_audit::audit::conclusion::Effectiveness::Effective),
        objectives_achieved: Some(true),
    }
}

/// Regression: the action register and the checklist reminders list actions that tie on
/// every shown key (two audits with the same title, each with finding F-1 and action 1
/// due the same day) in one order, whatever order the workspace holds its records in,
/// so a reopened or restored workspace shows them as the used one did.
#[test]
fn tied_actions_and_reminders_keep_one_order() {
    let (session, clock, programme) = with_programme();
    let mut fields = audit_fields(&["A.8.13"]);
    let mut earlier = Vec::new();
    for n in 0..6 {
        let audit = run(
            &session,
            &clock,
            Command::CreateAudit {
                programme_id: programme.clone(),
                audit: fields.clone(),
            },
        )
        .unwrap()
        .unwrap();
        start(&session, &clock, &audit);
        let finding = run(
            &session,
            &clock,
            Command::AddFinding {
                audit_id: audit.clone(),
                finding: finding_fields(Grade::MinorNonconformity, "A.8.13"),
            },
        )
        .unwrap()
        .unwrap();
        run(
            &session,
            &clock,
            Command::ProposeAction {
                finding_id: finding,
                action: ActionFields {
                    description: format!("Test restores monthly ({n})"),
                    owner: "Sam".into(),
                    due: "2026-05-01".into(),
                },
            },
        )
        .unwrap();
        earlier.push(audit);
    }
    fields.planned_start = "2026-09-01".into();
    fields.planned_end = "2026-09-02".into();
    let later = run(
        &session,
        &clock,
        Command::CreateAudit {
            programme_id: programme,
            audit: fields,
        },
    )
    .unwrap()
    .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let shown = |s: &Session<MemoryStore>| {
        let ws = s.workspace();
        let register: Vec<String> = ws
            .actions(None, today)
            .into_iter()
            .map(|r| r.audit_id)
            .collect();
        let reminders = serde_json::to_string(&ws.audit(&later).unwrap().reminders).unwrap();
        (register, reminders)
    };
    let before = shown(&session);
    assert_eq!(before.0.len(), 6);
    let mut session = session;
    for _ in 0..8 {
        session = block_on(Session::open(session.into_store())).unwrap();
        assert_eq!(shown(&session), before, "the same order after reopening");
    }
}

/// An issued version names the trail it was issued from (verified, its length and the
/// newest entry's hash); a workspace whose trail does not vouch for its records cannot
/// issue, and the refusal writes nothing.
#[test]
fn a_version_is_issued_only_from_a_verified_trail_and_says_so() {
    let f = fixture();
    let head = f.session.workspace().head().cloned().unwrap();
    // Review and approval add two entries; the issue entry comes after them.
    let id = f.review_approve_issue("");
    let json = f
        .session
        .workspace()
        .report_version_text(&id, "json")
        .unwrap();
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let trail = &report["issue"]["trail"];
    assert_eq!(trail["entries"], head.seq + 2);
    let before_issue = futures::executor::block_on(f.session.store().journal()).unwrap();
    let issued_from = &before_issue[before_issue.len() - 2];
    assert_eq!(trail["headHash"], issued_from.hash.as_str());
    let html = f
        .session
        .workspace()
        .report_version_text(&id, "html")
        .unwrap();
    assert!(html.contains(&format!(
        "The audit trail verified when it was issued: {} entries, the newest with SHA-256 <code id=\"trail-head\">{}</code>.",
        head.seq + 2,
        issued_from.hash
    )));
    let markdown = f
        .session
        .workspace()
        .report_version_text(&id, "markdown")
        .unwrap();
    assert!(markdown.contains(&issued_from.hash));
    // Drafts say nothing of it (the trail moves on with every change).
    let draft = f
        .session
        .workspace()
        .report(&f.audit, "2027-06-01T00:00:00Z".into(), "A".into());
    assert!(
        serde_json::to_value(draft.unwrap()).unwrap()["issue"]
            .get("trail")
            .is_none()
    );

    // A finding edited in the store, outside the app: issuing is refused, nothing written.
    let finding = f.session.workspace().audit(&f.audit).unwrap().findings[0].clone();
    assert_eq!(finding.id, f.finding);
    let mut value = serde_json::to_value(finding).unwrap();
    value["statement"] = "Nothing wrong here".into();
    f.session
        .store()
        .overwrite(isms_audit::record::RecordKind::Finding, &f.finding, value);
    f.ok(Command::ReviewReport {
        audit_id: f.audit.clone(),
    });
    f.ok(Command::ApproveReport {
        audit_id: f.audit.clone(),
    });
    let entries = futures::executor::block_on(f.session.store().journal())
        .unwrap()
        .len();
    let err = f.refused(Command::IssueReport {
        audit_id: f.audit.clone(),
        reason: "Correction".into(),
    });
    assert_eq!(err.code, ErrorCode::Unverified, "{err}");
    assert!(
        err.message.starts_with("The report was not issued"),
        "{err}"
    );
    assert_eq!(
        futures::executor::block_on(f.session.store().journal())
            .unwrap()
            .len(),
        entries
    );
}
