// The office module's Worker: loads the second wasm module (Word, Excel, CSV, OSCAL)
// the first time an export is asked for, and runs each export off the page's thread,
// so a long export never blocks the page. Messages: OfficeRequest in; progress notes,
// then one OfficeReply out, per request.
import init, { auditCsv, auditDocx, auditOscal, auditPlanDocx, auditXlsx, programmeDocx, readWorkbook } from "../../pkg-office/isms_office.js";
import wasmBytes from "../../pkg-office/isms_office_bg.wasm";
import type { OfficeReply, OfficeRequest } from "./office.js";

// The Worker's global scope, without pulling the WebWorker lib into the page's types.
interface WorkerScope {
  onmessage: ((event: MessageEvent<OfficeRequest>) => void) | null;
  postMessage(message: OfficeReply, transfer?: Transferable[]): void;
}
const scope = globalThis as unknown as WorkerScope;

let ready: Promise<unknown> | undefined;

scope.onmessage = async ({ data: request }) => {
  const { id } = request;
  try {
    if (!ready) {
      scope.postMessage({ id, progress: "Loading the office module" });
      ready = init({ module_or_path: wasmBytes });
    }
    await ready;
    scope.postMessage({ id, progress: request.kind === "readWorkbook" ? "Reading the workbook" : "Writing the file" });
    const bytes = write(request);
    scope.postMessage({ id, bytes }, [bytes.buffer]);
  } catch (e) {
    const error = e as Error & { code?: string };
    scope.postMessage({ id, error: { message: error.message ?? String(e), code: error.code ?? "internal" } });
  }
};

function write(request: OfficeRequest): Uint8Array<ArrayBuffer> {
  switch (request.kind) {
    case "auditDocx":
      return auditDocx(request.json) as Uint8Array<ArrayBuffer>;
    case "auditPlanDocx":
      return auditPlanDocx(request.json) as Uint8Array<ArrayBuffer>;
    case "auditXlsx":
      return auditXlsx(request.json) as Uint8Array<ArrayBuffer>;
    case "programmeDocx":
      return programmeDocx(request.json) as Uint8Array<ArrayBuffer>;
    case "auditCsv":
      return new TextEncoder().encode(auditCsv(request.json, request.part ?? ""));
    case "auditOscal":
      return new TextEncoder().encode(auditOscal(request.json, request.part ?? ""));
    case "readWorkbook":
      return new TextEncoder().encode(readWorkbook(request.bytes ?? new Uint8Array()));
  }
}
