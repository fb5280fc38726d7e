// <programme-calendar>: the programme's audits month by month over its period; the
// schedule's iCalendar file is in the programme's download bar (<programme-exports>).
import { html, nothing } from "lit";
import type { AuditSummary } from "./engine.js";
import { auditStatus } from "./labels.js";
import { PageElement } from "./page.js";
import { t } from "./i18n.js";

/** "YYYY-MM" of each month from `start` to `end` (dates as YYYY-MM-DD), at most 20 years. */
function months(start: string, end: string): string[] {
  const out: string[] = [];
  let [y, m] = start.split("-").map(Number);
  const [endYear, endMonth] = end.split("-").map(Number);
  while ((y < endYear || (y === endYear && m <= endMonth)) && out.length < 240) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  return out;
}

export class ProgrammeCalendar extends PageElement {
  static properties = { ...PageElement.properties, programmeId: { type: String } };
  declare programmeId: string;

  render() {
    const { app, navigate } = this.ctx;
    const programme = app.programme(this.programmeId);
    const audits = app.audits(this.programmeId);
    const within = (a: AuditSummary, month: string) =>
      a.audit.plannedStart.slice(0, 7) <= month && a.audit.plannedEnd.slice(0, 7) >= month;
    return html`<div class="card">
        <p class="muted">${t("programme.calendar.intro")}</p>
        ${this.error ? html`<div class="banner error" role="alert">${this.error.message}</div>` : nothing}
      </div>
      <div class="card calendar" aria-label=${t("programme.calendar.label")}>
        ${months(programme.periodStart, programme.periodEnd).map((month) => {
          const here = audits.filter((a) => within(a, month));
          return html`<section class="month"><h3>${month}</h3>
            ${here.length === 0 ? html`<p class="muted">—</p>` : html`<ul>${here.map((a) => html`<li>
              <button class="link" @click=${() => navigate({ view: "audit", id: a.audit.id })}>${a.audit.title}</button>
              <span class="muted">${a.audit.plannedStart.slice(5)} – ${a.audit.plannedEnd.slice(5)}</span>
              <span class="pill status-${a.audit.status}">${auditStatus(a.audit.status)}</span></li>`)}</ul>`}
          </section>`;
        })}
      </div>`;
  }
}

customElements.define("programme-calendar", ProgrammeCalendar);
