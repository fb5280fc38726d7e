//! The scoring model (docs/scoring.md): its rules on fixed cases, and its promises as
//! properties over random audits.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use isms_audit::audit::{ChecklistItem, ConclusionDecision, Finding, Grade, ItemResult, Verdict};
use isms_audit::catalog::{self, ISO27001_2022};
use isms_audit::scoring::{
    Metric, Outcome, RiskRating, Score, ScoreInput, ScoringSettings, explain, outcomes, score,
};
use proptest::prelude::*;

fn item(criterion: &str, result: ItemResult) -> ChecklistItem {
    let c = catalog::get(ISO27001_2022)
        .unwrap()
        .criterion(criterion)
        .unwrap();
    ChecklistItem {
        id: format!("a/{criterion}"),
        audit_id: "a".into(),
        criterion_id: criterion.into(),
        title: c.title.clone(),
        group: c.group.clone(),
        position: 0,
        result,
        notes: String::new(),
    }
}

fn finding(n: u32, criterion: &str, grade: Grade) -> Finding {
    Finding {
        id: format!("f{n}"),
        audit_id: "a".into(),
        reference: format!("F-{n:03}"),
        grade,
        criterion_id: criterion.into(),
        statement: "s".into(),
        evidence: "e".into(),
        date: NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(),
        likelihood: None,
        impact: None,
    }
}

fn scored(checklist: &[ChecklistItem], findings: &[Finding], settings: &ScoringSettings) -> Score {
    score(&ScoreInput {
        checklist,
        findings,
        catalog: catalog::get(ISO27001_2022),
        extra_groups: &[],
        settings,
        decision: None,
    })
}

#[test]
fn the_worst_of_result_and_findings_wins() {
    use ItemResult::*;
    let checklist = [
        item("A.5.1", Conforming),
        item("A.5.2", Conforming),
        item("A.5.3", NotAudited),
        item("A.5.4", NotApplicable),
        item("A.5.5", Nonconforming),
        item("A.5.6", NotApplicable),
        item("A.5.7", NotAudited),
    ];
    let findings = [
        finding(1, "A.5.2", Grade::Observation),
        finding(2, "A.5.2", Grade::MinorNonconformity),
        finding(3, "A.5.3", Grade::OpportunityForImprovement),
        finding(4, "A.5.4", Grade::MajorNonconformity),
        finding(5, "A.5.5", Grade::Observation),
        finding(6, "A.5.6", Grade::Observation),
    ];
    let got: Vec<Outcome> = outcomes(&checklist, &findings)
        .iter()
        .map(|o| o.outcome)
        .collect();
    assert_eq!(
        got,
        [
            Outcome::Conforming,
            Outcome::MinorNonconformity,
            Outcome::ConformingWithObservations,
            Outcome::MajorNonconformity,
            Outcome::UngradedNonconformity,
            Outcome::NotApplicable,
            Outcome::NotAudited,
        ]
    );
    let s = scored(&checklist, &findings, &ScoringSettings::default());
    // In scope: all but A.5.6; audited: A.5.1-A.5.5.
    assert_eq!((s.figures.in_scope, s.figures.audited), (6, 5));
    assert_eq!((s.figures.conforming, s.figures.nonconforming), (2, 3));
    assert_eq!(s.figures.conformity.display(), "40.0 %");
    assert_eq!(s.figures.coverage.display(), "83.3 %");
    // Weights 10 + 2 + 0.5 * 3 over 5 audited criteria.
    assert_eq!(s.weighted_findings, 13.5);
    assert_eq!(s.nonconformity_index, Some(2.7));
    assert_eq!(s.conclusion.computed, Verdict::NotFulfilled);
    assert_eq!(s.by_group.len(), 1);
    assert_eq!(s.by_group[0].title, "Annex A Organizational controls");
    assert_eq!(s.by_group[0].findings, 6);
    assert!(
        s.by_attribute
            .iter()
            .any(|r| r.id == "controlType=Preventive")
    );
}

#[test]
fn nothing_audited_is_n_a_not_a_division_by_zero() {
    let s = scored(
        &[item("9.2.1", ItemResult::NotAudited)],
        &[],
        &ScoringSettings::default(),
    );
    assert_eq!(s.figures.conformity.percent, None);
    assert_eq!(s.figures.conformity.display(), "n/a");
    assert_eq!(s.figures.coverage.display(), "0.0 %");
    assert_eq!(s.nonconformity_index, None);
    assert_eq!(s.conclusion.computed, Verdict::NotDetermined);
    let empty = scored(
        &[item("9.2.1", ItemResult::NotApplicable)],
        &[],
        &ScoringSettings::default(),
    );
    assert_eq!(empty.figures.coverage.display(), "n/a");
}

