// Loads the engine (the wasm bytes are bundled into app.js, so no fetch is needed and
// the CSP can forbid every connection) and opens a workspace.
import init, { AuditApp } from "../../pkg/isms_audit.js";
import type { AuditError, Catalog, ErrorCode } from "../../pkg/isms_audit.js";
import wasmBytes from "../../pkg/isms_audit_bg.wasm";

export type * from "../../pkg/isms_audit.js";
export { AuditApp };

let ready: Promise<unknown> | undefined;

export async function openWorkspace(name?: string): Promise<AuditApp> {
  ready ??= init({ module_or_path: wasmBytes });
  await ready;
  return AuditApp.open(name);
}

const catalogs = new Map<string, Catalog>();

/** A criteria catalog. Catalogs are compiled into the engine and never change, so each
 * is fetched (and converted to a JS object, ~200 KB with its guidance) only once. */
export function catalogOf(app: AuditApp, id: string): Catalog {
  let catalog = catalogs.get(id);
  if (!catalog) {
    catalog = app.catalog(id);
    catalogs.set(id, catalog);
  }
  return catalog;
}

/** The engine's error, or a generic one for anything else that was thrown. */
export function asAuditError(error: unknown): AuditError {
  if (error instanceof Error && typeof (error as Partial<AuditError>).code === "string") {
    return error as AuditError;
  }
  const message = error instanceof Error ? error.message : String(error);
  return Object.assign(new Error(message), { code: "storage" as ErrorCode, details: [] });
}
