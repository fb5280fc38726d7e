// <actions-page>: the action register across programmes: every corrective action of
// every nonconformity, filterable by programme, status, owner, due date, audit and
// grade; overdue actions (due before today, not yet implemented) are flagged.
import { html, css, nothing } from "lit";
import type { ActionRow, ActionStatus, Grade } from "./engine.js";
import { ACTION_STATUS_VALUES, actionStatus, grade, today } from "./labels.js";
import { t } from "./i18n.js";
import { PageElement } from "./page.js";

interface Filter {
  programme: string;
  status: "" | "open" | "overdue" | ActionStatus;
  owner: string;
  dueBy: string;
  audit: string;
  grade: "" | Grade;
}

export class ActionsPage extends PageElement {
  static properties = { ...PageElement.properties, filter: { state: true } };
  static styles = [
    ...PageElement.styles,
    css`
      .filters { display: flex; flex-wrap: wrap; gap: 0.6em 1em; align-items: end; margin-bottom: 0.6em; }
      .filters .field { margin: 0; }
      .overdue { background: var(--danger, #b42318); color: white; }
    `,
  ];
  declare filter: Filter;

  constructor() {
    super();
    this.filter = { programme: "", status: "open", owner: "", dueBy: "", audit: "", grade: "" };
  }

  private set<K extends keyof Filter>(key: K, value: Filter[K]) {
    this.filter = { ...this.filter, [key]: value };
  }

  private shown(r: ActionRow): boolean {
    const f = this.filter;
    const status =
      f.status === "" ||
      (f.status === "open" ? r.action.status !== "closed" : f.status === "overdue" ? r.overdue : r.action.status === f.status);
    return (
      status &&
      (!f.programme || r.programmeId === f.programme) &&
      (!f.owner || r.action.owner.toLowerCase().includes(f.owner.toLowerCase())) &&
      (!f.dueBy || r.action.due <= f.dueBy) &&
      (!f.audit || r.auditId === f.audit) &&
      (!f.grade || r.grade === f.grade)
    );
  }

  render() {
    const { app, navigate } = this.ctx;
    const all = app.actions(undefined, today());
    const rows = all.filter((r) => this.shown(r));
    const programmes = app.programmes();
    const audits = [...new Map(all.map((r) => [r.auditId, r.auditTitle])).entries()];
    const select = (id: keyof Filter, label: string, options: [string, string][]) => html`<div class="field">
      <label for="filter-${id}">${label}</label>
      <select id="filter-${id}" @change=${(e: Event) => this.set(id, (e.target as HTMLSelectElement).value as never)}>
        ${options.map(([v, l]) => html`<option value=${v} ?selected=${this.filter[id] === v}>${l}</option>`)}
      </select></div>`;
    const overdue = all.filter((r) => r.overdue).length;
    // One sentence with the two counts in bold: the text around them, in order.
    const intro = t("audit.actions.intro", { date: today(), open: "\u0000", overdue: "\u0000" }).split("\u0000");
    return html`<h2>${t("audit.actions.title")}</h2>
      <p class="muted">${intro[0]}<strong id="open-count">${all.filter((r) => r.action.status !== "closed").length}</strong>${intro[1]}<strong
        id="overdue-count">${overdue}</strong>${intro[2]}</p>
      <div class="card">
        <div class="filters">
          ${select("programme", t("audit.actions.programme"), [["", t("audit.page.all_programmes")], ...programmes.map((p) => [p.programme.id, p.programme.name] as [string, string])])}
          ${select("status", t("common.status"), [["open", t("audit.actions.status_open")], ["overdue", t("audit.actions.status_overdue")], ["", t("audit.actions.any_status")], ...ACTION_STATUS_VALUES.map((s) => [s, actionStatus(s)] as [string, string])])}
          <div class="field"><label for="filter-owner">${t("common.owner")}</label>
            <input id="filter-owner" .value=${this.filter.owner} @input=${(e: Event) => this.set("owner", (e.target as HTMLInputElement).value)}></div>
          <div class="field"><label for="filter-due">${t("audit.actions.due_by")}</label>
            <input id="filter-due" type="date" .value=${this.filter.dueBy} @change=${(e: Event) => this.set("dueBy", (e.target as HTMLInputElement).value)}></div>
          ${select("audit", t("audit.actions.audit"), [["", t("audit.actions.all_audits")], ...audits])}
          ${select("grade", t("audit.page.grade"), [["", t("audit.actions.any_grade")], ["major_nonconformity", grade("major_nonconformity")], ["minor_nonconformity", grade("minor_nonconformity")]])}
        </div>
        ${rows.length === 0
          ? html`<p class="muted">${t("audit.actions.none")}</p>`
          : html`<table id="actions">
              <thead><tr><th>${t("common.due")}</th><th>${t("audit.follow_up.action")}</th><th>${t("common.owner")}</th><th>${t("common.status")}</th><th>${t("audit.actions.finding")}</th><th>${t("audit.actions.audit")}</th></tr></thead>
              <tbody>${rows.map((r) => html`<tr data-overdue=${r.overdue}>
                <td class="nowrap">${r.action.due} ${r.overdue ? html`<span class="pill overdue">${t("audit.follow_up.overdue")}</span>` : nothing}</td>
                <td class="pre">${r.action.description}</td>
                <td>${r.action.owner}</td>
                <td><span class="pill">${actionStatus(r.action.status)}</span></td>
                <td>${r.findingReference} <span class="pill grade-${r.grade}">${grade(r.grade)}</span> ${r.criterionId}</td>
                <td><button class="link" @click=${() => navigate({ view: "audit", id: r.auditId })}>${r.auditTitle}</button></td>
              </tr>`)}</tbody>
            </table>`}
      </div>`;
  }
}

customElements.define("actions-page", ActionsPage);
