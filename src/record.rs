//! The record model: the kinds of stored records, a [`Change`] (what one command writes),
//! a [`Snapshot`] (everything a store holds, decoded), a [`Dump`] (everything a store
//! holds, exactly as stored) and [`DamagedRecord`]s, with the schema version they follow.
//! The workspace produces and takes in these; stores and backups write and read them.

use crate::audit::{Audit, ChecklistItem, Evidence, Finding, FollowUp, SamplingPlan};
use crate::catalog::custom::CriteriaSet;
use crate::competence::Auditor;
use crate::journal::{JournalEntry, StoredRecord};
use crate::programme::Programme;
use crate::report::ReportVersion;
use crate::soa::Soa;

/// The schema version this build reads and writes (the IndexedDB database version, and
/// the version a backup's records follow). Each increase comes with a migration.
/// 3: the `set_aside` store for damaged records.
/// 4: `report_versions` (issued reports) and `follow_ups` (nonconformity follow-up).
/// 6: `evidence` (the evidence register), `sampling` (sampling plans of checklist
/// items) and `evidence_files` (the files' bytes as Blobs, keyed by file id).
/// 7: `auditors` (auditor profiles with their CPD and evaluations).
pub const SCHEMA_VERSION: u32 = 7;

/// The object store of evidence files' bytes (not records: the evidence record holds
/// their name, size and SHA-256).
pub const EVIDENCE_FILES: &str = "evidence_files";

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
    ReportVersion(ReportVersion),
    FollowUp(FollowUp),
    Evidence(Evidence),
    SamplingPlan(SamplingPlan),
    Auditor(Auditor),
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
    ReportVersion,
    FollowUp,
    Evidence,
    SamplingPlan,
    Auditor,
}

impl RecordKind {
    /// The kind whose object store is `name`.
    pub fn from_store(name: &str) -> Option<RecordKind> {
        RecordKind::ALL.into_iter().find(|k| k.store() == name)
    }

    pub const ALL: [RecordKind; 11] = [
        RecordKind::Programme,
        RecordKind::Audit,
        RecordKind::ChecklistItem,
        RecordKind::Finding,
        RecordKind::Soa,
        RecordKind::CriteriaSet,
        RecordKind::ReportVersion,
        RecordKind::FollowUp,
        RecordKind::Evidence,
        RecordKind::SamplingPlan,
        RecordKind::Auditor,
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
            RecordKind::ReportVersion => "report_versions",
            RecordKind::FollowUp => "follow_ups",
            RecordKind::Evidence => "evidence",
            RecordKind::SamplingPlan => "sampling",
            RecordKind::Auditor => "auditors",
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
            Record::ReportVersion(r) => &r.id,
            Record::FollowUp(r) => &r.id,
            Record::Evidence(r) => &r.id,
            Record::SamplingPlan(r) => &r.id,
            Record::Auditor(r) => &r.id,
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
            Record::ReportVersion(_) => RecordKind::ReportVersion,
            Record::FollowUp(_) => RecordKind::FollowUp,
            Record::Evidence(_) => RecordKind::Evidence,
            Record::SamplingPlan(_) => RecordKind::SamplingPlan,
            Record::Auditor(_) => RecordKind::Auditor,
        }
    }
}

/// A stored record's kind and id.
pub type RecordKey = (RecordKind, String);

/// What one command changes: records to write, records to delete, damaged records to
/// set aside, one journal entry. A store writes all of it or none of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub puts: Vec<Record>,
    pub deletes: Vec<RecordKey>,
    pub set_aside: Vec<DamagedRecord>,
    /// Evidence files to store or remove with the records (see [`FileWrite`]).
    pub files: Vec<FileWrite>,
    pub entry: JournalEntry,
}

/// An evidence file a change stores or removes. The bytes of a stored one are not in
/// the change (the domain never holds them): the caller hands them to the store
/// beforehand ([`crate::storage::Store::stage_file`]) under the same id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileWrite {
    Put(String),
    Delete(String),
}

/// An evidence file's bytes as stored, for backups.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub id: String,
    pub bytes: Vec<u8>,
}

/// A stored record the workspace cannot use: it does not decode, or it belongs to a
/// record that is not there. Kept as stored until the user sets it aside, which moves it
/// (never deletes it) to the store's set-aside area, where backups still carry it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DamagedRecord {
    /// The object store it is (or was) in.
    pub store: String,
    pub id: String,
    /// What is wrong with it, in words.
    pub reason: String,
    /// The record exactly as stored.
    #[cfg_attr(target_arch = "wasm32", tsify(type = "unknown"))]
    pub value: serde_json::Value,
}

impl DamagedRecord {
    /// A stored record that does not decode, kept as it is.
    pub fn undecodable(
        store: &str,
        id: &str,
        value: serde_json::Value,
        why: impl std::fmt::Display,
    ) -> DamagedRecord {
        DamagedRecord {
            store: store.to_string(),
            id: id.to_string(),
            reason: format!("it cannot be read ({why})"),
            value,
        }
    }
}

/// Everything a store holds, exactly as stored (records undecoded), read at one moment:
/// what a backup carries and what the trail is verified against.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Dump {
    pub records: Vec<StoredRecord>,
    pub set_aside: Vec<DamagedRecord>,
    pub journal: Vec<JournalEntry>,
    /// The evidence files' bytes.
    pub files: Vec<StoredFile>,
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
    pub report_versions: Vec<ReportVersion>,
    pub follow_ups: Vec<FollowUp>,
    pub evidence: Vec<Evidence>,
    pub sampling: Vec<SamplingPlan>,
    pub auditors: Vec<Auditor>,
    /// The newest journal entry.
    pub head: Option<JournalEntry>,
    /// Records that could not be read (the workspace opens without them).
    pub damaged: Vec<DamagedRecord>,
}
