//! Word (.docx) files, written with docx-rs: the audit report, the audit plan and the
//! programme report. Headings use Word's built-in heading styles (with outline levels, so
//! the navigation pane and a table of contents find them); every page has a header with
//! the title and classification (and DRAFT on drafts) and a footer "Page N of M".
//!
//! Every word the files add to the user's text is a `report.*` message of the page's
//! language (the model's `messages`), with the English text beside its key for a model
//! sent without messages. The engine's values (grades, outcomes, roles, methods, ...)
//! are worded from their raw values, the engine's English sentences through
//! `model::engine_sentence`.

use crate::model::{
    AuditExport, Chart, Conduct, Finding, Meeting, Messages, ProgrammeExport, Report,
    engine_sentence, rule_words, status_word, verdict_words, word, words,
};
use crate::{Error, base64};
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, NumPages, PageNum, Paragraph, Pic, Run,
    RunFonts, Style, StyleType, Table, TableCell, TableRow, WidthType,
};
use std::fmt::Display;
use std::io::{Cursor, Write};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

/// The words of one file: the page's messages, English where it sent none.
#[derive(Clone, Copy)]
struct Words<'a>(&'a Messages);

impl<'a> Words<'a> {
    /// The message `key`, or `english`.
    fn t(self, key: &'a str, english: &'a str) -> &'a str {
        word(self.0, key, english)
    }

    /// The message `key` (or `english`) with its placeholders filled.
    fn f(self, key: &str, english: &str, args: &[(&str, &dyn Display)]) -> String {
        self.0.tf_or(key, english, args)
    }

    /// An engine value's words by the key `prefix` + `value`; `english` without one.
    fn value(self, prefix: &str, value: &str, english: &str) -> String {
        word(self.0, &format!("{prefix}{value}"), english).to_string()
    }

    fn yes_no(self, yes: bool) -> String {
        if yes {
            self.t("report.yes", "yes")
        } else {
            self.t("report.no", "no")
        }
        .to_string()
    }

    /// The header row of a table.
    fn head<const N: usize>(self, columns: [(&'a str, &'a str); N]) -> [&'a str; N] {
        columns.map(|(key, english)| self.t(key, english))
    }
}

