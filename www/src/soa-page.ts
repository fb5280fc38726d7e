// <soa-list> and <soa-page>: Statements of Applicability: create, import from a
// spreadsheet's CSV, edit control by control, export, and see what an auditor flags.
import { html, nothing, css } from "lit";
import { live } from "lit/directives/live.js";
import { repeat } from "lit/directives/repeat.js";
import { catalogOf, type Implementation, type SoaEntry, type SoaFields } from "./engine.js";
import { asFormError, attempt, chosenText, download, errorText, field, formError, values, confirmDelete, type FormError } from "./forms.js";
import { t, tKey } from "./i18n.js";
import { tHtml } from "./i18n-html.js";
import { PageElement } from "./page.js";
import "./import-table.js";

const IMPLEMENTATIONS: Implementation[] = ["implemented", "partially_implemented", "planned", "not_implemented"];
const implementation = (i: Implementation) => tKey(`records.soa.implementation.${i}`);

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
    return html`<h2>${t("records.soa.list_heading")}</h2>
      <div class="card">
        ${soas.length === 0
          ? html`<p class="muted">${t("records.soa.empty")}</p>`
          : html`<table>
              <thead><tr><th>${t("records.soa.col.soa")}</th><th>${t("records.soa.col.edition")}</th><th>${t("records.soa.col.applicable")}</th><th>${t("records.soa.col.excluded")}</th><th>${t("records.soa.col.not_assessed")}</th><th>${t("records.soa.col.flags")}</th></tr></thead>
              <tbody>${soas.map(({ soa, review }) => html`<tr>
                <td><button class="link" @click=${() => navigate({ view: "soa", id: soa.id })}>${soa.name}</button></td>
                <td>${catalogOf(app, soa.catalogId).edition}</td>
                <td>${review.applicable}</td><td>${review.excluded}</td><td>${review.notAssessed}</td>
                <td>${review.unjustifiedExclusions.length
                  ? html`<span class="flag">${t("records.soa.unjustified_count", { n: review.unjustifiedExclusions.length })}</span>`
                  : html`<span class="muted">${t("common.none")}</span>`}</td>
              </tr>`)}</tbody>
            </table>`}
      </div>
      <form class="card edit" novalidate @submit=${this.create} aria-label=${t("records.soa.new_label")}>
        <h3>${t("records.soa.new_heading")}</h3>
        ${formError(e, ["name", "catalogId"])}
        <div class="grid">
          ${field(e, "name", t("common.name"), (inv, d) => html`<input id="name" name="name" placeholder=${t("records.soa.name_placeholder")} aria-invalid=${inv} aria-describedby=${d}>`)}
          ${field(e, "catalogId", t("records.soa.edition"), (inv, d) => html`<select id="catalogId" name="catalogId" aria-invalid=${inv} aria-describedby=${d}>
            ${app.catalogIds().map((id) => html`<option value=${id}>${catalogOf(app, id).edition}</option>`)}
          </select>`)}
        </div>
        <button type="submit">${t("records.soa.create")}</button>
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
      .soa select { min-width: 9.5em; }
      .soa td.justification { min-width: 12em; }
      tr.unjustified { background: #fef3f2; }
    `,
  ];
  declare soaId: string;
  declare rowError: { controlId: string; error: FormError } | undefined;

  private async save(entry: SoaEntry) {
    const error = await attempt(() => this.ctx.dispatch({ type: "setSoaEntry", soaId: this.soaId, entry }));
    this.rowError = error ? { controlId: entry.controlId, error } : undefined;
  }

  private async deleteSoa(name: string) {
    if (!confirmDelete(t("records.soa.delete_what", { name }))) return;
    this.error = await attempt(() => this.ctx.dispatch({ type: "deleteSoa", soaId: this.soaId }));
    if (!this.error) this.ctx.navigate({ view: "soas" });
  }

  private async importFile() {
    const input = this.renderRoot.querySelector<HTMLInputElement>("#soa-file")!;
    const csv = await chosenText(input);
    if (csv === undefined) {
      this.error = { message: t("records.soa.choose_file"), localized: true };
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
      return formError(asFormError(e));
    }
    const { soa, review } = summary;
    const catalog = catalogOf(app, soa.catalogId);
    const entries = new Map(soa.entries.map((e) => [e.controlId, e]));
    const unjustified = new Set(review.unjustifiedExclusions);
    return html`
      <nav class="no-print"><button class="link" @click=${() => navigate({ view: "soas" })}>${t("records.soa.all")}</button> ›</nav>
      <h2>${soa.name}</h2>
      <div class="card">
        <p>${tHtml("records.soa.summary", {
          edition: catalog.edition,
          applicable: html`<strong id="soa-applicable">${review.applicable}</strong>`,
          excluded: html`<strong>${review.excluded}</strong>`,
          notAssessed: html`<strong>${review.notAssessed}</strong>`,
          controls: review.controls,
        })}</p>
        ${unjustified.size
          ? html`<p class="flag" id="soa-flags">${t("records.soa.unjustified", { controls: review.unjustifiedExclusions.join(", ") })}</p>`
          : nothing}
        <div class="import">
          <div class="field edit">
            <label for="soa-file">${t("records.soa.import_csv")} <span class="hint">${t("records.soa.import_csv_hint")}</span></label>
            <input id="soa-file" type="file" accept=".csv,text/csv">
          </div>
          <button class="edit" @click=${this.importFile}>${t("common.import")}</button>
          <button class="secondary" @click=${() => download(`${soa.name}.csv`, "text/csv", app.soaCsv(soa.id))}>${t("records.soa.export_csv")}</button>
          <button class="danger edit" @click=${() => this.deleteSoa(soa.name)}>${t("records.soa.delete")}</button>
        </div>
        ${formError(this.error)}
      </div>
      <div class="card edit">
        <import-table .ctx=${this.ctx} .revision=${this.revision} kind="soa" .targetId=${soa.id}
          label=${t("records.soa.import_table")}></import-table>
      </div>
      <div class="card">
        <table class="soa">
          <thead><tr><th>${t("records.soa.col.control")}</th><th>${t("records.soa.col.applicable")}</th><th>${t("records.soa.col.justification")}</th><th>${t("records.soa.col.implementation")}</th><th>${t("records.soa.col.documents")}</th></tr></thead>
          <tbody>${repeat(catalog.criteria.filter((c) => c.kind === "control"), (c) => c.id, (c) => {
            const entry = entries.get(c.id);
            const current: SoaEntry = entry ?? { controlId: c.id, applicable: true, justification: "", documents: "" };
            const update = (change: Partial<SoaEntry>) => this.save({ ...current, ...change });
            const error = this.rowError?.controlId === c.id ? this.rowError.error : undefined;
            return html`<tr data-control=${c.id} class=${unjustified.has(c.id) ? "unjustified" : ""}>
              <td><strong>${c.id}</strong> ${c.title}${error ? html`<div class="field-error" role="alert">${errorText(error)}</div>` : nothing}</td>
              ${this.ctx.readonly ? this.readonlyCells(entry) : html`
              <td><label class="sr-only" for="applicable-${c.id}">${t("records.soa.applicable_of", { id: c.id })}</label>
                <select id="applicable-${c.id}" .value=${live(entry ? (entry.applicable ? "yes" : "no") : "")}
                  @change=${(e: Event) => update({ applicable: (e.target as HTMLSelectElement).value === "yes" })}>
                  <option value="" disabled>${t("records.soa.not_assessed")}</option><option value="yes">${t("records.soa.yes")}</option><option value="no">${t("records.soa.no")}</option>
                </select></td>
              <td><label class="sr-only" for="justification-${c.id}">${t("records.soa.justification_of", { id: c.id })}</label>
                <textarea id="justification-${c.id}" .value=${live(entry?.justification ?? "")}
                  @change=${(e: Event) => update({ justification: (e.target as HTMLTextAreaElement).value })}></textarea></td>
              <td><label class="sr-only" for="implementation-${c.id}">${t("records.soa.implementation_of", { id: c.id })}</label>
                <select id="implementation-${c.id}" .value=${live(entry?.implementation ?? "")}
                  @change=${(e: Event) => update({ implementation: ((e.target as HTMLSelectElement).value || undefined) as Implementation | undefined })}>
                  <option value="">${t("records.soa.not_stated")}</option>
                  ${IMPLEMENTATIONS.map((k) => html`<option value=${k}>${implementation(k)}</option>`)}
                </select></td>
              <td><label class="sr-only" for="documents-${c.id}">${t("records.soa.documents_of", { id: c.id })}</label>
                <input id="documents-${c.id}" .value=${live(entry?.documents ?? "")}
                  @change=${(e: Event) => update({ documents: (e.target as HTMLInputElement).value })}></td>`}
            </tr>`;
          })}</tbody>
        </table>
      </div>`;
  }

  /** A line as text, for a read-only page (the controls would change it). */
  private readonlyCells(entry: SoaEntry | undefined) {
    const applicable = entry ? (entry.applicable ? t("records.soa.yes") : t("records.soa.no")) : html`<span class="muted">${t("records.soa.not_assessed")}</span>`;
    return html`<td>${applicable}</td><td class="pre justification">${entry?.justification ?? ""}</td>
      <td>${entry?.implementation ? implementation(entry.implementation) : html`<span class="muted">${t("records.soa.not_stated")}</span>`}</td><td>${entry?.documents ?? ""}</td>`;
  }
}

customElements.define("soa-list", SoaList);
customElements.define("soa-page", SoaPage);
