//! Spreadsheet import, shared by every import kind (SoA, custom criteria, a findings
//! register): the sheet model (rows of typed cells) that the CSV reader here and the
//! office module's .xlsx/.ods reader both produce, the header row found in it, the column
//! mapping proposed from header words and from the values, and the mapped table a
//! confirmed import carries in its one command.
//!
//! The flow: a file becomes [`Sheet`]s (CSV: [`decode::read_csv`]; .xlsx/.ods: the office
//! module); [`propose::proposal`] finds the header row and proposes a field per column;
//! the user changes the mapping in the preview; the page sends an [`ImportTable`]
//! (header, mapping, rows as text) which the domain module of the kind converts, all or
//! nothing, listing every problem by row and column.

pub mod decode;
pub mod propose;

use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, SHORT};
use serde::{Deserialize, Serialize};

/// One cell as a spreadsheet typed it. In JSON: `null`, `true`, `12.5`, `"text"` or
/// `{"date": "2026-03-31"}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(untagged)]
pub enum Cell {
    Empty,
    Bool(bool),
    Number(f64),
    Text(String),
    Date { date: String },
}

impl Cell {
    /// The cell as the text an import reads: a whole number without decimals, a date
    /// as `YYYY-MM-DD`, a checkbox as yes or no.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Bool(b) => if *b { "yes" } else { "no" }.to_string(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{}", *n as i64),
            Cell::Number(n) => format!("{n}"),
            Cell::Text(s) => s.clone(),
            Cell::Date { date } => date.clone(),
        }
    }
}

/// A row of a sheet and its number in the file (1-based: the CSV line or the
/// spreadsheet row), so problems name the row a user sees.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct SheetRow {
    pub line: u32,
    pub cells: Vec<Cell>,
}

/// One sheet of a workbook (a CSV file is one sheet named after the file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<SheetRow>,
}

/// What is imported, and into what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    /// Replaces every line of a Statement of Applicability.
    Soa,
    /// Adds criteria to a custom criteria set (same id: replaced).
    Criteria,
    /// Adds findings to an audit in progress.
    Findings,
}

impl ImportKind {
    pub fn fields(self) -> &'static [Field] {
        match self {
            ImportKind::Soa => &[
                Field::Control,
                Field::Applicable,
                Field::Justification,
                Field::Implementation,
                Field::Documents,
            ],
            ImportKind::Criteria => &[Field::Id, Field::Title, Field::Guidance, Field::Source],
            ImportKind::Findings => &[
                Field::Criterion,
                Field::Grade,
                Field::Statement,
                Field::Evidence,
                Field::Date,
            ],
        }
    }

    /// The file as messages name it.
    pub fn what(self) -> &'static str {
        match self {
            ImportKind::Soa => "SoA file",
            ImportKind::Criteria => "criteria file",
            ImportKind::Findings => "findings file",
        }
    }
}

/// A field a column can be mapped to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Control,
    Applicable,
    Justification,
    Implementation,
    Documents,
    Id,
    Title,
    Guidance,
    Source,
    Criterion,
    Grade,
    Statement,
    Evidence,
    Date,
}

