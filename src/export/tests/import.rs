//! Spreadsheet import from workbooks (issue 16): .xlsx files made with rust_xlsxwriter
//! as people lay them out (several sheets, a merged title row and blank rows above the
//! table, checkboxes as booleans, control numbers typed as numbers, dates as date
//! cells), read by this module into the engine's sheet model, then proposed, previewed
//! and imported by the engine exactly as the page does it.

use chrono::{TimeZone, Utc};
use isms_audit::audit::conduct::{FeasibilityFields, FeasibilityVerdict};
use isms_audit::audit::{AuditFields, AuditKind, AuditStatus, Grade, Scope};
use isms_audit::catalog::custom::{CriteriaSetFields, SetKind};
use isms_audit::import::propose::ImportProposal;
use isms_audit::import::{Field, ImportColumn, ImportKind, ImportTable, Sheet};
use isms_audit::programme::ProgrammeFields;
use isms_audit::soa::{Implementation, SoaFields};
use isms_audit::{Command, Context, Workspace};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, Worksheet};
use std::cell::Cell;

struct Ws {
    ws: Workspace,
    n: Cell<u32>,
}

impl Ws {
    fn new() -> Self {
        Ws {
            ws: Workspace::default(),
            n: Cell::new(0),
        }
    }

    fn run(&mut self, command: Command) -> Result<Option<String>, isms_audit::Error> {
        let n = self.n.get() + 1;
        self.n.set(n);
        let ctx = Context {
            at: Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, n).unwrap(),
            actor: "Alex Auditor".into(),
            new_id: format!("id-{n}"),
        };
        let change = self.ws.apply(&command, &ctx)?;
        let created = change.entry.created.clone();
        self.ws.commit(change);
        Ok(created)
    }
}

fn sheets(bytes: &[u8]) -> Vec<Sheet> {
    serde_json::from_str(&isms_office::read::workbook(bytes).unwrap()).unwrap()
}

fn table(kind: ImportKind, target: &str, p: &ImportProposal) -> ImportTable {
    ImportTable {
        kind,
        target_id: target.into(),
        file_name: "register.xlsx".into(),
        sheet: p.sheet.clone(),
        columns: p
            .columns
            .iter()
            .map(|c| ImportColumn {
                header: c.header.clone(),
                field: c.field,
            })
            .collect(),
        rows: p.rows.clone(),
    }
}

fn title(ws: &mut Worksheet, text: &str, columns: u16) {
    ws.merge_range(0, 0, 0, columns - 1, text, &Format::new().set_bold())
        .unwrap();
}

/// An audit in progress against 9.2, A.5.1 and A.8.13.
fn started_audit(w: &mut Ws) -> String {
    let programme = w
        .run(Command::CreateProgramme {
            programme: ProgrammeFields {
                name: "Programme".into(),
                purpose: "p".into(),
                objectives: "o".into(),
                period_start: "2026-01-01".into(),
                period_end: "2026-12-31".into(),
                owner: "Pat".into(),
                ..Default::default()
            },
        })
        .unwrap()
        .unwrap();
    let audit = w
        .run(Command::CreateAudit {
            programme_id: programme,
            audit: AuditFields {
                title: "Internal audit".into(),
                kind: AuditKind::Internal,
                auditee: "Example".into(),
                client: String::new(),
                objectives: "Conformity".into(),
                scope: Scope::default(),
                catalog_id: "iso27001-2022".into(),
                criteria: vec!["9.2".into(), "A.5.1".into(), "A.8.13".into()],
                soa_id: None,
                planned_start: "2026-03-02".into(),
                planned_end: "2026-04-30".into(),
                lead_auditor: "Alex".into(),
            },
        })
        .unwrap()
        .unwrap();
    // Starting needs the feasibility recorded (issue 9).
    w.run(Command::SetFeasibility {
        audit_id: audit.clone(),
        feasibility: FeasibilityFields {
            verdict: FeasibilityVerdict::Feasible,
            reasons: String::new(),
            alternative: String::new(),
        },
    })
    .unwrap();
    w.run(Command::SetAuditStatus {
        audit_id: audit.clone(),
        status: AuditStatus::InProgress,
        acknowledgements: vec![],
        reason: String::new(),
    })
    .unwrap();
    audit
}

