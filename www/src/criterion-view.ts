// How a criterion's guidance and ISO/IEC 27002 attributes read, wherever they appear.
import { html, nothing } from "lit";
import type { Attributes, AuditKind, Catalog, Criterion, Guidance } from "./engine.js";

/** How each audit kind's emphasis is introduced (keys as in `AuditKind`). */
const EMPHASIS: Record<AuditKind, string> = {
  internal: "In an internal audit",
  supplier: "In a supplier audit",
  external: "In a customer's or certification body's audit",
};

/** The audit guidance of a criterion. In an audit's checklist `kind` is the audit's kind,
 * and only that kind's emphasis is shown; the catalog browser passes none and shows all. */
export function guidanceView(c: Criterion, kind?: AuditKind) {
  const g = c.guidance;
  if (!g) return nothing;
  const kinds = (Object.keys(EMPHASIS) as AuditKind[]).filter((k) => g.emphasis[k] && (!kind || k === kind));
  return html`<dl class="guidance-list">
    ${c.guidanceFrom ? html`<dd class="hint">Written for ${c.guidanceFrom}.</dd>` : nothing}
    ${c.raiseAgainst ? html`<dt>Raise findings against</dt><dd class="hint raise-against">${c.raiseAgainst}</dd>` : nothing}
    ${kinds.map((k) => html`<dt>${EMPHASIS[k]}</dt><dd class="emphasis">${g.emphasis[k]}</dd>`)}
    <dt>Examine</dt><dd>${g.examine}</dd>
    <dt>Interview</dt><dd>${g.interview}</dd>
    <dt>Observe and sample</dt><dd>${g.observe}</dd>
    ${sampling(g)}
    ${g.agreeFirst.length
      ? html`<dt>Agree before testing</dt><dd class="agree-first">These tests disturb or probe the auditee: agree each one with them
          and write it into the audit plan before you run it.<ul class="details">${g.agreeFirst.map((t) => html`<li>${t}</li>`)}</ul></dd>`
      : nothing}
    <dt>Typical evidence</dt><dd>${g.evidence}</dd>
    ${documents(c, g)}
    <dt>Typical nonconformities</dt><dd>${g.nonconformities}</dd>
  </dl>`;
}

function sampling(g: Guidance) {
  if (!g.sampling.length) return nothing;
  return html`<dt>Sample sizes</dt><dd class="sampling"><ul class="details">
      ${g.sampling.map((s) => html`<li>${s.population}: <strong>${s.size}</strong> <span class="muted">(${s.basisLabel})</span></li>`)}
    </ul><span class="hint">Sizes from common control-testing practice, not statistics. Note the sample you took in the
    checklist item's notes; a sampling plan per item can be recorded once the audit has sampling plans (not available yet).</span></dd>`;
}

function documents(c: Criterion, g: Guidance) {
  const label = c.auditable ? "Documented information ISO/IEC 27001 requires" : "Documented information the clauses below require";
  return html`<dt>${label}</dt><dd class="documents">${g.documents.length
    ? html`<ul class="details">${g.documents.map((d) => html`<li>${d.what} <span class="muted">(${d.clause};
        ${d.kind === "record" ? "a record kept as evidence" : "a document kept current"})</span></li>`)}</ul>`
    : html`None for this clause. Anything else is what the organization decided it needs (7.5.1 b)), not a requirement of the standard.`}</dd>`;
}

/** The note shown wherever a withdrawn edition can be chosen. */
export function withdrawnNote(catalog: Catalog) {
  return catalog.withdrawn ? html`<p class="hint withdrawn" role="note">${catalog.withdrawn}</p>` : nothing;
}

/** How an edition reads in a list of editions. */
export function editionLabel(catalog: Catalog) {
  return catalog.withdrawn ? `${catalog.edition} (withdrawn)` : catalog.edition;
}

const ATTRIBUTE_LABELS: [keyof Attributes, string][] = [
  ["controlType", "Control type"],
  ["securityProperties", "Security properties"],
  ["cybersecurityConcepts", "Cybersecurity concepts"],
  ["operationalCapabilities", "Operational capabilities"],
  ["securityDomains", "Security domains"],
];

export function attributeList(a: Attributes, caveat: string | undefined) {
  return html`<dl class="attributes">
    ${ATTRIBUTE_LABELS.map(([key, label]) => html`<dt>${label}</dt><dd>${a[key].join(", ")}</dd>`)}
  </dl>
  <p class="hint">${caveat ?? ""}</p>`;
}
