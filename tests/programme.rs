//! The audit programme (ISO 19011 clause 5): objectives and extent, the coverage plan and
//! its planner, programme risks and audit time, through a session on the in-memory store.

#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use isms_audit::Command;
use isms_audit::audit::{AuditKind, AuditStatus, ItemResult};
use isms_audit::error::ErrorCode;
use isms_audit::programme::coverage::{self, Item, ItemKind, Level, Planned, Rating};
use isms_audit::programme::risks::{Area, RiskFields, RiskKind, RiskStatus};
use isms_audit::programme::time::{Stage, TimeInputs};
use isms_audit::programme::{Extent, ObjectiveLink, Programme, ProgrammeFields};
use isms_audit::soa::{SoaEntry, SoaFields};
use proptest::prelude::*;
use serde_json::json;

fn three_years(soa_id: Option<String>) -> ProgrammeFields {
    ProgrammeFields {
        period_start: "2026-01-01".into(),
        period_end: "2028-12-31".into(),
        objective_links: vec![ObjectiveLink {
            objective: "Confirm access control works at every site".into(),
            isms_objectives: vec!["OBJ-2".into()],
            interested_parties: vec!["Customer contract §7".into()],
            risks: vec!["R-12".into(), "R-14".into()],
        }],
        extent: Extent {
            cycle_years: 3,
            sites: vec!["Berlin".into(), "Lyon".into()],
            units: vec!["IT".into()],
            processes: vec!["Backup".into()],
            annual_audits: vec!["Spring internal".into(), "Autumn internal".into()],
        },
        soa_id,
        auditor_days_per_year: 12.0,
        ..programme_fields()
    }
}

/// A session with an SoA of three controls (two applicable) and a three-year programme
/// over it; returns (session, clock, programme id).
fn with_three_years() -> (
    isms_audit::storage::Session<isms_audit::storage::MemoryStore>,
    Clock,
    String,
) {
    let (session, clock) = fresh();
    let ok = |c| run(&session, &clock, c).unwrap();
    let soa = ok(Command::CreateSoa {
        soa: SoaFields {
            name: "SoA 2026".into(),
            catalog_id: "iso27001-2022".into(),
        },
    })
    .unwrap();
    for (control, applicable) in [("A.5.1", true), ("A.8.13", true), ("A.7.4", false)] {
        ok(Command::SetSoaEntry {
            soa_id: soa.clone(),
            entry: SoaEntry {
                control_id: control.into(),
                applicable,
                justification: "Decided in the risk treatment plan".into(),
                implementation: None,
                documents: String::new(),
            },
        });
    }
    let programme = ok(Command::CreateProgramme {
        programme: three_years(Some(soa)),
    })
    .unwrap();
    (session, clock, programme)
}

#[test]
fn objectives_and_extent_are_stored_and_checked() {
    let (session, clock, id) = with_three_years();
    let p = session.workspace().programme_view(&id).unwrap();
    assert_eq!(p.extent.cycle_years, 3);
    assert_eq!(p.objective_links[0].risks, ["R-12", "R-14"]);
    assert_eq!(p.auditor_days_per_year, 12.0);
    let mut bad = three_years(None);
    bad.extent.cycle_years = 0;
    let err = refused(
        &session,
        &clock,
        Command::CreateProgramme { programme: bad },
    );
    assert_eq!(err.field.as_deref(), Some("cycleYears"));
    let mut bad = three_years(None);
    bad.auditor_days_per_year = -1.0;
    let err = refused(
        &session,
        &clock,
        Command::CreateProgramme { programme: bad },
    );
    assert_eq!(err.field.as_deref(), Some("auditorDaysPerYear"));
    let mut negative_zero = three_years(None);
    negative_zero.auditor_days_per_year = -0.0;
    let stored = negative_zero.validate("p".into()).unwrap();
    assert!(stored.auditor_days_per_year.is_sign_positive());
    let err = refused(
        &session,
        &clock,
        Command::CreateProgramme {
            programme: three_years(Some("no-such-soa".into())),
        },
    );
    assert_eq!(err.code, ErrorCode::NotFound);
    // The SoA is kept while the programme covers it.
    let soa = session.workspace().soas()[0].soa.id.clone();
    let err = refused(&session, &clock, Command::DeleteSoa { soa_id: soa });
    assert_eq!(err.code, ErrorCode::InUse);
}

