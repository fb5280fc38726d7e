// Issue 15: the scale fixture (3 programmes, 40 audits, 20,000 findings, one audit of
// 10,000) opens, and in its 10,000-finding audit a finding is added and edited and the
// checklist is filtered and paged with the keyboard; every main-thread task over 50 ms
// meanwhile is recorded and checked by a todo test until the target is met. Times are
// never asserted (the bench reports them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { newPage, shot, signIn, suite } from "./harness.mjs";
import { LARGE_AUDIT, longTasks, restoreScale, scaleFixture, step, watchLongTasks } from "./scale-lib.mjs";

const env = suite();
/** The main-thread tasks over 50 ms while the audit was worked in (from the first test). */
let tasks;

test("the 10,000-finding audit opens; a finding is added and edited; the lists are filtered and paged by keyboard", { timeout: 600_000 }, async () => {
  const backup = await scaleFixture();
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  try {
    const page = await newPage(context);
    page.setDefaultTimeout(60_000);
    await page.goto(env.server.url);
    await restoreScale(page, backup);
    // A cold start of the restored workspace.
    await page.reload();
    await page.getByRole("button", { name: "ISMS programme Group" }).click();
    await signIn(page, "Scale Tester");
    await page.getByRole("button", { name: LARGE_AUDIT }).waitFor();
    // The trail was verified in the background after the start; let it finish.
    await page.waitForTimeout(500);
    await watchLongTasks(page);

    await step(page, "open the audit");
    await page.getByRole("button", { name: LARGE_AUDIT }).click();
    await page.locator("#findings tbody tr").first().waitFor();
    assert.equal(await page.locator("#findings tbody tr").count(), 100, "one page of findings is drawn");
    await page.locator("#findings-shown").getByText("Findings 1–100 of 10,000").waitFor();

    await step(page, "add a finding");
    await page.getByRole("button", { name: "Add finding", exact: true }).click();
    await page.locator("#grade").selectOption("minor_nonconformity");
    await page.locator("#criterionId").selectOption("A.8.13");
    await page.locator("#statement").fill("Scale test: restore tests are not scheduled.");
    await page.locator("#finding-form #evidence").fill("Backup runbook rev 9");
    await page.locator("#finding-form").getByRole("button", { name: "Add finding" }).click();
    // The new finding is last: the list shows its page and focuses its row.
    const added = page.locator("#findings tbody tr", { hasText: "Scale test: restore tests" });
    await added.waitFor();
    await page.locator("#findings-shown").getByText("of 10,001").waitFor();

    await step(page, "edit the finding");
    await added.getByRole("button", { name: /^Edit / }).click();
    await page.locator("#statement").fill("Scale test: restore tests are scheduled but not performed.");
    await page.getByRole("button", { name: "Save finding" }).click();
    await page.locator("#findings tbody tr", { hasText: "scheduled but not performed" }).waitFor();

    await step(page, "filter the findings");
    await page.locator("#findings-filter").fill("scheduled but not performed");
    await page.locator("#findings-shown").getByText("Findings 1–1 of 1").waitFor();
    await page.locator("#findings-filter").fill("");

    await step(page, "filter and page the checklist by keyboard");
    await page.locator("#checklist-filter").focus();
    await page.keyboard.type("A.8");
    await page.locator("#checklist-shown").getByText(/^Criteria 1–34 of 34 matching/).waitFor();
    await page.keyboard.press("Control+A");
    await page.keyboard.press("Backspace");
    await page.locator("#checklist-shown").getByText(/^Criteria 1–100 of \d+$/).waitFor();
    const total = Number((await page.locator("#checklist-shown").textContent()).split(" of ")[1]);
    assert.ok(total > 100, `${total} checklist items`);
    // From "Next", page on with Enter; the focus stays on the button.
    await page.locator("#checklist-next").focus();
    await page.keyboard.press("Enter");
    await page.locator("#checklist-shown").getByText(`Criteria 101–${total} of ${total}`).waitFor();
    // At the end Next stays (aria-disabled) and keeps the focus; Previous goes back.
    await page.keyboard.press("Enter");
    assert.equal(await page.evaluate(() => document.querySelector("isms-audit-app").shadowRoot
      .querySelector("audit-page").shadowRoot.activeElement?.id), "checklist-next");
    await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    await page.locator("#checklist-shown").getByText(`Criteria 1–100 of ${total}`).waitFor();
    await page.keyboard.press("PageDown");
    await page.keyboard.press("PageUp");
    await page.locator("#checklist-filter").scrollIntoViewIfNeeded();
    await shot(page, "scale-checklist", { fullPage: false });
    await page.locator("#findings-filter").scrollIntoViewIfNeeded();
    await shot(page, "scale-findings", { fullPage: false });

    tasks = await longTasks(page);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

// Not met yet: opening the audit is one task of 1-2 s on this machine (the engine's view
// ~150 ms, then drawing every part of the audit page, ~9,000 elements, and the browser's
// style and layout of them), saving a finding ~0.5 s, filtering and paging 50-150 ms.
// The trail check at open no longer shows here (it runs in parts of a few ms).
// Reported, not hidden: a todo test prints its failure.
test("no main-thread task over 50 ms while doing so", { todo: "issue 15 target not met yet (see docs/DESIGN.md)" }, () => {
  assert.ok(tasks, "the scenario ran");
  assert.deepEqual(tasks.filter((t) => t.ms > 50).map((t) => `${t.step}: ${t.ms.toFixed(0)} ms`), [], "no main-thread task over 50 ms");
});
