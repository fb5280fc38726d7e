//! Team selection (ISO 19011 5.5.4, ISO/IEC 27001 9.2.2 c): the competence an audit
//! needs, each candidate's match and gaps, impartiality conflicts over a time window,
//! and whether the team as a whole covers every area needed. Team members are linked to
//! profiles (`TeamMember::auditor_id`); the team itself stays the audit's (6.2.4).

use super::criteria::{CompetenceSettings, RoleMatch};
use super::profile::{self, Affiliation, Auditor, Relation};
use super::{Role, label_in};
use crate::audit::conduct::{TeamMember, TeamRole, same_person};
use crate::audit::{Audit, Scope};
use crate::error::{Error, ErrorCode, Result};
use crate::report::Messages;
use crate::text::{self, LONG};
use chrono::{Months, NaiveDate};
use serde::Serialize;

/// A tie of a person to a unit or process in an audit's scope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ImpartialityConflict {
    pub unit: String,
    pub relation: Relation,
    /// Empty while the tie lasts.
    pub until: String,
    pub message: String,
}

/// The ties of `auditor` that conflict with auditing `scope` from `start`: a unit or
/// process in scope (units and processes alike, ignoring case) they work in now, or
/// were tied to on or after `start` less `months`.
pub fn conflicts(
    auditor: &Auditor,
    scope: &Scope,
    start: NaiveDate,
    months: u32,
) -> Vec<ImpartialityConflict> {
    let window_start = start
        .checked_sub_months(Months::new(months))
        .unwrap_or(start);
    let in_scope = |unit: &str| {
        scope
            .units
            .iter()
            .chain(&scope.processes)
            .any(|s| same_person(s, unit))
    };
    auditor
        .profile
        .affiliations
        .iter()
        .filter(|a| in_scope(&a.unit))
        .filter(|a| profile::day(&a.until).is_none_or(|until| until >= window_start))
        .map(|a: &Affiliation| ImpartialityConflict {
            unit: a.unit.clone(),
            relation: a.relation,
            until: a.until.clone(),
            message: if a.until.is_empty() {
                format!(
                    "{} {} {}, which is in scope",
                    auditor.profile.name,
                    a.relation.label(),
                    a.unit
                )
            } else {
                format!(
                    "{} {} {} until {}, within {months} months of the audit",
                    auditor.profile.name,
                    if a.relation == Relation::WorksIn {
                        "worked in"
                    } else {
                        "was responsible for"
                    },
                    a.unit,
                    a.until
                )
            },
        })
        .collect()
}

/// The knowledge areas an audit needs: the programme's team areas, and those its
/// criteria call for (technological controls need technology, legal and contractual
/// controls the legal area).
pub fn needed_areas(settings: &CompetenceSettings, audit: &Audit) -> Vec<String> {
    let mut areas = settings.team_areas.clone();
    let mut need = |area: &str| {
        if !areas.iter().any(|a| a == area) {
            areas.push(area.to_string());
        }
    };
    for id in &audit.criteria {
        let technology_2022 = id.starts_with("A.8.");
        let technology_2013 = ["A.9.", "A.10.", "A.12.", "A.13.", "A.14."]
            .iter()
            .any(|p| id.starts_with(p));
        let legal_2022 = ["A.5.31", "A.5.32", "A.5.33", "A.5.34"].contains(&id.as_str());
        let legal_2013 = id.starts_with("A.18.");
        if (audit.catalog_id == crate::catalog::ISO27001_2022 && technology_2022)
            || (audit.catalog_id == crate::catalog::ISO27001_2013 && technology_2013)
        {
            need("technology");
        }
        if (audit.catalog_id == crate::catalog::ISO27001_2022 && legal_2022)
            || (audit.catalog_id == crate::catalog::ISO27001_2013 && legal_2013)
        {
            need("legal");
        }
    }
    areas
}

/// Who covers one needed area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AreaCover {
    pub area: String,
    pub label: String,
    /// Lead auditors and auditors who hold it.
    pub auditors: Vec<String>,
    /// A technical expert who holds it, when no auditor does and a lead auditor directs
    /// them; empty otherwise.
    pub expert: String,
    /// Nobody in the team covers it.
    pub gap: bool,
}

/// The team coverage rule: an area is covered by a lead auditor or auditor whose
/// profile holds it; failing that, by a technical expert who holds it, but only under
/// a lead auditor's responsibility (the team has one); otherwise it is a gap. Auditors
/// in training, observers, guides and members without a profile cover nothing.
pub fn coverage(needed: &[String], team: &[(&TeamMember, Option<&Auditor>)]) -> Vec<AreaCover> {
    coverage_in(needed, team, &Messages::default())
}

