//! One audit (ISO 19011 clause 6): its plan (objectives, scope, criteria, dates, lead
//! auditor), its status, the checklist of criteria in scope and the findings.

pub mod checklist;
pub mod conclusion;
pub mod finding;

use crate::catalog::{self, Catalog};
use crate::error::{Error, ErrorCode, Result};
use crate::text::{self, LONG, SHORT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use checklist::{ChecklistItem, ItemResult};
pub use conclusion::{ConclusionDecision, Verdict};
pub use finding::{Finding, FindingFields, Grade};

/// Who is audited, and so whose rules apply to independence and distribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum AuditKind {
    /// First party: the organization audits itself.
    Internal,
    /// Second party: the organization audits a supplier.
    Supplier,
    /// Any other external audit (e.g. a customer's or a certification body's).
    External,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "snake_case")]
pub enum AuditStatus {
    Planned,
    InProgress,
    Completed,
}

impl AuditStatus {
    pub fn label(self) -> &'static str {
        match self {
            AuditStatus::Planned => "planned",
            AuditStatus::InProgress => "in progress",
            AuditStatus::Completed => "completed",
        }
    }

    /// Start (planned -> in progress), complete (in progress -> completed) and reopen
    /// (completed -> in progress, e.g. to record late evidence). Nothing else.
    pub fn can_become(self, next: AuditStatus) -> bool {
        use AuditStatus::*;
        matches!(
            (self, next),
            (Planned, InProgress) | (InProgress, Completed) | (Completed, InProgress)
        )
    }
}

/// What the audit covers (ISO 19011 6.2.2): organizational units, processes, locations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Scope {
    #[serde(default)]
    pub units: Vec<String>,
    #[serde(default)]
    pub processes: Vec<String>,
    #[serde(default)]
    pub locations: Vec<String>,
}

/// A stored audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Audit {
    pub id: String,
    pub programme_id: String,
    pub title: String,
    pub kind: AuditKind,
    /// The organization or supplier audited.
    pub auditee: String,
    pub objectives: String,
    pub scope: Scope,
    /// The catalog the criteria come from, and the version of it the audit used.
    pub catalog_id: String,
    pub catalog_version: String,
    /// Selected criterion ids: the catalog's in catalog order, then custom criteria
    /// (`CODE:ID`) in the order chosen.
    pub criteria: Vec<String>,
    /// The Statement of Applicability the audit was planned from, if any.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub soa_id: Option<String>,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub planned_start: NaiveDate,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub planned_end: NaiveDate,
    pub lead_auditor: String,
    pub status: AuditStatus,
    /// The number the next finding's reference gets (F-001, F-002, ...). References of
    /// deleted findings are never reused.
    pub next_finding_number: u32,
    /// The auditor's confirmation or override of the computed conclusion.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub conclusion: Option<ConclusionDecision>,
    /// What the report says beyond the plan and the findings.
    #[serde(default)]
    pub report: ReportDetails,
}

/// The parts of the audit report (ISO 19011 6.5.1) the auditor writes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", default, deny_unknown_fields)]
pub struct ReportDetails {
    /// Audit team members besides the lead auditor, with their role.
    pub team: Vec<String>,
    /// Where the audit activities took place, if not simply the scope's locations.
    pub audit_locations: String,
    /// How samples were drawn and how large they were.
    pub sampling: String,
    /// Diverging opinions between the audit team and the auditee that remain unresolved.
    pub diverging_opinions: String,
    /// Who may read the report and how to handle it.
    pub confidentiality: String,
    /// Who receives the report.
    pub distribution: Vec<String>,
    /// The auditor's summary for management.
    pub summary: String,
}

impl ReportDetails {
    pub fn validate(&self) -> Result<ReportDetails> {
        Ok(ReportDetails {
            team: text::list("team", "Team member", &self.team)?,
            audit_locations: text::optional(
                "auditLocations",
                "Audit locations",
                &self.audit_locations,
                LONG,
            )?,
            sampling: text::optional("sampling", "Sampling statement", &self.sampling, LONG)?,
            diverging_opinions: text::optional(
                "divergingOpinions",
                "Diverging opinions",
                &self.diverging_opinions,
                LONG,
            )?,
            confidentiality: text::optional(
                "confidentiality",
                "Confidentiality note",
                &self.confidentiality,
                LONG,
            )?,
            distribution: text::list("distribution", "Recipient", &self.distribution)?,
            summary: text::optional("summary", "Summary", &self.summary, LONG)?,
        })
    }
}

