//! Validation of user-entered text and dates, shared by every command.

use crate::error::{Error, ErrorCode, Result};
use chrono::NaiveDate;

/// Names and titles: one line.
pub const SHORT: usize = 200;
/// Statements, evidence, notes, objectives.
pub const LONG: usize = 20_000;

/// A trimmed, non-empty value of at most `max` characters.
pub fn required(field: &str, label: &str, value: &str, max: usize) -> Result<String> {
    let value = optional(field, label, value, max)?;
    if value.is_empty() {
        return Err(Error::on_field(
            ErrorCode::Required,
            field,
            format!("{label} is required."),
        ));
    }
    Ok(value)
}

/// A trimmed value of at most `max` characters; may be empty.
pub fn optional(field: &str, label: &str, value: &str, max: usize) -> Result<String> {
    let value = value.trim();
    let length = value.chars().count();
    if length > max {
        return Err(Error::on_field(
            ErrorCode::TooLong,
            field,
            format!("{label} is {length} characters long; shorten it to at most {max}."),
        ));
    }
    Ok(value.to_string())
}

/// Each entry trimmed and checked; empty entries dropped, duplicates kept once.
pub fn list(field: &str, label: &str, values: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::with_capacity(values.len());
    for value in values {
        let value = optional(field, label, value, SHORT)?;
        if !value.is_empty() && !out.contains(&value) {
            out.push(value);
        }
    }
    Ok(out)
}

/// A `YYYY-MM-DD` calendar date.
pub fn date(field: &str, label: &str, value: &str) -> Result<NaiveDate> {
    let value = value.trim();
    if value.is_empty() {
        return Err(Error::on_field(
            ErrorCode::Required,
            field,
            format!("{label} is required."),
        ));
    }
    NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| {
        Error::on_field(
            ErrorCode::InvalidDate,
            field,
            format!("{label} \"{value}\" is not a date; write it as YYYY-MM-DD, e.g. 2026-03-31."),
        )
    })
}

/// A value quoted in a message: invisible and control characters made visible
/// (`\u{feff}`, `\0`), and cut after 40 characters, so a message about a bad value in a
/// file never repeats a whole megabyte of it.
pub fn excerpt(value: &str) -> String {
    let mut out: String = value
        .chars()
        .take(40)
        .collect::<String>()
        .escape_debug()
        .collect();
    if value.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

/// Start and end dates, the end on or after the start.
pub fn date_range(
    (start_field, start_label, start): (&str, &str, &str),
    (end_field, end_label, end): (&str, &str, &str),
) -> Result<(NaiveDate, NaiveDate)> {
    let start = date(start_field, start_label, start)?;
    let end = date(end_field, end_label, end)?;
    if end < start {
        return Err(Error::on_field(
            ErrorCode::InvalidDate,
            end_field,
            format!(
                "{end_label} ({end}) is before {start_label} ({start}); move it to {start} or later."
            ),
        ));
    }
    Ok((start, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn required_trims_and_rejects_blank() {
        assert_eq!(
            required("name", "Name", "  ISMS 2026 ", SHORT).unwrap(),
            "ISMS 2026"
        );
        let err = required("name", "Name", "   ", SHORT).unwrap_err();
        assert_eq!(err.code, ErrorCode::Required);
        assert_eq!(err.field.as_deref(), Some("name"));
    }

    #[test]
    fn too_long_counts_characters_not_bytes() {
        assert!(optional("n", "N", &"é".repeat(10), 10).is_ok());
        let err = optional("n", "N", &"é".repeat(11), 10).unwrap_err();
        assert_eq!(err.code, ErrorCode::TooLong);
    }

    #[test]
    fn list_drops_blanks_and_repeats() {
        let values = vec!["HR".into(), " ".into(), "IT ".into(), "HR".into()];
        assert_eq!(list("units", "Units", &values).unwrap(), vec!["HR", "IT"]);
    }

    #[test]
    fn excerpts_are_short_and_visible() {
        assert_eq!(excerpt("A.5.1"), "A.5.1");
        assert_eq!(excerpt("é\u{feff}\0"), "é\\u{feff}\\0");
        assert_eq!(excerpt(&"x".repeat(41)), format!("{}…", "x".repeat(40)));
        assert_eq!(excerpt(&"x".repeat(40)), "x".repeat(40));
    }

    #[test]
    fn dates_and_ranges() {
        assert!(date("d", "Date", "2026-02-30").is_err());
        assert_eq!(date("d", "Date", "").unwrap_err().code, ErrorCode::Required);
        let err = date_range(("s", "Start", "2026-05-02"), ("e", "End", "2026-05-01")).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidDate);
        assert_eq!(err.field.as_deref(), Some("e"));
        assert!(date_range(("s", "Start", "2026-05-01"), ("e", "End", "2026-05-01")).is_ok());
    }
}
