//! The texts the engine composes for the page's views (conclusion rule, warnings,
//! explanations, sampling derivations, audit-time steps, default grade definitions)
//! follow the page's language: the English catalog gives exactly the engine's own
//! English, the German catalog German, and the report's JSON model stays the same.

mod common;

use common::*;
use isms_audit::Command;
use isms_audit::audit::sampling::{ControlFrequency, SamplingMethod};
use isms_audit::audit::{AuditKind, Grade, SamplingFields};
use isms_audit::programme::time::{Stage, TimeInputs};
use isms_audit::report::{self, Messages};
use isms_audit::scoring::Metric;
use isms_audit::storage::{MemoryStore, Session};

/// An audit with two nonconformities sharing a criterion, an observation, a sampling
/// plan of each method and an audit time: every engine-composed text of its views.
fn audit_with_everything() -> (Session<MemoryStore>, String, String) {
    let (session, clock, programme, audit) = started_audit(&["9.2.2", "A.5.15", "A.8.13"]);
    let ok = |c| run(&session, &clock, c).unwrap();
    for (grade, criterion) in [
        (Grade::MinorNonconformity, "A.8.13"),
        (Grade::MinorNonconformity, "A.8.13"),
        (Grade::Observation, "9.2.2"),
    ] {
        ok(Command::AddFinding {
            audit_id: audit.clone(),
            finding: finding_fields(grade, criterion),
        });
    }
    let plan = |criterion: &str, plan| Command::SetSamplingPlan {
        audit_id: audit.clone(),
        criterion_id: criterion.into(),
        plan,
    };
    ok(plan(
        "A.5.15",
        SamplingFields {
            population: "Active user accounts".into(),
            population_size: 3,
            method: Some(SamplingMethod::Judgement),
            frequency: Some(ControlFrequency::Weekly),
            ..SamplingFields::default()
        },
    ));
    ok(plan(
        "A.8.13",
        SamplingFields {
            population: "Backup jobs".into(),
            population_size: 400,
            method: Some(SamplingMethod::Statistical),
            confidence: Some(95),
            tolerable_rate: Some(5),
            ..SamplingFields::default()
        },
    ));
    let mut external = audit_fields(&["9.2.2"]);
    external.kind = AuditKind::External;
    let external = ok(Command::CreateAudit {
        programme_id: programme.clone(),
        audit: external,
    })
    .unwrap();
    ok(Command::SetAuditTime {
        audit_id: external,
        inputs: TimeInputs {
            head_count: 120,
            identical: 40,
            stage: Stage::Surveillance,
            complexity: vec![3, 2, 2, 1, 3, 2],
            adjustment_percent: 10,
            on_site_percent: 85,
            sites: 3,
            own_days: None,
        },
    });
    (session, programme, audit)
}

const METRICS: fn() -> Vec<Metric> = || {
    vec![
        Metric::Coverage,
        Metric::Conformity,
        Metric::NonconformityIndex,
        Metric::Conclusion,
        Metric::Group("technological".into()),
        Metric::Grade(Grade::MinorNonconformity),
    ]
};

/// Every engine-composed text of the audit and programme views, in the session's words.
fn texts(session: &Session<MemoryStore>, programme: &str, audit: &str) -> Vec<String> {
    let w = session.workspace();
    let d = w.audit(audit).unwrap();
    let mut out = vec![d.verdict_wording.clone(), d.score.conclusion.rule.clone()];
    out.extend(d.score.warnings.iter().cloned());
    out.extend(d.soa_conflicts.iter().cloned());
    out.extend(d.grade_definitions.iter().map(|g| g.definition.clone()));
    out.extend(d.sampling.iter().map(|p| p.derivation.clone()));
    for metric in METRICS() {
        // A grade's lines show the findings' statements (user data) as their reason.
        let statements = matches!(metric, Metric::Grade(_));
        let x = w.explain(audit, metric).unwrap();
        out.extend([x.formula, x.value]);
        for l in x.lines {
            out.push(l.counted_as);
            out.extend((!statements).then_some(l.because));
        }
    }
    let time = w.programme_time(programme).unwrap();
    out.extend(time.factors);
    for a in time.audits {
        out.extend(a.estimate.map(|e| e.steps).unwrap_or_default());
    }
    out
}

