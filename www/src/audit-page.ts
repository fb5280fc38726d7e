// <audit-page>: one audit: its plan and status, the checklist with guidance, the
// findings and their counts per grade.
import { html, noChange, nothing, css } from "lit";
import { live } from "lit/directives/live.js";
import { repeat } from "lit/directives/repeat.js";
import { catalogOf, type Acknowledgement, type AuditDetail, type AuditKind, type AuditStatus, type ChecklistItem, type Criterion, type CustomCriterion, type Evidence, type FindingFields, type ItemResult, type Reminder, type SamplingPlan } from "./engine.js";
import { confirmDelete, values } from "./forms.js";
import { guidanceView } from "./criterion-view.js";
import { findingForm } from "./finding-form.js";
import { RESULT_VALUES, actionStatus, auditKind, auditStatus, grade, itemResult } from "./labels.js";
import { t, type MessageKey } from "./i18n.js";
import { PageElement } from "./page.js";
import { conductOf, findingDrafts, samePerson } from "./conduct-labels.js";
import "./audit-form.js";
import "./audit-dashboard.js";
import "./report-form.js";
import "./audit-exports.js";
import "./bundles.js";
import "./follow-up.js";
import "./audit-evidence.js";
import type { RaiseFinding } from "./audit-evidence.js";
import { samplingForm, samplingSummary } from "./sampling-form.js";
import "./import-table.js";
import { LongList } from "./long-list.js";
import type { Finding } from "./engine.js";


/** The transitions the page offers from each status (the engine enforces them). */
const NEXT: Record<AuditStatus, { to: AuditStatus; label: MessageKey }> = {
  planned: { to: "in_progress", label: "audit.page.start" },
  in_progress: { to: "completed", label: "audit.page.complete" },
  completed: { to: "in_progress", label: "audit.page.reopen" },
};

export class AuditPage extends PageElement {
  static properties = {
    ...PageElement.properties,
    auditId: { type: String },
    findingId: { type: String },
    group: { state: true },
    chosen: { state: true },
    findingMode: { state: true },
    editingPlan: { state: true },
    rowError: { state: true },
    closing: { state: true },
    samplingFor: { state: true },
    mine: { state: true },
  };
  static styles = [
    ...PageElement.styles,
    css`
      .summary { display: flex; flex-wrap: wrap; gap: 0.4em 1.2em; align-items: baseline; }
      .checklist td:first-child { width: 36%; }
      .checklist select { min-width: 11em; }
      .checklist textarea { min-height: 2.4em; }
      .result-nonconforming select { border-color: var(--danger); }
      .unsaved { color: var(--warn); font-size: 0.85em; }
      tr:target, tr.linked { outline: 3px solid #f59e0b; outline-offset: -3px; }
      .filters { display: flex; flex-wrap: wrap; gap: 0.5em 1em; align-items: end; margin-bottom: 0.6em; }
      .filters .field { margin: 0; min-width: 16em; }
    `,
  ];

  declare auditId: string;
  /** The finding a shared link points at (`#/audit/ID/finding/FID`): shown and focused. */
  declare findingId: string | undefined;
  /** Results chosen with the keyboard and not yet saved, by criterion: arrow keys (and
   * typed letters) in a closed select change its value at each press, so the save waits
   * for an explicit choice (Enter or leaving the field). Any other change (a choice in
   * the opened list, by pointer or keyboard, or by assistive technology) saves at once. */
  declare chosen: Map<string, ItemResult>;
  /** Set by a key that steps through a closed select's options, for its next change. */
  private steppedByKey = false;
  /** The checklist filter: a clause or theme id, or "" for all. */
  declare group: string;
  /** "new", a finding id being edited, or undefined. */
  declare findingMode: string | undefined;
  declare editingPlan: boolean;
  declare rowError: { criterionId: string; message: string } | undefined;
  /** The findings and the checklist, a page at a time with their own filters: a page of
   * rows draws in a frame at any size of audit. */
  private findingList = new LongList<Finding>(this, "findings", "audit.list.findings", 100);
  private checklistRows = new LongList<ChecklistItem>(this, "checklist", "audit.list.criteria", 100);
  private findingCriterion: string | undefined;
  /** The completion (with its exceptions) or reopening form is open. */
  declare closing: boolean;
  /** The criterion whose sampling plan form is open. */
  declare samplingFor: string | undefined;
  /** A new finding raised from an evidence entry: its evidence text, and the entry to
   * link the finding to once saved. */
  private raisedFrom: RaiseFinding | undefined;
  /** The checklist shows only the items assigned to the user (by the name in the header). */
  declare mine: boolean;
  /** A new finding's text proposed from elsewhere (a document review's gap). */
  private findingDraft: { statement: string; evidence: string } | undefined;

