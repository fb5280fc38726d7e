//! Audit findings (ISO 19011 6.4.8): the result of evaluating evidence against a criterion.

use super::{AuditChange, AuditRecords, not_in_scope};
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The grade of a finding, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Grade {
    MajorNonconformity,
    MinorNonconformity,
    Observation,
    OpportunityForImprovement,
    GoodPractice,
    Conformity,
}

impl Grade {
    pub const ALL: [Grade; 6] = [
        Grade::MajorNonconformity,
        Grade::MinorNonconformity,
        Grade::Observation,
        Grade::OpportunityForImprovement,
        Grade::GoodPractice,
        Grade::Conformity,
    ];

    /// What the grade means, in the project's words, after certification-body practice.
    pub fn definition(self) -> &'static str {
        match self {
            Grade::MajorNonconformity => {
                "A requirement is not met in a way that puts the ISMS's ability to achieve its intended results in doubt: a required process is missing or has broken down, or several related lapses show the same requirement is not working."
            }
            Grade::MinorNonconformity => {
                "A requirement is not met in an isolated lapse that does not put the ISMS's ability to achieve its intended results in doubt."
            }
            Grade::Observation => {
                "No requirement is breached yet, but the evidence shows a weakness that could become a nonconformity if left alone."
            }
            Grade::OpportunityForImprovement => {
                "The requirement is met; the auditor suggests a way to do it better. The auditee decides whether to act."
            }
            Grade::GoodPractice => {
                "The requirement is met in a way worth keeping and sharing with other parts of the organisation."
            }
            Grade::Conformity => {
                "The requirement is met, and the evidence that shows it is recorded."
            }
        }
    }

    /// The key of [`Grade::definition`] in the page's words.
    pub fn definition_key(self) -> &'static str {
        match self {
            Grade::MajorNonconformity => "engine.grade_definition.major_nonconformity",
            Grade::MinorNonconformity => "engine.grade_definition.minor_nonconformity",
            Grade::Observation => "engine.grade_definition.observation",
            Grade::OpportunityForImprovement => {
                "engine.grade_definition.opportunity_for_improvement"
            }
            Grade::GoodPractice => "engine.grade_definition.good_practice",
            Grade::Conformity => "engine.grade_definition.conformity",
        }
    }

    pub fn is_nonconformity(self) -> bool {
        matches!(self, Grade::MajorNonconformity | Grade::MinorNonconformity)
    }

    /// The grade as the JSON and CSS name it.
    pub fn key(self) -> &'static str {
        match self {
            Grade::MajorNonconformity => "major_nonconformity",
            Grade::MinorNonconformity => "minor_nonconformity",
            Grade::Observation => "observation",
            Grade::OpportunityForImprovement => "opportunity_for_improvement",
            Grade::GoodPractice => "good_practice",
            Grade::Conformity => "conformity",
        }
    }
}

/// A stored finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub id: String,
    pub audit_id: String,
    /// Per-audit reference: F-001, F-002, ...
    pub reference: String,
    pub grade: Grade,
    /// The criteria it is against, e.g. a clause, an Annex A control and the
    /// organization's own rule together; the first is the main one. Findings stored
    /// before release 0.3 have one `criterionId`.
    #[serde(alias = "criterionId", deserialize_with = "one_or_many")]
    pub criterion_ids: Vec<String>,
    /// What was found, against which requirement.
    pub statement: String,
    /// The objective evidence: records, interviews, observations that support it.
    pub evidence: String,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub date: NaiveDate,
    /// How likely the nonconformity leads to an incident, 1 (rare) to 5 (almost certain).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub likelihood: Option<u8>,
    /// How bad that would be, 1 (negligible) to 5 (severe).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub impact: Option<u8>,
    /// For a systemic major nonconformity: the ids of the nonconformities of the same
    /// audit it groups, which together show the requirement is not working.
    #[serde(default)]
    pub groups: Vec<String>,
}

