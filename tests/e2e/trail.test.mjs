// Records you can trust, as a user meets them: the 0.1 defect's steps (saving scoring
// settings must not break the trail or the backups), a backup edited outside the app is
// refused naming the record and restores only with a recorded acceptance, and the trail
// page shows the verification and the chain head.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { ROOT, createProgramme, newPage, shot, signIn, suite } from "./harness.mjs";

const env = suite();

async function downloaded(page, click) {
  const waiting = page.waitForEvent("download");
  await click();
  const download = await waiting;
  return { name: download.suggestedFilename(), text: Buffer.concat(await (await download.createReadStream()).toArray()).toString() };
}

async function openWorkspace(page, name) {
  await page.getByRole("button", { name: "Switch workspace" }).click();
  await page.locator("#workspace-name").fill(name);
  await page.getByRole("button", { name: "Open", exact: true }).click();
  await page.getByText(`Workspace “${name}”`).waitFor();
}

test("saving scoring settings keeps the trail sound, and the backup restores", async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Trail Tester");
    await createProgramme(page, { name: "Weighted programme", start: "2027-01-01", end: "2027-12-31", owner: "Trail Tester" });
    await page.getByRole("button", { name: "Scoring settings" }).click();
    await page.getByRole("button", { name: "Save scoring settings" }).click();
    await page.getByRole("button", { name: "Save scoring settings" }).waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Audit trail", exact: true }).click();
    await page.locator("#trail-status").getByText("the audit trail verifies").waitFor();
    await page.getByText("Changed scoring settings").waitFor();
    assert.match(await page.locator("#head-hash").textContent(), /^[0-9a-f]{64}$/);
    await shot(page, "30-trail-verified");
    const head = await downloaded(page, () => page.getByRole("button", { name: "Save the chain head" }).click());
    assert.equal(JSON.parse(head.text).entries, 2);

    await page.getByRole("button", { name: "Audit programmes" }).click();
    const backup = await downloaded(page, () => page.getByRole("button", { name: "Export backup" }).click());
    assert.doesNotMatch(backup.name, /UNVERIFIED/);
    await openWorkspace(page, "trail-restored");
    await page.locator("#backup-file").setInputFiles({ name: "b.json", mimeType: "application/json", buffer: Buffer.from(backup.text) });
    await page.getByRole("button", { name: "Restore", exact: true }).click();
    await page.getByText("The backup was restored; its audit trail verified.").waitFor();
    await page.getByRole("button", { name: "Weighted programme" }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("an edited backup is refused naming the record, and restores only with a recorded acceptance", async () => {
  const context = await env.browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Trail Tester");
    await openWorkspace(page, "tamper-source");
    await createProgramme(page, { name: "Honest programme", start: "2027-01-01", end: "2027-12-31", owner: "Trail Tester" });
    await page.getByRole("button", { name: "All programmes" }).click();
    const backup = JSON.parse((await downloaded(page, () => page.getByRole("button", { name: "Export backup" }).click())).text);
    const id = backup.records.programmes[0].id;
    backup.records.programmes[0].name = "Rewritten programme";

    await openWorkspace(page, "tamper-target");
    await page.locator("#backup-file").setInputFiles({ name: "b.json", mimeType: "application/json", buffer: Buffer.from(JSON.stringify(backup)) });
    await page.getByRole("button", { name: "Restore", exact: true }).click();
    const alert = page.getByRole("alert", { name: "Unverified data" });
    await alert.getByText(`the programmes record "${id}" differs from what entry 1 wrote`).waitFor();
    await shot(page, "31-tampered-backup", { fullPage: false });
    assert.equal(await page.getByText("No audit programme yet").count(), 1, "nothing was restored");

    await alert.getByRole("button", { name: "Restore anyway and record my acceptance" }).click();
    await page.getByRole("button", { name: "Rewritten programme" }).waitFor();
    // exact: the unverified banner has an "Open the audit trail" button too.
    await page.getByRole("button", { name: "Audit trail", exact: true }).click();
    await page.getByText("Restored an unverified backup, accepting its problems").waitFor();
    await page.locator("#trail-status").getByText("does not vouch for this workspace").waitFor();
    await shot(page, "32-trail-accepted-unverified");
    // Exporting it again needs consent too, and the file says so.
    await page.getByRole("button", { name: "Audit programmes" }).click();
    await page.getByRole("button", { name: "Export backup" }).click();
    const again = await downloaded(page, () =>
      page.getByRole("button", { name: "Export everything, marked unverified" }).click());
    assert.match(again.name, /UNVERIFIED/);
    assert.equal(JSON.parse(again.text).verification.verified, false);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("a workspace the browser cut short is noticed: fewer changes stored than this browser saw", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Trail Tester");
    await openWorkspace(page, "cut-short");
    await createProgramme(page, { name: "Kept programme", start: "2027-01-01", end: "2027-12-31", owner: "Trail Tester" });
    // The page remembers the change once it is committed (the click does not wait).
    await page.waitForFunction(() => localStorage.getItem("isms-audit.head.cut-short") === "1");
    // As if the browser had discarded later changes: it saw 7 committed, 1 is stored.
    await page.evaluate(() => localStorage.setItem("isms-audit.head.cut-short", "7"));
    await page.reload();
    const banner = page.getByRole("alert", { name: "Records the trail does not vouch for" });
    await banner.getByText("This browser lost changes of this workspace.").waitFor();
    await banner.getByText("It saw 7 changes committed here, but only 1 are stored now", { exact: false }).waitFor();
    await shot(page, "33-lost-changes", { fullPage: false });
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("a long trail is drawn a page at a time, newest first, and the filter searches all of it", async () => {
  const corpus = (await readFile(join(ROOT, "tests/fixtures/xss_payloads.txt"), "utf8"))
    .split("\n")
    .filter((l) => l && !l.startsWith("#"));
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(`${env.server.url}seed/`);
    await page.waitForFunction(() => "seedPayloads" in window);
    await page.evaluate((payloads) => window.seedPayloads(payloads), corpus);
    await page.goto(`${env.server.url}#/trail`);
    await page.locator("#trail-status").getByText("the audit trail verifies").waitFor();
    const total = Number(await page.locator("#trail-status strong").textContent());
    assert.ok(total > 400, `${total} entries`);
    const rows = page.locator("#trail tbody tr");
    await page.locator("#trail-count").getByText(`Showing the newest 200 of ${total} entries.`).waitFor();
    assert.equal(await rows.count(), 200);
    assert.equal(Number(await rows.first().locator("td").first().textContent()), total);
    await page.getByRole("button", { name: "Show 200 older entries" }).click();
    assert.equal(await rows.count(), 400);
    await page.getByRole("button", { name: `Show ${total - 400} older entries` }).click();
    assert.equal(await rows.count(), total);
    assert.equal(Number(await rows.last().locator("td").first().textContent()), 1);
    // The filter searches every entry, not only the drawn ones, and starts a new page.
    await page.locator("#trail-filter").fill("Added finding");
    await page.locator("#trail-count").getByText(`Showing the newest 200 of ${corpus.length} matching entries.`).waitFor();
    await page.locator("#trail-filter").fill("Edited report details");
    await page.locator("#trail-count").getByText("1 matching entry.").waitFor();
    assert.equal(await page.evaluate(() => window.__xss), undefined);
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