#[test]
fn english_words_are_the_engines_own_and_german_words_are_german() {
    let (session, programme, audit) = audit_with_everything();
    let json = || {
        let r = session
            .workspace()
            .report(&audit, "2026-03-10T10:00:00Z".into(), "Alex".into())
            .unwrap();
        report::render(&r, "json", &report_messages("en")).unwrap()
    };
    session.set_report_messages(Messages::default());
    let own = texts(&session, &programme, &audit);
    let own_json = json();
    assert!(
        own.iter().any(|t| t.contains("share criterion A.8.13")),
        "{own:#?}"
    );
    assert!(
        own.iter()
            .any(|t| t.starts_with("Judgement sampling, weekly control"))
    );
    assert!(own.iter().any(|t| t.starts_with("Multi-site: of 3 sites")));

    session.set_report_messages(report_messages("en"));
    assert_eq!(texts(&session, &programme, &audit), own);

    session.set_report_messages(report_messages("de"));
    let de = texts(&session, &programme, &audit);
    assert_eq!(de.len(), own.len());
    for (g, e) in de.iter().zip(&own) {
        assert!(!g.contains("engine.") && !g.contains("report."), "{g}");
        // Only numbers and references read the same in both languages.
        if e.chars().filter(|c| c.is_alphabetic()).count() > 12 {
            assert_ne!(g, e, "still English in German");
        }
    }
    assert!(
        de.iter()
            .any(|t| t.contains("betreffen dasselbe Kriterium A.8.13")),
        "{de:#?}"
    );
    assert!(
        de.iter()
            .any(|t| t.starts_with("Statistische Attributstichprobe"))
    );
    assert!(de.iter().any(|t| t.contains("0,95")), "German decimals");
    // The report's JSON model (and its fingerprint) does not follow the language.
    assert_eq!(json(), own_json);
}

#[test]
fn the_competence_vocabulary_follows_the_language() {
    use isms_audit::competence::{vocabulary, vocabulary_in};
    assert_eq!(
        vocabulary_in(&report_messages("en")).areas,
        vocabulary().areas
    );
    assert_eq!(
        vocabulary_in(&report_messages("en")).behaviours,
        vocabulary().behaviours
    );
    let de = vocabulary_in(&report_messages("de"));
    for (g, e) in de
        .areas
        .iter()
        .chain(&de.behaviours)
        .zip(vocabulary().areas.iter().chain(&vocabulary().behaviours))
    {
        assert_eq!(g.code, e.code);
        assert_ne!((&g.label, &g.hint), (&e.label, &e.hint), "{}", e.code);
    }
}

/// What completing needs and the plan's conflicts, as the audit's view says them.
fn completion_and_plan(session: &Session<MemoryStore>, audit: &str) -> Vec<String> {
    let d = session.workspace().audit(audit).unwrap();
    let mut out: Vec<String> = d
        .completion_exceptions
        .iter()
        .map(|e| e.message.clone())
        .collect();
    out.extend(d.plan_conflicts.iter().map(|c| c.message.clone()));
    out
}

/// The same texts in the engine's own words, in the English catalog's and in German:
/// English is identical, German differs wherever there are words.
fn in_three_languages(session: &Session<MemoryStore>, audit: &str) -> Vec<String> {
    session.set_report_messages(Messages::default());
    let own = completion_and_plan(session, audit);
    session.set_report_messages(report_messages("en"));
    assert_eq!(completion_and_plan(session, audit), own);
    session.set_report_messages(report_messages("de"));
    let de = completion_and_plan(session, audit);
    assert_eq!(de.len(), own.len());
    for (g, e) in de.iter().zip(&own) {
        assert!(!g.contains("engine.") && !g.contains('{'), "{g}");
        assert_ne!(g, e, "still English in German");
    }
    session.set_report_messages(Messages::default());
    de
}

