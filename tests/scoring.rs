//! The scoring model (docs/scoring.md): its rules on fixed cases, and its promises as
//! properties over random audits.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use isms_audit::audit::conclusion::Statements;
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
        criterion_ids: vec![criterion.into()],
        statement: "s".into(),
        evidence: "e".into(),
        date: NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(),
        likelihood: None,
        impact: None,
        groups: Vec::new(),
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
            // An improvement opportunity does not make an unaudited criterion audited.
            Outcome::NotAudited,
            Outcome::MajorNonconformity,
            Outcome::UngradedNonconformity,
            Outcome::NotApplicable,
            Outcome::NotAudited,
        ]
    );
    let s = scored(&checklist, &findings, &ScoringSettings::default());
    // In scope: all but A.5.6; audited: A.5.1, A.5.2, A.5.4, A.5.5.
    assert_eq!((s.figures.in_scope, s.figures.audited), (6, 4));
    assert_eq!((s.figures.conforming, s.figures.nonconforming), (1, 3));
    assert_eq!(s.figures.conformity.display(), "25.0 %");
    assert_eq!(s.figures.coverage.display(), "66.7 %");
    // Weights 10 + 2 + 0.5 * 3 over 4 audited criteria.
    assert_eq!(s.weighted_findings, 13.5);
    assert_eq!(s.nonconformity_index, Some(3.375));
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
    // Minors never add up to "not fulfilled" by their count alone.
    let many: Vec<Finding> = (1..=20)
        .map(|n| finding(n, "9.2.1", Grade::MinorNonconformity))
        .collect();
    assert_eq!(
        scored(&checklist, &many, &default).conclusion.computed,
        Verdict::FulfilledWithNonconformities
    );

    let decision = ConclusionDecision {
        verdict: Verdict::NotFulfilled,
        reason: "Both minors show the internal audit process is not working".into(),
        computed: Verdict::FulfilledWithNonconformities,
        by: "Lead".into(),
        at: "2026-03-04T10:00:00.000Z".into(),
        statements: Statements::default(),
    };
    let input = ScoreInput {
        checklist: &checklist,
        findings: &minors,
        catalog: catalog::get(ISO27001_2022),
        extra_groups: &[],
        settings: &default,
        decision: Some(&decision),
    };
    let s = score(&input);
    assert_eq!(s.conclusion.verdict, Verdict::NotFulfilled);
    assert!(s.conclusion.overridden && !s.conclusion.stale);
    let why = explain(&input, Metric::Conclusion);
    assert!(why.value.contains("Both minors show"));
    assert_eq!(why.lines.len(), 2);
    // The decision goes stale when the findings change what the rule gives.
    let s = score(&ScoreInput {
        findings: &[],
        ..input
    });
    assert!(s.conclusion.stale && s.conclusion.overridden);
    // A confirmation that later findings outdate is stale, not an override.
    let confirmed = ConclusionDecision {
        verdict: Verdict::FulfilledWithNonconformities,
        reason: String::new(),
        ..decision.clone()
    };
    let s = score(&ScoreInput {
        findings: &[],
        decision: Some(&confirmed),
        ..input
    });
    assert!(s.conclusion.stale && !s.conclusion.overridden);
    assert_eq!(s.conclusion.computed, Verdict::Fulfilled);
}

#[test]
fn unaudited_criteria_without_a_reason_leave_the_audit_partially_audited() {
    let mut explained = item("9.3.1", ItemResult::NotAudited);
    explained.notes = "Management review is next month; audited then.".into();
    let checklist = [
        item("9.2.1", ItemResult::Conforming),
        item("9.2.2", ItemResult::NotAudited),
        explained.clone(),
    ];
    let default = ScoringSettings::default();
    let s = scored(&checklist, &[], &default);
    assert_eq!(s.conclusion.computed, Verdict::PartiallyAudited);
    assert!(
        s.conclusion.rule.contains("1 criterion"),
        "{}",
        s.conclusion.rule
    );
    // A good practice on the unaudited criterion does not make it audited.
    let praise = [finding(1, "9.2.2", Grade::GoodPractice)];
    assert_eq!(
        scored(&checklist, &praise, &default).conclusion.computed,
        Verdict::PartiallyAudited
    );
    // With the reason recorded, the audited part decides.
    let mut reasoned = checklist.clone();
    reasoned[1].notes = "Out of the sample agreed at the opening meeting.".into();
    assert_eq!(
        scored(&reasoned, &[], &default).conclusion.computed,
        Verdict::Fulfilled
    );
    // A major nonconformity decides whatever remains unaudited.
    let major = [finding(1, "9.2.1", Grade::MajorNonconformity)];
    assert_eq!(
        scored(&checklist, &major, &default).conclusion.computed,
        Verdict::NotFulfilled
    );
    // Nothing audited, nothing explained: not determined.
    assert_eq!(
        scored(&[item("9.2.2", ItemResult::NotAudited)], &praise, &default)
            .conclusion
            .computed,
        Verdict::NotDetermined
    );
}

