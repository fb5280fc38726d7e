// <trail-page>: the audit trail: every saved change with who and when, and what
// verifying it found: the SHA-256 hash chain, and every stored record against the entry
// that wrote it.
import { html, nothing } from "lit";
import { asAuditError, type Command, type JournalEntry, type Progress, type Verification } from "./engine.js";
import { download } from "./forms.js";
import { number, t, type MessageKey } from "./i18n.js";
import { tHtml } from "./i18n-html.js";
import { today } from "./labels.js";
import { PageElement } from "./page.js";

/** Each command type's message key: every type has one (tsc checks), every key exists. */
const ACTIONS = {
  createProgramme: "records.trail.action.createProgramme",
  updateProgramme: "records.trail.action.updateProgramme",
  setScoringSettings: "records.trail.action.setScoringSettings",
  createAudit: "records.trail.action.createAudit",
  updateAudit: "records.trail.action.updateAudit",
  setAuditStatus: "records.trail.action.setAuditStatus",
  recordResult: "records.trail.action.recordResult",
  addFinding: "records.trail.action.addFinding",
  updateFinding: "records.trail.action.updateFinding",
  deleteFinding: "records.trail.action.deleteFinding",
  confirmConclusion: "records.trail.action.confirmConclusion",
  setReportDetails: "records.trail.action.setReportDetails",
  createSoa: "records.trail.action.createSoa",
  updateSoa: "records.trail.action.updateSoa",
  setSoaEntry: "records.trail.action.setSoaEntry",
  importSoa: "records.trail.action.importSoa",
  createCriteriaSet: "records.trail.action.createCriteriaSet",
  updateCriteriaSet: "records.trail.action.updateCriteriaSet",
  setCustomCriterion: "records.trail.action.setCustomCriterion",
  deleteCustomCriterion: "records.trail.action.deleteCustomCriterion",
  importCustomCriteria: "records.trail.action.importCustomCriteria",
  importTable: "records.trail.action.importTable",
  setItemRating: "records.trail.action.setItemRating",
  setCoveragePlan: "records.trail.action.setCoveragePlan",
  setProgrammeRisk: "records.trail.action.setProgrammeRisk",
  setAuditTime: "records.trail.action.setAuditTime",
  setAuditFeedback: "records.trail.action.setAuditFeedback",
  setProgrammeReview: "records.trail.action.setProgrammeReview",
  signOffProgrammeReview: "records.trail.action.signOffProgrammeReview",
  deleteProgramme: "records.trail.action.deleteProgramme",
  deleteAudit: "records.trail.action.deleteAudit",
  deleteSoa: "records.trail.action.deleteSoa",
  deleteCriteriaSet: "records.trail.action.deleteCriteriaSet",
  setAsideRecord: "records.trail.action.setAsideRecord",
  vouchForRecords: "records.trail.action.vouchForRecords",
  acceptUnverifiedBackup: "records.trail.action.acceptUnverifiedBackup",
  reviewReport: "records.trail.action.reviewReport",
  approveReport: "records.trail.action.approveReport",
  issueReport: "records.trail.action.issueReport",
  recordDistribution: "records.trail.action.recordDistribution",
  setCause: "records.trail.action.setCause",
  proposeAction: "records.trail.action.proposeAction",
  advanceAction: "records.trail.action.advanceAction",
  setSamplingPlan: "records.trail.action.setSamplingPlan",
  addEvidence: "records.trail.action.addEvidence",
  updateEvidence: "records.trail.action.updateEvidence",
  attachEvidenceFile: "records.trail.action.attachEvidenceFile",
  removeEvidenceFile: "records.trail.action.removeEvidenceFile",
  setInitiation: "records.trail.action.setInitiation",
  setFeasibility: "records.trail.action.setFeasibility",
  setTeam: "records.trail.action.setTeam",
  importAudit: "records.trail.action.importAudit",
  mergeResultPackage: "records.trail.action.mergeResultPackage",
  setDocumentReview: "records.trail.action.setDocumentReview",
  deleteDocumentReview: "records.trail.action.deleteDocumentReview",
  setPlanSession: "records.trail.action.setPlanSession",
  deletePlanSession: "records.trail.action.deletePlanSession",
  acceptPlan: "records.trail.action.acceptPlan",
  setMeeting: "records.trail.action.setMeeting",
  logCommunication: "records.trail.action.logCommunication",
  setInformationLimit: "records.trail.action.setInformationLimit",
  createAuditor: "records.trail.action.createAuditor",
  updateAuditor: "records.trail.action.updateAuditor",
  recordEvaluation: "records.trail.action.recordEvaluation",
  addCpd: "records.trail.action.addCpd",
  setCompetenceCriteria: "records.trail.action.setCompetenceCriteria",
  eraseAuditor: "records.trail.action.eraseAuditor",
} satisfies Record<Command["type"], MessageKey>;

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
      return [c.status.replace("_", " "), c.reason, ...(c.acknowledgements ?? []).map((a) => t("records.trail.acknowledged", { condition: a.condition, reason: a.reason }))]
        .filter(Boolean)
        .join("; ");
    case "issueReport":
      return c.reason ?? "";
    case "recordDistribution":
      return `${c.receipt.recipient} (${c.receipt.method}, ${c.receipt.date})`;
    case "proposeAction":
      return t("records.trail.subject.action", { description: c.action.description, owner: c.action.owner, due: c.action.due });
    case "advanceAction":
      return `#${c.number}: ${c.step.replaceAll("_", " ")}`;
    case "recordResult":
      return `${c.criterionId}: ${c.result.replace("_", " ")}`;
    case "addFinding":
    case "updateFinding":
      // Entries written before release 0.3 name one `criterionId`.
      return `${c.finding.criterionIds?.join(", ") ?? (c.finding as { criterionId?: string }).criterionId}: ${c.finding.grade?.replaceAll("_", " ") ?? t("records.trail.subject.no_grade")}`;
    case "confirmConclusion":
      return c.verdict.replaceAll("_", " ");
    case "setFeasibility":
      return c.feasibility.verdict.replaceAll("_", " ");
    case "setTeam":
      return c.team.map((m) => m.name).join(", ");
    case "setDocumentReview":
      return c.review.title;
    case "setPlanSession":
      return `${c.session.date} ${c.session.start}–${c.session.end} ${c.session.activity}`;
    case "acceptPlan":
      return `${c.acceptedBy}, ${c.date}`;
    case "setMeeting":
      return t("records.trail.subject.meeting", { kind: c.kind, date: c.meeting.date });
    case "logCommunication":
      return c.message.escalation ? t("records.trail.subject.escalation", { subject: c.message.subject }) : c.message.subject;
    case "setInformationLimit":
      return `${c.limit.kind}: ${c.limit.information}`;
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
    case "setItemRating":
      return `${c.rating.item}: ${c.rating.level}`;
    case "setCoveragePlan":
      return c.plan.length === 1 ? c.plan[0].item : t("records.trail.subject.items", { n: c.plan.length });
    case "setProgrammeRisk":
      return c.risk.description.slice(0, 60);
    case "setAsideRecord":
      return `${c.store}/${c.id}`;
    case "acceptUnverifiedBackup":
      return c.problems.join(" ");
    default:
      return "";
  }
}

