//! The store conformance suite: the same cases run against `MemoryStore` (native,
//! tests/store.rs) and `IdbStore` (real IndexedDB, tests/browser.rs), so a native test
//! means what it says about the browser. Each case gets a way to open handles on one
//! fresh, empty workspace (two handles act as two tabs).
#![allow(dead_code)] // each test binary uses a different part

use super::common::*;
use isms_audit::audit::{AuditStatus, Grade, ItemResult};
use isms_audit::error::ErrorCode;
use isms_audit::journal::canonical;
use isms_audit::record::RecordKind;
use isms_audit::scoring::ScoringSettings;
use isms_audit::storage::{CatchUp, Session, Store};
use isms_audit::{Command, Context};
use std::future::Future;

/// A store the suite can make fail part-way through a write.
#[allow(async_fn_in_trait)]
pub trait Injectable: Store {
    fn fail_after(&self, ops: Option<usize>);
    /// An evidence file of `bytes`, as the store takes it.
    fn file(bytes: &[u8]) -> Self::File;
    /// The bytes of a file the store gave back.
    async fn bytes(file: Self::File) -> Vec<u8>;
}

/// Everything a user can see plus the store's contents, for before/after comparisons.
pub async fn contents<S: Store>(session: &Session<S>) -> String {
    let dump = session.store().dump().await.unwrap();
    let mut records: Vec<String> = dump
        .records
        .iter()
        .map(|r| format!("{}/{}={}", r.store, r.id, canonical::to_string(&r.value)))
        .collect();
    records.sort();
    let ws = session.workspace();
    let mut views = format!("{:?}{:?}", ws.programmes(), ws.soas());
    for p in ws.programmes() {
        for a in ws.audits(&p.programme.id).unwrap() {
            views += &format!("{:?}", ws.audit(&a.audit.id).unwrap());
        }
    }
    let mut files: Vec<String> = dump
        .files
        .iter()
        .map(|f| format!("{}={}", f.id, isms_audit::backup::sha256_hex(&f.bytes)))
        .collect();
    files.sort();
    format!(
        "{records:?}\n{:?}\n{:?}\n{files:?}\n{views}",
        dump.set_aside, dump.journal
    )
}

async fn dispatch<S: Store>(s: &Session<S>, c: &Clock, command: Command) -> Option<String> {
    s.dispatch(&command, &c.ctx()).await.unwrap()
}

/// A programme with whole-number float weights (the 0.1 trail defect's trigger) and a
/// started audit with a finding; returns the audit id.
pub async fn seed<S: Store>(s: &Session<S>, c: &Clock) -> String {
    let p = dispatch(
        s,
        c,
        Command::CreateProgramme {
            programme: programme_fields(),
        },
    )
    .await
    .unwrap();
    let mut settings = ScoringSettings::default();
    settings.weights.observation = 2.5;
    dispatch(
        s,
        c,
        Command::SetScoringSettings {
            programme_id: p.clone(),
            settings,
        },
    )
    .await;
    let a = dispatch(
        s,
        c,
        Command::CreateAudit {
            programme_id: p,
            audit: audit_fields(&["9.2", "A.8.13"]),
        },
    )
    .await
    .unwrap();
    dispatch(s, c, feasible(&a)).await;
    let start = Command::SetAuditStatus {
        audit_id: a.clone(),
        status: AuditStatus::InProgress,
        acknowledgements: vec![],
        reason: String::new(),
    };
    dispatch(s, c, start).await;
    let finding = finding_fields(Grade::MinorNonconformity, "A.8.13");
    dispatch(
        s,
        c,
        Command::AddFinding {
            audit_id: a.clone(),
            finding,
        },
    )
    .await;
    a
}

/// What is written comes back the same after reopening, and the trail vouches for it.
pub async fn writes_survive_reopening<S, F, Fut>(open: F)
where
    S: Store,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
{
    let clock = Clock::new();
    let session = Session::open(open().await).await.unwrap();
    seed(&session, &clock).await;
    let before = contents(&session).await;
    let reopened = Session::open(open().await).await.unwrap();
    assert_eq!(contents(&reopened).await, before);
    let v = reopened.verify().await.unwrap();
    assert!(v.verified, "{v:?}");
    assert_eq!(v.entries, 6);
}

