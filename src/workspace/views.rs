//! Read models: plain objects the page renders. They are copies, never live references.

use super::Workspace;
use crate::audit::conduct::{self, MeetingKind};
use crate::audit::sampling;
use crate::audit::sessions::{self, PlanConflict};
use crate::audit::{
    ActionStatus, Audit, AuditStatus, ChecklistItem, CompletionException, CorrectiveAction,
    Evidence, Finding, FollowUp, Grade, ItemResult, SamplingPlan, Signoff,
    completion_exceptions_in,
};
use crate::catalog::custom::CriteriaSet;
use crate::catalog::{self, Group};
use crate::error::{Error, Result};
use crate::programme::coverage::{self, Coverage, Planned};
use crate::programme::monitoring::{self, Dashboard};
use crate::programme::time::{self, Estimate, TimeInputs};
use crate::programme::{Programme, calendar};
use crate::report::version::Receipt;
use crate::report::{self, GradeDefinition, Report};
use crate::scoring::{self, Score};
use crate::soa::{Soa, SoaReview};
use crate::text;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeSummary {
    pub programme: Programme,
    pub audit_count: u32,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AuditSummary {
    pub audit: Audit,
    pub score: Score,
}

/// A topic of a meeting's checklist.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MeetingTopic {
    pub key: String,
    pub label: String,
}

impl MeetingTopic {
    fn list(kind: MeetingKind) -> Vec<MeetingTopic> {
        conduct::topics(kind)
            .iter()
            .map(|(key, label)| MeetingTopic {
                key: key.to_string(),
                label: label.to_string(),
            })
            .collect()
    }
}

/// One audit with everything its screen shows.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct AuditDetail {
    pub audit: Audit,
    pub programme_name: String,
    /// The catalog's edition as a report names it.
    pub catalog_edition: String,
    /// The name of the SoA the audit was planned from.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub soa_name: Option<String>,
    /// The clauses and themes that the checklist has items in, for filtering.
    pub groups: Vec<Group>,
    pub checklist: Vec<ChecklistItem>,
    pub findings: Vec<Finding>,
    pub score: Score,
    /// The verdict as this kind of audit words it (approval, recommendation, conformity).
    pub verdict_wording: String,
    /// What each grade means in this programme, for the finding form.
    pub grade_definitions: Vec<GradeDefinition>,
    /// Checklist items marked not applicable that the audit's SoA says apply.
    pub soa_conflicts: Vec<String>,
    pub charts: Charts,
    /// The issued versions of the report, oldest first (their texts through
    /// `report_version_text`).
    pub report_versions: Vec<ReportVersionSummary>,
    /// The follow-up of its nonconformities, by finding reference.
    pub follow_ups: Vec<FollowUp>,
    /// The conditions for completing it that are not met now.
    pub completion_exceptions: Vec<CompletionException>,
    /// Open corrective actions of the programme's audits planned before this one,
    /// against criteria of this one: reminders for the checklist.
    pub reminders: Vec<Reminder>,
    /// The evidence register, in reference order.
    pub evidence: Vec<Evidence>,
    /// The sampling plans of its checklist items, in checklist order.
    pub sampling: Vec<SamplingPlan>,
    /// What to fix in the audit plan's sessions (double bookings, criteria in no session).
    pub plan_conflicts: Vec<PlanConflict>,
    /// The topics of the opening and the closing meeting, as (key, label).
    pub opening_topics: Vec<MeetingTopic>,
    pub closing_topics: Vec<MeetingTopic>,
}

/// An issued report version without its texts.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ReportVersionSummary {
    pub id: String,
    pub version: u32,
    pub reviewed: Signoff,
    pub approved: Signoff,
    pub issued: Signoff,
    pub reason: String,
    pub html_sha256: String,
    pub markdown_sha256: String,
    pub json_sha256: String,
    pub distribution: Vec<Receipt>,
}