/** Entries drawn at first, and added by each "Show older entries". */
const PAGE = 200;
/** Entries read from the journal at a time while a filter searches it: each read and
 * its filtering is a short task, and the page stays responsive between them. */
const SEARCH_CHUNK = 500;

/** A drawn row: the entry and the words it is shown and filtered by. */
interface Row {
  e: JournalEntry;
  action: string;
  subject: string;
}

const row = (e: JournalEntry): Row => ({
  e,
  action: e.command.type in ACTIONS ? t(ACTIONS[e.command.type]) : e.command.type,
  subject: subject(e.command),
});

export class TrailPage extends PageElement {
  static properties = {
    ...PageElement.properties,
    rows: { state: true },
    matching: { state: true },
    searched: { state: true },
    verification: { state: true },
    progress: { state: true },
    filter: { state: true },
    shown: { state: true },
  };
  /** The entries read so far that match the filter (all, without one), newest first:
   * the journal is read a page at a time by key range, never whole. */
  declare rows: Row[] | undefined;
  /** How many entries match the filter (every entry without one). */
  declare matching: number;
  /** While a filter searches the journal: the oldest entry searched so far. */
  declare searched: number | undefined;
  declare verification: Verification | undefined;
  /** How far a check in progress has come. */
  declare progress: Progress | undefined;
  declare filter: string;
  /** How many of the newest matching entries are drawn: a trail of 10,000 entries drawn
   * whole holds the page for seconds. */
  declare shown: number;
  /** The newest entry (the chain head). */
  private head: JournalEntry | undefined;
  private loaded = -1;
  /** Bumped by each new read, so an older one still running stops. */
  private reading = 0;