/// The audit report, as the report model gives it.
pub fn audit_report(export: &AuditExport) -> Result<Vec<u8>, Error> {
    let r = &export.report;
    let w = Words(&export.messages);
    let draft = r.issue.is_draft();
    let mut doc = document(w, &r.audit.title, marking(export), draft, &r.generated_at);
    doc = doc.add_paragraph(para(&r.audit.title).style("Title"));
    let issue = match r.issue.version {
        Some(v) if !draft => w.f(
            "report.docx.issued_version",
            "Issued version {version}",
            &[("version", &v)],
        ),
        _ => w
            .t(
                "report.docx.draft",
                "DRAFT: not reviewed, approved and issued",
            )
            .to_string(),
    };
    doc = doc.add_paragraph(para(&w.f(
        "report.docx.subtitle",
        "{kind} · {issue} · generated {at} by {by}",
        &[
            ("kind", &kind_label(w, r)),
            ("issue", &issue),
            ("at", &r.generated_at),
            ("by", &r.generated_by),
        ],
    )));

    doc = heading(doc, 1, w.t("report.docx.summary", "Executive summary"));
    doc = doc.add_paragraph(bold_para(&verdict_words(
        w.0,
        &r.summary.verdict,
        &r.audit.kind,
        &r.summary.statement,
    )));
    if !r.summary.text.is_empty() {
        doc = doc.add_paragraph(para(&r.summary.text));
    }
    for line in [
        r.summary.effectiveness.as_ref(),
        r.summary.objectives_achieved.as_ref(),
    ]
    .into_iter()
    .flatten()
    .filter(|t| !t.is_empty())
    {
        doc = doc.add_paragraph(para(&engine_sentence(w.0, line)));
    }
    doc = doc.add_paragraph(para(&w.f(
        "report.docx.rule",
        "Rule: {rule}",
        &[("rule", &rule_words(w.0, &r.summary.rule))],
    )));

    doc = heading(doc, 1, w.t("report.docx.the_audit", "The audit"));
    let scope = |items: &[String]| {
        if items.is_empty() {
            "—".to_string()
        } else {
            items.join(", ")
        }
    };
    let dates = dates(w, r);
    let mut team = vec![w.f(
        "report.docx.name_role",
        "{name} ({role})",
        &[
            ("name", &r.audit.lead_auditor),
            ("role", &w.t("report.role.lead_auditor", "lead auditor")),
        ],
    )];
    team.extend(r.audit.team.iter().map(|member| team_line(w, member)));
    let rows: Vec<(&str, String)> = vec![
        (
            w.t("report.docx.programme", "Programme"),
            r.programme.clone(),
        ),
        (
            w.t("report.details.auditee", "Auditee"),
            r.audit.auditee.clone(),
        ),
        (w.t("report.docx.client", "Client"), r.audit.client.clone()),
        (
            w.t("report.details.objectives", "Objectives"),
            r.audit.objectives.clone(),
        ),
        (w.t("report.docx.units", "Units"), scope(&r.audit.units)),
        (
            w.t("report.details.processes", "Processes"),
            scope(&r.audit.processes),
        ),
        (
            w.t("report.details.locations", "Locations"),
            scope(&r.audit.locations),
        ),
        (
            w.t("report.docx.audit_locations", "Audit locations"),
            r.audit.audit_locations.clone(),
        ),
        (w.t("report.conduct.dates", "Dates"), dates),
        (w.t("report.details.team", "Audit team"), team.join(", ")),
        (
            w.t("report.details.criteria", "Criteria"),
            criteria_value(w, r),
        ),
        (
            w.t("report.details.soa", "Statement of Applicability"),
            r.criteria
                .soa
                .as_deref()
                .map_or_else(|| "—".to_string(), |soa| soa_words(w, soa)),
        ),
        (
            w.t("report.docx.criteria_sets", "Criteria sets"),
            scope(
                &r.criteria
                    .custom_sets
                    .iter()
                    .map(|s| set_words(w, s))
                    .collect::<Vec<_>>(),
            ),
        ),
    ];
    doc = doc.add_table(table(
        &item_detail(w),
        rows.iter()
            .map(|(k, v)| vec![(*k).to_string(), v.clone()])
            .collect(),
    ));

    doc = conduct(w, doc, &r.conduct);

    doc = heading(doc, 1, w.t("report.col.findings", "Findings"));
    if r.findings.is_empty() {
        doc = doc.add_paragraph(para(
            w.t("report.findings.none", "No findings were recorded."),
        ));
    } else {
        doc = doc.add_table(findings_table(w, &r.findings));
    }
    if !r.good_practices.is_empty() {
        doc = heading(doc, 2, w.t("report.good_practices", "Good practices"));
        for g in &r.good_practices {
            doc = doc.add_paragraph(para(g));
        }
    }
    if !r.grade_definitions.is_empty() {
        doc = heading(doc, 2, w.t("report.docx.grades", "What the grades mean"));
        doc = doc.add_table(table(
            &w.head([
                ("report.col.grade", "Grade"),
                ("report.docx.definition", "Definition"),
            ]),
            r.grade_definitions
                .iter()
                .map(|g| {
                    vec![
                        w.value("report.grade.", &g.grade, &g.label),
                        g.definition.clone(),
                    ]
                })
                .collect(),
        ));
    }

    doc = heading(
        doc,
        1,
        w.t("report.docx.sampling", "Sampling and areas not covered"),
    );
    if !r.sampling_caveat.is_empty() {
        doc = doc.add_paragraph(para(&engine_sentence(w.0, &r.sampling_caveat)));
    }
    if !r.sampling.is_empty() {
        doc = doc.add_paragraph(para(&r.sampling));
    }
    if !r.samples.is_empty() {
        doc = heading(doc, 2, w.t("report.docx.samples", "Samples"));
        doc = doc.add_table(table(
            &w.head([
                ("report.col.criterion", "Criterion"),
                ("report.docx.population", "Population"),
                ("report.docx.sample", "Sample"),
                ("report.docx.method", "Method"),
                ("report.docx.examined", "Examined"),
                ("report.docx.deviations", "Deviations"),
                ("report.docx.derivation", "How the size was set"),
            ]),
            r.samples
                .iter()
                .map(|s| {
                    let mut method = w.value("report.sampling.method.", &s.method, &s.method);
                    if !s.seed.is_empty() {
                        method = w.f(
                            "report.docx.sample_seeded",
                            "{method}, drawn at random (seed {seed})",
                            &[("method", &method), ("seed", &s.seed)],
                        );
                    }
                    vec![
                        format!("{} {}", s.criterion_id, s.title),
                        format!("{} ({})", s.population_size, s.population),
                        s.sample_size.to_string(),
                        method,
                        s.examined.to_string(),
                        s.deviations.to_string(),
                        s.derivation.clone(),
                    ]
                })
                .collect(),
        ));
    }
    if !r.evidence.is_empty() {
        doc = heading(doc, 2, w.t("report.evidence_register", "Evidence register"));
        doc = doc.add_table(table(
            &w.head([
                ("report.col.ref", "Ref."),
                ("report.docx.evidence", "Evidence"),
                ("report.docx.kind", "Kind"),
                ("report.conduct.date", "Date"),
                ("report.docx.source", "Source"),
                ("report.details.criteria", "Criteria"),
                ("report.col.findings", "Findings"),
                ("report.docx.files", "Files"),
            ]),
            r.evidence
                .iter()
                .map(|e| {
                    vec![
                        e.reference.clone(),
                        e.title.clone(),
                        w.value("report.evidence.kind.", &e.kind, &words(&e.kind)),
                        e.date.clone(),
                        e.source.clone(),
                        e.criterion_ids.join(", "),
                        e.findings.join(", "),
                        e.files.join("\n"),
                    ]
                })
                .collect(),
        ));
    }
    if !r.not_covered.is_empty() {
        doc = heading(doc, 2, w.t("report.docx.not_covered", "Areas not covered"));
        doc = doc.add_table(table(
            &w.head([
                ("report.col.criterion", "Criterion"),
                ("report.register.col.title", "Title"),
                ("report.docx.reason", "Reason"),
            ]),
            r.not_covered
                .iter()
                .map(|n| {
                    vec![
                        n.criterion_id.clone(),
                        n.title.clone(),
                        engine_sentence(w.0, &n.reason),
                    ]
                })
                .collect(),
        ));
    }
    for (title, text) in [
        (
            w.t(
                "report.implications",
                "Implications for the audit programme",
            ),
            &r.programme_implications,
        ),
        (
            w.t("report.diverging", "Unresolved diverging opinions"),
            &r.diverging_opinions,
        ),
        (
            w.t("report.conduct.confidentiality", "Confidentiality"),
            &r.confidentiality,
        ),
    ] {
        if !text.is_empty() {
            doc = heading(doc, 1, title);
            doc = doc.add_paragraph(para(text));
        }
    }
    if !r.distribution.is_empty() {
        doc = heading(doc, 1, w.t("report.docx.distribution", "Distribution"));
        for d in &r.distribution {
            doc = doc.add_paragraph(para(d));
        }
    }

    doc = heading(doc, 1, w.t("report.docx.indicators", "Internal indicators"));
    doc = doc.add_paragraph(para(w.t(
        "report.docx.indicators_intro",
        "Numbers for the audit programme's own use; they are not part of the audit conclusion.",
    )));
    let figure = |value: &str| match value {
        "n/a" => w.t("report.na", value).to_string(),
        value => w.0.decimal(value.to_string()),
    };
    doc = doc.add_table(table(
        &w.head([
            ("report.docx.indicator", "Indicator"),
            ("report.col.value", "Value"),
        ]),
        vec![
            vec![
                w.t("report.indicators.coverage", "Coverage").into(),
                figure(&r.indicators.coverage),
            ],
            vec![
                w.t("report.indicators.conformity", "Conformity").into(),
                figure(&r.indicators.conformity),
            ],
            vec![
                w.t("report.indicators.index", "Nonconformity index").into(),
                figure(&r.indicators.nonconformity_index),
            ],
        ],
    ));
    for (i, chart) in export.charts.iter().enumerate() {
        doc = heading(doc, 2, &chart.title);
        doc = doc.add_paragraph(
            Paragraph::new()
                .style("Normal")
                .add_run(Run::new().add_image(picture(chart, i)?)),
        );
    }

    doc = heading(doc, 1, w.t("report.docx.checklist", "Appendix: checklist"));
    doc = doc.add_table(table(
        &w.head([
            ("report.col.criterion", "Criterion"),
            ("report.register.col.title", "Title"),
            ("report.register.col.result", "Result"),
            ("report.col.findings", "Findings"),
            ("report.col.notes", "Notes"),
        ]),
        r.checklist
            .iter()
            .map(|c| {
                vec![
                    c.criterion_id.clone(),
                    c.title.clone(),
                    w.value("report.outcome.", &c.outcome, &c.outcome_label),
                    c.findings.join(", "),
                    c.notes.clone(),
                ]
            })
            .collect(),
    ));
    pack(doc)
}

