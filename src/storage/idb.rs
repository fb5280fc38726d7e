//! The IndexedDB store: one database per workspace, one object store per record kind,
//! each change written in one strict-durability read-write transaction.

use super::{Store, corrupt};
use crate::error::{Error, ErrorCode, Result};
use crate::journal::JournalEntry;
use crate::record::{Change, RecordKind, SCHEMA_VERSION, Snapshot};
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    IdbDatabase, IdbFactory, IdbObjectStore, IdbObjectStoreParameters, IdbOpenDbRequest,
    IdbRequest, IdbTransaction, IdbTransactionMode, IdbVersionChangeEvent,
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
    #[wasm_bindgen(js_name = lastValue)]
    fn last_value(store: &IdbObjectStore) -> js_sys::Promise;
}

const META: &str = "meta";
const JOURNAL: &str = "journal";

pub struct IdbStore {
    db: IdbDatabase,
    name: String,
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
        })
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

/// Every object store with records, and the journal.
fn all_stores() -> Vec<&'static str> {
    let mut names: Vec<&str> = RecordKind::ALL.iter().map(|k| k.store()).collect();
    names.push(JOURNAL);
    names
}

impl Store for IdbStore {
    async fn load(&self) -> Result<Snapshot> {
        let tx = self.read(&all_stores())?;
        // Every request is placed before the first await, so the transaction stays alive.
        let programmes = get_all(&store(&tx, RecordKind::Programme.store())?)?;
        let audits = get_all(&store(&tx, RecordKind::Audit.store())?)?;
        let checklist = get_all(&store(&tx, RecordKind::ChecklistItem.store())?)?;
        let findings = get_all(&store(&tx, RecordKind::Finding.store())?)?;
        let soas = get_all(&store(&tx, RecordKind::Soa.store())?)?;
        let criteria_sets = get_all(&store(&tx, RecordKind::CriteriaSet.store())?)?;
        let head = JsFuture::from(last_value(&store(&tx, JOURNAL)?));
        Ok(Snapshot {
            programmes: decode_all(RecordKind::Programme.store(), programmes.await?)?,
            audits: decode_all(RecordKind::Audit.store(), audits.await?)?,
            checklist: decode_all(RecordKind::ChecklistItem.store(), checklist.await?)?,
            findings: decode_all(RecordKind::Finding.store(), findings.await?)?,
            soas: decode_all(RecordKind::Soa.store(), soas.await?)?,
            criteria_sets: decode_all(RecordKind::CriteriaSet.store(), criteria_sets.await?)?,
            head: match head.await.map_err(|e| dom_error("read the journal", e))? {
                v if v.is_undefined() => None,
                v => Some(decode(JOURNAL, v)?),
            },
        })
    }

    async fn journal(&self) -> Result<Vec<JournalEntry>> {
        let tx = self.read(&[JOURNAL])?;
        let all = get_all(&store(&tx, JOURNAL)?)?;
        decode_all(JOURNAL, all.await?)
    }

    async fn restore(&self, snapshot: &Snapshot, journal: &[JournalEntry]) -> Result<()> {
        let queue = |tx: &IdbTransaction| {
            // `add`: restoring over existing records is refused, not merged.
            for record in snapshot.records() {
                store(tx, record.kind().store())?
                    .add(&encode(&record)?)
                    .map_err(|e| dom_error("restore", e))?;
            }
            for entry in journal {
                store(tx, JOURNAL)?
                    .add(&encode(entry)?)
                    .map_err(|e| dom_error("restore", e))?;
            }
            Ok(())
        };
        self.write_all("restore", &all_stores(), queue, |e| dom_error("restore", e))
            .await
    }

    async fn write(&self, change: &Change) -> Result<()> {
        let mut names: Vec<&str> = change
            .puts
            .iter()
            .map(|r| r.kind().store())
            .chain(change.deletes.iter().map(|(k, _)| k.store()))
            .collect();
        names.push(JOURNAL);
        names.sort_unstable();
        names.dedup();
        let on_commit_error = |e: JsValue| match error_name(&e).as_str() {
            // The journal key is the sequence number: another tab wrote it first.
            "ConstraintError" => Error::new(
                ErrorCode::Conflict,
                "This workspace was changed in another tab or window. Nothing was saved; the view has been refreshed, so check it and try again.",
            ),
            _ => dom_error("save", e),
        };
        self.write_all(
            "save",
            &names,
            |tx| queue_writes(tx, change),
            on_commit_error,
        )
        .await
    }
}

/// Places every request of `change` on `tx` without awaiting in between.
fn queue_writes(tx: &IdbTransaction, change: &Change) -> Result<()> {
    for (kind, id) in &change.deletes {
        store(tx, kind.store())?
            .delete(&JsValue::from_str(id))
            .map_err(|e| dom_error("save", e))?;
    }
    for record in &change.puts {
        store(tx, record.kind().store())?
            .put(&encode(record)?)
            .map_err(|e| dom_error("save", e))?;
    }
    // `add`, not `put`: an entry with this sequence number must not exist yet.
    store(tx, JOURNAL)?
        .add(&encode(&change.entry)?)
        .map_err(|e| dom_error("save", e))?;
    Ok(())
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

fn decode<T: DeserializeOwned>(store: &str, value: JsValue) -> Result<T> {
    let key = ["id", "seq", "key"]
        .iter()
        .find_map(|k| Reflect::get(&value, &JsValue::from_str(k)).ok())
        .filter(|k| !k.is_undefined())
        .map(|k| k.as_string().unwrap_or_else(|| format!("{k:?}")))
        .unwrap_or_else(|| "?".to_string());
    serde_wasm_bindgen::from_value(value).map_err(|e| corrupt(store, &key, e))
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
    match name.as_str() {
        "QuotaExceededError" => Error::new(
            ErrorCode::QuotaExceeded,
            "The browser has no more storage for this page, so nothing was saved; what was saved before is intact. Free disk space, or export and delete old workspaces, then try again.",
        ),
        _ => Error::new(
            ErrorCode::Storage,
            format!(
                "Could not {action} ({name}: {detail}). Nothing was changed; reload the page and try again."
            ),
        ),
    }
}
