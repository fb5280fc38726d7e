// <auditors-page>: the auditor register (ISO 19011 clause 7): profiles with their audit
// experience log, the match against a programme's competence criteria, evaluations,
// CPD, and the person's data exported or erased. `#/auditors` lists, `#/auditors/ID`
// shows one person.
import { html, nothing, css } from "lit";
import type {
  AuditorDetail, AuditorSummary, EvaluationFields, EvaluationMethod, EvaluationResult, Profile, Relation, Role,
} from "./engine.js";
import { download, field, formError, lines, values } from "./forms.js";
import { today } from "./labels.js";
import { PageElement } from "./page.js";

export const PROFILE_ROLES: Record<Role, string> = {
  lead_auditor: "Lead auditor",
  auditor: "Auditor",
  auditor_in_training: "Auditor in training",
  technical_expert: "Technical expert",
  programme_manager: "Audit programme manager",
};

const EVALUATION_METHODS: Record<EvaluationMethod, string> = {
  record_review: "Review of records",
  positive_feedback: "Positive feedback",
  negative_feedback: "Negative feedback",
  interview: "Interview",
  observation: "Observation",
  testing: "Testing",
  post_audit_review: "Post-audit review",
};

const RESULTS: Record<EvaluationResult, string> = {
  competent: "Competent",
  competent_with_actions: "Competent, with actions",
  not_yet_competent: "Not yet competent",
};

/** `a; b; c` lines into their trimmed parts. */
const parts = (text: string | undefined) => lines((text ?? "").replace(/,/g, "\u0000")).map((l) => l.split(";").map((p) => p.replace(/\u0000/g, ",").trim()));
const joinLines = (rows: string[][]) => rows.map((r) => r.join("; ")).join("\n");
const number = (s: string | undefined) => (s === undefined || s.trim() === "" ? 0 : Number(s));

export class AuditorsPage extends PageElement {
  static properties = {
    ...PageElement.properties,
    auditorId: { type: String },
    mode: { state: true },
    programmeId: { state: true },
  };
  static styles = [
    ...PageElement.styles,
    css`
      .checks { columns: 2 16em; }
      .checks label { display: block; font-weight: 400; margin: 0.15em 0; }
      .met { color: #166534; }
      .unmet { color: var(--danger, #b91c1c); font-weight: 600; }
      fieldset { border: 1px solid var(--line, #cbd5e1); border-radius: 0.4em; margin: 0.6em 0; padding: 0.6em 0.8em; }
      legend { font-weight: 600; }
    `,
  ];
  declare auditorId: string | undefined;
  /** Which form is open. */
  declare mode: "view" | "new" | "edit" | "evaluate" | "cpd";
  /** The programme whose criteria a person is judged against ("" for the defaults). */
  declare programmeId: string;

  constructor() {
    super();
    this.mode = "view";
    this.programmeId = "";
  }

  private async dispatchAndClose(command: Parameters<typeof this.ctx.dispatch>[0], then?: (created?: string) => void) {
    let created: string | undefined;
    this.error = await this.saving(async () => {
      created = (await this.ctx.dispatch(command)).created;
    });
    if (!this.error) {
      this.mode = "view";
      then?.(created);
    }
  }

  render() {
    const list = this.ctx.app.auditors();
    return html`
      <h2>Auditors</h2>
      <p class="banner info" id="privacy-note"><strong>Personal data.</strong> These profiles and evaluations describe
        people. Everyone who opens this workspace in this browser, or a backup of it, can see them: the app has no
        per-user access. Give a person their data with “Export profile”; “Erase profile” removes it and leaves a
        pseudonym in the audits (the audit trail keeps the earlier entries, which it needs to verify).</p>
      ${this.auditorId ? this.detail(this.auditorId) : this.register(list)}
    `;
  }

  private register(list: AuditorSummary[]) {
    const { navigate } = this.ctx;
    return html`<div class="card">
        ${list.length === 0
          ? html`<p class="muted">No auditors recorded yet. Record each auditor, lead auditor, technical expert and the programme manager.</p>`
          : html`<table aria-label="Auditor register">
              <thead><tr><th>Name</th><th>Roles</th><th>Audits</th><th>Audit days</th></tr></thead>
              <tbody>${list.map((s) => html`<tr>
                <td><button class="link" @click=${() => navigate({ view: "auditors", id: s.auditor.id })}>${s.auditor.profile.name}</button>
                  ${s.auditor.erased ? html`<span class="pill">erased</span>` : nothing}</td>
                <td>${(s.auditor.profile.roles ?? []).map((r) => PROFILE_ROLES[r]).join(", ")}</td>
                <td>${s.audits}</td><td>${s.days}</td>
              </tr>`)}</tbody></table>`}
      </div>
      ${this.mode === "new"
        ? this.profileForm(undefined)
        : html`<button id="new-auditor" @click=${() => { this.mode = "new"; this.error = undefined; }}>Record an auditor</button>`}`;
  }

