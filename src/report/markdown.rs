//! The report as Markdown (CommonMark with GFM tables). User text is escaped so that it
//! reads as written: no markup, links, images or raw HTML can come from it.

use super::{Messages, Report, SummaryPart, conduct_section, labels, or_none};
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

pub fn render(r: &Report, m: &Messages) -> String {
    let e = escape;
    let a = &r.audit;
    let s = &r.summary;
    let t = |key| m.t(key);
    let mut md = String::with_capacity(32 * 1024 + r.findings.len() * 600);
    let classification = if r.classification_default {
        t("report.classification.default")
    } else {
        &r.classification
    };
    let _ = writeln!(
        md,
        "# {}\n",
        m.tf("report.title", &[("title", &e(&a.title))])
    );
    let _ = writeln!(
        md,
        "{}\n",
        m.tf(
            "report.markdown.classification",
            &[("classification", &e(classification))]
        )
    );
    let _ = writeln!(
        md,
        "{} · {} · {} · {}\n",
        e(labels::kind(m, a.kind)),
        e(&r.programme),
        e(&r.criteria.edition),
        m.tf(
            "report.generated",
            &[("at", &e(&r.generated_at)), ("by", &e(&r.generated_by))]
        )
    );
    match r.issue.version {
        None => {
            let _ = writeln!(md, "> {}\n", t("report.markdown.draft_mark"));
        }
        Some(version) => {
            let signoff = |s: &Option<crate::audit::Signoff>| {
                s.as_ref()
                    .map_or(String::new(), |s| format!("{} ({})", e(&s.by), e(&s.at)))
            };
            let _ = write!(
                md,
                "{}",
                m.tf(
                    "report.markdown.issue_version",
                    &[
                        ("version", &version),
                        ("issued", &signoff(&r.issue.issued)),
                        ("reviewed", &signoff(&r.issue.reviewed)),
                        ("approved", &signoff(&r.issue.approved)),
                    ]
                )
            );
            if let Some(reason) = &r.issue.correction {
                let _ = write!(
                    md,
                    " {}",
                    m.tf("report.issue.corrects", &[("reason", &e(reason))])
                );
            }
            if let Some(tr) = &r.issue.trail {
                let hash = format!("`{}`", tr.head_hash);
                let _ = write!(
                    md,
                    " {}",
                    m.tf(
                        "report.issue.trail",
                        &[("entries", &tr.entries), ("hash", &hash)]
                    )
                );
            }
            md.push_str("\n\n");
        }
    }
    if !r.confidentiality.is_empty() {
        let _ = writeln!(
            md,
            "> **{}** {}\n",
            t("report.markdown.confidential"),
            e(&r.confidentiality)
        );
    }
    let verdict = labels::verdict(m, s.verdict, a.kind);
    let _ = writeln!(
        md,
        "## {}\n\n**{}**\n",
        t("report.section.summary"),
        e(verdict)
    );
    statements(&mut md, s, m);
    if !s.text.is_empty() {
        let _ = writeln!(md, "{}\n", e(&s.text));
    }
    let _ = writeln!(
        md,
        "| {} | {} |\n|---|---|",
        t("report.col.grade"),
        t("report.col.findings")
    );
    for g in &s.grades {
        let _ = writeln!(md, "| {} | {} |", labels::grade(m, g.grade), g.count);
    }
    let c = &r.criteria;
    let _ = writeln!(md, "\n## {}\n", t("report.section.details"));
    let _ = writeln!(md, "| | |\n|---|---|");
    for (label, value) in super::detail_rows(r, m) {
        let _ = writeln!(md, "| {label} | {} |", e(&value));
    }
    md.push('\n');
    conduct(&mut md, r, m);
    let _ = writeln!(md, "## {}\n", t("report.section.findings"));
    if r.findings.is_empty() {
        let _ = writeln!(md, "{}\n", t("report.findings.none"));
    } else {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|",
            t("report.col.ref"),
            t("report.col.grade"),
            t("report.col.criterion"),
            t("report.col.risk"),
            t("report.col.statement")
        );
        for f in &r.findings {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} |",
                e(&f.reference),
                e(labels::grade(m, f.grade)),
                e(&f.criteria_text()),
                e(&super::risk_text(f, m)),
                e(&f.statement)
            );
        }
        for f in &r.findings {
            let _ = writeln!(
                md,
                "\n### {} · {} · {}\n\n{}\n\n**{}** {}\n\n{}",
                e(&f.reference),
                e(labels::grade(m, f.grade)),
                e(&f.criteria_text()),
                e(&f.statement),
                t("report.findings.evidence"),
                e(&f.evidence),
                m.tf("report.findings.recorded", &[("date", &e(&f.date))])
            );
            if !f.groups.is_empty() {
                let _ = writeln!(
                    md,
                    "\n**{}** {}",
                    t("report.findings.systemic"),
                    m.tf(
                        "report.findings.groups",
                        &[("refs", &e(&f.groups.join(", ")))]
                    )
                );
            }
        }
        md.push('\n');
    }
    let _ = writeln!(md, "### {}\n", t("report.good_practices"));
    bullets(&mut md, &r.good_practices, t("report.good_practices.none"));
    let _ = writeln!(
        md,
        "### {}\n\n| {} | {} |\n|---|---|",
        t("report.grades_used"),
        t("report.col.grade"),
        t("report.col.meaning")
    );
    for g in &r.grade_definitions {
        let _ = writeln!(
            md,
            "| {} | {} |",
            e(labels::grade(m, g.grade)),
            e(&g.definition)
        );
    }
    md.push('\n');
    let _ = writeln!(
        md,
        "## {}\n\n**{}**\n",
        t("report.section.conclusions"),
        e(verdict)
    );
    statements(&mut md, s, m);
    let _ = writeln!(
        md,
        "### {}\n\n{}\n\n### {}\n\n{}\n",
        t("report.diverging"),
        e(or_none(&r.diverging_opinions, m)),
        t("report.implications"),
        e(or_none(&r.programme_implications, m))
    );
    let _ = writeln!(
        md,
        "## {}\n\n{}\n\n{}\n",
        t("report.section.sampling"),
        e(or_none(&r.sampling, m)),
        e(t("report.sampling.caveat"))
    );
    for s in &r.samples {
        let _ = writeln!(md, "- {}", e(&s.line(m)));
    }
    if !r.samples.is_empty() {
        md.push('\n');
    }
    if !r.evidence.is_empty() {
        let _ = writeln!(md, "### {}\n", t("report.evidence_register"));
        for ev in &r.evidence {
            let _ = writeln!(md, "- {}", e(&ev.line(m)));
        }
        md.push('\n');
    }
    let _ = writeln!(md, "### {}\n", t("report.not_covered"));
    if r.not_covered.is_empty() {
        let _ = writeln!(md, "{}\n", t("report.not_covered.none"));
    } else {
        let _ = writeln!(
            md,
            "| {} | {} |\n|---|---|",
            t("report.col.criterion"),
            t("report.col.why_not_covered")
        );
        for n in &r.not_covered {
            let _ = writeln!(
                md,
                "| {} {} | {} |",
                e(&n.criterion_id),
                e(&n.title),
                e(super::not_covered_reason(n, m))
            );
        }
        md.push('\n');
    }
    let _ = writeln!(md, "## {}\n", t("report.section.distribution"));
    bullets(&mut md, &r.distribution, t("report.distribution.none"));
    let _ = writeln!(md, "{}\n", e(or_none(&r.confidentiality, m)));
    let f = &r.indicators.figures;
    let _ = writeln!(
        md,
        "## {}\n\n{}\n\n| {} | {} | {} |\n|---|---|---|",
        t("report.section.indicators"),
        t("report.indicators.intro"),
        t("report.col.figure"),
        t("report.col.value"),
        t("report.col.basis")
    );
    let _ = writeln!(
        md,
        "| {} | {} | {} |",
        t("report.indicators.coverage"),
        e(&labels::ratio(m, &f.coverage)),
        m.tf(
            "report.indicators.coverage_basis",
            &[("audited", &f.audited), ("in_scope", &f.in_scope)]
        )
    );
    let _ = writeln!(
        md,
        "| {} | {} | {} |",
        t("report.indicators.conformity"),
        e(&labels::ratio(m, &f.conformity)),
        m.tf(
            "report.indicators.conformity_basis",
            &[("conforming", &f.conforming), ("audited", &f.audited)]
        )
    );
    let _ = writeln!(
        md,
        "| {} | {} | {} |",
        t("report.indicators.index"),
        e(&super::index_text(r, m)),
        t("report.indicators.index_basis")
    );
    let _ = writeln!(
        md,
        "\n| {} | {} | {} | {} |\n|---|---|---|---|",
        t("report.col.group"),
        t("report.col.in_scope"),
        t("report.col.audited"),
        t("report.col.conformity")
    );
    for g in &r.by_group {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} |",
            e(&g.title),
            g.figures.in_scope,
            g.figures.audited,
            e(&labels::ratio(m, &g.figures.conformity))
        );
    }
    md.push('\n');
    let _ = writeln!(
        md,
        "## {}\n\n| {} | {} | {} | {} |\n|---|---|---|---|",
        t("report.appendix.checklist"),
        t("report.col.criterion"),
        t("report.col.outcome"),
        t("report.col.findings"),
        t("report.col.notes")
    );
    for line in &r.checklist {
        let _ = writeln!(
            md,
            "| {} {} | {} | {} | {} |",
            e(&line.criterion_id),
            e(&line.title),
            e(labels::outcome(m, line.outcome)),
            e(&line.findings.join(", ")),
            e(&line.notes)
        );
    }
    if !r.by_attribute.is_empty() {
        let _ = writeln!(
            md,
            "\n## {}\n\n{}\n\n| {} | {} | {} | {} |\n|---|---|---|---|",
            t("report.appendix.attributes"),
            e(c.attributes_caveat.as_deref().unwrap_or("")),
            t("report.col.attribute"),
            t("report.col.in_scope"),
            t("report.col.audited"),
            t("report.col.conformity")
        );
        for b in &r.by_attribute {
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} |",
                e(&b.title),
                b.figures.in_scope,
                b.figures.audited,
                e(&labels::ratio(m, &b.figures.conformity))
            );
        }
    }
    md
}