/// The editable fields of a finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FindingFields {
    /// The auditor's explicit choice; there is no default grade, so none is refused.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub grade: Option<Grade>,
    /// One or more criteria of the audit, the main one first (`criterionId`, one
    /// criterion, is read too).
    #[serde(alias = "criterionId", deserialize_with = "one_or_many")]
    pub criterion_ids: Vec<String>,
    pub statement: String,
    pub evidence: String,
    /// `YYYY-MM-DD`.
    pub date: String,
    /// 1-5; give both likelihood and impact, or neither.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub likelihood: Option<u8>,
    /// 1-5.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub impact: Option<u8>,
    /// A systemic major nonconformity cites the nonconformities (finding ids) it groups.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub groups: Vec<String>,
}

/// Validated finding fields; the criterion is checked against the audit by the caller.
pub struct ValidFinding {
    pub grade: Grade,
    pub statement: String,
    pub evidence: String,
    pub date: NaiveDate,
    pub likelihood: Option<u8>,
    pub impact: Option<u8>,
}

impl FindingFields {
    pub fn validate(&self) -> Result<ValidFinding> {
        let grade = self.grade.ok_or_else(|| {
            Error::on_field(
                ErrorCode::Required,
                "grade",
                "Choose a grade: the finding has none until you pick one.",
            )
        })?;
        Ok(ValidFinding {
            grade,
            statement: text::required("statement", "Statement", &self.statement, LONG)?,
            // Every grade rests on objective evidence (ISO 19011 6.4.7), so it is required.
            evidence: text::required("evidence", "Objective evidence", &self.evidence, LONG)?,
            date: text::date("date", "Date", &self.date)?,
            likelihood: risk_scale("likelihood", "Likelihood", self.likelihood)?,
            impact: risk_scale("impact", "Impact", self.impact)?,
        })
        .and_then(|valid| match (valid.likelihood, valid.impact) {
            (Some(_), None) => Err(Error::on_field(
                ErrorCode::Required,
                "impact",
                "Give the impact too, or clear the likelihood.",
            )),
            (None, Some(_)) => Err(Error::on_field(
                ErrorCode::Required,
                "likelihood",
                "Give the likelihood too, or clear the impact.",
            )),
            _ => Ok(valid),
        })
    }
}

fn risk_scale(field: &str, label: &str, value: Option<u8>) -> Result<Option<u8>> {
    match value {
        Some(v) if !(1..=5).contains(&v) => Err(Error::on_field(
            ErrorCode::InvalidValue,
            field,
            format!("{label} is {v}; rate it from 1 (lowest) to 5 (highest)."),
        )),
        _ => Ok(value),
    }
}

/// Reads a list of criterion ids, or one id as a list of one.
fn one_or_many<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> std::result::Result<Vec<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(String),
        Many(Vec<String>),
    }
    Ok(match OneOrMany::deserialize(d)? {
        OneOrMany::One(id) => vec![id],
        OneOrMany::Many(ids) => ids,
    })
}

/// The reference of the `number`th finding of an audit.
pub fn reference(number: u32) -> String {
    format!("F-{number:03}")
}

/// A new finding `id` of an audit in progress, with the audit's next reference.
pub fn add(current: AuditRecords, id: &str, fields: &FindingFields) -> Result<AuditChange> {
    let mut audit = current.recording()?.audit.clone();
    let finding = build(
        id.to_string(),
        current,
        reference(audit.next_finding_number),
        fields,
    )?;
    audit.next_finding_number += 1;
    Ok(AuditChange {
        audit: Some(audit),
        findings: vec![finding],
        ..AuditChange::default()
    })
}

/// The finding `id` of an audit in progress with new fields; its reference stays.
pub fn update(current: AuditRecords, id: &str, fields: &FindingFields) -> Result<AuditChange> {
    let existing = find(current, id)?;
    let current = current.recording()?;
    if let Some(systemic) = grouped_by(current, id)
        && !fields.grade.is_some_and(Grade::is_nonconformity)
    {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            "grade",
            format!(
                "{} is grouped by the systemic nonconformity {}, so it stays a nonconformity; remove it from there first.",
                existing.reference, systemic.reference
            ),
        ));
    }
    let finding = build(
        existing.id.clone(),
        current,
        existing.reference.clone(),
        fields,
    )?;
    Ok(AuditChange {
        findings: vec![finding],
        ..AuditChange::default()
    })
}

