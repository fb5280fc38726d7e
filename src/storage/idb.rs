//! The IndexedDB store: one database per workspace, one object store per record kind,
//! each change written in one strict-durability read-write transaction.

use super::{Store, corrupt, not_empty};
use crate::crypto::{self, KEYRING_KEY, Keyring};
use crate::error::{Error, ErrorCode, Result};
use crate::journal::{JournalEntry, StoredRecord};
use crate::record::{
    Change, DamagedRecord, Dump, EVIDENCE_FILES, FileWrite, RecordKind, SCHEMA_VERSION, Snapshot,
    StoredFile,
};
use crate::web::crypto::{CipherKey, open_values, seal_values};
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    Blob, IdbDatabase, IdbFactory, IdbKeyRange, IdbObjectStore, IdbObjectStoreParameters,
    IdbOpenDbRequest, IdbRequest, IdbTransaction, IdbTransactionMode, IdbVersionChangeEvent,
};

#[wasm_bindgen(module = "/src/storage/idb.js")]
extern "C" {
    #[wasm_bindgen(js_name = requestDone)]
    fn request_done(request: &IdbRequest) -> js_sys::Promise;
    #[wasm_bindgen(js_name = transactionDone)]
    fn transaction_done(tx: &IdbTransaction) -> js_sys::Promise;
    #[wasm_bindgen(js_name = strictTransaction, catch)]
    fn strict_transaction(
        db: &IdbDatabase,
        store_names: &Array,
    ) -> std::result::Result<IdbTransaction, JsValue>;
    #[wasm_bindgen(js_name = refuseIfEncrypted)]
    fn refuse_if_encrypted(tx: &IdbTransaction);
    #[wasm_bindgen(js_name = lastValue)]
    fn last_value(store: &IdbObjectStore) -> js_sys::Promise;
    #[wasm_bindgen(js_name = restoreAll)]
    fn restore_all(
        db: &IdbDatabase,
        store_names: &Array,
        items: &Array,
        fail_after: Option<u32>,
    ) -> js_sys::Promise;
}

const META: &str = "meta";
const JOURNAL: &str = "journal";
/// Damaged records the user set aside, keyed `store/id`.
const SET_ASIDE: &str = "set_aside";
/// The `meta` key, in a workspace's clear database, of the name of the database that
/// holds it encrypted (see [`IdbStore::encrypt`]).
const ENCRYPTED_IN: &str = "encrypted";
/// The property of a stored value that holds its sealed bytes.
const SEALED: &str = "sealed";

pub struct IdbStore {
    db: IdbDatabase,
    /// The workspace's name (its clear database's, also for an encrypted one).
    name: String,
    /// The data key of an encrypted workspace: every value is sealed under it.
    key: Option<CipherKey>,
    /// Fails the next writes after this many of their requests (see `fail_after`).
    fail_after: Cell<Option<usize>>,
    /// Files handed over for the next write (see [`Store::stage_file`]).
    staged: RefCell<HashMap<String, Blob>>,
}

impl IdbStore {
    /// Opens (creating or migrating) the database `name`.
    pub async fn open(name: &str) -> Result<IdbStore> {
        let factory = factory()?;
        let request: IdbOpenDbRequest = factory
            .open_with_u32(name, SCHEMA_VERSION)
            .map_err(|e| dom_error("open the database", e))?;
        let upgrade = Closure::<dyn FnMut(IdbVersionChangeEvent)>::new({
            let request = request.clone();
            move |event: IdbVersionChangeEvent| {
                if let Err(e) = migrate(&request, event.old_version() as u32) {
                    // Aborting the upgrade transaction keeps the old data as it was.
                    if let Some(tx) = request.transaction() {
                        let _ = tx.abort();
                    }
                    web_sys::console::error_1(&JsValue::from_str(&e.message));
                }
            }
        });
        request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
        let blocked = Closure::<dyn FnMut()>::new(|| {
            web_sys::console::warn_1(&JsValue::from_str(
                "isms-audit: waiting for other tabs to close this workspace before upgrading it",
            ))
        });
        request.set_onblocked(Some(blocked.as_ref().unchecked_ref()));
        let opened = JsFuture::from(request_done(&request)).await;
        request.set_onupgradeneeded(None);
        request.set_onblocked(None);
        let db: IdbDatabase = opened
            .map_err(|e| {
                if error_name(&e) == "VersionError" {
                    Error::new(
                        ErrorCode::CorruptData,
                        format!("The workspace \"{name}\" was saved by a newer version of isms-audit (schema newer than {SCHEMA_VERSION}). Open it with that version; nothing was changed."),
                    )
                } else {
                    dom_error("open the database", e)
                }
            })?
            .unchecked_into();
        // Another tab upgrading or deleting the database must not wait on this one.
        let close = Closure::<dyn FnMut()>::new({
            let db = db.clone();
            move || db.close()
        });
        db.set_onversionchange(Some(close.as_ref().unchecked_ref()));
        close.forget(); // lives as long as the connection
        Ok(IdbStore {
            db,
            name: name.to_string(),
            key: None,
            fail_after: Cell::new(None),
            staged: RefCell::new(HashMap::new()),
        })
    }

    /// The name of the database an encrypted workspace is kept in, when it is one.
    pub async fn encrypted_in(&self) -> Result<Option<String>> {
        let value = self.meta(ENCRYPTED_IN).await?;
        Ok(value.and_then(|v| {
            Reflect::get(&v, &JsValue::from_str("database"))
                .ok()?
                .as_string()
        }))
    }

