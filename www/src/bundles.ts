// Sealed bundles (.isms-audit files) and team work packages: exporting them, importing
// any of them, and the lead's review of a result package before it is merged. The engine
// verifies every file completely before anything is written.
import { css, html, nothing } from "lit";
import { AuditApp } from "./engine.js";
import type { Imported, MergeChoice, MergeReview, Side } from "./engine.js";
import { attempt, chosenText, download, formError, type FormError } from "./forms.js";
import { today } from "./labels.js";
import { PageElement } from "./page.js";
import { t, tKey } from "./i18n.js";
import { emphasised } from "./i18n-html.js";

/** Fired after an import or a merge wrote something, so every view reads it again. */
export const IMPORTED_EVENT = "isms-audit:imported";

const TYPE = "application/vnd.isms-audit+json";

/** A file name without characters file systems refuse. */
function fileName(...parts: string[]): string {
  return `${parts.join(" ").replace(/[\\/:*?"<>|]+/g, "-")}.isms-audit`;
}

/** The bundle sealed under `passphrase`, or as it is when none is given. */
async function sealed(text: string, passphrase: string): Promise<string> {
  return passphrase ? AuditApp.sealBundle(text, passphrase) : text;
}

/** The passphrase typed in `root`'s passphrase field (empty: not encrypted). */
function passphraseIn(root: ParentNode): string {
  return root.querySelector<HTMLInputElement>("input.passphrase")?.value ?? "";
}

export async function exportWorkspaceBundle(app: AuditApp, passphrase = "") {
  const mark = passphrase ? " encrypted" : "";
  download(fileName("isms-audit workspace", app.name, today() + mark), TYPE, await sealed(await app.exportBundle(undefined), passphrase));
}

export async function exportAuditBundle(app: AuditApp, auditId: string, title: string, passphrase = "") {
  const mark = passphrase ? " encrypted" : "";
  download(fileName(title, "audit bundle", today() + mark), TYPE, await sealed(await app.exportBundle(auditId), passphrase));
}

export function exportWorkPackage(app: AuditApp, auditId: string, title: string, member: string) {
  download(fileName(title, "work package for", member, today()), TYPE, app.exportWorkPackage(auditId, member));
}

export async function exportResultPackage(app: AuditApp, auditId: string, title: string, passphrase = "") {
  download(fileName(title, "result package from", app.actor || "auditor", today()), TYPE, await sealed(await app.exportResultPackage(auditId), passphrase));
}

/** A passphrase field: encrypts what is exported, opens what is imported. */
function passphraseField(id: string) {
  return html`<div class="field">
    <label for=${id}>${t("exports.bundle.passphrase")} <span class="hint">${t("exports.bundle.passphrase_hint")}</span></label>
    <input id=${id} class="passphrase" type="password" autocomplete="new-password">
  </div>`;
}

const mergeStatus = (s: MergeReview["items"][number]["status"]) => tKey(`exports.merge.status.${s}`);

/** <bundle-panel>: the sealed bundles and packages card of the workspace page. */
export class BundlePanel extends PageElement {
  static styles = [
    ...PageElement.styles,
    css`
      input.passphrase { max-width: 28em; }
      table.merge td { vertical-align: top; white-space: pre-wrap; }
      table.merge td.side { width: 32%; }
      tr.conflict { background: var(--warn-bg, #fff4e0); }
      .choice { margin-top: 0.4em; }
      .choice label { display: flex; align-items: center; gap: 0.4em; font-weight: normal; margin: 0.2em 0; }
      .choice input { width: auto; margin: 0; }
    `,
  ];
  static properties = {
    ...PageElement.properties,
    failure: { state: true },
    outcome: { state: true },
    review: { state: true },
  };
  declare failure: FormError | undefined;
  /** What the last import or merge did, in words. */
  declare outcome: string | undefined;
  /** The result package waiting for the lead's review. */
  declare review: MergeReview | undefined;
  /** The result package's file text, kept for the merge. */
  private pending = "";
  private choices = new Map<string, Side>();

  private async exportWorkspace() {
    this.outcome = undefined;
    this.failure = await attempt(() => exportWorkspaceBundle(this.ctx.app, passphraseIn(this.renderRoot)));
  }

  private async importFile() {
    const input = this.renderRoot.querySelector<HTMLInputElement>("#bundle-file")!;
    let text = await chosenText(input);
    this.outcome = undefined;
    this.review = undefined;
    if (text === undefined) {
      this.failure = { message: t("exports.bundle.choose_file") };
      return;
    }
    const passphrase = passphraseIn(this.renderRoot);
    if (AuditApp.bundleIsSealed(text) && !passphrase) {
      this.failure = { message: t("exports.bundle.encrypted") };
      return;
    }
    let imported: Imported | undefined;
    this.failure = await attempt(async () => {
      text = await AuditApp.openBundle(text!, passphrase);
      imported = await this.ctx.app.importBundle(text);
    });
    if (!imported) return;
    if (imported.kind === "result") {
      this.pending = text;
      this.choices = new Map();
      this.review = imported.review;
      return;
    }
    input.value = "";
    this.dispatchEvent(new CustomEvent(imported.kind === "workspace" ? "isms-audit:restored" : IMPORTED_EVENT, { bubbles: true, composed: true }));
    if (imported.kind === "workspace") {
      this.outcome = t("exports.bundle.restored");
    } else {
      this.outcome = imported.member
        ? t("exports.bundle.package_imported", { member: imported.member })
        : t("exports.bundle.audit_imported");
      this.ctx.navigate({ view: "audit", id: imported.auditId });
    }
  }

