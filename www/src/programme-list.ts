// <programme-list>: every audit programme, and the form that creates one.
import { html, nothing } from "lit";
import type { ProgrammeFields } from "./engine.js";
import { attempt } from "./forms.js";
import { PageElement } from "./page.js";
import { programmeForm } from "./programme-form.js";

export class ProgrammeList extends PageElement {
  static properties = { ...PageElement.properties, creating: { state: true } };
  declare creating: boolean;

  constructor() {
    super();
    this.creating = false;
  }

  private async create(fields: ProgrammeFields) {
    this.busy = true;
    let created: string | undefined;
    this.error = await attempt(async () => {
      created = (await this.ctx.dispatch({ type: "createProgramme", programme: fields })).created;
    });
    this.busy = false;
    if (created) this.ctx.navigate({ view: "programme", id: created });
  }

  render() {
    const programmes = this.ctx.app.programmes();
    return html`
      <div class="actions">
        <h2>Audit programmes</h2>
      </div>
      <div class="card">
        ${programmes.length === 0
          ? html`<p class="muted">No audit programme yet. An audit programme sets the purpose, objectives and period for a set of audits; create one to start planning.</p>`
          : html`<table>
              <thead><tr><th>Programme</th><th>Period</th><th>Owner</th><th>Audits</th></tr></thead>
              <tbody>
                ${programmes.map(({ programme: p, auditCount }) => html`<tr>
                  <td><button class="link" @click=${() => this.ctx.navigate({ view: "programme", id: p.id })}>${p.name}</button>
                    ${p.purpose ? html`<div class="muted">${p.purpose}</div>` : nothing}</td>
                  <td>${p.periodStart} – ${p.periodEnd}</td>
                  <td>${p.owner}</td>
                  <td>${auditCount}</td>
                </tr>`)}
              </tbody>
            </table>`}
      </div>
      ${this.creating
        ? this.form()
        : html`<button @click=${() => (this.creating = true)}>New audit programme</button>`}
    `;
  }

  private form() {
    return programmeForm({
      title: "New audit programme",
      submitLabel: "Create programme",
      error: this.error,
      busy: this.busy,
      onSubmit: (fields) => this.create(fields),
      onCancel: () => {
        this.creating = false;
        this.error = undefined;
      },
    });
  }
}

customElements.define("programme-list", ProgrammeList);
