//! Audit criteria: the catalogs of requirements an audit is conducted against
//! (ISO/IEC 27001:2022 and 2013), the mapping between the editions, and search.
//!
//! Catalog data is compiled into the crate from `catalog/data/` (copied from the
//! project's reference set: ids and titles only, never requirement text). The audit
//! guidance is the project's own writing.

pub mod custom;
pub mod guidance;
mod iso27001;
pub mod mapping;

pub use guidance::{
    ANNEX_A_NOTE, DocumentKind, Emphasis, Guidance, RequiredDocument, Sample, SampleBasis,
};

use crate::csv;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The id of the ISO/IEC 27001:2022 catalog.
pub const ISO27001_2022: &str = "iso27001-2022";
/// The id of the ISO/IEC 27001:2013 catalog.
pub const ISO27001_2013: &str = "iso27001-2013";

/// Shown wherever the ISO/IEC 27002:2022 attributes appear.
pub const ATTRIBUTES_CAVEAT: &str =
    "ISO/IEC 27002:2022 attributes from public datasets, unverified against the standard";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// A management-system requirement (clauses 4-10).
    Clause,
    /// An Annex A control.
    Control,
    /// A criterion from the organization's own set (policy, law, contract, ...).
    Custom,
}

/// One requirement or control. Ids are unique within a catalog: clauses keep their
/// number ("6.1.2"), Annex A controls are prefixed ("A.5.1") because the numbers collide.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Criterion {
    pub id: String,
    pub kind: CriterionKind,
    pub title: String,
    /// The top-level clause ("6"), the Annex A theme ("organizational") or, in 2013,
    /// the Annex A domain ("A.9").
    pub group: String,
    /// False for headings that only group other criteria (e.g. clause 6.1 has 6.1.1-6.1.3).
    pub auditable: bool,
    /// A remark on the criterion, e.g. an amendment's addition or a change since 2013.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub note: Option<String>,
    /// The 2013 control objective a control serves ("A.9.2 User access management").
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub objective: Option<String>,
    /// New in this edition, with no predecessor.
    pub new_in_edition: bool,
    /// The corresponding criteria of the other edition (2013 <-> 2022).
    pub counterparts: Vec<String>,
    /// ISO/IEC 27002:2022 attributes (2022 controls only; see [`ATTRIBUTES_CAVEAT`]).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub attributes: Option<Attributes>,
    /// What to look for when auditing it.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub guidance: Option<Guidance>,
    /// Where the guidance was written for, when it is borrowed from a counterpart.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub guidance_from: Option<String>,
    /// What a nonconformity against this criterion is raised against, where that needs
    /// saying: every Annex A control carries [`ANNEX_A_NOTE`].
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub raise_against: Option<String>,
}

/// The ISO/IEC 27002:2022 attributes of a control, one list per attribute type.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Attributes {
    pub control_type: Vec<String>,
    pub security_properties: Vec<String>,
    pub cybersecurity_concepts: Vec<String>,
    pub operational_capabilities: Vec<String>,
    pub security_domains: Vec<String>,
}

/// The attribute types, as (key used in filters, label).
pub const ATTRIBUTE_TYPES: [(&str, &str); 5] = [
    ("controlType", "Control type"),
    ("securityProperties", "Information security properties"),
    ("cybersecurityConcepts", "Cybersecurity concepts"),
    ("operationalCapabilities", "Operational capabilities"),
    ("securityDomains", "Security domains"),
];

impl Attributes {
    /// The values of the attribute type `key` (one of [`ATTRIBUTE_TYPES`]).
    pub fn values(&self, key: &str) -> &[String] {
        match key {
            "controlType" => &self.control_type,
            "securityProperties" => &self.security_properties,
            "cybersecurityConcepts" => &self.cybersecurity_concepts,
            "operationalCapabilities" => &self.operational_capabilities,
            "securityDomains" => &self.security_domains,
            _ => &[],
        }
    }
}

/// A named group of criteria, as the checklist filter and the criteria picker show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Group {
    pub id: String,
    pub kind: CriterionKind,
    pub title: String,
}

/// One attribute type with every value that occurs in a catalog, for filters.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Facet {
    pub key: String,
    pub label: String,
    pub values: Vec<String>,
}

#[derive(Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    pub id: String,
    /// The standard and edition, as a report names it.
    pub edition: String,
    /// Bumped whenever the compiled data changes; an audit records the version it used.
    pub version: String,
    /// Set when the edition is withdrawn: why, and what it is still good for.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub withdrawn: Option<String>,
    /// The catalog of the other edition, whose ids `counterparts` name.
    pub counterpart_catalog: String,
    pub groups: Vec<Group>,
    /// Attribute filters (empty where the catalog has no attributes).
    pub facets: Vec<Facet>,
    /// Shown with the attributes wherever they appear (see [`ATTRIBUTES_CAVEAT`]).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub attributes_caveat: Option<String>,
    pub criteria: Vec<Criterion>,
    #[serde(skip)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "never"))]
    index: HashMap<String, usize>,
}

