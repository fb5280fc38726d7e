//! Conducting the audit (issue 9): the feasibility gate, the team's rules, the plan's
//! sessions and conflicts, the plan's acceptance, the meetings, the communication log,
//! information limits, document review and the actual dates.

mod common;

use chrono::NaiveDate;
use common::*;
use isms_audit::audit::conduct::{
    Adequacy, Attendee, CommunicationFields, Contact, DocumentReviewFields, FeasibilityFields,
    FeasibilityVerdict, FindingResponse, InformationLimitFields, Initiation, LimitKind, Meeting,
    MeetingKind, TeamMember, TeamRole,
};
use isms_audit::audit::sessions::{Method, SessionFields};
use isms_audit::audit::{AuditStatus, Grade};
use isms_audit::storage::{MemoryStore, Session};
use isms_audit::{Command, ErrorCode};

fn feasibility(audit: &str, verdict: FeasibilityVerdict, reasons: &str) -> Command {
    Command::SetFeasibility {
        audit_id: audit.into(),
        feasibility: FeasibilityFields {
            verdict,
            reasons: reasons.into(),
            alternative: String::new(),
        },
    }
}

fn start_command(audit: &str) -> Command {
    Command::SetAuditStatus {
        audit_id: audit.into(),
        status: AuditStatus::InProgress,
        acknowledgements: vec![],
        reason: String::new(),
    }
}

fn member(name: &str, role: TeamRole, criteria: &[&str]) -> TeamMember {
    TeamMember {
        name: name.into(),
        role,
        criteria: criteria.iter().map(|c| c.to_string()).collect(),
        auditor_id: None,
        justification: String::new(),
    }
}

fn team_command(audit: &str, team: Vec<TeamMember>) -> Command {
    Command::SetTeam {
        audit_id: audit.into(),
        team,
    }
}

fn session_fields(
    activity: &str,
    date: &str,
    (start, end): (&str, &str),
    criteria: &[&str],
    auditors: &[&str],
) -> SessionFields {
    SessionFields {
        activity: activity.into(),
        date: date.into(),
        start: start.into(),
        end: end.into(),
        place: "Room 4.12".into(),
        method: Method::OnSiteWithInteraction,
        auditees: vec!["IT operations".into()],
        criteria: criteria.iter().map(|c| c.to_string()).collect(),
        auditors: auditors.iter().map(|c| c.to_string()).collect(),
    }
}

fn set_session(audit: &str, number: Option<u32>, fields: SessionFields) -> Command {
    Command::SetPlanSession {
        audit_id: audit.into(),
        number,
        session: fields,
    }
}

fn conduct(session: &Session<MemoryStore>, audit: &str) -> isms_audit::audit::Conduct {
    session.workspace().audit(audit).unwrap().audit.conduct
}

#[test]
fn an_audit_starts_only_once_feasible() {
    let (session, clock, _, audit) = planned_audit(&["9.2.1"]);
    let err = refused(&session, &clock, start_command(&audit));
    assert_error(&err, ErrorCode::InvalidStatus, "feasibility");
    assert!(err.message.contains("undetermined"), "{}", err.message);

    // Anything but plainly feasible says why.
    for verdict in [
        FeasibilityVerdict::NotFeasible,
        FeasibilityVerdict::FeasibleWithConditions,
    ] {
        let err = refused(&session, &clock, feasibility(&audit, verdict, " "));
        assert_error(&err, ErrorCode::Required, "reasons");
    }
    run(
        &session,
        &clock,
        feasibility(
            &audit,
            FeasibilityVerdict::NotFeasible,
            "No access to the site",
        ),
    )
    .unwrap();
    let err = refused(&session, &clock, start_command(&audit));
    assert_error(&err, ErrorCode::InvalidStatus, "feasibility");
    assert!(err.message.contains("not feasible"), "{}", err.message);

    run(
        &session,
        &clock,
        feasibility(
            &audit,
            FeasibilityVerdict::FeasibleWithConditions,
            "Remote only",
        ),
    )
    .unwrap();
    let recorded = conduct(&session, &audit).feasibility.unwrap();
    assert_eq!(recorded.determined_by, "Alex Auditor");
    run(&session, &clock, start_command(&audit)).unwrap();

    // Once started, "not feasible" is no longer recorded here.
    let err = refused(
        &session,
        &clock,
        feasibility(&audit, FeasibilityVerdict::NotFeasible, "Stop"),
    );
    assert_error(&err, ErrorCode::InvalidStatus, "verdict");
}

