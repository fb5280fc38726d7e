// <audit-report>: what the report says beyond the plan and the findings (team, sampling,
// diverging opinions, confidentiality, distribution, summary), and the downloads.
import { LitElement, html, css } from "lit";
import type { AuditDetail, ReportDetails } from "./engine.js";
import { attempt, download, field, formError, lines, values, type Ctx, type FormError } from "./forms.js";
import { shared } from "./styles.js";

const FIELDS = ["team", "auditLocations", "sampling", "divergingOpinions", "confidentiality", "distribution", "summary", "programmeImplications"];

const FORMATS = [
  { format: "html", label: "HTML (print to PDF)", type: "text/html", extension: "html" },
  { format: "markdown", label: "Markdown", type: "text/markdown", extension: "md" },
  { format: "json", label: "JSON", type: "application/json", extension: "json" },
] as const;

export class AuditReport extends LitElement {
  static properties = { ctx: { attribute: false }, detail: { attribute: false }, error: { state: true }, saved: { state: true } };
  static styles = [shared, css`.downloads { margin-bottom: 0.8rem; }`];
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
    };
    this.error = await attempt(() => this.ctx.dispatch({ type: "setReportDetails", auditId: this.detail.audit.id, details }));
    this.saved = !this.error;
  }

  private download(format: (typeof FORMATS)[number]) {
    const a = this.detail.audit;
    const text = this.ctx.app.report(a.id, format.format);
    const name = `${a.title.replace(/[^\p{L}\p{N} _-]+/gu, "").trim() || "audit"} report.${format.extension}`;
    download(name, format.type, text);
  }

  render() {
    const r = this.detail.audit.report ?? {};
    const e = this.error;
    const area = (name: keyof ReportDetails, label: string, value: string, hint?: string) =>
      field(e, name, label, (inv, d) => html`<textarea id=${name} name=${name} .value=${value} aria-invalid=${inv} aria-describedby=${d}
        @input=${() => (this.saved = false)}></textarea>`, hint);
    return html`<section class="card" aria-label="Audit report">
      <h3>Audit report</h3>
      <div class="actions downloads no-print">
        <span>Download:</span>
        ${FORMATS.map((f) => html`<button class="secondary" id="download-${f.format}" @click=${() => this.download(f)}>${f.label}</button>`)}
      </div>
      <form novalidate @submit=${this.save} aria-label="Report details">
        ${formError(e, FIELDS)}
        ${area("summary", "Summary for management", r.summary ?? "")}
        <div class="grid">
          ${area("team", "Audit team", (r.team ?? []).join("\n"), "one per line, with role")}
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
    </section>`;
  }
}

customElements.define("audit-report", AuditReport);
