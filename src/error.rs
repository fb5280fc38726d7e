//! One error type for the engine. It crosses to JavaScript as an `Error` whose `code`
//! is the stable [`ErrorCode`] and whose `field` names the form field to mark.

use serde::Serialize;
use std::fmt;

/// How many problems an import error lists; the message gives the total.
pub const MAX_DETAILS: usize = 50;

/// Stable machine-readable codes; the page and tests match on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The command or file is not in the expected shape.
    InvalidCommand,
    /// An imported file has problems; `details` lists them. Nothing was imported.
    InvalidImport,
    /// A required field is empty.
    Required,
    /// A text field is longer than allowed.
    TooLong,
    /// A date is not a valid `YYYY-MM-DD` date, or a range ends before it starts.
    InvalidDate,
    /// A referenced record does not exist.
    NotFound,
    /// The criterion is not part of the audit's catalog or selected criteria.
    CriterionNotInScope,
    /// The audit's status does not allow this change.
    InvalidStatus,
    /// A record with this id exists already.
    Duplicate,
    /// Another tab or window saved a change first; reload and retry.
    Conflict,
    /// The browser refused to store more data.
    QuotaExceeded,
    /// The database could not be opened, read or written.
    Storage,
    /// Stored data is damaged or was written by a newer version of the app.
    CorruptData,
    /// The audit trail does not vouch for the data (a broken chain, or records that
    /// differ from what it wrote); `details` lists each problem.
    Unverified,
    /// A backup can only be restored into an empty workspace.
    NotEmpty,
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidCommand => "invalid_command",
            ErrorCode::InvalidImport => "invalid_import",
            ErrorCode::Required => "required",
            ErrorCode::TooLong => "too_long",
            ErrorCode::InvalidDate => "invalid_date",
            ErrorCode::NotFound => "not_found",
            ErrorCode::CriterionNotInScope => "criterion_not_in_scope",
            ErrorCode::InvalidStatus => "invalid_status",
            ErrorCode::Duplicate => "duplicate",
            ErrorCode::Conflict => "conflict",
            ErrorCode::QuotaExceeded => "quota_exceeded",
            ErrorCode::Storage => "storage",
            ErrorCode::CorruptData => "corrupt_data",
            ErrorCode::Unverified => "unverified",
            ErrorCode::NotEmpty => "not_empty",
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
            InvalidDate,
            NotFound,
            CriterionNotInScope,
            InvalidStatus,
            Duplicate,
            Conflict,
            QuotaExceeded,
            Unverified,
            NotEmpty,
            Storage,
            CorruptData,
        ] {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }
}
