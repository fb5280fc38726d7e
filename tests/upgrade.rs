//! Workspaces and backups written by release 0.1 (tests/fixtures/release-0.1, made
//! through that release's page in Chromium) open, verify, export and restore after the
//! trail fix: its entries with whole-number floats verify under the number-form rule,
//! with a note, and anything else changed in them is still caught.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use futures::executor::block_on;
use isms_audit::journal::{JournalEntry, StoredRecord};
use isms_audit::record::Dump;
use isms_audit::record::RecordKind;
use isms_audit::storage::{MemoryStore, Session, Store};
use serde_json::{Value, json};

const BACKUP: &str = include_str!("fixtures/release-0.1/backup.json");
const IDB: &str = include_str!("fixtures/release-0.1/idb.json");

/// The 0.1 IndexedDB contents, as a store would hold them after the schema upgrade.
fn idb_dump() -> Dump {
    let idb: Value = serde_json::from_str(IDB).unwrap();
    let stores = idb["stores"].as_object().unwrap();
    let mut dump = Dump::default();
    for (name, store) in stores {
        let values = store["values"].as_array().unwrap().clone();
        match name.as_str() {
            "journal" => {
                dump.journal = values
                    .into_iter()
                    .map(|v| serde_json::from_value::<JournalEntry>(v).unwrap())
                    .collect()
            }
            "meta" => {}
            _ => {
                assert!(RecordKind::from_store(name).is_some(), "{name}");
                dump.records
                    .extend(values.into_iter().map(|value| StoredRecord {
                        store: name.clone(),
                        id: value["id"].as_str().unwrap().to_string(),
                        value,
                    }))
            }
        }
    }
    dump
}

fn opened(dump: &Dump) -> Session<MemoryStore> {
    let store = MemoryStore::new();
    block_on(store.restore(dump)).unwrap();
    block_on(Session::open(store)).unwrap()
}

#[test]
fn a_release_0_1_workspace_opens_verifies_exports_and_restores() {
    let session = opened(&idb_dump());
    assert!(session.workspace().damaged().is_empty());
    let v = block_on(session.verify()).unwrap();
    assert!(v.verified, "{v:?}");
    assert_eq!(v.entries, 26);
    assert!(
        v.notes[0].starts_with("2 entries written before release 0.2 (entries 2, 3) verified under the number-form rule"),
        "{:?}",
        v.notes
    );
    assert!(
        v.notes[1].starts_with("18 records were last written before release 0.2"),
        "{:?}",
        v.notes
    );
    assert_eq!(v.unvouched, 18);

    // It goes on: a new change chains on, and the whole exports and restores.
    let clock = Clock::new();
    let audit = session.workspace().programmes()[0].programme.id.clone();
    block_on(session.dispatch(
        &isms_audit::Command::SetScoringSettings {
            programme_id: audit,
            settings: Default::default(),
        },
        &clock.ctx(),
    ))
    .unwrap();
    let text = block_on(session.export("t".into(), "a".into(), false)).unwrap();
    let (target, clock) = fresh();
    let restored = block_on(target.restore(&text, false, &clock.ctx())).unwrap();
    assert!(restored.verified, "{restored:?}");
    assert_eq!(block_on(target.verify()).unwrap().entries, 27);
}

#[test]
fn vouching_seals_records_written_before_record_hashes() {
    let session = opened(&idb_dump());
    let clock = Clock::new();
    block_on(session.dispatch(&isms_audit::Command::VouchForRecords {}, &clock.ctx())).unwrap();
    let v = block_on(session.verify()).unwrap();
    assert!(v.verified && v.unvouched == 0, "{v:?}");
    // From now on an edit of one of those records is caught and named.
    let store = session.into_store();
    let mut finding = block_on(store.dump())
        .unwrap()
        .records
        .into_iter()
        .find(|r| r.store == "findings")
        .unwrap();
    finding.value["statement"] = json!("edited");
    store.overwrite(RecordKind::Finding, &finding.id, finding.value);
    let v = block_on(block_on(Session::open(store)).unwrap().verify()).unwrap();
    assert_eq!(v.record_problems.len(), 1, "{v:?}");
    assert!(v.record_problems[0].contains("entry 27"), "{v:?}");
}

#[test]
fn a_release_0_1_backup_restores_with_its_notes() {
    let (target, clock) = fresh();
    let v = block_on(target.restore(BACKUP, false, &clock.ctx())).unwrap();
    assert!(v.verified, "{v:?}");
    assert!(
        v.notes[0].contains("(entries 2, 3) verified under the number-form rule"),
        "{v:?}"
    );
    let ws = target.workspace();
    assert_eq!(
        ws.programmes()[0].programme.name,
        "ISMS internal audit programme 2026"
    );
    let audits = ws.audits(&ws.programmes()[0].programme.id).unwrap();
    assert_eq!(ws.audit(&audits[0].audit.id).unwrap().findings.len(), 3);
}

