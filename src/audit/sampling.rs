//! Sampling per checklist item (ISO 19011 6.3.4, A.6): the population, how the sample
//! size was reached (a practitioner table by control frequency or population, or
//! statistical attribute sampling from a confidence and a tolerable deviation rate), a
//! reproducible random selection from a seed, and what examining the sample found.
//!
//! The table is compiled in from `shared/reference/sampling_guidance.csv`; its
//! frequency rows are common IT-controls practice, not ISO 19011 text, and the page
//! says so. Selection is SplitMix64 (Steele, Lea, Flood 2014) feeding Floyd's
//! algorithm for a sample without replacement, so the same seed always gives the same
//! items on every machine and in every later release.

use super::{AuditRecords, AuditStatus, not_in_scope};
use crate::error::{Error, ErrorCode, Result};
use crate::report::Messages;
use crate::text::{self, LONG};
use serde::{Deserialize, Serialize};

/// The largest population a plan numbers (items 1..=size).
pub const MAX_POPULATION: u32 = 10_000_000;
/// The largest sample drawn; beyond it the items are listed by the auditee, not here.
pub const MAX_SAMPLE: u32 = 5_000;

/// How the sample size is reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SamplingMethod {
    /// Judgement-based: the size comes from the control's frequency (or the
    /// population) by the practitioner table; the auditor's judgement chooses it.
    Judgement,
    /// Statistical attribute sampling with zero expected deviations.
    Statistical,
}

/// How often the sampled control operates, as the practitioner table groups it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ControlFrequency {
    Annual,
    Quarterly,
    Monthly,
    Weekly,
    Daily,
    MultipleTimesPerDay,
    /// Occurs as needed (e.g. user accounts created): sized by the population.
    AdHoc,
}

impl ControlFrequency {
    /// The key of its label in the page's words.
    pub fn message_key(self) -> &'static str {
        match self {
            ControlFrequency::Annual => "engine.sampling.frequency.annual",
            ControlFrequency::Quarterly => "engine.sampling.frequency.quarterly",
            ControlFrequency::Monthly => "engine.sampling.frequency.monthly",
            ControlFrequency::Weekly => "engine.sampling.frequency.weekly",
            ControlFrequency::Daily => "engine.sampling.frequency.daily",
            ControlFrequency::MultipleTimesPerDay => {
                "engine.sampling.frequency.multiple_times_per_day"
            }
            ControlFrequency::AdHoc => "engine.sampling.frequency.ad_hoc",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ControlFrequency::Annual => "annual",
            ControlFrequency::Quarterly => "quarterly",
            ControlFrequency::Monthly => "monthly",
            ControlFrequency::Weekly => "weekly",
            ControlFrequency::Daily => "daily",
            ControlFrequency::MultipleTimesPerDay => "multiple times per day",
            ControlFrequency::AdHoc => "as needed (by population)",
        }
    }
}

/// The sample size by control frequency for judgement sampling, from
/// `sampling_guidance.csv` (method `judgement_frequency_based`), with the typical range.
pub const FREQUENCY_TABLE: [(ControlFrequency, u32, &str); 6] = [
    (ControlFrequency::Annual, 1, "1"),
    (ControlFrequency::Quarterly, 2, "2"),
    (ControlFrequency::Monthly, 2, "2-5"),
    (ControlFrequency::Weekly, 5, "5-15"),
    (ControlFrequency::Daily, 25, "20-40"),
    (ControlFrequency::MultipleTimesPerDay, 25, "25-60"),
];

/// Where the table's frequency rows come from, shown with every size they give.
pub const TABLE_SOURCE: &str =
    "common IT-controls testing practice (non-statistical), not a rule of ISO 19011";

