// <audit-dashboard>: an audit's scores from the engine's one scoring function:
// coverage, conformity, nonconformity index, counts, the conclusion (confirm or
// override), charts per clause/theme and attribute, and why each number is what it is.
import { LitElement, html, nothing, css } from "lit";
import { unsafeSVG } from "lit/directives/unsafe-svg.js";
import type { AuditDetail, Effectiveness, Explanation, Metric, Rollup, Verdict } from "./engine.js";
import { FormFocus, attempt, field, formError, values, type Ctx, type FormError } from "./forms.js";
import { EFFECTIVENESS_VALUES, VERDICT_VALUES, effectiveness, grade, verdict } from "./labels.js";
import { number, t } from "./i18n.js";
import { shared } from "./styles.js";
import { labelTableCells } from "./tables.js";

export class AuditDashboard extends LitElement {
  static properties = {
    ctx: { attribute: false },
    detail: { attribute: false },
    explaining: { state: true },
    explainKey: { state: true },
    error: { state: true },
    deciding: { state: true },
  };
  static styles = [
    shared,
    css`
      .figures { display: flex; gap: 0.8em; flex-wrap: wrap; }
      .figure { border: 1px solid var(--line); border-radius: 8px; padding: 0.5em 0.8em; min-width: 11em; }
      .figure strong { display: block; font-size: 1.5em; }
      .counts { display: flex; flex-wrap: wrap; gap: 0.5em; margin: 0.6em 0; }
      .verdict { font-weight: 600; font-size: 1.05em; }
      .verdict.not_fulfilled { color: var(--danger); } .verdict.fulfilled { color: var(--ok); }
      .charts { display: grid; grid-template-columns: 1fr; gap: 0.6em; overflow-x: auto; }
      .charts svg { max-width: 100%; height: auto; }
      .charts figure { margin: 0; }
      .explanation { background: var(--wash); border-radius: 6px; padding: 0.6em 0.8em; margin-top: 0.6em; max-height: 22em; overflow: auto; }
      .explanation table { font-size: 0.9em; }
      .counts button.pill { background: var(--paper); cursor: pointer; font: inherit; font-size: 0.9em; padding: 0.15em 0.7em; }
      .counts button.grade-major_nonconformity { background: var(--danger); color: #fff; }
      .counts button.grade-major_nonconformity.none { background: var(--paper); color: var(--danger); }
      .rollups { margin-top: 0.6em; }
      h3.indicators { margin-top: 1.2em; }
    `,
  ];

  declare ctx: Ctx;
  declare detail: AuditDetail;
  declare explaining: Explanation | undefined;
  /** Which number is explained (a metric as JSON), to toggle it off again. */
  declare explainKey: string | undefined;
  declare error: FormError | undefined;
  declare deciding: boolean;

  constructor() {
    super();
    this.deciding = false;
  }

  private explain(metric: Metric) {
    const key = JSON.stringify(metric);
    const open = this.explainKey !== key;
    this.explainKey = open ? key : undefined;
    this.explaining = open ? this.ctx.app.explain(this.detail.audit.id, metric) : undefined;
    if (open) this.updateComplete.then(() => this.renderRoot.querySelector("#explanation")?.scrollIntoView?.({ block: "nearest" }));
  }

  private async decide(event: SubmitEvent) {
    event.preventDefault();
    const v = values(event.target as HTMLFormElement);
    this.error = await attempt(() =>
      this.ctx.dispatch({
        type: "confirmConclusion",
        auditId: this.detail.audit.id,
        verdict: v.verdict as Verdict,
        reason: v.reason,
        statements: {
          effectiveness: (v.effectiveness || undefined) as Effectiveness | undefined,
          objectivesAchieved: v.objectivesAchieved === "" ? undefined : v.objectivesAchieved === "yes",
        },
      }),
    );
    if (!this.error) this.deciding = false;
  }

  private explainButton(metric: Metric, label: string) {
    return html`<button class="link no-print" aria-expanded=${this.explainKey === JSON.stringify(metric) ? "true" : "false"}
      aria-controls="explanation" @click=${() => this.explain(metric)}>${t("audit.dashboard.why")} <span class="sr-only">${label}</span></button>`;
  }

  private formFocus = new FormFocus();

  protected updated() {
    // The shared styles hide `.edit` controls under :host([readonly]).
    this.toggleAttribute("readonly", this.ctx?.readonly ?? false);
    labelTableCells(this.renderRoot);
    this.formFocus.after(this.renderRoot);
  }

