//! The safety copy (src/storage/mirror.rs) over the in-memory store and files: a store
//! that lost its data is rebuilt and verified from the copy, a torn tail is dropped with
//! a note, a copy that does not verify is not used (and kept), and a copy that fell
//! behind is renewed from the store. The same cases run against IndexedDB and OPFS in
//! tests/browser.rs.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use futures::executor::block_on;
use isms_audit::audit::Grade;
use isms_audit::backup;
use isms_audit::storage::mirror::{MemoryFiles, Mirrored};
use isms_audit::storage::{CopyCheck, MemoryStore, Session, Store};
use isms_audit::{Command, Context};

type Copied<'a> = Session<Mirrored<MemoryStore, &'a MemoryFiles>>;

/// A session on a new store whose copy lives in `files`, after the open-time check.
fn open(files: &MemoryFiles, store: MemoryStore) -> (Copied<'_>, CopyCheck) {
    let session = block_on(Session::open(Mirrored::new(store, Some(files)))).unwrap();
    let head = session.workspace().head().cloned();
    let check = block_on(session.store().check(head.as_ref())).unwrap();
    (session, check)
}

fn dispatch(session: &Copied<'_>, clock: &Clock, command: Command) -> Option<String> {
    block_on(session.dispatch(&command, &clock.ctx())).unwrap()
}

/// Five changes: a programme, an audit, its feasibility, its start and a finding.
fn some_work(session: &Copied<'_>, clock: &Clock) {
    let programme = dispatch(
        session,
        clock,
        Command::CreateProgramme {
            programme: programme_fields(),
        },
    )
    .unwrap();
    let audit = dispatch(
        session,
        clock,
        Command::CreateAudit {
            programme_id: programme,
            audit: audit_fields(&["A.5.1", "A.8.13"]),
        },
    )
    .unwrap();
    dispatch(session, clock, feasible(&audit));
    dispatch(
        session,
        clock,
        Command::SetAuditStatus {
            audit_id: audit.clone(),
            status: isms_audit::audit::AuditStatus::InProgress,
            acknowledgements: vec![],
            reason: String::new(),
        },
    );
    dispatch(
        session,
        clock,
        Command::AddFinding {
            audit_id: audit.clone(),
            finding: finding_fields(Grade::Observation, "A.8.13"),
        },
    );
}

fn canonical(value: &impl serde::Serialize) -> String {
    isms_audit::journal::canonical::to_string(&serde_json::to_value(value).unwrap())
}

fn ctx() -> Context {
    Clock::new().ctx()
}

/// Rebuilds `session` (on an emptied store) from `check`, as the page does.
fn rebuild(session: &Copied<'_>, check: CopyCheck) -> isms_audit::storage::mirror::Rebuilt {
    let CopyCheck::Rebuild(rebuilt) = check else {
        panic!("expected a rebuild, got {check:?}");
    };
    let text = backup::write(
        &rebuilt.dump,
        &rebuilt.verification,
        "2026-03-03T00:00:00Z".into(),
        "test".into(),
    );
    block_on(session.restore(&text, false, &ctx())).unwrap();
    *rebuilt
}

#[test]
fn a_store_that_lost_everything_is_rebuilt_and_verified_from_the_copy() {
    let files = MemoryFiles::default();
    let (session, check) = open(&files, MemoryStore::new());
    assert!(matches!(check, CopyCheck::InStep));
    let clock = Clock::new();
    some_work(&session, &clock);
    let before = block_on(session.store().dump()).unwrap();
    assert_eq!(session.store().status().head, 5);

    // The browser discarded the database: a new, empty store with the same copy.
    let (session, check) = open(&files, MemoryStore::new());
    let rebuilt = rebuild(&session, check);
    assert!(rebuilt.notes.is_empty(), "{:?}", rebuilt.notes);
    let after = block_on(session.store().dump()).unwrap();
    // The same, number forms aside (the copy is canonical JSON: 0.0 reads back as 0).
    assert_eq!(canonical(&after.journal), canonical(&before.journal));
    let records = |d: &isms_audit::record::Dump| {
        let list: Vec<_> = d
            .records
            .iter()
            .map(|r| (&r.store, &r.id, &r.value))
            .collect();
        canonical(&list)
    };
    assert_eq!(records(&after), records(&before));
    assert!(block_on(session.verify()).unwrap().verified);
    // The restore started a new generation holding the whole workspace as its base.
    assert_eq!(files.list(), vec!["2/base-0000000005.json".to_string()]);

    // Work goes on, and is copied again.
    dispatch(
        &session,
        &clock,
        Command::CreateProgramme {
            programme: programme_fields(),
        },
    );
    let (again, check) = open(&files, MemoryStore::new());
    rebuild(&again, check);
    assert_eq!(block_on(again.store().journal()).unwrap().len(), 6);
}

#[test]
fn a_torn_tail_is_dropped_with_a_note() {
    let files = MemoryFiles::default();
    let (session, _) = open(&files, MemoryStore::new());
    some_work(&session, &Clock::new());
    // A crash during the last copy write left its file empty.
    files.tamper("change-0000000005.json", Some(""));
    let (session, check) = open(&files, MemoryStore::new());
    let rebuilt = rebuild(&session, check);
    assert_eq!(rebuilt.dump.journal.len(), 4);
    assert!(
        rebuilt.notes[0].contains("1 incomplete change (from entry 5"),
        "{:?}",
        rebuilt.notes
    );
    assert!(block_on(session.verify()).unwrap().verified);
}

