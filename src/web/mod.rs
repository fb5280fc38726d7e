//! The wasm-bindgen boundary: the `AuditApp` handle the page uses, errors as JS `Error`
//! objects with a stable `code`, and the clock, ids and actor taken from the browser.

mod bundles;
pub mod crypto;
pub mod panic;
mod tabs;

use crate::audit::Finding;
use crate::backup;
use crate::catalog::{self, CriteriaFilter};
use crate::error::{Error, ErrorCode};
use crate::report;
use crate::scoring::Metric;
use crate::storage::idb::{IdbStore, encrypted_database};
use crate::storage::mirror::{CopyCheck, Mirrored};
use crate::storage::opfs::OpfsFiles;
use crate::storage::{Progress, Session, Steps, Store};
use crate::text;
use crate::workspace::{Command, Context, Workspace};
use gloo_storage::{LocalStorage, Storage};
use js_sys::{Promise, Reflect};
use panic::promise;
use serde::Serialize;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

/// The database a workspace uses unless the page names another.
const DEFAULT_WORKSPACE: &str = "isms-audit";
/// localStorage key of the user's name (a UI preference, not audit data).
const ACTOR_KEY: &str = "isms-audit.actor";
/// localStorage key prefix of the newest journal entry this browser saw committed in a
/// workspace: kept outside IndexedDB, so a workspace the browser emptied or cut short
/// (Chromium can discard a database after a crash or a full disk) is noticed.
const HEAD_KEY: &str = "isms-audit.head.";

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** What `dispatch` resolves to once the change is committed to IndexedDB. */
export interface DispatchResult { seq: number; created?: string }
/** Every rejected call rejects with one of these. */
export interface AuditError extends Error { code: ErrorCode; field?: string; details: string[] }
/** Dispatched on `globalThis` as "isms-audit:panic" when the engine panics (a bug): the
 * engine has stopped and the page should offer a reload. */
export type PanicEvent = CustomEvent<AuditError>;
export interface StorageStatus { usage: number; quota: number; persisted: boolean }
/** The safety copy of every change outside IndexedDB (in the Origin Private File System),
 * and what opening the workspace did with it. */
export interface SafetyCopy {
  /** Whether the browser offers a place for the copy here (not from file://). */
  available: boolean;
  /** The newest journal entry the copy holds. */
  head: number;
  /** Why the copy could not be written lately (the changes themselves are saved). */
  problem?: string;
  /** Set when the workspace opened with less than its copy and was rebuilt from it. */
  rebuilt?: { entries: number; storedBefore: number; notes: string[] };
  /** Set when the workspace held less than its copy but the copy could not be used
   * (it is kept, and a new copy started). */
  notUsed?: string;
}
/** Changes this browser saw committed in the workspace, against those stored now. */
export interface LostChanges { recorded: number; stored: number }
/** Why `onChange` was called: another tab saved a change, or upgraded the database. */
export type ChangeReason = "changed" | "closed";
export interface ExportOptions {
  /** Write the backup even though the trail does not vouch for the data; the file says so. */
  allowUnverified?: boolean;
}
export interface RestoreOptions {
  /** Restore although the backup's trail does not vouch for its data; recorded in the trail. */
  acceptUnverified?: boolean;
}
"#;

/// An open workspace. All reads are synchronous views of what is committed.
#[wasm_bindgen]
pub struct AuditApp {
    inner: Rc<Inner>,
}

/// IndexedDB, with every change also copied to the Origin Private File System.
type AppStore = Mirrored<IdbStore, OpfsFiles>;

struct Inner {
    session: Session<AppStore>,
    /// What opening did with the safety copy (rebuilt from it, or found it unusable).
    opened: Opened,
    actor: RefCell<String>,
    tabs: RefCell<Option<tabs::Tabs>>,
    /// Set when the workspace opened with fewer changes than this browser saw committed.
    lost: Option<LostChanges>,
    /// How long unlocking spent deriving the key (ms).
    key_ms: f64,
    /// The last audit view handed out, with the trail head it was built at: the page
    /// re-renders an audit far more often than it changes (filters, paging, typing), and
    /// at 10,000 findings building the view is the cost of a frame.
    audit_view: RefCell<Option<(String, Option<String>, JsValue)>>,
    /// Each finding's JS object as last handed out, by id: after a change the audit
    /// view reuses every finding that did not change instead of converting 10,000 again.
    finding_views: RefCell<HashMap<String, (Finding, JsValue)>>,
}