#[test]
fn completion_exceptions_and_plan_conflicts_follow_the_language() {
    use isms_audit::audit::conclusion::{Effectiveness, Statements};
    use isms_audit::audit::conduct::{TeamMember, TeamRole};
    use isms_audit::audit::sessions::{Method, SessionFields};
    use isms_audit::audit::{ItemResult, Verdict};

    let (session, clock, _, audit) = started_audit(&["9.2.2", "A.5.15", "A.8.13"]);
    let ok = |c| run(&session, &clock, c).unwrap();
    let member = |name: &str, role| TeamMember {
        name: name.into(),
        role,
        criteria: vec![],
        auditor_id: None,
        justification: String::new(),
    };
    ok(Command::SetTeam {
        audit_id: audit.clone(),
        team: vec![
            member("Ana", TeamRole::LeadAuditor),
            member("Bo", TeamRole::Auditor),
        ],
    });
    for (activity, start, end, criterion) in [
        ("Internal audit", "09:00", "10:30", "9.2.2"),
        ("Access control", "10:00", "11:00", "A.5.15"),
    ] {
        ok(Command::SetPlanSession {
            audit_id: audit.clone(),
            number: None,
            session: SessionFields {
                activity: activity.into(),
                date: "2026-03-02".into(),
                start: start.into(),
                end: end.into(),
                place: "Room 4.12".into(),
                method: Method::OnSiteWithInteraction,
                auditees: vec!["IT operations".into()],
                criteria: vec![criterion.into()],
                auditors: vec!["Ana".into()],
            },
        });
    }
    let record = |criterion: &str, result| Command::RecordResult {
        audit_id: audit.clone(),
        criterion_id: criterion.into(),
        result,
        notes: String::new(),
    };
    ok(record("A.5.15", ItemResult::Nonconforming));

    let own = completion_and_plan(&session, &audit);
    assert_eq!(
        own,
        [
            "No version of the report has been issued; review, approve and issue it.",
            "A.5.15 Access control is nonconforming but has no major or minor nonconformity finding; add one.",
            "No conclusion has been decided; confirm or override the computed one.",
            "Ana is in session 1 (2026-03-02 09:00-10:30) and session 2 (10:00-11:00) at the same time.",
            "Criterion A.8.13 is in scope but in no session.",
        ]
    );
    let de = in_three_languages(&session, &audit);
    assert!(
        de[1].starts_with("A.5.15 Access control ist nicht konform"),
        "{de:#?}"
    );
    assert_eq!(
        de[3],
        "Ana ist zur selben Zeit in Sitzung 1 (2026-03-02 09:00–10:30) und Sitzung 2 (10:00–11:00) eingeplant."
    );
    assert!(de[4].contains("A.8.13"));

    // A decided conclusion that the results have overtaken.
    ok(Command::ConfirmConclusion {
        audit_id: audit.clone(),
        verdict: Verdict::NotFulfilled,
        reason: "Tested in German".into(),
        statements: Statements {
            effectiveness: Some(Effectiveness::Effective),
            objectives_achieved: Some(true),
        },
    });
    ok(record("9.2.2", ItemResult::Conforming));
    ok(record("A.8.13", ItemResult::Conforming));
    let own = completion_and_plan(&session, &audit);
    assert!(
        own.contains(
            &"The results changed after the conclusion was decided; decide it again.".to_string()
        ),
        "{own:#?}"
    );
    let de = in_three_languages(&session, &audit);
    assert!(
        de.iter()
            .any(|t| t.starts_with("Die Ergebnisse haben sich geändert")),
        "{de:#?}"
    );
}

