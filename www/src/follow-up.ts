// <audit-follow-up>: the follow-up of each major or minor nonconformity (ISO 19011 6.7;
// ISO/IEC 27001 10.2): the auditee's correction and root-cause analysis, corrective
// actions with owner and due date, their implementation, the auditor's verification of
// effectiveness, and closure. Open while the audit is in progress and after completion.
import { LitElement, html, css, nothing } from "lit";
import type { ActionRow, ActionStep, AuditDetail, CorrectiveAction, Finding, FollowUp } from "./engine.js";
import { FormFocus, attempt, formError, values, type Ctx, type FormError } from "./forms.js";
import { actionStatus, grade, today } from "./labels.js";
import { t, type MessageKey } from "./i18n.js";
import { shared } from "./styles.js";
import { labelTableCells } from "./tables.js";
import { LongList } from "./long-list.js";

/** The steps offered for an action in each status; the engine enforces them. */
const STEPS: Record<CorrectiveAction["status"], { step: ActionStep; label: MessageKey; evidence: boolean }[]> = {
  proposed: [{ step: "accept", label: "audit.follow_up.step.accept", evidence: false }],
  accepted: [{ step: "implement", label: "audit.follow_up.step.implement", evidence: true }],
  implemented: [
    { step: "verify_effective", label: "audit.follow_up.step.verify_effective", evidence: true },
    { step: "verify_not_effective", label: "audit.follow_up.step.verify_not_effective", evidence: true },
  ],
  verified_effective: [{ step: "close", label: "audit.follow_up.step.close", evidence: false }],
  closed: [],
};

export class AuditFollowUp extends LitElement {
  static properties = { ctx: { attribute: false }, detail: { attribute: false }, error: { state: true } };
  static styles = [shared, css`
    .nc { border-top: 1px solid #cfd6df; padding-top: 0.6em; margin-top: 0.6em; }
    .inline { display: flex; flex-wrap: wrap; gap: 0.5em; align-items: end; }
    .inline input, .inline select { max-width: 16em; }
    .overdue { background: var(--danger, #b42318); color: white; }
    td.next { min-width: 15em; }
    td.next button { white-space: nowrap; }
    td.next input { width: 100%; }
    /* Headings break between words only (German words are long). */
    th { overflow-wrap: normal; }
  `];
  declare ctx: Ctx;
  declare detail: AuditDetail;
  declare error: FormError | undefined;

  private async run(command: Parameters<Ctx["dispatch"]>[0], form?: HTMLFormElement) {
    this.error = await attempt(() => this.ctx.dispatch(command));
    if (!this.error) form?.reset();
  }

  private formFocus = new FormFocus();
  /** Thousands of nonconformities in a large audit: a page of them at a time. */
  private list = new LongList<Finding>(this, "follow-up", "audit.list.nonconformities", 20);

  protected updated() {
    // The shared styles hide `.edit` controls under :host([readonly]).
    this.toggleAttribute("readonly", this.ctx?.readonly ?? false);
    labelTableCells(this.renderRoot);
    this.formFocus.after(this.renderRoot);
  }

  render() {
    const d = this.detail;
    const ncs = d.findings.filter((f) => f.grade === "major_nonconformity" || f.grade === "minor_nonconformity");
    const rows = this.ctx.app.actions(d.audit.programmeId, today()).filter((r: ActionRow) => r.auditId === d.audit.id);
    const overdue = new Set(rows.filter((r) => r.overdue).map((r) => `${r.findingId}#${r.action.number}`));
    const open = d.audit.status !== "planned";
    const followUps = new Map(d.followUps.map((u) => [u.id, u]));
    const shown = this.list.show(ncs, (f) => `${f.reference} ${grade(f.grade)} ${f.criterionIds.join(" ")} ${f.statement}`);
    return html`<section class="card" aria-label=${t("audit.follow_up.label")}>
      <h3>${t("audit.follow_up.title")}</h3>
      ${formError(this.error)}
      ${ncs.length === 0
        ? html`<p class="muted">${t("audit.follow_up.none")}</p>`
        : html`${this.list.controls(shown, t("audit.follow_up.filter"))}
          ${shown.rows.map((f) => this.nonconformity(f, followUps.get(f.id), overdue, open))}`}
    </section>`;
  }