    /// The keyring of an encrypted workspace's database.
    pub async fn keyring(&self) -> Result<Keyring> {
        let value = self
            .meta(KEYRING_KEY)
            .await?
            .ok_or_else(|| crypto::unreadable("its keyring is missing"))?;
        let keyring: Keyring = serde_wasm_bindgen::from_value(value)
            .map_err(|_| crypto::unreadable("its keyring is damaged"))?;
        keyring.check()?;
        Ok(keyring)
    }

    /// Replaces the keyring (a changed passphrase), in one strict transaction.
    pub async fn put_keyring(&self, keyring: &Keyring) -> Result<()> {
        let value = encode(keyring)?;
        set(
            value.unchecked_ref(),
            "key",
            &JsValue::from_str(KEYRING_KEY),
        )?;
        self.write_all(
            "save the new passphrase",
            &[META],
            |tx| {
                store(tx, META)?
                    .put(&value)
                    .map(|_| ())
                    .map_err(|e| dom_error("save the new passphrase", e))
            },
            |e| dom_error("save the new passphrase", e),
        )
        .await
    }

    /// Opens the database of encrypted workspace `name` (kept in `database`), sealing
    /// and opening every value with `key`.
    pub async fn open_encrypted(name: &str, database: &str) -> Result<IdbStore> {
        let mut store = IdbStore::open(database).await?;
        store.name = name.to_string();
        Ok(store)
    }

    /// Seals and opens every value with `key` from now on.
    pub fn unlock(&mut self, key: CipherKey) {
        self.key = Some(key);
    }

    /// The data key, while an encrypted workspace is unlocked.
    pub fn data_key(&self) -> Option<&CipherKey> {
        self.key.as_ref()
    }

    pub fn is_encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// Converts this clear workspace into an encrypted one, in a way a crash cannot
    /// leave half done: `dump` (the whole workspace) is sealed into a new database with
    /// `keyring`, and only once that is committed does one transaction on this database
    /// empty every store and record where the workspace now lives. Before that
    /// transaction the clear workspace is whole (a partial encrypted copy is dropped by
    /// the next attempt); after it, the encrypted one is. Returns the encrypted store.
    pub async fn encrypt(
        &self,
        dump: &Dump,
        keyring: &Keyring,
        key: CipherKey,
    ) -> Result<IdbStore> {
        let database = encrypted_database(&self.name);
        IdbStore::delete(&database).await?;
        let mut sealed = IdbStore::open_encrypted(&self.name, &database).await?;
        sealed.put_keyring(keyring).await?;
        sealed.unlock(key);
        sealed.restore(dump).await?;
        let names: Vec<&str> = all_stores().into_iter().chain([META]).collect();
        let pointer = Object::new();
        set(&pointer, "key", &JsValue::from_str(ENCRYPTED_IN))?;
        set(&pointer, "database", &JsValue::from_str(&database))?;
        self.write_all(
            "switch to the encrypted workspace",
            &names,
            |tx| {
                for name in all_stores() {
                    store(tx, name)?
                        .clear()
                        .map_err(|e| dom_error("empty the clear workspace", e))?;
                }
                store(tx, META)?
                    .put(&pointer)
                    .map(|_| ())
                    .map_err(|e| dom_error("switch to the encrypted workspace", e))
            },
            |e| dom_error("switch to the encrypted workspace", e),
        )
        .await?;
        Ok(sealed)
    }

    /// A `meta` value, if there is one.
    async fn meta(&self, key: &str) -> Result<Option<JsValue>> {
        let tx = self.read(&[META])?;
        let request = store(&tx, META)?
            .get(&JsValue::from_str(key))
            .map_err(|e| dom_error("read the workspace settings", e))?;
        let value = JsFuture::from(request_done(&request))
            .await
            .map_err(|e| dom_error("read the workspace settings", e))?;
        Ok((!value.is_undefined()).then_some(value))
    }

    /// Values of `store` as they are to be stored: as given in a clear workspace, else
    /// each sealed as `{<its key>, sealed}` (an evidence file's bytes, not its Blob).
    async fn as_stored(&self, store: &str, values: Vec<JsValue>) -> Result<Vec<JsValue>> {
        let Some(key) = &self.key else {
            return Ok(values);
        };
        let key_path = key_path(store);
        let mut aads = Vec::with_capacity(values.len());
        let plain = Array::new();
        for value in &values {
            aads.push(crypto::record_aad(store, &key_of(value)));
            if store == EVIDENCE_FILES {
                let blob: Blob = Reflect::get(value, &JsValue::from_str("blob"))
                    .ok()
                    .and_then(|b| b.dyn_into().ok())
                    .ok_or_else(|| super::memory::unstaged(&key_of(value)))?;
                plain.push(&js_sys::Uint8Array::from(&blob_bytes(&blob).await?[..]));
            } else {
                plain.push(value);
            }
        }
        let sealed = seal_values(key, &aads, &plain).await?;
        values
            .iter()
            .zip(sealed.iter())
            .map(|(value, bytes)| {
                let out = Object::new();
                let id = Reflect::get(value, &JsValue::from_str(key_path)).unwrap_or_default();
                set(&out, key_path, &id)?;
                set(&out, SEALED, &bytes)?;
                Ok(out.into())
            })
            .collect()
    }

