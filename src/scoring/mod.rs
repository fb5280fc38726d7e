//! Scoring: the one function that turns an audit's checklist and findings into every
//! number the page, the reports and the exports show. The model is written up in
//! docs/scoring.md; each number can explain itself ([`explain`]).

mod settings;

use crate::audit::{ChecklistItem, ConclusionDecision, Finding, Grade, ItemResult, Verdict};
use crate::catalog::{ATTRIBUTE_TYPES, Catalog};
use crate::report::{Messages, labels};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub use settings::{GradeDefinitions, ScoringSettings, Weights};

/// What one criterion came to, from its checklist result and its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// A major nonconformity was found.
    MajorNonconformity,
    /// A minor nonconformity was found.
    MinorNonconformity,
    /// The checklist says nonconforming but no nonconformity finding grades it yet.
    UngradedNonconformity,
    /// Conforming, with an observation or opportunity for improvement.
    ConformingWithObservations,
    Conforming,
    NotApplicable,
    NotAudited,
}

impl Outcome {
    pub fn label(self) -> &'static str {
        match self {
            Outcome::MajorNonconformity => "major nonconformity",
            Outcome::MinorNonconformity => "minor nonconformity",
            Outcome::UngradedNonconformity => "nonconforming (not yet graded)",
            Outcome::ConformingWithObservations => "conforming, with observations",
            Outcome::Conforming => "conforming",
            Outcome::NotApplicable => "not applicable",
            Outcome::NotAudited => "not yet audited",
        }
    }

    pub fn is_nonconforming(self) -> bool {
        matches!(
            self,
            Outcome::MajorNonconformity
                | Outcome::MinorNonconformity
                | Outcome::UngradedNonconformity
        )
    }

    pub fn is_conforming(self) -> bool {
        matches!(
            self,
            Outcome::Conforming | Outcome::ConformingWithObservations
        )
    }

    /// In scope: everything but not applicable.
    pub fn in_scope(self) -> bool {
        self != Outcome::NotApplicable
    }

    pub fn audited(self) -> bool {
        self.is_conforming() || self.is_nonconforming()
    }
}

/// The outcome of one checklist item and why.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CriterionOutcome {
    pub criterion_id: String,
    pub title: String,
    pub group: String,
    pub result: ItemResult,
    pub outcome: Outcome,
    /// References of the findings against it, most severe first.
    pub findings: Vec<String>,
    /// Why the outcome is what it is, for a person.
    pub because: String,
}

/// The outcome of each checklist item: the worst of its checklist result and its
/// findings (major > minor > ungraded checklist nonconformity > observation or
/// opportunity > conforming). A nonconformity finding outweighs a "not applicable" or
/// "not yet audited" checklist result, so no nonconformity drops out of the numbers.
pub fn outcomes(checklist: &[ChecklistItem], findings: &[Finding]) -> Vec<CriterionOutcome> {
    let mut by_criterion: HashMap<&str, Vec<&Finding>> = HashMap::new();
    for f in findings {
        for criterion in &f.criterion_ids {
            by_criterion.entry(criterion).or_default().push(f);
        }
    }
    checklist
        .iter()
        .map(|item| {
            let mut against = by_criterion
                .remove(item.criterion_id.as_str())
                .unwrap_or_default();
            against.sort_by(|a, b| (a.grade, &a.reference).cmp(&(b.grade, &b.reference)));
            let worst = against.first().map(|f| f.grade);
            let (outcome, because) = decide(item.result, worst);
            CriterionOutcome {
                criterion_id: item.criterion_id.clone(),
                title: item.title.clone(),
                group: item.group.clone(),
                result: item.result,
                outcome,
                findings: against.iter().map(|f| f.reference.clone()).collect(),
                because,
            }
        })
        .collect()
}

