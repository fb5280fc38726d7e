// <programme-time>: auditor-days per audit with the derivation shown, and the totals
// per year against what the programme has available (ISO 19011 5.4.4).
import { html, nothing } from "lit";
import type { Stage, TimedAudit, TimeInputs } from "./engine.js";
import { field, formError, values } from "./forms.js";
import { PageElement } from "./page.js";

const STAGES: Record<Stage, string> = {
  initial: "Initial certification (stage 1 + 2)",
  surveillance: "Surveillance",
  recertification: "Recertification",
};
const FIELDS = ["headCount", "identical", "complexity", "adjustmentPercent", "onSitePercent", "sites", "ownDays"];

export class ProgrammeTime extends PageElement {
  static properties = { ...PageElement.properties, programmeId: { type: String }, editing: { state: true } };
  declare programmeId: string;
  /** The audit whose inputs are being edited. */
  declare editing: string | undefined;

  private async save(event: SubmitEvent, internal: boolean) {
    event.preventDefault();
    const v = values(event.target as HTMLFormElement);
    const number = (key: string) => (v[key] === "" || v[key] === undefined ? 0 : Number(v[key]));
    const inputs: TimeInputs = {
      headCount: number("headCount"), identical: number("identical"), stage: v.stage as Stage,
      complexity: [0, 1, 2, 3, 4, 5].map((i) => number(`factor-${i}`)),
      adjustmentPercent: number("adjustmentPercent"), onSitePercent: number("onSitePercent"), sites: number("sites"),
      ownDays: internal && v.ownDays !== "" ? Number(v.ownDays) : undefined,
    };
    this.error = await this.saving(() => this.ctx.dispatch({ type: "setAuditTime", auditId: this.editing!, inputs }));
    if (!this.error) this.editing = undefined;
  }

  private form(t: TimedAudit, factors: string[]) {
    const e = this.error;
    const i = t.inputs;
    const internal = t.audit.kind === "internal";
    const num = (name: keyof TimeInputs, label: string, value: number | undefined, hint?: string, step = "1") =>
      field(e, name, label, (inv, d) => html`<input id=${name} name=${name} type="number" step=${step} .value=${value === undefined ? "" : String(value)}
        aria-invalid=${inv} aria-describedby=${d}>`, hint);
    return html`<form class="card" novalidate @submit=${(ev: SubmitEvent) => this.save(ev, internal)} aria-label="Audit time of ${t.audit.title}">
      <h3>Audit time: ${t.audit.title}</h3>
      ${internal ? html`<p class="muted">An internal audit: your own estimate is used; the chart figure below is context only.</p>` : nothing}
      ${formError(e, FIELDS)}
      <div class="grid">
        ${num("headCount", "Head count", i?.headCount, "persons doing work in scope")}
        ${num("identical", "Of whom, identical simple activities", i?.identical ?? 0, "counted as their square root")}
        <div class="field"><label for="stage">Chart column</label><select id="stage" name="stage">
          ${Object.entries(STAGES).map(([k, l]) => html`<option value=${k} ?selected=${i?.stage === k}>${l}</option>`)}</select></div>
        ${num("sites", "Sites besides the central function", i?.sites ?? 0)}
      </div>
      <fieldset class="field"><legend><strong>Complexity</strong> <span class="hint">1 low, 2 medium, 3 high</span></legend>
        ${e?.field === "complexity" ? html`<div class="field-error" role="alert">${e.message}</div>` : nothing}
        <div class="grid">${factors.map((f, n) => html`<div class="field"><label for="factor-${n}">${f}</label>
          <select id="factor-${n}" name="factor-${n}">${[1, 2, 3].map((r) => html`<option ?selected=${(i?.complexity[n] ?? 2) === r}>${r}</option>`)}</select></div>`)}</div>
      </fieldset>
      <div class="grid">
        ${num("adjustmentPercent", "Adjustment (%)", i?.adjustmentPercent ?? 0, "−30 to +50, justified by the ratings")}
        ${num("onSitePercent", "On site (%)", i?.onSitePercent ?? 100, "80 to 100")}
        ${internal ? num("ownDays", "Your estimate (auditor-days)", i?.ownDays, undefined, "0.5") : nothing}
      </div>
      <div class="actions">
        <button type="submit">Save estimate</button>
        <button type="button" class="secondary" @click=${() => { this.editing = undefined; this.error = undefined; }}>Cancel</button>
      </div>
    </form>`;
  }

  render() {
    const t = this.ctx.app.programmeTime(this.programmeId);
    const editing = t.audits.find((a) => a.audit.id === this.editing);
    return html`<div class="card">
        <h3>Per year</h3>
        ${t.years.length === 0 ? html`<p class="muted">No audit planned yet.</p>` : html`<table aria-label="Auditor-days per year">
          <thead><tr><th>Year</th><th>Planned auditor-days</th><th>Available</th><th>Remarks</th></tr></thead>
          <tbody>${t.years.map((y) => html`<tr><td>${y.year}</td><td>${y.days}</td>
            <td>${y.available || html`<span class="muted">not stated</span>`}</td>
            <td>${y.available && y.days > y.available ? html`<span class="flag">over by ${y.days - y.available}</span>` : nothing}
              ${y.unestimated ? html`<span class="muted">${y.unestimated} audit(s) not estimated</span>` : nothing}</td></tr>`)}</tbody></table>`}
      </div>
      ${t.audits.map((a) => html`<div class="card">
        <div class="actions"><strong>${a.audit.title}</strong><span class="muted">${a.audit.plannedStart}</span>
          <button class="link" @click=${() => { this.editing = a.audit.id; this.error = undefined; }}>${a.estimate ? "Edit estimate" : "Estimate"}</button></div>
        ${a.estimate ? html`<p><strong>${a.estimate.days} auditor-days</strong>, ${a.estimate.onSiteDays} on site
            ${a.estimate.ownEstimate ? html` (your estimate; the chart gives ${a.estimate.chartDays})` : nothing}
            ${a.estimate.sitesToVisit ? html`, ${a.estimate.sitesToVisit} sites to sample` : nothing}</p>
          <ol class="derivation">${a.estimate.steps.map((s) => html`<li>${s}</li>`)}</ol>` : html`<p class="muted">No estimate yet.</p>`}
      </div>
      ${a === editing ? this.form(a, t.factors) : nothing}`)}`;
  }
}

customElements.define("programme-time", ProgrammeTime);