#[derive(Serialize, Default)]
#[serde(rename_all = "camelCase")]
struct Opened {
    #[serde(skip_serializing_if = "Option::is_none")]
    rebuilt: Option<RebuiltFrom>,
    #[serde(skip_serializing_if = "Option::is_none")]
    not_used: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RebuiltFrom {
    entries: u64,
    stored_before: u64,
    notes: Vec<String>,
}

/// Opens workspace `name` with its safety copy; when IndexedDB holds less than the copy
/// (the browser discarded or cut short its database), rebuilds it from the copy once the
/// copy verifies, exactly as a backup is restored.
async fn open_session(name: &str) -> Result<(Session<AppStore>, Opened), Error> {
    let idb = IdbStore::open(name).await?;
    if idb.encrypted_in().await?.is_some() {
        idb.database().close();
        return Err(Error::new(
            ErrorCode::Locked,
            "This workspace is protected with a passphrase: unlock it to open it.",
        ));
    }
    let files = OpfsFiles::open(name).await.ok();
    let session = Session::open(Mirrored::new(idb, files)).await?;
    let head = session.workspace().head().cloned();
    let check = match session.store().check(head.as_ref()).await {
        Ok(check) => check,
        // An unreadable copy must not stop the workspace opening; the page says so.
        Err(e) => CopyCheck::NotUsed(e.message),
    };
    let rebuilt = match check {
        CopyCheck::InStep => return Ok((session, Opened::default())),
        CopyCheck::NotUsed(why) => {
            let opened = Opened {
                not_used: Some(why),
                ..Opened::default()
            };
            return Ok((session, opened));
        }
        CopyCheck::Rebuild(rebuilt) => rebuilt,
    };
    let at = chrono::Utc::now();
    let text = backup::write(
        &rebuilt.dump,
        &rebuilt.verification,
        at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "the safety copy".to_string(),
    );
    // Checked as a backup before anything is replaced.
    if let Err(e) = backup::read(&text) {
        let opened = Opened {
            not_used: Some(e.message),
            ..Opened::default()
        };
        return Ok((session, opened));
    }
    let stored_before = head.as_ref().map_or(0, |h| h.seq);
    let session = if head.is_some() {
        // IndexedDB holds the start of the copy's history: it is replaced by the whole.
        // A crash from here on finds it emptier still, and the copy as it was.
        let (idb, files) = session.into_store().into_parts();
        idb.database().close();
        IdbStore::delete(name).await?;
        Session::open(Mirrored::new(IdbStore::open(name).await?, files)).await?
    } else {
        session
    };
    let ctx = Context {
        at,
        actor: LocalStorage::get(ACTOR_KEY).unwrap_or_default(),
        new_id: new_id()?,
    };
    session.restore(&text, false, &ctx).await?;
    let opened = Opened {
        rebuilt: Some(RebuiltFrom {
            entries: rebuilt.dump.journal.len() as u64,
            stored_before,
            notes: rebuilt.notes,
        }),
        not_used: None,
    };
    Ok((session, opened))
}

#[derive(Serialize)]
struct LostChanges {
    recorded: u64,
    stored: u64,
}

/// Opens encrypted workspace `name` with its passphrase or recovery key. The safety copy
/// is off for it (the copy is canonical JSON in clear), and any clear copy left behind
/// by an interrupted conversion is removed.
async fn unlock_session(name: &str, secret: &str) -> Result<(Session<AppStore>, f64), Error> {
    let clear = IdbStore::open(name).await?;
    let database = clear.encrypted_in().await;
    clear.database().close();
    let database = database?.ok_or_else(|| {
        Error::new(
            ErrorCode::InvalidStatus,
            "This workspace is not protected with a passphrase; open it as it is.",
        )
    })?;
    let mut store = IdbStore::open_encrypted(name, &database).await?;
    let started = js_sys::Date::now();
    let key = match store.keyring().await {
        Ok(keyring) => crypto::unlock(&keyring, secret).await,
        Err(e) => Err(e),
    };
    let key_ms = js_sys::Date::now() - started;
    let key = key.inspect_err(|_| store.database().close())?;
    store.unlock(key);
    OpfsFiles::delete(name).await?;
    Ok((Session::open(Mirrored::new(store, None)).await?, key_ms))
}

/// After a commit: tells the other tabs, and remembers the newest entry outside
/// IndexedDB (see `HEAD_KEY`). Returns its sequence number.
fn committed(inner: &Inner) -> u64 {
    let seq = inner.session.workspace().trail_length();
    if let Some(tabs) = inner.tabs.borrow().as_ref() {
        tabs.announce(seq);
    }
    let key = format!("{HEAD_KEY}{}", inner.session.store().inner().name());
    // Failing to remember only weakens the check; the change itself is saved.
    let _ = LocalStorage::set(key, seq);
    seq
}

#[wasm_bindgen]
impl AuditApp {
    /// Opens (creating if needed) the workspace database `name`, default `isms-audit`.
    pub async fn open(name: Option<String>) -> Result<AuditApp, JsValue> {
        panic::install();
        let name = name.unwrap_or_else(|| DEFAULT_WORKSPACE.to_string());
        let (session, opened) = open_session(&name).await.map_err(js_error)?;
        AuditApp::start(&name, session, opened, 0.0)
    }

    /// Opens a workspace protected with a passphrase, given the passphrase or the
    /// recovery key; rejects with `wrong_passphrase` (and nothing more) if it is neither.
    pub async fn unlock(name: Option<String>, secret: String) -> Result<AuditApp, JsValue> {
        panic::install();
        let name = name.unwrap_or_else(|| DEFAULT_WORKSPACE.to_string());
        let (session, key_ms) = unlock_session(&name, &secret).await.map_err(js_error)?;
        AuditApp::start(&name, session, Opened::default(), key_ms)
    }

    /// How long deriving the key took when this workspace was unlocked (ms; 0 when it is
    /// not encrypted), so that opening can be timed without it.
    #[wasm_bindgen(getter, js_name = keyDerivationMs)]
    pub fn key_derivation_ms(&self) -> f64 {
        self.inner.key_ms
    }

    /// Whether the workspace is protected with a passphrase (encrypted at rest).
    #[wasm_bindgen(getter)]
    pub fn encrypted(&self) -> bool {
        self.inner.session.store().inner().is_encrypted()
    }