fn decide(result: ItemResult, worst: Option<Grade>) -> (Outcome, String) {
    use Outcome::*;
    let from_result = match result {
        ItemResult::Conforming => Conforming,
        ItemResult::Nonconforming => UngradedNonconformity,
        ItemResult::NotApplicable => NotApplicable,
        ItemResult::NotAudited => NotAudited,
    };
    let from_finding = worst.map(|g| match g {
        Grade::MajorNonconformity => MajorNonconformity,
        Grade::MinorNonconformity => MinorNonconformity,
        Grade::Observation | Grade::OpportunityForImprovement => ConformingWithObservations,
        Grade::GoodPractice | Grade::Conformity => Conforming,
    });
    let (outcome, because) = match (from_result, from_finding) {
        (r, None) => (r, 0),
        (_, Some(f)) if f.is_nonconforming() => (f, 1),
        (NotApplicable, Some(_)) => (NotApplicable, 2),
        (UngradedNonconformity, Some(_)) => (UngradedNonconformity, 3),
        (NotAudited, Some(_)) => (NotAudited, 4),
        (_, Some(f)) => (f, 1),
    };
    (outcome, BECAUSE[because].1.into())
}

/// Why an outcome is what it is: the message key (`engine.because.*`) and the English.
const BECAUSE: [(&str, &str); 5] = [
    ("engine.because.no_findings", "no findings"),
    ("engine.because.most_severe", "its most severe finding"),
    (
        "engine.because.not_applicable",
        "marked not applicable; its findings are not nonconformities",
    ),
    (
        "engine.because.ungraded",
        "checklist says nonconforming; no nonconformity finding grades it yet",
    ),
    (
        "engine.because.not_audited",
        "not yet audited; an observation, improvement opportunity, good practice or conformity finding does not make it audited",
    ),
];

/// An outcome's reason in the words of `m`.
fn because(m: &Messages, english: &str) -> String {
    BECAUSE.iter().find(|(_, e)| *e == english).map_or_else(
        || english.to_string(),
        |(key, _)| m.or(key, &[], english.to_string()),
    )
}

/// A share, with "n/a" (no percentage) when there is nothing to divide by.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Ratio {
    pub numerator: u32,
    pub denominator: u32,
    /// 0-100, or none for "n/a".
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub percent: Option<f64>,
}

impl Ratio {
    pub fn of(numerator: u32, denominator: u32) -> Ratio {
        Ratio {
            numerator,
            denominator,
            percent: (denominator > 0)
                .then(|| 100.0 * f64::from(numerator) / f64::from(denominator)),
        }
    }

    /// "87.5 %", or "n/a".
    pub fn display(&self) -> String {
        self.percent.map_or("n/a".into(), |p| format!("{p:.1} %"))
    }
}

/// Checklist items per recorded result.
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

/// The numbers of a set of criteria: the whole audit, a clause, a theme, an attribute.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Figures {
    pub in_scope: u32,
    pub audited: u32,
    pub conforming: u32,
    pub nonconforming: u32,
    /// Audited / in scope.
    pub coverage: Ratio,
    /// Conforming / audited.
    pub conformity: Ratio,
}

impl Figures {
    fn of<'a>(outcomes: impl Iterator<Item = &'a CriterionOutcome>) -> Figures {
        let (mut in_scope, mut audited, mut conforming, mut nonconforming) = (0, 0, 0, 0);
        for o in outcomes {
            in_scope += u32::from(o.outcome.in_scope());
            audited += u32::from(o.outcome.audited());
            conforming += u32::from(o.outcome.is_conforming());
            nonconforming += u32::from(o.outcome.is_nonconforming());
        }
        Figures {
            in_scope,
            audited,
            conforming,
            nonconforming,
            coverage: Ratio::of(audited, in_scope),
            conformity: Ratio::of(conforming, audited),
        }
    }
}

/// The figures of one clause, theme, custom set or attribute value.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Rollup {
    /// A group id ("9", "technological", "custom:POL") or `key=value` for an attribute.
    pub id: String,
    pub title: String,
    pub figures: Figures,
    pub findings: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum RiskRating {
    Low,
    Medium,
    High,
    Critical,
}