  constructor() {
    super();
    this.group = "";
    this.editingPlan = false;
    this.closing = false;
    this.mine = false;
    this.chosen = new Map();
    this.addEventListener("raise-finding", (e) => {
      const raised = (e as CustomEvent<RaiseFinding>).detail;
      this.openFinding("new", raised.criterionId);
      this.raisedFrom = raised;
    });
  }

  willUpdate(changed: Map<string, unknown>) {
    // A gap raised as a finding from the document review opens the new-finding form.
    const draft = findingDrafts.get(this.auditId);
    if (draft) {
      findingDrafts.delete(this.auditId);
      this.findingDraft = draft;
      this.openFinding("new");
    }
    super.willUpdate(changed);
  }

  protected async updated(changed: Map<string, unknown>) {
    super.updated(changed);
    if (changed.has("findingId") && this.findingId) {
      // A linked finding further down: show its page first.
      const id = this.findingId;
      if (this.findingList.reveal((f) => f.id === id)) await this.updateComplete;
      const row = this.renderRoot.querySelector<HTMLElement>(`tr[data-finding="${CSS.escape(this.findingId)}"]`);
      row?.scrollIntoView?.({ block: "center" });
      row?.focus({ preventScroll: true });
    }
  }

  /** A key on a result select: Enter saves what was stepped to; stepping keys wait. */
  private resultKey(item: ChecklistItem, event: KeyboardEvent) {
    if (event.key === "Enter") {
      // Chromium on Linux would open the list on Enter; here Enter means "save this".
      event.preventDefault();
      this.commitResult(item);
      return;
    }
    const stepping = /^(Arrow(Up|Down|Left|Right)|Home|End|PageUp|PageDown)$/.test(event.key) || (event.key.length === 1 && event.key !== " ");
    // Alt+ArrowDown opens the list instead; a choice made there saves at once.
    this.steppedByKey = stepping && !event.altKey;
  }

  /** A result select changed: wait if stepped to by key, else save now. */
  private resultChanged(item: ChecklistItem, select: HTMLSelectElement) {
    const result = select.value as ItemResult;
    if (this.steppedByKey) {
      this.steppedByKey = false;
      this.chosen = new Map(this.chosen).set(item.criterionId, result);
    } else {
      this.commitResult(item, result);
    }
  }

  /** Saves a result chosen with the keyboard (on Enter or when focus leaves). */
  private commitResult(item: ChecklistItem, result = this.chosen.get(item.criterionId)) {
    if (result === undefined) return;
    const chosen = new Map(this.chosen);
    chosen.delete(item.criterionId);
    this.chosen = chosen;
    const newest = this.newest(item);
    if (result !== newest.result) this.record(item, result, newest.notes);
  }

  private async setStatus(status: AuditStatus, acknowledgements: Acknowledgement[] = [], reason = "") {
    this.error = await this.saving(() =>
      this.ctx.dispatch({ type: "setAuditStatus", auditId: this.auditId, status, acknowledgements, reason }),
    );
    if (!this.error) this.closing = false;
  }