/// The audit plan, for the auditee: the audit, its team with their roles, the agenda
/// of sessions and the auditee's acceptance.
pub fn audit_plan(export: &AuditExport) -> Result<Vec<u8>, Error> {
    let r = &export.report;
    let w = Words(&export.messages);
    let c = &r.conduct;
    let title = w.f(
        "report.docx.plan_title",
        "Audit plan: {title}",
        &[("title", &r.audit.title)],
    );
    let mut doc = document(w, &title, marking(export), false, &r.generated_at);
    doc = doc.add_paragraph(para(&title).style("Title"));
    doc = doc.add_paragraph(para(&w.f(
        "report.docx.plan_subtitle",
        "{kind} · generated {at} by {by}",
        &[
            ("kind", &kind_label(w, r)),
            ("at", &r.generated_at),
            ("by", &r.generated_by),
        ],
    )));
    doc = heading(doc, 1, w.t("report.docx.the_audit", "The audit"));
    let scope = [
        (w.t("report.docx.units", "Units"), &r.audit.units),
        (
            w.t("report.details.processes", "Processes"),
            &r.audit.processes,
        ),
        (
            w.t("report.details.locations", "Locations"),
            &r.audit.locations,
        ),
    ]
    .iter()
    .filter(|(_, items)| !items.is_empty())
    .map(|(label, items)| {
        w.f(
            "report.docx.label_value",
            "{label}: {value}",
            &[("label", label), ("value", &items.join(", "))],
        )
    })
    .collect::<Vec<_>>()
    .join("\n");
    let mut rows = vec![
        (
            w.t("report.details.auditee", "Auditee"),
            r.audit.auditee.clone(),
        ),
        (
            w.t("report.details.client", "Audit client"),
            r.audit.client.clone(),
        ),
        (w.t("report.conduct.dates", "Dates"), dates(w, r)),
        (
            w.t("report.details.objectives", "Objectives"),
            r.audit.objectives.clone(),
        ),
        (w.t("report.docx.scope", "Scope"), scope),
        (
            w.t("report.details.criteria", "Criteria"),
            criteria_value(w, r),
        ),
        (
            w.t("report.details.lead_auditor", "Lead auditor"),
            r.audit.lead_auditor.clone(),
        ),
        (
            w.t("report.conduct.language", "Language"),
            c.initiation.language.clone(),
        ),
        (
            w.t("report.conduct.access", "Access"),
            c.initiation.access.clone(),
        ),
        (
            w.t("report.conduct.safety", "Safety and security"),
            c.initiation.safety.clone(),
        ),
        (
            w.t("report.conduct.confidentiality", "Confidentiality"),
            c.initiation.confidentiality.clone(),
        ),
    ];
    rows.retain(|(_, v)| !v.trim().is_empty());
    doc = doc.add_table(table(
        &item_detail(w),
        rows.into_iter()
            .map(|(k, v)| vec![k.to_string(), v])
            .collect(),
    ));
    doc = heading(doc, 1, w.t("report.conduct.team", "Audit team"));
    doc = if c.team.is_empty() {
        doc.add_paragraph(para(w.t(
            "report.docx.team_lead_only",
            "No team recorded beyond the lead auditor.",
        )))
    } else {
        doc.add_table(team_table(w, c))
    };
    doc = heading(doc, 1, w.t("report.docx.agenda", "Agenda"));
    doc = if c.sessions.is_empty() {
        doc.add_paragraph(para(
            w.t("report.docx.no_sessions", "No sessions planned yet."),
        ))
    } else {
        doc.add_table(sessions_table(w, c))
    };
    doc = heading(doc, 1, w.t("report.docx.acceptance", "Acceptance"));
    doc = doc.add_paragraph(para(&match &c.plan_acceptance {
        Some(a) => accepted(w, a),
        None => w
            .t(
                "report.docx.accept_line",
                "Accepted for the auditee by: ______________________  Date: ____________",
            )
            .to_string(),
    }));
    pack(doc)
}