  constructor() {
    super();
    this.filter = "";
    this.shown = PAGE;
    this.matching = 0;
  }

  protected willUpdate() {
    if (this.loaded !== this.revision) {
      this.loaded = this.revision;
      this.read();
      // The workspace was checked in full when it opened (or is being checked): each
      // visit continues from the last verified entry, and "Check every record again"
      // runs the full check.
      this.ctx.app.verifySinceLast((p) => (this.progress = p)).then(
        (verification) => (this.verification = verification),
        (e) => (this.error = { message: asAuditError(e).message }),
      );
    }
  }

  /** Reads the newest page of entries, or searches the journal for the filter. */
  private async read() {
    const reading = ++this.reading;
    const app = this.ctx.app;
    const total = app.trailLength;
    const needle = this.filter.trim().toLowerCase();
    try {
      if (!needle) {
        // One page more than is drawn, so "Show older entries" draws at once.
        const count = Math.min(total, this.shown + PAGE);
        const page = await app.journalPage(total - count, count);
        if (reading !== this.reading) return;
        this.head = page.at(-1);
        this.rows = page.map(row).reverse();
        this.matching = total;
        this.searched = undefined;
        return;
      }
      // Newest first, a chunk at a time: the count of matches grows as it goes.
      const found: Row[] = [];
      this.searched = total + 1;
      this.rows = found;
      this.matching = 0;
      for (let upTo = total; upTo > 0; upTo -= SEARCH_CHUNK) {
        const from = Math.max(0, upTo - SEARCH_CHUNK);
        const chunk = await app.journalPage(from, upTo - from);
        if (reading !== this.reading) return;
        for (let i = chunk.length - 1; i >= 0; i--) {
          const r = row(chunk[i]);
          if (`${r.action} ${r.subject} ${r.e.actor}`.toLowerCase().includes(needle)) found.push(r);
        }
        this.rows = [...found];
        this.matching = found.length;
        this.searched = from + 1;
      }
      this.searched = undefined;
    } catch (e) {
      if (reading === this.reading) this.error = { message: asAuditError(e).message };
    }
  }

  /** Draws `PAGE` older entries (read ahead), and reads the page after them (without a
   * filter; a search holds every match). */
  private async showOlder() {
    this.shown += PAGE;
    const rows = this.rows ?? [];
    const oldest = rows.at(-1)?.e.seq ?? 1;
    if (this.filter.trim() || oldest <= 1 || rows.length >= this.shown + PAGE) return;
    const from = Math.max(0, oldest - 1 - PAGE);
    const reading = this.reading;
    try {
      const page = await this.ctx.app.journalPage(from, oldest - 1 - from);
      if (reading === this.reading) this.rows = [...rows, ...page.map(row).reverse()];
    } catch (e) {
      this.error = { message: asAuditError(e).message };
    }
  }

  /** What a check in progress has done. */
  private checking() {
    const p = this.progress;
    if (!p) return html`<p class="muted">Reading and verifying the journal…</p>`;
    return html`<p class="muted" role="status">${p.entries < p.ofEntries || p.records === 0
      ? t("scale.trail.checking", { done: number(p.entries), total: number(p.ofEntries) })
      : t("scale.trail.comparing", { records: number(p.records) })}</p>`;
  }

  /** Saves the chain head to keep outside the app: later, the same entry with the same
   * hash proves the trail up to it was not rewritten. */
  private exportHead() {
    const v = this.verification!;
    const head = this.head;
    const text = JSON.stringify(
      { workspace: this.ctx.app.name, entries: v.entries, headSeq: head?.seq, headAt: head?.at, headHash: v.headHash, verified: v.verified, takenAt: new Date().toISOString() },
      null,
      2,
    );
    download(`isms-audit trail head ${this.ctx.app.name} ${today()}.json`, "application/json", text);
  }