  private async merge() {
    const review = this.review!;
    const choices: MergeChoice[] = [...this.choices].map(([key, keep]) => ({ key, keep }));
    this.failure = await attempt(() => this.ctx.app.mergeResultPackage(this.pending, choices));
    if (this.failure) return;
    this.review = undefined;
    this.pending = "";
    this.outcome = t("exports.merge.done", { member: review.origin.member, audit: review.auditTitle });
    this.dispatchEvent(new CustomEvent(IMPORTED_EVENT, { bubbles: true, composed: true }));
  }

  private reviewTable(review: MergeReview) {
    const choose = (key: string, side: Side) => {
      this.choices.set(key, side);
      this.requestUpdate();
    };
    const about = {
      by: review.returnedBy, at: review.returnedAt, madeBy: review.origin.madeBy, madeAt: review.origin.madeAt,
      n: review.items.length, conflicts: review.conflicts,
    };
    return html`<section aria-label=${t("exports.merge.label")} id="merge-review">
      <h4>${t("exports.merge.title", { member: review.origin.member, audit: review.auditTitle })}</h4>
      <p class="muted">${review.conflicts ? emphasised("exports.merge.about_conflicts", about) : t("exports.merge.about", about)}</p>
      ${review.items.length === 0
        ? html`<p>${t("exports.merge.nothing_new")}</p>`
        : html`<table class="merge">
          <thead><tr><th>${t("exports.merge.item")}</th><th>${t("exports.merge.what")}</th><th>${t("exports.merge.mine")}</th><th>${t("exports.merge.theirs", { member: review.origin.member })}</th></tr></thead>
          <tbody>${review.items.map((i) => html`<tr class=${i.status} data-key=${i.key}>
            <td>${i.label}</td>
            <td>${mergeStatus(i.status)}${i.status === "conflict"
              ? html`<div class="choice" role="radiogroup" aria-label=${t("exports.merge.keep_which", { item: i.label })}>
                  <label><input type="radio" name="keep-${i.key}" value="mine" ?checked=${this.choices.get(i.key) === "mine"}
                    @change=${() => choose(i.key, "mine")}> ${t("exports.merge.keep_mine")}</label>
                  <label><input type="radio" name="keep-${i.key}" value="theirs" ?checked=${this.choices.get(i.key) === "theirs"}
                    @change=${() => choose(i.key, "theirs")}> ${t("exports.merge.take_theirs")}</label></div>`
              : nothing}</td>
            <td class="side">${i.mine || html`<span class="muted">–</span>`}</td>
            <td class="side">${i.theirs}</td>
          </tr>`)}</tbody>
        </table>`}
      <div class="actions">
        <button id="merge" class="edit" @click=${() => this.merge()}>${t("exports.merge.merge", { audit: review.auditTitle })}</button>
        <button class="secondary" @click=${() => { this.review = undefined; this.failure = undefined; }}>${t("common.cancel")}</button>
      </div>
    </section>`;
  }

  render() {
    return html`<section class="card" aria-label=${t("exports.bundle.title")}>
      <h3>${t("exports.bundle.title")}</h3>
      <p class="muted">${t("exports.bundle.hint")}</p>
      ${passphraseField("bundle-passphrase")}
      <div class="import">
        <button class="secondary" id="export-workspace-bundle" @click=${() => this.exportWorkspace()}>${t("exports.bundle.export_workspace")}</button>
        <div class="field edit">
          <label for="bundle-file">${t("exports.bundle.import_label")}
            <span class="hint">${t("exports.bundle.import_hint")}</span></label>
          <input id="bundle-file" type="file" accept=".isms-audit,application/json">
        </div>
        <button class="secondary edit" id="import-bundle" @click=${() => this.importFile()}>${t("common.import")}</button>
      </div>
      ${this.outcome ? html`<p role="status" id="bundle-outcome">${this.outcome}</p>` : nothing}
      ${formError(this.failure)}
      ${this.review ? this.reviewTable(this.review) : nothing}
    </section>`;
  }
}

customElements.define("bundle-panel", BundlePanel);

/** <audit-bundles>: the audit's own bundle, and the result package of an audit that
 * came in a work package. */
export class AuditBundles extends PageElement {
  static styles = [...PageElement.styles, css`input.passphrase { max-width: 28em; }`];
  static properties = { ...PageElement.properties, auditId: {}, auditTitle: {}, status: { state: true }, failure: { state: true } };
  declare auditId: string;
  declare auditTitle: string;
  declare status: string | undefined;
  declare failure: FormError | undefined;

  private async run(what: string, action: () => Promise<void>) {
    this.status = undefined;
    this.failure = await attempt(action);
    if (!this.failure) this.status = what;
  }

  render() {
    return html`<section class="card no-print" aria-label=${t("exports.audit_bundle.title")}>
      <h3>${t("exports.audit_bundle.title")}</h3>
      <p class="muted">${t("exports.audit_bundle.hint")}</p>
      ${passphraseField("audit-bundle-passphrase")}
      <div class="actions">
        <button class="secondary" id="export-audit-bundle"
          @click=${() => this.run(t("exports.audit_bundle.downloaded"), () => exportAuditBundle(this.ctx.app, this.auditId, this.auditTitle, passphraseIn(this.renderRoot)))}>${t("exports.audit_bundle.export")}</button>
        <button class="secondary" id="export-result-package"
          @click=${() => this.run(t("exports.audit_bundle.result_downloaded"), () => exportResultPackage(this.ctx.app, this.auditId, this.auditTitle, passphraseIn(this.renderRoot)))}>${t("exports.audit_bundle.export_result")}</button>
      </div>
      ${this.status ? html`<p role="status" class="muted">${this.status}</p>` : nothing}
      ${formError(this.failure)}
    </section>`;
  }
}

customElements.define("audit-bundles", AuditBundles);