  render() {
    const d = this.detail;
    const s = d.score;
    const f = s.figures;
    const pct = (p: number | undefined) => (p === undefined ? t("audit.dashboard.not_available") : t("audit.dashboard.percent", { value: number(p, 1) }));
    const c = s.conclusion;
    const warnings = [...s.warnings, ...d.soaConflicts];
    const decided = c.decision;
    return html`<section class="card" aria-label=${t("audit.dashboard.scores")}>
      <h3>${t("audit.dashboard.conclusion")}</h3>
      <p><span class="verdict ${c.verdict}" id="conclusion-verdict">${d.verdictWording}</span>
        ${decided
          ? html` <span class="pill" id="decided-by">${c.overridden ? t("audit.dashboard.overridden_by", { name: decided.by }) : t("audit.dashboard.confirmed_by", { name: decided.by })}</span>`
          : html` <span class="pill muted">${t("audit.dashboard.computed")}</span>`}
        ${c.stale ? html` <span class="pill flag">${t("audit.dashboard.stale")}</span>` : nothing}
        ${this.explainButton("conclusion", t("audit.dashboard.conclusion_lower"))}</p>
      ${decided?.statements?.effectiveness
        ? html`<p id="statements">${t("audit.dashboard.isms", { effectiveness: effectiveness(decided.statements.effectiveness) })}
            ${decided.statements.objectivesAchieved ? t("audit.dashboard.objectives_achieved") : t("audit.dashboard.objectives_not_achieved")}</p>`
        : nothing}
      <p class="muted">${t("audit.dashboard.rule", { rule: c.rule })}${c.overridden && !c.stale ? html` ${t("audit.dashboard.override_reason")} <span class="pre">${decided!.reason}</span>` : nothing}</p>
      ${c.stale ? html`<p class="flag">${t("audit.dashboard.stale_note", { verdict: verdict(c.computed) })}</p>` : nothing}
      ${warnings.length
        ? html`<ul class="flag" id="warnings">${warnings.map((w) => html`<li>${w}</li>`)}</ul>`
        : nothing}
      ${d.audit.status === "in_progress" ? this.decision(c.computed) : nothing}
      <h3 class="indicators">${t("audit.dashboard.indicators")} <span class="muted">${t("audit.dashboard.indicators_note")}</span></h3>
      <div class="figures">
        <div class="figure" id="coverage">${t("audit.dashboard.coverage")}<strong>${pct(f.coverage.percent)}</strong>
          ${t("audit.dashboard.coverage_detail", { audited: f.audited, inScope: f.inScope })} ${this.explainButton("coverage", t("audit.dashboard.coverage_lower"))}</div>
        <div class="figure" id="conformity">${t("audit.dashboard.conformity")}<strong>${pct(f.conformity.percent)}</strong>
          ${t("audit.dashboard.conformity_detail", { conforming: f.conforming, audited: f.audited })} ${this.explainButton("conformity", t("audit.dashboard.conformity_lower"))}</div>
        <div class="figure" id="nc-index">${t("audit.dashboard.nc_index")}<strong>${s.nonconformityIndex === undefined ? t("audit.dashboard.not_available") : number(s.nonconformityIndex, 2)}</strong>
          ${t("audit.dashboard.nc_index_detail")} ${this.explainButton("nonconformity_index", t("audit.dashboard.nc_index_lower"))}</div>
      </div>
      <div class="counts" id="result-counts">
        <span class="muted">${t("audit.dashboard.checklist")}</span>
        <span class="pill">${t("audit.dashboard.conforming", { n: s.results.conforming })}</span>
        <span class="pill grade-minor_nonconformity">${t("audit.dashboard.nonconforming", { n: s.results.nonconforming })}</span>
        <span class="pill muted">${t("audit.dashboard.not_applicable", { n: s.results.notApplicable })}</span>
        <span class="pill muted">${t("audit.dashboard.not_audited", { n: s.results.notAudited })}</span>
      </div>
      <div class="counts" id="grade-counts">
        <span class="muted">${t("audit.dashboard.findings")}</span>
        ${s.grades.map((g) => html`<button class="pill grade-${g.grade} ${g.count === 0 ? "none" : ""}" data-grade=${g.grade} title=${t("audit.dashboard.which_findings")}
          aria-expanded=${this.explainKey === JSON.stringify({ grade: g.grade }) ? "true" : "false"}
          @click=${() => this.explain({ grade: g.grade })}>${t("audit.dashboard.grade_count", { grade: grade(g.grade), n: g.count })}</button>`)}
      </div>
      ${this.explaining ? this.explanation(this.explaining) : nothing}
      <div class="charts">
        <figure>${unsafeSVG(d.charts.groups)}
          <figcaption class="hint">${t("audit.dashboard.chart_caption")}</figcaption></figure>
        ${d.charts.attributes
          ? html`<details><summary>${t("audit.form.by_attribute")}</summary>
              <figure>${unsafeSVG(d.charts.attributes)}<figcaption class="hint">${t("audit.dashboard.attribute_caption")}</figcaption></figure>
              ${this.rollupTable("attribute-rollups", t("audit.dashboard.attribute_value"), s.byAttribute, false)}</details>`
          : nothing}
      </div>
      <details class="rollups">
        <summary>${t("audit.dashboard.rollups")}</summary>
        ${this.rollupTable("rollups", t("audit.dashboard.group"), s.byGroup, true)}
      </details>
    </section>`;
  }

