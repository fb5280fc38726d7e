// <programme-dashboard>: monitoring the programme (ISO 19011 5.6) on today's date:
// audits on schedule and late, coverage so far, findings by grade and by criterion,
// repeat findings, and open and overdue corrective actions (from the action register).
import { html, nothing } from "lit";
import { field, formError, values } from "./forms.js";
import { auditStatus, grade, today } from "./labels.js";
import { PageElement } from "./page.js";

const TIMINGS = { completed: "Completed", on_schedule: "On schedule", late: "Late" } as const;

export class ProgrammeDashboard extends PageElement {
  static properties = { ...PageElement.properties, programmeId: { type: String } };
  declare programmeId: string;

  private async saveFeedback(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const v = values(form);
    this.error = await this.saving(() =>
      this.ctx.dispatch({ type: "setAuditFeedback", auditId: v.audit, feedback: { rating: Number(v.rating), comment: v.comment } }),
    );
    if (!this.error) form.reset();
  }

  render() {
    const { app, navigate } = this.ctx;
    const d = app.programmeDashboard(this.programmeId, today());
    const actions = app.actionCounts(this.programmeId, today());
    const figure = (label: string, value: number | string, flag = false) =>
      html`<div class="figure"><span class=${flag ? "flag" : ""}>${value}</span><br><span class="muted">${label}</span></div>`;
    return html`<div class="card">
        <p class="muted">As of ${d.today}.</p>
        <div class="figures">
          ${figure("audits completed", d.completed)}
          ${figure("on schedule", d.onSchedule)}
          ${figure("late (planned end passed)", d.late, d.late > 0)}
          ${figure(`of ${d.items} items audited`, d.auditedItems)}
          ${figure("items planned", d.plannedItems)}
          ${figure("items not covered", d.uncovered, d.uncovered > 0)}
        </div>
        <p><strong>Corrective actions:</strong> ${actions.open} open, <span class=${actions.overdue > 0 ? "flag" : ""}>${actions.overdue} overdue</span>
          <button class="link" @click=${() => navigate({ view: "actions" })}>Action register</button></p>
      </div>
      <div class="card">
        <h3>Audits</h3>
        ${d.audits.length === 0 ? html`<p class="muted">No audit planned yet.</p>` : html`<table aria-label="Audits against their dates">
          <thead><tr><th>Audit</th><th>Planned end</th><th>Status</th><th>Against the schedule</th><th>Auditee feedback</th></tr></thead>
          <tbody>${d.audits.map((a) => html`<tr>
            <td><button class="link" @click=${() => navigate({ view: "audit", id: a.auditId })}>${a.title}</button></td>
            <td>${a.plannedEnd}</td><td>${auditStatus(a.status)}</td>
            <td class=${a.timing === "late" ? "flag" : ""}>${TIMINGS[a.timing]}</td>
            <td>${a.feedback ? html`${a.feedback.rating}/5 <span class="muted">${a.feedback.comment}</span>` : html`<span class="muted">none</span>`}</td></tr>`)}</tbody></table>
          <form novalidate @submit=${this.saveFeedback} aria-label="Auditee feedback">
            <h4>Record auditee feedback</h4>
            ${formError(this.error, ["rating", "comment"])}
            <div class="grid">
              <div class="field"><label for="audit">Audit</label><select id="audit" name="audit">
                ${d.audits.map((a) => html`<option value=${a.auditId}>${a.title}</option>`)}</select></div>
              <div class="field"><label for="rating">Rating</label><select id="rating" name="rating">
                ${[5, 4, 3, 2, 1].map((n) => html`<option>${n}</option>`)}</select></div>
              ${field(this.error, "comment", "Comment", (inv, dsc) => html`<input id="comment" name="comment" aria-invalid=${inv} aria-describedby=${dsc}>`)}
            </div>
            <button type="submit">Save feedback</button>
          </form>`}
      </div>
      <div class="card">
        <h3>Findings</h3>
        <div class="figures">${d.byGrade.map((g) => html`<div class="figure"><span class="pill grade-${g.grade}">${g.count}</span><br>
          <span class="muted">${grade(g.grade)}</span></div>`)}</div>
        ${d.repeats.length ? html`<h4>Repeat findings</h4><ul>${d.repeats.map((r) => html`<li><strong>${r.criterionId}</strong>:
          ${r.findings} findings in ${r.audits.join(", ")}</li>`)}</ul>` : html`<p class="muted">No criterion has findings from two audits.</p>`}
        ${d.byCriterion.length ? html`<h4>Nonconformities and observations by criterion</h4>
          <table aria-label="Findings by criterion"><thead><tr><th>Criterion</th><th>Findings</th><th>Audits</th></tr></thead>
          <tbody>${d.byCriterion.map((c) => html`<tr><td>${c.criterionId}</td><td>${c.findings}</td><td>${c.audits.join(", ")}</td></tr>`)}</tbody></table>` : nothing}
      </div>`;
  }
}

customElements.define("programme-dashboard", ProgrammeDashboard);
