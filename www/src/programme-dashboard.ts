// <programme-dashboard>: monitoring the programme (ISO 19011 5.6) on today's date:
// audits on schedule and late, coverage so far, findings by grade and by criterion,
// repeat findings, and open and overdue corrective actions (from the action register).
import { html, nothing } from "lit";
import { field, formError, values } from "./forms.js";
import { auditStatus, grade, today } from "./labels.js";
import { PageElement } from "./page.js";
import { t, tKey } from "./i18n.js";
import { rich } from "./i18n-html.js";


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
        <p class="muted">${t("programme.monitoring.as_of", { date: d.today })}</p>
        <div class="figures">
          ${figure(t("programme.monitoring.completed"), d.completed)}
          ${figure(t("programme.monitoring.on_schedule"), d.onSchedule)}
          ${figure(t("programme.monitoring.late"), d.late, d.late > 0)}
          ${figure(t("programme.monitoring.items_audited", { items: d.items }), d.auditedItems)}
          ${figure(t("programme.monitoring.items_planned"), d.plannedItems)}
          ${figure(t("programme.monitoring.items_uncovered"), d.uncovered, d.uncovered > 0)}
        </div>
        <p><strong>${t("programme.monitoring.actions_title")}</strong> ${rich(t("programme.monitoring.actions", { open: actions.open }), "overdue",
            html`<span class=${actions.overdue > 0 ? "flag" : ""}>${t("programme.monitoring.overdue", { n: actions.overdue })}</span>`)}
          <button class="link" @click=${() => navigate({ view: "actions" })}>${t("shell.section.actions")}</button></p>
      </div>
      <div class="card">
        <h3>${t("programme.audits")}</h3>
        ${d.audits.length === 0 ? html`<p class="muted">${t("programme.no_audit_yet")}</p>` : html`<table aria-label=${t("programme.monitoring.audits_label")}>
          <thead><tr><th>${t("programme.audit")}</th><th>${t("programme.monitoring.planned_end")}</th><th>${t("common.status")}</th><th>${t("programme.monitoring.timing")}</th><th>${t("programme.monitoring.feedback")}</th></tr></thead>
          <tbody>${d.audits.map((a) => html`<tr>
            <td><button class="link" @click=${() => navigate({ view: "audit", id: a.auditId })}>${a.title}</button></td>
            <td>${a.plannedEnd}</td><td>${auditStatus(a.status)}</td>
            <td class=${a.timing === "late" ? "flag" : ""}>${tKey(`programme.timing.${a.timing}`)}</td>
            <td>${a.feedback ? html`${a.feedback.rating}/5 <span class="muted">${a.feedback.comment}</span>` : html`<span class="muted">${t("common.none")}</span>`}</td></tr>`)}</tbody></table>
          <form class="edit" novalidate @submit=${this.saveFeedback} aria-label=${t("programme.monitoring.feedback")}>
            <h4>${t("programme.monitoring.record_feedback")}</h4>
            ${formError(this.error, ["rating", "comment"])}
            <div class="grid">
              <div class="field"><label for="audit">${t("programme.audit")}</label><select id="audit" name="audit">
                ${d.audits.map((a) => html`<option value=${a.auditId}>${a.title}</option>`)}</select></div>
              <div class="field"><label for="rating">${t("programme.monitoring.rating")}</label><select id="rating" name="rating">
                ${[5, 4, 3, 2, 1].map((n) => html`<option>${n}</option>`)}</select></div>
              ${field(this.error, "comment", t("programme.monitoring.comment"), (inv, dsc) => html`<input id="comment" name="comment" aria-invalid=${inv} aria-describedby=${dsc}>`)}
            </div>
            <button type="submit">${t("programme.monitoring.save_feedback")}</button>
          </form>`}
      </div>
      <div class="card">
        <h3>${t("programme.monitoring.findings")}</h3>
        <div class="figures">${d.byGrade.map((g) => html`<div class="figure"><span class="pill grade-${g.grade}">${g.count}</span><br>
          <span class="muted">${grade(g.grade)}</span></div>`)}</div>
        ${d.repeats.length ? html`<h4>${t("programme.monitoring.repeats")}</h4><ul>${d.repeats.map((r) => html`<li>${rich(
          t("programme.monitoring.repeat", { n: r.findings, audits: r.audits.join(", ") }), "criterion", html`<strong>${r.criterionId}</strong>`)}</li>`)}</ul>`
          : html`<p class="muted">${t("programme.monitoring.no_repeats")}</p>`}
        ${d.byCriterion.length ? html`<h4>${t("programme.monitoring.by_criterion")}</h4>
          <table aria-label=${t("programme.monitoring.by_criterion_label")}><thead><tr><th>${t("programme.monitoring.criterion")}</th><th>${t("programme.monitoring.findings")}</th><th>${t("programme.audits")}</th></tr></thead>
          <tbody>${d.byCriterion.map((c) => html`<tr><td>${c.criterionId}</td><td>${c.findings}</td><td>${c.audits.join(", ")}</td></tr>`)}</tbody></table>` : nothing}
      </div>`;
  }
}

customElements.define("programme-dashboard", ProgrammeDashboard);
