// Messages with markup inside, so a translation can move the markup where its word order
// needs it: `tHtml` fills placeholders with parts of a template (a <strong> number, a
// button, a code), `rich` one placeholder of a text already in words, and `emphasised`
// shows the catalog's own <strong>…</strong> bold. Plain strings and numbers fill as in `t`.
import { html, type TemplateResult } from "lit";
import { t, type MessageKey, type Params } from "./i18n.js";

export type Part = string | number | TemplateResult;

const MARK = /\uE000(\d+)\uE001/;

/** The message `key` with `{name}` replaced by `params`, as parts Lit renders in order. */
export function tHtml(key: MessageKey, params: Record<string, Part>): Part[] {
  const plain: Params = {};
  const marked: TemplateResult[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "string" || typeof value === "number") {
      plain[name] = value;
    } else {
      plain[name] = `\uE000${marked.length}\uE001`;
      marked.push(value);
    }
  }
  // split with a capturing group: text, index, text, index, …, text
  return t(key, plain)
    .split(MARK)
    .map((piece, i) => (i % 2 === 1 ? marked[Number(piece)] : piece))
    .filter((piece) => piece !== "");
}

/** A message already in words (`t(…)`) whose placeholder `{name}` was left for markup
 * (e.g. a <strong> figure): the sentence stays whole, the markup goes where the language
 * puts it. */
export function rich(text: string, name: string, value: unknown) {
  const [before, after] = text.split(`{${name}}`);
  return html`${before}${value}${after ?? ""}`;
}

/** A message with emphasis: `key`'s text in the current language, `<strong>…</strong>`
 * in it shown bold and `params` filled in as plain text (never read as markup). Numbers
 * stay numbers, so number choices work. */
export function emphasised(key: MessageKey, params: Params = {}): unknown[] {
  const values: string[] = [];
  const marked: Params = {};
  for (const [name, value] of Object.entries(params)) {
    if (typeof value === "number") marked[name] = value;
    else marked[name] = `\u0001${values.push(value) - 1}\u0001`;
  }
  const text = t(key, marked);
  const fill = (part: string) => part.split(/\u0001(\d+)\u0001/).map((s, i) => (i % 2 ? values[Number(s)] : s)).join("");
  return text.split(/<strong>(.*?)<\/strong>/).map((part, i) => (i % 2 ? html`<strong>${fill(part)}</strong>` : fill(part)));
}
