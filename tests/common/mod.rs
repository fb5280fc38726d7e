//! Fixtures shared by the native integration tests.
#![allow(dead_code)] // each test binary uses a different part

use chrono::{TimeZone, Utc};
use isms_audit::audit::conduct::{FeasibilityFields, FeasibilityVerdict};
use isms_audit::audit::{AuditFields, AuditKind, AuditStatus, FindingFields, Grade, Scope};
use isms_audit::programme::ProgrammeFields;
use isms_audit::storage::{MemoryStore, Session, Store};
use isms_audit::{Command, Context, Error};
use std::cell::Cell;

/// A context with a fixed actor and clock, and ids id-1, id-2, ...
pub struct Clock {
    next: Cell<u32>,
}

impl Clock {
    pub fn new() -> Self {
        Clock { next: Cell::new(1) }
    }

    pub fn ctx(&self) -> Context {
        let n = self.next.get();
        self.next.set(n + 1);
        Context {
            at: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
                + chrono::Duration::seconds(n.into()),
            actor: "Alex Auditor".into(),
            new_id: format!("id-{n}"),
        }
    }
}

pub fn programme_fields() -> ProgrammeFields {
    ProgrammeFields {
        name: "ISMS programme 2026".into(),
        purpose: "Certification readiness".into(),
        objectives: "Cover every clause once a year".into(),
        period_start: "2026-01-01".into(),
        period_end: "2026-12-31".into(),
        owner: "Pat Owner".into(),
        ..Default::default()
    }
}

pub fn audit_fields(criteria: &[&str]) -> AuditFields {
    AuditFields {
        title: "Internal audit Q1".into(),
        kind: AuditKind::Internal,
        auditee: "Example Ltd".into(),
        client: String::new(),
        objectives: "Conformity with ISO/IEC 27001".into(),
        scope: Scope {
            units: vec!["IT".into()],
            processes: vec!["Backup".into()],
            locations: vec!["Berlin".into()],
        },
        catalog_id: "iso27001-2022".into(),
        criteria: criteria.iter().map(|s| s.to_string()).collect(),
        soa_id: None,
        planned_start: "2026-03-02".into(),
        planned_end: "2026-03-04".into(),
        lead_auditor: "Alex Auditor".into(),
    }
}

pub fn finding_fields(grade: Grade, criterion: &str) -> FindingFields {
    FindingFields {
        grade: Some(grade),
        criterion_ids: vec![criterion.into()],
        statement: "Restore tests are not performed".into(),
        evidence: "Backup runbook rev 4; interview with the backup administrator".into(),
        date: "2026-03-03".into(),
        likelihood: None,
        impact: None,
        groups: Vec::new(),
    }
}

pub fn run(
    session: &Session<MemoryStore>,
    clock: &Clock,
    command: Command,
) -> isms_audit::error::Result<Option<String>> {
    futures::executor::block_on(session.dispatch(&command, &clock.ctx()))
}

/// The report words of `lang` ("en", "de"), from the page's catalog
/// (www/src/messages/<lang>/report.json and engine.json), as the page hands them to the
/// engine.
pub fn report_messages(lang: &str) -> isms_audit::report::Messages {
    let (report, engine) = match lang {
        "de" => (
            include_str!("../../www/src/messages/de/report.json"),
            include_str!("../../www/src/messages/de/engine.json"),
        ),
        _ => (
            include_str!("../../www/src/messages/en/report.json"),
            include_str!("../../www/src/messages/en/engine.json"),
        ),
    };
    let mut messages: std::collections::HashMap<String, String> =
        serde_json::from_str(report).unwrap();
    messages
        .extend(serde_json::from_str::<std::collections::HashMap<String, String>>(engine).unwrap());
    isms_audit::report::Messages::new(messages)
}

/// An empty session on a new in-memory store, writing reports in English.
pub fn fresh() -> (Session<MemoryStore>, Clock) {
    let session = futures::executor::block_on(Session::open(MemoryStore::new())).unwrap();
    session.set_report_messages(report_messages("en"));
    (session, Clock::new())
}

/// The criterion ids of an audit's checklist, in order.
pub fn checklist_ids(session: &Session<MemoryStore>, audit: &str) -> Vec<String> {
    let detail = session.workspace().audit(audit).unwrap();
    detail
        .checklist
        .iter()
        .map(|i| i.criterion_id.clone())
        .collect()
}

