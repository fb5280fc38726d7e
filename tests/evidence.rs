//! Sampling (sample sizes against the reference table, reproducible and uniform random
//! selection) and the evidence register (limits, files stored with their hash, a
//! changed file detected, files carried by backups).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::*;
use futures::executor::block_on;
use isms_audit::audit::evidence::{self, MAX_FILE_BYTES, MAX_FILES_PER_ENTRY, MAX_WORKSPACE_BYTES};
use isms_audit::audit::sampling::{
    ControlFrequency, SamplingMethod, judgement_size, select, statistical_size,
};
use isms_audit::audit::{EvidenceFields, EvidenceKind, FileFields, Grade, SamplingFields};
use isms_audit::backup;
use isms_audit::storage::{MemoryStore, Session, Store};
use isms_audit::{Command, ErrorCode};

/// A copy of `shared/reference/sampling_guidance.csv`, the table the engine compiles in.
const GUIDANCE: &str = include_str!("fixtures/sampling_guidance.csv");

/// The reference table's rows: (method, parameters, sample size).
fn guidance() -> Vec<(String, String, String)> {
    GUIDANCE
        .lines()
        .skip(1)
        .map(|line| {
            // The first three columns are never quoted.
            let mut cols = line.splitn(4, ',');
            let method = cols.next().unwrap().to_string();
            let params = cols.next().unwrap().to_string();
            let size = cols.next().unwrap().to_string();
            (method, params, size)
        })
        .collect()
}

fn percent(params: &str, key: &str) -> u8 {
    let at = params.find(key).unwrap() + key.len() + 1;
    params[at..].split('%').next().unwrap().parse().unwrap()
}

#[test]
fn statistical_sizes_match_every_row_of_the_reference_table() {
    let rows: Vec<_> = guidance()
        .into_iter()
        .filter(|(m, _, _)| m == "statistical_attribute_zero_deviation")
        .collect();
    assert_eq!(rows.len(), 12);
    for (_, params, size) in rows {
        let c = percent(&params, "confidence");
        let p = percent(&params, "tolerable_deviation_rate");
        let got = statistical_size(c, p, 1_000_000);
        assert_eq!(got.size.to_string(), size, "{params}: {}", got.derivation);
        assert!(got.derivation.contains("ln(1 - "), "{}", got.derivation);
    }
}

#[test]
fn judgement_sizes_match_the_frequency_rows_of_the_reference_table() {
    let frequency = |name: &str| match name {
        "annual" => ControlFrequency::Annual,
        "quarterly" => ControlFrequency::Quarterly,
        "monthly" => ControlFrequency::Monthly,
        "weekly" => ControlFrequency::Weekly,
        "daily" => ControlFrequency::Daily,
        "multiple_times_per_day" => ControlFrequency::MultipleTimesPerDay,
        other => panic!("{other}"),
    };
    let mut checked = 0;
    for (method, params, size) in guidance() {
        let name = params.trim_start_matches("control frequency=");
        if method != "judgement_frequency_based" || name.starts_with("ad_hoc") {
            continue;
        }
        let got = judgement_size(frequency(name), 10_000);
        assert_eq!(got.size.to_string(), size, "{name}");
        checked += 1;
    }
    assert_eq!(checked, 6);
    // Ad hoc controls: every item under 5, 5 under 50, else min(25, 10%).
    assert_eq!(judgement_size(ControlFrequency::AdHoc, 4).size, 4);
    assert_eq!(judgement_size(ControlFrequency::AdHoc, 49).size, 5);
    assert_eq!(judgement_size(ControlFrequency::AdHoc, 120).size, 12);
    assert_eq!(judgement_size(ControlFrequency::AdHoc, 250).size, 25);
    assert_eq!(judgement_size(ControlFrequency::AdHoc, 100_000).size, 25);
    // A sample never exceeds its population, and the derivation says so.
    let small = statistical_size(95, 5, 40);
    assert_eq!(small.size, 40);
    assert!(small.derivation.contains("every item"));
}

