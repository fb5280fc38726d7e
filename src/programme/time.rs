//! Audit time (ISO 19011 5.4.4, ISO/IEC 27006 chart): an auditor-days estimate per audit
//! with every step of its derivation. Certification-style audits start from the chart
//! (persons doing work under the organization's control -> days); internal audits use
//! the manager's own estimate, with the chart shown as context only.
//!
//! `audit_time.csv`: persons from, persons to, initial audit days (stage 1 + 2),
//! surveillance days (about a third), recertification days (about two thirds).

use crate::error::{Error, ErrorCode, Result};
use crate::report::Messages;
use serde::{Deserialize, Serialize};

const CHART: &str = include_str!("audit_time.csv");
/// Beyond the chart's last band, one more day per this many persons (the progression of
/// the last bands).
const PERSONS_PER_DAY_BEYOND: u32 = 2200;
/// The largest reduction the adjustment may make, and the largest increase, in percent.
pub const MAX_REDUCTION: i32 = 30;
pub const MAX_INCREASE: i32 = 50;
/// The smallest on-site share of the audit time, in percent.
pub const MIN_ON_SITE: u32 = 80;

/// Which audit of a certification cycle the chart figure is for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Stage 1 and stage 2 together.
    #[default]
    Initial,
    Surveillance,
    Recertification,
}

/// The six ISMS complexity factors, each rated 1 (low) to 3 (high), in this order.
pub const FACTORS: [&str; 6] = [
    "type of business and regulatory requirements",
    "processes and tasks",
    "level of establishment of the management system",
    "IT infrastructure complexity",
    "dependency on outsourcing and suppliers, including cloud",
    "information system development",
];

/// The keys of the factors' names in the page's words, in [`FACTORS`]' order.
pub const FACTOR_KEYS: [&str; 6] = [
    "engine.time.factor.business",
    "engine.time.factor.processes",
    "engine.time.factor.establishment",
    "engine.time.factor.infrastructure",
    "engine.time.factor.outsourcing",
    "engine.time.factor.development",
];

/// The factors' names in the words of `m` (English without them).
pub fn factors(m: &Messages) -> Vec<String> {
    FACTORS
        .iter()
        .zip(FACTOR_KEYS)
        .map(|(f, key)| m.or(key, &[], f.to_string()))
        .collect()
}

/// What the manager enters for one audit's time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TimeInputs {
    /// Persons doing work under the organization's control, in the audit's scope.
    pub head_count: u32,
    /// Of those, persons doing identical simple activities (counted as their square root).
    #[serde(default)]
    pub identical: u32,
    #[serde(default)]
    pub stage: Stage,
    /// The six complexity ratings (see [`FACTORS`]), each 1-3.
    pub complexity: Vec<u8>,
    /// The adjustment the ratings justify, in percent of the chart figure.
    #[serde(default)]
    pub adjustment_percent: i32,
    /// The share of the time spent on site, in percent (at least [`MIN_ON_SITE`]).
    pub on_site_percent: u32,
    /// Sites besides the central function, for multi-site sampling.
    #[serde(default)]
    pub sites: u32,
    /// For internal audits: the manager's own estimate in auditor-days.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub own_days: Option<f64>,
}

/// The inputs stored for one audit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AuditTime {
    pub audit_id: String,
    pub inputs: TimeInputs,
}

/// An estimate and how it was reached.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    /// The chart's figure for the effective head count and stage.
    pub chart_days: f64,
    /// The auditor-days the programme plans for the audit.
    pub days: f64,
    pub on_site_days: f64,
    /// Sites to visit besides the central function (0 for a single site).
    pub sites_to_visit: u32,
    /// True when `days` is the manager's own estimate (internal audits).
    pub own_estimate: bool,
    /// Each step, in words.
    pub steps: Vec<String>,
}

/// Rounds to the nearest half day.
pub fn half_days(days: f64) -> f64 {
    (days * 2.0).round() / 2.0
}

/// A number of half days as a person reads it ("8", "8.5"), without float formatting.
fn shown(halves: u32) -> String {
    let whole = halves / 2;
    if halves % 2 == 0 {
        whole.to_string()
    } else {
        format!("{whole}.5")
    }
}

/// A chart cell ("8.5", "2.0", "5") in half days, without float parsing.
fn halves_of(cell: &str) -> u32 {
    let (whole, fraction) = cell.split_once('.').unwrap_or((cell, ""));
    whole.parse::<u32>().unwrap_or(0) * 2 + u32::from(fraction.starts_with('5'))
}

