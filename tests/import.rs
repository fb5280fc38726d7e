//! Spreadsheet import (issue 16): files laid out as people keep them, read as CSV in
//! any of the encodings and separators spreadsheets write, the mapping proposed by the
//! engine taken as the user would confirm it, and the import either saving the values
//! expected or refused with a message that names the column or rows to fix. (.xlsx
//! workbooks are read by the office module; its tests import them the same way.)
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{Clock, fresh, refused, run, started_audit};
use isms_audit::audit::Grade;
use isms_audit::catalog::custom::{CriteriaSetFields, SetKind};
use isms_audit::import::propose::ImportProposal;
use isms_audit::import::{Field, ImportColumn, ImportKind, ImportTable, decode};
use isms_audit::soa::{Implementation, SoaEntry, SoaFields};
use isms_audit::storage::{MemoryStore, Session};
use isms_audit::{Command, Error, ErrorCode};

type S = Session<MemoryStore>;
/// (what, file, fields proposed, the criterion saved: id, title, guidance, source)
type CriteriaCase<'a> = (
    &'a str,
    Vec<u8>,
    [Option<Field>; 4],
    (&'a str, &'a str, &'a str, &'a str),
);
/// (what, file, per finding: grade, criteria, date)
type FindingsCase<'a> = (&'a str, Vec<u8>, Vec<(Grade, &'a str, &'a str)>);
/// grade, criteria, statement, evidence, date
type SavedFinding = (Grade, Vec<String>, String, String, String);

fn proposal(s: &S, kind: ImportKind, target: &str, name: &str, bytes: &[u8]) -> ImportProposal {
    let sheet = decode::read_csv(name, bytes).unwrap();
    s.workspace().import_proposal(kind, target, &sheet).unwrap()
}

/// The table of `proposal` with the proposed mapping, changed by `overrides`
/// (column header, field or none).
fn table(
    kind: ImportKind,
    target: &str,
    name: &str,
    p: &ImportProposal,
    overrides: &[(&str, Option<Field>)],
) -> ImportTable {
    ImportTable {
        kind,
        target_id: target.into(),
        file_name: name.into(),
        sheet: String::new(),
        columns: p
            .columns
            .iter()
            .map(|c| ImportColumn {
                header: c.header.clone(),
                field: overrides
                    .iter()
                    .find(|(h, _)| *h == c.header)
                    .map_or(c.field, |(_, f)| *f),
            })
            .collect(),
        rows: p.rows.clone(),
    }
}

fn mapping(p: &ImportProposal) -> Vec<(String, Option<Field>)> {
    p.columns
        .iter()
        .map(|c| (c.header.clone(), c.field))
        .collect()
}

fn import(s: &S, clock: &Clock, t: ImportTable) -> Result<(), Error> {
    run(s, clock, Command::ImportTable { table: t }).map(|_| ())
}

fn all_text(e: &Error) -> String {
    format!("{} | {}", e.message, e.details.join(" | "))
}

fn utf16le(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    out.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    out
}

fn cp1252(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '€' => 0x80,
            '–' => 0x96,
            '“' => 0x93,
            '”' => 0x94,
            c if (c as u32) < 256 => c as u8,
            c => panic!("{c} is not in the test's Windows-1252"),
        })
        .collect()
}

fn bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend(text.as_bytes());
    out
}

// ---------------------------------------------------------------- SoA

fn soa() -> (S, Clock, String) {
    let (s, clock) = fresh();
    let id = run(
        &s,
        &clock,
        Command::CreateSoa {
            soa: SoaFields {
                name: "SoA v3".into(),
                catalog_id: "iso27001-2022".into(),
            },
        },
    )
    .unwrap()
    .unwrap();
    (s, clock, id)
}

fn entries(s: &S, id: &str) -> Vec<SoaEntry> {
    s.workspace().soa_view(id).unwrap().soa.entries
}

/// Imports an SoA file with the proposed mapping; the entries saved.
fn soa_import(name: &str, bytes: &[u8]) -> (ImportProposal, Vec<SoaEntry>) {
    let (s, clock, id) = soa();
    let p = proposal(&s, ImportKind::Soa, &id, name, bytes);
    import(&s, &clock, table(ImportKind::Soa, &id, name, &p, &[])).unwrap();
    (p, entries(&s, &id))
}

#[test]
fn soa_from_a_public_template_keeps_its_justifications() {
    // The layout of the issue: `;`, a byte-order mark, "Status" and a combined
    // "Justification/Implementation" column (silently dropped before).
    let file = "Control;Title;Applicable;Status;Justification/Implementation\r\n\
                A.5.1;Policies for information security;Yes;Implemented;ISMS policy POL-01 approved by the board\r\n\
                A.5.23;Information security for use of cloud services;No;;\"No cloud services; all systems on premises\"\r\n\
                A.7.4;Physical security monitoring;No;;\"Shared office; landlord's CCTV, see contract\"\r\n";
    let (p, e) = soa_import("SoA template.csv", &bom(file));
    assert_eq!(
        mapping(&p),
        [
            ("Control".into(), Some(Field::Control)),
            ("Title".into(), None),
            ("Applicable".into(), Some(Field::Applicable)),
            ("Status".into(), Some(Field::Implementation)),
            (
                "Justification/Implementation".into(),
                Some(Field::Justification)
            ),
        ]
    );
    assert_eq!(
        p.columns[1].why,
        "not saved: the catalog holds each control's title"
    );
    assert_eq!(e.len(), 3);
    assert_eq!(
        e[0].justification,
        "ISMS policy POL-01 approved by the board"
    );
    assert_eq!(e[0].implementation, Some(Implementation::Implemented));
    assert!(!e[2].applicable);
    assert_eq!(
        e[2].justification,
        "Shared office; landlord's CCTV, see contract"
    );
}

