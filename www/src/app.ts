// <isms-audit-app>: the root element. Opens the workspace, keeps the route (in the
// address's hash, see routes.ts), and hands every page a Ctx whose dispatch saves a
// command and refreshes all views. Embedders: see www/package/README.md for the
// attributes, events and methods.
import { LitElement, html, css, nothing } from "lit";
import {
  AuditApp, PANIC_EVENT, asAuditError, isEngineTrap, openWorkspace, unlockWorkspace,
  type AuditError, type Command, type DispatchResult, type PanicEvent, type StorageStatus, type Verification,
} from "./engine.js";
import { BACKUP_TAKEN_EVENT, backupDue, exportBackup, snoozeReminder } from "./backup.js";
import { IMPORTED_EVENT } from "./bundles.js";
import { UnsavedEdits, attempt, formError, type Ctx, type FormError, type Route } from "./forms.js";
import { HOME, hashOf, routeOf } from "./routes.js";
import { registerServiceWorker } from "./offline.js";
import { shared } from "./styles.js";
import { LANGUAGES, language, number, resolveLanguage, setLanguage, supported, t, type Language } from "./i18n.js";
import { rich } from "./i18n-html.js";
import { reportMessages } from "./messages/index.js";
import "./programme-list.js";
import "./programme-page.js";
import "./audit-page.js";
import "./conduct-page.js";
import "./catalog-page.js";
import "./soa-page.js";
import "./criteria-set-page.js";
import "./trail-page.js";
import "./actions-page.js";
import "./auditors-page.js";
import {
  AUTO_LOCK_EVENT, LOCK_EVENT, RECOVERY_KEY_EVENT, UNLOCK_EVENT, autoLockMinutes, recoveryKeySheet,
} from "./protection.js";

/** The sections in the header, and the routes that belong to each. */
const SECTIONS: { label: () => string; route: Route; views: Route["view"][] }[] = [
  { label: () => t("shell.section.programmes"), route: { view: "programmes" }, views: ["programmes", "programme", "audit", "conduct", "audit-plan"] },
  { label: () => t("shell.section.catalog"), route: { view: "catalog" }, views: ["catalog"] },
  { label: () => t("shell.section.soas"), route: { view: "soas" }, views: ["soas", "soa"] },
  { label: () => t("shell.section.criteria_sets"), route: { view: "criteria-sets" }, views: ["criteria-sets", "criteria-set"] },
  { label: () => t("shell.section.actions"), route: { view: "actions" }, views: ["actions"] },
  { label: () => t("shell.section.auditors"), route: { view: "auditors" }, views: ["auditors"] },
  { label: () => t("shell.section.trail"), route: { view: "trail" }, views: ["trail"] },
];


/** The database used when the page names none. */
const DEFAULT_WORKSPACE = "isms-audit";
/** localStorage key of the workspace the user switched to (a UI preference), per
 * element: two elements naming different workspaces keep their own choice. */
const workspaceKey = (configured: string | undefined) =>
  configured ? `isms-audit.workspace.${configured}` : "isms-audit.workspace";

export class IsmsAuditApp extends LitElement {
  static properties = {
    workspace: { type: String },
    routing: { type: String },
    lang: { type: String },
    readonly: { type: Boolean },
    serviceWorker: { type: String, attribute: "service-worker" },
    route: { state: true },
    announcement: { state: true },
    revision: { state: true },
    failure: { state: true },
    stopped: { state: true },
    notice: { state: true },
    storage: { state: true },
    switching: { state: true },
    verification: { state: true },
    trustError: { state: true },
    reminderError: { state: true },
    copySeen: { state: true },
    locked: { state: true },
    unlockError: { state: true },
    unlocking: { state: true },
    lockNote: { state: true },
    recoveryKey: { state: true },
  };

