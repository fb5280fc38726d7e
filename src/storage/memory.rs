//! An in-memory store: the reference behaviour of a [`Store`], used by native tests.
//! Records are kept as JSON, so every test also round-trips them through serde.

use super::{Store, corrupt};
use crate::error::{Error, Result};
use crate::journal::JournalEntry;
use crate::record::{Change, RecordKind, Snapshot};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::cell::RefCell;
use std::collections::BTreeMap;

#[derive(Default)]
pub struct MemoryStore {
    /// (object store name, record id) -> record.
    records: RefCell<BTreeMap<(&'static str, String), Value>>,
    journal: RefCell<Vec<JournalEntry>>,
    /// When set, every write fails with this error and writes nothing.
    failure: RefCell<Option<Error>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes writes fail (Some) or succeed again (None), to test what a failure leaves.
    pub fn fail_writes_with(&self, error: Option<Error>) {
        *self.failure.borrow_mut() = error;
    }

    /// Replaces one stored record's JSON, to test how damaged data is handled.
    pub fn overwrite(&self, kind: RecordKind, id: &str, value: Value) {
        self.records
            .borrow_mut()
            .insert((kind.store(), id.to_string()), value);
    }

    fn all<T: DeserializeOwned>(&self, kind: RecordKind) -> Result<Vec<T>> {
        self.records
            .borrow()
            .iter()
            .filter(|((store, _), _)| *store == kind.store())
            .map(|((store, id), value)| {
                serde_json::from_value(value.clone()).map_err(|e| corrupt(store, id, e))
            })
            .collect()
    }
}

impl Store for MemoryStore {
    async fn load(&self) -> Result<Snapshot> {
        Ok(Snapshot {
            programmes: self.all(RecordKind::Programme)?,
            audits: self.all(RecordKind::Audit)?,
            checklist: self.all(RecordKind::ChecklistItem)?,
            findings: self.all(RecordKind::Finding)?,
            soas: self.all(RecordKind::Soa)?,
            criteria_sets: self.all(RecordKind::CriteriaSet)?,
            head: self.journal.borrow().last().cloned(),
        })
    }

    async fn write(&self, change: &Change) -> Result<()> {
        if let Some(error) = self.failure.borrow().clone() {
            return Err(error);
        }
        let mut records = self.records.borrow_mut();
        for (kind, id) in &change.deletes {
            records.remove(&(kind.store(), id.clone()));
        }
        for record in &change.puts {
            let value = serde_json::to_value(record).expect("records serialize");
            records.insert((record.kind().store(), record.id().to_string()), value);
        }
        self.journal.borrow_mut().push(change.entry.clone());
        Ok(())
    }

    async fn journal(&self) -> Result<Vec<JournalEntry>> {
        Ok(self.journal.borrow().clone())
    }

    async fn restore(&self, snapshot: &Snapshot, journal: &[JournalEntry]) -> Result<()> {
        if let Some(error) = self.failure.borrow().clone() {
            return Err(error);
        }
        let mut records = self.records.borrow_mut();
        for record in snapshot.records() {
            let value = serde_json::to_value(&record).expect("records serialize");
            records.insert((record.kind().store(), record.id().to_string()), value);
        }
        *self.journal.borrow_mut() = journal.to_vec();
        Ok(())
    }
}
