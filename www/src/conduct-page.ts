// <audit-conduct>: conducting one audit (ISO 19011 6.2-6.4): initiation and feasibility,
// the team and its assignments, document review, the plan's sessions and acceptance,
// the opening and closing meetings, the communication log and information limits. One
// section at a time, each with its own address (#/conduct/ID/section).
import { html, nothing, css, type TemplateResult } from "lit";
import type {
  Adequacy, Attendee, AuditDetail, Command, Contact, FeasibilityVerdict, FindingResponse, LimitKind,
  Meeting, MeetingKind, MeetingTopic, Method, PlanSession, TeamMember, TeamRole, TeamSelection,
} from "./engine.js";
import { attempt, confirmDelete, field, formError, lines, values, type ConductSection, type FormError } from "./forms.js";
import {
  ADEQUACY_VALUES, AUDITING_ROLES, FEASIBILITY_VALUES, LIMIT_VALUES, METHOD_VALUES, ROLE_VALUES, adequacy, conductOf, feasibility,
  findingDrafts, limitKind, method, role, roleInText, samePerson,
} from "./conduct-labels.js";
import { emphasised } from "./i18n-html.js";
import { exportWorkPackage } from "./bundles.js";
import { today } from "./labels.js";
import { t, tKey } from "./i18n.js";
import { PageElement } from "./page.js";

const SECTIONS: ConductSection[] = ["initiation", "team", "documents", "plan", "meetings", "communications"];
const sectionLabel = (s: ConductSection) => tKey(`conduct.section.${s}`);

/** An opening or closing meeting topic in the current language (the engine's English
 * label for a topic the catalog does not know). */
const topicLabel = (topic: MeetingTopic) => {
  const text = tKey(`conduct.topic.${topic.key}`);
  return text.startsWith("conduct.topic.") ? topic.label : text;
};

/** `error` with its field `from` called `to` (the form's control for it has another id). */
function renamed(error: FormError | undefined, from: string, to: string): FormError | undefined {
  return error?.field === from ? { ...error, field: to } : error;
}

/** Blank rows offered after the filled ones in contact, member and attendee lists. */
const BLANK_ROWS = 2;

export class ConductPage extends PageElement {
  static properties = {
    ...PageElement.properties,
    auditId: { type: String },
    section: { type: String },
    /** The form whose last save failed, so its error shows there and nowhere else. */
    failed: { state: true },
    editingSession: { state: true },
    editingDocument: { state: true },
    editingLimit: { state: true },
  };
  static styles = [
    ...PageElement.styles,
    css`
      .tabs { display: flex; flex-wrap: wrap; gap: 0.3em; margin: 0.6em 0 1em; }
      .tabs button[aria-current="page"] { background: var(--accent, #1d4ed8); color: #fff; }
      .rows { display: grid; gap: 0.4em; }
      .row3 { display: grid; grid-template-columns: repeat(auto-fit, minmax(8em, 1fr)); gap: 0.5em; }
      .row3 input, .row3 select { width: 100%; box-sizing: border-box; }
      .conflicts li { margin: 0.2em 0; }
      .topics { columns: 2 18em; }
      .topics label { display: block; font-weight: 400; margin: 0.15em 0; }
      .escalation { color: var(--danger); font-weight: 600; }
      fieldset { border: 1px solid var(--line, #cbd5e1); border-radius: 0.4em; margin: 0.6em 0; padding: 0.6em 0.8em; }
      legend { font-weight: 600; }
      td .actions { flex-wrap: nowrap; }
      /* Headings break between syllables (German), never inside a word; buttons stay whole. */
      th { overflow-wrap: normal; hyphens: auto; }
      td .actions button { white-space: nowrap; }
      h3.after-table { margin-top: 1em; }
    `,
  ];

  declare auditId: string;
  declare section: ConductSection;
  declare failed: string | undefined;
  /** A session, document review or limit being edited (its number), "new", or undefined. */
  declare editingSession: number | "new" | undefined;
  declare editingDocument: number | "new" | undefined;
  declare editingLimit: number | "new" | undefined;

  /** Saves `command` from the form `form`; its error shows in that form. */
  private async save(form: string, command: Command): Promise<boolean> {
    this.error = await this.saving(() => this.ctx.dispatch(command));
    this.failed = this.error ? form : undefined;
    return !this.error;
  }

  private errorOf(form: string): FormError | undefined {
    return this.failed === form ? this.error : undefined;
  }

  render() {
    let d: AuditDetail;
    try {
      d = this.ctx.app.audit(this.auditId);
    } catch (e) {
      return html`<div class="banner error" role="alert">${(e as Error).message}</div>`;
    }
    const a = d.audit;
    const section = this.section ?? "initiation";
    const go = (s: ConductSection) => this.ctx.navigate({ view: "conduct", id: this.auditId, section: s });
    return html`
      <nav class="no-print">
        <button class="link" @click=${() => this.ctx.navigate({ view: "programme", id: a.programmeId })}>${d.programmeName}</button> ›
        <button class="link" id="back-to-audit" @click=${() => this.ctx.navigate({ view: "audit", id: this.auditId })}>${a.title}</button> ›
      </nav>
      <h2>${t("conduct.heading", { title: a.title })}</h2>
      <p class="muted">${a.actualEnd
          ? t("conduct.dates.completed", { start: a.plannedStart, end: a.plannedEnd, started: a.actualStart ?? "–", completed: a.actualEnd })
          : a.actualStart
            ? t("conduct.dates.started", { start: a.plannedStart, end: a.plannedEnd, started: a.actualStart })
            : t("conduct.dates.planned", { start: a.plannedStart, end: a.plannedEnd })}
        ${a.status === "completed" ? t("conduct.closed") : nothing}</p>
      <div class="tabs no-print" role="navigation" aria-label=${t("conduct.sections")}>
        ${SECTIONS.map((s) => html`<button class="secondary" id="tab-${s}" aria-current=${s === section ? "page" : "false"}
          @click=${() => go(s)}>${sectionLabel(s)}</button>`)}
      </div>
      ${this.body(section, d)}
    `;
  }

  private body(section: ConductSection, d: AuditDetail): TemplateResult {
    switch (section) {
      case "team": return this.team(d);
      case "documents": return this.documents(d);
      case "plan": return this.plan(d);
      case "meetings": return html`${this.meeting(d, "opening")}${this.meeting(d, "closing")}`;
      case "communications": return html`${this.communications(d)}${this.limits(d)}`;
      default: return html`${this.feasibility(d)}${this.initiation(d)}`;
    }
  }