impl RiskRating {
    /// The 5x5 matrix: likelihood x impact 1-4 low, 5-9 medium, 10-16 high, 20-25 critical.
    pub fn of(likelihood: u8, impact: u8) -> RiskRating {
        match u16::from(likelihood) * u16::from(impact) {
            0..=4 => RiskRating::Low,
            5..=9 => RiskRating::Medium,
            10..=16 => RiskRating::High,
            _ => RiskRating::Critical,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RiskRating::Low => "low",
            RiskRating::Medium => "medium",
            RiskRating::High => "high",
            RiskRating::Critical => "critical",
        }
    }
}

/// The risk of one rated nonconformity.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct FindingRisk {
    pub finding_id: String,
    pub reference: String,
    pub likelihood: u8,
    pub impact: u8,
    pub rating: RiskRating,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Conclusion {
    /// What the rule gives now.
    pub computed: Verdict,
    /// Why, in a sentence.
    pub rule: String,
    /// The same reason as data, for reports in another language.
    #[serde(skip)]
    pub rule_basis: RuleBasis,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub decision: Option<ConclusionDecision>,
    /// The decision, where there is one; the computed verdict otherwise.
    pub verdict: Verdict,
    /// The auditor chose another verdict than the rule gave at the time.
    pub overridden: bool,
    /// Findings changed since the decision, so the rule now gives something else.
    pub stale: bool,
}

/// Which case of the conclusion rule applies, with its count of criteria.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RuleBasis {
    /// Criteria with a major nonconformity.
    Major(u32),
    #[default]
    NothingAudited,
    /// Criteria in scope not yet audited, with no reason recorded.
    Unexplained(u32),
    /// Criteria with minor or ungraded nonconformities.
    Minor(u32),
    /// Criteria audited, none nonconforming.
    Fulfilled(u32),
}

/// Every number of an audit.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Score {
    pub results: ResultCounts,
    /// Every grade, most severe first, including those with no findings.
    pub grades: Vec<GradeCount>,
    pub figures: Figures,
    /// Sum of the findings' weights.
    pub weighted_findings: f64,
    /// Weighted findings per audited criterion; none ("n/a") when nothing is audited.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub nonconformity_index: Option<f64>,
    pub by_group: Vec<Rollup>,
    pub by_attribute: Vec<Rollup>,
    /// Rated findings, highest risk first.
    pub risks: Vec<FindingRisk>,
    /// What the auditor should look at before concluding, e.g. nonconformities that
    /// share a criterion and may together be systemic.
    pub warnings: Vec<String>,
    /// The same warnings as data (criterion, finding references), for other languages.
    #[serde(skip)]
    pub shared_criteria: Vec<(String, Vec<String>)>,
    pub conclusion: Conclusion,
}

/// What scoring reads.
pub struct ScoreInput<'a> {
    pub checklist: &'a [ChecklistItem],
    pub findings: &'a [Finding],
    /// For attribute roll-ups and group titles; none for an unknown catalog.
    pub catalog: Option<&'a Catalog>,
    /// Titles of groups the catalog does not know (custom criteria sets).
    pub extra_groups: &'a [(String, String)],
    pub settings: &'a ScoringSettings,
    pub decision: Option<&'a ConclusionDecision>,
}

/// The one scoring function.
pub fn score(input: &ScoreInput) -> Score {
    score_of(input, &outcomes(input.checklist, input.findings))
}

