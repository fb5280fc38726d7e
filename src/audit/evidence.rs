//! The evidence register of an audit (ISO 19011 6.4.7): what was seen, read, heard or
//! tested, the checklist items and findings it supports, and the files attached to it.
//!
//! The files themselves are stored by the web layer (as Blobs, in their own store);
//! this module keeps their name, type, size and SHA-256 on the evidence record, so the
//! journal vouches for them and a changed file is detected when it is read back. The
//! hash is computed by the caller (WebCrypto in the browser) and passed in.

use super::{AuditRecords, AuditStatus, not_in_scope};
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG, SHORT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The largest file one evidence entry may carry: 25 MiB.
pub const MAX_FILE_BYTES: u32 = 25 * 1024 * 1024;
/// The most files one evidence entry may carry.
pub const MAX_FILES_PER_ENTRY: usize = 10;
/// The most bytes of evidence files one workspace may hold: 200 MiB.
pub const MAX_WORKSPACE_BYTES: u64 = 200 * 1024 * 1024;

/// What kind of evidence it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum EvidenceKind {
    Document,
    Record,
    Interview,
    Observation,
    TechnicalVerification,
}

impl EvidenceKind {
    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::Document => "document",
            EvidenceKind::Record => "record",
            EvidenceKind::Interview => "interview",
            EvidenceKind::Observation => "observation",
            EvidenceKind::TechnicalVerification => "technical verification",
        }
    }
}

/// A file attached to an evidence entry, as the record knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct EvidenceFile {
    /// The key of its bytes in the `evidence_files` store.
    pub id: String,
    pub name: String,
    pub media_type: String,
    pub size: u32,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
}

/// The file a caller attaches: its name, type, size and hash (computed by the caller).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FileFields {
    pub name: String,
    #[serde(default)]
    pub media_type: String,
    pub size: u32,
    pub sha256: String,
}

/// A stored evidence entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Evidence {
    pub id: String,
    pub audit_id: String,
    /// Per-audit reference: E-001, E-002, ...
    pub reference: String,
    pub kind: EvidenceKind,
    /// The document or record identifier, or a title for an interview or observation.
    pub title: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub date: NaiveDate,
    /// Who was interviewed or observed, or what system or record was examined.
    pub source: String,
    pub description: String,
    /// The checklist items (criterion ids) it supports.
    pub criterion_ids: Vec<String>,
    /// The findings (ids) it supports.
    pub finding_ids: Vec<String>,
    pub files: Vec<EvidenceFile>,
}

/// The editable fields of an evidence entry.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EvidenceFields {
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub kind: Option<EvidenceKind>,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub criterion_ids: Vec<String>,
    #[serde(default)]
    pub finding_ids: Vec<String>,
}

/// The reference of the `number`th evidence entry of an audit.
pub fn reference(number: u32) -> String {
    format!("E-{number:03}")
}

/// Evidence may be recorded while the audit is planned (documents reviewed before the
/// visit, 6.3.1) or in progress, not once it is completed.
fn open(current: AuditRecords) -> Result<()> {
    if current.audit.status == AuditStatus::Completed {
        return Err(Error::new(
            ErrorCode::InvalidStatus,
            "This audit is completed and its records are closed; reopen it to change its evidence.",
        ));
    }
    Ok(())
}

fn build(
    current: AuditRecords,
    id: String,
    reference: String,
    fields: &EvidenceFields,
    files: Vec<EvidenceFile>,
) -> Result<Evidence> {
    open(current)?;
    let kind = fields.kind.ok_or_else(|| {
        Error::on_field(
            ErrorCode::Required,
            "kind",
            "Choose the kind of evidence: document, record, interview, observation or technical verification.",
        )
    })?;
    let criterion_ids = text::list("criterionIds", "Checklist item", &fields.criterion_ids)?;
    for id in &criterion_ids {
        if !current.checklist.iter().any(|i| &i.criterion_id == id) {
            return Err(not_in_scope(id));
        }
    }
    let finding_ids = text::list("findingIds", "Finding", &fields.finding_ids)?;
    for id in &finding_ids {
        if !current.findings.iter().any(|f| &f.id == id) {
            return Err(Error::on_field(
                ErrorCode::NotFound,
                "findingIds",
                format!(
                    "The finding \"{}\" is not one of this audit's; pick one from its findings.",
                    text::excerpt(id)
                ),
            ));
        }
    }
    Ok(Evidence {
        id,
        audit_id: current.audit.id.clone(),
        reference,
        kind,
        title: text::required("title", "Reference or title", &fields.title, SHORT)?,
        date: text::date("date", "Date", &fields.date)?,
        source: text::optional("source", "Who or what", &fields.source, SHORT)?,
        description: text::optional("description", "Description", &fields.description, LONG)?,
        criterion_ids,
        finding_ids,
        files,
    })
}

