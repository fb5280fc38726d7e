//! Conducting the audit (ISO 19011 6.2 to 6.4, as ISO/IEC 27007 applies them): the
//! initiation (client and auditee contacts, arrangements, feasibility), the team with
//! its roles and checklist assignments, the review of documented information, the
//! opening and closing meetings, the communication log and the limits met on the
//! information asked for. The audit plan's sessions are in [`super::sessions`].
//!
//! All of it is kept on the audit record (`Audit::conduct`), so one command writes one
//! record and an audit planned before this release reads with an empty conduct.

use super::sessions::{PlanAcceptance, PlanSession};
use super::{Audit, AuditChange, AuditRecords, AuditStatus, not_in_scope};
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG, SHORT};
use serde::{Deserialize, Serialize};

/// What is recorded while an audit is initiated, prepared and conducted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default)]
pub struct Conduct {
    pub initiation: Initiation,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub feasibility: Option<Feasibility>,
    /// The audit team; names are unique (ignoring case).
    pub team: Vec<TeamMember>,
    /// Documented information reviewed, by number.
    pub documents: Vec<DocumentReview>,
    /// The sessions of the audit plan, by number.
    pub sessions: Vec<PlanSession>,
    /// The auditee's acceptance of the plan; cleared when a session changes.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub plan_acceptance: Option<PlanAcceptance>,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub opening: Option<Meeting>,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub closing: Option<Meeting>,
    /// The communication log, in the order entered; entries are never changed.
    pub communications: Vec<Communication>,
    /// Information asked for and not obtained, by number.
    pub information_limits: Vec<InformationLimit>,
}

/// A person the audit deals with.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Contact {
    pub name: String,
    pub role: String,
    /// Telephone, e-mail or how else to reach them.
    pub contact: String,
}

/// Who asked for the audit and who is audited, and what was arranged with them
/// (ISO 19011 6.2.2, 6.2.3).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Initiation {
    pub client_contacts: Vec<Contact>,
    pub auditee_contacts: Vec<Contact>,
    /// Access to sites, systems, records and people.
    pub access: String,
    /// The confidentiality agreement (or why none is needed).
    pub confidentiality: String,
    /// Health, safety and security rules the team must follow.
    pub safety: String,
    pub language: String,
    /// What the client or auditee asked the audit to look at closely.
    pub areas_of_concern: String,
}

/// Whether the audit can be done as asked (ISO 19011 6.2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum FeasibilityVerdict {
    Feasible,
    FeasibleWithConditions,
    NotFeasible,
}

/// The feasibility as a command carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FeasibilityFields {
    pub verdict: FeasibilityVerdict,
    /// Why; the conditions, when feasible with conditions.
    #[serde(default)]
    pub reasons: String,
    /// What is proposed instead, when not feasible.
    #[serde(default)]
    pub alternative: String,
}

/// The recorded determination, with who made it and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Feasibility {
    pub verdict: FeasibilityVerdict,
    pub reasons: String,
    pub alternative: String,
    pub determined_by: String,
    /// RFC 3339.
    pub determined_at: String,
}

/// A role in the audit team (ISO 19011 5.5.4, 6.2.4, 6.4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum TeamRole {
    LeadAuditor,
    Auditor,
    AuditorInTraining,
    TechnicalExpert,
    Observer,
    Guide,
}

impl TeamRole {
    pub fn label(self) -> &'static str {
        match self {
            TeamRole::LeadAuditor => "lead auditor",
            TeamRole::Auditor => "auditor",
            TeamRole::AuditorInTraining => "auditor in training",
            TeamRole::TechnicalExpert => "technical expert",
            TeamRole::Observer => "observer",
            TeamRole::Guide => "guide",
        }
    }

    /// Lead auditors, auditors and auditors in training audit; technical experts,
    /// observers and guides accompany them and are assigned no checklist items.
    pub fn audits(self) -> bool {
        matches!(
            self,
            TeamRole::LeadAuditor | TeamRole::Auditor | TeamRole::AuditorInTraining
        )
    }
}

