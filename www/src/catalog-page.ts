// <catalog-page>: the criteria catalog browser: search by id, title and guidance text,
// filter by clause or theme and by ISO/IEC 27002 attribute, and read a criterion with
// its attributes, guidance and counterparts in the other edition.
import { html, nothing, css } from "lit";
import { catalogOf, type Catalog, type Criterion } from "./engine.js";
import { attributeList, editionLabel, guidanceView, withdrawnNote } from "./criterion-view.js";
import { t } from "./i18n.js";
import { PageElement } from "./page.js";

export class CatalogPage extends PageElement {
  static properties = {
    ...PageElement.properties,
    catalogId: { type: String },
    criterionId: { type: String },
    text: { state: true },
    group: { state: true },
    attribute: { state: true },
  };
  static styles = [
    ...PageElement.styles,
    css`
      .browser { display: grid; grid-template-columns: minmax(18em, 2fr) 3fr; gap: 1em; align-items: start; }
      .filters { display: grid; grid-template-columns: repeat(auto-fit, minmax(12em, 1fr)); gap: 0 0.8em; }
      .results { max-height: 70vh; overflow: auto; padding: 0; margin: 0; list-style: none; }
      .results li button { display: block; width: 100%; text-align: left; background: none; color: var(--ink); border: 0; border-bottom: 1px solid var(--line); border-radius: 0; padding: 0.4em 0.3em; }
      .results li button[aria-current="true"] { background: #eff4ff; }
      .results .id { font-weight: 600; margin-right: 0.3em; }
      @media (max-width: 800px) { .browser { grid-template-columns: 1fr; } }
    `,
  ];

  declare catalogId: string;
  declare criterionId: string | undefined;
  declare text: string;
  declare group: string;
  declare attribute: string;

  constructor() {
    super();
    this.text = "";
    this.group = "";
    this.attribute = "";
  }

  private show(catalogId: string, criterionId?: string) {
    if (catalogId !== this.catalogId) {
      this.group = "";
      this.attribute = "";
    }
    this.ctx.navigate({ view: "catalog", catalogId, criterionId });
  }

  render() {
    const { app } = this.ctx;
    const catalog = catalogOf(app, this.catalogId);
    const results = app.findCriteria(this.catalogId, { text: this.text, group: this.group, attribute: this.attribute, auditableOnly: false });
    const selected = this.criterionId ? catalog.criteria.find((c) => c.id === this.criterionId) : undefined;
    return html`
      <h2>${t("records.catalog.heading")}</h2>
      <div class="card">
        <div class="filters">
          <div class="field">
            <label for="edition">${t("records.catalog.edition")}</label>
            <select id="edition" @change=${(e: Event) => this.show((e.target as HTMLSelectElement).value)}>
              ${app.catalogIds().map((id) => html`<option value=${id} ?selected=${id === this.catalogId}>${editionLabel(catalogOf(app, id))}</option>`)}
            </select>
          </div>
          <div class="field">
            <label for="search">${t("records.catalog.search")}</label>
            <input id="search" type="search" placeholder=${t("records.catalog.search_placeholder")} .value=${this.text}
              @input=${(e: Event) => (this.text = (e.target as HTMLInputElement).value)}>
          </div>
          <div class="field">
            <label for="group">${t("records.catalog.group")}</label>
            <select id="group" @change=${(e: Event) => (this.group = (e.target as HTMLSelectElement).value)}>
              <option value="">${t("records.catalog.group_all")}</option>
              ${catalog.groups.map((g) => html`<option value=${g.id} ?selected=${g.id === this.group}>${g.title}</option>`)}
            </select>
          </div>
          ${catalog.facets.length
            ? html`<div class="field">
                <label for="attribute">${t("records.catalog.attribute")}</label>
                <select id="attribute" @change=${(e: Event) => (this.attribute = (e.target as HTMLSelectElement).value)}>
                  <option value="">${t("records.catalog.attribute_any")}</option>
                  ${catalog.facets.map((f) => html`<optgroup label=${f.label}>
                    ${f.values.map((v) => html`<option value="${f.key}=${v}" ?selected=${this.attribute === `${f.key}=${v}`}>${v}</option>`)}
                  </optgroup>`)}
                </select>
              </div>`
            : nothing}
        </div>
        ${withdrawnNote(catalog)}
        <p class="muted" id="result-count">${t("records.catalog.count", { shown: results.length, total: catalog.criteria.length })}${catalog.facets.length && this.attribute ? ` · ${catalog.attributesCaveat}` : ""}</p>
      </div>
      <div class="browser">
        <ul class="results card" aria-label=${t("records.catalog.results")}>
          ${results.map((c) => html`<li><button aria-current=${c.id === this.criterionId ? "true" : "false"}
            @click=${() => this.show(this.catalogId, c.id)}><span class="id">${c.id}</span> ${c.title}</button></li>`)}
        </ul>
        ${selected ? this.detail(catalog, selected) : html`<div class="card muted">${t("records.catalog.choose")}</div>`}
      </div>
    `;
  }

  private detail(catalog: Catalog, c: Criterion) {
    const other = catalogOf(this.ctx.app, catalog.counterpartCatalog);
    return html`<article class="card" id="criterion-detail" aria-label="${c.id} ${c.title}">
      <h3>${c.id} ${c.title}</h3>
      <p class="muted">${editionLabel(catalog)} · ${catalog.groups.find((g) => g.id === c.group)?.title ?? c.group}
        ${c.newInEdition ? html` · <span class="pill">${t("records.catalog.new_in_edition")}</span>` : nothing}
        ${c.auditable ? nothing : html` · ${t("records.catalog.heading_only")}`}</p>
      ${c.objective ? html`<p><strong>${t("records.catalog.objective")}</strong> ${c.objective}</p>` : nothing}
      ${c.note ? html`<p class="hint">${c.note}</p>` : nothing}
      <p><strong>${t("records.catalog.counterparts", { edition: other.edition })}</strong>
        ${c.counterparts.length
          ? c.counterparts.map((id, i) => html`${i ? ", " : ""}<button class="link counterpart"
              @click=${() => this.show(other.id, id)}>${id} ${other.criteria.find((o) => o.id === id)?.title ?? ""}</button>`)
          : html`<span class="muted">${t("records.catalog.no_counterpart")}</span>`}</p>
      ${c.attributes ? html`<h4>${t("records.catalog.attributes")}</h4>${attributeList(c.attributes, catalog.attributesCaveat)}` : nothing}
      ${c.guidance ? html`<h4>${t("records.catalog.guidance")}</h4>${guidanceView(c)}` : nothing}
    </article>`;
  }
}

customElements.define("catalog-page", CatalogPage);
