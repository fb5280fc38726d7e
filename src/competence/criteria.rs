//! Competence criteria (ISO 19011 7.3): per programme and per role, the knowledge areas,
//! audit experience, training and personal behaviour a person needs, how many CPD hours
//! a year keep it up and how often they are evaluated; with defaults a manager edits.
//! [`match_role`] checks a person against one role's criteria.

use super::profile::{self, Auditor, ExperienceRow};
use super::{AREAS, BEHAVIOURS, Role, label_in, label_of};
use crate::error::{Error, ErrorCode, Result};
use crate::report::Messages;
use crate::text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What one role requires.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RoleCriteria {
    pub role: Role,
    /// Knowledge area codes.
    #[serde(default)]
    pub knowledge: Vec<String>,
    #[serde(default)]
    pub min_audits: u32,
    #[serde(default)]
    pub min_audit_days: f64,
    /// Course or certification names, one of which the person must hold for each line
    /// (matched ignoring case; an expired certification does not count).
    #[serde(default)]
    pub training: Vec<String>,
    /// Behaviour codes an evaluation must have found.
    #[serde(default)]
    pub behaviours: Vec<String>,
    #[serde(default)]
    pub cpd_hours_per_year: f64,
    /// Months between evaluations (1 to 60).
    pub evaluation_months: u32,
}

/// A programme's competence settings: the criteria per role, the knowledge areas every
/// audit team must cover, and how far back a past responsibility still conflicts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompetenceSettings {
    pub roles: Vec<RoleCriteria>,
    pub team_areas: Vec<String>,
    /// Months after leaving a unit or process during which a person may not audit it
    /// without a recorded justification (1 to 120).
    pub impartiality_months: u32,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

impl Default for CompetenceSettings {
    /// Sensible starting points for an internal ISMS audit programme.
    fn default() -> Self {
        let all_behaviours: Vec<&str> = BEHAVIOURS.iter().map(|b| b.code).collect();
        let role = |role,
                    knowledge: &[&str],
                    audits,
                    days,
                    training: &[&str],
                    behaviours: &[&str],
                    cpd,
                    months| {
            RoleCriteria {
                role,
                knowledge: strings(knowledge),
                min_audits: audits,
                min_audit_days: days,
                training: strings(training),
                behaviours: strings(behaviours),
                cpd_hours_per_year: cpd,
                evaluation_months: months,
            }
        };
        CompetenceSettings {
            roles: vec![
                role(
                    Role::LeadAuditor,
                    &[
                        "isms",
                        "risk",
                        "controls",
                        "audit_methods",
                        "context",
                        "legal",
                    ],
                    5,
                    15.0,
                    &["ISMS lead auditor course"],
                    &all_behaviours,
                    16.0,
                    12,
                ),
                role(
                    Role::Auditor,
                    &["isms", "risk", "controls", "audit_methods"],
                    2,
                    5.0,
                    &["ISMS internal auditor course"],
                    &[
                        "ethical",
                        "open_minded",
                        "diplomatic",
                        "observant",
                        "collaborative",
                    ],
                    8.0,
                    12,
                ),
                role(
                    Role::AuditorInTraining,
                    &["isms", "audit_methods"],
                    0,
                    0.0,
                    &[],
                    &["ethical", "open_minded"],
                    8.0,
                    6,
                ),
                role(
                    Role::TechnicalExpert,
                    &[],
                    0,
                    0.0,
                    &[],
                    &["ethical"],
                    0.0,
                    24,
                ),
                role(
                    Role::ProgrammeManager,
                    &["isms", "risk", "audit_methods", "context", "legal"],
                    3,
                    10.0,
                    &[],
                    &[
                        "ethical",
                        "decisive",
                        "collaborative",
                        "open_to_improvement",
                    ],
                    8.0,
                    12,
                ),
            ],
            team_areas: strings(&["isms", "risk", "controls", "audit_methods"]),
            impartiality_months: 24,
        }
    }
}

impl CompetenceSettings {
    /// The settings as stored: every role once, known codes, numbers in range.
    pub fn validate(&self) -> Result<CompetenceSettings> {
        let mut roles: Vec<RoleCriteria> = Vec::new();
        for (i, r) in self.roles.iter().enumerate() {
            let at = |f: &str| format!("roles[{i}].{f}");
            if roles.iter().any(|v| v.role == r.role) {
                return Err(Error::on_field(
                    ErrorCode::Duplicate,
                    &at("role"),
                    format!(
                        "The {} criteria are listed twice; keep one.",
                        r.role.label()
                    ),
                ));
            }
            if !(1..=60).contains(&r.evaluation_months) {
                return Err(Error::on_field(
                    ErrorCode::InvalidValue,
                    &at("evaluationMonths"),
                    "Evaluate at least every 60 months and at most every month (1 to 60).",
                ));
            }
            roles.push(RoleCriteria {
                role: r.role,
                knowledge: codes(&at("knowledge"), &r.knowledge, &AREAS)?,
                min_audits: r.min_audits.min(1000),
                min_audit_days: profile::hours(
                    &at("minAuditDays"),
                    "Minimum audit days",
                    r.min_audit_days,
                    0.0,
                )?,
                training: text::list(&at("training"), "Required training", &r.training)?,
                behaviours: codes(&at("behaviours"), &r.behaviours, &BEHAVIOURS)?,
                cpd_hours_per_year: profile::hours(
                    &at("cpdHoursPerYear"),
                    "CPD hours per year",
                    r.cpd_hours_per_year,
                    0.0,
                )?,
                evaluation_months: r.evaluation_months,
            });
        }
        if !(1..=120).contains(&self.impartiality_months) {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                "impartialityMonths",
                "The impartiality window is 1 to 120 months.",
            ));
        }
        Ok(CompetenceSettings {
            roles,
            team_areas: codes("teamAreas", &self.team_areas, &AREAS)?,
            impartiality_months: self.impartiality_months,
        })
    }

    /// The criteria of `role`: the stored ones, else the default.
    pub fn of(&self, role: Role) -> RoleCriteria {
        self.roles
            .iter()
            .find(|r| r.role == role)
            .cloned()
            .or_else(|| {
                CompetenceSettings::default()
                    .roles
                    .into_iter()
                    .find(|r| r.role == role)
            })
            .expect("every role has a default")
    }
}

