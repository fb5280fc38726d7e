//! A small RFC 4180 CSV reader: quoted fields (with doubled quotes and line breaks), a
//! leading byte-order mark, CRLF or LF, and `,` or `;` separators as spreadsheets write
//! them. Errors name the line and column so a user can fix the file.

use crate::error::{Error, Result};
use crate::text;

// The writer is shared with the office module (src/export), which has no engine to call.
#[path = "csv_write.rs"]
mod write;
pub use write::write_row;

/// One record and the line it starts on (1-based, counting the header as line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Parses `input`; the separator is `,` unless the first line that is not blank (the
/// header) has more `;` than `,`.
pub fn parse(input: &str) -> Result<Vec<Row>> {
    let text = input.strip_prefix('\u{feff}').unwrap_or(input);
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let separator = if first_line.matches(';').count() > first_line.matches(',').count() {
        ';'
    } else {
        ','
    };
    parse_with(input, separator)
}

/// Parses `input` with the given field separator; one leading byte order mark is
/// dropped (a second one stays, glued to the first column's name).
pub fn parse_with(input: &str, separator: char) -> Result<Vec<Row>> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let mut rows = Vec::new();
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = input.chars().peekable();
    let (mut line, mut column) = (1, 0);
    let mut row_line = 1;
    // True while inside a quoted field; `quoted` remembers the field was quoted at all.
    let (mut in_quotes, mut quoted) = (false, false);
    let mut quote_start = (0, 0);
    while let Some(c) = chars.next() {
        column += 1;
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    column += 1;
                    field.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    column = 0;
                    field.push('\n');
                }
                _ => field.push(c),
            }
            continue;
        }
        match c {
            '"' if field.is_empty() && !quoted => {
                in_quotes = true;
                quoted = true;
                quote_start = (line, column);
            }
            '"' => {
                return Err(csv_error(
                    line,
                    column,
                    "a quote appears inside an unquoted field; put the whole field in quotes and double the inner quote (\"\")",
                ));
            }
            c if c == separator => {
                fields.push(std::mem::take(&mut field));
                quoted = false;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' => {
                fields.push(std::mem::take(&mut field));
                quoted = false;
                push_row(&mut rows, row_line, std::mem::take(&mut fields));
                line += 1;
                column = 0;
                row_line = line;
            }
            _ if quoted => {
                return Err(csv_error(
                    line,
                    column,
                    "text follows a closing quote; add the separator after the quoted field",
                ));
            }
            _ => field.push(c),
        }
    }
    if in_quotes {
        return Err(csv_error(
            quote_start.0,
            quote_start.1,
            "this quoted field is never closed; add the closing quote",
        ));
    }
    if !field.is_empty() || !fields.is_empty() || quoted {
        fields.push(field);
        push_row(&mut rows, row_line, fields);
    }
    Ok(rows)
}

/// A column an import understands: its name in the documented layout and other
/// headers spreadsheets commonly use for it (matched case-insensitively).
pub struct Column {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
    pub required: bool,
}

/// A parsed file with a header row, its columns located by name.
pub struct Table {
    /// Column name -> 0-based position.
    positions: Vec<(&'static str, usize)>,
    pub rows: Vec<Row>,
}

impl Table {
    /// Parses `input` and finds `columns` in its header; other columns are ignored.
    /// Problems are returned one per line, ready for [`Error::import`].
    pub fn parse(input: &str, columns: &[Column]) -> std::result::Result<Table, Vec<String>> {
        let mut rows = parse(input).map_err(|e| e.details)?;
        if rows.is_empty() {
            return Err(vec![
                "the file is empty; the first line must be the header row.".into(),
            ]);
        }
        let header = rows.remove(0);
        let names: Vec<String> = header
            .fields
            .iter()
            .map(|h| h.trim().to_lowercase().replace(['_', '-'], " "))
            .collect();
        let mut positions = Vec::new();
        let mut problems = Vec::new();
        for column in columns {
            let found = names
                .iter()
                .position(|n| n == column.name || column.aliases.contains(&n.as_str()));
            match found {
                Some(i) => positions.push((column.name, i)),
                None if column.required => problems.push(format!(
                    "line {}: the header has no \"{}\" column (found: {}).",
                    header.line,
                    column.name,
                    found_columns(&header.fields)
                )),
                None => {}
            }
        }
        if rows.is_empty() && problems.is_empty() {
            problems.push("the file has a header but no rows.".into());
        }
        for row in &rows {
            if row.fields.len() != header.fields.len() {
                problems.push(format!(
                    "line {}: {} fields, but the header has {}; check for a missing or extra separator.",
                    row.line,
                    row.fields.len(),
                    header.fields.len()
                ));
            }
        }
        if problems.is_empty() {
            Ok(Table { positions, rows })
        } else {
            Err(problems)
        }
    }

