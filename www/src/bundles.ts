// Sealed bundles (.isms-audit files) and team work packages: exporting them, importing
// any of them, and the lead's review of a result package before it is merged. The engine
// verifies every file completely before anything is written.
import { css, html, nothing } from "lit";
import { AuditApp } from "./engine.js";
import type { Imported, MergeChoice, MergeReview, Side } from "./engine.js";
import { attempt, chosenText, download, formError, type FormError } from "./forms.js";
import { today } from "./labels.js";
import { PageElement } from "./page.js";

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
    <label for=${id}>Passphrase <span class="hint">optional: encrypts the file (at least 10 characters); needed to import an encrypted one</span></label>
    <input id=${id} class="passphrase" type="password" autocomplete="new-password">
  </div>`;
}

const STATUS: Record<MergeReview["items"][number]["status"], string> = {
  new: "New",
  changed: "Changed by them",
  conflict: "Changed on both sides",
};

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
      this.failure = { message: "Choose a bundle or package file (.isms-audit) first." };
      return;
    }
    const passphrase = passphraseIn(this.renderRoot);
    if (AuditApp.bundleIsSealed(text) && !passphrase) {
      this.failure = { message: "This file is encrypted: type its passphrase, then import it again." };
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
      this.outcome = "The workspace bundle was verified and restored.";
    } else {
      this.outcome = imported.member
        ? `The work package for ${imported.member} was verified and imported.`
        : "The audit bundle was verified and imported.";
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
    this.outcome = `The result package from ${review.origin.member} was merged into ${review.auditTitle}.`;
    this.dispatchEvent(new CustomEvent(IMPORTED_EVENT, { bubbles: true, composed: true }));
  }

  private reviewTable(review: MergeReview) {
    const choose = (key: string, side: Side) => {
      this.choices.set(key, side);
      this.requestUpdate();
    };
    return html`<section aria-label="Merge review" id="merge-review">
      <h4>Result package from ${review.origin.member} for ${review.auditTitle}</h4>
      <p class="muted">Exported by ${review.returnedBy} at ${review.returnedAt}; the package was made by
        ${review.origin.madeBy} at ${review.origin.madeAt}. ${review.items.length} item(s) to take in${review.conflicts
          ? html`, <strong>${review.conflicts} changed on both sides: choose which version stays for each</strong>` : nothing}.</p>
      ${review.items.length === 0
        ? html`<p>Nothing in it is new here: it was merged already.</p>`
        : html`<table class="merge">
          <thead><tr><th>Item</th><th>What happens</th><th>Yours (this workspace)</th><th>Theirs (${review.origin.member})</th></tr></thead>
          <tbody>${review.items.map((i) => html`<tr class=${i.status} data-key=${i.key}>
            <td>${i.label}</td>
            <td>${STATUS[i.status]}${i.status === "conflict"
              ? html`<div class="choice" role="radiogroup" aria-label="Keep which version of ${i.label}">
                  <label><input type="radio" name="keep-${i.key}" value="mine" ?checked=${this.choices.get(i.key) === "mine"}
                    @change=${() => choose(i.key, "mine")}> Keep mine</label>
                  <label><input type="radio" name="keep-${i.key}" value="theirs" ?checked=${this.choices.get(i.key) === "theirs"}
                    @change=${() => choose(i.key, "theirs")}> Take theirs</label></div>`
              : nothing}</td>
            <td class="side">${i.mine || html`<span class="muted">–</span>`}</td>
            <td class="side">${i.theirs}</td>
          </tr>`)}</tbody>
        </table>`}
      <div class="actions">
        <button id="merge" @click=${() => this.merge()}>Merge into ${review.auditTitle}</button>
        <button class="secondary" @click=${() => { this.review = undefined; this.failure = undefined; }}>Cancel</button>
      </div>
    </section>`;
  }

  render() {
    return html`<section class="card" aria-label="Sealed bundles and work packages">
      <h3>Sealed bundles and work packages</h3>
      <p class="muted">A sealed bundle (.isms-audit) carries the whole workspace or one audit with its evidence
        files; every item is listed with its SHA-256, and importing checks them all before anything is written.
        Work packages go from the lead auditor to a team member (Conduct, Team); the member imports it here,
        works offline and returns a result package, which the lead imports here to review and merge.</p>
      ${passphraseField("bundle-passphrase")}
      <div class="import">
        <button class="secondary" id="export-workspace-bundle" @click=${() => this.exportWorkspace()}>Export workspace bundle</button>
        <div class="field">
          <label for="bundle-file">Import a bundle, work package or result package
            <span class="hint">a whole workspace only into an empty one</span></label>
          <input id="bundle-file" type="file" accept=".isms-audit,application/json">
        </div>
        <button class="secondary" id="import-bundle" @click=${() => this.importFile()}>Import</button>
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
    return html`<section class="card no-print" aria-label="Sealed bundle and result package">
      <h3>Sealed bundle and result package</h3>
      <p class="muted">The audit with its evidence files as one verified .isms-audit file; or, for an audit that came
        to you in a work package, your result package to return to the lead auditor.</p>
      ${passphraseField("audit-bundle-passphrase")}
      <div class="actions">
        <button class="secondary" id="export-audit-bundle"
          @click=${() => this.run("Audit bundle downloaded.", () => exportAuditBundle(this.ctx.app, this.auditId, this.auditTitle, passphraseIn(this.renderRoot)))}>Export audit bundle</button>
        <button class="secondary" id="export-result-package"
          @click=${() => this.run("Result package downloaded.", () => exportResultPackage(this.ctx.app, this.auditId, this.auditTitle, passphraseIn(this.renderRoot)))}>Export result package</button>
      </div>
      ${this.status ? html`<p role="status" class="muted">${this.status}</p>` : nothing}
      ${formError(this.failure)}
    </section>`;
  }
}

customElements.define("audit-bundles", AuditBundles);
