// What the platform promises beyond the journeys: no network (the CSP blocks even
// same-origin fetches), labelled controls on every screen, and tabs that see each
// other's changes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, createProgramme, newPage, recordFeasible, shot, signIn, suite } from "./harness.mjs";

const env = suite();

/** Form controls in every shadow root that have no accessible name. */
function unlabelled() {
  const out = [];
  const walk = (root) => {
    for (const el of root.querySelectorAll("*")) {
      if (el.matches("input, select, textarea") && el.type !== "hidden") {
        const named = el.labels?.length || el.getAttribute("aria-label") || el.getAttribute("aria-labelledby");
        if (!named) out.push(el.outerHTML.slice(0, 80));
      }
      if (el.matches("button") && !(el.textContent.trim() || el.getAttribute("aria-label"))) out.push(el.outerHTML.slice(0, 80));
      if (el.shadowRoot) walk(el.shadowRoot);
    }
  };
  walk(document);
  return out;
}

test("the page loads only its own files and the CSP blocks any connection", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  try {
    env.server.requests.length = 0;
    await page.goto(env.server.url);
    await page.getByText("No audit programme yet").waitFor();
    const blocked = await page.evaluate(() => fetch("/index.html").then(() => "fetched", (e) => e.name));
    assert.equal(blocked, "TypeError");
    // The page's three files; the service worker and its copies of the same files.
    const asked = new Set(env.server.requests);
    for (const own of ["/", "/app.js", "/page.css"]) assert.ok(asked.has(own), own);
    assert.deepEqual([...asked].filter((r) => !["/", "/app.js", "/page.css", "/index.html", "/sw.js"].includes(r)), []);
    // The CSP report of the blocked fetch is the only console error.
    assert.ok(page.problems.every((p) => /Content Security Policy/.test(p)), page.problems.join("\n"));
  } finally {
    await context.close();
  }
});

test("every control on every screen has an accessible name", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Robin Reviewer");
    await page.getByRole("button", { name: "New audit programme" }).click();
    assert.deepEqual(await page.evaluate(unlabelled), []);
    await page.getByRole("button", { name: "Cancel" }).click();
    await createProgramme(page, { name: "Supplier audits 2027", start: "2027-01-01", end: "2027-12-31", owner: "Robin Reviewer" });
    await page.getByRole("button", { name: "Plan an audit" }).click();
    await page.getByText("Pick single criteria").click();
    assert.deepEqual(await page.evaluate(unlabelled), []);
    await page.locator("#title").fill("Cloud provider audit");
    await page.locator("#kind").selectOption("supplier");
    await page.locator("#plannedStart").fill("2027-05-01");
    await page.locator("#plannedEnd").fill("2027-05-01");
    await page.locator("#group-organizational").check();
    await page.getByRole("button", { name: "Create audit" }).click();
    await recordFeasible(page);
    await page.locator("#status-action").click();
    await page.getByRole("button", { name: "Add finding", exact: true }).click();
    assert.deepEqual(await page.evaluate(unlabelled), []);
    await page.getByRole("button", { name: "Confirm or override the conclusion" }).click();
    await page.locator("#conformity").getByRole("button", { name: /Why/ }).click();
    assert.deepEqual(await page.evaluate(unlabelled), []);
    // Keyboard: the result of the first item can be reached and changed without a mouse;
    // stepping with the arrows saves on Enter (tests/e2e/keyboard.test.mjs goes further).
    await page.locator('[id="result-A.5.1"]').focus();
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Enter");
    await page.locator('tr[data-criterion="A.5.1"].result-conforming').waitFor();
    // The other sections, with their forms open.
    for (const section of ["Criteria catalog", "Statements of Applicability", "Custom criteria", "Audit trail"]) {
      await page.getByRole("button", { name: section }).click();
      await page.getByRole("heading", { level: 2 }).first().waitFor();
      assert.deepEqual(await page.evaluate(unlabelled), [], section);
    }
    await page.getByRole("button", { name: "Statements of Applicability" }).click();
    await page.locator("#name").fill("SoA");
    await page.getByRole("button", { name: "Create SoA" }).click();
    await page.locator('[id="applicable-A.5.1"]').waitFor();
    assert.deepEqual(await page.evaluate(unlabelled), [], "SoA editor");
    await page.getByRole("button", { name: "Custom criteria" }).click();
    await page.locator("#code").fill("POL");
    await page.locator("#name").fill("Policies");
    await page.getByRole("button", { name: "Create set" }).click();
    await page.getByRole("button", { name: "Add criterion" }).click();
    assert.deepEqual(await page.evaluate(unlabelled), [], "criteria set");
    await page.getByRole("button", { name: "Audit programmes" }).click();
    await page.getByRole("button", { name: "Supplier audits 2027" }).click();
    await page.getByRole("button", { name: "Scoring settings" }).click();
    assert.deepEqual(await page.evaluate(unlabelled), [], "scoring settings");
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("a second tab sees what the first saved", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 700 } });
  const first = await newPage(context);
  const second = await newPage(context);
  try {
    await first.goto(env.server.url);
    await second.goto(env.server.url);
    await second.getByText("No audit programme yet").waitFor();
    await signIn(first, "Tab One");
    await createProgramme(first, { name: "Seen from the other tab", start: "2027-01-01", end: "2027-06-30", owner: "Tab One" });
    await second.getByRole("button", { name: "Seen from the other tab" }).waitFor();
    await second.getByText("Another tab saved changes").waitFor();
    await shot(second, "07-second-tab-refreshed", { fullPage: false });
    assert.deepEqual([...first.problems, ...second.problems], []);
  } finally {
    await context.close();
  }
});