/// An open corrective action of an earlier audit, against a criterion of this one.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Reminder {
    pub criterion_id: String,
    pub audit_title: String,
    pub finding_reference: String,
    pub number: u32,
    pub description: String,
    pub status: ActionStatus,
    #[cfg_attr(target_arch = "wasm32", tsify(type = "string"))]
    pub due: NaiveDate,
}

/// One corrective action in the programme's action register.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ActionRow {
    pub programme_id: String,
    pub audit_id: String,
    pub audit_title: String,
    pub finding_id: String,
    pub finding_reference: String,
    pub grade: Grade,
    pub criterion_id: String,
    pub statement: String,
    pub action: CorrectiveAction,
    /// Due before the day asked about, and not yet implemented.
    pub overdue: bool,
}

/// Open (not closed) and overdue corrective actions, for a dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ActionCounts {
    pub open: u32,
    pub overdue: u32,
}

/// The score's roll-ups as SVG bar charts, every text in them escaped by the engine.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
pub struct Charts {
    /// Per clause, Annex A theme or domain, and criteria set.
    pub groups: String,
    /// Per ISO/IEC 27002 attribute value, where the criteria have attributes.
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub attributes: Option<String>,
}

impl Workspace {
    /// Every programme, the newest period first.
    pub fn programmes(&self) -> Vec<ProgrammeSummary> {
        let mut list: Vec<ProgrammeSummary> = self
            .programmes
            .values()
            .map(|p| ProgrammeSummary {
                programme: p.clone(),
                audit_count: self
                    .audits
                    .values()
                    .filter(|a| a.audit.programme_id == p.id)
                    .count() as u32,
            })
            .collect();
        // The id last, so that equal periods and names still list in one stable order.
        list.sort_by(|a, b| {
            (b.programme.period_start, &a.programme.name, &a.programme.id).cmp(&(
                a.programme.period_start,
                &b.programme.name,
                &b.programme.id,
            ))
        });
        list
    }

    pub fn programme_view(&self, id: &str) -> Result<Programme> {
        self.programme(id).cloned()
    }

    /// The audits of a programme, by planned start.
    pub fn audits(&self, programme_id: &str) -> Result<Vec<AuditSummary>> {
        self.programme(programme_id)?;
        let mut list: Vec<AuditSummary> = self
            .audits
            .values()
            .filter(|s| s.audit.programme_id == programme_id)
            .map(|s| {
                Ok(AuditSummary {
                    audit: s.audit.clone(),
                    score: self.score(&s.audit.id)?,
                })
            })
            .collect::<Result<_>>()?;
        list.sort_by(|a, b| {
            (a.audit.planned_start, &a.audit.title, &a.audit.id).cmp(&(
                b.audit.planned_start,
                &b.audit.title,
                &b.audit.id,
            ))
        });
        Ok(list)
    }

