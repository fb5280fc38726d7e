// The message catalog (www/src/messages/<lang>/<area>.json) is complete in every
// language: the same keys as English, no empty message, the same placeholders and
// number choices; every key the page or the engine's reports use exists, and every key
// is used. No browser needed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../../", import.meta.url).pathname;
const messages = join(root, "www/src/messages");
const languages = readdirSync(messages).filter((d) => statSync(join(messages, d)).isDirectory());

/** Every file under `dir` ending in one of `exts`. */
function files(dir, exts) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return files(path, exts);
    return exts.some((x) => e.name.endsWith(x)) ? [path] : [];
  });
}

/** One language's catalog: key -> { text, area }, failing on a key given twice. */
function catalog(lang) {
  const all = new Map();
  for (const file of readdirSync(join(messages, lang)).filter((f) => f.endsWith(".json"))) {
    const raw = readFileSync(join(messages, lang, file), "utf8");
    const keys = [...raw.matchAll(/^\s*"([^"]+)"\s*:/gm)].map((m) => m[1]);
    const parsed = JSON.parse(raw);
    assert.equal(keys.length, Object.keys(parsed).length, `${lang}/${file}: a key is given twice`);
    for (const [key, text] of Object.entries(parsed)) {
      assert.ok(!all.has(key), `${lang}: "${key}" is in ${file} and ${all.get(key)?.area}`);
      all.set(key, { text, area: file });
    }
  }
  return all;
}

/** The index of the `}` closing the `{` at `open`. */
function matching(text, open) {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "{") depth++;
    else if (text[i] === "}" && --depth === 0) return i;
  }
  return text.length;
}

/** The placeholders of a message, also those inside a number choice's cases. A case's
 * text (`=0 {no findings}`, `one {wurde # Änderung}`) is words, not a placeholder. */
function shape(text) {
  const names = new Set();
  const walk = (s) => {
    for (let i = s.indexOf("{"); i >= 0; i = s.indexOf("{", i)) {
      const close = matching(s, i);
      const body = s.slice(i + 1, close);
      const m = body.match(/^\s*([a-zA-Z_]\w*)\s*(,\s*plural\s*,)?/);
      if (m) names.add(m[1]);
      if (m?.[2]) {
        const cases = body.slice(m[0].length);
        for (let j = cases.indexOf("{"); j >= 0; j = cases.indexOf("{", j)) {
          const end = matching(cases, j);
          walk(cases.slice(j + 1, end));
          j = end + 1;
        }
      }
      i = close + 1;
    }
  };
  walk(text);
  return [...names].sort().join(" ");
}

const en = catalog("en");

test("English and every other language have the same keys, none empty", () => {
  assert.ok(languages.includes("en") && languages.length >= 2, `languages: ${languages}`);
  for (const lang of languages) {
    const other = catalog(lang);
    const missing = [...en.keys()].filter((k) => !other.has(k));
    const extra = [...other.keys()].filter((k) => !en.has(k));
    assert.deepEqual(missing, [], `${lang} lacks these messages`);
    assert.deepEqual(extra, [], `${lang} has messages English does not`);
    for (const [key, { text }] of other) {
      assert.equal(typeof text, "string", `${lang}: ${key} is not a string`);
      assert.ok(text.trim().length > 0, `${lang}: ${key} is empty`);
      assert.equal(shape(text), shape(en.get(key).text), `${lang}: ${key} has other placeholders than English`);
      if (/,\s*plural\s*,/.test(text)) assert.match(text, /other\s*\{/, `${lang}: ${key} has no "other" case`);
    }
  }
});

test("every key used exists and every key is used", () => {
  const sources = [
    ...files(join(root, "www/src"), [".ts"]),
    ...files(join(root, "src"), [".rs"]),
  ].map((f) => readFileSync(f, "utf8"));
  const text = sources.join("\n");
  // Literal keys: t("a.b") and tKey("a.b") in the page, m.t("report.b") in the engine.
  const used = new Set([...text.matchAll(/\bt(?:Key)?\(\s*"([a-z][\w-]*(?:\.[\w-]+)+)"/g)].map((m) => m[1]));
  const unknown = [...used].filter((k) => !en.has(k));
  assert.deepEqual(unknown, [], "used in the code but not in the catalog");
  // Keys built at run time: `prefix.${value}`.
  const prefixes = [...text.matchAll(/`([a-z][\w-]*(?:\.[\w-]+)*\.)\$\{/g)].map((m) => m[1]);
  const unused = [...en.keys()].filter(
    (k) => !used.has(k) && !text.includes(`"${k}"`) && !prefixes.some((p) => k.startsWith(p)),
  );
  assert.deepEqual(unused, [], "in the catalog but used nowhere");
});
