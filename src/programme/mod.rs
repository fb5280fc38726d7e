//! The audit programme (ISO 19011 clause 5): the arrangements for a set of audits over a
//! period, with their purpose, objectives and the person who manages them, its extent
//! (5.4.3), the coverage plan ([`coverage`]), its own risks and opportunities ([`risks`]),
//! audit time ([`time`]), the schedule as an iCalendar file ([`calendar`]) and the
//! monitoring dashboard ([`monitoring`]) and its reviews ([`review`]). The rules of the programme commands are here; the
//! workspace looks the programme up and writes it.

pub mod calendar;
pub mod coverage;
pub mod monitoring;
pub mod review;
pub mod risks;
pub mod time;

use crate::error::{Error, ErrorCode, Result};
use crate::scoring::ScoringSettings;
use crate::text::{self, LONG, SHORT};
use chrono::NaiveDate;
use serde::de::{DeserializeOwned, Deserializer};
use serde::{Deserialize, Serialize};

/// Decodes a field through a JSON value, so that its type's decoder is compiled once
/// (for `serde_json::Value`) rather than once per input (JS, stored JSON, backups,
/// untagged records): the clause 5 types would otherwise add tens of KB to the module.
pub fn via_json<'de, D: Deserializer<'de>, T: DeserializeOwned>(
    d: D,
) -> std::result::Result<T, D::Error> {
    let value = serde_json::Value::deserialize(d)?;
    serde_json::from_value(value).map_err(serde::de::Error::custom)
}

/// Encodes a field through a JSON value, so that its type's encoder is compiled once
/// (for `serde_json::Value`) rather than once per output (JS views, stored JSON,
/// hashes, reports): the audit's conduct records would otherwise add tens of KB.
pub fn as_json<T: Serialize, S: serde::Serializer>(
    value: &T,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    serde_json::to_value(value)
        .map_err(serde::ser::Error::custom)?
        .serialize(s)
}

/// A stored audit programme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Programme {
    pub id: String,
    pub name: String,
    /// Why the programme exists (e.g. "Certification readiness for the ISMS").
    pub purpose: String,
    pub objectives: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub period_start: NaiveDate,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub period_end: NaiveDate,
    /// The person managing the programme (ISO 19011 5.4).
    pub owner: String,
    /// Finding weights and the conclusion rule for the programme's audits.
    #[serde(default)]
    pub scoring: ScoringSettings,
    /// What each objective serves (5.2).
    #[serde(default, deserialize_with = "via_json")]
    pub objective_links: Vec<ObjectiveLink>,
    /// The extent (5.4.3): cycle, scope of the ISMS, audits per year.
    #[serde(default, deserialize_with = "via_json")]
    pub extent: Extent,
    /// The SoA whose applicable controls the coverage plan covers (all controls if none).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub soa_id: Option<String>,
    /// Auditor-days the programme can spend per year (5.4.4); 0 when not stated.
    #[serde(default)]
    pub auditor_days_per_year: f64,
    /// The manager's risk ratings of coverage items (clauses, controls, units, processes).
    #[serde(default, deserialize_with = "via_json")]
    pub ratings: Vec<coverage::Rating>,
    /// The stored coverage plan: per item, the audits of the cycle that cover it.
    #[serde(default, deserialize_with = "via_json")]
    pub plan: Vec<coverage::Planned>,
    /// The programme's own risks and opportunities (5.3).
    #[serde(default, deserialize_with = "via_json")]
    pub risks: Vec<risks::ProgrammeRisk>,
    /// Audit-time inputs per audit of the programme (5.4.4).
    #[serde(default, deserialize_with = "via_json")]
    pub audit_times: Vec<time::AuditTime>,
    /// Auditee feedback per audit (5.6).
    #[serde(default, deserialize_with = "via_json")]
    pub feedback: Vec<monitoring::AuditFeedback>,
    /// Programme reviews (5.7), fixed once signed off.
    #[serde(default, deserialize_with = "via_json")]
    pub reviews: Vec<review::Review>,
    /// The competence criteria of the programme's auditors (ISO 19011 7.3); the
    /// defaults apply until the manager sets them.
    #[serde(
        default,
        deserialize_with = "via_json",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub competence: Option<crate::competence::CompetenceSettings>,
}

/// One programme objective and the short references of what it serves (5.2).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ObjectiveLink {
    pub objective: String,
    /// ISMS objectives it supports (e.g. "OBJ-3").
    #[serde(default)]
    pub isms_objectives: Vec<String>,
    /// Requirements of interested parties (e.g. "Regulator: annual audit").
    #[serde(default)]
    pub interested_parties: Vec<String>,
    /// Information security risks (e.g. "R-12").
    #[serde(default)]
    pub risks: Vec<String>,
}

/// The extent of the programme (5.4.3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Extent {
    /// Years in one audit cycle (1-10), e.g. 3 for a certification cycle.
    pub cycle_years: u32,
    #[serde(default)]
    pub sites: Vec<String>,
    #[serde(default)]
    pub units: Vec<String>,
    #[serde(default)]
    pub processes: Vec<String>,
    /// The audits planned each year, by name and type (e.g. "Internal audit, spring").
    #[serde(default)]
    pub annual_audits: Vec<String>,
}

