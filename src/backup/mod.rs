//! Workspace backups: every record exactly as stored, the set-aside records and the whole
//! journal in one JSON file, so an auditor can keep a copy outside the browser and
//! restore it into an empty workspace (after clearing site data, on another machine, or
//! to hand an audit over).
//!
//! A restore is checked completely before anything is written: here the format, the
//! schema version, every record and the trail (its hash chain, and that every record is
//! what the trail says it wrote); the references between records when the workspace is
//! built from them. Records are carried undecoded, so what the trail vouches for is
//! what comes back.

pub mod bundle;
pub mod merge;
pub mod package;

use crate::error::{Error, ErrorCode, Result};
use crate::journal::{self, JournalEntry, StoredRecord, Verification};
use crate::record::{DamagedRecord, Dump, RecordKind, SCHEMA_VERSION, Snapshot, StoredFile};
use serde::Deserialize;
use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value, json};
use std::fmt;

pub const FORMAT: &str = "isms-audit/workspace-backup";
/// 2: records as stored, set-aside records, and the exporter's verification.
/// 3: evidence files (`files`: id, SHA-256 and the bytes in base64).
pub const VERSION: u64 = 3;

/// The backup file of a dump, with what verifying it found.
pub fn write(
    dump: &Dump,
    verification: &Verification,
    exported_at: String,
    exported_by: String,
) -> String {
    let mut records = Map::new();
    for kind in RecordKind::ALL {
        records.insert(kind.store().to_string(), Value::Array(Vec::new()));
    }
    for r in &dump.records {
        if let Some(Value::Array(list)) = records.get_mut(&r.store) {
            list.push(r.value.clone());
        }
    }
    let file = json!({
        "format": FORMAT,
        "version": VERSION,
        "schemaVersion": SCHEMA_VERSION,
        "exportedAt": exported_at,
        "exportedBy": exported_by,
        "verification": verification,
        "records": records,
        "setAside": dump.set_aside,
        "journal": dump.journal,
        "files": dump.files.iter().map(|f| json!({
            "id": f.id,
            "sha256": sha256_hex(&f.bytes),
            "base64": base64_encode(&f.bytes),
        })).collect::<Vec<_>>(),
    });
    serde_json::to_string(&file).expect("a JSON value serializes")
}

/// A backup file, read and checked, ready to restore.
pub struct Restorable {
    /// What to write, exactly as in the file.
    pub dump: Dump,
    /// The decoded records; those that do not decode are listed as damaged.
    pub snapshot: Snapshot,
    /// The trail checked against the records, as restoring would leave them.
    pub verification: Verification,
}

/// Reads a backup file (version 1 to 3) and verifies its trail against its records,
/// and each evidence file against the SHA-256 its evidence record carries.
pub fn read(text: &str) -> Result<Restorable> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Strict(file) = serde_json::from_str(text).map_err(|e| {
        problem(format!(
            "it is not JSON (line {}, column {}: {})",
            e.line(),
            e.column(),
            brief(&e)
        ))
    })?;
    let Value::Object(mut file) = file else {
        return Err(problem(
            "it is not an isms-audit workspace backup (it is not a JSON object)".into(),
        ));
    };
    if file.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(problem(format!(
            "it is not an isms-audit workspace backup (its \"format\" is not \"{FORMAT}\")"
        )));
    }
    let version = file.get("version").and_then(Value::as_u64).unwrap_or(0);
    let schema = file
        .get("schemaVersion")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    if version > VERSION || schema > u64::from(SCHEMA_VERSION) {
        return Err(problem(format!(
            "it was written by a newer version of isms-audit (backup version {version}, schema {schema}); open it with that version"
        )));
    }
    if version == 0 || schema == 0 {
        return Err(problem(
            "its \"version\" or \"schemaVersion\" is missing or not a number".into(),
        ));
    }
    let mut problems = Vec::new();
    let known = [
        "format",
        "version",
        "schemaVersion",
        "exportedAt",
        "exportedBy",
        "verification",
        "records",
        "setAside",
        "journal",
        "files",
    ];
    for key in file.keys() {
        if !known.contains(&key.as_str()) {
            problems.push(format!("it has an unknown part \"{key}\""));
        }
    }
    for key in ["exportedAt", "exportedBy"] {
        if !file.get(key).is_some_and(Value::is_string) {
            problems.push(format!("its \"{key}\" is missing or not text"));
        }
    }
    let has_journal = file.contains_key("journal");
    let records = take_records(file.remove("records"), &mut problems);
    let set_aside: Vec<DamagedRecord> = take_list(&mut file, "setAside", &mut problems);
    let journal: Vec<JournalEntry> = take_list(&mut file, "journal", &mut problems);
    let files = take_files(file.remove("files"), &mut problems);
    if !has_journal && !records.is_empty() {
        problems.push("it has records but no \"journal\"".into());
    }
    if !problems.is_empty() {
        let count = problems.len();
        let first = problems[0].clone();
        let message = if count == 1 {
            first
        } else {
            format!("it has {count} problems (the first: {first})")
        };
        return Err(problem(message).with_details(problems));
    }
    let verification = journal::verify(&journal, &records);
    let snapshot = decode(&records, journal.last().cloned());
    check_files(&snapshot, &files)?;
    Ok(Restorable {
        dump: Dump {
            records,
            set_aside,
            journal,
            files,
        },
        snapshot,
        verification,
    })
}

