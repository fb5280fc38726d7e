//! Merging a team member's result package into the lead's audit.
//!
//! Each record of the result is compared with the same record in the package as it was
//! made (`base`) and in the lead's workspace now (`mine`):
//! - unchanged by the member, or already the same here: nothing to do;
//! - changed by the member only, or new: taken in (new findings and evidence entries get
//!   the audit's next references here, as if the lead had added them);
//! - changed on both sides, differently: a conflict. The lead chooses, item by item,
//!   which version stays; a merge with an unchosen conflict is refused, never settled
//!   silently.
//!
//! A record the result brings that is here already but was not in the package was taken
//! in by an earlier merge of the same package (ids are unique): the lead's version
//! stays. So merging the same package again finds nothing to do, and is refused as such.

use super::package::{AuditSet, PackageOrigin, ResultPackage};
use crate::audit::{self, ChecklistItem, Evidence, Finding, ItemResult, SamplingPlan};
use crate::error::{Error, ErrorCode, Result};
use crate::record::Record;
use crate::text::excerpt;
use serde::{Deserialize, Serialize};

/// Which version of a conflicting item stays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// The lead's version (the workspace's).
    Mine,
    /// The team member's version (the result package's).
    Theirs,
}

/// The lead's choice for one conflicting item (its `key` from the review).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MergeChoice {
    pub key: String,
    pub keep: Side,
}

/// What merging does with one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum MergeStatus {
    /// New from the member: taken in.
    New,
    /// Changed by the member only: their version is taken.
    Changed,
    /// Changed on both sides: the lead chooses.
    Conflict,
}

/// One item a merge takes in or asks about, with both versions in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MergeItem {
    /// `{store}/{record id}`: what a [`MergeChoice`] names.
    pub key: String,
    /// What the item is, e.g. "Checklist A.5.1 Policies for information security".
    pub label: String,
    pub status: MergeStatus,
    /// The lead's version now (empty when the workspace does not have it).
    pub mine: String,
    /// The member's version.
    pub theirs: String,
}

/// What merging a result package would do: for the review page, and for the merge.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MergeReview {
    pub origin: PackageOrigin,
    pub returned_by: String,
    pub returned_at: String,
    pub audit_id: String,
    pub audit_title: String,
    /// Every item that is new or changed, checklist first.
    pub items: Vec<MergeItem>,
    pub conflicts: usize,
}

/// The records a merge writes, with the review it followed.
pub struct Merged {
    pub puts: Vec<Record>,
    /// Ids of the evidence files the new or changed evidence entries bring.
    pub files: Vec<String>,
    pub review: MergeReview,
}

/// How one record of the result compares.
#[derive(PartialEq)]
enum Outcome {
    Same,
    New,
    Changed,
    Conflict,
}

fn compare<T: PartialEq>(base: Option<&T>, mine: Option<&T>, theirs: &T) -> Outcome {
    if base == Some(theirs) || mine == Some(theirs) {
        return Outcome::Same;
    }
    match (base, mine) {
        (None, None) => Outcome::New,
        // Brought by an earlier merge of this package: the lead's version stays.
        (None, Some(_)) => Outcome::Same,
        (Some(b), Some(m)) if b == m => Outcome::Changed,
        _ => Outcome::Conflict,
    }
}

/// What merging `package` into the lead's records `mine` of its audit does, without
/// the choices: every item it would take in or ask about.
pub fn review(mine: &AuditSet, package: &ResultPackage) -> Result<MergeReview> {
    plan(mine, package, &[], false).map(|m| m.review)
}

/// Merges `package` into `mine` with the lead's `choices` for the conflicts. Refused
/// with `incomplete` while a conflict has no choice, and with `duplicate` when nothing
/// would change (the package was merged already).
pub fn merge(mine: &AuditSet, package: &ResultPackage, choices: &[MergeChoice]) -> Result<Merged> {
    plan(mine, package, choices, true)
}

