//! Writing CSV rows, with the guard spreadsheets need: a value a spreadsheet would run
//! as a formula gets a leading `'`. Shared by the engine (the SoA export) and the office
//! module (the registers), which includes this file by path.

/// One CSV line (with CRLF) of `fields`, quoted where needed. A value a spreadsheet
/// would run as a formula gets a leading `'`.
pub fn write_row(fields: &[&str]) -> String {
    let cells: Vec<String> = fields
        .iter()
        .map(|f| {
            let f = if f.starts_with(['=', '+', '-', '@']) {
                format!("'{f}")
            } else {
                f.to_string()
            };
            if f.contains([',', ';', '"', '\n', '\r']) {
                format!("\"{}\"", f.replace('"', "\"\""))
            } else {
                f
            }
        })
        .collect();
    format!("{}\r\n", cells.join(","))
}