/// The marking the report carries (an issued version keeps the one it was issued with);
/// the page's, for a report from before the classification was stored.
fn marking(export: &AuditExport) -> &str {
    if export.report.classification.is_empty() {
        &export.classification
    } else {
        &export.report.classification
    }
}

/// "Internal audit (first party)", from the audit's kind.
fn kind_label(w: Words, r: &Report) -> String {
    w.value("report.kind.", &r.audit.kind, &r.audit.kind_label)
}

/// The header row "Item", "Detail" of the two-column tables.
fn item_detail(w: Words<'_>) -> [&str; 2] {
    w.head([
        ("report.docx.item", "Item"),
        ("report.docx.detail", "Detail"),
    ])
}

/// "ISO/IEC 27001:2022 (97 criteria)".
fn criteria_value(w: Words, r: &Report) -> String {
    w.f(
        "report.docx.criteria_value",
        "{edition} ({count} criteria)",
        &[
            ("edition", &r.criteria.edition),
            ("count", &r.criteria.criteria_count),
        ],
    )
}

/// "Accepted for the auditee by A on D."
fn accepted(w: Words, a: &crate::model::PlanAcceptance) -> String {
    w.f(
        "report.docx.accepted_by",
        "Accepted for the auditee by {by} on {date}.",
        &[("by", &a.accepted_by), ("date", &a.date)],
    )
}

/// A member of the report's team, "Name (role)" with the role in the words of `w`
/// (the report JSON gives the role as the engine's value in words: "technical expert").
fn team_line(w: Words, member: &str) -> String {
    let role = member
        .strip_suffix(')')
        .and_then(|m| m.rsplit_once(" ("))
        .filter(|(_, role)| !role.is_empty());
    match role {
        Some((name, role)) => {
            let key = format!("report.role.{}", role.replace(' ', "_"));
            match w.0.t(&key) {
                found if found == key => member.to_string(),
                found => w.f(
                    "report.docx.name_role",
                    "{name} ({role})",
                    &[("name", &name), ("role", &found)],
                ),
            }
        }
        None => member.to_string(),
    }
}

/// "Name: 80 applicable, 13 excluded, 0 not assessed" (the report JSON's English) in the
/// words of `w`; any other text as it is.
fn soa_words(w: Words, soa: &str) -> String {
    let counts = soa.rsplit_once(": ").and_then(|(name, counts)| {
        let numbers: Vec<u32> = counts
            .split(", ")
            .zip([" applicable", " excluded", " not assessed"])
            .map(|(part, what)| part.strip_suffix(what)?.parse().ok())
            .collect::<Option<_>>()?;
        match numbers[..] {
            [a, e, o] if counts.split(", ").count() == 3 => Some((name, a, e, o)),
            _ => None,
        }
    });
    match counts {
        Some((name, applicable, excluded, open)) => w.f(
            "report.details.soa_counts",
            "{name}: {applicable} applicable, {excluded} excluded, {open} not assessed",
            &[
                ("name", &name),
                ("applicable", &applicable),
                ("excluded", &excluded),
                ("open", &open),
            ],
        ),
        None => soa.to_string(),
    }
}

/// "POL Information security policies (Organization's policies)" with the set's kind in
/// the words of `w`.
fn set_words(w: Words, set: &str) -> String {
    const KINDS: [(&str, &str); 5] = [
        ("report.set_kind.policy", "Organization's policies"),
        ("report.set_kind.legal", "Legal requirements"),
        ("report.set_kind.regulatory", "Regulatory requirements"),
        ("report.set_kind.contractual", "Contractual requirements"),
        ("report.set_kind.other", "Other requirements"),
    ];
    for (key, english) in KINDS {
        if let Some(name) = set
            .strip_suffix(')')
            .and_then(|s| s.strip_suffix(english))
            .and_then(|s| s.strip_suffix(" ("))
        {
            return format!("{name} ({})", w.t(key, english));
        }
    }
    set.to_string()
}

/// "planned A to B; carried out C to D".
fn dates(w: Words, r: &Report) -> String {
    let a = &r.audit;
    let range = |start: &str, end: &str| {
        w.f(
            "report.dates.range",
            "{start} to {end}",
            &[("start", &start), ("end", &end)],
        )
    };
    let planned = range(&a.planned_start, &a.planned_end);
    match (&a.actual_start, &a.actual_end) {
        (Some(s), Some(e)) => w.f(
            "report.docx.dates_carried_out",
            "planned {planned}; carried out {range}",
            &[("planned", &planned), ("range", &range(s, e))],
        ),
        (Some(s), None) => w.f(
            "report.docx.dates_started",
            "planned {planned}; started {start}",
            &[("planned", &planned), ("start", s)],
        ),
        _ => planned,
    }
}

fn team_table(w: Words, c: &Conduct) -> Table {
    table(
        &w.head([
            ("report.conduct.name", "Name"),
            ("report.conduct.role", "Role"),
            ("report.conduct.criteria_assigned", "Criteria assigned"),
        ]),
        c.team
            .iter()
            .map(|m| {
                let english = if m.role_label.is_empty() {
                    words(&m.role)
                } else {
                    m.role_label.clone()
                };
                vec![
                    m.name.clone(),
                    w.value("report.role.", &m.role, &english),
                    m.criteria.join(", "),
                ]
            })
            .collect(),
    )
}

