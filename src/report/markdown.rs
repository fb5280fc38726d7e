//! The report as Markdown (CommonMark with GFM tables). User text is escaped so that it
//! reads as written: no markup, links, images or raw HTML can come from it.

use super::{Report, SummaryPart, conduct_section, grade_label, joined, or_client, or_none};
use std::fmt::Write;

/// Text that CommonMark (with GFM tables and strikethrough) shows as written, with as
/// few escapes as that takes, so a pasted report reads cleanly: `<`, `>` and `&` as
/// entities (no raw HTML, autolinks or character references), a backslash before the
/// characters that start inline markup anywhere (`\\ * _ ` [ ] ~ |`), and before the
/// start of a text that would open a block (a heading `# `, a list `- `, `+ `, `1. `,
/// `1) `, a rule `---`). Line breaks become `<br>`, so user text never starts a new block.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let block_marker = block_marker(text);
    for (i, c) in text.char_indices() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push_str("<br>"),
            '\\' | '*' | '_' | '`' | '[' | ']' | '~' | '|' => {
                out.push('\\');
                out.push(c);
            }
            _ if Some(i) == block_marker => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The byte index of the character that makes the start of `text` open a block, if any.
fn block_marker(text: &str) -> Option<usize> {
    let ends_marker = |rest: &str| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']);
    let hashes = text.len() - text.trim_start_matches('#').len();
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if (1..=6).contains(&hashes) && ends_marker(&text[hashes..]) {
        return Some(0);
    }
    if text.starts_with(['-', '+']) && (ends_marker(&text[1..]) || text.starts_with("--")) {
        return Some(0);
    }
    (digits > 0 && text[digits..].starts_with(['.', ')']) && ends_marker(&text[digits + 1..]))
        .then_some(digits)
}

pub fn render(r: &Report) -> String {
    let e = escape;
    let a = &r.audit;
    let s = &r.summary;
    let mut m = String::with_capacity(32 * 1024 + r.findings.len() * 600);
    let _ = writeln!(m, "# Audit report: {}\n", e(&a.title));
    let _ = writeln!(m, "Classification: **{}**\n", e(&r.classification));
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
            if let Some(t) = &r.issue.trail {
                let _ = write!(
                    m,
                    " The audit trail verified when it was issued: {} entries, the newest with SHA-256 `{}`.",
                    t.entries, t.head_hash
                );
            }
            m.push_str("\n\n");
        }
    }
    if !r.confidentiality.is_empty() {
        let _ = writeln!(m, "> **Confidential.** {}\n", e(&r.confidentiality));
    }
    let _ = writeln!(m, "## 1. Executive summary\n\n**{}**\n", e(&s.statement));
    statements(&mut m, s);
    if !s.text.is_empty() {
        let _ = writeln!(m, "{}\n", e(&s.text));
    }
    let _ = writeln!(m, "| Grade | Findings |\n|---|---|");
    for g in &s.grades {
        let _ = writeln!(m, "| {} | {} |", grade_label(g.grade), g.count);
    }
    let c = &r.criteria;
    let _ = writeln!(m, "\n## 2. Audit objectives, scope and criteria\n");
    let rows = [
        ("Objectives", or_none(&a.objectives).to_string()),
        ("Auditee", or_none(&a.auditee).to_string()),
        ("Audit client", or_client(&a.client).to_string()),
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
    m.push('\n');
    conduct(&mut m, r);
    let _ = writeln!(m, "## 4. Findings\n");
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
                "| {} | {} | {} | {} | {} |",
                e(&f.reference),
                e(&f.grade_label),
                e(&f.criteria_text()),
                f.risk.map_or("–".to_string(), |risk| format!(
                    "{} ({})",
                    risk.label(),
                    e(f.risk_basis.as_deref().unwrap_or(""))
                )),
                e(&f.statement)
            );
        }
        for f in &r.findings {
            let _ = writeln!(
                m,
                "\n### {} · {} · {}\n\n{}\n\n**Objective evidence.** {}\n\nRecorded {}",
                e(&f.reference),
                e(&f.grade_label),
                e(&f.criteria_text()),
                e(&f.statement),
                e(&f.evidence),
                e(&f.date)
            );
            if !f.groups.is_empty() {
                let _ = writeln!(m, "\n**Systemic.** Groups {}.", e(&f.groups.join(", ")));
            }
        }
        m.push('\n');
    }
    let _ = writeln!(m, "### Good practices\n");
    bullets(
        &mut m,
        &r.good_practices,
        "No good practice was recorded as a finding.",
    );
    let _ = writeln!(
        m,
        "### Grades used in this report\n\n| Grade | Meaning |\n|---|---|"
    );
    for g in &r.grade_definitions {
        let _ = writeln!(m, "| {} | {} |", e(&g.label), e(&g.definition));
    }
    m.push('\n');
    let _ = writeln!(m, "## 5. Conclusions\n\n**{}**\n", e(&s.statement));
    statements(&mut m, s);
    let _ = writeln!(
        m,
        "### Unresolved diverging opinions\n\n{}\n\n### Implications for the audit programme\n\n{}\n",
        e(or_none(&r.diverging_opinions)),
        e(or_none(&r.programme_implications))
    );
    let _ = writeln!(
        m,
        "## 6. Sampling and coverage\n\n{}\n\n{}\n",
        e(or_none(&r.sampling)),
        e(&r.sampling_caveat)
    );
    for s in &r.samples {
        let _ = writeln!(m, "- {}", e(&s.line()));
    }
    if !r.samples.is_empty() {
        m.push('\n');
    }
    if !r.evidence.is_empty() {
        let _ = writeln!(m, "### Evidence register\n");
        for ev in &r.evidence {
            let _ = writeln!(m, "- {}", e(&ev.line()));
        }
        m.push('\n');
    }
    let _ = writeln!(m, "### Areas in scope not covered\n");
    if r.not_covered.is_empty() {
        let _ = writeln!(m, "Every criterion in scope was audited.\n");
    } else {
        let _ = writeln!(m, "| Criterion | Why not covered |\n|---|---|");
        for n in &r.not_covered {
            let _ = writeln!(
                m,
                "| {} {} | {} |",
                e(&n.criterion_id),
                e(&n.title),
                e(&n.reason)
            );
        }
        m.push('\n');
    }
    let _ = writeln!(m, "## 7. Distribution and confidentiality\n");
    bullets(&mut m, &r.distribution, "No distribution list recorded.");
    let _ = writeln!(m, "{}\n", e(or_none(&r.confidentiality)));
    let i = &r.indicators;
    let f = &i.figures;
    let _ = writeln!(
        m,
        "## 8. Internal indicators\n\nFigures for the audit programme's own use, computed from the checklist and the findings; they are not part of the audit conclusion.\n\n| Figure | Value | Basis |\n|---|---|---|"
    );
    let _ = writeln!(
        m,
        "| Coverage | {} | {} of {} criteria in scope audited |",
        e(&i.coverage),
        f.audited,
        f.in_scope
    );
    let _ = writeln!(
        m,
        "| Conformity | {} | {} of {} audited criteria conforming |",
        e(&i.conformity),
        f.conforming,
        f.audited
    );
    let _ = writeln!(
        m,
        "| Nonconformity index | {} | weighted findings per audited criterion |",
        e(&i.nonconformity_index)
    );
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
    m.push('\n');
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

