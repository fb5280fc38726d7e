//! The office module against a fixture audit (fixture-audit.json, the engine's report
//! JSON with registers beside it): each .docx and .xlsx is re-opened by an independent
//! reader (python-docx and openpyxl, through tests/office/read.py), the OSCAL documents
//! are validated against the official 1.1.3 schema with jsonschema-rs (and the
//! reference folder's negative examples must fail), and exporting twice gives the same
//! bytes. The Python tools are in target/venv (scripts/setup installs them).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const INJECTION: &str = "=HYPERLINK(\"http://attacker.example/\",\"x\")";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn fixture() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixture-audit.json"))
        .unwrap()
}

fn python() -> PathBuf {
    let python = root().join("target/venv/bin/python");
    assert!(
        python.exists(),
        "run scripts/setup: the readers live in target/venv"
    );
    python
}

fn out_dir() -> PathBuf {
    let dir = root().join("target/office-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// What tests/office/read.py reads from the file.
fn read(name: &str, bytes: &[u8]) -> Value {
    let path = out_dir().join(name);
    std::fs::write(&path, bytes).unwrap();
    let out = Command::new(python())
        .arg(root().join("tests/office/read.py"))
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn texts(rows: &Value) -> Vec<Vec<String>> {
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    c.as_str()
                        .map(String::from)
                        .unwrap_or_else(|| c.to_string())
                })
                .collect()
        })
        .collect()
}

