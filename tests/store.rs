//! The store conformance suite against `MemoryStore` (the same cases run against
//! IndexedDB in tests/browser.rs).
#![cfg(not(target_arch = "wasm32"))]

mod common;
mod conformance;

use conformance::*;
use futures::executor::block_on;
use isms_audit::record::RecordKind;
use isms_audit::storage::MemoryStore;
use serde_json::json;

impl Injectable for &MemoryStore {
    fn fail_after(&self, ops: Option<usize>) {
        MemoryStore::fail_after(self, ops);
    }
    fn file(bytes: &[u8]) -> Vec<u8> {
        bytes.to_vec()
    }
    async fn bytes(file: Vec<u8>) -> Vec<u8> {
        file
    }
}

#[test]
fn writes_survive_reopening() {
    let store = MemoryStore::new();
    block_on(conformance::writes_survive_reopening(|| async { &store }));
}

#[test]
fn a_stale_writer_gets_a_conflict() {
    let store = MemoryStore::new();
    block_on(conformance::a_stale_writer_gets_a_conflict(|| async {
        &store
    }));
}

#[test]
fn a_second_tab_catches_up_by_replaying() {
    let store = MemoryStore::new();
    block_on(conformance::a_second_tab_catches_up_by_replaying(
        || async { &store },
    ));
}

#[test]
fn a_write_failing_part_way_leaves_nothing() {
    let store = MemoryStore::new();
    block_on(conformance::a_write_failing_part_way_leaves_nothing(
        || async { &store },
    ));
}

#[test]
fn restore_is_all_or_nothing_and_only_into_an_empty_store() {
    let (full, empty) = (MemoryStore::new(), MemoryStore::new());
    let pick = |which: u8| {
        let (full, empty) = (&full, &empty);
        move || async move { if which == 0 { full } else { empty } }
    };
    block_on(conformance::restore_is_all_or_nothing_and_only_into_an_empty_store(pick(0), pick(1)));
}

#[test]
fn a_damaged_record_is_set_aside_not_lost() {
    let store = MemoryStore::new();
    block_on(conformance::a_damaged_record_is_set_aside_not_lost(
        || async { &store },
        async |store: &&MemoryStore, id: &str| {
            store.overwrite(RecordKind::Finding, id, json!({"id": id, "grade": 7}));
        },
    ));
}

#[test]
fn evidence_files_are_stored_with_their_record() {
    let (full, empty) = (MemoryStore::new(), MemoryStore::new());
    let pick = |which: u8| {
        let (full, empty) = (&full, &empty);
        move || async move { if which == 0 { full } else { empty } }
    };
    block_on(conformance::evidence_files_are_stored_with_their_record(
        pick(0),
        pick(1),
    ));
}
