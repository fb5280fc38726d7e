// The `readonly` attribute: every screen still shows the workspace, but no control that
// changes it (hidden through the shared `.edit` class), and nothing is saved; removing
// the attribute brings the controls back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { newPage, seedEveryScreen, shot, suite } from "./harness.mjs";

const env = suite();

/** Names of controls that change data, one or more per screen. */
const EDITING = [
  "New audit programme", "Plan an audit", "Edit programme", "Add finding", "Add a risk or opportunity",
  "Create SoA", "Create set", "Add criterion", "Restore", "Protect with a passphrase", "Delete",
];

async function visibleEditing(page) {
  const found = [];
  for (const name of EDITING) {
    for (const button of await page.getByRole("button", { name, exact: false }).all()) {
      if (await button.isVisible()) found.push(name);
    }
  }
  const selects = await page.locator('select[id^="result-"]').all();
  for (const s of selects) if (await s.isVisible()) found.push(`result select ${await s.getAttribute("id")}`);
  return found;
}

test("a read-only element shows every screen without a control that changes data", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    const screens = await seedEveryScreen(page);
    await page.goto(env.server.url + screens.programme);
    await page.getByRole("button", { name: "Plan an audit" }).waitFor();
    const problems = [];
    for (const [name, hash] of Object.entries(screens)) {
      await page.goto(env.server.url + hash);
      await page.evaluate(() => document.querySelector("isms-audit-app").setAttribute("readonly", ""));
      await page.getByRole("heading", { level: 2 }).first().waitFor({ timeout: 30_000 });
      await page.waitForTimeout(150);
      for (const control of await visibleEditing(page)) problems.push(`${name}: ${control}`);
      if (!(await page.getByText("Read-only", { exact: true }).isVisible())) problems.push(`${name}: no read-only mark`);
      if (name === "audit") {
        await page.locator("#findings").getByText("F-001").waitFor();
        await shot(page, "readonly-audit", { fullPage: false });
      }
    }
    assert.deepEqual(problems, []);
    // Back to editing: the controls return.
    await page.goto(env.server.url + screens.programme);
    await page.evaluate(() => document.querySelector("isms-audit-app").removeAttribute("readonly"));
    await page.getByRole("button", { name: "Plan an audit" }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
