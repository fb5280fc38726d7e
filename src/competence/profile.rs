//! Auditor profiles (ISO 19011 7.2.3, 7.4): who the person is in audit terms, and the
//! audit experience log, filled from the workspace's audits where they are on the team
//! and from the outside audits they entered. A profile is personal data: it can be
//! exported whole and erased, leaving a pseudonym where audits name the person.

use super::{AREAS, Role};
use crate::audit::conduct::same_person;
use crate::audit::{Audit, AuditStatus};
use crate::catalog;
use crate::error::{Error, ErrorCode, Result};
use crate::programme::as_json;
use crate::text::{self, LONG, SHORT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A stored auditor (or programme manager): the profile, its CPD log and evaluations.
/// Evaluations live in the record (not a store of their own): they are read only with
/// the person, and an erasure removes them in the same write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Auditor {
    pub id: String,
    #[serde(
        serialize_with = "as_json",
        deserialize_with = "crate::programme::via_json"
    )]
    pub profile: Profile,
    /// Continual professional development, in the order entered.
    #[serde(
        default,
        serialize_with = "as_json",
        deserialize_with = "crate::programme::via_json"
    )]
    pub cpd: Vec<super::cpd::CpdEntry>,
    /// Evaluations by number.
    #[serde(
        default,
        serialize_with = "as_json",
        deserialize_with = "crate::programme::via_json"
    )]
    pub evaluations: Vec<super::Evaluation>,
    /// Set when the person's data was erased; the profile then holds only the pseudonym.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub erased: Option<Erasure>,
}

/// Who erased a profile and when; the name became `profile.name` (a pseudonym).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Erasure {
    pub by: String,
    /// RFC 3339.
    pub at: String,
}

/// What the manager records about a person.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Profile {
    pub name: String,
    /// The roles the person holds; at least one.
    pub roles: Vec<Role>,
    pub education: String,
    pub work_experience: String,
    pub certifications: Vec<Certification>,
    pub training: Vec<Training>,
    /// Audits done outside this workspace.
    pub outside_audits: Vec<OutsideAudit>,
    /// Knowledge area codes (see [`super::AREAS`]).
    pub knowledge: Vec<String>,
    pub sectors: Vec<String>,
    pub languages: Vec<String>,
    /// Units and processes the person works in or was responsible for (impartiality).
    pub affiliations: Vec<Affiliation>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Certification {
    pub name: String,
    pub issuer: String,
    /// `YYYY-MM-DD`.
    pub obtained: String,
    /// `YYYY-MM-DD`, or empty when it does not expire.
    pub expires: String,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Training {
    pub course: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    pub hours: f64,
}

/// An audit done outside this workspace, for the experience log.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct OutsideAudit {
    pub audit: String,
    /// The last day, `YYYY-MM-DD`.
    pub date: String,
    pub days: f64,
    pub role: String,
    /// The standard audited against, e.g. "ISO/IEC 27001:2022".
    pub standard: String,
}

/// How a person is tied to a unit or process.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Relation {
    #[default]
    WorksIn,
    Responsible,
}

impl Relation {
    pub fn label(self) -> &'static str {
        match self {
            Relation::WorksIn => "works in",
            Relation::Responsible => "was responsible for",
        }
    }
}

/// A unit or process the person works in, or was responsible for until a date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Affiliation {
    /// The unit or process, named as audit scopes name it.
    pub unit: String,
    pub relation: Relation,
    /// `YYYY-MM-DD` when the tie ended; empty while it lasts.
    pub until: String,
}

/// Longest audit an experience entry may claim, in days.
const MAX_AUDIT_DAYS: f64 = 365.0;

