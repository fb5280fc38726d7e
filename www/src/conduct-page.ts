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
import { ADEQUACY, AUDITING_ROLES, FEASIBILITY, LIMITS, METHODS, ROLES, conductOf, findingDrafts, samePerson } from "./conduct-labels.js";
import { exportWorkPackage } from "./bundles.js";
import { today } from "./labels.js";
import { PageElement } from "./page.js";

const SECTIONS: { id: ConductSection; label: string }[] = [
  { id: "initiation", label: "Initiation" },
  { id: "team", label: "Team" },
  { id: "documents", label: "Document review" },
  { id: "plan", label: "Plan" },
  { id: "meetings", label: "Meetings" },
  { id: "communications", label: "Communications" },
];

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
      <h2>Conducting the audit: ${a.title}</h2>
      <p class="muted">Planned ${a.plannedStart} – ${a.plannedEnd}${a.actualStart ? html`; started ${a.actualStart}` : nothing}${a.actualEnd ? html`, completed ${a.actualEnd}` : nothing}.
        ${a.status === "completed" ? html`The audit is completed: these records are closed until it is reopened.` : nothing}</p>
      <div class="tabs no-print" role="navigation" aria-label="Conduct sections">
        ${SECTIONS.map((s) => html`<button class="secondary" id="tab-${s.id}" aria-current=${s.id === section ? "page" : "false"}
          @click=${() => go(s.id)}>${s.label}</button>`)}
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
    return html`<form class="card" novalidate aria-label="Feasibility" @submit=${submit}>
      <h3>Feasibility</h3>
      <p class="hint">Can the audit be done as asked: enough information, cooperation from the auditee, time and resources? The audit can start only once this is recorded as feasible.</p>
      ${f ? html`<p id="feasibility-recorded"><strong>${FEASIBILITY[f.verdict]}</strong>, recorded by ${f.determinedBy} (${f.determinedAt.slice(0, 10)}).</p>`
        : html`<p class="muted" id="feasibility-recorded">Not determined yet.</p>`}
      ${formError(e, ["verdict", "reasons", "alternative"])}
      ${field(e, "verdict", "Determination", (inv, dsc) => html`<select id="verdict" name="verdict" aria-invalid=${inv} aria-describedby=${dsc}>
        ${Object.entries(FEASIBILITY).map(([k, label]) => html`<option value=${k} ?selected=${(f?.verdict ?? "feasible") === k}>${label}</option>`)}
      </select>`)}
      ${field(e, "reasons", "Reasons or conditions", (inv, dsc) => html`<textarea id="reasons" name="reasons" .value=${f?.reasons ?? ""} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`)}
      ${field(e, "alternative", "Alternative proposed", (inv, dsc) => html`<textarea id="alternative" name="alternative" .value=${f?.alternative ?? ""} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`, "when not feasible: e.g. another scope, date or audit method")}
      <div class="actions"><button type="submit">Record feasibility</button></div>
    </form>`;
  }

  private contactRows(prefix: string, legend: string, list: Contact[]) {
    const rows = [...list, ...Array.from({ length: BLANK_ROWS }, () => ({ name: "", role: "", contact: "" }))];
    return html`<fieldset><legend>${legend}</legend><div class="rows">
      ${rows.map((c, i) => html`<div class="row3">
        <input name="${prefix}-${i}-name" aria-label="${legend} ${i + 1}: name" placeholder="Name" .value=${c.name}>
        <input name="${prefix}-${i}-role" aria-label="${legend} ${i + 1}: role" placeholder="Role" .value=${c.role}>
        <input name="${prefix}-${i}-contact" aria-label="${legend} ${i + 1}: contact details" placeholder="Telephone, e-mail" .value=${c.contact}>
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
    return html`<form class="card" novalidate aria-label="Initiation" @submit=${submit}>
      <h3>Initiation</h3>
      <p class="hint">Audit client: ${d.audit.client || "the auditee (no other client named in the plan)"}; auditee: ${d.audit.auditee || "not named"}.</p>
      ${formError(e, ["access", "confidentiality", "safety", "language", "areasOfConcern"])}
      ${this.contactRows("client", "Audit client contact", i.clientContacts)}
      ${this.contactRows("auditee", "Auditee contact", i.auditeeContacts)}
      <div class="grid">
        ${text("access", "Access", "sites, systems, records and people")}
        ${text("confidentiality", "Confidentiality agreement")}
      </div>
      <div class="grid">
        ${text("safety", "Safety and security rules")}
        ${field(e, "language", "Language", (inv, dsc) => html`<input id="language" name="language" .value=${i.language} aria-invalid=${inv} aria-describedby=${dsc}>`)}
      </div>
      ${text("areasOfConcern", "Areas of concern", "what the client or auditee asked the audit to look at closely")}
      <div class="actions"><button type="submit">Save initiation</button></div>
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
    <form class="card" novalidate aria-label="Audit team" @submit=${submit}>
      <h3>Audit team</h3>
      <p class="hint">The plan's lead auditor is ${d.audit.leadAuditor}. Lead auditors, auditors and auditors in training are assigned checklist items; technical experts, observers and guides accompany them.</p>
      ${formError(e)}
      <div class="rows">
        ${rows.map((m, n) => html`<div class="row3">
          <input name="member-${n}-name" id="member-${n}-name" aria-label="Team member ${n + 1}: name" placeholder="Name" .value=${m.name}>
          <select name="member-${n}-role" id="member-${n}-role" aria-label="Team member ${n + 1}: role">
            ${Object.entries(ROLES).map(([r, label]) => html`<option value=${r} ?selected=${m.role === r}>${label}</option>`)}
          </select>
          <select name="member-${n}-profile" id="member-${n}-profile" aria-label="Team member ${n + 1}: auditor profile">
            <option value="">No profile</option>
            ${profiles.map((c) => html`<option value=${c.auditorId} ?selected=${m.auditorId === c.auditorId}>${c.name}</option>`)}
          </select>
          <input name="member-${n}-justification" id="member-${n}-justification" aria-label="Team member ${n + 1}: impartiality justification"
            placeholder="Impartiality justification (when flagged)" .value=${m.justification ?? ""}
            aria-invalid=${e?.field === `team[${n}].justification` ? "true" : "false"}>
          <span class="muted">${m.criteria?.length ? `${m.criteria.length} checklist item(s)` : ""}</span>
        </div>`)}
      </div>
      <div class="actions"><button type="submit">Save team</button></div>
    </form>
    ${this.assignments(d)}`;
  }

  /** The competence the audit needs and who covers it, and every candidate's match,
   * missing areas and impartiality conflicts (ISO 19011 5.5.4). */
  private selectionPanel(s: TeamSelection) {
    return html`<section class="card" aria-label="Team selection" id="team-selection">
      <h3>Competence needed</h3>
      <p class="hint">From the programme's criteria and the audit's criteria. An area is covered by a lead auditor or
        auditor whose profile holds it; a technical expert covers one only under the team's lead auditor.</p>
      <table aria-label="Team coverage">
        <thead><tr><th>Area</th><th>Covered by</th></tr></thead>
        <tbody>${s.needed.map((c) => html`<tr><td>${c.label}</td><td>${c.gap
          ? html`<span class="escalation">Gap: nobody in the team covers it</span>`
          : c.auditors.length ? c.auditors.join(", ") : html`${c.expert} (technical expert, under the lead auditor)`}</td></tr>`)}</tbody>
      </table>
      <h3 class="after-table">Candidates</h3>
      ${s.candidates.length === 0
        ? html`<p class="muted">No auditor profiles yet: record them under Auditors to see their match here.</p>`
        : html`<table aria-label="Candidates">
          <thead><tr><th>Person</th><th>Match</th><th>Missing areas</th><th>Impartiality (last ${s.impartialityMonths} months)</th><th>In team</th></tr></thead>
          <tbody>${s.candidates.map((c) => html`<tr>
            <td><button class="link" @click=${() => this.ctx.navigate({ view: "auditors", id: c.auditorId })}>${c.name}</button></td>
            <td>${c.match.percent}% as ${c.match.role.replace(/_/g, " ")}</td>
            <td>${c.missingAreas.length ? c.missingAreas.map((a) => s.needed.find((n) => n.area === a)?.label ?? a).join(", ") : "none"}</td>
            <td>${c.conflicts.length ? html`<span class="escalation">Conflict:</span> ${c.conflicts.map((x) => x.message).join("; ")}` : "no conflict"}</td>
            <td>${c.member ? `${ROLES[c.member.role]}${c.member.justification ? " (justified)" : ""}` : "–"}</td>
          </tr>`)}</tbody></table>`}
    </section>`;
  }

  private assignments(d: AuditDetail) {
    const team = conductOf(d.audit).team;
    const auditors = team.filter((m) => AUDITING_ROLES.includes(m.role));
    const e = this.errorOf("assignments");
    if (!auditors.length) return html`<div class="card"><h3>Assignments</h3><p class="muted">Save a team with at least one auditor to assign checklist items.</p></div>`;
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
    return html`<form class="card" novalidate aria-label="Assignments" @submit=${submit}>
      <h3>Assignments</h3>
      ${formError(e)}
      <table>
        <thead><tr><th>Checklist item</th><th>Audited by</th></tr></thead>
        <tbody>${d.checklist.map((i) => html`<tr>
          <td><strong>${i.criterionId}</strong> ${i.title}</td>
          <td><select name="assign-${i.criterionId}" id="assign-${i.criterionId}" aria-label="Auditor for ${i.criterionId}">
            <option value="">Unassigned</option>
            ${auditors.map((m) => html`<option value=${m.name} ?selected=${holder(i.criterionId) === m.name}>${m.name}</option>`)}
          </select></td>
        </tr>`)}</tbody>
      </table>
      <div class="actions"><button type="submit">Save assignments</button></div>
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
    return html`<section class="card" aria-label="Work packages">
      <h3>Work packages</h3>
      <p class="hint">A work package holds a member's assigned checklist items and plan sessions (no one else's notes)
        to work on offline in their own browser; they import it on the start page and return a result package,
        which you import there to review and merge.</p>
      ${formError(e)}
      <div class="actions">${members.map((m) => html`<button class="secondary" id="package-${m.name.replace(/\W+/g, "-")}"
        @click=${() => run(m.name)}>Export work package for ${m.name} (${m.criteria.length} item(s))</button>`)}</div>
    </section>`;
  }
  // ------------------------------------------------------------ document review

  private documents(d: AuditDetail) {
    const docs = conductOf(d.audit).documents;
    const editing = docs.find((r) => r.number === this.editingDocument);
    const raise = (title: string, version: string, gaps: string) => {
      findingDrafts.set(this.auditId, {
        statement: gaps,
        evidence: `Document review: ${title}${version ? ` (version ${version})` : ""}.`,
      });
      this.ctx.navigate({ view: "audit", id: this.auditId });
    };
    const recording = d.audit.status === "in_progress";
    return html`<div class="card">
      <h3>Document review</h3>
      <p class="hint">The documented information reviewed before or during the audit, whether it is adequate for the criteria, and the gaps found.</p>
      ${docs.length === 0 ? html`<p class="muted">No documents reviewed yet.</p>` : html`<table id="documents">
        <thead><tr><th>No.</th><th>Document</th><th>Owner</th><th>Adequacy</th><th>Gaps</th><th class="no-print"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>${docs.map((r) => html`<tr>
          <td>${r.number}</td>
          <td>${r.document.title}${r.document.version ? html`<div class="muted">version ${r.document.version}${r.document.date ? `, ${r.document.date}` : ""}</div>` : nothing}</td>
          <td>${r.document.owner}</td>
          <td>${ADEQUACY[r.document.adequacy]}</td>
          <td class="pre">${r.document.gaps}</td>
          <td class="no-print"><div class="actions">
            <button class="secondary" aria-label="Edit document review ${r.number}" @click=${() => { this.editingDocument = r.number; this.failed = undefined; }}>Edit</button>
            <button class="danger" aria-label="Delete document review ${r.number}" @click=${() => { if (confirmDelete(`the review of "${r.document.title}"`)) this.save("documents", { type: "deleteDocumentReview", auditId: this.auditId, number: r.number }); }}>Delete</button>
            ${r.document.gaps && recording
              ? html`<button class="secondary" aria-label="Raise a finding from document review ${r.number}" @click=${() => raise(r.document.title, r.document.version ?? "", r.document.gaps ?? "")}>Raise finding</button>`
              : nothing}
          </div></td>
        </tr>`)}</tbody>
      </table>`}
      ${!recording && docs.some((r) => r.document.gaps) ? html`<p class="hint">Start the audit to raise gaps as findings.</p>` : nothing}
      ${this.editingDocument === undefined
        ? html`<button class="no-print" @click=${() => { this.editingDocument = "new"; this.failed = undefined; }}>Add document review</button>`
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
    const label = r ? `Edit document review ${r.number}` : "New document review";
    return html`<form novalidate aria-label=${label} @submit=${submit}>
      <h4>${label}</h4>
      ${formError(e, ["title", "version", "date", "owner", "adequacy", "gaps"])}
      <div class="grid">
        ${field(e, "title", "Title", (inv, dsc) => html`<input id="title" name="title" .value=${doc?.title ?? ""} aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "version", "Version", (inv, dsc) => html`<input id="version" name="version" .value=${doc?.version ?? ""} aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "date", "Date", (inv, dsc) => html`<input id="date" name="date" type="date" .value=${doc?.date ?? ""} aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "owner", "Owner", (inv, dsc) => html`<input id="owner" name="owner" .value=${doc?.owner ?? ""} aria-invalid=${inv} aria-describedby=${dsc}>`)}
      </div>
      ${field(e, "adequacy", "Adequacy", (inv, dsc) => html`<select id="adequacy" name="adequacy" aria-invalid=${inv} aria-describedby=${dsc}>
        ${Object.entries(ADEQUACY).map(([k, label]) => html`<option value=${k} ?selected=${(doc?.adequacy ?? "adequate") === k}>${label}</option>`)}
      </select>`)}
      ${field(e, "gaps", "Gaps found", (inv, dsc) => html`<textarea id="gaps" name="gaps" .value=${doc?.gaps ?? ""} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`, "required unless adequate")}
      <div class="actions"><button type="submit">Save document review</button>
        <button type="button" class="secondary" @click=${() => (this.editingDocument = undefined)}>Cancel</button></div>
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
      <h3>Audit plan: sessions</h3>
      ${d.planConflicts.length
        ? html`<div class="banner warn" role="status" id="plan-conflicts"><strong>${d.planConflicts.length} conflict(s) in the plan</strong>
            <ul class="conflicts">${d.planConflicts.map((x) => html`<li>${x.message}</li>`)}</ul></div>`
        : c.sessions.length ? html`<p id="plan-conflicts" class="muted">No conflicts: nobody is in two sessions at once and every criterion has a session.</p>` : nothing}
      ${sessions.length === 0 ? html`<p class="muted">No sessions planned yet.</p>` : this.sessionTable(sessions, true)}
      ${this.editingSession === undefined
        ? html`<div class="actions no-print">
            <button @click=${() => { this.editingSession = "new"; this.failed = undefined; }}>Add session</button>
            <button class="secondary" id="print-plan" @click=${() => this.ctx.navigate({ view: "audit-plan", id: this.auditId })}>Printable plan</button>
          </div>`
        : this.sessionForm(d, editing)}
    </div>
    <form class="card" novalidate aria-label="Plan acceptance" @submit=${accept}>
      <h3>Acceptance of the plan</h3>
      ${c.planAcceptance
        ? html`<p id="plan-accepted">Accepted by <strong>${c.planAcceptance.acceptedBy}</strong> on ${c.planAcceptance.date} (recorded by ${c.planAcceptance.recordedBy}).</p>`
        : html`<p class="muted" id="plan-accepted">Not accepted yet${c.sessions.length ? " (a change to a session clears an earlier acceptance)" : ""}.</p>`}
      ${formError(e, ["acceptedBy", "acceptedOn"])}
      <div class="grid">
        ${field(e, "acceptedBy", "Accepted by (for the auditee)", (inv, dsc) => html`<input id="acceptedBy" name="acceptedBy" aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "acceptedOn", "On", (inv, dsc) => html`<input id="acceptedOn" name="acceptedOn" type="date" .value=${today()} aria-invalid=${inv} aria-describedby=${dsc}>`)}
      </div>
      <div class="actions"><button type="submit">Record acceptance</button></div>
    </form>`;
  }

  private sessionTable(sessions: PlanSession[], actions: boolean) {
    return html`<table id="sessions">
      <thead><tr><th>No.</th><th>When</th><th>Activity</th><th>Place and method</th><th>Auditees</th><th>Criteria</th><th>Team</th>${actions ? html`<th class="no-print"><span class="sr-only">Actions</span></th>` : nothing}</tr></thead>
      <tbody>${sessions.map((s) => html`<tr data-session=${s.number}>
        <td>${s.number}</td>
        <td class="nowrap">${s.date}<br>${s.start}–${s.end}</td>
        <td>${s.activity}</td>
        <td>${s.place ? html`<div class="pre">${s.place}</div>` : nothing}<div class="muted">${METHODS[s.method]}</div></td>
        <td>${s.auditees.join(", ")}</td>
        <td>${s.criteria.join(", ")}</td>
        <td>${s.auditors.join(", ")}</td>
        ${actions ? html`<td class="no-print"><div class="actions">
          <button class="secondary" aria-label="Edit session ${s.number}" @click=${() => { this.editingSession = s.number; this.failed = undefined; }}>Edit</button>
          <button class="danger" aria-label="Delete session ${s.number}" @click=${() => { if (confirmDelete(`session ${s.number} (${s.activity})`)) this.save("sessions", { type: "deletePlanSession", auditId: this.auditId, number: s.number }); }}>Delete</button>
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
    const label = s ? `Edit session ${s.number}` : "New session";
    return html`<form novalidate aria-label=${label} @submit=${submit}>
      <h4>${label}</h4>
      ${formError(e, ["activity", "date", "start", "end", "place", "method", "auditees", "criteria", "auditors"])}
      ${field(e, "activity", "Activity", (inv, dsc) => html`<input id="activity" name="activity" .value=${s?.activity ?? ""} aria-invalid=${inv} aria-describedby=${dsc}>`, "e.g. Access control: interviews with IT operations")}
      <div class="grid">
        ${field(e, "date", "Date", (inv, dsc) => html`<input id="date" name="date" type="date" .value=${s?.date ?? d.audit.plannedStart} aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "start", "Start", (inv, dsc) => html`<input id="start" name="start" type="time" .value=${s?.start ?? "09:00"} aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "end", "End", (inv, dsc) => html`<input id="end" name="end" type="time" .value=${s?.end ?? "10:00"} aria-invalid=${inv} aria-describedby=${dsc}>`)}
        ${field(e, "method", "Method", (inv, dsc) => html`<select id="method" name="method" aria-invalid=${inv} aria-describedby=${dsc}>
          ${Object.entries(METHODS).map(([k, label]) => html`<option value=${k} ?selected=${(s?.method ?? "on_site_with_interaction") === k}>${label}</option>`)}
        </select>`)}
      </div>
      ${field(e, "place", "Place, or how to join remotely", (inv, dsc) => html`<textarea id="place" name="place" .value=${s?.place ?? ""} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`, "a room or site; for remote sessions the tool and how the invitation is sent (no live link)")}
      <div class="grid">
        ${field(e, "auditees", "Auditees", (inv, dsc) => html`<textarea id="auditees" name="auditees" .value=${(s?.auditees ?? []).join("\n")} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`, "one per line")}
        ${field(e, "criteria", "Criteria covered", (inv, dsc) => html`<select id="criteria" name="criteria" multiple size="6" aria-invalid=${inv} aria-describedby=${dsc}>
          ${d.checklist.map((i) => html`<option value=${i.criterionId} ?selected=${s?.criteria.includes(i.criterionId) ?? false}>${i.criterionId} ${i.title}</option>`)}
        </select>`, "Ctrl/⌘-click for several")}
      </div>
      <fieldset><legend>Team members in this session</legend>
        ${team.length === 0 ? html`<p class="muted">Add the audit team first (Team).</p>` : team.map((m, n) => html`<label class="inline">
          <input type="checkbox" name="auditor-${n}" id="auditor-${n}" ?checked=${s?.auditors.some((p) => samePerson(p, m.name)) ?? false}> ${m.name} <span class="muted">(${ROLES[m.role].toLowerCase()})</span></label> `)}
        ${e?.field === "auditors" ? html`<div class="field-error" role="alert">${e.message}</div>` : nothing}
      </fieldset>
      <div class="actions"><button type="submit">Save session</button>
        <button type="button" class="secondary" @click=${() => (this.editingSession = undefined)}>Cancel</button></div>
    </form>`;
  }

  // ------------------------------------------------------------ meetings

  private meeting(d: AuditDetail, kind: MeetingKind) {
    const c = conductOf(d.audit);
    const m: Meeting | undefined = kind === "opening" ? c.opening : c.closing;
    const topics: MeetingTopic[] = kind === "opening" ? d.openingTopics : d.closingTopics;
    const form = `meeting-${kind}`;
    const e = renamed(this.errorOf(form), "date", `${kind}-date`);
    const title = kind === "opening" ? "Opening meeting" : "Closing meeting";
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
          date: v[`${kind}-date`], attendees: people, topics: topics.filter((t) => v[`${kind}-topic-${t.key}`] === "on").map((t) => t.key),
          notes: v[`${kind}-notes`] ?? "", findings,
        },
      });
    };
    const response = (id: string) => m?.findings?.find((r) => r.findingId === id);
    return html`<form class="card" novalidate aria-label=${title} id=${form} @submit=${submit}>
      <h3>${title}</h3>
      ${m ? html`<p class="muted">Recorded for ${m.date}.</p>` : nothing}
      ${formError(e, [`${kind}-date`])}
      ${field(e, `${kind}-date`, "Date", (inv, dsc) => html`<input id="${kind}-date" name="${kind}-date" type="date" .value=${m?.date ?? today()} aria-invalid=${inv} aria-describedby=${dsc}>`)}
      <fieldset><legend>Attendance</legend><div class="rows">
        ${attendees.map((a, n) => html`<div class="row3">
          <input name="${kind}-att-${n}-name" aria-label="${title} attendee ${n + 1}: name" placeholder="Name" .value=${a.name}>
          <input name="${kind}-att-${n}-role" aria-label="${title} attendee ${n + 1}: role" placeholder="Role" .value=${a.role}>
          <input name="${kind}-att-${n}-org" aria-label="${title} attendee ${n + 1}: organisation" placeholder="Organisation" .value=${a.organisation}>
        </div>`)}
      </div></fieldset>
      <fieldset><legend>Topics covered</legend><div class="topics">
        ${topics.map((t) => html`<label><input type="checkbox" name="${kind}-topic-${t.key}" ?checked=${m?.topics?.includes(t.key) ?? false}> ${t.label}</label>`)}
      </div></fieldset>
      ${kind === "closing" ? this.findingsPresented(d, response) : nothing}
      <div class="field"><label for="${kind}-notes">Notes</label>
        <textarea id="${kind}-notes" name="${kind}-notes" .value=${m?.notes ?? ""}></textarea></div>
      <div class="actions"><button type="submit">Save ${title.toLowerCase()}</button></div>
    </form>`;
  }

  private findingsPresented(d: AuditDetail, response: (id: string) => FindingResponse | undefined) {
    if (!d.findings.length) return html`<p class="muted">No findings to present.</p>`;
    return html`<fieldset><legend>Findings presented</legend>
      <table id="findings-presented">
        <thead><tr><th>Finding</th><th>Presented</th><th>Acknowledged by the auditee</th><th>Diverging opinion</th><th>Resolution</th></tr></thead>
        <tbody>${d.findings.map((f) => {
          const r = response(f.id);
          return html`<tr>
            <td><strong>${f.reference}</strong> <span class="muted">${f.statement.slice(0, 80)}</span></td>
            <td><input type="checkbox" name="presented-${f.id}" id="presented-${f.reference}" aria-label="${f.reference} presented" ?checked=${!!r}></td>
            <td><input type="checkbox" name="ack-${f.id}" id="ack-${f.reference}" aria-label="${f.reference} acknowledged" ?checked=${r?.acknowledged ?? false}></td>
            <td><textarea name="diverging-${f.id}" aria-label="${f.reference}: diverging opinion" .value=${r?.divergingOpinion ?? ""}></textarea></td>
            <td><textarea name="resolution-${f.id}" aria-label="${f.reference}: resolution" .value=${r?.resolution ?? ""}></textarea></td>
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
      <h3>Communication log</h3>
      ${log.length === 0 ? html`<p class="muted">Nothing logged yet.</p>` : html`<table id="communications">
        <thead><tr><th>No.</th><th>Date</th><th>From</th><th>To</th><th>Subject</th></tr></thead>
        <tbody>${log.map((c) => html`<tr>
          <td>${c.number}</td><td class="nowrap">${c.message.date}</td><td>${c.message.from}</td><td>${c.message.to}</td>
          <td>${c.message.escalation ? html`<span class="escalation">Escalated: immediate and significant risk. </span>` : nothing}<span class="pre">${c.message.subject}</span></td>
        </tr>`)}</tbody>
      </table>`}
      <form novalidate aria-label="Log a communication" @submit=${submit}>
        <h4>Log a communication</h4>
        ${formError(e, ["date", "from", "to", "subject"])}
        <div class="grid">
          ${field(e, "date", "Date", (inv, dsc) => html`<input id="date" name="date" type="date" .value=${today()} aria-invalid=${inv} aria-describedby=${dsc}>`)}
          ${field(e, "from", "From", (inv, dsc) => html`<input id="from" name="from" aria-invalid=${inv} aria-describedby=${dsc}>`)}
          ${field(e, "to", "To", (inv, dsc) => html`<input id="to" name="to" aria-invalid=${inv} aria-describedby=${dsc}>`)}
        </div>
        ${field(e, "subject", "Subject", (inv, dsc) => html`<textarea id="subject" name="subject" aria-invalid=${inv} aria-describedby=${dsc}></textarea>`)}
        <label class="inline"><input type="checkbox" name="escalation" id="escalation"> Escalation: evidence of an immediate and significant risk, reported without waiting for the report</label>
        <div class="actions"><button type="submit">Log communication</button></div>
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
    const label = editing ? `Edit information limit ${editing.number}` : "Record information not obtained";
    return html`<div class="card">
      <h3>Information not obtained</h3>
      <p class="hint">Information asked for that was refused, unavailable or confidential, and what it means for the audit.</p>
      ${limits.length === 0 ? html`<p class="muted">None recorded.</p>` : html`<table id="limits">
        <thead><tr><th>No.</th><th>Information</th><th>Why not</th><th>Effect on the audit</th><th class="no-print"><span class="sr-only">Actions</span></th></tr></thead>
        <tbody>${limits.map((l) => html`<tr>
          <td>${l.number}</td><td class="pre">${l.limit.information}</td><td>${LIMITS[l.limit.kind]}</td><td class="pre">${l.limit.effect}</td>
          <td class="no-print"><button class="secondary" aria-label="Edit information limit ${l.number}" @click=${() => (this.editingLimit = l.number)}>Edit</button></td>
        </tr>`)}</tbody>
      </table>`}
      <form novalidate aria-label=${label} @submit=${submit}>
        <h4>${label}</h4>
        ${formError(e, ["information", "kind", "effect"])}
        ${field(e, "information", "Information asked for", (inv, dsc) => html`<textarea id="information" name="information" .value=${editing?.limit.information ?? ""} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`)}
        ${field(e, "kind", "Why it was not obtained", (inv, dsc) => html`<select id="kind" name="kind" aria-invalid=${inv} aria-describedby=${dsc}>
          ${Object.entries(LIMITS).map(([k, l]) => html`<option value=${k} ?selected=${editing?.limit.kind === k}>${l}</option>`)}
        </select>`)}
        ${field(e, "effect", "Effect on the audit", (inv, dsc) => html`<textarea id="effect" name="effect" .value=${editing?.limit.effect ?? ""} aria-invalid=${inv} aria-describedby=${dsc}></textarea>`)}
        <div class="actions"><button type="submit">Save information limit</button>
          ${editing ? html`<button type="button" class="secondary" @click=${() => (this.editingLimit = undefined)}>Cancel</button>` : nothing}</div>
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
        <button class="secondary" @click=${() => this.ctx.navigate({ view: "conduct", id: this.auditId, section: "plan" })}>Back to the plan</button>
        <button id="print" @click=${() => window.print()}>Print</button>
      </div>
      <article class="sheet" aria-label="Audit plan">
        <p class="muted" id="plan-classification">${a.report?.classification || "Confidential"}</p>
        <h2>Audit plan: ${a.title}</h2>
        <dl>
          <dt>Auditee</dt><dd>${a.auditee || "–"}</dd>
          ${a.client ? html`<dt>Audit client</dt><dd>${a.client}</dd>` : nothing}
          <dt>Dates</dt><dd>${a.plannedStart} – ${a.plannedEnd}</dd>
          <dt>Objectives</dt><dd class="pre">${a.objectives || "–"}</dd>
          <dt>Scope</dt><dd>Units: ${list(a.scope.units ?? [])}; processes: ${list(a.scope.processes ?? [])}; locations: ${list(a.scope.locations ?? [])}</dd>
          <dt>Criteria</dt><dd>${d.catalogEdition}: ${a.criteria.join(", ")}</dd>
          <dt>Lead auditor</dt><dd>${a.leadAuditor}</dd>
          <dt>Team</dt><dd>${c.team.length ? c.team.map((m) => `${m.name} (${ROLES[m.role].toLowerCase()})`).join(", ") : "–"}</dd>
          ${c.initiation.language ? html`<dt>Language</dt><dd>${c.initiation.language}</dd>` : nothing}
        </dl>
        <h3>Agenda</h3>
        ${sessions.length ? this.table(sessions) : html`<p>No sessions planned yet.</p>`}
        ${d.planConflicts.length ? html`<p><strong>Draft:</strong> the plan still has ${d.planConflicts.length} conflict(s) to resolve.</p>` : nothing}
        <h3>Acceptance</h3>
        <p id="plan-acceptance">${c.planAcceptance
          ? html`Accepted for the auditee by ${c.planAcceptance.acceptedBy} on ${c.planAcceptance.date}.`
          : html`Accepted for the auditee by: ______________________ Date: ____________`}</p>
      </article>`;
  }

  private table(sessions: PlanSession[]) {
    return html`<table id="plan-sessions">
      <thead><tr><th>Date</th><th>Time</th><th>Activity</th><th>Place / method</th><th>Auditees</th><th>Criteria</th><th>Audit team</th></tr></thead>
      <tbody>${sessions.map((s) => html`<tr>
        <td class="nowrap">${s.date}</td><td class="nowrap">${s.start}–${s.end}</td><td>${s.activity}</td>
        <td>${s.place ? html`<div class="pre">${s.place}</div>` : nothing}${METHODS[s.method]}</td>
        <td>${s.auditees.join(", ")}</td><td>${s.criteria.join(", ")}</td><td>${s.auditors.join(", ")}</td>
      </tr>`)}</tbody>
    </table>`;
  }
}

customElements.define("audit-plan-print", PlanPrint);
