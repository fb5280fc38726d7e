//! Audit guidance a lead auditor would sign: every request to sample names a population
//! and a size; every clause lists the documented information ISO/IEC 27001 requires (or
//! says there is none); every Annex A control is raised against the SoA; intrusive tests
//! are agreed first; the 2013 edition is withdrawn and has guidance of its own where 2022
//! merged its controls; no requirement text ("shall") and product names only as examples.

use isms_audit::catalog::{
    self, ANNEX_A_NOTE, Catalog, Criterion, CriterionKind, Guidance, ISO27001_2013, ISO27001_2022,
};
use std::collections::{BTreeSet, HashMap};

fn both() -> [&'static Catalog; 2] {
    [
        catalog::get(ISO27001_2022).unwrap(),
        catalog::get(ISO27001_2013).unwrap(),
    ]
}

/// Every criterion with guidance, with its catalog.
fn guided() -> Vec<(&'static Catalog, &'static Criterion, &'static Guidance)> {
    both()
        .into_iter()
        .flat_map(|cat| {
            cat.criteria
                .iter()
                .filter_map(move |c| c.guidance.as_ref().map(|g| (cat, c, g)))
        })
        .collect()
}

/// The five prose fields of an entry, lower-cased.
fn prose(g: &Guidance) -> String {
    [
        &g.examine,
        &g.interview,
        &g.observe,
        &g.evidence,
        &g.nonconformities,
    ]
    .map(|s| s.as_str())
    .join(" ")
    .to_lowercase()
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '-'))
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

const COUNTS: [&str; 14] = [
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "few", "several",
    "handful", "dozen", "twenty",
];

/// Whether the prose asks the auditor to take a sample: "sample", "sampled", "sampling",
/// or picking, selecting, choosing or taking a number of things.
fn asks_to_sample(text: &str) -> bool {
    let w = words(text);
    w.iter().any(|x| x.starts_with("sampl"))
        || w.windows(2).any(|p| {
            ["pick", "select", "choose", "take"].contains(&p[0].as_str())
                && (p[1].chars().all(|c| c.is_ascii_digit()) || COUNTS.contains(&p[1].as_str()))
        })
        || w.windows(3).any(|p| {
            ["pick", "select", "choose", "take"].contains(&p[0].as_str())
                && p[1] == "a"
                && COUNTS.contains(&p[2].as_str())
        })
}

#[test]
fn every_request_to_sample_names_a_population_and_a_size() {
    let mut asking = 0;
    for (cat, c, g) in guided() {
        let text = prose(g);
        let asks = asks_to_sample(&text);
        if asks {
            asking += 1;
            assert!(
                !g.sampling.is_empty(),
                "{} {}: asks to sample but names no population and size",
                cat.id,
                c.id
            );
        } else {
            assert!(
                g.sampling.is_empty(),
                "{} {}: sampling listed but the guidance never asks for it",
                cat.id,
                c.id
            );
        }
        for s in &g.sampling {
            assert!(s.population.len() > 5, "{} {}: population", cat.id, c.id);
            assert!(!s.size.is_empty() && !s.basis_label.is_empty());
        }
        // The size lives in the structure, not as a bare count in the prose.
        let w = words(&text);
        for p in w.windows(2) {
            if ["sample", "pick", "select", "take"].contains(&p[0].as_str()) {
                assert!(
                    !p[1].starts_with(|ch: char| ch.is_ascii_digit()),
                    "{} {}: \"{} {}\" in the prose",
                    cat.id,
                    c.id,
                    p[0],
                    p[1]
                );
            }
        }
    }
    assert!(asking > 150, "{asking} entries ask to sample");
    let new = catalog::get(ISO27001_2022).unwrap();
    for id in [
        "4.4", "7.5.3", "9.2.2", "9.3.1", "A.5.14", "A.5.28", "A.5.29", "A.5.35", "A.7.1", "A.7.2",
        "A.7.8", "A.8.22", "A.8.30",
    ] {
        let g = new.criterion(id).unwrap().guidance.as_ref().unwrap();
        assert!(!g.sampling.is_empty(), "{id} names what to sample");
    }
    // Sizes come from the reference table: a daily backup job report is sampled 25 times.
    let backup = new.criterion("A.8.13").unwrap().guidance.as_ref().unwrap();
    assert!(
        backup
            .sampling
            .iter()
            .any(|s| s.basis == catalog::SampleBasis::Daily && s.size.starts_with("25"))
    );
}

