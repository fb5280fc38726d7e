//! The report as one self-contained HTML file: inline CSS with A4 print rules, inline
//! SVG charts, no script, and a Content-Security-Policy that allows nothing else.

use super::{Messages, Report, chart, conduct_section, escape_html as esc, labels, or_none};
use std::fmt::Write;

/// The page margins and running heads, in the words of `m`.
fn page_style(m: &Messages) -> String {
    // "Page {page} of {pages}" as CSS content: the words quoted, the numbers counters.
    let mut pages = String::new();
    let text = m.t("report.html.page_of");
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        if open > 0 {
            let _ = write!(pages, "\"{}\" ", &rest[..open]);
        }
        let _ = write!(pages, "counter({}) ", &rest[open + 1..close]);
        rest = rest.get(close + 1..).unwrap_or("");
    }
    if !rest.is_empty() {
        let _ = write!(pages, "\"{rest}\" ");
    }
    format!(
        "\n@page {{ margin: 18mm 16mm 20mm;\n  @top-left {{ content: \"{}\"; font: 9pt system-ui, sans-serif; color: #4f5b6b; }}\n  @bottom-right {{ content: {}; font: 9pt system-ui, sans-serif; color: #4f5b6b; }} }}",
        m.t("report.html.running_head"),
        pages.trim_end()
    )
}

const STYLE: &str = r#"
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

pub fn render(r: &Report, m: &Messages) -> String {
    let mut h = String::with_capacity(64 * 1024 + r.findings.len() * 800);
    let a = &r.audit;
    let classification = if r.classification_default {
        m.t("report.classification.default")
    } else {
        &r.classification
    };
    let _ = writeln!(
        h,
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\
         <meta name=\"generator\" content=\"isms-audit\"><title>{}</title><style>{}{STYLE}\
         @page {{ @top-right {{ content: \"{}\"; font: 9pt system-ui, sans-serif; color: #4f5b6b; }} }}</style></head><body>",
        esc(m.lang()),
        m.tf("report.title", &[("title", &esc(&a.title))]),
        page_style(m),
        css_string(classification)
    );
    let _ = writeln!(
        h,
        "<header><p class=\"muted\">{} · {} · <span id=\"classification\">{}</span></p><h1>{}</h1><p class=\"muted\">{} · {} · {}</p></header>",
        m.t("report.heading"),
        esc(labels::kind(m, a.kind)),
        esc(classification),
        esc(&a.title),
        esc(&r.programme),
        esc(&r.criteria.edition),
        m.tf(
            "report.generated",
            &[("at", &esc(&r.generated_at)), ("by", &esc(&r.generated_by))]
        )
    );
    issue_mark(&mut h, r, m);
    if !r.confidentiality.is_empty() {
        let _ = writeln!(
            h,
            "<p class=\"confidential pre\">{}</p>",
            esc(&r.confidentiality)
        );
    }
    executive_summary(&mut h, r, m);
    details(&mut h, r, m);
    conduct(&mut h, r, m);
    findings(&mut h, r, m);
    conclusions(&mut h, r, m);
    sampling(&mut h, r, m);
    let _ = write!(h, "<h2>{}</h2>", m.t("report.section.distribution"));
    list(&mut h, &r.distribution, m.t("report.distribution.none"));
    let _ = writeln!(
        h,
        "<p class=\"pre\">{}</p>",
        esc(or_none(&r.confidentiality, m))
    );
    indicators(&mut h, r, m);
    appendix(&mut h, r, m);
    h.push_str("</body></html>\n");
    h
}

/// DRAFT on a draft; the version and its sign-offs on an issued version.
fn issue_mark(h: &mut String, r: &Report, m: &Messages) {
    let i = &r.issue;
    let Some(version) = i.version else {
        let _ = writeln!(
            h,
            "<p class=\"draft-mark\" id=\"draft-mark\">{}</p>",
            m.t("report.draft_mark")
        );
        return;
    };
    let signoff = |s: &Option<crate::audit::Signoff>| {
        s.as_ref().map_or(String::new(), |s| {
            format!("{} ({})", esc(&s.by), esc(&s.at))
        })
    };
    let _ = write!(
        h,
        "<p class=\"issue-mark\" id=\"issue-mark\">{}",
        m.tf(
            "report.issue.version",
            &[
                ("version", &version),
                ("issued", &signoff(&i.issued)),
                ("reviewed", &signoff(&i.reviewed)),
                ("approved", &signoff(&i.approved)),
            ]
        )
    );
    if let Some(reason) = &i.correction {
        let _ = write!(
            h,
            " {}",
            m.tf("report.issue.corrects", &[("reason", &esc(reason))])
        );
    }
    if let Some(t) = &i.trail {
        let hash = format!("<code id=\"trail-head\">{}</code>", esc(&t.head_hash));
        let _ = write!(
            h,
            " {}",
            m.tf(
                "report.issue.trail",
                &[("entries", &t.entries), ("hash", &hash)]
            )
        );
    }
    h.push_str("</p>\n");
}

