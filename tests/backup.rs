//! Workspace backups: export then restore gives the same workspace; a bad or tampered
//! file, or a workspace that is not empty, is refused and nothing is written.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use futures::executor::block_on;
use isms_audit::Command;
use isms_audit::audit::Grade;
use isms_audit::error::ErrorCode;
use isms_audit::soa::SoaFields;
use isms_audit::storage::{MemoryStore, Session, Store};
use serde_json::{Value, json};

fn exported() -> (Session<MemoryStore>, String) {
    let (session, clock, _, audit) = started_audit(&["9.2", "A.8.13"]);
    run(
        &session,
        &clock,
        Command::AddFinding {
            audit_id: audit,
            finding: finding_fields(Grade::MajorNonconformity, "A.8.13"),
        },
    )
    .unwrap();
    run(
        &session,
        &clock,
        Command::CreateSoa {
            soa: SoaFields {
                name: "SoA".into(),
                catalog_id: "iso27001-2022".into(),
            },
        },
    )
    .unwrap();
    let text =
        block_on(session.export("2026-03-06T08:00:00Z".into(), "Alex Auditor".into())).unwrap();
    (session, text)
}

#[test]
fn export_then_restore_gives_the_same_workspace() {
    let (original, text) = exported();
    let (restored, clock) = fresh();
    block_on(restored.restore(&text)).unwrap();
    assert_eq!(state(&restored), state(&original));
    // The restored workspace goes on where the original stopped (with fresh ids: the
    // test clock would hand out the original's again).
    (0..10).for_each(|_| drop(clock.ctx()));
    run(
        &restored,
        &clock,
        Command::CreateProgramme {
            programme: programme_fields(),
        },
    )
    .unwrap();
    let journal = block_on(restored.store().journal()).unwrap();
    assert_eq!(journal.len(), 6);
    isms_audit::journal::verify(&journal).unwrap();
    // And it survives reopening its store.
    let before = state(&restored);
    let reopened = block_on(Session::open(restored.into_store())).unwrap();
    assert_eq!(state(&reopened), before);
}

#[test]
fn a_workspace_with_data_is_not_overwritten() {
    let (original, text) = exported();
    let before = state(&original);
    let err = block_on(original.restore(&text)).unwrap_err();
    assert_eq!(err.code, ErrorCode::NotEmpty);
    assert!(err.message.contains("empty workspace"));
    assert_eq!(state(&original), before);
}

#[test]
fn bad_backups_are_refused_and_write_nothing() {
    let (_, text) = exported();
    let good: Value = serde_json::from_str(&text).unwrap();
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        v.to_string()
    };
    let cases: Vec<(String, ErrorCode, &str)> = vec![
        ("".into(), ErrorCode::InvalidImport, "it is not JSON"),
        (
            "{\"format\": ".into(),
            ErrorCode::InvalidImport,
            "it is not JSON (line 1",
        ),
        (
            "[]".into(),
            ErrorCode::InvalidImport,
            "not an isms-audit workspace backup",
        ),
        (
            edit(&|v| v["format"] = json!("something-else")),
            ErrorCode::InvalidImport,
            "not an isms-audit workspace backup",
        ),
        (
            edit(&|v| v["schemaVersion"] = json!(99)),
            ErrorCode::InvalidImport,
            "newer version of isms-audit",
        ),
        (
            edit(&|v| v["version"] = json!(2)),
            ErrorCode::InvalidImport,
            "newer version of isms-audit",
        ),
        (
            edit(&|v| v["records"]["findings"][0]["grade"] = json!("fatal")),
            ErrorCode::InvalidImport,
            "unknown variant `fatal`",
        ),
        (
            edit(&|v| v["records"]["extra"] = json!([])),
            ErrorCode::InvalidImport,
            "unknown field `extra`",
        ),
        (
            edit(&|v| v["journal"][1]["actor"] = json!("Mallory")),
            ErrorCode::CorruptData,
            "broken at entry 2",
        ),
        (
            edit(&|v| {
                v["journal"].as_array_mut().unwrap().remove(2);
            }),
            ErrorCode::CorruptData,
            "broken at entry 4",
        ),
        (
            edit(&|v| v["records"]["findings"][0]["auditId"] = json!("gone")),
            ErrorCode::CorruptData,
            "\"gone\", which is not in the database",
        ),
    ];
    for (text, code, expected) in cases {
        let (target, _) = fresh();
        let err = block_on(target.restore(&text)).unwrap_err();
        assert_eq!(err.code, code, "{expected}: {err}");
        assert!(
            err.message.contains(expected),
            "expected {expected:?} in {}",
            err.message
        );
        assert!(
            block_on(target.store().journal()).unwrap().is_empty(),
            "nothing written"
        );
        assert!(target.workspace().programmes().is_empty());
    }
}

#[test]
fn a_failed_write_during_restore_leaves_the_workspace_empty() {
    let (_, text) = exported();
    let (target, _) = fresh();
    target.store().fail_writes_with(Some(isms_audit::Error::new(
        ErrorCode::QuotaExceeded,
        "full",
    )));
    let err = block_on(target.restore(&text)).unwrap_err();
    assert_eq!(err.code, ErrorCode::QuotaExceeded);
    assert!(target.workspace().programmes().is_empty());
    assert!(target.workspace().head().is_none());
}
