//! Builds the ISO/IEC 27001 catalogs (2022 and 2013) from the compiled-in data.

use super::guidance::{self, ANNEX_A_NOTE, DocumentKind, RequiredDocument, SOA_CLAUSE, SOA_LINE};
use super::{
    Attributes, Catalog, Criterion, CriterionKind, Group, Guidance, ISO27001_2013, ISO27001_2022,
    mapping, records,
};
use std::collections::HashMap;

/// Shown wherever the 2013 edition is chosen.
pub const WITHDRAWN_2013: &str = "Withdrawn: ISO/IEC 27001:2022 replaced this edition, and \
the certification transition ended on 31 October 2025, so no certificate against it is \
valid any more. Use it only for legacy work: reading or re-performing an older audit, or a \
contract that still names the 2013 controls.";

pub(super) fn edition_2022() -> Catalog {
    let mut guidance = guidance_file(include_str!("data/guidance_2022_clauses.json"), "");
    guidance.extend(guidance_file(
        include_str!("data/guidance_2022_annexA_organizational.json"),
        "A.",
    ));
    guidance.extend(guidance_file(
        include_str!("data/guidance_2022_annexA_people_physical_technological.json"),
        "A.",
    ));
    let mut attributes = attributes(include_str!("data/iso27002_2022_attributes.csv"));
    let (mut groups, mut criteria) = clauses(include_str!("data/iso27001_2022_clauses.csv"));
    for control in records(include_str!("data/iso27001_2022_annexA.csv")) {
        if !groups.iter().any(|g| g.id == control["theme"]) {
            groups.push(Group {
                id: control["theme"].to_string(),
                kind: CriterionKind::Control,
                title: format!("Annex A {}", control["theme_title"]),
            });
        }
        criteria.push(Criterion {
            id: format!("A.{}", control["id"]),
            kind: CriterionKind::Control,
            title: control["title"].to_string(),
            group: control["theme"].to_string(),
            auditable: true,
            note: None,
            objective: None,
            new_in_edition: control["new_in_2022"] == "yes",
            counterparts: Vec::new(),
            attributes: attributes.remove(&control["id"]),
            guidance: None,
            guidance_from: None,
            raise_against: None,
        });
    }
    for c in &mut criteria {
        c.counterparts = mapping::to_2013(&c.id);
        c.guidance = guidance.remove(&c.id);
    }
    complete_guidance(&mut criteria);
    Catalog::new(
        (
            ISO27001_2022,
            "ISO/IEC 27001:2022 (with Amd 1:2024)",
            "2022.2",
            ISO27001_2013,
        ),
        groups,
        criteria,
    )
}

pub(super) fn edition_2013() -> Catalog {
    let (mut groups, mut criteria) = clauses(include_str!("data/iso27001_2013_clauses.csv"));
    for control in records(include_str!("data/iso27001_2013_annexA.csv")) {
        let domain = format!("A.{}", control["domain"]);
        if !groups.iter().any(|g| g.id == domain) {
            groups.push(Group {
                id: domain.clone(),
                kind: CriterionKind::Control,
                title: format!("Annex {domain} {}", control["domain_title"]),
            });
        }
        criteria.push(Criterion {
            id: format!("A.{}", control["id"]),
            kind: CriterionKind::Control,
            title: control["title"].to_string(),
            group: domain,
            auditable: true,
            note: None,
            objective: Some(format!(
                "A.{} {}",
                control["objective"], control["objective_title"]
            )),
            new_in_edition: false,
            counterparts: Vec::new(),
            attributes: None,
            guidance: None,
            guidance_from: None,
            raise_against: None,
        });
    }
    // Most guidance is written for 2022: a 2013 criterion that maps to one 2022 criterion
    // borrows its guidance. Where 2022 merged several 2013 controls into one, or split a
    // 2013 clause, or changed a clause's wording, the 2013 criterion has its own.
    let mut own = guidance_file(include_str!("data/guidance_2013.json"), "");
    let newer = super::get(ISO27001_2022).expect("the 2022 catalog exists");
    for c in &mut criteria {
        c.counterparts = mapping::to_2022(&c.id);
        if let Some(g) = own.remove(&c.id) {
            c.guidance = Some(g);
        } else if let Some(source) = c
            .counterparts
            .iter()
            .filter_map(|id| newer.criterion(id))
            .find(|n| n.guidance.is_some())
        {
            let mut g = source.guidance.clone().expect("found with guidance");
            // The 2022 numbers of what is asked for become this criterion's.
            for d in &mut g.documents {
                if d.clause == source.id || d.clause.starts_with(&format!("{} ", source.id)) {
                    d.clause = format!("{}{}", c.id, &d.clause[source.id.len()..]);
                }
            }
            c.guidance = Some(g);
            c.guidance_from = Some(format!("{} {} (2022)", source.id, source.title));
        }
    }
    debug_assert!(own.is_empty(), "every 2013 entry is used");
    complete_guidance(&mut criteria);
    let mut catalog = Catalog::new(
        (ISO27001_2013, "ISO/IEC 27001:2013", "2013.2", ISO27001_2022),
        groups,
        criteria,
    );
    catalog.withdrawn = Some(WITHDRAWN_2013.to_string());
    catalog
}

