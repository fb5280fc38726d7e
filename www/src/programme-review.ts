// <programme-review>: reviews of the programme (ISO 19011 5.7): participants, the
// monitoring figures of the review date (captured by the engine), conclusions,
// improvement actions, the report to top management, and the sign-off that fixes it.
import { html, nothing } from "lit";
import type { Review } from "./engine.js";
import { field, formError, lines, values } from "./forms.js";
import { GRADE_VALUES, grade, today } from "./labels.js";
import { PageElement } from "./page.js";
import { t } from "./i18n.js";

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
    if (!confirm(t("programme.review.confirm_sign_off", { number }))) return;
    this.error = await this.saving(() => this.ctx.dispatch({ type: "signOffProgrammeReview", programmeId: this.programmeId, number }));
  }

  private review(r: Review) {
    const f = r.fields;
    const i = r.inputs;
    const grades = GRADE_VALUES.map(grade);
    return html`<div class="card">
      <h3>${t("programme.review.title", { number: r.number, date: f.date })}
        ${r.signedOff ? html`<span class="pill status-completed">${t("programme.review.signed_off", { by: r.signedOff.by, date: r.signedOff.at.slice(0, 10) })}</span>` : nothing}</h3>
      <p><strong>${t("programme.review.participants")}</strong><br>${f.participants.join(", ")}</p>
      <p><strong>${t("programme.review.figures_on", { date: f.date })}</strong><br>${t("programme.review.figures", {
        audits: i.audits, completed: i.completed, late: i.late, audited: i.auditedItems, items: i.items, uncovered: i.uncovered,
        grades: i.findingsByGrade.map((n, k) => `${grades[k]} ${n}`).join(", "), repeats: i.repeatFindings,
      })}</p>
      ${f.conclusions ? html`<p><strong>${t("programme.review.conclusions")}</strong><br><span class="pre">${f.conclusions}</span></p>` : nothing}
      ${f.actions?.length ? html`<table aria-label=${t("programme.review.actions_of", { number: r.number })}><thead><tr><th>${t("programme.review.action")}</th><th>${t("common.owner")}</th><th>${t("common.due")}</th></tr></thead>
        <tbody>${(f.actions ?? []).map((a) => html`<tr><td>${a.action}</td><td>${a.owner}</td><td>${a.due}</td></tr>`)}</tbody></table>` : nothing}
      <p><strong>${t("programme.review.reported")}</strong><br>${f.reportedTo ? `${f.reportedTo}, ${f.reportedOn}` : html`<span class="muted">${t("programme.review.not_yet")}</span>`}</p>
      ${r.signedOff ? nothing : html`<button class="secondary edit" @click=${() => this.signOff(r.number)}>${t("programme.review.sign_off", { number: r.number })}</button>`}
    </div>`;
  }

  private form() {
    const e = this.error;
    return html`<form class="card edit" novalidate @submit=${this.save} aria-label=${t("programme.review.form_label")}>
      <h3>${t("programme.review.new")}</h3>
      <p class="muted">${t("programme.review.new_hint")}</p>
      ${formError(e, FIELDS)}
      <div class="grid">
        ${field(e, "date", t("programme.review.date"), (inv, d) => html`<input id="date" name="date" type="date" .value=${today()} aria-invalid=${inv} aria-describedby=${d}>`)}
        ${field(e, "participants", t("programme.review.participants"), (inv, d) => html`<textarea id="participants" name="participants" rows="2" aria-invalid=${inv} aria-describedby=${d}></textarea>`, t("programme.form.one_per_line"))}
      </div>
      ${field(e, "conclusions", t("programme.review.conclusions"), (inv, d) => html`<textarea id="conclusions" name="conclusions" aria-invalid=${inv} aria-describedby=${d}></textarea>`)}
      <fieldset class="field"><legend><strong>${t("programme.review.actions")}</strong></legend>
        ${e?.field === "actions" ? html`<div class="field-error" role="alert">${e.message}</div>` : nothing}
        <table><thead><tr><th>${t("programme.review.action_short")}</th><th>${t("common.owner")}</th><th>${t("common.due")}</th></tr></thead><tbody>
          ${[...Array(ACTION_ROWS).keys()].map((i) => html`<tr>
            <td><input name="action-${i}" aria-label=${t("programme.review.action_n", { n: i + 1 })}></td>
            <td><input name="actionOwner-${i}" aria-label=${t("programme.review.owner_n", { n: i + 1 })}></td>
            <td><input name="actionDue-${i}" type="date" aria-label=${t("programme.review.due_n", { n: i + 1 })}></td></tr>`)}
        </tbody></table>
      </fieldset>
      <div class="grid">
        ${field(e, "reportedTo", t("programme.review.reported_to"), (inv, d) => html`<input id="reportedTo" name="reportedTo" aria-invalid=${inv} aria-describedby=${d}>`)}
        ${field(e, "reportedOn", t("programme.review.reported_on"), (inv, d) => html`<input id="reportedOn" name="reportedOn" type="date" aria-invalid=${inv} aria-describedby=${d}>`)}
      </div>
      <div class="actions">
        <button type="submit">${t("programme.review.save")}</button>
        <button type="button" class="secondary" @click=${() => { this.open = false; this.error = undefined; }}>${t("common.cancel")}</button>
      </div>
    </form>`;
  }

  render() {
    const reviews = this.ctx.app.programme(this.programmeId).reviews ?? [];
    return html`${!this.open && this.error ? html`<div class="banner error" role="alert">${this.error.message}</div>` : nothing}
      ${reviews.length === 0 ? html`<div class="card"><p class="muted">${t("programme.review.empty")}</p></div>` : reviews.map((r) => this.review(r))}
      ${this.open ? this.form() : html`<button class="edit" @click=${() => { this.open = true; this.error = undefined; }}>${t("programme.review.record")}</button>`}`;
  }
}

customElements.define("programme-review", ProgrammeReview);