#[test]
fn the_conclusion_rule_and_its_override() {
    let checklist = [
        item("9.2.1", ItemResult::Conforming),
        item("9.2.2", ItemResult::Conforming),
    ];
    let minors = [
        finding(1, "9.2.1", Grade::MinorNonconformity),
        finding(2, "9.2.2", Grade::MinorNonconformity),
    ];
    let default = ScoringSettings::default();
    assert_eq!(
        scored(&checklist, &[], &default).conclusion.computed,
        Verdict::Fulfilled
    );
    assert_eq!(
        scored(&checklist, &minors, &default).conclusion.computed,
        Verdict::FulfilledWithNonconformities
    );
    let strict = ScoringSettings {
        minor_limit: Some(2),
        ..default
    };
    let s = scored(&checklist, &minors, &strict);
    assert_eq!(s.conclusion.computed, Verdict::NotFulfilled);
    assert!(s.conclusion.rule.contains("limit of 2"));

    let decision = ConclusionDecision {
        verdict: Verdict::FulfilledWithNonconformities,
        reason: "Both minors share one root cause, already corrected".into(),
        computed: Verdict::NotFulfilled,
        by: "Lead".into(),
        at: "2026-03-04T10:00:00.000Z".into(),
    };
    let input = ScoreInput {
        checklist: &checklist,
        findings: &minors,
        catalog: catalog::get(ISO27001_2022),
        extra_groups: &[],
        settings: &strict,
        decision: Some(&decision),
    };
    let s = score(&input);
    assert_eq!(s.conclusion.verdict, Verdict::FulfilledWithNonconformities);
    assert!(s.conclusion.overridden && !s.conclusion.stale);
    let why = explain(&input, Metric::Conclusion);
    assert!(why.value.contains("Both minors share one root cause"));
    assert_eq!(why.lines.len(), 2);
    // The decision goes stale when the findings change what the rule gives.
    let fewer = [finding(1, "9.2.1", Grade::MinorNonconformity)];
    let s = score(&ScoreInput {
        findings: &fewer,
        ..input
    });
    assert!(s.conclusion.stale);
}

#[test]
fn risk_matrix_bands() {
    let rating = |l, i| RiskRating::of(l, i);
    assert_eq!(rating(1, 1), RiskRating::Low);
    assert_eq!(rating(2, 2), RiskRating::Low);
    assert_eq!(rating(1, 5), RiskRating::Medium);
    assert_eq!(rating(3, 3), RiskRating::Medium);
    assert_eq!(rating(2, 5), RiskRating::High);
    assert_eq!(rating(4, 4), RiskRating::High);
    assert_eq!(rating(4, 5), RiskRating::Critical);
    assert_eq!(rating(5, 5), RiskRating::Critical);
    let mut rated = finding(1, "9.2.1", Grade::MinorNonconformity);
    rated.likelihood = Some(4);
    rated.impact = Some(5);
    let mut low = finding(2, "9.2.1", Grade::MinorNonconformity);
    low.likelihood = Some(1);
    low.impact = Some(2);
    let s = scored(
        &[item("9.2.1", ItemResult::Nonconforming)],
        &[low, rated],
        &ScoringSettings::default(),
    );
    assert_eq!(
        s.risks
            .iter()
            .map(|r| (r.reference.as_str(), r.rating))
            .collect::<Vec<_>>(),
        [("F-001", RiskRating::Critical), ("F-002", RiskRating::Low)]
    );
}

#[test]
fn explanations_list_what_was_counted() {
    let checklist = [
        item("A.8.13", ItemResult::Conforming),
        item("A.8.14", ItemResult::NotApplicable),
        item("A.8.15", ItemResult::NotAudited),
    ];
    let input = ScoreInput {
        checklist: &checklist,
        findings: &[],
        catalog: catalog::get(ISO27001_2022),
        extra_groups: &[],
        settings: &ScoringSettings::default(),
        decision: None,
    };
    let coverage = explain(&input, Metric::Coverage);
    assert_eq!(coverage.value, "50.0 % = 1 / 2");
    let lines: Vec<_> = coverage
        .lines
        .iter()
        .map(|l| (l.item.as_str(), l.counted_as.as_str()))
        .collect();
    assert_eq!(
        lines,
        [
            ("A.8.13", "in scope, audited: conforming"),
            ("A.8.14", "out of scope: not applicable"),
            ("A.8.15", "in scope, not audited: not yet audited")
        ]
    );
    let conformity = explain(&input, Metric::Conformity);
    assert_eq!(conformity.value, "100.0 % = 1 / 1");
    assert_eq!(conformity.lines.len(), 1);
    assert_eq!(
        explain(&input, Metric::NonconformityIndex).value,
        "0.00 = 0.00 / 1"
    );

    // Every roll-up and every grade count can say why too.
    let group = explain(&input, Metric::Group("technological".into()));
    assert_eq!(
        group.value,
        "conformity 100.0 % = 1 / 1; coverage 50.0 % = 1 / 2"
    );
    assert_eq!(group.lines.len(), 3);
    let attribute = explain(&input, Metric::Group("controlType=Corrective".into()));
    assert_eq!(
        attribute
            .lines
            .iter()
            .map(|l| l.item.as_str())
            .collect::<Vec<_>>(),
        ["A.8.13"]
    );
    let findings = [
        finding(1, "A.8.13", Grade::Observation),
        finding(2, "A.8.15", Grade::Observation),
    ];
    let graded = explain(
        &ScoreInput {
            findings: &findings,
            ..input
        },
        Metric::Grade(Grade::Observation),
    );
    assert_eq!(graded.value, "2 observation");
    assert_eq!(
        graded
            .lines
            .iter()
            .map(|l| l.item.as_str())
            .collect::<Vec<_>>(),
        ["F-001", "F-002"]
    );
}

