//! Workspace backups: every record and the whole journal in one JSON file, so an
//! auditor can keep a copy outside the browser and restore it into an empty workspace
//! (after clearing site data, on another machine, or to hand an audit over).
//!
//! A restore is checked completely before anything is written: here the format and
//! schema version, every record and the journal's hash chain; the references between
//! the records when [`crate::storage::Session::restore`] builds the workspace from them.

use crate::error::{Error, ErrorCode, Result};
use crate::journal::{self, JournalEntry};
use crate::record::{SCHEMA_VERSION, Snapshot};
use serde::{Deserialize, Serialize};

pub const FORMAT: &str = "isms-audit/workspace-backup";
pub const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Backup {
    format: String,
    version: u32,
    /// The IndexedDB schema version the records follow.
    schema_version: u32,
    exported_at: String,
    exported_by: String,
    records: Records,
    journal: Vec<JournalEntry>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Records {
    programmes: Vec<crate::programme::Programme>,
    audits: Vec<crate::audit::Audit>,
    checklist: Vec<crate::audit::ChecklistItem>,
    findings: Vec<crate::audit::Finding>,
    soas: Vec<crate::soa::Soa>,
    criteria_sets: Vec<crate::catalog::custom::CriteriaSet>,
}

/// The backup file of a workspace's records and journal.
pub fn write(
    snapshot: Snapshot,
    journal: Vec<JournalEntry>,
    exported_at: String,
    exported_by: String,
) -> String {
    let backup = Backup {
        format: FORMAT.into(),
        version: VERSION,
        schema_version: SCHEMA_VERSION,
        exported_at,
        exported_by,
        records: Records {
            programmes: snapshot.programmes,
            audits: snapshot.audits,
            checklist: snapshot.checklist,
            findings: snapshot.findings,
            soas: snapshot.soas,
            criteria_sets: snapshot.criteria_sets,
        },
        journal,
    };
    serde_json::to_string(&backup).expect("records serialize")
}

/// The records and journal of a backup file, with every record decoded and the
/// journal's chain verified.
pub fn read(text: &str) -> Result<(Snapshot, Vec<JournalEntry>)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let header: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        problem(format!(
            "it is not JSON (line {}, column {}: {e})",
            e.line(),
            e.column()
        ))
    })?;
    if header.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(problem(format!(
            "it is not an isms-audit workspace backup (its \"format\" is not \"{FORMAT}\")"
        )));
    }
    let version = header.get("version").and_then(|v| v.as_u64()).unwrap_or(0);
    let schema = header
        .get("schemaVersion")
        .and_then(|v| v.as_u64())
        .unwrap_or(0);
    if version > u64::from(VERSION) || schema > u64::from(SCHEMA_VERSION) {
        return Err(problem(format!(
            "it was written by a newer version of isms-audit (backup version {version}, schema {schema}); open it with that version"
        )));
    }
    let backup: Backup = serde_json::from_str(text)
        .map_err(|e| problem(format!("line {}, column {}: {e}", e.line(), e.column())))?;
    journal::verify(&backup.journal)?;
    let r = backup.records;
    Ok((
        Snapshot {
            programmes: r.programmes,
            audits: r.audits,
            checklist: r.checklist,
            findings: r.findings,
            soas: r.soas,
            criteria_sets: r.criteria_sets,
            head: backup.journal.last().cloned(),
        },
        backup.journal,
    ))
}

fn problem(what: String) -> Error {
    Error::new(
        ErrorCode::InvalidImport,
        format!("The backup was not restored: {what}. Nothing was changed."),
    )
}