  private async fullCheck() {
    this.verification = undefined;
    this.progress = undefined;
    try {
      this.verification = await this.ctx.app.verify((p) => (this.progress = p));
    } catch (e) {
      this.error = { message: asAuditError(e).message };
    }
  }

  private async vouch() {
    this.error = await this.saving(() => this.ctx.dispatch({ type: "vouchForRecords" }));
  }

  private status() {
    const v = this.verification!;
    return html`<section aria-label=${t("records.trail.verification")} class=${v.verified ? "" : "banner error"} role=${v.verified ? nothing : "alert"}>
      ${v.verified
        ? html`<p id="trail-status">${tHtml("records.trail.verified", { entries: html`<strong>${v.entries}</strong>` })}</p>`
        : html`<p id="trail-status"><strong>${t("records.trail.unverified_title")}</strong> ${t("records.trail.unverified", { entries: v.entries })}</p>
            <ul>${[v.chainBreak, ...v.recordProblems].filter(Boolean).map((p) => html`<li>${p}</li>`)}</ul>`}
      ${v.notes.length ? html`<ul class="muted">${v.notes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
      ${v.checkedFrom
        ? html`<p><button class="secondary" id="full-check" @click=${this.fullCheck}>${t("records.trail.full_check")}</button>
            <span class="muted">${t("records.trail.full_check_hint", { from: v.checkedFrom, to: v.entries })}</span></p>`
        : nothing}
      ${v.unvouched > 0
        ? html`<p><button class="secondary edit" @click=${this.vouch}>${t("records.trail.vouch")}</button>
            <span class="muted edit">${t("records.trail.vouch_hint")}</span></p>`
        : nothing}
      ${v.headHash
        ? html`<p class="muted">${tHtml("records.trail.head", {
            entries: v.entries,
            hash: html`<code id="head-hash">${v.headHash}</code>`,
            save: html`<button class="link" @click=${this.exportHead}>${t("records.trail.save_head")}</button>`,
          })}</p>`
        : nothing}
    </section>`;
  }

  render() {
    const rows = this.rows;
    const needle = this.filter.trim().toLowerCase();
    const count = this.matching;
    return html`<h2>${t("records.trail.heading")}</h2>
      ${this.error ? html`<div class="banner error" role="alert">${this.error.message}</div>` : nothing}
      <div class="card">
        ${rows === undefined
          ? this.error ? nothing : html`<p class="muted">${t("records.trail.reading")}</p>`
          : html`${this.verification === undefined ? this.checking() : this.status()}
              <div class="field">
                <label for="trail-filter">${t("common.filter")}</label>
                <input id="trail-filter" type="search" placeholder=${t("records.trail.filter_placeholder")} .value=${this.filter}
                  @input=${(ev: Event) => {
                    this.filter = (ev.target as HTMLInputElement).value;
                    this.shown = PAGE;
                    this.read();
                  }}>
              </div>
              <p class="muted" id="trail-count" aria-live="polite">${this.searched !== undefined
                ? t("scale.trail.searching", { n: count, from: number(this.searched), total: number(this.ctx.app.trailLength) })
                : count > this.shown
                ? t(needle ? "records.trail.showing_matching" : "records.trail.showing", { shown: this.shown, n: count })
                : t(needle ? "records.trail.count_matching" : "records.trail.count", { n: count })}</p>
              <table id="trail">
                <thead><tr><th>#</th><th>${t("records.trail.col.when")}</th><th>${t("records.trail.col.who")}</th><th>${t("records.trail.col.what")}</th><th>${t("records.trail.col.hash")}</th></tr></thead>
                <tbody>${rows.slice(0, this.shown).map(({ e, action, subject }) => html`<tr>
                  <td class="nowrap">${e.seq}</td>
                  <td class="nowrap">${e.at.replace("T", " ").slice(0, 19)}</td>
                  <td>${e.actor}</td>
                  <td>${action}${subject ? html`: <span>${subject}</span>` : nothing}</td>
                  <td><code title=${e.hash}>${e.hash.slice(0, 12)}…</code></td>
                </tr>`)}</tbody>
              </table>
              ${count > this.shown && this.searched === undefined
                ? html`<p><button class="secondary" @click=${this.showOlder}>${t("records.trail.show_older", { n: Math.min(PAGE, count - this.shown) })}</button></p>`
                : nothing}`}
      </div>`;
  }
}

customElements.define("trail-page", TrailPage);
