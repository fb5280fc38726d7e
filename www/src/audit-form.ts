// <audit-form>: plans an audit (or edits its plan): title, type, objectives, scope,
// dates, lead auditor and the criteria, picked as all clauses, whole Annex A themes or
// single clauses and controls. Fires `done` (detail: the audit id) or `cancel`.
import { LitElement, css, html, nothing } from "lit";
import { live } from "lit/directives/live.js";
import { catalogOf, type Audit, type AuditKind, type Catalog, type Criterion } from "./engine.js";
import { attempt, field, formError, lines, values, type Ctx, type FormError } from "./forms.js";
import { editionLabel, withdrawnNote } from "./criterion-view.js";
import { KIND_VALUES, auditKind } from "./labels.js";
import { t } from "./i18n.js";
import { shared } from "./styles.js";

const CATALOG = "iso27001-2022";
const FIELDS = ["title", "kind", "auditee", "client", "objectives", "scope.units", "scope.processes", "scope.locations",
  "criteria", "plannedStart", "plannedEnd", "leadAuditor", "catalogId", "soaId"];

export class AuditForm extends LitElement {
  static properties = {
    ctx: { attribute: false },
    programmeId: { type: String },
    audit: { attribute: false },
    selected: { state: true },
    search: { state: true },
    catalogId: { state: true },
    soaId: { state: true },
    attribute: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  static styles = [
    shared,
    css`
      fieldset { border: 1px solid var(--line); border-radius: 8px; padding: 0.6em 0.9em; margin: 0 0 0.8em; }
      legend { font-weight: 600; padding: 0 0.3em; }
      .groups { display: grid; grid-template-columns: repeat(auto-fit, minmax(17em, 1fr)); gap: 0.1em 1em; }
      .check { display: flex; align-items: baseline; font-weight: 400; margin: 0.15em 0; }
      .single { max-height: 18em; overflow: auto; border: 1px solid var(--line); border-radius: 6px; padding: 0.3em 0.6em; margin-top: 0.4em; }
      .count { font-weight: 600; }
      .attribute-pick { margin: 0.6em 0; }
      .attribute-pick label { margin: 0; }
      .attribute-pick select { width: auto; max-width: 22em; }
    `,
  ];

  declare ctx: Ctx;
  declare programmeId: string;
  /** The audit whose plan is edited; unset to plan a new audit. */
  declare audit: Audit | undefined;
  declare selected: Set<string>;
  declare search: string;
  declare catalogId: string;
  /** The SoA the audit is planned from, or "". */
  declare soaId: string;
  /** The attribute filter, `key=value`, or "". */
  declare attribute: string;
  declare error: FormError | undefined;
  declare busy: boolean;
  constructor() {
    super();
    this.selected = new Set();
    this.search = "";
    this.attribute = "";
    this.soaId = "";
    this.busy = false;
  }

  connectedCallback() {
    super.connectedCallback();
    this.catalogId = this.audit?.catalogId ?? CATALOG;
    this.soaId = this.audit?.soaId ?? "";
    this.selected = new Set(this.audit?.criteria ?? []);
  }

  private get catalog(): Catalog {
    return catalogOf(this.ctx.app, this.catalogId);
  }

  private auditable(group?: string): Criterion[] {
    return this.catalog.criteria.filter((c) => c.auditable && (group === undefined || c.group === group));
  }

  /** Changing the edition clears the selection: criteria ids differ between editions. */
  private setCatalog(id: string) {
    this.catalogId = id;
    this.soaId = "";
    this.attribute = "";
    this.selected = new Set([...this.selected].filter((key) => key.includes(":")));
  }

  /** Planning from an SoA selects every clause and the applicable controls. */
  private setSoa(id: string) {
    this.soaId = id;
    if (!id) return;
    const soa = this.ctx.app.soa(id).soa;
    const applicable = soa.entries.filter((e) => e.applicable).map((e) => e.controlId);
    const clauses = this.auditable().filter((c) => c.kind === "clause").map((c) => c.id);
    const custom = [...this.selected].filter((key) => key.includes(":"));
    this.selected = new Set([...clauses, ...applicable, ...custom]);
  }

  private toggle(ids: string[], on: boolean) {
    const next = new Set(this.selected);
    for (const id of ids) {
      if (on) next.add(id);
      else next.delete(id);
    }
    this.selected = next;
    if (this.error?.field === "criteria") this.error = undefined;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const v = values(event.target as HTMLFormElement);
    const fields = {
      title: v.title,
      kind: v.kind as AuditKind,
      auditee: v.auditee,
      client: v.client,
      objectives: v.objectives,
      scope: { units: lines(v.units), processes: lines(v.processes), locations: lines(v.locations) },
      catalogId: this.catalog.id,
      criteria: [
        ...this.catalog.criteria.filter((c) => this.selected.has(c.id)).map((c) => c.id),
        ...[...this.selected].filter((key) => key.includes(":")),
      ],
      soaId: this.soaId || undefined,
      plannedStart: v.plannedStart,
      plannedEnd: v.plannedEnd,
      leadAuditor: v.leadAuditor,
    };
    // A second Enter while saving would create the audit twice.
    if (this.busy) return;
    this.busy = true;
    let id: string | undefined;
    this.error = await attempt(async () => {
      if (this.audit) {
        await this.ctx.dispatch({ type: "updateAudit", auditId: this.audit.id, audit: fields });
        id = this.audit.id;
      } else {
        id = (await this.ctx.dispatch({ type: "createAudit", programmeId: this.programmeId, audit: fields })).created;
      }
    });
    this.busy = false;
    if (id) this.dispatchEvent(new CustomEvent("done", { detail: id, bubbles: true, composed: true }));
  }

  /** The form opened on the user's request: start in its first field. */
  protected firstUpdated() {
    this.renderRoot.querySelector<HTMLElement>("#title")?.focus();
  }

  render() {
    const e = this.error;
    const a = this.audit;
    const criteriaLocked = a !== undefined && a.status !== "planned";
    const title = a ? t("audit.form.edit_title") : t("audit.form.new_title");
    return html`<form class="card" novalidate @submit=${this.submit} aria-label=${title}>
      <h3>${title}</h3>
      ${formError(e, FIELDS)}
      <div class="grid">
        ${field(e, "title", t("audit.form.title"), (inv, d) => html`<input id="title" name="title" .value=${a?.title ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
        ${field(e, "kind", t("audit.page.type"), (inv, d) => html`<select id="kind" name="kind" aria-invalid=${inv} aria-describedby=${d}>
          ${KIND_VALUES.map((k) => html`<option value=${k} ?selected=${a?.kind === k}>${auditKind(k)}</option>`)}
        </select>`)}
        ${field(e, "auditee", t("audit.page.auditee"), (inv, d) => html`<input id="auditee" name="auditee" .value=${a?.auditee ?? ""} aria-invalid=${inv} aria-describedby=${d}>`, t("audit.form.auditee_hint"))}
        ${field(e, "client", t("audit.form.client"), (inv, d) => html`<input id="client" name="client" .value=${a?.client ?? ""} aria-invalid=${inv} aria-describedby=${d}>`, t("audit.form.client_hint"))}
      </div>
      ${field(e, "objectives", t("audit.form.objectives"), (inv, d) => html`<textarea id="objectives" name="objectives" .value=${a?.objectives ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`)}
      <div class="grid">
        ${field(e, "scope.units", t("audit.form.units"), (inv, d) => html`<textarea id="scope.units" name="units" .value=${(a?.scope.units ?? []).join("\n")} aria-invalid=${inv} aria-describedby=${d}></textarea>`, t("audit.form.one_per_line"))}
        ${field(e, "scope.processes", t("audit.page.processes"), (inv, d) => html`<textarea id="scope.processes" name="processes" .value=${(a?.scope.processes ?? []).join("\n") ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`, t("audit.form.one_per_line"))}
        ${field(e, "scope.locations", t("audit.page.locations"), (inv, d) => html`<textarea id="scope.locations" name="locations" .value=${(a?.scope.locations ?? []).join("\n") ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`, t("audit.form.one_per_line"))}
      </div>
      <div class="grid">
        ${field(e, "plannedStart", t("audit.form.planned_start"), (inv, d) => html`<input id="plannedStart" name="plannedStart" type="date" .value=${a?.plannedStart ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
        ${field(e, "plannedEnd", t("audit.form.planned_end"), (inv, d) => html`<input id="plannedEnd" name="plannedEnd" type="date" .value=${a?.plannedEnd ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
        ${field(e, "leadAuditor", t("audit.page.lead_auditor"), (inv, d) => html`<input id="leadAuditor" name="leadAuditor" .value=${a?.leadAuditor ?? this.ctx.app.actor} aria-invalid=${inv} aria-describedby=${d}>`)}
      </div>
      ${criteriaLocked
        ? html`<p class="muted">${t("audit.form.criteria_fixed", { n: a.criteria.length })}</p>`
        : this.picker(e)}
      <div class="actions">
        <button type="submit">${a ? t("audit.form.save") : t("audit.form.create")}</button>
        <button type="button" class="secondary" @click=${() => this.dispatchEvent(new CustomEvent("cancel"))}>${t("common.cancel")}</button>
      </div>
    </form>`;
  }

  private picker(e: FormError | undefined) {
    const app = this.ctx.app;
    const invalid = e?.field === "criteria";
    const clauses = this.auditable().filter((c) => c.kind === "clause").map((c) => c.id);
    const controls = this.auditable().filter((c) => c.kind === "control").map((c) => c.id);
    const matches = app.findCriteria(this.catalogId, { text: this.search, auditableOnly: true });
    const byAttribute = this.attribute
      ? app.findCriteria(this.catalogId, { attribute: this.attribute, auditableOnly: true }).map((c) => c.id)
      : [];
    const soas = app.soas().filter((s) => s.soa.catalogId === this.catalogId);
    const sets = app.criteriaSets();
    const needle = this.search.trim().toLowerCase();
    // The count in bold within its sentence: the text before and after it.
    const selected = t("audit.form.selected", { n: "\u0000" }).split("\u0000");
    return html`<fieldset aria-invalid=${invalid ? "true" : "false"} aria-describedby=${invalid ? "criteria-error" : ""}>
      <legend>${t("audit.page.criteria")}</legend>
      <div class="grid">
        ${field(e, "catalogId", t("audit.form.edition"), (inv, d) => html`<select id="catalogId" aria-invalid=${inv} aria-describedby=${d}
            ?disabled=${this.audit !== undefined} @change=${(ev: Event) => this.setCatalog((ev.target as HTMLSelectElement).value)}>
          ${app.catalogIds().map((id) => html`<option value=${id} ?selected=${id === this.catalogId}>${editionLabel(catalogOf(app, id))}</option>`)}
        </select>`)}
        ${field(e, "soaId", t("audit.form.soa"), (inv, d) => html`<select id="soaId" aria-invalid=${inv} aria-describedby=${d}
            @change=${(ev: Event) => this.setSoa((ev.target as HTMLSelectElement).value)}>
          <option value="" ?selected=${!this.soaId}>${t("audit.form.no_soa")}</option>
          ${soas.map(({ soa, review }) => html`<option value=${soa.id} ?selected=${soa.id === this.soaId}>${t("audit.form.soa_option", { name: soa.name, n: review.applicable })}</option>`)}
        </select>`, t("audit.form.soa_hint"))}
      </div>
      ${withdrawnNote(this.catalog)}
      <p>${selected[0]}<span class="count">${this.selected.size}</span>${selected[1]}</p>
      ${invalid ? html`<div class="field-error" id="criteria-error" role="alert">${e.message}</div>` : nothing}
      <div class="actions">
        ${this.checkbox("pick-clauses", t("audit.form.all_clauses"), clauses)}
        ${this.checkbox("pick-controls", t("audit.form.all_controls"), controls)}
      </div>
      <div class="groups">
        ${this.catalog.groups.map((g) => this.checkbox(`group-${g.id}`, g.title, this.auditable(g.id).map((c) => c.id)))}
        ${sets.map((set) => this.checkbox(`group-custom-${set.code}`, `${set.code} ${set.name}`, set.criteria.map((c) => `${set.code}:${c.id}`)))}
      </div>
      ${this.catalog.facets.length
        ? html`<div class="actions attribute-pick">
            <label for="attribute-filter">${t("audit.form.by_attribute")}</label>
            <select id="attribute-filter" @change=${(ev: Event) => (this.attribute = (ev.target as HTMLSelectElement).value)}>
              <option value="">${t("audit.form.choose_attribute")}</option>
              ${this.catalog.facets.map((f) => html`<optgroup label=${f.label}>
                ${f.values.map((v) => html`<option value="${f.key}=${v}" ?selected=${this.attribute === `${f.key}=${v}`}>${v}</option>`)}
              </optgroup>`)}
            </select>
            <button type="button" class="secondary" id="select-attribute" ?disabled=${!byAttribute.length}
              @click=${() => this.toggle(byAttribute, true)}>${t("audit.form.select_matching", { n: byAttribute.length })}</button>
            <span class="hint">${this.catalog.attributesCaveat ?? ""}</span>
          </div>`
        : nothing}
      <details>
        <summary>${t("audit.form.pick_single")}</summary>
        <label for="criteria-search" class="sr-only">${t("audit.form.search_label")}</label>
        <input id="criteria-search" type="search" placeholder=${t("audit.form.search_placeholder")}
          .value=${this.search} @input=${(ev: Event) => (this.search = (ev.target as HTMLInputElement).value)}>
        <div class="single">
          ${matches.map((c) => this.checkbox(`criterion-${c.id}`, `${c.id} ${c.title}`, [c.id]))}
          ${sets.flatMap((set) => set.criteria
            .filter((c) => !needle || `${set.code}:${c.id} ${c.title} ${c.guidance}`.toLowerCase().includes(needle))
            .map((c) => this.checkbox(`criterion-${set.code}:${c.id}`, `${set.code}:${c.id} ${c.title}`, [`${set.code}:${c.id}`])))}
          ${matches.length === 0 ? html`<p class="muted">${t("audit.form.no_match", { edition: this.catalog.edition, text: this.search })}</p>` : nothing}
        </div>
      </details>
    </fieldset>`;
  }

  /** A checkbox that selects all of `ids`: checked when all are, mixed when some are. */
  private checkbox(id: string, label: string, ids: string[]) {
    const chosen = ids.filter((i) => this.selected.has(i)).length;
    const all = chosen === ids.length && ids.length > 0;
    return html`<label class="check" for=${id}>
      <input type="checkbox" id=${id} .checked=${live(all)} .indeterminate=${chosen > 0 && !all}
        @change=${(ev: Event) => this.toggle(ids, (ev.target as HTMLInputElement).checked)}>
      <span>${label}${ids.length > 1 ? html` <span class="muted">(${ids.length})</span>` : nothing}</span>
    </label>`;
  }
}

customElements.define("audit-form", AuditForm);