impl Default for Extent {
    fn default() -> Self {
        Extent {
            cycle_years: 3,
            sites: Vec::new(),
            units: Vec::new(),
            processes: Vec::new(),
            annual_audits: Vec::new(),
        }
    }
}

impl Extent {
    fn validate(&self) -> Result<Extent> {
        if !(1..=10).contains(&self.cycle_years) {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                "cycleYears",
                format!(
                    "The cycle is {} years; give 1 to 10 years (3 for a certification cycle).",
                    self.cycle_years
                ),
            ));
        }
        let annual_audits = text::list("annualAudits", "Audits per year", &self.annual_audits)?;
        if annual_audits.len() > 12 {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                "annualAudits",
                "At most 12 audits a year can be planned; combine some.",
            ));
        }
        Ok(Extent {
            cycle_years: self.cycle_years,
            sites: text::list("sites", "Sites", &self.sites)?,
            units: text::list("units", "Units", &self.units)?,
            processes: text::list("processes", "Processes", &self.processes)?,
            annual_audits,
        })
    }
}

impl ObjectiveLink {
    fn validate(&self) -> Result<ObjectiveLink> {
        Ok(ObjectiveLink {
            objective: text::required("objectiveLinks", "Objective", &self.objective, SHORT)?,
            isms_objectives: text::list(
                "objectiveLinks",
                "ISMS objectives",
                &self.isms_objectives,
            )?,
            interested_parties: text::list(
                "objectiveLinks",
                "Interested-party requirements",
                &self.interested_parties,
            )?,
            risks: text::list("objectiveLinks", "Risks", &self.risks)?,
        })
    }
}

/// The editable fields of a programme, as a form or a command carries them.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ProgrammeFields {
    pub name: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub objectives: String,
    /// `YYYY-MM-DD`.
    pub period_start: String,
    /// `YYYY-MM-DD`, on or after the start.
    pub period_end: String,
    pub owner: String,
    #[serde(default, deserialize_with = "via_json")]
    pub objective_links: Vec<ObjectiveLink>,
    #[serde(default, deserialize_with = "via_json")]
    pub extent: Extent,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub soa_id: Option<String>,
    #[serde(default)]
    pub auditor_days_per_year: f64,
}

impl ProgrammeFields {
    /// Checks every field and builds the record.
    pub fn validate(&self, id: String) -> Result<Programme> {
        let name = text::required("name", "Programme name", &self.name, SHORT)?;
        let purpose = text::optional("purpose", "Purpose", &self.purpose, LONG)?;
        let objectives = text::optional("objectives", "Objectives", &self.objectives, LONG)?;
        let (period_start, period_end) = text::date_range(
            ("periodStart", "Period start", &self.period_start),
            ("periodEnd", "Period end", &self.period_end),
        )?;
        let owner = text::required("owner", "Programme owner", &self.owner, SHORT)?;
        // Adding zero turns a -0 typed in the form into 0, so the record never shows "-0".
        let days = self.auditor_days_per_year + 0.0;
        if !(0.0..=10_000.0).contains(&days) {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                "auditorDaysPerYear",
                "Give the auditor-days available per year as a number from 0 to 10000.",
            ));
        }
        Ok(Programme {
            id,
            name,
            purpose,
            objectives,
            period_start,
            period_end,
            owner,
            scoring: ScoringSettings::default(),
            objective_links: self
                .objective_links
                .iter()
                .map(ObjectiveLink::validate)
                .collect::<Result<_>>()?,
            extent: self.extent.validate()?,
            soa_id: self.soa_id.clone().filter(|s| !s.is_empty()),
            auditor_days_per_year: days,
            ratings: Vec::new(),
            plan: Vec::new(),
            risks: Vec::new(),
            audit_times: Vec::new(),
            feedback: Vec::new(),
            reviews: Vec::new(),
            competence: None,
        })
    }
}

impl Programme {
    /// The programme with new fields; its id, scoring settings, ratings, plan, risks and
    /// audit times stay (plan entries for slots the new extent no longer has are dropped).
    pub fn updated(&self, fields: &ProgrammeFields) -> Result<Programme> {
        let next = fields.validate(self.id.clone())?;
        let slots = coverage::slot_count(&next.extent);
        let plan = self
            .plan
            .iter()
            .map(|p| coverage::Planned {
                item: p.item.clone(),
                slots: p.slots.iter().copied().filter(|&s| s < slots).collect(),
            })
            .collect();
        Ok(Programme {
            scoring: self.scoring.clone(),
            ratings: self.ratings.clone(),
            plan,
            risks: self.risks.clone(),
            audit_times: self.audit_times.clone(),
            feedback: self.feedback.clone(),
            reviews: self.reviews.clone(),
            competence: self.competence.clone(),
            ..next
        })
    }

    /// The programme with new scoring settings.
    pub fn with_scoring(&self, settings: &ScoringSettings) -> Result<Programme> {
        Ok(Programme {
            scoring: settings.validate()?,
            ..self.clone()
        })
    }

    /// Whether the programme may be deleted, given how many audits it has: only an
    /// empty one may.
    pub fn check_delete(&self, audits: usize) -> Result<()> {
        if audits > 0 {
            return Err(Error::new(
                ErrorCode::InUse,
                "This programme has audits; only an empty programme can be deleted.",
            ));
        }
        Ok(())
    }
}