#[test]
fn a_programme_stored_before_clause_5_fields_still_decodes() {
    let old: Programme = serde_json::from_value(json!({
        "id": "p1", "name": "Old", "purpose": "", "objectives": "", "periodStart": "2025-01-01",
        "periodEnd": "2025-12-31", "owner": "Pat"
    }))
    .unwrap();
    assert_eq!(old.extent.cycle_years, 3);
    assert!(old.plan.is_empty() && old.risks.is_empty() && old.soa_id.is_none());
}

#[test]
fn the_matrix_lists_clauses_applicable_controls_units_and_processes() {
    let (session, clock, id) = with_three_years();
    let ws = session.workspace();
    let m = ws.coverage(&id).unwrap();
    assert_eq!(m.slots.len(), 6);
    assert_eq!(m.slots[3].year, 2);
    assert_eq!(m.slots[3].name, "Autumn internal");
    let controls: Vec<&str> = m
        .rows
        .iter()
        .filter(|r| r.item.kind == ItemKind::Control)
        .map(|r| r.item.id.as_str())
        .collect();
    assert_eq!(controls, ["A.5.1", "A.8.13"]);
    assert!(
        m.rows
            .iter()
            .any(|r| r.item.id == "9.2.2" || r.item.id == "9.2")
    );
    assert!(m.rows.iter().any(|r| r.item.id == "unit:IT"));
    assert!(m.rows.iter().any(|r| r.item.id == "process:Backup"));
    assert!(!m.planned);
    assert_eq!(
        m.uncovered, m.items,
        "nothing planned: everything uncovered"
    );
    drop(ws);
    // The proposal, accepted, covers everything.
    let proposal = session.workspace().proposed_plan(&id).unwrap();
    run(
        &session,
        &clock,
        Command::SetCoveragePlan {
            programme_id: id.clone(),
            plan: proposal,
        },
    )
    .unwrap();
    let m = session.workspace().coverage(&id).unwrap();
    assert!(m.planned);
    assert_eq!(m.uncovered, 0);
}

#[test]
fn ratings_make_items_planned_more_often_and_need_a_reason() {
    let (session, clock, id) = with_three_years();
    let rate = |item: &str, level, reason: &str| Command::SetItemRating {
        programme_id: id.clone(),
        rating: Rating {
            item: item.into(),
            level,
            reason: reason.into(),
        },
    };
    let err = refused(&session, &clock, rate("A.8.13", Level::High, ""));
    assert_eq!(err.field.as_deref(), Some("reason"));
    let err = refused(&session, &clock, rate("A.7.4", Level::High, "excluded"));
    assert_eq!(err.code, ErrorCode::CriterionNotInScope);
    run(
        &session,
        &clock,
        rate("A.8.13", Level::High, "Ransomware risk R-12"),
    )
    .unwrap();
    run(
        &session,
        &clock,
        rate("process:Backup", Level::Medium, "New tool"),
    )
    .unwrap();
    let plan = session.workspace().proposed_plan(&id).unwrap();
    let years = |item: &str| {
        let p = plan.iter().find(|p| p.item == item).unwrap();
        let mut y: Vec<u32> = p.slots.iter().map(|s| s / 2).collect();
        y.dedup();
        y
    };
    assert_eq!(years("A.8.13"), [0, 1, 2]);
    assert_eq!(years("process:Backup").len(), 2);
    assert_eq!(years("A.5.1").len(), 1);
    // An edit of one item keeps the rest; the matrix flags it as planned too seldom.
    run(
        &session,
        &clock,
        Command::SetCoveragePlan {
            programme_id: id.clone(),
            plan: plan.clone(),
        },
    )
    .unwrap();
    run(
        &session,
        &clock,
        Command::SetCoveragePlan {
            programme_id: id.clone(),
            plan: vec![Planned {
                item: "A.8.13".into(),
                slots: vec![5, 0, 0],
            }],
        },
    )
    .unwrap();
    let m = session.workspace().coverage(&id).unwrap();
    let row = m.rows.iter().find(|r| r.item.id == "A.8.13").unwrap();
    assert_eq!(row.planned, [0, 5]);
    assert!(row.under_planned);
    assert_eq!(row.reason, "Ransomware risk R-12");
    assert_eq!(m.uncovered, 0);
    let err = refused(
        &session,
        &clock,
        Command::SetCoveragePlan {
            programme_id: id.clone(),
            plan: vec![Planned {
                item: "A.5.1".into(),
                slots: vec![6],
            }],
        },
    );
    assert_eq!(err.field.as_deref(), Some("slots"));
    // Unplanned and not yet audited: flagged.
    run(
        &session,
        &clock,
        Command::SetCoveragePlan {
            programme_id: id.clone(),
            plan: vec![Planned {
                item: "A.5.1".into(),
                slots: vec![],
            }],
        },
    )
    .unwrap();
    assert_eq!(session.workspace().coverage(&id).unwrap().uncovered, 1);
}