/// How the audit was initiated, prepared and conducted.
fn conduct(m: &mut String, r: &Report) {
    let _ = writeln!(m, "## 3. Conduct of the audit\n");
    for b in conduct_section::blocks(r) {
        let _ = writeln!(m, "### {}\n", b.title);
        if b.lines.is_empty() && b.rows.is_empty() {
            let _ = writeln!(m, "{}\n", b.empty);
            continue;
        }
        for (label, value) in &b.lines {
            let _ = writeln!(m, "- **{label}:** {}", escape(value));
        }
        if !b.lines.is_empty() {
            m.push('\n');
        }
        if !b.rows.is_empty() {
            let _ = writeln!(m, "| {} |", b.head.join(" | "));
            let _ = writeln!(m, "|{}", "---|".repeat(b.head.len()));
            for row in &b.rows {
                let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
                let _ = writeln!(m, "| {} |", cells.join(" | "));
            }
            m.push('\n');
        }
    }
}

/// The effectiveness and objectives statements, and how the conclusion was reached.
fn statements(m: &mut String, s: &SummaryPart) {
    for line in s.effectiveness.iter().chain(&s.objectives_achieved) {
        let _ = writeln!(m, "**{}**\n", escape(line));
    }
    for line in s.decision_lines() {
        let _ = writeln!(m, "{}\n", escape(&line));
    }
}

fn bullets(m: &mut String, items: &[String], empty: &str) {
    if items.is_empty() {
        let _ = writeln!(m, "{empty}\n");
        return;
    }
    for item in items {
        let _ = writeln!(m, "- {}", escape(item));
    }
    m.push('\n');
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn ordinary_punctuation_stays_as_written() {
        let text = "Restore test (3 of 14 systems): passed; see ticket #4711, \"BCK-R\" - ok!";
        assert_eq!(escape(text), text);
        for text in [
            "A.8.13 + A.5.1 = 2 controls",
            "9.2.2 Internal audit",
            "#4711",
            "-5 %",
            "2026-03-04",
        ] {
            assert_eq!(escape(text), text);
        }
    }

    #[test]
    fn markup_and_block_starts_are_escaped() {
        assert_eq!(
            escape("*ERP* [INC] `x` a|b ~~y~~ C:\\tmp_1"),
            "\\*ERP\\* \\[INC\\] \\`x\\` a\\|b \\~\\~y\\~\\~ C:\\\\tmp\\_1"
        );
        assert_eq!(escape("# not a heading"), "\\# not a heading");
        assert_eq!(escape("- not a list"), "\\- not a list");
        assert_eq!(escape("---"), "\\---");
        assert_eq!(escape("12. not a list"), "12\\. not a list");
        assert_eq!(escape("3)"), "3\\)");
        assert_eq!(escape("<b>&amp;\nnext"), "&lt;b&gt;&amp;amp;<br>next");
    }
}
