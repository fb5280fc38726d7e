//! Browser tests: the IndexedDB store and the JS API against real IndexedDB in headless
//! Chromium (wasm-bindgen-test). Each test uses its own database.
#![cfg(target_arch = "wasm32")]

use isms_audit::audit::{AuditFields, AuditKind, AuditStatus, FindingFields, Grade, Scope};
use isms_audit::error::ErrorCode;
use isms_audit::programme::ProgrammeFields;
use isms_audit::record::SCHEMA_VERSION;
use isms_audit::storage::idb::IdbStore;
use isms_audit::storage::{Session, Store};
use isms_audit::web::AuditApp;
use isms_audit::{Command, Context};
use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

mod common;
mod conformance;
mod roundtrip;

#[wasm_bindgen(inline_js = r#"
export function putRaw(db, store, value) {
  return new Promise((resolve, reject) => {
    const tx = db.transaction([store], "readwrite");
    tx.objectStore(store).put(value);
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
  });
}
// Replaces `globalThis[owner][key]` (shadowing the prototype's); returns the undo.
export function replace(owner, key, value) {
  const target = globalThis[owner];
  Object.defineProperty(target, key, { value, configurable: true });
  return () => delete target[key];
}
// A storage manager whose every request rejects as a broken browser store would.
export function failingStorage() {
  const fail = () => Promise.reject(new DOMException("disk gone", "UnknownError"));
  return { estimate: fail, persisted: fail, persist: fail };
}
// Collects the detail of each "isms-audit:panic" event from now on.
export function panicEvents() {
  const seen = [];
  globalThis.addEventListener("isms-audit:panic", (e) => seen.push(e.detail));
  return seen;
}
// A database as schema version 1 left it: the v1 stores, one programme, one journal entry.
export function createV1(name, programme, entry) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, 1);
    request.onupgradeneeded = () => {
      const db = request.result;
      db.createObjectStore("meta", { keyPath: "key" }).put({ key: "schema", version: 1 });
      db.createObjectStore("programmes", { keyPath: "id" }).put(programme);
      db.createObjectStore("audits", { keyPath: "id" }).createIndex("programmeId", "programmeId");
      db.createObjectStore("checklist", { keyPath: "id" }).createIndex("auditId", "auditId");
      db.createObjectStore("findings", { keyPath: "id" }).createIndex("auditId", "auditId");
      db.createObjectStore("journal", { keyPath: "seq" }).put(entry);
    };
    request.onsuccess = () => { request.result.close(); resolve(); };
    request.onerror = () => reject(request.error);
  });
}
// A database exactly as an earlier release left it (a dump of every store's getAll()).
export function createFromDump(name, dump) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, dump.version);
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const [store, { keyPath, indexes, values }] of Object.entries(dump.stores)) {
        const os = db.createObjectStore(store, { keyPath });
        for (const index of indexes) os.createIndex(index.name, index.keyPath);
        for (const value of values) os.put(value);
      }
    };
    request.onsuccess = () => { request.result.close(); resolve(); };
    request.onerror = () => reject(request.error);
  });
}
export function openAtVersion(name, version) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name, version);
    request.onsuccess = () => { request.result.close(); resolve(); };
    request.onerror = () => reject(request.error);
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = putRaw)]
    fn put_raw(db: &web_sys::IdbDatabase, store: &str, value: JsValue) -> Promise;
    #[wasm_bindgen(js_name = createV1)]
    fn create_v1(name: &str, programme: JsValue, entry: JsValue) -> Promise;
    #[wasm_bindgen(js_name = createFromDump)]
    fn create_from_dump(name: &str, dump: JsValue) -> Promise;
    #[wasm_bindgen(js_name = openAtVersion)]
    fn open_at_version(name: &str, version: u32) -> Promise;
    fn replace(owner: &str, key: &str, value: JsValue) -> js_sys::Function;
    #[wasm_bindgen(js_name = failingStorage)]
    fn failing_storage() -> JsValue;
    #[wasm_bindgen(js_name = panicEvents)]
    fn panic_events() -> js_sys::Array;
}

fn unique(name: &str) -> String {
    format!("test-{name}-{}", js_sys::Math::random())
}

fn ctx(n: u32) -> Context {
    Context {
        at: chrono::Utc::now(),
        actor: "Browser Test".into(),
        new_id: format!("id-{n}-{}", js_sys::Math::random()),
    }
}

fn programme() -> Command {
    Command::CreateProgramme {
        programme: ProgrammeFields {
            name: "Programme".into(),
            purpose: String::new(),
            objectives: String::new(),
            period_start: "2026-01-01".into(),
            period_end: "2026-12-31".into(),
            owner: "Owner".into(),
            ..Default::default()
        },
    }
}

fn audit(programme_id: &str) -> Command {
    Command::CreateAudit {
        programme_id: programme_id.into(),
        audit: AuditFields {
            title: "Audit".into(),
            kind: AuditKind::Supplier,
            auditee: "Supplier Ltd".into(),
            client: "Example GmbH procurement".into(),
            objectives: String::new(),
            scope: Scope::default(),
            catalog_id: "iso27001-2022".into(),
            criteria: vec!["9".into(), "A.5.19".into()],
            soa_id: None,
            planned_start: "2026-02-01".into(),
            planned_end: "2026-02-02".into(),
            lead_auditor: "Lead".into(),
        },
    }
}

/// A session with a programme and a started audit; returns it and the audit id.
async fn seeded(name: &str) -> (Session<IdbStore>, String) {
    seeded_in(IdbStore::open(name).await.unwrap()).await
}

