//! Auditor competence (issue 11): matching against criteria (adding experience never
//! lowers a match), impartiality conflicts over time windows, CPD arithmetic, the team
//! coverage rule, and the workspace commands: profiles, evaluations, team links with
//! justified conflicts, and erasure with a pseudonym.

mod common;

use chrono::NaiveDate;
use common::*;
use isms_audit::audit::Scope;
use isms_audit::audit::conduct::{TeamMember, TeamRole};
use isms_audit::competence::cpd::{self, CpdEntry};
use isms_audit::competence::criteria::{CompetenceSettings, RoleCriteria, match_role};
use isms_audit::competence::evaluation::{
    EvaluationFields, EvaluationMethod, EvaluationResult, RequirementOutcome,
};
use isms_audit::competence::profile::{
    self, Affiliation, Auditor, OutsideAudit, Profile, Relation, Training,
};
use isms_audit::competence::selection::{self, conflicts};
use isms_audit::competence::{AREAS, Role};
use isms_audit::{Command, ErrorCode};

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn auditor(name: &str, knowledge: &[&str], affiliations: Vec<Affiliation>) -> Auditor {
    Auditor {
        id: format!("a-{name}"),
        profile: Profile {
            name: name.into(),
            roles: vec![Role::Auditor],
            knowledge: knowledge.iter().map(|k| k.to_string()).collect(),
            affiliations,
            ..Profile::default()
        },
        cpd: vec![],
        evaluations: vec![],
        erased: None,
    }
}

fn tie(unit: &str, relation: Relation, until: &str) -> Affiliation {
    Affiliation {
        unit: unit.into(),
        relation,
        until: until.into(),
    }
}

/// A small deterministic generator (SplitMix64) for the property below.
struct Rng(u64);
impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

#[test]
fn adding_an_experience_entry_never_lowers_a_match() {
    let mut g = Rng(11);
    let today = day("2026-06-30");
    for case in 0..2000 {
        let areas: Vec<String> = AREAS
            .iter()
            .filter(|_| g.below(2) == 0)
            .map(|a| a.code.to_string())
            .collect();
        let criteria = RoleCriteria {
            role: Role::Auditor,
            knowledge: areas.iter().take(3).cloned().collect(),
            min_audits: g.below(8) as u32,
            min_audit_days: g.below(30) as f64 / 2.0,
            training: if g.below(2) == 0 {
                vec!["ISMS course".into()]
            } else {
                vec![]
            },
            behaviours: vec![],
            cpd_hours_per_year: 8.0,
            evaluation_months: 12,
        };
        let mut a = auditor("Kim", &[], vec![]);
        a.profile.knowledge = areas.iter().skip(g.below(3) as usize).cloned().collect();
        for n in 0..g.below(5) {
            a.profile.outside_audits.push(OutsideAudit {
                audit: format!("Audit {n}"),
                date: "2025-05-01".into(),
                days: (1 + g.below(6)) as f64 / 2.0,
                ..OutsideAudit::default()
            });
        }
        let before = match_role(&a, &profile::experience(&a, &[]), &criteria, today);
        a.profile.outside_audits.push(OutsideAudit {
            audit: "One more".into(),
            date: "2026-01-10".into(),
            days: (1 + g.below(6)) as f64 / 2.0,
            ..OutsideAudit::default()
        });
        let after = match_role(&a, &profile::experience(&a, &[]), &criteria, today);
        assert!(
            after.met >= before.met && after.percent >= before.percent,
            "case {case}: {before:?} -> {after:?}"
        );
        for (b, c) in before.checks.iter().zip(&after.checks) {
            assert!(
                !b.met || c.met,
                "case {case}: {} was met, then not",
                b.label
            );
        }
    }
}