/// The agenda in date and time order.
fn sessions_table(w: Words, c: &Conduct) -> Table {
    let mut sessions: Vec<_> = c.sessions.iter().collect();
    sessions.sort_by(|x, y| (&x.date, &x.start, x.number).cmp(&(&y.date, &y.start, y.number)));
    table(
        &w.head([
            ("report.conduct.date", "Date"),
            ("report.conduct.time", "Time"),
            ("report.conduct.activity", "Activity"),
            ("report.conduct.place", "Place and method"),
            ("report.conduct.auditees", "Auditees"),
            ("report.conduct.criteria", "Criteria"),
            ("report.conduct.auditors", "Auditors"),
        ]),
        sessions
            .into_iter()
            .map(|s| {
                let method = w.value("report.method.", &s.method, &words(&s.method));
                vec![
                    s.date.clone(),
                    format!("{}–{}", s.start, s.end),
                    s.activity.clone(),
                    if s.place.is_empty() {
                        method
                    } else {
                        format!("{}\n{method}", s.place)
                    },
                    s.auditees.join(", "),
                    s.criteria.join(", "),
                    s.auditors.join(", "),
                ]
            })
            .collect(),
    )
}

/// The conduct records of the report: initiation and feasibility, team, document
/// review, plan, meetings, communications and information not obtained.
fn conduct(w: Words, mut doc: Docx, c: &Conduct) -> Docx {
    doc = heading(doc, 1, w.t("report.docx.conduct", "Conduct of the audit"));
    let i = &c.initiation;
    let contacts = |list: &[crate::model::Contact]| {
        list.iter()
            .map(|c| {
                [c.name.as_str(), c.role.as_str(), c.contact.as_str()]
                    .into_iter()
                    .filter(|s| !s.is_empty())
                    .collect::<Vec<_>>()
                    .join(", ")
            })
            .collect::<Vec<_>>()
            .join("\n")
    };
    let mut rows = vec![
        (
            w.t("report.conduct.client_contacts", "Client contacts"),
            contacts(&i.client_contacts),
        ),
        (
            w.t("report.conduct.auditee_contacts", "Auditee contacts"),
            contacts(&i.auditee_contacts),
        ),
        (w.t("report.conduct.access", "Access"), i.access.clone()),
        (
            w.t("report.conduct.confidentiality", "Confidentiality"),
            i.confidentiality.clone(),
        ),
        (
            w.t("report.conduct.safety", "Safety and security"),
            i.safety.clone(),
        ),
        (
            w.t("report.conduct.language", "Language"),
            i.language.clone(),
        ),
        (
            w.t("report.conduct.areas_of_concern", "Areas of concern"),
            i.areas_of_concern.clone(),
        ),
    ];
    if let Some(f) = &c.feasibility {
        let verdict = f.verdict.strip_prefix("feasible_").unwrap_or(&f.verdict);
        rows.push((
            w.t("report.conduct.feasibility", "Feasibility"),
            w.f(
                "report.conduct.feasibility_value",
                "{verdict}, determined by {by} on {date}",
                &[
                    (
                        "verdict",
                        &w.value("report.feasibility.", verdict, &words(&f.verdict)),
                    ),
                    ("by", &f.determined_by),
                    ("date", &f.determined_at),
                ],
            ),
        ));
        rows.push((
            w.t("report.conduct.feasibility_reasons", "Feasibility reasons"),
            f.reasons.clone(),
        ));
        rows.push((
            w.t("report.conduct.alternative", "Alternative proposed"),
            f.alternative.clone(),
        ));
    }
    rows.retain(|(_, v)| !v.trim().is_empty());
    doc = heading(doc, 2, w.t("report.conduct.initiation", "Initiation"));
    doc = if rows.is_empty() {
        doc.add_paragraph(para(w.t("report.conduct.not_recorded", "Not recorded.")))
    } else {
        doc.add_table(table(
            &item_detail(w),
            rows.into_iter()
                .map(|(k, v)| vec![k.to_string(), v])
                .collect(),
        ))
    };
    doc = heading(doc, 2, w.t("report.conduct.team", "Audit team"));
    doc = if c.team.is_empty() {
        doc.add_paragraph(para(w.t("report.conduct.team.none", "No team recorded.")))
    } else {
        doc.add_table(team_table(w, c))
    };
    doc = heading(
        doc,
        2,
        w.t(
            "report.conduct.documents",
            "Review of documented information",
        ),
    );
    doc = if c.documents.is_empty() {
        doc.add_paragraph(para(w.t(
            "report.conduct.documents.none",
            "No document review recorded.",
        )))
    } else {
        doc.add_table(table(
            &w.head([
                ("report.conduct.no", "No."),
                ("report.conduct.document", "Document"),
                ("report.conduct.version", "Version"),
                ("report.conduct.date", "Date"),
                ("report.conduct.owner", "Owner"),
                ("report.conduct.adequacy", "Adequacy"),
                ("report.conduct.gaps", "Gaps"),
            ]),
            c.documents
                .iter()
                .map(|d| {
                    let f = &d.document;
                    vec![
                        d.number.to_string(),
                        f.title.clone(),
                        f.version.clone(),
                        f.date.clone(),
                        f.owner.clone(),
                        w.value("report.adequacy.", &f.adequacy, &words(&f.adequacy)),
                        f.gaps.clone(),
                    ]
                })
                .collect(),
        ))
    };
    doc = heading(doc, 2, w.t("report.conduct.plan", "Audit plan"));
    if let Some(a) = &c.plan_acceptance {
        doc = doc.add_paragraph(para(&accepted(w, a)));
    }
    doc = if c.sessions.is_empty() {
        doc.add_paragraph(para(
            w.t("report.conduct.plan.none", "No sessions planned."),
        ))
    } else {
        doc.add_table(sessions_table(w, c))
    };
    doc = meeting(
        w,
        doc,
        w.t("report.conduct.opening", "Opening meeting"),
        &c.opening,
    );
    doc = meeting(
        w,
        doc,
        w.t("report.conduct.closing", "Closing meeting"),
        &c.closing,
    );
    doc = heading(doc, 2, w.t("report.conduct.log", "Communication log"));
    doc = if c.communications.is_empty() {
        doc.add_paragraph(para(
            w.t("report.conduct.log.none", "No communication logged."),
        ))
    } else {
        doc.add_table(table(
            &w.head([
                ("report.conduct.no", "No."),
                ("report.conduct.date", "Date"),
                ("report.conduct.from", "From"),
                ("report.conduct.to", "To"),
                ("report.conduct.subject", "Subject"),
                ("report.conduct.escalated", "Escalated"),
            ]),
            c.communications
                .iter()
                .map(|m| {
                    let f = &m.message;
                    vec![
                        m.number.to_string(),
                        f.date.clone(),
                        f.from.clone(),
                        f.to.clone(),
                        f.subject.clone(),
                        w.yes_no(f.escalation),
                    ]
                })
                .collect(),
        ))
    };
    doc = heading(
        doc,
        2,
        w.t("report.conduct.limits", "Information not obtained"),
    );
    if c.information_limits.is_empty() {
        doc.add_paragraph(para(w.t(
            "report.conduct.limits.none",
            "All information asked for was obtained.",
        )))
    } else {
        doc.add_table(table(
            &w.head([
                ("report.conduct.no", "No."),
                ("report.conduct.information", "Information"),
                ("report.conduct.why", "Why"),
                ("report.conduct.effect", "Effect on the audit"),
            ]),
            c.information_limits
                .iter()
                .map(|l| {
                    vec![
                        l.number.to_string(),
                        l.limit.information.clone(),
                        w.value("report.limit.", &l.limit.kind, &words(&l.limit.kind)),
                        l.limit.effect.clone(),
                    ]
                })
                .collect(),
        ))
    }
}

