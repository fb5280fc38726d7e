//! The coverage plan (ISO/IEC 27001 9.2.2 through ISO 19011 5.4.3): every clause 4-10, every
//! applicable Annex A control and every unit and process of the ISMS scope, against the
//! audits of one cycle. [`propose`] plans each item once per cycle, and more often as the
//! manager rates it riskier; the manager then edits the stored plan.

use super::Extent;
use crate::catalog::{Catalog, CriterionKind};
use crate::error::{Error, ErrorCode, Result};
use crate::soa::Soa;
use crate::text::{self, SHORT};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// How risky the manager judges an item, and so how often it is audited in a cycle.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// Once per cycle (every item not rated otherwise).
    #[default]
    Low,
    /// Twice in three years: two thirds of the cycle's years, rounded up.
    Medium,
    /// Every year.
    High,
}

impl Level {
    /// How many years of a `cycle_years` cycle an item of this level is audited in.
    pub fn times(self, cycle_years: u32) -> u32 {
        match self {
            Level::Low => 1,
            Level::Medium => (2 * cycle_years).div_ceil(3).max(1),
            Level::High => cycle_years,
        }
    }
}

/// The manager's rating of one item, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Rating {
    /// An item id (see [`Item`]).
    pub item: String,
    pub level: Level,
    #[serde(default)]
    pub reason: String,
}

/// The audits of the cycle that cover one item, as slot numbers (see [`slots`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Planned {
    pub item: String,
    pub slots: Vec<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Clause,
    Control,
    Unit,
    Process,
}

/// One row of the matrix. Clauses and controls keep their catalog id ("9.2", "A.5.1");
/// units and processes are `unit:NAME` and `process:NAME`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Item {
    pub id: String,
    pub kind: ItemKind,
    pub title: String,
}

/// One audit of the cycle: year `year` (1-based), the `name` audit of that year.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Slot {
    pub index: u32,
    pub year: u32,
    pub name: String,
}

/// The audits of one cycle: each year's planned audits, year after year (one unnamed
/// audit a year when none are named).
pub fn slots(extent: &Extent) -> Vec<Slot> {
    let names: Vec<&str> = if extent.annual_audits.is_empty() {
        vec!["Audit"]
    } else {
        extent.annual_audits.iter().map(String::as_str).collect()
    };
    (1..=extent.cycle_years)
        .flat_map(|year| names.iter().map(move |n| (year, *n)))
        .enumerate()
        .map(|(i, (year, name))| Slot {
            index: i as u32,
            year,
            name: name.to_string(),
        })
        .collect()
}

pub fn slot_count(extent: &Extent) -> u32 {
    extent.cycle_years * extent.annual_audits.len().max(1) as u32
}

/// Every item in scope: the catalog's auditable clauses, the SoA's applicable controls
/// (every control without an SoA), then the units and processes of the extent.
pub fn items(catalog: &Catalog, soa: Option<&Soa>, extent: &Extent) -> Vec<Item> {
    let applicable = soa.map(Soa::applicable);
    let criteria = catalog.criteria.iter().filter(|c| c.auditable);
    let clauses = criteria.clone().filter(|c| c.kind == CriterionKind::Clause);
    let controls = criteria.filter(|c| {
        c.kind == CriterionKind::Control && applicable.as_ref().is_none_or(|a| a.contains(&c.id))
    });
    let named = |kind, prefix: &str, names: &[String]| {
        names
            .iter()
            .map(|n| Item {
                id: format!("{prefix}:{n}"),
                kind,
                title: n.clone(),
            })
            .collect::<Vec<_>>()
    };
    clauses
        .map(|c| (c, ItemKind::Clause))
        .chain(controls.map(|c| (c, ItemKind::Control)))
        .map(|(c, kind)| Item {
            id: c.id.clone(),
            kind,
            title: c.title.clone(),
        })
        .chain(named(ItemKind::Unit, "unit", &extent.units))
        .chain(named(ItemKind::Process, "process", &extent.processes))
        .collect()
}

/// The level of `item` (low unless rated).
pub fn level(ratings: &[Rating], item: &str) -> Level {
    ratings
        .iter()
        .find(|r| r.item == item)
        .map_or(Level::Low, |r| r.level)
}

/// A proposed plan: each item in as many years as its level asks, those years spread
/// evenly over the cycle starting from the least loaded year, and in each year the least
/// loaded audit. Deterministic: the same inputs give the same plan.
pub fn propose(items: &[Item], ratings: &[Rating], extent: &Extent) -> Vec<Planned> {
    let years = extent.cycle_years.max(1);
    let per_year = extent.annual_audits.len().max(1) as u32;
    let mut load = vec![0u32; (years * per_year) as usize];
    // The riskiest first, so that they spread before the rest fills in.
    let mut order: Vec<(&Item, Level)> = items.iter().map(|i| (i, level(ratings, &i.id))).collect();
    order.sort_by_key(|(_, l)| std::cmp::Reverse(*l));
    let year_load = |load: &[u32], y: u32| -> u32 {
        load[(y * per_year) as usize..][..per_year as usize]
            .iter()
            .sum()
    };
    let mut plan: BTreeMap<&str, Vec<u32>> = BTreeMap::new();
    for (item, lvl) in order {
        let times = lvl.times(years).min(years);
        let start = (0..years)
            .min_by_key(|&y| (year_load(&load, y), y))
            .unwrap_or(0);
        let mut chosen = Vec::new();
        for j in 0..times {
            let year = (start + j * years / times) % years;
            let slot = (year * per_year..(year + 1) * per_year)
                .min_by_key(|&s| (load[s as usize], s))
                .unwrap_or(year * per_year);
            load[slot as usize] += 1;
            chosen.push(slot);
        }
        chosen.sort_unstable();
        plan.insert(&item.id, chosen);
    }
    items
        .iter()
        .map(|i| Planned {
            item: i.id.clone(),
            slots: plan.remove(i.id.as_str()).unwrap_or_default(),
        })
        .collect()
}

