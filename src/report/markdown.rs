//! The report as Markdown (CommonMark with GFM tables). User text is escaped so that it
//! reads as written: no markup, links, images or raw HTML can come from it.

use super::{Report, grade_label, joined, or_none};
use std::fmt::Write;

/// Writes `<`, `>` and `&` as entities (no raw HTML), backslash-escapes every other
/// ASCII punctuation character (CommonMark allows that for all of them, so no emphasis,
/// link, image, code, table cell or heading can start), and keeps line breaks inside a
/// paragraph or table cell as `<br>`.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            c if c.is_ascii_punctuation() => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

pub fn render(r: &Report) -> String {
    let e = escape;
    let a = &r.audit;
    let s = &r.summary;
    let mut m = String::with_capacity(32 * 1024 + r.findings.len() * 600);
    let _ = writeln!(m, "# Audit report: {}\n", e(&a.title));
    let _ = writeln!(
        m,
        "{} · {} · {} · generated {} by {}\n",
        e(&a.kind_label),
        e(&r.programme),
        e(&r.criteria.edition),
        e(&r.generated_at),
        e(&r.generated_by)
    );
    match r.issue.version {
        None => m.push_str("> **DRAFT**: not issued; this report may still change.\n\n"),
        Some(version) => {
            let signoff = |s: &Option<crate::audit::Signoff>| {
                s.as_ref()
                    .map_or(String::new(), |s| format!("{} ({})", e(&s.by), e(&s.at)))
            };
            let _ = write!(
                m,
                "**Version {version}**, issued by {}. Reviewed by {}; approved by {}.",
                signoff(&r.issue.issued),
                signoff(&r.issue.reviewed),
                signoff(&r.issue.approved)
            );
            if let Some(reason) = &r.issue.correction {
                let _ = write!(m, " Corrects the version before: {}", e(reason));
            }
            m.push_str("\n\n");
        }
    }
    if !r.confidentiality.is_empty() {
        let _ = writeln!(m, "> **Confidential.** {}\n", e(&r.confidentiality));
    }
    let _ = writeln!(m, "## 1. Executive summary\n\n**{}**\n", e(&s.statement));
    if s.overridden {
        let _ = writeln!(
            m,
            "The rule gives otherwise ({}); the lead auditor concluded as above because: {}\n",
            e(s.rule.trim_end_matches('.')),
            e(s.override_reason.as_deref().unwrap_or(""))
        );
    }
    if !s.text.is_empty() {
        let _ = writeln!(m, "{}\n", e(&s.text));
    }
    let f = &s.figures;
    let _ = writeln!(m, "| Figure | Value | Basis |\n|---|---|---|");
    let _ = writeln!(
        m,
        "| Coverage | {} | {} of {} criteria in scope audited |",
        e(&s.coverage),
        f.audited,
        f.in_scope
    );
    let _ = writeln!(
        m,
        "| Conformity | {} | {} of {} audited criteria conforming |",
        e(&s.conformity),
        f.conforming,
        f.audited
    );
    let _ = writeln!(
        m,
        "| Nonconformity index | {} | weighted findings per audited criterion |\n",
        e(&s.nonconformity_index)
    );
    let _ = writeln!(m, "| Grade | Findings |\n|---|---|");
    for g in &s.grades {
        let _ = writeln!(m, "| {} | {} |", grade_label(g.grade), g.count);
    }
    let _ = writeln!(
        m,
        "\n| Clause, theme or set | In scope | Audited | Conformity |\n|---|---|---|---|"
    );
    for g in &r.by_group {
        let _ = writeln!(
            m,
            "| {} | {} | {} | {} |",
            e(&g.title),
            g.figures.in_scope,
            g.figures.audited,
            e(&g.figures.conformity.display())
        );
    }
    let c = &r.criteria;
    let _ = writeln!(m, "\n## 2. Audit objectives, scope and criteria\n");
    let rows = [
        ("Objectives", or_none(&a.objectives).to_string()),
        ("Auditee", or_none(&a.auditee).to_string()),
        ("Organizational units", joined(&a.units)),
        ("Processes", joined(&a.processes)),
        ("Locations", joined(&a.locations)),
        (
            "Audit dates",
            format!("{} to {}", a.planned_start, a.planned_end),
        ),
        ("Where audited", or_none(&a.audit_locations).to_string()),
        ("Lead auditor", a.lead_auditor.clone()),
        ("Audit team", joined(&a.team)),
        (
            "Criteria",
            format!(
                "{} (catalog version {}), {} criteria",
                c.edition, c.catalog_version, c.criteria_count
            ),
        ),
        (
            "Statement of Applicability",
            c.soa.clone().unwrap_or_else(|| "None referenced.".into()),
        ),
        ("Other criteria", joined(&c.custom_sets)),
    ];
    let _ = writeln!(m, "| | |\n|---|---|");
    for (label, value) in rows {
        let _ = writeln!(m, "| {label} | {} |", e(&value));
    }
    let _ = writeln!(m, "\n## 3. Findings\n");
    if r.findings.is_empty() {
        let _ = writeln!(m, "No findings were recorded.\n");
    } else {
        let _ = writeln!(
            m,
            "| Ref. | Grade | Criterion | Risk | Statement |\n|---|---|---|---|---|"
        );
        for f in &r.findings {
            let _ = writeln!(
                m,
                "| {} | {} | {} {} | {} | {} |",
                e(&f.reference),
                e(&f.grade_label),
                e(&f.criterion_id),
                e(&f.criterion_title),
                f.risk.map_or("–".to_string(), |risk| format!(
                    "{} \\({}\\)",
                    risk.label(),
                    e(f.risk_basis.as_deref().unwrap_or(""))
                )),
                e(&f.statement)
            );
        }
        for f in &r.findings {
            let _ = writeln!(
                m,
                "\n### {} · {} · {} {}\n\n{}\n\n**Objective evidence.** {}\n\nRecorded {}",
                e(&f.reference),
                e(&f.grade_label),
                e(&f.criterion_id),
                e(&f.criterion_title),
                e(&f.statement),
                e(&f.evidence),
                e(&f.date)
            );
        }
        m.push('\n');
    }
    let _ = writeln!(
        m,
        "## 4. Conclusions\n\n**{}**\n\nRule applied: {}\n",
        e(&s.statement),
        e(&s.rule)
    );
    if let Some(by) = &s.decided_by {
        let _ = writeln!(m, "Conclusion confirmed by {}.\n", e(by));
    }
    let _ = writeln!(
        m,
        "### Unresolved diverging opinions\n\n{}\n",
        e(or_none(&r.diverging_opinions))
    );
    let _ = writeln!(m, "## 5. Sampling\n\n{}\n", e(or_none(&r.sampling)));
    let _ = writeln!(m, "## 6. Distribution and confidentiality\n");
    if r.distribution.is_empty() {
        let _ = writeln!(m, "No distribution list recorded.\n");
    } else {
        for d in &r.distribution {
            let _ = writeln!(m, "- {}", e(d));
        }
        m.push('\n');
    }
    let _ = writeln!(m, "{}\n", e(or_none(&r.confidentiality)));
    let _ = writeln!(
        m,
        "## Appendix A. Checklist\n\n| Criterion | Outcome | Findings | Notes |\n|---|---|---|---|"
    );
    for line in &r.checklist {
        let _ = writeln!(
            m,
            "| {} {} | {} | {} | {} |",
            e(&line.criterion_id),
            e(&line.title),
            e(&line.outcome_label),
            e(&line.findings.join(", ")),
            e(&line.notes)
        );
    }
    if !r.by_attribute.is_empty() {
        let _ = writeln!(
            m,
            "\n## Appendix B. Figures by ISO/IEC 27002 attribute\n\n{}\n\n| Attribute | In scope | Audited | Conformity |\n|---|---|---|---|",
            e(c.attributes_caveat.as_deref().unwrap_or(""))
        );
        for b in &r.by_attribute {
            let _ = writeln!(
                m,
                "| {} | {} | {} | {} |",
                e(&b.title),
                b.figures.in_scope,
                b.figures.audited,
                e(&b.figures.conformity.display())
            );
        }
    }
    m
}
