//! The Statement of Applicability (ISO/IEC 27001 6.1.3 d): for each Annex A control,
//! whether it applies, why, how far it is implemented, and where it is documented.
//! Entered in the page or imported from a spreadsheet's CSV; exported back to CSV.

use crate::catalog::{self, Catalog, CriterionKind};
use crate::csv::{self, Column, Table};
use crate::error::{Error, ErrorCode, Result};
use crate::import::{self, Field, ImportKind, Mapped, Problems};
use crate::text::{self, LONG, SHORT};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Implementation {
    NotImplemented,
    Planned,
    PartiallyImplemented,
    Implemented,
}

impl Implementation {
    const ALL: [(Implementation, &'static str, &'static [&'static str]); 4] = [
        (
            Implementation::NotImplemented,
            "not implemented",
            &["not_implemented", "not started", "no", "none", "open"],
        ),
        (
            Implementation::Planned,
            "planned",
            &["in planning", "to do", "todo"],
        ),
        (
            Implementation::PartiallyImplemented,
            "partially implemented",
            &[
                "partially_implemented",
                "partial",
                "partially",
                "in progress",
                "ongoing",
            ],
        ),
        (
            Implementation::Implemented,
            "implemented",
            &["done", "complete", "completed", "yes", "in place"],
        ),
    ];

    pub fn label(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(i, _, _)| *i == self)
            .map_or("", |(_, l, _)| l)
    }

    pub fn parse(value: &str) -> Option<Implementation> {
        let value = value.trim().to_lowercase();
        Self::ALL
            .iter()
            .find(|(_, label, aliases)| *label == value || aliases.contains(&value.as_str()))
            .map(|(i, _, _)| *i)
    }
}

/// The SoA line of one control.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SoaEntry {
    /// A control of the SoA's catalog, e.g. `A.8.13`.
    pub control_id: String,
    pub applicable: bool,
    /// Why the control is included or excluded.
    #[serde(default)]
    pub justification: String,
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub implementation: Option<Implementation>,
    /// The documented information that implements it (policy, procedure, record ids).
    #[serde(default)]
    pub documents: String,
}

/// A stored SoA: entries in catalog order; a control without an entry is not assessed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Soa {
    pub id: String,
    /// E.g. "Example GmbH SoA v3".
    pub name: String,
    pub catalog_id: String,
    pub entries: Vec<SoaEntry>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SoaFields {
    pub name: String,
    pub catalog_id: String,
}

impl SoaFields {
    pub fn validate(&self) -> Result<(String, &'static Catalog)> {
        let name = text::required("name", "SoA name", &self.name, SHORT)?;
        Ok((name, catalog::require(&self.catalog_id)?))
    }
}

impl Soa {
    /// A new, empty SoA `id`.
    pub fn create(id: &str, fields: &SoaFields) -> Result<Soa> {
        let (name, catalog) = fields.validate()?;
        Ok(Soa {
            id: id.to_string(),
            name,
            catalog_id: catalog.id.clone(),
            entries: Vec::new(),
        })
    }

    /// The SoA renamed; its catalog can change only while it has no entries.
    pub fn updated(&self, fields: &SoaFields) -> Result<Soa> {
        let (name, catalog) = fields.validate()?;
        if catalog.id != self.catalog_id && !self.entries.is_empty() {
            return Err(Error::on_field(
                ErrorCode::Fixed,
                "catalogId",
                "This SoA already has entries for its catalog; create a new SoA for another edition.",
            ));
        }
        Ok(Soa {
            name,
            catalog_id: catalog.id.clone(),
            ..self.clone()
        })
    }

    /// Whether the SoA may be deleted, given the title of an audit planned from it and
    /// the name of a programme whose coverage it sets, if any: an SoA in use is kept.
    pub fn check_delete(&self, planned_audit: Option<&str>, programme: Option<&str>) -> Result<()> {
        let user = match (planned_audit, programme) {
            (Some(title), _) => format!("The audit \"{title}\" was planned from"),
            (None, Some(name)) => format!("The programme \"{name}\" plans its coverage from"),
            (None, None) => return Ok(()),
        };
        Err(Error::new(
            ErrorCode::InUse,
            format!("{user} \"{}\"; an SoA in use is kept.", self.name),
        ))
    }