/// A member of the audit team with the checklist items assigned to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TeamMember {
    pub name: String,
    pub role: TeamRole,
    /// Criterion ids of the checklist items this member audits.
    #[serde(default)]
    pub criteria: Vec<String>,
    /// The member's auditor profile, when linked (see `competence::selection`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub auditor_id: Option<String>,
    /// Why the member may audit a unit or process they are tied to (impartiality).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub justification: String,
}

/// How adequate a reviewed document is for the audit criteria.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum Adequacy {
    Adequate,
    PartlyAdequate,
    Inadequate,
}

/// A reviewed piece of documented information (ISO 19011 6.3.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DocumentReviewFields {
    pub title: String,
    #[serde(default)]
    pub version: String,
    /// `YYYY-MM-DD` or empty.
    #[serde(default)]
    pub date: String,
    #[serde(default)]
    pub owner: String,
    pub adequacy: Adequacy,
    /// The gaps found; a partly adequate or inadequate document names them.
    #[serde(default)]
    pub gaps: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct DocumentReview {
    pub number: u32,
    pub document: DocumentReviewFields,
}

/// A meeting of the audit (ISO 19011 6.4.3 opening, 6.4.10 closing).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum MeetingKind {
    Opening,
    Closing,
}

/// Someone present at a meeting.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct Attendee {
    pub name: String,
    pub role: String,
    pub organisation: String,
}

/// How the auditee received one finding at the closing meeting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FindingResponse {
    pub finding_id: String,
    /// The auditee acknowledged the finding as presented.
    pub acknowledged: bool,
    #[serde(default)]
    pub diverging_opinion: String,
    /// How the divergence was resolved; empty while it is not.
    #[serde(default)]
    pub resolution: String,
}

/// A meeting as recorded (and as the command carries it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Meeting {
    /// `YYYY-MM-DD`.
    pub date: String,
    #[serde(default)]
    pub attendees: Vec<Attendee>,
    /// Keys of [`OPENING_TOPICS`] or [`CLOSING_TOPICS`] covered.
    #[serde(default)]
    pub topics: Vec<String>,
    #[serde(default)]
    pub notes: String,
    /// Closing meeting only: the findings presented, each once.
    #[serde(default)]
    pub findings: Vec<FindingResponse>,
}

/// What an opening meeting goes through, as (key, label). In the project's own words.
pub const OPENING_TOPICS: &[(&str, &str)] = &[
    (
        "plan_confirmed",
        "Audit plan agreed, including objectives, scope and criteria",
    ),
    ("team_introduced", "Team members and their roles introduced"),
    (
        "methods",
        "How evidence will be gathered, including sampling",
    ),
    ("grading", "How findings will be graded"),
    ("confidentiality", "Handling of confidential information"),
    ("communication", "Contacts and channels during the audit"),
    ("language", "Working language"),
    ("safety", "Safety, security and access arrangements"),
    ("guides", "Guides and observers and what they may do"),
    ("termination", "When the audit may be stopped early"),
    (
        "feedback",
        "How to raise concerns or complaints about the audit, and appeals",
    ),
    ("closing", "When and how the closing meeting takes place"),
];

/// What a closing meeting goes through, as (key, label).
pub const CLOSING_TOPICS: &[(&str, &str)] = &[
    (
        "findings_presented",
        "Findings presented so the auditee understands them",
    ),
    (
        "evidence_sampled",
        "Evidence was a sample and carries uncertainty",
    ),
    ("conclusion", "The audit conclusion"),
    ("diverging_opinions", "Diverging opinions discussed"),
    (
        "follow_up",
        "Corrections and corrective actions, and their timing",
    ),
    ("report", "How and when the report is issued, and to whom"),
    (
        "complaints",
        "How to raise concerns or complaints about the audit, and appeals",
    ),
];

pub fn topics(kind: MeetingKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        MeetingKind::Opening => OPENING_TOPICS,
        MeetingKind::Closing => CLOSING_TOPICS,
    }
}

/// One message of the communication log (ISO 19011 6.4.4).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommunicationFields {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub from: String,
    pub to: String,
    pub subject: String,
    /// Evidence of an immediate and significant risk was reported to the auditee (and
    /// the client as agreed) without waiting for the report.
    #[serde(default)]
    pub escalation: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Communication {
    pub number: u32,
    pub message: CommunicationFields,
    /// Who logged it (RFC 3339 time in `logged_at`).
    pub logged_by: String,
    pub logged_at: String,
}

