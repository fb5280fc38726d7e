// Encryption at rest in the page (issue 13, item 1): a workspace with a programme, an
// audit and an evidence file is protected with a passphrase; afterwards no known text
// is found anywhere in the browser's IndexedDB or OPFS; the workspace opens only with
// the passphrase (a wrong one says only that), the passphrase changes, the recovery key
// opens it, the lock button and the auto-lock close it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { SHOTS, createProgramme, newPage, shot, signIn, startAudit, suite } from "./harness.mjs";

const env = suite();
const PASSPHRASE = "correct horse battery staple";
const NEW_PASSPHRASE = "a different long passphrase";
// Text that must not be readable anywhere once the workspace is encrypted.
const SECRETS = ["Zephyr-Confidential-Programme", "Basilisk Holdings GmbH", "PLAINTEXT-EVIDENCE-BYTES-4711", "Keeper of Keys"];

/** Every value in every IndexedDB database and every OPFS file of the origin, as text
 * (bytes decoded as UTF-8 and Latin-1 too, so text inside a Uint8Array or Blob shows). */
async function rawContents(page) {
  return page.evaluate(async () => {
    const out = [];
    const bytesText = (bytes) => `${new TextDecoder().decode(bytes)}\n${Array.from(bytes, (b) => String.fromCharCode(b)).join("")}`;
    const textOf = async (value) => {
      if (value instanceof Blob) return bytesText(new Uint8Array(await value.arrayBuffer()));
      if (value instanceof Uint8Array) return bytesText(value);
      if (value instanceof ArrayBuffer) return bytesText(new Uint8Array(value));
      if (value && typeof value === "object") {
        const parts = [];
        for (const [k, v] of Object.entries(value)) parts.push(k, await textOf(v));
        return parts.join("\n");
      }
      return String(value);
    };
    for (const { name } of await indexedDB.databases()) {
      const db = await new Promise((ok, fail) => { const r = indexedDB.open(name); r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error); });
      for (const store of db.objectStoreNames) {
        const values = await new Promise((ok, fail) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => ok(r.result); r.onerror = () => fail(r.error);
        });
        for (const v of values) out.push(`${name}/${store}: ${await textOf(v)}`);
      }
      db.close();
    }
    const walk = async (dir, path) => {
      for await (const [name, handle] of dir.entries()) {
        if (handle.kind === "directory") await walk(handle, `${path}/${name}`);
        else out.push(`opfs ${path}/${name}: ${await textOf(await handle.getFile())}`);
      }
    };
    await walk(await navigator.storage.getDirectory(), "");
    return out.join("\n");
  });
}

const unlockScreen = (page) => page.getByRole("region", { name: "Unlock the workspace" });

async function unlock(page, secret) {
  await unlockScreen(page).getByLabel("Passphrase or recovery key").fill(secret);
  await unlockScreen(page).getByRole("button", { name: "Unlock" }).click();
}

