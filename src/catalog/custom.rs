//! The organization's own criteria: its policies and the legal, regulatory and
//! contractual requirements of interested parties (ISO/IEC 27007, Introduction), kept
//! in named sets and audited next to ISO/IEC 27001. In an audit, a custom criterion is
//! written `CODE:ID`, e.g. `POL:AC-3`.

use super::{CriterionKind, Group};
use crate::csv::{Column, Table};
use crate::error::{Error, ErrorCode, Result};
use crate::import::{self, Field, ImportKind, Mapped, Problems};
use crate::text::{self, LONG, SHORT};
use serde::{Deserialize, Serialize};
use serde_json::Value;

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
        let criterion = validate_criterion(criterion).map_err(|problems| {
            let (code, field, message) = problems.into_iter().next().expect("a problem");
            Error::on_field(code, field, message)
        })?;
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

    /// The set with the criteria of an imported table added (same id: replaced); a
    /// table with any problem is refused whole.
    pub fn with_table(&self, mapped: &Mapped) -> Result<CriteriaSet> {
        let (criteria, problems) = table_criteria(mapped);
        if !problems.is_empty() {
            return Err(problems.into_error(ImportKind::Criteria));
        }
        Ok(self.merged(criteria.into_iter().map(|(_, c)| c).collect()))
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

/// A problem of a criterion: its error code, the field at fault and what is wrong.
type Problem = (ErrorCode, &'static str, String);

/// A trimmed, checked criterion, or each of its problems.
fn validate_criterion(c: &CustomCriterion) -> std::result::Result<CustomCriterion, Vec<Problem>> {
    let mut problems = Vec::new();
    let id = c.id.trim();
    let shown = text::excerpt(id);
    if id.is_empty() {
        problems.push((
            ErrorCode::Required,
            "id",
            "the id is empty; give each criterion an id such as AC-3.".into(),
        ));
    } else if id.contains(':') || id.chars().count() > 40 {
        problems.push((
            ErrorCode::InvalidValue,
            "id",
            format!("the id \"{shown}\" must be at most 40 characters and contain no \":\"."),
        ));
    } else if let Some(c) = id.chars().find(|c| c.is_control()) {
        problems.push((
            ErrorCode::InvalidValue,
            "id",
            format!(
                "the id \"{shown}\" contains a control character (U+{:04X}); use letters, digits and punctuation only.",
                u32::from(c)
            ),
        ));
    }
    let title = c.title.trim();
    if title.is_empty() {
        problems.push((
            ErrorCode::Required,
            "title",
            format!("criterion \"{shown}\" has no title."),
        ));
    }
    for (field, value, max) in [
        ("title", title, SHORT),
        ("guidance", c.guidance.trim(), LONG),
        ("source", c.source.trim(), SHORT),
    ] {
        if value.chars().count() > max {
            problems.push((
                ErrorCode::TooLong,
                field,
                format!("the {field} of \"{shown}\" is longer than {max} characters."),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(CustomCriterion {
        id: id.to_string(),
        title: title.to_string(),
        guidance: c.guidance.trim().to_string(),
        source: c.source.trim().to_string(),
    })
}

/// Whether `value` looks like what `field` of a criteria import holds: an id is short
/// (at most 20 characters and three words) and has no `:`.
pub fn recognises(field: Field, value: &str) -> bool {
    let value = value.trim();
    match field {
        Field::Id => {
            !value.is_empty()
                && value.chars().count() <= 20
                && value.split_whitespace().count() <= 3
                && !value.contains(':')
        }
        _ => !value.is_empty(),
    }
}

/// The labels of a criterion in the import preview.
pub const PREVIEW_FIELDS: [&str; 4] = ["id", "title", "guidance", "source"];

pub fn preview_values(c: &CustomCriterion) -> Vec<String> {
    vec![
        c.id.clone(),
        c.title.clone(),
        c.guidance.clone(),
        c.source.clone(),
    ]
}

/// The criteria of an imported table, each with its row, and every problem.
pub fn table_criteria(mapped: &Mapped) -> (Vec<(u32, CustomCriterion)>, Problems) {
    let mut problems = Problems::default();
    if let Some(m) = import::misplaced(mapped, Field::Id, &|v| recognises(Field::Id, v)) {
        problems.general(m);
    }
    let mut criteria: Vec<(u32, CustomCriterion)> = Vec::new();
    for row in &mapped.rows {
        let c = CustomCriterion {
            id: mapped.get(row, Field::Id).to_string(),
            title: mapped.get(row, Field::Title).to_string(),
            guidance: mapped.get(row, Field::Guidance).to_string(),
            source: mapped.get(row, Field::Source).to_string(),
        };
        let header = |field: &str| {
            mapped.header(match field {
                "id" => Field::Id,
                "title" => Field::Title,
                "guidance" => Field::Guidance,
                _ => Field::Source,
            })
        };
        match validate_criterion(&c) {
            Err(found) => {
                for (_, field, message) in found {
                    problems.row(row.line, header(field), message);
                }
            }
            Ok(c) => match criteria.iter().find(|(_, e)| e.id == c.id) {
                Some((first, _)) => problems.row(
                    row.line,
                    header("id"),
                    format!("the id \"{}\" appears twice (first in row {first}).", c.id),
                ),
                None => criteria.push((row.line, c)),
            },
        }
    }
    (criteria, problems)
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
        match validate_criterion(&c) {
            Err(found) => problems.extend(
                found
                    .into_iter()
                    .map(|(_, field, message)| format!("{}: {message}", at(field))),
            ),
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
    finish(problems, criteria)
}

/// The fields of a criterion in a JSON file, in the documented order.
const FIELDS: [&str; 4] = ["id", "title", "guidance", "source"];

const JSON_LAYOUT: &str = "write a list of criteria, [{\"id\": \"AC-1\", \"title\": \"...\"}, ...], or an object holding one, {\"criteria\": [...]}";

/// Accepts a list of criteria, or an object with a `criteria` list (its other keys,
/// such as a set's code and name, are ignored). Every problem of every entry is
/// reported, with the entry's number, its id and the line it is on.
fn parse_json(input: &str) -> Result<Vec<CustomCriterion>> {
    let fail = |problems: Vec<String>| Err(Error::import("criteria file", problems));
    let input = input.strip_prefix('\u{feff}').unwrap_or(input);
    if input.trim().is_empty() {
        return fail(vec![format!("the file is empty; {JSON_LAYOUT}.")]);
    }
    let value: Value = match serde_json::from_str(input) {
        Ok(value) => value,
        Err(e) => return fail(vec![json_syntax_problem(&e)]),
    };
    // The JSON parsed, so the locator reads well-formed text.
    let top = json_position::locate(input);
    let (items, nodes) = match (&value, &top.node) {
        (Value::Array(items), json_position::Node::List(nodes)) => (items, nodes),
        (Value::Object(map), json_position::Node::Map(members)) => {
            let found: Vec<_> = members.iter().filter(|m| m.key == "criteria").collect();
            if found.len() > 1 {
                let lines: Vec<String> = found.iter().map(|m| m.key_line.to_string()).collect();
                return fail(vec![format!(
                    "lines {}: \"criteria\" appears {} times; keep one list.",
                    lines.join(", "),
                    found.len()
                )]);
            }
            match (map.get("criteria"), found.first().map(|m| &m.value)) {
                (
                    Some(Value::Array(items)),
                    Some(json_position::Located {
                        node: json_position::Node::List(nodes),
                        ..
                    }),
                ) => (items, nodes),
                (Some(other), Some(located)) => {
                    return fail(vec![format!(
                        "line {}: \"criteria\" is {}; it must be a list of criteria ({JSON_LAYOUT}).",
                        located.line,
                        describe(other)
                    )]);
                }
                _ => {
                    let mut keys: Vec<String> = members
                        .iter()
                        .take(10)
                        .map(|m| format!("\"{}\"", text::excerpt(&m.key)))
                        .collect();
                    if members.len() > 10 {
                        keys.push("…".into());
                    }
                    let found = if keys.is_empty() {
                        "it is empty".to_string()
                    } else {
                        format!("it has {}", keys.join(", "))
                    };
                    return fail(vec![format!(
                        "line {}: the file is an object without a \"criteria\" list ({found}); {JSON_LAYOUT}.",
                        top.line
                    )]);
                }
            }
        }
        (other, _) => {
            return fail(vec![format!(
                "line {}: the file holds {}, not criteria; {JSON_LAYOUT}.",
                top.line,
                describe(other)
            )]);
        }
    };
    debug_assert_eq!(
        items.len(),
        nodes.len(),
        "the locator reads what serde read"
    );
    let mut problems = Vec::new();
    let mut criteria: Vec<(String, CustomCriterion)> = Vec::new();
    for (i, (item, located)) in items.iter().zip(nodes).enumerate() {
        let number = i + 1;
        let (Value::Object(map), json_position::Node::Map(members)) = (item, &located.node) else {
            problems.push(format!(
                "entry {number} (line {}): it is {}, not a criterion such as {{\"id\": \"AC-1\", \"title\": \"...\"}}.",
                located.line,
                describe(item)
            ));
            continue;
        };
        let id = match map.get("id").and_then(Value::as_str).map(str::trim) {
            Some(id) if !id.is_empty() => Some(text::excerpt(id)),
            _ => None,
        };
        let at = |line: usize| match &id {
            Some(id) => format!("entry {number} (id \"{id}\", line {line})"),
            None => format!("entry {number} (line {line})"),
        };
        let line_of = |key: &str| {
            members
                .iter()
                .rev()
                .find(|m| m.key == key)
                .map_or(located.line, |m| m.key_line)
        };
        for (j, member) in members.iter().enumerate() {
            if let Some(first) = members[..j].iter().find(|m| m.key == member.key) {
                problems.push(format!(
                    "{}: \"{}\" appears twice (first on line {}); keep one.",
                    at(member.key_line),
                    text::excerpt(&member.key),
                    first.key_line
                ));
            } else if !FIELDS.contains(&member.key.as_str()) {
                let hint = closest_field(&member.key)
                    .map_or(String::new(), |f| format!(" (did you mean \"{f}\"?)"));
                problems.push(format!(
                    "{}: \"{}\" is not a field of a criterion{hint}; the fields are id, title, guidance and source.",
                    at(member.key_line),
                    text::excerpt(&member.key)
                ));
            }
        }
        // Fields that are missing or not text; their other checks would only repeat it.
        let mut bad: Vec<&str> = Vec::new();
        let mut text = |field: &'static str, required: bool| -> String {
            match map.get(field) {
                Some(Value::String(s)) => return s.clone(),
                Some(Value::Null) | None if !required => return String::new(),
                None => {
                    problems.push(format!("{}: \"{field}\" is missing.", at(located.line)));
                }
                Some(other) => {
                    problems.push(format!(
                        "{}: \"{field}\" is {}; it must be text in double quotes.",
                        at(line_of(field)),
                        describe(other)
                    ));
                }
            }
            bad.push(field);
            String::new()
        };
        let c = CustomCriterion {
            id: text("id", true),
            title: text("title", true),
            guidance: text("guidance", false),
            source: text("source", false),
        };
        match validate_criterion(&c) {
            Err(found) => problems.extend(
                found
                    .into_iter()
                    .filter(|(_, field, _)| !bad.contains(field))
                    .map(|(_, field, message)| format!("{}: {message}", at(line_of(field)))),
            ),
            Ok(c) if bad.is_empty() => match criteria.iter().find(|(_, e)| e.id == c.id) {
                Some((first, _)) => problems.push(format!(
                    "{}: the id \"{}\" appears twice (first in {first}).",
                    at(line_of("id")),
                    text::excerpt(&c.id)
                )),
                None => criteria.push((format!("entry {number}, line {}", located.line), c)),
            },
            Ok(_) => {}
        }
    }
    finish(problems, criteria)
}

/// A JSON value in a user's words, e.g. "a number (7)".
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "empty (null)".into(),
        Value::Bool(b) => format!("{b} (a yes/no value)"),
        Value::Number(n) => format!("a number ({n})"),
        Value::String(s) => format!("text (\"{}\")", text::excerpt(s)),
        Value::Array(a) if a.is_empty() => "an empty list ([])".into(),
        Value::Array(a) => format!("a list of {} values", a.len()),
        Value::Object(_) => "an object ({...})".into(),
    }
}

/// The field a misspelt key was probably meant to be (e.g. "titel", "Title").
fn closest_field(key: &str) -> Option<&'static str> {
    let key = key.trim().to_lowercase();
    FIELDS
        .into_iter()
        .map(|f| (edit_distance(&key, f), f))
        .filter(|(d, f)| *d <= 2 && *d < f.len())
        .min_by_key(|(d, _)| *d)
        .map(|(_, f)| f)
}

/// Levenshtein distance, counting transposed neighbours as one edit.
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > 2 {
        return 3;
    }
    let mut d: Vec<Vec<usize>> = (0..=a.len())
        .map(|i| (0..=b.len()).map(|j| if i == 0 { j } else { i }).collect())
        .collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            d[i][j] = (d[i - 1][j] + 1)
                .min(d[i][j - 1] + 1)
                .min(d[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d[i][j] = d[i][j].min(d[i - 2][j - 2] + 1);
            }
        }
    }
    d[a.len()][b.len()]
}

/// A JSON syntax error as a problem line: where it is and, for the common ones, what
/// to do.
fn json_syntax_problem(e: &serde_json::Error) -> String {
    let what = e.to_string();
    let what = what.split(" at line").next().unwrap_or(&what);
    let plain = if what.starts_with("EOF while parsing") {
        "the file ends before its JSON is complete (a closing ], } or \" is missing)".to_string()
    } else if what == "trailing comma" {
        "a comma is followed by no value; remove the comma".into()
    } else if what == "expected value" {
        "a value is expected here: text in double quotes, a number, true, false, null, a list [...] or an object {...}".into()
    } else if what == "key must be a string" {
        "a key must be text in double quotes".into()
    } else if what == "recursion limit exceeded" {
        "lists or objects are nested too deeply".into()
    } else if what == "number out of range" {
        "this number is too large".into()
    } else if what.starts_with("control character") {
        "a control character (such as a line break, tab or NUL) appears inside text; write it as an escape such as \\n".into()
    } else if what == "trailing characters" {
        "more text follows the end of the JSON; remove it".into()
    } else {
        format!("this is not valid JSON ({what})")
    };
    format!("line {}, column {}: {plain}.", e.line(), e.column())
}

/// Where the values of a well-formed JSON text start: serde_json's `Value` does not
/// keep positions, so the import reads them from the text to name lines.
mod json_position {
    /// A value and the (1-based) line it starts on.
    pub struct Located {
        pub line: usize,
        pub node: Node,
    }

    pub enum Node {
        Scalar,
        List(Vec<Located>),
        Map(Vec<Member>),
    }

    /// An object member: its (unescaped) key, the key's line and its value.
    pub struct Member {
        pub key: String,
        pub key_line: usize,
        pub value: Located,
    }

    /// The positions of `text`, which must be well-formed JSON (serde_json parsed it,
    /// so it is also nested at most 128 deep).
    pub fn locate(text: &str) -> Located {
        let mut reader = Reader {
            text,
            pos: 0,
            line: 1,
        };
        reader.value()
    }

    struct Reader<'a> {
        text: &'a str,
        pos: usize,
        line: usize,
    }

    impl Reader<'_> {
        fn peek(&self) -> u8 {
            self.text.as_bytes().get(self.pos).copied().unwrap_or(0)
        }

        fn skip_space(&mut self) {
            while let b @ (b' ' | b'\t' | b'\n' | b'\r') = self.peek() {
                if b == b'\n' {
                    self.line += 1;
                }
                self.pos += 1;
            }
        }

        /// Skips a string (well-formed JSON strings hold no raw line breaks) and
        /// returns its text, quotes included.
        fn string(&mut self) -> &str {
            let start = self.pos;
            self.pos += 1;
            while self.pos < self.text.len() {
                match self.peek() {
                    b'\\' => self.pos += 2,
                    b'"' => {
                        self.pos += 1;
                        break;
                    }
                    _ => self.pos += 1,
                }
            }
            self.text.get(start..self.pos).unwrap_or("")
        }

        fn value(&mut self) -> Located {
            self.skip_space();
            let line = self.line;
            let node = match self.peek() {
                b'[' => {
                    self.pos += 1;
                    let mut items = Vec::new();
                    loop {
                        self.skip_space();
                        match self.peek() {
                            b']' | 0 => break,
                            b',' => self.pos += 1,
                            _ => items.push(self.value()),
                        }
                    }
                    self.pos += 1;
                    Node::List(items)
                }
                b'{' => {
                    self.pos += 1;
                    let mut members = Vec::new();
                    loop {
                        self.skip_space();
                        match self.peek() {
                            b'}' | 0 => break,
                            b',' => self.pos += 1,
                            b'"' => {
                                let key_line = self.line;
                                let raw = self.string();
                                let key = serde_json::from_str::<String>(raw).unwrap_or_default();
                                self.skip_space();
                                self.pos += 1; // the ':'
                                let value = self.value();
                                members.push(Member {
                                    key,
                                    key_line,
                                    value,
                                });
                            }
                            _ => self.pos += 1,
                        }
                    }
                    self.pos += 1;
                    Node::Map(members)
                }
                b'"' => {
                    self.string();
                    Node::Scalar
                }
                _ => {
                    // A number, true, false or null; always advance, even on bad input.
                    self.pos += 1;
                    while !matches!(
                        self.peek(),
                        b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r' | 0
                    ) {
                        self.pos += 1;
                    }
                    Node::Scalar
                }
            };
            Located { line, node }
        }
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
            (ImportFormat::Json, "", "the file is empty"),
            (
                ImportFormat::Json,
                "{\"criteria\": [",
                "line 1, column 14: the file ends before its JSON is complete",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": \"a\"}]",
                "entry 1 (id \"a\", line 1): \"title\" is missing.",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": \"a\", \"title\": \"t\", \"owner\": \"x\"}]",
                "entry 1 (id \"a\", line 1): \"owner\" is not a field of a criterion; the fields are id, title, guidance and source.",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": \"a\", \"titel\": \"t\"}]",
                "\"titel\" is not a field of a criterion (did you mean \"title\"?)",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": 7, \"title\": \"t\"}]",
                "entry 1 (line 1): \"id\" is a number (7); it must be text in double quotes.",
            ),
            (
                ImportFormat::Json,
                "{\"items\": []}",
                "line 1: the file is an object without a \"criteria\" list (it has \"items\")",
            ),
            (
                ImportFormat::Json,
                "{\"criteria\": {}}",
                "line 1: \"criteria\" is an object ({...}); it must be a list of criteria",
            ),
            (
                ImportFormat::Json,
                "\"AC-1\"",
                "line 1: the file holds text (\"AC-1\"), not criteria",
            ),
            (ImportFormat::Json, "[]", "holds no criteria"),
            (
                ImportFormat::Json,
                "[{\"id\": \" \", \"title\": \"t\"}]",
                "entry 1 (line 1): the id is empty",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": \"a\", \"title\": \"t\"},\n {\"id\": \"a\", \"title\": \"u\"}]",
                "entry 2 (id \"a\", line 2): the id \"a\" appears twice (first in entry 1, line 1).",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": \"a\", \"title\": \"\"}]",
                "entry 1 (id \"a\", line 1): criterion \"a\" has no title.",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": \"a\", \"title\": \"t\", \"id\": \"b\"}]",
                "\"id\" appears twice (first on line 1); keep one.",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": \"a\", \"title\": \"t\",}]",
                "line 1, column 27: a comma is followed by no value; remove the comma.",
            ),
            (
                ImportFormat::Json,
                "[{\"id\": \"a\", \"title\": 1e400}]",
                "line 1, column 27: this number is too large.",
            ),
            (
                ImportFormat::Json,
                "[\"AC-1\"]",
                "entry 1 (line 1): it is text (\"AC-1\"), not a criterion",
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
            err.details[0].contains("entry 1 (id \"a\", line 1): the title of \"a\" is longer"),
            "{:?}",
            err.details
        );
    }

    /// A JSON file lists every problem of every entry, in the user's terms, not only the
    /// first one serde meets.
    #[test]
    fn json_import_lists_every_bad_entry() {
        let json = r#"{
  "code": "POL",
  "criteria": [
    {"id": "POL-1", "title": "Access is approved"},
    {"id": "POL-2"},
    {"id": "POL-3", "title": "Reviews", "owner": "CISO"},
    {"id": "POL-4", "title": "Logging"},
    {
      "title": "MFA",
      "source": 3
    },
    "POL-6",
    {"id": "POL-1", "title": "Again"}
  ]
}"#;
        let err = set().with_import(ImportFormat::Json, json).unwrap_err();
        assert_eq!(err.code, ErrorCode::InvalidImport);
        assert_eq!(
            err.details,
            [
                "entry 2 (id \"POL-2\", line 5): \"title\" is missing.",
                "entry 3 (id \"POL-3\", line 6): \"owner\" is not a field of a criterion; the fields are id, title, guidance and source.",
                "entry 5 (line 8): \"id\" is missing.",
                "entry 5 (line 10): \"source\" is a number (3); it must be text in double quotes.",
                "entry 6 (line 12): it is text (\"POL-6\"), not a criterion such as {\"id\": \"AC-1\", \"title\": \"...\"}.",
                "entry 7 (id \"POL-1\", line 13): the id \"POL-1\" appears twice (first in entry 1, line 4).",
            ]
        );
        assert!(
            err.message.starts_with("The criteria file was not imported: it has 6 problems (the first: entry 2 (id \"POL-2\", line 5): \"title\" is missing.)"),
            "{}",
            err.message
        );
        // The three-bad-entries case of the issue: each one is named.
        let json = r#"[
  {"id": "A-1", "title": "One"},
  {"id": "A-2"},
  {"id": "A-3", "title": ""},
  {"id": 4, "title": "Four"}
]"#;
        let err = set().with_import(ImportFormat::Json, json).unwrap_err();
        assert_eq!(
            err.details,
            [
                "entry 2 (id \"A-2\", line 3): \"title\" is missing.",
                "entry 3 (id \"A-3\", line 4): criterion \"A-3\" has no title.",
                "entry 4 (line 5): \"id\" is a number (4); it must be text in double quotes.",
            ]
        );
        // Every problem of one entry, too.
        let err = set()
            .with_import(ImportFormat::Json, r#"[{"id": "", "Title": 1}]"#)
            .unwrap_err();
        assert_eq!(
            err.details,
            [
                "entry 1 (line 1): \"Title\" is not a field of a criterion (did you mean \"title\"?); the fields are id, title, guidance and source.",
                "entry 1 (line 1): \"title\" is missing.",
                "entry 1 (line 1): the id is empty; give each criterion an id such as AC-3.",
            ]
        );
        // Null optional fields are empty; the wrapper's other keys are ignored.
        let s = set()
            .with_import(
                ImportFormat::Json,
                r#"{"name": "x", "criteria": [{"id": "B-1", "title": "t", "guidance": null, "source": null}]}"#,
            )
            .unwrap();
        assert_eq!(s.criteria[0].guidance, "");
    }

    /// The locator finds the same items and keys as serde_json, whatever the escapes,
    /// numbers and nesting, and the line each starts on.
    #[test]
    fn the_json_locator_agrees_with_serde() {
        use json_position::{Node, locate};
        let text = "[\n {\"i\\u0064\": \"a\\\"]}\", \"t\": [1e5, -0.5E-3, true, null, {}]},\n\n  \"x\\\\\",\t7, [[]], {\"\\u005d\": {\"a\": []}}\r\n]";
        let value: Value = serde_json::from_str(text).unwrap();
        let top = locate(text);
        let Node::List(items) = &top.node else {
            panic!("a list")
        };
        assert_eq!(items.len(), value.as_array().unwrap().len());
        assert_eq!(
            items.iter().map(|i| i.line).collect::<Vec<_>>(),
            [2, 4, 4, 4, 4]
        );
        let Node::Map(members) = &items[0].node else {
            panic!("an object")
        };
        let keys: Vec<&str> = members.iter().map(|m| m.key.as_str()).collect();
        assert_eq!(keys, ["id", "t"]);
        let Node::Map(members) = &items[4].node else {
            panic!("an object")
        };
        assert_eq!(members[0].key, "]");
    }

    #[test]
    fn csv_rows_list_each_of_their_problems() {
        let err = set()
            .with_import(ImportFormat::Csv, "id,title\nA:1,\n")
            .unwrap_err();
        assert_eq!(
            err.details,
            [
                "line 2, column 1: the id \"A:1\" must be at most 40 characters and contain no \":\".",
                "line 2, column 2: criterion \"A:1\" has no title.",
            ]
        );
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
}