/// The records of the file, store by store, each with its id.
fn take_records(records: Option<Value>, problems: &mut Vec<String>) -> Vec<StoredRecord> {
    let Some(Value::Object(stores)) = records else {
        problems.push("its \"records\" are missing or not an object of stores".into());
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (store, list) in stores {
        // Version 1 named the criteria sets' store in camel case.
        let store = if store == "criteriaSets" {
            RecordKind::CriteriaSet.store().to_string()
        } else {
            store
        };
        if RecordKind::from_store(&store).is_none() {
            problems.push(format!("\"records\" has an unknown store \"{store}\""));
            continue;
        }
        let Value::Array(list) = list else {
            problems.push(format!("\"records.{store}\" is not a list"));
            continue;
        };
        for (i, value) in list.into_iter().enumerate() {
            match value.get("id").and_then(Value::as_str) {
                Some(id) if !seen.insert((store.clone(), id.to_string())) => {
                    problems.push(format!(
                        "record {} of \"records.{store}\" repeats the id \"{}\"",
                        i + 1,
                        crate::text::excerpt(id)
                    ))
                }
                Some(id) if !id.is_empty() => out.push(StoredRecord {
                    store: store.clone(),
                    id: id.to_string(),
                    value,
                }),
                _ => problems.push(format!(
                    "record {} of \"records.{store}\" has no \"id\"",
                    i + 1
                )),
            }
        }
    }
    out
}

/// The evidence files of the file: each with its id and bytes, checked against the
/// SHA-256 written beside them.
fn take_files(files: Option<Value>, problems: &mut Vec<String>) -> Vec<StoredFile> {
    let Some(files) = files else {
        return Vec::new();
    };
    let Value::Array(files) = files else {
        problems.push("\"files\" is not a list".into());
        return Vec::new();
    };
    let mut out: Vec<StoredFile> = Vec::with_capacity(files.len());
    for (i, file) in files.iter().enumerate() {
        let text = |key: &str| file.get(key).and_then(Value::as_str);
        let (Some(id), Some(sha), Some(b64)) = (text("id"), text("sha256"), text("base64")) else {
            problems.push(format!(
                "file {} of \"files\" lacks its \"id\", \"sha256\" or \"base64\"",
                i + 1
            ));
            continue;
        };
        let Some(bytes) = base64_decode(b64) else {
            problems.push(format!("file {} of \"files\" is not valid base64", i + 1));
            continue;
        };
        if sha256_hex(&bytes) != sha {
            problems.push(format!(
                "file {} of \"files\" (\"{}\") does not match its SHA-256",
                i + 1,
                crate::text::excerpt(id)
            ));
        } else if out.iter().any(|f| f.id == id) {
            problems.push(format!("file \"{}\" comes twice", crate::text::excerpt(id)));
        } else {
            out.push(StoredFile {
                id: id.to_string(),
                bytes,
            });
        }
    }
    out
}

/// The evidence files of a dump checked against their records before a backup is
/// written: a file that is missing or changed is refused with `file_damaged` (a backup
/// with it could not be restored), naming the entry and the file to replace.
pub fn check_dump_files(dump: &Dump) -> Result<()> {
    let problems = file_problems(&decode(&dump.records, None), &dump.files);
    damaged_files(
        problems,
        "The backup was not written",
        "Remove the file from its evidence entry and attach the original again, then back up.",
    )
}

/// The restore's check: every file an evidence record lists comes with bytes whose
/// SHA-256 is the one the record (and so the trail) carries.
fn check_files(snapshot: &Snapshot, files: &[StoredFile]) -> Result<()> {
    damaged_files(
        file_problems(snapshot, files),
        "The backup was not restored",
        "Nothing was changed; use another copy of the backup.",
    )
}

/// Each evidence file listed by a record whose bytes are missing or differ, in words.
fn file_problems(snapshot: &Snapshot, files: &[StoredFile]) -> Vec<String> {
    let mut problems = Vec::new();
    for evidence in &snapshot.evidence {
        for listed in &evidence.files {
            match files.iter().find(|f| f.id == listed.id) {
                None => problems.push(format!(
                    "{} \"{}\": the file \"{}\" is missing",
                    evidence.reference, evidence.title, listed.name
                )),
                Some(f) if sha256_hex(&f.bytes) != listed.sha256 => problems.push(format!(
                    "{} \"{}\": the file \"{}\" differs from the one attached (SHA-256 mismatch)",
                    evidence.reference, evidence.title, listed.name
                )),
                Some(_) => {}
            }
        }
    }
    problems
}

fn damaged_files(problems: Vec<String>, what: &str, action: &str) -> Result<()> {
    let Some(first) = problems.first() else {
        return Ok(());
    };
    Err(Error::new(
        ErrorCode::FileDamaged,
        format!(
            "{what}: {} evidence file(s) are missing or damaged (the first: {first}). {action}",
            problems.len()
        ),
    )
    .with_details(problems))
}

/// SHA-256 of bytes, lower-case hex (as WebCrypto's digest is written on the records).
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 (RFC 4648, padded).
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(BASE64[(n >> (18 - 6 * i)) as usize & 63] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Each byte's base64 value, or 255 for a byte that is not a base64 digit.
const BASE64_VALUES: [u8; 256] = {
    let mut table = [255u8; 256];
    let mut i = 0;
    while i < 64 {
        table[BASE64[i] as usize] = i as u8;
        i += 1;
    }
    table
};

/// Decodes standard padded base64; `None` for anything else.
pub fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let text = text.as_bytes();
    if text.len() % 4 != 0 {
        return None;
    }
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for (i, chunk) in text.chunks(4).enumerate() {
        let last = i + 1 == text.len() / 4;
        let pad = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if pad > 2 || (pad > 0 && !last) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - pad] {
            let v = BASE64_VALUES[c as usize];
            if v == 255 {
                return None;
            }
            n = (n << 6) | u32::from(v);
        }
        n <<= 6 * pad as u32;
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..3 - pad]);
    }
    Some(out)
}

