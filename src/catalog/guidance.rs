//! Audit guidance: how to audit one criterion, in the project's own words (never the
//! standard's text). The guidance is compiled in from `catalog/data/guidance_*.json`;
//! `docs/guidance.md` explains the fields and where the sample sizes come from.

use serde::{Deserialize, Serialize};

/// Shown with every Annex A control: what a finding against a control is raised against.
pub const ANNEX_A_NOTE: &str = "Annex A controls are audited against what the organization \
decided: its Statement of Applicability, its risk treatment plan and the rules it set for \
itself. Raise a nonconformity when a control the SoA declares applicable does not work the \
way the organization defined it, when a risk the treatment plan assigns to it is left \
untreated, or when an exclusion has no sound justification (against 6.1.3). Practice \
beyond those decisions is an observation or an opportunity for improvement, not a \
nonconformity.";

/// The documented information every Annex A control has: its line in the SoA.
pub const SOA_LINE: &str = "This control's line in the Statement of Applicability: \
included or excluded, why, and whether it is implemented";

/// Where the SoA line is asked for.
pub const SOA_CLAUSE: &str = "6.1.3 d)";

/// How a criterion is audited: what to read, whom to ask, what to test and sample, what
/// evidence to expect and which nonconformities come up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Guidance {
    /// Documented information to examine.
    pub examine: String,
    /// Whom to interview, and what to ask.
    pub interview: String,
    /// What to observe or sample, and how.
    pub observe: String,
    /// Typical objective evidence of conformity.
    pub evidence: String,
    /// Nonconformities commonly raised here, each against a requirement or the
    /// organization's own decision.
    pub nonconformities: String,
    /// The samples the item is tested on: what is sampled, and how many.
    pub sampling: Vec<Sample>,
    /// The documented information ISO/IEC 27001 itself requires here; empty when it
    /// requires none (what the organization decided it needs comes under 7.5.1 b)).
    /// A heading lists what the criteria under it require; an Annex A control starts
    /// with its SoA line.
    pub documents: Vec<RequiredDocument>,
    /// What to stress in an internal, a supplier or another external audit, where the
    /// emphasis differs.
    pub emphasis: Emphasis,
    /// Tests that disturb or probe the auditee (physical, technical, social): each must be
    /// agreed with the auditee and written into the audit plan before it is run.
    pub agree_first: Vec<String>,
}

/// One sample to take: what it is drawn from, and its size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Sample {
    /// What the sample is drawn from ("access grants made in the audit period").
    pub population: String,
    /// How the size is chosen.
    pub basis: SampleBasis,
    /// The basis in words ("a control that runs daily").
    pub basis_label: String,
    /// The size, or the rule that gives it ("25 (20-40 in common practice)").
    pub size: String,
}

/// How a sample size is chosen, after `sampling_guidance.csv` of the project's reference
/// set: by how often a control runs (common practice in control testing, not
/// statistics), by the size of a population of events, or by a square-root rule for
/// people doing the same work and for sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SampleBasis {
    Annual,
    Quarterly,
    Monthly,
    Weekly,
    Daily,
    ManyTimesADay,
    /// Items or events that arise as they happen (joiners, changes, incidents, contracts):
    /// sized by how many there were.
    Population,
    /// People doing the same simple, repetitive work: the square root of the head count
    /// (the head-count rule of ISO/IEC 27006-1; not a rule for interviews, which the
    /// guidance samples by department).
    People,
    /// Sites of a multi-site organization: the square root of the number of sites.
    Sites,
}

impl SampleBasis {
    const ALL: [SampleBasis; 9] = [
        SampleBasis::Annual,
        SampleBasis::Quarterly,
        SampleBasis::Monthly,
        SampleBasis::Weekly,
        SampleBasis::Daily,
        SampleBasis::ManyTimesADay,
        SampleBasis::Population,
        SampleBasis::People,
        SampleBasis::Sites,
    ];