/// [`seeded`] in a given store (e.g. a sealed one).
async fn seeded_in(store: IdbStore) -> (Session<IdbStore>, String) {
    let session = Session::open(store).await.unwrap();
    let p = session
        .dispatch(&programme(), &ctx(1))
        .await
        .unwrap()
        .unwrap();
    let a = session
        .dispatch(&audit(&p), &ctx(2))
        .await
        .unwrap()
        .unwrap();
    session
        .dispatch(&common::feasible(&a), &ctx(3))
        .await
        .unwrap();
    let start = Command::SetAuditStatus {
        audit_id: a.clone(),
        status: AuditStatus::InProgress,
        acknowledgements: vec![],
        reason: String::new(),
    };
    session.dispatch(&start, &ctx(3)).await.unwrap();
    let finding = Command::AddFinding {
        audit_id: a.clone(),
        finding: FindingFields {
            grade: Some(Grade::MinorNonconformity),
            criterion_ids: vec!["A.5.19".into()],
            statement: "Supplier agreements lack security clauses".into(),
            evidence: "Contract 2025-17".into(),
            date: "2026-02-01".into(),
            likelihood: Some(3),
            impact: Some(4),
            groups: Vec::new(),
        },
    };
    session.dispatch(&finding, &ctx(4)).await.unwrap();
    (session, a)
}

#[wasm_bindgen_test]
async fn an_issued_report_version_and_a_follow_up_round_trip_with_their_hashes() {
    let name = unique("issued");
    let (session, audit_id) = seeded(&name).await;
    let finding = session.workspace().audit(&audit_id).unwrap().findings[0]
        .id
        .clone();
    let audit = |c: fn(String) -> Command| c(audit_id.clone());
    session
        .dispatch(&audit(|a| Command::ReviewReport { audit_id: a }), &ctx(5))
        .await
        .unwrap();
    session
        .dispatch(&audit(|a| Command::ApproveReport { audit_id: a }), &ctx(6))
        .await
        .unwrap();
    let issue = Command::IssueReport {
        audit_id: audit_id.clone(),
        reason: String::new(),
    };
    let version = session.dispatch(&issue, &ctx(7)).await.unwrap().unwrap();
    let propose = Command::ProposeAction {
        finding_id: finding.clone(),
        action: isms_audit::audit::followup::ActionFields {
            description: "Add security clauses to supplier agreements".into(),
            owner: "Procurement".into(),
            due: "2026-06-30".into(),
        },
    };
    session.dispatch(&propose, &ctx(8)).await.unwrap();
    let html = session
        .workspace()
        .report_version_text(&version, "html")
        .unwrap();
    let summary = session
        .workspace()
        .audit(&audit_id)
        .unwrap()
        .report_versions[0]
        .clone();
    session.store().database().close();

    let reopened = Session::open(IdbStore::open(&name).await.unwrap())
        .await
        .unwrap();
    assert!(reopened.verify().await.unwrap().verified);
    {
        let ws = reopened.workspace();
        assert_eq!(ws.report_version_text(&version, "html").unwrap(), html);
        assert_eq!(
            isms_audit::report::version::sha256(&html),
            summary.html_sha256
        );
        let detail = ws.audit(&audit_id).unwrap();
        assert_eq!(detail.report_versions[0].json_sha256, summary.json_sha256);
        assert_eq!(detail.follow_ups[0].actions[0].owner, "Procurement");
    }
    // The entry that issued it vouches for the stored record.
    let dump = reopened.store().dump().await.unwrap();
    let stored = dump
        .records
        .iter()
        .find(|r| r.store == "report_versions")
        .unwrap();
    let digest = dump.journal[7]
        .records
        .iter()
        .find(|r| r.store == "report_versions")
        .unwrap();
    assert_eq!(
        digest.sha256.as_deref(),
        Some(isms_audit::journal::record_hash(&stored.value).as_str())
    );
}

