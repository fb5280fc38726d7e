//! Persistence. A [`Store`] loads a workspace's records and writes each [`Change`]
//! atomically; a [`Session`] ties a workspace to a store so that a command is in memory
//! only once it is saved.

pub mod bundles;
pub mod memory;
pub mod mirror;

#[cfg(target_arch = "wasm32")]
pub mod idb;
#[cfg(target_arch = "wasm32")]
pub mod opfs;

use crate::backup;
use crate::error::{Error, ErrorCode, Result};
use crate::journal::{self, FullCheck, JournalEntry, StoredRecord, Verification};
use crate::record::{Change, Dump, RecordKind, Snapshot};
use crate::workspace::{Command, Context, Workspace};
use futures::lock::Mutex;
use serde_json::Value;
use std::cell::RefCell;

pub use memory::MemoryStore;
pub use mirror::{CopyCheck, CopyFiles, Mirrored};

// The page is single-threaded (wasm32 without threads), so futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// An evidence file's bytes as this store takes and gives them (a Blob in the
    /// browser, bytes in memory), so a file never has to pass through the engine.
    type File;
    /// Holds `file` for the next write whose change stores file `id`
    /// ([`crate::record::FileWrite::Put`]); that write stores it with the records, in
    /// the same transaction, or the file is dropped with the failed write.
    fn stage_file(&self, id: &str, file: Self::File);
    /// Drops a staged file no write took (its command was refused).
    fn unstage_file(&self, id: &str);
    /// The stored bytes of evidence file `id`, if there are any.
    async fn read_file(&self, id: &str) -> Result<Option<Self::File>>;
    /// Every stored record and the newest journal entry. A record that does not decode
    /// is listed as damaged, not fatal.
    async fn load(&self) -> Result<Snapshot>;
    /// Writes the whole change or, on any failure, nothing. A change whose journal entry
    /// is not the next one (another tab wrote first) is refused with `conflict`.
    async fn write(&self, change: &Change) -> Result<()>;
    /// The whole journal, oldest first.
    async fn journal(&self) -> Result<Vec<JournalEntry>>;
    /// The journal entries after entry `seq`, oldest first (what another tab added).
    async fn journal_after(&self, seq: u64) -> Result<Vec<JournalEntry>>;
    /// Up to `count` journal entries after entry `seq`, oldest first: the trail read a
    /// part at a time.
    async fn journal_chunk(&self, seq: u64, count: u32) -> Result<Vec<JournalEntry>> {
        let mut entries = self.journal_after(seq).await?;
        entries.truncate(count as usize);
        Ok(entries)
    }
    /// Up to `count` records of object store `store` as stored, by id, those after id
    /// `after` (from the first with none): the records read a part at a time.
    async fn records_chunk(
        &self,
        store: &str,
        after: Option<&str>,
        count: u32,
    ) -> Result<Vec<StoredRecord>> {
        let mut records: Vec<StoredRecord> = self
            .dump()
            .await?
            .records
            .into_iter()
            .filter(|r| r.store == store && after.is_none_or(|a| r.id.as_str() > a))
            .collect();
        records.sort_by(|a, b| a.id.cmp(&b.id));
        records.truncate(count as usize);
        Ok(records)
    }
    /// Every record as stored, the set-aside records and the journal, in one read.
    async fn dump(&self) -> Result<Dump>;
    /// Writes a dump into an empty store, all or nothing; refused with `not_empty` when
    /// the store holds anything.
    async fn restore(&self, dump: &Dump) -> Result<()>;
}

/// A borrowed store works as well, e.g. to open one store in several sessions.
impl<S: Store> Store for &S {
    type File = S::File;

    fn stage_file(&self, id: &str, file: Self::File) {
        (**self).stage_file(id, file)
    }

    fn unstage_file(&self, id: &str) {
        (**self).unstage_file(id)
    }

    async fn read_file(&self, id: &str) -> Result<Option<Self::File>> {
        (**self).read_file(id).await
    }

    async fn load(&self) -> Result<Snapshot> {
        (**self).load().await
    }

    async fn write(&self, change: &Change) -> Result<()> {
        (**self).write(change).await
    }

    async fn journal(&self) -> Result<Vec<JournalEntry>> {
        (**self).journal().await
    }

    async fn journal_after(&self, seq: u64) -> Result<Vec<JournalEntry>> {
        (**self).journal_after(seq).await
    }

    async fn journal_chunk(&self, seq: u64, count: u32) -> Result<Vec<JournalEntry>> {
        (**self).journal_chunk(seq, count).await
    }

    async fn records_chunk(
        &self,
        store: &str,
        after: Option<&str>,
        count: u32,
    ) -> Result<Vec<StoredRecord>> {
        (**self).records_chunk(store, after, count).await
    }