impl Field {
    pub fn label(self) -> &'static str {
        match self {
            Field::Control => "control",
            Field::Applicable => "applicable",
            Field::Justification => "justification",
            Field::Implementation => "implementation",
            Field::Documents => "documented information",
            Field::Id => "id",
            Field::Title => "title",
            Field::Guidance => "guidance",
            Field::Source => "source",
            Field::Criterion => "criterion",
            Field::Grade => "grade",
            Field::Statement => "statement",
            Field::Evidence => "objective evidence",
            Field::Date => "date",
        }
    }

    /// The field's name in the words of `m` (the key is `engine.import.field.${field}`).
    pub fn label_in(self, m: &crate::report::Messages) -> String {
        m.or(
            &format!("engine.import.field.{}", self.key()),
            &[],
            self.label().to_string(),
        )
    }

    /// [`Field::holds`] in the words of `m` (the key is `engine.import.holds.${field}`).
    pub fn holds_in(self, m: &crate::report::Messages) -> String {
        m.or(
            &format!("engine.import.holds.{}", self.key()),
            &[],
            self.holds().to_string(),
        )
    }

    /// The field's name in the data (and in its message keys).
    fn key(self) -> &'static str {
        match self {
            Field::Control => "control",
            Field::Applicable => "applicable",
            Field::Justification => "justification",
            Field::Implementation => "implementation",
            Field::Documents => "documents",
            Field::Id => "id",
            Field::Title => "title",
            Field::Guidance => "guidance",
            Field::Source => "source",
            Field::Criterion => "criterion",
            Field::Grade => "grade",
            Field::Statement => "statement",
            Field::Evidence => "evidence",
            Field::Date => "date",
        }
    }

    pub fn required(self) -> bool {
        matches!(
            self,
            Field::Control
                | Field::Applicable
                | Field::Id
                | Field::Title
                | Field::Criterion
                | Field::Grade
                | Field::Statement
                | Field::Evidence
                | Field::Date
        )
    }

    /// Fields templates often keep in two columns, read together: a grade as a type
    /// (NC, OFI) and a severity (major, minor); a justification as the reason for
    /// inclusion and the reason for exclusion.
    pub fn spans_two_columns(self) -> bool {
        matches!(self, Field::Grade | Field::Justification)
    }

    /// What a column of this field holds, for a message that asks for it.
    pub fn holds(self) -> &'static str {
        match self {
            Field::Control => "the control numbers (A.5.1, 5.1, ...)",
            Field::Applicable => "whether each control applies (yes / no)",
            Field::Id => "each criterion's id (AC-3, 4.2, ...)",
            Field::Title => "each criterion's text",
            Field::Criterion => "the clause or control each finding is against",
            Field::Grade => "each finding's grade (major, minor, observation, ...)",
            Field::Statement => "what was found",
            Field::Evidence => "the objective evidence",
            Field::Date => "the date of each finding",
            _ => "its values",
        }
    }
}

/// A column of the imported table and the field it is mapped to (none: ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportColumn {
    pub header: String,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub field: Option<Field>,
}

/// A row under the header, its cells as text, with its row number in the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TableRow {
    pub line: u32,
    pub cells: Vec<String>,
}

/// A confirmed import: the file's table under its header, with the mapping the user
/// chose. The journal keeps it whole, so the trail names the file, the sheet and every
/// column, used or ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImportTable {
    pub kind: ImportKind,
    /// The SoA, criteria set or audit imported into.
    pub target_id: String,
    pub file_name: String,
    /// The sheet of a workbook (empty for a CSV file).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub sheet: String,
    pub columns: Vec<ImportColumn>,
    pub rows: Vec<TableRow>,
}

/// More rows than any SoA, criteria set or findings register has; a bigger file is
/// most likely the wrong one.
pub const MAX_ROWS: usize = 20_000;

impl ImportTable {
    /// The table checked against its kind: every mapped field belongs to the kind and
    /// is mapped once, every required field is mapped, no row has values beyond the last
    /// column; rows left blank are skipped.
    pub fn mapped(&self) -> Result<Mapped<'_>> {
        let what = self.kind.what();
        text::required("fileName", "The file name", &self.file_name, SHORT)?;
        let mut problems = Vec::new();
        let mut positions: Vec<(Field, usize)> = Vec::new();
        for (i, column) in self.columns.iter().enumerate() {
            let Some(field) = column.field else { continue };
            if !self.kind.fields().contains(&field) {
                problems.push(format!(
                    "column \"{}\" is mapped to {}, which this import does not have; choose one of: {}.",
                    text::excerpt(&column.header),
                    field.label(),
                    labels(self.kind.fields())
                ));
            } else if let Some((_, first)) =
                positions.iter().find(|(f, _)| *f == field).filter(|_| {
                    !(field.spans_two_columns()
                        && positions.iter().filter(|(f, _)| *f == field).count() == 1)
                })
            {
                problems.push(format!(
                    "columns \"{}\" and \"{}\" are both mapped to {}; keep one and ignore the other.",
                    text::excerpt(&self.columns[*first].header),
                    text::excerpt(&column.header),
                    field.label()
                ));
            } else {
                positions.push((field, i));
            }
        }
        for field in self.kind.fields() {
            if field.required() && !positions.iter().any(|(f, _)| f == field) {
                problems.push(format!(
                    "no column is mapped to {}; choose the column that holds {} (columns: {}).",
                    field.label(),
                    field.holds(),
                    headers(&self.columns)
                ));
            }
        }
        let rows: Vec<&TableRow> = self
            .rows
            .iter()
            .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
            .collect();
        for row in &rows {
            if let Some(extra) = row
                .cells
                .iter()
                .skip(self.columns.len())
                .find(|c| !c.trim().is_empty())
            {
                problems.push(format!(
                    "row {}: \"{}\" stands right of the last column; give that column a header or remove the value.",
                    row.line,
                    text::excerpt(extra)
                ));
            }
        }
        if rows.is_empty() && problems.is_empty() {
            problems.push("the table has a header but no rows under it.".into());
        }
        if rows.len() > MAX_ROWS {
            problems.push(format!(
                "the table has {} rows; at most {MAX_ROWS} are imported at once.",
                rows.len()
            ));
        }
        if !problems.is_empty() {
            return Err(Error::import(what, problems));
        }
        Ok(Mapped {
            table: self,
            positions,
            rows,
        })
    }
}