    /// The basis named as in the guidance files ("daily", "many_times_a_day", ...).
    pub fn from_name(name: &str) -> Option<SampleBasis> {
        SampleBasis::ALL.into_iter().find(|b| b.name() == name)
    }

    pub fn name(self) -> &'static str {
        match self {
            SampleBasis::Annual => "annual",
            SampleBasis::Quarterly => "quarterly",
            SampleBasis::Monthly => "monthly",
            SampleBasis::Weekly => "weekly",
            SampleBasis::Daily => "daily",
            SampleBasis::ManyTimesADay => "many_times_a_day",
            SampleBasis::Population => "population",
            SampleBasis::People => "people",
            SampleBasis::Sites => "sites",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SampleBasis::Annual => "a control that runs once a year",
            SampleBasis::Quarterly => "a control that runs quarterly",
            SampleBasis::Monthly => "a control that runs monthly",
            SampleBasis::Weekly => "a control that runs weekly",
            SampleBasis::Daily => "a control that runs daily",
            SampleBasis::ManyTimesADay => "a control that runs many times a day",
            SampleBasis::Population => {
                "items that arise as they happen, sized by how many there were"
            }
            SampleBasis::People => "people doing the same simple, repetitive work",
            SampleBasis::Sites => "sites of a multi-site organization",
        }
    }

    /// The size, or the rule that gives it, as the page shows it.
    pub fn size(self) -> &'static str {
        match self {
            SampleBasis::Annual => "1 (the latest)",
            SampleBasis::Quarterly => "2",
            SampleBasis::Monthly => "2 (2-5 in common practice)",
            SampleBasis::Weekly => "5 (5-15 in common practice)",
            SampleBasis::Daily => "25 (20-40 in common practice)",
            SampleBasis::ManyTimesADay => "25 (25-60 in common practice)",
            SampleBasis::Population => {
                "all if fewer than 5; 5 if fewer than 50; otherwise 10%, at most 25"
            }
            SampleBasis::People => "√n of the head count, rounded up (ISO/IEC 27006-1)",
            SampleBasis::Sites => {
                "√n of the sites, rounded up, plus the central function (IAF MD 1)"
            }
        }
    }

    /// The number of items to sample from a population of `n` (never more than `n`).
    pub fn size_for(self, n: usize) -> usize {
        let fixed = match self {
            SampleBasis::Annual => 1,
            SampleBasis::Quarterly | SampleBasis::Monthly => 2,
            SampleBasis::Weekly => 5,
            SampleBasis::Daily | SampleBasis::ManyTimesADay => 25,
            SampleBasis::Population if n < 5 => n,
            SampleBasis::Population if n < 50 => 5,
            SampleBasis::Population => n.div_ceil(10).min(25),
            SampleBasis::People | SampleBasis::Sites => (1..=n).find(|r| r * r >= n).unwrap_or(0),
        };
        fixed.min(n)
    }
}

/// Documented information ISO/IEC 27001 asks for, paraphrased, with where it asks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct RequiredDocument {
    /// The clause or control that asks for it ("6.1.2", "A.5.37").
    pub clause: String,
    /// Kept current (a document) or kept as evidence (a record).
    pub kind: DocumentKind,
    /// What it is, in the project's words.
    pub what: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// Maintained and kept current (a policy, the scope, a procedure).
    Document,
    /// Retained as evidence of what happened (results, minutes, logs).
    Record,
}

/// A line per audit kind where the emphasis differs; keys match `AuditKind`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Emphasis {
    /// First party: the organization audits itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub internal: Option<String>,
    /// Second party: auditing a supplier.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub supplier: Option<String>,
    /// Other external audits: a customer's, or a certification body's.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub external: Option<String>,
}

impl Emphasis {
    pub fn lines(&self) -> impl Iterator<Item = &str> {
        [&self.internal, &self.supplier, &self.external]
            .into_iter()
            .filter_map(|l| l.as_deref())
    }
}