    pub fn audit(&self, id: &str) -> Result<AuditDetail> {
        let state = self.audit_state(id)?;
        let programme = self.programme(&state.audit.programme_id)?;
        let catalog = catalog::get(&state.audit.catalog_id);
        let custom_groups = self
            .criteria_sets()
            .iter()
            .map(CriteriaSet::as_group)
            .collect::<Vec<_>>();
        let groups = catalog
            .map_or(&[][..], |c| &c.groups)
            .iter()
            .cloned()
            .chain(custom_groups)
            .filter(|g| state.checklist.iter().any(|i| i.group == g.id))
            .collect();
        let score = self.score(id)?;
        // The page's words for what the engine composes here (English without them).
        let m = &self.report_messages;
        let soa = state.audit.soa_id.as_ref().and_then(|id| self.soas.get(id));
        let soa_conflicts = soa.map_or_else(Vec::new, |soa| {
            state
                .checklist
                .iter()
                .filter(|i| i.result == ItemResult::NotApplicable)
                .filter(|i| soa.entry(&i.criterion_id).is_some_and(|e| e.applicable))
                .map(|i| {
                    let (criterion, soa) = (&i.criterion_id, &soa.name);
                    m.or(
                        "engine.warning.soa_applies",
                        &[("criterion", criterion), ("soa", soa)],
                        format!(
                            "{criterion} is recorded as not applicable, but the SoA \"{soa}\" says it applies: check the result or the SoA."
                        ),
                    )
                })
                .collect()
        });
        let mut score = score;
        let kind = state.audit.kind;
        let verdict_wording = if m.is_empty() {
            score.conclusion.verdict.wording(kind).to_string()
        } else {
            score.conclusion.rule = report::labels::rule(m, score.conclusion.rule_basis);
            score.warnings = score
                .shared_criteria
                .iter()
                .map(|(c, refs)| scoring::shared_warning(m, c, refs))
                .collect();
            report::labels::verdict(m, score.conclusion.verdict, kind).to_string()
        };
        Ok(AuditDetail {
            verdict_wording,
            grade_definitions: report::grade_definitions(&programme.scoring.grade_definitions)
                .into_iter()
                .map(|mut d| {
                    // The project's default wording follows the page's language; a
                    // programme's own wording is shown as written.
                    if d.definition == d.grade.definition() {
                        d.definition = m.or(d.grade.definition_key(), &[], d.definition);
                    }
                    d
                })
                .collect(),
            soa_conflicts,
            charts: Charts {
                groups: report::chart_svg(
                    self.report_messages.t("report.chart.groups"),
                    &score.by_group,
                    &self.report_messages,
                ),
                attributes: (!score.by_attribute.is_empty()).then(|| {
                    report::chart_svg(
                        self.report_messages.t("report.chart.attributes"),
                        &score.by_attribute,
                        &self.report_messages,
                    )
                }),
            },
            audit: state.audit.clone(),
            programme_name: programme.name.clone(),
            catalog_edition: catalog.map_or(state.audit.catalog_id.clone(), |c| c.edition.clone()),
            soa_name: soa.map(|s| s.name.clone()),
            groups,
            checklist: state.checklist.clone(),
            findings: state.findings.clone(),
            score,
            report_versions: self
                .versions_of(id)
                .into_iter()
                .map(|v| ReportVersionSummary {
                    id: v.id.clone(),
                    version: v.version,
                    reviewed: v.reviewed.clone(),
                    approved: v.approved.clone(),
                    issued: v.issued.clone(),
                    reason: v.reason.clone(),
                    html_sha256: v.html_sha256.clone(),
                    markdown_sha256: v.markdown_sha256.clone(),
                    json_sha256: v.json_sha256.clone(),
                    distribution: v.distribution.clone(),
                })
                .collect(),
            follow_ups: state
                .findings
                .iter()
                .filter_map(|f| self.follow_ups.get(&f.id).cloned())
                .collect(),
            completion_exceptions: match state.audit.status {
                AuditStatus::InProgress => completion_exceptions_in(
                    state.records(),
                    &self.completion_facts(id)?,
                    &self.report_messages,
                ),
                _ => Vec::new(),
            },
            reminders: self.reminders(&state.audit),
            evidence: self.evidence_of(id).into_iter().cloned().collect(),
            sampling: self
                .sampling_of(id)
                .into_iter()
                .map(|p| sampling::in_words(p, m))
                .collect(),
            plan_conflicts: sessions::conflicts_in(&state.audit, &self.report_messages),
            opening_topics: MeetingTopic::list(MeetingKind::Opening),
            closing_topics: MeetingTopic::list(MeetingKind::Closing),
        })
    }

    /// The sampling plans of an audit's checklist items, in checklist order.
    pub fn sampling_of(&self, audit_id: &str) -> Vec<SamplingPlan> {
        let Some(state) = self.audits.get(audit_id) else {
            return Vec::new();
        };
        state
            .checklist
            .iter()
            .filter_map(|i| {
                self.sampling
                    .get(&SamplingPlan::id_for(audit_id, &i.criterion_id))
            })
            .cloned()
            .collect()
    }

