// <audit-follow-up>: the follow-up of each major or minor nonconformity (ISO 19011 6.7;
// ISO/IEC 27001 10.2): the auditee's correction and root-cause analysis, corrective
// actions with owner and due date, their implementation, the auditor's verification of
// effectiveness, and closure. Open while the audit is in progress and after completion.
import { LitElement, html, css, nothing } from "lit";
import type { ActionRow, ActionStep, AuditDetail, CorrectiveAction, Finding, FollowUp } from "./engine.js";
import { FormFocus, attempt, formError, values, type Ctx, type FormError } from "./forms.js";
import { ACTION_STATUSES, GRADES, today } from "./labels.js";
import { shared } from "./styles.js";
import { labelTableCells } from "./tables.js";
import { LongList } from "./long-list.js";

/** The steps offered for an action in each status; the engine enforces them. */
const STEPS: Record<CorrectiveAction["status"], { step: ActionStep; label: string; evidence: boolean }[]> = {
  proposed: [{ step: "accept", label: "Accept", evidence: false }],
  accepted: [{ step: "implement", label: "Record implementation", evidence: true }],
  implemented: [
    { step: "verify_effective", label: "Verified effective", evidence: true },
    { step: "verify_not_effective", label: "Not effective (reopen)", evidence: true },
  ],
  verified_effective: [{ step: "close", label: "Close", evidence: false }],
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
  private list = new LongList<Finding>(this, "follow-up", "nonconformities", 20);

  protected updated() {
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
    const shown = this.list.show(ncs, (f) => `${f.reference} ${GRADES[f.grade]} ${f.criterionIds.join(" ")} ${f.statement}`);
    return html`<section class="card" aria-label="Follow-up">
      <h3>Follow-up of nonconformities</h3>
      ${formError(this.error)}
      ${ncs.length === 0
        ? html`<p class="muted">No major or minor nonconformities: nothing to follow up.</p>`
        : html`${this.list.controls(shown, "Reference, criterion or words")}
          ${shown.rows.map((f) => this.nonconformity(f, followUps.get(f.id), overdue, open))}`}
    </section>`;
  }

  private nonconformity(f: Finding, u: FollowUp | undefined, overdue: Set<string>, open: boolean) {
    const ref = f.reference;
    return html`<div class="nc" data-finding=${ref}>
      <h4>${ref} <span class="pill grade-${f.grade}">${GRADES[f.grade]}</span> ${f.criterionIds.join(", ")}</h4>
      <p class="pre">${f.statement}</p>
      <form novalidate aria-label="Correction and root cause of ${ref}" @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        const v = values(e.target as HTMLFormElement);
        this.run({ type: "setCause", findingId: f.id, cause: { correction: v.correction ?? "", rootCauseMethod: v.rootCauseMethod ?? "", rootCause: v.rootCause ?? "" } });
      }}>
        <div class="grid">
          <div class="field"><label for="correction-${ref}">Correction (what was done at once)</label>
            <textarea id="correction-${ref}" name="correction" .value=${u?.correction ?? ""}></textarea></div>
          <div class="field"><label for="method-${ref}">Root-cause method</label>
            <input id="method-${ref}" name="rootCauseMethod" placeholder="5 whys, Ishikawa, ..." .value=${u?.rootCauseMethod ?? ""}></div>
          <div class="field"><label for="cause-${ref}">Root cause</label>
            <textarea id="cause-${ref}" name="rootCause" .value=${u?.rootCause ?? ""}></textarea></div>
        </div>
        ${open ? html`<button type="submit" class="secondary">Save correction and root cause</button>` : nothing}
      </form>
      <table aria-label="Corrective actions of ${ref}">
        <thead><tr><th>#</th><th>Action</th><th>Owner</th><th>Due</th><th>Status</th><th>History</th><th class="no-print">Next step</th></tr></thead>
        <tbody>${(u?.actions ?? []).length === 0
          ? html`<tr><td colspan="7" class="muted">No corrective action proposed yet.</td></tr>`
          : (u?.actions ?? []).map((a) => this.action(f, a, overdue.has(`${f.id}#${a.number}`)))}</tbody>
      </table>
      ${open
        ? html`<form class="inline no-print" novalidate aria-label="Propose a corrective action for ${ref}" @submit=${(e: SubmitEvent) => {
            e.preventDefault();
            const form = e.target as HTMLFormElement;
            const v = values(form);
            this.run({ type: "proposeAction", findingId: f.id, action: { description: v.description ?? "", owner: v.owner ?? "", due: v.due ?? "" } }, form);
          }}>
            <div class="field"><label for="action-${ref}">Corrective action</label><input id="action-${ref}" name="description"></div>
            <div class="field"><label for="owner-${ref}">Owner</label><input id="owner-${ref}" name="owner"></div>
            <div class="field"><label for="due-${ref}">Due</label><input id="due-${ref}" name="due" type="date"></div>
            <button type="submit" class="secondary">Propose action</button>
          </form>`
        : nothing}
    </div>`;
  }

  private action(f: Finding, a: CorrectiveAction, overdue: boolean) {
    const key = `${f.reference}-${a.number}`;
    const steps = STEPS[a.status];
    const needsEvidence = steps.some((s) => s.evidence);
    const history = [
      `proposed by ${a.proposed.by}`,
      a.accepted ? `accepted by ${a.accepted.by}` : "",
      a.implementation ? `implemented ${a.implementation.date}: ${a.implementation.evidence}` : "",
      ...(a.verifications ?? []).map((v) => `${v.effective ? "effective" : "NOT effective"} ${v.date}: ${v.evidence}`),
      a.closed ? `closed by ${a.closed.by}` : "",
    ].filter(Boolean);
    return html`<tr data-action=${key}>
      <td>${a.number}</td>
      <td class="pre">${a.description}</td>
      <td>${a.owner}</td>
      <td class="nowrap">${a.due} ${overdue ? html`<span class="pill overdue">overdue</span>` : nothing}</td>
      <td><span class="pill" id="action-status-${key}">${ACTION_STATUSES[a.status]}</span></td>
      <td><ul class="hint">${history.map((h) => html`<li>${h}</li>`)}</ul></td>
      <td class="no-print next">${steps.length === 0
        ? nothing
        : html`<form novalidate aria-label="Next step of action ${key}" @submit=${(e: SubmitEvent) => {
            e.preventDefault();
            const form = e.target as HTMLFormElement;
            const v = values(form);
            const step = (e.submitter as HTMLButtonElement).value as ActionStep;
            this.run({ type: "advanceAction", findingId: f.id, number: a.number, step, evidence: v.evidence ?? "", date: v.date ?? "" }, form);
          }}>
            ${needsEvidence
              ? html`<label for="evidence-${key}">Evidence</label><input id="evidence-${key}" name="evidence">
                  <label for="date-${key}">Date</label><input id="date-${key}" name="date" type="date">`
              : nothing}
            <div class="actions">${steps.map((s) => html`<button type="submit" class="secondary" name="step" value=${s.step}>${s.label}</button>`)}</div>
          </form>`}</td>
    </tr>`;
  }
}

customElements.define("audit-follow-up", AuditFollowUp);