    pub fn catalog(&self) -> Result<&'static Catalog> {
        catalog::require(&self.catalog_id)
    }

    pub fn entry(&self, control_id: &str) -> Option<&SoaEntry> {
        self.entries.iter().find(|e| e.control_id == control_id)
    }

    /// The SoA with `entry` set (replacing the control's previous entry).
    pub fn with_entry(&self, entry: &SoaEntry) -> Result<Soa> {
        let catalog = self.catalog()?;
        let entry = validate_entry(catalog, entry)?;
        let mut soa = self.clone();
        soa.entries.retain(|e| e.control_id != entry.control_id);
        soa.entries.push(entry);
        soa.sort(catalog);
        Ok(soa)
    }

    /// The SoA with all entries replaced by those of a CSV file; a file with any
    /// problem is rejected whole.
    pub fn with_csv(&self, input: &str) -> Result<Soa> {
        let catalog = self.catalog()?;
        let entries = parse_csv(catalog, input)?;
        let mut soa = Soa {
            entries,
            ..self.clone()
        };
        soa.sort(catalog);
        Ok(soa)
    }

    /// The SoA with all entries replaced by the rows of an imported table (with the
    /// column mapping the user confirmed); a table with any problem is refused whole.
    pub fn with_table(&self, mapped: &Mapped) -> Result<Soa> {
        let catalog = self.catalog()?;
        let (entries, problems) = table_entries(catalog, mapped);
        if !problems.is_empty() {
            return Err(problems.into_error(ImportKind::Soa));
        }
        let mut soa = Soa {
            entries: entries.into_iter().map(|(_, e)| e).collect(),
            ..self.clone()
        };
        soa.sort(catalog);
        Ok(soa)
    }

    /// Whether `value` is what `field` of an SoA import holds (a control of this SoA's
    /// edition, yes/no, an implementation status, a control's title).
    pub fn recognises(&self, field: Field, value: &str) -> bool {
        let Ok(catalog) = self.catalog() else {
            return false;
        };
        match field {
            Field::Control => imported_control_id(catalog, value).is_ok(),
            Field::Applicable => import::yes_no(value).is_some(),
            Field::Implementation => Implementation::parse(value).is_some(),
            Field::Title => catalog.criteria.iter().any(|c| {
                c.kind == CriterionKind::Control && c.title.eq_ignore_ascii_case(value.trim())
            }),
            _ => !value.trim().is_empty(),
        }
    }

    fn sort(&mut self, catalog: &Catalog) {
        let position = |id: &str| catalog.criteria.iter().position(|c| c.id == id);
        self.entries.sort_by_key(|e| position(&e.control_id));
    }

    /// The applicable controls, in catalog order.
    pub fn applicable(&self) -> Vec<String> {
        self.entries
            .iter()
            .filter(|e| e.applicable)
            .map(|e| e.control_id.clone())
            .collect()
    }

    /// Counts and the problems an auditor would raise about the SoA itself.
    pub fn review(&self) -> SoaReview {
        let controls = self
            .catalog()
            .map(|c| {
                c.criteria
                    .iter()
                    .filter(|c| c.kind == CriterionKind::Control)
                    .count()
            })
            .unwrap_or(0) as u32;
        let applicable = self.entries.iter().filter(|e| e.applicable).count() as u32;
        let excluded = self.entries.len() as u32 - applicable;
        let unjustified: Vec<String> = self
            .entries
            .iter()
            .filter(|e| !e.applicable && e.justification.is_empty())
            .map(|e| e.control_id.clone())
            .collect();
        SoaReview {
            controls,
            applicable,
            excluded,
            not_assessed: controls - applicable - excluded,
            unjustified_exclusions: unjustified,
        }
    }

    /// The SoA as CSV in the documented layout, one row per control of the catalog.
    pub fn to_csv(&self) -> Result<String> {
        let catalog = self.catalog()?;
        let mut out = csv::write_row(&[
            "control",
            "title",
            "applicable",
            "justification",
            "implementation",
            "documents",
        ]);
        for c in catalog
            .criteria
            .iter()
            .filter(|c| c.kind == CriterionKind::Control)
        {
            let row = match self.entry(&c.id) {
                Some(e) => csv::write_row(&[
                    &c.id,
                    &c.title,
                    if e.applicable { "yes" } else { "no" },
                    &e.justification,
                    e.implementation.map_or("", |i| i.label()),
                    &e.documents,
                ]),
                None => csv::write_row(&[&c.id, &c.title, "", "", "", ""]),
            };
            out.push_str(&row);
        }
        Ok(out)
    }
}