/// The clauses whose own text asks for documented information, and where.
fn required(catalog_id: &str) -> HashMap<&'static str, Vec<&'static str>> {
    let mut map: HashMap<&str, Vec<&str>> = [
        ("4.3", vec!["4.3"]),
        ("5.2", vec!["5.2"]),
        ("6.1.2", vec!["6.1.2"]),
        ("6.1.3", vec!["6.1.3 d)", "6.1.3"]),
        ("6.2", vec!["6.2"]),
        ("7.2", vec!["7.2 d)"]),
        ("7.5.1", vec!["7.5.1 b)"]),
        ("8.1", vec!["8.1"]),
        ("8.2", vec!["8.2"]),
        ("8.3", vec!["8.3"]),
        ("9.1", vec!["9.1"]),
    ]
    .into_iter()
    .collect();
    if catalog_id == ISO27001_2022 {
        map.insert("9.2.2", vec!["9.2.2"]);
        map.insert("9.3.3", vec!["9.3.3"]);
        map.insert("10.2", vec!["10.2"]);
    } else {
        map.insert("9.2", vec!["9.2"]);
        map.insert("9.3", vec!["9.3"]);
        map.insert("10.1", vec!["10.1"]);
    }
    map
}

#[test]
fn every_clause_lists_its_mandatory_documented_information_or_none() {
    for cat in both() {
        let required = required(&cat.id);
        let clauses: Vec<&Criterion> = cat
            .criteria
            .iter()
            .filter(|c| c.kind == CriterionKind::Clause)
            .collect();
        let own = |c: &Criterion| -> BTreeSet<String> {
            let g = c.guidance.as_ref().unwrap();
            g.documents.iter().map(|d| d.clause.clone()).collect()
        };
        for c in clauses.iter().filter(|c| c.auditable && c.id != "7.5.1") {
            let expected: BTreeSet<String> = required
                .get(c.id.as_str())
                .map(|l| l.iter().map(|s| s.to_string()).collect())
                .unwrap_or_default();
            assert_eq!(own(c), expected, "{} {}", cat.id, c.id);
            for d in &c.guidance.as_ref().unwrap().documents {
                assert!(d.what.len() > 15, "{} {}: say what it is", cat.id, c.id);
            }
        }
        // 7.5.1 gathers the whole list: its own item and every other clause's.
        let list = own(cat.criterion("7.5.1").unwrap());
        let all: BTreeSet<String> = required.values().flatten().map(|s| s.to_string()).collect();
        assert_eq!(list, all, "{}: 7.5.1 lists everything", cat.id);
        // A heading lists what the clauses under it require.
        for h in clauses.iter().filter(|c| !c.auditable) {
            let under: BTreeSet<String> = clauses
                .iter()
                .filter(|c| c.auditable && c.id.starts_with(&format!("{}.", h.id)))
                .flat_map(|c| required.get(c.id.as_str()).cloned().unwrap_or_default())
                .map(str::to_string)
                .collect();
            assert_eq!(own(h), under, "{} heading {}", cat.id, h.id);
            assert!(!under.is_empty(), "{} heading {}", cat.id, h.id);
        }
        let none = clauses
            .iter()
            .filter(|c| c.guidance.as_ref().unwrap().documents.is_empty())
            .count();
        assert!(none >= 10, "{}: {none} clauses require none", cat.id);
    }
}

