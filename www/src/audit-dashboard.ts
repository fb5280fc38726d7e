// <audit-dashboard>: an audit's scores from the engine's one scoring function:
// coverage, conformity, nonconformity index, counts, the conclusion (confirm or
// override), charts per clause/theme and attribute, and why each number is what it is.
import { LitElement, html, nothing, css } from "lit";
import { unsafeSVG } from "lit/directives/unsafe-svg.js";
import type { AuditDetail, Effectiveness, Explanation, Metric, Rollup, Verdict } from "./engine.js";
import { FormFocus, attempt, field, formError, values, type Ctx, type FormError } from "./forms.js";
import { EFFECTIVENESS, GRADES, VERDICTS } from "./labels.js";
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
      aria-controls="explanation" @click=${() => this.explain(metric)}>Why? <span class="sr-only">${label}</span></button>`;
  }

  private formFocus = new FormFocus();

  protected updated() {
    labelTableCells(this.renderRoot);
    this.formFocus.after(this.renderRoot);
  }

  render() {
    const d = this.detail;
    const s = d.score;
    const f = s.figures;
    const pct = (p: number | undefined) => (p === undefined ? "n/a" : `${p.toFixed(1)} %`);
    const c = s.conclusion;
    const warnings = [...s.warnings, ...d.soaConflicts];
    const decided = c.decision;
    return html`<section class="card" aria-label="Scores">
      <h3>Conclusion</h3>
      <p><span class="verdict ${c.verdict}" id="conclusion-verdict">${d.verdictWording}</span>
        ${decided
          ? html` <span class="pill" id="decided-by">${c.overridden ? "overridden" : "confirmed"} by ${decided.by}</span>`
          : html` <span class="pill muted">computed, not yet confirmed</span>`}
        ${c.stale ? html` <span class="pill flag">stale</span>` : nothing}
        ${this.explainButton("conclusion", "conclusion")}</p>
      ${decided?.statements?.effectiveness
        ? html`<p id="statements">ISMS: ${EFFECTIVENESS[decided.statements.effectiveness]}.
            Audit objectives ${decided.statements.objectivesAchieved ? "achieved" : "not fully achieved"}.</p>`
        : nothing}
      <p class="muted">Rule: ${c.rule}${c.overridden && !c.stale ? html` Reason for the override: <span class="pre">${decided!.reason}</span>` : nothing}</p>
      ${c.stale ? html`<p class="flag">The findings changed after the conclusion was decided; the rule now gives “${VERDICTS[c.computed]}”. Decide again.</p>` : nothing}
      ${warnings.length
        ? html`<ul class="flag" id="warnings">${warnings.map((w) => html`<li>${w}</li>`)}</ul>`
        : nothing}
      ${d.audit.status === "in_progress" ? this.decision(c.computed) : nothing}
      <h3 class="indicators">Internal indicators <span class="muted">(for the programme; not part of the conclusion)</span></h3>
      <div class="figures">
        <div class="figure" id="coverage">Coverage<strong>${pct(f.coverage.percent)}</strong>
          ${f.audited} of ${f.inScope} in scope audited ${this.explainButton("coverage", "coverage")}</div>
        <div class="figure" id="conformity">Conformity<strong>${pct(f.conformity.percent)}</strong>
          ${f.conforming} of ${f.audited} audited conforming ${this.explainButton("conformity", "conformity")}</div>
        <div class="figure" id="nc-index">Nonconformity index<strong>${s.nonconformityIndex === undefined ? "n/a" : s.nonconformityIndex.toFixed(2)}</strong>
          weighted findings per audited criterion ${this.explainButton("nonconformity_index", "nonconformity index")}</div>
      </div>
      <div class="counts" id="result-counts">
        <span class="muted">Checklist:</span>
        <span class="pill">${s.results.conforming} conforming</span>
        <span class="pill grade-minor_nonconformity">${s.results.nonconforming} nonconforming</span>
        <span class="pill muted">${s.results.notApplicable} not applicable</span>
        <span class="pill muted">${s.results.notAudited} not yet audited</span>
      </div>
      <div class="counts" id="grade-counts">
        <span class="muted">Findings:</span>
        ${s.grades.map((g) => html`<button class="pill grade-${g.grade} ${g.count === 0 ? "none" : ""}" data-grade=${g.grade} title="Which findings?"
          aria-expanded=${this.explainKey === JSON.stringify({ grade: g.grade }) ? "true" : "false"}
          @click=${() => this.explain({ grade: g.grade })}>${GRADES[g.grade]}: ${g.count}</button>`)}
      </div>
      ${this.explaining ? this.explanation(this.explaining) : nothing}
      <div class="charts">
        <figure>${unsafeSVG(d.charts.groups)}
          <figcaption class="hint">The same figures, as a table, are in the roll-up by group below.</figcaption></figure>
        ${d.charts.attributes
          ? html`<details><summary>By ISO/IEC 27002 attribute</summary>
              <figure>${unsafeSVG(d.charts.attributes)}<figcaption class="hint">The same figures as a table:</figcaption></figure>
              ${this.rollupTable("attribute-rollups", "Attribute value", s.byAttribute, false)}</details>`
          : nothing}
      </div>
      <details class="rollups">
        <summary>Figures by clause, theme and criteria set</summary>
        ${this.rollupTable("rollups", "Group", s.byGroup, true)}
      </details>
    </section>`;
  }

  /** The figures a chart draws, as a table (its text alternative). */
  private rollupTable(id: string, first: string, rows: Rollup[], explain: boolean) {
    const pct = (p: number | undefined) => (p === undefined ? "n/a" : `${p.toFixed(1)} %`);
    return html`<table id=${id}>
      <thead><tr><th>${first}</th><th>In scope</th><th>Audited</th><th>Conformity</th><th>Findings</th>${explain ? html`<th><span class="sr-only">Explain</span></th>` : nothing}</tr></thead>
      <tbody>${rows.map((r) => html`<tr>
        <td>${r.title}</td><td>${r.figures.inScope}</td><td>${r.figures.audited}</td>
        <td>${pct(r.figures.conformity.percent)}</td><td>${r.findings}</td>
        ${explain ? html`<td>${this.explainButton({ group: r.id }, r.title)}</td>` : nothing}
      </tr>`)}</tbody>
    </table>`;
  }

  private explanation(x: Explanation) {
    return html`<div class="explanation" id="explanation" role="region" aria-label="Explanation">
      <p><strong>${x.value}</strong><br><span class="muted">${x.formula}</span></p>
      <table><thead><tr><th>Item</th><th>Counted as</th><th>Because</th></tr></thead>
        <tbody>${x.lines.map((l) => html`<tr><td>${l.item} <span class="muted">${l.title}</span></td><td>${l.countedAs}</td><td>${l.because}</td></tr>`)}</tbody>
      </table>
    </div>`;
  }

  private decision(computed: Verdict) {
    if (!this.deciding) {
      return html`<button class="secondary no-print" @click=${() => (this.deciding = true)}>Confirm or override the conclusion</button>`;
    }
    const e = this.error;
    return html`<form class="no-print" novalidate @submit=${this.decide} aria-label="Conclusion">
      ${formError(e, ["verdict", "reason", "effectiveness", "objectivesAchieved"])}
      <div class="grid">
        ${field(e, "verdict", "Conclusion", (inv, d) => html`<select id="verdict" name="verdict" aria-invalid=${inv} aria-describedby=${d}>
          ${Object.entries(VERDICTS).map(([v, label]) => html`<option value=${v} ?selected=${v === computed}>${label}${v === computed ? " (the rule)" : ""}</option>`)}
        </select>`)}
        ${field(e, "effectiveness", "Is the ISMS effectively implemented and maintained?", (inv, d) => html`<select id="effectiveness" name="effectiveness" aria-invalid=${inv} aria-describedby=${d}>
          <option value="">Choose…</option>
          ${Object.entries(EFFECTIVENESS).map(([v, label]) => html`<option value=${v}>${label}</option>`)}
        </select>`)}
        ${field(e, "objectivesAchieved", "Were the audit objectives achieved?", (inv, d) => html`<select id="objectivesAchieved" name="objectivesAchieved" aria-invalid=${inv} aria-describedby=${d}>
          <option value="">Choose…</option><option value="yes">Yes</option><option value="no">Not fully</option>
        </select>`)}
      </div>
      ${field(e, "reason", "Reason", (inv, d) => html`<textarea id="reason" name="reason" aria-invalid=${inv} aria-describedby=${d}></textarea>`, "required when you conclude otherwise than the rule")}
      <div class="actions">
        <button type="submit">Record conclusion</button>
        <button type="button" class="secondary" @click=${() => { this.deciding = false; this.error = undefined; }}>Cancel</button>
      </div>
    </form>`;
  }
}

customElements.define("audit-dashboard", AuditDashboard);
