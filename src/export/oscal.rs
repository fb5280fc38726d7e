//! OSCAL 1.1.3 JSON (NIST's Open Security Controls Assessment Language): the assessment
//! plan, the assessment results and the plan of action and milestones (POA&M) of one
//! audit. Every id is a name-based UUID (v5) from the workspace, the audit and the
//! record, so exporting the same audit again gives byte-identical files. What OSCAL has
//! no field for (the ISO grade, the sampling, the audit's kind) goes into props in the
//! project's own namespace. Criteria become control ids in OSCAL's token form:
//! clause "9.2" -> "c.9.2", control "A.5.15" -> "a.5.15", custom "POL:PW-1" ->
//! "x.POL.PW-1".

use crate::Error;
use crate::model::{AuditExport, EvidenceEntry, Finding, Sample, Session, words};
use serde_json::{Value, json};
use uuid::Uuid;

pub const OSCAL_VERSION: &str = "1.1.3";
/// The namespace of the project's own props.
pub const NS: &str = "urn:isms-audit:oscal";

/// Ids of one workspace's records.
struct Ids(Uuid);

impl Ids {
    fn new(workspace: &str) -> Self {
        let project = Uuid::new_v5(&Uuid::NAMESPACE_URL, b"urn:isms-audit");
        Ids(Uuid::new_v5(&project, workspace.as_bytes()))
    }

    /// The UUID of `parts` joined by "/", e.g. ["audit", id, "finding", "F-001"].
    fn of(&self, parts: &[&str]) -> String {
        Uuid::new_v5(&self.0, parts.join("/").as_bytes()).to_string()
    }
}

pub fn assessment_plan(export: &AuditExport) -> Result<String, Error> {
    let r = &export.report;
    let ids = Ids::new(&export.workspace);
    let audit = &r.audit.id;
    let scope_id = ids.of(&["audit", audit, "scope"]);
    let mut scope = vec![format!("Auditee: {}", or_dash(&r.audit.auditee))];
    for (label, items) in [
        ("Units", &r.audit.units),
        ("Processes", &r.audit.processes),
        ("Locations", &r.audit.locations),
    ] {
        if !items.is_empty() {
            scope.push(format!("{label}: {}", items.join(", ")));
        }
    }
    let mut plan = json!({
        "uuid": ids.of(&["audit", audit, "assessment-plan"]),
        "metadata": metadata(export, &ids, "plan"),
        // OSCAL expects a system security plan; an ISMS audit has none, so the import
        // names the audit's scope, described in back-matter.
        "import-ssp": { "href": format!("#{scope_id}") },
        "reviewed-controls": reviewed_controls(export),
        "tasks": [audit_task(export, &ids)?],
        "back-matter": { "resources": [{
            "uuid": scope_id,
            "title": "Audit scope (the ISMS audited; no OSCAL system security plan)",
            "description": scope.join("\n"),
        }]},
    });
    let objectives = r.audit.objectives.trim();
    if !objectives.is_empty() {
        plan["terms-and-conditions"] = json!({ "parts": [{
            "name": "assessment-objectives",
            "title": "Audit objectives",
            "prose": objectives,
        }]});
    }
    document("assessment-plan", plan)
}