#[test]
fn a_match_reads_knowledge_experience_training_and_behaviour() {
    let today = day("2026-06-30");
    let criteria = CompetenceSettings::default().of(Role::Auditor);
    let mut a = auditor(
        "Kim",
        &["isms", "risk", "controls", "audit_methods"],
        vec![],
    );
    let m = match_role(&a, &[], &criteria, today);
    assert_eq!(m.total, 4 + 2 + 1 + 5);
    assert_eq!(m.met, 4, "{:?}", m.gaps());
    a.profile.training.push(Training {
        course: " isms internal AUDITOR course ".into(),
        date: "2025-01-01".into(),
        hours: 16.0,
    });
    for n in 0..2 {
        a.profile.outside_audits.push(OutsideAudit {
            audit: format!("Supplier audit {n}"),
            date: "2025-01-01".into(),
            days: 2.5,
            ..OutsideAudit::default()
        });
    }
    a.evaluations.push(isms_audit::competence::Evaluation {
        number: 1,
        fields: EvaluationFields {
            date: "2026-01-01".into(),
            evaluator: "Pat".into(),
            role: Role::Auditor,
            methods: vec![EvaluationMethod::Observation],
            outcomes: [
                "ethical",
                "open_minded",
                "diplomatic",
                "observant",
                "collaborative",
            ]
            .iter()
            .map(|b| RequirementOutcome {
                requirement: format!("behaviour:{b}"),
                met: true,
                note: String::new(),
            })
            .collect(),
            result: EvaluationResult::Competent,
            gaps: vec![],
            notes: String::new(),
        },
    });
    let m = match_role(&a, &profile::experience(&a, &[]), &criteria, today);
    assert_eq!((m.met, m.percent), (m.total, 100), "{:?}", m.gaps());
}

#[test]
fn impartiality_conflicts_follow_the_time_window() {
    let scope = Scope {
        units: vec!["Finance".into()],
        processes: vec!["Payroll".into()],
        locations: vec![],
    };
    let start = day("2026-06-01");
    // Working in a unit in scope conflicts whatever the window; names ignore case.
    let a = auditor("Kim", &[], vec![tie(" finance ", Relation::WorksIn, "")]);
    assert_eq!(conflicts(&a, &scope, start, 1).len(), 1);
    // A past responsibility conflicts while it ended within the window, boundary included.
    let a = auditor(
        "Lee",
        &[],
        vec![tie("Payroll", Relation::Responsible, "2025-06-01")],
    );
    assert_eq!(
        conflicts(&a, &scope, start, 12).len(),
        1,
        "on the window's first day"
    );
    assert_eq!(
        conflicts(&a, &scope, start, 11).len(),
        0,
        "before the window"
    );
    assert_eq!(conflicts(&a, &scope, start, 24).len(), 1);
    let a = auditor(
        "Max",
        &[],
        vec![tie("Payroll", Relation::Responsible, "2025-05-31")],
    );
    assert_eq!(
        conflicts(&a, &scope, start, 12).len(),
        0,
        "a day before the window"
    );
    // Units out of scope never conflict.
    let a = auditor("Noa", &[], vec![tie("Sales", Relation::WorksIn, "")]);
    assert!(conflicts(&a, &scope, start, 120).is_empty());
}

#[test]
fn cpd_counts_the_twelve_months_up_to_today() {
    let entry = |date: &str, hours: f64| CpdEntry {
        date: date.into(),
        hours,
        topic: "t".into(),
    };
    let entries = vec![
        entry("2025-06-30", 10.0), // exactly 12 months ago: out
        entry("2025-07-01", 2.5),
        entry("2026-06-30", 1.25),
        entry("2026-07-01", 40.0), // not yet
    ];
    let s = cpd::status(&entries, 8.0, day("2026-06-30"));
    assert_eq!((s.hours, s.required, s.shortfall), (3.75, 8.0, 4.25));
    let s = cpd::status(&entries, 3.0, day("2026-06-30"));
    assert_eq!(s.shortfall, 0.0);
    let s = cpd::status(&[], 0.0, day("2026-06-30"));
    assert_eq!((s.hours, s.shortfall), (0.0, 0.0));
    assert!(s.hours.is_sign_positive(), "no hours read 0, not -0");
}