  /** The IndexedDB database to use (attribute `workspace`), default "isms-audit". */
  declare workspace: string | undefined;
  /** The language (attribute `lang`, "en" or "de"); without it the user's choice in the
   * header, else the browser's. One language per page: it applies to every element. */
  declare lang: string;
  /** Attribute `readonly`: the workspace is shown, never changed; controls that change
   * it are hidden and a save is refused. */
  declare readonly: boolean;
  /** "hash" (default): the screen is in the address's hash, so reload, Back and links
   * work; "none": the element keeps it to itself (for a second element on one page, or
   * a portal that routes on its own through `isms-audit:navigate`). */
  declare routing: string | undefined;
  /** The service worker script that makes the served page work offline (index.html
   * names it; the single file and embedders leave it out). */
  declare serviceWorker: string | undefined;
  declare route: Route;
  /** The last save, read out by screen readers (an aria-live region). */
  declare announcement: string;
  declare revision: number;
  declare failure: string | undefined;
  /** The engine stopped on an internal error (a panic); only a reload helps. */
  declare stopped: string | undefined;
  declare notice: string | undefined;
  declare storage: StorageStatus | undefined;
  /** The switch-workspace form is open. */
  declare switching: boolean;
  /** What verifying the trail against the records found when the workspace opened. */
  declare verification: Verification | undefined;
  declare trustError: FormError | undefined;
  /** Why "Take a backup now" failed. */
  declare reminderError: FormError | undefined;
  /** The user dismissed the note that the workspace was rebuilt from its safety copy. */
  declare copySeen: boolean;
  /** The name of the encrypted workspace waiting to be unlocked. */
  declare locked: string | undefined;
  declare unlockError: FormError | undefined;
  declare unlocking: boolean;
  /** Why the workspace was locked (e.g. after a time without use). */
  declare lockNote: string | undefined;
  /** The recovery key being shown (after protecting, or when asked for). */
  declare recoveryKey: string | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private failedWorkspace: string | undefined;
  private app: AuditApp | undefined;
  private unsaved = new UnsavedEdits(this);

  constructor() {
    super();
    this.route = HOME;
    this.revision = 0;
    this.switching = false;
    this.announcement = "";
    this.readonly = false;
  }

  /** A changed `lang` attribute re-renders every screen in that language. */
  protected willUpdate(changed: Map<string, unknown>) {
    if (changed.has("lang")) {
      const lang = resolveLanguage(this.lang);
      if (lang !== language()) {
        setLanguage(lang);
        this.revision++;
      }
    }
    this.syncReportMessages();
  }

  /** The workspace and language the engine last got report words for. */
  private reportWords: [AuditApp, Language] | undefined;

  /** Hands the engine the report words of the page's language, once per opened
   * workspace and again when the language changes (reports and issued versions use them). */
  private syncReportMessages() {
    const app = this.app;
    if (!app || (this.reportWords?.[0] === app && this.reportWords[1] === language())) return;
    app.setReportMessages(reportMessages(language()));
    this.reportWords = [app, language()];
  }

  /** The user's choice in the header (kept for the next visit). */
  private chooseLanguage(event: Event) {
    setLanguage((event.target as HTMLSelectElement).value as Language, true);
    this.revision++;
    this.requestUpdate();
  }