    /// Stored values of `store` in clear. One that does not open (changed, moved, or
    /// sealed under another key) is kept as stored for a record store, where it is then
    /// listed as damaged; in the journal or set-aside records it is an error.
    async fn in_clear(&self, store: &str, values: Array) -> Result<Array> {
        let Some(key) = &self.key else {
            return Ok(values);
        };
        let aads: Vec<Vec<u8>> = values
            .iter()
            .map(|v| crypto::record_aad(store, &key_of(&v)))
            .collect();
        let sealed: Array = values
            .iter()
            .map(|v| Reflect::get(&v, &JsValue::from_str(SEALED)).unwrap_or_default())
            .collect();
        let files = store == EVIDENCE_FILES;
        let opened = open_values(key, &aads, &sealed, files).await?;
        let out = Array::new();
        for (stored, value) in values.iter().zip(opened.iter()) {
            if value.is_null() {
                if RecordKind::from_store(store).is_none() {
                    return Err(crypto::unreadable(&format!(
                        "\"{}\" in the \"{store}\" store",
                        key_of(&stored)
                    )));
                }
                out.push(&stored);
            } else if files {
                let bytes: js_sys::Uint8Array = value.unchecked_into();
                out.push(&file_value(
                    &key_of(&stored),
                    &bytes_blob(&bytes.to_vec())?,
                )?);
            } else {
                out.push(&value);
            }
        }
        Ok(out)
    }

    /// Makes every following write or restore fail after `ops` of its requests have been
    /// placed in the transaction (`None`: writes succeed again), so the store
    /// conformance tests can show that a failure part-way through leaves nothing behind.
    pub fn fail_after(&self, ops: Option<usize>) {
        self.fail_after.set(ops);
    }

    /// Every record, each store read whole (an encrypted workspace, whose values are
    /// opened with WebCrypto once all are read).
    async fn load_whole(&self) -> Result<Snapshot> {
        let tx = self.read(&all_stores())?;
        // Every request is placed before the first await, so the transaction stays alive.
        let programmes = get_all(&store(&tx, RecordKind::Programme.store())?)?;
        let audits = get_all(&store(&tx, RecordKind::Audit.store())?)?;
        let checklist = get_all(&store(&tx, RecordKind::ChecklistItem.store())?)?;
        let findings = get_all(&store(&tx, RecordKind::Finding.store())?)?;
        let soas = get_all(&store(&tx, RecordKind::Soa.store())?)?;
        let criteria_sets = get_all(&store(&tx, RecordKind::CriteriaSet.store())?)?;
        let report_versions = get_all(&store(&tx, RecordKind::ReportVersion.store())?)?;
        let follow_ups = get_all(&store(&tx, RecordKind::FollowUp.store())?)?;
        let evidence = get_all(&store(&tx, RecordKind::Evidence.store())?)?;
        let sampling = get_all(&store(&tx, RecordKind::SamplingPlan.store())?)?;
        let auditors = get_all(&store(&tx, RecordKind::Auditor.store())?)?;
        let head = JsFuture::from(last_value(&store(&tx, JOURNAL)?));
        // Every request was placed above; in an encrypted workspace each store's values
        // are opened once all are read.
        let programmes = programmes.await?;
        let audits = audits.await?;
        let checklist = checklist.await?;
        let findings = findings.await?;
        let soas = soas.await?;
        let criteria_sets = criteria_sets.await?;
        let report_versions = report_versions.await?;
        let follow_ups = follow_ups.await?;
        let evidence = evidence.await?;
        let sampling = sampling.await?;
        let auditors = auditors.await?;
        let head = head.await.map_err(|e| dom_error("read the journal", e))?;
        let head = match head {
            v if v.is_undefined() => None,
            v => Some(decode(
                JOURNAL,
                self.in_clear(JOURNAL, Array::of1(&v)).await?.get(0),
            )?),
        };
        let open = |kind: RecordKind, values: Array| self.in_clear(kind.store(), values);
        let mut damaged = Vec::new();
        let d = &mut damaged;
        let k = RecordKind::Programme;
        let programmes = records(k, open(k, programmes).await?, d);
        let k = RecordKind::Audit;
        let audits = records(k, open(k, audits).await?, d);
        let k = RecordKind::ChecklistItem;
        let checklist = records(k, open(k, checklist).await?, d);
        let k = RecordKind::Finding;
        let findings = records(k, open(k, findings).await?, d);
        let k = RecordKind::Soa;
        let soas = records(k, open(k, soas).await?, d);
        let k = RecordKind::CriteriaSet;
        let criteria_sets = records(k, open(k, criteria_sets).await?, d);
        let k = RecordKind::ReportVersion;
        let report_versions = records(k, open(k, report_versions).await?, d);
        let k = RecordKind::FollowUp;
        let follow_ups = records(k, open(k, follow_ups).await?, d);
        let k = RecordKind::Evidence;
        let evidence = records(k, open(k, evidence).await?, d);
        let k = RecordKind::SamplingPlan;
        let sampling = records(k, open(k, sampling).await?, d);
        let k = RecordKind::Auditor;
        let auditors = records(k, open(k, auditors).await?, d);
        Ok(Snapshot {
            programmes,
            audits,
            checklist,
            findings,
            soas,
            criteria_sets,
            report_versions,
            follow_ups,
            evidence,
            sampling,
            auditors,
            head,
            damaged,
        })
    }

