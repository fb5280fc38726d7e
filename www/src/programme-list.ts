// <programme-list>: every audit programme, and the form that creates one.
import { css, html, nothing } from "lit";
import type { ProgrammeFields, Verification } from "./engine.js";
import {
  BACKUP_TAKEN_EVENT, backupAge, exportBackup, lastBackup, reminderSettings, saveReminderSettings,
} from "./backup.js";
import { language, t } from "./i18n.js";
import { rich } from "./i18n-html.js";
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
      this.reminderError = t("shell.backup.reminder_invalid");
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
      ? rich(t("shell.backup.last", { days: backupAge(last), since }), "date",
          html`<strong>${new Date(last.at).toLocaleString(language())}</strong>`)
      : t("shell.backup.none_yet");
    return html`<p id="last-backup">${taken}</p>`;
  }

  /** After how many days or changes the banner reminds. */
  private reminderForm() {
    const settings = reminderSettings(this.ctx.app.name);
    return html`<fieldset class="reminder import" aria-label=${t("shell.backup.reminder_label")}>
        <legend>${t("shell.backup.reminder_legend")}</legend>
        <div class="field"><label for="reminder-days">${t("shell.backup.reminder_days")} <span class="hint">${t("shell.backup.reminder_days_hint")}</span></label>
          <input id="reminder-days" class="count" type="number" min="0" step="1" .value=${String(settings.days)} @change=${this.setReminder}></div>
        <div class="field"><label for="reminder-changes">${t("shell.backup.reminder_changes")} <span class="hint">${t("shell.backup.reminder_changes_hint")}</span></label>
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
      this.backupError = { message: t("shell.backup.choose_file") };
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
    return html`<div class="banner error" role="alert" aria-label=${t("shell.backup.unverified_label")}>
      <p>${restoring ? t("shell.backup.unverified_restore") : t("shell.backup.unverified_export")}</p>
      <ul>${(error.details ?? []).map((d) => html`<li>${d}</li>`)}</ul>
      ${restoring
        ? html`<button class="danger edit" @click=${() => this.restoreBackup(true)}>${t("shell.backup.restore_anyway")}</button>`
        : html`<button class="secondary" @click=${() => this.exportBackup(true)}>${t("shell.backup.export_unverified")}</button>`}
    </div>`;
  }

  private backup() {
    return html`<section class="card" aria-label=${t("shell.backup.title")}>
      <h3>${t("shell.backup.title")}</h3>
      <p class="muted">${t("shell.backup.intro")}</p>
      ${this.lastBackupLine()}
      ${this.ctx.app.encrypted
        ? html`<p><strong>${t("shell.backup.clear_title")}</strong> ${t("shell.backup.clear")}</p>`
        : nothing}
      <div class="import">
        <button class="secondary" @click=${() => this.exportBackup()}>${t("shell.backup.export")}</button>
        <div class="field edit">
          <label for="backup-file">${t("shell.backup.restore_from")} <span class="hint">${t("shell.backup.restore_hint")}</span></label>
          <input id="backup-file" type="file" accept=".json,application/json">
        </div>
        <button class="secondary edit" @click=${() => this.restoreBackup()}>${t("shell.backup.restore")}</button>
      </div>
      ${this.reminderForm()}
      ${this.restored
        ? html`<div role="status"><p>${this.restored.verified ? t("shell.backup.restored") : t("shell.backup.restored_accepted")}</p>
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
        <h2>${t("programme.list.title")}</h2>
      </div>
      <div class="card">
        ${programmes.length === 0
          ? html`<p class="muted">${t("programme.list.empty")}</p>`
          : html`<table>
              <thead><tr><th>${t("programme.list.programme")}</th><th>${t("programme.period")}</th><th>${t("common.owner")}</th><th>${t("programme.audits")}</th></tr></thead>
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
        : html`<p><button class="edit" @click=${() => (this.creating = true)}>${t("programme.list.new")}</button></p>`}
      ${this.backup()}
      <workspace-protection .ctx=${this.ctx} .revision=${this.revision}></workspace-protection>
      <bundle-panel .ctx=${this.ctx} .revision=${this.revision}></bundle-panel>
    `;
  }

  private form() {
    return programmeForm({
      title: t("programme.list.new"),
      submitLabel: t("programme.list.create"),
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
