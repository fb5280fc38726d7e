//! Evaluations of a person's competence (ISO 19011 7.4, 7.5): the methods used, who
//! evaluated and when, the outcome per requirement, the overall result, and the gaps
//! with the action that closes each.

use super::Role;
use super::profile::Auditor;
use crate::audit::conduct::same_person;
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG, SHORT};
use serde::{Deserialize, Serialize};

/// How the evidence of competence was gathered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum EvaluationMethod {
    RecordReview,
    PositiveFeedback,
    NegativeFeedback,
    Interview,
    Observation,
    Testing,
    PostAuditReview,
}

/// The overall result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum EvaluationResult {
    Competent,
    CompetentWithActions,
    NotYetCompetent,
}

/// The outcome for one requirement (named as [`super::criteria::RequirementCheck::requirement`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RequirementOutcome {
    pub requirement: String,
    pub met: bool,
    #[serde(default)]
    pub note: String,
}

/// A gap found, and what is done about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CompetenceGap {
    pub gap: String,
    pub action: String,
    /// `YYYY-MM-DD` or empty.
    #[serde(default)]
    pub due: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EvaluationFields {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub evaluator: String,
    /// The role the person was evaluated for.
    pub role: Role,
    pub methods: Vec<EvaluationMethod>,
    #[serde(default)]
    pub outcomes: Vec<RequirementOutcome>,
    pub result: EvaluationResult,
    #[serde(default)]
    pub gaps: Vec<CompetenceGap>,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Evaluation {
    pub number: u32,
    pub fields: EvaluationFields,
}

/// `auditor` with a new evaluation. Nobody evaluates themselves; at least one method;
/// "competent" only when every outcome recorded is met; any other result names its
/// gaps, each with an action.
pub fn record(auditor: &Auditor, f: &EvaluationFields) -> Result<Auditor> {
    let date = text::date("date", "Evaluation date", &f.date)?;
    let evaluator = text::required("evaluator", "Evaluator", &f.evaluator, SHORT)?;
    if same_person(&evaluator, &auditor.profile.name) {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            "evaluator",
            "Nobody evaluates their own competence; name another evaluator (for the programme manager, e.g. the person they report to).",
        ));
    }
    if f.methods.is_empty() {
        return Err(Error::on_field(
            ErrorCode::Required,
            "methods",
            "Tick at least one evaluation method (review of records, feedback, interview, ...).",
        ));
    }
    let mut methods = f.methods.clone();
    methods.dedup();
    let mut outcomes: Vec<RequirementOutcome> = Vec::new();
    for (i, o) in f.outcomes.iter().enumerate() {
        let at = |n: &str| format!("outcomes[{i}].{n}");
        let requirement = text::required(&at("requirement"), "Requirement", &o.requirement, SHORT)?;
        if outcomes.iter().any(|v| v.requirement == requirement) {
            return Err(Error::on_field(
                ErrorCode::Duplicate,
                &at("requirement"),
                format!("\"{requirement}\" has two outcomes; keep one."),
            ));
        }
        outcomes.push(RequirementOutcome {
            requirement,
            met: o.met,
            note: text::optional(&at("note"), "Note", &o.note, LONG)?,
        });
    }
    let mut gaps = Vec::new();
    for (i, g) in f.gaps.iter().enumerate() {
        let at = |n: &str| format!("gaps[{i}].{n}");
        let due = g.due.trim();
        if !due.is_empty() {
            text::date(&at("due"), "Action due date", due)?;
        }
        gaps.push(CompetenceGap {
            gap: text::required(&at("gap"), "CompetenceGap", &g.gap, LONG)?,
            action: text::required(&at("action"), "Action", &g.action, LONG)?,
            due: due.to_string(),
        });
    }
    match f.result {
        EvaluationResult::Competent => {
            if let Some(o) = outcomes.iter().find(|o| !o.met) {
                return Err(Error::on_field(
                    ErrorCode::InvalidValue,
                    "result",
                    format!(
                        "\"{}\" is not met, so the result cannot be plain competent; choose competent with actions (and name the gap) or mark it met.",
                        o.requirement
                    ),
                ));
            }
        }
        _ if gaps.is_empty() => {
            return Err(Error::on_field(
                ErrorCode::Required,
                "gaps",
                "This result needs at least one gap with the action that closes it.",
            ));
        }
        _ => {}
    }
    let mut next = auditor.clone();
    next.evaluations.push(Evaluation {
        number: auditor
            .evaluations
            .iter()
            .map(|e| e.number)
            .max()
            .unwrap_or(0)
            + 1,
        fields: EvaluationFields {
            date: date.to_string(),
            evaluator,
            role: f.role,
            methods,
            outcomes,
            result: f.result,
            gaps,
            notes: text::optional("notes", "Notes", &f.notes, LONG)?,
        },
    });
    Ok(next)
}