#[test]
fn the_matrix_fills_in_from_the_audits_results() {
    let (session, clock, id) = with_three_years();
    let ok = |c| run(&session, &clock, c).unwrap();
    let audit = ok(Command::CreateAudit {
        programme_id: id.clone(),
        audit: audit_fields(&["9.2.1", "A.5.1"]),
    })
    .unwrap();
    let m = session.workspace().coverage(&id).unwrap();
    assert_eq!(m.done, 0, "planned audits have done nothing yet");
    ok(feasible(&audit));
    ok(Command::SetAuditStatus {
        audit_id: audit.clone(),
        status: AuditStatus::InProgress,
        acknowledgements: vec![],
        reason: String::new(),
    });
    ok(Command::RecordResult {
        audit_id: audit,
        criterion_id: "A.5.1".into(),
        result: ItemResult::Conforming,
        notes: String::new(),
    });
    let m = session.workspace().coverage(&id).unwrap();
    let done: Vec<&str> = m
        .rows
        .iter()
        .filter(|r| !r.done_in.is_empty())
        .map(|r| r.item.id.as_str())
        .collect();
    assert_eq!(done, ["A.5.1", "unit:IT", "process:Backup"]);
    assert_eq!(
        m.rows
            .iter()
            .find(|r| r.item.id == "A.5.1")
            .unwrap()
            .done_in,
        ["Internal audit Q1"]
    );
    assert!(
        !m.rows
            .iter()
            .find(|r| r.item.id == "A.5.1")
            .unwrap()
            .uncovered
    );
}

fn risk(description: &str) -> RiskFields {
    RiskFields {
        description: description.into(),
        kind: RiskKind::Risk,
        area: Area::Resources,
        likelihood: 4,
        impact: 3,
        treatment: "Book an external auditor early".into(),
        owner: "Pat Owner".into(),
        status: RiskStatus::Open,
    }
}

#[test]
fn programme_risks_are_numbered_rated_and_edited() {
    let (session, clock, id) = with_three_years();
    let set = |number, risk| Command::SetProgrammeRisk {
        programme_id: id.clone(),
        number,
        risk,
    };
    run(&session, &clock, set(None, risk("Too few auditors in Q4"))).unwrap();
    run(&session, &clock, set(None, risk("Remote audit tools"))).unwrap();
    let mut edit = risk("Too few auditors in Q4");
    edit.status = RiskStatus::Treating;
    run(&session, &clock, set(Some(1), edit)).unwrap();
    let p = session.workspace().programme_view(&id).unwrap();
    assert_eq!(p.risks.len(), 2);
    assert_eq!(
        (p.risks[0].number, p.risks[0].risk.status),
        (1, RiskStatus::Treating)
    );
    assert_eq!(p.risks[1].number, 2);
    let mut bad = risk("x");
    bad.impact = 6;
    assert_eq!(
        refused(&session, &clock, set(None, bad)).field.as_deref(),
        Some("impact")
    );
    let err = refused(&session, &clock, set(Some(9), risk("x")));
    assert_eq!(err.code, ErrorCode::NotFound);
    assert_eq!(
        refused(&session, &clock, set(None, risk("  ")))
            .field
            .as_deref(),
        Some("description")
    );
}

fn time_inputs() -> TimeInputs {
    TimeInputs {
        head_count: 50,
        identical: 0,
        stage: Stage::Surveillance,
        complexity: vec![2; 6],
        adjustment_percent: 0,
        on_site_percent: 100,
        sites: 0,
        own_days: None,
    }
}

