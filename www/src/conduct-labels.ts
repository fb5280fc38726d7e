// How the conduct records' enum values read to a person, and the hand-over of a
// document review's gap to the audit page's finding form.
import type { Adequacy, Audit, FeasibilityVerdict, LimitKind, Method, Role, TeamRole } from "./engine.js";
import { tKey } from "./i18n.js";

export const FEASIBILITY_VALUES: FeasibilityVerdict[] = ["feasible", "feasible_with_conditions", "not_feasible"];
export const feasibility = (v: FeasibilityVerdict) => tKey(`conduct.feasibility.${v}`);

export const ROLE_VALUES: TeamRole[] = ["lead_auditor", "auditor", "auditor_in_training", "technical_expert", "observer", "guide"];
export const role = (r: TeamRole) => tKey(`conduct.role.${r}`);
/** A role inside a sentence or after a name ("lead auditor" in English; German keeps
 * its nouns capitalised), for team roles and profile roles alike. */
export const roleInText = (r: TeamRole | Role) => tKey(`conduct.role_in_text.${r}`);

/** Roles that audit checklist items (the engine refuses items for the others). */
export const AUDITING_ROLES: TeamRole[] = ["lead_auditor", "auditor", "auditor_in_training"];

export const METHOD_VALUES: Method[] = [
  "on_site_with_interaction", "on_site_without_interaction", "remote_with_interaction", "remote_without_interaction",
];
export const method = (m: Method) => tKey(`conduct.method.${m}`);

export const ADEQUACY_VALUES: Adequacy[] = ["adequate", "partly_adequate", "inadequate"];
export const adequacy = (a: Adequacy) => tKey(`conduct.adequacy.${a}`);

export const LIMIT_VALUES: LimitKind[] = ["refused", "unavailable", "confidential"];
export const limitKind = (k: LimitKind) => tKey(`conduct.limit.${k}`);

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