#[test]
fn soa_with_numbers_under_hash_and_titles_under_control() {
    let file = "#,Control,Appl,Reason for inclusion/exclusion\n\
                5.1,Policies for information security,Y,Required by the board\n\
                5.2,Information security roles and responsibilities,Y,Risk R-3\n\
                7.4,Physical security monitoring,N,No own premises\n";
    let (p, e) = soa_import("soa.csv", file.as_bytes());
    assert_eq!(p.columns[0].field, Some(Field::Control));
    assert_eq!(p.columns[1].field, None);
    assert_eq!(p.columns[2].field, Some(Field::Applicable));
    assert_eq!(p.columns[3].field, Some(Field::Justification));
    assert!(
        p.notes.iter().any(|n| n
            .contains("Column \"Control\" is named like the control but holds control titles")
            && n.contains("column \"#\" holds")),
        "{:?}",
        p.notes
    );
    let ids: Vec<&str> = e.iter().map(|e| e.control_id.as_str()).collect();
    assert_eq!(ids, ["A.5.1", "A.5.2", "A.7.4"]);
    assert_eq!(e[2].justification, "No own premises");
}

#[test]
fn soa_forced_onto_the_title_column_is_refused_naming_the_right_column() {
    let file = "#,Control,Appl\n5.1,Policies for information security,Y\n5.2,Information security roles and responsibilities,N\n";
    let (s, clock, id) = soa();
    let p = proposal(&s, ImportKind::Soa, &id, "soa.csv", file.as_bytes());
    let t = table(
        ImportKind::Soa,
        &id,
        "soa.csv",
        &p,
        &[("#", None), ("Control", Some(Field::Control))],
    );
    let err = refused(&s, &clock, Command::ImportTable { table: t });
    assert_eq!(err.code, ErrorCode::InvalidImport);
    assert!(
        all_text(&err).contains("column \"Control\" does not hold the control numbers")
            && all_text(&err).contains("map \"#\" to control instead"),
        "{}",
        all_text(&err)
    );
    assert!(
        all_text(&err).contains("row 2, column \"Control\""),
        "{}",
        all_text(&err)
    );
}

#[test]
fn soa_as_unicode_text_with_tabs() {
    let file = "Annex A reference\tIncluded\tReason for inclusion or exclusion\tImplementation status\tRelated documents\r\n\
                A.8.13\tx\tBackups protect against ransomware (R-12)\tpartial\tBCK-01, BCK-02\r\n\
                A.8.14\t\t\t\t\r\n\
                A.5.7\tno\tThreat intelligence bought from the group – not needed locally\t\t\r\n";
    let (p, e) = soa_import("soa.txt", &utf16le(file));
    assert_eq!(
        p.columns.iter().map(|c| c.field).collect::<Vec<_>>(),
        [
            Some(Field::Control),
            Some(Field::Applicable),
            Some(Field::Justification),
            Some(Field::Implementation),
            Some(Field::Documents)
        ]
    );
    // A.8.14 left blank is not assessed yet; the rest in catalog order.
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].control_id, "A.5.7");
    assert!(e[0].justification.contains("group – not needed"));
    assert_eq!(e[1].documents, "BCK-01, BCK-02");
    assert_eq!(
        e[1].implementation,
        Some(Implementation::PartiallyImplemented)
    );
}

#[test]
fn soa_in_windows_1252_with_title_rows_above_the_table() {
    let file = "Statement of Applicability – Müller GmbH\r\n\
                \r\n\
                Version 3, approved 2026-01-10;;;\r\n\
                \r\n\
                Control No.;Applicable (Y/N);Justification for exclusion;Documented information\r\n\
                A.5.1;Y;;POL-01\r\n\
                A.7.4;N;“Keine eigenen Räume” – Büro gemietet;\r\n";
    let (p, e) = soa_import("soa.csv", &cp1252(file));
    assert_eq!(p.header_line, 5);
    assert!(p.notes.iter().any(|n| n.contains("The header is row 5")));
    assert_eq!(e.len(), 2);
    assert_eq!(e[0].documents, "POL-01");
    assert_eq!(e[1].justification, "“Keine eigenen Räume” – Büro gemietet");
}

#[test]
fn soa_justification_under_an_unknown_header_is_proposed_from_its_values() {
    let file = "Control,Applicable,Kommentar des ISB\n\
                A.5.1,yes,Board approved the policy set in January\n\
                A.5.23,no,No cloud services are used by the organisation\n";
    let (p, e) = soa_import("soa.csv", file.as_bytes());
    assert_eq!(p.columns[2].field, Some(Field::Justification));
    assert!(
        p.columns[2].why.contains("long text"),
        "{}",
        p.columns[2].why
    );
    assert_eq!(
        e[1].justification,
        "No cloud services are used by the organisation"
    );
}