/// How the audit was initiated, prepared and conducted.
fn conduct(md: &mut String, r: &Report, m: &Messages) {
    let _ = writeln!(md, "## {}\n", m.t("report.section.conduct"));
    for b in conduct_section::blocks(r, m) {
        let _ = writeln!(md, "### {}\n", b.title);
        if b.lines.is_empty() && b.rows.is_empty() {
            let _ = writeln!(md, "{}\n", b.empty);
            continue;
        }
        for (label, value) in &b.lines {
            let _ = writeln!(md, "- **{label}:** {}", escape(value));
        }
        if !b.lines.is_empty() {
            md.push('\n');
        }
        if !b.rows.is_empty() {
            let _ = writeln!(md, "| {} |", b.head.join(" | "));
            let _ = writeln!(md, "|{}", "---|".repeat(b.head.len()));
            for row in &b.rows {
                let cells: Vec<String> = row.iter().map(|c| escape(c)).collect();
                let _ = writeln!(md, "| {} |", cells.join(" | "));
            }
            md.push('\n');
        }
    }
}

/// The effectiveness and objectives statements, and how the conclusion was reached.
fn statements(md: &mut String, s: &SummaryPart, m: &Messages) {
    for line in s.statement_lines(m) {
        let _ = writeln!(md, "**{}**\n", escape(&line));
    }
    for line in s.decision_lines(m) {
        let _ = writeln!(md, "{}\n", escape(&line));
    }
}

fn bullets(md: &mut String, items: &[String], empty: &str) {
    if items.is_empty() {
        let _ = writeln!(md, "{empty}\n");
        return;
    }
    for item in items {
        let _ = writeln!(md, "- {}", escape(item));
    }
    md.push('\n');
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