    /// The text of an issued report version, exactly as issued.
    pub fn report_version_text(&self, version_id: &str, format: &str) -> Result<String> {
        let version = self
            .report_versions
            .get(version_id)
            .ok_or_else(|| Error::not_found("report version", version_id))?;
        version.text(format).map(str::to_string)
    }

    /// Every corrective action of a programme (or of every programme), by due date;
    /// `today` decides which are overdue.
    pub fn actions(&self, programme_id: Option<&str>, today: NaiveDate) -> Vec<ActionRow> {
        let mut rows = Vec::new();
        for state in self.audits.values() {
            let a = &state.audit;
            if programme_id.is_some_and(|p| p != a.programme_id) {
                continue;
            }
            for f in &state.findings {
                let Some(follow_up) = self.follow_ups.get(&f.id) else {
                    continue;
                };
                for action in &follow_up.actions {
                    rows.push(ActionRow {
                        programme_id: a.programme_id.clone(),
                        audit_id: a.id.clone(),
                        audit_title: a.title.clone(),
                        finding_id: f.id.clone(),
                        finding_reference: f.reference.clone(),
                        grade: f.grade,
                        criterion_id: f.criterion_ids.join(", "),
                        statement: f.statement.clone(),
                        overdue: action.overdue(today),
                        action: action.clone(),
                    });
                }
            }
        }
        // The audit's id last: audits may share a title (and then the map's order, which
        // differs from one opening to the next, would decide).
        rows.sort_by(|x, y| {
            (
                x.action.due,
                &x.audit_title,
                &x.finding_reference,
                x.action.number,
                &x.audit_id,
            )
                .cmp(&(
                    y.action.due,
                    &y.audit_title,
                    &y.finding_reference,
                    y.action.number,
                    &y.audit_id,
                ))
        });
        rows
    }

    /// How many of a programme's corrective actions are open, and how many of those
    /// are overdue on `today`.
    pub fn action_counts(&self, programme_id: &str, today: NaiveDate) -> Result<ActionCounts> {
        self.programme(programme_id)?;
        let mut counts = ActionCounts::default();
        for row in self.actions(Some(programme_id), today) {
            if row.action.status != ActionStatus::Closed {
                counts.open += 1;
            }
            counts.overdue += u32::from(row.overdue);
        }
        Ok(counts)
    }

    /// Open actions of the programme's audits planned to start before `audit`, against
    /// `audit`'s criteria.
    fn reminders(&self, audit: &Audit) -> Vec<Reminder> {
        let mut out: Vec<(&str, Reminder)> = self
            .audits
            .values()
            .filter(|s| {
                s.audit.programme_id == audit.programme_id
                    && s.audit.planned_start < audit.planned_start
            })
            .flat_map(|s| {
                s.findings
                    .iter()
                    .filter_map(move |f| self.follow_ups.get(&f.id).map(|fu| (s, f, fu)))
            })
            .flat_map(|(s, f, fu)| {
                f.criterion_ids
                    .iter()
                    .filter(|c| audit.criteria.contains(c))
                    .flat_map(move |c| fu.actions.iter().map(move |a| (s, f, c, a)))
            })
            .filter(|(_, _, _, a)| a.status != ActionStatus::Closed)
            .map(|(s, f, c, a)| {
                let reminder = Reminder {
                    criterion_id: c.clone(),
                    audit_title: s.audit.title.clone(),
                    finding_reference: f.reference.clone(),
                    number: a.number,
                    description: a.description.clone(),
                    status: a.status,
                    due: a.due,
                };
                (s.audit.id.as_str(), reminder)
            })
            .collect();
        // The audit's id last, so that ties do not take the map's order (see `actions`).
        out.sort_by(|(xa, x), (ya, y)| {
            (&x.criterion_id, x.due, &x.finding_reference, x.number, xa).cmp(&(
                &y.criterion_id,
                y.due,
                &y.finding_reference,
                y.number,
                ya,
            ))
        });
        out.into_iter().map(|(_, r)| r).collect()
    }
}