#[test]
fn soa_applicability_not_understood_names_rows_and_what_is_accepted() {
    let file = "Control,Applicable,Justification\n\
                A.5.1,yes,ok\n\
                A.5.2,TBD,\n\
                A.5.3,—,\n\
                A.5.4,TBD,\n";
    let (s, clock, id) = soa();
    let p = proposal(&s, ImportKind::Soa, &id, "soa.csv", file.as_bytes());
    let t = table(ImportKind::Soa, &id, "soa.csv", &p, &[]);
    let preview = s.workspace().import_preview(&t).unwrap();
    assert_eq!(preview.count, 1);
    assert_eq!(
        preview
            .rows
            .iter()
            .filter(|r| !r.problems.is_empty())
            .count(),
        3
    );
    let err = refused(&s, &clock, Command::ImportTable { table: t });
    let text = all_text(&err);
    assert!(
        text.contains("column \"Applicable\" holds values that are not understood: \"TBD\" (rows 3 and 5), \"—\" (row 4); write yes or no"),
        "{text}"
    );
    assert!(
        text.contains("leave it empty for a control not assessed yet"),
        "{text}"
    );
}

#[test]
fn soa_without_an_applicability_column_is_refused_naming_it() {
    let file = "Control,Notes\nA.5.1,short\n";
    let (s, clock, id) = soa();
    let p = proposal(&s, ImportKind::Soa, &id, "soa.csv", file.as_bytes());
    let err = refused(
        &s,
        &clock,
        Command::ImportTable {
            table: table(ImportKind::Soa, &id, "soa.csv", &p, &[]),
        },
    );
    assert!(
        all_text(&err).contains("no column is mapped to applicable; choose the column that holds whether each control applies"),
        "{}",
        all_text(&err)
    );
}

#[test]
fn soa_exported_and_imported_again_changes_nothing() {
    let (s, clock, id) = soa();
    for (control, applicable, justification) in [
        ("A.5.1", true, "=risk, \"R1\"; board"),
        ("A.7.4", false, "two\nlines"),
        ("A.8.13", true, ""),
    ] {
        run(
            &s,
            &clock,
            Command::SetSoaEntry {
                soa_id: id.clone(),
                entry: SoaEntry {
                    control_id: control.into(),
                    applicable,
                    justification: justification.into(),
                    implementation: Some(Implementation::Planned),
                    documents: "POL-1".into(),
                },
            },
        )
        .unwrap();
    }
    let before = entries(&s, &id);
    let csv = s.workspace().soa_csv(&id).unwrap();
    let p = proposal(&s, ImportKind::Soa, &id, "export.csv", csv.as_bytes());
    import(
        &s,
        &clock,
        table(ImportKind::Soa, &id, "export.csv", &p, &[]),
    )
    .unwrap();
    assert_eq!(entries(&s, &id), before);
    let entry = s.workspace().head().unwrap().clone();
    assert_eq!(entry.command["type"], "importTable");
    assert_eq!(entry.command["table"]["fileName"], "export.csv");
}

/// (what, file, per entry saved: control, applicable, justification, implementation)
type SoaCase<'a> = (
    &'a str,
    Vec<u8>,
    Vec<(&'a str, bool, &'a str, Option<Implementation>)>,
);