fn unknown_item(item: &str) -> Error {
    Error::on_field(
        ErrorCode::CriterionNotInScope,
        "item",
        format!(
            "“{}” is not a clause, control, unit or process in this programme's scope; choose one from the coverage matrix.",
            text::excerpt(item)
        ),
    )
}

/// `plan` with the entries of `changes` replacing those of the same items; each item
/// must be in scope and each slot an audit of the cycle.
pub fn with_plan(
    plan: &[Planned],
    changes: &[Planned],
    items: &[Item],
    extent: &Extent,
) -> Result<Vec<Planned>> {
    let count = slot_count(extent);
    let mut merged: BTreeMap<String, Vec<u32>> = plan
        .iter()
        .map(|p| (p.item.clone(), p.slots.clone()))
        .collect();
    for change in changes {
        if !items.iter().any(|i| i.id == change.item) {
            return Err(unknown_item(&change.item));
        }
        if let Some(bad) = change.slots.iter().find(|&&s| s >= count) {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                "slots",
                format!(
                    "Audit number {bad} is not in the cycle, which has {count} audits (0 to {}); extend the cycle or choose another audit.",
                    count.saturating_sub(1)
                ),
            ));
        }
        let mut slots = change.slots.clone();
        slots.sort_unstable();
        slots.dedup();
        merged.insert(change.item.clone(), slots);
    }
    Ok(merged
        .into_iter()
        .map(|(item, slots)| Planned { item, slots })
        .collect())
}

/// `ratings` with `rating` set: low removes the item's rating; medium and high need a
/// reason.
pub fn with_rating(ratings: &[Rating], rating: &Rating, items: &[Item]) -> Result<Vec<Rating>> {
    if !items.iter().any(|i| i.id == rating.item) {
        return Err(unknown_item(&rating.item));
    }
    let reason = if rating.level == Level::Low {
        text::optional("reason", "Reason", &rating.reason, SHORT)?
    } else {
        text::required("reason", "Reason for the rating", &rating.reason, SHORT)?
    };
    let mut out: Vec<Rating> = ratings
        .iter()
        .filter(|r| r.item != rating.item)
        .cloned()
        .collect();
    if rating.level != Level::Low {
        out.push(Rating {
            item: rating.item.clone(),
            level: rating.level,
            reason,
        });
    }
    Ok(out)
}

/// One row of the matrix: what is planned and what the audits have done.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub item: Item,
    pub level: Level,
    pub reason: String,
    /// The slots planned for it.
    pub planned: Vec<u32>,
    /// How many times its level asks for in one cycle.
    pub wanted: u32,
    /// Titles of the programme's audits that have a result for it.
    pub done_in: Vec<String>,
    /// Neither planned nor done.
    pub uncovered: bool,
    /// Planned fewer times than its level asks.
    pub under_planned: bool,
}

/// The coverage matrix of a programme.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Coverage {
    pub slots: Vec<Slot>,
    pub rows: Vec<Row>,
    pub items: u32,
    pub uncovered: u32,
    pub done: u32,
    /// Whether a plan has been stored.
    pub planned: bool,
}

/// The matrix of `items` against the stored plan, with `done` (item id -> titles of the
/// audits that have a result for it).
pub fn matrix(
    items: Vec<Item>,
    extent: &Extent,
    ratings: &[Rating],
    plan: &[Planned],
    done: &BTreeMap<String, Vec<String>>,
) -> Coverage {
    let rows: Vec<Row> = items
        .into_iter()
        .map(|item| {
            let rating = ratings.iter().find(|r| r.item == item.id);
            let level = rating.map_or(Level::Low, |r| r.level);
            let planned = plan
                .iter()
                .find(|p| p.item == item.id)
                .map(|p| p.slots.clone())
                .unwrap_or_default();
            let done_in = done.get(&item.id).cloned().unwrap_or_default();
            let wanted = level.times(extent.cycle_years);
            Row {
                uncovered: planned.is_empty() && done_in.is_empty(),
                under_planned: (planned.len() as u32) < wanted,
                reason: rating.map(|r| r.reason.clone()).unwrap_or_default(),
                item,
                level,
                planned,
                wanted,
                done_in,
            }
        })
        .collect();
    Coverage {
        slots: slots(extent),
        items: rows.len() as u32,
        uncovered: rows.iter().filter(|r| r.uncovered).count() as u32,
        done: rows.iter().filter(|r| !r.done_in.is_empty()).count() as u32,
        planned: !plan.is_empty(),
        rows,
    }
}