    async fn dump(&self) -> Result<Dump> {
        (**self).dump().await
    }

    async fn restore(&self, dump: &Dump) -> Result<()> {
        (**self).restore(dump).await
    }
}

/// More entries than this behind, re-reading the store is as quick as replaying them.
const MAX_REPLAY: usize = 200;

/// How [`Session::catch_up`] took in another tab's changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CatchUp {
    /// This many entries, replayed.
    Replayed(usize),
    /// The whole store, re-read.
    Reloaded,
}

/// A workspace and the store it is saved in.
pub struct Session<S> {
    workspace: RefCell<Workspace>,
    store: S,
    /// One command at a time: each is validated against the state its predecessor left.
    queue: Mutex<()>,
    /// The last verification of the trail, which the next may continue.
    verified: RefCell<Option<Verification>>,
    /// The words of reports, kept across rebuilds of the workspace (never stored).
    report_messages: RefCell<crate::report::Messages>,
    /// One verification at a time: a continued check waits for a full one in progress.
    checking: Mutex<()>,
}

/// How long one step of a check in steps should take (ms): well inside a 50 ms task.
pub const STEP_MS: f64 = 12.0;
/// Entries (or records) read in the first step; later steps are sized by the time taken.
const FIRST_CHUNK: u32 = 100;

/// The next step's size after `count` items took `ms`: about [`STEP_MS`], changing at
/// most fourfold from one step to the next.
fn next_chunk(count: u32, ms: f64) -> u32 {
    let per_item = (ms / f64::from(count.max(1))).max(0.001);
    let want = (STEP_MS / per_item) as u32;
    want.clamp((count / 4).max(10), count.saturating_mul(4).min(5000))
}

/// The clock and the progress report of a check in steps.
pub struct Steps<'a> {
    /// Milliseconds from any fixed start.
    pub now: &'a dyn Fn() -> f64,
    pub progress: &'a mut dyn FnMut(Progress),
}

/// How far a check in steps has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Entries of the trail checked so far.
    pub entries: u64,
    /// Entries the trail held when the check began.
    pub of_entries: u64,
    /// Stored records compared with the trail so far.
    pub records: u64,
}

impl<S: Store> Session<S> {
    /// Opens the workspace in `store`; damaged records are listed, not fatal.
    pub async fn open(store: S) -> Result<Self> {
        let workspace = Workspace::from_snapshot(store.load().await?);
        Ok(Session {
            workspace: RefCell::new(workspace),
            store,
            queue: Mutex::new(()),
            verified: RefCell::new(None),
            report_messages: RefCell::default(),
            checking: Mutex::new(()),
        })
    }

    /// The words reports, issued versions and charts are written in from now on (the
    /// `report.*` messages of the page's language).
    pub fn set_report_messages(&self, messages: crate::report::Messages) {
        self.workspace
            .borrow_mut()
            .set_report_messages(messages.clone());
        *self.report_messages.borrow_mut() = messages;
    }

    /// Validates and saves `command`, then takes it into the workspace. Returns the id of
    /// the record it created, if any. On any error nothing changes, here or in the store.
    pub async fn dispatch(&self, command: &Command, ctx: &Context) -> Result<Option<String>> {
        let _turn = self.queue.lock().await;
        // An issued report says the trail verified when it was issued: so it must.
        if matches!(command, Command::IssueReport { .. }) {
            let dump = self.store.dump().await?;
            let verification = journal::verify(&dump.journal, &dump.records);
            if !verification.verified {
                return Err(verification.to_error("The report was not issued"));
            }
        }
        // The borrow ends before the write, so reads stay possible while it is pending.
        let change = self.workspace.borrow().apply(command, ctx)?;
        self.store.write(&change).await?;
        let created = change.created().map(str::to_string);
        self.workspace.borrow_mut().commit(change);
        Ok(created)
    }

    /// Dispatches `command` (an [`Command::AttachEvidenceFile`]) with the file's bytes,
    /// which are stored under `ctx.new_id` in the same transaction as the record.
    pub async fn dispatch_with_file(
        &self,
        command: &Command,
        ctx: &Context,
        file: S::File,
    ) -> Result<Option<String>> {
        self.store.stage_file(&ctx.new_id, file);
        let result = self.dispatch(command, ctx).await;
        self.store.unstage_file(&ctx.new_id);
        result
    }

    /// Checks the whole trail against every stored record (see [`journal::verify`]),
    /// and keeps the result for [`Session::verify_since`]. Reads everything at once;
    /// [`Session::verify_in_steps`] does the same a part at a time.
    pub async fn verify(&self) -> Result<Verification> {
        let _check = self.checking.lock().await;
        self.verify_now(None).await
    }