#[test]
fn soa_layouts_people_keep_import() {
    use Implementation::*;
    let cases: Vec<SoaCase> = vec![
        (
            "\"Ref\", \"Included\", \"Reason for inclusion/exclusion\", blank rows between groups",
            "Ref,Control title,Included,Reason for inclusion/exclusion,Implementation status\n\
             \n\
             A.5.15,Access control,Included,Access rules in POL-04,Implemented\n\
             ,,,,\n\
             A.6.7,Remote working,Excluded,Nobody works remotely,\n\
             \n\
             A.8.24,Use of cryptography,Included,Laptops encrypted,Planned\n"
                .as_bytes()
                .to_vec(),
            vec![
                ("A.5.15", true, "Access rules in POL-04", Some(Implemented)),
                ("A.6.7", false, "Nobody works remotely", None),
                ("A.8.24", true, "Laptops encrypted", Some(Planned)),
            ],
        ),
        (
            "UTF-8 with BOM, tabs, \"Control No.\" and \"Applicable (Y/N)\" as y/n",
            bom(
                "Control No.\tApplicable (Y/N)\tJustification\tImplementation status\r\n\
                 A.5.9\ty\tAsset inventory kept in the CMDB\tin progress\r\n\
                 A.7.1\tn\tNo own premises; office shared with the group\tnot implemented\r\n",
            ),
            vec![
                (
                    "A.5.9",
                    true,
                    "Asset inventory kept in the CMDB",
                    Some(PartiallyImplemented),
                ),
                (
                    "A.7.1",
                    false,
                    "No own premises; office shared with the group",
                    Some(NotImplemented),
                ),
            ],
        ),
        (
            "Windows-1252 from a French template: Oui/Non, accented justifications, ';'",
            cp1252(
                "Référence;Intitulé;Applicable;Justification\r\n\
                    A.5.10;Utilisation correcte des informations;Oui;Charte informatique signée à l'embauche\r\n\
                    A.7.5;Protection contre les menaces physiques;Non;Locaux gérés par le propriétaire – voir bail\r\n",
            ),
            vec![
                (
                    "A.5.10",
                    true,
                    "Charte informatique signée à l'embauche",
                    None,
                ),
                (
                    "A.7.5",
                    false,
                    "Locaux gérés par le propriétaire – voir bail",
                    None,
                ),
            ],
        ),
        (
            "two title rows (one merged across the columns) above \"Annex A control\", ticks and N/A",
            "ISO/IEC 27001:2022 Statement of Applicability,,,\n\
             Owner: CISO   Version 2.1,,,\n\
             Annex A control,Applicable,Rationale,Status\n\
             A.8.13,✓,Daily backups to a second site,done\n\
             A.8.23,N/A,No web access from the production network,\n"
                .as_bytes()
                .to_vec(),
            vec![
                (
                    "A.8.13",
                    true,
                    "Daily backups to a second site",
                    Some(Implemented),
                ),
                (
                    "A.8.23",
                    false,
                    "No web access from the production network",
                    None,
                ),
            ],
        ),
        (
            "number and title in one \"Control\" cell, as many templates keep them",
            "Control,Applicable,Reason for selection\n\
             A.5.1 Policies for information security,Yes,Board decision 2025-11\n\
             5.23 – Information security for use of cloud services,No,No cloud services\n\
             A.8.13: Information backup,Yes,Ransomware risk R-12\n"
                .as_bytes()
                .to_vec(),
            vec![
                ("A.5.1", true, "Board decision 2025-11", None),
                ("A.5.23", false, "No cloud services", None),
                ("A.8.13", true, "Ransomware risk R-12", None),
            ],
        ),
        (
            "\"Justification for inclusion\" and \"Justification for exclusion\" in two columns",
            "Control,Applicable,Justification for inclusion,Justification for exclusion\n\
             A.5.1,Yes,Board decision,\n\
             A.7.4,No,,No own premises\n\
             A.8.13,Yes,Risk R-12,'=not excluded\n"
                .as_bytes()
                .to_vec(),
            vec![
                ("A.5.1", true, "Board decision", None),
                ("A.7.4", false, "No own premises", None),
                ("A.8.13", true, "Risk R-12\n=not excluded", None),
            ],
        ),
    ];
    for (what, bytes, expected) in cases {
        let (p, e) = soa_import("soa.csv", &bytes);
        let got: Vec<(String, bool, String, Option<Implementation>)> = e
            .iter()
            .map(|e| {
                (
                    e.control_id.clone(),
                    e.applicable,
                    e.justification.clone(),
                    e.implementation,
                )
            })
            .collect();
        let want: Vec<(String, bool, String, Option<Implementation>)> = expected
            .iter()
            .map(|(c, a, j, i)| (c.to_string(), *a, j.to_string(), *i))
            .collect();
        assert_eq!(got, want, "{what}: {:?} {:?}", mapping(&p), p.notes);
    }
}

// ---------------------------------------------------------------- custom criteria

fn set() -> (S, Clock, String) {
    let (s, clock) = fresh();
    let id = run(
        &s,
        &clock,
        Command::CreateCriteriaSet {
            set: CriteriaSetFields {
                code: "POL".into(),
                name: "Policies".into(),
                kind: SetKind::Policy,
            },
        },
    )
    .unwrap()
    .unwrap();
    (s, clock, id)
}

fn criteria_import(
    name: &str,
    bytes: &[u8],
) -> (ImportProposal, Vec<(String, String, String, String)>) {
    let (s, clock, id) = set();
    let p = proposal(&s, ImportKind::Criteria, &id, name, bytes);
    import(&s, &clock, table(ImportKind::Criteria, &id, name, &p, &[])).unwrap();
    let set = s.workspace().criteria_sets().into_iter().next().unwrap();
    (
        p,
        set.criteria
            .into_iter()
            .map(|c| (c.id, c.title, c.guidance, c.source))
            .collect(),
    )
}