impl Profile {
    /// The profile as stored: trimmed, dates checked, at least one role, known areas.
    pub fn validate(&self) -> Result<Profile> {
        let name = text::required("name", "Name", &self.name, SHORT)?;
        let mut roles = self.roles.clone();
        roles.sort();
        roles.dedup();
        if roles.is_empty() {
            return Err(Error::on_field(
                ErrorCode::Required,
                "roles",
                "Tick at least one role the person holds (auditor, lead auditor, technical expert, ...).",
            ));
        }
        let mut certifications = Vec::new();
        for (i, c) in self.certifications.iter().enumerate() {
            let at = |f: &str| format!("certifications[{i}].{f}");
            let obtained = text::date(&at("obtained"), "Date obtained", &c.obtained)?;
            let expires = optional_date(&at("expires"), "Expiry date", &c.expires)?;
            if expires.is_some_and(|e| e < obtained) {
                return Err(Error::on_field(
                    ErrorCode::InvalidDate,
                    &at("expires"),
                    format!(
                        "The expiry date is before the date obtained ({obtained}); correct one of them."
                    ),
                ));
            }
            certifications.push(Certification {
                name: text::required(&at("name"), "Certification", &c.name, SHORT)?,
                issuer: text::optional(&at("issuer"), "Issuer", &c.issuer, SHORT)?,
                obtained: obtained.to_string(),
                expires: expires.map(|d| d.to_string()).unwrap_or_default(),
            });
        }
        let mut training = Vec::new();
        for (i, t) in self.training.iter().enumerate() {
            let at = |f: &str| format!("training[{i}].{f}");
            training.push(Training {
                course: text::required(&at("course"), "Course", &t.course, SHORT)?,
                date: text::date(&at("date"), "Course date", &t.date)?.to_string(),
                hours: hours(&at("hours"), "Course hours", t.hours, 0.0)?,
            });
        }
        let mut outside_audits = Vec::new();
        for (i, a) in self.outside_audits.iter().enumerate() {
            let at = |f: &str| format!("outsideAudits[{i}].{f}");
            outside_audits.push(OutsideAudit {
                audit: text::required(&at("audit"), "Audit", &a.audit, SHORT)?,
                date: text::date(&at("date"), "Audit date", &a.date)?.to_string(),
                days: hours(&at("days"), "Audit days", a.days, 0.5)?.min(MAX_AUDIT_DAYS),
                role: text::optional(&at("role"), "Role in the audit", &a.role, SHORT)?,
                standard: text::optional(&at("standard"), "Standard", &a.standard, SHORT)?,
            });
        }
        let knowledge = text::list("knowledge", "Knowledge area", &self.knowledge)?;
        if let Some(k) = knowledge
            .iter()
            .find(|k| !AREAS.iter().any(|a| a.code == *k))
        {
            let known: Vec<&str> = AREAS.iter().map(|a| a.code).collect();
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                "knowledge",
                format!(
                    "\"{}\" is not a knowledge area; use one of {}.",
                    text::excerpt(k),
                    known.join(", ")
                ),
            ));
        }
        let mut affiliations: Vec<Affiliation> = Vec::new();
        for (i, a) in self.affiliations.iter().enumerate() {
            let at = |f: &str| format!("affiliations[{i}].{f}");
            let unit = text::required(&at("unit"), "Unit or process", &a.unit, SHORT)?;
            let until = optional_date(&at("until"), "Until", &a.until)?;
            affiliations.push(Affiliation {
                unit,
                relation: a.relation,
                until: until.map(|d| d.to_string()).unwrap_or_default(),
            });
        }
        Ok(Profile {
            name,
            roles,
            education: text::optional("education", "Education", &self.education, LONG)?,
            work_experience: text::optional(
                "workExperience",
                "Work experience",
                &self.work_experience,
                LONG,
            )?,
            certifications,
            training,
            outside_audits,
            knowledge,
            sectors: text::list("sectors", "Sector", &self.sectors)?,
            languages: text::list("languages", "Language", &self.languages)?,
            affiliations,
        })
    }
}

/// A non-negative number of hours or days, at least `min` when given.
pub(super) fn hours(field: &str, label: &str, value: f64, min: f64) -> Result<f64> {
    if !value.is_finite() || value < min || value > 10_000.0 {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            field,
            format!("{label} must be a number from {min} to 10000."),
        ));
    }
    Ok(value)
}

/// A `YYYY-MM-DD` date or nothing.
pub(super) fn optional_date(field: &str, label: &str, value: &str) -> Result<Option<NaiveDate>> {
    if value.trim().is_empty() {
        return Ok(None);
    }
    text::date(field, label, value).map(Some)
}

