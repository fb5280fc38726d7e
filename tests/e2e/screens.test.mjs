// Every screen, reached by its address, at a phone's 390 px, a tablet's 768 px and a
// laptop's 1366 px: nothing wider than the viewport (tables become stacked cards on the
// phone), a screenshot of each for review (target/e2e/screens-*), and axe-core's WCAG
// 2.2 AA and best-practice rules with zero violations at each width.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, createProgramme, newPage, recordFeasible, shot, signIn, suite } from "./harness.mjs";

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

/** A workspace with something on every screen: a programme, a started audit with a
 * finding and results, an SoA and a criteria set. Returns the addresses to visit. */
async function seed(page) {
  await signIn(page, "Sam Screens");
  await createProgramme(page, { name: "Screens programme 2027", start: "2027-01-01", end: "2027-12-31", owner: "Sam Screens", purpose: "Every screen at every width" });
  const programme = new URL(page.url()).hash;
  await page.getByRole("button", { name: "Plan an audit" }).click();
  await page.locator("#title").fill("Screens audit");
  await page.locator("#plannedStart").fill("2027-04-01");
  await page.locator("#plannedEnd").fill("2027-04-02");
  await page.locator("#group-people").check();
  await page.getByRole("button", { name: "Create audit" }).click();
  await page.getByRole("heading", { name: "Screens audit" }).waitFor();
  const audit = new URL(page.url()).hash;
  await recordFeasible(page);
  await page.locator("#status-action").click();
  await page.locator("#status").getByText("In progress").waitFor();
  await page.locator('[id="result-A.6.1"]').selectOption("nonconforming");
  await page.locator('tr[data-criterion="A.6.1"].result-nonconforming').waitFor();
  await page.locator('[id="result-A.6.2"]').selectOption("conforming");
  await page.locator('tr[data-criterion="A.6.2"].result-conforming').waitFor();
  await page.getByRole("button", { name: "Add finding against A.6.1" }).click();
  await page.locator("#grade").selectOption("minor_nonconformity");
  await page.locator("#date").fill("2027-04-01");
  await page.locator("#statement").fill("Screening of contractors is not done before access is granted to production systems.");
  await page.locator("#evidence").fill("HR files of 3 contractors sampled; none screened.");
  await page.getByRole("button", { name: "Add finding", exact: true }).click();
  await page.locator("#findings").getByText("F-001").waitFor();
  await page.getByRole("button", { name: "Statements of Applicability" }).click();
  await page.locator("#name").fill("SoA 2027");
  await page.getByRole("button", { name: "Create SoA" }).click();
  await page.locator('[id="applicable-A.5.1"]').waitFor();
  const soa = new URL(page.url()).hash;
  await page.getByRole("button", { name: "Custom criteria" }).click();
  await page.locator("#code").fill("POL");
  await page.locator("#name").fill("Group information security policies and procurement rules");
  await page.getByRole("button", { name: "Create set" }).click();
  await page.getByRole("button", { name: "Add criterion" }).waitFor();
  const set = new URL(page.url()).hash;
  return {
    programmes: "#/programmes",
    programme,
    ...Object.fromEntries(["monitoring", "calendar", "coverage", "risks", "time", "review", "competence"].map((s) => [`programme-${s}`, `${programme}/${s}`])),
    audit,
    ...Object.fromEntries(["initiation", "team", "documents", "plan", "meetings", "communications"].map((s) => [`conduct-${s}`, `${audit.replace("#/audit/", "#/conduct/")}/${s}`])),
    "audit-plan": audit.replace("#/audit/", "#/audit-plan/"),
    catalog: "#/catalog",
    soas: "#/soas",
    soa,
    "criteria-sets": "#/criteria-sets",
    "criteria-set": set,
    actions: "#/actions",
    trail: "#/trail",
    auditors: "#/auditors",
  };
}

test("every screen fits 390, 768 and 1366 px and passes axe (WCAG 2.2 AA, best practice)", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    const screens = await seed(page);
    const problems = [];
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 900 });
      for (const [name, hash] of Object.entries(screens)) {
        await page.goto(env.server.url + hash);
        // 45 fresh loads on a busy machine: a slow one is not a failure of this test.
        await page.getByRole("heading", { level: 2 }).first().waitFor({ timeout: 30_000 });
        // Open every expandable part, so what it hides is checked too.
        await page.evaluate(() => {
          const walk = (root) => root.querySelectorAll("*").forEach((el) => {
            if (el.tagName === "DETAILS") el.open = true;
            if (el.shadowRoot) walk(el.shadowRoot);
          });
          walk(document);
        });
        await page.waitForTimeout(100);
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