    /// Up to `count` journal entries after entry `seq` as stored (in clear), oldest
    /// first, without decoding them: the trail page shows them as they are.
    pub async fn journal_values(&self, seq: u64, count: u32) -> Result<Array> {
        let tx = self.read(&[JOURNAL])?;
        let after = IdbKeyRange::lower_bound_with_open(&JsValue::from_f64(seq as f64), true)
            .map_err(|e| dom_error("read the journal", e))?;
        let request = store(&tx, JOURNAL)?
            .get_all_with_key_and_limit(&after, count)
            .map_err(|e| dom_error("read the journal", e))?;
        let values = JsFuture::from(request_done(&request))
            .await
            .map_err(|e| dom_error("read the journal", e))?;
        self.in_clear(JOURNAL, values.unchecked_into()).await
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    pub fn database(&self) -> &IdbDatabase {
        &self.db
    }

    /// Deletes the database `name` (tests and benchmarks clean up with it).
    pub async fn delete(name: &str) -> Result<()> {
        let request = factory()?
            .delete_database(name)
            .map_err(|e| dom_error("delete the database", e))?;
        JsFuture::from(request_done(&request))
            .await
            .map_err(|e| dom_error("delete the database", e))?;
        Ok(())
    }

    /// The schema version recorded in the `meta` store.
    pub async fn schema_version(&self) -> Result<u32> {
        let tx = self.read(&[META])?;
        let request = store(&tx, META)?
            .get(&JsValue::from_str("schema"))
            .map_err(|e| dom_error("read the schema version", e))?;
        let value = JsFuture::from(request_done(&request))
            .await
            .map_err(|e| dom_error("read the schema version", e))?;
        Reflect::get(&value, &JsValue::from_str("version"))
            .ok()
            .and_then(|v| v.as_f64())
            .map(|v| v as u32)
            .ok_or_else(|| corrupt(META, "schema", "no schema version recorded"))
    }

    fn read(&self, names: &[&str]) -> Result<IdbTransaction> {
        let names: Array = names.iter().map(|n| JsValue::from_str(n)).collect();
        self.db
            .transaction_with_str_sequence_and_mode(&names, IdbTransactionMode::Readonly)
            .map_err(|e| dom_error("read the database", e))
    }

    /// Runs `queue` in one strict read-write transaction over `names` and waits for the
    /// commit. `queue` places its requests without awaiting; if it fails, the
    /// transaction is aborted. A failed commit becomes `on_commit_error`'s error.
    async fn write_all(
        &self,
        action: &str,
        names: &[&str],
        queue: impl FnOnce(&IdbTransaction) -> Result<()>,
        on_commit_error: impl FnOnce(JsValue) -> Error,
    ) -> Result<()> {
        let names: Array = names.iter().map(|n| JsValue::from_str(n)).collect();
        let tx = strict_transaction(&self.db, &names).map_err(|e| dom_error(action, e))?;
        let done = JsFuture::from(transaction_done(&tx));
        if let Err(e) = queue(&tx) {
            let _ = tx.abort();
            let _ = done.await;
            return Err(e);
        }
        done.await.map(|_| ()).map_err(on_commit_error)
    }
}

/// Every object store with records, the set-aside store, the evidence files and the
/// journal.
fn all_stores() -> Vec<&'static str> {
    let mut names: Vec<&str> = RecordKind::ALL.iter().map(|k| k.store()).collect();
    names.push(SET_ASIDE);
    names.push(EVIDENCE_FILES);
    names.push(JOURNAL);
    names
}

impl Store for IdbStore {
    type File = Blob;

    fn stage_file(&self, id: &str, file: Blob) {
        self.staged.borrow_mut().insert(id.to_string(), file);
    }

    fn unstage_file(&self, id: &str) {
        self.staged.borrow_mut().remove(id);
    }

    async fn read_file(&self, id: &str) -> Result<Option<Blob>> {
        let tx = self.read(&[EVIDENCE_FILES])?;
        let request = store(&tx, EVIDENCE_FILES)?
            .get(&JsValue::from_str(id))
            .map_err(|e| dom_error("read an evidence file", e))?;
        let value = JsFuture::from(request_done(&request))
            .await
            .map_err(|e| dom_error("read an evidence file", e))?;
        if value.is_undefined() {
            return Ok(None);
        }
        let value = self
            .in_clear(EVIDENCE_FILES, Array::of1(&value))
            .await?
            .get(0);
        let blob = Reflect::get(&value, &JsValue::from_str("blob")).unwrap_or_default();
        Ok(blob.dyn_into::<Blob>().ok())
    }

    async fn load(&self) -> Result<Snapshot> {
        if self.key.is_some() {
            return self.load_whole().await;
        }
        // A clear workspace is read a part of a store at a time, in one transaction
        // (each read is placed as the one before completes, so it stays alive): each
        // part's values are decoded as they come, and no task of the page's thread holds
        // a whole store of 10,000 records.
        let tx = self.read(&all_stores())?;
        let mut chunk = FIRST_LOAD_CHUNK;
        let mut damaged = Vec::new();
        let d = &mut damaged;
        let c = &mut chunk;
        let programmes = load_part(&tx, RecordKind::Programme, c, d).await?;
        let audits = load_part(&tx, RecordKind::Audit, c, d).await?;
        let checklist = load_part(&tx, RecordKind::ChecklistItem, c, d).await?;
        let findings = load_part(&tx, RecordKind::Finding, c, d).await?;
        let soas = load_part(&tx, RecordKind::Soa, c, d).await?;
        let criteria_sets = load_part(&tx, RecordKind::CriteriaSet, c, d).await?;
        let report_versions = load_part(&tx, RecordKind::ReportVersion, c, d).await?;
        let follow_ups = load_part(&tx, RecordKind::FollowUp, c, d).await?;
        let evidence = load_part(&tx, RecordKind::Evidence, c, d).await?;
        let sampling = load_part(&tx, RecordKind::SamplingPlan, c, d).await?;
        let auditors = load_part(&tx, RecordKind::Auditor, c, d).await?;
        let head = JsFuture::from(last_value(&store(&tx, JOURNAL)?))
            .await
            .map_err(|e| dom_error("read the journal", e))?;
        let head = match head {
            v if v.is_undefined() => None,
            v => Some(decode(JOURNAL, v)?),
        };
        Ok(Snapshot {
            programmes,
            audits,
            checklist,
            findings,
            soas,
            criteria_sets,
            report_versions,
            follow_ups,
            evidence,
            sampling,
            auditors,
            head,
            damaged,
        })
    }

