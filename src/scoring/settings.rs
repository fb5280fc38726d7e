//! The adjustable parts of scoring, set per audit programme: finding weights for the
//! nonconformity index, and what each grade means in the programme's audits.

use crate::audit::Grade;
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG};
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
/// What each grade means in a programme's audits: shown beside the grade choice and
/// printed in every report. The defaults are the project's own wording
/// ([`Grade::definition`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GradeDefinitions {
    pub major_nonconformity: String,
    pub minor_nonconformity: String,
    pub observation: String,
    pub opportunity_for_improvement: String,
    pub good_practice: String,
    pub conformity: String,
}

impl Default for GradeDefinitions {
    fn default() -> Self {
        let d = |g: Grade| g.definition().to_string();
        GradeDefinitions {
            major_nonconformity: d(Grade::MajorNonconformity),
            minor_nonconformity: d(Grade::MinorNonconformity),
            observation: d(Grade::Observation),
            opportunity_for_improvement: d(Grade::OpportunityForImprovement),
            good_practice: d(Grade::GoodPractice),
            conformity: d(Grade::Conformity),
        }
    }
}

impl GradeDefinitions {
    pub fn of(&self, grade: Grade) -> &str {
        match grade {
            Grade::MajorNonconformity => &self.major_nonconformity,
            Grade::MinorNonconformity => &self.minor_nonconformity,
            Grade::Observation => &self.observation,
            Grade::OpportunityForImprovement => &self.opportunity_for_improvement,
            Grade::GoodPractice => &self.good_practice,
            Grade::Conformity => &self.conformity,
        }
    }

    fn validate(&self) -> Result<GradeDefinitions> {
        let field = |grade: Grade| {
            let key = format!("gradeDefinitions.{}", grade.key());
            let label = format!("Definition of {}", grade.key().replace('_', " "));
            text::required(&key, &label, self.of(grade), LONG)
        };
        Ok(GradeDefinitions {
            major_nonconformity: field(Grade::MajorNonconformity)?,
            minor_nonconformity: field(Grade::MinorNonconformity)?,
            observation: field(Grade::Observation)?,
            opportunity_for_improvement: field(Grade::OpportunityForImprovement)?,
            good_practice: field(Grade::GoodPractice)?,
            conformity: field(Grade::Conformity)?,
        })
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct ScoringSettings {
    pub weights: Weights,
    /// Stored settings from before release 0.3 get the default definitions.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub grade_definitions: GradeDefinitions,
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
        Ok(ScoringSettings {
            weights,
            grade_definitions: self.grade_definitions.validate()?,
        })
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
    fn grade_definitions_default_to_the_projects_wording_and_are_required() {
        let settings = ScoringSettings::default();
        assert_eq!(
            settings.grade_definitions.of(Grade::Observation),
            Grade::Observation.definition()
        );
        let mut blank = settings.clone();
        blank.grade_definitions.observation = "  ".into();
        let err = blank.validate().unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::Required, Some("gradeDefinitions.observation"))
        );
        let mut own = settings;
        own.grade_definitions.major_nonconformity = "  Our own wording.  ".into();
        assert_eq!(
            own.validate()
                .unwrap()
                .grade_definitions
                .major_nonconformity,
            "Our own wording."
        );
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
