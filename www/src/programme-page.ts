// <programme-page>: one audit programme, its audits, and planning a new audit.
import { html, nothing } from "lit";
import type { ProgrammeFields } from "./engine.js";
import { attempt } from "./forms.js";
import { KINDS, STATUSES } from "./labels.js";
import { PageElement } from "./page.js";
import { programmeForm } from "./programme-form.js";
import "./audit-form.js";

export class ProgrammePage extends PageElement {
  static properties = {
    ...PageElement.properties,
    programmeId: { type: String },
    mode: { state: true },
  };
  declare programmeId: string;
  /** Which form is open, if any. */
  declare mode: "view" | "edit" | "plan";

  constructor() {
    super();
    this.mode = "view";
  }

  private async save(fields: ProgrammeFields) {
    this.busy = true;
    this.error = await attempt(() =>
      this.ctx.dispatch({ type: "updateProgramme", programmeId: this.programmeId, programme: fields }),
    );
    this.busy = false;
    if (!this.error) this.mode = "view";
  }

  render() {
    const { app, navigate } = this.ctx;
    let programme;
    try {
      programme = app.programme(this.programmeId);
    } catch (e) {
      return html`<div class="banner error" role="alert">${(e as Error).message}</div>
        <button class="secondary" @click=${() => navigate({ view: "programmes" })}>All programmes</button>`;
    }
    const audits = app.audits(this.programmeId);
    return html`
      <nav class="no-print"><button class="link" @click=${() => navigate({ view: "programmes" })}>All programmes</button> ›</nav>
      <h2>${programme.name}</h2>
      ${this.mode === "edit"
        ? programmeForm({
            title: "Edit programme",
            submitLabel: "Save programme",
            initial: programme,
            error: this.error,
            busy: this.busy,
            onSubmit: (fields) => this.save(fields),
            onCancel: () => { this.mode = "view"; this.error = undefined; },
          })
        : html`<div class="card">
            <div class="grid">
              <p><strong>Period</strong><br>${programme.periodStart} – ${programme.periodEnd}</p>
              <p><strong>Owner</strong><br>${programme.owner}</p>
              <p><strong>Purpose</strong><br>${programme.purpose || html`<span class="muted">not stated</span>`}</p>
            </div>
            ${programme.objectives ? html`<p><strong>Objectives</strong><br><span class="pre">${programme.objectives}</span></p>` : nothing}
            <button class="secondary" @click=${() => (this.mode = "edit")}>Edit programme</button>
          </div>`}
      <h3>Audits</h3>
      <div class="card">
        ${audits.length === 0
          ? html`<p class="muted">No audit planned in this programme yet.</p>`
          : html`<table>
              <thead><tr><th>Audit</th><th>Type</th><th>Planned</th><th>Lead auditor</th><th>Status</th><th>Progress</th></tr></thead>
              <tbody>${audits.map(({ audit: a, tally }) => {
                const total = a.criteria.length;
                const done = total - tally.results.notAudited;
                return html`<tr>
                  <td><button class="link" @click=${() => navigate({ view: "audit", id: a.id })}>${a.title}</button></td>
                  <td>${KINDS[a.kind]}</td>
                  <td>${a.plannedStart} – ${a.plannedEnd}</td>
                  <td>${a.leadAuditor}</td>
                  <td><span class="pill status-${a.status}">${STATUSES[a.status]}</span></td>
                  <td>${done} of ${total} criteria audited</td>
                </tr>`;
              })}</tbody>
            </table>`}
      </div>
      ${this.mode === "plan"
        ? html`<audit-form .ctx=${this.ctx} .programmeId=${this.programmeId}
            @done=${(e: CustomEvent<string>) => navigate({ view: "audit", id: e.detail })}
            @cancel=${() => (this.mode = "view")}></audit-form>`
        : html`<button @click=${() => (this.mode = "plan")}>Plan an audit</button>`}
    `;
  }
}

customElements.define("programme-page", ProgrammePage);
