// Encryption at rest, on the page: <workspace-protection> (in the backup area: protect a
// workspace with a passphrase, lock, auto-lock, change the passphrase, show the recovery
// key) and <unlock-screen> (shown instead of the workspace while it is locked). The root
// element owns the workspace handle, so these ask it (by events) to lock, unlock and
// show the recovery key.
import { css, html, LitElement, nothing } from "lit";
import { attempt, formError, type FormError } from "./forms.js";
import { PageElement } from "./page.js";
import { shared } from "./styles.js";
import { t } from "./i18n.js";

/** Asks the root to lock the workspace now. */
export const LOCK_EVENT = "isms-audit:lock";
/** Asks the root to unlock with `detail.secret` (after protecting: `detail.recoveryKey`
 * is shown once unlocked). */
export const UNLOCK_EVENT = "isms-audit:unlock";
/** Asks the root to show (and offer to print) the recovery key in `detail.recoveryKey`. */
export const RECOVERY_KEY_EVENT = "isms-audit:recovery-key";
/** The auto-lock setting changed. */
export const AUTO_LOCK_EVENT = "isms-audit:auto-lock";

const autoLockKey = (workspace: string) => `isms-audit:auto-lock:${workspace}`;
export const AUTO_LOCK_CHOICES = [0, 1, 5, 15, 30, 60];
const DEFAULT_AUTO_LOCK = 15;

/** Minutes without use after which an encrypted workspace locks (0: never). A UI
 * preference, so it lives in localStorage. */
export function autoLockMinutes(workspace: string): number {
  const value = Number(localStorage.getItem(autoLockKey(workspace)) ?? DEFAULT_AUTO_LOCK);
  return AUTO_LOCK_CHOICES.includes(value) ? value : DEFAULT_AUTO_LOCK;
}

function ask(element: HTMLElement, type: string, detail: object = {}) {
  element.dispatchEvent(new CustomEvent(type, { bubbles: true, composed: true, detail }));
}

export class WorkspaceProtection extends PageElement {
  static properties = {
    ...PageElement.properties,
    working: { state: true },
    changed: { state: true },
  };
  /** What is being done (protecting can take a while on a large workspace). */
  declare working: string | undefined;
  declare changed: boolean;

  private value(id: string) {
    return this.renderRoot.querySelector<HTMLInputElement>(id)?.value ?? "";
  }

  private async protect(event: SubmitEvent) {
    event.preventDefault();
    const passphrase = this.value("#new-passphrase");
    if (passphrase !== this.value("#repeat-passphrase")) {
      this.error = { field: "repeat", message: t("shell.protect.differ") };
      return;
    }
    this.working = t("shell.protect.encrypting");
    let recoveryKey = "";
    this.error = await attempt(async () => {
      recoveryKey = await this.ctx.app.protect(passphrase);
    });
    this.working = undefined;
    if (!this.error) ask(this, UNLOCK_EVENT, { secret: passphrase, recoveryKey });
  }

  private async change(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const passphrase = this.value("#changed-passphrase");
    this.changed = false;
    if (passphrase !== this.value("#repeat-changed")) {
      this.error = { field: "repeat", message: t("shell.protect.new_differ") };
      return;
    }
    this.working = t("shell.protect.changing");
    this.error = await attempt(() => this.ctx.app.changePassphrase(this.value("#current-passphrase"), passphrase));
    this.working = undefined;
    if (!this.error) {
      this.changed = true;
      form.reset();
    }
  }

  private async showRecoveryKey() {
    let recoveryKey = "";
    this.error = await attempt(async () => {
      recoveryKey = await this.ctx.app.recoveryKey();
    });
    if (!this.error) ask(this, RECOVERY_KEY_EVENT, { recoveryKey });
  }

  private setAutoLock(event: Event) {
    localStorage.setItem(autoLockKey(this.ctx.app.name), (event.target as HTMLSelectElement).value);
    ask(this, AUTO_LOCK_EVENT);
  }

  private fieldError(field: string) {
    const error = this.error;
    return error?.field === field ? html`<span class="error" role="alert">${error.message}</span>` : nothing;
  }

