//! One error type for the engine. It crosses to JavaScript as an `Error` whose `code`
//! is the stable [`ErrorCode`] and whose `field` names the form field to mark.

use serde::Serialize;
use std::fmt;

/// How many problems an import error lists; the message gives the total.
pub const MAX_DETAILS: usize = 50;

/// Stable machine-readable codes; the page and tests match on these, never on messages.
/// Each code means one kind of failure, so a caller can act on it without reading the
/// message (docs/DESIGN.md lists where each is raised).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// A call's argument is not in the shape the engine reads: a command, a criteria
    /// search or a metric that does not decode, or an unknown report format.
    InvalidCommand,
    /// An imported file (SoA CSV, criteria CSV/JSON, workspace backup) has problems;
    /// `details` lists them. Nothing was imported.
    InvalidImport,
    /// A required field is empty (or a value it depends on is missing).
    Required,
    /// A text field is longer than allowed.
    TooLong,
    /// A field has a value outside what it allows: a number out of its range, a code or
    /// id with characters it may not contain.
    InvalidValue,
    /// A date is not a valid `YYYY-MM-DD` date, or a range ends before it starts.
    InvalidDate,
    /// A referenced record (or catalog, or criterion of a set) does not exist.
    NotFound,
    /// A criterion or control is not in the catalog or the audit's selected criteria, or
    /// an SoA of another catalog edition was chosen for an audit.
    CriterionNotInScope,
    /// The audit's status does not allow this change (e.g. recording in a planned audit,
    /// deleting a started one, an illegal status transition).
    InvalidStatus,
    /// An audit cannot be completed: conditions are unmet and not acknowledged;
    /// `details` lists each as `condition: what is missing`.
    Incomplete,
    /// The record is used by others and so is kept: a programme with audits, an SoA an
    /// audit was planned from, a criteria set whose criteria an audit uses.
    InUse,
    /// A field that is fixed once set was changed: a criteria set's code, or the catalog
    /// of an SoA that has entries. `field` names it.
    Fixed,
    /// A record with this id, or a criteria set with this code, exists already.
    Duplicate,
    /// A backup can be restored only into an empty workspace, and this one holds data.
    NotEmpty,
    /// Another tab or window saved a change first; reload and retry.
    Conflict,
    /// A stated limit would be passed: an evidence file over its size, an entry over its
    /// file count, a workspace over its evidence storage.
    LimitExceeded,
    /// A stored evidence file's bytes no longer match the SHA-256 recorded when it was
    /// attached (or it is missing); it is reported, never served as if intact.
    FileDamaged,
    /// The browser refused to store more data.
    QuotaExceeded,
    /// The database could not be opened, read or written.
    Storage,
    /// The browser does not offer a feature the app needs here (IndexedDB, a random
    /// UUID, the storage manager, BroadcastChannel), e.g. in a private window or on a
    /// page that is not a secure context.
    Unsupported,
    /// Stored data is damaged or was written by a newer version of the app.
    CorruptData,
    /// The audit trail does not vouch for the data (a broken chain, or records that
    /// differ from what it wrote); `details` lists each problem.
    Unverified,
    /// A passphrase or recovery key did not open an encrypted workspace (nothing more
    /// is said about it).
    WrongPassphrase,
    /// The workspace is encrypted and locked: unlock it first.
    Locked,
    /// A fault in the engine itself (a panic, or a value that could not be converted);
    /// not the user's doing. After a panic the engine has stopped: reload the page.
    Internal,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidCommand => "invalid_command",
            ErrorCode::InvalidImport => "invalid_import",
            ErrorCode::Required => "required",
            ErrorCode::TooLong => "too_long",
            ErrorCode::InvalidValue => "invalid_value",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::NotFound => "not_found",
            ErrorCode::CriterionNotInScope => "criterion_not_in_scope",
            ErrorCode::InvalidStatus => "invalid_status",
            ErrorCode::Incomplete => "incomplete",
            ErrorCode::InUse => "in_use",
            ErrorCode::Fixed => "fixed",
            ErrorCode::Duplicate => "duplicate",
            ErrorCode::NotEmpty => "not_empty",
            ErrorCode::Conflict => "conflict",
            ErrorCode::LimitExceeded => "limit_exceeded",
            ErrorCode::FileDamaged => "file_damaged",
            ErrorCode::QuotaExceeded => "quota_exceeded",
            ErrorCode::Storage => "storage",
            ErrorCode::Unsupported => "unsupported",
            ErrorCode::CorruptData => "corrupt_data",
            ErrorCode::Unverified => "unverified",
            ErrorCode::WrongPassphrase => "wrong_passphrase",
            ErrorCode::Locked => "locked",
            ErrorCode::Internal => "internal",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub code: ErrorCode,
    /// What went wrong and what to do about it, for a person.
    pub message: String,
    /// The command field at fault (as named in the command JSON), if one is.
    pub field: Option<String>,
    /// One line per problem, e.g. each bad line of an imported file.
    pub details: Vec<String>,
}

impl Error {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            field: None,
            details: Vec::new(),
        }
    }

    /// A file import error listing every problem found (at most [`MAX_DETAILS`]).
    pub fn import(what: &str, mut problems: Vec<String>) -> Self {
        let count = problems.len();
        problems.truncate(MAX_DETAILS);
        let first = problems.first().cloned().unwrap_or_default();
        Error {
            code: ErrorCode::InvalidImport,
            message: if count == 1 {
                format!("The {what} was not imported: {first} Fix it and import again.")
            } else {
                format!(
                    "The {what} was not imported: it has {count} problems (the first: {first}) Fix them and import again."
                )
            },
            field: None,
            details: problems,
        }
    }

    pub fn on_field(code: ErrorCode, field: &str, message: impl Into<String>) -> Self {
        Error {
            code,
            message: message.into(),
            field: Some(field.to_string()),
            details: Vec::new(),
        }
    }

    /// The same error listing `details` (at most [`MAX_DETAILS`]).
    pub fn with_details(mut self, mut details: Vec<String>) -> Self {
        details.truncate(MAX_DETAILS);
        self.details = details;
        self
    }

    pub fn not_found(what: &str, id: &str) -> Self {
        Error::new(
            ErrorCode::NotFound,
            format!(
                "No {what} with id \"{id}\" exists; it may have been deleted in another tab. Reload and try again."
            ),
        )
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.code.as_str())
    }
}

impl std::error::Error for Error {}

pub type Result<T> = std::result::Result<T, Error>;

#[cfg(test)]
mod tests {
    use super::ErrorCode::*;

    #[test]
    fn codes_read_the_same_in_json_and_in_js_errors() {
        for code in [
            InvalidCommand,
            InvalidImport,
            Required,
            TooLong,
            InvalidValue,
            InvalidDate,
            NotFound,
            CriterionNotInScope,
            InvalidStatus,
            Incomplete,
            InUse,
            Fixed,
            Duplicate,
            NotEmpty,
            Conflict,
            LimitExceeded,
            FileDamaged,
            QuotaExceeded,
            Unverified,
            Storage,
            Unsupported,
            CorruptData,
            Internal,
        ] {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }
}
