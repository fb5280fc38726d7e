// Every screen, reached by its address, at a phone's 390 px, a tablet's 768 px and a
// laptop's 1366 px: nothing wider than the viewport (tables become stacked cards on the
// phone), a screenshot of each for review (target/e2e/screens-*), and axe-core's WCAG
// 2.2 AA and best-practice rules with zero violations at each width.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, newPage, seedEveryScreen, shot, showScreen, suite } from "./harness.mjs";

const env = suite();
const AXE = await readFile(join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");
const WIDTHS = [390, 768, 1366];

/** axe-core's violations on the page as it stands (it looks into shadow roots). The
 * script is evaluated through the DevTools protocol, which the page's CSP does not
 * govern; the page itself never loads it. */
async function axeViolations(page) {
  await page.evaluate(AXE);
  return page.evaluate(async () => {
    const result = await globalThis.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(" > ")).join(" | ")}`);
  });
}

test("every screen fits 390, 768 and 1366 px and passes axe (WCAG 2.2 AA, best practice)", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    const screens = await seedEveryScreen(page);
    const problems = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, hash] of Object.entries(screens)) {
        await page.goto(env.server.url + hash);
        // 45 fresh loads on a busy machine: a slow one is not a failure of this test.
        await showScreen(page);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        if (wide > width) problems.push(`${name} at ${width} px is ${wide} px wide`);
        await shot(page, `screens-${width}-${name}`);
        for (const v of await axeViolations(page)) problems.push(`${name} at ${width} px: ${v}`);
      }
    }
    assert.deepEqual(problems, []);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
