//! The workspace side of auditor competence: routes the clause 7 commands to
//! `competence`, links a team being saved to profiles, and builds the views of the
//! Auditors screen, the programme's reminders and an audit's team selection.

use super::Command;
use super::Workspace;
use super::apply::Writes;
use crate::audit::Audit;
use crate::audit::conduct::TeamMember;
use crate::competence::cpd::{self, CompetenceReminder, CpdStatus};
use crate::competence::criteria::{self, RoleMatch};
use crate::competence::profile::{self, Auditor, ExperienceRow};
use crate::competence::selection::{self, Candidate, TeamSelection};
use crate::competence::{CompetenceSettings, evaluation};
use crate::error::{Error, ErrorCode, Result};
use crate::programme::Programme;
use crate::record::Record;
use crate::text;
use chrono::NaiveDate;
use serde::Serialize;

/// One person in the register.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AuditorSummary {
    pub auditor: Auditor,
    pub audits: u32,
    pub days: f64,
}

/// One person with what is derived from the workspace, judged against one programme's
/// criteria (the defaults when no programme is given).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AuditorDetail {
    pub auditor: Auditor,
    pub experience: Vec<ExperienceRow>,
    pub audits: u32,
    pub days: f64,
    /// One per role held.
    pub matches: Vec<RoleMatch>,
    pub cpd: CpdStatus,
    pub reminders: Vec<CompetenceReminder>,
}

/// A programme's competence settings as they apply.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CompetenceView {
    pub settings: CompetenceSettings,
    /// The manager has not set them: these are the defaults.
    pub defaults: bool,
}

impl Workspace {
    fn auditor_record(&self, id: &str) -> Result<&Auditor> {
        self.auditors
            .get(id)
            .ok_or_else(|| Error::not_found("auditor profile", id))
    }

    /// A profile that may still change (not erased).
    fn live_auditor(&self, id: &str) -> Result<&Auditor> {
        let a = self.auditor_record(id)?;
        if a.erased.is_some() {
            return Err(Error::new(
                ErrorCode::InvalidStatus,
                "This profile was erased; nothing more can be recorded in it.",
            ));
        }
        Ok(a)
    }

    /// A programme's settings with every role (the default for a role not set).
    fn settings_of(p: &Programme) -> CompetenceSettings {
        let stored = p.competence.clone().unwrap_or_default();
        CompetenceSettings {
            roles: crate::competence::Role::ALL
                .iter()
                .map(|&r| stored.of(r))
                .collect(),
            ..stored
        }
    }

    fn all_audits(&self) -> Vec<&Audit> {
        self.audits.values().map(|s| &s.audit).collect()
    }

    fn profiles(&self) -> Vec<&Auditor> {
        let mut list: Vec<&Auditor> = self.auditors.values().collect();
        list.sort_by(|a, b| {
            (a.erased.is_some(), a.profile.name.to_lowercase(), &a.id).cmp(&(
                b.erased.is_some(),
                b.profile.name.to_lowercase(),
                &b.id,
            ))
        });
        list
    }

    /// The team of `audit` as it will be saved: profile links checked, linked members
    /// named as their profile, conflicts justified.
    pub(super) fn linked_team(
        &self,
        audit: &Audit,
        team: &[TeamMember],
    ) -> Result<Vec<TeamMember>> {
        let settings = Self::settings_of(self.programme(&audit.programme_id)?);
        selection::check_team(team, &self.profiles(), audit, settings.impartiality_months)
    }

    /// What a clause 7 command writes.
    pub(super) fn competence_writes(
        &self,
        command: &Command,
        new_id: &str,
        actor: &str,
        at: &str,
    ) -> Result<Writes> {
        Ok(match command {
            Command::CreateAuditor { profile } => Record::Auditor(Auditor {
                id: new_id.to_string(),
                profile: profile.validate()?,
                cpd: Vec::new(),
                evaluations: Vec::new(),
                erased: None,
            })
            .into(),
            Command::UpdateAuditor {
                auditor_id,
                profile,
            } => Record::Auditor(Auditor {
                profile: profile.validate()?,
                ..self.live_auditor(auditor_id)?.clone()
            })
            .into(),
            Command::RecordEvaluation {
                auditor_id,
                evaluation,
            } => Record::Auditor(evaluation::record(
                self.live_auditor(auditor_id)?,
                evaluation,
            )?)
            .into(),
            Command::AddCpd { auditor_id, entry } => {
                Record::Auditor(cpd::add(self.live_auditor(auditor_id)?, entry)?).into()
            }
            Command::SetCompetenceCriteria {
                programme_id,
                criteria,
            } => Record::Programme(Programme {
                competence: Some(criteria.validate()?),
                ..self.programme(programme_id)?.clone()
            })
            .into(),
            Command::EraseAuditor { auditor_id } => {
                let auditor = self.live_auditor(auditor_id)?;
                let n = self
                    .auditors
                    .values()
                    .filter(|a| a.erased.is_some())
                    .count()
                    + 1;
                let pseudonym = format!("Former auditor {n}");
                let mut puts = vec![Record::Auditor(profile::erased(
                    auditor,
                    pseudonym.clone(),
                    actor,
                    at,
                ))];
                let mut audits = self.all_audits();
                audits.sort_by(|a, b| a.id.cmp(&b.id));
                puts.extend(
                    audits
                        .into_iter()
                        .filter_map(|a| profile::pseudonymised(a, auditor, &pseudonym))
                        .map(Record::Audit),
                );
                Writes {
                    puts,
                    ..Writes::default()
                }
            }
            _ => unreachable!("not a competence command"),
        })
    }