/// What an SoA covers, and where it falls short.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SoaReview {
    pub controls: u32,
    pub applicable: u32,
    pub excluded: u32,
    pub not_assessed: u32,
    /// Excluded controls with no justification: a common audit finding.
    pub unjustified_exclusions: Vec<String>,
}

fn validate_entry(catalog: &Catalog, entry: &SoaEntry) -> Result<SoaEntry> {
    let control_id = control_id(catalog, &entry.control_id)
        .map_err(|m| Error::on_field(ErrorCode::CriterionNotInScope, "controlId", m))?;
    Ok(SoaEntry {
        control_id,
        applicable: entry.applicable,
        justification: text::optional(
            "justification",
            "Justification",
            &entry.justification,
            LONG,
        )?,
        implementation: entry.implementation,
        documents: text::optional(
            "documents",
            "Documented information",
            &entry.documents,
            LONG,
        )?,
    })
}

/// The catalog id of a control written as "A.5.1", "a.5.1", "A 5.1" or "5.1".
fn control_id(catalog: &Catalog, written: &str) -> std::result::Result<String, String> {
    let bare = written.trim();
    let bare = bare
        .strip_prefix(['A', 'a'])
        .map(|r| r.trim_start_matches(['.', ' ']))
        .unwrap_or(bare);
    let id = format!("A.{bare}");
    match catalog.criterion(&id) {
        Some(c) if c.kind == CriterionKind::Control => Ok(id),
        _ if written.trim().is_empty() => {
            Err("the control is empty; write its number, e.g. A.5.1.".into())
        }
        _ => Err(format!(
            "\"{}\" is not an Annex A control of {}.",
            text::excerpt(written.trim()),
            catalog.edition
        )),
    }
}

/// A control as spreadsheets write it: as [`control_id`] reads it, or its number
/// followed by its title in the same cell ("A.5.1 Policies for information security",
/// "5.1 – Policies ...", "A.5.1: Policies"), as many templates keep one column for
/// both. Only imports read the title form; a command names the control alone.
fn imported_control_id(catalog: &Catalog, written: &str) -> std::result::Result<String, String> {
    let whole = control_id(catalog, written);
    if whole.is_ok() {
        return whole;
    }
    let bare = written.trim();
    let bare = bare
        .strip_prefix(['A', 'a'])
        .map(|r| r.trim_start_matches(['.', ' ']))
        .unwrap_or(bare);
    let number = bare
        .split(|c: char| c.is_whitespace() || c == ':')
        .next()
        .unwrap_or("");
    let rest = bare[number.len()..].trim_start_matches([' ', ':', '-', '–', '\t']);
    if number.is_empty() || !rest.starts_with(char::is_alphabetic) {
        return whole;
    }
    control_id(catalog, number).or(whole)
}

/// The labels of an SoA line in the import preview.
pub const PREVIEW_FIELDS: [&str; 5] = [
    "control",
    "applicable",
    "justification",
    "implementation",
    "documented information",
];

/// An SoA line as the import preview shows it.
pub fn preview_values(entry: &SoaEntry) -> Vec<String> {
    vec![
        entry.control_id.clone(),
        if entry.applicable { "yes" } else { "no" }.to_string(),
        entry.justification.clone(),
        entry.implementation.map_or("", |i| i.label()).to_string(),
        entry.documents.clone(),
    ]
}

