//! The organization's own criteria: its policies and the legal, regulatory and
//! contractual requirements of interested parties (ISO/IEC 27007, Introduction), kept
//! in named sets and audited next to ISO/IEC 27001. In an audit, a custom criterion is
//! written `CODE:ID`, e.g. `POL:AC-3`.

use super::{CriterionKind, Group};
use crate::csv::{Column, Table};
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG, SHORT};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum SetKind {
    Policy,
    Legal,
    Regulatory,
    Contractual,
    Other,
}

impl SetKind {
    pub fn label(self) -> &'static str {
        match self {
            SetKind::Policy => "Organization's policies",
            SetKind::Legal => "Legal requirements",
            SetKind::Regulatory => "Regulatory requirements",
            SetKind::Contractual => "Contractual requirements",
            SetKind::Other => "Other requirements",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomCriterion {
    /// Unique in its set, e.g. "AC-3" or "Art. 32(1)(b)".
    pub id: String,
    pub title: String,
    /// What to look for when auditing it.
    #[serde(default)]
    pub guidance: String,
    /// Where the requirement comes from (document, law, contract clause).
    #[serde(default)]
    pub source: String,
}

/// A stored set of custom criteria.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CriteriaSet {
    pub id: String,
    /// Short and unique in the workspace; prefixes the set's criteria in audits.
    pub code: String,
    pub name: String,
    pub kind: SetKind,
    pub criteria: Vec<CustomCriterion>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CriteriaSetFields {
    /// 1-12 letters, digits, `-` or `_`, starting with a letter; fixed once created.
    pub code: String,
    pub name: String,
    pub kind: SetKind,
}

impl CriteriaSetFields {
    /// The validated (code, name); the caller checks the code is unused.
    pub fn validate(&self) -> Result<(String, String)> {
        let code = text::required("code", "Code", &self.code, 12)?;
        let valid = code.starts_with(|c: char| c.is_ascii_alphabetic())
            && code
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !valid {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                "code",
                format!(
                    "Code \"{code}\" may use only letters, digits, - and _, and must start with a letter (e.g. POL or GDPR)."
                ),
            ));
        }
        Ok((code, text::required("name", "Name", &self.name, SHORT)?))
    }
}

