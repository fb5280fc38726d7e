// The page's words: every user-visible string comes from the message catalog
// (www/src/messages/<lang>/<area>.json, one key set per language, checked by
// tests/e2e/messages.test.mjs). One language per page: the element's `lang` attribute,
// else the user's choice in the header, else the browser's first supported language.
import { EN, CATALOGS, type Language, type MessageKey } from "./messages/index.js";

export type { Language, MessageKey };

/** The languages offered, each named in itself. */
export const LANGUAGES: Record<Language, string> = { en: "English", de: "Deutsch" };

/** localStorage key of the language the user chose in the header (a UI preference). */
const CHOICE_KEY = "isms-audit.language";

let current: Language = "en";

/** The language in use now. */
export function language(): Language {
  return current;
}

/** Whether `tag` (e.g. "de-CH") names a language the page offers, and which. */
export function supported(tag: string | null | undefined): Language | undefined {
  const base = tag?.trim().toLowerCase().split("-")[0];
  return base && base in LANGUAGES ? (base as Language) : undefined;
}

/** The language to use: the element's `lang` attribute, the user's saved choice, the
 * browser's languages in order, English. */
export function resolveLanguage(attribute: string | null | undefined): Language {
  const chosen = supported(attribute) ?? supported(savedChoice());
  if (chosen) return chosen;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const found = supported(tag);
    if (found) return found;
  }
  return "en";
}

function savedChoice(): string | null {
  try {
    return localStorage.getItem(CHOICE_KEY);
  } catch {
    return null; // storage blocked (a sandboxed frame): the browser's language decides
  }
}

/** Switches the page's language; `remember` keeps it as the user's choice. */
export function setLanguage(lang: Language, remember = false) {
  current = lang;
  if (!remember) return;
  try {
    localStorage.setItem(CHOICE_KEY, lang);
  } catch {
    // not kept: the choice lasts until the page is left
  }
}

export type Params = Record<string, string | number>;

/** The message `key` in the current language with `{name}` replaced by `params`.
 * A message may choose by number: `{n, plural, one {# finding} other {# findings}}`
 * (`#` is the number; `=0 {…}` matches exactly). */
export function t(key: MessageKey, params?: Params): string {
  const text = CATALOGS[current][key] ?? EN[key];
  return params ? format(text, params) : text;
}

/** `t` for a key built at run time (e.g. `grade.${g}`); an unknown key reads as itself,
 * and the catalog test checks that every such prefix has its keys. */
export function tKey(key: string, params?: Params): string {
  return key in EN ? t(key as MessageKey, params) : key;
}

const plurals = new Map<Language, Intl.PluralRules>();

function format(text: string, params: Params): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf("{", i);
    if (open < 0) break;
    out += text.slice(i, open);
    const close = matching(text, open);
    out += placeholder(text.slice(open + 1, close), params);
    i = close + 1;
  }
  return out + text.slice(i);
}

/** The index of the `}` closing the `{` at `open`. */
function matching(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return text.length;
}

function placeholder(body: string, params: Params): string {
  const [name, kind] = body.split(",", 2).map((s) => s.trim());
  const value = params[name];
  if (kind !== "plural") return value === undefined ? `{${body}}` : String(value);
  const n = Number(value);
  const cases = new Map<string, string>();
  const rest = body.slice(body.indexOf("plural") + "plural".length);
  for (let i = 0; i < rest.length; ) {
    const open = rest.indexOf("{", i);
    if (open < 0) break;
    const selector = rest.slice(i, open).replace(/^[\s,]+/, "").trim();
    const close = matching(rest, open);
    cases.set(selector, rest.slice(open + 1, close));
    i = close + 1;
  }
  if (!plurals.has(current)) plurals.set(current, new Intl.PluralRules(current));
  const chosen = cases.get(`=${n}`) ?? cases.get(plurals.get(current)!.select(n)) ?? cases.get("other") ?? "";
  return format(chosen.replaceAll("#", n.toLocaleString(current)), params);
}

/** A number as the current language writes it (1,234.5 or 1.234,5). */
export function number(n: number, digits?: number): string {
  return n.toLocaleString(current, digits === undefined ? undefined : { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