/// Deletes the finding `id` of an audit in progress; its reference is not reused.
pub fn delete(current: AuditRecords, id: &str) -> Result<AuditChange> {
    let existing = find(current, id)?;
    current.recording()?;
    if let Some(systemic) = grouped_by(current, id) {
        return Err(Error::new(
            ErrorCode::InUse,
            format!(
                "{} is grouped by the systemic nonconformity {}; remove it from there first.",
                existing.reference, systemic.reference
            ),
        ));
    }
    // The closing meeting's record of how the auditee received it goes with it.
    let presented = current
        .audit
        .conduct
        .closing
        .as_ref()
        .is_some_and(|m| m.findings.iter().any(|r| r.finding_id == id));
    let audit = presented.then(|| {
        let mut audit = current.audit.clone();
        if let Some(m) = audit.conduct.closing.as_mut() {
            m.findings.retain(|r| r.finding_id != id);
        }
        audit
    });
    Ok(AuditChange {
        audit,
        deleted_findings: vec![existing.id.clone()],
        ..AuditChange::default()
    })
}

fn find<'a>(current: AuditRecords<'a>, id: &str) -> Result<&'a Finding> {
    current
        .findings
        .iter()
        .find(|f| f.id == id)
        .ok_or_else(|| Error::not_found("finding", id))
}

fn build(
    id: String,
    current: AuditRecords,
    reference: String,
    fields: &FindingFields,
) -> Result<Finding> {
    let audit = current.audit;
    if fields.criterion_ids.is_empty() {
        return Err(Error::on_field(
            ErrorCode::Required,
            "criterionId",
            "Choose the criterion the finding is against.",
        ));
    }
    let mut criterion_ids: Vec<String> = Vec::new();
    for id in &fields.criterion_ids {
        if !audit.criteria.contains(id) {
            return Err(not_in_scope(id));
        }
        if !criterion_ids.contains(id) {
            criterion_ids.push(id.clone());
        }
    }
    let valid = fields.validate()?;
    let groups = grouped(current, &id, valid.grade, &fields.groups)?;
    Ok(Finding {
        id,
        audit_id: audit.id.clone(),
        reference,
        grade: valid.grade,
        criterion_ids,
        statement: valid.statement,
        evidence: valid.evidence,
        date: valid.date,
        likelihood: valid.likelihood,
        impact: valid.impact,
        groups,
    })
}

/// The systemic nonconformity that groups the finding `id`, if any.
fn grouped_by<'a>(current: AuditRecords<'a>, id: &str) -> Option<&'a Finding> {
    current
        .findings
        .iter()
        .find(|f| f.groups.iter().any(|g| g == id))
}

/// The findings a systemic major nonconformity `id` groups: only a major groups, and
/// only other nonconformities of the same audit, each once.
fn grouped(current: AuditRecords, id: &str, grade: Grade, cited: &[String]) -> Result<Vec<String>> {
    if cited.is_empty() {
        return Ok(Vec::new());
    }
    if grade != Grade::MajorNonconformity {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            "groups",
            "Only a major nonconformity can group other findings; grade it major or clear the grouped findings.",
        ));
    }
    let mut groups: Vec<String> = Vec::new();
    for cited_id in cited {
        let Some(other) = current.findings.iter().find(|f| &f.id == cited_id) else {
            return Err(Error::on_field(
                ErrorCode::NotFound,
                "groups",
                format!(
                    "No finding \"{cited_id}\" in this audit can be grouped; pick the nonconformities from this audit's findings."
                ),
            ));
        };
        if other.id == id || !other.grade.is_nonconformity() {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                "groups",
                format!(
                    "{} cannot be grouped: a systemic nonconformity groups other nonconformities (major or minor) only.",
                    other.reference
                ),
            ));
        }
        if !groups.contains(&other.id) {
            groups.push(other.id.clone());
        }
    }
    Ok(groups)
}

