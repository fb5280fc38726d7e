//! SoA and custom criteria through the workspace: created, imported, used to plan audits,
//! and refused (changing nothing) when wrong.

mod common;

use common::*;
use isms_audit::Command;
use isms_audit::audit::{AuditStatus, Grade};
use isms_audit::catalog::custom::{CriteriaSetFields, CustomCriterion, ImportFormat, SetKind};
use isms_audit::error::ErrorCode;
use isms_audit::soa::{SoaEntry, SoaFields};
use isms_audit::storage::{MemoryStore, Session};

const SOA_CSV: &str = "control;applicable;justification;implementation;documents\n\
                       A.5.1;yes;Baseline;implemented;POL-001\n\
                       A.5.23;no;No cloud services used;;\n\
                       A.8.13;yes;Risk R-12;partially implemented;BCK-01\n\
                       A.7.4;no;;;\n";

fn soa_fields(catalog: &str) -> SoaFields {
    SoaFields {
        name: "Example GmbH SoA v3".into(),
        catalog_id: catalog.into(),
    }
}

/// A new criteria set; returns its id.
fn create_set(
    session: &Session<MemoryStore>,
    clock: &Clock,
    code: &str,
    name: &str,
    kind: SetKind,
) -> Option<String> {
    run(
        session,
        clock,
        Command::CreateCriteriaSet {
            set: CriteriaSetFields {
                code: code.into(),
                name: name.into(),
                kind,
            },
        },
    )
    .unwrap()
}

/// An SoA of the 2022 edition holding [`SOA_CSV`]; returns its id.
fn imported_soa(session: &Session<MemoryStore>, clock: &Clock) -> String {
    let soa = run(
        session,
        clock,
        Command::CreateSoa {
            soa: soa_fields("iso27001-2022"),
        },
    )
    .unwrap()
    .unwrap();
    run(
        session,
        clock,
        Command::ImportSoa {
            soa_id: soa.clone(),
            csv: SOA_CSV.into(),
        },
    )
    .unwrap();
    soa
}

#[test]
fn an_imported_soa_sets_the_audit_scope_and_flags_unjustified_exclusions() {
    let (session, clock, programme) = with_programme();
    let soa = imported_soa(&session, &clock);
    let summary = session.workspace().soa_view(&soa).unwrap();
    assert_eq!(summary.soa.applicable(), ["A.5.1", "A.8.13"]);
    assert_eq!(summary.review.unjustified_exclusions, ["A.7.4"]);
    assert_eq!(summary.review.not_assessed, 89);

    // The page plans an audit of all clauses plus the applicable controls.
    let mut fields = audit_fields(&["4"]);
    fields.criteria.extend(summary.soa.applicable());
    fields.soa_id = Some(soa.clone());
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
    let detail = session.workspace().audit(&audit).unwrap();
    assert_eq!(detail.audit.soa_id.as_deref(), Some(soa.as_str()));
    assert_eq!(detail.soa_name.as_deref(), Some("Example GmbH SoA v3"));
    assert_eq!(detail.checklist.len(), 6);

    // Editing one line afterwards, and exporting.
    let entry = SoaEntry {
        control_id: "A.7.4".into(),
        applicable: false,
        justification: "Single office without CCTV need; risk R-30 accepted".into(),
        implementation: None,
        documents: String::new(),
    };
    run(
        &session,
        &clock,
        Command::SetSoaEntry {
            soa_id: soa.clone(),
            entry,
        },
    )
    .unwrap();
    assert!(
        session
            .workspace()
            .soa_view(&soa)
            .unwrap()
            .review
            .unjustified_exclusions
            .is_empty()
    );
    let csv = session.workspace().soa_csv(&soa).unwrap();
    assert_eq!(csv.lines().count(), 94);
    assert!(csv.contains(
        "A.7.4,Physical security monitoring,no,\"Single office without CCTV need; risk R-30 accepted\""
    ));

    // An SoA of the other edition cannot be used with a 2022 audit.
    let old = run(
        &session,
        &clock,
        Command::CreateSoa {
            soa: soa_fields("iso27001-2013"),
        },
    )
    .unwrap()
    .unwrap();
    fields.soa_id = Some(old);
    let err = refused(
        &session,
        &clock,
        Command::CreateAudit {
            programme_id: programme.clone(),
            audit: fields.clone(),
        },
    );
    assert_error(&err, ErrorCode::CriterionNotInScope, "soaId");
    fields.soa_id = Some("missing".into());
    let err = refused(
        &session,
        &clock,
        Command::CreateAudit {
            programme_id: programme,
            audit: fields,
        },
    );
    assert_error(&err, ErrorCode::NotFound, "soaId");
}

