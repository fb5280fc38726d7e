//! Excel (.xlsx) workbooks, written with rust_xlsxwriter: one sheet per register, typed
//! cells (dates as dates, numbers as numbers, yes/no as booleans), the header row frozen
//! and filtered, column widths set. Text is always written as a string cell, never as a
//! formula, so a statement starting with "=" cannot run in the spreadsheet.

use crate::Error;
use crate::registers::{Cell, Register};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet, XlsxError};

/// Excel refuses a cell longer than this.
const MAX_CELL_CHARS: usize = 32_767;

/// A workbook of `registers`; `generated_at` (RFC 3339) is the file's own date, so that
/// the same export gives the same file.
pub fn workbook(registers: &[Register], title: &str, generated_at: &str) -> Result<Vec<u8>, Error> {
    write(registers, title, generated_at)
        .map_err(|e| Error::internal(format!("The Excel file could not be written: {e}.")))
}

fn write(registers: &[Register], title: &str, generated_at: &str) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let mut properties = DocProperties::new().set_title(title);
    if let Ok(when) = ExcelDateTime::parse_from_str(generated_at.get(..19).unwrap_or("")) {
        properties = properties.set_creation_datetime(&when);
    }
    book.set_properties(&properties);
    let header = Format::new().set_bold().set_background_color("D9E2F3");
    let wrap = Format::new()
        .set_text_wrap()
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let date = Format::new()
        .set_num_format("yyyy-mm-dd")
        .set_align(rust_xlsxwriter::FormatAlign::Top);
    let top = Format::new().set_align(rust_xlsxwriter::FormatAlign::Top);
    for register in registers {
        let sheet = book.add_worksheet();
        sheet.set_name(&register.name)?;
        for (c, column) in register.columns.iter().enumerate() {
            let c = c as u16;
            sheet.write_string_with_format(0, c, &column.title, &header)?;
            sheet.set_column_width(c, column.width)?;
        }
        for (r, row) in register.rows.iter().enumerate() {
            write_row(sheet, (r + 1) as u32, row, &wrap, &date, &top)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        let last_col = register.columns.len().saturating_sub(1) as u16;
        sheet.autofilter(0, 0, register.rows.len() as u32, last_col)?;
    }
    book.save_to_buffer()
}

fn write_row(
    sheet: &mut Worksheet,
    row: u32,
    cells: &[Cell],
    wrap: &Format,
    date: &Format,
    top: &Format,
) -> Result<(), XlsxError> {
    for (c, cell) in cells.iter().enumerate() {
        let c = c as u16;
        match cell {
            Cell::Text(s) => {
                sheet.write_string_with_format(row, c, cell_text(s), wrap)?;
            }
            Cell::Date(s) => match ExcelDateTime::parse_from_str(s) {
                Ok(d) if s.len() == 10 => {
                    sheet.write_datetime_with_format(row, c, &d, date)?;
                }
                _ => {
                    sheet.write_string_with_format(row, c, cell_text(s), wrap)?;
                }
            },
            Cell::Number(n) => {
                sheet.write_number_with_format(row, c, *n, top)?;
            }
            Cell::Bool(b) => {
                sheet.write_boolean_with_format(row, c, *b, top)?;
            }
        }
    }
    Ok(())
}

/// The text as Excel can hold it: control characters dropped, cut at Excel's limit.
fn cell_text(s: &str) -> String {
    s.chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .take(MAX_CELL_CHARS)
        .collect()
}
