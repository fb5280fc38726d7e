// Loads the engine (the wasm bytes are bundled into app.js, so no fetch is needed and
// the CSP can forbid every connection) and opens a workspace.
import init, { AuditApp } from "../../pkg/isms_audit.js";
import type { AuditError, Catalog, ErrorCode } from "../../pkg/isms_audit.js";
import wasmBytes from "../../pkg/isms_audit_bg.wasm";
import { t } from "./i18n.js";

export type * from "../../pkg/isms_audit.js";
export { AuditApp };

let ready: Promise<unknown> | undefined;

export async function openWorkspace(name?: string): Promise<AuditApp> {
  ready ??= init({ module_or_path: wasmBytes });
  await ready;
  return AuditApp.open(name);
}

/** Opens a workspace protected with a passphrase, with the passphrase or recovery key. */
export async function unlockWorkspace(name: string, secret: string): Promise<AuditApp> {
  ready ??= init({ module_or_path: wasmBytes });
  await ready;
  return AuditApp.unlock(name, secret);
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

/** The event the engine dispatches on `globalThis` when it panics (see `PanicEvent`). */
export const PANIC_EVENT = "isms-audit:panic";

/** True for what a call throws when the engine traps (it does after a panic): the
 * engine has stopped, and only a reload brings it back. */
export function isEngineTrap(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError;
}

/** The engine's error, or an `internal` one for anything else that was thrown (a trap
 * of the engine, or a fault in the page itself). */
export function asAuditError(error: unknown): AuditError {
  if (error instanceof Error && typeof (error as Partial<AuditError>).code === "string") {
    return error as AuditError;
  }
  const text = error instanceof Error ? error.message : String(error);
  const trap = isEngineTrap(error);
  const message = trap ? t("records.engine.stopped", { error: text }) : text;
  // `localized`: the page wrote this message in the page's language (forms.ts shows it as it is).
  return Object.assign(new Error(message), { code: "internal" as ErrorCode, details: [], localized: trap });
}