/// Why information asked for was not obtained (ISO 19011 6.4.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum LimitKind {
    Refused,
    Unavailable,
    Confidential,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct InformationLimitFields {
    /// What was asked for.
    pub information: String,
    pub kind: LimitKind,
    /// What it means for the audit (e.g. a criterion that could not be verified).
    pub effect: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InformationLimit {
    pub number: u32,
    pub limit: InformationLimitFields,
}

/// The audit, if its conduct records may change: until it is completed.
pub(super) fn open(current: AuditRecords<'_>) -> Result<&Audit> {
    if current.audit.status == AuditStatus::Completed {
        return Err(Error::new(
            ErrorCode::InvalidStatus,
            "This audit is completed and its records are closed; reopen it to change them.",
        ));
    }
    Ok(current.audit)
}

/// `audit` with its conduct changed by `edit`.
pub(super) fn with_conduct(audit: &Audit, edit: impl FnOnce(&mut Conduct)) -> AuditChange {
    let mut audit = audit.clone();
    edit(&mut audit.conduct);
    AuditChange::audit(audit)
}

/// The next free number of a numbered list.
pub(super) fn next_number(numbers: impl Iterator<Item = u32>) -> u32 {
    numbers.max().unwrap_or(0) + 1
}

/// Replaces entry `number` (which must exist) or appends a new one.
pub(super) fn upsert<T>(
    list: &mut Vec<T>,
    number: Option<u32>,
    number_of: impl Fn(&T) -> u32,
    make: impl FnOnce(u32) -> T,
    what: &str,
) -> Result<()> {
    match number {
        Some(n) => {
            let slot = list
                .iter_mut()
                .find(|e| number_of(e) == n)
                .ok_or_else(|| Error::not_found(what, &n.to_string()))?;
            *slot = make(n);
        }
        None => {
            let n = next_number(list.iter().map(&number_of));
            list.push(make(n));
        }
    }
    Ok(())
}

fn contacts(field: &str, list: &[Contact]) -> Result<Vec<Contact>> {
    let mut out = Vec::new();
    for (i, c) in list.iter().enumerate() {
        let at = |name: &str| format!("{field}[{i}].{name}");
        let contact = Contact {
            name: text::optional(&at("name"), "Contact name", &c.name, SHORT)?,
            role: text::optional(&at("role"), "Contact role", &c.role, SHORT)?,
            contact: text::optional(&at("contact"), "Contact details", &c.contact, SHORT)?,
        };
        if contact == Contact::default() {
            continue;
        }
        if contact.name.is_empty() {
            return Err(Error::on_field(
                ErrorCode::Required,
                &at("name"),
                "Each contact needs a name; fill it in or clear the row.",
            ));
        }
        out.push(contact);
    }
    Ok(out)
}

/// Sets the contacts and arrangements of the audit.
pub fn set_initiation(current: AuditRecords, initiation: &Initiation) -> Result<AuditChange> {
    let audit = open(current)?;
    let long = |field: &str, label: &str, value: &str| text::optional(field, label, value, LONG);
    let valid = Initiation {
        client_contacts: contacts("clientContacts", &initiation.client_contacts)?,
        auditee_contacts: contacts("auditeeContacts", &initiation.auditee_contacts)?,
        access: long("access", "Access arrangements", &initiation.access)?,
        confidentiality: long(
            "confidentiality",
            "Confidentiality agreement",
            &initiation.confidentiality,
        )?,
        safety: long("safety", "Safety and security rules", &initiation.safety)?,
        language: text::optional("language", "Language", &initiation.language, SHORT)?,
        areas_of_concern: long(
            "areasOfConcern",
            "Areas of concern",
            &initiation.areas_of_concern,
        )?,
    };
    Ok(with_conduct(audit, |c| c.initiation = valid))
}

/// Records whether the audit is feasible. Anything but plainly feasible says why.
pub fn set_feasibility(
    current: AuditRecords,
    fields: &FeasibilityFields,
    actor: &str,
    at: &str,
) -> Result<AuditChange> {
    let audit = open(current)?;
    let reasons = text::optional("reasons", "Reasons", &fields.reasons, LONG)?;
    let alternative = text::optional("alternative", "Alternative", &fields.alternative, LONG)?;
    if reasons.is_empty() && fields.verdict != FeasibilityVerdict::Feasible {
        return Err(Error::on_field(
            ErrorCode::Required,
            "reasons",
            match fields.verdict {
                FeasibilityVerdict::FeasibleWithConditions => {
                    "Write the conditions under which the audit is feasible."
                }
                _ => "Write why the audit is not feasible.",
            },
        ));
    }
    if audit.status != AuditStatus::Planned && fields.verdict == FeasibilityVerdict::NotFeasible {
        return Err(Error::on_field(
            ErrorCode::InvalidStatus,
            "verdict",
            "This audit has started; record why it cannot go on in the communication log instead.",
        ));
    }
    let feasibility = Feasibility {
        verdict: fields.verdict,
        reasons,
        alternative,
        determined_by: actor.to_string(),
        determined_at: at.to_string(),
    };
    Ok(with_conduct(audit, |c| c.feasibility = Some(feasibility)))
}

/// The error for starting an audit whose feasibility does not allow it, if any.
pub fn start_blocker(audit: &Audit) -> Option<Error> {
    let message = match audit.conduct.feasibility.as_ref().map(|f| f.verdict) {
        None => {
            "The feasibility of this audit is undetermined; record it (Conduct, Initiation) before starting."
        }
        Some(FeasibilityVerdict::NotFeasible) => {
            "This audit is recorded as not feasible; record it as feasible (with the conditions, if any) before starting."
        }
        Some(_) => return None,
    };
    Some(Error::on_field(
        ErrorCode::InvalidStatus,
        "feasibility",
        message,
    ))
}

/// Sets the audit team. Names are unique; one lead auditor at most; only members who
/// audit get checklist items, which must be the audit's; a member planned in a session
/// stays in the team.
pub fn set_team(current: AuditRecords, team: &[TeamMember]) -> Result<AuditChange> {
    let audit = open(current)?;
    let mut valid: Vec<TeamMember> = Vec::new();
    for (i, m) in team.iter().enumerate() {
        let at = |name: &str| format!("team[{i}].{name}");
        let name = text::required(&at("name"), "Team member's name", &m.name, SHORT)?;
        if valid.iter().any(|v| same_person(&v.name, &name)) {
            return Err(Error::on_field(
                ErrorCode::Duplicate,
                &at("name"),
                format!("\"{name}\" is in the team twice; keep one row per person."),
            ));
        }
        if m.role == TeamRole::LeadAuditor && valid.iter().any(|v| v.role == TeamRole::LeadAuditor)
        {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                &at("role"),
                "The team has one lead auditor; give the others another role.",
            ));
        }
        let criteria = text::list(&at("criteria"), "Criterion", &m.criteria)?;
        if let Some(c) = criteria.iter().find(|c| !audit.criteria.contains(c)) {
            return Err(Error {
                field: Some(at("criteria")),
                ..not_in_scope(c)
            });
        }
        if !criteria.is_empty() && !m.role.audits() {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                &at("criteria"),
                format!(
                    "{name} is a {} and audits no checklist items; assign them to an auditor.",
                    m.role.label()
                ),
            ));
        }
        valid.push(TeamMember {
            name,
            role: m.role,
            criteria,
            auditor_id: m.auditor_id.clone(),
            justification: m.justification.clone(),
        });
    }
    for session in &audit.conduct.sessions {
        if let Some(person) = session
            .auditors
            .iter()
            .find(|p| !valid.iter().any(|v| same_person(&v.name, p)))
        {
            return Err(Error::on_field(
                ErrorCode::InUse,
                "team",
                format!(
                    "{person} is planned in session {} ({}); take them out of it before removing them from the team.",
                    session.number,
                    text::excerpt(&session.activity)
                ),
            ));
        }
    }
    Ok(with_conduct(audit, |c| c.team = valid))
}

