// <import-table>: imports a spreadsheet (CSV, .xlsx or .ods) into an SoA, a
// criteria set or an audit's findings, through a preview: the columns found, the field
// each is mapped to (proposed by the engine from header words and values; the user
// changes it), the columns ignored, the first rows as they will be saved and the
// problems per row. Nothing is written until "Import" is confirmed; then one command.
// The mapping confirmed is remembered in this browser for files with the same header.
import { html, nothing, css } from "lit";
import type { Field, ImportKind, ImportPreview, ImportProposal, ImportTable } from "./engine.js";
import { asFormError, formError, type FormError } from "./forms.js";
import { t } from "./i18n.js";
import { readWorkbook } from "./office.js";
import { PageElement } from "./page.js";

interface SheetJson {
  name: string;
  rows: unknown[];
}

/** localStorage key prefix of the mappings confirmed (a UI preference, no audit data). */
const MAPPING_KEY = "isms-audit.import-mapping.";
const WORKBOOK = /\.(xlsx|xlsm|ods)$/i;

function mappingKey(kind: ImportKind, headers: string[]): string {
  return `${MAPPING_KEY}${kind}.${headers.map((h) => h.toLowerCase()).join("\u001f")}`;
}

function remembered(kind: ImportKind, headers: string[]): (Field | null)[] | undefined {
  try {
    const saved = JSON.parse(localStorage.getItem(mappingKey(kind, headers)) ?? "null");
    return Array.isArray(saved) && saved.length === headers.length ? saved : undefined;
  } catch {
    return undefined;
  }
}

export class ImportTableElement extends PageElement {
  static properties = {
    ...PageElement.properties,
    kind: { type: String },
    targetId: { type: String },
    label: { type: String },
    fileName: { state: true },
    sheets: { state: true },
    sheetIndex: { state: true },
    proposal: { state: true },
    mapping: { state: true },
    preview: { state: true },
    note: { state: true },
    done: { state: true },
  };
  static styles = [
    ...PageElement.styles,
    css`
      .mapping td, .mapping th { vertical-align: top; }
      .samples { color: #555; font-size: 0.9em; max-width: 24em; overflow-wrap: anywhere; }
      .rows td { max-width: 22em; overflow-wrap: anywhere; white-space: pre-wrap; }
      tr.problem { background: #fef3f2; }
      .problems li { margin: 0.2em 0; }
      .why { font-size: 0.85em; color: #555; }
      .preview .actions { margin-top: 0.8em; }
    `,
  ];
  declare kind: ImportKind;
  declare targetId: string;
  /** What the file input says, e.g. "Import a spreadsheet (CSV, Excel, OpenDocument)". */
  declare label: string;
  declare fileName: string | undefined;
  declare sheets: SheetJson[] | undefined;
  declare sheetIndex: number;
  declare proposal: ImportProposal | undefined;
  declare mapping: (Field | null)[];
  declare preview: ImportPreview | undefined;
  /** What is going on, or what was imported. */
  declare note: string | undefined;
  declare done: boolean;

  constructor() {
    super();
    this.sheetIndex = 0;
    this.mapping = [];
    this.done = false;
  }

  private inputId() {
    return `import-file-${this.kind}`;
  }