#[test]
fn actual_dates_are_recorded_at_start_and_completion() {
    let (session, clock, _, audit) = planned_audit(&["9.2.1"]);
    let a = session.workspace().audit(&audit).unwrap().audit;
    assert_eq!((a.actual_start, a.actual_end), (None, None));
    start(&session, &clock, &audit);
    let day = NaiveDate::from_ymd_opt(2026, 3, 2);
    let a = session.workspace().audit(&audit).unwrap().audit;
    assert_eq!((a.actual_start, a.actual_end), (day, None));
    complete_regardless(&session, &clock, &audit).unwrap();
    let a = session.workspace().audit(&audit).unwrap().audit;
    assert_eq!((a.actual_start, a.actual_end), (day, day));
    reopen(&session, &clock, &audit).unwrap();
    let a = session.workspace().audit(&audit).unwrap().audit;
    assert_eq!(a.actual_start, day, "a reopening keeps the first start");
}

#[test]
fn the_team_has_unique_names_one_lead_and_items_only_for_auditors() {
    let (session, clock, _, audit) = planned_audit(&["9.2.1", "A.5.15"]);
    let cases = [
        (
            vec![
                member("Ana", TeamRole::Auditor, &[]),
                member(" ana ", TeamRole::Observer, &[]),
            ],
            ErrorCode::Duplicate,
            "team[1].name",
        ),
        (
            vec![
                member("Ana", TeamRole::LeadAuditor, &[]),
                member("Bo", TeamRole::LeadAuditor, &[]),
            ],
            ErrorCode::InvalidValue,
            "team[1].role",
        ),
        (
            vec![member("Gus", TeamRole::Guide, &["9.2.1"])],
            ErrorCode::InvalidValue,
            "team[0].criteria",
        ),
        (
            vec![member("Ana", TeamRole::Auditor, &["A.8.13"])],
            ErrorCode::CriterionNotInScope,
            "team[0].criteria",
        ),
        (
            vec![member(" ", TeamRole::Auditor, &[])],
            ErrorCode::Required,
            "team[0].name",
        ),
    ];
    for (team, code, field) in cases {
        let err = refused(&session, &clock, team_command(&audit, team));
        assert_error(&err, code, field);
    }
    run(
        &session,
        &clock,
        team_command(
            &audit,
            vec![
                member("Ana Lead", TeamRole::LeadAuditor, &["9.2.1"]),
                member("Bo Auditor", TeamRole::Auditor, &["A.5.15"]),
                member("Cy Expert", TeamRole::TechnicalExpert, &[]),
            ],
        ),
    )
    .unwrap();
    let c = conduct(&session, &audit);
    assert_eq!(
        isms_audit::audit::conduct::assignee(&c, "A.5.15").map(|m| m.name.as_str()),
        Some("Bo Auditor")
    );
}