/// The editable fields of an item's sampling plan, as the page sends them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SamplingFields {
    /// What the population is, e.g. "active user accounts on 1 March".
    pub population: String,
    /// How many items it has; they are numbered 1 to this.
    pub population_size: u32,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub method: Option<SamplingMethod>,
    /// For judgement sampling.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub frequency: Option<ControlFrequency>,
    /// For statistical sampling: confidence in percent (50-99).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub confidence: Option<u8>,
    /// For statistical sampling: tolerable deviation rate in percent (1-50).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub tolerable_rate: Option<u8>,
    /// Decimal digits (up to 18) that seed the random selection; empty: no selection.
    #[serde(default)]
    pub seed: String,
    /// How many of the selected items have been examined so far.
    #[serde(default)]
    pub examined: u32,
    /// How many examined items deviated from the criterion.
    #[serde(default)]
    pub deviations: u32,
    /// What the deviations were, or other notes on the sample.
    #[serde(default)]
    pub notes: String,
}

/// A stored sampling plan. Its id is `{auditId}/{criterionId}`: one per checklist item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SamplingPlan {
    pub id: String,
    pub audit_id: String,
    pub criterion_id: String,
    pub population: String,
    pub population_size: u32,
    pub method: SamplingMethod,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub frequency: Option<ControlFrequency>,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub confidence: Option<u8>,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub tolerable_rate: Option<u8>,
    pub sample_size: u32,
    /// How the size was reached, in words and numbers, for the working papers.
    pub derivation: String,
    pub seed: String,
    /// The items drawn (numbers 1..=population size), ascending; empty without a seed.
    pub selected: Vec<u32>,
    pub examined: u32,
    pub deviations: u32,
    pub notes: String,
}

impl SamplingPlan {
    pub fn id_for(audit_id: &str, criterion_id: &str) -> String {
        format!("{audit_id}/{criterion_id}")
    }
}

/// A sample size and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleSize {
    pub size: u32,
    pub derivation: String,
}

/// Statistical attribute sampling with zero expected deviations: the smallest n with
/// (1 - p)^n <= 1 - C, i.e. n = ceil(ln(1 - C) / ln(1 - p)) (binomial, infinite
/// population), then at most the population.
pub fn statistical_size(confidence: u8, tolerable_rate: u8, population: u32) -> SampleSize {
    statistical_size_in(&Messages::default(), confidence, tolerable_rate, population)
}

/// [`statistical_size`], its derivation in the words of `m` (English without them).
pub fn statistical_size_in(
    m: &Messages,
    confidence: u8,
    tolerable_rate: u8,
    population: u32,
) -> SampleSize {
    let c = f64::from(confidence) / 100.0;
    let p = f64::from(tolerable_rate) / 100.0;
    let raw = (1.0 - c).ln() / (1.0 - p).ln();
    // A quotient a hair above an integer from rounding must not add a whole item: take
    // the ceiling of the value, then step down while the smaller n already suffices.
    let mut n = raw.ceil() as u32;
    while n > 1 && (1.0 - p).powi(n as i32 - 1) <= 1.0 - c + 1e-12 {
        n -= 1;
    }
    let (c, p, raw) = (
        m.decimal(fmt_fraction(confidence)),
        m.decimal(fmt_fraction(tolerable_rate)),
        m.decimal(format!("{raw:.3}")),
    );
    let derivation = m.or(
        "engine.sampling.statistical",
        &[
            ("c", &c),
            ("p", &p),
            ("raw", &raw),
            ("n", &n),
            ("confidence", &confidence),
            ("rate", &tolerable_rate),
        ],
        format!(
            "Statistical attribute sampling, zero expected deviations: n = ceil(ln(1 - {c}) / ln(1 - {p})) = ceil({raw}) = {n} (at {confidence}% confidence, if no examined item deviates, the deviation rate is below {tolerable_rate}%)"
        ),
    );
    cap(m, n, population, derivation)
}

/// Judgement sampling by control frequency (ad hoc controls by population), from the
/// practitioner table.
pub fn judgement_size(frequency: ControlFrequency, population: u32) -> SampleSize {
    judgement_size_in(&Messages::default(), frequency, population)
}