/// A random audit over the first `n` auditable 2022 criteria.
fn audit_strategy() -> impl Strategy<Value = (Vec<ChecklistItem>, Vec<Finding>)> {
    let ids: Vec<String> = catalog::get(ISO27001_2022)
        .unwrap()
        .criteria
        .iter()
        .filter(|c| c.auditable)
        .map(|c| c.id.clone())
        .collect();
    let result = prop_oneof![
        Just(ItemResult::NotAudited),
        Just(ItemResult::Conforming),
        Just(ItemResult::Nonconforming),
        Just(ItemResult::NotApplicable)
    ];
    let grade = (0..6usize).prop_map(|i| Grade::ALL[i]);
    (1..40usize).prop_flat_map(move |n| {
        let ids = ids[..n].to_vec();
        (
            proptest::collection::vec(result.clone(), n),
            proptest::collection::vec((0..n, grade.clone()), 0..30),
        )
            .prop_map(move |(results, raw)| {
                let checklist: Vec<ChecklistItem> =
                    ids.iter().zip(results).map(|(id, r)| item(id, r)).collect();
                let findings = raw
                    .into_iter()
                    .enumerate()
                    .map(|(k, (i, g))| finding(k as u32 + 1, &ids[i], g))
                    .collect();
                (checklist, findings)
            })
    })
}

fn conformity(checklist: &[ChecklistItem], findings: &[Finding]) -> Option<f64> {
    scored(checklist, findings, &ScoringSettings::default())
        .figures
        .conformity
        .percent
}

proptest! {
    #[test]
    fn adding_a_nonconformity_never_raises_conformity(
        (checklist, findings) in audit_strategy(),
        pick in any::<prop::sample::Index>(),
        major in any::<bool>(),
    ) {
        let before = conformity(&checklist, &findings);
        let target = &checklist[pick.index(checklist.len())].criterion_id;
        let mut more = findings.clone();
        more.push(finding(999, target, if major { Grade::MajorNonconformity } else { Grade::MinorNonconformity }));
        let after = conformity(&checklist, &more);
        if let (Some(b), Some(a)) = (before, after) {
            prop_assert!(a <= b + 1e-9, "conformity rose from {b} to {a}");
        }
        prop_assert!(after.is_some(), "a nonconformity makes its criterion audited");
    }

    #[test]
    fn not_applicable_criteria_never_change_conformity((checklist, findings) in audit_strategy(), extra in 1..20usize) {
        let used: Vec<&str> = checklist.iter().map(|i| i.criterion_id.as_str()).collect();
        let mut more = checklist.clone();
        for c in catalog::get(ISO27001_2022).unwrap().criteria.iter().filter(|c| c.auditable && !used.contains(&c.id.as_str())).take(extra) {
            more.push(item(&c.id, ItemResult::NotApplicable));
        }
        prop_assert_eq!(conformity(&checklist, &findings), conformity(&more, &findings));
    }

    #[test]
    fn order_of_entry_never_changes_a_score((checklist, findings) in audit_strategy(), seed in any::<u64>()) {
        let mut shuffled_checklist = checklist.clone();
        let mut shuffled_findings = findings.clone();
        // A deterministic shuffle from the seed.
        let mut state = seed | 1;
        let mut next = || { state ^= state << 13; state ^= state >> 7; state ^= state << 17; state };
        for i in (1..shuffled_checklist.len()).rev() { let j = (next() % (i as u64 + 1)) as usize; shuffled_checklist.swap(i, j); }
        for i in (1..shuffled_findings.len()).rev() { let j = (next() % (i as u64 + 1)) as usize; shuffled_findings.swap(i, j); }
        let settings = ScoringSettings::default();
        prop_assert_eq!(scored(&checklist, &findings, &settings), scored(&shuffled_checklist, &shuffled_findings, &settings));
    }

    #[test]
    fn every_percentage_is_within_0_and_100_or_n_a((checklist, findings) in audit_strategy()) {
        let s = scored(&checklist, &findings, &ScoringSettings::default());
        let ratios = std::iter::once(&s.figures)
            .chain(s.by_group.iter().map(|r| &r.figures))
            .chain(s.by_attribute.iter().map(|r| &r.figures))
            .flat_map(|f| [f.coverage, f.conformity]);
        for r in ratios {
            match r.percent {
                Some(p) => prop_assert!((0.0..=100.0).contains(&p), "{p}"),
                None => prop_assert_eq!(r.denominator, 0),
            }
        }
        prop_assert!(s.nonconformity_index.is_none_or(|i| i >= 0.0 && i.is_finite()));
    }
}