#[test]
fn sessions_flag_double_bookings_and_uncovered_criteria() {
    let (session, clock, _, audit) = planned_audit(&["9.2.1", "A.5.15", "A.8.13"]);
    let ok = |c| run(&session, &clock, c).unwrap();
    ok(team_command(
        &audit,
        vec![
            member("Ana", TeamRole::LeadAuditor, &["9.2.1"]),
            member("Bo", TeamRole::Auditor, &["A.5.15"]),
        ],
    ));
    assert!(
        session
            .workspace()
            .audit(&audit)
            .unwrap()
            .plan_conflicts
            .is_empty(),
        "no sessions, no conflicts"
    );
    // Times and people are checked.
    let err = refused(
        &session,
        &clock,
        set_session(
            &audit,
            None,
            session_fields("Audit", "2026-03-02", ("10:00", "09:00"), &[], &[]),
        ),
    );
    assert_error(&err, ErrorCode::InvalidValue, "end");
    let err = refused(
        &session,
        &clock,
        set_session(
            &audit,
            None,
            session_fields("Audit", "2026-03-02", ("9:60", "10:00"), &[], &[]),
        ),
    );
    assert_error(&err, ErrorCode::InvalidValue, "start");
    let err = refused(
        &session,
        &clock,
        set_session(
            &audit,
            None,
            session_fields("Audit", "2026-03-02", ("09:00", "10:00"), &[], &["Zed"]),
        ),
    );
    assert_error(&err, ErrorCode::NotFound, "auditors");
    let err = refused(
        &session,
        &clock,
        set_session(
            &audit,
            None,
            session_fields("Audit", "2026-03-02", ("09:00", "10:00"), &["A.5.1"], &[]),
        ),
    );
    assert_error(&err, ErrorCode::CriterionNotInScope, "criteria");

    ok(set_session(
        &audit,
        None,
        session_fields(
            "Internal audit programme",
            "2026-03-02",
            ("09:00", "10:30"),
            &["9.2.1"],
            &["ana"],
        ),
    ));
    ok(set_session(
        &audit,
        None,
        session_fields(
            "Access control",
            "2026-03-02",
            ("10:00", "11:00"),
            &["A.5.15"],
            &["Ana", "Bo"],
        ),
    ));
    let detail = session.workspace().audit(&audit).unwrap();
    assert_eq!(
        detail.audit.conduct.sessions[0].auditors,
        ["Ana"],
        "people are named as the team names them"
    );
    let kinds: Vec<(&str, &[u32])> = detail
        .plan_conflicts
        .iter()
        .map(|c| (c.kind.as_str(), c.sessions.as_slice()))
        .collect();
    assert_eq!(
        kinds,
        [("double_booked", &[1, 2][..]), ("uncovered", &[][..])],
        "{:?}",
        detail.plan_conflicts
    );
    assert!(detail.plan_conflicts[1].message.contains("A.8.13"));

    // The plan is accepted only without conflicts.
    let accept = |by: &str| Command::AcceptPlan {
        audit_id: audit.clone(),
        accepted_by: by.into(),
        date: "2026-02-20".into(),
    };
    let err = refused(&session, &clock, accept("Dana Auditee"));
    assert_eq!(err.code, ErrorCode::Incomplete);
    assert_eq!(err.details.len(), 2);

    // Back to back is no conflict; the last criterion gets a session.
    ok(set_session(
        &audit,
        Some(2),
        session_fields(
            "Access control",
            "2026-03-02",
            ("10:30", "11:00"),
            &["A.5.15"],
            &["Ana", "Bo"],
        ),
    ));
    ok(set_session(
        &audit,
        None,
        session_fields(
            "Backups",
            "2026-03-03",
            ("09:00", "10:00"),
            &["A.8.13"],
            &["Bo"],
        ),
    ));
    assert!(
        session
            .workspace()
            .audit(&audit)
            .unwrap()
            .plan_conflicts
            .is_empty()
    );
    ok(accept("Dana Auditee"));
    assert_eq!(
        conduct(&session, &audit)
            .plan_acceptance
            .unwrap()
            .accepted_by,
        "Dana Auditee"
    );
    // A changed session clears the acceptance.
    ok(Command::DeletePlanSession {
        audit_id: audit.clone(),
        number: 3,
    });
    assert!(conduct(&session, &audit).plan_acceptance.is_none());

    // A member planned in a session stays in the team.
    let err = refused(
        &session,
        &clock,
        team_command(&audit, vec![member("Ana", TeamRole::LeadAuditor, &[])]),
    );
    assert_error(&err, ErrorCode::InUse, "team");
}

#[test]
fn a_changed_plan_drops_assignments_to_removed_criteria() {
    let (session, clock, _, audit) = planned_audit(&["9.2.1", "A.5.15"]);
    let ok = |c| run(&session, &clock, c).unwrap();
    ok(team_command(
        &audit,
        vec![member("Ana", TeamRole::Auditor, &["9.2.1", "A.5.15"])],
    ));
    ok(set_session(
        &audit,
        None,
        session_fields(
            "Both",
            "2026-03-02",
            ("09:00", "10:00"),
            &["9.2.1", "A.5.15"],
            &["Ana"],
        ),
    ));
    ok(Command::UpdateAudit {
        audit_id: audit.clone(),
        audit: audit_fields(&["9.2.1"]),
    });
    let c = conduct(&session, &audit);
    assert_eq!(c.team[0].criteria, ["9.2.1"]);
    assert_eq!(c.sessions[0].criteria, ["9.2.1"]);
}

