//! The programme's own risks and opportunities (ISO 19011 5.3): what could make the
//! programme miss its objectives, or help it, with likelihood, impact and treatment.

use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG, SHORT};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RiskKind {
    Risk,
    Opportunity,
}

/// Where in the programme the risk or opportunity arises.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Area {
    Planning,
    Resources,
    TeamSelection,
    Communication,
    Implementation,
    Records,
    Monitoring,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RiskStatus {
    Open,
    Treating,
    Closed,
}

/// A risk or opportunity as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RiskFields {
    pub description: String,
    pub kind: RiskKind,
    pub area: Area,
    /// 1 (rare) to 5 (almost certain).
    pub likelihood: u8,
    /// 1 (negligible) to 5 (severe).
    pub impact: u8,
    #[serde(default)]
    pub treatment: String,
    #[serde(default)]
    pub owner: String,
    pub status: RiskStatus,
}

/// A stored risk or opportunity: its fields and a number (R-1, R-2, ...) never reused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeRisk {
    pub number: u32,
    pub risk: RiskFields,
}

fn scale(field: &str, label: &str, value: u8) -> Result<u8> {
    if !(1..=5).contains(&value) {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            field,
            format!("{label} is {value}; rate it from 1 (lowest) to 5 (highest)."),
        ));
    }
    Ok(value)
}

impl RiskFields {
    fn validate(&self) -> Result<RiskFields> {
        Ok(RiskFields {
            description: text::required("description", "Description", &self.description, LONG)?,
            likelihood: scale("likelihood", "Likelihood", self.likelihood)?,
            impact: scale("impact", "Impact", self.impact)?,
            treatment: text::optional("treatment", "Treatment", &self.treatment, LONG)?,
            owner: text::optional("owner", "Owner", &self.owner, SHORT)?,
            ..self.clone()
        })
    }
}

/// The register with `fields` added (no `number`) or replacing risk `number`.
pub fn with_risk(
    risks: &[ProgrammeRisk],
    number: Option<u32>,
    fields: &RiskFields,
) -> Result<Vec<ProgrammeRisk>> {
    let fields = fields.validate()?;
    let mut out = risks.to_vec();
    match number {
        None => {
            let next = risks.iter().map(|r| r.number).max().unwrap_or(0) + 1;
            out.push(ProgrammeRisk {
                number: next,
                risk: fields,
            });
        }
        Some(n) => {
            let risk = out
                .iter_mut()
                .find(|r| r.number == n)
                .ok_or_else(|| Error::not_found("programme risk", &format!("R-{n}")))?;
            risk.risk = fields;
        }
    }
    Ok(out)
}
