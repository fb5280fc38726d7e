// <audit-report>: what the report says beyond the plan and the findings (team, sampling,
// diverging opinions, confidentiality, distribution, summary) and its issue control; its
// files, drafts and issued versions alike, are in the download bar (<audit-exports>).
import { LitElement, html, css, nothing } from "lit";
import type { AuditDetail, ReportDetails, ReportVersionSummary } from "./engine.js";
import { FormFocus, attempt, field, formError, lines, values, type Ctx, type FormError } from "./forms.js";
import { shared } from "./styles.js";
import { labelTableCells } from "./tables.js";

const FIELDS = ["team", "auditLocations", "sampling", "divergingOpinions", "confidentiality", "distribution", "summary", "programmeImplications"];

export class AuditReport extends LitElement {
  static properties = {
    ctx: { attribute: false },
    detail: { attribute: false },
    error: { state: true },
    saved: { state: true },
    issueError: { state: true },
  };
  static styles = [shared, css`
    .hash { font-family: ui-monospace, monospace; font-size: 0.75em; overflow-wrap: anywhere; }
    .version { border-top: 1px solid var(--border, #cfd6df); padding-top: 0.6em; margin-top: 0.6em; }
    .receipt { display: flex; flex-wrap: wrap; gap: 0.6em; align-items: end; }
    .receipt .field { margin: 0; }
  `];
  declare issueError: FormError | undefined;
  declare ctx: Ctx;
  declare detail: AuditDetail;
  declare error: FormError | undefined;
  declare saved: boolean;

  private async save(event: SubmitEvent) {
    event.preventDefault();
    const v = values(event.target as HTMLFormElement);
    const details: ReportDetails = {
      team: lines(v.team),
      auditLocations: v.auditLocations,
      sampling: v.sampling,
      divergingOpinions: v.divergingOpinions,
      confidentiality: v.confidentiality,
      distribution: lines(v.distribution),
      summary: v.summary,
      programmeImplications: v.programmeImplications,
      // Chosen in the download bar; kept as it is.
      classification: this.detail.audit.report?.classification ?? "",
    };
    this.error = await attempt(() => this.ctx.dispatch({ type: "setReportDetails", auditId: this.detail.audit.id, details }));
    this.saved = !this.error;
  }

  private async step(command: "reviewReport" | "approveReport" | "issueReport", form?: HTMLFormElement) {
    const auditId = this.detail.audit.id;
    this.issueError = await attempt(() =>
      command === "issueReport"
        ? this.ctx.dispatch({ type: command, auditId, reason: form ? values(form).reason ?? "" : "" })
        : this.ctx.dispatch({ type: command, auditId }),
    );
  }

  private async distribute(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const v = values(form);
    this.issueError = await attempt(() =>
      this.ctx.dispatch({
        type: "recordDistribution",
        versionId: v.versionId ?? "",
        receipt: { recipient: v.recipient ?? "", method: v.method ?? "", date: v.date ?? "" },
      }),
    );
    if (!this.issueError) form.reset();
  }

  /** The review, approval and issue of the next version, and the issued versions. */
  private issueControl() {
    const a = this.detail.audit;
    const c = a.reportControl ?? { stage: "draft" as const };
    const versions = this.detail.reportVersions;
    const started = a.status !== "planned";
    const e = this.issueError;
    const signed = (label: string, s?: { by: string; at: string }) =>
      s ? html`<span>${label} by ${s.by}, ${s.at}</span>` : nothing;
    return html`<div class="card" aria-label="Issue control">
      <h4>Issue control</h4>
      <p id="report-stage">The next version (${versions.length + 1}) is <strong>${c.stage === "draft" ? "a draft" : c.stage}</strong>.
        ${signed("Reviewed", c.reviewed)} ${signed("; approved", c.approved)}</p>
      ${formError(e, ["reason", "recipient", "method", "date"])}
      ${started
        ? html`<form class="actions no-print" novalidate aria-label="Issue the report" @submit=${(ev: SubmitEvent) => { ev.preventDefault(); this.step("issueReport", ev.target as HTMLFormElement); }}>
            <button type="button" class="secondary" id="review-report" @click=${() => this.step("reviewReport")}>${c.stage === "draft" ? "Record review" : "Review again"}</button>
            <button type="button" class="secondary" id="approve-report" ?disabled=${c.stage !== "reviewed"} @click=${() => this.step("approveReport")}>Record approval</button>
            ${versions.length > 0
              ? field(e, "reason", "What this version corrects", (inv, d) => html`<input id="reason" name="reason" aria-invalid=${inv} aria-describedby=${d}>`)
              : nothing}
            <button type="submit" id="issue-report" ?disabled=${c.stage !== "approved"}>Issue version ${versions.length + 1}</button>
          </form>`
        : html`<p class="muted">Start the audit to review, approve and issue its report.</p>`}
      ${versions.length === 0
        ? html`<p class="muted">No version issued yet; the downloads above are drafts and say DRAFT.</p>`
        : html`<div id="versions">${[...versions].reverse().map((v) => this.version(v))}</div>
          <form class="receipt no-print" novalidate aria-label="Record a recipient" @submit=${(ev: SubmitEvent) => this.distribute(ev)}>
            <div class="field"><label for="versionId">Version</label>
              <select id="versionId" name="versionId">${[...versions].reverse().map((v) => html`<option value=${v.id}>${v.version}</option>`)}</select></div>
            ${field(e, "recipient", "Recipient", (inv, d) => html`<input id="recipient" name="recipient" aria-invalid=${inv} aria-describedby=${d}>`)}
            ${field(e, "method", "How", (inv, d) => html`<input id="method" name="method" placeholder="e-mail, portal, printed" aria-invalid=${inv} aria-describedby=${d}>`)}
            ${field(e, "date", "Received on", (inv, d) => html`<input id="date" name="date" type="date" aria-invalid=${inv} aria-describedby=${d}>`)}
            <button type="submit" class="secondary">Record recipient</button>
          </form>`}
    </div>`;
  }

