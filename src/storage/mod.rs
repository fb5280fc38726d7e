//! Persistence. A [`Store`] loads a workspace's records and writes each [`Change`]
//! atomically; a [`Session`] ties a workspace to a store so that a command is in memory
//! only once it is saved.

pub mod memory;

#[cfg(target_arch = "wasm32")]
pub mod idb;

use crate::backup;
use crate::error::{Error, ErrorCode, Result};
use crate::journal::JournalEntry;
use crate::record::{Change, Snapshot};
use crate::workspace::{Command, Context, Workspace};
use futures::lock::Mutex;
use std::cell::RefCell;

pub use memory::MemoryStore;

// The page is single-threaded (wasm32 without threads), so futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait Store {
    /// Every stored record and the newest journal entry.
    async fn load(&self) -> Result<Snapshot>;
    /// Writes the whole change or, on any failure, nothing.
    async fn write(&self, change: &Change) -> Result<()>;
    /// The whole journal, oldest first.
    async fn journal(&self) -> Result<Vec<JournalEntry>>;
    /// Writes every record and journal entry of a backup into an empty store, all or
    /// nothing.
    async fn restore(&self, snapshot: &Snapshot, journal: &[JournalEntry]) -> Result<()>;
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

    async fn restore(&self, snapshot: &Snapshot, journal: &[JournalEntry]) -> Result<()> {
        (**self).restore(snapshot, journal).await
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
    pub async fn open(store: S) -> Result<Self> {
        let workspace = Workspace::from_snapshot(store.load().await?)?;
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

    /// The workspace as a backup file (see [`crate::backup`]).
    pub async fn export(&self, exported_at: String, exported_by: String) -> Result<String> {
        let _turn = self.queue.lock().await;
        let snapshot = self.store.load().await?;
        let journal = self.store.journal().await?;
        Ok(backup::write(snapshot, journal, exported_at, exported_by))
    }

    /// Restores a backup file into this workspace, which must be empty.
    pub async fn restore(&self, text: &str) -> Result<()> {
        let _turn = self.queue.lock().await;
        if self.workspace.borrow().head().is_some() {
            return Err(Error::new(
                ErrorCode::NotEmpty,
                "This workspace already holds data; a backup can only be restored into an empty workspace. Open a new workspace (another name) and restore there.",
            ));
        }
        let (snapshot, journal) = backup::read(text)?;
        // Refuses records that point nowhere, as when a workspace opens.
        let workspace = Workspace::from_snapshot(snapshot.clone())?;
        self.store.restore(&snapshot, &journal).await?;
        *self.workspace.borrow_mut() = workspace;
        Ok(())
    }

    /// Re-reads the store, e.g. after another tab changed it.
    pub async fn reload(&self) -> Result<()> {
        let _turn = self.queue.lock().await;
        let workspace = Workspace::from_snapshot(self.store.load().await?)?;
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

/// The error for a stored record that does not decode.
pub fn corrupt(store: &str, key: &str, why: impl std::fmt::Display) -> Error {
    Error::new(
        ErrorCode::CorruptData,
        format!(
            "The record \"{key}\" in the \"{store}\" store is damaged ({why}). Nothing was changed; restore a backup into a new workspace, or remove that record."
        ),
    )
}
