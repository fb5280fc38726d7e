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

/// Regression: a full-precision weight survives a backup (serde_json `float_roundtrip`).
#[test]
fn regression_full_precision_weight_survives_a_backup() {
    futures::executor::block_on(roundtrip::full_precision_weight_survives_a_backup(
        &roundtrip::MemoryBackend::default(),
    ));
}

/// Regression: a re-planned checklist keeps its order without reopening.
#[test]
fn regression_replanned_checklist_keeps_its_order() {
    futures::executor::block_on(roundtrip::replanned_checklist_keeps_its_order(
        &roundtrip::MemoryBackend::default(),
    ));
}

/// Regression: a weight of -0 is stored as 0, as a backup writes it.
#[test]
fn negative_zero_weight_survives_a_backup_in_memory() {
    futures::executor::block_on(roundtrip::negative_zero_weight_survives_a_backup(
        &roundtrip::MemoryBackend::default(),
    ));
}
