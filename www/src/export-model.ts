// The models the office module reads (src/export/model.rs), gathered from the engine's
// views: the report JSON and, beside it, the action register's rows of the audit, its
// SoA with the control titles, and the report's charts drawn as PNG.
import { catalogOf, type ActionRow, type AuditDetail, type AuditApp } from "./engine.js";
import { today } from "./labels.js";
import { language, t } from "./i18n.js";
import { reportMessages } from "./messages/index.js";

export interface ChartImage { title: string; png: string; width: number; height: number }

/** Gives the page's thread back (to input and painting) between two steps of a long
 * job, so that no one task holds it for long: the browser's scheduler.yield where there
 * is one, else a new task. */
export function nextTask(): Promise<void> {
  const scheduler = (globalThis as { scheduler?: { yield?: () => Promise<void> } }).scheduler;
  return scheduler?.yield ? scheduler.yield() : new Promise((ok) => setTimeout(ok, 0));
}

/** The audit's export model as JSON, for the office module, gathered in steps with the
 * page's thread given back between them (the report JSON, the action register, the SoA
 * each take a task of their own). The report's JSON is the engine's text, spliced in as
 * it is: parsing and re-serialising it would double the page's work (an audit with
 * 1,000 findings has ~0.5 MB of it). `version` is a version id of an issued report (its
 * frozen JSON), or undefined for the current draft. */
export async function auditExportJson(app: AuditApp, detail: AuditDetail, options: { classification: string; version?: string; charts?: ChartImage[] }): Promise<string> {
  const a = detail.audit;
  const report = options.version ? app.reportVersion(options.version, "json") : app.report(a.id, "json");
  await nextTask();
  const actions = app.actions(a.programmeId, today()).filter((r: ActionRow) => r.auditId === a.id);
  await nextTask();
  let soa = null;
  if (a.soaId) {
    const { soa: s } = app.soa(a.soaId);
    const entries = new Map(s.entries.map((e) => [e.controlId, e]));
    soa = {
      name: s.name,
      entries: catalogOf(app, s.catalogId).criteria
        .filter((c) => c.kind === "control")
        .map((c) => {
          const e = entries.get(c.id);
          return {
            controlId: c.id,
            title: c.title,
            applicable: e ? e.applicable : null,
            justification: e?.justification ?? "",
            implementation: e?.implementation ?? "",
            documents: e?.documents ?? "",
          };
        }),
    };
    await nextTask();
  }
  const messages = reportMessages(language());
  const rest = JSON.stringify({ actions, soa, classification: options.classification, charts: options.charts ?? [], workspace: app.name, messages });
  return `{"report":${report},${rest.slice(1)}`;
}


/** A name safe in any file system: "ISMS audit 2026 / HQ" -> "ISMS-audit-2026-HQ". */
export function fileRef(title: string): string {
  return title.replace(/[^\p{L}\p{N}]+/gu, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "audit";
}

/** The SVG charts of the audit dashboard as PNG (drawn at twice their size, for print),
 * so that Word shows them: Word's own SVG support is not in the files docx-rs writes. */
export async function chartImages(detail: AuditDetail): Promise<ChartImage[]> {
  const charts = [{ title: t("report.docx.chart.groups"), svg: detail.charts.groups }];
  if (detail.charts.attributes) charts.push({ title: t("report.docx.chart.attributes"), svg: detail.charts.attributes });
  const out: ChartImage[] = [];
  for (const chart of charts) {
    const image = new Image();
    image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(chart.svg)}`;
    await image.decode();
    const [width, height] = [image.naturalWidth * 2, image.naturalHeight * 2];
    const canvas = document.createElement("canvas");
    canvas.width = width;
    canvas.height = height;
    const g = canvas.getContext("2d")!;
    g.fillStyle = "#fff";
    g.fillRect(0, 0, width, height);
    g.drawImage(image, 0, 0, width, height);
    const blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("The chart could not be drawn."))), "image/png"));
    const bytes = new Uint8Array(await blob.arrayBuffer());
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    out.push({ title: chart.title, png: btoa(binary), width, height });
  }
  return out;
}