/// The plan of an audit, as the form or a command carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuditFields {
    pub title: String,
    pub kind: AuditKind,
    #[serde(default)]
    pub auditee: String,
    #[serde(default)]
    pub objectives: String,
    #[serde(default)]
    pub scope: Scope,
    /// A catalog id, e.g. `iso27001-2022`.
    pub catalog_id: String,
    /// Criterion ids from that catalog (headings are expanded to what they group) and
    /// custom criteria as `CODE:ID`.
    pub criteria: Vec<String>,
    /// A Statement of Applicability of the same catalog.
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub soa_id: Option<String>,
    /// `YYYY-MM-DD`.
    pub planned_start: String,
    /// `YYYY-MM-DD`, on or after the start.
    pub planned_end: String,
    pub lead_auditor: String,
}

/// The validated plan: everything in [`Audit`] that a user enters.
pub struct ValidPlan {
    pub title: String,
    pub kind: AuditKind,
    pub auditee: String,
    pub objectives: String,
    pub scope: Scope,
    pub catalog: &'static Catalog,
    pub criteria: Vec<PlannedCriterion>,
    pub planned_start: NaiveDate,
    pub planned_end: NaiveDate,
    pub lead_auditor: String,
}

/// A selected criterion with what its checklist item shows.
pub struct PlannedCriterion {
    pub id: String,
    pub title: String,
    pub group: String,
}

/// Looks up a custom criterion key (`CODE:ID`): its title and checklist group.
pub type CustomLookup<'a> = &'a dyn Fn(&str) -> Option<(String, String)>;

impl AuditFields {
    pub fn validate(&self, custom: CustomLookup) -> Result<ValidPlan> {
        let title = text::required("title", "Audit title", &self.title, SHORT)?;
        let auditee = text::optional("auditee", "Auditee", &self.auditee, SHORT)?;
        let objectives = text::optional("objectives", "Objectives", &self.objectives, LONG)?;
        let scope = Scope {
            units: text::list("scope.units", "Organizational unit", &self.scope.units)?,
            processes: text::list("scope.processes", "Process", &self.scope.processes)?,
            locations: text::list("scope.locations", "Location", &self.scope.locations)?,
        };
        let catalog = catalog::require(&self.catalog_id)?;
        let criteria = select_criteria(catalog, &self.criteria, custom)?;
        let (planned_start, planned_end) = text::date_range(
            ("plannedStart", "Planned start", &self.planned_start),
            ("plannedEnd", "Planned end", &self.planned_end),
        )?;
        let lead_auditor =
            text::required("leadAuditor", "Lead auditor", &self.lead_auditor, SHORT)?;
        Ok(ValidPlan {
            title,
            kind: self.kind,
            auditee,
            objectives,
            scope,
            catalog,
            criteria,
            planned_start,
            planned_end,
            lead_auditor,
        })
    }
}

/// The auditable criteria named by `ids` (a heading or number prefix selects everything
/// under it), in
/// catalog order, then the custom criteria. Unknown ids and an empty selection are errors.
fn select_criteria(
    catalog: &Catalog,
    ids: &[String],
    custom: CustomLookup,
) -> Result<Vec<PlannedCriterion>> {
    let unknown = |id: &str| {
        Error::on_field(
            ErrorCode::CriterionNotInScope,
            "criteria",
            format!(
                "\"{id}\" is not a criterion of {} or of a custom criteria set; pick clauses and controls from the list (Annex A controls are written A.5.1, custom criteria CODE:ID).",
                catalog.edition
            ),
        )
    };
    let (custom_ids, catalog_ids): (Vec<&String>, Vec<&String>) =
        ids.iter().partition(|id| id.contains(':'));
    // A criterion, or a number that heads some (a 2013 domain "A.12" or objective "A.12.3").
    let known = |id: &str| {
        catalog.criterion(id).is_some() || catalog.criteria.iter().any(|c| is_within(&c.id, id))
    };
    if let Some(id) = catalog_ids.iter().find(|id| !known(id)) {
        return Err(unknown(id));
    }
    let mut selected: Vec<PlannedCriterion> = catalog
        .criteria
        .iter()
        .filter(|c| c.auditable && catalog_ids.iter().any(|id| is_within(&c.id, id)))
        .map(|c| PlannedCriterion {
            id: c.id.clone(),
            title: c.title.clone(),
            group: c.group.clone(),
        })
        .collect();
    for key in custom_ids {
        let (title, group) = custom(key).ok_or_else(|| unknown(key))?;
        if !selected.iter().any(|c| &c.id == key) {
            selected.push(PlannedCriterion {
                id: key.clone(),
                title,
                group,
            });
        }
    }
    if selected.is_empty() {
        return Err(Error::on_field(
            ErrorCode::Required,
            "criteria",
            "Select at least one clause or control to audit.",
        ));
    }
    Ok(selected)
}

