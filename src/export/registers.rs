//! The registers an audit hands over as spreadsheets: findings, corrective-action plan,
//! checklist with results, and the SoA. Built once here from the export model, then
//! written as .xlsx (one sheet each) or CSV (one file each), so both carry the same
//! columns and values.

use crate::model::AuditExport;

pub struct Register {
    /// The sheet name, and the kind in the CSV file name.
    pub name: &'static str,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

pub struct Column {
    pub title: &'static str,
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

const fn col(title: &'static str, width: f64) -> Column {
    Column { title, width }
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

/// Every register of the audit; the SoA only when the audit has one.
pub fn audit_registers(export: &AuditExport) -> Vec<Register> {
    let r = &export.report;
    let mut registers = vec![
        Register {
            name: "Findings",
            columns: vec![
                col("Reference", 10.0),
                col("Grade", 22.0),
                col("Criteria", 30.0),
                col("Statement", 50.0),
                col("Objective evidence", 50.0),
                col("Date", 12.0),
                col("Risk", 10.0),
                col("Likelihood x impact", 12.0),
                col("Groups", 16.0),
            ],
            rows: r
                .findings
                .iter()
                .map(|f| {
                    vec![
                        text(&f.reference),
                        text(&f.grade_label),
                        Cell::Text(f.criteria_text()),
                        text(&f.statement),
                        text(&f.evidence),
                        Cell::Date(f.date.clone()),
                        Cell::Text(f.risk.clone().unwrap_or_default()),
                        Cell::Text(f.risk_basis.clone().unwrap_or_default()),
                        Cell::Text(f.groups.join(", ")),
                    ]
                })
                .collect(),
        },
        Register {
            name: "Corrective actions",
            columns: vec![
                col("Finding", 10.0),
                col("Grade", 22.0),
                col("Criterion", 12.0),
                col("Action no.", 10.0),
                col("Action", 50.0),
                col("Owner", 20.0),
                col("Due", 12.0),
                col("Status", 18.0),
                col("Overdue", 10.0),
            ],
            rows: export
                .actions
                .iter()
                .map(|a| {
                    vec![
                        text(&a.finding_reference),
                        Cell::Text(a.grade.replace('_', " ")),
                        text(&a.criterion_id),
                        Cell::Number(f64::from(a.action.number)),
                        text(&a.action.description),
                        text(&a.action.owner),
                        Cell::Date(a.action.due.clone()),
                        Cell::Text(a.action.status.replace('_', " ")),
                        Cell::Bool(a.overdue),
                    ]
                })
                .collect(),
        },
        Register {
            name: "Checklist",
            columns: vec![
                col("Criterion", 12.0),
                col("Title", 40.0),
                col("Result", 18.0),
                col("Findings", 14.0),
                col("Notes", 50.0),
            ],
            rows: r
                .checklist
                .iter()
                .map(|c| {
                    vec![
                        text(&c.criterion_id),
                        text(&c.title),
                        text(&c.outcome_label),
                        Cell::Text(c.findings.join(", ")),
                        text(&c.notes),
                    ]
                })
                .collect(),
        },
    ];
    if let Some(soa) = &export.soa {
        registers.push(Register {
            name: "SoA",
            columns: vec![
                col("Control", 10.0),
                col("Title", 40.0),
                col("Applicable", 12.0),
                col("Justification", 50.0),
                col("Implementation", 16.0),
                col("Documented information", 30.0),
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
                            None => text("not assessed"),
                        },
                        text(&e.justification),
                        Cell::Text(e.implementation.replace('_', " ")),
                        text(&e.documents),
                    ]
                })
                .collect(),
        });
    }
    registers
}

/// The register's kind in file names and in `audit_csv`: "Corrective actions" ->
/// "corrective-actions".
pub fn file_kind(name: &str) -> String {
    name.to_lowercase().replace(' ', "-")
}