/// [`judgement_size`], its derivation in the words of `m` (English without them).
pub fn judgement_size_in(m: &Messages, frequency: ControlFrequency, population: u32) -> SampleSize {
    let source = m.or("engine.sampling.source", &[], TABLE_SOURCE.to_string());
    if let Some((_, n, range)) = FREQUENCY_TABLE.iter().find(|(f, _, _)| *f == frequency) {
        let label = m.or(frequency.message_key(), &[], frequency.label().to_string());
        let derivation = m.or(
            "engine.sampling.judgement",
            &[
                ("frequency", &label),
                ("n", n),
                ("range", range),
                ("source", &source),
            ],
            format!(
                "Judgement sampling, {label} control: {n} item(s) (typical range {range}; {source})"
            ),
        );
        return cap(m, *n, population, derivation);
    }
    let (n, rule) = if population < 5 {
        let rule = m.or(
            "engine.sampling.under_5",
            &[],
            "fewer than 5 items: every item".to_string(),
        );
        (population, rule)
    } else if population < 50 {
        let rule = m.or(
            "engine.sampling.under_50",
            &[],
            "fewer than 50 items: 5".to_string(),
        );
        (5, rule)
    } else {
        let tenth = population.div_ceil(10);
        let n = tenth.min(25);
        let rule = m.or(
            "engine.sampling.tenth",
            &[("population", &population), ("tenth", &tenth), ("n", &n)],
            format!("min(25, 10% of {population} = {tenth}) = {n}"),
        );
        (n, rule)
    };
    let derivation = m.or(
        "engine.sampling.ad_hoc",
        &[("population", &population), ("rule", &rule), ("source", &source)],
        format!(
            "Judgement sampling, control operating as needed, population {population}: {rule} ({source})"
        ),
    );
    cap(m, n, population, derivation)
}

fn cap(m: &Messages, n: u32, population: u32, mut derivation: String) -> SampleSize {
    if n > population {
        derivation.push_str(&m.or(
            "engine.sampling.capped",
            &[("population", &population)],
            format!("; the population has only {population}, so every item is examined"),
        ));
    }
    SampleSize {
        size: n.min(population),
        derivation,
    }
}

/// A stored plan with its derivation in the words of `m` (the page's language); as
/// recorded when `m` is empty or the plan's figures give another size today.
pub fn in_words(mut plan: SamplingPlan, m: &Messages) -> SamplingPlan {
    if m.is_empty() {
        return plan;
    }
    let sample = match (
        plan.method,
        plan.frequency,
        plan.confidence,
        plan.tolerable_rate,
    ) {
        (SamplingMethod::Judgement, Some(f), _, _) => judgement_size_in(m, f, plan.population_size),
        (SamplingMethod::Statistical, _, Some(c), Some(p)) => {
            statistical_size_in(m, c, p, plan.population_size)
        }
        _ => return plan,
    };
    if sample.size == plan.sample_size {
        plan.derivation = sample.derivation;
    }
    plan
}

fn fmt_fraction(percent: u8) -> String {
    format!("{}", f64::from(percent) / 100.0)
}

/// SplitMix64: a 64-bit generator with a published, fixed algorithm, so a seed draws
/// the same sequence everywhere.
#[derive(Debug, Clone)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform number in `0..bound` (bound > 0), without modulo bias (rejection).
    pub fn below(&mut self, bound: u64) -> u64 {
        let zone = u64::MAX - (u64::MAX % bound);
        loop {
            let x = self.next_u64();
            if x < zone {
                return x % bound;
            }
        }
    }
}

/// `count` distinct items of 1..=`population`, ascending, drawn from `seed` by Floyd's
/// algorithm (each subset of that size equally likely).
pub fn select(seed: u64, population: u32, count: u32) -> Vec<u32> {
    let count = count.min(population);
    let mut rng = SplitMix64::new(seed);
    let mut chosen = std::collections::BTreeSet::new();
    for j in (population - count + 1)..=population {
        let t = rng.below(u64::from(j)) as u32 + 1;
        if !chosen.insert(t) {
            chosen.insert(j);
        }
    }
    chosen.into_iter().collect()
}

/// The seed as a number: decimal digits, at most 18 of them.
pub fn parse_seed(seed: &str) -> Result<Option<u64>> {
    let seed = seed.trim();
    if seed.is_empty() {
        return Ok(None);
    }
    if seed.len() > 18 || !seed.bytes().all(|b| b.is_ascii_digit()) {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            "seed",
            "The seed is a number of at most 18 digits (e.g. today's date, 20260301); write it down so the selection can be repeated.",
        ));
    }
    Ok(Some(seed.parse().expect("checked digits")))
}

