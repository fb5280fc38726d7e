//! Reading spreadsheets for import: an .xlsx or .ods workbook (calamine's readers of
//! those two only; the .xls and .xlsb readers would add their formula parsers)
//! becomes the engine's sheet model, JSON of `[{name, rows: [{line, cells}]}]` with each
//! cell `null`, `true`, a number, text or `{"date": "YYYY-MM-DD"}` (src/import in the
//! engine). Blank rows are left out; a row keeps its number in the sheet, and its cells
//! start at column A, so problems name the row and column a user sees.

use crate::Error;
use calamine::{Data, Ods, Range, Reader, Xlsx};
use serde_json::{Value, json};
use std::io::Cursor;

/// Every sheet of the workbook in `bytes`, in the workbook's order.
pub fn workbook(bytes: &[u8]) -> Result<String, Error> {
    let cursor = || Cursor::new(bytes.to_vec());
    let sheets = match Xlsx::new(cursor()) {
        Ok(mut book) => all_sheets(&mut book)?,
        Err(xlsx) => match Ods::new(cursor()) {
            Ok(mut book) => all_sheets(&mut book)?,
            Err(_) => {
                return Err(Error::invalid(format!(
                    "The file is not a workbook this app reads ({xlsx}); save it from the spreadsheet as .xlsx or .ods, or as CSV."
                )));
            }
        },
    };
    serde_json::to_string(&sheets)
        .map_err(|e| Error::internal(format!("The sheets could not be passed on: {e}.")))
}

fn all_sheets<R: Reader<Cursor<Vec<u8>>>>(book: &mut R) -> Result<Vec<Value>, Error>
where
    R::Error: std::fmt::Display,
{
    let mut sheets = Vec::new();
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| Error::invalid(format!("The sheet \"{name}\" cannot be read: {e}.")))?;
        sheets.push(json!({ "name": name, "rows": rows(&range) }));
    }
    Ok(sheets)
}

fn rows(range: &Range<Data>) -> Vec<Value> {
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    range
        .rows()
        .enumerate()
        .filter(|(_, cells)| cells.iter().any(|c| !matches!(c, Data::Empty)))
        .map(|(i, cells)| {
            let mut values: Vec<Value> = vec![Value::Null; first_column as usize];
            values.extend(cells.iter().map(cell));
            while values.last() == Some(&Value::Null) {
                values.pop();
            }
            json!({ "line": first_row as usize + i + 1, "cells": values })
        })
        .collect()
}

fn cell(data: &Data) -> Value {
    match data {
        Data::Empty => Value::Null,
        Data::Bool(b) => json!(b),
        Data::Int(i) => json!(i),
        Data::Float(f) if f.is_finite() => json!(f),
        Data::Float(f) => json!(f.to_string()),
        Data::String(s) if s.trim().is_empty() => Value::Null,
        Data::String(s) => json!(s),
        Data::DateTime(d) if !d.is_duration() => json!({ "date": serial_date(d.as_f64()) }),
        Data::DateTime(d) => json!(d.as_f64()),
        Data::DateTimeIso(s) => json!({ "date": s.split('T').next().unwrap_or(s) }),
        Data::DurationIso(s) => json!(s),
        Data::Error(e) => json!(e.to_string()),
    }
}

/// The calendar day of a spreadsheet's date serial (days since 1899-12-30, as Excel
/// and LibreOffice count after February 1900), as `YYYY-MM-DD`.
fn serial_date(serial: f64) -> String {
    // Days from 1970-01-01, then the civil date (Howard Hinnant's algorithm).
    let z = serial.floor() as i64 - 25_569 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_serials_are_calendar_days() {
        assert_eq!(serial_date(25_569.0), "1970-01-01");
        assert_eq!(serial_date(45_382.0), "2024-03-31");
        assert_eq!(serial_date(46_112.75), "2026-03-31");
        assert_eq!(serial_date(61.0), "1900-03-01");
    }
}
