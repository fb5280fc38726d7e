// <programme-page>: one audit programme, its audits, and planning a new audit.
import { html, nothing } from "lit";
import type { Grade, GradeDefinitions, ProgrammeFields, ScoringSettings, Weights } from "./engine.js";
import { attempt, field, formError, values, confirmDelete, type ProgrammeSection } from "./forms.js";
import { auditKind, auditStatus, grade as gradeLabel } from "./labels.js";
import { t, tKey } from "./i18n.js";

/** The grade definition fields, by the engine's field name and the grade they define. */
const DEFINITIONS: [keyof GradeDefinitions, Grade][] = [
  ["majorNonconformity", "major_nonconformity"],
  ["minorNonconformity", "minor_nonconformity"],
  ["observation", "observation"],
  ["opportunityForImprovement", "opportunity_for_improvement"],
  ["goodPractice", "good_practice"],
  ["conformity", "conformity"],
];
import { PageElement } from "./page.js";
import { programmeForm } from "./programme-form.js";
import "./audit-form.js";
import "./programme-calendar.js";
import "./programme-exports.js";
import "./programme-coverage.js";
import "./programme-dashboard.js";
import "./programme-review.js";
import "./programme-risks.js";
import "./programme-time.js";
import { reminderList } from "./programme-competence.js";

/** The programme's views, in the order of its tabs. */
const SECTIONS: ProgrammeSection[] = ["overview", "monitoring", "calendar", "coverage", "risks", "time", "review", "competence"];
const sectionLabel = (s: ProgrammeSection) => tKey(`programme.section.${s}`);

export class ProgrammePage extends PageElement {
  static properties = {
    ...PageElement.properties,
    programmeId: { type: String },
    section: { type: String },
    mode: { state: true },
  };
  declare programmeId: string;
  declare section: ProgrammeSection;
  /** Which form is open, if any. */
  declare mode: "view" | "edit" | "plan" | "scoring";

  constructor() {
    super();
    this.mode = "view";
  }

  private async save(fields: ProgrammeFields) {
    this.error = await this.saving(() =>
      this.ctx.dispatch({ type: "updateProgramme", programmeId: this.programmeId, programme: fields }),
    );
    if (!this.error) this.mode = "view";
  }

  private async deleteProgramme(name: string) {
    if (!confirmDelete(t("programme.page.delete_what", { name }))) return;
    this.error = await attempt(() => this.ctx.dispatch({ type: "deleteProgramme", programmeId: this.programmeId }));
    if (!this.error) this.ctx.navigate({ view: "programmes" });
  }

  private async saveScoring(event: SubmitEvent) {
    event.preventDefault();
    const v = values(event.target as HTMLFormElement);
    const number = (key: string) => (v[key] === "" ? Number.NaN : Number(v[key]));
    const settings: ScoringSettings = {
      weights: {
        majorNonconformity: number("majorNonconformity"),
        minorNonconformity: number("minorNonconformity"),
        observation: number("observation"),
        opportunityForImprovement: number("opportunityForImprovement"),
        goodPractice: number("goodPractice"),
        conformity: number("conformity"),
      },
      gradeDefinitions: Object.fromEntries(DEFINITIONS.map(([key, grade]) => [key, v[`gradeDefinitions.${grade}`]])) as unknown as GradeDefinitions,
    };
    this.error = await attempt(() => this.ctx.dispatch({ type: "setScoringSettings", programmeId: this.programmeId, settings }));
    if (!this.error) this.mode = "view";
  }