/// The chart band for `persons`: (from, to or None beyond the chart, half days for
/// `stage`).
pub fn chart(persons: u32, stage: Stage) -> (u32, Option<u32>, u32) {
    let column = match stage {
        Stage::Initial => 2,
        Stage::Surveillance => 3,
        Stage::Recertification => 4,
    };
    let mut last = (0, 0, 0);
    for line in CHART.lines() {
        let cells: Vec<&str> = line.split(',').collect();
        let (from, to) = (halves_of(cells[0]) / 2, halves_of(cells[1]) / 2);
        last = (from, to, halves_of(cells[column]));
        if persons <= to {
            return (from, Some(to), last.2);
        }
    }
    // Beyond the chart: the last band's figure, plus a day per PERSONS_PER_DAY_BEYOND
    // persons, scaled to the stage as the last band is, to the nearest half day.
    let (_, to, halves) = last;
    let initial = chart(to, Stage::Initial).2;
    let extra = u64::from(persons - to) * 2 * u64::from(halves);
    let divisor = u64::from(PERSONS_PER_DAY_BEYOND) * u64::from(initial);
    (
        to + 1,
        None,
        halves + ((extra + divisor / 2) / divisor) as u32,
    )
}

fn invalid(field: &str, message: String) -> Error {
    Error::on_field(ErrorCode::InvalidValue, field, message)
}

impl TimeInputs {
    fn check(&self, internal: bool) -> Result<()> {
        if self.head_count == 0 {
            return Err(invalid(
                "headCount",
                "The head count is 0; give the persons doing work in the audit's scope.".into(),
            ));
        }
        if self.identical > self.head_count {
            return Err(invalid(
                "identical",
                format!(
                    "{} persons with identical activities is more than the head count ({}); give at most that.",
                    self.identical, self.head_count
                ),
            ));
        }
        if self.complexity.len() != FACTORS.len()
            || self.complexity.iter().any(|r| !(1..=3).contains(r))
        {
            return Err(invalid(
                "complexity",
                "Rate each of the six complexity factors 1 (low), 2 (medium) or 3 (high).".into(),
            ));
        }
        let adjustment = self.adjustment_percent;
        if !(-MAX_REDUCTION..=MAX_INCREASE).contains(&adjustment) {
            return Err(invalid(
                "adjustmentPercent",
                format!(
                    "An adjustment of {adjustment} % is outside -{MAX_REDUCTION} % to +{MAX_INCREASE} %; the chart figure may be reduced by at most {MAX_REDUCTION} %."
                ),
            ));
        }
        if adjustment < 0 && !self.complexity.contains(&1) {
            return Err(invalid(
                "adjustmentPercent",
                "A reduction needs at least one complexity factor rated 1 (low) as its reason."
                    .into(),
            ));
        }
        if adjustment > 0 && !self.complexity.contains(&3) {
            return Err(invalid(
                "adjustmentPercent",
                "An increase needs at least one complexity factor rated 3 (high) as its reason."
                    .into(),
            ));
        }
        if !(MIN_ON_SITE..=100).contains(&self.on_site_percent) {
            return Err(invalid(
                "onSitePercent",
                format!(
                    "On-site share {} % is outside {MIN_ON_SITE} % to 100 %.",
                    self.on_site_percent
                ),
            ));
        }
        match self.own_days {
            Some(d) if !(0.5..=1000.0).contains(&d) => Err(invalid(
                "ownDays",
                "Give your estimate as 0.5 to 1000 auditor-days.".into(),
            )),
            None if internal => Err(Error::on_field(
                ErrorCode::Required,
                "ownDays",
                "An internal audit needs your own estimate in auditor-days (the chart is for certification audits).",
            )),
            _ => Ok(()),
        }
    }

    /// Checks the inputs; `internal` audits need the manager's own estimate.
    pub fn validate(&self, internal: bool) -> Result<TimeInputs> {
        self.check(internal)?;
        Ok(TimeInputs {
            own_days: if internal {
                self.own_days.map(half_days)
            } else {
                None
            },
            ..self.clone()
        })
    }

    /// The estimate with its derivation.
    pub fn estimate(&self) -> Estimate {
        self.estimate_in(&Messages::default())
    }

