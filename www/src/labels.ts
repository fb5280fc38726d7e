// How engine enum values read to a person.
import type { ActionStatus, AuditKind, AuditStatus, Effectiveness, Grade, ItemResult, Verdict } from "./engine.js";
import { tKey } from "./i18n.js";

// Each is a function evaluated at render time: the language may change while the page is
// open. The `…_VALUES` lists give the order in which choices are offered.
export const GRADE_VALUES: Grade[] = [
  "major_nonconformity", "minor_nonconformity", "observation", "opportunity_for_improvement", "good_practice", "conformity",
];
export const grade = (g: Grade) => tKey(`audit.grade.${g}`);

export const VERDICT_VALUES: Verdict[] = ["fulfilled", "fulfilled_with_nonconformities", "not_fulfilled", "not_determined", "partially_audited"];
export const verdict = (v: Verdict) => tKey(`audit.verdict.${v}`);

export const EFFECTIVENESS_VALUES: Effectiveness[] = ["effective", "partly_effective", "not_effective"];
export const effectiveness = (e: Effectiveness) => tKey(`audit.effectiveness.${e}`);

export const RESULT_VALUES: ItemResult[] = ["not_audited", "conforming", "nonconforming", "not_applicable"];
export const itemResult = (r: ItemResult) => tKey(`audit.result.${r}`);

export const STATUS_VALUES: AuditStatus[] = ["planned", "in_progress", "completed"];
export const auditStatus = (s: AuditStatus) => tKey(`audit.status.${s}`);

export const ACTION_STATUS_VALUES: ActionStatus[] = ["proposed", "accepted", "implemented", "verified_effective", "closed"];
export const actionStatus = (s: ActionStatus) => tKey(`audit.action_status.${s}`);

export const KIND_VALUES: AuditKind[] = ["internal", "supplier", "external"];
export const auditKind = (k: AuditKind) => tKey(`audit.kind.${k}`);

/** Today as YYYY-MM-DD in the user's time zone. */
export function today(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