/// Names compare trimmed and ignoring case ("A. Auditor" is "a. auditor").
pub fn same_person(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// The team member a checklist item of `criterion_id` is assigned to, if any.
pub fn assignee<'a>(conduct: &'a Conduct, criterion_id: &str) -> Option<&'a TeamMember> {
    conduct
        .team
        .iter()
        .find(|m| m.criteria.iter().any(|c| c == criterion_id))
}

/// Adds a document review (no number) or replaces review `number`.
pub fn set_document_review(
    current: AuditRecords,
    number: Option<u32>,
    fields: &DocumentReviewFields,
) -> Result<AuditChange> {
    let audit = open(current)?;
    let date = text::optional("date", "Document date", &fields.date, SHORT)?;
    if !date.is_empty() {
        text::date("date", "Document date", &date)?;
    }
    let gaps = text::optional("gaps", "Gaps found", &fields.gaps, LONG)?;
    if gaps.is_empty() && fields.adequacy != Adequacy::Adequate {
        return Err(Error::on_field(
            ErrorCode::Required,
            "gaps",
            "A document that is not fully adequate names its gaps; write them.",
        ));
    }
    let valid = DocumentReviewFields {
        title: text::required("title", "Document title", &fields.title, SHORT)?,
        version: text::optional("version", "Version", &fields.version, SHORT)?,
        date,
        owner: text::optional("owner", "Owner", &fields.owner, SHORT)?,
        adequacy: fields.adequacy,
        gaps,
    };
    let mut conduct = audit.conduct.clone();
    upsert(
        &mut conduct.documents,
        number,
        |d| d.number,
        |number| DocumentReview {
            number,
            document: valid,
        },
        "document review",
    )?;
    Ok(with_conduct(audit, |c| *c = conduct))
}