    async fn dump(&self) -> Result<Dump> {
        let names = all_stores();
        let tx = self.read(&names)?;
        // Every request is placed before the first await, so one moment is read.
        let pending: Vec<_> = names
            .iter()
            .map(|n| Ok((*n, get_all(&store(&tx, n)?)?)))
            .collect::<Result<_>>()?;
        let mut dump = Dump::default();
        let mut blobs = Vec::new();
        let mut read = Vec::with_capacity(pending.len());
        for (name, values) in pending {
            read.push((name, values.await?));
        }
        for (name, values) in read {
            let values = self.in_clear(name, values).await?;
            match name {
                JOURNAL => dump.journal = decode_all(JOURNAL, values)?,
                EVIDENCE_FILES => {
                    for value in values.iter() {
                        let blob = Reflect::get(&value, &JsValue::from_str("blob"))
                            .ok()
                            .and_then(|b| b.dyn_into::<Blob>().ok());
                        blobs.push((key_of(&value), blob));
                    }
                }
                SET_ASIDE => dump.set_aside = decode_all(SET_ASIDE, values)?,
                _ => {
                    for value in values.iter() {
                        let id = key_of(&value);
                        dump.records.push(StoredRecord {
                            store: name.to_string(),
                            id,
                            value: as_json(&value),
                        });
                    }
                }
            }
        }
        // The bytes are read after the transaction: a Blob stays readable on its own.
        for (id, blob) in blobs {
            let bytes = match blob {
                Some(blob) => blob_bytes(&blob).await?,
                None => Vec::new(),
            };
            dump.files.push(StoredFile { id, bytes });
        }
        Ok(dump)
    }

    async fn journal(&self) -> Result<Vec<JournalEntry>> {
        let tx = self.read(&[JOURNAL])?;
        let all = get_all(&store(&tx, JOURNAL)?)?;
        decode_all(JOURNAL, self.in_clear(JOURNAL, all.await?).await?)
    }

    async fn journal_after(&self, seq: u64) -> Result<Vec<JournalEntry>> {
        let tx = self.read(&[JOURNAL])?;
        let after = IdbKeyRange::lower_bound_with_open(&JsValue::from_f64(seq as f64), true)
            .map_err(|e| dom_error("read the journal", e))?;
        let request = store(&tx, JOURNAL)?
            .get_all_with_key(&after)
            .map_err(|e| dom_error("read the journal", e))?;
        let values = JsFuture::from(request_done(&request))
            .await
            .map_err(|e| dom_error("read the journal", e))?;
        decode_all(
            JOURNAL,
            self.in_clear(JOURNAL, values.unchecked_into()).await?,
        )
    }

    async fn journal_chunk(&self, seq: u64, count: u32) -> Result<Vec<JournalEntry>> {
        let values = self.journal_values(seq, count).await?;
        decode_all(JOURNAL, values)
    }

    async fn records_chunk(
        &self,
        store_name: &str,
        after: Option<&str>,
        count: u32,
    ) -> Result<Vec<StoredRecord>> {
        let tx = self.read(&[store_name])?;
        let records = store(&tx, store_name)?;
        let request = match after {
            Some(id) => {
                let range = IdbKeyRange::lower_bound_with_open(&JsValue::from_str(id), true)
                    .map_err(|e| dom_error("read the database", e))?;
                records.get_all_with_key_and_limit(&range, count)
            }
            None => records.get_all_with_key_and_limit(&JsValue::UNDEFINED, count),
        }
        .map_err(|e| dom_error("read the database", e))?;
        let values = JsFuture::from(request_done(&request))
            .await
            .map_err(|e| dom_error("read the database", e))?;
        let values = self.in_clear(store_name, values.unchecked_into()).await?;
        Ok(values
            .iter()
            .map(|value| StoredRecord {
                store: store_name.to_string(),
                id: key_of(&value),
                value: as_json(&value),
            })
            .collect())
    }

    async fn restore(&self, dump: &Dump) -> Result<()> {
        let mut by_store: Vec<(String, Vec<JsValue>)> = Vec::new();
        let mut pair = |store: &str, value: JsValue| match by_store.last_mut() {
            Some((last, values)) if last == store => values.push(value),
            _ => by_store.push((store.to_string(), vec![value])),
        };
        for r in &dump.records {
            pair(&r.store, encode(&r.value)?);
        }
        for d in &dump.set_aside {
            pair(SET_ASIDE, set_aside_value(d)?);
        }
        for file in &dump.files {
            pair(
                EVIDENCE_FILES,
                file_value(&file.id, &bytes_blob(&file.bytes)?)?,
            );
        }
        for entry in &dump.journal {
            pair(JOURNAL, encode(entry)?);
        }
        let items = Array::new();
        for (store, values) in by_store {
            for value in self.as_stored(&store, values).await? {
                items.push(&Array::of2(&JsValue::from_str(&store), &value));
            }
        }
        let mut names = all_stores();
        if self.key.is_none() {
            // A clear workspace refuses the restore if it was encrypted meanwhile.
            names.push(META);
        }
        let names: Array = names.iter().map(|n| JsValue::from_str(n)).collect();
        let fail_after = self.fail_after.get().map(|n| n as u32);
        JsFuture::from(restore_all(&self.db, &names, &items, fail_after))
            .await
            .map(|_| ())
            .map_err(|e| match error_name(&e).as_str() {
                "NotEmptyError" => not_empty(),
                "EncryptedError" => encrypted_meanwhile(),
                _ => dom_error("restore", e),
            })
    }

