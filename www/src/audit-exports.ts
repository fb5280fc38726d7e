// <audit-exports>: the audit's one download bar, every format in one place, and the
// audit's classification (stored with the report details, printed by every file). Word,
// Excel, CSV and OSCAL are written by the office module (a second wasm module, in a
// Worker started on the first export), so the page stays responsive while they are
// made. File names are <audit-ref>_<kind>_<version>.<ext>.
import { LitElement, html, css, nothing } from "lit";
import type { AuditDetail } from "./engine.js";
import { asAuditError } from "./engine.js";
import { auditExportJson, chartImages, fileRef, nextTask } from "./export-model.js";
import { blankChecklist } from "./blank-checklist.js";
import { attempt, downloadBytes, type Ctx } from "./forms.js";
import { officeExport, startOffice, type OfficeKind } from "./office.js";
import { shared } from "./styles.js";
import { t, tKey } from "./i18n.js";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface Format {
  id: string;
  label: string;
  kind: string;
  ext: string;
  type: string;
  /** Engine text formats, made on the page's thread (each well under 50 ms). */
  report?: "html" | "markdown" | "json";
  office?: OfficeKind;
  /** The register (CSV) or document (OSCAL) asked for. */
  part?: string;
  /** Made on the page: the blank checklist as an HTML file to print. */
  print?: "checklist";
  /** Opens the printable audit plan instead of downloading. */
  open?: "plan";
}

/** Markings offered (in the page's language); any other short one-line marking may be typed. */
const CLASSIFICATIONS = ["public", "internal", "confidential", "restricted"] as const;
const classificationName = (c: (typeof CLASSIFICATIONS)[number]) => tKey(`exports.classification.${c}`);

const REGISTERS = ["findings", "corrective-actions", "checklist", "soa"] as const;

function formats(hasSoa: boolean): { group: string; items: Format[] }[] {
  return [
    {
      group: t("exports.group.report"),
      items: [
        { id: "docx", label: t("exports.format.word"), kind: "report", ext: "docx", type: DOCX, office: "auditDocx" },
        { id: "html", label: t("exports.format.html"), kind: "report", ext: "html", type: "text/html", report: "html" },
        { id: "md", label: "Markdown", kind: "report", ext: "md", type: "text/markdown", report: "markdown" },
        { id: "json", label: "JSON", kind: "report", ext: "json", type: "application/json", report: "json" },
      ],
    },
    {
      group: t("exports.group.plan"),
      items: [
        { id: "plan-docx", label: t("exports.format.word"), kind: "plan", ext: "docx", type: DOCX, office: "auditPlanDocx" },
        { id: "plan-print", label: t("exports.format.plan_print"), kind: "plan", ext: "", type: "", open: "plan" },
      ],
    },
    {
      group: t("exports.group.registers"),
      items: [
        { id: "xlsx", label: t("exports.format.xlsx"), kind: "registers", ext: "xlsx", type: XLSX, office: "auditXlsx" },
        ...REGISTERS.filter((r) => r !== "soa" || hasSoa).map((r) => ({
          id: `csv-${r}`,
          label: tKey(`exports.csv.${r}`),
          kind: r,
          ext: "csv",
          type: "text/csv;charset=utf-8",
          office: "auditCsv" as const,
          part: r,
        })),
      ],
    },
    {
      group: "OSCAL 1.1.3",
      items: [
        { id: "oscal-ap", label: t("exports.format.oscal_ap"), kind: "oscal-ap", ext: "json", type: "application/json", office: "auditOscal", part: "ap" },
        { id: "oscal-ar", label: t("exports.format.oscal_ar"), kind: "oscal-ar", ext: "json", type: "application/json", office: "auditOscal", part: "ar" },
        { id: "oscal-poam", label: t("exports.format.oscal_poam"), kind: "oscal-poam", ext: "json", type: "application/json", office: "auditOscal", part: "poam" },
      ],
    },
    {
      group: t("common.print"),
      items: [{ id: "print-checklist", label: t("exports.format.blank_checklist"), kind: "blank-checklist", ext: "html", type: "text/html", print: "checklist" }],
    },
  ];
}

export class AuditExports extends LitElement {
  static properties = {
    ctx: { attribute: false },
    detail: { attribute: false },
    busy: { state: true },
    status: { state: true },
    failed: { state: true },
  };
  static styles = [shared, css`
    .bar { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; align-items: center; }
    .group { display: flex; flex-wrap: wrap; gap: 0.3rem; align-items: center; }
    .group > span { font-weight: 600; }
    label { display: inline-flex; gap: 0.3rem; align-items: center; }
    #export-status { min-height: 1.2em; margin: 0.4rem 0 0; }
  `];
  declare ctx: Ctx;
  declare detail: AuditDetail;
  declare busy: boolean;
  declare status: string;
  declare failed: boolean;

