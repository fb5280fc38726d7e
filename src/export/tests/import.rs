//! Spreadsheet import from workbooks (issue 16): .xlsx files made with rust_xlsxwriter
//! as people lay them out (several sheets, a merged title row and blank rows above the
//! table, checkboxes as booleans, control numbers typed as numbers, dates as date
//! cells), read by this module into the engine's sheet model, then proposed, previewed
//! and imported by the engine exactly as the page does it.

use chrono::{TimeZone, Utc};
use isms_audit::audit::{AuditFields, AuditKind, AuditStatus, Grade, Scope};
use isms_audit::import::propose::ImportProposal;
use isms_audit::import::{Field, ImportColumn, ImportKind, ImportTable, Sheet};
use isms_audit::programme::ProgrammeFields;
use isms_audit::soa::SoaFields;
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
                criteria: vec!["9.2".into(), "A.5.1".into()],
                soa_id: None,
                planned_start: "2026-03-02".into(),
                planned_end: "2026-04-30".into(),
                lead_auditor: "Alex".into(),
            },
        })
        .unwrap()
        .unwrap();
    w.run(Command::SetFeasibility {
        audit_id: audit.clone(),
        feasibility: isms_audit::audit::conduct::FeasibilityFields {
            verdict: isms_audit::audit::conduct::FeasibilityVerdict::Feasible,
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
