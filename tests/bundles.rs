//! Sealed bundles, work packages and merge (issue 13, items 3 and 4): bundle round trips,
//! every kind of corruption refused with the item named and nothing written, and the
//! merge's properties over random team work (idempotent; independent packages commute;
//! a conflict is never settled silently).

mod common;

use common::*;
use isms_audit::audit::conduct::{TeamMember, TeamRole};
use isms_audit::audit::{EvidenceFields, EvidenceKind, FileFields, Grade, ItemResult};
use isms_audit::backup::merge::{MergeChoice, Side};
use isms_audit::backup::package::AuditSet;
use isms_audit::backup::sha256_hex;
use isms_audit::storage::bundles::Imported;
use isms_audit::storage::{MemoryStore, Session, Store};
use isms_audit::{Command, ErrorCode};
use serde_json::Value;

const CRITERIA: [&str; 6] = ["A.5.1", "A.5.2", "A.5.3", "A.8.13", "A.8.15", "A.8.16"];
const AT: &str = "2026-03-02T10:00:00Z";

fn block<T>(f: impl std::future::Future<Output = T>) -> T {
    futures::executor::block_on(f)
}

fn member(name: &str, criteria: &[&str]) -> TeamMember {
    TeamMember {
        name: name.into(),
        role: TeamRole::Auditor,
        criteria: criteria.iter().map(|c| c.to_string()).collect(),
        auditor_id: None,
        justification: String::new(),
    }
}

/// A lead with a started audit whose team is Bea (the first three criteria) and Cai
/// (the last three).
fn lead() -> (Session<MemoryStore>, Clock, String) {
    let (session, clock, _, audit) = planned_audit(&CRITERIA);
    run(
        &session,
        &clock,
        Command::SetTeam {
            audit_id: audit.clone(),
            team: vec![
                TeamMember {
                    name: "Alex Auditor".into(),
                    role: TeamRole::LeadAuditor,
                    criteria: vec![],
                    auditor_id: None,
                    justification: String::new(),
                },
                member("Bea Berg", &CRITERIA[..3]),
                member("Cai Chen", &CRITERIA[3..]),
            ],
        },
    )
    .unwrap();
    start(&session, &clock, &audit);
    (session, clock, audit)
}

fn result(audit: &str, criterion: &str, result: ItemResult, notes: &str) -> Command {
    Command::RecordResult {
        audit_id: audit.into(),
        criterion_id: criterion.into(),
        result,
        notes: notes.into(),
    }
}

fn import(
    session: &Session<MemoryStore>,
    clock: &Clock,
    text: &str,
) -> isms_audit::error::Result<Imported> {
    block(session.import_bundle(text, &clock.ctx(), Ok))
}

fn set(session: &Session<MemoryStore>, audit: &str) -> AuditSet {
    session.workspace().audit_set(audit).unwrap()
}

/// A member's workspace with their work package imported.
fn member_session(package: &str, first_id: u32) -> (Session<MemoryStore>, Clock) {
    let (session, clock) = fresh();
    for _ in 1..first_id {
        clock.ctx();
    }
    let imported = import(&session, &clock, package).unwrap();
    assert!(matches!(imported, Imported::Audit { .. }), "{imported:?}");
    (session, clock)
}

fn work_package(lead: &Session<MemoryStore>, audit: &str, member: &str, id: &str) -> String {
    lead.export_work_package(audit, member, id.into(), AT, "Alex Auditor")
        .unwrap()
}

fn result_package(session: &Session<MemoryStore>, audit: &str) -> String {
    block(session.export_result_package(audit, AT, "member")).unwrap()
}

fn merge(
    lead: &Session<MemoryStore>,
    clock: &Clock,
    text: &str,
    choices: Vec<MergeChoice>,
) -> isms_audit::error::Result<()> {
    block(lead.merge_bundle(text, choices, &clock.ctx(), Ok))
}

// ---------------------------------------------------------------- bundles

