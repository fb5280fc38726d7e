// <programme-list>: every audit programme, and the form that creates one.
import { html, nothing } from "lit";
import type { ProgrammeFields } from "./engine.js";
import { attempt, chosenText, download, formError, type FormError } from "./forms.js";
import { today } from "./labels.js";
import { PageElement } from "./page.js";
import { programmeForm } from "./programme-form.js";

export class ProgrammeList extends PageElement {
  static properties = { ...PageElement.properties, creating: { state: true }, backupError: { state: true }, restored: { state: true } };
  declare creating: boolean;
  declare backupError: FormError | undefined;
  declare restored: boolean;

  private async exportBackup() {
    this.backupError = await attempt(async () => {
      const text = await this.ctx.app.exportWorkspace();
      download(`isms-audit backup ${this.ctx.app.name} ${today()}.json`, "application/json", text);
    });
  }

  private async restoreBackup() {
    const input = this.renderRoot.querySelector<HTMLInputElement>("#backup-file")!;
    const text = await chosenText(input);
    if (text === undefined) {
      this.backupError = { message: "Choose a backup file first." };
      return;
    }
    this.backupError = await attempt(() => this.ctx.app.restoreWorkspace(text));
    this.restored = !this.backupError;
    // The views read the restored workspace on the next render.
    this.ctx.navigate({ view: "programmes" });
    this.requestUpdate();
  }

  private backup() {
    return html`<section class="card" aria-label="Backup">
      <h3>Backup</h3>
      <p class="muted">Audit data lives only in this browser. Keep a backup file of the whole workspace (records and
        audit trail) somewhere safe; restore it into an empty workspace, e.g. after the browser's data was cleared.</p>
      <div class="import">
        <button class="secondary" @click=${this.exportBackup}>Export backup</button>
        <div class="field">
          <label for="backup-file">Restore from a backup file <span class="hint">only into an empty workspace</span></label>
          <input id="backup-file" type="file" accept=".json,application/json">
        </div>
        <button class="secondary" @click=${this.restoreBackup}>Restore</button>
      </div>
      ${this.restored ? html`<p role="status">The backup was restored.</p>` : nothing}
      ${formError(this.backupError)}
    </section>`;
  }

  constructor() {
    super();
    this.creating = false;
  }

  private async create(fields: ProgrammeFields) {
    let created: string | undefined;
    this.error = await this.saving(async () => {
      created = (await this.ctx.dispatch({ type: "createProgramme", programme: fields })).created;
    });
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
        : html`<p><button @click=${() => (this.creating = true)}>New audit programme</button></p>`}
      ${this.backup()}
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