    async fn write(&self, change: &Change) -> Result<()> {
        let mut names: Vec<&str> = change
            .puts
            .iter()
            .map(|r| r.kind().store())
            .chain(change.deletes.iter().map(|(k, _)| k.store()))
            .collect();
        for d in &change.set_aside {
            names.extend(RecordKind::from_store(&d.store).map(RecordKind::store));
            names.push(SET_ASIDE);
        }
        if !change.files.is_empty() {
            names.push(EVIDENCE_FILES);
        }
        names.push(JOURNAL);
        if self.key.is_none() {
            names.push(META);
        }
        names.sort_unstable();
        names.dedup();
        let on_commit_error = |e: JsValue| match error_name(&e).as_str() {
            // The journal key is the sequence number: another tab wrote it first.
            "ConstraintError" => Error::new(
                ErrorCode::Conflict,
                "This workspace was changed in another tab or window. Nothing was saved; the view has been refreshed, so check it and try again.",
            ),
            "EncryptedError" => encrypted_meanwhile(),
            _ => dom_error("save", e),
        };
        let fail_after = self.fail_after.get();
        let staged = self.staged.borrow().clone();
        let guard = self.key.is_none();
        let mut writes = writes(change, &staged)?;
        // Sealed before the transaction opens: it must not wait on anything else.
        for write in &mut writes {
            if let Write::Put(store, value) | Write::Add(store, value) = write {
                *value = self.as_stored(store, vec![value.clone()]).await?.remove(0);
            }
        }
        self.write_all(
            "save",
            &names,
            |tx| {
                if guard {
                    refuse_if_encrypted(tx);
                }
                queue_writes(tx, &writes, fail_after)
            },
            on_commit_error,
        )
        .await
    }
}

/// One request of a change.
enum Write {
    Put(String, JsValue),
    /// A put that must not replace anything (a journal entry).
    Add(String, JsValue),
    Delete(String, String),
}

/// The requests of `change`, in order, with values in clear.
fn writes(change: &Change, staged: &HashMap<String, Blob>) -> Result<Vec<Write>> {
    let mut out = Vec::new();
    for d in &change.set_aside {
        out.push(Write::Put(SET_ASIDE.to_string(), set_aside_value(d)?));
        out.push(Write::Delete(d.store.clone(), d.id.clone()));
    }
    for (kind, id) in &change.deletes {
        out.push(Write::Delete(kind.store().to_string(), id.clone()));
    }
    for record in &change.puts {
        out.push(Write::Put(
            record.kind().store().to_string(),
            encode(record)?,
        ));
    }
    for file in &change.files {
        match file {
            FileWrite::Put(id) => {
                let blob = staged.get(id).ok_or_else(|| super::memory::unstaged(id))?;
                out.push(Write::Put(
                    EVIDENCE_FILES.to_string(),
                    file_value(id, blob)?,
                ));
            }
            FileWrite::Delete(id) => {
                out.push(Write::Delete(EVIDENCE_FILES.to_string(), id.clone()))
            }
        }
    }
    out.push(Write::Add(JOURNAL.to_string(), encode(&change.entry)?));
    Ok(out)
}

/// Places every request on `tx` without awaiting in between; with `fail_after`, fails
/// once that many requests are placed (the caller aborts).
fn queue_writes(tx: &IdbTransaction, writes: &[Write], fail_after: Option<usize>) -> Result<()> {
    let mut placed = 0;
    let mut place = |request: std::result::Result<IdbRequest, JsValue>| {
        if fail_after == Some(placed) {
            return Err(Error::new(
                ErrorCode::Storage,
                "Could not save (injected failure). Nothing was changed.",
            ));
        }
        placed += 1;
        request.map(|_| ()).map_err(|e| dom_error("save", e))
    };
    for write in writes {
        place(match write {
            Write::Put(name, value) => store(tx, name)?.put(value),
            // `add`, not `put`: an entry with this sequence number must not exist yet.
            Write::Add(name, value) => store(tx, name)?.add(value),
            Write::Delete(name, id) => store(tx, name)?.delete(&JsValue::from_str(id)),
        })?;
    }
    Ok(())
}

/// A set-aside record as stored: the damaged record and its `store/id` key.
fn set_aside_value(d: &DamagedRecord) -> Result<JsValue> {
    let value = encode(d)?;
    set(
        value.unchecked_ref(),
        "key",
        &JsValue::from_str(&format!("{}/{}", d.store, d.id)),
    )?;
    Ok(value)
}

/// An evidence file as stored: `{id, blob}`.
fn file_value(id: &str, blob: &Blob) -> Result<JsValue> {
    let value = Object::new();
    set(&value, "id", &JsValue::from_str(id))?;
    set(&value, "blob", blob)?;
    Ok(value.into())
}

