//! Audit criteria: the catalogs of requirements an audit is conducted against.
//!
//! Catalog data is compiled into the crate from `catalog/data/` (copied from the
//! project's reference set: ids and titles only, never requirement text).

use crate::csv;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::OnceLock;

/// The id of the ISO/IEC 27001:2022 catalog.
pub const ISO27001_2022: &str = "iso27001-2022";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum CriterionKind {
    /// A management-system requirement (clauses 4-10).
    Clause,
    /// An Annex A control.
    Control,
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
    /// The top-level clause ("6") or the Annex A theme ("organizational").
    pub group: String,
    /// False for headings that only group other criteria (e.g. clause 6.1 has 6.1.1-6.1.3).
    pub auditable: bool,
    /// A remark on the criterion, e.g. an amendment's addition or a change since 2013.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub note: Option<String>,
    /// New in this edition, with no predecessor.
    pub new_in_edition: bool,
    /// What to look for when auditing it.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub guidance: Option<Guidance>,
}

/// How to audit a criterion, in the project's own words (never the standard's text).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(deny_unknown_fields)]
pub struct Guidance {
    /// Documented information to examine.
    pub examine: String,
    /// Whom to interview, and what to ask.
    pub interview: String,
    /// What to observe or sample, and how.
    pub observe: String,
    /// Typical objective evidence of conformity.
    pub evidence: String,
    /// Nonconformities commonly raised here.
    pub nonconformities: String,
}

#[derive(Deserialize)]
struct GuidanceEntry {
    id: String,
    #[serde(flatten)]
    guidance: Guidance,
}

/// A named group of criteria, as the checklist filter and the criteria picker show it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Group {
    pub id: String,
    pub kind: CriterionKind,
    pub title: String,
}

#[derive(Debug, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Catalog {
    pub id: String,
    /// The standard and edition, as a report names it.
    pub edition: String,
    /// Bumped whenever the compiled data changes; an audit records the version it used.
    pub version: String,
    pub groups: Vec<Group>,
    pub criteria: Vec<Criterion>,
    #[serde(skip)]
    #[cfg_attr(target_arch = "wasm32", tsify(type = "never"))]
    index: HashMap<String, usize>,
}

impl Catalog {
    pub fn criterion(&self, id: &str) -> Option<&Criterion> {
        self.index.get(id).map(|&i| &self.criteria[i])
    }

    pub fn group_title(&self, id: &str) -> &str {
        self.groups
            .iter()
            .find(|g| g.id == id)
            .map_or("", |g| g.title.as_str())
    }
}

/// The catalogs this build knows, by id.
pub fn get(id: &str) -> Option<&'static Catalog> {
    static ISO_2022: OnceLock<Catalog> = OnceLock::new();
    match id {
        ISO27001_2022 => Some(ISO_2022.get_or_init(iso27001_2022)),
        _ => None,
    }
}

/// The ids of every catalog this build knows.
pub fn ids() -> &'static [&'static str] {
    &[ISO27001_2022]
}

fn iso27001_2022() -> Catalog {
    let clauses = records(include_str!("data/iso27001_2022_clauses.csv"));
    let controls = records(include_str!("data/iso27001_2022_annexA.csv"));
    let mut guidance = guidance(include_str!("data/guidance_2022_clauses.json"), "");
    guidance.extend(guidance_for_controls());
    let mut groups = Vec::new();
    let mut criteria = Vec::new();
    for clause in &clauses {
        let has_children = clauses.iter().any(|c| c["parent"] == clause["id"]);
        if clause["level"] == "1" {
            groups.push(Group {
                id: clause["id"].to_string(),
                kind: CriterionKind::Clause,
                title: format!("{} {}", clause["id"], clause["title"]),
            });
        }
        let note = clause["note"].to_string();
        criteria.push(Criterion {
            id: clause["id"].to_string(),
            kind: CriterionKind::Clause,
            title: clause["title"].to_string(),
            group: clause["id"]
                .split('.')
                .next()
                .unwrap_or_default()
                .to_string(),
            auditable: clause["level"] != "1" && !has_children,
            new_in_edition: note.starts_with("new in"),
            note: Some(note).filter(|n| !n.is_empty()),
            guidance: guidance.remove(&clause["id"]),
        });
    }
    for control in &controls {
        if !groups.iter().any(|g| g.id == control["theme"]) {
            groups.push(Group {
                id: control["theme"].to_string(),
                kind: CriterionKind::Control,
                title: format!("Annex A {}", control["theme_title"]),
            });
        }
        let id = format!("A.{}", control["id"]);
        criteria.push(Criterion {
            guidance: guidance.remove(&id),
            id,
            kind: CriterionKind::Control,
            title: control["title"].to_string(),
            group: control["theme"].to_string(),
            auditable: true,
            note: None,
            new_in_edition: control["new_in_2022"] == "yes",
        });
    }
    let index = criteria
        .iter()
        .enumerate()
        .map(|(i, c)| (c.id.clone(), i))
        .collect();
    Catalog {
        id: ISO27001_2022.to_string(),
        edition: "ISO/IEC 27001:2022 (with Amd 1:2024)".to_string(),
        version: "2022.1".to_string(),
        groups,
        criteria,
        index,
    }
}