/// A stored date (validated when saved); `None` for an empty one.
pub(super) fn day(value: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(value, "%Y-%m-%d").ok()
}

/// One line of a person's audit experience log.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ExperienceRow {
    /// The audit in this workspace; empty for an outside audit.
    pub audit_id: String,
    pub audit: String,
    /// The last day (`YYYY-MM-DD`).
    pub date: String,
    pub days: f64,
    pub role: String,
    pub standard: String,
    /// Counted towards the criteria: outside audits, and audits of this workspace that
    /// were started (a planned audit is not experience yet).
    pub counted: bool,
}

/// The experience log of `auditor`: the workspace's audits where they are on the team
/// (linked by profile), then their outside audits; newest first.
pub fn experience(auditor: &Auditor, audits: &[&Audit]) -> Vec<ExperienceRow> {
    let mut rows: Vec<ExperienceRow> = Vec::new();
    for audit in audits {
        let Some(member) = audit
            .conduct
            .team
            .iter()
            .find(|m| m.auditor_id.as_deref() == Some(auditor.id.as_str()))
        else {
            continue;
        };
        let start = audit.actual_start.unwrap_or(audit.planned_start);
        let end = audit.actual_end.unwrap_or(audit.planned_end).max(start);
        rows.push(ExperienceRow {
            audit_id: audit.id.clone(),
            audit: audit.title.clone(),
            date: end.to_string(),
            days: ((end - start).num_days() + 1) as f64,
            role: member.role.label().to_string(),
            standard: catalog::get(&audit.catalog_id)
                .map_or_else(|| audit.catalog_id.clone(), |c| c.edition.clone()),
            counted: audit.status != AuditStatus::Planned,
        });
    }
    rows.extend(
        auditor
            .profile
            .outside_audits
            .iter()
            .map(|a| ExperienceRow {
                audit_id: String::new(),
                audit: a.audit.clone(),
                date: a.date.clone(),
                days: a.days,
                role: a.role.clone(),
                standard: a.standard.clone(),
                counted: true,
            }),
    );
    rows.sort_by(|a, b| b.date.cmp(&a.date).then(a.audit.cmp(&b.audit)));
    rows
}

/// The audits and audit days an experience log counts.
pub fn totals(rows: &[ExperienceRow]) -> (u32, f64) {
    let counted = rows.iter().filter(|r| r.counted);
    let audits = counted.clone().count() as u32;
    // + 0.0: an empty sum is -0.0.
    (audits, counted.map(|r| r.days).sum::<f64>() + 0.0)
}

/// The name-only record an erasure leaves, and the pseudonym audits use instead.
pub fn erased(auditor: &Auditor, pseudonym: String, by: &str, at: &str) -> Auditor {
    Auditor {
        id: auditor.id.clone(),
        profile: Profile {
            name: pseudonym,
            roles: auditor.profile.roles.clone(),
            ..Profile::default()
        },
        cpd: Vec::new(),
        evaluations: Vec::new(),
        erased: Some(Erasure {
            by: by.to_string(),
            at: at.to_string(),
        }),
    }
}

/// `audit` with every mention of the erased person replaced by `pseudonym`: the team
/// member linked to the profile, the sessions and the lead auditor named like them,
/// and the report form's team lines. `None` when the audit does not name them.
pub fn pseudonymised(audit: &Audit, auditor: &Auditor, pseudonym: &str) -> Option<Audit> {
    let member = audit
        .conduct
        .team
        .iter()
        .find(|m| m.auditor_id.as_deref() == Some(auditor.id.as_str()))?;
    let name = member.name.clone();
    let mut a = audit.clone();
    let swap = |s: &mut String| {
        if same_person(s, &name) {
            *s = pseudonym.to_string();
        }
    };
    for m in &mut a.conduct.team {
        swap(&mut m.name);
    }
    for session in &mut a.conduct.sessions {
        session.auditors.iter_mut().for_each(swap);
    }
    swap(&mut a.lead_auditor);
    // The report form's lines read "Name (role)".
    for line in &mut a.report.team {
        *line = line.replace(&name, pseudonym);
    }
    Some(a)
}
