// <trail-page>: the audit trail: every saved change with who and when, read from the
// journal after its SHA-256 hash chain has been verified by the engine.
import { html, nothing } from "lit";
import { asAuditError, type Command, type JournalEntry } from "./engine.js";
import { PageElement } from "./page.js";

const ACTIONS: Record<Command["type"], string> = {
  createProgramme: "Created programme",
  updateProgramme: "Edited programme",
  setScoringSettings: "Changed scoring settings",
  createAudit: "Planned audit",
  updateAudit: "Edited audit plan",
  setAuditStatus: "Changed audit status",
  recordResult: "Recorded checklist result",
  addFinding: "Added finding",
  updateFinding: "Edited finding",
  deleteFinding: "Deleted finding",
  confirmConclusion: "Decided conclusion",
  setReportDetails: "Edited report details",
  createSoa: "Created SoA",
  updateSoa: "Edited SoA",
  setSoaEntry: "Edited SoA line",
  importSoa: "Imported SoA file",
  createCriteriaSet: "Created criteria set",
  updateCriteriaSet: "Edited criteria set",
  setCustomCriterion: "Edited custom criterion",
  deleteCustomCriterion: "Deleted custom criterion",
  importCustomCriteria: "Imported custom criteria",
  deleteProgramme: "Deleted programme",
  deleteAudit: "Deleted planned audit",
  deleteSoa: "Deleted SoA",
  deleteCriteriaSet: "Deleted criteria set",
};

/** The few words that identify what a command touched. */
function subject(c: Command): string {
  switch (c.type) {
    case "createProgramme":
    case "updateProgramme":
      return c.programme.name;
    case "createAudit":
    case "updateAudit":
      return c.audit.title;
    case "setAuditStatus":
      return c.status.replace("_", " ");
    case "recordResult":
      return `${c.criterionId}: ${c.result.replace("_", " ")}`;
    case "addFinding":
    case "updateFinding":
      return `${c.finding.criterionId}: ${c.finding.grade.replaceAll("_", " ")}`;
    case "confirmConclusion":
      return c.verdict.replaceAll("_", " ");
    case "createSoa":
    case "updateSoa":
      return c.soa.name;
    case "setSoaEntry":
      return c.entry.controlId;
    case "createCriteriaSet":
    case "updateCriteriaSet":
      return `${c.set.code} ${c.set.name}`;
    case "setCustomCriterion":
      return c.criterion.id;
    case "deleteCustomCriterion":
      return c.criterionId;
    default:
      return "";
  }
}

export class TrailPage extends PageElement {
  static properties = { ...PageElement.properties, entries: { state: true }, filter: { state: true } };
  declare entries: JournalEntry[] | undefined;
  declare filter: string;
  private loaded = -1;

  constructor() {
    super();
    this.filter = "";
  }

  protected willUpdate() {
    if (this.loaded !== this.revision) {
      this.loaded = this.revision;
      this.ctx.app.journal().then(
        (entries) => { this.entries = entries; this.error = undefined; },
        (e) => (this.error = { message: asAuditError(e).message }),
      );
    }
  }

  render() {
    const entries = this.entries;
    const needle = this.filter.trim().toLowerCase();
    const rows = (entries ?? [])
      .map((e) => ({ e, action: ACTIONS[e.command.type] ?? e.command.type, subject: subject(e.command) }))
      .filter((r) => !needle || `${r.action} ${r.subject} ${r.e.actor}`.toLowerCase().includes(needle))
      .reverse();
    return html`<h2>Audit trail</h2>
      ${this.error ? html`<div class="banner error" role="alert">${this.error.message}</div>` : nothing}
      <div class="card">
        ${entries === undefined
          ? html`<p class="muted">Reading and verifying the journal…</p>`
          : html`<p id="trail-status"><strong>${entries.length}</strong> changes recorded; the SHA-256 hash chain is intact
              (each entry is chained to the one before, so an edited, removed or reordered entry is detected).</p>
              <div class="field">
                <label for="trail-filter">Filter</label>
                <input id="trail-filter" type="search" placeholder="action, subject or person" .value=${this.filter}
                  @input=${(ev: Event) => (this.filter = (ev.target as HTMLInputElement).value)}>
              </div>
              <table id="trail">
                <thead><tr><th>#</th><th>When (UTC)</th><th>Who</th><th>What</th><th>Entry hash</th></tr></thead>
                <tbody>${rows.map(({ e, action, subject }) => html`<tr>
                  <td>${e.seq}</td>
                  <td class="nowrap">${e.at.replace("T", " ").slice(0, 19)}</td>
                  <td>${e.actor}</td>
                  <td>${action}${subject ? html`: <span>${subject}</span>` : nothing}</td>
                  <td><code title=${e.hash}>${e.hash.slice(0, 12)}…</code></td>
                </tr>`)}</tbody>
              </table>`}
      </div>`;
  }
}

customElements.define("trail-page", TrailPage);
