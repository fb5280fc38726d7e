// The programme form, used to create and to edit a programme: purpose, objectives and
// what each serves (ISO 19011 5.2), and the extent (5.4.3).
import { html } from "lit";
import type { ObjectiveLink, Programme, ProgrammeFields, SoaSummary } from "./engine.js";
import { field, formError, lines, values, type FormError } from "./forms.js";
import { t } from "./i18n.js";

const FIELDS = [
  "name", "purpose", "objectives", "periodStart", "periodEnd", "owner", "objectiveLinks",
  "cycleYears", "sites", "units", "processes", "annualAudits", "soaId", "auditorDaysPerYear",
];

export function programmeForm(opts: {
  title: string;
  submitLabel: string;
  initial?: Programme;
  soas: SoaSummary[];
  error: FormError | undefined;
  onSubmit: (fields: ProgrammeFields) => void;
  onCancel: () => void;
}) {
  const { error: e, initial: p } = opts;
  // The objectives already linked, and one empty row to add another.
  const links: ObjectiveLink[] = [...(p?.objectiveLinks ?? []), { objective: "", ismsObjectives: [], interestedParties: [], risks: [] }];
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const v = values(event.target as HTMLFormElement);
    const objectiveLinks = links
      .map((_, i) => ({
        objective: v[`objective-${i}`] ?? "",
        ismsObjectives: lines(v[`isms-${i}`]),
        interestedParties: lines(v[`parties-${i}`]),
        risks: lines(v[`risks-${i}`]),
      }))
      .filter((l) => l.objective.trim() || l.ismsObjectives.length || l.interestedParties.length || l.risks.length);
    opts.onSubmit({
      name: v.name, purpose: v.purpose, objectives: v.objectives,
      periodStart: v.periodStart, periodEnd: v.periodEnd, owner: v.owner,
      objectiveLinks,
      extent: {
        cycleYears: v.cycleYears === "" ? Number.NaN : Number(v.cycleYears),
        sites: lines(v.sites), units: lines(v.units), processes: lines(v.processes),
        annualAudits: (v.annualAudits ?? "").split("\n").map((s) => s.trim()).filter(Boolean),
      },
      soaId: v.soaId || undefined,
      auditorDaysPerYear: v.auditorDaysPerYear === "" ? 0 : Number(v.auditorDaysPerYear),
    });
  };
  const x = p?.extent;
  const list = (name: keyof NonNullable<typeof x>, label: string, hint: string) =>
    field(e, name, label, (inv, d) => html`<textarea id=${name} name=${name} rows="2" .value=${((x?.[name] as string[] | undefined) ?? []).join("\n")}
      aria-invalid=${inv} aria-describedby=${d}></textarea>`, hint);
  const perLine = t("programme.form.one_per_line");
  return html`<form class="card edit" novalidate @submit=${submit} aria-label=${opts.title}>
    <h3>${opts.title}</h3>
    ${formError(e, FIELDS)}
    ${field(e, "name", t("common.name"), (inv, d) => html`<input id="name" name="name" .value=${p?.name ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
    ${field(e, "purpose", t("programme.field.purpose"), (inv, d) => html`<input id="purpose" name="purpose" .value=${p?.purpose ?? ""} aria-invalid=${inv} aria-describedby=${d}>`, t("programme.form.purpose_hint"))}
    ${field(e, "objectives", t("programme.field.objectives"), (inv, d) => html`<textarea id="objectives" name="objectives" .value=${p?.objectives ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`)}
    <fieldset class="field">
      <legend><strong>${t("programme.field.links")}</strong>
        <span class="hint">${t("programme.form.links_hint")}</span></legend>
      ${e?.field === "objectiveLinks" ? html`<div class="field-error" role="alert">${e.message}</div>` : ""}
      <table>
        <thead><tr><th>${t("programme.field.objective")}</th><th>${t("programme.field.isms_objectives")}</th><th>${t("programme.field.parties")}</th><th>${t("programme.form.risks")}</th></tr></thead>
        <tbody>${links.map((l, i) => html`<tr>
          <td><input name="objective-${i}" aria-label=${t("programme.form.objective_n", { n: i + 1 })} .value=${l.objective}></td>
          <td><input name="isms-${i}" aria-label=${t("programme.form.isms_n", { n: i + 1 })} .value=${(l.ismsObjectives ?? []).join(", ")}></td>
          <td><input name="parties-${i}" aria-label=${t("programme.form.parties_n", { n: i + 1 })} .value=${(l.interestedParties ?? []).join(", ")}></td>
          <td><input name="risks-${i}" aria-label=${t("programme.form.risks_n", { n: i + 1 })} .value=${(l.risks ?? []).join(", ")}></td>
        </tr>`)}</tbody>
      </table>
    </fieldset>
    <div class="grid">
      ${field(e, "periodStart", t("programme.form.period_start"), (inv, d) => html`<input id="periodStart" name="periodStart" type="date" .value=${p?.periodStart ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
      ${field(e, "periodEnd", t("programme.form.period_end"), (inv, d) => html`<input id="periodEnd" name="periodEnd" type="date" .value=${p?.periodEnd ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
      ${field(e, "owner", t("programme.form.owner"), (inv, d) => html`<input id="owner" name="owner" .value=${p?.owner ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
    </div>
    <h4>${t("programme.field.extent")}</h4>
    <div class="grid">
      ${field(e, "cycleYears", t("programme.form.cycle"), (inv, d) => html`<input id="cycleYears" name="cycleYears" type="number" min="1" max="10" .value=${String(x?.cycleYears ?? 3)} aria-invalid=${inv} aria-describedby=${d}>`)}
      ${field(e, "soaId", t("programme.field.soa"), (inv, d) => html`<select id="soaId" name="soaId" aria-invalid=${inv} aria-describedby=${d}>
        <option value="">${t("programme.form.no_soa")}</option>
        ${opts.soas.map((s) => html`<option value=${s.soa.id} ?selected=${p?.soaId === s.soa.id}>${s.soa.name}</option>`)}
      </select>`, t("programme.form.soa_hint"))}
      ${field(e, "auditorDaysPerYear", t("programme.form.auditor_days"), (inv, d) => html`<input id="auditorDaysPerYear" name="auditorDaysPerYear" type="number" min="0" step="0.5"
        .value=${p?.auditorDaysPerYear ? String(p.auditorDaysPerYear) : ""} aria-invalid=${inv} aria-describedby=${d}>`)}
    </div>
    <div class="grid">
      ${list("sites", t("programme.field.sites"), perLine)}
      ${list("units", t("programme.field.units"), perLine)}
      ${list("processes", t("programme.field.processes"), perLine)}
      ${list("annualAudits", t("programme.field.annual_audits"), t("programme.form.annual_hint"))}
    </div>
    <div class="actions">
      <button type="submit">${opts.submitLabel}</button>
      <button type="button" class="secondary" @click=${opts.onCancel}>${t("common.cancel")}</button>
    </div>
  </form>`;
}
