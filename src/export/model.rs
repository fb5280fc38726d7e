//! What the office writers read: the engine's report JSON (docs/report-schema.md) and
//! the registers the page gathers beside it. Only the fields the files show are read;
//! unknown fields are ignored, so that sections added to the report later (the audit
//! plan, evidence, sampling) can be read here when a writer needs them.

pub use crate::messages::Messages;
use serde::Deserialize;

/// The message `key` of `m`, or `english` when the page sent none (an older page, or a
/// test's fixture).
pub fn word<'a>(m: &'a Messages, key: &'a str, english: &'a str) -> &'a str {
    match m.t(key) {
        found if found == key => english,
        found => found,
    }
}

/// The words of an action's status (proposed, ..., closed) or a control's
/// implementation (not_implemented, ..., implemented), as the register shows them.
pub fn status_word(m: &Messages, prefix: &str, value: &str) -> String {
    const KEYS: [&str; 9] = [
        "report.action.proposed",
        "report.action.accepted",
        "report.action.implemented",
        "report.action.verified_effective",
        "report.action.closed",
        "report.implementation.not_implemented",
        "report.implementation.planned",
        "report.implementation.partially_implemented",
        "report.implementation.implemented",
    ];
    let english = value.replace('_', " ");
    let key = KEYS
        .iter()
        .find(|k| k.strip_prefix(prefix) == Some(value))
        .copied()
        .unwrap_or("");
    word(m, key, &english).to_string()
}

/// "likelihood 4 x impact 5" of the report JSON in the words of `m`.
pub fn risk_basis(m: &Messages, basis: &str) -> String {
    let numbers: Vec<&str> = basis
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .collect();
    match numbers[..] {
        [l, i] if m.t("report.risk.basis") != "report.risk.basis" => {
            m.tf("report.risk.basis", &[("likelihood", &l), ("impact", &i)])
        }
        _ => basis.to_string(),
    }
}

/// The sentences the engine writes in English into the report JSON from its own values
/// (the sampling caveat, the ISMS's effectiveness, the objectives, the meeting topics, a
/// criterion not covered without a reason), with their keys. The JSON keeps them in English in every language,
/// so that its fingerprint does not depend on the page's; the files word them here.
const ENGINE_SENTENCES: [(&str, &str); 26] = [
    (
        "report.sampling.caveat",
        "An audit examines a sample of the available information in a limited time, so the evidence may not be fully representative of the whole ISMS; nonconformities may exist where none were found.",
    ),
    (
        "report.effectiveness.effective",
        "The ISMS is effectively implemented and maintained.",
    ),
    (
        "report.effectiveness.partly_effective",
        "The ISMS is implemented and maintained, but not effectively in every part audited.",
    ),
    (
        "report.effectiveness.not_effective",
        "The ISMS is not effectively implemented and maintained.",
    ),
    (
        "report.objectives.achieved",
        "The audit objectives were achieved.",
    ),
    (
        "report.objectives.not_achieved",
        "The audit objectives were not fully achieved.",
    ),
    ("report.not_covered.no_reason", "No reason recorded."),
    (
        "report.topic.plan_confirmed",
        "Audit plan agreed, including objectives, scope and criteria",
    ),
    (
        "report.topic.team_introduced",
        "Team members and their roles introduced",
    ),
    (
        "report.topic.methods",
        "How evidence will be gathered, including sampling",
    ),
    ("report.topic.grading", "How findings will be graded"),
    (
        "report.topic.confidentiality",
        "Handling of confidential information",
    ),
    (
        "report.topic.communication",
        "Contacts and channels during the audit",
    ),
    ("report.topic.language", "Working language"),
    (
        "report.topic.safety",
        "Safety, security and access arrangements",
    ),
    (
        "report.topic.guides",
        "Guides and observers and what they may do",
    ),
    (
        "report.topic.termination",
        "When the audit may be stopped early",
    ),
    (
        "report.topic.feedback",
        "How to raise concerns or complaints about the audit, and appeals",
    ),
    (
        "report.topic.closing",
        "When and how the closing meeting takes place",
    ),
    (
        "report.topic.findings_presented",
        "Findings presented so the auditee understands them",
    ),
    (
        "report.topic.evidence_sampled",
        "Evidence was a sample and carries uncertainty",
    ),
    ("report.topic.conclusion", "The audit conclusion"),
    (
        "report.topic.diverging_opinions",
        "Diverging opinions discussed",
    ),
    (
        "report.topic.follow_up",
        "Corrections and corrective actions, and their timing",
    ),
    (
        "report.topic.report",
        "How and when the report is issued, and to whom",
    ),
    (
        "report.topic.complaints",
        "How to raise concerns or complaints about the audit, and appeals",
    ),
];