/// A Blob of `bytes`.
pub fn bytes_blob(bytes: &[u8]) -> Result<Blob> {
    let parts = Array::of1(&js_sys::Uint8Array::from(bytes));
    Blob::new_with_u8_array_sequence(&parts).map_err(|e| dom_error("restore an evidence file", e))
}

/// The bytes of a Blob.
pub async fn blob_bytes(blob: &Blob) -> Result<Vec<u8>> {
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(|e| dom_error("read an evidence file", e))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Schema migrations, one numbered step each, run inside the upgrade transaction.
fn migrate(request: &IdbOpenDbRequest, old_version: u32) -> Result<()> {
    let db: IdbDatabase = request
        .result()
        .map_err(|e| dom_error("upgrade the database", e))?
        .unchecked_into();
    let tx = request
        .transaction()
        .ok_or_else(|| Error::new(ErrorCode::Storage, "The upgrade transaction is missing."))?;
    if old_version < 1 {
        create_store(&db, META, "key", None)?;
        create_store(&db, RecordKind::Programme.store(), "id", None)?;
        create_store(&db, RecordKind::Audit.store(), "id", Some("programmeId"))?;
        create_store(
            &db,
            RecordKind::ChecklistItem.store(),
            "id",
            Some("auditId"),
        )?;
        create_store(&db, RecordKind::Finding.store(), "id", Some("auditId"))?;
        create_store(&db, JOURNAL, "seq", None)?;
    }
    if old_version < 2 {
        create_store(&db, RecordKind::Soa.store(), "id", None)?;
        create_store(&db, RecordKind::CriteriaSet.store(), "id", None)?;
    }
    if old_version < 3 {
        create_store(&db, SET_ASIDE, "key", None)?;
    }
    if old_version < 4 {
        create_store(
            &db,
            RecordKind::ReportVersion.store(),
            "id",
            Some("auditId"),
        )?;
        create_store(&db, RecordKind::FollowUp.store(), "id", Some("auditId"))?;
    }
    // 6 (5 is the conduct-of-audit step): the evidence register, sampling plans and
    // the evidence files' bytes.
    if old_version < 6 {
        create_store(&db, RecordKind::Evidence.store(), "id", Some("auditId"))?;
        create_store(&db, RecordKind::SamplingPlan.store(), "id", Some("auditId"))?;
        create_store(&db, EVIDENCE_FILES, "id", None)?;
    }
    // 7: auditor profiles (clause 7), with their CPD and evaluations inside.
    if old_version < 7 {
        create_store(&db, RecordKind::Auditor.store(), "id", None)?;
    }
    let meta = Object::new();
    set(&meta, "key", &JsValue::from_str("schema"))?;
    set(&meta, "version", &JsValue::from(SCHEMA_VERSION))?;
    store(&tx, META)?
        .put(&meta)
        .map_err(|e| dom_error("record the schema version", e))?;
    Ok(())
}

fn create_store(db: &IdbDatabase, name: &str, key: &str, parent: Option<&str>) -> Result<()> {
    let params = IdbObjectStoreParameters::new();
    params.set_key_path(&JsValue::from_str(key));
    let store = db
        .create_object_store_with_optional_parameters(name, &params)
        .map_err(|e| dom_error("create the database", e))?;
    if let Some(parent) = parent {
        store
            .create_index_with_str(parent, parent)
            .map_err(|e| dom_error("create the database", e))?;
    }
    Ok(())
}

/// The property a store's values are keyed by.
fn key_path(store: &str) -> &'static str {
    match store {
        JOURNAL => "seq",
        SET_ASIDE | META => "key",
        _ => "id",
    }
}

/// The database that holds workspace `name` once it is encrypted.
pub fn encrypted_database(name: &str) -> String {
    format!("{name}~encrypted")
}

/// A write to a clear workspace that was encrypted in the meantime (another tab).
fn encrypted_meanwhile() -> Error {
    Error::new(
        ErrorCode::Locked,
        "This workspace was protected with a passphrase in another tab or window, so nothing was saved here. Reload the page and unlock it.",
    )
}

fn factory() -> Result<IdbFactory> {
    let global = js_sys::global();
    Reflect::get(&global, &JsValue::from_str("indexedDB"))
        .ok()
        .filter(|f| !f.is_undefined() && !f.is_null())
        .map(|f| f.unchecked_into())
        .ok_or_else(|| {
            Error::new(
                ErrorCode::Unsupported,
                "This browser does not offer IndexedDB here (private mode or a blocked storage policy?). Allow site data for this page and reload.",
            )
        })
}

/// Records read in the first part of a store at opening; later parts are sized by the
/// time the last took, to about `LOAD_STEP_MS`.
const FIRST_LOAD_CHUNK: u32 = 200;
const LOAD_STEP_MS: f64 = 12.0;

/// Every record of one store of a clear workspace, read and decoded a part at a time in
/// transaction `tx`; `chunk` carries the part size from store to store.
async fn load_part<T: DeserializeOwned>(
    tx: &IdbTransaction,
    kind: RecordKind,
    chunk: &mut u32,
    damaged: &mut Vec<DamagedRecord>,
) -> Result<Vec<T>> {
    let mut out = Vec::new();
    read_parts(tx, kind.store(), chunk, &mut |values| {
        out.extend(records::<T>(kind, values, damaged))
    })
    .await?;
    Ok(out)
}