#[test]
fn the_same_seed_selects_the_same_items_and_another_seed_others() {
    let a = select(20260301, 250, 10);
    assert_eq!(a, select(20260301, 250, 10));
    assert_eq!(a.len(), 10);
    assert!(a.windows(2).all(|w| w[0] < w[1]), "ascending and distinct");
    assert!(a.iter().all(|&i| (1..=250).contains(&i)));
    assert_ne!(a, select(20260302, 250, 10));
    // Fixed for good: a later release must draw the same items from the same seed.
    assert_eq!(a, KNOWN_SAMPLE);
    assert_eq!(select(1, 5, 5), vec![1, 2, 3, 4, 5]);
}

/// `select(20260301, 250, 10)`, as this release draws it.
const KNOWN_SAMPLE: [u32; 10] = [12, 22, 28, 79, 83, 88, 167, 187, 216, 250];

#[test]
fn selection_is_uniform_over_many_seeds() {
    // Each of 50 items is drawn in 5 of 50 per sample; over 20 000 seeds every item
    // should be drawn about 2 000 times. Chi-square with 49 degrees of freedom: the
    // 99.9th percentile is 85.4.
    let (population, count, seeds) = (50u32, 5u32, 20_000u64);
    let mut drawn = vec![0u64; population as usize];
    for seed in 0..seeds {
        for i in select(seed, population, count) {
            drawn[(i - 1) as usize] += 1;
        }
    }
    let expected = (seeds * u64::from(count)) as f64 / f64::from(population);
    let chi2: f64 = drawn
        .iter()
        .map(|&o| (o as f64 - expected).powi(2) / expected)
        .sum();
    assert!(chi2 < 85.4, "chi-square {chi2:.1} over {drawn:?}");
    // The first item of a sample is uniform too (no bias toward low numbers).
    let mut first = [0u64; 10];
    for seed in 0..10_000 {
        let s = select(seed, 10, 1);
        first[(s[0] - 1) as usize] += 1;
    }
    let chi2: f64 = first
        .iter()
        .map(|&o| (o as f64 - 1000.0).powi(2) / 1000.0)
        .sum();
    // 9 degrees of freedom, 99.9th percentile 27.9.
    assert!(chi2 < 27.9, "chi-square {chi2:.1} over {first:?}");
}

fn sample_fields(size: u32, seed: &str) -> SamplingFields {
    SamplingFields {
        population: "Active user accounts on 1 March".into(),
        population_size: size,
        method: Some(SamplingMethod::Judgement),
        frequency: Some(ControlFrequency::AdHoc),
        seed: seed.into(),
        ..SamplingFields::default()
    }
}

#[test]
fn a_sampling_plan_is_saved_with_its_size_selection_and_results() {
    let (session, clock, _, audit) = started_audit(&["A.5.15", "A.8.13"]);
    let mut fields = sample_fields(250, "20260301");
    fields.method = Some(SamplingMethod::Statistical);
    fields.confidence = Some(95);
    fields.tolerable_rate = Some(10);
    fields.examined = 29;
    fields.deviations = 1;
    let set = |fields: SamplingFields| Command::SetSamplingPlan {
        audit_id: audit.clone(),
        criterion_id: "A.5.15".into(),
        plan: fields,
    };
    run(&session, &clock, set(fields.clone())).unwrap();
    let plan = session.workspace().audit(&audit).unwrap().sampling[0].clone();
    assert_eq!(plan.sample_size, 29);
    assert_eq!(plan.selected, select(20260301, 250, 29));
    assert_eq!((plan.examined, plan.deviations), (29, 1));
    let report = session
        .workspace()
        .report(&audit, String::new(), String::new())
        .unwrap();
    assert_eq!(report.samples.len(), 1);
    assert!(
        report.samples[0]
            .line(&report_messages("en"))
            .contains("29 of 250")
    );

    // Bad input is refused with the field to fix, and changes nothing.
    let mut bad = fields.clone();
    bad.deviations = 30;
    assert_error(
        &refused(&session, &clock, set(bad)),
        ErrorCode::InvalidValue,
        "deviations",
    );
    let mut bad = fields.clone();
    bad.seed = "12ab".into();
    assert_error(
        &refused(&session, &clock, set(bad)),
        ErrorCode::InvalidValue,
        "seed",
    );
    let mut bad = fields.clone();
    bad.confidence = Some(100);
    assert_error(
        &refused(&session, &clock, set(bad)),
        ErrorCode::InvalidValue,
        "confidence",
    );
    let mut bad = fields.clone();
    bad.population_size = 0;
    assert_error(
        &refused(&session, &clock, set(bad)),
        ErrorCode::InvalidValue,
        "populationSize",
    );
    let err = refused(
        &session,
        &clock,
        Command::SetSamplingPlan {
            audit_id: audit.clone(),
            criterion_id: "A.5.1".into(),
            plan: fields,
        },
    );
    assert_eq!(err.code, ErrorCode::CriterionNotInScope);
}

