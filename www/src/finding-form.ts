// The finding form, used to add and to edit a finding.
import { html, nothing } from "lit";
import type { ChecklistItem, Finding, FindingFields, Grade, GradeDefinition } from "./engine.js";
import { field, formError, values, type FormError } from "./forms.js";
import { GRADE_VALUES, grade, today } from "./labels.js";
import { t } from "./i18n.js";

const FIELDS = ["grade", "criterionId", "alsoAgainst", "statement", "evidence", "date", "likelihood", "impact", "groups"];
const SCALE = ["1", "2", "3", "4", "5"];

export function findingForm(opts: {
  initial?: Finding;
  /** The criterion preselected for a new finding. */
  criterionId?: string;
  /** The objective evidence prefilled in a new finding (raised from an evidence entry). */
  evidence?: string;
  /** What a new finding starts from (e.g. a gap found in a document review). */
  draft?: { statement: string; evidence: string };
  checklist: ChecklistItem[];
  /** The audit's findings: a systemic major can group its nonconformities. */
  findings: Finding[];
  /** What each grade means, shown beside the choice. */
  definitions: GradeDefinition[];
  /** The audit's planned dates: a finding dated outside them is warned about (it may
   * be right, e.g. evidence reviewed after the visit, so it is not refused). */
  auditDates: { start: string; end: string };
  error: FormError | undefined;
  onSubmit: (fields: FindingFields) => void;
  onCancel: () => void;
}) {
  const { error: e, initial: f } = opts;
  const title = f ? t("audit.finding.edit_title", { reference: f.reference }) : t("audit.finding.new_title");
  const criterion = f?.criterionIds[0] ?? opts.criterionId ?? "";
  const also = f?.criterionIds.slice(1) ?? [];
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const v = values(form);
    const grouped = form.querySelector<HTMLSelectElement>("#groups");
    const more = [...form.querySelector<HTMLSelectElement>("#alsoAgainst")!.selectedOptions].map((o) => o.value);
    opts.onSubmit({
      grade: (v.grade || undefined) as Grade | undefined,
      criterionIds: [v.criterionId, ...more.filter((id) => id !== v.criterionId)].filter((id) => id !== ""),
      statement: v.statement,
      evidence: v.evidence,
      date: v.date,
      likelihood: v.likelihood ? Number(v.likelihood) : undefined,
      impact: v.impact ? Number(v.impact) : undefined,
      groups: grouped ? [...grouped.selectedOptions].map((o) => o.value) : [],
    });
  };
  const { start, end } = opts.auditDates;
  const outside = (date: string) =>
    date && (date < start || date > end) ? t("audit.finding.outside_dates", { start, end }) : "";
  const warnDate = (event: Event) => {
    const input = event.target as HTMLInputElement;
    input.parentElement!.querySelector("#date-warning")!.textContent = outside(input.value);
  };
  const nonconformities = opts.findings.filter((n) => n.id !== f?.id && (n.grade === "major_nonconformity" || n.grade === "minor_nonconformity"));
  return html`<form class="card edit" id="finding-form" novalidate @submit=${submit} aria-label=${title}>
    <h3>${title}</h3>
    ${formError(e, FIELDS)}
    <div class="grid">
      ${field(e, "grade", t("audit.page.grade"), (inv, d) => html`<select id="grade" name="grade" aria-invalid=${inv} aria-describedby=${d}>
        <option value="" ?selected=${!f}>${t("audit.finding.choose_grade")}</option>
        ${GRADE_VALUES.map((g) => html`<option value=${g} ?selected=${f?.grade === g}>${grade(g)}</option>`)}
      </select>`, t("audit.finding.grade_hint"))}
      ${field(e, "criterionId", t("audit.finding.against"), (inv, d) => html`<select id="criterionId" name="criterionId" aria-invalid=${inv} aria-describedby=${d}>
        <option value="" ?selected=${criterion === ""}>${t("audit.finding.choose_criterion")}</option>
        ${opts.checklist.map((i) => html`<option value=${i.criterionId} ?selected=${i.criterionId === criterion}>${i.criterionId} ${i.title}</option>`)}
      </select>`)}
    </div>
    <div class="grid">
      ${field(e, "alsoAgainst", t("audit.finding.also_against"), (inv, d) => html`<select id="alsoAgainst" name="alsoAgainst" multiple size="4" aria-invalid=${inv} aria-describedby=${d}>
        ${opts.checklist.map((i) => html`<option value=${i.criterionId} ?selected=${also.includes(i.criterionId)}>${i.criterionId} ${i.title}</option>`)}
      </select>`, t("audit.finding.also_against_hint"))}
      ${field(e, "date", t("common.date"), (inv, d) => html`<input id="date" name="date" type="date" .value=${f?.date ?? today()} aria-invalid=${inv}
        aria-describedby="${d} date-warning" @input=${warnDate}>
        <div class="date-warning" id="date-warning" aria-live="polite" .textContent=${outside(f?.date ?? today())}></div>`)}
    </div>
    <div class="grid">
      ${field(e, "likelihood", t("audit.finding.likelihood"), (inv, d) => html`<select id="likelihood" name="likelihood" aria-invalid=${inv} aria-describedby=${d}>
        <option value="">${t("audit.finding.not_rated")}</option>${SCALE.map((n) => html`<option value=${n} ?selected=${String(f?.likelihood ?? "") === n}>${n}</option>`)}
      </select>`, t("audit.finding.likelihood_hint"))}
      ${field(e, "impact", t("audit.finding.impact"), (inv, d) => html`<select id="impact" name="impact" aria-invalid=${inv} aria-describedby=${d}>
        <option value="">${t("audit.finding.not_rated")}</option>${SCALE.map((n) => html`<option value=${n} ?selected=${String(f?.impact ?? "") === n}>${n}</option>`)}
      </select>`, t("audit.finding.impact_hint"))}
    </div>
    <details class="grade-definitions" open>
      <summary>${t("audit.finding.grades_mean")}</summary>
      <dl>${opts.definitions.map((g) => html`<dt>${grade(g.grade)}</dt><dd>${g.definition}</dd>`)}</dl>
    </details>
    ${nonconformities.length
      ? field(e, "groups", t("audit.finding.groups"), (inv, d) => html`<select id="groups" name="groups" multiple size=${Math.min(nonconformities.length, 5)} aria-invalid=${inv} aria-describedby=${d}>
          ${nonconformities.map((n) => html`<option value=${n.id} ?selected=${f?.groups?.includes(n.id) ?? false}>${n.reference} ${grade(n.grade)} · ${n.criterionIds.join(", ")}</option>`)}
        </select>`, t("audit.finding.groups_hint"))
      : nothing}
    ${field(e, "statement", t("audit.finding.statement"), (inv, d) => html`<textarea id="statement" name="statement" .value=${f?.statement ?? opts.draft?.statement ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`, t("audit.finding.statement_hint"))}
    ${field(e, "evidence", t("audit.finding.evidence"), (inv, d) => html`<textarea id="evidence" name="evidence" .value=${f?.evidence ?? opts.draft?.evidence ?? opts.evidence ?? ""} aria-invalid=${inv} aria-describedby=${d}></textarea>`, t("audit.finding.evidence_hint"))}
    <div class="actions">
      <button type="submit">${f ? t("audit.finding.save") : t("audit.page.add_finding")}</button>
      <button type="button" class="secondary" @click=${opts.onCancel}>${t("common.cancel")}</button>
    </div>
  </form>`;
}
