// <programme-coverage>: the coverage plan of a programme (ISO/IEC 27001 9.2.2): every
// clause, applicable control, unit and process against the audits of the cycle; the
// planner's proposal, the manager's edits and ratings, and what audits have done.
import { html, nothing } from "lit";
import type { Coverage, Level, Row } from "./engine.js";
import { field, formError, values } from "./forms.js";
import { PageElement } from "./page.js";

const LEVELS: Record<Level, string> = {
  low: "Low: once per cycle",
  medium: "Medium: two years in three",
  high: "High: every year",
};

export class ProgrammeCoverage extends PageElement {
  static properties = { ...PageElement.properties, programmeId: { type: String } };
  declare programmeId: string;

  private async propose(coverage: Coverage) {
    if (coverage.planned && !confirm("Replace the whole plan with the planner's proposal? Your edits are replaced; the trail keeps them.")) return;
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
        <p>${c.items} items in scope · <span class=${c.uncovered ? "flag" : ""}>${c.uncovered} not covered</span> ·
          ${c.done} audited so far</p>
        ${c.planned ? nothing : html`<div class="banner info">No plan yet: ask the planner for a proposal, then edit it.</div>`}
        <div class="actions"><button @click=${() => this.propose(c)}>Propose a schedule</button></div>
      </div>
      <form class="card" novalidate @submit=${this.rate} aria-label="Rate an item">
        <h3>Rate an item</h3>
        <p class="muted">Riskier items are planned more often; a medium or high rating needs its reason.</p>
        ${formError(e, ["item", "reason"])}
        <div class="grid">
          ${field(e, "item", "Item", (inv, d) => html`<select id="item" name="item" aria-invalid=${inv} aria-describedby=${d}>
            ${c.rows.map((r) => html`<option value=${r.item.id}>${label(r)}</option>`)}</select>`)}
          <div class="field"><label for="level">Risk</label><select id="level" name="level">
            ${Object.entries(LEVELS).map(([k, l]) => html`<option value=${k}>${l}</option>`)}</select></div>
          ${field(e, "reason", "Reason", (inv, d) => html`<input id="reason" name="reason" aria-invalid=${inv} aria-describedby=${d}>`)}
        </div>
        <button type="submit">Save rating</button>
      </form>
      <div class="card matrix">
        <table class="grid-table" aria-label="Coverage matrix">
          <thead><tr><th>Item</th><th>Risk</th>
            ${c.slots.map((s) => html`<th class="slot">Year ${s.year}<br><span class="hint">${s.name}</span></th>`)}
            <th>Audited in</th></tr></thead>
          <tbody>${c.rows.map((r) => html`<tr>
            <td>${label(r)}${r.uncovered ? html` <span class="pill flag">not covered</span>` : nothing}
              ${!r.uncovered && r.underPlanned ? html` <span class="pill risk-medium">planned ${r.planned.length} of ${r.wanted}</span>` : nothing}</td>
            <td>${r.level === "low" ? html`<span class="muted">low</span>` : html`<span class="pill risk-${r.level}" title=${r.reason}>${r.level}</span>`}</td>
            ${c.slots.map((s) => html`<td class="slot"><input type="checkbox" .checked=${r.planned.includes(s.index)}
              aria-label="${r.item.id} in year ${s.year}, ${s.name}" @change=${(ev: Event) => this.toggle(r, s.index, (ev.target as HTMLInputElement).checked)}></td>`)}
            <td>${r.doneIn.join(", ")}</td>
          </tr>`)}</tbody>
        </table>
      </div>`;
  }
}

function label(r: Row): string {
  switch (r.item.kind) {
    case "unit":
      return `Unit: ${r.item.title}`;
    case "process":
      return `Process: ${r.item.title}`;
    default:
      return `${r.item.id} ${r.item.title}`;
  }
}

customElements.define("programme-coverage", ProgrammeCoverage);