fn executive_summary(h: &mut String, r: &Report, m: &Messages) {
    let s = &r.summary;
    let _ = write!(
        h,
        "<h2>{}</h2><p class=\"verdict {}\" id=\"verdict\">{}</p>",
        m.t("report.section.summary"),
        s.verdict.key(),
        esc(labels::verdict(m, s.verdict, r.audit.kind))
    );
    statements(h, s, m);
    if !s.text.is_empty() {
        let _ = write!(h, "<p class=\"pre\">{}</p>", esc(&s.text));
    }
    let _ = write!(
        h,
        "<table><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
        m.t("report.col.grade"),
        m.t("report.col.findings")
    );
    for g in &s.grades {
        let _ = write!(
            h,
            "<tr><td>{}</td><td>{}</td></tr>",
            labels::grade(m, g.grade),
            g.count
        );
    }
    h.push_str("</tbody></table>\n");
}

/// The effectiveness and objectives statements, and how the conclusion was reached.
fn statements(h: &mut String, s: &super::SummaryPart, m: &Messages) {
    for line in s.statement_lines(m) {
        let _ = write!(h, "<p><strong>{}</strong></p>", esc(&line));
    }
    for line in s.decision_lines(m) {
        let _ = write!(h, "<p class=\"pre\">{}</p>", esc(&line));
    }
}

fn indicators(h: &mut String, r: &Report, m: &Messages) {
    let f = &r.indicators.figures;
    let _ = write!(
        h,
        "<h2>{}</h2><p class=\"muted\">{}</p>\
         <div class=\"figures\"><div>{}<strong>{}</strong>{}</div>\
         <div>{}<strong>{}</strong>{}</div>\
         <div>{}<strong>{}</strong>{}</div></div>",
        m.t("report.section.indicators"),
        m.t("report.indicators.intro"),
        m.t("report.indicators.coverage"),
        esc(&labels::ratio(m, &f.coverage)),
        m.tf(
            "report.indicators.coverage_basis",
            &[("audited", &f.audited), ("in_scope", &f.in_scope)]
        ),
        m.t("report.indicators.conformity"),
        esc(&labels::ratio(m, &f.conformity)),
        m.tf(
            "report.indicators.conformity_basis",
            &[("conforming", &f.conforming), ("audited", &f.audited)]
        ),
        m.t("report.indicators.index"),
        esc(&super::index_text(r, m)),
        m.t("report.indicators.index_basis")
    );
    let (clauses, others): (Vec<_>, Vec<_>) = r
        .by_group
        .iter()
        .cloned()
        .partition(|g| g.id.chars().all(|c| c.is_ascii_digit()));
    for (title, rows) in [
        (m.t("report.indicators.by_clause"), &clauses),
        (m.t("report.indicators.by_theme"), &others),
    ] {
        if !rows.is_empty() {
            let _ = writeln!(
                h,
                "<figure><figcaption><h3>{title}</h3></figcaption>{}</figure>",
                chart::bars(title, rows, m)
            );
        }
    }
}