/// The score from the criteria's outcomes, already worked out.
fn score_of(input: &ScoreInput, outcomes: &[CriterionOutcome]) -> Score {
    let figures = Figures::of(outcomes.iter());
    let weighted_findings: f64 = input
        .findings
        .iter()
        .map(|f| input.settings.weights.of(f.grade))
        .fold(0.0, |sum, w| sum + w); // not `sum()`: an empty f64 sum is -0.0
    let mut risks: Vec<FindingRisk> = input
        .findings
        .iter()
        .filter_map(|f| {
            let (likelihood, impact) = (f.likelihood?, f.impact?);
            Some(FindingRisk {
                finding_id: f.id.clone(),
                reference: f.reference.clone(),
                likelihood,
                impact,
                rating: RiskRating::of(likelihood, impact),
            })
        })
        .collect();
    risks.sort_by(|a, b| {
        (b.likelihood * b.impact, &a.reference).cmp(&(a.likelihood * a.impact, &b.reference))
    });
    let (computed, rule, rule_basis) = conclude(outcomes, input.checklist);
    let decision = input.decision.cloned();
    let shared = shared_criteria(input.findings);
    Score {
        results: result_counts(input.checklist),
        grades: Grade::ALL
            .iter()
            .map(|&grade| GradeCount {
                grade,
                count: input.findings.iter().filter(|f| f.grade == grade).count() as u32,
            })
            .collect(),
        nonconformity_index: (figures.audited > 0)
            .then(|| weighted_findings / f64::from(figures.audited)),
        weighted_findings,
        figures,
        by_group: by_group(outcomes, input),
        by_attribute: by_attribute(outcomes, input),
        risks,
        warnings: shared
            .iter()
            .map(|(c, refs)| shared_warning(&Messages::default(), c, refs))
            .collect(),
        shared_criteria: shared,
        conclusion: Conclusion {
            computed,
            rule,
            rule_basis,
            verdict: decision.as_ref().map_or(computed, |d| d.verdict),
            // What the auditor chose against what the rule gave then: a confirmation
            // that later findings outdate is stale, never an override.
            overridden: decision.as_ref().is_some_and(|d| d.verdict != d.computed),
            stale: decision.as_ref().is_some_and(|d| d.computed != computed),
            decision,
        },
    }
}

fn result_counts(checklist: &[ChecklistItem]) -> ResultCounts {
    let mut counts = ResultCounts::default();
    for item in checklist {
        *match item.result {
            ItemResult::NotAudited => &mut counts.not_audited,
            ItemResult::Conforming => &mut counts.conforming,
            ItemResult::Nonconforming => &mut counts.nonconforming,
            ItemResult::NotApplicable => &mut counts.not_applicable,
        } += 1;
    }
    counts
}

/// The conclusion rule (docs/scoring.md): any major nonconformity means not fulfilled;
/// criteria in scope left unaudited with no reason recorded leave it partially audited
/// (or not determined when nothing is audited); other nonconformities mean fulfilled
/// with nonconformities; nothing audited means not determined.
fn conclude(
    outcomes: &[CriterionOutcome],
    checklist: &[ChecklistItem],
) -> (Verdict, String, RuleBasis) {
    let count = |o: Outcome| outcomes.iter().filter(|c| c.outcome == o).count() as u32;
    let majors = count(Outcome::MajorNonconformity);
    let minors = count(Outcome::MinorNonconformity) + count(Outcome::UngradedNonconformity);
    let audited = outcomes.iter().filter(|c| c.outcome.audited()).count() as u32;
    let unexplained = unaudited_without_reason(outcomes, checklist);
    if majors > 0 {
        (
            Verdict::NotFulfilled,
            format!("{} with a major nonconformity.", criteria(majors)),
            RuleBasis::Major(majors),
        )
    } else if unexplained > 0 && audited == 0 {
        (
            Verdict::NotDetermined,
            "no criterion has been audited.".into(),
            RuleBasis::NothingAudited,
        )
    } else if unexplained > 0 {
        (
            Verdict::PartiallyAudited,
            format!(
                "{} in scope not yet audited, with no reason recorded in the checklist notes.",
                criteria(unexplained)
            ),
            RuleBasis::Unexplained(unexplained),
        )
    } else if minors > 0 {
        (
            Verdict::FulfilledWithNonconformities,
            format!(
                "no major nonconformity; {} with minor or ungraded nonconformities.",
                criteria(minors)
            ),
            RuleBasis::Minor(minors),
        )
    } else if audited == 0 {
        (
            Verdict::NotDetermined,
            "no criterion has been audited.".into(),
            RuleBasis::NothingAudited,
        )
    } else {
        (
            Verdict::Fulfilled,
            format!("{} audited, no nonconformity.", criteria(audited)),
            RuleBasis::Fulfilled(audited),
        )
    }
}