    /// Every profile, erased ones last.
    pub fn auditors(&self) -> Vec<AuditorSummary> {
        let audits = self.all_audits();
        self.profiles()
            .into_iter()
            .map(|a| {
                let (count, days) = profile::totals(&profile::experience(a, &audits));
                AuditorSummary {
                    auditor: a.clone(),
                    audits: count,
                    days,
                }
            })
            .collect()
    }

    /// One profile judged against `programme_id`'s criteria (the defaults when empty).
    pub fn auditor_detail(
        &self,
        id: &str,
        programme_id: &str,
        today: &str,
    ) -> Result<AuditorDetail> {
        let today = text::date("today", "Today", today)?;
        let a = self.auditor_record(id)?;
        let settings = if programme_id.is_empty() {
            CompetenceSettings::default()
        } else {
            Self::settings_of(self.programme(programme_id)?)
        };
        let experience = profile::experience(a, &self.all_audits());
        let (audits, days) = profile::totals(&experience);
        let matches = a
            .profile
            .roles
            .iter()
            .map(|&r| {
                criteria::match_role_in(
                    a,
                    &experience,
                    &settings.of(r),
                    today,
                    &self.report_messages,
                )
            })
            .collect();
        let required = a
            .profile
            .roles
            .first()
            .map_or(0.0, |&r| settings.of(r).cpd_hours_per_year);
        Ok(AuditorDetail {
            cpd: cpd::status(&a.cpd, required, today),
            reminders: if a.erased.is_some() {
                Vec::new()
            } else {
                cpd::reminders_in(a, &settings, today, &self.report_messages)
            },
            auditor: a.clone(),
            experience,
            audits,
            days,
            matches,
        })
    }

    /// A programme's competence settings (the defaults until set).
    pub fn competence_settings(&self, programme_id: &str) -> Result<CompetenceView> {
        let p = self.programme(programme_id)?;
        Ok(CompetenceView {
            settings: Self::settings_of(p),
            defaults: p.competence.is_none(),
        })
    }

    /// What needs doing about the competence of everyone in the register, under a
    /// programme's criteria, on `today`: evaluations due, certifications expiring, CPD
    /// short. Erased profiles have none.
    pub fn competence_reminders(
        &self,
        programme_id: &str,
        today: &str,
    ) -> Result<Vec<CompetenceReminder>> {
        let today = text::date("today", "Today", today)?;
        let settings = Self::settings_of(self.programme(programme_id)?);
        Ok(self
            .profiles()
            .into_iter()
            .filter(|a| a.erased.is_none())
            .flat_map(|a| cpd::reminders_in(a, &settings, today, &self.report_messages))
            .collect())
    }

    /// What the team tab shows while an audit's team is built: the areas needed and who
    /// covers them, and every candidate's match, missing areas and conflicts.
    pub fn team_selection(&self, audit_id: &str, today: &str) -> Result<TeamSelection> {
        let today: NaiveDate = text::date("today", "Today", today)?;
        let audit = &self.audit_state(audit_id)?.audit;
        let settings = Self::settings_of(self.programme(&audit.programme_id)?);
        let needed = selection::needed_areas(&settings, audit);
        let audits = self.all_audits();
        let team: Vec<(&TeamMember, Option<&Auditor>)> = audit
            .conduct
            .team
            .iter()
            .map(|m| {
                (
                    m,
                    m.auditor_id.as_deref().and_then(|id| self.auditors.get(id)),
                )
            })
            .collect();
        let cover = selection::coverage_in(&needed, &team, &self.report_messages);
        let candidates = self
            .profiles()
            .into_iter()
            .filter(|a| a.erased.is_none())
            .map(|a| {
                let log = profile::experience(a, &audits);
                let role = a
                    .profile
                    .roles
                    .first()
                    .copied()
                    .unwrap_or(crate::competence::Role::Auditor);
                Candidate {
                    auditor_id: a.id.clone(),
                    name: a.profile.name.clone(),
                    roles: a.profile.roles.clone(),
                    role_match: criteria::match_role_in(
                        a,
                        &log,
                        &settings.of(role),
                        today,
                        &self.report_messages,
                    ),
                    missing_areas: needed
                        .iter()
                        .filter(|n| !a.profile.knowledge.contains(n))
                        .cloned()
                        .collect(),
                    conflicts: selection::conflicts(
                        a,
                        &audit.scope,
                        audit.planned_start,
                        settings.impartiality_months,
                    ),
                    member: audit
                        .conduct
                        .team
                        .iter()
                        .find(|m| m.auditor_id.as_deref() == Some(a.id.as_str()))
                        .cloned(),
                }
            })
            .collect();
        Ok(TeamSelection {
            gaps: cover.iter().filter(|c| c.gap).count() as u32,
            needed: cover,
            candidates,
            impartiality_months: settings.impartiality_months,
        })
    }

    /// Everything held about one person, with their experience log, as a JSON file
    /// (the data subject's copy).
    pub fn auditor_export(&self, id: &str, exported_at: &str) -> Result<String> {
        let a = self.auditor_record(id)?;
        let experience = profile::experience(a, &self.all_audits());
        let file = serde_json::json!({
            "format": "isms-audit/auditor-profile",
            "exportedAt": exported_at,
            "auditor": a,
            "experience": experience,
        });
        serde_json::to_string(&file).map_err(|e| {
            Error::new(
                ErrorCode::Internal,
                format!("The profile cannot be written: {e}."),
            )
        })
    }
}
