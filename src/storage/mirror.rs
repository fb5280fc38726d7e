//! The safety copy: every committed [`Change`] also written, after the store's commit, to
//! files outside IndexedDB (the Origin Private File System in the browser), so that a
//! workspace the browser discards (Chromium can drop a whole database after a crash or a
//! full disk) can be rebuilt and verified from it.
//!
//! The copy is a *generation*: one base file (the whole workspace when the generation
//! started: empty, a restored backup, or the store as it stood) and one file per change
//! after it, each the change's records and journal entry in canonical JSON. A file is
//! written whole or not at all by the browser, but a kill can leave an empty or missing
//! one; the entries' hash chain finds that, and the rebuild drops everything from the
//! first change that does not follow on (the torn tail), saying so. A rebuilt workspace
//! is verified like a backup before it is used.
//!
//! [`Mirrored`] wraps any [`Store`], so new record kinds need nothing here: records are
//! copied as the JSON the store keeps.

use super::Store;
use crate::error::{Error, ErrorCode, Result};
use crate::journal::{self, GENESIS, JournalEntry, StoredRecord, Verification};
use crate::record::{Change, DamagedRecord, Dump, Snapshot};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// Where the copy's files live: numbered generations (directories), each holding named
/// text files. Implemented over OPFS in the browser and in memory for tests.
#[allow(async_fn_in_trait)]
pub trait CopyFiles {
    /// The generations present, in any order.
    async fn generations(&self) -> Result<Vec<u32>>;
    /// The file names of one generation.
    async fn names(&self, generation: u32) -> Result<Vec<String>>;
    async fn read(&self, generation: u32, name: &str) -> Result<String>;
    /// Writes a whole file (creating the generation if needed).
    async fn write(&self, generation: u32, name: &str, text: &str) -> Result<()>;
    /// Renames file `from` to `to` within a generation.
    async fn rename(&self, generation: u32, from: &str, to: &str) -> Result<()>;
    /// Removes a generation and its files.
    async fn remove(&self, generation: u32) -> Result<()>;
}

fn base_name(seq: u64) -> String {
    format!("base-{seq:010}.json")
}

fn change_name(seq: u64) -> String {
    format!("change-{seq:010}.json")
}

/// The sequence number in a base or change file's name.
fn parse_name(name: &str) -> Option<(bool, u64)> {
    let (is_base, digits) = if let Some(rest) = name.strip_prefix("base-") {
        (true, rest)
    } else {
        (false, name.strip_prefix("change-")?)
    };
    let digits = digits.strip_suffix(".json")?;
    (digits.len() == 10)
        .then(|| digits.parse().ok())
        .flatten()
        .map(|seq| (is_base, seq))
}

