// The page in German: chosen in the header's language menu (kept for the next visit) or
// by the element's `lang` attribute (which wins, and hides the menu). On every screen no
// English message of the catalog is left where the German one belongs, and the reading
// language is declared for screen readers. Screenshots: target/e2e/language-*.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { ROOT, newPage, seedEveryScreen, shot, showScreen, suite } from "./harness.mjs";

const env = suite();

/** One language's messages (all areas). */
function messages(lang) {
  const dir = join(ROOT, "www/src/messages", lang);
  return Object.assign({}, ...readdirSync(dir).filter((f) => f.endsWith(".json")).map((f) => JSON.parse(readFileSync(join(dir, f), "utf8"))));
}

// English messages that would give themselves away on a German screen: whole sentences or
// labels of two words or more, without placeholders, that German writes differently.
const EN = messages("en");
const DE = messages("de");
const TELLING = Object.entries(EN)
  .filter(([key, text]) => !key.startsWith("report.") && !text.includes("{") && DE[key] !== text && /\w+\W+\w+/.test(text) && text.length >= 10)
  .map(([key, text]) => ({ key, text }));

/** The catalog's clause and control titles: ISO content, shown in English in every language. */
const TITLES = new Set(readdirSync(join(ROOT, "src/catalog/data")).filter((f) => f.endsWith(".csv") && f.startsWith("iso27001"))
  .flatMap((f) => readFileSync(join(ROOT, "src/catalog/data", f), "utf8").split("\n").map((line) => line.split(",")[1]?.trim())));

/** Every text the user can see or hear on the page (shadow roots included; attribute texts
 * such as aria-label and placeholder too), one string per node. */
async function texts(page) {
  return page.evaluate(() => {
    const out = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll("*")) {
        if (el.closest?.("[lang='en']") && el.closest("[lang='en']") !== document.documentElement) continue;
        for (const a of ["aria-label", "placeholder", "title", "alt"]) if (el.getAttribute(a)) out.push(el.getAttribute(a));
        for (const n of el.childNodes) if (n.nodeType === 3 && n.textContent.trim()) out.push(n.textContent.trim());
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return out;
  });
}

test("every screen reads German when German is chosen, and the choice is kept", async () => {
  assert.ok(TELLING.length > 200, `only ${TELLING.length} telling English messages: is the catalog loaded?`);
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "en-GB" });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    const screens = await seedEveryScreen(page);
    // The user's choice in the header, kept across a reload.
    await page.locator("#ui-language").selectOption("de");
    await page.getByRole("button", { name: "Auditprogramme" }).waitFor();
    const problems = [];
    for (const [name, hash] of Object.entries(screens)) {
      await page.goto(env.server.url + hash);
      await showScreen(page);
      const seen = await texts(page);
      // A message key shown as itself (a key the catalog lacks, or an engine text made
      // before the page handed the engine its messages).
      for (const s of seen) if (/\b(report|engine)\.[a-z_]+\.[a-z_.]+\b/.test(s)) problems.push(`${name}: raw key in "${s.slice(0, 80)}"`);
      for (const { key, text } of TELLING) {
        if (TITLES.has(text)) continue;
        if (seen.some((s) => s === text || (text.length >= 25 && s.includes(text)))) problems.push(`${name}: English "${text}" (${key})`);
      }
      await shot(page, `language-de-${name}`);
    }
    const lang = await page.evaluate(() => document.querySelector("isms-audit-app").shadowRoot.querySelector("main").lang);
    assert.equal(lang, "de", "the main part declares German for screen readers");
    assert.deepEqual(problems, []);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("the lang attribute chooses the language and hides the menu; the browser's language is the default", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 }, locale: "de-DE" });
  const page = await newPage(context);
  try {
    // No attribute, no choice: the browser says German.
    await page.goto(env.server.url);
    await page.getByRole("button", { name: "Auditprogramme" }).waitFor();
    // The embedding page fixes English: the menu goes, the words change at once.
    await page.evaluate(() => document.querySelector("isms-audit-app").setAttribute("lang", "en"));
    await page.getByRole("button", { name: "Audit programmes" }).waitFor();
    assert.equal(await page.locator("#ui-language").count(), 0);
    await page.evaluate(() => document.querySelector("isms-audit-app").setAttribute("lang", "de"));
    await page.getByRole("button", { name: "Auditprogramme" }).waitFor();
    await shot(page, "language-de-attribute");
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