/// The entries of an imported table, each with its row, and every problem. A row whose
/// applicability is empty is a control not assessed yet (as the export writes it).
pub fn table_entries(catalog: &Catalog, mapped: &Mapped) -> (Vec<(u32, SoaEntry)>, Problems) {
    let mut problems = Problems::default();
    if let Some(m) = import::misplaced(mapped, Field::Control, &|v| {
        imported_control_id(catalog, v).is_ok()
    }) {
        problems.general(m);
    }
    let mut entries: Vec<(u32, SoaEntry)> = Vec::new();
    for row in &mapped.rows {
        let line = row.line;
        let written = mapped.get(row, Field::Control);
        let control_id = match imported_control_id(catalog, written) {
            Ok(id) => id,
            Err(m) => {
                problems.row(line, mapped.header(Field::Control), m);
                continue;
            }
        };
        if let Some((first, _)) = entries.iter().find(|(_, e)| e.control_id == control_id) {
            problems.row(
                line,
                mapped.header(Field::Control),
                format!(
                    "{control_id} is listed again (first in row {first}); keep one row per control."
                ),
            );
            continue;
        }
        let applicable = mapped.get(row, Field::Applicable);
        let applicable = match import::yes_no(applicable) {
            _ if applicable.is_empty() => continue,
            Some(a) => a,
            None => {
                problems.unknown(
                    line,
                    mapped.header(Field::Applicable),
                    applicable,
                    import::YES_NO_ACCEPTED,
                );
                continue;
            }
        };
        let implementation = match mapped.get(row, Field::Implementation) {
            "" => None,
            value => match Implementation::parse(value) {
                Some(i) => Some(i),
                None => {
                    problems.unknown(
                        line,
                        mapped.header(Field::Implementation),
                        value,
                        "write implemented, partially implemented, planned or not implemented, or leave it empty",
                    );
                    None
                }
            },
        };
        // A justification may come from two columns (reasons for inclusion and for
        // exclusion); their texts are kept one under the other.
        let mut long = |field: Field| -> String {
            let value = mapped.get_all(row, field).join("\n");
            if value.chars().count() > LONG {
                problems.row(
                    line,
                    mapped.header(field),
                    format!("the {} is longer than {LONG} characters.", field.label()),
                );
            }
            value
        };
        let justification = long(Field::Justification);
        let documents = long(Field::Documents);
        entries.push((
            line,
            SoaEntry {
                control_id,
                applicable,
                justification,
                implementation,
                documents,
            },
        ));
    }
    (entries, problems)
}

/// The documented CSV layout (see docs/import-formats.md).
const SOA_COLUMNS: [Column; 5] = [
    Column {
        name: "control",
        aliases: &["control id", "id", "annex a control", "ref"],
        required: true,
    },
    Column {
        name: "applicable",
        aliases: &["applicability", "included", "applies"],
        required: true,
    },
    Column {
        name: "justification",
        aliases: &[
            "reason",
            "justification for inclusion/exclusion",
            // The combined column of a common public template (issue 16).
            "justification/implementation",
            "reason for inclusion/exclusion",
            "rationale",
        ],
        required: false,
    },
    Column {
        name: "implementation",
        aliases: &["implementation status", "status", "implemented"],
        required: false,
    },
    Column {
        name: "documents",
        aliases: &[
            "documented information",
            "document",
            "reference",
            "references",
            "evidence",
        ],
        required: false,
    },
];

