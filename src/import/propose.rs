//! The mapping proposal: which row is the header (title rows and blank rows above the
//! table are passed over), and which field each column holds, from a wide list of
//! header words and from the values themselves (a column of control numbers, a column
//! of long text). A header that names a field but whose values say otherwise (a
//! "Control" column of titles) is not believed, and the proposal says why.

use super::{Field, ImportKind, Sheet, SheetRow, TableRow};
use crate::report::Messages;
use serde::Serialize;

/// Header words per field, normalised (lower case, punctuation as spaces).
fn synonyms(kind: ImportKind, field: Field) -> &'static [&'static str] {
    match (kind, field) {
        (_, Field::Control) => &[
            "control",
            "control id",
            "control no",
            "control nr",
            "control number",
            "control ref",
            "control reference",
            "ref",
            "reference",
            "#",
            "no",
            "nr",
            "number",
            "id",
            "annex a",
            "annex a control",
            "annex a reference",
            "annex a ref",
            "iso ref",
            "iso 27001 ref",
            "iso 27001 reference",
            "iso reference",
            "clause",
            "item",
        ],
        (_, Field::Applicable) => &[
            "applicable",
            "applicability",
            "appl",
            "applies",
            "applicable y n",
            "applicable yes no",
            "is applicable",
            "included",
            "include",
            "inclusion",
            "in scope",
            "selected",
            "relevant",
            "control applicable",
            "applicable to",
        ],
        (_, Field::Justification) => &[
            "justification",
            "justifications",
            "reason",
            "reasons",
            "rationale",
            "reason for inclusion exclusion",
            "reason for inclusion or exclusion",
            "reasons for inclusion exclusion",
            "justification for inclusion exclusion",
            "justification for inclusion",
            "justification for exclusion",
            "justification implementation",
            "reason for selection",
            "explanation",
            "comment",
            "comments",
            "remarks",
            "why",
        ],
        (_, Field::Implementation) => &[
            "implementation",
            "implementation status",
            "status",
            "implemented",
            "state",
            "progress",
            "implementation state",
            "maturity",
        ],
        (_, Field::Documents) => &[
            "documents",
            "document",
            "documented information",
            "documentation",
            "references",
            "document reference",
            "document references",
            "related documents",
            "policy",
            "policies",
            "procedure",
            "procedures",
            "evidence",
            "where documented",
        ],
        (_, Field::Id) => &[
            "id",
            "ref",
            "reference",
            "requirement id",
            "req id",
            "number",
            "no",
            "nr",
            "#",
            "clause",
            "article",
            "section",
            "paragraph",
            "item",
            "code",
            "control id",
        ],
        (_, Field::Title) => &[
            "title",
            "requirement",
            "requirement text",
            "requirements",
            "name",
            "text",
            "description",
            "short title",
            "control",
            "statement",
            "obligation",
        ],
        (_, Field::Guidance) => &[
            "guidance",
            "audit guidance",
            "how to audit",
            "notes",
            "guidance notes",
            "what to check",
            "test",
            "test procedure",
            "audit procedure",
            "audit question",
            "audit questions",
            "question",
            "comment",
            "comments",
        ],
        (_, Field::Source) => &[
            "source",
            "origin",
            "document",
            "law",
            "contract",
            "regulation",
            "standard",
            "policy",
            "reference document",
            "source document",
            "legal source",
        ],
        (_, Field::Criterion) => &[
            "criterion",
            "criteria",
            "criterion id",
            "clause",
            "control",
            "clause control",
            "requirement",
            "reference",
            "ref",
            "iso ref",
            "iso reference",
            "standard reference",
            "annex a",
            "audit criterion",
            "audit criteria",
        ],
        (_, Field::Grade) => &[
            "grade",
            "grading",
            "type",
            "finding type",
            "classification",
            "category",
            "finding category",
            "severity",
            "rating",
            "nc type",
            "nc grade",
            "level",
            "finding grade",
            "kind",
        ],
        (_, Field::Statement) => &[
            "statement",
            "finding",
            "findings",
            "finding statement",
            "description",
            "finding description",
            "nonconformity",
            "non conformity",
            "details",
            "issue",
            "summary",
            "text",
            "observation",
            "constat",
            "constats",
            "feststellung",
        ],
        (_, Field::Evidence) => &[
            "evidence",
            "objective evidence",
            "audit evidence",
            "evidence seen",
            "evidence reviewed",
            "records",
            "records seen",
            "sample",
            "proof",
            // French and German registers.
            "preuve",
            "preuves",
            "éléments de preuve",
            "nachweis",
            "nachweise",
        ],
        (_, Field::Date) => &[
            "date",
            "found on",
            "date raised",
            "raised",
            "raised on",
            "audit date",
            "date found",
            "date identified",
            "identified",
            "finding date",
            "when",
        ],
    }
}