#[test]
fn an_soa_workbook_with_a_cover_sheet_and_a_merged_title() {
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("Cover")
        .unwrap()
        .write_string(0, 0, "Read me: the SoA is on the next sheet")
        .unwrap();
    let s = book.add_worksheet().set_name("SoA 2026").unwrap();
    title(s, "Statement of Applicability – Example GmbH", 5);
    for (c, h) in [
        "#",
        "Control",
        "Applicable?",
        "Justification / Implementation",
        "Implementation status",
    ]
    .iter()
    .enumerate()
    {
        s.write_string(2, c as u16, *h).unwrap();
    }
    // 8.13 typed as a number, applicability as checkboxes (booleans).
    s.write_string(3, 0, "A.5.1").unwrap();
    s.write_string(3, 1, "Policies for information security")
        .unwrap();
    s.write_boolean(3, 2, true).unwrap();
    s.write_string(3, 3, "Board approved POL-01").unwrap();
    s.write_string(3, 4, "Implemented").unwrap();
    s.write_number(5, 0, 8.13).unwrap();
    s.write_string(5, 1, "Backup").unwrap();
    s.write_boolean(5, 2, false).unwrap();
    s.write_string(5, 3, "Backups run by the group's IT; contract C-7")
        .unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let found = sheets(&bytes);
    assert_eq!(
        found.iter().map(|s| s.name.as_str()).collect::<Vec<_>>(),
        ["Cover", "SoA 2026"]
    );
    let mut w = Ws::new();
    let soa = w
        .run(Command::CreateSoa {
            soa: SoaFields {
                name: "SoA".into(),
                catalog_id: "iso27001-2022".into(),
            },
        })
        .unwrap()
        .unwrap();
    let p =
        w.ws.import_proposal(ImportKind::Soa, &soa, &found[1])
            .unwrap();
    assert_eq!(p.header_line, 3);
    let fields: Vec<Option<Field>> = p.columns.iter().map(|c| c.field).collect();
    assert_eq!(
        fields,
        [
            Some(Field::Control),
            None,
            Some(Field::Applicable),
            Some(Field::Justification),
            Some(Field::Implementation)
        ]
    );
    w.run(Command::ImportTable {
        table: table(ImportKind::Soa, &soa, &p),
    })
    .unwrap();
    let entries = w.ws.soa_view(&soa).unwrap().soa.entries;
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[1].control_id, "A.8.13");
    assert!(!entries[1].applicable);
    assert_eq!(
        entries[1].justification,
        "Backups run by the group's IT; contract C-7"
    );
    let head = w.ws.head().unwrap();
    assert_eq!(head.command["table"]["sheet"], "SoA 2026");
}

#[test]
fn a_findings_workbook_with_date_cells_and_other_grade_words() {
    let mut book = Workbook::new();
    let s = book.add_worksheet().set_name("Findings").unwrap();
    title(s, "Audit findings", 5);
    for (c, h) in ["Clause", "Category", "Description", "Evidence seen", "Date"]
        .iter()
        .enumerate()
    {
        s.write_string(1, c as u16, *h).unwrap();
    }
    let day = Format::new().set_num_format("dd/mm/yyyy");
    let rows = [
        (
            9.2,
            "Major",
            "No internal audit in 2025",
            "Programme 2025",
            (2026, 3, 31),
        ),
        (5.1, "Obs.", "Policy owner unclear", "POL-01", (2026, 4, 1)),
    ];
    for (r, (clause, grade, statement, evidence, (y, m, d))) in rows.iter().enumerate() {
        let r = r as u32 + 2;
        s.write_number(r, 0, *clause).unwrap();
        s.write_string(r, 1, *grade).unwrap();
        s.write_string(r, 2, *statement).unwrap();
        s.write_string(r, 3, *evidence).unwrap();
        s.write_datetime_with_format(r, 4, ExcelDateTime::from_ymd(*y, *m, *d).unwrap(), &day)
            .unwrap();
    }
    book.add_worksheet().set_name("Actions").unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let found = sheets(&bytes);
    assert_eq!(found.len(), 2);
    let mut w = Ws::new();
    let audit = started_audit(&mut w);
    let p =
        w.ws.import_proposal(ImportKind::Findings, &audit, &found[0])
            .unwrap();
    assert_eq!(
        p.rows[0].cells[4], "2026-03-31",
        "a date cell reads as a date"
    );
    let t = table(ImportKind::Findings, &audit, &p);
    let preview = w.ws.import_preview(&t).unwrap();
    assert!(preview.problems.is_empty(), "{:?}", preview.problems);
    assert_eq!(preview.rows[1].values[1], "Observation (from \"Obs.\")");
    w.run(Command::ImportTable { table: t }).unwrap();
    let detail = w.ws.audit(&audit).unwrap();
    let got: Vec<(Grade, String, String)> = detail
        .findings
        .iter()
        .map(|f| (f.grade, f.criterion_ids.join(","), f.date.to_string()))
        .collect();
    assert_eq!(
        got,
        [
            (
                Grade::MajorNonconformity,
                "9.2.1".to_string(),
                "2026-03-31".to_string()
            ),
            (
                Grade::Observation,
                "A.5.1".to_string(),
                "2026-04-01".to_string()
            )
        ]
    );
}