fn evidence_fields() -> EvidenceFields {
    EvidenceFields {
        kind: Some(EvidenceKind::Record),
        title: "User access review Q1".into(),
        date: "2026-03-03".into(),
        source: "IAM system export".into(),
        description: "Export of 250 accounts".into(),
        criterion_ids: vec!["A.5.15".into()],
        finding_ids: Vec::new(),
    }
}

fn file_fields(name: &str, bytes: &[u8]) -> FileFields {
    FileFields {
        name: name.into(),
        media_type: "text/plain".into(),
        size: bytes.len() as u32,
        sha256: backup::sha256_hex(bytes),
    }
}

fn attach(
    session: &Session<MemoryStore>,
    clock: &Clock,
    evidence_id: &str,
    name: &str,
    bytes: &[u8],
) -> isms_audit::error::Result<Option<String>> {
    let command = Command::AttachEvidenceFile {
        evidence_id: evidence_id.into(),
        file: file_fields(name, bytes),
    };
    block_on(session.dispatch_with_file(&command, &clock.ctx(), bytes.to_vec()))
}

#[test]
fn evidence_entries_link_items_and_findings_and_carry_files_with_their_hash() {
    let (session, clock, _, audit) = started_audit(&["A.5.15", "A.8.13"]);
    let add = |fields: EvidenceFields| Command::AddEvidence {
        audit_id: audit.clone(),
        evidence: fields,
    };
    let e1 = run(&session, &clock, add(evidence_fields()))
        .unwrap()
        .unwrap();
    let e2 = run(&session, &clock, add(evidence_fields()))
        .unwrap()
        .unwrap();
    let detail = session.workspace().audit(&audit).unwrap();
    let refs: Vec<_> = detail
        .evidence
        .iter()
        .map(|e| e.reference.as_str())
        .collect();
    assert_eq!(refs, ["E-001", "E-002"]);

    // Raise a finding from the evidence, then link it back.
    let finding = run(
        &session,
        &clock,
        Command::AddFinding {
            audit_id: audit.clone(),
            finding: finding_fields(Grade::MinorNonconformity, "A.5.15"),
        },
    )
    .unwrap()
    .unwrap();
    let mut linked = evidence_fields();
    linked.finding_ids = vec![finding.clone()];
    run(
        &session,
        &clock,
        Command::UpdateEvidence {
            evidence_id: e1.clone(),
            evidence: linked,
        },
    )
    .unwrap();

    let bytes = b"account,owner\nu1,alice\n".to_vec();
    let file = attach(&session, &clock, &e1, "accounts.csv", &bytes)
        .unwrap()
        .unwrap();
    let (entry, listed) = {
        let ws = session.workspace();
        let (e, f) = ws.evidence_file(&e1, &file).unwrap();
        (e.clone(), f.clone())
    };
    assert_eq!(entry.finding_ids, [finding]);
    assert_eq!(listed.sha256, backup::sha256_hex(&bytes));
    let stored = block_on(session.store().read_file(&file)).unwrap().unwrap();
    assert_eq!(stored, bytes);
    let hash = backup::sha256_hex(&stored);
    evidence::check_read(&entry, &listed, Some(&hash)).unwrap();
    assert!(block_on(session.verify()).unwrap().verified);
    // The report lists the register with the finding's reference and the file's hash.
    let report = session
        .workspace()
        .report(&audit, String::new(), String::new())
        .unwrap();
    assert_eq!(report.evidence.len(), 2);
    let line = report.evidence[0].line(&report_messages("en"));
    assert!(
        line.starts_with("E-001 User access review Q1 (record), 2026-03-03"),
        "{line}"
    );
    assert!(line.contains("findings F-001"), "{line}");
    assert!(
        line.contains(&format!("accounts.csv (SHA-256 {})", listed.sha256)),
        "{line}"
    );
    let html = isms_audit::report::render(&report, "html", &report_messages("en")).unwrap();
    assert!(html.contains("<h3>Evidence register</h3>"));

    // A flipped bit is detected on read, with its own code.
    session.store().flip_file_byte(&file, 3);
    let stored = block_on(session.store().read_file(&file)).unwrap().unwrap();
    let err =
        evidence::check_read(&entry, &listed, Some(&backup::sha256_hex(&stored))).unwrap_err();
    assert_eq!(err.code, ErrorCode::FileDamaged);
    assert!(err.message.contains("accounts.csv"));
    let err = evidence::check_read(&entry, &listed, None).unwrap_err();
    assert_eq!(err.code, ErrorCode::FileDamaged);

    // Removing a file removes its bytes.
    run(
        &session,
        &clock,
        Command::RemoveEvidenceFile {
            evidence_id: e2.clone(),
            file_id: file.clone(),
        },
    )
    .unwrap_err();
    run(
        &session,
        &clock,
        Command::RemoveEvidenceFile {
            evidence_id: e1.clone(),
            file_id: file.clone(),
        },
    )
    .unwrap();
    assert!(
        block_on(session.store().read_file(&file))
            .unwrap()
            .is_none()
    );
}