/// One of the engine's English sentences of the report JSON (see `ENGINE_SENTENCES`) in
/// the words of `m`; any other text (the auditor's own) as it is.
pub fn engine_sentence(m: &Messages, text: &str) -> String {
    ENGINE_SENTENCES
        .iter()
        .find(|(_, english)| *english == text)
        .map_or(text, |(key, _)| word(m, key, text))
        .to_string()
}

/// The conclusion rule's reason, which the report JSON gives in English ("2 criteria with
/// a major nonconformity."), in the words of `m`; an unknown text as it is.
pub fn rule_words(m: &Messages, rule: &str) -> String {
    let key = if rule.starts_with("no criterion has been audited") {
        "report.rule.nothing_audited"
    } else if rule.ends_with(" with a major nonconformity.") {
        "report.rule.major"
    } else if rule.contains(" in scope not yet audited,") {
        "report.rule.unexplained"
    } else if rule.starts_with("no major nonconformity;") {
        "report.rule.minor"
    } else if rule.ends_with(" audited, no nonconformity.") {
        "report.rule.fulfilled"
    } else {
        return rule.to_string();
    };
    let n: u32 = rule
        .split(|c: char| !c.is_ascii_digit())
        .find(|s| !s.is_empty())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    if m.t(key) == key {
        return rule.to_string();
    }
    m.tf(key, &[("n", &n)])
}

/// The verdict's statement as an audit of `kind` words it (the key of the engine's
/// `labels::verdict`), or `english` for a model without the verdict.
pub fn verdict_words(m: &Messages, verdict: &str, kind: &str, english: &str) -> String {
    let key = match (kind, verdict) {
        (_, "" | "not_determined" | "partially_audited") | ("internal", _) => {
            format!("report.verdict.{verdict}")
        }
        (kind, verdict) => format!("report.verdict.{kind}.{verdict}"),
    };
    word(m, &key, english).to_string()
}