#[test]
fn reminders_name_evaluations_due_certifications_and_cpd() {
    let settings = CompetenceSettings::default();
    let today = day("2026-06-30");
    let mut a = auditor("Kim", &[], vec![]);
    let kinds = |a: &Auditor| -> Vec<String> {
        cpd::reminders(a, &settings, today)
            .into_iter()
            .map(|r| r.kind)
            .collect()
    };
    assert_eq!(kinds(&a), ["not_evaluated", "cpd_short"]);
    a.cpd.push(CpdEntry {
        date: "2026-05-01".into(),
        hours: 8.0,
        topic: "Cloud".into(),
    });
    a.profile.certifications.push(profile::Certification {
        name: "Lead auditor".into(),
        issuer: String::new(),
        obtained: "2023-07-01".into(),
        expires: "2026-08-01".into(),
    });
    let mut evaluation = EvaluationFields {
        date: "2025-06-29".into(),
        evaluator: "Pat".into(),
        role: Role::Auditor,
        methods: vec![EvaluationMethod::Interview],
        outcomes: vec![],
        result: EvaluationResult::Competent,
        gaps: vec![],
        notes: String::new(),
    };
    a.evaluations.push(isms_audit::competence::Evaluation {
        number: 1,
        fields: evaluation.clone(),
    });
    assert_eq!(kinds(&a), ["evaluation_overdue", "certification_expiring"]);
    evaluation.date = "2025-08-15".into();
    a.evaluations[0].fields = evaluation;
    assert_eq!(kinds(&a), ["evaluation_due", "certification_expiring"]);
}

fn member(name: &str, role: TeamRole) -> TeamMember {
    TeamMember {
        name: name.into(),
        role,
        criteria: vec![],
        auditor_id: None,
        justification: String::new(),
    }
}

#[test]
fn the_team_covers_each_area_or_shows_the_gap() {
    let needed: Vec<String> = vec!["isms".into(), "technology".into()];
    let lead = auditor("Lee", &["isms"], vec![]);
    let expert = auditor("Tex", &["technology"], vec![]);
    let trainee = auditor("Tia", &["technology"], vec![]);
    let (m_lead, m_expert, m_trainee) = (
        member("Lee", TeamRole::LeadAuditor),
        member("Tex", TeamRole::TechnicalExpert),
        member("Tia", TeamRole::AuditorInTraining),
    );
    // A technical expert without a lead auditor covers nothing; nor does a trainee.
    let as_auditor = member("Lee", TeamRole::Auditor);
    let c = selection::coverage(
        &needed,
        &[
            (&as_auditor, Some(&lead)),
            (&m_expert, Some(&expert)),
            (&m_trainee, Some(&trainee)),
        ],
    );
    assert_eq!((c[0].gap, c[1].gap), (false, true));
    // Under a lead auditor, the expert fills the gap.
    let c = selection::coverage(
        &needed,
        &[(&m_lead, Some(&lead)), (&m_expert, Some(&expert))],
    );
    assert_eq!(c[0].auditors, ["Lee"]);
    assert!(!c[1].gap);
    assert_eq!(c[1].expert, "Tex");
    // A member without a profile covers nothing.
    let c = selection::coverage(&needed, &[(&m_lead, None)]);
    assert!(c.iter().all(|a| a.gap));
}

fn create(
    session: &isms_audit::storage::Session<isms_audit::storage::MemoryStore>,
    clock: &Clock,
    profile: Profile,
) -> String {
    run(session, clock, Command::CreateAuditor { profile })
        .unwrap()
        .unwrap()
}

fn profile_of(name: &str, roles: &[Role], knowledge: &[&str], ties: Vec<Affiliation>) -> Profile {
    Profile {
        name: name.into(),
        roles: roles.to_vec(),
        knowledge: knowledge.iter().map(|k| k.to_string()).collect(),
        affiliations: ties,
        ..Profile::default()
    }
}