#[test]
fn file_limits_are_stated_and_enforced() {
    let (session, clock, _, audit) = started_audit(&["A.5.15"]);
    let e1 = run(
        &session,
        &clock,
        Command::AddEvidence {
            audit_id: audit.clone(),
            evidence: evidence_fields(),
        },
    )
    .unwrap()
    .unwrap();
    // Over the per-file limit: refused before anything is stored.
    let mut big = file_fields("dump.bin", b"x");
    big.size = MAX_FILE_BYTES + 1;
    let err = refused(
        &session,
        &clock,
        Command::AttachEvidenceFile {
            evidence_id: e1.clone(),
            file: big,
        },
    );
    assert_error(&err, ErrorCode::LimitExceeded, "file");
    assert!(err.message.contains("25.0 MiB"), "{}", err.message);
    // Ten files an entry.
    for i in 0..MAX_FILES_PER_ENTRY {
        attach(
            &session,
            &clock,
            &e1,
            &format!("f{i}.txt"),
            format!("{i}").as_bytes(),
        )
        .unwrap();
    }
    let err = attach(&session, &clock, &e1, "eleventh.txt", b"11").unwrap_err();
    assert_error(&err, ErrorCode::LimitExceeded, "file");
    // The workspace limit counts every entry's files (sizes are what the record says).
    let total = MAX_WORKSPACE_BYTES / u64::from(MAX_FILE_BYTES);
    assert_eq!(total, 8);
    let entries: Vec<String> = (0..9)
        .map(|_| {
            run(
                &session,
                &clock,
                Command::AddEvidence {
                    audit_id: audit.clone(),
                    evidence: evidence_fields(),
                },
            )
            .unwrap()
            .unwrap()
        })
        .collect();
    let mut full = file_fields("full.bin", b"y");
    full.size = MAX_FILE_BYTES;
    let mut refused_at = None;
    for (n, e) in entries.iter().enumerate() {
        let command = Command::AttachEvidenceFile {
            evidence_id: e.clone(),
            file: full.clone(),
        };
        if let Err(err) = block_on(session.dispatch_with_file(&command, &clock.ctx(), vec![0])) {
            assert_error(&err, ErrorCode::LimitExceeded, "file");
            assert!(err.message.contains("200.0 MiB"), "{}", err.message);
            refused_at = Some(n);
            break;
        }
    }
    assert_eq!(
        refused_at,
        Some(7),
        "the 8th 25 MiB file passes 200 MiB with the small ones"
    );
}