test("the single-file build works from disk and keeps its data", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1100, height: 700 } });
  const page = await newPage(context);
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  try {
    const file = pathToFileURL(join(ROOT, "www/dist/isms-audit.html")).href;
    await page.goto(file);
    await page.getByText("No audit programme yet").waitFor();
    await signIn(page, "Offline Auditor");
    await createProgramme(page, { name: "Opened from a file", start: "2027-01-01", end: "2027-03-31", owner: "Offline Auditor" });
    await page.getByRole("heading", { name: "Opened from a file" }).waitFor();
    // The address works from file:// too: the reload stays on the programme.
    assert.match(new URL(page.url()).hash, /^#\/programme\//);
    await page.reload();
    await page.getByRole("heading", { name: "Opened from a file" }).waitFor();
    await page.getByRole("button", { name: "All programmes" }).click();
    await page.getByRole("button", { name: "Opened from a file" }).waitFor();
    await shot(page, "09-single-file", { fullPage: false });
    assert.deepEqual(requests.filter((u) => u !== file), [], "nothing but the file itself is loaded");
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});

test("a backup exported in one browser restores into an empty one", async () => {
  const first = await env.browser.newContext({ acceptDownloads: true });
  const second = await env.browser.newContext();
  try {
    const page = await newPage(first);
    await page.goto(env.server.url);
    await signIn(page, "Backup Owner");
    await createProgramme(page, { name: "Programme to keep", start: "2027-01-01", end: "2027-12-31", owner: "Backup Owner" });
    await page.getByRole("button", { name: "All programmes" }).click();
    const waiting = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export backup" }).click();
    const file = await waiting;
    const backup = Buffer.concat(await (await file.createReadStream()).toArray());
    assert.match(file.suggestedFilename(), /^isms-audit backup isms-audit \d{4}-\d{2}-\d{2}\.json$/);

    const other = await newPage(second);
    await other.goto(env.server.url);
    await other.getByText("No audit programme yet").waitFor();
    // A damaged file is refused and changes nothing.
    await other.locator("#backup-file").setInputFiles({ name: "b.json", mimeType: "application/json", buffer: Buffer.from('{"format": "isms-audit/workspace-backup", "version": 1, "schemaVersion": 2}') });
    await other.getByRole("button", { name: "Restore", exact: true }).click();
    await other.getByText("The backup was not restored").waitFor();
    await other.getByText("No audit programme yet").waitFor();
    await other.locator("#backup-file").setInputFiles({ name: "backup.json", mimeType: "application/json", buffer: backup });
    await other.getByRole("button", { name: "Restore", exact: true }).click();
    await other.getByRole("button", { name: "Programme to keep" }).waitFor();
    await other.reload();
    await other.getByRole("button", { name: "Programme to keep" }).waitFor();
    await other.getByRole("button", { name: "Audit trail", exact: true }).click();
    await other.locator("#trail").getByText("Backup Owner").waitFor();
    // Restoring over data is refused.
    await other.getByRole("button", { name: "Audit programmes" }).click();
    await other.locator("#backup-file").setInputFiles({ name: "backup.json", mimeType: "application/json", buffer: backup });
    await other.getByRole("button", { name: "Restore", exact: true }).click();
    await other.getByText("can only be restored into an empty workspace").waitFor();
    await shot(other, "16-backup-refused", { fullPage: false });
    assert.deepEqual([...page.problems, ...other.problems], []);
  } finally {
    await first.close();
    await second.close();
  }
});