  static styles = [
    shared,
    css`
      /* A portal's inherited styles (letter-spacing, text-transform, …) stop here. */
      :host { all: initial; display: block; background: var(--wash); min-height: 100vh; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); }
      /* Again on the top-level parts: a portal rule such as "* { font-family: x !important }"
         reaches the host element itself, and would be inherited from it. */
      header, main, footer { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
      header { background: #0f1d33; color: #fff; padding: 0.6em 1.2em; display: flex; gap: 0.4em 1em; align-items: center; flex-wrap: wrap; }
      header h1 { font-size: 1.15em; margin: 0; }
      header nav { display: flex; gap: 0.2em; flex-wrap: wrap; }
      header nav button { background: transparent; border-color: transparent; color: #e2e8f0; padding: 0.3em 0.55em; font-size: 0.93em; }
      header nav button[aria-current="page"] { border-color: #93c5fd; color: #fff; }
      header .actor { margin-left: auto; display: flex; align-items: center; gap: 0.5em; }
      header .actor label { margin: 0; font-weight: 400; color: #e2e8f0; }
      header .actor input { width: 11em; color: var(--ink); }
      header .pill { color: #fde68a; border: 1px solid #fde68a; }
      header .actor .hint { color: #fde68a; flex-basis: 100%; text-align: right; }
      header .actor { flex-wrap: wrap; justify-content: flex-end; }
      header .lock { padding: 0.3em 0.8em; }
      header select.language { width: auto; padding: 0.2em 0.3em; color: var(--ink); }
      .recovery-key { font: 1.3em/1.6 ui-monospace, monospace; word-break: break-all; }
      main { max-width: 1200px; margin: 0 auto; padding: 1em 1.2em 3em; }
      footer { max-width: 1200px; margin: 0 auto; padding: 0 1.2em 1em; font-size: 0.85em; }
      footer .switch { margin-top: 0.6em; max-width: 30em; color: var(--ink); }
      footer .switch input { flex: 1; }
      @media print { header, footer { display: none; } :host { background: #fff; } }
    `,
  ];

  async connectedCallback() {
    super.connectedCallback();
    setLanguage(resolveLanguage(this.lang));
    this.addEventListener("isms-audit:restored", () => this.verifyInBackground());
    // The reminder and the backup card read what was remembered.
    this.addEventListener(BACKUP_TAKEN_EVENT, () => this.revision++);
    this.addEventListener(IMPORTED_EVENT, () => this.revision++);
    this.addEventListener(LOCK_EVENT, () => this.lock());
    this.addEventListener(UNLOCK_EVENT, (e) => {
      const { secret, recoveryKey } = (e as CustomEvent<{ secret: string; recoveryKey?: string }>).detail;
      void this.unlock(this.locked ?? this.app?.name ?? DEFAULT_WORKSPACE, secret, recoveryKey);
    });
    this.addEventListener(RECOVERY_KEY_EVENT, (e) => {
      this.recoveryKey = (e as CustomEvent<{ recoveryKey: string }>).detail.recoveryKey;
    });
    this.addEventListener(AUTO_LOCK_EVENT, () => this.stillHere());
    for (const type of ["pointerdown", "keydown", "wheel"]) globalThis.addEventListener(type, this.stillHere, { passive: true });
    globalThis.addEventListener(PANIC_EVENT, this.onPanic);
    globalThis.addEventListener("error", this.onUncaught);
    globalThis.addEventListener("unhandledrejection", this.onUncaught);
    globalThis.addEventListener("beforeunload", this.onBeforeUnload);
    if (this.hashRouting) {
      globalThis.addEventListener("hashchange", this.onHashChange);
      this.route = routeOf(location.hash) ?? HOME;
    }
    if (this.serviceWorker) {
      registerServiceWorker(this.serviceWorker, () => {
        this.notice = t("shell.notice.new_version");
      });
    }
    await this.open(localStorage.getItem(workspaceKey(this.workspace)) ?? this.workspace ?? DEFAULT_WORKSPACE);
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    globalThis.removeEventListener(PANIC_EVENT, this.onPanic);
    globalThis.removeEventListener("error", this.onUncaught);
    globalThis.removeEventListener("unhandledrejection", this.onUncaught);
    globalThis.removeEventListener("beforeunload", this.onBeforeUnload);
    globalThis.removeEventListener("hashchange", this.onHashChange);
    for (const type of ["pointerdown", "keydown", "wheel"]) globalThis.removeEventListener(type, this.stillHere);
    clearTimeout(this.idleTimer);
  }

  /** The user did something: an encrypted workspace's auto-lock starts counting again. */
  private stillHere = () => {
    clearTimeout(this.idleTimer);
    const app = this.app;
    if (!app?.encrypted || this.stopped) return;
    const minutes = autoLockMinutes(app.name);
    if (minutes === 0) return;
    this.idleTimer = setTimeout(() => {
      if (app === this.app) this.lock(t("shell.lock.after", { minutes }));
    }, minutes * 60_000);
  };

