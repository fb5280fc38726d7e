//! Commands: every change a user can make, in the JSON form the page sends.

use crate::audit::conclusion::Statements;
use crate::audit::conduct::{
    CommunicationFields, DocumentReviewFields, FeasibilityFields, InformationLimitFields,
    Initiation, Meeting, MeetingKind, TeamMember,
};
use crate::audit::followup::{ActionFields, ActionStep, CauseFields};
use crate::audit::sessions::SessionFields;
use crate::audit::{
    Acknowledgement, AuditFields, AuditStatus, FindingFields, ItemResult, ReportDetails, Verdict,
};
use crate::audit::{EvidenceFields, FileFields, SamplingFields};
use crate::backup::merge::MergeChoice;
use crate::backup::package::{AuditSet, PackageOrigin, ResultPackage};
use crate::catalog::custom::{CriteriaSetFields, CustomCriterion, ImportFormat};
use crate::competence::cpd::CpdEntry;
use crate::competence::{CompetenceSettings, EvaluationFields, Profile};
use crate::import::ImportTable;
use crate::programme::coverage::{Planned, Rating};
use crate::programme::monitoring::Feedback;
use crate::programme::review::ReviewFields;
use crate::programme::risks::RiskFields;
use crate::programme::time::TimeInputs;
use crate::programme::{ProgrammeFields, via_json};
use crate::report::version::ReceiptFields;
use crate::scoring::ScoringSettings;
use crate::soa::{SoaEntry, SoaFields};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(tag = "type", rename_all = "camelCase", deny_unknown_fields)]
pub enum Command {
    CreateProgramme {
        programme: ProgrammeFields,
    },
    #[serde(rename_all = "camelCase")]
    UpdateProgramme {
        programme_id: String,
        programme: ProgrammeFields,
    },
    #[serde(rename_all = "camelCase")]
    CreateAudit {
        programme_id: String,
        audit: AuditFields,
    },
    /// Changes the plan; the criteria can change only while the audit is planned.
    #[serde(rename_all = "camelCase")]
    UpdateAudit {
        audit_id: String,
        audit: AuditFields,
    },
    /// Starts, completes or reopens an audit. Completing needs an issued report, every
    /// nonconforming item graded and a current conclusion, or each unmet condition
    /// acknowledged with a reason; reopening needs a reason.
    #[serde(rename_all = "camelCase")]
    SetAuditStatus {
        audit_id: String,
        status: AuditStatus,
        #[serde(default)]
        #[cfg_attr(target_arch = "wasm32", tsify(optional))]
        acknowledgements: Vec<Acknowledgement>,
        #[serde(default)]
        #[cfg_attr(target_arch = "wasm32", tsify(optional))]
        reason: String,
    },
    /// Sets the result and notes of one checklist item.
    #[serde(rename_all = "camelCase")]
    RecordResult {
        audit_id: String,
        criterion_id: String,
        result: ItemResult,
        #[serde(default)]
        notes: String,
    },
    #[serde(rename_all = "camelCase")]
    AddFinding {
        audit_id: String,
        finding: FindingFields,
    },
    #[serde(rename_all = "camelCase")]
    UpdateFinding {
        finding_id: String,
        finding: FindingFields,
    },
    #[serde(rename_all = "camelCase")]
    DeleteFinding {
        finding_id: String,
    },
    /// Sets the finding weights and conclusion rule of a programme's audits.
    #[serde(rename_all = "camelCase")]
    SetScoringSettings {
        programme_id: String,
        settings: ScoringSettings,
    },
    /// Confirms the computed conclusion, or overrides it with a reason, with the
    /// statements on effectiveness and on the audit objectives.
    #[serde(rename_all = "camelCase")]
    ConfirmConclusion {
        audit_id: String,
        verdict: Verdict,
        #[serde(default)]
        reason: String,
        #[serde(default)]
        statements: Statements,
    },
    /// Sets what the report says beyond the plan and the findings.
    #[serde(rename_all = "camelCase")]
    SetReportDetails {
        audit_id: String,
        details: ReportDetails,
    },
    /// Records the review of the report's draft (by the context's actor).
    #[serde(rename_all = "camelCase")]
    ReviewReport {
        audit_id: String,
    },
    /// Records the approval of the reviewed report.
    #[serde(rename_all = "camelCase")]
    ApproveReport {
        audit_id: String,
    },
    /// Issues the approved report as a new version, frozen as it reads now; a version
    /// after the first needs the reason for the correction.
    #[serde(rename_all = "camelCase")]
    IssueReport {
        audit_id: String,
        #[serde(default)]
        #[cfg_attr(target_arch = "wasm32", tsify(optional))]
        reason: String,
    },
    /// Records who received an issued version, when and how.
    #[serde(rename_all = "camelCase")]
    RecordDistribution {
        version_id: String,
        receipt: ReceiptFields,
    },
    /// Sets the correction and root-cause analysis of a nonconformity.
    #[serde(rename_all = "camelCase")]
    SetCause {
        finding_id: String,
        cause: CauseFields,
    },
    /// Proposes a corrective action for a nonconformity.
    #[serde(rename_all = "camelCase")]
    ProposeAction {
        finding_id: String,
        action: ActionFields,
    },
    /// Takes a corrective action one step on; implementing and verifying need the
    /// evidence and its date.
    #[serde(rename_all = "camelCase")]
    AdvanceAction {
        finding_id: String,
        number: u32,
        step: ActionStep,
        #[serde(default)]
        #[cfg_attr(target_arch = "wasm32", tsify(optional))]
        evidence: String,
        #[serde(default)]
        #[cfg_attr(target_arch = "wasm32", tsify(optional))]
        date: String,
    },
    /// Rates how risky one coverage item is (low removes the rating).
    #[serde(rename_all = "camelCase")]
    SetItemRating {
        programme_id: String,
        #[serde(deserialize_with = "via_json")]
        rating: Rating,
    },
    /// Replaces the planned audits of the items listed (a whole proposal, or one edit).
    #[serde(rename_all = "camelCase")]
    SetCoveragePlan {
        programme_id: String,
        #[serde(deserialize_with = "via_json")]
        plan: Vec<Planned>,
    },
    /// Adds a programme risk or opportunity (no number) or replaces risk `number`.
    #[serde(rename_all = "camelCase")]
    SetProgrammeRisk {
        programme_id: String,
        #[serde(default)]
        number: Option<u32>,
        #[serde(deserialize_with = "via_json")]
        risk: RiskFields,
    },
    /// Sets the audit-time inputs of one audit.
    #[serde(rename_all = "camelCase")]
    SetAuditTime {
        audit_id: String,
        #[serde(deserialize_with = "via_json")]
        inputs: TimeInputs,
    },
    /// Records the auditee's feedback on an audit (replacing earlier feedback).
    #[serde(rename_all = "camelCase")]
    SetAuditFeedback {
        audit_id: String,
        #[serde(deserialize_with = "via_json")]
        feedback: Feedback,
    },
    /// Records a programme review (no number) or changes review `number` until it is
    /// signed off; the monitoring figures of the review date are captured with it.
    #[serde(rename_all = "camelCase")]
    SetProgrammeReview {
        programme_id: String,
        #[serde(default)]
        number: Option<u32>,
        #[serde(deserialize_with = "via_json")]
        review: ReviewFields,
    },
    /// Signs a programme review off; it cannot change afterwards.
    #[serde(rename_all = "camelCase")]
    SignOffProgrammeReview {
        programme_id: String,
        number: u32,
    },
    /// Deletes a programme that has no audits.
    #[serde(rename_all = "camelCase")]
    DeleteProgramme {
        programme_id: String,
    },
    /// Deletes an audit that is still planned (nothing has been recorded in it).
    #[serde(rename_all = "camelCase")]
    DeleteAudit {
        audit_id: String,
    },
    /// Deletes an SoA no audit was planned from and no programme covers.
    #[serde(rename_all = "camelCase")]
    DeleteSoa {
        soa_id: String,
    },
    /// Deletes a criteria set none of whose criteria an audit uses.
    #[serde(rename_all = "camelCase")]
    DeleteCriteriaSet {
        set_id: String,
    },
    CreateSoa {
        soa: SoaFields,
    },
    /// Renames an SoA; its catalog can change only while it has no entries.
    #[serde(rename_all = "camelCase")]
    UpdateSoa {
        soa_id: String,
        soa: SoaFields,
    },
    /// Sets one control's line of the SoA.
    #[serde(rename_all = "camelCase")]
    SetSoaEntry {
        soa_id: String,
        entry: SoaEntry,
    },
    /// Replaces every entry of the SoA with those of a CSV file (see docs/import-formats.md).
    #[serde(rename_all = "camelCase")]
    ImportSoa {
        soa_id: String,
        csv: String,
    },
    CreateCriteriaSet {
        set: CriteriaSetFields,
    },
    /// Renames a set or changes its kind; the code is fixed.
    #[serde(rename_all = "camelCase")]
    UpdateCriteriaSet {
        set_id: String,
        set: CriteriaSetFields,
    },
    /// Adds a criterion to a set, or replaces the one with the same id.
    #[serde(rename_all = "camelCase")]
    SetCustomCriterion {
        set_id: String,
        criterion: CustomCriterion,
    },
    #[serde(rename_all = "camelCase")]
    DeleteCustomCriterion {
        set_id: String,
        criterion_id: String,
    },
    /// Adds (or replaces by id) the criteria of a CSV or JSON file.
    #[serde(rename_all = "camelCase")]
    ImportCustomCriteria {
        set_id: String,
        format: ImportFormat,
        text: String,
    },
    /// Sets (or replaces) the sampling plan of one checklist item; the sample size and
    /// the items selected from the seed are computed from it.
    #[serde(rename_all = "camelCase")]
    SetSamplingPlan {
        audit_id: String,
        criterion_id: String,
        plan: SamplingFields,
    },
    /// Adds an entry to the audit's evidence register (reference E-001, E-002, ...).
    #[serde(rename_all = "camelCase")]
    AddEvidence {
        audit_id: String,
        evidence: EvidenceFields,
    },
    /// Changes an evidence entry; its reference and files stay.
    #[serde(rename_all = "camelCase")]
    UpdateEvidence {
        evidence_id: String,
        evidence: EvidenceFields,
    },
    /// Attaches a file (its bytes handed to the store under the context's new id) to
    /// an evidence entry, with its SHA-256; the size and count limits apply.
    #[serde(rename_all = "camelCase")]
    AttachEvidenceFile {
        evidence_id: String,
        file: FileFields,
    },
    /// Removes a file from an evidence entry, and its bytes from the store.
    #[serde(rename_all = "camelCase")]
    RemoveEvidenceFile {
        evidence_id: String,
        file_id: String,
    },
    /// Imports a spreadsheet's table (CSV, .xlsx or .ods, read in the page) into an
    /// SoA (replacing its lines), a criteria set (adding criteria) or an audit in
    /// progress (adding findings), with the column mapping the user confirmed in the
    /// preview; all or nothing. The entry names the file, the sheet and every column.
    ImportTable {
        table: ImportTable,
    },
    // Conducting the audit (ISO 19011 6.2-6.4).
    /// Sets the audit's client and auditee contacts and the arrangements made.
    #[serde(rename_all = "camelCase")]
    SetInitiation {
        audit_id: String,
        #[serde(deserialize_with = "via_json")]
        initiation: Initiation,
    },
    /// Records whether the audit is feasible; an audit starts only when it is.
    #[serde(rename_all = "camelCase")]
    SetFeasibility {
        audit_id: String,
        #[serde(deserialize_with = "via_json")]
        feasibility: FeasibilityFields,
    },
    /// Sets the audit team, each member's role and the checklist items they audit.
    #[serde(rename_all = "camelCase")]
    SetTeam {
        audit_id: String,
        #[serde(deserialize_with = "via_json")]
        team: Vec<TeamMember>,
    },
    /// Adds a review of documented information (no number) or replaces review `number`.
    #[serde(rename_all = "camelCase")]
    SetDocumentReview {
        audit_id: String,
        #[serde(default)]
        #[cfg_attr(target_arch = "wasm32", tsify(optional))]
        number: Option<u32>,
        #[serde(deserialize_with = "via_json")]
        review: DocumentReviewFields,
    },
    #[serde(rename_all = "camelCase")]
    DeleteDocumentReview {
        audit_id: String,
        number: u32,
    },
    /// Adds a session to the audit plan (no number) or replaces session `number`; the
    /// plan's acceptance is cleared.
    #[serde(rename_all = "camelCase")]
    SetPlanSession {
        audit_id: String,
        #[serde(default)]
        #[cfg_attr(target_arch = "wasm32", tsify(optional))]
        number: Option<u32>,
        #[serde(deserialize_with = "via_json")]
        session: SessionFields,
    },
    #[serde(rename_all = "camelCase")]
    DeletePlanSession {
        audit_id: String,
        number: u32,
    },
    /// Records who accepted the plan for the auditee, and on which day.
    #[serde(rename_all = "camelCase")]
    AcceptPlan {
        audit_id: String,
        accepted_by: String,
        date: String,
    },
    /// Records the opening or the closing meeting.
    #[serde(rename_all = "camelCase")]
    SetMeeting {
        audit_id: String,
        kind: MeetingKind,
        #[serde(deserialize_with = "via_json")]
        meeting: Meeting,
    },
    /// Appends a message to the audit's communication log.
    #[serde(rename_all = "camelCase")]
    LogCommunication {
        audit_id: String,
        #[serde(deserialize_with = "via_json")]
        message: CommunicationFields,
    },
    /// Records information asked for and not obtained (no number) or changes record
    /// `number`.
    #[serde(rename_all = "camelCase")]
    SetInformationLimit {
        audit_id: String,
        #[serde(default)]
        #[cfg_attr(target_arch = "wasm32", tsify(optional))]
        number: Option<u32>,
        #[serde(deserialize_with = "via_json")]
        limit: InformationLimitFields,
    },
    // Auditor competence (ISO 19011 clause 7).
    /// Records a new auditor (or programme manager) profile.
    CreateAuditor {
        #[serde(deserialize_with = "via_json")]
        profile: Profile,
    },
    /// Replaces a profile's fields; its CPD log and evaluations stay.
    #[serde(rename_all = "camelCase")]
    UpdateAuditor {
        auditor_id: String,
        #[serde(deserialize_with = "via_json")]
        profile: Profile,
    },
    /// Adds an evaluation of a person's competence (numbered 1, 2, ...).
    #[serde(rename_all = "camelCase")]
    RecordEvaluation {
        auditor_id: String,
        #[serde(deserialize_with = "via_json")]
        evaluation: EvaluationFields,
    },
    /// Adds a continual professional development entry.
    #[serde(rename_all = "camelCase")]
    AddCpd {
        auditor_id: String,
        #[serde(deserialize_with = "via_json")]
        entry: CpdEntry,
    },
    /// Sets a programme's competence criteria per role, the areas its teams must cover
    /// and the impartiality window.
    #[serde(rename_all = "camelCase")]
    SetCompetenceCriteria {
        programme_id: String,
        #[serde(deserialize_with = "via_json")]
        criteria: CompetenceSettings,
    },
    /// Erases a person's profile (personal data): a pseudonym replaces their name in
    /// the profile and in the audits whose team they are on; CPD and evaluations go.
    #[serde(rename_all = "camelCase")]
    EraseAuditor {
        auditor_id: String,
    },
    /// Moves a damaged record (one the workspace could not read) out of its store into
    /// the set-aside area, so the workspace works without it; nothing is deleted.
    SetAsideRecord {
        store: String,
        id: String,
    },
    /// Seals every record as it stands: rewrites each in this release's form and records
    /// its hash, so records last written before entries carried hashes are vouched for
    /// from here on.
    VouchForRecords {},
    /// Recorded by a restore the user allowed although the backup's trail did not vouch
    /// for its data: the problems found, as they were shown.
    AcceptUnverifiedBackup {
        problems: Vec<String>,
    },
    /// Takes in an audit from outside: an audit bundle, or a work package (`package`
    /// says where from; a result package answering it is made from this trail entry).
    /// The audit must not be in the workspace yet; its programme is added if missing.
    ImportAudit {
        #[serde(deserialize_with = "via_json")]
        set: Box<AuditSet>,
        #[serde(default)]
        #[cfg_attr(target_arch = "wasm32", tsify(optional))]
        package: Option<PackageOrigin>,
    },
    /// Merges a team member's result package into the audit, with the lead's choice for
    /// each item changed on both sides (see [`crate::backup::merge`]). The entry keeps
    /// the whole package: what came, from whom, and what was kept.
    MergeResultPackage {
        #[serde(deserialize_with = "via_json")]
        package: Box<ResultPackage>,
        #[serde(default)]
        #[cfg_attr(target_arch = "wasm32", tsify(optional))]
        choices: Vec<MergeChoice>,
    },
}

impl Command {
    /// True for the commands that create a record, with the context's new id.
    pub fn creates(&self) -> bool {
        matches!(
            self,
            Command::CreateProgramme { .. }
                | Command::CreateAudit { .. }
                | Command::AddFinding { .. }
                | Command::CreateSoa { .. }
                | Command::CreateCriteriaSet { .. }
                | Command::IssueReport { .. }
                | Command::AddEvidence { .. }
                | Command::AttachEvidenceFile { .. }
                | Command::CreateAuditor { .. }
        )
    }
}