#[test]
fn a_workspace_bundle_restores_every_record_entry_and_file() {
    let (session, clock, audit) = lead();
    let evidence = run(
        &session,
        &clock,
        Command::AddEvidence {
            audit_id: audit.clone(),
            evidence: EvidenceFields {
                kind: Some(EvidenceKind::Document),
                title: "Backup runbook".into(),
                date: "2026-03-02".into(),
                criterion_ids: vec!["A.8.13".into()],
                ..Default::default()
            },
        },
    )
    .unwrap()
    .unwrap();
    let bytes = b"runbook rev 4".to_vec();
    let ctx = clock.ctx();
    let command = Command::AttachEvidenceFile {
        evidence_id: evidence,
        file: FileFields {
            name: "runbook.txt".into(),
            media_type: "text/plain".into(),
            size: bytes.len() as u32,
            sha256: sha256_hex(&bytes),
        },
    };
    block(session.dispatch_with_file(&command, &ctx, bytes)).unwrap();
    let text = block(session.export_bundle(None, AT, "Alex Auditor")).unwrap();
    let (copy, copy_clock) = fresh();
    let imported = import(&copy, &copy_clock, &text).unwrap();
    assert!(matches!(imported, Imported::Workspace { ref verification } if verification.verified));
    let (a, b) = (
        block(session.store().dump()).unwrap(),
        block(copy.store().dump()).unwrap(),
    );
    assert_eq!(a.journal, b.journal);
    assert_eq!(a.files, b.files);
    assert_eq!(a.records.len(), b.records.len());
    assert_eq!(state(&session), state(&copy));
}

#[test]
fn an_audit_bundle_adds_the_audit_to_another_workspace_once() {
    let (session, clock, audit) = lead();
    run(
        &session,
        &clock,
        result(&audit, "A.5.1", ItemResult::Conforming, "Policy seen"),
    )
    .unwrap();
    let text = block(session.export_bundle(Some(&audit), AT, "Alex Auditor")).unwrap();
    let (other, other_clock) = fresh();
    import(&other, &other_clock, &text).unwrap();
    assert_eq!(set(&other, &audit), set(&session, &audit));
    let before = state(&other);
    let err = import(&other, &other_clock, &text).unwrap_err();
    assert_eq!(err.code, ErrorCode::Duplicate, "{err}");
    assert_eq!(state(&other), before);
}

/// Each corruption of a bundle, applied to its JSON.
fn corruptions(text: &str) -> Vec<(&'static str, String, String)> {
    let file: Value = serde_json::from_str(text).unwrap();
    let items = file["items"].as_object().unwrap();
    let record = items
        .keys()
        .find(|k| k.starts_with("records/checklist/"))
        .unwrap()
        .clone();
    let file_item = items.keys().find(|k| k.starts_with("files/")).cloned();
    let mut out = Vec::new();
    // A flipped byte inside an item (a character of the checklist item's notes).
    let mut flipped = file.clone();
    let notes = flipped["items"][&record]["notes"]
        .as_str()
        .unwrap()
        .to_string();
    let mut bytes = notes.into_bytes();
    bytes[0] ^= 0x01;
    flipped["items"][&record]["notes"] = Value::String(String::from_utf8(bytes).unwrap());
    out.push(("flipped byte", flipped.to_string(), record.clone()));
    // A flipped byte of a file.
    if let Some(name) = file_item {
        let mut flipped = file.clone();
        let b64 = flipped["items"][&name].as_str().unwrap();
        let mut raw = isms_audit::backup::base64_decode(b64).unwrap();
        raw[0] ^= 0x80;
        flipped["items"][&name] = Value::String(isms_audit::backup::base64_encode(&raw));
        out.push(("flipped file byte", flipped.to_string(), name));
    }
    // A missing item.
    let mut missing = file.clone();
    missing["items"].as_object_mut().unwrap().remove(&record);
    out.push(("missing item", missing.to_string(), record.clone()));
    // A changed manifest: the item's hash replaced.
    let mut changed = file.clone();
    for entry in changed["manifest"].as_array_mut().unwrap() {
        if entry["item"] == record.as_str() {
            entry["sha256"] = Value::String("0".repeat(64));
        }
    }
    out.push(("changed manifest", changed.to_string(), record.clone()));
    // An item added that the manifest does not list.
    let mut added = file.clone();
    added["items"]["records/findings/x"] = serde_json::json!({"id": "x"});
    out.push((
        "unlisted item",
        added.to_string(),
        "records/findings/x".into(),
    ));
    out
}