/// A value without the formula guard our exports add (a `'` before `=`, `+`, `-` or `@`).
fn unguarded(value: &str) -> &str {
    match value.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => value,
    }
}

/// A checked table: its non-blank rows and where each mapped field is.
pub struct Mapped<'a> {
    pub table: &'a ImportTable,
    positions: Vec<(Field, usize)>,
    pub rows: Vec<&'a TableRow>,
}

impl<'a> Mapped<'a> {
    fn position(&self, field: Field) -> Option<usize> {
        self.positions
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, i)| *i)
    }

    /// The trimmed value of `field` in `row` ("" when the field is not mapped). The
    /// formula guard our exports add (a `'` before `=`, `+`, `-` or `@`) is removed.
    pub fn get(&self, row: &'a TableRow, field: Field) -> &'a str {
        let Some(i) = self.position(field) else {
            return "";
        };
        unguarded(row.cells.get(i).map_or("", |v| v.trim()))
    }

    /// The non-empty values of every column mapped to `field` in `row`, for the fields
    /// that may span two columns ([`Field::spans_two_columns`]).
    pub fn get_all(&self, row: &'a TableRow, field: Field) -> Vec<&'a str> {
        self.positions
            .iter()
            .filter(|(f, _)| *f == field)
            .filter_map(|(_, i)| row.cells.get(*i).map(|v| unguarded(v.trim())))
            .filter(|v| !v.is_empty())
            .collect()
    }

    pub fn is_mapped(&self, field: Field) -> bool {
        self.position(field).is_some()
    }

    /// The header of the column mapped to `field`.
    pub fn header(&self, field: Field) -> &str {
        self.position(field)
            .map_or("", |i| self.table.columns[i].header.as_str())
    }

    /// The headers of the columns no field is mapped to.
    pub fn ignored(&self) -> Vec<String> {
        self.table
            .columns
            .iter()
            .filter(|c| c.field.is_none() && !c.header.trim().is_empty())
            .map(|c| c.header.clone())
            .collect()
    }
}

/// The problems of an import's rows: each with its row, and values a field does not
/// understand gathered per column and value, so a message says which rows hold "TBD"
/// and what is accepted instead.
#[derive(Debug, Default)]
pub struct Problems {
    /// (row, message), in the order found.
    pub rows: Vec<(u32, String)>,
    /// (column header, value, rows, what is accepted).
    unknown: Vec<(String, String, Vec<u32>, &'static str)>,
}

impl Problems {
    pub fn row(&mut self, line: u32, header: &str, message: impl Into<String>) {
        let message = message.into();
        let at = if header.is_empty() {
            format!("row {line}")
        } else {
            format!("row {line}, column \"{}\"", text::excerpt(header))
        };
        self.rows.push((line, format!("{at}: {message}")));
    }

    /// A problem of the whole table (not of one row).
    pub fn general(&mut self, message: impl Into<String>) {
        self.rows.push((0, message.into()));
    }

    /// A value `header`'s field does not understand; `accepted` lists what it does.
    pub fn unknown(&mut self, line: u32, header: &str, value: &str, accepted: &'static str) {
        self.rows.push((
            line,
            format!(
                "column \"{}\": \"{}\" is not understood; {accepted}.",
                text::excerpt(header),
                text::excerpt(value)
            ),
        ));
        match self
            .unknown
            .iter_mut()
            .find(|(h, v, _, _)| h == header && v == value)
        {
            Some((_, _, lines, _)) => lines.push(line),
            None => {
                self.unknown
                    .push((header.to_string(), value.to_string(), vec![line], accepted))
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The problems of row `line`.
    pub fn of(&self, line: u32) -> Vec<String> {
        self.rows
            .iter()
            .filter(|(l, _)| *l == line)
            .map(|(_, m)| m.clone())
            .collect()
    }

    /// The messages for a refusal: one per column with values not understood (naming
    /// each value's rows), then the other problems by row.
    pub fn messages(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut columns: Vec<(&str, &'static str)> = Vec::new();
        for (header, _, _, accepted) in &self.unknown {
            if !columns.iter().any(|(h, _)| h == header) {
                columns.push((header, accepted));
            }
        }
        for (header, accepted) in columns {
            let values: Vec<String> = self
                .unknown
                .iter()
                .filter(|(h, _, _, _)| h == header)
                .map(|(_, value, lines, _)| {
                    format!("\"{}\" ({})", text::excerpt(value), rows_text(lines))
                })
                .collect();
            out.push(format!(
                "column \"{}\" holds values that are not understood: {}; {accepted}.",
                text::excerpt(header),
                values.join(", ")
            ));
        }
        let unknown_lines: Vec<(u32, String)> = self
            .unknown
            .iter()
            .flat_map(|(h, v, lines, a)| {
                lines.iter().map(move |l| {
                    (
                        *l,
                        format!(
                            "column \"{}\": \"{}\" is not understood; {a}.",
                            text::excerpt(h),
                            text::excerpt(v)
                        ),
                    )
                })
            })
            .collect();
        out.extend(
            self.rows
                .iter()
                .filter(|r| !unknown_lines.contains(r))
                .map(|(_, m)| m.clone()),
        );
        out
    }

    pub fn into_error(self, kind: ImportKind) -> Error {
        Error::import(kind.what(), self.messages())
    }
}

/// "row 4", "rows 4, 7 and 9", at most ten listed.
fn rows_text(lines: &[u32]) -> String {
    let shown: Vec<String> = lines.iter().take(10).map(u32::to_string).collect();
    let more = lines.len().saturating_sub(10);
    match (shown.len(), more) {
        (1, _) => format!("row {}", shown[0]),
        (_, 0) => {
            let (last, rest) = shown.split_last().expect("two or more");
            format!("rows {} and {last}", rest.join(", "))
        }
        _ => format!("rows {} and {more} more", shown.join(", ")),
    }
}

fn labels(fields: &[Field]) -> String {
    fields
        .iter()
        .map(|f| f.label())
        .collect::<Vec<_>>()
        .join(", ")
}

fn headers(columns: &[ImportColumn]) -> String {
    let names: Vec<String> = columns
        .iter()
        .take(12)
        .map(|c| format!("\"{}\"", text::excerpt(&c.header)))
        .collect();
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

/// The yes/no words an applicability column may hold (lower case).
pub const YES: &[&str] = &[
    "yes",
    "y",
    "true",
    "1",
    "x",
    "✓",
    "✔",
    "applicable",
    "included",
    "include",
    "in scope",
    "selected",
    "ja",
    "oui",
    "si",
];
pub const NO: &[&str] = &[
    "no",
    "n",
    "false",
    "0",
    "not applicable",
    "excluded",
    "exclude",
    "out of scope",
    "n/a",
    "na",
    "not selected",
    "nein",
    "non",
];

/// Whether an applicability value says yes or no; None for a value not understood.
pub fn yes_no(value: &str) -> Option<bool> {
    let v = value.trim().to_lowercase();
    let v = v.trim_end_matches('.');
    if YES.contains(&v) {
        Some(true)
    } else if NO.contains(&v) {
        Some(false)
    } else {
        None
    }
}

pub const YES_NO_ACCEPTED: &str = "write yes or no (also y/n, x, true/false, 1/0, applicable, not applicable, included, excluded, n/a), or leave it empty for a control not assessed yet";

/// A date as spreadsheets write it: `2026-03-31`, `31.03.2026`, `31/03/2026` (day
/// first, as outside the US), `2026/03/31`, or with a time after it.
pub fn date(value: &str) -> Option<chrono::NaiveDate> {
    use chrono::NaiveDate;
    let v = value.trim();
    let v = v.split(['T', ' ']).next().unwrap_or(v);
    ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%Y/%m/%d", "%d-%m-%Y"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(v, f).ok())
}

/// Rejects an import command whose target is of another kind than the command says.
/// When the column mapped to `field` mostly holds values `fits` refuses while another
/// column mostly holds values it accepts: the message that proposes that column.
pub fn misplaced(mapped: &Mapped, field: Field, fits: &dyn Fn(&str) -> bool) -> Option<String> {
    let at = mapped.position(field)?;
    let share = |i: usize| {
        let values: Vec<&str> = mapped
            .rows
            .iter()
            .filter_map(|r| r.cells.get(i).map(|c| c.trim()))
            .filter(|v| !v.is_empty())
            .collect();
        if values.is_empty() {
            return (0.0, "");
        }
        let good = values.iter().filter(|v| fits(v)).count();
        (good as f64 / values.len() as f64, values[0])
    };
    let (here, sample) = share(at);
    if here >= 0.5 {
        return None;
    }
    let header = |i: usize| text::excerpt(&mapped.table.columns[i].header);
    let better = (0..mapped.table.columns.len())
        .filter(|i| *i != at)
        .find(|i| share(*i).0 >= 0.8);
    Some(match better {
        Some(i) => format!(
            "column \"{}\" does not hold {} (it holds values such as \"{}\"); column \"{}\" does: map \"{}\" to {} instead.",
            header(at),
            field.holds(),
            text::excerpt(sample),
            header(i),
            header(i),
            field.label()
        ),
        None => format!(
            "column \"{}\" does not hold {} (it holds values such as \"{}\"); map the column that does to {}.",
            header(at),
            field.holds(),
            text::excerpt(sample),
            field.label()
        ),
    })
}

pub fn wrong_target(kind: ImportKind, target_id: &str) -> Error {
    Error::new(
        ErrorCode::NotFound,
        format!(
            "No {} \"{target_id}\" to import into; open it again and repeat the import.",
            match kind {
                ImportKind::Soa => "Statement of Applicability",
                ImportKind::Criteria => "criteria set",
                ImportKind::Findings => "audit",
            }
        ),
    )
}

/// What the preview shows before anything is written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    /// The labels of the fields saved, in the order of each row's values.
    pub fields: Vec<String>,
    /// Headers of the columns that will not be saved.
    pub ignored: Vec<String>,
    /// The rows as they will be saved (the first [`PREVIEW_ROWS`]), and every row with
    /// a problem.
    pub rows: Vec<PreviewRow>,
    /// How many rows will be saved.
    pub count: u32,
    /// Rows that are already recorded as they are and are skipped.
    pub unchanged: u32,
    /// Every problem, as the refusal would list them; empty when the import can go.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PreviewRow {
    pub line: u32,
    /// One value per field of [`ImportPreview::fields`], as saved.
    pub values: Vec<String>,
    pub problems: Vec<String>,
}

/// Rows shown in the preview besides those with problems.
pub const PREVIEW_ROWS: usize = 8;

/// A preview from the converted rows (`line`, values as saved) and the problems.
pub fn preview(
    mapped: &Mapped,
    fields: &[&str],
    saved: Vec<(u32, Vec<String>)>,
    unchanged: u32,
    problems: &Problems,
) -> ImportPreview {
    let count = saved.len() as u32;
    let mut rows: Vec<PreviewRow> = saved
        .into_iter()
        .enumerate()
        .filter(|(i, (line, _))| *i < PREVIEW_ROWS || !problems.of(*line).is_empty())
        .map(|(_, (line, values))| PreviewRow {
            line,
            values,
            problems: problems.of(line),
        })
        .collect();
    let mut bad: Vec<u32> = problems
        .rows
        .iter()
        .map(|(l, _)| *l)
        .filter(|l| *l > 0)
        .collect();
    bad.dedup();
    for line in bad {
        if !rows.iter().any(|r| r.line == line) {
            rows.push(PreviewRow {
                line,
                values: Vec::new(),
                problems: problems.of(line),
            });
        }
    }
    rows.sort_by_key(|r| r.line);
    ImportPreview {
        fields: fields.iter().map(|f| f.to_string()).collect(),
        ignored: mapped.ignored(),
        rows,
        count,
        unchanged,
        problems: problems.messages(),
    }
}