/// Criteria in scope not yet audited whose checklist notes give no reason.
fn unaudited_without_reason(outcomes: &[CriterionOutcome], checklist: &[ChecklistItem]) -> u32 {
    outcomes
        .iter()
        .zip(checklist)
        .filter(|(o, item)| o.outcome == Outcome::NotAudited && item.notes.trim().is_empty())
        .count() as u32
}

/// Criteria with two or more nonconformities that no systemic major groups yet: the
/// auditor should consider whether together they show the requirement is not working.
fn shared_criteria(findings: &[Finding]) -> Vec<(String, Vec<String>)> {
    let grouped: Vec<&String> = findings.iter().flat_map(|f| &f.groups).collect();
    let mut by_criterion: Vec<(&str, Vec<&str>)> = Vec::new();
    for f in findings.iter().filter(|f| f.grade.is_nonconformity()) {
        if grouped.contains(&&f.id) || !f.groups.is_empty() {
            continue;
        }
        for criterion in &f.criterion_ids {
            match by_criterion.iter_mut().find(|(c, _)| c == criterion) {
                Some((_, refs)) => {
                    refs.push(&f.reference);
                    refs.sort();
                }
                None => by_criterion.push((criterion, vec![&f.reference])),
            }
        }
    }
    by_criterion.sort();
    by_criterion
        .into_iter()
        .filter(|(_, refs)| refs.len() > 1)
        .map(|(criterion, refs)| {
            (
                criterion.to_string(),
                refs.into_iter().map(str::to_string).collect(),
            )
        })
        .collect()
}

/// The warning that the nonconformities `refs` share `criterion`, in the words of `m`.
pub fn shared_warning(m: &Messages, criterion: &str, refs: &[String]) -> String {
    let (n, refs) = (refs.len(), refs.join(", "));
    m.or(
        "engine.warning.shared_criterion",
        &[("n", &n), ("refs", &refs), ("criterion", &criterion)],
        format!(
            "{n} nonconformities ({refs}) share criterion {criterion}: consider whether together they show the requirement is not working, and if so record a major nonconformity that groups them."
        ),
    )
}

fn rollup<'a>(
    id: String,
    title: String,
    members: impl Iterator<Item = &'a CriterionOutcome> + Clone,
) -> Rollup {
    Rollup {
        id,
        title,
        figures: Figures::of(members.clone()),
        findings: members.map(|m| m.findings.len() as u32).sum(),
    }
}

/// Per clause, Annex A theme or domain, and custom set, in catalog order.
fn by_group(outcomes: &[CriterionOutcome], input: &ScoreInput) -> Vec<Rollup> {
    let mut ids: Vec<(String, String)> = input
        .catalog
        .map(|c| {
            c.groups
                .iter()
                .map(|g| (g.id.clone(), g.title.clone()))
                .collect()
        })
        .unwrap_or_default();
    ids.extend(input.extra_groups.iter().cloned());
    for o in outcomes {
        if !ids.iter().any(|(id, _)| id == &o.group) {
            ids.push((o.group.clone(), o.group.clone()));
        }
    }
    ids.into_iter()
        .filter(|(id, _)| outcomes.iter().any(|o| &o.group == id))
        .map(|(id, title)| {
            let members = outcomes.iter().filter(|o| in_rollup(input.catalog, &id, o));
            rollup(id.clone(), title, members)
        })
        .collect()
}

/// Whether a criterion's outcome counts in the roll-up `id`: a group id ("9",
/// "technological", "custom:POL"), or `key=value` for an ISO/IEC 27002 attribute.
fn in_rollup(catalog: Option<&Catalog>, id: &str, o: &CriterionOutcome) -> bool {
    match id.split_once('=') {
        None => o.group == id,
        Some((key, value)) => catalog
            .and_then(|c| c.criterion(&o.criterion_id))
            .and_then(|c| c.attributes.as_ref())
            .is_some_and(|a| a.values(key).iter().any(|v| v == value)),
    }
}

