// <programme-review>: reviews of the programme (ISO 19011 5.7): participants, the
// monitoring figures of the review date (captured by the engine), conclusions,
// improvement actions, the report to top management, and the sign-off that fixes it.
import { html, nothing } from "lit";
import type { Review } from "./engine.js";
import { field, formError, lines, values } from "./forms.js";
import { GRADE_VALUES, grade, today } from "./labels.js";
import { PageElement } from "./page.js";

const FIELDS = ["date", "participants", "conclusions", "actions", "reportedTo", "reportedOn"];
/** How many improvement-action rows the form offers. */
const ACTION_ROWS = 3;

export class ProgrammeReview extends PageElement {
  static properties = { ...PageElement.properties, programmeId: { type: String }, open: { state: true } };
  declare programmeId: string;
  declare open: boolean;

  constructor() {
    super();
    this.open = false;
  }

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const v = values(event.target as HTMLFormElement);
    const actions = [...Array(ACTION_ROWS).keys()]
      .map((i) => ({ action: v[`action-${i}`] ?? "", owner: v[`actionOwner-${i}`] ?? "", due: v[`actionDue-${i}`] ?? "" }))
      .filter((a) => a.action.trim() || a.owner.trim() || a.due);
    this.error = await this.saving(() =>
      this.ctx.dispatch({
        type: "setProgrammeReview",
        programmeId: this.programmeId,
        review: {
          date: v.date, participants: lines(v.participants), conclusions: v.conclusions, actions,
          reportedTo: v.reportedTo, reportedOn: v.reportedOn,
        },
      }),
    );
    if (!this.error) this.open = false;
  }

  private async signOff(number: number) {
    if (!confirm(`Sign off review ${number}? It cannot be changed afterwards.`)) return;
    this.error = await this.saving(() => this.ctx.dispatch({ type: "signOffProgrammeReview", programmeId: this.programmeId, number }));
  }

  private review(r: Review) {
    const f = r.fields;
    const i = r.inputs;
    const grades = GRADE_VALUES.map(grade);
    return html`<div class="card">
      <h3>Review ${r.number}, ${f.date}
        ${r.signedOff ? html`<span class="pill status-completed">signed off by ${r.signedOff.by}, ${r.signedOff.at.slice(0, 10)}</span>` : nothing}</h3>
      <p><strong>Participants</strong><br>${f.participants.join(", ")}</p>
      <p><strong>Figures on ${f.date}</strong><br>${i.audits} audits, ${i.completed} completed, ${i.late} late;
        ${i.auditedItems} of ${i.items} items audited, ${i.uncovered} not covered;
        findings: ${i.findingsByGrade.map((n, k) => `${grades[k]} ${n}`).join(", ")}; ${i.repeatFindings} repeat findings.</p>
      ${f.conclusions ? html`<p><strong>Conclusions</strong><br><span class="pre">${f.conclusions}</span></p>` : nothing}
      ${f.actions?.length ? html`<table aria-label="Improvement actions of review ${r.number}"><thead><tr><th>Improvement action</th><th>Owner</th><th>Due</th></tr></thead>
        <tbody>${(f.actions ?? []).map((a) => html`<tr><td>${a.action}</td><td>${a.owner}</td><td>${a.due}</td></tr>`)}</tbody></table>` : nothing}
      <p><strong>Reported to top management</strong><br>${f.reportedTo ? `${f.reportedTo}, ${f.reportedOn}` : html`<span class="muted">not yet</span>`}</p>
      ${r.signedOff ? nothing : html`<button class="secondary" @click=${() => this.signOff(r.number)}>Sign off review ${r.number}</button>`}
    </div>`;
  }

  private form() {
    const e = this.error;
    return html`<form class="card" novalidate @submit=${this.save} aria-label="Programme review">
      <h3>New programme review</h3>
      <p class="muted">The monitoring figures of the review date are recorded with it.</p>
      ${formError(e, FIELDS)}
      <div class="grid">
        ${field(e, "date", "Review date", (inv, d) => html`<input id="date" name="date" type="date" .value=${today()} aria-invalid=${inv} aria-describedby=${d}>`)}
        ${field(e, "participants", "Participants", (inv, d) => html`<textarea id="participants" name="participants" rows="2" aria-invalid=${inv} aria-describedby=${d}></textarea>`, "one per line")}
      </div>
      ${field(e, "conclusions", "Conclusions", (inv, d) => html`<textarea id="conclusions" name="conclusions" aria-invalid=${inv} aria-describedby=${d}></textarea>`)}
      <fieldset class="field"><legend><strong>Improvement actions</strong></legend>
        ${e?.field === "actions" ? html`<div class="field-error" role="alert">${e.message}</div>` : nothing}
        <table><thead><tr><th>Action</th><th>Owner</th><th>Due</th></tr></thead><tbody>
          ${[...Array(ACTION_ROWS).keys()].map((i) => html`<tr>
            <td><input name="action-${i}" aria-label="Improvement action ${i + 1}"></td>
            <td><input name="actionOwner-${i}" aria-label="Owner of action ${i + 1}"></td>
            <td><input name="actionDue-${i}" type="date" aria-label="Due date of action ${i + 1}"></td></tr>`)}
        </tbody></table>
      </fieldset>
      <div class="grid">
        ${field(e, "reportedTo", "Reported to (top management)", (inv, d) => html`<input id="reportedTo" name="reportedTo" aria-invalid=${inv} aria-describedby=${d}>`)}
        ${field(e, "reportedOn", "Reported on", (inv, d) => html`<input id="reportedOn" name="reportedOn" type="date" aria-invalid=${inv} aria-describedby=${d}>`)}
      </div>
      <div class="actions">
        <button type="submit">Save review</button>
        <button type="button" class="secondary" @click=${() => { this.open = false; this.error = undefined; }}>Cancel</button>
      </div>
    </form>`;
  }

  render() {
    const reviews = this.ctx.app.programme(this.programmeId).reviews ?? [];
    return html`${!this.open && this.error ? html`<div class="banner error" role="alert">${this.error.message}</div>` : nothing}
      ${reviews.length === 0 ? html`<div class="card"><p class="muted">No programme review recorded yet.</p></div>` : reviews.map((r) => this.review(r))}
      ${this.open ? this.form() : html`<button @click=${() => { this.open = true; this.error = undefined; }}>Record a review</button>`}`;
  }
}

customElements.define("programme-review", ProgrammeReview);