/// A meeting: date, topics and notes, the attendance, and (closing) how the auditee
/// received each finding.
fn meeting(w: Words, mut doc: Docx, title: &str, m: &Option<Meeting>) -> Docx {
    doc = heading(doc, 2, title);
    let Some(m) = m else {
        return doc.add_paragraph(para(w.t("report.conduct.not_recorded", "Not recorded.")));
    };
    doc = doc.add_paragraph(para(&w.f(
        "report.docx.held_on",
        "Held on {date}.",
        &[("date", &m.date)],
    )));
    if !m.topics.is_empty() {
        let topics: Vec<String> = m.topics.iter().map(|t| engine_sentence(w.0, t)).collect();
        doc = doc.add_paragraph(para(&w.f(
            "report.docx.topics",
            "Topics covered: {topics}.",
            &[("topics", &topics.join("; "))],
        )));
    }
    if !m.notes.trim().is_empty() {
        doc = doc.add_paragraph(para(&m.notes));
    }
    if !m.attendees.is_empty() {
        doc = doc.add_table(table(
            &w.head([
                ("report.conduct.attendee", "Attendee"),
                ("report.conduct.role", "Role"),
                ("report.conduct.organisation", "Organisation"),
            ]),
            m.attendees
                .iter()
                .map(|a| vec![a.name.clone(), a.role.clone(), a.organisation.clone()])
                .collect(),
        ));
    }
    if !m.findings.is_empty() {
        doc = doc.add_table(table(
            &w.head([
                ("report.conduct.finding", "Finding"),
                ("report.docx.acknowledged", "Acknowledged"),
                ("report.docx.diverging_opinion", "Diverging opinion"),
                ("report.docx.resolution", "Resolution"),
            ]),
            m.findings
                .iter()
                .map(|f| {
                    vec![
                        f.reference.clone(),
                        w.yes_no(f.acknowledged),
                        f.diverging_opinion.clone(),
                        f.resolution.clone(),
                    ]
                })
                .collect(),
        ));
    }
    doc
}

