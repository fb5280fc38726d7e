//! The audit report: golden files pin each format for a fixture audit, and a corpus of
//! XSS and markup-injection payloads in every text field shows that each format keeps
//! user text as written and inert.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use isms_audit::Command;
use isms_audit::audit::Verdict;
use isms_audit::audit::conclusion::{Effectiveness, Statements};
use isms_audit::audit::conduct::{
    Adequacy, Attendee, CommunicationFields, Contact, DocumentReviewFields, InformationLimitFields,
    Initiation, LimitKind, Meeting, MeetingKind, TeamMember, TeamRole,
};
use isms_audit::audit::sessions::{Method, SessionFields};
use isms_audit::audit::{AuditStatus, FindingFields, Grade, ItemResult, ReportDetails};
use isms_audit::catalog::custom::{CriteriaSetFields, CustomCriterion, SetKind};
use isms_audit::programme::ProgrammeFields;
use isms_audit::report::{self, Report};
use isms_audit::soa::SoaFields;
use isms_audit::storage::{MemoryStore, Session};
use std::path::Path;

const AT: &str = "2026-03-05T16:00:00.000Z";

/// A fixture audit using every part of the report, with `text` in every text field
/// (`long` where a field takes up to 20,000 characters, `short` where it takes 200).
fn fixture(short: &str, long: &str) -> (Session<MemoryStore>, String) {
    let (session, clock) = (
        futures::executor::block_on(Session::open(MemoryStore::new())).unwrap(),
        Clock::new(),
    );
    let ok = |command| run(&session, &clock, command).unwrap();
    let programme = ok(Command::CreateProgramme {
        programme: ProgrammeFields {
            name: short.into(),
            purpose: long.into(),
            objectives: long.into(),
            period_start: "2026-01-01".into(),
            period_end: "2026-12-31".into(),
            owner: short.into(),
            ..Default::default()
        },
    })
    .unwrap();
    let soa = ok(Command::CreateSoa {
        soa: SoaFields {
            name: short.into(),
            catalog_id: "iso27001-2022".into(),
        },
    })
    .unwrap();
    ok(Command::ImportSoa {
        soa_id: soa.clone(),
        csv: "control,applicable,justification\nA.5.15,yes,x\nA.8.13,yes,y\nA.7.4,no,z\n".into(),
    });
    let set = ok(Command::CreateCriteriaSet {
        set: CriteriaSetFields {
            code: "POL".into(),
            name: short.into(),
            kind: SetKind::Policy,
        },
    })
    .unwrap();
    ok(Command::SetCustomCriterion {
        set_id: set,
        criterion: CustomCriterion {
            id: "AC-2".into(),
            title: short.into(),
            guidance: long.into(),
            source: short.into(),
        },
    });
    let mut fields = audit_fields(&["9.2", "10", "A.5.15", "A.8.13", "POL:AC-2"]);
    fields.title = short.into();
    fields.auditee = short.into();
    fields.objectives = long.into();
    fields.scope.units = vec![short.into(), "IT".into()];
    fields.scope.processes = vec![short.into()];
    fields.scope.locations = vec![short.into()];
    fields.lead_auditor = short.into();
    fields.soa_id = Some(soa);
    let audit = ok(Command::CreateAudit {
        programme_id: programme,
        audit: fields,
    })
    .unwrap();
    ok(feasible(&audit));
    // The conduct records travel into the JSON model (and so into this golden file).
    ok(Command::SetTeam {
        audit_id: audit.clone(),
        team: vec![TeamMember {
            name: short.into(),
            role: TeamRole::Auditor,
            criteria: vec!["A.8.13".into()],
            auditor_id: None,
            justification: String::new(),
        }],
    });
    ok(Command::SetPlanSession {
        audit_id: audit.clone(),
        number: None,
        session: SessionFields {
            activity: short.into(),
            date: "2026-03-02".into(),
            start: "09:00".into(),
            end: "10:30".into(),
            place: long.into(),
            method: Method::RemoteWithInteraction,
            auditees: vec![short.into()],
            criteria: vec!["A.8.13".into()],
            auditors: vec![short.into()],
        },
    });
    ok(Command::SetInitiation {
        audit_id: audit.clone(),
        initiation: Initiation {
            client_contacts: vec![Contact {
                name: short.into(),
                role: short.into(),
                contact: short.into(),
            }],
            access: long.into(),
            language: short.into(),
            areas_of_concern: long.into(),
            ..Default::default()
        },
    });
    ok(Command::SetDocumentReview {
        audit_id: audit.clone(),
        number: None,
        review: DocumentReviewFields {
            title: short.into(),
            version: short.into(),
            date: "2026-02-20".into(),
            owner: short.into(),
            adequacy: Adequacy::PartlyAdequate,
            gaps: long.into(),
        },
    });
    ok(Command::SetAuditStatus {
        audit_id: audit.clone(),
        status: AuditStatus::InProgress,
        acknowledgements: vec![],
        reason: String::new(),
    });
    ok(Command::SetMeeting {
        audit_id: audit.clone(),
        kind: MeetingKind::Opening,
        meeting: Meeting {
            date: "2026-03-02".into(),
            attendees: vec![Attendee {
                name: short.into(),
                role: short.into(),
                organisation: short.into(),
            }],
            topics: vec!["plan_confirmed".into()],
            notes: long.into(),
            findings: vec![],
        },
    });
    ok(Command::LogCommunication {
        audit_id: audit.clone(),
        message: CommunicationFields {
            date: "2026-03-02".into(),
            from: short.into(),
            to: short.into(),
            subject: long.into(),
            escalation: true,
        },
    });
    ok(Command::SetInformationLimit {
        audit_id: audit.clone(),
        number: None,
        limit: InformationLimitFields {
            information: long.into(),
            kind: LimitKind::Refused,
            effect: long.into(),
        },
    });
    for (criterion, result) in [
        ("9.2.1", ItemResult::Conforming),
        ("9.2.2", ItemResult::Nonconforming),
        ("10.1", ItemResult::Conforming),
        ("A.5.15", ItemResult::Conforming),
        ("A.8.13", ItemResult::Nonconforming),
    ] {
        ok(Command::RecordResult {
            audit_id: audit.clone(),
            criterion_id: criterion.into(),
            result,
            notes: long.into(),
        });
    }
    for (grade, criterion, risk) in [
        (Grade::MinorNonconformity, "9.2.2", Some((2, 3))),
        (Grade::MajorNonconformity, "A.8.13", Some((4, 5))),
        (Grade::Observation, "A.5.15", None),
        (Grade::GoodPractice, "10.1", None),
        (Grade::OpportunityForImprovement, "POL:AC-2", None),
    ] {
        ok(Command::AddFinding {
            audit_id: audit.clone(),
            finding: FindingFields {
                grade: Some(grade),
                criterion_ids: vec![criterion.into()],
                statement: long.into(),
                evidence: long.into(),
                date: "2026-03-04".into(),
                likelihood: risk.map(|r| r.0),
                impact: risk.map(|r| r.1),
                groups: Vec::new(),
            },
        });
    }
    ok(Command::SetReportDetails {
        audit_id: audit.clone(),
        details: ReportDetails {
            team: vec![short.into()],
            audit_locations: long.into(),
            sampling: long.into(),
            diverging_opinions: long.into(),
            confidentiality: long.into(),
            distribution: vec![short.into(), "ISMS manager".into()],
            summary: long.into(),
            programme_implications: long.into(),
            classification: short.chars().filter(|c| !c.is_control()).take(40).collect(),
        },
    });
    ok(Command::ConfirmConclusion {
        audit_id: audit.clone(),
        verdict: Verdict::NotFulfilled,
        reason: String::new(),
        statements: Statements {
            effectiveness: Some(Effectiveness::PartlyEffective),
            objectives_achieved: Some(true),
        },
    });
    (session, audit)
}