/// Per ISO/IEC 27002 attribute value, for the controls that have attributes.
fn by_attribute(outcomes: &[CriterionOutcome], input: &ScoreInput) -> Vec<Rollup> {
    let Some(catalog) = input.catalog else {
        return Vec::new();
    };
    let mut list = Vec::new();
    for facet in &catalog.facets {
        let label = ATTRIBUTE_TYPES
            .iter()
            .find(|(key, _)| *key == facet.key)
            .map_or("", |(_, l)| l);
        for value in &facet.values {
            let id = format!("{}={value}", facet.key);
            let has = |o: &&CriterionOutcome| in_rollup(Some(catalog), &id, o);
            if outcomes.iter().any(|o| has(&o)) {
                let members = outcomes.iter().filter(has);
                list.push(rollup(id.clone(), format!("{label}: {value}"), members));
            }
        }
    }
    list
}

/// The numbers an explanation can be asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    Coverage,
    Conformity,
    NonconformityIndex,
    Conclusion,
    /// The figures of one roll-up: a group id ("9", "technological", "custom:POL").
    Group(String),
    /// The count of findings of one grade.
    Grade(Grade),
}

/// Why a number is what it is: the formula, the value, and every criterion or finding
/// that was counted, with what it counted as.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    pub metric: Metric,
    pub formula: String,
    pub value: String,
    pub lines: Vec<ExplanationLine>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ExplanationLine {
    /// A criterion id or a finding reference.
    pub item: String,
    pub title: String,
    /// What it counted as, e.g. "audited, conforming" or "weight 2".
    pub counted_as: String,
    pub because: String,
}

pub fn explain(input: &ScoreInput, metric: Metric) -> Explanation {
    explain_in(input, metric, &Messages::default())
}

/// What a criterion counted as in an explanation: the key (`engine.counted.*`) and the
/// English.
const COUNTED: [(&str, &str); 8] = [
    ("engine.counted.audited_conforming", "audited, conforming"),
    (
        "engine.counted.audited_nonconforming",
        "audited, nonconforming",
    ),
    ("engine.counted.out_of_scope", "out of scope"),
    (
        "engine.counted.in_scope_not_audited",
        "in scope, not audited",
    ),
    ("engine.counted.in_scope_audited", "in scope, audited"),
    ("engine.counted.conforming", "conforming"),
    ("engine.counted.nonconforming", "nonconforming"),
    ("engine.counted.nonconformity", "nonconformity"),
];