#[test]
fn a_team_links_profiles_and_a_conflict_needs_a_justification() {
    let (session, clock, programme, audit) = planned_audit(&["A.8.13"]);
    let lead = create(
        &session,
        &clock,
        profile_of(
            "Lee Lead",
            &[Role::LeadAuditor],
            &["isms", "risk", "controls", "audit_methods"],
            vec![],
        ),
    );
    let it = create(
        &session,
        &clock,
        profile_of(
            "Ina IT",
            &[Role::Auditor],
            &["technology"],
            vec![tie("it", Relation::WorksIn, "")],
        ),
    );
    let expert = create(
        &session,
        &clock,
        profile_of(
            "Tex Expert",
            &[Role::TechnicalExpert],
            &["technology"],
            vec![],
        ),
    );
    let linked = |name: &str, role, id: &str, why: &str| TeamMember {
        name: name.into(),
        role,
        criteria: vec![],
        auditor_id: Some(id.into()),
        justification: why.into(),
    };
    let set = |team: Vec<TeamMember>| Command::SetTeam {
        audit_id: audit.clone(),
        team,
    };
    // Ina works in IT, which is in scope: refused without a justification.
    let err = refused(
        &session,
        &clock,
        set(vec![linked("", TeamRole::Auditor, &it, " ")]),
    );
    assert_error(&err, ErrorCode::Required, "team[0].justification");
    assert!(
        err.message.contains("Ina IT works in it"),
        "{}",
        err.message
    );
    // A role the profile does not hold is refused too.
    let err = refused(
        &session,
        &clock,
        set(vec![linked("x", TeamRole::LeadAuditor, &expert, "")]),
    );
    assert_error(&err, ErrorCode::InvalidValue, "team[0].role");
    let err = refused(
        &session,
        &clock,
        set(vec![linked("x", TeamRole::Auditor, "nobody", "")]),
    );
    assert_eq!(err.code, ErrorCode::NotFound);

    // With a justification it is saved; the member is named as the profile.
    run(
        &session,
        &clock,
        set(vec![
            linked(
                "anything",
                TeamRole::LeadAuditor,
                &lead,
                "no conflict: dropped",
            ),
            linked(
                "",
                TeamRole::Auditor,
                &it,
                "Only IT-literate auditor; the lead reviews her findings",
            ),
        ]),
    )
    .unwrap();
    let ws = session.workspace();
    let team = ws.audit(&audit).unwrap().audit.conduct.team;
    assert_eq!(team[0].name, "Lee Lead");
    assert_eq!(team[0].justification, "");
    assert_eq!(team[1].name, "Ina IT");
    assert!(team[1].justification.starts_with("Only"));

    // Technology is needed (A.8.13); Ina covers it as an auditor.
    let s = ws.team_selection(&audit, "2026-03-01").unwrap();
    let tech = s.needed.iter().find(|c| c.area == "technology").unwrap();
    assert_eq!(tech.auditors, ["Ina IT"]);
    assert_eq!(s.gaps, 0);
    drop(ws);
    // Replacing Ina by the expert: the expert fills the gap under the lead auditor.
    run(
        &session,
        &clock,
        set(vec![
            linked("", TeamRole::LeadAuditor, &lead, ""),
            linked("", TeamRole::TechnicalExpert, &expert, ""),
        ]),
    )
    .unwrap();
    let s = session
        .workspace()
        .team_selection(&audit, "2026-03-01")
        .unwrap();
    let tech = s.needed.iter().find(|c| c.area == "technology").unwrap();
    assert_eq!((tech.expert.as_str(), tech.gap), ("Tex Expert", false));
    let ina = s.candidates.iter().find(|c| c.auditor_id == it).unwrap();
    assert_eq!(ina.conflicts.len(), 1);
    // The experience log is filled from the audit (planned: listed, not counted yet).
    let d = session
        .workspace()
        .auditor_detail(&lead, &programme, "2026-03-01")
        .unwrap();
    assert_eq!(d.experience.len(), 1);
    assert_eq!(
        (d.audits, d.experience[0].days, d.experience[0].counted),
        (0, 3.0, false)
    );
}

#[test]
fn evaluations_are_checked_and_never_self_made() {
    let (session, clock, _) = with_programme();
    let kim = create(
        &session,
        &clock,
        profile_of("Kim", &[Role::Auditor], &["isms"], vec![]),
    );
    let fields = |evaluator: &str, result, met: bool, gaps: bool| EvaluationFields {
        date: "2026-02-01".into(),
        evaluator: evaluator.into(),
        role: Role::Auditor,
        methods: vec![EvaluationMethod::Observation, EvaluationMethod::Interview],
        outcomes: vec![RequirementOutcome {
            requirement: "knowledge:risk".into(),
            met,
            note: String::new(),
        }],
        result,
        gaps: if gaps {
            vec![isms_audit::competence::evaluation::CompetenceGap {
                gap: "Risk assessment".into(),
                action: "Risk course".into(),
                due: "2026-05-01".into(),
            }]
        } else {
            vec![]
        },
        notes: String::new(),
    };
    let eval = |f| Command::RecordEvaluation {
        auditor_id: kim.clone(),
        evaluation: f,
    };
    let err = refused(
        &session,
        &clock,
        eval(fields(" kim ", EvaluationResult::Competent, true, false)),
    );
    assert_error(&err, ErrorCode::InvalidValue, "evaluator");
    let err = refused(
        &session,
        &clock,
        eval(fields("Pat", EvaluationResult::Competent, false, false)),
    );
    assert_error(&err, ErrorCode::InvalidValue, "result");
    let err = refused(
        &session,
        &clock,
        eval(fields(
            "Pat",
            EvaluationResult::CompetentWithActions,
            false,
            false,
        )),
    );
    assert_error(&err, ErrorCode::Required, "gaps");
    run(
        &session,
        &clock,
        eval(fields(
            "Pat",
            EvaluationResult::CompetentWithActions,
            false,
            true,
        )),
    )
    .unwrap();
    run(
        &session,
        &clock,
        eval(fields("Pat", EvaluationResult::Competent, true, false)),
    )
    .unwrap();
    let a = session
        .workspace()
        .auditor_detail(&kim, "", "2026-03-01")
        .unwrap()
        .auditor;
    assert_eq!(
        a.evaluations.iter().map(|e| e.number).collect::<Vec<_>>(),
        [1, 2]
    );
}