fn details(h: &mut String, r: &Report, m: &Messages) {
    let _ = write!(
        h,
        "<h2>{}</h2><table class=\"meta\"><tbody>",
        m.t("report.section.details")
    );
    for (label, value) in super::detail_rows(r, m) {
        let _ = write!(
            h,
            "<tr><th>{label}</th><td class=\"pre\">{}</td></tr>",
            esc(&value)
        );
    }
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
fn conduct(h: &mut String, r: &Report, m: &Messages) {
    let _ = write!(h, "<h2>{}</h2>", m.t("report.section.conduct"));
    for b in conduct_section::blocks(r, m) {
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

fn findings(h: &mut String, r: &Report, m: &Messages) {
    let _ = write!(h, "<h2>{}</h2>", m.t("report.section.findings"));
    if r.findings.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", m.t("report.findings.none"));
        return;
    }
    let _ = write!(
        h,
        "<table id=\"findings\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        m.t("report.col.ref"),
        m.t("report.col.grade"),
        m.t("report.col.criterion"),
        m.t("report.col.risk"),
        m.t("report.col.statement")
    );
    for f in &r.findings {
        let _ = write!(
            h,
            "<tr><td class=\"ref\">{}</td><td class=\"grade {}\">{}</td><td>{}</td><td>{}</td><td class=\"pre\">{}</td></tr>",
            esc(&f.reference),
            f.grade.key(),
            esc(labels::grade(m, f.grade)),
            esc(&f.criteria_text()),
            esc(&super::risk_text(f, m)),
            esc(&f.statement)
        );
    }
    let _ = writeln!(
        h,
        "</tbody></table>\n<h3>{}</h3>",
        m.t("report.findings.with_evidence")
    );
    for f in &r.findings {
        let _ = writeln!(
            h,
            "<div class=\"finding\"><h3>{} · {} · {}</h3><p class=\"pre\">{}</p><p><strong>{}</strong> <span class=\"pre\">{}</span></p>{}<p class=\"muted\">{}</p></div>",
            esc(&f.reference),
            esc(labels::grade(m, f.grade)),
            esc(&f.criteria_text()),
            esc(&f.statement),
            m.t("report.findings.evidence"),
            esc(&f.evidence),
            if f.groups.is_empty() {
                String::new()
            } else {
                format!(
                    "<p><strong>{}</strong> {}</p>",
                    m.t("report.findings.systemic"),
                    m.tf(
                        "report.findings.groups",
                        &[("refs", &esc(&f.groups.join(", ")))]
                    )
                )
            },
            m.tf("report.findings.recorded", &[("date", &esc(&f.date))])
        );
    }
    let _ = write!(h, "<h3>{}</h3>", m.t("report.good_practices"));
    list(h, &r.good_practices, m.t("report.good_practices.none"));
    let _ = write!(
        h,
        "<h3>{}</h3><table class=\"meta\"><tbody>",
        m.t("report.grades_used")
    );
    for g in &r.grade_definitions {
        let _ = write!(
            h,
            "<tr><th>{}</th><td>{}</td></tr>",
            esc(labels::grade(m, g.grade)),
            esc(&g.definition)
        );
    }
    h.push_str("</tbody></table>\n");
}

fn conclusions(h: &mut String, r: &Report, m: &Messages) {
    let s = &r.summary;
    let _ = write!(
        h,
        "<h2>{}</h2><p><strong>{}</strong></p>",
        m.t("report.section.conclusions"),
        esc(labels::verdict(m, s.verdict, r.audit.kind))
    );
    statements(h, s, m);
    let _ = writeln!(
        h,
        "<h3>{}</h3><p class=\"pre\">{}</p><h3>{}</h3><p class=\"pre\">{}</p>",
        m.t("report.diverging"),
        esc(or_none(&r.diverging_opinions, m)),
        m.t("report.implications"),
        esc(or_none(&r.programme_implications, m))
    );
}

fn sampling(h: &mut String, r: &Report, m: &Messages) {
    let _ = write!(
        h,
        "<h2>{}</h2><p class=\"pre\">{}</p><p>{}</p>",
        m.t("report.section.sampling"),
        esc(or_none(&r.sampling, m)),
        esc(m.t("report.sampling.caveat"))
    );
    if !r.samples.is_empty() {
        h.push_str("<ul id=\"samples\">");
        for s in &r.samples {
            let _ = write!(h, "<li>{}</li>", esc(&s.line(m)));
        }
        h.push_str("</ul>\n");
    }
    if !r.evidence.is_empty() {
        let _ = write!(
            h,
            "<h3>{}</h3><ul id=\"evidence\">",
            m.t("report.evidence_register")
        );
        for e in &r.evidence {
            let _ = write!(h, "<li>{}</li>", esc(&e.line(m)));
        }
        h.push_str("</ul>\n");
    }
    let _ = write!(h, "<h3>{}</h3>", m.t("report.not_covered"));
    if r.not_covered.is_empty() {
        let _ = writeln!(h, "<p>{}</p>", m.t("report.not_covered.none"));
        return;
    }
    let _ = write!(
        h,
        "<table id=\"not-covered\"><thead><tr><th>{}</th><th>{}</th></tr></thead><tbody>",
        m.t("report.col.criterion"),
        m.t("report.col.why_not_covered")
    );
    for n in &r.not_covered {
        let _ = write!(
            h,
            "<tr><td>{} {}</td><td class=\"pre\">{}</td></tr>",
            esc(&n.criterion_id),
            esc(&n.title),
            esc(super::not_covered_reason(n, m))
        );
    }
    h.push_str("</tbody></table>\n");
}

fn appendix(h: &mut String, r: &Report, m: &Messages) {
    let _ = write!(
        h,
        "<section class=\"appendix\"><h2>{}</h2><table id=\"checklist\"><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        m.t("report.appendix.checklist"),
        m.t("report.col.criterion"),
        m.t("report.col.outcome"),
        m.t("report.col.findings"),
        m.t("report.col.notes")
    );
    for line in &r.checklist {
        let _ = write!(
            h,
            "<tr><td>{} {}</td><td>{}</td><td>{}</td><td class=\"pre\">{}</td></tr>",
            esc(&line.criterion_id),
            esc(&line.title),
            esc(labels::outcome(m, line.outcome)),
            esc(&line.findings.join(", ")),
            esc(&line.notes)
        );
    }
    h.push_str("</tbody></table>");
    if !r.by_attribute.is_empty() {
        let _ = write!(
            h,
            "<h2>{}</h2><p class=\"muted\">{}</p><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
            m.t("report.appendix.attributes"),
            esc(r.criteria.attributes_caveat.as_deref().unwrap_or("")),
            m.t("report.col.attribute"),
            m.t("report.col.in_scope"),
            m.t("report.col.audited"),
            m.t("report.col.conformity")
        );
        for a in &r.by_attribute {
            let _ = write!(
                h,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&a.title),
                a.figures.in_scope,
                a.figures.audited,
                labels::ratio(m, &a.figures.conformity)
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
