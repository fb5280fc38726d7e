// Types of the <isms-audit-app> element for embedders. Importing "isms-audit" defines
// the element (a side effect) and exports nothing at run time; these are types only.
import type { Command } from "./engine.js";

/** The engine's types (records, views, commands, errors with their `code`). */
export type * from "./engine.js";

/** A screen of the app; its address is `hash` in the navigate event (`#/audit/ID`). */
export type IsmsAuditRoute =
  | { view: "programmes" }
  | { view: "programme"; id: string; section?: "overview" | "monitoring" | "calendar" | "coverage" | "risks" | "time" | "review" }
  | { view: "audit"; id: string; findingId?: string }
  | { view: "catalog"; catalogId?: string; criterionId?: string }
  | { view: "soas" }
  | { view: "soa"; id: string }
  | { view: "criteria-sets" }
  | { view: "criteria-set"; id: string }
  | { view: "trail" }
  | { view: "actions" };

/** `isms-audit:change`: a change was saved (and journalled) in the element's workspace. */
export interface IsmsAuditChangeDetail {
  /** The kind of command saved, e.g. "addFinding". */
  type: Command["type"];
  /** The id of the record it created, if it created one. */
  created?: string;
}

/** `isms-audit:navigate`: the element shows another screen. */
export interface IsmsAuditNavigateDetail {
  route: IsmsAuditRoute;
  /** The screen's address, e.g. "#/audit/3f2c…". */
  hash: string;
}

export interface IsmsAuditAppElement extends HTMLElement {
  /** Attribute `workspace`: the IndexedDB database (default "isms-audit"). */
  workspace: string | undefined;
  /** Attribute `routing`: "hash" (default) keeps the screen in location.hash; "none"
   * keeps it inside the element (a second element on the page, or a portal that routes
   * itself). */
  routing: "hash" | "none" | undefined;
  /** Shows the audit with this id. */
  openAudit(auditId: string): void;
  /** The whole workspace as a backup file's text (JSON); rejects with an error whose
   * `code` is "unverified" when the audit trail does not vouch for the data. */
  exportBackup(): Promise<string>;
}

declare global {
  interface HTMLElementTagNameMap {
    "isms-audit-app": IsmsAuditAppElement;
  }
  interface HTMLElementEventMap {
    "isms-audit:change": CustomEvent<IsmsAuditChangeDetail>;
    "isms-audit:navigate": CustomEvent<IsmsAuditNavigateDetail>;
  }
}
