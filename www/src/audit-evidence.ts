// <audit-evidence>: the audit's evidence register (ISO 19011 6.4.7): entries with the
// checklist items and findings they support, and files attached to them. Files are
// stored in this browser with their SHA-256; opening one checks it, and a file whose
// bytes changed is reported, never opened as if intact.
import { html, nothing, css } from "lit";
import type { AuditDetail, Evidence, EvidenceFields, EvidenceKind } from "./engine.js";
import { asAuditError } from "./engine.js";
import { field, formError, values, type FormError } from "./forms.js";
import { today } from "./labels.js";
import { PageElement } from "./page.js";
import { LongList } from "./long-list.js";

export const EVIDENCE_KINDS: Record<EvidenceKind, string> = {
  document: "Document",
  record: "Record",
  interview: "Interview",
  observation: "Observation",
  technical_verification: "Technical verification",
};

const FIELDS = ["kind", "title", "date", "source", "description", "criterionIds", "findingIds"];

/** What raising a finding from an entry asks the audit page to open. */
export interface RaiseFinding {
  evidenceId: string;
  criterionId?: string;
  evidence: string;
}

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KiB` : `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
}

export class AuditEvidence extends PageElement {
  static properties = {
    ...PageElement.properties,
    detail: { attribute: false },
    /** "new", an entry id being edited, or undefined. */
    mode: { state: true },
    /** A file problem (too large, damaged on read), shown with the entry. */
    fileError: { state: true },
  };
  static styles = [
    ...PageElement.styles,
    css`
      .files { margin: 0.2em 0 0; padding-left: 1.1em; }
      .files li { margin: 0.15em 0; }
      .hash { font-family: monospace; font-size: 0.8em; }
      .limits { font-size: 0.9em; }
    `,
  ];
  /** The register of a large audit, a page at a time. */
  private list = new LongList<Evidence>(this, "evidence", "evidence entries", 50);

  declare detail: AuditDetail;
  declare mode: string | undefined;
  declare fileError: { evidenceId: string; error: FormError } | undefined;

  private async save(fields: EvidenceFields) {
    const mode = this.mode;
    this.error = await this.saving(() =>
      mode === "new"
        ? this.ctx.dispatch({ type: "addEvidence", auditId: this.detail.audit.id, evidence: fields })
        : this.ctx.dispatch({ type: "updateEvidence", evidenceId: mode!, evidence: fields }),
    );
    if (!this.error) this.mode = undefined;
  }

  /** Attaches each chosen file in turn; stops at the first refused one. */
  private async attach(entry: Evidence, input: HTMLInputElement) {
    const files = [...(input.files ?? [])];
    this.fileError = undefined;
    const error = await this.saving(async () => {
      for (const file of files) await this.ctx.attachFile(entry.id, file);
    });
    input.value = "";
    if (error) this.fileError = { evidenceId: entry.id, error };
  }

