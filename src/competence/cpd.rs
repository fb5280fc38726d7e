//! Maintaining competence (ISO 19011 7.6): continual professional development hours
//! against what the role asks per year, certifications running out, and evaluations
//! coming due; together the reminder list of a programme.

use super::criteria::CompetenceSettings;
use super::profile::{self, Auditor};
use crate::error::Result;
use crate::report::Messages;
use crate::text::{self, SHORT};
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// One CPD activity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CpdEntry {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub hours: f64,
    pub topic: String,
}

/// `auditor` with one more CPD entry.
pub fn add(auditor: &Auditor, entry: &CpdEntry) -> Result<Auditor> {
    let entry = CpdEntry {
        date: text::date("date", "CPD date", &entry.date)?.to_string(),
        hours: profile::hours("hours", "CPD hours", entry.hours, 0.25)?,
        topic: text::required("topic", "Topic", &entry.topic, SHORT)?,
    };
    let mut next = auditor.clone();
    next.cpd.push(entry);
    Ok(next)
}

/// The hours of the 12 months up to `today`, against the role's yearly requirement.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CpdStatus {
    pub hours: f64,
    pub required: f64,
    /// Hours still to do (0 when met).
    pub shortfall: f64,
}

/// CPD hours in the year ending on `today` (its first day is `today` less 12 months,
/// exclusive; entries dated after `today` are not counted yet).
pub fn status(entries: &[CpdEntry], required: f64, today: NaiveDate) -> CpdStatus {
    let from = today.checked_sub_months(Months::new(12)).unwrap_or(today);
    let hours: f64 = entries
        .iter()
        .filter(|e| profile::day(&e.date).is_some_and(|d| d > from && d <= today))
        .map(|e| e.hours)
        .sum::<f64>()
        + 0.0; // an empty sum is -0.0, which reads as "-0 hours"
    CpdStatus {
        hours,
        required,
        shortfall: (required - hours).max(0.0),
    }
}

/// What needs doing about one person's competence.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CompetenceReminder {
    pub auditor_id: String,
    pub name: String,
    /// `evaluation_due`, `evaluation_overdue`, `not_evaluated`, `certification_expiring`,
    /// `certification_expired` or `cpd_short`.
    pub kind: String,
    pub what: String,
    /// `YYYY-MM-DD`; empty when there is no date.
    pub due: String,
}

/// How far ahead an evaluation or an expiry is announced.
const NOTICE_DAYS: u64 = 60;

/// The reminders of `auditor` on `today` under `settings`: the evaluation of their main
/// role (due within the notice, overdue, or never done), certifications expiring within
/// the notice or expired, and a CPD shortfall.
pub fn reminders(
    auditor: &Auditor,
    settings: &CompetenceSettings,
    today: NaiveDate,
) -> Vec<CompetenceReminder> {
    reminders_in(auditor, settings, today, &Messages::default())
}

/// [`reminders`] in the words of `m` (English without them).
pub fn reminders_in(
    auditor: &Auditor,
    settings: &CompetenceSettings,
    today: NaiveDate,
    m: &Messages,
) -> Vec<CompetenceReminder> {
    let Some(&role) = auditor.profile.roles.first() else {
        return Vec::new();
    };
    let criteria = settings.of(role);
    let soon = today
        .checked_add_days(Days::new(NOTICE_DAYS))
        .unwrap_or(today);
    let mut out = Vec::new();
    let mut remind = |kind: &str, what: String, due: String| {
        out.push(CompetenceReminder {
            auditor_id: auditor.id.clone(),
            name: auditor.profile.name.clone(),
            kind: kind.into(),
            what,
            due,
        })
    };
    let last = auditor
        .evaluations
        .iter()
        .filter_map(|e| profile::day(&e.fields.date))
        .max();
    match last {
        None => remind(
            "not_evaluated",
            m.or(
                "engine.competence.not_evaluated",
                &[("role", &super::role_in(m, role))],
                format!("Not evaluated yet as {}", role.label()),
            ),
            String::new(),
        ),
        Some(last) => {
            let due = last
                .checked_add_months(Months::new(criteria.evaluation_months))
                .unwrap_or(last);
            if due < today {
                remind(
                    "evaluation_overdue",
                    m.or(
                        "engine.competence.evaluation_overdue",
                        &[("role", &super::role_in(m, role))],
                        format!("Evaluation as {} overdue", role.label()),
                    ),
                    due.to_string(),
                );
            } else if due <= soon {
                remind(
                    "evaluation_due",
                    m.or(
                        "engine.competence.evaluation_due",
                        &[("role", &super::role_in(m, role))],
                        format!("Evaluation as {} due", role.label()),
                    ),
                    due.to_string(),
                );
            }
        }
    }
    for c in &auditor.profile.certifications {
        if let Some(expires) = profile::day(&c.expires) {
            if expires < today {
                remind(
                    "certification_expired",
                    m.or(
                        "engine.competence.certification_expired",
                        &[("name", &c.name)],
                        format!("{} expired", c.name),
                    ),
                    c.expires.clone(),
                );
            } else if expires <= soon {
                remind(
                    "certification_expiring",
                    m.or(
                        "engine.competence.certification_expiring",
                        &[("name", &c.name)],
                        format!("{} expires", c.name),
                    ),
                    c.expires.clone(),
                );
            }
        }
    }
    let cpd = status(&auditor.cpd, criteria.cpd_hours_per_year, today);
    if cpd.shortfall > 0.0 {
        remind(
            "cpd_short",
            m.or(
                "engine.competence.cpd_short",
                &[
                    ("hours", &m.decimal(cpd.hours.to_string())),
                    ("required", &m.decimal(cpd.required.to_string())),
                ],
                format!(
                    "{} of {} CPD hours in the last 12 months",
                    cpd.hours, cpd.required
                ),
            ),
            String::new(),
        );
    }
    out
}