#[test]
fn a_finding_against_several_criteria_counts_against_each() {
    let checklist = [
        item("A.8.13", ItemResult::Conforming),
        item("A.5.15", ItemResult::Conforming),
        item("9.2.2", ItemResult::Conforming),
    ];
    let mut both = finding(1, "A.8.13", Grade::MinorNonconformity);
    both.criterion_ids.push("A.5.15".into());
    let findings = [both];
    let got: Vec<Outcome> = outcomes(&checklist, &findings)
        .iter()
        .map(|o| o.outcome)
        .collect();
    assert_eq!(
        got,
        [
            Outcome::MinorNonconformity,
            Outcome::MinorNonconformity,
            Outcome::Conforming
        ]
    );
    let s = scored(&checklist, &findings, &ScoringSettings::default());
    assert_eq!((s.figures.nonconforming, s.figures.conforming), (2, 1));
    // One finding: counted once per grade and weighted once.
    assert_eq!(s.grades[1].count, 1);
    assert_eq!(s.weighted_findings, 2.0);
}

#[test]
fn a_stored_finding_with_one_criterion_id_still_reads() {
    let old: Finding = serde_json::from_value(serde_json::json!({
        "id": "f1", "auditId": "a", "reference": "F-001", "grade": "observation",
        "criterionId": "A.8.13", "statement": "s", "evidence": "e", "date": "2026-03-03"
    }))
    .unwrap();
    assert_eq!(old.criterion_ids, ["A.8.13"]);
    let again = serde_json::to_value(&old).unwrap();
    assert_eq!(again["criterionIds"], serde_json::json!(["A.8.13"]));
}

#[test]
fn nonconformities_sharing_a_criterion_are_flagged_until_a_major_groups_them() {
    let checklist = [item("A.8.13", ItemResult::Nonconforming)];
    let mut findings = vec![
        finding(1, "A.8.13", Grade::MinorNonconformity),
        finding(2, "A.8.13", Grade::MinorNonconformity),
        finding(3, "A.8.13", Grade::Observation),
    ];
    let s = scored(&checklist, &findings, &ScoringSettings::default());
    assert_eq!(s.warnings.len(), 1);
    assert!(s.warnings[0].contains("F-001, F-002"), "{}", s.warnings[0]);
    assert!(s.warnings[0].contains("A.8.13"));
    let mut systemic = finding(4, "A.8.13", Grade::MajorNonconformity);
    systemic.groups = vec!["f1".into(), "f2".into()];
    findings.push(systemic);
    let s = scored(&checklist, &findings, &ScoringSettings::default());
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert_eq!(s.conclusion.computed, Verdict::NotFulfilled);
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
    fn unexplained_gaps_never_conclude_fulfilled((checklist, findings) in audit_strategy()) {
        let s = scored(&checklist, &findings, &ScoringSettings::default());
        let gap = s.figures.audited < s.figures.in_scope
            && outcomes(&checklist, &findings).iter().any(|o| o.outcome == Outcome::NotAudited);
        // Test items carry no notes, so every unaudited one is unexplained.
        if gap {
            prop_assert!(
                !matches!(s.conclusion.computed, Verdict::Fulfilled | Verdict::FulfilledWithNonconformities),
                "{:?} with unaudited criteria in scope", s.conclusion.computed
            );
        }
    }

    #[test]
    fn findings_that_are_not_nonconformities_never_make_a_criterion_audited(
        (checklist, findings) in audit_strategy(),
        pick in any::<prop::sample::Index>(),
        grade in 2..6usize,
    ) {
        let target = &checklist[pick.index(checklist.len())].criterion_id;
        let mut more = findings.clone();
        more.push(finding(999, target, Grade::ALL[grade]));
        let (before, after) = (
            scored(&checklist, &findings, &ScoringSettings::default()),
            scored(&checklist, &more, &ScoringSettings::default()),
        );
        prop_assert_eq!(before.figures.audited, after.figures.audited);
        prop_assert_eq!(before.figures.coverage, after.figures.coverage);
        prop_assert_eq!(before.conclusion.computed, after.conclusion.computed);
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
