//! An in-memory store: the reference behaviour of a [`Store`], used by native tests. It
//! behaves as [`super::idb::IdbStore`] does (the store conformance tests run against
//! both): records kept as JSON, a write refused with `conflict` when its journal entry is
//! not the next, restore only into an empty store, and every write all or nothing.

use super::{Store, corrupt, not_empty};
use crate::error::{Error, ErrorCode, Result};
use crate::journal::{JournalEntry, StoredRecord};
use crate::record::{Change, DamagedRecord, Dump, FileWrite, RecordKind, Snapshot, StoredFile};
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;

#[derive(Default, Clone)]
struct Contents {
    /// (object store name, record id) -> record.
    records: BTreeMap<(String, String), Value>,
    set_aside: BTreeMap<(String, String), DamagedRecord>,
    journal: Vec<JournalEntry>,
    /// Evidence file id -> bytes.
    files: BTreeMap<String, Vec<u8>>,
}

#[derive(Default)]
pub struct MemoryStore {
    contents: RefCell<Contents>,
    /// Files handed over for the next write (see [`Store::stage_file`]).
    staged: RefCell<BTreeMap<String, Vec<u8>>>,
    /// Fails the next writes after this many of their operations (see `fail_after`).
    fail_after: Cell<Option<usize>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes every following write or restore fail after `ops` of its operations have
    /// been applied (`None`: writes succeed again), to test that a failure part-way
    /// through leaves nothing behind.
    pub fn fail_after(&self, ops: Option<usize>) {
        self.fail_after.set(ops);
    }

    /// Replaces one stored record's JSON, to test how damaged data is handled.
    pub fn overwrite(&self, kind: RecordKind, id: &str, value: Value) {
        self.contents
            .borrow_mut()
            .records
            .insert((kind.store().to_string(), id.to_string()), value);
    }

    /// Flips one bit of a stored file's bytes, to test that a damaged file is detected.
    pub fn flip_file_byte(&self, id: &str, at: usize) {
        if let Some(bytes) = self.contents.borrow_mut().files.get_mut(id) {
            bytes[at] ^= 1;
        }
    }

    /// Applies `ops` to a copy and keeps it only if all of them succeed.
    fn transaction(&self, ops: Vec<Op>) -> Result<()> {
        let mut copy = self.contents.borrow().clone();
        for (done, op) in ops.into_iter().enumerate() {
            if self.fail_after.get() == Some(done) {
                return Err(Error::new(
                    ErrorCode::Storage,
                    "Could not save (injected failure). Nothing was changed.",
                ));
            }
            op(&mut copy)?;
        }
        *self.contents.borrow_mut() = copy;
        Ok(())
    }

    /// A write whose operations cannot fail (its checks, the journal's next key and the
    /// staged files, were made before): applied in place. Copying the whole store for
    /// each write, as `transaction` does, made a large workspace quadratic to build.
    fn apply_in_place(&self, ops: Vec<Op>) -> Result<()> {
        if self.fail_after.get().is_some_and(|n| n < ops.len()) {
            return Err(Error::new(
                ErrorCode::Storage,
                "Could not save (injected failure). Nothing was changed.",
            ));
        }
        let mut contents = self.contents.borrow_mut();
        for op in ops {
            op(&mut contents)?;
        }
        Ok(())
    }

    fn all<T: DeserializeOwned>(
        &self,
        kind: RecordKind,
        damaged: &mut Vec<DamagedRecord>,
    ) -> Vec<T> {
        let mut out = Vec::new();
        for ((store, id), value) in &self.contents.borrow().records {
            if store != kind.store() {
                continue;
            }
            match serde_json::from_value(value.clone()) {
                Ok(v) => out.push(v),
                Err(e) => damaged.push(DamagedRecord::undecodable(store, id, value.clone(), e)),
            }
        }
        out
    }
}

type Op = Box<dyn FnOnce(&mut Contents) -> Result<()>>;

impl Store for MemoryStore {
    type File = Vec<u8>;

    fn stage_file(&self, id: &str, file: Vec<u8>) {
        self.staged.borrow_mut().insert(id.to_string(), file);
    }

    fn unstage_file(&self, id: &str) {
        self.staged.borrow_mut().remove(id);
    }

    async fn read_file(&self, id: &str) -> Result<Option<Vec<u8>>> {
        Ok(self.contents.borrow().files.get(id).cloned())
    }

    async fn load(&self) -> Result<Snapshot> {
        let mut damaged = Vec::new();
        Ok(Snapshot {
            programmes: self.all(RecordKind::Programme, &mut damaged),
            audits: self.all(RecordKind::Audit, &mut damaged),
            checklist: self.all(RecordKind::ChecklistItem, &mut damaged),
            findings: self.all(RecordKind::Finding, &mut damaged),
            soas: self.all(RecordKind::Soa, &mut damaged),
            criteria_sets: self.all(RecordKind::CriteriaSet, &mut damaged),
            report_versions: self.all(RecordKind::ReportVersion, &mut damaged),
            follow_ups: self.all(RecordKind::FollowUp, &mut damaged),
            evidence: self.all(RecordKind::Evidence, &mut damaged),
            sampling: self.all(RecordKind::SamplingPlan, &mut damaged),
            auditors: self.all(RecordKind::Auditor, &mut damaged),
            head: self.contents.borrow().journal.last().cloned(),
            damaged,
        })
    }

