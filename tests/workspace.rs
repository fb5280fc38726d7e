//! Domain rules of the workspace, through a session on the in-memory store: every
//! command's happy path, every refusal, and that a refused command changes nothing.

mod common;

use common::*;
use futures::executor::block_on;
use isms_audit::Command;
use isms_audit::audit::{AuditStatus, Grade, ItemResult};
use isms_audit::error::ErrorCode;
use isms_audit::record::RecordKind;
use isms_audit::storage::{Session, Store};
use serde_json::json;

#[test]
fn creating_a_programme_stores_it_and_journals_it() {
    let (session, _, id) = with_programme();
    assert_eq!(id, "id-1");
    let list = session.workspace().programmes();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].programme.name, "ISMS programme 2026");
    assert_eq!(list[0].audit_count, 0);
    let entries = futures::executor::block_on(session.store().journal()).unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor, "Alex Auditor");
    assert_eq!(entries[0].created.as_deref(), Some("id-1"));
    assert_eq!(entries[0].command["type"], "createProgramme");
}

#[test]
fn invalid_programmes_are_refused_with_the_field_at_fault() {
    let (session, clock) = fresh();
    type Change = fn(&mut isms_audit::programme::ProgrammeFields);
    let cases: [(Change, ErrorCode, &str); 4] = [
        (|p| p.name = "   ".into(), ErrorCode::Required, "name"),
        (
            |p| p.period_end = "2025-12-31".into(),
            ErrorCode::InvalidDate,
            "periodEnd",
        ),
        (
            |p| p.period_start = "01/01/2026".into(),
            ErrorCode::InvalidDate,
            "periodStart",
        ),
        (|p| p.owner = "x".repeat(201), ErrorCode::TooLong, "owner"),
    ];
    for (change, code, field) in cases {
        let mut p = programme_fields();
        change(&mut p);
        let err = refused(&session, &clock, Command::CreateProgramme { programme: p });
        assert_eq!(
            (err.code, err.field.as_deref()),
            (code, Some(field)),
            "{err}"
        );
    }

    let err = refused(
        &session,
        &clock,
        Command::UpdateProgramme {
            programme_id: "nope".into(),
            programme: programme_fields(),
        },
    );
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn a_change_needs_an_actor_and_a_fresh_id() {
    let (session, clock) = fresh();
    let mut ctx = clock.ctx();
    ctx.actor = " ".into();
    let command = Command::CreateProgramme {
        programme: programme_fields(),
    };
    let err = block_on(session.dispatch(&command, &ctx)).unwrap_err();
    assert_error(&err, ErrorCode::Required, "actor");
    let mut ctx = clock.ctx();
    block_on(session.dispatch(&command, &ctx)).unwrap();
    ctx.at += chrono::Duration::seconds(1);
    let err = block_on(session.dispatch(&command, &ctx)).unwrap_err();
    assert_eq!(err.code, ErrorCode::Duplicate);
}

#[test]
fn updating_a_programme_keeps_its_id() {
    let (session, clock, programme, _) = started_audit(&["9"]);
    let mut p = programme_fields();
    p.name = "Renamed".into();
    run(
        &session,
        &clock,
        Command::UpdateProgramme {
            programme_id: programme.clone(),
            programme: p,
        },
    )
    .unwrap();
    let ws = session.workspace();
    assert_eq!(ws.programme_view(&programme).unwrap().name, "Renamed");
    assert_eq!(ws.programmes()[0].audit_count, 1);
}

#[test]
fn an_audit_gets_one_checklist_item_per_selected_criterion() {
    let (session, clock, programme) = with_programme();
    let audit = run(
        &session,
        &clock,
        Command::CreateAudit {
            programme_id: programme.clone(),
            audit: audit_fields(&["4", "9.2", "physical"]),
        },
    );
    // "physical" is a theme id, not a criterion: the picker sends criterion ids.
    assert_eq!(audit.unwrap_err().code, ErrorCode::CriterionNotInScope);
    let audit = run(
        &session,
        &clock,
        Command::CreateAudit {
            programme_id: programme.clone(),
            audit: audit_fields(&["4", "9.2", "A.7.4"]),
        },
    )
    .unwrap()
    .unwrap();
    assert_eq!(
        checklist_ids(&session, &audit),
        ["4.1", "4.2", "4.3", "4.4", "9.2.1", "9.2.2", "A.7.4"]
    );
    let detail = session.workspace().audit(&audit).unwrap();
    assert_eq!(detail.audit.status, AuditStatus::Planned);
    assert_eq!(detail.audit.catalog_version, "2022.2");
    assert_eq!(detail.checklist[6].title, "Physical security monitoring");
    assert_eq!(detail.score.results.not_audited, 7);
    assert_eq!(
        detail
            .groups
            .iter()
            .map(|g| g.id.as_str())
            .collect::<Vec<_>>(),
        ["4", "9", "physical"]
    );
    assert!(
        detail
            .checklist
            .iter()
            .all(|i| i.result == ItemResult::NotAudited)
    );
}

#[test]
fn audits_need_a_programme_a_title_a_lead_and_criteria() {
    let (session, clock, programme, _) = started_audit(&["4"]);
    let err = refused(
        &session,
        &clock,
        Command::CreateAudit {
            programme_id: "missing".into(),
            audit: audit_fields(&["4"]),
        },
    );
    assert_eq!(err.code, ErrorCode::NotFound);
    for (change, field) in [
        (
            Box::new(|a: &mut isms_audit::audit::AuditFields| a.title.clear())
                as Box<dyn Fn(&mut _)>,
            "title",
        ),
        (
            Box::new(|a: &mut isms_audit::audit::AuditFields| a.lead_auditor.clear()),
            "leadAuditor",
        ),
        (
            Box::new(|a: &mut isms_audit::audit::AuditFields| a.criteria.clear()),
            "criteria",
        ),
        (
            Box::new(|a: &mut isms_audit::audit::AuditFields| a.planned_end = "2026-03-01".into()),
            "plannedEnd",
        ),
        (
            Box::new(|a: &mut isms_audit::audit::AuditFields| a.catalog_id = "iso9001".into()),
            "catalogId",
        ),
        (
            Box::new(|a: &mut isms_audit::audit::AuditFields| {
                a.scope.units = vec!["u".repeat(300)]
            }),
            "scope.units",
        ),
    ] {
        let mut fields = audit_fields(&["4"]);
        change(&mut fields);
        let err = refused(
            &session,
            &clock,
            Command::CreateAudit {
                programme_id: programme.clone(),
                audit: fields,
            },
        );
        assert_eq!(err.field.as_deref(), Some(field), "{err}");
    }
}

#[test]
fn status_moves_planned_in_progress_completed_and_can_reopen() {
    let (session, clock, _, audit) = planned_audit(&["5"]);
    let set = |status| Command::SetAuditStatus {
        audit_id: audit.clone(),
        status,
        acknowledgements: vec![],
        reason: String::new(),
    };
    let err = refused(&session, &clock, set(AuditStatus::Completed));
    assert_error(&err, ErrorCode::InvalidStatus, "status");
    run(&session, &clock, feasible(&audit)).unwrap();
    run(&session, &clock, set(AuditStatus::InProgress)).unwrap();
    assert_eq!(
        refused(&session, &clock, set(AuditStatus::Planned)).code,
        ErrorCode::InvalidStatus
    );
    complete_regardless(&session, &clock, &audit).unwrap();
    assert_eq!(
        refused(&session, &clock, set(AuditStatus::Completed)).code,
        ErrorCode::InvalidStatus
    );
    // Reopening needs a reason.
    let err = refused(&session, &clock, set(AuditStatus::InProgress));
    assert_error(&err, ErrorCode::Required, "reason");
    reopen(&session, &clock, &audit).unwrap();
    assert_eq!(
        session.workspace().audit(&audit).unwrap().audit.status,
        AuditStatus::InProgress
    );
    let err = refused(
        &session,
        &clock,
        Command::SetAuditStatus {
            audit_id: "missing".into(),
            status: AuditStatus::InProgress,
            acknowledgements: vec![],
            reason: String::new(),
        },
    );
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn results_are_recorded_only_while_the_audit_is_in_progress() {
    let (session, clock, _, audit) = started_audit(&["9.2", "A.8.13"]);
    let record = |criterion: &str, result| Command::RecordResult {
        audit_id: audit.clone(),
        criterion_id: criterion.into(),
        result,
        notes: "  sampled 3 restores  ".into(),
    };
    run(&session, &clock, record("A.8.13", ItemResult::Conforming)).unwrap();
    // A management-system clause is never not applicable.
    let err = refused(&session, &clock, record("9.2.1", ItemResult::NotApplicable));
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::InvalidValue, Some("result"))
    );
    assert!(
        err.message.contains("cannot be excluded"),
        "{}",
        err.message
    );
    let detail = session.workspace().audit(&audit).unwrap();
    let item = detail
        .checklist
        .iter()
        .find(|i| i.criterion_id == "A.8.13")
        .unwrap();
    assert_eq!(
        (item.result, item.notes.as_str()),
        (ItemResult::Conforming, "sampled 3 restores")
    );
    assert_eq!(detail.score.results.conforming, 1);
    assert_eq!(detail.score.results.not_applicable, 0);
    assert_eq!(detail.score.results.not_audited, 2);

    // A criterion of the catalog that is not in this audit, and one of no catalog.
    let err = refused(&session, &clock, record("A.5.1", ItemResult::Conforming));
    assert_eq!(err.code, ErrorCode::CriterionNotInScope);
    assert!(err.message.contains("not among the criteria selected"));
    let err = refused(&session, &clock, record("A.99", ItemResult::Conforming));
    assert!(err.message.contains("no catalog"));

    complete_regardless(&session, &clock, &audit).unwrap();
    let err = refused(
        &session,
        &clock,
        record("A.8.13", ItemResult::Nonconforming),
    );
    assert_eq!(err.code, ErrorCode::InvalidStatus);
    assert!(err.message.contains("reopen"));
}

