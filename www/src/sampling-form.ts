// The sampling plan of one checklist item (ISO 19011 6.3.4, A.6): the population, the
// method and what sizes the sample, a seed that selects the items reproducibly, and
// what examining them found. The engine computes the size and the selection.
import { html, nothing } from "lit";
import type { ChecklistItem, ControlFrequency, SamplingFields, SamplingMethod, SamplingPlan } from "./engine.js";
import { field, formError, values, type FormError } from "./forms.js";

const FIELDS = ["population", "populationSize", "method", "frequency", "confidence", "tolerableRate", "seed", "examined", "deviations", "notes"];

const FREQUENCIES: Record<ControlFrequency, string> = {
  annual: "Annual",
  quarterly: "Quarterly",
  monthly: "Monthly",
  weekly: "Weekly",
  daily: "Daily",
  multiple_times_per_day: "Several times a day",
  ad_hoc: "As needed (sized by the population)",
};

/** One line for the checklist row. */
export function samplingSummary(p: SamplingPlan): string {
  const drawn = p.selected.length ? `; items ${p.selected.slice(0, 12).join(", ")}${p.selected.length > 12 ? ", …" : ""} (seed ${p.seed})` : "";
  return `Sample ${p.sampleSize} of ${p.populationSize} ${p.population}${drawn}; ${p.examined} examined, ${p.deviations} deviation(s)`;
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
  const title = `Sampling for ${item.criterionId}`;
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
  return html`<form class="card" id="sampling-form" novalidate aria-label=${title} @submit=${submit}>
    <h3>${title} <span class="muted">${item.title}</span></h3>
    ${formError(e, FIELDS)}
    <div class="grid">
      ${field(e, "population", "Population", (inv, d) => html`<input id="population" name="population" .value=${p?.population ?? ""} aria-invalid=${inv} aria-describedby=${d}>`, "e.g. active user accounts on 1 March")}
      ${field(e, "populationSize", "Population size", (inv, d) => html`<input id="populationSize" name="populationSize" type="number" min="1" .value=${String(p?.populationSize ?? "")} aria-invalid=${inv} aria-describedby=${d}>`, "items numbered 1 to this")}
      ${field(e, "method", "Method", (inv, d) => html`<select id="method" name="method" aria-invalid=${inv} aria-describedby=${d}>
        <option value="" ?selected=${!p}>Choose…</option>
        <option value="judgement" ?selected=${p?.method === "judgement"}>Judgement (by control frequency)</option>
        <option value="statistical" ?selected=${p?.method === "statistical"}>Statistical attribute sampling</option>
      </select>`)}
    </div>
    <fieldset><legend>Judgement</legend><div class="grid">
      ${field(e, "frequency", "Control frequency", (inv, d) => html`<select id="frequency" name="frequency" aria-invalid=${inv} aria-describedby=${d}>
        <option value="">Choose…</option>
        ${Object.entries(FREQUENCIES).map(([f, label]) => html`<option value=${f} ?selected=${p?.frequency === f}>${label}</option>`)}
      </select>`, "sizes from common IT-controls practice, not from ISO 19011")}
    </div></fieldset>
    <fieldset><legend>Statistical (zero expected deviations)</legend><div class="grid">
      ${field(e, "confidence", "Confidence %", (inv, d) => html`<input id="confidence" name="confidence" type="number" min="50" max="99" .value=${String(p?.confidence ?? 95)} aria-invalid=${inv} aria-describedby=${d}>`)}
      ${field(e, "tolerableRate", "Tolerable deviation rate %", (inv, d) => html`<input id="tolerableRate" name="tolerableRate" type="number" min="1" max="50" .value=${String(p?.tolerableRate ?? 5)} aria-invalid=${inv} aria-describedby=${d}>`)}
    </div></fieldset>
    <div class="grid">
      ${field(e, "seed", "Random seed", (inv, d) => html`<input id="seed" name="seed" inputmode="numeric" .value=${p?.seed ?? ""} aria-invalid=${inv} aria-describedby=${d}>
        <button type="button" class="link" @click=${(ev: Event) => {
          ((ev.target as HTMLElement).parentElement!.querySelector("#seed") as HTMLInputElement).value = newSeed();
        }}>New random seed</button>`, "digits; the same seed always selects the same items")}
      ${field(e, "examined", "Items examined", (inv, d) => html`<input id="examined" name="examined" type="number" min="0" .value=${String(p?.examined ?? 0)} aria-invalid=${inv} aria-describedby=${d}>`)}
      ${field(e, "deviations", "Deviations found", (inv, d) => html`<input id="deviations" name="deviations" type="number" min="0" .value=${String(p?.deviations ?? 0)} aria-invalid=${inv} aria-describedby=${d}>`)}
    </div>
    ${field(e, "notes", "Notes", (inv, d) => html`<textarea id="notes" name="notes" .value=${p?.notes ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`, "what deviated, and how")}
    ${p ? html`<div class="card" id="sample-result" aria-label="Sample size and selection">
        <p><strong>Sample size ${p.sampleSize}</strong> of ${p.populationSize}. <span class="pre">${p.derivation}</span></p>
        ${p.selected.length
          ? html`<p><strong>Items selected</strong> (seed ${p.seed}, SplitMix64 with Floyd's algorithm): <span id="selected-items">${p.selected.join(", ")}</span></p>`
          : html`<p class="muted">No seed given, so no items were selected at random.</p>`}
      </div>` : nothing}
    <div class="actions">
      <button type="submit">Save sampling plan</button>
      <button type="button" class="secondary" @click=${opts.onClose}>Close</button>
    </div>
  </form>`;
}