#[test]
fn the_word_report_has_heading_styles_tables_header_and_page_numbers() {
    let bytes = isms_office::audit_docx(&fixture()).unwrap();
    let d = read("report.docx", &bytes);
    let headings: Vec<(String, String)> = d["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["style"].as_str().unwrap().into(),
                h["text"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(
        headings[0],
        ("Title".into(), "Backup & restore <review>".into())
    );
    for h in [
        "Executive summary",
        "The audit",
        "Findings",
        "Sampling and areas not covered",
        "Confidentiality",
        "Distribution",
        "Internal indicators",
        "Appendix: checklist",
    ] {
        assert!(
            headings.contains(&("Heading 1".into(), h.into())),
            "{h}: {headings:?}"
        );
    }
    assert!(headings.contains(&("Heading 2".into(), "What the grades mean".into())));
    assert_eq!(d["outline_levels"]["Heading 1"], 0);
    assert_eq!(d["outline_levels"]["Heading 2"], 1);
    assert_eq!(
        d["header"],
        "Backup & restore <review> · Confidential · DRAFT"
    );
    assert_eq!(d["footer_fields"], serde_json::json!(["PAGE", "NUMPAGES"]));
    assert_eq!(d["images"], 1, "the chart is an image");
    assert_eq!(d["page"]["width_mm"], 210, "A4");

    let tables: Vec<Vec<Vec<String>>> = d["tables"].as_array().unwrap().iter().map(texts).collect();
    let findings = tables.iter().find(|t| t[0][0] == "Ref.").unwrap();
    assert_eq!(findings.len(), 3);
    assert_eq!(
        findings[1],
        [
            "F-001",
            "Major nonconformity",
            "A.8.13 Information backup; POL:BK-1 Backup policy",
            "No restore test has ever been performed <b>for</b> the ERP & CRM databases.",
            "Backup runbook rev 4.\nInterview with the backup administrator.",
            "2027-05-03",
            "critical (4 x 5)",
        ]
    );
    assert_eq!(findings[2][3], INJECTION);
    let checklist = tables.last().unwrap();
    assert_eq!(
        checklist[0],
        ["Criterion", "Title", "Result", "Findings", "Notes"]
    );
    assert_eq!(checklist.len(), 5);
    assert_eq!(
        checklist[3][..4],
        [
            "A.8.13",
            "Information backup",
            "major nonconformity",
            "F-001"
        ]
    );
    let not_covered = tables
        .iter()
        .find(|t| t[0] == ["Criterion", "Title", "Reason"])
        .unwrap();
    assert_eq!(not_covered[1][0], "9.3");
}

#[test]
fn an_issued_report_says_its_version_and_not_draft() {
    let mut model: Value = serde_json::from_str(&fixture()).unwrap();
    model["report"]["issue"] = serde_json::json!({ "state": "issued", "version": 2 });
    // Issued as Restricted, re-marked Internal since: the version keeps its marking.
    model["report"]["classification"] = "Restricted".into();
    model["classification"] = "Internal".into();
    let d = read(
        "issued.docx",
        &isms_office::audit_docx(&model.to_string()).unwrap(),
    );
    assert_eq!(d["header"], "Backup & restore <review> · Restricted");
    assert!(
        d["paragraphs"][1]
            .as_str()
            .unwrap()
            .contains("Issued version 2")
    );
}

#[test]
fn the_programme_report_lists_audits_figures_and_actions() {
    let json = serde_json::json!({
        "name": "ISMS audit programme 2027", "purpose": "Certification readiness",
        "objectives": ["Cover every clause", "Audit suppliers"], "period": "2027-01-01 to 2027-12-31",
        "owner": "Pat Manager", "classification": "Internal", "generatedAt": "2027-05-10T09:30:00Z",
        "audits": [{ "title": "Backup review", "kind": "Internal audit", "status": "completed",
                     "plannedStart": "2027-05-03", "plannedEnd": "2027-05-04", "leadAuditor": "Lee Lead" }],
        "figures": [["Audits completed", "1 of 1"]],
        "actions": [],
        "competence": [{ "name": "Ivo IT", "what": "Evaluation as auditor overdue", "due": "2027-03-01" }],
    });
    let d = read(
        "programme.docx",
        &isms_office::programme_docx(&json.to_string()).unwrap(),
    );
    assert_eq!(d["headings"][0]["text"], "ISMS audit programme 2027");
    assert_eq!(d["header"], "ISMS audit programme 2027 · Internal");
    let audits = texts(&d["tables"][0]);
    assert_eq!(audits[1][0], "Backup review");
    assert_eq!(texts(&d["tables"][1])[1], ["Audits completed", "1 of 1"]);
    assert_eq!(
        texts(&d["tables"][2])[1],
        ["Ivo IT", "Evaluation as auditor overdue", "2027-03-01"]
    );
}

#[test]
fn the_workbook_has_one_typed_sheet_per_register() {
    let bytes = isms_office::audit_xlsx(&fixture()).unwrap();
    let x = read("registers.xlsx", &bytes);
    assert_eq!(
        x["order"],
        serde_json::json!(["Findings", "Corrective actions", "Checklist", "SoA"])
    );
    for sheet in ["Findings", "Corrective actions", "Checklist", "SoA"] {
        assert_eq!(x["sheets"][sheet]["freeze"], "A2", "{sheet}: header frozen");
    }
    let f = &x["sheets"]["Findings"];
    assert_eq!(f["filter"], "A1:I3");
    assert_eq!(f["widths"]["D"], 50.7);
    assert_eq!(
        f["rows"][0][0],
        serde_json::json!({"type": "string", "value": "Reference"})
    );
    assert_eq!(
        f["rows"][1][5],
        serde_json::json!({"type": "date", "value": "2027-05-03"})
    );
    assert_eq!(
        f["rows"][2][3],
        serde_json::json!({"type": "string", "value": INJECTION}),
        "a formula-like text stays text"
    );
    let a = &x["sheets"]["Corrective actions"];
    assert_eq!(
        a["rows"][1][3],
        serde_json::json!({"type": "number", "value": 1})
    );
    assert_eq!(
        a["rows"][1][6],
        serde_json::json!({"type": "date", "value": "2027-07-01"})
    );
    assert_eq!(
        a["rows"][2][8],
        serde_json::json!({"type": "bool", "value": true})
    );
    let c = &x["sheets"]["Checklist"];
    assert_eq!(c["rows"].as_array().unwrap().len(), 5);
    let s = &x["sheets"]["SoA"];
    assert_eq!(
        s["rows"][1][2],
        serde_json::json!({"type": "bool", "value": true})
    );
    assert_eq!(
        s["rows"][3][2],
        serde_json::json!({"type": "string", "value": "not assessed"})
    );
}

#[test]
fn csv_registers_have_a_bom_and_the_formula_guard() {
    let findings = isms_office::audit_csv(&fixture(), "findings").unwrap();
    assert!(findings.starts_with("\u{feff}Reference,Grade,Criteria,"));
    assert!(findings.contains("\"'=HYPERLINK(\"\"http://attacker.example/\"\",\"\"x\"\")\""));
    assert!(
        findings.contains("\"Backup runbook rev 4.\nInterview with the backup administrator.\"")
    );
    let soa = isms_office::audit_csv(&fixture(), "soa").unwrap();
    assert!(soa.contains("A.7.4,Physical security monitoring,no,'-no premises of our own"));
    let actions = isms_office::audit_csv(&fixture(), "corrective-actions").unwrap();
    assert!(actions.contains("F-001,major nonconformity,A.8.13,1,Run a quarterly restore test of the ERP database.,Ops lead,2027-07-01,proposed,no\r\n"));
    let e = isms_office::audit_csv(&fixture(), "risks").unwrap_err();
    assert_eq!(e.code, "invalid_command");
}

#[test]
fn a_model_that_does_not_read_is_refused_with_a_code() {
    let e = isms_office::audit_docx("{\"report\": 1}").unwrap_err();
    assert_eq!(e.code, "invalid_command");
    assert!(e.message.contains("does not read"), "{}", e.message);
}

#[test]
fn exporting_twice_gives_identical_files() {
    let json = fixture();
    assert_eq!(
        isms_office::audit_docx(&json).unwrap(),
        isms_office::audit_docx(&json).unwrap()
    );
    assert_eq!(
        isms_office::audit_xlsx(&json).unwrap(),
        isms_office::audit_xlsx(&json).unwrap()
    );
    for doc in ["ap", "ar", "poam"] {
        assert_eq!(
            isms_office::audit_oscal(&json, doc).unwrap(),
            isms_office::audit_oscal(&json, doc).unwrap(),
            "{doc}"
        );
    }
}

/// The reference folder of the house (shared/ beside the repository).
fn reference() -> PathBuf {
    root().join("../shared/reference/oscal")
}

fn validate(files: &[PathBuf]) -> (bool, String) {
    let schema = reference().join("oscal_complete_schema-1-1-3.json");
    let out = Command::new(python())
        .arg(root().join("tests/office/validate_oscal.py"))
        .arg(schema)
        .args(files)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn oscal_plan_results_and_poam_validate_against_the_official_schema() {
    let json = fixture();
    let mut files = Vec::new();
    for doc in ["ap", "ar", "poam"] {
        let path = out_dir().join(format!("fixture-{doc}.json"));
        std::fs::write(&path, isms_office::audit_oscal(&json, doc).unwrap()).unwrap();
        files.push(path);
    }
    let (ok, report) = validate(&files);
    assert!(ok, "{report}");

    let ar: Value = serde_json::from_str(&isms_office::audit_oscal(&json, "ar").unwrap()).unwrap();
    let result = &ar["assessment-results"]["results"][0];
    assert_eq!(result["findings"][0]["target"]["target-id"], "a.8.13");
    assert_eq!(
        result["findings"][0]["target"]["status"]["state"],
        "not-satisfied"
    );
    assert_eq!(
        result["findings"][1]["target"]["status"]["state"],
        "satisfied"
    );
    let grade = result["findings"][0]["props"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "grade")
        .unwrap();
    assert_eq!(grade["value"], "major_nonconformity");
    assert_eq!(grade["ns"], "urn:isms-audit:oscal");
    let sampling = result["props"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "sampling")
        .unwrap();
    assert_eq!(
        sampling["value"],
        "10 of 120 backup jobs, chosen at random."
    );
    assert_eq!(
        result["observations"][0]["relevant-evidence"][0]["description"],
        "Backup runbook rev 4.\nInterview with the backup administrator."
    );
    let poam: Value =
        serde_json::from_str(&isms_office::audit_oscal(&json, "poam").unwrap()).unwrap();
    assert_eq!(
        poam["plan-of-action-and-milestones"]["poam-items"]
            .as_array()
            .unwrap()
            .len(),
        1,
        "only the action not yet closed"
    );
    // Another workspace, other ids; the same workspace, the same ones.
    let mut other: Value = serde_json::from_str(&json).unwrap();
    other["workspace"] = "client-b".into();
    let other: Value =
        serde_json::from_str(&isms_office::audit_oscal(&other.to_string(), "ar").unwrap()).unwrap();
    assert_ne!(
        other["assessment-results"]["uuid"],
        ar["assessment-results"]["uuid"]
    );
}

#[test]
fn the_reference_negative_examples_fail_validation_and_the_positive_ones_pass() {
    let dir = PathBuf::from("/work/shared/reference/oscal");
    let dir = if dir.exists() {
        dir
    } else {
        root().join("../shared/reference/oscal")
    };
    let mut negatives = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if name.starts_with("oscal_complete_schema") {
            continue;
        }
        let (ok, report) = validate(std::slice::from_ref(&path));
        if name.starts_with("neg_") {
            negatives += 1;
            assert!(!ok, "{name} must fail: {report}");
        } else {
            assert!(ok, "{name} must pass: {report}");
        }
    }
    assert!(
        negatives >= 8,
        "the reference folder's negative examples ({negatives})"
    );
}

fn headings(d: &Value) -> Vec<(String, String)> {
    d["headings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["style"].as_str().unwrap().into(),
                h["text"].as_str().unwrap().into(),
            )
        })
        .collect()
}

