// <audit-evidence>: the audit's evidence register (ISO 19011 6.4.7): entries with the
// checklist items and findings they support, and files attached to them. Files are
// stored in this browser with their SHA-256; opening one checks it, and a file whose
// bytes changed is reported, never opened as if intact.
import { html, nothing, css } from "lit";
import type { AuditDetail, Evidence, EvidenceFields, EvidenceKind } from "./engine.js";
import { asAuditError } from "./engine.js";
import { field, formError, values, type FormError } from "./forms.js";
import { today } from "./labels.js";
import { number, t, tKey } from "./i18n.js";
import { PageElement } from "./page.js";
import { LongList } from "./long-list.js";

export const EVIDENCE_KIND_VALUES: EvidenceKind[] = ["document", "record", "interview", "observation", "technical_verification"];
export const evidenceKind = (k: EvidenceKind) => tKey(`audit.evidence.kind.${k}`);

const FIELDS = ["kind", "title", "date", "source", "description", "criterionIds", "findingIds"];

/** What raising a finding from an entry asks the audit page to open. */
export interface RaiseFinding {
  evidenceId: string;
  criterionId?: string;
  evidence: string;
}

function size(bytes: number): string {
  return bytes < 1024 * 1024
    ? t("audit.evidence.kib", { n: Math.ceil(bytes / 1024) })
    : t("audit.evidence.mib", { n: number(bytes / (1024 * 1024), 1) });
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
      /* Headings, kinds and criterion ids break between words only (German words are long). */
      #evidence th, #evidence td:nth-child(2), #evidence td:nth-child(4) { overflow-wrap: normal; }
    `,
  ];
  /** The register of a large audit, a page at a time. */
  private list = new LongList<Evidence>(this, "evidence", "audit.list.evidence", 50);

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
    if (!confirm(t("audit.evidence.confirm_remove", { name, reference: entry.reference }))) return;
    this.error = await this.saving(() => this.ctx.dispatch({ type: "removeEvidenceFile", evidenceId: entry.id, fileId }));
  }

  private raise(entry: Evidence) {
    const text = [t("audit.evidence.raised", { reference: entry.reference, kind: tKey(`audit.evidence.kind_inline.${entry.kind}`), title: entry.title }), entry.source, entry.date]
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
    const shown = this.list.show(d.evidence, (e) => `${e.reference} ${evidenceKind(e.kind)} ${e.title} ${e.source} ${e.description} ${e.criterionIds.join(" ")}`);
    return html`<h3 id="evidence-heading">${t("audit.evidence.title")}</h3>
      <div class="card" aria-labelledby="evidence-heading">
        <p class="muted limits">${t("audit.evidence.files_kept")}
          ${t("audit.evidence.limits")}</p>
        ${this.error && !this.mode ? formError(this.error) : nothing}
        ${d.evidence.length === 0
          ? html`<p class="muted">${t("audit.evidence.none")}</p>`
          : html`${this.list.controls(shown, t("audit.evidence.filter"))}<table id="evidence">
              <thead><tr><th>${t("audit.page.ref")}</th><th>${t("common.kind")}</th><th>${t("audit.evidence.what_who")}</th><th>${t("audit.evidence.supports")}</th><th>${t("audit.evidence.files")}</th><th class="no-print"><span class="sr-only">${t("common.actions")}</span></th></tr></thead>
              <tbody>${shown.rows.map((e) => html`<tr data-evidence=${e.id}>
                <td class="nowrap">${e.reference}</td>
                <td>${evidenceKind(e.kind)}<div class="hint nowrap">${e.date}</div></td>
                <td><strong>${e.title}</strong>${e.source ? html`<div class="muted">${e.source}</div>` : nothing}
                  ${e.description ? html`<div class="pre">${e.description}</div>` : nothing}</td>
                <td>${e.criterionIds.join(", ")}${e.findingIds.length
                  ? html`<div class="nowrap">${t("audit.evidence.findings", { references: e.findingIds.map((id) => references.get(id) ?? id).join(", ") })}</div>` : nothing}</td>
                <td>
                  ${e.files.length
                    ? html`<ul class="files">${e.files.map((f) => html`<li>
                        <button class="link" aria-label=${t("audit.evidence.open_file", { name: f.name, reference: e.reference })}
                          @click=${() => this.open(e, f.id, f.name, f.mediaType)}>${f.name}</button>
                        <span class="muted">${size(f.size)}</span>
                        <span class="hash muted" title="SHA-256">${f.sha256.slice(0, 12)}…</span>
                        ${open ? html`<button class="link danger no-print edit" aria-label=${t("audit.evidence.remove_file", { name: f.name, reference: e.reference })}
                          @click=${() => this.removeFile(e, f.id, f.name)}>${t("audit.evidence.remove")}</button>` : nothing}
                      </li>`)}</ul>`
                    : html`<span class="muted">${t("common.none")}</span>`}
                  ${open ? html`<div class="no-print edit"><input type="file" multiple id="files-${e.id}" aria-label=${t("audit.evidence.attach", { reference: e.reference })}
                      @change=${(ev: Event) => this.attach(e, ev.target as HTMLInputElement)}></div>` : nothing}
                  ${this.fileError?.evidenceId === e.id
                    ? html`<div class="field-error" role="alert" data-code=${this.fileError.error.code ?? ""}>${this.fileError.error.message}</div>` : nothing}
                </td>
                <td class="no-print"><div class="actions nowrap">
                  ${open ? html`<button class="secondary edit" aria-label=${t("audit.evidence.edit", { reference: e.reference })} @click=${() => { this.mode = e.id; this.error = undefined; }}>${t("common.edit")}</button>` : nothing}
                  ${recording ? html`<button class="secondary edit" aria-label=${t("audit.evidence.raise_from", { reference: e.reference })} @click=${() => this.raise(e)}>${t("audit.evidence.raise")}</button>` : nothing}
                </div></td>
              </tr>`)}</tbody>
            </table>`}
        ${this.mode ? this.form(d.evidence.find((e) => e.id === this.mode)) : open
          ? html`<button class="no-print edit" @click=${() => { this.mode = "new"; this.error = undefined; }}>${t("audit.evidence.add")}</button>`
          : nothing}
      </div>`;
  }

  private form(initial: Evidence | undefined) {
    const e = this.error;
    const d = this.detail;
    const title = initial ? t("audit.evidence.edit_title", { reference: initial.reference }) : t("audit.evidence.new_title");
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
    return html`<form class="card edit" id="evidence-form" novalidate aria-label=${title} @submit=${submit}>
      <h3>${title}</h3>
      ${formError(e, FIELDS)}
      <div class="grid">
        ${field(e, "kind", t("common.kind"), (inv, dby) => html`<select id="kind" name="kind" aria-invalid=${inv} aria-describedby=${dby}>
          <option value="" ?selected=${!initial}>${t("audit.dashboard.choose")}</option>
          ${EVIDENCE_KIND_VALUES.map((k) => html`<option value=${k} ?selected=${initial?.kind === k}>${evidenceKind(k)}</option>`)}
        </select>`)}
        ${field(e, "title", t("audit.evidence.reference_title"), (inv, dby) => html`<input id="title" name="title" .value=${initial?.title ?? ""} aria-invalid=${inv} aria-describedby=${dby}>`, t("audit.evidence.reference_title_hint"))}
        ${field(e, "date", t("common.date"), (inv, dby) => html`<input id="date" name="date" type="date" .value=${initial?.date ?? today()} aria-invalid=${inv} aria-describedby=${dby}>`)}
        ${field(e, "source", t("audit.evidence.source"), (inv, dby) => html`<input id="source" name="source" .value=${initial?.source ?? ""} aria-invalid=${inv} aria-describedby=${dby}>`, t("audit.evidence.source_hint"))}
      </div>
      <div class="grid">
        ${field(e, "criterionIds", t("audit.evidence.supports_items"), (inv, dby) => html`<select id="criterionIds" name="criterionIds" multiple size="4" aria-invalid=${inv} aria-describedby=${dby}>
          ${d.checklist.map((i) => html`<option value=${i.criterionId} ?selected=${initial?.criterionIds.includes(i.criterionId) ?? false}>${i.criterionId} ${i.title}</option>`)}
        </select>`, t("audit.evidence.several"))}
        ${field(e, "findingIds", t("audit.evidence.supports_findings"), (inv, dby) => html`<select id="findingIds" name="findingIds" multiple size="4" aria-invalid=${inv} aria-describedby=${dby}>
          ${d.findings.map((f) => html`<option value=${f.id} ?selected=${initial?.findingIds.includes(f.id) ?? false}>${f.reference} ${f.statement.slice(0, 60)}</option>`)}
        </select>`)}
      </div>
      ${field(e, "description", t("common.description"), (inv, dby) => html`<textarea id="description" name="description" .value=${initial?.description ?? ""} aria-invalid=${inv} aria-describedby=${dby}></textarea>`, t("audit.evidence.description_hint"))}
      <div class="actions">
        <button type="submit">${initial ? t("audit.evidence.save") : t("audit.evidence.add_this")}</button>
        <button type="button" class="secondary" @click=${() => { this.mode = undefined; this.error = undefined; }}>${t("common.cancel")}</button>
      </div>
    </form>`;
  }
}

customElements.define("audit-evidence", AuditEvidence);