#[wasm_bindgen_test]
async fn records_survive_reopening_and_the_schema_version_is_recorded() {
    let name = unique("roundtrip");
    let (session, audit_id) = seeded(&name).await;
    let before = format!("{:?}", session.workspace().audit(&audit_id).unwrap());
    session.store().database().close();

    let store = IdbStore::open(&name).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    assert_eq!(store.journal().await.unwrap().len(), 5);
    let reopened = Session::open(store).await.unwrap();
    assert!(reopened.verify().await.unwrap().verified);
    let after = reopened.workspace().audit(&audit_id).unwrap();
    assert_eq!(format!("{after:?}"), before);
    assert_eq!(after.findings[0].reference, "F-001");
    assert_eq!(after.checklist.len(), 7);
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn soas_criteria_sets_and_report_details_survive_reopening() {
    use isms_audit::audit::ReportDetails;
    use isms_audit::catalog::custom::{CriteriaSetFields, ImportFormat, SetKind};
    use isms_audit::soa::SoaFields;
    let name = unique("criteria");
    let (session, audit_id) = seeded(&name).await;
    let soa = Command::CreateSoa {
        soa: SoaFields {
            name: "SoA v1".into(),
            catalog_id: "iso27001-2022".into(),
        },
    };
    let soa_id = session.dispatch(&soa, &ctx(10)).await.unwrap().unwrap();
    let import = Command::ImportSoa {
        soa_id: soa_id.clone(),
        csv: "\u{feff}control;applicable;justification\nA.5.19;yes;suppliers\nA.7.4;no;\n".into(),
    };
    session.dispatch(&import, &ctx(11)).await.unwrap();
    let set = Command::CreateCriteriaSet {
        set: CriteriaSetFields {
            code: "LAW".into(),
            name: "Laws".into(),
            kind: SetKind::Legal,
        },
    };
    let set_id = session.dispatch(&set, &ctx(12)).await.unwrap().unwrap();
    let criteria = Command::ImportCustomCriteria {
        set_id,
        format: ImportFormat::Json,
        text: r#"[{"id": "Art-32", "title": "Security of processing"}]"#.into(),
    };
    session.dispatch(&criteria, &ctx(13)).await.unwrap();
    let details = Command::SetReportDetails {
        audit_id: audit_id.clone(),
        details: ReportDetails {
            sampling: "3 of 12 contracts".into(),
            ..Default::default()
        },
    };
    session.dispatch(&details, &ctx(14)).await.unwrap();
    session.store().database().close();

    let reopened = Session::open(IdbStore::open(&name).await.unwrap())
        .await
        .unwrap();
    {
        let ws = reopened.workspace();
        let soa = ws.soa_view(&soa_id).unwrap();
        assert_eq!(soa.soa.applicable(), ["A.5.19"]);
        assert_eq!(soa.review.unjustified_exclusions, ["A.7.4"]);
        assert_eq!(
            ws.criteria_sets()[0].criteria[0].title,
            "Security of processing"
        );
        assert_eq!(
            ws.audit(&audit_id).unwrap().audit.report.sampling,
            "3 of 12 contracts"
        );
        // The finding's risk rating survives too, and scoring reads it.
        assert_eq!(
            ws.score(&audit_id).unwrap().risks[0].rating,
            isms_audit::scoring::RiskRating::High
        );
    }
    reopened.store().database().close();
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_refused_command_writes_nothing() {
    let name = unique("refused");
    let (session, audit_id) = seeded(&name).await;
    let bad = Command::RecordResult {
        audit_id: audit_id.clone(),
        criterion_id: "A.8.1".into(),
        result: isms_audit::audit::ItemResult::Conforming,
        notes: String::new(),
    };
    let err = session.dispatch(&bad, &ctx(5)).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::CriterionNotInScope);
    assert_eq!(session.store().journal().await.unwrap().len(), 5);
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_stale_tab_gets_a_conflict_and_its_change_is_not_half_written() {
    let name = unique("conflict");
    let (first, audit_id) = seeded(&name).await;
    // A second tab opened now, then the first tab saves again.
    let second = Session::open(IdbStore::open(&name).await.unwrap())
        .await
        .unwrap();
    first.dispatch(&programme(), &ctx(6)).await.unwrap();
    // The second tab's view is stale: its journal entry 6 exists already.
    let rename = Command::UpdateAudit {
        audit_id: audit_id.clone(),
        audit: match audit("unused") {
            Command::CreateAudit { audit, .. } => AuditFields {
                title: "Renamed".into(),
                ..audit
            },
            _ => unreachable!(),
        },
    };
    let err = second.dispatch(&rename, &ctx(7)).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict);
    // The audit record of the refused change was not written either (one transaction).
    let fresh = Session::open(IdbStore::open(&name).await.unwrap())
        .await
        .unwrap();
    assert_eq!(
        fresh.workspace().audit(&audit_id).unwrap().audit.title,
        "Audit"
    );
    assert_eq!(fresh.store().journal().await.unwrap().len(), 6);
    // After reloading, the second tab's change goes through.
    second.reload().await.unwrap();
    second.dispatch(&rename, &ctx(8)).await.unwrap();
    assert_eq!(
        second.workspace().audit(&audit_id).unwrap().audit.title,
        "Renamed"
    );
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_record_edited_in_indexeddb_is_named_and_export_needs_consent() {
    let name = unique("edited");
    let (session, audit_id) = seeded(&name).await;
    let finding = session.workspace().audit(&audit_id).unwrap().findings[0].clone();
    let mut edited = serde_json::to_value(&finding).unwrap();
    edited["statement"] = "Nothing wrong here".into();
    let edited = js_sys::JSON::parse(&edited.to_string()).unwrap();
    JsFuture::from(put_raw(session.store().database(), "findings", edited))
        .await
        .unwrap();
    let reopened = Session::open(IdbStore::open(&name).await.unwrap())
        .await
        .unwrap();
    let v = reopened.verify().await.unwrap();
    assert!(v.chain_break.is_none());
    assert_eq!(v.record_problems.len(), 1, "{v:?}");
    assert!(v.record_problems[0].contains(&finding.id), "{v:?}");
    assert!(v.record_problems[0].contains("entry 5"), "{v:?}");
    let err = reopened
        .export("t".into(), "a".into(), false)
        .await
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::Unverified);
    // With consent the backup is written, says it is unverified, and restores only
    // with an acceptance that the new workspace's trail records.
    let text = reopened.export("t".into(), "a".into(), true).await.unwrap();
    let target_name = unique("edited-target");
    let target = Session::open(IdbStore::open(&target_name).await.unwrap())
        .await
        .unwrap();
    let err = target.restore(&text, false, &ctx(1)).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Unverified);
    target.restore(&text, true, &ctx(2)).await.unwrap();
    let journal = target.store().journal().await.unwrap();
    assert_eq!(
        journal.last().unwrap().command["type"],
        "acceptUnverifiedBackup"
    );
    IdbStore::delete(&name).await.unwrap();
    target.store().database().close();
    IdbStore::delete(&target_name).await.unwrap();
}

/// The 0.1 defect: a whole-number float in a command (scoring weights of 10.0) broke the
/// trail after IndexedDB gave it back as 10, and every later backup with it.
#[wasm_bindgen_test]
async fn scoring_settings_keep_the_trail_and_backups_sound() {
    let name = unique("weights");
    let (session, _) = seeded(&name).await;
    let programme_id = session.workspace().programmes()[0].programme.id.clone();
    let settings = Command::SetScoringSettings {
        programme_id,
        settings: Default::default(),
    };
    session.dispatch(&settings, &ctx(9)).await.unwrap();
    session.store().database().close();
    let reopened = Session::open(IdbStore::open(&name).await.unwrap())
        .await
        .unwrap();
    let v = reopened.verify().await.unwrap();
    assert!(v.verified && v.notes.is_empty(), "{v:?}");
    let text = reopened
        .export("t".into(), "a".into(), false)
        .await
        .unwrap();
    let target_name = unique("weights-target");
    let target = Session::open(IdbStore::open(&target_name).await.unwrap())
        .await
        .unwrap();
    assert!(
        target
            .restore(&text, false, &ctx(1))
            .await
            .unwrap()
            .verified
    );
    assert!(target.verify().await.unwrap().verified);
    reopened.store().database().close();
    target.store().database().close();
    IdbStore::delete(&name).await.unwrap();
    IdbStore::delete(&target_name).await.unwrap();
}

impl conformance::Injectable for IdbStore {
    fn fail_after(&self, ops: Option<usize>) {
        IdbStore::fail_after(self, ops);
    }
    fn file(bytes: &[u8]) -> web_sys::Blob {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        web_sys::Blob::new_with_u8_array_sequence(&parts).unwrap()
    }
    async fn bytes(file: web_sys::Blob) -> Vec<u8> {
        isms_audit::storage::idb::blob_bytes(&file).await.unwrap()
    }
}

