// <programme-competence>: a programme's competence criteria per role (ISO 19011 7.3),
// the areas its audit teams must cover and the impartiality window, with the reminder
// list of evaluations due, certifications expiring and CPD short (7.6).
import { html, nothing, css } from "lit";
import type { CompetenceSettings, RoleCriteria } from "./engine.js";
import { formError, lines, values } from "./forms.js";
import { today } from "./labels.js";
import { PageElement } from "./page.js";
import { PROFILE_ROLES } from "./auditors-page.js";
import { t } from "./i18n.js";

/** The reminder list of a programme (also shown on its overview). */
export function reminderList(ctx: PageElement["ctx"], programmeId: string) {
  const reminders = ctx.app.competenceReminders(programmeId, today());
  return html`<section class="card" aria-label=${t("programme.competence.reminders")} id="competence-reminders">
    <h3>${t("programme.competence.reminders")}</h3>
    ${reminders.length === 0
      ? html`<p class="muted">${t("programme.competence.nothing_due")}</p>`
      : html`<ul>${reminders.map((r) => html`<li><button class="link" @click=${() => ctx.navigate({ view: "auditors", id: r.auditorId })}>${r.name}</button>:
          ${r.what}${r.due ? ` (${r.due})` : ""}</li>`)}</ul>`}
  </section>`;
}

export class ProgrammeCompetence extends PageElement {
  static properties = { ...PageElement.properties, programmeId: { type: String } };
  static styles = [
    ...PageElement.styles,
    css`
      .checks { columns: 2 16em; }
      .checks label { display: block; font-weight: 400; margin: 0.1em 0; }
      fieldset { border: 1px solid var(--line, #cbd5e1); border-radius: 0.4em; margin: 0.6em 0; padding: 0.6em 0.8em; }
      legend { font-weight: 600; }
    `,
  ];
  declare programmeId: string;

  private async submit(event: SubmitEvent, settings: CompetenceSettings) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const v = values(form);
    const ticked = (prefix: string) => [...form.querySelectorAll<HTMLInputElement>(`input[name^="${prefix}"]:checked`)].map((i) => i.value);
    const roles: RoleCriteria[] = settings.roles.map((r) => ({
      role: r.role,
      knowledge: ticked(`${r.role}-area-`),
      minAudits: Number(v[`${r.role}-minAudits`] || 0),
      minAuditDays: Number(v[`${r.role}-minAuditDays`] || 0),
      training: lines(v[`${r.role}-training`]),
      behaviours: ticked(`${r.role}-behaviour-`),
      cpdHoursPerYear: Number(v[`${r.role}-cpd`] || 0),
      evaluationMonths: Number(v[`${r.role}-months`] || 0),
    }));
    const criteria: CompetenceSettings = {
      roles,
      teamAreas: ticked("team-area-"),
      impartialityMonths: Number(v.impartialityMonths || 0),
    };
    this.error = await this.saving(() => this.ctx.dispatch({ type: "setCompetenceCriteria", programmeId: this.programmeId, criteria }));
  }

  render() {
    const { app } = this.ctx;
    const view = app.competenceSettings(this.programmeId);
    const s = view.settings;
    const vocab = app.competenceVocabulary();
    const box = (name: string, value: string, label: string, on: boolean, hint = "") =>
      html`<label title=${hint}><input type="checkbox" name=${name} value=${value} ?checked=${on}> ${label}</label>`;
    return html`
      ${reminderList(this.ctx, this.programmeId)}
      <form class="card edit" novalidate aria-label=${t("programme.competence.criteria")} @submit=${(e: SubmitEvent) => this.submit(e, s)}>
        <h3>${t("programme.competence.criteria")}</h3>
        <p class="muted">${view.defaults ? t("programme.competence.defaults") : t("programme.competence.set")} ${t("programme.competence.sources")}</p>
        ${formError(this.error)}
        <div class="grid">
          <div class="field"><label for="impartialityMonths">${t("programme.competence.impartiality")} <span class="hint">${t("programme.competence.impartiality_hint")}</span></label>
            <input id="impartialityMonths" name="impartialityMonths" type="number" min="1" max="120" .value=${String(s.impartialityMonths)}></div>
        </div>
        <fieldset><legend>${t("programme.competence.team_covers")}</legend>
          <div class="checks">${vocab.areas.map((a) => box(`team-area-${a.code}`, a.code, a.label, s.teamAreas.includes(a.code), a.hint))}</div>
          <p class="hint">${t("programme.competence.team_hint")}</p>
        </fieldset>
        ${s.roles.map((r) => html`<fieldset><legend>${PROFILE_ROLES[r.role]}</legend>
          <div class="grid">
            <div class="field"><label for="${r.role}-minAudits">${t("programme.competence.min_audits")}</label><input id="${r.role}-minAudits" name="${r.role}-minAudits" type="number" min="0" .value=${String(r.minAudits)}></div>
            <div class="field"><label for="${r.role}-minAuditDays">${t("programme.competence.min_days")}</label><input id="${r.role}-minAuditDays" name="${r.role}-minAuditDays" type="number" min="0" step="0.5" .value=${String(r.minAuditDays)}></div>
            <div class="field"><label for="${r.role}-cpd">${t("programme.competence.cpd")}</label><input id="${r.role}-cpd" name="${r.role}-cpd" type="number" min="0" step="0.5" .value=${String(r.cpdHoursPerYear)}></div>
            <div class="field"><label for="${r.role}-months">${t("programme.competence.months")}</label><input id="${r.role}-months" name="${r.role}-months" type="number" min="1" max="60" .value=${String(r.evaluationMonths)}></div>
          </div>
          <div class="field"><label for="${r.role}-training">${t("programme.competence.training")} <span class="hint">${t("programme.competence.training_hint")}</span></label>
            <textarea id="${r.role}-training" name="${r.role}-training" .value=${(r.training ?? []).join("\n")}></textarea></div>
          <p><strong>${t("programme.competence.knowledge")}</strong></p>
          <div class="checks">${vocab.areas.map((a) => box(`${r.role}-area-${a.code}`, a.code, a.label, (r.knowledge ?? []).includes(a.code), a.hint))}</div>
          <p><strong>${t("programme.competence.behaviour")}</strong></p>
          <div class="checks">${vocab.behaviours.map((b) => box(`${r.role}-behaviour-${b.code}`, b.code, b.label, (r.behaviours ?? []).includes(b.code), b.hint))}</div>
        </fieldset>`)}
        <div class="actions"><button type="submit">${t("programme.competence.save")}</button></div>
        ${this.busy ? html`<p class="muted">${t("common.saving")}</p>` : nothing}
      </form>`;
  }
}

customElements.define("programme-competence", ProgrammeCompetence);