/// One stored record as the copy carries it.
#[derive(Serialize, Deserialize)]
struct CopiedRecord {
    store: String,
    id: String,
    value: Value,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct BaseFile {
    seq: u64,
    records: Vec<CopiedRecord>,
    set_aside: Vec<DamagedRecord>,
    journal: Vec<JournalEntry>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangeFile {
    puts: Vec<CopiedRecord>,
    deletes: Vec<CopiedKey>,
    set_aside: Vec<DamagedRecord>,
    entry: JournalEntry,
}

#[derive(Serialize, Deserialize)]
struct CopiedKey {
    store: String,
    id: String,
}

/// The base file of a generation starting from `dump`.
fn base_text(dump: &Dump) -> String {
    let records: Vec<Value> = dump
        .records
        .iter()
        .map(|r| json!({"store": r.store, "id": r.id, "value": r.value}))
        .collect();
    journal::canonical::to_string(&json!({
        "seq": dump.journal.last().map_or(0, |e| e.seq),
        "records": records,
        "setAside": dump.set_aside,
        "journal": dump.journal,
    }))
}

/// The file of one change: what the store wrote, as the store keeps it.
fn change_text(change: &Change) -> String {
    let puts: Vec<Value> = change
        .puts
        .iter()
        .map(|r| json!({"store": r.kind().store(), "id": r.id(), "value": r}))
        .collect();
    let deletes: Vec<Value> = change
        .deletes
        .iter()
        .map(|(kind, id)| json!({"store": kind.store(), "id": id}))
        .collect();
    journal::canonical::to_string(&json!({
        "seq": change.entry.seq,
        "puts": puts,
        "deletes": deletes,
        "setAside": change.set_aside,
        "entry": change.entry,
    }))
}

/// What the copy holds for a store that is behind it: the workspace rebuilt from the
/// copy and verified, with notes for the user (e.g. a torn tail dropped).
#[derive(Debug, Clone)]
pub struct Rebuilt {
    pub dump: Dump,
    pub verification: Verification,
    pub notes: Vec<String>,
}

/// What opening found when comparing the store with its copy.
#[derive(Debug, Clone)]
pub enum CopyCheck {
    /// The copy and the store agree (or a copy was started or renewed from the store).
    InStep,
    /// The store holds less than the copy, which verified: rebuild from it.
    Rebuild(Box<Rebuilt>),
    /// The store holds less than the copy, but the copy cannot be used; it is kept and a
    /// new one started from the store.
    NotUsed(String),
}

/// The copy's state as this page knows it, shown by the page.
#[derive(Debug, Clone, Default, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CopyStatus {
    /// Whether this browser offers a place for the copy here (OPFS).
    pub available: bool,
    /// The newest journal entry the copy holds.
    pub head: u64,
    /// Why the last copy write failed, if it did (the change itself was saved).
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub problem: Option<String>,
}

#[derive(Default)]
struct State {
    generation: u32,
    head: u64,
    /// The copy missed a change (a write failed): start a new generation next time.
    needs_base: bool,
    /// Generations kept because they did not verify (never deleted by the app).
    kept: Vec<u32>,
    problem: Option<String>,
}

/// A store whose every committed change is also written to a safety copy.
pub struct Mirrored<S, F> {
    inner: S,
    files: Option<F>,
    state: RefCell<State>,
}

impl<S: Store, F: CopyFiles> Mirrored<S, F> {
    /// `files: None` where the browser offers no place for a copy: the store works alone.
    pub fn new(inner: S, files: Option<F>) -> Self {
        Mirrored {
            inner,
            files,
            state: RefCell::default(),
        }
    }

    pub fn inner(&self) -> &S {
        &self.inner
    }

    pub fn into_parts(self) -> (S, Option<F>) {
        (self.inner, self.files)
    }

    pub fn status(&self) -> CopyStatus {
        let state = self.state.borrow();
        CopyStatus {
            available: self.files.is_some(),
            head: state.head,
            problem: state.problem.clone(),
        }
    }

    /// Compares the copy with the store, whose newest entry is `head`, when a workspace
    /// opens. A store ahead of its copy (or with none: an older release wrote it) renews
    /// the copy from the store; a store behind it gets the copy rebuilt and verified.
    pub async fn check(&self, head: Option<&JournalEntry>) -> Result<CopyCheck> {
        let Some(files) = &self.files else {
            return Ok(CopyCheck::InStep);
        };
        let stored = head.map_or(0, |h| h.seq);
        let mut generations = files.generations().await?;
        generations.sort_unstable();
        // The newest generation with a base is the copy; a newer one without (its base
        // write was cut short) is left for the next renewal to remove.
        let mut found = None;
        for &generation in generations.iter().rev() {
            let names = files.names(generation).await?;
            let parsed: Vec<(bool, u64)> = names.iter().filter_map(|n| parse_name(n)).collect();
            if let Some(base) = parsed.iter().find(|(b, _)| *b).map(|(_, s)| *s) {
                let newest = parsed.iter().map(|(_, s)| *s).max().unwrap_or(base);
                found = Some((generation, base, newest));
                break;
            }
        }
        let newest_generation = generations.last().copied().unwrap_or(0);
        self.state.borrow_mut().generation = newest_generation;
        let Some((generation, base, newest)) = found else {
            self.renew(None).await;
            return Ok(CopyCheck::InStep);
        };
        if newest == stored && generation == newest_generation {
            // The same length; the newest change must also be the store's newest entry
            // (else the copy went its own way: it is renewed from the store).
            let same = newest == base
                || match files.read(generation, &change_name(newest)).await {
                    Ok(text) => parse::<ChangeFile>(&text)
                        .is_ok_and(|c| head.is_some_and(|h| h.hash == c.entry.hash)),
                    Err(_) => false,
                };
            if same {
                self.state.borrow_mut().head = newest;
            } else {
                self.renew(None).await;
            }
            return Ok(CopyCheck::InStep);
        }
        if newest <= stored {
            self.renew(None).await;
            return Ok(CopyCheck::InStep);
        }
        let outcome = match read_copy(files, generation, base).await {
            Ok(rebuilt) => {
                let copied = rebuilt.dump.journal.len() as u64;
                let prefix = head.is_none_or(|h| {
                    rebuilt
                        .dump
                        .journal
                        .get(h.seq as usize - 1)
                        .is_some_and(|e| e.hash == h.hash)
                });
                if !rebuilt.verification.verified {
                    Err(format!(
                        "it does not verify: {}",
                        rebuilt.verification.problems().join(" ")
                    ))
                } else if !prefix {
                    Err(format!(
                        "the workspace's entry {stored} differs from the copy's, so the copy belongs to another history"
                    ))
                } else if copied <= stored {
                    // Dropping a torn tail left nothing the store lacks.
                    self.renew(None).await;
                    return Ok(CopyCheck::InStep);
                } else {
                    Ok(rebuilt)
                }
            }
            Err(e) => Err(e.message),
        };
        match outcome {
            Ok(rebuilt) => {
                self.state.borrow_mut().generation = newest_generation;
                Ok(CopyCheck::Rebuild(Box::new(rebuilt)))
            }
            Err(why) => {
                // Kept as evidence (never deleted by the app); a new copy starts from the
                // store as it is.
                self.state.borrow_mut().kept.push(generation);
                self.renew(None).await;
                Ok(CopyCheck::NotUsed(why))
            }
        }
    }