impl Catalog {
    fn new(
        (id, edition, version, counterpart_catalog): (&str, &str, &str, &str),
        groups: Vec<Group>,
        criteria: Vec<Criterion>,
    ) -> Catalog {
        let index = criteria
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        let facets: Vec<Facet> = ATTRIBUTE_TYPES
            .iter()
            .map(|(key, label)| {
                let mut values: Vec<String> = criteria
                    .iter()
                    .filter_map(|c| c.attributes.as_ref())
                    .flat_map(|a| a.values(key).iter().cloned())
                    .collect();
                values.sort();
                values.dedup();
                Facet {
                    key: key.to_string(),
                    label: label.to_string(),
                    values,
                }
            })
            .filter(|f| !f.values.is_empty())
            .collect();
        Catalog {
            id: id.to_string(),
            edition: edition.to_string(),
            version: version.to_string(),
            withdrawn: None,
            counterpart_catalog: counterpart_catalog.to_string(),
            groups,
            attributes_caveat: (!facets.is_empty()).then(|| ATTRIBUTES_CAVEAT.to_string()),
            facets,
            criteria,
            index,
        }
    }

    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.index.get(id).map(|&i| &self.criteria[i])
    }

    /// The criteria matching every part of `filter`: those whose id, title, note or
    /// objective match the text first, then those matched in their guidance only; each
    /// part in catalog order.
    pub fn find(&self, filter: &CriteriaFilter) -> Vec<&Criterion> {
        let words: Vec<String> = filter
            .text
            .to_lowercase()
            .split_whitespace()
            .map(str::to_string)
            .collect();
        let attribute = filter.attribute.split_once('=');
        self.criteria
            .iter()
            .filter(|c| !filter.auditable_only || c.auditable)
            .filter(|c| filter.group.is_empty() || c.group == filter.group)
            .filter(|c| filter.kind.is_none_or(|k| c.kind == k))
            .filter(|c| match attribute {
                None => true,
                Some((key, value)) => c
                    .attributes
                    .as_ref()
                    .is_some_and(|a| a.values(key).iter().any(|v| v == value)),
            })
            .filter_map(|c| {
                let contains_all = |text: &str| words.iter().all(|w| text.contains(w.as_str()));
                if contains_all(&heading_text(c)) {
                    Some((0, c))
                } else if contains_all(&guidance_text(c)) {
                    Some((1, c))
                } else {
                    None
                }
            })
            .fold([Vec::new(), Vec::new()], |mut ranks, (rank, c)| {
                ranks[rank].push(c);
                ranks
            })
            .concat()
    }
}

fn heading_text(c: &Criterion) -> String {
    format!(
        "{} {} {} {}",
        c.id,
        c.title,
        c.note.as_deref().unwrap_or(""),
        c.objective.as_deref().unwrap_or("")
    )
    .to_lowercase()
}

fn guidance_text(c: &Criterion) -> String {
    c.guidance
        .as_ref()
        .map_or(String::new(), |g| g.texts().join(" ").to_lowercase())
}

/// A catalog search, as the criteria picker and the catalog browser send it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct CriteriaFilter {
    /// Words that must all occur in the id, title, note, objective or guidance.
    pub text: String,
    /// A group id ("9", "technological", "A.12"), or empty for all.
    pub group: String,
    /// `key=value`, e.g. `controlType=Detective`, or empty for all.
    pub attribute: String,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub kind: Option<CriterionKind>,
    /// Leave out headings that only group other criteria.
    pub auditable_only: bool,
}

/// The catalogs this build knows, by id.
pub fn get(id: &str) -> Option<&'static Catalog> {
    static ISO_2022: OnceLock<Catalog> = OnceLock::new();
    static ISO_2013: OnceLock<Catalog> = OnceLock::new();
    match id {
        ISO27001_2022 => Some(ISO_2022.get_or_init(iso27001::edition_2022)),
        ISO27001_2013 => Some(ISO_2013.get_or_init(iso27001::edition_2013)),
        _ => None,
    }
}

/// The catalog `id`, or an error naming the field and the catalogs there are.
pub fn require(id: &str) -> crate::error::Result<&'static Catalog> {
    get(id).ok_or_else(|| {
        crate::error::Error::on_field(
            crate::error::ErrorCode::NotFound,
            "catalogId",
            format!(
                "Unknown criteria catalog \"{id}\"; choose one of: {}.",
                ids().join(", ")
            ),
        )
    })
}

/// The ids of every catalog this build knows, newest first.
pub fn ids() -> &'static [&'static str] {
    &[ISO27001_2022, ISO27001_2013]
}

/// Rows of compiled-in CSV data as column-name maps. The data ships with the crate and is
/// checked by tests, so a malformed file is a build defect, not a user error.
fn records(data: &str) -> Vec<HashMap<String, String>> {
    let rows = csv::parse(data).expect("compiled-in catalog CSV is valid");
    let header = &rows[0].fields;
    rows[1..]
        .iter()
        .map(|row| {
            header
                .iter()
                .cloned()
                .zip(row.fields.iter().cloned())
                .collect()
        })
        .collect()
}
