//! Sealed bundles: the portable `.isms-audit` file. One container carries a whole
//! workspace, one audit, a work package or a result package, with their evidence files.
//!
//! Every item (a record, a journal entry, a package, a file's bytes) is listed in the
//! manifest with its SHA-256: of the item's canonical JSON (RFC 8785, as the trail
//! hashes), or of a file's bytes (as its evidence record carries it). Opening a bundle
//! checks every item, that nothing listed is missing and nothing unlisted is there, and
//! the manifest's own SHA-256, before anything is read from it; each failure names the
//! item with the expected and the found hash.

use super::package::{AuditSet, ResultPackage, WorkPackage};
use super::{Strict, base64_decode, base64_encode, sha256_hex};
use crate::error::{Error, ErrorCode, Result};
use crate::journal::{Verification, canonical};
use crate::record::{Dump, RecordKind, SCHEMA_VERSION, StoredFile};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

pub const FORMAT: &str = "isms-audit/bundle";
pub const VERSION: u64 = 1;

/// What a bundle carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum BundleKind {
    Workspace,
    Audit,
    WorkPackage,
    ResultPackage,
}

impl BundleKind {
    fn words(self) -> &'static str {
        match self {
            BundleKind::Workspace => "a whole workspace",
            BundleKind::Audit => "one audit",
            BundleKind::WorkPackage => "a work package",
            BundleKind::ResultPackage => "a result package",
        }
    }
}

/// A bundle whose every item verified.
#[derive(Debug, Clone, PartialEq)]
pub struct Bundle {
    pub kind: BundleKind,
    pub created_at: String,
    pub created_by: String,
    /// Items by name, files excluded.
    pub items: BTreeMap<String, Value>,
    pub files: Vec<StoredFile>,
}

const FILE_PREFIX: &str = "files/";

/// The bundle file of `items` and `files`, JSON text.
pub fn seal(
    kind: BundleKind,
    created_at: &str,
    created_by: &str,
    items: Vec<(String, Value)>,
    files: &[StoredFile],
) -> String {
    let mut manifest = Vec::new();
    let mut contents = Map::new();
    for (name, value) in items {
        manifest.push(json!({ "item": name, "sha256": value_hash(&value) }));
        contents.insert(name, value);
    }
    for f in files {
        let name = format!("{FILE_PREFIX}{}", f.id);
        manifest.push(json!({ "item": name, "sha256": sha256_hex(&f.bytes) }));
        contents.insert(name, Value::String(base64_encode(&f.bytes)));
    }
    let manifest = Value::Array(manifest);
    let file = json!({
        "format": FORMAT,
        "version": VERSION,
        "kind": kind,
        "createdAt": created_at,
        "createdBy": created_by,
        "manifestSha256": value_hash(&manifest),
        "manifest": manifest,
        "items": contents,
    });
    serde_json::to_string(&file).expect("a JSON value serializes")
}

fn value_hash(value: &Value) -> String {
    sha256_hex(canonical::to_string(value).as_bytes())
}