#[test]
fn a_bad_soa_file_changes_nothing() {
    let (session, clock, _) = with_programme();
    let soa = imported_soa(&session, &clock);
    let err = refused(
        &session,
        &clock,
        Command::ImportSoa {
            soa_id: soa.clone(),
            csv: "control,applicable\nA.5.1,yes\nA.99,no\n".into(),
        },
    );
    assert_eq!(err.code, ErrorCode::InvalidImport);
    assert_eq!(
        err.details,
        [
            "line 3, column 1: \"A.99\" is not an Annex A control of ISO/IEC 27001:2022 (with Amd 1:2024)."
        ]
    );
    // The catalog of an SoA with entries is fixed; its name is not.
    let err = refused(
        &session,
        &clock,
        Command::UpdateSoa {
            soa_id: soa.clone(),
            soa: soa_fields("iso27001-2013"),
        },
    );
    assert_error(&err, ErrorCode::Fixed, "catalogId");
    let mut renamed = soa_fields("iso27001-2022");
    renamed.name = "SoA v4".into();
    run(
        &session,
        &clock,
        Command::UpdateSoa {
            soa_id: soa.clone(),
            soa: renamed,
        },
    )
    .unwrap();
    assert_eq!(
        session.workspace().soa_view(&soa).unwrap().soa.name,
        "SoA v4"
    );
    let err = refused(
        &session,
        &clock,
        Command::CreateSoa {
            soa: SoaFields {
                name: " ".into(),
                catalog_id: "iso27001-2022".into(),
            },
        },
    );
    assert_eq!(err.field.as_deref(), Some("name"));
}

#[test]
fn custom_criteria_are_audited_next_to_iso_27001() {
    let (session, clock, programme) = with_programme();
    let set = create_set(
        &session,
        &clock,
        "POL",
        "Information security policies",
        SetKind::Policy,
    )
    .unwrap();
    let err = refused(
        &session,
        &clock,
        Command::CreateCriteriaSet {
            set: CriteriaSetFields {
                code: "pol".into(),
                name: "Again".into(),
                kind: SetKind::Other,
            },
        },
    );
    assert_error(&err, ErrorCode::Duplicate, "code");
    run(
        &session,
        &clock,
        Command::ImportCustomCriteria {
            set_id: set.clone(),
            format: ImportFormat::Json,
            text: r#"[{"id": "AC-1", "title": "Access is approved by the asset owner", "guidance": "Sample 5 grants", "source": "POL-07 3.1"}]"#.into(),
        },
    )
    .unwrap();
    run(
        &session,
        &clock,
        Command::SetCustomCriterion {
            set_id: set.clone(),
            criterion: CustomCriterion {
                id: "AC-2".into(),
                title: "Quarterly access reviews".into(),
                guidance: String::new(),
                source: "POL-07 3.4".into(),
            },
        },
    )
    .unwrap();
    let mut fields = audit_fields(&["A.5.15", "POL:AC-2"]);
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
    let detail = session.workspace().audit(&audit).unwrap();
    let items: Vec<_> = detail
        .checklist
        .iter()
        .map(|i| (i.criterion_id.as_str(), i.title.as_str()))
        .collect();
    assert_eq!(
        items,
        [
            ("A.5.15", "Access control"),
            ("POL:AC-2", "Quarterly access reviews")
        ]
    );
    assert_eq!(
        detail.groups.last().unwrap().title,
        "POL Information security policies"
    );

    run(&session, &clock, feasible(&audit)).unwrap();
    run(
        &session,
        &clock,
        Command::SetAuditStatus {
            audit_id: audit.clone(),
            status: AuditStatus::InProgress,
            acknowledgements: vec![],
            reason: String::new(),
        },
    )
    .unwrap();
    run(
        &session,
        &clock,
        Command::AddFinding {
            audit_id: audit.clone(),
            finding: finding_fields(Grade::MinorNonconformity, "POL:AC-2"),
        },
    )
    .unwrap();

    // Renaming the criterion later does not rewrite the audit's checklist.
    run(
        &session,
        &clock,
        Command::SetCustomCriterion {
            set_id: set.clone(),
            criterion: CustomCriterion {
                id: "AC-2".into(),
                title: "Access reviews".into(),
                guidance: String::new(),
                source: String::new(),
            },
        },
    )
    .unwrap();
    assert_eq!(
        session.workspace().audit(&audit).unwrap().checklist[1].title,
        "Quarterly access reviews"
    );

    fields.criteria = vec!["POL:AC-9".into()];
    let err = refused(
        &session,
        &clock,
        Command::CreateAudit {
            programme_id: programme,
            audit: fields,
        },
    );
    assert_eq!(err.code, ErrorCode::CriterionNotInScope);
    let err = refused(
        &session,
        &clock,
        Command::UpdateCriteriaSet {
            set_id: set.clone(),
            set: CriteriaSetFields {
                code: "POLICY".into(),
                name: "x".into(),
                kind: SetKind::Policy,
            },
        },
    );
    assert_error(&err, ErrorCode::Fixed, "code");
    let err = refused(
        &session,
        &clock,
        Command::DeleteCustomCriterion {
            set_id: set.clone(),
            criterion_id: "nope".into(),
        },
    );
    assert_eq!(err.code, ErrorCode::NotFound);
    run(
        &session,
        &clock,
        Command::DeleteCustomCriterion {
            set_id: set.clone(),
            criterion_id: "AC-1".into(),
        },
    )
    .unwrap();
    assert_eq!(session.workspace().criteria_sets()[0].criteria.len(), 1);
    let err = refused(
        &session,
        &clock,
        Command::ImportCustomCriteria {
            set_id: set,
            format: ImportFormat::Csv,
            text: "id,title\nAC-5,\n".into(),
        },
    );
    assert_eq!(err.code, ErrorCode::InvalidImport);
}

