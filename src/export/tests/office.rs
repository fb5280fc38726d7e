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
    let d = read(
        "issued.docx",
        &isms_office::audit_docx(&model.to_string()).unwrap(),
    );
    assert_eq!(d["header"], "Backup & restore <review> · Confidential");
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