fn report_of(session: &Session<MemoryStore>, audit: &str) -> Report {
    session
        .workspace()
        .report(audit, AT.into(), "Alex Auditor".into())
        .unwrap()
}

/// Compares `actual` with the golden file, or rewrites it when UPDATE_GOLDEN is set.
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_GOLDEN=1", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(e, a)| e != a)
            .unwrap_or(0);
        panic!(
            "{name} differs from its golden file at line {}:\n  golden: {:?}\n  actual: {:?}\n(run with UPDATE_GOLDEN=1 after checking the change)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

#[test]
fn golden_files_pin_every_format() {
    let (session, audit) = fixture(
        "Example & Co <Berlin>",
        "Sampled 5 of 40 backup jobs; restore of the *ERP* database failed.\nSee ticket #4711 [INC].",
    );
    let r = report_of(&session, &audit);
    assert_eq!(r.summary.verdict, Verdict::NotFulfilled);
    assert_eq!(
        r.findings
            .iter()
            .map(|f| f.reference.as_str())
            .collect::<Vec<_>>(),
        ["F-002", "F-001", "F-003", "F-005", "F-004"]
    );
    golden("report.html", &report::to_html(&r, &report_messages("en")));
    golden(
        "report.md",
        &report::to_markdown(&r, &report_messages("en")),
    );
    golden(
        "report.json",
        &(serde_json::to_string_pretty(&r).unwrap() + "\n"),
    );
}

fn payloads() -> Vec<String> {
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/xss_payloads.txt"),
    )
    .unwrap();
    // Split on \n only: some payloads hold U+2028 / U+2029, which `lines()` keeps but
    // other splitters would break on.
    text.split('\n')
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

fn html_escaped(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The Markdown as a CommonMark renderer (with GFM tables and strikethrough) shows it.
fn markdown_rendered(md: &str) -> String {
    use pulldown_cmark::{Options, Parser, html};
    let mut out = String::new();
    html::push_html(
        &mut out,
        Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH),
    );
    out
}

/// The text of rendered HTML: tags dropped, the renderer's entities read back.
fn rendered_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
}