/// A new evidence entry `id` with the audit's next reference (`existing`: the audit's
/// entries so far; references are never reused).
pub fn add(
    current: AuditRecords,
    existing: &[&Evidence],
    id: &str,
    fields: &EvidenceFields,
) -> Result<Evidence> {
    let number = existing
        .iter()
        .filter_map(|e| e.reference.strip_prefix("E-")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0)
        + 1;
    build(
        current,
        id.to_string(),
        reference(number),
        fields,
        Vec::new(),
    )
}

/// The entry with new fields; its reference and files stay.
pub fn update(
    current: AuditRecords,
    existing: &Evidence,
    fields: &EvidenceFields,
) -> Result<Evidence> {
    build(
        current,
        existing.id.clone(),
        existing.reference.clone(),
        fields,
        existing.files.clone(),
    )
}

/// The entry with file `file_id` attached. `workspace_bytes` is the size of every
/// evidence file the workspace holds now; the limits are checked here.
pub fn attach(
    current: AuditRecords,
    existing: &Evidence,
    file_id: &str,
    file: &FileFields,
    workspace_bytes: u64,
) -> Result<Evidence> {
    open(current)?;
    let name = text::required("name", "File name", &file.name, SHORT)?;
    let media_type = text::optional("mediaType", "File type", &file.media_type, SHORT)?;
    let sha256 = file.sha256.trim().to_ascii_lowercase();
    if sha256.len() != 64 || !sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            "sha256",
            "The file's SHA-256 must be 64 hexadecimal digits; attach the file again.",
        ));
    }
    if existing.files.len() >= MAX_FILES_PER_ENTRY {
        return Err(Error::on_field(
            ErrorCode::LimitExceeded,
            "file",
            format!(
                "{} already has {MAX_FILES_PER_ENTRY} files, the most one evidence entry holds; add another evidence entry for more.",
                existing.reference
            ),
        ));
    }
    check_size(&name, file.size)?;
    if workspace_bytes + u64::from(file.size) > MAX_WORKSPACE_BYTES {
        return Err(Error::on_field(
            ErrorCode::LimitExceeded,
            "file",
            format!(
                "This workspace holds {} of evidence files; \"{}\" ({}) would pass the limit of {}. Remove files no longer needed, or keep this one elsewhere and record its reference.",
                mib(workspace_bytes),
                text::excerpt(&name),
                mib(u64::from(file.size)),
                mib(MAX_WORKSPACE_BYTES)
            ),
        ));
    }
    let mut evidence = existing.clone();
    evidence.files.push(EvidenceFile {
        id: file_id.to_string(),
        name,
        media_type,
        size: file.size,
        sha256,
    });
    Ok(evidence)
}

/// Refuses a file over the per-file limit; the page checks this before hashing a file.
pub fn check_size(name: &str, size: u32) -> Result<()> {
    if size > MAX_FILE_BYTES {
        return Err(Error::on_field(
            ErrorCode::LimitExceeded,
            "file",
            format!(
                "\"{}\" is {}; one evidence file may be at most {}. Attach an extract, or keep the file elsewhere and record its reference.",
                text::excerpt(name),
                mib(u64::from(size)),
                mib(u64::from(MAX_FILE_BYTES))
            ),
        ));
    }
    Ok(())
}

/// Checks a stored file's bytes, by the SHA-256 `actual` computed on reading them,
/// against the hash recorded when it was attached.
pub fn check_read(evidence: &Evidence, file: &EvidenceFile, actual: Option<&str>) -> Result<()> {
    let problem = match actual {
        None => "its bytes are missing from this browser's storage",
        Some(hash) if hash != file.sha256 => {
            "its bytes differ from those attached (the SHA-256 does not match)"
        }
        Some(_) => return Ok(()),
    };
    Err(Error::new(
        ErrorCode::FileDamaged,
        format!(
            "The file \"{}\" of {} cannot be trusted: {problem}. It was not opened; attach the original again, or restore a backup.",
            file.name, evidence.reference
        ),
    ))
}

/// The entry without file `file_id`.
pub fn remove_file(current: AuditRecords, existing: &Evidence, file_id: &str) -> Result<Evidence> {
    open(current)?;
    if !existing.files.iter().any(|f| f.id == file_id) {
        return Err(Error::not_found("evidence file", file_id));
    }
    let mut evidence = existing.clone();
    evidence.files.retain(|f| f.id != file_id);
    Ok(evidence)
}

/// A size in MiB, one decimal.
fn mib(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}