    /// Starts a new generation from `dump` (or from the store as it stands), then
    /// removes the older ones except those kept. Failures are noted, never raised: the
    /// store itself is fine.
    async fn renew(&self, dump: Option<&Dump>) {
        let Some(files) = &self.files else { return };
        let read;
        let dump = match dump {
            Some(d) => d,
            None => match self.inner.dump().await {
                Ok(d) => {
                    read = d;
                    &read
                }
                Err(e) => return self.failed(e),
            },
        };
        // Above every generation present, whatever this page last knew (another tab or
        // an earlier page may have started one).
        let existing = files.generations().await.unwrap_or_default();
        let newest = existing.iter().copied().max().unwrap_or(0);
        let generation = newest.max(self.state.borrow().generation) + 1;
        let seq = dump.journal.last().map_or(0, |e| e.seq);
        // Written under a pending name and then named, so a base file is always whole.
        let pending = format!("pending-{}", base_name(seq));
        let written = files.write(generation, &pending, &base_text(dump)).await;
        if let Err(e) = match written {
            Ok(()) => files.rename(generation, &pending, &base_name(seq)).await,
            Err(e) => Err(e),
        } {
            return self.failed(e);
        }
        let kept = self.state.borrow().kept.clone();
        for g in existing {
            if !kept.contains(&g) {
                // A generation left behind only costs space; the next renewal retries.
                let _ = files.remove(g).await;
            }
        }
        let mut state = self.state.borrow_mut();
        state.generation = generation;
        state.head = seq;
        state.needs_base = false;
        state.problem = None;
    }

    fn failed(&self, e: Error) {
        let mut state = self.state.borrow_mut();
        state.needs_base = true;
        state.problem = Some(if e.code == ErrorCode::QuotaExceeded {
            "The browser has no more storage for this page, so the safety copy could not be written; changes are saved in IndexedDB only until space is freed.".to_string()
        } else {
            format!(
                "The safety copy could not be written ({}); changes are saved in IndexedDB only until it can.",
                e.message
            )
        });
    }

    /// Once the store committed `change`: its file is written under its real name, so
    /// the copy never holds a change the store refused (a kill mid-write leaves an empty
    /// or missing file: a torn tail). A copy that missed one starts anew from the store.
    async fn copy(&self, change: &Change) {
        let Some(files) = &self.files else { return };
        if self.state.borrow().needs_base {
            return self.renew(None).await;
        }
        let generation = self.state.borrow().generation;
        let seq = change.entry.seq;
        match files
            .write(generation, &change_name(seq), &change_text(change))
            .await
        {
            Ok(()) => {
                let mut state = self.state.borrow_mut();
                state.head = seq;
                state.problem = None;
            }
            Err(e) => self.failed(e),
        }
    }
}

/// A copy file's JSON, through `Value` (the engine already decodes entries and records
/// from values, so reading text straight into them would add their code a second time).
fn parse<T: serde::de::DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    serde_json::from_value(serde_json::from_str::<Value>(text)?)
}

