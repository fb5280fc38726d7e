// <programme-risks>: the programme's own risks and opportunities (ISO 19011 5.3).
import { html } from "lit";
import type { Area, Programme, RiskFields, RiskKind, RiskStatus } from "./engine.js";
import { field, formError, values } from "./forms.js";
import { PageElement } from "./page.js";
import { t, tKey } from "./i18n.js";

const AREAS: Area[] = ["planning", "resources", "team_selection", "communication", "implementation", "records", "monitoring"];
const RISK_KINDS: RiskKind[] = ["risk", "opportunity"];
const RISK_STATUSES: RiskStatus[] = ["open", "treating", "closed"];
const area = (a: Area) => tKey(`programme.risks.area.${a}`);
const riskKind = (k: RiskKind) => tKey(`programme.risks.kind.${k}`);
const riskStatus = (s: RiskStatus) => tKey(`programme.risks.status.${s}`);
const FIELDS = ["description", "likelihood", "impact", "treatment", "owner"];

/** The rating band of likelihood × impact (1-25), for its colour. */
function band(score: number): string {
  return score >= 15 ? "high" : score >= 8 ? "medium" : "low";
}

export class ProgrammeRisks extends PageElement {
  static properties = { ...PageElement.properties, programmeId: { type: String }, editing: { state: true } };
  declare programmeId: string;
  /** The number of the risk being edited, 0 for a new one, undefined when no form is open. */
  declare editing: number | undefined;

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const v = values(event.target as HTMLFormElement);
    const number = this.editing || undefined;
    this.error = await this.saving(() =>
      this.ctx.dispatch({
        type: "setProgrammeRisk",
        programmeId: this.programmeId,
        number,
        risk: {
          description: v.description, kind: v.kind as RiskKind, area: v.area as Area,
          likelihood: Number(v.likelihood), impact: Number(v.impact),
          treatment: v.treatment, owner: v.owner, status: v.status as RiskStatus,
        },
      }),
    );
    if (!this.error) this.editing = undefined;
  }

  private form(r: RiskFields | undefined) {
    const e = this.error;
    const scale = (name: "likelihood" | "impact", label: string) =>
      field(e, name, label, (inv, d) => html`<select id=${name} name=${name} aria-invalid=${inv} aria-describedby=${d}>
        ${[1, 2, 3, 4, 5].map((n) => html`<option ?selected=${(r?.[name] ?? 3) === n}>${n}</option>`)}</select>`, t("programme.risks.scale_hint"));
    const choice = <T extends string>(name: string, label: string, options: T[], text: (k: T) => string, current: T | undefined) =>
      html`<div class="field"><label for=${name}>${label}</label><select id=${name} name=${name}>
        ${options.map((k) => html`<option value=${k} ?selected=${current === k}>${text(k)}</option>`)}</select></div>`;
    return html`<form class="card edit" novalidate @submit=${this.save} aria-label=${t("programme.risks.form_label")}>
      <h3>${r ? t("programme.risks.edit_title", { number: this.editing ?? 0 }) : t("programme.risks.new")}</h3>
      ${formError(e, FIELDS)}
      ${field(e, "description", t("common.description"), (inv, d) => html`<textarea id="description" name="description" .value=${r?.description ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`)}
      <div class="grid">
        ${choice("kind", t("common.kind"), RISK_KINDS, riskKind, r?.kind)}
        ${choice("area", t("programme.risks.area_label"), AREAS, area, r?.area)}
        ${scale("likelihood", t("programme.risks.likelihood"))}
        ${scale("impact", t("programme.risks.impact"))}
        ${choice("status", t("common.status"), RISK_STATUSES, riskStatus, r?.status)}
        ${field(e, "owner", t("common.owner"), (inv, d) => html`<input id="owner" name="owner" .value=${r?.owner ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
      </div>
      ${field(e, "treatment", t("programme.risks.treatment"), (inv, d) => html`<textarea id="treatment" name="treatment" .value=${r?.treatment ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`)}
      <div class="actions">
        <button type="submit">${t("common.save")}</button>
        <button type="button" class="secondary" @click=${() => { this.editing = undefined; this.error = undefined; }}>${t("common.cancel")}</button>
      </div>
    </form>`;
  }

  render() {
    const p: Programme = this.ctx.app.programme(this.programmeId);
    const risks = p.risks ?? [];
    return html`<div class="card">
        ${risks.length === 0
          ? html`<p class="muted">${t("programme.risks.empty")}</p>`
          : html`<table aria-label=${t("programme.risks.table")}>
              <thead><tr><th class="nowrap">${t("programme.risks.number")}</th><th>${t("common.description")}</th><th class="nowrap">${t("common.kind")}</th><th>${t("programme.risks.area_label")}</th><th>${t("programme.risks.score")}</th><th>${t("programme.risks.treatment")}</th><th>${t("common.owner")}</th><th class="nowrap">${t("common.status")}</th><th></th></tr></thead>
              <tbody>${risks.map(({ number, risk: r }) => {
                const score = r.likelihood * r.impact;
                return html`<tr>
                  <td class="nowrap">R-${number}</td><td class="pre">${r.description}</td><td>${riskKind(r.kind)}</td><td class="nowrap">${area(r.area)}</td>
                  <td><span class="pill risk-${band(score)}">${r.likelihood} × ${r.impact} = ${score}</span></td>
                  <td class="pre">${r.treatment}</td><td>${r.owner}</td><td>${riskStatus(r.status)}</td>
                  <td class="nowrap"><button class="link edit" @click=${() => { this.editing = number; this.error = undefined; }}>${t("common.edit")}</button></td>
                </tr>`;
              })}</tbody>
            </table>`}
      </div>
      ${this.editing === undefined
        ? html`<button class="edit" @click=${() => (this.editing = 0)}>${t("programme.risks.add")}</button>`
        : this.form(risks.find((r) => r.number === this.editing)?.risk)}`;
  }
}

customElements.define("programme-risks", ProgrammeRisks);
