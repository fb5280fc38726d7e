//! The audit plan (ISO 19011 6.3.2): objectives, scope, criteria, dates and lead auditor,
//! and the checklist the selected criteria make (one item per criterion). Creating an
//! audit and changing its plan are checked here.

use super::{
    Audit, AuditChange, AuditKind, AuditRecords, AuditStatus, ChecklistItem, ItemResult, Scope,
};
use crate::catalog::{self, Catalog};
use crate::error::{Error, ErrorCode, Result};
use crate::soa::Soa;
use crate::text::{self, LONG, SHORT};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The plan of an audit, as the form or a command carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AuditFields {
    pub title: String,
    pub kind: AuditKind,
    #[serde(default)]
    pub auditee: String,
    /// Who asked for the audit, when not the auditee (ISO 19011 6.5.1).
    #[serde(default)]
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub client: String,
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
    pub client: String,
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
        let client = text::optional("client", "Audit client", &self.client, SHORT)?;
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
            client,
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

/// What planning an audit reads from the rest of the workspace.
pub trait PlanLookup {
    /// The SoA `id`, or a not-found error.
    fn soa(&self, id: &str) -> Result<&Soa>;
    /// The title and checklist group of a custom criterion key `CODE:ID`.
    fn custom_criterion(&self, key: &str) -> Option<(String, String)>;
}

/// A new audit of programme `programme_id` in the planned state, with its checklist.
pub fn create(
    id: &str,
    programme_id: &str,
    fields: &AuditFields,
    lookup: &dyn PlanLookup,
) -> Result<AuditChange> {
    let (audit, checklist) = planned(id.to_string(), programme_id, fields, lookup)?;
    Ok(AuditChange {
        audit: Some(audit),
        checklist,
        ..AuditChange::default()
    })
}

/// A changed plan. The criteria can change only while the audit is planned (its
/// checklist is then rebuilt), and a completed audit's plan is closed.
pub fn update(
    current: AuditRecords,
    fields: &AuditFields,
    lookup: &dyn PlanLookup,
) -> Result<AuditChange> {
    let audit = current.audit;
    if audit.status == AuditStatus::Completed {
        return Err(Error::new(
            ErrorCode::InvalidStatus,
            "This audit is completed and its plan is closed; reopen it to change the plan.",
        ));
    }
    let (updated, items) = planned(audit.id.clone(), &audit.programme_id, fields, lookup)?;
    let criteria_changed =
        updated.criteria != audit.criteria || updated.catalog_id != audit.catalog_id;
    if criteria_changed && audit.status != AuditStatus::Planned {
        return Err(Error::on_field(
            ErrorCode::InvalidStatus,
            "criteria",
            "The criteria can only change while the audit is planned; record out-of-scope items as not applicable instead.",
        ));
    }
    let mut conduct_kept = audit.conduct.clone();
    super::conduct::keep_criteria(&mut conduct_kept, &updated.criteria);
    let updated = Audit {
        status: audit.status,
        next_finding_number: audit.next_finding_number,
        conclusion: audit.conclusion.clone(),
        report: audit.report.clone(),
        conduct: conduct_kept,
        actual_start: audit.actual_start,
        actual_end: audit.actual_end,
        catalog_version: if criteria_changed {
            updated.catalog_version.clone()
        } else {
            audit.catalog_version.clone()
        },
        ..updated
    };
    let mut change = AuditChange {
        audit: Some(updated),
        ..AuditChange::default()
    };
    if criteria_changed {
        // A planned audit has no results yet, so its checklist is rebuilt.
        change.deleted_checklist = current
            .checklist
            .iter()
            .map(|i| i.id.clone())
            .filter(|id| !items.iter().any(|n| &n.id == id))
            .collect();
        change.checklist = items;
    }
    Ok(change)
}

/// The audit `id` as `fields` plan it, in the planned state, and its checklist: one
/// item per selected criterion.
fn planned(
    id: String,
    programme_id: &str,
    fields: &AuditFields,
    lookup: &dyn PlanLookup,
) -> Result<(Audit, Vec<ChecklistItem>)> {
    let plan = fields.validate(&|key| lookup.custom_criterion(key))?;
    if let Some(soa_id) = &fields.soa_id {
        let soa = lookup.soa(soa_id).map_err(|e| Error {
            field: Some("soaId".into()),
            ..e
        })?;
        if soa.catalog_id != plan.catalog.id {
            return Err(Error::on_field(
                ErrorCode::CriterionNotInScope,
                "soaId",
                format!(
                    "The SoA \"{}\" is for another edition than {}; pick an SoA of the same edition.",
                    soa.name, plan.catalog.edition
                ),
            ));
        }
    }
    let items = plan
        .criteria
        .iter()
        .enumerate()
        .map(|(position, c)| ChecklistItem {
            id: ChecklistItem::id_for(&id, &c.id),
            audit_id: id.clone(),
            criterion_id: c.id.clone(),
            title: c.title.clone(),
            group: c.group.clone(),
            position: position as u32,
            result: ItemResult::NotAudited,
            notes: String::new(),
        })
        .collect();
    let audit = Audit {
        id,
        programme_id: programme_id.to_string(),
        title: plan.title,
        kind: plan.kind,
        auditee: plan.auditee,
        client: plan.client,
        objectives: plan.objectives,
        scope: plan.scope,
        catalog_id: plan.catalog.id.clone(),
        catalog_version: plan.catalog.version.clone(),
        criteria: plan.criteria.into_iter().map(|c| c.id).collect(),
        soa_id: fields.soa_id.clone(),
        planned_start: plan.planned_start,
        planned_end: plan.planned_end,
        lead_auditor: plan.lead_auditor,
        status: AuditStatus::Planned,
        next_finding_number: 1,
        conclusion: None,
        report: Default::default(),
        report_control: Default::default(),
        conduct: Default::default(),
        actual_start: None,
        actual_end: None,
    };
    Ok((audit, items))
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
            client: String::new(),
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
    fn is_within_respects_number_boundaries() {
        assert!(is_within("A.5.1", "A.5.1"));
        assert!(!is_within("A.5.10", "A.5.1"));
        assert!(is_within("9.2.1", "9"));
        assert!(!is_within("10.1", "1"));
    }
}