  private async read(event: Event) {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    this.reset();
    if (!file) return;
    this.fileName = file.name;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let json: string;
      if (WORKBOOK.test(file.name)) {
        this.note = t("records.import.loading_reader");
        json = await readWorkbook(bytes, (note) => (this.note = `${note}…`));
      } else {
        json = this.ctx.app.readCsv(file.name, bytes);
      }
      this.note = undefined;
      const sheets = JSON.parse(json) as SheetJson[];
      this.sheets = sheets;
      // The first sheet with rows, unless the user picks another.
      this.choose(Math.max(0, sheets.findIndex((s) => s.rows.length > 0)));
    } catch (e) {
      this.note = undefined;
      this.error = this.asError(e);
    }
  }

  private asError(e: unknown): FormError {
    // Shown above the preview, never next to a field.
    return { ...asFormError(e), field: undefined };
  }

  private reset() {
    this.error = undefined;
    this.sheets = undefined;
    this.proposal = undefined;
    this.preview = undefined;
    this.note = undefined;
    this.done = false;
  }

  private choose(index: number) {
    this.sheetIndex = index;
    const sheet = this.sheets![index];
    try {
      const proposal = this.ctx.app.importProposal(this.kind, this.targetId, JSON.stringify(sheet));
      this.proposal = proposal;
      const headers = proposal.columns.map((c) => c.header);
      this.mapping = remembered(this.kind, headers) ?? proposal.columns.map((c) => c.field ?? null);
      this.refresh();
    } catch (e) {
      this.error = this.asError(e);
    }
  }

  private table(): ImportTable {
    const p = this.proposal!;
    const workbook = WORKBOOK.test(this.fileName ?? "");
    return {
      kind: this.kind,
      targetId: this.targetId,
      fileName: this.fileName ?? "",
      sheet: workbook ? p.sheet : "",
      columns: p.columns.map((c, i) => (this.mapping[i] ? { header: c.header, field: this.mapping[i]! } : { header: c.header })),
      rows: p.rows,
    };
  }

  private refresh() {
    this.error = undefined;
    try {
      this.preview = this.ctx.app.importPreview(this.table());
    } catch (e) {
      this.preview = undefined;
      this.error = this.asError(e);
    }
  }

  private map(index: number, value: string) {
    const mapping = [...this.mapping];
    const field = (value || null) as Field | null;
    // A field goes to one column: choosing it here takes it from any other.
    if (field) mapping.forEach((f, i) => { if (f === field) mapping[i] = null; });
    mapping[index] = field;
    this.mapping = mapping;
    this.refresh();
  }

  private async confirmImport() {
    const table = this.table();
    const count = this.preview?.count ?? 0;
    this.error = await this.saving(() => this.ctx.dispatch({ type: "importTable", table }));
    if (this.error) return;
    localStorage.setItem(mappingKey(this.kind, table.columns.map((c) => c.header)), JSON.stringify(this.mapping));
    const file = this.fileName;
    this.reset();
    this.done = true;
    this.note = t("records.import.imported", { count, file: file ?? "" });
    const input = this.renderRoot.querySelector<HTMLInputElement>(`#${this.inputId()}`);
    if (input) input.value = "";
  }

  private cancel() {
    this.reset();
    const input = this.renderRoot.querySelector<HTMLInputElement>(`#${this.inputId()}`);
    if (input) input.value = "";
  }

  render() {
    const id = this.inputId();
    return html`<div class="field edit">
        <label for=${id}>${this.label} <span class="hint">${t("records.import.hint")}</span></label>
        <input id=${id} type="file" accept=".csv,.tsv,.txt,.xlsx,.xlsm,.ods,text/csv" @change=${this.read}>
      </div>
      ${this.note ? html`<p class=${this.done ? "ok" : "muted"} role="status">${this.note}</p>` : nothing}
      ${formError(this.error)}
      ${this.proposal ? this.renderPreview(this.proposal) : nothing}`;
  }

  private renderPreview(p: ImportProposal) {
    const sheets = this.sheets ?? [];
    const preview = this.preview;
    const ignored = p.columns.filter((_, i) => !this.mapping[i]);
    return html`<section aria-label=${t("records.import.preview_label")} class="preview">
      <h4>${t("records.import.preview_of", { file: this.fileName ?? "" })}</h4>
      ${sheets.length > 1
        ? html`<div class="field"><label for="import-sheet">${t("records.import.sheet")}</label>
            <select id="import-sheet" @change=${(e: Event) => this.choose(Number((e.target as HTMLSelectElement).value))}>
              ${sheets.map((s, i) => html`<option value=${i} ?selected=${i === this.sheetIndex}>${t("records.import.sheet_rows", { name: s.name, n: s.rows.length })}</option>`)}
            </select></div>`
        : nothing}
      <p class="muted">${t("records.import.header_row", { line: p.headerLine, n: p.rows.length })}</p>
      ${p.notes.length ? html`<ul class="notes">${p.notes.map((n) => html`<li>${n}</li>`)}</ul>` : nothing}
      <table class="mapping" aria-label=${t("records.import.columns_label")}>
        <thead><tr><th>${t("records.import.col.column")}</th><th>${t("records.import.col.first_values")}</th><th>${t("records.import.col.saved_as")}</th></tr></thead>
        <tbody>${p.columns.map((c, i) => html`<tr>
          <td><strong>${c.header}</strong></td>
          <td class="samples">${c.samples.join(" · ")}</td>
          <td><label class="sr-only" for="map-${i}">${t("records.import.field_for", { header: c.header })}</label>
            <select id="map-${i}" @change=${(e: Event) => this.map(i, (e.target as HTMLSelectElement).value)}>
              <option value="" ?selected=${!this.mapping[i]}>${t("records.import.ignored_option")}</option>
              ${p.fields.map((f) => html`<option value=${f.field} ?selected=${this.mapping[i] === f.field}>${f.required ? t("records.import.required_field", { field: f.label }) : f.label}</option>`)}
            </select>
            ${this.mapping[i] === (c.field ?? null) ? html`<div class="why">${c.why}</div>` : nothing}</td>
        </tr>`)}</tbody>
      </table>
      <p id="import-ignored">${ignored.length
        ? t("records.import.ignored", { columns: ignored.map((c) => c.header).join(", ") })
        : t("records.import.all_saved")}</p>
      ${preview ? this.renderRows(preview) : nothing}
      <div class="actions">
        <button class="edit" ?disabled=${!preview || preview.problems.length > 0 || (preview.count === 0 && this.kind !== "soa")}
          @click=${this.confirmImport}>${t("records.import.confirm", { n: preview?.count ?? 0 })}</button>
        <button class="secondary" @click=${this.cancel}>${t("records.import.cancel")}</button>
      </div>
    </section>`;
  }

  private renderRows(preview: ImportPreview) {
    return html`
      ${preview.problems.length
        ? html`<div class="banner error" role="alert"><p>${t("records.import.problems", { n: preview.problems.length })}</p>
            <ul class="problems">${preview.problems.slice(0, 50).map((m) => html`<li>${m}</li>`)}</ul></div>`
        : html`<p role="status">${preview.unchanged
          ? t("records.import.will_save_unchanged", { n: preview.count, unchanged: preview.unchanged })
          : t("records.import.will_save", { n: preview.count })}</p>`}
      <table class="rows" aria-label=${t("records.import.rows_label")}>
        <thead><tr><th>${t("records.import.col.row")}</th>${preview.fields.map((f) => html`<th>${f}</th>`)}</tr></thead>
        <tbody>${preview.rows.map((r) => html`<tr class=${r.problems.length ? "problem" : ""}>
          <td>${r.line}</td>
          ${r.values.length
            ? r.values.map((v) => html`<td>${v}</td>`)
            : html`<td colspan=${preview.fields.length}></td>`}
        </tr>${r.problems.length
          ? html`<tr class="problem"><td></td><td colspan=${preview.fields.length}>${r.problems.join(" ")}</td></tr>`
          : nothing}`)}</tbody>
      </table>`;
  }
}

customElements.define("import-table", ImportTableElement);
