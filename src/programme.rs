//! The audit programme (ISO 19011 clause 5): the arrangements for a set of audits over a
//! period, with their purpose, objectives and the person who manages them. The rules of
//! the programme commands are here; the workspace looks the programme up and writes it.

use crate::error::{Error, ErrorCode, Result};
use crate::scoring::ScoringSettings;
use crate::text::{self, LONG, SHORT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
}

/// The editable fields of a programme, as a form or a command carries them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
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
        Ok(Programme {
            id,
            name,
            purpose,
            objectives,
            period_start,
            period_end,
            owner,
            scoring: ScoringSettings::default(),
        })
    }
}

impl Programme {
    /// The programme with new fields; its id and scoring settings stay.
    pub fn updated(&self, fields: &ProgrammeFields) -> Result<Programme> {
        Ok(Programme {
            scoring: self.scoring.clone(),
            ..fields.validate(self.id.clone())?
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