#[test]
fn every_corruption_is_refused_naming_the_item_and_nothing_is_written() {
    let (session, clock, audit) = lead();
    run(
        &session,
        &clock,
        result(&audit, "A.5.1", ItemResult::Conforming, "Policy seen"),
    )
    .unwrap();
    let evidence = run(
        &session,
        &clock,
        Command::AddEvidence {
            audit_id: audit.clone(),
            evidence: EvidenceFields {
                kind: Some(EvidenceKind::Document),
                title: "Backup log".into(),
                date: "2026-03-02".into(),
                ..Default::default()
            },
        },
    )
    .unwrap()
    .unwrap();
    let bytes = vec![7u8; 300];
    let ctx = clock.ctx();
    let command = Command::AttachEvidenceFile {
        evidence_id: evidence,
        file: FileFields {
            name: "log.bin".into(),
            media_type: String::new(),
            size: 300,
            sha256: sha256_hex(&bytes),
        },
    };
    block(session.dispatch_with_file(&command, &ctx, bytes)).unwrap();
    for text in [
        block(session.export_bundle(None, AT, "Alex Auditor")).unwrap(),
        block(session.export_bundle(Some(&audit), AT, "Alex Auditor")).unwrap(),
    ] {
        let cases = corruptions(&text);
        assert!(cases.len() >= 5);
        for (what, bad, item) in cases {
            let (other, other_clock) = fresh();
            let err = import(&other, &other_clock, &bad).expect_err(what);
            assert_eq!(err.code, ErrorCode::FileDamaged, "{what}: {err}");
            assert!(err.message.contains(&item), "{what}: {err} names {item}");
            if what != "missing item" && what != "unlisted item" {
                assert!(err.message.contains("expected SHA-256"), "{what}: {err}");
            }
            let dump = block(other.store().dump()).unwrap();
            assert!(
                dump.records.is_empty() && dump.journal.is_empty() && dump.files.is_empty(),
                "{what}: something was written"
            );
        }
    }
}

// ---------------------------------------------------------------- packages and merge

#[test]
fn a_work_package_holds_the_members_items_and_sessions_only() {
    let (session, clock, audit) = lead();
    run(
        &session,
        &clock,
        result(&audit, "A.8.13", ItemResult::Nonconforming, "Cai's note"),
    )
    .unwrap();
    let text = work_package(&session, &audit, "Bea Berg", "pkg-1");
    let (bea, _) = member_session(&text, 100);
    let got = set(&bea, &audit);
    let criteria: Vec<_> = got
        .checklist
        .iter()
        .map(|i| i.criterion_id.as_str())
        .collect();
    assert_eq!(criteria, CRITERIA[..3]);
    assert!(!serde_json::to_string(&got).unwrap().contains("Cai's note"));
    let err = session
        .export_work_package(&audit, "Nobody", "p".into(), AT, "x")
        .unwrap_err();
    assert_eq!(err.code, ErrorCode::NotFound);
}

#[test]
fn a_result_package_merges_with_its_findings_and_evidence_and_twice_changes_nothing() {
    let (session, clock, audit) = lead();
    let text = work_package(&session, &audit, "Bea Berg", "pkg-1");
    let (bea, bea_clock) = member_session(&text, 100);
    run(
        &bea,
        &bea_clock,
        result(&audit, "A.5.2", ItemResult::Nonconforming, "No review"),
    )
    .unwrap();
    let finding = run(
        &bea,
        &bea_clock,
        Command::AddFinding {
            audit_id: audit.clone(),
            finding: finding_fields(Grade::MinorNonconformity, "A.5.2"),
        },
    )
    .unwrap()
    .unwrap();
    let evidence = run(
        &bea,
        &bea_clock,
        Command::AddEvidence {
            audit_id: audit.clone(),
            evidence: EvidenceFields {
                kind: Some(EvidenceKind::Document),
                title: "Review minutes".into(),
                date: "2026-03-03".into(),
                criterion_ids: vec!["A.5.2".into()],
                ..Default::default()
            },
        },
    )
    .unwrap()
    .unwrap();
    let bytes = b"minutes".to_vec();
    let ctx = bea_clock.ctx();
    let command = Command::AttachEvidenceFile {
        evidence_id: evidence.clone(),
        file: FileFields {
            name: "minutes.txt".into(),
            media_type: "text/plain".into(),
            size: 7,
            sha256: sha256_hex(&bytes),
        },
    };
    block(bea.dispatch_with_file(&command, &ctx, bytes.clone())).unwrap();
    let back = result_package(&bea, &audit);
    let Imported::Result { review } = import(&session, &clock, &back).unwrap() else {
        panic!("a result package is reviewed first")
    };
    assert_eq!(review.conflicts, 0);
    assert_eq!(review.items.len(), 3, "{review:#?}");
    let trail = session.workspace().trail_length();
    merge(&session, &clock, &back, vec![]).unwrap();
    assert_eq!(
        session.workspace().trail_length(),
        trail + 1,
        "one journal entry"
    );
    let merged = set(&session, &audit);
    let item = merged
        .checklist
        .iter()
        .find(|i| i.criterion_id == "A.5.2")
        .unwrap();
    assert_eq!(
        (item.result, item.notes.as_str()),
        (ItemResult::Nonconforming, "No review")
    );
    assert!(merged.findings.iter().any(|f| f.id == finding));
    let file_id = &merged
        .evidence
        .iter()
        .find(|e| e.id == evidence)
        .unwrap()
        .files[0]
        .id;
    assert_eq!(
        block(session.store().read_file(file_id)).unwrap(),
        Some(bytes)
    );
    let entry = block(session.store().journal()).unwrap().pop().unwrap();
    assert_eq!(entry.command["type"], "mergeResultPackage");
    assert_eq!(entry.command["package"]["origin"]["member"], "Bea Berg");
    // The same package again: nothing changes.
    let before = state(&session);
    let err = merge(&session, &clock, &back, vec![]).unwrap_err();
    assert_eq!(err.code, ErrorCode::Duplicate, "{err}");
    assert_eq!(state(&session), before);
}