  /** Start directly; complete directly when nothing is missing; otherwise ask first. */
  private statusAction(d: AuditDetail) {
    const to = NEXT[d.audit.status].to;
    const direct = d.audit.status === "planned" || (to === "completed" && d.completionExceptions.length === 0);
    if (direct) {
      this.setStatus(to);
    } else {
      this.closing = true;
      this.error = undefined;
    }
  }

  /** Completing with unmet conditions (each acknowledged with a reason), or reopening
   * (with a reason). */
  private closingForm(d: AuditDetail) {
    if (!this.closing) return nothing;
    if (d.audit.status === "completed") {
      return html`<form class="card no-print edit" novalidate aria-label=${t("audit.page.reopen_form")} @submit=${(e: SubmitEvent) => {
        e.preventDefault();
        this.setStatus("in_progress", [], values(e.target as HTMLFormElement).reason ?? "");
      }}>
        <div class="field"><label for="reopen-reason">${t("audit.page.reopen_reason")}</label>
          <textarea id="reopen-reason" name="reason"></textarea></div>
        <div class="actions"><button type="submit">${t("audit.page.reopen")}</button>
          <button type="button" class="secondary" @click=${() => (this.closing = false)}>${t("common.cancel")}</button></div>
      </form>`;
    }
    const exceptions = d.completionExceptions;
    return html`<form class="card no-print edit" novalidate aria-label=${t("audit.page.complete_form")} @submit=${(e: SubmitEvent) => {
      e.preventDefault();
      const v = values(e.target as HTMLFormElement);
      const acks = exceptions
        .map((x, i) => ({ condition: x.condition, reason: (v[`ack-${i}`] ?? "").trim() }))
        .filter((a) => a.reason);
      this.setStatus("completed", acks);
    }}>
      <p><strong>${t("audit.page.unmet")}</strong> ${t("audit.page.unmet_hint")}</p>
      ${exceptions.map((x, i) => html`<div class="field">
        <label for="ack-${i}">${x.message}</label>
        <textarea id="ack-${i}" name="ack-${i}" placeholder=${t("audit.page.unmet_reason")}></textarea></div>`)}
      <div class="actions"><button type="submit" id="complete-regardless">${t("audit.page.complete")}</button>
        <button type="button" class="secondary" @click=${() => (this.closing = false)}>${t("common.cancel")}</button></div>
    </form>`;
  }

  /** Saves an item's result and notes. A result and its notes changed in quick
   * succession are two saves, the second after the first, each carrying the other's
   * newest value (the row still shows the values from before the first save). */
  private async record(item: ChecklistItem, result: ItemResult, notes: string) {
    const id = item.criterionId;
    this.unsavedRows.set(id, { result, notes });
    const error = await this.saving(
      () => this.ctx.dispatch({ type: "recordResult", auditId: this.auditId, criterionId: id, result, notes }),
      `record ${id} ${result} ${notes}`,
    );
    const mine = this.unsavedRows.get(id);
    if (mine?.result === result && mine.notes === notes) this.unsavedRows.delete(id);
    this.rowError = error ? { criterionId: id, message: error.message } : undefined;
  }

  /** What is being saved of a row, newer than the row's view while the save runs. */
  private unsavedRows = new Map<string, { result: ItemResult; notes: string }>();

  private newest(item: ChecklistItem) {
    return this.unsavedRows.get(item.criterionId) ?? { result: item.result, notes: item.notes };
  }

