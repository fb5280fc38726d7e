// Messages with markup inside: a catalog message whose placeholders are filled with
// parts of a template (a <strong> number, a button, a code), so a translation can move
// them where its word order needs them. Plain strings and numbers fill as in `t`.
import type { TemplateResult } from "lit";
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