    /// [`Session::verify`] read and checked a part at a time (a chunk of entries or of
    /// one store's records per read), each part sized to take about [`STEP_MS`] by
    /// `steps.now` (a clock in ms), with `steps.progress` told after each part. Between
    /// parts the store's reads give the page its thread back.
    pub async fn verify_in_steps(&self, steps: Steps<'_>) -> Result<Verification> {
        let _check = self.checking.lock().await;
        self.verify_now(Some(steps)).await
    }

    async fn verify_now(&self, steps: Option<Steps<'_>>) -> Result<Verification> {
        let Some(mut steps) = steps else {
            let dump = self.store.dump().await?;
            let verification = journal::verify(&dump.journal, &dump.records);
            *self.verified.borrow_mut() = Some(verification.clone());
            return Ok(verification);
        };
        let mut attempt = 0;
        loop {
            attempt += 1;
            let (verification, read) = self.check_in_steps(&mut steps).await?;
            // A change saved meanwhile (here or in another tab) may have rewritten
            // records already compared: a clean check stands for the entries it read
            // (the next check continues from them); one with problems is run again.
            let newer = self.store.journal_chunk(read, 1).await?;
            if newer.is_empty() || verification.verified || attempt == 3 {
                *self.verified.borrow_mut() = Some(verification.clone());
                return Ok(verification);
            }
        }
    }

    /// One full check in steps; returns it and how many entries it read.
    async fn check_in_steps(&self, steps: &mut Steps<'_>) -> Result<(Verification, u64)> {
        let total = self.workspace.borrow().trail_length();
        let mut check = FullCheck::default();
        let mut progress = Progress {
            entries: 0,
            of_entries: total,
            records: 0,
        };
        let mut chunk = FIRST_CHUNK;
        loop {
            let started = (steps.now)();
            let entries = self
                .store
                .journal_chunk(check.entries_read(), chunk)
                .await?;
            check.entries(&entries);
            progress.entries = check.entries_read();
            progress.of_entries = progress.of_entries.max(progress.entries);
            (steps.progress)(progress);
            if entries.len() as u32 != chunk {
                break;
            }
            chunk = next_chunk(chunk, (steps.now)() - started);
        }
        for kind in RecordKind::ALL {
            let mut after: Option<String> = None;
            loop {
                let started = (steps.now)();
                let records = self
                    .store
                    .records_chunk(kind.store(), after.as_deref(), chunk)
                    .await?;
                check.records(&records);
                progress.records += records.len() as u64;
                (steps.progress)(progress);
                let full = records.len() as u32 == chunk;
                // Sized by full parts only: a store's short last part says little.
                if full {
                    chunk = next_chunk(chunk, (steps.now)() - started);
                }
                match records.last() {
                    Some(last) if full => after = Some(last.id.clone()),
                    _ => break,
                }
            }
        }
        let read = check.entries_read();
        Ok((check.finish(), read))
    }

    /// Continues the last check with only the entries written since it (see
    /// [`journal::verify_since`]); the whole check when there was none, or when the
    /// trail no longer continues from where it stood (a restore). Waits for a full
    /// check in progress, and continues it.
    pub async fn verify_since(&self) -> Result<Verification> {
        self.verify_since_with(None).await
    }

    /// [`Session::verify_since`], with a whole check needed done in steps.
    pub async fn verify_since_in_steps(&self, steps: Steps<'_>) -> Result<Verification> {
        self.verify_since_with(Some(steps)).await
    }

    async fn verify_since_with(&self, steps: Option<Steps<'_>>) -> Result<Verification> {
        let _check = self.checking.lock().await;
        let earlier = self.verified.borrow().clone();
        let Some(earlier) = earlier else {
            return self.verify_now(steps).await;
        };
        let newer = self.store.journal_after(earlier.entries).await?;
        let continues = newer
            .first()
            .is_none_or(|e| Some(&e.prev_hash) == earlier.head_hash.as_ref());
        if !continues || earlier.head_hash.is_none() {
            return self.verify_now(steps).await;
        }
        let verification = journal::verify_since(&earlier, &newer);
        *self.verified.borrow_mut() = Some(verification.clone());
        Ok(verification)
    }

    /// The workspace as a backup file (see [`crate::backup`]). Refused with `unverified`
    /// when the trail does not vouch for the data, unless `allow_unverified`: then the
    /// file says so and restores only with the user's recorded acceptance.
    pub async fn export(
        &self,
        exported_at: String,
        exported_by: String,
        allow_unverified: bool,
    ) -> Result<String> {
        let _turn = self.queue.lock().await;
        let dump = self.store.dump().await?;
        let verification = journal::verify(&dump.journal, &dump.records);
        if !verification.verified && !allow_unverified {
            return Err(verification.to_error("The backup was not written"));
        }
        backup::check_dump_files(&dump)?;
        Ok(backup::write(
            &dump,
            &verification,
            exported_at,
            exported_by,
        ))
    }