/// The proposal's notes, reasons and field names, in the session's words.
fn proposal_words(session: &Session<MemoryStore>, audit: &str, file: &str) -> Vec<String> {
    use isms_audit::import::{ImportKind, decode};
    let sheet = decode::read_csv("findings.csv", file.as_bytes()).unwrap();
    let p = session
        .workspace()
        .import_proposal(ImportKind::Findings, audit, &sheet)
        .unwrap();
    let mut out = p.notes;
    out.extend(p.columns.into_iter().map(|c| c.why));
    out.extend(p.fields.into_iter().map(|f| f.label));
    out
}

#[test]
fn the_import_proposal_follows_the_language() {
    let (session, _, _, audit) = started_audit(&["9.2.2", "A.5.15", "A.8.13"]);
    let files = [
        // A title row, a second grade column, an unsaved and an unknown column, long
        // text nobody named, an empty column.
        "Internal audit findings 2026,,,,,,,\n\
         Risk,,Type,Severity,Finding,,Comment,Date,Blank\n\
         High,A.8.13,NC,Minor,Restore tests are not recorded,The backup log shows no restore test since 2025,ok,2026-03-02,\n\
         Low,A.5.15,OBS,,Access reviews are informal,Interview with IT operations on access reviews,later,2026-03-03,\n",
        // A column named like the grade whose values are not grades, another that holds them.
        "Criterion,Grade,Kind,Statement,Evidence,Date\n\
         A.8.13,tbd,NC,Restore tests are not recorded,Backup log,2026-03-02\n\
         A.5.15,open,OBS,Access reviews are informal,Interview,2026-03-03\n",
        // Named like the grade, and no column of grades at all.
        "Criterion,Grade,Statement,Evidence,Date\n\
         A.8.13,tbd,Restore tests are not recorded,Backup log,2026-03-02\n",
    ];
    let mut all = (Vec::new(), Vec::new());
    for file in files {
        session.set_report_messages(Messages::default());
        let own = proposal_words(&session, &audit, file);
        session.set_report_messages(report_messages("en"));
        assert_eq!(proposal_words(&session, &audit, file), own);
        session.set_report_messages(report_messages("de"));
        let de = proposal_words(&session, &audit, file);
        session.set_report_messages(Messages::default());
        assert_eq!(de.len(), own.len());
        for (g, e) in de.iter().zip(&own) {
            assert!(!g.contains("engine.") && !g.contains('{'), "{g}");
            assert_ne!(g, e, "still English in German");
        }
        all.0.extend(own);
        all.1.extend(de);
    }
    let (own, de) = all;
    for english in [
        "The header is row 2; the rows above it are passed over.",
        "its values are clause or control each finding is against",
        "a second grade column: read with \"Type\"",
        "not saved by this import",
        "its values are long text, proposed as the objective evidence",
        "no field of this import matches; choose one to keep it",
        "empty",
        "Column \"Grade\" is named like the grade but holds other values (e.g. \"tbd\"); column \"Kind\" holds each finding's grade (major, minor, observation, ...), so it is proposed instead.",
        "named like the grade but holds other values",
        "objective evidence",
    ] {
        assert!(own.iter().any(|t| t == english), "{english}: {own:#?}");
    }
    for german in [
        "enthält den Abschnitt oder die Maßnahme, auf die sich jede Feststellung bezieht",
        "eine zweite Spalte für „Einstufung“: wird zusammen mit „Type“ gelesen",
        "wird von diesem Import nicht gespeichert",
        "Die Spalte „Grade“ ist wie das Feld „Einstufung“ benannt, enthält aber andere Werte (z. B. „tbd“); stattdessen wird die Spalte „Kind“ vorgeschlagen, denn sie enthält die Einstufung jeder Feststellung (Haupt-, Nebenabweichung, Beobachtung, …).",
    ] {
        assert!(de.iter().any(|t| t == german), "{german}: {de:#?}");
    }
}