impl CriteriaSet {
    /// A new, empty set `id`; its code must differ from every other set's (`sets`),
    /// regardless of case.
    pub fn create<'a>(
        id: &str,
        fields: &CriteriaSetFields,
        sets: impl IntoIterator<Item = &'a CriteriaSet>,
    ) -> Result<CriteriaSet> {
        let (code, name) = fields.validate()?;
        if sets.into_iter().any(|s| s.code.eq_ignore_ascii_case(&code)) {
            return Err(Error::on_field(
                ErrorCode::Duplicate,
                "code",
                format!("Another criteria set already uses the code \"{code}\"; choose another."),
            ));
        }
        Ok(CriteriaSet {
            id: id.to_string(),
            code,
            name,
            kind: fields.kind,
            criteria: Vec::new(),
        })
    }

    /// The set renamed or of another kind; its code is fixed.
    pub fn updated(&self, fields: &CriteriaSetFields) -> Result<CriteriaSet> {
        let (code, name) = fields.validate()?;
        if code != self.code {
            return Err(Error::on_field(
                ErrorCode::Fixed,
                "code",
                format!(
                    "The code of a criteria set is fixed (audits refer to {}:…); create a new set for a new code.",
                    self.code
                ),
            ));
        }
        Ok(CriteriaSet {
            name,
            kind: fields.kind,
            ..self.clone()
        })
    }

    /// True when `criteria` (an audit's selected criteria) include one of this set's.
    pub fn is_used_in(&self, criteria: &[String]) -> bool {
        let prefix = format!("{}:", self.code);
        criteria.iter().any(|c| c.starts_with(&prefix))
    }

    /// Whether the set may be deleted, given the title of an audit that uses its
    /// criteria, if any: a set used by an audit is kept.
    pub fn check_delete(&self, using_audit: Option<&str>) -> Result<()> {
        match using_audit {
            Some(title) => Err(Error::new(
                ErrorCode::InUse,
                format!(
                    "The audit \"{title}\" uses criteria of {}; a set used by an audit is kept.",
                    self.code
                ),
            )),
            None => Ok(()),
        }
    }

    /// The key an audit uses for one of this set's criteria.
    pub fn key(&self, criterion_id: &str) -> String {
        format!("{}:{criterion_id}", self.code)
    }

    /// The checklist group of this set's criteria.
    pub fn group(&self) -> String {
        format!("custom:{}", self.code)
    }

    /// The set as a group of an audit's checklist and figures.
    pub fn as_group(&self) -> Group {
        Group {
            id: self.group(),
            kind: CriterionKind::Custom,
            title: format!("{} {}", self.code, self.name),
        }
    }

    pub fn criterion(&self, id: &str) -> Option<&CustomCriterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// The set with `criterion` added, or replacing the one with its id.
    pub fn with_criterion(&self, criterion: &CustomCriterion) -> Result<CriteriaSet> {
        let criterion = validate_criterion(criterion)
            .map_err(|(code, field, message)| Error::on_field(code, field, message))?;
        Ok(self.merged(vec![criterion]))
    }

    pub fn without_criterion(&self, id: &str) -> Result<CriteriaSet> {
        if self.criterion(id).is_none() {
            return Err(Error::not_found("criterion", id));
        }
        let mut set = self.clone();
        set.criteria.retain(|c| c.id != id);
        Ok(set)
    }

    /// The set with the criteria of a CSV or JSON file added (same id: replaced).
    pub fn with_import(&self, format: ImportFormat, input: &str) -> Result<CriteriaSet> {
        let criteria = match format {
            ImportFormat::Csv => parse_csv(input),
            ImportFormat::Json => parse_json(input),
        }?;
        Ok(self.merged(criteria))
    }

    fn merged(&self, criteria: Vec<CustomCriterion>) -> CriteriaSet {
        let mut set = self.clone();
        for c in criteria {
            match set.criteria.iter_mut().find(|e| e.id == c.id) {
                Some(existing) => *existing = c,
                None => set.criteria.push(c),
            }
        }
        set
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum ImportFormat {
    Csv,
    Json,
}

/// A trimmed, checked criterion, or the (code, field, message) of its first problem.
fn validate_criterion(
    c: &CustomCriterion,
) -> std::result::Result<CustomCriterion, (ErrorCode, &'static str, String)> {
    let id = c.id.trim();
    if id.is_empty() {
        return Err((
            ErrorCode::Required,
            "id",
            "the id is empty; give each criterion an id such as AC-3.".into(),
        ));
    }
    if id.contains(':') || id.chars().count() > 40 {
        return Err((
            ErrorCode::InvalidValue,
            "id",
            format!("the id \"{id}\" must be at most 40 characters and contain no \":\"."),
        ));
    }
    let title = c.title.trim();
    if title.is_empty() {
        return Err((
            ErrorCode::Required,
            "title",
            format!("criterion \"{id}\" has no title."),
        ));
    }
    for (field, value, max) in [
        ("title", title, SHORT),
        ("guidance", c.guidance.trim(), LONG),
        ("source", c.source.trim(), SHORT),
    ] {
        if value.chars().count() > max {
            return Err((
                ErrorCode::TooLong,
                field,
                format!("the {field} of \"{id}\" is longer than {max} characters."),
            ));
        }
    }
    Ok(CustomCriterion {
        id: id.to_string(),
        title: title.to_string(),
        guidance: c.guidance.trim().to_string(),
        source: c.source.trim().to_string(),
    })
}

const COLUMNS: [Column; 4] = [
    Column {
        name: "id",
        aliases: &["ref", "reference", "requirement id", "number"],
        required: true,
    },
    Column {
        name: "title",
        aliases: &["requirement", "name", "text"],
        required: true,
    },
    Column {
        name: "guidance",
        aliases: &["audit guidance", "how to audit", "notes"],
        required: false,
    },
    Column {
        name: "source",
        aliases: &["origin", "document", "law", "contract"],
        required: false,
    },
];

fn parse_csv(input: &str) -> Result<Vec<CustomCriterion>> {
    let table = Table::parse(input, &COLUMNS).map_err(|p| Error::import("criteria file", p))?;
    let mut problems = Vec::new();
    let mut criteria: Vec<(String, CustomCriterion)> = Vec::new();
    for row in &table.rows {
        let value = |name| {
            table
                .get(row, name)
                .map_or(String::new(), |(v, _)| v.to_string())
        };
        let column = |name: &str| table.get(row, name).map_or(0, |(_, c)| c);
        let c = CustomCriterion {
            id: value("id"),
            title: value("title"),
            guidance: value("guidance"),
            source: value("source"),
        };
        let at = |field: &str| format!("line {}, column {}", row.line, column(field));
        check(&mut problems, &mut criteria, c, at);
    }
    finish(problems, criteria)
}

/// Accepts an array of criteria, or an object with a `criteria` array.
fn parse_json(input: &str) -> Result<Vec<CustomCriterion>> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum File {
        List(Vec<CustomCriterion>),
        Wrapped { criteria: Vec<CustomCriterion> },
    }
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    let list = match serde_json::from_str::<File>(input) {
        Ok(File::List(list)) | Ok(File::Wrapped { criteria: list }) => list,
        Err(e) => {
            // The untagged error says only "did not match"; the plain list's error says why.
            let why = serde_json::from_str::<Vec<CustomCriterion>>(input)
                .err()
                .filter(|_| input.trim_start().starts_with('['))
                .unwrap_or(e);
            let what = why.to_string();
            let what = what.split(" at line").next().unwrap_or(&what).to_string();
            return Err(Error::import(
                "criteria file",
                vec![format!(
                    "line {}, column {}: {what}; expected an array of {{\"id\", \"title\", \"guidance\", \"source\"}} objects, or {{\"criteria\": [...]}}.",
                    why.line(),
                    why.column()
                )],
            ));
        }
    };
    let mut problems = Vec::new();
    let mut criteria = Vec::new();
    for (i, c) in list.into_iter().enumerate() {
        check(&mut problems, &mut criteria, c, |field: &str| {
            format!("criteria[{i}].{field}")
        });
    }
    finish(problems, criteria)
}

