// The backup reminder (issue 13): the programmes page says when the last backup was
// taken in this browser and how many changes since; after the chosen number of changes
// (or days) a banner reminds, "Remind me tomorrow" hides it for a day, and "Take a
// backup now" writes the file and clears it. The settings survive a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createProgramme, newPage, shot, signIn, suite } from "./harness.mjs";

const env = suite();
const reminder = (page) => page.getByRole("region", { name: "Backup reminder" });

async function home(page) {
  await page.getByRole("button", { name: "Audit programmes" }).click();
  await page.locator("#last-backup").waitFor();
}

async function setReminder(page, { days, changes }) {
  await page.locator("#reminder-days").fill(String(days));
  await page.locator("#reminder-days").press("Tab");
  await page.locator("#reminder-changes").fill(String(changes));
  await page.locator("#reminder-changes").press("Tab");
}

test("the backup reminder counts changes since the last backup, snoozes and clears", async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Backup Keeper");
    await page.locator("#last-backup").getByText("No backup of this workspace was taken in this browser yet.").waitFor();

    // A typo is refused with what to type, and nothing is saved.
    await page.locator("#reminder-changes").fill("-3");
    await page.locator("#reminder-changes").press("Tab");
    await page.getByRole("alert").getByText("Enter whole numbers of 0 or more").waitFor();
    await setReminder(page, { days: 0, changes: 2 });
    assert.equal(await page.getByText("Enter whole numbers of 0 or more").count(), 0);

    await createProgramme(page, { name: "Backed-up programme", start: "2027-01-01", end: "2027-12-31", owner: "B. Keeper" });
    await home(page);
    const waiting = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export backup" }).click();
    assert.match((await waiting).suggestedFilename(), /^isms-audit backup isms-audit \d{4}-\d\d-\d\d\.json$/);
    await page.locator("#last-backup").getByText("no changes since").waitFor();
    assert.equal(await reminder(page).count(), 0);

    // Two changes later the banner reminds, on every screen.
    await createProgramme(page, { name: "Second programme", start: "2027-01-01", end: "2027-12-31", owner: "B. Keeper" });
    assert.equal(await reminder(page).count(), 0, "one change is below the chosen two");
    await home(page);
    await createProgramme(page, { name: "Third programme", start: "2027-01-01", end: "2027-12-31", owner: "B. Keeper" });
    await reminder(page).getByText("2 changes since the last backup (today).").waitFor();
    await home(page);
    await page.locator("#last-backup").getByText("2 changes since").waitFor();
    await shot(page, "70-backup-reminder");

    // Snoozed for a day, also after a reload; the settings are kept.
    await reminder(page).getByRole("button", { name: "Remind me tomorrow" }).click();
    assert.equal(await reminder(page).count(), 0);
    await page.reload();
    await page.locator("#last-backup").waitFor();
    assert.equal(await reminder(page).count(), 0);
    assert.equal(await page.locator("#reminder-changes").inputValue(), "2");
    assert.equal(await page.locator("#reminder-days").inputValue(), "0");

    // A day later it is back; taking the backup from the banner clears it.
    await page.evaluate(() => {
      for (const key of Object.keys(localStorage)) {
        if (key.startsWith("isms-audit:backup-snoozed:")) localStorage.setItem(key, String(Date.now() - 1));
      }
    });
    await page.reload();
    const again = page.waitForEvent("download");
    await reminder(page).getByRole("button", { name: "Take a backup now" }).click();
    await again;
    await reminder(page).waitFor({ state: "detached" });
    await page.locator("#last-backup").getByText("no changes since").waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