#[test]
fn criteria_layouts_import() {
    let cases: Vec<CriteriaCase> = vec![
        (
            "semicolons",
            "Req. ID;Requirement;How to audit;Source\nAC-1;Access is reviewed quarterly;Sample 5 reviews;POL-07 3.1\n".as_bytes().to_vec(),
            [Some(Field::Id), Some(Field::Title), Some(Field::Guidance), Some(Field::Source)],
            ("AC-1", "Access is reviewed quarterly", "Sample 5 reviews", "POL-07 3.1"),
        ),
        (
            "tabs, UTF-16",
            utf16le("Article\tObligation\tNotes\tRegulation\r\nArt. 32(1)(b)\tEnsure ongoing confidentiality of processing systems\tAsk for the pen test\tGDPR\r\n"),
            [Some(Field::Id), Some(Field::Title), Some(Field::Guidance), Some(Field::Source)],
            ("Art. 32(1)(b)", "Ensure ongoing confidentiality of processing systems", "Ask for the pen test", "GDPR"),
        ),
        (
            "German headers in Windows-1252, the text column found by its values",
            cp1252("Nr.,Anforderung der Richtlinie,Prüfer\r\n4.2,Passwörter werden nie per E-Mail versandt,Kim\r\n"),
            [Some(Field::Id), Some(Field::Title), None, None],
            ("4.2", "Passwörter werden nie per E-Mail versandt", "", ""),
        ),
        (
            "title rows and blank rows above",
            bom("Supplier contract requirements\n\nissued by Legal,,\n\n#,Policy statement,Origin\nSC-4,Suppliers report incidents within 24 hours,Master services agreement 7.2\n"),
            [Some(Field::Id), Some(Field::Title), Some(Field::Source), None],
            ("SC-4", "Suppliers report incidents within 24 hours", "", "Master services agreement 7.2"),
        ),
        (
            "a title column named Control",
            "Ref,Control,Owner\nHR-2,Background checks before hiring,HR\n".as_bytes().to_vec(),
            [Some(Field::Id), Some(Field::Title), None, None],
            ("HR-2", "Background checks before hiring", "", ""),
        ),
        (
            "NIS2 article list: ';', Windows-1252, a merged title row and blank rows",
            cp1252("Maßnahmen nach NIS2;;;\r\n;;;\r\nClause;Requirement text;Audit question;Regulation\r\n;;;\r\nArt. 21(2)(b);Incident handling is defined;Ask for the last incident report;NIS2 – Richtlinie (EU) 2022/2555\r\n"),
            [Some(Field::Id), Some(Field::Title), Some(Field::Guidance), Some(Field::Source)],
            ("Art. 21(2)(b)", "Incident handling is defined", "Ask for the last incident report", "NIS2 – Richtlinie (EU) 2022/2555"),
        ),
        (
            "UTF-8 BOM, tabs, \"Section\" and \"What to check\"",
            bom("Section\tTitle\tWhat to check\tStandard\r\n7.3\tStaff know the clean desk rule\tWalk the office after 18:00\tClean desk policy\r\n"),
            [Some(Field::Id), Some(Field::Title), Some(Field::Guidance), Some(Field::Source)],
            ("7.3", "Staff know the clean desk rule", "Walk the office after 18:00", "Clean desk policy"),
        ),
        (
            "UTF-16 with \"Item\", \"Requirements\", \"Guidance notes\", \"Contract\"",
            utf16le("Item,Requirements,Guidance notes,Contract\r\nQ-12,\"Customer data stays in the EU, backups included\",\"Check the hosting contract, annex 2\",Customer MSA 2025\r\n"),
            [Some(Field::Id), Some(Field::Title), Some(Field::Guidance), Some(Field::Source)],
            ("Q-12", "Customer data stays in the EU, backups included", "Check the hosting contract, annex 2", "Customer MSA 2025"),
        ),
    ];
    for (what, bytes, fields, expected) in cases {
        let (p, saved) = criteria_import("criteria.csv", &bytes);
        let proposed: Vec<Option<Field>> = p.columns.iter().map(|c| c.field).collect();
        assert_eq!(
            proposed[..],
            fields[..proposed.len()],
            "{what}: {:?}",
            mapping(&p)
        );
        assert_eq!(
            saved,
            [(
                expected.0.to_string(),
                expected.1.to_string(),
                expected.2.to_string(),
                expected.3.to_string()
            )],
            "{what}"
        );
    }
}

#[test]
fn criteria_refusals_name_the_column_and_rows() {
    let (s, clock, id) = set();
    // Titles under "ID", codes under "Code": forcing "ID" is refused, naming "Code".
    let file =
        "ID,Code\nAll laptops use disk encryption,EN-1\nBackups are tested twice a year,BK-2\n";
    let p = proposal(&s, ImportKind::Criteria, &id, "c.csv", file.as_bytes());
    assert_eq!(p.columns[1].field, Some(Field::Id), "{:?}", mapping(&p));
    let t = table(
        ImportKind::Criteria,
        &id,
        "c.csv",
        &p,
        &[("ID", Some(Field::Id)), ("Code", Some(Field::Title))],
    );
    let text = all_text(&refused(&s, &clock, Command::ImportTable { table: t }));
    assert!(
        text.contains("column \"ID\" does not hold each criterion's id")
            && text.contains("map \"Code\" to id instead"),
        "{text}"
    );

    // The same id twice, and a row without a title.
    let file = "id,title\nAC-1,One\nAC-2,\nAC-1,Again\n";
    let p = proposal(&s, ImportKind::Criteria, &id, "c.csv", file.as_bytes());
    let t = table(ImportKind::Criteria, &id, "c.csv", &p, &[]);
    let text = all_text(&refused(&s, &clock, Command::ImportTable { table: t }));
    assert!(
        text.contains("row 3, column \"title\": criterion \"AC-2\" has no title."),
        "{text}"
    );
    assert!(
        text.contains("row 4, column \"id\": the id \"AC-1\" appears twice (first in row 2)."),
        "{text}"
    );

    // No title column at all.
    let file = "id,owner\nAC-1,Kim\n";
    let p = proposal(&s, ImportKind::Criteria, &id, "c.csv", file.as_bytes());
    let t = table(ImportKind::Criteria, &id, "c.csv", &p, &[]);
    let text = all_text(&refused(&s, &clock, Command::ImportTable { table: t }));
    assert!(text.contains("no column is mapped to title"), "{text}");
}

#[test]
fn criteria_imported_twice_change_nothing() {
    let (s, clock, id) = set();
    let file = "id,title,guidance,source\nAC-1,\"Access, reviewed\",\"two\nlines\",POL-7\n";
    for _ in 0..2 {
        let p = proposal(&s, ImportKind::Criteria, &id, "c.csv", file.as_bytes());
        let t = table(ImportKind::Criteria, &id, "c.csv", &p, &[]);
        import(&s, &clock, t).unwrap();
    }
    let p = proposal(&s, ImportKind::Criteria, &id, "c.csv", file.as_bytes());
    let preview = s
        .workspace()
        .import_preview(&table(ImportKind::Criteria, &id, "c.csv", &p, &[]))
        .unwrap();
    assert_eq!((preview.count, preview.unchanged), (1, 1));
    let set = s.workspace().criteria_sets().into_iter().next().unwrap();
    assert_eq!(set.criteria.len(), 1);
    assert_eq!(set.criteria[0].guidance, "two\nlines");
}