/// One entry of a guidance file. Samples are `[population, basis]` and documents
/// `[clause, kind, what]`: plain lists, so that the compiled-in data needs no decoder per
/// nested type (each derived decoder costs the wasm module a few KB).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GuidanceEntry {
    id: String,
    examine: String,
    interview: String,
    observe: String,
    evidence: String,
    nonconformities: String,
    #[serde(default)]
    sampling: Vec<[String; 2]>,
    /// Required in every entry, so that "none" is said, not forgotten.
    documents: Vec<[String; 3]>,
    #[serde(default)]
    internal_audit: Option<String>,
    #[serde(default)]
    supplier_audit: Option<String>,
    #[serde(default)]
    external_audit: Option<String>,
    #[serde(default)]
    agree_first: Vec<String>,
}

/// The entries of a compiled-in guidance file, by the id in the file. Malformed data
/// panics: it is compiled in and checked by the tests, so it is a build defect, not a
/// user error.
pub(super) fn entries(data: &str) -> Vec<(String, Guidance)> {
    let list: Vec<GuidanceEntry> =
        serde_json::from_str(data).expect("compiled-in guidance JSON is valid");
    list.into_iter().map(GuidanceEntry::into_guidance).collect()
}

impl GuidanceEntry {
    fn into_guidance(self) -> (String, Guidance) {
        let id = self.id;
        let guidance = Guidance {
            examine: self.examine,
            interview: self.interview,
            observe: self.observe,
            evidence: self.evidence,
            nonconformities: self.nonconformities,
            sampling: self
                .sampling
                .into_iter()
                .map(|[population, basis]| {
                    let basis = SampleBasis::from_name(&basis).expect("a known sample basis");
                    Sample {
                        population,
                        basis,
                        basis_label: basis.label().to_string(),
                        size: basis.size().to_string(),
                    }
                })
                .collect(),
            documents: self
                .documents
                .into_iter()
                .map(|[clause, kind, what]| RequiredDocument {
                    clause,
                    kind: if kind == "record" {
                        DocumentKind::Record
                    } else {
                        assert_eq!(kind, "document", "a known document kind");
                        DocumentKind::Document
                    },
                    what,
                })
                .collect(),
            emphasis: Emphasis {
                internal: self.internal_audit,
                supplier: self.supplier_audit,
                external: self.external_audit,
            },
            agree_first: self.agree_first,
        };
        (id, guidance)
    }
}

impl Guidance {
    /// Every text of the guidance, for search and checks.
    pub fn texts(&self) -> Vec<&str> {
        let mut texts = vec![
            self.examine.as_str(),
            &self.interview,
            &self.observe,
            &self.evidence,
            &self.nonconformities,
        ];
        texts.extend(self.sampling.iter().map(|s| s.population.as_str()));
        texts.extend(self.documents.iter().map(|d| d.what.as_str()));
        texts.extend(self.emphasis.lines());
        texts.extend(self.agree_first.iter().map(String::as_str));
        texts
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_sizes_follow_the_reference_table() {
        use SampleBasis::*;
        assert_eq!(Annual.size_for(3), 1);
        assert_eq!(Quarterly.size_for(4), 2);
        assert_eq!(Monthly.size_for(12), 2);
        assert_eq!(Weekly.size_for(52), 5);
        assert_eq!(Daily.size_for(250), 25);
        assert_eq!(ManyTimesADay.size_for(5000), 25);
        assert_eq!(Population.size_for(0), 0);
        assert_eq!(Population.size_for(4), 4, "all of a handful");
        assert_eq!(Population.size_for(5), 5);
        assert_eq!(Population.size_for(49), 5);
        assert_eq!(Population.size_for(50), 5);
        assert_eq!(Population.size_for(120), 12, "10%");
        assert_eq!(Population.size_for(900), 25, "at most 25");
        assert_eq!(People.size_for(100), 10);
        assert_eq!(People.size_for(101), 11, "rounded up");
        assert_eq!(Sites.size_for(1), 1);
        assert_eq!(Daily.size_for(10), 10, "never more than there are");
    }
}
