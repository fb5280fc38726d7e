//! The scale fixture of issue 15: a workspace the size of a real programme, written as a
//! backup file that the bench and the scale e2e test restore into IndexedDB.
//!
//! `cargo run --release --example scale_fixture -- OUT.json [SEED]`
//!
//! Three programmes, 40 audits: 39 share 10,000 findings and one holds 10,000 on its
//! own; SoAs, a criteria set of custom criteria used by audits, evidence records, plan
//! sessions, causes and corrective actions. Every choice comes from a SplitMix64 stream
//! seeded with SEED (default 15, printed), so one seed always gives the same workspace.

use chrono::{Duration, TimeZone, Utc};
use isms_audit::catalog;
use isms_audit::storage::{MemoryStore, Session};
use isms_audit::{Command, Context};
use serde_json::{Value, json};

/// SplitMix64: small, seedable and good enough to vary the data.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

const PROGRAMMES: usize = 3;
const AUDITS: usize = 40;
const SHARED_FINDINGS: usize = 10_000;
const LARGE_AUDIT_FINDINGS: usize = 10_000;
const SYSTEMS: [&str; 8] = [
    "payroll",
    "CRM",
    "ERP",
    "HR portal",
    "data warehouse",
    "e-mail",
    "VPN",
    "web shop",
];
const GAPS: [&str; 6] = [
    "restore tests are not performed",
    "access reviews are overdue",
    "the supplier list is incomplete",
    "change approvals are not recorded",
    "log retention is shorter than the policy says",
    "the risk owner has not accepted the residual risk",
];

struct Writer {
    session: Session<MemoryStore>,
    step: u32,
}

impl Writer {
    fn run(&mut self, command: Value) -> Option<String> {
        self.step += 1;
        let ctx = Context {
            at: Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).unwrap()
                + Duration::seconds(i64::from(self.step)),
            actor: "Scale Fixture".into(),
            new_id: format!("s{:06}", self.step),
        };
        let parsed: Command =
            serde_json::from_value(command.clone()).unwrap_or_else(|e| panic!("{e}: {command}"));
        futures::executor::block_on(self.session.dispatch(&parsed, &ctx))
            .unwrap_or_else(|e| panic!("{e}: {command}"))
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().expect("usage: scale_fixture OUT.json [SEED]");
    let seed: u64 = args
        .next()
        .map_or(15, |s| s.parse().expect("SEED is a number"));
    println!("scale fixture: seed {seed}");
    let mut rng = Random(seed);
    let mut w = Writer {
        session: futures::executor::block_on(Session::open(MemoryStore::new())).unwrap(),
        step: 0,
    };
    let controls: Vec<String> = catalog::get("iso27001-2022")
        .expect("the 2022 catalog is compiled in")
        .criteria
        .iter()
        .filter(|c| c.id.starts_with("A."))
        .map(|c| c.id.clone())
        .collect();

    let set = w
        .run(json!({"type": "createCriteriaSet", "set": {"code": "POL", "name": "Group security policies", "kind": "policy"}}))
        .unwrap();
    for n in 1..=12 {
        w.run(json!({"type": "setCustomCriterion", "setId": set, "criterion": {
            "id": format!("P-{n}"), "title": format!("Policy requirement {n}"),
            "guidance": format!("Ask for the record that shows requirement {n} is met."), "source": "Group policy 2026"}}));
    }
    let mut soas = Vec::new();
    for p in 0..PROGRAMMES {
        let soa = w
            .run(json!({"type": "createSoa", "soa": {"name": format!("SoA site {}", p + 1), "catalogId": "iso27001-2022"}}))
            .unwrap();
        for control in controls.iter().take(20) {
            let applicable = rng.below(10) > 0;
            w.run(json!({"type": "setSoaEntry", "soaId": soa, "entry": {
                "controlId": control, "applicable": applicable,
                "justification": if applicable { "Required by the risk treatment plan" } else { "No such activity at this site" },
                "implementation": if applicable { json!("implemented") } else { Value::Null }, "documents": "ISMS manual"}}));
        }
        soas.push(soa);
    }

