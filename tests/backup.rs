//! Workspace backups: export then restore gives the same workspace; a bad file, or a
//! workspace that is not empty, is refused and nothing is written; a tampered file is
//! refused, naming what differs, unless the user accepts it, which the trail records.
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
    let text = export(&session);
    (session, text)
}

fn export(session: &Session<MemoryStore>) -> String {
    block_on(session.export("2026-03-06T08:00:00Z".into(), "Alex Auditor".into(), false)).unwrap()
}

fn restore(session: &Session<MemoryStore>, text: &str) -> Result<(), isms_audit::Error> {
    let clock = Clock::new();
    block_on(session.restore(text, false, &clock.ctx())).map(|_| ())
}

#[test]
fn export_then_restore_gives_the_same_workspace() {
    let (original, text) = exported();
    let (restored, clock) = fresh();
    restore(&restored, &text).unwrap();
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
    assert_eq!(journal.len(), 7);
    assert!(block_on(restored.verify()).unwrap().verified);
    // And it survives reopening its store.
    let before = state(&restored);
    let reopened = block_on(Session::open(restored.into_store())).unwrap();
    // The page hands a reopened session its messages again (they are never stored).
    reopened.set_report_messages(report_messages("en"));
    assert_eq!(state(&reopened), before);
}

#[test]
fn a_workspace_with_data_is_not_overwritten() {
    let (original, text) = exported();
    let before = state(&original);
    let err = restore(&original, &text).unwrap_err();
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
            edit(&|v| v["version"] = json!(4)),
            ErrorCode::InvalidImport,
            "newer version of isms-audit",
        ),
        (
            edit(&|v| v["records"]["extra"] = json!([])),
            ErrorCode::InvalidImport,
            "unknown store \"extra\"",
        ),
        (
            edit(&|v| v["records"]["findings"][0]["id"] = json!(7)),
            ErrorCode::InvalidImport,
            "has no \"id\"",
        ),
        (
            edit(&|v| {
                let copy = v["records"]["findings"][0].clone();
                v["records"]["findings"].as_array_mut().unwrap().push(copy);
            }),
            ErrorCode::InvalidImport,
            "repeats the id",
        ),
        (
            edit(&|v| v["journal"][1]["seq"] = json!("two")),
            ErrorCode::InvalidImport,
            "item 2 of \"journal\"",
        ),
        (
            edit(&|v| v["records"]["findings"][0]["grade"] = json!("fatal")),
            ErrorCode::Unverified,
            "differs from what entry 5 wrote",
        ),
        (
            edit(&|v| v["records"]["findings"][0]["statement"] = json!("Softened")),
            ErrorCode::Unverified,
            "differs from what entry 5 wrote",
        ),
        (
            edit(&|v| v["records"]["findings"][0]["auditId"] = json!("gone")),
            ErrorCode::Unverified,
            "differs from what entry 5 wrote",
        ),
        (
            edit(&|v| {
                v["records"]["findings"].as_array_mut().unwrap().clear();
            }),
            ErrorCode::Unverified,
            "is missing",
        ),
        (
            edit(&|v| v["journal"][1]["actor"] = json!("Mallory")),
            ErrorCode::Unverified,
            "broken at entry 2",
        ),
        (
            edit(&|v| {
                v["journal"].as_array_mut().unwrap().remove(2);
            }),
            ErrorCode::Unverified,
            "broken at entry 4",
        ),
    ];
    for (text, code, expected) in cases {
        let (target, _) = fresh();
        let err = restore(&target, &text).unwrap_err();
        assert_eq!(err.code, code, "{expected}: {err}");
        assert!(
            err.message.contains(expected) || err.details.iter().any(|d| d.contains(expected)),
            "expected {expected:?} in {err:?}"
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
    target.store().fail_after(Some(3));
    let err = restore(&target, &text).unwrap_err();
    assert_eq!(err.code, ErrorCode::Storage);
    assert!(target.workspace().programmes().is_empty());
    assert!(target.workspace().head().is_none());
    target.store().fail_after(None);
    assert!(block_on(target.store().dump()).unwrap().records.is_empty());
    restore(&target, &text).unwrap();
}

#[test]
fn a_tampered_backup_restores_only_with_a_recorded_acceptance() {
    let (original, text) = exported();
    let mut file: Value = serde_json::from_str(&text).unwrap();
    file["records"]["findings"][0]["statement"] = json!("Softened by someone");
    let tampered = file.to_string();
    let (target, clock) = fresh();
    let accepted = block_on(target.restore(&tampered, true, &clock.ctx())).unwrap();
    assert!(!accepted.verified);
    let journal = block_on(target.store().journal()).unwrap();
    let last = journal.last().unwrap();
    assert_eq!(last.seq, 7);
    assert_eq!(last.command["type"], "acceptUnverifiedBackup");
    assert!(
        last.command["problems"][0]
            .as_str()
            .unwrap()
            .contains("differs from what entry 5 wrote")
    );
    assert_eq!(last.actor, "Alex Auditor");
    // The data came in as it was in the file, and the trail still names the record.
    assert_ne!(state(&target), state(&original));
    let v = block_on(target.verify()).unwrap();
    assert!(v.chain_break.is_none());
    assert_eq!(v.record_problems.len(), 1, "{v:?}");
    // Exporting it again is refused unless the user asks for an unverified copy, which
    // says so in the file.
    let err = block_on(target.export("t".into(), "a".into(), false)).unwrap_err();
    assert_eq!(err.code, ErrorCode::Unverified);
    let again = block_on(target.export("t".into(), "a".into(), true)).unwrap();
    let again: Value = serde_json::from_str(&again).unwrap();
    assert_eq!(again["verification"]["verified"], json!(false));
}

#[test]
fn a_record_edited_in_the_store_is_named() {
    let (session, _) = exported();
    let store = session.into_store();
    let dump = block_on(store.dump()).unwrap();
    let finding = dump
        .records
        .iter()
        .find(|r| r.store == "findings")
        .unwrap()
        .clone();
    let mut value = finding.value.clone();
    value["evidence"] = json!("nothing to see");
    store.overwrite(isms_audit::record::RecordKind::Finding, &finding.id, value);
    let reopened = block_on(Session::open(store)).unwrap();
    let v = block_on(reopened.verify()).unwrap();
    assert!(!v.verified);
    assert_eq!(
        v.record_problems,
        [format!(
            "the findings record \"{}\" differs from what entry 5 wrote: it was changed outside the app.",
            finding.id
        )]
    );
    let err = block_on(reopened.export("t".into(), "a".into(), false)).unwrap_err();
    assert_eq!(err.code, ErrorCode::Unverified);
}

#[test]
fn vouching_after_an_accepted_backup_with_a_missing_record_makes_the_trail_whole_again() {
    let (_, text) = exported();
    let mut file: Value = serde_json::from_str(&text).unwrap();
    file["records"]["findings"].as_array_mut().unwrap().clear();
    let (target, clock) = fresh();
    block_on(target.restore(&file.to_string(), true, &clock.ctx())).unwrap();
    assert!(block_on(target.verify()).unwrap().record_problems[0].contains("is missing"));
    run(&target, &clock, Command::VouchForRecords {}).unwrap();
    // The vouch records the workspace as it stands: the missing finding was gone by then.
    let v = block_on(target.verify()).unwrap();
    assert!(v.verified, "{v:?}");
}