// ---------------------------------------------------------------- findings

const CRITERIA: [&str; 4] = ["9.2", "A.5.1", "A.8.13", "A.5.23"];

fn findings_import(name: &str, bytes: &[u8]) -> (ImportProposal, Vec<SavedFinding>) {
    let (s, clock, _, audit) = started_audit(&CRITERIA);
    let p = proposal(&s, ImportKind::Findings, &audit, name, bytes);
    import(
        &s,
        &clock,
        table(ImportKind::Findings, &audit, name, &p, &[]),
    )
    .unwrap();
    let detail = s.workspace().audit(&audit).unwrap();
    (
        p,
        detail
            .findings
            .iter()
            .map(|f| {
                (
                    f.grade,
                    f.criterion_ids.clone(),
                    f.statement.clone(),
                    f.evidence.clone(),
                    f.date.to_string(),
                )
            })
            .collect(),
    )
}

#[test]
fn findings_registers_in_other_vocabularies_import() {
    use Grade::*;
    let cases: Vec<FindingsCase> = vec![
        (
            "a certification body's register, ';' and day-first dates",
            "Ref;Clause;Type;Finding;Evidence;Date\n\
             1;Clause 9.2;Major;No internal audit in 2025;Audit plan 2025 empty;31.03.2026\n\
             2;A.8.13;Minor;One backup restore test missing;Test log Q3;01.04.2026\n\
             3;A.5.1;OFI;Policy could name an owner;POL-01 v2;01.04.2026\n"
                .as_bytes()
                .to_vec(),
            vec![(MajorNonconformity, "9.2.1", "2026-03-31"), (MinorNonconformity, "A.8.13", "2026-04-01"), (OpportunityForImprovement, "A.5.1", "2026-04-01")],
        ),
        (
            "NC, Obs. and Observation",
            "Criterion,Grade,Statement,Objective evidence,Date\n\
             A.5.23,NC,Cloud services not assessed,Supplier list,2026-03-02\n\
             5.1,Obs.,Policy review date is close,POL-01 header,2026-03-02\n\
             9.2,Observation,Audit programme lacks risk input,Programme v1,2026-03-03\n"
                .as_bytes()
                .to_vec(),
            vec![(MinorNonconformity, "A.5.23", "2026-03-02"), (Observation, "A.5.1", "2026-03-02"), (Observation, "9.2.1", "2026-03-03")],
        ),
        (
            "tab-separated Unicode text from another tool",
            utf16le("Control\tClassification\tDescription\tAudit evidence\tDate raised\r\n\
                     A 8.13\tNon-conformity\tBackups not encrypted\tBackup job config\t2026-03-04\r\n\
                     a.5.1\tOpportunity\tShorter policy\tPOL-01\t2026-03-04\r\n"),
            vec![(MinorNonconformity, "A.8.13", "2026-03-04"), (OpportunityForImprovement, "A.5.1", "2026-03-04")],
        ),
        (
            "German headers, Windows-1252, a title row: every column found by its values",
            cp1252("Auditbericht Müller GmbH – Feststellungen\r\n\r\nPunkt;Art;Feststellung;Nachweis;Datum\r\n9.2;Major NC;Kein internes Audit im Jahr 2025 durchgeführt;Auditprogramm 2025 ist leer;05.03.2026\r\n"),
            vec![(MajorNonconformity, "9.2.1", "2026-03-05")],
        ),
        (
            "several criteria in one cell, as our own register writes them",
            "Reference,Grade,Criteria,Statement,Objective evidence,Date,Risk\n\
             F-001,Minor nonconformity,\"A.5.1 Policies for information security; A.5.23 Information security for use of cloud services\",Cloud policy missing,POL index,2026-03-06,\n"
                .as_bytes()
                .to_vec(),
            vec![(MinorNonconformity, "A.5.1; A.5.23", "2026-03-06")],
        ),
        (
            "\"NC/OBS/OFI\", \"Observation\" as the statement, \"Date raised\", blank rows",
            "No.,Clause,NC/OBS/OFI,Observation,Evidence,Date raised\n\
             \n\
             1,A.5.23,NC,Cloud supplier not assessed,Supplier list v4,10/03/2026\n\
             ,,,,,\n\
             2,A.8.13,OBS,Restore test overdue by a week,Backup log,10/03/2026\n\
             3,9.2,OFI,Audit programme could weigh risks,Programme 2026,11/03/2026\n"
                .as_bytes()
                .to_vec(),
            vec![(MinorNonconformity, "A.5.23", "2026-03-10"), (Observation, "A.8.13", "2026-03-10"), (OpportunityForImprovement, "9.2.1", "2026-03-11")],
        ),
        (
            "\"Severity\" with Major/Minor, \"Finding type\" absent, ISO dates with times, UTF-8 BOM, ';'",
            bom("ID;Severity;Clause;Finding;Evidence;Date raised\r\n\
                 NC-7;Major;A.5.1;Policy set never approved;Board minutes 2025;2026-03-12 10:30\r\n\
                 NC-8;Minor;A.8.13;Backup of the HR share missing;Job list;2026-03-12 14:00\r\n"),
            vec![(MajorNonconformity, "A.5.1", "2026-03-12"), (MinorNonconformity, "A.8.13", "2026-03-12")],
        ),
        (
            "a checklist with a merged title row, \"Finding category\" as Category 1/2, tabs",
            "Internal audit checklist – IT\t\t\t\t\n\
             \t\t\t\t\n\
             Audit criterion\tFinding category\tFinding description\tEvidence reviewed\tDate identified\n\
             A.5.1\tCategory 2\tPolicy not communicated to contractors\tContractor onboarding pack\t2026-03-13\n\
             9.2\tCategory 1\tNo audit of the data centre\tProgramme 2025\t2026-03-13\n"
                .as_bytes()
                .to_vec(),
            vec![(MinorNonconformity, "A.5.1", "2026-03-13"), (MajorNonconformity, "9.2.1", "2026-03-13")],
        ),
        (
            "a French certification body's report: Windows-1252, its grade words, \"Preuves\"",
            cp1252("Critère;Type d'écart;Constat;Preuves;Date\r\n\
                    9.2;Écart majeur;Pas d'audit interne en 2025;Programme vide;05/03/2026\r\n\
                    A.5.1;Piste de progrès;Politique sans propriétaire désigné;POL-01;05/03/2026\r\n\
                    A.8.13;Point sensible;Test de restauration en retard;Journal des sauvegardes;06/03/2026\r\n"),
            vec![(MajorNonconformity, "9.2.1", "2026-03-05"), (OpportunityForImprovement, "A.5.1", "2026-03-05"), (Observation, "A.8.13", "2026-03-06")],
        ),
        (
            "\"Finding type\" (NC/OBS/OFI) beside \"Severity\" (Major/Minor), read together",
            "Clause,Finding type,Severity,Finding,Evidence,Date raised\n\
             9.2,NC,Major,No internal audit in 2025,Programme 2025,2026-03-16\n\
             A.5.1,OFI,,Policy could name an owner,POL-01,2026-03-16\n\
             A.8.13,NC,Minor,Restore test overdue,Backup log,2026-03-17\n\
             A.5.23,Major NC,Major,Cloud services never assessed,Supplier list,2026-03-17\n"
                .as_bytes()
                .to_vec(),
            vec![(MajorNonconformity, "9.2.1", "2026-03-16"), (OpportunityForImprovement, "A.5.1", "2026-03-16"), (MinorNonconformity, "A.8.13", "2026-03-17"), (MajorNonconformity, "A.5.23", "2026-03-17")],
        ),
    ];
    for (what, bytes, expected) in cases {
        let (p, saved) = findings_import("register.csv", &bytes);
        let got: Vec<(Grade, String, String)> = saved
            .iter()
            .map(|(g, c, _, _, d)| (*g, c.join("; "), d.clone()))
            .collect();
        let want: Vec<(Grade, String, String)> = expected
            .iter()
            .map(|(g, c, d)| (*g, c.to_string(), d.to_string()))
            .collect();
        assert_eq!(got, want, "{what}: {:?} {:?}", mapping(&p), p.notes);
    }
}

