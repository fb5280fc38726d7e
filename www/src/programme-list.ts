// <programme-list>: every audit programme, and the form that creates one.
import { css, html, nothing } from "lit";
import type { ProgrammeFields, Verification } from "./engine.js";
import {
  BACKUP_TAKEN_EVENT, describeAge, exportBackup, lastBackup, reminderSettings, saveReminderSettings,
} from "./backup.js";
import { attempt, chosenText, formError, type FormError } from "./forms.js";
import "./bundles.js";
import { PageElement } from "./page.js";
import { programmeForm } from "./programme-form.js";
import "./protection.js";

export class ProgrammeList extends PageElement {
  static styles = [
    ...PageElement.styles,
    css`
      fieldset.reminder { border: 1px solid var(--line); border-radius: 8px; padding: 0.4em 0.9em 0.7em; }
      fieldset.reminder input.count { width: 7em; }
    `,
  ];
  static properties = {
    ...PageElement.properties,
    creating: { state: true },
    backupError: { state: true },
    restored: { state: true },
    reminderError: { state: true },
  };
  declare creating: boolean;
  declare backupError: FormError | undefined;
  /** What verifying the last restored backup found. */
  declare restored: Verification | undefined;
  /** Why the typed reminder settings were not saved. */
  declare reminderError: string | undefined;

  /** Downloads the backup; `allowUnverified` after the user saw why the trail does not
   * vouch for the data (the file then says it is unverified). */
  private async exportBackup(allowUnverified = false) {
    this.restored = undefined;
    this.backupError = await attempt(() => exportBackup(this.ctx.app, allowUnverified, this));
  }

  /** Saves the reminder's days and changes as typed, when both are whole numbers. */
  private setReminder() {
    const value = (id: string) => this.renderRoot.querySelector<HTMLInputElement>(id)!.value.trim();
    const days = Number(value("#reminder-days"));
    const changes = Number(value("#reminder-changes"));
    const whole = (n: number) => Number.isInteger(n) && n >= 0 && n <= 100_000;
    if (!whole(days) || !whole(changes) || value("#reminder-days") === "" || value("#reminder-changes") === "") {
      this.reminderError = "Enter whole numbers of 0 or more (0 turns that reminder off).";
      return;
    }
    this.reminderError = undefined;
    saveReminderSettings(this.ctx.app.name, { days, changes });
    this.dispatchEvent(new CustomEvent(BACKUP_TAKEN_EVENT, { bubbles: true, composed: true }));
  }

  /** When the last backup was taken here, and the reminder's settings. */
  private lastBackupLine() {
    const app = this.ctx.app;
    const last = lastBackup(app);
    const since = last ? app.trailLength - last.seq : 0;
    const taken = last
      ? html`Last backup taken in this browser: <strong>${new Date(last.at).toLocaleString()}</strong>
          (${describeAge(Math.floor((Date.now() - Date.parse(last.at)) / 86_400_000))};
          ${since === 0 ? "no changes since" : `${since} ${since === 1 ? "change" : "changes"} since`}).`
      : html`No backup of this workspace was taken in this browser yet.`;
    return html`<p id="last-backup">${taken}</p>`;
  }

  /** After how many days or changes the banner reminds. */
  private reminderForm() {
    const settings = reminderSettings(this.ctx.app.name);
    return html`<fieldset class="reminder import" aria-label="Backup reminder settings">
        <legend>Remind me to take a backup</legend>
        <div class="field"><label for="reminder-days">after this many days <span class="hint">0: never by days</span></label>
          <input id="reminder-days" class="count" type="number" min="0" step="1" .value=${String(settings.days)} @change=${this.setReminder}></div>
        <div class="field"><label for="reminder-changes">or after this many changes <span class="hint">0: never by changes</span></label>
          <input id="reminder-changes" class="count" type="number" min="0" step="1" .value=${String(settings.changes)} @change=${this.setReminder}></div>
      </fieldset>
      ${formError(this.reminderError ? { message: this.reminderError } : undefined)}`;
  }