/// Headers of columns a kind does not save, and why (said in the preview): the message
/// key and the engine's own English.
fn known_unsaved(kind: ImportKind, header: &str) -> Option<(&'static str, &'static str)> {
    let words: &[&str] = match kind {
        ImportKind::Soa => &[
            "title",
            "control title",
            "name",
            "control name",
            "description",
            "control description",
            "objective",
        ],
        ImportKind::Findings => &["reference", "ref", "risk", "likelihood x impact", "groups"],
        ImportKind::Criteria => &[],
    };
    words.contains(&header).then_some(match kind {
        ImportKind::Soa => (
            "engine.import.why.unsaved_title",
            "not saved: the catalog holds each control's title",
        ),
        _ => ("engine.import.why.unsaved", "not saved by this import"),
    })
}

pub fn normalise(header: &str) -> String {
    let spaced: String = header
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '#' {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect();
    spaced.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// How well `header` names `field`: 3 exactly, 2 when it starts with a synonym, 1 when
/// it contains one (word by word), 0 not at all.
fn header_score(kind: ImportKind, field: Field, header: &str) -> u8 {
    let mut best = 0;
    for s in synonyms(kind, field) {
        let score = if header == *s {
            3
        } else if header.starts_with(&format!("{s} ")) {
            2
        } else if s.len() > 2 && format!(" {header} ").contains(&format!(" {s} ")) {
            1
        } else {
            0
        };
        best = best.max(score);
    }
    best
}

/// Fields whose values can be recognised, so that values overrule a header.
fn checked(field: Field) -> bool {
    matches!(
        field,
        Field::Control
            | Field::Applicable
            | Field::Implementation
            | Field::Criterion
            | Field::Grade
            | Field::Date
            | Field::Id
    )
}

/// Fields of free text, proposed for a column of long text nobody named.
fn long_text(kind: ImportKind) -> &'static [Field] {
    match kind {
        ImportKind::Soa => &[Field::Justification],
        ImportKind::Criteria => &[Field::Title, Field::Guidance],
        ImportKind::Findings => &[Field::Statement, Field::Evidence],
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProposedColumn {
    pub header: String,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub field: Option<Field>,
    /// Why the field was proposed, or why the column is ignored.
    pub why: String,
    /// The first values, as read.
    pub samples: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct FieldChoice {
    pub field: Field,
    pub label: String,
    pub required: bool,
}

/// The proposal the preview starts from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ImportProposal {
    pub sheet: String,
    /// The header's row in the file (1-based).
    pub header_line: u32,
    pub columns: Vec<ProposedColumn>,
    /// The rows under the header, as text.
    pub rows: Vec<TableRow>,
    /// The fields this kind saves, for the mapping choices.
    pub fields: Vec<FieldChoice>,
    /// What the proposal noticed: a named column whose values say otherwise, rows
    /// passed over above the header.
    pub notes: Vec<String>,
}

/// Tells whether a value is one `field` understands (a control of the SoA's catalog, a
/// criterion of the audit, a grade, ...). For an SoA, `Field::Title` answers whether
/// the value is a control's title.
pub type Recognise<'a> = &'a dyn Fn(Field, &str) -> bool;

fn column_name(i: usize) -> String {
    let mut n = i + 1;
    let mut name = String::new();
    while n > 0 {
        let r = (n - 1) % 26;
        name.insert(0, char::from(b'A' + r as u8));
        n = (n - 1) / 26;
    }
    format!("column {name}")
}

/// The row most like a header among the first rows: the one whose cells name the most
/// fields of `kind`, then the one with the most text cells.
fn header_index(kind: ImportKind, rows: &[SheetRow]) -> Option<usize> {
    rows.iter()
        .take(30)
        .enumerate()
        .filter(|(_, r)| r.cells.iter().any(|c| !c.text().trim().is_empty()))
        .max_by_key(|(i, r)| {
            let texts: Vec<String> = r
                .cells
                .iter()
                .filter(|c| matches!(c, super::Cell::Text(_)))
                .map(|c| normalise(&c.text()))
                .filter(|t| !t.is_empty())
                .collect();
            let named = texts
                .iter()
                .filter(|t| kind.fields().iter().any(|f| header_score(kind, *f, t) >= 2))
                .count();
            (named, texts.len(), std::cmp::Reverse(*i))
        })
        .map(|(i, _)| i)
}

/// The proposal for importing `sheet` as `kind`.
pub fn proposal(kind: ImportKind, sheet: &Sheet, recognise: Recognise) -> ImportProposal {
    proposal_in(kind, sheet, recognise, &Messages::default())
}

/// [`proposal`] with its notes, reasons and field names in the words of `m` (the
/// engine's own English for a message `m` does not have).
pub fn proposal_in(
    kind: ImportKind,
    sheet: &Sheet,
    recognise: Recognise,
    m: &Messages,
) -> ImportProposal {
    let mut notes = Vec::new();
    let Some(h) = header_index(kind, &sheet.rows) else {
        return ImportProposal {
            sheet: sheet.name.clone(),
            header_line: 0,
            columns: Vec::new(),
            rows: Vec::new(),
            fields: choices(kind, m),
            notes: vec![m.or(
                "engine.import.note.empty_sheet",
                &[("sheet", &sheet.name)],
                format!("The sheet \"{}\" is empty.", sheet.name),
            )],
        };
    };
    let header_row = &sheet.rows[h];
    if h > 0 {
        notes.push(m.or(
            "engine.import.note.header_row",
            &[("line", &header_row.line)],
            format!(
                "The header is row {}; the rows above it are passed over.",
                header_row.line
            ),
        ));
    }
    let rows: Vec<TableRow> = sheet.rows[h + 1..]
        .iter()
        .map(|r| TableRow {
            line: r.line,
            cells: r.cells.iter().map(|c| c.text()).collect(),
        })
        .filter(|r| r.cells.iter().any(|c| !c.trim().is_empty()))
        .collect();
    let width = rows
        .iter()
        .map(|r| {
            r.cells
                .iter()
                .rposition(|c| !c.trim().is_empty())
                .map_or(0, |p| p + 1)
        })
        .chain(std::iter::once(
            header_row
                .cells
                .iter()
                .rposition(|c| !c.text().trim().is_empty())
                .map_or(0, |p| p + 1),
        ))
        .max()
        .unwrap_or(0);
    let headers: Vec<String> = (0..width)
        .map(|i| {
            let text = header_row
                .cells
                .get(i)
                .map(|c| c.text())
                .unwrap_or_default();
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if text.is_empty() {
                column_name(i)
            } else {
                text
            }
        })
        .collect();
    let values: Vec<Vec<&str>> = (0..width)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.cells.get(i).map(|c| c.trim()))
                .filter(|v| !v.is_empty())
                .collect()
        })
        .collect();
    let fits = |i: usize, field: Field| -> f64 {
        let v = &values[i];
        if v.is_empty() {
            return 0.0;
        }
        v.iter().filter(|x| recognise(field, x)).count() as f64 / v.len() as f64
    };
    let average_length = |i: usize| -> f64 {
        let v = &values[i];
        if v.is_empty() {
            return 0.0;
        }
        v.iter().map(|x| x.chars().count()).sum::<usize>() as f64 / v.len() as f64
    };

    let mut field_of: Vec<Option<Field>> = vec![None; width];
    let mut why: Vec<String> = vec![String::new(); width];
    // Columns named like a field whose values are not of it (a "Control" of titles).
    let mut disbelieved: Vec<(usize, Field)> = Vec::new();

    // 1. Header words, best match first; a checked field's values must agree.
    let mut candidates: Vec<(u8, usize, Field)> = Vec::new();
    for (i, header) in headers.iter().enumerate() {
        let n = normalise(header);
        for field in kind.fields() {
            let score = header_score(kind, *field, &n);
            if score > 0 {
                candidates.push((score, i, *field));
            }
        }
    }
    candidates.sort_by_key(|(score, i, _)| (std::cmp::Reverse(*score), *i));
    for &(score, i, field) in &candidates {
        // A named column whose values are not of the field, with another column whose
        // values are, is not believed (a "Control" column of titles beside "#").
        let contradicted = checked(field)
            && !values[i].is_empty()
            && fits(i, field) < 0.5
            && (0..width).any(|j| j != i && fits(j, field) >= 0.8);
        if contradicted && score >= 2 && !disbelieved.contains(&(i, field)) {
            disbelieved.push((i, field));
        }
        if field_of[i].is_some() || field_of.contains(&Some(field)) || contradicted {
            continue;
        }
        field_of[i] = Some(field);
        why[i] = m.or(
            "engine.import.why.header",
            &[],
            "recognised from its header".to_string(),
        );
    }

    // Fields often kept in two columns: a grade as a type (NC, OBS, OFI) and a severity
    // (major, minor), read together so that "NC" and "Major" make a major nonconformity;
    // a justification as reasons for inclusion and for exclusion. A second column named
    // like the field (and, for a grade, holding grade words) is proposed for it too.
    for field in kind.fields().iter().filter(|f| f.spans_two_columns()) {
        let Some(first) = field_of.iter().position(|f| *f == Some(*field)) else {
            continue;
        };
        let second = candidates.iter().find(|&&(score, i, f)| {
            f == *field
                && score >= 2
                && i != first
                && field_of[i].is_none()
                && (!checked(f) || fits(i, f) >= 0.5)
        });
        if let Some(&(_, i, _)) = second {
            field_of[i] = Some(*field);
            why[i] = m.or(
                "engine.import.why.second",
                &[("field", &field.label_in(m)), ("header", &headers[first])],
                format!(
                    "a second {} column: read with \"{}\"",
                    field.label(),
                    headers[first]
                ),
            );
        }
    }

    // 2. Values: a column of control numbers, yes/no, grades, dates ...
    for field in kind.fields() {
        if !checked(*field) || field_of.contains(&Some(*field)) {
            continue;
        }
        let best = (0..width)
            .filter(|i| field_of[*i].is_none() && !values[*i].is_empty())
            .map(|i| (i, fits(i, *field)))
            .filter(|(_, share)| *share >= 0.8)
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        if let Some((i, _)) = best {
            field_of[i] = Some(*field);
            why[i] = m.or(
                "engine.import.why.values",
                &[("holds", &field.holds_in(m).trim_start_matches("the "))],
                format!(
                    "its values are {}",
                    field.holds().trim_start_matches("the ")
                ),
            );
        }
    }

    // 3. Long text nobody named: justification, statement then evidence, title ...
    for field in long_text(kind) {
        if field_of.contains(&Some(*field)) {
            continue;
        }
        let pick = (0..width).find(|i| {
            field_of[*i].is_none()
                && !values[*i].is_empty()
                && average_length(*i) >= 20.0
                && known_unsaved(kind, &normalise(&headers[*i])).is_none()
                && !(kind == ImportKind::Soa && fits(*i, Field::Title) >= 0.5)
        });
        if let Some(i) = pick {
            field_of[i] = Some(*field);
            why[i] = m.or(
                "engine.import.why.long_text",
                &[("field", &field.label_in(m))],
                format!(
                    "its values are long text, proposed as the {}",
                    field.label()
                ),
            );
        }
    }

    for (i, field) in disbelieved {
        if field_of[i] == Some(field) {
            continue;
        }
        let sample = values[i].first().copied().unwrap_or("");
        let moved = field_of.iter().position(|f| *f == Some(field));
        let titles = kind == ImportKind::Soa && fits(i, Field::Title) >= 0.5;
        let holds = if titles {
            "control titles"
        } else {
            "other values"
        };
        let sample = crate::text::excerpt(sample);
        let label = field.label_in(m);
        let column = &headers[i];
        notes.push(match moved {
            Some(j) => m.or(
                if titles {
                    "engine.import.note.moved_titles"
                } else {
                    "engine.import.note.moved_other"
                },
                &[
                    ("column", column),
                    ("field", &label),
                    ("sample", &sample),
                    ("other", &headers[j]),
                    ("holds", &field.holds_in(m)),
                ],
                format!(
                    "Column \"{}\" is named like the {} but holds {holds} (e.g. \"{}\"); column \"{}\" holds {}, so it is proposed instead.",
                    headers[i],
                    field.label(),
                    sample,
                    headers[j],
                    field.holds()
                ),
            ),
            None => m.or(
                "engine.import.note.not_of_field",
                &[
                    ("column", column),
                    ("field", &label),
                    ("sample", &sample),
                    ("holds", &field.holds_in(m)),
                ],
                format!(
                    "Column \"{}\" is named like the {} but its values are not (e.g. \"{}\"); choose the column that holds {}.",
                    headers[i],
                    field.label(),
                    sample,
                    field.holds()
                ),
            ),
        });
        if why[i].is_empty() {
            why[i] = m.or(
                if titles {
                    "engine.import.why.named_titles"
                } else {
                    "engine.import.why.named_other"
                },
                &[("field", &label)],
                format!("named like the {} but holds {holds}", field.label()),
            );
        }
    }

    let columns = headers
        .iter()
        .enumerate()
        .map(|(i, header)| {
            let reason = if field_of[i].is_some() || !why[i].is_empty() {
                why[i].clone()
            } else if values[i].is_empty() {
                m.or("engine.import.why.empty", &[], "empty".to_string())
            } else if let Some((key, english)) = known_unsaved(kind, &normalise(header)) {
                m.or(key, &[], english.to_string())
            } else if kind == ImportKind::Soa && fits(i, Field::Title) >= 0.5 {
                m.or(
                    "engine.import.why.titles",
                    &[],
                    "control titles: the catalog holds them".to_string(),
                )
            } else {
                m.or(
                    "engine.import.why.none",
                    &[],
                    "no field of this import matches; choose one to keep it".to_string(),
                )
            };
            ProposedColumn {
                header: header.clone(),
                field: field_of[i],
                why: reason,
                samples: values[i].iter().take(3).map(|s| s.to_string()).collect(),
            }
        })
        .collect();
    ImportProposal {
        sheet: sheet.name.clone(),
        header_line: header_row.line,
        columns,
        rows: rows
            .into_iter()
            .map(|mut r| {
                r.cells.truncate(width);
                r
            })
            .collect(),
        fields: choices(kind, m),
        notes,
    }
}

fn choices(kind: ImportKind, m: &Messages) -> Vec<FieldChoice> {
    kind.fields()
        .iter()
        .map(|f| FieldChoice {
            field: *f,
            label: f.label_in(m),
            required: f.required(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_normalised_and_scored() {
        assert_eq!(normalise(" Applicable (Y/N) "), "applicable y n");
        assert_eq!(normalise("Control No."), "control no");
        let k = ImportKind::Soa;
        assert_eq!(header_score(k, Field::Applicable, "applicable y n"), 3);
        assert_eq!(
            header_score(k, Field::Justification, "justification implementation"),
            3
        );
        assert_eq!(
            header_score(k, Field::Implementation, "justification implementation"),
            1
        );
        assert_eq!(
            header_score(k, Field::Justification, "reason for inclusion exclusion"),
            3
        );
        assert_eq!(column_name(0), "column A");
        assert_eq!(column_name(27), "column AB");
    }
}
