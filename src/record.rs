//! The record model: the kinds of stored records, a [`Change`] (what one command writes)
//! and a [`Snapshot`] (everything a store holds), with the schema version they follow.
//! The workspace produces and takes in these; stores and backups write and read them.

use crate::audit::{Audit, ChecklistItem, Finding};
use crate::catalog::custom::CriteriaSet;
use crate::journal::JournalEntry;
use crate::programme::Programme;
use crate::soa::Soa;

/// The schema version this build reads and writes (the IndexedDB database version, and
/// the version a backup's records follow). Each increase comes with a migration.
pub const SCHEMA_VERSION: u32 = 2;

/// A stored record of any kind; it serializes as the record itself.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(untagged)]
#[allow(clippy::large_enum_variant)] // a record lives briefly in one Change; boxing buys nothing
pub enum Record {
    Programme(Programme),
    Audit(Audit),
    ChecklistItem(ChecklistItem),
    Finding(Finding),
    Soa(Soa),
    CriteriaSet(CriteriaSet),
}

/// The kinds of stored records; each has its own object store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordKind {
    Programme,
    Audit,
    ChecklistItem,
    Finding,
    Soa,
    CriteriaSet,
}

impl RecordKind {
    pub const ALL: [RecordKind; 6] = [
        RecordKind::Programme,
        RecordKind::Audit,
        RecordKind::ChecklistItem,
        RecordKind::Finding,
        RecordKind::Soa,
        RecordKind::CriteriaSet,
    ];

    /// The object store's name.
    pub fn store(self) -> &'static str {
        match self {
            RecordKind::Programme => "programmes",
            RecordKind::Audit => "audits",
            RecordKind::ChecklistItem => "checklist",
            RecordKind::Finding => "findings",
            RecordKind::Soa => "soas",
            RecordKind::CriteriaSet => "criteria_sets",
        }
    }
}

impl Record {
    pub fn id(&self) -> &str {
        match self {
            Record::Programme(r) => &r.id,
            Record::Audit(r) => &r.id,
            Record::ChecklistItem(r) => &r.id,
            Record::Finding(r) => &r.id,
            Record::Soa(r) => &r.id,
            Record::CriteriaSet(r) => &r.id,
        }
    }

    pub fn kind(&self) -> RecordKind {
        match self {
            Record::Programme(_) => RecordKind::Programme,
            Record::Audit(_) => RecordKind::Audit,
            Record::ChecklistItem(_) => RecordKind::ChecklistItem,
            Record::Finding(_) => RecordKind::Finding,
            Record::Soa(_) => RecordKind::Soa,
            Record::CriteriaSet(_) => RecordKind::CriteriaSet,
        }
    }
}

/// A stored record's kind and id.
pub type RecordKey = (RecordKind, String);

/// What one command changes: records to write, records to delete, one journal entry.
/// A store writes all of it or none of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub puts: Vec<Record>,
    pub deletes: Vec<RecordKey>,
    pub entry: JournalEntry,
}

impl Change {
    /// The id of the record the command created, if any.
    pub fn created(&self) -> Option<&str> {
        self.entry.created.as_deref()
    }
}

/// Everything a store holds, as loaded when a workspace opens.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub programmes: Vec<Programme>,
    pub audits: Vec<Audit>,
    pub checklist: Vec<ChecklistItem>,
    pub findings: Vec<Finding>,
    pub soas: Vec<Soa>,
    pub criteria_sets: Vec<CriteriaSet>,
    /// The newest journal entry.
    pub head: Option<JournalEntry>,
}

impl Snapshot {
    /// Every record, as the stores hold them.
    pub fn records(&self) -> impl Iterator<Item = Record> + '_ {
        self.programmes
            .iter()
            .map(|r| Record::Programme(r.clone()))
            .chain(self.audits.iter().map(|r| Record::Audit(r.clone())))
            .chain(
                self.checklist
                    .iter()
                    .map(|r| Record::ChecklistItem(r.clone())),
            )
            .chain(self.findings.iter().map(|r| Record::Finding(r.clone())))
            .chain(self.soas.iter().map(|r| Record::Soa(r.clone())))
            .chain(
                self.criteria_sets
                    .iter()
                    .map(|r| Record::CriteriaSet(r.clone())),
            )
    }
}