    /// Protects this workspace with `passphrase`: every record, journal entry and
    /// evidence file is encrypted into a new database and the clear one emptied in one
    /// step (see `IdbStore::encrypt`); the safety copy is deleted. Resolves to the
    /// recovery key for the user to print. This handle is closed afterwards: unlock the
    /// workspace to go on.
    #[wasm_bindgen(js_name = protect, unchecked_return_type = "Promise<string>")]
    pub fn protect(&self, passphrase: String) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let session = &inner.session;
            let idb = session.store().inner();
            if idb.is_encrypted() {
                return Err(js_error(Error::new(
                    ErrorCode::InvalidStatus,
                    "This workspace is already protected with a passphrase; change the passphrase instead.",
                )));
            }
            let (keyring, key, recovery) =
                crypto::new_keyring(&passphrase).await.map_err(js_error)?;
            let _turn = session.hold().await;
            let dump = session.store().dump().await.map_err(js_error)?;
            let sealed = idb.encrypt(&dump, &keyring, key).await.map_err(js_error)?;
            sealed.database().close();
            inner.tabs.borrow_mut().take();
            idb.database().close();
            // The copy is in clear; a crash before this is handled when unlocking.
            OpfsFiles::delete(idb.name()).await.map_err(js_error)?;
            Ok(JsValue::from_str(&recovery))
        })
    }

    /// Wraps the data key under `newPassphrase` instead; `current` (the passphrase or
    /// the recovery key) proves the right to. No record is rewritten.
    #[wasm_bindgen(js_name = changePassphrase, unchecked_return_type = "Promise<void>")]
    pub fn change_passphrase(&self, current: String, new_passphrase: String) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let idb = inner.session.store().inner();
            let keyring = idb.keyring().await.map_err(js_error)?;
            let changed = crypto::rewrap(&keyring, &current, &new_passphrase)
                .await
                .map_err(js_error)?;
            idb.put_keyring(&changed).await.map_err(js_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// The recovery key of this (unlocked, encrypted) workspace, to show or print again.
    #[wasm_bindgen(js_name = recoveryKey, unchecked_return_type = "Promise<string>")]
    pub fn recovery_key(&self) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let idb = inner.session.store().inner();
            let key = idb.data_key().ok_or_else(|| {
                js_error(Error::new(
                    ErrorCode::InvalidStatus,
                    "This workspace is not protected with a passphrase, so it has no recovery key.",
                ))
            })?;
            let keyring = idb.keyring().await.map_err(js_error)?;
            let text = crypto::recovery_key(&keyring, key)
                .await
                .map_err(js_error)?;
            Ok(JsValue::from_str(&text))
        })
    }
}

impl AuditApp {
    /// The handle over an opened session: other tabs are listened to, and the changes
    /// this browser saw committed are compared with what the workspace holds.
    fn start(
        name: &str,
        session: Session<AppStore>,
        opened: Opened,
        key_ms: f64,
    ) -> Result<AuditApp, JsValue> {
        let stored = session.workspace().trail_length();
        let recorded: u64 = LocalStorage::get(format!("{HEAD_KEY}{name}")).unwrap_or(0);
        let inner = Rc::new(Inner {
            session,
            opened,
            actor: RefCell::new(LocalStorage::get(ACTOR_KEY).unwrap_or_default()),
            tabs: RefCell::new(None),
            lost: (recorded > stored).then_some(LostChanges { recorded, stored }),
            key_ms,
            audit_view: RefCell::new(None),
            finding_views: RefCell::new(HashMap::new()),
        });
        *inner.tabs.borrow_mut() = Some(tabs::Tabs::listen(&inner).map_err(js_error)?);
        Ok(AuditApp { inner })
    }
}

#[wasm_bindgen]
impl AuditApp {
    /// Deletes a workspace database and everything in it (for embedders and the
    /// benchmarks' clean-up; the page itself never deletes a workspace).
    #[wasm_bindgen(js_name = deleteWorkspace)]
    pub async fn delete_workspace(name: String) -> Result<(), JsValue> {
        IdbStore::delete(&name).await.map_err(js_error)?;
        IdbStore::delete(&encrypted_database(&name))
            .await
            .map_err(js_error)?;
        OpfsFiles::delete(&name).await.map_err(js_error)?;
        LocalStorage::delete(format!("{HEAD_KEY}{name}"));
        Ok(())
    }

