// <programme-coverage>: the coverage plan of a programme (ISO/IEC 27001 9.2.2): every
// clause, applicable control, unit and process against the audits of the cycle; the
// planner's proposal, the manager's edits and ratings, and what audits have done.
import { css, html, nothing } from "lit";
import type { Coverage, Level, Row } from "./engine.js";
import { field, formError, values } from "./forms.js";
import { PageElement } from "./page.js";
import { t, tKey } from "./i18n.js";
import { rich } from "./i18n-html.js";

const LEVELS: Level[] = ["low", "medium", "high"];


export class ProgrammeCoverage extends PageElement {
  static properties = { ...PageElement.properties, programmeId: { type: String } };
  static styles = [
    ...PageElement.styles,
    // The matrix scrolls sideways on a narrow screen rather than breaking words letter
    // by letter (German headings and ratings are longer).
    css`
      .matrix th, .matrix td { overflow-wrap: normal; }
      .matrix th:nth-child(2), .matrix td:nth-child(2), .matrix .slot { white-space: nowrap; }
      .matrix .slot .hint { white-space: normal; }
    `,
  ];
  declare programmeId: string;

  private async propose(coverage: Coverage) {
    if (coverage.planned && !confirm(t("programme.coverage.confirm_replace"))) return;
    const plan = this.ctx.app.proposedPlan(this.programmeId);
    this.error = await this.saving(() => this.ctx.dispatch({ type: "setCoveragePlan", programmeId: this.programmeId, plan }));
  }

  private async toggle(row: Row, slot: number, on: boolean) {
    const slots = on ? [...row.planned, slot] : row.planned.filter((s) => s !== slot);
    this.error = await this.saving(() =>
      this.ctx.dispatch({ type: "setCoveragePlan", programmeId: this.programmeId, plan: [{ item: row.item.id, slots }] }),
    );
  }

  private async rate(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const v = values(form);
    this.error = await this.saving(() =>
      this.ctx.dispatch({
        type: "setItemRating",
        programmeId: this.programmeId,
        rating: { item: v.item, level: v.level as Level, reason: v.reason },
      }),
    );
    if (!this.error) form.reset();
  }

  render() {
    const c = this.ctx.app.coverage(this.programmeId);
    const e = this.error;
    return html`
      <div class="card">
        <p>${rich(t("programme.coverage.summary", { items: c.items, done: c.done }), "uncovered",
          html`<span class=${c.uncovered ? "flag" : ""}>${t("programme.coverage.not_covered_count", { n: c.uncovered })}</span>`)}</p>
        ${c.planned ? nothing : html`<div class="banner info">${t("programme.coverage.no_plan")}</div>`}
        <div class="actions"><button class="edit" @click=${() => this.propose(c)}>${t("programme.coverage.propose")}</button></div>
      </div>
      <form class="card edit" novalidate @submit=${this.rate} aria-label=${t("programme.coverage.rate")}>
        <h3>${t("programme.coverage.rate")}</h3>
        <p class="muted">${t("programme.coverage.rate_hint")}</p>
        ${formError(e, ["item", "reason"])}
        <div class="grid">
          ${field(e, "item", t("programme.coverage.item"), (inv, d) => html`<select id="item" name="item" aria-invalid=${inv} aria-describedby=${d}>
            ${c.rows.map((r) => html`<option value=${r.item.id}>${label(r)}</option>`)}</select>`)}
          <div class="field"><label for="level">${t("programme.coverage.risk")}</label><select id="level" name="level">
            ${LEVELS.map((k) => html`<option value=${k}>${tKey(`programme.coverage.level.${k}`)}</option>`)}</select></div>
          ${field(e, "reason", t("common.reason"), (inv, d) => html`<input id="reason" name="reason" aria-invalid=${inv} aria-describedby=${d}>`)}
        </div>
        <button type="submit">${t("programme.coverage.save_rating")}</button>
      </form>
      <div class="card matrix">
        <table class="grid-table" aria-label=${t("programme.coverage.matrix")}>
          <thead><tr><th>${t("programme.coverage.item")}</th><th>${t("programme.coverage.risk")}</th>
            ${c.slots.map((s) => html`<th class="slot">${t("programme.coverage.year", { year: s.year })}<br><span class="hint">${s.name}</span></th>`)}
            <th>${t("programme.coverage.audited_in")}</th></tr></thead>
          <tbody>${c.rows.map((r) => html`<tr>
            <td>${label(r)}${r.uncovered ? html` <span class="pill flag">${t("programme.coverage.not_covered")}</span>` : nothing}
              ${!r.uncovered && r.underPlanned ? html` <span class="pill risk-medium">${t("programme.coverage.under_planned", { planned: r.planned.length, wanted: r.wanted })}</span>` : nothing}</td>
            <td>${r.level === "low" ? html`<span class="muted">${tKey(`programme.coverage.rating.${r.level}`)}</span>` : html`<span class="pill risk-${r.level}" title=${r.reason}>${tKey(`programme.coverage.rating.${r.level}`)}</span>`}</td>
            ${c.slots.map((s) => html`<td class="slot"><input type="checkbox" .checked=${r.planned.includes(s.index)} ?disabled=${this.ctx.readonly}
              aria-label=${t("programme.coverage.cell", { item: r.item.id, year: s.year, name: s.name })} @change=${(ev: Event) => this.toggle(r, s.index, (ev.target as HTMLInputElement).checked)}></td>`)}
            <td>${r.doneIn.join(", ")}</td>
          </tr>`)}</tbody>
        </table>
      </div>`;
  }
}

function label(r: Row): string {
  switch (r.item.kind) {
    case "unit":
      return t("programme.coverage.unit", { title: r.item.title });
    case "process":
      return t("programme.coverage.process", { title: r.item.title });
    default:
      return `${r.item.id} ${r.item.title}`;
  }
}

customElements.define("programme-coverage", ProgrammeCoverage);