/// The audit as one task, its plan's sessions as the tasks within it (in date order).
/// A session's times are local times with no time zone, which OSCAL's date-times must
/// have: the timing gives the day and a prop the times as planned.
fn audit_task(export: &AuditExport, ids: &Ids) -> Result<Value, Error> {
    let r = &export.report;
    let audit = &r.audit.id;
    let mut task = json!({
        "uuid": ids.of(&["audit", audit, "task", "audit"]),
        "type": "action",
        "title": one_line(&format!("Audit: {}", r.audit.title)),
        "timing": { "within-date-range": {
            "start": start_of(&r.audit.planned_start)?,
            "end": end_of(&r.audit.planned_end)?,
        }},
    });
    let mut sessions: Vec<&Session> = r.conduct.sessions.iter().collect();
    sessions.sort_by(|x, y| (&x.date, &x.start, x.number).cmp(&(&y.date, &y.start, y.number)));
    if sessions.is_empty() {
        return Ok(task);
    }
    let people = People::of(export, ids);
    let mut tasks = Vec::new();
    for s in sessions {
        let mut props = vec![
            prop("session", &s.number.to_string()),
            prop("time", &format!("{}-{}", s.start, s.end)),
            prop("method", &words(&s.method)),
        ];
        if !s.place.trim().is_empty() {
            props.push(prop("place", &s.place));
        }
        props.extend(s.auditees.iter().map(|a| prop("auditee", a)));
        props.extend(s.criteria.iter().map(|c| prop("criterion", &control_id(c))));
        let mut t = json!({
            "uuid": ids.of(&["audit", audit, "session", &s.number.to_string()]),
            "type": "action",
            "title": one_line(&s.activity),
            "props": props,
            "timing": { "within-date-range": {
                "start": start_of(&s.date)?,
                "end": end_of(&s.date)?,
            }},
        });
        let auditors: Vec<Value> = s
            .auditors
            .iter()
            .filter_map(|name| people.uuid(name))
            .map(Value::String)
            .collect();
        if !auditors.is_empty() {
            t["responsible-roles"] = json!([{ "role-id": "audit-team", "party-uuids": auditors }]);
        }
        tasks.push(t);
    }
    task["tasks"] = tasks.into();
    Ok(task)
}

/// The audit's people as OSCAL parties: the lead auditor, then the planned team (or,
/// for an audit with none, the report's team lines), each with the role they hold.
struct People {
    /// (name, party uuid, role id)
    parties: Vec<(String, String, String)>,
}

const ROLES: &[(&str, &str)] = &[
    ("lead-auditor", "Lead auditor"),
    ("auditor", "Auditor"),
    ("auditor-in-training", "Auditor in training"),
    ("technical-expert", "Technical expert"),
    ("observer", "Observer"),
    ("guide", "Guide"),
    ("audit-team", "Audit team member"),
];

impl People {
    fn of(export: &AuditExport, ids: &Ids) -> People {
        let r = &export.report;
        let audit = &r.audit.id;
        let lead = r.audit.lead_auditor.trim();
        let mut parties = vec![(
            lead.to_string(),
            ids.of(&["audit", audit, "party", "lead"]),
            "lead-auditor".to_string(),
        )];
        let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
        if r.conduct.team.is_empty() {
            for (i, member) in r.audit.team.iter().enumerate() {
                if !member.trim().is_empty() {
                    let id = ids.of(&["audit", audit, "party", "team", &i.to_string()]);
                    parties.push((member.clone(), id, "audit-team".to_string()));
                }
            }
        }
        for m in &r.conduct.team {
            if m.name.trim().is_empty() || parties.iter().any(|(n, _, _)| same(n, &m.name)) {
                continue;
            }
            let key = m.name.trim().to_lowercase();
            let role = m.role.replace('_', "-");
            let role = if ROLES.iter().any(|(id, _)| *id == role) {
                role
            } else {
                "audit-team".to_string()
            };
            parties.push((
                m.name.trim().to_string(),
                ids.of(&["audit", audit, "party", "member", &key]),
                role,
            ));
        }
        People { parties }
    }

    fn uuid(&self, name: &str) -> Option<String> {
        self.parties
            .iter()
            .find(|(n, _, _)| n.trim().eq_ignore_ascii_case(name.trim()))
            .map(|(_, id, _)| id.clone())
    }
}