#[test]
fn meetings_check_topics_and_the_findings_presented() {
    let (session, clock, _, audit) = started_audit(&["9.2.1"]);
    let ok = |c| run(&session, &clock, c).unwrap();
    let finding = ok(Command::AddFinding {
        audit_id: audit.clone(),
        finding: finding_fields(Grade::MinorNonconformity, "9.2.1"),
    })
    .unwrap();
    let meeting = |topics: &[&str], findings: Vec<FindingResponse>| Meeting {
        date: "2026-03-02".into(),
        attendees: vec![
            Attendee {
                name: "Dana".into(),
                role: "CISO".into(),
                organisation: "Example Ltd".into(),
            },
            Attendee::default(),
        ],
        topics: topics.iter().map(|t| t.to_string()).collect(),
        notes: String::new(),
        findings,
    };
    let set = |kind, m| Command::SetMeeting {
        audit_id: audit.clone(),
        kind,
        meeting: m,
    };
    let err = refused(
        &session,
        &clock,
        set(
            MeetingKind::Opening,
            meeting(&["findings_presented"], vec![]),
        ),
    );
    assert_error(&err, ErrorCode::InvalidValue, "topics");
    let response = |id: &str, diverging: &str, resolution: &str| FindingResponse {
        finding_id: id.into(),
        acknowledged: true,
        diverging_opinion: diverging.into(),
        resolution: resolution.into(),
    };
    let err = refused(
        &session,
        &clock,
        set(
            MeetingKind::Opening,
            meeting(&[], vec![response(&finding, "", "")]),
        ),
    );
    assert_error(&err, ErrorCode::InvalidValue, "findings");
    let err = refused(
        &session,
        &clock,
        set(
            MeetingKind::Closing,
            meeting(&[], vec![response("nope", "", "")]),
        ),
    );
    assert_error(&err, ErrorCode::NotFound, "findings[0].findingId");
    let err = refused(
        &session,
        &clock,
        set(
            MeetingKind::Closing,
            meeting(&[], vec![response(&finding, "", "Agreed")]),
        ),
    );
    assert_error(&err, ErrorCode::Required, "findings[0].divergingOpinion");

    ok(set(
        MeetingKind::Opening,
        meeting(&["methods", "plan_confirmed", "methods"], vec![]),
    ));
    let opening = conduct(&session, &audit).opening.unwrap();
    assert_eq!(opening.topics, ["plan_confirmed", "methods"], "list order");
    assert_eq!(opening.attendees.len(), 1, "blank rows are dropped");

    ok(set(
        MeetingKind::Closing,
        meeting(
            &["findings_presented"],
            vec![response(&finding, "Sample too small", "Resampled")],
        ),
    ));
    assert_eq!(conduct(&session, &audit).closing.unwrap().findings.len(), 1);
    // A deleted finding leaves the closing meeting's record too.
    ok(Command::DeleteFinding {
        finding_id: finding.clone(),
    });
    assert!(
        conduct(&session, &audit)
            .closing
            .unwrap()
            .findings
            .is_empty()
    );
}

#[test]
fn the_log_limits_reviews_and_initiation_are_numbered_and_checked() {
    let (session, clock, _, audit) = started_audit(&["9.2.1"]);
    let ok = |c| run(&session, &clock, c).unwrap();
    let message = |subject: &str, escalation| Command::LogCommunication {
        audit_id: audit.clone(),
        message: CommunicationFields {
            date: "2026-03-02".into(),
            from: "Ana".into(),
            to: "Dana".into(),
            subject: subject.into(),
            escalation,
        },
    };
    ok(message("Agenda moved", false));
    ok(message("Unpatched internet-facing server", true));
    let log = conduct(&session, &audit).communications;
    assert_eq!(
        log.iter().map(|c| c.number).collect::<Vec<_>>(),
        [1, 2],
        "numbered in order"
    );
    assert!(log[1].message.escalation);
    assert_error(
        &refused(&session, &clock, message(" ", false)),
        ErrorCode::Required,
        "subject",
    );

    let limit = |number, effect: &str| Command::SetInformationLimit {
        audit_id: audit.clone(),
        number,
        limit: InformationLimitFields {
            information: "Firewall rule base".into(),
            kind: LimitKind::Confidential,
            effect: effect.into(),
        },
    };
    ok(limit(None, "A.8.20 not verified"));
    ok(limit(Some(1), "A.8.20 verified by interview only"));
    assert_eq!(
        conduct(&session, &audit).information_limits[0].limit.effect,
        "A.8.20 verified by interview only"
    );
    assert_eq!(
        refused(&session, &clock, limit(Some(9), "x")).code,
        ErrorCode::NotFound
    );

    let review = |adequacy, gaps: &str| Command::SetDocumentReview {
        audit_id: audit.clone(),
        number: None,
        review: DocumentReviewFields {
            title: "Access control policy".into(),
            version: "2.1".into(),
            date: "2025-11-30".into(),
            owner: "CISO".into(),
            adequacy,
            gaps: gaps.into(),
        },
    };
    assert_error(
        &refused(&session, &clock, review(Adequacy::PartlyAdequate, "")),
        ErrorCode::Required,
        "gaps",
    );
    ok(review(Adequacy::PartlyAdequate, "No review interval"));
    ok(Command::DeleteDocumentReview {
        audit_id: audit.clone(),
        number: 1,
    });
    assert!(conduct(&session, &audit).documents.is_empty());

    let initiation = |name: &str| Command::SetInitiation {
        audit_id: audit.clone(),
        initiation: Initiation {
            auditee_contacts: vec![Contact {
                name: name.into(),
                role: "ISMS manager".into(),
                contact: "+49 30 1234".into(),
            }],
            language: "English".into(),
            ..Initiation::default()
        },
    };
    assert_error(
        &refused(&session, &clock, initiation("")),
        ErrorCode::Required,
        "auditeeContacts[0].name",
    );
    ok(initiation("Dana"));
    assert_eq!(
        conduct(&session, &audit).initiation.auditee_contacts[0].name,
        "Dana"
    );

    // A completed audit's conduct records are closed.
    complete_regardless(&session, &clock, &audit).unwrap();
    assert_eq!(
        refused(&session, &clock, message("Late", false)).code,
        ErrorCode::InvalidStatus
    );
}
