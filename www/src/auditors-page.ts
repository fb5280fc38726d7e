// <auditors-page>: the auditor register (ISO 19011 clause 7): profiles with their audit
// experience log, the match against a programme's competence criteria, evaluations,
// CPD, and the person's data exported or erased. `#/auditors` lists, `#/auditors/ID`
// shows one person.
import { html, nothing, css } from "lit";
import type {
  AuditorDetail, AuditorSummary, EvaluationFields, EvaluationMethod, EvaluationResult, Profile, Relation, Role,
} from "./engine.js";
import { asFormError, download, errorText, field, formError, lines, values } from "./forms.js";
import { number as localNumber, t, tKey } from "./i18n.js";
import { tHtml } from "./i18n-html.js";
import { today } from "./labels.js";
import { PageElement } from "./page.js";

const ROLES: Role[] = ["lead_auditor", "auditor", "auditor_in_training", "technical_expert", "programme_manager"];

/** A role's name in the page's language. */
export const profileRole = (r: Role) => tKey(`records.auditors.role.${r}`);

/** The roles' names, read when used (the language can change while the page is open). */
export const PROFILE_ROLES = Object.defineProperties(
  {} as Record<Role, string>,
  Object.fromEntries(ROLES.map((r) => [r, { get: () => profileRole(r), enumerable: true }])),
);

const EVALUATION_METHODS: EvaluationMethod[] = [
  "record_review", "positive_feedback", "negative_feedback", "interview", "observation", "testing", "post_audit_review",
];
const method = (m: EvaluationMethod) => tKey(`records.auditors.method.${m}`);

const RESULTS: EvaluationResult[] = ["competent", "competent_with_actions", "not_yet_competent"];
const result = (r: EvaluationResult) => tKey(`records.auditors.result.${r}`);