#[test]
fn every_annex_a_control_is_raised_against_the_soa() {
    for cat in both() {
        for c in &cat.criteria {
            let g = c.guidance.as_ref().expect("every criterion has guidance");
            if c.kind == CriterionKind::Control {
                assert_eq!(c.raise_against.as_deref(), Some(ANNEX_A_NOTE), "{}", c.id);
                assert_eq!(
                    g.documents[0].clause, "6.1.3 d)",
                    "{}: SoA line first",
                    c.id
                );
                assert_eq!(
                    g.documents
                        .iter()
                        .filter(|d| d.clause == "6.1.3 d)")
                        .count(),
                    1,
                    "{}",
                    c.id
                );
                // Anything else is what the control's own wording asks to be documented.
                for d in &g.documents[1..] {
                    assert_eq!(d.clause, c.id, "{}", c.id);
                }
            } else {
                assert_eq!(c.raise_against, None, "{}", c.id);
            }
        }
    }
    assert!(ANNEX_A_NOTE.contains("Statement of Applicability"));
    assert!(ANNEX_A_NOTE.contains("risk treatment"));
    let new = catalog::get(ISO27001_2022).unwrap();
    let with_own: Vec<&str> = new
        .criteria
        .iter()
        .filter(|c| c.kind == CriterionKind::Control)
        .filter(|c| c.guidance.as_ref().unwrap().documents.len() > 1)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(
        with_own,
        [
            "A.5.1", "A.5.9", "A.5.10", "A.5.26", "A.5.31", "A.5.37", "A.6.2", "A.6.6", "A.8.9",
            "A.8.15", "A.8.27"
        ]
    );
    // Nonconformities quoted from good practice are tied to the organization's decisions.
    for (id, phrase) in [
        ("A.8.2", "organization's own rules"),
        ("A.5.23", "organization's"),
        ("9.2.2", "organization's own programme"),
    ] {
        let g = new.criterion(id).unwrap().guidance.as_ref().unwrap();
        assert!(g.nonconformities.contains(phrase), "{id}");
    }
    // A.5.3: the approval is what has to be separate; the requester may implement.
    let sod = new.criterion("A.5.3").unwrap().guidance.as_ref().unwrap();
    assert!(sod.observe.contains("requester may well implement"));
}

#[test]
fn intrusive_tests_are_agreed_in_the_audit_plan_first() {
    const MARKERS: [&str; 12] = [
        "tailgat",
        "tls scan",
        "default credentials",
        "test account",
        "low-privilege account",
        "controlled test",
        "test url",
        "after hours",
        "plugging",
        "footage",
        "try from",
        "your own scans",
    ];
    let mut agreed = 0;
    for (cat, c, g) in guided() {
        let text = prose(g);
        if let Some(m) = MARKERS.iter().find(|m| text.contains(*m)) {
            assert!(
                !g.agree_first.is_empty(),
                "{} {}: \"{m}\" needs the auditee's agreement first",
                cat.id,
                c.id
            );
        }
        if !g.agree_first.is_empty() {
            agreed += 1;
            assert!(
                text.contains("agree"),
                "{} {}: the prose says the test is agreed first",
                cat.id,
                c.id
            );
        }
    }
    assert!(agreed >= 15, "{agreed}");
    let new = catalog::get(ISO27001_2022).unwrap();
    for id in ["A.7.2", "A.8.24", "A.8.22", "A.8.12", "A.5.17"] {
        assert!(
            !new.criterion(id)
                .unwrap()
                .guidance
                .as_ref()
                .unwrap()
                .agree_first
                .is_empty(),
            "{id}"
        );
    }
}