/// Asserts an error's code and the field it names.
pub fn assert_error(err: &Error, code: isms_audit::ErrorCode, field: &str) {
    assert_eq!(
        (err.code, err.field.as_deref()),
        (code, Some(field)),
        "{err}"
    );
}

/// A session holding one programme; returns (session, clock, programme id).
pub fn with_programme() -> (Session<MemoryStore>, Clock, String) {
    let (session, clock) = fresh();
    let programme = run(
        &session,
        &clock,
        Command::CreateProgramme {
            programme: programme_fields(),
        },
    )
    .unwrap()
    .unwrap();
    (session, clock, programme)
}

/// A session holding one programme and one planned audit over `criteria`;
/// returns (session, clock, programme id, audit id).
pub fn planned_audit(criteria: &[&str]) -> (Session<MemoryStore>, Clock, String, String) {
    let (session, clock, programme) = with_programme();
    let audit = run(
        &session,
        &clock,
        Command::CreateAudit {
            programme_id: programme.clone(),
            audit: audit_fields(criteria),
        },
    )
    .unwrap()
    .unwrap();
    (session, clock, programme, audit)
}

/// Records that `audit` is feasible, which starting it needs.
pub fn feasible(audit: &str) -> Command {
    Command::SetFeasibility {
        audit_id: audit.to_string(),
        feasibility: FeasibilityFields {
            verdict: FeasibilityVerdict::Feasible,
            reasons: String::new(),
            alternative: String::new(),
        },
    }
}

/// Records the audit feasible and starts it.
pub fn start(session: &Session<MemoryStore>, clock: &Clock, audit: &str) {
    run(session, clock, feasible(audit)).unwrap();
    run(
        session,
        clock,
        Command::SetAuditStatus {
            audit_id: audit.to_string(),
            status: AuditStatus::InProgress,
            acknowledgements: vec![],
            reason: String::new(),
        },
    )
    .unwrap();
}

/// As [`planned_audit`], with the audit started.
pub fn started_audit(criteria: &[&str]) -> (Session<MemoryStore>, Clock, String, String) {
    let (session, clock, programme, audit) = planned_audit(criteria);
    start(&session, &clock, &audit);
    (session, clock, programme, audit)
}

/// Completes an audit, acknowledging each condition it does not meet (for tests of
/// other rules).
pub fn complete_regardless(
    session: &Session<MemoryStore>,
    clock: &Clock,
    audit: &str,
) -> isms_audit::error::Result<Option<String>> {
    let detail = session.workspace().audit(audit)?;
    let acknowledgements = detail
        .completion_exceptions
        .iter()
        .map(|e| isms_audit::audit::Acknowledgement {
            condition: e.condition.clone(),
            reason: "Completed early for this test".into(),
        })
        .collect();
    run(
        session,
        clock,
        Command::SetAuditStatus {
            audit_id: audit.to_string(),
            status: AuditStatus::Completed,
            acknowledgements,
            reason: String::new(),
        },
    )
}

/// Reopens a completed audit, with a reason.
pub fn reopen(
    session: &Session<MemoryStore>,
    clock: &Clock,
    audit: &str,
) -> isms_audit::error::Result<Option<String>> {
    run(
        session,
        clock,
        Command::SetAuditStatus {
            audit_id: audit.to_string(),
            status: AuditStatus::InProgress,
            acknowledgements: vec![],
            reason: "Late evidence arrived".into(),
        },
    )
}

/// Everything a user can see, to compare before and after a refused command.
pub fn state(session: &Session<MemoryStore>) -> String {
    let ws = session.workspace();
    let mut out = format!(
        "{:?}{:?}{:?}",
        ws.programmes(),
        ws.soas(),
        ws.criteria_sets()
    );
    for p in ws.programmes() {
        for a in ws.audits(&p.programme.id).unwrap() {
            out += &format!("{:?}", ws.audit(&a.audit.id).unwrap());
        }
    }
    out + &format!("{:?}", ws.head())
        + &format!(
            "{:?}",
            futures::executor::block_on(session.store().journal()).unwrap()
        )
}

pub fn refused(session: &Session<MemoryStore>, clock: &Clock, command: Command) -> Error {
    let before = state(session);
    let err = run(session, clock, command).expect_err("the command is refused");
    assert_eq!(state(session), before, "a refused command changes nothing");
    err
}