    /// Whether the workspace holds fewer changes than this browser saw committed in it
    /// (the browser lost data: restore the latest backup into a new workspace).
    #[wasm_bindgen(js_name = lostChanges, unchecked_return_type = "LostChanges | undefined")]
    pub fn lost_changes(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.lost)
    }

    /// How many changes the trail holds (the newest entry's sequence number, 0 when
    /// empty); the page counts the changes since the last backup with it.
    #[wasm_bindgen(getter, js_name = trailLength)]
    pub fn trail_length(&self) -> f64 {
        self.inner.session.workspace().trail_length() as f64
    }

    /// The safety copy's state, and whether opening rebuilt the workspace from it.
    #[wasm_bindgen(js_name = safetyCopy, unchecked_return_type = "SafetyCopy")]
    pub fn safety_copy(&self) -> Result<JsValue, JsValue> {
        #[derive(Serialize)]
        struct Both<'a> {
            #[serde(flatten)]
            status: crate::storage::mirror::CopyStatus,
            #[serde(flatten)]
            opened: &'a Opened,
        }
        to_js(&Both {
            status: self.inner.session.store().status(),
            opened: &self.inner.opened,
        })
    }

    /// The workspace (database) name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.session.store().inner().name().to_string()
    }

    /// The name recorded as the actor of every change; remembered in this browser.
    #[wasm_bindgen(getter)]
    pub fn actor(&self) -> String {
        self.inner.actor.borrow().clone()
    }

    #[wasm_bindgen(setter)]
    pub fn set_actor(&self, name: String) {
        let name = name.trim().to_string();
        // Failing to remember the name is harmless: it is asked for again next time.
        let _ = LocalStorage::set(ACTOR_KEY, &name);
        *self.inner.actor.borrow_mut() = name;
    }

    /// Validates and saves a command. Resolves once it is committed to IndexedDB; rejects
    /// with an `AuditError` (and nothing saved) otherwise.
    #[wasm_bindgen(unchecked_return_type = "Promise<DispatchResult>")]
    pub fn dispatch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Command")] command: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let command: Command = serde_wasm_bindgen::from_value(command).map_err(|e| {
                js_error(Error::new(
                    ErrorCode::InvalidCommand,
                    format!("The command is not valid: {e}."),
                ))
            })?;
            let ctx = Context {
                at: chrono::Utc::now(),
                actor: inner.actor.borrow().clone(),
                new_id: new_id().map_err(js_error)?,
            };
            match inner.session.dispatch(&command, &ctx).await {
                Ok(created) => {
                    let seq = committed(&inner);
                    to_js(&DispatchResult { seq, created })
                }
                Err(e) => {
                    if e.code == ErrorCode::Conflict {
                        tabs::refresh(&inner).await;
                    }
                    Err(js_error(e))
                }
            }
        })
    }

    /// Attaches `file` to an evidence entry: checks its size, hashes it (SHA-256, with
    /// WebCrypto) and stores it as a Blob with the updated record, in one transaction.
    #[wasm_bindgen(js_name = attachEvidenceFile, unchecked_return_type = "Promise<DispatchResult>")]
    pub fn attach_evidence_file(&self, evidence_id: String, file: web_sys::File) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let name = file.name();
            let size = file.size().min(f64::from(u32::MAX)) as u32;
            crate::audit::evidence::check_size(&name, size).map_err(js_error)?;
            let sha256 = sha256_hex(&file).await?;
            let command = Command::AttachEvidenceFile {
                evidence_id,
                file: crate::audit::FileFields {
                    name,
                    media_type: file.type_(),
                    size,
                    sha256,
                },
            };
            let ctx = Context {
                at: chrono::Utc::now(),
                actor: inner.actor.borrow().clone(),
                new_id: new_id().map_err(js_error)?,
            };
            let blob: web_sys::Blob = file.into();
            match inner.session.dispatch_with_file(&command, &ctx, blob).await {
                Ok(created) => {
                    let seq = committed(&inner);
                    to_js(&DispatchResult { seq, created })
                }
                Err(e) => Err(js_error(e)),
            }
        })
    }

    /// An evidence file's bytes, checked against the SHA-256 recorded when it was
    /// attached; rejects with `file_damaged` when they differ or are missing.
    #[wasm_bindgen(js_name = readEvidenceFile, unchecked_return_type = "Promise<Blob>")]
    pub fn read_evidence_file(&self, evidence_id: String, file_id: String) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let (evidence, file) = {
                let ws = inner.session.workspace();
                let (e, f) = ws.evidence_file(&evidence_id, &file_id).map_err(js_error)?;
                (e.clone(), f.clone())
            };
            let blob = inner
                .session
                .store()
                .read_file(&file_id)
                .await
                .map_err(js_error)?;
            let actual = match &blob {
                Some(blob) => Some(sha256_hex(blob).await?),
                None => None,
            };
            crate::audit::evidence::check_read(&evidence, &file, actual.as_deref())
                .map_err(js_error)?;
            Ok(blob.map(JsValue::from).unwrap_or_default())
        })
    }

    /// Every audit programme, the newest period first.
    #[wasm_bindgen(unchecked_return_type = "ProgrammeSummary[]")]
    pub fn programmes(&self) -> Result<JsValue, JsValue> {
        self.view(|w| Ok(w.programmes()))
    }

    #[wasm_bindgen(unchecked_return_type = "Programme")]
    pub fn programme(&self, id: &str) -> Result<JsValue, JsValue> {
        self.view(|w| w.programme_view(id))
    }

    /// The audits of a programme, by planned start.
    #[wasm_bindgen(unchecked_return_type = "AuditSummary[]")]
    pub fn audits(&self, programme_id: &str) -> Result<JsValue, JsValue> {
        self.view(|w| w.audits(programme_id))
    }

    /// A programme's coverage matrix: items against the plan and what audits have done.
    #[wasm_bindgen(unchecked_return_type = "Coverage")]
    pub fn coverage(&self, programme_id: &str) -> Result<JsValue, JsValue> {
        self.view(|w| w.coverage(programme_id))
    }

    /// The planner's proposed coverage plan (saved only by a `setCoveragePlan` command).
    #[wasm_bindgen(js_name = proposedPlan, unchecked_return_type = "Planned[]")]
    pub fn proposed_plan(&self, programme_id: &str) -> Result<JsValue, JsValue> {
        self.view(|w| w.proposed_plan(programme_id))
    }

    /// The programme's monitoring figures on `today` (`YYYY-MM-DD`).
    #[wasm_bindgen(js_name = programmeDashboard, unchecked_return_type = "Dashboard")]
    pub fn programme_dashboard(&self, programme_id: &str, today: &str) -> Result<JsValue, JsValue> {
        self.view(|w| w.programme_dashboard(programme_id, today))
    }

    /// The programme's audits as an iCalendar (.ics) file, stamped now.
    #[wasm_bindgen(js_name = programmeIcs)]
    pub fn programme_ics(&self, programme_id: &str) -> Result<String, JsValue> {
        let now = chrono::Utc::now();
        self.read(|w| w.programme_ics(programme_id, now))
    }

    /// Audit-time estimates of a programme's audits and its totals per year.
    #[wasm_bindgen(js_name = programmeTime, unchecked_return_type = "ProgrammeTime")]
    pub fn programme_time(&self, programme_id: &str) -> Result<JsValue, JsValue> {
        self.view(|w| w.programme_time(programme_id))
    }

    /// Every auditor profile, erased ones last.
    #[wasm_bindgen(unchecked_return_type = "AuditorSummary[]")]
    pub fn auditors(&self) -> Result<JsValue, JsValue> {
        self.view(|w| json(w.auditors()))
    }

    /// One profile with its experience log, matches, CPD and reminders, judged against
    /// a programme's criteria ("" for the defaults) on `today`.
    #[wasm_bindgen(js_name = auditorDetail, unchecked_return_type = "AuditorDetail")]
    pub fn auditor_detail(
        &self,
        id: &str,
        programme_id: &str,
        today: &str,
    ) -> Result<JsValue, JsValue> {
        self.view(|w| json(w.auditor_detail(id, programme_id, today)?))
    }

    /// Everything held about one person, as a JSON file's text.
    #[wasm_bindgen(js_name = auditorExport)]
    pub fn auditor_export(&self, id: &str) -> Result<String, JsValue> {
        let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        self.read(|w| w.auditor_export(id, &now))
    }

    /// A programme's competence criteria (the defaults until set).
    #[wasm_bindgen(js_name = competenceSettings, unchecked_return_type = "CompetenceView")]
    pub fn competence_settings(&self, programme_id: &str) -> Result<JsValue, JsValue> {
        self.view(|w| json(w.competence_settings(programme_id)?))
    }

    /// Evaluations due, certifications expiring and CPD short, under a programme's criteria.
    #[wasm_bindgen(js_name = competenceReminders, unchecked_return_type = "CompetenceReminder[]")]
    pub fn competence_reminders(
        &self,
        programme_id: &str,
        today: &str,
    ) -> Result<JsValue, JsValue> {
        self.view(|w| json(w.competence_reminders(programme_id, today)?))
    }

    /// What the team tab shows: areas needed and who covers them, candidates.
    #[wasm_bindgen(js_name = teamSelection, unchecked_return_type = "TeamSelection")]
    pub fn team_selection(&self, audit_id: &str, today: &str) -> Result<JsValue, JsValue> {
        self.view(|w| json(w.team_selection(audit_id, today)?))
    }

    /// The knowledge areas and behaviours, with labels and hints.
    #[wasm_bindgen(js_name = competenceVocabulary, unchecked_return_type = "Vocabulary")]
    pub fn competence_vocabulary(&self) -> Result<JsValue, JsValue> {
        self.view(|w| json(crate::competence::vocabulary_in(w.report_messages())))
    }

    /// One audit with its checklist, findings and counts.
    /// The same object is returned until the workspace changes: treat it as read-only.
    #[wasm_bindgen(unchecked_return_type = "AuditDetail")]
    pub fn audit(&self, id: &str) -> Result<JsValue, JsValue> {
        let head = self
            .inner
            .session
            .workspace()
            .head()
            .map(|e| e.hash.clone());
        if let Some((cached, at, view)) = &*self.inner.audit_view.borrow()
            && cached == id
            && *at == head
        {
            return Ok(view.clone());
        }
        let mut detail = self.read(|w| w.audit(id))?;
        let findings = std::mem::take(&mut detail.findings);
        let view = to_js(&detail)?;
        let mut cache = self.inner.finding_views.borrow_mut();
        // Only this audit's findings are kept.
        if cache.len() > findings.len() * 2 {
            cache.clear();
        }
        let list = js_sys::Array::new_with_length(findings.len() as u32);
        // Findings not seen before are converted together, as one JSON text parsed by
        // the browser: at 10,000 findings several times quicker than one object at a time.
        let mut fresh = Vec::new();
        for (i, finding) in findings.into_iter().enumerate() {
            match cache.get(&finding.id) {
                Some((seen, object)) if *seen == finding => list.set(i as u32, object.clone()),
                _ => fresh.push((i, finding)),
            }
        }
        if !fresh.is_empty() {
            let objects = findings_as_js(fresh.iter().map(|(_, f)| f))?;
            for (n, (i, finding)) in fresh.into_iter().enumerate() {
                let object = objects.get(n as u32);
                list.set(i as u32, object.clone());
                cache.insert(finding.id.clone(), (finding, object));
            }
        }
        Reflect::set(&view, &"findings".into(), &list)?;
        *self.inner.audit_view.borrow_mut() = Some((id.to_string(), head, view.clone()));
        Ok(view)
    }

    /// A criteria catalog with its groups, criteria and audit guidance.
    #[wasm_bindgen(unchecked_return_type = "Catalog")]
    pub fn catalog(&self, id: &str) -> Result<JsValue, JsValue> {
        to_js(catalog::require(id).map_err(js_error)?)
    }

    /// The criteria of a catalog matching a search (text, group, `key=value` attribute).
    #[wasm_bindgen(js_name = findCriteria, unchecked_return_type = "Criterion[]")]
    pub fn find_criteria(
        &self,
        catalog_id: &str,
        #[wasm_bindgen(unchecked_param_type = "CriteriaFilter")] filter: JsValue,
    ) -> Result<JsValue, JsValue> {
        let catalog = catalog::require(catalog_id).map_err(js_error)?;
        let filter: CriteriaFilter = serde_wasm_bindgen::from_value(filter).map_err(|e| {
            js_error(Error::new(
                ErrorCode::InvalidCommand,
                format!("The search is not valid: {e}."),
            ))
        })?;
        to_js(&catalog.find(&filter))
    }

    /// Every number of an audit (the same object `audit(id).score` holds).
    #[wasm_bindgen(unchecked_return_type = "Score")]
    pub fn score(&self, audit_id: &str) -> Result<JsValue, JsValue> {
        self.view(|w| w.score(audit_id))
    }

    /// Why one of an audit's numbers is what it is.
    #[wasm_bindgen(unchecked_return_type = "Explanation")]
    pub fn explain(
        &self,
        audit_id: &str,
        #[wasm_bindgen(unchecked_param_type = "Metric")] metric: JsValue,
    ) -> Result<JsValue, JsValue> {
        let metric: Metric = serde_wasm_bindgen::from_value(metric).map_err(|e| {
            js_error(Error::new(
                ErrorCode::InvalidCommand,
                format!("Unknown metric: {e}."),
            ))
        })?;
        self.view(|w| w.explain(audit_id, metric))
    }

    /// The audit report as a self-contained HTML document, Markdown or JSON text.
    pub fn report(
        &self,
        audit_id: &str,
        #[wasm_bindgen(unchecked_param_type = "\"html\" | \"markdown\" | \"json\"")] format: &str,
    ) -> Result<String, JsValue> {
        let generated_at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let by = self.inner.actor.borrow().clone();
        self.read(|w| {
            let r = w.report(audit_id, generated_at, by)?;
            report::render(&r, format, w.report_messages())
        })
    }

    /// The words of reports, issued versions and charts from now on: the `report.*`
    /// messages of the page's language (kept for the session, never stored).
    #[wasm_bindgen(js_name = setReportMessages)]
    pub fn set_report_messages(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, string>")] messages: JsValue,
    ) -> Result<(), JsValue> {
        let messages: report::Messages = serde_wasm_bindgen::from_value(messages).map_err(|e| {
            js_error(Error::new(
                ErrorCode::InvalidCommand,
                format!("The report messages are not valid: {e}."),
            ))
        })?;
        self.inner.session.set_report_messages(messages);
        // The audit view's charts are in the old words.
        *self.inner.audit_view.borrow_mut() = None;
        Ok(())
    }

    /// An issued report version exactly as issued, in one format.
    #[wasm_bindgen(js_name = reportVersion)]
    pub fn report_version(
        &self,
        version_id: &str,
        #[wasm_bindgen(unchecked_param_type = "\"html\" | \"markdown\" | \"json\"")] format: &str,
    ) -> Result<String, JsValue> {
        self.read(|w| w.report_version_text(version_id, format))
    }

    /// The corrective actions of a programme (or of all, with no id), by due date;
    /// `today` (`YYYY-MM-DD`, the user's local date) decides which are overdue.
    #[wasm_bindgen(unchecked_return_type = "ActionRow[]")]
    pub fn actions(&self, programme_id: Option<String>, today: &str) -> Result<JsValue, JsValue> {
        let today = text::date("today", "Today", today).map_err(js_error)?;
        self.view(|w| Ok(w.actions(programme_id.as_deref(), today)))
    }

    /// How many of a programme's corrective actions are open and overdue on `today`.
    #[wasm_bindgen(js_name = actionCounts, unchecked_return_type = "ActionCounts")]
    pub fn action_counts(&self, programme_id: &str, today: &str) -> Result<JsValue, JsValue> {
        let today = text::date("today", "Today", today).map_err(js_error)?;
        self.view(|w| w.action_counts(programme_id, today))
    }

    /// Every Statement of Applicability, with its review.
    #[wasm_bindgen(unchecked_return_type = "SoaSummary[]")]
    pub fn soas(&self) -> Result<JsValue, JsValue> {
        self.view(|w| Ok(w.soas()))
    }

    #[wasm_bindgen(unchecked_return_type = "SoaSummary")]
    pub fn soa(&self, id: &str) -> Result<JsValue, JsValue> {
        self.view(|w| w.soa_view(id))
    }

    /// The SoA as CSV in the documented import layout, for download.
    #[wasm_bindgen(js_name = soaCsv)]
    pub fn soa_csv(&self, id: &str) -> Result<String, JsValue> {
        self.read(|w| w.soa_csv(id))
    }

    /// A CSV file (UTF-8 with or without a byte-order mark, UTF-16 or Windows-1252;
    /// `,` `;` or tab separated) as a list of one sheet named `name`, in JSON (the
    /// office module reads .xlsx and .ods into the same form).
    #[wasm_bindgen(js_name = readCsv)]
    pub fn read_csv(&self, name: &str, bytes: &[u8]) -> Result<String, JsValue> {
        let sheet = crate::import::decode::read_csv(name, bytes).map_err(js_error)?;
        serde_json::to_string(&[sheet]).map_err(|e| {
            js_error(Error::new(
                ErrorCode::Internal,
                format!("The sheet could not be passed on: {e}."),
            ))
        })
    }

    /// The header row and the field proposed per column for importing a sheet (JSON,
    /// as `readCsv` or the office module gives it) as `kind` into `targetId`.
    #[wasm_bindgen(js_name = importProposal, unchecked_return_type = "ImportProposal")]
    pub fn import_proposal(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ImportKind")] kind: JsValue,
        target_id: &str,
        sheet_json: &str,
    ) -> Result<JsValue, JsValue> {
        let kind: crate::import::ImportKind =
            serde_wasm_bindgen::from_value(kind).map_err(|e| {
                js_error(Error::new(
                    ErrorCode::InvalidCommand,
                    format!("Unknown import kind: {e}."),
                ))
            })?;
        let sheet: crate::import::Sheet = serde_json::from_str(sheet_json).map_err(|e| {
            js_error(Error::new(
                ErrorCode::InvalidImport,
                format!("The sheet could not be read: {e}. Save the file again from the spreadsheet and retry."),
            ))
        })?;
        self.view(|w| w.import_proposal(kind, target_id, &sheet))
    }

    /// What importing `table` would save, and every problem; saves nothing.
    #[wasm_bindgen(js_name = importPreview, unchecked_return_type = "ImportPreview")]
    pub fn import_preview(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ImportTable")] table: JsValue,
    ) -> Result<JsValue, JsValue> {
        let table: crate::import::ImportTable =
            serde_wasm_bindgen::from_value(table).map_err(|e| {
                js_error(Error::new(
                    ErrorCode::InvalidCommand,
                    format!("The import is not valid: {e}."),
                ))
            })?;
        self.view(|w| w.import_preview(&table))
    }

    /// Every custom criteria set, by code.
    #[wasm_bindgen(js_name = criteriaSets, unchecked_return_type = "CriteriaSet[]")]
    pub fn criteria_sets(&self) -> Result<JsValue, JsValue> {
        self.view(|w| Ok(w.criteria_sets()))
    }

    /// The ids of the catalogs this build knows.
    #[wasm_bindgen(js_name = catalogIds)]
    pub fn catalog_ids(&self) -> Vec<String> {
        catalog::ids().iter().map(|s| s.to_string()).collect()
    }

    /// The whole audit trail, oldest first (see `verify` for what vouches for it).
    #[wasm_bindgen(unchecked_return_type = "Promise<JournalEntry[]>")]
    pub fn journal(&self) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let entries = inner.session.store().journal().await.map_err(js_error)?;
            to_js(&entries)
        })
    }

    /// Up to `count` journal entries after entry `afterSeq`, oldest first: the trail a
    /// page at a time (read by key range, so a long trail is never read whole).
    #[wasm_bindgen(js_name = journalPage, unchecked_return_type = "Promise<JournalEntry[]>")]
    pub fn journal_page(&self, after_seq: f64, count: u32) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let idb = inner.session.store().inner();
            let values = idb
                .journal_values(after_seq.max(0.0) as u64, count)
                .await
                .map_err(js_error)?;
            Ok(values.into())
        })
    }

    /// Checks the trail's hash chain and every stored record against the entry that
    /// wrote it; names each problem. Reads and checks a part at a time (each a few
    /// milliseconds of the page's thread), calling `onProgress` after each part.
    #[wasm_bindgen(unchecked_return_type = "Promise<Verification>")]
    pub fn verify(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "(progress: Progress) => void")]
        on_progress: Option<js_sys::Function>,
    ) -> Promise {
        check_in_steps(self.inner.clone(), on_progress, false)
    }

    /// Continues the last verification with the entries written since (the chain from
    /// the last verified entry; records as the last full check found them); the full
    /// check (in parts, as `verify`) when there was none. Waits for a full check in
    /// progress. `checkedFrom` says where this check started.
    #[wasm_bindgen(js_name = verifySinceLast, unchecked_return_type = "Promise<Verification>")]
    pub fn verify_since_last(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "(progress: Progress) => void")]
        on_progress: Option<js_sys::Function>,
    ) -> Promise {
        check_in_steps(self.inner.clone(), on_progress, true)
    }

    /// The records the workspace opened without (they do not decode, or belong to a
    /// record that is missing); `setAsideRecord` moves one out of the way.
    #[wasm_bindgen(js_name = damagedRecords, unchecked_return_type = "DamagedRecord[]")]
    pub fn damaged_records(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.session.workspace().damaged())
    }

    /// The whole workspace (records as stored, set-aside records and journal) as a
    /// backup file, JSON text. Rejects with `unverified` when the trail does not vouch
    /// for the data, unless `allowUnverified`.
    #[wasm_bindgen(js_name = exportWorkspace, unchecked_return_type = "Promise<string>")]
    pub fn export_workspace(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ExportOptions | undefined")] options: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        let allow = flag(&options, "allowUnverified");
        promise(async move {
            let at = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
            let by = inner.actor.borrow().clone();
            let text = inner
                .session
                .export(at, by, allow)
                .await
                .map_err(js_error)?;
            Ok(JsValue::from_str(&text))
        })
    }

    /// Restores a backup file into this workspace, which must be empty. Everything in
    /// the file is checked first; on any problem nothing is written. A backup whose trail
    /// does not vouch for its data rejects with `unverified` unless `acceptUnverified`,
    /// which the trail then records. Resolves to what verifying the backup found.
    #[wasm_bindgen(js_name = restoreWorkspace, unchecked_return_type = "Promise<Verification>")]
    pub fn restore_workspace(
        &self,
        text: String,
        #[wasm_bindgen(unchecked_param_type = "RestoreOptions | undefined")] options: JsValue,
    ) -> Promise {
        let inner = self.inner.clone();
        let accept = flag(&options, "acceptUnverified");
        promise(async move {
            let ctx = Context {
                at: chrono::Utc::now(),
                actor: inner.actor.borrow().clone(),
                new_id: new_id().map_err(js_error)?,
            };
            let verification = inner
                .session
                .restore(&text, accept, &ctx)
                .await
                .map_err(js_error)?;
            committed(&inner);
            to_js(&verification)
        })
    }

    /// How much this origin stores, its quota, and whether the browser keeps it for good.
    #[wasm_bindgen(js_name = storageStatus, unchecked_return_type = "Promise<StorageStatus>")]
    pub fn storage_status(&self) -> Promise {
        promise(async move {
            let manager = storage_manager().map_err(js_error)?;
            let asked = |e| js_error(storage_error("read how much this page stores", e));
            let estimate = JsFuture::from(manager.estimate().map_err(asked)?)
                .await
                .map_err(asked)?;
            let persisted = JsFuture::from(manager.persisted().map_err(asked)?)
                .await
                .map_err(asked)?;
            let number = |key: &str| {
                Reflect::get(&estimate, &JsValue::from_str(key))
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(0.0)
            };
            to_js(&StorageStatus {
                usage: number("usage"),
                quota: number("quota"),
                persisted: persisted.as_bool().unwrap_or(false),
            })
        })
    }

    /// Asks the browser not to evict this origin's data under storage pressure.
    #[wasm_bindgen(unchecked_return_type = "Promise<boolean>")]
    pub fn persist(&self) -> Promise {
        promise(async move {
            let asked = |e| js_error(storage_error("ask for persistent storage", e));
            let manager = storage_manager().map_err(js_error)?;
            JsFuture::from(manager.persist().map_err(asked)?)
                .await
                .map_err(asked)
        })
    }

    /// Calls `callback(reason)` after another tab changed this workspace (the views have
    /// been reloaded by then) or upgraded it (this handle is closed; reload the page).
    #[wasm_bindgen(js_name = onChange)]
    pub fn on_change(
        &self,
        #[wasm_bindgen(unchecked_param_type = "(reason: ChangeReason) => void")]
        callback: js_sys::Function,
    ) {
        if let Some(tabs) = self.inner.tabs.borrow().as_ref() {
            tabs.set_callback(callback);
        }
    }

    /// Closes the database connection; the handle is unusable afterwards.
    pub fn close(&self) {
        self.inner.tabs.borrow_mut().take();
        self.inner.session.store().inner().database().close();
    }
}