fn take_list<T: DeserializeOwned>(
    file: &mut Map<String, Value>,
    key: &str,
    problems: &mut Vec<String>,
) -> Vec<T> {
    let Some(value) = file.remove(key) else {
        return Vec::new();
    };
    let Value::Array(items) = value else {
        problems.push(format!("\"{key}\" is not a list"));
        return Vec::new();
    };
    let mut out = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        match serde_json::from_value(item) {
            Ok(v) => out.push(v),
            Err(e) => problems.push(format!("item {} of \"{key}\": {}", i + 1, brief(&e))),
        }
    }
    out
}

/// Decodes the stored records; one that does not decode is listed as damaged.
fn decode(records: &[StoredRecord], head: Option<JournalEntry>) -> Snapshot {
    let mut snapshot = Snapshot {
        head,
        ..Snapshot::default()
    };
    for r in records {
        let Some(kind) = RecordKind::from_store(&r.store) else {
            continue;
        };
        let result = match kind {
            RecordKind::Programme => typed(r).map(|v| snapshot.programmes.push(v)),
            RecordKind::Audit => typed(r).map(|v| snapshot.audits.push(v)),
            RecordKind::ChecklistItem => typed(r).map(|v| snapshot.checklist.push(v)),
            RecordKind::Finding => typed(r).map(|v| snapshot.findings.push(v)),
            RecordKind::Soa => typed(r).map(|v| snapshot.soas.push(v)),
            RecordKind::CriteriaSet => typed(r).map(|v| snapshot.criteria_sets.push(v)),
            RecordKind::ReportVersion => typed(r).map(|v| snapshot.report_versions.push(v)),
            RecordKind::FollowUp => typed(r).map(|v| snapshot.follow_ups.push(v)),
            RecordKind::Evidence => typed(r).map(|v| snapshot.evidence.push(v)),
            RecordKind::SamplingPlan => typed(r).map(|v| snapshot.sampling.push(v)),
            RecordKind::Auditor => typed(r).map(|v| snapshot.auditors.push(v)),
        };
        if let Err(e) = result {
            snapshot.damaged.push(DamagedRecord::undecodable(
                &r.store,
                &r.id,
                r.value.clone(),
                e,
            ));
        }
    }
    snapshot
}

fn typed<T: DeserializeOwned>(r: &StoredRecord) -> serde_json::Result<T> {
    serde_json::from_value(r.value.clone())
}

/// A JSON value whose objects repeat no key: JSON leaves a repeated key to the reader,
/// and a backup with two values for one key is ambiguous, so it is refused.
struct Strict(Value);

impl<'de> Deserialize<'de> for Strict {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(StrictVisitor).map(Strict)
    }
}

struct StrictVisitor;

impl<'de> Visitor<'de> for StrictVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> std::result::Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> std::result::Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> std::result::Result<Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> std::result::Result<Value, E> {
        Ok(v.into())
    }
    fn visit_str<E>(self, v: &str) -> std::result::Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> std::result::Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> std::result::Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(Strict(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format!(
                    "the key \"{key}\" appears twice"
                )));
            }
            let Strict(v) = map.next_value()?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

/// A parser's message, cut short: it may quote a whole megabyte of a bad value.
fn brief(e: &impl fmt::Display) -> String {
    let text = e.to_string();
    match text.char_indices().nth(300) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

fn problem(what: String) -> Error {
    Error::new(
        ErrorCode::InvalidImport,
        format!("The backup was not restored: {what}. Nothing was changed."),
    )
}