  private scoringForm(settings: ScoringSettings) {
    const e = this.error;
    const w = settings.weights!;
    const weight = (key: keyof Weights, grade: Grade) =>
      html`<div class="field"><label for=${key}>${tKey(`programme.scoring.weight.${grade}`)}</label>
        <input id=${key} name=${key} type="number" min="0" max="100" step="0.5" .value=${String(w[key])}></div>`;
    return html`<form class="card edit" novalidate @submit=${this.saveScoring} aria-label=${t("programme.scoring.title")}>
      <h3>${t("programme.scoring.title")}</h3>
      <p class="muted">${t("programme.scoring.intro")}</p>
      ${formError(e, DEFINITIONS.map(([, grade]) => `gradeDefinitions.${grade}`))}
      <div class="grid">
        ${DEFINITIONS.map(([key, grade]) => weight(key, grade))}
      </div>
      <h3>${t("programme.scoring.definitions")}</h3>
      <p class="muted">${t("programme.scoring.definitions_hint")}</p>
      ${DEFINITIONS.map(([key, grade]) => field(e, `gradeDefinitions.${grade}`, gradeLabel(grade), (inv, d) => html`<textarea id="gradeDefinitions.${grade}"
        name="gradeDefinitions.${grade}" .value=${settings.gradeDefinitions?.[key] ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`))}
      <div class="actions">
        <button type="submit">${t("programme.scoring.save")}</button>
        <button type="button" class="secondary" @click=${() => { this.mode = "view"; this.error = undefined; }}>${t("common.cancel")}</button>
      </div>
    </form>`;
  }

  render() {
    const { app, navigate } = this.ctx;
    let programme;
    try {
      programme = app.programme(this.programmeId);
    } catch (e) {
      return html`<div class="banner error" role="alert">${(e as Error).message}</div>
        <button class="secondary" @click=${() => navigate({ view: "programmes" })}>${t("programme.page.all")}</button>`;
    }
    const id = this.programmeId;
    const tabs = html`<nav class="tabs no-print" aria-label=${t("programme.page.views")}>${SECTIONS.map((key) =>
      html`<button class="tab" aria-current=${this.section === key ? "page" : "false"}
        @click=${() => navigate({ view: "programme", id, section: key })}>${sectionLabel(key)}</button>`)}</nav>`;
    const head = html`
      <nav class="no-print"><button class="link" @click=${() => navigate({ view: "programmes" })}>${t("programme.page.all")}</button> ›</nav>
      <h2>${programme.name}</h2>
      <programme-exports .ctx=${this.ctx} .programmeId=${id}></programme-exports>
      ${tabs}`;
    switch (this.section) {
      case "monitoring":
        return html`${head}<programme-dashboard .ctx=${this.ctx} .revision=${this.revision} .programmeId=${id}></programme-dashboard>`;
      case "review":
        return html`${head}<programme-review .ctx=${this.ctx} .revision=${this.revision} .programmeId=${id}></programme-review>`;
      case "calendar":
        return html`${head}<programme-calendar .ctx=${this.ctx} .revision=${this.revision} .programmeId=${id}></programme-calendar>`;
      case "coverage":
        return html`${head}<programme-coverage .ctx=${this.ctx} .revision=${this.revision} .programmeId=${id}></programme-coverage>`;
      case "risks":
        return html`${head}<programme-risks .ctx=${this.ctx} .revision=${this.revision} .programmeId=${id}></programme-risks>`;
      case "time":
        return html`${head}<programme-time .ctx=${this.ctx} .revision=${this.revision} .programmeId=${id}></programme-time>`;
      case "competence":
        return html`${head}<programme-competence .ctx=${this.ctx} .revision=${this.revision} .programmeId=${id}></programme-competence>`;
    }
    const audits = app.audits(this.programmeId);
    const x = programme.extent!;
    const links = programme.objectiveLinks ?? [];
    const soa = programme.soaId ? app.soas().find((s) => s.soa.id === programme.soaId) : undefined;
    const listed = (label: string, items: string[]) =>
      html`<p><strong>${label}</strong><br>${items.length ? items.join(", ") : html`<span class="muted">${t("programme.page.none_listed")}</span>`}</p>`;
    return html`${head}
      ${this.mode === "edit"
        ? programmeForm({
            title: t("programme.page.edit"),
            submitLabel: t("programme.page.save"),
            initial: programme,
            soas: app.soas(),
            error: this.error,
            onSubmit: (fields) => this.save(fields),
            onCancel: () => { this.mode = "view"; this.error = undefined; },
          })
        : html`<div class="card">
            <div class="grid">
              <p><strong>${t("programme.period")}</strong><br>${programme.periodStart} – ${programme.periodEnd}</p>
              <p><strong>${t("common.owner")}</strong><br>${programme.owner}</p>
              <p><strong>${t("programme.field.purpose")}</strong><br>${programme.purpose || html`<span class="muted">${t("programme.page.not_stated")}</span>`}</p>
            </div>
            ${programme.objectives ? html`<p><strong>${t("programme.field.objectives")}</strong><br><span class="pre">${programme.objectives}</span></p>` : nothing}
            ${links.length ? html`<table aria-label=${t("programme.field.links")}>
              <thead><tr><th>${t("programme.field.objective")}</th><th>${t("programme.field.isms_objectives")}</th><th>${t("programme.field.parties")}</th><th>${t("programme.page.risks")}</th></tr></thead>
              <tbody>${links.map((l) => html`<tr><td>${l.objective}</td><td>${(l.ismsObjectives ?? []).join(", ")}</td>
                <td>${(l.interestedParties ?? []).join(", ")}</td><td>${(l.risks ?? []).join(", ")}</td></tr>`)}</tbody></table>` : nothing}
            <h3>${t("programme.field.extent")}</h3>
            <div class="grid">
              <p><strong>${t("programme.page.cycle")}</strong><br>${t("programme.page.years", { n: x.cycleYears })}</p>
              <p><strong>${t("programme.field.soa")}</strong><br>${soa ? soa.soa.name : html`<span class="muted">${t("programme.page.no_soa")}</span>`}</p>
              <p><strong>${t("programme.page.auditor_days")}</strong><br>${programme.auditorDaysPerYear || html`<span class="muted">${t("programme.page.not_stated")}</span>`}</p>
            </div>
            <div class="grid">
              ${listed(t("programme.field.sites"), x.sites ?? [])}
              ${listed(t("programme.field.units"), x.units ?? [])}
              ${listed(t("programme.field.processes"), x.processes ?? [])}
              ${listed(t("programme.field.annual_audits"), x.annualAudits ?? [])}
            </div>
            <div class="actions">
              <button class="secondary edit" @click=${() => (this.mode = "edit")}>${t("programme.page.edit")}</button>
              <button class="secondary edit" @click=${() => (this.mode = "scoring")}>${t("programme.scoring.title")}</button>
              ${audits.length === 0
                ? html`<button class="danger edit" @click=${() => this.deleteProgramme(programme.name)}>${t("programme.page.delete")}</button>`
                : nothing}
            </div>
            ${this.mode === "view" && this.error ? html`<div class="banner error" role="alert">${this.error.message}</div>` : nothing}
          </div>`}
      ${this.mode === "scoring" ? this.scoringForm(programme.scoring!) : nothing}
      ${reminderList(this.ctx, id)}
      <h3>${t("programme.audits")}</h3>
      <div class="card">
        ${audits.length === 0
          ? html`<p class="muted">${t("programme.page.no_audits")}</p>`
          : html`<table>
              <thead><tr><th>${t("programme.audit")}</th><th>${t("programme.page.type")}</th><th>${t("programme.page.planned")}</th><th>${t("programme.page.lead")}</th><th>${t("common.status")}</th><th>${t("programme.page.progress")}</th></tr></thead>
              <tbody>${audits.map(({ audit: a, score }) => {
                const total = a.criteria.length;
                const done = total - score.results.notAudited;
                return html`<tr>
                  <td><button class="link" @click=${() => navigate({ view: "audit", id: a.id })}>${a.title}</button></td>
                  <td>${auditKind(a.kind)}</td>
                  <td>${a.plannedStart} – ${a.plannedEnd}</td>
                  <td>${a.leadAuditor}</td>
                  <td><span class="pill status-${a.status}">${auditStatus(a.status)}</span></td>
                  <td>${t("programme.page.criteria_audited", { done, total })}</td>
                </tr>`;
              })}</tbody>
            </table>`}
      </div>
      ${this.mode === "plan"
        ? html`<audit-form .ctx=${this.ctx} .programmeId=${this.programmeId}
            @done=${(e: CustomEvent<string>) => navigate({ view: "audit", id: e.detail })}
            @cancel=${() => (this.mode = "view")}></audit-form>`
        : html`<button class="edit" @click=${() => (this.mode = "plan")}>${t("programme.page.plan")}</button>`}
    `;
  }
}

customElements.define("programme-page", ProgrammePage);
