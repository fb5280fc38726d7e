// The programme form, used to create and to edit a programme.
import { html } from "lit";
import type { Programme, ProgrammeFields } from "./engine.js";
import { field, formError, values, type FormError } from "./forms.js";

const FIELDS = ["name", "purpose", "objectives", "periodStart", "periodEnd", "owner"];

export function programmeForm(opts: {
  title: string;
  submitLabel: string;
  initial?: Programme;
  error: FormError | undefined;
  busy: boolean;
  onSubmit: (fields: ProgrammeFields) => void;
  onCancel: () => void;
}) {
  const { error: e, initial: p } = opts;
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const v = values(event.target as HTMLFormElement);
    opts.onSubmit({
      name: v.name, purpose: v.purpose, objectives: v.objectives,
      periodStart: v.periodStart, periodEnd: v.periodEnd, owner: v.owner,
    });
  };
  return html`<form class="card" novalidate @submit=${submit} aria-label=${opts.title}>
    <h3>${opts.title}</h3>
    ${formError(e, FIELDS)}
    ${field(e, "name", "Name", (inv, d) => html`<input id="name" name="name" .value=${p?.name ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
    ${field(e, "purpose", "Purpose", (inv, d) => html`<input id="purpose" name="purpose" .value=${p?.purpose ?? ""} aria-invalid=${inv} aria-describedby=${d}>`, "why the programme exists")}
    ${field(e, "objectives", "Objectives", (inv, d) => html`<textarea id="objectives" name="objectives" .value=${p?.objectives ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`)}
    <div class="grid">
      ${field(e, "periodStart", "Period start", (inv, d) => html`<input id="periodStart" name="periodStart" type="date" .value=${p?.periodStart ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
      ${field(e, "periodEnd", "Period end", (inv, d) => html`<input id="periodEnd" name="periodEnd" type="date" .value=${p?.periodEnd ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
      ${field(e, "owner", "Programme owner", (inv, d) => html`<input id="owner" name="owner" .value=${p?.owner ?? ""} aria-invalid=${inv} aria-describedby=${d}>`)}
    </div>
    <div class="actions">
      <button type="submit" ?disabled=${opts.busy}>${opts.submitLabel}</button>
      <button type="button" class="secondary" @click=${opts.onCancel}>Cancel</button>
    </div>
  </form>`;
}