pub fn delete_document_review(current: AuditRecords, number: u32) -> Result<AuditChange> {
    let audit = open(current)?;
    if !audit.conduct.documents.iter().any(|d| d.number == number) {
        return Err(Error::not_found("document review", &number.to_string()));
    }
    Ok(with_conduct(audit, |c| {
        c.documents.retain(|d| d.number != number)
    }))
}

fn attendees(list: &[Attendee]) -> Result<Vec<Attendee>> {
    let mut out = Vec::new();
    for (i, a) in list.iter().enumerate() {
        let at = |name: &str| format!("attendees[{i}].{name}");
        let attendee = Attendee {
            name: text::optional(&at("name"), "Attendee's name", &a.name, SHORT)?,
            role: text::optional(&at("role"), "Attendee's role", &a.role, SHORT)?,
            organisation: text::optional(
                &at("organisation"),
                "Organisation",
                &a.organisation,
                SHORT,
            )?,
        };
        if attendee == Attendee::default() {
            continue;
        }
        if attendee.name.is_empty() {
            return Err(Error::on_field(
                ErrorCode::Required,
                &at("name"),
                "Each attendee needs a name; fill it in or clear the row.",
            ));
        }
        out.push(attendee);
    }
    Ok(out)
}

/// Records the opening or closing meeting (replacing an earlier record of it). Topics
/// come from the meeting's list; findings presented, at the closing meeting only, are the
/// audit's, each once.
pub fn set_meeting(
    current: AuditRecords,
    kind: MeetingKind,
    meeting: &Meeting,
) -> Result<AuditChange> {
    let audit = open(current)?;
    text::date("date", "Meeting date", &meeting.date)?;
    let known = topics(kind);
    let mut topics_covered = Vec::new();
    for t in &meeting.topics {
        if !known.iter().any(|(key, _)| key == t) {
            return Err(Error::on_field(
                ErrorCode::InvalidValue,
                "topics",
                format!(
                    "\"{}\" is not a topic of this meeting; pick from the list.",
                    text::excerpt(t)
                ),
            ));
        }
        if !topics_covered.contains(t) {
            topics_covered.push(t.clone());
        }
    }
    // Kept in the list's order, so the same topics always read (and hash) the same.
    topics_covered.sort_by_key(|t| known.iter().position(|(key, _)| key == t));
    if kind == MeetingKind::Opening && !meeting.findings.is_empty() {
        return Err(Error::on_field(
            ErrorCode::InvalidValue,
            "findings",
            "Findings are presented at the closing meeting, not the opening one.",
        ));
    }
    let mut findings: Vec<FindingResponse> = Vec::new();
    for (i, r) in meeting.findings.iter().enumerate() {
        let at = |name: &str| format!("findings[{i}].{name}");
        if !current.findings.iter().any(|f| f.id == r.finding_id) {
            return Err(Error::on_field(
                ErrorCode::NotFound,
                &at("findingId"),
                format!(
                    "Finding \"{}\" is not one of this audit's; pick from its findings.",
                    text::excerpt(&r.finding_id)
                ),
            ));
        }
        if findings.iter().any(|f| f.finding_id == r.finding_id) {
            return Err(Error::on_field(
                ErrorCode::Duplicate,
                &at("findingId"),
                "This finding is listed twice; keep one row for it.",
            ));
        }
        let diverging_opinion = text::optional(
            &at("divergingOpinion"),
            "Diverging opinion",
            &r.diverging_opinion,
            LONG,
        )?;
        let resolution = text::optional(&at("resolution"), "Resolution", &r.resolution, LONG)?;
        if diverging_opinion.is_empty() && !resolution.is_empty() {
            return Err(Error::on_field(
                ErrorCode::Required,
                &at("divergingOpinion"),
                "A resolution answers a diverging opinion; write the opinion, or clear the resolution.",
            ));
        }
        findings.push(FindingResponse {
            finding_id: r.finding_id.clone(),
            acknowledged: r.acknowledged,
            diverging_opinion,
            resolution,
        });
    }
    let valid = Meeting {
        date: meeting.date.trim().to_string(),
        attendees: attendees(&meeting.attendees)?,
        topics: topics_covered,
        notes: text::optional("notes", "Notes", &meeting.notes, LONG)?,
        findings,
    };
    Ok(with_conduct(audit, |c| match kind {
        MeetingKind::Opening => c.opening = Some(valid),
        MeetingKind::Closing => c.closing = Some(valid),
    }))
}