    /// The trimmed value of column `name` in `row` and its 1-based column number, if
    /// the file has that column. A spreadsheet's formula guard (a leading `'` before
    /// `=`, `+`, `-` or `@`) is removed.
    pub fn get<'r>(&self, row: &'r Row, name: &str) -> Option<(&'r str, usize)> {
        let (_, i) = self.positions.iter().find(|(n, _)| *n == name)?;
        let value = row.fields.get(*i).map_or("", |v| v.trim());
        let value = match value.strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
            _ => value,
        };
        Some((value, i + 1))
    }
}

/// The header's columns for a message: the first ten, each cut short.
fn found_columns(fields: &[String]) -> String {
    let mut names: Vec<String> = fields.iter().take(10).map(|f| text::excerpt(f)).collect();
    if fields.len() > 10 {
        names.push(format!("and {} more", fields.len() - 10));
    }
    names.join(", ")
}

/// Blank lines are skipped, as spreadsheets often leave one at the end.
fn push_row(rows: &mut Vec<Row>, line: usize, fields: Vec<String>) {
    if !(fields.len() == 1 && fields[0].trim().is_empty()) {
        rows.push(Row { line, fields });
    }
}

fn csv_error(line: usize, column: usize, what: &str) -> Error {
    Error::import(
        "CSV file",
        vec![format!("line {line}, column {column}: {what}.")],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(input: &str) -> Vec<Vec<String>> {
        parse(input)
            .unwrap()
            .into_iter()
            .map(|r| r.fields)
            .collect()
    }

    #[test]
    fn plain_quoted_and_multiline_fields() {
        let rows = fields("id,title\n5.1,\"Roles, \"\"duties\"\"\"\n5.2,\"two\r\nlines\"\r\n");
        assert_eq!(rows[1], vec!["5.1", "Roles, \"duties\""]);
        assert_eq!(rows[2], vec!["5.2", "two\r\nlines"]);
    }

    #[test]
    fn bom_semicolons_and_blank_lines() {
        let rows = parse("\u{feff}id;title\n\n5.1;Policies\n").unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[1].line, 3);
        assert_eq!(rows[1].fields, vec!["5.1", "Policies"]);
    }

    #[test]
    fn the_separator_is_read_from_the_header_after_blank_lines() {
        let rows = parse("\n\r\nid;title\n5.1;Policies, rules\n").unwrap();
        assert_eq!(rows[1].fields, vec!["5.1", "Policies, rules"]);
        assert_eq!(rows[1].line, 4);
    }

    #[test]
    fn trailing_empty_field_is_kept() {
        assert_eq!(fields("a,b,\n"), vec![vec!["a", "b", ""]]);
    }

    #[test]
    fn written_rows_read_back_the_same() {
        let values = ["A.5.1", "Roles, \"duties\"", "=1+1", "two\nlines", ""];
        let text = format!(
            "{}{}",
            write_row(&["a", "b", "c", "d", "e"]),
            write_row(&values)
        );
        let columns: Vec<Column> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|n| Column {
                name: n,
                aliases: &[],
                required: true,
            })
            .collect();
        let table = Table::parse(&text, &columns).unwrap();
        let read: Vec<&str> = ["a", "b", "c", "d", "e"]
            .iter()
            .map(|n| table.get(&table.rows[0], n).unwrap().0)
            .collect();
        assert_eq!(read, values);
    }

    #[test]
    fn errors_name_line_and_column() {
        let err = parse("id,title\n5.1,\"open\n").unwrap_err();
        assert!(err.message.contains("line 2, column 5"), "{}", err.message);
        let err = parse("id,title\n5.1,ab\"c\n").unwrap_err();
        assert!(err.message.contains("line 2, column 7"), "{}", err.message);
        let err = parse("a,\"b\"c\n").unwrap_err();
        assert!(err.message.contains("line 1, column 6"), "{}", err.message);
    }
}