fn parse_csv(catalog: &Catalog, input: &str) -> Result<Vec<SoaEntry>> {
    let table = Table::parse(input, &SOA_COLUMNS).map_err(|p| Error::import("SoA file", p))?;
    let mut problems = Vec::new();
    let mut entries: Vec<(usize, SoaEntry)> = Vec::new();
    for row in &table.rows {
        let at = |col: usize| format!("line {}, column {col}", row.line);
        let (written, col) = table.get(row, "control").expect("required column");
        let control_id = match control_id(catalog, written) {
            Ok(id) => id,
            Err(m) => {
                problems.push(format!("{}: {m}", at(col)));
                continue;
            }
        };
        if let Some((line, _)) = entries.iter().find(|(_, e)| e.control_id == control_id) {
            problems.push(format!("{}: {control_id} is listed again (first on line {line}); keep one row per control.", at(col)));
            continue;
        }
        let (applicable, col) = table.get(row, "applicable").expect("required column");
        let applicable = match applicable.to_lowercase().as_str() {
            // A row left blank is a control not assessed yet, as the export writes it.
            "" => continue,
            "yes" | "y" | "true" | "1" | "x" | "applicable" | "included" | "ja" => true,
            "no" | "n" | "false" | "0" | "not applicable" | "excluded" | "n/a" | "nein" => false,
            other => {
                problems.push(format!(
                    "{}: applicable is \"{}\"; write yes or no.",
                    at(col),
                    text::excerpt(other)
                ));
                continue;
            }
        };
        let implementation = match table.get(row, "implementation") {
            Some(("", _)) | None => None,
            Some((value, col)) => match Implementation::parse(value) {
                Some(i) => Some(i),
                None => {
                    problems.push(format!(
                        "{}: implementation is \"{}\"; write implemented, partially implemented, planned or not implemented.",
                        at(col),
                        text::excerpt(value)
                    ));
                    continue;
                }
            },
        };
        let mut text_of = |name: &str, label: &str| -> String {
            match table.get(row, name) {
                Some((value, col)) if value.chars().count() > LONG => {
                    problems.push(format!(
                        "{}: {label} is longer than {LONG} characters.",
                        at(col)
                    ));
                    String::new()
                }
                Some((value, _)) => value.to_string(),
                None => String::new(),
            }
        };
        let justification = text_of("justification", "the justification");
        let documents = text_of("documents", "the documented information");
        entries.push((
            row.line,
            SoaEntry {
                control_id,
                applicable,
                justification,
                implementation,
                documents,
            },
        ));
    }
    if problems.is_empty() {
        Ok(entries.into_iter().map(|(_, e)| e).collect())
    } else {
        Err(Error::import("SoA file", problems))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn soa() -> Soa {
        Soa {
            id: "s".into(),
            name: "SoA".into(),
            catalog_id: catalog::ISO27001_2022.into(),
            entries: vec![],
        }
    }

    #[test]
    fn a_spreadsheet_export_imports() {
        let input = "\u{feff}Control;Title;Applicable;Justification;Implementation status;Documented information;Owner\r\n\
                     A.5.1;Policies;Yes;Required by ISO;Implemented;POL-001;CISO\r\n\
                     5.23;Cloud;no;\"No cloud services; all on premises\";;;\r\n\
                     a 8.13;Backup;x;Risk R-12;partial;\"BCK-01, BCK-02\";IT\r\n";
        let imported = soa().with_csv(input).unwrap();
        assert_eq!(imported.entries.len(), 3);
        assert_eq!(imported.entries[1].control_id, "A.5.23");
        assert!(!imported.entries[1].applicable);
        assert_eq!(
            imported.entries[1].justification,
            "No cloud services; all on premises"
        );
        assert_eq!(
            imported.entries[2].implementation,
            Some(Implementation::PartiallyImplemented)
        );
        assert_eq!(imported.applicable(), ["A.5.1", "A.8.13"]);
        let review = imported.review();
        assert_eq!(
            (review.applicable, review.excluded, review.not_assessed),
            (2, 1, 90)
        );
        assert!(review.unjustified_exclusions.is_empty());
    }

    #[test]
    fn export_then_import_round_trips() {
        let s = soa()
            .with_entry(&SoaEntry {
                control_id: "A.5.7".into(),
                applicable: false,
                justification: String::new(),
                implementation: None,
                documents: String::new(),
            })
            .unwrap()
            .with_entry(&SoaEntry {
                control_id: "5.1".into(),
                applicable: true,
                justification: "=risk, \"R1\"".into(),
                implementation: Some(Implementation::Planned),
                documents: "POL-1\nPOL-2".into(),
            })
            .unwrap();
        assert_eq!(s.review().unjustified_exclusions, ["A.5.7"]);
        let csv = s.to_csv().unwrap();
        assert!(csv.contains("'=risk"), "formula guarded: {csv}");
        let back = soa().with_csv(&csv).unwrap();
        assert_eq!(back.entries, s.entries);
    }

    /// Each malformed file is rejected with a message that locates the problem.
    #[test]
    fn malformed_files_are_rejected_precisely() {
        let cases: &[(&str, &str)] = &[
            ("", "the file is empty"),
            ("control,applicable\n", "header but no rows"),
            ("control,title\nA.5.1,x\n", "no \"applicable\" column"),
            ("applicable\nyes\n", "no \"control\" column"),
            (
                "control,applicable\nA.99.1,yes\n",
                "line 2, column 1: \"A.99.1\" is not an Annex A control",
            ),
            (
                "control,applicable\n5.1.1,yes\n",
                "\"5.1.1\" is not an Annex A control of ISO/IEC 27001:2022",
            ),
            (
                "control,applicable\n,yes\n",
                "line 2, column 1: the control is empty",
            ),
            (
                "control,applicable\nA.5.1,maybe\n",
                "line 2, column 2: applicable is \"maybe\"",
            ),
            (
                "control,applicable
A.5.1,perhaps
",
                "line 2, column 2: applicable is \"perhaps\"",
            ),
            (
                "control,applicable\nA.5.1,yes\nA.5.1,no\n",
                "line 3, column 1: A.5.1 is listed again (first on line 2)",
            ),
            (
                "control,applicable,implementation\nA.5.1,yes,soon\n",
                "line 2, column 3: implementation is \"soon\"",
            ),
            (
                "control,applicable\nA.5.1,yes,extra\n",
                "line 2: 3 fields, but the header has 2",
            ),
            (
                "control,applicable,justification\nA.5.1,no\n",
                "line 2: 2 fields, but the header has 3",
            ),
            (
                "control,applicable\nA.5.1,\"yes\n",
                "line 2, column 7: this quoted field is never closed",
            ),
            (
                "control,applicable\nA.5.1,ye\"s\"\n",
                "line 2, column 9: a quote appears inside an unquoted field",
            ),
            (
                "control,applicable\n\"A.5.1\"x,yes\n",
                "line 2, column 8: text follows a closing quote",
            ),
            ("control;applicable\nA.5.1;yes;\n", "line 2: 3 fields"),
            (
                "control,applicable\nA.5.1,yes\nA.9.9,yes\nA.5.2,perhaps\n",
                "2 problems",
            ),
        ];
        for (input, expected) in cases {
            let err = soa().with_csv(input).expect_err(input);
            assert_eq!(err.code, ErrorCode::InvalidImport, "{input}");
            let all = format!("{} {}", err.message, err.details.join(" | "));
            assert!(
                all.contains(expected),
                "{input:?}: expected {expected:?} in {all}"
            );
        }
        let long = format!(
            "control,applicable,justification\nA.5.1,no,{}\n",
            "j".repeat(LONG + 1)
        );
        let err = soa().with_csv(&long).unwrap_err();
        assert!(
            err.details[0].contains("line 2, column 3: the justification is longer"),
            "{:?}",
            err.details
        );
    }

    #[test]
    fn entries_are_validated() {
        let err = soa()
            .with_entry(&SoaEntry {
                control_id: "6.1.2".into(),
                applicable: true,
                justification: String::new(),
                implementation: None,
                documents: String::new(),
            })
            .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            (ErrorCode::CriterionNotInScope, Some("controlId"))
        );
        let twice = soa()
            .with_entry(&SoaEntry {
                control_id: "A.5.1".into(),
                applicable: true,
                justification: String::new(),
                implementation: None,
                documents: String::new(),
            })
            .unwrap()
            .with_entry(&SoaEntry {
                control_id: "A.5.1".into(),
                applicable: false,
                justification: "n/a".into(),
                implementation: None,
                documents: String::new(),
            })
            .unwrap();
        assert_eq!(twice.entries.len(), 1);
        assert!(!twice.entries[0].applicable);
    }

    #[test]
    fn a_2013_soa_uses_2013_controls() {
        let mut s = soa();
        s.catalog_id = catalog::ISO27001_2013.into();
        let imported = s.with_csv("control,applicable\nA.12.3.1,yes\n").unwrap();
        assert_eq!(imported.applicable(), ["A.12.3.1"]);
        assert!(s.with_csv("control,applicable\nA.8.13,yes\n").is_err());
    }
}
