//! Word (.docx) files, written with docx-rs: the audit report and the programme report.
//! Headings use Word's built-in heading styles (with outline levels, so the navigation
//! pane and a table of contents find them); every page has a header with the title and
//! classification (and DRAFT on drafts) and a footer "Page N of M".

use crate::model::{AuditExport, Chart, Conduct, Finding, Meeting, ProgrammeExport, Report, words};
use crate::{Error, base64};
use docx_rs::{
    AlignmentType, BreakType, Docx, Footer, Header, NumPages, PageNum, Paragraph, Pic, Run,
    RunFonts, Style, StyleType, Table, TableCell, TableRow, WidthType,
};
use std::io::{Cursor, Write};
use zip::CompressionMethod;
use zip::write::SimpleFileOptions;

/// The audit report, as the report model gives it.
pub fn audit_report(export: &AuditExport) -> Result<Vec<u8>, Error> {
    let r = &export.report;
    let draft = r.issue.is_draft();
    let mut doc = document(&r.audit.title, marking(export), draft, &r.generated_at);
    doc = doc.add_paragraph(para(&r.audit.title).style("Title"));
    let issue = match r.issue.version {
        Some(v) if !draft => format!("Issued version {v}"),
        _ => "DRAFT: not reviewed, approved and issued".to_string(),
    };
    doc = doc.add_paragraph(para(&format!(
        "{} · {} · generated {} by {}",
        r.audit.kind_label, issue, r.generated_at, r.generated_by
    )));

    doc = heading(doc, 1, "Executive summary");
    doc = doc.add_paragraph(bold_para(&r.summary.statement));
    for line in [
        Some(&r.summary.text),
        r.summary.effectiveness.as_ref(),
        r.summary.objectives_achieved.as_ref(),
    ]
    .into_iter()
    .flatten()
    .filter(|t| !t.is_empty())
    {
        doc = doc.add_paragraph(para(line));
    }
    doc = doc.add_paragraph(para(&format!("Rule: {}", r.summary.rule)));

    doc = heading(doc, 1, "The audit");
    let scope = |items: &[String]| {
        if items.is_empty() {
            "—".to_string()
        } else {
            items.join(", ")
        }
    };
    let dates = dates(r);
    let mut team = vec![format!("{} (lead auditor)", r.audit.lead_auditor)];
    team.extend(r.audit.team.iter().cloned());
    let rows: Vec<(&str, String)> = vec![
        ("Programme", r.programme.clone()),
        ("Auditee", r.audit.auditee.clone()),
        ("Client", r.audit.client.clone()),
        ("Objectives", r.audit.objectives.clone()),
        ("Units", scope(&r.audit.units)),
        ("Processes", scope(&r.audit.processes)),
        ("Locations", scope(&r.audit.locations)),
        ("Audit locations", r.audit.audit_locations.clone()),
        ("Dates", dates),
        ("Audit team", team.join(", ")),
        (
            "Criteria",
            format!(
                "{} ({} criteria)",
                r.criteria.edition, r.criteria.criteria_count
            ),
        ),
        (
            "Statement of Applicability",
            r.criteria.soa.clone().unwrap_or_else(|| "—".to_string()),
        ),
        ("Criteria sets", scope(&r.criteria.custom_sets)),
    ];
    doc = doc.add_table(table(
        &["Item", "Detail"],
        rows.iter()
            .map(|(k, v)| vec![(*k).to_string(), v.clone()])
            .collect(),
    ));

    doc = conduct(doc, &r.conduct);

    doc = heading(doc, 1, "Findings");
    if r.findings.is_empty() {
        doc = doc.add_paragraph(para("No findings were recorded."));
    } else {
        doc = doc.add_table(findings_table(&r.findings));
    }
    if !r.good_practices.is_empty() {
        doc = heading(doc, 2, "Good practices");
        for g in &r.good_practices {
            doc = doc.add_paragraph(para(g));
        }
    }
    if !r.grade_definitions.is_empty() {
        doc = heading(doc, 2, "What the grades mean");
        doc = doc.add_table(table(
            &["Grade", "Definition"],
            r.grade_definitions
                .iter()
                .map(|g| vec![g.label.clone(), g.definition.clone()])
                .collect(),
        ));
    }

    doc = heading(doc, 1, "Sampling and areas not covered");
    for text in [&r.sampling_caveat, &r.sampling] {
        if !text.is_empty() {
            doc = doc.add_paragraph(para(text));
        }
    }
    if !r.samples.is_empty() {
        doc = heading(doc, 2, "Samples");
        doc = doc.add_table(table(
            &[
                "Criterion",
                "Population",
                "Sample",
                "Method",
                "Examined",
                "Deviations",
                "How the size was set",
            ],
            r.samples
                .iter()
                .map(|s| {
                    let mut method = s.method.clone();
                    if !s.seed.is_empty() {
                        method += &format!(", drawn at random (seed {})", s.seed);
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
        doc = heading(doc, 2, "Evidence register");
        doc = doc.add_table(table(
            &[
                "Ref.", "Evidence", "Kind", "Date", "Source", "Criteria", "Findings", "Files",
            ],
            r.evidence
                .iter()
                .map(|e| {
                    vec![
                        e.reference.clone(),
                        e.title.clone(),
                        words(&e.kind),
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
        doc = heading(doc, 2, "Areas not covered");
        doc = doc.add_table(table(
            &["Criterion", "Title", "Reason"],
            r.not_covered
                .iter()
                .map(|n| vec![n.criterion_id.clone(), n.title.clone(), n.reason.clone()])
                .collect(),
        ));
    }
    for (title, text) in [
        (
            "Implications for the audit programme",
            &r.programme_implications,
        ),
        ("Unresolved diverging opinions", &r.diverging_opinions),
        ("Confidentiality", &r.confidentiality),
    ] {
        if !text.is_empty() {
            doc = heading(doc, 1, title);
            doc = doc.add_paragraph(para(text));
        }
    }
    if !r.distribution.is_empty() {
        doc = heading(doc, 1, "Distribution");
        for d in &r.distribution {
            doc = doc.add_paragraph(para(d));
        }
    }

    doc = heading(doc, 1, "Internal indicators");
    doc = doc.add_paragraph(para(
        "Numbers for the audit programme's own use; they are not part of the audit conclusion.",
    ));
    doc = doc.add_table(table(
        &["Indicator", "Value"],
        vec![
            vec!["Coverage".into(), r.indicators.coverage.clone()],
            vec!["Conformity".into(), r.indicators.conformity.clone()],
            vec![
                "Nonconformity index".into(),
                r.indicators.nonconformity_index.clone(),
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

    doc = heading(doc, 1, "Appendix: checklist");
    doc = doc.add_table(table(
        &["Criterion", "Title", "Result", "Findings", "Notes"],
        r.checklist
            .iter()
            .map(|c| {
                vec![
                    c.criterion_id.clone(),
                    c.title.clone(),
                    c.outcome_label.clone(),
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
    let c = &r.conduct;
    let title = format!("Audit plan: {}", r.audit.title);
    let mut doc = document(&title, marking(export), false, &r.generated_at);
    doc = doc.add_paragraph(para(&title).style("Title"));
    doc = doc.add_paragraph(para(&format!(
        "{} · generated {} by {}",
        r.audit.kind_label, r.generated_at, r.generated_by
    )));
    doc = heading(doc, 1, "The audit");
    let scope = [
        ("Units", &r.audit.units),
        ("Processes", &r.audit.processes),
        ("Locations", &r.audit.locations),
    ]
    .iter()
    .filter(|(_, items)| !items.is_empty())
    .map(|(label, items)| format!("{label}: {}", items.join(", ")))
    .collect::<Vec<_>>()
    .join("\n");
    let mut rows = vec![
        ("Auditee", r.audit.auditee.clone()),
        ("Audit client", r.audit.client.clone()),
        ("Dates", dates(r)),
        ("Objectives", r.audit.objectives.clone()),
        ("Scope", scope),
        (
            "Criteria",
            format!(
                "{} ({} criteria)",
                r.criteria.edition, r.criteria.criteria_count
            ),
        ),
        ("Lead auditor", r.audit.lead_auditor.clone()),
        ("Language", c.initiation.language.clone()),
        ("Access", c.initiation.access.clone()),
        ("Safety and security", c.initiation.safety.clone()),
        ("Confidentiality", c.initiation.confidentiality.clone()),
    ];
    rows.retain(|(_, v)| !v.trim().is_empty());
    doc = doc.add_table(table(
        &["Item", "Detail"],
        rows.into_iter()
            .map(|(k, v)| vec![k.to_string(), v])
            .collect(),
    ));
    doc = heading(doc, 1, "Audit team");
    doc = if c.team.is_empty() {
        doc.add_paragraph(para("No team recorded beyond the lead auditor."))
    } else {
        doc.add_table(team_table(c))
    };
    doc = heading(doc, 1, "Agenda");
    doc = if c.sessions.is_empty() {
        doc.add_paragraph(para("No sessions planned yet."))
    } else {
        doc.add_table(sessions_table(c))
    };
    doc = heading(doc, 1, "Acceptance");
    doc = doc.add_paragraph(para(&match &c.plan_acceptance {
        Some(a) => format!(
            "Accepted for the auditee by {} on {}.",
            a.accepted_by, a.date
        ),
        None => {
            "Accepted for the auditee by: ______________________  Date: ____________".to_string()
        }
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

/// "planned A to B; carried out C to D".
fn dates(r: &Report) -> String {
    let a = &r.audit;
    let planned = format!("{} to {}", a.planned_start, a.planned_end);
    match (&a.actual_start, &a.actual_end) {
        (Some(s), Some(e)) => format!("planned {planned}; carried out {s} to {e}"),
        (Some(s), None) => format!("planned {planned}; started {s}"),
        _ => planned,
    }
}

fn team_table(c: &Conduct) -> Table {
    table(
        &["Name", "Role", "Criteria assigned"],
        c.team
            .iter()
            .map(|m| {
                let role = if m.role_label.is_empty() {
                    words(&m.role)
                } else {
                    m.role_label.clone()
                };
                vec![m.name.clone(), role, m.criteria.join(", ")]
            })
            .collect(),
    )
}

/// The agenda in date and time order.
fn sessions_table(c: &Conduct) -> Table {
    let mut sessions: Vec<_> = c.sessions.iter().collect();
    sessions.sort_by(|x, y| (&x.date, &x.start, x.number).cmp(&(&y.date, &y.start, y.number)));
    table(
        &[
            "Date",
            "Time",
            "Activity",
            "Place and method",
            "Auditees",
            "Criteria",
            "Auditors",
        ],
        sessions
            .into_iter()
            .map(|s| {
                let method = words(&s.method);
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
fn conduct(mut doc: Docx, c: &Conduct) -> Docx {
    doc = heading(doc, 1, "Conduct of the audit");
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
        ("Client contacts", contacts(&i.client_contacts)),
        ("Auditee contacts", contacts(&i.auditee_contacts)),
        ("Access", i.access.clone()),
        ("Confidentiality", i.confidentiality.clone()),
        ("Safety and security", i.safety.clone()),
        ("Language", i.language.clone()),
        ("Areas of concern", i.areas_of_concern.clone()),
    ];
    if let Some(f) = &c.feasibility {
        rows.push((
            "Feasibility",
            format!(
                "{}, determined by {} on {}",
                words(&f.verdict),
                f.determined_by,
                f.determined_at
            ),
        ));
        rows.push(("Feasibility reasons", f.reasons.clone()));
        rows.push(("Alternative proposed", f.alternative.clone()));
    }
    rows.retain(|(_, v)| !v.trim().is_empty());
    doc = heading(doc, 2, "Initiation");
    doc = if rows.is_empty() {
        doc.add_paragraph(para("Not recorded."))
    } else {
        doc.add_table(table(
            &["Item", "Detail"],
            rows.into_iter()
                .map(|(k, v)| vec![k.to_string(), v])
                .collect(),
        ))
    };
    doc = heading(doc, 2, "Audit team");
    doc = if c.team.is_empty() {
        doc.add_paragraph(para("No team recorded."))
    } else {
        doc.add_table(team_table(c))
    };
    doc = heading(doc, 2, "Review of documented information");
    doc = if c.documents.is_empty() {
        doc.add_paragraph(para("No document review recorded."))
    } else {
        doc.add_table(table(
            &[
                "No.", "Document", "Version", "Date", "Owner", "Adequacy", "Gaps",
            ],
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
                        words(&f.adequacy),
                        f.gaps.clone(),
                    ]
                })
                .collect(),
        ))
    };
    doc = heading(doc, 2, "Audit plan");
    if let Some(a) = &c.plan_acceptance {
        doc = doc.add_paragraph(para(&format!(
            "Accepted for the auditee by {} on {}.",
            a.accepted_by, a.date
        )));
    }
    doc = if c.sessions.is_empty() {
        doc.add_paragraph(para("No sessions planned."))
    } else {
        doc.add_table(sessions_table(c))
    };
    doc = meeting(doc, "Opening meeting", &c.opening);
    doc = meeting(doc, "Closing meeting", &c.closing);
    doc = heading(doc, 2, "Communication log");
    doc = if c.communications.is_empty() {
        doc.add_paragraph(para("No communication logged."))
    } else {
        doc.add_table(table(
            &["No.", "Date", "From", "To", "Subject", "Escalated"],
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
                        if f.escalation { "yes" } else { "no" }.to_string(),
                    ]
                })
                .collect(),
        ))
    };
    doc = heading(doc, 2, "Information not obtained");
    if c.information_limits.is_empty() {
        doc.add_paragraph(para("All information asked for was obtained."))
    } else {
        doc.add_table(table(
            &["No.", "Information", "Why", "Effect on the audit"],
            c.information_limits
                .iter()
                .map(|l| {
                    vec![
                        l.number.to_string(),
                        l.limit.information.clone(),
                        words(&l.limit.kind),
                        l.limit.effect.clone(),
                    ]
                })
                .collect(),
        ))
    }
}

/// A meeting: date, topics and notes, the attendance, and (closing) how the auditee
/// received each finding.
fn meeting(mut doc: Docx, title: &str, m: &Option<Meeting>) -> Docx {
    doc = heading(doc, 2, title);
    let Some(m) = m else {
        return doc.add_paragraph(para("Not recorded."));
    };
    doc = doc.add_paragraph(para(&format!("Held on {}.", m.date)));
    if !m.topics.is_empty() {
        doc = doc.add_paragraph(para(&format!("Topics covered: {}.", m.topics.join("; "))));
    }
    if !m.notes.trim().is_empty() {
        doc = doc.add_paragraph(para(&m.notes));
    }
    if !m.attendees.is_empty() {
        doc = doc.add_table(table(
            &["Attendee", "Role", "Organisation"],
            m.attendees
                .iter()
                .map(|a| vec![a.name.clone(), a.role.clone(), a.organisation.clone()])
                .collect(),
        ));
    }
    if !m.findings.is_empty() {
        doc = doc.add_table(table(
            &["Finding", "Acknowledged", "Diverging opinion", "Resolution"],
            m.findings
                .iter()
                .map(|f| {
                    vec![
                        f.reference.clone(),
                        if f.acknowledged { "yes" } else { "no" }.to_string(),
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
    let mut doc = document(&p.name, &p.classification, false, &p.generated_at);
    doc = doc.add_paragraph(para(&p.name).style("Title"));
    doc = doc.add_paragraph(para(&format!(
        "Audit programme · {} · owner {} · generated {}",
        p.period, p.owner, p.generated_at
    )));
    doc = heading(doc, 1, "Purpose and objectives");
    doc = doc.add_paragraph(para(&p.purpose));
    for o in &p.objectives {
        doc = doc.add_paragraph(para(&format!("• {o}")));
    }
    doc = heading(doc, 1, "Audits");
    doc = doc.add_table(table(
        &[
            "Audit",
            "Type",
            "Status",
            "Planned start",
            "Planned end",
            "Lead auditor",
        ],
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
        doc = heading(doc, 1, "Monitoring");
        doc = doc.add_table(table(
            &["Figure", "Value"],
            p.figures
                .iter()
                .map(|(k, v)| vec![k.clone(), v.clone()])
                .collect(),
        ));
    }
    doc = heading(doc, 1, "Auditor competence due");
    if p.competence.is_empty() {
        doc = doc.add_paragraph(para(
            "No auditor evaluation, certification or CPD is due under the programme's criteria.",
        ));
    } else {
        doc = doc.add_table(table(
            &["Person", "What is due", "Date"],
            p.competence
                .iter()
                .map(|c| vec![c.name.clone(), c.what.clone(), c.due.clone()])
                .collect(),
        ));
    }
    doc = heading(doc, 1, "Open corrective actions");
    if p.actions.is_empty() {
        doc = doc.add_paragraph(para("No corrective actions are open."));
    } else {
        doc = doc.add_table(table(
            &["Finding", "Action", "Owner", "Due", "Status"],
            p.actions
                .iter()
                .map(|a| {
                    vec![
                        a.finding_reference.clone(),
                        a.action.description.clone(),
                        a.action.owner.clone(),
                        a.action.due.clone(),
                        a.action.status.replace('_', " "),
                    ]
                })
                .collect(),
        ));
    }
    pack(doc)
}

/// A document with the house styles, the header and the page-numbered footer.
fn document(title: &str, classification: &str, draft: bool, generated_at: &str) -> Docx {
    let mut header = Paragraph::new().add_run(Run::new().add_text(clean(title)));
    if !classification.is_empty() {
        header = header.add_run(Run::new().add_text(format!(" · {}", clean(classification))));
    }
    if draft {
        header = header.add_run(Run::new().add_text(" · DRAFT").bold().color("C00000"));
    }
    let footer = Paragraph::new()
        .align(AlignmentType::Center)
        .add_run(Run::new().add_text("Page "))
        .add_page_num(PageNum::new())
        .add_run(Run::new().add_text(" of "))
        .add_num_pages(NumPages::new());
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

fn findings_table(findings: &[Finding]) -> Table {
    table(
        &[
            "Ref.",
            "Grade",
            "Criteria",
            "Statement",
            "Evidence",
            "Date",
            "Risk",
        ],
        findings
            .iter()
            .map(|f| {
                let mut statement = f.statement.clone();
                if !f.groups.is_empty() {
                    statement.push_str(&format!("\nGroups: {}", f.groups.join(", ")));
                }
                vec![
                    f.reference.clone(),
                    f.grade_label.clone(),
                    f.criteria_text(),
                    statement,
                    f.evidence.clone(),
                    f.date.clone(),
                    match (&f.risk, &f.risk_basis) {
                        (Some(r), Some(b)) => format!("{r} ({b})"),
                        (Some(r), None) => r.clone(),
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
