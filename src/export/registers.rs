//! The registers an audit hands over as spreadsheets: findings, corrective-action plan,
//! checklist with results, and the SoA. Built once here from the export model, then
//! written as .xlsx (one sheet each) or CSV (one file each), so both carry the same
//! columns and values.

use crate::model::{AuditExport, status_word, word};

pub struct Register {
    /// The kind in the CSV file name ("findings", "corrective-actions", ...).
    pub kind: &'static str,
    /// The sheet name, in the export's language.
    pub name: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

pub struct Column {
    pub title: String,
    /// In characters, as spreadsheets count column widths.
    pub width: f64,
}

pub enum Cell {
    Text(String),
    /// `YYYY-MM-DD`; a value that is no date is kept as text.
    Date(String),
    Number(f64),
    Bool(bool),
}

fn col(title: &str, width: f64) -> Column {
    Column {
        title: title.to_string(),
        width,
    }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// Every register of the audit; the SoA only when the audit has one.
pub fn audit_registers(export: &AuditExport) -> Vec<Register> {
    let r = &export.report;
    let m = &export.messages;
    let w = |key: &str, english: &'static str| word(m, key, english).to_string();
    let mut registers = vec![
        Register {
            kind: "findings",
            name: w("report.register.findings", "Findings"),
            columns: vec![
                col(&w("report.register.col.reference", "Reference"), 10.0),
                col(&w("report.register.col.grade", "Grade"), 22.0),
                col(&w("report.register.col.criteria", "Criteria"), 30.0),
                col(&w("report.register.col.statement", "Statement"), 50.0),
                col(
                    &w("report.register.col.evidence", "Objective evidence"),
                    50.0,
                ),
                col(&w("report.register.col.date", "Date"), 12.0),
                col(&w("report.register.col.risk", "Risk"), 10.0),
                col(
                    &w(
                        "report.register.col.likelihood_impact",
                        "Likelihood x impact",
                    ),
                    12.0,
                ),
                col(&w("report.register.col.groups", "Groups"), 16.0),
            ],
            rows: r
                .findings
                .iter()
                .map(|f| {
                    vec![
                        text(&f.reference),
                        text(word(
                            m,
                            &format!("report.grade.{}", f.grade),
                            &f.grade_label,
                        )),
                        Cell::Text(f.criteria_text()),
                        text(&f.statement),
                        text(&f.evidence),
                        Cell::Date(f.date.clone()),
                        Cell::Text(f.risk.as_ref().map_or(String::new(), |risk| {
                            word(m, &format!("report.risk.{risk}"), risk).to_string()
                        })),
                        Cell::Text(
                            f.risk_basis
                                .as_ref()
                                .map_or(String::new(), |basis| crate::model::risk_basis(m, basis)),
                        ),
                        Cell::Text(f.groups.join(", ")),
                    ]
                })
                .collect(),
        },
        Register {
            kind: "corrective-actions",
            name: w("report.register.actions", "Corrective actions"),
            columns: vec![
                col(&w("report.register.col.finding", "Finding"), 10.0),
                col(&w("report.register.col.grade", "Grade"), 22.0),
                col(&w("report.register.col.criterion", "Criterion"), 12.0),
                col(&w("report.register.col.action_no", "Action no."), 10.0),
                col(&w("report.register.col.action", "Action"), 50.0),
                col(&w("report.register.col.owner", "Owner"), 20.0),
                col(&w("report.register.col.due", "Due"), 12.0),
                col(&w("report.register.col.status", "Status"), 18.0),
                col(&w("report.register.col.overdue", "Overdue"), 10.0),
            ],
            rows: export
                .actions
                .iter()
                .map(|a| {
                    vec![
                        text(&a.finding_reference),
                        Cell::Text(
                            word(
                                m,
                                &format!("report.outcome.{}", a.grade),
                                &a.grade.replace('_', " "),
                            )
                            .to_string(),
                        ),
                        text(&a.criterion_id),
                        Cell::Number(f64::from(a.action.number)),
                        text(&a.action.description),
                        text(&a.action.owner),
                        Cell::Date(a.action.due.clone()),
                        Cell::Text(status_word(m, "report.action.", &a.action.status)),
                        Cell::Bool(a.overdue),
                    ]
                })
                .collect(),
        },
        Register {
            kind: "checklist",
            name: w("report.register.checklist", "Checklist"),
            columns: vec![
                col(&w("report.register.col.criterion", "Criterion"), 12.0),
                col(&w("report.register.col.title", "Title"), 40.0),
                col(&w("report.register.col.result", "Result"), 18.0),
                col(&w("report.register.col.findings", "Findings"), 14.0),
                col(&w("report.register.col.notes", "Notes"), 50.0),
            ],
            rows: r
                .checklist
                .iter()
                .map(|c| {
                    vec![
                        text(&c.criterion_id),
                        text(&c.title),
                        text(word(
                            m,
                            &format!("report.outcome.{}", c.outcome),
                            &c.outcome_label,
                        )),
                        Cell::Text(c.findings.join(", ")),
                        text(&c.notes),
                    ]
                })
                .collect(),
        },
    ];
    if let Some(soa) = &export.soa {
        registers.push(Register {
            kind: "soa",
            name: w("report.register.soa", "SoA"),
            columns: vec![
                col(&w("report.register.col.control", "Control"), 10.0),
                col(&w("report.register.col.title", "Title"), 40.0),
                col(&w("report.register.col.applicable", "Applicable"), 12.0),
                col(
                    &w("report.register.col.justification", "Justification"),
                    50.0,
                ),
                col(
                    &w("report.register.col.implementation", "Implementation"),
                    16.0,
                ),
                col(
                    &w("report.register.col.documents", "Documented information"),
                    30.0,
                ),
            ],
            rows: soa
                .entries
                .iter()
                .map(|e| {
                    vec![
                        text(&e.control_id),
                        text(&e.title),
                        match e.applicable {
                            Some(yes) => Cell::Bool(yes),
                            None => text(word(m, "report.register.not_assessed", "not assessed")),
                        },
                        text(&e.justification),
                        Cell::Text(status_word(m, "report.implementation.", &e.implementation)),
                        text(&e.documents),
                    ]
                })
                .collect(),
        });
    }
    registers
}