fn check(
    problems: &mut Vec<String>,
    criteria: &mut Vec<(String, CustomCriterion)>,
    c: CustomCriterion,
    at: impl Fn(&str) -> String,
) {
    match validate_criterion(&c) {
        Err((_, field, message)) => problems.push(format!("{}: {message}", at(field))),
        Ok(c) => match criteria.iter().find(|(_, e)| e.id == c.id) {
            Some((first, _)) => problems.push(format!(
                "{}: the id \"{}\" appears twice (first at {first}).",
                at("id"),
                c.id
            )),
            None => criteria.push((at("id"), c)),
        },
    }
}

fn finish(
    problems: Vec<String>,
    criteria: Vec<(String, CustomCriterion)>,
) -> Result<Vec<CustomCriterion>> {
    if !problems.is_empty() {
        return Err(Error::import("criteria file", problems));
    }
    if criteria.is_empty() {
        return Err(Error::import(
            "criteria file",
            vec!["the file holds no criteria.".into()],
        ));
    }
    Ok(criteria.into_iter().map(|(_, c)| c).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set() -> CriteriaSet {
        CriteriaSet {
            id: "s".into(),
            code: "POL".into(),
            name: "Policies".into(),
            kind: SetKind::Policy,
            criteria: vec![],
        }
    }

    #[test]
    fn csv_and_json_import_and_merge() {
        let csv = "\u{feff}ID;Title;Guidance;Source\nAC-1;Access is approved by the owner;Sample 5 grants;POL-07 s.3\nAC-2;\"Reviews; quarterly\";;\n";
        let s = set().with_import(ImportFormat::Csv, csv).unwrap();
        assert_eq!(s.criteria.len(), 2);
        assert_eq!(s.criteria[1].title, "Reviews; quarterly");
        let json = r#"{"criteria": [{"id": "AC-2", "title": "Reviews twice a year"}, {"id": "AC-3", "title": "MFA", "source": "POL-07"}]}"#;
        let s = s.with_import(ImportFormat::Json, json).unwrap();
        let ids: Vec<_> = s
            .criteria
            .iter()
            .map(|c| (c.id.as_str(), c.title.as_str()))
            .collect();
        assert_eq!(
            ids,
            [
                ("AC-1", "Access is approved by the owner"),
                ("AC-2", "Reviews twice a year"),
                ("AC-3", "MFA")
            ]
        );
        assert_eq!(s.key("AC-3"), "POL:AC-3");
        let s = s
            .with_import(
                ImportFormat::Json,
                r#"[{"id": "AC-4", "title": "Logging"}]"#,
            )
            .unwrap();
        assert_eq!(s.criteria.len(), 4);
    }

    /// Each malformed file is rejected with a message that locates the problem.
    #[test]
    fn malformed_files_are_rejected_precisely() {
        let cases: &[(ImportFormat, &str, &str)] = &[
            (ImportFormat::Csv, "", "the file is empty"),
            (ImportFormat::Csv, "id,title\n", "header but no rows"),
            (ImportFormat::Csv, "title\nx\n", "no \"id\" column"),
            (
                ImportFormat::Csv,
                "id,guidance\nx,y\n",
                "no \"title\" column",
            ),
            (
                ImportFormat::Csv,
                "id,title\n,Something\n",
                "line 2, column 1: the id is empty",
            ),
            (
                ImportFormat::Csv,
                "id,title\nA:1,Something\n",
                "line 2, column 1: the id \"A:1\" must",
            ),
            (
                ImportFormat::Csv,
                "id,title\nAC-1,\n",
                "line 2, column 2: criterion \"AC-1\" has no title",
            ),
            (
                ImportFormat::Csv,
                "id,title\nAC-1,a\nAC-1,b\n",
                "line 3, column 1: the id \"AC-1\" appears twice (first at line 2, column 1)",
            ),
            (
                ImportFormat::Csv,
                "id,title\nAC-1,\"open\n",
                "line 2, column 6: this quoted field is never closed",
            ),
            (
                ImportFormat::Csv,
                "id,title\nAC-1,a,b\n",
                "line 2: 3 fields",
            ),
            (
                ImportFormat::Json,
                "",
                "line 1, column 0: EOF while parsing",
            ),
            (
                ImportFormat::Json,
                "{\"criteria\": [",
                "line 1, column 14: EOF while parsing",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": \"a\"}]",
                "missing field `title`",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": \"a\", \"title\": \"t\", \"owner\": \"x\"}]",
                "unknown field `owner`",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": 7, \"title\": \"t\"}]",
                "line 1, column 9: invalid type: integer `7`",
            ),
            (ImportFormat::Json, "{\"items\": []}", "expected an array"),
            (ImportFormat::Json, "[]", "holds no criteria"),
            (
                ImportFormat::Json,
                "[{\"id\": \" \", \"title\": \"t\"}]",
                "criteria[0].id: the id is empty",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": \"a\", \"title\": \"t\"}, {\"id\": \"a\", \"title\": \"u\"}]",
                "criteria[1].id: the id \"a\" appears twice (first at criteria[0].id)",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": \"a\", \"title\": \"\"}]",
                "criteria[0].title",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": \"a\", \"title\": \"t\",}]",
                "line 1, column 27: trailing comma",
            ),
        ];
        for (format, input, expected) in cases {
            let err = set().with_import(*format, input).expect_err(input);
            assert_eq!(err.code, ErrorCode::InvalidImport, "{input}");
            let all = format!("{} {}", err.message, err.details.join(" | "));
            assert!(
                all.contains(expected),
                "{input:?}: expected {expected:?} in {all}"
            );
        }
        let long = format!(
            "[{{\"id\": \"a\", \"title\": \"{}\"}}]",
            "t".repeat(SHORT + 1)
        );
        let err = set().with_import(ImportFormat::Json, &long).unwrap_err();
        assert!(
            err.details[0].contains("criteria[0].title: the title of \"a\" is longer"),
            "{:?}",
            err.details
        );
    }

    #[test]
    fn each_criterion_problem_has_its_own_code() {
        let criterion = |id: &str, title: String| CustomCriterion {
            id: id.into(),
            title,
            guidance: String::new(),
            source: String::new(),
        };
        for (c, code, field) in [
            (criterion(" ", "t".into()), ErrorCode::Required, "id"),
            (criterion("A:1", "t".into()), ErrorCode::InvalidValue, "id"),
            (criterion("AC-1", " ".into()), ErrorCode::Required, "title"),
            (
                criterion("AC-1", "t".repeat(SHORT + 1)),
                ErrorCode::TooLong,
                "title",
            ),
        ] {
            let err = set().with_criterion(&c).unwrap_err();
            assert_eq!(
                (err.code, err.field.as_deref()),
                (code, Some(field)),
                "{c:?}"
            );
        }
    }

    #[test]
    fn codes_are_short_identifiers() {
        let fields = |code: &str| CriteriaSetFields {
            code: code.into(),
            name: "n".into(),
            kind: SetKind::Legal,
        };
        assert_eq!(fields(" GDPR ").validate().unwrap().0, "GDPR");
        for bad in ["", "1ABC", "A B", "A:B", "ABCDEFGHIJKLM"] {
            assert!(fields(bad).validate().is_err(), "{bad}");
        }
    }
}