#[test]
fn a_copy_that_does_not_verify_is_not_used_and_kept() {
    let files = MemoryFiles::default();
    let (session, _) = open(&files, MemoryStore::new());
    some_work(&session, &Clock::new());
    // A record edited in the copy, its entry untouched.
    let name = "change-0000000005.json";
    let list = files.list();
    let path = list.iter().find(|n| n.ends_with(name)).unwrap();
    let generation: u32 = path.split('/').next().unwrap().parse().unwrap();
    let text = block_on(isms_audit::storage::CopyFiles::read(
        &&files, generation, name,
    ))
    .unwrap();
    let mut file: serde_json::Value = serde_json::from_str(&text).unwrap();
    let finding = file["puts"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|p| p["store"] == "findings")
        .unwrap();
    finding["value"]["statement"] = "All fine".into();
    files.tamper(name, Some(&file.to_string()));
    let (session, check) = open(&files, MemoryStore::new());
    let CopyCheck::NotUsed(why) = check else {
        panic!("expected the copy not to be used, got {check:?}");
    };
    assert!(why.contains("does not verify"), "{why}");
    assert!(why.contains("differs from what entry 5 wrote"), "{why}");
    assert!(block_on(session.store().journal()).unwrap().is_empty());
    // The unusable copy stays (generation 1), beside a new one for the empty store.
    let list = files.list();
    assert!(list.iter().any(|n| n == &format!("1/{name}")), "{list:?}");
    assert!(
        list.iter().any(|n| n == "2/base-0000000000.json"),
        "{list:?}"
    );
}

#[test]
fn a_copy_that_fell_behind_is_renewed_from_the_store() {
    let files = MemoryFiles::default();
    let store = MemoryStore::new();
    let clock = Clock::new();
    {
        let (session, _) = open(&files, MemoryStore::new());
        some_work(&session, &clock);
        let dump = block_on(session.store().dump()).unwrap();
        block_on(store.restore(&dump)).unwrap();
    }
    // A full disk refuses the copy of the next change; the change itself is saved.
    let (session, check) = open(&files, store);
    assert!(matches!(check, CopyCheck::InStep));
    files.fail.set(true);
    dispatch(
        &session,
        &clock,
        Command::CreateProgramme {
            programme: programme_fields(),
        },
    );
    let problem = session.store().status().problem.unwrap();
    assert!(problem.contains("no more storage"), "{problem}");
    // Space is back: the next change renews the copy from the store.
    files.fail.set(false);
    dispatch(
        &session,
        &clock,
        Command::CreateProgramme {
            programme: programme_fields(),
        },
    );
    assert_eq!(session.store().status().problem, None);
    assert_eq!(session.store().status().head, 7);
    let (rebuilt, check) = open(&files, MemoryStore::new());
    rebuild(&rebuilt, check);
    assert_eq!(block_on(rebuilt.store().journal()).unwrap().len(), 7);

    // A store ahead of its copy (written by a release without one) renews it on open.
    let files = MemoryFiles::default();
    let store = MemoryStore::new();
    block_on(store.restore(&block_on(rebuilt.store().dump()).unwrap())).unwrap();
    let (session, check) = open(&files, store);
    assert!(matches!(check, CopyCheck::InStep));
    assert_eq!(session.store().status().head, 7);
    assert_eq!(files.list(), vec!["1/base-0000000007.json".to_string()]);
}

#[test]
fn a_store_holding_the_start_of_the_copy_is_offered_the_rest() {
    let files = MemoryFiles::default();
    let (session, _) = open(&files, MemoryStore::new());
    let clock = Clock::new();
    some_work(&session, &clock);
    let mut dump = block_on(session.store().dump()).unwrap();
    // The store kept the first two entries only (and the records as they were then).
    dump.journal.truncate(2);
    let written: Vec<(String, String)> = dump
        .journal
        .iter()
        .flat_map(|e| e.records.iter().map(|r| (r.store.clone(), r.id.clone())))
        .collect();
    dump.records
        .retain(|r| written.contains(&(r.store.clone(), r.id.clone())));
    let shorter = MemoryStore::new();
    block_on(shorter.restore(&dump)).unwrap();
    let (_, check) = open(&files, shorter);
    let CopyCheck::Rebuild(rebuilt) = check else {
        panic!("expected a rebuild, got {check:?}");
    };
    assert_eq!(rebuilt.dump.journal.len(), 5);
    assert!(rebuilt.verification.verified);
}

#[test]
fn a_change_the_store_refused_never_enters_the_copy() {
    let files = MemoryFiles::default();
    let store = MemoryStore::new();
    store.fail_after(Some(0));
    let (session, _) = open(&files, store);
    let refused = block_on(session.dispatch(
        &Command::CreateProgramme {
            programme: programme_fields(),
        },
        &Clock::new().ctx(),
    ));
    assert!(refused.is_err());
    // Staged while the store wrote, never named as a change.
    let list = files.list();
    assert!(!list.iter().any(|n| n.contains("change-")), "{list:?}");
    let (_, check) = open(&files, MemoryStore::new());
    assert!(matches!(check, CopyCheck::InStep), "{check:?}");
}

#[test]
fn a_copy_as_long_as_the_store_but_with_another_head_is_renewed() {
    let files = MemoryFiles::default();
    let (session, _) = open(&files, MemoryStore::new());
    some_work(&session, &Clock::new());
    let dump = block_on(session.store().dump()).unwrap();
    // The newest copy file is not what the store committed last (here: empty).
    files.tamper("change-0000000005.json", Some(""));
    let store = MemoryStore::new();
    block_on(store.restore(&dump)).unwrap();
    let (_, check) = open(&files, store);
    assert!(matches!(check, CopyCheck::InStep), "{check:?}");
    assert_eq!(files.list(), vec!["2/base-0000000005.json".to_string()]);
}
