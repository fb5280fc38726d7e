// Sealed bundles and work packages (issue 13, items 3 and 4): a team of three in three
// browser contexts. The lead plans an audit, assigns items to two auditors and exports a
// work package for each; each auditor imports theirs (downloaded, then chosen as a file)
// into their own browser, records results and exports a result package; the lead changes
// one of the same items meanwhile, merges both (the conflict is shown side by side and
// must be chosen), and merging a package again changes nothing. After a reload the merged
// work is there. A tampered workspace bundle is refused naming the item; the intact one
// restores into a fourth, empty browser, encrypted under a passphrase (a wrong one opens
// nothing).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createProgramme, newPage, saved, shot, signIn, startAudit, suite } from "./harness.mjs";

const env = suite();

/** Clicks `button` and returns the text of the file it downloads. */
async function downloaded(page, button) {
  const waiting = page.waitForEvent("download");
  await button.click();
  const download = await waiting;
  return { name: download.suggestedFilename(), text: await readFile(await download.path(), "utf8") };
}

/** Chooses `file` in the start page's bundle import and imports it. */
async function importFile(page, file) {
  await page.goto(env.server.url);
  await page.locator("bundle-panel #bundle-file").setInputFiles({ name: file.name, mimeType: "application/json", buffer: Buffer.from(file.text) });
  await page.locator("bundle-panel #import-bundle").click();
}

async function member(name, pkg, criterion, result, notes) {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await newPage(context);
  await page.goto(env.server.url);
  await signIn(page, name);
  await importFile(page, pkg);
  await page.getByRole("heading", { name: "Team audit 2027" }).waitFor();
  // Only their own items came.
  assert.equal(await page.locator(`[id="result-${criterion}"]`).count(), 1);
  assert.equal(await page.locator("tr[data-criterion]").count(), 1, `${name} sees only their item`);
  await saved(page, () => page.locator(`[id="result-${criterion}"]`).selectOption(result));
  await page.locator(`[id="notes-${criterion}"]`).fill(notes);
  await saved(page, () => page.locator(`[id="notes-${criterion}"]`).blur());
  const back = await downloaded(page, page.locator("#export-result-package"));
  assert.match(back.name, /result package/);
  return { context, page, back };
}

