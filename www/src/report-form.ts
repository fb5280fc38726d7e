// <audit-report>: what the report says beyond the plan and the findings (team, sampling,
// diverging opinions, confidentiality, distribution, summary) and its issue control; its
// files, drafts and issued versions alike, are in the download bar (<audit-exports>).
import { LitElement, html, css, nothing } from "lit";
import type { AuditDetail, ReportDetails, ReportVersionSummary } from "./engine.js";
import { FormFocus, attempt, field, formError, lines, values, type Ctx, type FormError } from "./forms.js";
import { shared } from "./styles.js";
import { labelTableCells } from "./tables.js";
import { t, tKey } from "./i18n.js";
import { emphasised } from "./i18n-html.js";

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
    return html`<div class="card" aria-label=${t("exports.issue.title")}>
      <h4>${t("exports.issue.title")}</h4>
      <p id="report-stage">${emphasised("exports.issue.stage", { n: versions.length + 1, stage: tKey(`exports.issue.stage.${c.stage}`) })}
        ${c.reviewed ? html`<span>${t("exports.issue.reviewed", { by: c.reviewed.by, at: c.reviewed.at })}</span>` : nothing} ${c.approved
          ? html`<span>${t("exports.issue.approved", { by: c.approved.by, at: c.approved.at })}</span>` : nothing}</p>
      ${formError(e, ["reason", "recipient", "method", "date"])}
      ${started
        ? html`<form class="actions no-print edit" novalidate aria-label=${t("exports.issue.form")} @submit=${(ev: SubmitEvent) => { ev.preventDefault(); this.step("issueReport", ev.target as HTMLFormElement); }}>
            <button type="button" class="secondary" id="review-report" @click=${() => this.step("reviewReport")}>${c.stage === "draft" ? t("exports.issue.review") : t("exports.issue.review_again")}</button>
            <button type="button" class="secondary" id="approve-report" ?disabled=${c.stage !== "reviewed"} @click=${() => this.step("approveReport")}>${t("exports.issue.approve")}</button>
            ${versions.length > 0
              ? field(e, "reason", t("exports.issue.reason"), (inv, d) => html`<input id="reason" name="reason" aria-invalid=${inv} aria-describedby=${d}>`)
              : nothing}
            <button type="submit" id="issue-report" ?disabled=${c.stage !== "approved"}>${t("exports.issue.issue", { n: versions.length + 1 })}</button>
          </form>`
        : html`<p class="muted edit">${t("exports.issue.start_first")}</p>`}
      ${versions.length === 0
        ? html`<p class="muted">${t("exports.issue.none")}</p>`
        : html`<div id="versions">${[...versions].reverse().map((v) => this.version(v))}</div>
          <form class="receipt no-print edit" novalidate aria-label=${t("exports.receipt.form")} @submit=${(ev: SubmitEvent) => this.distribute(ev)}>
            <div class="field"><label for="versionId">${t("exports.version")}</label>
              <select id="versionId" name="versionId">${[...versions].reverse().map((v) => html`<option value=${v.id}>${v.version}</option>`)}</select></div>
            ${field(e, "recipient", t("exports.receipt.recipient"), (inv, d) => html`<input id="recipient" name="recipient" aria-invalid=${inv} aria-describedby=${d}>`)}
            ${field(e, "method", t("exports.receipt.how"), (inv, d) => html`<input id="method" name="method" placeholder=${t("exports.receipt.how_placeholder")} aria-invalid=${inv} aria-describedby=${d}>`)}
            ${field(e, "date", t("exports.receipt.received_on"), (inv, d) => html`<input id="date" name="date" type="date" aria-invalid=${inv} aria-describedby=${d}>`)}
            <button type="submit" class="secondary">${t("exports.receipt.save")}</button>
          </form>`}
    </div>`;
  }

  private version(v: ReportVersionSummary) {
    return html`<div class="version" data-version=${v.version}>
      <h5>${t("exports.version_n", { n: v.version })} <span class="muted">${t("exports.version.issued_by", { by: v.issued.by, at: v.issued.at })}</span></h5>
      <p class="muted">${t("exports.version.signed", { reviewer: v.reviewed.by, reviewed: v.reviewed.at, approver: v.approved.by, approved: v.approved.at })}
        ${v.reason ? html`<br>${t("exports.version.corrects")} <span class="pre">${v.reason}</span>` : nothing}</p>
      <p class="muted no-print">${t("exports.version.files", { n: v.version })}</p>
      <p class="hash">SHA-256 HTML ${v.htmlSha256}<br>Markdown ${v.markdownSha256}<br>JSON ${v.jsonSha256}</p>
      <table aria-label=${t("exports.version.distribution", { n: v.version })}>
        <thead><tr><th>${t("exports.receipt.recipient")}</th><th>${t("exports.receipt.how")}</th><th>${t("exports.version.received")}</th><th>${t("exports.version.recorded")}</th></tr></thead>
        <tbody>${v.distribution.length === 0
          ? html`<tr><td colspan="4" class="muted">${t("exports.version.not_distributed")}</td></tr>`
          : v.distribution.map((r) => html`<tr><td>${r.recipient}</td><td>${r.method}</td><td>${r.date}</td><td class="muted">${r.recorded.by}, ${r.recorded.at}</td></tr>`)}</tbody>
      </table>
    </div>`;
  }

  private formFocus = new FormFocus();

  protected updated() {
    // The shared styles hide `.edit` controls under :host([readonly]).
    this.toggleAttribute("readonly", this.ctx?.readonly ?? false);
    labelTableCells(this.renderRoot);
    this.formFocus.after(this.renderRoot);
  }

  render() {
    const r = this.detail.audit.report ?? {};
    const e = this.error;
    const area = (name: keyof ReportDetails, label: string, value: string, hint?: string) =>
      field(e, name, label, (inv, d) => html`<textarea id=${name} name=${name} .value=${value} aria-invalid=${inv} aria-describedby=${d}
        @input=${() => (this.saved = false)}></textarea>`, hint);
    return html`<section class="card" aria-label=${t("exports.details.title")}>
      <h3>${t("exports.details.title")}</h3>
      <form novalidate @submit=${this.save} aria-label=${t("exports.details.form")}>
        ${formError(e, FIELDS)}
        ${area("summary", t("exports.details.summary"), r.summary ?? "")}
        <div class="grid">
          ${area("team", t("exports.details.team"), (r.team ?? []).join("\n"), t("exports.details.team_hint"))}
          ${area("distribution", t("exports.details.distribution"), (r.distribution ?? []).join("\n"), t("exports.details.distribution_hint"))}
          ${area("auditLocations", t("exports.details.locations"), r.auditLocations ?? "")}
        </div>
        ${area("sampling", t("exports.details.sampling"), r.sampling ?? "", t("exports.details.sampling_hint"))}
        ${area("divergingOpinions", t("exports.details.diverging"), r.divergingOpinions ?? "")}
        ${area("confidentiality", t("exports.details.confidentiality"), r.confidentiality ?? "")}
        ${area("programmeImplications", t("exports.details.implications"), r.programmeImplications ?? "", t("exports.details.implications_hint"))}
        <div class="actions edit">
          <button type="submit">${t("exports.details.save")}</button>
          ${this.saved ? html`<span role="status" class="muted">${t("common.saved")}</span>` : ""}
        </div>
      </form>
      ${this.issueControl()}
    </section>`;
  }
}

customElements.define("audit-report", AuditReport);