    /// [`TimeInputs::estimate`], its steps in the words of `m` (English without them).
    pub fn estimate_in(&self, m: &Messages) -> Estimate {
        let shown = |halves: u32| m.decimal(shown(halves));
        let mut steps = Vec::new();
        let simple = self.identical;
        let counted = f64::from(simple).sqrt().ceil() as u32;
        let persons = self.head_count - simple + counted;
        if simple > 0 {
            let head_count = self.head_count;
            steps.push(m.or(
                "engine.time.head_count_simple",
                &[
                    ("persons", &persons),
                    ("headCount", &head_count),
                    ("simple", &simple),
                    ("counted", &counted),
                ],
                format!(
                    "Effective head count {persons}: {head_count} persons, of whom {simple} do identical simple activities and count as their square root rounded up ({counted})."
                ),
            ));
        } else {
            steps.push(m.or(
                "engine.time.head_count",
                &[("persons", &persons)],
                format!("Effective head count {persons}."),
            ));
        }
        let (from, to, chart) = chart(persons, self.stage);
        let stage = match self.stage {
            Stage::Initial => m.or(
                "engine.time.stage.initial",
                &[],
                "an initial audit (stage 1 and 2)".into(),
            ),
            Stage::Surveillance => m.or(
                "engine.time.stage.surveillance",
                &[],
                "a surveillance audit (about a third of the initial time)".into(),
            ),
            Stage::Recertification => m.or(
                "engine.time.stage.recertification",
                &[],
                "a recertification audit (about two thirds of the initial time)".into(),
            ),
        };
        let chart_days = shown(chart);
        steps.push(match to {
            Some(to) => m.or(
                "engine.time.band",
                &[("from", &from), ("to", &to), ("days", &chart_days), ("stage", &stage)],
                format!("Chart band {from}-{to} persons: {chart_days} days for {stage}."),
            ),
            None => m.or(
                "engine.time.beyond",
                &[
                    ("from", &from),
                    ("days", &chart_days),
                    ("stage", &stage),
                    ("per", &PERSONS_PER_DAY_BEYOND),
                ],
                format!(
                    "Beyond the chart's last band (from {from} persons): {chart_days} days for {stage}, extrapolated at one initial-audit day per {PERSONS_PER_DAY_BEYOND} persons."
                ),
            ),
        });
        let ratings: Vec<String> = factors(m)
            .iter()
            .zip(&self.complexity)
            .map(|(f, r)| format!("{f} {r}"))
            .collect();
        // In hundredths of a half day, then to the nearest half day.
        let scaled = chart * (100 + self.adjustment_percent).unsigned_abs();
        let certification = (scaled + 50) / 100;
        let (ratings, adjustment, days) = (
            ratings.join("; "),
            format!("{:+}", self.adjustment_percent),
            shown(certification),
        );
        steps.push(m.or(
            "engine.time.complexity",
            &[
                ("ratings", &ratings),
                ("adjustment", &adjustment),
                ("chartDays", &chart_days),
                ("days", &days),
            ],
            format!(
                "Complexity rated ({ratings}): adjustment {adjustment} % of {chart_days} days, rounded to the nearest half day: {days} days."
            ),
        ));
        let (halves, own_estimate) = match self.own_days {
            Some(own) => {
                let own = (own * 2.0).round() as u32;
                let days = shown(own);
                steps.push(m.or(
                    "engine.time.own",
                    &[("days", &days)],
                    format!(
                        "Internal audit: your own estimate of {days} days is used; the chart figure is context only."
                    ),
                ));
                (own, true)
            }
            None => (certification, false),
        };
        let on_site = (halves * self.on_site_percent + 50) / 100;
        let (percent, days) = (self.on_site_percent, shown(on_site));
        steps.push(m.or(
            "engine.time.on_site",
            &[("percent", &percent), ("days", &days)],
            format!("On site {percent} %: {days} days; the rest off site."),
        ));
        let (factor, tenths) = match self.stage {
            Stage::Initial => (1.0, "1"),
            Stage::Surveillance => (0.6, "0.6"),
            Stage::Recertification => (0.8, "0.8"),
        };
        let sites_to_visit = (factor * f64::from(self.sites).sqrt()).ceil() as u32;
        if self.sites > 0 {
            let (sites, tenths) = (self.sites, m.decimal(tenths.to_string()));
            steps.push(m.or(
                "engine.time.sites",
                &[("sites", &sites), ("visit", &sites_to_visit), ("factor", &tenths)],
                format!(
                    "Multi-site: of {sites} sites besides the central function, sample {sites_to_visit} ({tenths} × square root, rounded up), a quarter of them at random; the central function is always audited."
                ),
            ));
        }
        Estimate {
            chart_days: f64::from(chart) / 2.0,
            days: f64::from(halves) / 2.0,
            on_site_days: f64::from(on_site) / 2.0,
            sites_to_visit,
            own_estimate,
            steps,
        }
    }
}