#[test]
fn findings_get_stable_references_that_are_never_reused() {
    let (session, clock, _, audit) = started_audit(&["9.2", "A.8.13"]);
    let add = |grade, criterion: &str| Command::AddFinding {
        audit_id: audit.clone(),
        finding: finding_fields(grade, criterion),
    };
    let f1 = run(&session, &clock, add(Grade::MinorNonconformity, "9.2.2"))
        .unwrap()
        .unwrap();
    let f2 = run(&session, &clock, add(Grade::Observation, "A.8.13"))
        .unwrap()
        .unwrap();
    run(
        &session,
        &clock,
        Command::DeleteFinding {
            finding_id: f2.clone(),
        },
    )
    .unwrap();
    let f3 = run(&session, &clock, add(Grade::GoodPractice, "A.8.13"))
        .unwrap()
        .unwrap();
    let detail = session.workspace().audit(&audit).unwrap();
    let refs: Vec<_> = detail
        .findings
        .iter()
        .map(|f| (f.id.as_str(), f.reference.as_str()))
        .collect();
    assert_eq!(refs, [(f1.as_str(), "F-001"), (f3.as_str(), "F-003")]);
    let counts: Vec<_> = detail.score.grades.iter().map(|g| g.count).collect();
    assert_eq!(counts, [0, 1, 0, 0, 1, 0]);

    // Editing keeps the reference and changes the grade.
    run(
        &session,
        &clock,
        Command::UpdateFinding {
            finding_id: f1.clone(),
            finding: finding_fields(Grade::MajorNonconformity, "9.2.2"),
        },
    )
    .unwrap();
    let detail = session.workspace().audit(&audit).unwrap();
    assert_eq!(detail.findings[0].reference, "F-001");
    assert_eq!(detail.findings[0].grade, Grade::MajorNonconformity);
    assert_eq!(detail.score.grades[0].count, 1);

    let err = refused(&session, &clock, Command::DeleteFinding { finding_id: f2 });
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn invalid_findings_are_refused() {
    let (session, clock, _, audit) = started_audit(&["9.2"]);
    let add = |f| Command::AddFinding {
        audit_id: audit.clone(),
        finding: f,
    };
    let err = refused(
        &session,
        &clock,
        add(finding_fields(Grade::MinorNonconformity, "A.8.13")),
    );
    assert_error(&err, ErrorCode::CriterionNotInScope, "criterionId");
    type Edit = Box<dyn Fn(&mut isms_audit::audit::FindingFields)>;
    let cases: [(Edit, ErrorCode, &str); 6] = [
        (
            Box::new(|f| f.statement = " ".into()),
            ErrorCode::Required,
            "statement",
        ),
        (
            Box::new(|f| f.evidence.clear()),
            ErrorCode::Required,
            "evidence",
        ),
        (
            Box::new(|f| f.date = "2026-13-01".into()),
            ErrorCode::InvalidDate,
            "date",
        ),
        (
            Box::new(|f| f.statement = "s".repeat(20_001)),
            ErrorCode::TooLong,
            "statement",
        ),
        (
            Box::new(|f| (f.likelihood, f.impact) = (Some(6), Some(2))),
            ErrorCode::InvalidValue,
            "likelihood",
        ),
        (
            Box::new(|f| f.likelihood = Some(3)),
            ErrorCode::Required,
            "impact",
        ),
    ];
    for (change, code, field) in cases {
        let mut fields = finding_fields(Grade::Observation, "9.2.1");
        change(&mut fields);
        let err = refused(&session, &clock, add(fields));
        assert_error(&err, code, field);
    }
    let err = refused(
        &session,
        &clock,
        Command::UpdateFinding {
            finding_id: "missing".into(),
            finding: finding_fields(Grade::Observation, "9.2.1"),
        },
    );
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn findings_cannot_be_added_before_the_audit_starts() {
    let (session, clock, _, audit) = planned_audit(&["5"]);
    let err = refused(
        &session,
        &clock,
        Command::AddFinding {
            audit_id: audit,
            finding: finding_fields(Grade::Observation, "5.1"),
        },
    );
    assert_eq!(err.code, ErrorCode::InvalidStatus);
    assert!(err.message.contains("start it"));
}

#[test]
fn criteria_change_only_while_planned() {
    let (session, clock, _, audit) = planned_audit(&["4", "5"]);
    let mut fields = audit_fields(&["5", "A.5.1"]);
    fields.title = "Renamed".into();
    run(
        &session,
        &clock,
        Command::UpdateAudit {
            audit_id: audit.clone(),
            audit: fields.clone(),
        },
    )
    .unwrap();
    assert_eq!(
        checklist_ids(&session, &audit),
        ["5.1", "5.2", "5.3", "A.5.1"]
    );
    assert_eq!(
        session.workspace().audit(&audit).unwrap().audit.title,
        "Renamed"
    );
    // The store holds exactly the new checklist.
    let reopened = block_on(Session::open(session.into_store())).unwrap();
    assert_eq!(
        reopened.workspace().audit(&audit).unwrap().checklist.len(),
        4
    );

    run(&reopened, &clock, feasible(&audit)).unwrap();
    run(
        &reopened,
        &clock,
        Command::SetAuditStatus {
            audit_id: audit.clone(),
            status: AuditStatus::InProgress,
            acknowledgements: vec![],
            reason: String::new(),
        },
    )
    .unwrap();
    // The plan's other fields can still change; the criteria cannot.
    fields.title = "Renamed again".into();
    run(
        &reopened,
        &clock,
        Command::UpdateAudit {
            audit_id: audit.clone(),
            audit: fields.clone(),
        },
    )
    .unwrap();
    fields.criteria = vec!["5".into()];
    let err = refused(
        &reopened,
        &clock,
        Command::UpdateAudit {
            audit_id: audit.clone(),
            audit: fields.clone(),
        },
    );
    assert_error(&err, ErrorCode::InvalidStatus, "criteria");
    complete_regardless(&reopened, &clock, &audit).unwrap();
    fields.criteria = vec!["5".into(), "A.5.1".into()];
    let err = refused(
        &reopened,
        &clock,
        Command::UpdateAudit {
            audit_id: audit,
            audit: fields,
        },
    );
    assert_eq!(err.code, ErrorCode::InvalidStatus);
}

#[test]
fn a_failed_write_changes_nothing_and_the_next_one_works() {
    let (session, clock, _, audit) = started_audit(&["9.2"]);
    // The store fails after the first of the change's writes, inside its transaction.
    session.store().fail_after(Some(1));
    let err = refused(
        &session,
        &clock,
        Command::AddFinding {
            audit_id: audit.clone(),
            finding: finding_fields(Grade::Observation, "9.2.1"),
        },
    );
    assert_eq!(err.code, ErrorCode::Storage);
    session.store().fail_after(None);
    run(
        &session,
        &clock,
        Command::AddFinding {
            audit_id: audit.clone(),
            finding: finding_fields(Grade::Observation, "9.2.1"),
        },
    )
    .unwrap();
    // The failed attempt used no reference number and no journal sequence number.
    assert_eq!(
        session.workspace().audit(&audit).unwrap().findings[0].reference,
        "F-001"
    );
    let entries = futures::executor::block_on(session.store().journal()).unwrap();
    assert_eq!(
        entries.iter().map(|e| e.seq).collect::<Vec<_>>(),
        [1, 2, 3, 4, 5]
    );
}

#[test]
fn reopening_the_store_restores_everything_and_the_journal_verifies() {
    let (session, clock, programme, audit) = started_audit(&["9.2", "A.8.13"]);
    run(
        &session,
        &clock,
        Command::RecordResult {
            audit_id: audit.clone(),
            criterion_id: "A.8.13".into(),
            result: ItemResult::Nonconforming,
            notes: "no restore test".into(),
        },
    )
    .unwrap();
    run(
        &session,
        &clock,
        Command::AddFinding {
            audit_id: audit.clone(),
            finding: finding_fields(Grade::MinorNonconformity, "A.8.13"),
        },
    )
    .unwrap();
    let before = state(&session);
    let reopened = block_on(Session::open(session.into_store())).unwrap();
    // The page hands a reopened session its messages again (they are never stored).
    reopened.set_report_messages(report_messages("en"));
    assert_eq!(state(&reopened), before);
    assert_eq!(reopened.workspace().audits(&programme).unwrap().len(), 1);
    assert!(block_on(reopened.verify()).unwrap().verified);
    // The next change chains onto the reopened head.
    let finding_id = reopened.workspace().audit(&audit).unwrap().findings[0]
        .id
        .clone();
    run(&reopened, &clock, Command::DeleteFinding { finding_id }).unwrap();
    assert!(block_on(reopened.verify()).unwrap().verified);
}

#[test]
fn damaged_records_are_listed_and_can_be_set_aside_without_loss() {
    let (session, clock, _, audit) = started_audit(&["9.2"]);
    let add = || {
        run(
            &session,
            &clock,
            Command::AddFinding {
                audit_id: audit.clone(),
                finding: finding_fields(Grade::Observation, "9.2.1"),
            },
        )
        .unwrap()
        .unwrap()
    };
    let (broken, orphan, intact) = (add(), add(), add());
    let store = session.into_store();
    // One record no longer decodes; another belongs to an audit that is not there.
    store.overwrite(
        RecordKind::Finding,
        &broken,
        json!({"id": broken, "grade": "catastrophic"}),
    );
    let mut value = block_on(store.dump())
        .unwrap()
        .records
        .into_iter()
        .find(|r| r.id == orphan)
        .unwrap()
        .value;
    value["auditId"] = json!("gone");
    store.overwrite(RecordKind::Finding, &orphan, value.clone());

    let reopened = block_on(Session::open(store)).unwrap();
    let store = reopened.store();
    let damaged = reopened.workspace().damaged().to_vec();
    assert_eq!(damaged.len(), 2);
    let reasons: Vec<&str> = damaged.iter().map(|d| d.reason.as_str()).collect();
    assert!(
        reasons.iter().any(|r| r.contains("cannot be read")),
        "{reasons:?}"
    );
    assert!(
        reasons.iter().any(|r| r.contains("\"gone\"")),
        "{reasons:?}"
    );
    // The rest of the workspace works, and the trail names both records.
    let detail = reopened.workspace().audit(&audit).unwrap();
    assert_eq!(detail.findings.len(), 1);
    assert_eq!(detail.findings[0].id, intact);
    let v = block_on(reopened.verify()).unwrap();
    assert_eq!(v.record_problems.len(), 2, "{v:?}");

    // Setting a record aside moves it, journalled; nothing is deleted.
    run(
        &reopened,
        &clock,
        Command::SetAsideRecord {
            store: "findings".into(),
            id: orphan.clone(),
        },
    )
    .unwrap();
    assert_eq!(reopened.workspace().damaged().len(), 1);
    let dump = block_on(store.dump()).unwrap();
    assert!(dump.records.iter().all(|r| r.id != orphan));
    assert_eq!(dump.set_aside.len(), 1);
    assert_eq!(dump.set_aside[0].value, value);
    let v = block_on(reopened.verify()).unwrap();
    assert_eq!(
        v.record_problems.len(),
        1,
        "only the undecodable one is left: {v:?}"
    );
    // Setting aside a record that is not damaged is refused.
    let err = refused(
        &reopened,
        &clock,
        Command::SetAsideRecord {
            store: "findings".into(),
            id: intact,
        },
    );
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn commands_are_the_json_the_page_sends() {
    let command: Command = serde_json::from_value(json!({
        "type": "recordResult", "auditId": "a", "criterionId": "A.5.1", "result": "not_applicable"
    }))
    .unwrap();
    assert_eq!(
        command,
        Command::RecordResult {
            audit_id: "a".into(),
            criterion_id: "A.5.1".into(),
            result: ItemResult::NotApplicable,
            notes: String::new()
        }
    );
    for bad in [
        json!({"type": "dropDatabase"}),
        json!({"type": "deleteFinding"}),
        json!({"type": "deleteFinding", "findingId": "f", "extra": 1}),
        json!({"type": "recordResult", "auditId": "a", "criterionId": "x", "result": "great"}),
    ] {
        assert!(
            serde_json::from_value::<Command>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn a_2013_audit_uses_the_2013_structure() {
    let (session, clock, programme) = with_programme();
    let mut fields = audit_fields(&["9", "A.12.3"]);
    fields.catalog_id = "iso27001-2013".into();
    let audit = run(
        &session,
        &clock,
        Command::CreateAudit {
            programme_id: programme,
            audit: fields,
        },
    )
    .unwrap()
    .unwrap();
    // 2013 has 9.2 and 9.3 without sub-clauses, and one backup control in A.12.3.
    assert_eq!(
        checklist_ids(&session, &audit),
        ["9.1", "9.2", "9.3", "A.12.3.1"]
    );
    let detail = session.workspace().audit(&audit).unwrap();
    assert_eq!(detail.catalog_edition, "ISO/IEC 27001:2013");
    assert_eq!(
        detail.groups.last().unwrap().title,
        "Annex A.12 Operations security"
    );
    let figures = &detail.score.by_group;
    assert_eq!(figures.len(), 2);
    assert!(
        detail.score.by_attribute.is_empty(),
        "2013 controls carry no 27002:2022 attributes"
    );
}

#[test]
fn a_finding_needs_an_explicit_grade_and_only_a_major_groups_nonconformities() {
    let (session, clock, _, audit) = started_audit(&["9.2", "A.8.13"]);
    let add = |fields| Command::AddFinding {
        audit_id: audit.clone(),
        finding: fields,
    };
    // No grade in the JSON the page sends: refused at the grade, nothing written.
    let before = state(&session);
    let ungraded: Command = serde_json::from_value(json!({
        "type": "addFinding", "auditId": audit, "finding": {
            "criterionId": "9.2.2", "statement": "s", "evidence": "e", "date": "2026-03-03"
        }
    }))
    .unwrap();
    assert_error(
        &refused(&session, &clock, ungraded),
        ErrorCode::Required,
        "grade",
    );
    assert_eq!(state(&session), before);

    let minor = |c: &str| finding_fields(Grade::MinorNonconformity, c);
    let f1 = run(&session, &clock, add(minor("9.2.2"))).unwrap().unwrap();
    let f2 = run(&session, &clock, add(minor("9.2.2"))).unwrap().unwrap();
    let obs = run(
        &session,
        &clock,
        add(finding_fields(Grade::Observation, "9.2.2")),
    )
    .unwrap()
    .unwrap();
    let detail = session.workspace().audit(&audit).unwrap();
    assert_eq!(
        detail.score.warnings.len(),
        1,
        "{:?}",
        detail.score.warnings
    );

    let systemic = |grade, groups: Vec<String>| {
        add(isms_audit::audit::FindingFields {
            groups,
            ..finding_fields(grade, "9.2.2")
        })
    };
    let err = refused(
        &session,
        &clock,
        systemic(Grade::MinorNonconformity, vec![f1.clone()]),
    );
    assert_error(&err, ErrorCode::InvalidValue, "groups");
    let err = refused(
        &session,
        &clock,
        systemic(Grade::MajorNonconformity, vec![obs]),
    );
    assert_error(&err, ErrorCode::InvalidValue, "groups");
    assert!(err.message.contains("F-003"), "{}", err.message);
    let err = refused(
        &session,
        &clock,
        systemic(Grade::MajorNonconformity, vec!["nope".into()]),
    );
    assert_error(&err, ErrorCode::NotFound, "groups");

    let major = run(
        &session,
        &clock,
        systemic(
            Grade::MajorNonconformity,
            vec![f1.clone(), f2.clone(), f1.clone()],
        ),
    )
    .unwrap()
    .unwrap();
    let detail = session.workspace().audit(&audit).unwrap();
    let recorded = detail.findings.iter().find(|f| f.id == major).unwrap();
    assert_eq!(recorded.groups, [f1.clone(), f2]);
    assert!(
        detail.score.warnings.is_empty(),
        "{:?}",
        detail.score.warnings
    );

    // A grouped finding stays a nonconformity and is not deleted while grouped.
    let err = refused(
        &session,
        &clock,
        Command::DeleteFinding {
            finding_id: f1.clone(),
        },
    );
    assert_eq!(err.code, ErrorCode::InUse);
    let err = refused(
        &session,
        &clock,
        Command::UpdateFinding {
            finding_id: f1,
            finding: finding_fields(Grade::Observation, "9.2.2"),
        },
    );
    assert_error(&err, ErrorCode::InvalidValue, "grade");
    assert!(err.message.contains("F-004"), "{}", err.message);
}

#[test]
fn not_applicable_needs_a_reason_and_is_flagged_against_the_soa() {
    let (session, clock, _, audit) = started_audit(&["A.8.13"]);
    let record = |notes: &str| Command::RecordResult {
        audit_id: audit.clone(),
        criterion_id: "A.8.13".into(),
        result: ItemResult::NotApplicable,
        notes: notes.into(),
    };
    assert_error(
        &refused(&session, &clock, record("  ")),
        ErrorCode::Required,
        "notes",
    );
    run(
        &session,
        &clock,
        record("No backups in scope: a hosted SaaS only."),
    )
    .unwrap();
    let detail = session.workspace().audit(&audit).unwrap();
    assert_eq!(detail.score.results.not_applicable, 1);
    // Without an SoA there is nothing to contradict.
    assert!(detail.soa_conflicts.is_empty());
}

#[test]
fn the_conclusion_needs_the_statements_and_is_worded_by_the_kind_of_audit() {
    use isms_audit::audit::conclusion::{Effectiveness, Statements};
    use isms_audit::audit::{AuditKind, Verdict};
    let (session, clock, _, audit) = started_audit(&["A.8.13"]);
    run(
        &session,
        &clock,
        Command::RecordResult {
            audit_id: audit.clone(),
            criterion_id: "A.8.13".into(),
            result: ItemResult::Conforming,
            notes: String::new(),
        },
    )
    .unwrap();
    let confirm = |statements| Command::ConfirmConclusion {
        audit_id: audit.clone(),
        verdict: Verdict::Fulfilled,
        reason: String::new(),
        statements,
    };
    let err = refused(&session, &clock, confirm(Statements::default()));
    assert_error(&err, ErrorCode::Required, "effectiveness");
    let err = refused(
        &session,
        &clock,
        confirm(Statements {
            effectiveness: Some(Effectiveness::Effective),
            objectives_achieved: None,
        }),
    );
    assert_error(&err, ErrorCode::Required, "objectivesAchieved");
    let statements = Statements {
        effectiveness: Some(Effectiveness::Effective),
        objectives_achieved: Some(true),
    };
    run(&session, &clock, confirm(statements)).unwrap();
    let detail = session.workspace().audit(&audit).unwrap();
    let decision = detail.score.conclusion.decision.as_ref().unwrap();
    assert_eq!(decision.statements, statements);
    assert_eq!(detail.verdict_wording, "The audit criteria are fulfilled.");
    assert_eq!(Verdict::Fulfilled.wording(AuditKind::Supplier), "Approved.");
    assert_eq!(
        Verdict::NotFulfilled.wording(AuditKind::External),
        "Not recommended."
    );
    assert_eq!(
        Verdict::FulfilledWithNonconformities.wording(AuditKind::External),
        "Recommended after verification of the corrective actions."
    );
    assert_eq!(
        Verdict::PartiallyAudited.wording(AuditKind::Supplier),
        Verdict::PartiallyAudited.label()
    );
    // A decision stored before the statements existed still decodes.
    let old: isms_audit::audit::ConclusionDecision = serde_json::from_value(json!({
        "verdict": "fulfilled", "reason": "", "computed": "fulfilled",
        "by": "Lead", "at": "2026-03-04T10:00:00.000Z"
    }))
    .unwrap();
    assert_eq!(old.statements, Statements::default());
}

#[test]
fn not_applicable_on_a_control_the_soa_applies_is_flagged() {
    use isms_audit::soa::SoaFields;
    let (session, clock, programme) = with_programme();
    let soa = run(
        &session,
        &clock,
        Command::CreateSoa {
            soa: SoaFields {
                name: "SoA v4".into(),
                catalog_id: "iso27001-2022".into(),
            },
        },
    )
    .unwrap()
    .unwrap();
    run(
        &session,
        &clock,
        Command::ImportSoa {
            soa_id: soa.clone(),
            csv: "control,applicable,justification\nA.8.13,yes,Risk R-12\nA.5.23,no,No cloud\n"
                .into(),
        },
    )
    .unwrap();
    let mut fields = audit_fields(&["A.8.13", "A.5.23"]);
    fields.soa_id = Some(soa);
    let audit = run(
        &session,
        &clock,
        Command::CreateAudit {
            programme_id: programme,
            audit: fields,
        },
    )
    .unwrap()
    .unwrap();
    start(&session, &clock, &audit);
    for control in ["A.8.13", "A.5.23"] {
        run(
            &session,
            &clock,
            Command::RecordResult {
                audit_id: audit.clone(),
                criterion_id: control.into(),
                result: ItemResult::NotApplicable,
                notes: "Outside the sampled systems.".into(),
            },
        )
        .unwrap();
    }
    let conflicts = session.workspace().audit(&audit).unwrap().soa_conflicts;
    assert_eq!(conflicts.len(), 1, "{conflicts:?}");
    assert!(conflicts[0].starts_with("A.8.13 is recorded as not applicable"));
}