  /** The figures a chart draws, as a table (its text alternative). */
  private rollupTable(id: string, first: string, rows: Rollup[], explain: boolean) {
    const pct = (p: number | undefined) => (p === undefined ? t("audit.dashboard.not_available") : t("audit.dashboard.percent", { value: number(p, 1) }));
    return html`<table id=${id}>
      <thead><tr><th>${first}</th><th>${t("audit.dashboard.in_scope")}</th><th>${t("audit.dashboard.audited")}</th><th>${t("audit.dashboard.conformity")}</th><th>${t("audit.page.findings")}</th>${explain ? html`<th><span class="sr-only">${t("audit.dashboard.explain")}</span></th>` : nothing}</tr></thead>
      <tbody>${rows.map((r) => html`<tr>
        <td>${r.title}</td><td>${r.figures.inScope}</td><td>${r.figures.audited}</td>
        <td>${pct(r.figures.conformity.percent)}</td><td>${r.findings}</td>
        ${explain ? html`<td>${this.explainButton({ group: r.id }, r.title)}</td>` : nothing}
      </tr>`)}</tbody>
    </table>`;
  }

  private explanation(x: Explanation) {
    return html`<div class="explanation" id="explanation" role="region" aria-label=${t("audit.dashboard.explanation")}>
      <p><strong>${x.value}</strong><br><span class="muted">${x.formula}</span></p>
      <table><thead><tr><th>${t("audit.dashboard.item")}</th><th>${t("audit.dashboard.counted_as")}</th><th>${t("audit.dashboard.because")}</th></tr></thead>
        <tbody>${x.lines.map((l) => html`<tr><td>${l.item} <span class="muted">${l.title}</span></td><td>${l.countedAs}</td><td>${l.because}</td></tr>`)}</tbody>
      </table>
    </div>`;
  }

  private decision(computed: Verdict) {
    if (!this.deciding) {
      return html`<button class="secondary no-print edit" @click=${() => (this.deciding = true)}>${t("audit.dashboard.decide")}</button>`;
    }
    const e = this.error;
    return html`<form class="no-print edit" novalidate @submit=${this.decide} aria-label=${t("audit.dashboard.conclusion")}>
      ${formError(e, ["verdict", "reason", "effectiveness", "objectivesAchieved"])}
      <div class="grid">
        ${field(e, "verdict", t("audit.dashboard.conclusion"), (inv, d) => html`<select id="verdict" name="verdict" aria-invalid=${inv} aria-describedby=${d}>
          ${VERDICT_VALUES.map((v) => html`<option value=${v} ?selected=${v === computed}>${v === computed ? t("audit.dashboard.by_rule", { verdict: verdict(v) }) : verdict(v)}</option>`)}
        </select>`)}
        ${field(e, "effectiveness", t("audit.dashboard.effectiveness_question"), (inv, d) => html`<select id="effectiveness" name="effectiveness" aria-invalid=${inv} aria-describedby=${d}>
          <option value="">${t("audit.dashboard.choose")}</option>
          ${EFFECTIVENESS_VALUES.map((v) => html`<option value=${v}>${effectiveness(v)}</option>`)}
        </select>`)}
        ${field(e, "objectivesAchieved", t("audit.dashboard.objectives_question"), (inv, d) => html`<select id="objectivesAchieved" name="objectivesAchieved" aria-invalid=${inv} aria-describedby=${d}>
          <option value="">${t("audit.dashboard.choose")}</option><option value="yes">${t("common.yes")}</option><option value="no">${t("audit.dashboard.not_fully")}</option>
        </select>`)}
      </div>
      ${field(e, "reason", t("common.reason"), (inv, d) => html`<textarea id="reason" name="reason" aria-invalid=${inv} aria-describedby=${d}></textarea>`, t("audit.dashboard.reason_hint"))}
      <div class="actions">
        <button type="submit">${t("audit.dashboard.record")}</button>
        <button type="button" class="secondary" @click=${() => { this.deciding = false; this.error = undefined; }}>${t("common.cancel")}</button>
      </div>
    </form>`;
  }
}

customElements.define("audit-dashboard", AuditDashboard);
