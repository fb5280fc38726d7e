//! A small RFC 4180 CSV reader: quoted fields (with doubled quotes and line breaks), a
//! leading byte-order mark, CRLF or LF, and `,` or `;` separators as spreadsheets write
//! them. Errors name the line and column so a user can fix the file.

use crate::error::{Error, ErrorCode, Result};

/// One record and the line it starts on (1-based, counting the header as line 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Parses `input`; the separator is `,` unless the first line has more `;` than `,`.
pub fn parse(input: &str) -> Result<Vec<Row>> {
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let first_line = input.lines().next().unwrap_or("");
    let separator = if first_line.matches(';').count() > first_line.matches(',').count() {
        ';'
    } else {
        ','
    };
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

/// Blank lines are skipped, as spreadsheets often leave one at the end.
fn push_row(rows: &mut Vec<Row>, line: usize, fields: Vec<String>) {
    if !(fields.len() == 1 && fields[0].trim().is_empty()) {
        rows.push(Row { line, fields });
    }
}

fn csv_error(line: usize, column: usize, what: &str) -> Error {
    Error::new(
        ErrorCode::InvalidCommand,
        format!("CSV line {line}, column {column}: {what}."),
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
    fn trailing_empty_field_is_kept() {
        assert_eq!(fields("a,b,\n"), vec![vec!["a", "b", ""]]);
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