pub fn assessment_results(export: &AuditExport) -> Result<String, Error> {
    let r = &export.report;
    let ids = Ids::new(&export.workspace);
    let audit = &r.audit.id;
    let mut result = json!({
        "uuid": ids.of(&["audit", audit, "result"]),
        "title": one_line(&format!("Results: {}", r.audit.title)),
        "description": non_empty(&format!("{}\n\n{}", r.summary.statement, r.summary.text)),
        "start": start_of(&r.audit.planned_start)?,
        "end": end_of(&r.audit.planned_end)?,
        "reviewed-controls": reviewed_controls(export),
    });
    let mut props = vec![prop("audit-kind", &r.audit.kind_label)];
    props.extend(
        [
            ("sampling", r.sampling.as_str()),
            ("sampling-caveat", r.sampling_caveat.as_str()),
            ("coverage", r.indicators.coverage.as_str()),
            ("conformity", r.indicators.conformity.as_str()),
            ("conclusion", r.summary.statement.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .map(|(name, value)| prop(name, value)),
    );
    result["props"] = Value::Array(props);
    let mut observations = r
        .findings
        .iter()
        .map(|f| observation(&ids, audit, f, &r.evidence))
        .collect::<Result<Vec<_>, _>>()?;
    // A sampling plan has no date of its own: it was drawn during the audit.
    let during = start_of(
        r.audit
            .actual_start
            .as_deref()
            .unwrap_or(&r.audit.planned_start),
    )?;
    observations.extend(r.samples.iter().map(|s| sample(&ids, audit, s, &during)));
    if !observations.is_empty() {
        result["observations"] = observations.into();
    }
    if !r.findings.is_empty() {
        result["findings"] = r
            .findings
            .iter()
            .map(|f| finding(&ids, audit, f))
            .collect::<Vec<_>>()
            .into();
    }
    let mut results = json!({
        "uuid": ids.of(&["audit", audit, "assessment-results"]),
        "metadata": metadata(export, &ids, "results"),
        "import-ap": { "href": format!("#{}", ids.of(&["audit", audit, "assessment-plan"])) },
        "results": [result],
    });
    if !r.evidence.is_empty() {
        let resources: Vec<Value> = r
            .evidence
            .iter()
            .map(|e| evidence_resource(&ids, audit, e))
            .collect();
        results["back-matter"] = json!({ "resources": resources });
    }
    document("assessment-results", results)
}

/// The POA&M of the audit's corrective actions not yet closed.
pub fn poam(export: &AuditExport) -> Result<String, Error> {
    let r = &export.report;
    let ids = Ids::new(&export.workspace);
    let audit = &r.audit.id;
    let items: Vec<Value> = export
        .actions
        .iter()
        .filter(|a| a.action.status != "closed")
        .map(|a| {
            let number = a.action.number.to_string();
            let mut props = vec![
                prop("finding", &a.finding_reference),
                prop("grade", &a.grade),
                prop("action-status", &a.action.status),
                prop("due", &a.action.due),
                prop("owner", &a.action.owner),
            ];
            if !a.criterion_id.is_empty() {
                props.push(prop("criterion", &a.criterion_id));
            }
            json!({
                "uuid": ids.of(&["audit", audit, "finding", &a.finding_reference, "action", &number]),
                "title": one_line(&format!("{} action {}: {}", a.finding_reference, number, a.action.description)),
                "description": non_empty(&format!("{}\n\nNonconformity: {}", a.action.description, a.statement)),
                "props": props,
            })
        })
        .collect();
    if items.is_empty() {
        return Err(Error::invalid(
            "This audit has no open corrective action, so there is nothing for a POA&M; it lists the actions not yet closed.".to_string(),
        ));
    }
    let poam = json!({
        "uuid": ids.of(&["audit", audit, "poam"]),
        "metadata": metadata(export, &ids, "POA&M"),
        "poam-items": items,
    });
    document("plan-of-action-and-milestones", poam)
}

fn document(root: &str, body: Value) -> Result<String, Error> {
    let mut doc = serde_json::Map::new();
    doc.insert(root.to_string(), body);
    serde_json::to_string_pretty(&Value::Object(doc))
        .map_err(|e| Error::internal(format!("The OSCAL file could not be written: {e}.")))
}

fn metadata(export: &AuditExport, ids: &Ids, what: &str) -> Value {
    let r = &export.report;
    let people = People::of(export, ids);
    let parties: Vec<Value> = people
        .parties
        .iter()
        .map(|(name, id, _)| json!({ "uuid": id, "type": "person", "name": one_line(name) }))
        .collect();
    // One responsible-party per role held, in the order of ROLES.
    let responsible: Vec<Value> = ROLES
        .iter()
        .filter_map(|(role, _)| {
            let holders: Vec<&String> = people
                .parties
                .iter()
                .filter(|(_, _, r)| r == role)
                .map(|(_, id, _)| id)
                .collect();
            (!holders.is_empty()).then(|| json!({ "role-id": role, "party-uuids": holders }))
        })
        .collect();
    json!({
        "title": one_line(&format!("{}: assessment {what}", r.audit.title)),
        "last-modified": r.generated_at,
        "version": match r.issue.version {
            Some(v) if !r.issue.is_draft() => v.to_string(),
            _ => "draft".to_string(),
        },
        "oscal-version": OSCAL_VERSION,
        "props": [
            prop("programme", or_dash(&r.programme)),
            prop("classification", or_dash(if r.classification.is_empty() { &export.classification } else { &r.classification })),
        ],
        "roles": ROLES.iter().map(|(id, title)| json!({ "id": id, "title": title })).collect::<Vec<_>>(),
        "parties": parties,
        "responsible-parties": responsible,
    })
}

fn reviewed_controls(export: &AuditExport) -> Value {
    let controls: Vec<Value> = export
        .report
        .checklist
        .iter()
        .map(|c| json!({ "control-id": control_id(&c.criterion_id) }))
        .collect();
    if controls.is_empty() {
        json!({ "control-selections": [{ "include-all": {} }] })
    } else {
        json!({ "control-selections": [{ "include-controls": controls }] })
    }
}

/// The evidence of a finding: its own text, then each register entry that supports it,
/// pointing at that entry in the back-matter.
fn observation(
    ids: &Ids,
    audit: &str,
    f: &Finding,
    register: &[EvidenceEntry],
) -> Result<Value, Error> {
    let mut evidence = vec![json!({ "description": non_empty(&f.evidence) })];
    evidence.extend(
        register
            .iter()
            .filter(|e| e.findings.contains(&f.reference))
            .map(|e| {
                json!({
                    "href": format!("#{}", ids.of(&["audit", audit, "evidence", &e.reference])),
                    "description": non_empty(&format!("{} {}", e.reference, e.title)),
                    "props": [prop("evidence", &e.reference)],
                })
            }),
    );
    let mut o = json!({
        "uuid": ids.of(&["audit", audit, "finding", &f.reference, "observation"]),
        "title": one_line(&format!("Evidence for {}", f.reference)),
        "description": non_empty(&f.evidence),
        "methods": ["EXAMINE"],
        "types": ["finding"],
        "relevant-evidence": evidence,
    });
    if !f.date.is_empty() {
        o["collected"] = start_of(&f.date)?.into();
    }
    Ok(o)
}

/// A sampling plan as an observation; its figures in the project's props.
fn sample(ids: &Ids, audit: &str, s: &Sample, collected: &str) -> Value {
    let mut props = vec![
        prop("criterion", &control_id(&s.criterion_id)),
        prop("sampling-method", &s.method),
        prop("population", &s.population),
        prop("population-size", &s.population_size.to_string()),
        prop("sample-size", &s.sample_size.to_string()),
        prop("examined", &s.examined.to_string()),
        prop("deviations", &s.deviations.to_string()),
    ];
    if !s.seed.is_empty() {
        props.push(prop("seed", &s.seed));
        let selected: Vec<String> = s.selected.iter().map(u32::to_string).collect();
        props.push(prop("selected", &selected.join(" ")));
    }
    json!({
        "uuid": ids.of(&["audit", audit, "sample", &s.criterion_id]),
        "title": one_line(&format!("Sample for {} {}", s.criterion_id, s.title)),
        "description": non_empty(&format!("{}\n\n{}", s.derivation, s.notes)),
        "methods": ["TEST"],
        "types": ["sampling"],
        "props": props,
        "collected": collected,
    })
}

/// An entry of the evidence register, as a back-matter resource the observations cite.
fn evidence_resource(ids: &Ids, audit: &str, e: &EvidenceEntry) -> Value {
    let mut props = vec![
        prop("evidence", &e.reference),
        prop("evidence-kind", &e.kind),
    ];
    if !e.date.is_empty() {
        props.push(prop("date", &e.date));
    }
    if !e.source.trim().is_empty() {
        props.push(prop("source", &e.source));
    }
    props.extend(
        e.criterion_ids
            .iter()
            .map(|c| prop("criterion", &control_id(c))),
    );
    props.extend(e.files.iter().map(|f| prop("file", f)));
    json!({
        "uuid": ids.of(&["audit", audit, "evidence", &e.reference]),
        "title": one_line(&format!("{} {}", e.reference, e.title)),
        "props": props,
    })
}

fn finding(ids: &Ids, audit: &str, f: &Finding) -> Value {
    let nonconformity = matches!(
        f.grade.as_str(),
        "major_nonconformity" | "minor_nonconformity"
    );
    let mut props = vec![prop("grade", &f.grade), prop("reference", &f.reference)];
    if let Some(risk) = &f.risk {
        props.push(prop("risk", risk));
    }
    props.extend(
        f.criteria
            .iter()
            .skip(1)
            .map(|c| prop("also-against", &control_id(&c.id))),
    );
    props.extend(f.groups.iter().map(|g| prop("groups", g)));
    let target = f
        .criteria
        .first()
        .map(|c| control_id(&c.id))
        .unwrap_or_else(|| "x.none".to_string());
    json!({
        "uuid": ids.of(&["audit", audit, "finding", &f.reference]),
        "title": one_line(&format!("{} {}: {}", f.reference, f.grade_label, f.criteria_text())),
        "description": non_empty(&f.statement),
        "props": props,
        "target": {
            "type": "objective-id",
            "target-id": target,
            "status": { "state": if nonconformity { "not-satisfied" } else { "satisfied" } },
        },
        "related-observations": [{
            "observation-uuid": ids.of(&["audit", audit, "finding", &f.reference, "observation"]),
        }],
    })
}

/// A criterion id as an OSCAL token (a letter first; letters, digits, ".", "-", "_").
pub fn control_id(criterion: &str) -> String {
    let raw = if let Some((set, id)) = criterion.split_once(':') {
        format!("x.{set}.{id}")
    } else if let Some(rest) = criterion.strip_prefix("A.") {
        format!("a.{rest}")
    } else {
        format!("c.{criterion}")
    };
    raw.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn prop(name: &str, value: &str) -> Value {
    json!({ "name": name, "ns": NS, "value": one_line(value) })
}

/// OSCAL's strings are one line with no space at either end.
fn one_line(text: &str) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.is_empty() {
        "-".to_string()
    } else {
        line
    }
}

fn or_dash(text: &str) -> &str {
    if text.trim().is_empty() { "-" } else { text }
}

/// Markup text may hold line breaks, but never be empty.
fn non_empty(text: &str) -> String {
    let t = text.trim();
    if t.is_empty() {
        "Not recorded.".to_string()
    } else {
        t.to_string()
    }
}

fn start_of(date: &str) -> Result<String, Error> {
    Ok(format!("{}T00:00:00Z", checked_date(date)?))
}

fn end_of(date: &str) -> Result<String, Error> {
    Ok(format!("{}T23:59:59Z", checked_date(date)?))
}

fn checked_date(date: &str) -> Result<&str, Error> {
    let b = date.as_bytes();
    let ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    if ok {
        Ok(date)
    } else {
        Err(Error::invalid(format!(
            "\"{date}\" is not a date (YYYY-MM-DD); OSCAL needs the audit's dates."
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn criteria_become_oscal_tokens() {
        assert_eq!(control_id("9.2"), "c.9.2");
        assert_eq!(control_id("A.5.15"), "a.5.15");
        assert_eq!(control_id("POL:PW 1"), "x.POL.PW_1");
    }

    #[test]
    fn ids_depend_on_workspace_and_record_only() {
        let a = Ids::new("isms-audit");
        assert_eq!(
            a.of(&["audit", "x"]),
            Ids::new("isms-audit").of(&["audit", "x"])
        );
        assert_ne!(a.of(&["audit", "x"]), Ids::new("other").of(&["audit", "x"]));
        assert_eq!(&a.of(&["audit", "x"])[14..15], "5", "a version 5 UUID");
    }
}