#[test]
fn no_2013_criterion_borrows_guidance_from_a_merged_control() {
    let old = catalog::get(ISO27001_2013).unwrap();
    let new = catalog::get(ISO27001_2022).unwrap();
    let mut own = 0;
    for c in &old.criteria {
        assert!(c.guidance.is_some(), "2013 {} has guidance", c.id);
        match &c.guidance_from {
            None => own += 1,
            Some(from) => {
                // Borrowed only one to one: the single counterpart has this as its only
                // predecessor.
                assert_eq!(c.counterparts.len(), 1, "2013 {} borrows from {from}", c.id);
                let source = new.criterion(&c.counterparts[0]).unwrap();
                assert_eq!(
                    source.counterparts,
                    std::slice::from_ref(&c.id),
                    "2013 {}",
                    c.id
                );
                assert!(from.starts_with(&source.id));
            }
        }
        // What is required is cited with this edition's numbers.
        for d in &c.guidance.as_ref().unwrap().documents {
            let cited = d.clause.split(' ').next().unwrap();
            assert!(
                d.clause == "6.1.3 d)" || old.criterion(cited).is_some(),
                "2013 {}: cites {}",
                c.id,
                d.clause
            );
        }
    }
    assert!(own >= 66, "{own} 2013 criteria have their own guidance");
    for id in [
        "A.11.2.5", "A.14.2.3", "A.14.2.4", "A.16.1.3", "A.9.1.2", "4.1", "4.2", "9.2", "9.3",
    ] {
        let c = old.criterion(id).unwrap();
        assert_eq!(c.guidance_from, None, "{id} has its own guidance");
    }
    // Own guidance reads on-topic.
    let removal = old
        .criterion("A.11.2.5")
        .unwrap()
        .guidance
        .as_ref()
        .unwrap();
    assert!(removal.examine.contains("off-site"));
    let weaknesses = old
        .criterion("A.16.1.3")
        .unwrap()
        .guidance
        .as_ref()
        .unwrap();
    assert!(weaknesses.examine.contains("weakness"));
    // The 2024 climate amendment is a 2022 matter.
    for id in ["4.1", "4.2"] {
        let g = old.criterion(id).unwrap().guidance.as_ref().unwrap();
        assert!(!prose(g).contains("amendment"), "{id}");
    }
    let borrowed = old.criterion("A.12.1.1").unwrap();
    assert_eq!(
        borrowed.guidance.as_ref().unwrap().documents[1].clause,
        "A.12.1.1",
        "renumbered from A.5.37"
    );
    let old_nc = old.criterion("10.1").unwrap().guidance.as_ref().unwrap();
    assert_eq!(old_nc.documents[0].clause, "10.1", "renumbered from 10.2");
}

#[test]
fn the_2013_edition_is_marked_withdrawn() {
    let old = catalog::get(ISO27001_2013).unwrap();
    let note = old.withdrawn.as_deref().unwrap();
    assert!(note.contains("31 October 2025") && note.contains("legacy"));
    assert_eq!(catalog::get(ISO27001_2022).unwrap().withdrawn, None);
    // Still usable: it is listed and complete.
    assert!(catalog::ids().contains(&ISO27001_2013));
}

#[test]
fn no_catalog_text_contains_shall() {
    for cat in both() {
        let json = serde_json::to_string(cat).unwrap().to_lowercase();
        assert!(
            !words(&json).iter().any(|w| w == "shall"),
            "{}: \"shall\" is requirement language",
            cat.id
        );
    }
    for (name, data) in [
        (
            "clauses",
            include_str!("../src/catalog/data/guidance_2022_clauses.json"),
        ),
        (
            "organizational",
            include_str!("../src/catalog/data/guidance_2022_annexA_organizational.json"),
        ),
        (
            "people",
            include_str!(
                "../src/catalog/data/guidance_2022_annexA_people_physical_technological.json"
            ),
        ),
        (
            "2013",
            include_str!("../src/catalog/data/guidance_2013.json"),
        ),
        (
            "2022 clauses",
            include_str!("../src/catalog/data/iso27001_2022_clauses.csv"),
        ),
        (
            "2013 clauses",
            include_str!("../src/catalog/data/iso27001_2013_clauses.csv"),
        ),
    ] {
        assert!(!words(data).iter().any(|w| w == "shall"), "{name}");
    }
    // The amendment notes are paraphrased, not quoted.
    let new = catalog::get(ISO27001_2022).unwrap();
    for id in ["4.1", "4.2"] {
        let note = new.criterion(id).unwrap().note.as_deref().unwrap();
        assert!(note.contains("climate"), "{id}");
        for quoted in ["is a relevant issue", "can have requirements related to"] {
            assert!(!note.contains(quoted), "{id}: {note}");
        }
    }
}