#[wasm_bindgen_test]
async fn conformance_evidence_files_are_stored_with_their_record() {
    let (full, empty) = (unique("c-files"), unique("c-files-empty"));
    let (open_full, open_empty) = (boxed_opener(&full), boxed_opener(&empty));
    conformance::evidence_files_are_stored_with_their_record(open_full, open_empty).await;
    IdbStore::delete(&full).await.unwrap();
    IdbStore::delete(&empty).await.unwrap();
}

/// A file whose stored bytes changed (one flipped bit) is reported on read, with the
/// `file_damaged` code, not served.
#[wasm_bindgen_test]
async fn a_flipped_byte_in_an_evidence_file_is_detected_on_read() {
    use conformance::Injectable;
    use isms_audit::audit::evidence::check_read;
    use isms_audit::audit::{EvidenceFields, EvidenceKind, FileFields};
    use isms_audit::backup::sha256_hex;
    let name = unique("flip");
    let session = Session::open(IdbStore::open(&name).await.unwrap())
        .await
        .unwrap();
    let clock = common::Clock::new();
    let audit = conformance::seed(&session, &clock).await;
    let evidence = session
        .dispatch(
            &Command::AddEvidence {
                audit_id: audit,
                evidence: EvidenceFields {
                    kind: Some(EvidenceKind::Record),
                    title: "Access review export".into(),
                    date: "2026-03-03".into(),
                    ..EvidenceFields::default()
                },
            },
            &clock.ctx(),
        )
        .await
        .unwrap()
        .unwrap();
    let bytes = b"user,role\nalice,admin\n".to_vec();
    let ctx = clock.ctx();
    let attach = Command::AttachEvidenceFile {
        evidence_id: evidence.clone(),
        file: FileFields {
            name: "accounts.csv".into(),
            media_type: "text/csv".into(),
            size: bytes.len() as u32,
            sha256: sha256_hex(&bytes),
        },
    };
    session
        .dispatch_with_file(&attach, &ctx, IdbStore::file(&bytes))
        .await
        .unwrap();
    let (entry, listed) = {
        let ws = session.workspace();
        let (e, f) = ws.evidence_file(&evidence, &ctx.new_id).unwrap();
        (e.clone(), f.clone())
    };
    let read = session
        .store()
        .read_file(&ctx.new_id)
        .await
        .unwrap()
        .unwrap();
    let read = IdbStore::bytes(read).await;
    check_read(&entry, &listed, Some(&sha256_hex(&read))).unwrap();

    let mut flipped = bytes.clone();
    flipped[5] ^= 1;
    let value = js_sys::Object::new();
    Reflect::set(&value, &"id".into(), &JsValue::from_str(&ctx.new_id)).unwrap();
    Reflect::set(&value, &"blob".into(), &IdbStore::file(&flipped)).unwrap();
    JsFuture::from(put_raw(
        session.store().database(),
        "evidence_files",
        value.into(),
    ))
    .await
    .unwrap();
    let read = session
        .store()
        .read_file(&ctx.new_id)
        .await
        .unwrap()
        .unwrap();
    let read = IdbStore::bytes(read).await;
    assert_eq!(read, flipped);
    let err = check_read(&entry, &listed, Some(&sha256_hex(&read))).unwrap_err();
    assert_eq!(err.code, ErrorCode::FileDamaged);
    session.into_store().database().close();
    IdbStore::delete(&name).await.unwrap();
}

/// Opens handles on one fresh database, as tabs would.
/// [`opener`] as one type, for conformance cases that take two stores' openers.
type BoxedOpener = Box<dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = IdbStore>>>>;

fn boxed_opener(name: &str) -> BoxedOpener {
    Box::new(opener(name))
}

fn opener(
    name: &str,
) -> impl Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = IdbStore>>> + use<> {
    let name = name.to_string();
    move || {
        let name = name.clone();
        Box::pin(async move { IdbStore::open(&name).await.unwrap() })
    }
}

