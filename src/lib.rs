//! isms-audit: the engine of an ISMS audit workbench that runs in the browser.
//!
//! The domain modules are pure and deterministic (time, actor and new ids come in through
//! [`workspace::Context`]); `storage` persists [`record::Change`]s; `web` is the
//! wasm-bindgen boundary used by the page.

pub mod audit;
pub mod backup;
pub mod catalog;
pub mod crypto;
pub mod csv;
pub mod error;
pub mod import;
pub mod journal;
pub mod programme;
pub mod record;
pub mod report;
pub mod scoring;
pub mod soa;
pub mod storage;
pub mod text;
pub mod workspace;

#[cfg(target_arch = "wasm32")]
pub mod web;

pub use error::{Error, ErrorCode};
pub use record::Change;
pub use workspace::{Command, Context, Workspace};
