// How a criterion's guidance and ISO/IEC 27002 attributes read, wherever they appear.
import { html, nothing } from "lit";
import type { Attributes, Guidance } from "./engine.js";

export function guidanceList(g: Guidance, from?: string) {
  return html`<dl class="guidance-list">
    ${from ? html`<dd class="hint">Written for ${from}.</dd>` : nothing}
    <dt>Examine</dt><dd>${g.examine}</dd>
    <dt>Interview</dt><dd>${g.interview}</dd>
    <dt>Observe and sample</dt><dd>${g.observe}</dd>
    <dt>Typical evidence</dt><dd>${g.evidence}</dd>
    <dt>Typical nonconformities</dt><dd>${g.nonconformities}</dd>
  </dl>`;
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