/// Reads a bundle and verifies every item; on any failure nothing is returned, and the
/// error lists each failed item.
pub fn open(text: &str) -> Result<Bundle> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Ok(Strict(Value::Object(mut file))) = serde_json::from_str(text) else {
        return Err(refused(
            "it is not an isms-audit bundle (not a JSON object)".into(),
        ));
    };
    if file.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(refused(format!(
            "it is not an isms-audit bundle (its \"format\" is not \"{FORMAT}\")"
        )));
    }
    if file.get("version").and_then(Value::as_u64) != Some(VERSION) {
        return Err(refused(
            "it was written by another version of isms-audit (bundle version not 1); open it with that version".into(),
        ));
    }
    let kind: BundleKind = file
        .get("kind")
        .cloned()
        .and_then(|k| serde_json::from_value(k).ok())
        .ok_or_else(|| refused("its \"kind\" is missing or unknown".into()))?;
    let text_of = |key: &str| file.get(key).and_then(Value::as_str).map(str::to_string);
    let (Some(created_at), Some(created_by), Some(manifest_sha)) = (
        text_of("createdAt"),
        text_of("createdBy"),
        text_of("manifestSha256"),
    ) else {
        return Err(refused(
            "its \"createdAt\", \"createdBy\" or \"manifestSha256\" is missing".into(),
        ));
    };
    let (Some(manifest @ Value::Array(_)), Some(Value::Object(mut contents))) =
        (file.remove("manifest"), file.remove("items"))
    else {
        return Err(refused("its \"manifest\" or \"items\" is missing".into()));
    };
    let mut problems = Vec::new();
    let mut items = BTreeMap::new();
    let mut files = Vec::new();
    for entry in manifest.as_array().into_iter().flatten() {
        let (Some(name), Some(expected)) = (
            entry.get("item").and_then(Value::as_str),
            entry.get("sha256").and_then(Value::as_str),
        ) else {
            problems.push("a manifest entry lacks its \"item\" or \"sha256\"".to_string());
            continue;
        };
        let Some(value) = contents.remove(name) else {
            let why = if items.contains_key(name)
                || files
                    .iter()
                    .any(|f: &StoredFile| name == format!("{FILE_PREFIX}{}", f.id))
            {
                "is listed twice in the manifest"
            } else {
                "is listed in the manifest but missing"
            };
            problems.push(format!(
                "item \"{name}\" {why} (expected SHA-256 {expected})"
            ));
            continue;
        };
        let found = match name.strip_prefix(FILE_PREFIX) {
            Some(id) => match value.as_str().and_then(base64_decode) {
                Some(bytes) => {
                    let found = sha256_hex(&bytes);
                    files.push(StoredFile {
                        id: id.to_string(),
                        bytes,
                    });
                    found
                }
                None => {
                    problems.push(format!("item \"{name}\" is not valid base64"));
                    continue;
                }
            },
            None => {
                let found = value_hash(&value);
                items.insert(name.to_string(), value);
                found
            }
        };
        if found != expected {
            problems.push(format!(
                "item \"{name}\" does not match the manifest: expected SHA-256 {expected}, found {found}"
            ));
        }
    }
    for name in contents.keys() {
        problems.push(format!("item \"{name}\" is not in the manifest"));
    }
    let found = value_hash(&manifest);
    if found != manifest_sha {
        problems.push(format!(
            "the manifest was changed: expected SHA-256 {manifest_sha}, found {found}"
        ));
    }
    if let Some(first) = problems.first() {
        return Err(Error::new(
            ErrorCode::FileDamaged,
            format!(
                "The bundle was not imported: {} problem(s) found while verifying it (the first: {first}). Nothing was changed; use another copy of the file.",
                problems.len()
            ),
        )
        .with_details(problems));
    }
    Ok(Bundle {
        kind,
        created_at,
        created_by,
        items,
        files,
    })
}

impl Bundle {
    /// Refused with `invalid_import` unless the bundle carries `kind`.
    pub fn expect(&self, kind: BundleKind) -> Result<()> {
        if self.kind == kind {
            return Ok(());
        }
        Err(refused(format!(
            "it carries {}, not {}",
            self.kind.words(),
            kind.words()
        )))
    }

    fn item<T: serde::de::DeserializeOwned>(&self, name: &str) -> Result<T> {
        let value = self
            .items
            .get(name)
            .ok_or_else(|| refused(format!("its item \"{name}\" is missing")))?;
        serde_json::from_value(value.clone())
            .map_err(|e| refused(format!("its item \"{name}\" cannot be read ({e})")))
    }

