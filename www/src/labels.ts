// How engine enum values read to a person.
import type { ActionStatus, AuditKind, AuditStatus, Effectiveness, Grade, ItemResult, Verdict } from "./engine.js";

export const GRADES: Record<Grade, string> = {
  major_nonconformity: "Major nonconformity",
  minor_nonconformity: "Minor nonconformity",
  observation: "Observation",
  opportunity_for_improvement: "Opportunity for improvement",
  good_practice: "Good practice",
  conformity: "Conformity",
};

export const VERDICTS: Record<Verdict, string> = {
  fulfilled: "Criteria fulfilled",
  fulfilled_with_nonconformities: "Fulfilled, with nonconformities",
  not_fulfilled: "Criteria not fulfilled",
  not_determined: "Not determined",
  partially_audited: "Partially audited",
};

export const EFFECTIVENESS: Record<Effectiveness, string> = {
  effective: "Effectively implemented and maintained",
  partly_effective: "Implemented and maintained, not effective in every part audited",
  not_effective: "Not effectively implemented and maintained",
};

export const RESULTS: Record<ItemResult, string> = {
  not_audited: "Not yet audited",
  conforming: "Conforming",
  nonconforming: "Nonconforming",
  not_applicable: "Not applicable",
};

export const STATUSES: Record<AuditStatus, string> = {
  planned: "Planned",
  in_progress: "In progress",
  completed: "Completed",
};

export const ACTION_STATUSES: Record<ActionStatus, string> = {
  proposed: "Proposed",
  accepted: "Accepted",
  implemented: "Implemented",
  verified_effective: "Verified effective",
  closed: "Closed",
};

export const KINDS: Record<AuditKind, string> = {
  internal: "Internal (first party)",
  supplier: "Supplier (second party)",
  external: "Other external",
};

/** Today as YYYY-MM-DD in the user's time zone. */
export function today(): string {
  const now = new Date();
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