/// [`coverage`] with the areas' labels in the words of `m`.
pub fn coverage_in(
    needed: &[String],
    team: &[(&TeamMember, Option<&Auditor>)],
    m: &Messages,
) -> Vec<AreaCover> {
    let has_lead = team.iter().any(|(m, _)| m.role == TeamRole::LeadAuditor);
    let holds = |roles: &[TeamRole], area: &str| -> Vec<String> {
        team.iter()
            .filter(|(m, a)| {
                roles.contains(&m.role)
                    && a.is_some_and(|a| a.profile.knowledge.iter().any(|k| k == area))
            })
            .map(|(m, _)| m.name.clone())
            .collect()
    };
    needed
        .iter()
        .map(|area| {
            let auditors = holds(&[TeamRole::LeadAuditor, TeamRole::Auditor], area);
            let expert = if auditors.is_empty() && has_lead {
                holds(&[TeamRole::TechnicalExpert], area)
                    .into_iter()
                    .next()
                    .unwrap_or_default()
            } else {
                String::new()
            };
            AreaCover {
                area: area.clone(),
                label: label_in(m, area),
                gap: auditors.is_empty() && expert.is_empty(),
                auditors,
                expert,
            }
        })
        .collect()
}

/// The profile role a team role needs (observers and guides need none).
pub fn profile_role(role: TeamRole) -> Option<Role> {
    match role {
        TeamRole::LeadAuditor => Some(Role::LeadAuditor),
        TeamRole::Auditor => Some(Role::Auditor),
        TeamRole::AuditorInTraining => Some(Role::AuditorInTraining),
        TeamRole::TechnicalExpert => Some(Role::TechnicalExpert),
        TeamRole::Observer | TeamRole::Guide => None,
    }
}

/// Checks the profile links of a team about to be saved and returns it with each
/// linked member named as their profile: the profile exists and is not erased, holds
/// the role given (a lead auditor may also serve as auditor), and a member with an
/// impartiality conflict carries a justification; a justification without a conflict
/// is dropped.
pub fn check_team(
    team: &[TeamMember],
    profiles: &[&Auditor],
    audit: &Audit,
    months: u32,
) -> Result<Vec<TeamMember>> {
    let mut out = Vec::new();
    for (i, m) in team.iter().enumerate() {
        let mut m = m.clone();
        let justification = text::optional(
            &format!("team[{i}].justification"),
            "Justification",
            &m.justification,
            LONG,
        )?;
        m.justification = String::new();
        if let Some(id) = m.auditor_id.as_deref().filter(|id| !id.is_empty()) {
            let auditor = profiles
                .iter()
                .find(|a| a.id == id)
                .ok_or_else(|| Error::not_found("auditor profile", id))?;
            if auditor.erased.is_some() {
                return Err(Error::on_field(
                    ErrorCode::InvalidValue,
                    &format!("team[{i}].auditorId"),
                    "This person's profile was erased; choose someone else.",
                ));
            }
            let held = &auditor.profile.roles;
            let fits = profile_role(m.role).is_none_or(|r| {
                held.contains(&r) || (r == Role::Auditor && held.contains(&Role::LeadAuditor))
            });
            if !fits {
                return Err(Error::on_field(
                    ErrorCode::InvalidValue,
                    &format!("team[{i}].role"),
                    format!(
                        "{} does not hold the {} role in their profile; give them a role they hold, or add it to the profile first.",
                        auditor.profile.name,
                        m.role.label()
                    ),
                ));
            }
            let found = conflicts(auditor, &audit.scope, audit.planned_start, months);
            if let Some(c) = found.first() {
                if justification.is_empty() {
                    return Err(Error::on_field(
                        ErrorCode::Required,
                        &format!("team[{i}].justification"),
                        format!(
                            "Impartiality: {}. Record why they may audit it anyway (and what keeps the audit objective), or choose someone else.",
                            c.message
                        ),
                    ));
                }
                m.justification = justification;
            }
            m.name = auditor.profile.name.clone();
            m.auditor_id = Some(id.to_string());
        } else {
            m.auditor_id = None;
        }
        out.push(m);
    }
    Ok(out)
}

/// One person considered for an audit's team.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    pub auditor_id: String,
    pub name: String,
    pub roles: Vec<Role>,
    /// Against the criteria of their main role (the first they hold).
    #[serde(rename = "match")]
    pub role_match: RoleMatch,
    /// Areas the audit needs that they do not hold.
    pub missing_areas: Vec<String>,
    pub conflicts: Vec<ImpartialityConflict>,
    /// The team member linked to them, if any.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub member: Option<TeamMember>,
}

/// What the page shows while the team of an audit is built.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TeamSelection {
    pub needed: Vec<AreaCover>,
    pub candidates: Vec<Candidate>,
    pub impartiality_months: u32,
    /// Needed areas nobody covers.
    pub gaps: u32,
}