/// Codes checked against a fixed list.
fn codes(field: &str, values: &[String], known: &[super::CompetenceTerm]) -> Result<Vec<String>> {
    let list = text::list(field, "Code", values)?;
    if let Some(bad) = list.iter().find(|c| !known.iter().any(|k| k.code == *c)) {
        let names: Vec<&str> = known.iter().map(|k| k.code).collect();
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            field,
            format!(
                "\"{}\" is not one of {}.",
                text::excerpt(bad),
                names.join(", ")
            ),
        ));
    }
    Ok(list)
}

/// One requirement checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RequirementCheck {
    /// `knowledge:<area>`, `audits`, `days`, `training:<name>` or `behaviour:<code>`:
    /// an evaluation's outcomes name requirements this way.
    pub requirement: String,
    pub label: String,
    pub met: bool,
}

/// How a person meets one role's criteria.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RoleMatch {
    pub role: Role,
    pub met: u32,
    pub total: u32,
    /// Met out of total, in percent (100 when the role requires nothing).
    pub percent: u32,
    pub checks: Vec<RequirementCheck>,
}

impl RoleMatch {
    /// The labels of the requirements not met.
    pub fn gaps(&self) -> Vec<String> {
        self.checks
            .iter()
            .filter(|c| !c.met)
            .map(|c| c.label.clone())
            .collect()
    }
}

/// Checks `auditor` against `criteria` on `today`. Knowledge comes from the profile,
/// experience from the log, training from courses and unexpired certifications, and
/// behaviour from the latest evaluation's outcomes.
pub fn match_role(
    auditor: &Auditor,
    log: &[ExperienceRow],
    criteria: &RoleCriteria,
    today: NaiveDate,
) -> RoleMatch {
    match_role_in(auditor, log, criteria, today, &Messages::default())
}

/// [`match_role`], the checks' labels in the words of `m` (English without them).
pub fn match_role_in(
    auditor: &Auditor,
    log: &[ExperienceRow],
    criteria: &RoleCriteria,
    today: NaiveDate,
    m: &Messages,
) -> RoleMatch {
    let p = &auditor.profile;
    let (audits, days) = profile::totals(log);
    let mut checks = Vec::new();
    for area in &criteria.knowledge {
        checks.push(RequirementCheck {
            requirement: format!("knowledge:{area}"),
            label: m.or(
                "engine.competence.check.knowledge",
                &[("area", &label_in(m, area))],
                format!("Knowledge: {}", label_of(area)),
            ),
            met: p.knowledge.contains(area),
        });
    }
    if criteria.min_audits > 0 {
        checks.push(RequirementCheck {
            requirement: "audits".into(),
            label: m.or(
                "engine.competence.check.audits",
                &[("min", &criteria.min_audits), ("audits", &audits)],
                format!("At least {} audits ({audits} so far)", criteria.min_audits),
            ),
            met: audits >= criteria.min_audits,
        });
    }
    if criteria.min_audit_days > 0.0 {
        checks.push(RequirementCheck {
            requirement: "days".into(),
            label: m.or(
                "engine.competence.check.days",
                &[
                    ("min", &m.decimal(criteria.min_audit_days.to_string())),
                    ("days", &m.decimal(days.to_string())),
                ],
                format!(
                    "At least {} audit days ({days} so far)",
                    criteria.min_audit_days
                ),
            ),
            met: days >= criteria.min_audit_days,
        });
    }
    for course in &criteria.training {
        let held = p.training.iter().any(|t| same(&t.course, course))
            || p.certifications.iter().any(|c| {
                same(&c.name, course) && profile::day(&c.expires).is_none_or(|e| e >= today)
            });
        checks.push(RequirementCheck {
            requirement: format!("training:{course}"),
            label: m.or(
                "engine.competence.check.training",
                &[("course", course)],
                format!("Training: {course}"),
            ),
            met: held,
        });
    }
    let latest = auditor
        .evaluations
        .iter()
        .max_by_key(|e| (&e.fields.date, e.number));
    for b in &criteria.behaviours {
        let requirement = format!("behaviour:{b}");
        checks.push(RequirementCheck {
            met: latest.is_some_and(|e| {
                e.fields
                    .outcomes
                    .iter()
                    .any(|o| o.requirement == requirement && o.met)
            }),
            requirement,
            label: m.or(
                "engine.competence.check.behaviour",
                &[("behaviour", &label_in(m, b))],
                format!("Behaviour: {}", label_of(b)),
            ),
        });
    }
    let total = checks.len() as u32;
    let met = checks.iter().filter(|c| c.met).count() as u32;
    RoleMatch {
        role: criteria.role,
        met,
        total,
        percent: (met * 100).checked_div(total).unwrap_or(100),
        checks,
    }
}

fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}
