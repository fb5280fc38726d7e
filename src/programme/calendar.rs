//! The programme's schedule as an iCalendar file (RFC 5545): one all-day event per
//! audit, with a UID derived from the audit id so that importing a later export updates
//! the events instead of duplicating them.

use super::Programme;
use crate::audit::{Audit, AuditStatus};
use chrono::{DateTime, Days, Utc};

/// The calendar of `audits` (those of `programme`), stamped `now`.
pub fn ics(programme: &Programme, audits: &[&Audit], now: DateTime<Utc>) -> String {
    let mut out = String::new();
    let stamp = now.format("%Y%m%dT%H%M%SZ").to_string();
    let mut line = |name: &str, value: &str| fold(&mut out, &format!("{name}:{value}"));
    line("BEGIN", "VCALENDAR");
    line("VERSION", "2.0");
    line("PRODID", "-//isms-audit//audit programme//EN");
    line("CALSCALE", "GREGORIAN");
    line("X-WR-CALNAME", &escape(&programme.name));
    for a in audits {
        let day = |d: chrono::NaiveDate| d.format("%Y%m%d").to_string();
        // DTEND of an all-day event is the day after the last one.
        let end = a
            .planned_end
            .checked_add_days(Days::new(1))
            .unwrap_or(a.planned_end);
        let status = match a.status {
            AuditStatus::Planned => "TENTATIVE",
            AuditStatus::InProgress | AuditStatus::Completed => "CONFIRMED",
        };
        let description = format!(
            "Audit of {} ({}), lead auditor {}.\n{}",
            a.auditee,
            a.status.label(),
            a.lead_auditor,
            a.objectives
        );
        line("BEGIN", "VEVENT");
        line("UID", &format!("{}@isms-audit", escape(&a.id)));
        line("DTSTAMP", &stamp);
        line("DTSTART;VALUE=DATE", &day(a.planned_start));
        line("DTEND;VALUE=DATE", &day(end));
        line("SUMMARY", &escape(&a.title));
        line("DESCRIPTION", &escape(description.trim_end()));
        if !a.scope.locations.is_empty() {
            line("LOCATION", &escape(&a.scope.locations.join(", ")));
        }
        line("STATUS", status);
        line("END", "VEVENT");
    }
    line("END", "VCALENDAR");
    out
}

/// A text value with `\`, `;`, `,` and line breaks escaped.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends `line` folded at 75 octets (never inside a UTF-8 character), each
/// continuation starting with a space, every line ending in CRLF.
pub fn fold(out: &mut String, line: &str) {
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape("a\\b; c, d\r\ne\nf\rg\u{7}"),
            "a\\\\b\\; c\\, d\\ne\\nf\\ng"
        );
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let value = format!("SUMMARY:{}", "é".repeat(100));
        fold(&mut out, &value);
        assert!(out.ends_with("\r\n"));
        let lines: Vec<&str> = out.trim_end_matches("\r\n").split("\r\n").collect();
        assert!(lines.len() > 2);
        for (i, l) in lines.iter().enumerate() {
            assert!(l.len() <= 75, "line {i} is {} octets", l.len());
            assert_eq!(l.starts_with(' '), i > 0);
        }
        let unfolded: String = lines
            .iter()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect();
        assert_eq!(unfolded, value);
        let mut short = String::new();
        fold(&mut short, &"x".repeat(75));
        assert_eq!(short, format!("{}\r\n", "x".repeat(75)));
        let mut long = String::new();
        fold(&mut long, &"x".repeat(76));
        assert_eq!(long, format!("{}\r\n x\r\n", "x".repeat(75)));
    }
}
