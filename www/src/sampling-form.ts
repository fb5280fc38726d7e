// The sampling plan of one checklist item (ISO 19011 6.3.4, A.6): the population, the
// method and what sizes the sample, a seed that selects the items reproducibly, and
// what examining them found. The engine computes the size and the selection.
import { html, nothing } from "lit";
import type { ChecklistItem, ControlFrequency, SamplingFields, SamplingMethod, SamplingPlan } from "./engine.js";
import { field, formError, values, type FormError } from "./forms.js";
import { t, tKey } from "./i18n.js";

const FIELDS = ["population", "populationSize", "method", "frequency", "confidence", "tolerableRate", "seed", "examined", "deviations", "notes"];

const FREQUENCIES: ControlFrequency[] = ["annual", "quarterly", "monthly", "weekly", "daily", "multiple_times_per_day", "ad_hoc"];
const frequency = (f: ControlFrequency) => tKey(`audit.sampling.frequency.${f}`);

/** One line for the checklist row. */
export function samplingSummary(p: SamplingPlan): string {
  const counts = { size: p.sampleSize, populationSize: p.populationSize, population: p.population, examined: p.examined, deviations: p.deviations };
  if (!p.selected.length) return t("audit.sampling.summary", counts);
  const items = `${p.selected.slice(0, 12).join(", ")}${p.selected.length > 12 ? ", …" : ""}`;
  return t("audit.sampling.summary_drawn", { ...counts, items, seed: p.seed ?? "" });
}

/** A random seed of 9 digits, from the browser's cryptographic generator. */
function newSeed(): string {
  const n = crypto.getRandomValues(new Uint32Array(1))[0] % 900_000_000;
  return String(100_000_000 + n);
}

const number = (text: string | undefined) => (text && text.trim() !== "" ? Number(text) : undefined);

export function samplingForm(opts: {
  item: ChecklistItem;
  plan: SamplingPlan | undefined;
  error: FormError | undefined;
  onSubmit: (fields: SamplingFields) => void;
  onClose: () => void;
}) {
  const { item, plan: p, error: e } = opts;
  const title = t("audit.sampling.title", { id: item.criterionId });
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const v = values(event.target as HTMLFormElement);
    const method = (v.method || undefined) as SamplingMethod | undefined;
    opts.onSubmit({
      population: v.population,
      populationSize: number(v.populationSize) ?? 0,
      method,
      frequency: method === "judgement" ? ((v.frequency || undefined) as ControlFrequency | undefined) : undefined,
      confidence: method === "statistical" ? number(v.confidence) : undefined,
      tolerableRate: method === "statistical" ? number(v.tolerableRate) : undefined,
      seed: v.seed,
      examined: number(v.examined) ?? 0,
      deviations: number(v.deviations) ?? 0,
      notes: v.notes,
    });
  };
  return html`<form class="card edit" id="sampling-form" novalidate aria-label=${title} @submit=${submit}>
    <h3>${title} <span class="muted">${item.title}</span></h3>
    ${formError(e, FIELDS)}
    <div class="grid">
      ${field(e, "population", t("audit.sampling.population"), (inv, d) => html`<input id="population" name="population" .value=${p?.population ?? ""} aria-invalid=${inv} aria-describedby=${d}>`, t("audit.sampling.population_hint"))}
      ${field(e, "populationSize", t("audit.sampling.population_size"), (inv, d) => html`<input id="populationSize" name="populationSize" type="number" min="1" .value=${String(p?.populationSize ?? "")} aria-invalid=${inv} aria-describedby=${d}>`, t("audit.sampling.population_size_hint"))}
      ${field(e, "method", t("audit.sampling.method"), (inv, d) => html`<select id="method" name="method" aria-invalid=${inv} aria-describedby=${d}>
        <option value="" ?selected=${!p}>${t("audit.dashboard.choose")}</option>
        <option value="judgement" ?selected=${p?.method === "judgement"}>${t("audit.sampling.judgement_option")}</option>
        <option value="statistical" ?selected=${p?.method === "statistical"}>${t("audit.sampling.statistical_option")}</option>
      </select>`)}
    </div>
    <fieldset><legend>${t("audit.sampling.judgement")}</legend><div class="grid">
      ${field(e, "frequency", t("audit.sampling.frequency"), (inv, d) => html`<select id="frequency" name="frequency" aria-invalid=${inv} aria-describedby=${d}>
        <option value="">${t("audit.dashboard.choose")}</option>
        ${FREQUENCIES.map((f) => html`<option value=${f} ?selected=${p?.frequency === f}>${frequency(f)}</option>`)}
      </select>`, t("audit.sampling.frequency_hint"))}
    </div></fieldset>
    <fieldset><legend>${t("audit.sampling.statistical")}</legend><div class="grid">
      ${field(e, "confidence", t("audit.sampling.confidence"), (inv, d) => html`<input id="confidence" name="confidence" type="number" min="50" max="99" .value=${String(p?.confidence ?? 95)} aria-invalid=${inv} aria-describedby=${d}>`)}
      ${field(e, "tolerableRate", t("audit.sampling.tolerable_rate"), (inv, d) => html`<input id="tolerableRate" name="tolerableRate" type="number" min="1" max="50" .value=${String(p?.tolerableRate ?? 5)} aria-invalid=${inv} aria-describedby=${d}>`)}
    </div></fieldset>
    <div class="grid">
      ${field(e, "seed", t("audit.sampling.seed"), (inv, d) => html`<input id="seed" name="seed" inputmode="numeric" .value=${p?.seed ?? ""} aria-invalid=${inv} aria-describedby=${d}>
        <button type="button" class="link" @click=${(ev: Event) => {
          ((ev.target as HTMLElement).parentElement!.querySelector("#seed") as HTMLInputElement).value = newSeed();
        }}>${t("audit.sampling.new_seed")}</button>`, t("audit.sampling.seed_hint"))}
      ${field(e, "examined", t("audit.sampling.examined"), (inv, d) => html`<input id="examined" name="examined" type="number" min="0" .value=${String(p?.examined ?? 0)} aria-invalid=${inv} aria-describedby=${d}>`)}
      ${field(e, "deviations", t("audit.sampling.deviations"), (inv, d) => html`<input id="deviations" name="deviations" type="number" min="0" .value=${String(p?.deviations ?? 0)} aria-invalid=${inv} aria-describedby=${d}>`)}
    </div>
    ${field(e, "notes", t("common.notes"), (inv, d) => html`<textarea id="notes" name="notes" .value=${p?.notes ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`, t("audit.sampling.notes_hint"))}
    ${p ? html`<div class="card" id="sample-result" aria-label=${t("audit.sampling.result")}>
        <p><strong>${t("audit.sampling.size", { size: p.sampleSize })}</strong> ${t("audit.sampling.size_of", { populationSize: p.populationSize })} <span class="pre">${p.derivation}</span></p>
        ${p.selected.length
          ? html`<p><strong>${t("audit.sampling.selected")}</strong> ${t("audit.sampling.selected_how", { seed: p.seed ?? "" })} <span id="selected-items">${p.selected.join(", ")}</span></p>`
          : html`<p class="muted">${t("audit.sampling.no_seed")}</p>`}
      </div>` : nothing}
    <div class="actions">
      <button type="submit">${t("audit.sampling.save")}</button>
      <button type="button" class="secondary" @click=${opts.onClose}>${t("common.close")}</button>
    </div>
  </form>`;
}