/// The stored times with `audit_id`'s inputs set.
pub fn with_time(times: &[AuditTime], audit_id: &str, inputs: TimeInputs) -> Vec<AuditTime> {
    times
        .iter()
        .filter(|t| t.audit_id != audit_id)
        .cloned()
        .chain(std::iter::once(AuditTime {
            audit_id: audit_id.to_string(),
            inputs,
        }))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inputs(head_count: u32) -> TimeInputs {
        TimeInputs {
            head_count,
            identical: 0,
            stage: Stage::Initial,
            complexity: vec![2; 6],
            adjustment_percent: 0,
            on_site_percent: 100,
            sites: 0,
            own_days: None,
        }
    }

    #[test]
    fn every_band_of_the_chart_from_its_first_to_its_last_person() {
        let reference = include_str!("../../../shared/reference/audit_time_27006.csv");
        let mut bands = 0;
        for line in reference.lines().skip(1) {
            let c: Vec<&str> = line.split(',').collect();
            let Ok(to) = c[1].parse::<u32>() else {
                continue;
            };
            let from: u32 = c[0].parse().unwrap();
            for (stage, column) in [
                (Stage::Initial, 2),
                (Stage::Surveillance, 3),
                (Stage::Recertification, 4),
            ] {
                let want: f64 = c[column].parse().unwrap();
                for persons in [from, to] {
                    let halves = (want * 2.0) as u32;
                    assert_eq!(
                        chart(persons, stage),
                        (from, Some(to), halves),
                        "{persons} {stage:?}"
                    );
                    let mut i = inputs(persons);
                    i.stage = stage;
                    let e = i.estimate();
                    assert_eq!((e.chart_days, e.days), (want, want));
                    assert!(e.steps[1].contains(&format!("{from}-{to} persons")));
                }
            }
            bands += 1;
        }
        assert_eq!(bands, 22);
    }

    #[test]
    fn beyond_the_chart_the_progression_continues() {
        assert_eq!(chart(10_700, Stage::Initial).2, 56);
        assert_eq!(chart(10_701, Stage::Initial), (10_701, None, 56));
        assert_eq!(chart(12_900, Stage::Initial).2, 58);
        assert_eq!(chart(21_700, Stage::Initial).2, 66);
        // 9.5 + 5 × 9.5/28 = 11.2, to the nearest half day 11.
        assert_eq!(chart(21_700, Stage::Surveillance).2, 22);
        assert!(inputs(21_700).estimate().steps[1].contains("Beyond the chart"));
    }

    #[test]
    fn identical_activities_count_as_their_square_root() {
        let mut i = inputs(120);
        i.identical = 100;
        let e = i.estimate();
        // 20 + 10 = 30 persons: band 26-45, 8.5 days.
        assert_eq!(e.chart_days, 8.5);
        assert!(e.steps[0].contains("Effective head count 30"));
    }

    #[test]
    fn the_adjustment_is_bounded_and_needs_its_reason() {
        let mut i = inputs(50); // 10 days
        i.complexity = vec![1, 1, 2, 2, 2, 1];
        i.adjustment_percent = -30;
        assert_eq!(i.validate(false).unwrap().estimate().days, 7.0);
        i.adjustment_percent = -31;
        assert_eq!(
            i.validate(false).unwrap_err().field.as_deref(),
            Some("adjustmentPercent")
        );
        i.adjustment_percent = 10; // no factor rated high
        assert_eq!(i.validate(false).unwrap_err().code, ErrorCode::InvalidValue);
        i.complexity[2] = 3;
        i.adjustment_percent = 50;
        assert_eq!(i.estimate().days, 15.0);
        i.adjustment_percent = 51;
        assert!(i.validate(false).is_err());
        i.adjustment_percent = -15; // 8.5 rounds to 8.5; 10 * 0.85
        assert_eq!(i.estimate().days, 8.5);
        i.adjustment_percent = -12; // 8.8 -> 9
        assert_eq!(i.estimate().days, 9.0);
    }

    #[test]
    fn on_site_share_sites_and_internal_estimates() {
        let mut i = inputs(50);
        i.on_site_percent = 79;
        assert_eq!(
            i.validate(false).unwrap_err().field.as_deref(),
            Some("onSitePercent")
        );
        i.on_site_percent = 80;
        i.sites = 10;
        let e = i.estimate();
        assert_eq!((e.days, e.on_site_days, e.sites_to_visit), (10.0, 8.0, 4));
        i.stage = Stage::Surveillance;
        assert_eq!(i.estimate().sites_to_visit, 2);
        // Internal: the own estimate is needed, and used.
        assert_eq!(i.validate(true).unwrap_err().code, ErrorCode::Required);
        i.own_days = Some(2.3);
        let v = i.validate(true).unwrap();
        let e = v.estimate();
        assert_eq!((e.days, e.own_estimate, e.chart_days), (2.5, true, 3.5));
        // A certification-style audit ignores an own estimate.
        assert_eq!(i.validate(false).unwrap().own_days, None);
    }
}