#[test]
fn findings_grades_are_shown_as_mapped_in_the_preview() {
    let (s, _, _, audit) = started_audit(&CRITERIA);
    let file = "Clause,Type,Finding,Evidence,Date\n9.2,NC,No audit,Plan,2026-03-02\n";
    let p = proposal(&s, ImportKind::Findings, &audit, "f.csv", file.as_bytes());
    let preview = s
        .workspace()
        .import_preview(&table(ImportKind::Findings, &audit, "f.csv", &p, &[]))
        .unwrap();
    assert_eq!(
        preview.rows[0].values[1],
        "Minor nonconformity (from \"NC\")"
    );
    assert!(preview.problems.is_empty());
}

#[test]
fn findings_refusals_name_rows_and_what_is_accepted() {
    let (s, clock, _, audit) = started_audit(&CRITERIA);
    let file = "Clause,Type,Finding,Evidence,Date\n\
                9.2,Critical,No audit,Plan,2026-03-02\n\
                A.6.3,Minor,Training missing,HR file,2026-03-02\n\
                A.5.1,Critical,Policy old,POL-01,sometime\n\
                A.5.1,Minor,,POL-01,2026-03-02\n";
    let p = proposal(&s, ImportKind::Findings, &audit, "f.csv", file.as_bytes());
    let t = table(ImportKind::Findings, &audit, "f.csv", &p, &[]);
    let text = all_text(&refused(&s, &clock, Command::ImportTable { table: t }));
    assert!(text.contains("column \"Type\" holds values that are not understood: \"Critical\" (rows 2 and 4); write major, minor (or NC), observation (Obs.), opportunity for improvement (OFI)"), "{text}");
    assert!(
        text.contains("row 3, column \"Clause\": \"A.6.3\" is not among this audit's criteria"),
        "{text}"
    );
    assert!(
        text.contains("row 4, column \"Date\": \"sometime\" is not a date"),
        "{text}"
    );
    assert!(
        text.contains("row 5, column \"Finding\": the statement is empty."),
        "{text}"
    );
}

#[test]
fn findings_need_an_audit_in_progress() {
    let (s, clock, _, audit) = common::planned_audit(&CRITERIA);
    let file = "Clause,Type,Finding,Evidence,Date\n9.2,Minor,No audit,Plan,2026-03-02\n";
    let p = proposal(&s, ImportKind::Findings, &audit, "f.csv", file.as_bytes());
    let err = refused(
        &s,
        &clock,
        Command::ImportTable {
            table: table(ImportKind::Findings, &audit, "f.csv", &p, &[]),
        },
    );
    assert_eq!(err.code, ErrorCode::InvalidStatus);
}

