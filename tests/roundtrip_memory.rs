//! The round-trip property (tests/roundtrip/mod.rs) against `MemoryStore`, natively: the
//! same generators and checks as the browser run against IndexedDB (tests/browser.rs),
//! so a generator or engine problem shows up in `cargo test` too. `MemoryStore` keeps
//! records as JSON values, so this cannot see what only the JS boundary and IndexedDB do
//! to values; the browser run does.
#![cfg(not(target_arch = "wasm32"))]

mod roundtrip;

/// Fewer sequences than the browser run unless `ROUNDTRIP_SEQUENCES` is set: the
/// browser run is the one that counts, this one keeps `cargo test` quick.
const SEQUENCES: usize = match option_env!("ROUNDTRIP_SEQUENCES") {
    Some(_) => roundtrip::SEQUENCES,
    None => 100,
};

#[test]
fn every_command_round_trips_in_memory() {
    let stats = futures::executor::block_on(roundtrip::run(
        &roundtrip::MemoryBackend::default(),
        roundtrip::SEED,
        SEQUENCES,
        roundtrip::ONLY_CHAIN,
    ));
    assert!(stats.sequences >= SEQUENCES.min(roundtrip::SEQUENCES_PER_CHAIN));
}

/// Known engine bug 1 (see `roundtrip::full_precision_weight_survives_a_backup`); fails
/// until serde_json reads floats exactly (its `float_roundtrip` feature).
#[test]
#[ignore = "known engine bug: a full-precision weight does not survive a backup"]
fn known_bug_full_precision_weight_survives_a_backup() {
    futures::executor::block_on(roundtrip::full_precision_weight_survives_a_backup(
        &roundtrip::MemoryBackend::default(),
    ));
}

/// Known engine bug 2 (see `roundtrip::replanned_checklist_keeps_its_order`).
#[test]
#[ignore = "known engine bug: a re-planned checklist is out of order until reopened"]
fn known_bug_replanned_checklist_keeps_its_order() {
    futures::executor::block_on(roundtrip::replanned_checklist_keeps_its_order(
        &roundtrip::MemoryBackend::default(),
    ));
}

/// Known engine bug 3 (see `roundtrip::negative_zero_weight_survives_a_backup`) shows
/// in the browser only: `MemoryStore` keeps -0 through a backup, so this passes.
#[test]
fn negative_zero_weight_survives_a_backup_in_memory() {
    futures::executor::block_on(roundtrip::negative_zero_weight_survives_a_backup(
        &roundtrip::MemoryBackend::default(),
    ));
}