  private profileForm(p: Profile | undefined) {
    const e = this.error;
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      const v = values(form);
      const checked = (prefix: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name^="${prefix}"]:checked`)].map((i) => i.value);
      const profile: Profile = {
        name: v.name ?? "",
        roles: checked("role-") as Role[],
        education: v.education ?? "",
        workExperience: v.workExperience ?? "",
        knowledge: checked("area-"),
        sectors: lines(v.sectors),
        languages: lines(v.languages),
        certifications: parts(v.certifications).map(([name, issuer, obtained, expires]) => ({ name, issuer: issuer ?? "", obtained: obtained ?? "", expires: expires ?? "" })),
        training: parts(v.training).map(([course, date, hours]) => ({ course, date: date ?? "", hours: number(hours) })),
        outsideAudits: parts(v.outsideAudits).map(([audit, date, days, role, standard]) => ({ audit, date: date ?? "", days: number(days), role: role ?? "", standard: standard ?? "" })),
        affiliations: parts(v.affiliations).map(([unit, relation, until]) => ({
          unit, relation: (/respons/i.test(relation ?? "") ? "responsible" : "works_in") as Relation, until: until ?? "",
        })),
      };
      const command = p && this.auditorId
        ? { type: "updateAuditor" as const, auditorId: this.auditorId, profile }
        : { type: "createAuditor" as const, profile };
      this.dispatchAndClose(command, (created) => { if (created) this.ctx.navigate({ view: "auditors", id: created }); });
    };
    const vocab = this.ctx.app.competenceVocabulary();
    const area = (code: string) => p?.knowledge?.includes(code) ?? false;
    const text = (name: string, label: string, value: string, hint?: string) =>
      field(e, name, label, (inv, d) => html`<textarea id=${name} name=${name} .value=${value} aria-invalid=${inv} aria-describedby=${d}></textarea>`, hint);
    const fieldOf = (prefix: string) => (e?.field?.startsWith(prefix) ? e : undefined);
    return html`<form class="card" novalidate aria-label=${p ? "Edit profile" : "New auditor"} @submit=${submit}>
      <h3>${p ? "Edit profile" : "New auditor"}</h3>
      ${formError(e, ["name", "roles", "knowledge"])}
      ${field(e, "name", "Name", (inv, d) => html`<input id="name" name="name" .value=${p?.name ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
      <fieldset><legend>Roles held</legend>
        ${e?.field === "roles" ? html`<div class="field-error" role="alert">${e.message}</div>` : nothing}
        <div class="checks">${Object.entries(PROFILE_ROLES).map(([r, label]) => html`<label><input type="checkbox" name="role-${r}" value=${r}
          ?checked=${p?.roles?.includes(r as Role) ?? false}> ${label}</label>`)}</div></fieldset>
      <fieldset><legend>Knowledge areas</legend>
        <div class="checks">${vocab.areas.map((a) => html`<label title=${a.hint}><input type="checkbox" name="area-${a.code}" value=${a.code}
          ?checked=${area(a.code)}> ${a.label}</label>`)}</div></fieldset>
      <div class="grid">
        ${text("education", "Education", p?.education ?? "")}
        ${text("workExperience", "Work experience", p?.workExperience ?? "")}
        ${text("sectors", "Sectors", (p?.sectors ?? []).join("\n"), "one per line")}
        ${text("languages", "Languages", (p?.languages ?? []).join("\n"), "one per line")}
      </div>
      ${formError(fieldOf("certifications") ?? fieldOf("training") ?? fieldOf("outsideAudits") ?? fieldOf("affiliations"))}
      ${text("certifications", "Certifications", joinLines((p?.certifications ?? []).map((c) => [c.name ?? "", c.issuer ?? "", c.obtained ?? "", c.expires ?? ""])), "one per line: name; issuer; obtained YYYY-MM-DD; expires YYYY-MM-DD (or empty)")}
      ${text("training", "Training", joinLines((p?.training ?? []).map((t) => [t.course ?? "", t.date ?? "", String(t.hours ?? 0)])), "one per line: course; date; hours")}
      ${text("outsideAudits", "Audits outside this workspace", joinLines((p?.outsideAudits ?? []).map((a) => [a.audit ?? "", a.date ?? "", String(a.days ?? 0), a.role ?? "", a.standard ?? ""])), "one per line: audit; last day; days; role; standard")}
      ${text("affiliations", "Units and processes (impartiality)", joinLines((p?.affiliations ?? []).map((a) => [a.unit ?? "", a.relation === "responsible" ? "responsible" : "works in", a.until ?? ""])), "one per line: unit or process; works in | responsible; until YYYY-MM-DD (empty while it lasts)")}
      <div class="actions">
        <button type="submit">${p ? "Save profile" : "Record auditor"}</button>
        <button type="button" class="secondary" @click=${() => { this.mode = "view"; this.error = undefined; }}>Cancel</button>
      </div>
    </form>`;
  }

  private detail(id: string) {
    const { app, navigate } = this.ctx;
    let d: AuditorDetail;
    try {
      d = app.auditorDetail(id, this.programmeId, today());
    } catch (e) {
      return html`<div class="banner error" role="alert">${(e as Error).message}</div>`;
    }
    const a = d.auditor;
    const p = { ...a.profile, name: a.profile.name ?? "", roles: a.profile.roles ?? [], knowledge: a.profile.knowledge ?? [],
      certifications: a.profile.certifications ?? [], training: a.profile.training ?? [], affiliations: a.profile.affiliations ?? [] };
    const erased = !!a.erased;
    const programmes = app.programmes();
    const exportProfile = () => download(`auditor-${p.name.replace(/[^\w.-]+/g, "-")}_${today()}.json`, "application/json", app.auditorExport(id));
    const erase = () => {
      if (!confirm(`Erase the profile of ${p.name}? Their profile, CPD and evaluations are removed; the audits keep a pseudonym. This cannot be undone.`)) return;
      this.dispatchAndClose({ type: "eraseAuditor", auditorId: id });
    };
    return html`
      <nav class="no-print"><button class="link" @click=${() => navigate({ view: "auditors" })}>All auditors</button> ›</nav>
      <h3 id="auditor-name">${p.name} ${erased ? html`<span class="pill">erased ${a.erased!.at.slice(0, 10)} by ${a.erased!.by}</span>` : nothing}</h3>
      ${this.mode === "edit" ? this.profileForm(p) : html`<div class="card">
        <div class="grid">
          <p><strong>Roles</strong><br>${p.roles.map((r) => PROFILE_ROLES[r]).join(", ")}</p>
          <p><strong>Knowledge areas</strong><br>${p.knowledge.length ? p.knowledge.map((k) => app.competenceVocabulary().areas.find((x) => x.code === k)?.label ?? k).join(", ") : html`<span class="muted">none</span>`}</p>
          <p><strong>Sectors</strong><br>${(p.sectors ?? []).join(", ") || "–"}</p>
          <p><strong>Languages</strong><br>${(p.languages ?? []).join(", ") || "–"}</p>
        </div>
        ${p.education ? html`<p><strong>Education</strong><br><span class="pre">${p.education}</span></p>` : nothing}
        ${p.workExperience ? html`<p><strong>Work experience</strong><br><span class="pre">${p.workExperience}</span></p>` : nothing}
        ${(p.certifications ?? []).length ? html`<p><strong>Certifications</strong><br>${p.certifications.map((c) => html`${c.name}${c.issuer ? ` (${c.issuer})` : ""}, ${c.obtained}${c.expires ? ` – expires ${c.expires}` : ""}<br>`)}</p>` : nothing}
        ${(p.training ?? []).length ? html`<p><strong>Training</strong><br>${p.training.map((t) => html`${t.course}, ${t.date} (${t.hours} h)<br>`)}</p>` : nothing}
        ${(p.affiliations ?? []).length ? html`<p><strong>Units and processes</strong><br>${p.affiliations.map((x) => html`${x.relation === "responsible" ? "Responsible for" : "Works in"} ${x.unit}${x.until ? ` until ${x.until}` : ""}<br>`)}</p>` : nothing}
        <div class="actions">
          ${erased ? nothing : html`<button class="secondary" id="edit-profile" @click=${() => { this.mode = "edit"; this.error = undefined; }}>Edit profile</button>`}
          <button class="secondary" id="export-profile" @click=${exportProfile}>Export profile</button>
          ${erased ? nothing : html`<button class="danger" id="erase-profile" @click=${erase}>Erase profile</button>`}
        </div>
        ${this.mode === "view" ? formError(this.error) : nothing}
      </div>`}
      <div class="card">
        <h3>Competence</h3>
        <div class="field"><label for="judge-programme">Judged against the criteria of</label>
          <select id="judge-programme" class="filters" @change=${(ev: Event) => (this.programmeId = (ev.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.programmeId === ""}>the default criteria</option>
            ${programmes.map((s) => html`<option value=${s.programme.id} ?selected=${this.programmeId === s.programme.id}>${s.programme.name}</option>`)}
          </select></div>
        <table aria-label="Competence match">
          <thead><tr><th>Role</th><th>Match</th><th>Gaps</th></tr></thead>
          <tbody>${d.matches.map((m) => html`<tr><td>${PROFILE_ROLES[m.role]}</td><td>${m.percent}% (${m.met} of ${m.total})</td>
            <td>${m.checks.filter((c) => !c.met).map((c) => html`<span class="unmet">${c.label}</span><br>`)}</td></tr>`)}</tbody>
        </table>
        ${d.reminders.length ? html`<p id="auditor-reminders"><strong>To do:</strong> ${d.reminders.map((r) => `${r.what}${r.due ? ` (${r.due})` : ""}`).join("; ")}.</p>` : nothing}
      </div>
      <div class="card">
        <h3>Audit experience</h3>
        <p class="muted">${d.audits} audit${d.audits === 1 ? "" : "s"}, ${d.days} audit day${d.days === 1 ? "" : "s"} counted (audits of this workspace where ${p.name} is on the team once started, and audits entered in the profile).</p>
        ${d.experience.length ? html`<table aria-label="Audit experience log">
          <thead><tr><th>Audit</th><th>Last day</th><th>Days</th><th>Role</th><th>Standard</th><th>Source</th></tr></thead>
          <tbody>${d.experience.map((r) => html`<tr><td>${r.auditId ? html`<button class="link" @click=${() => navigate({ view: "audit", id: r.auditId })}>${r.audit}</button>` : r.audit}</td>
            <td>${r.date}</td><td>${r.days}</td><td>${r.role}</td><td>${r.standard}</td><td>${r.auditId ? (r.counted ? "this workspace" : "this workspace (planned)") : "entered"}</td></tr>`)}</tbody></table>` : nothing}
      </div>
      ${this.evaluations(d, erased)}
      ${this.cpd(d, erased)}`;
  }

  private evaluations(d: AuditorDetail, erased: boolean) {
    const a = d.auditor;
    const e = this.mode === "evaluate" ? this.error : undefined;
    const checks = d.matches.flatMap((m) => m.checks).filter((c, i, all) => all.findIndex((x) => x.requirement === c.requirement) === i);
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      const v = values(form);
      const evaluation: EvaluationFields = {
        date: v.date ?? "",
        evaluator: v.evaluator ?? "",
        role: v.role as Role,
        methods: [...form.querySelectorAll<HTMLInputElement>('input[name^="method-"]:checked')].map((i) => i.value as EvaluationMethod),
        outcomes: checks.filter((c) => v[`outcome-${c.requirement}`]).map((c) => ({ requirement: c.requirement, met: v[`outcome-${c.requirement}`] === "met", note: "" })),
        result: v.result as EvaluationResult,
        gaps: parts(v.gaps).map(([gap, action, due]) => ({ gap, action: action ?? "", due: due ?? "" })),
        notes: v.notes ?? "",
      };
      this.dispatchAndClose({ type: "recordEvaluation", auditorId: a.id, evaluation });
    };
    return html`<div class="card">
      <h3>Evaluations</h3>
      ${(a.evaluations ?? []).length ? html`<table aria-label="Evaluations">
        <thead><tr><th>No.</th><th>Date</th><th>Role</th><th>Evaluator</th><th>Methods</th><th>Result</th><th>Gaps and actions</th></tr></thead>
        <tbody>${(a.evaluations ?? []).map((x) => html`<tr><td>${x.number}</td><td>${x.fields.date}</td><td>${PROFILE_ROLES[x.fields.role]}</td><td>${x.fields.evaluator}</td>
          <td>${x.fields.methods.map((m) => EVALUATION_METHODS[m]).join(", ")}</td><td>${RESULTS[x.fields.result]}</td>
          <td>${(x.fields.gaps ?? []).map((g) => html`${g.gap} → ${g.action}${g.due ? ` (by ${g.due})` : ""}<br>`)}</td></tr>`)}</tbody></table>`
        : html`<p class="muted">Not evaluated yet.</p>`}
      ${erased ? nothing : this.mode === "evaluate" ? html`<form novalidate aria-label="New evaluation" @submit=${submit}>
        ${formError(e, ["date", "evaluator"])}
        <div class="grid">
          ${field(e, "date", "Date", (inv, dd) => html`<input id="date" name="date" type="date" .value=${today()} aria-invalid=${inv} aria-describedby=${dd}>`)}
          ${field(e, "evaluator", "Evaluator", (inv, dd) => html`<input id="evaluator" name="evaluator" aria-invalid=${inv} aria-describedby=${dd}>`)}
          <div class="field"><label for="eval-role">Role evaluated</label><select id="eval-role" name="role">
            ${(a.profile.roles ?? []).map((r) => html`<option value=${r}>${PROFILE_ROLES[r]}</option>`)}</select></div>
          <div class="field"><label for="result">Overall result</label><select id="result" name="result">
            ${Object.entries(RESULTS).map(([r, label]) => html`<option value=${r}>${label}</option>`)}</select></div>
        </div>
        <fieldset><legend>Methods</legend><div class="checks">${Object.entries(EVALUATION_METHODS).map(([m, label]) =>
          html`<label><input type="checkbox" name="method-${m}" value=${m}> ${label}</label>`)}</div></fieldset>
        <fieldset><legend>Outcome per requirement</legend>
          <table><thead><tr><th>Requirement</th><th>Outcome</th></tr></thead><tbody>${checks.map((c) => html`<tr><td>${c.label}</td>
            <td><select name="outcome-${c.requirement}" aria-label="Outcome: ${c.label}"><option value="">not assessed</option>
              <option value="met">met</option><option value="not_met">not met</option></select></td></tr>`)}</tbody></table></fieldset>
        ${field(e, "gaps", "Gaps and actions", (inv, dd) => html`<textarea id="gaps" name="gaps" aria-invalid=${inv} aria-describedby=${dd}></textarea>`, "one per line: gap; action; due YYYY-MM-DD")}
        ${field(e, "notes", "Notes", (inv, dd) => html`<textarea id="notes" name="notes" aria-invalid=${inv} aria-describedby=${dd}></textarea>`)}
        <div class="actions"><button type="submit">Record evaluation</button>
          <button type="button" class="secondary" @click=${() => { this.mode = "view"; this.error = undefined; }}>Cancel</button></div>
      </form>` : html`<button class="secondary" id="new-evaluation" @click=${() => { this.mode = "evaluate"; this.error = undefined; }}>Record an evaluation</button>`}
    </div>`;
  }

  private cpd(d: AuditorDetail, erased: boolean) {
    const a = d.auditor;
    const e = this.mode === "cpd" ? this.error : undefined;
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const v = values(event.target as HTMLFormElement);
      this.dispatchAndClose({ type: "addCpd", auditorId: a.id, entry: { date: v.date ?? "", hours: number(v.hours), topic: v.topic ?? "" } });
    };
    return html`<div class="card">
      <h3>Continual professional development</h3>
      <p id="cpd-status">${d.cpd.hours} of ${d.cpd.required} hours in the last 12 months${d.cpd.shortfall > 0 ? html` — <span class="unmet">${d.cpd.shortfall} hours short</span>` : html` <span class="met">(met)</span>`}.</p>
      ${(a.cpd ?? []).length ? html`<table aria-label="CPD log"><thead><tr><th>Date</th><th>Hours</th><th>Topic</th></tr></thead>
        <tbody>${(a.cpd ?? []).map((c) => html`<tr><td>${c.date}</td><td>${c.hours}</td><td>${c.topic}</td></tr>`)}</tbody></table>` : nothing}
      ${erased ? nothing : this.mode === "cpd" ? html`<form novalidate aria-label="New CPD entry" @submit=${submit}>
        ${formError(e, ["date", "hours", "topic"])}
        <div class="grid">
          ${field(e, "date", "Date", (inv, dd) => html`<input id="date" name="date" type="date" .value=${today()} aria-invalid=${inv} aria-describedby=${dd}>`)}
          ${field(e, "hours", "Hours", (inv, dd) => html`<input id="hours" name="hours" type="number" step="0.25" aria-invalid=${inv} aria-describedby=${dd}>`)}
          ${field(e, "topic", "Topic", (inv, dd) => html`<input id="topic" name="topic" aria-invalid=${inv} aria-describedby=${dd}>`)}
        </div>
        <div class="actions"><button type="submit">Add CPD</button>
          <button type="button" class="secondary" @click=${() => { this.mode = "view"; this.error = undefined; }}>Cancel</button></div>
      </form>` : html`<button class="secondary" id="new-cpd" @click=${() => { this.mode = "cpd"; this.error = undefined; }}>Add CPD</button>`}
    </div>`;
  }
}

customElements.define("auditors-page", AuditorsPage);
