//! The audit report (ISO 19011 6.5): one model, built here from the audit's records and
//! the one scoring function's [`Score`] (plain inputs: the workspace gathers them and
//! calls [`build`]), rendered to self-contained HTML (print-ready on A4), Markdown and
//! JSON (schema in docs/report-schema.md). Every user-entered text is escaped by the
//! renderer that writes it.

mod chart;
mod conduct_section;
mod html;
pub mod labels;
mod markdown;
mod messages;
pub mod version;

use crate::audit::conclusion::Effectiveness;
use crate::audit::conduct::{
    self, Attendee, Communication, DocumentReview, Feasibility, InformationLimit, Initiation,
    Meeting, MeetingKind, TeamRole,
};
use crate::audit::sampling::SamplingMethod;
use crate::audit::sessions::{PlanAcceptance, PlanSession};
use crate::audit::{
    Audit, AuditKind, AuditStatus, ChecklistItem, Finding, Grade, ItemResult, Verdict,
};
use crate::audit::{Evidence, EvidenceKind, SamplingPlan};
use crate::catalog::{self, custom::CriteriaSet, custom::SetKind};
use crate::error::{Error, ErrorCode, Result};
use crate::programme::Programme;
use crate::scoring::{
    self, Figures, GradeCount, GradeDefinitions, Outcome, RiskRating, Rollup, RuleBasis, Score,
};
use crate::soa::Soa;
use serde::Serialize;

pub use chart::bars as chart_svg;
pub use html::render as to_html;
pub use markdown::render as to_markdown;
pub use messages::Messages;
pub use version::{IssuePart, ReportVersion};

/// The identifier and version of the JSON form; bump the version on any change.
pub const SCHEMA: &str = "isms-audit/audit-report";
/// 2: `issue` (draft or issued version), internal indicators out of the summary, several
/// criteria per finding, grade definitions, sampling caveat and areas not covered.
/// 3: `conduct` (initiation, feasibility, team, document review, plan sessions,
/// meetings, communications, information limits), actual dates, assigned auditors;
/// `samples` and `evidence` (both left out when empty).
/// 4: `classification`, the marking chosen for the audit.
pub const SCHEMA_VERSION: u32 = 4;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub schema: String,
    pub schema_version: u32,
    /// RFC 3339.
    pub generated_at: String,
    pub generated_by: String,
    /// The marking on every page ("Confidential" until one is chosen).
    pub classification: String,
    /// None was chosen: the renderers write the default in their language.
    #[serde(skip)]
    pub classification_default: bool,
    /// A draft, or an issued version with its sign-offs.
    pub issue: IssuePart,
    pub programme: String,
    pub audit: AuditPart,
    pub criteria: CriteriaPart,
    pub summary: SummaryPart,
    /// Most severe first; within a grade, highest risk first.
    pub findings: Vec<ReportFinding>,
    /// The good-practice findings, "F-009 (A.5.24): statement", in reference order.
    pub good_practices: Vec<String>,
    /// What each grade means.
    pub grade_definitions: Vec<GradeDefinition>,
    /// The internal indicators: numbers for the audit programme, not the conclusion.
    pub indicators: Indicators,
    pub by_group: Vec<Rollup>,
    pub by_attribute: Vec<Rollup>,
    pub sampling: String,
    /// That the audit rests on a sample, so its evidence may not be fully representative.
    pub sampling_caveat: String,
    /// The sampling plans of checklist items, in checklist order; omitted when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub samples: Vec<ReportSample>,
    /// The evidence register, in reference order; omitted when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<ReportEvidence>,
    /// Criteria in scope that were not audited, with the reason from the checklist notes.
    pub not_covered: Vec<NotCovered>,
    pub programme_implications: String,
    pub diverging_opinions: String,
    pub confidentiality: String,
    pub distribution: Vec<String>,
    pub checklist: Vec<ChecklistLine>,
    /// How the audit was initiated, prepared and conducted.
    #[serde(serialize_with = "crate::programme::as_json")]
    pub conduct: ConductPart,
}