  // ------------------------------------------------------------ initiation

  private feasibility(d: AuditDetail) {
    const f = conductOf(d.audit).feasibility;
    const e = this.errorOf("feasibility");
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const v = values(event.target as HTMLFormElement);
      this.save("feasibility", {
        type: "setFeasibility", auditId: this.auditId,
        feasibility: { verdict: v.verdict as FeasibilityVerdict, reasons: v.reasons ?? "", alternative: v.alternative ?? "" },
      });
    };
    return html`<form class="card" novalidate aria-label=${t("conduct.feasibility.title")} @submit=${submit}>
      <h3>${t("conduct.feasibility.title")}</h3>
      <p class="hint">${t("conduct.feasibility.hint")}</p>
      ${f ? html`<p id="feasibility-recorded">${emphasised("conduct.feasibility.recorded", { verdict: feasibility(f.verdict), by: f.determinedBy, date: f.determinedAt.slice(0, 10) })}</p>`
        : html`<p class="muted" id="feasibility-recorded">${t("conduct.feasibility.not_determined")}</p>`}
      ${formError(e, ["verdict", "reasons", "alternative"])}
      ${field(e, "verdict", t("conduct.feasibility.verdict"), (inv, dsc) => html`<select id="verdict" name="verdict" aria-invalid=${inv} aria-describedby=${dsc}>
        ${FEASIBILITY_VALUES.map((k) => html`<option value=${k} ?selected=${(f?.verdict ?? "feasible") === k}>${feasibility(k)}</option>`)}
      </select>`)}
      ${field(e, "reasons", t("conduct.feasibility.reasons"), (inv, dsc) => html`<textarea id="reasons" name="reasons" .value=${f?.reasons ?? ""} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`)}
      ${field(e, "alternative", t("conduct.feasibility.alternative"), (inv, dsc) => html`<textarea id="alternative" name="alternative" .value=${f?.alternative ?? ""} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`, t("conduct.feasibility.alternative_hint"))}
      <div class="actions edit"><button type="submit">${t("conduct.feasibility.save")}</button></div>
    </form>`;
  }

  private contactRows(prefix: string, legend: string, list: Contact[]) {
    const rows = [...list, ...Array.from({ length: BLANK_ROWS }, () => ({ name: "", role: "", contact: "" }))];
    return html`<fieldset><legend>${legend}</legend><div class="rows">
      ${rows.map((c, i) => html`<div class="row3">
        <input name="${prefix}-${i}-name" aria-label=${t("conduct.contact.name", { list: legend, n: i + 1 })} placeholder=${t("common.name")} .value=${c.name}>
        <input name="${prefix}-${i}-role" aria-label=${t("conduct.contact.role", { list: legend, n: i + 1 })} placeholder=${t("common.role")} .value=${c.role}>
        <input name="${prefix}-${i}-contact" aria-label=${t("conduct.contact.details", { list: legend, n: i + 1 })} placeholder=${t("conduct.contact.details_placeholder")} .value=${c.contact}>
      </div>`)}
    </div></fieldset>`;
  }

  private initiation(d: AuditDetail) {
    const i = conductOf(d.audit).initiation;
    const e = this.errorOf("initiation");
    const read = (v: Record<string, string>, prefix: string): Contact[] => {
      const out: Contact[] = [];
      for (let n = 0; `${prefix}-${n}-name` in v; n++) {
        out.push({ name: v[`${prefix}-${n}-name`], role: v[`${prefix}-${n}-role`], contact: v[`${prefix}-${n}-contact`] });
      }
      return out;
    };
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const v = values(event.target as HTMLFormElement);
      this.save("initiation", {
        type: "setInitiation", auditId: this.auditId,
        initiation: {
          clientContacts: read(v, "client"), auditeeContacts: read(v, "auditee"),
          access: v.access, confidentiality: v.confidentiality, safety: v.safety, language: v.language, areasOfConcern: v.areasOfConcern,
        },
      });
    };
    const text = (name: keyof typeof i & string, label: string, hint?: string) =>
      field(e, name, label, (inv, dsc) => html`<textarea id=${name} name=${name} .value=${(i[name] as string) ?? ""} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`, hint);
    return html`<form class="card" novalidate aria-label=${sectionLabel("initiation")} @submit=${submit}>
      <h3>${sectionLabel("initiation")}</h3>
      <p class="hint">${t("conduct.initiation.parties", {
        client: d.audit.client || t("conduct.initiation.client_default"), auditee: d.audit.auditee || t("conduct.initiation.auditee_unnamed"),
      })}</p>
      ${formError(e, ["access", "confidentiality", "safety", "language", "areasOfConcern"])}
      ${this.contactRows("client", t("conduct.initiation.client_contact"), i.clientContacts)}
      ${this.contactRows("auditee", t("conduct.initiation.auditee_contact"), i.auditeeContacts)}
      <div class="grid">
        ${text("access", t("conduct.initiation.access"), t("conduct.initiation.access_hint"))}
        ${text("confidentiality", t("conduct.initiation.confidentiality"))}
      </div>
      <div class="grid">
        ${text("safety", t("conduct.initiation.safety"))}
        ${field(e, "language", t("common.language"), (inv, dsc) => html`<input id="language" name="language" .value=${i.language} aria-invalid=${inv} aria-describedby=${dsc}>`)}
      </div>
      ${text("areasOfConcern", t("conduct.initiation.concerns"), t("conduct.initiation.concerns_hint"))}
      <div class="actions edit"><button type="submit">${t("conduct.initiation.save")}</button></div>
    </form>`;
  }

  // ------------------------------------------------------------ team

  private team(d: AuditDetail) {
    const team = conductOf(d.audit).team;
    const e = this.errorOf("team");
    const rows: TeamMember[] = [...team, ...Array.from({ length: BLANK_ROWS }, () => ({ name: "", role: "auditor" as TeamRole, criteria: [] as string[] }))];
    const selection = this.ctx.app.teamSelection(this.auditId, today());
    const profiles = selection.candidates;
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const v = values(event.target as HTMLFormElement);
      const members: TeamMember[] = [];
      rows.forEach((_, n) => {
        const auditorId = v[`member-${n}-profile`] || undefined;
        // A linked member is named as their profile (the engine does the same).
        const name = (profiles.find((c) => c.auditorId === auditorId)?.name ?? v[`member-${n}-name`] ?? "").trim();
        if (!name) return;
        const role = v[`member-${n}-role`] as TeamRole;
        // Assignments stay with the person (by name) while they audit.
        const before = team.find((m) => samePerson(m.name, name));
        members.push({
          name, role, criteria: AUDITING_ROLES.includes(role) ? before?.criteria ?? [] : [],
          auditorId, justification: v[`member-${n}-justification`] ?? "",
        });
      });
      this.save("team", { type: "setTeam", auditId: this.auditId, team: members });
    };
    return html`${this.selectionPanel(selection)}
    <form class="card" novalidate aria-label=${t("conduct.team.title")} @submit=${submit}>
      <h3>${t("conduct.team.title")}</h3>
      <p class="hint">${t("conduct.team.hint", { lead: d.audit.leadAuditor })}</p>
      ${formError(e)}
      <div class="rows">
        ${rows.map((m, n) => html`<div class="row3">
          <input name="member-${n}-name" id="member-${n}-name" aria-label=${t("conduct.team.member_name", { n: n + 1 })} placeholder=${t("common.name")} .value=${m.name}>
          <select name="member-${n}-role" id="member-${n}-role" aria-label=${t("conduct.team.member_role", { n: n + 1 })}>
            ${ROLE_VALUES.map((r) => html`<option value=${r} ?selected=${m.role === r}>${role(r)}</option>`)}
          </select>
          <select name="member-${n}-profile" id="member-${n}-profile" aria-label=${t("conduct.team.member_profile", { n: n + 1 })}>
            <option value="">${t("conduct.team.no_profile")}</option>
            ${profiles.map((c) => html`<option value=${c.auditorId} ?selected=${m.auditorId === c.auditorId}>${c.name}</option>`)}
          </select>
          <input name="member-${n}-justification" id="member-${n}-justification" aria-label=${t("conduct.team.member_justification", { n: n + 1 })}
            placeholder=${t("conduct.team.justification_placeholder")} .value=${m.justification ?? ""}
            aria-invalid=${e?.field === `team[${n}].justification` ? "true" : "false"}>
          <span class="muted">${m.criteria?.length ? t("conduct.team.items", { n: m.criteria.length }) : ""}</span>
        </div>`)}
      </div>
      <div class="actions edit"><button type="submit">${t("conduct.team.save")}</button></div>
    </form>
    ${this.assignments(d)}`;
  }

  /** The competence the audit needs and who covers it, and every candidate's match,
   * missing areas and impartiality conflicts (ISO 19011 5.5.4). */
  private selectionPanel(s: TeamSelection) {
    return html`<section class="card" aria-label=${t("conduct.selection.title")} id="team-selection">
      <h3>${t("conduct.selection.needed")}</h3>
      <p class="hint">${t("conduct.selection.hint")}</p>
      <table aria-label=${t("conduct.selection.coverage")}>
        <thead><tr><th>${t("conduct.selection.area")}</th><th>${t("conduct.selection.covered_by")}</th></tr></thead>
        <tbody>${s.needed.map((c) => html`<tr><td>${c.label}</td><td>${c.gap
          ? html`<span class="escalation">${t("conduct.selection.gap")}</span>`
          : c.auditors.length ? c.auditors.join(", ") : t("conduct.selection.expert", { name: c.expert ?? "" })}</td></tr>`)}</tbody>
      </table>
      <h3 class="after-table">${t("conduct.selection.candidates")}</h3>
      ${s.candidates.length === 0
        ? html`<p class="muted">${t("conduct.selection.no_profiles")}</p>`
        : html`<table aria-label=${t("conduct.selection.candidates")}>
          <thead><tr><th>${t("conduct.selection.person")}</th><th>${t("conduct.selection.match")}</th><th>${t("conduct.selection.missing")}</th><th>${t("conduct.selection.impartiality", { months: s.impartialityMonths })}</th><th>${t("conduct.selection.in_team")}</th></tr></thead>
          <tbody>${s.candidates.map((c) => html`<tr>
            <td><button class="link" @click=${() => this.ctx.navigate({ view: "auditors", id: c.auditorId })}>${c.name}</button></td>
            <td>${t("conduct.selection.match_as", { percent: c.match.percent, role: roleInText(c.match.role) })}</td>
            <td>${c.missingAreas.length ? c.missingAreas.map((a) => s.needed.find((n) => n.area === a)?.label ?? a).join(", ") : t("common.none")}</td>
            <td>${c.conflicts.length ? html`<span class="escalation">${t("conduct.selection.conflict")}</span> ${c.conflicts.map((x) => x.message).join("; ")}` : t("conduct.selection.no_conflict")}</td>
            <td>${c.member ? (c.member.justification ? t("conduct.selection.justified", { role: role(c.member.role) }) : role(c.member.role)) : "–"}</td>
          </tr>`)}</tbody></table>`}
    </section>`;
  }

  private assignments(d: AuditDetail) {
    const team = conductOf(d.audit).team;
    const auditors = team.filter((m) => AUDITING_ROLES.includes(m.role));
    const e = this.errorOf("assignments");
    if (!auditors.length) return html`<div class="card"><h3>${t("conduct.assignments.title")}</h3><p class="muted">${t("conduct.assignments.no_auditor")}</p></div>`;
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const v = values(event.target as HTMLFormElement);
      const members = team.map((m) => ({
        ...m,
        criteria: AUDITING_ROLES.includes(m.role) ? d.checklist.map((i) => i.criterionId).filter((c) => v[`assign-${c}`] === m.name) : [],
      }));
      this.save("assignments", { type: "setTeam", auditId: this.auditId, team: members });
    };
    const holder = (criterion: string) => team.find((m) => m.criteria.includes(criterion))?.name ?? "";
    return html`<form class="card" novalidate aria-label=${t("conduct.assignments.title")} @submit=${submit}>
      <h3>${t("conduct.assignments.title")}</h3>
      ${formError(e)}
      <table>
        <thead><tr><th>${t("conduct.assignments.item")}</th><th>${t("conduct.assignments.audited_by")}</th></tr></thead>
        <tbody>${d.checklist.map((i) => html`<tr>
          <td><strong>${i.criterionId}</strong> ${i.title}</td>
          <td><select name="assign-${i.criterionId}" id="assign-${i.criterionId}" aria-label=${t("conduct.assignments.auditor_for", { criterion: i.criterionId })}>
            <option value="">${t("conduct.assignments.unassigned")}</option>
            ${auditors.map((m) => html`<option value=${m.name} ?selected=${holder(i.criterionId) === m.name}>${m.name}</option>`)}
          </select></td>
        </tr>`)}</tbody>
      </table>
      <div class="actions edit"><button type="submit">${t("conduct.assignments.save")}</button></div>
    </form>
    ${this.workPackages(d)}`;
  }


  /** One work package per auditor with assigned items, to download and hand over. */
  private workPackages(d: AuditDetail) {
    const members = conductOf(d.audit).team.filter((m) => m.criteria.length > 0);
    if (!members.length) return nothing;
    const e = this.errorOf("package");
    const run = async (member: string) => {
      this.error = await attempt(async () => exportWorkPackage(this.ctx.app, this.auditId, d.audit.title, member));
      this.failed = this.error ? "package" : undefined;
    };
    return html`<section class="card" aria-label=${t("conduct.packages.title")}>
      <h3>${t("conduct.packages.title")}</h3>
      <p class="hint">${t("conduct.packages.hint")}</p>
      ${formError(e)}
      <div class="actions">${members.map((m) => html`<button class="secondary" id="package-${m.name.replace(/\W+/g, "-")}"
        @click=${() => run(m.name)}>${t("conduct.packages.export", { name: m.name, n: m.criteria.length })}</button>`)}</div>
    </section>`;
  }
  // ------------------------------------------------------------ document review

  private documents(d: AuditDetail) {
    const docs = conductOf(d.audit).documents;
    const editing = docs.find((r) => r.number === this.editingDocument);
    const raise = (title: string, version: string, gaps: string) => {
      findingDrafts.set(this.auditId, {
        statement: gaps,
        evidence: version ? t("conduct.documents.evidence_version", { title, version }) : t("conduct.documents.evidence", { title }),
      });
      this.ctx.navigate({ view: "audit", id: this.auditId });
    };
    const recording = d.audit.status === "in_progress";
    return html`<div class="card">
      <h3>${sectionLabel("documents")}</h3>
      <p class="hint">${t("conduct.documents.hint")}</p>
      ${docs.length === 0 ? html`<p class="muted">${t("conduct.documents.none")}</p>` : html`<table id="documents">
        <thead><tr><th>${t("conduct.number")}</th><th>${t("conduct.documents.document")}</th><th>${t("common.owner")}</th><th>${t("conduct.documents.adequacy")}</th><th>${t("conduct.documents.gaps")}</th><th class="no-print edit"><span class="sr-only">${t("common.actions")}</span></th></tr></thead>
        <tbody>${docs.map((r) => html`<tr>
          <td>${r.number}</td>
          <td>${r.document.title}${r.document.version ? html`<div class="muted">${r.document.date
            ? t("conduct.documents.version_date", { version: r.document.version, date: r.document.date })
            : t("conduct.documents.version", { version: r.document.version })}</div>` : nothing}</td>
          <td>${r.document.owner}</td>
          <td>${adequacy(r.document.adequacy)}</td>
          <td class="pre">${r.document.gaps}</td>
          <td class="no-print edit"><div class="actions">
            <button class="secondary" aria-label=${t("conduct.documents.edit", { n: r.number })} @click=${() => { this.editingDocument = r.number; this.failed = undefined; }}>${t("common.edit")}</button>
            <button class="danger" aria-label=${t("conduct.documents.delete", { n: r.number })} @click=${() => { if (confirmDelete(t("conduct.documents.delete_what", { title: r.document.title }))) this.save("documents", { type: "deleteDocumentReview", auditId: this.auditId, number: r.number }); }}>${t("common.delete")}</button>
            ${r.document.gaps && recording
              ? html`<button class="secondary" aria-label=${t("conduct.documents.raise_label", { n: r.number })} @click=${() => raise(r.document.title, r.document.version ?? "", r.document.gaps ?? "")}>${t("conduct.documents.raise")}</button>`
              : nothing}
          </div></td>
        </tr>`)}</tbody>
      </table>`}
      ${!recording && docs.some((r) => r.document.gaps) ? html`<p class="hint edit">${t("conduct.documents.start_to_raise")}</p>` : nothing}
      ${this.editingDocument === undefined
        ? html`<button class="no-print edit" @click=${() => { this.editingDocument = "new"; this.failed = undefined; }}>${t("conduct.documents.add")}</button>`
        : this.documentForm(editing)}
    </div>`;
  }

  private documentForm(r: ReturnType<typeof conductOf>["documents"][number] | undefined) {
    const e = this.errorOf("document");
    const doc = r?.document;
    const submit = async (event: SubmitEvent) => {
      event.preventDefault();
      const v = values(event.target as HTMLFormElement);
      const ok = await this.save("document", {
        type: "setDocumentReview", auditId: this.auditId, number: r?.number,
        review: { title: v.title, version: v.version, date: v.date, owner: v.owner, adequacy: v.adequacy as Adequacy, gaps: v.gaps },
      });
      if (ok) this.editingDocument = undefined;
    };
    const label = r ? t("conduct.documents.edit", { n: r.number }) : t("conduct.documents.new");
    return html`<form class="edit" novalidate aria-label=${label} @submit=${submit}>
      <h4>${label}</h4>
      ${formError(e, ["title", "version", "date", "owner", "adequacy", "gaps"])}
      <div class="grid">
        ${field(e, "title", t("common.title"), (inv, dsc) => html`<input id="title" name="title" .value=${doc?.title ?? ""} aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "version", t("conduct.documents.version_label"), (inv, dsc) => html`<input id="version" name="version" .value=${doc?.version ?? ""} aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "date", t("common.date"), (inv, dsc) => html`<input id="date" name="date" type="date" .value=${doc?.date ?? ""} aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "owner", t("common.owner"), (inv, dsc) => html`<input id="owner" name="owner" .value=${doc?.owner ?? ""} aria-invalid=${inv} aria-describedby=${dsc}>`)}
      </div>
      ${field(e, "adequacy", t("conduct.documents.adequacy"), (inv, dsc) => html`<select id="adequacy" name="adequacy" aria-invalid=${inv} aria-describedby=${dsc}>
        ${ADEQUACY_VALUES.map((k) => html`<option value=${k} ?selected=${(doc?.adequacy ?? "adequate") === k}>${adequacy(k)}</option>`)}
      </select>`)}
      ${field(e, "gaps", t("conduct.documents.gaps_found"), (inv, dsc) => html`<textarea id="gaps" name="gaps" .value=${doc?.gaps ?? ""} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`, t("conduct.documents.gaps_hint"))}
      <div class="actions"><button type="submit">${t("conduct.documents.save")}</button>
        <button type="button" class="secondary" @click=${() => (this.editingDocument = undefined)}>${t("common.cancel")}</button></div>
    </form>`;
  }

  // ------------------------------------------------------------ plan

  private plan(d: AuditDetail) {
    const c = conductOf(d.audit);
    const sessions = [...c.sessions].sort((x, y) => (x.date + x.start).localeCompare(y.date + y.start) || x.number - y.number);
    const editing = c.sessions.find((s) => s.number === this.editingSession);
    const e = renamed(this.errorOf("accept"), "date", "acceptedOn");
    const accept = (event: SubmitEvent) => {
      event.preventDefault();
      const v = values(event.target as HTMLFormElement);
      this.save("accept", { type: "acceptPlan", auditId: this.auditId, acceptedBy: v.acceptedBy, date: v.acceptedOn });
    };
    return html`<div class="card">
      <h3>${t("conduct.plan.title")}</h3>
      ${d.planConflicts.length
        ? html`<div class="banner warn" role="status" id="plan-conflicts"><strong>${t("conduct.plan.conflicts", { n: d.planConflicts.length })}</strong>
            <ul class="conflicts">${d.planConflicts.map((x) => html`<li>${x.message}</li>`)}</ul></div>`
        : c.sessions.length ? html`<p id="plan-conflicts" class="muted">${t("conduct.plan.no_conflicts")}</p>` : nothing}
      ${sessions.length === 0 ? html`<p class="muted">${t("conduct.plan.no_sessions")}</p>` : this.sessionTable(sessions, true)}
      ${this.editingSession === undefined
        ? html`<div class="actions no-print">
            <button class="edit" @click=${() => { this.editingSession = "new"; this.failed = undefined; }}>${t("conduct.plan.add_session")}</button>
            <button class="secondary" id="print-plan" @click=${() => this.ctx.navigate({ view: "audit-plan", id: this.auditId })}>${t("conduct.plan.printable")}</button>
          </div>`
        : this.sessionForm(d, editing)}
    </div>
    <form class="card" novalidate aria-label=${t("conduct.acceptance.label")} @submit=${accept}>
      <h3>${t("conduct.acceptance.title")}</h3>
      ${c.planAcceptance
        ? html`<p id="plan-accepted">${emphasised("conduct.acceptance.accepted", { by: c.planAcceptance.acceptedBy, date: c.planAcceptance.date, recorder: c.planAcceptance.recordedBy })}</p>`
        : html`<p class="muted" id="plan-accepted">${c.sessions.length ? t("conduct.acceptance.not_yet_sessions") : t("conduct.acceptance.not_yet")}</p>`}
      ${formError(e, ["acceptedBy", "acceptedOn"])}
      <div class="grid edit">
        ${field(e, "acceptedBy", t("conduct.acceptance.by"), (inv, dsc) => html`<input id="acceptedBy" name="acceptedBy" aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "acceptedOn", t("conduct.acceptance.on"), (inv, dsc) => html`<input id="acceptedOn" name="acceptedOn" type="date" .value=${today()} aria-invalid=${inv} aria-describedby=${dsc}>`)}
      </div>
      <div class="actions edit"><button type="submit">${t("conduct.acceptance.save")}</button></div>
    </form>`;
  }

  private sessionTable(sessions: PlanSession[], actions: boolean) {
    return html`<table id="sessions">
      <thead><tr><th>${t("conduct.number")}</th><th>${t("conduct.session.when")}</th><th>${t("conduct.session.activity")}</th><th>${t("conduct.session.place_method")}</th><th>${t("conduct.session.auditees")}</th><th>${t("conduct.session.criteria")}</th><th>${t("conduct.session.team")}</th>${actions ? html`<th class="no-print edit"><span class="sr-only">${t("common.actions")}</span></th>` : nothing}</tr></thead>
      <tbody>${sessions.map((s) => html`<tr data-session=${s.number}>
        <td>${s.number}</td>
        <td class="nowrap">${s.date}<br>${s.start}–${s.end}</td>
        <td>${s.activity}</td>
        <td>${s.place ? html`<div class="pre">${s.place}</div>` : nothing}<div class="muted">${method(s.method)}</div></td>
        <td>${s.auditees.join(", ")}</td>
        <td>${s.criteria.join(", ")}</td>
        <td>${s.auditors.join(", ")}</td>
        ${actions ? html`<td class="no-print edit"><div class="actions">
          <button class="secondary" aria-label=${t("conduct.session.edit", { n: s.number })} @click=${() => { this.editingSession = s.number; this.failed = undefined; }}>${t("common.edit")}</button>
          <button class="danger" aria-label=${t("conduct.session.delete", { n: s.number })} @click=${() => { if (confirmDelete(t("conduct.session.delete_what", { n: s.number, activity: s.activity }))) this.save("sessions", { type: "deletePlanSession", auditId: this.auditId, number: s.number }); }}>${t("common.delete")}</button>
        </div></td>` : nothing}
      </tr>`)}</tbody>
    </table>`;
  }

  private sessionForm(d: AuditDetail, s: PlanSession | undefined) {
    const e = this.errorOf("session");
    const team = conductOf(d.audit).team;
    const submit = async (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      const v = values(form);
      const ok = await this.save("session", {
        type: "setPlanSession", auditId: this.auditId, number: s?.number,
        session: {
          activity: v.activity, date: v.date, start: v.start, end: v.end, place: v.place, method: v.method as Method,
          auditees: lines(v.auditees),
          criteria: [...form.querySelector<HTMLSelectElement>("#criteria")!.selectedOptions].map((o) => o.value),
          auditors: team.filter((_, n) => v[`auditor-${n}`] === "on").map((m) => m.name),
        },
      });
      if (ok) this.editingSession = undefined;
    };
    const label = s ? t("conduct.session.edit", { n: s.number }) : t("conduct.session.new");
    return html`<form class="edit" novalidate aria-label=${label} @submit=${submit}>
      <h4>${label}</h4>
      ${formError(e, ["activity", "date", "start", "end", "place", "method", "auditees", "criteria", "auditors"])}
      ${field(e, "activity", t("conduct.session.activity"), (inv, dsc) => html`<input id="activity" name="activity" .value=${s?.activity ?? ""} aria-invalid=${inv} aria-describedby=${dsc}>`, t("conduct.session.activity_hint"))}
      <div class="grid">
        ${field(e, "date", t("common.date"), (inv, dsc) => html`<input id="date" name="date" type="date" .value=${s?.date ?? d.audit.plannedStart} aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "start", t("conduct.session.start"), (inv, dsc) => html`<input id="start" name="start" type="time" .value=${s?.start ?? "09:00"} aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "end", t("conduct.session.end"), (inv, dsc) => html`<input id="end" name="end" type="time" .value=${s?.end ?? "10:00"} aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "method", t("conduct.session.method"), (inv, dsc) => html`<select id="method" name="method" aria-invalid=${inv} aria-describedby=${dsc}>
          ${METHOD_VALUES.map((k) => html`<option value=${k} ?selected=${(s?.method ?? "on_site_with_interaction") === k}>${method(k)}</option>`)}
        </select>`)}
      </div>
      ${field(e, "place", t("conduct.session.place"), (inv, dsc) => html`<textarea id="place" name="place" .value=${s?.place ?? ""} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`, t("conduct.session.place_hint"))}
      <div class="grid">
        ${field(e, "auditees", t("conduct.session.auditees"), (inv, dsc) => html`<textarea id="auditees" name="auditees" .value=${(s?.auditees ?? []).join("\n")} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`, t("conduct.session.one_per_line"))}
        ${field(e, "criteria", t("conduct.session.criteria_covered"), (inv, dsc) => html`<select id="criteria" name="criteria" multiple size="6" aria-invalid=${inv} aria-describedby=${dsc}>
          ${d.checklist.map((i) => html`<option value=${i.criterionId} ?selected=${s?.criteria.includes(i.criterionId) ?? false}>${i.criterionId} ${i.title}</option>`)}
        </select>`, t("conduct.session.criteria_hint"))}
      </div>
      <fieldset><legend>${t("conduct.session.members")}</legend>
        ${team.length === 0 ? html`<p class="muted">${t("conduct.session.team_first")}</p>` : team.map((m, n) => html`<label class="inline">
          <input type="checkbox" name="auditor-${n}" id="auditor-${n}" ?checked=${s?.auditors.some((p) => samePerson(p, m.name)) ?? false}> ${m.name} <span class="muted">(${roleInText(m.role)})</span></label> `)}
        ${e?.field === "auditors" ? html`<div class="field-error" role="alert">${e.message}</div>` : nothing}
      </fieldset>
      <div class="actions"><button type="submit">${t("conduct.session.save")}</button>
        <button type="button" class="secondary" @click=${() => (this.editingSession = undefined)}>${t("common.cancel")}</button></div>
    </form>`;
  }

  // ------------------------------------------------------------ meetings

  private meeting(d: AuditDetail, kind: MeetingKind) {
    const c = conductOf(d.audit);
    const m: Meeting | undefined = kind === "opening" ? c.opening : c.closing;
    const topics: MeetingTopic[] = kind === "opening" ? d.openingTopics : d.closingTopics;
    const form = `meeting-${kind}`;
    const e = renamed(this.errorOf(form), "date", `${kind}-date`);
    const title = tKey(`conduct.meeting.${kind}.title`);
    const attendees = [...(m?.attendees ?? []), ...Array.from({ length: BLANK_ROWS + (m ? 0 : 2) }, () => ({ name: "", role: "", organisation: "" }))];
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const v = values(event.target as HTMLFormElement);
      const people: Attendee[] = attendees.map((_, n) => ({
        name: v[`${kind}-att-${n}-name`] ?? "", role: v[`${kind}-att-${n}-role`] ?? "", organisation: v[`${kind}-att-${n}-org`] ?? "",
      }));
      const findings: FindingResponse[] = kind === "closing"
        ? d.findings.filter((f) => v[`presented-${f.id}`] === "on").map((f) => ({
            findingId: f.id, acknowledged: v[`ack-${f.id}`] === "on",
            divergingOpinion: v[`diverging-${f.id}`] ?? "", resolution: v[`resolution-${f.id}`] ?? "",
          }))
        : [];
      this.save(form, {
        type: "setMeeting", auditId: this.auditId, kind,
        meeting: {
          date: v[`${kind}-date`], attendees: people, topics: topics.filter((topic) => v[`${kind}-topic-${topic.key}`] === "on").map((topic) => topic.key),
          notes: v[`${kind}-notes`] ?? "", findings,
        },
      });
    };
    const response = (id: string) => m?.findings?.find((r) => r.findingId === id);
    return html`<form class="card" novalidate aria-label=${title} id=${form} @submit=${submit}>
      <h3>${title}</h3>
      ${m ? html`<p class="muted">${t("conduct.meeting.recorded", { date: m.date })}</p>` : nothing}
      ${formError(e, [`${kind}-date`])}
      ${field(e, `${kind}-date`, t("common.date"), (inv, dsc) => html`<input id="${kind}-date" name="${kind}-date" type="date" .value=${m?.date ?? today()} aria-invalid=${inv} aria-describedby=${dsc}>`)}
      <fieldset><legend>${t("conduct.meeting.attendance")}</legend><div class="rows">
        ${attendees.map((a, n) => html`<div class="row3">
          <input name="${kind}-att-${n}-name" aria-label=${t("conduct.meeting.attendee_name", { meeting: title, n: n + 1 })} placeholder=${t("common.name")} .value=${a.name}>
          <input name="${kind}-att-${n}-role" aria-label=${t("conduct.meeting.attendee_role", { meeting: title, n: n + 1 })} placeholder=${t("common.role")} .value=${a.role}>
          <input name="${kind}-att-${n}-org" aria-label=${t("conduct.meeting.attendee_organisation", { meeting: title, n: n + 1 })} placeholder=${t("conduct.meeting.organisation")} .value=${a.organisation}>
        </div>`)}
      </div></fieldset>
      <fieldset><legend>${t("conduct.meeting.topics")}</legend><div class="topics">
        ${topics.map((topic) => html`<label><input type="checkbox" name="${kind}-topic-${topic.key}" ?checked=${m?.topics?.includes(topic.key) ?? false}> ${topicLabel(topic)}</label>`)}
      </div></fieldset>
      ${kind === "closing" ? this.findingsPresented(d, response) : nothing}
      <div class="field"><label for="${kind}-notes">${t("common.notes")}</label>
        <textarea id="${kind}-notes" name="${kind}-notes" .value=${m?.notes ?? ""}></textarea></div>
      <div class="actions edit"><button type="submit">${tKey(`conduct.meeting.${kind}.save`)}</button></div>
    </form>`;
  }

  private findingsPresented(d: AuditDetail, response: (id: string) => FindingResponse | undefined) {
    if (!d.findings.length) return html`<p class="muted">${t("conduct.presented.none")}</p>`;
    return html`<fieldset><legend>${t("conduct.presented.title")}</legend>
      <table id="findings-presented">
        <thead><tr><th>${t("conduct.presented.finding")}</th><th>${t("conduct.presented.presented")}</th><th>${t("conduct.presented.acknowledged")}</th><th>${t("conduct.presented.diverging")}</th><th>${t("conduct.presented.resolution")}</th></tr></thead>
        <tbody>${d.findings.map((f) => {
          const r = response(f.id);
          return html`<tr>
            <td><strong>${f.reference}</strong> <span class="muted">${f.statement.slice(0, 80)}</span></td>
            <td><input type="checkbox" name="presented-${f.id}" id="presented-${f.reference}" aria-label=${t("conduct.presented.presented_label", { ref: f.reference })} ?checked=${!!r}></td>
            <td><input type="checkbox" name="ack-${f.id}" id="ack-${f.reference}" aria-label=${t("conduct.presented.acknowledged_label", { ref: f.reference })} ?checked=${r?.acknowledged ?? false}></td>
            <td><textarea name="diverging-${f.id}" aria-label=${t("conduct.presented.diverging_label", { ref: f.reference })} .value=${r?.divergingOpinion ?? ""}></textarea></td>
            <td><textarea name="resolution-${f.id}" aria-label=${t("conduct.presented.resolution_label", { ref: f.reference })} .value=${r?.resolution ?? ""}></textarea></td>
          </tr>`;
        })}</tbody>
      </table>
    </fieldset>`;
  }

  // ------------------------------------------------------------ communications

  private communications(d: AuditDetail) {
    const log = conductOf(d.audit).communications;
    const e = this.errorOf("communication");
    const submit = async (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      const v = values(form);
      const ok = await this.save("communication", {
        type: "logCommunication", auditId: this.auditId,
        message: { date: v.date, from: v.from, to: v.to, subject: v.subject, escalation: v.escalation === "on" },
      });
      if (ok) form.reset();
    };
    return html`<div class="card">
      <h3>${t("conduct.log.title")}</h3>
      ${log.length === 0 ? html`<p class="muted">${t("conduct.log.none")}</p>` : html`<table id="communications">
        <thead><tr><th>${t("conduct.number")}</th><th>${t("common.date")}</th><th>${t("conduct.log.from")}</th><th>${t("conduct.log.to")}</th><th>${t("conduct.log.subject")}</th></tr></thead>
        <tbody>${log.map((c) => html`<tr>
          <td>${c.number}</td><td class="nowrap">${c.message.date}</td><td>${c.message.from}</td><td>${c.message.to}</td>
          <td>${c.message.escalation ? html`<span class="escalation">${t("conduct.log.escalated")} </span>` : nothing}<span class="pre">${c.message.subject}</span></td>
        </tr>`)}</tbody>
      </table>`}
      <form class="edit" novalidate aria-label=${t("conduct.log.form")} @submit=${submit}>
        <h4>${t("conduct.log.form")}</h4>
        ${formError(e, ["date", "from", "to", "subject"])}
        <div class="grid">
          ${field(e, "date", t("common.date"), (inv, dsc) => html`<input id="date" name="date" type="date" .value=${today()} aria-invalid=${inv} aria-describedby=${dsc}>`)}
          ${field(e, "from", t("conduct.log.from"), (inv, dsc) => html`<input id="from" name="from" aria-invalid=${inv} aria-describedby=${dsc}>`)}
          ${field(e, "to", t("conduct.log.to"), (inv, dsc) => html`<input id="to" name="to" aria-invalid=${inv} aria-describedby=${dsc}>`)}
        </div>
        ${field(e, "subject", t("conduct.log.subject"), (inv, dsc) => html`<textarea id="subject" name="subject" aria-invalid=${inv} aria-describedby=${dsc}></textarea>`)}
        <label class="inline"><input type="checkbox" name="escalation" id="escalation"> ${t("conduct.log.escalation")}</label>
        <div class="actions"><button type="submit">${t("conduct.log.save")}</button></div>
      </form>
    </div>`;
  }

  private limits(d: AuditDetail) {
    const limits = conductOf(d.audit).informationLimits;
    const editing = limits.find((l) => l.number === this.editingLimit);
    const e = this.errorOf("limit");
    const submit = async (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      const v = values(form);
      const ok = await this.save("limit", {
        type: "setInformationLimit", auditId: this.auditId, number: editing?.number,
        limit: { information: v.information, kind: v.kind as LimitKind, effect: v.effect },
      });
      if (ok) { this.editingLimit = undefined; form.reset(); }
    };
    const label = editing ? t("conduct.limits.edit", { n: editing.number }) : t("conduct.limits.new");
    return html`<div class="card">
      <h3>${t("conduct.limits.title")}</h3>
      <p class="hint">${t("conduct.limits.hint")}</p>
      ${limits.length === 0 ? html`<p class="muted">${t("common.none_recorded")}</p>` : html`<table id="limits">
        <thead><tr><th>${t("conduct.number")}</th><th>${t("conduct.limits.information")}</th><th>${t("conduct.limits.why_not")}</th><th>${t("conduct.limits.effect")}</th><th class="no-print edit"><span class="sr-only">${t("common.actions")}</span></th></tr></thead>
        <tbody>${limits.map((l) => html`<tr>
          <td>${l.number}</td><td class="pre">${l.limit.information}</td><td>${limitKind(l.limit.kind)}</td><td class="pre">${l.limit.effect}</td>
          <td class="no-print edit"><button class="secondary" aria-label=${t("conduct.limits.edit", { n: l.number })} @click=${() => (this.editingLimit = l.number)}>${t("common.edit")}</button></td>
        </tr>`)}</tbody>
      </table>`}
      <form class="edit" novalidate aria-label=${label} @submit=${submit}>
        <h4>${label}</h4>
        ${formError(e, ["information", "kind", "effect"])}
        ${field(e, "information", t("conduct.limits.asked_for"), (inv, dsc) => html`<textarea id="information" name="information" .value=${editing?.limit.information ?? ""} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`)}
        ${field(e, "kind", t("conduct.limits.why"), (inv, dsc) => html`<select id="kind" name="kind" aria-invalid=${inv} aria-describedby=${dsc}>
          ${LIMIT_VALUES.map((k) => html`<option value=${k} ?selected=${editing?.limit.kind === k}>${limitKind(k)}</option>`)}
        </select>`)}
        ${field(e, "effect", t("conduct.limits.effect"), (inv, dsc) => html`<textarea id="effect" name="effect" .value=${editing?.limit.effect ?? ""} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`)}
        <div class="actions"><button type="submit">${t("conduct.limits.save")}</button>
          ${editing ? html`<button type="button" class="secondary" @click=${() => (this.editingLimit = undefined)}>${t("common.cancel")}</button>` : nothing}</div>
      </form>
    </div>`;
  }
}

customElements.define("audit-conduct", ConductPage);

/** <audit-plan-print>: the audit plan on its own, for the auditee: print-ready HTML that
 * names no paper size (an @page rule in a shadow root would be ignored anyway), so it
 * prints on A4 and Letter alike; the table fits the width and rows never split. */
export class PlanPrint extends PageElement {
  static properties = { ...PageElement.properties, auditId: { type: String } };
  static styles = [
    ...PageElement.styles,
    css`
      :host { display: block; }
      .sheet { background: #fff; padding: 1.5em 2em; border: 1px solid var(--line, #cbd5e1); }
      .sheet h2 { margin-top: 0; }
      .sheet h3 { margin-top: 1.2em; }
      dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25em 1em; }
      dt { font-weight: 600; }
      dd { margin: 0; }
      table { width: 100%; border-collapse: collapse; }
      th, td { border: 1px solid #cbd5e1; padding: 0.3em 0.45em; vertical-align: top; text-align: left; }
      /* Criteria and names break between words, never inside "9.2.2"; headings stay whole. */
      #plan-sessions th { white-space: nowrap; }
      #plan-sessions td { overflow-wrap: normal; }
      #plan-sessions td:nth-child(3) { min-width: 12em; }
      #plan-sessions td:last-child { min-width: 8em; }
      @media print {
        .sheet { border: none; padding: 0; font-size: 10pt; }
        tr { break-inside: avoid; }
      }
    `,
  ];
  declare auditId: string;

  render() {
    let d: AuditDetail;
    try {
      d = this.ctx.app.audit(this.auditId);
    } catch (e) {
      return html`<div class="banner error" role="alert">${(e as Error).message}</div>`;
    }
    const a = d.audit;
    const c = conductOf(a);
    const sessions = [...c.sessions].sort((x, y) => (x.date + x.start).localeCompare(y.date + y.start) || x.number - y.number);
    const list = (items: string[]) => (items.length ? items.join(", ") : "–");
    return html`
      <div class="actions no-print">
        <button class="secondary" @click=${() => this.ctx.navigate({ view: "conduct", id: this.auditId, section: "plan" })}>${t("conduct.print.back")}</button>
        <button id="print" @click=${() => window.print()}>${t("common.print")}</button>
      </div>
      <article class="sheet" aria-label=${t("conduct.print.label")}>
        <p class="muted" id="plan-classification">${a.report?.classification || t("exports.classification.default")}</p>
        <h2>${t("conduct.print.title", { title: a.title })}</h2>
        <dl>
          <dt>${t("conduct.print.auditee")}</dt><dd>${a.auditee || "–"}</dd>
          ${a.client ? html`<dt>${t("conduct.print.client")}</dt><dd>${a.client}</dd>` : nothing}
          <dt>${t("conduct.print.dates")}</dt><dd>${a.plannedStart} – ${a.plannedEnd}</dd>
          <dt>${t("conduct.print.objectives")}</dt><dd class="pre">${a.objectives || "–"}</dd>
          <dt>${t("conduct.print.scope")}</dt><dd>${t("conduct.print.scope_text", { units: list(a.scope.units ?? []), processes: list(a.scope.processes ?? []), locations: list(a.scope.locations ?? []) })}</dd>
          <dt>${t("conduct.session.criteria")}</dt><dd>${d.catalogEdition}: ${a.criteria.join(", ")}</dd>
          <dt>${t("conduct.print.lead")}</dt><dd>${a.leadAuditor}</dd>
          <dt>${t("conduct.session.team")}</dt><dd>${c.team.length ? c.team.map((m) => `${m.name} (${roleInText(m.role)})`).join(", ") : "–"}</dd>
          ${c.initiation.language ? html`<dt>${t("common.language")}</dt><dd>${c.initiation.language}</dd>` : nothing}
        </dl>
        <h3>${t("conduct.print.agenda")}</h3>
        ${sessions.length ? this.table(sessions) : html`<p>${t("conduct.plan.no_sessions")}</p>`}
        ${d.planConflicts.length ? html`<p>${emphasised("conduct.print.draft", { n: d.planConflicts.length })}</p>` : nothing}
        <h3>${t("conduct.print.acceptance")}</h3>
        <p id="plan-acceptance">${c.planAcceptance
          ? t("conduct.print.accepted", { by: c.planAcceptance.acceptedBy, date: c.planAcceptance.date })
          : t("conduct.print.accept_blank")}</p>
      </article>`;
  }

  private table(sessions: PlanSession[]) {
    return html`<table id="plan-sessions">
      <thead><tr><th>${t("common.date")}</th><th>${t("conduct.print.time")}</th><th>${t("conduct.session.activity")}</th><th>${t("conduct.print.place_method")}</th><th>${t("conduct.session.auditees")}</th><th>${t("conduct.session.criteria")}</th><th>${t("conduct.team.title")}</th></tr></thead>
      <tbody>${sessions.map((s) => html`<tr>
        <td class="nowrap">${s.date}</td><td class="nowrap">${s.start}–${s.end}</td><td>${s.activity}</td>
        <td>${s.place ? html`<div class="pre">${s.place}</div>` : nothing}${method(s.method)}</td>
        <td>${s.auditees.join(", ")}</td><td>${s.criteria.join(", ")}</td><td>${s.auditors.join(", ")}</td>
      </tr>`)}</tbody>
    </table>`;
  }
}

customElements.define("audit-plan-print", PlanPrint);