/// Reads generation `generation` (base at `base`) and replays it; stops at the first
/// change that does not follow on, with a note.
async fn read_copy<F: CopyFiles>(files: &F, generation: u32, base: u64) -> Result<Rebuilt> {
    let text = files.read(generation, &base_name(base)).await?;
    let base: BaseFile = parse(&text).map_err(|e| {
        Error::new(
            ErrorCode::CorruptData,
            format!("its base file is damaged ({e})"),
        )
    })?;
    let mut records: BTreeMap<(String, String), Value> = base
        .records
        .into_iter()
        .map(|r| ((r.store, r.id), r.value))
        .collect();
    let mut set_aside: BTreeMap<(String, String), DamagedRecord> = base
        .set_aside
        .into_iter()
        .map(|d| ((d.store.clone(), d.id.clone()), d))
        .collect();
    let mut entries = base.journal;
    let mut changes: Vec<u64> = files
        .names(generation)
        .await?
        .iter()
        .filter_map(|n| parse_name(n))
        .filter(|(is_base, seq)| !is_base && *seq > base.seq)
        .map(|(_, seq)| seq)
        .collect();
    changes.sort_unstable();
    let mut notes = Vec::new();
    for (i, &seq) in changes.iter().enumerate() {
        let expected = entries.last().map_or(1, |e| e.seq + 1);
        let prev_hash = entries.last().map_or(GENESIS, |e| e.hash.as_str());
        // A crash leaves the newest files empty or missing: that ends the copy. A file
        // that reads but does not chain on was changed: the copy does not verify.
        let read = match files.read(generation, &change_name(seq)).await {
            Ok(text) => parse::<ChangeFile>(&text).map_err(|e| e.to_string()),
            Err(e) => Err(e.message),
        };
        let read = if seq != expected {
            Err(format!("entry {expected} is missing"))
        } else {
            read
        };
        let change = match read {
            Ok(c) => c,
            Err(why) => {
                let dropped = changes.len() - i;
                notes.push(format!(
                    "The safety copy ended in {dropped} incomplete change{} (from entry {expected}: {why}), as a crash during a write leaves it; {} dropped, and the copy was used up to entry {}.",
                    if dropped == 1 { "" } else { "s" },
                    if dropped == 1 { "it was" } else { "they were" },
                    expected - 1
                ));
                break;
            }
        };
        let why = if change.entry.seq != seq || change.entry.prev_hash != prev_hash {
            Some("does not follow the entry before it")
        } else if change.entry.content_hash() != change.entry.hash {
            Some("does not match its hash")
        } else {
            None
        };
        if let Some(why) = why {
            return Err(Error::new(
                ErrorCode::CorruptData,
                format!("it does not verify: its entry {seq} {why}"),
            ));
        }
        for d in change.set_aside {
            let key = (d.store.clone(), d.id.clone());
            records.remove(&key);
            set_aside.insert(key, d);
        }
        for k in change.deletes {
            records.remove(&(k.store, k.id));
        }
        for r in change.puts {
            records.insert((r.store, r.id), r.value);
        }
        entries.push(change.entry);
    }
    let dump = Dump {
        records: records
            .into_iter()
            .map(|((store, id), value)| StoredRecord { store, id, value })
            .collect(),
        set_aside: set_aside.into_values().collect(),
        journal: entries,
        // The copy holds the changes, not evidence files' bytes (see `Mirrored`).
        files: Vec::new(),
    };
    let verification = journal::verify(&dump.journal, &dump.records);
    Ok(Rebuilt {
        dump,
        verification,
        notes,
    })
}

impl<S: Store, F: CopyFiles> Store for Mirrored<S, F> {
    type File = S::File;

    fn stage_file(&self, id: &str, file: Self::File) {
        self.inner.stage_file(id, file)
    }

    fn unstage_file(&self, id: &str) {
        self.inner.unstage_file(id)
    }

    async fn read_file(&self, id: &str) -> Result<Option<Self::File>> {
        self.inner.read_file(id).await
    }