  /** Closes an encrypted workspace: the key is dropped with the handle, and only the
   * passphrase (or recovery key) opens it again. */
  private lock(note?: string) {
    const app = this.app;
    if (!app?.encrypted) return;
    clearTimeout(this.idleTimer);
    this.unsaved.saved();
    const name = app.name;
    this.app = undefined;
    app.close();
    app.free();
    this.recoveryKey = undefined;
    this.unlockError = undefined;
    this.lockNote = note;
    this.locked = name;
    this.revision++;
  }

  /** Opens encrypted workspace `name`; `recoveryKey` (just after protecting it) is shown
   * once it is open. */
  private async unlock(name: string, secret: string, recoveryKey?: string) {
    this.unlocking = true;
    const previous = this.app;
    try {
      const app = await unlockWorkspace(name, secret);
      if (previous && previous !== app) {
        previous.free();
      }
      this.locked = undefined;
      this.unlockError = undefined;
      this.lockNote = undefined;
      this.recoveryKey = recoveryKey;
      this.opened(app);
    } catch (e) {
      this.unlockError = asAuditError(e);
      if (previous) {
        // Protecting closed the handle; only unlocking opens the workspace now.
        this.app = undefined;
        this.locked = name;
      }
    } finally {
      this.unlocking = false;
    }
  }

  private get hashRouting() {
    return this.routing !== "none";
  }

  /** Opens an audit (for embedders: `element.openAudit(id)`). */
  openAudit(auditId: string) {
    this.go({ view: "audit", id: auditId });
  }

  /** The whole workspace as a backup file's text (for embedders); refused with
   * `unverified` when the trail does not vouch for the data. */
  exportBackup(): Promise<string> {
    if (!this.app) return Promise.reject(new Error(t("shell.not_open")));
    return this.app.exportWorkspace({ allowUnverified: false });
  }