    /// The records under `records/{store}/`, in name order.
    fn records<T: serde::de::DeserializeOwned>(&self, store: &str) -> Result<Vec<T>> {
        let prefix = format!("records/{store}/");
        self.items
            .iter()
            .filter(|(name, _)| name.starts_with(&prefix))
            .map(|(name, value)| {
                serde_json::from_value(value.clone())
                    .map_err(|e| refused(format!("its item \"{name}\" cannot be read ({e})")))
            })
            .collect()
    }
}

/// The workspace's bundle: every record, set-aside record and journal entry an item.
pub fn workspace(dump: &Dump, verification: &Verification, at: &str, by: &str) -> String {
    let mut items = vec![(
        "meta".to_string(),
        json!({ "schemaVersion": SCHEMA_VERSION, "verification": verification }),
    )];
    for r in &dump.records {
        items.push((format!("records/{}/{}", r.store, r.id), r.value.clone()));
    }
    for (i, d) in dump.set_aside.iter().enumerate() {
        items.push((format!("setAside/{i:06}"), json!(d)));
    }
    for e in &dump.journal {
        items.push((format!("journal/{:09}", e.seq), json!(e)));
    }
    seal(BundleKind::Workspace, at, by, items, &dump.files)
}

/// A workspace bundle as the backup file it carries, to restore (which checks it again
/// as a backup: trail, records, files).
pub fn to_backup(bundle: &Bundle) -> Result<String> {
    bundle.expect(BundleKind::Workspace)?;
    let meta: Value = bundle.item("meta")?;
    let mut records = Map::new();
    for kind in RecordKind::ALL {
        records.insert(kind.store().to_string(), Value::Array(Vec::new()));
    }
    let mut set_aside = Vec::new();
    let mut journal = Vec::new();
    for (name, value) in &bundle.items {
        if let Some(rest) = name.strip_prefix("records/") {
            let store = rest.split('/').next().unwrap_or_default();
            match records.get_mut(store) {
                Some(Value::Array(list)) => list.push(value.clone()),
                _ => {
                    return Err(refused(format!(
                        "its item \"{name}\" is of an unknown store"
                    )));
                }
            }
        } else if name.starts_with("setAside/") {
            set_aside.push(value.clone());
        } else if name.starts_with("journal/") {
            journal.push(value.clone());
        }
    }
    let backup = json!({
        "format": super::FORMAT,
        "version": super::VERSION,
        "schemaVersion": meta.get("schemaVersion").cloned().unwrap_or(Value::Null),
        "exportedAt": bundle.created_at,
        "exportedBy": bundle.created_by,
        "verification": meta.get("verification").cloned().unwrap_or(Value::Null),
        "records": records,
        "setAside": set_aside,
        "journal": journal,
        "files": bundle.files.iter().map(|f| json!({
            "id": f.id,
            "sha256": sha256_hex(&f.bytes),
            "base64": base64_encode(&f.bytes),
        })).collect::<Vec<_>>(),
    });
    Ok(serde_json::to_string(&backup).expect("a JSON value serializes"))
}

/// One audit's bundle: each of its records an item, with its evidence files.
pub fn audit(set: &AuditSet, files: &[StoredFile], at: &str, by: &str) -> String {
    let items = set
        .records()
        .into_iter()
        .map(|r| (format!("records/{}/{}", r.kind().store(), r.id()), json!(r)))
        .collect();
    seal(BundleKind::Audit, at, by, items, files)
}

/// The audit an audit bundle carries.
pub fn audit_set(bundle: &Bundle) -> Result<AuditSet> {
    bundle.expect(BundleKind::Audit)?;
    let one = |store: &str| -> Result<Value> {
        let mut list: Vec<Value> = bundle.records(store)?;
        match list.len() {
            1 => Ok(list.remove(0)),
            n => Err(refused(format!(
                "it holds {n} records of \"{store}\", not one"
            ))),
        }
    };
    fn read<T: serde::de::DeserializeOwned>(store: &str, v: Value) -> Result<T> {
        serde_json::from_value(v)
            .map_err(|e| refused(format!("its {store} record cannot be read ({e})")))
    }
    Ok(AuditSet {
        programme: read("programmes", one("programmes")?)?,
        audit: read("audits", one("audits")?)?,
        checklist: bundle.records("checklist")?,
        findings: bundle.records("findings")?,
        evidence: bundle.records("evidence")?,
        sampling: bundle.records("sampling")?,
    })
}