    async fn load(&self) -> Result<Snapshot> {
        self.inner.load().await
    }

    /// Commits to the store, then copies: "saved" means both (a failed copy is noted
    /// in [`Mirrored::status`], as the change itself is committed).
    async fn write(&self, change: &Change) -> Result<()> {
        // One after the other, never at once: on a full disk IndexedDB refuses the commit
        // cleanly (quota_exceeded), while Chromium crashes the whole browser when an OPFS
        // write runs out of space (seen with Chromium 156, tests/e2e/reliability-quota).
        // Copying only what the store took keeps the copy off a disk the store found full.
        self.inner.write(change).await?;
        self.copy(change).await;
        Ok(())
    }

    async fn journal(&self) -> Result<Vec<JournalEntry>> {
        self.inner.journal().await
    }

    async fn journal_after(&self, seq: u64) -> Result<Vec<JournalEntry>> {
        self.inner.journal_after(seq).await
    }

    async fn journal_chunk(&self, seq: u64, count: u32) -> Result<Vec<JournalEntry>> {
        self.inner.journal_chunk(seq, count).await
    }

    async fn records_chunk(
        &self,
        store: &str,
        after: Option<&str>,
        count: u32,
    ) -> Result<Vec<crate::journal::StoredRecord>> {
        self.inner.records_chunk(store, after, count).await
    }

    async fn dump(&self) -> Result<Dump> {
        self.inner.dump().await
    }

    /// A restored workspace starts a new copy: the backup is its base.
    async fn restore(&self, dump: &Dump) -> Result<()> {
        self.inner.restore(dump).await?;
        self.renew(Some(dump)).await;
        Ok(())
    }
}

/// Copy files in memory, for tests; `fail` makes every write fail (a full disk).
#[derive(Default)]
pub struct MemoryFiles {
    files: RefCell<BTreeMap<(u32, String), String>>,
    pub fail: std::cell::Cell<bool>,
}

impl MemoryFiles {
    /// Replaces (or with `None` removes) a file of the newest generation holding it.
    pub fn tamper(&self, name: &str, text: Option<&str>) {
        let mut files = self.files.borrow_mut();
        let Some(key) = files.keys().rev().find(|(_, n)| n == name).cloned() else {
            return;
        };
        match text {
            Some(t) => files.insert(key, t.to_string()),
            None => files.remove(&key),
        };
    }

    /// The names of every file, `generation/name`.
    pub fn list(&self) -> Vec<String> {
        self.files
            .borrow()
            .keys()
            .map(|(g, n)| format!("{g}/{n}"))
            .collect()
    }
}

impl CopyFiles for &MemoryFiles {
    async fn generations(&self) -> Result<Vec<u32>> {
        let mut g: Vec<u32> = self.files.borrow().keys().map(|(g, _)| *g).collect();
        g.dedup();
        Ok(g)
    }

    async fn names(&self, generation: u32) -> Result<Vec<String>> {
        Ok(self
            .files
            .borrow()
            .keys()
            .filter(|(g, _)| *g == generation)
            .map(|(_, n)| n.clone())
            .collect())
    }

    async fn read(&self, generation: u32, name: &str) -> Result<String> {
        self.files
            .borrow()
            .get(&(generation, name.to_string()))
            .cloned()
            .ok_or_else(|| Error::new(ErrorCode::Storage, format!("no file {name}")))
    }

    async fn write(&self, generation: u32, name: &str, text: &str) -> Result<()> {
        if self.fail.get() {
            return Err(Error::new(ErrorCode::QuotaExceeded, "the disk is full"));
        }
        self.files
            .borrow_mut()
            .insert((generation, name.to_string()), text.to_string());
        Ok(())
    }

    async fn rename(&self, generation: u32, from: &str, to: &str) -> Result<()> {
        let mut files = self.files.borrow_mut();
        let text = files
            .remove(&(generation, from.to_string()))
            .ok_or_else(|| Error::new(ErrorCode::Storage, format!("no file {from}")))?;
        files.insert((generation, to.to_string()), text);
        Ok(())
    }

    async fn remove(&self, generation: u32) -> Result<()> {
        self.files.borrow_mut().retain(|(g, _), _| *g != generation);
        Ok(())
    }
}
