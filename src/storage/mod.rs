//! Persistence. A [`Store`] loads a workspace's records and writes each [`Change`]
//! atomically; a [`Session`] ties a workspace to a store so that a command is in memory
//! only once it is saved.

pub mod memory;
pub mod mirror;

#[cfg(target_arch = "wasm32")]
pub mod idb;
#[cfg(target_arch = "wasm32")]
pub mod opfs;

use crate::backup;
use crate::error::{Error, ErrorCode, Result};
use crate::journal::{self, JournalEntry, Verification};
use crate::record::{Change, Dump, Snapshot};
use crate::workspace::{Command, Context, Workspace};
use futures::lock::Mutex;
use std::cell::RefCell;

pub use memory::MemoryStore;
pub use mirror::{CopyCheck, CopyFiles, Mirrored};

// The page is single-threaded (wasm32 without threads), so futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// Every stored record and the newest journal entry. A record that does not decode
    /// is listed as damaged, not fatal.
    async fn load(&self) -> Result<Snapshot>;
    /// Writes the whole change or, on any failure, nothing. A change whose journal entry
    /// is not the next one (another tab wrote first) is refused with `conflict`.
    async fn write(&self, change: &Change) -> Result<()>;
    /// The whole journal, oldest first.
    async fn journal(&self) -> Result<Vec<JournalEntry>>;
    /// Every record as stored, the set-aside records and the journal, in one read.
    async fn dump(&self) -> Result<Dump>;
    /// Writes a dump into an empty store, all or nothing; refused with `not_empty` when
    /// the store holds anything.
    async fn restore(&self, dump: &Dump) -> Result<()>;
}

/// A borrowed store works as well, e.g. to open one store in several sessions.
impl<S: Store> Store for &S {
    async fn load(&self) -> Result<Snapshot> {
        (**self).load().await
    }

    async fn write(&self, change: &Change) -> Result<()> {
        (**self).write(change).await
    }

    async fn journal(&self) -> Result<Vec<JournalEntry>> {
        (**self).journal().await
    }

    async fn dump(&self) -> Result<Dump> {
        (**self).dump().await
    }

    async fn restore(&self, dump: &Dump) -> Result<()> {
        (**self).restore(dump).await
    }
}

/// A workspace and the store it is saved in.
pub struct Session<S> {
    workspace: RefCell<Workspace>,
    store: S,
    /// One command at a time: each is validated against the state its predecessor left.
    queue: Mutex<()>,
}

impl<S: Store> Session<S> {
    /// Opens the workspace in `store`; damaged records are listed, not fatal.
    pub async fn open(store: S) -> Result<Self> {
        let workspace = Workspace::from_snapshot(store.load().await?);
        Ok(Session {
            workspace: RefCell::new(workspace),
            store,
            queue: Mutex::new(()),
        })
    }

    /// Validates and saves `command`, then takes it into the workspace. Returns the id of
    /// the record it created, if any. On any error nothing changes, here or in the store.
    pub async fn dispatch(&self, command: &Command, ctx: &Context) -> Result<Option<String>> {
        let _turn = self.queue.lock().await;
        // The borrow ends before the write, so reads stay possible while it is pending.
        let change = self.workspace.borrow().apply(command, ctx)?;
        self.store.write(&change).await?;
        let created = change.created().map(str::to_string);
        self.workspace.borrow_mut().commit(change);
        Ok(created)
    }

    /// Checks the whole trail against every stored record (see [`journal::verify`]).
    pub async fn verify(&self) -> Result<Verification> {
        let dump = self.store.dump().await?;
        Ok(journal::verify(&dump.journal, &dump.records))
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
        let workspace = Workspace::from_snapshot(self.store.load().await?);
        *self.workspace.borrow_mut() = workspace;
        Ok(())
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