  private version(v: ReportVersionSummary) {
    return html`<div class="version" data-version=${v.version}>
      <h5>Version ${v.version} <span class="muted">issued by ${v.issued.by}, ${v.issued.at}</span></h5>
      <p class="muted">Reviewed by ${v.reviewed.by} (${v.reviewed.at}); approved by ${v.approved.by} (${v.approved.at}).
        ${v.reason ? html`<br>Corrects the version before: <span class="pre">${v.reason}</span>` : nothing}</p>
      <p class="muted no-print">Its files: choose "issued version ${v.version}" in the download bar above.</p>
      <p class="hash">SHA-256 HTML ${v.htmlSha256}<br>Markdown ${v.markdownSha256}<br>JSON ${v.jsonSha256}</p>
      <table aria-label="Distribution of version ${v.version}">
        <thead><tr><th>Recipient</th><th>How</th><th>Received</th><th>Recorded</th></tr></thead>
        <tbody>${v.distribution.length === 0
          ? html`<tr><td colspan="4" class="muted">Not distributed yet.</td></tr>`
          : v.distribution.map((r) => html`<tr><td>${r.recipient}</td><td>${r.method}</td><td>${r.date}</td><td class="muted">${r.recorded.by}, ${r.recorded.at}</td></tr>`)}</tbody>
      </table>
    </div>`;
  }

  private formFocus = new FormFocus();

  protected updated() {
    labelTableCells(this.renderRoot);
    this.formFocus.after(this.renderRoot);
  }

  render() {
    const r = this.detail.audit.report ?? {};
    const e = this.error;
    const area = (name: keyof ReportDetails, label: string, value: string, hint?: string) =>
      field(e, name, label, (inv, d) => html`<textarea id=${name} name=${name} .value=${value} aria-invalid=${inv} aria-describedby=${d}
        @input=${() => (this.saved = false)}></textarea>`, hint);
    return html`<section class="card" aria-label="Audit report">
      <h3>Audit report</h3>
      <form novalidate @submit=${this.save} aria-label="Report details">
        ${formError(e, FIELDS)}
        ${area("summary", "Summary for management", r.summary ?? "")}
        <div class="grid">
          ${area("team", "Audit team", (r.team ?? []).join("\n"), "only people not in the planned team (Conduct, Team), one per line, with role")}
          ${area("distribution", "Distribution list", (r.distribution ?? []).join("\n"), "one recipient per line")}
          ${area("auditLocations", "Where the audit took place", r.auditLocations ?? "")}
        </div>
        ${area("sampling", "Sampling statement", r.sampling ?? "", "how samples were chosen and how large they were")}
        ${area("divergingOpinions", "Unresolved diverging opinions", r.divergingOpinions ?? "")}
        ${area("confidentiality", "Confidentiality note", r.confidentiality ?? "")}
        ${area("programmeImplications", "Implications for the audit programme", r.programmeImplications ?? "", "what the next audits should cover sooner, more deeply or with other competence")}
        <div class="actions">
          <button type="submit">Save report details</button>
          ${this.saved ? html`<span role="status" class="muted">Saved.</span>` : ""}
        </div>
      </form>
      ${this.issueControl()}
    </section>`;
  }
}

customElements.define("audit-report", AuditReport);