/// The programme report: purpose, objectives, the audits and the monitoring figures.
pub fn programme_report(p: &ProgrammeExport) -> Result<Vec<u8>, Error> {
    let w = Words(&p.messages);
    let mut doc = document(w, &p.name, &p.classification, false, &p.generated_at);
    doc = doc.add_paragraph(para(&p.name).style("Title"));
    doc = doc.add_paragraph(para(&w.f(
        "report.docx.programme.subtitle",
        "Audit programme · {period} · owner {owner} · generated {at}",
        &[
            ("period", &p.period),
            ("owner", &p.owner),
            ("at", &p.generated_at),
        ],
    )));
    doc = heading(
        doc,
        1,
        w.t("report.docx.programme.purpose", "Purpose and objectives"),
    );
    doc = doc.add_paragraph(para(&p.purpose));
    for o in &p.objectives {
        doc = doc.add_paragraph(para(&format!("• {o}")));
    }
    doc = heading(doc, 1, w.t("report.docx.programme.audits", "Audits"));
    doc = doc.add_table(table(
        &w.head([
            ("report.docx.programme.audit", "Audit"),
            ("report.docx.programme.type", "Type"),
            ("report.register.col.status", "Status"),
            ("report.docx.programme.planned_start", "Planned start"),
            ("report.docx.programme.planned_end", "Planned end"),
            ("report.details.lead_auditor", "Lead auditor"),
        ]),
        p.audits
            .iter()
            .map(|a| {
                vec![
                    a.title.clone(),
                    a.kind.clone(),
                    a.status.clone(),
                    a.planned_start.clone(),
                    a.planned_end.clone(),
                    a.lead_auditor.clone(),
                ]
            })
            .collect(),
    ));
    if !p.figures.is_empty() {
        doc = heading(
            doc,
            1,
            w.t("report.docx.programme.monitoring", "Monitoring"),
        );
        doc = doc.add_table(table(
            &w.head([
                ("report.col.figure", "Figure"),
                ("report.col.value", "Value"),
            ]),
            p.figures
                .iter()
                .map(|(k, v)| vec![k.clone(), v.clone()])
                .collect(),
        ));
    }
    doc = heading(
        doc,
        1,
        w.t("report.docx.programme.competence", "Auditor competence due"),
    );
    if p.competence.is_empty() {
        doc = doc.add_paragraph(para(w.t(
            "report.docx.programme.competence_none",
            "No auditor evaluation, certification or CPD is due under the programme's criteria.",
        )));
    } else {
        doc = doc.add_table(table(
            &w.head([
                ("report.docx.programme.person", "Person"),
                ("report.docx.programme.what", "What is due"),
                ("report.conduct.date", "Date"),
            ]),
            p.competence
                .iter()
                .map(|c| vec![c.name.clone(), c.what.clone(), c.due.clone()])
                .collect(),
        ));
    }
    doc = heading(
        doc,
        1,
        w.t("report.docx.programme.actions", "Open corrective actions"),
    );
    if p.actions.is_empty() {
        doc = doc.add_paragraph(para(w.t(
            "report.docx.programme.actions_none",
            "No corrective actions are open.",
        )));
    } else {
        doc = doc.add_table(table(
            &w.head([
                ("report.register.col.finding", "Finding"),
                ("report.docx.programme.action", "Action"),
                ("report.register.col.owner", "Owner"),
                ("report.register.col.due", "Due"),
                ("report.register.col.status", "Status"),
            ]),
            p.actions
                .iter()
                .map(|a| {
                    vec![
                        a.finding_reference.clone(),
                        a.action.description.clone(),
                        a.action.owner.clone(),
                        a.action.due.clone(),
                        status_word(w.0, "report.action.", &a.action.status),
                    ]
                })
                .collect(),
        ));
    }
    pack(doc)
}

/// A document with the house styles, the header and the page-numbered footer.
fn document(w: Words, title: &str, classification: &str, draft: bool, generated_at: &str) -> Docx {
    let mut header = Paragraph::new().add_run(Run::new().add_text(clean(title)));
    if !classification.is_empty() {
        header = header.add_run(Run::new().add_text(format!(" · {}", clean(classification))));
    }
    if draft {
        let mark = w.t("report.docx.draft_mark", "DRAFT");
        header = header.add_run(
            Run::new()
                .add_text(format!(" · {}", clean(mark)))
                .bold()
                .color("C00000"),
        );
    }
    // "Page {page} of {pages}": the words around the two fields.
    let page_of = w.t("report.html.page_of", "Page {page} of {pages}");
    let (before, rest) = page_of
        .split_once("{page}")
        .unwrap_or(("Page ", " of {pages}"));
    let (between, after) = rest.split_once("{pages}").unwrap_or((rest, ""));
    let mut footer = Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text(before))
        .add_page_num(PageNum::new())
        .add_run(Run::new().add_text(between))
        .add_num_pages(NumPages::new());
    if !after.is_empty() {
        footer = footer.add_run(Run::new().add_text(after));
    }
    Docx::new()
        .default_fonts(RunFonts::new().ascii("Calibri").hi_ansi("Calibri"))
        .default_size(20)
        .add_style(heading_style("Title", "Title", 36, None))
        .add_style(heading_style("Heading1", "heading 1", 28, Some(0)))
        .add_style(heading_style("Heading2", "heading 2", 24, Some(1)))
        .header(Header::new().add_paragraph(header))
        .footer(Footer::new().add_paragraph(footer))
        // The file's own dates are the report's: the same report gives the same file.
        .created_at(generated_at)
        .updated_at(generated_at)
}

fn heading_style(id: &str, name: &str, half_points: usize, level: Option<usize>) -> Style {
    let style = Style::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("Normal")
        .q_format(true)
        .size(half_points)
        .bold()
        .color("1F3864");
    match level {
        Some(l) => style.outline_lvl(l),
        None => style,
    }
}

fn heading(doc: Docx, level: usize, text: &str) -> Docx {
    doc.add_paragraph(para(text).style(&format!("Heading{level}")))
}

/// A paragraph of user text: line breaks kept, characters XML cannot hold dropped.
fn para(text: &str) -> Paragraph {
    // Named, since docx-rs does not mark its Normal style as the default one.
    Paragraph::new().style("Normal").add_run(text_run(text))
}

fn bold_para(text: &str) -> Paragraph {
    Paragraph::new()
        .style("Normal")
        .add_run(text_run(text).bold())
}

fn text_run(text: &str) -> Run {
    let text = clean(text);
    let mut run = Run::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            run = run.add_break(BreakType::TextWrapping);
        }
        run = run.add_text(line);
    }
    run
}

/// XML 1.0 cannot hold most control characters; a pasted one would break the file.
fn clean(text: &str) -> String {
    text.chars()
        .filter(|&c| c == '\n' || c == '\t' || !c.is_control())
        .collect::<String>()
        .replace("\r\n", "\n")
}

