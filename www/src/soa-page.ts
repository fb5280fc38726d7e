// <soa-list> and <soa-page>: Statements of Applicability: create, import from a
// spreadsheet's CSV, edit control by control, export, and see what an auditor flags.
import { html, nothing, css } from "lit";
import { live } from "lit/directives/live.js";
import { repeat } from "lit/directives/repeat.js";
import { catalogOf, type Implementation, type SoaEntry, type SoaFields } from "./engine.js";
import { attempt, chosenText, download, field, formError, values, confirmDelete } from "./forms.js";
import { PageElement } from "./page.js";
import "./import-table.js";

const IMPLEMENTATION: Record<Implementation, string> = {
  implemented: "Implemented",
  partially_implemented: "Partially implemented",
  planned: "Planned",
  not_implemented: "Not implemented",
};

export class SoaList extends PageElement {
  private async create(event: SubmitEvent) {
    event.preventDefault();
    const v = values(event.target as HTMLFormElement);
    const soa: SoaFields = { name: v.name, catalogId: v.catalogId };
    let created: string | undefined;
    this.error = await this.saving(async () => {
      created = (await this.ctx.dispatch({ type: "createSoa", soa })).created;
    });
    if (created) this.ctx.navigate({ view: "soa", id: created });
  }

  render() {
    const { app, navigate } = this.ctx;
    const soas = app.soas();
    const e = this.error;
    return html`<h2>Statements of Applicability</h2>
      <div class="card">
        ${soas.length === 0
          ? html`<p class="muted">No SoA yet. Record the auditee's Statement of Applicability to plan audits from its applicable controls and to check its exclusions.</p>`
          : html`<table>
              <thead><tr><th>SoA</th><th>Edition</th><th>Applicable</th><th>Excluded</th><th>Not assessed</th><th>Flags</th></tr></thead>
              <tbody>${soas.map(({ soa, review }) => html`<tr>
                <td><button class="link" @click=${() => navigate({ view: "soa", id: soa.id })}>${soa.name}</button></td>
                <td>${catalogOf(app, soa.catalogId).edition}</td>
                <td>${review.applicable}</td><td>${review.excluded}</td><td>${review.notAssessed}</td>
                <td>${review.unjustifiedExclusions.length
                  ? html`<span class="flag">${review.unjustifiedExclusions.length} exclusions without justification</span>`
                  : html`<span class="muted">none</span>`}</td>
              </tr>`)}</tbody>
            </table>`}
      </div>
      <form class="card" novalidate @submit=${this.create} aria-label="New SoA">
        <h3>New Statement of Applicability</h3>
        ${formError(e, ["name", "catalogId"])}
        <div class="grid">
          ${field(e, "name", "Name", (inv, d) => html`<input id="name" name="name" placeholder="e.g. Example GmbH SoA v3" aria-invalid=${inv} aria-describedby=${d}>`)}
          ${field(e, "catalogId", "Edition", (inv, d) => html`<select id="catalogId" name="catalogId" aria-invalid=${inv} aria-describedby=${d}>
            ${app.catalogIds().map((id) => html`<option value=${id}>${catalogOf(app, id).edition}</option>`)}
          </select>`)}
        </div>
        <button type="submit">Create SoA</button>
      </form>`;
  }
}

export class SoaPage extends PageElement {
  static properties = { ...PageElement.properties, soaId: { type: String }, rowError: { state: true } };
  static styles = [
    ...PageElement.styles,
    css`
      .soa td { vertical-align: middle; }
      .soa textarea { min-height: 2.2em; }
      .soa select { min-width: 7em; }
      tr.unjustified { background: #fef3f2; }
    `,
  ];
  declare soaId: string;
  declare rowError: { controlId: string; message: string } | undefined;

  private async save(entry: SoaEntry) {
    const error = await attempt(() => this.ctx.dispatch({ type: "setSoaEntry", soaId: this.soaId, entry }));
    this.rowError = error ? { controlId: entry.controlId, message: error.message } : undefined;
  }

  private async deleteSoa(name: string) {
    if (!confirmDelete(`the SoA "${name}"`)) return;
    this.error = await attempt(() => this.ctx.dispatch({ type: "deleteSoa", soaId: this.soaId }));
    if (!this.error) this.ctx.navigate({ view: "soas" });
  }

  private async importFile() {
    const input = this.renderRoot.querySelector<HTMLInputElement>("#soa-file")!;
    const csv = await chosenText(input);
    if (csv === undefined) {
      this.error = { message: "Choose a CSV file first." };
      return;
    }
    this.error = await this.saving(() => this.ctx.dispatch({ type: "importSoa", soaId: this.soaId, csv }));
    if (!this.error) input.value = "";
  }

  render() {
    const { app, navigate } = this.ctx;
    let summary;
    try {
      summary = app.soa(this.soaId);
    } catch (e) {
      return html`<div class="banner error" role="alert">${(e as Error).message}</div>`;
    }
    const { soa, review } = summary;
    const catalog = catalogOf(app, soa.catalogId);
    const entries = new Map(soa.entries.map((e) => [e.controlId, e]));
    const unjustified = new Set(review.unjustifiedExclusions);
    return html`
      <nav class="no-print"><button class="link" @click=${() => navigate({ view: "soas" })}>All SoAs</button> ›</nav>
      <h2>${soa.name}</h2>
      <div class="card">
        <p>${catalog.edition}: <strong id="soa-applicable">${review.applicable}</strong> applicable,
          <strong>${review.excluded}</strong> excluded, <strong>${review.notAssessed}</strong> not assessed of ${review.controls} controls.</p>
        ${unjustified.size
          ? html`<p class="flag" id="soa-flags">Excluded without a justification: ${review.unjustifiedExclusions.join(", ")}. An auditor will raise this.</p>`
          : nothing}
        <div class="import">
          <div class="field">
            <label for="soa-file">Import CSV <span class="hint">columns control, applicable, justification, implementation, documents; replaces every line</span></label>
            <input id="soa-file" type="file" accept=".csv,text/csv">
          </div>
          <button @click=${this.importFile}>Import</button>
          <button class="secondary" @click=${() => download(`${soa.name}.csv`, "text/csv", app.soaCsv(soa.id))}>Export CSV</button>
          <button class="danger" @click=${() => this.deleteSoa(soa.name)}>Delete SoA</button>
        </div>
        ${formError(this.error)}
      </div>
      <div class="card">
        <import-table .ctx=${this.ctx} .revision=${this.revision} kind="soa" .targetId=${soa.id}
          label="Import a spreadsheet with preview (replaces every line)"></import-table>
      </div>
      <div class="card">
        <table class="soa">
          <thead><tr><th>Control</th><th>Applicable</th><th>Justification</th><th>Implementation</th><th>Documented information</th></tr></thead>
          <tbody>${repeat(catalog.criteria.filter((c) => c.kind === "control"), (c) => c.id, (c) => {
            const entry = entries.get(c.id);
            const current: SoaEntry = entry ?? { controlId: c.id, applicable: true, justification: "", documents: "" };
            const update = (change: Partial<SoaEntry>) => this.save({ ...current, ...change });
            const error = this.rowError?.controlId === c.id ? this.rowError.message : undefined;
            return html`<tr data-control=${c.id} class=${unjustified.has(c.id) ? "unjustified" : ""}>
              <td><strong>${c.id}</strong> ${c.title}${error ? html`<div class="field-error" role="alert">${error}</div>` : nothing}</td>
              <td><label class="sr-only" for="applicable-${c.id}">Applicable: ${c.id}</label>
                <select id="applicable-${c.id}" .value=${live(entry ? (entry.applicable ? "yes" : "no") : "")}
                  @change=${(e: Event) => update({ applicable: (e.target as HTMLSelectElement).value === "yes" })}>
                  <option value="" disabled>not assessed</option><option value="yes">yes</option><option value="no">no</option>
                </select></td>
              <td><label class="sr-only" for="justification-${c.id}">Justification: ${c.id}</label>
                <textarea id="justification-${c.id}" .value=${live(entry?.justification ?? "")}
                  @change=${(e: Event) => update({ justification: (e.target as HTMLTextAreaElement).value })}></textarea></td>
              <td><label class="sr-only" for="implementation-${c.id}">Implementation: ${c.id}</label>
                <select id="implementation-${c.id}" .value=${live(entry?.implementation ?? "")}
                  @change=${(e: Event) => update({ implementation: ((e.target as HTMLSelectElement).value || undefined) as Implementation | undefined })}>
                  <option value="">not stated</option>
                  ${Object.entries(IMPLEMENTATION).map(([k, label]) => html`<option value=${k}>${label}</option>`)}
                </select></td>
              <td><label class="sr-only" for="documents-${c.id}">Documented information: ${c.id}</label>
                <input id="documents-${c.id}" .value=${live(entry?.documents ?? "")}
                  @change=${(e: Event) => update({ documents: (e.target as HTMLInputElement).value })}></td>
            </tr>`;
          })}</tbody>
        </table>
      </div>`;
  }
}

customElements.define("soa-list", SoaList);
customElements.define("soa-page", SoaPage);