// ---------------------------------------------------------------- properties

/// xorshift64*: the same seed gives the same team work.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn result(&mut self) -> ItemResult {
        [
            ItemResult::Conforming,
            ItemResult::Nonconforming,
            ItemResult::NotApplicable,
        ][self.below(3) as usize]
    }
}

/// Random work by a member on their items: results, notes and findings.
fn member_work(
    g: &mut Rng,
    session: &Session<MemoryStore>,
    clock: &Clock,
    audit: &str,
    criteria: &[&str],
) {
    for c in criteria {
        if g.below(3) > 0 {
            let notes = format!("member note {}", g.below(1000));
            run(session, clock, result(audit, c, g.result(), &notes)).unwrap();
        }
    }
    for _ in 0..g.below(3) {
        let c = criteria[g.below(criteria.len() as u64) as usize];
        run(
            session,
            clock,
            Command::AddFinding {
                audit_id: audit.into(),
                finding: finding_fields(Grade::Observation, c),
            },
        )
        .unwrap();
    }
}

/// The audit's records with the findings' references set aside (they are numbered in
/// the order packages are merged).
fn comparable(session: &Session<MemoryStore>, audit: &str) -> AuditSet {
    let mut s = set(session, audit);
    for f in &mut s.findings {
        f.reference.clear();
    }
    s.findings.sort_by(|a, b| a.id.cmp(&b.id));
    s
}

#[test]
fn merging_is_idempotent_and_independent_packages_commute() {
    for seed in 1..=40u64 {
        let mut g = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
        let (lead_a, clock_a, audit) = lead();
        let (lead_b, clock_b, _) = lead();
        let pa = work_package(&lead_a, &audit, "Bea Berg", "pkg-bea");
        let pb = work_package(&lead_a, &audit, "Cai Chen", "pkg-cai");
        let (bea, bea_clock) = member_session(&pa, 1000);
        let (cai, cai_clock) = member_session(&pb, 2000);
        member_work(&mut g, &bea, &bea_clock, &audit, &CRITERIA[..3]);
        member_work(&mut g, &cai, &cai_clock, &audit, &CRITERIA[3..]);
        let (ra, rb) = (result_package(&bea, &audit), result_package(&cai, &audit));
        // A then B, and B then A; an empty result is refused as nothing new.
        for (lead, clock, order) in [
            (&lead_a, &clock_a, [&ra, &rb]),
            (&lead_b, &clock_b, [&rb, &ra]),
        ] {
            for r in order {
                if let Err(e) = merge(lead, clock, r, vec![]) {
                    assert_eq!(e.code, ErrorCode::Duplicate, "seed {seed}: {e}");
                }
            }
        }
        assert_eq!(
            comparable(&lead_a, &audit),
            comparable(&lead_b, &audit),
            "seed {seed}: A then B differs from B then A"
        );
        // Merging either again changes nothing.
        let before = state(&lead_a);
        for r in [&ra, &rb] {
            let err = merge(&lead_a, &clock_a, r, vec![]).unwrap_err();
            assert_eq!(err.code, ErrorCode::Duplicate, "seed {seed}: {err}");
        }
        assert_eq!(
            state(&lead_a),
            before,
            "seed {seed}: a second merge changed something"
        );
    }
}