/// One audit's exports: the report model and the registers that go beside it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditExport {
    pub report: Report,
    /// The audit's corrective actions (the action register's rows for this audit).
    #[serde(default)]
    pub actions: Vec<ActionRow>,
    /// The SoA the audit's criteria come from, with each control's title.
    #[serde(default)]
    pub soa: Option<SoaRegister>,
    /// "Internal", "Confidential", ...: printed in every page header.
    #[serde(default)]
    pub classification: String,
    /// The charts of the internal indicators, as PNG images the page drew.
    #[serde(default)]
    pub charts: Vec<Chart>,
    /// The workspace's name: with the record ids, it makes the OSCAL UUIDs.
    #[serde(default)]
    pub workspace: String,
    /// The `report.*` messages of the page's language; English where one is missing.
    #[serde(default)]
    pub messages: Messages,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub generated_at: String,
    #[serde(default)]
    pub generated_by: String,
    pub issue: Issue,
    #[serde(default)]
    pub programme: String,
    pub audit: AuditPart,
    pub criteria: CriteriaPart,
    pub summary: SummaryPart,
    #[serde(default)]
    pub findings: Vec<Finding>,
    #[serde(default)]
    pub good_practices: Vec<String>,
    #[serde(default)]
    pub grade_definitions: Vec<GradeDefinition>,
    pub indicators: Indicators,
    #[serde(default)]
    pub sampling: String,
    #[serde(default)]
    pub sampling_caveat: String,
    #[serde(default)]
    pub not_covered: Vec<NotCovered>,
    #[serde(default)]
    pub programme_implications: String,
    #[serde(default)]
    pub diverging_opinions: String,
    #[serde(default)]
    pub confidentiality: String,
    #[serde(default)]
    pub distribution: Vec<String>,
    #[serde(default)]
    pub checklist: Vec<ChecklistLine>,
    /// The audit's marking (schema 4); older reports have none.
    #[serde(default)]
    pub classification: String,
    /// The sampling plans (schema 3).
    #[serde(default)]
    pub samples: Vec<Sample>,
    /// The evidence register (schema 3).
    #[serde(default)]
    pub evidence: Vec<EvidenceEntry>,
    /// How the audit was initiated, prepared and conducted (schema 3).
    #[serde(default)]
    pub conduct: Conduct,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sample {
    pub criterion_id: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub population: String,
    pub population_size: u32,
    /// "judgement" or "statistical".
    pub method: String,
    pub sample_size: u32,
    #[serde(default)]
    pub derivation: String,
    /// Empty when no random selection was made.
    #[serde(default)]
    pub seed: String,
    #[serde(default)]
    pub selected: Vec<u32>,
    #[serde(default)]
    pub examined: u32,
    #[serde(default)]
    pub deviations: u32,
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceEntry {
    pub reference: String,
    /// document, record, interview, observation, ...
    pub kind: String,
    pub title: String,
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub source: String,
    #[serde(default)]
    pub criterion_ids: Vec<String>,
    /// The references of the findings it supports.
    #[serde(default)]
    pub findings: Vec<String>,
    /// "name (SHA-256 …)" per attached file.
    #[serde(default)]
    pub files: Vec<String>,
}

/// The conduct records as the report JSON carries them (`conduct`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Conduct {
    pub initiation: Initiation,
    pub feasibility: Option<Feasibility>,
    pub team: Vec<TeamMember>,
    pub documents: Vec<DocumentReview>,
    pub sessions: Vec<Session>,
    pub plan_acceptance: Option<PlanAcceptance>,
    pub opening: Option<Meeting>,
    pub closing: Option<Meeting>,
    pub communications: Vec<Communication>,
    pub information_limits: Vec<InformationLimit>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Initiation {
    pub client_contacts: Vec<Contact>,
    pub auditee_contacts: Vec<Contact>,
    pub access: String,
    pub confidentiality: String,
    pub safety: String,
    pub language: String,
    pub areas_of_concern: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Contact {
    pub name: String,
    pub role: String,
    pub contact: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Feasibility {
    /// feasible, feasible_with_conditions, not_feasible.
    pub verdict: String,
    pub reasons: String,
    pub alternative: String,
    pub determined_by: String,
    pub determined_at: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct TeamMember {
    pub name: String,
    /// lead_auditor, auditor, auditor_in_training, technical_expert, observer, guide.
    pub role: String,
    pub role_label: String,
    pub criteria: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct DocumentReview {
    pub number: u32,
    pub document: ReviewedDocument,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct ReviewedDocument {
    pub title: String,
    pub version: String,
    pub date: String,
    pub owner: String,
    /// adequate, partly_adequate, inadequate.
    pub adequacy: String,
    pub gaps: String,
}

/// One session of the audit plan's agenda.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Session {
    pub number: u32,
    pub activity: String,
    pub date: String,
    /// HH:MM.
    pub start: String,
    pub end: String,
    pub place: String,
    /// on_site_with_interaction, remote_without_interaction, ...
    pub method: String,
    pub auditees: Vec<String>,
    pub criteria: Vec<String>,
    pub auditors: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PlanAcceptance {
    pub accepted_by: String,
    pub date: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Meeting {
    pub date: String,
    pub attendees: Vec<Attendee>,
    /// The topics covered, in words.
    pub topics: Vec<String>,
    pub notes: String,
    /// Closing meeting: how the auditee received each finding presented.
    pub findings: Vec<FindingResponse>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Attendee {
    pub name: String,
    pub role: String,
    pub organisation: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FindingResponse {
    pub reference: String,
    pub acknowledged: bool,
    pub diverging_opinion: String,
    pub resolution: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Communication {
    pub number: u32,
    pub message: Message,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Message {
    pub date: String,
    pub from: String,
    pub to: String,
    pub subject: String,
    pub escalation: bool,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct InformationLimit {
    pub number: u32,
    pub limit: Limit,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(default)]
pub struct Limit {
    pub information: String,
    /// refused, unavailable, confidential.
    pub kind: String,
    pub effect: String,
}

/// "on_site_with_interaction" -> "on site with interaction": the enum values of the
/// report JSON in words, for the files that show them.
pub fn words(key: &str) -> String {
    key.replace('_', " ")
}

#[derive(Debug, Clone, Deserialize)]
pub struct Issue {
    /// "draft" or "issued".
    pub state: String,
    pub version: Option<u32>,
}

impl Issue {
    pub fn is_draft(&self) -> bool {
        self.state != "issued"
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditPart {
    pub id: String,
    pub title: String,
    /// internal, supplier, external (empty in a model from before it was read here).
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub kind_label: String,
    #[serde(default)]
    pub auditee: String,
    #[serde(default)]
    pub client: String,
    #[serde(default)]
    pub objectives: String,
    #[serde(default)]
    pub units: Vec<String>,
    #[serde(default)]
    pub processes: Vec<String>,
    #[serde(default)]
    pub locations: Vec<String>,
    #[serde(default)]
    pub audit_locations: String,
    #[serde(default)]
    pub planned_start: String,
    #[serde(default)]
    pub planned_end: String,
    #[serde(default)]
    pub actual_start: Option<String>,
    #[serde(default)]
    pub actual_end: Option<String>,
    #[serde(default)]
    pub lead_auditor: String,
    #[serde(default)]
    pub team: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CriteriaPart {
    #[serde(default)]
    pub edition: String,
    #[serde(default)]
    pub criteria_count: u32,
    pub soa: Option<String>,
    #[serde(default)]
    pub custom_sets: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryPart {
    #[serde(default)]
    pub text: String,
    /// fulfilled, fulfilled_with_nonconformities, not_fulfilled, not_determined,
    /// partially_audited.
    #[serde(default)]
    pub verdict: String,
    #[serde(default)]
    pub statement: String,
    #[serde(default)]
    pub rule: String,
    pub effectiveness: Option<String>,
    pub objectives_achieved: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub reference: String,
    pub grade: String,
    pub grade_label: String,
    #[serde(default)]
    pub criteria: Vec<Criterion>,
    #[serde(default)]
    pub statement: String,
    #[serde(default)]
    pub evidence: String,
    #[serde(default)]
    pub date: String,
    pub risk: Option<String>,
    pub risk_basis: Option<String>,
    #[serde(default)]
    pub groups: Vec<String>,
}

impl Finding {
    /// "A.8.13 Information backup; POL:PW-1 ...", the main criterion first.
    pub fn criteria_text(&self) -> String {
        self.criteria
            .iter()
            .map(|c| format!("{} {}", c.id, c.title).trim_end().to_string())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Criterion {
    pub id: String,
    #[serde(default)]
    pub title: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GradeDefinition {
    #[serde(default)]
    pub grade: String,
    pub label: String,
    pub definition: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Indicators {
    pub coverage: String,
    pub conformity: String,
    pub nonconformity_index: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotCovered {
    pub criterion_id: String,
    pub title: String,
    pub reason: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChecklistLine {
    pub criterion_id: String,
    pub title: String,
    /// not_audited, conforming, nonconforming, not_applicable.
    pub result: String,
    /// major_nonconformity, conforming, not_audited, ...
    #[serde(default)]
    pub outcome: String,
    pub outcome_label: String,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub findings: Vec<String>,
}

/// A row of the engine's action register (`ActionRow`).
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionRow {
    pub finding_reference: String,
    pub grade: String,
    #[serde(default)]
    pub criterion_id: String,
    #[serde(default)]
    pub statement: String,
    pub action: Action,
    #[serde(default)]
    pub overdue: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Action {
    pub number: u32,
    pub description: String,
    pub owner: String,
    /// YYYY-MM-DD.
    pub due: String,
    /// proposed, accepted, implemented, verified_effective, closed, ...
    pub status: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SoaRegister {
    pub name: String,
    pub entries: Vec<SoaRow>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SoaRow {
    pub control_id: String,
    #[serde(default)]
    pub title: String,
    /// None: not assessed.
    pub applicable: Option<bool>,
    #[serde(default)]
    pub justification: String,
    /// planned, partial, implemented, ... or empty.
    #[serde(default)]
    pub implementation: String,
    #[serde(default)]
    pub documents: String,
}

/// A chart drawn by the page, as PNG, with its size in pixels.
#[derive(Debug, Clone, Deserialize)]
pub struct Chart {
    pub title: String,
    /// The PNG file, base64.
    pub png: String,
    pub width: u32,
    pub height: u32,
}

/// A programme's report: the programme and its audits, as the page's views give them.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeExport {
    pub name: String,
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub objectives: Vec<String>,
    #[serde(default)]
    pub period: String,
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub classification: String,
    pub generated_at: String,
    #[serde(default)]
    pub audits: Vec<ProgrammeAudit>,
    /// Monitoring figures as label/value pairs ("Audits completed", "3 of 5").
    #[serde(default)]
    pub figures: Vec<(String, String)>,
    #[serde(default)]
    pub actions: Vec<ActionRow>,
    /// Auditors' evaluations due, certifications expiring and CPD short (the engine's
    /// competence reminders).
    #[serde(default)]
    pub competence: Vec<CompetenceDue>,
    /// The `report.*` messages of the page's language; English where one is missing.
    #[serde(default)]
    pub messages: Messages,
}

/// One competence reminder as the programme report lists it.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompetenceDue {
    pub name: String,
    pub what: String,
    #[serde(default)]
    pub due: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeAudit {
    pub title: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub planned_start: String,
    #[serde(default)]
    pub planned_end: String,
    #[serde(default)]
    pub lead_auditor: String,
}