  render() {
    const app = this.ctx.app;
    const working = this.working ? html`<p role="status">${this.working}</p>` : nothing;
    if (!app.encrypted) {
      return html`<section class="card" aria-label=${t("shell.protect.label")}>
        <h3>${t("shell.protect.title")}</h3>
        <p class="muted">${t("shell.protect.intro")}</p>
        <form @submit=${this.protect} class="import edit">
          <div class="field">
            <label for="new-passphrase">${t("shell.protect.passphrase")} <span class="hint">${t("shell.protect.passphrase_hint")}</span></label>
            <input id="new-passphrase" type="password" autocomplete="new-password" required>
            ${this.fieldError("passphrase")}
          </div>
          <div class="field">
            <label for="repeat-passphrase">${t("shell.protect.repeat")}</label>
            <input id="repeat-passphrase" type="password" autocomplete="new-password" required>
            ${this.fieldError("repeat")}
          </div>
          <button type="submit">${t("shell.protect.title")}</button>
        </form>
        ${working}
        ${formError(this.error, ["passphrase", "repeat"])}
      </section>`;
    }
    const minutes = autoLockMinutes(app.name);
    return html`<section class="card" aria-label=${t("shell.protect.label")}>
      <h3>${t("shell.protect.protected_title")}</h3>
      <p class="muted">${t("shell.protect.protected_intro")}</p>
      <div class="import">
        <button @click=${() => ask(this, LOCK_EVENT)}>${t("shell.protect.lock_now")}</button>
        <div class="field">
          <label for="auto-lock">${t("shell.protect.auto_lock")}</label>
          <select id="auto-lock" @change=${this.setAutoLock}>
            ${AUTO_LOCK_CHOICES.map((m) => html`<option value=${m} ?selected=${m === minutes}>${t("shell.protect.minutes", { m })}</option>`)}
          </select>
        </div>
        <button class="secondary" @click=${this.showRecoveryKey}>${t("shell.protect.show_key")}</button>
      </div>
      <form @submit=${this.change} class="import edit" aria-label=${t("shell.protect.change")}>
        <div class="field">
          <label for="current-passphrase">${t("shell.protect.current")} <span class="hint">${t("shell.protect.current_hint")}</span></label>
          <input id="current-passphrase" type="password" autocomplete="current-password" required>
        </div>
        <div class="field">
          <label for="changed-passphrase">${t("shell.protect.new")}</label>
          <input id="changed-passphrase" type="password" autocomplete="new-password" required>
          ${this.fieldError("passphrase")}
        </div>
        <div class="field">
          <label for="repeat-changed">${t("shell.protect.new_repeat")}</label>
          <input id="repeat-changed" type="password" autocomplete="new-password" required>
          ${this.fieldError("repeat")}
        </div>
        <button type="submit" class="secondary">${t("shell.protect.change")}</button>
      </form>
      ${working}
      ${this.changed ? html`<p role="status">${t("shell.protect.changed")}</p>` : nothing}
      ${formError(this.error, ["passphrase", "repeat"])}
    </section>`;
  }
}

/** The screen of a locked workspace: one field takes the passphrase or the recovery key. */
export class UnlockScreen extends LitElement {
  static properties = {
    workspace: { type: String },
    error: { attribute: false },
    busy: { type: Boolean },
    note: { type: String },
  };
  static styles = [shared, css`form { max-width: 32em; }`];
  declare workspace: string;
  declare error: FormError | undefined;
  declare busy: boolean;
  declare note: string | undefined;

  private submit(event: SubmitEvent) {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>("#unlock-secret")!;
    ask(this, UNLOCK_EVENT, { secret: input.value });
  }

  updated() {
    this.renderRoot.querySelector<HTMLInputElement>("#unlock-secret")?.focus();
  }

  render() {
    return html`<section class="card" aria-label=${t("shell.unlock.label")}>
      <h2>${t("shell.unlock.title", { name: this.workspace })}</h2>
      ${this.note ? html`<p role="status">${this.note}</p>` : nothing}
      <p class="muted">${t("shell.unlock.intro")}</p>
      <form @submit=${this.submit}>
        <div class="field">
          <label for="unlock-secret">${t("shell.unlock.secret")}</label>
          <input id="unlock-secret" type="password" autocomplete="current-password" required>
        </div>
        <div class="actions"><button type="submit">${t("shell.unlock.button")}</button></div>
      </form>
      ${this.busy ? html`<p role="status">${t("shell.unlock.busy")}</p>` : nothing}
      ${formError(this.error)}
    </section>`;
  }
}

/** The recovery key, alone on the page so that printing prints only it. */
export function recoveryKeySheet(workspace: string, key: string, done: () => void) {
  return html`<section class="card recovery" aria-label=${t("shell.recovery.label")}>
    <h2>${t("shell.recovery.title", { name: workspace })}</h2>
    <p>${t("shell.recovery.intro")}</p>
    <p class="recovery-key"><code>${key}</code></p>
    <div class="actions no-print">
      <button @click=${() => globalThis.print()}>${t("common.print")}</button>
      <button class="secondary" @click=${done}>${t("shell.recovery.kept")}</button>
    </div>
  </section>`;
}

customElements.define("workspace-protection", WorkspaceProtection);
customElements.define("unlock-screen", UnlockScreen);
