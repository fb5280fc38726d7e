//! The audit report: golden files pin each format for a fixture audit, and a corpus of
//! XSS and markup-injection payloads in every text field shows that each format keeps
//! user text as written and inert.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use isms_audit::Command;
use isms_audit::audit::Verdict;
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
    ok(Command::SetAuditStatus {
        audit_id: audit.clone(),
        status: AuditStatus::InProgress,
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
                grade,
                criterion_id: criterion.into(),
                statement: long.into(),
                evidence: long.into(),
                date: "2026-03-04".into(),
                likelihood: risk.map(|r| r.0),
                impact: risk.map(|r| r.1),
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
        },
    });
    ok(Command::ConfirmConclusion {
        audit_id: audit.clone(),
        verdict: Verdict::NotFulfilled,
        reason: String::new(),
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
    golden("report.html", &report::to_html(&r));
    golden("report.md", &report::to_markdown(&r));
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

/// Every ASCII punctuation character backslash-escaped, `<>&` as entities, line breaks
/// as `<br>`: text that CommonMark shows literally.
fn markdown_escaped(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Undoes the Markdown renderer's escaping, to check the text reads as written.
fn markdown_unescaped(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && chars.peek().is_some_and(|n| n.is_ascii_punctuation()) {
            out.push(chars.next().unwrap());
        } else {
            out.push(c);
        }
    }
    out.replace("<br>", "\n")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
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
    let plain = markup(&report::to_html(&report_of(&plain_session, &plain_audit)));
    for payload in &corpus {
        let written = payload.trim();
        let short = if written.chars().count() <= 200 {
            written
        } else {
            "short"
        };
        let (session, audit) = fixture(short, written);
        let r = report_of(&session, &audit);

        let html = report::to_html(&r);
        let escaped = html_escaped(written);
        assert!(
            html.matches(&escaped).count() >= 10,
            "{payload:?} is not shown escaped in the HTML"
        );
        assert_eq!(markup(&html), plain, "{payload:?} adds markup to the HTML");

        let md = report::to_markdown(&r);
        assert!(
            md.contains(&markdown_escaped(written)),
            "{payload:?} is not shown escaped in the Markdown"
        );
        assert!(
            markdown_unescaped(&md).contains(written),
            "{payload:?} does not read as written in the Markdown"
        );
        assert!(
            !md.contains('<') || md.matches('<').count() == md.matches("<br>").count(),
            "{payload:?}: raw HTML in the Markdown"
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
