//! The report as one self-contained HTML file: inline CSS with A4 print rules, inline
//! SVG charts, no script, and a Content-Security-Policy that allows nothing else.

use super::{Report, chart, conduct_section, escape_html as esc, joined, or_client, or_none};
use std::fmt::Write;

const STYLE: &str = r#"
@page { margin: 18mm 16mm 20mm;
  @top-left { content: "ISMS audit report"; font: 9pt system-ui, sans-serif; color: #4f5b6b; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 9pt system-ui, sans-serif; color: #4f5b6b; } }
body { font: 10.5pt/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b2330; max-width: 190mm; margin: 0 auto; padding: 8mm; }
h1 { font-size: 20pt; margin: 0 0 2mm; } h2 { font-size: 14pt; margin: 8mm 0 3mm; border-bottom: 1px solid #cfd6df; padding-bottom: 1mm; }
h3 { font-size: 11.5pt; margin: 5mm 0 2mm; }
table { border-collapse: collapse; width: 100%; margin: 2mm 0 4mm; } th, td { text-align: left; vertical-align: top; border-bottom: 1px solid #cfd6df; padding: 1.2mm 1.6mm; overflow-wrap: anywhere; }
th { background: #f3f5f8; font-size: 9pt; } thead { display: table-header-group; } tr, .finding, figure { break-inside: avoid; }
.meta th { width: 32%; background: none; }
.verdict { border: 2px solid #1b2330; border-radius: 2mm; padding: 3mm 4mm; font-size: 12pt; font-weight: 600; }
.verdict.not_fulfilled { border-color: #b42318; color: #b42318; } .verdict.fulfilled { border-color: #067647; color: #067647; }
.figures { display: flex; gap: 4mm; flex-wrap: wrap; margin: 3mm 0; } .figures div { border: 1px solid #cfd6df; border-radius: 2mm; padding: 2mm 3mm; min-width: 32mm; }
.figures strong { display: block; font-size: 15pt; }
.grade, .ref { white-space: nowrap; font-weight: 600; } .ref { font-weight: 400; } .grade.major_nonconformity, .grade.minor_nonconformity { color: #b42318; }
.pre { white-space: pre-wrap; } .muted { color: #4f5b6b; } .confidential { border: 1px solid #93370d; color: #93370d; padding: 2mm 3mm; margin: 3mm 0; }
figure { margin: 3mm 0; } figure svg { max-width: 100%; height: auto; }
.appendix { break-before: page; }
.conduct th { white-space: nowrap; } .conduct td { overflow-wrap: break-word; }
.draft-mark { border: 3px solid #b42318; color: #b42318; font-weight: 700; letter-spacing: 0.05em; padding: 2mm 3mm; margin: 3mm 0; text-align: center; }
.issue-mark { border: 1px solid #cfd6df; padding: 2mm 3mm; margin: 3mm 0; }
@media print { body { padding: 0; max-width: none; } }
"#;

pub fn render(r: &Report) -> String {
    let mut h = String::with_capacity(64 * 1024 + r.findings.len() * 800);
    let a = &r.audit;
    let _ = writeln!(
        h,
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\
         <meta name=\"generator\" content=\"isms-audit\"><title>Audit report: {}</title><style>{STYLE}\
         @page {{ @top-right {{ content: \"{}\"; font: 9pt system-ui, sans-serif; color: #4f5b6b; }} }}</style></head><body>",
        esc(&a.title),
        css_string(&r.classification)
    );
    let _ = writeln!(
        h,
        "<header><p class=\"muted\">Audit report · {} · <span id=\"classification\">{}</span></p><h1>{}</h1><p class=\"muted\">{} · {} · generated {} by {}</p></header>",
        esc(&a.kind_label),
        esc(&r.classification),
        esc(&a.title),
        esc(&r.programme),
        esc(&r.criteria.edition),
        esc(&r.generated_at),
        esc(&r.generated_by)
    );
    issue_mark(&mut h, r);
    if !r.confidentiality.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"confidential pre\">{}</p>",
            esc(&r.confidentiality)
        );
    }
    executive_summary(&mut h, r);
    details(&mut h, r);
    conduct(&mut h, r);
    findings(&mut h, r);
    conclusions(&mut h, r);
    sampling(&mut h, r);
    h.push_str("<h2>7. Distribution and confidentiality</h2>");
    list(&mut h, &r.distribution, "No distribution list recorded.");
    let _ = writeln!(
        h,
        "<p class=\"pre\">{}</p>",
        esc(or_none(&r.confidentiality))
    );
    indicators(&mut h, r);
    appendix(&mut h, r);
    h.push_str("</body></html>\n");
    h
}

/// DRAFT on a draft; the version and its sign-offs on an issued version.
fn issue_mark(h: &mut String, r: &Report) {
    let i = &r.issue;
    let Some(version) = i.version else {
        h.push_str("<p class=\"draft-mark\" id=\"draft-mark\">DRAFT: not issued; this report may still change.</p>\n");
        return;
    };
    let signoff = |s: &Option<crate::audit::Signoff>| {
        s.as_ref().map_or(String::new(), |s| {
            format!("{} ({})", esc(&s.by), esc(&s.at))
        })
    };
    let _ = write!(
        h,
        "<p class=\"issue-mark\" id=\"issue-mark\">Version {version}, issued by {}. Reviewed by {}; approved by {}.",
        signoff(&i.issued),
        signoff(&i.reviewed),
        signoff(&i.approved)
    );
    if let Some(reason) = &i.correction {
        let _ = write!(h, " Corrects the version before: {}", esc(reason));
    }
    if let Some(t) = &i.trail {
        let _ = write!(
            h,
            " The audit trail verified when it was issued: {} entries, the newest with SHA-256 <code id=\"trail-head\">{}</code>.",
            t.entries,
            esc(&t.head_hash)
        );
    }
    h.push_str("</p>\n");
}

fn executive_summary(h: &mut String, r: &Report) {
    let s = &r.summary;
    let _ = write!(
        h,
        "<h2>1. Executive summary</h2><p class=\"verdict {}\" id=\"verdict\">{}</p>",
        s.verdict.key(),
        esc(&s.statement)
    );
    statements(h, s);
    if !s.text.is_empty() {
        let _ = write!(h, "<p class=\"pre\">{}</p>", esc(&s.text));
    }
    h.push_str("<table><thead><tr><th>Grade</th><th>Findings</th></tr></thead><tbody>");
    for g in &s.grades {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td></tr>",
            super::grade_label(g.grade),
            g.count
        );
    }
    h.push_str("</tbody></table>\n");
}

/// The effectiveness and objectives statements, and how the conclusion was reached.
fn statements(h: &mut String, s: &super::SummaryPart) {
    for line in s.effectiveness.iter().chain(&s.objectives_achieved) {
        let _ = write!(h, "<p><strong>{}</strong></p>", esc(line));
    }
    for line in s.decision_lines() {
        let _ = write!(h, "<p class=\"pre\">{}</p>", esc(&line));
    }
}

fn indicators(h: &mut String, r: &Report) {
    let i = &r.indicators;
    let f = &i.figures;
    let _ = write!(
        h,
        "<h2>8. Internal indicators</h2><p class=\"muted\">Figures for the audit programme's own use, computed from the checklist and the findings; they are not part of the audit conclusion.</p>\
         <div class=\"figures\"><div>Coverage<strong>{}</strong>{} of {} criteria in scope audited</div>\
         <div>Conformity<strong>{}</strong>{} of {} audited criteria conforming</div>\
         <div>Nonconformity index<strong>{}</strong>weighted findings per audited criterion</div></div>",
        esc(&i.coverage),
        f.audited,
        f.in_scope,
        esc(&i.conformity),
        f.conforming,
        f.audited,
        esc(&i.nonconformity_index)
    );
    let (clauses, others): (Vec<_>, Vec<_>) = r
        .by_group
        .iter()
        .cloned()
        .partition(|g| g.id.chars().all(|c| c.is_ascii_digit()));
    for (title, rows) in [
        ("By clause", &clauses),
        ("By Annex A theme and criteria set", &others),
    ] {
        if !rows.is_empty() {
            let _ = writeln!(
                h,
                "<figure><figcaption><h3>{title}</h3></figcaption>{}</figure>",
                chart::bars(title, rows)
            );
        }
    }
}

fn details(h: &mut String, r: &Report) {
    let a = &r.audit;
    let c = &r.criteria;
    h.push_str("<h2>2. Audit objectives, scope and criteria</h2><table class=\"meta\"><tbody>");
    let mut row = |label: &str, value: String| {
        let _ = write!(h, "<tr><th>{label}</th><td class=\"pre\">{value}</td></tr>");
    };
    row("Objectives", esc(or_none(&a.objectives)));
    row("Auditee", esc(or_none(&a.auditee)));
    row("Audit client", esc(or_client(&a.client)));
    row("Organizational units", esc(&joined(&a.units)));
    row("Processes", esc(&joined(&a.processes)));
    row("Locations", esc(&joined(&a.locations)));
    row(
        "Audit dates",
        format!("{} to {}", esc(&a.planned_start), esc(&a.planned_end)),
    );
    row("Where audited", esc(or_none(&a.audit_locations)));
    row("Lead auditor", esc(&a.lead_auditor));
    row("Audit team", esc(&joined(&a.team)));
    row(
        "Criteria",
        format!(
            "{} (catalog version {}), {} criteria",
            esc(&c.edition),
            esc(&c.catalog_version),
            c.criteria_count
        ),
    );
    row(
        "Statement of Applicability",
        esc(c.soa.as_deref().unwrap_or("None referenced.")),
    );
    row("Other criteria", esc(&joined(&c.custom_sets)));
    h.push_str("</tbody></table>\n");
}

/// Text inside a CSS string: everything but letters, digits and spaces as a CSS escape,
/// so that no quote, backslash or `</style>` can come from it.
fn css_string(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() || c == ' ' {
                c.to_string()
            } else {
                format!("\\{:x} ", c as u32)
            }
        })
        .collect()
}

/// How the audit was initiated, prepared and conducted.
fn conduct(h: &mut String, r: &Report) {
    h.push_str("<h2>3. Conduct of the audit</h2>");
    for b in conduct_section::blocks(r) {
        let _ = write!(h, "<h3>{}</h3>", b.title);
        if b.lines.is_empty() && b.rows.is_empty() {
            let _ = write!(h, "<p>{}</p>", b.empty);
            continue;
        }
        if !b.lines.is_empty() {
            h.push_str("<table class=\"meta\"><tbody>");
            for (label, value) in &b.lines {
                let _ = write!(
                    h,
                    "<tr><th>{label}</th><td class=\"pre\">{}</td></tr>",
                    esc(value)
                );
            }
            h.push_str("</tbody></table>");
        }
        if !b.rows.is_empty() {
            // Headings whole, words broken only when longer than their column.
            let _ = write!(h, "<table class=\"conduct\" id=\"{}\"><thead><tr>", b.id);
            for c in b.head {
                let _ = write!(h, "<th>{c}</th>");
            }
            h.push_str("</tr></thead><tbody>");
            for row in &b.rows {
                h.push_str("<tr>");
                for cell in row {
                    let _ = write!(h, "<td class=\"pre\">{}</td>", esc(cell));
                }
                h.push_str("</tr>");
            }
            h.push_str("</tbody></table>");
        }
        h.push('\n');
    }
}

fn findings(h: &mut String, r: &Report) {
    let _ = write!(h, "<h2>4. Findings</h2>");
    if r.findings.is_empty() {
        h.push_str("<p>No findings were recorded.</p>\n");
        return;
    }
    h.push_str("<table id=\"findings\"><thead><tr><th>Ref.</th><th>Grade</th><th>Criterion</th><th>Risk</th><th>Statement</th></tr></thead><tbody>");
    for f in &r.findings {
        let _ = write!(
            h,
            "<tr><td class=\"ref\">{}</td><td class=\"grade {}\">{}</td><td>{}</td><td>{}</td><td class=\"pre\">{}</td></tr>",
            esc(&f.reference),
            f.grade.key(),
            esc(&f.grade_label),
            esc(&f.criteria_text()),
            f.risk.map_or(String::from("–"), |risk| format!(
                "{} ({})",
                risk.label(),
                esc(f.risk_basis.as_deref().unwrap_or(""))
            )),
            esc(&f.statement)
        );
    }
    h.push_str("</tbody></table>\n<h3>Findings with their evidence</h3>\n");
    for f in &r.findings {
        let _ = writeln!(
            h,
            "<div class=\"finding\"><h3>{} · {} · {}</h3><p class=\"pre\">{}</p><p><strong>Objective evidence.</strong> <span class=\"pre\">{}</span></p>{}<p class=\"muted\">Recorded {}</p></div>",
            esc(&f.reference),
            esc(&f.grade_label),
            esc(&f.criteria_text()),
            esc(&f.statement),
            esc(&f.evidence),
            if f.groups.is_empty() {
                String::new()
            } else {
                format!(
                    "<p><strong>Systemic.</strong> Groups {}.</p>",
                    esc(&f.groups.join(", "))
                )
            },
            esc(&f.date)
        );
    }
    let _ = write!(h, "<h3>Good practices</h3>");
    list(
        h,
        &r.good_practices,
        "No good practice was recorded as a finding.",
    );
    h.push_str("<h3>Grades used in this report</h3><table class=\"meta\"><tbody>");
    for g in &r.grade_definitions {
        let _ = write!(
            h,
            "<tr><th>{}</th><td>{}</td></tr>",
            esc(&g.label),
            esc(&g.definition)
        );
    }
    h.push_str("</tbody></table>\n");
}

fn conclusions(h: &mut String, r: &Report) {
    let s = &r.summary;
    let _ = write!(
        h,
        "<h2>5. Conclusions</h2><p><strong>{}</strong></p>",
        esc(&s.statement)
    );
    statements(h, s);
    let _ = writeln!(
        h,
        "<h3>Unresolved diverging opinions</h3><p class=\"pre\">{}</p><h3>Implications for the audit programme</h3><p class=\"pre\">{}</p>",
        esc(or_none(&r.diverging_opinions)),
        esc(or_none(&r.programme_implications))
    );
}

fn sampling(h: &mut String, r: &Report) {
    let _ = write!(
        h,
        "<h2>6. Sampling and coverage</h2><p class=\"pre\">{}</p><p>{}</p>",
        esc(or_none(&r.sampling)),
        esc(&r.sampling_caveat)
    );
    if !r.samples.is_empty() {
        h.push_str("<ul id=\"samples\">");
        for s in &r.samples {
            let _ = write!(h, "<li>{}</li>", esc(&s.line()));
        }
        h.push_str("</ul>\n");
    }
    if !r.evidence.is_empty() {
        h.push_str("<h3>Evidence register</h3><ul id=\"evidence\">");
        for e in &r.evidence {
            let _ = write!(h, "<li>{}</li>", esc(&e.line()));
        }
        h.push_str("</ul>\n");
    }
    h.push_str("<h3>Areas in scope not covered</h3>");
    if r.not_covered.is_empty() {
        h.push_str("<p>Every criterion in scope was audited.</p>\n");
        return;
    }
    h.push_str("<table id=\"not-covered\"><thead><tr><th>Criterion</th><th>Why not covered</th></tr></thead><tbody>");
    for n in &r.not_covered {
        let _ = write!(
            h,
            "<tr><td>{} {}</td><td class=\"pre\">{}</td></tr>",
            esc(&n.criterion_id),
            esc(&n.title),
            esc(&n.reason)
        );
    }
    h.push_str("</tbody></table>\n");
}

fn appendix(h: &mut String, r: &Report) {
    h.push_str("<section class=\"appendix\"><h2>Appendix A. Checklist</h2><table id=\"checklist\"><thead><tr><th>Criterion</th><th>Outcome</th><th>Findings</th><th>Notes</th></tr></thead><tbody>");
    for line in &r.checklist {
        let _ = write!(
            h,
            "<tr><td>{} {}</td><td>{}</td><td>{}</td><td class=\"pre\">{}</td></tr>",
            esc(&line.criterion_id),
            esc(&line.title),
            esc(&line.outcome_label),
            esc(&line.findings.join(", ")),
            esc(&line.notes)
        );
    }
    h.push_str("</tbody></table>");
    if !r.by_attribute.is_empty() {
        let _ = write!(
            h,
            "<h2>Appendix B. Figures by ISO/IEC 27002 attribute</h2><p class=\"muted\">{}</p><table><thead><tr><th>Attribute</th><th>In scope</th><th>Audited</th><th>Conformity</th></tr></thead><tbody>",
            esc(r.criteria.attributes_caveat.as_deref().unwrap_or(""))
        );
        for a in &r.by_attribute {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&a.title),
                a.figures.in_scope,
                a.figures.audited,
                a.figures.conformity.display()
            );
        }
        h.push_str("</tbody></table>");
    }
    h.push_str("</section>\n");
}

fn list(h: &mut String, items: &[String], empty: &str) {
    if items.is_empty() {
        let _ = write!(h, "<p>{empty}</p>");
        return;
    }
    h.push_str("<ul>");
    for item in items {
        let _ = write!(h, "<li>{}</li>", esc(item));
    }
    h.push_str("</ul>");
}
