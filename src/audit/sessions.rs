//! The audit plan's agenda (ISO 19011 6.3.2): sessions with their date and time, place,
//! method, auditees, criteria and team members; the conflicts in it; the auditee's
//! acceptance of the plan.

use super::conduct::{open, same_person, upsert, with_conduct};
use super::{Audit, AuditChange, AuditRecords, not_in_scope};
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG, SHORT};
use chrono::NaiveTime;
use serde::{Deserialize, Serialize};

/// Where and how a session gathers evidence: on site or remote, with or without human
/// interaction (the four kinds of method in ISO 19011 Annex A.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Method {
    OnSiteWithInteraction,
    OnSiteWithoutInteraction,
    RemoteWithInteraction,
    RemoteWithoutInteraction,
}

/// A session as the form or a command carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SessionFields {
    /// What happens, e.g. "Access control: interviews with IT operations".
    pub activity: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// `HH:MM`, 24-hour.
    pub start: String,
    /// `HH:MM`, after the start.
    pub end: String,
    /// The room or site, or how to join remotely (described, not a live link).
    #[serde(default)]
    pub place: String,
    pub method: Method,
    /// The auditee's people or functions taking part.
    #[serde(default)]
    pub auditees: Vec<String>,
    /// Criterion ids of the audit covered in the session.
    #[serde(default)]
    pub criteria: Vec<String>,
    /// Team members taking part (by name).
    #[serde(default)]
    pub auditors: Vec<String>,
}

/// A stored session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PlanSession {
    pub number: u32,
    pub activity: String,
    pub date: String,
    pub start: String,
    pub end: String,
    pub place: String,
    pub method: Method,
    pub auditees: Vec<String>,
    pub criteria: Vec<String>,
    pub auditors: Vec<String>,
}

/// Who accepted the plan for the auditee, and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PlanAcceptance {
    pub accepted_by: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Who recorded it, and when (RFC 3339).
    pub recorded_by: String,
    pub recorded_at: String,
}

/// Something in the plan to fix before it is agreed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct PlanConflict {
    /// `double_booked` (a person in two sessions at once) or `uncovered` (a criterion of
    /// the audit in no session).
    pub kind: String,
    pub message: String,
    /// The sessions involved, by number.
    pub sessions: Vec<u32>,
}

fn time(field: &str, label: &str, value: &str) -> Result<NaiveTime> {
    NaiveTime::parse_from_str(value.trim(), "%H:%M").map_err(|_| {
        Error::on_field(
            ErrorCode::InvalidValue,
            field,
            format!(
                "{label} \"{}\" is not a time; write it as HH:MM, e.g. 09:30.",
                text::excerpt(value)
            ),
        )
    })
}

/// Adds a session (no number) or replaces session `number`. The criteria are the
/// audit's and the people in it are team members. Any change clears the plan's
/// acceptance: the auditee accepted another plan.
pub fn set_session(
    current: AuditRecords,
    number: Option<u32>,
    fields: &SessionFields,
) -> Result<AuditChange> {
    let audit = open(current)?;
    let date = text::date("date", "Session date", &fields.date)?;
    let start = time("start", "Start", &fields.start)?;
    let end = time("end", "End", &fields.end)?;
    if end <= start {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            "end",
            format!(
                "The session ends ({}) before it starts ({}); move its end later.",
                end.format("%H:%M"),
                start.format("%H:%M")
            ),
        ));
    }
    let criteria = text::list("criteria", "Criterion", &fields.criteria)?;
    if let Some(c) = criteria.iter().find(|c| !audit.criteria.contains(c)) {
        return Err(Error {
            field: Some("criteria".into()),
            ..not_in_scope(c)
        });
    }
    let auditors = text::list("auditors", "Team member", &fields.auditors)?;
    let mut members: Vec<String> = Vec::new();
    for person in &auditors {
        let member = audit
            .conduct
            .team
            .iter()
            .find(|m| same_person(&m.name, person))
            .ok_or_else(|| {
                Error::on_field(
                    ErrorCode::NotFound,
                    "auditors",
                    format!(
                        "\"{}\" is not in the audit team; add them to the team first.",
                        text::excerpt(person)
                    ),
                )
            })?;
        if !members.contains(&member.name) {
            members.push(member.name.clone());
        }
    }
    let activity = text::required("activity", "Activity", &fields.activity, SHORT)?;
    let place = text::optional("place", "Place or remote access", &fields.place, LONG)?;
    let auditees = text::list("auditees", "Auditee", &fields.auditees)?;
    let mut conduct = audit.conduct.clone();
    upsert(
        &mut conduct.sessions,
        number,
        |s| s.number,
        |number| PlanSession {
            number,
            activity,
            date: date.format("%Y-%m-%d").to_string(),
            start: start.format("%H:%M").to_string(),
            end: end.format("%H:%M").to_string(),
            place,
            method: fields.method,
            auditees,
            criteria,
            auditors: members,
        },
        "plan session",
    )?;
    conduct.plan_acceptance = None;
    Ok(with_conduct(audit, |c| *c = conduct))
}