impl AuditApp {
    /// A read of the committed workspace; an engine error becomes a JS `AuditError`.
    fn read<T>(
        &self,
        read: impl FnOnce(&Workspace) -> crate::error::Result<T>,
    ) -> Result<T, JsValue> {
        read(&self.inner.session.workspace()).map_err(js_error)
    }

    /// A read of the committed workspace, as a plain JS object.
    fn view<T: Serialize>(
        &self,
        read: impl FnOnce(&Workspace) -> crate::error::Result<T>,
    ) -> Result<JsValue, JsValue> {
        to_js(&self.read(read)?)
    }
}

/// A view as a JSON value first, so its types' serde code is compiled once (for JSON
/// values, which the records' hashes need anyway) rather than again for JS values.
fn json<T: Serialize>(view: T) -> crate::error::Result<serde_json::Value> {
    serde_json::to_value(view).map_err(|e| {
        Error::new(
            ErrorCode::Internal,
            format!("A view cannot be converted: {e}."),
        )
    })
}

#[derive(Serialize)]
struct DispatchResult {
    seq: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<String>,
}

#[derive(Serialize)]
struct StorageStatus {
    usage: f64,
    quota: f64,
    persisted: bool,
}

/// Findings as plain objects, as `to_js` makes them (a `None` field is left out, so it
/// reads `undefined`), through one JSON text the browser parses.
fn findings_as_js<'a>(
    findings: impl Iterator<Item = &'a Finding>,
) -> Result<js_sys::Array, JsValue> {
    let failed = |e: String| {
        js_error(Error::new(
            ErrorCode::Internal,
            format!("A view could not be built: {e}."),
        ))
    };
    let mut values = Vec::new();
    for finding in findings {
        let mut value = serde_json::to_value(finding).map_err(|e| failed(e.to_string()))?;
        if let serde_json::Value::Object(fields) = &mut value {
            fields.retain(|_, v| !v.is_null());
        }
        values.push(value);
    }
    let text = serde_json::to_string(&values).map_err(|e| failed(e.to_string()))?;
    let parsed = js_sys::JSON::parse(&text).map_err(|_| failed("JSON.parse".into()))?;
    Ok(parsed.unchecked_into())
}