#[wasm_bindgen_test]
async fn conformance_writes_survive_reopening() {
    let name = unique("c-reopen");
    conformance::writes_survive_reopening(opener(&name)).await;
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn conformance_a_stale_writer_gets_a_conflict() {
    let name = unique("c-conflict");
    conformance::a_stale_writer_gets_a_conflict(opener(&name)).await;
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn conformance_a_second_tab_catches_up_by_replaying() {
    let name = unique("c-catch-up");
    conformance::a_second_tab_catches_up_by_replaying(opener(&name)).await;
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn conformance_a_write_failing_part_way_leaves_nothing() {
    let name = unique("c-fail");
    conformance::a_write_failing_part_way_leaves_nothing(opener(&name)).await;
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn conformance_restore_is_all_or_nothing_and_only_into_an_empty_store() {
    let (full, empty) = (unique("c-full"), unique("c-empty"));
    let (open_full, open_empty) = (boxed_opener(&full), boxed_opener(&empty));
    conformance::restore_is_all_or_nothing_and_only_into_an_empty_store(open_full, open_empty)
        .await;
    IdbStore::delete(&full).await.unwrap();
    IdbStore::delete(&empty).await.unwrap();
}

#[wasm_bindgen_test]
async fn conformance_a_damaged_record_is_set_aside_not_lost() {
    let name = unique("c-damaged");
    conformance::a_damaged_record_is_set_aside_not_lost(
        opener(&name),
        async |store: &IdbStore, id: &str| {
            let broken = js_sys::JSON::parse(&format!(r#"{{"id":"{id}","grade":7}}"#)).unwrap();
            JsFuture::from(put_raw(store.database(), "findings", broken))
                .await
                .unwrap();
        },
    )
    .await;
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_version_1_database_migrates_to_the_current_schema_with_its_data() {
    let name = unique("migrate");
    let programme = js_sys::JSON::parse(
        r#"{"id":"p1","name":"Programme from v1","purpose":"","objectives":"","periodStart":"2026-01-01","periodEnd":"2026-12-31","owner":"O"}"#,
    )
    .unwrap();
    let digest = isms_audit::journal::RecordDigest {
        store: "programmes".into(),
        id: "p1".into(),
        sha256: Some(isms_audit::journal::record_hash(
            &serde_wasm_bindgen::from_value(programme.clone()).unwrap(),
        )),
    };
    let entry = isms_audit::journal::JournalEntry::next(
        None,
        "2026-01-01T00:00:00.000Z".into(),
        "v1".into(),
        serde_json::json!({"type": "createProgramme"}),
        Some("p1".into()),
        vec![digest],
    );
    let entry = js_sys::JSON::parse(&serde_json::to_string(&entry).unwrap()).unwrap();
    JsFuture::from(create_v1(&name, programme, entry))
        .await
        .unwrap();

    let store = IdbStore::open(&name).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    let session = Session::open(store).await.unwrap();
    assert_eq!(
        session.workspace().programmes()[0].programme.name,
        "Programme from v1"
    );
    // The stores added since version 1 work, and the journal continues the v1 chain.
    let soa = Command::CreateSoa {
        soa: isms_audit::soa::SoaFields {
            name: "SoA".into(),
            catalog_id: "iso27001-2022".into(),
        },
    };
    session.dispatch(&soa, &ctx(1)).await.unwrap();
    assert_eq!(session.store().journal().await.unwrap().len(), 2);
    assert!(session.verify().await.unwrap().verified);
    session.store().database().close();
    IdbStore::delete(&name).await.unwrap();
}

/// A workspace written by release 0.1 in Chromium, upgraded in place: it opens, its trail
/// verifies (entries 2 and 3 under the number-form rule), it exports and restores.
#[wasm_bindgen_test]
async fn a_release_0_1_database_upgrades_and_verifies() {
    let name = unique("release-0.1");
    let dump = js_sys::JSON::parse(include_str!("fixtures/release-0.1/idb.json")).unwrap();
    JsFuture::from(create_from_dump(&name, dump)).await.unwrap();
    let store = IdbStore::open(&name).await.unwrap();
    assert_eq!(store.schema_version().await.unwrap(), SCHEMA_VERSION);
    let session = Session::open(store).await.unwrap();
    assert!(session.workspace().damaged().is_empty());
    let v = session.verify().await.unwrap();
    assert!(v.verified, "{v:?}");
    assert!(
        v.notes[0].contains("(entries 2, 3) verified under the number-form rule"),
        "{v:?}"
    );
    assert_eq!(v.unvouched, 18);
    session
        .dispatch(&Command::VouchForRecords {}, &ctx(1))
        .await
        .unwrap();
    let text = session.export("t".into(), "a".into(), false).await.unwrap();
    let target_name = unique("release-0.1-target");
    let target = Session::open(IdbStore::open(&target_name).await.unwrap())
        .await
        .unwrap();
    assert!(
        target
            .restore(&text, false, &ctx(2))
            .await
            .unwrap()
            .verified
    );
    let v = target.verify().await.unwrap();
    assert!(v.verified && v.unvouched == 0 && v.entries == 27, "{v:?}");
    session.store().database().close();
    target.store().database().close();
    IdbStore::delete(&name).await.unwrap();
    IdbStore::delete(&target_name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_database_from_a_newer_version_is_refused_untouched() {
    let name = unique("newer");
    JsFuture::from(open_at_version(&name, SCHEMA_VERSION + 1))
        .await
        .unwrap();
    let err = IdbStore::open(&name).await.err().unwrap();
    assert_eq!(err.code, ErrorCode::CorruptData);
    assert!(err.message.contains("newer version"), "{}", err.message);
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_js_api_rejects_with_coded_errors() {
    let name = unique("api");
    let app = AuditApp::open(Some(name.clone())).await.unwrap();
    app.set_actor("API Test".into());
    let bad = js_sys::JSON::parse(
        r#"{"type":"createProgramme","programme":{"name":"","periodStart":"2026-01-01","periodEnd":"2026-12-31","owner":"O"}}"#,
    )
    .unwrap();
    let err = JsFuture::from(app.dispatch(bad)).await.unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(Reflect::get(&err, &"code".into()).unwrap(), "required");
    assert_eq!(Reflect::get(&err, &"field".into()).unwrap(), "name");

    let bad_soa = js_sys::JSON::parse(
        r#"{"type":"importSoa","soaId":"none","csv":"control,applicable\nA.5.1,yes\n"}"#,
    )
    .unwrap();
    let err = JsFuture::from(app.dispatch(bad_soa)).await.unwrap_err();
    assert_eq!(Reflect::get(&err, &"code".into()).unwrap(), "not_found");
    let details = Reflect::get(&err, &"details".into()).unwrap();
    assert!(js_sys::Array::is_array(&details));

    let unknown = js_sys::JSON::parse(r#"{"type":"dropEverything"}"#).unwrap();
    let err = JsFuture::from(app.dispatch(unknown)).await.unwrap_err();
    assert_eq!(
        Reflect::get(&err, &"code".into()).unwrap(),
        "invalid_command"
    );

    let good = js_sys::JSON::parse(
        r#"{"type":"createProgramme","programme":{"name":"P","periodStart":"2026-01-01","periodEnd":"2026-12-31","owner":"O"}}"#,
    )
    .unwrap();
    let result = JsFuture::from(app.dispatch(good)).await.unwrap();
    assert_eq!(Reflect::get(&result, &"seq".into()).unwrap(), 1);
    let list: js_sys::Array = app.programmes().unwrap().unchecked_into();
    assert_eq!(list.length(), 1);
    let missing = app.audit("nope").unwrap_err();
    assert_eq!(Reflect::get(&missing, &"code".into()).unwrap(), "not_found");
    app.close();
    IdbStore::delete(&name).await.unwrap();
}

fn code_of(err: &JsValue) -> JsValue {
    Reflect::get(err, &"code".into()).unwrap()
}

#[wasm_bindgen_test]
async fn browser_facilities_that_fail_reject_with_coded_errors() {
    let name = unique("facilities");
    let app = AuditApp::open(Some(name.clone())).await.unwrap();
    app.set_actor("API Test".into());
    let status = JsFuture::from(app.storage_status()).await.unwrap();
    assert!(Reflect::get(&status, &"quota".into()).unwrap().as_f64() > Some(0.0));

    // No storage manager (not a secure context), then one whose requests fail.
    let undo = replace("navigator", "storage", JsValue::UNDEFINED);
    let missing = JsFuture::from(app.storage_status()).await.unwrap_err();
    let missing_persist = JsFuture::from(app.persist()).await.unwrap_err();
    undo.call0(&JsValue::NULL).unwrap();
    assert!(missing.is_instance_of::<js_sys::Error>());
    assert_eq!(code_of(&missing), "unsupported");
    assert_eq!(code_of(&missing_persist), "unsupported");
    let undo = replace("navigator", "storage", failing_storage());
    let failed = JsFuture::from(app.storage_status()).await.unwrap_err();
    let failed_persist = JsFuture::from(app.persist()).await.unwrap_err();
    undo.call0(&JsValue::NULL).unwrap();
    assert_eq!(code_of(&failed), "storage");
    assert_eq!(code_of(&failed_persist), "storage");
    let message = Reflect::get(&failed, &"message".into()).unwrap();
    assert!(message.as_string().unwrap().contains("disk gone"));

    // No random UUIDs for new records: nothing is saved.
    let command = js_sys::JSON::parse(
        r#"{"type":"createProgramme","programme":{"name":"P","periodStart":"2026-01-01","periodEnd":"2026-12-31","owner":"O"}}"#,
    )
    .unwrap();
    let undo = replace("crypto", "randomUUID", JsValue::UNDEFINED);
    let no_id = JsFuture::from(app.dispatch(command.clone()))
        .await
        .unwrap_err();
    undo.call0(&JsValue::NULL).unwrap();
    assert_eq!(code_of(&no_id), "unsupported");
    let list: js_sys::Array = app.programmes().unwrap().unchecked_into();
    assert_eq!(list.length(), 0);
    JsFuture::from(app.dispatch(command)).await.unwrap();
    app.close();
    IdbStore::delete(&name).await.unwrap();
}

/// What the panic hook does, short of the trap that follows it (which would end this
/// test run): the call in progress rejects with an `internal` error, and the page hears
/// of it through the panic event, with the same error.
#[wasm_bindgen_test]
async fn a_panic_rejects_the_call_in_progress_and_tells_the_page() {
    use isms_audit::web::panic;
    panic::install();
    let seen = panic_events();
    let call = panic::promise(async {
        panic::report("panicked at src/example.rs:1:1:\nboom");
        // A call that traps never finishes.
        std::future::pending::<()>().await;
        Ok(JsValue::UNDEFINED)
    });
    let err = JsFuture::from(call).await.unwrap_err();
    assert!(err.is_instance_of::<js_sys::Error>());
    assert_eq!(code_of(&err), "internal");
    let message = Reflect::get(&err, &"message".into()).unwrap().as_string();
    assert!(message.unwrap().contains("boom"));
    assert_eq!(seen.length(), 1);
    assert!(js_sys::Object::is(&seen.get(0), &err));
    // Outside any call, only the event tells of it.
    panic::report("panicked at src/example.rs:2:1:\nagain");
    assert_eq!(code_of(&seen.get(1)), "internal");
}

/// Every command round-trips (issue 7, item 4): random valid commands of every variant,
/// then reopen, verify, export, restore, and every view compared (tests/roundtrip/mod.rs).
#[wasm_bindgen_test]
async fn every_command_round_trips_through_indexeddb_and_a_backup() {
    roundtrip::run(
        &roundtrip::IdbBackend::default(),
        roundtrip::SEED,
        roundtrip::SEQUENCES,
        roundtrip::ONLY_CHAIN,
    )
    .await;
}

/// Regression: a full-precision weight survives a backup (serde_json `float_roundtrip`).
#[wasm_bindgen_test]
async fn regression_full_precision_weight_survives_a_backup() {
    roundtrip::full_precision_weight_survives_a_backup(&roundtrip::IdbBackend::default()).await;
}

/// Regression: a re-planned checklist keeps its order without reopening.
#[wasm_bindgen_test]
async fn regression_replanned_checklist_keeps_its_order() {
    roundtrip::replanned_checklist_keeps_its_order(&roundtrip::IdbBackend::default()).await;
}

/// Regression: a weight of -0 is stored as 0, as a backup writes it.
#[wasm_bindgen_test]
async fn regression_negative_zero_weight_survives_a_backup() {
    roundtrip::negative_zero_weight_survives_a_backup(&roundtrip::IdbBackend::default()).await;
}

#[wasm_bindgen(inline_js = r#"
// The newest generation directory of a workspace's safety copy (see src/storage/opfs.js).
async function newestGeneration(workspace) {
  const root = await navigator.storage.getDirectory();
  const top = await root.getDirectoryHandle("isms-audit-safety-copy");
  const dir = await top.getDirectoryHandle(`w-${encodeURIComponent(workspace)}`);
  let newest = -1;
  for await (const [name, h] of dir.entries()) if (h.kind === "directory") newest = Math.max(newest, Number(name.slice(1)));
  return dir.getDirectoryHandle(`g${newest}`);
}
async function rewrite(workspace, name, edit) {
  const file = await (await newestGeneration(workspace)).getFileHandle(name);
  const text = await (await file.getFile()).text();
  const w = await file.createWritable();
  await w.write(edit(text));
  await w.close();
}
// A file as a crash leaves it: created, never written.
export function emptyCopyFile(workspace, name) {
  return rewrite(workspace, name, () => "");
}
// The copied programme's name edited in a change file, its journal entry untouched.
export function editCopiedProgramme(workspace, name, newName) {
  return rewrite(workspace, name, (text) => {
    const change = JSON.parse(text);
    change.puts.find((p) => p.store === "programmes").value.name = newName;
    return JSON.stringify(change);
  });
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = emptyCopyFile)]
    fn empty_copy_file(workspace: &str, name: &str) -> Promise;
    #[wasm_bindgen(js_name = editCopiedProgramme)]
    fn edit_copied_programme(workspace: &str, name: &str, new_name: &str) -> Promise;
}

/// A workspace with three programmes saved through the JS API, then closed and its
/// IndexedDB database deleted, as Chromium discards one it finds damaged. Its safety copy
/// stays.
async fn discarded_workspace(label: &str) -> String {
    let name = unique(label);
    let app = AuditApp::open(Some(name.clone())).await.unwrap();
    app.set_actor("Copy Test".into());
    for n in 1..=3 {
        let command = js_sys::JSON::parse(&format!(
            r#"{{"type":"createProgramme","programme":{{"name":"Programme {n} ✓","periodStart":"2026-01-01","periodEnd":"2026-12-31","owner":"O"}}}}"#
        ))
        .unwrap();
        JsFuture::from(app.dispatch(command)).await.unwrap();
    }
    let copy = app.safety_copy().unwrap();
    assert_eq!(Reflect::get(&copy, &"available".into()).unwrap(), true);
    assert_eq!(Reflect::get(&copy, &"head".into()).unwrap(), 3);
    app.close();
    IdbStore::delete(&name).await.unwrap();
    name
}

fn field(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |v, k| {
        Reflect::get(&v, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
    })
}

#[wasm_bindgen_test]
async fn an_emptied_workspace_is_rebuilt_and_verified_from_its_safety_copy() {
    let name = discarded_workspace("copy-rebuilt").await;
    let app = AuditApp::open(Some(name.clone())).await.unwrap();
    let copy = app.safety_copy().unwrap();
    assert_eq!(field(&copy, &["rebuilt", "entries"]), 3);
    assert_eq!(field(&copy, &["rebuilt", "storedBefore"]), 0);
    assert!(field(&copy, &["notUsed"]).is_undefined());
    let list: js_sys::Array = app.programmes().unwrap().unchecked_into();
    assert_eq!(list.length(), 3);
    let verification = JsFuture::from(app.verify(None)).await.unwrap();
    assert_eq!(field(&verification, &["verified"]), true);
    assert_eq!(field(&verification, &["entries"]), 3);
    assert!(app.lost_changes().unwrap().is_undefined());
    // Work goes on and is copied: discarded again, all four changes come back.
    let command = js_sys::JSON::parse(
        r#"{"type":"createProgramme","programme":{"name":"After the rebuild","periodStart":"2026-01-01","periodEnd":"2026-12-31","owner":"O"}}"#,
    )
    .unwrap();
    JsFuture::from(app.dispatch(command)).await.unwrap();
    app.close();
    IdbStore::delete(&name).await.unwrap();
    let app = AuditApp::open(Some(name.clone())).await.unwrap();
    assert_eq!(
        field(&app.safety_copy().unwrap(), &["rebuilt", "entries"]),
        4
    );
    app.close();
    // Deleting the workspace deletes its copy: it opens empty.
    AuditApp::delete_workspace(name.clone()).await.unwrap();
    let app = AuditApp::open(Some(name.clone())).await.unwrap();
    assert!(field(&app.safety_copy().unwrap(), &["rebuilt"]).is_undefined());
    let list: js_sys::Array = app.programmes().unwrap().unchecked_into();
    assert_eq!(list.length(), 0);
    app.close();
    AuditApp::delete_workspace(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_torn_tail_of_the_safety_copy_is_dropped_with_a_note() {
    let name = discarded_workspace("copy-torn").await;
    JsFuture::from(empty_copy_file(&name, "change-0000000003.json"))
        .await
        .unwrap();
    let app = AuditApp::open(Some(name.clone())).await.unwrap();
    let copy = app.safety_copy().unwrap();
    assert_eq!(field(&copy, &["rebuilt", "entries"]), 2);
    let notes: js_sys::Array = field(&copy, &["rebuilt", "notes"]).unchecked_into();
    let note = notes.get(0).as_string().unwrap();
    assert!(note.contains("1 incomplete change (from entry 3"), "{note}");
    let verification = JsFuture::from(app.verify(None)).await.unwrap();
    assert_eq!(field(&verification, &["verified"]), true);
    app.close();
    AuditApp::delete_workspace(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_safety_copy_that_does_not_verify_is_not_used_and_said() {
    let name = discarded_workspace("copy-edited").await;
    JsFuture::from(edit_copied_programme(
        &name,
        "change-0000000002.json",
        "Edited outside",
    ))
    .await
    .unwrap();
    let app = AuditApp::open(Some(name.clone())).await.unwrap();
    let copy = app.safety_copy().unwrap();
    assert!(field(&copy, &["rebuilt"]).is_undefined());
    let why = field(&copy, &["notUsed"]).as_string().unwrap();
    assert!(why.contains("does not verify"), "{why}");
    assert!(why.contains("differs from what entry 2 wrote"), "{why}");
    let list: js_sys::Array = app.programmes().unwrap().unchecked_into();
    assert_eq!(list.length(), 0);
    // The browser remembers three changes, so the page also says they were lost.
    assert!(!app.lost_changes().unwrap().is_undefined());
    app.close();
    AuditApp::delete_workspace(name).await.unwrap();
}

// ---------------------------------------------------------------------------------------
// Encryption at rest: the same store cases with every value sealed (WebCrypto), and the
// sealed format's guarantees with real WebCrypto.

/// A fixed data key for the sealed stores (few rounds: the key hierarchy is tested below).
async fn test_key() -> isms_audit::web::crypto::CipherKey {
    isms_audit::web::crypto::derive_key("conformance", &[7; 16], 1000)
        .await
        .unwrap()
}

/// Opens handles on one fresh database with every value sealed under [`test_key`].
fn sealed_opener(
    name: &str,
) -> impl Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = IdbStore>>> + use<> {
    let name = name.to_string();
    move || {
        let name = name.clone();
        Box::pin(async move {
            let mut store = IdbStore::open(&name).await.unwrap();
            store.unlock(test_key().await);
            store
        })
    }
}

#[wasm_bindgen_test]
async fn sealed_conformance_writes_survive_reopening() {
    let name = unique("s-reopen");
    conformance::writes_survive_reopening(sealed_opener(&name)).await;
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn sealed_conformance_a_stale_writer_gets_a_conflict() {
    let name = unique("s-conflict");
    conformance::a_stale_writer_gets_a_conflict(sealed_opener(&name)).await;
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn sealed_conformance_a_second_tab_catches_up_by_replaying() {
    let name = unique("s-catch-up");
    conformance::a_second_tab_catches_up_by_replaying(sealed_opener(&name)).await;
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn sealed_conformance_a_write_failing_part_way_leaves_nothing() {
    let name = unique("s-fail");
    conformance::a_write_failing_part_way_leaves_nothing(sealed_opener(&name)).await;
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn sealed_conformance_evidence_files_are_stored_with_their_record() {
    let (full, empty) = (unique("s-files-full"), unique("s-files-empty"));
    let opener = |name: String| -> BoxedOpener {
        Box::new(move || {
            let name = name.clone();
            Box::pin(async move {
                let mut store = IdbStore::open(&name).await.unwrap();
                store.unlock(test_key().await);
                store
            })
        })
    };
    conformance::evidence_files_are_stored_with_their_record(
        opener(full.clone()),
        opener(empty.clone()),
    )
    .await;
    IdbStore::delete(&full).await.unwrap();
    IdbStore::delete(&empty).await.unwrap();
}

#[wasm_bindgen(inline_js = r#"
// Swaps the sealed bytes of two records of a store, or flips one bit of one.
export async function tamper(db, store, a, b, bit) {
  const get = (tx, key) => new Promise((ok, fail) => { const r = tx.objectStore(store).get(key); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
  const tx = db.transaction([store], "readwrite");
  const [va, vb] = [await get(tx, a), await get(tx, b)];
  if (bit === undefined) {
    [va.sealed, vb.sealed] = [vb.sealed, va.sealed];
    tx.objectStore(store).put(va);
    tx.objectStore(store).put(vb);
  } else {
    va.sealed[bit >> 3] ^= 1 << (bit & 7);
    tx.objectStore(store).put(va);
  }
  await new Promise((ok, fail) => { tx.oncomplete = ok; tx.onerror = () => fail(tx.error); });
}
"#)]
extern "C" {
    fn tamper(
        db: &web_sys::IdbDatabase,
        store: &str,
        a: &str,
        b: &str,
        bit: Option<u32>,
    ) -> Promise;
}

/// A sealed session with a programme, a started audit and two findings.
async fn sealed_with_two_findings(name: &str) -> (Session<IdbStore>, Vec<String>) {
    let open = sealed_opener(name);
    let (session, audit_id) = seeded_in(open().await).await;
    let second = Command::AddFinding {
        audit_id: audit_id.clone(),
        finding: common::finding_fields(Grade::Observation, "A.5.19"),
    };
    session.dispatch(&second, &ctx(5)).await.unwrap();
    let ids = session
        .workspace()
        .audit(&audit_id)
        .unwrap()
        .findings
        .iter()
        .map(|f| f.id.clone())
        .collect();
    (session, ids)
}

#[wasm_bindgen_test]
async fn swapped_sealed_records_are_both_refused() {
    let name = unique("s-swap");
    let (session, ids) = sealed_with_two_findings(&name).await;
    assert_eq!(ids.len(), 2);
    JsFuture::from(tamper(
        session.store().database(),
        "findings",
        &ids[0],
        &ids[1],
        None,
    ))
    .await
    .unwrap();
    let reopened = Session::open(sealed_opener(&name)().await).await.unwrap();
    let damaged: Vec<String> = reopened
        .workspace()
        .damaged()
        .iter()
        .map(|d| d.id.clone())
        .collect();
    assert_eq!(damaged.len(), 2, "{damaged:?}");
    assert!(ids.iter().all(|id| damaged.contains(id)));
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn random_bit_flips_in_stored_ciphertext_are_all_refused() {
    let name = unique("s-flips");
    let (session, ids) = sealed_with_two_findings(&name).await;
    let db = session.store().database().clone();
    // 200 flips, each in a fresh copy of the record (flipped, checked, flipped back).
    let mut refused = 0;
    for n in 0..200u32 {
        let bit = (js_sys::Math::random() * 8.0 * 100.0) as u32 + n % 8;
        JsFuture::from(tamper(&db, "findings", &ids[0], &ids[0], Some(bit)))
            .await
            .unwrap();
        let store = sealed_opener(&name)().await;
        let snapshot = store.load().await.unwrap();
        if snapshot.damaged.iter().any(|d| d.id == ids[0]) && snapshot.findings.len() == 1 {
            refused += 1;
        }
        store.database().close();
        JsFuture::from(tamper(&db, "findings", &ids[0], &ids[0], Some(bit)))
            .await
            .unwrap();
    }
    assert_eq!(refused, 200);
    // Flipped back, the record opens again.
    let store = sealed_opener(&name)().await;
    assert!(store.load().await.unwrap().damaged.is_empty());
    IdbStore::delete(&name).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_keyring_opens_with_the_passphrase_or_recovery_key_only() {
    use isms_audit::web::crypto::{new_keyring, recovery_key, rewrap, unlock};
    let (keyring, key, recovery) = new_keyring("correct horse battery").await.unwrap();
    assert_eq!(keyring.iterations, 600_000);
    let wrong = unlock(&keyring, "correct horse battery!")
        .await
        .err()
        .unwrap();
    assert_eq!(wrong.code, ErrorCode::WrongPassphrase);
    assert_eq!(wrong.message, isms_audit::crypto::wrong_secret().message);
    unlock(&keyring, "correct horse battery").await.unwrap();
    unlock(&keyring, &recovery.to_lowercase()).await.unwrap();
    assert_eq!(recovery_key(&keyring, &key).await.unwrap(), recovery);
    let changed = rewrap(&keyring, &recovery, "a new long passphrase")
        .await
        .unwrap();
    assert_eq!(
        changed.recovery, keyring.recovery,
        "the recovery wrapping is kept"
    );
    assert!(unlock(&changed, "correct horse battery").await.is_err());
    unlock(&changed, "a new long passphrase").await.unwrap();
    let short = new_keyring("short").await.err().unwrap();
    assert_eq!(short.field.as_deref(), Some("passphrase"));
}