/// What the guidance files leave to code, so that it is written once: every Annex A
/// control starts its documented information with its SoA line and carries the note on
/// what a finding is raised against; a heading lists what the clauses under it require;
/// 7.5.1 lists what every other clause requires.
fn complete_guidance(criteria: &mut [Criterion]) {
    let own: Vec<(String, Vec<RequiredDocument>)> = criteria
        .iter()
        .filter(|c| c.kind == CriterionKind::Clause && c.auditable)
        .map(|c| {
            let list = c.guidance.as_ref().map(|g| g.documents.clone());
            (c.id.clone(), list.unwrap_or_default())
        })
        .collect();
    let union = |pick: &dyn Fn(&str) -> bool| -> Vec<RequiredDocument> {
        let mut all: Vec<RequiredDocument> = Vec::new();
        for d in own.iter().filter(|(id, _)| pick(id)).flat_map(|(_, l)| l) {
            if !all.contains(d) {
                all.push(d.clone());
            }
        }
        all
    };
    for c in criteria.iter_mut() {
        let Some(g) = c.guidance.as_mut() else {
            continue;
        };
        match c.kind {
            CriterionKind::Control => {
                c.raise_against = Some(ANNEX_A_NOTE.to_string());
                if !g.documents.iter().any(|d| d.clause == SOA_CLAUSE) {
                    g.documents.insert(
                        0,
                        RequiredDocument {
                            clause: SOA_CLAUSE.to_string(),
                            kind: DocumentKind::Document,
                            what: SOA_LINE.to_string(),
                        },
                    );
                }
            }
            CriterionKind::Clause if !c.auditable => {
                let prefix = format!("{}.", c.id);
                g.documents = union(&|id| id.starts_with(&prefix));
            }
            CriterionKind::Clause if c.id == "7.5.1" => {
                g.documents.extend(union(&|id| id != "7.5.1"));
            }
            _ => {}
        }
    }
}

/// Clauses 4-10 from a clause CSV: the top-level clauses as groups, every clause as a
/// criterion (headings with sub-clauses are not auditable).
fn clauses(data: &str) -> (Vec<Group>, Vec<Criterion>) {
    let rows = records(data);
    let mut groups = Vec::new();
    let mut criteria = Vec::new();
    for clause in &rows {
        let has_children = rows.iter().any(|c| c["parent"] == clause["id"]);
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
            objective: None,
            counterparts: Vec::new(),
            attributes: None,
            guidance: None,
            guidance_from: None,
            raise_against: None,
        });
    }
    (groups, criteria)
}

/// Compiled-in guidance by criterion id (`prefix` + the id in the file).
fn guidance_file(data: &str, prefix: &str) -> HashMap<String, Guidance> {
    guidance::entries(data)
        .into_iter()
        .map(|(id, g)| (format!("{prefix}{id}"), g))
        .collect()
}