  /** Opens a file after checking its hash; a damaged one is reported instead. */
  private async open(entry: Evidence, fileId: string, name: string, type: string) {
    this.fileError = undefined;
    try {
      const blob = await this.ctx.app.readEvidenceFile(entry.id, fileId);
      const url = URL.createObjectURL(new Blob([blob], { type: type || "application/octet-stream" }));
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 0);
    } catch (e) {
      const error = asAuditError(e);
      this.fileError = { evidenceId: entry.id, error: { code: error.code, message: error.message } };
    }
  }

  private async removeFile(entry: Evidence, fileId: string, name: string) {
    if (!confirm(`Remove the file "${name}" from ${entry.reference}? The audit trail keeps a record that it was attached.`)) return;
    this.error = await this.saving(() => this.ctx.dispatch({ type: "removeEvidenceFile", evidenceId: entry.id, fileId }));
  }

  private raise(entry: Evidence) {
    const text = [`${entry.reference} ${EVIDENCE_KINDS[entry.kind].toLowerCase()}: ${entry.title}`, entry.source, entry.date]
      .filter(Boolean).join(", ");
    const detail: RaiseFinding = {
      evidenceId: entry.id,
      criterionId: entry.criterionIds[0],
      evidence: entry.description ? `${text}. ${entry.description}` : text,
    };
    this.dispatchEvent(new CustomEvent<RaiseFinding>("raise-finding", { detail, bubbles: true, composed: true }));
  }

  render() {
    const d = this.detail;
    const open = d.audit.status !== "completed";
    const recording = d.audit.status === "in_progress";
    const references = new Map(d.findings.map((f) => [f.id, f.reference]));
    const shown = this.list.show(d.evidence, (e) => `${e.reference} ${EVIDENCE_KINDS[e.kind]} ${e.title} ${e.source} ${e.description} ${e.criterionIds.join(" ")}`);
    return html`<h3 id="evidence-heading">Evidence register</h3>
      <div class="card" aria-labelledby="evidence-heading">
        <p class="muted limits">Files are kept in this browser with their SHA-256 and checked each time they are opened.
          Limits: 25 MiB per file, 10 files per entry, 200 MiB of files per workspace.</p>
        ${this.error && !this.mode ? formError(this.error) : nothing}
        ${d.evidence.length === 0
          ? html`<p class="muted">No evidence recorded.</p>`
          : html`${this.list.controls(shown, "Reference, title, source or criterion")}<table id="evidence">
              <thead><tr><th>Ref.</th><th>Kind</th><th>What and who</th><th>Supports</th><th>Files</th><th class="no-print"><span class="sr-only">Actions</span></th></tr></thead>
              <tbody>${shown.rows.map((e) => html`<tr data-evidence=${e.id}>
                <td class="nowrap">${e.reference}</td>
                <td>${EVIDENCE_KINDS[e.kind]}<div class="hint nowrap">${e.date}</div></td>
                <td><strong>${e.title}</strong>${e.source ? html`<div class="muted">${e.source}</div>` : nothing}
                  ${e.description ? html`<div class="pre">${e.description}</div>` : nothing}</td>
                <td>${e.criterionIds.join(", ")}${e.findingIds.length
                  ? html`<div class="nowrap">Findings: ${e.findingIds.map((id) => references.get(id) ?? id).join(", ")}</div>` : nothing}</td>
                <td>
                  ${e.files.length
                    ? html`<ul class="files">${e.files.map((f) => html`<li>
                        <button class="link" aria-label="Open ${f.name} of ${e.reference}"
                          @click=${() => this.open(e, f.id, f.name, f.mediaType)}>${f.name}</button>
                        <span class="muted">${size(f.size)}</span>
                        <span class="hash muted" title="SHA-256">${f.sha256.slice(0, 12)}…</span>
                        ${open ? html`<button class="link danger no-print" aria-label="Remove ${f.name} from ${e.reference}"
                          @click=${() => this.removeFile(e, f.id, f.name)}>remove</button>` : nothing}
                      </li>`)}</ul>`
                    : html`<span class="muted">none</span>`}
                  ${open ? html`<div class="no-print"><input type="file" multiple id="files-${e.id}" aria-label="Attach files to ${e.reference}"
                      @change=${(ev: Event) => this.attach(e, ev.target as HTMLInputElement)}></div>` : nothing}
                  ${this.fileError?.evidenceId === e.id
                    ? html`<div class="field-error" role="alert" data-code=${this.fileError.error.code ?? ""}>${this.fileError.error.message}</div>` : nothing}
                </td>
                <td class="no-print"><div class="actions nowrap">
                  ${open ? html`<button class="secondary" aria-label="Edit ${e.reference}" @click=${() => { this.mode = e.id; this.error = undefined; }}>Edit</button>` : nothing}
                  ${recording ? html`<button class="secondary" aria-label="Raise finding from ${e.reference}" @click=${() => this.raise(e)}>Raise finding</button>` : nothing}
                </div></td>
              </tr>`)}</tbody>
            </table>`}
        ${this.mode ? this.form(d.evidence.find((e) => e.id === this.mode)) : open
          ? html`<button class="no-print" @click=${() => { this.mode = "new"; this.error = undefined; }}>Add evidence</button>`
          : nothing}
      </div>`;
  }

  private form(initial: Evidence | undefined) {
    const e = this.error;
    const d = this.detail;
    const title = initial ? `Edit evidence ${initial.reference}` : "New evidence";
    const submit = (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      const v = values(form);
      const chosen = (id: string) => [...form.querySelector<HTMLSelectElement>(`#${id}`)!.selectedOptions].map((o) => o.value);
      this.save({
        kind: (v.kind || undefined) as EvidenceKind | undefined,
        title: v.title,
        date: v.date,
        source: v.source,
        description: v.description,
        criterionIds: chosen("criterionIds"),
        findingIds: chosen("findingIds"),
      });
    };
    return html`<form class="card" id="evidence-form" novalidate aria-label=${title} @submit=${submit}>
      <h3>${title}</h3>
      ${formError(e, FIELDS)}
      <div class="grid">
        ${field(e, "kind", "Kind", (inv, dby) => html`<select id="kind" name="kind" aria-invalid=${inv} aria-describedby=${dby}>
          <option value="" ?selected=${!initial}>Choose…</option>
          ${Object.entries(EVIDENCE_KINDS).map(([k, label]) => html`<option value=${k} ?selected=${initial?.kind === k}>${label}</option>`)}
        </select>`)}
        ${field(e, "title", "Reference or title", (inv, dby) => html`<input id="title" name="title" .value=${initial?.title ?? ""} aria-invalid=${inv} aria-describedby=${dby}>`, "document id and version, record, or topic")}
        ${field(e, "date", "Date", (inv, dby) => html`<input id="date" name="date" type="date" .value=${initial?.date ?? today()} aria-invalid=${inv} aria-describedby=${dby}>`)}
        ${field(e, "source", "Who or what", (inv, dby) => html`<input id="source" name="source" .value=${initial?.source ?? ""} aria-invalid=${inv} aria-describedby=${dby}>`, "person interviewed, system or file examined")}
      </div>
      <div class="grid">
        ${field(e, "criterionIds", "Supports checklist items", (inv, dby) => html`<select id="criterionIds" name="criterionIds" multiple size="4" aria-invalid=${inv} aria-describedby=${dby}>
          ${d.checklist.map((i) => html`<option value=${i.criterionId} ?selected=${initial?.criterionIds.includes(i.criterionId) ?? false}>${i.criterionId} ${i.title}</option>`)}
        </select>`, "Ctrl/⌘-click for several")}
        ${field(e, "findingIds", "Supports findings", (inv, dby) => html`<select id="findingIds" name="findingIds" multiple size="4" aria-invalid=${inv} aria-describedby=${dby}>
          ${d.findings.map((f) => html`<option value=${f.id} ?selected=${initial?.findingIds.includes(f.id) ?? false}>${f.reference} ${f.statement.slice(0, 60)}</option>`)}
        </select>`)}
      </div>
      ${field(e, "description", "Description", (inv, dby) => html`<textarea id="description" name="description" .value=${initial?.description ?? ""} aria-invalid=${inv} aria-describedby=${dby}></textarea>`, "what it shows")}
      <div class="actions">
        <button type="submit">${initial ? "Save evidence" : "Add this evidence"}</button>
        <button type="button" class="secondary" @click=${() => { this.mode = undefined; this.error = undefined; }}>Cancel</button>
      </div>
    </form>`;
  }
}

customElements.define("audit-evidence", AuditEvidence);