test("protect a workspace with a passphrase, unlock, change it, recover and lock", { timeout: 240_000 }, async () => {
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await newPage(context);
  page.setDefaultTimeout(30_000); // each key derivation is 600,000 rounds of PBKDF2
  try {
    await page.clock.install();
    await page.goto(env.server.url);
    await signIn(page, "Keeper of Keys");
    await createProgramme(page, { name: "Zephyr-Confidential-Programme", start: "2027-01-01", end: "2027-12-31", owner: "Keeper of Keys" });
    await startAudit(page, { title: "Supplier audit", auditee: "Basilisk Holdings GmbH", start: "2027-06-01", end: "2027-06-02", controls: ["A.5.15"] });
    const register = page.locator("audit-evidence");
    await register.getByRole("button", { name: "Add evidence", exact: true }).click();
    const ef = register.locator("#evidence-form");
    await ef.locator("#kind").selectOption("record");
    await ef.locator("#title").fill("Supplier contract");
    await ef.locator("#date").fill("2027-06-01");
    await ef.getByRole("button", { name: "Add this evidence" }).click();
    await register.locator("#evidence").getByText("E-001", { exact: true }).waitFor();
    await mkdir(SHOTS, { recursive: true });
    const file = join(SHOTS, "contract.txt");
    await writeFile(file, "PLAINTEXT-EVIDENCE-BYTES-4711\n");
    await register.getByLabel("Attach files to E-001").setInputFiles([file]);
    await register.getByRole("button", { name: "Open contract.txt of E-001" }).waitFor();
    const before = await rawContents(page);
    for (const s of SECRETS) assert.ok(before.includes(s), `the scan finds "${s}" before encryption`);

    // Protect: a short passphrase and a mistyped repeat are refused at their fields.
    await page.getByRole("button", { name: "Audit programmes" }).click();
    const card = page.getByRole("region", { name: "Passphrase protection" });
    await card.locator("#new-passphrase").fill("short");
    await card.locator("#repeat-passphrase").fill("short");
    await card.getByRole("button", { name: "Protect with a passphrase" }).click();
    await card.getByText("at least 10 characters long").waitFor();
    await card.locator("#new-passphrase").fill(PASSPHRASE);
    await card.locator("#repeat-passphrase").fill(`${PASSPHRASE}!`);
    await card.getByRole("button", { name: "Protect with a passphrase" }).click();
    await card.getByText("The two passphrases differ").waitFor();
    await card.locator("#repeat-passphrase").fill(PASSPHRASE);
    await shot(page, "80-protect");
    await card.getByRole("button", { name: "Protect with a passphrase" }).click();
    const sheet = page.getByRole("region", { name: "Recovery key" });
    await sheet.waitFor();
    const recoveryKey = (await sheet.locator(".recovery-key").textContent()).trim();
    assert.match(recoveryKey, /^([0-9A-Z]{4}-){12}[0-9A-Z]{4}$/);
    await shot(page, "81-recovery-key");
    await sheet.getByRole("button", { name: "I have kept it" }).click();
    await page.getByRole("cell", { name: "Zephyr-Confidential-Programme" }).waitFor();
    await page.getByText("encrypted with a passphrase; no safety copy").waitFor();
    await page.getByText("A backup file is not encrypted").waitFor();

    // Nothing readable is left anywhere in the browser's storage.
    const after = await rawContents(page);
    for (const s of SECRETS) assert.ok(!after.includes(s), `"${s}" is still readable after encryption`);

    // Reload: the workspace is locked; a wrong passphrase says only that.
    await page.reload();
    await unlockScreen(page).waitFor();
    await shot(page, "82-unlock");
    await unlock(page, "not the passphrase at all");
    await unlockScreen(page).getByRole("alert").getByText("That passphrase (or recovery key) is not right.").waitFor();
    assert.equal((await unlockScreen(page).getByRole("alert").textContent()).trim(), "That passphrase (or recovery key) is not right. Check it and try again.");
    await unlock(page, PASSPHRASE);
    await page.getByRole("cell", { name: "Zephyr-Confidential-Programme" }).waitFor();

    // Change the passphrase: the old one no longer opens it.
    const protectedCard = page.getByRole("region", { name: "Passphrase protection" });
    await protectedCard.locator("#current-passphrase").fill("wrong current passphrase");
    await protectedCard.locator("#changed-passphrase").fill(NEW_PASSPHRASE);
    await protectedCard.locator("#repeat-changed").fill(NEW_PASSPHRASE);
    await protectedCard.getByRole("button", { name: "Change the passphrase" }).click();
    await protectedCard.getByRole("alert").getByText("is not right").waitFor();
    await protectedCard.locator("#current-passphrase").fill(PASSPHRASE);
    await protectedCard.locator("#changed-passphrase").fill(NEW_PASSPHRASE);
    await protectedCard.locator("#repeat-changed").fill(NEW_PASSPHRASE);
    await protectedCard.getByRole("button", { name: "Change the passphrase" }).click();
    await protectedCard.getByText("The passphrase was changed").waitFor();
    await shot(page, "83-protected");
    await page.getByRole("button", { name: "Lock", exact: true }).click();
    await unlock(page, PASSPHRASE);
    await unlockScreen(page).getByRole("alert").getByText("is not right").waitFor();
    await unlock(page, NEW_PASSPHRASE);
    await page.getByRole("cell", { name: "Zephyr-Confidential-Programme" }).waitFor();

    // The recovery key shows again, and opens the workspace (typed in lower case).
    await protectedCard.getByRole("button", { name: "Show the recovery key" }).click();
    assert.equal((await sheet.locator(".recovery-key").textContent()).trim(), recoveryKey);
    await sheet.getByRole("button", { name: "I have kept it" }).click();
    await page.getByRole("button", { name: "Lock", exact: true }).click();
    await unlock(page, recoveryKey.toLowerCase());
    await page.getByRole("cell", { name: "Zephyr-Confidential-Programme" }).waitFor();

    // Auto-lock: one minute without use locks the workspace.
    await protectedCard.locator("#auto-lock").selectOption("1");
    await page.clock.fastForward(59_000);
    assert.equal(await unlockScreen(page).count(), 0, "locked too early");
    await page.clock.fastForward(2_000);
    await unlockScreen(page).getByText("Locked after 1 minute without use.").waitFor();
    await unlock(page, NEW_PASSPHRASE);
    await page.getByRole("cell", { name: "Zephyr-Confidential-Programme" }).waitFor();
    assert.deepEqual(page.problems, []);
  } finally {
    await context.close();
  }
});