/// A grade written in another vocabulary (a certification body's, another tool's):
/// "Major", "NC", "Obs.", "OFI", ... A bare "NC" or "Non-conformity" is a minor
/// nonconformity, as most registers use it; the preview shows the grade each row gets.
pub fn grade_from(written: &str) -> Option<Grade> {
    let words = crate::import::propose::normalise(written);
    let grade = match words.as_str() {
        "major"
        | "major nc"
        | "major ncr"
        | "nc major"
        | "major nonconformity"
        | "major non conformity"
        | "major nonconformance"
        | "major non conformance"
        | "major finding"
        | "category 1"
        | "cat 1"
        | "ncr major"
        | "major observation"
        // French and German certification bodies' words.
        | "écart majeur"
        | "non conformité majeure"
        | "nc majeure"
        | "hauptabweichung"
        | "abweichung kritisch" => Grade::MajorNonconformity,
        "minor"
        | "minor nc"
        | "minor ncr"
        | "nc minor"
        | "minor nonconformity"
        | "minor non conformity"
        | "minor nonconformance"
        | "minor non conformance"
        | "nc"
        | "ncr"
        | "non conformity"
        | "nonconformity"
        | "nonconformance"
        | "non conformance"
        | "category 2"
        | "cat 2"
        | "minor finding"
        | "écart mineur"
        | "écart"
        | "non conformité mineure"
        | "non conformité"
        | "nc mineure"
        | "nebenabweichung"
        | "abweichung" => Grade::MinorNonconformity,
        "observation" | "obs" | "concern" | "area of concern" | "aoc" | "observations"
        | "point sensible" | "remarque" | "hinweis" | "beobachtung" => {
            Grade::Observation
        }
        "ofi"
        | "opportunity"
        | "opportunity for improvement"
        | "improvement"
        | "improvement opportunity"
        | "opportunities for improvement"
        | "recommendation"
        | "suggestion"
        | "ofi opportunity for improvement"
        | "piste de progrès"
        | "piste d amélioration"
        | "opportunité d amélioration"
        | "empfehlung"
        | "verbesserungspotenzial" => Grade::OpportunityForImprovement,
        "good practice" | "strength" | "positive" | "positive finding" | "best practice"
        | "noteworthy" | "noteworthy effort" => Grade::GoodPractice,
        "conformity" | "conforming" | "conform" | "compliant" | "ok" | "c" | "conformance" => {
            Grade::Conformity
        }
        _ => return None,
    };
    Some(grade)
}