#[test]
fn every_payload_in_every_field_stays_text_in_every_format() {
    let corpus = payloads();
    assert!(
        corpus.len() >= 200,
        "the corpus has {} payloads",
        corpus.len()
    );
    // Every markup character of the HTML comes from the template: a payload's are all
    // escaped, so their counts match a report whose text is plain letters.
    let markup = |html: &str| ['<', '>', '"', '\''].map(|c| html.matches(c).count());
    let (plain_session, plain_audit) = fixture("plain", "plain text");
    let plain_report = report_of(&plain_session, &plain_audit);
    let plain = markup(&report::to_html(&plain_report, &report_messages("en")));
    // In rendered Markdown, quotes are text; only tags are markup.
    let tags = |html: &str| html.matches('<').count();
    let plain_md = tags(&markdown_rendered(&report::to_markdown(
        &plain_report,
        &report_messages("en"),
    )));
    for payload in &corpus {
        let written = payload.trim();
        let short = if written.chars().count() <= 200 {
            written
        } else {
            "short"
        };
        let (session, audit) = fixture(short, written);
        let r = report_of(&session, &audit);

        let html = report::to_html(&r, &report_messages("en"));
        let escaped = html_escaped(written);
        assert!(
            html.matches(&escaped).count() >= 10,
            "{payload:?} is not shown escaped in the HTML"
        );
        assert_eq!(markup(&html), plain, "{payload:?} adds markup to the HTML");

        let md = report::to_markdown(&r, &report_messages("en"));
        assert!(
            !md.contains('<') || md.matches('<').count() == md.matches("<br>").count(),
            "{payload:?}: raw HTML in the Markdown"
        );
        let shown = markdown_rendered(&md);
        assert_eq!(
            tags(&shown),
            plain_md,
            "{payload:?} adds markup to the rendered Markdown"
        );
        assert!(
            rendered_text(&shown).matches(written).count() >= 10,
            "{payload:?} does not read as written in the rendered Markdown"
        );

        let json: serde_json::Value =
            serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
        assert_eq!(
            json["findings"][0]["statement"], written,
            "{payload:?} does not round-trip in JSON"
        );
        assert_eq!(json["audit"]["title"], short);
    }
}

