// <programme-exports>: the programme's one download bar: the programme report as Word
// (written by the office module in its Worker) and the schedule as iCalendar. File
// names are <programme-ref>_<kind>_<date>.<ext>.
import { LitElement, html, css, nothing } from "lit";
import { asAuditError, type ActionRow } from "./engine.js";
import { fileRef } from "./export-model.js";
import { downloadBytes, type Ctx } from "./forms.js";
import { auditKind, auditStatus, grade, today } from "./labels.js";
import { officeExport } from "./office.js";
import { shared } from "./styles.js";
import { language, t } from "./i18n.js";
import { reportMessages } from "./messages/index.js";

const DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

export class ProgrammeExports extends LitElement {
  static properties = {
    ctx: { attribute: false },
    programmeId: { type: String },
    busy: { state: true },
    status: { state: true },
    failed: { state: true },
  };
  static styles = [shared, css`
    .bar { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; }
    #programme-export-status { min-height: 1.2em; margin: 0.4rem 0 0; }
  `];
  declare ctx: Ctx;
  declare programmeId: string;
  declare busy: boolean;
  declare status: string;
  declare failed: boolean;

  /** The programme report's model (ProgrammeExport of src/export/model.rs). */
  private model() {
    const { app } = this.ctx;
    const p = app.programme(this.programmeId);
    const d = app.programmeDashboard(this.programmeId, today());
    const actions = app.actions(this.programmeId, today()).filter((r: ActionRow) => r.action.status !== "closed");
    return {
      name: p.name,
      purpose: p.purpose,
      objectives: p.objectives.split("\n").map((o) => o.trim()).filter(Boolean),
      period: t("exports.programme.period", { start: p.periodStart, end: p.periodEnd }),
      owner: p.owner,
      classification: t("exports.classification.internal"),
      generatedAt: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
      audits: app.audits(this.programmeId).map(({ audit: a }) => ({
        title: a.title, kind: auditKind(a.kind), status: auditStatus(a.status), plannedStart: a.plannedStart, plannedEnd: a.plannedEnd, leadAuditor: a.leadAuditor,
      })),
      figures: [
        [t("exports.programme.completed"), t("exports.programme.of", { done: d.completed, total: d.audits.length })],
        [t("exports.programme.on_schedule"), String(d.onSchedule)],
        [t("exports.programme.late"), String(d.late)],
        [t("exports.programme.items_audited"), t("exports.programme.of", { done: d.auditedItems, total: d.items })],
        [t("exports.programme.uncovered"), String(d.uncovered)],
        ...d.byGrade.map((g) => [grade(g.grade), String(g.count)]),
      ],
      actions,
      competence: app.competenceReminders(this.programmeId, today()).map((r) => ({ name: r.name, what: r.what, due: r.due })),
      // The report.* messages: the office module words the Word file in the page's language.
      messages: reportMessages(language()),
    };
  }

  private async export(kind: "report" | "calendar") {
    const p = this.ctx.app.programme(this.programmeId);
    this.busy = true;
    this.failed = false;
    const started = performance.now();
    try {
      const name = `${fileRef(p.name)}_${kind === "report" ? "programme-report" : "calendar"}_${today()}.${kind === "report" ? "docx" : "ics"}`;
      if (kind === "report") {
        this.status = t("exports.gathering_programme");
        const bytes = await officeExport("programmeDocx", JSON.stringify(this.model()), { progress: (note) => (this.status = `${note}…`) });
        downloadBytes(name, DOCX, bytes);
      } else {
        downloadBytes(name, "text/calendar", this.ctx.app.programmeIcs(this.programmeId));
      }
      this.status = t("exports.ready", { name, ms: Math.round(performance.now() - started) });
    } catch (e) {
      this.failed = true;
      this.status = asAuditError(e).message;
    } finally {
      this.busy = false;
    }
  }

  render() {
    return html`<section class="card no-print" aria-label=${t("exports.programme.downloads")}>
      <div class="bar">
        <strong>${t("exports.group_label", { group: t("exports.downloads") })}</strong>
        <button class="secondary" id="export-programme-docx" ?disabled=${this.busy} @click=${() => this.export("report")}>${t("exports.programme.report")}</button>
        <button class="secondary" id="export-programme-ics" ?disabled=${this.busy} @click=${() => this.export("calendar")}>${t("exports.programme.calendar")}</button>
      </div>
      <p id="programme-export-status" role=${this.failed ? "alert" : "status"} class=${this.failed ? "error" : "muted"}>${this.status ?? nothing}</p>
    </section>`;
  }
}

customElements.define("programme-exports", ProgrammeExports);