/// The criteria of the audit a register's cell names: `A.5.1`, `5.1`, `Clause 9.2`,
/// `POL:AC-2`, several separated by `;`, `,` or line breaks, each perhaps followed by its
/// title (as our findings register writes them). Err holds the part not understood.
pub fn criteria_from(
    criteria: &[String],
    written: &str,
) -> std::result::Result<Vec<String>, String> {
    let resolve = |part: &str| -> Option<String> {
        if criteria.iter().any(|c| c == part) {
            return Some(part.to_string());
        }
        let mut words = part.split_whitespace().peekable();
        while let Some(w) = words.peek() {
            let lower = w.to_lowercase();
            if ["clause", "control", "annex", "a:", "§", "iso", "27001"].contains(&lower.as_str())
            {
                words.next();
            } else {
                break;
            }
        }
        let first = words.next()?;
        // "A 8.13": the annex letter written apart from the number.
        let joined;
        let first = if ["a", "a."].contains(&first.to_lowercase().as_str()) {
            joined = format!("A.{}", words.next().unwrap_or_default());
            joined.as_str()
        } else {
            first
        };
        let token = first.trim_end_matches([':', ',', ')']);
        let token = token.trim_end_matches('.');
        let bare = token
            .strip_prefix(['A', 'a'])
            .map(|r| r.trim_start_matches('.'))
            .unwrap_or(token);
        let candidates = [token.to_string(), format!("A.{bare}"), bare.to_string()];
        candidates
            .iter()
            .find(|c| criteria.contains(c))
            .cloned()
            // A heading (9.2) stands for its first criterion in the audit (9.2.1); the
            // preview shows which.
            .or_else(|| {
                candidates
                    .iter()
                    .filter(|c| c.ends_with(|d: char| d.is_ascii_digit()))
                    .find_map(|c| {
                        let prefix = format!("{c}.");
                        criteria.iter().find(|k| k.starts_with(&prefix)).cloned()
                    })
            })
    };
    let mut found: Vec<String> = Vec::new();
    for part in written
        .split([';', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let ids = match resolve(part) {
            Some(id) => vec![id],
            None => part
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(|p| resolve(p).ok_or_else(|| p.to_string()))
                .collect::<std::result::Result<Vec<_>, _>>()
                .map_err(|p| p.to_string())?,
        };
        for id in ids {
            if !found.contains(&id) {
                found.push(id);
            }
        }
    }
    if found.is_empty() {
        return Err(written.trim().to_string());
    }
    Ok(found)
}

/// Whether `value` is what `field` of a findings import holds in this audit.
pub fn recognises(audit: &super::Audit, field: crate::import::Field, value: &str) -> bool {
    use crate::import::Field;
    match field {
        Field::Criterion => criteria_from(&audit.criteria, value).is_ok(),
        Field::Grade => grade_from(value).is_some(),
        Field::Date => crate::import::date(value).is_some(),
        _ => !value.trim().is_empty(),
    }
}

/// The labels of a finding in the import preview.
pub const PREVIEW_FIELDS: [&str; 5] = [
    "criteria",
    "grade",
    "statement",
    "objective evidence",
    "date",
];

/// A finding read from a row, before it gets its id and reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedFinding {
    pub grade: Grade,
    /// The grade as the file wrote it.
    pub written_grade: String,
    pub criterion_ids: Vec<String>,
    pub statement: String,
    pub evidence: String,
    pub date: NaiveDate,
}

impl ImportedFinding {
    pub fn preview_values(&self) -> Vec<String> {
        let label = crate::report::grade_label(self.grade);
        let grade = if label.eq_ignore_ascii_case(self.written_grade.trim()) {
            label.to_string()
        } else {
            format!(
                "{label} (from \"{}\")",
                text::excerpt(self.written_grade.trim())
            )
        };
        vec![
            self.criterion_ids.join("; "),
            grade,
            self.statement.clone(),
            self.evidence.clone(),
            self.date.to_string(),
        ]
    }

    /// True when `f` records this finding already (an import read back).
    fn is_recorded_as(&self, f: &Finding) -> bool {
        f.grade == self.grade
            && f.criterion_ids == self.criterion_ids
            && f.statement == self.statement
            && f.evidence == self.evidence
            && f.date == self.date
    }
}

pub const GRADES_ACCEPTED: &str = "write major, minor (or NC), observation (Obs.), opportunity for improvement (OFI), good practice or conformity";

