// The audit's checklist as a printable page for use on paper during interviews: per
// criterion its guidance (what to examine, whom to interview, what to sample, typical
// evidence and nonconformities) and blank boxes for the result and notes. It prints on
// A4 and Letter alike: margins only, no fixed paper size; items never split across pages.
import { catalogOf, type AuditApp, type AuditDetail, type AuditKind, type Criterion } from "./engine.js";
import { auditKind } from "./labels.js";
import { language, t, tKey } from "./i18n.js";

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]);

const STYLE = `
  @page { margin: 14mm 14mm 16mm; }
  body { font: 10pt/1.35 system-ui, sans-serif; color: #111; margin: 0 auto; max-width: 190mm; }
  h1 { font-size: 15pt; margin: 0 0 2mm; }
  .meta { margin: 0 0 4mm; color: #333; }
  .item { border: 0.3mm solid #777; padding: 2.5mm 3mm; margin: 0 0 3mm; break-inside: avoid; }
  .item h2 { font-size: 11pt; margin: 0 0 1.5mm; }
  dl { display: grid; grid-template-columns: 30mm 1fr; gap: 0.8mm 3mm; margin: 0 0 2mm; font-size: 9pt; }
  dt { font-weight: 600; } dd { margin: 0; }
  .result { display: flex; gap: 6mm; margin: 1mm 0; }
  .box { display: inline-block; width: 3.2mm; height: 3.2mm; border: 0.3mm solid #111; vertical-align: -0.5mm; margin-right: 1.2mm; }
  .lines { border-bottom: 0.2mm solid #999; height: 6.5mm; }
  @media screen { body { padding: 8mm; } }
`;

function guidance(c: Criterion | undefined, kind: AuditKind): string {
  const g = c?.guidance;
  if (!g) return "";
  const rows: [string, string][] = [];
  const emphasis = g.emphasis[kind];
  if (emphasis) rows.push([tKey(`audit.blank.emphasis.${kind}`), emphasis]);
  rows.push([t("audit.guidance.examine"), g.examine], [t("audit.guidance.interview"), g.interview], [t("audit.guidance.observe"), g.observe]);
  if (g.sampling.length) rows.push([t("audit.guidance.sample_sizes"), g.sampling.map((s) => `${s.population}: ${s.size}`).join("; ")]);
  if (g.agreeFirst.length) rows.push([t("audit.guidance.agree_first"), g.agreeFirst.join("; ")]);
  rows.push([t("audit.guidance.evidence"), g.evidence], [t("audit.guidance.nonconformities"), g.nonconformities]);
  return `<dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join("")}</dl>`;
}

/** A self-contained HTML page (escaped throughout) of the audit's blank checklist. */
export function blankChecklist(app: AuditApp, detail: AuditDetail): string {
  const a = detail.audit;
  const criteria = new Map(catalogOf(app, a.catalogId).criteria.map((c) => [c.id, c]));
  const items = detail.checklist.map((item) => `<section class="item">
    <h2>${esc(item.criterionId)} ${esc(item.title)}</h2>
    ${guidance(criteria.get(item.criterionId), a.kind)}
    <div class="result"><span><span class="box"></span>${esc(t("audit.blank.conforming"))}</span><span><span class="box"></span>${esc(t("audit.blank.nonconforming"))}</span><span><span class="box"></span>${esc(t("audit.blank.not_applicable"))}</span><span><span class="box"></span>${esc(t("audit.blank.not_audited"))}</span></div>
    <div>${esc(t("audit.blank.seen"))}</div>
    <div class="lines"></div><div class="lines"></div><div class="lines"></div>
  </section>`);
  return `<!doctype html>
<html lang="${language()}"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${esc(t("audit.blank.title", { title: a.title }))}</title><style>${STYLE}</style></head>
<body>
<h1>${esc(t("audit.blank.title", { title: a.title }))}</h1>
<p class="meta">${esc(auditKind(a.kind))} · ${esc(a.auditee)} · ${esc(t("audit.blank.dates", { start: a.plannedStart, end: a.plannedEnd }))} · ${esc(t("audit.blank.lead_auditor", { name: a.leadAuditor }))} · ${esc(detail.catalogEdition)}<br>
${esc(t("audit.blank.blanks"))}</p>
${items.join("\n")}
</body></html>
`;
}