#[test]
fn a_conflict_is_never_resolved_silently() {
    for seed in 1..=40u64 {
        let mut g = Rng(seed.wrapping_mul(0xD1B5_4A32_D192_ED03) | 1);
        let (lead, clock, audit) = lead();
        let package = work_package(&lead, &audit, "Bea Berg", "pkg-bea");
        let base = set(&lead, &audit);
        let (bea, bea_clock) = member_session(&package, 1000);
        member_work(&mut g, &bea, &bea_clock, &audit, &CRITERIA[..3]);
        // The lead works on the same items meanwhile.
        for c in &CRITERIA[..3] {
            if g.below(2) == 0 {
                let notes = format!("lead note {}", g.below(1000));
                run(&lead, &clock, result(&audit, c, g.result(), &notes)).unwrap();
            }
        }
        let mine = set(&lead, &audit);
        let theirs = set(&bea, &audit);
        let item = |s: &AuditSet, c: &str| {
            s.checklist
                .iter()
                .find(|i| i.criterion_id == c)
                .cloned()
                .unwrap()
        };
        let conflicts: Vec<String> = CRITERIA[..3]
            .iter()
            .filter(|c| {
                let (b, m, t) = (item(&base, c), item(&mine, c), item(&theirs, c));
                b != m && b != t && m != t
            })
            .map(|c| format!("checklist/{}", item(&base, c).id))
            .collect();
        let back = result_package(&bea, &audit);
        let Imported::Result { review } = import(&lead, &clock, &back).unwrap() else {
            panic!()
        };
        let mut flagged: Vec<String> = review
            .items
            .iter()
            .filter(|i| i.status == isms_audit::backup::merge::MergeStatus::Conflict)
            .map(|i| i.key.clone())
            .collect();
        flagged.sort();
        assert_eq!(
            flagged, conflicts,
            "seed {seed}: the review shows exactly the conflicts"
        );
        if !conflicts.is_empty() {
            let before = state(&lead);
            let err = merge(&lead, &clock, &back, vec![]).unwrap_err();
            assert_eq!(err.code, ErrorCode::Incomplete, "seed {seed}: {err}");
            assert_eq!(
                state(&lead),
                before,
                "seed {seed}: a refused merge changed something"
            );
        }
        let choices: Vec<MergeChoice> = conflicts
            .iter()
            .map(|key| MergeChoice {
                key: key.clone(),
                keep: if g.below(2) == 0 {
                    Side::Mine
                } else {
                    Side::Theirs
                },
            })
            .collect();
        match merge(&lead, &clock, &back, choices.clone()) {
            Ok(()) => {}
            Err(e) => assert_eq!(e.code, ErrorCode::Duplicate, "seed {seed}: {e}"),
        }
        let after = set(&lead, &audit);
        for c in &CRITERIA[..3] {
            let (b, m, t, now) = (
                item(&base, c),
                item(&mine, c),
                item(&theirs, c),
                item(&after, c),
            );
            let key = format!("checklist/{}", b.id);
            let expected = match choices.iter().find(|ch| ch.key == key) {
                Some(ch) if ch.keep == Side::Theirs => t,
                Some(_) => m,
                None if t == b => m,
                None => t,
            };
            assert_eq!(now, expected, "seed {seed}: {c}");
        }
    }
}

#[test]
fn a_sealed_bundle_header_is_read_and_a_damaged_one_refused() {
    use isms_audit::backup::bundle::{self, Envelope};
    let e = Envelope {
        salt: vec![1; 16],
        iterations: isms_audit::crypto::PBKDF2_ITERATIONS,
        sealed: vec![1, 2, 3, 4],
    };
    let text = bundle::envelope(&e);
    assert_eq!(bundle::read_envelope(&text).unwrap().unwrap(), e);
    // A plain bundle is not sealed.
    let (session, clock, audit) = lead();
    run(
        &session,
        &clock,
        result(&audit, "A.5.1", ItemResult::Conforming, "x"),
    )
    .unwrap();
    let plain = block(session.export_bundle(Some(&audit), AT, "Alex Auditor")).unwrap();
    assert!(bundle::read_envelope(&plain).is_none());
    // Too few key derivation rounds, or a damaged salt: refused before any key is derived.
    for bad in [
        text.replace("600000", "1000"),
        text.replace("\"salt\":\"", "\"salt\":\"*"),
    ] {
        let err = bundle::read_envelope(&bad).unwrap().unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidImport, "{err}");
    }
}