/// Reads store `name` a part at a time, handing each part's values to `take` before
/// the next is read (one function for every store: the engine's size).
async fn read_parts(
    tx: &IdbTransaction,
    name: &str,
    chunk: &mut u32,
    take: &mut dyn FnMut(Array),
) -> Result<()> {
    let records_store = store(tx, name)?;
    let mut after = JsValue::UNDEFINED;
    loop {
        let started = js_sys::Date::now();
        let request = if after.is_undefined() {
            records_store.get_all_with_key_and_limit(&JsValue::UNDEFINED, *chunk)
        } else {
            IdbKeyRange::lower_bound_with_open(&after, true)
                .and_then(|range| records_store.get_all_with_key_and_limit(&range, *chunk))
        }
        .map_err(|e| dom_error("read the database", e))?;
        let values: Array = JsFuture::from(request_done(&request))
            .await
            .map_err(|e| dom_error("read the database", e))?
            .unchecked_into();
        let count = values.length();
        if count > 0 {
            after =
                Reflect::get(&values.get(count - 1), &JsValue::from_str("id")).unwrap_or_default();
        }
        take(values);
        let full = count == *chunk;
        // Sized by full parts only: a store's short last part says little of the time.
        if full {
            let per_item = ((js_sys::Date::now() - started) / f64::from(count)).max(0.001);
            *chunk = ((LOAD_STEP_MS / per_item) as u32)
                .clamp((*chunk / 4).max(20), (*chunk * 4).min(5000));
        }
        if !full || after.is_undefined() {
            return Ok(());
        }
    }
}

fn store(tx: &IdbTransaction, name: &str) -> Result<IdbObjectStore> {
    tx.object_store(name)
        .map_err(|e| dom_error(&format!("open the \"{name}\" store"), e))
}

fn get_all(store: &IdbObjectStore) -> Result<impl Future<Output = Result<Array>> + use<>> {
    let request = store
        .get_all()
        .map_err(|e| dom_error("read the database", e))?;
    let pending = JsFuture::from(request_done(&request));
    Ok(async move {
        pending
            .await
            .map(|v| v.unchecked_into())
            .map_err(|e| dom_error("read the database", e))
    })
}

fn encode<T: Serialize>(value: &T) -> Result<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| {
            Error::new(
                ErrorCode::Internal,
                format!("A record could not be encoded: {e}."),
            )
        })
}

/// The key of a stored value (its `id`, `seq` or `key`), for messages.
fn key_of(value: &JsValue) -> String {
    ["id", "seq", "key"]
        .iter()
        .filter_map(|k| Reflect::get(value, &JsValue::from_str(k)).ok())
        .find(|k| !k.is_undefined())
        .map(|k| {
            k.as_string()
                .or_else(|| k.as_f64().map(|n| n.to_string()))
                .unwrap_or_else(|| format!("{k:?}"))
        })
        .unwrap_or_else(|| "?".to_string())
}

/// A stored value as JSON; one that is not JSON-shaped becomes its `String()` text.
fn as_json(value: &JsValue) -> serde_json::Value {
    serde_wasm_bindgen::from_value(value.clone()).unwrap_or_else(|_| {
        serde_json::Value::String(js_sys::JSON::stringify(value).map_or_else(
            |_| String::from(js_sys::JsString::from(value.clone())),
            String::from,
        ))
    })
}

fn decode<T: DeserializeOwned>(store: &str, value: JsValue) -> Result<T> {
    let key = key_of(&value);
    serde_wasm_bindgen::from_value(value).map_err(|e| corrupt(store, &key, e))
}

/// The records of one store that decode; the others join `damaged`, kept as stored.
fn records<T: DeserializeOwned>(
    kind: RecordKind,
    values: Array,
    damaged: &mut Vec<DamagedRecord>,
) -> Vec<T> {
    let mut out = Vec::with_capacity(values.length() as usize);
    for value in values.iter() {
        match serde_wasm_bindgen::from_value(value.clone()) {
            Ok(record) => out.push(record),
            Err(e) => damaged.push(DamagedRecord::undecodable(
                kind.store(),
                &key_of(&value),
                as_json(&value),
                e,
            )),
        }
    }
    out
}

fn decode_all<T: DeserializeOwned>(store: &str, values: Array) -> Result<Vec<T>> {
    values.iter().map(|v| decode(store, v)).collect()
}

fn set(target: &Object, key: &str, value: &JsValue) -> Result<()> {
    Reflect::set(target, &JsValue::from_str(key), value)
        .map(|_| ())
        .map_err(|e| dom_error("build a record", e))
}

fn error_name(error: &JsValue) -> String {
    Reflect::get(error, &JsValue::from_str("name"))
        .ok()
        .and_then(|n| n.as_string())
        .unwrap_or_default()
}

/// Turns a DOMException from IndexedDB into an error that says what to do.
fn dom_error(action: &str, error: JsValue) -> Error {
    let name = error_name(&error);
    let detail = Reflect::get(&error, &JsValue::from_str("message"))
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    // Chromium reports a full disk under its quota as QuotaExceededError, but a disk
    // that fills up while LevelDB writes as an UnknownError naming FILE_ERROR_NO_SPACE.
    if name == "QuotaExceededError" || detail.contains("NO_SPACE") {
        Error::new(
            ErrorCode::QuotaExceeded,
            "The browser has no more storage for this page, so nothing was saved; what was saved before is intact. Free disk space, or export and delete old workspaces, then try again.",
        )
    } else {
        Error::new(
            ErrorCode::Storage,
            format!(
                "Could not {action} ({name}: {detail}). Nothing was changed; reload the page and try again."
            ),
        )
    }
}