#[test]
fn audit_time_per_audit_and_per_year() {
    let (session, clock, id) = with_three_years();
    let ok = |c| run(&session, &clock, c).unwrap();
    let internal = ok(Command::CreateAudit {
        programme_id: id.clone(),
        audit: audit_fields(&["9.2.1"]),
    })
    .unwrap();
    let mut external = audit_fields(&["9.2.1"]);
    external.kind = AuditKind::External;
    external.title = "Surveillance 1".into();
    let external = ok(Command::CreateAudit {
        programme_id: id.clone(),
        audit: external,
    })
    .unwrap();
    let time = |audit_id: &str, inputs| Command::SetAuditTime {
        audit_id: audit_id.into(),
        inputs,
    };
    let err = refused(&session, &clock, time(&internal, time_inputs()));
    assert_eq!(
        (err.code, err.field.as_deref()),
        (ErrorCode::Required, Some("ownDays"))
    );
    ok(time(
        &internal,
        TimeInputs {
            own_days: Some(2.0),
            ..time_inputs()
        },
    ));
    ok(time(&external, time_inputs()));
    let t = session.workspace().programme_time(&id).unwrap();
    assert_eq!(t.factors.len(), 6);
    let days: Vec<f64> = t
        .audits
        .iter()
        .map(|a| a.estimate.as_ref().unwrap().days)
        .collect();
    assert_eq!(days, [2.0, 3.5]);
    assert!(t.audits[0].estimate.as_ref().unwrap().own_estimate);
    assert_eq!(t.years.len(), 1);
    assert_eq!(
        (t.years[0].year, t.years[0].days, t.years[0].available),
        (2026, 5.5, 12.0)
    );
}

#[test]
fn clause_5_commands_are_the_json_the_page_sends() {
    for command in [
        json!({"type": "setItemRating", "programmeId": "p", "rating": {"item": "A.5.1", "level": "high", "reason": "r"}}),
        json!({"type": "setCoveragePlan", "programmeId": "p", "plan": [{"item": "9.2", "slots": [0, 3]}]}),
        json!({"type": "setProgrammeRisk", "programmeId": "p", "risk": {"description": "d", "kind": "opportunity",
            "area": "team_selection", "likelihood": 2, "impact": 5, "status": "open"}}),
        json!({"type": "setAuditTime", "auditId": "a", "inputs": {"headCount": 10, "complexity": [1, 2, 3, 2, 2, 2],
            "onSitePercent": 80, "ownDays": 1.5}}),
    ] {
        let decoded: Command = serde_json::from_value(command.clone()).unwrap();
        let again: Command =
            serde_json::from_value(serde_json::to_value(&decoded).unwrap()).unwrap();
        assert_eq!(decoded, again, "{command}");
    }
}

fn item(i: usize) -> Item {
    Item {
        id: format!("I{i}"),
        kind: ItemKind::Clause,
        title: String::new(),
    }
}

proptest! {
    /// Every item is planned at least once per cycle, each rated item in at least as many
    /// distinct years as its level asks, and no slot outside the cycle.
    #[test]
    fn the_proposal_covers_everything_as_often_as_rated(
        levels in proptest::collection::vec(0u8..3, 1..80),
        cycle_years in 1u32..6,
        per_year in 0usize..4,
    ) {
        let items: Vec<Item> = (0..levels.len()).map(item).collect();
        let ratings: Vec<Rating> = levels
            .iter()
            .enumerate()
            .filter(|(_, l)| **l > 0)
            .map(|(i, l)| Rating {
                item: format!("I{i}"),
                level: if *l == 2 { Level::High } else { Level::Medium },
                reason: "r".into(),
            })
            .collect();
        let extent = Extent {
            cycle_years,
            annual_audits: (0..per_year).map(|n| format!("Audit {n}")).collect(),
            ..Extent::default()
        };
        let plan = coverage::propose(&items, &ratings, &extent);
        prop_assert_eq!(plan.len(), items.len());
        let count = coverage::slot_count(&extent);
        let per = per_year.max(1) as u32;
        for (p, l) in plan.iter().zip(&levels) {
            let level = coverage::level(&ratings, &p.item);
            prop_assert_eq!(level as u8, *l);
            prop_assert!(p.slots.iter().all(|s| *s < count));
            let mut years: Vec<u32> = p.slots.iter().map(|s| s / per).collect();
            years.dedup();
            prop_assert!(!years.is_empty());
            prop_assert!(years.len() as u32 >= level.times(cycle_years));
        }
        prop_assert_eq!(coverage::propose(&items, &ratings, &extent), plan);
    }
}