/// Well-known products and vendors that guidance may name only as examples.
const PRODUCTS: [&str; 70] = [
    "microsoft",
    "intune",
    "jamf",
    "workspace one",
    "defender",
    "aws",
    "azure",
    "gcp",
    "google",
    "sharepoint",
    "onedrive",
    "veeam",
    "commvault",
    "rubrik",
    "nessus",
    "qualys",
    "rapid7",
    "github",
    "gitlab",
    "bitbucket",
    "jira",
    "sonarqube",
    "semgrep",
    "checkmarx",
    "snyk",
    "dependabot",
    "splunk",
    "zscaler",
    "umbrella",
    "cloudflare",
    "netskope",
    "symantec",
    "purview",
    "delphix",
    "docusign",
    "adobe sign",
    "teamviewer",
    "anydesk",
    "mimikatz",
    "psexec",
    "sysinternals",
    "applocker",
    "wdac",
    "ansible",
    "terraform",
    "sccm",
    "cis-cat",
    "rancid",
    "oxidized",
    "cloudtrail",
    "misp",
    "ssl labs",
    "testssl",
    "entra",
    "bitlocker",
    "filevault",
    "servicenow",
    "salesforce",
    "okta",
    "crowdstrike",
    "vesda",
    "cisco",
    "docker",
    "kubernetes",
    "slack",
    "zoom",
    "abuse.ch",
    "chronyc",
    "w32tm",
    "gpo",
];

#[test]
fn product_names_are_examples_at_most_two_per_entry() {
    let mut named = 0;
    for (cat, c, g) in guided() {
        let text = g.texts().join(" ").to_lowercase();
        let found: Vec<&str> = PRODUCTS
            .iter()
            .copied()
            .filter(|p| {
                text.match_indices(p).any(|(i, _)| {
                    let before = text[..i].chars().last();
                    let after = text[i + p.len()..].chars().next();
                    !before.is_some_and(|ch| ch.is_alphanumeric())
                        && !after.is_some_and(|ch| ch.is_alphanumeric())
                })
            })
            .collect();
        assert!(found.len() <= 2, "{} {}: {found:?}", cat.id, c.id);
        if !found.is_empty() {
            named += 1;
            assert!(
                text.contains("for example"),
                "{} {}: {found:?} named as examples",
                cat.id,
                c.id
            );
        }
    }
    assert!(named > 0);
}

#[test]
fn emphasis_differs_by_audit_kind_where_it_matters() {
    let new = catalog::get(ISO27001_2022).unwrap();
    let with: Vec<&Criterion> = new
        .criteria
        .iter()
        .filter(|c| c.guidance.as_ref().unwrap().emphasis.lines().count() > 0)
        .collect();
    assert!(with.len() >= 35, "{}", with.len());
    for c in &with {
        for line in c.guidance.as_ref().unwrap().emphasis.lines() {
            assert!(line.len() > 30, "{}", c.id);
        }
    }
    for id in ["A.5.19", "A.5.20", "A.5.22", "4.3"] {
        let g = new.criterion(id).unwrap().guidance.as_ref().unwrap();
        assert!(g.emphasis.supplier.is_some(), "{id}");
    }
    let programme = new.criterion("9.2.2").unwrap().guidance.as_ref().unwrap();
    assert!(programme.emphasis.internal.is_some() && programme.emphasis.external.is_some());
}

#[test]
fn headings_are_clause_overviews() {
    let new = catalog::get(ISO27001_2022).unwrap();
    let headings = [
        "4", "5", "6", "7", "8", "9", "10", "6.1", "7.5", "9.2", "9.3",
    ];
    for id in headings {
        let c = new.criterion(id).unwrap();
        assert!(!c.auditable, "{id}");
        let g = c.guidance.as_ref().unwrap();
        assert!(
            g.examine.starts_with("How "),
            "{id}: how the clause hangs together"
        );
        assert!(g.interview.starts_with("Interview order"), "{id}");
        assert!(g.observe.starts_with("Trail to follow"), "{id}");
        let all = prose(g);
        for child in new
            .criteria
            .iter()
            .filter(|k| k.kind == CriterionKind::Clause)
            .filter(|k| k.id.rsplit_once('.').map(|(p, _)| p) == Some(id))
        {
            assert!(all.contains(&child.id), "{id} mentions {}", child.id);
        }
    }
}