#[test]
fn a_file_whose_bytes_were_not_handed_over_is_not_recorded() {
    let (session, clock, _, audit) = started_audit(&["A.5.15"]);
    let e1 = run(
        &session,
        &clock,
        Command::AddEvidence {
            audit_id: audit,
            evidence: evidence_fields(),
        },
    )
    .unwrap()
    .unwrap();
    let err = run(
        &session,
        &clock,
        Command::AttachEvidenceFile {
            evidence_id: e1,
            file: file_fields("a.txt", b"a"),
        },
    )
    .unwrap_err();
    assert_eq!(err.code, ErrorCode::Internal);
}

#[test]
fn backups_carry_the_files_and_restore_them_verified_by_hash() {
    let (session, clock, _, audit) = started_audit(&["A.5.15"]);
    let e1 = run(
        &session,
        &clock,
        Command::AddEvidence {
            audit_id: audit.clone(),
            evidence: evidence_fields(),
        },
    )
    .unwrap()
    .unwrap();
    let bytes: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    let file = attach(&session, &clock, &e1, "binary.bin", &bytes)
        .unwrap()
        .unwrap();
    run(
        &session,
        &clock,
        Command::SetSamplingPlan {
            audit_id: audit.clone(),
            criterion_id: "A.5.15".into(),
            plan: sample_fields(250, "7"),
        },
    )
    .unwrap();
    let text =
        block_on(session.export("2026-03-05T00:00:00Z".into(), "Alex".into(), false)).unwrap();
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["version"], 3);
    assert_eq!(json["files"][0]["id"], file.as_str());

    let restored = block_on(Session::open(MemoryStore::new())).unwrap();
    let v = block_on(restored.restore(&text, false, &clock.ctx())).unwrap();
    assert!(v.verified, "{v:?}");
    assert_eq!(
        block_on(restored.store().read_file(&file))
            .unwrap()
            .unwrap(),
        bytes
    );
    let detail = restored.workspace().audit(&audit).unwrap();
    assert_eq!(detail.evidence[0].files[0].id, file);
    assert_eq!(detail.sampling[0].selected, select(7, 250, 25));

    // A file damaged in the store is not written into a backup.
    session.store().flip_file_byte(&file, 0);
    let err = block_on(session.export("t".into(), "a".into(), true)).unwrap_err();
    assert_eq!(err.code, ErrorCode::FileDamaged);
    assert!(
        err.message.contains("The backup was not written"),
        "{}",
        err.message
    );
    assert!(err.message.contains("binary.bin"), "{}", err.message);
    session.store().flip_file_byte(&file, 0);

    // A backup whose file differs from its record is refused, naming the file.
    let mut tampered = json.clone();
    let other = b"not the same bytes".to_vec();
    tampered["files"][0]["base64"] = backup::base64_encode(&other).into();
    tampered["files"][0]["sha256"] = backup::sha256_hex(&other).into();
    let target = block_on(Session::open(MemoryStore::new())).unwrap();
    let err = block_on(target.restore(&tampered.to_string(), true, &clock.ctx())).unwrap_err();
    assert_eq!(err.code, ErrorCode::FileDamaged);
    assert!(err.message.contains("binary.bin"), "{}", err.message);
    // Bytes that do not match the hash beside them are an invalid backup.
    let mut flipped = json.clone();
    flipped["files"][0]["base64"] = backup::base64_encode(&other).into();
    let err = block_on(target.restore(&flipped.to_string(), true, &clock.ctx())).unwrap_err();
    assert_eq!(err.code, ErrorCode::InvalidImport);
    assert!(block_on(target.store().dump()).unwrap().records.is_empty());
}

#[test]
fn base64_round_trips() {
    for len in 0..20 {
        let bytes: Vec<u8> = (0..len).map(|i| (i * 37 + 11) as u8).collect();
        let text = backup::base64_encode(&bytes);
        assert_eq!(backup::base64_decode(&text).unwrap(), bytes);
    }
    assert_eq!(backup::base64_encode(b"foobar"), "Zm9vYmFy");
    assert_eq!(backup::base64_encode(b"fo"), "Zm8=");
    assert!(backup::base64_decode("Zm9v!mFy").is_none());
    assert!(backup::base64_decode("Zm=vYmFy").is_none());
}