/// An SoA with its review (counts and unjustified exclusions).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SoaSummary {
    pub soa: Soa,
    pub review: SoaReview,
}

impl Workspace {
    /// Every SoA, by name.
    pub fn soas(&self) -> Vec<SoaSummary> {
        let mut list: Vec<SoaSummary> = self
            .soas
            .values()
            .map(|soa| SoaSummary {
                soa: soa.clone(),
                review: soa.review(),
            })
            .collect();
        list.sort_by(|a, b| (&a.soa.name, &a.soa.id).cmp(&(&b.soa.name, &b.soa.id)));
        list
    }

    pub fn soa_view(&self, id: &str) -> Result<SoaSummary> {
        let soa = self.soa(id)?;
        Ok(SoaSummary {
            soa: soa.clone(),
            review: soa.review(),
        })
    }

    /// The SoA as CSV in the documented import layout.
    pub fn soa_csv(&self, id: &str) -> Result<String> {
        self.soa(id)?.to_csv()
    }

    /// Every custom criteria set, by code.
    pub fn criteria_sets(&self) -> Vec<CriteriaSet> {
        let mut list: Vec<CriteriaSet> = self.criteria_sets.values().cloned().collect();
        list.sort_by(|a, b| a.code.cmp(&b.code));
        list
    }
}

impl Workspace {
    /// The report of an audit, as of `generated_at`, requested by `generated_by`.
    pub fn report(
        &self,
        audit_id: &str,
        generated_at: String,
        generated_by: String,
    ) -> Result<Report> {
        let state = self.audit_state(audit_id)?;
        Ok(report::build(&report::Input {
            programme: self.programme(&state.audit.programme_id)?,
            audit: &state.audit,
            checklist: &state.checklist,
            findings: &state.findings,
            score: &self.score(audit_id)?,
            soa: state.audit.soa_id.as_ref().and_then(|id| self.soas.get(id)),
            criteria_sets: &self.criteria_sets(),
            sampling: &self.sampling_of(audit_id),
            evidence: &self.evidence_of(audit_id),
            generated_at,
            generated_by,
        }))
    }
}

/// One audit's time: the inputs stored for it and the estimate they give.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TimedAudit {
    pub audit: Audit,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub inputs: Option<TimeInputs>,
    #[cfg_attr(target_arch = "wasm32", tsify(optional))]
    pub estimate: Option<Estimate>,
}

/// The auditor-days of the audits planned to start in one calendar year.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct YearDays {
    pub year: i32,
    pub days: f64,
    /// Audits of the year without an estimate yet.
    pub unestimated: u32,
    /// The programme's auditor-days per year (0 when not stated).
    pub available: f64,
}

/// Audit time across a programme (ISO 19011 5.4.4).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(target_arch = "wasm32", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeTime {
    pub audits: Vec<TimedAudit>,
    pub years: Vec<YearDays>,
    /// The six complexity factors, in the order the ratings are given.
    pub factors: Vec<String>,
}

impl Workspace {
    /// The coverage matrix of a programme: its items against the stored plan, filled in
    /// from the results its audits have recorded.
    pub fn coverage(&self, programme_id: &str) -> Result<Coverage> {
        let p = self.programme(programme_id)?;
        let mut done: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut mark = |item: String, title: &str| {
            let titles = done.entry(item).or_default();
            if !titles.iter().any(|t| t == title) {
                titles.push(title.to_string());
            }
        };
        for (_, state) in self.programme_audits(programme_id) {
            let title = &state.audit.title;
            let audited: Vec<_> = state
                .checklist
                .iter()
                .filter(|i| i.result != ItemResult::NotAudited)
                .collect();
            for item in &audited {
                mark(item.criterion_id.clone(), title);
            }
            if !audited.is_empty() {
                for unit in &state.audit.scope.units {
                    mark(format!("unit:{unit}"), title);
                }
                for process in &state.audit.scope.processes {
                    mark(format!("process:{process}"), title);
                }
            }
        }
        let items = self.coverage_items(p)?;
        Ok(coverage::matrix(
            items, &p.extent, &p.ratings, &p.plan, &done,
        ))
    }

