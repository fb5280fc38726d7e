//! Scoring: the one place that counts results and findings. Every number the page and
//! the reports show comes from here.

use crate::audit::{ChecklistItem, Finding, Grade, ItemResult};
use serde::Serialize;

/// Checklist items per result.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ResultCounts {
    pub not_audited: u32,
    pub conforming: u32,
    pub nonconforming: u32,
    pub not_applicable: u32,
}

/// Findings of one grade.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct GradeCount {
    pub grade: Grade,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    pub results: ResultCounts,
    /// Every grade, most severe first, including those with no findings.
    pub grades: Vec<GradeCount>,
}

pub fn tally(checklist: &[ChecklistItem], findings: &[Finding]) -> Tally {
    let mut results = ResultCounts::default();
    for item in checklist {
        *match item.result {
            ItemResult::NotAudited => &mut results.not_audited,
            ItemResult::Conforming => &mut results.conforming,
            ItemResult::Nonconforming => &mut results.nonconforming,
            ItemResult::NotApplicable => &mut results.not_applicable,
        } += 1;
    }
    let grades = Grade::ALL
        .iter()
        .map(|&grade| GradeCount {
            grade,
            count: findings.iter().filter(|f| f.grade == grade).count() as u32,
        })
        .collect();
    Tally { results, grades }
}