    let mut criteria: Vec<String> = ["4", "5", "6", "7", "8", "9", "10"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    criteria.extend(controls.iter().cloned());
    criteria.extend((1..=12).map(|n| format!("POL:P-{n}")));
    let programmes: Vec<String> = ["Group", "Site North", "Site South"]
        .iter()
        .map(|name| {
            w.run(json!({"type": "createProgramme", "programme": {
                "name": format!("ISMS programme {name}"),
                "purpose": "Certification readiness", "objectives": "Cover every clause and control each year",
                "periodStart": "2026-01-01", "periodEnd": "2028-12-31", "owner": "Pat Owner"}}))
            .unwrap()
        })
        .collect();
    let mut findings_written = 0;
    for a in 0..AUDITS {
        let programme = &programmes[a % PROGRAMMES];
        let month = a % 12 + 1;
        let year = 2026 + a / 12 % 3;
        let large = a == 0;
        let audit = w
            .run(json!({"type": "createAudit", "programmeId": programme, "audit": {
                "title": if large { "Group-wide audit (10,000 findings)".to_string() } else { format!("Audit {} – {}", a + 1, rng.pick(&SYSTEMS)) },
                "kind": "internal", "auditee": "Example Group", "objectives": "Conformity with ISO/IEC 27001",
                "scope": {"units": ["IT"], "processes": [rng.pick(&SYSTEMS)], "locations": ["Berlin"]},
                "catalogId": "iso27001-2022", "criteria": criteria, "soaId": soas[a % PROGRAMMES],
                "plannedStart": format!("{year}-{month:02}-02"), "plannedEnd": format!("{year}-{month:02}-06"),
                "leadAuditor": "Alex Auditor"}}))
            .unwrap();
        // Headings such as "4" expand into their sub-clauses: record against the items.
        let items: Vec<String> = w
            .session
            .workspace()
            .audit(&audit)
            .expect("the audit was just planned")
            .checklist
            .iter()
            .map(|i| i.criterion_id.clone())
            .collect();
        for s in 0..3 {
            w.run(json!({"type": "setPlanSession", "auditId": audit, "session": {
                "activity": format!("Interviews, part {}", s + 1), "date": format!("{year}-{month:02}-0{}", s + 2),
                "start": "09:00", "end": "12:00", "place": "Room 1", "method": "on_site_with_interaction",
                "criteria": [rng.pick(&controls)]}}));
        }
        w.run(json!({"type": "setFeasibility", "auditId": audit, "feasibility": {"verdict": "feasible", "reasons": "", "alternative": ""}}));
        w.run(json!({"type": "setAuditStatus", "auditId": audit, "status": "in_progress"}));
        for item in items.iter().take(40) {
            let result = *rng.pick(&[
                "conforming",
                "conforming",
                "conforming",
                "nonconforming",
                "nonconforming",
            ]);
            w.run(json!({"type": "recordResult", "auditId": audit, "criterionId": item, "result": result,
                "notes": "Sampled five records"}));
        }
        let count = if large {
            LARGE_AUDIT_FINDINGS
        } else {
            // The 39 others share the rest, the last taking what is left.
            let share = SHARED_FINDINGS / (AUDITS - 1);
            if a == AUDITS - 1 {
                SHARED_FINDINGS - findings_written
            } else {
                share
            }
        };
        let mut nonconformities = Vec::new();
        for n in 1..=count {
            let grade = *rng.pick(&[
                "observation",
                "observation",
                "minor_nonconformity",
                "opportunity_for_improvement",
                "major_nonconformity",
            ]);
            let system = rng.pick(&SYSTEMS);
            let id = w
                .run(json!({"type": "addFinding", "auditId": audit, "finding": {
                    "grade": grade, "criterionIds": [rng.pick(&items)],
                    "statement": format!("For the {system} system {} (case {n}).", rng.pick(&GAPS)),
                    "evidence": format!("Sampled records {}-{}; interview with the {system} owner", n, n + 4),
                    "date": format!("{year}-{month:02}-03")}}))
                .unwrap();
            if grade.ends_with("nonconformity") && nonconformities.len() < 20 {
                nonconformities.push(id);
            }
        }
        if !large {
            findings_written += count;
        }
        for (i, finding) in nonconformities.iter().enumerate().take(5) {
            w.run(json!({"type": "setCause", "findingId": finding, "cause": {
                "correction": "Restored the missing records", "rootCauseMethod": "5 whys",
                "rootCause": "No owner for the task"}}));
            w.run(
                json!({"type": "proposeAction", "findingId": finding, "action": {
                "description": format!("Assign an owner and a monthly check ({})", i + 1),
                "owner": "IT operations", "due": format!("{}-{month:02}-28", year + 1)}}),
            );
        }
        for e in 0..if large { 200 } else { 10 } {
            w.run(json!({"type": "addEvidence", "auditId": audit, "evidence": {
                "kind": "record", "title": format!("Evidence {} for {}", e + 1, rng.pick(&SYSTEMS)),
                "date": format!("{year}-{month:02}-03"), "source": "Auditee", "description": "Export from the system",
                "criterionIds": [rng.pick(&controls)], "findingIds": nonconformities.get(e % 20).map_or(vec![], |f| vec![f.clone()])}}));
        }
    }
    let text = futures::executor::block_on(w.session.export(
        "2026-12-01T00:00:00Z".into(),
        "Scale Fixture".into(),
        false,
    ))
    .expect("the fixture verifies");
    if let Some(dir) = std::path::Path::new(&out).parent() {
        std::fs::create_dir_all(dir).expect("the output folder can be made");
    }
    std::fs::write(&out, &text).expect("the fixture can be written");
    println!(
        "scale fixture: {PROGRAMMES} programmes, {AUDITS} audits, {} findings ({LARGE_AUDIT_FINDINGS} in one audit), {} journal entries, {:.1} MB -> {out}",
        SHARED_FINDINGS + LARGE_AUDIT_FINDINGS,
        w.step,
        text.len() as f64 / 1_048_576.0
    );
}