fn plan(
    mine: &AuditSet,
    package: &ResultPackage,
    choices: &[MergeChoice],
    strict: bool,
) -> Result<Merged> {
    check(mine, package)?;
    let theirs = &package.result;
    let base = &package.base;
    let mut merge = Merging {
        choices,
        items: Vec::new(),
        puts: Vec::new(),
        unchosen: Vec::new(),
    };
    for t in &theirs.checklist {
        let o = compare(
            find(&base.checklist, &t.id, |i| &i.id),
            find(&mine.checklist, &t.id, |i| &i.id),
            t,
        );
        let m = find(&mine.checklist, &t.id, |i| &i.id);
        let label = format!("Checklist {} {}", t.criterion_id, t.title);
        merge.item(
            "checklist",
            &t.id,
            label,
            o,
            m.map(item_words),
            item_words(t),
            || Record::ChecklistItem(t.clone()),
        );
    }
    for t in &theirs.sampling {
        let o = compare(
            find(&base.sampling, &t.id, |s| &s.id),
            find(&mine.sampling, &t.id, |s| &s.id),
            t,
        );
        let m = find(&mine.sampling, &t.id, |s| &s.id);
        let label = format!("Sampling plan of {}", t.criterion_id);
        merge.item(
            "sampling",
            &t.id,
            label,
            o,
            m.map(sampling_words),
            sampling_words(t),
            || Record::SamplingPlan(t.clone()),
        );
    }
    // New findings and evidence take the next references here, in the member's order.
    let mut audit = mine.audit.clone();
    let mut next_evidence = mine
        .evidence
        .iter()
        .filter_map(|e| e.reference.strip_prefix("E-")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    let mut findings: Vec<&Finding> = theirs.findings.iter().collect();
    findings.sort_by(|a, b| a.reference.cmp(&b.reference));
    for t in findings {
        let m = find(&mine.findings, &t.id, |f| &f.id);
        let o = compare(find(&base.findings, &t.id, |f| &f.id), m, t);
        let mut taken = t.clone();
        if o == Outcome::New {
            taken.reference = audit::finding::reference(audit.next_finding_number);
            audit.next_finding_number += 1;
        }
        let label = format!("Finding {} ({})", taken.reference, t.reference);
        merge.item(
            "findings",
            &t.id,
            label,
            o,
            m.map(finding_words),
            finding_words(t),
            || Record::Finding(taken),
        );
    }
    let mut evidence: Vec<&Evidence> = theirs.evidence.iter().collect();
    evidence.sort_by(|a, b| a.reference.cmp(&b.reference));
    let mut files = Vec::new();
    for t in evidence {
        let m = find(&mine.evidence, &t.id, |e| &e.id);
        let o = compare(find(&base.evidence, &t.id, |e| &e.id), m, t);
        let mut taken = t.clone();
        if o == Outcome::New {
            taken.reference = audit::evidence::reference(next_evidence);
            next_evidence += 1;
        }
        let label = format!("Evidence {} ({}) {}", taken.reference, t.reference, t.title);
        let before = merge.puts.len();
        merge.item(
            "evidence",
            &t.id,
            label,
            o,
            m.map(evidence_words),
            evidence_words(t),
            || Record::Evidence(taken),
        );
        if merge.puts.len() > before {
            let had = |id: &str| m.is_some_and(|m| m.files.iter().any(|f| f.id == id));
            files.extend(t.files.iter().filter(|f| !had(&f.id)).map(|f| f.id.clone()));
        }
    }
    if audit.next_finding_number != mine.audit.next_finding_number {
        merge.puts.push(Record::Audit(audit));
    }
    let conflicts = merge
        .items
        .iter()
        .filter(|i| i.status == MergeStatus::Conflict)
        .count();
    let review = MergeReview {
        origin: package.origin.clone(),
        returned_by: package.returned_by.clone(),
        returned_at: package.returned_at.clone(),
        audit_id: mine.audit.id.clone(),
        audit_title: mine.audit.title.clone(),
        items: merge.items,
        conflicts,
    };
    if strict {
        if let Some(first) = merge.unchosen.first() {
            return Err(Error::new(
                ErrorCode::Incomplete,
                format!(
                    "{} item(s) were changed both here and by {} since the package was made (the first: {first}). Choose which version to keep for each, then merge.",
                    merge.unchosen.len(),
                    package.origin.member
                ),
            )
            .with_details(merge.unchosen));
        }
        if merge.puts.is_empty() {
            return Err(Error::new(
                ErrorCode::Duplicate,
                format!(
                    "Nothing in this result package from {} is new here: it was merged already, or your versions were kept. Nothing was changed.",
                    package.origin.member
                ),
            ));
        }
    }
    Ok(Merged {
        puts: merge.puts,
        files,
        review,
    })
}

struct Merging<'a> {
    choices: &'a [MergeChoice],
    items: Vec<MergeItem>,
    puts: Vec<Record>,
    /// Conflicts without a choice, in words.
    unchosen: Vec<String>,
}