  /** Restores the chosen file; `acceptUnverified` after the user saw the problems (the
   * new workspace's trail records the acceptance). */
  private async restoreBackup(acceptUnverified = false) {
    const input = this.renderRoot.querySelector<HTMLInputElement>("#backup-file")!;
    const text = await chosenText(input);
    if (text === undefined) {
      this.backupError = { message: "Choose a backup file first." };
      return;
    }
    let verification: Verification | undefined;
    this.backupError = await attempt(async () => {
      verification = await this.ctx.app.restoreWorkspace(text, { acceptUnverified });
    });
    this.restored = verification;
    // The root re-checks the trail of what came in.
    if (verification) this.dispatchEvent(new CustomEvent("isms-audit:restored", { bubbles: true, composed: true }));
    // The views read the restored workspace on the next render.
    this.ctx.navigate({ view: "programmes" });
    this.requestUpdate();
  }

  /** What a refused export or restore needs from the user to go ahead anyway. */
  private unverifiedChoice() {
    const error = this.backupError;
    if (error?.code !== "unverified") return nothing;
    const restoring = error.message.startsWith("The backup was not restored");
    return html`<div class="banner error" role="alert" aria-label="Unverified data">
      <p>${restoring
        ? "This backup's audit trail does not vouch for its data. Restore it only if you know why; the new workspace's trail will record that you accepted these problems:"
        : "This workspace's audit trail does not vouch for its data. You can still export everything; the file is marked unverified and restores only after someone accepts these problems:"}</p>
      <ul>${(error.details ?? []).map((d) => html`<li>${d}</li>`)}</ul>
      ${restoring
        ? html`<button class="danger" @click=${() => this.restoreBackup(true)}>Restore anyway and record my acceptance</button>`
        : html`<button class="secondary" @click=${() => this.exportBackup(true)}>Export everything, marked unverified</button>`}
    </div>`;
  }

  private backup() {
    return html`<section class="card" aria-label="Backup">
      <h3>Backup</h3>
      <p class="muted">Audit data lives only in this browser. Keep a backup file of the whole workspace (records,
        records set aside and the audit trail) somewhere safe; restore it into an empty workspace, e.g. after the
        browser's data was cleared. Export and restore both check the audit trail against every record first.</p>
      ${this.lastBackupLine()}
      ${this.ctx.app.encrypted
        ? html`<p><strong>A backup file is not encrypted:</strong> it holds this workspace in clear. Keep it as safely
            as the passphrase, or encrypt the file with a tool of your own.</p>`
        : nothing}
      <div class="import">
        <button class="secondary" @click=${() => this.exportBackup()}>Export backup</button>
        <div class="field">
          <label for="backup-file">Restore from a backup file <span class="hint">only into an empty workspace</span></label>
          <input id="backup-file" type="file" accept=".json,application/json">
        </div>
        <button class="secondary" @click=${() => this.restoreBackup()}>Restore</button>
      </div>
      ${this.reminderForm()}
      ${this.restored
        ? html`<div role="status"><p>The backup was restored${this.restored.verified
            ? "; its audit trail verified."
            : ", with the problems you accepted; the audit trail records that."}</p>
            ${this.restored.notes.length ? html`<ul class="muted">${this.restored.notes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}</div>`
        : nothing}
      ${this.backupError?.code === "unverified" ? this.unverifiedChoice() : formError(this.backupError)}
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
      <workspace-protection .ctx=${this.ctx} .revision=${this.revision}></workspace-protection>
      <bundle-panel .ctx=${this.ctx} .revision=${this.revision}></bundle-panel>
    `;
  }

  private form() {
    return programmeForm({
      title: "New audit programme",
      submitLabel: "Create programme",
      soas: this.ctx.app.soas(),
      error: this.error,
      onSubmit: (fields) => this.create(fields),
      onCancel: () => {
        this.creating = false;
        this.error = undefined;
      },
    });
  }
}

customElements.define("programme-list", ProgrammeList);
