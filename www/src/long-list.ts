// Long lists (findings, checklist, evidence, actions, the trail): a page of rows at a
// time, with the list's own filter in place of the browser's find-in-page, which cannot
// see rows that are not drawn. A page costs the same at 100 rows or 100,000, and paging
// keeps rows in the document's order for keyboards and screen readers (a virtualised
// list would move the focus and the reading cursor under the user).
//
// Use: one `LongList` per list, created in the component's constructor with the host;
// in render, `const shown = list.show(items, textOf)`, draw `shown.rows` in the table
// and `list.controls(shown)` above it. The host re-renders when the filter or page moves.
import { html, nothing, type ReactiveControllerHost } from "lit";
import { number, t, type MessageKey } from "./i18n.js";

export interface Shown<T> {
  /** The rows of the current page. */
  rows: T[];
  /** How many match the filter, and how many there are. */
  matching: number;
  total: number;
  /** The first row's position among the matching (0-based). */
  start: number;
}

export class LongList<T> {
  private text = "";
  private start = 0;
  /** The last filter's result, kept while the items and the filter stay the same. */
  private cache: { items: T[]; text: string; matching: T[] } | undefined;
  /** What matched at the last `show`. */
  private matching: T[] = [];

  /** `id` names the list's controls (unique within the component); `noun` is the
   * catalog key of what the rows are, in the plural ("findings"). */
  constructor(
    private host: ReactiveControllerHost,
    readonly id: string,
    readonly noun: MessageKey,
    readonly pageSize = 100,
  ) {}

  /** The page of `items` to draw: those whose `textOf` holds every word of the filter. */
  show(items: T[], textOf: (item: T) => string): Shown<T> {
    let matching = items;
    if (this.text) {
      if (this.cache?.items !== items || this.cache.text !== this.text) {
        const words = this.text.toLowerCase().split(/\s+/).filter(Boolean);
        this.cache = {
          items,
          text: this.text,
          matching: items.filter((item) => {
            const t = textOf(item).toLowerCase();
            return words.every((w) => t.includes(w));
          }),
        };
      }
      matching = this.cache.matching;
    }
    // A list that shrank (a deletion, a narrower filter) keeps a page with rows on it.
    this.matching = matching;
    const last = Math.max(0, Math.floor((matching.length - 1) / this.pageSize) * this.pageSize);
    if (this.start > last) this.start = last;
    return { rows: matching.slice(this.start, this.start + this.pageSize), matching: matching.length, total: items.length, start: this.start };
  }

  /** Shows the page holding the first row drawn last time (matching the filter) for
   * which `which` holds, e.g. a linked or just saved row; false if none does. */
  reveal(which: (item: T) => boolean): boolean {
    const index = this.matching.findIndex(which);
    if (index < 0) return false;
    const start = Math.floor(index / this.pageSize) * this.pageSize;
    if (start !== this.start) this.go(start);
    return true;
  }

  private go(start: number) {
    this.start = Math.max(0, start);
    this.host.requestUpdate();
  }

  /** The filter box, what is shown ("Findings 101–200 of 10,000", announced politely)
   * and the page buttons; none of it when everything fits one page unfiltered. At an
   * end a button stays (a hidden or disabled one would drop the focus), aria-disabled. */
  controls(shown: Shown<T>, placeholder = t("audit.list.placeholder")) {
    if (shown.total <= this.pageSize && !this.text) return nothing;
    const first = shown.matching === 0 ? 0 : shown.start + 1;
    const last = shown.start + shown.rows.length;
    const noun = t(this.noun);
    const counts = {
      noun, Noun: `${noun[0].toUpperCase()}${noun.slice(1)}`, text: this.text,
      first: number(first), last: number(last), matching: number(shown.matching), total: number(shown.total), size: number(this.pageSize),
    };
    return html`<div class="filters long-list no-print" role="group" aria-label=${t("audit.list.group", counts)}>
      <div class="field">
        <label for="${this.id}-filter">${t("audit.list.filter", counts)}</label>
        <input type="search" id="${this.id}-filter" placeholder=${placeholder} .value=${this.text}
          @input=${(e: Event) => { this.text = (e.target as HTMLInputElement).value.trim(); this.go(0); }}>
      </div>
      <span class="muted" role="status" id="${this.id}-shown">${first === 0
        ? t(this.text ? "audit.list.none_filtered" : "audit.list.none", counts)
        : t(this.text ? "audit.list.shown_filtered" : "audit.list.shown", counts)}</span>
      <span class="actions">
        <button class="secondary" id="${this.id}-first" aria-label=${t("audit.list.first_label", counts)} aria-disabled=${shown.start === 0}
          @click=${() => this.go(0)}>${t("audit.list.first")}</button>
        <button class="secondary" id="${this.id}-previous" aria-label=${t("audit.list.previous_label", counts)} aria-disabled=${shown.start === 0}
          @click=${() => this.go(shown.start - this.pageSize)}>${t("audit.list.previous")}</button>
        <button class="secondary" id="${this.id}-next" aria-label=${t("audit.list.next_label", counts)} aria-disabled=${last >= shown.matching}
          @click=${() => last < shown.matching && this.go(shown.start + this.pageSize)}>${t("audit.list.next")}</button>
      </span>
    </div>`;
  }
}
