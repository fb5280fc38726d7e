//! The adjustable parts of scoring, set per audit programme: finding weights for the
//! nonconformity index and the conclusion rule's limit on minor nonconformities.

use crate::audit::Grade;
use crate::error::{Error, ErrorCode, Result};
use serde::{Deserialize, Serialize};

/// Weight of one finding of each grade in the weighted nonconformity index.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Weights {
    pub major_nonconformity: f64,
    pub minor_nonconformity: f64,
    pub observation: f64,
    pub opportunity_for_improvement: f64,
    pub good_practice: f64,
    pub conformity: f64,
}

impl Default for Weights {
    /// A major nonconformity weighs like five minor ones, as certification practice
    /// treats one major as a failed requirement; observations weigh a quarter of a
    /// minor; improvement opportunities, good practice and conformity weigh nothing.
    fn default() -> Self {
        Weights {
            major_nonconformity: 10.0,
            minor_nonconformity: 2.0,
            observation: 0.5,
            opportunity_for_improvement: 0.0,
            good_practice: 0.0,
            conformity: 0.0,
        }
    }
}

impl Weights {
    pub fn of(&self, grade: Grade) -> f64 {
        match grade {
            Grade::MajorNonconformity => self.major_nonconformity,
            Grade::MinorNonconformity => self.minor_nonconformity,
            Grade::Observation => self.observation,
            Grade::OpportunityForImprovement => self.opportunity_for_improvement,
            Grade::GoodPractice => self.good_practice,
            Grade::Conformity => self.conformity,
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ScoringSettings {
    pub weights: Weights,
    /// With this many minor nonconformities or more the criteria count as not fulfilled
    /// (a systemic failure); none: minors alone never do.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub minor_limit: Option<u32>,
}

impl ScoringSettings {
    pub fn validate(&self) -> Result<ScoringSettings> {
        for grade in Grade::ALL {
            let w = self.weights.of(grade);
            if !(0.0..=100.0).contains(&w) {
                return Err(Error::on_field(
                    ErrorCode::InvalidValue,
                    "weights",
                    format!("A weight is {w}; weights are numbers from 0 to 100."),
                ));
            }
        }
        if self.minor_limit == Some(0) {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                "minorLimit",
                "The limit of minor nonconformities must be at least 1, or empty for none.",
            ));
        }
        // -0 is a valid weight that a backup's JSON writes as 0: store it as 0.
        let w = self.weights;
        let weights = Weights {
            major_nonconformity: w.major_nonconformity + 0.0,
            minor_nonconformity: w.minor_nonconformity + 0.0,
            observation: w.observation + 0.0,
            opportunity_for_improvement: w.opportunity_for_improvement + 0.0,
            good_practice: w.good_practice + 0.0,
            conformity: w.conformity + 0.0,
        };
        Ok(ScoringSettings { weights, ..*self })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_and_limit_out_of_range_are_invalid_values() {
        let mut settings = ScoringSettings::default();
        settings.weights.observation = -1.0;
        let err = settings.validate().unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::InvalidValue, Some("weights"))
        );
        let settings = ScoringSettings {
            minor_limit: Some(0),
            ..ScoringSettings::default()
        };
        let err = settings.validate().unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::InvalidValue, Some("minorLimit"))
        );
        assert!(ScoringSettings::default().validate().is_ok());
    }
}