  /** Reload or closing the tab while something is unsaved: the browser asks. */
  private onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (this.unsaved.describe().length > 0) event.preventDefault();
  };

  /** Back, Forward, a typed or pasted address. Refused (the address put back) when the
   * user keeps unsaved typing. */
  private onHashChange = () => {
    const route = routeOf(location.hash) ?? HOME;
    if (hashOf(route) === hashOf(this.route)) return;
    if (!this.unsaved.mayLeave()) {
      history.replaceState(history.state, "", hashOf(this.route));
      return;
    }
    this.show(route);
  };

  /** In-app navigation: asks about unsaved typing, then records the screen in the
   * address (a history entry, so Back returns) or, with routing="none", only here. */
  private go(route: Route) {
    if (hashOf(route) === hashOf(this.route)) return;
    if (!this.unsaved.mayLeave()) return;
    if (this.hashRouting) history.pushState(history.state, "", hashOf(route));
    this.show(route);
  }

  /** Shows a screen, tells the embedding page, and moves focus to the screen's heading
   * so keyboard and screen-reader users start there. */
  private show(route: Route) {
    this.route = route;
    this.notice = undefined;
    window.scrollTo?.(0, 0);
    this.dispatchEvent(new CustomEvent("isms-audit:navigate", { bubbles: true, composed: true, detail: { route, hash: hashOf(route) } }));
    this.focusHeading();
  }

  /** Focuses the heading of the screen (the first h2 of the page element), once drawn. */
  private async focusHeading() {
    await this.updateComplete;
    const page = this.renderRoot.querySelector("main")?.lastElementChild as (HTMLElement & { updateComplete?: Promise<unknown> }) | null;
    await page?.updateComplete;
    const heading = page?.shadowRoot?.querySelector<HTMLElement>("h2");
    if (!heading) return;
    heading.tabIndex = -1;
    heading.focus({ preventScroll: true });
  }

  /** The engine panicked (its hook says why) and is about to trap. */
  private onPanic = (event: Event) => this.stop((event as PanicEvent).detail);

  /** A trap that escaped a call (e.g. a read during rendering) also stops the engine. */
  private onUncaught = (event: ErrorEvent | PromiseRejectionEvent) => {
    const error: unknown = "reason" in event ? event.reason : event.error;
    if (isEngineTrap(error)) this.stop(asAuditError(error));
  };

  /** Stops using the engine: every view would call into it. The first message (the
   * panic's own, when there is one) is kept. */
  private stop(error: AuditError) {
    this.stopped ??= error.message;
  }

  /** Opens (or creates) a workspace; a failure is shown with a way to open another. */
  private async open(name: string) {
    this.app?.close();
    this.app = undefined;
    this.failure = undefined;
    this.locked = undefined;
    try {
      this.opened(await openWorkspace(name));
    } catch (e) {
      const error = asAuditError(e);
      if (error.code === "locked") {
        this.locked = name;
        this.unlockError = undefined;
      } else {
        this.failure = error.message;
        this.failedWorkspace = name;
      }
    }
  }

  /** Starts using an opened workspace. */
  private opened(app: AuditApp) {
      this.app = app;
      this.app.onChange((reason) => {
        if (reason === "closed") {
          this.failure = t("shell.failure.upgraded");
        } else {
          this.notice = t("shell.notice.other_tab");
          this.revision++;
        }
      });
      this.copySeen = false;
      this.app.persist().catch(() => undefined);
      this.refreshStorage();
      this.revision++;
      this.verifyInBackground();
      this.stillHere();
  }

  /** Checks the trail against every record once the first screen is drawn, so an edit
   * made outside the app is reported without delaying the start. The engine checks a
   * part at a time (a few milliseconds each), so the page stays responsive meanwhile. */
  private verifyInBackground() {
    this.verification = undefined;
    const app = this.app;
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      setTimeout(() => app?.verify().then((v) => { if (app === this.app) this.verification = v; }, () => undefined), 0);
    };
    // After the next frame (a hidden tab draws none: then after a moment).
    this.updateComplete.then(() => {
      requestAnimationFrame(start);
      setTimeout(start, 200);
    });
  }

  /** Damaged records and problems the trail found, with what the user can do. */
  private trustBanner(ctx: Ctx) {
    const damaged = ctx.app.damagedRecords();
    const lost = ctx.app.lostChanges();
    const v = this.verification;
    const problems = v && !v.verified ? [v.chainBreak, ...v.recordProblems].filter(Boolean) : [];
    if (damaged.length === 0 && problems.length === 0 && !lost) return nothing;
    const exportAll = async () => {
      this.trustError = await attempt(() => exportBackup(ctx.app, true, this));
    };
    const setAside = async (store: string, id: string) => {
      this.trustError = await attempt(() => ctx.dispatch({ type: "setAsideRecord", store, id }));
      this.verifyInBackground();
    };
    const n = damaged.length;
    return html`<section class="banner error" role="alert" aria-label=${t("shell.trust.label")}>
      ${lost
        ? html`<p><strong>${t("shell.trust.lost_title")}</strong> ${t("shell.trust.lost", { recorded: lost.recorded, stored: lost.stored })}</p>`
        : nothing}
      ${n
        ? html`<p>${rich(t("shell.trust.damaged", { n }), "count", html`<strong>${t("shell.trust.damaged_count", { n })}</strong>`)}</p>
            <ul>${damaged.map((d) => html`<li><code>${d.store}/${d.id}</code>: ${d.reason}.
              <button class="link edit" @click=${() => setAside(d.store, d.id)}>${t("shell.trust.set_aside")}</button></li>`)}</ul>`
        : nothing}
      ${problems.length
        ? html`<p><strong>${t("shell.trust.problems")}</strong></p>
            <ul>${problems.slice(0, 10).map((p) => html`<li>${p}</li>`)}${problems.length > 10 ? html`<li>${t("shell.trust.more", { n: problems.length - 10 })}</li>` : nothing}</ul>`
        : nothing}
      <p><button class="secondary" @click=${exportAll}>${t("shell.trust.export_all")}</button>
        <button class="link" @click=${() => ctx.navigate({ view: "trail" })}>${t("shell.trust.open_trail")}</button></p>
      ${formError(this.trustError)}
    </section>`;
  }

  /** A reminder to take a backup, after the days or changes the user chose (on the
   * programmes page's backup card). */
  private backupReminder(app: AuditApp) {
    const due = backupDue(app);
    if (!due) return nothing;
    const take = async () => {
      this.reminderError = await attempt(() => exportBackup(app, false, this));
    };
    const later = () => {
      snoozeReminder(app.name);
      this.reminderError = undefined;
      this.requestUpdate();
    };
    return html`<section class="banner info no-print" role="region" aria-label=${t("shell.reminder.label")}>
      <p><strong>${t("shell.reminder.title")}</strong> ${due} ${t("shell.reminder.why")}</p>
      <p><button class="secondary" @click=${take}>${t("shell.reminder.take")}</button>
        <button class="link" @click=${later}>${t("shell.reminder.later")}</button></p>
      ${formError(this.reminderError)}
    </section>`;
  }

  /** What became of the safety copy: the workspace rebuilt from it (said once), or a
   * copy that could not be used or written. */
  private copyBanner(app: AuditApp) {
    const copy = app.safetyCopy();
    const rebuilt = copy.rebuilt && !this.copySeen
      ? html`<section class="banner info" role="status" aria-label=${t("shell.copy.rebuilt_label")}>
          <p><strong>${t("shell.copy.rebuilt_title")}</strong> ${t("shell.copy.rebuilt", { stored: copy.rebuilt.storedBefore, entries: copy.rebuilt.entries })}</p>
          ${copy.rebuilt.notes.map((n) => html`<p>${n}</p>`)}
          <p><button class="secondary" @click=${() => (this.copySeen = true)}>${t("shell.copy.dismiss")}</button></p>
        </section>`
      : nothing;
    const trouble = copy.notUsed
      ? t("shell.copy.not_used", { reason: copy.notUsed })
      : copy.problem;
    return html`${rebuilt}${trouble
      ? html`<section class="banner error" role="alert" aria-label=${t("shell.copy.label")}><p>${trouble}</p></section>`
      : nothing}`;
  }

  /** Switches to another workspace and remembers the choice in this browser. */
  private async switchWorkspace(event: SubmitEvent) {
    event.preventDefault();
    const name = (new FormData(event.target as HTMLFormElement).get("workspace-name") as string).trim();
    if (!name) return;
    // This form is being acted on; only other unsaved typing is worth a question.
    this.unsaved.saved();
    if (!this.unsaved.mayLeave()) return;
    if (name === (this.workspace ?? DEFAULT_WORKSPACE)) localStorage.removeItem(workspaceKey(this.workspace));
    else localStorage.setItem(workspaceKey(this.workspace), name);
    this.switching = false;
    await this.open(name);
    this.go(HOME);
  }

  private workspaceForm() {
    return html`<form class="no-print switch" @submit=${this.switchWorkspace} aria-label=${t("shell.workspace.form_label")}>
      <label for="workspace-name">${t("shell.workspace.open")} <span class="hint">${t("shell.workspace.hint")}</span></label>
      <div class="actions">
        <input id="workspace-name" name="workspace-name" .value=${this.app?.name ?? this.failedWorkspace ?? ""} required>
        <button type="submit">${t("common.open")}</button>
      </div>
    </form>`;
  }

  private refreshStorage() {
    if (this.stopped) return;
    this.app?.storageStatus().then((s) => (this.storage = s), () => undefined);
  }

  /** Runs one saving call of the engine and refreshes every view after it. */
  private async committing(type: string, save: () => Promise<DispatchResult>): Promise<DispatchResult> {
    try {
      const result = await save();
      this.notice = undefined;
      this.unsaved.saved();
      this.announcement = t("shell.saved_count", { n: this.revision + 1 });
      this.dispatchEvent(new CustomEvent("isms-audit:change", {
        bubbles: true, composed: true, detail: { type, created: result.created },
      }));
      return result;
    } catch (e) {
      if (isEngineTrap(e)) this.stop(asAuditError(e));
      throw e;
    } finally {
      // Also after a conflict: the engine has reloaded what the other tab saved.
      this.revision++;
      this.refreshStorage();
    }
  }

  private ctx(app: AuditApp): Ctx {
    return {
      app,
      dispatch: (command: Command) => this.committing(command.type, () => this.writable(() => app.dispatch(command))),
      attachFile: (evidenceId: string, file: File) =>
        this.committing("attachEvidenceFile", () => this.writable(() => app.attachEvidenceFile(evidenceId, file))),
      navigate: (route: Route) => this.go(route),
      readonly: this.readonly,
      href: (route: Route) => hashOf(route),
    };
  }

  /** A save, refused while the element is read-only (its controls are hidden; this
   * catches any that is not). */
  private writable(save: () => Promise<DispatchResult>): Promise<DispatchResult> {
    if (this.readonly) return Promise.reject(Object.assign(new Error(t("errors.read_only")), { code: "read_only" }));
    return save();
  }

  private setActor(event: Event) {
    if (this.app) this.app.actor = (event.target as HTMLInputElement).value;
    this.requestUpdate();
  }

  render() {
    // Once the engine has stopped, even a getter would call into it.
    const app = this.stopped ? undefined : this.app;
    return html`
      <header part="header" lang=${language()}>
        <h1>isms-audit</h1>
        ${app
          ? html`<nav aria-label=${t("shell.sections")}>${SECTIONS.map((s) => html`<button
              aria-current=${s.views.includes(this.route.view) ? "page" : "false"}
              @click=${() => this.go(s.route)}>${s.label()}</button>`)}</nav>`
          : nothing}
        ${app
          ? html`<div class="actor">
              ${this.readonly ? html`<span class="pill">${t("shell.readonly.pill")}</span>` : html`<label for="actor">${t("shell.actor.label")}</label>
              <input id="actor" name="actor" .value=${app.actor} @change=${this.setActor}
                placeholder=${t("shell.actor.placeholder")} autocomplete="name"
                aria-describedby=${app.actor ? nothing : "actor-hint"}>`}
              ${app.encrypted
                ? html`<button class="secondary lock" @click=${() => this.lock()}>${t("shell.lock.button")}</button>`
                : nothing}
              ${supported(this.lang) ? nothing : this.languageChoice()}
              ${app.actor || this.readonly ? nothing : html`<span class="hint" id="actor-hint">${t("shell.actor.hint")}</span>`}
            </div>`
          : nothing}
      </header>
      <main part="main" lang=${language()}>
        <div class="sr-only" role="status" aria-live="polite">${this.announcement}</div>
        ${this.stopped ? this.stoppedBanner() : this.content(app)}
      </main>
      <footer class="muted" part="footer" lang=${language()}>${app ? this.storageLine(app) : nothing}
        ${app && !this.switching
          ? html` <button class="link no-print" @click=${() => (this.switching = true)}>${t("shell.workspace.switch")}</button>`
          : nothing}
        ${!this.stopped && (this.switching || ((this.failure || this.locked) && !app)) ? this.workspaceForm() : nothing}
      </footer>
    `;
  }

  /** The language menu, unless the embedding page fixed the language (`lang`). */
  private languageChoice() {
    return html`<label for="ui-language" class="sr-only">${t("common.language")}</label>
      <select id="ui-language" class="language" @change=${this.chooseLanguage}>
        ${Object.entries(LANGUAGES).map(([code, name]) => html`<option value=${code} lang=${code} ?selected=${code === language()}>${name}</option>`)}
      </select>`;
  }

  private stoppedBanner() {
    return html`<div class="banner error" role="alert">
      <p>${this.stopped}</p>
      <button @click=${() => location.reload()}>${t("shell.stopped.reload")}</button>
    </div>`;
  }

  private content(app: AuditApp | undefined) {
    return html`
        ${this.failure ? html`<div class="banner error" role="alert">${this.failure}</div>` : nothing}
        <div role="status" aria-live="polite">${this.notice ? html`<div class="banner info">${this.notice}</div>` : nothing}</div>
        ${app ? this.trustBanner(this.ctx(app)) : nothing}
        ${app ? this.backupReminder(app) : nothing}
        ${app ? this.copyBanner(app) : nothing}
        ${this.locked && !app
          ? html`<unlock-screen .workspace=${this.locked} .error=${this.unlockError} .busy=${this.unlocking}
              .note=${this.lockNote}></unlock-screen>`
          : nothing}
        ${app && this.recoveryKey
          ? recoveryKeySheet(app.name, this.recoveryKey, () => (this.recoveryKey = undefined))
          : app ? this.page(this.ctx(app)) : this.failure || this.locked ? nothing : html`<p class="muted">${t("shell.opening")}</p>`}
    `;
  }

  private page(ctx: Ctx) {
    const route = this.route;
    switch (route.view) {
      case "programmes":
        return html`<programme-list .ctx=${ctx} .revision=${this.revision}></programme-list>`;
      case "programme":
        return html`<programme-page .ctx=${ctx} .revision=${this.revision} .programmeId=${route.id}
          .section=${route.section ?? "overview"}></programme-page>`;
      case "audit":
        return html`<audit-page .ctx=${ctx} .revision=${this.revision} .auditId=${route.id} .findingId=${route.findingId}></audit-page>`;
      case "conduct":
        return html`<audit-conduct .ctx=${ctx} .revision=${this.revision} .auditId=${route.id}
          .section=${route.section ?? "initiation"}></audit-conduct>`;
      case "audit-plan":
        return html`<audit-plan-print .ctx=${ctx} .revision=${this.revision} .auditId=${route.id}></audit-plan-print>`;
      case "catalog":
        return html`<catalog-page .ctx=${ctx} .revision=${this.revision} .catalogId=${route.catalogId ?? "iso27001-2022"}
          .criterionId=${route.criterionId}></catalog-page>`;
      case "soas":
        return html`<soa-list .ctx=${ctx} .revision=${this.revision}></soa-list>`;
      case "soa":
        return html`<soa-page .ctx=${ctx} .revision=${this.revision} .soaId=${route.id}></soa-page>`;
      case "criteria-sets":
        return html`<criteria-set-list .ctx=${ctx} .revision=${this.revision}></criteria-set-list>`;
      case "criteria-set":
        return html`<criteria-set-page .ctx=${ctx} .revision=${this.revision} .setId=${route.id}></criteria-set-page>`;
      case "trail":
        return html`<trail-page .ctx=${ctx} .revision=${this.revision}></trail-page>`;
      case "actions":
        return html`<actions-page .ctx=${ctx} .revision=${this.revision}></actions-page>`;
      case "auditors":
        return html`<auditors-page .ctx=${ctx} .revision=${this.revision} .auditorId=${route.id}></auditors-page>`;
    }
  }

  private storageLine(app: AuditApp) {
    const s = this.storage;
    const copy = app.encrypted
      ? t("shell.storage.copy_encrypted")
      : app.safetyCopy().available ? t("shell.storage.copy_kept") : t("shell.storage.copy_none");
    const name = app.name;
    if (!s) return t("shell.storage.unknown", { name, copy });
    const mb = (n: number) => number(n / 1_048_576, 1);
    const params = { name, copy, used: mb(s.usage), quota: mb(s.quota) };
    return s.persisted ? t("shell.storage.persisted", params) : t("shell.storage.evictable", params);
  }
}

customElements.define("isms-audit-app", IsmsAuditApp);