/// Views as plain objects; a `None` is `undefined`, as the TypeScript types say.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let serializer = serde_wasm_bindgen::Serializer::new().serialize_maps_as_objects(true);
    value.serialize(&serializer).map_err(|e| {
        js_error(Error::new(
            ErrorCode::Internal,
            format!("A view could not be built: {e}."),
        ))
    })
}

/// An engine error as a JS `Error` with `code` (and `field`, when a field is at fault).
pub(crate) fn js_error(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.message);
    js.set_name("AuditError");
    let _ = Reflect::set(&js, &"code".into(), &error.code.as_str().into());
    if let Some(field) = &error.field {
        let _ = Reflect::set(&js, &"field".into(), &field.into());
    }
    let details: js_sys::Array = error.details.iter().map(|d| JsValue::from_str(d)).collect();
    let _ = Reflect::set(&js, &"details".into(), &details);
    js.into()
}

#[wasm_bindgen(module = "/src/web/files.js")]
extern "C" {
    #[wasm_bindgen(js_name = sha256Hex, catch)]
    async fn sha256_hex_js(blob: &web_sys::Blob) -> Result<JsValue, JsValue>;
}

/// A Blob's SHA-256, lower-case hex, by WebCrypto.
async fn sha256_hex(blob: &web_sys::Blob) -> Result<String, JsValue> {
    let hash = sha256_hex_js(blob)
        .await
        .map_err(|e| js_error(storage_error("hash the file (WebCrypto SHA-256)", e)))?;
    Ok(hash.as_string().unwrap_or_default())
}