/// A tab working from an outdated view is refused with `conflict`, writes nothing, and
/// succeeds after reloading.
pub async fn a_stale_writer_gets_a_conflict<S, F, Fut>(open: F)
where
    S: Store,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
{
    let clock = Clock::new();
    let first = Session::open(open().await).await.unwrap();
    let audit = seed(&first, &clock).await;
    let second = Session::open(open().await).await.unwrap();
    dispatch(
        &first,
        &clock,
        Command::CreateProgramme {
            programme: programme_fields(),
        },
    )
    .await;
    let before = contents(&first).await;
    let add = Command::AddFinding {
        audit_id: audit.clone(),
        finding: finding_fields(Grade::Observation, "9.2.1"),
    };
    let err = second.dispatch(&add, &clock.ctx()).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::Conflict, "{err}");
    let fresh = Session::open(open().await).await.unwrap();
    assert_eq!(
        contents(&fresh).await,
        before,
        "nothing of the refused change"
    );
    // As the page does after a conflict: it takes in what the other tab wrote.
    assert_eq!(
        second
            .catch_up(|v| serde_json::from_value(v.clone()).ok())
            .await
            .unwrap(),
        CatchUp::Replayed(1)
    );
    second.dispatch(&add, &clock.ctx()).await.unwrap();
    assert_eq!(second.workspace().audit(&audit).unwrap().findings.len(), 2);
}

/// A second tab takes in what the first wrote by replaying only the new journal entries
/// (read back from the store, numbers and all), and then shows exactly what a fresh open
/// shows.
pub async fn a_second_tab_catches_up_by_replaying<S, F, Fut>(open: F)
where
    S: Store,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
{
    let clock = Clock::new();
    let first = Session::open(open().await).await.unwrap();
    let audit = seed(&first, &clock).await;
    let second = Session::open(open().await).await.unwrap();
    assert_eq!(
        second
            .catch_up(|v| serde_json::from_value(v.clone()).ok())
            .await
            .unwrap(),
        CatchUp::Replayed(0)
    );
    seed(&first, &clock).await;
    let result = Command::RecordResult {
        audit_id: audit,
        criterion_id: "A.8.13".into(),
        result: ItemResult::Nonconforming,
        notes: "Backups untested for 14 months".into(),
    };
    dispatch(&first, &clock, result).await;
    let behind = (first.workspace().trail_length() - second.workspace().trail_length()) as usize;
    assert!(behind > 5, "{behind} entries behind");
    assert_eq!(
        second
            .catch_up(|v| serde_json::from_value(v.clone()).ok())
            .await
            .unwrap(),
        CatchUp::Replayed(behind)
    );
    let fresh = Session::open(open().await).await.unwrap();
    assert_eq!(contents(&second).await, contents(&fresh).await);
    assert_eq!(contents(&second).await, contents(&first).await);
}

/// A write that fails after some of its operations leaves nothing behind, and the next
/// write works and chains on.
pub async fn a_write_failing_part_way_leaves_nothing<S, F, Fut>(open: F)
where
    S: Injectable,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
{
    let clock = Clock::new();
    let session = Session::open(open().await).await.unwrap();
    let audit = seed(&session, &clock).await;
    let before = contents(&session).await;
    let add = Command::AddFinding {
        audit_id: audit.clone(),
        finding: finding_fields(Grade::Observation, "9.2.1"),
    };
    // AddFinding writes the audit, the finding and the journal entry: fail after each.
    for ops in 0..3 {
        session.store().fail_after(Some(ops));
        let err = session.dispatch(&add, &clock.ctx()).await.unwrap_err();
        assert_eq!(err.code, ErrorCode::Storage, "{err}");
        assert_eq!(
            contents(&session).await,
            before,
            "failure after {ops} operations"
        );
    }
    session.store().fail_after(None);
    session.dispatch(&add, &clock.ctx()).await.unwrap();
    let reopened = Session::open(open().await).await.unwrap();
    let detail = reopened.workspace().audit(&audit).unwrap();
    assert_eq!(
        detail.findings[1].reference, "F-002",
        "no number was used up"
    );
    assert!(reopened.verify().await.unwrap().verified);
}

/// A restore goes only into an empty store, and is all or nothing.
pub async fn restore_is_all_or_nothing_and_only_into_an_empty_store<S, F, Fut>(
    open_full: F,
    open_empty: F,
) where
    S: Injectable,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
{
    let clock = Clock::new();
    let full = Session::open(open_full().await).await.unwrap();
    seed(&full, &clock).await;
    let backup = full
        .export("2026-03-06T08:00:00Z".into(), "A".into(), false)
        .await
        .unwrap();
    let dump = full.store().dump().await.unwrap();
    let before = contents(&full).await;
    let err = full.store().restore(&dump).await.unwrap_err();
    assert_eq!(err.code, ErrorCode::NotEmpty, "{err}");
    assert_eq!(contents(&full).await, before);

    let empty = Session::open(open_empty().await).await.unwrap();
    let nothing = contents(&empty).await;
    for ops in [0, 1, 4, dump.records.len() + 2] {
        empty.store().fail_after(Some(ops));
        let err = empty
            .restore(&backup, false, &clock.ctx())
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Storage, "{err}");
        assert_eq!(
            contents(&empty).await,
            nothing,
            "failure after {ops} operations"
        );
    }
    empty.store().fail_after(None);
    empty.restore(&backup, false, &clock.ctx()).await.unwrap();
    let reopened = Session::open(open_empty().await).await.unwrap();
    assert_eq!(contents(&reopened).await, before);
}