#[test]
fn a_file_that_is_no_workbook_is_refused_with_what_to_do() {
    let err = isms_office::read::workbook(b"Control,Applicable\nA.5.1,yes\n").unwrap_err();
    assert_eq!(err.code, "invalid_command");
    assert!(
        err.message
            .contains("save it from the spreadsheet as .xlsx or .ods, or as CSV"),
        "{}",
        err.message
    );
}

/// The sheet `name` of a workbook, proposed for `kind` into `target`.
fn propose(w: &Ws, kind: ImportKind, target: &str, bytes: &[u8], name: &str) -> ImportProposal {
    let found = sheets(bytes);
    let sheet = found
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no sheet {name}"));
    w.ws.import_proposal(kind, target, sheet).unwrap()
}

#[test]
fn a_criteria_workbook_with_instructions_a_merged_title_and_a_change_log() {
    let mut book = Workbook::new();
    book.add_worksheet()
        .set_name("Instructions")
        .unwrap()
        .write_string(0, 0, "Fill in one requirement per row on the next sheet")
        .unwrap();
    let s = book.add_worksheet().set_name("Requirements").unwrap();
    title(s, "Information security policy – requirements", 4);
    // Row 2 blank; the header on row 3, a number typed as a number, a blank row between.
    for (c, h) in ["Req. ID", "Requirement", "How to audit", "Source"]
        .iter()
        .enumerate()
    {
        s.write_string(2, c as u16, *h).unwrap();
    }
    s.write_string(3, 0, "AC-1").unwrap();
    s.write_string(3, 1, "Access rights are reviewed every quarter")
        .unwrap();
    s.write_string(3, 2, "Sample five reviews of the last year")
        .unwrap();
    s.write_string(3, 3, "POL-07 §3.1").unwrap();
    s.write_number(5, 0, 4.2).unwrap();
    s.write_string(5, 1, "Passwörter werden nie per E-Mail versandt")
        .unwrap();
    s.write_string(5, 3, "POL-07 §4.2").unwrap();
    let log = book.add_worksheet().set_name("Change log").unwrap();
    log.write_string(0, 0, "Version").unwrap();
    log.write_string(0, 1, "Date").unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let mut w = Ws::new();
    let set = w
        .run(Command::CreateCriteriaSet {
            set: CriteriaSetFields {
                code: "POL".into(),
                name: "Policy".into(),
                kind: SetKind::Policy,
            },
        })
        .unwrap()
        .unwrap();
    let p = propose(&w, ImportKind::Criteria, &set, &bytes, "Requirements");
    assert_eq!(p.header_line, 3);
    assert_eq!(
        p.columns.iter().map(|c| c.field).collect::<Vec<_>>(),
        [
            Some(Field::Id),
            Some(Field::Title),
            Some(Field::Guidance),
            Some(Field::Source)
        ]
    );
    w.run(Command::ImportTable {
        table: table(ImportKind::Criteria, &set, &p),
    })
    .unwrap();
    let saved: Vec<(String, String, String, String)> =
        w.ws.criteria_sets()
            .remove(0)
            .criteria
            .into_iter()
            .map(|c| (c.id, c.title, c.guidance, c.source))
            .collect();
    let want = [
        (
            "AC-1",
            "Access rights are reviewed every quarter",
            "Sample five reviews of the last year",
            "POL-07 §3.1",
        ),
        (
            "4.2",
            "Passwörter werden nie per E-Mail versandt",
            "",
            "POL-07 §4.2",
        ),
    ]
    .map(|(a, b, c, d)| (a.to_string(), b.to_string(), c.to_string(), d.to_string()));
    assert_eq!(saved, want);
    assert_eq!(
        w.ws.head().unwrap().command["table"]["sheet"],
        "Requirements"
    );
}

