//! CSV files of the registers: UTF-8 with a byte-order mark (so Excel reads the accents
//! right), CRLF, and the engine's formula guard on every value.

use crate::registers::{Cell, Register};

#[path = "../csv_write.rs"]
mod write;

pub fn register(register: &Register) -> String {
    let mut out = String::from("\u{feff}");
    let titles: Vec<&str> = register.columns.iter().map(|c| c.title.as_str()).collect();
    out.push_str(&write::write_row(&titles));
    for row in &register.rows {
        let values: Vec<String> = row
            .iter()
            .map(|cell| match cell {
                Cell::Text(s) | Cell::Date(s) => s.clone(),
                Cell::Number(n) => n.to_string(),
                Cell::Bool(true) => "yes".to_string(),
                Cell::Bool(false) => "no".to_string(),
            })
            .collect();
        let fields: Vec<&str> = values.iter().map(String::as_str).collect();
        out.push_str(&write::write_row(&fields));
    }
    out
}