impl Merging<'_> {
    #[allow(clippy::too_many_arguments)] // one call per record kind, each names its parts
    fn item(
        &mut self,
        store: &str,
        id: &str,
        label: String,
        outcome: Outcome,
        mine: Option<String>,
        theirs: String,
        record: impl FnOnce() -> Record,
    ) {
        let key = format!("{store}/{id}");
        let status = match outcome {
            Outcome::Same => return,
            Outcome::New => MergeStatus::New,
            Outcome::Changed => MergeStatus::Changed,
            Outcome::Conflict => MergeStatus::Conflict,
        };
        let take = match status {
            MergeStatus::Conflict => match self.choices.iter().find(|c| c.key == key) {
                Some(c) => c.keep == Side::Theirs,
                None => {
                    self.unchosen.push(label.clone());
                    false
                }
            },
            _ => true,
        };
        if take {
            self.puts.push(record());
        }
        self.items.push(MergeItem {
            key,
            label,
            status,
            mine: mine.unwrap_or_default(),
            theirs,
        });
    }
}

fn find<'a, T>(list: &'a [T], id: &str, key: impl Fn(&T) -> &String) -> Option<&'a T> {
    list.iter().find(|r| key(r) == id)
}

/// The result package answers a package of this audit, and every record it brings
/// belongs to the audit and its criteria.
fn check(mine: &AuditSet, package: &ResultPackage) -> Result<()> {
    let audit = &mine.audit;
    let wrong = |what: String| {
        Err(Error::new(
            ErrorCode::InvalidImport,
            format!(
                "The result package from {} was not merged: {what}. Nothing was changed.",
                package.origin.member
            ),
        ))
    };
    if package.base.audit.id != audit.id || package.result.audit.id != audit.id {
        return wrong(format!("it is not for the audit {}", audit.title));
    }
    let in_scope = |c: &String| audit.criteria.contains(c);
    let r = &package.result;
    if let Some(i) = r.checklist.iter().find(|i| {
        i.audit_id != audit.id
            || !in_scope(&i.criterion_id)
            || i.id != ChecklistItem::id_for(&audit.id, &i.criterion_id)
    }) {
        return wrong(format!(
            "its checklist item {} is not one of this audit's",
            excerpt(&i.criterion_id)
        ));
    }
    if let Some(s) = r
        .sampling
        .iter()
        .find(|s| s.audit_id != audit.id || !in_scope(&s.criterion_id))
    {
        return wrong(format!(
            "its sampling plan of {} is not one of this audit's",
            excerpt(&s.criterion_id)
        ));
    }
    if let Some(f) = r
        .findings
        .iter()
        .find(|f| f.audit_id != audit.id || !f.criterion_ids.iter().all(in_scope))
    {
        return wrong(format!(
            "its finding {} is not for this audit's criteria",
            excerpt(&f.reference)
        ));
    }
    if let Some(e) = r
        .evidence
        .iter()
        .find(|e| e.audit_id != audit.id || !e.criterion_ids.iter().all(in_scope))
    {
        return wrong(format!(
            "its evidence {} is not for this audit's criteria",
            excerpt(&e.reference)
        ));
    }
    Ok(())
}

fn item_words(i: &ChecklistItem) -> String {
    let result = match i.result {
        ItemResult::NotAudited => "not audited",
        ItemResult::Conforming => "conforming",
        ItemResult::Nonconforming => "nonconforming",
        ItemResult::NotApplicable => "not applicable",
    };
    if i.notes.is_empty() {
        result.to_string()
    } else {
        format!("{result}. Notes: {}", i.notes)
    }
}

fn sampling_words(s: &SamplingPlan) -> String {
    format!("{} (population {})", s.population, s.population_size)
}

fn finding_words(f: &Finding) -> String {
    format!("{}: {}", f.grade.key().replace('_', " "), f.statement)
}

fn evidence_words(e: &Evidence) -> String {
    let files = if e.files.is_empty() {
        String::new()
    } else {
        format!(" ({} file(s))", e.files.len())
    };
    format!("{}: {}{files}", e.title, e.description)
}