/// Calls the page's progress callback, if any, with each step's progress.
/// `verify` (`since_last` false) or `verifySinceLast` (true), a part at a time.
fn check_in_steps(
    inner: Rc<Inner>,
    on_progress: Option<js_sys::Function>,
    since_last: bool,
) -> Promise {
    promise(async move {
        let mut report = reporter(on_progress);
        let steps = Steps {
            now: &js_sys::Date::now,
            progress: &mut report,
        };
        let session = &inner.session;
        let verification = if since_last {
            session.verify_since_in_steps(steps).await
        } else {
            session.verify_in_steps(steps).await
        };
        to_js(&verification.map_err(js_error)?)
    })
}

fn reporter(callback: Option<js_sys::Function>) -> impl FnMut(Progress) {
    move |progress| {
        if let Some(f) = &callback
            && let Ok(value) = to_js(&progress)
        {
            // A failing callback must not stop the check.
            let _ = f.call1(&JsValue::UNDEFINED, &value);
        }
    }
}

/// A boolean option of an options object; absent or not `true` is false.
fn flag(options: &JsValue, name: &str) -> bool {
    options.is_object()
        && Reflect::get(options, &JsValue::from_str(name))
            .ok()
            .and_then(|v| v.as_bool())
            .unwrap_or(false)
}

