//! Reviewing the programme (ISO 19011 5.7): who reviewed it when, the monitoring figures
//! they had before them (captured on the review date), their conclusions, the
//! improvement actions, and to whom in top management it was reported. A signed-off
//! review is fixed.

use super::monitoring::Dashboard;
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG, SHORT};
use serde::{Deserialize, Serialize};

/// One improvement action decided in the review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ImprovementAction {
    pub action: String,
    pub owner: String,
    /// `YYYY-MM-DD`.
    pub due: String,
}

/// A review as the form sends it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ReviewFields {
    /// `YYYY-MM-DD`; the figures are captured as of this day.
    pub date: String,
    pub participants: Vec<String>,
    #[serde(default)]
    pub conclusions: String,
    #[serde(default)]
    pub actions: Vec<ImprovementAction>,
    /// The member of top management the review was reported to.
    #[serde(default)]
    pub reported_to: String,
    /// `YYYY-MM-DD`, or empty while not yet reported.
    #[serde(default)]
    pub reported_on: String,
}

/// The monitoring figures the review considered, as they were on its date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ReviewInputs {
    pub audits: u32,
    pub completed: u32,
    pub late: u32,
    pub items: u32,
    pub audited_items: u32,
    pub uncovered: u32,
    /// Findings per grade, in the order of the grades.
    pub findings_by_grade: Vec<u32>,
    pub repeat_findings: u32,
}

impl ReviewInputs {
    pub fn of(d: &Dashboard) -> ReviewInputs {
        ReviewInputs {
            audits: d.audits.len() as u32,
            completed: d.completed,
            late: d.late,
            items: d.items,
            audited_items: d.audited_items,
            uncovered: d.uncovered,
            findings_by_grade: d.by_grade.iter().map(|g| g.count).collect(),
            repeat_findings: d.repeats.len() as u32,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SignOff {
    pub by: String,
    pub at: String,
}

/// A stored review, numbered (1, 2, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Review {
    pub number: u32,
    pub fields: ReviewFields,
    pub inputs: ReviewInputs,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub signed_off: Option<SignOff>,
}

impl ReviewFields {
    /// Checks the fields; returns them tidied.
    pub fn validate(&self) -> Result<ReviewFields> {
        let date = text::date("date", "Review date", &self.date)?;
        let participants = text::list("participants", "Participants", &self.participants)?;
        if participants.is_empty() {
            return Err(Error::on_field(
                ErrorCode::Required,
                "participants",
                "Name at least one participant of the review.",
            ));
        }
        let mut actions = Vec::new();
        for a in &self.actions {
            let due = text::date("actions", "Action due date", &a.due)?;
            actions.push(ImprovementAction {
                action: text::required("actions", "Improvement action", &a.action, LONG)?,
                owner: text::required("actions", "Action owner", &a.owner, SHORT)?,
                due: due.to_string(),
            });
        }
        let reported_on = match self.reported_on.trim() {
            "" => String::new(),
            d => text::date("reportedOn", "Reported on", d)?.to_string(),
        };
        let reported_to = text::optional("reportedTo", "Reported to", &self.reported_to, SHORT)?;
        if reported_to.is_empty() != reported_on.is_empty() {
            return Err(Error::on_field(
                ErrorCode::Required,
                if reported_to.is_empty() {
                    "reportedTo"
                } else {
                    "reportedOn"
                },
                "Give both whom the review was reported to and on which date, or neither yet.",
            ));
        }
        Ok(ReviewFields {
            date: date.to_string(),
            participants,
            conclusions: text::optional("conclusions", "Conclusions", &self.conclusions, LONG)?,
            actions,
            reported_to,
            reported_on,
        })
    }
}

fn signed(review: &Review) -> Result<()> {
    match &review.signed_off {
        Some(s) => Err(Error::new(
            ErrorCode::Fixed,
            format!(
                "Review {} was signed off by {} on {} and is fixed; record a new review instead.",
                review.number, s.by, s.at
            ),
        )),
        None => Ok(()),
    }
}

fn find(reviews: &mut [Review], number: u32) -> Result<&mut Review> {
    reviews
        .iter_mut()
        .find(|r| r.number == number)
        .ok_or_else(|| Error::not_found("programme review", &number.to_string()))
}

/// The reviews with one added (no `number`) or replaced, unless that one is signed off.
pub fn with_review(
    reviews: &[Review],
    number: Option<u32>,
    fields: ReviewFields,
    inputs: ReviewInputs,
) -> Result<Vec<Review>> {
    let mut out = reviews.to_vec();
    match number {
        None => out.push(Review {
            number: reviews.iter().map(|r| r.number).max().unwrap_or(0) + 1,
            fields,
            inputs,
            signed_off: None,
        }),
        Some(n) => {
            let review = find(&mut out, n)?;
            signed(review)?;
            review.fields = fields;
            review.inputs = inputs;
        }
    }
    Ok(out)
}

/// The reviews with review `number` signed off by `by` at `at`.
pub fn signed_off(reviews: &[Review], number: u32, by: &str, at: &str) -> Result<Vec<Review>> {
    let mut out = reviews.to_vec();
    let review = find(&mut out, number)?;
    signed(review)?;
    review.signed_off = Some(SignOff {
        by: by.to_string(),
        at: at.to_string(),
    });
    Ok(out)
}