#[test]
fn criteria_are_validated_and_default_until_set() {
    let (session, clock, programme) = with_programme();
    let view = session.workspace().competence_settings(&programme).unwrap();
    assert!(view.defaults);
    assert_eq!(view.settings.roles.len(), 5);
    let mut settings = view.settings.clone();
    settings.roles[0].knowledge.push("astrology".into());
    let set = |criteria| Command::SetCompetenceCriteria {
        programme_id: programme.clone(),
        criteria,
    };
    let err = refused(&session, &clock, set(settings.clone()));
    assert_error(&err, ErrorCode::InvalidValue, "roles[0].knowledge");
    settings.roles[0].knowledge.pop();
    settings.impartiality_months = 0;
    assert_error(
        &refused(&session, &clock, set(settings.clone())),
        ErrorCode::InvalidValue,
        "impartialityMonths",
    );
    settings.impartiality_months = 6;
    settings.roles.truncate(1);
    run(&session, &clock, set(settings)).unwrap();
    let view = session.workspace().competence_settings(&programme).unwrap();
    assert!(!view.defaults);
    assert_eq!(
        (view.settings.impartiality_months, view.settings.roles.len()),
        (6, 5)
    );
}

#[test]
fn erasure_leaves_a_pseudonym_in_the_audits_and_is_journalled() {
    let (session, clock, _, audit) = planned_audit(&["5.1"]);
    let kim = create(
        &session,
        &clock,
        profile_of("Kim Auditor", &[Role::LeadAuditor], &["isms"], vec![]),
    );
    let cpd = |id: &str| Command::AddCpd {
        auditor_id: id.into(),
        entry: CpdEntry {
            date: "2026-02-01".into(),
            hours: 4.0,
            topic: "Cloud security".into(),
        },
    };
    run(&session, &clock, cpd(&kim)).unwrap();
    let team = vec![TeamMember {
        name: "Kim Auditor".into(),
        role: TeamRole::LeadAuditor,
        criteria: vec!["5.1".into()],
        auditor_id: Some(kim.clone()),
        justification: String::new(),
    }];
    run(
        &session,
        &clock,
        Command::SetTeam {
            audit_id: audit.clone(),
            team: team.clone(),
        },
    )
    .unwrap();
    run(
        &session,
        &clock,
        Command::EraseAuditor {
            auditor_id: kim.clone(),
        },
    )
    .unwrap();
    let ws = session.workspace();
    let a = ws.auditor_detail(&kim, "", "2026-03-01").unwrap().auditor;
    assert_eq!(a.profile.name, "Former auditor 1");
    assert!(a.cpd.is_empty() && a.evaluations.is_empty());
    assert_eq!(a.erased.as_ref().unwrap().by, "Alex Auditor");
    let member = &ws.audit(&audit).unwrap().audit.conduct.team[0];
    assert_eq!(
        (member.name.as_str(), member.auditor_id.as_deref()),
        ("Former auditor 1", Some(kim.as_str()))
    );
    assert!(!ws.auditor_export(&kim, "t").unwrap().contains("Kim"));
    assert_eq!(ws.head().unwrap().command["type"], "eraseAuditor");
    drop(ws);
    // Nothing more is recorded in an erased profile, and it joins no team.
    assert_eq!(
        refused(&session, &clock, cpd(&kim)).code,
        ErrorCode::InvalidStatus
    );
    let err = refused(
        &session,
        &clock,
        Command::SetTeam {
            audit_id: audit.clone(),
            team,
        },
    );
    assert_error(&err, ErrorCode::InvalidValue, "team[0].auditorId");
}