/// Appends a message to the communication log.
pub fn log_communication(
    current: AuditRecords,
    fields: &CommunicationFields,
    actor: &str,
    at: &str,
) -> Result<AuditChange> {
    let audit = open(current)?;
    text::date("date", "Date", &fields.date)?;
    let valid = CommunicationFields {
        date: fields.date.trim().to_string(),
        from: text::required("from", "From", &fields.from, SHORT)?,
        to: text::required("to", "To", &fields.to, SHORT)?,
        subject: text::required("subject", "Subject", &fields.subject, LONG)?,
        escalation: fields.escalation,
    };
    let number = next_number(audit.conduct.communications.iter().map(|c| c.number));
    Ok(with_conduct(audit, |c| {
        c.communications.push(Communication {
            number,
            message: valid,
            logged_by: actor.to_string(),
            logged_at: at.to_string(),
        })
    }))
}

/// Records information not obtained (no number) or changes record `number`.
pub fn set_information_limit(
    current: AuditRecords,
    number: Option<u32>,
    fields: &InformationLimitFields,
) -> Result<AuditChange> {
    let audit = open(current)?;
    let valid = InformationLimitFields {
        information: text::required(
            "information",
            "Information asked for",
            &fields.information,
            LONG,
        )?,
        kind: fields.kind,
        effect: text::required("effect", "Effect on the audit", &fields.effect, LONG)?,
    };
    let mut conduct = audit.conduct.clone();
    upsert(
        &mut conduct.information_limits,
        number,
        |l| l.number,
        |number| InformationLimit {
            number,
            limit: valid,
        },
        "information limit",
    )?;
    Ok(with_conduct(audit, |c| *c = conduct))
}

/// Drops team assignments and session criteria that are no longer the audit's (after
/// its criteria changed while planned).
pub(super) fn keep_criteria(conduct: &mut Conduct, criteria: &[String]) {
    for m in &mut conduct.team {
        m.criteria.retain(|c| criteria.contains(c));
    }
    for s in &mut conduct.sessions {
        s.criteria.retain(|c| criteria.contains(c));
    }
}
