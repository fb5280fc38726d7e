//! The adjustable parts of scoring, set per audit programme: finding weights for the
//! nonconformity index.

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

/// Unknown fields are ignored, not refused: settings stored (and commands journalled)
/// before release 0.3 carry a `minorLimit`, a count-based escalation rule that is gone
/// (a systemic failure is now recorded as a major nonconformity grouping the findings).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct ScoringSettings {
    pub weights: Weights,
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
        Ok(*self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_out_of_range_are_invalid_values() {
        let mut settings = ScoringSettings::default();
        settings.weights.observation = -1.0;
        let err = settings.validate().unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::InvalidValue, Some("weights"))
        );
        assert!(ScoringSettings::default().validate().is_ok());
    }

    #[test]
    fn a_stored_minor_limit_is_ignored() {
        let old: ScoringSettings = serde_json::from_str(
            r#"{"weights":{"majorNonconformity":10,"minorNonconformity":2,"observation":0.5,"opportunityForImprovement":0,"goodPractice":0,"conformity":0},"minorLimit":3}"#,
        )
        .unwrap();
        assert_eq!(old, ScoringSettings::default());
    }
}
