// <criteria-set-list> and <criteria-set-page>: the organization's own criteria
// (policies, legal, regulatory and contractual requirements), entered or imported from
// CSV or JSON, and then selectable in any audit as CODE:ID.
import { html } from "lit";
import { repeat } from "lit/directives/repeat.js";
import type { CustomCriterion, ImportFormat, SetKind } from "./engine.js";
import { attempt, chosenText, field, formError, values, type FormError, confirmDelete } from "./forms.js";
import { PageElement } from "./page.js";
import "./import-table.js";

const SET_KINDS: Record<SetKind, string> = {
  policy: "Organization's policies",
  legal: "Legal requirements",
  regulatory: "Regulatory requirements",
  contractual: "Contractual requirements",
  other: "Other requirements",
};

export class CriteriaSetList extends PageElement {
  private async create(event: SubmitEvent) {
    event.preventDefault();
    const v = values(event.target as HTMLFormElement);
    let created: string | undefined;
    this.error = await this.saving(async () => {
      created = (await this.ctx.dispatch({
        type: "createCriteriaSet",
        set: { code: v.code, name: v.name, kind: v.kind as SetKind },
      })).created;
    });
    if (created) this.ctx.navigate({ view: "criteria-set", id: created });
  }

  render() {
    const { app, navigate } = this.ctx;
    const sets = app.criteriaSets();
    const e = this.error;
    return html`<h2>Custom criteria</h2>
      <div class="card">
        ${sets.length === 0
          ? html`<p class="muted">No custom criteria yet. Add the organization's policies and the legal, regulatory and contractual requirements it must meet, to audit them next to ISO/IEC 27001.</p>`
          : html`<table>
              <thead><tr><th>Code</th><th>Name</th><th>Kind</th><th>Criteria</th></tr></thead>
              <tbody>${sets.map((s) => html`<tr>
                <td>${s.code}</td>
                <td><button class="link" @click=${() => navigate({ view: "criteria-set", id: s.id })}>${s.name}</button></td>
                <td>${SET_KINDS[s.kind]}</td><td>${s.criteria.length}</td>
              </tr>`)}</tbody>
            </table>`}
      </div>
      <form class="card" novalidate @submit=${this.create} aria-label="New criteria set">
        <h3>New criteria set</h3>
        ${formError(e, ["code", "name", "kind"])}
        <div class="grid">
          ${field(e, "code", "Code", (inv, d) => html`<input id="code" name="code" placeholder="e.g. POL or GDPR" aria-invalid=${inv} aria-describedby=${d}>`, "short, fixed; audits cite CODE:ID")}
          ${field(e, "name", "Name", (inv, d) => html`<input id="name" name="name" aria-invalid=${inv} aria-describedby=${d}>`)}
          ${field(e, "kind", "Kind", (inv, d) => html`<select id="kind" name="kind" aria-invalid=${inv} aria-describedby=${d}>
            ${Object.entries(SET_KINDS).map(([k, label]) => html`<option value=${k}>${label}</option>`)}
          </select>`)}
        </div>
        <button type="submit">Create set</button>
      </form>`;
  }
}

export class CriteriaSetPage extends PageElement {
  static properties = { ...PageElement.properties, setId: { type: String }, editing: { state: true }, importError: { state: true } };
  declare setId: string;
  /** The id of the criterion in the form ("" for a new one). */
  declare editing: string | undefined;
  declare importError: FormError | undefined;

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const v = values(event.target as HTMLFormElement);
    const criterion: CustomCriterion = { id: v.id, title: v.title, guidance: v.guidance, source: v.source };
    this.error = await this.saving(() => this.ctx.dispatch({ type: "setCustomCriterion", setId: this.setId, criterion }));
    if (!this.error) this.editing = undefined;
  }

  private async deleteCriterion(id: string) {
    if (!confirm(`Delete criterion ${id}? Audits that use it keep their checklist item.`)) return;
    this.error = await attempt(() => this.ctx.dispatch({ type: "deleteCustomCriterion", setId: this.setId, criterionId: id }));
  }

  private async deleteSet(code: string) {
    if (!confirmDelete(`the criteria set ${code} and its criteria`)) return;
    this.importError = await attempt(() => this.ctx.dispatch({ type: "deleteCriteriaSet", setId: this.setId }));
    if (!this.importError) this.ctx.navigate({ view: "criteria-sets" });
  }

  private async importFile() {
    const input = this.renderRoot.querySelector<HTMLInputElement>("#criteria-file")!;
    const text = await chosenText(input);
    if (text === undefined) {
      this.importError = { message: "Choose a CSV or JSON file first." };
      return;
    }
    const format: ImportFormat = input.files![0].name.toLowerCase().endsWith(".json") ? "json" : "csv";
    this.importError = await this.saving(() => this.ctx.dispatch({ type: "importCustomCriteria", setId: this.setId, format, text }));
    if (!this.importError) input.value = "";
  }

  render() {
    const { app, navigate } = this.ctx;
    const set = app.criteriaSets().find((s) => s.id === this.setId);
    if (!set) return html`<div class="banner error" role="alert">This criteria set does not exist (any more).</div>`;
    const e = this.error;
    const editing = set.criteria.find((c) => c.id === this.editing);
    return html`
      <nav class="no-print"><button class="link" @click=${() => navigate({ view: "criteria-sets" })}>All criteria sets</button> ›</nav>
      <h2>${set.code} ${set.name}</h2>
      <p class="muted">${SET_KINDS[set.kind]} · in audits these criteria are cited as ${set.code}:ID</p>
      <div class="card">
        <div class="import">
          <div class="field">
            <label for="criteria-file">Import CSV or JSON <span class="hint">CSV columns id, title, guidance, source; JSON an array of such objects; same ids are replaced</span></label>
            <input id="criteria-file" type="file" accept=".csv,.json,text/csv,application/json">
          </div>
          <button @click=${this.importFile}>Import</button>
          <button class="danger" @click=${() => this.deleteSet(set.code)}>Delete set</button>
        </div>
        ${formError(this.importError)}
      </div>
      <div class="card">
        <import-table .ctx=${this.ctx} .revision=${this.revision} kind="criteria" .targetId=${set.id}
          label="Import a spreadsheet with preview (same ids are replaced)"></import-table>
      </div>
      <div class="card">
        ${set.criteria.length === 0
          ? html`<p class="muted">No criteria in this set yet.</p>`
          : html`<table id="custom-criteria">
              <thead><tr><th>Id</th><th>Title</th><th>Guidance</th><th>Source</th><th><span class="sr-only">Actions</span></th></tr></thead>
              <tbody>${repeat(set.criteria, (c) => c.id, (c) => html`<tr>
                <td class="nowrap">${c.id}</td><td>${c.title}</td><td class="pre">${c.guidance}</td><td>${c.source}</td>
                <td><div class="actions nowrap">
                  <button class="secondary" aria-label="Edit ${c.id}" @click=${() => { this.editing = c.id; this.error = undefined; }}>Edit</button>
                  <button class="danger" aria-label="Delete ${c.id}" @click=${() => this.deleteCriterion(c.id)}>Delete</button>
                </div></td>
              </tr>`)}</tbody>
            </table>`}
      </div>
      ${this.editing === undefined
        ? html`<button @click=${() => { this.editing = ""; this.error = undefined; }}>Add criterion</button>`
        : html`<form class="card" novalidate @submit=${this.save} aria-label="Criterion">
            <h3>${editing ? `Edit ${editing.id}` : "New criterion"}</h3>
            ${formError(e, ["id", "title", "guidance", "source"])}
            <div class="grid">
              ${field(e, "id", "Id", (inv, d) => html`<input id="id" name="id" .value=${editing?.id ?? ""} ?readonly=${!!editing} aria-invalid=${inv} aria-describedby=${d}>`)}
              ${field(e, "source", "Source", (inv, d) => html`<input id="source" name="source" .value=${editing?.source ?? ""} aria-invalid=${inv} aria-describedby=${d}>`, "document, law or contract clause")}
            </div>
            ${field(e, "title", "Requirement", (inv, d) => html`<input id="title" name="title" .value=${editing?.title ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
            ${field(e, "guidance", "Audit guidance", (inv, d) => html`<textarea id="guidance" name="guidance" .value=${editing?.guidance ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`)}
            <div class="actions">
              <button type="submit">Save criterion</button>
              <button type="button" class="secondary" @click=${() => (this.editing = undefined)}>Cancel</button>
            </div>
          </form>`}
      ${formError(this.editing === undefined ? e : undefined)}`;
  }
}

customElements.define("criteria-set-list", CriteriaSetList);
customElements.define("criteria-set-page", CriteriaSetPage);