/// [`explain`] in the words of `m` (the page's language); English where `m` has none.
pub fn explain_in(input: &ScoreInput, metric: Metric, m: &Messages) -> Explanation {
    let outcomes = outcomes(input.checklist, input.findings);
    let score = score_of(input, &outcomes);
    let f = &score.figures;
    let ratio = |r: &Ratio| {
        if m.is_empty() {
            r.display()
        } else {
            labels::ratio(m, r)
        }
    };
    let lines_where =
        |counted: &dyn Fn(&CriterionOutcome) -> Option<usize>| -> Vec<ExplanationLine> {
            outcomes
                .iter()
                .filter_map(|o| {
                    counted(o).map(|i| {
                        let (key, english) = COUNTED[i];
                        let as_what = m.or(key, &[], english.to_string());
                        let outcome = if m.is_empty() {
                            o.outcome.label()
                        } else {
                            labels::outcome(m, o.outcome)
                        };
                        ExplanationLine {
                            item: o.criterion_id.clone(),
                            title: o.title.clone(),
                            counted_as: format!("{as_what}: {outcome}"),
                            because: explain_outcome(o, m),
                        }
                    })
                })
                .collect()
        };
    let lines_for =
        |counted: &dyn Fn(Outcome) -> Option<usize>| lines_where(&|o| counted(o.outcome));
    let as_counted = |o: Outcome| {
        if o.is_conforming() {
            Some(0)
        } else if o.is_nonconforming() {
            Some(1)
        } else if o == Outcome::NotApplicable {
            Some(2)
        } else {
            Some(3)
        }
    };
    let formula = |key: &str, english: &str| m.or(key, &[], english.to_string());
    match metric {
        Metric::Coverage => Explanation {
            metric,
            formula: formula(
                "engine.explain.coverage",
                "audited criteria / criteria in scope (not applicable ones are out of scope)",
            ),
            value: format!("{} = {} / {}", ratio(&f.coverage), f.audited, f.in_scope),
            lines: lines_for(&|o| match o {
                Outcome::NotApplicable => Some(2),
                Outcome::NotAudited => Some(3),
                _ => Some(4),
            }),
        },
        Metric::Conformity => Explanation {
            metric,
            formula: formula(
                "engine.explain.conformity",
                "conforming criteria / audited criteria (not yet audited and not applicable ones are left out)",
            ),
            value: format!(
                "{} = {} / {}",
                ratio(&f.conformity),
                f.conforming,
                f.audited
            ),
            lines: lines_for(&|o| {
                if o.is_conforming() {
                    Some(5)
                } else if o.is_nonconforming() {
                    Some(6)
                } else {
                    None
                }
            }),
        },
        Metric::NonconformityIndex => Explanation {
            metric,
            formula: formula(
                "engine.explain.nc_index",
                "sum of finding weights / audited criteria",
            ),
            value: score.nonconformity_index.map_or_else(
                || formula("engine.explain.nc_index_na", "n/a (nothing audited)"),
                |i| {
                    let value = format!("{i:.2} = {:.2} / {}", score.weighted_findings, f.audited);
                    if m.is_empty() {
                        value
                    } else {
                        m.decimal(value)
                    }
                },
            ),
            lines: input
                .findings
                .iter()
                .map(|fd| {
                    let weight = m.decimal(input.settings.weights.of(fd.grade).to_string());
                    ExplanationLine {
                        item: fd.reference.clone(),
                        title: fd.criterion_ids.join(", "),
                        counted_as: m.or(
                            "engine.explain.weight",
                            &[("weight", &weight)],
                            format!("weight {weight}"),
                        ),
                        because: match m.lang() {
                            "en" => format!("{:?}", fd.grade).to_lowercase(),
                            _ => labels::grade(m, fd.grade).to_string(),
                        },
                    }
                })
                .collect(),
        },
        Metric::Conclusion => {
            let c = &score.conclusion;
            let (verdict, rule) = if m.is_empty() {
                (c.verdict.label().to_string(), c.rule.clone())
            } else {
                (
                    labels::verdict(m, c.verdict, crate::audit::AuditKind::Internal).to_string(),
                    labels::rule(m, c.rule_basis),
                )
            };
            let decided = c.decision.as_ref().map_or(String::new(), |d| {
                m.or(
                    "engine.explain.decided",
                    &[("by", &d.by), ("at", &d.at), ("reason", &d.reason)],
                    format!(" Decided by {} at {}: {}", d.by, d.at, d.reason),
                )
            });
            Explanation {
                metric,
                formula: formula(
                    "engine.explain.conclusion",
                    "any major nonconformity: not fulfilled; criteria in scope unaudited with no reason recorded: partially audited; other nonconformities: fulfilled with nonconformities; none: fulfilled",
                ),
                value: m.or(
                    "engine.explain.conclusion_value",
                    &[
                        ("verdict", &verdict),
                        ("rule", &rule),
                        ("decided", &decided),
                    ],
                    format!("{verdict} (rule: {rule}){decided}"),
                ),
                lines: lines_for(&|o| match o {
                    o if o.is_nonconforming() => Some(7),
                    Outcome::NotAudited => Some(3),
                    _ => None,
                })
                .into_iter()
                .chain(
                    score
                        .shared_criteria
                        .iter()
                        .map(|(criterion, refs)| ExplanationLine {
                            item: formula("engine.explain.warning", "warning"),
                            title: String::new(),
                            counted_as: formula("engine.explain.to_consider", "to consider"),
                            because: shared_warning(m, criterion, refs),
                        }),
                )
                .collect(),
            }
        }
        Metric::Group(ref id) => {
            let r = score
                .by_group
                .iter()
                .chain(&score.by_attribute)
                .find(|r| &r.id == id);
            let g = r
                .map(|r| r.figures.clone())
                .unwrap_or_else(|| Figures::of(std::iter::empty()));
            let member = |o: &CriterionOutcome| in_rollup(input.catalog, id, o);
            let title = r.map_or(id.as_str(), |r| r.title.as_str());
            let (conformity, coverage) = (ratio(&g.conformity), ratio(&g.coverage));
            Explanation {
                formula: m.or(
                    "engine.explain.group",
                    &[("title", &title)],
                    format!(
                        "{title}: conformity = conforming / audited; coverage = audited / in scope"
                    ),
                ),
                value: m.or(
                    "engine.explain.group_value",
                    &[
                        ("conformity", &conformity),
                        ("conforming", &g.conforming),
                        ("audited", &g.audited),
                        ("coverage", &coverage),
                        ("inScope", &g.in_scope),
                    ],
                    format!(
                        "conformity {conformity} = {} / {}; coverage {coverage} = {} / {}",
                        g.conforming, g.audited, g.audited, g.in_scope
                    ),
                ),
                lines: lines_where(&|o| {
                    if member(o) {
                        as_counted(o.outcome)
                    } else {
                        None
                    }
                }),
                metric,
            }
        }
        Metric::Grade(grade) => {
            let findings: Vec<&Finding> =
                input.findings.iter().filter(|f| f.grade == grade).collect();
            let name = match m.lang() {
                "en" => grade.key().replace('_', " "),
                _ => labels::grade(m, grade).to_string(),
            };
            Explanation {
                formula: formula(
                    "engine.explain.grade",
                    "findings of this grade, whatever the criterion's checklist result",
                ),
                value: m.or(
                    "engine.explain.grade_value",
                    &[("n", &findings.len()), ("grade", &name)],
                    format!("{} {name}", findings.len()),
                ),
                lines: findings
                    .iter()
                    .map(|f| {
                        let criteria = f.criterion_ids.join(", ");
                        ExplanationLine {
                            item: f.reference.clone(),
                            title: String::new(),
                            counted_as: m.or(
                                "engine.explain.against",
                                &[("criteria", &criteria)],
                                format!("against {criteria}"),
                            ),
                            because: f.statement.chars().take(120).collect(),
                        }
                    })
                    .collect(),
                metric,
            }
        }
    }
}

fn explain_outcome(o: &CriterionOutcome, m: &Messages) -> String {
    let (key, english) = match o.result {
        ItemResult::NotAudited => ("engine.result.not_audited", "not yet audited"),
        ItemResult::Conforming => ("engine.result.conforming", "conforming"),
        ItemResult::Nonconforming => ("engine.result.nonconforming", "nonconforming"),
        ItemResult::NotApplicable => ("engine.result.not_applicable", "not applicable"),
    };
    let result = m.or(key, &[], english.to_string());
    let because = because(m, &o.because);
    if o.findings.is_empty() {
        m.or(
            "engine.explain.checklist",
            &[("result", &result), ("because", &because)],
            format!("checklist: {result}; {because}"),
        )
    } else {
        let findings = o.findings.join(", ");
        m.or(
            "engine.explain.checklist_findings",
            &[
                ("result", &result),
                ("findings", &findings),
                ("because", &because),
            ],
            format!("checklist: {result}; findings {findings}: {because}"),
        )
    }
}

/// "1 criterion", "3 criteria".
fn criteria(n: u32) -> String {
    match n {
        1 => "1 criterion".into(),
        n => format!("{n} criteria"),
    }
}