test("a team of three works offline and the lead merges; reload keeps it", { timeout: 300_000 }, async () => {
  const contexts = [];
  try {
    const leadContext = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
    contexts.push(leadContext);
    const lead = await newPage(leadContext);
    await lead.goto(env.server.url);
    await signIn(lead, "Ana Lead");
    await createProgramme(lead, { name: "Team programme 2027", start: "2027-01-01", end: "2027-12-31", owner: "Ana Lead" });
    await startAudit(lead, { title: "Team audit 2027", auditee: "Muster GmbH", start: "2027-04-01", end: "2027-04-02", controls: ["A.8.8", "A.8.13"] });

    // The team and who audits what; a work package for each auditor.
    await lead.locator("#conduct-link").click();
    await lead.locator("#tab-team").click();
    await lead.locator("#member-0-name").fill("Ana Lead");
    await lead.locator("#member-0-role").selectOption("lead_auditor");
    await lead.locator("#member-1-name").fill("Bo Auditor");
    await lead.getByRole("button", { name: "Save team" }).click();
    await lead.locator("#member-2-name").waitFor();
    await lead.locator("#member-2-name").fill("Cy Auditor");
    await lead.getByRole("button", { name: "Save team" }).click();
    await lead.locator("#member-4-name").waitFor();
    await lead.locator('[id="assign-A.8.8"]').selectOption("Bo Auditor");
    await lead.locator('[id="assign-A.8.13"]').selectOption("Cy Auditor");
    await lead.getByRole("button", { name: "Save assignments" }).click();
    const workPackages = lead.getByRole("region", { name: "Work packages" });
    await workPackages.waitFor();
    await shot(lead, "bundles-01-work-packages");
    const forBo = await downloaded(lead, workPackages.getByRole("button", { name: /Bo Auditor/ }));
    const forCy = await downloaded(lead, workPackages.getByRole("button", { name: /Cy Auditor/ }));
    assert.match(forBo.name, /work package for Bo Auditor.*\.isms-audit$/);
    assert.ok(!forBo.text.includes("A.8.13\",\"title"), "Bo's package holds only Bo's item");

    // Each auditor in their own browser.
    const bo = await member("Bo Auditor", forBo, "A.8.8", "nonconforming", "Patch backlog of 40 days on two servers.");
    contexts.push(bo.context);
    await shot(bo.page, "bundles-02-member-audit");
    const cy = await member("Cy Auditor", forCy, "A.8.13", "conforming", "Restore test of 3 systems sampled; all passed.");
    contexts.push(cy.context);

    // The lead works on Cy's item meanwhile: a conflict.
    await lead.goto(env.server.url);
    await lead.getByRole("button", { name: "Team programme 2027" }).click();
    await lead.getByRole("button", { name: "Team audit 2027" }).click();
    await lead.locator('[id="notes-A.8.13"]').fill("Lead: restore logs requested.");
    await saved(lead, () => lead.locator('[id="notes-A.8.13"]').blur());

    // Bo's result: taken in without questions.
    await importFile(lead, bo.back);
    const review = lead.locator("#merge-review");
    await review.waitFor();
    assert.equal(await review.locator("tr.conflict").count(), 0);
    await review.getByText("Patch backlog of 40 days").waitFor();
    await lead.locator("#merge").click();
    await lead.locator("#bundle-outcome").getByText("from Bo Auditor was merged").waitFor();

    // Cy's result: the item changed on both sides is shown side by side and must be chosen.
    await importFile(lead, cy.back);
    await review.waitFor();
    const conflict = review.locator("tr.conflict");
    assert.equal(await conflict.count(), 1);
    await conflict.getByText("Lead: restore logs requested.").waitFor();
    await conflict.getByText("Restore test of 3 systems sampled").waitFor();
    await shot(lead, "bundles-03-merge-review");
    await lead.locator("#merge").click();
    await lead.getByRole("alert").getByText("changed both here and by Cy Auditor").waitFor();
    await conflict.getByLabel("Take theirs").check();
    await lead.locator("#merge").click();
    await lead.locator("#bundle-outcome").getByText("from Cy Auditor was merged").waitFor();

    // The same package again changes nothing.
    await importFile(lead, bo.back);
    await review.getByText("Nothing in it is new here").waitFor();
    await lead.locator("#merge").click();
    await lead.getByRole("alert").getByText("was merged already").waitFor();

    // The trail holds one entry per merge; a reload keeps the merged work.
    await lead.reload();
    await lead.getByRole("button", { name: "Team programme 2027" }).click();
    await lead.getByRole("button", { name: "Team audit 2027" }).click();
    assert.equal(await lead.locator('[id="result-A.8.8"]').inputValue(), "nonconforming");
    assert.equal(await lead.locator('[id="notes-A.8.8"]').inputValue(), "Patch backlog of 40 days on two servers.");
    assert.equal(await lead.locator('[id="notes-A.8.13"]').inputValue(), "Restore test of 3 systems sampled; all passed.");
    await shot(lead, "bundles-04-merged");

    // A workspace bundle: tampered, it is refused naming the item; intact, it restores.
    await lead.goto(env.server.url);
    const bundle = await downloaded(lead, lead.locator("#export-workspace-bundle"));
    const file = JSON.parse(bundle.text);
    const item = Object.keys(file.items).find((k) => k.startsWith("records/checklist/") && k.endsWith("A.8.8"));
    const tampered = structuredClone(file);
    tampered.items[item].notes = "Patch backlog of 4 days on two servers.";
    const freshContext = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
    contexts.push(freshContext);
    const fresh = await newPage(freshContext);
    await fresh.goto(env.server.url);
    await signIn(fresh, "Dee Reviewer");
    const bad = { name: "tampered.isms-audit", text: JSON.stringify(tampered) };
    await fresh.locator("bundle-panel #bundle-file").setInputFiles({ name: bad.name, mimeType: "application/json", buffer: Buffer.from(bad.text) });
    await fresh.locator("bundle-panel #import-bundle").click();
    const refusal = fresh.getByRole("alert").filter({ hasText: "The bundle was not imported" });
    await refusal.waitFor();
    assert.ok((await refusal.textContent()).includes(item), "the failed item is named");
    assert.match(await refusal.textContent(), /expected SHA-256 [0-9a-f]{64}, found [0-9a-f]{64}/);
    await shot(fresh, "bundles-05-tampered");
    // Encrypted under a passphrase: the wrong one opens nothing, the right one restores.
    await lead.locator("#bundle-passphrase").fill("correct horse battery staple");
    const encrypted = await downloaded(lead, lead.locator("#export-workspace-bundle"));
    assert.match(encrypted.name, /encrypted\.isms-audit$/);
    assert.ok(!encrypted.text.includes("Patch backlog"), "nothing readable in the encrypted file");
    await importFile(fresh, encrypted);
    await fresh.getByRole("alert").getByText("This file is encrypted").waitFor();
    await fresh.locator("#bundle-passphrase").fill("wrong horse battery staple");
    await fresh.locator("bundle-panel #bundle-file").setInputFiles({ name: encrypted.name, mimeType: "application/json", buffer: Buffer.from(encrypted.text) });
    await fresh.locator("bundle-panel #import-bundle").click();
    await fresh.getByRole("alert").getByText("This passphrase does not open the bundle").waitFor();
    await fresh.locator("#bundle-passphrase").fill("correct horse battery staple");
    await fresh.locator("bundle-panel #import-bundle").click();
    await fresh.locator("#bundle-outcome").getByText("verified and restored").waitFor();
    await shot(fresh, "bundles-06-encrypted-restored");
    await fresh.reload();
    await fresh.getByRole("button", { name: "Team programme 2027" }).waitFor();

    for (const p of [lead, bo.page, cy.page, fresh]) assert.deepEqual(p.problems, []);
  } finally {
    for (const c of contexts) await c.close();
  }
});