/// Compiled-in ISO/IEC 27002:2022 attributes by control number ("5.1").
fn attributes(data: &str) -> HashMap<String, Attributes> {
    let list = |value: &str| -> Vec<String> {
        value
            .split(';')
            .filter(|v| !v.is_empty())
            .map(|v| v.replace('_', " "))
            .collect()
    };
    records(data)
        .into_iter()
        .map(|row| {
            let attributes = Attributes {
                control_type: list(&row["control_type"]),
                security_properties: list(&row["information_security_properties"]),
                cybersecurity_concepts: list(&row["cybersecurity_concepts"]),
                operational_capabilities: list(&row["operational_capabilities"]),
                security_domains: list(&row["security_domains"]),
            };
            (row["id"].clone(), attributes)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::{CriteriaFilter, get};
    use super::*;
    use std::collections::HashSet;

    fn group_title<'a>(catalog: &'a Catalog, id: &str) -> &'a str {
        &catalog.groups.iter().find(|g| g.id == id).unwrap().title
    }

    fn controls(catalog: &Catalog) -> Vec<&Criterion> {
        catalog
            .criteria
            .iter()
            .filter(|c| c.kind == CriterionKind::Control)
            .collect()
    }

    #[test]
    fn edition_2022_counts() {
        let catalog = get(ISO27001_2022).unwrap();
        let controls = controls(catalog);
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
        assert!(controls.iter().all(|c| c.attributes.is_some()));
        assert_eq!(catalog.criteria.len() - 93, 41);
        let ids: HashSet<_> = catalog.criteria.iter().map(|c| &c.id).collect();
        assert_eq!(ids.len(), catalog.criteria.len(), "ids are unique");
        for id in ["6.3", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3"] {
            assert!(catalog.criterion(id).is_some(), "{id}");
        }
        assert!(
            catalog
                .criterion("4.1")
                .unwrap()
                .note
                .as_deref()
                .unwrap()
                .contains("climate")
        );
        assert!(
            catalog
                .criterion("4.2")
                .unwrap()
                .note
                .as_deref()
                .unwrap()
                .contains("climate")
        );
    }

    #[test]
    fn edition_2013_counts() {
        let catalog = get(ISO27001_2013).unwrap();
        let controls = controls(catalog);
        assert_eq!(controls.len(), 114);
        let domains: HashSet<_> = controls.iter().map(|c| &c.group).collect();
        assert_eq!(domains.len(), 14);
        let objectives: HashSet<_> = controls.iter().map(|c| &c.objective).collect();
        assert_eq!(objectives.len(), 35);
        assert!(catalog.criterion("6.3").is_none(), "2013 has no 6.3");
        assert_eq!(
            catalog.criterion("10.1").unwrap().title,
            "Nonconformity and corrective action"
        );
        let ids: HashSet<_> = catalog.criteria.iter().map(|c| &c.id).collect();
        assert_eq!(ids.len(), catalog.criteria.len(), "ids are unique");
        assert_eq!(group_title(catalog, "A.9"), "Annex A.9 Access control");
    }

    #[test]
    fn mapping_is_consistent_both_ways() {
        let old = get(ISO27001_2013).unwrap();
        let new = get(ISO27001_2022).unwrap();
        for c in controls(old) {
            assert!(!c.counterparts.is_empty(), "2013 {} is mapped", c.id);
            for n in &c.counterparts {
                let target = new
                    .criterion(n)
                    .unwrap_or_else(|| panic!("{n} exists in 2022"));
                assert!(
                    target.counterparts.contains(&c.id),
                    "{n} maps back to {}",
                    c.id
                );
            }
        }
        for c in &new.criteria {
            for o in &c.counterparts {
                let source = old
                    .criterion(o)
                    .unwrap_or_else(|| panic!("{o} exists in 2013"));
                assert!(source.counterparts.contains(&c.id));
            }
            let unmapped = c.counterparts.is_empty();
            assert_eq!(unmapped, c.new_in_edition || c.id == "6.3", "{}", c.id);
        }
        assert_eq!(
            old.criterion("A.18.2.3").unwrap().counterparts,
            ["A.5.36", "A.8.8"]
        );
        assert_eq!(
            new.criterion("A.5.1").unwrap().counterparts,
            ["A.5.1.1", "A.5.1.2"]
        );
        assert_eq!(old.criterion("10.1").unwrap().counterparts, ["10.2"]);
        assert_eq!(new.criterion("9.2.2").unwrap().counterparts, ["9.2"]);
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
        let old = get(ISO27001_2013).unwrap();
        let borrowed = old.criterion("A.12.3.1").unwrap();
        assert_eq!(
            borrowed.guidance_from.as_deref(),
            Some("A.8.13 Information backup (2022)")
        );
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
        assert_eq!(group_title(catalog, "people"), "Annex A People controls");
        assert_eq!(group_title(catalog, "9"), "9 Performance evaluation");
    }

    #[test]
    fn search_by_text_group_and_attribute() {
        let catalog = get(ISO27001_2022).unwrap();
        let ids = |f: CriteriaFilter| -> Vec<String> {
            catalog.find(&f).iter().map(|c| c.id.clone()).collect()
        };
        let detective = ids(CriteriaFilter {
            attribute: "controlType=Detective".into(),
            ..Default::default()
        });
        assert_eq!(detective.len(), 13);
        assert!(detective.contains(&"A.8.16".to_string()));
        let iam = ids(CriteriaFilter {
            attribute: "operationalCapabilities=Identity and access management".into(),
            group: "technological".into(),
            ..Default::default()
        });
        assert!(iam.contains(&"A.8.2".to_string()) && iam.iter().all(|i| i.starts_with("A.8.")));
        let backup = ids(CriteriaFilter {
            text: "BACKUP information".into(),
            ..Default::default()
        });
        assert_eq!(backup[0], "A.8.13", "title matches come first");
        assert!(backup.len() > 1, "then guidance matches");
        // Guidance text is searched too.
        assert!(
            ids(CriteriaFilter {
                text: "restore".into(),
                ..Default::default()
            })
            .len()
                > 1
        );
        let auditable = ids(CriteriaFilter {
            group: "9".into(),
            auditable_only: true,
            ..Default::default()
        });
        assert_eq!(
            auditable,
            ["9.1", "9.2.1", "9.2.2", "9.3.1", "9.3.2", "9.3.3"]
        );
        assert_eq!(catalog.facets.len(), 5);
    }
}