/// True when `id` is `heading` or numbered under it ("6.1.2" is within "6.1" and "6").
fn is_within(id: &str, heading: &str) -> bool {
    id == heading
        || id
            .strip_prefix(heading)
            .is_some_and(|rest| rest.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn fields() -> AuditFields {
        AuditFields {
            title: "ISMS internal audit Q1".into(),
            kind: AuditKind::Internal,
            auditee: "Example Ltd".into(),
            objectives: "Check conformity of the ISMS".into(),
            scope: Scope {
                units: vec!["IT".into()],
                processes: vec![],
                locations: vec!["Berlin".into()],
            },
            catalog_id: catalog::ISO27001_2022.into(),
            criteria: vec!["6".into(), "A.5.15".into()],
            soa_id: None,
            planned_start: "2026-03-02".into(),
            planned_end: "2026-03-04".into(),
            lead_auditor: "A. Auditor".into(),
        }
    }

    #[test]
    fn headings_expand_to_auditable_criteria() {
        let plan = fields().validate(&no_custom).unwrap();
        let ids: Vec<_> = plan.criteria.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["6.1.1", "6.1.2", "6.1.3", "6.2", "6.3", "A.5.15"]);
    }

    #[test]
    fn unknown_criterion_and_empty_selection_are_rejected() {
        let mut f = fields();
        f.criteria = vec!["A.9.9".into()];
        let err = f.validate(&no_custom).err().unwrap();
        assert_eq!(err.code, ErrorCode::CriterionNotInScope);
        f.criteria = vec![];
        assert_eq!(
            f.validate(&no_custom).err().unwrap().code,
            ErrorCode::Required
        );
        f.criteria = vec!["6".into()];
        f.catalog_id = "iso9001".into();
        assert_eq!(
            f.validate(&no_custom).err().unwrap().code,
            ErrorCode::NotFound
        );
    }

    fn no_custom(_: &str) -> Option<(String, String)> {
        None
    }

    #[test]
    fn custom_criteria_follow_the_catalog_ones() {
        let mut f = fields();
        f.criteria = vec!["POL:AC-1".into(), "A.5.15".into(), "POL:AC-1".into()];
        let lookup = |key: &str| {
            (key == "POL:AC-1").then(|| ("Approvals".to_string(), "custom:POL".to_string()))
        };
        let plan = f.validate(&lookup).unwrap();
        let ids: Vec<_> = plan
            .criteria
            .iter()
            .map(|c| (c.id.as_str(), c.group.as_str()))
            .collect();
        assert_eq!(
            ids,
            [("A.5.15", "organizational"), ("POL:AC-1", "custom:POL")]
        );
        f.criteria = vec!["POL:AC-9".into()];
        assert_eq!(
            f.validate(&lookup).err().unwrap().code,
            ErrorCode::CriterionNotInScope
        );
    }

    #[test]
    fn status_transitions_are_guarded() {
        use AuditStatus::*;
        assert!(Planned.can_become(InProgress));
        assert!(InProgress.can_become(Completed));
        assert!(Completed.can_become(InProgress));
        assert!(!Planned.can_become(Completed));
        assert!(!InProgress.can_become(Planned));
        assert!(!Completed.can_become(Completed));
    }

    #[test]
    fn is_within_respects_number_boundaries() {
        assert!(is_within("A.5.1", "A.5.1"));
        assert!(!is_within("A.5.10", "A.5.1"));
        assert!(is_within("9.2.1", "9"));
        assert!(!is_within("10.1", "1"));
    }
}