  private nonconformity(f: Finding, u: FollowUp | undefined, overdue: Set<string>, open: boolean) {
    const ref = f.reference;
    return html`<div class="nc" data-finding=${ref}>
      <h4>${ref} <span class="pill grade-${f.grade}">${grade(f.grade)}</span> ${f.criterionIds.join(", ")}</h4>
      <p class="pre">${f.statement}</p>
      <form novalidate aria-label=${t("audit.follow_up.cause_form", { reference: ref })} @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        const v = values(e.target as HTMLFormElement);
        this.run({ type: "setCause", findingId: f.id, cause: { correction: v.correction ?? "", rootCauseMethod: v.rootCauseMethod ?? "", rootCause: v.rootCause ?? "" } });
      }}>
        <div class="grid">
          <div class="field"><label for="correction-${ref}">${t("audit.follow_up.correction")}</label>
            <textarea id="correction-${ref}" name="correction" .value=${u?.correction ?? ""}></textarea></div>
          <div class="field"><label for="method-${ref}">${t("audit.follow_up.method")}</label>
            <input id="method-${ref}" name="rootCauseMethod" placeholder=${t("audit.follow_up.method_placeholder")} .value=${u?.rootCauseMethod ?? ""}></div>
          <div class="field"><label for="cause-${ref}">${t("audit.follow_up.cause")}</label>
            <textarea id="cause-${ref}" name="rootCause" .value=${u?.rootCause ?? ""}></textarea></div>
        </div>
        ${open ? html`<button type="submit" class="secondary edit">${t("audit.follow_up.save_cause")}</button>` : nothing}
      </form>
      <table aria-label=${t("audit.follow_up.actions_table", { reference: ref })}>
        <thead><tr><th>${t("audit.follow_up.number")}</th><th>${t("audit.follow_up.action")}</th><th>${t("common.owner")}</th><th>${t("common.due")}</th><th>${t("common.status")}</th><th>${t("audit.follow_up.history")}</th><th class="no-print">${t("audit.follow_up.next_step")}</th></tr></thead>
        <tbody>${(u?.actions ?? []).length === 0
          ? html`<tr><td colspan="7" class="muted">${t("audit.follow_up.no_actions")}</td></tr>`
          : (u?.actions ?? []).map((a) => this.action(f, a, overdue.has(`${f.id}#${a.number}`)))}</tbody>
      </table>
      ${open
        ? html`<form class="inline no-print edit" novalidate aria-label=${t("audit.follow_up.propose_form", { reference: ref })} @submit=${(e: SubmitEvent) => {
            e.preventDefault();
            const form = e.target as HTMLFormElement;
            const v = values(form);
            this.run({ type: "proposeAction", findingId: f.id, action: { description: v.description ?? "", owner: v.owner ?? "", due: v.due ?? "" } }, form);
          }}>
            <div class="field"><label for="action-${ref}">${t("audit.follow_up.corrective_action")}</label><input id="action-${ref}" name="description"></div>
            <div class="field"><label for="owner-${ref}">${t("common.owner")}</label><input id="owner-${ref}" name="owner"></div>
            <div class="field"><label for="due-${ref}">${t("common.due")}</label><input id="due-${ref}" name="due" type="date"></div>
            <button type="submit" class="secondary">${t("audit.follow_up.propose")}</button>
          </form>`
        : nothing}
    </div>`;
  }

  private action(f: Finding, a: CorrectiveAction, overdue: boolean) {
    const key = `${f.reference}-${a.number}`;
    const steps = STEPS[a.status];
    const needsEvidence = steps.some((s) => s.evidence);
    const history = [
      t("audit.follow_up.proposed_by", { name: a.proposed.by }),
      a.accepted ? t("audit.follow_up.accepted_by", { name: a.accepted.by }) : "",
      a.implementation ? t("audit.follow_up.implemented", { date: a.implementation.date, evidence: a.implementation.evidence }) : "",
      ...(a.verifications ?? []).map((v) => t(v.effective ? "audit.follow_up.effective" : "audit.follow_up.not_effective", { date: v.date, evidence: v.evidence })),
      a.closed ? t("audit.follow_up.closed_by", { name: a.closed.by }) : "",
    ].filter(Boolean);
    return html`<tr data-action=${key}>
      <td>${a.number}</td>
      <td class="pre">${a.description}</td>
      <td>${a.owner}</td>
      <td class="nowrap">${a.due} ${overdue ? html`<span class="pill overdue">${t("audit.follow_up.overdue")}</span>` : nothing}</td>
      <td><span class="pill" id="action-status-${key}">${actionStatus(a.status)}</span></td>
      <td><ul class="hint">${history.map((h) => html`<li>${h}</li>`)}</ul></td>
      <td class="no-print next">${steps.length === 0
        ? nothing
        : html`<form class="edit" novalidate aria-label=${t("audit.follow_up.step_form", { key })} @submit=${(e: SubmitEvent) => {
            e.preventDefault();
            const form = e.target as HTMLFormElement;
            const v = values(form);
            const step = (e.submitter as HTMLButtonElement).value as ActionStep;
            this.run({ type: "advanceAction", findingId: f.id, number: a.number, step, evidence: v.evidence ?? "", date: v.date ?? "" }, form);
          }}>
            ${needsEvidence
              ? html`<label for="evidence-${key}">${t("audit.follow_up.evidence")}</label><input id="evidence-${key}" name="evidence">
                  <label for="date-${key}">${t("common.date")}</label><input id="date-${key}" name="date" type="date">`
              : nothing}
            <div class="actions">${steps.map((s) => html`<button type="submit" class="secondary" name="step" value=${s.step}>${t(s.label)}</button>`)}</div>
          </form>`}</td>
    </tr>`;
  }
}

customElements.define("audit-follow-up", AuditFollowUp);
