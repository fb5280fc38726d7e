// <criteria-set-list> and <criteria-set-page>: the organization's own criteria
// (policies, legal, regulatory and contractual requirements), entered or imported from
// CSV or JSON, and then selectable in any audit as CODE:ID.
import { html } from "lit";
import { repeat } from "lit/directives/repeat.js";
import type { CustomCriterion, ImportFormat, SetKind } from "./engine.js";
import { attempt, chosenText, field, formError, values, type FormError, confirmDelete } from "./forms.js";
import { t, tKey } from "./i18n.js";
import { PageElement } from "./page.js";
import "./import-table.js";

const SET_KINDS: SetKind[] = ["policy", "legal", "regulatory", "contractual", "other"];
const setKind = (k: SetKind) => tKey(`records.criteria.kind.${k}`);

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
    return html`<h2>${t("records.criteria.list_heading")}</h2>
      <div class="card">
        ${sets.length === 0
          ? html`<p class="muted">${t("records.criteria.empty")}</p>`
          : html`<table>
              <thead><tr><th>${t("records.criteria.code")}</th><th>${t("common.name")}</th><th>${t("common.kind")}</th><th>${t("records.criteria.col.criteria")}</th></tr></thead>
              <tbody>${sets.map((s) => html`<tr>
                <td>${s.code}</td>
                <td><button class="link" @click=${() => navigate({ view: "criteria-set", id: s.id })}>${s.name}</button></td>
                <td>${setKind(s.kind)}</td><td>${s.criteria.length}</td>
              </tr>`)}</tbody>
            </table>`}
      </div>
      <form class="card edit" novalidate @submit=${this.create} aria-label=${t("records.criteria.new_set")}>
        <h3>${t("records.criteria.new_set")}</h3>
        ${formError(e, ["code", "name", "kind"])}
        <div class="grid">
          ${field(e, "code", t("records.criteria.code"), (inv, d) => html`<input id="code" name="code" placeholder=${t("records.criteria.code_placeholder")} aria-invalid=${inv} aria-describedby=${d}>`, t("records.criteria.code_hint"))}
          ${field(e, "name", t("common.name"), (inv, d) => html`<input id="name" name="name" aria-invalid=${inv} aria-describedby=${d}>`)}
          ${field(e, "kind", t("common.kind"), (inv, d) => html`<select id="kind" name="kind" aria-invalid=${inv} aria-describedby=${d}>
            ${SET_KINDS.map((k) => html`<option value=${k}>${setKind(k)}</option>`)}
          </select>`)}
        </div>
        <button type="submit">${t("records.criteria.create")}</button>
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
    if (!confirm(t("records.criteria.confirm_delete_criterion", { id }))) return;
    this.error = await attempt(() => this.ctx.dispatch({ type: "deleteCustomCriterion", setId: this.setId, criterionId: id }));
  }

  private async deleteSet(code: string) {
    if (!confirmDelete(t("records.criteria.delete_what", { code }))) return;
    this.importError = await attempt(() => this.ctx.dispatch({ type: "deleteCriteriaSet", setId: this.setId }));
    if (!this.importError) this.ctx.navigate({ view: "criteria-sets" });
  }

  private async importFile() {
    const input = this.renderRoot.querySelector<HTMLInputElement>("#criteria-file")!;
    const text = await chosenText(input);
    if (text === undefined) {
      this.importError = { message: t("records.criteria.choose_file"), localized: true };
      return;
    }
    const format: ImportFormat = input.files![0].name.toLowerCase().endsWith(".json") ? "json" : "csv";
    this.importError = await this.saving(() => this.ctx.dispatch({ type: "importCustomCriteria", setId: this.setId, format, text }));
    if (!this.importError) input.value = "";
  }

  render() {
    const { app, navigate } = this.ctx;
    const set = app.criteriaSets().find((s) => s.id === this.setId);
    if (!set) return html`<div class="banner error" role="alert">${t("records.criteria.missing")}</div>`;
    const e = this.error;
    const editing = set.criteria.find((c) => c.id === this.editing);
    return html`
      <nav class="no-print"><button class="link" @click=${() => navigate({ view: "criteria-sets" })}>${t("records.criteria.all")}</button> ›</nav>
      <h2>${set.code} ${set.name}</h2>
      <p class="muted">${setKind(set.kind)} · ${t("records.criteria.cited_as", { code: set.code })}</p>
      <div class="card">
        <div class="import">
          <div class="field edit">
            <label for="criteria-file">${t("records.criteria.import_file")} <span class="hint">${t("records.criteria.import_file_hint")}</span></label>
            <input id="criteria-file" type="file" accept=".csv,.json,text/csv,application/json">
          </div>
          <button class="edit" @click=${this.importFile}>${t("common.import")}</button>
          <button class="danger edit" @click=${() => this.deleteSet(set.code)}>${t("records.criteria.delete_set")}</button>
        </div>
        ${formError(this.importError)}
      </div>
      <div class="card edit">
        <import-table .ctx=${this.ctx} .revision=${this.revision} kind="criteria" .targetId=${set.id}
          label=${t("records.criteria.import_table")}></import-table>
      </div>
      <div class="card">
        ${set.criteria.length === 0
          ? html`<p class="muted">${t("records.criteria.none_yet")}</p>`
          : html`<table id="custom-criteria">
              <thead><tr><th>${t("records.criteria.id")}</th><th>${t("common.title")}</th><th>${t("records.criteria.col.guidance")}</th><th>${t("records.criteria.source")}</th><th><span class="sr-only">${t("common.actions")}</span></th></tr></thead>
              <tbody>${repeat(set.criteria, (c) => c.id, (c) => html`<tr>
                <td class="nowrap">${c.id}</td><td>${c.title}</td><td class="pre">${c.guidance}</td><td>${c.source}</td>
                <td><div class="actions nowrap">
                  <button class="secondary edit" aria-label=${t("records.criteria.edit_id", { id: c.id })} @click=${() => { this.editing = c.id; this.error = undefined; }}>${t("common.edit")}</button>
                  <button class="danger edit" aria-label=${t("records.criteria.delete_id", { id: c.id })} @click=${() => this.deleteCriterion(c.id)}>${t("common.delete")}</button>
                </div></td>
              </tr>`)}</tbody>
            </table>`}
      </div>
      ${this.editing === undefined
        ? html`<button class="edit" @click=${() => { this.editing = ""; this.error = undefined; }}>${t("records.criteria.add")}</button>`
        : html`<form class="card edit" novalidate @submit=${this.save} aria-label=${t("records.criteria.form_label")}>
            <h3>${editing ? t("records.criteria.edit_id", { id: editing.id }) : t("records.criteria.new")}</h3>
            ${formError(e, ["id", "title", "guidance", "source"])}
            <div class="grid">
              ${field(e, "id", t("records.criteria.id"), (inv, d) => html`<input id="id" name="id" .value=${editing?.id ?? ""} ?readonly=${!!editing} aria-invalid=${inv} aria-describedby=${d}>`)}
              ${field(e, "source", t("records.criteria.source"), (inv, d) => html`<input id="source" name="source" .value=${editing?.source ?? ""} aria-invalid=${inv} aria-describedby=${d}>`, t("records.criteria.source_hint"))}
            </div>
            ${field(e, "title", t("records.criteria.requirement"), (inv, d) => html`<input id="title" name="title" .value=${editing?.title ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
            ${field(e, "guidance", t("records.criteria.guidance"), (inv, d) => html`<textarea id="guidance" name="guidance" .value=${editing?.guidance ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`)}
            <div class="actions">
              <button type="submit">${t("records.criteria.save")}</button>
              <button type="button" class="secondary" @click=${() => (this.editing = undefined)}>${t("common.cancel")}</button>
            </div>
          </form>`}
      ${formError(this.editing === undefined ? e : undefined)}`;
  }
}

customElements.define("criteria-set-list", CriteriaSetList);
customElements.define("criteria-set-page", CriteriaSetPage);