    /// The programme's monitoring figures on `today` (`YYYY-MM-DD`, from the page).
    pub fn programme_dashboard(&self, programme_id: &str, today: &str) -> Result<Dashboard> {
        let today = text::date("today", "Today", today)?;
        let coverage = self.coverage(programme_id)?;
        let mut states: Vec<_> = self
            .programme_audits(programme_id)
            .map(|(_, s)| s)
            .collect();
        states.sort_by(|a, b| {
            (a.audit.planned_start, &a.audit.id).cmp(&(b.audit.planned_start, &b.audit.id))
        });
        let audits: Vec<&Audit> = states.iter().map(|s| &s.audit).collect();
        let findings: Vec<&Finding> = states.iter().flat_map(|s| &s.findings).collect();
        let feedback = &self.programme(programme_id)?.feedback;
        Ok(monitoring::dashboard(
            &audits, &findings, feedback, &coverage, today,
        ))
    }

    /// The programme's audits as an iCalendar file, stamped `now`.
    pub fn programme_ics(&self, programme_id: &str, now: DateTime<Utc>) -> Result<String> {
        let p = self.programme(programme_id)?;
        let mut audits: Vec<&Audit> = self
            .programme_audits(programme_id)
            .map(|(_, s)| &s.audit)
            .collect();
        audits.sort_by(|a, b| (a.planned_start, &a.id).cmp(&(b.planned_start, &b.id)));
        Ok(calendar::ics(p, &audits, now))
    }

    /// The planner's proposal for a programme (not stored until the manager accepts it).
    pub fn proposed_plan(&self, programme_id: &str) -> Result<Vec<Planned>> {
        let p = self.programme(programme_id)?;
        Ok(coverage::propose(
            &self.coverage_items(p)?,
            &p.ratings,
            &p.extent,
        ))
    }

    /// Each audit's time estimate and the totals per year against what is available.
    pub fn programme_time(&self, programme_id: &str) -> Result<ProgrammeTime> {
        let p = self.programme(programme_id)?;
        let mut audits: Vec<TimedAudit> = self
            .programme_audits(programme_id)
            .map(|(id, state)| {
                let inputs = p
                    .audit_times
                    .iter()
                    .find(|t| &t.audit_id == id)
                    .map(|t| t.inputs.clone());
                TimedAudit {
                    audit: state.audit.clone(),
                    estimate: inputs
                        .as_ref()
                        .map(|i| i.estimate_in(&self.report_messages)),
                    inputs,
                }
            })
            .collect();
        audits.sort_by(|a, b| {
            (a.audit.planned_start, &a.audit.id).cmp(&(b.audit.planned_start, &b.audit.id))
        });
        let mut years: Vec<YearDays> = Vec::new();
        for a in &audits {
            let year = a.audit.planned_start.year();
            if years.last().is_none_or(|y| y.year != year) {
                years.push(YearDays {
                    year,
                    days: 0.0,
                    unestimated: 0,
                    available: p.auditor_days_per_year,
                });
            }
            if let Some(y) = years.last_mut() {
                match &a.estimate {
                    Some(e) => y.days += e.days,
                    None => y.unestimated += 1,
                }
            }
        }
        Ok(ProgrammeTime {
            audits,
            years,
            factors: time::factors(&self.report_messages),
        })
    }
}