    /// Restores a backup file into this workspace, which must be empty. A backup whose
    /// trail does not vouch for its data is refused with `unverified`, unless
    /// `accept_unverified`: then the restore appends an entry recording the acceptance
    /// (by `ctx.actor`) and the problems, in the same write.
    pub async fn restore(
        &self,
        text: &str,
        accept_unverified: bool,
        ctx: &Context,
    ) -> Result<Verification> {
        let _turn = self.queue.lock().await;
        if self.workspace.borrow().head().is_some() {
            return Err(not_empty());
        }
        let backup::Restorable {
            mut dump,
            snapshot,
            verification,
        } = backup::read(text)?;
        let mut workspace = Workspace::from_snapshot(snapshot);
        workspace.set_report_messages(self.report_messages.borrow().clone());
        let mut acceptance = None;
        if !verification.verified {
            if !accept_unverified {
                return Err(verification.to_error("The backup was not restored"));
            }
            let change = workspace.accept_unverified_backup(verification.problems(), ctx)?;
            dump.journal.push(change.entry.clone());
            acceptance = Some(change);
        }
        self.store.restore(&dump).await?;
        if let Some(change) = acceptance {
            workspace.commit(change);
        }
        *self.workspace.borrow_mut() = workspace;
        Ok(verification)
    }

    /// Re-reads the store, e.g. after another tab changed it.
    pub async fn reload(&self) -> Result<()> {
        let _turn = self.queue.lock().await;
        self.reload_now().await
    }

    async fn reload_now(&self) -> Result<()> {
        let mut workspace = Workspace::from_snapshot(self.store.load().await?);
        workspace.set_report_messages(self.report_messages.borrow().clone());
        *self.workspace.borrow_mut() = workspace;
        Ok(())
    }

    /// Takes in what another tab committed: reads only the journal entries after this
    /// workspace's head and replays their commands, each of which must reproduce its
    /// entry's hash exactly (and so every record it wrote). Anything else (a restore, a
    /// long gap, a command that depends on more than the records, an entry of an older
    /// hash scheme) falls back to re-reading the whole store. Returns how it caught up.
    ///
    /// `decode` reads an entry's command (`None`: not one this release knows); the page
    /// passes the decoder `dispatch` uses, so the engine carries one `Command` decoder.
    pub async fn catch_up(&self, decode: impl Fn(&Value) -> Option<Command>) -> Result<CatchUp> {
        let _turn = self.queue.lock().await;
        let head = self.workspace.borrow().head().cloned();
        let Some(head) = head else {
            self.reload_now().await?;
            return Ok(CatchUp::Reloaded);
        };
        let entries = self.store.journal_after(head.seq).await?;
        if entries.len() > MAX_REPLAY || entries.first().is_some_and(|e| e.prev_hash != head.hash) {
            self.reload_now().await?;
            return Ok(CatchUp::Reloaded);
        }
        for entry in &entries {
            // Each replayed entry leaves the workspace at a committed state of the store;
            // one that does not replay is read with the rest from the store.
            let replayed = decode(&entry.command)
                .and_then(|command| self.workspace.borrow().replay(entry, &command));
            match replayed {
                Some(change) => self.workspace.borrow_mut().commit(change),
                None => {
                    self.reload_now().await?;
                    return Ok(CatchUp::Reloaded);
                }
            }
        }
        Ok(CatchUp::Replayed(entries.len()))
    }

    /// Waits for the command in progress, then keeps every other command waiting while
    /// the guard lives (e.g. while the workspace is converted to encrypted).
    pub async fn hold(&self) -> futures::lock::MutexGuard<'_, ()> {
        self.queue.lock().await
    }

    /// Read access for views.
    pub fn workspace(&self) -> std::cell::Ref<'_, Workspace> {
        self.workspace.borrow()
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    /// Gives the store back, e.g. to open it again as a fresh session would.
    pub fn into_store(self) -> S {
        self.store
    }
}

/// The error for a stored journal entry or meta record that does not decode.
pub fn corrupt(store: &str, key: &str, why: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorCode::CorruptData,
        format!(
            "The record \"{key}\" in the \"{store}\" store is damaged ({why}). Nothing was changed; export what is readable, then restore a backup into a new workspace."
        ),
    )
}

/// The error for a restore into a store that holds data.
pub fn not_empty() -> Error {
    Error::new(
        ErrorCode::NotEmpty,
        "This workspace already holds data; a backup can only be restored into an empty workspace. Open a new workspace (another name) and restore there.",
    )
}