test("a damaged record is named, the rest opens, and it can be set aside; a backup restores elsewhere", async () => {
  const context = await env.browser.newContext({ acceptDownloads: true });
  const page = await newPage(context);
  try {
    await page.goto(env.server.url);
    await signIn(page, "Damage Tester");
    await createProgramme(page, { name: "Saved before the damage", start: "2027-01-01", end: "2027-12-31", owner: "Damage Tester" });
    await page.getByRole("button", { name: "All programmes" }).click();
    const waiting = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export backup" }).click();
    const backup = Buffer.concat(await (await (await waiting).createReadStream()).toArray());

    // A record changed outside the app (another tool, a broken disk) no longer decodes.
    await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open("isms-audit");
      open.onsuccess = () => {
        const tx = open.result.transaction(["programmes"], "readwrite");
        tx.objectStore("programmes").put({ id: "damaged-1", name: 42 });
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    }));
    await page.reload();
    const banner = page.getByRole("alert", { name: "Records the trail does not vouch for" });
    await banner.getByText("1 record could not be read").waitFor();
    await banner.getByText("programmes/damaged-1").waitFor();
    // The trail check names it too: no entry wrote it.
    await banner.getByText("was written by no entry of the trail").waitFor();
    // The rest of the workspace works.
    await page.getByRole("button", { name: "Saved before the damage" }).waitFor();
    await shot(page, "18-damaged-record", { fullPage: false });

    // Everything can still be exported, marked unverified.
    const unverified = page.waitForEvent("download");
    await banner.getByRole("button", { name: "Export everything (marked unverified)" }).click();
    const file = JSON.parse(Buffer.concat(await (await (await unverified).createReadStream()).toArray()).toString());
    assert.equal(file.verification.verified, false);
    assert.ok(file.records.programmes.some((p) => p.id === "damaged-1"), "the damaged record is in the file");

    // Setting it aside moves it out of the way, journalled; the banner goes.
    await banner.getByRole("button", { name: "Set aside" }).click();
    await banner.waitFor({ state: "detached" });
    await page.getByRole("button", { name: "Audit trail", exact: true }).click();
    await page.getByText("Set aside damaged record: programmes/damaged-1").waitFor();
    await page.locator("#trail-status").getByText("the audit trail verifies").waitFor();

    // Recovery elsewhere: open a new workspace and restore the earlier backup there.
    await page.getByRole("button", { name: "Switch workspace" }).click();
    await page.locator("#workspace-name").fill("recovered");
    await page.getByRole("button", { name: "Open", exact: true }).click();
    await page.getByText("No audit programme yet").waitFor();
    await page.locator("#backup-file").setInputFiles({ name: "backup.json", mimeType: "application/json", buffer: backup });
    await page.getByRole("button", { name: "Restore", exact: true }).click();
    await page.getByRole("button", { name: "Saved before the damage" }).waitFor();
    await page.reload();
    await page.getByText('Workspace “recovered”').waitFor();
    await page.getByRole("button", { name: "Saved before the damage" }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
