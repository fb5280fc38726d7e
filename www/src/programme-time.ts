// <programme-time>: auditor-days per audit with the derivation shown, and the totals
// per year against what the programme has available (ISO 19011 5.4.4).
import { html, nothing } from "lit";
import type { Stage, TimedAudit, TimeInputs } from "./engine.js";
import { field, formError, values } from "./forms.js";
import { PageElement } from "./page.js";
import { number as num, t, tKey } from "./i18n.js";
import { rich } from "./i18n-html.js";

const STAGES: Stage[] = ["initial", "surveillance", "recertification"];

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

  private form(a: TimedAudit, factors: string[]) {
    const e = this.error;
    const i = a.inputs;
    const internal = a.audit.kind === "internal";
    const input = (name: keyof TimeInputs, label: string, value: number | undefined, hint?: string, step = "1") =>
      field(e, name, label, (inv, d) => html`<input id=${name} name=${name} type="number" step=${step} .value=${value === undefined ? "" : String(value)}
        aria-invalid=${inv} aria-describedby=${d}>`, hint);
    return html`<form class="card edit" novalidate @submit=${(ev: SubmitEvent) => this.save(ev, internal)} aria-label=${t("programme.time.form_label", { title: a.audit.title })}>
      <h3>${t("programme.time.form_title", { title: a.audit.title })}</h3>
      ${internal ? html`<p class="muted">${t("programme.time.internal")}</p>` : nothing}
      ${formError(e, FIELDS)}
      <div class="grid">
        ${input("headCount", t("programme.time.head_count"), i?.headCount, t("programme.time.head_count_hint"))}
        ${input("identical", t("programme.time.identical"), i?.identical ?? 0, t("programme.time.identical_hint"))}
        <div class="field"><label for="stage">${t("programme.time.stage")}</label><select id="stage" name="stage">
          ${STAGES.map((k) => html`<option value=${k} ?selected=${i?.stage === k}>${tKey(`programme.time.stages.${k}`)}</option>`)}</select></div>
        ${input("sites", t("programme.time.sites"), i?.sites ?? 0)}
      </div>
      <fieldset class="field"><legend><strong>${t("programme.time.complexity")}</strong> <span class="hint">${t("programme.time.complexity_hint")}</span></legend>
        ${e?.field === "complexity" ? html`<div class="field-error" role="alert">${e.message}</div>` : nothing}
        <div class="grid">${factors.map((f, n) => html`<div class="field"><label for="factor-${n}">${f}</label>
          <select id="factor-${n}" name="factor-${n}">${[1, 2, 3].map((r) => html`<option ?selected=${(i?.complexity[n] ?? 2) === r}>${r}</option>`)}</select></div>`)}</div>
      </fieldset>
      <div class="grid">
        ${input("adjustmentPercent", t("programme.time.adjustment"), i?.adjustmentPercent ?? 0, t("programme.time.adjustment_hint"))}
        ${input("onSitePercent", t("programme.time.on_site"), i?.onSitePercent ?? 100, t("programme.time.on_site_hint"))}
        ${internal ? input("ownDays", t("programme.time.own_days"), i?.ownDays, undefined, "0.5") : nothing}
      </div>
      <div class="actions">
        <button type="submit">${t("programme.time.save")}</button>
        <button type="button" class="secondary" @click=${() => { this.editing = undefined; this.error = undefined; }}>${t("common.cancel")}</button>
      </div>
    </form>`;
  }

  render() {
    const time = this.ctx.app.programmeTime(this.programmeId);
    const editing = time.audits.find((a) => a.audit.id === this.editing);
    return html`<div class="card">
        <h3>${t("programme.time.per_year")}</h3>
        ${time.years.length === 0 ? html`<p class="muted">${t("programme.no_audit_yet")}</p>` : html`<table aria-label=${t("programme.page.auditor_days")}>
          <thead><tr><th>${t("programme.time.year")}</th><th>${t("programme.time.planned_days")}</th><th>${t("programme.time.available")}</th><th>${t("programme.time.remarks")}</th></tr></thead>
          <tbody>${time.years.map((y) => html`<tr><td>${y.year}</td><td>${num(y.days)}</td>
            <td>${y.available ? num(y.available) : html`<span class="muted">${t("programme.page.not_stated")}</span>`}</td>
            <td>${y.available && y.days > y.available ? html`<span class="flag">${t("programme.time.over", { n: num(y.days - y.available) })}</span>` : nothing}
              ${y.unestimated ? html`<span class="muted">${t("programme.time.unestimated", { n: y.unestimated })}</span>` : nothing}</td></tr>`)}</tbody></table>`}
      </div>
      ${time.audits.map((a) => html`<div class="card">
        <div class="actions"><strong>${a.audit.title}</strong><span class="muted">${a.audit.plannedStart}</span>
          <button class="link edit" @click=${() => { this.editing = a.audit.id; this.error = undefined; }}>${a.estimate ? t("programme.time.edit") : t("programme.time.estimate")}</button></div>
        ${a.estimate ? html`<p>${rich(this.estimateLine(a.estimate), "days", html`<strong>${t("programme.time.days", { days: num(a.estimate.days) })}</strong>`)}</p>
          <ol class="derivation">${a.estimate.steps.map((s) => html`<li>${s}</li>`)}</ol>` : html`<p class="muted">${t("programme.time.none_yet")}</p>`}
      </div>
      ${a === editing ? this.form(a, time.factors) : nothing}`)}`;
  }

  /** The estimate in one sentence, with `{days}` left for the bold figure. */
  private estimateLine(e: NonNullable<TimedAudit["estimate"]>): string {
    const onSite = num(e.onSiteDays);
    const sites = e.sitesToVisit ?? 0;
    if (e.ownEstimate) {
      return sites
        ? t("programme.time.line_own_sites", { onSite, chart: num(e.chartDays), sites })
        : t("programme.time.line_own", { onSite, chart: num(e.chartDays) });
    }
    return sites ? t("programme.time.line_sites", { onSite, sites }) : t("programme.time.line", { onSite });
  }
}

customElements.define("programme-time", ProgrammeTime);