/// The findings of an imported table, each with its row; the rows already recorded
/// as they are (so importing an exported register again adds nothing); every problem.
pub fn table_findings(
    current: AuditRecords,
    mapped: &crate::import::Mapped,
) -> (Vec<(u32, ImportedFinding)>, u32, crate::import::Problems) {
    use crate::import::{self, Field};
    let mut problems = import::Problems::default();
    let audit = current.audit;
    if let Some(m) = import::misplaced(mapped, Field::Criterion, &|v| {
        criteria_from(&audit.criteria, v).is_ok()
    }) {
        problems.general(m);
    }
    let mut found = Vec::new();
    let mut unchanged = 0;
    for row in &mapped.rows {
        let line = row.line;
        let before = problems.rows.len();
        let written = mapped.get(row, Field::Criterion);
        let criterion_ids = match criteria_from(&audit.criteria, written) {
            Ok(ids) => ids,
            Err(part) if part.is_empty() => {
                problems.row(
                    line,
                    mapped.header(Field::Criterion),
                    "the criterion is empty; write the clause or control, e.g. A.5.1 or 9.2.",
                );
                Vec::new()
            }
            Err(part) => {
                problems.row(
                    line,
                    mapped.header(Field::Criterion),
                    format!(
                        "\"{}\" is not among this audit's criteria; write a clause or control of its checklist (e.g. {}).",
                        text::excerpt(&part),
                        audit.criteria.iter().take(3).cloned().collect::<Vec<_>>().join(", ")
                    ),
                );
                Vec::new()
            }
        };
        // Type and severity columns are read together ("NC Major"), or each on its own
        // when both say the same grade ("Major NC", "Major").
        let parts = mapped.get_all(row, Field::Grade);
        let written_grade = parts.join(" ");
        let written_grade = written_grade.as_str();
        let grade = grade_from(written_grade).or_else(|| {
            let each: Vec<Option<Grade>> = parts.iter().map(|p| grade_from(p)).collect();
            each.first()
                .copied()
                .flatten()
                .filter(|g| each.iter().all(|e| *e == Some(*g)))
        });
        if grade.is_none() {
            if written_grade.is_empty() {
                problems.row(
                    line,
                    mapped.header(Field::Grade),
                    format!("the grade is empty; {GRADES_ACCEPTED}."),
                );
            } else {
                problems.unknown(
                    line,
                    mapped.header(Field::Grade),
                    written_grade,
                    GRADES_ACCEPTED,
                );
            }
        }
        let mut text_of = |field: Field| -> String {
            let value = mapped.get(row, field);
            if value.is_empty() {
                problems.row(
                    line,
                    mapped.header(field),
                    format!("the {} is empty.", field.label()),
                );
            } else if value.chars().count() > LONG {
                problems.row(
                    line,
                    mapped.header(field),
                    format!("the {} is longer than {LONG} characters.", field.label()),
                );
            }
            value.to_string()
        };
        let statement = text_of(Field::Statement);
        let evidence = text_of(Field::Evidence);
        let written_date = mapped.get(row, Field::Date);
        let date = import::date(written_date);
        if date.is_none() {
            problems.row(
                line,
                mapped.header(Field::Date),
                format!(
                    "\"{}\" is not a date; write it as 2026-03-31 or 31.03.2026.",
                    text::excerpt(written_date)
                ),
            );
        }
        if problems.rows.len() > before {
            continue;
        }
        let (Some(grade), Some(date)) = (grade, date) else {
            continue;
        };
        let finding = ImportedFinding {
            grade,
            written_grade: written_grade.to_string(),
            criterion_ids,
            statement,
            evidence,
            date,
        };
        if current.findings.iter().any(|f| finding.is_recorded_as(f)) {
            unchanged += 1;
        } else {
            found.push((line, finding));
        }
    }
    (found, unchanged, problems)
}

/// The findings of an imported table added to an audit in progress, with the audit's
/// next references; ids are `{id_base}-1`, `{id_base}-2`, ... Rows already recorded as
/// they are add nothing.
pub fn import(
    current: AuditRecords,
    id_base: &str,
    mapped: &crate::import::Mapped,
) -> Result<AuditChange> {
    let current = current.recording()?;
    let (found, _, problems) = table_findings(current, mapped);
    if !problems.is_empty() {
        return Err(problems.into_error(crate::import::ImportKind::Findings));
    }
    let mut audit = current.audit.clone();
    let findings = found
        .into_iter()
        .enumerate()
        .map(|(i, (_, f))| {
            let finding = Finding {
                id: format!("{id_base}-{}", i + 1),
                audit_id: audit.id.clone(),
                reference: reference(audit.next_finding_number),
                grade: f.grade,
                criterion_ids: f.criterion_ids,
                statement: f.statement,
                evidence: f.evidence,
                date: f.date,
                likelihood: None,
                impact: None,
                groups: Vec::new(),
            };
            audit.next_finding_number += 1;
            finding
        })
        .collect::<Vec<_>>();
    Ok(AuditChange {
        audit: (!findings.is_empty()).then_some(audit),
        findings,
        ..AuditChange::default()
    })
}