/// A random UUID for a new record, from `crypto.randomUUID()`.
fn new_id() -> Result<String, Error> {
    let uuid = Reflect::get(&js_sys::global(), &"crypto".into())
        .ok()
        .filter(|c| !c.is_undefined())
        .and_then(|c| {
            let crypto: web_sys::Crypto = c.unchecked_into();
            // Only secure contexts (https, localhost, file) have randomUUID.
            let has_uuid =
                Reflect::get(&crypto, &"randomUUID".into()).is_ok_and(|f| f.is_function());
            has_uuid.then(|| crypto.random_uuid())
        });
    uuid.ok_or_else(|| {
        Error::new(
            ErrorCode::Unsupported,
            "This browser cannot make ids for new records here (no crypto.randomUUID; is the page served over http from another host?). Open it from https, localhost or a file; nothing was saved.",
        )
    })
}

fn storage_manager() -> Result<web_sys::StorageManager, Error> {
    Reflect::get(&js_sys::global(), &"navigator".into())
        .ok()
        .and_then(|n| Reflect::get(&n, &"storage".into()).ok())
        .filter(|s| !s.is_undefined() && !s.is_null())
        .map(|s| s.unchecked_into())
        .ok_or_else(|| {
            Error::new(
                ErrorCode::Unsupported,
                "This browser does not report or manage storage here (no navigator.storage; is the page a secure context?).",
            )
        })
}

/// A rejection of the browser's storage manager, with what the app was asking for.
fn storage_error(action: &str, error: JsValue) -> Error {
    let detail = Reflect::get(&error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_default();
    Error::new(
        ErrorCode::Storage,
        format!("The browser could not {action} ({detail})."),
    )
}
