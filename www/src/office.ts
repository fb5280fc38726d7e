// The page's side of the office module: starts its Worker on the first export (never
// on first load) and turns each request into a promise of the file's bytes. The served
// page loads office-worker.js beside app.js; the single-file build carries the worker's
// code inline (a data block, see scripts/single-file.mjs) and starts it from a blob.
import type { ErrorCode } from "./engine.js";

export type OfficeKind = "auditDocx" | "auditPlanDocx" | "auditXlsx" | "auditCsv" | "auditOscal" | "programmeDocx" | "readWorkbook";

export interface OfficeRequest {
  id: number;
  kind: OfficeKind;
  /** The export model (AuditExport or ProgrammeExport of src/export/model.rs) as JSON;
   * empty for readWorkbook. */
  json: string;
  /** readWorkbook: the .xlsx or .ods file. */
  bytes?: Uint8Array<ArrayBuffer>;
  /** Which part: for auditCsv the register (findings, corrective-actions, checklist,
   * soa), for auditOscal the document (ap, ar, poam). */
  part?: string;
}

export type OfficeReply =
  | { id: number; progress: string }
  | { id: number; bytes: Uint8Array<ArrayBuffer> }
  | { id: number; error: { message: string; code: string } };

/** The id of the data block in the single-file build that holds the worker's code. */
export const INLINE_WORKER_ID = "isms-office-worker";

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, { resolve: (bytes: Uint8Array<ArrayBuffer>) => void; reject: (e: Error) => void; progress?: (note: string) => void }>();

function start(): Worker {
  const inline = document.getElementById(INLINE_WORKER_ID)?.textContent;
  const url = inline
    ? URL.createObjectURL(new Blob([inline], { type: "text/javascript" }))
    : new URL("./office-worker.js", import.meta.url);
  const w = new Worker(url, { name: "isms-audit office" });
  w.onmessage = ({ data }: MessageEvent<OfficeReply>) => {
    const call = pending.get(data.id);
    if (!call) return;
    if ("progress" in data) {
      call.progress?.(data.progress);
      return;
    }
    pending.delete(data.id);
    if ("bytes" in data) call.resolve(data.bytes);
    else call.reject(Object.assign(new Error(data.error.message), { code: data.error.code as ErrorCode, details: [] }));
  };
  w.onerror = (event) => {
    const error = Object.assign(new Error(`The office module could not start (${event.message || "no reason given"}); reload the page and try again.`), { code: "internal" as ErrorCode, details: [] });
    for (const call of pending.values()) call.reject(error);
    pending.clear();
    worker = undefined;
  };
  return w;
}

/** Starts the office module's Worker if it is not running yet, so that it loads while
 * the page gathers what to export. */
export function startOffice(): void {
  worker ??= start();
}

/** The file an office export writes from `json`, the model as JSON; `progress` hears
 * what the module is doing. */
export function officeExport(kind: OfficeKind, json: string, options: { part?: string; progress?: (note: string) => void; bytes?: Uint8Array<ArrayBuffer> } = {}): Promise<Uint8Array<ArrayBuffer>> {
  startOffice();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, progress: options.progress });
    worker!.postMessage({ id, kind, json, part: options.part, bytes: options.bytes } satisfies OfficeRequest);
  });
}

/** The sheets of an .xlsx or .ods workbook as the engine's sheet model (JSON),
 * read by the office module in its Worker (loaded on first use). */
export async function readWorkbook(bytes: Uint8Array<ArrayBuffer>, progress?: (note: string) => void): Promise<string> {
  const json = await officeExport("readWorkbook", "", { bytes, progress });
  return new TextDecoder().decode(json);
}