    async fn write(&self, change: &Change) -> Result<()> {
        let mut ops: Vec<Op> = Vec::new();
        for d in &change.set_aside {
            let d = d.clone();
            ops.push(Box::new(move |c| {
                let key = (d.store.clone(), d.id.clone());
                c.records.remove(&key);
                c.set_aside.insert(key, d);
                Ok(())
            }));
        }
        for (kind, id) in &change.deletes {
            let key = (kind.store().to_string(), id.clone());
            ops.push(Box::new(move |c| {
                c.records.remove(&key);
                Ok(())
            }));
        }
        for record in &change.puts {
            let key = (record.kind().store().to_string(), record.id().to_string());
            let value = serde_json::to_value(record).expect("records serialize");
            ops.push(Box::new(move |c| {
                c.records.insert(key, value);
                Ok(())
            }));
        }
        for file in &change.files {
            match file {
                FileWrite::Put(id) => {
                    let bytes = self.staged.borrow().get(id).cloned();
                    let bytes = bytes.ok_or_else(|| unstaged(id))?;
                    let id = id.clone();
                    ops.push(Box::new(move |c| {
                        c.files.insert(id, bytes);
                        Ok(())
                    }));
                }
                FileWrite::Delete(id) => {
                    let id = id.clone();
                    ops.push(Box::new(move |c| {
                        c.files.remove(&id);
                        Ok(())
                    }));
                }
            }
        }
        // As IndexedDB's `add` on the journal's key: this entry must be the next one.
        if change.entry.seq != self.contents.borrow().journal.len() as u64 + 1 {
            return Err(Error::new(
                ErrorCode::Conflict,
                "This workspace was changed in another tab or window. Nothing was saved; the view has been refreshed, so check it and try again.",
            ));
        }
        let entry = change.entry.clone();
        ops.push(Box::new(move |c| {
            c.journal.push(entry);
            Ok(())
        }));
        self.apply_in_place(ops)
    }

    async fn journal(&self) -> Result<Vec<JournalEntry>> {
        Ok(self.contents.borrow().journal.clone())
    }

    async fn journal_after(&self, seq: u64) -> Result<Vec<JournalEntry>> {
        let c = self.contents.borrow();
        Ok(c.journal.iter().filter(|e| e.seq > seq).cloned().collect())
    }

    async fn journal_chunk(&self, seq: u64, count: u32) -> Result<Vec<JournalEntry>> {
        let c = self.contents.borrow();
        Ok(c.journal
            .iter()
            .filter(|e| e.seq > seq)
            .take(count as usize)
            .cloned()
            .collect())
    }

    async fn records_chunk(
        &self,
        store: &str,
        after: Option<&str>,
        count: u32,
    ) -> Result<Vec<StoredRecord>> {
        use std::ops::Bound;
        let c = self.contents.borrow();
        let from = match after {
            Some(id) => Bound::Excluded((store.to_string(), id.to_string())),
            None => Bound::Included((store.to_string(), String::new())),
        };
        Ok(c.records
            .range((from, Bound::Unbounded))
            .take_while(|((s, _), _)| s == store)
            .take(count as usize)
            .map(|((store, id), value)| StoredRecord {
                store: store.clone(),
                id: id.clone(),
                value: value.clone(),
            })
            .collect())
    }

    async fn dump(&self) -> Result<Dump> {
        let c = self.contents.borrow();
        Ok(Dump {
            records: c
                .records
                .iter()
                .map(|((store, id), value)| StoredRecord {
                    store: store.clone(),
                    id: id.clone(),
                    value: value.clone(),
                })
                .collect(),
            set_aside: c.set_aside.values().cloned().collect(),
            journal: c.journal.clone(),
            files: c
                .files
                .iter()
                .map(|(id, bytes)| StoredFile {
                    id: id.clone(),
                    bytes: bytes.clone(),
                })
                .collect(),
        })
    }

    async fn restore(&self, dump: &Dump) -> Result<()> {
        let mut ops: Vec<Op> = vec![Box::new(|c| {
            if c.records.is_empty()
                && c.set_aside.is_empty()
                && c.journal.is_empty()
                && c.files.is_empty()
            {
                Ok(())
            } else {
                Err(not_empty())
            }
        })];
        for r in &dump.records {
            let r = r.clone();
            ops.push(Box::new(move |c| {
                // As IndexedDB's `add`: a key given twice fails the whole restore.
                match c.records.insert((r.store.clone(), r.id.clone()), r.value) {
                    None => Ok(()),
                    Some(_) => Err(Error::new(
                        ErrorCode::Storage,
                        format!("Could not restore: the {} record \"{}\" comes twice. Nothing was changed.", r.store, r.id),
                    )),
                }
            }));
        }
        for d in &dump.set_aside {
            let d = d.clone();
            ops.push(Box::new(move |c| {
                c.set_aside.insert((d.store.clone(), d.id.clone()), d);
                Ok(())
            }));
        }
        for file in &dump.files {
            let file = file.clone();
            ops.push(Box::new(move |c| {
                c.files.insert(file.id, file.bytes);
                Ok(())
            }));
        }
        for entry in &dump.journal {
            let entry = entry.clone();
            ops.push(Box::new(move |c| {
                if entry.seq != c.journal.len() as u64 + 1 {
                    return Err(corrupt(
                        "journal",
                        &entry.seq.to_string(),
                        "out of sequence",
                    ));
                }
                c.journal.push(entry);
                Ok(())
            }));
        }
        self.transaction(ops)
    }
}

/// The error for a change that stores a file no one handed over: a fault in the caller.
pub fn unstaged(id: &str) -> Error {
    Error::new(
        ErrorCode::Internal,
        format!(
            "The bytes of evidence file \"{id}\" were not handed to the store; nothing was saved. Attach the file again."
        ),
    )
}