pub fn delete_session(current: AuditRecords, number: u32) -> Result<AuditChange> {
    let audit = open(current)?;
    if !audit.conduct.sessions.iter().any(|s| s.number == number) {
        return Err(Error::not_found("plan session", &number.to_string()));
    }
    Ok(with_conduct(audit, |c| {
        c.sessions.retain(|s| s.number != number);
        c.plan_acceptance = None;
    }))
}

/// Records the auditee's acceptance of the plan as it stands: it needs sessions and no
/// conflicts.
pub fn accept_plan(
    current: AuditRecords,
    accepted_by: &str,
    date: &str,
    actor: &str,
    at: &str,
) -> Result<AuditChange> {
    let audit = open(current)?;
    let accepted_by = text::required("acceptedBy", "Accepted by", accepted_by, SHORT)?;
    let date = text::date("date", "Date of acceptance", date)?;
    if audit.conduct.sessions.is_empty() {
        return Err(Error::on_field(
            ErrorCode::Incomplete,
            "sessions",
            "The plan has no sessions yet; add them before it is accepted.",
        ));
    }
    let conflicts = conflicts(audit);
    if !conflicts.is_empty() {
        return Err(Error::on_field(
            ErrorCode::Incomplete,
            "sessions",
            format!(
                "The plan has {} conflict(s); resolve them before it is accepted.",
                conflicts.len()
            ),
        )
        .with_details(conflicts.into_iter().map(|c| c.message).collect()));
    }
    let acceptance = PlanAcceptance {
        accepted_by,
        date: date.format("%Y-%m-%d").to_string(),
        recorded_by: actor.to_string(),
        recorded_at: at.to_string(),
    };
    Ok(with_conduct(audit, |c| {
        c.plan_acceptance = Some(acceptance)
    }))
}

/// The plan's conflicts: anyone in two sessions that overlap in time, and (once the plan
/// has sessions) each criterion of the audit that no session covers.
pub fn conflicts(audit: &Audit) -> Vec<PlanConflict> {
    conflicts_in(audit, &crate::report::Messages::default())
}

/// [`conflicts`] in the words of `m` (the engine's own English for a message `m` does
/// not have).
pub fn conflicts_in(audit: &Audit, m: &crate::report::Messages) -> Vec<PlanConflict> {
    let sessions = &audit.conduct.sessions;
    let mut out = Vec::new();
    for (i, a) in sessions.iter().enumerate() {
        for b in &sessions[i + 1..] {
            // Stored times are HH:MM, so they compare as text; an overlap shares a minute.
            if a.date != b.date || a.end <= b.start || b.end <= a.start {
                continue;
            }
            for person in a
                .auditors
                .iter()
                .filter(|p| b.auditors.iter().any(|q| same_person(p, q)))
            {
                out.push(PlanConflict {
                    kind: "double_booked".into(),
                    message: m.or(
                        "engine.plan.double_booked",
                        &[
                            ("person", person),
                            ("first", &a.number),
                            ("date", &a.date),
                            ("firstStart", &a.start),
                            ("firstEnd", &a.end),
                            ("second", &b.number),
                            ("secondStart", &b.start),
                            ("secondEnd", &b.end),
                        ],
                        format!(
                            "{person} is in session {} ({} {}-{}) and session {} ({}-{}) at the same time.",
                            a.number, a.date, a.start, a.end, b.number, b.start, b.end
                        ),
                    ),
                    sessions: vec![a.number, b.number],
                });
            }
        }
    }
    if !sessions.is_empty() {
        for criterion in &audit.criteria {
            if !sessions.iter().any(|s| s.criteria.contains(criterion)) {
                out.push(PlanConflict {
                    kind: "uncovered".into(),
                    message: m.or(
                        "engine.plan.uncovered",
                        &[("criterion", criterion)],
                        format!("Criterion {criterion} is in scope but in no session."),
                    ),
                    sessions: Vec::new(),
                });
            }
        }
    }
    out
}