  private async saveFinding(fields: FindingFields) {
    const mode = this.findingMode;
    let saved: string | undefined;
    this.error = await this.saving(async () => {
      saved = mode === "new"
        ? (await this.ctx.dispatch({ type: "addFinding", auditId: this.auditId, finding: fields })).created
        : (await this.ctx.dispatch({ type: "updateFinding", findingId: mode!, finding: fields }), mode);
    });
    if (this.error) return;
    const raised = this.raisedFrom;
    if (mode === "new" && raised && saved) {
      // The finding rests on the entry it was raised from: link them.
      const entry = this.ctx.app.audit(this.auditId).evidence.find((e: Evidence) => e.id === raised.evidenceId);
      if (entry) {
        this.error = await this.saving(() => this.ctx.dispatch({
          type: "updateEvidence",
          evidenceId: entry.id,
          evidence: {
            kind: entry.kind, title: entry.title, date: entry.date, source: entry.source,
            description: entry.description, criterionIds: entry.criterionIds,
            findingIds: [...entry.findingIds, saved!],
          },
        }));
      }
    }
    this.raisedFrom = undefined;
    this.findingMode = undefined;
    this.findingDraft = undefined;
    // The form is gone with the focus in it: continue on the finding's row, on its page.
    await this.updateComplete;
    if (this.findingList.reveal((f) => f.id === saved)) await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`tr[data-finding="${CSS.escape(saved ?? "")}"]`)?.focus();
  }

  private async deleteAudit(title: string, programmeId: string) {
    if (!confirmDelete(t("audit.page.delete_audit_what", { title }))) return;
    this.error = await this.saving(() => this.ctx.dispatch({ type: "deleteAudit", auditId: this.auditId }));
    if (!this.error) this.ctx.navigate({ view: "programme", id: programmeId });
  }

  private async deleteFinding(id: string, reference: string) {
    if (!confirmDelete(t("audit.page.delete_finding_what", { reference }))) return;
    this.error = await this.saving(() => this.ctx.dispatch({ type: "deleteFinding", findingId: id }));
  }

  private openFinding(mode: string, criterionId?: string) {
    this.raisedFrom = undefined;
    this.findingMode = mode;
    this.findingCriterion = criterionId;
    this.error = undefined;
    this.updateComplete.then(() => this.renderRoot.querySelector("#finding-form")?.scrollIntoView?.());
  }

  render() {
    const { app, navigate } = this.ctx;
    let detail: AuditDetail;
    try {
      detail = app.audit(this.auditId);
    } catch (e) {
      return html`<div class="banner error" role="alert">${(e as Error).message}</div>
        <button class="secondary" @click=${() => navigate({ view: "programmes" })}>${t("audit.page.all_programmes")}</button>`;
    }
    const a = detail.audit;
    const next = NEXT[a.status];
    return html`
      <nav class="no-print">
        <button class="link" @click=${() => navigate({ view: "programmes" })}>${t("audit.page.all_programmes")}</button> ›
        <button class="link" @click=${() => navigate({ view: "programme", id: a.programmeId })}>${detail.programmeName}</button> ›
      </nav>
      <div class="summary">
        <h2>${a.title}</h2>
        <span class="pill status-${a.status}" id="status">${auditStatus(a.status)}</span>
      </div>
      ${this.error && !this.findingMode && !this.editingPlan && !this.samplingFor
        ? html`<div class="banner error" role="alert">${this.error.message}</div>` : nothing}
      ${this.editingPlan
        ? html`<audit-form .ctx=${this.ctx} .programmeId=${a.programmeId} .audit=${a}
            @done=${() => (this.editingPlan = false)} @cancel=${() => (this.editingPlan = false)}></audit-form>`
        : this.plan(detail)}
      <div class="actions no-print">
        <button id="status-action" class="edit" @click=${() => this.statusAction(detail)}>${t(next.label)}</button>
        ${a.status !== "completed" && !this.editingPlan
          ? html`<button class="secondary edit" @click=${() => { this.editingPlan = true; this.error = undefined; }}>${t("audit.page.edit_plan")}</button>` : nothing}
        <button class="secondary" id="conduct-link" @click=${() => this.ctx.navigate({ view: "conduct", id: this.auditId })}>${t("audit.page.conduct_link")}</button>
        ${a.status === "planned" && !this.editingPlan
          ? html`<button class="danger edit" @click=${() => this.deleteAudit(a.title, a.programmeId)}>${t("audit.page.delete_audit")}</button>` : nothing}
      </div>
      ${this.closingForm(detail)}
      <audit-dashboard .ctx=${this.ctx} .detail=${detail}></audit-dashboard>
      ${this.findings(detail)}
      ${this.checklist(detail)}
      ${this.samplingCard(detail)}
      <audit-evidence .ctx=${this.ctx} .revision=${this.revision} .detail=${detail}></audit-evidence>
      <audit-exports .ctx=${this.ctx} .detail=${detail}></audit-exports>
      <audit-bundles .ctx=${this.ctx} .auditId=${detail.audit.id} .auditTitle=${detail.audit.title}></audit-bundles>
      <audit-report .ctx=${this.ctx} .detail=${detail}></audit-report>
      <audit-follow-up .ctx=${this.ctx} .detail=${detail}></audit-follow-up>
    `;
  }

  private plan(d: AuditDetail) {
    const a = d.audit;
    const list = (items: string[]) => (items.length ? items.join(", ") : html`<span class="muted">${t("audit.page.not_stated")}</span>`);
    return html`<div class="card">
      <div class="grid">
        <p><strong>${t("audit.page.type")}</strong><br>${auditKind(a.kind)}</p>
        <p><strong>${t("audit.page.auditee")}</strong><br>${a.auditee || html`<span class="muted">${t("audit.page.not_stated")}</span>`}${a.client ? html`<br><span class="muted">${t("audit.page.for_client", { client: a.client })}</span>` : nothing}</p>
        <p><strong>${t("audit.page.planned")}</strong><br>${a.plannedStart} – ${a.plannedEnd}
          <br><span id="actual-dates" class=${a.actualStart ? "" : "muted"}>${!a.actualStart ? t("audit.page.actual_not_started") : a.actualEnd ? t("audit.page.actual", { start: a.actualStart, end: a.actualEnd }) : t("audit.page.actual_ongoing", { start: a.actualStart })}</span></p>
        <p><strong>${t("audit.page.lead_auditor")}</strong><br>${a.leadAuditor}${conductOf(a).team.length
          ? html`<br><span class="muted">${t("audit.page.team", { names: conductOf(a).team.map((m) => m.name).join(", ") })}</span>` : nothing}
          ${conductOf(a).feasibility ? nothing : html`<br><span class="muted">${t("audit.page.no_feasibility")}</span>`}</p>
      </div>
      <div class="grid">
        <p><strong>${t("audit.page.units")}</strong><br>${list(a.scope.units ?? [])}</p>
        <p><strong>${t("audit.page.processes")}</strong><br>${list(a.scope.processes ?? [])}</p>
        <p><strong>${t("audit.page.locations")}</strong><br>${list(a.scope.locations ?? [])}</p>
        <p><strong>${t("audit.page.criteria")}</strong><br>${t("audit.page.criteria_count", { edition: d.catalogEdition, n: a.criteria.length })}${d.soaName ? html`<br>${t("audit.page.soa", { name: d.soaName })}` : nothing}</p>
      </div>
      ${a.objectives ? html`<p><strong>${t("audit.page.objectives")}</strong><br><span class="pre">${a.objectives}</span></p>` : nothing}
    </div>`;
  }

  private findings(d: AuditDetail) {
    const recording = d.audit.status === "in_progress";
    const titles = new Map(d.checklist.map((i) => [i.criterionId, i.title]));
    const editing = d.findings.find((f) => f.id === this.findingMode);
    const risks = new Map(d.score.risks.map((r) => [r.findingId, r.rating]));
    const references = new Map(d.findings.map((f) => [f.id, f.reference]));
    const shown = this.findingList.show(d.findings, (f) =>
      `${f.reference} ${grade(f.grade)} ${f.criterionIds.join(" ")} ${f.statement} ${f.evidence} ${f.date}`);
    return html`<h3>${t("audit.page.findings")}</h3>
      <div class="card">
        ${this.findingList.controls(shown, t("audit.page.findings_filter"))}
        ${d.findings.length === 0
          ? html`<p class="muted">${t("audit.page.no_findings")}</p>`
          : html`<table id="findings">
              <thead><tr><th>${t("audit.page.ref")}</th><th>${t("audit.page.grade")}</th><th>${t("audit.page.criterion")}</th><th>${t("audit.page.statement_evidence")}</th><th class="nowrap">${t("audit.page.risk")}</th><th>${t("common.date")}</th><th class="no-print"><span class="sr-only">${t("common.actions")}</span></th></tr></thead>
              <tbody>${repeat(shown.rows, (f) => f.id, (f) => html`<tr data-finding=${f.id} tabindex="-1"
                  class=${f.id === this.findingId ? "linked" : ""}>
                <td class="nowrap"><a href=${this.ctx.href({ view: "audit", id: this.auditId, findingId: f.id })}
                  title=${t("audit.page.finding_link")} @click=${(e: Event) => { e.preventDefault(); this.ctx.navigate({ view: "audit", id: this.auditId, findingId: f.id }); }}>${f.reference}</a></td>
                <td><span class="pill grade-${f.grade}">${grade(f.grade)}</span></td>
                <td>${f.criterionIds.map((id) => html`<div>${id} <span class="muted">${titles.get(id) ?? ""}</span></div>`)}</td>
                <td><div class="pre">${f.statement}</div><div class="muted pre">${t("audit.page.finding_evidence", { evidence: f.evidence })}</div>
                  ${f.groups?.length ? html`<div class="hint">${t("audit.page.systemic", { references: f.groups.map((id) => references.get(id) ?? id).join(", ") })}</div>` : nothing}</td>
                <td>${risks.get(f.id) ? html`<span class="pill risk-${risks.get(f.id)}">${risks.get(f.id)}</span>
                  <div class="hint">${f.likelihood} × ${f.impact}</div>` : html`<span class="muted">–</span>`}</td>
                <td class="nowrap">${f.date}</td>
                <td class="no-print">${recording
                  ? html`<div class="actions nowrap">
                      <button class="secondary edit" @click=${() => this.openFinding(f.id)} aria-label=${t("audit.page.edit_finding", { reference: f.reference })}>${t("common.edit")}</button>
                      <button class="danger edit" @click=${() => this.deleteFinding(f.id, f.reference)} aria-label=${t("audit.page.delete_finding", { reference: f.reference })}>${t("common.delete")}</button>
                    </div>`
                  : nothing}</td>
              </tr>`)}</tbody>
            </table>
`}
      </div>
      ${this.findingMode && recording
        ? findingForm({
            initial: editing,
            criterionId: this.findingCriterion,
            evidence: this.raisedFrom?.evidence,
            draft: this.findingMode === "new" ? this.findingDraft : undefined,
            checklist: d.checklist,
            findings: d.findings,
            definitions: d.gradeDefinitions,
            auditDates: { start: d.audit.plannedStart, end: d.audit.plannedEnd },
            error: this.error,
            onSubmit: (fields) => this.saveFinding(fields),
            onCancel: () => { this.findingMode = undefined; this.raisedFrom = undefined; this.findingDraft = undefined; this.error = undefined; },
          })
        : recording
          ? html`<button class="no-print edit" @click=${() => this.openFinding("new")}>${t("audit.page.add_finding")}</button>
            <div class="card no-print edit"><import-table .ctx=${this.ctx} .revision=${this.revision} kind="findings" .targetId=${d.audit.id}
              label=${t("audit.page.import_findings")}></import-table></div>`
          : html`<p class="muted no-print">${d.audit.status === "planned"
              ? t("audit.page.start_to_record")
              : t("audit.page.reopen_to_change")}</p>`}`;
  }

  private checklist(d: AuditDetail) {
    const recording = d.audit.status === "in_progress";
    const catalog = catalogOf(this.ctx.app, d.audit.catalogId);
    const criteria = new Map<string, Criterion>(catalog.criteria.map((c) => [c.id, c]));
    const custom = new Map<string, CustomCriterion>(
      this.ctx.app.criteriaSets().flatMap((set) => set.criteria.map((c) => [`${set.code}:${c.id}`, c] as const)),
    );
    const me = this.ctx.app.actor;
    const assignee = new Map(conductOf(d.audit).team.flatMap((m) => m.criteria.map((c) => [c, m.name] as const)));
    const items = d.checklist.filter((i) => (!this.group || i.group === this.group)
      && (!this.mine || samePerson(assignee.get(i.criterionId) ?? "", me)));
    const rows = this.checklistRows.show(items, (i) => `${i.criterionId} ${i.title} ${itemResult(i.result)} ${i.notes}`);
    return html`<h3>${t("audit.page.checklist")}</h3>
      <div class="card">
        <div class="filters">
          <div class="field">
            <label for="group-filter">${t("audit.page.show")}</label>
            <select id="group-filter" @change=${(e: Event) => (this.group = (e.target as HTMLSelectElement).value)}>
              <option value="">${t("audit.page.all_criteria", { n: d.checklist.length })}</option>
              ${d.groups.map((g) => html`<option value=${g.id} ?selected=${this.group === g.id}>${g.title}</option>`)}
            </select>
          </div>
          <label class="inline"><input type="checkbox" id="my-items" .checked=${this.mine}
            @change=${(e: Event) => (this.mine = (e.target as HTMLInputElement).checked)}> ${me ? t("audit.page.my_items_of", { name: me }) : t("audit.page.my_items")}</label>
          <span class="muted">${t("audit.page.shown", { n: items.length })}</span>
        </div>
        ${this.checklistRows.controls(rows, t("audit.page.checklist_filter"))}
        <table class="checklist">
          <thead><tr><th>${t("audit.page.criterion_guidance")}</th><th>${t("audit.page.result")}</th><th>${t("common.notes")}</th></tr></thead>
          <tbody>${repeat(rows.rows, (i) => i.id, (item) => this.row(item, criteria.get(item.criterionId), custom.get(item.criterionId), recording, d.audit.kind, d.reminders.filter((r) => r.criterionId === item.criterionId), d, assignee.get(item.criterionId)))}</tbody>
        </table>
      </div>`;
  }

  /** The sampling plan form of the item chosen, below the checklist. */
  private samplingCard(d: AuditDetail) {
    if (!this.samplingFor) return nothing;
    const item = d.checklist.find((i) => i.criterionId === this.samplingFor);
    if (!item) return nothing;
    const plan = d.sampling.find((p) => p.criterionId === item.criterionId);
    return samplingForm({
      item,
      plan,
      error: this.error,
      onSubmit: async (fields) => {
        this.error = await this.saving(() =>
          this.ctx.dispatch({ type: "setSamplingPlan", auditId: this.auditId, criterionId: item.criterionId, plan: fields }),
        );
      },
      onClose: () => { this.samplingFor = undefined; this.error = undefined; },
    });
  }

  private openSampling(criterionId: string) {
    this.samplingFor = criterionId;
    this.error = undefined;
    this.updateComplete.then(() => this.renderRoot.querySelector("#sampling-form")?.scrollIntoView?.());
  }

  /** What the row shows of the item's sampling and evidence. */
  private rowWork(item: ChecklistItem, plan: SamplingPlan | undefined, evidence: Evidence[], open: boolean) {
    return html`${plan ? html`<div class="hint sample-line">${samplingSummary(plan)}</div>` : nothing}
      ${evidence.length ? html`<div class="hint">${t("audit.page.row_evidence", { entries: evidence.map((e) => `${e.reference} ${e.title}`).join("; ") })}</div>` : nothing}
      ${open ? html`<div><button class="link no-print edit" aria-label=${t("audit.page.plan_sampling_for", { id: item.criterionId })}
          @click=${() => this.openSampling(item.criterionId)}>${plan ? t("audit.page.sampling") : t("audit.page.plan_sampling")}</button></div>` : nothing}`;
  }

  private row(item: ChecklistItem, criterion: Criterion | undefined, custom: CustomCriterion | undefined, recording: boolean, kind: AuditKind, reminders: Reminder[], d: AuditDetail, assignee: string | undefined) {
    const id = `result-${item.criterionId}`;
    const notesId = `notes-${item.criterionId}`;
    // Notes being typed are not overwritten by a re-render after another save lands.
    const typing = (this.renderRoot as ShadowRoot).activeElement?.id === notesId;
    const error = this.rowError?.criterionId === item.criterionId ? this.rowError.message : undefined;
    const pending = this.chosen.get(item.criterionId);
    return html`<tr class="result-${item.result}" data-criterion=${item.criterionId}>
      <td>
        <strong>${item.criterionId}</strong> ${item.title}
        ${assignee ? html`<span class="pill assignee" title=${t("audit.page.assigned_auditor")}>${assignee}</span>` : nothing}
        ${criterion?.newInEdition ? html`<span class="pill muted">${t("audit.page.new_in_2022")}</span>` : nothing}
        ${criterion?.note ? html`<div class="hint">${criterion.note}</div>` : nothing}
        ${this.rowWork(item, d.sampling.find((p) => p.criterionId === item.criterionId),
          d.evidence.filter((e) => e.criterionIds.includes(item.criterionId)), d.audit.status !== "completed")}
        ${reminders.length
          ? html`<ul class="reminders" aria-label=${t("audit.page.reminders")}>${reminders.map((r) => html`<li class="hint">
              ${t("audit.page.reminder", { audit: r.auditTitle, finding: r.findingReference, number: r.number, description: r.description, status: actionStatus(r.status).toLowerCase(), due: r.due })}</li>`)}</ul>`
          : nothing}
        ${criterion?.guidance
          ? html`<details class="guidance">
              <summary>${t("audit.page.guidance")}</summary>
              ${guidanceView(criterion, kind)}
            </details>`
          : nothing}
        ${custom && (custom.guidance || custom.source)
          ? html`<details class="guidance">
              <summary>${t("audit.page.guidance")}</summary>
              ${custom.source ? html`<p class="hint">${t("audit.page.source", { source: custom.source })}</p>` : nothing}
              <p class="pre">${custom.guidance}</p>
            </details>`
          : nothing}
      </td>
      <td>
        <label class="sr-only" for=${id}>${t("audit.page.result_for", { id: item.criterionId })}</label>
        ${this.ctx.readonly ? itemResult(item.result) : nothing}
        <select class="edit" id=${id} .value=${live(pending ?? item.result)} ?disabled=${!recording}
          aria-describedby=${pending ? `${id}-unsaved` : nothing}
          @keydown=${(e: KeyboardEvent) => this.resultKey(item, e)}
          @change=${(e: Event) => this.resultChanged(item, e.target as HTMLSelectElement)}
          @blur=${() => this.commitResult(item)}>
          ${RESULT_VALUES.map((r) => html`<option value=${r} ?selected=${(pending ?? item.result) === r}>${itemResult(r)}</option>`)}
        </select>
        ${pending ? html`<div class="unsaved" id="${id}-unsaved">${t("audit.page.unsaved")}</div>` : nothing}
        ${recording
          ? html`<div><button class="link no-print edit" aria-label=${t("audit.page.add_finding_against", { id: item.criterionId })}
                @click=${() => this.openFinding("new", item.criterionId)}>${t("audit.page.add_finding")}</button></div>`
          : nothing}
        ${error ? html`<div class="field-error" role="alert">${error}</div>` : nothing}
      </td>
      <td>
        <label class="sr-only" for=${notesId}>${t("audit.page.notes_for", { id: item.criterionId })}</label>
        ${this.ctx.readonly ? html`<div class="pre">${item.notes}</div>` : nothing}
        <textarea class="edit" id=${notesId} .value=${typing ? noChange : live(item.notes)} ?disabled=${!recording}
          @change=${(e: Event) => this.record(item, this.newest(item).result, (e.target as HTMLTextAreaElement).value)}></textarea>
      </td>
    </tr>`;
  }
}

customElements.define("audit-page", AuditPage);