/// A record that cannot be read is listed, the rest opens, and setting it aside moves
/// it (kept, journalled) so that a backup still carries it.
pub async fn a_damaged_record_is_set_aside_not_lost<S, F, Fut>(
    open: F,
    damage: impl AsyncFnOnce(&S, &str),
) where
    S: Store,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
{
    let clock = Clock::new();
    let session = Session::open(open().await).await.unwrap();
    let audit = seed(&session, &clock).await;
    let finding = session.workspace().audit(&audit).unwrap().findings[0]
        .id
        .clone();
    damage(session.store(), &finding).await;
    let reopened = Session::open(open().await).await.unwrap();
    let damaged = reopened.workspace().damaged().to_vec();
    assert_eq!(damaged.len(), 1, "{damaged:?}");
    assert_eq!(
        (damaged[0].store.as_str(), damaged[0].id.as_str()),
        ("findings", finding.as_str())
    );
    assert!(
        reopened
            .workspace()
            .audit(&audit)
            .unwrap()
            .findings
            .is_empty()
    );
    let v = reopened.verify().await.unwrap();
    assert!(v.record_problems[0].contains(&finding), "{v:?}");

    let set_aside = Command::SetAsideRecord {
        store: RecordKind::Finding.store().into(),
        id: finding.clone(),
    };
    reopened
        .dispatch(&set_aside, &ctx_of(&clock))
        .await
        .unwrap();
    let again = Session::open(open().await).await.unwrap();
    assert!(again.workspace().damaged().is_empty());
    let dump = again.store().dump().await.unwrap();
    assert_eq!(dump.set_aside.len(), 1);
    assert_eq!(dump.set_aside[0].value, damaged[0].value);
    // Set aside, the damaged record no longer stands against the trail.
    assert!(again.verify().await.unwrap().verified);
}

fn ctx_of(clock: &Clock) -> Context {
    clock.ctx()
}

/// An evidence file is stored with its record in one write (all or nothing), comes back
/// byte for byte after reopening, and travels in a backup.
pub async fn evidence_files_are_stored_with_their_record<S, F, Fut>(open_full: F, open_empty: F)
where
    S: Injectable,
    F: Fn() -> Fut,
    Fut: Future<Output = S>,
{
    use isms_audit::audit::{EvidenceFields, EvidenceKind, FileFields};
    let clock = Clock::new();
    let session = Session::open(open_full().await).await.unwrap();
    let audit = seed(&session, &clock).await;
    let evidence = dispatch(
        &session,
        &clock,
        Command::AddEvidence {
            audit_id: audit.clone(),
            evidence: EvidenceFields {
                kind: Some(EvidenceKind::Document),
                title: "Backup policy v3".into(),
                date: "2026-03-03".into(),
                ..EvidenceFields::default()
            },
        },
    )
    .await
    .unwrap();
    let bytes: Vec<u8> = (0..5000u32).map(|i| (i * 7 % 251) as u8).collect();
    let attach = Command::AttachEvidenceFile {
        evidence_id: evidence.clone(),
        file: FileFields {
            name: "policy.pdf".into(),
            media_type: "application/pdf".into(),
            size: bytes.len() as u32,
            sha256: isms_audit::backup::sha256_hex(&bytes),
        },
    };
    // The record, the file and the journal entry: fail after each.
    let before = contents(&session).await;
    for ops in 0..3 {
        session.store().fail_after(Some(ops));
        let err = session
            .dispatch_with_file(&attach, &clock.ctx(), S::file(&bytes))
            .await
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::Storage, "{err}");
        assert_eq!(contents(&session).await, before, "failure after {ops}");
    }
    session.store().fail_after(None);
    let ctx = clock.ctx();
    session
        .dispatch_with_file(&attach, &ctx, S::file(&bytes))
        .await
        .unwrap();
    let reopened = Session::open(open_full().await).await.unwrap();
    let stored = reopened
        .store()
        .read_file(&ctx.new_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(S::bytes(stored).await, bytes);
    assert!(reopened.verify().await.unwrap().verified);

    let backup = reopened
        .export("2026-03-06T08:00:00Z".into(), "A".into(), false)
        .await
        .unwrap();
    let empty = Session::open(open_empty().await).await.unwrap();
    empty.restore(&backup, false, &clock.ctx()).await.unwrap();
    let restored = Session::open(open_empty().await).await.unwrap();
    let stored = restored
        .store()
        .read_file(&ctx.new_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(S::bytes(stored).await, bytes);
    assert_eq!(contents(&restored).await, contents(&reopened).await);
}
