// The safety copy as a user meets it: work saved in the page, then the browser discards
// the workspace's IndexedDB database (as Chromium does when it finds it damaged after a
// crash); the next load rebuilds it from the copy in OPFS, verified, and says so once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgramme, newPage, shot, signIn, suite } from "./harness.mjs";

const env = suite();

test("a discarded database comes back from the safety copy, and the page says so", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Copy Tester");
    await createProgramme(page, { name: "Kept by the safety copy", start: "2027-01-01", end: "2027-12-31", owner: "Copy Tester" });
    await page.getByRole("heading", { name: "Kept by the safety copy" }).waitFor();
    await page.getByText("with a safety copy of every change").waitFor();

    // The browser discards the database (the page's connection gives way to it).
    const deleted = await page.evaluate(() => new Promise((ok) => {
      const request = indexedDB.deleteDatabase("isms-audit");
      request.onsuccess = () => ok("deleted");
      request.onerror = () => ok(`failed: ${request.error}`);
    }));
    assert.equal(deleted, "deleted");

    await page.reload();
    const banner = page.getByRole("status", { name: "Rebuilt from the safety copy" });
    await banner.getByText("This workspace was rebuilt from its safety copy").waitFor();
    assert.match(await banner.innerText(), /held 0 of its 1 changes/);
    await page.getByRole("heading", { name: "Kept by the safety copy" }).waitFor();
    await shot(page, "safety-copy-rebuilt", { fullPage: false });
    await banner.getByRole("button", { name: "Dismiss" }).click();
    await banner.waitFor({ state: "detached" });

    // The rebuilt workspace verifies, takes changes, and the next load has nothing to say.
    await page.getByRole("button", { name: "Audit trail", exact: true }).click();
    await page.locator("#trail-status").getByText("the audit trail verifies").waitFor();
    await page.reload();
    await page.getByRole("button", { name: "Audit trail", exact: true }).waitFor();
    assert.equal(await page.getByText("rebuilt from its safety copy").count(), 0);
  } finally {
    await context.close();
  }
});
