// <programme-risks>: the programme's own risks and opportunities (ISO 19011 5.3).
import { html } from "lit";
import type { Area, Programme, RiskFields, RiskKind, RiskStatus } from "./engine.js";
import { field, formError, values } from "./forms.js";
import { PageElement } from "./page.js";

const AREAS: Record<Area, string> = {
  planning: "Planning", resources: "Resources", team_selection: "Team selection", communication: "Communication",
  implementation: "Implementation", records: "Records", monitoring: "Monitoring",
};
const RISK_KINDS: Record<RiskKind, string> = { risk: "Risk", opportunity: "Opportunity" };
const RISK_STATUSES: Record<RiskStatus, string> = { open: "Open", treating: "Being treated", closed: "Closed" };
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
        ${[1, 2, 3, 4, 5].map((n) => html`<option ?selected=${(r?.[name] ?? 3) === n}>${n}</option>`)}</select>`, "1 lowest – 5 highest");
    const choice = <T extends string>(name: string, label: string, options: Record<T, string>, current: T | undefined) =>
      html`<div class="field"><label for=${name}>${label}</label><select id=${name} name=${name}>
        ${Object.entries(options).map(([k, l]) => html`<option value=${k} ?selected=${current === k}>${l}</option>`)}</select></div>`;
    return html`<form class="card" novalidate @submit=${this.save} aria-label="Programme risk">
      <h3>${r ? `Edit R-${this.editing}` : "New risk or opportunity"}</h3>
      ${formError(e, FIELDS)}
      ${field(e, "description", "Description", (inv, d) => html`<textarea id="description" name="description" .value=${r?.description ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`)}
      <div class="grid">
        ${choice("kind", "Kind", RISK_KINDS, r?.kind)}
        ${choice("area", "Area", AREAS, r?.area)}
        ${scale("likelihood", "Likelihood")}
        ${scale("impact", "Impact")}
        ${choice("status", "Status", RISK_STATUSES, r?.status)}
        ${field(e, "owner", "Owner", (inv, d) => html`<input id="owner" name="owner" .value=${r?.owner ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
      </div>
      ${field(e, "treatment", "Treatment", (inv, d) => html`<textarea id="treatment" name="treatment" .value=${r?.treatment ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`)}
      <div class="actions">
        <button type="submit">Save</button>
        <button type="button" class="secondary" @click=${() => { this.editing = undefined; this.error = undefined; }}>Cancel</button>
      </div>
    </form>`;
  }

  render() {
    const p: Programme = this.ctx.app.programme(this.programmeId);
    const risks = p.risks ?? [];
    return html`<div class="card">
        ${risks.length === 0
          ? html`<p class="muted">No programme risk or opportunity recorded yet.</p>`
          : html`<table aria-label="Programme risks and opportunities">
              <thead><tr><th class="nowrap">No.</th><th>Description</th><th class="nowrap">Kind</th><th>Area</th><th>L × I</th><th>Treatment</th><th>Owner</th><th class="nowrap">Status</th><th></th></tr></thead>
              <tbody>${risks.map(({ number, risk: r }) => {
                const score = r.likelihood * r.impact;
                return html`<tr>
                  <td class="nowrap">R-${number}</td><td class="pre">${r.description}</td><td>${RISK_KINDS[r.kind]}</td><td class="nowrap">${AREAS[r.area]}</td>
                  <td><span class="pill risk-${band(score)}">${r.likelihood} × ${r.impact} = ${score}</span></td>
                  <td class="pre">${r.treatment}</td><td>${r.owner}</td><td>${RISK_STATUSES[r.status]}</td>
                  <td class="nowrap"><button class="link" @click=${() => { this.editing = number; this.error = undefined; }}>Edit</button></td>
                </tr>`;
              })}</tbody>
            </table>`}
      </div>
      ${this.editing === undefined
        ? html`<button @click=${() => (this.editing = 0)}>Add a risk or opportunity</button>`
        : this.form(risks.find((r) => r.number === this.editing)?.risk)}`;
  }
}

customElements.define("programme-risks", ProgrammeRisks);