fn tables(d: &Value) -> Vec<Vec<Vec<String>>> {
    d["tables"].as_array().unwrap().iter().map(texts).collect()
}

fn table_with<'a>(tables: &'a [Vec<Vec<String>>], head: &[&str]) -> &'a Vec<Vec<String>> {
    tables
        .iter()
        .find(|t| t[0] == head)
        .unwrap_or_else(|| panic!("no table headed {head:?}"))
}

#[test]
fn the_word_audit_plan_has_the_audit_team_agenda_and_acceptance() {
    let bytes = isms_office::audit_plan_docx(&fixture()).unwrap();
    let d = read("plan.docx", &bytes);
    let h = headings(&d);
    assert_eq!(
        h,
        [
            ("Title", "Audit plan: Backup & restore <review>"),
            ("Heading 1", "The audit"),
            ("Heading 1", "Audit team"),
            ("Heading 1", "Agenda"),
            ("Heading 1", "Acceptance"),
        ]
        .map(|(s, t)| (s.to_string(), t.to_string()))
    );
    assert_eq!(
        d["header"],
        "Audit plan: Backup & restore <review> · Confidential"
    );
    assert_eq!(d["footer_fields"], serde_json::json!(["PAGE", "NUMPAGES"]));
    let t = tables(&d);
    let about = table_with(&t, &["Item", "Detail"]);
    assert!(about.contains(&vec![
        "Dates".to_string(),
        "planned 2027-05-03 to 2027-05-04; started 2027-05-03".to_string()
    ]));
    assert!(about.contains(&vec!["Language".to_string(), "English".to_string()]));
    let team = table_with(&t, &["Name", "Role", "Criteria assigned"]);
    assert_eq!(
        team[1..],
        [
            ["Lee Lead", "lead auditor", "9.2.2, 9.3"],
            ["Ann Auditor", "auditor", "A.8.13"],
            ["Tom Expert", "technical expert", ""],
        ]
        .map(|r| r.map(String::from).to_vec())
    );
    let agenda = table_with(
        &t,
        &[
            "Date",
            "Time",
            "Activity",
            "Place and method",
            "Auditees",
            "Criteria",
            "Auditors",
        ],
    );
    // In date and time order, whatever the sessions' numbers.
    assert_eq!(agenda.len(), 3);
    assert_eq!(
        agenda[1][..3],
        ["2027-05-03", "09:00–09:30", "Opening meeting"]
    );
    assert_eq!(agenda[2][3], "Server room B\non site with interaction");
    assert_eq!(agenda[2][6], "Ann Auditor, Tom Expert");
    let paragraphs: Vec<&str> = d["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    assert!(paragraphs.contains(&"Accepted for the auditee by Mira Okafor on 2027-04-28."));

    // Not yet accepted: a line to sign.
    let mut model: Value = serde_json::from_str(&fixture()).unwrap();
    model["report"]["conduct"]["planAcceptance"] = Value::Null;
    let d = read(
        "plan-unaccepted.docx",
        &isms_office::audit_plan_docx(&model.to_string()).unwrap(),
    );
    assert!(d["paragraphs"].as_array().unwrap().iter().any(|p| {
        p.as_str()
            .unwrap()
            .starts_with("Accepted for the auditee by: ____")
    }));
}

#[test]
fn the_word_report_shows_the_conduct_records_samples_and_evidence() {
    let d = read(
        "report-conduct.docx",
        &isms_office::audit_docx(&fixture()).unwrap(),
    );
    let h = headings(&d);
    let at = |level: &str, text: &str| {
        h.iter()
            .position(|x| x == &(level.to_string(), text.to_string()))
            .unwrap_or_else(|| panic!("{level} {text}: {h:?}"))
    };
    let conduct = at("Heading 1", "Conduct of the audit");
    assert!(at("Heading 1", "The audit") < conduct && conduct < at("Heading 1", "Findings"));
    let parts = [
        "Initiation",
        "Audit team",
        "Review of documented information",
        "Audit plan",
        "Opening meeting",
        "Closing meeting",
        "Communication log",
        "Information not obtained",
    ];
    let positions: Vec<usize> = parts.iter().map(|p| at("Heading 2", p)).collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{h:?}");
    assert!(positions[0] > conduct);
    assert!(at("Heading 2", "Samples") > at("Heading 1", "Sampling and areas not covered"));
    at("Heading 2", "Evidence register");

    let t = tables(&d);
    let initiation = t
        .iter()
        .find(|t| t.iter().any(|r| r[0] == "Feasibility"))
        .unwrap();
    assert!(initiation.contains(&vec![
        "Feasibility".to_string(),
        "feasible with conditions, determined by Lee Lead on 2027-04-20T10:00:00.000Z".to_string()
    ]));
    assert!(initiation.contains(&vec![
        "Client contacts".to_string(),
        "Mira Okafor, CISO, mira@example.com".to_string()
    ]));
    let documents = table_with(
        &t,
        &[
            "No.", "Document", "Version", "Date", "Owner", "Adequacy", "Gaps",
        ],
    );
    assert_eq!(documents[1][5], "partly adequate");
    let attendance: Vec<_> = t
        .iter()
        .filter(|t| t[0] == ["Attendee", "Role", "Organisation"])
        .collect();
    assert_eq!(attendance.len(), 2, "opening and closing");
    assert_eq!(attendance[0][1], ["Mira Okafor", "CISO", "Example GmbH"]);
    let responses = table_with(
        &t,
        &["Finding", "Acknowledged", "Diverging opinion", "Resolution"],
    );
    assert_eq!(
        responses[2],
        [
            "F-002",
            "no",
            "The programme covers this.",
            "Kept as an observation."
        ]
    );
    let log = table_with(&t, &["No.", "Date", "From", "To", "Subject", "Escalated"]);
    assert_eq!(log[1][5], "yes");
    let limits = table_with(&t, &["No.", "Information", "Why", "Effect on the audit"]);
    assert_eq!(
        limits[1][1..],
        [
            "Offsite tape inventory",
            "unavailable",
            "Offsite copies not verified."
        ]
    );
    let samples = table_with(
        &t,
        &[
            "Criterion",
            "Population",
            "Sample",
            "Method",
            "Examined",
            "Deviations",
            "How the size was set",
        ],
    );
    assert_eq!(
        samples[1][..4],
        [
            "A.8.13 Information backup",
            "40 (backup jobs of May 2027)",
            "5",
            "statistical, drawn at random (seed 1234)"
        ]
    );
    let evidence = table_with(
        &t,
        &[
            "Ref.", "Evidence", "Kind", "Date", "Source", "Criteria", "Findings", "Files",
        ],
    );
    assert_eq!(evidence.len(), 3);
    assert_eq!(evidence[1][6], "F-001");
}

#[test]
fn oscal_plan_has_sessions_as_tasks_and_team_as_parties_and_results_cite_evidence_and_samples() {
    let json = fixture();
    let ap: Value = serde_json::from_str(&isms_office::audit_oscal(&json, "ap").unwrap()).unwrap();
    let plan = &ap["assessment-plan"];
    assert_eq!(plan["metadata"]["props"][1]["name"], "classification");
    assert_eq!(plan["metadata"]["props"][1]["value"], "Confidential");
    let parties = plan["metadata"]["parties"].as_array().unwrap();
    let names: Vec<&str> = parties
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Lee Lead", "Ann Auditor", "Tom Expert"],
        "the lead once"
    );
    let roles: Vec<(&str, usize)> = plan["metadata"]["responsible-parties"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["role-id"].as_str().unwrap(),
                r["party-uuids"].as_array().unwrap().len(),
            )
        })
        .collect();
    assert_eq!(
        roles,
        [("lead-auditor", 1), ("auditor", 1), ("technical-expert", 1)]
    );
    let sessions = plan["tasks"][0]["tasks"].as_array().unwrap();
    let titles: Vec<&str> = sessions
        .iter()
        .map(|t| t["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Opening meeting", "Backup and restore interview"]);
    let interview = &sessions[1];
    let prop = |o: &Value, name: &str| -> Vec<String> {
        o["props"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|p| p["name"] == name)
            .map(|p| p["value"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(prop(interview, "time"), ["10:30-12:00"]);
    assert_eq!(prop(interview, "criterion"), ["a.8.13"]);
    assert_eq!(
        interview["timing"]["within-date-range"]["start"],
        "2027-05-03T00:00:00Z"
    );
    let ann = parties.iter().find(|p| p["name"] == "Ann Auditor").unwrap();
    let auditors = interview["responsible-roles"][0]["party-uuids"]
        .as_array()
        .unwrap();
    assert_eq!(auditors.len(), 2);
    assert_eq!(auditors[0], ann["uuid"]);

    let ar: Value = serde_json::from_str(&isms_office::audit_oscal(&json, "ar").unwrap()).unwrap();
    let results = &ar["assessment-results"];
    let resources = results["back-matter"]["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 2, "the evidence register");
    let evidence = results["results"][0]["observations"][0]["relevant-evidence"]
        .as_array()
        .unwrap();
    assert_eq!(evidence.len(), 2, "the finding's text and E-001");
    assert_eq!(
        evidence[1]["href"].as_str().unwrap(),
        format!("#{}", resources[0]["uuid"].as_str().unwrap())
    );
    assert_eq!(
        prop(&resources[0], "file"),
        ["restore-log.pdf (SHA-256 9f86d081884c7d65)"]
    );
    let sample = results["results"][0]["observations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["types"][0] == "sampling")
        .unwrap();
    assert_eq!(prop(sample, "population-size"), ["40"]);
    assert_eq!(prop(sample, "sample-size"), ["5"]);
    assert_eq!(prop(sample, "seed"), ["1234"]);
    assert_eq!(prop(sample, "selected"), ["3 11 19 27 38"]);
    assert_eq!(prop(sample, "deviations"), ["1"]);
    assert!(
        sample["props"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["ns"] == "urn:isms-audit:oscal")
    );
}

/// The `report.*` messages of the page's catalog for `lang`, as the page sends them.
fn messages(lang: &str) -> Value {
    let path = root().join(format!("www/src/messages/{lang}/report.json"));
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The fixture with the messages of `lang` (and the decision's statements set, so that
/// the engine's English sentences are in it).
fn fixture_in(lang: &str) -> Value {
    let mut model: Value = serde_json::from_str(&fixture()).unwrap();
    model["report"]["summary"]["effectiveness"] =
        "The ISMS is implemented and maintained, but not effectively in every part audited.".into();
    model["report"]["summary"]["objectivesAchieved"] = "The audit objectives were achieved.".into();
    model["report"]["samplingCaveat"] = isms_audit::report::SAMPLING_CAVEAT.into();
    if lang != "none" {
        model["messages"] = messages(lang);
    }
    model
}

fn programme_in(lang: &str) -> Value {
    let mut json = serde_json::json!({
        "name": "ISMS audit programme 2027", "purpose": "Certification readiness",
        "objectives": ["Cover every clause"], "period": "2027-01-01 to 2027-12-31",
        "owner": "Pat Manager", "classification": "Internal", "generatedAt": "2027-05-10T09:30:00Z",
        "audits": [{ "title": "Backup review", "kind": "Internal audit", "status": "completed",
                     "plannedStart": "2027-05-03", "plannedEnd": "2027-05-04", "leadAuditor": "Lee Lead" }],
        "figures": [["Audits completed", "1 of 1"]],
        "actions": [{ "findingReference": "F-001", "grade": "major_nonconformity", "criterionId": "A.8.13",
                      "statement": "No restore test.", "overdue": false,
                      "action": { "number": 1, "description": "Run a restore test.", "owner": "Ops lead",
                                  "due": "2027-07-01", "status": "verified_effective" } }],
        "competence": [],
    });
    if lang != "none" {
        json["messages"] = messages(lang);
    }
    json
}

/// Everything the reader sees of a Word file.
fn seen(d: &Value) -> Value {
    serde_json::json!([
        d["headings"],
        d["paragraphs"],
        d["tables"],
        d["header"],
        d["footer"]
    ])
}

#[test]
fn english_messages_give_the_words_of_a_model_without_messages() {
    // The Word files keep their English words when the page sends its English catalog;
    // only the session method and the reason information was not obtained take the
    // catalog's (and the HTML report's) wording.
    let (none, en) = (fixture_in("none"), fixture_in("en"));
    for (name, write) in [
        ("report", isms_office::audit_docx as fn(&str) -> _),
        ("plan", isms_office::audit_plan_docx),
    ] {
        let a = read(
            &format!("{name}-none.docx"),
            &write(&none.to_string()).unwrap(),
        );
        let b = read(&format!("{name}-en.docx"), &write(&en.to_string()).unwrap());
        let same = |v: &Value| {
            v.to_string()
                .replace(", with interaction", " with interaction")
                .replace(", without interaction", " without interaction")
        };
        assert_eq!(same(&seen(&a)), same(&seen(&b)), "{name}");
        assert_eq!(a["footer"], "Page 1 of 1");
    }
    let a = read(
        "programme-none.docx",
        &isms_office::programme_docx(&programme_in("none").to_string()).unwrap(),
    );
    let b = read(
        "programme-en.docx",
        &isms_office::programme_docx(&programme_in("en").to_string()).unwrap(),
    );
    assert_eq!(seen(&a), seen(&b));
}

#[test]
fn a_german_export_has_german_headings_tables_and_sentences() {
    let de = fixture_in("de");
    let d = read(
        "report-de.docx",
        &isms_office::audit_docx(&de.to_string()).unwrap(),
    );
    let h = headings(&d);
    for (style, text) in [
        ("Heading 1", "Zusammenfassung für die Leitung"),
        ("Heading 1", "Das Audit"),
        ("Heading 1", "Durchführung des Audits"),
        ("Heading 2", "Eröffnungsbesprechung"),
        ("Heading 1", "Feststellungen"),
        ("Heading 2", "Bedeutung der Einstufungen"),
        ("Heading 1", "Stichproben und nicht abgedeckte Bereiche"),
        ("Heading 2", "Nachweisregister"),
        ("Heading 1", "Interne Kennzahlen"),
        ("Heading 1", "Anhang: Checkliste"),
    ] {
        assert!(
            h.contains(&(style.to_string(), text.to_string())),
            "{text}: {h:?}"
        );
    }
    assert_eq!(
        d["header"],
        "Backup & restore <review> · Confidential · ENTWURF"
    );
    assert_eq!(d["footer"], "Seite 1 von 1");
    let paragraphs: Vec<&str> = d["paragraphs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap())
        .collect();
    for p in [
        "Internes Audit (Erstparteien-Audit) · ENTWURF: nicht geprüft, freigegeben und herausgegeben · erstellt am 2027-05-10T09:30:00Z von Lee Lead",
        "Die Auditkriterien sind nicht erfüllt.",
        "Angewandte Regel: 1 Kriterium mit einer Hauptabweichung.",
        "Die Auditziele wurden erreicht.",
    ] {
        assert!(paragraphs.contains(&p), "{p}: {paragraphs:?}");
    }
    assert!(
        paragraphs
            .iter()
            .any(|p| p.starts_with("Ein Audit prüft in begrenzter Zeit")),
        "{paragraphs:?}"
    );
    assert!(
        paragraphs
            .iter()
            .any(|p| p.starts_with("Behandelte Themen: Auditplan abgestimmt")),
        "{paragraphs:?}"
    );
    let t = tables(&d);
    let findings = table_with(
        &t,
        &[
            "Nr.",
            "Einstufung",
            "Auditkriterien",
            "Feststellung",
            "Auditnachweis",
            "Datum",
            "Risiko",
        ],
    );
    assert_eq!(findings[1][1], "Hauptabweichung");
    assert!(
        findings[1][6].starts_with("kritisch ("),
        "{:?}",
        findings[1]
    );
    let about = table_with(&t, &["Angabe", "Inhalt"]);
    assert!(
        about
            .iter()
            .any(|r| r[0] == "Audittermine" || r[0] == "Termine"),
        "{about:?}"
    );
    let checklist = t.last().unwrap();
    assert_eq!(checklist[0][..3], ["Kriterium", "Titel", "Ergebnis"]);
    assert!(
        checklist.iter().any(|r| r[2] == "Hauptabweichung"),
        "{checklist:?}"
    );
    let indicators = table_with(&t, &["Kennzahl", "Wert"]);
    assert!(
        indicators[1][1].contains(','),
        "decimal comma: {indicators:?}"
    );

    let plan = read(
        "plan-de.docx",
        &isms_office::audit_plan_docx(&de.to_string()).unwrap(),
    );
    assert_eq!(
        headings(&plan)
            .into_iter()
            .map(|(_, t)| t)
            .collect::<Vec<_>>(),
        [
            "Auditplan: Backup & restore <review>",
            "Das Audit",
            "Auditteam",
            "Ablaufplan",
            "Annahme durch die auditierte Stelle"
        ]
    );
    let team = table_with(&tables(&plan), &["Name", "Rolle", "Zugewiesene Kriterien"]).clone();
    assert_eq!(team[1][1], "Auditteamleiter");

    let p = read(
        "programme-de.docx",
        &isms_office::programme_docx(&programme_in("de").to_string()).unwrap(),
    );
    assert_eq!(
        headings(&p)
            .into_iter()
            .skip(1)
            .map(|(_, t)| t)
            .collect::<Vec<_>>(),
        [
            "Zweck und Ziele",
            "Audits",
            "Überwachung",
            "Fällige Kompetenznachweise der Auditoren",
            "Offene Korrekturmaßnahmen"
        ]
    );
    let actions = tables(&p).pop().unwrap();
    assert_eq!(actions[0][1], "Korrekturmaßnahme");
    assert_eq!(actions[1][4], "als wirksam verifiziert");

    // The workbook: German sheet names and column titles, the values typed as before.
    let x = read(
        "registers-de.xlsx",
        &isms_office::audit_xlsx(&de.to_string()).unwrap(),
    );
    assert_eq!(
        x["order"],
        serde_json::json!(["Feststellungen", "Korrekturmaßnahmen", "Checkliste", "SoA"])
    );
    let f = &x["sheets"]["Feststellungen"];
    assert_eq!(
        f["rows"][0][0],
        serde_json::json!({"type": "string", "value": "Nummer"})
    );
    assert_eq!(
        f["rows"][1][1],
        serde_json::json!({"type": "string", "value": "Hauptabweichung"})
    );
    assert_eq!(
        f["rows"][1][5],
        serde_json::json!({"type": "date", "value": "2027-05-03"})
    );
}

#[test]
fn every_english_sentence_of_the_engine_is_worded_in_german() {
    let de: isms_office::model::Messages = serde_json::from_value(messages("de")).unwrap();
    let en: isms_office::model::Messages = serde_json::from_value(messages("en")).unwrap();
    use isms_audit::audit::conclusion::Effectiveness;
    let sentences = isms_audit::audit::conduct::OPENING_TOPICS
        .iter()
        .chain(isms_audit::audit::conduct::CLOSING_TOPICS)
        .map(|(_, label)| *label)
        .chain([isms_audit::report::SAMPLING_CAVEAT])
        .chain(
            [
                Effectiveness::Effective,
                Effectiveness::PartlyEffective,
                Effectiveness::NotEffective,
            ]
            .map(Effectiveness::label),
        );
    for english in sentences {
        let german = isms_office::model::engine_sentence(&de, english);
        assert_ne!(german, english, "no German for the engine's \"{english}\"");
        assert_eq!(isms_office::model::engine_sentence(&en, english), english);
    }
    for rule in [
        "1 criterion with a major nonconformity.",
        "no criterion has been audited.",
        "3 criteria in scope not yet audited, with no reason recorded in the checklist notes.",
        "no major nonconformity; 2 criteria with minor or ungraded nonconformities.",
        "12 criteria audited, no nonconformity.",
    ] {
        assert_eq!(isms_office::model::rule_words(&en, rule), rule);
        let german = isms_office::model::rule_words(&de, rule);
        assert_ne!(german, rule);
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).collect::<String>();
        assert_eq!(digits(&german), digits(rule), "{german}");
    }
}
