// Shared look of every component: system fonts (no web fonts), high-contrast colours,
// visible focus, tables that stack into cards on a phone, and print rules.
// Theming: each colour reads a public custom property first (`--isms-audit-accent`,
// …; see www/package/README.md), which an embedding page sets on <isms-audit-app> and
// which inherits into every shadow root.
import { css } from "lit";

export const shared = css`
  :host {
    --ink: var(--isms-audit-ink, #1b2330);
    --muted: var(--isms-audit-muted, #4f5b6b);
    --line: var(--isms-audit-line, #cfd6df);
    --paper: var(--isms-audit-paper, #ffffff);
    --wash: var(--isms-audit-wash, #f3f5f8);
    --accent: var(--isms-audit-accent, #1d4ed8);
    --danger: var(--isms-audit-danger, #b42318);
    --ok: var(--isms-audit-ok, #067647);
    --warn: var(--isms-audit-warn, #93370d);
    font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
    color: var(--ink);
  }
  /* A read-only element (attribute readonly) shows no control that changes data. */
  :host([readonly]) .edit { display: none !important; }
  h1, h2, h3 { line-height: 1.2; margin: 0 0 0.6em; }
  h2 { font-size: 1.35em; }
  h3 { font-size: 1.08em; }
  p { margin: 0.3em 0 0.8em; }
  a, .link { color: var(--accent); cursor: pointer; text-decoration: underline; background: none; border: 0; padding: 0; font: inherit; }
  /* Targets of at least 24 × 24 px (WCAG 2.2, 2.5.8), also for link-like buttons. */
  button.link { min-height: 24px; min-width: 24px; }
  summary { min-height: 24px; cursor: pointer; }
  button {
    font: inherit; border: 1px solid var(--accent); background: var(--accent); color: #fff;
    border-radius: 6px; padding: 0.35em 0.85em; cursor: pointer;
  }
  button.secondary { background: var(--paper); color: var(--accent); }
  /* A list's page buttons at its ends stay focusable (long-list.ts) but look inactive. */
  button[aria-disabled="true"] { opacity: 0.5; cursor: default; }
  button.danger { background: var(--paper); color: var(--danger); border-color: var(--danger); }
  button:disabled { opacity: 0.55; cursor: default; }
  :is(button, input, select, textarea, a, .link, summary):focus-visible { outline: 3px solid #f59e0b; outline-offset: 2px; }
  label { display: block; font-weight: 600; margin-bottom: 0.2em; }
  .hint { font-weight: 400; color: var(--muted); font-size: 0.88em; }
  input, select, textarea {
    font: inherit; color: inherit; width: 100%; box-sizing: border-box;
    border: 1px solid #8a96a8; border-radius: 6px; padding: 0.35em 0.5em; background: var(--paper);
  }
  textarea { min-height: 4.5em; resize: vertical; }
  input[type="checkbox"] { width: auto; margin: 0 0.4em 0 0; }
  [aria-invalid="true"] { border-color: var(--danger); box-shadow: 0 0 0 1px var(--danger); }
  .field { margin-bottom: 0.8em; }
  .field-error { color: var(--danger); font-size: 0.9em; margin-top: 0.2em; }
  .grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(14em, 1fr)); gap: 0 1em; }
  .card { background: var(--paper); border: 1px solid var(--line); border-radius: 8px; padding: 1em 1.2em; margin-bottom: 1em; }
  .banner { border-radius: 6px; padding: 0.6em 0.8em; margin-bottom: 0.8em; }
  .banner.error { background: #fef3f2; color: var(--danger); border: 1px solid #fda29b; }
  .banner.info { background: #eff4ff; color: #1e3a8a; border: 1px solid #b2ccff; }
  .actions { display: flex; gap: 0.5em; flex-wrap: wrap; align-items: center; }
  table { border-collapse: collapse; width: 100%; }
  th, td { text-align: left; vertical-align: top; padding: 0.4em 0.5em; border-bottom: 1px solid var(--line); overflow-wrap: anywhere; }
  th { background: var(--wash); font-size: 0.88em; color: var(--muted); font-weight: 600; }
  .muted { color: var(--muted); }
  .pill { display: inline-block; border-radius: 999px; padding: 0.05em 0.55em; font-size: 0.82em; border: 1px solid currentColor; white-space: nowrap; }
  .status-planned { color: var(--muted); }
  .status-in_progress { color: var(--accent); }
  .status-completed { color: var(--ok); }
  .grade-major_nonconformity { color: #fff; background: var(--danger); border-color: var(--danger); }
  /* A count of none is not an alarm: "Major nonconformity: 0" is not filled red. */
  .grade-major_nonconformity.none { color: var(--danger); background: var(--paper); }
  .date-warning { color: var(--warn); font-size: 0.9em; }
  .grade-minor_nonconformity { color: var(--danger); }
  .grade-observation, .grade-opportunity_for_improvement { color: var(--warn); }
  .grade-good_practice, .grade-conformity { color: var(--ok); }
  .pre { white-space: pre-wrap; }
  label.inline { display: inline-flex; align-items: center; font-weight: 400; margin: 0 1em 0.2em 0; }
  .banner.warn { background: #fffaeb; color: var(--warn); border: 1px solid #fedf89; }
  code { overflow-wrap: anywhere; }
  .nowrap { white-space: nowrap; flex-wrap: nowrap; }
  .guidance-list dt, .attributes dt { font-weight: 600; margin-top: 0.4em; }
  .guidance-list dd, .attributes dd { margin: 0; }
  .attributes { display: grid; grid-template-columns: max-content 1fr; gap: 0.1em 0.8em; }
  .attributes dt { margin: 0; }
  .details { margin: 0.4em 0 0; padding-left: 1.2em; }
  .flag { color: var(--danger); font-weight: 600; }
  .risk-low { color: var(--ok); } .risk-medium { color: var(--warn); }
  .risk-high { color: var(--danger); } .risk-critical { color: #fff; background: var(--danger); border-color: var(--danger); }
  .import { display: flex; gap: 0.8em; align-items: end; flex-wrap: wrap; margin-bottom: 0.6em; }
  .import .field { margin: 0; }
  .tabs { display: flex; gap: 0.3em; flex-wrap: wrap; margin-bottom: 0.8em; border-bottom: 1px solid var(--line); }
  .tab { background: var(--paper); color: var(--accent); border-radius: 6px 6px 0 0; border-bottom: 0; }
  .tab[aria-current="page"] { background: var(--accent); color: #fff; }
  .slot { text-align: center; width: 6.5em; font-size: 0.88em; }
  .matrix { overflow-x: auto; }
  .matrix td:first-child { min-width: 16em; }
  .matrix td:last-child, .matrix th:last-child { min-width: 9em; }
  .figures { display: flex; flex-wrap: wrap; gap: 0.6em 1.6em; margin-bottom: 0.6em; }
  .figure { text-align: center; min-width: 6em; }
  .figure > span:first-child { font-size: 1.5em; font-weight: 600; }
  .calendar { display: grid; grid-template-columns: repeat(auto-fill, minmax(14em, 1fr)); gap: 0.8em; }
  .month h3 { margin: 0 0 0.3em; font-size: 1em; }
  .month ul { margin: 0; padding-left: 1.1em; }
  .derivation { margin: 0; padding-left: 1.3em; font-size: 0.92em; }
  .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  /* Small screens: tables become cards, one per row, each cell headed by its column
     (tables.ts copies the headers into data-label); nothing is wider than the screen. */
  @media (max-width: 40rem) {
    table:not(.grid-table), table:not(.grid-table) > tbody, table:not(.grid-table) > tbody > tr, table:not(.grid-table) > tbody > tr > td { display: block; width: auto !important; }
    table:not(.grid-table) > thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
    table:not(.grid-table) > tbody > tr { border: 1px solid var(--line); border-radius: 8px; margin-bottom: 0.6em; padding: 0.3em 0.6em; background: var(--paper); }
    table:not(.grid-table) > tbody > tr > td { border: 0; padding: 0.2em 0; }
    table:not(.grid-table) > tbody > tr > td[data-label]:not([data-label=""])::before { content: attr(data-label); display: block; font-size: 0.8em; font-weight: 600; color: var(--muted); }
    .grid-table { display: block; overflow-x: auto; }
    .card { padding: 0.8em; }
    input, select, textarea { max-width: 100%; }
  }
  @media print {
    button, .no-print { display: none !important; }
    .card { border: 0; padding: 0; }
  }
`;