fn guidance_for_controls() -> HashMap<String, Guidance> {
    let mut all = guidance(
        include_str!("data/guidance_2022_annexA_organizational.json"),
        "A.",
    );
    all.extend(guidance(
        include_str!("data/guidance_2022_annexA_people_physical_technological.json"),
        "A.",
    ));
    all
}

/// Compiled-in guidance by criterion id (`prefix` + the id in the file).
fn guidance(data: &str, prefix: &str) -> HashMap<String, Guidance> {
    let entries: Vec<GuidanceEntry> =
        serde_json::from_str(data).expect("compiled-in guidance JSON is valid");
    entries
        .into_iter()
        .map(|e| (format!("{prefix}{}", e.id), e.guidance))
        .collect()
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn iso27001_2022_counts() {
        let catalog = get(ISO27001_2022).unwrap();
        let controls: Vec<_> = catalog
            .criteria
            .iter()
            .filter(|c| c.kind == CriterionKind::Control)
            .collect();
        assert_eq!(controls.len(), 93);
        for (theme, count) in [
            ("organizational", 37),
            ("people", 8),
            ("physical", 14),
            ("technological", 34),
        ] {
            assert_eq!(controls.iter().filter(|c| c.group == theme).count(), count);
        }
        assert_eq!(controls.iter().filter(|c| c.new_in_edition).count(), 11);
        let clauses = catalog.criteria.len() - 93;
        assert_eq!(clauses, 41);
        let ids: HashSet<_> = catalog.criteria.iter().map(|c| &c.id).collect();
        assert_eq!(ids.len(), catalog.criteria.len(), "ids are unique");
    }

    #[test]
    fn guidance_covers_every_2022_clause_and_control() {
        let catalog = get(ISO27001_2022).unwrap();
        let missing: Vec<_> = catalog
            .criteria
            .iter()
            .filter(|c| c.guidance.is_none())
            .map(|c| c.id.as_str())
            .collect();
        assert!(missing.is_empty(), "no guidance for {missing:?}");
        for c in &catalog.criteria {
            let g = c.guidance.as_ref().unwrap();
            for text in [
                &g.examine,
                &g.interview,
                &g.observe,
                &g.evidence,
                &g.nonconformities,
            ] {
                assert!(text.len() > 40, "{}: guidance too thin", c.id);
            }
        }
    }

    #[test]
    fn headings_are_not_auditable() {
        let catalog = get(ISO27001_2022).unwrap();
        for id in ["4", "6.1", "7.5", "9.2", "9.3"] {
            assert!(!catalog.criterion(id).unwrap().auditable, "{id}");
        }
        for id in ["4.1", "6.1.2", "6.3", "9.2.2", "10.2", "A.8.34"] {
            assert!(catalog.criterion(id).unwrap().auditable, "{id}");
        }
        assert!(catalog.criterion("6.3").unwrap().new_in_edition);
        assert!(catalog.criterion("4.1").unwrap().note.is_some());
        assert_eq!(catalog.group_title("people"), "Annex A People controls");
        assert_eq!(catalog.group_title("9"), "9 Performance evaluation");
    }
}