/// A work package's bundle.
pub fn work_package(package: &WorkPackage, at: &str, by: &str) -> String {
    let items = vec![("package".to_string(), json!(package))];
    seal(BundleKind::WorkPackage, at, by, items, &[])
}

pub fn read_work_package(bundle: &Bundle) -> Result<WorkPackage> {
    bundle.expect(BundleKind::WorkPackage)?;
    bundle.item("package")
}

/// A result package's bundle, with the files its evidence lists.
pub fn result_package(package: &ResultPackage, files: &[StoredFile], at: &str, by: &str) -> String {
    let items = vec![("package".to_string(), json!(package))];
    seal(BundleKind::ResultPackage, at, by, items, files)
}

pub fn read_result_package(bundle: &Bundle) -> Result<ResultPackage> {
    bundle.expect(BundleKind::ResultPackage)?;
    bundle.item("package")
}

fn refused(what: String) -> Error {
    Error::new(
        ErrorCode::InvalidImport,
        format!("The bundle was not imported: {what}. Nothing was changed."),
    )
}

/// A bundle sealed under a passphrase: the whole bundle file, encrypted with AES-256-GCM
/// under a key PBKDF2-SHA-256 derives from the passphrase and a random salt (the cipher
/// and key derivation are WebCrypto's, see `crate::crypto`). The manifest inside is
/// checked as usual once it is opened.
pub const SEALED_FORMAT: &str = "isms-audit/sealed-bundle";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    pub salt: Vec<u8>,
    pub iterations: u32,
    /// The sealed bundle text ([`crate::crypto::frame`]: version, nonce, ciphertext).
    pub sealed: Vec<u8>,
}

/// The associated data a sealed bundle is bound to.
pub fn envelope_aad() -> Vec<u8> {
    crate::crypto::aad("bundle", &[SEALED_FORMAT])
}

/// The file of a sealed bundle, JSON text.
pub fn envelope(e: &Envelope) -> String {
    json!({
        "format": SEALED_FORMAT,
        "version": VERSION,
        "kdf": { "name": "PBKDF2-SHA-256", "iterations": e.iterations, "salt": base64_encode(&e.salt) },
        "cipher": "AES-256-GCM",
        "sealed": base64_encode(&e.sealed),
    })
    .to_string()
}

/// The envelope of a sealed bundle file; `None` when `text` is not one (a plain bundle).
pub fn read_envelope(text: &str) -> Option<Result<Envelope>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let file: Value = serde_json::from_str(text).ok()?;
    if file.get("format").and_then(Value::as_str) != Some(SEALED_FORMAT) {
        return None;
    }
    let bytes = |v: Option<&Value>| v.and_then(Value::as_str).and_then(base64_decode);
    let iterations = file["kdf"]["iterations"]
        .as_u64()
        .and_then(|n| u32::try_from(n).ok());
    Some(
        match (
            bytes(file["kdf"].get("salt")),
            iterations,
            bytes(file.get("sealed")),
        ) {
            (Some(salt), Some(iterations), Some(sealed))
                if file.get("version").and_then(Value::as_u64) == Some(VERSION)
                    && (crate::crypto::PBKDF2_ITERATIONS
                        ..=10 * crate::crypto::PBKDF2_ITERATIONS)
                        .contains(&iterations) =>
            {
                Ok(Envelope {
                    salt,
                    iterations,
                    sealed,
                })
            }
            _ => Err(refused(
                "its encryption header is damaged or from another version".into(),
            )),
        },
    )
}