/// A realistic internal audit: an SoA, two custom criteria sets, a dozen findings of
/// every grade (a systemic major among them), criteria not applicable and not covered,
/// and a confirmed conclusion. Its report is pinned next to the injection-corpus one.
fn realistic() -> (Session<MemoryStore>, String) {
    let (session, clock) = (
        futures::executor::block_on(Session::open(MemoryStore::new())).unwrap(),
        Clock::new(),
    );
    let ok = |command| run(&session, &clock, command).unwrap();
    let programme = ok(Command::CreateProgramme {
        programme: ProgrammeFields {
            name: "Harbourline Logistics ISMS audit programme 2026".into(),
            purpose:
                "Confirm the ISMS conforms to ISO/IEC 27001:2022 before the 2027 recertification."
                    .into(),
            objectives: "Audit every clause and the high-risk controls once a year.".into(),
            period_start: "2026-01-01".into(),
            period_end: "2026-12-31".into(),
            owner: "Mira Okafor, CISO".into(),
            ..Default::default()
        },
    })
    .unwrap();
    let soa = ok(Command::CreateSoa {
        soa: SoaFields {
            name: "Harbourline SoA v4 (2026-02)".into(),
            catalog_id: "iso27001-2022".into(),
        },
    })
    .unwrap();
    ok(Command::ImportSoa {
        soa_id: soa.clone(),
        csv: "control,applicable,justification,implementation,documents\n\
              A.5.15,yes,Risk R-04 unauthorised access,implemented,ACP-02 Access control policy\n\
              A.5.23,no,No cloud services; all systems run in the Leeds and Hull data centres,,\n\
              A.5.24,yes,Risk R-09 incident handling,implemented,IRP-01 Incident response plan\n\
              A.6.3,yes,Risk R-15 phishing,implemented,AWR-01 Awareness programme\n\
              A.8.8,yes,Risk R-07 exploited vulnerabilities,partially_implemented,VUL-02 Patch standard\n\
              A.8.13,yes,Risk R-12 data loss,implemented,BCK-01 Backup runbook\n\
              A.8.15,yes,Risk R-20 undetected misuse,implemented,LOG-01 Logging standard\n"
            .into(),
    });
    for (code, name, kind, id, title, source) in [
        (
            "POL",
            "Harbourline security policies",
            SetKind::Policy,
            "PW-1",
            "Service account passwords are rotated every 90 days",
            "POL-007 Password policy, section 4.2",
        ),
        (
            "GDPR",
            "EU General Data Protection Regulation",
            SetKind::Legal,
            "Art. 32",
            "Security of processing",
            "Regulation (EU) 2016/679, Article 32",
        ),
    ] {
        let set = ok(Command::CreateCriteriaSet {
            set: CriteriaSetFields {
                code: code.into(),
                name: name.into(),
                kind,
            },
        })
        .unwrap();
        ok(Command::SetCustomCriterion {
            set_id: set,
            criterion: CustomCriterion {
                id: id.into(),
                title: title.into(),
                guidance: String::new(),
                source: source.into(),
            },
        });
    }
    let mut fields = audit_fields(&[
        "6.1.2",
        "7.2",
        "7.5.3",
        "9.1",
        "9.2.1",
        "9.2.2",
        "9.3.2",
        "10.2",
        "A.5.15",
        "A.5.23",
        "A.5.24",
        "A.6.3",
        "A.8.8",
        "A.8.13",
        "A.8.15",
        "POL:PW-1",
        "GDPR:Art. 32",
    ]);
    fields.title = "Internal ISMS audit 2026: Leeds operations".into();
    fields.auditee = "Harbourline Logistics Ltd, Leeds site".into();
    fields.client = "Harbourline Group management board".into();
    fields.objectives = "Determine whether the ISMS of the Leeds site conforms to ISO/IEC 27001:2022, the group's security policies and GDPR Article 32, and whether it is effectively implemented.".into();
    fields.scope.units = vec!["IT operations".into(), "Human resources".into()];
    fields.scope.processes = vec![
        "Backup and restore".into(),
        "Patch management".into(),
        "Internal audit".into(),
    ];
    fields.scope.locations = vec!["Leeds data centre".into(), "Leeds head office".into()];
    fields.planned_start = "2026-11-23".into();
    fields.planned_end = "2026-11-25".into();
    fields.lead_auditor = "Priya Raman".into();
    fields.soa_id = Some(soa);
    let audit = ok(Command::CreateAudit {
        programme_id: programme,
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
    use ItemResult::*;
    for (criterion, result, notes) in [
        (
            "6.1.2",
            Conforming,
            "Risk register RR-2026 reviewed; 3 of 42 risks traced to treatment.",
        ),
        (
            "7.2",
            Conforming,
            "Training records of 5 of 31 IT staff sampled.",
        ),
        ("7.5.3", Conforming, ""),
        (
            "9.1",
            Conforming,
            "Monthly KPI dashboard, January to October 2026.",
        ),
        ("9.2.1", Conforming, ""),
        ("9.2.2", Nonconforming, "See F-001 to F-003."),
        (
            "9.3.2",
            NotAudited,
            "The 2026 management review takes place on 2026-12-10; audited in Q1 2027.",
        ),
        (
            "10.2",
            Conforming,
            "4 of 11 corrective actions of 2025 traced to closure.",
        ),
        ("A.5.15", Conforming, ""),
        (
            "A.5.23",
            NotApplicable,
            "Excluded in the SoA: no cloud services are used.",
        ),
        ("A.5.24", Conforming, ""),
        ("A.6.3", Conforming, ""),
        ("A.8.8", Nonconforming, ""),
        (
            "A.8.13",
            Nonconforming,
            "Restore tests of 3 of 14 systems sampled.",
        ),
        ("POL:PW-1", Nonconforming, ""),
        ("GDPR:Art. 32", Conforming, ""),
    ] {
        ok(Command::RecordResult {
            audit_id: audit.clone(),
            criterion_id: criterion.into(),
            result,
            notes: notes.into(),
        });
    }
    let mut ids = Vec::new();
    for (grade, criterion, statement, evidence, risk) in [
        (
            Grade::MinorNonconformity,
            "9.2.2",
            "The 2026 audit programme plans no audit of the Hull data centre.",
            "Audit programme 2026 rev 2; interview with the ISMS manager, 2026-11-23.",
            None,
        ),
        (
            Grade::MinorNonconformity,
            "9.2.2",
            "Two of five 2026 audit reports reached management more than a month after the audit, against the four weeks IA-01 asks for.",
            "Audit reports IA-2026-03 and IA-2026-05; minutes of the management meetings of June and September 2026.",
            None,
        ),
        (
            Grade::MajorNonconformity,
            "9.2.2",
            "The internal audit process does not achieve its purpose: coverage and reporting both fall short, so management cannot rely on it.",
            "F-001 and F-002; interview with the CISO, 2026-11-25.",
            Some((4, 4)),
        ),
        (
            Grade::MinorNonconformity,
            "A.8.8",
            "Critical patches for 3 of 20 sampled servers were installed after the 14 days VUL-02 sets.",
            "Patch report WSUS-2026-10; change tickets CHG-4471, CHG-4502, CHG-4519.",
            Some((3, 4)),
        ),
        (
            Grade::MinorNonconformity,
            "A.8.13|GDPR:Art. 32",
            "Backups of the HR system are not in the restore test schedule.",
            "Backup runbook BCK-01 rev 4, section 6; restore test log 2026.",
            Some((2, 5)),
        ),
        (
            Grade::Observation,
            "A.5.15",
            "Access reviews are done, but on a spreadsheet that anyone in IT can edit.",
            "Access review file Q3-2026.xlsx; interview with the IT operations lead.",
            None,
        ),
        (
            Grade::Observation,
            "7.5.3",
            "Two superseded procedure versions were still on the shared drive.",
            "Shared drive folder /ISMS/Procedures, 2026-11-24.",
            None,
        ),
        (
            Grade::OpportunityForImprovement,
            "A.6.3",
            "Phishing simulations could be aimed at the roles that failed most often.",
            "Awareness report AWR-2026-Q3.",
            None,
        ),
        (
            Grade::GoodPractice,
            "A.5.24",
            "Incident playbooks are tested quarterly with the service desk; lessons learned are tracked to closure.",
            "Exercise reports EX-2026-1 to EX-2026-3.",
            None,
        ),
        (
            Grade::GoodPractice,
            "9.1",
            "The KPI dashboard ties every measure to a risk and an owner.",
            "KPI dashboard, October 2026.",
            None,
        ),
        (
            Grade::MinorNonconformity,
            "POL:PW-1",
            "Passwords of 4 of 12 sampled service accounts were older than 90 days.",
            "Active Directory export of 2026-11-24.",
            Some((3, 3)),
        ),
        (
            Grade::OpportunityForImprovement,
            "GDPR:Art. 32",
            "The encryption of backup media could be recorded in the record of processing activities.",
            "Record of processing activities v7.",
            None,
        ),
    ] {
        let groups = if grade == Grade::MajorNonconformity {
            ids[..2].to_vec()
        } else {
            Vec::new()
        };
        let id = ok(Command::AddFinding {
            audit_id: audit.clone(),
            finding: FindingFields {
                grade: Some(grade),
                // A finding against several criteria lists them with `|`.
                criterion_ids: criterion.split('|').map(str::to_string).collect(),
                statement: statement.into(),
                evidence: evidence.into(),
                date: "2026-11-24".into(),
                likelihood: risk.map(|r: (u8, u8)| r.0),
                impact: risk.map(|r| r.1),
                groups,
            },
        })
        .unwrap();
        ids.push(id);
    }
    ok(Command::SetReportDetails {
        audit_id: audit.clone(),
        details: ReportDetails {
            team: vec!["Priya Raman (lead auditor)".into(), "Tomasz Nowak (auditor, backup and patching)".into()],
            audit_locations: "Leeds data centre and head office, on site; interviews with Hull staff by video call.".into(),
            sampling: "Judgement samples: 3 of 14 backed-up systems, 20 of 180 servers for patching, 12 of 240 service accounts, 5 of 31 IT staff training records.".into(),
            diverging_opinions: "The IT operations lead considers the patch delays (F-004) justified by change freezes; the audit team keeps the finding.".into(),
            confidentiality: "Internal. Not for distribution outside the management board and the ISMS team.".into(),
            distribution: vec!["Mira Okafor, CISO".into(), "Harbourline Group management board".into(), "ISMS team".into()],
            summary: "The ISMS of the Leeds site is largely in place, but the internal audit process does not give management the assurance it needs (F-003). Patching, backup restore tests and service account passwords need correction.".into(),
            programme_implications: "Audit the Hull data centre in Q1 2027; follow up F-003 with a dedicated audit of clause 9.2 in Q2 2027; add an auditor with patch management competence.".into(),
            classification: "Internal".into(),
        },
    });
    ok(Command::ConfirmConclusion {
        audit_id: audit.clone(),
        verdict: Verdict::NotFulfilled,
        reason: String::new(),
        statements: Statements {
            effectiveness: Some(Effectiveness::PartlyEffective),
            objectives_achieved: Some(true),
        },
    });
    (session, audit)
}

#[test]
fn a_realistic_audit_reads_well_in_every_format() {
    let (session, audit) = realistic();
    let r = report_of(&session, &audit);
    assert_eq!(r.findings.len(), 12);
    assert_eq!(r.summary.verdict, Verdict::NotFulfilled);
    assert_eq!(r.good_practices.len(), 2);
    assert!(r.good_practices[0].starts_with("F-009 (A.5.24): Incident playbooks"));
    assert_eq!(r.findings[0].reference, "F-003");
    assert_eq!(r.findings[0].groups, ["F-001", "F-002"]);
    let backup = r.findings.iter().find(|f| f.reference == "F-005").unwrap();
    assert_eq!(
        backup.criteria_text(),
        "A.8.13 Information backup; GDPR:Art. 32 Security of processing"
    );
    let md = report::to_markdown(&r, &report_messages("en"));
    // Ordinary punctuation is written as is, so the text pastes cleanly.
    assert!(md.contains("| Audit client | Harbourline Group management board |"));
    assert!(md.contains(
        "Critical patches for 3 of 20 sampled servers were installed after the 14 days VUL-02 sets."
    ));
    golden(
        "realistic.html",
        &report::to_html(&r, &report_messages("en")),
    );
    golden("realistic.md", &md);
}

#[test]
fn a_confirmation_outdated_by_later_findings_is_reported_stale_not_overridden() {
    let (session, audit) = realistic();
    let clock = Clock::new();
    // Clearing the systemic major changes what the rule gives after the confirmation.
    let major = session.workspace().audit(&audit).unwrap().findings[2]
        .id
        .clone();
    run(
        &session,
        &clock,
        Command::DeleteFinding { finding_id: major },
    )
    .unwrap();
    let r = report_of(&session, &audit);
    let s = &r.summary;
    assert!(s.stale && !s.overridden, "{s:?}");
    assert_eq!(s.override_reason, None);
    assert!(s.confirmed_by.is_some() && s.overridden_by.is_none());
    let lines = s.decision_lines(&report_messages("en")).join("\n");
    assert!(lines.contains("out of date"), "{lines}");
    assert!(!lines.contains("concluded as above because"), "{lines}");
    assert!(
        report::to_markdown(&r, &report_messages("en"))
            .contains("The recorded decision is out of date")
    );
}

/// The audit's classification: stored with the report details, printed by every format,
/// "Confidential" until chosen; a marking too long or on two lines is refused with a
/// code naming the field, and nothing changes.
#[test]
fn the_classification_is_stored_with_the_audit_and_marks_every_format() {
    let (session, clock, _, audit) = started_audit(&["A.8.13"]);
    let marked = |session: &Session<MemoryStore>| {
        let r = report_of(session, &audit);
        (
            r.classification.clone(),
            report::render(&r, "html", &report_messages("en")).unwrap(),
            report::render(&r, "markdown", &report_messages("en")).unwrap(),
        )
    };
    let (default, html, _) = marked(&session);
    assert_eq!(default, "Confidential");
    assert!(html.contains("id=\"classification\">Confidential<"));
    let details = |classification: &str| Command::SetReportDetails {
        audit_id: audit.clone(),
        details: ReportDetails {
            summary: "Kept.".into(),
            classification: classification.into(),
            ..Default::default()
        },
    };
    run(&session, &clock, details("  TLP:AMBER \"x\" </style> ")).unwrap();
    let (stored, html, markdown) = marked(&session);
    assert_eq!(stored, "TLP:AMBER \"x\" </style>");
    assert!(html.contains("id=\"classification\">TLP:AMBER &quot;x&quot; &lt;/style&gt;<"));
    // In the page header's CSS string, every character but letters, digits and spaces
    // is escaped: no quote or `</style>` can end the string or the style element.
    assert!(
        html.contains("content: \"TLP\\3a AMBER \\22 x\\22  \\3c \\2f style\\3e \";"),
        "{}",
        &html[..3000]
    );
    assert_eq!(html.matches("</style>").count(), 1);
    assert!(markdown.contains("Classification: **TLP:AMBER \"x\" &lt;/style&gt;**"));

    let err = refused(&session, &clock, details("Internal\nBoard only"));
    assert_error(&err, isms_audit::ErrorCode::InvalidValue, "classification");
    let err = refused(&session, &clock, details(&"x".repeat(41)));
    assert_error(&err, isms_audit::ErrorCode::TooLong, "classification");
    assert_eq!(marked(&session).0, "TLP:AMBER \"x\" </style>");
}

#[test]
fn a_german_report_reads_german_in_html_and_markdown() {
    let (session, audit) = realistic();
    let r = report_of(&session, &audit);
    let de = report_messages("de");
    let html = report::to_html(&r, &de);
    let md = report::to_markdown(&r, &de);
    assert!(html.contains("<html lang=\"de\">"), "{html}");
    assert!(html.contains("Seite \" counter(page) \" von \" counter(pages)"));
    assert!(md.starts_with("# Auditbericht: "), "{md}");
    // The JSON model is the same whatever the language.
    assert_eq!(
        report::render(&r, "json", &de).unwrap(),
        report::render(&r, "json", &report_messages("en")).unwrap()
    );
    golden("realistic.de.html", &html);
    golden("realistic.de.md", &md);
}

/// Every `"report.…"` key the engine's Rust code names exists in the English and the
/// German catalog (the page's catalog test checks the reverse: every key is used).
#[test]
fn every_report_key_the_engine_uses_is_in_both_catalogs() {
    fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|n| n != "tests") {
                    sources(&path, out);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    sources(&root.join("src"), &mut files);
    let mut used = std::collections::BTreeSet::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (i, _) in text.match_indices("\"report.") {
            let key: String = text[i + 1..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '_')
                .collect();
            // A key ending in "." is a prefix completed at run time (checked by the
            // page's catalog test, which knows every key under it).
            if text[i + 1 + key.len()..].starts_with('"') && !key.ends_with('.') {
                used.insert(key);
            }
        }
    }
    assert!(used.len() > 200, "{} keys found", used.len());
    for lang in ["en", "de"] {
        let path = root.join(format!("www/src/messages/{lang}/report.json"));
        let catalog: std::collections::HashMap<String, String> =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        let missing: Vec<_> = used.iter().filter(|k| !catalog.contains_key(*k)).collect();
        assert!(missing.is_empty(), "{lang} lacks {missing:?}");
    }
}