#[test]
fn the_schedule_exports_as_icalendar_with_stable_uids() {
    let (session, clock, id) = with_three_years();
    let mut fields = audit_fields(&["9.2.1"]);
    fields.title = "Backup, restore; and \\ more".into();
    let audit = run(
        &session,
        &clock,
        Command::CreateAudit {
            programme_id: id.clone(),
            audit: fields,
        },
    )
    .unwrap()
    .unwrap();
    let now = chrono::DateTime::parse_from_rfc3339("2026-02-01T08:30:00Z")
        .unwrap()
        .to_utc();
    let ics = session.workspace().programme_ics(&id, now).unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"));
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    assert!(!ics.replace("\r\n", "").contains('\n'));
    for line in [
        format!("UID:{audit}@isms-audit"),
        "DTSTAMP:20260201T083000Z".into(),
        "DTSTART;VALUE=DATE:20260302".into(),
        "DTEND;VALUE=DATE:20260305".into(),
        "SUMMARY:Backup\\, restore\\; and \\\\ more".into(),
        "LOCATION:Berlin".into(),
        "STATUS:TENTATIVE".into(),
    ] {
        assert!(ics.contains(&format!("\r\n{line}\r\n")), "{line} in {ics}");
    }
    let later = session
        .workspace()
        .programme_ics(&id, now + chrono::Days::new(3))
        .unwrap();
    assert!(later.contains(&format!("UID:{audit}@isms-audit")));
}

#[test]
fn the_dashboard_counts_schedule_coverage_and_findings_across_audits() {
    use isms_audit::audit::Grade;
    use isms_audit::programme::monitoring::Timing;
    let (session, clock, id) = with_three_years();
    let ok = |c| run(&session, &clock, c).unwrap();
    let plan = |title: &str, start: &str, end: &str| {
        let mut fields = audit_fields(&["9.2.1", "A.5.1"]);
        fields.title = title.into();
        fields.planned_start = start.into();
        fields.planned_end = end.into();
        ok(Command::CreateAudit {
            programme_id: id.clone(),
            audit: fields,
        })
        .unwrap()
    };
    let status = |audit: &str, status| {
        if status == AuditStatus::InProgress {
            ok(feasible(audit));
        }
        ok(Command::SetAuditStatus {
            audit_id: audit.into(),
            status,
            acknowledgements: vec![],
            reason: String::new(),
        });
    };
    let finding = |audit: &str, grade, criterion: &str| {
        ok(Command::AddFinding {
            audit_id: audit.into(),
            finding: finding_fields(grade, criterion),
        });
    };
    let spring = plan("Spring", "2026-03-02", "2026-03-04");
    let may = plan("May", "2026-05-04", "2026-05-05");
    plan("Autumn", "2026-09-01", "2026-09-02");
    status(&spring, AuditStatus::InProgress);
    finding(&spring, Grade::MinorNonconformity, "A.5.1");
    finding(&spring, Grade::GoodPractice, "9.2.1");
    ok(Command::RecordResult {
        audit_id: spring.clone(),
        criterion_id: "A.5.1".into(),
        result: ItemResult::Nonconforming,
        notes: String::new(),
    });
    complete_regardless(&session, &clock, &spring).unwrap();
    status(&may, AuditStatus::InProgress);
    finding(&may, Grade::Observation, "A.5.1");
    finding(&may, Grade::MinorNonconformity, "9.2.1");
    let feedback = |rating, comment: &str| Command::SetAuditFeedback {
        audit_id: spring.clone(),
        feedback: isms_audit::programme::monitoring::Feedback {
            rating,
            comment: comment.into(),
        },
    };
    let err = refused(&session, &clock, feedback(6, ""));
    assert_eq!(err.field.as_deref(), Some("rating"));
    ok(feedback(4, "Clear, but the closing meeting ran late"));
    let d = session
        .workspace()
        .programme_dashboard(&id, "2026-06-01")
        .unwrap();
    assert_eq!(d.audits[0].feedback.as_ref().map(|f| f.rating), Some(4));
    assert!(d.audits[1].feedback.is_none());
    let timings: Vec<(&str, Timing)> = d
        .audits
        .iter()
        .map(|a| (a.title.as_str(), a.timing))
        .collect();
    assert_eq!(
        timings,
        [
            ("Spring", Timing::Completed),
            ("May", Timing::Late),
            ("Autumn", Timing::OnSchedule)
        ]
    );
    assert_eq!((d.completed, d.late, d.on_schedule), (1, 1, 1));
    // A.5.1 and the scope's unit and process were audited; nothing is planned yet.
    assert_eq!((d.audited_items, d.planned_items), (3, 0));
    assert_eq!(d.uncovered, d.items - 3);
    let grades: Vec<u32> = d.by_grade.iter().map(|g| g.count).collect();
    assert_eq!(grades, [0, 2, 1, 0, 1, 0]);
    let by: Vec<(&str, u32, usize)> = d
        .by_criterion
        .iter()
        .map(|c| (c.criterion_id.as_str(), c.findings, c.audits.len()))
        .collect();
    assert_eq!(by, [("A.5.1", 2, 2), ("9.2.1", 1, 1)]);
    assert_eq!(d.repeats.len(), 1);
    assert_eq!(d.repeats[0].audits, ["Spring", "May"]);
    // On the planned end day an open audit is still on schedule.
    let d = session
        .workspace()
        .programme_dashboard(&id, "2026-05-05")
        .unwrap();
    assert_eq!(d.late, 0);
    let err = session
        .workspace()
        .programme_dashboard(&id, "June")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidDate);
}