#[test]
fn a_findings_register_imported_again_adds_nothing() {
    let (s, clock, _, audit) = started_audit(&CRITERIA);
    let file = "Clause;Type;Finding;Evidence;Date\n9.2;Major;No internal audit;Plan empty;2026-03-02\nA.5.1;OFI;Owner missing;POL-01;2026-03-02\n";
    for _ in 0..2 {
        let p = proposal(&s, ImportKind::Findings, &audit, "f.csv", file.as_bytes());
        import(
            &s,
            &clock,
            table(ImportKind::Findings, &audit, "f.csv", &p, &[]),
        )
        .unwrap();
    }
    let detail = s.workspace().audit(&audit).unwrap();
    let refs: Vec<&str> = detail
        .findings
        .iter()
        .map(|f| f.reference.as_str())
        .collect();
    assert_eq!(refs, ["F-001", "F-002"]);

    // The findings as our register writes them (grade labels, criteria with titles)
    // are recognised as recorded already.
    let register = format!(
        "Reference,Grade,Criteria,Statement,Objective evidence,Date,Risk,Likelihood x impact,Groups\r\n{}",
        detail
            .findings
            .iter()
            .map(|f| format!(
                "{},{},{} Internal audit,{},{},{},,,\r\n",
                f.reference,
                isms_audit::report::grade_label(f.grade),
                f.criterion_ids[0],
                f.statement,
                f.evidence,
                f.date
            ))
            .collect::<String>()
    );
    let p = proposal(
        &s,
        ImportKind::Findings,
        &audit,
        "register.csv",
        register.as_bytes(),
    );
    let t = table(ImportKind::Findings, &audit, "register.csv", &p, &[]);
    let preview = s.workspace().import_preview(&t).unwrap();
    assert_eq!(
        (preview.count, preview.unchanged),
        (0, 2),
        "{:?}",
        preview.problems
    );
    import(&s, &clock, t).unwrap();
    assert_eq!(s.workspace().audit(&audit).unwrap().findings.len(), 2);
}

// ---------------------------------------------------------------- any file

/// Files of header words, values, separators, quotes, BOMs and NULs in any order and
/// encoding: each is read, proposed and previewed without a panic, and imported or
/// refused with nothing changed.
#[test]
fn token_soup_files_are_imported_or_refused_without_a_trace() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    const TOKENS: &[&str] = &[
        "Control",
        "#",
        "Applicable",
        "Appl",
        "Justification",
        "Status",
        "Title",
        "A.5.1",
        "5.1",
        "A.8.13",
        "7.4",
        "yes",
        "no",
        "TBD",
        "—",
        "x",
        "Implemented",
        "partial",
        ";",
        ",",
        "\t",
        "\n",
        "\r\n",
        "\"",
        "\"\"",
        "\u{feff}",
        "\0",
        "é",
        "Policies for information security",
    ];
    let soup = proptest::collection::vec((0..TOKENS.len(), 0..3u8), 0..60);
    let mut runner = TestRunner::new(Config {
        cases: 300,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&soup, |picks| {
            let text: String = picks.iter().map(|(i, _)| TOKENS[*i]).collect();
            let bytes = match picks.first().map_or(0, |(_, e)| *e) {
                0 => text.clone().into_bytes(),
                1 => utf16le(&text),
                _ => text
                    .chars()
                    .map(|c| if (c as u32) < 256 { c as u8 } else { b'?' })
                    .collect(),
            };
            let (s, clock, id) = soa();
            let Ok(sheet) = decode::read_csv("soup.csv", &bytes) else {
                return Ok(());
            };
            let p = s
                .workspace()
                .import_proposal(ImportKind::Soa, &id, &sheet)
                .unwrap();
            let t = table(ImportKind::Soa, &id, "soup.csv", &p, &[]);
            let _ = s.workspace().import_preview(&t);
            let before = common::state(&s);
            if let Err(e) = import(&s, &clock, t) {
                prop_assert!(!e.message.is_empty());
                prop_assert_eq!(common::state(&s), before);
            }
            Ok(())
        })
        .unwrap();
}

#[test]
fn findings_with_a_type_and_a_severity_not_understood_name_the_rows() {
    let (s, clock, _, audit) = started_audit(&CRITERIA);
    let file = "Clause,Finding type,Severity,Finding,Evidence,Date\n\
                9.2,NC,Critical,No audit,Plan,2026-03-02\n\
                A.5.1,NC,Major,Owner missing,POL-01,2026-03-02\n";
    let p = proposal(&s, ImportKind::Findings, &audit, "f.csv", file.as_bytes());
    assert_eq!(p.columns[2].field, Some(Field::Grade), "{:?}", mapping(&p));
    assert!(p.columns[2].why.contains("read with \"Finding type\""));
    let t = table(ImportKind::Findings, &audit, "f.csv", &p, &[]);
    let preview = s.workspace().import_preview(&t).unwrap();
    assert_eq!(
        preview.rows[1].values[1],
        "Major nonconformity (from \"NC Major\")"
    );
    let text = all_text(&refused(&s, &clock, Command::ImportTable { table: t }));
    assert!(
        text.contains(
            "column \"Finding type\" holds values that are not understood: \"NC Critical\" (row 2)"
        ),
        "{text}"
    );
}