/// The records of ISO 19011 6.2-6.4, as the report presents them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConductPart {
    pub initiation: Initiation,
    pub feasibility: Option<Feasibility>,
    pub team: Vec<ReportTeamMember>,
    pub documents: Vec<DocumentReview>,
    pub sessions: Vec<PlanSession>,
    pub plan_acceptance: Option<PlanAcceptance>,
    pub opening: Option<ReportMeeting>,
    pub closing: Option<ReportMeeting>,
    pub communications: Vec<Communication>,
    pub information_limits: Vec<InformationLimit>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportTeamMember {
    pub name: String,
    pub role: TeamRole,
    pub role_label: String,
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportMeeting {
    pub date: String,
    pub attendees: Vec<Attendee>,
    /// The topics covered, in words.
    pub topics: Vec<String>,
    pub notes: String,
    /// Closing meeting: how the auditee received each finding presented.
    pub findings: Vec<ReportFindingResponse>,
    /// The keys of the topics, for the renderers' words.
    #[serde(skip)]
    pub topic_keys: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportFindingResponse {
    pub reference: String,
    pub acknowledged: bool,
    pub diverging_opinion: String,
    pub resolution: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditPart {
    pub id: String,
    pub title: String,
    pub kind: AuditKind,
    pub kind_label: String,
    pub status: AuditStatus,
    pub auditee: String,
    pub client: String,
    pub objectives: String,
    pub units: Vec<String>,
    pub processes: Vec<String>,
    pub locations: Vec<String>,
    pub audit_locations: String,
    pub planned_start: String,
    pub planned_end: String,
    /// The days the audit was started and completed, once it was.
    pub actual_start: Option<String>,
    pub actual_end: Option<String>,
    pub lead_auditor: String,
    /// "Name (role)" of the planned team, then the names the report form adds.
    pub team: Vec<String>,
    /// The same as names and roles, for the renderers' words.
    #[serde(skip)]
    pub team_members: Vec<(String, Option<TeamRole>)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CriteriaPart {
    pub catalog_id: String,
    pub edition: String,
    pub catalog_version: String,
    pub criteria_count: u32,
    /// "Example GmbH SoA v3: 80 applicable, 13 excluded, 0 not assessed".
    pub soa: Option<String>,
    /// "POL Information security policies (Organization's policies)".
    pub custom_sets: Vec<String>,
    /// The SoA's name and applicable, excluded, not assessed counts.
    #[serde(skip)]
    pub soa_counts: Option<(String, u32, u32, u32)>,
    /// Code, name and kind of each custom set.
    #[serde(skip)]
    pub sets: Vec<(String, String, SetKind)>,
    /// Where ISO/IEC 27002 attributes appear (the by-attribute figures).
    pub attributes_caveat: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryPart {
    pub text: String,
    pub grades: Vec<GradeCount>,
    pub verdict: Verdict,
    /// The verdict as the audit's kind words it (conformity, approval, recommendation).
    pub statement: String,
    pub rule: String,
    /// The lead auditor chose another verdict than the rule gave at the time.
    pub overridden: bool,
    pub override_reason: Option<String>,
    /// "Name (time)" of a decision that kept the rule's verdict.
    pub confirmed_by: Option<String>,
    /// "Name (time)" of a decision that overrode it.
    pub overridden_by: Option<String>,
    /// Findings changed after the decision, so it no longer stands.
    pub stale: bool,
    /// Whether the ISMS is effectively implemented and maintained.
    pub effectiveness: Option<String>,
    /// Whether the audit objectives were achieved.
    pub objectives_achieved: Option<String>,
    /// The rule's reason, the effectiveness statement and the objectives statement as
    /// data, for the renderers' words.
    #[serde(skip)]
    pub rule_basis: RuleBasis,
    #[serde(skip)]
    pub effectiveness_of: Option<Effectiveness>,
    #[serde(skip)]
    pub achieved: Option<bool>,
}

/// The numbers the scoring computes for the audit programme's own use; they are not
/// part of the audit conclusion and stay out of the executive summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Indicators {
    pub figures: Figures,
    pub coverage: String,
    pub conformity: String,
    /// "0.27", or "n/a".
    pub nonconformity_index: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct GradeDefinition {
    pub grade: Grade,
    pub label: String,
    pub definition: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportCriterion {
    pub id: String,
    pub title: String,
}

impl ReportFinding {
    /// "A.8.13 Information backup; POL:PW-1 Service account passwords ...".
    pub fn criteria_text(&self) -> String {
        self.criteria
            .iter()
            .map(|c| format!("{} {}", c.id, c.title).trim_end().to_string())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NotCovered {
    pub criterion_id: String,
    pub title: String,
    /// The checklist notes, or "No reason recorded."
    pub reason: String,
    /// Whether the notes gave a reason.
    #[serde(skip)]
    pub recorded: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportFinding {
    pub reference: String,
    pub grade: Grade,
    pub grade_label: String,
    /// The criteria it is against, the main one first.
    pub criteria: Vec<ReportCriterion>,
    pub statement: String,
    pub evidence: String,
    pub date: String,
    pub risk: Option<RiskRating>,
    /// "4 x 5".
    pub risk_basis: Option<String>,
    /// Likelihood and impact.
    #[serde(skip)]
    pub rated: Option<(u8, u8)>,
    /// References of the nonconformities a systemic major groups.
    pub groups: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChecklistLine {
    pub criterion_id: String,
    pub title: String,
    pub result: ItemResult,
    pub outcome: Outcome,
    pub outcome_label: String,
    pub notes: String,
    pub findings: Vec<String>,
    /// The team member the item is assigned to; empty when none.
    pub assigned_to: String,
}

pub fn grade_label(grade: Grade) -> &'static str {
    match grade {
        Grade::MajorNonconformity => "Major nonconformity",
        Grade::MinorNonconformity => "Minor nonconformity",
        Grade::Observation => "Observation",
        Grade::OpportunityForImprovement => "Opportunity for improvement",
        Grade::GoodPractice => "Good practice",
        Grade::Conformity => "Conformity",
    }
}

pub fn kind_label(kind: AuditKind) -> &'static str {
    match kind {
        AuditKind::Internal => "Internal audit (first party)",
        AuditKind::Supplier => "Supplier audit (second party)",
        AuditKind::External => "External audit",
    }
}

/// The summary part of a report from the score, the audit's kind and the auditor's
/// summary text.
pub fn summary(score: &Score, kind: AuditKind, text: &str) -> SummaryPart {
    let c = &score.conclusion;
    let decided = |overridden: bool| {
        c.decision
            .as_ref()
            .filter(|_| c.overridden == overridden)
            .map(|d| format!("{} ({})", d.by, d.at))
    };
    let statements = c.decision.as_ref().map(|d| d.statements);
    SummaryPart {
        text: text.to_string(),
        grades: score.grades.clone(),
        verdict: c.verdict,
        statement: c.verdict.wording(kind).to_string(),
        rule: c.rule.clone(),
        overridden: c.overridden,
        override_reason: c
            .decision
            .as_ref()
            .filter(|_| c.overridden)
            .map(|d| d.reason.clone()),
        confirmed_by: decided(false),
        overridden_by: decided(true),
        stale: c.stale,
        effectiveness: statements
            .and_then(|s| s.effectiveness)
            .map(|e| e.label().to_string()),
        objectives_achieved: statements.and_then(|s| s.objectives_achieved).map(|yes| {
            if yes {
                "The audit objectives were achieved.".to_string()
            } else {
                "The audit objectives were not fully achieved.".to_string()
            }
        }),
        rule_basis: c.rule_basis,
        effectiveness_of: statements.and_then(|s| s.effectiveness),
        achieved: statements.and_then(|s| s.objectives_achieved),
    }
}

/// The report in one format: "html", "markdown" (both in the words of `m`) or "json".
pub fn render(report: &Report, format: &str, m: &Messages) -> Result<String> {
    match format {
        "html" => Ok(to_html(report, m)),
        "markdown" => Ok(to_markdown(report, m)),
        "json" => serde_json::to_string_pretty(report).map_err(|e| {
            Error::new(
                ErrorCode::Internal,
                format!("The report could not be written as JSON: {e}."),
            )
        }),
        other => Err(Error::new(
            ErrorCode::InvalidCommand,
            format!(
                "Unknown report format \"{}\"; use html, markdown or json.",
                crate::text::excerpt(other)
            ),
        )),
    }
}

impl SummaryPart {
    /// The sentences that say how the conclusion was reached: the override and its
    /// reason, a decision outdated by later findings, who confirmed or overrode it.
    pub fn decision_lines(&self, m: &Messages) -> Vec<String> {
        let mut lines = Vec::new();
        let rule = labels::rule(m, self.rule_basis);
        if self.stale {
            lines.push(m.tf("report.decision.stale", &[("rule", &rule)]));
        } else if self.overridden {
            lines.push(m.tf(
                "report.decision.overridden",
                &[
                    ("rule", &rule.trim_end_matches('.')),
                    ("reason", &self.override_reason.as_deref().unwrap_or("")),
                ],
            ));
        } else {
            lines.push(m.tf("report.decision.rule", &[("rule", &rule)]));
        }
        if let Some(by) = &self.confirmed_by {
            lines.push(m.tf("report.decision.confirmed_by", &[("by", by)]));
        }
        if let Some(by) = &self.overridden_by {
            lines.push(m.tf("report.decision.overridden_by", &[("by", by)]));
        }
        if self.confirmed_by.is_none() && self.overridden_by.is_none() {
            lines.push(m.t("report.decision.unconfirmed").to_string());
        }
        lines
    }

    /// The effectiveness and objectives statements, in the words of `m`.
    pub fn statement_lines(&self, m: &Messages) -> Vec<String> {
        let objectives = self.achieved.map(|yes| {
            m.t(if yes {
                "report.objectives.achieved"
            } else {
                "report.objectives.not_achieved"
            })
        });
        self.effectiveness_of
            .map(|e| labels::effectiveness(m, e))
            .into_iter()
            .chain(objectives)
            .map(str::to_string)
            .collect()
    }
}

/// The programme's grade definitions, most severe grade first.
pub fn grade_definitions(definitions: &GradeDefinitions) -> Vec<GradeDefinition> {
    Grade::ALL
        .iter()
        .map(|&g| GradeDefinition {
            grade: g,
            label: grade_label(g).to_string(),
            definition: definitions.of(g).to_string(),
        })
        .collect()
}

/// The internal indicators of a score.
pub fn indicators(score: &Score) -> Indicators {
    Indicators {
        figures: score.figures.clone(),
        coverage: score.figures.coverage.display(),
        conformity: score.figures.conformity.display(),
        nonconformity_index: score
            .nonconformity_index
            .map_or("n/a".into(), |i| format!("{i:.2}")),
    }
}

/// The statement every report makes about sampling (ISO 19011 6.5.1).
pub const SAMPLING_CAVEAT: &str = "An audit examines a sample of the available information in a limited time, so the evidence may not be fully representative of the whole ISMS; nonconformities may exist where none were found.";

/// A list for a report line, or "None recorded."
pub(crate) fn joined(items: &[String], m: &Messages) -> String {
    if items.is_empty() {
        m.t("report.none_recorded").into()
    } else {
        items.join(", ")
    }
}

/// Text for report fields the auditor left empty.
pub(crate) fn or_none<'a>(text: &'a str, m: &'a Messages) -> &'a str {
    or_none_with(text, m.t("report.none_recorded"))
}

/// The audit client, or who it is when none is named.
pub(crate) fn or_client<'a>(client: &'a str, m: &'a Messages) -> &'a str {
    or_none_with(client, m.t("report.no_client"))
}

/// `text`, or `empty` when there is none.
fn or_none_with<'a>(text: &'a str, empty: &'a str) -> &'a str {
    if text.is_empty() { empty } else { text }
}

/// The rows of the objectives, scope and criteria table: label and unescaped value.
pub(crate) fn detail_rows<'a>(r: &'a Report, m: &'a Messages) -> Vec<(&'a str, String)> {
    let a = &r.audit;
    let c = &r.criteria;
    let team: Vec<String> = a
        .team_members
        .iter()
        .map(|(name, role)| match role {
            Some(role) => format!("{name} ({})", labels::role(m, *role)),
            None => name.clone(),
        })
        .collect();
    let sets: Vec<String> = c
        .sets
        .iter()
        .map(|(code, name, kind)| format!("{code} {name} ({})", labels::set_kind(m, *kind)))
        .collect();
    let soa = c.soa_counts.as_ref().map_or_else(
        || m.t("report.details.no_soa").to_string(),
        |(name, applicable, excluded, open)| {
            m.tf(
                "report.details.soa_counts",
                &[
                    ("name", name),
                    ("applicable", applicable),
                    ("excluded", excluded),
                    ("open", open),
                ],
            )
        },
    );
    vec![
        (
            m.t("report.details.objectives"),
            or_none(&a.objectives, m).to_string(),
        ),
        (
            m.t("report.details.auditee"),
            or_none(&a.auditee, m).to_string(),
        ),
        (
            m.t("report.details.client"),
            or_client(&a.client, m).to_string(),
        ),
        (m.t("report.details.units"), joined(&a.units, m)),
        (m.t("report.details.processes"), joined(&a.processes, m)),
        (m.t("report.details.locations"), joined(&a.locations, m)),
        (
            m.t("report.details.dates"),
            m.tf(
                "report.dates.range",
                &[("start", &a.planned_start), ("end", &a.planned_end)],
            ),
        ),
        (
            m.t("report.details.where"),
            or_none(&a.audit_locations, m).to_string(),
        ),
        (m.t("report.details.lead_auditor"), a.lead_auditor.clone()),
        (m.t("report.details.team"), joined(&team, m)),
        (
            m.t("report.details.criteria"),
            m.tf(
                "report.details.criteria_value",
                &[
                    ("edition", &c.edition),
                    ("version", &c.catalog_version),
                    ("count", &c.criteria_count),
                ],
            ),
        ),
        (m.t("report.details.soa"), soa),
        (m.t("report.details.other_criteria"), joined(&sets, m)),
    ]
}

/// A finding's risk with its basis, or a dash.
pub(crate) fn risk_text(f: &ReportFinding, m: &Messages) -> String {
    match (f.risk, f.rated) {
        (Some(risk), Some((l, i))) => format!(
            "{} ({})",
            labels::risk(m, risk),
            m.tf("report.risk.basis", &[("likelihood", &l), ("impact", &i)])
        ),
        _ => "–".to_string(),
    }
}

/// Why a criterion in scope was not covered, or that no reason was recorded.
pub(crate) fn not_covered_reason<'a>(n: &'a NotCovered, m: &'a Messages) -> &'a str {
    if n.recorded {
        &n.reason
    } else {
        m.t("report.not_covered.no_reason")
    }
}

/// The nonconformity index in the language's numbers, or "n/a".
pub(crate) fn index_text(r: &Report, m: &Messages) -> String {
    match r.indicators.nonconformity_index.as_str() {
        "n/a" => m.t("report.na").to_string(),
        index => m.decimal(index.to_string()),
    }
}

/// Text for HTML and SVG element content and double-quoted attributes.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// One sampling plan as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportSample {
    pub criterion_id: String,
    pub title: String,
    pub population: String,
    pub population_size: u32,
    pub method: SamplingMethod,
    pub sample_size: u32,
    pub derivation: String,
    /// Empty when no random selection was made.
    pub seed: String,
    pub selected: Vec<u32>,
    pub examined: u32,
    pub deviations: u32,
    pub notes: String,
}

impl ReportSample {
    /// One line for the HTML and Markdown reports.
    pub fn line(&self, m: &Messages) -> String {
        let method = labels::sampling_method(m, self.method);
        let args: [(&str, &dyn std::fmt::Display); 10] = [
            ("id", &self.criterion_id),
            ("title", &self.title),
            ("size", &self.sample_size),
            ("of", &self.population_size),
            ("population", &self.population),
            ("method", &method),
            ("seed", &self.seed),
            ("examined", &self.examined),
            ("deviations", &self.deviations),
            ("derivation", &self.derivation),
        ];
        if self.seed.is_empty() {
            m.tf("report.sample.line", &args)
        } else {
            m.tf("report.sample.line_seeded", &args)
        }
    }
}

/// One evidence entry as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportEvidence {
    pub reference: String,
    pub kind: EvidenceKind,
    pub title: String,
    pub date: String,
    pub source: String,
    pub criterion_ids: Vec<String>,
    /// The references of the findings it supports.
    pub findings: Vec<String>,
    /// "name (SHA-256 …)" per attached file.
    pub files: Vec<String>,
}

impl ReportEvidence {
    /// One line for the HTML and Markdown reports.
    pub fn line(&self, m: &Messages) -> String {
        let mut out = format!(
            "{} {} ({}), {}",
            self.reference,
            self.title,
            labels::evidence_kind(m, self.kind),
            self.date
        );
        if !self.source.is_empty() {
            out += &format!(", {}", self.source);
        }
        if !self.criterion_ids.is_empty() {
            let ids = self.criterion_ids.join(", ");
            out += &m.tf("report.evidence.supports", &[("ids", &ids)]);
        }
        if !self.findings.is_empty() {
            let refs = self.findings.join(", ");
            out += &m.tf("report.evidence.findings", &[("refs", &refs)]);
        }
        if !self.files.is_empty() {
            let files = self.files.join(", ");
            out += &m.tf("report.evidence.files", &[("files", &files)]);
        }
        out
    }
}

/// Everything a report is built from.
pub struct Input<'a> {
    pub programme: &'a Programme,
    pub audit: &'a Audit,
    /// In checklist order.
    pub checklist: &'a [ChecklistItem],
    pub findings: &'a [Finding],
    /// The audit's score, from [`scoring::score`].
    pub score: &'a Score,
    /// The SoA the audit was planned from.
    pub soa: Option<&'a Soa>,
    /// Every custom criteria set; the report names those the audit uses, in this order.
    pub criteria_sets: &'a [CriteriaSet],
    /// The sampling plans, in checklist order.
    pub sampling: &'a [SamplingPlan],
    /// The evidence register, in reference order.
    pub evidence: &'a [&'a Evidence],
    /// RFC 3339.
    pub generated_at: String,
    pub generated_by: String,
}

/// The report of one audit.
pub fn build(d: &Input) -> Report {
    let a = d.audit;
    let catalog = catalog::get(&a.catalog_id);
    let titles: std::collections::HashMap<&str, &str> = d
        .checklist
        .iter()
        .map(|i| (i.criterion_id.as_str(), i.title.as_str()))
        .collect();
    let mut findings: Vec<ReportFinding> = d
        .findings
        .iter()
        .map(|f| {
            let risk = f.likelihood.zip(f.impact);
            ReportFinding {
                reference: f.reference.clone(),
                grade: f.grade,
                grade_label: grade_label(f.grade).to_string(),
                criteria: f
                    .criterion_ids
                    .iter()
                    .map(|id| ReportCriterion {
                        id: id.clone(),
                        title: titles.get(id.as_str()).unwrap_or(&"").to_string(),
                    })
                    .collect(),
                statement: f.statement.clone(),
                evidence: f.evidence.clone(),
                date: f.date.to_string(),
                risk: risk.map(|(l, i)| RiskRating::of(l, i)),
                risk_basis: risk.map(|(l, i)| format!("likelihood {l} x impact {i}")),
                rated: risk,
                groups: f
                    .groups
                    .iter()
                    .filter_map(|id| d.findings.iter().find(|g| &g.id == id))
                    .map(|g| g.reference.clone())
                    .collect(),
            }
        })
        .collect();
    findings.sort_by(|x, y| {
        (x.grade, std::cmp::Reverse(x.risk), &x.reference).cmp(&(
            y.grade,
            std::cmp::Reverse(y.risk),
            &y.reference,
        ))
    });
    let custom_codes: Vec<&str> = a
        .criteria
        .iter()
        .filter_map(|k| k.split_once(':').map(|(code, _)| code))
        .collect();
    let outcomes = scoring::outcomes(d.checklist, d.findings);
    Report {
        schema: SCHEMA.to_string(),
        schema_version: SCHEMA_VERSION,
        generated_at: d.generated_at.clone(),
        generated_by: d.generated_by.clone(),
        classification: a.report.classification().to_string(),
        classification_default: a.report.classification.is_empty(),
        issue: IssuePart::draft(),
        programme: d.programme.name.clone(),
        audit: AuditPart {
            id: a.id.clone(),
            title: a.title.clone(),
            kind: a.kind,
            kind_label: kind_label(a.kind).to_string(),
            status: a.status,
            auditee: a.auditee.clone(),
            client: a.client.clone(),
            objectives: a.objectives.clone(),
            units: a.scope.units.clone(),
            processes: a.scope.processes.clone(),
            locations: a.scope.locations.clone(),
            audit_locations: a.report.audit_locations.clone(),
            planned_start: a.planned_start.to_string(),
            planned_end: a.planned_end.to_string(),
            actual_start: a.actual_start.map(|d| d.to_string()),
            actual_end: a.actual_end.map(|d| d.to_string()),
            lead_auditor: a.lead_auditor.clone(),
            team: team_lines(a),
            team_members: team_members(a),
        },
        criteria: CriteriaPart {
            catalog_id: a.catalog_id.clone(),
            edition: catalog.map_or(a.catalog_id.clone(), |c| c.edition.clone()),
            catalog_version: a.catalog_version.clone(),
            criteria_count: a.criteria.len() as u32,
            soa: d.soa.map(|soa| {
                let review = soa.review();
                format!(
                    "{}: {} applicable, {} excluded, {} not assessed",
                    soa.name, review.applicable, review.excluded, review.not_assessed
                )
            }),
            custom_sets: d
                .criteria_sets
                .iter()
                .filter(|s| custom_codes.contains(&s.code.as_str()))
                .map(|s| format!("{} {} ({})", s.code, s.name, s.kind.label()))
                .collect(),
            attributes_caveat: catalog.and_then(|c| c.attributes_caveat.clone()),
            soa_counts: d.soa.map(|soa| {
                let review = soa.review();
                let (a, e, n) = (review.applicable, review.excluded, review.not_assessed);
                (soa.name.clone(), a, e, n)
            }),
            sets: d
                .criteria_sets
                .iter()
                .filter(|s| custom_codes.contains(&s.code.as_str()))
                .map(|s| (s.code.clone(), s.name.clone(), s.kind))
                .collect(),
        },
        summary: summary(d.score, a.kind, &a.report.summary),
        good_practices: d
            .findings
            .iter()
            .filter(|f| f.grade == Grade::GoodPractice)
            .map(|f| {
                let criteria = f.criterion_ids.join(", ");
                format!("{} ({criteria}): {}", f.reference, f.statement)
            })
            .collect(),
        findings,
        grade_definitions: grade_definitions(&d.programme.scoring.grade_definitions),
        indicators: indicators(d.score),
        by_group: d.score.by_group.clone(),
        by_attribute: d.score.by_attribute.clone(),
        sampling: a.report.sampling.clone(),
        sampling_caveat: SAMPLING_CAVEAT.to_string(),
        samples: d
            .sampling
            .iter()
            .map(|p| ReportSample {
                criterion_id: p.criterion_id.clone(),
                title: titles
                    .get(p.criterion_id.as_str())
                    .unwrap_or(&"")
                    .to_string(),
                population: p.population.clone(),
                population_size: p.population_size,
                method: p.method,
                sample_size: p.sample_size,
                derivation: p.derivation.clone(),
                seed: p.seed.clone(),
                selected: p.selected.clone(),
                examined: p.examined,
                deviations: p.deviations,
                notes: p.notes.clone(),
            })
            .collect(),
        evidence: d
            .evidence
            .iter()
            .map(|e| ReportEvidence {
                reference: e.reference.clone(),
                kind: e.kind,
                title: e.title.clone(),
                date: e.date.to_string(),
                source: e.source.clone(),
                criterion_ids: e.criterion_ids.clone(),
                findings: e
                    .finding_ids
                    .iter()
                    .filter_map(|id| d.findings.iter().find(|f| &f.id == id))
                    .map(|f| f.reference.clone())
                    .collect(),
                files: e
                    .files
                    .iter()
                    .map(|f| format!("{} (SHA-256 {})", f.name, f.sha256))
                    .collect(),
            })
            .collect(),
        not_covered: d
            .checklist
            .iter()
            .zip(&outcomes)
            .filter(|(_, o)| o.outcome == Outcome::NotAudited)
            .map(|(item, _)| NotCovered {
                criterion_id: item.criterion_id.clone(),
                title: item.title.clone(),
                reason: or_none_with(&item.notes, "No reason recorded.").to_string(),
                recorded: !item.notes.is_empty(),
            })
            .collect(),
        programme_implications: a.report.programme_implications.clone(),
        diverging_opinions: a.report.diverging_opinions.clone(),
        confidentiality: a.report.confidentiality.clone(),
        distribution: a.report.distribution.clone(),
        checklist: d
            .checklist
            .iter()
            .zip(outcomes)
            .map(|(item, o)| ChecklistLine {
                criterion_id: item.criterion_id.clone(),
                title: item.title.clone(),
                result: item.result,
                outcome: o.outcome,
                outcome_label: o.outcome.label().to_string(),
                notes: item.notes.clone(),
                findings: o.findings,
                assigned_to: conduct::assignee(&a.conduct, &item.criterion_id)
                    .map_or(String::new(), |m| m.name.clone()),
            })
            .collect(),
        conduct: conduct_part(a, d.findings),
    }
}

/// The planned team with roles, then the report form's names not among them.
fn team_members(a: &Audit) -> Vec<(String, Option<TeamRole>)> {
    let mut members: Vec<_> = a
        .conduct
        .team
        .iter()
        .map(|m| (m.name.clone(), Some(m.role)))
        .collect();
    for name in &a.report.team {
        if !a
            .conduct
            .team
            .iter()
            .any(|m| conduct::same_person(&m.name, name))
        {
            members.push((name.clone(), None));
        }
    }
    members
}

/// The planned team as "Name (role)", then the report form's names not among them.
fn team_lines(a: &Audit) -> Vec<String> {
    let mut lines: Vec<String> = a
        .conduct
        .team
        .iter()
        .map(|m| format!("{} ({})", m.name, m.role.label()))
        .collect();
    for name in &a.report.team {
        if !a
            .conduct
            .team
            .iter()
            .any(|m| conduct::same_person(&m.name, name))
        {
            lines.push(name.clone());
        }
    }
    lines
}

fn conduct_part(a: &Audit, findings: &[Finding]) -> ConductPart {
    let c = &a.conduct;
    let meeting = |m: &Option<Meeting>, kind: MeetingKind| {
        m.as_ref().map(|m| ReportMeeting {
            date: m.date.clone(),
            attendees: m.attendees.clone(),
            topics: m
                .topics
                .iter()
                .filter_map(|t| conduct::topics(kind).iter().find(|(key, _)| key == t))
                .map(|(_, label)| label.to_string())
                .collect(),
            notes: m.notes.clone(),
            topic_keys: m
                .topics
                .iter()
                .filter(|t| conduct::topics(kind).iter().any(|(key, _)| key == t))
                .cloned()
                .collect(),
            findings: m
                .findings
                .iter()
                .filter_map(|r| {
                    let f = findings.iter().find(|f| f.id == r.finding_id)?;
                    Some(ReportFindingResponse {
                        reference: f.reference.clone(),
                        acknowledged: r.acknowledged,
                        diverging_opinion: r.diverging_opinion.clone(),
                        resolution: r.resolution.clone(),
                    })
                })
                .collect(),
        })
    };
    ConductPart {
        initiation: c.initiation.clone(),
        feasibility: c.feasibility.clone(),
        team: c
            .team
            .iter()
            .map(|m| ReportTeamMember {
                name: m.name.clone(),
                role: m.role,
                role_label: m.role.label().to_string(),
                criteria: m.criteria.clone(),
            })
            .collect(),
        documents: c.documents.clone(),
        sessions: c.sessions.clone(),
        plan_acceptance: c.plan_acceptance.clone(),
        opening: meeting(&c.opening, MeetingKind::Opening),
        closing: meeting(&c.closing, MeetingKind::Closing),
        communications: c.communications.clone(),
        information_limits: c.information_limits.clone(),
    }
}