#[test]
fn feedback_is_the_json_the_page_sends() {
    let json = json!({"type": "setAuditFeedback", "auditId": "a", "feedback": {"rating": 5, "comment": "c"}});
    let decoded: Command = serde_json::from_value(json).unwrap();
    let again: Command = serde_json::from_value(serde_json::to_value(&decoded).unwrap()).unwrap();
    assert_eq!(decoded, again);
    assert!(
        serde_json::from_value::<Command>(json!({"type": "setAuditFeedback", "auditId": "a",
        "feedback": {"rating": 5, "extra": 1}}))
        .is_err()
    );
}

#[test]
fn a_review_captures_the_figures_and_is_fixed_once_signed_off() {
    use isms_audit::programme::review::{ImprovementAction, ReviewFields};
    let (session, clock, id) = with_three_years();
    let ok = |c| run(&session, &clock, c).unwrap();
    ok(Command::CreateAudit {
        programme_id: id.clone(),
        audit: audit_fields(&["9.2.1"]),
    });
    let fields = ReviewFields {
        date: "2026-12-10".into(),
        participants: vec!["Pat Owner".into(), "Alex Auditor".into()],
        conclusions: "Audit time was short in Q2".into(),
        actions: vec![ImprovementAction {
            action: "Train two more auditors".into(),
            owner: "Pat Owner".into(),
            due: "2027-03-31".into(),
        }],
        reported_to: "CEO".into(),
        reported_on: "2026-12-15".into(),
    };
    let set = |number, review: ReviewFields| Command::SetProgrammeReview {
        programme_id: id.clone(),
        number,
        review,
    };
    let err = refused(
        &session,
        &clock,
        set(
            None,
            ReviewFields {
                participants: vec![],
                ..fields.clone()
            },
        ),
    );
    assert_eq!(err.field.as_deref(), Some("participants"));
    let err = refused(
        &session,
        &clock,
        set(
            None,
            ReviewFields {
                reported_on: String::new(),
                ..fields.clone()
            },
        ),
    );
    assert_eq!(err.field.as_deref(), Some("reportedOn"));
    ok(set(None, fields.clone()));
    let p = session.workspace().programme_view(&id).unwrap();
    let review = &p.reviews[0];
    assert_eq!(review.number, 1);
    // The audit (planned to end 2026-03-04, still planned) was late on the review date.
    assert_eq!((review.inputs.audits, review.inputs.late), (1, 1));
    assert_eq!(review.inputs.findings_by_grade.len(), 6);
    ok(Command::SignOffProgrammeReview {
        programme_id: id.clone(),
        number: 1,
    });
    let signed = session.workspace().programme_view(&id).unwrap().reviews[0].clone();
    assert_eq!(signed.signed_off.as_ref().unwrap().by, "Alex Auditor");
    let err = refused(&session, &clock, set(Some(1), fields.clone()));
    assert_eq!(err.code, ErrorCode::Fixed);
    let err = refused(
        &session,
        &clock,
        Command::SignOffProgrammeReview {
            programme_id: id.clone(),
            number: 1,
        },
    );
    assert_eq!(err.code, ErrorCode::Fixed);
    ok(set(None, fields));
    assert_eq!(
        session.workspace().programme_view(&id).unwrap().reviews[1].number,
        2
    );
}
