// How the conduct records' enum values read to a person, and the hand-over of a
// document review's gap to the audit page's finding form.
import type { Adequacy, Audit, FeasibilityVerdict, LimitKind, Method, TeamRole } from "./engine.js";

export const FEASIBILITY: Record<FeasibilityVerdict, string> = {
  feasible: "Feasible",
  feasible_with_conditions: "Feasible with conditions",
  not_feasible: "Not feasible",
};

export const ROLES: Record<TeamRole, string> = {
  lead_auditor: "Lead auditor",
  auditor: "Auditor",
  auditor_in_training: "Auditor in training",
  technical_expert: "Technical expert",
  observer: "Observer",
  guide: "Guide",
};

/** Roles that audit checklist items (the engine refuses items for the others). */
export const AUDITING_ROLES: TeamRole[] = ["lead_auditor", "auditor", "auditor_in_training"];

export const METHODS: Record<Method, string> = {
  on_site_with_interaction: "On site, with human interaction",
  on_site_without_interaction: "On site, without human interaction",
  remote_with_interaction: "Remote, with human interaction",
  remote_without_interaction: "Remote, without human interaction",
};

export const ADEQUACY: Record<Adequacy, string> = {
  adequate: "Adequate",
  partly_adequate: "Partly adequate",
  inadequate: "Inadequate",
};

export const LIMITS: Record<LimitKind, string> = {
  refused: "Refused",
  unavailable: "Unavailable",
  confidential: "Confidential",
};

/** Names compare trimmed and ignoring case, as the engine compares them. */
export const samePerson = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/** A finding to propose on the audit page, by audit id: set when a document review's
 * gap is raised as a finding, taken (once) by the audit page's finding form. */
export const findingDrafts = new Map<string, { statement: string; evidence: string }>();

/** An audit's conduct records with every list and text filled in (the engine leaves out
 * what an audit planned before release 0.4 never recorded). */
export function conductOf(a: Audit) {
  const c = a.conduct ?? {};
  const i = c.initiation ?? {};
  return {
    initiation: {
      clientContacts: i.clientContacts ?? [], auditeeContacts: i.auditeeContacts ?? [], access: i.access ?? "",
      confidentiality: i.confidentiality ?? "", safety: i.safety ?? "", language: i.language ?? "", areasOfConcern: i.areasOfConcern ?? "",
    },
    feasibility: c.feasibility,
    team: (c.team ?? []).map((m) => ({ ...m, criteria: m.criteria ?? [] })),
    documents: c.documents ?? [],
    sessions: c.sessions ?? [],
    planAcceptance: c.planAcceptance,
    opening: c.opening,
    closing: c.closing,
    communications: c.communications ?? [],
    informationLimits: c.informationLimits ?? [],
  };
}