#[test]
fn an_soa_workbook_with_control_numbers_and_titles_in_one_column() {
    let mut book = Workbook::new();
    let s = book.add_worksheet().set_name("Annex A").unwrap();
    title(s, "SoA – ISO/IEC 27001:2022", 4);
    s.merge_range(
        1,
        0,
        1,
        3,
        "Approved by the board, 2026-01-10",
        &Format::new(),
    )
    .unwrap();
    for (c, h) in [
        "Annex A control",
        "Applicable (Y/N)",
        "Reason for inclusion/exclusion",
        "Implementation status",
    ]
    .iter()
    .enumerate()
    {
        s.write_string(3, c as u16, *h).unwrap();
    }
    for (r, (control, applies, why, status)) in [
        (
            "A.5.1 Policies for information security",
            "Y",
            "Board decision",
            "Implemented",
        ),
        ("A.6.7 Remote working", "N", "No remote work allowed", ""),
        (
            "A.8.13 Information backup",
            "Y",
            "Ransomware risk R-12",
            "Partial",
        ),
    ]
    .iter()
    .enumerate()
    {
        let r = r as u32 + 4;
        s.write_string(r, 0, *control).unwrap();
        s.write_string(r, 1, *applies).unwrap();
        s.write_string(r, 2, *why).unwrap();
        s.write_string(r, 3, *status).unwrap();
    }
    book.add_worksheet().set_name("Risks").unwrap();
    let bytes = book.save_to_buffer().unwrap();

    let mut w = Ws::new();
    let soa = w
        .run(Command::CreateSoa {
            soa: SoaFields {
                name: "SoA".into(),
                catalog_id: "iso27001-2022".into(),
            },
        })
        .unwrap()
        .unwrap();
    let p = propose(&w, ImportKind::Soa, &soa, &bytes, "Annex A");
    assert_eq!(p.header_line, 4);
    w.run(Command::ImportTable {
        table: table(ImportKind::Soa, &soa, &p),
    })
    .unwrap();
    let got: Vec<(String, bool, String, Option<Implementation>)> =
        w.ws.soa_view(&soa)
            .unwrap()
            .soa
            .entries
            .into_iter()
            .map(|e| {
                (
                    e.control_id,
                    e.applicable,
                    e.justification,
                    e.implementation,
                )
            })
            .collect();
    assert_eq!(
        got,
        [
            (
                "A.5.1".into(),
                true,
                "Board decision".into(),
                Some(Implementation::Implemented)
            ),
            ("A.6.7".into(), false, "No remote work allowed".into(), None),
            (
                "A.8.13".into(),
                true,
                "Ransomware risk R-12".into(),
                Some(Implementation::PartiallyImplemented)
            ),
        ]
    );
}

/// The findings sheet of the workbook this module exports reads back as the findings
/// recorded: imported into the same audit it adds nothing.
#[test]
fn the_exported_findings_sheet_imports_back_unchanged() {
    let mut w = Ws::new();
    let audit = started_audit(&mut w);
    let file = "Clause;Type;Finding;Evidence;Date\n\
                9.2;Major;No internal audit in 2025;Programme 2025 empty;2026-03-02\n\
                A.5.1;OFI;\"Policy owner, \"\"unclear\"\"\";POL-01 v2;2026-03-03\n\
                A.8.13;Minor;Restore test missing;Backup log Q3;2026-03-04\n";
    let sheet = isms_audit::import::decode::read_csv("f.csv", file.as_bytes()).unwrap();
    let p =
        w.ws.import_proposal(ImportKind::Findings, &audit, &sheet)
            .unwrap();
    w.run(Command::ImportTable {
        table: table(ImportKind::Findings, &audit, &p),
    })
    .unwrap();
    let before = w.ws.audit(&audit).unwrap().findings;
    assert_eq!(before.len(), 3);

    let report =
        w.ws.report(&audit, "2026-03-05T10:00:00Z".into(), "Alex".into())
            .unwrap();
    let json = format!("{{\"report\":{}}}", serde_json::to_string(&report).unwrap());
    let bytes = isms_office::audit_xlsx(&json).unwrap();
    let names: Vec<String> = sheets(&bytes).into_iter().map(|s| s.name).collect();
    let findings = names
        .iter()
        .find(|n| n.to_lowercase().contains("finding"))
        .unwrap_or_else(|| panic!("no findings sheet in {names:?}"));
    let p = propose(&w, ImportKind::Findings, &audit, &bytes, findings);
    let t = table(ImportKind::Findings, &audit, &p);
    let preview = w.ws.import_preview(&t).unwrap();
    assert_eq!(
        (preview.count, preview.unchanged),
        (0, 3),
        "{:?} {:?}",
        p.columns
            .iter()
            .map(|c| (&c.header, c.field))
            .collect::<Vec<_>>(),
        preview.problems
    );
    w.run(Command::ImportTable { table: t }).unwrap();
    assert_eq!(w.ws.audit(&audit).unwrap().findings, before);

    // Into a fresh audit with the same criteria, the same findings are recorded.
    let mut fresh = Ws::new();
    let other = started_audit(&mut fresh);
    let p = propose(&fresh, ImportKind::Findings, &other, &bytes, findings);
    fresh
        .run(Command::ImportTable {
            table: table(ImportKind::Findings, &other, &p),
        })
        .unwrap();
    let key = |f: &isms_audit::audit::Finding| {
        (
            f.grade,
            f.criterion_ids.clone(),
            f.statement.clone(),
            f.evidence.clone(),
            f.date,
        )
    };
    // The register lists the findings by grade, so they are numbered in that order.
    let sorted = |findings: &[isms_audit::audit::Finding]| {
        let mut keys: Vec<_> = findings.iter().map(key).collect();
        keys.sort_by(|a, b| a.2.cmp(&b.2));
        keys
    };
    assert_eq!(
        sorted(&fresh.ws.audit(&other).unwrap().findings),
        sorted(&before)
    );
}
