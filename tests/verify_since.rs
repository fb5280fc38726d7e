//! Incremental verification of the trail (issue 15 item 3): a check continues the last
//! one with only the entries written since; the full check compares every record again.

mod common;

use common::*;
use futures::executor::block_on;
use isms_audit::Command;
use isms_audit::audit::Grade;
use isms_audit::journal;
use isms_audit::record::RecordKind;
use isms_audit::storage::Store;

fn add_finding(
    session: &isms_audit::storage::Session<isms_audit::storage::MemoryStore>,
    clock: &Clock,
    audit: &str,
) -> String {
    run(
        session,
        clock,
        Command::AddFinding {
            audit_id: audit.into(),
            finding: finding_fields(Grade::Observation, "A.8.13"),
        },
    )
    .unwrap()
    .unwrap()
}

#[test]
fn a_check_continues_from_the_last_verified_entry() {
    let (session, clock, _, audit) = started_audit(&["A.8.13"]);
    let full = block_on(session.verify()).unwrap();
    assert!(full.verified && full.checked_from.is_none(), "{full:?}");
    for _ in 0..3 {
        add_finding(&session, &clock, &audit);
    }
    let since = block_on(session.verify_since()).unwrap();
    assert!(since.verified, "{since:?}");
    assert_eq!(
        (since.checked_from, since.entries),
        (Some(full.entries + 1), full.entries + 3)
    );
    // It ends where the full check of the same trail ends.
    let again = block_on(session.verify()).unwrap();
    assert_eq!(
        (again.entries, &again.head_hash),
        (since.entries, &since.head_hash)
    );
}

#[test]
fn without_an_earlier_check_the_first_is_full() {
    let (session, _, _, _) = started_audit(&["A.8.13"]);
    let first = block_on(session.verify_since()).unwrap();
    assert!(first.verified && first.checked_from.is_none(), "{first:?}");
}

#[test]
fn a_record_changed_before_the_last_check_is_found_by_the_full_check() {
    let (session, clock, _, audit) = started_audit(&["A.8.13"]);
    let finding = add_finding(&session, &clock, &audit);
    block_on(session.verify()).unwrap();
    let stored = session
        .workspace()
        .audit(&audit)
        .unwrap()
        .findings
        .into_iter()
        .find(|f| f.id == finding);
    let mut edited = serde_json::to_value(stored.unwrap()).unwrap();
    edited["statement"] = "Edited outside the app".into();
    session
        .store()
        .overwrite(RecordKind::Finding, &finding, edited);
    add_finding(&session, &clock, &audit);
    // The quick check vouches for the chain only, as it says in its notes...
    let since = block_on(session.verify_since()).unwrap();
    assert!(
        since.verified && since.notes.iter().any(|n| n.contains("full check")),
        "{since:?}"
    );
    // ...and the full check compares every record.
    let full = block_on(session.verify()).unwrap();
    assert!(
        !full.verified && full.record_problems.iter().any(|p| p.contains(&finding)),
        "{full:?}"
    );
}

#[test]
fn a_new_entry_that_does_not_match_its_hash_breaks_the_continued_check() {
    let (session, clock, _, audit) = started_audit(&["A.8.13"]);
    let earlier = block_on(session.verify()).unwrap();
    add_finding(&session, &clock, &audit);
    add_finding(&session, &clock, &audit);
    let mut newer = block_on(session.store().journal_after(earlier.entries)).unwrap();
    newer[1].actor = "Someone else".into();
    let v = journal::verify_since(&earlier, &newer);
    assert!(!v.verified, "{v:?}");
    assert!(
        v.chain_break
            .as_deref()
            .unwrap()
            .contains(&format!("entry {}", earlier.entries + 2)),
        "{v:?}"
    );
    // A gap (an entry missing) breaks it too.
    let v = journal::verify_since(&earlier, &newer[1..]);
    assert!(!v.verified && v.chain_break.is_some(), "{v:?}");
}

/// A clock that says every step took `ms`, and the progress reports it was given.
fn stepped(
    session: &isms_audit::storage::Session<isms_audit::storage::MemoryStore>,
    ms: f64,
) -> (journal::Verification, Vec<isms_audit::storage::Progress>) {
    let ticks = std::cell::Cell::new(0.0);
    let now = || {
        ticks.set(ticks.get() + ms);
        ticks.get()
    };
    let mut seen = Vec::new();
    let mut progress = |p| seen.push(p);
    let v = block_on(session.verify_in_steps(isms_audit::storage::Steps {
        now: &now,
        progress: &mut progress,
    }))
    .unwrap();
    (v, seen)
}

#[test]
fn the_check_in_steps_finds_what_the_whole_check_finds() {
    let (session, clock, _, audit) = started_audit(&["A.8.13"]);
    let mut findings = Vec::new();
    for _ in 0..40 {
        findings.push(add_finding(&session, &clock, &audit));
    }
    let whole = block_on(session.verify()).unwrap();
    // Slow steps (small parts) and quick ones (large parts) give the same answer.
    for ms in [500.0, 0.01] {
        let (v, progress) = stepped(&session, ms);
        assert_eq!(v, whole, "steps of {ms} ms");
        let last = progress.last().unwrap();
        assert_eq!(
            (last.entries, last.of_entries),
            (whole.entries, whole.entries)
        );
        assert!(last.records > 40, "{last:?}");
        if ms > 1.0 {
            assert!(progress.len() > 5, "{} steps", progress.len());
        }
    }
    // A record edited and one removed outside the app are found, as by the whole check.
    let mut edited = serde_json::to_value(
        session
            .workspace()
            .audit(&audit)
            .unwrap()
            .findings
            .into_iter()
            .find(|f| f.id == findings[3])
            .unwrap(),
    )
    .unwrap();
    edited["statement"] = "Edited outside the app".into();
    session
        .store()
        .overwrite(RecordKind::Finding, &findings[3], edited);
    let whole = block_on(session.verify()).unwrap();
    let (v, _) = stepped(&session, 500.0);
    assert!(!v.verified, "{v:?}");
    assert_eq!(v, whole);
    // The next continued check continues from the check in steps.
    add_finding(&session, &clock, &audit);
    let since = block_on(session.verify_since()).unwrap();
    assert_eq!(since.checked_from, Some(whole.entries + 1));
    assert!(!since.verified);
}