/// Sets (or replaces) the sampling plan of the item for `criterion_id`, while the audit
/// is planned or in progress: the size and the selection are computed here.
pub fn set_plan(
    current: AuditRecords,
    criterion_id: &str,
    fields: &SamplingFields,
) -> Result<SamplingPlan> {
    if current.audit.status == AuditStatus::Completed {
        return Err(Error::new(
            ErrorCode::InvalidStatus,
            "This audit is completed and its records are closed; reopen it to change a sampling plan.",
        ));
    }
    if !current
        .checklist
        .iter()
        .any(|i| i.criterion_id == criterion_id)
    {
        return Err(not_in_scope(criterion_id));
    }
    let population = text::required("population", "Population", &fields.population, LONG)?;
    let size = fields.population_size;
    if size == 0 || size > MAX_POPULATION {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            "populationSize",
            format!(
                "The population size is {size}; give the number of items, from 1 to {MAX_POPULATION}."
            ),
        ));
    }
    let method = fields.method.ok_or_else(|| {
        Error::on_field(
            ErrorCode::Required,
            "method",
            "Choose the sampling method: judgement or statistical.",
        )
    })?;
    let (frequency, confidence, tolerable_rate, sample) = match method {
        SamplingMethod::Judgement => {
            let frequency = fields.frequency.ok_or_else(|| {
                Error::on_field(
                    ErrorCode::Required,
                    "frequency",
                    "Choose how often the control operates (as needed: the population decides the size).",
                )
            })?;
            (Some(frequency), None, None, judgement_size(frequency, size))
        }
        SamplingMethod::Statistical => {
            let confidence = match fields.confidence {
                Some(c @ 50..=99) => c,
                other => {
                    return Err(Error::on_field(
                        ErrorCode::InvalidValue,
                        "confidence",
                        format!(
                            "The confidence is {}; give it in percent, from 50 to 99 (90 or 95 are usual).",
                            other.map_or("missing".to_string(), |c| c.to_string())
                        ),
                    ));
                }
            };
            let rate = match fields.tolerable_rate {
                Some(r @ 1..=50) => r,
                other => {
                    return Err(Error::on_field(
                        ErrorCode::InvalidValue,
                        "tolerableRate",
                        format!(
                            "The tolerable deviation rate is {}; give it in percent, from 1 to 50 (5 or 10 are usual).",
                            other.map_or("missing".to_string(), |r| r.to_string())
                        ),
                    ));
                }
            };
            (
                None,
                Some(confidence),
                Some(rate),
                statistical_size(confidence, rate, size),
            )
        }
    };
    if sample.size > MAX_SAMPLE {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            "tolerableRate",
            format!(
                "That gives a sample of {}, more than the {MAX_SAMPLE} items this plan draws; raise the tolerable rate or lower the confidence.",
                sample.size
            ),
        ));
    }
    let seed_value = parse_seed(&fields.seed)?;
    let selected = seed_value
        .map(|s| select(s, size, sample.size))
        .unwrap_or_default();
    if fields.examined > sample.size {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            "examined",
            format!(
                "{} items examined, but the sample has {}; correct the count.",
                fields.examined, sample.size
            ),
        ));
    }
    if fields.deviations > fields.examined {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            "deviations",
            format!(
                "{} deviations found in {} items examined; deviations can only be found in examined items.",
                fields.deviations, fields.examined
            ),
        ));
    }
    let audit_id = &current.audit.id;
    Ok(SamplingPlan {
        id: SamplingPlan::id_for(audit_id, criterion_id),
        audit_id: audit_id.clone(),
        criterion_id: criterion_id.to_string(),
        population,
        population_size: size,
        method,
        frequency,
        confidence,
        tolerable_rate,
        sample_size: sample.size,
        derivation: sample.derivation,
        seed: seed_value.map(|s| s.to_string()).unwrap_or_default(),
        selected,
        examined: fields.examined,
        deviations: fields.deviations,
        notes: text::optional("notes", "Notes", &fields.notes, LONG)?,
    })
}