#[test]
fn soas_and_sets_survive_reopening() {
    let (session, clock, _) = with_programme();
    let soa = run(
        &session,
        &clock,
        Command::CreateSoa {
            soa: soa_fields("iso27001-2022"),
        },
    )
    .unwrap()
    .unwrap();
    run(
        &session,
        &clock,
        Command::ImportSoa {
            soa_id: soa,
            csv: SOA_CSV.into(),
        },
    )
    .unwrap();
    create_set(&session, &clock, "GDPR", "GDPR", SetKind::Legal);
    let before = state(&session);
    let reopened =
        futures::executor::block_on(isms_audit::storage::Session::open(session.into_store()))
            .unwrap();
    assert_eq!(state(&reopened), before);
}

#[test]
fn only_unused_records_can_be_deleted() {
    let (session, clock, programme, planned) = planned_audit(&["5"]);
    let soa = imported_soa(&session, &clock);
    let set = create_set(&session, &clock, "POL", "Policies", SetKind::Policy).unwrap();
    run(
        &session,
        &clock,
        Command::SetCustomCriterion {
            set_id: set.clone(),
            criterion: CustomCriterion {
                id: "AC-1".into(),
                title: "Approvals".into(),
                guidance: String::new(),
                source: String::new(),
            },
        },
    )
    .unwrap();
    let mut fields = audit_fields(&["5", "POL:AC-1"]);
    fields.soa_id = Some(soa.clone());
    let using = run(
        &session,
        &clock,
        Command::CreateAudit {
            programme_id: programme.clone(),
            audit: fields,
        },
    )
    .unwrap()
    .unwrap();
    for (command, expected) in [
        (
            Command::DeleteSoa {
                soa_id: soa.clone(),
            },
            "planned from",
        ),
        (
            Command::DeleteCriteriaSet {
                set_id: set.clone(),
            },
            "uses criteria of POL",
        ),
        (
            Command::DeleteProgramme {
                programme_id: programme.clone(),
            },
            "has audits",
        ),
    ] {
        let err = refused(&session, &clock, command);
        assert_eq!(err.code, ErrorCode::InUse, "{err}");
        assert!(err.message.contains(expected), "{}", err.message);
    }
    run(&session, &clock, feasible(&using)).unwrap();
    run(
        &session,
        &clock,
        Command::SetAuditStatus {
            audit_id: using.clone(),
            status: AuditStatus::InProgress,
            acknowledgements: vec![],
            reason: String::new(),
        },
    )
    .unwrap();
    // A started audit keeps its records; a planned one can go, with its checklist.
    let err = refused(&session, &clock, Command::DeleteAudit { audit_id: using });
    assert_eq!(err.code, ErrorCode::InvalidStatus);

    run(
        &session,
        &clock,
        Command::DeleteAudit {
            audit_id: planned.clone(),
        },
    )
    .unwrap();
    assert!(session.workspace().audit(&planned).is_err());
    assert_eq!(session.workspace().programmes()[0].audit_count, 1);
    // The store holds no trace of the deleted audit's checklist either.
    let reopened = futures::executor::block_on(Session::open(session.into_store())).unwrap();
    assert!(reopened.workspace().audit(&planned).is_err());

    let (empty, clock, programme) = with_programme();
    let soa = run(
        &empty,
        &clock,
        Command::CreateSoa {
            soa: soa_fields("iso27001-2022"),
        },
    )
    .unwrap()
    .unwrap();
    run(&empty, &clock, Command::DeleteSoa { soa_id: soa }).unwrap();
    run(
        &empty,
        &clock,
        Command::DeleteProgramme {
            programme_id: programme,
        },
    )
    .unwrap();
    assert!(empty.workspace().programmes().is_empty() && empty.workspace().soas().is_empty());
}