  /** The id of the issued report version to export, or "" for the current draft. */
  private version = "";

  /** The audit's stored marking ("Confidential", in the page's language, until one is chosen). */
  private get classification(): string {
    return this.detail.audit.report?.classification || t("exports.classification.default");
  }

  /** Stores the marking with the report details; a refused one is said and nothing changes. */
  private async classify(input: HTMLInputElement) {
    const a = this.detail.audit;
    const r = a.report ?? {};
    const details = {
      team: r.team ?? [], auditLocations: r.auditLocations ?? "", sampling: r.sampling ?? "", divergingOpinions: r.divergingOpinions ?? "",
      confidentiality: r.confidentiality ?? "", distribution: r.distribution ?? [], summary: r.summary ?? "", programmeImplications: r.programmeImplications ?? "",
      classification: input.value,
    };
    const error = await attempt(() => this.ctx.dispatch({ type: "setReportDetails", auditId: a.id, details }));
    this.failed = !!error;
    this.status = error ? error.message : t("exports.classified", { classification: this.classification });
    if (error) input.value = this.classification;
  }

  private async export(format: Format) {
    const a = this.detail.audit;
    if (format.open) {
      this.ctx.navigate({ view: "audit-plan", id: a.id });
      return;
    }
    this.busy = true;
    this.failed = false;
    const started = performance.now();
    try {
      let bytes: Uint8Array<ArrayBuffer> | string;
      const issued = this.detail.reportVersions.find((v) => v.id === this.version);
      const version = issued ? `v${issued.version}` : "draft";
      if (format.report) {
        bytes = issued ? this.ctx.app.reportVersion(issued.id, format.report) : this.ctx.app.report(a.id, format.report);
      } else if (format.print) {
        bytes = blankChecklist(this.ctx.app, this.detail);
      } else {
        // The worker starts (and loads its module) while the page gathers the model.
        startOffice();
        this.status = t("exports.gathering_audit");
        // Let the page paint the status before the engine builds the report.
        await nextTask();
        const charts = format.office === "auditDocx" ? await chartImages(this.detail) : [];
        const json = await auditExportJson(this.ctx.app, this.detail, { classification: this.classification, version: issued?.id, charts });
        bytes = await officeExport(format.office!, json, {
          part: format.part,
          progress: (note) => (this.status = `${note}…`),
        });
      }
      const name = `${fileRef(a.title)}_${format.kind}_${version}.${format.ext}`;
      downloadBytes(name, format.type, bytes);
      this.status = t("exports.ready", { name, ms: Math.round(performance.now() - started) });
    } catch (e) {
      this.failed = true;
      this.status = asAuditError(e).message;
    } finally {
      this.busy = false;
    }
  }

  protected updated() {
    // The shared styles hide `.edit` controls under :host([readonly]).
    this.toggleAttribute("readonly", this.ctx?.readonly ?? false);
  }

  render() {
    return html`<section class="card no-print" aria-label=${t("exports.downloads")}>
      <h3>${t("exports.downloads")}</h3>
      <div class="bar">
        <label class="edit">${t("exports.classification_label")}
          <input id="classification" list="classifications" size="14" .value=${this.classification} ?disabled=${this.busy}
            @change=${(e: Event) => this.classify(e.target as HTMLInputElement)}></label>
        <datalist id="classifications">${CLASSIFICATIONS.map((c) => html`<option value=${classificationName(c)}></option>`)}</datalist>
        <label>${t("exports.version")}
          <select id="export-version" @change=${(e: Event) => (this.version = (e.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.version === ""}>${t("exports.current_draft")}</option>
            ${[...this.detail.reportVersions].reverse().map((v) => html`<option value=${v.id} ?selected=${v.id === this.version}>${t("exports.issued_version", { n: v.version })}</option>`)}
          </select></label>
        ${formats(!!this.detail.audit.soaId).map((g) => html`<div class="group" role="group" aria-label=${g.group}>
          <span>${t("exports.group_label", { group: g.group })}</span>
          ${g.items.map((f) => html`<button class="secondary" id="export-${f.id}" ?disabled=${this.busy} @click=${() => this.export(f)}>${f.label}</button>`)}
        </div>`)}
      </div>
      <p id="export-status" role=${this.failed ? "alert" : "status"} class=${this.failed ? "error" : "muted"}>${this.status ?? nothing}</p>
    </section>`;
  }
}

customElements.define("audit-exports", AuditExports);