#[test]
fn the_number_form_rule_excuses_nothing_else() {
    let mut file: Value = serde_json::from_str(BACKUP).unwrap();
    // Entry 2 really changed: the major weight 10 became 1.
    file["journal"][1]["command"]["settings"]["weights"]["majorNonconformity"] = json!(1);
    let (target, clock) = fresh();
    let err = block_on(target.restore(&file.to_string(), false, &clock.ctx())).unwrap_err();
    assert_eq!(err.code, isms_audit::ErrorCode::Unverified);
    assert!(err.message.contains("broken at entry 2"), "{err}");
    assert!(target.workspace().programmes().is_empty());
}

/// A workspace from before schema 6 (no evidence, sampling or files) takes evidence with
/// a file and sampling plans in its existing audits, and its backup (now version 3)
/// carries them.
#[test]
fn an_older_workspace_takes_evidence_files_and_sampling() {
    use isms_audit::audit::sampling::{ControlFrequency, SamplingMethod};
    use isms_audit::audit::{EvidenceFields, EvidenceKind, FileFields, SamplingFields};
    let session = opened(&idb_dump());
    let clock = Clock::new();
    let (audit, criterion) = {
        let ws = session.workspace();
        let programme = ws.programmes()[0].programme.id.clone();
        let audit = ws.audits(&programme).unwrap()[0].audit.clone();
        let item = ws.audit(&audit.id).unwrap().checklist[0]
            .criterion_id
            .clone();
        (audit.id, item)
    };
    let run =
        |command: isms_audit::Command| block_on(session.dispatch(&command, &clock.ctx())).unwrap();
    run(isms_audit::Command::SetSamplingPlan {
        audit_id: audit.clone(),
        criterion_id: criterion.clone(),
        plan: SamplingFields {
            population: "Change tickets".into(),
            population_size: 80,
            method: Some(SamplingMethod::Judgement),
            frequency: Some(ControlFrequency::Weekly),
            seed: "5".into(),
            ..SamplingFields::default()
        },
    });
    let evidence = run(isms_audit::Command::AddEvidence {
        audit_id: audit.clone(),
        evidence: EvidenceFields {
            kind: Some(EvidenceKind::Document),
            title: "Change procedure v2".into(),
            date: "2026-03-03".into(),
            criterion_ids: vec![criterion],
            ..EvidenceFields::default()
        },
    })
    .unwrap();
    let bytes = b"procedure".to_vec();
    let attach = isms_audit::Command::AttachEvidenceFile {
        evidence_id: evidence,
        file: FileFields {
            name: "procedure.txt".into(),
            media_type: "text/plain".into(),
            size: bytes.len() as u32,
            sha256: isms_audit::backup::sha256_hex(&bytes),
        },
    };
    block_on(session.dispatch_with_file(&attach, &clock.ctx(), bytes.clone())).unwrap();
    let text = block_on(session.export("t".into(), "a".into(), true)).unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(file["version"], 3);
    assert_eq!(file["records"]["sampling"][0]["sampleSize"], 5);
    let (target, clock) = fresh();
    block_on(target.restore(&text, true, &clock.ctx())).unwrap();
    assert_eq!(
        target.workspace().audit(&audit).unwrap().evidence[0]
            .files
            .len(),
        1
    );
    let id = target.workspace().audit(&audit).unwrap().evidence[0].files[0]
        .id
        .clone();
    assert_eq!(
        block_on(target.store().read_file(&id)).unwrap().unwrap(),
        bytes
    );
}

/// A workspace from before schema 7 (no auditors store) takes auditor profiles, links
/// one to an existing audit's team, and its backup carries them into a restore.
#[test]
fn an_older_workspace_takes_auditor_profiles() {
    use isms_audit::audit::conduct::{TeamMember, TeamRole};
    use isms_audit::competence::{Profile, Role};
    let session = opened(&idb_dump());
    let clock = Clock::new();
    let audit = {
        let ws = session.workspace();
        let programme = ws.programmes()[0].programme.id.clone();
        ws.audits(&programme).unwrap()[0].audit.clone()
    };
    let run =
        |command: isms_audit::Command| block_on(session.dispatch(&command, &clock.ctx())).unwrap();
    let kim = run(isms_audit::Command::CreateAuditor {
        profile: Profile {
            name: "Kim Auditor".into(),
            roles: vec![Role::Auditor],
            knowledge: vec!["isms".into()],
            ..Profile::default()
        },
    })
    .unwrap();
    if audit.status != isms_audit::audit::AuditStatus::Completed {
        let mut team = audit.conduct.team.clone();
        team.push(TeamMember {
            name: "Kim Auditor".into(),
            role: TeamRole::Auditor,
            criteria: vec![],
            auditor_id: Some(kim.clone()),
            justification: "Worked in the unit long ago".into(),
        });
        run(isms_audit::Command::SetTeam {
            audit_id: audit.id.clone(),
            team,
        });
    }
    let text = block_on(session.export("t".into(), "a".into(), true)).unwrap();
    let file: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(file["schemaVersion"], 7);
    assert_eq!(
        file["records"]["auditors"][0]["profile"]["name"],
        "Kim Auditor"
    );
    let (target, clock) = fresh();
    block_on(target.restore(&text, true, &clock.ctx())).unwrap();
    assert_eq!(target.workspace().auditors()[0].auditor.id, kim);
    assert!(block_on(target.verify()).unwrap().verified);
}