/// A full-width table with a bold header row repeated on every page.
fn table(header: &[&str], rows: Vec<Vec<String>>) -> Table {
    let head = TableRow::new(
        header
            .iter()
            .map(|h| {
                TableCell::new()
                    .shading(docx_rs::Shading::new().fill("D9E2F3"))
                    .add_paragraph(bold_para(h))
            })
            .collect(),
    );
    let mut all = vec![head];
    all.extend(rows.into_iter().map(|cells| {
        TableRow::new(
            cells
                .iter()
                .map(|c| TableCell::new().add_paragraph(para(c)))
                .collect(),
        )
    }));
    Table::new(all).width(5000, WidthType::Pct).set_grid(vec![])
}

fn findings_table(w: Words, findings: &[Finding]) -> Table {
    table(
        &w.head([
            ("report.col.ref", "Ref."),
            ("report.col.grade", "Grade"),
            ("report.details.criteria", "Criteria"),
            ("report.col.statement", "Statement"),
            ("report.docx.evidence", "Evidence"),
            ("report.conduct.date", "Date"),
            ("report.col.risk", "Risk"),
        ]),
        findings
            .iter()
            .map(|f| {
                let mut statement = f.statement.clone();
                if !f.groups.is_empty() {
                    statement.push('\n');
                    statement.push_str(&w.f(
                        "report.docx.groups",
                        "Groups: {refs}",
                        &[("refs", &f.groups.join(", "))],
                    ));
                }
                let risk = f.risk.as_ref().map(|r| w.value("report.risk.", r, r));
                vec![
                    f.reference.clone(),
                    w.value("report.grade.", &f.grade, &f.grade_label),
                    f.criteria_text(),
                    statement,
                    f.evidence.clone(),
                    f.date.clone(),
                    match (risk, &f.risk_basis) {
                        (Some(r), Some(b)) => format!("{r} ({b})"),
                        (Some(r), None) => r,
                        _ => String::new(),
                    },
                ]
            })
            .collect(),
    )
}

/// The `index`th chart's picture, with an id of its own: docx-rs would number it from a
/// counter that lives as long as the module, so that the same report would not give the
/// same file twice.
fn picture(chart: &Chart, index: usize) -> Result<Pic, Error> {
    let png = base64::decode(&chart.png).ok_or_else(|| {
        Error::invalid(format!(
            "The chart \"{}\" is not base64-encoded PNG.",
            chart.title
        ))
    })?;
    // 96 pixels per inch, at most 16 cm wide on the page.
    let (w, h) = (chart.width.max(1), chart.height.max(1));
    let emu_per_px = 9525u32;
    let max_w = 5_760_000u32;
    let scale = f64::from(max_w) / f64::from(w * emu_per_px);
    let pic = Pic::new_with_dimensions(png, w, h).id(format!("rIdChart{}", index + 1));
    Ok(if scale < 1.0 {
        let w_emu = (f64::from(w * emu_per_px) * scale) as u32;
        let h_emu = (f64::from(h * emu_per_px) * scale) as u32;
        pic.size(w_emu, h_emu)
    } else {
        pic
    })
}

fn pack(doc: Docx) -> Result<Vec<u8>, Error> {
    let failed = |e: &dyn std::fmt::Display| {
        Error::internal(format!("The Word file could not be written: {e}."))
    };
    let mut stored = Cursor::new(Vec::new());
    doc.build().pack(&mut stored).map_err(|e| failed(&e))?;
    deflate(stored.into_inner()).map_err(|e| failed(&e))
}

/// The same package with every part deflated (docx-rs stores them uncompressed);
/// directory entries, which a package does not need, are left out. The stored parts are
/// read from their local headers here, since zip's reader would add its inflater to the
/// module for files that are never compressed.
fn deflate(stored: Vec<u8>) -> zip::result::ZipResult<Vec<u8>> {
    let parts = stored_parts(&stored).ok_or_else(|| {
        zip::result::ZipError::InvalidArchive("docx-rs wrote an unexpected package".into())
    })?;
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in parts.into_iter().filter(|(name, _)| !name.ends_with('/')) {
        out.start_file(name, options)?;
        out.write_all(data)?;
    }
    Ok(out.finish()?.into_inner())
}

/// The (name, content) of each stored entry of a zip archive, in order, from the local
/// file headers; None for anything else (a compressed entry, sizes written after the
/// data, a truncated archive).
fn stored_parts(zip: &[u8]) -> Option<Vec<(String, &[u8])>> {
    let u16_at = |i: usize| Some(u16::from_le_bytes(zip.get(i..i + 2)?.try_into().ok()?) as usize);
    let u32_at = |i: usize| Some(u32::from_le_bytes(zip.get(i..i + 4)?.try_into().ok()?) as usize);
    let mut parts = Vec::new();
    let mut at = 0;
    while u32_at(at)? == 0x0403_4b50 {
        let (flags, method) = (u16_at(at + 6)?, u16_at(at + 8)?);
        let size = u32_at(at + 18)?;
        let (name_len, extra_len) = (u16_at(at + 26)?, u16_at(at + 28)?);
        if method != 0 || flags & 0x08 != 0 || size != u32_at(at + 22)? {
            return None;
        }
        let name = std::str::from_utf8(zip.get(at + 30..at + 30 + name_len)?).ok()?;
        let data_at = at + 30 + name_len + extra_len;
        parts.push((name.to_string(), zip.get(data_at..data_at + size)?));
        at = data_at + size;
    }
    Some(parts)
}
