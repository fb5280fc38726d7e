// How a criterion's guidance and ISO/IEC 27002 attributes read, wherever they appear.
import { html, nothing } from "lit";
import type { Attributes, AuditKind, Catalog, Criterion, Guidance } from "./engine.js";
import { t, tKey } from "./i18n.js";

/** The audit kinds whose emphasis the guidance may give, in this order. */
const KINDS: AuditKind[] = ["internal", "supplier", "external"];
/** How each audit kind's emphasis is introduced. */
const emphasis = (k: AuditKind) => tKey(`audit.guidance.emphasis.${k}`);

/** The audit guidance of a criterion (written in English only: marked `lang="en"` for
 * screen readers when the page is in another language). In an audit's checklist `kind` is the audit's kind,
 * and only that kind's emphasis is shown; the catalog browser passes none and shows all. */
export function guidanceView(c: Criterion, kind?: AuditKind) {
  const g = c.guidance;
  if (!g) return nothing;
  const kinds = KINDS.filter((k) => g.emphasis[k] && (!kind || k === kind));
  return html`<dl class="guidance-list">
    ${c.guidanceFrom ? html`<dd class="hint">${t("audit.guidance.written_for", { edition: c.guidanceFrom })}</dd>` : nothing}
    ${c.raiseAgainst ? html`<dt>${t("audit.guidance.raise_against")}</dt><dd class="hint raise-against" lang="en">${c.raiseAgainst}</dd>` : nothing}
    ${kinds.map((k) => html`<dt>${emphasis(k)}</dt><dd class="emphasis" lang="en">${g.emphasis[k]}</dd>`)}
    <dt>${t("audit.guidance.examine")}</dt><dd lang="en">${g.examine}</dd>
    <dt>${t("audit.guidance.interview")}</dt><dd lang="en">${g.interview}</dd>
    <dt>${t("audit.guidance.observe")}</dt><dd lang="en">${g.observe}</dd>
    ${sampling(g)}
    ${g.agreeFirst.length
      ? html`<dt>${t("audit.guidance.agree_first")}</dt><dd class="agree-first">${t("audit.guidance.agree_first_text")}<ul class="details" lang="en">${g.agreeFirst.map((t) => html`<li>${t}</li>`)}</ul></dd>`
      : nothing}
    <dt>${t("audit.guidance.evidence")}</dt><dd lang="en">${g.evidence}</dd>
    ${documents(c, g)}
    <dt>${t("audit.guidance.nonconformities")}</dt><dd lang="en">${g.nonconformities}</dd>
  </dl>`;
}

function sampling(g: Guidance) {
  if (!g.sampling.length) return nothing;
  return html`<dt>${t("audit.guidance.sample_sizes")}</dt><dd class="sampling"><ul class="details">
      ${g.sampling.map((s) => html`<li lang="en">${s.population}: <strong>${s.size}</strong> <span class="muted">(${s.basisLabel})</span></li>`)}
    </ul><span class="hint">${t("audit.guidance.sample_sizes_hint")}</span></dd>`;
}

function documents(c: Criterion, g: Guidance) {
  const label = c.auditable ? t("audit.guidance.documents") : t("audit.guidance.documents_below");
  return html`<dt>${label}</dt><dd class="documents">${g.documents.length
    ? html`<ul class="details">${g.documents.map((d) => html`<li><span lang="en">${d.what}</span> <span class="muted">(${d.clause};
        ${d.kind === "record" ? t("audit.guidance.record") : t("audit.guidance.document")})</span></li>`)}</ul>`
    : t("audit.guidance.no_documents")}</dd>`;
}

/** The note shown wherever a withdrawn edition can be chosen. */
export function withdrawnNote(catalog: Catalog) {
  return catalog.withdrawn ? html`<p class="hint withdrawn" role="note">${catalog.withdrawn}</p>` : nothing;
}

/** How an edition reads in a list of editions. */
export function editionLabel(catalog: Catalog) {
  return catalog.withdrawn ? t("audit.guidance.withdrawn", { edition: catalog.edition }) : catalog.edition;
}

const ATTRIBUTES: (keyof Attributes)[] = ["controlType", "securityProperties", "cybersecurityConcepts", "operationalCapabilities", "securityDomains"];

export function attributeList(a: Attributes, caveat: string | undefined) {
  return html`<dl class="attributes">
    ${ATTRIBUTES.map((key) => html`<dt>${tKey(`audit.guidance.attribute.${key}`)}</dt><dd>${a[key].join(", ")}</dd>`)}
  </dl>
  <p class="hint">${caveat ?? ""}</p>`;
}