/** Whether a relation written in the profile form means "responsible" (either language). */
const RESPONSIBLE = /respons|verantwort/i;

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
      <h2>${t("records.auditors.heading")}</h2>
      <p class="banner info" id="privacy-note"><strong>${t("records.auditors.privacy_title")}</strong> ${t("records.auditors.privacy")}</p>
      ${this.auditorId ? this.detail(this.auditorId) : this.register(list)}
    `;
  }

  private register(list: AuditorSummary[]) {
    const { navigate } = this.ctx;
    return html`<div class="card">
        ${list.length === 0
          ? html`<p class="muted">${t("records.auditors.empty")}</p>`
          : html`<table aria-label=${t("records.auditors.register")}>
              <thead><tr><th>${t("common.name")}</th><th>${t("records.auditors.roles")}</th><th>${t("records.auditors.col.audits")}</th><th>${t("records.auditors.col.audit_days")}</th></tr></thead>
              <tbody>${list.map((s) => html`<tr>
                <td><button class="link" @click=${() => navigate({ view: "auditors", id: s.auditor.id })}>${s.auditor.profile.name}</button>
                  ${s.auditor.erased ? html`<span class="pill">${t("records.auditors.erased")}</span>` : nothing}</td>
                <td>${(s.auditor.profile.roles ?? []).map(profileRole).join(", ")}</td>
                <td>${s.audits}</td><td>${localNumber(s.days)}</td>
              </tr>`)}</tbody></table>`}
      </div>
      ${this.mode === "new"
        ? this.profileForm(undefined)
        : html`<button id="new-auditor" class="edit" @click=${() => { this.mode = "new"; this.error = undefined; }}>${t("records.auditors.record")}</button>`}`;
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
          unit, relation: (RESPONSIBLE.test(relation ?? "") ? "responsible" : "works_in") as Relation, until: until ?? "",
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
    const title = p ? t("records.auditors.edit_profile") : t("records.auditors.new");
    return html`<form class="card edit" novalidate aria-label=${title} @submit=${submit}>
      <h3>${title}</h3>
      ${formError(e, ["name", "roles", "knowledge"])}
      ${field(e, "name", t("common.name"), (inv, d) => html`<input id="name" name="name" .value=${p?.name ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
      <fieldset><legend>${t("records.auditors.roles_held")}</legend>
        ${e?.field === "roles" ? html`<div class="field-error" role="alert">${errorText(e)}</div>` : nothing}
        <div class="checks">${ROLES.map((r) => html`<label><input type="checkbox" name="role-${r}" value=${r}
          ?checked=${p?.roles?.includes(r) ?? false}> ${profileRole(r)}</label>`)}</div></fieldset>
      <fieldset><legend>${t("records.auditors.knowledge")}</legend>
        <div class="checks">${vocab.areas.map((a) => html`<label title=${a.hint}><input type="checkbox" name="area-${a.code}" value=${a.code}
          ?checked=${area(a.code)}> ${a.label}</label>`)}</div></fieldset>
      <div class="grid">
        ${text("education", t("records.auditors.education"), p?.education ?? "")}
        ${text("workExperience", t("records.auditors.work_experience"), p?.workExperience ?? "")}
        ${text("sectors", t("records.auditors.sectors"), (p?.sectors ?? []).join("\n"), t("records.auditors.one_per_line"))}
        ${text("languages", t("records.auditors.languages"), (p?.languages ?? []).join("\n"), t("records.auditors.one_per_line"))}
      </div>
      ${formError(fieldOf("certifications") ?? fieldOf("training") ?? fieldOf("outsideAudits") ?? fieldOf("affiliations"))}
      ${text("certifications", t("records.auditors.certifications"), joinLines((p?.certifications ?? []).map((c) => [c.name ?? "", c.issuer ?? "", c.obtained ?? "", c.expires ?? ""])), t("records.auditors.certifications_hint"))}
      ${text("training", t("records.auditors.training"), joinLines((p?.training ?? []).map((x) => [x.course ?? "", x.date ?? "", String(x.hours ?? 0)])), t("records.auditors.training_hint"))}
      ${text("outsideAudits", t("records.auditors.outside_audits"), joinLines((p?.outsideAudits ?? []).map((a) => [a.audit ?? "", a.date ?? "", String(a.days ?? 0), a.role ?? "", a.standard ?? ""])), t("records.auditors.outside_audits_hint"))}
      ${text("affiliations", t("records.auditors.affiliations"), joinLines((p?.affiliations ?? []).map((a) => [a.unit ?? "", a.relation === "responsible" ? t("records.auditors.token.responsible") : t("records.auditors.token.works_in"), a.until ?? ""])), t("records.auditors.affiliations_hint"))}
      <div class="actions">
        <button type="submit">${p ? t("records.auditors.save_profile") : t("records.auditors.record_auditor")}</button>
        <button type="button" class="secondary" @click=${() => { this.mode = "view"; this.error = undefined; }}>${t("common.cancel")}</button>
      </div>
    </form>`;
  }

  private detail(id: string) {
    const { app, navigate } = this.ctx;
    let d: AuditorDetail;
    try {
      d = app.auditorDetail(id, this.programmeId, today());
    } catch (e) {
      return formError(asFormError(e));
    }
    const a = d.auditor;
    const p = { ...a.profile, name: a.profile.name ?? "", roles: a.profile.roles ?? [], knowledge: a.profile.knowledge ?? [],
      certifications: a.profile.certifications ?? [], training: a.profile.training ?? [], affiliations: a.profile.affiliations ?? [] };
    const erased = !!a.erased;
    const programmes = app.programmes();
    const exportProfile = () => download(`auditor-${p.name.replace(/[^\w.-]+/g, "-")}_${today()}.json`, "application/json", app.auditorExport(id));
    const erase = () => {
      if (!confirm(t("records.auditors.confirm_erase", { name: p.name }))) return;
      this.dispatchAndClose({ type: "eraseAuditor", auditorId: id });
    };
    return html`
      <nav class="no-print"><button class="link" @click=${() => navigate({ view: "auditors" })}>${t("records.auditors.all")}</button> ›</nav>
      <h3 id="auditor-name">${p.name} ${erased ? html`<span class="pill">${t("records.auditors.erased_on", { date: a.erased!.at.slice(0, 10), by: a.erased!.by })}</span>` : nothing}</h3>
      ${this.mode === "edit" ? this.profileForm(p) : html`<div class="card">
        <div class="grid">
          <p><strong>${t("records.auditors.roles")}</strong><br>${p.roles.map(profileRole).join(", ")}</p>
          <p><strong>${t("records.auditors.knowledge")}</strong><br>${p.knowledge.length ? p.knowledge.map((k) => app.competenceVocabulary().areas.find((x) => x.code === k)?.label ?? k).join(", ") : html`<span class="muted">${t("common.none")}</span>`}</p>
          <p><strong>${t("records.auditors.sectors")}</strong><br>${(p.sectors ?? []).join(", ") || "–"}</p>
          <p><strong>${t("records.auditors.languages")}</strong><br>${(p.languages ?? []).join(", ") || "–"}</p>
        </div>
        ${p.education ? html`<p><strong>${t("records.auditors.education")}</strong><br><span class="pre">${p.education}</span></p>` : nothing}
        ${p.workExperience ? html`<p><strong>${t("records.auditors.work_experience")}</strong><br><span class="pre">${p.workExperience}</span></p>` : nothing}
        ${(p.certifications ?? []).length ? html`<p><strong>${t("records.auditors.certifications")}</strong><br>${p.certifications.map((c) => html`${certification(c)}<br>`)}</p>` : nothing}
        ${(p.training ?? []).length ? html`<p><strong>${t("records.auditors.training")}</strong><br>${p.training.map((x) => html`${t("records.auditors.training_line", { course: x.course ?? "", date: x.date ?? "", hours: localNumber(x.hours ?? 0) })}<br>`)}</p>` : nothing}
        ${(p.affiliations ?? []).length ? html`<p><strong>${t("records.auditors.units")}</strong><br>${p.affiliations.map((x) => html`${affiliation(x)}<br>`)}</p>` : nothing}
        <div class="actions">
          ${erased ? nothing : html`<button class="secondary edit" id="edit-profile" @click=${() => { this.mode = "edit"; this.error = undefined; }}>${t("records.auditors.edit_profile")}</button>`}
          <button class="secondary" id="export-profile" @click=${exportProfile}>${t("records.auditors.export_profile")}</button>
          ${erased ? nothing : html`<button class="danger edit" id="erase-profile" @click=${erase}>${t("records.auditors.erase_profile")}</button>`}
        </div>
        ${this.mode === "view" ? formError(this.error) : nothing}
      </div>`}
      <div class="card">
        <h3>${t("records.auditors.competence")}</h3>
        <div class="field"><label for="judge-programme">${t("records.auditors.judged_against")}</label>
          <select id="judge-programme" class="filters" @change=${(ev: Event) => (this.programmeId = (ev.target as HTMLSelectElement).value)}>
            <option value="" ?selected=${this.programmeId === ""}>${t("records.auditors.default_criteria")}</option>
            ${programmes.map((s) => html`<option value=${s.programme.id} ?selected=${this.programmeId === s.programme.id}>${s.programme.name}</option>`)}
          </select></div>
        <table aria-label=${t("records.auditors.match_label")}>
          <thead><tr><th>${t("common.role")}</th><th>${t("records.auditors.col.match")}</th><th>${t("records.auditors.col.gaps")}</th></tr></thead>
          <tbody>${d.matches.map((m) => html`<tr><td>${profileRole(m.role)}</td><td>${t("records.auditors.match", { percent: m.percent, met: m.met, total: m.total })}</td>
            <td>${m.checks.filter((c) => !c.met).map((c) => html`<span class="unmet">${c.label}</span><br>`)}</td></tr>`)}</tbody>
        </table>
        ${d.reminders.length ? html`<p id="auditor-reminders"><strong>${t("records.auditors.todo")}</strong> ${t("records.auditors.todo_list", { items: d.reminders.map((r) => (r.due ? t("records.auditors.reminder_due", { what: r.what, due: r.due }) : r.what)).join("; ") })}</p>` : nothing}
      </div>
      <div class="card">
        <h3>${t("records.auditors.experience")}</h3>
        <p class="muted">${t("records.auditors.experience_count", { audits: d.audits, days: d.days, name: p.name })}</p>
        ${d.experience.length ? html`<table aria-label=${t("records.auditors.experience_log")}>
          <thead><tr><th>${t("records.auditors.col.audit")}</th><th>${t("records.auditors.col.last_day")}</th><th>${t("records.auditors.col.days")}</th><th>${t("common.role")}</th><th>${t("records.auditors.col.standard")}</th><th>${t("records.auditors.col.source")}</th></tr></thead>
          <tbody>${d.experience.map((r) => html`<tr><td>${r.auditId ? html`<button class="link" @click=${() => navigate({ view: "audit", id: r.auditId })}>${r.audit}</button>` : r.audit}</td>
            <td>${r.date}</td><td>${localNumber(r.days)}</td><td>${r.role}</td><td>${r.standard}</td><td>${r.auditId ? (r.counted ? t("records.auditors.source.workspace") : t("records.auditors.source.planned")) : t("records.auditors.source.entered")}</td></tr>`)}</tbody></table>` : nothing}
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
      <h3>${t("records.auditors.evaluations")}</h3>
      ${(a.evaluations ?? []).length ? html`<table aria-label=${t("records.auditors.evaluations")}>
        <thead><tr><th>${t("records.auditors.col.number")}</th><th>${t("common.date")}</th><th>${t("common.role")}</th><th>${t("records.auditors.evaluator")}</th><th>${t("records.auditors.methods")}</th><th>${t("records.auditors.col.result")}</th><th>${t("records.auditors.gaps_actions")}</th></tr></thead>
        <tbody>${(a.evaluations ?? []).map((x) => html`<tr><td>${x.number}</td><td>${x.fields.date}</td><td>${profileRole(x.fields.role)}</td><td>${x.fields.evaluator}</td>
          <td>${x.fields.methods.map(method).join(", ")}</td><td>${result(x.fields.result)}</td>
          <td>${(x.fields.gaps ?? []).map((g) => html`${g.due ? t("records.auditors.gap_due", { gap: g.gap, action: g.action, due: g.due }) : t("records.auditors.gap", { gap: g.gap, action: g.action })}<br>`)}</td></tr>`)}</tbody></table>`
        : html`<p class="muted">${t("records.auditors.not_evaluated")}</p>`}
      ${erased ? nothing : this.mode === "evaluate" ? html`<form class="edit" novalidate aria-label=${t("records.auditors.new_evaluation")} @submit=${submit}>
        ${formError(e, ["date", "evaluator"])}
        <div class="grid">
          ${field(e, "date", t("common.date"), (inv, dd) => html`<input id="date" name="date" type="date" .value=${today()} aria-invalid=${inv} aria-describedby=${dd}>`)}
          ${field(e, "evaluator", t("records.auditors.evaluator"), (inv, dd) => html`<input id="evaluator" name="evaluator" aria-invalid=${inv} aria-describedby=${dd}>`)}
          <div class="field"><label for="eval-role">${t("records.auditors.role_evaluated")}</label><select id="eval-role" name="role">
            ${(a.profile.roles ?? []).map((r) => html`<option value=${r}>${profileRole(r)}</option>`)}</select></div>
          <div class="field"><label for="result">${t("records.auditors.overall_result")}</label><select id="result" name="result">
            ${RESULTS.map((r) => html`<option value=${r}>${result(r)}</option>`)}</select></div>
        </div>
        <fieldset><legend>${t("records.auditors.methods")}</legend><div class="checks">${EVALUATION_METHODS.map((m) =>
          html`<label><input type="checkbox" name="method-${m}" value=${m}> ${method(m)}</label>`)}</div></fieldset>
        <fieldset><legend>${t("records.auditors.outcomes")}</legend>
          <table><thead><tr><th>${t("records.auditors.col.requirement")}</th><th>${t("records.auditors.col.outcome")}</th></tr></thead><tbody>${checks.map((c) => html`<tr><td>${c.label}</td>
            <td><select name="outcome-${c.requirement}" aria-label=${t("records.auditors.outcome_of", { requirement: c.label })}><option value="">${t("records.auditors.outcome.not_assessed")}</option>
              <option value="met">${t("records.auditors.outcome.met")}</option><option value="not_met">${t("records.auditors.outcome.not_met")}</option></select></td></tr>`)}</tbody></table></fieldset>
        ${field(e, "gaps", t("records.auditors.gaps_actions"), (inv, dd) => html`<textarea id="gaps" name="gaps" aria-invalid=${inv} aria-describedby=${dd}></textarea>`, t("records.auditors.gaps_hint"))}
        ${field(e, "notes", t("common.notes"), (inv, dd) => html`<textarea id="notes" name="notes" aria-invalid=${inv} aria-describedby=${dd}></textarea>`)}
        <div class="actions"><button type="submit">${t("records.auditors.record_evaluation")}</button>
          <button type="button" class="secondary" @click=${() => { this.mode = "view"; this.error = undefined; }}>${t("common.cancel")}</button></div>
      </form>` : html`<button class="secondary edit" id="new-evaluation" @click=${() => { this.mode = "evaluate"; this.error = undefined; }}>${t("records.auditors.record_an_evaluation")}</button>`}
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
      <h3>${t("records.auditors.cpd")}</h3>
      <p id="cpd-status">${d.cpd.shortfall > 0
        ? tHtml("records.auditors.cpd_short", {
            hours: localNumber(d.cpd.hours), required: localNumber(d.cpd.required),
            short: html`<span class="unmet">${t("records.auditors.cpd_hours_short", { n: localNumber(d.cpd.shortfall) })}</span>`,
          })
        : tHtml("records.auditors.cpd_met", {
            hours: localNumber(d.cpd.hours), required: localNumber(d.cpd.required),
            met: html`<span class="met">${t("records.auditors.cpd_met_mark")}</span>`,
          })}</p>
      ${(a.cpd ?? []).length ? html`<table aria-label=${t("records.auditors.cpd_log")}><thead><tr><th>${t("common.date")}</th><th>${t("records.auditors.hours")}</th><th>${t("records.auditors.topic")}</th></tr></thead>
        <tbody>${(a.cpd ?? []).map((c) => html`<tr><td>${c.date}</td><td>${localNumber(c.hours)}</td><td>${c.topic}</td></tr>`)}</tbody></table>` : nothing}
      ${erased ? nothing : this.mode === "cpd" ? html`<form class="edit" novalidate aria-label=${t("records.auditors.new_cpd")} @submit=${submit}>
        ${formError(e, ["date", "hours", "topic"])}
        <div class="grid">
          ${field(e, "date", t("common.date"), (inv, dd) => html`<input id="date" name="date" type="date" .value=${today()} aria-invalid=${inv} aria-describedby=${dd}>`)}
          ${field(e, "hours", t("records.auditors.hours"), (inv, dd) => html`<input id="hours" name="hours" type="number" step="0.25" aria-invalid=${inv} aria-describedby=${dd}>`)}
          ${field(e, "topic", t("records.auditors.topic"), (inv, dd) => html`<input id="topic" name="topic" aria-invalid=${inv} aria-describedby=${dd}>`)}
        </div>
        <div class="actions"><button type="submit">${t("records.auditors.add_cpd")}</button>
          <button type="button" class="secondary" @click=${() => { this.mode = "view"; this.error = undefined; }}>${t("common.cancel")}</button></div>
      </form>` : html`<button class="secondary edit" id="new-cpd" @click=${() => { this.mode = "cpd"; this.error = undefined; }}>${t("records.auditors.add_cpd")}</button>`}
    </div>`;
  }
}

/** A certification as one line: name, issuer, when obtained and when it expires. */
function certification(c: { name?: string; issuer?: string; obtained?: string; expires?: string }): string {
  const params = { name: c.name ?? "", issuer: c.issuer ?? "", obtained: c.obtained ?? "", expires: c.expires ?? "" };
  if (c.issuer) return c.expires ? t("records.auditors.cert_issuer_expires", params) : t("records.auditors.cert_issuer", params);
  return c.expires ? t("records.auditors.cert_expires", params) : t("records.auditors.cert", params);
}

/** A unit or process the person works in or is responsible for, and until when. */
function affiliation(x: { unit?: string; relation?: Relation; until?: string }): string {
  const params = { unit: x.unit ?? "", until: x.until ?? "" };
  if (x.relation === "responsible") return x.until ? t("records.auditors.responsible_until", params) : t("records.auditors.responsible", params);
  return x.until ? t("records.auditors.works_in_until", params) : t("records.auditors.works_in", params);
}

customElements.define("auditors-page", AuditorsPage);
